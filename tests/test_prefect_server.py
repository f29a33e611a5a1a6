"""A real Prefect server: create the pool, `prefect deploy --all`, start a worker, run `nightly` on demo data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from bijie_etl.catalog import load_catalog_from_settings
from bijie_etl.settings import load_settings
from prefect_servers import BIN, GROUP, _api, _prefect, _start, _stop, _wait_for

pytestmark = [pytest.mark.slow, GROUP]


def _artifacts(env: dict[str, str], flow_run_id: str) -> list[str]:
    found = _api(env, "POST", "/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [flow_run_id]}}})
    return [a["data"] for a in found if isinstance(a.get("data"), str)]


def test_deploy_and_run_nightly_on_a_real_server(prefect_server: dict[str, str], tmp_path: Path) -> None:
    """Deployments from prefect.yaml run on a process worker started outside the checkout; two runs at once both complete and load each file once."""
    from bijie_etl.demo.generate import generate_demo

    env = dict(prefect_server)
    env.update(
        BIJIE_INBOX_DIR=str(tmp_path / "inbox"),
        BIJIE_WAREHOUSE_DIR=str(tmp_path / "warehouse"),
    )
    generate_demo(load_catalog_from_settings(load_settings()), tmp_path / "inbox", as_of=date(2024, 11, 15))

    _prefect(env, "work-pool", "create", "bijie-process", "--type", "process", "--overwrite")
    deployed = _prefect(env, "deploy", "--all")
    assert "nightly" in deployed
    assert "backfill" in deployed
    worker = _start(
        [str(BIN / "prefect"), "worker", "start", "--pool", "bijie-process", "--limit", "2"],
        env,
        tmp_path / "worker.log",
        cwd=tmp_path,  # the flows come from the installed package: no checkout, no pull step
    )
    try:
        ids = []
        for _ in range(2):
            out = _prefect(env, "deployment", "run", "nightly/nightly", "--param", "as_of=2024-11-15")
            ids.append(next(line.split("UUID:")[1].strip() for line in out.splitlines() if "UUID:" in line))
        states = _wait_for(env, ids)
        assert states == ["COMPLETED", "COMPLETED"], (tmp_path / "worker.log").read_text(errors="replace")[
            -5000:
        ]
        artifacts = _artifacts(env, ids[0])
        assert any("收到文件" in a for a in artifacts)
        # A run the worker cannot do (a month that does not exist) fails with its one Chinese line.
        out = _prefect(
            env,
            "deployment",
            "run",
            "backfill/backfill",
            "--param",
            "start=2024-13",
            "--param",
            "end=2024-12",
        )
        bad = next(line.split("UUID:")[1].strip() for line in out.splitlines() if "UUID:" in line)
        assert _wait_for(env, [bad]) == ["FAILED"]
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
