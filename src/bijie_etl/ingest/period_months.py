"""The months of a 统计期 column's cells, and what a lone figure column (数值, 本期值) over rows per month
holds. Used by :mod:`bijie_etl.ingest.period_cells`.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from bijie_etl.ingest.headers import header_key, issue_month, parse_number, parse_period
from bijie_etl.ingest.tables import Column, Table, Vocabulary

__all__ = ["lone_rows", "month_of", "number_month"]


def lone_rows(
    table: Table, grid: list[list[Any]], columns: list[Column], col: Column, vocab: Vocabulary
) -> dict[int, str]:
    """What a lone figure column (数值, 本期值) over rows per month holds, row by row (0-based; rows of months'
    own figures are left out), as each indicator's (and county's) figures tell in month order (whatever the
    rows' order): "" months'
    own (a figure lower than the month before — a year to date never falls — or figures of one size, the
    last under 1.5 times the first, or a 合计 under them equal to their sum), "ytd" years to date (rising
    every month, the last at least 0.8 × months times the first: 560.1, 1080.4 … 3550.2), "unclear" when
    a series is neither: then its figures are not read (:func:`~bijie_etl.ingest.period_cells.figure_field`)."""
    lone = [c for c in columns if c.role.kind == "value" and c.role.field == "value" and c.role.month is None]
    keys = [c for c in columns if c.role.kind == "identity" and c.role.field in ("indicator_name", "indicator_code", "county")]  # fmt: skip
    if not lone:
        return {}
    series: dict[tuple[Any, ...], list[tuple[int, float]]] = {}  # (month, figure) as the rows list them
    rows: dict[tuple[Any, ...], list[int]] = {}
    totals: dict[tuple[Any, ...], float] = {}
    width = max(c.index for c in columns) + 1
    for r in range(table.body_start, table.body_end):
        row = [*grid[r], *([None] * (width - len(grid[r])))]
        v = row[col.index]
        if v in ("", None):
            continue
        for c in lone:
            key = (c.index, *(str(row[k.index]).strip() for k in keys))
            figure = parse_number(row[c.index])
            if not isinstance(figure, float):
                continue
            if (month := month_of(v, vocab)) is not None:
                series.setdefault(key, []).append((month, figure))
                rows.setdefault(key, []).append(r)
            elif isinstance(v, str) and vocab.label(v).county == "全市":
                totals[key] = figure
    # In month order, however the rows list them (6月 first, newest at the top, is common).
    said = {
        key: _series_kind([x for _m, x in sorted(xs, key=lambda mx: mx[0])], totals.get(key))
        for key, xs in series.items()
        if len(xs) > 1
    }
    return {r: kind for key, kind in said.items() if kind for r in rows[key]}


def _series_kind(xs: list[float], total: float | None) -> str:
    """ "" (months' own), "ytd" or "unclear" for one indicator's figures month by month (see :func:`lone_unclear`)."""
    if total is not None and abs(total - sum(xs)) <= 0.051:
        return ""
    if any(b < a for a, b in itertools.pairwise(xs)) or (xs[0] > 0 and xs[-1] < 1.5 * xs[0]):
        return ""
    return "ytd" if xs[0] > 0 and xs[-1] >= 0.8 * len(xs) * xs[0] else "unclear"


def month_of(v: Any, vocab: Vocabulary) -> int | None:
    """The month a 统计期 cell names on its own (6, 06, 6月, a date), else None."""
    if isinstance(v, date):
        return v.month
    if (num := issue_month(v)) is not None and not (isinstance(v, str) and "期" in v):
        return num[1]
    if (when := number_month(v)) is not None:
        return when.month
    ml = vocab.grammar.month_label(header_key(v)) if isinstance(v, str) else None
    return ml[1] if ml is not None and not ml[2] else None


def number_month(v: Any) -> date | None:
    """A 统计期 typed as a number that names a year's month, as the rows' periods are read (2024.03, 202403:
    :func:`~bijie_etl.ingest.headers.parse_period`; 2024.1 names none), else None — so a column of them is
    a table by month as the same months typed as text are."""
    if isinstance(v, bool) or not isinstance(v, int | float):
        return None
    return parse_period(v) if 1900 < v < 2101 or 190001 <= v <= 210012 else None
