"""Running the Prefect flows from this process: quiet, offline, state kept in the project.

Prefect reads its settings from the environment when it is first imported, so
:func:`prepare_prefect_environment` must run before anything imports ``prefect``.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import json
import os
import signal
import subprocess
import sys
import time
import typing
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from bijie_etl.errors import BijieError
from bijie_etl.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])

__all__ = [
    "DEFAULT_SERVER_PORT",
    "OFFLINE_PREFECT_ENV",
    "LocalServer",
    "alive",
    "load_project_flow",
    "plain_failures",
    "prepare_prefect_environment",
    "run_flow",
    "server_start",
    "server_state_path",
    "server_status",
    "server_stop",
    "step_task",
    "use_local_server",
]

#: Telemetry and analytics off: no call leaves the machine beyond loopback.
OFFLINE_PREFECT_ENV: Mapping[str, str] = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
    "PREFECT_TELEMETRY_ENABLE_RESOURCE_METRICS": "false",
}


def prepare_prefect_environment(
    settings: Settings, *, quiet: bool = True, environ: dict[str, str] | None = None
) -> dict[str, str]:
    """Set Prefect's environment for an offline local run; returns what it set.

    ``PREFECT_HOME`` goes under ``settings.prefect_home`` unless the user already chose one;
    with no ``PREFECT_API_URL`` Prefect starts a temporary server on 127.0.0.1.
    """
    env = os.environ if environ is None else environ
    changed: dict[str, str] = {}
    wanted = dict(OFFLINE_PREFECT_ENV)
    wanted["PREFECT_HOME"] = str(settings.prefect_home)
    # The temporary server migrates its database on first start; on a busy 2-core machine that
    # can exceed Prefect's 20 s default and fail the run for nothing.
    wanted["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "180"
    if quiet:
        wanted["PREFECT_LOGGING_LEVEL"] = "WARNING"
        wanted["PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW"] = "ignore"
    if _loopback_http(env.get("PREFECT_API_URL", "")):
        # Plain HTTP on this machine (the kept server): no TLS, so no certificate is ever checked.
        # Without this every Prefect client the run makes (5 in a `bijie-etl run`) parses the CA
        # bundle for a TLS context it never uses: 0.2-0.45 s of CPU per ad-hoc run.
        wanted["PREFECT_API_TLS_INSECURE_SKIP_VERIFY"] = "true"
    for key, value in wanted.items():
        if key not in env:
            env[key] = value
            changed[key] = value
    Path(env["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)
    return changed


def _loopback_http(url: str) -> bool:
    """True for an ``http://`` (not https) address on this machine's loopback interface."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        return parts.scheme == "http" and parts.hostname in {"127.0.0.1", "localhost", "::1"}
    except ValueError:
        return False


def load_project_flow(settings: Settings, name: str) -> Any:
    """The flow ``name`` (``nightly`` or ``backfill``) loaded from its entrypoint like a Prefect worker does.

    Loading ``nightly`` also starts the file-reading workers' server when the inbox holds a large
    run's worth of new files (:func:`~bijie_etl.ingest.parallel.warm_up`): its imports then overlap
    Prefect's start and the flow run's creation instead of delaying the run's first batch.
    """
    from prefect.flows import load_flow_from_entrypoint

    flow: Any = load_flow_from_entrypoint(f"bijie_etl.flows.{name}:{name}")
    if name == "nightly":
        from bijie_etl.ingest.parallel import warm_up

        warm_up(settings)
    return flow


def run_flow(settings: Settings, name: str, **parameters: Any) -> Any:
    """Run a project flow in this process (temporary Prefect server unless PREFECT_API_URL is set).

    Without flow-run heartbeats: they are for runs started by a deployment (a server-side
    automation marks a run whose heartbeats stop as crashed), and this run's process is the
    command in the user's terminal. Prefect's heartbeat thread sleeps in 1 s steps and the flow
    call joins it at the end, so with heartbeats on every ad-hoc run waited up to a second more
    (measured: 1.2 s → 0.2 s for a flow that does nothing). Deployed runs keep their heartbeats.
    """
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    flow = load_project_flow(settings, name)
    flow.serialize_parameters = _plain_parameters(flow.serialize_parameters)
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        return flow(**parameters)


_PLAIN = (str, int, float, bool, type(None))


def _plain_parameters(serialize: Callable[[dict[str, Any]], dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    """The flow's parameters as JSON for the new flow run, without importing FastAPI for dates and flags.

    Prefect encodes them with FastAPI's ``jsonable_encoder``, whose import (FastAPI's application,
    routing and OpenAPI models) cost an ad-hoc run against the kept server 0.14-0.22 s of CPU for
    two parameters. Dates (ISO text), text, numbers, flags and ``None`` give the same JSON here;
    anything else goes to Prefect's own encoding.
    """

    @functools.wraps(serialize)
    def plain(parameters: dict[str, Any]) -> dict[str, Any]:
        if all(type(v) in _PLAIN or type(v) in (date, datetime) for v in parameters.values()):
            return {k: v if type(v) in _PLAIN else v.isoformat() for k, v in parameters.items()}
        return serialize(parameters)

    return plain


def step_task(fn: Callable[..., Any], **options: Any) -> Callable[..., Any]:
    """``prefect.task(fn, **options)``, called with every argument wrapped in ``quote``.

    A run step's arguments are the warehouse, the catalogs, the settings and lists of files:
    Prefect would walk each of them, element by element, looking for futures to wait on at
    every task call (about 0.7 s a call for the catalog alone, measured: half a minute of a
    5,000-file flow run). They never hold futures, so they are passed as they are.
    """
    from prefect import task
    from prefect.utilities.annotations import quote

    prefect_task = task(fn, **options)

    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> Any:
        return prefect_task(*(quote(a) for a in args), **{k: quote(v) for k, v in kwargs.items()})

    call.task = prefect_task  # type: ignore[attr-defined]
    return call


def plain_failures(fn: F) -> F:
    """A flow body whose own errors (:class:`~bijie_etl.errors.BijieError`: a setting, a month, a busy
    warehouse) end the run Failed with their one Chinese line as its error and state message, not the
    flow engine's "Encountered exception" traceback (Prefect's process runner still logs its own).

    The state carries the exception, so a caller that runs the flow in-process (``bijie-etl run``)
    still gets it raised. Anything else is a bug and keeps Prefect's traceback.
    """

    @functools.wraps(fn)
    def body(*args: Any, **kwargs: Any) -> Any:
        from prefect import get_run_logger
        from prefect.states import Failed

        try:
            return fn(*args, **kwargs)
        except BijieError as exc:
            message = f"{exc.prefix_zh}{exc}"
            get_run_logger().error("%s", message)
            return Failed(message=message, data=exc)

    # Prefect builds the parameters' model from the annotations: resolved here, in the flow's module
    # (``from __future__ import annotations`` leaves them as names this module does not know).
    body.__annotations__ = typing.get_type_hints(fn)
    body.__signature__ = inspect.signature(fn, eval_str=True)  # type: ignore[attr-defined]
    del body.__wrapped__  # (signature() would follow it back to the names)
    return body  # type: ignore[return-value]


# --------------------------------------------------------------------------------------------
# A local Prefect server kept running between ad-hoc runs (`bijie-etl server start|stop|status`)

#: The default port of the kept server (Prefect's own default).
DEFAULT_SERVER_PORT = 4200


@dataclass(frozen=True)
class LocalServer:
    """A local Prefect server this project started: its process, address and log."""

    pid: int
    port: int
    home: str  # the PREFECT_HOME it keeps its database in
    log: str
    preload_pid: int | None = None  # the preloader that serves ad-hoc runs (bijie_etl.preload)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    @property
    def ui_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def server_state_path(settings: Settings) -> Path:
    """The pid file of the kept server (JSON: pid, port, PREFECT_HOME, log), in the warehouse folder."""
    return settings.warehouse_dir / "prefect-server.json"


def _healthy(port: int, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=timeout) as resp:
            return bool(resp.status == 200)
    except (OSError, ValueError):
        return False


def alive(pid: int) -> bool:
    """Whether a process of this user with this pid is running."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process under a recycled pid
        return False
    return True


def _recorded_server(path: Path) -> LocalServer | None:
    """The server a pid file records, or ``None`` when there is no readable record."""
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        preload = state.get("preload_pid")
        return LocalServer(
            int(state["pid"]),
            int(state["port"]),
            str(state["home"]),
            str(state["log"]),
            None if preload is None else int(preload),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def server_status(settings: Settings) -> LocalServer | None:
    """The kept server when it is running and answers its health check, else ``None``.

    A pid file whose process is gone is removed.
    """
    path = server_state_path(settings)
    server = _recorded_server(path)
    if server is None:
        return None
    if not alive(server.pid):
        path.unlink(missing_ok=True)
        return None
    return server if _healthy(server.port) else None


def server_start(
    settings: Settings, *, port: int = DEFAULT_SERVER_PORT, timeout: float = 180.0
) -> LocalServer:
    """Start ``prefect server start`` on 127.0.0.1 in the background (its own session) and wait until it answers.

    The server keeps its database in the project's PREFECT_HOME (``settings.prefect_home``), so
    flow runs of ad-hoc ``bijie-etl run`` and of the temporary server share one run history.
    Returns the running server (the one already running, if any). Raises :class:`RuntimeError`
    (Chinese message) when the port is taken or the server does not come up within ``timeout``.
    """
    running = server_status(settings)
    if running is not None:
        if running.preload_pid is None or not alive(running.preload_pid):
            running = _with_preloader(settings, running)
        return running
    if _healthy(port, timeout=1.0):
        raise RuntimeError(
            f"端口 {port} 上已有另一个 Prefect 服务器（不是本项目启动的）。请用 --port 换一个端口。"
        )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(OFFLINE_PREFECT_ENV)
    home = os.environ.get("PREFECT_HOME") or str(settings.prefect_home)
    env.update(PREFECT_HOME=home, PREFECT_SERVER_UI_ENABLED="true", PREFECT_LOGGING_LEVEL="WARNING")
    Path(home).mkdir(parents=True, exist_ok=True)
    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    log = settings.warehouse_dir / "prefect-server.log"
    prefect = Path(sys.executable).with_name("prefect")
    cmd = [str(prefect)] if prefect.exists() else [sys.executable, "-m", "prefect"]
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [*cmd, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # survives the CLI; stopped by server_stop (its process group)
        )
    server = LocalServer(proc.pid, port, home, str(log))
    preloader = _spawn_preloader(settings, server)  # it imports while the server migrates its database
    deadline = time.monotonic() + timeout
    while not _healthy(port):
        failed = None
        if proc.poll() is not None:
            failed = f"Prefect 服务器启动失败（退出码 {proc.returncode}），详见日志：{log}"
        elif time.monotonic() > deadline:
            _terminate(proc.pid)
            failed = f"Prefect 服务器在 {timeout:.0f} 秒内没有就绪，已停止。详见日志：{log}"
        if failed:
            if preloader is not None:
                _terminate(preloader.pid)
            raise RuntimeError(failed)
        time.sleep(0.25)
    return _record(settings, server, preloader)


def _with_preloader(settings: Settings, server: LocalServer) -> LocalServer:
    """Start the preloader that serves ad-hoc runs on ``server`` (:mod:`bijie_etl.preload`), wait until it listens, record both."""
    return _record(settings, server, _spawn_preloader(settings, server))


def _spawn_preloader(settings: Settings, server: LocalServer) -> subprocess.Popen[bytes] | None:
    """Start the preloader for ``server`` (it needs the server only when it serves a run); ``None`` where it cannot run.

    Its environment is the one ``bijie-etl run`` prepares for the kept server, so that a run from the
    same shell is served. When it cannot start (no Unix sockets, or it fails), runs still work in
    their own process: the reason is in the server's log.
    """
    if os.name != "posix":
        return None
    env = dict(os.environ)
    env.pop("PREFECT_API_URL", None)
    env.update(PREFECT_API_URL=server.api_url)
    env.setdefault("PREFECT_HOME", server.home)
    prepare_prefect_environment(settings, quiet=True, environ=env)
    from bijie_etl.preload import socket_path

    sock = socket_path(settings.warehouse_dir)
    sock.unlink(missing_ok=True)  # a dead preloader's: waiting for the socket means waiting for this one
    with open(server.log, "ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "bijie_etl.preload", str(sock)],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _record(
    settings: Settings, server: LocalServer, preloader: subprocess.Popen[bytes] | None, timeout: float = 120.0
) -> LocalServer:
    """Wait until the preloader listens (or has failed), then write the pid file of the server and the preloader."""
    preload_pid = None
    if preloader is not None:
        from bijie_etl.preload import socket_path

        sock = socket_path(settings.warehouse_dir)
        deadline = time.monotonic() + timeout
        while not sock.exists() and preloader.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        preload_pid = preloader.pid if preloader.poll() is None else None
    server = dataclasses.replace(server, preload_pid=preload_pid)
    server_state_path(settings).write_text(json.dumps(asdict(server)), encoding="utf-8")
    return server


def _terminate(*pids: int, timeout: float = 20.0) -> None:
    """SIGTERM each process group, then SIGKILL those that have not ended within ``timeout``."""
    left = list(pids)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in list(left):
            try:
                os.killpg(pid, sig)
            except ProcessLookupError:
                left.remove(pid)
        deadline = time.monotonic() + timeout
        while left and time.monotonic() < deadline:
            left = [pid for pid in left if not _ended(pid)]
            if left:
                time.sleep(0.1)
        if not left:
            return


def _ended(pid: int) -> bool:
    try:
        return os.waitpid(pid, os.WNOHANG)[0] == pid
    except ChildProcessError:  # not our child (started by an earlier CLI call)
        return not alive(pid)


def server_stop(settings: Settings) -> LocalServer | None:
    """Stop the kept server (if its pid file names a running process); returns what was stopped."""
    path = server_state_path(settings)
    server = _recorded_server(path)
    if server is None:
        return None
    _terminate(*(pid for pid in (server.preload_pid, server.pid) if pid is not None and alive(pid)))
    path.unlink(missing_ok=True)
    return server


def use_local_server(settings: Settings, environ: dict[str, str] | None = None) -> LocalServer | None:
    """Point Prefect at the kept server when it is up and no PREFECT_API_URL is set; returns it, else ``None``.

    Call before anything imports ``prefect`` (like :func:`prepare_prefect_environment`).
    """
    env = os.environ if environ is None else environ
    if env.get("PREFECT_API_URL"):
        return None
    server = server_status(settings)
    if server is not None:
        env["PREFECT_API_URL"] = server.api_url
        env.setdefault("PREFECT_HOME", server.home)
    return server
