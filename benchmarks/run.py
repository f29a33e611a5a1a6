"""``make bench``: floor, pipeline (with and without Prefect), naive, no-new-file night, pace over 10M rows.

Usage: ``python -m benchmarks.run --out benchmarks/RESULTS.md [--quick] [--files N] [--small N]``.

Every measurement of one size runs on the same generated inbox (:mod:`benchmarks.scale`).
Each figure is the median of ``--repeat`` runs for the small set and of ``--repeat-large`` runs
(default 3) for the backfill set, except the backfill's naive script (``--naive-repeat-large``,
default 1: it takes minutes); every pipeline run starts from an empty warehouse. The ratios
(b')/(a) and (b)/(b') compare medians: on a shared 2-core machine one sample of a 3-second floor
moves by ±20 %.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import Any

import duckdb

from benchmarks.scale import Dataset, ScaleParams, generate
from bijie_etl.settings import PROJECT_ROOT, Settings, load_settings

__all__ = [
    "Measurement",
    "measure_floor",
    "measure_naive",
    "measure_pace",
    "measure_pipeline",
    "measure_prefect",
    "render_results",
]

AS_OF = date(2024, 12, 31)


@dataclass
class Measurement:
    """Seconds of each run (the median is what is reported) and what the run produced."""

    name: str
    runs: list[float] = field(default_factory=list)
    rows: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.runs) if self.runs else None


def _log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _repeat(m: Measurement, times: int, once: Callable[[], Any]) -> Measurement:
    try:
        for _ in range(times):
            started = time.perf_counter()
            out = once()
            m.runs.append(time.perf_counter() - started)
            if isinstance(out, int):
                m.rows = out
    except Exception as exc:  # a measurement that cannot run is reported, not fatal
        m.error = f"{type(exc).__name__}: {exc}"
        _log(f"{m.name} failed: {m.error}")
    return m


# --------------------------------------------------------------------------------------------
# (a) floor


def decode_floor(files: list[Path]) -> int:
    """Decode every file to Arrow with the fastest reader (fastexcel; pyarrow.csv) and nothing else."""
    import fastexcel
    import pyarrow.csv as pcsv

    rows = 0
    for path in files:
        if path.suffix.lower() == ".csv":
            data = path.read_bytes()
            encoding = "utf8"
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                encoding = "gb18030"
            table = pcsv.read_csv(
                path, read_options=pcsv.ReadOptions(encoding=encoding, autogenerate_column_names=True)
            )
            rows += table.num_rows
        else:
            reader = fastexcel.read_excel(path)
            for name in reader.sheet_names:
                rows += reader.load_sheet(name, header_row=None).to_arrow().num_rows
    return rows


def measure_floor(ds: Dataset, repeat: int) -> Measurement:
    """(a): median seconds to decode every file (after one warm-up over a few files)."""
    decode_floor(ds.files[:5])
    return _repeat(Measurement("floor"), repeat, lambda: decode_floor(ds.files))


# --------------------------------------------------------------------------------------------
# (b') pipeline without Prefect


def _settings_for(ds: Dataset, work: Path) -> Settings:
    return load_settings(
        warehouse_dir=work / "warehouse", inbox_dir=ds.inbox, prefect_home=work / "prefect", smtp_host=None
    )


def run_pipeline_once(ds: Dataset, work: Path, *, fresh: bool = True, notify: bool = False) -> dict[str, Any]:
    """``pipeline.run_nightly(..., notify=False)`` on the inbox with a per-step clock (``notify``: with the mail step)."""
    from bijie_etl import run as pipeline

    if fresh and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    settings = _settings_for(ds, work)
    clock: dict[str, float] = {}

    def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                clock[name] = clock.get(name, 0.0) + time.perf_counter() - started

        return wrapper

    steps = pipeline.Steps(
        ingest_batch=timed("ingest", pipeline.ingest_batch),
        assess=timed("assess", pipeline.assess_step),
        notify=timed("notify", pipeline.notify_step),
        publish=timed("publish", pipeline.publish_step),
        render=timed("render", pipeline.render_step),
    )
    started = time.perf_counter()
    summary = pipeline.run_nightly(settings, AS_OF, paths=ds.files, steps=steps, notify=notify).as_dict()
    clock["total"] = time.perf_counter() - started
    return {"clock": clock, "rows_loaded": summary["rows_loaded"], "files_loaded": summary["files_loaded"],
            "files_seen": summary["files_seen"], "files_unchanged": summary["files_unchanged"]}  # fmt: skip


def measure_pipeline(ds: Dataset, repeat: int, work: Path) -> Measurement:
    """(b') the whole nightly run without Prefect, fresh warehouse each time; then a no-new-file night."""
    m = Measurement("pipeline (no Prefect)")
    clocks: list[dict[str, float]] = []

    def once() -> int:
        out = run_pipeline_once(ds, work)
        clocks.append(out["clock"])
        m.extra["files_loaded"] = out["files_loaded"]
        return int(out["rows_loaded"])

    _repeat(m, repeat, once)
    if clocks:
        m.extra["steps"] = {k: statistics.median(c.get(k, 0.0) for c in clocks) for k in clocks[0]}
        again = run_pipeline_once(ds, work, fresh=False)  # every file already loaded
        m.extra["no_new_file"] = again["clock"]
        m.extra["no_new_file_unchanged"] = again["files_unchanged"]
    return m


# --------------------------------------------------------------------------------------------
# (b) pipeline inside the Prefect flow, in a child process


def _child_env(ds: Dataset, work: Path) -> dict[str, str]:
    env = dict(os.environ)
    for key in [k for k in env if k.startswith(("PREFECT_", "BIJIE_"))]:
        del env[key]
    env.update(
        {
            "BIJIE_INBOX_DIR": str(ds.inbox),
            "BIJIE_WAREHOUSE_DIR": str(work / "warehouse"),
            "BIJIE_PREFECT_HOME": str(work / "prefect"),
            # The generated inbox is measured again (naive, the next repeat): never archive it away.
            "BIJIE_ARCHIVE_PROCESSED": "false",
            "PREFECT_HOME": str(work / "prefect"),
            "DO_NOT_TRACK": "1",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
            "PREFECT_TELEMETRY_ENABLE_RESOURCE_METRICS": "false",
            "PREFECT_LOGGING_LEVEL": "WARNING",
            # A loaded 2-core machine can take longer than the default 20 s to start the temporary server.
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
            "PYTHONPATH": os.pathsep.join(p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p),
        }
    )
    return env


def run_prefect_once(
    ds: Dataset, work: Path, *, fresh: bool = True, timeout: float = 3600, runs: int = 1
) -> dict[str, Any]:
    """``runs`` ``nightly`` flow runs in one child process (fresh warehouse each); their timings (the
    first run's at the top level, every run's in ``runs``) plus the child's peak RSS (MiB)."""
    if fresh and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    out = work / f"child-{time.monotonic_ns()}.json"
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.prefect_child", AS_OF.isoformat(), str(out), str(runs)],
        env=_child_env(ds, work),
        cwd=str(PROJECT_ROOT),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + timeout
    while True:  # wait4 gives this child's own rusage (peak RSS), not the max over all children
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            proc.kill()
            raise TimeoutError("prefect child timed out")
        time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    wall = time.perf_counter() - started
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"prefect child exited {proc.returncode}: {stderr[-800:]}")
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    report["wall_s"] = wall
    report["peak_rss_mib"] = usage.ru_maxrss / 1024  # Linux: KiB
    return report


def measure_adhoc_reference(ds: Dataset, repeat: int, work: Path) -> Measurement:
    """The work an ad-hoc ``bijie-etl run`` does, without Prefect: (b') with the mail step, as the command runs it.

    (b') itself runs without mail (the naive script (c) sends none); the command composes and writes
    the night's emails (.eml files here, no SMTP host), so its overhead is counted beyond this.
    """
    m = Measurement("ad-hoc reference: (b') with mail")
    return _repeat(m, repeat, lambda: int(run_pipeline_once(ds, work, notify=True)["rows_loaded"]))


def measure_prefect(ds: Dataset, repeat: int, work: Path) -> Measurement:
    """(b) the nightly flow with Prefect (temporary server); then the same flow with no new file.

    The ``repeat`` runs are made in one child process, each on a fresh warehouse, as (b') makes its
    repeats in this process: the first pays the process's cold start (and the temporary server's first
    requests), the median is a run like (b')'s median. The first run's flow run is reported too
    (``extra["first_flow_run_s"]``), as are each run's.
    """
    m = Measurement("pipeline (Prefect flow)")
    try:
        rep = run_prefect_once(ds, work, runs=repeat)
        bad = [r for r in rep["runs"] if r.get("state") != "COMPLETED"]
        if bad:
            raise RuntimeError(f"flow ended {bad[0].get('state')}: {bad[0].get('error')}")
    except Exception as exc:  # a measurement that cannot run is reported, not fatal
        m.error = f"{type(exc).__name__}: {exc}"
        _log(f"{m.name} failed: {m.error}")
        return m
    runs = rep["runs"]
    m.runs = [float(r.get("flow_run_s") or 0.0) for r in runs]
    m.rows = int(runs[-1].get("rows_loaded") or 0)
    med = lambda key: statistics.median(float(r.get(key) or 0.0) for r in runs)  # noqa: E731
    middle = sorted(runs, key=lambda r: float(r.get("flow_run_s") or 0.0))[len(runs) // 2]
    m.extra.update(
        flow_run_s=med("flow_run_s"), flow_call_s=med("flow_call_s"), import_s=rep.get("import_s"),
        first_flow_run_s=runs[0].get("flow_run_s"), flow_runs_s=m.runs,
        wall_s=rep["wall_s"], peak_rss_mib=rep["peak_rss_mib"],
        tasks_s=middle.get("tasks_s"), task_runs=middle.get("task_runs"),
    )  # fmt: skip
    # Start-up = the child's time before its first flow run: interpreter, imports, temporary server.
    m.extra["startup_s"] = (
        float(rep.get("import_s") or 0.0)
        + float(runs[0].get("flow_call_s") or 0.0)
        - float(runs[0].get("flow_run_s") or 0.0)
    )
    try:
        again = run_prefect_once(ds, work, fresh=False)
        m.extra["no_new_file"] = again
    except Exception as exc:
        m.extra["no_new_file_error"] = f"{type(exc).__name__}: {exc}"
    return m


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def measure_adhoc(ds: Dataset, work: Path, repeat: int = 3) -> Measurement:
    """An ad-hoc ``bijie-etl run`` on a kept local server (``bijie-etl server start``), fresh warehouse.

    The figure is the command's wall time (interpreter, imports, flow-run creation, the work, the
    summary), median of ``repeat`` runs; its overhead is that minus the same work without Prefect
    (:func:`measure_adhoc_reference`: (b') with the mail step, which the command runs). The server's
    own start is not counted: it is started once and kept. The command is served by the server's
    preloader (:mod:`bijie_etl.preload`) when it can be: ``extra["preloaded"]`` counts the runs it served.
    """
    m = Measurement("ad-hoc run (kept server)")
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    env = _child_env(ds, work)
    cli = str(Path(sys.executable).with_name("bijie-etl"))

    def call(*args: str, timeout: float = 1800) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [cli, *args],
            env=env,
            cwd=str(PROJECT_ROOT),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    started = time.perf_counter()
    up = call("server", "start", "--port", str(_free_port()))
    m.extra["server_start_s"] = time.perf_counter() - started
    if up.returncode != 0:
        m.error = f"server start failed: {up.stderr[-300:]}"
        return m
    try:

        def once() -> int:
            shutil.rmtree(work / "warehouse" / "out", ignore_errors=True)
            for name in ("bijie.duckdb", "bijie.duckdb.wal", "analytics.duckdb", "outputs.json"):
                (work / "warehouse" / name).unlink(missing_ok=True)
            done = call("run", "--as-of", AS_OF.isoformat())
            if done.returncode != 0:
                raise RuntimeError(done.stderr[-400:])
            m.extra["hint_shown"] = "server start" in done.stderr
            log = (work / "warehouse" / "prefect-server.log").read_text(errors="replace")
            m.extra["preloaded"] = log.count("代为运行 served")
            return len(ds.files)

        _repeat(m, repeat, once)
    finally:
        call("server", "stop", timeout=120)
    return m


def measure_scale(n_files: int, work: Path, data_dir: Path) -> Measurement:
    """(b') on an ``n_files`` backfill in a child process: its wall time and peak RSS (``wait4``)."""
    m = Measurement(f"scale ({n_files:,} files)")
    ds = generate(ScaleParams(n_files=n_files), data_dir=data_dir, log=_log)
    m.extra["rows_generated"] = ds.rows
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    out = work / "scale.json"
    code = (
        "import json, sys; from pathlib import Path; from benchmarks.run import run_pipeline_once;"
        " from benchmarks.scale import ScaleParams, generate;"
        f" ds = generate(ScaleParams(n_files={n_files}), data_dir=Path({str(data_dir)!r}));"
        f" r = run_pipeline_once(ds, Path({str(work / 'run')!r}));"
        f" Path({str(out)!r}).write_text(json.dumps(r))"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code], env=env, cwd=str(PROJECT_ROOT), stderr=subprocess.PIPE
    )
    _pid, status, usage = os.wait4(proc.pid, 0)
    m.runs.append(time.perf_counter() - started)
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0 or not out.exists():
        m.error = f"scale child failed: {stderr[-500:]}"
        return m
    report = json.loads(out.read_text(encoding="utf-8"))
    m.rows = int(report["rows_loaded"])
    m.extra.update(
        peak_rss_mib=usage.ru_maxrss / 1024, cpu_s=usage.ru_utime + usage.ru_stime, clock=report["clock"]
    )
    shutil.rmtree(work / "run", ignore_errors=True)
    return m


# --------------------------------------------------------------------------------------------
# (c) naive


def measure_naive(ds: Dataset, repeat: int, work: Path) -> Measurement:
    from benchmarks.naive import load_naive
    from bijie_etl.catalog import load_catalog_from_settings

    settings = load_settings()
    catalog = load_catalog_from_settings(settings)

    def once() -> int:
        work.mkdir(parents=True, exist_ok=True)
        db = work / "naive.duckdb"
        db.unlink(missing_ok=True)
        con = duckdb.connect(str(db))
        try:
            return load_naive(ds.files, con, catalog, settings)
        finally:
            con.close()

    return _repeat(Measurement("naive"), repeat, once)


# --------------------------------------------------------------------------------------------
# Pace over many observations


def build_observations(
    con: duckdb.DuckDBPyConnection, n: int, codes: list[str], counties: list[str]
) -> dict[str, int]:
    """``n`` synthetic rows in the warehouse's ``observations`` layout, generated with ``range()``.

    Keys: every catalog code × ``counties`` × 120 months (2015-01 … 2024-12); rows beyond one per
    key are older versions (superseded), as years of revisions leave them.
    """
    keys = len(codes) * len(counties) * 120
    con.execute(
        """
        INSERT INTO observations (observation_id, submission_id, indicator_code, period, county, value,
               value_month, value_ytd, value_ytd_prior, growth_pct, unit, unit_reported, unit_factor, note,
               source_file, sheet, row_number, cell, cells, loaded_at, superseded_at, superseded_by)
        SELECT i + 1, 1 + i // 50, $codes[1 + i % $nc], (DATE '2015-01-01' + to_months(((i // $ncc) % 120)::INTEGER))::DATE,
               $counties[1 + (i // $nc) % $nco],
               (i % 997)::DOUBLE, (i % 97)::DOUBLE, (i % 997)::DOUBLE, (i % 991)::DOUBLE, (i % 13)::DOUBLE - 3,
               'unit', 'unit', 1.0, NULL, 'synthetic.xlsx', 'Sheet1', 2 + i % 50, 'G2', NULL,
               TIMESTAMP '2024-01-01 00:00:00',
               CASE WHEN i + $keys < $n THEN TIMESTAMP '2024-01-02 00:00:00' END,
               CASE WHEN i + $keys < $n THEN i + $keys + 1 END
        FROM range($n) AS r(i)
        """,
        {"codes": codes, "counties": counties, "nc": len(codes), "nco": len(counties),
         "ncc": len(codes) * len(counties), "keys": keys, "n": n},
    )  # fmt: skip
    current = con.execute("SELECT count(*) FROM observations WHERE superseded_at IS NULL").fetchone()
    return {"keys": keys, "current": int(current[0]) if current else 0}


def measure_pace(n: int, repeat: int, work: Path) -> Measurement:
    """``pace.assess`` over ``n`` synthetic observations (province-wide, ten years of revisions)."""
    from bijie_etl.catalog import load_catalog_from_settings
    from bijie_etl.pace.rules import assess
    from bijie_etl.run import open_warehouse

    m = Measurement("pace assess")
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    settings = load_settings(warehouse_dir=work)
    catalog = load_catalog_from_settings(settings)
    try:
        with open_warehouse(settings) as wh:
            wh.sync_catalog(catalog)
            counties = [c.name for c in catalog.counties]
            counties += [f"省内县区{i:02d}" for i in range(88 - len(counties))]
            started = time.perf_counter()
            m.extra.update(build_observations(wh.con, n, [t.code for t in catalog.targets], counties))
            m.extra["build_s"] = time.perf_counter() - started
            run_id = wh.start_run(date(2024, 11, 15), "bench")
            _repeat(m, repeat, lambda: len(assess(wh, catalog, settings, date(2024, 11, 15), run_id)))
    except Exception as exc:
        m.error = f"{type(exc).__name__}: {exc}"
    m.extra["observations"] = n
    return m


# --------------------------------------------------------------------------------------------
# RESULTS.md


def machine() -> dict[str, str]:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        kib = int(
            next(
                x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")
            ).split()[1]
        )
        ram = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "ram": ram,
        "os": platform.platform(),
        "load": f"{load:.1f}",
    }


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in (
        "duckdb",
        "pandera",
        "prefect",
        "fastexcel",
        "pandas",
        "pyarrow",
        "python-calamine",
        "openpyxl",
    ):
        try:
            out[pkg] = version(pkg)
        except Exception:
            out[pkg] = "?"
    return out


def _s(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f} s" if x >= 1 else f"{x * 1000:.0f} ms"


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def _goal(ok: bool | None) -> str:
    return "—（未测得 / not measured）" if ok is None else ("**met 达成**" if ok else "**NOT met 未达成**")


def render_results(sets: list[dict[str, Any]], pace: Measurement, context: dict[str, Any]) -> str:
    """RESULTS.md text from the measurements (``sets``: one dict per dataset size)."""
    lines = [
        "# Benchmarks · 性能基准",
        "",
        f"Generated by `make bench` ({context['command']}) on {context['when']}.",
        "",
    ]
    mach, vers = context["machine"], context["versions"]
    lines += ["## Machine and versions", "",
              f"- nproc **{mach['nproc']}**, CPU {mach['cpu']}, RAM {mach['ram']}, {mach['os']}; "
              f"load average at start {mach['load']} (other work on the machine inflates every figure alike).",
              "- " + ", ".join(f"{k} {v}" for k, v in vers.items()), ""]  # fmt: skip
    lines += ["## Parameters", ""]
    for s in sets:
        ds: Dataset = s["dataset"]
        lines.append(
            f"- **{s['label']}**: {len(ds.files):,} files, {ds.rows:,} data rows "
            f"({ds.rows / max(len(ds.files), 1):.0f} per file); styles {json.dumps(ds.by_style, ensure_ascii=False)}; "
            f"medians of {s['repeat']} run(s) (naive: {s['naive_repeat']}); generated in "
            f"{_s(ds.generated_s) if ds.generated_s else 'cache'} (`{ds.root.name}`)."
        )
    lines.append(
        f"- Pace: {pace.extra.get('observations', 0):,} synthetic observations, medians of {len(pace.runs)} run(s)."
    )
    lines.append("")
    lines += ["## Results", "",
              "| set | (a) floor | (b) Prefect flow run | (b) flow start-up | (b') no Prefect: whole run | (b') ingest only | (c) naive | (b)/(a) | (b')/(a) | (b)/(b') | (c)/(b) | (c)/(b') | rows a / b / b' / c |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    goals: list[str] = []
    for s in sets:
        a, b, bp, c = s["floor"], s["prefect"], s["pipeline"], s["naive"]
        b_run = b.extra.get("flow_run_s") if b.runs else None
        steps = bp.extra.get("steps", {})
        lines.append(
            f"| {s['label']} | {_s(a.median)} | {_s(b_run)} | {_s(b.extra.get('startup_s'))} | {_s(bp.median)} | "
            f"{_s(steps.get('ingest'))} | {_s(c.median)} | "
            f"{_fmt_ratio(_ratio(b_run, a.median))} | {_fmt_ratio(_ratio(bp.median, a.median))} | "
            f"{_fmt_ratio(_ratio(b_run, _same_work(s).median))} | "
            f"{_fmt_ratio(_ratio(c.median, b_run))} | {_fmt_ratio(_ratio(c.median, bp.median))} | "
            f"{a.rows or '—'} / {b.rows or '—'} / {bp.rows or '—'} / {c.rows or '—'} |"
        )
    lines.append("")
    for s in sets:
        for m in (s["floor"], s["prefect"], s["pipeline"], s["naive"]):
            if m.error:
                lines.append(f"- {s['label']} · {m.name}: could not run — `{m.error[:300]}`")
    lines += ["", "Ratio lines (machine-readable):", "", "```"]
    for s in sets:
        a, b, bp, c = s["floor"], s["prefect"], s["pipeline"], s["naive"]
        b_run = b.extra.get("flow_run_s") if b.runs else None
        lines.append(f"{s['label']}: b/a = {_fmt_ratio(_ratio(b_run, a.median))}; b'/a = {_fmt_ratio(_ratio(bp.median, a.median))}; b/b' = {_fmt_ratio(_ratio(b_run, _same_work(s).median))}; "
                     f"c/b = {_fmt_ratio(_ratio(c.median, b_run))}; c/b' = {_fmt_ratio(_ratio(c.median, bp.median))}")  # fmt: skip
    lines += ["```", ""]

    big = sets[-1]
    a, b, bp, c = big["floor"], big["prefect"], big["pipeline"], big["naive"]
    b_run = b.extra.get("flow_run_s") if b.runs else None
    same = _same_work(big)
    with_mail = " (b') with the mail step, as (b) runs it" if same is not bp else ""
    r_bpa, r_bbp, r_cb = _ratio(bp.median, a.median), _ratio(b_run, same.median), _ratio(c.median, b_run)
    rss = b.extra.get("peak_rss_mib")
    nn = b.extra.get("no_new_file") or {}
    nn_run = nn.get("flow_run_s")
    nn_direct = (bp.extra.get("no_new_file") or {}).get("total")
    goals += [
        f"| (b') ≤ 3× (a) (aim 2×) | {_fmt_ratio(r_bpa)} ({_s(bp.median)} vs {_s(a.median)}) | {_goal(None if r_bpa is None else r_bpa <= 3)} |",
        f"| (b) ≤ 1.2× (b') | {_fmt_ratio(r_bbp)} ({_s(b_run)} vs {_s(same.median)}{with_mail}; "
        f"against (b') without it {_fmt_ratio(_ratio(b_run, bp.median))}; (b)'s first, cold flow run {_s(b.extra.get('first_flow_run_s'))}) | {_goal(None if r_bbp is None else r_bbp <= 1.2)} |",
        f"| (c) / (b) ≥ 20 | {_fmt_ratio(r_cb)} ({_s(c.median)} vs {_s(b_run)}) | {_goal(None if r_cb is None else r_cb >= 20)} |",
        f"| peak memory of (b) < 1 GB | {rss:.0f} MiB (flow process, `wait4` ru_maxrss) | {_goal(rss < 1024)} |" if rss else "| peak memory of (b) < 1 GB | — | — |",
        f"| quiet night ≤ 1 s of flow run beyond start-up | flow run {_s(nn_run)} ({nn.get('task_runs', '—')} task runs; start-up {_s((nn.get('wall_s') or 0) - (nn_run or 0)) if nn_run else '—'}; without Prefect {_s(nn_direct)}) | {_goal(None if nn_run is None else nn_run <= 1)} |",
        f"| pace over {pace.extra.get('observations', 0):,} observations < 5 s | {_s(pace.median)} | {_goal(None if pace.median is None else pace.median < 5)} |",
    ]  # fmt: skip
    adhoc = context.get("adhoc")
    if adhoc is not None:
        ref = context.get("adhoc_reference")
        small_bp, tag = (
            (ref.median, "(b') with mail")
            if ref is not None and ref.median
            else (sets[0]["pipeline"].median, "(b')")
        )
        over = None if adhoc.median is None or small_bp is None else adhoc.median - small_bp
        goals.append(
            f"| ad-hoc `bijie-etl run` overhead ≤ 5 s (kept server, {sets[0]['label']}) | {_s(over)} "
            f"(command {_s(adhoc.median)}, median of {len(adhoc.runs)} − {tag} {_s(small_bp)}; server start once {_s(adhoc.extra.get('server_start_s'))}; runs served by its preloader: {adhoc.extra.get('preloaded', 0)}) "
            f"| {_goal(None if over is None else over <= 5)} |"
        )  # fmt: skip
    desk = context.get("desk_result")
    if desk:
        goals.append(
            f"| desk upload-to-feedback ≤ 1 s ({desk['rows']}-row file) | median {desk['upload_median_s']:.3f} s "
            f"(worst {desk['upload_max_s']:.3f} s) | {_goal(desk['upload_median_s'] <= 1.0)} |"
        )
    scale = context.get("scale")
    if scale is not None:
        srss = scale.extra.get("peak_rss_mib")
        goals.append(
            f"| {scale.name} backfill: peak RSS < 1 GB | {f'{srss:.0f} MiB' if srss else '—'} "
            f"((b') {_s(scale.median)} wall, {_s(scale.extra.get('cpu_s'))} CPU, {scale.rows or 0:,} rows) "
            f"| {_goal(None if not srss else srss < 1024)} |"
        )
    lines += [f"## Goals ({big['label']})", "", "| goal | measured | verdict |", "|---|---|---|", *goals, ""]
    lines += ["## Where the time goes", ""]
    for s in sets:
        for key, tag in (("pipeline", "(b')"),):
            steps = s[key].extra.get("steps")
            if steps:
                lines.append(
                    f"- {s['label']}, {tag} per step (median): "
                    + ", ".join(f"{k} {_s(v)}" for k, v in steps.items())
                )
                nn = s[key].extra.get("no_new_file")
                if nn:
                    lines.append(
                        f"- {s['label']}, {tag} night with no new file: "
                        + ", ".join(f"{k} {_s(v)}" for k, v in nn.items())
                    )
        tasks = s["prefect"].extra.get("tasks_s")
        if tasks:
            lines.append(f"- {s['label']}, (b) Prefect task run time ({s['prefect'].extra.get('task_runs')} task runs): "
                         + ", ".join(f"{k} {_s(v)}" for k, v in tasks.items()))  # fmt: skip
        if s["prefect"].runs:
            e = s["prefect"].extra
            runs = ", ".join(_s(x) for x in e.get("flow_runs_s") or [])
            lines.append(f"- {s['label']}, (b) child process: imports {_s(e.get('import_s'))}, flow call {_s(e.get('flow_call_s'))} "
                         f"(of which the flow run {_s(e.get('flow_run_s'))}; runs in order, the first cold: {runs}), wall {_s(e.get('wall_s'))}")  # fmt: skip
        mail = s.get("pipeline_mail")
        if mail is not None and mail.median is not None:
            lines.append(f"- {s['label']}, (b') with the mail step (the work (b) does): {_s(mail.median)} "
                         f"(runs {', '.join(_s(x) for x in mail.runs)})")  # fmt: skip
    if pace.extra.get("build_s"):
        lines.append(f"- Pace: building {pace.extra['observations']:,} rows took {_s(pace.extra['build_s'])} "
                     f"({pace.extra.get('current', 0):,} current, {pace.extra.get('keys', 0):,} keys).")  # fmt: skip
    if pace.error:
        lines.append(f"- Pace could not run: `{pace.error[:300]}`")
    lines += ["", context.get("desk", "").rstrip(), ""]
    lines += ["", context.get("profile", "").rstrip(), ""]
    lines += [context.get("notes", "").rstrip(), ""]
    return "\n".join(lines).rstrip() + "\n"


def _same_work(s: dict[str, Any]) -> Measurement:
    """The (b') that does (b)'s work: with the mail step (the flow runs notify; (b') leaves it out to
    compare with (c), which sends none), when it was measured; else (b')."""
    mail = s.get("pipeline_mail")
    return mail if mail is not None and mail.median is not None else s["pipeline"]


def _fmt_ratio(r: float | None) -> str:
    return "—" if r is None else f"{r:.2f}×"


# --------------------------------------------------------------------------------------------
# Profile


def profile_ingest(ds: Dataset, work: Path, limit: int = 400) -> str:
    """Pyinstrument text of the (b') pipeline path over the first ``limit`` files."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        return "(pyinstrument not installed)"
    small = Dataset(ds.params, ds.root, ds.files[:limit], ds.rows)
    profiler = Profiler(interval=0.001)
    profiler.start()
    try:
        run_pipeline_once(small, work)
    finally:
        profiler.stop()
    return profiler.output_text(unicode=False, color=False, show_all=False)


# --------------------------------------------------------------------------------------------
# Main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("RESULTS.md"))
    parser.add_argument("--quick", action="store_true", help="a tiny smoke run (seconds, not minutes)")
    parser.add_argument("--files", type=int, default=5000, help="backfill size (files)")
    parser.add_argument("--small", type=int, default=300, help="small set size (files)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement on the small set")
    parser.add_argument(
        "--repeat-large", type=int, default=3, help="runs per measurement on the backfill set"
    )
    parser.add_argument(
        "--naive-repeat-large", type=int, default=1, help="runs of the naive script on the backfill set"
    )
    parser.add_argument("--pace-rows", type=int, default=10_000_000)
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument(
        "--scale", type=int, default=0, help="also a backfill of this many files for peak memory (e.g. 50000)"
    )
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.quick:
        args.files, args.small, args.repeat, args.repeat_large, args.pace_rows = 40, 12, 1, 1, 200_000
        args.naive_repeat_large = 1
    data_dir = args.data_dir or Path(__file__).resolve().parent / "data"
    context: dict[str, Any] = {
        "command": " ".join(["python -m benchmarks.run", *(argv if argv is not None else sys.argv[1:])]),
        "when": time.strftime("%Y-%m-%d %H:%M %Z"),
        "machine": machine(),
        "versions": versions(),
    }
    sets = []
    with tempfile.TemporaryDirectory(prefix="bijie-bench-") as tmp:
        work = Path(tmp)
        for label, n, repeat in (
            ("small", args.small, args.repeat),
            ("backfill", args.files, args.repeat_large),
        ):
            ds = generate(ScaleParams(n_files=n), data_dir=data_dir, log=_log)
            _log(f"{label}: {len(ds.files)} files, {ds.rows} rows")
            naive_repeat = repeat if label == "small" else args.naive_repeat_large
            s: dict[str, Any] = {
                "label": f"{label} ({len(ds.files):,} files)",
                "dataset": ds,
                "repeat": repeat,
                "naive_repeat": naive_repeat,
            }
            s["floor"] = measure_floor(ds, repeat)
            _log(f"floor {_s(s['floor'].median)}")
            s["pipeline"] = measure_pipeline(ds, repeat, work / "direct")
            _log(f"pipeline (no Prefect) {_s(s['pipeline'].median)}")
            s["pipeline_mail"] = measure_adhoc_reference(ds, repeat, work / "direct")
            _log(f"pipeline (no Prefect) with the mail step {_s(s['pipeline_mail'].median)}")
            s["prefect"] = measure_prefect(ds, repeat, work / "prefect")
            _log(f"pipeline (Prefect) {_s(s['prefect'].extra.get('flow_run_s'))}")
            s["naive"] = measure_naive(ds, naive_repeat, work / "naive")
            _log(f"naive {_s(s['naive'].median)}")
            sets.append(s)
        pace = measure_pace(args.pace_rows, 1 if args.quick else 3, work / "pace")
        _log(f"pace {_s(pace.median)}")
        # A single ad-hoc sample on a shared machine is noise: median of 3 at least, and of its reference.
        adhoc_repeat = 1 if args.quick else max(3, args.repeat)
        context["adhoc_reference"] = measure_adhoc_reference(
            sets[0]["dataset"], adhoc_repeat, work / "direct"
        )
        _log(f"ad-hoc reference ((b') with mail) {_s(context['adhoc_reference'].median)}")
        context["adhoc"] = measure_adhoc(sets[0]["dataset"], work / "adhoc", repeat=adhoc_repeat)
        _log(f"ad-hoc run on a kept server {_s(context['adhoc'].median)}")
        if args.scale:
            context["scale"] = measure_scale(args.scale, work / "scale", data_dir)
            _log(
                f"scale {args.scale}: {_s(context['scale'].median)}, {context['scale'].extra.get('peak_rss_mib')} MiB"
            )
        if not args.no_profile:
            text = profile_ingest(sets[-1]["dataset"], work / "profile")
            context["profile"] = (
                "## Profile (pyinstrument, (b') over the first 400 backfill files)\n\n```\n"
                + text[:12000]
                + "\n```"
            )
        from benchmarks.desk import render_desk, run_desk_benchmark

        try:
            quick = {"repeat": 3, "clients": 5, "run_files": 40} if args.quick else {}
            context["desk_result"] = run_desk_benchmark(work / "desk", **quick)  # type: ignore[arg-type]
            context["desk"] = render_desk(context["desk_result"])
        except Exception as exc:  # reported, not fatal, like every other measurement
            context["desk"] = f"## Desk\n\nthe desk benchmark failed: {type(exc).__name__}: {exc}\n"
            _log(context["desk"])
    notes = Path(__file__).with_name("NOTES.md")
    if notes.exists():
        context["notes"] = notes.read_text(encoding="utf-8")
    args.out.write_text(render_results(sets, pace, context), encoding="utf-8")
    _log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
