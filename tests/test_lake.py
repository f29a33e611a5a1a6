"""Province mode: the warehouse as a DuckLake (catalog in a real PostgreSQL, Parquet in a real S3 server)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from bijie_etl import run
from bijie_etl.settings import PROJECT_ROOT, Settings, load_settings
from bijie_etl.warehouse.lake import open_analytics
from bijie_etl.warehouse.lake_dialect import id_sequences, lake_dialect
from bijie_etl.warehouse.store import MigrationFailed, _migration_files
from lake_servers import S3, Postgres
from warehousing import demo_inbox

AS_OF = date(2024, 11, 15)
#: Departments kept from the demo year: a small inbox (fast tests) with every file style.
DEPARTMENTS = ("stats", "ecology")
#: The columns that make two warehouses' current data "the same" (no ids, no load times).
FINGERPRINT_SQL = """
SELECT indicator_code, period, county, value, value_month, value_ytd, value_ytd_prior, growth_pct, unit,
       source_file, sheet, cell
FROM v_observation_current ORDER BY indicator_code, period, county
"""


def fingerprint(con: duckdb.DuckDBPyConnection, prefix: str = "") -> str:
    """sha256 of the current observations (``prefix`` qualifies the view, e.g. ``lake.zunyi.``)."""
    rows = con.execute(FINGERPRINT_SQL.replace("FROM v_", f"FROM {prefix}v_")).fetchall()
    assert rows, "no observations"
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def make_city(root: Path, code: str, seed: int, target_factor: float) -> dict[str, Path]:
    """A demo city: its own copy of the catalog (targets scaled) and its own seeded demo inbox."""
    from bijie_etl.catalog.model import load_catalog_from_settings

    city = root / code
    schemas = city / "schemas"
    shutil.copytree(PROJECT_ROOT / "schemas", schemas)
    if target_factor != 1:
        text = (schemas / "targets_2024.yaml").read_text(encoding="utf-8")
        text = text.replace("    target: 6\n", f"    target: {6 * target_factor:g}\n", 1)
        (schemas / "targets_2024.yaml").write_text(text, encoding="utf-8")
    settings = load_settings(schemas_dir=schemas, inbox_dir=city / "inbox", warehouse_dir=city / "single")
    demo_inbox(
        city / "inbox", DEPARTMENTS, seed=seed, as_of=AS_OF, catalog=load_catalog_from_settings(settings)
    )
    return {"schemas_dir": schemas, "inbox_dir": city / "inbox", "root": city}


def single_file_fingerprint(city: dict[str, Path]) -> str:
    """The city's current observations after a single-city run into its own DuckDB file."""
    settings = load_settings(
        schemas_dir=city["schemas_dir"],
        inbox_dir=city["inbox_dir"],
        warehouse_dir=city["root"] / "single",
        archive_processed=False,  # the same inbox is loaded again into the lake
    )
    run.run_nightly(settings, AS_OF, notify=False)
    with duckdb.connect(str(settings.database_path), read_only=True) as con:
        return fingerprint(con)


def lake_settings(pg: Postgres, s3: S3, database: str, bucket: str, **extra: Any) -> dict[str, Any]:
    return {
        "warehouse_url": pg.url(database),
        "lake_data_path": f"s3://{bucket}/data/",
        "lake_extension_dir": Path(os.environ.get("TMPDIR", "/tmp")) / "bijie-duckdb-extensions",
        "archive_processed": False,
        **s3.settings(),
        **extra,
    }


def test_lake_dialect_keeps_columns_and_drops_only_what_ducklake_lacks() -> None:
    """The migrations in the lake's dialect have no PRIMARY KEY/UNIQUE/CHECK/INDEX/SEQUENCE and keep every column, NOT NULL and DEFAULT."""
    lake, original = duckdb.connect(), duckdb.connect()
    for seq in id_sequences(_migration_files(PROJECT_ROOT / "warehouse" / "migrations")):
        lake.execute(f"CREATE SEQUENCE {seq.name}")  # in the lake: the connection's TEMP sequences
    for path in _migration_files(PROJECT_ROOT / "warehouse" / "migrations"):
        sql = lake_dialect(path.read_text(encoding="utf-8"))
        for word in ("PRIMARY KEY", "UNIQUE", "CHECK", "CREATE INDEX", "DROP INDEX", "CREATE SEQUENCE"):
            assert word not in sql.upper(), (path.name, word)
        lake.execute(sql)
        original.execute(path.read_text(encoding="utf-8"))
    columns = "SELECT table_name, column_name, data_type, is_nullable, column_default FROM duckdb_columns() ORDER BY ALL"
    assert lake.execute(columns).fetchall() == original.execute(columns).fetchall()
    seqs = {
        (s.name, s.table, s.column)
        for s in id_sequences(_migration_files(PROJECT_ROOT / "warehouse" / "migrations"))
    }
    assert {
        ("seq_run_id", "runs", "run_id"),
        ("seq_submission_id", "submitted_files", "submission_id"),
        ("seq_observation_id", "observations", "observation_id"),
        ("seq_failure_id", "failures", "failure_id"),
        ("seq_assessment_id", "assessments", "assessment_id"),
        ("seq_alert_id", "alerts", "alert_id"),
        ("seq_alert_message_id", "alert_messages", "id"),
    } <= seqs


def _schema_changes(con: duckdb.DuckDBPyConnection, after: int) -> list[dict[str, Any]]:
    """The DDL of each lake snapshot after ``after`` (created/altered/dropped tables, views, macros)."""
    rows = con.execute(
        "SELECT changes FROM ducklake_snapshots('lake') WHERE snapshot_id > ?", [after]
    ).fetchall()
    ddl = [{k: v for k, v in r[0].items() if not k.startswith("inlined_")} for r in rows if r[0]]
    return [c for c in ddl if c]


def test_a_citys_schema_changes_at_once_and_only_when_its_files_change(
    postgres_server: Postgres, s3_server: S3, tmp_path: Path
) -> None:
    """A city's migrations and views land in one snapshot; opening it again writes no DDL; a changed view file is re-created; a broken migration applies nothing and names its file."""
    sql = tmp_path / "sql"
    shutil.copytree(PROJECT_ROOT / "warehouse", sql, ignore=shutil.ignore_patterns("*.duckdb*"))
    base = lake_settings(postgres_server, s3_server, postgres_server.new_database(), s3_server.new_bucket())
    settings = Settings(**base, city="bijie", warehouse_dir=tmp_path, sql_dir=sql)

    wh = run.open_warehouse(settings)
    try:
        made = [c for c in _schema_changes(wh.con, 0) if "tables_created" in c and "views_created" in c]
        assert len(made) == 1  # every table and view of the city in one commit
        assert "bijie.observations" in made[0]["tables_created"]
        assert "bijie.v_indicator_status" in made[0]["views_created"]
        opened = wh.snapshot()
    finally:
        wh.close()

    wh = run.open_warehouse(settings)  # nothing changed: no DDL at all
    try:
        assert _schema_changes(wh.con, opened) == []
        quiet = wh.snapshot()
    finally:
        wh.close()

    view = sql / "views" / "10_v_observation_current.sql"
    view.write_text(view.read_text(encoding="utf-8") + "\n-- a new comment line\n", encoding="utf-8")
    wh = run.open_warehouse(settings)
    try:
        changes = _schema_changes(wh.con, quiet)
        assert any("bijie.v_observation_current" in c.get("views_created", []) for c in changes), changes
        # the province view reads the city's view by name: re-bound at each query, not re-created
        assert wh.con.execute("SELECT count(*) FROM lake.main.v_observation_current").fetchall() == [(0,)]
        changed = wh.snapshot()
    finally:
        wh.close()

    (sql / "migrations" / "900_broken.sql").write_text(
        "CREATE TABLE half_done (x INTEGER);\nCREATE TABLE oops (;\n", encoding="utf-8"
    )
    (sql / "migrations" / "899_fine.sql").write_text("CREATE TABLE fine (x INTEGER);\n", encoding="utf-8")
    with pytest.raises(MigrationFailed, match=r"900_broken\.sql"):
        run.open_warehouse(settings)
    with open_analytics(settings) as con:
        assert _schema_changes(con, changed) == []  # neither 899 nor the half of 900
        assert con.execute(
            "SELECT count(*) FROM lake.bijie.schema_migrations WHERE version >= '899'"
        ).fetchall() == [(0,)]


@pytest.fixture(scope="module")
def cities(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Three demo cities (the demo city and two variants) with their single-file fingerprints."""
    root = tmp_path_factory.mktemp("province")
    made = {
        "bijie": make_city(root, "bijie", 2024, 1),
        "zunyi": make_city(root, "zunyi", 7, 1.1),
        "anshun": make_city(root, "anshun", 11, 0.9),
    }
    return {code: {**city, "fingerprint": single_file_fingerprint(city)} for code, city in made.items()}


@pytest.mark.timeout(900)
def test_single_city_lake_run_matches_its_single_file_run(
    cities: dict[str, dict[str, Any]], postgres_server: Postgres, s3_server: S3, tmp_path: Path
) -> None:
    """A city's run into the lake equals its single-file run (observations, statuses); an earlier snapshot shows what was known then; a re-run adds nothing."""
    city = cities["bijie"]
    base = lake_settings(postgres_server, s3_server, postgres_server.new_database(), s3_server.new_bucket())
    # Stage the inbox: one department arrives a day later ("what did we know after the first run?").
    inbox = tmp_path / "inbox"
    shutil.copytree(city["inbox_dir"], inbox)
    late = sorted(p for p in inbox.iterdir() if p.is_dir())[0]
    held = tmp_path / "held"
    late.rename(held)
    settings = Settings(
        **base, city="bijie", schemas_dir=city["schemas_dir"], inbox_dir=inbox, warehouse_dir=tmp_path
    )
    first_run = run.run_nightly(settings, AS_OF).as_dict()
    with open_analytics(settings) as con:
        first = con.execute("SELECT id FROM ducklake_current_snapshot('lake')").fetchall()[0][0]
        first_files = con.execute("SELECT count(*) FROM lake.bijie.submitted_files").fetchall()[0][0]
        # the alert outbox works in the lake too (no SMTP configured: the emails are written as .eml)
        alerts, messages = con.execute(
            "SELECT (SELECT count(*) FROM lake.bijie.alerts), (SELECT count(*) FROM lake.bijie.alert_messages)"
        ).fetchall()[0]
    assert alerts == first_run["mail"]["raised"] > 0
    assert messages == first_run["mail"]["composed"] > 0
    held.rename(late)

    report = run.run_nightly(settings, AS_OF).as_dict()
    assert report["files_loaded"] + report["files_partial"] > 0
    attach = (tmp_path / "analytics.sql").read_text(encoding="utf-8")
    assert "READ_ONLY" in attach
    assert "SNAPSHOT_VERSION" in attach

    with open_analytics(settings) as con:
        assert fingerprint(con, "lake.bijie.") == city["fingerprint"]
        # the province view: the same rows with the city in front
        assert con.execute("SELECT DISTINCT city FROM v_observation_current").fetchall() == [("bijie",)]
        statuses = con.execute("SELECT code, status FROM v_indicator_status ORDER BY code").fetchall()
        total_files = con.execute("SELECT count(*) FROM lake.bijie.submitted_files").fetchall()[0][0]
    with duckdb.connect(str(city["root"] / "single" / "bijie.duckdb"), read_only=True) as single:
        assert (
            statuses == single.execute("SELECT code, status FROM v_indicator_status ORDER BY code").fetchall()
        )
    assert total_files > first_files

    # Time travel: the lake at the first run's snapshot is what the first run knew.
    with open_analytics(settings, snapshot=first) as then:
        assert then.execute("SELECT count(*) FROM lake.bijie.submitted_files").fetchall()[0][0] == first_files

    again = run.run_nightly(settings, AS_OF).as_dict()
    assert again["files_loaded"] == 0
    assert again["rows_loaded"] == 0


def _city_env(base: dict[str, Any], code: str, city: dict[str, Any], workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIJIE_")}
    for key, value in base.items():
        if value is not None:
            env[f"BIJIE_{key.upper()}"] = str(value).lower() if isinstance(value, bool) else str(value)
    env.update(
        BIJIE_CITY=code,
        BIJIE_SCHEMAS_DIR=str(city["schemas_dir"]),
        BIJIE_INBOX_DIR=str(city["inbox_dir"]),
        BIJIE_WAREHOUSE_DIR=str(workdir / code),
        BIJIE_BATCH_SIZE="3",
        BIJIE_ARCHIVE_PROCESSED="false",  # several transactions per city: something to interleave and to kill
    )
    return env


def _start(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "bijie_etl.province", "--as-of", AS_OF.isoformat()],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _consistent(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Per city, in one query at one snapshot: versions in observations == Σ(new + changed) of the files recorded."""
    rows = con.execute(
        """
        WITH v AS (SELECT city, count(*) AS n FROM lake.main.observations GROUP BY city),
             f AS (SELECT city, sum(rows_new + rows_changed) AS n FROM lake.main.submitted_files GROUP BY city)
        SELECT coalesce(v.city, f.city), coalesce(v.n, 0), coalesce(f.n, 0)
        FROM v FULL JOIN f ON v.city = f.city
        """
    ).fetchall()
    for city, versions, recorded in rows:
        assert versions == recorded, f"{city}: {versions} versions but files record {recorded}"
    return {city: versions for city, versions, _ in rows}


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_three_cities_load_concurrently_and_a_killed_run_is_completed_by_a_rerun(
    cities: dict[str, dict[str, Any]], postgres_server: Postgres, s3_server: S3, tmp_path: Path
) -> None:
    """Three cities in three processes write at once; analysts see consistent snapshots meanwhile; kill -9 of one leaves the lake consistent and its re-run equals its single-city run."""
    base = lake_settings(postgres_server, s3_server, postgres_server.new_database(), s3_server.new_bucket())
    envs = {code: _city_env(base, code, city, tmp_path) for code, city in cities.items()}
    # Create the lake and the three schemas first, so the analyst can attach while the cities write.
    for code in cities:
        run.open_warehouse(Settings(**base, city=code, warehouse_dir=tmp_path / code)).close()

    procs = {code: _start(env) for code, env in envs.items()}
    victim = "anshun"
    killed = False
    polls: list[dict[str, int]] = []
    analyst = Settings(**base, warehouse_dir=tmp_path)
    deadline = time.monotonic() + 600
    # One analyst session for the whole load: each query is its own transaction, at the lake's
    # latest snapshot then (no reconnect per poll: attaching costs more than the check).
    with open_analytics(analyst) as con:
        while running := [p for p in procs.values() if p.poll() is None]:
            assert time.monotonic() < deadline, "city runs did not finish"
            polls.append(_consistent(con))  # each poll: a new snapshot, checked in one query
            if not killed and polls[-1].get(victim, 0) > 0 and procs[victim].poll() is None:
                procs[victim].send_signal(signal.SIGKILL)
                killed = True
                continue
            with contextlib.suppress(subprocess.TimeoutExpired):  # leave the cores to the cities
                running[0].wait(timeout=0.5)
    outputs = {code: p.communicate()[0].decode(errors="replace") for code, p in procs.items()}
    for code in ("bijie", "zunyi"):
        assert procs[code].returncode == 0, outputs[code]
    assert killed
    assert procs[victim].returncode == -signal.SIGKILL, outputs[victim]
    assert len(polls) >= 2

    with open_analytics(analyst) as con:
        _consistent(con)
        for code in ("bijie", "zunyi"):
            assert fingerprint(con, f"lake.{code}.") == cities[code]["fingerprint"], code
        partial = con.execute(f"SELECT count(*) FROM lake.{victim}.submitted_files").fetchall()[0][0]
    assert partial > 0  # the victim died after loading some files

    rerun = _start(envs[victim])
    out = rerun.communicate(timeout=600)[0].decode(errors="replace")
    assert rerun.returncode == 0, out
    with open_analytics(analyst) as con:
        _consistent(con)
        for code, city in cities.items():
            assert fingerprint(con, f"lake.{code}.") == city["fingerprint"], code
        assert [
            r[0] for r in con.execute("SELECT DISTINCT city FROM v_observation_current ORDER BY 1").fetchall()
        ] == sorted(cities)
