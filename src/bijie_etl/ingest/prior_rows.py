"""A 上年同期 row under its indicator's (or county's) row, and the growth row under it.

Statistical tables often give each indicator (or each county) three rows::

    煤炭产量        万吨   612.4   3550.2          七星关区      60.1   350.2
      上年同期      万吨   548.0   3268.5    or    上年同期      55.0   320.0
      增长（%）     %      11.8    8.6             增长（%）     9.3    9.4

Read row by row, 上年同期 and 增长（%） are rows of unknown indicators (or counties). A careful reader takes
the 上年同期 row as last year's figures of the row above: its 累计 (or its one figure) is that row's
``value_ytd_prior``; its 本月 is last year's month, which no target uses (a ``column_ignored`` 提示 on its
cell). The growth row under it is the growth of the same row (joined as a growth row right under its
indicator is, :mod:`bijie_etl.ingest.growth_rows`: its 累计 figure is the growth, its 本月 figure the month's
own growth, a 提示).

Joined only when the rows are consecutive, the row above names a target (or a county) and holds a
figure, the 上年同期 row has no growth of its own and no unit other than the row above's; anything else is
left as it was (reported row by row, as before).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from bijie_etl.errors import Code, Severity
from bijie_etl.ingest.growth_notes import blank, cell_of, note
from bijie_etl.ingest.growth_rows import _is_bare, _join_growth_row, _target
from bijie_etl.ingest.headers import header_key
from bijie_etl.ingest.table_rows import field_values, has_field, row_count

__all__ = ["join_prior_rows"]

#: What the 上年同期 row may hold: its year to date (or its one figure) and its month.
_FIGURES = ("value_ytd", "value", "value_month")


def join_prior_rows(out: Any, vocab: Any, file_name: str = "", period: date | None = None) -> None:
    """Join 上年同期 rows (and the growth row under each) to the row above in ``out`` (a long table's
    SheetRows), in place."""
    label = (
        "indicator_name"
        if has_field(out, "indicator_name")
        else "county"
        if has_field(out, "county")
        else None
    )
    if row_count(out) < 2 or label is None or vocab.catalog is None:
        return
    names = field_values(out, label)  # no frame yet (ingest.table_rows), no Series (~40 µs)
    texts = "\n".join(filter(str.__instancecheck__, dict.fromkeys(names)))  # each name once
    if "上年" not in texts and "去年" not in texts and "同期" not in texts:
        return  # C-level test first: most tables have no such row
    words = {header_key(w) for w in vocab.spec.prior_period_words}
    prior = [isinstance(v, str) and header_key(v) in words for v in names]
    if not any(prior):
        return
    rows: pd.DataFrame = out.rows
    numbers = rows["row"].tolist()
    codes = rows["indicator_code"].tolist() if "indicator_code" in rows.columns else [None] * len(rows)
    drop: list[int] = []
    for i in range(1, len(rows)):
        j = i - 1
        if not prior[i] or prior[j] or numbers[j] != numbers[i] - 1 or j in drop:
            continue
        target = (
            vocab.catalog.county(names[j])
            if label == "county" and isinstance(names[j], str)
            else _target(codes[j], names[j], vocab)
        )
        if target is None or not _joinable(rows, i, j):
            continue
        source = next(f for f in ("value_ytd", "value") if f in rows.columns and not blank(rows[f].iat[i]))
        _move(rows, src=i, dst=j, field=source, cell=cell_of(out, i, source))
        if "value_month" in rows.columns and not blank(rows["value_month"].iat[i]):
            out.warnings.append(
                note(out, i, "value_month", file_name, Code.COLUMN_IGNORED, Severity.WARNING,
                     f"第{numbers[i]}行“{str(names[i]).strip()}”的本月数是上年同月数，不是考核口径，未读取（只读取上年同期累计）。")
            )  # fmt: skip
        drop.append(i)
        k = i + 1  # the growth row under it: the growth of the row above the 上年同期 row
        if k < len(rows) and numbers[k] == numbers[i] + 1 and _is_bare(names[k]) and _no_growth(rows, j):
            said = [f for f in ("value_month", "value_ytd", "value", "growth_pct") if f in rows.columns and not blank(rows[f].iat[k])]  # fmt: skip
            january = period is not None and period.month == 1 and "period" not in rows.columns
            if _join_growth_row(out, k, j, said, vocab, file_name, (names[k], target), january):
                drop.append(k)
    if drop:
        out.rows = rows.drop(index=rows.index[sorted(drop)])


def _joinable(rows: pd.DataFrame, i: int, j: int) -> bool:
    """Row ``i`` (上年同期) holds a year to date (or one figure) and no growth; row ``j`` holds none of last
    year's; their units (when both are stated) agree."""
    if not any(f in rows.columns and not blank(rows[f].iat[i]) for f in ("value_ytd", "value")):
        return False
    if "growth_pct" in rows.columns and not blank(rows["growth_pct"].iat[i]):
        return False
    if "value_ytd_prior" in rows.columns and not (
        blank(rows["value_ytd_prior"].iat[i]) and blank(rows["value_ytd_prior"].iat[j])
    ):
        return False  # fmt: skip
    if not any(f in rows.columns and not blank(rows[f].iat[j]) for f in _FIGURES):
        return False
    if "unit" in rows.columns:
        a, b = rows["unit"].iat[i], rows["unit"].iat[j]
        if not (blank(a) or blank(b)) and str(a).strip() != str(b).strip():
            return False
    return True


def _no_growth(rows: pd.DataFrame, j: int) -> bool:
    return "growth_pct" not in rows.columns or blank(rows["growth_pct"].iat[j])


def _move(rows: pd.DataFrame, *, src: int, dst: int, field: str, cell: str | None) -> None:
    """Row ``src``'s figure in ``field`` (with its format and unit) becomes row ``dst``'s 上年同期."""
    for prefix in ("", "fmt:", "unit:"):
        name = f"{prefix}{field}"
        if name not in rows.columns:
            continue
        target = f"{prefix}value_ytd_prior"
        if target not in rows.columns:
            rows[target] = pd.Series([None] * len(rows), index=rows.index, dtype=object)
        rows.iat[dst, rows.columns.get_loc(target)] = rows[name].iat[src]
    if cell is not None:
        if "cell:value_ytd_prior" not in rows.columns:
            rows["cell:value_ytd_prior"] = pd.Series([None] * len(rows), index=rows.index, dtype=object)
        rows.iat[dst, rows.columns.get_loc("cell:value_ytd_prior")] = cell


def prior_rows_by_month(
    table: Any, grid: list[list[Any]], vocab: Any
) -> tuple[list[list[Any]], dict[int, str]]:
    """In a table by month (指标 | 1月 … 6月 | 累计), a 上年同期 row under an indicator's row is that indicator's
    last year: the grid with the row named as the row above, and those rows (0-based → the word typed) for
    :func:`bijie_etl.ingest.period_cells.figure_field` (its 累计 the 上年同期, its months last year's own,
    not kept) and :func:`bijie_etl.ingest.month_totals.months_total` (its months do not say how far the
    year's figures run)."""
    cols = table.columns
    name = next((c for c in cols if c.role.kind == "identity" and c.role.field == "indicator_name"), None)
    if name is None or any(c.role.kind == "identity" and c.role.field == "period" for c in cols):
        return grid, {}
    months = [
        c.index for c in cols if c.role.kind == "value" and c.role.month is not None and not c.role.is_range
    ]
    if not months:
        return grid, {}
    j = name.index
    texts = [grid[r][j] if j < len(grid[r]) else None for r in range(table.body_start, table.body_end)]
    joined = "\n".join(t for t in texts if isinstance(t, str))
    if "上年" not in joined and "去年" not in joined and "同期" not in joined:
        return grid, {}
    words = {header_key(w) for w in vocab.spec.prior_period_words}
    out: list[list[Any]] | None = None
    rows: dict[int, str] = {}
    for r in range(table.body_start + 1, table.body_end):
        v, above = texts[r - table.body_start], texts[r - table.body_start - 1]
        if not (isinstance(v, str) and header_key(v) in words and isinstance(above, str)):
            continue
        if r - 1 in rows or vocab.find_indicator(above) is None:
            continue
        if any(_filled(grid[r], m) and not _filled(grid[r - 1], m) for m in months):
            continue  # last year's later months (7月 … 12月): its 合计 is no 上年同期 of this year's months
        out = out if out is not None else list(grid)
        out[r] = [*grid[r][:j], above, *grid[r][j + 1 :]]
        rows[r] = v.strip()
    return (out if out is not None else grid), rows


def _filled(row: list[Any], j: int) -> bool:
    return j < len(row) and not blank(row[j])
