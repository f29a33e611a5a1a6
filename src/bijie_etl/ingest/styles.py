"""Number formats of cells: what Excel shows, which python-calamine does not tell.

A department that types 95.3% into a cell formatted as a percentage stores 0.953; a careful
reader reads 95.3. calamine gives the stored number only, so the formats are read here:

- **xlsx**: ``xl/styles.xml`` (``numFmts`` + ``cellXfs``) says which style indices carry a
  percent, date or text format; the cells' ``s`` attributes are taken in the streaming pass
  that :func:`bijie_etl._excel.check_xlsx_parts` already makes over every sheet part (see
  :class:`XlsxFormatScan`), only when the workbook has such a style at all.
- **xls**: the BIFF8 ``FORMAT`` and ``XF`` records of the workbook globals and the ``XF`` index
  of each number cell (``NUMBER``, ``RK``, ``MULRK``, ``FORMULA``), read from the OLE2
  container by :func:`bijie_etl.ingest.biff.xls_formats` (the BIFF8 reader lives in
  :mod:`bijie_etl.ingest.biff`).

Only the cells whose format changes what the value means are kept (sparse): ``{(row, col):
format code}``, 0-based — today the percent formats (:data:`MATTERS`): calamine already gives a
date-formatted number as a date and a text-formatted cell as text. :func:`format_kind` tells
``"percent"``, ``"date"`` or ``"text"`` from a format code.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from bijie_etl.ingest.cellrefs import RefsMissing, place
from bijie_etl.ingest.formulas import shifted
from bijie_etl.ingest.numfmt import matters
from bijie_etl.ingest.visibility import xlsx_cells_with_styles, xlsx_invisible_styles, xlsx_struck_styles
from bijie_etl.ingest.workbook_xml import sheet_parts

__all__ = [
    "BUILTIN_FORMATS",
    "MATTERS",
    "CellFormats",
    "SheetFacts",
    "XlsxFormatScan",
    "format_kind",
    "format_scales",
    "format_unit",
    "is_percent_format",
    "rich_text_shown",
    "shared_superscripts",
    "styles_part",
    "xlsx_sheet_facts",
]

#: Format kinds whose cells are collected (the value's meaning depends on them): a scaling
#: format (``#,##0,`` or ``0!.0000"万元"``: what is shown is not what is stored), a percent
#: format (0.953 shown 95.3%), a unit shown by the format (3150.2 shown 3150.2万吨), and a date
#: format (45444 shown 2024年6月: calamine does not recognise every date format).
MATTERS: Final = frozenset({"percent", "unit", "date", "scaled", "shown"})

#: ``{(row, col): format code}`` of the cells of one sheet whose format matters (0-based).
CellFormats = dict[tuple[int, int], str]

#: Built-in number formats (ECMA-376 18.8.30, plus the zh-CN locale's date ids) that matter here.
BUILTIN_FORMATS: Final[dict[int, str]] = {
    9: "0%",
    10: "0.00%",
    14: "yyyy-mm-dd",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "yyyy-mm-dd h:mm",
    27: 'yyyy"年"m"月"',
    28: 'm"月"d"日"',
    29: 'm"月"d"日"',
    30: "m-d-yy",
    31: 'yyyy"年"m"月"d"日"',
    32: 'h"时"mm"分"',
    33: 'h"时"mm"分"ss"秒"',
    34: '上午/下午h"时"mm"分"',
    35: '上午/下午h"时"mm"分"ss"秒"',
    36: 'yyyy"年"m"月"',
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mm:ss.0",
    49: "@",
    50: 'yyyy"年"m"月"',
    51: 'm"月"d"日"',
    52: 'yyyy"年"m"月"',
    53: 'm"月"d"日"',
    54: 'm"月"d"日"',
    55: '上午/下午h"时"mm"分"',
    56: '上午/下午h"时"mm"分"ss"秒"',
    57: 'yyyy"年"m"月"',
    58: 'm"月"d"日"',
}

# Literal parts of a format code: "quoted text", \x escapes, _x spacing and *x fill characters.
_LITERALS = re.compile(r'"[^"]*"|\\.|_.|\*.')
_BRACKETS = re.compile(r"\[[^\]]*\]")
_DATE_LETTERS = re.compile(r"[ymdhs]|上午|下午|am/pm|a/p", re.IGNORECASE)


@lru_cache(maxsize=1024)
def format_kind(code: str) -> str | None:
    """``"percent"``, ``"date"``, ``"text"`` or None (a plain number or General) for a format code.

    A percent format has an unquoted ``%`` (``0.0%``, ``0.00"pp"%``; not ``0.0"%"``); a date
    format has date/time letters outside quotes and brackets (``yyyy"年"m"月"``, ``[h]:mm``);
    ``@`` is the text format.
    """
    bare = _LITERALS.sub("", code)
    elapsed = re.search(r"\[(h+|m+|s+)\]", bare, re.IGNORECASE)
    bare = _BRACKETS.sub("", bare)
    if "%" in bare:
        return "percent"
    if bare.strip() == "@":
        return "text"
    if elapsed or _DATE_LETTERS.search(bare.replace("General", "").replace("general", "")):
        # "0.0E+00" has an E, not a date letter; only y m d h s (and AM/PM) count.
        return "date"
    if format_scales(code) or (";" in code and not _LITERALS.sub("", code.split(";")[0]).strip()):
        return "scaled"  # ;;; shows nothing at all: also not what it stores
    if format_unit(code):
        return "unit"
    # "shown": what is shown depends on the value (a white, conditional or later scaling section)
    return "shown" if (";" in code or "[" in code) and matters(code) else None


@lru_cache(maxsize=1024)
def format_scales(code: str) -> bool:
    """True when the format shows another number than the one stored: thousands-scaling commas
    after the digits (``#,##0,`` shows 123456 as 123; ``0.0,,"百万"``) or a literal decimal point
    shifting the digits (``0!.0000"万元"`` shows 35000 as 3.5000万元, a common 万元 trick)."""
    section: list[tuple[bool, bool, str]] = []  # (literal, digit placeholder, token) of the first section
    for m in _TOKEN.finditer(code):
        if m[0] == ";":
            break
        section.append((m[1] is not None or m[2] is not None, m[3] is not None, m[0]))
    for k, (literal, _digit, text) in enumerate(section):
        before = any(d for _, d, _ in section[:k])
        after = any(d for _, d, _ in section[k + 1 :])
        if literal and "." in text and before and after:
            return True  # 0!.0000: a literal point with digits on both sides
        if text == "," and before and not after:
            return True  # #,##0, : a comma after the last digit placeholder divides by 1000
    return False


_TOKEN = re.compile(r'"([^"]*)"|[\\!](.)|_.|\*.|\[[^\]]*\]|([0#?])|(.)', re.DOTALL)
#: Bare characters Excel shows as they are; only a letter or a CJK character can be a unit.
_UNIT_CHAR = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1024)
def format_unit(code: str) -> str | None:
    """The unit a number format shows after (or before) the number, as typed, else None.

    ``0.0"万吨"`` → 万吨, ``#,##0"元"`` → 元, ``0.00\\元`` → 元, ``0.0"万吨";[Red]-0.0"万吨"``
    → 万吨 (the first section speaks for the number); ``0.0``, ``0.0%``, ``"¥"#,##0`` (a
    currency sign is not a unit), ``0.0" "`` → None. A format's unit is what a careful person
    reads next to the number, so it is applied like a unit typed in the cell.
    """
    if not code or code.lower() == "general":
        return None
    literal: list[str] = []
    for m in _TOKEN.finditer(code):
        quoted, escaped, _digit, bare = m.groups()
        if bare == ";":
            break
        text = quoted if quoted is not None else (escaped or bare or "")
        literal.append(text)
    shown = "".join(literal).replace("G/通用格式", "").replace("通用格式", "").strip()
    if not shown or not _UNIT_CHAR.search(shown) or shown.lower() in ("e+", "e-", "general"):
        return None
    for junk in (",", ".", "%", "E+", "E-", "e+", "e-", "¥", "￥", "$", "(", ")", "-", "+"):
        shown = shown.replace(junk, "")
    shown = shown.strip()
    return shown or None


def is_percent_format(code: str | None) -> bool:
    """True when ``code`` is a percent number format (a cell shown as 95.3% holding 0.953)."""
    return bool(code) and format_kind(code or "") == "percent"


# --------------------------------------------------------------------------------------------
# xlsx

_ATTR_NUMFMT = re.compile(rb'\bnumFmtId="(\d+)"')
_ATTR_CODE = re.compile(rb'\bformatCode="([^"]*)"')
_NUMFMT_TAG = re.compile(rb"<(?:\w+:)?numFmt\b([^>]*)>")
_CELLXFS = re.compile(rb"<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", re.DOTALL)
_XF_TAG = re.compile(rb"<(?:\w+:)?xf\b([^>]*)>")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\s([^>]*)>")
_ATTR_S = re.compile(rb'\bs="(\d+)"')
_ATTR_R = re.compile(rb'\br="([A-Z]{1,3})(\d{1,9})"')


def xlsx_style_formats(styles_xml: bytes) -> dict[int, str]:
    """``{cell style index: format code}`` of the ``cellXfs`` whose format kind is in :data:`MATTERS`."""
    custom: dict[int, str] = {}
    for m in _NUMFMT_TAG.finditer(styles_xml):
        fid, text = _ATTR_NUMFMT.search(m[1]), _ATTR_CODE.search(m[1])
        if fid and text:
            custom[int(fid[1])] = html.unescape(text[1].decode("utf-8", "replace"))
    block = _CELLXFS.search(styles_xml)
    if not block:
        return {}
    out: dict[int, str] = {}
    for index, m in enumerate(_XF_TAG.finditer(block[1])):
        fid_match = _ATTR_NUMFMT.search(m[1])
        number = int(fid_match[1]) if fid_match else 0
        code = custom.get(number) or BUILTIN_FORMATS.get(number)
        if code and format_kind(code) in MATTERS:
            out[index] = code
    return out


#: styles.xml bytes → (formats that matter, invisible, struck cellXfs): a template comes every month.
_STYLES: dict[bytes, tuple[dict[int, str], frozenset[int], frozenset[int]]] = {}


def styles_part(styles: bytes) -> tuple[dict[int, str], frozenset[int], frozenset[int]]:
    """:func:`xlsx_style_formats`, :func:`~bijie_etl.ingest.visibility.xlsx_invisible_styles`, ``xlsx_struck_styles``
    of a styles part, worked out once per distinct part (the caller copies the formats before use)."""
    hit = _STYLES.get(styles)
    if hit is None:
        hit = (xlsx_style_formats(styles), xlsx_invisible_styles(styles), xlsx_struck_styles(styles))
        if len(styles) <= 1 << 16:  # a template's few KB, not a workbook's thousands of styles
            if len(_STYLES) > 256:
                _STYLES.clear()
            _STYLES[styles] = hit
    return hit


@dataclass
class SheetFacts:
    """What a sheet's XML says beyond calamine's values (0-based positions).

    ``broken``: formula cells with no usable value → the text Excel shows (``#DIV/0!``) and
    whether it is an error (else a formula saved without its result, as openpyxl writes);
    ``hidden_rows`` / ``hidden_cols``: rows and columns hidden in the sheet.
    """

    broken: dict[tuple[int, int], tuple[str, bool]] = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    #: Rich-text cells with superscript runs, as shown: ``5.8`` + superscript ``1`` → ``5.8¹``
    #: (calamine joins the runs into ``5.81``, a different number).
    texts: dict[tuple[int, int], str] = field(default_factory=dict)
    #: Cells in the colour of their fill (white on white): see :mod:`bijie_etl.ingest.visibility`.
    invisible: set[tuple[int, int]] = field(default_factory=set)
    #: Formula cells with a stored number: the formula as written in that cell (a shared formula's
    #: references moved) and the stored result, for :mod:`bijie_etl.ingest.formulas` to check.
    formulas: dict[tuple[int, int], tuple[str, float]] = field(default_factory=dict)
    #: Cells whose comment calls the figure an estimate (预计数) → the comment: see :mod:`bijie_etl.ingest.comments`.
    estimates: dict[tuple[int, int], str] = field(default_factory=dict)
    struck: set[tuple[int, int]] = field(default_factory=set)  #: cells in a struck-through font (crossed out)

    def __bool__(self) -> bool:
        return bool(
            self.estimates
            or self.struck
            or self.broken
            or self.hidden_rows
            or self.hidden_cols
            or self.texts
            or self.invisible
            or self.formulas
        )


_FACT_MARKERS = (b"<f", b't="e"', b"hidden=", b"superscript", b' ht="0', b' width="0', b' ht=".', b' width=".', b"zeroHeight")  # fmt: skip
#: sheetFormatPr zeroHeight: the default row height is 0, so a row without its own ht is hidden.
_ZERO_HEIGHT = re.compile(rb'<(?:\w+:)?sheetFormatPr\b[^>]*\bzeroHeight="(?:1|true)"')
_RUN = re.compile(rb"<(?:\w+:)?r>(.*?)</(?:\w+:)?r>", re.DOTALL)
_RUN_TEXT = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>(.*?)</(?:\w+:)?t>", re.DOTALL)
_SUPERSCRIPT = re.compile(rb'<(?:\w+:)?vertAlign\s+val="superscript"')
_SI = re.compile(rb"<(?:\w+:)?si>(.*?)</(?:\w+:)?si>", re.DOTALL)
_SUPER_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def rich_text_shown(inner: bytes) -> str | None:
    """The text of a rich string (``<is>``/``<si>`` runs) with superscript digits kept superscript,
    or None when no run is a superscript (the plain join is right)."""
    if b"superscript" not in inner:
        return None
    parts: list[str] = []
    seen = False
    for run in _RUN.finditer(inner):
        text = "".join(html.unescape(t.decode("utf-8", "replace")) for t in _RUN_TEXT.findall(run[1]))
        if _SUPERSCRIPT.search(run[1]):
            seen = True
            text = text.translate(_SUPER_DIGITS)
        parts.append(text)
    return "".join(parts) if seen else None


def shared_superscripts(shared_xml: bytes) -> dict[int, str]:
    """``{shared string index: text as shown}`` of the shared strings with superscript runs."""
    out: dict[int, str] = {}
    if b"superscript" not in shared_xml:
        return out
    for index, m in enumerate(_SI.finditer(shared_xml)):
        shown = rich_text_shown(m[1])
        if shown is not None:
            out[index] = shown
    return out


_CELL_XML = re.compile(rb"<(?:\w+:)?c\s([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_ATTR_T = re.compile(rb'\bt="(\w+)"')
_F_TAG = re.compile(rb"<(?:\w+:)?f[\s/>]")
_VALUE = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.DOTALL)
_ROW_XML = re.compile(rb"<(?:\w+:)?row\s([^>]*)>")
_COL_XML = re.compile(rb"<(?:\w+:)?col\s([^>]*)>")
#: Hidden, or too small to show anything: a row under one point high, a column under one character wide.
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"|\b(?:ht|width)="0*(?:\.\d*)?"')
_ATTR_MIN = re.compile(rb'\bmin="(\d+)"')
_ATTR_MAX = re.compile(rb'\bmax="(\d+)"')
_ATTR_ROW_R = re.compile(rb'\br="(\d+)"')


#: ``<f`` of _FACT_MARKERS: re finds it 2x faster than ``in`` ('<' is everywhere in XML), and faster
#: still looking for the ``f`` (rarer than ``<``) with a ``<`` behind it.
_FORMULA_OPEN = re.compile(rb"f(?<=<f)")


def _zero_size(chunk: bytes) -> bool:
    """Whether ``chunk`` holds one of the four row-height / column-width markers of _FACT_MARKERS
    (`` ht="0``, `` width="0``, `` ht=".``, `` width=".``): each of its few ``="0`` and ``=".`` is
    looked at for the `` ht`` or `` width`` before it (a regex for the markers stopped at every space)."""
    for lead in (b'="0', b'=".'):
        at = chunk.find(lead)
        while at >= 0:
            if chunk.endswith((b" ht", b" width"), 0, at):
                return True
            at = chunk.find(lead, at + 3)  # the next one cannot start inside this one
    return False


def has_fact_markers(chunk: bytes) -> bool:
    """True when a sheet part's chunk may hold a formula, an error cell or a hidden row/column
    (any of :data:`_FACT_MARKERS` in ``chunk``; the same answer in fewer passes over it)."""
    return (
        _FORMULA_OPEN.search(chunk) is not None
        or b't="e"' in chunk
        or b"hidden=" in chunk
        or b"superscript" in chunk
        or _zero_size(chunk)
        or (b"z" in chunk and b"zeroHeight" in chunk)  # one memchr for 'z' (rare in sheet XML) first
    )


def xlsx_sheet_facts(xml: bytes, shared: dict[int, str] | None = None, invisible: frozenset[int] = frozenset(), *, recalc: bool = False, struck: frozenset[int] = frozenset()) -> SheetFacts:  # fmt: skip
    """The :class:`SheetFacts` of one worksheet part (its whole XML); ``shared``: the shared strings with
    superscript runs (:func:`shared_superscripts`); ``invisible`` / ``struck``: styles coloured as their fill / struck through;
    ``recalc``: the workbook is to be recalculated when opened (:func:`~bijie_etl.ingest.workbook_xml.recalculated_on_load`), so a
    formula's stored number is no computed result (xlsxwriter's placeholder 0, or a template's old
    result that a program filling it in left stale): such a cell is a formula saved without its
    result, whatever number it holds (what Excel would show for it is unknown here)."""
    facts = SheetFacts()
    if invisible:
        facts.invisible = xlsx_cells_with_styles(xml, invisible)
    if struck:
        facts.struck = xlsx_cells_with_styles(xml, struck)
    if any(marker in xml for marker in _FACT_MARKERS[2:]):
        zero_height = bool(_ZERO_HEIGHT.search(xml))
        for m in _ROW_XML.finditer(xml):
            if _HIDDEN.search(m[1]) or (zero_height and b" ht=" not in m[1]):
                r = _ATTR_ROW_R.search(m[1])
                if r is None:
                    raise RefsMissing
                facts.hidden_rows.add(int(r[1]) - 1)
        for m in _COL_XML.finditer(xml):
            if _HIDDEN.search(m[1]):
                lo, hi = _ATTR_MIN.search(m[1]), _ATTR_MAX.search(m[1])
                if lo and hi and int(hi[1]) - int(lo[1]) < 16_384:
                    facts.hidden_cols.update(range(int(lo[1]) - 1, int(hi[1])))
    if b"<f" in xml or b't="e"' in xml or b"superscript" in xml or shared:
        masters: dict[bytes, tuple[int, int, str]] = {}  # shared formulas: si -> (row, col, text)
        for m in _CELL_XML.finditer(xml):
            attrs, inner = m[1], m[2] or b""
            t = _ATTR_T.search(attrs)
            kind = t[1] if t else b"n"
            if kind in (b"inlineStr", b"s"):
                shown = None
                if kind == b"inlineStr":
                    shown = rich_text_shown(inner)
                elif shared:
                    v = _VALUE.search(inner)
                    shown = shared.get(int(v[1])) if v and v[1].strip().isdigit() else None
                if shown is not None:
                    facts.texts[place(attrs)] = shown
                continue
            value = _VALUE.search(inner)
            text = html.unescape(value[1].decode("utf-8", "replace")) if value else ""
            has_f = _F_TAG.search(inner) is not None
            formula = _formula_of(inner, attrs, masters) if has_f else None
            if kind == b"e":
                broken: tuple[str, bool] = (text or "#VALUE!", True)
            elif (
                has_f and kind not in (b"str", b"inlineStr", b"s") and (not text or (recalc and kind == b"n"))
            ):
                broken = ("=" + formula if formula else "=（公式）", False)
            else:
                if formula and kind == b"n" and (stored := _float(text)) is not None:
                    # a stored result to check against the formula (ingest.formulas)
                    facts.formulas[place(attrs)] = (formula, stored)
                continue
            facts.broken[place(attrs)] = broken
    return facts


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


_F_ELEMENT = re.compile(rb"<(?:\w+:)?f\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?f>)", re.DOTALL)
_ATTR_SI = re.compile(rb'\bsi="(\d+)"')


def _formula_of(inner: bytes, attrs: bytes, masters: dict[bytes, tuple[int, int, str]]) -> str | None:
    """The cell's formula as written in it (without ``=``): its own text, or its shared formula's
    master's with the references moved (``masters`` remembers each master as the cells go by)."""
    f = _F_ELEMENT.search(inner)
    if f is None:
        return None
    own = html.unescape(f[2].decode("utf-8", "replace")).strip() if f[2] else ""
    si = _ATTR_SI.search(f[1]) if b"shared" in f[1] else None
    r = _ATTR_R.search(attrs)
    if si is None or r is None:
        return own or None
    row, col = int(r[2]) - 1, _letters_to_col(r[1])
    if own:
        masters[si[1]] = (row, col, own)
        return own
    master = masters.get(si[1])
    if master is None:
        return None
    return shifted(master[2], row - master[0], col - master[1])


def _letters_to_col(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


class XlsxFormatScan:
    """Collects the formatted cells of each sheet part while its XML is streamed chunk by chunk.

    ``styles`` is :func:`xlsx_style_formats` of the workbook; when it is empty (no cell has a
    percent, date or text format: the usual case) :meth:`feed` returns at once.
    """

    def __init__(self, styles: dict[int, str]) -> None:
        self.styles = styles
        self.wanted = frozenset(str(i).encode() for i in styles)
        self.parts: dict[str, CellFormats] = {}
        self._carry: dict[str, bytes] = {}
        self.refless: set[str] = set()  # parts with a formatted cell written without its r="A1"
        self.workbook_xml = b""
        self.workbook_rels = b""

    def feed(self, part: str, chunk: bytes, *, last: bool = False) -> None:
        """Scan one inflated chunk of the sheet part ``part`` (``last`` for its final chunk)."""
        if not self.wanted:
            return
        data = self._carry.pop(part, b"") + chunk
        if not last:
            cut = data.rfind(b"<")
            data, self._carry[part] = data[:cut], data[cut:]
        found = self.parts.setdefault(part, {})
        for m in _CELL_TAG.finditer(data):
            attrs = m[1]
            s = _ATTR_S.search(attrs)
            if s is None or s[1] not in self.wanted:
                continue
            r = _ATTR_R.search(attrs)
            if r is None:  # a cell without its reference: the part is scanned again with them (excel)
                self.refless.add(part)
            else:
                found[(int(r[2]) - 1, _letters_to_col(r[1]))] = self.styles[int(s[1])]

    def by_sheet_name(self) -> dict[str, CellFormats]:
        """The formats per sheet name (workbook.xml + its rels map sheet names to parts)."""
        if not self.parts:
            return {}
        return {name: found for name, part in self.sheet_parts().items() if (found := self.parts.get(part))}

    def sheet_parts(self) -> dict[str, str]:
        """``{sheet name: part path}`` from workbook.xml and its rels (kept while scanning)."""
        return sheet_parts(self.workbook_xml, self.workbook_rels)
