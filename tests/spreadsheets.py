"""Write real spreadsheet files for tests and demos, the way departments' tools write them.

Rows are lists of cells starting at column A of Excel row 1 (``rows[0]`` is row 1; ``[]`` is a
blank row). A cell is written by its Python type: ``int``/``float`` → a number cell, ``str`` →
a text cell (so ``"1,234"`` stays text, as when a department types it), ``date``/``datetime``
→ a date cell, ``None`` → nothing. Merges are Excel ranges (``"B3:C3"``); the merged value is
the one in the range's top-left cell of ``rows``.

    write_xlsx(path, {"数据": rows}, merges={"数据": ["C3:D3"]})
    write_xls(path, {"Sheet1": rows}, merges={"Sheet1": ["A3:A4"]})
    write_csv(path, rows, encoding="gb18030")

A cell may carry a style (``styles``: per sheet, per 0-based ``(row, col)``, xlsxwriter's format
properties; the xls writer knows ``num_format`` and ``font_strikeout``):

    write_xlsx(path, {"能源": rows}, styles={"能源": {(3, 3): {"font_strikeout": True}}})
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

import xlsxwriter
import xlwt

__all__ = ["Cell", "Rows", "Style", "cell_range", "encrypt_xlsx", "write_csv", "write_xls", "write_xlsx"]

Cell = str | int | float | date | datetime | None
Rows = Sequence[Sequence[Cell]]
#: A cell's style as xlsxwriter's format properties (``{"num_format": "0.0;0.0"}``, ``{"font_strikeout": True}``).
Style = Mapping[str, object]

_RANGE = re.compile(r"^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$")


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def cell_range(ref: str) -> tuple[int, int, int, int]:
    """``"B3:C4"`` → 0-based ``(first_row, first_col, last_row, last_col)``."""
    m = _RANGE.match(ref.upper())
    if not m:
        raise ValueError(f"not an Excel range: {ref!r}")
    c0, r0 = _col(m.group(1)), int(m.group(2)) - 1
    c1, r1 = (_col(m.group(3)), int(m.group(4)) - 1) if m.group(3) else (c0, r0)
    return r0, c0, r1, c1


def _covered(merges: Iterable[str]) -> tuple[list[tuple[int, int, int, int]], set[tuple[int, int]]]:
    boxes = [cell_range(m) for m in merges]
    hidden = {
        (r, c)
        for r0, c0, r1, c1 in boxes
        for r in range(r0, r1 + 1)
        for c in range(c0, c1 + 1)
        if (r, c) != (r0, c0)
    }
    return boxes, hidden


def _at(rows: Rows, r: int, c: int) -> Cell:
    return rows[r][c] if r < len(rows) and c < len(rows[r]) else None


def write_xlsx(
    path: Path,
    sheets: Mapping[str, Rows],
    *,
    merges: Mapping[str, Sequence[str]] | None = None,
    hidden: Sequence[str] = (),
    date_format: str = "yyyy-mm-dd",
    styles: Mapping[str, Mapping[tuple[int, int], Style]] | None = None,
) -> Path:
    """Write an xlsx with xlsxwriter (one worksheet per entry, in order)."""
    path = Path(path)
    wb = xlsxwriter.Workbook(str(path))
    fmt_date = wb.add_format({"num_format": date_format})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        boxes, covered = _covered((merges or {}).get(name, ()))
        styled = {at: wb.add_format(dict(style)) for at, style in (styles or {}).get(name, {}).items()}
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if (r, c) in covered or value is None:
                    continue
                if (r, c) in styled and isinstance(value, int | float):
                    ws.write_number(r, c, value, styled[(r, c)])
                elif (r, c) in styled:
                    ws.write_string(r, c, str(value), styled[(r, c)])
                elif isinstance(value, datetime | date):
                    ws.write_datetime(
                        r,
                        c,
                        value
                        if isinstance(value, datetime)
                        else datetime(value.year, value.month, value.day),
                        fmt_date,
                    )
                elif isinstance(value, bool):
                    ws.write_boolean(r, c, value)
                elif isinstance(value, int | float):
                    ws.write_number(r, c, value)
                else:
                    ws.write_string(r, c, str(value))
        for r0, c0, r1, c1 in boxes:
            value = _at(rows, r0, c0)
            if isinstance(value, int | float):
                ws.merge_range(r0, c0, r1, c1, None)
                ws.write_number(r0, c0, value)
            else:
                ws.merge_range(r0, c0, r1, c1, "" if value is None else str(value))
        if name in hidden:
            ws.hide()
    wb.close()
    return path


def write_xls(
    path: Path,
    sheets: Mapping[str, Rows],
    *,
    merges: Mapping[str, Sequence[str]] | None = None,
    styles: Mapping[str, Mapping[tuple[int, int], Style]] | None = None,
) -> Path:
    """Write a legacy .xls (BIFF8) with xlwt, as old Excel and WPS still do."""
    path = Path(path)
    wb = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for name, rows in sheets.items():
        ws = wb.add_sheet(name)
        boxes, covered = _covered((merges or {}).get(name, ()))
        starts = {(b[0], b[1]): b for b in boxes}
        styled = {at: _xlwt_style(style) for at, style in (styles or {}).get(name, {}).items()}
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if (r, c) in covered or value is None:
                    continue
                if (r, c) in styled:
                    ws.write(r, c, value, styled[(r, c)])
                elif (r, c) in starts:
                    r0, c0, r1, c1 = starts[(r, c)]
                    ws.write_merge(r0, r1, c0, c1, value)
                elif isinstance(value, datetime | date):
                    ws.write(r, c, value, date_style)
                else:
                    ws.write(r, c, value)
        for (r0, c0), (_, _, r1, c1) in ((k, v) for k, v in starts.items() if _at(rows, *k) is None):
            ws.write_merge(r0, r1, c0, c1, "")
    wb.save(str(path))
    return path


def _xlwt_style(style: Style) -> xlwt.XFStyle:
    """The xlwt style of a cell's xlsxwriter format properties (``num_format``, ``font_strikeout``)."""
    unknown = set(style) - {"num_format", "font_strikeout"}
    if unknown:
        raise ValueError(f"write_xls cannot write {sorted(unknown)}")
    font = "font: struck_out on" if style.get("font_strikeout") else ""
    return xlwt.easyxf(font, num_format_str=str(style.get("num_format", "General")))


def write_csv(path: Path, rows: Rows, *, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    """Write a csv in ``encoding`` ("utf-8", "utf-8-sig" as Excel's CSV UTF-8, "gb18030"/"gbk" as WPS)."""
    path = Path(path)
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else (v.isoformat() if isinstance(v, date) else v) for v in row])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def encrypt_xlsx(source: Path, dest: Path, password: str = "123456") -> Path:
    """Password-protect an xlsx the way Excel does (ECMA-376 agile encryption, an OLE2 container)."""
    from msoffcrypto.format.ooxml import OOXMLFile  # dev dependency

    with Path(source).open("rb") as fin, Path(dest).open("wb") as fout:
        OOXMLFile(fin).encrypt(password, fout)
    return Path(dest)


def without_recalculation_mark(source: Path, dest: Path, calc: bytes = b"") -> Path:
    """``source`` (an xlsx a program wrote) as a workbook saved by Excel is: the same parts, without the
    ``fullCalcOnLoad`` mark asking to recalculate when opened (Excel recalculates and drops it on saving);
    ``calc``: attributes of ``calcPr`` put in its place (`` fullPrecision="0"``: precision as displayed)."""
    import zipfile

    with zipfile.ZipFile(source) as src, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b' fullCalcOnLoad="1"', calc)
            dst.writestr(info, data)
    return Path(dest)


def write_openpyxl(path: Path, rows: Rows) -> Path:
    """Write one sheet with openpyxl (another writer than xlsxwriter: its own XML), making the folder."""
    import openpyxl

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(list(row))
    wb.save(path)
    return path
