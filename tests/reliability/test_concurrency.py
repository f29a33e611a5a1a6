"""Two nightly runs at once, and an analyst reading the published database while a run writes."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest
from tests.reliability.runs import fingerprint, run_to_completion, start_run

from bijie_etl.catalog import load_catalog_from_settings
from bijie_etl.demo.generate import generate_demo
from bijie_etl.settings import Settings

pytestmark = pytest.mark.timeout(240)

MARCH, APRIL = date(2024, 3, 15), date(2024, 4, 15)


@pytest.fixture(scope="module")
def inboxes(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Demo inboxes as of mid-March and mid-April (the April one adds March's files)."""
    root = tmp_path_factory.mktemp("concurrency")
    catalog = load_catalog_from_settings(Settings())
    generate_demo(catalog, root / "march", as_of=MARCH, manifest_path=root / "m1.json")
    generate_demo(catalog, root / "april", as_of=APRIL, manifest_path=root / "m2.json")
    return root / "march", root / "april"


def test_two_runs_at_once_load_once(inboxes: tuple[Path, Path], tmp_path: Path) -> None:
    """Two runs started together both finish cleanly (one waits for the writer lock) and the data is loaded once."""
    march, _ = inboxes
    run_to_completion(tmp_path / "single", march, MARCH)
    single = fingerprint(tmp_path / "single" / "bijie.duckdb")

    both = [start_run(tmp_path / "shared", march, MARCH) for _ in range(2)]
    results = [p.communicate(timeout=180) for p in both]
    assert [p.returncode for p in both] == [0, 0], [err[-2000:] for _, err in results]
    assert all("Traceback" not in err for _, err in results)
    assert fingerprint(tmp_path / "shared" / "bijie.duckdb") == single
    con = duckdb.connect(str(tmp_path / "shared" / "bijie.duckdb"), read_only=True)
    runs = con.execute("SELECT status, count(*) FROM runs GROUP BY status").fetchall()
    loaded_by = con.execute("SELECT count(DISTINCT run_id) FROM submitted_files").fetchone()
    con.close()
    assert runs == [("succeeded", 2)]
    assert loaded_by == (1,)  # the second run found every file already loaded


_READER = """
import json, os, sys, time, duckdb
path, stop = sys.argv[1], sys.argv[2]
con = duckdb.connect(path, read_only=True)
print("ready", flush=True)
queries, slowest, counts = 0, 0.0, set()
while not os.path.exists(stop):
    t = time.monotonic()
    counts.add(con.execute("SELECT count(*) FROM submitted_files").fetchone()[0])
    con.execute("SELECT * FROM v_observation_current LIMIT 50").fetchall()
    slowest = max(slowest, time.monotonic() - t)
    queries += 1
    time.sleep(0.02)
con.close()
print(json.dumps({"queries": queries, "slowest": slowest, "counts": sorted(counts)}))
"""


def test_analyst_reads_during_a_run(inboxes: tuple[Path, Path], tmp_path: Path) -> None:
    """An analyst connected to the published database keeps querying during a run, never blocked; after reconnecting they see the new data."""
    march, april = inboxes
    wh = tmp_path / "wh"
    run_to_completion(wh, march, MARCH)
    analytics = wh / "analytics.duckdb"
    con = duckdb.connect(str(analytics), read_only=True)
    (before,) = con.execute("SELECT count(*) FROM submitted_files").fetchone() or (0,)
    con.close()

    stop = tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", _READER, str(analytics), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout is not None
    assert reader.stdout.readline().strip() == "ready"  # the analyst is connected before the run starts
    started = time.monotonic()
    run_to_completion(wh, april, APRIL)
    run_seconds = time.monotonic() - started
    stop.touch()  # the analyst queried all through the run
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err[-2000:]
    seen = json.loads(out)
    assert seen["queries"] > 20
    assert seen["slowest"] < 2.0  # never waited on the writer (a run takes far longer than that)
    assert seen["counts"] == [before]  # an open connection keeps its snapshot
    con = duckdb.connect(str(analytics), read_only=True)
    (after,) = con.execute("SELECT count(*) FROM submitted_files").fetchone() or (0,)
    con.close()
    assert after > before
    print(
        f"analyst: {seen['queries']} queries during a {run_seconds:.1f}s run, slowest {seen['slowest'] * 1000:.0f} ms"
    )
