"""What the desk's pages show, read from the published analytics copy (never the writable warehouse).

``analytics.duckdb`` is replaced atomically after every run; each page opens it read-only for
the duration of one request, so a page never waits for a run and a run never waits for a page.
In province mode a page reads its city's schema of the lake at the latest snapshot instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb

from bijie_etl.catalog import Catalog, Department, Target
from bijie_etl.months import deadline, reported_with

__all__ = [
    "DuePeriod",
    "analytics",
    "department_submissions",
    "department_targets",
    "due_period",
    "loaded_sha256s",
    "missing_for",
]

#: Statuses that call for a 情况说明.
EXPLAIN_STATUSES = ("at_risk", "off_track")


@contextmanager
def analytics(source: Path | Any) -> Iterator[duckdb.DuckDBPyConnection | None]:
    """A read-only connection to what the desk shows, or ``None`` before the first run wrote anything.

    ``source``: the published copy's path, or the settings — then the published copy
    (``analytics_path``), or in province mode the city's schema of the lake, attached read-only at
    its latest snapshot (lake mode publishes no copy; every view is the same, ``USE lake.<city>``).
    """
    settings = None if isinstance(source, Path) else source
    if settings is not None and settings.lake_mode:
        from bijie_etl.warehouse.lake import LAKE_ALIAS, shared_reader

        with shared_reader(settings) as con:
            found = con.execute(
                "SELECT 1 FROM duckdb_tables() WHERE database_name = ? AND schema_name = ? AND table_name = 'runs'",
                [LAKE_ALIAS, settings.city],
            ).fetchall()
            if not found:
                yield None
                return
            con.execute(f"USE {LAKE_ALIAS}.{settings.city}")
            yield con
        return
    path = Path(source) if settings is None else settings.analytics_path
    if not path.exists():
        yield None
        return
    con = duckdb.connect(str(path), read_only=True)
    try:
        yield con
    finally:
        con.close()


def _previous_month(d: date) -> date:
    first = d.replace(day=1)
    return (first - timedelta(days=1)).replace(day=1)


@dataclass
class DuePeriod:
    """The month a department reports now: its data is due on ``due_date``."""

    period: date  # first day of the month reported
    due_date: date
    expected: list[Target] = field(default_factory=list)
    received: set[str] = field(default_factory=set)

    @property
    def missing(self) -> list[Target]:
        return [t for t in self.expected if t.code not in self.received]

    @property
    def label(self) -> str:
        if self.period.month == 2:  # January comes with February: see :func:`due_period`
            return f"{self.period.year}年1-2月"
        return f"{self.period.year}年{self.period.month}月"

    def days_left(self, as_of: date) -> int:
        return (self.due_date - as_of).days


def _expects(target: Target, month: int) -> bool:
    freq = str(getattr(target, "frequency", "monthly"))
    if freq.endswith("quarterly"):
        return month in (3, 6, 9, 12)
    if freq.endswith("annual"):
        return month == 12
    return True


def due_period(catalog: Catalog, department: Department, as_of: date) -> DuePeriod:
    """Last month's data, due on the department's deadline day of this month (clamped to the month's end).
    January is reported with February (1-2月, the Spring Festival; there is often no January file): in
    February the department reports 1-2月, due on March's deadline day (``bijie_etl.months``, as the pace)."""
    period = reported_with(_previous_month(as_of))  # the reporting calendar: bijie_etl.months
    due = deadline(period, department.deadline_day)
    expected = [
        t for t in catalog.targets_of(department.code) if t.target is not None and _expects(t, period.month)
    ]
    return DuePeriod(period=period, due_date=due, expected=expected)


def received_codes(con: duckdb.DuckDBPyConnection | None, department: str, period: date) -> set[str]:
    if con is None:
        return set()
    rows = con.execute(
        "SELECT DISTINCT indicator_code FROM v_observation_current WHERE department = ? AND period = ?",
        [department, period],
    ).fetchall()
    return {r[0] for r in rows}


def missing_for(con: duckdb.DuckDBPyConnection | None, as_of: date) -> list[dict[str, Any]]:
    """Every department × month overdue at ``as_of`` (the late list), from the warehouse's own macro."""
    if con is None:
        return []
    cur = con.execute(
        "SELECT department, department_name_zh, period, due_date, days_overdue, status_zh, missing_indicators_zh"
        " FROM missing_submissions(?) ORDER BY days_overdue DESC, department, period",
        [as_of],
    )
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def department_submissions(
    con: duckdb.DuckDBPyConnection | None, department: str, limit: int = 30
) -> list[dict[str, Any]]:
    """The department's files as the runs recorded them, newest first."""
    if con is None:
        return []
    cur = con.execute(
        "SELECT submission_id, file_name, sha256, received_at, loaded_at, status, status_zh, rows_read,"
        " rows_loaded, rows_rejected, warnings, error FROM v_submission_log WHERE department = ?"
        " ORDER BY received_at DESC, submission_id DESC LIMIT ?",
        [department, limit],
    )
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def submission(con: duckdb.DuckDBPyConnection | None, submission_id: int) -> dict[str, Any] | None:
    if con is None:
        return None
    cur = con.execute(
        "SELECT submission_id, department, file_name, sha256 FROM v_submission_log WHERE submission_id = ?",
        [submission_id],
    )
    row = cur.fetchone()
    return dict(zip([d[0] for d in cur.description], row, strict=True)) if row else None


def department_targets(
    con: duckdb.DuckDBPyConnection | None, department: str, year: int | None = None
) -> list[dict[str, Any]]:
    """The department's targets of ``year`` (default: every year) with their latest assessment (``v_indicator_status``)."""
    if con is None:
        return []
    cur = con.execute(
        "SELECT code, name_zh, unit, target, stretch, period, actual, expected, pace_ratio, gap_pp,"
        " projected_year_end, required_monthly, method, status, status_zh, note_zh, as_of"
        " FROM v_indicator_status WHERE department = ? AND (CAST(? AS INTEGER) IS NULL OR year = ?)"
        " ORDER BY CASE status WHEN 'off_track' THEN 0"
        " WHEN 'at_risk' THEN 1 WHEN 'late' THEN 2 WHEN 'no_data' THEN 3 ELSE 4 END, code",
        [department, year, year],
    )
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def loaded_sha256s(con: duckdb.DuckDBPyConnection | None, sha256: str) -> set[str]:
    """``{sha256}`` when a file with that content is already loaded, else the empty set."""
    if con is None:
        return set()
    row = con.execute(
        "SELECT count(*) FROM v_submission_log WHERE sha256 = ? AND status IN ('loaded', 'partial')", [sha256]
    ).fetchone()
    return {sha256} if row and row[0] else set()


def latest_run_as_of(con: duckdb.DuckDBPyConnection | None) -> date | None:
    if con is None:
        return None
    row = con.execute("SELECT max(as_of) FROM runs WHERE status = 'succeeded'").fetchone()
    return row[0] if row else None
