"""The alert outbox: emails composed from pending alerts, then sent exactly once (steps 2 and 3).

See :mod:`bijie_etl.alerts.state` for the whole cycle: :func:`compose_messages` batches the alerts
not yet in any email into one email per department and one digest, each a row of
``alert_messages`` written before anything is sent; :func:`send_pending` sends every pending email
and marks it sent in its own transaction right after the server accepted it; :func:`notify` runs
raise → compose → send as the nightly run calls it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import duckdb

from bijie_etl import mail
from bijie_etl.alerts import compose
from bijie_etl.alerts.state import (
    Alert,
    AlertKind,
    AssessmentLike,
    OutboxMessage,
    SendReport,
    con_of,
    list_alerts,
    list_messages,
    now_in_bijie,
    raise_alerts,
)
from bijie_etl.catalog import Catalog
from bijie_etl.mail import MailError, Transport
from bijie_etl.settings import Settings
from bijie_etl.warehouse.store import insert_with_ids, transaction_of

__all__ = ["compose_messages", "notify", "send_pending"]

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------------------------
# 2. Compose


_MESSAGE_COLUMNS_NEW = (
    "id", "message_id", "audience", "department", "recipients", "subject", "body_text", "body_html",
    "alert_ids", "as_of", "created_at",
)  # fmt: skip


def compose_messages(
    warehouse: Any, catalog: Catalog, settings: Settings, as_of: date
) -> list[OutboxMessage]:
    """Put every pending alert not yet in an email into department emails and one digest.

    Recovered targets go in the digest only. An alert nobody can receive (its department has
    no contacts and there is no digest list) is marked failed with the reason, never dropped.
    """
    con = con_of(warehouse)
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
    now = now_in_bijie()
    with transaction_of(warehouse):
        keyed = []  # each planned email with its Message-ID (the same alerts give the same id)
        for audience, dept_code, recipients, composed, items in planned:
            key = f"{audience}:{dept_code or ''}:" + ",".join(a.alert_key for a in items)
            message_id = mail.make_message_id(key, settings.alert_from)
            keyed.append((message_id, audience, dept_code, recipients, composed, items))
        sent_before = {
            r[0]
            for r in con.execute(
                "SELECT message_id FROM alert_messages WHERE list_contains(?, message_id)",
                [[k[0] for k in keyed]],
            ).fetchall()
        }
        rows = [
            [message_id, audience, dept_code, recipients, composed.subject, composed.text, composed.html,
             [a.alert_id for a in items], as_of, now]
            for message_id, audience, dept_code, recipients, composed, items in keyed
            if message_id not in sent_before
        ]  # fmt: skip
        ids = insert_with_ids(con, "alert_messages", _MESSAGE_COLUMNS_NEW, "seq_alert_message_id", rows)
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
    con = con_of(warehouse)
    with transaction_of(warehouse):
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
            with transaction_of(
                warehouse
            ):  # province mode: a run that lost its city's lease stops before sending
                con.execute(
                    "UPDATE alert_messages SET attempts = ?, last_attempt_at = ?, transport = ? WHERE id = ?",
                    [attempts, now_in_bijie(), transport.description, msg_id],
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
                with transaction_of(warehouse):
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
            with transaction_of(warehouse):
                con.execute(
                    "UPDATE alert_messages SET status = 'sent', sent_at = ?, last_error = ? WHERE id = ?",
                    [now_in_bijie(), note, msg_id],
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
    with transaction_of(warehouse):
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
