"""Write the corpus spreadsheets from the literal layouts in ``tests/corpus/layouts.py``.

    python tests/corpus/generate.py            # every file
    python tests/corpus/generate.py STEM …     # only these

Each layout names its writer: ``libreoffice`` (the layout becomes a flat ODS document, ``.fods``, and
Debian's headless LibreOffice converts it to xlsx or "MS Excel 97" xls), ``xlsxwriter``, ``openpyxl``,
``xlwt`` or ``csv`` (in the layout's encoding). The generated files are committed, so CI needs no
LibreOffice; only regenerating them does (``apt-get install libreoffice-calc-nogui``).

The expected values (``<stem>.expected.csv``) and warnings (``<stem>.warnings.csv``) are NOT produced
here: they are typed by hand from the layouts, so a mistake in this script cannot hide a reader bug.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent

# --------------------------------------------------------------------------------------------
# The layout vocabulary: a cell is a plain value (str → text cell, int/float → number, None →
# empty) or one of the wrappers below, which carry a number format or a formula.

#: Number formats by key: (Excel format code, flat-ODS data style).
FORMATS: dict[str, str] = {
    "pct0": "0%",
    "pct1": "0.0%",
    "pct2": "0.00%",
    "num1": "0.0",
    "num2": "0.00",
    "th0": "#,##0",
    "th1": "#,##0.0",
    "th2": "#,##0.00",
    "ym": 'yyyy"年"m"月"',
    "m": 'm"月"',
    "ymd": "yyyy-mm-dd",
}

#: Formats only the xlsxwriter, openpyxl and xlwt writers write exactly (no flat-ODS data style):
#: 万 display tricks, scaling, white, hidden, text and Chinese-numeral formats (issue #14).
EXTRA_FORMATS: dict[str, str] = {
    "wan4": '0!.0000"万"',
    "yi4": '0!.0000"亿元"',
    "wanyuan_scaled": '0.00,,"万元"',
    "mil1": "#,##0.0,,",
    "white": "[White]0.0",
    "neg_white": "0.0;[White]-0.0",
    "hide": ";;;",
    "dbnum1": "[DBNum1][$-804]G/通用格式",
    "text": "@",
    "cond_k": '[<1000]0.0;0.0,"千"',
    "wan2": '0.00"万"',
    "struck": "0.0",  # and a struck-through font: a figure crossed out (see STRUCK)
    "nosign": "0.0;0.0",  # a negative shown without its sign
    "red_neg": "0.0;[Red]0.0",  # a negative shown red, without a sign (the convention)
}
#: Format keys whose cells are written in a struck-through font.
STRUCK = frozenset({"struck"})
ALL_FORMATS = {**FORMATS, **EXTRA_FORMATS}


@dataclass(frozen=True)
class F:
    """A number (or date) shown with a number format: ``F(0.953, "pct1")`` is shown as 95.3%."""

    value: float | date
    fmt: str


@dataclass(frozen=True)
class Formula:
    """A formula with the value it computes (Excel A1 syntax, e.g. ``"=SUM(C5:C14)"``)."""

    text: str
    value: float
    fmt: str | None = None


def pct(value: float, places: int = 1) -> F:
    """A fraction shown as a percentage: ``pct(0.953)`` → 95.3%."""
    return F(value, f"pct{places}")


def ym(year: int, month: int, day: int = 1) -> F:
    """A date cell shown as ``2024年6月``."""
    return F(date(year, month, day), "ym")


def md(year: int, month: int, day: int = 1) -> F:
    """A date cell shown as ``6月`` (the year is in the stored date only)."""
    return F(date(year, month, day), "m")


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]
    merges: list[str] = field(default_factory=list)
    hidden: bool = False
    #: openpyxl only: rows hidden by default (sheetFormatPr zeroHeight="1"); these 1-based rows get a
    #: height of their own and stay visible.
    shown_rows: list[int] | None = None
    #: xlsxwriter, openpyxl and libreoffice: cell comments (批注), e.g. {"C3": "6月为预计数"}.
    comments: dict[str, str] = field(default_factory=dict)


@dataclass
class Book:
    """One corpus file. ``ext`` is xlsx, xls or csv; csv books have one sheet."""

    stem: str
    writer: str  # libreoffice | libreoffice-html (a web page saved as .xls) | xlsxwriter[-norefs, -moved] | openpyxl | xlwt | csv
    ext: str
    department: str  # inbox folder the file is sent from (sources/departments.yaml `inbox`)
    tags: list[str]
    description: str
    sheets: list[Sheet]
    encoding: str = "utf-8"  # csv only
    delimiter: str = ","  # csv only: "\t" (Excel's Unicode text), ";" or "，" (full-width comma)

    @property
    def file_name(self) -> str:
        return f"{self.stem}.{self.ext}"


# --------------------------------------------------------------------------------------------
# Cell ranges

_REF = re.compile(r"^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$")


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def cell_range(ref: str) -> tuple[int, int, int, int]:
    """``"B3:C4"`` → 0-based ``(first_row, first_col, last_row, last_col)``."""
    m = _REF.match(ref)
    if not m:
        raise ValueError(f"not a range: {ref}")
    c0, r0 = _col(m.group(1)), int(m.group(2)) - 1
    c1, r1 = (_col(m.group(3)), int(m.group(4)) - 1) if m.group(3) else (c0, r0)
    return r0, c0, r1, c1


def _merge_map(sheet: Sheet) -> tuple[dict[tuple[int, int], tuple[int, int]], set[tuple[int, int]]]:
    """Top-left cell → (rows spanned, columns spanned), and the set of covered cells."""
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for ref in sheet.merges:
        r0, c0, r1, c1 = cell_range(ref)
        spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        covered.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0))
    return spans, covered


def _width(sheet: Sheet) -> int:
    width = max((len(r) for r in sheet.rows), default=0)
    for ref in sheet.merges:
        width = max(width, cell_range(ref)[3] + 1)
    return width


# --------------------------------------------------------------------------------------------
# LibreOffice: flat ODS, then soffice --convert-to

_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"'
)

_ODS_STYLES = """
<number:percentage-style style:name="Npct0"><number:number number:decimal-places="0" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>
<number:percentage-style style:name="Npct1"><number:number number:decimal-places="1" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>
<number:percentage-style style:name="Npct2"><number:number number:decimal-places="2" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>
<number:number-style style:name="Nnum1"><number:number number:decimal-places="1" number:min-integer-digits="1"/></number:number-style>
<number:number-style style:name="Nnum2"><number:number number:decimal-places="2" number:min-integer-digits="1"/></number:number-style>
<number:number-style style:name="Nth0"><number:number number:decimal-places="0" number:min-integer-digits="1" number:grouping="true"/></number:number-style>
<number:number-style style:name="Nth1"><number:number number:decimal-places="1" number:min-integer-digits="1" number:grouping="true"/></number:number-style>
<number:number-style style:name="Nth2"><number:number number:decimal-places="2" number:min-integer-digits="1" number:grouping="true"/></number:number-style>
<number:date-style style:name="Nym"><number:year number:style="long"/><number:text>年</number:text><number:month/><number:text>月</number:text></number:date-style>
<number:date-style style:name="Nm"><number:month/><number:text>月</number:text></number:date-style>
<number:date-style style:name="Nymd"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>
""" + "".join(
    f'<style:style style:name="ce_{k}" style:family="table-cell" style:data-style-name="N{k}"/>'
    for k in FORMATS
)


def _of_formula(text: str) -> str:
    """Excel ``=SUM(C5:C14)`` → OpenFormula ``of:=SUM([.C5:.C14])``."""
    body = re.sub(r"([A-Z]+\d+):([A-Z]+\d+)", r"[.\1:.\2]", text.lstrip("="))
    body = re.sub(r"(?<![.\[A-Z])([A-Z]+\d+)(?![\]:\d])", r"[.\1]", body)
    return "of:=" + body


_QUOTE = {'"': "&quot;"}  # a formula's strings ("") inside the attribute


def _ods_cell(value: Any, attrs: str, note: str | None = None) -> str:
    if note is not None:  # a comment (批注): the annotation comes first in the cell
        cell = _ods_cell(value, attrs)
        annotation = f"<office:annotation><text:p>{escape(note)}</text:p></office:annotation>"
        if cell.endswith("/>"):
            return cell[:-2] + ">" + annotation + "</table:table-cell>"
        opening = cell.index(">") + 1
        return cell[:opening] + annotation + cell[opening:]
    if value is None:
        return f"<table:table-cell{attrs}/>"
    fmt = None
    formula = ""
    if isinstance(value, Formula):
        formula = f' table:formula="{escape(_of_formula(value.text), _QUOTE)}"'
        fmt, value = value.fmt, value.value
    elif isinstance(value, F):
        fmt, value = value.fmt, value.value
    style = f' table:style-name="ce_{fmt}"' if fmt else ""
    if isinstance(value, str):
        return f'<table:table-cell{attrs} office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'
    if isinstance(value, date):
        return (
            f'<table:table-cell{attrs}{style}{formula} office:value-type="date" '
            f'office:date-value="{value.isoformat()}"><text:p>{value.isoformat()}</text:p></table:table-cell>'
        )
    kind = "percentage" if fmt and fmt.startswith("pct") else "float"
    return (
        f'<table:table-cell{attrs}{style}{formula} office:value-type="{kind}" '
        f'office:value="{value!r}"><text:p>{value}</text:p></table:table-cell>'
    )


def to_fods(book: Book) -> str:
    """The book as a flat OpenDocument spreadsheet (merges, number styles, hidden sheets)."""
    out = [f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {_NS} office:version="1.2" '
           'office:mimetype="application/vnd.oasis.opendocument.spreadsheet">']  # fmt: skip
    out.append("<office:automatic-styles>" + _ODS_STYLES)
    out.append(
        '<style:style style:name="ta_hidden" style:family="table"><style:table-properties table:display="false"/></style:style>'
    )
    out.append(
        '<style:style style:name="ta_shown" style:family="table"><style:table-properties table:display="true"/></style:style>'
    )
    out.append("</office:automatic-styles><office:body><office:spreadsheet>")
    for sheet in book.sheets:
        spans, covered = _merge_map(sheet)
        notes = {cell_range(ref)[:2]: text for ref, text in sheet.comments.items()}
        width = _width(sheet)
        style = "ta_hidden" if sheet.hidden else "ta_shown"
        out.append(f'<table:table table:name="{escape(sheet.name)}" table:style-name="{style}">')
        out.append(f'<table:table-column table:number-columns-repeated="{max(width, 1)}"/>')
        height = max(len(sheet.rows), max((cell_range(m)[2] + 1 for m in sheet.merges), default=0))
        for r in range(height):
            row = sheet.rows[r] if r < len(sheet.rows) else []
            cells = []
            for c in range(width):
                value = row[c] if c < len(row) else None
                if (r, c) in covered:
                    cells.append("<table:covered-table-cell/>")
                    continue
                attrs = ""
                if (r, c) in spans:
                    nr, nc = spans[(r, c)]
                    attrs = f' table:number-rows-spanned="{nr}" table:number-columns-spanned="{nc}"'
                cells.append(_ods_cell(value, attrs, notes.get((r, c))))
            out.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
        out.append("</table:table>")
    out.append("</office:spreadsheet></office:body></office:document>")
    return "\n".join(out)


_SOFFICE_FILTERS = {
    "xlsx": "xlsx:Calc MS Excel 2007 XML",
    "xls": "xls:MS Excel 97",
    "html": "html:HTML (StarCalc)",  # writer libreoffice-html: a web page, sent with an .xls name
    "xml": "xml:MS Excel 2003 XML",  # writer libreoffice-xml: XML Spreadsheet 2003, sent with an .xls name
}
_LO_TARGET = {"libreoffice-html": "html", "libreoffice-xml": "xml"}


def write_libreoffice(books: list[Book], dest: Path) -> None:
    """Convert every book with one soffice call per target type (a fresh user profile, no GUI)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("LibreOffice (soffice) is needed to regenerate the libreoffice files")
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        for ext in ("xlsx", "xls", "html", "xml"):
            group = [b for b in books if _LO_TARGET.get(b.writer, b.ext) == ext]
            if not group:
                continue
            src = tmpdir / ext
            src.mkdir()
            for b in group:
                (src / f"{b.stem}.fods").write_text(to_fods(b), encoding="utf-8")
            out = tmpdir / f"out-{ext}"
            subprocess.run(
                [soffice, f"-env:UserInstallation=file://{tmpdir}/profile", "--headless",
                 "--convert-to", _SOFFICE_FILTERS[ext], "--outdir", str(out),
                 *[str(src / f"{b.stem}.fods") for b in group]],
                check=True, capture_output=True, timeout=600,
            )  # fmt: skip
            for b in group:
                produced = out / f"{b.stem}.{ext}"
                if not produced.exists():
                    raise SystemExit(f"soffice did not write {produced.name}")
                shutil.copyfile(produced, dest / b.file_name)


# --------------------------------------------------------------------------------------------
# xlsxwriter, openpyxl, xlwt, csv


def _plain(value: Any) -> Any:
    if isinstance(value, Formula | F):
        return value.value
    return value


def write_xlsxwriter(book: Book, path: Path) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    wb.set_properties({"created": datetime(2024, 7, 8, 9, 0, 0)})
    formats = {
        k: wb.add_format({"num_format": v, "font_strikeout": k in STRUCK}) for k, v in ALL_FORMATS.items()
    }
    first_visible = next(sh.name for sh in book.sheets if not sh.hidden)
    for sheet in book.sheets:
        ws = wb.add_worksheet(sheet.name)
        if sheet.name == first_visible:
            ws.activate()  # the active sheet cannot be hidden
        if sheet.hidden:
            ws.hide()
        spans, covered = _merge_map(sheet)
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row):
                if value is None or (r, c) in covered:
                    continue
                fmt = formats[value.fmt] if isinstance(value, F | Formula) and value.fmt else None
                if (r, c) in spans:
                    nr, nc = spans[(r, c)]
                    ws.merge_range(r, c, r + nr - 1, c + nc - 1, _plain(value), fmt)
                elif isinstance(value, Formula):
                    ws.write_formula(r, c, value.text, fmt, value.value)
                elif isinstance(value, F) and isinstance(value.value, date):
                    ws.write_datetime(r, c, datetime.combine(value.value, datetime.min.time()), fmt)
                elif isinstance(value, str):
                    ws.write_string(r, c, value)
                else:
                    ws.write_number(r, c, _plain(value), fmt)
        for ref in sheet.merges:  # merges whose top-left cell is empty
            r0, c0, r1, c1 = cell_range(ref)
            if r0 >= len(sheet.rows) or c0 >= len(sheet.rows[r0]) or sheet.rows[r0][c0] is None:
                ws.merge_range(r0, c0, r1, c1, None)
        for ref, text in sheet.comments.items():
            ws.write_comment(ref, text, {"author": "填报人"})
    wb.close()


def write_openpyxl(book: Book, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for sheet in book.sheets:
        ws = wb.create_sheet(sheet.name)
        if sheet.hidden:
            ws.sheet_state = "hidden"
        for r, row in enumerate(sheet.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = ws.cell(row=r, column=c)
                if isinstance(value, Formula):
                    raise ValueError("openpyxl writes no cached formula values: use libreoffice")
                cell.value = _plain(value)
                if isinstance(value, F):
                    cell.number_format = ALL_FORMATS[value.fmt]
                    if value.fmt in STRUCK:
                        cell.font = Font(strike=True)
        for ref in sheet.merges:
            ws.merge_cells(ref)
        for ref, text in sheet.comments.items():
            ws[ref].comment = Comment(text, "填报人")
        if sheet.shown_rows is not None:
            ws.sheet_format.zeroHeight = True
            for r in sheet.shown_rows:
                ws.row_dimensions[r].height = 15
    wb.properties.creator = "openpyxl"
    wb.save(path)


def write_xlwt(book: Book, path: Path) -> None:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    styles = {
        k: xlwt.easyxf("font: struck_out on" if k in STRUCK else "", num_format_str=v)
        for k, v in ALL_FORMATS.items()
    }
    plain = xlwt.Style.default_style
    for sheet in book.sheets:
        ws = wb.add_sheet(sheet.name, cell_overwrite_ok=True)
        if sheet.hidden:
            ws.visibility = 1
        spans, covered = _merge_map(sheet)
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row):
                if value is None or (r, c) in covered:
                    continue
                if isinstance(value, Formula):
                    raise ValueError("xlwt writes no cached formula values: use libreoffice")
                style = styles[value.fmt] if isinstance(value, F) else plain
                v = _plain(value)
                if isinstance(v, date):
                    v = datetime.combine(v, datetime.min.time())
                if (r, c) in spans:
                    nr, nc = spans[(r, c)]
                    ws.write_merge(r, r + nr - 1, c, c + nc - 1, v, style)
                else:
                    ws.write(r, c, v, style)
    wb.save(str(path))


def write_csv(book: Book, path: Path) -> None:
    (sheet,) = book.sheets
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n", delimiter=book.delimiter)
    for row in sheet.rows:
        writer.writerow(["" if v is None else _plain(v) for v in row])
    path.write_bytes(buf.getvalue().encode(book.encoding))


def write_xlsxwriter_resaved(book: Book, path: Path) -> None:
    """Written by xlsxwriter (formulas with the results the layout gives), then opened and saved again
    as xlsx (or converted to .xls) by LibreOffice, which by default does not recalculate an xlsx it opens:
    the file keeps those results (a stale one stays stale) and loses xlsxwriter's mark asking for a
    recalculation."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("LibreOffice (soffice) is needed to regenerate the xlsxwriter-libreoffice files")
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        (tmpdir / "src").mkdir()
        source = tmpdir / "src" / f"{path.stem}.xlsx"
        write_xlsxwriter(book, source)
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{tmpdir}/profile", "--headless",
             "--convert-to", _SOFFICE_FILTERS[path.suffix[1:]], "--outdir", str(tmpdir / "out"), str(source)],
            check=True, capture_output=True, timeout=600,
        )  # fmt: skip
        shutil.copyfile(tmpdir / "out" / path.name, path)


def write_xlsxwriter_norefs(book: Book, path: Path) -> None:
    """Written by xlsxwriter, then every row's and cell's reference (``r="5"``, ``r="C5"``) and the
    sheet's ``<dimension>`` left out, as some report systems export (valid OOXML: a cell without one is
    the next of its row, a row without one the next row)."""
    write_xlsxwriter(book, path)
    with zipfile.ZipFile(path) as zf:
        parts = [(info, zf.read(info)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in parts:
            if info.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'(<(?:c|row)\b[^>]*?) r="[A-Z]*\d+"', rb"\1", data)
                data = re.sub(rb"<dimension[^>]*/>", b"", data)
            zf.writestr(info, data)


def write_xlsxwriter_moved(book: Book, path: Path) -> None:
    """Written by xlsxwriter, then its worksheets moved from ``xl/worksheets/`` to ``xl/sheets/`` (the
    workbook's rels and content types saying so: valid OOXML, but no office program does it)."""
    write_xlsxwriter(book, path)
    with zipfile.ZipFile(path) as zf:
        parts = [(info.filename, zf.read(info)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts:
            if name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
                data = data.replace(b"worksheets/", b"sheets/")
            zf.writestr(name.replace("xl/worksheets/", "xl/sheets/"), data)


_WRITERS = {
    "xlsxwriter": write_xlsxwriter,
    "xlsxwriter-norefs": write_xlsxwriter_norefs,
    "xlsxwriter-moved": write_xlsxwriter_moved,
    "xlsxwriter-libreoffice": write_xlsxwriter_resaved,
    "openpyxl": write_openpyxl,
    "xlwt": write_xlwt,
    "csv": write_csv,
}


def write_manifest(books: Iterable[Book], path: Path) -> None:
    """MANIFEST.yaml: per stem its file, department folder, writer, shape tags and description."""
    lines = [
        "# The corpus: one entry per file (generated by tests/corpus/generate.py from layouts.py).",
        "# department: the inbox folder the file is sent from; writer: the software that wrote it.",
        "files:",
    ]
    for b in books:
        lines.append(f"  {b.stem}:")
        lines.append(f"    file: {b.file_name}")
        lines.append(f"    department: {b.department}")
        lines.append(f"    writer: {b.writer}")
        if b.writer == "csv":
            lines.append(f"    encoding: {b.encoding}")
            if b.delimiter != ",":
                lines.append(f"    delimiter: {b.delimiter!r}")
        lines.append(f"    tags: [{', '.join(b.tags)}]")
        lines.append(f'    description: "{b.description}"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str]) -> None:
    sys.path.insert(0, str(HERE))
    sys.modules.setdefault("generate", sys.modules[__name__])  # one F/Formula class when run as a script
    from layouts import BOOKS  # the literal layouts

    stems = [b.stem for b in BOOKS]
    dupes = {s for s in stems if stems.count(s) > 1}
    if dupes:
        raise SystemExit(f"duplicate stems: {sorted(dupes)}")
    chosen = [b for b in BOOKS if not argv or b.stem in argv]
    lo = [b for b in chosen if b.writer.startswith("libreoffice")]
    if lo:
        write_libreoffice(lo, HERE)
    for b in chosen:
        if not b.writer.startswith("libreoffice"):
            _WRITERS[b.writer](b, HERE / b.file_name)
    write_manifest(BOOKS, HERE / "MANIFEST.yaml")
    print(f"wrote {len(chosen)} files ({len(lo)} through LibreOffice)")


if __name__ == "__main__":
    main(sys.argv[1:])
