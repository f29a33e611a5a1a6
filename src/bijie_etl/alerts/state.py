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
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol

import duckdb

from bijie_etl import mail
from bijie_etl.alerts import compose
from bijie_etl.catalog import Catalog
from bijie_etl.mail import MailError, Transport
from bijie_etl.pace.rules import Status
from bijie_etl.settings import TZ, Settings
from bijie_etl.vocabulary import ALERTING

__all__ = [
    "ALERTING_STATUSES",
    "REMINDER_STATUSES",
    "Alert",
    "AlertKind",
    "Delivery",
    "OutboxMessage",
    "SendReport",
    "compose_messages",
    "list_alerts",
    "list_messages",
    "notify",
    "raise_alerts",
    "send_pending",
]

log = logging.getLogger(__name__)

#: Statuses that raise an alert when a target enters them.
ALERTING_STATUSES = frozenset(s.value for s in ALERTING)
#: Statuses that are reminded of every ``settings.reminder_days`` while they last.
REMINDER_STATUSES = frozenset({"off_track", "late"})

_STATUS_ZH = {s.value: s.label_zh for s in Status}


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
        return _STATUS_ZH.get(self.previous_status, self.previous_status) if self.previous_status else None


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


def _con(warehouse: Any) -> duckdb.DuckDBPyConnection:
    """The DuckDB connection of a :class:`~bijie_etl.warehouse.Warehouse` (or a connection)."""
    return warehouse.con if hasattr(warehouse, "con") else warehouse


def _now() -> datetime:
    """Beijing wall-clock time, naive (the warehouse convention)."""
    return datetime.now(TZ).replace(tzinfo=None)


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Any:
    con.begin()
    try:
        yield con
    except BaseException:
        con.rollback()
        raise
    con.commit()


def _department_code(catalog: Catalog, assessment: AssessmentLike) -> str:
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
        _con(warehouse)
        .execute(
            f"SELECT {', '.join(_ALERT_COLUMNS)} FROM alerts WHERE {where} ORDER BY alert_id", list(params)
        )
        .fetchall()
    )
    return [Alert(*row) for row in rows]


def list_messages(warehouse: Any, *, where: str = "TRUE", params: Sequence[Any] = ()) -> list[OutboxMessage]:
    """Emails of the outbox (optionally filtered by an SQL condition), oldest first."""
    rows = (
        _con(warehouse)
        .execute(
            f"SELECT {', '.join(_MESSAGE_COLUMNS)} FROM alert_messages WHERE {where} ORDER BY id",
            list(params),
        )
        .fetchall()
    )
    return [OutboxMessage(*row) for row in rows]


# --------------------------------------------------------------------------------------------
# 1. Raise


def raise_alerts(
    warehouse: Any, catalog: Catalog, assessments: Iterable[AssessmentLike], as_of: date, settings: Settings
) -> list[Alert]:
    """Record (status ``pending``) the alerts these assessments call for; returns the new ones.

    Idempotent: the same assessments again raise nothing new. An assessment older than what
    was already seen for its target (a backfill of an earlier date) changes nothing.
    """
    con = _con(warehouse)
    year = catalog.year  # alert state is kept per (year, target): years side by side
    state = {
        code: (status, seen, last_alert)
        for code, status, seen, last_alert in con.execute(
            "SELECT target_code, status, as_of, last_alert_as_of FROM alert_state WHERE year = ?", [year]
        ).fetchall()
    }
    latest = {a.code: a for a in assessments}  # the last assessment of a code wins
    now = _now()
    new_ids: list[int] = []
    state_rows: list[tuple[Any, ...]] = []
    with _transaction(con):
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
                # No ON CONFLICT/RETURNING: the same SQL must run on DuckLake (province mode), which has
                # neither keys nor RETURNING; one writer per warehouse makes check-then-insert safe.
                if key not in known_keys:
                    known_keys.add(key)
                    (alert_id,) = con.execute("SELECT nextval('seq_alert_id')").fetchall()[0]
                    con.execute(
                        """
                        INSERT INTO alerts (alert_id, alert_key, kind, target_code, department, as_of, target_status,
                            target_status_zh, previous_status, name_zh, unit, target, stretch, period, actual,
                            expected, pace_ratio, gap_pp, projected_year_end, required_monthly, stretch_ratio,
                            method, created_at, year)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                        [
                            alert_id,
                            key,
                            str(kind),
                            code,
                            _department_code(catalog, a),
                            as_of,
                            status,
                            str(a.status_zh or _STATUS_ZH.get(status, status)),
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
                        ],
                    )
                    new_ids.append(int(alert_id))
                if kind in (AlertKind.RAISED, AlertKind.REMINDER):
                    last_alert = as_of
            state_rows.append((year, code, status, as_of, last_alert, now))
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


# --------------------------------------------------------------------------------------------
# 2. Compose


def compose_messages(
    warehouse: Any, catalog: Catalog, settings: Settings, as_of: date
) -> list[OutboxMessage]:
    """Put every pending alert not yet in an email into department emails and one digest.

    Recovered targets go in the digest only. An alert nobody can receive (its department has
    no contacts and there is no digest list) is marked failed with the reason, never dropped.
    """
    con = _con(warehouse)
    alerts = list_alerts(con, where="status = 'pending' AND composed_at IS NULL")
    if not alerts:
        return []
    names = {d.code: d.name_zh for d in catalog.departments}
    order = {d.code: i for i, d in enumerate(catalog.departments)}
    planned: list[tuple[str, str | None, list[str], compose.Composed, list[Alert]]] = []

    by_department: dict[str, list[Alert]] = {}
    for a in alerts:
        if a.kind != AlertKind.RECOVERED:
            by_department.setdefault(a.department, []).append(a)
    for code in sorted(by_department, key=lambda c: (order.get(c, len(order)), c)):
        dept = catalog.department(code)
        contacts = list(dept.contacts) if dept else []
        if not contacts:
            log.warning("部门 %s 未配置联系人：其预警只进入领导汇总", names.get(code, code))
            continue
        items = by_department[code]
        composed = compose.compose_department(
            items, department_name=names.get(code, code), year=catalog.year, as_of=as_of
        )
        planned.append(("department", code, contacts, composed, items))
    digest_to = list(settings.alert_digest_to)
    if digest_to:
        from bijie_etl.warehouse.store import latest_explanations

        composed = compose.compose_digest(
            alerts,
            department_names=names,
            year=catalog.year,
            as_of=as_of,
            explanations=latest_explanations(con, catalog.year),
        )
        planned.append(("digest", None, digest_to, composed, alerts))

    carried = {a.alert_id for *_, items in planned for a in items}
    now = _now()
    with _transaction(con):
        ids: list[int] = []
        for audience, dept_code, recipients, composed, items in planned:
            key = f"{audience}:{dept_code or ''}:" + ",".join(a.alert_key for a in items)
            message_id = mail.make_message_id(key, settings.alert_from)
            if con.execute("SELECT 1 FROM alert_messages WHERE message_id = ?", [message_id]).fetchall():
                continue
            (row_id,) = con.execute("SELECT nextval('seq_alert_message_id')").fetchall()[0]
            con.execute(
                """
                INSERT INTO alert_messages (id, message_id, audience, department, recipients, subject, body_text,
                    body_html, alert_ids, as_of, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    row_id,
                    message_id,
                    audience,
                    dept_code,
                    recipients,
                    composed.subject,
                    composed.text,
                    composed.html,
                    [a.alert_id for a in items],
                    as_of,
                    now,
                ],
            )
            ids.append(int(row_id))
        if carried:
            con.execute(
                "UPDATE alerts SET composed_at = ? WHERE list_contains(?, alert_id)", [now, sorted(carried)]
            )
        orphans = [a.alert_id for a in alerts if a.alert_id not in carried]
        if orphans:
            con.execute(
                "UPDATE alerts SET status = 'failed', composed_at = ?, last_error = ? WHERE list_contains(?, alert_id)",
                [
                    now,
                    "无收件人：牵头部门未配置联系人，且未配置领导汇总收件人 (BIJIE_ALERT_DIGEST_TO)",
                    orphans,
                ],
            )
    return list_messages(con, where="list_contains(?, id)", params=[ids]) if ids else []


# --------------------------------------------------------------------------------------------
# 3. Send


def _sync_alert_status(con: duckdb.DuckDBPyConnection) -> None:
    """Pending alerts follow their emails: all sent → sent; any failed → failed."""
    con.execute(
        """
        UPDATE alerts SET status = agg.new_status, attempts = agg.attempts,
            last_error = agg.last_error, sent_at = agg.sent_at
        FROM (
            SELECT alert_id,
                CASE WHEN bool_or(status = 'failed') THEN 'failed'
                     WHEN bool_and(status = 'sent') THEN 'sent' ELSE 'pending' END AS new_status,
                max(attempts) AS attempts,
                arg_max(last_error, id) FILTER (WHERE last_error IS NOT NULL) AS last_error,
                CASE WHEN bool_and(status = 'sent') THEN max(sent_at) END AS sent_at
            FROM (SELECT UNNEST(alert_ids) AS alert_id, id, status, attempts, last_error, sent_at FROM alert_messages)
            GROUP BY alert_id
        ) AS agg
        WHERE alerts.alert_id = agg.alert_id AND alerts.status = 'pending'
        """
    )


def _attachments(
    con: duckdb.DuckDBPyConnection, message_ids: list[str]
) -> dict[str, list[tuple[str, str, bytes]]]:
    """Files attached to the pending emails (migration 005: the desk's feedback reports)."""
    if not message_ids:
        return {}
    try:
        rows = con.execute(
            "SELECT message_id, file_name, mime_type, content FROM alert_message_attachments"
            " WHERE list_contains(?, message_id) ORDER BY rowid",
            [message_ids],
        ).fetchall()
    except duckdb.CatalogException:  # a warehouse from before migration 005
        return {}
    found: dict[str, list[tuple[str, str, bytes]]] = {}
    for message_id, name, mime, content in rows:
        found.setdefault(message_id, []).append((name, mime, bytes(content)))
    return found


def send_pending(warehouse: Any, transport: Transport, settings: Settings) -> SendReport:
    """Send every pending email; never raises for mail problems (they are recorded instead).

    Each email is marked sent in its own transaction right after the server accepted it. A
    connection failure (refused, timeout, authentication) stops the batch: the rest stays
    pending, untouched, for the next run.
    """
    con = _con(warehouse)
    _sync_alert_status(con)
    secrets = [settings.smtp_password.get_secret_value()] if settings.smtp_password else []
    report = SendReport(transport=transport.description, delivers_mail=transport.delivers_mail)
    from bijie_etl.alerts.storm import held_message_ids

    held = held_message_ids(con)  # kept back by the storm guard until the operator confirms
    rows = [
        row
        for row in con.execute(
            "SELECT id, message_id, recipients, subject, body_text, body_html, attempts FROM alert_messages WHERE status = 'pending' ORDER BY id"
        ).fetchall()
        if row[0] not in held
    ]
    attachments = _attachments(con, [r[1] for r in rows])
    try:
        for msg_id, message_id, recipients, subject, text, html, attempts in rows:
            attempts += 1
            con.execute(
                "UPDATE alert_messages SET attempts = ?, last_attempt_at = ?, transport = ? WHERE id = ?",
                [attempts, _now(), transport.description, msg_id],
            )
            email = mail.build_email(
                sender=settings.alert_from,
                recipients=recipients,
                subject=subject,
                text=text,
                html=html,
                message_id=message_id,
                attachments=attachments.get(message_id, ()),
            )
            try:
                refused = transport.send(email, recipients)
            except MailError as exc:
                error = mail.redact(str(exc), secrets)
                give_up = exc.permanent and attempts >= settings.smtp_max_attempts
                con.execute(
                    "UPDATE alert_messages SET status = ?, last_error = ? WHERE id = ?",
                    ["failed" if give_up else "pending", error, msg_id],
                )
                report.failed += give_up
                report.errors.append(f"{subject}: {error}")
                log.warning(
                    "邮件 %s 发送失败（第%d次%s）：%s",
                    message_id,
                    attempts,
                    "，不再重试" if give_up else "，下次运行重试",
                    error,
                )
                if exc.connection:
                    break
                continue
            note = f"部分收件人被拒绝：{', '.join(refused)}" if refused else None
            con.execute(
                "UPDATE alert_messages SET status = 'sent', sent_at = ?, last_error = ? WHERE id = ?",
                [_now(), note, msg_id],
            )
            report.sent += 1
            log.info(
                "邮件已%s：%s → %s",
                "发送" if transport.delivers_mail else "写入",
                subject,
                ", ".join(recipients),
            )
    finally:
        transport.close()
    _sync_alert_status(con)
    (report.pending,) = con.execute(
        "SELECT count(*) FROM alert_messages WHERE status = 'pending'"
    ).fetchone() or (0,)
    counts = dict(con.execute("SELECT status, count(*) FROM alerts GROUP BY status").fetchall())
    report.alerts_sent = counts.get("sent", 0)
    report.alerts_pending = counts.get("pending", 0)
    report.alerts_failed = counts.get("failed", 0)
    log.info(report.summary_zh)
    return report


def notify(
    warehouse: Any,
    catalog: Catalog,
    assessments: Iterable[AssessmentLike],
    as_of: date,
    settings: Settings,
    transport: Transport | None = None,
    *,
    confirm: bool = False,
    also_hold: Sequence[int] = (),
) -> SendReport:
    """The nightly step: raise, compose, guard against a storm, send (transport from the settings unless given).

    When this run's alerts are a storm (:mod:`bijie_etl.alerts.storm`) their emails are held, not sent,
    unless ``confirm`` (the operator's explicit go-ahead), which also releases earlier holds.
    ``also_hold``: outbox ids queued by this run that a storm holds with the alerts (the desk's
    deadline reminders).
    """
    from bijie_etl.alerts import storm

    assessments = list(assessments)
    raised = raise_alerts(warehouse, catalog, assessments, as_of, settings)
    composed = compose_messages(warehouse, catalog, settings, as_of)
    released = storm.release_holds(warehouse, by="confirm") if confirm else 0
    if not confirm:
        storm.guard(
            warehouse,
            raised=raised,
            message_ids=[m.id for m in composed]
            + [i for i in also_hold if i not in {m.id for m in composed}],
            targets=len(assessments),
            as_of=as_of,
            settings=settings,
        )
    report = send_pending(warehouse, transport or mail.transport_from_settings(settings), settings)
    report.raised = len(raised)
    report.composed = len(composed)
    report.released = released
    holds = storm.active_holds(warehouse)
    report.held = sum(h.messages for h in holds)
    report.hold_reason_zh = holds[-1].reason_zh if holds else None
    return report
