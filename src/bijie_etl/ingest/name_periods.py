"""A period in an indicator name's brackets (``煤炭产量（1-6月累计）``, ``发电量（1-5月）``, ``（2023年）``, ``（6月）``).

Such a bracket narrows nothing (it is no scope note like 限上); it states the period the row's figures are
of. :func:`name_period` reads it; validation (``bijie_etl.validate.name_periods``) reads the row when that
period is the table's for the row's figures (1-6月累计 over a 1-6月 row's year to date), and refuses it,
saying the bracket's period differs from the table's (or cannot be checked), otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bijie_etl.ingest.grammar import span_label
from bijie_etl.ingest.headers import header_key
from bijie_etl.ingest.names import name_brackets
from bijie_etl.ingest.year_words import default_grammar
from bijie_etl.text import label_core

__all__ = ["NamePeriod", "name_period"]

#: What may follow a span from January (1-6月累计数) or a month (6月当月) in the bracket: a measure word only.
_YTD_REST = frozenset({"", "累计", "累计数", "累计值", "合计", "累计完成", "完成", "数", "值"})
_MONTH_REST = frozenset({"", "当月", "本月", "当月数", "本月数", "数", "值", "完成"})
_YEAR_ONLY = re.compile(r"^(20\d{2})年度?$")


@dataclass(frozen=True, slots=True)
class NamePeriod:
    """The period a name's bracket states: ``part`` as typed, the year if given, the last month (None: a
    year alone), and whether it is a span from January (the year to date) or one month's own figure."""

    part: str
    year: int | None
    month: int | None
    ytd: bool
    own: bool = False  # a span not from January (二季度, 下半年): its own total, no month's or year to date's

    def said_zh(self) -> str:
        """The period in words for a message: 2024年1-6月, 1-6月, 6月, 2023年."""
        year = f"{self.year}年" if self.year else ""
        if self.month is None:
            return year
        return f"{year}1-{self.month}月" if self.ytd and self.month > 1 else f"{year}{self.month}月"


@lru_cache(maxsize=1 << 12)
def name_period(typed: str) -> NamePeriod | None:
    """The period stated in a name's brackets (the first bracket that is a period), or None."""
    grammar = default_grammar()
    for part in name_brackets(label_core(typed)):
        key = header_key(part)
        year = _YEAR_ONLY.match(key)
        if year:
            return NamePeriod(part, int(year[1]), None, False)
        found = grammar.month_label(key)
        if found is not None:
            year_typed, month, is_range, rest = found
            if (is_range and rest in _YTD_REST) or (not is_range and rest in _MONTH_REST):
                return NamePeriod(part, year_typed, month, is_range)
            continue
        span = span_label(key, grammar.spans)
        if span is not None and span[2] and span[3] in _YTD_REST:
            return NamePeriod(part, span[0], span[1], False, own=True)
    return None
