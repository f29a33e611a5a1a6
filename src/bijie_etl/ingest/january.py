"""In January 本月 is the year to date: a January table's 本月 is also its 1-1月累计.

A January report often has one figure column, 本月 (or a lone 1月)::

    毕节市2024年1月能源生产情况
    指标名称 | 计量单位 | 本月
    煤炭产量 | 万吨     | 612.4

A cumulative (or count) target is assessed on its year to date, which the table does not write in a
column of its own — but January's year to date (1-1月) is January's own figure: a careful reader reads
612.4 as both, where the old reader refused the row (``value_missing``).

Only where the month is surely January: the row's own 统计期 says January, or the table's period is
January as stated around it (title, sheet name, file name, or the columns' header) and the row has no
统计期 of its own. A table without a period, or one whose statements disagree (refused before this
runs), or a sheet taking another sheet's period, is left as it was. Only tables with no year-to-date
figure at all: beside a 累计 column (even a blank cell of one) nothing is copied, so a January 本月 and
1-1月累计 that disagree are still judged by validation (``ytd_sum_mismatch``, ``guard_ytd_below_month``).
The copied year to date keeps the 本月 cell as its own, so any message about it points there.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from bijie_etl.ingest.growth_notes import blank as _blank
from bijie_etl.ingest.headers import parse_number, parse_period

__all__ = ["january_ytd"]

#: Where a table's period may come from for its 本月 to be surely January's (not another sheet's).
_STATED = ("标题", "工作表名", "文件名", "表头")
_YEAR_TO_DATE = ("cumulative", "count")


def january_ytd(sheet: Any, vocab: Any) -> Any:
    """``sheet`` (a SheetRows), each January row of a cumulative or count target with 本月 and no 累计
    given its year to date (the 本月 figure, at the 本月 cell), in place."""
    rows: pd.DataFrame = sheet.rows
    if rows.empty or "value_month" not in rows.columns or vocab.catalog is None:
        return sheet
    if "value_ytd" in rows.columns or sheet.columns.get("value_ytd"):
        return sheet  # a 累计 column (or a year to date of some row): 本月 and 累计 are compared, not merged
    hint = sheet.period_hint
    table_january = hint is not None and hint.month == 1 and sheet.period_source.startswith(_STATED)
    own = (
        [_own_period(v) for v in rows["period"].tolist()] if "period" in rows.columns else [None] * len(rows)
    )
    if not table_january and not any(p is not None and p.month == 1 for p in own):
        return sheet
    months = rows["value_month"].tolist()
    codes = rows["indicator_code"].tolist() if "indicator_code" in rows.columns else [None] * len(rows)
    names = rows["indicator_name"].tolist() if "indicator_name" in rows.columns else [None] * len(rows)
    cells = rows["cell:value_month"].tolist() if "cell:value_month" in rows.columns else [None] * len(rows)
    letter = sheet.columns.get("value_month")
    numbers = rows["row"].tolist()
    picked: list[int] = []
    for i, (month, p) in enumerate(zip(months, own, strict=True)):
        if not isinstance(parse_number(month, vocab.spec), float):
            continue  # blank, a marker, words or a marked estimate: left to validation as it is
        if not (p.month == 1 if p is not None else table_january):
            continue
        target = _target(codes[i], names[i], vocab)
        if target is None or target.kind.value not in _YEAR_TO_DATE:
            continue
        picked.append(i)
    if not picked:
        return sheet
    n = len(rows)
    ytd: list[Any] = [None] * n
    at: list[Any] = [None] * n
    for i in picked:
        ytd[i] = months[i]
        at[i] = cells[i] if not _blank(cells[i]) else (f"{letter}{numbers[i]}" if letter else None)
    rows["value_ytd"] = pd.Series(ytd, index=rows.index, dtype=object)
    rows["cell:value_ytd"] = pd.Series(at, index=rows.index, dtype=object)
    chosen = set(picked)
    for extra in ("fmt", "unit"):  # the 本月 cell's number format and its column's unit
        if f"{extra}:value_month" in rows.columns:
            source = rows[f"{extra}:value_month"].tolist()
            rows[f"{extra}:value_ytd"] = pd.Series(
                [source[i] if i in chosen else None for i in range(n)], index=rows.index, dtype=object
            )
    if "unit:value_month" in sheet.fixed_cells and "unit:value_ytd" not in sheet.fixed_cells:
        sheet.fixed_cells["unit:value_ytd"] = sheet.fixed_cells["unit:value_month"]
    return sheet


def _own_period(value: Any) -> Any:
    """A row's own 统计期 (the first day of its month), None when blank or not read as a month."""
    return None if _blank(value) else parse_period(value)


def _target(code: Any, name: Any, vocab: Any) -> Any:
    if isinstance(code, str) and code.strip():
        return vocab.catalog.get(code.strip())
    return vocab.find_indicator(name) if isinstance(name, str) and name.strip() else None
