"""Mail transports: how a built email is delivered (the wording is :mod:`bijie_etl.alerts.compose`'s).

Delivery goes through a transport:

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
import os
import smtplib
import socket
import ssl
import tempfile
from collections.abc import Iterable, Sequence
from email import policy
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import SecretStr

from bijie_etl.errors import BijieError

if TYPE_CHECKING:
    from bijie_etl.settings import Settings

__all__ = [
    "EmlOutbox",
    "MailError",
    "SmtpTransport",
    "Transport",
    "build_email",
    "make_message_id",
    "redact",
    "transport_from_settings",
]

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------------------------
# Errors and redaction


class MailError(BijieError):
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
