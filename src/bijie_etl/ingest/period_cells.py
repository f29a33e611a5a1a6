"""统计期 cells that are not a month of their own: a quarter's own span (2024年二季度), the words 本期 /
上年同期 (or a year alone, 2024年 | 2023年) under a title that names the period, and what each row's
figures then are. Used by :func:`bijie_etl.ingest.layouts.normalise`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from bijie_etl.errors import Code, Failure, Severity
from bijie_etl.ingest.blocks import column_cells, column_keys
from bijie_etl.ingest.headers import (
    header_key,
    issue_month,
    year_dot_month_unclear_zh,
)
from bijie_etl.ingest.period_growth import growth_field, growth_period_rows
from bijie_etl.ingest.period_months import lone_rows, number_month
from bijie_etl.ingest.prior_periods import last_years_rows
from bijie_etl.ingest.tables import Column, Table, Vocabulary

if TYPE_CHECKING:
    from bijie_etl.ingest.layouts import TableContext

__all__ = [
    "figure_field",
    "issue_period",
    "lone_column",
    "lone_rows",
    "period_words",
    "refuse_own_span_figures",
    "row_field",
    "several_periods",
]


def period_words(
    table: Table,
    grid: list[list[Any]],
    vocab: Vocabulary,
    ctx: TableContext,
    columns: list[Column],
    warnings: list[Failure],
) -> tuple[list[list[Any]], dict[int, str]]:
    """The grid with each 统计期 cell that says the period in words put as the period the title (sheet or
    file name) states, and the rows (0-based → the cell's text) that are last year's same period.

    Under a title 2024年1-6月, 本期 (本年, or the year alone: 2024年) is 2024年1-6月 — the period as a year to
    date, so a lone figure is read by its target's kind as under the title alone — and 上年同期 (去年同期, or
    last year alone: 2023年) is last year's 1-6月: its row is put at 2024年1-6月 too, and :func:`prior_field`
    reads its 累计 as that row's 上年同期 figure. Without a period stated around the table the words are left
    as typed (refused as periods: which period 本期 is cannot be told)."""
    col = next((c for c in columns if c.role.kind == "identity" and c.role.field == "period"), None)
    period = ctx.period
    if col is not None and ctx.merged_issues:
        ctx.issue_offset = _issue_offset(grid, table, col.index, period)
    years: dict[int, str] = {}
    stated: Any = None  # this year's period as the column's rows write it, when nothing around the table does
    keys: list[tuple[type, Any]] = []  # the 统计期 column's cells as (type, cell), read once per grid
    texts: set[str] = set()  # its filled cells' texts (_scan_periods of the grid as it now is)
    if col is not None:
        keys = column_keys(grid, table.body_start, table.body_end, col.index)
        scanned, scan = grid, _scan_periods(table, grid, col, vocab, ctx.monthly_numbers, keys)
        grid = span_totals(table, grid, col, vocab, ctx, warnings, scan)
        if ctx.period_own is None:
            grid, years, rows_say = last_years_rows(table, grid, col, vocab, period, keys if grid is scanned else None)  # fmt: skip
            if (
                period is None and rows_say is not None
            ):  # 2024年1-6月 rows state the period: 上年同期 beside them
                period, stated = rows_say
        if grid is not scanned:  # 合计 rows blanked, or 上年同期 rows put at this year's period
            keys = column_keys(grid, table.body_start, table.body_end, col.index)
            scan = _scan_periods(table, grid, col, vocab, ctx.monthly_numbers, keys)
        texts = scan[0]
        if len(texts) > 1:
            ctx.lone_rows = lone_rows(table, grid, columns, col, vocab)
    ctx.ytd_column = any(
        c.role.kind == "value" and c.role.field == "value_ytd" and _filled(grid, table, c.index)
        for c in columns
    )
    if col is None or period is None or ctx.period_own is not None:
        return grid, years
    spec = vocab.spec
    now = stated if stated is not None else f"{period.year}年1-{period.month}月"
    out: list[list[Any]] | None = None
    prior: dict[int, str] = {}
    # keys: the column's cells of ``grid`` as it is (a 统计期 column repeats a few values: each read once)
    saying = {k: _said(k[1], period, spec.current_period_words, spec.prior_period_words) for k in dict.fromkeys(keys)}  # fmt: skip
    for r, key in enumerate(
        keys if any(s is not None for s in saying.values()) else (), start=table.body_start
    ):
        said, v = saying[key], key[1]
        if said is None:
            continue
        row = grid[r]
        if said:
            prior[r] = str(v).strip()
        out = out if out is not None else list(grid)
        out[r] = [*row[: col.index], now, *row[col.index + 1 :]]
    if out is None and not any("增" in text for text in texts):
        ctx.growth_rows = {}  # no cell could be a growth word (同比增长): the grid as growth_period_rows leaves it
        return grid, {**years, **prior}
    grid, ctx.growth_rows = growth_period_rows(
        table, out if out is not None else grid, col, prior
    )  # 同比增长
    return grid, {**years, **prior}


def _filled(grid: list[list[Any]], table: Table, j: int) -> bool:
    """True when column ``j`` holds a figure (not blank: None, "" or spaces) in the table's body."""
    cells = column_cells(grid, table.body_start, table.body_end, j, None)
    if any(t is not _NONE and not issubclass(t, str) for t in set(map(type, cells))):
        return True  # a number or a date: filled (its text is never blank)
    return any(map(str.strip, filter(None, cells)))


_NONE = type(None)


def _issue_offset(grid: list[list[Any]], table: Table, j: int, period: date | None) -> int | None:
    """How a 统计月报's 统计期 column numbers its issues (第N期): 0 by month, 1 with January and February
    merged (第N期 = month N+1), None when the file does not tell. A 第12期 numbers by month (merged issues
    stop at 第11期); otherwise the title's (sheet's, file name's) month tells when it is the latest issue's
    month in one numbering (1-6月 over 第1期 … 第5期: merged; over 第1期 … 第6期: by month)."""
    cells = (grid[r][j] if j < len(grid[r]) else None for r in range(table.body_start, table.body_end))
    issues = [n[1] for v in cells if isinstance(v, str) and "期" in v and (n := issue_month(v)) is not None]
    if not issues or 12 in issues:
        return 0
    if period is None or period.month not in (max(issues), max(issues) + 1):
        return None
    return period.month - max(issues)


def _said(v: Any, period: date, current: frozenset[str], prior: frozenset[str]) -> bool | None:
    """False for a 统计期 cell saying the table's own period (本期, 2024年), True for last year's same period
    (上年同期, 2023年), None for anything else."""
    if isinstance(v, bool) or not isinstance(v, (str, int, float)):
        return None
    if isinstance(v, (int, float)):
        year = int(v) if v == int(v) else None
        return {period.year: False, period.year - 1: True}.get(year) if year else None
    key = header_key(v)
    if key in current:
        return False
    if key in prior:
        return True
    return _years_said(period.year).get(key)


@lru_cache(maxsize=64)
def _years_said(year: int) -> dict[str, bool]:
    """The 统计期 words naming ``year`` (False: the table's own) or the year before (True): 2024, 2024年, 2024年度,
    2024年累计 (each table asked of its few distinct cells)."""
    said: dict[str, bool] = {}
    for suffix in ("年", "年度", "年累计", ""):
        said[f"{year}{suffix}"] = False
        said[f"{year - 1}{suffix}"] = True
    return said


#: The fields of a 上年同期 row's figures: its 累计 (or a lone figure read as the year to date, or a share's
#: or level's figure) is last year's same period; its 本月 and growth are last year's own, not kept.
_PRIOR_OF = {"value_ytd": "value_ytd_prior", "value": "value_ytd_prior"}


def figure_field(
    fld: str,
    col: Column,
    r: int,
    ctx: TableContext,
    table: Table,
    warnings: list[Failure],
    row_period: tuple[int | None, int, bool] | None,
) -> str | None:
    """The field a figure goes to on a row whose 统计期 changes what it is, or None (with a column_ignored
    note on its cell) when it is nothing kept: on a 上年同期 row (``ctx.prior_rows``) the 累计 is the 本期
    row's 上年同期, its 本月 and growth are last year's own; on a 1-2月 row (统计期 1-2月, a 统计月报's
    第1期) the 本月 is January and February together — neither February's own nor, beside a 累计, surely
    the year to date — so only the 累计 is read; in a table with no 累计 column it is February's year to date."""
    if r in ctx.growth_rows:
        return growth_field(fld, col, r, ctx, table, warnings, row_period)
    if r in ctx.prior_rows:
        dest = _PRIOR_OF.get(fld)
        if dest is not None:
            return dest
        what = {"value_month": "上年同月的数", "growth_pct": "上年的增速", "value_ytd_prior": "前年同期的数"}
        why = f"是{what.get(fld, '上年的数')}，不是考核口径，未读取；该行只读取累计数（作为上年同期数）"
        said = ctx.prior_rows[r]
    elif fld == "value_month" and col.role.field == "value" and col.role.month is None and r in ctx.lone_rows:
        if ctx.lone_rows[r] == "ytd":
            return "value_ytd"  # 560.1, 1080.4 … 3550.2 month by month: years to date
        why = "按月逐行填写，从各月数值看不出是当月数还是1-本月累计数，未读取（请在表头写明“本月”或“1-本月累计”）"
        said = f"{row_period[1]}月" if row_period else ""
    elif (
        fld == "value_month"
        and col.role.month is None
        and row_period is not None
        and row_period[1:] == (2, True)
    ):
        if not ctx.ytd_column:
            return (
                "value_ytd"  # 1-2月 | 3月 … 6月 over 本月 alone: the 1-2月 figure is February's year to date
            )
        why, said = "是1-2月合并的数，不是2月当月的数，未读取；只读取该行的累计数", "1-2月"
    else:
        return fld
    warnings.append(
        Failure(
            code=Code.COLUMN_IGNORED,
            message_zh=f"第{r + 1}行统计期是“{said}”，“{col.label}”（{col.letter}{r + 1}）{why}。",
            file=ctx.file_name,
            sheet=table.sheet,
            cell=f"{col.letter}{r + 1}",
            row_number=r + 1,
            severity=Severity.WARNING,
        )
    )
    return None


def refuse_own_span_figures(
    table: Table, grid: list[list[Any]], vocab: Vocabulary, ctx: TableContext, columns: list[Column]
) -> tuple[list[Column], dict[int, str]]:
    """Under a period that is a quarter's (or the second half's) own span — a title 2024年二季度…, or
    a 统计期 cell 2024年二季度 — a column that does not say 本月 (or a month) or 累计 (1-6月, 累计增长)
    holds the quarter's own figure: its own total (本期值, a county or indicator column), its own
    growth (同比增长), last year's same quarter (上年同期). None of them is a month or a year to date,
    so they are not read. Under a title the whole column is COLUMN_IGNORED; under 统计期 cells only
    those rows' figures are (the second value: body row → the cell's text; see :func:`lone_column`)."""
    own = ctx.period_own
    period_col = next((c for c in columns if c.role.kind == "identity" and c.role.field == "period"), None)
    if own is None and period_col is not None:
        cells = column_cells(grid, table.body_start, table.body_end, period_col.index, "")
        texts = set(filter(str.__instancecheck__, cells))  # a 统计期 column repeats a few texts
        if not any(v.strip() and vocab.grammar.own_span_in(v) for v in texts):
            return columns, {}
        rows: dict[int, str] = {}
        for r, v in enumerate(cells, start=table.body_start):
            if isinstance(v, str) and v.strip() and vocab.grammar.own_span_in(v):
                rows[r] = v.strip()
        return columns, rows
    if own is None:
        return columns, {}
    out = []
    for c in columns:
        role = c.role
        if lone_column(vocab, c):
            reason = (
                f"“{own[0]}”（{own[1]}）说明数据是单季（或下半年）的，这一列是该季度自身的数值"
                "（没有写“本月”或“累计”），不是自年初累计，也不是某一个月的数值，系统不保存"
                "（请报送1-本月累计数，或在表头写明“本月”“1-本月累计”“累计增长”）"
            )
            c = Column(
                c.index, c.path, c.cells, replace(role, kind="ignored", reason=reason), c.unit, c.unit_cell
            )
        out.append(c)
    return out, {}


def lone_column(vocab: Vocabulary, c: Column) -> bool:
    """A value column that says neither 本月 (or a month) nor 累计: under a quarter's own period its
    figure is the quarter's own (see :func:`refuse_own_span_figures`)."""
    role = c.role
    return role.kind == "value" and not (
        role.field == "value_month"
        or (role.month is not None and not role.is_range)
        or any(_says_year_to_date(vocab, t) for t in c.path)
    )


def _says_year_to_date(vocab: Vocabulary, text: str) -> bool:
    """A header label that says the year to date: 累计 (累计增长, 本年累计), 1-6月, 上半年."""
    label = vocab.label(text)
    return (
        "ytd" in label.measures
        or (label.month is not None and label.is_range and not label.own)
        or "累计" in header_key(text)
    )


def several_periods(
    table: Table, grid: list[list[Any]], col: Column | None, vocab: Vocabulary, numbers: bool = False
) -> tuple[bool, dict[int, str]]:
    """Whether the period column ``col`` names more than one period (a row per month: each row's figure is
    that month's own, as a month column's is; one period repeated is the report's period), and the period
    text of rows (0-based) to read otherwise: a date cell of a row per month as ``2024年1月``; a 合计 / 累计
    under months 1月 … M月 from January as ``1-M月`` (the months' total is the year to date at M; under
    months not from January it is left as typed, and refused as a period). With ``numbers`` (a monthly
    report: see :func:`bijie_etl.ingest.table_period.monthly_report`) months written as numbers (1, 2 … 6,
    or 01) count as months too — not issue numbers (第6期), whose month depends on the numbering."""
    if col is None:
        return False, {}
    seen, months, totals, dates = _scan_periods(table, grid, col, vocab, numbers)
    last = max(months, default=0)
    whole = bool(months) and months == set(range(1, last + 1))
    several = len(seen) > 1
    return several, {**(dates if several else {}), **(dict.fromkeys(totals, f"1-{last}月") if whole else {})}


def _scan_periods(
    table: Table,
    grid: list[list[Any]],
    col: Column,
    vocab: Vocabulary,
    numbers: bool,
    keys: list[tuple[type, Any]] | None = None,
) -> tuple[set[str], set[int], list[int], dict[int, str]]:
    """The texts, months, 合计 rows and date rows (as ``2024年1月``) of the period column ``col``; a 1-2月 row
    counts as January and February. A 统计期 column repeats a few values: each is read once. ``keys``: the
    column's :func:`~bijie_etl.ingest.blocks.column_keys` in ``grid``, when the caller has them."""
    if keys is None:
        keys = column_keys(grid, table.body_start, table.body_end, col.index)
    read = {key: _period_cell(key[1], vocab, numbers) for key in dict.fromkeys(keys)}
    found = [cell for cell in read.values() if cell is not None]
    seen = {cell[0] for cell in found}
    months: set[int] = set().union(*(cell[1] for cell in found))
    totals: list[int] = []
    dates: dict[int, str] = {}
    if any(cell[2] or cell[3] is not None for cell in found):  # rows to tell: 合计 rows, date rows
        for r, key in enumerate(keys, start=table.body_start):
            if (cell := read[key]) is not None:
                if cell[2]:
                    totals.append(r)
                if cell[3] is not None:
                    dates[r] = cell[3]
    return seen, months, totals, dates


#: What one 统计期 cell tells :func:`_scan_periods`: its text, the months it names, whether it is a 合计
#: (the whole city's, or a 累计), and a date cell's month as ``2024年1月``.
_PeriodCell = tuple[str, tuple[int, ...], bool, str | None]


def _period_cell(v: Any, vocab: Vocabulary, numbers: bool) -> _PeriodCell | None:
    """One 统计期 cell as :func:`_scan_periods` reads it; None for a blank one."""
    if v in ("", None) or (isinstance(v, str) and not v.strip()):
        return None
    text = str(v).strip()
    if numbers and (num := issue_month(v)) is not None and not (isinstance(v, str) and "期" in v):
        return text, (num[1],), False, None
    if isinstance(v, date):
        return text, (v.month,), False, f"{v.year}年{v.month}月"
    if (when := number_month(v)) is not None:  # 2024.03 or 202403 typed as a number
        return text, (when.month,), False, f"{when.year}年{when.month}月"
    if isinstance(v, float) and year_dot_month_unclear_zh(text) is not None:
        return text, (0,), False, None  # 2024.1: January or October — a month, but which is unknown
    if isinstance(v, str):
        ml = vocab.grammar.month_label(header_key(v))
        lb = vocab.label(v) if ml is None else None
        if ml is not None and (not ml[2] or ml[1] == 2):
            return text, ((1, 2) if ml[2] else (ml[1],)), False, None  # 1-2月: January and February together
        if lb is not None and (lb.county == "全市" or lb.measures == frozenset({"ytd"})):
            return text, (), True, None
    return text, (), False, None


def span_totals(
    table: Table,
    grid: list[list[Any]],
    col: Column,
    vocab: Vocabulary,
    ctx: TableContext,
    warnings: list[Failure],
    scan: tuple[set[str], set[int], list[int], dict[int, str]] | None = None,
) -> list[list[Any]]:
    """The grid without the 合计 rows under months not from January (4月 5月 6月 | 合计: the quarter's sum, no
    year to date and no month): each is not read, with a column_ignored note on its 统计期 cell, rather
    than refused as a period 合计. ``scan``: :func:`_scan_periods` of ``grid``, when the caller has it."""
    _, months, totals, _ = scan or _scan_periods(table, grid, col, vocab, ctx.monthly_numbers)
    if not totals or not months or months == set(range(1, max(months) + 1)):
        return grid
    out = list(grid)
    known = sorted(months - {0})
    span = f"{known[0]}-{known[-1]}月" if len(known) > 1 else f"{known[0]}月" if known else ""
    why = (
        f"是{span}各月之和，不是自年初累计，也不是某一个月的数值，系统不保存，未读取（请报送1-本月累计数）"
        if 0 not in months
        else "是各行之和，而其中有的行统计期无法确定是哪个月（见该行的说明），合计到哪个月也就无法确定，未读取"
    )
    for r in totals:
        text = str(grid[r][col.index]).strip()
        warnings.append(
            Failure(
                code=Code.COLUMN_IGNORED,
                message_zh=f"第{r + 1}行“{text}”（{col.letter}{r + 1}）{why}。",
                file=ctx.file_name,
                sheet=table.sheet,
                cell=f"{col.letter}{r + 1}",
                row_number=r + 1,
                value=text,
                severity=Severity.WARNING,
            )
        )
        out[r] = [""] * len(grid[r])
    return out


def row_field(fld: str, month: int | None, row_period: Any, total: bool, kind: str | None) -> str:
    """The field of a figure in a table with a row per month (``row_period``: the row's (year, month,
    year to date?) when the 统计期 column names several periods; else falsy). A lone figure (数值, 本期值) of a
    cumulative or count target on a month's row is that month's own, as a month column's is (``@month``)
    — unless its figures are years to date or may be either (``ctx.lone_rows``: :func:`figure_field`
    reads or sets them aside) — and on a 合计 row under the months from January (``total``: read as 1-M月) the year
    to date; so is that 合计 row's 本月, the months' own figures summed. A column naming its month keeps its
    field; a share's, level's or growth's lone figure is read by its kind, as before."""
    if not row_period or month is not None:
        return fld
    if fld == "value" and kind in _SUMMED and not row_period[2]:
        return "@month"
    if fld == "value_month" and total and row_period[2]:
        return "value_ytd"
    return fld


_SUMMED = ("cumulative", "count")


def issue_period(
    raw: Any,
    num: tuple[int | None, int],
    ctx: TableContext,
    table: Table,
    cells: dict[str, str],
    warnings: list[Failure],
) -> str | None:
    """The month a 统计期 cell numbering it (6, 06, 第6期; ``num`` = its (year, number)) names, as
    ``2024年6月``; None (the row refused with PERIOD_INVALID on the cell) for an issue number 第N期 of a
    统计月报 (``ctx.merged_issues``) whose numbering the file does not tell (``ctx.issue_offset``, see
    :func:`_issue_offset`).

    A 统计月报 often merges January and February into its first issue (第1期 = 1-2月, so 第N期 = month N+1),
    a department's monthly report numbers by month (第6期 = 6月); the conventions doc expects both. The
    title (sheet or file name) tells when it names the month one reading gives to the latest issue (1-6月
    with 第5期: June, merged; with 第6期: June, by month); a 第12期 numbers by month."""
    year = num[0] or ctx.year
    if not (isinstance(raw, str) and "期" in raw and ctx.merged_issues):
        return f"{year}年{num[1]}月"
    if ctx.issue_offset is not None:  # merged: 第1期 is 1-2月 (January and February together)
        return (
            f"{year}年1-2月" if ctx.issue_offset and num[1] == 1 else f"{year}年{num[1] + ctx.issue_offset}月"
        )
    period = ctx.period
    cell = cells.get("period")
    said = f"，而{ctx.period_source}写的是{period.year}年{period.month}月" if period is not None else ""
    warnings.append(
        Failure(
            code=Code.PERIOD_INVALID,
            message_zh=(
                f"统计期“{raw}”是统计月报的期数：统计月报常把1-2月合为第1期（第{num[1]}期即{num[1] + 1}月），"
                f"也有按月编号的（第{num[1]}期即{num[1]}月）{said}，无法确定是哪个月，本行未入库；"
                f"请把统计期写成年月（“{year}年{num[1]}月”或“{year}年{num[1] + 1}月”中正确的一个）"
            ),
            file=ctx.file_name,
            sheet=table.sheet,
            cell=cell,
            row_number=int("".join(filter(str.isdigit, cell))) if cell else None,
            value=str(raw),
            severity=Severity.ERROR,
        )
    )
    return None
