"""The month a sheet's or a file's name states (5月, 05, 能源局2024年6月, 24.05, Jun), and the dates in a
name that are no period: the day a file was made (能源局2024-07-05) and the month it was revised in
(能源局2024年7月更新 under a 2024年1-6月 title). Used by :mod:`bijie_etl.ingest.table_period`."""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

from bijie_etl.ingest.headers import (
    _DAY_RANGE,
    header_key,
    period_from_text,
    without_revised_dates,
    without_sent_dates,
)
from bijie_etl.ingest.headers import _default_spec as _header_spec

__all__ = [
    "SheetMonth",
    "file_month",
    "file_name_period",
    "made_on",
    "months_by_number",
    "named_month",
    "revised_later",
    "sheet_month",
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
    an English month (``Jun``, ``June 2024``: ``month_names`` of headers.yaml) are read. Remembered per
    name with the grammar (sheet and file names are asked about several times a table)."""
    memo = getattr(grammar, "_named_months", None)
    if memo is None:
        return _named_month(name, grammar, numbered)
    found: SheetMonth | None
    try:
        found = memo[(name, numbered)]
    except KeyError:
        if len(memo) > 4096:
            memo.clear()
        found = memo[(name, numbered)] = _named_month(name, grammar, numbered)
    return found


def _named_month(name: str, grammar: Any, numbered: bool) -> SheetMonth | None:
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


def file_name_period(stem: str) -> date | None:
    """The period a file's name states in figures (能源局2024年6月, 202406), else None; never the day the
    file was made (能源局2024-07-05: see :func:`made_on`)."""
    return None if made_on(stem) else period_from_text(stem)


#: Asked 2-3 times per file of its name; a department's file names recur across its folders.
@lru_cache(maxsize=1 << 12)
def made_on(name: str) -> bool:
    """True when a file's name carries a date to the day other than a month's last (能源局2024-07-05,
    能源局2024年7月5日): the day it was made or exported, not the period (2024-06-30, 截至6月30日 is June's)."""
    if not _FULL_DATE.search(name) and not _WIDE_DIGIT.search(name):
        return False  # the usual name: no date to the day
    key = header_key(name)
    key = _DAY_RANGE.sub(" ", key)  # 2024.1.1-2024.6.30: a period, read as such
    for m in _FULL_DATE.finditer(key):
        y, mo, d = int(m[1]), int(m[3]), int(m[4])
        if not 1 <= mo <= 12 or d != calendar.monthrange(y, mo)[1]:
            return True
    return False


_WIDE_DIGIT = re.compile("[０-９]")
#: A date to the day: 2024年7月5日, 2024-07-05, 2024.06.30 (one separator twice). Not a range of months: 2024年1-6月,
#: 2024.1-6 (June's year to date, a period: never a day 2024-01-06).
_FULL_DATE = re.compile(
    r"(?<!\d)(20\d{2})(?:年|([./_-]))(\d{1,2})(?:月|(?(2)\2|[./_-]))(\d{1,2})(?:日|(?![\d月]))"
)


def file_month(stem: str, year: int, grammar: Any) -> date | None:
    """The month a file's name states (能源局2024年5月, 能源局5月报表: the year of the table), else None;
    sending dates (7月报送), stamps and the day it was made (能源局2024-07-05) are no month."""
    if made_on(stem):
        return None
    found = period_from_text(stem)
    if found is not None:
        return found
    named = named_month(stem, grammar) if grammar is not None else None
    return date(named.year or year, named.month, 1) if named is not None and not named.bare else None


def revised_later(name: str, period: date, grammar: Any) -> bool:
    """True when the month a name states sits beside a word saying the figures were revised or updated
    then (能源局2024年7月更新, 6月数据（7月修订）: ``revised_words`` of headers.yaml) and, once that date is set
    aside, the name states no other month than ``period``: the date a file was revised, later than the
    period it holds, is no second statement of the period. (A revision date earlier than the period
    cannot be one: 2024年5月更新 under 1-6月 still disagrees.)"""
    key = header_key(name)
    kept = without_revised_dates(key)
    if kept == key:
        return False
    other = file_month(kept, period.year, grammar) if kept.strip() else None
    return other is None or other == period
