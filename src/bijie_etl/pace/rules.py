"""Pace assessment: is each target of the report on course, given the data so far?

Two layers, as everywhere in this package:

* a pure core — :func:`assess_target` turns one :class:`~bijie_etl.catalog.Target` and its current
  全市 observations into a :class:`PaceAssessment`; :func:`due_period` says which period a department
  owes by a date. No I/O, so the maths is tested with a hand-computed golden table and Hypothesis;
* the warehouse side — :func:`assess` reads the current observations in one query (DuckDB picks the
  latest period per target), assesses every catalog target and stores one ``assessments`` row per
  target per run and as-of date (history kept); ``v_indicator_status`` shows, per target, the row of
  the latest as-of date (the most recent run among equals).

The rules (issue #5), with D the as-of date and m the month of the latest 全市 period ≤ D:

``cumulative`` (kinds cumulative, count)
    P(m) = ``value_ytd_prior / baseline`` when both exist and the share lies in (0, 1]
    (method ``baseline_prior``); else last year's monthly year to date over its December total
    from the warehouse (``last_year``, see :mod:`bijie_etl.catalog.years`); else the catalog
    ``profile[m-1]`` (``profile``); else m/12 (``linear``). The baseline is the catalog's, else
    last December's warehouse value. expected = target × P(m); pace_ratio = actual / expected;
    projected_year_end = actual / P(m); required_monthly = (target − actual) / (12 − m) for m < 12
    (negative when the target is already passed). Judged on the ratio thresholds.
``growth``
    actual = 累计同比增长 (``growth_pct``), or 100 × (ytd / ytd_prior − 1) when only levels came
    (method ``growth_from_levels``); gap_pp = actual − target; judged on the gap thresholds.
``threshold``
    "%" units: gap_pp = actual − target on the gap thresholds; other units: pace_ratio =
    actual / target on the ratio thresholds.
``trajectory``
    expected = baseline + (target − baseline) × m / 12, then judged like ``threshold`` against
    expected (without a baseline: plain ``threshold`` against the target, method ``threshold``).
``annual``
    ``not_assessed`` until an observation for month 12 exists, then judged like ``threshold``.
    Targets without a number are never assessed (their actual is still shown).

``lower_is_better`` mirrors every comparison (gap_pp = expected − actual, ratio = expected / actual).
A ratio is only defined for a positive expected value (and, when lower is better, a positive
actual); otherwise the target is judged by plain comparison: on_track when actual reaches expected
(≥ for higher-is-better, ≤ for lower-is-better), off_track otherwise.

Thresholds (``settings.Thresholds``, overridable per target by ``Target.thresholds``):
on_track when ratio ≥ on_track_ratio (0.95), at_risk when ≥ at_risk_ratio (0.85); for gaps
on_track when gap_pp ≥ on_track_gap_pp (−0.5), at_risk when ≥ at_risk_gap_pp (−1.5); off_track
below. **Boundaries**: a value within :data:`EPSILON` (1e-9) below a threshold counts as reaching
it, so 95/100 = 0.95 and 4.9 − 5.4 = −0.5000000000000004 are on_track despite binary floating point.

Freshness (:func:`due_period`): data for month M is due on the department's deadline day of
M + 1 (on the deadline day itself it counts as due) — except January, which departments report with
February (1-2月, the Spring Festival: there is often no January file), so it is due with February. Quarterly targets owe the last quarter whose
end month is due; annual targets owe December, due in January of the next year — so an annual
target is never late within its own year. Periods due before January of the catalog year count
as nothing due; the due period never goes past December of the catalog year.

Status precedence (first match wins):

1. ``no_data`` — no observation at all, while something is due (when nothing is due yet, e.g. an
   annual target before its year ends, the status is ``not_assessed``); also, after 2 and 3, when
   the latest observation lacks the column the target is measured by;
2. ``late`` — the latest period is older than the period due; the pace figures of the older data
   are still computed and shown, and ``pace_status`` keeps what they alone would say;
3. ``not_assessed`` — annual pace before month 12, or a target without a number;
4. the pace status (on_track / at_risk / off_track).

Stretch (力争) targets get ``stretch_ratio`` = actual / stretch-expected (mirrored when lower is
better), where the stretch-expected is stretch × P(m) for cumulative targets, the stretch
trajectory for trajectory targets and the stretch value itself otherwise (for "%" targets it is
simply the ratio of the two percentages). The status always follows the base target.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import pandas as pd

from bijie_etl.catalog import CITY, Catalog, Direction, Frequency, PaceMethod, Target
from bijie_etl.errors import CatalogError
from bijie_etl.months import latest_owed_month
from bijie_etl.settings import TZ, Settings, Thresholds
from bijie_etl.vocabulary import STATUS_ORDER, Status, fmt_number

if TYPE_CHECKING:  # the warehouse module is built in parallel; only its type is needed here
    from rich.console import RenderableType

    from bijie_etl.warehouse.store import Warehouse

__all__ = [
    "EPSILON",
    "STATUS_ORDER",
    "ObservationPoint",
    "PaceAssessment",
    "Status",
    "assess",
    "assess_target",
    "assess_targets",
    "due_period",
    "format_assessments",
    "latest_city_observations",
    "monthly_series",
    "resolve_thresholds",
    "store_assessments",
]

#: Tolerance for threshold comparisons: a value this close below a threshold counts as reaching it.
EPSILON = 1e-9

#: Units whose targets are judged by a gap in percentage points rather than a ratio.
PERCENT_UNITS = frozenset({"%", "％", "百分点", "个百分点"})


@dataclass(frozen=True, slots=True)
class ObservationPoint:
    """One current 全市 observation of a target (period = first day of the month)."""

    period: date
    value: float | None = None
    value_ytd: float | None = None
    value_ytd_prior: float | None = None
    growth_pct: float | None = None

    def get(self, name: str) -> float | None:
        value: float | None = getattr(self, name)
        return value


@dataclass(frozen=True)
class PaceAssessment:
    """Where one target stands on the as-of date, with the numbers behind the status."""

    code: str
    name_zh: str
    department: str
    unit: str
    target: float | None
    stretch: float | None
    as_of: date
    period: date | None  # the period the figures come from (None: never observed)
    month: int | None
    actual: float | None
    expected: float | None
    pace_ratio: float | None
    gap_pp: float | None
    projected_year_end: float | None
    required_monthly: float | None
    stretch_ratio: float | None
    method: str  # baseline_prior / last_year / profile / linear / growth / growth_from_levels / threshold / trajectory / annual
    status: Status
    pace_status: Status | None  # what the figures alone say (differs from status when late)
    due_period: date | None  # the latest period the department owed on as_of
    note_zh: str = ""
    department_zh: str = ""  # the department's Chinese name (filled by :func:`assess` from the catalog)
    year: int | None = None  # the catalog year of the target judged

    @property
    def status_zh(self) -> str:
        return self.status.label_zh

    def to_row(self) -> dict[str, Any]:
        """A flat dict (enums as strings, ``status_zh`` included) for tables and reports."""
        # Field by field: every field is a scalar, so this is asdict() without its deep copies.
        row = {name: getattr(self, name) for name in _ASSESSMENT_FIELDS}
        row["status"] = str(self.status)
        row["pace_status"] = str(self.pace_status) if self.pace_status else None
        row["status_zh"] = self.status_zh
        return row


_ASSESSMENT_FIELDS = tuple(f.name for f in fields(PaceAssessment))


# --------------------------------------------------------------------------------------------
# Freshness


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def due_period(
    as_of: date,
    deadline_day: int,
    frequency: Frequency | str = Frequency.MONTHLY,
    *,
    year: int | None = None,
) -> date | None:
    """The latest period (first day of its month) a department owes on ``as_of``.

    Month M is due on ``deadline_day`` of month M + 1 (clamped to the month's last day; on the
    deadline day itself it is due); January is due with February (1-2月), on February's. Quarterly: the last quarter-end month (3, 6, 9, 12) that is
    due. Annual: the last December that is due (due in January of the next year). With ``year``
    (the catalog year) the answer is None when nothing of that year is due yet, and never later
    than December of that year.

    >>> due_period(date(2024, 6, 10), 10)
    datetime.date(2024, 5, 1)
    >>> due_period(date(2024, 6, 9), 10)
    datetime.date(2024, 4, 1)
    >>> due_period(date(2024, 2, 20), 10), due_period(date(2024, 3, 10), 10)
    (datetime.date(2023, 12, 1), datetime.date(2024, 2, 1))
    """
    if not 1 <= deadline_day <= 31:
        raise ValueError(f"deadline_day must be 1..31, got {deadline_day}")
    frequency = Frequency(frequency)
    if (
        frequency is Frequency.MONTHLY
    ):  # the reporting calendar (January comes with February): bijie_etl.months
        owed = latest_owed_month(as_of, deadline_day)
        y, m = owed.year, owed.month
    else:
        deadline = min(deadline_day, calendar.monthrange(as_of.year, as_of.month)[1])
        y, m = _shift_month(as_of.year, as_of.month, -1 if as_of.day >= deadline else -2)
    if frequency is Frequency.QUARTERLY:
        y, m = _shift_month(y, m, -(m % 3))
    elif frequency is Frequency.ANNUAL and m != 12:
        y, m = y - 1, 12
    if year is not None:
        if y < year:
            return None
        if y > year:
            y, m = year, 12
    return date(y, m, 1)


# --------------------------------------------------------------------------------------------
# The pure core


def resolve_thresholds(target: Target, thresholds: Thresholds) -> Thresholds:
    """The installation's thresholds with the target's catalog overrides applied."""
    if not target.thresholds:
        return thresholds
    unknown = set(target.thresholds) - set(Thresholds.model_fields)
    if unknown:
        raise CatalogError(
            f"unknown threshold keys {sorted(unknown)}; allowed: {sorted(Thresholds.model_fields)}",
            entry=target.code,
            field="thresholds",
        )
    return thresholds.model_copy(update=dict(target.thresholds))


def _num(value: Any) -> float | None:
    """A finite float, or None for missing values (None, NaN, pd.NA)."""
    if value is None or value is pd.NA:
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()


def _points(observations: Sequence[ObservationPoint] | pd.DataFrame) -> list[ObservationPoint]:
    if isinstance(observations, pd.DataFrame):
        cols = [f.name for f in fields(ObservationPoint)]
        frame = observations.reindex(columns=cols)
        return [
            ObservationPoint(
                period=_as_date(row[0]),
                value=_num(row[1]),
                value_ytd=_num(row[2]),
                value_ytd_prior=_num(row[3]),
                growth_pct=_num(row[4]),
            )
            for row in frame.itertuples(index=False, name=None)
            if row[0] is not None and not pd.isna(row[0])
        ]
    return list(observations)


def _measure(target: Target, point: ObservationPoint) -> float | None:
    """The target's measure from an observation: its kind's column, else the generic ``value``."""
    primary = point.get(target.value_field)
    return primary if primary is not None else point.value


def _judge(score: float, on_track: float, at_risk: float) -> Status:
    if score >= on_track - EPSILON:
        return Status.ON_TRACK
    if score >= at_risk - EPSILON:
        return Status.AT_RISK
    return Status.OFF_TRACK


@dataclass(frozen=True, slots=True)
class _Figures:
    actual: float | None
    expected: float | None = None
    pace_ratio: float | None = None
    gap_pp: float | None = None
    projected_year_end: float | None = None
    required_monthly: float | None = None
    stretch_ratio: float | None = None
    method: str = ""
    status: Status | None = None


def _ratio(actual: float, expected: float, lower: bool) -> float | None:
    """actual / expected (expected / actual when lower is better); None where that means nothing."""
    if lower:
        return expected / actual if actual > 0 and expected > 0 else None
    return actual / expected if expected > 0 else None


def _plain(actual: float, expected: float, lower: bool) -> Status:
    reached = actual <= expected + EPSILON if lower else actual >= expected - EPSILON
    return Status.ON_TRACK if reached else Status.OFF_TRACK


def _by_ratio(actual: float, expected: float, lower: bool, th: Thresholds) -> tuple[float | None, Status]:
    ratio = _ratio(actual, expected, lower)
    if ratio is None:
        return None, _plain(actual, expected, lower)
    return ratio, _judge(ratio, th.on_track_ratio, th.at_risk_ratio)


def _by_gap(actual: float, expected: float, lower: bool, th: Thresholds) -> tuple[float, Status]:
    gap = expected - actual if lower else actual - expected
    return gap, _judge(gap, th.on_track_gap_pp, th.at_risk_gap_pp)


def _stretch_ratio(actual: float, stretch_expected: float | None, lower: bool) -> float | None:
    return None if stretch_expected is None else _ratio(actual, stretch_expected, lower)


def _against(
    target: Target,
    actual: float,
    expected: float,
    stretch_expected: float | None,
    method: str,
    th: Thresholds,
) -> _Figures:
    """Judge ``actual`` against a level (threshold-style): a gap for % units, a ratio otherwise."""
    lower = target.direction is Direction.LOWER_IS_BETTER
    sr = _stretch_ratio(actual, stretch_expected, lower)
    if target.unit.strip() in PERCENT_UNITS:
        gap, status = _by_gap(actual, expected, lower, th)
        return _Figures(actual, expected, gap_pp=gap, stretch_ratio=sr, method=method, status=status)
    ratio, status = _by_ratio(actual, expected, lower, th)
    return _Figures(actual, expected, pace_ratio=ratio, stretch_ratio=sr, method=method, status=status)


def _cumulative(target: Target, point: ObservationPoint, m: int, th: Thresholds) -> _Figures:
    assert target.target is not None
    actual = _measure(target, point)
    prior, baseline = point.value_ytd_prior, target.baseline
    share = prior / baseline if prior is not None and baseline else None
    if share is not None and 0 < share <= 1:
        p, method = share, "baseline_prior"
    elif target.profile is not None:
        # last year's monthly year to date from the warehouse (years.carry_over), else the catalog's
        p, method = (
            target.profile[m - 1],
            ("last_year" if target.profile_source == "last_year" else "profile"),
        )
    else:
        p, method = m / 12, "linear"
    expected = target.target * p
    if actual is None:
        return _Figures(None, expected, method=method)
    lower = target.direction is Direction.LOWER_IS_BETTER
    ratio, status = _by_ratio(actual, expected, lower, th)
    stretch_expected = target.stretch * p if target.stretch is not None else None
    return _Figures(
        actual,
        expected,
        pace_ratio=ratio,
        projected_year_end=actual / p if p > 0 else None,
        required_monthly=(target.target - actual) / (12 - m) if m < 12 else None,
        stretch_ratio=_stretch_ratio(actual, stretch_expected, lower),
        method=method,
        status=status,
    )


def _growth(target: Target, point: ObservationPoint, th: Thresholds) -> _Figures:
    assert target.target is not None
    actual, method = point.growth_pct, "growth"
    if actual is None and target.value_field == "growth_pct":
        actual = point.value
    if actual is None and point.value_ytd is not None and point.value_ytd_prior:
        actual, method = 100 * (point.value_ytd / point.value_ytd_prior - 1), "growth_from_levels"
    if actual is None:
        return _Figures(None, target.target, method=method)
    lower = target.direction is Direction.LOWER_IS_BETTER
    gap, status = _by_gap(actual, target.target, lower, th)
    sr = _stretch_ratio(actual, target.stretch, lower)
    return _Figures(actual, target.target, gap_pp=gap, stretch_ratio=sr, method=method, status=status)


def figures(target: Target, point: ObservationPoint, m: int, th: Thresholds) -> _Figures:
    """The pace figures of one observation (status None: not judged)."""
    pace = target.pace
    if target.target is None:
        return _Figures(_measure(target, point), method=str(pace))
    if pace is PaceMethod.CUMULATIVE:
        return _cumulative(target, point, m, th)
    if pace is PaceMethod.GROWTH:
        return _growth(target, point, th)
    actual = _measure(target, point)
    if pace is PaceMethod.ANNUAL and m < 12:
        return _Figures(actual, method="annual")
    if pace is PaceMethod.TRAJECTORY and target.baseline is not None:
        base = target.baseline
        expected = base + (target.target - base) * m / 12
        stretch_expected = base + (target.stretch - base) * m / 12 if target.stretch is not None else None
        method = "trajectory"
    else:
        expected, stretch_expected = target.target, target.stretch
        method = "annual" if pace is PaceMethod.ANNUAL else "threshold"
    if actual is None:
        return _Figures(None, expected, method=method)
    return _against(target, actual, expected, stretch_expected, method, th)


def _month_zh(period: date) -> str:
    return f"{period.year}年{period.month}月"


def assess_target(
    target: Target,
    observations: Sequence[ObservationPoint] | pd.DataFrame,
    as_of: date,
    *,
    deadline_day: int,
    thresholds: Thresholds,
    year: int | None = None,
) -> PaceAssessment:
    """Assess one target from its current 全市 observations (any order; later periods ignored).

    ``observations`` holds ``period, value, value_ytd, value_ytd_prior, growth_pct`` (a DataFrame
    or :class:`ObservationPoint` s). ``deadline_day`` is the owning department's; ``thresholds``
    the installation's (the target's own overrides are applied here). ``year`` is the catalog
    year (default: the year of ``as_of``): only its periods count, and freshness is judged
    within it. See the module docstring for the rules and the status precedence.
    """
    year = as_of.year if year is None else year
    th = resolve_thresholds(target, thresholds)
    due = due_period(as_of, deadline_day, target.frequency, year=year)
    usable = [p for p in _points(observations) if p.period <= as_of and p.period.year == year]
    base: dict[str, Any] = {
        "year": year,
        "code": target.code,
        "name_zh": target.name_zh,
        "department": target.department,
        "unit": target.unit,
        "target": target.target,
        "stretch": target.stretch,
        "as_of": as_of,
        "due_period": due,
    }
    if not usable:
        status = Status.NO_DATA if due is not None else Status.NOT_ASSESSED
        note = f"应报至{_month_zh(due)}，未收到任何数据" if due is not None else "尚无到期数据"
        empty: dict[str, Any] = dict.fromkeys(
            (
                "period",
                "month",
                "actual",
                "expected",
                "pace_ratio",
                "gap_pp",
                "projected_year_end",
                "required_monthly",
                "stretch_ratio",
            )
        )
        return PaceAssessment(
            **base, **empty, method=str(target.pace), status=status, pace_status=None, note_zh=note
        )

    point = max(usable, key=lambda p: p.period)
    m = point.period.month
    fig = figures(target, point, m, th)
    if due is not None and point.period < due:
        status, note = Status.LATE, f"最新数据为{_month_zh(point.period)}，应报至{_month_zh(due)}"
    elif target.target is None:
        status, note = Status.NOT_ASSESSED, "无量化目标，仅展示实际值"
    elif target.pace is PaceMethod.ANNUAL and m < 12:
        status, note = Status.NOT_ASSESSED, "年度目标，12月数据到达后评估"
    elif fig.actual is None or fig.status is None:
        # the observation came without the column this target is measured by
        status, note = Status.NO_DATA, f"{_month_zh(point.period)}数据缺少所需数值"
    else:
        status, note = fig.status, ""
    return PaceAssessment(
        **base,
        period=point.period,
        month=m,
        actual=fig.actual,
        expected=fig.expected,
        pace_ratio=fig.pace_ratio,
        gap_pp=fig.gap_pp,
        projected_year_end=fig.projected_year_end,
        required_monthly=fig.required_monthly,
        stretch_ratio=fig.stretch_ratio,
        method=fig.method,
        status=status,
        pace_status=fig.status,
        note_zh=note,
    )


# --------------------------------------------------------------------------------------------
# Warehouse side

#: The one query of an assessment run: the latest current 全市 observation per target with
#: period ≤ D within the catalog year. DuckDB does the heavy lifting in one hash-aggregate pass;
#: ``arg_max_null`` (not ``arg_max``, which skips NULL values) keeps every field from the same row.
#: It reads ``observations`` not superseded: the rows of ``v_observation_current`` (one each), without
#: the view's confirmations and versions of every observation, which it does not use (17 → 2 ms).
_LATEST_SQL = """
SELECT indicator_code,
       max(period)                          AS period,
       arg_max_null(value, period)          AS value,
       arg_max_null(value_ytd, period)      AS value_ytd,
       arg_max_null(value_ytd_prior, period) AS value_ytd_prior,
       arg_max_null(growth_pct, period)     AS growth_pct
FROM observations
WHERE superseded_at IS NULL AND county = ? AND period <= ? AND period >= ?
GROUP BY indicator_code
"""

_ASSESSMENT_COLUMNS = [
    "run_id", "as_of", "year", "code", "period", "month", "actual", "expected", "pace_ratio", "gap_pp",
    "projected_year_end", "required_monthly", "stretch_ratio", "method", "status", "status_zh",
    "pace_status", "due_period", "note_zh", "assessed_at",
]  # fmt: skip


def latest_city_observations(warehouse: Warehouse | Any, as_of: date, year: int) -> pd.DataFrame:
    """The latest current 全市 observation per indicator with period ≤ ``as_of`` in ``year``.

    ``warehouse`` is a :class:`Warehouse` or any DuckDB connection with the views (the published
    analytics copy opened read-only, for a what-if).
    """
    con: Any = getattr(warehouse, "con", warehouse)
    return con.execute(_LATEST_SQL, [CITY, as_of, date(year, 1, 1)]).df()


def assess(
    warehouse: Warehouse, catalog: Catalog, settings: Settings, as_of: date, run_id: int
) -> list[PaceAssessment]:
    """Assess every catalog target on ``as_of`` and store the rows under ``run_id``.

    Reads the current observations once, assesses each target (never observed → no_data or,
    when nothing is due yet, not_assessed) and writes all rows to ``assessments`` in one insert.
    Returns the assessments in catalog order.
    """
    out = assess_targets(warehouse, catalog, settings, as_of)
    store_assessments(warehouse, out, run_id)
    return out


def assess_targets(
    warehouse: Warehouse | Any, catalog: Catalog, settings: Settings, as_of: date
) -> list[PaceAssessment]:
    """:func:`assess` without storing anything: the what-if of ``bijie-etl assess --as-of D``.

    ``warehouse`` may be a read-only connection to the published analytics copy.
    """
    from bijie_etl.catalog.years import carry_over

    catalog = carry_over(catalog, getattr(warehouse, "con", warehouse))
    latest = latest_city_observations(warehouse, as_of, catalog.year)
    by_code = _points_by_code(latest)
    out = []
    for target in catalog:
        dept = catalog.department(target.department)
        deadline = dept.deadline_day if dept is not None else settings.default_deadline_day
        result = assess_target(
            target,
            by_code.get(target.code, []),
            as_of,
            deadline_day=deadline,
            thresholds=settings.thresholds,
            year=catalog.year,
        )
        out.append(replace(result, department_zh=dept.name_zh) if dept is not None else result)
    return out


def _points_by_code(latest: pd.DataFrame) -> dict[str, list[ObservationPoint]]:
    """:func:`_points` of each indicator's rows of ``latest`` (one pass, not a frame per target)."""
    frame = latest.reindex(columns=["indicator_code", *(f.name for f in fields(ObservationPoint))])
    out: dict[str, list[ObservationPoint]] = {}
    for code, *row in frame.itertuples(index=False, name=None):
        if pd.isna(code) or row[0] is None or pd.isna(row[0]):
            continue
        point = ObservationPoint(_as_date(row[0]), _num(row[1]), _num(row[2]), _num(row[3]), _num(row[4]))
        out.setdefault(str(code), []).append(point)
    return out


def store_assessments(warehouse: Warehouse, assessments: Iterable[PaceAssessment], run_id: int) -> int:
    """Store the assessments of one run in ``assessments``, in one transaction.

    Idempotent per (run_id, as_of, year): rows already stored for the same run, as-of date and year are
    replaced (a retried task must not fail on, or duplicate, its own rows). A backfill run that
    assesses several as-of dates keeps one set of rows per date; other runs are never touched.
    """
    assessed_at = datetime.now(TZ).replace(tzinfo=None)  # Beijing wall-clock, like every warehouse timestamp
    rows = [{**a.to_row(), "run_id": run_id, "assessed_at": assessed_at} for a in assessments]
    if not rows:
        return 0
    frame = pd.DataFrame(rows, columns=_ASSESSMENT_COLUMNS)
    cols = ", ".join(_ASSESSMENT_COLUMNS)
    with warehouse.transaction() as con:
        con.register("_new_assessments", frame)
        try:
            con.execute(
                "DELETE FROM assessments WHERE run_id = ? AND (as_of, year) IN (SELECT DISTINCT as_of, year FROM _new_assessments)",
                [run_id],
            )
            con.execute(f"INSERT INTO assessments ({cols}) SELECT {cols} FROM _new_assessments")
        finally:
            con.unregister("_new_assessments")
    return len(rows)


def monthly_series(warehouse: Warehouse, code: str) -> pd.DataFrame:
    """The current 全市 series of one indicator, by period (for charts)."""
    return warehouse.con.execute(
        """
        SELECT period, value, value_month, value_ytd, value_ytd_prior, growth_pct
        FROM v_observation_current
        WHERE indicator_code = ? AND county = ?
        ORDER BY period
        """,
        [code, CITY],
    ).df()


# --------------------------------------------------------------------------------------------
# Presentation


def _progress(a: PaceAssessment) -> str:
    if a.pace_ratio is not None:
        return f"{a.pace_ratio:.1%}"
    if a.gap_pp is not None:
        return f"{a.gap_pp:+.2f}个百分点"
    return "—"


def format_assessments(assessments: Sequence[PaceAssessment], *, title: str | None = None) -> RenderableType:
    """Tables of assessments grouped by status (most urgent first), for ``bijie-etl assess``.

    Returns a rich renderable: ``rich.console.Console().print(format_assessments(rows))``.
    """
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    as_of = assessments[0].as_of if assessments else None
    heading = title or (f"毕节市2024年目标进度评估（截至{as_of:%Y-%m-%d}）" if as_of else "目标进度评估")
    counts = {s: sum(1 for a in assessments if a.status is s) for s in STATUS_ORDER}
    summary = "，".join(f"{s.label_zh}{n}项" for s, n in counts.items() if n) or "无评估结果"
    parts: list[RenderableType] = [Text(f"{heading}：{summary}", style="bold")]
    for status in STATUS_ORDER:
        group = [a for a in assessments if a.status is status]
        if not group:
            continue
        table = Table(
            title=f"{status.label_zh}（{status}）{len(group)}项",
            title_justify="left",
            expand=False,
            box=box.SIMPLE_HEAD,
            padding=(0, 1),
        )
        table.add_column("指标", min_width=10, max_width=20, overflow="fold", ratio=3)
        table.add_column("部门", min_width=4, max_width=8, overflow="fold", ratio=1)
        table.add_column("期", no_wrap=True)
        table.add_column("实际 / 目标", justify="right", overflow="fold", ratio=2)
        table.add_column("进度", justify="right", no_wrap=True)
        table.add_column("预计全年", justify="right", overflow="fold", ratio=1)
        table.add_column("月均需完成", justify="right", overflow="fold", ratio=1)
        notes: list[str] = []
        for a in group:
            unit = "" if a.unit == "%" else f" {a.unit}"
            table.add_row(
                a.name_zh,
                (a.department_zh or a.department).removeprefix("市"),
                f"{a.period.month}月" if a.period else "—",
                f"{fmt_number(a.actual)} / {fmt_number(a.target)}{unit}",
                _progress(a).replace("个百分点", "pp"),
                fmt_number(a.projected_year_end),
                fmt_number(a.required_monthly),
            )
            if a.note_zh:
                notes.append(f"  注：{a.name_zh}：{a.note_zh}")
        parts.append(table)
        parts.extend(Text(n) for n in notes)
    if assessments:
        parts.append(Text(f"合计 total：{len(assessments)}项（{summary}）", style="bold"))
    return Group(*parts)
