"""Copy 情况说明 and the audit log from the desk's store into the warehouse.

Runs (a) at the start of every run, inside its writer lock, so the dashboard, the digest and the
analytics copy of that run carry every explanation written before it; and (b) in the background
after a desk write, only when the writer lock is free at that moment (never waiting for a run).
Rows keep the desk's ids, so copying twice inserts nothing twice.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from typing import Any

import duckdb

from bijie_etl.desk.store import DeskStore
from bijie_etl.settings import Settings
from bijie_etl.warehouse.store import Warehouse, transaction_of

__all__ = ["sync_into", "sync_now", "sync_soon"]

log = logging.getLogger(__name__)


def _ts(text: str | None) -> datetime | None:
    """The desk's UTC time as the warehouse keeps times: Beijing wall-clock."""
    if not text:
        return None
    from bijie_etl.settings import TZ

    return datetime.fromisoformat(text).astimezone(TZ).replace(tzinfo=None)


def _max_id(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()
    return int(row[0]) if row else 0


def sync_into(target: Warehouse | duckdb.DuckDBPyConnection, store: DeskStore) -> tuple[int, int]:
    """Insert the store's explanations and audit rows the warehouse does not have; returns (explanations, audit rows).

    Only rows newer than the warehouse's newest id are read, inside the transaction that inserts
    them (no ON CONFLICT: the same SQL runs on the lake, which has no keys). A province store gives
    its city's rows only (``store.city``), into that city's schema. Given a warehouse, the write is
    its transaction (in province mode it renews the city's writer lease first).
    """
    con = target if isinstance(target, duckdb.DuckDBPyConnection) else target.con
    if not store.explanations_since(_max_id(con, "target_explanations")) and not store.audit_since(
        _max_id(con, "desk_audit_log")
    ):
        return 0, 0
    with transaction_of(target) as con:
        explanations = store.explanations_since(_max_id(con, "target_explanations"))
        audit = store.audit_since(_max_id(con, "desk_audit_log"))
        if explanations:
            con.executemany(
                "INSERT INTO target_explanations (id, target_code, department, status, as_of, progress, problems,"
                " measures, recovery_month, author, author_name, created_at, year)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    [
                        e.id,
                        e.target_code,
                        e.department,
                        e.status,
                        e.as_of,
                        e.progress,
                        e.problems,
                        e.measures,
                        e.recovery_month,
                        e.author,
                        e.author_name,
                        _ts(e.created_at),
                        e.year,
                    ]
                    for e in explanations
                ],
            )
        if audit:
            con.executemany(
                "INSERT INTO desk_audit_log (id, logged_at, username, role, department, action, object, detail, ip)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    [
                        a["id"],
                        _ts(a["at"]),
                        a["username"],
                        a["role"],
                        a["department"],
                        a["action"],
                        a["object"],
                        a["detail"],
                        a["ip"],
                    ]
                    for a in audit
                ],
            )
    return len(explanations), len(audit)


def sync_now(settings: Settings, *, timeout: float = 0.0) -> tuple[int, int] | None:
    """Take the writer lock (waiting at most ``timeout`` s), open the warehouse and sync; ``None`` when busy or absent."""
    from bijie_etl.warehouse.locking import WarehouseBusy, writer_lock
    from bijie_etl.warehouse.store import Warehouse

    if settings.lake_mode:  # province mode: each city's next run copies its rows (it holds the city's lease)
        return None
    if not settings.database_path.exists() or not settings.desk_db_path.exists():
        return None
    try:
        with (
            writer_lock(settings.warehouse_dir / "bijie.lock", timeout=timeout),
            Warehouse(settings.database_path, settings.sql_dir) as wh,
        ):
            wh.migrate()
            return sync_into(wh, DeskStore(settings.desk_db_path))
    except WarehouseBusy:
        return None


_lock = threading.Lock()
_pending: dict[str, Any] = {"again": False}


def sync_soon(settings: Settings, store: DeskStore | None = None) -> threading.Thread | None:
    """Sync in a background thread if the warehouse is free now; a run will sync anyway otherwise."""
    if not _lock.acquire(blocking=False):
        _pending["again"] = True
        return None

    def work() -> None:
        try:
            while True:
                _pending["again"] = False
                try:
                    sync_now(settings)
                except Exception as exc:  # the next run syncs; never break the desk for this
                    log.warning("情况说明/审计日志暂未写入数据仓库（下次运行时写入）：%s", exc)
                if not _pending["again"]:
                    break
        finally:
            _lock.release()

    thread = threading.Thread(target=work, name="desk-sync", daemon=True)
    thread.start()
    return thread
