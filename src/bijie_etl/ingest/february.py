"""In February a 本月 equal to its 累计 on every row is January and February together, not February's own.

January and February are reported together (the Spring Festival: 1-2月). A February report then often
fills its 本月 column with the two months' figure — the same as its 1-2月累计::

    毕节市2024年1-2月能源生产情况
    指标名称 | 计量单位 | 本月   | 1-2月累计
    煤炭产量 | 万吨     | 1040.3 | 1040.3
    发电量   | 亿千瓦时 | 88.1   | 88.1

A careful reader does not take 1040.3 as February's own output (480.2 that year): every row saying its
month equals its year to date means the column holds 1-2月, as a 1-2月 row's 本月 does
(:func:`~bijie_etl.ingest.period_cells.figure_field`). Those 本月 figures are not read (``column_ignored``
on each cell); the 累计 loads.

Only where it is surely so: the rows are February's (their own 统计期, else the table's period), the table
shows no January of its own (a table by month derives February's year to date from January's column), and
every row with both figures has them equal, one at least not zero. A row whose January was nothing (a
count target begun in February: 本月 1 | 累计 1) beside a row whose two figures differ keeps its 本月: the
other row shows the column is February's own.
"""

from __future__ import annotations

import math
from typing import Any

from bijie_etl.errors import Code, Severity
from bijie_etl.ingest.growth_notes import blank as _blank
from bijie_etl.ingest.growth_notes import notes
from bijie_etl.ingest.headers import parse_number, parse_period
from bijie_etl.ingest.table_rows import field_values, has_field, no_rows, row_count

__all__ = ["february_month"]

#: Why such a 本月 is not read (the end of its column_ignored message).
_TOGETHER_ZH = (
    "与同行的累计数相同，表中各行都是如此：这是1-2月合并的数（春节因素1、2月合报），不是2月当月的数，"
    "未读取；只读取累计数（如需报送2月当月数，请填写2月当月的数值）"
)


def february_month(sheet: Any, vocab: Any, file_name: str = "") -> Any:
    """``sheet`` (a SheetRows) with, in place, each February row's 本月 set aside when the table's 本月
    equals its 累计 on every row holding both (see the module's docstring)."""
    if no_rows(sheet) or not (has_field(sheet, "value_month") and has_field(sheet, "value_ytd")):
        return sheet
    hint = sheet.period_hint
    default = hint.month if hint is not None else None
    by_row = has_field(sheet, "period")
    if by_row:
        cells = field_values(sheet, "period")
        distinct = {(v.__class__, v): v for v in cells}  # a 统计期 column repeats a few values
        of = {k: _month(v) for k, v in distinct.items()}  # each parsed once
        shown = {default if m is None else m for m in of.values()}  # the rows' months, each once
    else:
        shown = {default}
    if 1 in shown or 2 not in shown:
        return sheet  # a table showing January (by month), or no February row
    months = (
        [m if (m := of[(v.__class__, v)]) is not None else default for v in cells]
        if by_row
        else [default] * row_count(sheet)
    )
    spec = vocab.spec
    firsts = field_values(sheet, "value_month")
    ytds = field_values(sheet, "value_ytd")
    feb: list[int] = []
    pairs = 0
    for i, (m, a, b) in enumerate(zip(months, firsts, ytds, strict=True)):
        if m != 2:
            continue
        x, y = parse_number(a, spec), parse_number(b, spec)
        if not isinstance(x, float):
            continue
        feb.append(i)
        if not isinstance(y, float):
            continue
        if not math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9):
            return sheet  # one row's figures differ: the column is February's own
        pairs += x != 0
    if not pairs:
        return sheet
    _set_aside(sheet, feb, file_name)
    return sheet


def _set_aside(sheet: Any, picked: list[int], file_name: str) -> None:
    """The 本月 figures of rows ``picked`` removed, each with a column_ignored note at its cell."""
    rows = sheet.rows
    letter = sheet.columns.get("value_month")
    table = sheet.table
    label = next(
        (c.label for c in (table.columns if table is not None else []) if c.letter == letter), "本月"
    )
    firsts = rows["value_month"].tolist()
    numbers = rows["row"].tolist()
    messages = [f"第{numbers[i]}行“{label}”{firsts[i]}{_TOGETHER_ZH}。" for i in picked]
    sheet.warnings.extend(notes(sheet, picked, "value_month", file_name, Code.COLUMN_IGNORED, Severity.WARNING, messages))  # fmt: skip
    for i in picked:
        firsts[i] = None
    rows["value_month"] = firsts


def _month(value: Any) -> int | None:
    """A row's own 统计期 month, None when blank or not read as a month."""
    if _blank(value):
        return None
    p = parse_period(value)
    return p.month if p is not None else None
