"""Column roles settled by the whole table, where one header path alone cannot say (issue #13).

The grammar (:mod:`bijie_etl.ingest.grammar`) reads each column on its own. A few words mean one thing
alone and another beside a neighbour: 当月累计 is the year to date alone and the month's own total beside
本年累计; a month column's year must agree with the table's period. These rules look at all the value
columns of one table at once; :func:`bijie_etl.ingest.layouts.normalise` applies them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from bijie_etl.ingest.grammar import _IGNORED_ZH, DEFERRED, Role, combine
from bijie_etl.ingest.headers import CHANGE_UNSTATED, GROWTH_INDEX, GROWTH_MARKS, header_key
from bijie_etl.ingest.january import january_prior
from bijie_etl.ingest.names import name_unit
from bijie_etl.ingest.revised import revised_rows
from bijie_etl.ingest.tables import Column, Table, Vocabulary
from bijie_etl.text import normalize_text

__all__ = [
    "cumulative_title",
    "earlier_months",
    "growth_beside_month_only",
    "index_beside_growth",
    "is_percent",
    "label_column_holds",
    "level_figure",
    "measure_column",
    "measures_after_indicators",
    "month_totals_as_ytd",
    "month_totals_beside_ytd",
    "other_month",
    "prior_beside_month",
    "row_measure_roles",
    "sniff_label_column",
    "undated_beside_months",
    "year_disagrees",
    "ytd_period",
]

#: 累计 that is part of a period phrase (1-6月累计, 截至6月累计, 上半年累计, 三季度累计): the period, not the figures.
_PERIOD_CUMULATIVE = re.compile(r"(?:月|月份|季度|季|半年|全年)累计")


def _key(role: Role) -> tuple[Any, ...]:
    return (role.year, role.month, role.is_range, role.county, role.indicator)


def month_totals_beside_ytd(columns: list[Column]) -> list[Column]:
    """本月累计/当月累计 (``Role.month_total``) beside another column of the same year to date (本年累计,
    1-6月累计): the month's own total (当月累计 | 本年累计), read as 本月; under 上年同期 it is last year's
    month (not read, as 上年同月). Beside a 本月 column too, it stays a second year to date and the
    table is refused as ambiguous (see sources/headers.yaml ``roles: month_total``)."""
    if not any(c.role.month_total for c in columns):
        return columns
    plain = {
        (c.role.field, *_key(c.role)) for c in columns if c.role.kind == "value" and not c.role.month_total
    }
    out = []
    for c in columns:
        role = c.role
        if role.kind == "value" and role.month_total and (role.field, *_key(role)) in plain:
            if role.field == "value_ytd" and ("value_month", *_key(role)) not in plain:
                role = replace(role, field="value_month")
            elif role.field == "value_ytd_prior":
                role = replace(role, kind="ignored", field=None, reason=_IGNORED_ZH["prior_month"])
            c = Column(c.index, c.path, c.cells, role, c.unit, c.unit_cell)
        out.append(c)
    return out


def prior_beside_month(columns: list[Column], period: date | None = None, source: str = "") -> list[Column]:
    """A bare 上年同期 / 去年同期 column (no 累计 in its label, no group above it) right of a 本月 column is
    that month's figure last year (本月 | 上年同期 | 1-6月累计 | 上年同期 pairs each figure with its own
    last year), not the year to date's: not read, as 上年同月 is. Right of a year to date, or alone, it
    stays 上年同期累计; so does one under a county's (or indicator's) group (七星关区 › 本月 | 上年同期). Read as
    the year to date's, last year's month made every growth look wrong
    (and two such columns made the table ambiguous). A growth column between them (本月 | 同比增长 |
    上年同期) changes nothing: the figure it follows is still the month (read as 上年同期累计, the month's
    growth beside it was loaded as the year to date's). In January that month is last year's 1-1月
    (:func:`bijie_etl.ingest.january.january_prior`)."""
    if not any(c.role.kind == "value" and c.role.field == "value_ytd_prior" for c in columns):
        return january_prior(columns, period, source)
    swap: dict[int, Column] = {}
    left: Column | None = None  # the nearest column to the left that is not blank (nor a growth)
    for c in sorted(columns, key=lambda k: k.index):
        role = c.role
        if (
            role.kind == "value"
            and role.field == "value_ytd_prior"
            and not any("累计" in p for p in c.path)
            and left is not None
            and left.role.kind == "value"
            and left.role.field in ("value_month", "@month")
            and (len(c.path) == 1 or _same_group(left, c))
        ):
            ignored = Role(
                "ignored", reason=_IGNORED_ZH["prior_month"], county=role.county, indicator=role.indicator
            )
            swap[c.index] = Column(c.index, c.path, c.cells, ignored, c.unit, c.unit_cell)
        if role.kind != "blank" and not (role.kind == "value" and role.field == "growth_pct"):
            left = c
    return january_prior([swap.get(c.index, c) for c in columns], period, source)


def _same_group(month: Column, prior: Column) -> bool:
    """七星关区 › 本月 | 上年同期: a county's (or indicator's) group of two levels, 上年同期 beside its 本月."""
    return (
        len(prior.path) == 2
        and month.path[:1] == prior.path[:1]
        and (prior.role.county is not None or prior.role.indicator is not None)
        and (month.role.county, month.role.indicator) == (prior.role.county, prior.role.indicator)
    )


#: Why a bare 同比增长 beside a lone 本月 is not read (the column's 提示).
MONTH_ONLY_GROWTH_ZH = (
    "只有“本月”一列数与之并列（没有累计），此列增速是本月的增速，不是考核用的1-本月累计增速"
)


def growth_beside_month_only(columns: list[Column], period: date | None) -> list[Column]:
    """A growth column whose only neighbour figure of its scope (the table, or one county's or indicator's
    group: 七星关区 › 本月 | 同比增长) is 本月, with no 累计 nor period group, is the month's own growth against
    last year's month, not the year to date's that ``growth_pct`` holds: not read (as 本月 › 增长 is),
    except in January, when the month is the year to date. Read as the year to date's, June's month
    growth became the target's 1-6月 growth."""
    scopes: dict[tuple[Any, Any], list[Column]] = {}
    for c in columns:
        if c.role.kind == "value":
            scopes.setdefault((c.role.county, c.role.indicator), []).append(c)
    month_only: set[int] = set()
    for scope in scopes.values():
        growth = next((c for c in scope if c.role.field == "growth_pct"), None)
        month = next((c for c in scope if c is not growth), None)
        if (
            growth is None
            or month is None
            or len(scope) != 2
            or month.role.field not in ("value_month", "@month")
        ):
            continue
        bare = (
            growth.role.month is None
            and not growth.role.is_range
            and not any("累计" in p for p in growth.path)
        )
        if bare and (month.role.month or (period.month if period else None)) != 1:  # January: year to date
            month_only.add(growth.index)
    if not month_only:
        return list(columns)
    ignored = Role("ignored", reason=MONTH_ONLY_GROWTH_ZH)
    return [Column(c.index, c.path, c.cells, ignored, c.unit, c.unit_cell) if c.index in month_only else c for c in columns]  # fmt: skip


def index_beside_growth(columns: list[Column]) -> list[Column]:
    """An index column (为上年同期%, 上年同期=100) or a bare change (同比增减, 增减 with no %) beside a growth column
    of the same scope (同比增长(%) | 为上年同期%, 同比增减 | 增减幅度(%)): the growth column is read; the index says
    the same growth twice, and the bare change is the difference from last year in the level's unit."""
    plain = {
        (r.year, r.month, r.is_range, r.county, r.indicator): c
        for c in columns
        if (r := c.role).kind == "value" and r.field == "growth_pct" and c.unit not in GROWTH_MARKS
    }
    out = []
    for c in columns:
        r = c.role
        twin = (
            plain.get((r.year, r.month, r.is_range, r.county, r.indicator))
            if c.unit in GROWTH_MARKS
            else None
        )
        if twin is not None and r.kind == "value" and r.field == "growth_pct":
            why = (
                f"已从“{twin.label}”（{twin.letter}列）读取增速，以上年同期为100的指数不再重复读取"
                if c.unit == GROWTH_INDEX
                else f"没有写明%，与“{twin.label}”（{twin.letter}列）并列，是与上年同期相比的增减量，不是增速"
            )
            c = Column(c.index, c.path, c.cells, Role("ignored", reason=why), c.unit, c.unit_cell)
        out.append(c)
    return out


def year_disagrees(
    values: list[Column], period: date | None, period_source: str, period_column: bool
) -> str | None:
    """Why the table is refused when its value columns all name another year than its period (2023年1月 …
    under a 2024年1-6月 title, or month headers typed as dates in the wrong year), else None: which year
    the figures belong to cannot be known. Two years side by side are last year's columns (see layouts)."""
    if period is None or period_column or period_source.startswith("表头"):
        return None
    years = {c.role.year for c in values if c.role.year is not None}
    if len(years) != 1 or period.year in years:
        return None
    col = next(c for c in values if c.role.year is not None)
    return (
        f"表头“{col.label}”（{col.header_cell}）是{next(iter(years))}年的，而{period_source}写的是"
        f"{period.year}年，无法确定数据属于哪一年"
    )


def measure_column(
    table: Table, grid: list[list[Any]], vocab: Vocabulary, columns: list[Column]
) -> list[Column]:
    """A column whose cells name the measure of each row (口径 | 本月 / 累计 under 指标 merged down two rows,
    or the second half of 指标名称 merged across two columns) becomes the table's measure column, when
    every value column leaves its measure open (数值, 本期值, a column per county or per indicator). Without this the
    rows 本月 and 累计 of one indicator would be read as one figure twice (本月 loaded as the year to date)."""
    values = [c for c in columns if c.role.kind == "value"]
    if not values or not all(str(c.role.field) in (*DEFERRED, "value") for c in values):
        return columns
    if any(c.role.kind == "identity" and c.role.field == "measure" for c in columns):
        return columns
    names = [c for c in columns if c.role.kind == "identity" and c.role.field == "indicator_name"]
    for c in columns:
        if c.role.kind not in ("unknown", "blank") and not (names and c is names[-1] and len(names) > 1):
            continue
        texts = [
            grid[r][c.index].strip()
            for r in range(table.body_start, table.body_end)
            if c.index < len(grid[r]) and isinstance(grid[r][c.index], str) and grid[r][c.index].strip()
        ]
        said = [t for t in texts if vocab.label(t).measures]
        if len(said) >= 2 and len(said) * 2 >= len(texts) and len(set(said)) >= 2:
            role = Role("identity", field="measure")
            return [
                Column(k.index, k.path, k.cells, role, k.unit, k.unit_cell) if k is c else k for k in columns
            ]
    return columns


def row_measure_roles(
    table: Table, grid: list[list[Any]], vocab: Vocabulary, col: Column, period: date | None = None
) -> dict[int, Role | None]:
    """Body row (0-based) → the measure its cell in the measure column ``col`` names (None: not a measure,
    that row is not read). Rows that all name one month (本月 | 1-6月累计 | 上年同期累计) state the table's
    period, not a month each — unless it is another month than the table's ``period`` (1-5月累计 under a
    2024年6月 title): the month is then kept, and :func:`row_month_clash` says so."""
    said: dict[int, Role] = {}
    for r in range(table.body_start, table.body_end):
        v = grid[r][col.index] if col.index < len(grid[r]) else ""
        if isinstance(v, str) and v.strip():
            said[r] = combine([vocab.label(v)])
    roles = revised_rows(said, col.letter)  # 1-6月累计 over 1-6月累计（调整后）: the revised row
    named = {(ro.year, ro.month) for ro in roles.values() if ro is not None and ro.month is not None}
    if len(named) == 1 and not other_month(next(iter(named)), period):
        roles = {
            r: replace(ro, month=None, year=None, is_range=False) if ro is not None else None
            for r, ro in roles.items()
        }
    return roles


def other_month(named: tuple[int | None, int | None], period: date | None) -> bool:
    """A month named by rows (year or None, month) that is not the table's ``period``."""
    year, month = named
    return period is not None and (month != period.month or (year is not None and year != period.year))


def cumulative_title(title_cells: list[tuple[str, str]]) -> tuple[str, str] | None:
    """``(line, cell)`` of a title line saying the table's figures are years to date (…情况（累计）,
    累计完成情况), 累计 not being part of its period (1-6月累计), else None."""
    for text, cell in title_cells:
        if "累计" in _PERIOD_CUMULATIVE.sub("", text):
            return text, cell
    return None


def month_totals_as_ytd(values: list[Column], cumulative: tuple[str, str] | None) -> list[Column]:
    """Under a title saying 累计, bare month columns (1月 … 6月, no 本月/累计 word) are each month's year to
    date (the title says what the figures are). Not when a column of the table is a year to date of its
    own (1-6月累计 beside the months: the months are then the months' own figures)."""
    if cumulative is None or any(c.role.is_range or c.role.field in ("value_ytd", "@ytd") for c in values):
        return values
    return [
        Column(c.index, c.path, c.cells, replace(c.role, field="@ytd", is_range=True), c.unit, c.unit_cell)
        if c.role.field == "@month" and c.role.month is not None
        else c
        for c in values
    ]


def measures_after_indicators(columns: list[Column]) -> list[Column]:
    """Columns per indicator, each followed by its measures: 地区生产总值（亿元） | 增速（%） | 规上工业增加值 |
    增速（%）. A measure column (增速, 上年同期) right of an indicator column is that indicator's, when every
    indicator column is followed by the same measures (or there is one indicator column); otherwise
    whose figure it is cannot be known and the columns stay as they are (refused as ambiguous, as they are
    when the rows name indicators too)."""
    values = [c for c in columns if c.role.kind == "value"]
    if any(
        c.role.kind == "identity" and c.role.field in ("indicator_name", "indicator_code") for c in columns
    ):
        return columns
    if not any(c.role.indicator for c in values) or all(c.role.indicator for c in values):
        return columns
    ordered = sorted(values, key=lambda c: c.index)
    if ordered[0].role.indicator is None:
        return columns  # a measure before any indicator
    blocks: list[list[Column]] = []
    for c in ordered:
        if c.role.indicator:
            blocks.append([c])
        elif c.role.county or str(c.role.field) in DEFERRED:
            return columns  # a county or a bare figure among the indicators: not a measure of one
        else:
            blocks[-1].append(c)
    if len({tuple(str(c.role.field) for c in b[1:]) for b in blocks}) != 1:
        return columns
    owner = {c.index: b[0].role for b in blocks for c in b[1:]}
    return [
        Column(c.index, c.path, c.cells, replace(c.role, indicator=owner[c.index].indicator,
               indicator_text=owner[c.index].indicator_text, level=owner[c.index].level), c.unit, c.unit_cell)
        if c.index in owner else c
        for c in columns
    ]  # fmt: skip


def earlier_months(
    values: list[Column], period: date, period_source: str
) -> tuple[list[Column], list[tuple[Column, str]]]:
    """Under a title (sheet or file name) naming the table's month, the one column of an earlier month of
    that year (5月 beside 6月 | 1-6月, 5月 beside 本月 | 1-6月累计) is an earlier month's figure given for
    comparison (上月 by its month's name): not this report's figures — returned with the reason, not
    read (a 提示, never a refusal). Only beside the table's own figures (a column of its month, a range
    ending there, 本月 / 累计 read at its month), and not when the months run from 1月 to the table's
    month (1月 … 6月, or 1-2月 | 3月 … 6月: a table by month, each month its own figure). Columns of
    another year are last year's or contradict the title (see layouts)."""
    now = (period.year, period.month)
    single = {c.index: (c.role.year or now[0], c.role.month) for c in values if c.role.month is not None and not c.role.is_range}  # fmt: skip
    earlier = {i: ym for i, ym in single.items() if ym[0] == now[0] and ym < now}
    if len(earlier) != 1:
        return values, []  # none, or several (4月 | 5月 | 6月: the months of a quarter, not a comparison)
    own = any(
        (c.role.year or now[0], c.role.month) == now
        if c.role.month is not None
        else str(c.role.field) in ("value_month", "value_ytd", "@month", "@ytd")
        for c in values
    )
    months = {m for y, m in single.values() if y == now[0]}
    for c in values:  # 1-2月 (Spring Festival) right before 3月: the series runs from January
        if c.role.is_range and c.role.month is not None and c.role.month + 1 in months:
            months |= set(range(1, c.role.month + 1))
    if not own or months >= set(range(1, now[1] + 1)):
        return values, []
    why = f"早于本表的统计期{now[0]}年{now[1]}月（{period_source}），是供对比的往期数，不是本期数据"
    refused = [
        (c, f"是{earlier[c.index][0]}年{earlier[c.index][1]}月的数，{why}")
        for c in values
        if c.index in earlier
    ]
    return [c for c in values if c.index not in earlier], refused


def ytd_period(values: list[Column], year: int | None) -> tuple[date | None, str]:
    """The table's month from its columns when nothing around it names one: its only year-to-date column
    (1-6月累计) when that is the latest month of its columns (6月份 | 5月份 | 1-6月累计), with its cell."""
    ranges = [c for c in values if c.role.is_range and c.role.month is not None]
    if len(ranges) != 1:
        return None, ""
    col = ranges[0]
    latest = max(c.role.month for c in values if c.role.month is not None)
    y = col.role.year or year
    if y is None or col.role.month != latest:
        return None, ""
    return date(y, col.role.month, 1), f"表头（{col.header_cell}）"


def undated_beside_months(
    values: list[Column], period: date | None, year: int | None
) -> tuple[list[Column], list[tuple[Column, str]]]:
    """Value columns without a month of their own (同比增长（%）, 累计) beside columns of several months (1-5月 |
    1-6月 | 同比增长): read at the table's period (title, sheet or file name) when that is one of the
    columns' months — the report's own period, as a reader of the table takes it; otherwise whose period
    they hold cannot be known and they are returned with the reason, not read (before, such a column
    was loaded at the title's month as a row of its own, clashing with that month's row or, under a
    title of another month, standing alone). Columns with a period of their own are left as they are.
    """
    months = {(c.role.year or year, c.role.month) for c in values if c.role.month is not None}
    undated = [c for c in values if c.role.month is None]
    if len(months) < 2 or not undated:
        return values, []
    if period is not None and (period.year, period.month) in months:
        dated = {
            c.index: Column(
                c.index,
                c.path,
                c.cells,
                replace(c.role, month=period.month, year=period.year),
                c.unit,
                c.unit_cell,
            )
            for c in undated
        }
        return [dated.get(c.index, c) for c in values], []
    said = "、".join(
        f"{y}年{m}月" if y else f"{m}月" for y, m in sorted(months, key=lambda ym: (ym[0] or 0, ym[1]))
    )
    why = (
        f"表中其他列分别是{said}的数，本列表头没有写明统计期"
        + (f"，标题（或工作表名、文件名）说的{period.year}年{period.month}月又不是其中之一" if period else "")
        + "，无法确定本列是哪一期的数（请在表头写明，如“1-6月同比增长（%）”）"
    )
    refused = [(c, why) for c in undated]
    return [c for c in values if c.role.month is not None], refused


def is_percent(unit: Any) -> bool:
    """A unit that says the figure is a percentage (%, ％, 百分比)."""
    return isinstance(unit, str) and normalize_text(unit) in ("%", "％", "百分比")


def level_figure(col_unit: Any, row_unit: Any, name: Any, vocab: Vocabulary) -> bool:
    """A growth target's figure that is its level, not its growth: in a unit other than % (the column's,
    else the row's, else the one in the name's brackets), or on a row named as the level (地区生产总值) and not in %. With no unit at all it
    stays the growth (地区生产总值增速 | 1-5月 | 1-6月 over 5.1 | 5.6)."""
    if col_unit == GROWTH_INDEX:  # 为上年同期%: a growth, whatever the row's unit
        return False
    unit = col_unit if col_unit not in (None, CHANGE_UNSTATED) else row_unit
    if not unit and isinstance(name, str):
        unit = name_unit(name, vocab.units)  # 地区生产总值（亿元）
    stated = isinstance(unit, str) and bool(unit.strip()) and unit != CHANGE_UNSTATED
    if stated and not is_percent(unit):
        return True
    named = isinstance(name, str) and vocab.catalog is not None and bool(vocab.catalog.names_level(name))
    return named and not is_percent(unit)


#: Measure words (no month) that make a 项目 column of months a measure column, not a period column.
_ROW_MEASURES = frozenset({"month", "growth", "growth_index", "prior", "prior_month"})


def sniff_label_column(
    table: Table,
    grid: list[list[Any]],
    vocab: Vocabulary,
    idents: dict[str, Column],
    values: list[Column],
    title_indicator: Any,
    period: date | None = None,
) -> dict[int, Role | None]:
    """A 指标名称/项目 column that holds county names, months or measures is a county, period or
    measure column. Only when the indicator is named elsewhere (by the columns, or the title:
    ``title_indicator``). Mutates ``idents`` and the column's role accordingly.

    A measure column (a transposed table: 项目 | 煤炭产量 | 发电量 over rows 本月, 1-6月累计,
    上年同期累计, 同比增长) gives each row its measure: the returned map is body row (0-based) →
    the row label's role, None for a label that is not a measure (that row is not read).
    """
    if "measure" in idents:  # a 口径 column (see table_roles.measure_column)
        return row_measure_roles(table, grid, vocab, idents["measure"], period)
    col = idents.get("indicator_name")
    if col is None or not (any(c.role.indicator for c in values) or title_indicator):
        return {}
    what = label_column_holds(table, grid, vocab, idents, values)
    if what is None:
        return {}
    del idents["indicator_name"]
    col.role = Role("identity", field=what)
    idents[what] = col
    return row_measure_roles(table, grid, vocab, col, period) if what == "measure" else {}


def label_column_holds(
    table: Table, grid: list[list[Any]], vocab: Vocabulary, idents: dict[str, Column], values: list[Column]
) -> str | None:
    """What the 指标名称/项目 column ``idents["indicator_name"]`` holds when it is not indicators: "county"
    (mostly county names), "period" (mostly months) or "measure" (mostly 本月 | 累计 | 同比增长 over value
    columns that leave their measure open: 数值, 本期值, a column per indicator), else None."""
    col = idents["indicator_name"]
    cells = [
        (r, grid[r][col.index])
        for r in range(table.body_start, table.body_end)
        if col.index < len(grid[r]) and isinstance(grid[r][col.index], str) and grid[r][col.index].strip()
    ]
    texts = [t for _, t in cells]
    if not texts:
        return None
    counties = sum(1 for t in texts if vocab.catalog is not None and vocab.catalog.county(t))
    months = sum(1 for t in texts if vocab.grammar.month_label(header_key(t)))
    if counties * 2 >= len(texts) and "county" not in idents:
        return "county"
    labels = {r: vocab.label(t) for r, t in cells}
    # 1-6月 over 同比增长（%） (or 本月 | 1-6月): a month among measure words is a measure row (its year to date)
    worded = any(lb.month is None and lb.measures & _ROW_MEASURES for lb in labels.values())
    worded = worded or any(lb.revised for lb in labels.values())  # 1-6月累计（调整后）: a measure, revised
    if months * 2 >= len(texts) and "period" not in idents and not worded:
        return "period"
    said = {r: lb for r, lb in labels.items() if lb.measures or lb.kind == "ignored"}
    if (
        len(said) * 2 < len(texts)
        or not any(lb.measures for lb in said.values())
        or not all(str(c.role.field) in (*DEFERRED, "value") for c in values)
    ):
        return None
    return "measure"
