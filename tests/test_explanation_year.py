"""情况说明 carry the year of the target they explain (migration 008, desk.sqlite), old rows kept."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, datetime
from pathlib import Path

from bijie_etl.desk.store import DeskStore, Role
from bijie_etl.settings import PROJECT_ROOT
from bijie_etl.warehouse.store import Warehouse, latest_explanations

SQL_DIR = PROJECT_ROOT / "warehouse"


def _explanation(con: object, id_: int, code: str, status: str, as_of: date) -> None:
    con.execute(  # type: ignore[attr-defined]
        "INSERT INTO target_explanations (id, target_code, department, status, as_of, progress, problems,"
        " measures, recovery_month, author, author_name, created_at) VALUES (?, ?, 'stats', ?, ?, '进展', '问题',"
        " '措施', NULL, 'u', '用户', ?)",
        [id_, code, status, as_of, datetime(as_of.year, as_of.month, as_of.day, 9)],
    )


def _assessment(con: object, run_id: int, year: int, code: str, status: str, as_of: date) -> None:
    con.execute(  # type: ignore[attr-defined]
        "INSERT INTO assessments (run_id, as_of, year, code, method, status, status_zh, assessed_at)"
        " VALUES (?, ?, ?, ?, 'linear', ?, '滞后', now()::TIMESTAMP)",
        [run_id, as_of, year, code, status],
    )


def test_migration_008_gives_old_explanations_the_year_they_answered_and_keeps_them(tmp_path: Path) -> None:
    """Rows from before 008 are all kept; one written in January about last year's lagging target gets last year, the others their as_of year."""
    old = tmp_path / "sql"
    shutil.copytree(SQL_DIR, old)
    (old / "migrations" / "008_explanation_year.sql").unlink()
    db = tmp_path / "w.duckdb"
    with Warehouse(db, old) as wh:
        assert "008_explanation_year" not in wh.migrate()
        run = wh.start_run(date(2025, 1, 10), "test")
        _assessment(wh.con, run, 2024, "coal_output", "off_track", date(2025, 1, 10))  # last year closing
        _assessment(wh.con, run, 2025, "coal_output", "no_data", date(2025, 1, 10))
        _explanation(wh.con, 1, "coal_output", "off_track", date(2024, 11, 15))
        _explanation(wh.con, 2, "coal_output", "off_track", date(2025, 1, 10))
        _explanation(wh.con, 3, "gdp_growth", "at_risk", date(2025, 3, 15))
        before = wh.con.execute("SELECT * FROM target_explanations ORDER BY id").fetchall()
    with Warehouse(db, SQL_DIR) as wh:
        assert wh.migrate() == ["008_explanation_year"]
        rows = wh.con.execute("SELECT * EXCLUDE (year) FROM target_explanations ORDER BY id").fetchall()
        years = wh.con.execute("SELECT id, year FROM target_explanations ORDER BY id").fetchall()
        assert rows == before
        assert years == [(1, 2024), (2, 2024), (3, 2025)]
        assert latest_explanations(wh.con, 2024)["coal_output"]["progress"] == "进展"
        assert "coal_output" not in latest_explanations(wh.con, 2025)  # 2024's words are not 2025's
        assert set(latest_explanations(wh.con)) == {"coal_output", "gdp_growth"}


def test_an_old_desk_store_gains_the_year_column_and_new_explanations_carry_it(tmp_path: Path) -> None:
    """A desk.sqlite made before the year column opens, keeps its explanation (year from as_of), and files new ones under their year."""
    path = tmp_path / "desk.sqlite"
    store = DeskStore(path)
    user = store.add_user(
        "tj", "pw-123456789-ok", role=Role.DEPARTMENT, department="stats", display_name="统计局填报员"
    )
    with sqlite3.connect(path) as con:  # as the first release wrote it: no year column
        con.execute("ALTER TABLE explanations DROP COLUMN year")
        con.execute(
            "INSERT INTO explanations (target_code, department, status, as_of, progress, problems, measures,"
            " recovery_month, author, author_name, created_at) VALUES ('coal_output', 'stats', 'off_track',"
            " '2024-11-15', '旧进展', '旧问题', '旧措施', NULL, 'tj', '统计局填报员', '2024-11-15T01:00:00+00:00')"
        )
    store = DeskStore(path)
    assert store.latest_explanations(2024)["coal_output"].progress == "旧进展"
    store.add_explanation(
        target_code="coal_output", department="stats", status="at_risk", as_of="2025-01-10",
        progress="新进展", problems="新问题", measures="新措施", recovery_month=None, author=user, year=2025,
    )  # fmt: skip
    assert store.latest_explanations(2024)["coal_output"].progress == "旧进展"
    assert store.latest_explanations(2025)["coal_output"].progress == "新进展"
    assert [e.year for e in store.explanations_since(0)] == [2024, 2025]
