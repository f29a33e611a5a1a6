"""Web pages saved with a spreadsheet's name: the ``.xls`` that older systems and "另存为网页" export.

Such a file is an HTML ``<table>`` (Excel's export adds ``x:num`` attributes and ``mso-`` styles). It is
read as a careful person reads it in a browser: each cell's text as shown, merged cells
(``rowspan``/``colspan``) as merges, rows and cells hidden by ``display:none`` blanked (and reported, as
hidden rows of a workbook are). The stored number (Excel's ``x:num``, LibreOffice's ``sdval``) is used
only when the shown text is that number as displayed (thousands separators, rounding); a cell shown
``95.3%`` or ``3150万吨`` keeps its text, which the cell reader understands as it does in a csv. Each
top-level table is a sheet, named as the exporter named it (LibreOffice's ``Sheet 1: <em>5月</em>``
heading, Excel's ``<x:Name>``), else Sheet1, Sheet2 …. A page of frames (Excel's multi-sheet "web page"
export keeps each sheet in a separate file) is refused: its sheets are not in the file.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from bijie_etl.errors import Code, FileRejected
from bijie_etl.ingest.cells import MergedValue
from bijie_etl.ingest.excel import RawSheet
from bijie_etl.ingest.headers import column_letter
from bijie_etl.ingest.styles import MATTERS, format_kind

__all__ = ["cell_address", "put_cell", "read_html"]

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)
_SHEET_NAME = re.compile(r"<x:Name>([^<]{1,64})</x:Name>", re.IGNORECASE)
_HIDDEN = re.compile(r"display\s*:\s*none", re.IGNORECASE)
_SHOWN_NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$")
_SPACES = re.compile(r"[ \t\r\n\f\u00a0]+")
_CSS_RULE = re.compile(r"\.([\w-]+)\s*\{([^}]*)\}")
_MSO_FORMAT = re.compile(
    r"""mso-number-format\s*:\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^;]+)""", re.IGNORECASE
)
#: Excel's named formats in mso-number-format.
_NAMED_FORMATS = {"percent": "0.00%", "standard": "#,##0.00", "fixed": "0.00", "general": "General"}
#: Rows or columns one cell may span at most, and cells a page may fill: a rowspan of 100,000 on a few
#: cells would make a huge grid from a tiny file.
_MAX_SPAN = 500
_MAX_CELLS = 2_000_000


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    m = _CHARSET.search(data[:4096])
    declared = m.group(1).decode("ascii", "replace").lower() if m else None
    if declared in {"gb2312", "gbk", "gb18030", "cp936", "x-gbk"}:
        declared = "gb18030"
    for encoding in dict.fromkeys([e for e in (declared, "utf-8", "gb18030") if e]):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise FileRejected(
        Code.FILE_ENCODING,
        "网页格式文件的文字编码无法识别（不是UTF-8或GB18030/GBK），中文会变成乱码。"
        "请用Excel或WPS打开后“另存为”Excel工作簿（.xlsx）再报送。",
        f"html declared {declared!r}",
    )


class _Cell:
    __slots__ = ("classes", "colspan", "fmt", "hidden", "num", "rowspan", "text")

    def __init__(self, attrs: dict[str, str | None], row_hidden: bool) -> None:
        self.text: list[str] = []
        self.num = attrs.get("x:num") or attrs.get("sdval")
        #: The number format: LibreOffice's sdnum="1033;0;0.0%" (its third part), Excel's inline
        #: mso-number-format; else the cell's classes are looked up in the page's <style> (_formats).
        sdnum = (attrs.get("sdnum") or "").split(";", 2)
        self.fmt = sdnum[2] if len(sdnum) == 3 and sdnum[2] else _mso_format(attrs.get("style") or "")
        self.classes = (attrs.get("class") or "").split()
        self.rowspan = _span(attrs.get("rowspan"))
        self.colspan = _span(attrs.get("colspan"))
        self.hidden = row_hidden or bool(_HIDDEN.search(attrs.get("style") or ""))


def _mso_format(style: str) -> str | None:
    """The format code of a ``mso-number-format:"0\\.0%"`` declaration (Excel escapes with backslashes)."""
    m = _MSO_FORMAT.search(style)
    if m is None:
        return None
    raw = m.group(1).strip()
    if raw[:1] in "\"'" and raw[-1:] == raw[:1]:
        raw = raw[1:-1]
    code = re.sub(r"\\(.)", r"\1", raw).strip()
    return _NAMED_FORMATS.get(code.lower(), code) or None


def _class_formats(css: str) -> dict[str, str]:
    """``{class: format code}`` of the page's style rules that set mso-number-format."""
    out: dict[str, str] = {}
    for name, body in _CSS_RULE.findall(css):
        code = _mso_format(body)
        if code:
            out[name] = code
    return out


def _span(raw: str | None) -> int:
    try:
        return max(1, min(_MAX_SPAN, int(str(raw).strip())))
    except (TypeError, ValueError):
        return 1


class _Tables(HTMLParser):
    """Every top-level table's rows of cells. A table inside a cell (old systems lay a page out with an
    outer table: a title cell, then a cell holding the data table) adds its rows to the outer table's, in
    place of that cell, so the title and the data stay one sheet, one above the other."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[_Cell]]] = []
        #: The heading before each table (LibreOffice: ``Sheet 1: <em>5月</em>``; the <em> part if any).
        self.names: list[str | None] = []
        self.frames = False
        self._heading: list[str] | None = None
        self._em: list[str] | None = None
        self._last_heading: str | None = None
        self._depth = 0  # table nesting
        self._row: list[_Cell] | None = None
        self._row_hidden = False
        self._cell: _Cell | None = None
        self._skip = 0  # inside <style>/<script>
        self._in_style = False
        self.css: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("style", "script"):
            self._skip += 1
            self._in_style = tag == "style"
        elif tag in ("frameset", "frame", "iframe"):
            self.frames = True
        elif tag in ("h1", "h2", "h3") and self._depth == 0:
            self._heading, self._em = [], None
        elif tag == "em" and self._heading is not None:
            self._em = []
        elif tag == "table":
            self._depth += 1
            if self._depth == 1:
                self.tables.append([])
                self.names.append(self._last_heading)
                self._last_heading = None
            else:
                self._end_row()  # the outer cell (and its row) ends where the inner table starts
        elif self._depth == 0:
            return
        elif tag == "tr":
            self._end_row()
            self._row = []
            self._row_hidden = bool(_HIDDEN.search(a.get("style") or ""))
        elif tag in ("td", "th"):
            self._end_cell()
            if self._row is None:
                self._row, self._row_hidden = [], False
            self._cell = _Cell(a, self._row_hidden)
        elif tag == "br" and self._cell is not None:
            self._cell.text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip = max(0, self._skip - 1)
            self._in_style = False
        elif tag in ("h1", "h2", "h3") and self._heading is not None:
            said = "".join(self._em if self._em else self._heading)
            self._last_heading = _SPACES.sub(" ", said).strip() or None
            self._heading = self._em = None
        elif tag == "table":
            if self._depth >= 1:
                self._end_row()
            self._depth = max(0, self._depth - 1)
        elif self._depth == 0:
            return
        elif tag in ("td", "th"):
            self._end_cell()
        elif tag == "tr":
            self._end_row()

    def handle_data(self, data: str) -> None:
        if self._skip:
            if self._in_style:
                self.css.append(data)
            return
        if self._cell is not None:
            self._cell.text.append(data)
        elif self._heading is not None:
            self._heading.append(data)
            if self._em is not None:
                self._em.append(data)

    def _end_cell(self) -> None:
        if self._cell is not None and self._row is not None:
            self._row.append(self._cell)
        self._cell = None

    def _end_row(self) -> None:
        self._end_cell()
        if self._row is not None and self.tables:
            self.tables[-1].append(self._row)
        self._row = None


def _value(cell: _Cell, fmt: str | None) -> Any:
    """The cell as shown, or Excel's stored number when the page says how it is shown (see the module)."""
    text = "\n".join(_SPACES.sub(" ", part).strip() for part in "".join(cell.text).split("\n")).strip()
    if cell.num is None or not text:
        return text
    try:
        stored = float(cell.num)
    except ValueError:
        return text
    kind = format_kind(fmt) if fmt else None
    if kind == "date":
        return text  # 2024年6月 as shown (the stored day serial says no more)
    if kind in MATTERS:
        return stored  # read with its format, as in a workbook (percent, 万 display, white …)
    m = _SHOWN_NUMBER.match(text)
    if m is None:
        return text  # 3150万吨, 增长6.2%: the text says more than the number
    decimals = len(m.group(1) or "")
    shown = float(text.replace(",", ""))
    if round(stored, decimals) == shown:
        return stored
    # A format the page does not name shows another number than the one stored (4120 for 4120000000):
    # neither can be trusted, so the cell says so and is refused as not a number.
    return f"{text}（网页显示值与存储值{cell.num}不一致）"


def read_html(path: Path, data: bytes, *, max_rows: int) -> list[RawSheet]:
    """One sheet per top-level table of the page (see the module's docstring)."""
    text = _decode(data)
    parser = _Tables()
    parser.feed(text)
    parser.close()
    if not any(parser.tables):
        what = (
            "多个工作表的网页（框架页），各工作表的数据不在这个文件里"
            if parser.frames
            else "网页，但其中没有表格"
        )
        raise FileRejected(
            Code.FILE_UNSUPPORTED_TYPE,
            f"文件扩展名为 {path.suffix or '（无）'}，内容是{what}，无法读取。"
            "请用Excel或WPS打开后“另存为”Excel工作簿（.xlsx）再报送。",
            "html frameset" if parser.frames else "html without a table",
        )
    named = [html.unescape(m).strip() for m in _SHEET_NAME.findall(text)]
    classes = _class_formats("".join(parser.css))
    tables = [(rows, name) for rows, name in zip(parser.tables, parser.names, strict=True) if rows]
    sheets: list[RawSheet] = []
    seen: set[str] = set()
    for k, (rows, heading) in enumerate(tables):
        # Unnamed: Sheet1, Sheet2 … as office software names them (never the file name, which the desk
        # and the inbox spell differently for the same page).
        name = heading or (named[k] if len(named) == len(tables) else None) or f"Sheet{k + 1}"
        while name in seen:
            name += "'"
        seen.add(name)
        sheets.append(_sheet(name, rows, max_rows, classes))
    return sheets


def _sheet(name: str, rows: list[list[_Cell]], max_rows: int, classes: dict[str, str]) -> RawSheet:
    """A table's rows as a grid: spans taken into account, hidden cells blanked."""
    grid: list[list[Any]] = []
    merges: list[tuple[tuple[int, int], tuple[int, int]]] = []
    formats: dict[tuple[int, int], str] = {}
    hidden_rows: list[int] = []
    hidden_at: str | None = None
    taken: set[tuple[int, int]] = set()
    if len(rows) > max_rows:
        raise FileRejected(
            Code.FILE_TOO_MANY_ROWS,
            f"文件有 {len(rows)} 行，超过上限 {max_rows} 行。请只保留需要报送的数据后重新报送。",
            f"{len(rows)} rows > {max_rows}",
        )
    for at, row in enumerate(rows):
        while len(grid) <= at:
            grid.append([])
        c = 0
        for cell in row:
            while (at, c) in taken:
                c += 1
            fmt = cell.fmt or next((classes[k] for k in cell.classes if k in classes), None)
            value = _value(cell, fmt)
            if isinstance(value, float) and fmt and format_kind(fmt) in MATTERS - {"date"}:
                formats[(at, c)] = fmt
            if cell.hidden and value != "":
                hidden_at = hidden_at or cell_address(at, c)
                if all(x.hidden for x in row) and at not in hidden_rows:
                    hidden_rows.append(at)
                value = ""
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((at + dr, c + dc))
            if len(taken) > _MAX_CELLS:
                raise FileRejected(
                    Code.FILE_TOO_LARGE,
                    "网页表格的合并单元格过大（行列跨度异常），无法读取。请另存为Excel工作簿（.xlsx）再报送。",
                    f"> {_MAX_CELLS} cells spanned",
                )
            if cell.rowspan > 1 or cell.colspan > 1:
                end = (at + cell.rowspan - 1, c + cell.colspan - 1)
                merges.append(((at, c), end))
                number = value if isinstance(value, float) else _plain_number(value)
                if (
                    number is not None
                ):  # one number over two counties or months: no one cell's (as in a workbook)
                    value = MergedValue(number, span=f"{cell_address(at, c)}:{cell_address(*end)}")
            put_cell(grid, at, c, value)
            c += cell.colspan
    last = min(max((r for r, _ in taken), default=-1), max_rows)
    while len(grid) <= last:
        grid.append([])
    width = max((len(r) for r in grid), default=0)
    grid = [r + [""] * (width - len(r)) for r in grid]
    return RawSheet(name, grid, merges, formats, hidden_rows=hidden_rows, hidden_at=hidden_at)


def _plain_number(text: Any) -> float | None:
    """``text`` as a number when it is one as shown (3,550.2), else None."""
    if isinstance(text, str) and _SHOWN_NUMBER.match(text):
        return float(text.replace(",", ""))
    return None


def put_cell(grid: list[list[Any]], r: int, c: int, value: Any) -> None:
    """``grid[r][c] = value``, growing the grid (rows and the row) as needed."""
    while len(grid) <= r:
        grid.append([])
    row = grid[r]
    if len(row) <= c:
        row.extend([""] * (c + 1 - len(row)))
    row[c] = value


def cell_address(r: int, c: int) -> str:
    """0-based (row, column) → ``B12``."""
    return f"{column_letter(c)}{r + 1}"
