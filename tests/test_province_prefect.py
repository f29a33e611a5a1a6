"""The province flow on a real Prefect server: one city-nightly run per city, on two process workers, into a real lake."""

from __future__ import annotations

import dataclasses
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

from bijie_etl.settings import PROJECT_ROOT, Settings, load_settings
from bijie_etl.warehouse.lake import open_analytics
from lake_servers import S3, Postgres
from test_prefect_server import _api, _prefect, _start, _stop, _wait_for, prefect_server

pytestmark = pytest.mark.slow
__all__ = ["prefect_server"]  # the real-server fixture of test_prefect_server, used here too


def _inbox(root: Path, seed: int) -> Path:
    """A one-department demo inbox (statistics bureau) with its own seed."""
    from bijie_etl.catalog.model import load_catalog_from_settings
    from bijie_etl.demo.generate import generate_demo

    catalog = load_catalog_from_settings(load_settings())
    few = dataclasses.replace(catalog, targets=tuple(t for t in catalog.targets if t.department == "stats"))
    generate_demo(few, root / "inbox", as_of=date(2024, 11, 15), seed=seed)
    return root / "inbox"


@pytest.mark.timeout(900)
def test_province_flow_fans_out_one_run_per_city_over_the_workers(
    prefect_server: dict[str, str], postgres_server: Postgres, s3_server: S3, tmp_path: Path
) -> None:
    """`province` starts a city-nightly deployment run per city; two workers run them; each city lands in the lake under its limit of 1."""
    bin_dir = Path(sys.executable).parent
    province = tmp_path / "province.yaml"
    province.write_text(
        "cities:\n"
        f"  - {{code: bijie, name_zh: 毕节市, inbox_dir: {_inbox(tmp_path / 'bijie', 2024)}}}\n"
        f"  - {{code: zunyi, name_zh: 遵义市, inbox_dir: {_inbox(tmp_path / 'zunyi', 7)}}}\n",
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
        BIJIE_PROJECT_DIR=str(PROJECT_ROOT),
        BIJIE_ARCHIVE_PROCESSED="false",
    )
    _prefect(env, "work-pool", "create", "bijie-process", "--type", "process")
    deployed = _prefect(env, "deploy", "--all")
    assert "city-nightly" in deployed
    workers = [
        _start(
            [str(bin_dir / "prefect"), "worker", "start", "--pool", "bijie-process", "--limit", "2"],
            env,
            tmp_path / f"worker{i}.log",
        )
        for i in range(2)
    ]
    try:
        out = _prefect(env, "deployment", "run", "province/province", "--param", "as_of=2024-11-15")
        run_id = next(line.split("UUID:")[1].strip() for line in out.splitlines() if "UUID:" in line)
        states = _wait_for(env, [run_id], timeout=700)
        if states != ["COMPLETED"]:
            logs = _api(env, "POST", "/logs/filter", {"logs": {"level": {"ge_": 30}}, "limit": 50})
            workers_log = "\n".join(
                (tmp_path / f"worker{i}.log").read_text(errors="replace")[-3000:] for i in range(2)
            )
            pytest.fail(
                f"province run {states}:\n" + "\n".join(x["message"][-1500:] for x in logs) + workers_log
            )
        children = _api(
            env,
            "POST",
            "/flow_runs/filter",
            {"flow_runs": {"parent_flow_run_id": {"any_": [run_id]}}},
        )
        cities = sorted(c["parameters"]["city"] for c in children if "city" in c.get("parameters", {}))
        assert cities == ["bijie", "zunyi"]
        assert {c["state"]["type"] for c in children} == {"COMPLETED"}
        limits = _api(env, "POST", "/v2/concurrency_limits/filter", {})
        assert {(x["name"], x["limit"]) for x in limits} >= {("bijie-city-bijie", 1), ("bijie-city-zunyi", 1)}
    finally:
        for worker in workers:
            _stop(worker)
    settings = Settings(
        warehouse_url=lake["BIJIE_WAREHOUSE_URL"],
        lake_data_path=lake["BIJIE_LAKE_DATA_PATH"],
        lake_extension_dir=tmp_path / "extensions",
        warehouse_dir=tmp_path,
        **{k.removeprefix("BIJIE_").lower(): v for k, v in s3_server.env().items()},
    )
    with open_analytics(settings) as con:
        loaded = dict(con.execute("SELECT city, count(*) FROM submitted_files GROUP BY city").fetchall())
        assert set(loaded) == {"bijie", "zunyi"}
        assert min(loaded.values()) > 0
    shutil.rmtree(tmp_path / "prefect-home", ignore_errors=True)
