"""One value cell read the way a careful person reads it.

:func:`read_cell` turns what a department typed into a number, or says why it is not one:

- a number cell is the number; with a **percent format** (shown 95.3%, stored 0.953) it is
  read in percent points (95.3), the format recorded;
- text with thousands separators, full-width digits and a trailing ``%`` as before
  (``"１,234.5"`` → 1234.5, ``"12%"`` → 12);
- **words of change** (growth column only): 增长/提高/增加/上升/增 x → +x, 下降/降低/减少/回落/
  下滑/降/减 x → −x, 持平 → 0, with ``%`` or ``个百分点`` after the number;
- a **trailing unit** the unit registry knows (``3150万吨``, ``1,498元``, ``12.6万张``), or
  ``万``/``亿`` after a plain number (``3150万``): kept for validation to convert to the
  catalog unit (the factor is recorded);
- an **estimate** (约, 左右, 以上, 以下, 余, 多, 近, 超过, 不足 …) is not a figure: rejected as
  ``value_is_estimate``;
- a date (a date-formatted cell) is not a number: rejected with a message saying so.

The result is a :class:`CellReading`; validation applies units and reports problems.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Final

import numpy as np

from bijie_etl.text import normalize_text

__all__ = ["CellReading", "Problem", "read_cell"]


class Problem:
    """Why a cell is not loaded (values are stable strings, mapped to :class:`~bijie_etl.errors.Code`)."""

    NOT_NUMBER: Final = "not_number"
    ESTIMATE: Final = "estimate"
    DATE: Final = "date"
    WORDS_NOT_GROWTH: Final = "words_not_growth"  # 增长7.2% in a level column
    UNKNOWN_UNIT: Final = "unknown_unit"  # 12.6万辆: a unit the registry does not know


@dataclass(frozen=True, slots=True)
class CellReading:
    """What one cell says: a number (before any unit conversion) or a problem."""

    number: float | None = None  # None: blank/missing marker, or a problem
    problem: str | None = None
    sign: str | None = None  # the word of change, as typed (增长, 下降, 持平 …)
    unit: str | None = None  # a unit written in the cell, as typed (万吨, 元)
    scale: float = 1.0  # 万 → 1e4, 亿 → 1e8 written after a plain number
    percent: bool = False  # a % (or 个百分点) written, or a percent format applied
    scaled_by_format: bool = False  # number × 100 because of the cell's percent format

    @property
    def is_plain(self) -> bool:
        """A plain number: nothing to record about how it was read."""
        return not (self.sign or self.unit or self.scale != 1.0 or self.scaled_by_format)


_BLANK: Final = CellReading()
_NOT_NUMBER: Final = CellReading(problem=Problem.NOT_NUMBER)

_UP = ("增长", "提高", "增加", "上升", "上涨", "增", "提升", "升")
_DOWN = ("下降", "降低", "减少", "回落", "下滑", "下跌", "降", "减", "负增长")
_FLAT = ("持平", "基本持平", "与上年持平", "同比持平")
_PREFIX = r"(?:同比|比上年同期|比上年|较上年|较上年同期|累计)?"
_SIGN_WORDS = "|".join(sorted((*_UP, *_DOWN), key=len, reverse=True))
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)"
_WORDED = re.compile(rf"^{_PREFIX}({_SIGN_WORDS})({_NUMBER})(%|个百分点|百分点)?$")
_PLAIN = re.compile(rf"^({_NUMBER})(%|个百分点|百分点)?$")
_WITH_UNIT = re.compile(rf"^({_NUMBER})([^\d.%+-][^\d]*)$")
#: Words that make a figure an estimate or a bound, not a value.
_ESTIMATE = re.compile(
    r"约|左右|以上|以下|上下|余|逾|多|近|将近|超过|超|不足|不到|不低于|不少于|至少|大概|估计|预计"
)
_SCALES: Final = {"万": 1e4, "亿": 1e8, "千": 1e3, "百万": 1e6, "千万": 1e7, "万亿": 1e12}
_JUNK = re.compile(r"[,\s]")


def read_cell(raw: Any, *, missing: frozenset[str], units: Any, growth: bool = False) -> CellReading:
    """Read one value cell (see the module docstring); ``growth``: the cell is in a growth column.

    ``missing`` are the markers meaning "no value" (``—``, ``/``, ``空`` …, normalised, lower
    case); ``units`` the :class:`~bijie_etl.units.UnitRegistry` that knows trailing units.
    """
    if raw is None:
        return _BLANK
    if isinstance(raw, bool):
        return _NOT_NUMBER
    if isinstance(raw, int | float | np.integer | np.floating):
        value = float(raw)
        return _BLANK if value != value else CellReading(value)
    if isinstance(raw, date):
        return CellReading(problem=Problem.DATE)
    if not isinstance(raw, str):
        return _NOT_NUMBER
    return _read_text(raw, missing, units, growth)


@lru_cache(maxsize=1 << 14)
def _read_text(raw: str, missing: frozenset[str], units: Any, growth: bool) -> CellReading:
    text = normalize_text(raw)
    if not text or text.lower() in missing:
        return _BLANK
    bare = _JUNK.sub("", text)
    m = _PLAIN.match(bare)
    if m:
        return _finite(m[1], percent=bool(m[2]))
    if bare in _FLAT:
        return CellReading(0.0, sign=bare, percent=True) if growth else _words_elsewhere()
    if any(ch.isdigit() for ch in bare) and _ESTIMATE.search(bare):
        return CellReading(problem=Problem.ESTIMATE)
    m = _WORDED.match(bare)
    if m:
        if not growth:
            return _words_elsewhere()
        word, number, suffix = m[1], m[2], m[3]
        reading = _finite(number, percent=bool(suffix))
        if reading.number is None:
            return reading
        sign = -1.0 if word in _DOWN else 1.0
        return CellReading(sign * abs(reading.number) + 0.0, sign=word, percent=True)
    m = _WITH_UNIT.match(bare)
    if m:
        number, tail = m[1], m[2]
        reading = _finite(number)
        if reading.number is None:
            return reading
        if tail in _SCALES:
            return CellReading(reading.number, scale=_SCALES[tail])
        if units.canonical(tail) is not None:
            return CellReading(reading.number, unit=tail)
        return CellReading(problem=Problem.UNKNOWN_UNIT, unit=tail)
    return _NOT_NUMBER


def _words_elsewhere() -> CellReading:
    return CellReading(problem=Problem.WORDS_NOT_GROWTH)


def _finite(text: str, *, percent: bool = False) -> CellReading:
    try:
        value = float(text)
    except ValueError:
        return _NOT_NUMBER
    # float() also accepts "nan", "inf" and "1e309" (overflows to inf): not figures.
    if not math.isfinite(value):
        return _NOT_NUMBER
    return CellReading(value + 0.0, percent=percent)  # + 0.0 turns "-0" into 0.0
