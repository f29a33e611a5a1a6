"""Worksheet XML written without cell references: the references put back.

OOXML makes a cell's ``r="C5"`` (and a row's ``r="5"``) optional: a cell without one is the next
cell of its row, a row without one the next row. Excel, WPS, LibreOffice and the Python writers
always write them, but some exporters (report systems, the Open XML SDK) leave them out. calamine
counts the positions itself and decodes such a sheet right, whereas the scans of
:mod:`bijie_etl.ingest.styles` and :mod:`bijie_etl.ingest.visibility` place a percent format, a
hidden row or a formula by its ``r``: without one, 0.1 shown 10.0% would be read as 0.1 and a
hidden row read as a shown one. A scan that needs a position and finds none raises
:class:`RefsMissing` (or notes the part, while streaming); the caller then scans
:func:`with_cell_refs` of the part instead, which costs nothing for sheets that have references.
"""

from __future__ import annotations

import re

from bijie_etl.errors import BijieError

__all__ = ["RefsMissing", "place", "with_cell_refs"]


class RefsMissing(BijieError):
    """A cell or row the scan must place has no ``r`` attribute (caught by the xlsx scan, never shown)."""


#: A row or cell start tag (``<row …>``, ``<c …/>``; ``<x:c>`` with a prefix), not ``<col>`` nor ``<cfRule>``.
_TAG = re.compile(rb"<(?:\w+:)?(row|c)(?=[\s/>])([^>]*)>")
_ROW_R = re.compile(rb'\br="(\d+)"')
_CELL_R = re.compile(rb'\br="([A-Z]{1,3})(\d{1,9})"')


def _letters(col: int) -> bytes:
    """1-based column number → its letters (1 → A, 27 → AA)."""
    out = b""
    while col:
        col, rest = divmod(col - 1, 26)
        out = bytes([65 + rest]) + out
    return out


def with_cell_refs(xml: bytes) -> bytes:
    """``xml`` (a worksheet part) with an ``r`` on every row and cell of its ``sheetData``, as a
    reader counting them (calamine, Excel) places them: a row without one follows the row before
    (or is the row its first referenced cell names), a cell without one follows the cell before."""
    start, end = xml.find(b"sheetData"), xml.rfind(b"sheetData")
    if start < 0 or end <= start:
        return xml
    out: list[bytes] = []
    pos = row = col = 0
    pending = -1  # index in ``out`` of the r inserted in the current row's tag (a cell may correct it)
    for m in _TAG.finditer(xml, start, end):
        name, attrs = m[1], m[2]
        head = m.end(1)  # just past the tag's name
        if name == b"row":
            col, pending = 0, -1
            r = _ROW_R.search(attrs)
            if r is not None:
                row = int(r[1])
                continue
            row += 1
            out += [xml[pos:head], b""]
            pending, pos = len(out) - 1, head
            out[pending] = b' r="%d"' % row
            continue
        r = _CELL_R.search(attrs)
        if r is not None:
            col = _col_number(r[1])
            if pending >= 0 and int(r[2]) != row:  # the row's place is its cells'
                row = int(r[2])
                out[pending] = b' r="%d"' % row
            pending = -1
            continue
        col += 1
        pending = -1
        out += [xml[pos:head], b' r="' + _letters(col) + b"%d" % row + b'"']
        pos = head
    out.append(xml[pos:])
    return b"".join(out)


def place(attrs: bytes) -> tuple[int, int]:
    """The 0-based ``(row, col)`` of a cell tag's ``r`` (its attributes), or :class:`RefsMissing`."""
    r = _CELL_R.search(attrs)
    if r is None:
        raise RefsMissing
    return int(r[2]) - 1, _col_number(r[1]) - 1


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n
