"""A report sent as a table of the month's own figures and a table of the year to date: read as one table.

Departments often send one month's report as two tables of the same rows — two sheets, or two tables
stacked on one sheet — one with the month's own figures and one with the year to date::

    当月:  2024年6月…    指标名称 | 计量单位 | 数值  | 同比增长(%)
                          煤炭产量 | 万吨     | 612.4 | 5.2
    累计:  2024年1-6月…  指标名称 | 计量单位 | 数值   | 同比增长(%)
                          煤炭产量 | 万吨     | 3550.2 | 8.6

Read table by table, the rows are the same indicator, county and month twice (refused as duplicates,
nothing loads). A careful reader reads one row per indicator (and county): 本月 from the month's table,
累计, 上年同期 and 同比增长 from the year to date's (the month's own growth is not the year to date's: the
reader already leaves it, a ``column_ignored`` 提示). The roles are the reader's own: a table whose
figures are the month's (a sheet named 当月/本月, a title saying （当月）, a header 本月) beside a table with
the year to date and no month's figure (累计, or a lone 数值 under a 1-6月 title).

- The two tables pair when they are about the same rows (an indicator and county in both) and neither has
  another partner of the kind; a table by month (a 统计期 column) is none, nor is a table with a 累计 of its
  own beside the month's (汇总 本月 | 累计 beside a 分县 sheet's 合计: one row read twice, the duplicate rule).
- Their periods must be one: 当月 2024年6月 beside 累计 2024年1-6月 join at June. Twins of one report (the
  same 数值 columns, the months said only by their titles or sheet names) under two months (1-5月 beside
  6月) leave whose report this is unknown: both tables are refused (``layout_ambiguous``, naming both
  statements), nothing of either loads. A header naming its own months (1-5月累计) is read as it says,
  each table on its own (e275).
- A row in one table only keeps what it has: one in the year to date's alone loads without its month's
  figure; one in the month's alone has no year to date and is refused as such (``value_missing``) by
  validation — except in January, when the month is the year to date.
- A growth both give (January's, beside 本月): the same is read once (a ``column_ignored`` 提示 on the
  month's table's cell); different growths are both refused (``growth_twice_different``), the figures load.
- A row whose two tables state different units (万千瓦时 | 亿千瓦时) is not joined: its month's figure is
  refused (``unit_conflict`` naming both units' cells), the year to date's row loads without it.

The joined row is the year to date's table's row (its sheet and row number, as the targets are measured by
its figures); the month's figure keeps its own cell, written with its sheet when the month's table is on
another sheet (``当月!C3``), so every message and the warehouse's ``cells`` name the cell it was typed in.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from bijie_etl.errors import GROWTH_REFUSED_ALONE_ZH, Code, Failure, Severity
from bijie_etl.ingest.growth_notes import blank, cell_of
from bijie_etl.vocabulary import fmt_as_typed

__all__ = ["join_month_and_ytd"]

_MONTH = "value_month"
#: The year to date's table's figures (a share's or level's figure for the period is ``value``).
_YTD_FIGURES = ("value_ytd", "value")
#: Figures a month's table has none of: those of the year to date (a growth may be January's, read).
_NOT_MONTHS = ("value_ytd", "value", "value_ytd_prior")


def _filled(rows: pd.DataFrame, fields: tuple[str, ...]) -> bool:
    return any(f in rows.columns and not all(blank(v) for v in rows[f].tolist()) for f in fields)


def _month_table(s: Any) -> bool:
    rows: pd.DataFrame = s.rows
    return (
        not rows.empty
        and "period" not in rows.columns
        and _filled(rows, (_MONTH,))
        and not _filled(rows, _NOT_MONTHS)
    )


def _ytd_table(s: Any) -> bool:
    rows: pd.DataFrame = s.rows
    return (
        not rows.empty
        and "period" not in rows.columns
        and not _filled(rows, (_MONTH,))
        and _filled(rows, _YTD_FIGURES)
    )


def _key(vocab: Any, row: dict[str, Any]) -> tuple[str, str] | None:
    """(target, county) a row is about, or None when its indicator is unknown."""
    code, name = row.get("indicator_code"), row.get("indicator_name")
    if isinstance(code, str) and code.strip():
        target = vocab.catalog.get(code.strip())
    else:
        target = vocab.find_indicator(name) if isinstance(name, str) and name.strip() else None
    if target is None:
        return None
    county = row.get("county")
    official = vocab.catalog.county(str(county)) if not blank(county) else None
    return (str(target.code), official or ("全市" if blank(county) else str(county).strip()))


def _keys(s: Any, vocab: Any) -> dict[tuple[str, str], int]:
    """Each (target, county) of table ``s`` → its first row's position."""
    out: dict[tuple[str, str], int] = {}
    for i, row in enumerate(s.rows.to_dict("records")):
        key = _key(vocab, row)
        if key is not None:
            out.setdefault(key, i)
    return out


def join_month_and_ytd(sheets: list[Any], vocab: Any, file_name: str) -> list[Any]:
    """``sheets`` (a workbook's tables, SheetRows) with each month's table joined to the year to date's table
    of the same rows: the month's figures moved onto the year to date's rows (see the module's docstring)."""
    if len(sheets) < 2 or vocab.catalog is None:
        return sheets
    months = [s for s in sheets if _month_table(s)]
    ytds = [s for s in sheets if _ytd_table(s)]
    if not months or not ytds:
        return sheets
    keys = {id(s): _keys(s, vocab) for s in (*months, *ytds)}
    partners = {
        id(m): [y for y in ytds if y is not m and keys[id(m)].keys() & keys[id(y)].keys()] for m in months
    }
    for m in months:
        found = partners[id(m)]
        if len(found) != 1:
            continue  # no partner, or several (which is whose cannot be told): each table read as it is
        y = found[0]
        if sum(1 for other in months if y in partners[id(other)]) != 1:
            continue
        if m.period_hint is None or y.period_hint is None:
            continue
        if m.period_hint != y.period_hint:
            if not _header_month(m) and not _header_month(y):
                _refuse(m, y, file_name)  # twins of one report under two months: whose is unknown
            continue  # a header naming its months (1-5月累计, e275): each table is what it says
        _join(m, y, keys[id(m)], keys[id(y)], vocab, file_name)
    return sheets


def _named(s: Any, other: Any, table_zh: str) -> str:
    """工作表“累计”, or 累计表 when both tables are on one sheet."""
    return f"工作表“{s.sheet}”" if s.sheet != other.sheet else f"{table_zh}（第{s.header_row}行表头）"


def _header_month(s: Any) -> bool:
    """A value column's header names its months (1-5月累计, 6月): the table states its period itself."""
    return s.table is not None and any(c.role.month is not None for c in s.table.value_columns)


def _where(m: Any, y: Any, i: int, field: str) -> str | None:
    """Row ``i``'s cell of ``field`` on table ``m``, with its sheet when the joined row is on another sheet."""
    cell = cell_of(m, i, field)
    if cell is None or "!" in cell or m.sheet == y.sheet:
        return cell
    return f"{m.sheet}!{cell}"


def _unit(s: Any, i: int) -> str | None:
    rows: pd.DataFrame = s.rows
    for name in ("unit:value_month", "unit:value_ytd", "unit:value", "unit"):
        if name in rows.columns and not blank(rows[name].iat[i]):
            return str(rows[name].iat[i]).strip()
    return None


def _unit_at(s: Any, i: int) -> str:
    """Where row ``i``'s unit is stated: its 计量单位 cell, the column's header or the table's 单位 line."""
    for name in ("unit:value_month", "unit:value_ytd", "unit:value"):
        if name in s.rows.columns and not blank(s.rows[name].iat[i]):
            return s.fixed_cells.get(name, "表头")
    letter = s.columns.get("unit")
    return f"{letter}{int(s.rows['row'].iat[i])}" if letter else s.fixed_cells.get("unit", "")


def _refuse_unit(m: Any, i: int, y: Any, j: int, file_name: str) -> None:
    """A row whose month's table and year to date's table state different units (万千瓦时 | 亿千瓦时): the
    month's figure is not joined (refused, its row on the month's table), the year to date's row loads."""
    other = f"{y.sheet}!" if y.sheet != m.sheet else ""
    said = (
        f"当月数的计量单位“{_unit(m, i)}”（{_unit_at(m, i)}）与累计表同一行的“{_unit(y, j)}”（{other}{_unit_at(y, j)}）"
        "不同，本月数无法与累计数合为一行，未入库（累计数已入库）；请两表使用同一计量单位后重新报送"
    )
    cell = cell_of(m, i, _MONTH)
    m.warnings.append(
        Failure(Code.UNIT_CONFLICT, said, file_name, m.sheet, cell, int(m.rows["row"].iat[i]),
                str(m.rows[_MONTH].iat[i]), severity=Severity.ERROR)
    )  # fmt: skip


def _same_unit(m: Any, i: int, y: Any, j: int, vocab: Any) -> bool:
    a, b = _unit(m, i), _unit(y, j)
    if a is None or b is None or a == b:
        return True
    units = vocab.units
    return units is not None and units.canonical(a) == units.canonical(b)


def _set(rows: pd.DataFrame, j: int, name: str, value: Any) -> None:
    if name not in rows.columns:
        rows[name] = pd.Series([None] * len(rows), index=rows.index, dtype=object)
    elif rows[name].dtype != object:
        rows[name] = rows[name].astype(object)
    rows.iat[j, rows.columns.get_loc(name)] = value


def _join(m: Any, y: Any, mine: dict[Any, int], theirs: dict[Any, int], vocab: Any, file_name: str) -> None:
    """Each row of month table ``m`` whose (target, county) is a row of year to date's table ``y`` joined to it."""
    drop_m: list[int] = []
    joined = 0
    for key, i in mine.items():
        j = theirs.get(key)
        if j is None:
            continue
        if not _same_unit(m, i, y, j, vocab):
            _refuse_unit(m, i, y, j, file_name)
            drop_m.append(i)
            continue
        _conflict(m, i, y, j, vocab, file_name)
        for prefix in ("", "fmt:", "unit:"):
            if f"{prefix}{_MONTH}" in m.rows.columns:
                _set(y.rows, j, f"{prefix}{_MONTH}", m.rows[f"{prefix}{_MONTH}"].iat[i])
        _set(y.rows, j, f"cell:{_MONTH}", _where(m, y, i, _MONTH))
        f = "growth_pct"  # January's growth beside 本月, when the year to date's table gives none
        if f in m.rows.columns and not blank(m.rows[f].iat[i]):
            for prefix in ("", "fmt:", "unit:"):
                if f"{prefix}{f}" in m.rows.columns:
                    _set(y.rows, j, f"{prefix}{f}", m.rows[f"{prefix}{f}"].iat[i])
            _set(y.rows, j, f"cell:{f}", _where(m, y, i, f))
        drop_m.append(i)
        joined += 1
    if drop_m:
        m.rows = m.rows.drop(index=m.rows.index[sorted(set(drop_m))])
    if joined:
        mine_zh, theirs_zh = _named(m, y, "当月表"), _named(y, m, "累计表")
        rest = f"；另有{len(m.rows)}行只在{mine_zh}中，单独读取" if len(m.rows) else ""
        m.joined = (
            f"与{theirs_zh}是同一张报表的当月数和累计数：{joined}行的本月数并入{theirs_zh}的同一行{rest}"
        )
        y.joined = f"与{mine_zh}是同一张报表的累计数和当月数：{joined}行并入了{mine_zh}的本月数"
        m.partner, y.partner = theirs_zh, mine_zh


def _number(v: Any, vocab: Any) -> float | None:
    from bijie_etl.ingest.headers import parse_number

    n = parse_number(v, vocab.spec)
    return n if isinstance(n, float) else None


def _conflict(m: Any, i: int, y: Any, j: int, vocab: Any, file_name: str) -> None:
    """A growth both tables give for one row (the month's is read only in January, when the month is the
    year to date): the same is read once (a 提示 on the month table's cell); different growths leave which
    is right unknown: neither loads (``growth_twice_different``), the row's figures do."""
    f = "growth_pct"
    if f not in m.rows.columns or f not in y.rows.columns:
        return
    here, there = m.rows[f].iat[i], y.rows[f].iat[j]
    if blank(here) or blank(there):
        return
    a, b = _number(here, vocab), _number(there, vocab)
    at_m, at_y = _where(m, y, i, f), cell_of(y, j, f)
    at_y_full = f"{y.sheet}!{at_y}" if at_y and "!" not in at_y and y.sheet != m.sheet else at_y
    _set(m.rows, i, f, None)
    if a is not None and b is not None and a == b:
        said = f"{at_m}的增速{fmt_as_typed(here)}与{at_y_full}相同，未重复读取。"
        m.warnings.append(
            Failure(Code.COLUMN_IGNORED, said, file_name, m.sheet, (at_m or "").split("!")[-1] or None,
                    int(m.rows["row"].iat[i]), str(here), severity=Severity.WARNING)
        )  # fmt: skip
        return
    said = (
        f"当月表{at_m}与累计表{at_y_full}都填了增速，分别为{fmt_as_typed(here)}和{fmt_as_typed(there)}，"
        f"不一致，无法确定哪个正确，两者都未入库；请核对后只在一处填写增速{GROWTH_REFUSED_ALONE_ZH}"
    )
    y.warnings.append(
        Failure(Code.GROWTH_TWICE_DIFFERENT, said, file_name, y.sheet, at_y, int(y.rows["row"].iat[j]),
                str(there), severity=Severity.ERROR)
    )  # fmt: skip
    _set(y.rows, j, f, None)


def _period_zh(d: date, ytd: bool) -> str:
    return f"{d.year}年{'1-' if ytd and d.month > 1 else ''}{d.month}月"


def _refuse(m: Any, y: Any, file_name: str) -> None:
    """A month's table and a year to date's table of the same rows stating different months: whose report
    this is cannot be told, neither table loads."""
    n = len(m.rows) + len(y.rows)
    where_m = f"工作表“{m.sheet}”" if m.sheet != y.sheet else "当月表"
    where_y = f"工作表“{y.sheet}”" if m.sheet != y.sheet else "累计表"
    said = (
        f"无法确定统计期：{where_m}（当月数）的{m.period_source}写的是{_period_zh(m.period_hint, False)}，"
        f"而{where_y}（累计数）的{y.period_source}写的是{_period_zh(y.period_hint, True)}，两表是同一张报表的当月数和累计数，"
        f"统计期应当一致；两表共{n}行未入库；请核对后把两表改为同一统计期再报送"
    )
    m.rows, y.rows = m.rows.iloc[0:0], y.rows.iloc[0:0]
    y.warnings.append(
        Failure(Code.LAYOUT_AMBIGUOUS, said, file_name, y.sheet, severity=Severity.ERROR, rows_refused=n)
    )
