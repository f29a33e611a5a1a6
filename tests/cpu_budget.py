"""Where the test suite's CPU goes: CPU-seconds per test module, per xdist worker (opt-in measurement).

    TEST_CPU_DIR=/tmp/cpu make test        # tests/conftest.py loads this plugin when TEST_CPU_DIR is set
    .venv/bin/python tests/cpu_budget.py /tmp/cpu [--tests 30]

Each worker writes ``<worker>.json``: per test (setup + call + teardown, so a module-scoped fixture counts
in the module's first or last test) the CPU of the worker itself and of the child processes it has
reaped (user + system, ``getrusage``), and the wall time. CPU, not wall: on a shared machine the wall
clock mostly measures the other users.

Not seen (measure those with a process sampler): processes that detach and are never reaped by the
worker — the PostgreSQL cluster (``pg_ctl`` daemonizes it), servers and workers a script starts with
``nohup … &`` (the README operator test), the server ``bijie-etl server start`` leaves behind — and
children reaped only after the session (a worker's multiprocessing forkserver).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

_tests: dict[str, list[float]] = {}
_started: list[float] = []


def _cpu() -> float:
    own, reaped = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + reaped.ru_utime + reaped.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, None, None]:
    if not _started:
        _started.extend((_cpu(), time.monotonic()))
    cpu, wall = _cpu(), time.monotonic()
    yield
    _tests[item.nodeid] = [_cpu() - cpu, time.monotonic() - wall]


def pytest_sessionfinish(session: pytest.Session) -> None:
    if not _started:
        return
    out = Path(os.environ["TEST_CPU_DIR"])
    out.mkdir(parents=True, exist_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    summary = {"cpu": _cpu() - _started[0], "wall": time.monotonic() - _started[1], "tests": _tests}
    (out / f"{worker}.json").write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")


def _table(folder: Path, top_tests: int) -> str:
    modules: dict[str, list[Any]] = {}
    tests: dict[str, list[float]] = {}
    lines = []
    for path in sorted(folder.glob("*.json")):
        run = json.loads(path.read_text(encoding="utf-8"))
        lines.append(f"{path.stem}: {run['cpu']:.0f} CPU-s over {run['wall']:.0f} s from its first test")
        for nodeid, (cpu, wall) in run["tests"].items():
            row = modules.setdefault(nodeid.split("::")[0], [0.0, 0.0, 0, path.stem])
            row[0] += cpu
            row[1] += wall
            row[2] += 1
            tests[nodeid] = [cpu, wall]
    total = sum(row[0] for row in modules.values()) or 1.0
    lines.append(f"{'module':<52} {'CPU-s':>7} {'wall-s':>7} {'tests':>5}  worker  share")
    for name, (cpu, wall, count, worker) in sorted(modules.items(), key=lambda kv: -kv[1][0]):
        lines.append(f"{name:<52} {cpu:7.1f} {wall:7.1f} {count:5d}  {worker:<6} {100 * cpu / total:5.1f} %")
    lines.append(f"{'all modules':<52} {total:7.1f}")
    if top_tests:
        lines.append("")
        for nodeid, (cpu, wall) in sorted(tests.items(), key=lambda kv: -kv[1][0])[:top_tests]:
            lines.append(f"{cpu:7.1f} {wall:7.1f}  {nodeid}")
    return "\n".join(lines)


if __name__ == "__main__":
    args = sys.argv[1:]
    top = int(args[args.index("--tests") + 1]) if "--tests" in args else 0
    print(_table(Path(args[0]), top))
