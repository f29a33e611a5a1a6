"""Alert emails: Chinese composition (jinja2 templates) and the transports that deliver them.

Composition turns a batch of :class:`~bijie_etl.alerts.Alert` rows into a subject plus a text
and an HTML body (autoescaped: target names are data and may contain ``<script>``; the HTML
uses inline styles only, no external resource). Delivery goes through a transport:

* :class:`SmtpTransport` — SMTP from the settings (``BIJIE_SMTP_*``) or from a Prefect
  ``EmailServerCredentials`` block (package ``prefect-email``);
* :class:`EmlOutbox` — no mail server configured: each message becomes an ``.eml`` file in
  ``settings.outbox_dir`` (the demo's default).

Every failure is a :class:`MailError` that says whether it is permanent (a 5xx reply) and
whether the connection itself failed (refused, timeout, authentication), with the SMTP password
redacted from its text. The password is only ever unwrapped inside :meth:`SmtpTransport._connect`.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import math
import os
import smtplib
import socket
import ssl
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from email import policy
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from pydantic import SecretStr

if TYPE_CHECKING:
    from bijie_etl.alerts.state import Alert
    from bijie_etl.settings import Settings

__all__ = [
    "Composed",
    "EmlOutbox",
    "MailError",
    "SmtpTransport",
    "Transport",
    "build_email",
    "compose_department",
    "compose_digest",
    "format_value",
    "make_message_id",
    "redact",
    "transport_from_settings",
]

log = logging.getLogger(__name__)

SYSTEM_NAME_ZH = "毕节市政府工作报告目标监测系统"

#: Subject phrases per target status, most urgent first.
_STATUS_ORDER = ("off_track", "at_risk", "late", "no_data")
_PHRASE_ZH = {"off_track": "进度滞后", "at_risk": "进度预警", "late": "数据迟报", "no_data": "无数据"}
_SHORT_ZH = {"off_track": "滞后", "at_risk": "预警", "late": "迟报", "no_data": "无数据"}


# --------------------------------------------------------------------------------------------
# Errors and redaction


class MailError(Exception):
    """Sending one message failed.

    ``permanent``: the server refused it for good (5xx); retried until
    ``settings.smtp_max_attempts``, then marked failed. ``connection``: the server could not be
    reached or refused the session (refused, timeout, dropped, authentication): the rest of the
    batch is left pending for the next run. The text never contains the SMTP password.
    """

    def __init__(
        self, message: str, *, permanent: bool = False, connection: bool = False, code: int | None = None
    ):
        super().__init__(message)
        self.permanent = permanent
        self.connection = connection
        self.code = code


def redact(text: str, secrets: Iterable[str | None]) -> str:
    """``text`` with every secret (and its base64 forms, as AUTH sends them) replaced by ``***``."""
    for secret in secrets:
        if not secret:
            continue
        forms = {secret, base64.b64encode(secret.encode()).decode()}
        for form in sorted(forms, key=len, reverse=True):
            text = text.replace(form, "***")
    return text


# --------------------------------------------------------------------------------------------
# Formatting


def _number(value: float) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_value(value: float | None, unit: str | None) -> str:
    """``1,234.5亿元``, ``8.5%``; ``—`` when there is no number."""
    if value is None or not math.isfinite(value):
        return "—"
    unit = unit or ""
    return f"{_number(value)}{unit}"


def _pace_text(alert: Alert) -> str:
    if alert.pace_ratio is not None and math.isfinite(alert.pace_ratio):
        return f"完成进度 {alert.pace_ratio * 100:.1f}%"
    if alert.gap_pp is not None and math.isfinite(alert.gap_pp):
        return f"差距 {alert.gap_pp:+.2f}个百分点"
    return "—"


def _required_text(alert: Alert) -> str:
    value = alert.required_monthly
    if value is None or not math.isfinite(value):
        return "—"
    if value <= 0:
        return "已达全年目标"
    return f"{format_value(value, alert.unit)}/月"


def _period_text(period: date | None) -> str:
    return f"{period.year}年{period.month}月" if period else "尚无数据"


def _change_text(alert: Alert) -> str:
    if alert.kind == "reminder":
        return f"持续{alert.target_status_zh}，再次提醒"
    if alert.kind == "recovered":
        return f"{alert.previous_status_zh or '—'} → 正常"
    if alert.previous_status is None:
        return "首次评估"
    return f"{alert.previous_status_zh} → {alert.target_status_zh}"


def _row(alert: Alert, department_names: Mapping[str, str]) -> dict[str, Any]:
    return {
        "name": alert.name_zh,
        "code": alert.target_code,
        "department": department_names.get(alert.department, alert.department),
        "status": alert.target_status,
        "status_zh": "正常" if alert.kind == "recovered" else alert.target_status_zh,
        "kind": alert.kind,
        "change": _change_text(alert),
        "period": _period_text(alert.period),
        "target": format_value(alert.target, alert.unit),
        "stretch": format_value(alert.stretch, alert.unit) if alert.stretch is not None else "",
        "actual": format_value(alert.actual, alert.unit),
        "expected": format_value(alert.expected, alert.unit),
        "pace": _pace_text(alert),
        "projected": format_value(alert.projected_year_end, alert.unit),
        "required": _required_text(alert),
        "explain": None,  # the digest fills in the department's 情况说明 for 预警/滞后 targets
    }


def _explain_text(explanation: Mapping[str, Any] | None) -> str:
    """One line for the digest: the department's latest 情况说明, or that it is missing."""
    if not explanation:
        return "责任单位尚未提交情况说明"
    text = (
        f"进展：{explanation['progress']}；问题：{explanation['problems']}；措施：{explanation['measures']}"
    )
    if explanation.get("recovery_month"):
        text += f"；预计{explanation['recovery_month']}恢复正常"
    return f"{text}（{explanation.get('author_name') or ''}）"


def _as_of_text(alerts: Sequence[Alert], as_of: date) -> str:
    periods = [a.period for a in alerts if a.period is not None]
    if periods:
        latest = max(periods)
        return f"{latest.year}年{latest.month}月"
    return f"{as_of.year}年{as_of.month}月{as_of.day}日"


def subject_for(alerts: Sequence[Alert], *, year: int, as_of: date, digest: bool = False) -> str:
    """``【毕节市2024年目标监测】3项指标进度滞后（截至2024年6月）`` and its variants."""
    problems = [a for a in alerts if a.kind != "recovered"]
    recovered = len(alerts) - len(problems)
    counts = Counter(a.target_status for a in problems)
    parts: list[str] = []
    if len(counts) == 1:
        ((status, n),) = counts.items()
        parts.append(f"{n}项指标{_PHRASE_ZH.get(status, '需关注')}")
    elif counts:
        order = [s for s in _STATUS_ORDER if s in counts] + sorted(
            s for s in counts if s not in _STATUS_ORDER
        )
        detail = "、".join(f"{_SHORT_ZH.get(s, s)}{counts[s]}项" for s in order)
        parts.append(f"{len(problems)}项指标需关注：{detail}")
    if recovered:
        parts.append(f"{recovered}项指标恢复正常")
    lead = (
        "汇总：" if digest else ("提醒：" if problems and all(a.kind == "reminder" for a in problems) else "")
    )
    return f"【毕节市{year}年目标监测】{lead}{'，'.join(parts)}（截至{_as_of_text(alerts, as_of)}）"


# --------------------------------------------------------------------------------------------
# Templates

_ENV = Environment(
    loader=PackageLoader("bijie_etl", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True, default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
# Text templates must not be escaped: they are plain text, never rendered by a browser.
_TEXT_ENV = _ENV.overlay(autoescape=False)


@dataclass(frozen=True)
class Composed:
    """One email as composed: subject, plain-text body and HTML body."""

    subject: str
    text: str
    html: str


def _render(name: str, context: dict[str, Any]) -> tuple[str, str]:
    text = _TEXT_ENV.get_template(f"{name}.txt").render(**context)
    html = _ENV.get_template(f"{name}.html").render(**context)
    return text, html


def compose_department(alerts: Sequence[Alert], *, department_name: str, year: int, as_of: date) -> Composed:
    """The email to one department about its own targets."""
    rows = [_row(a, {}) for a in alerts]
    subject = subject_for(alerts, year=year, as_of=as_of)
    context = {
        "subject": subject,
        "department": department_name,
        "rows": rows,
        "year": year,
        "as_of": f"{as_of.year}年{as_of.month}月{as_of.day}日",
        "data_as_of": _as_of_text(alerts, as_of),
        "system": SYSTEM_NAME_ZH,
    }
    text, html = _render("alert_department", context)
    return Composed(subject, text, html)


def compose_digest(
    alerts: Sequence[Alert],
    *,
    department_names: Mapping[str, str],
    year: int,
    as_of: date,
    explanations: Mapping[str, Mapping[str, Any]] | None = None,
) -> Composed:
    """The leadership digest: every alert of the run grouped by status, then 恢复正常.

    ``explanations`` (target code → latest 情况说明) puts the department's explanation, or
    "尚未提交", beside every 预警/滞后 target.
    """
    rows = [_row(a, department_names) for a in alerts]
    if explanations is not None:
        for r in rows:
            if r["kind"] != "recovered" and r["status"] in ("at_risk", "off_track"):
                r["explain"] = _explain_text(explanations.get(r["code"]))
    groups = []
    for status in _STATUS_ORDER:
        members = [r for r in rows if r["kind"] != "recovered" and r["status"] == status]
        if members:
            groups.append({"title": _PHRASE_ZH[status], "rows": members})
    others = [r for r in rows if r["kind"] != "recovered" and r["status"] not in _STATUS_ORDER]
    if others:
        groups.append({"title": "其他", "rows": others})
    recovered = [r for r in rows if r["kind"] == "recovered"]
    subject = subject_for(alerts, year=year, as_of=as_of, digest=True)
    context = {
        "subject": subject,
        "groups": groups,
        "recovered": recovered,
        "total": len(rows) - len(recovered),
        "year": year,
        "as_of": f"{as_of.year}年{as_of.month}月{as_of.day}日",
        "data_as_of": _as_of_text(alerts, as_of),
        "system": SYSTEM_NAME_ZH,
    }
    text, html = _render("alert_digest", context)
    return Composed(subject, text, html)


def make_message_id(key: str, sender: str) -> str:
    """A deterministic Message-ID for an outbox row: the same row always gets the same id."""
    domain = sender.rpartition("@")[2].strip(" <>") or "bijie-etl.invalid"
    return f"<{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}.alert@{domain}>"


def build_email(
    *,
    sender: str,
    recipients: Sequence[str],
    subject: str,
    text: str,
    html: str,
    message_id: str,
    attachments: Sequence[tuple[str, str, bytes]] = (),
) -> EmailMessage:
    """A multipart/alternative UTF-8 message (text first, HTML preferred by mail readers).

    ``attachments`` are ``(file name, MIME type, content)``; the message becomes multipart/mixed.
    """
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = sender
    msg["To"] = ", ".join(recipients)
    msg["Subject"] = _one_line(subject)
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = message_id
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(text, charset="utf-8")
    msg.add_alternative(html, subtype="html", charset="utf-8")
    for name, mime, content in attachments:
        maintype, _, subtype = mime.partition("/")
        msg.add_attachment(
            content, maintype=maintype, subtype=subtype or "octet-stream", filename=_one_line(name)
        )
    return msg


def _one_line(text: str) -> str:
    """A header value on one line: a department's file name may hold a newline or other control characters."""
    return "".join(" " if ord(ch) < 32 or ord(ch) == 127 else ch for ch in text).strip()


# --------------------------------------------------------------------------------------------
# Transports


class Transport(Protocol):
    """Delivers composed messages. ``send`` raises :class:`MailError`; ``close`` ends a session."""

    @property
    def description(self) -> str: ...

    @property
    def delivers_mail(self) -> bool: ...

    def send(self, message: EmailMessage, recipients: Sequence[str]) -> list[str]:
        """Deliver ``message``; returns the recipients the server refused (others accepted)."""
        ...

    def close(self) -> None: ...


class SmtpTransport:
    """SMTP delivery; one connection is reused for a batch and reopened after a failure."""

    delivers_mail = True

    def __init__(
        self,
        host: str,
        port: int = 25,
        *,
        user: str | None = None,
        password: SecretStr | None = None,
        starttls: bool = False,
        use_ssl: bool = False,
        verify: bool = True,
        timeout: float = 10.0,
    ) -> None:
        if user and password is None:
            from bijie_etl.settings import MissingSecret

            raise MissingSecret("SMTP user given without a password: refusing to send mail unauthenticated")
        self.host = host
        self.port = port
        self.user = user
        self._password = password
        self.starttls = starttls
        self.use_ssl = use_ssl
        self.verify = verify
        self.timeout = timeout
        self._smtp: smtplib.SMTP | None = None

    def __repr__(self) -> str:
        return f"SmtpTransport(host={self.host!r}, port={self.port}, user={self.user!r}, starttls={self.starttls})"

    @property
    def description(self) -> str:
        return f"SMTP {self.host}:{self.port}"

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpTransport:
        """The transport named by ``BIJIE_SMTP_HOST`` / ``_PORT`` / ``_USER`` / ``_PASSWORD`` / ``_STARTTLS``."""
        if not settings.smtp_host:
            raise ValueError("BIJIE_SMTP_HOST is not set")
        return cls(
            settings.smtp_host,
            settings.smtp_port,
            user=settings.smtp_user,
            password=settings.smtp_password,
            starttls=settings.smtp_starttls,
            timeout=settings.smtp_timeout,
        )

    @classmethod
    def from_block(cls, block: Any, *, timeout: float = 10.0) -> SmtpTransport:
        """From a Prefect ``EmailServerCredentials`` block (its SMTP type picks SSL/STARTTLS/plain)."""
        smtp_type = getattr(block.smtp_type, "name", str(block.smtp_type)).upper()
        password = block.password if block.password and block.password.get_secret_value() else None
        return cls(
            block.smtp_server,
            int(block.smtp_port or getattr(block.smtp_type, "value", 25)),
            user=block.username or None,
            password=password,
            starttls=smtp_type == "STARTTLS",
            use_ssl=smtp_type == "SSL",
            verify=bool(getattr(block, "verify", True)),
            timeout=timeout,
        )

    def _secrets(self) -> list[str]:
        if self._password is None:
            return []
        secret = self._password.get_secret_value()
        plain = f"\0{self.user or ''}\0{secret}"
        return [secret, base64.b64encode(plain.encode()).decode()]

    def _redact(self, text: str) -> str:
        return redact(text, self._secrets())

    def _ssl_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if not self.verify:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context

    def _connect(self) -> smtplib.SMTP:
        local = socket.gethostname() or "localhost"  # not getfqdn(): no DNS lookup at run time
        smtp: smtplib.SMTP
        if self.use_ssl:
            smtp = smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, local_hostname=local, context=self._ssl_context()
            )
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout, local_hostname=local)
        try:
            smtp.ehlo()
            if self.starttls:
                smtp.starttls(context=self._ssl_context())
                smtp.ehlo()
            if self.user and self._password is not None:
                smtp.login(self.user, self._password.get_secret_value())
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, message: EmailMessage, recipients: Sequence[str]) -> list[str]:
        """Send over the open connection (opening it first); see :class:`MailError` for failures."""
        try:
            if self._smtp is None:
                self._smtp = self._connect()
            refused = self._smtp.send_message(message, to_addrs=list(recipients))
            return sorted(refused)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            detail = "; ".join(
                f"{rcpt}: {code} {_decode(resp)}" for rcpt, (code, resp) in exc.recipients.items()
            )
            raise MailError(
                self._redact(f"所有收件人均被拒绝 ({detail})"),
                permanent=all(c >= 500 for c in codes),
                code=max(codes, default=None),
            ) from None
        except (smtplib.SMTPAuthenticationError, smtplib.SMTPHeloError, smtplib.SMTPConnectError) as exc:
            self.close()
            raise MailError(
                self._redact(f"SMTP会话被拒绝 ({exc.smtp_code} {_decode(exc.smtp_error)})"),
                connection=True,
                code=exc.smtp_code,
            ) from None
        except smtplib.SMTPResponseException as exc:
            permanent = exc.smtp_code >= 500
            kind = "永久失败" if permanent else "暂时失败"
            raise MailError(
                self._redact(f"邮件服务器{kind} ({exc.smtp_code} {_decode(exc.smtp_error)})"),
                permanent=permanent,
                code=exc.smtp_code,
            ) from None
        except (smtplib.SMTPException, OSError) as exc:  # refused, timeout, dropped, TLS problems
            self.close()
            # smtplib reports a read timeout as SMTPServerDisconnected("... timed out")
            if isinstance(exc, TimeoutError) or "timed out" in str(exc):
                raise MailError(
                    f"邮件服务器 {self.host}:{self.port} 响应超时（超过{self.timeout:g}秒）", connection=True
                ) from None
            raise MailError(
                self._redact(f"无法连接邮件服务器 {self.host}:{self.port} ({type(exc).__name__}: {exc})"),
                connection=True,
            ) from None

    def check_connection(self) -> None:
        """Connect, EHLO, STARTTLS and log in as configured, then QUIT: nothing is sent.

        Raises :class:`MailError` (password redacted) saying what failed; used by ``bijie-etl doctor``.
        """
        self.close()
        try:
            self._smtp = self._connect()
        except smtplib.SMTPAuthenticationError as exc:
            raise MailError(
                self._redact(
                    f"邮件服务器 {self.host}:{self.port} 拒绝登录，认证失败（{exc.smtp_code} {_decode(exc.smtp_error)}）"
                ),
                connection=True,
                code=exc.smtp_code,
            ) from None
        except smtplib.SMTPNotSupportedError as exc:
            raise MailError(
                self._redact(f"邮件服务器 {self.host}:{self.port} 不支持所需的功能（{exc}）"), connection=True
            ) from None
        except smtplib.SMTPResponseException as exc:
            raise MailError(
                self._redact(
                    f"邮件服务器 {self.host}:{self.port} 拒绝会话（{exc.smtp_code} {_decode(exc.smtp_error)}）"
                ),
                connection=True,
                code=exc.smtp_code,
            ) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise MailError(
                self._redact(f"无法连接邮件服务器 {self.host}:{self.port}（{type(exc).__name__}: {exc}）"),
                connection=True,
            ) from None
        finally:
            self.close()

    def close(self) -> None:
        """End the session (QUIT if the server still answers, else just close the socket)."""
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


def _decode(response: bytes | str) -> str:
    return response.decode("utf-8", "replace") if isinstance(response, bytes) else str(response)


class EmlOutbox:
    """No mail server: each message becomes ``<dir>/<message-id>.eml`` (written atomically).

    The file name comes from the deterministic Message-ID, so writing a message twice leaves
    one file, not two.
    """

    delivers_mail = False

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def __repr__(self) -> str:
        return f"EmlOutbox({str(self.directory)!r})"

    @property
    def description(self) -> str:
        return f"EML {self.directory}"

    def path_for(self, message: EmailMessage) -> Path:
        """Where ``message`` is (or will be) written."""
        local = str(message["Message-ID"] or "").strip("<> ").partition("@")[0]
        safe = "".join(c for c in local if c.isalnum() or c in "-._") or "message"
        return self.directory / f"{safe}.eml"

    def send(self, message: EmailMessage, recipients: Sequence[str]) -> list[str]:
        """Write the message; an OS error (disk full, permissions) is a temporary failure."""
        target = self.path_for(message)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(message.as_bytes(policy=policy.SMTP))
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise MailError(
                f"无法写入邮件文件 {target} ({type(exc).__name__}: {exc})", connection=True
            ) from None
        return []

    def close(self) -> None:
        """Nothing to close."""


def transport_from_settings(settings: Settings) -> Transport:
    """SMTP from a Prefect block (``BIJIE_SMTP_BLOCK``) or ``BIJIE_SMTP_HOST``; else an ``.eml`` outbox."""
    if settings.smtp_block:
        try:
            from prefect_email import EmailServerCredentials
        except ImportError as exc:  # pragma: no cover - prefect-email is a dependency
            raise RuntimeError(
                "BIJIE_SMTP_BLOCK 需要安装 prefect-email 包 (pip install prefect-email)"
            ) from exc
        block = EmailServerCredentials.load(settings.smtp_block)
        log.info("使用 Prefect 邮件凭据块 %s 发送邮件", settings.smtp_block)
        return SmtpTransport.from_block(block, timeout=settings.smtp_timeout)
    if settings.smtp_host:
        return SmtpTransport.from_settings(settings)
    log.info("未配置SMTP服务器：邮件将写入 %s（.eml 文件）", settings.outbox_dir)
    return EmlOutbox(settings.outbox_dir)
