"""Running the nightly job in a child process the way cron/Prefect would, and fingerprinting a warehouse."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

#: The child: the same call the nightly flow makes, configured only through BIJIE_* variables.
CHILD = """
import logging
import sys
logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(name)s: %(message)s")
from datetime import date
from bijie_etl.run import run_nightly
from bijie_etl.settings import load_settings
summary = run_nightly(load_settings(), date.fromisoformat(sys.argv[1]), notify=sys.argv[2] == "notify")
print("files_loaded", summary.as_dict()["files_loaded"], flush=True)
"""


def child_env(warehouse_dir: Path, inbox: Path, **extra: str) -> dict[str, str]:
    """The environment of a nightly child: its warehouse and inbox, nothing inherited that says otherwise."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIJIE_")}
    # The trials re-run the same inbox many times: processed files stay where they are.
    env.update(
        {
            "BIJIE_WAREHOUSE_DIR": str(warehouse_dir),
            "BIJIE_INBOX_DIR": str(inbox),
            "BIJIE_ARCHIVE_PROCESSED": "false",
            **extra,
        }
    )
    return env


def start_run(
    warehouse_dir: Path, inbox: Path, as_of: date, *, notify: bool = False, **extra: str
) -> subprocess.Popen[str]:
    """Start ``run_nightly`` in a child process (its own process group)."""
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, as_of.isoformat(), "notify" if notify else "quiet"],
        env=child_env(warehouse_dir, inbox, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def run_to_completion(
    warehouse_dir: Path, inbox: Path, as_of: date, *, notify: bool = False, timeout: float = 120, **extra: str
) -> subprocess.CompletedProcess[str]:
    """Run the nightly job in a child and wait; raises if it fails."""
    proc = start_run(warehouse_dir, inbox, as_of, notify=notify, **extra)
    out, err = proc.communicate(timeout=timeout)
    if proc.returncode != 0:
        raise AssertionError(f"nightly child failed ({proc.returncode}):\n{err[-3000:]}")
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


#: What the child logs (stderr) each time a batch of files has been committed to the warehouse.
BATCH_COMMITTED = "batch committed:"


def commit_times(proc: subprocess.Popen[str], wanted: int | None = None) -> list[float]:
    """Read the child's log until it has committed ``wanted`` batches (default: to the end); the seconds of each.

    Returns early, with fewer times, when the child ends first.
    """
    started = time.monotonic()
    times: list[float] = []
    assert proc.stderr is not None
    while wanted is None or len(times) < wanted:
        line = proc.stderr.readline()
        if not line:
            break
        if BATCH_COMMITTED in line:
            times.append(time.monotonic() - started)
    return times


@dataclass(frozen=True)
class Fingerprint:
    """What must be identical between an interrupted-then-resumed warehouse and an uninterrupted one."""

    checksum: str  # sha256 over the sorted current observations (values and lineage)
    current_rows: int
    duplicate_keys: int  # (indicator, period, county) with more than one current row
    per_file: tuple[
        tuple[str, str, int, int, int], ...
    ]  # (sha256, status, observations, confirmations, failures)


def fingerprint(database: Path) -> Fingerprint:
    """Open the warehouse (replaying its WAL) read-only and fingerprint it."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        rows = con.execute(
            """
            SELECT indicator_code, period, county, value, value_month, value_ytd, value_ytd_prior, growth_pct,
                   unit, unit_factor, source_file, sheet, row_number, cell
            FROM observations WHERE superseded_at IS NULL
            ORDER BY indicator_code, period, county
            """
        ).fetchall()
        (duplicates,) = con.execute(
            """
            SELECT count(*) FROM (SELECT 1 FROM observations WHERE superseded_at IS NULL
                                  GROUP BY indicator_code, period, county HAVING count(*) > 1)
            """
        ).fetchone() or (0,)
        per_file = con.execute(
            """
            SELECT f.sha256, f.status,
                   (SELECT count(*) FROM observations o WHERE o.submission_id = f.submission_id),
                   (SELECT count(*) FROM observation_confirmations c WHERE c.submission_id = f.submission_id),
                   (SELECT count(*) FROM failures x WHERE x.submission_id = f.submission_id)
            FROM submitted_files f ORDER BY f.sha256
            """
        ).fetchall()
    finally:
        con.close()
    digest = hashlib.sha256(repr(rows).encode()).hexdigest()
    return Fingerprint(digest, len(rows), int(duplicates), tuple(tuple(r) for r in per_file))  # type: ignore[misc]
