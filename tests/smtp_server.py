"""A real SMTP server on 127.0.0.1 (aiosmtpd) that can misbehave on demand; a pytest plugin.

Use the ``smtp_server`` fixture (registered in ``tests/conftest.py``)::

    def test_x(smtp_server):
        settings = smtp_server.settings(tmp_path)           # BIJIE_SMTP_* pointing at it
        smtp_server.behave("tempfail", times=1)             # next DATA gets 451, then OK again
        smtp_server.behave("permfail")                      # every DATA gets 554
        smtp_server.behave("stall")                         # DATA never answers (client times out)
        smtp_server.stop(); ...; smtp_server.start()        # down (connection refused), then up
        smtp_server.messages                                # accepted messages, parsed

Accepted messages are parsed with ``email.policy.default`` (headers decoded). A stalled or
refused message is not recorded: only what the server acknowledged with 250 counts as delivered.
The server itself is not under test, so its own chatty logger (``mail.log``, which logs AUTH
exchanges at DEBUG) is quietened to WARNING while it runs.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

__all__ = ["FaultySmtpServer", "Received", "smtp_server"]

MODES = ("ok", "tempfail", "permfail", "stall")


@dataclass(frozen=True)
class Received:
    """One message the server accepted (250)."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    message: EmailMessage

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])


class _Handler:
    def __init__(self, server: FaultySmtpServer) -> None:
        self.server = server

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        mode = self.server._next_mode()
        self.server.attempts += 1
        if mode == "tempfail":
            return "451 4.3.0 Temporary local problem, try again later"
        if mode == "permfail":
            return "554 5.7.1 Message rejected by policy"
        if mode == "stall":
            deadline = time.monotonic() + self.server.stall_seconds
            while self.server.mode == "stall" and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            return "451 4.4.2 Stalled too long"  # the client has long given up; never recorded
        parsed = message_from_bytes(envelope.original_content, policy=policy.default)
        self.server.messages.append(Received(envelope.mail_from, tuple(envelope.rcpt_tos), parsed))  # type: ignore[arg-type]
        return "250 2.0.0 Message accepted for delivery"


class _Authenticator:
    def __init__(self, server: FaultySmtpServer) -> None:
        self.server = server

    def __call__(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        user, password = auth_data.login.decode(), auth_data.password.decode()
        self.server.logins.append((user, password))
        ok = self.server.credentials is None or self.server.credentials == (user, password)
        return AuthResult(success=ok, handled=False)  # handled=False: the server answers 235/535 itself


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class FaultySmtpServer:
    """A real aiosmtpd server on 127.0.0.1 with switchable faults.

    ``credentials``: (user, password) the server accepts; any other login gets 535. None
    accepts every login. AUTH is offered without TLS (loopback only).
    """

    def __init__(self, *, credentials: tuple[str, str] | None = None, stall_seconds: float = 10.0) -> None:
        self.host = "127.0.0.1"
        self.port = free_port()
        self.credentials = credentials
        self.stall_seconds = stall_seconds
        self.messages: list[Received] = []
        self.logins: list[tuple[str, str]] = []
        self.attempts = 0  # DATA commands seen, whatever the answer
        self.mode = "ok"
        self._times: int | None = None
        self._controller: Controller | None = None

    # Behaviour ---------------------------------------------------------------------------
    def behave(self, mode: str, *, times: int | None = None) -> None:
        """Answer the next ``times`` DATA commands (all, if None) as ``mode``, then ``ok``."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        self.mode, self._times = mode, times

    def _next_mode(self) -> str:
        mode = self.mode
        if self._times is not None and mode != "ok":
            self._times -= 1
            if self._times <= 0:
                self.mode, self._times = "ok", None
        return mode

    # Life cycle --------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._controller is not None

    def start(self) -> None:
        """Listen on the (same) port; a stopped server refuses connections."""
        if self._controller is not None:
            return
        controller = Controller(
            _Handler(self),
            hostname=self.host,
            port=self.port,
            authenticator=_Authenticator(self),
            auth_require_tls=False,
            auth_required=False,
        )
        controller.start()
        self._controller = controller

    def stop(self) -> None:
        """Stop listening: connections are refused until :meth:`start`."""
        controller, self._controller = self._controller, None
        if controller is not None:
            self.mode = "ok"  # release a stalled handler so the loop can stop
            controller.stop()

    # Helpers -----------------------------------------------------------------------------
    def settings(self, tmp_path: Path, **overrides: Any) -> Any:
        """A :class:`bijie_etl.settings.Settings` that sends to this server."""
        from bijie_etl.settings import Settings

        values: dict[str, Any] = {
            "smtp_host": self.host,
            "smtp_port": self.port,
            # A server that answers is never waited on this long; on a loaded 2-core machine its thread
            # can take more than 2 s to answer, which failed a run that expected no failure. Tests of a
            # stalled server set their own short timeout.
            "smtp_timeout": 10.0,
            "warehouse_dir": tmp_path,
            "alert_from": "monitor@bijie.example.org",
            "alert_digest_to": ["leader@bijie.example.org"],
        }
        values.update(overrides)
        return Settings(**values)

    def message_ids(self) -> list[str]:
        return [r.message_id for r in self.messages]


@pytest.fixture
def smtp_server() -> Iterator[FaultySmtpServer]:
    """A started :class:`FaultySmtpServer`, stopped after the test."""
    server_log = logging.getLogger("mail.log")
    level = server_log.level
    server_log.setLevel(logging.WARNING)
    server = FaultySmtpServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
        server_log.setLevel(level)
