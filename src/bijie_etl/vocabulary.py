"""The words and figures every stage shares, written once.

- :class:`Status`: the pace statuses with their Chinese label, subject phrase, English label,
  colours and urgency; :data:`STATUS_ORDER` (most urgent first), :data:`READING_ORDER` (the
  dashboard's tiles) and :data:`ALERTING` (the statuses that raise an alert).
- :func:`fmt_number`: a figure for the run summary and the terminal.

The pace rules, the alert emails, the dashboard and the CLI all read statuses from here; the
warehouse stores ``status_zh`` from :attr:`Status.label_zh` (the view's column comment lists the
same labels; ``tests/test_vocabulary.py`` keeps them equal).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

__all__ = ["ALERTING", "READING_ORDER", "STATUS_ORDER", "Status", "StatusWords", "fmt_number"]


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


def fmt_number(value: Any) -> str:
    """A figure for people: thousands separators, at most two decimals, no trailing zeros, — for missing."""
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    if isinstance(value, float):
        text = f"{value:,.2f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)
