"""Month arithmetic for backfills."""

from __future__ import annotations

import calendar
import re
from datetime import date

__all__ = ["month_ends", "parse_month"]


def parse_month(text: str) -> date:
    """``2024-06`` or ``2024-06-15`` → 2024-06-01; raises ValueError with a clear message otherwise."""
    m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})(?:-\d{1,2})?\s*", text)
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValueError(f"expected a month as YYYY-MM, got {text!r}")
    return date(int(m.group(1)), int(m.group(2)), 1)


def month_ends(first: date, last: date) -> list[date]:
    """The last day of every month from ``first`` to ``last`` inclusive."""
    if last < first:
        raise ValueError(f"end {last:%Y-%m} is before start {first:%Y-%m}")
    out = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(date(y, m, calendar.monthrange(y, m)[1]))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
