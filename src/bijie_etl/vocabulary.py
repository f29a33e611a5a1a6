"""The words and figures every stage shares: how numbers, months and periods are written for people.

One formatter per kind of figure, used by the run summary, the CLI, the alert emails and the
dashboard, so a figure reads the same wherever it appears.
"""

from __future__ import annotations

from typing import Any

__all__ = ["fmt_number"]


def fmt_number(value: Any) -> str:
    """A figure for people: thousands separators, at most two decimals, no trailing zeros, — for missing."""
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    if isinstance(value, float):
        text = f"{value:,.2f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)
