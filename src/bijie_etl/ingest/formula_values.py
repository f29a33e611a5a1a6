"""What a recomputed formula's values are, as Excel has them (see :mod:`bijie_etl.ingest.formulas`):
a referenced cell's number (a blank is 0, an error is an error value), Excel's decimal rounding, and the
comparisons and truth of IF's condition. :class:`_Unsupported` says a formula is not one computed here."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from bijie_etl.ingest.cells import FormulaCell

__all__ = [
    "BLANK",
    "COMPARE",
    "compare",
    "number",
    "rounded",
    "truth",
]  # and the private _Unsupported, _ExcelError

COMPARE = {
    "=": lambda a, b: a == b,
    "<>": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
}


class _Unsupported(Exception):
    """The formula is not one this module computes (its stored result stands)."""


class _ExcelError(_Unsupported):
    """What Excel shows as an error value (#DIV/0!, or a referenced cell's error): IFERROR's second
    argument is taken; anywhere else the formula gives no number."""


class _Blank:
    """An empty referenced cell: 0 in arithmetic, equal to both 0 and "" in a comparison."""


BLANK = _Blank()


def number(value: Any) -> float:
    """A referenced cell's value in arithmetic: a number, 0 for a blank; anything else is not judged."""
    if value is None or value == "" or value is BLANK:
        return 0.0
    if type(value) in (int, float):
        return float(value)
    if isinstance(value, FormulaCell) and value.error:
        raise _ExcelError  # #DIV/0! in a referenced cell
    raise _Unsupported  # text (Excel would try to read it), a date, a bool, a cell another step marked


def rounded(value: float, digits: float, mode: str) -> float:
    """Excel's ROUND / ROUNDUP / ROUNDDOWN: decimal rounding of the figure to 15 significant digits
    (2.675 → 2.68, not binary 2.67), as Excel does. A figure within a few last bits of where the rounding turns
    (x.xx5, or a whole step for ROUNDUP) is not judged: a last-bit difference would change it."""
    places = int(digits)  # Excel truncates the digits argument
    if abs(places) > 15:
        raise _Unsupported
    step = Decimal(1).scaleb(-places)
    outcomes = {
        float(Decimal(format(v, ".15g")).quantize(step, rounding=mode))
        for v in (value, value * (1 + 1e-15), value * (1 - 1e-15))
    }
    if len(outcomes) != 1:
        raise _Unsupported
    return outcomes.pop() + 0.0


def truth(value: Any) -> bool:
    """An IF condition as Excel takes it: a comparison, or a number (not 0); a blank is false."""
    if isinstance(value, bool):
        return value
    if value is BLANK:
        return False
    if type(value) is float:
        return value != 0
    raise _Unsupported  # a text condition (#VALUE!)


def compare(op: str, left: Any, right: Any) -> bool:
    """``left op right`` as Excel compares: numbers by value (a blank is 0), texts without case (a blank
    is ""), a number and a text are never equal. Anything else (an order between a number and a text,
    figures equal only within floating error) is not judged."""
    if isinstance(left, bool) or isinstance(right, bool):
        raise _Unsupported
    if left is BLANK:
        left = "" if isinstance(right, str) else 0.0
    if right is BLANK:
        right = "" if isinstance(left, str) else 0.0
    if isinstance(left, str) and isinstance(right, str):
        if op not in ("=", "<>"):
            raise _Unsupported
        left, right = left.casefold(), right.casefold()
    elif isinstance(left, str) or isinstance(right, str):
        if op not in ("=", "<>"):
            raise _Unsupported
        return op == "<>"
    elif left != right and math.isclose(left, right, rel_tol=1e-12, abs_tol=1e-300):
        raise _Unsupported  # Excel compares 15 digits: which way it goes is not certain here
    return bool(COMPARE[op](left, right))
