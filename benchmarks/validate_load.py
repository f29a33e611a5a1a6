"""The main process's share of a backfill after the reads, alone and repeatably: validation and load.

A backfill's main process checks and loads each batch while the read workers read the next one, so
its validation and load are most of what it adds to the reading (issue #19). This measures that
part without the reads: the bench files are read once, as a read worker reads them (packed, path
left out), and kept in a pickle; each run then checks and loads them into an empty warehouse in
the run's batches, as ``Run.ingest`` does, and prints the CPU seconds of the batches (and of the
checkpoint that folds them into the file)::

    python -m benchmarks.validate_load prepare 5000       # ~15 s, once per reader change
    python -m benchmarks.validate_load run 5000           # CPU of validation + load
    python -m benchmarks.validate_load run 2000 --dump /tmp/tables   # every table as Parquet, to compare

With ``ICOUNT=1`` under ``valgrind --tool=callgrind --instr-atstart=no`` only the batches are
counted (``callgrind_control -i on|off``): instruction counts that other load does not change.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pickle
import shutil
import subprocess
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from benchmarks.run import AS_OF
from benchmarks.scale import ScaleParams, generate
from bijie_etl import run as pipeline
from bijie_etl.collector import collector_for_run
from bijie_etl.ingest.discover import InboxPaths, batches
from bijie_etl.ingest.parallel import BatchReads, _with_path, _without_path, rare_full_collections, read_one
from bijie_etl.settings import load_settings

DATA = Path(os.environ.get("BENCH_DATA", "/work/bench-data"))


def _pickle_path(n: int) -> Path:
    return Path(tempfile.gettempdir()) / f"bijie-validate-load-{n}.pkl"


def prepare(n: int) -> Path:
    """Read the first ``n`` bench files as a read worker does and keep what it sends back."""
    ds = generate(ScaleParams(n_files=max(n, 5000)), data_dir=DATA, log=lambda m: None)
    settings = load_settings(warehouse_dir=Path(tempfile.mkdtemp()), inbox_dir=ds.inbox, smtp_host=None)
    shown = InboxPaths(ds.inbox)
    kept = []
    for path in ds.files[:n]:
        name = shown.display(path)
        packed = _without_path(read_one(path, name, settings, ds.inbox), path)
        kept.append((path, name, pickle.dumps(packed, protocol=5)))
    out = _pickle_path(n)
    out.write_bytes(pickle.dumps(kept, protocol=5))
    return out


def _callgrind(flag: str) -> None:
    if os.environ.get("ICOUNT"):
        subprocess.run(["callgrind_control", "-i", flag, str(os.getpid())], check=True, capture_output=True)


def run(n: int, dump: Path | None = None) -> dict[str, float]:
    """Check and load the kept reads into an empty warehouse, batch by batch; CPU seconds and rows."""
    ds = generate(ScaleParams(n_files=max(n, 5000)), data_dir=DATA, log=lambda m: None)
    kept = {path: (name, blob) for path, name, blob in pickle.loads(_pickle_path(n).read_bytes())}
    work = Path(tempfile.mkdtemp(prefix="bijie-validate-load-"))
    settings = load_settings(warehouse_dir=work / "warehouse", inbox_dir=ds.inbox, smtp_host=None)
    shown = InboxPaths(ds.inbox)
    for module in ("bijie_etl.validate.submissions", "bijie_etl.ingest.feedback"):
        importlib.import_module(module)  # the first batch imports them: once a run, not measured here
    cpu, rows = 0.0, 0
    try:
        with ExitStack() as stack:
            stack.enter_context(collector_for_run())
            stack.enter_context(rare_full_collections())
            r = stack.enter_context(pipeline.Run(settings, AS_OF, kind="backfill"))
            started = time.process_time()
            stack.enter_context(r.warehouse.one_thread())
            loading = stack.enter_context(ExitStack())
            loading.enter_context(r.warehouse.checkpoint_at_end())
            cpu += time.process_time() - started
            files, _ = pipeline.skip_unchanged(list(ds.files[:n]), r.warehouse, ds.inbox)
            for batch in batches(files, settings.batch_size, settings.batch_bytes):
                reads = _reads(batch, kept, settings, ds.inbox)
                _callgrind("on")
                started = time.process_time()
                reads._names = {path: shown.display(path) for path in batch}  # as ReadAhead.submit does
                out = pipeline.ingest_batch(
                    batch,
                    warehouse=r.warehouse,
                    catalog=r.years.for_ingest(),
                    settings=settings,
                    as_of=r.as_of,
                    run_id=r.run_id,
                    inbox=ds.inbox,
                    reads=reads,
                    set_aside=True,
                )
                cpu += time.process_time() - started
                _callgrind("off")
                rows += out.rows_loaded
            _callgrind("on")
            started = time.process_time()
            loading.close()  # the checkpoint after the batches (in a thread: waited for here)
            r.warehouse.checkpointed()
            cpu += time.process_time() - started
            _callgrind("off")
            if dump is not None:
                _dump(r.warehouse.con, dump)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"cpu": cpu, "rows": rows}


def _reads(batch: list[Path], kept: dict[Path, tuple[str, bytes]], settings: Any, inbox: Path) -> BatchReads:
    """The batch's reads as they come back from the workers (unpickled here, outside the measure)."""
    reads = BatchReads(settings, inbox)
    done = {}
    for path in batch:
        name, blob = kept[path]
        sha, sub, read = _with_path(pickle.loads(blob), path)
        done[path] = (name, sha, sub, read, "workers")
    reads._done = done
    return reads


def _dump(con: Any, folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    tables = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE'"
    ).fetchall()
    for (table,) in tables:
        con.execute(f"COPY (SELECT * FROM \"{table}\") TO '{folder / table}.parquet' (FORMAT parquet)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["prepare", "run"])
    parser.add_argument("n", type=int, nargs="?", default=5000)
    parser.add_argument("--dump", type=Path, default=None, help="write every table as Parquet here")
    args = parser.parse_args()
    if args.what == "prepare":
        print(prepare(args.n))
        return
    got = run(args.n, args.dump)
    print(f"validation + load of {args.n} files: {got['cpu']:.2f} CPU-s, {got['rows']:.0f} rows")


if __name__ == "__main__":
    main()
