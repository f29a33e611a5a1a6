"""What the dashboard shows, read from the warehouse: one :class:`TargetCard` per target, the
late submissions and the department rows (:func:`load_dashboard_data` → :class:`DashboardData`)."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from importlib.resources import files
from itertools import groupby
from typing import TYPE_CHECKING, Any

import duckdb

from bijie_etl.catalog import CITY, Catalog, Direction, Target
from bijie_etl.pace.rules import ObservationPoint
from bijie_etl.pace.rules import figures as pace_figures
from bijie_etl.settings import Thresholds
from bijie_etl.vocabulary import READING_ORDER, STATUS_ORDER, fmt_number
from bijie_etl.warehouse.store import latest_explanations

if TYPE_CHECKING:
    pass


#: Statuses for which the department owes a 情况说明 (shown beside the target, or "missing").
EXPLAIN_STATUSES = ("at_risk", "off_track")

#: System CJK fonts only: the page must not fetch a web font.
FONT_STACK = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif'


@dataclass(frozen=True)
class StatusStyle:
    """How one pace status is labelled and coloured."""

    code: str
    label_zh: str
    label_en: str
    color: str  # strong colour: chips, chart line
    tint: str  # light background


#: Statuses in reading order (the order of the summary tiles).
STATUSES: tuple[StatusStyle, ...] = tuple(
    StatusStyle(s.value, s.words.label_zh, s.words.label_en, s.words.colour, s.words.tint)
    for s in READING_ORDER
)
STYLE = {s.code: s for s in STATUSES}
#: Cards and the table list the targets that need attention first.
SEVERITY = {s.value: i for i, s in enumerate(STATUS_ORDER)}

_METHOD_ZH = {
    "cumulative": "累计进度",
    "baseline_prior": "累计进度（按上年同期节奏）",
    "profile": "累计进度（按季节曲线）",
    "linear": "累计进度（按时间均衡）",
    "growth": "增速",
    "growth_from_levels": "增速（由累计值推算）",
    "threshold": "水平值",
    "trajectory": "逐月爬坡",
    "annual": "年度考核",
}
#: Methods (as pace.py names them) whose actual is a year-to-date total that starts from zero.
CUMULATIVE_METHODS = frozenset({"cumulative", "baseline_prior", "profile", "linear"})


# --------------------------------------------------------------------------------------------
# Data


@dataclass
class TargetCard:
    """One target as the dashboard shows it: its latest assessment and its monthly series.

    ``actual_series`` and ``expected_series`` are ``(month, value)`` pairs in the target's unit:
    year-to-date totals for cumulative targets, 累计同比增长 (%) for growth targets, the level for
    the others. ``expected_series`` is the pace line (target × P(m), a flat target, or
    baseline → target) computed by the loader.
    """

    code: str
    name_zh: str
    department: str  # department code
    department_zh: str
    unit: str
    method: str
    status: str
    status_zh: str = ""
    target: float | None = None
    stretch: float | None = None
    baseline: float | None = None
    clause: str = ""
    lower_is_better: bool = False
    period: date | None = None  # month of the latest data (first day)
    actual: float | None = None
    expected: float | None = None
    pace_ratio: float | None = None
    gap_pp: float | None = None
    projected_year_end: float | None = None
    required_monthly: float | None = None
    stretch_ratio: float | None = None
    actual_series: tuple[tuple[int, float], ...] = ()
    expected_series: tuple[tuple[int, float], ...] = ()
    #: The department's latest 情况说明 (keys progress, problems, measures, recovery_month,
    #: author_name, created_at), from the desk; None when it has written none.
    explanation: Mapping[str, Any] | None = None

    @property
    def needs_explanation(self) -> bool:
        """预警 and 滞后 targets call for the department's 情况说明."""
        return self.status in EXPLAIN_STATUSES

    @property
    def style(self) -> StatusStyle:
        return STYLE.get(self.status, STYLE["not_assessed"])

    @property
    def label(self) -> str:
        """The Chinese status label (the view's ``status_zh``, else the standard one)."""
        return self.status_zh or self.style.label_zh

    @property
    def method_zh(self) -> str:
        return _METHOD_ZH.get(self.method, self.method)

    @property
    def is_cumulative(self) -> bool:
        return self.method in CUMULATIVE_METHODS

    @property
    def uses_gap(self) -> bool:
        """True when the target is judged in percentage points rather than as a ratio."""
        return self.gap_pp is not None and self.pace_ratio is None


@dataclass(frozen=True)
class LateSubmission:
    """A department with months of data past their deadline (one entry per department)."""

    department: str  # code
    department_zh: str
    periods: tuple[date, ...]  # the overdue months (first days), oldest first
    due_date: date | None = None  # deadline of the oldest overdue month
    days_overdue: int | None = None  # days since that deadline
    latest_period: date | None = None  # the latest month it did send, if any
    indicators: tuple[str, ...] = ()  # Chinese names of the targets waiting for it
    partial: bool = False  # some targets of those months did arrive

    @property
    def months_zh(self) -> str:
        """``2024年9月、10月`` — the overdue months as people say them."""
        if not self.periods:
            return ""
        first = self.periods[0]
        rest = [
            f"{p.month}月" if p.year == first.year else f"{p.year}年{p.month}月" for p in self.periods[1:]
        ]
        return "、".join([f"{first.year}年{first.month}月", *rest])


@dataclass
class DashboardData:
    """Everything the page shows; build it by hand in tests or with :func:`load_dashboard_data`."""

    as_of: date
    cards: list[TargetCard]
    late: list[LateSubmission] = field(default_factory=list)
    year: int = 2024
    #: (code, Chinese name) in the order the department matrix lists them; default: from the cards.
    departments: list[tuple[str, str]] = field(default_factory=list)
    generated_at: datetime | None = None
    #: A what-if page (``bijie-etl report --as-of D`` without ``--save``): statuses computed, not stored.
    what_if: bool = False
    #: The year switch: (year, link to that year's page); empty when only one year is catalogued.
    year_links: list[tuple[int, str]] = field(default_factory=list)

    @property
    def title(self) -> str:
        base = f"毕节市{self.year}年政府工作报告目标监测"
        return f"{base}（假设分析，未保存：截至{self.as_of:%Y-%m-%d}）" if self.what_if else base


# --------------------------------------------------------------------------------------------
# Formatting


def format_number(value: float | None) -> str:
    """A figure as a chart label shows it: 7,300 · 570.5 · 6.82 · 0.95; "—" when missing."""
    return fmt_number(value, digits=None)


def with_unit(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    return f"{format_number(value)}{unit}" if unit == "%" else f"{format_number(value)} {unit}"


def month_zh(period: date | None) -> str:
    return f"{period.month}月" if period else "—"


def progress_cell(card: TargetCard) -> tuple[str, float | None]:
    """The progress cell (text, sort key): 进度比 as a percentage or the gap in percentage points."""
    if card.pace_ratio is not None:
        return f"{card.pace_ratio * 100:.1f}%", card.pace_ratio * 100 - 100
    if card.gap_pp is not None:
        sign = "+" if card.gap_pp > 0 else ""
        return f"{sign}{card.gap_pp:.1f}个百分点", card.gap_pp
    return "—", None


# --------------------------------------------------------------------------------------------
# Loading from the warehouse


_STATUS_SQL = """
SELECT code, name_zh, department, department_zh, unit, target, stretch, period, actual, expected,
       pace_ratio, gap_pp, projected_year_end, required_monthly, stretch_ratio, method, status, status_zh
FROM v_indicator_status
WHERE year = $year
"""

# ``observations`` not superseded: the rows of ``v_observation_current`` without the view's counts of
# confirmations and versions, which the page does not show (17 → 2 ms a page).
_SERIES_SQL = """
SELECT indicator_code, period, value, value_ytd, value_ytd_prior, growth_pct
FROM observations
WHERE superseded_at IS NULL AND county = $city AND period >= $year_start AND period <= $as_of
ORDER BY indicator_code, period
"""

# The department of an observation as v_observation_current gives it (the catalog's, else the sender's),
# without the view's counts of confirmations and versions (51 → 22 ms a page at load).
_LATE_SQL = """
SELECT m.department, m.department_name_zh, m.period, m.due_date, m.days_overdue,
       m.missing_indicators_zh, m.status,
       (SELECT max(o.period) FROM observations AS o
          LEFT JOIN submitted_files AS f ON f.submission_id = o.submission_id
          LEFT JOIN v_catalog_targets AS t
                 ON t.code = o.indicator_code AND year(o.period) BETWEEN t.span_from AND t.span_to
         WHERE o.superseded_at IS NULL AND coalesce(t.department, f.department) = m.department
           AND o.period <= $as_of AND year(o.period) = $year) AS latest_period
FROM missing_submissions($as_of) AS m
WHERE m.year = $year
ORDER BY m.department, m.period
"""


def _status_row(a: Any) -> tuple[Any, ...]:
    """A :class:`~bijie_etl.pace.PaceAssessment` as a row of ``_STATUS_SQL``."""
    return (
        a.code, a.name_zh, a.department, a.department_zh, a.unit, a.target, a.stretch, a.period, a.actual,
        a.expected, a.pace_ratio, a.gap_pp, a.projected_year_end, a.required_monthly, a.stretch_ratio,
        a.method, str(a.status), a.status_zh,
    )  # fmt: skip


def _opt(value: Any) -> float | None:
    """A finite float or None (DuckDB gives None for NULL; NaN never reaches the page)."""
    if value is None:
        return None
    out = float(value)
    return out if math.isfinite(out) else None


@lru_cache(maxsize=1)
def _figure_thresholds() -> Thresholds:
    """One Thresholds for every series: building a pydantic-settings object reads the environment (~6 ms each)."""
    return Thresholds()


def _series(
    target: Target, points: Sequence[ObservationPoint], year: int
) -> tuple[tuple[tuple[int, float], ...], tuple[tuple[int, float], ...]]:
    """The (month, actual) and (month, expected) lines of one target, computed by pace.py's rules.

    Each month's figures are what the pace assessment would say with that month's observation
    (so the expected line follows the same P(m): baseline share, profile or m/12); months after
    the latest observation are projected with an empty observation (profile or m/12).
    """
    thresholds = _figure_thresholds()  # only the figures are used, never the status
    by_month = {p.period.month: p for p in points}
    actual: list[tuple[int, float]] = []
    expected: list[tuple[int, float]] = []
    for m in range(1, 13):
        point = by_month.get(m) or ObservationPoint(period=date(year, m, 1))
        figures = pace_figures(target, point, m, thresholds)
        if m in by_month and figures.actual is not None:
            actual.append((m, float(figures.actual)))
        if figures.expected is not None:
            expected.append((m, float(figures.expected)))
    return tuple(actual), tuple(expected)


def load_dashboard_data(
    con: duckdb.DuckDBPyConnection,
    catalog: Catalog,
    as_of: date,
    *,
    assessments: Sequence[Any] | None = None,
) -> DashboardData:
    """Gather the page's data from the warehouse views for ``as_of``.

    One card per catalog target, in catalog order: its latest assessment from
    ``v_indicator_status`` (a target never assessed shows as 暂不评估), its 全市 monthly series
    from ``v_observation_current`` (periods of the catalog year up to ``as_of``), and one late
    entry per department from ``missing_submissions(as_of)`` (the macro behind
    ``v_missing_submissions``).
    """
    year = catalog.year
    if assessments is None:
        status_rows = {row[0]: row for row in con.execute(_STATUS_SQL, {"year": year}).fetchall()}
    else:  # a what-if: statuses computed at as_of, never stored (pace.assess_targets)
        status_rows = {a.code: _status_row(a) for a in assessments}
    series_rows = con.execute(
        _SERIES_SQL, {"city": CITY, "year_start": date(year, 1, 1), "as_of": as_of}
    ).fetchall()
    points: dict[str, list[ObservationPoint]] = {}
    for code, period, value, ytd, prior, growth in series_rows:
        if period.year == year:
            points.setdefault(code, []).append(
                ObservationPoint(period, _opt(value), _opt(ytd), _opt(prior), _opt(growth))
            )

    cards = []
    for target in catalog:
        dept = catalog.department(target.department)
        dept_zh = dept.name_zh if dept is not None else target.department
        actual_series, expected_series = _series(target, points.get(target.code, []), year)
        common: dict[str, Any] = {
            "code": target.code,
            "name_zh": target.name_zh,
            "department": target.department,
            "department_zh": dept_zh,
            "unit": target.unit,
            "target": target.target,
            "stretch": target.stretch,
            "baseline": target.baseline,
            "clause": target.clause,
            "lower_is_better": target.direction is Direction.LOWER_IS_BETTER,
            "actual_series": actual_series,
            "expected_series": expected_series,
        }
        row = status_rows.get(target.code)
        if row is None:
            cards.append(
                TargetCard(**common, method=str(target.pace), status="not_assessed", status_zh="暂不评估")
            )
            continue
        (_, _, _, row_dept_zh, _, _, _, period, actual, expected, ratio, gap, projected, required, stretch_ratio,
         method, status, status_zh) = row  # fmt: skip
        common["department_zh"] = row_dept_zh or dept_zh
        cards.append(
            TargetCard(
                **common,
                method=method or str(target.pace),
                status=status,
                status_zh=status_zh or "",
                period=period,
                actual=_opt(actual),
                expected=_opt(expected),
                pace_ratio=_opt(ratio),
                gap_pp=_opt(gap),
                projected_year_end=_opt(projected),
                required_monthly=_opt(required),
                stretch_ratio=_opt(stretch_ratio),
            )
        )

    late_rows = con.execute(_LATE_SQL, {"as_of": as_of, "year": year}).fetchall()
    late = []
    for code, group in groupby(late_rows, key=lambda r: r[0]):
        rows = list(group)
        names: dict[str, None] = {}
        for r in rows:
            for name in (r[5] or "").split("、"):
                if name:
                    names[name] = None
        late.append(
            LateSubmission(
                department=code,
                department_zh=rows[0][1] or code,
                periods=tuple(r[2] for r in rows),
                due_date=rows[0][3],
                days_overdue=rows[0][4],
                latest_period=rows[0][7],
                indicators=tuple(names),
                partial=all(r[6] == "incomplete" for r in rows),
            )
        )
    explanations = latest_explanations(con, year)
    for card in cards:
        card.explanation = explanations.get(card.code)
    return DashboardData(
        as_of=as_of,
        cards=cards,
        late=late,
        year=year,
        departments=[(d.code, d.name_zh) for d in catalog.departments],
    )


def page_digest(con: duckdb.DuckDBPyConnection, catalogs: Sequence[Catalog], as_of: date) -> str:
    """A digest of what the pages of ``catalogs`` would show on ``as_of``, apart from the date itself.

    Two nights with the same digest render the same pages but for their 截至 date (quiet nights,
    issue #19). It hashes the rows :func:`load_dashboard_data` reads (every target's status and
    figures, the monthly series, the late departments with their overdue months and days), the
    explanations, the catalog snapshot and the page's own template files: a date that crosses a
    deadline (迟报) or moves the pace line changes it.
    """
    h = hashlib.sha256()
    for cat in catalogs:
        year = cat.year
        status = con.execute(_STATUS_SQL, {"year": year}).fetchall()
        series = con.execute(_SERIES_SQL, {"city": CITY, "year_start": date(year, 1, 1), "as_of": as_of})
        late = con.execute(_LATE_SQL, {"as_of": as_of, "year": year}).fetchall()
        h.update(repr((year, sorted(map(repr, status)), series.fetchall(), late)).encode())
    h.update(repr(sorted(latest_explanations(con).items())).encode())
    for table in ("catalog_targets", "catalog_departments", "catalog_counties"):
        row = con.execute(
            "SELECT md5(coalesce(string_agg(t::VARCHAR, '|' ORDER BY t::VARCHAR), ''))"
            f" FROM (SELECT * EXCLUDE (synced_at) FROM {table}) AS t"
        ).fetchone()
        h.update(str(row).encode())
    for name in ("dashboard.html.j2", "dashboard.css", "dashboard.js"):
        h.update(files("bijie_etl").joinpath("templates", name).read_bytes())
    return h.hexdigest()
