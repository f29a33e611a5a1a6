"""Month arithmetic: backfills, and the reporting calendar (when a month's figures are due).

The reporting calendar is written once, here: month M is reported on the department's deadline day
of month M + 1, except January, which is reported with February (1-2月: the Spring Festival; there is
often no January file) and so is due with February. The pace (``pace.rules.due_period``) and the
desk (``desk.views.due_period``) use these functions; the SQL view ``v_missing_submissions``
writes the same rule in SQL and a test holds it to :func:`deadline` for every month.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from bijie_etl.errors import BadArgument

__all__ = ["deadline", "latest_owed_month", "month_ends", "parse_month", "reported_with"]


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


def reported_with(period: date) -> date:
    """The month whose report carries ``period`` (first day): January's is February's (1-2月), every other month its own.

    >>> reported_with(date(2024, 1, 1)), reported_with(date(2024, 6, 1))
    (datetime.date(2024, 2, 1), datetime.date(2024, 6, 1))
    """
    return period.replace(month=2, day=1) if period.month == 1 else period.replace(day=1)


def deadline(period: date, deadline_day: int) -> date:
    """The day a month's figures are due: ``deadline_day`` of the month after the one that reports them (clamped to that month's end).

    >>> deadline(date(2024, 5, 1), 10), deadline(date(2024, 1, 1), 10), deadline(date(2024, 1, 1), 31)
    (datetime.date(2024, 6, 10), datetime.date(2024, 3, 10), datetime.date(2024, 3, 31))
    """
    if not 1 <= deadline_day <= 31:
        raise ValueError(f"deadline_day must be 1..31, got {deadline_day}")
    carrier = reported_with(period)
    y, m = (carrier.year + 1, 1) if carrier.month == 12 else (carrier.year, carrier.month + 1)
    return date(y, m, min(deadline_day, calendar.monthrange(y, m)[1]))


def latest_owed_month(as_of: date, deadline_day: int) -> date:
    """The latest month (first day) whose figures are due on or before ``as_of``.

    >>> latest_owed_month(date(2024, 6, 10), 10), latest_owed_month(date(2024, 2, 20), 10)
    (datetime.date(2024, 5, 1), datetime.date(2023, 12, 1))
    """
    y, m = (as_of.year - 1, 12) if as_of.month == 1 else (as_of.year, as_of.month - 1)
    while deadline(date(y, m, 1), deadline_day) > as_of:  # at most three steps back (March: Feb, Jan, Dec)
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return date(y, m, 1)
