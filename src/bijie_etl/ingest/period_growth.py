"""A growth row at the foot of a table by period: 1月 … 6月, 1-6月累计, 上年同期, 同比增长（%）.

A table with a 统计期 column (a row per month, a column per indicator) often ends with the year to date,
last year's same period and the growth between them::

    月份          煤炭产量（万吨）  发电量（亿千瓦时）
    1月 … 6月     560.1 …           44.0 …
    1-6月累计     3550.2            262.4
    上年同期      3268.5            250.0
    同比增长（%）  8.6               5.0

The 同比增长 row names no period: it is the growth of the row above it (past a 上年同期 row): of the year
to date 1-6月, each indicator's growth. Above a single month's row (6月) it is that month's own growth,
which no target uses (a ``column_ignored`` 提示 on each cell) — except January's, whose month is its year
to date. Read so by :func:`bijie_etl.ingest.period_cells.period_words` (the rows) and
:func:`bijie_etl.ingest.period_cells.figure_field` (the figures).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bijie_etl.errors import Code, Failure, Severity
from bijie_etl.ingest.blocks import column_cells
from bijie_etl.ingest.growth_rows import _is_bare
from bijie_etl.ingest.tables import Column, Table

if TYPE_CHECKING:
    from bijie_etl.ingest.layouts import TableContext

__all__ = ["growth_field", "growth_period_rows"]


def growth_period_rows(
    table: Table, grid: list[list[Any]], col: Column, prior: dict[int, str]
) -> tuple[list[list[Any]], dict[int, str]]:
    """The grid with each growth row's 统计期 cell put as the period of the row it belongs to (the row above,
    past a 上年同期 row: ``prior``), and those rows (0-based → the word typed)."""
    j = col.index
    out: list[list[Any]] | None = None
    rows: dict[int, str] = {}
    if not any(
        map(_is_bare, dict.fromkeys(column_cells(grid, table.body_start + 1, table.body_end, j, None)))
    ):
        return grid, rows  # no 统计期 cell is a growth word (each distinct cell asked once)
    for r in range(table.body_start + 1, table.body_end):
        v = grid[r][j] if j < len(grid[r]) else None
        if not _is_bare(v):
            continue
        above = r - 1
        while above in prior and above > table.body_start:
            above -= 1
        said = grid[above][j] if j < len(grid[above]) else None
        if above in prior or above in rows or said is None or (isinstance(said, str) and not said.strip()):
            continue
        out = out if out is not None else list(grid)
        out[r] = [*grid[r][:j], said, *grid[r][j + 1 :]]
        rows[r] = str(v).strip()
    return (out if out is not None else grid), rows


def growth_field(
    fld: str,
    col: Column,
    r: int,
    ctx: TableContext,
    table: Table,
    warnings: list[Failure],
    row_period: tuple[int | None, int, bool] | None,
) -> str | None:
    """The field of a growth row's figure: the growth of a year to date (or of January), else None with a
    提示 on its cell (the month's own growth, or a figure under 本月)."""
    year_to_date = row_period is not None and (row_period[2] or row_period[1] == 1)
    if year_to_date and fld != "value_month":
        return "growth_pct"
    what = "本月的增速" if fld == "value_month" or not year_to_date else "增速"
    warnings.append(
        Failure(
            code=Code.COLUMN_IGNORED,
            message_zh=(
                f"第{r + 1}行“{ctx.growth_rows[r]}”的“{col.label}”（{col.letter}{r + 1}）是{what}，"
                "考核只用累计增速，未读取。"
            ),
            file=ctx.file_name,
            sheet=table.sheet,
            cell=f"{col.letter}{r + 1}",
            row_number=r + 1,
            severity=Severity.WARNING,
        )
    )
    return None
