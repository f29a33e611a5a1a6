"""Nightly flow: wiring only. Every step is a step function of ``bijie_etl.run`` run as a task."""

from __future__ import annotations

from datetime import date
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from bijie_etl import run
from bijie_etl.settings import load_settings, today_in_bijie

# Deterministic steps (validation, loading, assessment) never retry: the same input fails the
# same way. Transient ones (SMTP, publishing the analytics copy) do.
STEPS = run.Steps(
    ingest_batch=task(run.ingest_batch, name="ingest-batch", cache_policy=NO_CACHE),
    assess=task(run.assess_step, name="assess", cache_policy=NO_CACHE),
    notify=task(run.notify_step, name="notify", retries=2, retry_delay_seconds=30, cache_policy=NO_CACHE),
    publish=task(run.publish_step, name="publish", retries=2, retry_delay_seconds=5, cache_policy=NO_CACHE),
    render=task(run.render_step, name="dashboard", cache_policy=NO_CACHE),
)


@flow(name="nightly")
def nightly(as_of: date | None = None, confirm_alerts: bool = False) -> dict[str, Any]:
    """Ingest new files from the inbox, assess pace, alert, render and publish (as of ``as_of``, default today).

    ``confirm_alerts`` sends emails the alert storm guard held (the operator checked them).
    """
    as_of = as_of or today_in_bijie()
    report = run.run_nightly(load_settings(), as_of, steps=STEPS, confirm_alerts=confirm_alerts).as_dict()
    create_markdown_artifact(
        markdown=run.summary_markdown(report),
        key="nightly-summary",
        description=f"毕节市目标监测 截至 {as_of}",
    )
    return report


if __name__ == "__main__":
    nightly()
