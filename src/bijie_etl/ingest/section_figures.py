"""A section row saying the rows under it are other figures than the table's own: 二、上年同期, 二、目标任务, 二、7月预计.

A long table may be split by section rows (name only, no figures). Most name a topic (一、煤炭) or a part
(一、火电: :func:`bijie_etl.ingest.title_scope.refuse_section_scoped_rows`); some say what the figures under
them are — last year's (上年同期, 上年, 去年同期), growths (同比增长), plans (目标任务, 全年计划), estimates (7月预计),
last month's (上月). Read under the header's 本月 | 累计, those rows would load as this period's actual figures.
They are refused instead, each naming the section; the section's scope runs to the next section row. The
words are the header grammar's (sources/headers.yaml): a section is read as the same word over a column is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bijie_etl.errors import Code, Failure, Severity
from bijie_etl.ingest.table_rows import no_rows
from bijie_etl.text import label_core

if TYPE_CHECKING:
    from bijie_etl.ingest.layouts import SheetRows, TableContext
    from bijie_etl.ingest.tables import Table

__all__ = ["other_figures", "refuse_rows_of_other_figures"]

#: What the rows under a section are, by the grammar's ``ignored`` reason of its word.
_IGNORED_ZH = {
    "plan": "计划（目标）数",
    "estimate": "预计数",
    "previous": "上月（上期）的数",
    "progress": "完成进度",
}


def other_figures(text: str, vocab: Any) -> str | None:
    """What the figures under a section row saying ``text`` are, in Chinese, when they are not the table's
    own actual figures; None for a section naming a topic, a part, a county or this period."""
    label = vocab.label(label_core(text))
    if label.kind == "ignored":
        return _IGNORED_ZH.get(str(label.ignored), "不属于本期实际完成的数")
    if label.kind == "measure" and "prior" in label.measures:
        return "上年同期的数"
    if label.kind == "measure" and label.measures == frozenset({"growth"}):
        return "增速"
    if label.kind == "qualifier" and label.qualifier == "prior":  # 二、上年 (2023年: refused as a period)
        return "上年的数"
    return None


def refuse_rows_of_other_figures(rows: SheetRows, table: Table, ctx: TableContext, vocab: Any) -> SheetRows:
    """``rows`` without those under a section row saying they are other figures (see the module), each
    refused (LAYOUT_AMBIGUOUS) naming the section; every other row as it is."""
    sections = sorted(
        (w.row_number, str(w.value or ""), w.cell or "")
        for w in rows.warnings
        if w.code == Code.SECTION_ROW_SKIPPED and w.sheet == table.sheet and w.row_number is not None
    )
    said = {at: what for at, text, _ in sections if (what := other_figures(text, vocab))}
    if not said or no_rows(rows):
        return rows
    frame = rows.rows
    names = frame["indicator_name"].tolist() if "indicator_name" in frame.columns else [None] * len(frame)
    letter = rows.columns.get("indicator_name", "")
    drop: list[int] = []
    for i, (row, name) in enumerate(zip(frame["row"].tolist(), names, strict=True)):
        above = [s for s in sections if s[0] < row]
        if not above or above[-1][0] not in said:
            continue
        at, text, cell = above[-1]
        drop.append(i)
        shown = f"“{name}”" if isinstance(name, str) and name.strip() else f"第{row}行"
        rows.warnings.append(
            Failure(
                code=Code.LAYOUT_AMBIGUOUS,
                message_zh=(
                    f"本行{shown}在分组标题“{text}”（{cell}）之下，是{said[at]}，不是本期实际完成的数值，未入库；"
                    "请只报送本期实际完成数（上年同期数、增速请填在表头写明的列中）后重新报送"
                ),
                file=ctx.file_name,
                sheet=table.sheet,
                cell=f"{letter}{row}" if letter else None,
                row_number=int(row),
                value=name if isinstance(name, str) else None,
                severity=Severity.ERROR,
            )
        )
    if drop:
        rows.rows = frame.drop(index=frame.index[drop])
    return rows
