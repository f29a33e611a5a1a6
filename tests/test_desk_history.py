"""The desk's dry run checks against the live warehouse (under the writer lock's rules), not a stale published copy."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from bijie_etl.desk.upload import HistoryCache
from bijie_etl.run import Run
from bijie_etl.warehouse.locking import writer_lock
from desking import AS_OF, energy_rows, make_world, serve_desk
from spreadsheets import write_xlsx

JULY = date(2024, 7, 20)


def _upload_id(url: object) -> str:
    return str(url).rstrip("/").split("/")[-1]


def test_dry_run_sees_a_load_that_was_never_published(tmp_path: Path) -> None:
    """June loaded by a run that did not publish: re-uploading June says 'already loaded' and a July 1-7月 below June's 1-6月 is ytd_decreased, as the nightly run would say; the stale copy would say neither."""
    settings = make_world(tmp_path, months=5)  # January–May loaded and published
    published = settings.analytics_path.stat().st_mtime_ns
    june = write_xlsx(settings.inbox_dir / "能源局" / "能源局_2024-06.xlsx", {"数据": energy_rows(6)})
    with Run(settings, AS_OF) as run:  # loads June and ends without publishing (as a run failing at the end)
        assert run.ingest().rows_loaded > 0
    assert settings.analytics_path.stat().st_mtime_ns == published
    july = write_xlsx(
        tmp_path / "能源局_2024-07.xlsx", {"数据": energy_rows(7, coal_ytd=2800.0)}
    )  # June: 3000

    stale = HistoryCache(settings.analytics_path).get()  # the published copy: only up to May
    assert stale is not None
    assert {p.month for p in stale["period"]} == {1, 2, 3, 4, 5}

    with serve_desk(settings, as_of=JULY) as desk:
        c = desk.client()
        c.login("energy1")
        again = desk.store.get_upload(_upload_id(c.upload("energy", june).url))
        assert again is not None
        assert again.result["history"] == "live"
        assert again.result["already_loaded"] is True
        page = c.upload("energy", july, name="能源局_2024-07.xlsx")
        checked = desk.store.get_upload(_upload_id(page.url))
        assert checked is not None
        codes = [p["问题代码"] for p in checked.result["problems"]]
        assert "ytd_decreased" in codes, checked.result["problems"]
        message = next(p["问题说明"] for p in checked.result["problems"] if p["问题代码"] == "ytd_decreased")
        assert "2024年6月" in message
        assert "history-note" not in page.text


def test_while_a_run_holds_the_warehouse_the_dry_run_answers_at_once_from_the_published_copy(
    tmp_path: Path,
) -> None:
    """With the writer lock held (a run loading), an upload is checked within seconds against the published copy, and the page says so."""
    settings = make_world(tmp_path, months=5)
    june = write_xlsx(tmp_path / "能源局_2024-06.xlsx", {"数据": energy_rows(6)})
    with serve_desk(settings, as_of=AS_OF) as desk:
        c = desk.client()
        c.login("energy1")
        with writer_lock(settings.lock_path, timeout=5):
            started = time.monotonic()
            page = c.upload("energy", june)
            seconds = time.monotonic() - started
        upload = desk.store.get_upload(_upload_id(page.url))
        assert upload is not None
        assert seconds < 60  # the desk takes the lock with timeout 0: had it waited, it would hang here
        assert upload.result["history"] == "published"
        assert upload.status == "loaded"
        assert "检查时夜间任务正在入库" in page.text
        # Once the run let go, the next check reads the warehouse itself again.
        again = desk.store.get_upload(_upload_id(c.upload("energy", june).url))
        assert again is not None
        assert again.result["history"] == "live"
