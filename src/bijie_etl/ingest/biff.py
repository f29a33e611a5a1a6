"""The xls side of :mod:`bijie_etl.ingest.styles`: a BIFF8 workbook stream read from its OLE2 compound file.

What calamine does not tell about an .xls, from the records themselves: the number formats that
change what a value means (``FORMAT``/``XF`` of the workbook globals, the ``XF`` index of each
number cell), formula errors and results never saved, hidden rows and columns (``ROW``,
``COLINFO``), superscript runs of shared strings, comments calling a figure an estimate
(:mod:`bijie_etl.ingest.biff_notes`), and (with :mod:`bijie_etl.ingest.visibility`)
cells written in the colour of their fill — one pass over the globals, one over each sheet's cells.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Final

from bijie_etl.ingest.biff_formulas import SheetFormulas
from bijie_etl.ingest.biff_notes import add_marked_cells
from bijie_etl.ingest.datesystem import xls_date1904
from bijie_etl.ingest.styles import (
    _SUPER_DIGITS,
    BUILTIN_FORMATS,
    MATTERS,
    CellFormats,
    SheetFacts,
    format_kind,
)
from bijie_etl.ingest.visibility import (
    xls_invisible_cells,
    xls_invisible_xfs,
    xls_palette,
    xls_sheet_name,
)

__all__ = ["cfb_stream_names", "xls_formats", "xls_sheet_facts"]


_END_OF_CHAIN = 0xFFFFFFFA


def cfb_stream_names(head: bytes, path: Path, data: bytes | None = None) -> set[str]:
    """Names in an OLE2/CFB container's directory (EncryptionInfo, Workbook, WordDocument …).

    A small reader of the compound-file header, FAT and directory chain; enough to tell an
    encrypted OOXML package and a .doc from an .xls without decoding anything. ``data``: the
    file's bytes when already read (else the file is read).
    """
    sector_size = 1 << struct.unpack_from("<H", head, 0x1E)[0]
    n_fat = struct.unpack_from("<I", head, 0x2C)[0]
    first_dir = struct.unpack_from("<I", head, 0x30)[0]
    difat = list(struct.unpack_from("<109I", head, 0x4C)[: min(n_fat, 109)])
    names: set[str] = set()
    blob = data if data is not None else path.read_bytes()

    def sector(n: int) -> bytes:
        start = (n + 1) * sector_size
        return blob[start : start + sector_size]

    fat: list[int] = []
    for s in difat:
        block = sector(s)
        fat.extend(struct.unpack(f"<{len(block) // 4}I", block[: len(block) // 4 * 4]))
    current, seen = first_dir, 0
    while current < 0xFFFFFFFA and seen < 10_000:
        block = sector(current)
        for off in range(0, len(block) - 127, 128):
            length = struct.unpack_from("<H", block, off + 64)[0]
            if 2 <= length <= 64:
                names.add(block[off : off + length - 2].decode("utf-16-le", "replace"))
        if current >= len(fat):
            break
        current, seen = fat[current], seen + 1
    return names


def _cfb_stream(data: bytes, wanted: tuple[str, ...]) -> bytes | None:
    """The first stream of the compound file ``data`` named one of ``wanted``; None if absent."""
    if len(data) < 512:
        return None
    sector_size = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    mini_size = 1 << struct.unpack_from("<H", data, 0x20)[0]
    n_fat, first_dir = struct.unpack_from("<II", data, 0x2C)
    cutoff, first_minifat, _n_minifat, first_difat, n_difat = struct.unpack_from("<IIIII", data, 0x38)
    per_sector = sector_size // 4

    def sector(n: int) -> bytes:
        start = (n + 1) * sector_size
        return data[start : start + sector_size]

    difat = list(struct.unpack_from("<109I", data, 0x4C))
    s, guard = first_difat, 0
    while s < _END_OF_CHAIN and guard < n_difat and guard < 10_000:
        more = struct.unpack(f"<{per_sector}I", sector(s))
        difat.extend(more[:-1])
        s, guard = more[-1], guard + 1
    fat: list[int] = []
    for s in difat[:n_fat]:
        if s < _END_OF_CHAIN:
            chunk = sector(s)
            fat.extend(struct.unpack(f"<{len(chunk) // 4}I", chunk[: len(chunk) // 4 * 4]))

    def chain(start: int, table: list[int]) -> list[int]:
        out: list[int] = []
        current = start
        while current < _END_OF_CHAIN and current < len(table) and len(out) <= len(table):
            out.append(current)
            current = table[current]
        return out

    def sectors(numbers: list[int], source: bytes, size: int, offset: int) -> bytes:
        """The sectors ``numbers`` of ``source`` joined: one slice when they follow each other (as
        writers lay a stream out), else sector by sector — the same bytes either way."""
        if numbers and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
            return source[(numbers[0] + offset) * size : (numbers[-1] + 1 + offset) * size]
        return b"".join(source[(n + offset) * size : (n + 1 + offset) * size] for n in numbers)

    directory = sectors(chain(first_dir, fat), data, sector_size, 1)
    entries: list[tuple[str, int, int, int]] = []
    for off in range(0, len(directory) - 127, 128):
        length = struct.unpack_from("<H", directory, off + 64)[0]
        name = directory[off : off + max(length - 2, 0)].decode("utf-16-le", "replace")
        kind = directory[off + 66]
        start, size = struct.unpack_from("<IQ", directory, off + 116)
        if sector_size == 512:
            size &= 0xFFFFFFFF
        entries.append((name, kind, start, size))
    if not entries:
        return None
    for name, kind, start, size in entries:
        if kind != 2 or name not in wanted:
            continue
        if size >= cutoff:
            return sectors(chain(start, fat), data, sector_size, 1)[:size]
        root_start, root_size = entries[0][2], entries[0][3]
        mini_stream = sectors(chain(root_start, fat), data, sector_size, 1)[:root_size]
        minifat_bytes = sectors(chain(first_minifat, fat), data, sector_size, 1)
        minifat = list(struct.unpack(f"<{len(minifat_bytes) // 4}I", minifat_bytes))
        return sectors(chain(start, minifat), mini_stream, mini_size, 0)[:size]
    return None


def _biff_string(payload: bytes, offset: int, length_bytes: int) -> str:
    """An XLUnicodeString (``length_bytes`` = 2) or ShortXLUnicodeString (1) at ``offset``."""
    if length_bytes == 2:
        (count,) = struct.unpack_from("<H", payload, offset)
    else:
        count = payload[offset]
    flags = payload[offset + length_bytes]
    pos = offset + length_bytes + 1
    if flags & 0x08:
        pos += 2
    if flags & 0x04:
        pos += 4
    if flags & 0x01:
        return payload[pos : pos + 2 * count].decode("utf-16-le", "replace")
    return payload[pos : pos + count].decode("latin-1")


_BOF, _EOF, _FORMAT, _XF, _BOUNDSHEET = 0x0809, 0x000A, 0x041E, 0x00E0, 0x0085
_NUMBER, _RK, _MULRK, _FORMULA = 0x0203, 0x027E, 0x00BD, 0x0006
_NO_RESULT = b"\x03\x00\x00\x00\x00\x00\xff\xff"  # a FORMULA result: empty text (xlwt's only one)
_BOOLERR, _ROW, _COLINFO = 0x0205, 0x0208, 0x007D
_SHRFMLA, _SUPBOOK, _EXTERNSHEET, _PRECISION = 0x04BC, 0x01AE, 0x0017, 0x000E
_FONT, _SST, _CONTINUE, _LABELSST, _PALETTE = 0x0031, 0x00FC, 0x003C, 0x00FD, 0x0092
#: The records of a worksheet's substream that :func:`_biff_facts` reads.
_SHEET_RECORDS = frozenset(
    {_NUMBER, _RK, _FORMULA, _MULRK, _LABELSST, _BOOLERR, _ROW, _COLINFO, _EOF, _SHRFMLA}
)
#: BIFF error codes → what Excel shows.
_BIFF_ERRORS: Final = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!", 0x2A: "#N/A"}  # fmt: skip


_RECORD_HEADER = struct.Struct("<HH")


def _records(stream: bytes, start: int = 0) -> Iterator[tuple[int, bytes]]:
    pos, end = start, len(stream) - 4
    while pos <= end:
        rtype, length = struct.unpack_from("<HH", stream, pos)
        yield rtype, stream[pos + 4 : pos + 4 + length]
        pos += 4 + length


def xls_sheet_facts(data: bytes) -> tuple[dict[str, CellFormats], dict[str, SheetFacts], bool]:
    """Formats (as :func:`xls_formats`) and :class:`SheetFacts` per sheet of an .xls file, and
    whether it uses the 1904 date system (:mod:`bijie_etl.ingest.datesystem`).

    Error results of FORMULA records and BOOLERR errors are the broken cells (an .xls formula
    always carries its result); ROW records with the hidden flag and COLINFO ranges give the
    hidden rows and columns; FORMULA records with a number give the formulas to check (:mod:`~bijie_etl.ingest.biff_formulas`); shared strings with a run in a superscript FONT give the texts as
    shown (``5.8`` + superscript ``1`` → ``5.8¹``, which calamine joins into ``5.81``). An unreadable or pre-BIFF8 workbook gives ``({}, {}, False)``.
    """
    try:
        stream = _cfb_stream(data, ("Workbook", "Book"))
        if not stream:
            return {}, {}, False
        formats, facts, invisible = _biff_facts(stream, with_visibility=True)
        if invisible is None or invisible:  # a pre-BIFF8 stream, or white-on-white styles (rare)
            for name, cells in xls_invisible_cells(stream).items():
                facts.setdefault(name, SheetFacts()).invisible = cells
        return formats, facts, xls_date1904(stream)
    except (struct.error, IndexError, ValueError):
        return {}, {}, False


def xls_formats(data: bytes) -> dict[str, CellFormats]:
    """``{sheet name: {(row, col): format code}}`` of an .xls file's number cells whose format kind is in :data:`MATTERS`.

    Reads BIFF8 only (Excel 97 and later, WPS, LibreOffice, xlwt); an older or unreadable
    workbook gives ``{}`` (formats unknown: the plausibility guard still looks at the values).
    """
    try:
        stream = _cfb_stream(data, ("Workbook", "Book"))
    except (struct.error, IndexError, ValueError):
        return {}
    if not stream:
        return {}
    try:
        return _biff_facts(stream)[0]
    except (struct.error, IndexError, ValueError):
        return {}


class _SstCursor:
    """Reads the SST's strings across its CONTINUE records (a character array split by a record
    boundary goes on after a one-byte flag saying whether the rest is 8- or 16-bit)."""

    def __init__(self, segments: list[bytes]) -> None:
        self.segments, self.i, self.pos = segments, 0, 0

    def read(self, n: int) -> bytes:
        out = b""
        while n > 0:
            while self.i < len(self.segments) and self.pos >= len(self.segments[self.i]):
                self.i, self.pos = self.i + 1, 0
            if self.i >= len(self.segments):
                raise ValueError("SST ends early")
            seg = self.segments[self.i]
            take = min(n, len(seg) - self.pos)
            out += seg[self.pos : self.pos + take]
            self.pos, n = self.pos + take, n - take
        return out

    def chars(self, count: int, high: bool) -> str:
        out: list[str] = []
        while count > 0:
            if self.pos >= len(self.segments[self.i]):
                self.i, self.pos = self.i + 1, 1
                if self.i >= len(self.segments):
                    raise ValueError("SST ends early")
                high = bool(self.segments[self.i][0] & 1)
            seg, width = self.segments[self.i], 2 if high else 1
            take = min(count, (len(seg) - self.pos) // width)
            if take <= 0:
                raise ValueError("SST character split")
            raw = seg[self.pos : self.pos + take * width]
            out.append(raw.decode("utf-16-le" if high else "latin-1"))
            self.pos, count = self.pos + take * width, count - take
        return "".join(out)


def _sst_superscripts(segments: list[bytes], superscript_fonts: set[int]) -> dict[int, str]:
    """``{SST index: text as shown}`` of the rich strings with a run in a superscript font."""
    cursor = _SstCursor(segments)
    (unique,) = struct.unpack("<I", cursor.read(8)[4:])
    out: dict[int, str] = {}
    for index in range(unique):
        cch, flags = struct.unpack("<HB", cursor.read(3))
        runs = struct.unpack("<H", cursor.read(2))[0] if flags & 0x08 else 0
        ext = struct.unpack("<I", cursor.read(4))[0] if flags & 0x04 else 0
        text = cursor.chars(cch, bool(flags & 0x01))
        pairs = [struct.unpack_from("<HH", cursor.read(4)) for _ in range(runs)]
        if ext:
            cursor.read(ext)
        if not any(font in superscript_fonts for _, font in pairs):
            continue
        bounds = [*pairs, (len(text), -1)]
        shown = text[: pairs[0][0]]
        for (start, font), (end, _) in pairwise(bounds):
            piece = text[start:end]
            shown += piece.translate(_SUPER_DIGITS) if font in superscript_fonts else piece
        out[index] = shown
    return out


@dataclass
class _BiffGlobals:
    """What the workbook globals (the records before the first EOF) say, for :func:`_biff_facts`."""

    codes: dict[int, str] = field(default_factory=dict)  # FORMAT: number format codes by id
    xf_formats: list[int] = field(default_factory=list)  # XF: the format id of each cell style
    sheets: list[tuple[str, int]] = field(default_factory=list)  # BOUNDSHEET: worksheets and offsets
    fonts: list[int] = field(default_factory=list)  # escapement of each FONT record (1 = superscript)
    sst: list[bytes] = field(default_factory=list)  # the SST and its CONTINUE records
    #: What xls_invisible_cells reads from the same records, read as it reads them (so that a record
    #: it cannot read still fails the file's facts as before): font colours, XF fills, the palette.
    colours: list[int] = field(default_factory=list)
    fills: list[tuple[int, int, int]] = field(default_factory=list)
    struck: list[bool] = field(default_factory=list)  # each FONT: struck through (grbit bit 3)
    palette: dict[int, str] = field(default_factory=dict)
    #: For formulas on other sheets: every sheet's name in tab order, the SUPBOOK records (True: this
    #: workbook's own), EXTERNSHEET's entries (SUPBOOK, first and last tab) → ``xti``, the sheet of each.
    tabs: list[str] = field(default_factory=list)
    books: list[bool] = field(default_factory=list)
    xti: list[str | None] = field(default_factory=list)
    as_displayed: bool = False  # PRECISION 0: values rounded as shown, formula results not judged


def _biff_globals(stream: bytes, with_visibility: bool) -> _BiffGlobals | None:
    """One pass over the workbook globals of a BIFF8 stream; None for a pre-BIFF8 one."""
    g = _BiffGlobals()
    last = 0
    unpack = struct.unpack_from
    pos, end = 0, len(stream) - 4
    while pos <= end:  # _records(stream) inlined
        rtype, length = unpack("<HH", stream, pos)
        payload = stream[pos + 4 : pos + 4 + length]
        pos += 4 + length
        if rtype == _CONTINUE and last == _SST:
            g.sst.append(payload)
            continue
        last = rtype
        if rtype == _BOF:
            if unpack("<H", payload, 0)[0] != 0x0600:
                return None  # BIFF5 or older
        elif rtype == _FONT:
            if with_visibility:
                g.colours.append(unpack("<H", payload, 4)[0])
                g.struck.append(bool(unpack("<H", payload, 2)[0] & 0x0008))
            g.fonts.append(unpack("<H", payload, 8)[0])
        elif rtype == _SST:
            g.sst.append(payload)
        elif rtype == _FORMAT:
            g.codes[unpack("<H", payload, 0)[0]] = _biff_string(payload, 2, 2)
        elif rtype == _XF:
            if with_visibility and len(payload) >= 20:
                font_index, fill_word, fill_colour = unpack("<H12xIH", payload, 0)
                g.fills.append((font_index, (fill_word >> 26) & 0x3F, fill_colour & 0x7F))
            g.xf_formats.append(unpack("<H", payload, 2)[0])
        elif rtype == _BOUNDSHEET:
            if with_visibility:
                xls_sheet_name(payload)
            position, flags = unpack("<IH", payload, 0)
            g.tabs.append(_biff_string(payload, 6, 1))
            if (flags >> 8) & 0xFF == 0:  # a worksheet (not a chart or macro sheet)
                g.sheets.append((g.tabs[-1], position))
        elif rtype == _PRECISION:
            g.as_displayed = payload[:2] == b"\x00\x00"
        elif rtype == _SUPBOOK:
            g.books.append(payload[2:4] == b"\x01\x04")
        elif rtype == _EXTERNSHEET:
            for k in range(min(unpack("<H", payload, 0)[0], (len(payload) - 2) // 6)):
                book, first, last = unpack("<HHH", payload, 2 + 6 * k)
                own = book < len(g.books) and g.books[book] and first == last < len(g.tabs)
                g.xti.append(g.tabs[first] if own else None)
        elif rtype == _PALETTE and with_visibility:
            g.palette.update(xls_palette(payload))
        elif rtype == _EOF:
            break
    return g


def _wanted_and_shown(g: _BiffGlobals) -> tuple[dict[int, str], dict[int, str]]:
    """The XF indices whose number format matters (→ its code), and the SST strings with a superscript
    run as shown (→ text)."""
    wanted: dict[int, str] = {}
    for index, fmt in enumerate(g.xf_formats):
        code = g.codes.get(fmt) or BUILTIN_FORMATS.get(fmt)
        if code and format_kind(code) in MATTERS:
            wanted[index] = code
    # Font indices skip 4 (a BIFF quirk): the FONT record k is font k, or k + 1 from the fifth on.
    superscript = {k if k < 4 else k + 1 for k, escapement in enumerate(g.fonts) if escapement == 1}
    shown: dict[int, str] = {}
    if superscript and g.sst:
        try:
            shown = _sst_superscripts(g.sst, superscript)
        except (struct.error, ValueError, UnicodeDecodeError):
            shown = {}  # an SST we cannot follow: the joined text stays (the guard still looks)
    return wanted, shown


def _biff_facts(
    stream: bytes, *, with_visibility: bool = False
) -> tuple[dict[str, CellFormats], dict[str, SheetFacts], frozenset[int] | None]:
    """Formats and facts per sheet of a BIFF8 workbook stream, and (``with_visibility``) the XF
    indices :func:`~bijie_etl.ingest.visibility.xls_invisible_cells` looks for, from the same pass
    over the workbook globals (None for a pre-BIFF8 stream: that function then reads it itself)."""
    g = _biff_globals(stream, with_visibility)
    if g is None:
        return {}, {}, None
    sheets = g.sheets
    invisible = xls_invisible_xfs(g.colours, g.fills, g.palette) if with_visibility else frozenset()
    wanted, shown = _wanted_and_shown(g)
    out: dict[str, CellFormats] = {}
    all_facts: dict[str, SheetFacts] = {}
    computed = False
    header = _RECORD_HEADER.unpack_from
    # Number cells matter only for a format that matters, texts only for a superscript: usually neither.
    needed = _SHEET_RECORDS - {*(() if wanted else (_NUMBER, _RK, _MULRK)), *(() if shown else (_LABELSST,))}
    end = len(stream) - 4
    skip = _skipper(frozenset(needed)).match
    for name, position in sheets:
        found: CellFormats = {}
        facts = SheetFacts()
        formulas = SheetFormulas(g.xti)
        pos = position
        while pos <= end:  # _records(stream, position) inlined: one pass over the cell records of every sheet
            # a run of cell records the facts do not need, in one C-level step (it always matches: maybe empty)
            pos = skip(stream, pos).end()  # type: ignore[union-attr]
            if pos > end:
                break
            rtype, length = header(stream, pos)
            pos += 4 + length
            if rtype not in needed:
                continue  # a record the facts do not need: its payload is not even sliced
            payload = stream[pos - length : pos]
            if rtype in (_NUMBER, _RK, _FORMULA):
                row, col, xf = struct.unpack_from("<HHH", payload, 0)
                if xf in wanted:
                    found[(row, col)] = wanted[xf]
                if rtype == _FORMULA and payload[12:14] == b"\xff\xff" and payload[6] in (2, 3):
                    facts.broken[(row, col)] = (_BIFF_ERRORS.get(payload[8], "#VALUE!"), payload[6] == 2)
                computed = computed or (rtype == _FORMULA and payload[6:14] != _NO_RESULT)
                if rtype == _FORMULA:
                    formulas.formula(payload, row, col)
            elif rtype == _SHRFMLA:
                formulas.shared_formula(payload)
            elif rtype == _MULRK:
                row, first = struct.unpack_from("<HH", payload, 0)
                for k in range((len(payload) - 6) // 6):
                    (xf,) = struct.unpack_from("<H", payload, 4 + 6 * k)
                    if xf in wanted:
                        found[(row, first + k)] = wanted[xf]
            elif rtype == _LABELSST and shown:
                row, col, _xf, isst = struct.unpack_from("<HHHI", payload, 0)
                if isst in shown:
                    facts.texts[(row, col)] = shown[isst]
            elif rtype == _BOOLERR:
                row, col, _xf, value, is_error = struct.unpack_from("<HHHBB", payload, 0)
                if is_error:
                    facts.broken[(row, col)] = (_BIFF_ERRORS.get(value, "#VALUE!"), True)
            elif rtype == _ROW:
                row, height, options = struct.unpack_from("<H4xH4xH", payload, 0)
                if options & 0x20 or height < 20:  # hidden, or under one point (20 twips) high
                    facts.hidden_rows.add(row)
            elif rtype == _COLINFO:
                first_col, last_col, width, _xf, options = struct.unpack_from("<HHHHH", payload, 0)
                if (options & 0x01 or width < 256) and last_col - first_col < 16_384:  # 1/256 of a character
                    facts.hidden_cols.update(range(first_col, last_col + 1))
            elif rtype == _EOF:
                break
        facts.formulas = {} if g.as_displayed else formulas.cells()
        if found:
            out[name] = found
        if facts:
            all_facts[name] = facts
    add_marked_cells(stream, g.struck, g.fills, g.sheets, all_facts)  # crossed out, or commented 预计数
    _results_unsaved(all_facts, computed)
    return out, all_facts, invisible


#: Cell records of one fixed length (type → payload bytes): a run of those the facts do not need is
#: stepped over by one regex match (record by record, each with its own type and length: the walk
#: stays on the record boundaries, and stops before a record cut short by the end of the stream).
_FIXED_CELLS: Final = {_LABELSST: 10, _NUMBER: 14, _RK: 10, 0x0201: 6}  # 0x0201: BLANK
#: A ROW record (type 0x0208, 16 bytes) not hidden (options' low byte: bit 5 clear) and 20 twips high or more
#: (height: low byte from 0x14, or high byte not 0): every row of a sheet has one, and the facts need none of those.
_SHOWN_ROW: Final = rb"\x08\x02\x10\x00.{6}(?:[\x14-\xff].|.[\x01-\xff]).{4}[\x00-\x1f\x40-\x5f\x80-\x9f\xc0-\xdf].{3}"  # fmt: skip
_SKIPPERS: dict[frozenset[int], re.Pattern[bytes]] = {}


def _skipper(needed: frozenset[int]) -> re.Pattern[bytes]:
    """A pattern matching (possibly empty) runs of whole fixed-length cell records not in ``needed`` (and shown ROWs)."""
    pattern = _SKIPPERS.get(needed)
    if pattern is None:
        # A payload's bytes as ``.`` under DOTALL (any byte: ``{n}`` of it is one jump, where a charset
        # is tested byte by byte), the run possessive (nothing follows it: the same end, no backtracking
        # kept): twice as fast as ``[\x00-\xff]{n}`` and ``*``.
        records = [
            re.escape(struct.pack("<HH", rtype, length)) + b".{%d}" % length
            for rtype, length in _FIXED_CELLS.items()
            if rtype not in needed
        ]
        records.append(_SHOWN_ROW)  # needed or not, a ROW record shown at its height is read for nothing
        source = b"(?:" + b"|".join(records) + b")*+" if records else b""
        pattern = _SKIPPERS[needed] = re.compile(source, re.DOTALL)
    return pattern


def _results_unsaved(all_facts: dict[str, SheetFacts], computed: bool) -> None:
    """An empty-text result (type 3) is what xlwt writes for every formula (it computes none): when no
    formula of the workbook has a result, those are formulas saved without one, not empty texts."""
    for facts in all_facts.values():
        facts.broken = {
            k: v if v[1] else ("=（公式）", False) for k, v in facts.broken.items() if v[1] or not computed
        }
