"""A system's export: 年度 | 月份 | 区县 | 指标名称 | 本月值 … — the year in a column of its own.

Databases and reporting systems export one row per period with the year and the month in two columns
(年度 2024 | 月份 5, or 年份 2024 | 月份 5月). Each row's period is the two read together, as a person reads
them: 2024年5月. The year column is then part of the period, not a column left unread. A month column
without a year column, or a year cell that is no year, is left as it is (refused as a period, as before).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bijie_etl.ingest.headers import header_key

if TYPE_CHECKING:
    from bijie_etl.ingest.tables import Column, Table

__all__ = ["year_and_month_columns"]

#: Headers of a column holding the year alone (normalised as header cells are).
YEAR_HEADERS = frozenset({"年度", "年份", "年", "统计年度", "统计年份", "报告年度", "报告年份"})
_YEAR = re.compile(r"(20\d{2})(?:年度?)?")
#: A month as an export writes it: 5, 05, 5月, 5月份, or a year to date 1-5月.
_MONTH = re.compile(r"(?:1-)?(\d{1,2})(?:月份?)?")


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return header_key(str(value)) if value is not None else ""


#: Whether a label heads a year column (:data:`YEAR_HEADERS`), per label: labels recur in every file.
_YEAR_LABELS: dict[str, bool] = {}


def _year_header(label: str) -> bool:
    hit = _YEAR_LABELS.get(label)
    if hit is None:
        if len(_YEAR_LABELS) > 4096:
            _YEAR_LABELS.clear()
        hit = _YEAR_LABELS[label] = header_key(label) in YEAR_HEADERS
    return hit


def year_and_month_columns(
    table: Table, grid: list[list[Any]], columns: list[Column]
) -> tuple[list[list[Any]], list[Column]]:
    """The grid with each 统计期 cell holding a month alone written with its row's year from the year
    column (5 beside 2024 → 2024年5月; 1-5月 → 2024年1-5月), and the columns without that year column."""
    period = next((c for c in columns if c.role.kind == "identity" and c.role.field == "period"), None)
    if period is None:
        return grid, columns
    year = next(
        (c for c in columns if c.role.kind != "identity" and c.path and _year_header(c.path[-1])),
        None,
    )
    if period is None or year is None:
        return grid, columns
    out: list[list[Any]] | None = None
    for r in range(table.body_start, min(table.body_end, len(grid))):
        row = grid[r]
        y = _YEAR.fullmatch(_text(row[year.index])) if year.index < len(row) else None
        month = _text(row[period.index]) if period.index < len(row) else ""
        m = _MONTH.fullmatch(month)
        if y is None or m is None or not 1 <= int(m[1]) <= 12:
            continue
        out = out if out is not None else [list(cells) for cells in grid]
        out[r][period.index] = f"{y[1]}年{month.removesuffix('份').removesuffix('月')}月"
    if out is None:
        return grid, columns
    return out, [c for c in columns if c is not year]
