"""Ad-hoc ``bijie-etl run`` served by a process that has already imported everything (issue #19).

An ad-hoc run on the kept server spends most of its time before the work: the interpreter
imports Prefect, pandas, pandera, DuckDB, pyarrow and this package (~3 s of CPU on a 2-core
machine, against ~1.5 s of work for 300 files). ``bijie-etl server start`` therefore also starts
a *preloader*: a process that imports all of it once and then waits on a Unix socket that only
its user can open. ``bijie-etl run`` asks it first: the preloader forks a copy of itself, which
takes over the command's standard input, output and error (passed over the socket), its
environment, working folder and arguments, and runs the very same command (``bijie_etl.cli.main``)
— a Prefect flow run on the kept server, in its history like any other — then reports its exit
code. The command only relays Ctrl-C and waits.

Nothing is ever read from a stale copy:

* the preloader imports modules only (no setting, catalog, grammar or layout file is read before
  a fork: each forked run reads them, as a fresh command does);
* a run is refused (and runs in the command's own process, as before) when the package's code
  has changed since the preloader started (any ``.py`` file's size or time), when other packages
  were installed or removed, when the interpreter differs, or when an environment variable read
  at import time differs (``PREFECT_*`` and the interpreter's and numeric libraries' own);
* the preloader never starts a thread, so a fork copies no lock held by another thread.

Only the user who started it can connect: the socket is in a folder only that user can open
(checked before each use), and the peer's user id is checked on each connection (Linux).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import importlib
import json
import logging
import os
import signal
import socket
import stat
import struct
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = [
    "PRELOADED_ENV",
    "code_fingerprint",
    "comparable_env",
    "run_preloaded",
    "serve",
    "socket_path",
]

log = logging.getLogger(__name__)

#: Set in a forked run's environment: the command it runs must not ask the preloader again.
PRELOADED_ENV = "BIJIE_PRELOADED"

#: The command a forked run runs (the ``bijie-etl`` console script), named here rather than
#: imported: the preloader sits below the CLI it serves.
ENTRY = "bijie_etl.cli:main"

#: What the preloader imports before it serves (what an ad-hoc ``run`` imports on its way).
PRELOAD = (
    "bijie_etl.cli",
    "bijie_etl.orchestration",
    "bijie_etl.doctor",
    "bijie_etl.collector",
    "bijie_etl.run",
    "bijie_etl.flows.nightly",
    "bijie_etl.ingest.reading",
    "bijie_etl.ingest.parallel",
    "bijie_etl.validate.submissions",
    "bijie_etl.warehouse.store",
    "bijie_etl.pace",
    "bijie_etl.alerts.outbox",
    "bijie_etl.alerts.storm",
    "bijie_etl.dashboard.page",
    "prefect.flow_engine",
    "prefect.task_engine",
    "prefect.client.orchestration",
)

#: Environment variables read when modules are imported: a run whose values differ is not served.
_IMPORT_TIME_ENV = (
    "PREFECT_",
    "PYTHON",
    "OMP_",
    "OPENBLAS_",
    "MKL_",
    "NUMEXPR_",
    "ARROW_",
    "TZ",
    "LANG",
    "LC_",
)
_MAX_REQUEST = 4 << 20


def socket_path(warehouse_dir: Path) -> Path:
    """The preloader's socket for a warehouse folder: in a folder of the temporary directory that only this user may open.

    (Not in the warehouse folder itself: a Unix socket's path is limited to ~100 bytes.)
    """
    key = hashlib.sha256(str(Path(warehouse_dir).resolve()).encode("utf-8")).hexdigest()[:20]
    return Path(tempfile.gettempdir()) / f"bijie-etl-{os.getuid()}" / f"{key}.sock"


def _private_folder(folder: Path, *, create: bool) -> bool:
    """True when ``folder`` is a real folder of this user that nobody else may open (made so if ``create``)."""
    if create:
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700, parents=False)
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077


def comparable_env(env: Mapping[str, str]) -> dict[str, str]:
    """The part of an environment that modules read when they are imported."""
    return {k: v for k, v in env.items() if k.startswith(_IMPORT_TIME_ENV)}


def _interpreter() -> str:
    """The interpreter and its environment (``python`` and ``python3`` of one venv are the same)."""
    return f"{os.path.realpath(sys.executable)}\0{os.path.realpath(sys.prefix)}"


def code_fingerprint(package: Path | None = None) -> str:
    """A digest of this package's code (every ``.py`` file's path, size and time; ``package``: another folder's), the interpreter and the installed distributions."""
    import sysconfig

    package = Path(__file__).resolve().parent if package is None else package
    digest = hashlib.sha256(_interpreter().encode("utf-8"))
    for path in sorted(package.rglob("*.py")):
        info = path.stat()
        digest.update(f"{path.relative_to(package)}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    for key in ("purelib", "platlib"):
        site = Path(sysconfig.get_paths()[key])
        with contextlib.suppress(OSError):
            digest.update("\n".join(sorted(n for n in os.listdir(site) if n.endswith(".dist-info"))).encode())
    return digest.hexdigest()


# --------------------------------------------------------------------------------------------
# The command's side


def run_preloaded(
    warehouse_dir: Path, argv: list[str], env: Mapping[str, str], *, first_reply_s: float = 60.0
) -> int | None:
    """Run this command in the preloader and return its exit code; ``None`` when it was not served there.

    ``None`` (the caller runs the command itself) when: this already is a forked run, the
    platform has no Unix sockets with descriptor passing, no preloader listens, or it declines
    (changed code or environment: the reason is logged at debug level).
    """
    if env.get(PRELOADED_ENV) or os.name != "posix" or not hasattr(socket, "send_fds"):
        return None
    path = socket_path(warehouse_dir)
    if not _private_folder(path.parent, create=False) or not path.exists():
        return None
    request = json.dumps(
        {
            "argv": argv,
            "env": dict(env),
            "cwd": os.getcwd(),
            "executable": _interpreter(),
            "fingerprint": code_fingerprint(),
        }
    ).encode("utf-8")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(5.0)
        sock.connect(str(path))
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        socket.send_fds(sock, [struct.pack("!I", len(request)) + request], [0, 1, 2])
        # The forked run says "pid N" before it does anything: without that line (declined, no
        # answer in time, the preloader gone) nothing has run, and once this socket is closed a
        # late fork cannot say it and ends without running. So running here instead is safe.
        sock.settimeout(first_reply_s)
        reply = sock.makefile("rb")
        first = reply.readline().decode("utf-8", "replace").strip()
    except OSError as exc:
        log.debug("preloader not used: %s", exc)
        sock.close()
        return None
    if not first.startswith("pid "):
        log.debug("preloader declined: %s", first)
        if first.startswith("no code"):
            print(
                "提示：本地服务器启动后程序已更新，本次在当前进程运行。"
                "运行 `bijie-etl server stop` 再 `bijie-etl server start` 可恢复快速启动。",
                file=sys.stderr,
            )
        sock.close()
        return None
    child = int(first.split()[1])
    sock.settimeout(None)

    def relay(signum: int, _frame: Any) -> None:  # Ctrl-C reaches the run, which stops as a command would
        with contextlib.suppress(OSError):
            os.kill(child, signum)

    previous = {s: signal.signal(s, relay) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        for line in reply:
            text = line.decode("utf-8", "replace").strip()
            if text.startswith("exit "):
                return int(text.split()[1])
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        sock.close()
    print(f"运行进程 {child} 意外结束，没有返回结果。详见本地服务器日志。", file=sys.stderr)
    return 1


# --------------------------------------------------------------------------------------------
# The preloader's side


def serve(path: Path, modules: Iterable[str] = PRELOAD) -> None:
    """Import ``modules``, then serve forked runs on the socket ``path`` until SIGTERM."""
    for name in modules:
        importlib.import_module(name)
    if threading.active_count() != 1:  # a fork would copy a lock some other thread holds
        raise SystemExit(
            f"预加载进程启动后有 {threading.active_count()} 个线程，不能安全地派生运行；已退出。"
        )
    fingerprint = code_fingerprint()
    seen = comparable_env(os.environ)
    if not _private_folder(path.parent, create=True):
        raise SystemExit(f"目录 {path.parent} 不属于当前用户或他人可访问，预加载进程不使用它。")
    path.unlink(missing_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    os.chmod(path, 0o600)
    listener.listen(16)

    def stop(_signum: int, _frame: Any) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # forked runs are reaped by the kernel
    gc.collect()
    gc.freeze()  # what is imported stays shared with the forked runs
    print(f"预加载进程就绪 preloader ready: {path}", flush=True)
    try:
        while True:
            conn, _ = listener.accept()
            with conn:
                _serve_one(conn, listener, fingerprint, seen)
    finally:
        listener.close()
        path.unlink(missing_ok=True)


def _peer_uid(conn: socket.socket) -> int | None:
    if not hasattr(socket, "SO_PEERCRED"):
        return None  # the private folder is the guard
    _pid, uid, _gid = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12))
    return int(uid)


def _receive(conn: socket.socket) -> tuple[dict[str, Any], list[int]]:
    conn.settimeout(10.0)
    data, fds, _flags, _addr = socket.recv_fds(conn, 1 << 16, 3)
    if len(data) < 4:
        raise ValueError("short request")
    (size,) = struct.unpack("!I", data[:4])
    if size > _MAX_REQUEST:
        raise ValueError("request too large")
    body = bytearray(data[4:])
    while len(body) < size:
        more = conn.recv(size - len(body))
        if not more:
            raise ValueError("request cut short")
        body.extend(more)
    return json.loads(bytes(body)), fds


def _serve_one(conn: socket.socket, listener: socket.socket, fingerprint: str, seen: dict[str, str]) -> None:
    fds: list[int] = []
    try:
        uid = _peer_uid(conn)
        if uid is not None and uid != os.getuid():
            conn.sendall(b"no other user\n")
            return
        request, fds = _receive(conn)
        why = _declined(request, fds, fingerprint, seen)
        if why:
            print(f"未代为运行 declined: {why}", flush=True)
            conn.sendall(f"no {why}\n".encode())
            return
        pid = os.fork()
        if pid == 0:  # the forked run: never returns
            listener.close()
            _run_forked(conn, request, fds)
        print(f"代为运行 served: pid {pid} {' '.join(request['argv'][1:])}", flush=True)
    except (OSError, ValueError) as exc:
        print(f"请求无效 bad request: {exc}", flush=True)
    finally:
        for fd in fds:
            with contextlib.suppress(OSError):
                os.close(fd)


def _declined(request: dict[str, Any], fds: list[int], fingerprint: str, seen: dict[str, str]) -> str | None:
    """Why this request may not run in a fork (``None``: it may)."""
    if len(fds) != 3:
        return "standard streams missing"
    if request.get("executable") != _interpreter():
        return "another interpreter"
    if request.get("fingerprint") != fingerprint:
        return "code or installed packages changed since the preloader started"
    env = request.get("env")
    if not isinstance(env, dict) or comparable_env(env) != seen:
        return "environment read at import differs"
    if not isinstance(request.get("argv"), list) or not isinstance(request.get("cwd"), str):
        return "malformed request"
    return None


def _run_forked(conn: socket.socket, request: dict[str, Any], fds: list[int]) -> None:
    """In the forked copy: become the command (its streams, environment, folder, arguments), run it, report its exit code."""
    code = 1
    try:
        for sig in (signal.SIGCHLD, signal.SIGTERM):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ[PRELOADED_ENV] = "1"
        time.tzset()
        os.chdir(request["cwd"])
        sys.argv = list(request["argv"])
        conn.sendall(f"pid {os.getpid()}\n".encode())
        code = _main()
    except BaseException:
        traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        with contextlib.suppress(OSError):
            conn.sendall(f"exit {code}\n".encode())
        os._exit(code)


def _main() -> int:
    module, _, name = ENTRY.partition(":")
    main = getattr(importlib.import_module(module), name)
    try:
        main()
    except SystemExit as done:
        if done.code is None:
            return 0
        if isinstance(done.code, int):
            return done.code
        print(done.code, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    serve(Path(sys.argv[1]))
