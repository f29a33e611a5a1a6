"""Cells nobody can see: text in the colour of its cell's fill (white on white, the usual trick).

Government workbooks hide helper figures, last year's values and check sums in several ways; a
careful person reads what the sheet shows. Hidden rows and columns (the ``hidden`` flag, a row
height or column width under one point or one character) are found by
:mod:`bijie_etl.ingest.styles`; this module finds the cells whose font colour is the colour
behind them:

- **xlsx**: ``xl/styles.xml`` fonts (``<color rgb|theme|indexed>``), fills (``patternFill``:
  none shows the white sheet, solid its ``fgColor``) and ``cellXfs`` say which style indices are
  invisible (:func:`xlsx_invisible_styles`); :func:`xlsx_cells_with_styles` finds the cells of a
  sheet part carrying one.
- **xls**: the BIFF8 ``FONT`` colour index, the ``XF`` fill pattern and foreground colour and an
  optional ``PALETTE`` (:func:`xls_invisible_cells`).

Colours are compared as ``RRGGBB``: theme 0 (Background 1) is white, theme 1 black; a theme
colour with a tint, or one this module cannot resolve, never matches (it is then read, as before).
"""

from __future__ import annotations

import re
import struct
from typing import Any, Final

from bijie_etl.ingest.cellrefs import RefsMissing
from bijie_etl.ingest.cells import StruckCell
from bijie_etl.vocabulary import fmt_as_typed

__all__ = [
    "strike_out",
    "xls_cells_with_xfs",
    "xls_invisible_cells",
    "xls_invisible_xfs",
    "xls_palette",
    "xls_sheet_name",
    "xls_struck_cells",
    "xlsx_cells_with_styles",
    "xlsx_invisible_styles",
    "xlsx_struck_styles",
]

_WHITE, _BLACK = "FFFFFF", "000000"
#: The legacy palette entries every writer agrees on (0-7 and 8-15 repeat the EGA colours;
#: 64 is the system text colour, 65 the system window background).
_INDEXED: Final = {0: _BLACK, 1: _WHITE, 8: _BLACK, 9: _WHITE, 64: _BLACK, 65: _WHITE, 0x7FFF: _BLACK}

_FONTS = re.compile(rb"<(?:\w+:)?fonts\b[^>]*>(.*?)</(?:\w+:)?fonts>", re.DOTALL)
_FONT = re.compile(rb"<(?:\w+:)?font\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?font>)", re.DOTALL)
_FILLS = re.compile(rb"<(?:\w+:)?fills\b[^>]*>(.*?)</(?:\w+:)?fills>", re.DOTALL)
_FILL = re.compile(rb"<(?:\w+:)?fill\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?fill>)", re.DOTALL)
_CELLXFS = re.compile(rb"<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", re.DOTALL)
_XF = re.compile(rb"<(?:\w+:)?xf\b([^>]*)>")
_COLOR = re.compile(rb"<(?:\w+:)?color\b([^>]*)/?>")
_FG = re.compile(rb"<(?:\w+:)?fgColor\b([^>]*)/?>")
_PATTERN = re.compile(rb'<(?:\w+:)?patternFill\b(?:[^>]*\bpatternType="(\w+)")?')
_ATTR = re.compile(rb'\b(rgb|theme|indexed|tint|auto)="([^"]*)"')
_FONT_ID = re.compile(rb'\bfontId="(\d+)"')
_FILL_ID = re.compile(rb'\bfillId="(\d+)"')
_CELL = re.compile(rb"<(?:\w+:)?c\s([^>]*?)(/?)>")
_ATTR_S = re.compile(rb'\bs="(\d+)"')
_ATTR_R = re.compile(rb'\br="([A-Z]{1,3})(\d{1,9})"')


def _colour(attrs: bytes | None, default: str | None) -> str | None:
    """``RRGGBB`` of a ``<color>``/``<fgColor>`` element's attributes; None when not resolvable."""
    if attrs is None:
        return default
    found = {k.decode(): v.decode("ascii", "replace") for k, v in _ATTR.findall(attrs)}
    tint = float(found.get("tint") or 0)
    if "rgb" in found:
        rgb = found["rgb"].upper()
        return rgb[-6:] if len(rgb) in (6, 8) and tint == 0 else None
    if "theme" in found and tint == 0:
        return {"0": _WHITE, "1": _BLACK}.get(found["theme"])
    if "indexed" in found and found["indexed"].isdigit():
        return _INDEXED.get(int(found["indexed"]))
    if found.get("auto") in ("1", "true"):
        return default
    return default if not found else None


def xlsx_invisible_styles(styles_xml: bytes) -> frozenset[int]:
    """The ``cellXfs`` indices whose font colour is the colour of their fill (none: the white sheet)."""
    fonts_block, fills_block, xfs_block = (
        _FONTS.search(styles_xml),
        _FILLS.search(styles_xml),
        _CELLXFS.search(styles_xml),
    )
    if not (fonts_block and xfs_block):
        return frozenset()
    fonts: list[str | None] = []
    for m in _FONT.finditer(fonts_block[1]):
        colour = _COLOR.search(m[1] or b"")
        fonts.append(_colour(colour[1] if colour else None, _BLACK))  # no colour: automatic (black)
    if _WHITE not in fonts and not fills_block:
        return frozenset()
    fills: list[str | None] = []
    for m in _FILL.finditer(fills_block[1] if fills_block else b""):
        inner = m[1] or b""
        pattern = _PATTERN.search(inner)
        kind = pattern[1] if pattern and pattern[1] else b"none"
        fg = _FG.search(inner)
        fills.append(
            _WHITE if kind == b"none" else _colour(fg[1] if fg else None, None) if kind == b"solid" else None
        )
    out: set[int] = set()
    for index, m in enumerate(_XF.finditer(xfs_block[1])):
        font_id, fill_id = _FONT_ID.search(m[1]), _FILL_ID.search(m[1])
        font = fonts[int(font_id[1])] if font_id and int(font_id[1]) < len(fonts) else _BLACK
        fill = fills[int(fill_id[1])] if fill_id and int(fill_id[1]) < len(fills) else _WHITE
        if font is not None and font == fill:
            out.add(index)
    return frozenset(out)


#: ``<strike/>`` (or ``val="1"``/``"true"``) in a font: the text is struck through; ``val="0"`` turns it off.
_STRIKE = re.compile(rb'<(?:\w+:)?strike\b(?![^>]*\bval="(?:0|false)")[^>]*/?>')


def xlsx_struck_styles(styles_xml: bytes) -> frozenset[int]:
    """The ``cellXfs`` indices whose font is struck through (a figure crossed out: withdrawn)."""
    fonts_block, xfs_block = _FONTS.search(styles_xml), _CELLXFS.search(styles_xml)
    if not (fonts_block and xfs_block) or b"strike" not in fonts_block[1]:
        return frozenset()
    struck = {i for i, m in enumerate(_FONT.finditer(fonts_block[1])) if _STRIKE.search(m[1] or b"")}
    out: set[int] = set()
    for index, m in enumerate(_XF.finditer(xfs_block[1])):
        font_id = _FONT_ID.search(m[1])
        if font_id and int(font_id[1]) in struck:
            out.add(index)
    return frozenset(out)


def xlsx_cells_with_styles(sheet_xml: bytes, styles: frozenset[int]) -> set[tuple[int, int]]:
    """0-based ``(row, col)`` of a sheet part's cells (with a value) carrying one of ``styles``
    (the invisible ones, or the struck-through ones)."""
    wanted = {str(i).encode() for i in styles}
    out: set[tuple[int, int]] = set()
    for m in _CELL.finditer(sheet_xml):
        if m[2]:  # <c r="A1" s="3"/>: a styled empty cell
            continue
        s, r = _ATTR_S.search(m[1]), _ATTR_R.search(m[1])
        if s and s[1] in wanted:
            if r is None:
                raise RefsMissing
            col = 0
            for ch in r[1]:
                col = col * 26 + ch - 64
            out.add((int(r[2]) - 1, col - 1))
    return out


# --------------------------------------------------------------------------------------------
# xls (BIFF8)

_BOF, _EOF, _FONT_REC, _XF_REC, _PALETTE, _BOUNDSHEET = 0x0809, 0x000A, 0x0031, 0x00E0, 0x0092, 0x0085
#: Cell records and where their XF index is (all start row, col, xf; MULRK has several).
_CELLS: Final = frozenset({0x0203, 0x027E, 0x00FD, 0x0204, 0x0006, 0x0205})
_MULRK = 0x00BD


def _records(stream: bytes, start: int = 0):  # type: ignore[no-untyped-def]
    pos, end = start, len(stream) - 4
    while pos <= end:
        rtype, length = struct.unpack_from("<HH", stream, pos)
        yield rtype, stream[pos + 4 : pos + 4 + length]
        pos += 4 + length


def _font_record(ifnt: int) -> int:
    """The FONT record (0-based, in file order) an XF's font index names: font 4 does not exist (a BIFF quirk)."""
    return ifnt if ifnt < 4 else ifnt - 1


def xls_palette(payload: bytes) -> dict[int, str]:
    """``{colour index: RRGGBB}`` of a PALETTE record (entries 8 on)."""
    palette: dict[int, str] = {}
    (count,) = struct.unpack_from("<H", payload, 0)
    for k in range(count):
        r, g, b = payload[2 + 4 * k : 5 + 4 * k]
        palette[8 + k] = f"{r:02X}{g:02X}{b:02X}"
    return palette


def xls_sheet_name(payload: bytes) -> str:
    """The sheet name of a BOUNDSHEET record (a ShortXLUnicodeString at offset 6, decoded strictly)."""
    count, flags = payload[6], payload[7]
    return payload[8 : 8 + 2 * count].decode("utf-16-le") if flags & 1 else payload[8 : 8 + count].decode("latin-1")  # fmt: skip


def xls_invisible_xfs(fonts: list[int], xfs: list[tuple[int, int, int]], palette: dict[int, str]) -> frozenset[int]:  # fmt: skip
    """The XF indices whose font colour is the colour of their fill (no fill: the white sheet), from
    the FONT colour indices, the XFs' ``(font index, fill pattern, fill colour index)`` and the PALETTE."""

    def colour(icv: int) -> str | None:
        return palette.get(icv) or _INDEXED.get(icv)

    invisible: set[int] = set()
    for index, (ifnt, fls, fore) in enumerate(xfs):
        font_no = _font_record(ifnt)
        font = colour(fonts[font_no]) if font_no < len(fonts) else None
        fill = _WHITE if fls == 0 else colour(fore) if fls == 1 else None
        if font is not None and font == fill:
            invisible.add(index)
    return frozenset(invisible)


def xls_invisible_cells(stream: bytes) -> dict[str, set[tuple[int, int]]]:
    """``{sheet name: {(row, col)}}`` of a BIFF8 workbook stream's cells whose font colour is the
    colour of their fill (no fill: the white sheet); ``{}`` when no XF is such."""
    fonts: list[int] = []
    xfs: list[tuple[int, int, int]] = []  # (font index, fill pattern, fill colour index)
    palette: dict[int, str] = {}
    positions: list[tuple[str, int]] = []
    for rtype, payload in _records(stream):
        if rtype == _FONT_REC:
            fonts.append(struct.unpack_from("<H", payload, 4)[0])
        elif rtype == _XF_REC and len(payload) >= 20:
            ifnt = struct.unpack_from("<H", payload, 0)[0]
            fls = (struct.unpack_from("<I", payload, 14)[0] >> 26) & 0x3F
            xfs.append((ifnt, fls, struct.unpack_from("<H", payload, 18)[0] & 0x7F))
        elif rtype == _PALETTE:
            palette.update(xls_palette(payload))
        elif rtype == _BOUNDSHEET:
            positions.append((xls_sheet_name(payload), struct.unpack_from("<I", payload, 0)[0]))
        elif rtype == _EOF:
            break
    invisible = xls_invisible_xfs(fonts, xfs, palette)
    return xls_cells_with_xfs(stream, positions, invisible) if invisible else {}


def xls_struck_cells(
    stream: bytes, struck_fonts: list[bool], xfs: list[tuple[int, int, int]], positions: list[tuple[str, int]]
) -> dict[str, set[tuple[int, int]]]:
    """``{sheet name: {(row, col)}}`` of the cells in a struck-through FONT (its ``grbit`` bit 3), from
    each FONT's flag and each XF's ``(font index, fill pattern, fill colour)``; ``{}`` (nothing more
    read) when no font is struck."""
    if not any(struck_fonts):
        return {}
    struck = set()
    for index, (ifnt, _fill, _colour) in enumerate(xfs):
        font_no = _font_record(ifnt)
        if font_no < len(struck_fonts) and struck_fonts[font_no]:
            struck.add(index)
    return xls_cells_with_xfs(stream, positions, frozenset(struck))


def xls_cells_with_xfs(
    stream: bytes, positions: list[tuple[str, int]], xfs: frozenset[int]
) -> dict[str, set[tuple[int, int]]]:
    """``{sheet name: {(row, col)}}`` of the cells (of the sheets at ``positions``) whose XF is in ``xfs``."""
    out: dict[str, set[tuple[int, int]]] = {}
    for name, position in positions:
        found: set[tuple[int, int]] = set()
        for rtype, payload in _records(stream, position):
            if rtype in _CELLS:
                row, col, xf = struct.unpack_from("<HHH", payload, 0)
                if xf in xfs:
                    found.add((row, col))
            elif rtype == _MULRK:
                row, first = struct.unpack_from("<HH", payload, 0)
                for k in range((len(payload) - 6) // 6):
                    if struct.unpack_from("<H", payload, 4 + 6 * k)[0] in xfs:
                        found.add((row, first + k))
            elif rtype == _EOF:
                break
        if found:
            out[name] = found
    return out


def strike_out(grid: list[list[Any]], struck: set[tuple[int, int]]) -> None:
    """Each figure in a struck-through font (a number, or a text holding digits) becomes a
    :class:`StruckCell` of the text as shown: a crossed-out figure is withdrawn, never read."""
    for r, c in struck:
        value = grid[r][c] if r < len(grid) and c < len(grid[r]) else None
        if type(value) in (int, float) or (isinstance(value, str) and any(ch.isdigit() for ch in value)):
            grid[r][c] = StruckCell(value if isinstance(value, str) else fmt_as_typed(value))
