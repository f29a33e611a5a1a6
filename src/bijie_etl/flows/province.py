"""Province flow: one nightly run per city, fanned out as deployment runs over the work pool. Wiring only.

``province`` starts one ``city-nightly`` deployment run per city of ``BIJIE_PROVINCE_FILE`` and waits
for them; the pool's workers (on one or many machines) pick them up in parallel. Each city run holds
the global concurrency limit ``bijie-city-<code>`` (1 slot, created here), so a city never runs twice
at once, whoever started it. All cities write into the same DuckLake (docs/PROVINCE.md).
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any, cast

from prefect import flow, get_client, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import FlowRun
from prefect.concurrency.sync import concurrency
from prefect.deployments import run_deployment

from bijie_etl import province, run
from bijie_etl.errors import Misconfigured
from bijie_etl.flows.tasks import STEPS
from bijie_etl.orchestration import plain_failures
from bijie_etl.settings import load_settings, today_in_bijie


@flow(name="city-nightly", flow_run_name="city-nightly-{city}")
@plain_failures
def city_nightly(city: str, as_of: date | None = None) -> dict[str, Any]:
    """One city's nightly run into the lake, holding the city's concurrency slot."""
    as_of = as_of or today_in_bijie()
    settings = province.settings_for_city(city)
    with concurrency(province.city_limit_name(city), occupy=1, strict=True, timeout_seconds=6 * 3600):
        report = province.run_city(settings, as_of, steps=STEPS)
    create_markdown_artifact(
        markdown=run.summary_markdown(report),
        key=f"nightly-{city.replace('_', '-')}",
        description=f"{city} 截至 {as_of}",
    )
    return report


@task(cache_policy=NO_CACHE)
def ensure_city_limits(codes: list[str]) -> None:
    """Create (or reset to 1 slot) each city's global concurrency limit."""
    with get_client(sync_client=True) as client:
        for code in codes:
            client.upsert_global_concurrency_limit_by_name(province.city_limit_name(code), 1)


@flow(name="province")
@plain_failures
def province_nightly(
    as_of: date | None = None, deployment: str = "city-nightly/city-nightly", timeout_s: float = 6 * 3600
) -> dict[str, str]:
    """Start one ``deployment`` run per city and wait for all; returns each city's final state."""
    as_of = as_of or today_in_bijie()
    settings = load_settings()
    if settings.province_file is None:
        raise Misconfigured("未设置 BIJIE_PROVINCE_FILE（省级城市清单）/ BIJIE_PROVINCE_FILE is not set")
    codes = [c.code for c in province.load_province(settings.province_file)]
    ensure_city_limits(codes)
    started: dict[str, FlowRun] = {
        code: cast(
            FlowRun,
            run_deployment(deployment, parameters={"city": code, "as_of": as_of}, timeout=0, as_subflow=True),
        )
        for code in codes
    }
    final = _wait_for_all({code: run.id for code, run in started.items()}, timeout_s)
    failed = {code: state for code, state in final.items() if state != "COMPLETED"}
    if failed:  # the province run fails with its cities, so the schedule's history shows it
        listed = "、".join(f"{code}（{state}）" for code, state in failed.items())
        raise RuntimeError(f"省级夜间任务：以下城市未完成：{listed}。 Cities not completed: {failed}")
    return final


def _wait_for_all(flow_run_ids: dict[str, Any], timeout_s: float, poll_s: float = 2.0) -> dict[str, str]:
    """Each city run's final state type (``COMPLETED``, ``FAILED`` …; ``TIMEOUT`` if still running at the deadline).

    Polls the API with a synchronous client (``prefect.flow_runs.wait_for_flow_run`` is a coroutine).
    """
    deadline = time.monotonic() + timeout_s
    states: dict[str, str] = {}
    with get_client(sync_client=True) as client:
        while True:
            for code, flow_run_id in flow_run_ids.items():
                if code not in states:
                    state = client.read_flow_run(flow_run_id).state
                    if state is not None and state.is_final():
                        states[code] = state.type.value
            if len(states) == len(flow_run_ids):
                return states
            if time.monotonic() > deadline:
                return {code: states.get(code, "TIMEOUT") for code in flow_run_ids}
            time.sleep(poll_s)
