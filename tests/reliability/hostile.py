"""Generate the battery of hostile and broken department files (run: ``python -m tests.reliability.hostile OUTDIR``).

Every case is made by code here (no committed binaries): real writers (xlsxwriter, openpyxl,
msoffcrypto) where they can make the file, and a small hand-rolled OOXML writer
(:func:`raw_xlsx`) where the point is XML a well-behaved writer refuses to produce (entities,
100,000-character cells, lone surrogates, a lying zip header, a sparse sheet reaching XFD).

Each :class:`Case` says what the pipeline must make of it: ``expect`` is a file-level
:class:`~bijie_etl.errors.Code` value (the file is rejected with that one code), ``"loaded"``
(clean load of the one valid row), ``"rows"`` (the file is read and the bad rows get the
row-level errors listed in ``row_codes``), ``"empty"`` (read, nothing to load, nothing wrong)
or ``"skipped"`` (discover never offers it).
"""

from __future__ import annotations

import io
import os
import struct
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from bijie_etl.ingest.template import HEADER as TEMPLATE_HEADER

__all__ = ["CASES", "Case", "generate", "good_rows", "raw_xlsx"]

HEADER = [label for label, _field in TEMPLATE_HEADER]  # the template's header, written once

#: A real catalog target (schemas/targets_2024.yaml): 煤炭产量 (7300 万吨), cumulative, owned by energy.
GOOD_CODE, GOOD_NAME, GOOD_UNIT = "coal_output", "煤炭产量", "万吨"


def good_rows(
    note: str = "", name: str = GOOD_NAME, ytd: object = 3600.0, month: object = 600.0
) -> list[list[object]]:
    """A header and one valid 全市 row for June 2024 (January–June 煤炭产量)."""
    return [
        HEADER,
        [GOOD_CODE, name, GOOD_UNIT, "2024-06", "全市", month, ytd, None, None, None, note or None],
    ]


# --------------------------------------------------------------------------------------------
# A tiny OOXML writer for XML that no proper writer emits


def _col(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _cell_xml(r: int, c: int, value: object) -> str:
    ref = f"{_col(c)}{r + 1}"
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, RawXml):
        return f'<c r="{ref}" {value.attrs}>{value.inner}</c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


@dataclass(frozen=True)
class RawXml:
    """A cell given as raw XML (attributes and inner XML), written unescaped."""

    attrs: str
    inner: str


def sheet_xml(rows: list[list[object]], *, prolog: str = "", extra_cells: str = "") -> str:
    """A worksheet part; ``prolog`` goes before the root element (a DOCTYPE, say)."""
    body = "".join(
        f'<row r="{r + 1}">' + "".join(_cell_xml(r, c, v) for c, v in enumerate(row)) + "</row>"
        for r, row in enumerate(rows)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        + prolog
        + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + f"<sheetData>{body}{extra_cells}</sheetData></worksheet>"
    )


def raw_xlsx(
    path: Path,
    sheets: dict[str, str | list[list[object]]],
    *,
    shared_strings: str | None = None,
    compresslevel: int = 6,
) -> Path:
    """Write a minimal but valid xlsx whose worksheet parts are given as XML text (or rows)."""
    names = list(sheets)
    ct_sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(len(names))
    )
    ct_ss = (
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        if shared_strings is not None
        else ""
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{ct_sheets}{ct_ss}</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    )
    wb_sheets = "".join(
        f'<sheet name="{escape(n)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, n in enumerate(names)
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<sheets>{wb_sheets}</sheets></workbook>"
    )
    wb_rels = "".join(
        f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        f'Target="worksheets/sheet{i + 1}.xml"/>'
        for i in range(len(names))
    )
    if shared_strings is not None:
        wb_rels += (
            f'<Relationship Id="rId{len(names) + 1}" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
            'Target="sharedStrings.xml"/>'
        )
    wb_rels_xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{wb_rels}</Relationships>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as zf:
        zf.writestr("[Content_Types].xml", content_types)
        zf.writestr("_rels/.rels", rels)
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels", wb_rels_xml)
        for i, (_, content) in enumerate(sheets.items()):
            xml = content if isinstance(content, str) else sheet_xml(content)
            zf.writestr(f"xl/worksheets/sheet{i + 1}.xml", xml.encode("utf-8", "surrogatepass"))
        if shared_strings is not None:
            zf.writestr("xl/sharedStrings.xml", shared_strings.encode("utf-8", "surrogatepass"))
    return path


def _forge_sizes(path: Path, member: str, declared: int) -> None:
    """Rewrite ``member``'s uncompressed size in both zip headers to ``declared`` (the CRC stays true)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    # central directory entries: signature PK\x01\x02, uncompressed size at +24, name length at +28, name at +46
    pos = 0
    while (pos := data.find(b"PK\x01\x02", pos)) != -1:
        n = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46 : pos + 46 + n] == name:
            struct.pack_into("<I", data, pos + 24, declared)
            local = struct.unpack_from("<I", data, pos + 42)[0]
            struct.pack_into("<I", data, local + 22, declared)
        pos += 4
    path.write_bytes(bytes(data))


def _deflate_member(path: Path, member: str, chunks: Callable[[], object], extra: dict[str, str]) -> None:
    """Write a zip with ``extra`` small members and one large member streamed from ``chunks()``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, text in extra.items():
            zf.writestr(name, text)
        with zf.open(member, "w", force_zip64=True) as fh:
            for chunk in chunks():  # type: ignore[attr-defined]
                fh.write(chunk)


# --------------------------------------------------------------------------------------------
# The cases


@dataclass
class Case:
    """One hostile input: how to make it and what the pipeline must make of it."""

    name: str
    file_name: str  # inside the department folder of the inbox
    make: Callable[[Path], None]
    expect: (
        str  # a Code value (file rejected), "loaded", "rows", "empty" (read, nothing to load) or "skipped"
    )
    row_codes: list[str] = field(default_factory=list)  # for "rows": every row error as "CELL:code"
    heavy: bool = False  # measured for memory in a subprocess
    what: str = ""


def _xlsxwriter(path: Path, fill: Callable[[object, object], None]) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("数据")
    fill(wb, ws)
    wb.close()


def _write_rows(ws: object, rows: list[list[object]]) -> None:
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v is not None:
                ws.write(r, c, v)  # type: ignore[attr-defined]


def _good_xlsx(path: Path, rows: list[list[object]] | None = None) -> None:
    _xlsxwriter(path, lambda wb, ws: _write_rows(ws, rows or good_rows()))


def _csv(
    path: Path,
    rows: list[list[object]],
    encoding: str = "utf-8",
    delimiter: str = ",",
    errors: str = "surrogatepass",
) -> None:
    import csv

    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        w.writerow(["" if v is None else v for v in row])
    path.write_bytes(buf.getvalue().encode(encoding, errors))


# -- containers and sizes


def zip_bomb_declared(path: Path) -> None:
    """A valid workbook plus a 300 MB (declared and real) member of zeros: ~300 KB on disk."""
    _good_xlsx(path)
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as zf,
        zf.open("xl/media/image1.bin", "w", force_zip64=True) as fh,
    ):
        block = b"\0" * (1 << 20)
        for _ in range(300):
            fh.write(block)  # 300 MB > settings.max_uncompressed_bytes (200 MB)


def zip_bomb_lying(path: Path) -> None:
    """The worksheet part says 2 KB in both zip headers but inflates to 400 MB of XML whitespace."""
    head = sheet_xml(good_rows()).split("<sheetData>")[0] + "<sheetData>"
    tail = sheet_xml(good_rows()).split("<sheetData>")[1]
    raw_xlsx(path, {"数据": sheet_xml(good_rows())})
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist() if n != "xl/worksheets/sheet1.xml"}

    def chunks() -> object:
        yield head.encode()
        pad = b" " * (1 << 20)
        for _ in range(400):
            yield pad
        yield tail.encode()

    _deflate_member(path, "xl/worksheets/sheet1.xml", chunks, {k: v.decode() for k, v in parts.items()})
    _forge_sizes(path, "xl/worksheets/sheet1.xml", 2048)


def million_rows(path: Path) -> None:
    """One sheet of 1,000,000 data rows (written as raw XML, deflated: a few MB on disk)."""
    raw_xlsx(path, {"数据": sheet_xml(good_rows())})
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n).decode() for n in zf.namelist() if n != "xl/worksheets/sheet1.xml"}
    full = sheet_xml(good_rows())
    head, tail = full.split("</sheetData>")

    def chunks() -> object:
        yield head.encode()
        for start in range(3, 1_000_003, 10_000):
            yield "".join(
                f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{GOOD_CODE}</t></is></c><c r="G{r}"><v>{r}</v></c></row>'
                for r in range(start, start + 10_000)
            ).encode()
        yield ("</sheetData>" + tail).encode()

    _deflate_member(path, "xl/worksheets/sheet1.xml", chunks, parts)


def sparse_far_cell(path: Path) -> None:
    """A normal table plus one cell at XFD90000: a dense grid would be 90,000 × 16,384 cells."""
    raw_xlsx(
        path,
        {"数据": sheet_xml(good_rows(), extra_cells='<row r="90000"><c r="XFD90000"><v>1</v></c></row>')},
    )


def wide_rows(path: Path) -> None:
    """Every row filled out to column XFD (16,384 columns) after a valid table."""
    rows = good_rows()
    rows = [r + [None] * (16384 - len(r)) for r in rows]
    for r in rows:
        for c in range(len(HEADER) + 1, 16384):
            r[c] = c
    raw_xlsx(path, {"数据": rows})


def sheets_300(path: Path) -> None:
    """300 worksheets; one of them (the last) holds the table."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    for i in range(299):
        wb.add_worksheet(f"空表{i + 1}").write(0, 0, f"说明{i}")
    _write_rows(wb.add_worksheet("数据"), good_rows())
    wb.close()


def truncated_zip(path: Path) -> None:
    _good_xlsx(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def encrypted(path: Path) -> None:
    from spreadsheets import encrypt_xlsx  # tests/spreadsheets.py

    plain = path.with_name("plain-" + path.name + ".tmp")
    _good_xlsx(plain)
    encrypt_xlsx(plain, path, "bijie2024")
    plain.unlink()


def docx_as_xlsx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document xmlns:w='x'><w:body>报告</w:body></w:document>")


def other_zip_as_xlsx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("报表/说明.txt", "这是一个压缩包，不是工作簿")
        zf.writestr("报表/数据.csv", ",".join(HEADER))


def html_page(path: Path) -> None:
    """What government systems export as "Excel": an HTML table (the extension varies)."""
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(str(v or ''))}</td>" for v in row) + "</tr>" for row in good_rows()
    )
    path.write_text(
        '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta charset="utf-8"></head>'
        f"<body><!-- {path.suffix} --><table>{rows}</table></body></html>",
        encoding="utf-8",
    )


def random_bytes(path: Path) -> None:
    path.write_bytes(bytes((i * 7919 + 13) % 256 for i in range(4096)))


# -- XML attacks


def xxe_file(path: Path) -> None:
    """sharedStrings with an external entity to /etc/passwd, used in the 备注 cell."""
    ss = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
        "<si><t>&xxe;</t></si></sst>"
    )
    rows = good_rows()
    rows[1][10] = RawXml('t="s"', "<v>0</v>")
    raw_xlsx(path, {"数据": rows}, shared_strings=ss)


def xxe_network(port: int) -> Callable[[Path], None]:
    """An external entity (and DTD) pointing at a listener on 127.0.0.1:``port``."""

    def make(path: Path) -> None:
        prolog = f'<!DOCTYPE worksheet SYSTEM "http://127.0.0.1:{port}/dtd" [<!ENTITY net SYSTEM "http://127.0.0.1:{port}/x">]>'
        rows = good_rows()
        rows[1][10] = RawXml('t="inlineStr"', "<is><t>&net;</t></is>")
        raw_xlsx(path, {"数据": sheet_xml(rows, prolog=prolog)})

    return make


def billion_laughs(path: Path) -> None:
    ents = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10)
    )
    prolog = f"<!DOCTYPE worksheet [{ents}]>"
    rows = good_rows()
    rows[1][10] = RawXml('t="inlineStr"', "<is><t>&lol9;</t></is>")
    raw_xlsx(path, {"数据": sheet_xml(rows, prolog=prolog)})


# -- cells


def formula_recalc_on_load(path: Path) -> None:
    """1-本月累计 is =F2*6 with the stored value 3600 in a workbook marked to be recalculated when opened
    (xlsxwriter computes no formula and always marks it: the stored number is no computed result)."""

    def fill(wb: object, ws: object) -> None:
        rows = good_rows()
        rows[1][6] = None
        _write_rows(ws, rows)
        ws.write_formula(1, 6, "=F2*6", None, 3600)  # type: ignore[attr-defined]

    _xlsxwriter(path, fill)


def formula_cached(path: Path) -> None:
    """1-本月累计 is =F2*6 with the cached value 3600 (what Excel saves: no recalculation mark)."""
    from spreadsheets import without_recalculation_mark  # tests/spreadsheets.py

    marked = path.with_name(path.stem + ".marked.xlsx")
    formula_recalc_on_load(marked)
    without_recalculation_mark(marked, path)
    marked.unlink()


def formula_uncached(path: Path) -> None:
    """1-本月累计 is a formula with no cached value (openpyxl never computes one)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    for row in good_rows():
        ws.append(row)
    ws["G2"] = "=F2*2"
    wb.save(path)


def date_in_number(path: Path) -> None:
    def fill(wb: object, ws: object) -> None:
        rows = good_rows()
        rows[1][6] = None
        _write_rows(ws, rows)
        ws.write_datetime(1, 6, datetime(2024, 6, 30), wb.add_format({"num_format": "yyyy-mm-dd"}))  # type: ignore[attr-defined]

    _xlsxwriter(path, fill)


def huge_cell_xlsx(path: Path) -> None:
    raw_xlsx(path, {"数据": good_rows(note="长" * 100_000)})


def huge_cell_csv(path: Path) -> None:
    _csv(path, good_rows(note="长" * 100_000))


CONTROL = "控制\x01\x07\x08\x1b[31m\x7f字符"


def control_csv(path: Path) -> None:
    _csv(path, good_rows(note=CONTROL))


def control_xlsx(path: Path) -> None:
    """Control characters as OOXML escapes (_x0007_) and as numeric references where XML 1.0 allows none."""
    rows = good_rows()
    rows[1][10] = RawXml('t="inlineStr"', "<is><t>控制_x0007__x001B_字符</t></is>")
    raw_xlsx(path, {"数据": rows})


def surrogate_csv(path: Path) -> None:
    """A lone surrogate encoded as bytes (CESU style, invalid UTF-8) in the 备注 cell."""
    _csv(path, good_rows(note="孤\ud800立"))


def surrogate_xlsx(path: Path) -> None:
    """A lone surrogate as a character reference (&#xD800;), illegal in XML."""
    rows = good_rows()
    rows[1][10] = RawXml('t="inlineStr"', "<is><t>孤&#xD800;立</t></is>")
    raw_xlsx(path, {"数据": rows})


def invalid_utf8_xlsx(path: Path) -> None:
    rows = good_rows()
    rows[1][10] = RawXml(
        't="inlineStr"', "<is><t>坏\udcff字节</t></is>"
    )  # becomes a raw 0xFF byte (surrogateescape)
    xml = sheet_xml(rows)
    raw_xlsx(path, {"数据": "PLACEHOLDER"})
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    parts["xl/worksheets/sheet1.xml"] = xml.encode("utf-8", "surrogateescape")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, b in parts.items():
            zf.writestr(n, b)


def encoded_csv(encoding: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        rows = good_rows(note="繁體備註" if encoding != "shift_jis" else "備考")
        if encoding in ("big5", "shift_jis"):  # traditional forms; what the encoding lacks becomes "?"
            rows = [[_traditional(v) for v in row] for row in rows]
        _csv(path, rows, encoding, "\t" if encoding == "utf-16" else ",", errors="replace")

    return make


_TRAD = str.maketrans(
    {
        "标": "標",
        "码": "碼",
        "称": "稱",
        "计": "計",
        "单": "單",
        "统": "統",
        "区": "區",
        "县": "縣",
        "同": "同",
        "长": "長",
        "备": "備",
        "注": "註",
        "产": "產",
        "煤": "煤",
        "万": "萬",
        "吨": "噸",
        "全": "全",
        "市": "市",
        "值": "值",
        "积": "積",
        "累": "累",
        "增": "增",
        "比": "比",
        "年": "年",
        "期": "期",
        "月": "月",
        "本": "本",
        "上": "上",
        "原": "原",
        "量": "量",
        "位": "位",
        "指": "指",
        "名": "名",
        "代": "代",
    }
)


def _traditional(v: object) -> object:
    return v.translate(_TRAD) if isinstance(v, str) else v


def number_texts(path: Path) -> None:
    """Text cells that Python's float() accepts but are not figures: nan, inf, 1e309; and -0, 1e-400, 1e308."""
    rows = [HEADER]
    odd = ["nan", "inf", "-Infinity", "1e309", "NaN%", "-0", "1e-400", "1e308"]  # January … August
    for i, text in enumerate(odd):
        rows.append(
            [GOOD_CODE, GOOD_NAME, GOOD_UNIT, f"2024-0{i + 1}", "全市", None, text, None, None, None, None]
        )
    _csv(path, rows)


def formula_injection(path: Path) -> None:
    """=, +, -, @ at the start of names (unknown indicators) and notes, plus a valid row."""
    rows = good_rows(note='=HYPERLINK("http://127.0.0.1/x","点我")')
    for _i, evil in enumerate(["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1,1)", "\t=1+1", "\r=1+1"]):
        rows.append(["", evil, GOOD_UNIT, "2024-06", "全市", 1, 2, None, None, None, evil])
    _csv(path, rows)


SCRIPT = "<script>alert('x')</script>"


def script_tags(path: Path) -> None:
    rows = good_rows(note=SCRIPT)
    rows.append(["", f"坏指标{SCRIPT}", GOOD_UNIT, "2024-06", "全市", 1, 2, None, None, None, SCRIPT])
    _good_xlsx(path, rows)


def duplicate_headers(path: Path) -> None:
    rows = good_rows()
    rows[0] = rows[0] + ["1-本月累计"]
    rows[1] = rows[1] + [99999.0]
    _good_xlsx(path, rows)


def header_only(path: Path) -> None:
    _good_xlsx(path, [HEADER])


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _named(note: str, bad_row: bool = False) -> Callable[[Path], None]:
    """A valid file whose note makes its bytes (and sha256) its own; ``bad_row`` adds an unknown indicator (so feedback is written)."""

    def make(path: Path) -> None:
        rows = good_rows(note=note)
        if bad_row:
            rows.append(["", "不存在的指标", GOOD_UNIT, "2024-06", "全市", 1, 2, None, None, None, None])
        _good_xlsx(path, rows)

    return make


def port_placeholder(path: Path) -> None:  # replaced at generation time
    raise NotImplementedError


#: The battery. File names inside the department folder 能源局 (the owner of 原煤产量).
CASES: list[Case] = [
    Case(
        "zip_bomb_declared",
        "zip_bomb.xlsx",
        zip_bomb_declared,
        "file_too_large",
        heavy=True,
        what="tiny xlsx declaring 300 MB uncompressed",
    ),
    Case(
        "zip_bomb_lying",
        "zip_bomb_lying.xlsx",
        zip_bomb_lying,
        "file_unreadable",
        heavy=True,
        what="zip header says 2 KB, deflate stream inflates to 400 MB",
    ),
    Case(
        "million_rows",
        "million_rows.xlsx",
        million_rows,
        "file_too_many_rows",
        heavy=True,
        what="1,000,000 rows",
    ),
    Case(
        "sparse_far_cell",
        "sparse_far_cell.xlsx",
        sparse_far_cell,
        "file_too_large",
        heavy=True,
        what="one cell at XFD90000 (dense grid 1.5 billion cells)",
    ),
    Case(
        "wide_rows",
        "wide_rows.xlsx",
        wide_rows,
        # The table loads; the 16,372 numbered columns beside it get one COLUMN_IGNORED warning.
        "loaded",
        heavy=True,
        what="rows filled to column XFD (16,384 columns)",
    ),
    Case("sheets_300", "sheets_300.xlsx", sheets_300, "loaded", what="workbook with 300 sheets"),
    Case("empty_xlsx", "empty.xlsx", _empty, "file_empty", what="0-byte .xlsx"),
    Case("empty_csv", "empty.csv", _empty, "file_empty", what="0-byte .csv"),
    Case(
        "truncated_zip", "truncated.xlsx", truncated_zip, "file_unreadable", what="first half of a valid xlsx"
    ),
    Case(
        "encrypted",
        "encrypted.xlsx",
        encrypted,
        "file_encrypted",
        what="password-protected (ECMA-376 agile, OLE2)",
    ),
    Case("docx_as_xlsx", "report.xlsx", docx_as_xlsx, "file_unsupported_type", what="a .docx renamed .xlsx"),
    Case(
        "zip_as_xlsx",
        "archive.xlsx",
        other_zip_as_xlsx,
        "file_unsupported_type",
        what="a zip of other files renamed .xlsx",
    ),
    # A web page's table is read like a workbook (ingest/htmlfile.py), whatever its extension says.
    Case("html_as_xls", "gov_export.xls", html_page, "loaded", what="HTML table saved as .xls"),
    Case("html_as_xlsx", "gov_export.xlsx", html_page, "loaded", what="HTML table saved as .xlsx"),
    Case("random_bytes", "noise.xlsx", random_bytes, "file_unreadable", what="random bytes named .xlsx"),
    Case("xxe_file", "xxe_file.xlsx", xxe_file, "file_unsafe", what="external entity to file:///etc/passwd"),
    Case(
        "xxe_network",
        "xxe_network.xlsx",
        port_placeholder,
        "file_unsafe",
        what="external DTD and entity over http to 127.0.0.1",
    ),
    Case(
        "billion_laughs",
        "billion_laughs.xlsx",
        billion_laughs,
        "file_unsafe",
        what="nested entity expansion (10^9)",
    ),
    Case(
        "formula_cached", "formula_cached.xlsx", formula_cached, "loaded", what="formula with a cached value"
    ),
    Case(
        "formula_recalc_on_load",
        "formula_recalc_on_load.xlsx",
        formula_recalc_on_load,
        "rows",
        # Its stored result is a placeholder or stale: refused like a formula saved without one.
        ["G2:formula_not_calculated"],
        what="formula in a workbook marked to be recalculated on opening",
    ),
    Case(
        "formula_uncached",
        "formula_uncached.xlsx",
        formula_uncached,
        "rows",
        # A formula saved without its result has its own refusal, not "未填写" (#14 round 2).
        ["G2:formula_not_calculated"],
        what="formula without a cached value",
    ),
    Case(
        "date_in_number",
        "date_in_number.xlsx",
        date_in_number,
        "rows",
        ["G2:value_not_number"],
        what="date cell in 1-本月累计",
    ),
    Case("huge_cell_xlsx", "huge_cell.xlsx", huge_cell_xlsx, "loaded", what="100,000-character cell (xlsx)"),
    Case("huge_cell_csv", "huge_cell.csv", huge_cell_csv, "loaded", what="100,000-character cell (csv)"),
    Case(
        "control_csv", "control.csv", control_csv, "loaded", what="control characters and ANSI escapes (csv)"
    ),
    Case(
        "control_xlsx",
        "control.xlsx",
        control_xlsx,
        "loaded",
        what="control characters as _xHHHH_ escapes (xlsx)",
    ),
    Case(
        "surrogate_csv", "surrogate.csv", surrogate_csv, "file_unreadable", what="lone surrogate bytes (csv)"
    ),
    Case(
        "surrogate_xlsx",
        "surrogate.xlsx",
        surrogate_xlsx,
        "file_unreadable",
        what="lone surrogate character reference (xlsx)",
    ),
    Case(
        "invalid_utf8_xlsx",
        "invalid_utf8.xlsx",
        invalid_utf8_xlsx,
        "file_unreadable",
        what="invalid UTF-8 byte inside the sheet XML",
    ),
    Case(
        "utf16_csv",
        "utf16.csv",
        encoded_csv("utf-16"),
        "loaded",
        what="UTF-16 (Excel 'Unicode text', tab-separated)",
    ),
    # Not a mainland-Chinese encoding: refused as such, with the advice to save as UTF-8 or GB18030 (#14).
    Case("big5_csv", "big5.csv", encoded_csv("big5"), "file_encoding", what="Big5 csv"),
    Case("shift_jis_csv", "sjis.csv", encoded_csv("shift_jis"), "file_encoding", what="Shift-JIS csv"),
    Case(
        "number_texts",
        "number_texts.csv",
        number_texts,
        "rows",
        [
            "G2:value_not_number",
            "G3:value_not_number",
            "G4:value_not_number",
            "G5:value_not_number",
            "G6:value_not_number",
            # Scientific notation typed as text is not how a figure is written: refused, not guessed (#14).
            "G8:value_not_number",
            "G9:value_not_number",
        ],
        what="nan, inf, 1e309, -0, 1e-400, 1e308 as text",
    ),
    Case(
        "formula_injection",
        "formula_injection.csv",
        formula_injection,
        "rows",
        [f"B{r}:unknown_indicator" for r in range(3, 9)],
        what="=, +, -, @ at the start of names and notes",
    ),
    Case(
        "script_tags",
        "script.xlsx",
        script_tags,
        "rows",
        ["B3:unknown_indicator"],
        what="<script> in names and notes",
    ),
    Case(
        "duplicate_headers",
        "dup_header.xlsx",
        duplicate_headers,
        # Two 1-本月累计 columns with different figures: which one is meant cannot be told, so the
        # table is refused with the reason rather than the first column guessed (#13).
        "layout_ambiguous",
        what="the 1-本月累计 column twice",
    ),
    Case("header_only", "header_only.xlsx", header_only, "file_empty", what="a header and no data rows"),
    Case(
        "shell_name",
        "; rm -rf x $(touch pwned) `id` 原煤.xlsx",
        _named("shell", True),
        "rows",
        ["B3:unknown_indicator"],
        what="shell metacharacters, spaces and Chinese in the name",
    ),
    Case(
        "newline_name",
        "line\nbreak\r名.xlsx",
        _named("newline", True),
        "rows",
        ["B3:unknown_indicator"],
        what="newline and carriage return in the name",
    ),
    Case(
        "dotdot_name",
        "报表..\\..\\..\\evil..xlsx",
        _named("dotdot", True),
        "rows",
        ["B3:unknown_indicator"],
        what="..\\..\\ (Windows separators) in the name",
    ),
    Case(
        "dotdot_hidden",
        "..\\..\\evil.xlsx",
        _named("hidden"),
        "skipped",
        what="a name starting with .. (hidden: never read)",
    ),
    Case("partial_download", "incoming.xlsx.part", _named("part"), "skipped", what=".part download"),
    Case("office_lock", "~$原煤.xlsx", _named("lock"), "skipped", what="~$ Office lock file"),
]


def generate(
    out_dir: Path, *, department: str = "能源局", port: int = 9, include_heavy: bool = True
) -> dict[str, Path]:
    """Write every case into ``out_dir/<department>/`` and return {case name: path}.

    ``port`` is where the network-XXE case points (a listener the caller runs on 127.0.0.1).
    """
    folder = Path(out_dir) / department
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for case in CASES:
        if case.heavy and not include_heavy:
            continue
        path = folder / case.file_name
        make = xxe_network(port) if case.name == "xxe_network" else case.make
        make(path)
        written[case.name] = path
    return written


if __name__ == "__main__":  # pragma: no cover
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile")
    for name, p in generate(target).items():
        print(f"{name:22s} {os.path.getsize(p):>12,d}  {p}")
