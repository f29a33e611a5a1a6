"""Processed files leave the inbox for archive/<department>/<YYYY-MM>/, keep their lineage, and a re-sent one is a no-op."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from bijie_etl.ingest.template import HEADER as TEMPLATE_HEADER
from bijie_etl.run import run_nightly
from bijie_etl.settings import Settings
from spreadsheets import write_xlsx

AS_OF = date(2024, 11, 15)
HEADER = [label for label, _field in TEMPLATE_HEADER]  # the template's header, written once


def _coal(path: Path, month: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    row = [
        "coal_output",
        "煤炭产量",
        "万吨",
        f"2024-{month:02d}",
        "全市",
        600.0,
        600.0 * month,
        None,
        None,
        None,
        None,
    ]
    return write_xlsx(path, {"数据": [HEADER, row]})


def _log(settings: Settings) -> list[tuple[object, ...]]:
    with duckdb.connect(str(settings.database_path), read_only=True) as con:
        return con.execute(
            "SELECT file_name, status, path, archived_path, sha256 FROM v_submission_log ORDER BY file_name"
        ).fetchall()


def test_processed_files_are_archived_with_their_lineage_and_a_resent_one_is_a_no_op(tmp_path: Path) -> None:
    """A good and a corrupt file both move to archive/能源局/<month received>/ with the path in v_submission_log; the same bytes sent again load nothing and leave the inbox empty."""
    settings = Settings(
        inbox_dir=tmp_path / "inbox", warehouse_dir=tmp_path / "warehouse", archive_processed=True
    )
    good = _coal(settings.inbox_dir / "能源局" / "能源局_2024-09.xlsx", 9)
    content = good.read_bytes()
    bad = settings.inbox_dir / "能源局" / "补报.xlsx"
    bad.write_bytes(b"PK\x03\x04 not a workbook" * 20)

    first = run_nightly(settings, AS_OF, notify=False).as_dict()

    assert first["files_archived"] == 2
    assert [p for p in settings.inbox_dir.rglob("*") if p.is_file()] == []
    log = _log(settings)
    assert [(name, status) for name, status, *_ in log] == [
        ("能源局/能源局_2024-09.xlsx", "loaded"),
        ("能源局/补报.xlsx", "rejected"),
    ]
    for name, _status, original, archived, _sha in log:
        assert original == str(settings.inbox_dir / name)
        archived_path = Path(str(archived))
        assert archived_path.parent.parent == tmp_path / "archive" / "能源局"
        assert len(archived_path.parent.name) == 7  # YYYY-MM, the month it was received
        assert archived_path.name == Path(name).name
        assert archived_path.is_file()
    assert Path(str(log[0][3])).read_bytes() == content

    # The department sends the same file again: nothing new is loaded, and it leaves the inbox too.
    (settings.inbox_dir / "能源局").mkdir(exist_ok=True)
    (settings.inbox_dir / "能源局" / "能源局_2024-09.xlsx").write_bytes(content)
    second = run_nightly(settings, AS_OF, notify=False).as_dict()

    assert second["files_unchanged"] == 1
    assert second["rows_loaded"] == 0
    assert [p for p in settings.inbox_dir.rglob("*") if p.is_file()] == []
    assert _log(settings) == log
    archived_files = sorted(p.name for p in (tmp_path / "archive").rglob("*") if p.is_file())
    assert archived_files == ["能源局_2024-09.xlsx", "补报.xlsx"]
    with duckdb.connect(str(settings.database_path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM observations").fetchone() == (1,)


def test_a_backfill_folder_is_never_moved(tmp_path: Path) -> None:
    """Backfill files (a folder outside the inbox) are read where they are and stay there."""
    settings = Settings(
        inbox_dir=tmp_path / "inbox", warehouse_dir=tmp_path / "warehouse", archive_processed=True
    )
    settings.inbox_dir.mkdir()
    source = _coal(tmp_path / "data" / "能源局" / "能源局_2024-03.xlsx", 3)
    run_nightly(settings, AS_OF, inbox=tmp_path / "data", notify=False, kind="backfill")
    assert source.is_file()
    assert not (tmp_path / "archive").exists()


def test_archiving_is_on_by_default() -> None:
    """Out of the box (no BIJIE_ARCHIVE_PROCESSED), processed files are archived beside the inbox."""
    assert Settings.model_fields["archive_processed"].default is True
    assert Settings(inbox_dir=Path("/srv/bijie/inbox")).archive_root == Path("/srv/bijie/archive")
