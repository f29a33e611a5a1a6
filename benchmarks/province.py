"""``make bench`` (province part): N cities in parallel vs one after another, lake vs single file.

Usage: ``python -m benchmarks.province --out benchmarks/RESULTS.md [--cities 3] [--departments N]``.

Starts a throw-away PostgreSQL (Debian's, as the ``postgres`` user) and moto's S3 server on
127.0.0.1 (the same helpers as the tests), generates one demo inbox per city, then measures:

* **one city, single file vs lake**: the same inbox, a fresh warehouse each time;
* **N cities, sequential vs parallel**: N processes (one per city) one after another, then all at once,
  each time into a fresh lake.

The figures replace the section between the ``province-bench`` markers of ``--out`` (the rest of
the file, written by :mod:`benchmarks.run`, is kept).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from bijie_etl.settings import PROJECT_ROOT, load_settings

sys.path.insert(0, str(PROJECT_ROOT / "tests"))
from lake_servers import S3, Postgres, run_postgres, run_s3

AS_OF = date(2024, 11, 15)
BEGIN, END = "<!-- province-bench:begin -->", "<!-- province-bench:end -->"


def make_inbox(root: Path, code: str, seed: int, departments: int) -> Path:
    """A seeded demo inbox of the first ``departments`` departments that have targets."""
    from bijie_etl.catalog.model import load_catalog_from_settings
    from bijie_etl.demo.generate import generate_demo

    catalog = load_catalog_from_settings(load_settings())
    depts = [d.code for d in catalog.departments if any(t.department == d.code for t in catalog.targets)]
    keep = set(depts[:departments])
    few = dataclasses.replace(catalog, targets=tuple(t for t in catalog.targets if t.department in keep))
    inbox = root / code / "inbox"
    generate_demo(few, inbox, as_of=AS_OF, seed=seed)
    return inbox


def _env(base: dict[str, str], code: str, inbox: Path, work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIJIE_")}
    env.update(base, BIJIE_CITY=code, BIJIE_INBOX_DIR=str(inbox), BIJIE_WAREHOUSE_DIR=str(work / code))
    env["BIJIE_ARCHIVE_PROCESSED"] = "false"  # every measurement reads the same inboxes
    return env


def _run(envs: list[dict[str, str]], parallel: bool) -> float:
    """Seconds for the city runs (``python -m bijie_etl.province``), all at once or one after another.

    The CPU seconds the runs used (user + system of the child processes) accumulate in ``CPU[label]``
    of the caller via :func:`_timed`; wall-clock alone would measure the other users of a shared machine.
    """
    cmd = [sys.executable, "-m", "bijie_etl.province", "--as-of", AS_OF.isoformat()]
    started = time.perf_counter()
    if parallel:
        procs = [subprocess.Popen(cmd, env=e, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for e in envs]
        outs = [p.communicate()[0] for p in procs]
        codes = [p.returncode for p in procs]
    else:
        outs, codes = [], []
        for e in envs:
            p = subprocess.run(cmd, env=e, capture_output=True, check=False)
            outs.append(p.stdout + p.stderr)
            codes.append(p.returncode)
    elapsed = time.perf_counter() - started
    if any(codes):
        raise RuntimeError(b"\n".join(outs).decode(errors="replace")[-3000:])
    return elapsed


def _timed(envs: list[dict[str, str]], parallel: bool) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds of the runs, 1-minute load average before they started)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    wall = _run(envs, parallel)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, load


def lake_env(pg: Postgres, s3: S3, ext_dir: Path) -> dict[str, str]:
    """A fresh lake (new database, new bucket) as BIJIE_* variables."""
    return {
        "BIJIE_WAREHOUSE_URL": pg.url(pg.new_database("bench")),
        "BIJIE_LAKE_DATA_PATH": f"s3://{s3.new_bucket('bench')}/data/",
        "BIJIE_LAKE_EXTENSION_DIR": str(ext_dir),
        **s3.env(),
    }


def measure(cities: int, departments: int, work: Path) -> dict[str, Any]:
    inboxes = {
        f"city{i}": make_inbox(work / "inboxes", f"city{i}", 2024 + i, departments) for i in range(cities)
    }
    files = sum(1 for p in next(iter(inboxes.values())).rglob("*") if p.is_file())
    ext_dir = work / "extensions"
    with run_postgres() as pg, run_s3() as s3:
        first = next(iter(inboxes))
        single = _timed([_env({}, first, inboxes[first], work / "single")], parallel=False)
        # warm the extension folder once (a copy of the wheels' files), outside the timings
        _run([_env(lake_env(pg, s3, ext_dir), first, inboxes[first], work / "warm")], parallel=False)
        lake_one = _timed(
            [_env(lake_env(pg, s3, ext_dir), first, inboxes[first], work / "lake1")], parallel=False
        )
        seq_env = lake_env(pg, s3, ext_dir)
        sequential = _timed([_env(seq_env, c, p, work / "seq") for c, p in inboxes.items()], parallel=False)
        par_env = lake_env(pg, s3, ext_dir)
        parallel = _timed([_env(par_env, c, p, work / "par") for c, p in inboxes.items()], parallel=True)
    return {
        "cities": cities,
        "files_per_city": files,
        "single_file_s": single,
        "lake_one_city_s": lake_one,
        "sequential_s": sequential,
        "parallel_s": parallel,
        "cores": os.cpu_count(),
    }


def render(r: dict[str, Any]) -> str:
    """The province section of RESULTS.md: wall seconds, CPU seconds and the ratios."""

    def row(label: str, key: str, ratio: str) -> str:
        wall, cpu, load = r[key]
        return f"| {label} | {wall:.1f} | {cpu:.1f} | {load:.1f} | {ratio} |"

    def ratio(a: str, b: str, i: int) -> float:
        return float(r[a][i] / r[b][i])

    n = r["cities"]
    lines = [
        BEGIN,
        "## Province mode (DuckLake: catalog in PostgreSQL, Parquet in moto S3, all on 127.0.0.1)",
        "",
        f"`python -m benchmarks.province`: {n} demo cities of {r['files_per_city']} files each, each city "
        f"a separate process (`python -m bijie_etl.province`: the full nightly run, load + pace + dashboard); "
        f"{r['cores']} cores; every figure from a fresh warehouse or lake. CPU = user + system seconds of the "
        "city processes (what the runs cost, whatever else the machine does); load = 1-minute load average "
        "when the measurement started (other users of the machine).",
        "",
        "| measurement | wall s | CPU s | load | ratio (wall; CPU) |",
        "|---|---:|---:|---:|---|",
        row("one city, single DuckDB file", "single_file_s", "1.00"),
        row(
            "one city, lake",
            "lake_one_city_s",
            f"lake / file = {ratio('lake_one_city_s', 'single_file_s', 0):.2f}; "
            f"{ratio('lake_one_city_s', 'single_file_s', 1):.2f}",
        ),
        row(f"{n} cities one after another, lake", "sequential_s", "1.00"),
        row(
            f"{n} cities in parallel, lake",
            "parallel_s",
            f"parallel / sequential = {ratio('parallel_s', 'sequential_s', 0):.2f}; "
            f"{ratio('parallel_s', 'sequential_s', 1):.2f}",
        ),
        "",
        "The lake costs more per city (every transaction is a commit to PostgreSQL plus Parquet objects over",
        "HTTP, and each process loads three large extensions); what it buys is that cities write at the same",
        f"time from any number of machines. On one machine the parallel gain is bounded by its cores: {n} cities",
        f"on {r['cores']} cores can at best take {max(1.0, n / (r['cores'] or 1)) / n:.2f} of the sequential wall time.",
        END,
    ]
    return "\n".join(lines) + "\n"


def write_section(out: Path, section: str) -> None:
    """Replace (or append) the province section of ``out``."""
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section.rstrip("\n") + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    out.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "benchmarks" / "RESULTS.md")
    parser.add_argument("--cities", type=int, default=3)
    parser.add_argument("--departments", type=int, default=4)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bijie-province-bench-"))
    try:
        result = measure(args.cities, args.departments, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    section = render(result)
    write_section(args.out, section)
    print(section)


if __name__ == "__main__":
    main()
