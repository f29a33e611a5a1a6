"""Years side by side (issue #17): every year's catalog, the year a date works on, and what carries over.

Each January brings a new report and ``schemas/targets_<year>.yaml``; the old year's catalog stays,
so its history remains queryable and its December figures still load. A code means the same
indicator in every year, so :func:`load_catalog_years` refuses a code whose kind or unit dimension
changes between years (that would be a different indicator: give it a new code).

What carries over into a new year, computed from the warehouse at run time (so a late or corrected
December figure is picked up the next night):

* the **baseline**: the previous year's actual — the current 全市 December value of the measure the
  target's kind tracks (year to date, growth or level) — when the catalog gives none, with its
  source recorded (``baseline_source``);
* the **seasonal profile** P(m) of cumulative targets: last year's monthly year-to-date divided by
  its December total, when the warehouse holds it, in place of the catalog ``profile`` (the pace
  rule keeps the department's own 上年同期累计 first and m/12 last).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bijie_etl.catalog.model import CITY, Catalog, Kind, PaceMethod, Target
from bijie_etl.errors import CatalogError

__all__ = [
    "CatalogYears",
    "carry_over",
    "catalog_years_in",
    "last_year_profiles",
    "previous_year_actuals",
]

_TARGETS_FILE = re.compile(r"^targets_(\d{4})\.yaml$")

#: Through this month of a year, the previous year is still being closed (its December and annual
#: figures arrive in January and February), so the nightly run assesses it too.
CLOSING_MONTHS = 2


def catalog_years_in(schemas_dir: Path) -> list[int]:
    """The years that have a ``targets_<year>.yaml`` in ``schemas_dir``, ascending."""
    years = []
    for path in schemas_dir.glob("targets_*.yaml"):
        m = _TARGETS_FILE.match(path.name)
        if m:
            years.append(int(m.group(1)))
    return sorted(years)


@dataclass(frozen=True)
class CatalogYears:
    """The catalogs of several years, by year."""

    catalogs: Mapping[int, Catalog]
    _union: Catalog | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.catalogs:
            raise CatalogError("no catalog year found (schemas/targets_<year>.yaml)")
        _check_codes_keep_their_meaning(self.catalogs)

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self.catalogs))

    def __getitem__(self, year: int) -> Catalog:
        try:
            return self.catalogs[year]
        except KeyError:
            raise CatalogError(
                f"{year}年的目标目录不存在（schemas/targets_{year}.yaml）；现有年度："
                + "、".join(str(y) for y in self.years)
            ) from None

    def year_for(self, as_of: date) -> int:
        """The year a date works on: its own year when catalogued, else the latest earlier one, else the first."""
        earlier = [y for y in self.years if y <= as_of.year]
        return earlier[-1] if earlier else self.years[0]

    def active_years(self, as_of: date) -> list[int]:
        """The years a nightly run assesses on ``as_of``: the date's year, and the previous one while it closes."""
        year = self.year_for(as_of)
        out = [year]
        if year == as_of.year and as_of.month <= CLOSING_MONTHS and (year - 1) in self.catalogs:
            out.insert(0, year - 1)
        return out

    def for_ingest(self) -> Catalog:
        """One catalog that accepts every catalogued year's periods: each code as its latest year defines it.

        Observations are not year-bound: a December file still loads after the new year's catalog
        is in. Codes keep their meaning across years (checked on load), so validating a row of an
        older year against the latest definition of its code reads it the same way.

        Made once and kept (the catalogs are frozen): every batch of a run validates against the same
        object, so what validation works out per catalog (its frame, the pandera schema, lookups keyed
        on the catalog) is worked out once, not once per batch.
        """
        if self._union is not None:
            return self._union
        latest: dict[str, Target] = {}
        for year in self.years:
            for t in self.catalogs[year].targets:
                latest.pop(t.code, None)
                latest[t.code] = t
        newest = self.catalogs[self.years[-1]]
        union = Catalog(
            year=newest.year,
            targets=tuple(latest.values()),
            departments=newest.departments,
            counties=newest.counties,
            units=newest.units,
            years=self.years,
        )
        object.__setattr__(self, "_union", union)  # a frozen dataclass's own cache
        return union


def _check_codes_keep_their_meaning(catalogs: Mapping[int, Catalog]) -> None:
    seen: dict[str, tuple[int, Target]] = {}
    for year in sorted(catalogs):
        units = catalogs[year].units
        for t in catalogs[year].targets:
            if t.code in seen:
                prev_year, prev = seen[t.code]
                old, new = units.get(prev.unit), units.get(t.unit)
                if prev.kind is not t.kind or (old and new and old.dimension != new.dimension):
                    raise CatalogError(
                        f"代码在{prev_year}年是 {prev.kind}/{prev.unit}，在{year}年是 {t.kind}/{t.unit}："
                        "同一代码跨年必须是同一指标，请换一个代码 (a code must mean the same indicator every year)",
                        entry=t.code,
                        field="kind",
                    )
            seen[t.code] = (year, t)


def load_catalog_years(settings: Any, years: Iterable[int] | None = None) -> CatalogYears:
    """Every catalogued year named by ``settings`` (or just ``years``), each checked as the loader checks it."""
    from bijie_etl.catalog.model import load_catalog_from_settings

    wanted = list(years) if years is not None else catalog_years_in(settings.schemas_dir)
    return CatalogYears({year: load_catalog_from_settings(settings, year) for year in wanted})


# --------------------------------------------------------------------------------------------
# What carries over from the warehouse


# Both read ``observations`` not superseded: the rows of ``v_observation_current`` (one each; the
# view's joins add names and counts these queries do not use) without the view's count of
# confirmations and versions of every observation (5,000-file warehouse: 10 → 0.3 ms a query).
_ACTUALS_SQL = """
SELECT indicator_code, value_ytd, growth_pct, value, unit, source_file, cell
FROM observations
WHERE superseded_at IS NULL AND county = ? AND period = ?
"""

_MONTHLY_YTD_SQL = """
SELECT indicator_code, month(period)::INTEGER AS month, value_ytd, unit
FROM observations
WHERE superseded_at IS NULL AND county = ? AND year(period) = ? AND value_ytd IS NOT NULL
"""


def previous_year_actuals(con: Any, catalog: Catalog) -> dict[str, tuple[float, str]]:
    """code → (the previous year's December 全市 value in the target's unit, where it came from)."""
    december = date(catalog.year - 1, 12, 1)
    rows = con.execute(_ACTUALS_SQL, [CITY, december]).fetchall()
    by_code = {r[0]: r for r in rows}
    out: dict[str, tuple[float, str]] = {}
    for t in catalog.targets:
        row = by_code.get(t.code)
        if row is None:
            continue
        _, ytd, growth, level, unit, source_file, cell = row
        value = {"value_ytd": ytd, "growth_pct": growth, "value": level}[t.value_field]
        if value is None:
            continue
        factor = catalog.units.factor(unit, t.unit) if unit and t.kind is not Kind.GROWTH_RATE else 1.0
        if factor is None:
            continue
        where = f"{source_file} {cell}" if cell else str(source_file)
        source = f"数据仓库：{catalog.year - 1}年12月全市{_FIELD_ZH[t.value_field]}（{where}）"
        out[t.code] = (float(value) * factor, source)
    return out


_FIELD_ZH = {"value_ytd": "1-12月累计", "growth_pct": "累计同比增长(%)", "value": "本期值"}


def last_year_profiles(con: Any, catalog: Catalog) -> dict[str, tuple[float, ...]]:
    """code → P(1..12) from last year's monthly year-to-date in the warehouse (complete years only)."""
    rows = con.execute(_MONTHLY_YTD_SQL, [CITY, catalog.year - 1]).fetchall()
    series: dict[str, dict[int, float]] = {}
    for code, month, ytd, _unit in rows:
        series.setdefault(code, {})[int(month)] = float(ytd)
    out = {}
    for t in catalog.targets:
        if t.pace is not PaceMethod.CUMULATIVE:
            continue
        months = series.get(t.code, {})
        total = months.get(12)
        if not total or total <= 0 or len(months) < 12:
            continue
        profile = tuple(months[m] / total for m in range(1, 13))
        if profile[0] < 0 or any(b < a for a, b in itertools.pairwise(profile)):
            continue  # a year-to-date that falls is no seasonal profile
        out[t.code] = profile
    return out


def carry_over(catalog: Catalog, con: Any) -> Catalog:
    """The catalog with last year's actuals as baselines (where it names none) and last year's P(m).

    ``con`` reads the current observations (the writable warehouse or the analytics copy).
    """
    actuals = previous_year_actuals(con, catalog)
    profiles = last_year_profiles(con, catalog)
    if not actuals and not profiles:
        return catalog
    targets = []
    for t in catalog.targets:
        update: dict[str, Any] = {}
        if t.baseline is None and t.code in actuals:
            update["baseline"], update["baseline_source"] = actuals[t.code]
        if t.code in profiles:
            update["profile"], update["profile_source"] = profiles[t.code], "last_year"
        targets.append(t.model_copy(update=update) if update else t)
    return Catalog(
        year=catalog.year,
        targets=tuple(targets),
        departments=catalog.departments,
        counties=catalog.counties,
        units=catalog.units,
        years=catalog.years,
    )
