"""An .xls formula's parsed expression (BIFF8 ``Ptg`` tokens, reverse Polish) written out in A1 text,
for :mod:`bijie_etl.ingest.formulas` to check its stored result as it checks an xlsx formula's.

The tokens of the formulas departments write are read: cell and range references (also on another
sheet of the workbook, through EXTERNSHEET), integers and numbers, ``+ - * / ^``, ``%``, unary signs,
comparisons, strings, parentheses, ``IF``, ``SUM`` (also its one-range ``tAttrSum`` form), ``AVERAGE``,
``MIN``, ``MAX``, ``ROUND``, ``ROUNDUP``, ``ROUNDDOWN``, ``ABS``, and shared formulas (``ptgExp`` pointing
at a SHRFMLA record, whose ``ptgRefN`` / ``ptgAreaN`` are relative to the cell). Any other token (another
function, a name, an error, CHOOSE) leaves the formula unread: its stored result stands, as before.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Sequence

from bijie_etl.ingest.headers import column_letter

__all__ = ["SheetFormulas"]

_BINARY = {
    0x03: ("+", 4), 0x04: ("-", 4), 0x05: ("*", 5), 0x06: ("/", 5), 0x07: ("^", 6),
    0x09: ("<", 1), 0x0A: ("<=", 1), 0x0B: ("=", 1), 0x0C: (">=", 1), 0x0D: (">", 1), 0x0E: ("<>", 1),
}  # fmt: skip
_FIXED = {24: ("ABS", 1), 27: ("ROUND", 2), 212: ("ROUNDUP", 2), 213: ("ROUNDDOWN", 2)}
_VARIABLE = {1: "IF", 4: "SUM", 5: "AVERAGE", 6: "MIN", 7: "MAX"}
_ATOM = 10  # precedence of a reference, number, function or parenthesis
_EXP, _NUMBER_RESULT = 0x01, slice(6, 14)


class _Unknown(Exception):
    """A token this module does not read."""


def _cell(row_field: int, col_field: int, base: tuple[int, int] | None) -> str:
    """A reference as text (``$`` where absolute); ``base``: the cell a relative (``N``) token counts from."""
    row_relative, col_relative = bool(col_field & 0x8000), bool(col_field & 0x4000)
    row, col = row_field, col_field & 0x3FFF
    if base is not None:  # ptgRefN / ptgAreaN: relative parts are signed offsets from the cell
        if row_relative:
            row = (base[0] + (row_field - 0x10000 if row_field & 0x8000 else row_field)) & 0xFFFF
        if col_relative:
            off = col_field & 0xFF
            col = (base[1] + (off - 0x100 if off & 0x80 else off)) & 0xFF
    return f"{'' if col_relative else '$'}{column_letter(col)}{'' if row_relative else '$'}{row + 1}"


def _sheet(xti: Sequence[str | None], index: int) -> str:
    name = xti[index] if index < len(xti) else None
    if name is None:
        raise _Unknown  # another workbook, or a range of sheets
    return "'" + name.replace("'", "''") + "'!"


def _wrapped(node: tuple[str, int], below: int) -> str:
    return f"({node[0]})" if node[1] <= below else node[0]


def _string(rgce: bytes, pos: int) -> tuple[str, int]:
    """A ptgStr's text as a formula string (quoted) and the position after it: cch, flags (bit 0:
    UTF-16), characters."""
    cch, wide = rgce[pos], rgce[pos + 1] & 1
    raw = rgce[pos + 2 : pos + 2 + cch * (2 if wide else 1)]
    if len(raw) < cch * (2 if wide else 1):
        raise _Unknown
    text = raw.decode("utf-16-le" if wide else "latin-1")
    return '"' + text.replace('"', '""') + '"', pos + 2 + len(raw)


def formula_text(rgce: bytes, xti: Sequence[str | None], base: tuple[int, int] | None = None) -> str | None:
    """The formula of token stream ``rgce`` (without ``=``), or ``None`` when a token is not read.
    ``xti``: the sheet name of each EXTERNSHEET entry (None: not one sheet of this workbook);
    ``base``: (row, col) of the cell, for a shared formula's relative tokens."""
    stack: list[tuple[str, int]] = []
    unpack = struct.unpack_from
    pos, end = 0, len(rgce)
    try:
        while pos < end:
            ptg = rgce[pos]
            pos += 1
            kind = ptg if ptg < 0x20 else (ptg & 0x1F) | 0x20  # the class bits (reference, value, array) off
            if kind in _BINARY:
                right, left = stack.pop(), stack.pop()
                op, level = _BINARY[kind]
                stack.append((f"{_wrapped(left, level - 1)}{op}{_wrapped(right, level)}", level))
            elif kind == 0x12:  # unary plus
                pass
            elif kind == 0x13:  # unary minus
                stack.append(("-" + _wrapped(stack.pop(), 6), 7))
            elif kind == 0x15:  # parentheses as typed
                stack.append((f"({stack.pop()[0]})", _ATOM))
            elif kind == 0x14:  # percent: 8.6% is 0.086
                stack.append((_wrapped(stack.pop(), 7) + "%", 8))
            elif kind == 0x17:  # a string (IF's "")
                text, pos = _string(rgce, pos)
                stack.append((text, _ATOM))
            elif kind == 0x19:  # tAttr: spaces, volatile marks, and SUM of one range
                flags = rgce[pos]
                pos += 3
                if flags & 0x10:
                    stack.append((f"SUM({stack.pop()[0]})", _ATOM))
                elif flags & 0x04:  # CHOOSE (tAttrIf, tAttrGoto only skip a branch IF takes)
                    raise _Unknown
            elif kind == 0x1E:
                stack.append((str(unpack("<H", rgce, pos)[0]), _ATOM))
                pos += 2
            elif kind == 0x1F:
                (number,) = unpack("<d", rgce, pos)
                pos += 8
                if not math.isfinite(number):
                    raise _Unknown
                stack.append((repr(number), _ATOM) if number >= 0 else (f"({number!r})", _ATOM))
            elif kind in (0x24, 0x2C):  # ptgRef, ptgRefN
                row, col = unpack("<HH", rgce, pos)
                pos += 4
                stack.append((_cell(row, col, base if kind == 0x2C else None), _ATOM))
            elif kind in (0x25, 0x2D):  # ptgArea, ptgAreaN
                r0, r1, c0, c1 = unpack("<HHHH", rgce, pos)
                pos += 8
                at = base if kind == 0x2D else None
                stack.append((f"{_cell(r0, c0, at)}:{_cell(r1, c1, at)}", _ATOM))
            elif kind == 0x3A:  # ptgRef3d
                index, row, col = unpack("<HHH", rgce, pos)
                pos += 6
                stack.append((_sheet(xti, index) + _cell(row, col, None), _ATOM))
            elif kind == 0x3B:  # ptgArea3d
                index, r0, r1, c0, c1 = unpack("<HHHHH", rgce, pos)
                pos += 10
                stack.append((f"{_sheet(xti, index)}{_cell(r0, c0, None)}:{_cell(r1, c1, None)}", _ATOM))
            elif kind in (0x21, 0x22):  # ptgFunc (fixed arguments), ptgFuncVar
                if kind == 0x21:
                    (index,) = unpack("<H", rgce, pos)
                    pos += 2
                    name, count = _FIXED.get(index, ("", -1))
                else:
                    count, index = rgce[pos] & 0x7F, unpack("<H", rgce, pos + 1)[0] & 0x7FFF
                    pos += 3
                    name = _VARIABLE.get(index, "")
                if not name or count < 1 or count > len(stack):
                    raise _Unknown
                args = [node[0] for node in stack[-count:]]
                del stack[-count:]
                stack.append((f"{name}({','.join(args)})", _ATOM))
            else:
                raise _Unknown
    except (_Unknown, IndexError, struct.error):
        return None
    return stack[0][0] if len(stack) == 1 else None


class SheetFormulas:
    """The numeric formula cells of one worksheet substream, as read record by record:
    ``{(row, col): (formula text, stored result)}`` for :class:`~bijie_etl.ingest.styles.SheetFacts`."""

    def __init__(self, xti: Sequence[str | None]) -> None:
        self.xti = xti
        self.found: dict[tuple[int, int], tuple[str, float]] = {}
        self.followers: list[tuple[int, int, float, tuple[int, int]]] = []  # cells of shared formulas
        self.shared: dict[tuple[int, int], bytes] = {}  # SHRFMLA: first cell → token stream

    def formula(self, payload: bytes, row: int, col: int) -> None:
        """A FORMULA record with a number as its result (not an error, text or boolean)."""
        if payload[12:14] == b"\xff\xff" or len(payload) < 22:
            return
        (stored,) = struct.unpack("<d", payload[_NUMBER_RESULT])
        (size,) = struct.unpack_from("<H", payload, 20)
        rgce = payload[22 : 22 + size]
        if rgce[:1] == bytes([_EXP]) and len(rgce) >= 5:
            self.followers.append((row, col, stored, struct.unpack_from("<HH", rgce, 1)))
        elif (text := formula_text(rgce, self.xti)) is not None:
            self.found[(row, col)] = (text, stored)

    def shared_formula(self, payload: bytes) -> None:
        """A SHRFMLA record: the token stream of the cells pointing at its first cell."""
        if len(payload) >= 10:
            row, _last, col = struct.unpack_from("<HHB", payload, 0)
            (size,) = struct.unpack_from("<H", payload, 8)
            self.shared[(row, col)] = payload[10 : 10 + size]

    def cells(self) -> dict[tuple[int, int], tuple[str, float]]:
        for row, col, stored, first in self.followers:
            rgce = self.shared.get(first)
            if rgce is not None and (text := formula_text(rgce, self.xti, (row, col))) is not None:
                self.found[(row, col)] = (text, stored)
        return self.found
