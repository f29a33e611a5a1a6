"""统计期 cells naming last year's same period (2023年1-6月 beside 2024年1-6月): the 上年同期 rows of this
year's period. Used by :func:`bijie_etl.ingest.period_cells.period_words`, which reads their figures as it
reads a 统计期 上年同期's (its 累计 the 本期 row's ``value_ytd_prior``, its 本月 and growth not kept).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bijie_etl.ingest.blocks import column_keys
from bijie_etl.ingest.headers import header_key, parse_period
from bijie_etl.ingest.tables import Column, Table, Vocabulary

__all__ = ["last_years_rows"]


def last_years_rows(
    table: Table,
    grid: list[list[Any]],
    col: Column,
    vocab: Vocabulary,
    period: date | None,
    keys: list[tuple[type, Any]] | None = None,
) -> tuple[list[list[Any]], dict[int, str], tuple[date, Any] | None]:
    """Rows whose 统计期 names last year's same period (2023年1-6月 beside 2024年1-6月 rows, or under a
    2024年1-6月 title): put at this year's period (as the current rows write it), and returned (0-based →
    the cell's text) as 上年同期 rows, with this year's period as the rows state it (when they do). This
    year's is the period stated around the table, else the one period of the latest year in the column; a
    column naming several periods of this year (a table by month), or none, leaves every cell as typed
    (another year's rows are refused as periods, as before). ``keys``: the column's
    :func:`~bijie_etl.ingest.blocks.column_keys` in ``grid``, when the caller has them."""
    if keys is None:
        keys = column_keys(grid, table.body_start, table.body_end, col.index)
    named = {
        key: _span_of(key[1], vocab) for key in dict.fromkeys(keys)
    }  # a 统计期 column repeats a few values
    spans = [(key[1], span) for key, span in named.items() if span is not None]  # in the order of the rows
    year = period.year if period is not None else max((y for _, (y, _, _) in spans), default=None)
    current = {(m, rng) for _, (y, m, rng) in spans if y == year}
    if (
        year is None
        or len(current) > 1
        or (period is not None and current and next(iter(current))[0] != period.month)
    ):
        return grid, {}, None
    month, ranged = next(iter(current)) if current else (period.month if period else 0, True)
    now: Any = next(
        (v for v, s in spans if s[0] == year), f"{year}年1-{month}月"
    )  # the first row's of this year
    said = (date(year, month, 1), now) if current else None

    def last_years(span: tuple[int, int, bool] | None) -> bool:
        return span is not None and span[:2] == (year - 1, month) and (span[2] == ranged or month == 1)

    prior = (
        {r: _text(key[1]) for r, key in enumerate(keys, start=table.body_start) if last_years(named[key])}
        if any(last_years(s) for _, s in spans)
        else {}
    )
    out = list(grid) if prior else grid
    for r in prior:
        row = grid[r]
        out[r] = [*row[: col.index], now, *row[col.index + 1 :]]
    return out, prior, said


def _text(v: Any) -> str:
    """A 统计期 cell as the department typed it: 202306 (not 202306.0), 2023-06-30, 2023年1-6月."""
    if isinstance(v, float) and v == int(v):
        return str(int(v))
    return f"{v:%Y-%m-%d}" if isinstance(v, date) else str(v).strip()


def _span_of(v: Any, vocab: Vocabulary) -> tuple[int, int, bool] | None:
    """(year, month, a range from January) a 统计期 cell names with its year: 2023年1-6月, 2023年上半年, a date
    cell, 202306; None for words (本期, 上年同期) or a month without a year."""
    if isinstance(v, str) and v.strip():
        ml = vocab.grammar.month_label(header_key(v))
        if ml is not None:
            return (ml[0], ml[1], ml[2]) if ml[0] is not None and not ml[3] else None
    if isinstance(v, bool) or not isinstance(v, (str, int, float, date)):
        return None
    p = parse_period(v)
    return (p.year, p.month, False) if p is not None else None
