"""The province flow on a real Prefect server: one city-nightly run per city, on two process workers, into a real lake."""

from __future__ import annotations

import dataclasses
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bijie_etl.settings import Settings, load_settings
from bijie_etl.warehouse.lake import open_analytics
from lake_servers import S3, Postgres
from prefect_servers import GROUP, _api, _prefect, _start, _stop, _wait_for

pytestmark = [pytest.mark.slow, GROUP]  # on the worker's one Prefect server (tests/prefect_servers.py)

CITIES = {"bijie": 2024, "zunyi": 7, "anshun": 11}


def _inbox(root: Path, seed: int) -> Path:
    """A small demo inbox (the statistics bureau's files only) with its own seed."""
    from bijie_etl.catalog.model import load_catalog_from_settings
    from bijie_etl.demo.generate import generate_demo

    catalog = load_catalog_from_settings(load_settings())
    few = dataclasses.replace(catalog, targets=tuple(t for t in catalog.targets if t.department == "stats"))
    generate_demo(few, root / "inbox", as_of=date(2024, 11, 15), seed=seed)
    return root / "inbox"


def _run_id(out: str) -> str:
    return next(line.split("UUID:")[1].strip() for line in out.splitlines() if "UUID:" in line)


def _diagnose(env: dict[str, str], tmp_path: Path, what: str) -> str:
    logs = _api(env, "POST", "/logs/filter", {"logs": {"level": {"ge_": 30}}, "limit": 30})
    workers = "\n".join((tmp_path / f"worker{i}.log").read_text(errors="replace")[-2500:] for i in range(2))
    return f"{what}:\n" + "\n".join(x["message"][-1200:] for x in logs) + "\n" + workers


@pytest.mark.timeout(600)
def test_province_flow_fans_out_one_run_per_city_over_two_workers(
    prefect_server: dict[str, str], postgres_server: Postgres, s3_server: S3, tmp_path: Path
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
    _prefect(env, "work-pool", "create", "bijie-process", "--type", "process", "--overwrite")
    deployed = _prefect(env, "deploy", "--all")
    assert "city-nightly" in deployed
    assert "province" in deployed
    workers = [
        _start(
            [str(bin_dir / "prefect"), "worker", "start", "--pool", "bijie-process", "--limit", "2"],
            env,
            tmp_path / f"worker{i}.log",
        )
        for i in range(2)
    ]
    try:
        province_id = _run_id(
            _prefect(env, "deployment", "run", "province/province", "--param", "as_of=2024-11-15")
        )
        # Once the province run has made the cities' limits, start a second run of bijie by hand.
        deadline = time.monotonic() + 300
        while not any(
            x["name"] == "bijie-city-bijie" for x in _api(env, "POST", "/v2/concurrency_limits/filter", {})
        ):
            assert time.monotonic() < deadline, _diagnose(env, tmp_path, "limits never created")
            time.sleep(0.5)
        extra_id = _run_id(
            _prefect(
                env, "deployment", "run", "city-nightly/city-nightly",
                "--param", "city=bijie", "--param", "as_of=2024-11-15",
            )
        )  # fmt: skip
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
    print(f"province flow on a real server: {elapsed:.1f} s from deploy to the last run")
