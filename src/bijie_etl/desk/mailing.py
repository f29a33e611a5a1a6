"""The desk's emails, through the alerts outbox: deadline reminders and the run's feedback reports.

Both are recorded in ``alert_messages`` (``purpose`` = ``reminder`` / ``feedback``) *before*
anything is sent, with a Message-ID made from what they are about (``reminder:<dept>:<month>``,
``feedback:<dept>:<sha256>``): queueing twice inserts nothing, and :func:`bijie_etl.alerts.send_pending`
sends each exactly once (marked sent right after the server accepts it), retrying on the next run
when the mail server is down. The feedback email carries the feedback workbook as an attachment
(table ``alert_message_attachments``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import duckdb
import jinja2

from bijie_etl import mail
from bijie_etl.alerts import compose
from bijie_etl.catalog import Catalog, Department
from bijie_etl.settings import Settings
from bijie_etl.warehouse.store import insert_with_ids, transaction_of

__all__ = ["queue_feedback", "queue_reminders", "queue_run_mail"]

log = logging.getLogger(__name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_HTML = jinja2.Environment(
    loader=jinja2.PackageLoader("bijie_etl.desk", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_TEXT = _HTML.overlay(autoescape=False)


def _con(warehouse: Any) -> duckdb.DuckDBPyConnection:
    return warehouse if isinstance(warehouse, duckdb.DuckDBPyConnection) else warehouse.con


def _recipients(con: duckdb.DuckDBPyConnection, dept: Department, settings: Settings) -> list[str]:
    """The department's contacts and the e-mail addresses of its active desk accounts."""
    found = list(dept.contacts)
    if settings.desk_db_path.exists():
        from bijie_etl.desk.store import DeskStore, desk_city

        for user in DeskStore(settings.desk_db_path, city=desk_city(settings)).list_users():
            if user.active and user.department == dept.code and user.email and user.email not in found:
                found.append(user.email)
    return found


def _render(name: str, context: dict[str, Any]) -> tuple[str, str]:
    return _TEXT.get_template(f"{name}.txt").render(**context), _HTML.get_template(f"{name}.html").render(
        **context
    )


@dataclass(frozen=True)
class _Mail:
    """One email for the outbox: what it is about (``key``, its Message-ID's source), to whom, and its text."""

    key: str
    purpose: str
    department: str
    recipients: list[str]
    subject: str
    text: str
    html: str
    attachment: tuple[str, str, bytes] | None = None


def _queue(
    warehouse: Any,
    *,
    key: str,
    purpose: str,
    department: str,
    recipients: list[str],
    subject: str,
    text: str,
    html: str,
    as_of: date,
    settings: Settings,
    attachment: tuple[str, str, bytes] | None = None,
) -> int | None:
    """Record one email (and its attachment) in the outbox; its outbox id, or None when it was already there."""
    mail_ = _Mail(key, purpose, department, recipients, subject, text, html, attachment)
    return _queue_all(warehouse, [mail_], as_of=as_of, settings=settings)[0]


_MESSAGE_COLUMNS = (
    "id", "message_id", "audience", "department", "recipients", "subject", "body_text", "body_html",
    "alert_ids", "as_of", "created_at", "purpose",
)  # fmt: skip


def _queue_all(warehouse: Any, mails: list[_Mail], *, as_of: date, settings: Settings) -> list[int | None]:
    """Record ``mails`` (and their attachments) in the outbox in one transaction, in order; each one's
    outbox id, or None when it was already there (queued by an earlier run, or earlier in ``mails``).

    One transaction and a few statements for the night's emails, not a transaction of four statements
    each: a night with 18 feedback reports spent ~0.1 s of CPU on them. Nothing is sent before it
    commits, so a run stopped meanwhile queues them all on its retry, as it did one by one.
    """
    if not mails:
        return []
    keyed = [(mail.make_message_id(m.key, settings.alert_from), m) for m in mails]
    with transaction_of(warehouse) as con:  # province mode: renews the city lease first
        # No ON CONFLICT/RETURNING: the same SQL runs on DuckLake (province mode), which has neither.
        there = {
            row[0]
            for row in con.execute(
                "SELECT message_id FROM alert_messages WHERE list_contains(?, message_id)",
                [[message_id for message_id, _ in keyed]],
            ).fetchall()
        }
        new: list[tuple[str, _Mail]] = []
        for message_id, m in keyed:
            if message_id not in there:
                there.add(message_id)
                new.append((message_id, m))
        rows = [
            [message_id, "department", m.department, m.recipients, m.subject, m.text, m.html, [], as_of,
             datetime.now(UTC).replace(tzinfo=None), m.purpose]
            for message_id, m in new
        ]  # fmt: skip
        ids = insert_with_ids(con, "alert_messages", _MESSAGE_COLUMNS, "seq_alert_message_id", rows)
        attached = [(message_id, *m.attachment) for message_id, m in new if m.attachment is not None]
        for start in range(0, len(attached), 100):
            part = attached[start : start + 100]
            con.execute(
                "INSERT INTO alert_message_attachments (message_id, file_name, mime_type, content) VALUES "
                + ", ".join(["(?, ?, ?, ?)"] * len(part)),
                [value for row in part for value in row],
            )
    queued = dict(zip([message_id for message_id, _ in new], ids, strict=True))
    return [queued.pop(message_id, None) for message_id, _ in keyed]  # a repeated email: None the second time


def _feedback_file(settings: Settings, file_name: str, sha256: str) -> Path | None:
    from bijie_etl.ingest.feedback import report_stem

    stem = report_stem(SimpleNamespace(file_name=file_name, sha256=sha256))  # type: ignore[arg-type]
    path = settings.feedback_dir / f"{stem}_反馈.xlsx"
    return path if path.is_file() else None


def queue_feedback(warehouse: Any, catalog: Catalog, settings: Settings, as_of: date, run_id: int) -> int:
    """One email per file of run ``run_id`` that had problems, to its department, with the feedback workbook."""
    con = _con(warehouse)
    # A run that recorded no file (a quiet night) has nothing to report: the query below costs
    # ~15 ms even then (the rejected-rows view is counted for every file before the filter).
    if con.execute("SELECT 1 FROM submitted_files WHERE run_id = ? LIMIT 1", [run_id]).fetchone() is None:
        return 0
    # submitted_files, not v_submission_log: the same rows and columns, without the log's periods of
    # every file (which cost ~20 ms a night).
    rows = con.execute(
        "SELECT s.department, s.file_name, s.sha256, s.status, s.rows_loaded, s.rows_rejected, s.error,"
        " (SELECT count(*) FROM v_rejected_rows AS r WHERE r.submission_id = s.submission_id AND r.severity = 'error') AS errors,"
        " (SELECT count(*) FROM v_rejected_rows AS r WHERE r.submission_id = s.submission_id AND r.severity = 'warning'"
        "   AND r.code <> 'note_ignored') AS warnings"
        " FROM submitted_files AS s WHERE s.run_id = ? ORDER BY s.submission_id",
        [run_id],
    ).fetchall()
    mails: list[_Mail] = []
    for dept_code, file_name, sha256, status, loaded, rejected, error, errors, warnings in rows:
        if not (errors or warnings or error):
            continue
        dept = catalog.department(dept_code) if dept_code else None
        if dept is None:
            log.warning("反馈报告未发送：文件 %s 的报送部门未识别", file_name)
            continue
        recipients = _recipients(con, dept, settings)
        path = _feedback_file(settings, file_name, sha256)
        if not recipients or path is None:
            log.warning(
                "反馈报告未发送：%s（%s）", file_name, "无收件人" if not recipients else "未找到反馈报告"
            )
            continue
        shown = _original_name(settings, sha256) or file_name
        context = {
            "department": dept.name_zh,
            "file_name": shown,
            "status": status,
            "rows_loaded": loaded,
            "rows_rejected": rejected,
            "errors": errors,
            "warnings": warnings,
            "error": error,
            "attachment": path.name,
            "link": f"{settings.desk_url.rstrip('/')}/dept/{dept.code}",
            "system": compose.SYSTEM_NAME_ZH,
        }
        text, html = _render("email_feedback", context)
        subject = f"【毕节市{catalog.year}年目标监测】报送文件有问题，请查看反馈报告：{shown}"
        mails.append(
            _Mail(f"feedback:{dept.code}:{sha256}", "feedback", dept.code, recipients, subject, text, html,
                  attachment=(path.name, XLSX, path.read_bytes()))
        )  # fmt: skip
    return sum(new_id is not None for new_id in _queue_all(warehouse, mails, as_of=as_of, settings=settings))


def _original_name(settings: Settings, sha256: str) -> str | None:
    """The name the department uploaded a desk-submitted file under (for the email's subject)."""
    if not settings.desk_db_path.exists():
        return None
    import sqlite3

    with sqlite3.connect(settings.desk_db_path) as db:
        row = db.execute(
            "SELECT original_name FROM uploads WHERE sha256 = ? AND submitted_at IS NOT NULL ORDER BY submitted_at DESC",
            [sha256],
        ).fetchone()
    return str(row[0]) if row else None


def queue_reminders(warehouse: Any, catalog: Catalog, settings: Settings, as_of: date) -> list[int]:
    """A reminder to each department that has not sent last month's data, ``desk_reminder_days`` or fewer days
    before its deadline; returns the outbox ids queued now (the storm guard holds them with the night's alerts)."""
    from bijie_etl.desk.views import due_period, received_codes

    con = _con(warehouse)
    mails: list[_Mail] = []
    for dept in catalog.departments:
        due = due_period(catalog, dept, as_of)
        days_left = due.days_left(as_of)
        if not due.expected or not 0 <= days_left <= settings.desk_reminder_days:
            continue
        due.received = received_codes(con, dept.code, due.period)
        if not due.missing:
            continue
        recipients = _recipients(con, dept, settings)
        if not recipients:
            log.warning("截止提醒未发送：%s 未配置联系人", dept.name_zh)
            continue
        context = {
            "department": dept.name_zh,
            "period": due.label,
            "due": f"{due.due_date.month}月{due.due_date.day}日",
            "days_left": days_left,
            "missing": [t.name_zh for t in due.missing],
            "expected": len(due.expected),
            "link": f"{settings.desk_url.rstrip('/')}/dept/{dept.code}",
            "system": compose.SYSTEM_NAME_ZH,
        }
        text, html = _render("email_reminder", context)
        when = "今天" if days_left == 0 else f"{days_left}天后"
        subject = f"【毕节市{catalog.year}年目标监测】提醒：{due.label}数据{when}（{context['due']}）截止报送"
        mails.append(
            _Mail(
                f"reminder:{dept.code}:{due.period:%Y-%m}",
                "reminder",
                dept.code,
                recipients,
                subject,
                text,
                html,
            )
        )
    return [
        new_id
        for new_id in _queue_all(warehouse, mails, as_of=as_of, settings=settings)
        if new_id is not None
    ]


def queue_run_mail(warehouse: Any, catalog: Catalog, settings: Settings, as_of: date) -> dict[str, Any]:
    """What a run adds to the outbox before sending: reminders and the feedback of the current run's files.

    ``reminder_ids`` are the reminders' outbox ids: a night whose alerts are a storm holds them too
    (:mod:`bijie_etl.alerts.storm`) — a missing inbox makes every department look late, and reminding
    all of them would be the same harm as alerting all of them. Feedback is about files that did
    arrive and is never held.
    """
    con = _con(warehouse)
    row = con.execute("SELECT max(run_id) FROM runs").fetchone()
    run_id = int(row[0]) if row and row[0] is not None else 0
    reminder_ids = queue_reminders(con, catalog, settings, as_of)
    return {
        "reminders": len(reminder_ids),
        "reminder_ids": reminder_ids,
        "feedback": queue_feedback(con, catalog, settings, as_of, run_id) if run_id else 0,
    }
