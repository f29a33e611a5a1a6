"""Cookies, CSRF tokens, the session key and a request-body limit for the desk.

The session cookie carries ``s.<random id>`` (signed-in; the database keeps only the id's
SHA-256) or ``a.<random>`` (not signed in; the login form's CSRF token is derived from it),
followed by an HMAC-SHA256 signature with the desk's secret key. Signing in always issues a new
``s.`` id, so an id planted before login is worthless after it (session fixation).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bijie_etl.settings import Settings

__all__ = [
    "COOKIE_NAME",
    "BodyLimit",
    "Signer",
    "load_secret",
]

COOKIE_NAME = "bijie_desk"


def load_secret(settings: Settings) -> bytes:
    """The key that signs cookies: ``BIJIE_DESK_SECRET``, else a random key kept in ``desk/secret_key`` (mode 600)."""
    if settings.desk_secret is not None:
        value = settings.desk_secret.get_secret_value()
        if len(value) < 32:
            raise ValueError("BIJIE_DESK_SECRET must be at least 32 characters long")
        return value.encode()
    path: Path = settings.desk_dir / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as fh:
        fh.write(secrets.token_urlsafe(48).encode())
    return path.read_bytes().strip()


class Signer:
    """HMAC-SHA256 signatures for cookie values and derived CSRF tokens."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def _mac(self, purpose: str, value: str) -> str:
        digest = hmac.new(self._key, f"{purpose}\x00{value}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def sign(self, value: str) -> str:
        return f"{value}.{self._mac('cookie', value)}"

    def unsign(self, signed: str | None) -> str | None:
        """The value when the signature is right, else ``None``."""
        if not signed or "." not in signed:
            return None
        value, _, mac = signed.rpartition(".")
        return value if hmac.compare_digest(mac, self._mac("cookie", value)) else None

    def anonymous_csrf(self, anon_id: str) -> str:
        return self._mac("csrf", anon_id)

    @staticmethod
    def same(a: str | None, b: str | None) -> bool:
        return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, whether or not a Content-Length is sent."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await self._refuse(send)
            return
        received = 0
        refused = False

        async def limited() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    refused = True
                    raise _TooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        mb = self.limit / 1024 / 1024
        body = (
            f"<!DOCTYPE html><meta charset=utf-8><title>文件过大</title>"
            f"<p>文件过大（超过 {mb:.0f} MB 上限）。请只保留需要报送的工作表后重新上传。</p>"
            f'<p><a href="/">返回</a></p>'
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"text/html; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass
