"""The leadership dashboard: one self-contained Chinese HTML page with a pace chart per target.

Three steps, each usable alone:

* :func:`load_dashboard_data` reads the warehouse views (``v_indicator_status``,
  ``v_observation_current``, ``v_missing_submissions``) into a :class:`DashboardData`;
* :func:`render_dashboard` turns a :class:`DashboardData` into ``out_dir/index.html`` (pure:
  no database, no clock, no network);
* :func:`render` does both, as the nightly run and ``bijie-etl report`` call it.

The page has no external resources at all (no CDN, fonts, scripts or images): CSS and a little
vanilla JS from ``templates/`` are inlined and charts are inline SVG drawn here, so the file
works from ``file://`` offline, by e-mail, and on paper. Everything shown is escaped (Jinja2
autoescape for HTML, :func:`html.escape` for SVG text): target names come from a YAML file
that many people edit.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from html import escape
from importlib.resources import files
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import duckdb
import jinja2
from markupsafe import Markup

from bijie_etl.catalog import CITY, Catalog, Direction, Target
from bijie_etl.pace.rules import ObservationPoint
from bijie_etl.pace.rules import figures as pace_figures
from bijie_etl.settings import Thresholds
from bijie_etl.vocabulary import READING_ORDER, STATUS_ORDER
from bijie_etl.warehouse.store import latest_explanations

if TYPE_CHECKING:
    from bijie_etl.warehouse.store import Warehouse

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
    "latest_explanations",
    "load_dashboard_data",
    "pace_chart_svg",
    "page_digest",
    "page_paths",
    "render",
    "render_dashboard",
    "restamp",
]

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
_STYLE = {s.code: s for s in STATUSES}
#: Cards and the table list the targets that need attention first.
_SEVERITY = {s.value: i for i, s in enumerate(STATUS_ORDER)}

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
_CUMULATIVE_METHODS = frozenset({"cumulative", "baseline_prior", "profile", "linear"})


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
        return _STYLE.get(self.status, _STYLE["not_assessed"])

    @property
    def label(self) -> str:
        """The Chinese status label (the view's ``status_zh``, else the standard one)."""
        return self.status_zh or self.style.label_zh

    @property
    def method_zh(self) -> str:
        return _METHOD_ZH.get(self.method, self.method)

    @property
    def is_cumulative(self) -> bool:
        return self.method in _CUMULATIVE_METHODS

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
    """A figure as people write it: 7,300 · 570.5 · 6.82 · 0.95; "—" when missing."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    size = abs(value)
    digits = 0 if size >= 1000 else 1 if size >= 100 else 2
    text = f"{value:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _with_unit(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    return f"{format_number(value)}{unit}" if unit == "%" else f"{format_number(value)} {unit}"


def _month_zh(period: date | None) -> str:
    return f"{period.month}月" if period else "—"


def _progress(card: TargetCard) -> tuple[str, float | None]:
    """The progress cell (text, sort key): 进度比 as a percentage or the gap in percentage points."""
    if card.pace_ratio is not None:
        return f"{card.pace_ratio * 100:.1f}%", card.pace_ratio * 100 - 100
    if card.gap_pp is not None:
        sign = "+" if card.gap_pp > 0 else ""
        return f"{sign}{card.gap_pp:.1f}个百分点", card.gap_pp
    return "—", None


# --------------------------------------------------------------------------------------------
# Charts (inline SVG; every string that reaches the SVG goes through _t)

_W, _H = 480, 250
_LEFT, _RIGHT, _TOP, _BOTTOM = 58, 92, 26, 30
_INK, _MUTED, _GRID, _TARGET, _PACE = "#2c3e50", "#6b7785", "#e6e9ed", "#1f3a5f", "#8896a5"


def _t(text: object) -> str:
    return escape(str(text), quote=True)


def _nice_step(span: float) -> float:
    raw = span / 4 if span > 0 else 1.0
    mag = 10 ** math.floor(math.log10(raw))
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)


def _y_domain(card: TargetCard) -> tuple[float, float, float]:
    values = [v for _, v in card.actual_series] + [v for _, v in card.expected_series]
    values += [v for v in (card.target, card.stretch, card.projected_year_end) if v is not None]
    if card.method == "trajectory" and card.baseline is not None:
        values.append(card.baseline)
    values = [v for v in values if math.isfinite(v)]
    if not values:
        values = [0.0, 1.0]
    lo, hi = min(values), max(values)
    if card.is_cumulative or (lo >= 0 and not card.method.startswith("growth") and lo < 0.35 * hi):
        lo = min(lo, 0.0)
    if card.method.startswith("growth") and 0 < lo < 0.5 * hi:
        lo = 0.0
    span = hi - lo
    if span == 0:
        span = abs(hi) * 0.2 or 1.0
        lo, hi = lo - span / 2, hi + span / 2
    elif lo != 0:
        lo -= span * 0.08
    hi += span * 0.08
    step = _nice_step(hi - lo)
    lo = math.floor(lo / step + 1e-9) * step
    hi = math.ceil(hi / step - 1e-9) * step
    return lo, hi, step


def _spread(labels: list[list[Any]], min_gap: float, top: float, bottom: float) -> None:
    """Move right-margin labels (``[y, …]``, sorted in place) apart so they do not overlap."""
    labels.sort(key=lambda item: item[0])
    for i in range(1, len(labels)):
        labels[i][0] = max(labels[i][0], labels[i - 1][0] + min_gap)
    if labels and labels[-1][0] > bottom:
        labels[-1][0] = bottom
        for i in range(len(labels) - 2, -1, -1):
            labels[i][0] = min(labels[i][0], labels[i + 1][0] - min_gap)
    for item in labels:
        item[0] = max(item[0], top)


def pace_chart_svg(card: TargetCard) -> Markup:
    """The pace chart of one target as an inline ``<svg>`` element.

    Actual by month (status colour, dots), the expected pace line (grey dashes), the target
    (navy dashes) and stretch (navy dots) lines, and for cumulative targets the projected year
    end as a hollow diamond at December joined to the latest actual.
    """
    pw, ph = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM
    lo, hi, step = _y_domain(card)

    def x(month: float) -> float:
        return _LEFT + (month - 0.5) * pw / 12

    def y(value: float) -> float:
        return _TOP + ph - (value - lo) / (hi - lo) * ph

    color = card.style.color
    unit = card.unit
    out: list[str] = [
        f'<svg class="pace-chart" viewBox="0 0 {_W} {_H}" width="100%" role="img" '
        f'aria-labelledby="chart-title-{_t(card.code)}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title-{_t(card.code)}">{_t(card.name_zh)}（{_t(unit)}）进度图</title>',
    ]
    # Grid and y ticks
    n_ticks = round((hi - lo) / step)
    for i in range(n_ticks + 1):
        v = lo + i * step
        yy = y(v)
        stroke = "#b8c0c8" if abs(v) < step * 1e-6 else _GRID
        out.append(
            f'<path class="grid" d="M{_LEFT} {yy:.1f}H{_LEFT + pw}" stroke="{stroke}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{_LEFT - 6}" y="{yy + 3.5:.1f}" text-anchor="end" font-size="12" fill="{_MUTED}">'
            f"{_t(format_number(v))}</text>"
        )
    out.append(f'<text x="6" y="14" font-size="12" fill="{_MUTED}">单位：{_t(unit)}</text>')
    # X axis: months
    out.append(
        f'<path class="axis" d="M{_LEFT} {_TOP + ph}H{_LEFT + pw}" stroke="#9aa5b1" stroke-width="1"/>'
    )
    for m in range(1, 13):
        out.append(
            f'<text x="{x(m):.1f}" y="{_TOP + ph + 16}" text-anchor="middle" font-size="11" fill="{_MUTED}">{m}月</text>'
        )
    if card.period is not None:
        px = x(card.period.month)
        out.append(
            f'<path class="asof" d="M{px:.1f} {_TOP}V{_TOP + ph}" stroke="#c9d1d9" stroke-width="1" stroke-dasharray="2 3"/>'
        )

    labels: list[list[Any]] = []  # [y, text, colour] in the right margin
    # Target and stretch lines
    flat_expected = bool(card.expected_series) and all(
        card.target is not None and abs(v - card.target) < 1e-9 for _, v in card.expected_series
    )
    if card.target is not None:
        ty = y(card.target)
        out.append(
            f'<path class="target" d="M{_LEFT} {ty:.1f}H{_LEFT + pw}" stroke="{_TARGET}" stroke-width="1.5" stroke-dasharray="7 4"/>'
        )
        labels.append([ty, f"目标 {format_number(card.target)}", _TARGET])
    if card.stretch is not None:
        sy = y(card.stretch)
        out.append(
            f'<path class="stretch" d="M{_LEFT} {sy:.1f}H{_LEFT + pw}" stroke="{_TARGET}" stroke-width="1.2" stroke-dasharray="2 3" opacity="0.75"/>'
        )
        labels.append([sy, f"力争 {format_number(card.stretch)}", _TARGET])
    # Expected pace line
    if card.expected_series and not flat_expected:
        pts = " ".join(f"{x(m):.1f},{y(v):.1f}" for m, v in card.expected_series)
        out.append(
            f'<polyline class="expected" points="{pts}" fill="none" stroke="{_PACE}" stroke-width="1.6" stroke-dasharray="5 3"/>'
        )
    # Projection (cumulative): from the latest actual to December
    if card.projected_year_end is not None and card.actual_series and card.is_cumulative:
        last_m, last_v = card.actual_series[-1]
        jx, jy = x(12), y(card.projected_year_end)
        if last_m < 12:
            out.append(
                f'<path class="projection" d="M{x(last_m):.1f} {y(last_v):.1f}L{jx:.1f} {jy:.1f}" '
                f'stroke="{color}" stroke-width="1.5" stroke-dasharray="3 3" fill="none" opacity="0.8"/>'
            )
        out.append(
            f'<path class="projection-marker" d="M{jx:.1f} {jy - 6:.1f}l6 6l-6 6l-6 -6z" fill="#fff" stroke="{color}" stroke-width="2"/>'
        )
        labels.append([jy, f"预计 {format_number(card.projected_year_end)}", color])
    # Actual
    if card.actual_series:
        pts = " ".join(f"{x(m):.1f},{y(v):.1f}" for m, v in card.actual_series)
        out.append(
            f'<polyline class="actual" points="{pts}" fill="none" stroke="{color}" stroke-width="2.6" '
            f'stroke-linejoin="round" stroke-linecap="round"/>'
        )
        for m, v in card.actual_series:
            out.append(
                f'<circle cx="{x(m):.1f}" cy="{y(v):.1f}" r="3.2" fill="{color}" stroke="#fff" stroke-width="1">'
                f"<title>{m}月：{_t(format_number(v))} {_t(unit)}</title></circle>"
            )
    else:
        note = "年底评估" if card.method == "annual" else "暂无数据"
        out.append(
            f'<text x="{_LEFT + pw / 2:.1f}" y="{_TOP + ph / 2:.1f}" text-anchor="middle" font-size="15" fill="{_MUTED}">{note}</text>'
        )
    _spread(labels, 14, _TOP + 4, _TOP + ph)
    for ly, text, fill in labels:
        out.append(
            f'<text x="{_LEFT + pw + 8}" y="{ly + 4:.1f}" font-size="12" fill="{fill}">{_t(text)}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))


# --------------------------------------------------------------------------------------------
# Rendering


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("bijie_etl", "templates"),
        autoescape=True,  # every file, whatever its extension
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = format_number
    env.filters["with_unit"] = _with_unit
    env.filters["month_zh"] = _month_zh
    return env


@lru_cache(maxsize=4)
def _asset(name: str) -> Markup:
    """A CSS or JS file from templates/, inlined as is (it is ours, not user data)."""
    text = (files("bijie_etl") / "templates" / name).read_text(encoding="utf-8")
    if "</style" in text.lower() or "</script" in text.lower():
        raise ValueError(f"{name} must not contain a closing </style> or </script> tag")
    return Markup(text)


def _department_rows(data: DashboardData) -> list[dict[str, Any]]:
    order = list(data.departments)
    known = {code for code, _ in order}
    for card in data.cards:
        if card.department not in known:
            order.append((card.department, card.department_zh))
            known.add(card.department)
    counts: dict[str, Counter[str]] = {code: Counter() for code, _ in order}
    for card in data.cards:
        counts[card.department][card.status] += 1
    rows = []
    for code, name in order:
        c = counts[code]
        if not c:
            continue
        rows.append(
            {
                "code": code,
                "name": name,
                "counts": [c.get(s.code, 0) for s in STATUSES],
                "total": sum(c.values()),
            }
        )
    return rows


def _table_row(card: TargetCard) -> dict[str, Any]:
    progress, progress_key = _progress(card)
    return {
        "progress": progress,
        "progress_key": progress_key,
        "severity": _SEVERITY.get(card.status, len(_SEVERITY)),
    }


def render_dashboard(data: DashboardData, out_dir: Path) -> Path:
    """Write the dashboard for ``data`` to ``out_dir/index.html`` and return that path."""
    html = dashboard_html(data)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "index.html"
    tmp = path.with_suffix(".html.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return path


def dashboard_html(
    data: DashboardData, *, script_nonce: str | None = None, back_link: str | None = None
) -> str:
    """The dashboard page as a string (the desk serves it live; ``script_nonce`` for its CSP)."""
    cards = sorted(data.cards, key=lambda c: (_SEVERITY.get(c.status, 99), c.department_zh, c.code))
    counts = Counter(c.status for c in cards)
    template = _environment().get_template("dashboard.html.j2")
    html = template.render(
        data=data,
        title=data.title,
        font_stack=Markup(FONT_STACK),
        css=_asset("dashboard.css"),
        js=_asset("dashboard.js"),
        statuses=STATUSES,
        status_counts=[(s, counts.get(s.code, 0)) for s in STATUSES],
        total=len(cards),
        cards=[(c, _table_row(c), pace_chart_svg(c)) for c in cards],
        departments=_department_rows(data),
        late=sorted(data.late, key=lambda item: (item.periods[:1], item.department_zh)),
        script_nonce=script_nonce,
        back_link=back_link,
    )
    return html


# --------------------------------------------------------------------------------------------
# Loading from the warehouse


_STATUS_SQL = """
SELECT code, name_zh, department, department_zh, unit, target, stretch, period, actual, expected,
       pace_ratio, gap_pp, projected_year_end, required_monthly, stretch_ratio, method, status, status_zh
FROM v_indicator_status
WHERE year = $year
"""

_SERIES_SQL = """
SELECT indicator_code, period, value, value_ytd, value_ytd_prior, growth_pct
FROM v_observation_current
WHERE county = $city AND period >= $year_start AND period <= $as_of
ORDER BY indicator_code, period
"""

_LATE_SQL = """
SELECT m.department, m.department_name_zh, m.period, m.due_date, m.days_overdue,
       m.missing_indicators_zh, m.status,
       (SELECT max(o.period) FROM v_observation_current AS o
         WHERE o.department = m.department AND o.period <= $as_of AND year(o.period) = $year) AS latest_period
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


def _as_of_marks(day: date) -> tuple[str, str]:
    """The two places a page states its as-of date (the title and the header), as rendered."""
    text = f"{day.year}年{day.month}月{day.day}日"
    return f"（截至{text}）</title>", f'id="as-of">{text}</div>'


def restamp(path: Path, old: date, new: date) -> bool:
    """Change a rendered page's as-of date from ``old`` to ``new`` without rebuilding it.

    For a night whose :func:`page_digest` equals the one the page was rendered with. Returns
    False (and leaves the file alone) unless the page states ``old`` exactly once in each place.
    """
    try:
        html = path.read_text(encoding="utf-8")
    except OSError:
        return False
    for before, after in zip(_as_of_marks(old), _as_of_marks(new), strict=True):
        if html.count(before) != 1:
            return False
        html = html.replace(before, after)
    tmp = path.with_suffix(".html.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return True


def page_paths(out_dir: Path, catalog: Catalog, others: Sequence[Catalog] = ()) -> list[Path]:
    """The files :func:`render` writes for ``catalog`` (and ``others``): the front page first."""
    years = sorted({c.year for c in (*others, catalog)})
    return [out_dir / "index.html", *((out_dir / str(y) / "index.html") for y in years if len(years) > 1)]


def render(
    warehouse: Warehouse | duckdb.DuckDBPyConnection | Path,
    catalog: Catalog,
    as_of: date,
    out_dir: Path,
    *,
    assessments: Sequence[Any] | None = None,
    others: Sequence[Catalog] = (),
) -> Path:
    """Read the warehouse (a ``Warehouse``, a DuckDB connection, or a database path) and write the dashboard.

    ``assessments`` (a what-if) replaces the stored statuses and marks the page as not saved.
    ``out_dir/index.html`` shows ``catalog``'s year. With ``others`` (the catalogs of other years),
    every year also gets ``out_dir/<year>/index.html`` and each page a year switch linking them.
    """
    if isinstance(warehouse, Path):
        with duckdb.connect(str(warehouse), read_only=True) as con:
            return _render_years(con, catalog, as_of, out_dir, others, assessments)
    con = warehouse if isinstance(warehouse, duckdb.DuckDBPyConnection) else warehouse.con
    return _render_years(con, catalog, as_of, out_dir, others, assessments)


def _render_years(
    con: duckdb.DuckDBPyConnection,
    catalog: Catalog,
    as_of: date,
    out_dir: Path,
    others: Sequence[Catalog],
    assessments: Sequence[Any] | None,
) -> Path:
    generated = datetime.now(ZoneInfo("Asia/Shanghai")).replace(tzinfo=None, second=0, microsecond=0)
    catalogs = {c.year: c for c in (*others, catalog)}
    years = sorted(catalogs)

    def page(cat: Catalog, target_dir: Path, prefix: str) -> Path:
        what_if = assessments if cat.year == catalog.year else None
        data = load_dashboard_data(con, cat, as_of, assessments=what_if)
        data.what_if = what_if is not None
        data.generated_at = generated
        if len(years) > 1:
            data.year_links = [(y, f"{prefix}{y}/index.html") for y in years]
        return render_dashboard(data, target_dir)

    if len(years) > 1:
        for year in years:
            page(catalogs[year], out_dir / str(year), "../")
    return page(catalog, out_dir, "")
