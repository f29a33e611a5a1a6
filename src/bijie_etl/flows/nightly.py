"""Nightly flow: wiring only. Every step is a step function of ``bijie_etl.run`` run as a task."""

from __future__ import annotations

from datetime import date
from typing import Any

from prefect import flow
from prefect.artifacts import create_markdown_artifact

from bijie_etl import run
from bijie_etl.flows.tasks import STEPS
from bijie_etl.orchestration import plain_failures
from bijie_etl.settings import load_settings, today_in_bijie


@flow(name="nightly")
@plain_failures
def nightly(as_of: date | None = None, confirm_alerts: bool = False) -> dict[str, Any]:
    """Ingest new files from the inbox, assess pace, alert, render and publish (as of ``as_of``, default today).

    ``confirm_alerts`` sends emails the alert storm guard held (the operator checked them).
    """
    as_of = as_of or today_in_bijie()
    report = run.run_nightly(load_settings(), as_of, steps=STEPS, confirm_alerts=confirm_alerts).as_dict(
        every_file=False
    )
    create_markdown_artifact(
        markdown=run.summary_markdown(report),
        key="nightly-summary",
        description=f"毕节市目标监测 截至 {as_of}",
    )
    return report


if __name__ == "__main__":
    nightly()
