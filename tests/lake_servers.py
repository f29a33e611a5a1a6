"""Real servers for the province-mode (DuckLake) tests, all on 127.0.0.1.

* ``postgres_server``: Debian's PostgreSQL (``/usr/lib/postgresql/*/bin``), a fresh cluster in a
  temporary folder, started with ``pg_ctl`` on a free port. ``initdb`` refuses to run as root, so
  as root the cluster belongs to the ``postgres`` user and the commands run through ``runuser``.
* ``s3_server``: moto's server mode (``moto_server``, pip ``moto[server]``), an S3-compatible
  endpoint for the lake's Parquet files.

Without them (a developer machine lacking Debian's postgresql), the lake tests skip with the
reason; with ``BIJIE_REQUIRE_LAKE=1`` (``.ci/run``) they fail instead, so CI can never pass by
skipping them.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REQUIRED = os.environ.get("BIJIE_REQUIRE_LAKE") == "1"


def unavailable(reason: str) -> None:
    """Skip (developer machine) or fail (CI, BIJIE_REQUIRE_LAKE=1) for a missing lake prerequisite."""
    if REQUIRED:
        pytest.fail(f"BIJIE_REQUIRE_LAKE=1 but {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(found[-1]).parent if found else None


@dataclass
class Postgres:
    bin: Path
    port: int
    as_user: list[str]  # ["runuser", "-u", "postgres", "--"] when root, else []
    serial: int = 0

    def run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, capture_output=True, timeout=60)

    def new_database(self, prefix: str = "lake") -> str:
        """A new empty database on the server; returns its name."""
        self.serial += 1
        name = f"{prefix}_{os.getpid()}_{self.serial}"
        self.run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return name

    def url(self, database: str) -> str:
        return f"ducklake:postgres:dbname={database} host=127.0.0.1 port={self.port} user=postgres"


@contextlib.contextmanager
def run_postgres() -> Iterator[Postgres]:
    """A throw-away PostgreSQL cluster on 127.0.0.1 (trust auth, fsync off)."""
    bin_dir = _pg_bin()
    if bin_dir is None:
        unavailable("Debian's postgresql is not installed (apt-get install postgresql)")
        raise AssertionError("unreachable")
    as_user: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="bijie-pg-"))
    if os.geteuid() == 0:
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres")
    data = root / "data"
    port = free_port()
    pg = Postgres(bin_dir, port, as_user)
    try:
        pg.run(
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-sync",
        )
        pg.run(
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(root / "log"),
            "-w",
            "-t",
            "60",
            "-o",
            f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off -c max_connections=200",
            "start",
        )
        yield pg
    finally:
        with contextlib.suppress(Exception):
            pg.run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)


@dataclass
class S3:
    endpoint: str  # host:port
    serial: int = 0

    def new_bucket(self, prefix: str = "lake") -> str:
        """A new empty bucket; returns its name."""
        self.serial += 1
        name = f"{prefix}-{os.getpid()}-{self.serial}"
        req = urllib.request.Request(f"http://{self.endpoint}/{name}", method="PUT")
        with urllib.request.urlopen(req, timeout=10) as resp:
            assert resp.status == 200
        return name

    def settings(self) -> dict[str, Any]:
        return {
            "lake_s3_endpoint": self.endpoint,
            "lake_s3_key_id": "testing",
            "lake_s3_secret": "testing",
            "lake_s3_use_ssl": False,
            "lake_s3_url_style": "path",
        }

    def env(self) -> dict[str, str]:
        return {
            f"BIJIE_{k.upper()}": str(v).lower() if isinstance(v, bool) else str(v)
            for k, v in self.settings().items()
        }


@contextlib.contextmanager
def run_s3() -> Iterator[S3]:
    """moto's S3-compatible server on 127.0.0.1 (in-memory buckets)."""
    exe = Path(sys.executable).parent / "moto_server"
    if not exe.exists():
        unavailable("moto_server is not installed (pip install 'moto[server]')")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="bijie-moto-") as tmp, open(Path(tmp) / "log", "wb+") as log:
        proc = subprocess.Popen([str(exe), "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=log)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                        break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        log.seek(0)
                        raise RuntimeError(f"moto_server did not start: {log.read()[-2000:]!r}") from None
                    time.sleep(0.2)
            yield S3(f"127.0.0.1:{port}")
        finally:
            proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(10)
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Postgres]:
    """One PostgreSQL cluster per test session (per xdist worker)."""
    with run_postgres() as pg:
        yield pg


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3]:
    """One moto S3 server per test session (per xdist worker)."""
    with run_s3() as s3:
        yield s3
