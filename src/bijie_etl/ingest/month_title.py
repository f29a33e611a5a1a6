"""A table whose period is stated as one month (2024年6月…) over a figure that says neither 本月 nor 累计.

A title, sheet name or file name naming a month alone (毕节市2024年6月主要经济指标, a sheet 6月, 能源局2024年6月.xlsx)
gives the table's period, not what its figures are: a monthly report is dated by its month whether it
gives June's own figures or the year to date at June. Over a column that says the measure (本月, 1-6月累计,
累计增长) or a range title (2024年1-6月, 上半年, 截至6月底) a careful reader knows; over a lone 数值 (本期值, a
county's or an indicator's column with no measure word) he does not, for a target whose month and year to
date differ: 煤炭产量 612.4 may be June's output or the half year's, 规上工业增加值增速 6.1 June's growth or
1-6月's. Such a row is refused (``layout_ambiguous`` on the figure's cell, saying what to write), never
loaded as the year to date. A share's or a level's figure is the same either way and is read; so is
January's (1月 is 1-1月), and a row whose measure the table states otherwise (a 项目 column saying 本月 /
累计, a 统计期 column) is not touched here.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bijie_etl.errors import Code, Failure, Severity
from bijie_etl.ingest.grammar import span_label
from bijie_etl.ingest.headers import header_key, without_sent_dates
from bijie_etl.ingest.period_cells import lone_column
from bijie_etl.ingest.table_rows import has_field, no_rows

if TYPE_CHECKING:  # the layouts call this module
    from bijie_etl.ingest.layouts import SheetRows, TableContext
    from bijie_etl.ingest.tables import Column, Table, Vocabulary

__all__ = ["month_alone", "refuse_month_alone_figures"]

#: Fields a lone figure is moved to for a target whose month and year to date differ.
_KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "cumulative": ("value_ytd",),
    "count": ("value_ytd",),
    "growth_rate": ("growth_pct", "value_ytd"),
}
#: Where a lone figure of those targets ends up.
_PLACED = ("value_ytd", "growth_pct")
#: Measures a lone column says nothing of: its figure is placed by the row's target's kind.
_OPEN = ("value", "@main", "@level")


def month_alone(statements: list[tuple[str, str]], grammar: Any) -> tuple[str, str, int] | None:
    """``(text, where, month)`` of the first statement of the table's period (``(text, where)``: its title
    lines, sheet name or file name) that names one month other than January, not a range or a span from
    January (1-6月, 上半年, 截至6月底, 6月末); None when the period is so stated or not stated at all."""
    for text, where in statements:
        month = _one_month(text, grammar)
        if month is not None:
            return (text, where, month) if month > 1 else None
    return None


#: A year in figures (2024年, 2024年度): a month named right after it is the period (headers.period_from_text).
_YEAR = re.compile(r"(?<!\d)20\d{2}(?:年度?)?")


def _one_month(text: str, grammar: Any) -> int | None:
    """The month ``text`` names when the first month or span in it is one month alone (2024年6月, 6月份):
    its number; 0 when the first is a range or a span (1-6月, 上半年); None when it names none. Kept per
    grammar and text: a department's titles and file names repeat from file to file."""
    said: dict[str, int | None] | None = grammar.__dict__.get("_month_alone_said")  # kept with the grammar
    if said is None or len(said) > 4096:
        said = grammar.__dict__["_month_alone_said"] = {}
    if text not in said:
        said[text] = _month_named(text, grammar)
    return said[text]


def _month_named(text: str, grammar: Any) -> int | None:
    key = without_sent_dates(header_key(text))
    year = _YEAR.search(key)
    label = grammar.month_label(key[year.end() :]) if year is not None else None
    if label is not None:  # 2024年6月…, 2024年1-6月…: the period's usual place
        return 0 if label[2] else label[1]
    for i, ch in enumerate(key):
        if not (ch.isdigit() or ch in "一二三四五六七八九十元前上下全截"):
            continue
        if i and key[i - 1].isdigit():
            continue  # inside a number (2024年: its digits are no month)
        label = grammar.month_label(key[i:])  # 6月, 1-6月, 2024-06, 202406 (a year inside the label)
        if label is not None:
            return 0 if label[2] else label[1]
        if span_label(key[i:], grammar.spans) is not None:
            return 0
    return None


def refuse_month_alone_figures(
    rows: SheetRows,
    values: list[Column],
    ctx: TableContext,
    vocab: Vocabulary,
    table: Table,
    grid: list[list[Any]],
    period: Column | None,
) -> SheetRows:
    """``rows`` without the rows whose figure came from a lone column (see the module's docstring) and was
    placed by a cumulative, count or growth target's kind, each refused on that figure's cell. With a 统计期
    column (``period``) the statement is its cells: every row naming the same one month (2024年6月, 2024-06)."""
    if (period is None and not ctx.period_said) or vocab.catalog is None or no_rows(rows):
        return rows
    # Cheap first (no frame built, the 统计期 cells not read): a lone column's figure placed as a year to date
    # or a growth, by the column (a long table's 本期值 moved for every row) or per cell (cell:value_ytd).
    open_columns = [c for c in values if str(c.role.field) in _OPEN]
    placed = {rows.columns.get(f) for f in _PLACED}
    per_cell = bool(open_columns) and any(has_field(rows, f"cell:{f}") for f in _PLACED)
    if not per_cell and not any(c.letter in placed for c in open_columns):
        return rows  # no figure of an open column placed: none of a lone one either
    lone = {c.letter: c for c in open_columns if lone_column(vocab, c)}
    if not lone or not (placed & lone.keys() or per_cell):
        return rows
    said = month_alone(ctx.period_said, vocab.grammar) if period is None else _period_cells_month(table, grid, period, vocab)  # fmt: skip
    if said is None:
        return rows
    frame = rows.rows
    records = frame.to_dict("records")
    drop: list[int] = []
    for i, rec in enumerate(records):
        target = _target(rec, ctx, vocab)
        fields = _KIND_FIELDS.get(target.kind.value, ()) if target is not None else ()
        for fld in fields:
            cell = _cell(rec, fld, rows)
            col = lone.get(cell.rstrip("0123456789")) if cell else None
            if cell is None or col is None or _blank(rec.get(fld)):
                continue
            drop.append(i)
            rows.warnings.append(_refusal(said, col, cell, rec, target, fld, ctx, rows.sheet))
            break
    if drop:
        rows.rows = frame.drop(index=frame.index[drop])
    return rows


def _period_cells_month(
    table: Table, grid: list[list[Any]], period: Column, vocab: Vocabulary
) -> tuple[str, str, int] | None:
    """``(text, where, month)`` when every filled 统计期 cell of the body names one and the same month alone (a text
    2024年6月 or 2024-06, a date cell), not January; None for ranges, words (本期), several months (a table by
    month has its own rule) or a column that states nothing."""
    j, seen, first = period.index, set(), None
    done: set[Any] = set()  # a 统计期 column repeats one text on every row
    for r in range(table.body_start, table.body_end):
        v = grid[r][j] if j < len(grid[r]) else None
        if v is None or (isinstance(v, str) and not v.strip()) or v in done:
            continue
        done.add(v)
        if isinstance(v, str):
            month = _one_month(v.strip(), vocab.grammar) or _numeric_month(v.strip())
        else:
            month = getattr(v, "month", None)  # a date cell names its month
        if not month:
            return None
        seen.add(month)
        first = first or (
            str(v).strip()[:10] if not isinstance(v, str) else v.strip(),
            f"{period.letter}{r + 1}",
        )
    if len(seen) != 1 or first is None or 1 in seen:
        return None
    return first[0], f"统计期（{first[1]}）", seen.pop()


def _numeric_month(text: str) -> int | None:
    m = _NUMERIC.fullmatch(text)
    return int(m.group(2)) if m else None


#: 2024-06, 2024.06, 2024/6, 202406: one month in figures.
_NUMERIC = re.compile(r"(20\d{2})[-./]?(0?[1-9]|1[0-2])(?:月)?")


def _target(rec: dict[str, Any], ctx: TableContext, vocab: Vocabulary) -> Any:
    code, name = rec.get("indicator_code"), rec.get("indicator_name")
    if isinstance(code, str) and code.strip():
        return vocab.catalog.get(code.strip())
    if isinstance(name, str) and name.strip():
        return vocab.find_indicator(name)
    return vocab.catalog.get(ctx.indicator[0]) if ctx.indicator else None


def _cell(rec: dict[str, Any], fld: str, rows: SheetRows) -> str | None:
    cell = rec.get(f"cell:{fld}")
    if isinstance(cell, str) and cell:
        return cell
    letter = rows.columns.get(fld)
    return f"{letter}{rec['row']}" if letter else None


def _blank(v: Any) -> bool:
    return v is None or v != v or (isinstance(v, str) and not v.strip())


def _refusal(
    said: tuple[str, str, int], col: Column, cell: str, rec: dict[str, Any], target: Any, fld: str,
    ctx: TableContext, sheet: str,
) -> Failure:  # fmt: skip
    text, where, m = said
    if where.startswith(("标题（", "统计期（")):  # 标题“2024年6月…”（A1）, 统计期“2024-06”（A3）
        head, at = where.split("（", 1)
        stated = f"{head}“{text}”（{at}"
    else:
        stated = where if "“" in where else f"{where}“{text}”"
    fix = f"在统计期中写明“1-{m}月”" if where.startswith("统计期") else f"在标题中写明“1-{m}月”"
    growth = fld == "growth_pct"
    what = f"{m}月当月的增速还是1-{m}月的累计增速" if growth else f"{m}月当月数还是1-{m}月累计数"
    kind = "累计增速" if target.kind.value == "growth_rate" else "1-本月累计数"
    row = int(rec["row"])
    value = rec.get(fld)
    return Failure(
        code=Code.LAYOUT_AMBIGUOUS,
        message_zh=(
            f"{stated}只写了{m}月，“{col.label}”列（{col.letter}列）没有写明是{what}；"
            f"“{target.name_zh}”按{kind}考核，无法确定本行的数值是哪一个，本行未入库。"
            f"请在表头写明“本月”或“1-{m}月累计”{'（增速写“累计增长(%)”）' if growth else ''}，或{fix}后重新报送。"
        ),
        file=ctx.file_name,
        sheet=sheet,
        cell=cell,
        row_number=row,
        value=None if value is None else str(value),
        indicator_code=target.code,
        severity=Severity.ERROR,
    )
