"""The run API's steps as Prefect tasks, shared by every flow (wiring only).

Deterministic steps (validation, loading, assessment) never retry: the same input fails the same
way. Transient ones (SMTP, publishing the analytics copy) do.

Loading a flow (what a worker, ``bijie-etl run`` and the benchmark do before the run starts) also
imports the modules its steps import on first use, so that the flow run itself does not pay for
them: a quiet night's flow run imported 53 modules, ~0.2 s of its time (the preflight, the desk's
mail queue, the storm guard, Prefect's task engine, the Arrow dataset module DuckDB loads when it
first scans an Arrow table). Plain CLI commands keep importing them only when they need them.
"""

from __future__ import annotations

import prefect.task_engine  # noqa: F401  (Prefect imports it at the first task call)
import pyarrow.dataset  # noqa: F401  (DuckDB imports it at its first Arrow scan)
from prefect.cache_policies import NO_CACHE

import bijie_etl.alerts.storm
import bijie_etl.dashboard
import bijie_etl.desk.mailing
import bijie_etl.desk.store
import bijie_etl.desk.views
import bijie_etl.doctor
import bijie_etl.pace.rules
import bijie_etl.warehouse.store  # noqa: F401
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
