"""Fixtures shared by the reliability trials."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.reliability import hostile


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection (an XXE must never reach it)."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = int(self.sock.getsockname()[1])
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@pytest.fixture(scope="session")
def listener() -> Iterator[Listener]:
    """A loopback listener the network-XXE case points at."""
    server = Listener()
    yield server
    server.close()


@pytest.fixture(scope="session")
def battery(tmp_path_factory: pytest.TempPathFactory, listener: Listener) -> tuple[Path, dict[str, Path]]:
    """The whole hostile battery, generated once per session: (inbox, {case name: path})."""
    inbox = tmp_path_factory.mktemp("hostile") / "inbox"
    return inbox, hostile.generate(inbox, port=listener.port)
