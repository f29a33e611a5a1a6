"""`bijie-etl server start|status|stop` keeps a real local Prefect server, and `bijie-etl run` uses it (issue #19)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from prefect_servers import seed_prefect_home
from spreadsheets import write_xlsx
from test_archive import HEADER

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "bijie-etl"), *args], env=env, capture_output=True, text=True, timeout=400, check=False
    )


def _flow_runs(api_url: str, what: str = "flow_runs") -> list[dict[str, object]]:
    request = urllib.request.Request(
        api_url + f"/{what}/filter", data=b"{}", method="POST", headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as resp:
        runs: list[dict[str, object]] = json.loads(resp.read())
    return runs


def _task_runs(api_url: str, flow_run_id: object, wait_s: float = 30.0) -> list[str]:
    """The task names of a flow run (the server records task runs from events, a moment after the run)."""
    deadline = time.monotonic() + wait_s
    while True:
        names = sorted(
            str(t["name"]).rsplit("-", 1)[0]
            for t in _flow_runs(api_url, "task_runs")
            if t["flow_run_id"] == flow_run_id and t["state_type"] == "COMPLETED"
        )
        if len(names) >= 5 or time.monotonic() > deadline:
            return names
        time.sleep(0.5)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_kept_server_serves_ad_hoc_runs_and_stops(tmp_path: Path, migrated_prefect_db: Path) -> None:
    """`server start` leaves a healthy server with a pid file; `run` uses it without the temporary-server hint and the flow run is in its history; `server stop` ends it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "BIJIE_"))}
    env.update(
        BIJIE_WAREHOUSE_DIR=str(tmp_path / "warehouse"),
        BIJIE_INBOX_DIR=str(tmp_path / "inbox"),
        # Its database already migrated (a first start on an empty one: test_prefect_server.py).
        BIJIE_PREFECT_HOME=str(seed_prefect_home(tmp_path / "prefect", migrated_prefect_db)),
        BIJIE_ARCHIVE_PROCESSED="false",
    )
    row = ["coal_output", "煤炭产量", "万吨", "2024-09", "全市", 600.0, 5400.0, None, None, None, None]
    (tmp_path / "inbox" / "能源局").mkdir(parents=True)
    write_xlsx(tmp_path / "inbox" / "能源局" / "能源局_2024-09.xlsx", {"数据": [HEADER, row]})
    port = _free_port()
    state = tmp_path / "warehouse" / "prefect-server.json"

    assert _cli(env, "server", "status").returncode == 1
    started = _cli(env, "server", "start", "--port", str(port))
    try:
        assert started.returncode == 0, started.stderr
        assert f"http://127.0.0.1:{port}" in started.stdout
        pid = json.loads(state.read_text(encoding="utf-8"))["pid"]
        status = _cli(env, "server", "status")
        assert status.returncode == 0, status.stdout
        assert str(pid) in status.stdout
        assert "预加载进程运行中" in status.stdout

        recorded = json.loads(state.read_text(encoding="utf-8"))
        assert recorded["preload_pid"] is not None
        assert _alive(recorded["preload_pid"])
        ran = _cli(env, "run", "--as-of", "2024-11-15")
        assert ran.returncode == 0, ran.stderr
        assert "临时服务器" not in ran.stderr  # the kept server was used, no temporary one
        assert "入库行数 | 1" in ran.stdout
        # Run by the preloader (bijie_etl.preload): a fork that had everything imported already.
        server_log = (tmp_path / "warehouse" / "prefect-server.log").read_text(errors="replace")
        assert "代为运行 served" in server_log
        assert "run --as-of 2024-11-15" in server_log
        runs = _flow_runs(f"http://127.0.0.1:{port}/api")
        assert [r["state_type"] for r in runs] == ["COMPLETED"]
        # The run's parameters as Prefect stores them, and its steps as task runs in the history.
        assert runs[0]["parameters"] == {"as_of": "2024-11-15", "confirm_alerts": False}
        tasks = _task_runs(f"http://127.0.0.1:{port}/api", runs[0]["id"])
        assert tasks == ["assess", "dashboard", "ingest-batch", "notify", "publish"], tasks
        # Called from a script (`app([...])`, its own sys.argv): the preloader runs that command, not the script's argv.
        script = "import sys\nfrom bijie_etl.cli import app\nsys.argv = ['wrapper.py', '--nightly']\napp(['run', '--as-of', '2024-11-15'])\n"
        wrapped = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=400, check=False
        )
        assert wrapped.returncode == 0, wrapped.stderr
        assert "入库行数 | 0" in wrapped.stdout  # the file is known: the second run loads nothing new
        assert (tmp_path / "warehouse" / "prefect-server.log").read_text(errors="replace").count(
            "代为运行 served"
        ) == 2
        # A second start finds the same server instead of starting another.
        again = _cli(env, "server", "start", "--port", str(port))
        assert again.returncode == 0
        assert json.loads(state.read_text(encoding="utf-8"))["pid"] == pid
    finally:
        stopped = _cli(env, "server", "stop")
    assert stopped.returncode == 0
    assert "已停止" in stopped.stdout
    assert not state.exists()
    assert not _alive(pid)
    assert not _alive(recorded["preload_pid"])
    assert _cli(env, "server", "status").returncode == 1
