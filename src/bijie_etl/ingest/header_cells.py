"""Header cells typed as something other than text, read as the labels they show (issue #13).

Departments type month headers in ways that are not text: a date cell shown as 1月 or 2024年1月 by its
number format (LibreOffice turns a typed 2024年1月 into a date), or the numbers 1 2 3 … 6 under a 月份 /
2024年 group merged across them, or the numbers 202401 202402 … in a header row. :func:`header_labels` turns such cells into the month labels a reader
sees (1月, 2024年1月), in place, before :func:`bijie_etl.ingest.tables.find_tables` looks for headers.
Only cells the formats map or the merged ranges point at are looked at: no pass over the whole sheet.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from itertools import chain
from typing import Any

from bijie_etl.ingest.excel import RawSheet
from bijie_etl.ingest.styles import format_kind

__all__ = ["date_as_shown", "header_labels"]


def header_labels(sheet: RawSheet, vocab: Any) -> list[list[Any]]:
    """The sheet's grid with month headers typed as dates or as numbers under a month group made
    labels (see the module docstring); ``vocab`` is the tables' Vocabulary. Returns the grid."""
    _date_labels(sheet, vocab)
    _numbered_months(sheet, vocab)
    _yyyymm_months(sheet, vocab)
    return sheet.grid


def _yyyymm(value: Any) -> bool:
    """A number cell holding a month as YYYYMM (202401 … 202412, 2000–2099)."""
    if type(value) not in (int, float) or not float(value).is_integer():
        return False
    year, month = divmod(int(value), 100)
    return 2000 <= year <= 2099 and 1 <= month <= 12


def _below_months(row: list[Any]) -> bool:
    """A number cell under 200001 (C loops; the row holds no number subclass, so these are the
    row's int and float cells): then not all its numbers are YYYYMM months."""
    low = min(filter(float.__instancecheck__, row), default=200001.0)
    return bool(low < 200001 or min(filter(int.__instancecheck__, row), default=200001) < 200001)


def _all_below_months(cells: list[Any]) -> bool:
    """Every number cell under 200001 (C loops; number subclasses and bools included, which only
    makes this say False more often; a NaN first says False): then no cell is a YYYYMM month."""
    top = max(filter(float.__instancecheck__, cells), default=0.0)
    return bool(top < 200001 and max(filter(int.__instancecheck__, cells), default=0) < 200001)


def _month_numbers() -> set[int]:
    """Every YYYYMM month number (200001 … 209912) and, per year, a 13th (200013 …) that is no month:
    1,300 numbers added one by one, so that the set grows to 8,192 slots (1,200 would stay in 2,048). An
    int hashes to itself: the months sit in runs of slots, and in a narrow table the lookups of the usual
    cells (blanks hash to 0, small figures to themselves) walk those runs (~7 % of finding a sheet's tables)."""
    numbers: set[int] = set()
    for year in range(2000, 2100):
        numbers.update(range(year * 100 + 1, year * 100 + 14))
    return numbers


#: A number cell equal to none of these is no YYYYMM month (202401.0 == 202401 hashes alike; a text or a
#: bool is never equal to one); one equal to one is looked at by the rule itself (a 13th is no month).
_YYYYMM = _month_numbers()


def _yyyymm_months(sheet: RawSheet, vocab: Any) -> None:
    """Month headers typed as the numbers 202401 | 202402 | … (number cells, not text) become the text a
    reader sees (``202401``, read as a month like a typed one), in place, on a header row: a row holding a
    header word (指标名称, 计量单位) whose number cells are ALL distinct YYYYMM months, two or more. A
    data row (figures beside a name) never qualifies, nor a row mixing months with other numbers."""
    grid = sheet.grid
    rows = grid[: min(len(grid), 40)]
    try:
        if _YYYYMM.isdisjoint(chain.from_iterable(rows)):
            return  # the usual sheet: no cell there is a YYYYMM month number (a hashed C loop)
    except TypeError:  # an unhashable cell: the test below
        pass
    if _all_below_months(list(chain.from_iterable(rows))):
        return  # no row there can hold a month number
    for row in rows:
        types = set(map(type, row))
        if int not in types and float not in types:
            continue  # no number cell (a title or a header of words)
        if not any(t not in (int, float) and issubclass(t, int | float) for t in types) and _below_months(
            row
        ):
            continue  # a figure under 200001 (a data row): not a row of months
        nums = [v for v in row if type(v) in (int, float)]
        if (
            len(nums) < 2
            or not 200001 <= min(nums) <= max(nums) <= 209912  # a figure outside 2000-01…2099-12: a data row
            or not all(_yyyymm(v) for v in nums)
            or len({int(v) for v in nums}) != len(nums)
        ):
            continue
        if not any(vocab.label(v).kind == "identity" for v in row if isinstance(v, str) and v.strip()):
            continue
        row[:] = [str(int(v)) if type(v) in (int, float) else v for v in row]


def _whole_number(v: Any) -> bool:
    """A whole number, typed as a number or as text (1, 6.0, "6", "06", "６")."""
    if type(v) in (int, float):
        return float(v).is_integer()
    return isinstance(v, str) and v.strip().isdecimal() and len(v.strip()) <= 2


def _numbered_months(sheet: RawSheet, vocab: Any) -> None:
    """月份 (or 2024年, 本年) merged across columns over 1 | 2 | … | 6 (numbers, or typed as text): the numbers
    are the months (1月 …), not a column-number row. Only when the numbers fill exactly the group's columns, rise one by one and
    stay within 1–12 (a column-number row numbers every value column, 甲 乙 included)."""
    grid = sheet.grid
    for (r0, c0), (r1, c1) in sheet.merges:
        if r1 != r0 or c1 <= c0 or r0 + 1 >= len(grid) or c0 >= len(grid[r0]):
            continue
        top, below = grid[r0][c0], grid[r0 + 1]
        cells = below[c0 : c1 + 1]
        if len(cells) != c1 - c0 + 1 or not all(map(_whole_number, cells)):
            continue  # tested first: a title merged across the sheet (a new text every month) is never parsed
        label = vocab.label(top) if isinstance(top, str) else None
        if label is None or not (
            label.kind == "qualifier" or (label.kind == "identity" and label.field == "period")
        ):
            continue
        months = [
            int(v) if not isinstance(v, str) else int(unicodedata.normalize("NFKC", v.strip())) for v in cells
        ]
        if (
            months != list(range(months[0], months[0] + len(months)))
            or not 1 <= months[0] <= months[-1] <= 12
        ):
            continue
        prefix = f"{label.year}年" if label.year else ""
        below[c0 : c1 + 1] = [f"{prefix}{m}月" for m in months]
        if label.kind == "identity":
            grid[r0][c0] = ""  # 月份 over the months says only that they are months (not a 统计期 column)


_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]')


def date_as_shown(value: date, code: str | None) -> str | None:
    """A date cell of a header as the month label its number format shows, or None when it names a day.

    ``yyyy"年"m"月"`` → ``2024年1月``; ``m"月"`` → ``1月`` (the stored year is not shown, so it is not
    read: the table's period gives the year, as it does for a typed 1月); a format showing the day
    (``yyyy-mm-dd``) is read as a month only on the first or last day of it (2024-01-31 = January).
    """
    bare = _FORMAT_LITERALS.sub("", code or "yyyy-mm-dd").lower()
    if "m" not in bare:
        return None
    if "d" in bare and value.day != 1 and (value + timedelta(days=1)).month == value.month:
        return None
    return f"{value.year}年{value.month}月" if "y" in bare else f"{value.month}月"


def _date_labels(sheet: RawSheet, vocab: Any) -> None:
    """Month headers typed as date cells (1月 shown by ``m"月"``; LibreOffice turns a typed 2024年1月 into
    a date) become the labels they show, in place, on rows that hold no number (a header, not a data
    row with a 统计期 date) and hold two such dates or a header word (指标名称). Only cells with a date
    format are looked at (the formats map is small)."""
    rows: dict[int, list[int]] = {}
    grid = sheet.grid
    for (r, c), code in (getattr(sheet, "formats", None) or {}).items():
        if (
            r < len(grid)
            and c < len(grid[r])
            and isinstance(grid[r][c], date)
            and format_kind(code) == "date"
        ):
            rows.setdefault(r, []).append(c)
    for r, cols in rows.items():
        row = grid[r]
        if any(type(v) in (int, float) for v in row):
            continue  # a data row (a period column holding dates beside figures)
        if len(cols) < 2 and not any(vocab.label(v).kind == "identity" for v in row if isinstance(v, str)):
            continue  # a title line (报告期 | 2024-06-01) or a data row keeps its date
        for c in cols:
            shown = date_as_shown(row[c], sheet.formats.get((r, c)))
            if shown is not None:
                row[c] = shown
