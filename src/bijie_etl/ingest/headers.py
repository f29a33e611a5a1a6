"""Header vocabulary and cell-value parsing shared by reading and validation.

``sources/headers.yaml`` says which header words mean which canonical field, which rows are
notes and which cell contents mean "no value"; :class:`HeaderSpec` is its parsed form.
:func:`parse_number` and :func:`parse_period` are the one place cell text becomes a number or
a month (validation imports them through :mod:`bijie_etl.ingest.reading`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, Final

import numpy as np
import yaml

from bijie_etl.ingest.year_words import period_in_words
from bijie_etl.text import normalize_name, normalize_text

#: libyaml's loader when available (10x faster than the pure-Python one; same results).
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
__all__ = [
    "INVALID",
    "HeaderSpec",
    "column_letter",
    "header_key",
    "is_missing_text",
    "issue_month",
    "load_header_spec",
    "parse_number",
    "parse_period",
    "partial_range",
    "period_from_text",
    "without_revised_dates",
    "without_sent_dates",
]

# --------------------------------------------------------------------------------------------
# Header vocabulary (sources/headers.yaml)

_DASHES = re.compile(r"[—–－~～至‐‑−]+")
#: 到 between two month numbers (1到6月, 一到六月) is a dash too; elsewhere (到位资金) it is a word.
_TO = re.compile(r"(?<=[\d一二三四五六七八九十元])到(?=[\d一二三四五六七八九十])")


@lru_cache(maxsize=8192)  # header words repeat across thousands of files
def header_key(value: str) -> str:
    """The comparison key of a header cell: normalize_name plus every dash turned into ``-``."""
    key = _DASHES.sub("-", normalize_name(value))
    return _TO.sub("-", key) if "到" in key else key


@dataclass(frozen=True)
class _Group:
    words: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    sub: dict[str, str]  # header key -> field

    def matches(self, key: str) -> bool:
        return key in self.words or any(p.search(key) for p in self.patterns)


@dataclass(frozen=True)
class HeaderSpec:
    """The declarative part of reading, loaded from ``sources/headers.yaml``."""

    scan_rows: int
    words: dict[str, str]  # header key -> field
    patterns: tuple[tuple[re.Pattern[str], str], ...]
    groups: tuple[_Group, ...]
    note_prefixes: tuple[str, ...]
    note_initials: frozenset[str]
    department_labels: tuple[str, ...]
    missing_markers: frozenset[str]
    sent_words: tuple[str, ...] = ()  # 报送, 上报: the date beside them is when the file was sent
    stamp_words: tuple[str, ...] = ()  # 填报, 打印 (before 时间/日期): when the form was filled or printed
    form_words: tuple[str, ...] = ()  # 有效期, 批准文号: a form's metadata labels (their dates are no period)
    not_monthly_words: tuple[str, ...] = ()  # 季, 旬: a report whose 第N期 is no month
    revised_words: tuple[str, ...] = ()  # 更新, 修订: a later date beside them is when a file was revised
    merged_issue_words: tuple[str, ...] = ()  # 统计月报: its 第1期 may be 1-2月 (第N期 = month N+1)
    monthly_report_words: tuple[str, ...] = ()  # 月报: a department's own, its title's 第N期 is month N
    current_period_words: frozenset[str] = frozenset()  # 统计期 本期, 本年: the period the title states
    prior_period_words: frozenset[str] = frozenset()  # 统计期 上年同期, 去年同期: last year's same period
    month_names: dict[str, int] = field(default_factory=dict)  # jun, june -> 6 (sheet and file names)

    def field_of(self, cell: str) -> str | None:
        """The canonical field a one-row header cell names, or None."""
        key = header_key(cell)
        hit = self.words.get(key)
        if hit is None:
            hit = next((f for p, f in self.patterns if p.search(key)), None)
        return hit

    def group_of(self, cell: str) -> _Group | None:
        key = header_key(cell)
        return next((g for g in self.groups if g.matches(key)), None)

    def is_header_word(self, cell: str) -> bool:
        key = header_key(cell)
        return self.field_of(cell) is not None or any(key in g.sub or g.matches(key) for g in self.groups)


@lru_cache(maxsize=8)
def load_header_spec(path: Path) -> HeaderSpec:
    """Parse ``headers.yaml`` (cached per path)."""
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    words = {header_key(w): f for f, ws in raw["fields"].items() for w in ws}
    patterns = tuple((re.compile(p), f) for f, ps in (raw.get("field_patterns") or {}).items() for p in ps)
    groups = tuple(
        _Group(
            frozenset(header_key(w) for w in g["headers"]),
            tuple(re.compile(p) for p in g.get("patterns", []) or []),
            {header_key(w): f for f, ws in g["sub"].items() for w in ws},
        )
        for g in raw["groups"].values()
    )
    return HeaderSpec(
        scan_rows=int(raw.get("scan_rows", 12)),
        words=words,
        patterns=patterns,
        groups=groups,
        note_prefixes=tuple(header_key(p) for p in raw["note_prefixes"]),
        note_initials=frozenset(header_key(p)[:1] for p in raw["note_prefixes"]),
        department_labels=tuple(raw["department_labels"]),
        missing_markers=frozenset(normalize_text(m).lower() for m in raw["missing_markers"]),
        sent_words=tuple(normalize_name(w) for w in raw.get("sent_words") or ()),
        stamp_words=tuple(normalize_name(w) for w in raw.get("stamp_words") or ()),
        form_words=tuple(normalize_name(w) for w in raw.get("form_words") or ()),
        not_monthly_words=tuple(normalize_name(w) for w in raw.get("not_monthly_words") or ()),
        revised_words=tuple(normalize_name(w) for w in raw.get("revised_words") or ()),
        merged_issue_words=tuple(header_key(w) for w in raw.get("merged_issue_words") or ()),
        monthly_report_words=tuple(header_key(w) for w in raw.get("monthly_report_words") or ()),
        current_period_words=frozenset(header_key(w) for w in raw.get("current_period_words") or ()),
        prior_period_words=frozenset(header_key(w) for w in raw.get("prior_period_words") or ()),
        month_names={
            normalize_name(w): int(m) for m, ws in (raw.get("month_names") or {}).items() for w in ws
        },
    )


@lru_cache(maxsize=1)  # parse_number calls this once per cell: skip building the Path and hashing it
def _default_spec() -> HeaderSpec:
    from bijie_etl.settings import PACKAGED_CONFIG

    return load_header_spec(PACKAGED_CONFIG / "sources" / "headers.yaml")


# --------------------------------------------------------------------------------------------
# Parsing helpers shared with validation


class _Invalid:
    """Marker for a cell that holds something, but not a number."""

    _instance: _Invalid | None = None

    def __new__(cls) -> _Invalid:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "INVALID"

    def __bool__(self) -> bool:
        return False


INVALID: Final = _Invalid()
#: Dashes alone, however many and of whatever kind (— —, ---, ——, ―, ─ ─): a "no value" mark like — itself.
_DASH_RUN = re.compile(r"[-—–―─━‐‑‒−﹣ ]+")


def is_missing_text(text: str, markers: frozenset[str]) -> bool:
    """``text`` (normalised, lower case) means "no value": one of ``missing_markers`` of headers.yaml, or a
    run of dashes (``— —``, ``---``, ``─``) — never a figure, as a careful person reads it."""
    return text in markers or (text[:1] in _DASH_START and _DASH_RUN.fullmatch(text) is not None)


_DASH_START = frozenset("-—–―─━‐‑‒−﹣")
_NUMBER_JUNK = re.compile(r"[,\s]")


def parse_number(raw: object, spec: HeaderSpec | None = None) -> float | _Invalid | None:
    """A cell as a number: ``None`` when missing (blank or a marker like —, /, 空), ``INVALID`` when not a number.

    Accepts numbers, and text with thousands separators, a trailing ``%`` (kept in percent
    points), surrounding spaces and full-width digits: ``" １,234.5 "`` → 1234.5, ``"12%"`` → 12.0.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        return INVALID
    if isinstance(raw, int | float | np.integer | np.floating):
        value = float(raw)
        return None if value != value else value  # NaN is missing
    if not isinstance(raw, str):
        return INVALID
    text = normalize_text(raw)
    if not text or is_missing_text(text.lower(), (spec or _default_spec()).missing_markers):
        return None
    text = _NUMBER_JUNK.sub("", text)
    if text.endswith("%"):
        text = text[:-1]
    try:
        value = float(text)
    except ValueError:
        return INVALID
    # float() also accepts "nan", "inf", "Infinity" and "1e309" (overflows to inf): not figures.
    return value + 0.0 if math.isfinite(value) else INVALID  # + 0.0 turns "-0" into 0.0


CHINESE_NUMBERS = _CN_NUM = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "十一": 11,
    "十二": 12,
}
_CN = "(十一|十二|一|二|三|四|五|六|七|八|九|十|\\d{1,2})"
_PERIOD_PATTERNS: tuple[tuple[re.Pattern[str], Any], ...] = (
    (re.compile(rf"(20\d{{2}})年?1月?-{_CN}月"), lambda m: m.group(2)),  # 2024年1-6月, 2024年1月-6月
    (re.compile(rf"(20\d{{2}})年(?:度)?{_CN}月"), lambda m: m.group(2)),
    (re.compile(r"(20\d{2})年(?:度)?上半年"), lambda m: 6),
    (re.compile(r"(20\d{2})年(?:度)?前三季度"), lambda m: 9),
    (re.compile(r"(20\d{2})年(?:度)?(?:第)?([一二三四])季度"), lambda m: 3 * _CN_NUM[m.group(2)]),
    (re.compile(r"(20\d{2})年(?:度)?(?:全年|下半年)"), lambda m: 12),
    # 2024.1-6, 2024.01-06, 2024.1-2024.6: the year to date through June (before 2024.1 = January).
    (re.compile(r"(?<!\d)(20\d{2})[_./]0?1-(?:\1[_./])?(\d{1,2})(?!\d)"), lambda m: m.group(2)),
    # 2024-1-6月: dashes after the year too, when 月 closes the range (a bare 2024-1-6 is a date).
    (re.compile(r"(?<!\d)(20\d{2})-0?1-(\d{1,2})月"), lambda m: m.group(2)),
    (re.compile(r"(?<!\d)(20\d{2})[-_./](\d{1,2})(?!\d)"), lambda m: m.group(2)),
    (re.compile(r"(?<!\d)(20\d{2})(0[1-9]|1[0-2])(?!\d)"), lambda m: m.group(2)),
)


#: A range of months in figures (2024.1-6, 2024年3-6月, 2024.03-2024.06): only 1-M (M ≤ 12) is a period.
_RANGE = re.compile(r"(?<!\d)(20\d{2})[年_./](\d{1,2})月?-(?:\1[年_./])?(\d{1,2})(?!\d)")
#: The same with a dash after the year, closed by 月 (2024-3-6月); without 月, 2024-3-6 is a date.
_DASH_RANGE = re.compile(r"(?<!\d)(20\d{2})-(\d{1,2})-(\d{1,2})月")
#: A range from a month of one year to a month of another (2023年12月-2024年6月, 2023.12-2024.6).
_ACROSS_YEARS = re.compile(r"(?<!\d)(20\d{2})[年_./]\d{1,2}月?-(?!\1)20\d{2}[年_./]\d{1,2}")
#: A range of days (2024年1月1日-6月30日, 2024.1.1-2024.6.30, 2024-01-01-2024-06-30): its months are the period.
_DAY_RANGE = re.compile(
    r"(?<!\d)(20\d{2})(?:年|[./-])(\d{1,2})(?:月|[./-])(\d{1,2})日?-"
    r"(?:(20\d{2})(?:年|[./-]))?(\d{1,2})(?:月|[./-])(\d{1,2})日?(?![\d.])"
)


def _months_of_days(m: re.Match[str]) -> str:
    """A range of days as the range of months it covers: from the 1st of January, the year to date
    (2024年1月1日-6月30日 → 2024年1-6月); within one month, that month; from another month's 1st, a range
    not from January (refused as such); from a day other than the 1st, nothing (no month's figure)."""
    y1, m1, d1, y2, m2 = m[1], int(m[2]), int(m[3]), m[4] or m[1], int(m[5])
    if y1 != y2:
        return f"{y1}年{m1}月-{y2}年{m2}月"  # across two years: refused (partial_range)
    if d1 != 1:
        return " "
    return f"{y1}年{m1}月" if m1 == m2 else f"{y1}年{m1}-{m2}月"


_CN_YEAR = re.compile(r"([〇零○一二三四五六七八九]{4})年")
#: 24年6月, 24年1-6月, 24年上半年: the year in two figures, where a month or span follows (近20年来 stays).
_SHORT_YEAR = re.compile(r"(?<!\d)(2\d)年(?=\d|[一二三四五六七八九十元上下前全第])")


def _full_year(m: re.Match[str]) -> str:
    """24年 → 2024年 (as the template ``20\\1年``, without re's template parse on every call: ~5 µs a text)."""
    return f"20{m[1]}年"


_CN_DIGITS = str.maketrans("〇零○一二三四五六七八九", "00012345678" + "9")


@lru_cache(maxsize=1 << 12)
def partial_range(text: str) -> bool:
    """True when ``text`` names a range of months in figures that is not 1-M (``2024.4-6``, ``2024年3-6月``):
    no single month's year to date, so no period to load its figures at."""
    key = _DASHES.sub("-", normalize_name(text))
    if _ACROSS_YEARS.search(key):
        return True  # 2023年12月-2024年6月: months across two years, no year to date
    r = _RANGE.search(key) or _DASH_RANGE.search(key)
    return r is not None and not (int(r[2]) == 1 and 1 <= int(r[3]) <= 12)


#: A date in figures as people write it in a name: 7月, 7月8日, 2024年7月, 2024-07-08, 7.8 (not after a
#: dash or a digit: the 6月 of 1-6月报送 is the end of the period's range, not a sending date).
_SENT_DATE = (
    r"(?<![\d\-十])(?:20\d{2}(?:年|[-./_]))?"
    r"(?:\d{1,2}(?:月份?|[-./_])|(?:十[一二]?|[一二三四五六七八九])月)(?:\d{1,2}(?:日|号)?)?"
)


@lru_cache(maxsize=4)
def _sent_dates_out(words: tuple[str, ...], stamps: tuple[str, ...]) -> Callable[[str], str]:
    if not words and not stamps:
        return lambda key: key
    sent = "|".join(re.escape(w) for w in words) or "(?!)"
    stamp = "|".join(re.escape(w) for w in (*stamps, *words)) or "(?!)"
    found = re.compile(rf"{_SENT_DATE}(?:前)?(?:{sent})|(?:(?:{stamp})(?:时间|日期)|日期)[:：]?{_SENT_DATE}")
    # Every match holds one of these words: a key without any (the usual name or title) is left as it is
    # without trying the date at each of its characters.
    said = re.compile("|".join(re.escape(w) for w in sorted({*words, *stamps, "日期"}))).search
    sub = partial(found.sub, "")

    def out(key: str) -> str:
        return sub(key) if said(key) else key

    return lru_cache(maxsize=1 << 12)(out)  # per key: Sheet1, titles recur


def without_sent_dates(key: str, spec: HeaderSpec | None = None) -> str:
    """``key`` (a :func:`header_key`) without the dates that say when a file was sent (``7月报送``,
    ``2024-07-08上报``, ``报送时间:7月``; ``sent_words`` of headers.yaml) or when the form was filled,
    printed or exported (``填报时间:2024年7月5日``, ``打印时间2024-07-05``, ``日期:7月5日``; ``stamp_words``):
    a sheet named 7月报送 holds the report sent in July, not July's figures, so that month is no period."""
    spec = spec or _default_spec()
    return _sent_dates_out(spec.sent_words, spec.stamp_words)(key)


def without_revised_dates(key: str, spec: HeaderSpec | None = None) -> str:
    """``key`` (a :func:`header_key`) without the dates beside a word saying the figures were revised or
    updated then (``7月更新``, ``2024年7月修订``: ``revised_words`` of headers.yaml). Such a date is the period
    when nothing else states one (``3月（更正）``: March's figures corrected), so only a caller comparing it
    with another statement (a title's 1-6月) sets it aside: see :func:`bijie_etl.ingest.table_period`."""
    spec = spec or _default_spec()
    if not spec.revised_words:
        return key
    return _revised_pattern(spec.revised_words).sub("", key)


@lru_cache(maxsize=4)
def _revised_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # 7月更新, 2024年7月修订, and a year and month in figures (2024-07更正, 202407更新) before the word.
    date_ = rf"(?:{_SENT_DATE}|(?<!\d)20\d{{2}}[-./_]?(?:0[1-9]|1[0-2])(?!\d))"
    return re.compile(rf"{date_}[-_]?(?:{'|'.join(re.escape(w) for w in words)})")


@lru_cache(maxsize=1 << 12)  # header cells and titles repeat from file to file
def period_from_text(text: str) -> date | None:
    """The month a title or file name speaks of, as its first day (``2024年1-6月`` → 2024-06-01).

    Understands ``2024年6月``, ``2024年1—6月``, ``2024年上半年`` (June), ``2024年一季度`` (March),
    ``2024-06``, ``2024_6``, ``202406``, ``二〇二四年六月``, ``2024.1-6`` and ``2024-1-6月`` (June); None when nothing
    matches, or for a range of months not from January (``2024.3-6``: no single month to load). A date
    beside a word saying when the file was sent (``7月报送``, see :func:`without_sent_dates`) is not read.
    """
    key = without_sent_dates(header_key(text))
    if "年" in key:  # 二〇二四年六月: a year in Chinese digits; 24年6月: a year in two figures
        key = _CN_YEAR.sub(lambda m: m[1].translate(_CN_DIGITS) + "年", key)
        key = _SHORT_YEAR.sub(_full_year, key)
    if "-" in key:  # 2024年1月1日-6月30日: the months those days span
        key = _DAY_RANGE.sub(_months_of_days, key)
    if partial_range(key):
        return None  # 2024.3-6, 2024.1-13: not the year to date at one month (never 2024.3 = March)
    found = period_in_words(key)
    if found is not None:
        return found
    for pattern, month_of in _PERIOD_PATTERNS:
        m = pattern.search(key)
        if m:
            raw_month = month_of(m)
            month = raw_month if isinstance(raw_month, int) else _CN_NUM.get(raw_month) or int(raw_month)
            if 1 <= month <= 12:
                return date(int(m.group(1)), month, 1)
    return None


#: A 统计期 cell numbering the month: 6, 06, 第6期, 2024年第6期 (year optional).
_ISSUE = re.compile(r"(?:(20\d{2})年度?)?第(\d{1,2})期|0?(\d{1,2})")


def issue_month(raw: object) -> tuple[int | None, int] | None:
    """``(year or None, month)`` of a 统计期 cell that numbers the month (``6``, ``06``, a whole number
    6.0, ``第6期``, ``2024年第6期``), else None. Only a month 1-12; whether the numbers are months at all
    (a monthly report, not a 季报) is the caller's to decide (``not_monthly_words``)."""
    if isinstance(raw, str):
        return _issue_month(raw) if len(raw) <= 16 else None
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return None
    return (None, int(raw)) if raw == raw and raw == int(raw) and 1 <= raw <= 12 else None


@lru_cache(maxsize=1024)  # a 统计期 column repeats a few texts on every row
def _issue_month(raw: str) -> tuple[int | None, int] | None:
    m = _ISSUE.fullmatch(header_key(raw))
    if m is None:
        return None
    month = int(m.group(2) or m.group(3))
    return (int(m.group(1)) if m.group(1) else None, month) if 1 <= month <= 12 else None


def parse_period(raw: object) -> date | None:
    """A 统计期 cell as the first day of its month: date/datetime cells, ``202406``, or text as in :func:`period_from_text`."""
    if isinstance(raw, datetime):
        return date(raw.year, raw.month, 1)
    if isinstance(raw, date):
        return raw.replace(day=1)
    if isinstance(raw, int | float) and not isinstance(raw, bool) and raw == raw:
        if raw != int(raw):
            return year_dot_month(raw)
        raw = str(int(raw))
    if isinstance(raw, str):
        day = _YYYYMMDD.fullmatch(raw.strip())
        return date(int(day[1]), int(day[2]), 1) if day else period_from_text(raw)
    return None


_YEAR_DOT_MONTH = re.compile(r"(20\d{2})\.(\d{1,2})")


def year_dot_month(number: float) -> date | None:
    """A 统计期 typed as a number ``2024.6`` (Excel keeps no text): June 2024; ``2024.05`` May, ``2024.11``
    November. ``2024.1`` is None: typed 2024.1 (January) or 2024.10 (October, whose 0 Excel drops), the
    number cannot say which — never guessed."""
    m = _YEAR_DOT_MONTH.fullmatch(f"{number:.10g}")
    if m is None:
        return None
    digits = m.group(2)
    month = int(digits)
    if not 1 <= month <= 12 or digits == "1":
        return None
    return date(int(m.group(1)), month, 1)


def year_dot_month_unclear_zh(shown: str) -> str | None:
    """Why a 统计期 number ``2024.1`` is not read (see :func:`year_dot_month`), in Chinese; None for any other."""
    m = _YEAR_DOT_MONTH.fullmatch(shown.strip())
    if m is None or m.group(2) != "1":
        return None
    year = m.group(1)
    return (
        f"统计期“{shown}”是数字，可能是{year}年1月，也可能是{year}年10月（单元格为数字时Excel把2024.10存成2024.1），"
        f"无法确定；请改为文本填写，如“{year}-01”或“{year}年10月”"
    )


#: A 统计期 cell holding a date as one number (20240630): the month of that date. Only a whole cell: in
#: a file name, 能源局20240705 is the day it was exported or sent, not a period.
_YYYYMMDD = re.compile(r"(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])")


@lru_cache(maxsize=4096)
def column_letter(index: int) -> str:
    """0-based column index → Excel letters (0 → A, 26 → AA); remembered (a pure function)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


#: The "unit" of a growth column headed 同比增减 / 增减（±） / 同比 / 比上年同期 with no (%) and no rate
#: word (增长, 增速, 率, 幅): percent or the change in the level's unit? validate/growth.py decides from
#: the figures; never a real unit.
CHANGE_UNSTATED = "增减"
#: The "unit" of a growth column headed as an index with last year at 100 (为上年同期%, 上年同期=100,
#: 发展速度): validate/growth_index.py takes 100 off its figures; never a real unit.
GROWTH_INDEX = "上年同期=100"
#: Column "units" of a growth column that say how to read its figures, not the level's unit.
GROWTH_MARKS = frozenset({CHANGE_UNSTATED, GROWTH_INDEX})
_RATE_WORDS = ("增长", "增速", "率", "幅", "%", "％", "百分")


def bare_change(header: str) -> bool:
    """A growth header (its labels joined) that nowhere says it is a rate in percent: 增减, ±, 同比,
    比上年同期 alone compare with last year without saying whether in percent or in the level's unit."""
    return not any(w in header for w in _RATE_WORDS)
