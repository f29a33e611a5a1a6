"""Backfill flow: reprocess a folder and re-assess a range of months. Wiring only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from bijie_etl import run
from bijie_etl.months import month_ends, parse_month
from bijie_etl.settings import load_settings

STEPS = run.Steps(
    ingest_batch=task(run.ingest_batch, name="ingest-batch", cache_policy=NO_CACHE),
    assess=task(run.assess_step, name="assess", cache_policy=NO_CACHE),
    publish=task(run.publish_step, name="publish", retries=2, retry_delay_seconds=5, cache_policy=NO_CACHE),
    render=task(run.render_step, name="dashboard", cache_policy=NO_CACHE),
)


@flow(name="backfill")
def backfill(start: str, end: str, path: str | None = None) -> dict[str, Any]:
    """Load every file under ``path`` (default: the inbox), then assess each month-end from ``start`` to ``end`` (YYYY-MM).

    Backfills send no email: they rebuild history; the next nightly run alerts on the present.
    """
    settings = load_settings()
    months = month_ends(parse_month(start), parse_month(end))
    report = run.run_nightly(
        settings,
        months[-1],
        inbox=Path(path) if path else None,
        steps=STEPS,
        notify=False,
        assess_months=months,
        kind="backfill",
    ).as_dict()
    create_markdown_artifact(
        markdown=run.summary_markdown(report), key="backfill-summary", description=f"回补 {start}–{end}"
    )
    return report
