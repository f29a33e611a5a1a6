"""A real Prefect server: create the pool, `prefect deploy --all`, start a worker, run `nightly` on demo data."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from bijie_etl.catalog import load_catalog_from_settings
from bijie_etl.orchestration import OFFLINE_PREFECT_ENV
from bijie_etl.settings import PROJECT_ROOT, load_settings

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent


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


@pytest.fixture
def prefect_server(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A `prefect server start` on 127.0.0.1 with its own PREFECT_HOME; yields the environment to talk to it."""
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
    server = _start(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env,
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
        yield env
    finally:
        _stop(server)


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
    """Call the server's REST API directly: independent of any Prefect settings cached in this process."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        env["PREFECT_API_URL"] + path, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as resp:
        return json.loads(resp.read())


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
        time.sleep(2)


def _artifacts(env: dict[str, str], flow_run_id: str) -> list[str]:
    found = _api(env, "POST", "/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [flow_run_id]}}})
    return [a["data"] for a in found if isinstance(a.get("data"), str)]


def test_deploy_and_run_nightly_on_a_real_server(prefect_server: dict[str, str], tmp_path: Path) -> None:
    """Deployments from prefect.yaml run on a process worker started outside the checkout; two runs at once both complete and load each file once."""
    from bijie_etl.demo.generate import generate_demo

    env = dict(prefect_server)
    env.update(
        BIJIE_INBOX_DIR=str(tmp_path / "inbox"),
        BIJIE_WAREHOUSE_DIR=str(tmp_path / "warehouse"),
    )
    generate_demo(load_catalog_from_settings(load_settings()), tmp_path / "inbox", as_of=date(2024, 11, 15))

    _prefect(env, "work-pool", "create", "bijie-process", "--type", "process")
    deployed = _prefect(env, "deploy", "--all")
    assert "nightly" in deployed
    assert "backfill" in deployed
    worker = _start(
        [str(BIN / "prefect"), "worker", "start", "--pool", "bijie-process", "--limit", "2"],
        env,
        tmp_path / "worker.log",
        cwd=tmp_path,  # the flows come from the installed package: no checkout, no pull step
    )
    try:
        ids = []
        for _ in range(2):
            out = _prefect(env, "deployment", "run", "nightly/nightly", "--param", "as_of=2024-11-15")
            ids.append(next(line.split("UUID:")[1].strip() for line in out.splitlines() if "UUID:" in line))
        states = _wait_for(env, ids)
        assert states == ["COMPLETED", "COMPLETED"], (tmp_path / "worker.log").read_text(errors="replace")[
            -5000:
        ]
        artifacts = _artifacts(env, ids[0])
        assert any("收到文件" in a for a in artifacts)
        # A run the worker cannot do (a month that does not exist) fails with one Chinese line, no traceback.
        out = _prefect(
            env,
            "deployment",
            "run",
            "backfill/backfill",
            "--param",
            "start=2024-13",
            "--param",
            "end=2024-12",
        )
        bad = next(line.split("UUID:")[1].strip() for line in out.splitlines() if "UUID:" in line)
        assert _wait_for(env, [bad]) == ["FAILED"]
    finally:
        _stop(worker)
    log = (tmp_path / "worker.log").read_text(errors="replace")
    assert "月份格式应为 YYYY-MM" in log
    assert "Traceback" not in log, log[-5000:]
    db = tmp_path / "warehouse" / "analytics.duckdb"
    with duckdb.connect(str(db), read_only=True) as con:
        files = len([p for p in (tmp_path / "inbox").rglob("*") if p.is_file()])
        assert con.execute("SELECT count(*), count(DISTINCT sha256) FROM submitted_files").fetchone() == (
            files,
            files,
        )
        assert con.execute("SELECT count(*) FROM v_indicator_status").fetchone()[0] > 100  # type: ignore[index]
    shutil.rmtree(tmp_path / "prefect-home", ignore_errors=True)
