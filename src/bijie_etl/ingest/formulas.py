"""Is a formula's stored result what its formula gives? Simple formulas checked against the workbook.

A workbook stores each formula's last computed result, and a reader takes it as the cell's value.
That result is stale when the file was saved without recalculating: converted by LibreOffice (which
keeps what it was given), filled in by a program, or kept by Excel in manual calculation. A 合计 row's
=SUM(C4:C13) then shows last month's total beside this month's figures, silently.

So the formulas departments write for totals and derived figures are computed again from the values
the workbook stores, as Excel would compute them, and compared with the stored result: cell references
(``C5``, ``$C$5``, ``表1!C5``, ``'1-6月'!C5`` on another visible sheet), numbers, ``+ - * /``,
parentheses, ``^`` and ``%`` (8.6% is 0.086), and the functions ``SUM``, ``AVERAGE``, ``MIN``, ``MAX`` (over
cells, ranges and figures), ``ROUND``, ``ROUNDUP``, ``ROUNDDOWN`` (decimal rounding as Excel does it: 2.675 →
2.68), ``ABS``, and ``IF`` / ``IFERROR`` as departments guard a growth against an empty 上年同期
(``=IF(E5=0,"",ROUND((D5/E5-1)*100,1))``, ``=IFERROR(…,"")``): comparisons of figures, blanks and ``""``;
the branch not taken may divide by zero. A result that is text or a truth value is not judged.
Any other formula (another function, a name, text, a hidden or unknown sheet, a rounding that sits on
a half within floating error) is not judged: its stored result stands, as before.
A shared formula (``<f t="shared" si="0"/>``) is its master's with the relative references moved.
.xls formulas come as token streams, written out in this syntax by :mod:`bijie_etl.ingest.biff_formulas`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP
from typing import Any

from bijie_etl.ingest.cells import FormulaCell
from bijie_etl.ingest.formula_values import (
    BLANK,
    COMPARE,
    _ExcelError,
    _Unsupported,
    compare,
    number,
    rounded,
    truth,
)
from bijie_etl.ingest.headers import column_letter
from bijie_etl.vocabulary import fmt_exact

__all__ = [
    "computed",
    "mark_stale",
    "precision_as_displayed",
    "shifted",
    "stale",
    "stale_message_zh",
    "stale_of",
]

Grid = Sequence[Sequence[Any]]
Formulas = Mapping[tuple[int, int], tuple[str, float]]  # a sheet's formula cells: (formula, stored result)

#: A sheet before a reference: 表1! or 'Sheet 1'! ('' is a quote inside the quoted name).
_SHEET = r"(?:'(?P<quoted>(?:[^']|'')+)'|(?P<bare>[^\s'!(),+\-*/:=<>&^\"]+))!"
_CELL = r"\$?[A-Z]{1,3}\$?\d{1,7}(?![A-Za-z0-9_(!.])"
_TOKEN = re.compile(
    rf"\s*(?:(?P<sheet>{_SHEET})?(?:(?P<range>\$?[A-Z]{{1,3}}\$?\d{{1,7}}:\$?[A-Z]{{1,3}}\$?\d{{1,7}})|(?P<ref>{_CELL}))"
    r"|(?P<num>\d+(?:\.\d*)?(?:[Ee][+-]?\d+)?|\.\d+(?:[Ee][+-]?\d+)?)"
    r"|(?P<func>[A-Za-z][A-Za-z0-9.]*)\s*\("
    r'|(?P<str>"(?:[^"]|"")*")'
    r"|(?P<op><=|>=|<>|[-+*/(),^%=<>]))"
)
_STRING = re.compile(r'"(?:[^"]|"")*"')
_REF = re.compile(r"(\$?)([A-Z]{1,3})(\$?)(\d{1,7})")
#: Where shifted() moves references: a cell after an optional sheet (kept as written), never inside a name.
_MOVABLE = re.compile(rf"(?P<sheet>{_SHEET})?(?<![A-Za-z0-9_.$]){_REF.pattern}(?![A-Za-z0-9_(.])")
_ROUNDING = {"ROUND": ROUND_HALF_UP, "ROUNDUP": ROUND_UP, "ROUNDDOWN": ROUND_DOWN}
_OVER_VALUES = ("SUM", "AVERAGE", "MIN", "MAX")


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def shifted(formula: str, rows: int, cols: int) -> str | None:
    """``formula`` (a shared formula's master) as written ``rows`` below and ``cols`` right of it:
    references without ``$`` move (a sheet before one is kept); ``None`` when one would leave the
    sheet or the text holds a string."""

    def move(m: re.Match[str]) -> str:
        dollar_col, letters, dollar_row, digits = m.groups()[-4:]
        col = _col(letters) + (0 if dollar_col else cols)
        row = int(digits) + (0 if dollar_row else rows)
        if col < 0 or row < 1:
            raise _Unsupported
        return f"{m['sheet'] or ''}{dollar_col}{column_letter(col)}{dollar_row}{row}"

    try:  # references move; a string's text ("C5") does not
        parts = _STRING.split(formula)
        strings = _STRING.findall(formula)
        moved = [_MOVABLE.sub(move, part) for part in parts]
    except _Unsupported:
        return None
    return "".join(p + (strings[k] if k < len(strings) else "") for k, p in enumerate(moved))


def _cell(ref: str) -> tuple[int, int]:
    m = _REF.fullmatch(ref)
    if m is None:
        raise _Unsupported
    return int(m[4]) - 1, _col(m[2])


def _value(grid: Grid, r: int, c: int) -> Any:
    if r < len(grid) and c < len(grid[r]):
        return grid[r][c]
    return None


class _Book:
    """The values formulas read: each sheet's stored values, except that a cell holding a formula this
    module computes gives what its formula gives (as Excel recalculating the workbook would), so a
    growth on a stale total is judged on the total's own figure."""

    def __init__(self, grids: Mapping[str | None, Grid], formulas: Mapping[str | None, Formulas]) -> None:
        self.grids = grids
        self.formulas = formulas
        self.known: dict[tuple[str | None, int, int], Any] = {}

    def value(self, sheet: str | None, r: int, c: int) -> Any:
        grid = self.grids[sheet]
        stored = _value(grid, r, c)
        cells = self.formulas.get(sheet)
        if not cells or (r, c) not in cells or type(stored) not in (int, float):
            return stored
        key = (sheet, r, c)
        if key in self.known:
            if self.known[key] is _Book:  # a formula reading itself (a circular reference)
                raise _Unsupported
            return self.known[key]
        self.known[key] = _Book
        again = _evaluate(cells[(r, c)][0], self, sheet)
        self.known[key] = stored if again is None else again
        return self.known[key]


class _Parser:
    def __init__(self, formula: str, book: _Book, sheet: str | None) -> None:
        self.tokens: list[tuple[str, str, str | None]] = []  # (kind, text, sheet named before it)
        pos = 0
        text = formula.lstrip("=").strip()
        match, end, append = _TOKEN.match, len(text), self.tokens.append
        while pos < end:
            m = match(text, pos)
            if m is None or m.end() == pos:
                raise _Unsupported
            kind = m.lastgroup or ""  # the alternative that matched (it closes after a sheet's groups)
            if kind in ("range", "ref"):
                named = m["quoted"].replace("''", "'") if m["quoted"] is not None else m["bare"]
                append((kind, m[kind].replace("$", ""), named))
            else:
                append((kind, m[kind], None))
            pos = m.end()
        self.i = 0
        self.book = book
        self.sheet = sheet

    def peek(self) -> tuple[str, str, str | None] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str, str | None]:
        token = self.peek()
        if token is None:
            raise _Unsupported
        self.i += 1
        return token

    def name_of(self, sheet: str | None) -> str | None:
        if sheet is None:
            return self.sheet
        if sheet not in self.book.grids:
            raise _Unsupported  # a hidden sheet (not read), another workbook, a name
        return sheet

    def comparison(self) -> Any:
        """An expression, or two compared (``E5=0``, ``D5<>""``): what IF's condition and arguments are."""
        left = self.operand()
        token = self.peek()
        if token is None or token[0] != "op" or token[1] not in COMPARE:
            return left
        self.take()
        return compare(token[1], left, self.operand())

    def operand(self) -> Any:
        """An expression; a string or a lone reference as it is (a blank, a text), for a comparison or IF."""
        token = self.peek()
        if token is not None and token[0] in ("str", "ref") and self._ends_operand(1):
            self.take()
            if token[0] == "str":
                return token[1][1:-1].replace('""', '"')
            value = self.book.value(self.name_of(token[2]), *_cell(token[1]))
            if value is None or value == "":
                return BLANK
            if isinstance(value, str) and not isinstance(value, FormulaCell):
                return value
            return number(value)
        return self.expression()

    def _ends_operand(self, ahead: int) -> bool:
        nxt = self.tokens[self.i + ahead] if self.i + ahead < len(self.tokens) else None
        return nxt is None or (nxt[0] == "op" and (nxt[1] in (",", ")") or nxt[1] in COMPARE))

    def expression(self) -> float:
        value = self.term()
        while (token := self.peek()) is not None and token[0] == "op" and token[1] in ("+", "-"):
            self.take()
            value = value + self.term() if token[1] == "+" else value - self.term()
        return value

    def term(self) -> float:
        value = self.power()
        while (token := self.peek()) is not None and token[0] == "op" and token[1] in ("*", "/"):
            self.take()
            right = self.power()
            if token[1] == "*":
                value *= right
            elif right == 0:
                raise _ExcelError  # Excel shows #DIV/0!: stored as an error, not a number
            else:
                value /= right
        return value

    def power(self) -> float:
        value = self.factor()  # a sign binds closer than ^ in Excel: -2^2 is 4
        while (token := self.peek()) is not None and token[0] == "op" and token[1] == "^":
            self.take()
            value = math.pow(value, self.factor())
        return value

    def factor(self) -> float:
        token = self.peek()
        if token is not None and token[0] == "op" and token[1] in ("-", "+"):
            self.take()
            value = self.factor()
            return -value if token[1] == "-" else value
        value = self.primary()
        while (token := self.peek()) is not None and token[0] == "op" and token[1] == "%":
            self.take()
            value /= 100.0  # 8.6% is 0.086
        return value

    def primary(self) -> float:
        kind, text, sheet = self.take()
        if kind == "num":
            return float(text)
        if kind == "ref":
            return number(self.book.value(self.name_of(sheet), *_cell(text)))
        if kind == "op" and text == "(":
            value = self.expression()
            if self.take()[1] != ")":
                raise _Unsupported
            return value
        if kind == "func":
            value = self.function(text.upper())
            if type(value) is not float:
                raise _Unsupported  # IF giving a text or a truth value, used as a number
            return value
        raise _Unsupported

    def function(self, name: str) -> Any:
        if name in _OVER_VALUES:
            values = self.values()
            if name == "SUM":
                return math.fsum(values)
            if not values:
                raise _Unsupported  # AVERAGE of nothing is #DIV/0!; MIN/MAX of nothing 0
            return {"AVERAGE": math.fsum(values) / len(values), "MIN": min(values), "MAX": max(values)}[name]
        if name in ("IF", "IFERROR"):
            return self.choice(name)
        args = self.arguments()
        if name in _ROUNDING and len(args) == 2:
            return rounded(args[0], args[1], _ROUNDING[name])
        if name == "ABS" and len(args) == 1:
            return abs(args[0])
        raise _Unsupported  # another function, or one with other arguments

    def choice(self, name: str) -> Any:
        """IF(condition, then[, else]) and IFERROR(value, instead): the argument not taken may give an
        error (=IF(E5=0,0,D5/E5) with E5 empty) that does not count."""
        args = [self.lazy()]
        while (sep := self.take()[1]) == ",":
            args.append(self.lazy())
        if sep != ")" or not (len(args) == 2 if name == "IFERROR" else 2 <= len(args) <= 3):
            raise _Unsupported
        first = args[0]
        if name == "IFERROR":
            chosen = args[1] if isinstance(first, _ExcelError) else first
        elif isinstance(first, _ExcelError):
            raise first
        else:
            chosen = args[1] if truth(first) else (args[2] if len(args) == 3 else False)
        if isinstance(chosen, _ExcelError):
            raise chosen
        return float(chosen) if type(chosen) is float else chosen

    def lazy(self) -> Any:
        """One argument of IF / IFERROR: its value, or the error it gives (raised only where it is used)."""
        start = self.i
        try:
            return self.comparison()
        except _ExcelError as error:
            self.i, depth = start, 0
            while (token := self.peek()) is not None:
                if depth == 0 and token[0] == "op" and token[1] in (",", ")"):
                    return error
                depth += token[0] == "func" or token == ("op", "(", None)
                depth -= token == ("op", ")", None)
                self.take()
            raise _Unsupported from None

    def arguments(self) -> list[float]:
        """Scalar arguments up to the closing parenthesis."""
        args = []
        while True:
            args.append(self.expression())
            sep = self.take()[1]
            if sep == ")":
                return args
            if sep != ",":
                raise _Unsupported

    def values(self) -> list[float]:
        """The figures of SUM-like arguments: cells and ranges give their numbers (blanks and text
        passed over, as Excel does), other arguments their value."""
        out: list[float] = []
        while True:
            token = self.peek()
            if token is not None and token[0] in ("range", "ref") and self._ends_argument(1):
                self.take()
                out.extend(self._range_values(token[1], self.name_of(token[2])))
            else:
                out.append(self.expression())
            sep = self.take()[1]
            if sep == ")":
                return out
            if sep != ",":
                raise _Unsupported

    def _ends_argument(self, ahead: int) -> bool:
        nxt = self.tokens[self.i + ahead] if self.i + ahead < len(self.tokens) else None
        return nxt is not None and nxt[1] in (",", ")")

    def _range_values(self, text: str, sheet: str | None) -> list[float]:
        first, _, last = text.partition(":")
        r0, c0 = _cell(first)
        r1, c1 = _cell(last or first)
        if r1 < r0 or c1 < c0 or (r1 - r0 + 1) * (c1 - c0 + 1) > 100_000:
            raise _Unsupported
        out = []
        grid, value_at = self.book.grids[sheet], self.book.value
        for r in range(r0, min(r1 + 1, len(grid))):
            row = grid[r]
            for c in range(c0, min(c1 + 1, len(row))):
                value = value_at(sheet, r, c)
                if type(value) in (int, float):
                    out.append(float(value))
                elif isinstance(value, (date, datetime, bool)) or (
                    value not in (None, "") and not isinstance(value, str)
                ):
                    raise _Unsupported  # a date (a number to Excel) or a cell another step marked
        return out


def _evaluate(formula: str, book: _Book, sheet: str | None) -> float | None:
    try:
        parser = _Parser(formula, book, sheet)
        value = parser.comparison()
        if parser.peek() is not None or type(value) is not float:
            return None  # more than one expression, or a text, a truth value, a blank as the result
    except (_Unsupported, OverflowError, ValueError, ArithmeticError, RecursionError):
        return None
    return value if math.isfinite(value) else None


def computed(formula: str, grid: Grid, sheets: Mapping[str, Grid] | None = None) -> float | None:
    """What ``formula`` gives over the values ``grid`` stores (0-based rows of cells; ``sheets``:
    the workbook's other visible sheets by name), or ``None`` when it is not a formula this module computes."""
    grids: dict[str | None, Grid] = {None: grid}
    grids.update(sheets or {})
    return _evaluate(formula, _Book(grids, {}), None)


def stale(stored: float, formula: str, grid: Grid, sheets: Mapping[str, Grid] | None = None) -> float | None:
    """What ``formula`` gives when that differs from its ``stored`` result (a stale result), else ``None``."""
    return _differs(stored, computed(formula, grid, sheets))


def _differs(stored: float, value: float | None) -> float | None:
    """``value`` when it is another figure than ``stored``: floating error is none (1e-9 relative)."""
    if value is None or math.isclose(value, stored, rel_tol=1e-9, abs_tol=1e-9):
        return None
    return value


def mark_stale(grids: Mapping[str, list[list[Any]]], formulas: Mapping[str, Formulas]) -> None:
    """Put a :class:`~bijie_etl.ingest.cells.FormulaCell` (``stale``) in place of each formula cell of
    ``grids`` (the workbook's visible sheets by name) whose stored result ``formulas`` (per sheet:
    position → formula, stored result) is not what the formula gives over the workbook recalculated;
    all judged before any is marked."""
    book = _Book(grids, formulas)  # type: ignore[arg-type]
    found = []
    for name, cells in formulas.items():
        grid = grids.get(name)
        if grid is None:
            continue
        for (r, c), (formula, stored) in cells.items():
            if (
                r < len(grid)
                and c < len(grid[r])
                and grid[r][c] == stored
                and (again := _differs(stored, book.value(name, r, c))) is not None
            ):
                found.append((grid, r, c, formula, stored, again))
    for grid, r, c, formula, stored, again in found:
        grid[r][c] = FormulaCell("=" + formula, error=False, stale=(stored, again))


_AS_DISPLAYED = re.compile(rb'<(?:\w+:)?calcPr\b[^>]*\bfullPrecision\s*=\s*["\'](?:0|false)["\']')


def precision_as_displayed(workbook_xml: bytes) -> bool:
    """True when ``xl/workbook.xml`` sets Excel's "precision as displayed" (``fullPrecision="0"``): the
    stored values are rounded as their formats show, so no formula result can be computed again here."""
    return b"fullPrecision" in workbook_xml and _AS_DISPLAYED.search(workbook_xml) is not None


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
