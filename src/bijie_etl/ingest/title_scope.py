"""A title naming a target's word with a word that narrows it: 各县限上社会消费品零售总额, 火电发电量.

A table without an indicator column takes the indicator its title names (:mod:`title_names`). A catalog word
the title narrows — a word before it that is no period, county or joint (限上, 火电, 规模以上工业), or a note in
brackets after it (（限上）) — names another indicator than the target: it is not taken, and the table's rows,
naming no indicator then, are refused here saying which title word was not taken and why, rather than with
"no indicator" on every row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bijie_etl.errors import Code, Failure, Severity
from bijie_etl.ingest.title_names import narrowed_phrase

if TYPE_CHECKING:
    from bijie_etl.ingest.layouts import SheetRows, TableContext
    from bijie_etl.ingest.tables import Table

__all__ = ["refuse_narrowed_title"]


def refuse_narrowed_title(rows: SheetRows, table: Table, ctx: TableContext, catalog: Any) -> SheetRows:
    """``rows`` without the rows of a table whose title names a target only narrowed (see the module), with one
    error saying so; any other table's rows as they are."""
    if ctx.indicator is not None or ctx.title_indicators or rows.rows.empty or catalog is None:
        return rows
    frame = rows.rows
    named = [f for f in ("indicator_name", "indicator_code") if f in frame.columns]
    if named and frame[named].notna().any(axis=None):
        return rows
    hit = narrowed_phrase(table.title_cells, catalog)
    if hit is None:
        return rows
    phrase, word, cell = hit
    refused, rows.rows = len(frame), frame.iloc[0:0]
    rows.warnings.append(
        Failure(
            code=Code.UNKNOWN_INDICATOR,
            message_zh=(
                f"标题（{cell}）写的是“{phrase}”，不是目标指标“{word}”本身：前后所加的字可能缩小了统计范围"
                f"（如限额以上、规模以上、火电、户籍人口、夏粮），或说的是{word}的增速、比重、排名等另一种数，"
                f"无法确定数值就是{word}，本表{refused}行未入库；如本表就是{word}的全口径数值，"
                f"请在标题中只写“{word}”后重新报送"
            ),
            file=ctx.file_name,
            sheet=table.sheet,
            cell=cell,
            severity=Severity.ERROR,
            rows_refused=refused,
        )
    )
    return rows
