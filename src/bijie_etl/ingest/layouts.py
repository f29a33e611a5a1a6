"""Layouts: a table's body normalised to canonical long rows (indicator × county × period).

Every value cell of a table sits at the crossing of a row and a column. The row may name the
indicator (指标名称), the county (区县) or the period (统计期, 1月 …); the column names the measure
(本月, 1-6月累计, 上年同期, 同比增长) and may name a month (4月), a county (七星关区) or an
indicator (煤炭产量). The title may name a county or an indicator, the sheet the period. One
model covers every layout: a value's coordinates are taken from its column, else its row, else
the table, and values with the same coordinates form one canonical row. The layout's name
(``long``, ``wide_by_month``, ``wide_by_county``, ``wide_by_indicator`` and combinations) is a
description for people, derived from where the coordinates came from.

Measures a column leaves open (a month column, a 1-M range, a county or indicator column without
a measure word) are resolved per row from the indicator's kind in the catalog: a month column is
that month's figure (本月 for cumulative and count targets, the kind's own field otherwise), a
range the year to date, a bare column the kind's headline field.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from itertools import compress, repeat
from operator import eq, is_not, itemgetter, ne, not_
from typing import Any

import numpy as np
import pandas as pd

from bijie_etl.errors import Code, Failure, Severity
from bijie_etl.ingest import period_cells as pc
from bijie_etl.ingest import table_roles as tr
from bijie_etl.ingest.blocks import any_blank, blank_none, column_cells, kept_texts, untrimmed
from bijie_etl.ingest.derive import derive_ytd, differs
from bijie_etl.ingest.estimates import estimated_title
from bijie_etl.ingest.grammar import _IGNORED_ZH, DEFERRED, MEASURE_FIELDS, Role, span_label
from bijie_etl.ingest.growth_rows import growth_rows_to_join, join_growth_rows
from bijie_etl.ingest.headers import (
    GROWTH_INDEX,
    GROWTH_MARKS,
    column_letter,
    header_key,
    is_missing_text,
    issue_month,
)
from bijie_etl.ingest.lone_left import left_notes, other_figure
from bijie_etl.ingest.month_title import refuse_month_alone_figures
from bijie_etl.ingest.month_totals import months_total
from bijie_etl.ingest.names import name_unit
from bijie_etl.ingest.prior_rows import join_prior_rows, prior_rows_by_month
from bijie_etl.ingest.revised import read_twice, revised_columns
from bijie_etl.ingest.table_rows import TableColumns, held_rows
from bijie_etl.ingest.tables import Column, Table, Vocabulary
from bijie_etl.ingest.title_names import label_column
from bijie_etl.ingest.unit_columns import by_unit
from bijie_etl.ingest.whole_table import refused_table
from bijie_etl.ingest.year_columns import year_and_month_columns
from bijie_etl.text import normalize_text, text_cells
from bijie_etl.vocabulary import FIELDS as VOCABULARY_FIELDS
from bijie_etl.vocabulary import TEXT_FIELDS as VOCABULARY_TEXT_FIELDS

__all__ = ["FIELDS", "TEXT_FIELDS", "SheetRows", "TableContext", "layout_zh", "normalise"]

#: Canonical fields in template order (see docs/ARCHITECTURE.md).
FIELDS = VOCABULARY_FIELDS
#: Fields whose text cells are normalised (NFKC, trimmed, inner spaces collapsed).
TEXT_FIELDS = frozenset(VOCABULARY_TEXT_FIELDS)
_CUMULATIVE = ("cumulative", "count")

LAYOUT_ZH = {
    "long": "逐行指标（每行一个指标，列为本月/累计等）",
    "wide_by_month": "按月分列（每月一列）",
    "wide_by_county": "按区县分列（每个区县一列）",
    "wide_by_indicator": "按指标分列（每个指标一列）",
}


@dataclass
class SheetRows:
    """The canonical rows of one table, with where each value came from.

    ``rows`` has a column ``row`` (1-based Excel row), one column per canonical field present,
    and, for layouts whose values do not sit in one column per field, ``cell:<field>`` (the
    source cell of each value), ``fmt:<field>`` (its number format) and ``unit:<field>`` (a unit
    stated for the value's column; ``fixed_cells["unit:<field>"]`` is the cell stating it).
    """

    sheet: str  # sheet name ("" for csv -> use the file stem)
    header_row: int  # 1-based Excel row of the last header row
    columns: dict[str, str]  # canonical field -> Excel column letter, for fields read from one column
    rows: pd.DataFrame
    warnings: list[Failure] = field(default_factory=list)
    #: Values stated once for the whole table, with the cell that states them (单位：万吨 → {"unit": "E2"}).
    fixed_cells: dict[str, str] = field(default_factory=dict)
    period_hint: date | None = None  # this table's period (title, then sheet name, then file name)
    period_source: str = ""  # where period_hint came from, in Chinese (标题 A1 / 工作表名 / 文件名)
    #: Without a period: what the title, sheet and file name lack, in Chinese (the year of 1-6月 …).
    period_missing: str = ""
    layout: str = "long"
    table: Table | None = None
    #: Read as one table with another of the same report (当月 | 累计), in Chinese: how (see month_ytd_pairs),
    #: and that table (工作表“累计”), where a row of this one that it lacks was to be found.
    joined: str = ""
    partner: str = ""


def _rows(sheet: SheetRows) -> pd.DataFrame:
    held = held_rows(sheet)
    if type(held) is TableColumns:  # a long table's lists: the frame, built once (ingest.table_rows)
        held = sheet.__dict__["_rows"] = held.frame()
    return held


def _set_rows(sheet: SheetRows, rows: pd.DataFrame) -> None:
    sheet.__dict__["_rows"] = rows


setattr(SheetRows, "rows", property(_rows, _set_rows))  # noqa: B010  (a dataclass field, read through)


@dataclass
class TableContext:
    """What the table's surroundings say: its period, year, county and unit line."""

    file_name: str
    period: date | None = None
    period_source: str = ""
    year: int | None = None
    county: tuple[str, str] | None = None  # (official name, where) from the title or sheet name
    indicator: tuple[str, str, str] | None = None  # (code, text, cell) named by the title
    #: Beside a 指标名称/项目 column: every indicator the title names (its rows may be 本月 | 累计 instead).
    title_indicators: tuple[tuple[str, str, str], ...] = ()
    unit: tuple[str, str] | None = None  # (text, cell) of a 单位：… line
    overrides: dict[str, Any] = field(default_factory=dict)  # column letter -> role override
    #: (word, where) when the table's period is a span of its own (title 2024年二季度, 统计期 下半年):
    #: a lone figure is then that span's own total, which is not stored.
    period_own: tuple[str, str] | None = None
    #: (text, where) of the title lines, sheet and file name stating the period: one month alone (2024年6月)
    #: refuses a lone figure of a cumulative, count or growth target (ingest/month_title.py).
    period_said: list[tuple[str, str]] = field(default_factory=list)
    #: (line, where) of a title line naming several counties: without a county in the rows or
    #: columns, whose figures the table holds cannot be known.
    counties_in_title: tuple[str, str] | None = None
    #: (line, cell) of a title saying the figures are years to date (…（累计）): bare months are 1-M月.
    cumulative: tuple[str, str] | None = None
    #: A 统计期 cell 6 / 06 / 第6期 is the month of the table's year (False under a 季报 or 旬报 title).
    monthly_numbers: bool = True
    prior_rows: dict[int, str] = field(default_factory=dict)  # 统计期 上年同期: see period_cells.period_words
    growth_rows: dict[int, str] = field(
        default_factory=dict
    )  # 统计期 同比增长 at a table's foot: period_growth
    merged_issues: bool = False  # a 统计月报: 第N期 may be month N+1 (see period_cells.issue_period)
    issue_offset: int | None = 0  # a 统计月报's 第N期 is month N + this (None: the file does not tell)
    ytd_column: bool = True  # the table has a 累计 column (a 1-2月 row's 本月 is then not its year to date)
    lone_rows: dict[int, str] = field(
        default_factory=dict
    )  # a lone 数值's rows per month: period_cells.lone_rows


def _warn(
    code: Code, message: str, ctx: TableContext, sheet: str, cell: str | None, value: str | None
) -> Failure:
    row = (
        int("".join(ch for ch in cell if ch.isdigit())) if cell and any(ch.isdigit() for ch in cell) else None
    )
    return Failure(
        code=code,
        message_zh=message,
        file=ctx.file_name,
        sheet=sheet,
        cell=cell,
        row_number=row,
        value=value,
        severity=Severity.WARNING,
    )


def _not_read(col: Column, why: str, ctx: TableContext, table: Table) -> Failure:
    """column_ignored at the column's header: “同比增长”列（E列）未读取：<why>。"""
    message = f"“{col.label}”列（{col.letter}列）未读取：{why}。"
    return _warn(Code.COLUMN_IGNORED, message, ctx, table.sheet, col.header_cell, col.label)


@lru_cache(maxsize=1 << 14)
def _text_cell(value: str) -> str | None:
    return normalize_text(value) or None


_TEXTS = frozenset((str, type(None)))  # the cell types text_cells takes


def _is_blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip()) or (isinstance(v, float) and v != v)


#: None → "", anything else as it is (``_blank_rows``: a text column's blanks in C loops).
_EMPTY_FOR_NONE: dict[Any, Any] = {None: ""}


def _blank_rows(cells: list[Any]) -> list[int]:
    """The positions of the blank cells (see :func:`_is_blank`); of texts and Nones in C loops."""
    if set(map(type, cells)) <= _TEXTS:
        texts: Any = map(_EMPTY_FOR_NONE.get, cells, cells)  # every cell a text
        return list(compress(range(len(cells)), map(not_, map(str.strip, texts))))
    return [i for i, v in enumerate(cells) if _is_blank(v)]


# --------------------------------------------------------------------------------------------
# Entry point


def normalise(table: Table, grid: list[list[Any]], vocab: Vocabulary, ctx: TableContext) -> SheetRows:
    """The canonical rows of ``table`` plus every warning about what was not read.

    Raises nothing for bad tables: an unreadable layout gives a SheetRows with no rows and a
    LAYOUT_AMBIGUOUS failure (severity error) among its warnings.
    """
    warnings: list[Failure] = []
    grid, columns = year_and_month_columns(table, grid, _apply_overrides(table, ctx, warnings))  # 年度 | 月份
    grid, ctx.prior_rows = pc.period_words(table, grid, vocab, ctx, columns, warnings)  # 本期 | 上年同期
    if not ctx.prior_rows:  # 指标 | 1月 … 6月 | 累计 with a 上年同期 row under an indicator's
        grid, ctx.prior_rows = prior_rows_by_month(table, grid, vocab)
    columns, own_rows = pc.refuse_own_span_figures(table, grid, vocab, ctx, columns)
    columns, revision = revised_columns(columns, lambda c: not _column_empty(grid, table, c.index))
    columns = tr.prior_beside_month(tr.month_totals_beside_ytd(columns), ctx.period, ctx.period_source)
    columns = tr.index_beside_growth(
        tr.measure_column(table, grid, vocab, by_unit(table, grid, vocab, columns))
    )
    columns = tr.growth_beside_month_only(
        months_total(tr.measures_after_indicators(columns), vocab, grid, table, ctx.prior_rows), ctx.period
    )
    table.columns = columns
    used: dict[tuple[Any, ...], Column] = {}
    twins: list[str] = []
    idents: dict[str, Column] = {}
    values: list[Column] = []
    for col in columns:
        role = col.role
        if role.kind == "identity":
            if role.field in idents:
                warnings.append(
                    _warn(
                        Code.COLUMN_IGNORED,
                        f"“{col.label}”列（{col.letter}列）与{idents[role.field].letter}列重复，已忽略。",
                        ctx, table.sheet, col.header_cell, col.label,
                    )
                )  # fmt: skip
            else:
                idents[str(role.field)] = col
        elif role.kind == "value":
            key = (role.field, role.year, role.month, role.is_range, role.county, role.indicator)
            if key in used:
                # Two columns that say the same thing (two 本月|累计 pairs without 本年/上年 above
                # them): which one is this year's cannot be known, so nothing is guessed.
                twins.append(
                    f"“{used[key].label}”（{used[key].letter}列）和“{col.label}”（{col.letter}列）表头含义相同，"
                    "无法确定哪一列是本期数据（如是本年与上年，请在上方加“本年”“上年同期”）"
                )
            else:
                used[key] = col
                values.append(col)
        elif role.kind in ("ignored", "unknown") and col.path:
            if _column_empty(grid, table, col.index) and role.kind == "unknown":
                continue  # a stray label over an empty column carries nothing
            warnings.append(_not_read(col, role.reason or "无法识别", ctx, table))
    _drop_form_row_codes(grid, table, idents)
    warnings.extend(_unlabelled_columns(table, grid, columns, ctx))
    row_measures, unnamed = label_column(table, grid, vocab, ctx, idents, values)
    grid = _fill_groups_down(table, grid, idents, values)
    sections = _county_sections(table, grid, vocab, idents, values, ctx)
    values = _last_year_columns(values, ctx, table, warnings)
    values = _after_the_period(values, ctx, table, grid, "period" in idents, warnings)
    values = _sum_of_indicators(values, vocab, ctx, table, warnings)
    values, estimated = estimated_title(table, vocab, values, ctx.file_name)  # …预计完成情况: forecasts
    warnings.extend(_not_read(c, why, ctx, table) for c, why in estimated)
    # Under a quarter's own title (2024年二季度) its months are the table's own figures, not a comparison.
    if ctx.period_own is None and "period" not in idents and not ctx.period_source.startswith("表头"):
        # Nothing around the table names its month: its one year to date (1-6月累计) does.
        period, source = (ctx.period, ctx.period_source) if ctx.period else tr.ytd_period(values, ctx.year)
        values, earlier = tr.earlier_months(values, period, source) if period else (values, [])
        warnings.extend(_not_read(c, why, ctx, table) for c, why in earlier if not _column_empty(grid, table, c.index))  # fmt: skip
    values = tr.month_totals_as_ytd(values, ctx.cumulative)
    values, clash = _single_month_is_period(values, ctx, "period" in idents)
    if "period" not in idents and not row_measures:
        values, undated = tr.undated_beside_months(values, ctx.period, ctx.year)
        warnings.extend(_not_read(c, why, ctx, table) for c, why in undated)
    layout, problem = _layout(idents, values, ctx)
    problem = problem or unnamed or clash or revision or read_twice(values, layout)
    problem = problem or tr.year_disagrees(values, ctx.period, ctx.period_source, "period" in idents)
    if twins and not problem:
        problem = "；".join(twins[:2])
    if problem:
        failure = refused_table(table, grid, problem, ctx.file_name)
        empty = pd.DataFrame({"row": pd.Series(dtype="int64")})
        return SheetRows(
            table.sheet, table.last_header + 1, {}, empty, [*warnings, failure],
            period_hint=ctx.period, period_source=ctx.period_source, layout=layout, table=table,
        )  # fmt: skip
    fast = (
        layout == "long"
        and not row_measures
        and not sections
        and not (own_rows or ctx.prior_rows or ctx.growth_rows)
        and not _needs_period_fix(grid, table, idents.get("period"), vocab, numbers=ctx.monthly_numbers)
    )
    if fast:
        rows = _long_rows(table, grid, vocab, ctx, idents, values, warnings)
    else:
        rows = _general_rows(
            table, grid, vocab, ctx, idents, values, warnings, row_measures, sections, own_rows
        )
    if not (ctx.cumulative or ctx.period_own or row_measures):  # 2024年6月 over a lone 数值
        rows = refuse_month_alone_figures(rows, values, ctx, vocab, table, grid, idents.get("period"))
    rows.layout = layout
    rows.table = table
    rows.period_hint = ctx.period
    rows.period_source = ctx.period_source
    return rows


_PRIOR_FIELD = {
    "value_ytd": "value_ytd_prior",
    "@ytd": "value_ytd_prior",
    "value": "value_ytd_prior",
    "@main": "value_ytd_prior",
    "@level": "value_ytd_prior",
}


def _last_year_columns(
    values: list[Column], ctx: TableContext, table: Table, warnings: list[Failure]
) -> list[Column]:
    """Columns headed by two years (2024年1-6月 | 2023年1-6月, or 2024年 | 2023年 over 本月 | 累计; a title's
    year counts): the earlier year's year to date is this year's 上年同期 (value_ytd_prior of the later year); its
    month, growth or 上年同期 columns, and any older year, have no field and are not read."""
    years = {c.role.year for c in values if c.role.year is not None}
    single = any(c.role.year is not None and c.role.month is not None and not c.role.is_range for c in values)
    if years and not single and ctx.period is not None and ctx.period_source.startswith("标题"):
        years.add(ctx.period.year)  # 2023年1-6月 alone under 2024年1-6月 (months of 2023 still clash)
    if len(years) < 2:
        return values
    latest = max(years)
    out = []
    for c in values:
        role = c.role
        if role.year is None or role.year == latest:
            out.append(c)
            continue
        fld = str(role.field)
        if (
            role.year == latest - 1
            and fld in _PRIOR_FIELD
            and not (role.month is not None and not role.is_range)
        ):
            role = replace(role, field=_PRIOR_FIELD[fld], year=latest)
            out.append(Column(c.index, c.path, c.cells, role, c.unit, c.unit_cell))
            continue
        reason = (
            _IGNORED_ZH["older_year"]
            if (role.year or latest) < latest - 1
            else _IGNORED_ZH["prior_growth"]
            if fld == "growth_pct"
            else _IGNORED_ZH["prior_month"]
            if fld in ("value_month", "@month") or (role.month is not None and not role.is_range)
            else _IGNORED_ZH["older_year"]
        )
        warnings.append(_not_read(c, reason, ctx, table))
    return out


def _after_the_period(values: list[Column], ctx: TableContext, table: Table, grid: list[list[Any]], period_column: bool, warnings: list[Failure]) -> list[Column]:  # fmt: skip
    """Under a title (sheet or file name) naming the table's month, a column of a later month (全年 beside
    1-6月累计, 7月 … 12月 in a 1-6月 table) is a plan or a forecast: not read, warned when it holds values.
    Without a column of the title's month, the title and the columns contradict (layout_ambiguous)."""
    if ctx.period is None or period_column or ctx.period_source.startswith("表头"):
        return values
    now = (ctx.period.year, ctx.period.month)
    other = {
        c.index for c in values if c.role.field == "value_ytd_prior" and c.role.month not in (None, now[1])
    }
    for c in (c for c in values if c.index in other):  # 上年全年 beside 本月 | 本年累计 of June: not 上年同期
        m = c.role.month
        span = ("全年" if m == 12 else f"1-{m}月") if c.role.is_range else f"{m}月"
        warnings.append(_not_read(c, f"是上年{span}的数，不是本表统计期（{now[1]}月）的上年同期", ctx, table))
    values = [c for c in values if c.index not in other]
    late = {c.index: (c.role.year or now[0], c.role.month) for c in values if c.role.month is not None and (c.role.year or now[0], c.role.month) > now}  # fmt: skip
    if not any(c.role.month is not None and c.index not in late for c in values):
        return values  # no column of the title's month: title and columns contradict (see below)
    for c in (c for c in values if c.index in late and not _column_empty(grid, table, c.index)):
        (y, m), why = late[c.index], f"晚于本表的统计期{now[0]}年{now[1]}月（{ctx.period_source}），不是已完成的数（计划数或预计数）"  # fmt: skip
        warnings.append(_not_read(c, f"是{y}年{m}月的数，{why}", ctx, table))
    return [c for c in values if c.index not in late]


def _sum_of_indicators(values: list[Column], vocab: Vocabulary, ctx: TableContext, table: Table, warnings: list[Failure]) -> list[Column]:  # fmt: skip
    """A 合计 (总计, 小计) column beside columns of indicators (新增学前普惠学位 | 新增中小学学位 | 合计) sums
    different indicators: no target's figure — not read, the indicators are."""
    if not any(c.role.indicator for c in values):
        return values
    totals = vocab.grammar.totals
    summed = {c.index for c in values if not c.role.indicator and c.path and header_key(c.path[-1]) in totals}
    why = "是各指标之和（合计），不是某一个目标指标的数"
    warnings.extend(_not_read(c, why, ctx, table) for c in values if c.index in summed)
    return [c for c in values if c.index not in summed]


def _single_month_is_period(
    values: list[Column], ctx: TableContext, period_column: bool
) -> tuple[list[Column], str | None]:
    """Month labels that all name the same month (1-6月 over 本月 | 累计, or one 1-6月 column) state the
    table's period, not a month per column: the columns keep their measure (a bare range or month is
    resolved per row, see :func:`_resolve_lone`) and the period comes from the title, sheet or file.

    When nothing around the table names a month, the columns' month (with the year of the title or
    file name) is the table's period; when the title names another month, which one is meant cannot
    be known: the second value says so.
    """
    months = {c.role.month for c in values if c.role.month is not None}
    years = {c.role.year for c in values if c.role.month is not None and c.role.year is not None}
    if len(months) != 1 or len(years) > 1:  # 2024年6月 | 1-6月累计: one month (the year said once)
        return values, None
    year, month = next(iter(years), None), next(iter(months))
    col = next(c for c in values if c.role.month is not None)
    if ctx.period is None and not period_column and (year or ctx.year):
        # Nothing around the table names the month: the columns do (the year from the title or file name).
        ctx.period = date(year or ctx.year or 0, month, 1)
        ctx.period_source = f"表头（{col.header_cell}）"
    elif (
        ctx.period is not None
        and not period_column
        and (ctx.period.month != month or (year is not None and ctx.period.year != year))
    ):
        return values, (
            f"表头“{col.label}”（{col.header_cell}）是{month}月，而{ctx.period_source}写的是"
            f"{ctx.period.year}年{ctx.period.month}月，无法确定数据属于哪个月"
        )
    out = []
    for c in values:
        if c.role.month is not None:
            try:
                role = _without_month(c.role)
            except TypeError:  # a role holding something unhashable (a layout override's list)
                role = replace(c.role, month=None, is_range=False, year=None)
            c = Column(c.index, c.path, c.cells, role, c.unit, c.unit_cell)
        out.append(c)
    return out, None


@lru_cache(maxsize=1024)
def _without_month(role: Role) -> Role:
    """``role`` with no month, range or year (a Role is immutable: one copy per distinct role)."""
    return replace(role, month=None, is_range=False, year=None)


def _unlabelled_columns(
    table: Table, grid: list[list[Any]], columns: list[Column], ctx: TableContext
) -> list[Failure]:
    """One COLUMN_IGNORED warning per run of columns that hold values under a header without any
    label (blank, or only numbers: a row filled out to column XFD beside the table). A column read by its cells
    (本月 / 累计 under no header: the rows' measure, table_roles.measure_column) is no such column."""
    unlabelled = {c.index for c in columns if not c.path and c.role.kind != "identity"}
    if not unlabelled:
        return []
    holding: set[int] = set()
    for r in range(table.body_start, table.body_end):
        if r in table.repeated_header_rows:
            continue
        row = grid[r]
        holding.update(j for j, v in enumerate(row) if j in unlabelled and not _is_blank(v))
    if not holding:
        return []
    runs: list[list[int]] = []
    for j in sorted(holding):
        if runs and all(k in unlabelled for k in range(runs[-1][-1] + 1, j)):
            runs[-1].append(j)
        else:
            runs.append([j])
    out = []
    header = table.first_header + 1
    for run in runs:
        a, b = column_letter(run[0]), column_letter(run[-1])
        where = f"{a}列" if a == b else f"{a}列至{b}列（共{run[-1] - run[0] + 1}列）"
        out.append(
            _warn(
                Code.COLUMN_IGNORED,
                f"{where}有数值，但表头没有文字（为空或只是数字），不知道是哪一项数值，未读取。",
                ctx, table.sheet, f"{a}{header}", where,
            )
        )  # fmt: skip
    return out


def _drop_form_row_codes(grid: list[list[Any]], table: Table, idents: dict[str, Column]) -> None:
    """A 代码 column beside 指标名称 holding only whole numbers (01, 02, 1 …) is an official form's row codes,
    numbering its rows as 行次 does, never the catalog's codes (coal_output): not read, the rows go by name."""
    code, name = idents.get("indicator_code"), idents.get("indicator_name")
    if code is None or name is None:
        return
    j, numbered = code.index, False
    for r in range(table.body_start, table.body_end):
        v = grid[r][j] if j < len(grid[r]) else None
        if not _is_blank(v):
            text = str(v).strip().removesuffix(".0")
            if not (text.isdigit() and len(text) <= 4):
                return  # a catalog code (coal_output), usually at the first row
            numbered = True
    if numbered:
        del idents["indicator_code"]


def _column_empty(grid: list[list[Any]], table: Table, j: int) -> bool:
    return all(j >= len(grid[r]) or _is_blank(grid[r][j]) for r in range(table.body_start, table.body_end))


def _apply_overrides(table: Table, ctx: TableContext, warnings: list[Failure]) -> list[Column]:
    """Columns with the department's layout overrides applied (see :mod:`bijie_etl.ingest.overrides`)."""
    if not ctx.overrides:
        return table.columns
    out = []
    for col in table.columns:
        spec = ctx.overrides.get(col.letter)
        if spec is None:
            out.append(col)
            continue
        if spec.get("role") == "ignore":
            role = Role("ignored", reason="按本部门的表格说明（sources/layouts）不读取")
        elif spec.get("field") in (*MEASURE_FIELDS, *DEFERRED):
            role = Role(
                "value",
                field=spec["field"],
                month=spec.get("month"),
                is_range=bool(spec.get("ytd", False)),
                county=spec.get("county"),
                indicator=spec.get("indicator"),
                indicator_text=spec.get("indicator"),
            )
        else:
            role = Role("identity", field=spec.get("field"))
        col = Column(col.index, col.path, col.cells, role, spec.get("unit", col.unit), col.unit_cell)
        col.path = (*col.path, "（覆盖：sources/layouts）")
        out.append(col)
    table.columns = out
    return out


def _layout(idents: dict[str, Column], values: list[Column], ctx: TableContext) -> tuple[str, str | None]:
    """The layout's name and, when the table cannot be read unambiguously, why."""
    if not values:
        return "long", None  # validation says which value each row lacks
    by_month = any(c.role.month is not None for c in values)
    by_county = any(c.role.county for c in values)
    by_indicator = any(c.role.indicator for c in values)
    parts = [
        name
        for name, on in (
            ("wide_by_month", by_month),
            ("wide_by_county", by_county),
            ("wide_by_indicator", by_indicator),
        )
        if on
    ]
    layout = "+".join(parts) or "long"
    row_indicator = "indicator_name" in idents or "indicator_code" in idents
    if by_indicator and row_indicator:
        return layout, "既有“指标名称”列，列标题又是指标名称，无法确定每个数值属于哪个指标"
    if not by_indicator and not row_indicator and ctx.indicator is None and ctx.title_indicators:
        named = "、".join(f"“{w}”（{c}）" for _, w, c in ctx.title_indicators)
        return layout, f"没有“指标名称”列，标题中有多个指标（{named}），无法确定数值属于哪个指标"
    if not by_indicator and not row_indicator and ctx.indicator is None and layout != "long":
        return layout, "没有“指标名称”或“指标代码”列，列标题和表格标题中也没有指标名称"
    if by_indicator and not all(c.role.indicator for c in values):
        odd = next(c for c in values if not c.role.indicator)
        return (
            layout,
            f"有的列是指标（如“{next(c for c in values if c.role.indicator).label}”），有的列不是（“{odd.label}”）",
        )
    if by_county and "county" in idents:
        return layout, "既有“区县”列，列标题又是区县名称"
    if ctx.counties_in_title and ctx.county is None and not by_county and "county" not in idents:
        line, where = ctx.counties_in_title
        return (
            layout,
            f"标题“{line}”（{where}）中有多个区县，表中又没有“区县”列或区县列标题，无法确定数据属于哪个区县",
        )
    if by_month and "period" in idents:
        return layout, "既有“统计期”列，列标题又是月份"
    return layout, None


def _fill_groups_down(
    table: Table, grid: list[list[Any]], idents: dict[str, Column], values: list[Column]
) -> list[list[Any]]:
    """区县 | 指标名称 with the county (or the indicator) written once on the first row of its group
    and left blank below (a visual merge, without a merged cell): each blank is the group's.

    Only in a table with both a county and an indicator-name column (or, with no county column, an
    indicator-name column beside a 口径 column saying 本月 / 累计 on each row of the group), and only on rows
    whose other naming cell and some value are filled. Returns the grid with those cells filled (rows copied).
    """
    county, name, measure = idents.get("county"), idents.get("indicator_name"), idents.get("measure")
    if name is None or not values:
        return grid
    if county is not None:
        pairs: tuple[tuple[Column, Column], ...] = ((county, name), (name, county))
    elif measure is not None:  # 指标 | 口径, the name on its group's first row: carried down, never the 口径
        pairs = ((name, measure),)
    else:
        return grid
    value_idx = [c.index for c in values]
    patched: dict[int, list[Any]] = {}
    repeated = set(table.repeated_header_rows)
    body = grid[table.body_start : table.body_end]
    # both naming columns' cells taken once: the second pass looks at the first's columns swapped
    cells = {c.index: column_cells(body, 0, len(body), c.index, "") for c in pairs[0]}
    for col, other in pairs:
        last: Any = None
        at, ot = col.index, other.index
        if patched:  # the first pass carried names down: this one looks at the rows as they now are
            rows = [patched.get(r, grid[r]) for r in range(table.body_start, table.body_end)]
            cells = {j: column_cells(rows, 0, len(rows), j, "") for j in (at, ot)}
        if not any_blank(cells[at]):
            continue  # every row names its county (indicator): nothing to carry down
        others = cells[ot]
        if all(_is_blank(others[i]) for i in _blank_rows(cells[at])):
            continue  # the other name is blank too wherever this one is (blank rows): nothing to carry down
        for r in range(table.body_start, table.body_end):
            row = patched.get(r, grid[r])
            if r in repeated:
                continue
            v = row[at] if at < len(row) else ""
            # _is_blank(v), inlined: this runs twice for every body row of every county table
            if not (v is None or (isinstance(v, str) and not v.strip()) or (isinstance(v, float) and v != v)):
                last = v
                continue
            o = row[other.index] if other.index < len(row) else ""
            has_value = any(j < len(row) and not _is_blank(row[j]) for j in value_idx)
            if last is None or _is_blank(o) or not has_value:
                if _is_blank(o) and not has_value:
                    last = None  # a blank row ends the group
                continue
            new = list(row)
            new[col.index] = last
            patched[r] = new
    if not patched:
        return grid
    return [patched.get(r, row) for r, row in enumerate(grid)]


#: Where a row's county comes from when the table has no 区县 column: (county, cell naming it, the
#: indicator name it belongs to when the row itself names a county, that name's cell).
_RowCounty = tuple[str, str, str | None, str | None]


def _county_sections(
    table: Table,
    grid: list[list[Any]],
    vocab: Vocabulary,
    idents: dict[str, Column],
    values: list[Column],
    ctx: TableContext,
) -> dict[int, _RowCounty | None]:
    """Counties named by rows of a table without a 区县 column.

    - A section row naming a county (一、七星关区 | | |, no values): the rows below, down to the next
      such section, are that county's; the section row itself maps to None (it is not a data row).
    - A row with values whose name is a county (其中：七星关区 | 42.3 | 252.8, or an indented 大方县)
      under an indicator row: that indicator's figure for the county.

    Returns body row (0-based) → :data:`_RowCounty`; empty when no row names a county.
    """
    name = idents.get("indicator_name")
    if name is None or "county" in idents or ctx.county is not None or vocab.catalog is None:
        return {}
    value_idx = [c.index for c in values if not (c.role.county or c.role.indicator)]
    if not value_idx:
        return {}
    out: dict[int, _RowCounty | None] = {}
    current: _RowCounty | None = None
    parent: tuple[str, str] | None = None
    found = False
    for r in range(table.body_start, table.body_end):
        row = grid[r]
        v = row[name.index] if name.index < len(row) else ""
        if isinstance(v, str) and v.strip():
            cell = f"{name.letter}{r + 1}"
            if vocab.find_indicator(v) is not None:
                parent = (v.strip(), cell)
            else:
                county = vocab.catalog.county(v)  # numbering / 其中 / marks; 全市（不含…） stays unknown
                if county is not None:
                    found = True
                    if not any(j < len(row) and not _is_blank(row[j]) for j in value_idx):
                        current = (county, cell, None, None)
                        out[r] = None
                        parent = None
                    elif parent is not None:
                        out[r] = (county, cell, *parent)
                    continue
        if current is not None:
            out[r] = current
    return out if found else {}


def _needs_period_fix(grid: list[list[Any]], table: Table, col: Column | None, vocab: Vocabulary, *, numbers: bool = False) -> bool:  # fmt: skip
    """True when a 统计期 column holds months without a year (1月, 1-3月) that need the table's year, or
    (``numbers``: a monthly report) months by number (6, 06, 第6期)."""
    if col is None:
        return False
    cells = column_cells(grid, table.body_start, min(table.body_end, table.body_start + 50), col.index, "")
    # a 统计期 column repeats a few values: each read once
    for _, v in dict.fromkeys(zip(map(type, cells), cells, strict=True)):
        if numbers and issue_month(v) is not None:
            return True
        if isinstance(v, str) and v.strip() and "20" not in v:
            key = vocab.grammar.without_current(header_key(v))
            if vocab.grammar.month_label(key) or vocab.grammar.own_span_in(v):
                return True
    return False


# --------------------------------------------------------------------------------------------
# Rows shared by both paths


def _section_warning(ctx: TableContext, table: Table, cell: str, text: str) -> Failure:
    return _warn(
        Code.SECTION_ROW_SKIPPED,
        f"“{text[:40]}”这一行只有名称、没有数值，按分组标题跳过。",
        ctx, table.sheet, cell, text,
    )  # fmt: skip


# --------------------------------------------------------------------------------------------
# The long layout: vectorised (the common case, and the benchmark's)


def _long_rows(
    table: Table,
    grid: list[list[Any]],
    vocab: Vocabulary,
    ctx: TableContext,
    idents: dict[str, Column],
    values: list[Column],
    warnings: list[Failure],
) -> SheetRows:
    columns = {f: c.index for f, c in idents.items()}
    lone: dict[str, str] = {}
    for c in values:
        fld = str(c.role.field)
        if fld in DEFERRED:
            placed = _LONE_PLACE[fld]
            if placed in columns:  # an explicit column of that measure wins; this one is read as the kind's
                placed = next((f for f in ("value", "value_ytd", "value_month") if f not in columns), placed)
            lone[placed] = fld
            fld = placed
        elif fld in ("value", "value_ytd"):
            lone.setdefault(fld, fld)
        columns.setdefault(fld, c.index)
    order = [f for f in FIELDS if f in columns]
    start, end = table.body_start, table.body_end
    body = grid[start:end]
    width = max(map(len, body), default=0)
    _body_rows_notes(table, grid, ctx, warnings)
    if body and width:
        # One list per field read (only those columns: the rest of the sheet's width is never looked at).
        data = _body_columns(body, [columns[f] for f in order], width, table.merges, start)
        keep = _kept_rows(data, len(body), order, columns, table, vocab, ctx, warnings)
        if all(keep):  # every body row a data row (the usual table): the rows' numbers in one call
            row_numbers = np.arange(start + 1, start + 1 + len(body), dtype=np.int64)
        else:
            numbers = compress(range(start + 1, start + 1 + len(body)), keep)
            data = [list(compress(col, keep)) for col in data]
            row_numbers = np.fromiter(numbers, dtype=np.int64)
    else:
        data = [[] for _ in order]
        row_numbers = np.empty(0, dtype=np.int64)
    for k, col in enumerate(data):
        fname = order[k]
        types = set(map(type, col))
        if types <= _TEXTS:  # texts and blanks only (the usual column): each distinct cell once
            # names and counties kept as typed, trimmed (messages quote them, validation matches them);
            # the other text fields normalised; a figure typed as text kept as typed; a blank None
            named = fname in ("indicator_name", "county")
            data[k] = text_cells(col) if fname in TEXT_FIELDS and not named else kept_texts(col, "names" if named else "figures")  # fmt: skip
            continue
        if not any(issubclass(t, str) for t in types):
            continue  # no text in the column (figures only, no ""): nothing to trim
        if "" in col:
            data[k] = col = blank_none(col)
            if not any(map(str.__instancecheck__, col)):
                continue  # no text but "" (now None): nothing to trim
            types = set(map(type, col))
        if fname in ("indicator_name", "county"):
            if untrimmed(col, to_none=False, types=types):
                data[k] = [(v.strip() or None) if isinstance(v, str) else v for v in col]
        elif fname in TEXT_FIELDS:
            data[k] = [_text_cell(v) if isinstance(v, str) else v for v in col]
        elif untrimmed(col, to_none=True):
            data[k] = [None if isinstance(v, str) and not v.strip() else v for v in col]
    left: list[tuple[str, str, int]] = []
    plan = _plan_lone(data, order, lone, vocab, ctx.indicator, left) if lone else {}
    if left:  # lone figures not read beside the figure read: said so
        warnings += [_warn(Code.COLUMN_IGNORED, message, ctx, table.sheet, cell, figure)
                     for cell, figure, message in left_notes(left, values, columns, row_numbers, data, order)]  # fmt: skip
    letters = {f: column_letter(columns[f]) for f in order}
    out = SheetRows(table.sheet, table.last_header + 1, letters, TableColumns(order, data, row_numbers), warnings)  # fmt: skip
    if table.formats:
        _add_formats(out.rows, table, columns, order)
    _apply_column_units(out, values, columns)
    if plan:
        _apply_lone(out, plan)
    join_prior_rows(out, vocab, ctx.file_name, ctx.period)
    if growth_rows_to_join(data, order, plan, vocab):
        join_growth_rows(out, vocab, ctx.file_name, ctx.period)
    _apply_table_facts(out, ctx)
    return out


def _kept_rows(
    data: list[list[Any]],
    n: int,
    order: list[str],
    columns: dict[str, int],
    table: Table,
    vocab: Vocabulary,
    ctx: TableContext,
    warnings: list[Failure],
) -> list[bool]:
    """Which body rows of a long table are data rows: some read cell filled, not a repeated header,
    not a section row (a name that is no indicator and nothing else: warned as SECTION_ROW_SKIPPED)."""
    start, end = table.body_start, table.body_end
    # A row with some read cell filled: not a row whose every read cell is "".
    keep = [True] * n if data else [False] * n
    for i in _all_blank(data, range(len(data)), n):
        keep[i] = False
    value_idx = [order.index(f) for f in order if f in MEASURE_FIELDS]
    name_field = "indicator_name" if "indicator_name" in columns else None
    if value_idx and name_field:
        nk = order.index(name_field)
        for i in [i for i in _all_blank(data, value_idx, n) if keep[i]]:  # the kept rows without a figure
            name = data[nk][i]
            if isinstance(name, str) and name.strip() and vocab.find_indicator(normalize_text(name)) is None:
                others = [
                    f
                    for k, f in enumerate(order)
                    if f not in (name_field, "unit", "note") and data[k][i] not in ("", None)
                ]
                if not others:
                    keep[i] = False
                    cell = f"{column_letter(columns[name_field])}{start + i + 1}"
                    warnings.append(_section_warning(ctx, table, cell, name.strip()))
    for r in table.repeated_header_rows:
        if start <= r < end:
            keep[r - start] = False
    return keep


def _all_blank(data: list[list[Any]], which: Any, n: int) -> list[int]:
    """The rows (ascending) whose cells are all "" in the columns ``which`` of ``data`` (none when ``which`` is
    empty): the first column's "" cells found in a C loop, then only those rows looked at in the others."""
    ks = iter(which)
    first = next(ks, None)
    if first is None:
        return []
    rows = list(compress(range(n), map(eq, data[first], repeat(""))))
    for k in ks:
        if not rows:
            break
        col = data[k]
        rows = [i for i in rows if col[i] == ""]
    return rows


def _add_formats(rows: pd.DataFrame, table: Table, columns: dict[str, int], order: list[str]) -> None:
    """``fmt:<field>`` columns: the number format of each value cell that has one that matters."""
    numbers = rows["row"].tolist()
    for fname in order:
        if fname in TEXT_FIELDS:
            continue
        j = columns[fname]
        found = [table.formats.get((r - 1, j)) for r in numbers]
        if any(found):
            rows[f"fmt:{fname}"] = pd.Series(found, index=rows.index, dtype=object)


#: Where a lone figure sits before its row's kind is known (then :func:`_resolve_lone` moves it).
_LONE_PLACE = {"@ytd": "value_ytd", "@month": "value_month", "@main": "value", "@level": "value_ytd"}


def _plan_lone(
    data: list[list[Any]],
    order: list[str],
    lone: dict[str, str],
    vocab: Vocabulary,
    titled: tuple[str, str, str] | None = None,
    left: list[tuple[str, str, int]] | None = None,
) -> dict[tuple[str, str], list[int]]:
    """Where each row's single figure goes for its target's kind (long layout): ``{(from, to): rows}``.

    ``data`` holds one list per field of ``order``. ``lone`` maps a placed field to what its column said:
    ``@ytd`` (a bare 1-6月), ``@month`` (a bare
    6月), ``value`` (本期值/完成值/绝对值), ``value_ytd`` (累计). Per row, by the target's kind, when the
    destination is empty: cumulative and count targets read 本期值 as 累计; shares and levels read a
    bare 1-6月, 6月 or their figure in the 累计 column as 本期值; growth targets read a figure in % (not named as the level) as the growth, and keep any
    other figure (地区生产总值 1123.4 亿元) as the level in 累计. Rows naming no indicator take the one the
    title names (``titled``: 2024年1-6月各县煤炭产量 over 县（区） | 数值).
    """
    n = len(data[0]) if data else 0
    if vocab.catalog is None or not n:
        return {}
    position = {f: k for k, f in enumerate(order)}
    nothing = [None] * n
    codes = data[position["indicator_code"]] if "indicator_code" in position else nothing
    names = data[position["indicator_name"]] if "indicator_name" in position else nothing
    if titled is not None and "indicator_code" not in position and "indicator_name" not in position:
        codes = [titled[0]] * n
    units = data[position["unit"]] if "unit" in position else nothing
    # each row's (code, name, unit) once
    distinct = list(dict.fromkeys(zip(codes, names, units, strict=True)))
    plan: dict[tuple[str, str], list[int]] = {}
    for placed, said in lone.items():
        if placed not in position or not any(map(is_not, data[position[placed]], repeat(None))):
            continue  # no such column, or not a figure in it (a blank is None): nothing moves, nothing left
        # (code, name, unit) → where the figure goes (None: it stays); the same for every row of an indicator
        memo = vocab._lone_dests.get((said, placed))
        if memo is None:
            memo = vocab._lone_dests[(said, placed)] = {}
        found = list(map(memo.get, distinct, repeat(_UNSET)))  # one C loop: every row's indicator is known
        if _UNSET in found:
            if len(memo) > 20000:
                memo.clear()
            for k, where in enumerate(distinct):
                if found[k] is _UNSET:
                    found[k] = memo[where] = _lone_dest_of(where, said, placed, vocab)
        dests = dict(zip(distinct, found, strict=True))
        if not any(found):
            continue  # every figure stays where it is (the usual table)
        column = data[position[placed]]
        if all(d is None or (d in position and not any_blank(data[position[d]])) for d in set(found)):
            if (
                left is not None and len(set(found)) == 1 and found[0] in position
            ):  # one kind of target (an export)
                there = data[position[found[0]]]
                if column != there:  # a figure of its own beside every figure read: said so (_long_rows)
                    # a blank (None) is no figure: only the filled cells that differ are looked at
                    differ = compress(range(n), map(ne, column, there))
                    left += [(placed, found[0], i) for i in differ if column[i] is not None and other_figure(column[i], there[i])]  # fmt: skip
            continue  # every destination already filled on every row: nothing moves
        for i in compress(range(n), map(is_not, column, repeat(None))):  # the rows with something to move
            v, dest = column[i], dests[codes[i], names[i], units[i]]
            if not dest or (isinstance(v, str) and not v.strip()):
                continue  # it stays (no destination, never ""), or it is blank
            if dest in position and not _is_blank(data[position[dest]][i]):
                continue
            plan.setdefault((placed, dest), []).append(i)
    return plan


_UNSET: Any = object()


def _lone_dest_of(where: tuple[Any, Any, Any], said: str, placed: str, vocab: Vocabulary) -> str | None:
    """Where a lone figure in ``placed`` goes for its row's (code, name, unit); None when it stays
    (no target found, or its kind leaves it where it is). A pure function of its arguments and the
    vocabulary's catalog and units: :func:`_plan_lone` remembers it in the Vocabulary."""
    code, name, unit = where
    target = vocab.catalog.get(code) if isinstance(code, str) and code else None
    if target is None and isinstance(name, str) and not (isinstance(code, str) and code):
        target = vocab.find_indicator(name)
    if target is None:
        return None
    unit = unit or (
        name_unit(name, vocab.units) if isinstance(name, str) else None
    )  # 增速（%）: no unit column
    dest = _lone_dest(said, target.kind.value, unit, name, vocab)
    return None if dest == placed else dest


def _apply_lone(out: SheetRows, plan: dict[tuple[str, str], list[int]]) -> None:
    """Carry out :func:`_plan_lone`'s moves; a column left empty by them is dropped."""
    rows = out.rows
    moved: set[str] = set()
    for (placed, dest), where in plan.items():
        mask = pd.Series(False, index=rows.index)
        mask.iloc[where] = True
        _move(out, placed, dest, mask)
        moved.add(placed)
    for placed in moved:
        if placed in rows.columns and rows[placed].map(_is_blank).all():
            del rows[placed]
            out.columns.pop(placed, None)
            if f"fmt:{placed}" in rows.columns:
                del rows[f"fmt:{placed}"]


def _lone_dest(said: str, kind: str, unit: Any, name: Any, vocab: Vocabulary) -> str | None:
    """Where a lone figure (see :func:`_resolve_lone`) goes for a target of ``kind``."""
    if kind in ("cumulative", "count"):
        return "value_ytd" if said == "value" else None
    if kind in ("share", "level"):
        return "value"
    if said == "value_ytd":
        return None  # an explicit 累计 column is 累计 for the other kinds
    if kind == "growth_rate":
        level = isinstance(name, str) and bool(vocab.catalog.names_level(name))
        return "growth_pct" if tr.is_percent(unit) and not level else "value_ytd"
    return None


def _move(out: SheetRows, source: str, dest: str, move: pd.Series) -> None:
    """Move ``source`` values of the rows in ``move`` to ``dest``, keeping their cell, format and unit."""
    rows = out.rows
    letter = out.columns.get(source)
    for prefix in ("", "fmt:", "unit:"):
        src, dst = f"{prefix}{source}", f"{prefix}{dest}"
        if src not in rows.columns:
            continue
        if dst not in rows.columns:
            rows[dst] = pd.Series([None] * len(rows), index=rows.index, dtype=object)
        rows.loc[move, dst] = rows.loc[move, src]
        rows.loc[move, src] = None
    if f"unit:{source}" in out.fixed_cells:
        out.fixed_cells.setdefault(f"unit:{dest}", out.fixed_cells[f"unit:{source}"])
    if letter:
        cells = rows["row"].map(lambda r: f"{letter}{r}")
        old = (
            rows[f"cell:{dest}"]
            if f"cell:{dest}" in rows.columns
            else pd.Series([None] * len(rows), index=rows.index)
        )
        rows[f"cell:{dest}"] = cells.where(move, old).astype(object)


def _body_rows_notes(table: Table, grid: list[list[Any]], ctx: TableContext, warnings: list[Failure]) -> None:
    for r in table.note_rows:
        row = grid[r]
        hit = next(((j, v) for j, v in enumerate(row) if v != "" and v is not None), None)
        if hit is None:
            continue
        j, first = hit
        text = str(first).strip()
        warnings.append(
            Failure(
                code=Code.NOTE_IGNORED,
                message_zh=f"表格下方的说明行已忽略，不作为数据读取：“{text[:60]}”。",
                file=ctx.file_name,
                sheet=table.sheet,
                cell=f"{column_letter(j)}{r + 1}",
                row_number=r + 1,
                value=text,
                severity=Severity.WARNING,
            )
        )


def _body_columns(
    body: list[list[Any]], idx: list[int], width: int, merges: list[Any], start: int
) -> list[list[Any]]:
    """The cells of columns ``idx`` of the body rows (a short row padded with ""), one list per column; a cell
    merged down a column inside the body (区县 spanning its rows) applies to every row it covers.

    Raises IndexError for a column at or past ``width`` (the widest body row), as indexing the body as
    one array of that width does."""
    for j in idx:
        if j >= width:
            raise IndexError(f"index {j} is out of bounds for axis 1 with size {width}")
    if min(map(len, body)) < width:  # ragged rows (csv pads, calamine does not need to)
        data = [[row[j] if j < len(row) else "" for row in body] for j in idx]
    elif width <= 3 * len(idx):  # the body's every column in one C loop (the usual table: few unread)
        every = list(zip(*body, strict=True))
        data = [list(every[j]) for j in idx]
    else:  # a sheet far wider than the columns read: only those
        data = [list(col) for col in zip(*map(itemgetter(*idx), body), strict=True)] if len(idx) > 1 else [[row[idx[0]] for row in body]]  # fmt: skip
    n = len(body)
    for (r0, c0), (r1, c1) in merges:
        if c0 == c1 and r1 > r0 >= start and r0 < start + n:
            if c0 >= width:
                raise IndexError(f"index {c0} is out of bounds for axis 1 with size {width}")
            for k, j in enumerate(idx):
                if j == c0:
                    col = data[k]
                    stop = min(r1 + 1 - start, n)
                    col[r0 + 1 - start : stop] = [col[r0 - start]] * max(0, stop - (r0 + 1 - start))
    return data


def _apply_column_units(out: SheetRows, values: list[Column], columns: dict[str, int]) -> None:
    """Record the unit each value column states (header bracket or unit row) as ``unit:<field>``,
    and the cell stating it as ``fixed_cells["unit:<field>"]``; validation converts (issue #14)."""
    # "(%)" on a growth column says the growth is in percent: not a unit of the level.
    placed = {j: f for f, j in columns.items()}
    stated = [
        (c, placed.get(c.index, c.role.field))
        for c in values
        if c.unit
        and placed.get(c.index, c.role.field) in MEASURE_FIELDS
        and not (placed.get(c.index, c.role.field) == "growth_pct" and c.unit == "%")
    ]
    if not stated:
        return
    n = len(out.rows)
    for col, fld in stated:
        out.rows[f"unit:{fld}"] = pd.Series([col.unit] * n, index=out.rows.index, dtype=object)
        out.fixed_cells[f"unit:{fld}"] = col.unit_cell or col.header_cell


def _fill_unit(out: SheetRows, unit: str, cell: str) -> None:
    rows = out.rows
    if "unit" in rows.columns:
        rows["unit"] = rows["unit"].where(rows["unit"].notna(), unit)
    else:
        rows["unit"] = pd.Series([unit] * len(rows), index=rows.index, dtype=object)
    out.fixed_cells.setdefault("unit", cell)


def _apply_table_facts(out: SheetRows, ctx: TableContext) -> None:
    """The table's unit line, county and indicator (from the title) for rows that do not state them."""
    if ctx.unit and "unit" not in out.fixed_cells:
        _fill_unit(out, *ctx.unit)
    if ctx.county and "county" not in out.columns:
        name, cell = ctx.county
        rows = out.rows
        rows["county"] = pd.Series([name] * len(rows), index=rows.index, dtype=object)
        out.fixed_cells["county"] = cell
    if ctx.indicator and "indicator_name" not in out.columns and "indicator_code" not in out.columns:
        _code, text, cell = ctx.indicator
        rows = out.rows
        if "indicator_name" not in rows.columns:
            rows["indicator_name"] = pd.Series([text] * len(rows), index=rows.index, dtype=object)
        out.fixed_cells["indicator_name"] = cell


# --------------------------------------------------------------------------------------------
# Every other layout: one value at a time


def _resolve(fld: str, kind: str | None, row_period: tuple[int | None, int, bool] | None) -> str:
    """A deferred measure for an indicator of ``kind`` (None: not in the catalog)."""
    if fld == "@level":
        return "value_ytd"
    if fld == "@main" and row_period is not None:
        fld = "@ytd" if row_period[2] else "@month"
    cumulative = kind in _CUMULATIVE or kind is None
    if fld == "@month":  # that month's own figure; a growth rate per month is the growth to date
        return "growth_pct" if kind == "growth_rate" else "value_month"
    if fld == "@ytd":
        return "value_ytd" if cumulative else _KIND_FIELD.get(str(kind), "value")
    if fld == "@main":
        return _KIND_FIELD.get(str(kind), "value") if kind else "value"
    return fld


_KIND_FIELD = {
    "growth_rate": "growth_pct",
    "cumulative": "value_ytd",
    "count": "value_ytd",
    "share": "value",
    "level": "value",
}


def _general_rows(
    table: Table,
    grid: list[list[Any]],
    vocab: Vocabulary,
    ctx: TableContext,
    idents: dict[str, Column],
    values: list[Column],
    warnings: list[Failure],
    row_measures: dict[int, Role | None] | None = None,
    sections: dict[int, _RowCounty | None] | None = None,
    own_rows: dict[int, str] | None = None,
) -> SheetRows:
    _body_rows_notes(table, grid, ctx, warnings)
    measure_col = idents.pop("measure", None) if row_measures else None
    per_month, periods = pc.several_periods(table, grid, idents.get("period"), vocab, ctx.monthly_numbers)
    merged_down = _merged_down(table, grid)
    markers = vocab.spec.missing_markers
    unit_cells: dict[str, str] = {}
    records: dict[tuple[Any, ...], dict[str, Any]] = {}
    kinds: dict[str, str | None] = {}

    def cell_of(r: int, j: int) -> Any:
        owner = merged_down.get((r, j))
        if owner is not None:
            r = owner
        return grid[r][j] if j < len(grid[r]) else ""

    def kind_of(name: str | None, code: str | None) -> tuple[str | None, str | None]:
        key = code or name or ""
        if key not in kinds:
            target = None
            if vocab.catalog is not None:
                target = (vocab.catalog.get(code) if code else None) or vocab.find_indicator(name or "")
            kinds[key] = target.kind.value if target is not None else None
            kinds["@" + key] = target.code if target is not None else None
        return kinds[key], kinds["@" + key]

    for r in range(table.body_start, table.body_end):
        row = grid[r]
        if r in table.repeated_header_rows or not any(v != "" and v is not None for v in row):
            continue
        if sections and r in sections and sections[r] is None:
            continue  # 一、七星关区: names the county of the rows below
        ident: dict[str, Any] = {}
        ident_cell: dict[str, str] = {}
        named = sections.get(r) if sections else None
        for fld, col in idents.items():
            v = cell_of(r, col.index)
            if not _is_blank(v):
                if fld in ("indicator_name", "county") and isinstance(v, str):
                    ident[fld] = v.strip()  # kept as typed: messages quote it
                else:
                    ident[fld] = _text_cell(v) if isinstance(v, str) and fld in TEXT_FIELDS else v
                ident_cell[fld] = f"{col.letter}{r + 1}"
        if named is not None:
            ident["county"], ident_cell["county"] = named[0], named[1]
            if named[2] is not None:  # 其中：七星关区 under 煤炭产量: that indicator's figure for the county
                ident["indicator_name"], ident_cell["indicator_name"] = named[2], str(named[3])
        row_period = None
        if r in periods:  # a row per month typed as a date: 2024年1月; 合计 under 1月 … 6月: 1-6月
            ident["period"] = periods[r]
        if "period" in ident and ctx.monthly_numbers and (num := issue_month(ident["period"])) and (num[0] or ctx.year):  # fmt: skip
            if (said := pc.issue_period(ident["period"], num, ctx, table, ident_cell, warnings)) is None:
                continue  # 第5期 of a 统计月报 with no month stated around it: May or June? refused
            ident["period"] = said  # 统计期 6, 06, 第6期: that month of the table's year
        if "period" in ident and isinstance(ident["period"], str):
            pkey = vocab.grammar.without_current(header_key(ident["period"]))  # 本年6月: the table's year
            ml = vocab.grammar.month_label(pkey)
            if ml is None:
                # 二季度: only 本月 and 累计 are left, 累计 the year to date (period_cells.refuse_own_span_figures)
                span = span_label(pkey, vocab.grammar.spans)
                ml = (span[0], span[1], True, span[3]) if span and span[2] and not span[3] else None
            if ml and ("20" not in ident["period"] or per_month):
                year = ml[0] or ctx.year
                row_period = (year, ml[1], ml[2] or ctx.cumulative is not None)
                if year:
                    ident["period"] = f"{year}-{ml[1]:02d}"
        given = [(c, cell_of(r, c.index)) for c in values]
        given = [(c, v) for c, v in given if not _is_blank(v)]
        if own_rows and r in own_rows:
            lone = [c for c, _ in given if pc.lone_column(vocab, c)]
            if lone:
                period_col = idents["period"]
                warnings.append(
                    _warn(
                        Code.COLUMN_IGNORED,
                        f"第{r + 1}行统计期是“{own_rows[r]}”（{period_col.letter}{r + 1}），"
                        + "、".join(f"“{c.label}”（{c.letter}{r + 1}）" for c in lone)
                        + "是该季度（或下半年）自身的数值，不是自年初累计，也不是某一个月的数值，系统不保存，未读取"
                        "（请报送1-本月累计数，或在表头写明“本月”“1-本月累计”“累计增长”）。",
                        ctx, table.sheet, f"{lone[0].letter}{r + 1}", own_rows[r],
                    )
                )  # fmt: skip
                given = [(c, v) for c, v in given if c not in lone]
        # A missing marker (—, /, 无) is no value, and no warning either: the department said so.
        filled = [(c, v) for c, v in given if not _is_marker(v, markers)]
        if given and not filled:
            continue
        if not filled:
            name = ident.get("indicator_name") or ident.get("county") or ident.get("period")
            if name and not (ident.get("indicator_name") and vocab.find_indicator(str(name))):
                fld = next(f for f in ("indicator_name", "county", "period") if ident.get(f))
                warnings.append(_section_warning(ctx, table, ident_cell[fld], str(name)))
            continue
        row_role = row_unit = None
        if measure_col is not None and row_measures is not None:
            row_role = row_measures.get(r)
            label = cell_of(r, measure_col.index)
            text = label.strip() if isinstance(label, str) else ""
            row_unit = vocab.label(text).unit if text else None  # 1-6月累计（亿元）
            row_unit = GROWTH_INDEX if getattr(row_role, "unit", None) == GROWTH_INDEX else row_unit  # fmt: skip
            if row_role is None or row_role.kind != "value":
                why = row_role.reason if row_role is not None and row_role.reason else "不是本月、累计、上年同期、同比增长等数值项目"  # fmt: skip
                warnings.append(_warn(Code.COLUMN_IGNORED, f"第{r + 1}行“{text or '（空白）'}”未读取：{why}。", ctx, table.sheet, f"{measure_col.letter}{r + 1}", text))  # fmt: skip
                continue
        for col, v in filled:
            role = col.role
            if row_role is not None:
                # A transposed table: the column names the indicator (or county), the row the measure.
                role = replace(
                    role,
                    field=row_role.field,
                    month=row_role.month if row_role.month is not None else role.month,
                    year=row_role.year or role.year,
                    is_range=row_role.is_range if row_role.month is not None else role.is_range,
                )
            rec_ident = dict(ident)
            cells = dict(ident_cell)
            if role.indicator:
                # The column's label named a catalog indicator: the row is that indicator, by code.
                labels = [vocab.label(t).indicator for t in col.path]
                at = col.cells[labels.index(role.indicator)] if role.indicator in labels else col.header_cell
                rec_ident["indicator_code"] = role.indicator
                rec_ident["indicator_name"] = role.indicator_text
                cells["indicator_code"] = cells["indicator_name"] = at
            if role.county:
                rec_ident["county"] = role.county
                cells["county"] = col.header_cell
            if role.month is not None:
                year = role.year or ctx.year
                rec_ident["period"] = f"{year}-{role.month:02d}" if year else f"{role.month}月"
                cells["period"] = col.header_cell
            name = rec_ident.get("indicator_name")
            code = rec_ident.get("indicator_code") or (
                None if name or not ctx.indicator else ctx.indicator[0]
            )
            kind, resolved = kind_of(
                name if isinstance(name, str) else None, code if isinstance(code, str) else None
            )
            fld = pc.row_field(str(role.field), role.month, per_month and row_period, r in periods, kind)
            if fld in DEFERRED:
                said = fld
                fld = _resolve(fld, kind, row_period if role.month is None else None)
                if fld == "growth_pct" and tr.level_figure(col.unit, rec_ident.get("unit"), name, vocab):
                    # 1-6月 | 181.4 | 亿元 of 地区生产总值 (a growth target): the level, never a growth of 181.4 %
                    fld = "value_month" if said == "@month" else "value_ytd"
            elif fld in ("value", "value_ytd") and kind is not None and vocab.catalog is not None:
                # 本期值 / a share's 累计, as in the long layout (see _plan_lone): the kind's own field.
                unit = rec_ident.get("unit") or col.unit
                dest = _lone_dest(fld, kind, unit, name, vocab)
                if dest is not None:
                    fld = dest
            if (fld := pc.figure_field(fld, col, r, ctx, table, warnings, row_period)) is None:  # type: ignore[assignment]
                continue  # a 上年同期 row's 本月 or growth (last year's own), a 1-2月 row's 本月
            key: tuple[Any, ...] = (resolved or code or name, rec_ident.get("county"), rec_ident.get("period"))  # fmt: skip
            if (rec := records.get(key)) is not None and fld in rec and fld in MEASURE_FIELDS and differs(rec[fld], v):  # fmt: skip
                rec = records.get(key := (*key, r))  # given again, differently: a row of its own  # fmt: skip
            if rec is None:
                rec = records[key] = {"row": r + 1, **rec_ident}
                for f, c in cells.items():
                    rec[f"cell:{f}"] = c
                rec["_kind"] = kind
                rec["_months"] = {}
            if fld in rec and fld in MEASURE_FIELDS:
                first = rec.get(f"cell:{fld}")
                warnings.append(
                    _warn(
                        Code.COLUMN_IGNORED,
                        f"{col.letter}{r + 1}的数值与{first}重复（同一指标、区县、统计期的同一项），只读取{first}。",
                        ctx, table.sheet, f"{col.letter}{r + 1}", str(v),
                    )
                )  # fmt: skip
                continue
            rec[fld] = v
            rec[f"cell:{fld}"] = f"{col.letter}{r + 1}"
            fmt = table.formats.get((r, col.index))
            if fmt:
                rec[f"fmt:{fld}"] = fmt
            if col.unit and not role.indicator and not (fld == "growth_pct" and (col.unit == "%" or row_unit == GROWTH_INDEX)):  # fmt: skip
                rec[f"unit:{fld}"] = col.unit
                unit_cells.setdefault(f"unit:{fld}", col.unit_cell or col.header_cell)
            elif row_unit and (fld != "growth_pct" or row_unit == GROWTH_INDEX) and measure_col is not None:
                rec[f"unit:{fld}"] = row_unit
                unit_cells.setdefault(f"unit:{fld}", f"{measure_col.letter}{r + 1}")
            if (
                role.indicator
                and col.unit not in (None, *GROWTH_MARKS)
                and "unit" not in ident
                and not (
                    fld == "growth_pct" and col.unit == "%"
                )  # (%) of a growth column: not the level's unit
                and not rec.get("_unit_set")
            ):
                rec["unit"] = col.unit
                rec["cell:unit"] = col.unit_cell
                rec["_unit_set"] = True
            if role.month is not None and not role.is_range and fld == "value_month":
                rec["_months"][role.month] = v
    derive_ytd(records, _CUMULATIVE)
    frame = _frame(records)
    out = SheetRows(table.sheet, table.last_header + 1, {}, frame, warnings, fixed_cells=unit_cells)
    # Fields read from one column keep their letter (messages fall back to it).
    for fld, col in idents.items():
        if fld in frame.columns:
            out.columns[fld] = col.letter
    _apply_table_facts(out, ctx)
    return out


def _is_marker(value: Any, markers: frozenset[str]) -> bool:
    return isinstance(value, str) and is_missing_text(normalize_text(value).lower(), markers)


def _merged_down(table: Table, grid: list[list[Any]]) -> dict[tuple[int, int], int]:
    owner: dict[tuple[int, int], int] = {}
    for (r0, c0), (r1, c1) in table.merges:
        if r1 > r0 >= table.body_start:
            for r in range(r0 + 1, r1 + 1):
                for c in range(c0, c1 + 1):
                    owner[(r, c)] = r0
    return owner


def _frame(records: dict[tuple[Any, ...], dict[str, Any]]) -> pd.DataFrame:
    recs = list(records.values())
    names: list[str] = ["row", *[f for f in FIELDS if any(f in r for r in recs)]]
    extra = sorted({k for r in recs for k in r if ":" in k})
    data = {k: pd.Series([r.get(k) for r in recs], dtype=object) for k in [*names, *extra]}
    frame = pd.DataFrame(data)
    frame["row"] = frame["row"].astype("int64") if len(frame) else pd.Series(dtype="int64")
    return frame


def layout_zh(layout: str) -> str:
    """A layout name (``wide_month+wide_county``) in Chinese, parts joined by ＋."""
    return "＋".join(LAYOUT_ZH.get(part, part) for part in layout.split("+"))
