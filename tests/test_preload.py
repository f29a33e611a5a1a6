"""The preloader that serves ad-hoc runs (bijie_etl.preload): a forked copy runs the very command asked,
with the asker's streams, environment, folder and arguments; only its user can reach it; a changed
program or environment is declined, never served stale. A real preloader process on a real Unix socket.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bijie_etl.preload import PRELOADED_ENV, code_fingerprint, run_preloaded, socket_path

BIN = Path(sys.executable).parent
pytestmark = pytest.mark.skipif(os.name != "posix", reason="Unix sockets and fork")


@pytest.fixture(scope="module")
def preloader() -> Iterator[tuple[Path, Path, subprocess.Popen[bytes]]]:
    """A preloader for a warehouse folder, its socket in a short private temporary folder; yields (warehouse, log, process)."""
    base = Path(tempfile.mkdtemp(prefix="bp"))
    warehouse = base / "warehouse"
    warehouse.mkdir()
    env = {k: v for k, v in os.environ.items() if k != PRELOADED_ENV}
    sock = socket_path(warehouse)  # in the user's private folder of the temporary directory, as in use
    log = base / "preload.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bijie_etl.preload", str(sock)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 120
    while "ready" not in log.read_text(errors="replace"):
        assert proc.poll() is None, log.read_text(errors="replace")
        assert time.monotonic() < deadline, log.read_text(errors="replace")
        time.sleep(0.1)
    try:
        yield warehouse, log, proc
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(base, ignore_errors=True)


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != PRELOADED_ENV}


def test_a_served_command_prints_and_exits_exactly_as_the_command_itself(
    preloader: tuple[Path, Path, subprocess.Popen[bytes]], capfd: pytest.CaptureFixture[str]
) -> None:
    """`bijie-etl targets --department energy` through the preloader: same output, same exit code as run directly."""
    warehouse, log, _ = preloader
    argv = [str(BIN / "bijie-etl"), "targets", "--department", "energy"]
    code = run_preloaded(warehouse, argv, _env())
    served = capfd.readouterr().out
    direct = subprocess.run(argv, env=_env(), capture_output=True, text=True, check=False)
    assert code == direct.returncode == 0
    assert served == direct.stdout
    assert "煤炭产量" in served
    assert "代为运行 served" in log.read_text(errors="replace")
    # A failing command's exit code comes back as it is.
    wrong = [str(BIN / "bijie-etl"), "targets", "--department", "no-such-department"]
    code = run_preloaded(warehouse, wrong, _env())
    out = capfd.readouterr()
    again = subprocess.run(wrong, env=_env(), capture_output=True, text=True, check=False)
    assert code == again.returncode != 0
    assert out.err.strip() == again.stderr.strip()


def test_the_fork_takes_the_askers_folder_and_environment(
    preloader: tuple[Path, Path, subprocess.Popen[bytes]],
    capfd: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A relative path is read from the asker's working folder; BIJIE_* settings are the asker's, read anew by the fork."""
    warehouse, _, _ = preloader
    from spreadsheets import write_xlsx

    write_xlsx(
        tmp_path / "能源局_2024-09.xlsx",
        {"数据": [["指标名称", "本月", "累计"], ["煤炭产量", 600.0, 5400.0]]},
    )
    monkeypatch.chdir(tmp_path)
    code = run_preloaded(warehouse, [str(BIN / "bijie-etl"), "inspect", "能源局_2024-09.xlsx"], _env())
    out = capfd.readouterr().out
    assert code == 0, out
    assert "coal_output  全市  2024-09  1-本月累计 = 5,400 万吨  (数据!C2)" in out
    # Another year's catalog asked by the environment: the fork reads it, not what the preloader saw.
    env = _env() | {"BIJIE_YEAR": "2025"}
    code = run_preloaded(warehouse, [str(BIN / "bijie-etl"), "targets"], env)
    served = capfd.readouterr().out
    direct = subprocess.run(
        [str(BIN / "bijie-etl"), "targets"], env=env, capture_output=True, text=True, check=False
    )
    assert code == direct.returncode
    assert served == direct.stdout


def test_a_different_import_time_environment_is_declined_and_nothing_runs(
    preloader: tuple[Path, Path, subprocess.Popen[bytes]], capfd: pytest.CaptureFixture[str]
) -> None:
    """PREFECT_* (read when Prefect is imported) differs from the preloader's: declined (None), the command never ran."""
    warehouse, log, _ = preloader
    env = _env() | {"PREFECT_LOGGING_LEVEL": "DEBUG"}
    assert run_preloaded(warehouse, [str(BIN / "bijie-etl"), "targets"], env) is None
    assert capfd.readouterr().out == ""
    assert "environment read at import differs" in log.read_text(errors="replace")
    # A run that is itself a fork never asks again.
    assert (
        run_preloaded(warehouse, [str(BIN / "bijie-etl"), "targets"], _env() | {PRELOADED_ENV: "1"}) is None
    )


def test_only_its_user_can_reach_it(preloader: tuple[Path, Path, subprocess.Popen[bytes]]) -> None:
    """The socket is 0600 in a 0700 folder of its user; another user's process cannot connect."""
    warehouse, _, _ = preloader
    sock = socket_path(warehouse)
    folder = os.lstat(sock.parent)
    assert stat.S_IMODE(folder.st_mode) == 0o700
    assert folder.st_uid == os.getuid()
    assert stat.S_IMODE(os.lstat(sock).st_mode) == 0o600
    if os.getuid() != 0:
        return  # only root can become another user to try
    probe = (
        "import os, socket, sys\n"
        "os.setgid(65534); os.setuid(65534)\n"
        "s = socket.socket(socket.AF_UNIX)\n"
        "try:\n    s.connect(sys.argv[1])\nexcept PermissionError:\n    sys.exit(7)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(sock)], check=False)
    assert done.returncode == 7


def test_a_changed_program_changes_the_fingerprint(tmp_path: Path) -> None:
    """Any .py file edited (size or time) or added changes the fingerprint the preloader compares."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_text("x = 1\n")
    first = code_fingerprint(package)
    assert code_fingerprint(package) == first
    os.utime(package / "a.py", ns=(0, 10**18))
    touched = code_fingerprint(package)
    assert touched != first
    (package / "b.py").write_text("")
    assert code_fingerprint(package) != touched


def test_a_program_changed_since_the_preloader_started_is_declined_with_a_hint(
    preloader: tuple[Path, Path, subprocess.Popen[bytes]],
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The asker's code differs from what the preloader imported: not served (None), and the user is told how to restart it."""
    warehouse, log, _ = preloader
    import bijie_etl.preload as preload

    monkeypatch.setattr(preload, "code_fingerprint", lambda package=None: "an edited package")
    assert preload.run_preloaded(warehouse, [str(BIN / "bijie-etl"), "targets"], _env()) is None
    out = capfd.readouterr()
    assert out.out == ""
    assert "bijie-etl server stop" in out.err
    assert "code or installed packages changed" in log.read_text(errors="replace")
