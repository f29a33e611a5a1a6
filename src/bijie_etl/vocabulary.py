"""The words and figures every stage shares, written once.

- :data:`FIELDS`, :data:`MEASURES`, :data:`FIELD_LABELS_ZH`: the canonical fields of a department
  row and the Chinese header of each.
- :class:`Status`: the pace statuses with their Chinese label, subject phrase, English label,
  colours and urgency; :data:`STATUS_ORDER` (most urgent first), :data:`READING_ORDER` (the
  dashboard's tiles) and :data:`ALERTING` (the statuses that raise an alert).
- :func:`fmt_number`: the one formatter of a figure shown to people; :func:`fmt_as_typed`: a
  number quoted in a message about a cell.

The pace rules, the alert emails, the dashboard and the CLI all read statuses from here; the
warehouse stores ``status_zh`` from :attr:`Status.label_zh` (the view's column comment lists the
same labels; ``tests/test_vocabulary.py`` keeps them equal).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

__all__ = [
    "ALERTING",
    "FIELDS",
    "FIELD_LABELS_ZH",
    "MEASURES",
    "READING_ORDER",
    "STATUS_ORDER",
    "TEXT_FIELDS",
    "Status",
    "StatusWords",
    "fmt_as_typed",
    "fmt_exact",
    "fmt_number",
]


#: The canonical fields of a department row, in the template's order, with the Chinese header the
#: template prints and messages quote. Every reader layout is normalised to these fields.
FIELD_LABELS_ZH: dict[str, str] = {
    "indicator_code": "指标代码",
    "indicator_name": "指标名称",
    "unit": "计量单位",
    "period": "统计期",
    "county": "区县",
    "value_month": "本月",
    "value_ytd": "1-本月累计",
    "value_ytd_prior": "上年同期累计",
    "growth_pct": "累计同比增长(%)",
    "value": "本期值",
    "note": "备注",
}
FIELDS: tuple[str, ...] = tuple(FIELD_LABELS_ZH)
#: The numeric fields (measures) of a row: what a value cell can carry.
MEASURES: tuple[str, ...] = ("value_month", "value_ytd", "value_ytd_prior", "growth_pct", "value")
#: The text fields of a row.
TEXT_FIELDS: tuple[str, ...] = tuple(f for f in FIELDS if f not in MEASURES)


@dataclass(frozen=True)
class StatusWords:
    """How one status is named and coloured wherever people see it."""

    label_zh: str  # the short form: tiles, tables, emails' counts (正常 · 预警 · 滞后 …)
    phrase_zh: str  # the subject phrase of an alert email (进度预警 …)
    label_en: str
    colour: str  # strong colour: chips, chart line
    tint: str  # light background


class Status(StrEnum):
    """Outcome of one assessment; its words and colours are :attr:`words`."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    LATE = "late"
    NO_DATA = "no_data"
    NOT_ASSESSED = "not_assessed"

    @property
    def words(self) -> StatusWords:
        return _WORDS[self]

    @property
    def label_zh(self) -> str:
        return _WORDS[self].label_zh


_WORDS = {
    Status.ON_TRACK: StatusWords("正常", "进度正常", "On track", "#1e8449", "#e8f6ee"),
    Status.AT_RISK: StatusWords("预警", "进度预警", "At risk", "#c77c02", "#fdf3e1"),
    Status.OFF_TRACK: StatusWords("滞后", "进度滞后", "Off track", "#c0392b", "#fbe9e7"),
    Status.LATE: StatusWords("迟报", "数据迟报", "Late", "#7d3c98", "#f3eaf7"),
    Status.NO_DATA: StatusWords("无数据", "无数据", "No data", "#5d6d7e", "#eceff1"),
    Status.NOT_ASSESSED: StatusWords("暂不评估", "暂不评估", "Not assessed", "#8a9aa6", "#f3f5f6"),
}

#: Most urgent first: terminal listings, email groups, the dashboard's cards.
STATUS_ORDER = (
    Status.OFF_TRACK,
    Status.AT_RISK,
    Status.LATE,
    Status.NO_DATA,
    Status.ON_TRACK,
    Status.NOT_ASSESSED,
)
#: The dashboard's summary tiles, in reading order.
READING_ORDER = (
    Status.ON_TRACK,
    Status.AT_RISK,
    Status.OFF_TRACK,
    Status.LATE,
    Status.NO_DATA,
    Status.NOT_ASSESSED,
)
#: Becoming one of these raises an alert.
ALERTING = frozenset({Status.AT_RISK, Status.OFF_TRACK, Status.LATE, Status.NO_DATA})


def fmt_number(value: Any, digits: int | None = 2, *, missing: str = "—") -> str:
    """A figure for people (alerts, pace reasons, dashboard, summaries): the one number formatter.

    Thousands separators, at most ``digits`` decimals without trailing zeros (``7,300`` ·
    ``1,234.5`` · ``6.82``); ``digits=None`` chooses them by size as a chart label does
    (``7,300`` · ``570.5`` · ``6.82``); ``missing`` for None, NaN or infinity; -0 is ``0``.
    """
    number = _finite(value, missing)
    if isinstance(number, str):
        return number
    if abs(number) >= 1e15:
        return f"{number:.3g}"
    if digits is None:
        size = abs(number)
        digits = 0 if size >= 1000 else 1 if size >= 100 else 2
    return _trimmed(f"{number:,.{digits}f}")


def fmt_exact(value: Any, *, missing: str = "—") -> str:
    """A figure exactly as read, written the way a person writes it (``bijie-etl inspect``): every
    significant digit the reader kept (12), thousands separators, never an exponent.

    ``11,234,000`` (not ``1.1234e+07``) · ``7,150.2`` · ``0.0000312`` · ``-2.1``; ``missing`` for None or NaN.
    """
    number = _finite(value, missing)
    if isinstance(number, str):
        return number
    return _trimmed(f"{Decimal(f'{number:.12g}'):,f}")


def _finite(value: Any, missing: str) -> float | str:
    """``value`` as a finite float, or the text a formatter shows instead (``missing`` for None, NaN or infinity)."""
    if value is None or isinstance(value, bool):
        return missing if value is None else str(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return number if math.isfinite(number) else missing


def _trimmed(text: str) -> str:
    """A formatted figure without trailing decimal zeros; ``-0`` is ``0``."""
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fmt_as_typed(value: Any) -> str:
    """A number quoted in a message about a cell: no separators, integers whole, six significant digits.

    ``7300`` · ``6.5`` · ``1234.57`` · ``0.0123``; ``""`` for a missing value.
    """
    if value is None or isinstance(value, str):
        return value or ""
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas' missing markers
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if number != number:
        return ""
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    if 1e6 <= abs(number) < 1e15:  # 1234567.89: the digits as typed, never 1.23457e+06
        return f"{Decimal(f'{number:.12g}'):f}"
    if 0 < abs(number) < 1e-4:  # 0.0000312, never 3.12e-05
        return f"{Decimal(f'{number:.4g}'):f}"
    return f"{number:.6g}" if abs(number) >= 1 else f"{number:.4g}"
