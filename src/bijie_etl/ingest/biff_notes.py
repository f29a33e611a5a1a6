"""Cell comments (批注) of an .xls workbook, for :mod:`bijie_etl.ingest.comments` (and the crossed-out cells beside them).

calamine reads no comment of an .xls. In a BIFF8 worksheet substream a comment is a drawing object:
an ``OBJ`` record whose first subrecord (``ftCmo``) says "comment" (object type 0x19) and gives
the object's id, then a ``TXO`` record with the text's length, followed by ``CONTINUE`` records
holding the text (each starts with a flag byte: 1 = UTF-16LE, 0 = one byte per character) and
then its formatting runs. At the end of the substream a ``NOTE`` record per comment ties a cell
(row, column) to the object id. Excel, WPS and LibreOffice all write them so.

Only workbooks with a ``TXO`` record at all are walked (a 4-byte search over the stream), so the
common .xls without comments costs nothing here.
"""

from __future__ import annotations

import struct
from typing import Final

from bijie_etl.ingest.comments import estimate_note
from bijie_etl.ingest.styles import SheetFacts
from bijie_etl.ingest.visibility import xls_struck_cells

__all__ = ["add_marked_cells", "xls_comment_estimates", "xls_comments"]

_BOF, _EOF, _OBJ, _TXO, _CONTINUE, _NOTE = 0x0809, 0x000A, 0x005D, 0x01B6, 0x003C, 0x001C
_FT_CMO, _OT_COMMENT = 0x0015, 0x0019
#: A TXO record's header (type 0x01B6, 18 bytes of payload in BIFF8): no comment without one.
_TXO_HEADER: Final = struct.pack("<HH", _TXO, 18)


def _text(pieces: list[bytes], count: int) -> str:
    """``count`` characters from the CONTINUE records after a TXO (each with its own flag byte)."""
    out: list[str] = []
    left = count
    for piece in pieces:
        if left <= 0 or not piece:
            break
        body = piece[1:]
        if piece[0] & 0x01:
            chunk = body[: 2 * left].decode("utf-16-le", "replace")
        else:
            chunk = body[:left].decode("latin-1")
        out.append(chunk)
        left -= len(chunk)
    return "".join(out)


def _sheet_comments(stream: bytes, position: int) -> dict[tuple[int, int], str]:
    """``{(row, col): text}`` (0-based) of the comments of the worksheet substream at ``position``."""
    texts: dict[int, str] = {}
    cells: dict[tuple[int, int], int] = {}
    obj_id: int | None = None  # the comment object the next TXO belongs to
    txo: tuple[int, int | None, list[bytes]] | None = None  # (characters, object id, CONTINUE payloads)
    pos, end, depth = position, len(stream) - 4, 0
    while pos <= end:
        rtype, length = struct.unpack_from("<HH", stream, pos)
        payload = stream[pos + 4 : pos + 4 + length]
        pos += 4 + length
        if txo is not None and rtype != _CONTINUE:
            count, owner, pieces = txo
            if owner is not None:
                texts[owner] = _text(pieces, count)
            txo = None
        if rtype == _BOF:
            depth += 1  # a chart's substream inside the sheet (embedded charts): its objects are not cells'
        elif rtype == _EOF:
            depth -= 1
            if depth <= 0:
                break
        elif depth > 1:
            continue
        elif rtype == _OBJ and len(payload) >= 8:
            ft, _cb, kind, ident = struct.unpack_from("<HHHH", payload, 0)
            obj_id = ident if ft == _FT_CMO and kind == _OT_COMMENT else None
        elif rtype == _TXO and len(payload) >= 12:
            txo = (struct.unpack_from("<H", payload, 10)[0], obj_id, [])
            obj_id = None
        elif rtype == _CONTINUE and txo is not None:
            txo[2].append(payload)
        elif rtype == _NOTE and len(payload) >= 8:
            row, col, _flags, ident = struct.unpack_from("<HHHH", payload, 0)
            cells[(row, col)] = ident
    return {cell: texts[ident] for cell, ident in cells.items() if ident in texts}


def xls_comments(stream: bytes, sheets: list[tuple[str, int]]) -> dict[str, dict[tuple[int, int], str]]:
    """``{sheet name: {(row, col): comment text}}`` of a BIFF8 workbook stream; ``sheets`` are the
    worksheets and their substreams' offsets (BOUNDSHEET). ``{}`` at once when no TXO record exists."""
    if _TXO_HEADER not in stream:
        return {}
    out: dict[str, dict[tuple[int, int], str]] = {}
    for name, position in sheets:
        try:
            found = _sheet_comments(stream, position)
        except (struct.error, IndexError):
            continue  # a substream we cannot follow: its comments are not read (as calamine reads none)
        if found:
            out[name] = found
    return out


def xls_comment_estimates(
    stream: bytes, sheets: list[tuple[str, int]]
) -> dict[str, dict[tuple[int, int], str]]:
    """Per sheet, the cells whose comment calls the figure an estimate (the comment as quoted)."""
    out: dict[str, dict[tuple[int, int], str]] = {}
    for name, comments in xls_comments(stream, sheets).items():
        notes = {cell: note for cell, text in comments.items() if (note := estimate_note(text)) is not None}
        if notes:
            out[name] = notes
    return out


def add_marked_cells(
    stream: bytes,
    struck_fonts: list[bool],
    fills: list[tuple[int, int, int]],
    sheets: list[tuple[str, int]],
    all_facts: dict[str, SheetFacts],
) -> None:
    """Put into each sheet's :class:`SheetFacts` its cells crossed out (a struck-through FONT, from the
    globals' FONT and XF records) and its cells whose comment calls the figure an estimate; each
    pass runs only when the workbook has any."""
    for name, cells in xls_struck_cells(stream, struck_fonts, fills, sheets).items():
        all_facts.setdefault(name, SheetFacts()).struck = cells
    for name, notes in xls_comment_estimates(stream, sheets).items():
        all_facts.setdefault(name, SheetFacts()).estimates = notes
