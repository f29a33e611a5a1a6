"""The run API's steps as Prefect tasks, shared by every flow (wiring only).

Deterministic steps (validation, loading, assessment) never retry: the same input fails the same
way. Transient ones (SMTP, publishing the analytics copy) do.
"""

from __future__ import annotations

from prefect.cache_policies import NO_CACHE

from bijie_etl import run
from bijie_etl.orchestration import step_task

__all__ = ["STEPS"]

STEPS = run.Steps(
    ingest_batch=step_task(run.ingest_batch, name="ingest-batch", cache_policy=NO_CACHE),
    assess=step_task(run.assess_step, name="assess", cache_policy=NO_CACHE),
    notify=step_task(
        run.notify_step, name="notify", retries=2, retry_delay_seconds=30, cache_policy=NO_CACHE
    ),
    publish=step_task(
        run.publish_step, name="publish", retries=2, retry_delay_seconds=5, cache_policy=NO_CACHE
    ),
    render=step_task(run.render_step, name="dashboard", cache_policy=NO_CACHE),
)
