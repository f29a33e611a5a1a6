"""The warehouse: migrations, atomic idempotent loads, history, lineage and analyst views."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from bijie_etl.errors import Code, Failure, Severity
from bijie_etl.ingest.submission import SubmissionStatus
from bijie_etl.months import deadline
from bijie_etl.warehouse.store import MigrationFailed, Warehouse
from warehousing import SQL_DIR, build_demo, failure, make_catalog, obs, submission, table_counts

MARCH = date(2024, 3, 1)
CORE_VIEWS = [
    "v_observation_current",
    "v_observation_history",
    "v_submission_log",
    "v_rejected_rows",
    "v_missing_submissions",
]


@pytest.fixture
def wh(tmp_path: Path) -> Warehouse:
    with Warehouse(tmp_path / "bijie.duckdb", SQL_DIR) as warehouse:
        warehouse.migrate()
        warehouse.sync_catalog(make_catalog())
        yield warehouse


@pytest.fixture
def run_id(wh: Warehouse) -> int:
    return wh.start_run(date(2024, 4, 20), "test")


def history(wh: Warehouse) -> list[tuple]:
    return wh.con.execute(
        "SELECT indicator_code, county, version, value, source_file, is_current, superseded_by_file "
        "FROM v_observation_history ORDER BY indicator_code, county, period, version"
    ).fetchall()


def test_migrate_applies_every_numbered_file_once(tmp_path: Path) -> None:
    """migrate() applies every migrations/NNN_*.sql in order, records it, and a second call applies nothing."""
    expected = sorted(p.stem for p in (SQL_DIR / "migrations").glob("[0-9]*_*.sql"))
    with Warehouse(tmp_path / "w.duckdb", SQL_DIR) as wh:
        assert wh.migrate() == expected
        assert wh.migrate() == []
        assert wh.applied_migrations() == expected


def _schema(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        objects = con.execute(
            "SELECT 'table', table_name, sql FROM duckdb_tables() WHERE database_name = current_database()"
            " UNION ALL SELECT 'view', view_name, sql FROM duckdb_views() WHERE NOT internal AND database_name = current_database()"
            " UNION ALL SELECT 'macro', function_name, macro_definition FROM duckdb_functions()"
            "  WHERE function_type LIKE '%macro%' AND database_name = current_database() ORDER BY 1, 2"
        ).fetchall()
        return [
            *objects,
            *con.execute("SELECT version, checksum FROM schema_migrations ORDER BY 1").fetchall(),
        ]
    finally:
        con.close()


def test_a_second_new_warehouse_is_the_first_one_copied_and_the_same(tmp_path: Path) -> None:
    """A process that makes several new warehouses builds the first and copies its bytes after: same
    tables, views, macros and migration log, a file the next migrate() finds up to date; new migration
    files are built, not copied."""
    with Warehouse(tmp_path / "first.duckdb", SQL_DIR) as wh:
        first = wh.migrate()
    with Warehouse(tmp_path / "second.duckdb", SQL_DIR) as wh:
        assert wh.migrate() == first
        assert wh.migrate() == []
        run = wh.start_run(date(2024, 4, 20), "test")  # a copy is an ordinary writable warehouse
        wh.load_submission(submission("a.xlsx", [obs("gdp_growth", MARCH, 5.1)]), run)
    assert _schema(tmp_path / "second.duckdb") == _schema(tmp_path / "first.duckdb")
    extra = tmp_path / "sql"
    shutil.copytree(SQL_DIR, extra)
    (extra / "migrations" / "999_extra.sql").write_text(
        "CREATE TABLE extra_table (x INTEGER);", encoding="utf-8"
    )
    with Warehouse(tmp_path / "third.duckdb", extra) as wh:
        assert wh.migrate() == [*first, "999_extra"]
        assert wh.con.execute("SELECT count(*) FROM extra_table").fetchone() == (0,)


def test_upgrade_from_previous_migration_keeps_data(tmp_path: Path) -> None:
    """A database built with only 001 applied upgrades in place to all migrations and keeps its rows."""
    old = tmp_path / "old_sql"
    (old / "migrations").mkdir(parents=True)
    shutil.copy(SQL_DIR / "migrations" / "001_core.sql", old / "migrations")
    (old / "views").mkdir()  # today's views need later migrations' tables (catalog years: 006)
    db = tmp_path / "w.duckdb"
    with Warehouse(db, old) as wh:
        assert wh.migrate() == ["001_core"]
        run = wh.start_run(date(2024, 4, 20), "test")
        wh.load_submission(submission("a.xlsx", [obs("gdp_growth", MARCH, 5.1)]), run)
        before = wh.con.execute(
            "SELECT indicator_code, period, county, value, source_file FROM observations"
        ).fetchall()
    with Warehouse(db, SQL_DIR) as wh:
        later = sorted(p.stem for p in (SQL_DIR / "migrations").glob("[0-9]*_*.sql") if p.stem != "001_core")
        assert wh.migrate() == later
        assert (
            wh.con.execute(
                "SELECT indicator_code, period, county, value, source_file FROM observations"
            ).fetchall()
            == before
        )
        assert wh.con.execute("SELECT indicator_code, value FROM v_observation_current").fetchall() == [
            ("gdp_growth", 5.1)
        ]


def test_failed_migration_applies_nothing(tmp_path: Path) -> None:
    """A migration that fails half-way is rolled back and not recorded; the earlier ones stay applied."""
    sql = tmp_path / "sql"
    shutil.copytree(SQL_DIR, sql)
    (sql / "migrations" / "900_broken.sql").write_text(
        "CREATE TABLE half_done (x INTEGER);\nCREATE TABLE oops (;\n"
    )
    with Warehouse(tmp_path / "w.duckdb", sql) as wh:
        with pytest.raises(MigrationFailed, match=r"900_broken\.sql"):
            wh.migrate()
        assert "900_broken" not in wh.applied_migrations()
        assert "001_core" in wh.applied_migrations()
        assert wh.con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'half_done'"
        ).fetchall() == [(0,)]


def test_reloading_the_same_file_is_a_no_op(wh: Warehouse, run_id: int) -> None:
    """Loading a file whose sha256 is already recorded returns DUPLICATE and changes no table."""
    sub = submission("a.xlsx", [obs("gdp_growth", MARCH, 5.1)], failures=[failure("a.xlsx", 4)])
    first = wh.load_submission(sub, run_id)
    counts = table_counts(wh)
    again = wh.load_submission(sub, run_id)
    assert (first.status, again.status, again.submission_id) == (
        SubmissionStatus.PARTIAL,
        SubmissionStatus.DUPLICATE,
        first.submission_id,
    )
    assert (
        table_counts(wh)
        == counts
        == {"submitted_files": 1, "observations": 1, "observation_confirmations": 0, "failures": 1}
    )
    assert wh.is_loaded(sub.sha256)


def test_changed_value_supersedes_and_keeps_history(wh: Warehouse, run_id: int) -> None:
    """A resubmitted different value becomes current; the old one stays with when and by which file it was replaced."""
    wh.load_submission(
        submission(
            "统计局/3月.xlsx", [obs("gdp_growth", MARCH, 5.1), obs("retail_sales_growth", MARCH, 6.0, row=4)]
        ),
        run_id,
    )
    result = wh.load_submission(
        submission("统计局/3月（更正）.xlsx", [obs("gdp_growth", MARCH, 5.3, row=7)]), run_id
    )
    assert (result.rows_new, result.rows_changed, result.rows_unchanged) == (0, 1, 0)
    assert history(wh) == [
        ("gdp_growth", "全市", 1, 5.1, "统计局/3月.xlsx", False, "统计局/3月（更正）.xlsx"),
        ("gdp_growth", "全市", 2, 5.3, "统计局/3月（更正）.xlsx", True, None),
        ("retail_sales_growth", "全市", 1, 6.0, "统计局/3月.xlsx", True, None),
    ]
    old_superseded, new_loaded, new_cell = wh.con.execute(
        "SELECT o.superseded_at, n.loaded_at, n.cell FROM observations o JOIN observations n ON n.observation_id = o.superseded_by"
    ).fetchall()[0]
    assert (old_superseded, new_cell) == (new_loaded, "G7")


def test_identical_value_confirms_without_new_version(wh: Warehouse, run_id: int) -> None:
    """The same value in another file creates no version but records which file and cell repeated it."""
    wh.load_submission(submission("3月.xlsx", [obs("gdp_growth", MARCH, 5.1)]), run_id)
    result = wh.load_submission(
        submission("3月-再次报送.xlsx", [obs("gdp_growth", MARCH, 5.1, row=9)]), run_id
    )
    assert (result.rows_new, result.rows_changed, result.rows_unchanged) == (0, 0, 1)
    assert history(wh) == [("gdp_growth", "全市", 1, 5.1, "3月.xlsx", True, None)]
    assert wh.con.execute(
        "SELECT source_file, sheet, row_number, cell FROM observation_confirmations"
    ).fetchall() == [("3月-再次报送.xlsx", "数据", 9, "G9")]
    assert wh.con.execute(
        "SELECT source_file, confirmations, last_confirmed_file, versions FROM v_observation_current"
    ).fetchall() == [("3月.xlsx", 1, "3月-再次报送.xlsx", 1)]


def test_constraint_violation_mid_file_leaves_no_row(wh: Warehouse, run_id: int) -> None:
    """A file whose 5th row breaks a CHECK constraint writes nothing, and the value it would have superseded stays current."""
    wh.load_submission(submission("3月.xlsx", [obs("gdp_growth", MARCH, 5.1)]), run_id)
    before = table_counts(wh)
    rows = [
        obs("gdp_growth", MARCH, 9.9),
        *(
            obs("gdp_growth", MARCH, 5.0, county=c, row=r)
            for r, c in [(4, "七星关区"), (5, "大方县"), (6, "黔西市")]
        ),
    ]
    rows.append(
        obs("gdp_growth", date(2024, 3, 15), 5.0, county="金沙县", row=7)
    )  # not the first of the month
    bad = submission("坏文件.xlsx", rows, failures=[failure("坏文件.xlsx", 8)])
    with pytest.raises(duckdb.ConstraintException):
        wh.load_submission(bad, run_id)
    assert table_counts(wh) == before
    assert not wh.is_loaded(bad.sha256)
    assert history(wh) == [("gdp_growth", "全市", 1, 5.1, "3月.xlsx", True, None)]


def test_error_after_supersede_rolls_everything_back(wh: Warehouse, run_id: int) -> None:
    """A failure row the database refuses (written last) undoes the file's versions and supersede updates too."""
    wh.load_submission(submission("3月.xlsx", [obs("gdp_growth", MARCH, 5.1)]), run_id)
    before = table_counts(wh)
    broken = Failure(code=Code.VALUE_NOT_NUMBER, message_zh=None, file="更正.xlsx")  # type: ignore[arg-type]
    with pytest.raises(duckdb.ConstraintException):
        wh.load_submission(
            submission("更正.xlsx", [obs("gdp_growth", MARCH, 7.7)], failures=[broken]), run_id
        )
    assert table_counts(wh) == before
    assert history(wh) == [("gdp_growth", "全市", 1, 5.1, "3月.xlsx", True, None)]


def test_batch_load_matches_file_by_file(tmp_path: Path) -> None:
    """Loading files as one batch gives the same versions, lineage and counts as loading them one by one."""
    subs = [
        submission("a.xlsx", [obs("gdp_growth", MARCH, 5.1), obs("retail_sales_growth", MARCH, 6.0, row=4)]),
        submission("b.xlsx", [obs("gdp_growth", MARCH, 5.1, row=5)]),  # confirms a
        submission("c.xlsx", [obs("gdp_growth", MARCH, 5.4)]),  # supersedes a
        submission(
            "d.xlsx", [obs("gdp_growth", MARCH, 5.4, row=6), obs("retail_sales_growth", MARCH, 6.2, row=4)]
        ),
        submission("e.xlsx", [obs("gdp_growth", MARCH, 5.6)], failures=[failure("e.xlsx", 4)]),
    ]
    subs.append(subs[2])  # the same content twice in one batch

    def outcome(db: Path, batched: bool) -> tuple:
        with Warehouse(db, SQL_DIR) as wh:
            wh.migrate()
            run = wh.start_run(date(2024, 4, 20), "test")
            results = (
                wh.load_submissions(subs, run) if batched else [wh.load_submission(s, run) for s in subs]
            )
            confirmations = wh.con.execute(
                "SELECT o.source_file, o.value, c.source_file FROM observation_confirmations c "
                "JOIN observations o USING (observation_id) ORDER BY c.submission_id"
            ).fetchall()
            files = wh.con.execute(
                "SELECT file_name, status, rows_new, rows_changed, rows_unchanged FROM v_submission_log ORDER BY submission_id"
            ).fetchall()
            return (
                history(wh),
                confirmations,
                files,
                [(r.file_name, r.status, r.rows_new, r.rows_changed, r.rows_unchanged) for r in results],
            )

    batched = outcome(tmp_path / "batch.duckdb", True)
    assert batched == outcome(tmp_path / "single.duckdb", False)
    assert batched[0] == [
        ("gdp_growth", "全市", 1, 5.1, "a.xlsx", False, "c.xlsx"),
        ("gdp_growth", "全市", 2, 5.4, "c.xlsx", False, "e.xlsx"),
        ("gdp_growth", "全市", 3, 5.6, "e.xlsx", True, None),
        ("retail_sales_growth", "全市", 1, 6.0, "a.xlsx", False, "d.xlsx"),
        ("retail_sales_growth", "全市", 2, 6.2, "d.xlsx", True, None),
    ]
    assert batched[1] == [("a.xlsx", 5.1, "b.xlsx"), ("c.xlsx", 5.4, "d.xlsx")]
    assert batched[3][-1] == ("c.xlsx", SubmissionStatus.DUPLICATE, 0, 0, 0)


def test_a_batch_over_stored_rows_versions_and_confirms_in_file_order(wh: Warehouse, run_id: int) -> None:
    """Files of one batch over a stored value: a repeat confirms it, a change supersedes it, a repeat of
    the change confirms the change, a return to the first value is a version of its own."""
    wh.load_submission(
        submission("1月.xlsx", [obs("gdp_growth", MARCH, 5.1), obs("coal_output", MARCH, 9.0)]), run_id
    )
    batch = [
        submission("a.xlsx", [obs("gdp_growth", MARCH, 5.1, row=4)]),  # confirms 1月
        submission("b.xlsx", [obs("gdp_growth", MARCH, 5.3, row=5), obs("coal_output", MARCH, 9.0, row=6)]),
        submission("c.xlsx", [obs("gdp_growth", MARCH, 5.3, row=7)]),  # confirms b
        submission("d.xlsx", [obs("gdp_growth", MARCH, 5.1, row=8)]),  # back to 5.1: a new version
    ]
    results = wh.load_submissions(batch, run_id)
    assert [(r.file_name, r.rows_new, r.rows_changed, r.rows_unchanged) for r in results] == [
        ("a.xlsx", 0, 0, 1),
        ("b.xlsx", 0, 1, 1),
        ("c.xlsx", 0, 0, 1),
        ("d.xlsx", 0, 1, 0),
    ]
    assert history(wh) == [
        ("coal_output", "全市", 1, 9.0, "1月.xlsx", True, None),
        ("gdp_growth", "全市", 1, 5.1, "1月.xlsx", False, "b.xlsx"),
        ("gdp_growth", "全市", 2, 5.3, "b.xlsx", False, "d.xlsx"),
        ("gdp_growth", "全市", 3, 5.1, "d.xlsx", True, None),
    ]
    assert wh.con.execute(
        "SELECT c.source_file, o.source_file, o.indicator_code FROM observation_confirmations c "
        "JOIN observations o USING (observation_id) ORDER BY c.source_file"
    ).fetchall() == [
        ("a.xlsx", "1月.xlsx", "gdp_growth"),
        ("b.xlsx", "1月.xlsx", "coal_output"),
        ("c.xlsx", "b.xlsx", "gdp_growth"),
    ]


def test_bad_file_in_a_batch_fails_alone(wh: Warehouse, run_id: int) -> None:
    """A file the database refuses inside a batch is reported with an error; the other files of the batch load."""
    good1 = submission("好1.xlsx", [obs("gdp_growth", MARCH, 5.1)])
    bad = submission("坏.xlsx", [obs("retail_sales_growth", date(2024, 3, 2), 6.0)])
    good2 = submission("好2.xlsx", [obs("coal_output", MARCH, 2100.0)], department="energy")
    results = wh.load_submissions([good1, bad, good2], run_id)
    assert [(r.file_name, r.status, r.submission_id is None, r.error is None) for r in results] == [
        ("好1.xlsx", SubmissionStatus.LOADED, False, True),
        ("坏.xlsx", SubmissionStatus.REJECTED, True, False),
        ("好2.xlsx", SubmissionStatus.LOADED, False, True),
    ]
    assert results[1].error is not None
    assert results[1].error.startswith("入库失败")
    assert wh.con.execute("SELECT file_name FROM submitted_files ORDER BY file_name").fetchall() == [
        ("好1.xlsx",),
        ("好2.xlsx",),
    ]
    assert not wh.is_loaded(bad.sha256)


def test_a_load_runs_duckdb_on_one_thread_and_gives_the_setting_back(wh: Warehouse, run_id: int) -> None:
    """load_submissions sets DuckDB to one thread while it loads (also when a file fails) and restores the setting after."""
    seen: list[int] = []
    load_batch = wh._load_batch

    def spy(subs: list, rid: int) -> list:
        seen.append(int(wh.con.execute("SELECT current_setting('threads')").fetchall()[0][0]))
        return load_batch(subs, rid)

    wh.con.execute("SET threads = 3")
    wh._load_batch = spy  # type: ignore[method-assign]
    good = submission("好.xlsx", [obs("gdp_growth", MARCH, 5.1)])
    bad = submission("坏.xlsx", [obs("retail_sales_growth", date(2024, 3, 2), 6.0)])
    results = wh.load_submissions([good, bad], run_id)
    assert [r.error is None for r in results] == [True, False]
    assert seen == [1, 1, 1]  # the batch, then each file alone
    assert wh.con.execute("SELECT current_setting('threads')").fetchall() == [(3,)]


def test_loads_inside_checkpoint_at_end_are_checkpointed_once_at_its_end(wh: Warehouse, run_id: int) -> None:
    """Inside checkpoint_at_end commits keep their write-ahead log (up to the raised limit) and the block's
    end folds it into the file (in a thread: checkpointed() waits for it); the limit is given back. A block
    that raises leaves it to close()."""
    wal = wh.path.with_name(wh.path.name + ".wal")
    wh.con.execute("SET checkpoint_threshold = '1KiB'")  # each load below would checkpoint at once
    sizes: list[int] = []
    with wh.checkpoint_at_end():
        for i in range(3):
            wh.load_submission(submission(f"{i}.xlsx", [obs("gdp_growth", MARCH, 5.0 + i)]), run_id)
            sizes.append(wal.stat().st_size if wal.exists() else 0)
    wh.checkpointed()
    assert all(size > 0 for size in sizes)
    assert sizes == sorted(sizes)
    assert not wal.exists() or wal.stat().st_size == 0
    assert wh.con.execute("SELECT current_setting('checkpoint_threshold')").fetchall() == [("1.0 KiB",)]

    def failing_batch() -> None:
        with wh.checkpoint_at_end():
            wh.load_submission(submission("3.xlsx", [obs("gdp_growth", MARCH, 9.0)]), run_id)
            raise RuntimeError("a batch failed")

    with pytest.raises(RuntimeError):
        failing_batch()
    assert wal.stat().st_size > 0
    assert wh.con.execute("SELECT current_setting('checkpoint_threshold')").fetchall() == [("1.0 KiB",)]


def test_the_closing_checkpoint_keeps_the_runs_settings_until_it_is_waited_for(
    wh: Warehouse, run_id: int
) -> None:
    """The closing checkpoint runs in a thread while the run goes on: one thread and the raised log limit
    stay until checkpointed() (or finish_run, publish, close) waits for it, then come back together."""
    wh.con.execute("SET threads = 2")
    wh.con.execute("SET checkpoint_threshold = '1KiB'")
    with wh.one_thread(), wh.checkpoint_at_end():
        wh.load_submission(submission("a.xlsx", [obs("gdp_growth", MARCH, 5.0)]), run_id)
    settings = "SELECT current_setting('threads'), current_setting('checkpoint_threshold')"
    assert wh.con.execute(settings).fetchall() == [(1, "64.0 MiB")]
    assert wh.con.execute("SELECT count(*) FROM observations").fetchall() == [(1,)]  # read meanwhile
    wh.finish_run(run_id, "succeeded", {})
    assert wh.con.execute(settings).fetchall() == [(2, "1.0 KiB")]
    assert wh.con.execute("SELECT status FROM runs WHERE run_id = ?", [run_id]).fetchall() == [("succeeded",)]
    wh.checkpointed()  # nothing left to wait for


def test_failures_and_file_status_are_recorded(wh: Warehouse, run_id: int) -> None:
    """Rejected rows and warnings land in v_rejected_rows with their cells; the file log shows the counts."""
    sub = submission(
        "4月.xlsx",
        [obs("gdp_growth", date(2024, 4, 1), 5.2)],
        failures=[
            failure("4月.xlsx", 4, indicator_code="retail_sales_growth"),
            failure(
                "4月.xlsx",
                9,
                Code.NOTE_IGNORED,
                severity=Severity.WARNING,
                value="注：初步数",
                indicator_code=None,
            ),
        ],
    )
    wh.load_submission(sub, run_id)
    assert wh.con.execute(
        "SELECT file_name, sheet, cell, row_number, code, severity, severity_zh, value, indicator_name_zh, department_name_zh "
        "FROM v_rejected_rows ORDER BY row_number"
    ).fetchall() == [
        (
            "4月.xlsx",
            "数据",
            "G4",
            4,
            "value_not_number",
            "error",
            "错误（已拒收）",
            "abc",
            "社会消费品零售总额增长",
            "市统计局",
        ),
        (
            "4月.xlsx",
            "数据",
            "G9",
            9,
            "note_ignored",
            "warning",
            "提示（已入库）",
            "注：初步数",
            None,
            "市统计局",
        ),
    ]
    assert wh.con.execute(
        "SELECT status, status_zh, rows_read, rows_loaded, rows_rejected, warnings, first_period, error FROM v_submission_log"
    ).fetchall() == [("partial", "部分入库", 2, 1, 1, 1, date(2024, 4, 1), None)]


def test_rejected_file_is_recorded_without_observations(wh: Warehouse, run_id: int) -> None:
    """A file rejected as a whole is logged with its Chinese error and its failure, and no observation."""
    sub = submission(
        "加密.xlsx",
        [],
        error="文件已加密，请去掉密码后重新报送",
        failures=[failure("加密.xlsx", 1, Code.FILE_ENCRYPTED)],
    )
    result = wh.load_submission(sub, run_id)
    assert result.status is SubmissionStatus.REJECTED
    assert wh.con.execute("SELECT status_zh, error FROM v_submission_log").fetchall() == [
        ("已退回", "文件已加密，请去掉密码后重新报送")
    ]
    assert table_counts(wh) == {
        "submitted_files": 1,
        "observations": 0,
        "observation_confirmations": 0,
        "failures": 1,
    }


def test_ytd_history_has_current_values_only(wh: Warehouse, run_id: int) -> None:
    """ytd_history() returns the current year-to-date and month values per (indicator, county, period), periods as dates."""
    wh.load_submission(
        submission(
            "a.xlsx", [obs("coal_output", MARCH, 2100.0), obs("coal_output", date(2024, 2, 1), 1400.0, row=4)]
        ),
        run_id,
    )
    wh.load_submission(submission("b.xlsx", [obs("coal_output", MARCH, 2150.0)]), run_id)
    frame = wh.ytd_history()
    assert list(frame.columns) == ["indicator_code", "county", "period", "value_ytd", "value_month"]
    assert [tuple(r)[:4] for r in frame.itertuples(index=False)] == [
        ("coal_output", "全市", date(2024, 2, 1), 1400.0),
        ("coal_output", "全市", MARCH, 2150.0),
    ]


def test_keyed_history_is_ytd_history_as_validation_keys_it(wh: Warehouse, run_id: int) -> None:
    """keyed_history() (what a run's batches check against) is history_base(ytd_history()): the same
    current rows in the same order, codes, counties, months and values (missing ones NaN) alike."""
    import numpy as np

    from bijie_etl.validate.history import history_base

    assert wh.keyed_history().base is None
    assert history_base(wh.ytd_history()) is None
    wh.load_submission(
        submission(
            "a.xlsx",
            [
                obs("coal_output", MARCH, 2100.0),
                obs("coal_output", date(2024, 2, 1), 1400.0, row=4),
                obs("coal_output", MARCH, 300.0, county="七星关区", row=5, value_month=100.0),
                obs("gdp_growth", date(2023, 12, 1), 5.1, row=6),
            ],
        ),
        run_id,
    )
    wh.load_submission(submission("b.xlsx", [obs("coal_output", MARCH, 2150.0)]), run_id)
    expected = history_base(wh.ytd_history())
    got = wh.keyed_history().base
    assert got is not None
    assert expected is not None
    assert list(got.columns) == list(expected.columns)
    assert list(got.dtypes) == list(expected.dtypes)
    for column in ("_code", "county", "_ym"):
        assert got[column].tolist() == expected[column].tolist()
    for column in ("value_ytd", "value_month"):
        assert np.array_equal(got[column].to_numpy(), expected[column].to_numpy(), equal_nan=True)
    assert got["_ym"].tolist() == [202403, 202402, 202403, 202312]
    assert got["county"].tolist() == ["七星关区", "全市", "全市", "全市"]
    assert got["value_ytd"].tolist()[:3] == [300.0, 1400.0, 2150.0]
    assert np.isnan(got["value_ytd"].to_numpy()).tolist() == [False, False, False, True]
    assert got["value_month"].tolist()[0] == 100.0


def test_sync_catalog_replaces_the_snapshot(wh: Warehouse) -> None:
    """sync_catalog() replaces targets and departments rather than appending to them."""
    wh.sync_catalog(make_catalog())
    assert wh.con.execute(
        "SELECT code, department, frequency, value_field FROM catalog_targets ORDER BY code"
    ).fetchall() == [
        ("coal_output", "energy", "monthly", "value_ytd"),
        ("gdp_growth", "stats", "monthly", "growth_pct"),
        ("new_power_capacity", "energy", "quarterly", "value_ytd"),
        ("retail_sales_growth", "stats", "monthly", "growth_pct"),
    ]
    assert wh.con.execute("SELECT count(*), count(DISTINCT code) FROM catalog_departments").fetchall()[0][
        0
    ] == len(make_catalog().departments)


def test_runs_record_start_and_finish(wh: Warehouse) -> None:
    """start_run/finish_run record kind, as-of date, status and the JSON summary."""
    run = wh.start_run(date(2024, 5, 20), "nightly")
    wh.finish_run(run, "succeeded", {"files": 3, "note": "正常"})
    assert wh.con.execute(
        "SELECT kind, as_of, status, summary->>'note', finished_at >= started_at FROM runs"
    ).fetchall() == [("nightly", date(2024, 5, 20), "succeeded", "正常", True)]


def test_missing_submissions_as_of_latest_run(tmp_path: Path) -> None:
    """v_missing_submissions lists overdue months not (fully) received, judged at the latest run's as-of date."""
    with build_demo(tmp_path / "demo.duckdb", as_of=date(2024, 5, 20)) as wh:
        rows = wh.con.execute(
            "SELECT department_name_zh, period, due_date, days_overdue, expected_indicators, received_indicators, "
            "missing_indicator_codes, status_zh FROM v_missing_submissions"
        ).fetchall()
        assert rows == [
            ("市能源局", date(2024, 2, 1), date(2024, 3, 10), 71, 1, 0, ["coal_output"], "未报送"),
        ]
        # April (due 10 June) is not yet overdue on 20 May; the macro answers for any date.
        later = wh.con.execute(
            "SELECT department, period, missing_indicator_codes FROM missing_submissions(DATE '2024-06-11')"
        ).fetchall()
        assert later == [
            ("energy", date(2024, 2, 1), ["coal_output"]),
            ("energy", date(2024, 5, 1), ["coal_output"]),
            ("stats", date(2024, 5, 1), ["gdp_growth", "retail_sales_growth"]),
        ]


def test_january_is_due_with_february_and_their_1_2月_figure_covers_it(wh: Warehouse, run_id: int) -> None:
    """Departments report January with February (1-2月, the Spring Festival): January alone is not overdue on
    20 February; after 10 March both months are, until a February figure (1-2月累计) arrives and covers both."""

    def overdue(day: date) -> list[tuple]:
        return wh.con.execute(
            "SELECT period, due_date, missing_indicator_codes FROM missing_submissions(?)"
            " WHERE department = 'energy' AND period < DATE '2024-03-01' ORDER BY period",
            [day],
        ).fetchall()

    assert overdue(date(2024, 2, 20)) == []
    assert overdue(date(2024, 3, 11)) == [
        (date(2024, 1, 1), date(2024, 3, 10), ["coal_output"]),
        (date(2024, 2, 1), date(2024, 3, 10), ["coal_output"]),
    ]
    wh.load_submission(submission("1-2月.xlsx", [obs("coal_output", date(2024, 2, 1), 1400.0)]), run_id)
    assert overdue(date(2024, 3, 11)) == []


@pytest.mark.parametrize("deadline_day", [1, 10, 28])
def test_the_overdue_list_keeps_the_reporting_calendar_of_the_pace_and_the_desk(
    wh: Warehouse, deadline_day: int
) -> None:
    """The SQL view's due dates are ``bijie_etl.months.deadline``'s (the pace's and the desk's) for every
    month of the year: the next month's deadline day, and January's with February's, in March."""
    wh.con.execute("UPDATE catalog_departments SET deadline_day = ?", [deadline_day])
    rows = wh.con.execute(
        "SELECT DISTINCT period, due_date FROM missing_submissions(DATE '2025-06-01')"
        " WHERE year = 2024 ORDER BY period"
    ).fetchall()
    assert [period.month for period, _ in rows] == list(range(1, 13))
    assert rows == [(period, deadline(period, deadline_day)) for period, _ in rows]


def test_every_view_and_view_column_has_a_comment(tmp_path: Path) -> None:
    """Every view, and every column of every view, carries a COMMENT for analysts."""
    with build_demo(tmp_path / "demo.duckdb") as wh:
        views = wh.con.execute(
            "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal ORDER BY 1"
        ).fetchall()
        assert set(CORE_VIEWS) <= {v for v, _ in views}
        assert [v for v, comment in views if not comment] == []
        uncommented = wh.con.execute(
            "SELECT c.table_name, c.column_name FROM duckdb_columns() c JOIN duckdb_views() v "
            "ON v.view_name = c.table_name AND NOT v.internal WHERE c.comment IS NULL OR c.comment = ''"
        ).fetchall()
        assert uncommented == []


def _synced_at(wh: Warehouse) -> list[tuple]:
    return [
        wh.con.execute(f"SELECT min(synced_at), max(synced_at), count(*) FROM {table}").fetchone()
        for table in ("catalog_targets", "catalog_departments", "catalog_counties")
    ]


def test_syncing_an_unchanged_catalog_writes_nothing_and_a_changed_one_is_written(tmp_path: Path) -> None:
    """A catalog synced again unchanged leaves the snapshot (synced_at too) as it was; a changed target value replaces it."""
    import dataclasses

    catalog = make_catalog()
    with Warehouse(tmp_path / "w.duckdb", SQL_DIR) as wh:
        wh.migrate()
        wh.sync_catalog(catalog)
        first = _synced_at(wh)
        wh.sync_catalog(make_catalog())
        assert _synced_at(wh) == first
        changed = catalog.targets[0].model_copy(update={"target": catalog.targets[0].target + 1})
        wh.sync_catalog(dataclasses.replace(catalog, targets=(changed, *catalog.targets[1:])))
        assert _synced_at(wh) != first
        stored = wh.con.execute(
            "SELECT target FROM catalog_targets WHERE code = ?", [changed.code]
        ).fetchone()
        assert stored == (changed.target,)
        fewer = dataclasses.replace(catalog, counties=catalog.counties[:-1])
        wh.sync_catalog(fewer)
        assert _synced_at(wh)[2][2] == len(catalog.counties) - 1


def test_views_are_recreated_only_when_a_view_file_or_the_schema_changes(tmp_path: Path) -> None:
    """A second migrate() with the same view files writes no DDL (a view altered by hand stays); an edited file, a dropped view or a new migration re-creates them."""
    sql = tmp_path / "sql"
    shutil.copytree(SQL_DIR, sql)
    with Warehouse(tmp_path / "w.duckdb", sql) as wh:
        wh.migrate()
        wh.con.execute("CREATE OR REPLACE VIEW v_rejected_rows AS SELECT 1 AS by_hand")
        wh.migrate()  # same files: nothing re-created
        assert [d[0] for d in wh.con.execute("SELECT * FROM v_rejected_rows").description] == ["by_hand"]
        view = sql / "views" / "40_v_rejected_rows.sql"
        view.write_text(view.read_text(encoding="utf-8") + "\n-- edited\n", encoding="utf-8")
        wh.migrate()
        assert "by_hand" not in [d[0] for d in wh.con.execute("SELECT * FROM v_rejected_rows").description]
        wh.con.execute("DROP VIEW v_submission_log")
        wh.migrate()
        assert wh.con.execute("SELECT count(*) FROM v_submission_log").fetchone() == (0,)
        wh.con.execute("CREATE OR REPLACE VIEW v_rejected_rows AS SELECT 1 AS by_hand")
        (sql / "migrations" / "999_extra.sql").write_text("CREATE TABLE extra (x INTEGER);", encoding="utf-8")
        assert wh.migrate() == ["999_extra"]
        assert "by_hand" not in [d[0] for d in wh.con.execute("SELECT * FROM v_rejected_rows").description]
