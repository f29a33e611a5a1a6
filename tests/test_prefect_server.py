"""Real Prefect servers' tests, all in this module so they share one server (tests/prefect_servers.py).

* `prefect deploy --all` from prefect.yaml, a process worker, `nightly` on demo data (the statistics
  bureau's files);
* the province flow: one city-nightly run per city, on two process workers, into a real lake;
* a nightly flow run with a missing inbox fails on the server and sends nothing (tests/test_fail_loudly.py
  has the same failure without a server).

Each test looks only at the flow runs it started (ids, parent ids): the server also holds the others'.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

from bijie_etl.settings import PROJECT_ROOT, Settings
from bijie_etl.warehouse.lake import open_analytics
from lake_servers import S3, Postgres
from prefect_servers import BIN, WORKER_ENV, _api, _start, _stop, _wait_for
from smtp_server import FaultySmtpServer
from warehousing import demo_inbox

pytestmark = pytest.mark.slow


def _artifacts(env: dict[str, str], flow_run_id: str) -> list[str]:
    found = _api(env, "POST", "/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [flow_run_id]}}})
    return [a["data"] for a in found if isinstance(a.get("data"), str)]


def test_deploy_and_run_nightly_on_a_real_server(
    prefect_server: dict[str, str], deployed: str, tmp_path: Path
) -> None:
    """Deployments from prefect.yaml run on a process worker started outside the checkout; two runs at once both complete and load each file once."""
    env = dict(prefect_server)
    env.update(
        BIJIE_INBOX_DIR=str(_inbox(tmp_path, seed=2024)),
        BIJIE_WAREHOUSE_DIR=str(tmp_path / "warehouse"),
    )

    assert "nightly" in deployed
    assert "backfill" in deployed
    worker = _start(
        [str(BIN / "prefect"), "worker", "start", "--pool", "bijie-process", "--limit", "2"],
        {**env, **WORKER_ENV},
        tmp_path / "worker.log",
        cwd=tmp_path,  # the flows come from the installed package: no checkout, no pull step
    )
    try:
        ids = [_run_deployment(env, "nightly/nightly", as_of="2024-11-15") for _ in range(2)]
        states = _wait_for(env, ids)
        assert states == ["COMPLETED", "COMPLETED"], (tmp_path / "worker.log").read_text(errors="replace")[
            -5000:
        ]
        artifacts = _artifacts(env, ids[0])
        assert any("收到文件" in a for a in artifacts)
        # A run the worker cannot do (a month that does not exist) fails with its one Chinese line.
        bad = _run_deployment(env, "backfill/backfill", start="2024-13", end="2024-12")
        assert _wait_for(env, [bad]) == ["FAILED"]
        # The server has the state before the run's process has printed its last lines: let the
        # worker pass them on before it is stopped (the checks below read them).
        deadline = time.monotonic() + 60
        while "Finished in state Failed(" not in (tmp_path / "worker.log").read_text(errors="replace"):
            if time.monotonic() > deadline:
                break
            time.sleep(0.2)
    finally:
        _stop(worker)
    log = (tmp_path / "worker.log").read_text(errors="replace")
    # The run's own lines: the Chinese reason as its error and as the Failed state's message; the flow
    # raised nothing (Prefect's process runner still appends its own traceback when a run fails).
    assert "- 月份格式应为 YYYY-MM 或 2024年6月，收到 '2024-13'" in log
    assert 'Finished in state Failed("月份格式应为 YYYY-MM' in log, log[-5000:]
    assert "Encountered exception during execution" not in log, log[-5000:]
    db = tmp_path / "warehouse" / "analytics.duckdb"
    with duckdb.connect(str(db), read_only=True) as con:
        files = len([p for p in (tmp_path / "inbox").rglob("*") if p.is_file()])
        assert con.execute("SELECT count(*), count(DISTINCT sha256) FROM submitted_files").fetchone() == (
            files,
            files,
        )
        assert con.execute("SELECT count(*) FROM v_indicator_status").fetchone()[0] > 100  # type: ignore[index]


#: Two cities on two workers of two slots each: the province run and the three city runs (the two
#: cities and a second bijie run) fill all four slots at once, so each worker takes at least one city
#: run, and the second bijie run waits for the city's concurrency limit, never for a free worker.
CITIES = {"bijie": 2024, "zunyi": 7}


def _inbox(root: Path, seed: int) -> Path:
    """A small demo inbox (the statistics bureau's files only) with its own seed: what a run does with
    its files is tested without Prefect; here it is where the runs happen."""
    return demo_inbox(root / "inbox", {"stats"}, seed=seed)


def _run_deployment(env: dict[str, str], name: str, **parameters: str) -> str:
    """What `prefect deployment run NAME --param k=v` does, through the REST API (no CLI start-up;
    the CLI itself is run by the operator section's script, tests/test_operator_readme.py)."""
    deployment = _api(env, "GET", f"/deployments/name/{name}")
    run = _api(env, "POST", f"/deployments/{deployment['id']}/create_flow_run", {"parameters": parameters})
    return str(run["id"])


def _diagnose(env: dict[str, str], tmp_path: Path, what: str) -> str:
    logs = _api(env, "POST", "/logs/filter", {"logs": {"level": {"ge_": 30}}, "limit": 30})
    workers = "\n".join((tmp_path / f"worker{i}.log").read_text(errors="replace")[-2500:] for i in range(2))
    return f"{what}:\n" + "\n".join(x["message"][-1200:] for x in logs) + "\n" + workers


@pytest.mark.timeout(600)
def test_province_flow_fans_out_one_run_per_city_over_two_workers(
    prefect_server: dict[str, str], deployed: str, postgres_server: Postgres, s3_server: S3, tmp_path: Path
) -> None:
    """`province` starts a city-nightly run per city on two workers; each city lands in the lake; a second bijie run started meanwhile waits for the city's slot and completes after it."""
    bin_dir = Path(sys.executable).parent
    province = tmp_path / "province.yaml"
    province.write_text(
        "cities:\n"
        + "".join(
            f"  - {{code: {code}, name_zh: {code}, inbox_dir: {_inbox(tmp_path / code, seed)}}}\n"
            for code, seed in CITIES.items()
        ),
        encoding="utf-8",
    )
    lake = {
        "BIJIE_WAREHOUSE_URL": postgres_server.url(postgres_server.new_database("prefect")),
        "BIJIE_LAKE_DATA_PATH": f"s3://{s3_server.new_bucket('prefect')}/data/",
        "BIJIE_LAKE_EXTENSION_DIR": str(tmp_path / "extensions"),
        **s3_server.env(),
    }
    env = dict(prefect_server)
    env.update(
        lake,
        BIJIE_PROVINCE_FILE=str(province),
        BIJIE_WAREHOUSE_DIR=str(tmp_path / "warehouse"),
        BIJIE_ARCHIVE_PROCESSED="false",
        # Neither the city's file lock nor its lake lease may wait: if two runs of one city ever
        # overlapped, the later one would fail at once. Only Prefect's limit may make it wait.
        BIJIE_LOCK_TIMEOUT="0",
    )
    started = time.monotonic()
    assert "city-nightly" in deployed
    assert "province" in deployed
    workers = [
        _start(
            [str(bin_dir / "prefect"), "worker", "start", "--pool", "bijie-process", "--limit", "2"],
            {**env, **WORKER_ENV},
            tmp_path / f"worker{i}.log",
        )
        for i in range(2)
    ]
    try:
        province_id = _run_deployment(env, "province/province", as_of="2024-11-15")
        # Once the province run has made the cities' limits, start a second run of bijie by hand.
        deadline = time.monotonic() + 300
        while not any(
            x["name"] == "bijie-city-bijie" for x in _api(env, "POST", "/v2/concurrency_limits/filter", {})
        ):
            assert time.monotonic() < deadline, _diagnose(env, tmp_path, "limits never created")
            time.sleep(0.5)
        extra_id = _run_deployment(env, "city-nightly/city-nightly", city="bijie", as_of="2024-11-15")
        states = _wait_for(env, [province_id, extra_id], timeout=400)
        if states != ["COMPLETED", "COMPLETED"]:
            pytest.fail(_diagnose(env, tmp_path, f"runs ended {states}"))
        children = _api(
            env, "POST", "/flow_runs/filter", {"flow_runs": {"parent_flow_run_id": {"any_": [province_id]}}}
        )
        limits = {x["name"]: x for x in _api(env, "POST", "/v2/concurrency_limits/filter", {})}
        worker_logs = [(tmp_path / f"worker{i}.log").read_text(errors="replace") for i in range(2)]
    finally:
        for worker in workers:
            _stop(worker)
    elapsed = time.monotonic() - started

    by_city: dict[str, list[dict[str, Any]]] = {}
    for child in children:
        by_city.setdefault(child["parameters"].get("city"), []).append(child)
    assert sorted(by_city) == sorted(CITIES)
    assert all(len(runs) == 1 for runs in by_city.values())
    assert {c["state"]["type"] for c in children} == {"COMPLETED"}
    for code in CITIES:
        assert limits[f"bijie-city-{code}"]["limit"] == 1
        assert limits[f"bijie-city-{code}"]["active_slots"] == 0  # every slot given back
    # Both workers took city runs (the pool spread them).
    assert all("city-nightly" in log for log in worker_logs), "a worker ran no city"

    settings = Settings(
        warehouse_url=lake["BIJIE_WAREHOUSE_URL"],
        lake_data_path=lake["BIJIE_LAKE_DATA_PATH"],
        lake_extension_dir=tmp_path / "extensions",
        warehouse_dir=tmp_path,
        **s3_server.settings(),
    )
    with open_analytics(settings) as con:
        loaded = dict(con.execute("SELECT city, count(*) FROM submitted_files GROUP BY city").fetchall())
        runs = con.execute(
            "SELECT city, started_at, finished_at, status FROM runs WHERE kind = 'nightly' ORDER BY city, started_at"
        ).fetchall()
    assert set(loaded) == set(CITIES)
    assert min(loaded.values()) > 0
    bijie = [r for r in runs if r[0] == "bijie"]
    assert [r[3] for r in bijie] == ["succeeded", "succeeded"]
    assert bijie[0][2] <= bijie[1][1], (
        f"two bijie runs overlapped: {bijie}"
    )  # the second waited for the first
    print(f"province flow on a real server: {elapsed:.1f} s from the workers' start to the last run")


FLOW = """
import sys
from datetime import date
sys.path.insert(0, {root!r})
from bijie_etl.flows.nightly import nightly
nightly(as_of=date(2024, 11, 15))
"""


@pytest.mark.timeout(600)
def test_a_nightly_flow_run_with_a_missing_inbox_fails_on_a_real_server_and_sends_nothing(
    prefect_server: dict[str, str], tmp_path: Path
) -> None:
    """On a real Prefect server, the nightly flow with a missing inbox ends FAILED with the Chinese line, and the real SMTP server receives nothing."""
    smtp = FaultySmtpServer()
    smtp.start()
    try:
        env = dict(prefect_server)
        env.update(
            BIJIE_INBOX_DIR=str(tmp_path / "no-inbox"),
            BIJIE_WAREHOUSE_DIR=str(tmp_path / "warehouse"),
            BIJIE_SMTP_HOST=smtp.host,
            BIJIE_SMTP_PORT=str(smtp.port),
            BIJIE_ALERT_FROM="monitor@bijie.example.org",
        )
        # The server is shared: this test's run is the one flow run that is new and has no deployment.
        ad_hoc = {"flow_runs": {"deployment_id": {"is_null_": True}}, "sort": "START_TIME_DESC"}
        before = {r["id"] for r in _api(env, "POST", "/flow_runs/filter", ad_hoc)}
        proc = subprocess.run(
            [sys.executable, "-c", FLOW.format(root=str(PROJECT_ROOT))],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
        assert proc.returncode != 0
        assert "收件目录（BIJIE_INBOX_DIR）不存在" in proc.stdout + proc.stderr
        runs = [r for r in _api(env, "POST", "/flow_runs/filter", ad_hoc) if r["id"] not in before]
        assert [r["state"]["type"] for r in runs] == ["FAILED"]
        assert "收件目录" in (runs[0]["state"].get("message") or "")
        assert smtp.messages == []
        assert smtp.attempts == 0
    finally:
        smtp.stop()
    database = tmp_path / "warehouse" / "bijie.duckdb"
    if database.exists():  # nothing may have been assessed or alerted
        with duckdb.connect(str(database), read_only=True) as con:
            assert con.execute("SELECT count(*) FROM assessments").fetchone() == (0,)
            assert con.execute("SELECT count(*) FROM alerts").fetchone() == (0,)
    assert not os.path.exists(tmp_path / "warehouse" / "out" / "outbox")
