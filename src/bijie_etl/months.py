"""Month arithmetic for backfills."""

from __future__ import annotations

import calendar
import re
from datetime import date

from bijie_etl.errors import BadArgument

__all__ = ["month_ends", "parse_month"]


_MONTH = re.compile(r"\s*(\d{4})\s*(?:-|/|\.|年)\s*(\d{1,2})\s*(?:月)?(?:\s*(?:-|/|\.)?\s*\d{1,2}\s*日?)?\s*")


def parse_month(text: str) -> date:
    """A month as people type it → its first day: ``2024-06``, ``2024-06-15``, ``2024/6``, ``2024年6月``.

    Raises :class:`~bijie_etl.errors.BadArgument` (a ValueError) with a Chinese message (English second) for anything else.
    """
    m = _MONTH.fullmatch(text)
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise BadArgument(
            f"月份格式应为 YYYY-MM 或 2024年6月，收到 {text!r} (expected a month such as 2024-06)"
        )
    return date(int(m.group(1)), int(m.group(2)), 1)


def month_ends(first: date, last: date) -> list[date]:
    """The last day of every month from ``first`` to ``last`` inclusive."""
    if last < first:
        raise BadArgument(f"结束月份 {last:%Y-%m} 早于开始月份 {first:%Y-%m} (end is before start)")
    out = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(date(y, m, calendar.monthrange(y, m)[1]))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
