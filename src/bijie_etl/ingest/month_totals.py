"""合计 beside month columns: the months' total, and which month's year to date it is.

1月 … 6月 | 合计 (a 合计 with no county column beside it) is the total of the months: the year to date at the
last month when the months run from 1月 (as 1-6月合计), else a span of its own (4月 5月 6月 | 合计 is the
quarter's) and not read. A year's tracking sheet has every month's column, 1月 … 12月 | 合计, filled up
to the latest month and blank after it: its 合计 is the year to date at the last month WITH a figure (June),
never at 12月 (June's year to date stored as the whole year's). When the rows are filled to different
months (one to 6月, another to 5月) no one month is the total's: it is not read (each month is; the
years to date follow from them, :mod:`bijie_etl.ingest.derive`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from typing import Any

from bijie_etl.ingest.grammar import _IGNORED_ZH, Role
from bijie_etl.ingest.headers import header_key, is_missing_text
from bijie_etl.ingest.tables import Column, Table, Vocabulary
from bijie_etl.text import normalize_text

__all__ = ["months_total"]


def _figure(row: list[Any], j: int, markers: frozenset[str]) -> bool:
    v = row[j] if j < len(row) else None
    if v is None or (isinstance(v, float) and v != v):
        return False
    if isinstance(v, str):
        text = normalize_text(v).lower()
        return bool(text) and not is_missing_text(text, markers)
    return True


def _last_filled(
    grid: list[list[Any]],
    table: Table,
    months: list[tuple[int, int]],
    totals: list[Column],
    markers: frozenset[str],
    prior: Collection[int],
) -> set[int]:
    """The last month with a figure on each body row that has a figure under a total (not last year's rows)."""
    lasts: set[int] = set()
    for r in range(table.body_start, min(table.body_end, len(grid))):
        if r in prior:
            continue
        row = grid[r]
        if any(_figure(row, t.index, markers) for t in totals):
            filled = [m for m, j in months if _figure(row, j, markers)]
            if filled:
                lasts.add(max(filled))
    return lasts


def months_total(
    columns: list[Column], vocab: Vocabulary, grid: list[list[Any]], table: Table, prior: Collection[int] = ()
) -> list[Column]:
    """(The table's columns become these, for ``inspect`` to show.) The 合计 beside month columns read as
    the module says."""
    values = [c for c in columns if c.role.kind == "value"]
    months = {c.role.month for c in values if c.role.month is not None and not c.role.is_range}
    if not months or any(c.role.county and c.role.county != "全市" for c in values):
        return columns
    totals = [
        c
        for c in values
        if c.role.county == "全市" and c.role.month is None and header_key(c.path[-1]) in vocab.grammar.totals
    ]
    if not totals:
        return columns
    by_column = [(c.role.month, c.index) for c in values if c.role.month is not None and not c.role.is_range]
    lasts = _last_filled(grid, table, by_column, totals, vocab.spec.missing_markers, prior)
    last = max(lasts) if lasts else max(months)
    years = {c.role.year for c in values if c.role.month is not None}
    year = next(iter(years)) if len(years) == 1 else None
    if len(lasts) > 1:
        shown = "、".join(f"{m}月" for m in sorted(lasts, reverse=True))
        role = Role(
            "ignored",
            reason=f"各行的月份数填到不同的月（{shown}），合计是到哪个月的累计无法逐行确定（各月数值已读取）",
        )
    elif {m for m in months if m <= last} == set(range(1, last + 1)):
        role = Role("value", field="@ytd", year=year, month=last, is_range=True)
    else:
        role = Role("ignored", reason=_IGNORED_ZH["span_own"])
    out = []
    for c in columns:
        if c in totals:
            c = Column(c.index, c.path, c.cells, replace(role, unit=c.role.unit), c.unit, c.unit_cell)
        out.append(c)
    return out
