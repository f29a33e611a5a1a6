"""Test helpers for the department desk: a real warehouse made by a real run, a real uvicorn server on
127.0.0.1 (free port, in a thread), and a small HTTP client that logs in and carries the CSRF token.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from bijie_etl.desk.app import create_app
from bijie_etl.desk.store import DeskStore, Role
from bijie_etl.ingest.template import HEADER as TEMPLATE_HEADER
from bijie_etl.settings import Settings
from spreadsheets import write_xlsx

__all__ = ["AS_OF", "PASSWORDS", "DeskClient", "DeskServer", "energy_rows", "make_world", "serve_desk"]

AS_OF = date(2024, 6, 15)
HEADER = [label for label, _field in TEMPLATE_HEADER]  # the template's header, written once

#: Accounts every desk test world has (user name → password).
PASSWORDS = {
    "energy1": "energy-pass-1234",
    "energy2": "energy-pass-5678",
    "agri1": "agri-pass-1234",
    "analyst1": "analyst-pass-1234",
    "leader1": "leader-pass-1234",
    "admin1": "admin-pass-1234",
}
_ROLES = {
    "energy1": (Role.DEPARTMENT, "energy"),
    "energy2": (Role.DEPARTMENT, "energy"),
    "agri1": (Role.DEPARTMENT, "agriculture"),
    "analyst1": (Role.ANALYST, None),
    "leader1": (Role.LEADER, None),
    "admin1": (Role.ADMIN, None),
}


def energy_rows(
    month: int,
    *,
    coal_ytd: float | None = None,
    power_ytd: float | None = None,
    extra: list[list[Any]] | None = None,
) -> list[list[Any]]:
    """Canonical rows of 市能源局 for ``month`` of 2024: 煤炭产量 (behind pace) and 发电量 (on pace unless ``power_ytd``)."""
    ytd = coal_ytd if coal_ytd is not None else 500.0 * month
    rows = [
        HEADER,
        ["coal_output", "煤炭产量", "万吨", f"2024-{month:02d}", "全市", 500.0, ytd, None, None, None, None],
        [
            "power_generation",
            "发电量",
            "亿千瓦时",
            f"2024-{month:02d}",
            "全市",
            50.0,
            power_ytd if power_ytd is not None else 50.0 * month,
            None,
            None,
            None,
            None,
        ],
    ]
    return rows + (extra or [])


def make_world(
    tmp: Path, *, months: int = 5, settings: Settings | None = None, as_of: date = AS_OF
) -> Settings:
    """Settings on ``tmp``, an inbox with 市能源局's files for January..``months`` run into a real warehouse, and the accounts.

    ``settings`` (e.g. pointing at the test SMTP server) gets its warehouse and inbox moved under ``tmp``.
    """
    from bijie_etl.run import run_nightly

    base = settings.model_dump() if settings is not None else {}
    # Only 市能源局 reports in this world: most targets are 无数据 by design, not an alert storm to hold.
    base.update(
        warehouse_dir=tmp / "warehouse", inbox_dir=tmp / "inbox", lock_timeout=30, alert_storm_share=1.0
    )
    settings = Settings(**base)
    folder = settings.inbox_dir / "能源局"
    folder.mkdir(parents=True)
    for m in range(1, months + 1):
        write_xlsx(folder / f"能源局_2024-{m:02d}.xlsx", {"数据": energy_rows(m)})
    run_nightly(settings, as_of, notify=False)
    store = DeskStore(settings.desk_db_path)
    for name, password in PASSWORDS.items():
        role, dept = _ROLES[name]
        store.add_user(
            name,
            password,
            role=role,
            department=dept,
            display_name=f"{name}用户",
            email=f"{name}@example.org",
        )
    return settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class DeskServer:
    url: str
    settings: Settings
    server: uvicorn.Server

    @property
    def store(self) -> DeskStore:
        return DeskStore(self.settings.desk_db_path)

    def client(self) -> DeskClient:
        return DeskClient(self.url)


@contextmanager
def serve_desk(settings: Settings, *, as_of: date = AS_OF, proxy: bool = False) -> Iterator[DeskServer]:
    """The real desk app under uvicorn on 127.0.0.1 (a free port), in a thread, for the block.

    ``proxy``: as ``bijie-etl serve --proxy`` (X-Forwarded-For/-Proto trusted from 127.0.0.1).
    """
    port = free_port()
    config = uvicorn.Config(
        create_app(settings, as_of=as_of),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="off",
        proxy_headers=proxy,
        forwarded_allow_ips="127.0.0.1" if proxy else None,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("desk server did not start")
        time.sleep(0.02)
    try:
        yield DeskServer(f"http://127.0.0.1:{port}", settings, server)
    finally:
        server.should_exit = True
        thread.join(10)


_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


class DeskClient:
    """An HTTP client with its own cookie jar; ``csrf`` is the token of the last page fetched."""

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, follow_redirects=False, timeout=60)
        self.csrf: str | None = None
        self.landing: httpx.Response | None = None  # the page a successful login arrived at

    def close(self) -> None:
        self.http.close()

    def get(self, path: str, **kw: Any) -> httpx.Response:
        r = self.http.get(path, **kw)
        m = _CSRF.search(r.text) if r.headers.get("content-type", "").startswith("text/html") else None
        if m:
            self.csrf = m.group(1)
        return r

    def page(self, path: str) -> httpx.Response:
        """GET following redirects (and remembering the CSRF token of the page reached)."""
        r = self.get(path)
        for _ in range(5):
            if r.status_code not in (301, 302, 303, 307):
                break
            r = self.get(r.headers["location"])
        return r

    def post(
        self, path: str, data: dict[str, Any] | None = None, *, csrf: bool = True, **kw: Any
    ) -> httpx.Response:
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf", self.csrf)
        return self.http.post(path, data=data, **kw)

    def login(self, username: str, password: str | None = None) -> httpx.Response:
        self.page("/login")
        r = self.post("/login", {"username": username, "password": password or PASSWORDS[username]})
        if r.status_code == 303:
            self.landing = self.page(r.headers["location"])
        return r

    def upload(self, department: str, path: Path, *, name: str | None = None) -> httpx.Response:
        """Upload ``path`` from the department page; returns the result page (after the redirect)."""
        with open(path, "rb") as fh:
            r = self.http.post(
                f"/dept/{department}/upload",
                data={"csrf": self.csrf},
                files={"file": (name or path.name, fh, "application/octet-stream")},
            )
        if r.status_code == 303:
            return self.page(r.headers["location"])
        return r

    @property
    def cookie(self) -> str | None:
        return self.http.cookies.get("bijie_desk")
