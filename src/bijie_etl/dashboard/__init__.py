"""The leadership dashboard: one self-contained Chinese HTML page.

``data`` reads what it shows from the warehouse (:func:`load_dashboard_data`), ``charts`` draws a
target's pace chart as inline SVG, ``page`` renders the page (:func:`render_dashboard`) and
:func:`render` does both, as the nightly run and ``bijie-etl report`` call it.
"""

from bijie_etl.dashboard.charts import pace_chart_svg
from bijie_etl.dashboard.data import (
    EXPLAIN_STATUSES,
    FONT_STACK,
    STATUSES,
    DashboardData,
    LateSubmission,
    StatusStyle,
    TargetCard,
    format_number,
    load_dashboard_data,
    page_digest,
)
from bijie_etl.dashboard.page import dashboard_html, page_paths, render, render_dashboard, restamp

__all__ = [
    "EXPLAIN_STATUSES",
    "FONT_STACK",
    "STATUSES",
    "DashboardData",
    "LateSubmission",
    "StatusStyle",
    "TargetCard",
    "dashboard_html",
    "format_number",
    "load_dashboard_data",
    "pace_chart_svg",
    "page_digest",
    "page_paths",
    "render",
    "render_dashboard",
    "restamp",
]
