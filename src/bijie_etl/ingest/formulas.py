"""Is a formula's stored result what its formula gives? Simple xlsx formulas checked against the sheet.

A workbook stores each formula's last computed result, and a reader takes it as the cell's value.
That result is stale when the file was saved without recalculating: converted by LibreOffice (which
keeps what it was given), filled in by a program, or kept by Excel in manual calculation. A 合计 row's
=SUM(C4:C13) then shows last month's total beside this month's figures, silently.

So the formulas departments write for totals and derived figures — cell references, numbers, ``+ - * /``,
parentheses and ``SUM`` over cells and ranges of the same sheet — are computed again from the values
the sheet stores, as Excel would compute them, and compared with the stored result. Any other formula
(another function, another sheet, a name, text) is not judged: its stored result stands, as before.
A shared formula (``<f t="shared" si="0"/>``) is its master's with the relative references moved.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from bijie_etl.vocabulary import fmt_exact

__all__ = ["computed", "shifted", "stale", "stale_message_zh", "stale_of"]

_TOKEN = re.compile(
    r"\s*(?:(?P<range>\$?[A-Z]{1,3}\$?\d{1,7}:\$?[A-Z]{1,3}\$?\d{1,7})"
    r"|(?P<ref>\$?[A-Z]{1,3}\$?\d{1,7})(?![A-Za-z0-9_(!.])"
    r"|(?P<num>\d+(?:\.\d*)?(?:[Ee][+-]?\d+)?|\.\d+(?:[Ee][+-]?\d+)?)"
    r"|(?P<sum>SUM\s*\()"
    r"|(?P<op>[-+*/(),]))"
)
_REF = re.compile(r"(\$?)([A-Z]{1,3})(\$?)(\d{1,7})")


class _Unsupported(Exception):
    """The formula is not one this module computes (its stored result stands)."""


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _letters(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def shifted(formula: str, rows: int, cols: int) -> str | None:
    """``formula`` (a shared formula's master) as written ``rows`` below and ``cols`` right of it:
    references without ``$`` move; ``None`` when one would leave the sheet or the text is not plain."""
    if '"' in formula or "!" in formula:
        return None

    def move(m: re.Match[str]) -> str:
        col = _col(m[2]) + (0 if m[1] else cols)
        row = int(m[4]) + (0 if m[3] else rows)
        if col < 0 or row < 1:
            raise _Unsupported
        return f"{m[1]}{_letters(col)}{m[3]}{row}"

    try:
        return _REF.sub(move, formula)
    except _Unsupported:
        return None


def _cell(grid: Sequence[Sequence[Any]], ref: str) -> tuple[int, int]:
    m = _REF.fullmatch(ref)
    if m is None:
        raise _Unsupported
    return int(m[4]) - 1, _col(m[2])


def _value(grid: Sequence[Sequence[Any]], r: int, c: int) -> Any:
    if r < len(grid) and c < len(grid[r]):
        return grid[r][c]
    return None


def _number(value: Any) -> float:
    """A referenced cell's value in arithmetic: a number, 0 for a blank; anything else is not judged."""
    if value is None or value == "":
        return 0.0
    if type(value) in (int, float):
        return float(value)
    raise _Unsupported  # text (Excel would try to read it), a date, a bool, a cell another step marked


class _Parser:
    def __init__(self, formula: str, grid: Sequence[Sequence[Any]]) -> None:
        self.tokens: list[tuple[str, str]] = []
        pos = 0
        text = formula.lstrip("=").strip()
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if m is None or m.end() == pos:
                raise _Unsupported
            kind = m.lastgroup or ""
            self.tokens.append((kind, m[kind].replace(" ", "")))
            pos = m.end()
        self.i = 0
        self.grid = grid

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise _Unsupported
        self.i += 1
        return token

    def expression(self) -> float:
        value = self.term()
        while (token := self.peek()) is not None and token[1] in ("+", "-"):
            self.take()
            value = value + self.term() if token[1] == "+" else value - self.term()
        return value

    def term(self) -> float:
        value = self.factor()
        while (token := self.peek()) is not None and token[1] in ("*", "/"):
            self.take()
            right = self.factor()
            if token[1] == "*":
                value *= right
            elif right == 0:
                raise _Unsupported  # Excel shows #DIV/0!: stored as an error, not a number
            else:
                value /= right
        return value

    def factor(self) -> float:
        kind, text = self.take()
        if kind == "op" and text in ("-", "+"):
            value = self.factor()
            return -value if text == "-" else value
        if kind == "num":
            return float(text)
        if kind == "ref":
            return _number(_value(self.grid, *_cell(self.grid, text)))
        if kind == "op" and text == "(":
            value = self.expression()
            if self.take()[1] != ")":
                raise _Unsupported
            return value
        if kind == "sum":
            return self.sum()
        raise _Unsupported

    def sum(self) -> float:
        total = 0.0
        while True:
            token = self.peek()
            if token is not None and token[0] in ("range", "ref") and self._ends_argument(1):
                self.take()
                total += self._range_sum(token[1])
            else:
                total += self.expression()
            sep = self.take()[1]
            if sep == ")":
                return total
            if sep != ",":
                raise _Unsupported

    def _ends_argument(self, ahead: int) -> bool:
        nxt = self.tokens[self.i + ahead] if self.i + ahead < len(self.tokens) else None
        return nxt is not None and nxt[1] in (",", ")")

    def _range_sum(self, text: str) -> float:
        """SUM over cells: numbers add up; blanks and text are passed over, as Excel does."""
        first, _, last = text.partition(":")
        r0, c0 = _cell(self.grid, first)
        r1, c1 = _cell(self.grid, last or first)
        if r1 < r0 or c1 < c0 or (r1 - r0 + 1) * (c1 - c0 + 1) > 100_000:
            raise _Unsupported
        total = 0.0
        for r in range(r0, min(r1 + 1, len(self.grid))):
            row = self.grid[r]
            for c in range(c0, min(c1 + 1, len(row))):
                value = row[c]
                if type(value) in (int, float):
                    total += value
                elif isinstance(value, (date, datetime, bool)) or (
                    value not in (None, "") and not isinstance(value, str)
                ):
                    raise _Unsupported  # a date (a number to Excel) or a cell another step marked
        return total


def computed(formula: str, grid: Sequence[Sequence[Any]]) -> float | None:
    """What ``formula`` gives over the values ``grid`` stores (0-based rows of cells), or ``None``
    when it is not a formula this module computes."""
    try:
        parser = _Parser(formula, grid)
        value = parser.expression()
        if parser.peek() is not None:
            return None
    except (_Unsupported, OverflowError, ValueError):
        return None
    return value if math.isfinite(value) else None


def stale(stored: float, formula: str, grid: Sequence[Sequence[Any]]) -> float | None:
    """What ``formula`` gives when that differs from its ``stored`` result (a stale result), else ``None``."""
    value = computed(formula, grid)
    if value is None or math.isclose(value, stored, rel_tol=1e-9, abs_tol=1e-9):
        return None
    return value


def stale_of(cell: Any) -> tuple[float, float] | None:
    """(stored, computed) of a formula cell whose stored result is stale, else ``None``."""
    return getattr(cell, "stale", None)


def stale_message_zh(label: str, shown: str | None, cell: Any) -> str:
    """The department's message for a stale formula result (code ``formula_not_calculated``)."""
    stored, again = stale_of(cell) or (0.0, 0.0)
    return (
        f"“{label}”单元格是公式“{shown}”，文件保存的结果{fmt_exact(stored)}与按表中数值计算的"
        f"{fmt_exact(again)}不符（文件未重新计算就保存了，可能是上次的结果），无法确定数值；"
        "请用Excel或WPS打开、确认数值后保存再报送，或直接填写数值"
    )
