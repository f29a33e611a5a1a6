"""A real Prefect server for the tests, and the helpers to drive it (the ``prefect`` CLI, its REST API, waiting for runs).

``prefect server start`` on 127.0.0.1 (a free port) with its own PREFECT_HOME. Starting one costs
more CPU than most tests that use it, so every test that needs a server is in
tests/test_prefect_server.py and the fixture is module-scoped: one server for them all (and with
``make test``'s ``--dist loadfile`` one module runs on one worker). Each test looks only at the runs
it started (flow-run ids, parent ids), never at "every run on the server".

That server starts on an empty database, as a user's first ``prefect server start`` does (so does the
README operator script's, tests/test_operator_readme.py). The other tests that start a server of
their own (``bijie-etl server start``, ``bijie-etl run``'s temporary server, the wheel's demo) start it
on a copy of a database migrated once per test session (:func:`migrated_prefect_db`): migrating an
empty database is a third of a server start's CPU.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bijie_etl.orchestration import OFFLINE_PREFECT_ENV
from bijie_etl.settings import PROJECT_ROOT

BIN = Path(sys.executable).parent
#: A test's workers look for scheduled runs every 2 s (Prefect's default is 10 s): a run that waited
#: for a concurrency slot, or was just created, starts sooner; nothing else about the worker changes.
WORKER_ENV = {"PREFECT_WORKER_QUERY_SECONDS": "2"}


#: Off in the tests' server: `deploy --all` schedules prefect.yaml's nightly run (02:00 Asia/Shanghai),
#: and a test's worker polling the pool around 18:00 UTC would take that run as well as its own.
NO_SCHEDULER = {"PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(
    cmd: list[str], env: dict[str, str], log: Path, cwd: Path = PROJECT_ROOT
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        cmd,
        env=env,
        cwd=cwd,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A `prefect server start` on 127.0.0.1 with its own PREFECT_HOME, for the module's tests; yields the environment to talk to it (copy it before changing it)."""
    tmp_path = tmp_path_factory.mktemp("prefect-server")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(OFFLINE_PREFECT_ENV)
    env.update(
        PREFECT_HOME=str(tmp_path / "prefect-home"),
        PREFECT_API_URL=f"http://127.0.0.1:{port}/api",
        PREFECT_CLI_PROMPT="false",
        PREFECT_SERVER_UI_ENABLED="false",
        PREFECT_LOGGING_LEVEL="INFO",
    )
    # Waiting for a concurrency slot: a deployment run that finds its deployment's one slot taken
    # (collision strategy ENQUEUE) is put back "AwaitingConcurrencySlot", scheduled 30 s later by
    # default, and a flow waiting in `concurrency()` for a global limit (a city's) is told to retry
    # after up to 30 s: the tests' runs idled ~25 s after the run ahead of them had ended. Here they
    # retry after 1-2 s; the slot still decides when they run. Only the server reads these settings.
    server_env = {
        **env,
        "PREFECT_SERVER_DEPLOYMENTS_CONCURRENCY_SLOT_WAIT_SECONDS": "1",
        "PREFECT_SERVER_CONCURRENCY_MAXIMUM_CONCURRENCY_SLOT_WAIT_SECONDS": "2",
        **NO_SCHEDULER,
    }
    server = _start(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        server_env,
        tmp_path / "server.log",
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    "prefect server did not start:\n"
                    + (tmp_path / "server.log").read_text(errors="replace")[-3000:]
                )
            time.sleep(0.5)
        # Migrated and its blocks registered, nothing of any test's yet: the session's template.
        _keep_as_template(tmp_path / "prefect-home" / "prefect.db", _shared_dir(tmp_path_factory))
        yield env
    finally:
        _stop(server)


#: The migrated database every worker of the session copies (tests/prefect_servers.py's docstring).
TEMPLATE = "prefect-template.db"


def _shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder the session's xdist workers share (each worker's basetemp is a subfolder of it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def _template_lock(shared: Path) -> Iterator[Path]:
    """The template's path, with the other workers kept out while this one reads or writes it."""
    with (shared / f"{TEMPLATE}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield shared / TEMPLATE
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _keep_as_template(database: Path, shared: Path) -> None:
    """A snapshot of a just-started server's database (SQLite's online backup: the server keeps running)."""
    with _template_lock(shared) as template:
        if template.exists():
            return
        partial = template.with_suffix(".partial")
        with (
            contextlib.closing(sqlite3.connect(database)) as src,
            contextlib.closing(sqlite3.connect(partial)) as dst,
        ):
            src.backup(dst)
        partial.rename(template)


@pytest.fixture(scope="session")
def migrated_prefect_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Prefect database at the installed Prefect's latest migration, made once per session (shared by the xdist workers): copy it with :func:`seed_prefect_home`, never write to it.

    Usually the snapshot :func:`prefect_server` takes of its empty server's database (test_prefect_server.py
    runs first); else ``prefect server database upgrade`` makes it.
    """
    with _template_lock(_shared_dir(tmp_path_factory)) as template:
        if not template.exists():
            home = tmp_path_factory.mktemp("prefect-template")
            env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
            env.update(OFFLINE_PREFECT_ENV, PREFECT_HOME=str(home))
            _prefect(env, "server", "database", "upgrade", "-y")
            shutil.copyfile(home / "prefect.db", template)
    return template


def seed_prefect_home(home: Path, database: Path) -> Path:
    """``home`` as a PREFECT_HOME whose database is a copy of ``database`` (:func:`migrated_prefect_db`); returns ``home``."""
    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(database, home / "prefect.db")
    return home


@pytest.fixture(scope="module")
def deployed(prefect_server: dict[str, str]) -> str:
    """The work pool and ``prefect deploy --all`` from prefect.yaml, once for the module's tests; returns deploy's output."""
    _prefect(prefect_server, "work-pool", "create", "bijie-process", "--type", "process", "--overwrite")
    return _prefect(prefect_server, "deploy", "--all")


def _prefect(env: dict[str, str], *args: str) -> str:
    proc = subprocess.run(
        [str(BIN / "prefect"), *args],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert proc.returncode == 0, f"prefect {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def _api(env: dict[str, str], method: str, path: str, body: object | None = None) -> Any:
    """Call the server's REST API directly: independent of any Prefect settings cached in this process.

    Like Prefect's own client, a 429/502/503 (the server's SQLite busy on a loaded machine) is retried.
    """
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        env["PREFECT_API_URL"] + path, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    for attempt in range(6):
        try:
            with urllib.request.urlopen(request, timeout=30) as resp:
                return json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            if exc.code not in {429, 502, 503} or attempt == 5:
                raise
            time.sleep(0.5 * 2**attempt)
    raise AssertionError("unreachable")


def _wait_for(env: dict[str, str], flow_run_ids: list[str], timeout: float = 400) -> list[str]:
    deadline = time.monotonic() + timeout
    while True:
        states = [
            (_api(env, "GET", f"/flow_runs/{fid}").get("state") or {}).get("type", "NONE")
            for fid in flow_run_ids
        ]
        if (
            all(s in {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"} for s in states)
            or time.monotonic() > deadline
        ):
            return states
        time.sleep(2)  # faster polling costs the shared server CPU for at most ~1 s saved per wait
