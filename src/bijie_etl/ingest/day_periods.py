"""A period stated up to a day inside its month: part of a month, no month's figure.

A progress report titled 截至2024年6月20日全市煤炭产量 (or 2024年1月1日-6月20日) holds the figures up to the
20th: not the year to date at June (1-6月, which June's own report gives at month end), and not May's. Read
at June, 3420.5 would stand for the half-year until June's report replaced it — behind pace for no reason.
Such a table is refused (``layout_ambiguous``, :func:`bijie_etl.ingest.reading` names the line); a month's
last day (截至6月30日, 1月1日-6月30日) is that month, and a date with nothing saying "up to" (a 制表日期, the
day a title line was typed, （2024年6月12日）) says when, not what: left alone.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from bijie_etl.text import normalize_name

__all__ = ["up_to_a_day"]

_UP_TO_DAY = re.compile(
    r"(?:截至|截止|截-|至|到|[-—–－~～])\s*(?:(20\d{2})(?:年|[./-]))?(\d{1,2})(?:月|[./-])(\d{1,2})(?:日|号)"
)


def up_to_a_day(text: str) -> tuple[str, date] | None:
    """The words of ``text`` stating figures up to a day before its month's end (截至2024年6月20日,
    -6月20日 of 1月1日-6月20日) and that month, else None."""
    key = normalize_name(text)
    for m in _UP_TO_DAY.finditer(key):
        year, month, day = int(m[1] or 2024), int(m[2]), int(m[3])
        if 1 <= month <= 12 and 1 <= day < calendar.monthrange(year, month)[1]:
            return m[0], date(year, month, 1)
    return None
