"""Backfill flow: reprocess a folder and re-assess a range of months. Wiring only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow
from prefect.artifacts import create_markdown_artifact

from bijie_etl import run
from bijie_etl.flows.tasks import STEPS
from bijie_etl.months import month_ends, parse_month
from bijie_etl.orchestration import plain_failures
from bijie_etl.settings import load_settings


@flow(name="backfill")
@plain_failures
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
    ).as_dict(every_file=False)
    create_markdown_artifact(
        markdown=run.summary_markdown(report), key="backfill-summary", description=f"回补 {start}–{end}"
    )
    return report
