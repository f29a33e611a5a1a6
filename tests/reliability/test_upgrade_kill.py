"""kill -9 in the middle of a warehouse upgrade: the next run still opens the warehouse and finishes the upgrade.

An upgrade (a new release bringing a migration or new views) writes DDL. DuckDB 1.5.5 cannot
replay some DDL from its write-ahead log (views, ``DEFAULT nextval``), so a kill between the DDL
and its checkpoint used to leave a warehouse no later run could open. The child process here is
killed exactly there: right after the upgrade's views were created, before the checkpoint.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import duckdb

from bijie_etl.warehouse.store import Warehouse
from warehousing import SQL_DIR, make_catalog

UPGRADE = """
CREATE SEQUENCE IF NOT EXISTS upgrade_note_seq;
CREATE TABLE IF NOT EXISTS upgrade_notes (
    id INTEGER PRIMARY KEY DEFAULT nextval('upgrade_note_seq'),
    note VARCHAR
);
-- a new column on a table whose CHECK constraints call functions: DuckDB 1.5.5 cannot replay this
-- ALTER from a WAL ("GetDefaultDatabase with no default database set")
ALTER TABLE observations ADD COLUMN upgrade_note VARCHAR;
"""

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from bijie_etl.warehouse.store import Warehouse

    created = Warehouse._create_views

    def create_then_die(self):
        created(self)  # the upgrade's DDL is committed: die before it is checkpointed
        os.kill(os.getpid(), signal.SIGKILL)

    Warehouse._create_views = create_then_die
    Warehouse(Path(sys.argv[1]), Path(sys.argv[2])).migrate()
    """
)


def test_a_kill_during_an_upgrade_leaves_a_warehouse_the_next_run_opens(tmp_path: Path) -> None:
    """SIGKILL between an upgrade's DDL and its checkpoint leaves the old warehouse, which the next run upgrades."""
    database = tmp_path / "bijie.duckdb"
    with Warehouse(database, SQL_DIR) as wh:
        wh.migrate()
        wh.sync_catalog(make_catalog())
        run_id = wh.start_run(date(2024, 4, 20), "test")
        wh.finish_run(run_id, "succeeded", {})
    sql = tmp_path / "sql"
    shutil.copytree(SQL_DIR, sql)
    (sql / "migrations" / "950_upgrade_notes.sql").write_text(UPGRADE, encoding="utf-8")
    (sql / "views" / "950_v_upgrade_notes.sql").write_text(
        "CREATE OR REPLACE VIEW v_upgrade_notes AS SELECT id, note FROM upgrade_notes;\n", encoding="utf-8"
    )

    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(database), str(sql)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert child.returncode == -signal.SIGKILL, child.stderr[-2000:]

    con = duckdb.connect(str(database))  # opens as the next run opens it (read-write, WAL replayed)
    runs = con.execute("SELECT count(*) FROM runs").fetchone()
    con.close()
    assert runs == (1,)
    with Warehouse(database, sql) as wh:
        wh.migrate()
        assert "950_upgrade_notes" in wh.applied_migrations()
        wh.con.execute("INSERT INTO upgrade_notes (note) VALUES ('升级完成')")
        assert wh.con.execute("SELECT id, note FROM v_upgrade_notes").fetchall() == [(1, "升级完成")]
    assert not database.with_name("bijie.duckdb.building").exists()
