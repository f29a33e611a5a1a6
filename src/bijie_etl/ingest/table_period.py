"""A table's period against what its sheet name says.

A workbook with a sheet per month often carries one title copied onto every sheet (5月 and 6月 both
titled 2024年1-6月…): which of the two statements is right cannot be told from the file, so the rows read
at the title's period are refused rather than loaded at either month.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pandas as pd

from bijie_etl.errors import Code, Failure, Severity
from bijie_etl.ingest.headers import (
    _DAY_RANGE,
    header_key,
    parse_period,
    period_from_text,
    without_sent_dates,
)
from bijie_etl.ingest.headers import _default_spec as _header_spec
from bijie_etl.ingest.layouts import SheetRows

if TYPE_CHECKING:
    from bijie_etl.ingest.tables import Table

__all__ = [
    "SheetMonth",
    "file_name_period",
    "monthly_report",
    "months_by_number",
    "named_month",
    "refuse_period_conflict",
    "refuse_sheet_month_conflict",
    "sheet_month",
    "table_period",
]


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


def monthly_report(table: Table, sheet_name: str, file_stem: str) -> bool:
    """False when the title, sheet or file name says the report is not monthly (季报, 旬报:
    ``not_monthly_words`` of headers.yaml): a 统计期 cell 第2期 (or 2) is then no month."""
    words = _header_spec().not_monthly_words
    texts = (*(t for t, _ in table.title_cells), sheet_name, file_stem)
    return not any(w in header_key(t) for t in texts for w in words)


def sheet_month(
    sheet_name: str, file_stem: str, grammar: Any, *, numbered: bool = False
) -> SheetMonth | None:
    """The month a sheet's name states (``5月``, ``2024.5``, ``2024年1-5月``), else None; a number alone
    (``05``, ``6``) only when ``numbered`` (:func:`months_by_number` of the workbook's sheets).

    A date beside a word saying when the file was sent (``7月报送``, ``6月上报``) is not the period.
    """
    if sheet_name == file_stem:  # a csv's one sheet is named after its file
        return None
    return named_month(sheet_name, grammar, numbered=numbered)


def named_month(name: str, grammar: Any, *, numbered: bool = False) -> SheetMonth | None:
    """The month a sheet's or a file's name states: a period (``2024.5``, ``2024年1-5月``), a month label
    of the header grammar (``5月``, ``1-5月``, ``上半年``), or one such label among other words (``5月份报表``,
    ``能源局六月份数据``, ``能源局（1-6月）``); a number alone only when ``numbered``. None when the name
    says nothing, or more than one thing (``4-6月``, ``表3 5月``). A copy's number (``6月 (2)``: Excel's
    copy of the sheet 6月), a leading list number (``01能源局6月报表``), a year in two figures (``24.05``) and
    an English month (``Jun``, ``June 2024``: ``month_names`` of headers.yaml) are read."""
    found = period_from_text(name)
    if found:
        return SheetMonth(found.year, found.month)
    key = without_sent_dates(header_key(name))
    key = _COPY.sub("", key) or key  # 6月 (2): Excel's copy of sheet 6月; 能源局6月报表(1): a second download
    key = _SERIAL.sub("", key)  # 01能源局6月报表, 3-能源局: the file's place in a list, not a month
    short = _SHORT_NUMERIC.fullmatch(key) or _english_month(key)
    if short is not None:
        return short if isinstance(short, SheetMonth) else SheetMonth(2000 + int(short[1]), int(short[2]))
    bare = _BARE_MONTH.fullmatch(key)
    if bare:
        return SheetMonth(None, int(bare.group(1) or bare.group(2)), bare=True) if numbered else None
    label = grammar.month_label(key)
    if label and not label[3]:
        return SheetMonth(label[0], label[1])
    return _month_among_words(key, grammar)


#: The number Excel (and a browser saving a second download) puts after a copied name: 6月 (2), 报表(1).
_COPY = re.compile(r"\(\d{1,2}\)$")
#: A number starting a name before words (01能源局…, 3-能源局…, 2.能源…): the name's place in a list. Not
#: before a figure, 月, 年, 期 or a dash (1-6月, 6月, 2024年, 24.05 stay as they are).
_SERIAL = re.compile(r"^\d{1,3}(?:[-_.、,]+)?(?=[^\d\-_.、,月年期日号季])")
#: A month after a year in two figures, the month in two: 24.05, 24-05, 24_05 (2024年5月).
_SHORT_NUMERIC = re.compile(r"(\d{2})[./_-](0[1-9]|1[0-2])")
#: A month named in English (``month_names`` of headers.yaml), a year in figures before or after it:
#: jun, june, jun-24, june2024, 2024-06 is read elsewhere.
_ENGLISH = re.compile(r"(?:(20\d{2})[./_-]?)?([a-z]{3,9})(?:[./_-]?(20\d{2}|\d{2}))?")


def _english_month(key: str) -> SheetMonth | None:
    """The month a name gives in English (Jun, June, Jun-24, June 2024), else None."""
    m = _ENGLISH.fullmatch(key)
    month = _header_spec().month_names.get(m[2]) if m else None
    if m is None or month is None:
        return None
    year = m[1] or m[3]
    if m[1] and m[3]:
        return None  # two years: not a month's name
    return SheetMonth((2000 + int(year) if len(year) == 2 else int(year)) if year else None, month)


#: Where a month label may start among other words: a figure or numeral (not inside another number or
#: a range), or 上 (上半年), 前 (前5个月), 第 (第一季度), 截 (截至6月底), 元 (元至6月).
_LABEL_START = re.compile(r"(?<![\d.\-/一二三四五六七八九十])[\d一二三四五六七八九十元上前第截]")
#: Words saying the month is not this table's (last year's, or a plan's).
_NOT_OURS = ("上年", "去年", "同期", "计划", "目标", "预计")


def _month_among_words(key: str, grammar: Any) -> SheetMonth | None:
    """The month when the name (a header key) holds exactly one month label of the grammar among other
    words and no other figure (表3, 2024, a second month): 5月份报表, 能源6月, 五月数据, 能源局（1-6月）."""
    if any(w in key for w in _NOT_OURS):
        return None
    hits: list[tuple[int, int, int]] = []
    end = 0
    for m in _LABEL_START.finditer(key):
        if m.start() < end:
            continue
        label = grammar.month_label(key[m.start() :])
        if label is not None and label[0] is None:
            end = len(key) - len(label[3])
            hits.append((m.start(), end, label[1]))
    if len(hits) != 1:
        return None
    start, end, month = hits[0]
    rest = key[:start] + " " + key[end:]
    years = {int(y) for y in _YEAR_WORD.findall(rest)}  # 2024年能源统计月报（6月）: the year apart
    if len(years) > 1 or any(ch.isdigit() for ch in _YEAR_WORD.sub("", rest)):
        return None  # another number in the name (表3, 6月10日, two years): not a plain month name
    return SheetMonth(years.pop() if years else None, month)


_YEAR_WORD = re.compile(r"(?<!\d)(20\d{2})(?:年度?)?(?!\d)")


def table_period(
    table: Table,
    sheet_name: str,
    file_stem: str,
    grammar: Any,
    *,
    numbered: bool = False,
) -> tuple[date | None, str, int | None]:
    """A table's period and where it came from: its title, its header's group cells, a month named in
    the title without a year (毕节市1-6月…, the year from the title, sheet or file name), the sheet name (a
    month-only name takes the year of the title or file name; a number alone, 05, when ``numbered``:
    see :func:`months_by_number`), then the file name."""
    for text, cell in table.title_cells:
        found = period_from_text(_stated(text))
        if found:
            return found, f"标题（{cell}）", found.year
    for col in table.columns:  # the header's cells, column by column, top down
        for text, cell in zip(col.path, col.cells, strict=True):
            found = period_from_text(text)
            if found:
                return found, f"表头（{cell}）", found.year
    year = _year_in([_stated(t) for t, _ in table.title_cells]) or _year_in([sheet_name, file_stem])
    file_period = file_name_period(file_stem)
    year = year or (file_period.year if file_period else None)
    header_year = None if year else _header_years(table)  # 2024年 | 2023年 columns: this year and last
    for text, cell in table.title_cells:  # 毕节市1-6月能源生产情况 in 能源局2024年报表.xlsx
        said = named_month(_stated(text), grammar) if (year or header_year) and _stated(text) else None
        if said is not None and year is not None:
            return date(year, said.month, 1), f"标题（{cell}）（年份取自标题、工作表名或文件名）", year
        if said is not None and header_year is not None:
            return date(header_year, said.month, 1), f"标题（{cell}）（年份取自表头的本年列）", header_year
    found = period_from_text(sheet_name) if sheet_name != file_stem else None  # a csv's sheet is its file
    if found:
        return found, f"工作表名“{sheet_name}”", found.year
    named = sheet_month(sheet_name, file_stem, grammar, numbered=numbered)
    # A number alone (05) names the month only when the file name names none other: against a file
    # named for June, sheet 5 may be May's sheet or table 5 of June's report (refused below).
    if named and named.year:  # 24.05, Jun-24: the sheet's own year
        return date(named.year, named.month, 1), f"工作表名“{sheet_name}”", named.year
    if named and year and not (named.bare and file_period and file_period.month != named.month):
        return date(year, named.month, 1), f"工作表名“{sheet_name}”（年份取自标题或文件名）", year
    if file_period:
        return file_period, "文件名", file_period.year
    in_file = named_month(file_stem, grammar) if year and not _made_on(file_stem) else None  # 能源局6月报表
    if in_file is not None and year is not None:
        return date(year, in_file.month, 1), "文件名", year
    return None, "", year


@lru_cache(maxsize=4096)
def _stated(text: str) -> str:
    """A title line without its parts (cells) that are dates of the form rather than its period: a date
    line (制表日期：…, 填报日期：…) and a form's metadata (有效期至：2025年12月, 批准文号: ``form_words``):
    ``报告期：2024年6月 填报日期：2024年7月5日`` → ``报告期：2024年6月``."""
    form_words = _header_spec().form_words
    parts = text.split()
    kept = [p for p in parts if "日期" not in p and not any(w in header_key(p) for w in form_words)]
    return text if len(kept) == len(parts) else " ".join(kept)


def _header_years(table: Table) -> int | None:
    """The later of exactly two consecutive years the header's cells name (2024年 | 2023年, 2024年 › 本月 |
    2023年 › 本月): this year beside last year's. One year alone (2023年1-6月 beside 1-6月累计 may be last
    year's column) or years further apart say nothing."""
    years = {int(m.group(1)) for c in table.columns for t in c.path if (m := _YEAR.search(header_key(t)))}
    return max(years) if len(years) == 2 and max(years) - min(years) == 1 else None


def _year_in(texts: list[str]) -> int | None:
    """The first year in ``texts``, leaving out date lines and stamps (填报时间：2025年1月5日)."""
    for text in texts:
        if "日期" in text:
            continue
        m = _YEAR.search(without_sent_dates(header_key(text)))
        if m:
            return int(m.group(1))
    return None


_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")


def _table_numbers(sheets: Sequence[Any], month: int) -> bool:
    """True when the sheets named by a number alone run 1, 2 … without a gap and none is ``month``."""
    numbers = {int(header_key(s.name)) for s in sheets if _BARE_MONTH.fullmatch(header_key(s.name))}
    return bool(numbers) and numbers == set(range(1, len(numbers) + 1)) and month not in numbers


def refuse_sheet_month_conflict(
    rows: SheetRows,
    sheet_name: str,
    path: Path,
    said: tuple[date | None, str],
    grammar: Any,
    *,
    numbered: bool = False,
    sheets: Sequence[Any] = (),
) -> SheetRows:
    """A sheet named for one month under a title (or header) naming another: 5月 tab, 2024年1-6月 title.

    Workbooks with a sheet per month often carry one title copied onto every sheet; reading each sheet
    at the title's month loads May's figures as June's (and refuses June's as duplicates). Which of the
    two is right cannot be told, so the rows read at the table's period are refused (LAYOUT_AMBIGUOUS)
    with both statements named; rows with a period of their own (a 统计期 or month column) are kept.
    A sheet named by a number alone (``numbered``: 05 | 06) read at the file name's month is refused
    the same way when the number is another month (May's sheet, or table 5 of June's report?). Sheets
    numbered 1, 2 … from 1 (``sheets``: the workbook's) none of which is the title's month are its tables'
    numbers, not months: a workbook with a sheet per month has one for the month its titles name.
    """
    period, source = said
    if period is None or not source.startswith(("标题", "表头", "文件名")) or rows.rows.empty:
        return rows
    named = sheet_month(sheet_name, path.stem, grammar, numbered=numbered)
    if named is None or (named.month == period.month and named.year in (None, period.year)):
        return rows
    if source == "文件名" and not named.bare:
        return rows  # a month the sheet names in words is the sheet's period, whatever the file name says
    if named.bare and source.startswith(("标题", "表头")) and _table_numbers(sheets, period.month):
        return rows  # sheets 1 | 2 under 2024年1-6月 titles: table 1 and table 2 of June's report
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


#: A date to the day (2024年7月10日, 2024-07-10, 2024/7/10): when a table was made or released, not the
#: period it covers — unless a period word labels it (统计期：2024年6月30日).
_DAY_DATE = re.compile(r"\d{1,2}月\d{1,2}日|(?<!\d)20\d{2}[./-]\d{1,2}[./-]\d{1,2}(?!\d)")
_PERIOD_WORDS = ("统计期", "报告期", "统计时间", "统计月份", "统计时段", "时期", "期别")


def file_name_period(stem: str) -> date | None:
    """The period a file's name states in figures (能源局2024年6月, 202406), else None; never the day the
    file was made (能源局2024-07-05: see :func:`_made_on`)."""
    return None if _made_on(stem) else period_from_text(stem)


def _made_on(name: str) -> bool:
    """True when a file's name carries a date to the day other than a month's last (能源局2024-07-05,
    能源局2024年7月5日): the day it was made or exported, not the period (2024-06-30, 截至6月30日 is June's)."""
    if not _FULL_DATE.search(name) and not _WIDE_DIGIT.search(name):
        return False  # the usual name: no date to the day
    key = header_key(name)
    key = _DAY_RANGE.sub(" ", key)  # 2024.1.1-2024.6.30: a period, read as such
    for m in _FULL_DATE.finditer(key):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        if not 1 <= mo <= 12 or d != calendar.monthrange(y, mo)[1]:
            return True
    return False


_WIDE_DIGIT = re.compile("[０-９]")
_FULL_DATE = re.compile(r"(?<!\d)(20\d{2})(?:年|[./_-])(\d{1,2})(?:月|[./_-])(\d{1,2})(?:日|(?![\d]))")


def _title_periods(table: Table) -> list[tuple[date, str, str]]:
    """Every period the title lines state, with the text and cell: date lines (制表日期), stamps and
    sending dates (填报时间, 7月报送: see :func:`without_sent_dates`), a form's metadata (有效期至：2025年12月,
    ``form_words`` of headers.yaml) and dates to the day are left out. A line of several cells is
    read cell by cell (its parts are joined by spaces)."""
    return list(_periods_of_titles(tuple(table.title_cells)))


@lru_cache(maxsize=1024)
def _periods_of_titles(title_cells: tuple[tuple[str, str], ...]) -> tuple[tuple[date, str, str], ...]:
    """:func:`_title_periods` of the title lines ``(text, cell)``: a department's title comes every month."""
    form_words = _header_spec().form_words
    found = []
    for text, cell in title_cells:
        kept = []
        for part in text.split():
            key = header_key(part)
            if "日期" in key or any(w in key for w in form_words):
                continue
            if _DAY_DATE.search(key) and not any(w in key for w in _PERIOD_WORDS):
                continue
            kept.append(part)
        period = period_from_text(" ".join(kept)) if kept else None
        if period is not None:
            found.append((period, " ".join(kept), cell))
    return tuple(found)


def refuse_period_conflict(
    rows: SheetRows, table: Table, path: Path, sheet_name: str, grammar: Any = None, *, sheets: int = 1
) -> SheetRows:
    """Two statements of the period around one table that disagree: refused, never a silent pick.

    A title 2024年1-5月 with a line 统计期：2024年6月 under it, or with a 统计期 column whose cells say
    2024年6月 (or 2024/6/30): which month the figures are cannot be told from the file. The rows read at
    the table's period (title lines that disagree), and the rows whose own 统计期 is later than the
    period the title (sheet or file name) states — or, when every row names one and the same month,
    another month than it — are refused (LAYOUT_AMBIGUOUS) with both statements named. A 统计期 column
    of several months under a title naming the latest of them (1月 … 6月 under 1-6月) is no conflict.
    A file name naming an earlier month than the title or sheet name (能源局2024年5月.xlsx, a title
    2024年1-6月 or a sheet 6月) is a conflict too, and so is any other month when the workbook has one sheet (``sheets``); a workbook of
    several sheets named for its latest month holds earlier months' sheets (titled 1-5月) as a matter of
    course.
    """
    period, source = rows.period_hint, rows.period_source
    frame = rows.rows
    if period is None or frame.empty or not source.startswith(("标题", "工作表名", "文件名")):
        return rows
    said = f"{source}写的是{period.year}年{period.month}月"
    # Plain lists, one per row (a few Series maps cost ~0.25 ms a table): each row's own 统计期.
    own = _row_periods(frame["period"].tolist()) if "period" in frame.columns else None
    bad: list[bool] | None = None
    why = []
    if source.startswith("标题") and len(table.title_cells) > 1:
        at = (period.year, period.month)
        other = next(((p, t, c) for p, t, c in _title_periods(table) if (p.year, p.month) != at), None)
        if other is not None:
            bad = [p is None for p in own] if own is not None else [True] * len(frame)
            why.append(f"标题（{other[2]}）“{other[1]}”写的是{other[0].year}年{other[0].month}月，而{said}")
    stem = _file_month(path.stem, period.year, grammar) if source.startswith(("标题", "工作表名")) else None
    if stem is not None and stem != period and (stem < period or sheets == 1):
        bad = [p is None for p in own] if own is not None else [True] * len(frame)
        why.append(f"文件名“{path.name}”写的是{stem.year}年{stem.month}月，而{said}")
    by_name = bool(why) and why[-1].startswith("文件名")
    # A row's own 统计期 against the title or sheet name; against a file name alone it wins (a csv named
    # 2024-09 with a row 2024-12: that row's period, checked as such).
    by_file = source.startswith("文件名")
    distinct = {p for p in own if p is not None} if own is not None and not by_file else None
    if own is not None and distinct:
        if len(distinct) == 1 and period not in distinct:
            row_bad = [p is not None for p in own]  # every dated row names one other month
        else:
            row_bad = [p is not None and p > period for p in own]
        if any(row_bad):
            first = row_bad.index(True)
            row_no = int(frame["row"].iat[first])
            letter = rows.columns.get("period", "")
            cell = f"{letter}{row_no}" if letter else f"第{row_no}行"
            p = own[first]
            assert p is not None  # a refused row names a month
            why.append(f"统计期（{cell}）写的是{p.year}年{p.month}月，而{said}")
            bad = row_bad if bad is None else [a or b for a, b in zip(bad, row_bad, strict=True)]
    if bad is None or not any(bad):
        return rows
    rows.rows = frame[~np.array(bad, dtype=bool)]
    rows.warnings.append(
        Failure(
            code=Code.LAYOUT_AMBIGUOUS,
            message_zh=(
                f"无法确定表格的统计期：{'；'.join(why)}，两者不一致，本表{sum(bad)}行未入库；"
                + (
                    f"请核对后把文件名和{'工作表名' if source.startswith('工作表名') else '标题'}改为同一统计期再报送"
                    if by_name
                    else "请核对后把标题和统计期改为同一期再报送"
                )
            ),
            file=path.name,
            sheet=sheet_name,
            cell=None,
            severity=Severity.ERROR,
        )
    )
    return rows


def _row_periods(values: list[Any]) -> list[date | None]:
    """:func:`_row_period` of each cell, worked out once per distinct cell (a 统计期 column repeats one
    month on every row)."""
    keys = list(zip(map(type, values), values, strict=True))  # 1 and 1.0 are equal keys: typed apart
    try:
        found = dict.fromkeys(keys)
    except TypeError:  # a cell that cannot be hashed
        return [_row_period(v) for v in values]
    for key in found:
        found[key] = _row_period(key[1])
    return list(map(found.__getitem__, keys))


def _file_month(stem: str, year: int, grammar: Any) -> date | None:
    """The month a file's name states (能源局2024年5月, 能源局5月报表: the year of the table), else None;
    sending dates (7月报送), stamps and the day it was made (能源局2024-07-05) are no month."""
    if _made_on(stem):
        return None
    found = period_from_text(stem)
    if found is not None:
        return found
    named = named_month(stem, grammar) if grammar is not None else None
    return date(named.year or year, named.month, 1) if named is not None and not named.bare else None


def _row_period(value: Any) -> date | None:
    """A row's own 统计期 as the first day of its month (None when blank or not read)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return parse_period(value)
