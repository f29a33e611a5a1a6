"""kill -9 during the nightly load, then run again: the warehouse ends exactly as an uninterrupted run leaves it.

Each trial starts ``run_nightly`` in a child process on the same demo inbox and kills it with SIGKILL:
every third trial at a random (seeded) moment before the first batch commits (start-up, migration,
reading, validation), the others a random fraction of a batch after the k-th batch committed (the
child logs each commit), so that they land inside the load whatever the machine's speed. It checks that
the database still opens and holds no half-loaded file, then runs the job to completion and
compares a fingerprint with the uninterrupted run's: the checksum of the current observations
(values and lineage), no duplicate current row, and per file (by sha256) the same number of
observations, confirmations and failures.
"""

from __future__ import annotations

import os
import random
import signal
import time
from datetime import date
from itertools import pairwise
from pathlib import Path

import duckdb
import pytest
from tests.reliability import STRESS
from tests.reliability.runs import commit_times, fingerprint, run_to_completion, start_run

from bijie_etl.catalog import load_catalog_from_settings
from bijie_etl.demo.generate import generate_demo
from bijie_etl.settings import Settings

AS_OF = date(2024, 3, 15)  # January and February are due: ~50 files, a run of a few seconds
#: Small batches (one transaction each) so that a kill can land between two committed batches.
BATCH = {"BIJIE_BATCH_SIZE": "8"}
TRIALS = 20 if STRESS else 3
SEED = 20240415

pytestmark = pytest.mark.timeout(900 if STRESS else 240)


@pytest.fixture(scope="module")
def demo_inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A deterministic demo inbox (with its planted bad rows and corrupt file)."""
    inbox = tmp_path_factory.mktemp("crash") / "inbox"
    generate_demo(
        load_catalog_from_settings(Settings()),
        inbox,
        as_of=AS_OF,
        manifest_path=inbox.parent / "manifest.json",
    )
    return inbox


def _load_is_whole(database: Path, reference: dict[str, tuple[str, int, int, int]]) -> None:
    """Every file recorded so far has all of its rows (the same counts as in the clean run)."""
    fp = fingerprint(database)
    assert fp.duplicate_keys == 0
    for sha, *counts in fp.per_file:
        assert tuple(counts) == reference[sha], sha


def test_kill_9_during_load_then_rerun(demo_inbox: Path, tmp_path: Path) -> None:
    """After SIGKILL at a random moment and a re-run, the current observations equal an uninterrupted run's, with no duplicate and no partial file."""
    proc = start_run(tmp_path / "clean", demo_inbox, AS_OF, **BATCH)
    commits = commit_times(proc)  # when each batch of 8 files was committed (the child logs it)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err[-3000:]
    assert len(commits) >= 5, f"the clean run committed {len(commits)} batches"
    clean = fingerprint(tmp_path / "clean" / "bijie.duckdb")
    assert clean.current_rows > 100
    assert clean.duplicate_keys == 0
    reference = {sha: (status, obs, conf, fail) for sha, status, obs, conf, fail in clean.per_file}
    gap = min(b - a for a, b in pairwise(commits))  # the quickest batch

    rng = random.Random(SEED)
    killed_mid_load = keyed_to_commits = 0
    outcomes = []
    for trial in range(TRIALS):
        wh = tmp_path / f"trial{trial}"
        proc = start_run(wh, demo_inbox, AS_OF, **BATCH)
        if trial % 3 == 0:  # anywhere before the first commit: start-up, migration, reading, validation
            after = "start"
            time.sleep(rng.uniform(0.05, 0.95) * commits[0])
        else:  # inside the loads: a little after the k-th batch was committed, before the next can finish
            keyed_to_commits += 1
            after = f"batch {rng.randint(1, len(commits) - 2)}"
            commit_times(proc, int(after.split()[1]))
            time.sleep(rng.uniform(0, 0.9) * gap)
        finished_first = proc.poll() is not None
        if not finished_first:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=30)
        database = wh / "bijie.duckdb"
        recorded = 0
        if database.exists():
            # Opened as the next run opens it (read-write: the WAL is replayed and checkpointed; DuckDB
            # cannot replay a WAL that holds catalog changes of a half-done migration read-only).
            con = duckdb.connect(str(database))
            migrated = con.execute(
                "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'submitted_files'"
            ).fetchone()
            con.close()
            if migrated and migrated[0]:  # a kill before the first migration leaves a valid, empty file
                recorded = len(fingerprint(database).per_file)
                _load_is_whole(database, reference)
        killed_mid_load += 0 < recorded < len(reference)
        run_to_completion(wh, demo_inbox, AS_OF, **BATCH)
        resumed = fingerprint(database)
        assert resumed == clean, f"trial {trial}: killed after {after} with {recorded} files recorded"
        outcomes.append((after, recorded, finished_first))
    print(
        f"crash trials: {TRIALS}, commits at {commits}, killed mid-load {killed_mid_load}, outcomes {outcomes}"
    )
    assert killed_mid_load >= keyed_to_commits >= 1  # the kills keyed to commits did land inside the load
