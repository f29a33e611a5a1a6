"""The roles grammar: what one header label says about its column (``sources/headers.yaml``, ``roles:``).

A label is classified on its own into a :class:`Label` — an identity column (指标名称, 区县 …), a
measure (本月, 1-6月累计, 上年同期, 同比增长), a qualifier (本年, 上年), a month (6月, 1-6月, 上半年),
a county (七星关区, 合计), an indicator (a catalog name used as a column header), a measure that
is understood but never loaded (年度目标, 完成进度) or nothing known. Compound labels are split
with the same word lists: ``上年同期累计`` = prior + ytd, ``2024年1-6月累计`` = year + months 1-6 +
ytd, ``本月增长`` = month + growth. :func:`combine` turns the labels of a header path into the
column's role. No word lists live in code: add a spelling to ``headers.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bijie_etl.ingest.headers import CHANGE_UNSTATED, GROWTH_INDEX, bare_change, header_key
from bijie_etl.ingest.revision_words import revised_label, revision_words
from bijie_etl.vocabulary import MEASURES

#: libyaml's loader when available (10x faster than the pure-Python one; same results).
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
__all__ = ["Grammar", "Label", "Role", "combine", "load_grammar", "month_label", "span_label"]

#: Identity fields: columns whose cells name the row rather than measure it.
IDENTITY_FIELDS = ("indicator_code", "indicator_name", "unit", "period", "county", "note")
#: Measure fields of the canonical row.
MEASURE_FIELDS = MEASURES
#: Measures resolved per row from the indicator's kind: "@month" (that month's figure), "@ytd"
#: (the year to date), "@main" (the kind's own column), "@level" (a growth target's level: value_ytd).
DEFERRED = ("@month", "@ytd", "@main", "@level")

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_NUM = r"(\d{1,2}|十[一二]?|[一二三四五六七八九])"
_YEAR = r"(?:(20\d{2})年(?:度)?)?"
# Order matters: ranges first.
# 1-6月, 一至六月, 元至6月 (元月 is January), 2024年1月-2024年6月, 前5个月 (the first five months: 1-5月).
_MONTH_RANGE = re.compile(rf"^{_YEAR}(?:(?:1|一|元)月?-(?:20\d{{2}}年)?|前){_NUM}个?月(?:份)?")
_MONTH_ONE = re.compile(rf"^{_YEAR}{_NUM}月(?:份)?")
_OWN_RANGE = re.compile(rf"^{_NUM}月?-{_NUM}月(?:份)?")
# "截至6月底", "6月末", "截至2024年6月": everything up to the end of that month (a year to date, or a
# level at the month's end; resolved by the indicator's kind like a 1-M range; 至 is a dash, 截至 "截-").
_MONTH_END = re.compile(rf"^(?:截-|截止|-)?{_YEAR}{_NUM}月(?:份)?(?:底|末)(?:止)?")
_MONTH_UPTO = re.compile(rf"^(?:截-|截止){_YEAR}{_NUM}月(?:份)?")
_MONTH_NUMERIC_RANGE = re.compile(r"^(20\d{2})[./](?:0?1)-(?:\1[./])?(0?[1-9]|1[0-2])(?!\d)(?:月(?:份)?)?")
# Months as numbers: 2024.01, 2024/1, 202401 (a date shown as text); ranges 2024.1-6, 2024.1-2024.6 (ytd).
_MONTH_NUMERIC = re.compile(r"^(20\d{2})(?:[./-]|(?=\d{2}(?!\d)))(0?[1-9]|1[0-2])(?!\d)(?:月(?:份)?)?")
_SPAN_YEAR = re.compile(r"^(20\d{2})(?:年度?)?")
_YEAR_ONLY = re.compile(r"^(20\d{2})年(?:度)?")
_BRACKET = re.compile(r"[(\[【]([^()\[\]【】]*)[)\]】]")
_UNIT_PREFIX = re.compile(r"^(?:计量)?单位[:：]?")
#: A trailing (%), %, ±%: the column is in percent. (±) alone says the figures are signed, not that
#: they are percentages (增减（±） may hold the change in the level's unit): no unit, see headers.bare_change.
_PERCENT_TAIL = re.compile(r"(?:\(?±?%\)?)$")


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + (_CN_DIGITS.get(text[1:], 0) if len(text) > 1 else 0)
    return _CN_DIGITS[text]


#: A span of the year named in words (``roles: spans:`` of headers.yaml): (key, end month, own).
Span = tuple[str, int, bool]


def span_label(key: str, spans: tuple[Span, ...]) -> tuple[int | None, int, bool, str] | None:
    """``(year, end month, own, rest)`` of a label starting with a span word (上半年, 二季度, q1), else None.

    ``own`` is True for a span that does not start in January (二季度 alone: its own total).
    ``spans`` are longest first (see :attr:`Grammar.spans`).
    """
    year = None
    rest = key
    m = _SPAN_YEAR.match(rest)
    if m:
        year, rest = int(m.group(1)), rest[m.end() :]
    for word, month, own in _spans_at(spans, rest[:1]):
        if rest.startswith(word):
            return year, month, own, rest[len(word) :]
    m = _OWN_RANGE.match(rest)  # 4-6月, 7至9月: months not from January, a span of its own as 二季度 is
    if m and 1 < _number(m.group(1)) < _number(m.group(2)) <= 12:
        return year, _number(m.group(2)), True, rest[m.end() :]
    return None


def _spans_at(spans: tuple[Span, ...], first: str) -> tuple[Span, ...]:
    """The spans, in their order, whose word may start a text beginning with ``first`` (an empty word always):
    indexed once per tuple of spans (the grammar's), not one ``startswith`` per span for every label."""
    hit = _SPAN_INDEX.get(id(spans))
    if hit is None or hit[0] is not spans:
        if len(_SPAN_INDEX) > 16:
            _SPAN_INDEX.clear()
        firsts = {sp[0][:1] for sp in spans}
        hit = _SPAN_INDEX[id(spans)] = (spans, {c: tuple(sp for sp in spans if not sp[0] or sp[0][0] == c) for c in firsts})  # fmt: skip
    return hit[1].get(first) or hit[1].get("", ())


#: id of a tuple of spans → (that tuple, its spans by first character): see :func:`_spans_at`.
_SPAN_INDEX: dict[int, tuple[tuple[Span, ...], dict[str, tuple[Span, ...]]]] = {}


def month_label(key: str, spans: tuple[Span, ...] = ()) -> tuple[int | None, int, bool, str] | None:
    """``(year, month, is_range, rest)`` of a label starting with a month or a 1-M range, else None.

    ``6月`` → (None, 6, False, ""); ``2024年1-6月累计`` → (2024, 6, True, "累计"); with the grammar's
    ``spans``, ``上半年`` → (None, 6, True, "") and ``一季度`` → (None, 3, True, ""). A span of its own
    (二季度 alone) is not a month label: None. ``key`` is a :func:`header_key` (dashes already ``-``).
    """
    for pattern, is_range in (
        (_MONTH_RANGE, True),
        (_MONTH_END, True),
        (_MONTH_UPTO, True),
        (_MONTH_ONE, False),
        (_MONTH_NUMERIC_RANGE, True),
        (_MONTH_NUMERIC, False),
    ):
        m = pattern.match(key)
        if m:
            month = _number(m.group(2))
            if 1 <= month <= 12:
                year = int(m.group(1)) if m.group(1) else None
                return year, month, is_range, key[m.end() :]
    span = span_label(key, spans) if spans else None
    if span and not span[2]:
        return span[0], span[1], True, span[3]
    return None


@dataclass(frozen=True)
class Label:
    """What one header label says. ``kind`` is one of identity, serial, measure, qualifier, month,
    county, indicator, ignored, blank, unknown; a compound label sets several attributes."""

    text: str
    kind: str
    field: str | None = None  # identity field
    measures: frozenset[str] = frozenset()  # month, ytd, prior, prior_month, growth, value
    qualifier: str | None = None  # "current" | "prior"
    year: int | None = None
    month: int | None = None
    is_range: bool = False  # a 1-M range (year to date) rather than one month
    own: bool = False  # a span of its own (二季度 alone): not a month, not a year to date
    county: str | None = None  # official county name
    indicator: str | None = None  # catalog code
    level: bool = False  # the indicator label is a level alias (地区生产总值 for a growth target)
    ignored: str | None = None  # reason key (plan, progress, points, rank)
    unit: str | None = None  # unit taken off the label's brackets
    month_total: bool = False  # 本月累计/当月累计: the year to date alone, the month's total beside 本年累计
    total: bool = False  # 合计, 总计 (``roles: totals``): the sum of what the span or group lists
    #: "revised" (1-6月累计（调整后）, 修订后 …: the department's corrected figure) or "unclear" (调整数: the
    #: adjusted figure or the adjustment?), from ``roles: revised`` / ``revision_unclear``; else None.
    revised: str | None = None


@dataclass(frozen=True)
class Role:
    """What a whole column holds, from its header path."""

    kind: str  # "identity" | "serial" | "value" | "ignored" | "unknown"
    field: str | None = None  # identity field, measure field, or a DEFERRED measure
    year: int | None = None
    month: int | None = None
    is_range: bool = False
    county: str | None = None
    indicator: str | None = None  # catalog code
    indicator_text: str | None = None  # the label that named the indicator, as typed
    level: bool = False  # named by a level alias: a bare column is the level, not the growth
    reason: str | None = None  # why ignored / not understood (Chinese)
    unit: str | None = None
    month_total: bool = False  # named by 本月累计/当月累计: see headers.yaml ``roles: month_total``
    revised: str | None = None  # see Label.revised and :mod:`bijie_etl.ingest.revised`


_IGNORED_ZH = {
    "plan": "计划数/目标数不是完成值",
    "progress": "完成进度由系统按完成值计算，不读取部门自报的进度",
    "points": "“增减百分点”不是考核口径（比重、比率按本期值考核）",
    "rank": "排名不是指标值",
    "prior_month": "上年同月数不是考核口径（只读取上年同期累计）",
    "month_growth": "当月增速不是考核口径（只读取累计增速）",
    "previous_growth": "环比（与上月相比）的增减不是同比增速，不是考核口径（只读取累计同比增速）",
    "prior_growth": "上年同期增速不是本年数据",
    "abs_change": "表头带有数量单位，是比上年增减的绝对量，不是增速（%）",
    "previous": "上月（上期）数不是本期数据",
    "year_start": "上年末（年初）数是年初的数，不是本期数据，也不是上年同期",
    "estimate": "预计数不是实际完成数",
    "older_year": "不是本年或上年同期的数据",
    "span_own": "这是单季（或下半年）自身的数值，不是自年初累计，也不是某一个月的数值；系统只保存本月数和1-本月累计数，"
    "不能由它得出，因此未读取（请报送1-本月累计数，如“1-6月”“上半年”）",
}


@dataclass
class Grammar:
    """The parsed ``roles:`` part of ``headers.yaml`` plus the identity words of ``fields:``."""

    identity: dict[str, str]  # header key -> identity field
    measures: dict[str, str]  # header key -> measure word kind
    ignored: dict[str, str]  # header key -> reason key
    qualifiers: dict[str, str]  # header key -> current | prior
    serial: frozenset[str]
    numbering: tuple[re.Pattern[str], ...]
    unit_row: frozenset[str]
    skip_sheets: tuple[str, ...]
    direct: dict[str, str]  # full header words of `fields:` that name a measure field directly
    month_total: frozenset[str] = frozenset()  # 本月累计, 当月累计 (see Role.month_total)
    totals: frozenset[str] = frozenset()  # 合计, 总计: beside months their total (see table_roles)
    spans: tuple[Span, ...] = ()  # (key, end month, own), longest first
    #: Revision words (``roles: revised`` → "revised", ``revision_unclear`` → "unclear") and notes of how final
    #: a figure is (``roles: status_notes``: 本月（快报）), longest first.
    revisions: tuple[tuple[str, str], ...] = ()
    _longest: tuple[str, ...] = field(default=())
    #: ``_longest`` by first character (an empty word under every one): the words ``rest.startswith`` can match,
    #: in ``_longest``'s order (an unknown label tried every measure word, ~170 ``startswith`` a pass).
    _longest_at: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    _qualifiers_longest: tuple[str, ...] = field(init=False, repr=False, compare=False)  # longest first
    #: own_span_in per distinct text: a 统计期 column repeats one text on every row of every file.
    _own_spans: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)

    _span_words: re.Pattern[str] | None = field(default=None, repr=False, compare=False)
    _span_of: dict[str, Span] = field(default_factory=dict, repr=False, compare=False)
    _numbering_of: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)
    _skip_of: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)
    _month_labels: dict[str, tuple[int | None, int, bool, str] | None] = field(
        default_factory=dict, repr=False, compare=False
    )
    _named_months: dict[tuple[str, bool], Any] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._longest = tuple(sorted(self.measures, key=len, reverse=True))
        self._longest_at = {
            c: tuple(w for w in self._longest if not w or w[0] == c) for c in {w[:1] for w in self._longest}
        }
        self._qualifiers_longest = tuple(sorted(self.qualifiers, key=len, reverse=True))
        # One alternation in the spans' order: at each position the first span that matches wins
        # and the scan goes on after it, as a left-to-right search span by span would.
        self._span_of = {}
        for sp in self.spans:
            self._span_of.setdefault(sp[0], sp)
        if self.spans:
            self._span_words = re.compile("|".join(re.escape(sp[0]) for sp in self.spans))

    def is_numbering(self, text: str) -> bool:
        """A column number of a 甲 乙 1 2 3 row (remembered per text: data rows repeat their names)."""
        hit = self._numbering_of.get(text)
        if hit is None:
            key = header_key(text)
            hit = any(p.match(key) for p in self.numbering)
            if len(self._numbering_of) > 20000:
                self._numbering_of.clear()
            self._numbering_of[text] = hit
        return hit

    def month_label(self, key: str) -> tuple[int | None, int, bool, str] | None:
        """:func:`month_label` with this grammar's spans (上半年, 一季度 …), remembered per key."""
        try:
            return self._month_labels[key]
        except KeyError:
            pass
        if len(self._month_labels) > 20000:
            self._month_labels.clear()
        found = self._month_labels[key] = month_label(key, self.spans)
        return found

    def own_span_in(self, text: str) -> str | None:
        """The first span of its own (二季度, 下半年) named anywhere in ``text`` (a title, a sheet name,
        a 统计期 cell), as written in the grammar; spans from January (前三季度, 三季度累计) do not count."""
        try:
            return self._own_spans[text]
        except KeyError:
            pass
        if len(self._own_spans) > 4096:
            self._own_spans.clear()
        found = self._own_spans[text] = self._own_span_in(text)
        return found

    def _own_span_in(self, text: str) -> str | None:
        if self._span_words is None:
            return None
        for m in self._span_words.finditer(header_key(text)):
            hit = self._span_of[m.group()]
            if hit[2]:
                return hit[0]
        return None

    def without_current(self, key: str) -> str:
        """``key`` without a leading word for this year (本年6月, 今年1-6月 → 6月, 1-6月): a 统计期 cell so
        written names the month of the table's year; last year's words (上年6月) are kept (no month)."""
        for word, kind in self._current_words():
            if kind == "current" and key.startswith(word) and len(key) > len(word):
                return key[len(word) :]
        return key

    def _current_words(self) -> list[tuple[str, str]]:
        return [(word, self.qualifiers[word]) for word in self._qualifiers_longest]

    def is_skip_sheet(self, name: str) -> bool:
        """An instruction or cover sheet by its name (remembered per name: Sheet1 in nearly every file)."""
        hit = self._skip_of.get(name)
        if hit is None:
            if len(self._skip_of) > 4096:
                self._skip_of.clear()
            hit = self._skip_of[name] = any(map(header_key(name).__contains__, self.skip_sheets))
        return hit

    def _measure_words(self, rest: str) -> frozenset[str] | None:
        """``rest`` as one or two measure words (本月增长 → month+growth), or None."""
        if not rest:
            return frozenset()
        hit = self.measures.get(rest)
        if hit:
            return frozenset({hit})
        for word in self._starting(rest):
            if rest.startswith(word):
                tail = self.measures.get(rest[len(word) :])
                if tail:
                    return frozenset({self.measures[word], tail})
        return None

    def _starting(self, rest: str) -> tuple[str, ...]:
        """The measure words, longest first, that ``rest`` may start with (those of its first character)."""
        return self._longest_at.get(rest[:1]) or self._longest_at.get("", ())

    def label(self, text: str, *, counties: Any = None, catalog: Any = None, units: Any = None) -> Label:
        """Classify one header label (see :class:`Label`)."""
        found = _label(self, text, counties, catalog, units)
        if found.kind != "unknown" or not self.revisions:
            return found
        return revised_label(found, lambda rest: _label(self, rest, counties, catalog, units), self.revisions)


def _strip_units(key: str, units: Any) -> tuple[str, str | None]:
    """The label without brackets holding a unit (or %), and that unit."""
    unit = None
    if _PERCENT_TAIL.search(key):
        unit = "%"
        key = _PERCENT_TAIL.sub("", key) or ("±" if "±" in key else "")  # ±% alone: ± is the label

    def repl(m: re.Match[str]) -> str:
        nonlocal unit
        inner = _UNIT_PREFIX.sub("", m.group(1).strip())
        known = (units.canonical(inner) or units.choice(inner)) if units is not None else None
        if inner in ("%", "±%", "±", "百分比") or known:
            unit = "%" if "%" in inner or inner == "百分比" else known
            return ""
        return m.group(0)

    key = _BRACKET.sub(repl, key)
    # 单位：万元 inside a label (本月 单位:万元) is rare; a trailing "/万元" is not.
    if "/" in key and units is not None:
        head, _, tail = key.rpartition("/")
        if head and units.canonical(tail):
            key, unit = head, units.canonical(tail)
    return key, unit


def _label(g: Grammar, text: str, counties: Any, catalog: Any, units: Any) -> Label:
    raw = text.strip() if isinstance(text, str) else ""
    if not raw:
        return Label(text="", kind="blank")
    full = header_key(raw)
    if full in g.identity:
        return Label(raw, "identity", field=g.identity[full])
    if full in g.serial:
        return Label(raw, "serial")
    if "百分点" in full and "points" in g.ignored.values():
        return Label(raw, "ignored", ignored="points")  # a change in percentage points is not a growth rate
    key, unit = _strip_units(full, units)
    if key in g.identity:
        return Label(raw, "identity", field=g.identity[key], unit=unit)
    if key in g.serial:
        return Label(raw, "serial")
    if key in g.ignored:
        return Label(raw, "ignored", ignored=g.ignored[key], unit=unit)
    direct = g.direct.get(full) or g.direct.get(key)
    if direct:
        kinds = {
            "value_month": "month",
            "value_ytd": "ytd",
            "value_ytd_prior": "prior",
            "growth_pct": "growth",
            "value": "value",
        }
        return Label(raw, "measure", measures=frozenset({kinds[direct]}), unit=unit)
    if counties is not None:
        county = counties(key)
        if county:
            return Label(raw, "county", county=county, unit=unit)
    if catalog is not None:
        target = catalog.find(key) or catalog.find(full)
        if target is not None:
            level = bool(catalog.names_level(key) or catalog.names_level(full))
            return Label(raw, "indicator", indicator=target.code, level=level, unit=unit)
    # Compound: [year] [qualifier] [month | 1-M] [measure words]
    year = None
    rest = key
    m = _YEAR_ONLY.match(rest)
    if m and not month_label(rest) and not span_label(rest, g.spans):
        year, rest = int(m.group(1)), rest[m.end() :]
    qualifier = None
    for word in g._qualifiers_longest:
        if rest.startswith(word):
            if rest == word:
                return Label(raw, "qualifier", qualifier=g.qualifiers[word], year=year, unit=unit)
            # 上年同期 is a measure word that starts with a qualifier: prefer the measure.
            if g._measure_words(rest) is not None:
                break
            qualifier, rest = g.qualifiers[word], rest[len(word) :]
            break
    month = month_label(rest, g.spans)
    month_year = None
    own = False
    if month:
        month_year, mo, is_range, rest = month
    else:
        span = span_label(rest, g.spans)
        if span:  # a span of its own (二季度): see Role reasons
            month_year, mo, own, rest = span
            is_range = True
    words = g._measure_words(rest)
    if words is None and rest in g.ignored:
        return Label(raw, "ignored", ignored=g.ignored[rest], unit=unit)
    if words is None:  # 本月比上年同月增长: a measure word, then words that are never loaded
        tail = next(
            (rest[len(w) :] for w in g._starting(rest) if rest.startswith(w) and rest[len(w) :] in g.ignored),
            None,
        )
        if tail is not None:
            return Label(raw, "ignored", ignored=g.ignored[tail], unit=unit)
    if words is None:
        return Label(raw, "unknown", unit=unit)
    if month or own:
        return Label(
            raw,
            "month",
            measures=words,
            qualifier=qualifier,
            year=month_year or year,
            month=mo,
            is_range=is_range,
            own=own,
            unit=unit,
            total=rest in g.totals,
        )
    if not words:
        if year is not None:  # "2024年" alone: a year group
            return Label(raw, "qualifier", qualifier=qualifier or "current", year=year, unit=unit)
        return Label(raw, "unknown", unit=unit)
    mt = rest in g.month_total
    found = Label(raw, "measure", measures=words, qualifier=qualifier, year=year, unit=unit, month_total=mt)
    return replace(found, total=True) if rest in g.totals else found


def combine(labels: list[Label]) -> Role:
    """The role of a column from the labels of its header path (top to bottom); revised when a label says
    so (调整后 › 累计; "unclear" wins: see :mod:`bijie_etl.ingest.revised`)."""
    role = _combine(labels)
    revised = max((lb.revised for lb in labels if lb.revised), default=None)
    return replace(role, revised=revised) if revised and role.kind in ("value", "unknown") else role


def _combine(labels: list[Label]) -> Role:
    known = [lb for lb in labels if lb.kind not in ("blank",)]
    if not known:
        return Role("unknown", reason="表头为空")
    identity = [lb for lb in known if lb.kind == "identity"]
    if identity:
        return Role("identity", field=identity[-1].field, unit=identity[-1].unit)
    if any(lb.kind == "serial" for lb in known):
        return Role("serial")
    unit = next((lb.unit for lb in reversed(known) if lb.unit), None)
    ignored = next((lb.ignored for lb in known if lb.kind == "ignored"), None)
    if ignored:
        return Role("ignored", reason=_IGNORED_ZH.get(ignored, ignored), unit=unit)
    measures: set[str] = set()
    prior = False
    current = False
    year = month = None
    is_range = own = False
    county = indicator = indicator_text = None
    level = False
    for lb in known:
        measures |= lb.measures
        if lb.qualifier == "prior":
            prior = True
        elif lb.qualifier == "current":
            current = True
        year = lb.year or year
        if lb.month is not None:
            month, is_range, own = lb.month, lb.is_range, lb.own
        if lb.county:
            county = lb.county
        if lb.indicator:
            indicator, indicator_text, level = lb.indicator, lb.text, lb.level
    unknown = [lb.text for lb in known if lb.kind == "unknown"]
    base: dict[str, Any] = {
        "year": year,
        "month": month,
        "is_range": is_range,
        "county": county,
        "indicator": indicator,
        "indicator_text": indicator_text,
        "level": level,
        "unit": unit,
        "month_total": any(lb.month_total for lb in known),
    }
    if own and (not measures & {"ytd"} or any(lb.total for lb in known)):
        # 二季度 alone (or over 本月/上年同期/增长): the quarter's own figures, which are not stored.
        # 二季度累计 / 二季度 › 累计 is the year to date at the quarter's end (as 三季度累计 = 1-9月), but
        # 二季度合计 / 二季度 › 合计 sums the quarter's months (4月 | 5月 | 6月 | 二季度合计): its own total.
        return Role("ignored", reason=_IGNORED_ZH["span_own"], **base)
    if month == 1 and measures - {"month"}:
        is_range = True  # 1月 over 累计 | 上年同期 | 增长: January's year to date is January
        base["is_range"] = True
    month_ctx = ("month" in measures or (month is not None and not is_range)) and "ytd" not in measures
    ytd_ctx = "ytd" in measures or (month is not None and is_range)
    if "prior_month" in measures:
        return Role("ignored", reason=_IGNORED_ZH["prior_month"], **base)
    if measures & {"growth", "growth_index"}:
        if any("growth" in lb.measures and lb.unit not in (None, "%", "‰") for lb in known):
            return Role("ignored", reason=_IGNORED_ZH["abs_change"], **base)  # 比上年增减（万吨）
        if prior or "prior" in measures:  # 上年 › 增长, 上年同期增长(%): last year's own growth
            return Role("ignored", reason=_IGNORED_ZH["prior_growth"], **base)
        if month_ctx:
            return Role("ignored", reason=_IGNORED_ZH["month_growth"], **base)
        index = "growth_index" in measures  # 为上年同期%: the growth as an index, last year = 100
        if index or (unit is None and bare_change("".join(lb.text for lb in known))):
            base["unit"] = GROWTH_INDEX if index else CHANGE_UNSTATED
        return Role("value", field="growth_pct", **base)
    if "prior" in measures or prior:
        if month_ctx:
            return Role("ignored", reason=_IGNORED_ZH["prior_month"], **base)
        if measures - {"prior", "ytd", "value"}:
            return Role("unknown", reason="无法确定的组合", **base)
        return Role("value", field="value_ytd_prior", **base)
    if ytd_ctx:
        if "month" in measures:  # 1-6月 › 本月: the month inside a range group
            return Role("value", field="value_month", **base)
        return Role("value", field="value_ytd" if "ytd" in measures else "@ytd", **base)
    if "month" in measures:
        return Role("value", field="value_month", **base)
    if month is not None:
        return Role("value", field="@month", **base)
    if "value" in measures:
        return Role("value", field="value", **base)
    if unknown and not (county or indicator):
        return Role("unknown", reason="表头“" + "›".join(unknown) + "”无法识别", **base)
    if county or indicator or current:
        if not (county or indicator):  # 本年 | 上年同期 | 增长(%): this year's figure, as 本期值
            return Role("value", field="value", **base)
        return Role("value", field="@level" if level else "@main", **base)
    return Role("unknown", reason="无法识别", **base)


@lru_cache(maxsize=8)
def load_grammar(path: Path) -> Grammar:
    """Parse the roles grammar of ``headers.yaml`` (cached per path)."""
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    roles = raw.get("roles") or {}
    identity = {header_key(w): f for f, ws in raw["fields"].items() if f in IDENTITY_FIELDS for w in ws}
    direct = {header_key(w): f for f, ws in raw["fields"].items() if f in MEASURE_FIELDS for w in ws}
    measures: dict[str, str] = {}
    ignored: dict[str, str] = {}
    for kind, words in (roles.get("measures") or {}).items():
        if kind == "ignored":
            for reason, ws in words.items():
                ignored.update({header_key(w): reason for w in ws})
        else:
            measures.update({header_key(w): kind for w in words})
    qualifiers = {header_key(w): k for k, ws in (roles.get("qualifiers") or {}).items() for w in ws}
    spans: dict[str, tuple[int, bool]] = {}
    for kind in ("ytd", "own"):
        for month, ws in ((roles.get("spans") or {}).get(kind) or {}).items():
            spans.update({header_key(str(w)): (int(month), kind == "own") for w in ws})
    return Grammar(
        identity=identity,
        measures=measures,
        ignored=ignored,
        qualifiers=qualifiers,
        serial=frozenset(header_key(w) for w in roles.get("serial", [])),
        numbering=tuple(re.compile(p) for p in roles.get("numbering", [])),
        unit_row=frozenset(header_key(w) for w in roles.get("unit_row", [])),
        skip_sheets=tuple(header_key(w) for w in raw.get("skip_sheets", [])),
        direct=direct,
        month_total=frozenset(header_key(w) for w in roles.get("month_total", [])),
        totals=frozenset(header_key(w) for w in roles.get("totals", [])),
        spans=tuple(
            (w, m, own) for w, (m, own) in sorted(spans.items(), key=lambda kv: len(kv[0]), reverse=True)
        ),
        revisions=revision_words(roles, header_key),
    )
