"""A table refused whole (``layout_ambiguous``: which column is this period's, or which month the table
is, cannot be told): the failure that says so, and how many of its rows it did not load.

No row of such a table is refused on its own, so ``row_number`` cannot count them; a department told
退回 0 行 (or 1, the header's row) for a table of twenty rows would think its figures were in. The
failure carries the table's data rows instead (:attr:`bijie_etl.errors.Failure.rows_refused`): the body's
rows holding something in a figure column, without the notes under the table or a header repeated in it.
"""

from __future__ import annotations

from typing import Any

from bijie_etl.errors import Code, Failure, Severity
from bijie_etl.ingest.tables import Table

__all__ = ["data_rows", "refused_table"]


def _filled(v: Any) -> bool:
    return v is not None and not (isinstance(v, str) and not v.strip()) and v == v  # NaN is blank


def data_rows(table: Table, grid: list[list[Any]]) -> int:
    """The rows of ``table``'s body with a figure column filled (any column but the identity ones when
    no column was taken for a figure): what a refusal of the whole table does not load."""
    figures = [c.index for c in table.columns if c.role.kind == "value"] or [
        c.index for c in table.columns if c.role.kind != "identity"
    ]
    skip = {*table.note_rows, *table.repeated_header_rows}
    return sum(
        1
        for r in range(table.body_start, min(table.body_end, len(grid)))
        if r not in skip and any(j < len(grid[r]) and _filled(grid[r][j]) for j in figures)
    )


def refused_table(table: Table, grid: list[list[Any]], problem: str, file_name: str) -> Failure:
    """``layout_ambiguous`` on ``table`` (at its header's first row) saying why and how many rows it refuses."""
    n = data_rows(table, grid)
    return Failure(
        code=Code.LAYOUT_AMBIGUOUS,
        message_zh=f"无法确定表格的结构：{problem}，本表{n}行未入库。请使用填报模板，或联系统计局在 sources/layouts 中为本部门说明表格结构。",
        file=file_name,
        sheet=table.sheet,
        row_number=table.first_header + 1,
        severity=Severity.ERROR,
        rows_refused=n,
    )
