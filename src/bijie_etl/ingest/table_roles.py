"""Column roles settled by the whole table, where one header path alone cannot say (issue #13).

The grammar (:mod:`bijie_etl.ingest.grammar`) reads each column on its own. A few words mean one thing
alone and another beside a neighbour: 当月累计 is the year to date alone and the month's own total beside
本年累计; a month column's year must agree with the table's period. These rules look at all the value
columns of one table at once; :func:`bijie_etl.ingest.layouts.normalise` applies them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from bijie_etl.ingest.grammar import _IGNORED_ZH, Role
from bijie_etl.ingest.tables import Column

__all__ = ["month_totals_beside_ytd", "year_disagrees"]


def _key(role: Role) -> tuple[Any, ...]:
    return (role.year, role.month, role.is_range, role.county, role.indicator)


def month_totals_beside_ytd(columns: list[Column]) -> list[Column]:
    """本月累计/当月累计 (``Role.month_total``) beside another column of the same year to date (本年累计,
    1-6月累计): the month's own total (当月累计 | 本年累计), read as 本月; under 上年同期 it is last year's
    month (not read, as 上年同月). Beside a 本月 column too, it stays a second year to date and the
    table is refused as ambiguous (see sources/headers.yaml ``roles: month_total``)."""
    if not any(c.role.month_total for c in columns):
        return columns
    plain = {
        (c.role.field, *_key(c.role)) for c in columns if c.role.kind == "value" and not c.role.month_total
    }
    out = []
    for c in columns:
        role = c.role
        if role.kind == "value" and role.month_total and (role.field, *_key(role)) in plain:
            if role.field == "value_ytd" and ("value_month", *_key(role)) not in plain:
                role = replace(role, field="value_month")
            elif role.field == "value_ytd_prior":
                role = replace(role, kind="ignored", field=None, reason=_IGNORED_ZH["prior_month"])
            c = Column(c.index, c.path, c.cells, role, c.unit, c.unit_cell)
        out.append(c)
    return out


def year_disagrees(
    values: list[Column], period: date | None, period_source: str, period_column: bool
) -> str | None:
    """Why the table is refused when its value columns all name another year than its period (2023年1月 …
    under a 2024年1-6月 title, or month headers typed as dates in the wrong year), else None: which year
    the figures belong to cannot be known. Two years side by side are last year's columns (see layouts)."""
    if period is None or period_column or period_source.startswith("表头"):
        return None
    years = {c.role.year for c in values if c.role.year is not None}
    if len(years) != 1 or period.year in years:
        return None
    col = next(c for c in values if c.role.year is not None)
    return (
        f"表头“{col.label}”（{col.header_cell}）是{next(iter(years))}年的，而{period_source}写的是"
        f"{period.year}年，无法确定数据属于哪一年"
    )
