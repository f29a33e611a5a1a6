"""A period named in words after a year (2024年1-6月, 2024年上半年, 2024年一季度, 2024年6月份), as the header
grammar reads a label's month or span (``roles: spans`` of sources/headers.yaml): what
:func:`bijie_etl.ingest.headers.period_from_text` reads before its patterns in figures."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

__all__ = ["default_grammar", "period_in_words"]


#: A year in figures, with 年 or 年度 (2024年, 2024年度, 2024 before 上半年): where a period in words starts.
_YEAR_AT = re.compile(r"(?<!\d)(20\d{2})(?:年度?|(?!\d))")


@lru_cache(maxsize=1)
def default_grammar() -> Any:
    # Imported here: the grammar imports headers, which imports this module.
    from bijie_etl.ingest.grammar import load_grammar
    from bijie_etl.settings import PACKAGED_CONFIG

    return load_grammar(PACKAGED_CONFIG / "sources" / "headers.yaml")


def period_in_words(key: str) -> date | None:
    """The first year in ``key`` followed by a month or span as the header grammar reads them (1-6月,
    1至6月, 6月份, 截至6月底, 6月末, 前5个月, 上半年, 1季度, 一至三季度, q1 …: ``roles: spans`` of
    headers.yaml); a quarter of its own (二季度) gives its last month (the table says it is its own)."""
    m = _YEAR_AT.search(key)
    while (
        m is not None
    ):  # each year in turn, as finditer (a year is never empty), without its scanner (~4 µs)
        month = _month_after_year(key[m.end() :])
        if month is not None:
            return date(int(m.group(1)), month, 1)
        m = _YEAR_AT.search(key, m.end())
    return None


@lru_cache(maxsize=1 << 12)
def _month_after_year(rest: str) -> int | None:
    """The month a key's text after a year names (1-6月…, 上半年…), as :func:`period_in_words` reads it; None
    when it names none. Remembered per text: what follows the year recurs across departments and files
    (``-06_1`` of …_2024-06_1, ``1-6月主要指标完成情况``), the grammar is the packaged one."""
    from bijie_etl.ingest.grammar import span_label

    grammar = default_grammar()
    label = grammar.month_label(rest)
    if label is None:
        span = span_label(rest, grammar.spans)
        return span[1] if span is not None and span[0] is None else None
    return label[1] if label[0] is None else None
