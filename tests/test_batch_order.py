"""A file is checked as if the files before it had been loaded one at a time: batch size changes no failure."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from bijie_etl.ingest.template import HEADER as TEMPLATE_HEADER
from bijie_etl.run import run_nightly
from bijie_etl.settings import Settings
from spreadsheets import write_xlsx

AS_OF = date(2024, 11, 15)
HEADER = [label for label, _field in TEMPLATE_HEADER]
COAL = ("coal_output", "煤炭产量", "万吨")
POWER = ("power_generation", "发电量", "亿千瓦时")

#: (file under the inbox, rows of (target, month, county, 本月, 1-本月累计)) in run (path) order.
#: 统计局 sorts before 能源局: its coal row (not its to report) comes first and must feed nothing.
FILES: list[tuple[str, list[tuple[tuple[str, str, str], int, str, float, float]]]] = [
    ("统计局/统计局_2024-06.xlsx", [(COAL, 6, "大方县", 50.0, 50.0)]),
    (
        "能源局/01_2024-01.xlsx",
        [(COAL, 1, "全市", 600.0, 600.0), (COAL, 1, "大方县", 100.0, 100.0), (POWER, 1, "全市", 45.0, 45.0)],
    ),
    (
        "能源局/02_2024-02.xlsx",
        [(COAL, 2, "全市", 600.0, 1200.0), (COAL, 2, "大方县", 100.0, 200.0), (POWER, 2, "全市", 45.0, 90.0)],
    ),
    # 累计 1900 is not Σ本月 1800 (January and February from the files before): a warning, loaded.
    (
        "能源局/03_2024-03.xlsx",
        [
            (COAL, 3, "全市", 600.0, 1900.0),
            (COAL, 3, "大方县", 100.0, 300.0),
            (POWER, 3, "全市", 45.0, 135.0),
        ],
    ),
    # 1700 < March's 1900: rejected. Power leaps from 135 to 600 (by pace 180): guard_ytd_jump.
    (
        "能源局/04_2024-04.xlsx",
        [
            (COAL, 4, "全市", 600.0, 1700.0),
            (COAL, 4, "大方县", 100.0, 400.0),
            (POWER, 4, "全市", 45.0, 600.0),
        ],
    ),
    # 1850 < March's 1900 (April's 1700 was rejected, so it is not history): rejected again.
    ("能源局/05_2024-05.xlsx", [(COAL, 5, "全市", 600.0, 1850.0), (COAL, 5, "大方县", 100.0, 500.0)]),
    # March corrected to 1800: this later file's value is March's from now on.
    ("能源局/06_2024-03更正.xlsx", [(COAL, 3, "全市", 600.0, 1800.0)]),
    # 1850 ≥ the corrected March 1800 (not the superseded 1900); 大方县's June (统计局, refused) is
    # unknown, so July's Σ本月 is not checked (with it, 650 ≠ 700 would warn).
    ("能源局/07_2024-07.xlsx", [(COAL, 6, "全市", 50.0, 1850.0), (COAL, 7, "大方县", 100.0, 700.0)]),
]


def _inbox(root: Path) -> Path:
    inbox = root / "inbox"
    for name, rows in FILES:
        path = inbox / name
        path.parent.mkdir(parents=True, exist_ok=True)
        sheet = [HEADER]
        for (code, label, unit), month, county, value_month, value_ytd in rows:
            sheet.append(
                [
                    code,
                    label,
                    unit,
                    f"2024-{month:02d}",
                    county,
                    value_month,
                    value_ytd,
                    None,
                    None,
                    None,
                    None,
                ]
            )
        write_xlsx(path, {"数据": sheet})
    return inbox


def _run(
    root: Path, inbox: Path, batch_size: int
) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    settings = Settings(
        inbox_dir=inbox, warehouse_dir=root / f"warehouse-{batch_size}", batch_size=batch_size
    )
    run_nightly(settings, AS_OF, notify=False)
    with duckdb.connect(str(settings.database_path), read_only=True) as con:
        failures = con.execute(
            "SELECT file, code, severity, cell, message_zh FROM failures ORDER BY file, cell, code"
        ).fetchall()
        observations = con.execute(
            "SELECT source_file, indicator_code, period, county, value_month, value_ytd, superseded_at IS NULL"
            " FROM observations ORDER BY ALL"
        ).fetchall()
    return failures, observations


@pytest.fixture(scope="module")
def runs(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[int, tuple[list[tuple[object, ...]], list[tuple[object, ...]]]]:
    root = tmp_path_factory.mktemp("order")
    inbox = _inbox(root)
    return {size: _run(root, inbox, size) for size in (1, 1000)}


def test_one_file_per_batch_and_one_batch_give_the_same_failures_and_observations(runs: dict) -> None:
    """The same inbox ingested one file per batch and in a single batch records identical failures (code, file, cell, message) and observations."""
    assert runs[1000][0] == runs[1][0]
    assert runs[1000][1] == runs[1][1]


def test_earlier_files_of_the_batch_are_history(runs: dict) -> None:
    """In one batch, 累计 is checked against earlier files' accepted rows (the later of two winning), never their rejected or refused rows."""
    failures, observations = runs[1000]
    found = {(file, code, cell) for file, code, _severity, cell, _message in failures}
    assert found == {
        ("统计局/统计局_2024-06.xlsx", "indicator_not_owned", "G2"),
        ("能源局/03_2024-03.xlsx", "ytd_sum_mismatch", "G2"),
        ("能源局/04_2024-04.xlsx", "ytd_decreased", "G2"),
        ("能源局/04_2024-04.xlsx", "ytd_sum_mismatch", "G2"),
        ("能源局/04_2024-04.xlsx", "guard_ytd_jump", "G4"),
        ("能源局/04_2024-04.xlsx", "ytd_sum_mismatch", "G4"),
        ("能源局/05_2024-05.xlsx", "ytd_decreased", "G2"),
    }
    messages = {(file, code): message for file, code, _severity, _cell, message in failures}
    assert "1800" in messages[("能源局/03_2024-03.xlsx", "ytd_sum_mismatch")]
    # May is compared with March (already loaded), not with the rejected April.
    may = messages[("能源局/05_2024-05.xlsx", "ytd_decreased")]
    assert "2024年3月" in may
    assert "1900" in may
    assert "已入库数据" in may
    current = {
        (file, code, period.month, county): ytd
        for file, code, period, county, _m, ytd, now in observations
        if now
    }
    assert current[("能源局/06_2024-03更正.xlsx", "coal_output", 3, "全市")] == 1800.0
    assert current[("能源局/07_2024-07.xlsx", "coal_output", 6, "全市")] == 1850.0


def test_full_garbage_collections_are_rare_while_files_are_ingested(tmp_path: Path) -> None:
    """While batches are ingested Python's full collection waits for 100 middle-generation passes; the thresholds are given back after."""
    import gc

    from bijie_etl.run import Steps, ingest_batch

    seen: list[tuple[int, int, int]] = []

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.get_threshold())
        return ingest_batch(*args, **kwargs)  # type: ignore[arg-type]

    before = gc.get_threshold()
    settings = Settings(inbox_dir=_inbox(tmp_path), warehouse_dir=tmp_path / "warehouse", batch_size=4)
    run_nightly(settings, AS_OF, notify=False, steps=Steps(ingest_batch=spy))  # type: ignore[arg-type]
    # (young objects every 10,000 allocations for the whole run: bijie_etl.collector.collector_for_run)
    assert seen == [(max(before[0], 10_000), before[1], max(before[2], 100))] * 2
    assert gc.get_threshold() == before


def test_duckdb_runs_on_one_thread_while_files_are_ingested(tmp_path: Path) -> None:
    """Every batch is checked and loaded with DuckDB on one thread (set once for the run's batches,
    not per batch) and the raised write-ahead log limit (one checkpoint after the batches, taken in a
    thread while the run assesses and renders); the run gets the settings back once it is done, before
    it records its end and publishes."""
    from bijie_etl.run import Steps, ingest_batch, publish_step

    during: list[int] = []
    after: list[int] = []
    limits: list[str] = []

    def threads(warehouse: Any) -> int:
        return int(warehouse.con.execute("SELECT current_setting('threads')").fetchall()[0][0])

    def spy(*args: Any, **kwargs: Any) -> Any:
        during.append(threads(kwargs["warehouse"]))
        limits.append(
            kwargs["warehouse"].con.execute("SELECT current_setting('checkpoint_threshold')").fetchall()[0][0]
        )
        return ingest_batch(*args, **kwargs)

    def publish(warehouse: Any, *args: Any, **kwargs: Any) -> Any:
        after.append(threads(warehouse))
        return publish_step(warehouse, *args, **kwargs)

    settings = Settings(inbox_dir=_inbox(tmp_path), warehouse_dir=tmp_path / "warehouse", batch_size=4)
    run_nightly(settings, AS_OF, notify=False, steps=Steps(ingest_batch=spy, publish=publish))
    default = int(duckdb.connect().execute("SELECT current_setting('threads')").fetchall()[0][0])
    assert during == [1, 1]
    assert after == [default]
    assert limits == ["64.0 MiB"] * 2


def test_a_batch_after_skip_unchanged_still_finds_a_recorded_file_by_its_content(tmp_path: Path) -> None:
    """ingest_batch told that the unchanged files were set aside (``set_aside``, as Run.ingest does)
    looks no file up by its stamps, yet a file recorded since is still unchanged (its sha256)."""
    from bijie_etl.ingest.submission import SubmissionStatus
    from bijie_etl.run import Run, ingest_batch

    settings = Settings(inbox_dir=_inbox(tmp_path), warehouse_dir=tmp_path / "warehouse", batch_size=4)
    first = run_nightly(settings, AS_OF, notify=False)
    assert first.files.rows_loaded > 0
    paths = sorted(p for p in settings.inbox_dir.rglob("*.xlsx"))
    with Run(settings, AS_OF) as run:
        again = ingest_batch(
            paths,
            warehouse=run.warehouse,
            catalog=run.catalog,
            settings=settings,
            as_of=AS_OF,
            run_id=run.run_id,
            inbox=settings.inbox_dir,
            set_aside=True,
        )
    assert [f.status for f in again.files] == [SubmissionStatus.DUPLICATE] * len(paths)
    assert again.rows_loaded == 0
