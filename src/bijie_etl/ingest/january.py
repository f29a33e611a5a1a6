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

A share or level target (a rate, a stock: 空气质量优良率, 旅游床位) is assessed on its figure for the period,
which in January is January's own: its 本月 there is its ``value`` too (where the table has no 本期值 column).

Last year's January is last year's 1-1月: beside January's 本月 (with no 累计 column) a bare 上年同期 /
去年同期 / 上年同月 (or 上年同期 › 本月) is the 上年同期累计 (``value_ytd_prior``) of each row whose 本月 is read
as its year to date or figure for the period (:func:`january_prior` tags the column, :func:`january_ytd`
keeps it on those rows only: beside a growth target's level, kept as its month's own, it is not read).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from bijie_etl.errors import Code, Failure, Severity
from bijie_etl.ingest.grammar import _IGNORED_ZH, Role
from bijie_etl.ingest.growth_notes import blank as _blank
from bijie_etl.ingest.headers import parse_number, parse_period
from bijie_etl.ingest.table_rows import has_field, no_rows
from bijie_etl.ingest.tables import Column

__all__ = ["LAST_JANUARY", "january_prior", "january_ytd"]

#: Where a table's period may come from for its 本月 to be surely January's (not another sheet's).
_STATED = ("标题", "工作表名", "文件名", "表头")
_YEAR_TO_DATE = ("cumulative", "count")
#: Targets assessed on their figure for the period (``value``): in January, January's own.
_FOR_THE_PERIOD = ("share", "level")
#: The reason a value column read as last year's January carries (its tag for :func:`january_ytd`).
LAST_JANUARY = "一月的上年同期（上年1月）即上年1-1月累计"


def january_prior(columns: list[Column], period: Any, source: str) -> list[Column]:
    """In a January table (its period stated around it, or its one month column 1月) with no year-to-date
    column, the one bare 上年同期 / 上年同月 right of 本月 (a growth column between them changes nothing),
    not read in other months (:func:`~bijie_etl.ingest.table_roles.prior_beside_month`), is last year's
    January: ``value_ytd_prior``, tagged :data:`LAST_JANUARY`. Two such columns of one county or indicator, or any year to date, and
    nothing changes; by county (七星关区 › 本月 | 上年同期) one per county."""
    values = [c for c in columns if c.role.kind == "value"]
    if any(c.role.field in ("value_ytd", "@ytd", "value_ytd_prior") or c.role.is_range for c in values):
        return columns
    months = {c.role.month for c in values if c.role.month is not None}
    stated = period is not None and period.month == 1 and source.startswith(_STATED)
    if not (stated or (period is None and months == {1})):
        return columns
    found: list[Column] = []
    left: Role | None = None
    for c in sorted(columns, key=lambda k: k.index):
        role = c.role
        if (
            role.kind == "ignored"
            and role.reason == _IGNORED_ZH["prior_month"]
            and role.month in (None, 1)
            and not any("累计" in p for p in c.path)
            and left is not None
            and left.kind == "value"
            and left.field in ("value_month", "@month")
            and (left.county, left.indicator) == (role.county, role.indicator)
        ):
            found.append(c)
        if role.kind != "blank" and not (role.kind == "value" and role.field == "growth_pct"):
            left = role
    if not found or len({(c.role.county, c.role.indicator) for c in found}) != len(found):
        return columns  # two of one county's or indicator's: which is last year's January is unclear
    tagged = {
        c.index: Column(
            c.index, c.path, c.cells,
            Role("value", field="value_ytd_prior", county=c.role.county, indicator=c.role.indicator,
                 unit=c.role.unit, reason=LAST_JANUARY),
            c.unit, c.unit_cell,
        )
        for c in found
    }  # fmt: skip
    return [tagged.get(k.index, k) for k in columns]


def january_ytd(sheet: Any, vocab: Any, file_name: str = "") -> Any:
    """``sheet`` (a SheetRows), each January row with 本月 and no 累计 given, in place, its year to date (a
    cumulative or count target) or its figure for the period (a share or level target, where the table has
    no 本期值): the 本月 figure, at the 本月 cell. Last year's January (a column :func:`january_prior`
    tagged) is kept on those rows only; on others it is not read (``column_ignored`` on its cell)."""
    if no_rows(sheet) or not has_field(sheet, "value_month") or vocab.catalog is None:
        return sheet
    if has_field(sheet, "value_ytd") or sheet.columns.get("value_ytd"):
        return sheet  # a 累计 column (or a year to date of some row): 本月 and 累计 are compared, not merged
    rows: pd.DataFrame = sheet.rows
    hint = sheet.period_hint
    table_january = hint is not None and hint.month == 1 and sheet.period_source.startswith(_STATED)
    own = (
        [_own_period(v) for v in rows["period"].tolist()] if "period" in rows.columns else [None] * len(rows)
    )
    months = rows["value_month"].tolist()
    codes = rows["indicator_code"].tolist() if "indicator_code" in rows.columns else [None] * len(rows)
    names = rows["indicator_name"].tolist() if "indicator_name" in rows.columns else [None] * len(rows)
    by_period = "value" not in rows.columns and not sheet.columns.get("value")  # no 本期值 column
    picked: dict[int, str] = {}  # row position -> the field its 本月 also is
    kinds: list[str | None] = [None] * len(rows)
    for i, (month, p) in enumerate(zip(months, own, strict=True)):
        target = _target(codes[i], names[i], vocab)
        kinds[i] = target.kind.value if target is not None else None
        if not isinstance(parse_number(month, vocab.spec), float):
            continue  # blank, a marker, words or a marked estimate: left to validation as it is
        if not (p.month == 1 if p is not None else table_january):
            continue
        if kinds[i] in _YEAR_TO_DATE:
            picked[i] = "value_ytd"
        elif kinds[i] in _FOR_THE_PERIOD and by_period:
            picked[i] = "value"
    for fld in ("value_ytd", "value"):
        _copy_month(sheet, [i for i, f in picked.items() if f == fld], fld)
    _last_january(sheet, picked, kinds, vocab, file_name)
    return sheet


def _copy_month(sheet: Any, picked: list[int], fld: str) -> None:
    """The 本月 figures of rows ``picked`` copied to ``fld``, with the 本月 cell, its format and unit."""
    if not picked:
        return
    rows: pd.DataFrame = sheet.rows
    months = rows["value_month"].tolist()
    cells = rows["cell:value_month"].tolist() if "cell:value_month" in rows.columns else [None] * len(rows)
    letter = sheet.columns.get("value_month")
    numbers = rows["row"].tolist()
    n = len(rows)
    figures: list[Any] = [None] * n
    at: list[Any] = [None] * n
    for i in picked:
        figures[i] = months[i]
        at[i] = cells[i] if not _blank(cells[i]) else (f"{letter}{numbers[i]}" if letter else None)
    rows[fld] = pd.Series(figures, index=rows.index, dtype=object)
    rows[f"cell:{fld}"] = pd.Series(at, index=rows.index, dtype=object)
    chosen = set(picked)
    for extra in ("fmt", "unit"):  # the 本月 cell's number format and its column's unit
        if f"{extra}:value_month" in rows.columns:
            source = rows[f"{extra}:value_month"].tolist()
            rows[f"{extra}:{fld}"] = pd.Series(
                [source[i] if i in chosen else None for i in range(n)], index=rows.index, dtype=object
            )
    if "unit:value_month" in sheet.fixed_cells and f"unit:{fld}" not in sheet.fixed_cells:
        sheet.fixed_cells[f"unit:{fld}"] = sheet.fixed_cells["unit:value_month"]


#: Why last year's January is not read beside a growth target's level (kept as its month's own, e300).
_GROWTH_LEVEL_ZH = "本行指标按累计增速考核，其本月数只作为本月数保存，上年同月数不是考核口径"


def _last_january(
    sheet: Any, picked: dict[int, str], kinds: list[str | None], vocab: Any, file_name: str
) -> None:
    """Last year's January (the column :func:`january_prior` tagged) kept only on rows whose 本月 was read
    as their year to date or figure for the period, and on rows refused anyway (a blank 本月: the row has no
    figure of this year); on a row whose 本月 stays the month's own it is not read, with a note at its cell."""
    table = sheet.table
    rows: pd.DataFrame = sheet.rows
    col = next(
        (
            c
            for c in (table.columns if table is not None else [])
            if c.role.kind == "value" and c.role.reason == LAST_JANUARY
        ),
        None,
    )
    if col is None or "value_ytd_prior" not in rows.columns:
        return
    priors = rows["value_ytd_prior"].tolist()
    months = rows["value_month"].tolist()
    cells = (
        rows["cell:value_ytd_prior"].tolist()
        if "cell:value_ytd_prior" in rows.columns
        else [None] * len(rows)
    )
    numbers = rows["row"].tolist()
    for i, prior in enumerate(priors):
        if i in picked or _blank(prior) or not isinstance(parse_number(months[i], vocab.spec), float):
            continue
        priors[i] = None
        if kinds[i] is None:
            continue  # no target: the row is refused as it is
        why = _GROWTH_LEVEL_ZH if kinds[i] == "growth_rate" else _IGNORED_ZH["prior_month"]
        cell = cells[i] if not _blank(cells[i]) else f"{col.letter}{numbers[i]}"
        sheet.warnings.append(
            Failure(
                code=Code.COLUMN_IGNORED,
                message_zh=f"第{numbers[i]}行“{col.label}”{prior}未读取：{why}。",
                file=file_name,
                sheet=table.sheet,
                cell=cell,
                row_number=int(numbers[i]),
                value=str(prior),
                severity=Severity.WARNING,
            )
        )
    rows["value_ytd_prior"] = pd.Series(priors, index=rows.index, dtype=object)


def _own_period(value: Any) -> Any:
    """A row's own 统计期 (the first day of its month), None when blank or not read as a month."""
    return None if _blank(value) else parse_period(value)


def _target(code: Any, name: Any, vocab: Any) -> Any:
    if isinstance(code, str) and code.strip():
        return vocab.catalog.get(code.strip())
    return vocab.find_indicator(name) if isinstance(name, str) and name.strip() else None
