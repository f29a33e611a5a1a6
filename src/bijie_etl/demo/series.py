"""The demo year's synthetic values (a seasonal series per target, on or behind pace) and the
rows each month's file carries (全市 and county rows that sum to it). Deterministic from a seed."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

from bijie_etl.catalog import CITY, Catalog, Direction, Frequency, Kind, PaceMethod, Target
from bijie_etl.demo.shapes import Row

#: Mild seasonal monthly weights (sum 12): a Spring Festival dip, a stronger year end.
#: Kept within a few percent of linear so targets without a baseline or profile (pace P(m) = m/12)
#: stay on track when they are meant to.
_SEASONAL_WEIGHTS = (0.97, 0.95, 1.0, 1.0, 1.01, 1.02, 1.0, 0.99, 1.0, 1.01, 1.02, 1.03)
UNKNOWN_INDICATORS = ("萤石开采量", "富硒茶叶出口额", "低空飞行航线条数", "竹荪种植面积")


def period_text(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


# --------------------------------------------------------------------------------------------
# Values


@dataclass
class _MonthValues:
    """City-level values of one target for one month, in the catalog unit (ticks = value × 10^d)."""

    month_ticks: int | None = None
    ytd_ticks: int | None = None
    prior_ticks: int | None = None
    growth: float | None = None
    value: float | None = None


@dataclass
class _Series:
    target: Target
    decimals: int
    months: dict[int, _MonthValues]
    behind: bool
    county_weights: list[tuple[str, float]] | None = None

    @property
    def scale(self) -> int:
        return 10**self.decimals


def _months_of(target: Target) -> list[int]:
    if target.frequency is Frequency.QUARTERLY:
        return [3, 6, 9, 12]
    return list(range(1, 13))


def _shape(target: Target) -> list[float]:
    """Cumulative share of the year reached at the end of each month, P(1..12)."""
    if target.profile:
        return [float(p) for p in target.profile]
    out, acc = [], 0.0
    for w in _SEASONAL_WEIGHTS:
        acc += w / 12
        out.append(acc)
    out[-1] = 1.0
    return out


def _decimals(target: Target) -> int:
    if target.kind is Kind.COUNT:
        return 0
    magnitude = abs(target.target or 0)
    return 2 if magnitude >= 10 else 4


def _is_percent(target: Target) -> bool:
    return target.unit.strip() in ("%", "％")


def _lower_better(target: Target) -> bool:
    return target.direction is Direction.LOWER_IS_BETTER


def _cumulative_series(target: Target, rng: random.Random, behind: bool) -> _Series:
    assert target.target is not None
    dec = _decimals(target)
    scale = 10**dec
    shape = _shape(target)
    level = rng.uniform(0.77, 0.86) if behind else rng.uniform(1.02, 1.06)
    if _lower_better(target):
        level = 1 / level if behind else 1 / rng.uniform(1.0, 1.04)
    prior_growth = rng.uniform(0.03, 0.09)
    months: dict[int, _MonthValues] = {}
    prev_ytd = prev_prior = 0
    active = _months_of(target)
    for m in range(1, 13):
        wanted = target.target * shape[m - 1] * level * (1 + rng.uniform(-0.015, 0.015)) * scale
        # Round in the direction of the story (on track: up; behind: down), which matters for
        # small counts (2 substations a year): a rounded-down 0 in January would read as 滞后.
        favourable_up = behind == _lower_better(target)
        ytd = max(prev_ytd, math.ceil(wanted - 1e-9) if favourable_up else math.floor(wanted + 1e-9))
        if target.baseline is not None and target.baseline > 0:
            prior = round(target.baseline * shape[m - 1] * scale)
        else:
            prior = round(ytd / (1 + prior_growth))
        prior = max(prior, prev_prior)
        if m in active:
            months[m] = _MonthValues(
                month_ticks=(ytd - prev_ytd) if target.frequency is Frequency.MONTHLY else None,
                ytd_ticks=ytd,
                prior_ticks=prior if prior > 0 else None,
            )
            prev_ytd, prev_prior = ytd, prior
    return _Series(target, dec, months, behind)


def _growth_series(target: Target, rng: random.Random, behind: bool) -> _Series:
    assert target.target is not None
    offset = -rng.uniform(1.7, 2.8) if behind else rng.uniform(0.0, 0.8)
    if _lower_better(target):
        offset = -offset
    months = {}
    for m in _months_of(target):
        noise = rng.uniform(-0.2, 0.2) if behind else rng.uniform(-0.25, 0.3)
        months[m] = _MonthValues(growth=round(target.target + offset + noise, 1))
    return _Series(target, 1, months, behind)


def _level_series(target: Target, rng: random.Random, behind: bool) -> _Series:
    """Shares and levels: near the target, or near its trajectory from the 2023 baseline."""
    assert target.target is not None
    dec = 2
    pct = _is_percent(target)
    lower = _lower_better(target)
    months = {}
    for m in _months_of(target):
        if target.pace is PaceMethod.TRAJECTORY and target.baseline is not None:
            expected = target.baseline + (target.target - target.baseline) * m / 12
        else:
            expected = target.target
        if pct:
            gap = -rng.uniform(1.6, 2.8) if behind else rng.uniform(0.0, 0.5)
            value = expected - gap if lower else expected + gap
            value = min(max(value, 0.0), 100.0)
        else:
            ratio = rng.uniform(0.77, 0.86) if behind else rng.uniform(1.0, 1.04)
            value = expected / ratio if lower else expected * ratio
        if target.kind is Kind.COUNT:
            value, dec = float(round(value)), 0
        months[m] = _MonthValues(value=round(value, dec))
    return _Series(target, dec, months, behind)


def series_for(target: Target, seed: int, behind: bool) -> _Series:
    rng = random.Random(f"{seed}/series/{target.code}")
    if target.value_field == "value_ytd":
        return _cumulative_series(target, rng, behind)
    if target.value_field == "growth_pct":
        return _growth_series(target, rng, behind)
    return _level_series(target, rng, behind)


def assessable(target: Target) -> bool:
    """Targets the demo writes rows for: a number, and reported monthly or quarterly."""
    return target.is_numeric and target.frequency in (Frequency.MONTHLY, Frequency.QUARTERLY)


def can_be_behind(target: Target) -> bool:
    """Judged during the year, and not a handful of items (2 substations cannot be 80 % on pace)."""
    if target.pace is PaceMethod.ANNUAL:
        return False
    return not (target.kind is Kind.COUNT and abs(target.target or 0) < 20)


def pace_measure(series: _Series, month: int) -> tuple[str, float] | None:
    """The number the pace rules will compute from the city row of ``month`` (None if not judged)."""
    t = series.target
    mv = series.months.get(month)
    if mv is None or t.target is None:
        return None
    lower = _lower_better(t)
    if t.value_field == "value_ytd" and mv.ytd_ticks is not None:
        actual = mv.ytd_ticks / series.scale
        p = None
        if mv.prior_ticks and t.baseline:
            candidate = (mv.prior_ticks / series.scale) / t.baseline
            p = candidate if 0 < candidate <= 1 else None
        if p is None:
            p = t.profile[month - 1] if t.profile else month / 12
        expected = t.target * p
        ratio = (expected / actual) if lower else (actual / expected)
        return "pace_ratio", round(ratio, 4)
    if t.value_field == "growth_pct" and mv.growth is not None:
        gap = (t.target - mv.growth) if lower else (mv.growth - t.target)
        return "gap_pp", round(gap, 2)
    if mv.value is not None:
        expected = t.target
        if t.pace is PaceMethod.TRAJECTORY and t.baseline is not None:
            expected = t.baseline + (t.target - t.baseline) * month / 12
        if _is_percent(t):
            return "gap_pp", round((expected - mv.value) if lower else (mv.value - expected), 2)
        ratio = (expected / mv.value if mv.value else 0.0) if lower else mv.value / expected
        return "ratio", round(ratio, 4)
    return None


# --------------------------------------------------------------------------------------------
# Rows


def _split(total: int, weights: list[float]) -> list[int]:
    """Split whole ticks by weights (largest remainder), so the parts sum exactly to ``total``."""
    raw = [total * w for w in weights]
    parts = [math.floor(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: (parts[i] - raw[i], i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def scaled_unit(catalog: Catalog, unit: str) -> tuple[str, int] | None:
    """A unit 10000× smaller in the same dimension (万吨 → 吨), for the 'other scale' files."""
    for name in catalog.units.names():
        factor = catalog.units.factor(unit, name)
        if name != unit and factor is not None and abs(factor - 10000) < 1e-9:
            return name, 10000
    return None


@dataclass
class RowPlan:
    series: _Series
    name: str  # name as written
    code: str | None  # code as written (None in name-only shapes)
    unit: str
    factor: int  # written value = catalog value × factor


def rows_for(plan: RowPlan, month: int, year: int) -> list[Row]:
    s = plan.series
    mv = s.months.get(month)
    if mv is None:
        return []
    t = s.target
    scale, factor = s.scale, plan.factor
    dec = max(s.decimals - round(math.log10(factor)), 0) if factor > 1 else s.decimals
    if t.kind is Kind.COUNT:
        dec = 0

    def val(ticks: int | None) -> float | None:
        return None if ticks is None else ticks * factor / scale

    def growth(ytd: int | None, prior: int | None) -> float | None:
        if ytd is None or not prior:
            return None
        return round((ytd / prior - 1) * 100, 1)

    base: dict[str, Any] = {
        "indicator_code": plan.code,
        "indicator_name": plan.name,
        "unit": plan.unit,
        "period": period_text(year, month),
    }
    if t.value_field == "value_ytd":
        rows = [
            Row(
                **base,
                county=CITY,
                value_month=val(mv.month_ticks),
                value_ytd=val(mv.ytd_ticks),
                value_ytd_prior=val(mv.prior_ticks),
                growth_pct=growth(mv.ytd_ticks, mv.prior_ticks),
                decimals=dec,
            )
        ]
        if s.county_weights:
            paths = _county_paths(s)
            ytd_parts, prior_parts = paths[month]
            prev = paths.get(_previous_month(s, month))
            prev_parts = prev[0] if prev else [0] * len(ytd_parts)
            for (county, _), ytd, prior, before in zip(
                s.county_weights, ytd_parts, prior_parts, prev_parts, strict=True
            ):
                monthly = (ytd - before) if mv.month_ticks is not None else None
                rows.append(
                    Row(
                        **base,
                        county=county,
                        value_month=val(monthly),
                        value_ytd=val(ytd),
                        value_ytd_prior=val(prior),
                        growth_pct=growth(ytd, prior),
                        decimals=dec,
                    )
                )
        return rows
    if t.value_field == "growth_pct":
        return [Row(**base, county=CITY, growth_pct=mv.growth, decimals=1)]
    value = None if mv.value is None else mv.value * factor
    return [Row(**base, county=CITY, value=value, decimals=dec)]


def _county_paths(s: _Series) -> dict[int, tuple[list[int], list[int | None]]]:
    """County year-to-date and prior ticks per month, built from split *increments*.

    Splitting each month's total afresh could hand a remainder tick to another county and make
    a county's 累计 drop by one; splitting the increments keeps every county non-decreasing
    and still summing exactly to 全市.
    """
    assert s.county_weights
    weights = [w for _, w in s.county_weights]
    out: dict[int, tuple[list[int], list[int | None]]] = {}
    ytd, prior = [0] * len(weights), [0] * len(weights)
    prev_ytd = prev_prior = 0
    for m in sorted(s.months):
        mv = s.months[m]
        ytd = [a + b for a, b in zip(ytd, _split((mv.ytd_ticks or 0) - prev_ytd, weights), strict=True)]
        prior = [
            a + b for a, b in zip(prior, _split((mv.prior_ticks or 0) - prev_prior, weights), strict=True)
        ]
        prev_ytd, prev_prior = mv.ytd_ticks or 0, mv.prior_ticks or 0
        out[m] = (list(ytd), list(prior) if mv.prior_ticks else [None] * len(weights))
    return out


def _previous_month(s: _Series, month: int) -> int:
    earlier = [m for m in s.months if m < month]
    return max(earlier) if earlier else 0
