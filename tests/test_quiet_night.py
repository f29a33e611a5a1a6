"""Quiet nights (issue #19): when nothing the outputs show has changed, the dashboard and the analytics
copy are not rebuilt; a date that crosses a deadline, a new file or a missing output rebuilds them."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from bijie_etl.run import run_nightly
from bijie_etl.settings import Settings
from desking import energy_rows
from spreadsheets import write_xlsx

_MICROSECOND = timedelta(microseconds=1)


def _world(tmp_path: Path) -> Settings:
    settings = Settings(
        warehouse_dir=tmp_path / "warehouse", inbox_dir=tmp_path / "inbox", alert_storm_share=1.0
    )
    folder = settings.inbox_dir / "能源局"
    folder.mkdir(parents=True)
    write_xlsx(folder / "能源局_2024-01.xlsx", {"数据": energy_rows(1)})
    return settings


def _mtime(path: Path) -> int:
    return path.stat().st_mtime_ns


def test_a_quiet_night_restamps_the_page_and_keeps_the_analytics_copy(tmp_path: Path) -> None:
    """The night after a load, with no new file and nothing due yet, the page only gets the new date and the analytics copy is left as it was."""
    settings = _world(tmp_path)
    first = run_nightly(settings, date(2024, 1, 20), notify=False)
    assert not first.outputs_unchanged
    assert first.dashboard_path is not None
    page, copy = first.dashboard_path, settings.analytics_path
    copy_mtime = _mtime(copy)
    before = page.read_text(encoding="utf-8")

    second = run_nightly(settings, date(2024, 1, 21), notify=False)

    assert second.outputs_unchanged
    assert second.as_dict()["outputs_unchanged"] is True
    assert _mtime(copy) == copy_mtime  # not re-published
    after = page.read_text(encoding="utf-8")
    assert "2024年1月21日" in after
    assert "2024年1月20日" not in after
    # Nothing but the date moved: the same page as a full render on the 20th, with the 21st on it.
    assert after == before.replace("2024年1月20日", "2024年1月21日")


def test_a_date_crossing_a_deadline_rebuilds_the_outputs(tmp_path: Path) -> None:
    """With no new file, a night past the 10 March deadline for 1-2月's data is not quiet: departments become 迟报 and
    both outputs are rebuilt. (January alone is never due: it comes with February, so 11 February is quiet.)"""
    settings = _world(tmp_path)
    run_nightly(settings, date(2024, 1, 20), notify=False)
    assert run_nightly(settings, date(2024, 1, 21), notify=False).outputs_unchanged
    copy_mtime = _mtime(settings.analytics_path)

    assert run_nightly(settings, date(2024, 2, 11), notify=False).outputs_unchanged
    late = run_nightly(settings, date(2024, 3, 11), notify=False)

    assert not late.outputs_unchanged
    assert late.dashboard_path is not None
    html = late.dashboard_path.read_text(encoding="utf-8")
    assert "迟报" in html
    assert "2024年3月11日" in html
    assert _mtime(settings.analytics_path) != copy_mtime
    # The next night with nothing due in between is quiet again only if the page would not change:
    # the late departments' days overdue grow every day, so the 12th is rebuilt too.
    assert not run_nightly(settings, date(2024, 3, 12), notify=False).outputs_unchanged


def test_a_new_file_or_a_missing_output_is_never_a_quiet_night(tmp_path: Path) -> None:
    """A file arriving, a deleted analytics copy or a page written by something else (a what-if) each make the next night rebuild."""
    settings = _world(tmp_path)
    run_nightly(settings, date(2024, 1, 20), notify=False)

    write_xlsx(settings.inbox_dir / "能源局" / "补报.xlsx", {"数据": energy_rows(1, coal_ytd=480.0)})
    assert not run_nightly(settings, date(2024, 1, 21), notify=False).outputs_unchanged

    settings.analytics_path.unlink()
    again = run_nightly(settings, date(2024, 1, 21), notify=False)
    assert not again.outputs_unchanged
    assert settings.analytics_path.is_file()

    assert again.dashboard_path is not None
    again.dashboard_path.write_text("<html>假设分析</html>", encoding="utf-8")
    last = run_nightly(settings, date(2024, 1, 21), notify=False)
    assert not last.outputs_unchanged
    assert "假设分析</html>" not in last.dashboard_path.read_text(encoding="utf-8")  # type: ignore[union-attr]


def test_the_run_record_counts_unchanged_files_without_listing_them(tmp_path: Path) -> None:
    """runs.summary lists the files a night recorded, and only counts the ones already recorded (a quiet night with the inbox kept lists none)."""
    import json

    import duckdb

    settings = Settings(
        warehouse_dir=tmp_path / "warehouse",
        inbox_dir=tmp_path / "inbox",
        alert_storm_share=1.0,
        archive_processed=False,
    )
    folder = settings.inbox_dir / "能源局"
    folder.mkdir(parents=True)
    write_xlsx(folder / "能源局_2024-01.xlsx", {"数据": energy_rows(1)})
    run_nightly(settings, date(2024, 1, 20), notify=False)
    second = run_nightly(settings, date(2024, 1, 21), notify=False)
    assert second.as_dict()["files"][0]["status"] == "duplicate"  # the CLI's and flows' view keeps it

    with duckdb.connect(str(settings.database_path), read_only=True) as con:
        rows = con.execute("SELECT summary FROM runs ORDER BY run_id").fetchall()
    first_summary, second_summary = (json.loads(r[0]) for r in rows)
    assert [f["file"] for f in first_summary["files"]] == ["能源局/能源局_2024-01.xlsx"]
    assert first_summary["files_loaded"] == 1
    assert second_summary["files"] == []
    assert (second_summary["files_seen"], second_summary["files_unchanged"]) == (1, 1)


def test_stamps_in_bulk_equal_the_recorded_received_at_to_the_microsecond() -> None:
    """The column of modification times a quiet night compares is, to the microsecond, what ``datetime.fromtimestamp`` records, ties and pre-1992 summer time included."""
    import random
    from datetime import datetime

    from bijie_etl.ingest.discover import beijing_micros
    from bijie_etl.settings import TZ

    rng = random.Random(19)
    recent = [rng.uniform(700_000_000, 2_000_000_000) for _ in range(20_000)]
    ties = [1_700_000_000 + k / 2**21 for k in range(0, 2**21, 4_099)]  # exact half microseconds among them
    old = [517_000_000.25, 650_000_000.5]  # Beijing summer time (1986-1991): UTC+9
    for times in (recent + ties, old + recent[:10]):
        epoch = datetime(1970, 1, 1)
        want = [
            (datetime.fromtimestamp(t, tz=TZ).replace(tzinfo=None) - epoch) // _MICROSECOND for t in times
        ]
        assert beijing_micros(times).tolist() == want
