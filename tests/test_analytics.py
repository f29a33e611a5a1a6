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

from bijie_etl.warehouse.analytics import AnalyticsNotPublished, export_parquet, query
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
