"""Alerts: raised from status transitions, recorded in the warehouse outbox, then sent.

Three steps, each safe to repeat and to interrupt (tables in ``warehouse/migrations/003_alerts.sql``):

1. :func:`raise_alerts` compares each new assessment with the status the alerts module last saw
   for that target (``alert_state``) and records an alert row (``pending``) when the target
   *becomes* at_risk, off_track, late or no_data (its first assessment included), when it is
   still off_track or late ``settings.reminder_days`` after its last alert (reminder), or when it
   comes back to on_track (恢复正常, digest only). State and alerts are written in one
   transaction: a crash loses no transition and a re-run raises nothing twice.
2. :func:`compose_messages` batches the alerts not yet in any email into one email per
   department (its own targets, to ``Department.contacts``) and one digest to
   ``settings.alert_digest_to``. Each email is a row of ``alert_messages`` with its subject,
   bodies and a deterministic Message-ID, written before anything is sent.
3. :func:`send_pending` sends every pending email through a transport and marks it sent in its
   own transaction right after the server accepted it. Refused/timeout/4xx: stays pending for
   the next run. 5xx: failed after ``settings.smtp_max_attempts`` attempts, and visible. An
   email recorded as sent is never sent again; an alert's status follows its emails.

Why our own ``alert_state`` rather than the previous row of ``assessments``: the previous
assessment is already written when alerts run, and if a run died between pace and alerts the
next run would see no change and lose the alert. ``alert_state`` only moves together with the
alerts it causes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol

import duckdb

from bijie_etl.catalog import Catalog
from bijie_etl.pace.rules import Status
from bijie_etl.settings import TZ, Settings
from bijie_etl.vocabulary import ALERTING
from bijie_etl.warehouse.store import insert_with_ids, transaction_of

__all__ = [
    "ALERTING_STATUSES",
    "REMINDER_STATUSES",
    "Alert",
    "AlertKind",
    "Delivery",
    "OutboxMessage",
    "SendReport",
    "list_alerts",
    "list_messages",
    "raise_alerts",
]

log = logging.getLogger(__name__)

#: Statuses that raise an alert when a target enters them.
ALERTING_STATUSES = frozenset(s.value for s in ALERTING)
#: Statuses that are reminded of every ``settings.reminder_days`` while they last.
REMINDER_STATUSES = frozenset({"off_track", "late"})

STATUS_ZH = {s.value: s.label_zh for s in Status}


class AlertKind(StrEnum):
    RAISED = "raised"  # the target entered an alerting status
    REMINDER = "reminder"  # still off_track/late reminder_days after its last alert
    RECOVERED = "recovered"  # back to on_track (reported once, in the digest)


class Delivery(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class AssessmentLike(Protocol):
    """What alerts need of a :class:`bijie_etl.pace.PaceAssessment`."""

    @property
    def code(self) -> str: ...
    @property
    def name_zh(self) -> str: ...
    @property
    def department(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def target(self) -> float | None: ...
    @property
    def stretch(self) -> float | None: ...
    @property
    def period(self) -> date | None: ...
    @property
    def actual(self) -> float | None: ...
    @property
    def expected(self) -> float | None: ...
    @property
    def pace_ratio(self) -> float | None: ...
    @property
    def gap_pp(self) -> float | None: ...
    @property
    def projected_year_end(self) -> float | None: ...
    @property
    def required_monthly(self) -> float | None: ...
    @property
    def stretch_ratio(self) -> float | None: ...
    @property
    def method(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def status_zh(self) -> str: ...


@dataclass(frozen=True)
class Alert:
    """One row of the ``alerts`` outbox table."""

    alert_id: int
    alert_key: str
    kind: str
    target_code: str
    department: str
    as_of: date
    target_status: str
    target_status_zh: str
    previous_status: str | None
    name_zh: str
    unit: str | None
    target: float | None
    stretch: float | None
    period: date | None
    actual: float | None
    expected: float | None
    pace_ratio: float | None
    gap_pp: float | None
    projected_year_end: float | None
    required_monthly: float | None
    stretch_ratio: float | None
    method: str | None
    status: str
    attempts: int
    last_error: str | None
    created_at: datetime
    composed_at: datetime | None
    sent_at: datetime | None
    year: int | None = (
        None  # the catalog year of the target (NULL only for rows older than years side by side)
    )

    @property
    def previous_status_zh(self) -> str | None:
        return STATUS_ZH.get(self.previous_status, self.previous_status) if self.previous_status else None


_ALERT_COLUMNS = [f.name for f in Alert.__dataclass_fields__.values()]


@dataclass(frozen=True)
class OutboxMessage:
    """One row of the ``alert_messages`` outbox table (bodies left out)."""

    id: int
    message_id: str
    audience: str
    department: str | None
    recipients: list[str]
    subject: str
    alert_ids: list[int]
    as_of: date
    status: str
    attempts: int
    last_error: str | None
    sent_at: datetime | None


_MESSAGE_COLUMNS = [f.name for f in OutboxMessage.__dataclass_fields__.values()]


@dataclass
class SendReport:
    """What a :func:`send_pending` (or :func:`notify`) run did.

    ``sent`` and ``failed`` count emails of this run; ``pending`` the emails still waiting
    after it; ``alerts_*`` the whole outbox after it.
    """

    transport: str
    delivers_mail: bool
    sent: int = 0
    pending: int = 0
    failed: int = 0
    alerts_sent: int = 0
    alerts_pending: int = 0
    alerts_failed: int = 0
    raised: int = 0
    composed: int = 0
    errors: list[str] = field(default_factory=list)
    held: int = 0  # emails kept back by an unreleased storm hold (bijie_etl.alerts.storm)
    hold_reason_zh: str | None = None
    released: int = 0  # emails of earlier holds released by this run's confirmation

    @property
    def summary_zh(self) -> str:
        """One line for the run log and the CLI (a storm hold first: the operator must act on it)."""
        held = f"【提醒邮件已暂扣 {self.held} 封】{self.hold_reason_zh or ''}；" if self.held else ""
        return held + self._delivery_zh()

    def _delivery_zh(self) -> str:
        if not self.delivers_mail:
            folder = self.transport.removeprefix("EML ")
            return (
                f"未配置SMTP服务器，邮件未实际发送：本次{self.sent}封邮件写成 .eml 文件，保存在 {folder}；"
                f"预警{self.alerts_sent}条已写入 .eml 文件，待写{self.alerts_pending}条，失败{self.alerts_failed}条"
            )
        head = f"邮件发送（{self.transport}）：成功{self.sent}封，待重试{self.pending}封，失败{self.failed}封"
        return f"{head}；预警：已发送{self.alerts_sent}条，待发送{self.alerts_pending}条，失败{self.alerts_failed}条"


# --------------------------------------------------------------------------------------------
# Helpers


def con_of(warehouse: Any) -> duckdb.DuckDBPyConnection:
    """The DuckDB connection of a :class:`~bijie_etl.warehouse.Warehouse` (or a connection)."""
    return warehouse.con if hasattr(warehouse, "con") else warehouse


def now_in_bijie() -> datetime:
    """Beijing wall-clock time, naive (the warehouse convention)."""
    return datetime.now(TZ).replace(tzinfo=None)


def department_code(catalog: Catalog, assessment: AssessmentLike) -> str:
    dept = catalog.department(assessment.department) if assessment.department else None
    if dept is not None:
        return dept.code
    target = catalog.get(assessment.code)
    return target.department if target is not None else str(assessment.department)


def _decide(
    status: str, previous: tuple[str, date, date | None] | None, as_of: date, reminder_days: int
) -> AlertKind | None:
    """The alert (if any) a target's new status calls for, given what was seen before."""
    prev_status = previous[0] if previous else None
    if status in ALERTING_STATUSES and status != prev_status:
        return AlertKind.RAISED
    if previous is not None and status in REMINDER_STATUSES and status == prev_status:
        last_alert = previous[2]
        if last_alert is None or (as_of - last_alert).days >= reminder_days:
            return AlertKind.REMINDER
    if status == "on_track" and prev_status in ALERTING_STATUSES:
        return AlertKind.RECOVERED
    return None


def list_alerts(warehouse: Any, *, where: str = "TRUE", params: Sequence[Any] = ()) -> list[Alert]:
    """Alerts of the outbox (optionally filtered by an SQL condition), oldest first."""
    rows = (
        con_of(warehouse)
        .execute(
            f"SELECT {', '.join(_ALERT_COLUMNS)} FROM alerts WHERE {where} ORDER BY alert_id", list(params)
        )
        .fetchall()
    )
    return [Alert(*row) for row in rows]


def list_messages(warehouse: Any, *, where: str = "TRUE", params: Sequence[Any] = ()) -> list[OutboxMessage]:
    """Emails of the outbox (optionally filtered by an SQL condition), oldest first."""
    rows = (
        con_of(warehouse)
        .execute(
            f"SELECT {', '.join(_MESSAGE_COLUMNS)} FROM alert_messages WHERE {where} ORDER BY id",
            list(params),
        )
        .fetchall()
    )
    return [OutboxMessage(*row) for row in rows]


# --------------------------------------------------------------------------------------------
# 1. Raise


_ALERT_COLUMNS_NEW = (
    "alert_id", "alert_key", "kind", "target_code", "department", "as_of", "target_status", "target_status_zh",
    "previous_status", "name_zh", "unit", "target", "stretch", "period", "actual", "expected", "pace_ratio",
    "gap_pp", "projected_year_end", "required_monthly", "stretch_ratio", "method", "created_at", "year",
)  # fmt: skip


def raise_alerts(
    warehouse: Any, catalog: Catalog, assessments: Iterable[AssessmentLike], as_of: date, settings: Settings
) -> list[Alert]:
    """Record (status ``pending``) the alerts these assessments call for; returns the new ones.

    Idempotent: the same assessments again raise nothing new. An assessment older than what
    was already seen for its target (a backfill of an earlier date) changes nothing.
    """
    con = con_of(warehouse)
    year = catalog.year  # alert state is kept per (year, target): years side by side
    state = {
        code: (status, seen, last_alert)
        for code, status, seen, last_alert in con.execute(
            "SELECT target_code, status, as_of, last_alert_as_of FROM alert_state WHERE year = ?", [year]
        ).fetchall()
    }
    latest = {a.code: a for a in assessments}  # the last assessment of a code wins
    now = now_in_bijie()
    new_rows: list[list[Any]] = []
    state_rows: list[tuple[Any, ...]] = []
    with transaction_of(warehouse):
        # the keys already raised for this date, read once (raising is idempotent per key)
        known_keys = {
            r[0] for r in con.execute("SELECT alert_key FROM alerts WHERE as_of = ?", [as_of]).fetchall()
        }
        for code, a in latest.items():
            previous = state.get(code)
            if previous is not None and previous[1] > as_of:
                continue
            status = str(a.status)
            kind = _decide(status, previous, as_of, settings.reminder_days)
            last_alert = previous[2] if previous else None
            if kind is not None:
                key = f"{code}:{kind}:{status}:{as_of.isoformat()}"
                if year != as_of.year:  # closing last year in January: the same code may alert for both years
                    key = f"{year}:{key}"
                if key not in known_keys:  # inserted below, all at once
                    known_keys.add(key)
                    new_rows.append(
                        [
                            key,
                            str(kind),
                            code,
                            department_code(catalog, a),
                            as_of,
                            status,
                            str(a.status_zh or STATUS_ZH.get(status, status)),
                            previous[0] if previous else None,
                            a.name_zh,
                            a.unit,
                            a.target,
                            a.stretch,
                            a.period,
                            a.actual,
                            a.expected,
                            a.pace_ratio,
                            a.gap_pp,
                            a.projected_year_end,
                            a.required_monthly,
                            a.stretch_ratio,
                            str(a.method) if a.method is not None else None,
                            now,
                            year,
                        ]
                    )
                if kind in (AlertKind.RAISED, AlertKind.REMINDER):
                    last_alert = as_of
            state_rows.append((year, code, status, as_of, last_alert, now))
        new_ids = insert_with_ids(con, "alerts", _ALERT_COLUMNS_NEW, "seq_alert_id", new_rows)
        if state_rows:  # one set-based upsert, not one statement per target (157 of them every night)
            import pyarrow as pa

            names = ["year", "target_code", "status", "as_of", "last_alert_as_of", "updated_at"]
            table = pa.table({name: [row[k] for row in state_rows] for k, name in enumerate(names)})
            con.register("_alert_state_new", table)
            try:
                con.execute(
                    "DELETE FROM alert_state WHERE year = ? AND target_code IN (SELECT target_code FROM _alert_state_new)",
                    [year],
                )
                con.execute(
                    "INSERT INTO alert_state (year, target_code, status, as_of, last_alert_as_of, updated_at)"
                    " SELECT year, target_code, status, as_of, last_alert_as_of, updated_at FROM _alert_state_new"
                )
            finally:
                con.unregister("_alert_state_new")
    raised = list_alerts(con, where="list_contains(?, alert_id)", params=[new_ids]) if new_ids else []
    if raised:
        log.info("新增预警%d条（截至%s）", len(raised), as_of.isoformat())
    return raised
