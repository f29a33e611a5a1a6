"""The README's operator section works when pasted into a fresh shell on a fresh copy of the repository."""

from __future__ import annotations

import configparser
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import typing
from pathlib import Path

import pytest

from bijie_etl.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.slow
README = PROJECT_ROOT / "README.md"
PREFIX = "/srv/bijie"


def _operator_block() -> str:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## For operators: Prefect") :]
    match = re.search(r"```bash\n(.*?)```", section, flags=re.S)
    assert match, "the operator section has no bash block"
    return match.group(1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fresh_copy(dest: Path) -> None:
    """The repository's files as a clone has them (tracked and new, not ignored), plus the installed .venv."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        source = PROJECT_ROOT / os.fsdecode(name)
        if source.is_file():
            target = dest / os.fsdecode(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    (dest / ".venv").symlink_to(PROJECT_ROOT / ".venv")  # `make install` output, not re-installed here


def _relocate(text: str, root: Path, port: int) -> str:
    """The one edit the README asks for when the installation lives elsewhere: the /srv/bijie prefix (and a free port)."""
    return text.replace(PREFIX, str(root)).replace("4200", str(port))


def _group(pgid: int) -> dict[int, str]:
    """The processes of a process group: pid → command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if int(stat[stat.rindex(")") + 2 :].split()[2]) == pgid:
            found[int(entry.name)] = cmdline
    return found


def _end(pids: list[int], grace: float) -> None:
    """SIGTERM ``pids``, SIGKILL those still there after ``grace`` seconds."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 10.0)):
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            alive = [pid for pid in pids if Path(f"/proc/{pid}").exists() and _state(pid) != "Z"]
            if not alive:
                return
            time.sleep(0.2)


def _state(pid: int) -> str:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return "Z"
    return stat[stat.rindex(")") + 2]


def _end_group(pgid: int) -> None:
    """Stop what the script left running (nohup &): the worker first, then the server, as systemd would.

    A non-interactive shell starts background jobs with SIGINT ignored, and Prefect's worker stops
    on SIGTERM by sending itself SIGINT: started by this script, it would wait out the whole grace
    period. Nothing runs on it any more (the watched run has ended), so it gets a short one.
    """
    _end([pid for pid, cmd in _group(pgid).items() if " worker start" in cmd], grace=3.0)
    _end(list(_group(pgid)), grace=30.0)


@pytest.mark.timeout(900)  # server start, deploy and a watched run: minutes on a busy 2-core machine
def test_the_operator_section_runs_as_a_script_without_a_traceback(tmp_path: Path) -> None:
    """Folders, environment, server, doctor --wait, pool, deploy, worker and a watched nightly run all succeed, with no traceback."""
    root, port = tmp_path / "srv", _free_port()
    checkout = root / "bijie-etl"
    _fresh_copy(checkout)
    env_file = checkout / "deploy" / "systemd" / "bijie.env"
    env_file.write_text(_relocate(env_file.read_text(encoding="utf-8"), root, port), encoding="utf-8")
    script = tmp_path / "operator.sh"
    script.write_text(_relocate(_operator_block(), root, port), encoding="utf-8")

    # A fresh login shell: nothing of this test process's BIJIE_* / PREFECT_* settings.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BIJIE_", "PREFECT_"))}
    env["HOME"] = str(tmp_path / "home")
    proc = subprocess.Popen(
        ["bash", "-e", "-o", "pipefail", "-x", str(script)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = proc.communicate(timeout=780)
    finally:
        # The script leaves the server and the worker running in the background (nohup &).
        _end_group(proc.pid)
        proc.wait(timeout=30)
    logs = {p.name: p.read_text(errors="replace") for p in root.glob("*.log")}
    assert proc.returncode == 0, output[-6000:] + "\n".join(f"--- {k}\n{v[-3000:]}" for k, v in logs.items())
    assert "Traceback" not in output, output[-6000:]
    assert "8 项检查全部正常" in output
    assert "Flow run finished successfully" in " ".join(output.split())
    assert (root / "warehouse" / "analytics.duckdb").exists()


def test_every_path_setting_is_documented_for_operators() -> None:
    """Every path-valued BIJIE_* setting appears in the README, and the env file the units read sets the ones a worker needs."""
    readme = README.read_text(encoding="utf-8")
    path_fields = [
        name
        for name, field in Settings.model_fields.items()
        if Path in (field.annotation, *typing.get_args(field.annotation))
    ]
    assert {"inbox_dir", "warehouse_dir", "output_dir"} <= set(path_fields)
    for name in path_fields:
        assert f"BIJIE_{name.upper()}" in readme, f"BIJIE_{name.upper()} is not documented"
    env_file = (PROJECT_ROOT / "deploy" / "systemd" / "bijie.env").read_text(encoding="utf-8")
    for key in (
        "BIJIE_CONFIG_DIR",
        "BIJIE_INBOX_DIR",
        "BIJIE_WAREHOUSE_DIR",
        "BIJIE_ENV_FILE",
        "PREFECT_API_URL",
    ):
        assert re.search(rf"^{key}=\S", env_file, flags=re.M), key


@pytest.mark.parametrize("unit", ["bijie-prefect-server.service", "bijie-worker.service"])
def test_systemd_units_read_the_documented_environment_file(unit: str) -> None:
    """Each unit reads /srv/bijie/bijie.env and runs a program of the checkout's .venv that exists after make install."""
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(PROJECT_ROOT / "deploy" / "systemd" / unit, encoding="utf-8")
    service = parser["Service"]
    assert service["EnvironmentFile"] == f"{PREFIX}/bijie.env"
    for key in ("ExecStart", "ExecStartPre"):
        if key in service:
            program = service[key].split()[0]
            assert program.startswith(f"{PREFIX}/bijie-etl/.venv/bin/")
            assert (PROJECT_ROOT / ".venv" / "bin" / Path(program).name).exists(), program
    assert parser["Install"]["WantedBy"] == "multi-user.target"
