"""The published analytics copy: atomic publish under a live reader, `sql` queries, Parquet export."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import duckdb
import pyarrow.dataset as ds
import pytest

from bijie_etl.warehouse.analytics import AnalyticsNotPublished, export_parquet, publish_database, query
from warehousing import build_demo, obs, submission

READER = textwrap.dedent(
    """
    import sys, duckdb
    path = sys.argv[1]
    con = duckdb.connect(path, read_only=True)
    count = "SELECT count(*) FROM v_observation_current WHERE indicator_code = 'coal_output'"
    print("before", con.execute(count).fetchall()[0][0], flush=True)
    sys.stdin.readline()                      # hold the old file open while the job runs
    print("still", con.execute(count).fetchall()[0][0], flush=True)
    con.close()
    con = duckdb.connect(path, read_only=True)  # reconnect: the new copy
    print("after", con.execute(count).fetchall()[0][0], flush=True)
    """
)


def test_reader_process_keeps_reading_during_a_run_and_sees_new_data_after_reconnecting(
    tmp_path: Path,
) -> None:
    """A second process holding the analytics file open never blocks the load+publish and sees new rows after reconnecting."""
    analytics = tmp_path / "analytics.duckdb"
    with build_demo(tmp_path / "bijie.duckdb") as wh:
        wh.publish(analytics)
        reader = subprocess.Popen(
            [sys.executable, "-c", READER, str(analytics)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert reader.stdout is not None
            assert reader.stdin is not None
            assert reader.stdout.readline().split() == ["before", "3"]
            run = wh.start_run(date(2024, 6, 20), "nightly")
            wh.load_submission(
                submission(
                    "能源局/5月.xlsx", [obs("coal_output", date(2024, 5, 1), 3500.0)], department="energy"
                ),
                run,
            )
            wh.finish_run(run, "succeeded", {})
            wh.publish(analytics)
            reader.stdin.write("go\n")
            reader.stdin.flush()
            out, err = reader.communicate(timeout=60)
        finally:
            if reader.poll() is None:
                reader.kill()
        assert reader.returncode == 0, err
        assert out.split("\n")[:2] == ["still 3", "after 4"]


def test_published_copy_has_views_comments_and_publication_info(tmp_path: Path) -> None:
    """The published file holds the views (with comments) and when it was published; it is read-only on disk."""
    analytics = tmp_path / "out" / "analytics.duckdb"
    with build_demo(tmp_path / "bijie.duckdb", as_of=date(2024, 5, 20)) as wh:
        assert wh.publish(analytics) == analytics.resolve()
        source = wh.con.execute("SELECT * FROM v_observation_current ORDER BY observation_id").fetchall()
    with duckdb.connect(str(analytics), read_only=True) as con:
        assert con.execute("SELECT * FROM v_observation_current ORDER BY observation_id").fetchall() == source
        assert con.execute(
            "SELECT comment FROM duckdb_views() WHERE view_name = 'v_missing_submissions'"
        ).fetchall()[0][0]
        assert con.execute(
            "SELECT run_id, as_of, published_at IS NOT NULL FROM publication_info"
        ).fetchall() == [(1, date(2024, 5, 20), True)]
        assert con.execute("SELECT count(*) FROM v_missing_submissions").fetchall() == [(1,)]
    assert [p.name for p in analytics.parent.iterdir()] == ["analytics.duckdb"]  # no temp file left behind
    assert (
        analytics.stat().st_mode & 0o777 == 0o444
    )  # read-only on disk: analysts cannot write to it by mistake


def test_query_returns_columns_and_rows(tmp_path: Path) -> None:
    """query() runs SQL on the published copy and returns column names and rows."""
    analytics = tmp_path / "analytics.duckdb"
    with build_demo(tmp_path / "bijie.duckdb") as wh:
        wh.publish(analytics)
    columns, rows = query(
        analytics,
        "SELECT county, value FROM v_observation_current "
        "WHERE indicator_code = 'coal_output' AND period = DATE '2024-03-01'",
    )
    assert (columns, rows) == (["county", "value"], [("全市", 2150.0)])


def test_query_before_first_publish_says_so(tmp_path: Path) -> None:
    """Querying an analytics database that was never published raises AnalyticsNotPublished in Chinese."""
    with pytest.raises(AnalyticsNotPublished, match="分析库不存在"):
        query(tmp_path / "analytics.duckdb", "SELECT 1")


def test_export_parquet_partitions_current_observations_by_year_and_month(tmp_path: Path) -> None:
    """export_parquet() writes hive partitions year=/month= whose rows are exactly the current observations."""
    analytics = tmp_path / "analytics.duckdb"
    with build_demo(tmp_path / "bijie.duckdb") as wh:
        wh.publish(analytics)
        current = sorted(
            wh.con.execute(
                "SELECT indicator_code, county, period, value FROM v_observation_current"
            ).fetchall()
        )
    written = export_parquet(analytics, tmp_path / "parquet")
    obs_files = sorted(
        str(p.relative_to(tmp_path / "parquet")) for p in written if p.parts[-4] == "observations"
    )
    assert obs_files == [f"observations/year=2024/month={m}/part-0.parquet" for m in (1, 2, 3, 4)]
    table = ds.dataset(
        tmp_path / "parquet" / "observations", format="parquet", partitioning="hive"
    ).to_table()
    assert (
        sorted(
            zip(
                *(table.column(c).to_pylist() for c in ("indicator_code", "county", "period", "value")),
                strict=True,
            )
        )
        == current
    )
    assert set(
        zip(
            table.column("year").to_pylist(),
            table.column("month").to_pylist(),
            table.column("period").to_pylist(),
            strict=True,
        )
    ) == {(p.year, p.month, p) for _, _, p, _ in current}


def _copy_of(path: Path) -> tuple[str, list[tuple[object, ...]], list[tuple[object, ...]]]:
    with duckdb.connect(str(path), read_only=True) as con:
        (tags,) = con.execute(
            "SELECT tags FROM duckdb_databases() WHERE database_name = current_database()"
        ).fetchone() or (None,)
        rows = con.execute("SELECT * FROM t ORDER BY a").fetchall()
        info = con.execute("SELECT run_id, as_of FROM publication_info").fetchall()
    return str((tags or {}).get("storage_version")), rows, info


def _small_warehouse(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TABLE runs (run_id BIGINT, as_of DATE)")
    con.execute("INSERT INTO runs VALUES (7, DATE '2024-05-20')")
    con.execute("CREATE TABLE t (a INTEGER)")
    con.execute("INSERT INTO t SELECT range FROM range(3)")


def test_a_warehouse_in_a_newer_storage_format_is_published_in_the_declared_one(tmp_path: Path) -> None:
    """A warehouse file written in a newer storage format is copied table by table into a v1.0.0 copy."""
    source = tmp_path / "newer.duckdb"
    with duckdb.connect() as con:
        con.execute(f"ATTACH '{source}' AS w (STORAGE_VERSION 'v1.2.0')")
        con.execute("USE w")
        _small_warehouse(con)
    with duckdb.connect(str(source)) as con:
        publish_database(con, tmp_path / "copy.duckdb")
    version, rows, info = _copy_of(tmp_path / "copy.duckdb")
    assert version.startswith("v1.0.0"), version
    assert rows == [(0,), (1,), (2,)]
    assert info == [(7, date(2024, 5, 20))]


def test_publishing_while_another_cursor_writes_copies_the_committed_rows(tmp_path: Path) -> None:
    """A write transaction open on another cursor neither blocks the copy nor shows in it."""
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        _small_warehouse(con)
        other = con.cursor()
        other.execute("BEGIN TRANSACTION")
        other.execute("INSERT INTO t VALUES (3)")
        publish_database(con, tmp_path / "copy.duckdb")
        other.execute("COMMIT")
        assert con.execute("SELECT count(*) FROM t").fetchall() == [(4,)]
        other.close()
    version, rows, info = _copy_of(tmp_path / "copy.duckdb")
    assert version.startswith("v1.0.0"), version
    assert rows == [(0,), (1,), (2,)]
    assert info == [(7, date(2024, 5, 20))]


def test_a_checkpointed_warehouse_is_copied_whole(tmp_path: Path) -> None:
    """A warehouse file already in v1.0.0 is copied as it is after a checkpoint: same rows, nothing left in its WAL."""
    source = tmp_path / "w.duckdb"
    with duckdb.connect(str(source)) as con:
        _small_warehouse(con)
        publish_database(con, tmp_path / "copy.duckdb")
        assert not (tmp_path / "w.duckdb.wal").exists() or not (tmp_path / "w.duckdb.wal").stat().st_size
        con.execute("INSERT INTO t VALUES (9)")  # the warehouse stays writable; the copy does not change
    version, rows, info = _copy_of(tmp_path / "copy.duckdb")
    assert version.startswith("v1.0.0"), version
    assert rows == [(0,), (1,), (2,)]
    assert info == [(7, date(2024, 5, 20))]
