"""A table's period against what its sheet name says.

A workbook with a sheet per month often carries one title copied onto every sheet (5月 and 6月 both
titled 2024年1-6月…): which of the two statements is right cannot be told from the file, so the rows read
at the title's period are refused rather than loaded at either month.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import pandas as pd

from bijie_etl.errors import Code, Failure, Severity
from bijie_etl.ingest.headers import CHINESE_NUMBERS, header_key, period_from_text, without_sent_dates
from bijie_etl.ingest.layouts import SheetRows
from bijie_etl.text import normalize_name

if TYPE_CHECKING:
    from bijie_etl.ingest.tables import Table

__all__ = ["SheetMonth", "months_by_number", "refuse_sheet_month_conflict", "sheet_month", "table_period"]


class SheetMonth(NamedTuple):
    """The month a sheet's name states; ``bare`` when the name is a number alone (05, 6)."""

    year: int | None
    month: int
    #: A number alone names a month in a workbook with a sheet per month (05 | 06), but it may as well
    #: number the tables of one month's report (1 | 2): it gives the period only when nothing else does,
    #: and a month stated elsewhere that differs makes the sheet's period unknown (refused).
    bare: bool = False


#: A sheet named by a month's number alone: 5, 05, 12 (surrounding spaces allowed).
_BARE_MONTH = re.compile(r"0?([1-9])|(1[0-2])")


def months_by_number(sheet_names: list[str]) -> bool:
    """True when two or more sheets of a workbook are named by a month's number alone (05 | 06): a
    workbook with a sheet per month. One sheet named 1 is more likely a renamed Sheet1 or a table's
    number than January, and gives no period."""
    return sum(1 for name in sheet_names if _BARE_MONTH.fullmatch(header_key(name))) >= 2


def sheet_month(
    sheet_name: str, file_stem: str, grammar: Any, *, numbered: bool = False
) -> SheetMonth | None:
    """The month a sheet's name states (``5月``, ``2024.5``, ``2024年1-5月``), else None; a number alone
    (``05``, ``6``) only when ``numbered`` (:func:`months_by_number` of the workbook's sheets).

    A date beside a word saying when the file was sent (``7月报送``, ``6月上报``) is not the period.
    """
    if sheet_name == file_stem:  # a csv's one sheet is named after its file
        return None
    found = period_from_text(sheet_name)
    if found:
        return SheetMonth(found.year, found.month)
    key = without_sent_dates(header_key(sheet_name))
    bare = _BARE_MONTH.fullmatch(key)
    if bare:
        return SheetMonth(None, int(bare.group(1) or bare.group(2)), bare=True) if numbered else None
    label = grammar.month_label(key)
    if label and not label[3]:
        return SheetMonth(label[0], label[1])
    return _month_among_words(key)


#: A month named among other words (5月份报表, 能源5月, 五月数据): a number or Chinese numeral before 月.
_MONTH_WORD = re.compile(r"(?<![\d.\-/~～—至])(1[0-2]|0?[1-9]|十[一二]|[一二三四五六七八九十])月")
#: Words saying the month is not this table's (last year's, or a plan's).
_NOT_OURS = ("上年", "去年", "同期", "计划", "目标", "预计")


def _month_among_words(name: str) -> SheetMonth | None:
    """The month when the name mentions exactly one month and no year, range or other number."""
    key = normalize_name(name)
    found = _MONTH_WORD.findall(key)
    if len(found) != 1 or any(w in key for w in _NOT_OURS):
        return None
    if sum(ch.isdigit() for ch in key) != sum(ch.isdigit() for ch in found[0]):
        return None  # another number in the name (表3, 2024, 1-5): not a plain month name
    return SheetMonth(None, CHINESE_NUMBERS.get(found[0]) or int(found[0]))


def table_period(
    table: Table,
    sheet_name: str,
    file_stem: str,
    grammar: Any,
    *,
    numbered: bool = False,
) -> tuple[date | None, str, int | None]:
    """A table's period and where it came from: its title, its header's group cells, the sheet
    name (a month-only name takes the year of the title or file name; a number alone, 05, when
    ``numbered``: see :func:`~bijie_etl.months_by_number`), then the file name."""
    for text, cell in table.title_cells:
        if "日期" not in text:
            found = period_from_text(text)
            if found:
                return found, f"标题（{cell}）", found.year
    for col in table.columns:  # the header's cells, column by column, top down
        for text, cell in zip(col.path, col.cells, strict=True):
            found = period_from_text(text)
            if found:
                return found, f"表头（{cell}）", found.year
    year = _year_in([t for t, _ in table.title_cells]) or _year_in([sheet_name, file_stem])
    found = period_from_text(sheet_name) if sheet_name != file_stem else None  # a csv's sheet is its file
    if found:
        return found, f"工作表名“{sheet_name}”", found.year
    named = sheet_month(sheet_name, file_stem, grammar, numbered=numbered)
    file_period = period_from_text(file_stem)
    year = year or (file_period.year if file_period else None)
    # A number alone (05) names the month only when the file name names none other: against a file
    # named for June, sheet 5 may be May's sheet or table 5 of June's report (refused below).
    if named and year and not (named.bare and file_period and file_period.month != named.month):
        return date(year, named.month, 1), f"工作表名“{sheet_name}”（年份取自标题或文件名）", year
    if file_period:
        return file_period, "文件名", file_period.year
    return None, "", year


def _year_in(texts: list[str]) -> int | None:
    for text in texts:
        if "日期" in text:
            continue
        m = _YEAR.search(text)
        if m:
            return int(m.group(1))
    return None


_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")


def refuse_sheet_month_conflict(
    rows: SheetRows,
    sheet_name: str,
    path: Path,
    said: tuple[date | None, str],
    grammar: Any,
    *,
    numbered: bool = False,
) -> SheetRows:
    """A sheet named for one month under a title (or header) naming another: 5月 tab, 2024年1-6月 title.

    Workbooks with a sheet per month often carry one title copied onto every sheet; reading each sheet
    at the title's month loads May's figures as June's (and refuses June's as duplicates). Which of the
    two is right cannot be told, so the rows read at the table's period are refused (LAYOUT_AMBIGUOUS)
    with both statements named; rows with a period of their own (a 统计期 or month column) are kept.
    A sheet named by a number alone (``numbered``: 05 | 06) read at the file name's month is refused
    the same way when the number is another month (May's sheet, or table 5 of June's report?).
    """
    period, source = said
    if period is None or not source.startswith(("标题", "表头", "文件名")) or rows.rows.empty:
        return rows
    named = sheet_month(sheet_name, path.stem, grammar, numbered=numbered)
    if named is None or (named.month == period.month and named.year in (None, period.year)):
        return rows
    if source == "文件名" and not named.bare:
        return rows  # a month the sheet names in words is the sheet's period, whatever the file name says
    frame = rows.rows
    own = (
        frame["period"].notna() & (frame["period"].astype(str).str.strip() != "")
        if "period" in frame
        else None
    )
    at_title = ~own if own is not None else pd.Series(True, index=frame.index)
    if not at_title.any():
        return rows
    rows.rows = frame[~at_title]
    month = f"{named.year}年{named.month}月" if named.year else f"{named.month}月"
    stated = (
        f"工作表名“{sheet_name}”可能是{month}，也可能只是表的序号"
        if named.bare
        else f"工作表名“{sheet_name}”写的是{month}"
    )
    rows.warnings.append(
        Failure(
            code=Code.LAYOUT_AMBIGUOUS,
            message_zh=(
                f"无法确定表格的统计期：{stated}，{source}写的是"
                f"{period.year}年{period.month}月，两者不一致，本表{int(at_title.sum())}行未入库；"
                + (
                    f"如果“{sheet_name}”是表的序号，请把工作表名改为“表{sheet_name}”，如果是月份，请改为“{named.month}月”并核对"
                    f"{'文件名' if source == '文件名' else '标题'}后再报送"
                    if named.bare
                    else "请核对后把工作表名和标题改为同一统计期再报送"
                )
            ),
            file=path.name,
            sheet=sheet_name,
            cell=None,
            severity=Severity.ERROR,
        )
    )
    return rows
