"""Excel's XML Spreadsheet 2003 (``<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">``).

Excel saves it ("XML 电子表格 2003") and older reporting systems export it, usually with an .xls or .xml
name. It is read like a workbook: each visible ``<Worksheet>`` a sheet, ``ss:MergeAcross`` /
``ss:MergeDown`` as merges (a number merged over several cells is no one cell's, as in a workbook),
``ss:Hidden`` rows and columns not read, number formats from the ``<Styles>`` (percent, 万 displays, white
…: the workbook rules apply), typed data (``Number``, ``String``, ``DateTime``, ``Error``; a formula with
no saved value). A file declaring a DTD or entities is refused as unsafe, as an xlsx part would be.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from bijie_etl.errors import Code, FileRejected
from bijie_etl.ingest.cells import FormulaCell, MergedValue
from bijie_etl.ingest.excel import RawSheet
from bijie_etl.ingest.htmlfile import cell_address, put_cell
from bijie_etl.ingest.styles import MATTERS, format_kind

__all__ = ["read_spreadsheet_xml"]

_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"
_X = "{urn:schemas-microsoft-com:office:excel}"
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
#: Excel's named number formats in ss:Format.
_NAMED = {
    "percent": "0.00%",
    "fixed": "0.00",
    "standard": "#,##0.00",
    "scientific": "0.00E+00",
    "general number": "General",
    "general": "General",
    "short date": "yyyy-mm-dd",
    "medium date": "dd-mmm-yy",
    "long date": "yyyy-mm-dd",
    "general date": "yyyy-mm-dd h:mm",
}
#: Cells a sheet may span at most (a MergeDown of 1,000,000 on a few cells would make a huge grid).
_MAX_CELLS = 2_000_000


def read_spreadsheet_xml(path: Path, data: bytes, *, max_rows: int) -> list[RawSheet]:
    """The visible worksheets of an XML Spreadsheet 2003 file (see the module's docstring)."""
    if _DTD.search(data):
        raise FileRejected(
            Code.FILE_UNSAFE,
            "XML表格文件中含有文档类型定义（DTD/ENTITY），出于安全原因不予读取。请另存为Excel工作簿（.xlsx）后重新报送。",
            "DTD in spreadsheet xml",
        )
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise FileRejected(
            Code.FILE_UNREADABLE,
            "XML表格文件已损坏或不完整，无法读取。请用Excel重新保存后报送。",
            str(exc),
        ) from None
    formats = _styles(root)
    sheets = []
    for ws in root.iter(f"{_SS}Worksheet"):
        visible = ws.find(f"{_X}WorksheetOptions/{_X}Visible")
        if visible is not None and (visible.text or "").strip() in ("SheetHidden", "SheetVeryHidden"):
            continue
        table = ws.find(f"{_SS}Table")
        name = ws.get(f"{_SS}Name") or path.stem
        sheets.append(_sheet(name, table, formats, max_rows) if table is not None else RawSheet(name, []))
    return sheets


def _styles(root: ElementTree.Element) -> dict[str, str]:
    """``{style id: number format code}`` of the styles whose format matters."""
    out: dict[str, str] = {}
    for style in root.iter(f"{_SS}Style"):
        number = style.find(f"{_SS}NumberFormat")
        code = number.get(f"{_SS}Format") if number is not None else None
        if code:
            code = _NAMED.get(code.strip().lower(), code)
            if format_kind(code) in MATTERS:
                out[style.get(f"{_SS}ID") or ""] = code
    return out


def _int(raw: str | None, default: int) -> int:
    try:
        return int(str(raw).strip())
    except (TypeError, ValueError):
        return default


def _sheet(name: str, table: ElementTree.Element, formats: dict[str, str], max_rows: int) -> RawSheet:
    grid: list[list[Any]] = []
    merges: list[tuple[tuple[int, int], tuple[int, int]]] = []
    cell_formats: dict[tuple[int, int], str] = {}
    hidden_cols: set[int] = set()
    column_style: dict[int, str] = {}  # 1-based column -> its style (a cell without one takes it)
    col = 0
    for column in table.iter(f"{_SS}Column"):
        col = _int(column.get(f"{_SS}Index"), col + 1)
        span = _int(column.get(f"{_SS}Span"), 0)
        if column.get(f"{_SS}Hidden") == "1":
            hidden_cols.update(range(col - 1, col + span))
        style = column.get(f"{_SS}StyleID")
        if style and span < 16384:
            column_style.update(dict.fromkeys(range(col, col + span + 1), style))
        col += span
    hidden_rows: set[int] = set()
    covered: set[tuple[int, int]] = set()  # cells under a MergeDown from a row above (0-based)
    declared = table.get(f"{_SS}ExpandedColumnCount")
    width = _int(declared, 0) or None
    spanned = 0
    r = 0
    for row in table.iter(f"{_SS}Row"):
        r = _int(row.get(f"{_SS}Index"), r + 1)
        if (
            r > max_rows and row.find(f"{_SS}Cell/{_SS}Data") is not None
        ):  # empty formatted rows run to 1048576
            raise FileRejected(
                Code.FILE_TOO_MANY_ROWS,
                f"工作表“{name}”超过 {max_rows} 行，超过上限。请只保留需要报送的数据后重新报送。",
                f"> {max_rows} rows",
            )
        if row.get(f"{_SS}Hidden") == "1":
            hidden_rows.add(r - 1)
        cells = list(row.iter(f"{_SS}Cell"))
        for cell, c in zip(cells, _columns(cells, r - 1, covered, name, width), strict=True):
            across, down = _int(cell.get(f"{_SS}MergeAcross"), 0), _int(cell.get(f"{_SS}MergeDown"), 0)
            spanned += (across + 1) * (down + 1)
            if spanned > _MAX_CELLS:
                raise FileRejected(
                    Code.FILE_TOO_LARGE,
                    "XML表格的合并单元格过大（行列跨度异常），无法读取。请另存为Excel工作簿（.xlsx）再报送。",
                    f"> {_MAX_CELLS} cells spanned",
                )
            value = _value(cell)
            style = cell.get(f"{_SS}StyleID") or row.get(f"{_SS}StyleID") or column_style.get(c)
            code = formats.get(style or "")
            if code and isinstance(value, float | datetime):  # dates: the label the format shows (1月)
                cell_formats[(r - 1, c - 1)] = code
            if across or down:
                end = (r - 1 + down, c - 1 + across)
                merges.append(((r - 1, c - 1), end))
                if down:
                    covered.update((rr, cc) for rr in range(r, r + down) for cc in range(c - 1, c + across))
                if isinstance(value, float):
                    value = MergedValue(value, span=f"{cell_address(r - 1, c - 1)}:{cell_address(*end)}")
            put_cell(grid, r - 1, c - 1, value)
    width = max((len(x) for x in grid), default=0)
    grid = [x + [""] * (width - len(x)) for x in grid]
    blanked = _blank_hidden(grid, hidden_rows, hidden_cols)
    return RawSheet(
        name,
        grid,
        merges,
        cell_formats,
        hidden_rows=sorted({r for r, _ in blanked} & hidden_rows),
        hidden_cols=sorted({c for _, c in blanked} & hidden_cols),
        hidden_at=cell_address(*blanked[0]) if blanked else None,
    )


def _columns(
    cells: list[ElementTree.Element], r: int, covered: set[tuple[int, int]], sheet: str, width: int | None
) -> list[int]:
    """Each cell's 1-based column. Under a MergeDown from a row above, writers disagree on ss:Index:
    the column itself (the spreadsheet reference) or the count of the row's uncovered cells
    (LibreOffice). A reading that puts a cell on a covered cell, or past the table's declared width
    (ss:ExpandedColumnCount, which Excel writes), is impossible; when both are possible
    and differ, the sheet is refused rather than read with its columns shifted."""
    absolute, uncovered, c, u = [], [], 0, 0
    for cell in cells:
        explicit = cell.get(f"{_SS}Index")
        across = _int(cell.get(f"{_SS}MergeAcross"), 0)
        c = _int(explicit, c + 1)
        while explicit is None and (r, c - 1) in covered:
            c += 1
        absolute.append(c)
        c += across
        u = _int(explicit, u + 1)
        col, seen = 0, 0
        while seen < u:
            col += 1
            seen += (r, col - 1) not in covered
        uncovered.append(col)
        u += across
    if absolute == uncovered or not any(rr == r for rr, _ in covered):
        return absolute
    ends = [_int(cell.get(f"{_SS}MergeAcross"), 0) for cell in cells]
    beyond = width is not None and any(k + e > width for k, e in zip(uncovered, ends, strict=True))
    if beyond and not any((r, k - 1) in covered for k in absolute):
        return absolute  # the uncovered count runs past the table's ss:ExpandedColumnCount
    if any((r, k - 1) in covered for k in absolute):
        return uncovered
    raise FileRejected(
        Code.LAYOUT_AMBIGUOUS,
        f"XML表格工作表“{sheet}”第{r + 1}行在合并单元格下方的单元格位置有两种解释，无法确定各数值属于哪一列。"
        "请用Excel或WPS打开后另存为Excel工作簿（.xlsx）再报送。",
        "ss:Index under MergeDown is ambiguous",
    )


def _value(cell: ElementTree.Element) -> Any:
    data = cell.find(f"{_SS}Data")
    formula = cell.get(f"{_SS}Formula")
    if data is None:
        return FormulaCell(formula, error=False) if formula else ""
    kind = data.get(f"{_SS}Type") or "String"
    text = "".join(data.itertext())
    if kind == "Number":
        try:
            return float(text)
        except ValueError:
            return text
    if kind == "DateTime":
        try:
            return datetime.fromisoformat(text.strip()[:19])
        except ValueError:
            return text
    if kind == "Error":
        return FormulaCell(text.strip(), error=True)
    return text


def _blank_hidden(grid: list[list[Any]], rows: set[int], cols: set[int]) -> list[tuple[int, int]]:
    """Blank hidden rows and columns (what the sheet shows is read); the cells that held content."""
    blanked = []
    for r, row in enumerate(grid):
        for c, v in enumerate(row):
            if (r in rows or c in cols) and v not in ("", None):
                blanked.append((r, c))
                row[c] = ""
    return blanked
