"""A table's period against what its sheet name says.

A workbook with a sheet per month often carries one title copied onto every sheet (5月 and 6月 both
titled 2024年1-6月…): which of the two statements is right cannot be told from the file, so the rows read
at the title's period are refused rather than loaded at either month.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from bijie_etl.errors import Code, Failure, Severity
from bijie_etl.ingest.headers import CHINESE_NUMBERS, header_key, period_from_text
from bijie_etl.ingest.layouts import SheetRows
from bijie_etl.text import normalize_name

__all__ = ["refuse_sheet_month_conflict", "sheet_month"]


def sheet_month(sheet_name: str, file_stem: str, grammar: Any) -> tuple[int | None, int] | None:
    """(year or None, month) a sheet's name states (``5月``, ``2024.5``, ``2024年1-5月``), else None."""
    if sheet_name == file_stem:  # a csv's one sheet is named after its file
        return None
    found = period_from_text(sheet_name)
    if found:
        return found.year, found.month
    label = grammar.month_label(header_key(sheet_name))
    if label and not label[3]:
        return label[0], label[1]
    return _month_among_words(sheet_name)


#: A month named among other words (5月份报表, 能源5月, 五月数据): a number or Chinese numeral before 月.
_MONTH_WORD = re.compile(r"(?<![\d.\-/~～—至])(1[0-2]|0?[1-9]|十[一二]|[一二三四五六七八九十])月")
#: Words saying the month is not this table's (last year's, or a plan's).
_NOT_OURS = ("上年", "去年", "同期", "计划", "目标", "预计")


def _month_among_words(name: str) -> tuple[None, int] | None:
    """(None, month) when the name mentions exactly one month and no year, range or other number."""
    key = normalize_name(name)
    found = _MONTH_WORD.findall(key)
    if len(found) != 1 or any(w in key for w in _NOT_OURS):
        return None
    if sum(ch.isdigit() for ch in key) != sum(ch.isdigit() for ch in found[0]):
        return None  # another number in the name (表3, 2024, 1-5): not a plain month name
    return None, CHINESE_NUMBERS.get(found[0]) or int(found[0])


def refuse_sheet_month_conflict(
    rows: SheetRows, sheet_name: str, path: Path, said: tuple[date | None, str], grammar: Any
) -> SheetRows:
    """A sheet named for one month under a title (or header) naming another: 5月 tab, 2024年1-6月 title.

    Workbooks with a sheet per month often carry one title copied onto every sheet; reading each sheet
    at the title's month loads May's figures as June's (and refuses June's as duplicates). Which of the
    two is right cannot be told, so the rows read at the table's period are refused (LAYOUT_AMBIGUOUS)
    with both statements named; rows with a period of their own (a 统计期 or month column) are kept.
    """
    period, source = said
    if period is None or not source.startswith(("标题", "表头")) or rows.rows.empty:
        return rows
    named = sheet_month(sheet_name, path.stem, grammar)
    if named is None or (named[1] == period.month and named[0] in (None, period.year)):
        return rows
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
    month = f"{named[0]}年{named[1]}月" if named[0] else f"{named[1]}月"
    rows.warnings.append(
        Failure(
            code=Code.LAYOUT_AMBIGUOUS,
            message_zh=(
                f"无法确定表格的统计期：工作表名“{sheet_name}”写的是{month}，{source}写的是"
                f"{period.year}年{period.month}月，两者不一致，本表{int(at_title.sum())}行未入库；"
                "请核对后把工作表名和标题改为同一统计期再报送"
            ),
            file=path.name,
            sheet=sheet_name,
            cell=None,
            severity=Severity.ERROR,
        )
    )
    return rows
