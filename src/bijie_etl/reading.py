"""Reading department files into rows (contract: docs/ARCHITECTURE.md, section reading.py).

``read_file`` opens xlsx/xls (python-calamine, see ``_excel``) and csv (``_csv``), finds the
header of every visible sheet below up to ten title rows (one row, or two rows with merged
group cells such as ``累计`` over ``本期 | 上年同期 | 增长%``), maps header words to canonical
fields with ``sources/headers.yaml`` and returns the data rows as read: numbers stay numbers,
text stays text (trimmed and NFKC-normalised in the text columns), blanks are ``None``. Parsing
"1,234.5" or "12%" is validation's job; :func:`parse_number` and :func:`parse_period` are the
shared helpers for it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd
import yaml

from bijie_etl._csvfile import read_csv
from bijie_etl._excel import Grid, RawSheet, read_workbook, sniff
from bijie_etl.errors import Code, Failure, FileRejected, Severity
from bijie_etl.settings import Settings
from bijie_etl.text import normalize_name, normalize_text

__all__ = [
    "FIELDS",
    "INVALID",
    "TEXT_FIELDS",
    "FileRead",
    "HeaderSpec",
    "SheetRows",
    "column_letter",
    "header_key",
    "load_header_spec",
    "parse_number",
    "parse_period",
    "period_from_text",
    "read_file",
]

#: Canonical fields in template order (see docs/ARCHITECTURE.md).
FIELDS: Final[tuple[str, ...]] = (
    "indicator_code", "indicator_name", "unit", "period", "county",
    "value_month", "value_ytd", "value_ytd_prior", "growth_pct", "value", "note",
)  # fmt: skip
#: Fields whose text cells are normalised (NFKC, trimmed, inner spaces collapsed).
TEXT_FIELDS: Final = frozenset({"indicator_code", "indicator_name", "unit", "period", "county", "note"})
_IDENTITY = ("indicator_name", "indicator_code", "county")


@dataclass
class SheetRows:
    """The data rows of one sheet, with the Excel column of each canonical field."""

    sheet: str  # sheet name ("" for csv -> use the file stem)
    header_row: int  # 1-based Excel row of the last header row
    columns: dict[str, str]  # canonical field -> Excel column letter ("A", "G", "AA")
    rows: pd.DataFrame  # column "row" (int, 1-based Excel row) + one column per canonical field present
    warnings: list[Failure] = field(default_factory=list)  # e.g. NOTE_IGNORED for skipped 注：rows


@dataclass
class FileRead:
    """Everything read from one file, before validation."""

    path: Path
    sheets: list[SheetRows]
    title: str | None = None  # text found above the header (title/subtitle rows)
    period_hint: date | None = (
        None  # from title ("2024年1-6月" -> 2024-06-01), header group cells, or file name
    )
    department_hint: str | None = None  # a 填报单位 cell, raw text


# --------------------------------------------------------------------------------------------
# Header vocabulary (sources/headers.yaml)

_DASHES = re.compile(r"[—–－~～至‐‑−]+")


@lru_cache(maxsize=8192)  # header words repeat across thousands of files
def header_key(value: str) -> str:
    """The comparison key of a header cell: normalize_name plus every dash turned into ``-``."""
    return _DASHES.sub("-", normalize_name(value))


@dataclass(frozen=True)
class _Group:
    words: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    sub: dict[str, str]  # header key -> field

    def matches(self, key: str) -> bool:
        return key in self.words or any(p.search(key) for p in self.patterns)


@dataclass(frozen=True)
class HeaderSpec:
    """The declarative part of reading, loaded from ``sources/headers.yaml``."""

    scan_rows: int
    words: dict[str, str]  # header key -> field
    patterns: tuple[tuple[re.Pattern[str], str], ...]
    groups: tuple[_Group, ...]
    note_prefixes: tuple[str, ...]
    note_initials: frozenset[str]
    department_labels: tuple[str, ...]
    missing_markers: frozenset[str]

    def field_of(self, cell: str) -> str | None:
        """The canonical field a one-row header cell names, or None."""
        key = header_key(cell)
        hit = self.words.get(key)
        if hit is None:
            hit = next((f for p, f in self.patterns if p.search(key)), None)
        return hit

    def group_of(self, cell: str) -> _Group | None:
        key = header_key(cell)
        return next((g for g in self.groups if g.matches(key)), None)

    def is_header_word(self, cell: str) -> bool:
        key = header_key(cell)
        return self.field_of(cell) is not None or any(key in g.sub or g.matches(key) for g in self.groups)


@lru_cache(maxsize=8)
def load_header_spec(path: Path) -> HeaderSpec:
    """Parse ``headers.yaml`` (cached per path)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    words = {header_key(w): f for f, ws in raw["fields"].items() for w in ws}
    patterns = tuple((re.compile(p), f) for f, ps in (raw.get("field_patterns") or {}).items() for p in ps)
    groups = tuple(
        _Group(
            frozenset(header_key(w) for w in g["headers"]),
            tuple(re.compile(p) for p in g.get("patterns", []) or []),
            {header_key(w): f for f, ws in g["sub"].items() for w in ws},
        )
        for g in raw["groups"].values()
    )
    return HeaderSpec(
        scan_rows=int(raw.get("scan_rows", 12)),
        words=words,
        patterns=patterns,
        groups=groups,
        note_prefixes=tuple(header_key(p) for p in raw["note_prefixes"]),
        note_initials=frozenset(header_key(p)[:1] for p in raw["note_prefixes"]),
        department_labels=tuple(raw["department_labels"]),
        missing_markers=frozenset(normalize_text(m).lower() for m in raw["missing_markers"]),
    )


def _default_spec() -> HeaderSpec:
    from bijie_etl.settings import PROJECT_ROOT

    return load_header_spec(PROJECT_ROOT / "sources" / "headers.yaml")


# --------------------------------------------------------------------------------------------
# Parsing helpers shared with validation


class _Invalid:
    """Marker for a cell that holds something, but not a number."""

    _instance: _Invalid | None = None

    def __new__(cls) -> _Invalid:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "INVALID"

    def __bool__(self) -> bool:
        return False


INVALID: Final = _Invalid()
_NUMBER_JUNK = re.compile(r"[,\s]")


def parse_number(raw: object, spec: HeaderSpec | None = None) -> float | _Invalid | None:
    """A cell as a number: ``None`` when missing (blank or a marker like —, /, 空), ``INVALID`` when not a number.

    Accepts numbers, and text with thousands separators, a trailing ``%`` (kept in percent
    points), surrounding spaces and full-width digits: ``" １,234.5 "`` → 1234.5, ``"12%"`` → 12.0.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        return INVALID
    if isinstance(raw, int | float | np.integer | np.floating):
        value = float(raw)
        return None if value != value else value  # NaN is missing
    if not isinstance(raw, str):
        return INVALID
    text = normalize_text(raw)
    if not text or text.lower() in (spec or _default_spec()).missing_markers:
        return None
    text = _NUMBER_JUNK.sub("", text)
    if text.endswith("%"):
        text = text[:-1]
    try:
        return float(text)
    except ValueError:
        return INVALID


_CN_NUM = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "十一": 11,
    "十二": 12,
}
_CN = "(十一|十二|一|二|三|四|五|六|七|八|九|十|\\d{1,2})"
_PERIOD_PATTERNS: tuple[tuple[re.Pattern[str], Any], ...] = (
    (re.compile(rf"(20\d{{2}})年?1-{_CN}月"), lambda m: m.group(2)),
    (re.compile(rf"(20\d{{2}})年(?:度)?{_CN}月"), lambda m: m.group(2)),
    (re.compile(r"(20\d{2})年(?:度)?上半年"), lambda m: 6),
    (re.compile(r"(20\d{2})年(?:度)?前三季度"), lambda m: 9),
    (re.compile(r"(20\d{2})年(?:度)?(?:第)?([一二三四])季度"), lambda m: 3 * _CN_NUM[m.group(2)]),
    (re.compile(r"(20\d{2})年(?:度)?(?:全年|下半年)"), lambda m: 12),
    (re.compile(r"(?<!\d)(20\d{2})[-_./](\d{1,2})(?!\d)"), lambda m: m.group(2)),
    (re.compile(r"(?<!\d)(20\d{2})(0[1-9]|1[0-2])(?!\d)"), lambda m: m.group(2)),
)


def period_from_text(text: str) -> date | None:
    """The month a title or file name speaks of, as its first day (``2024年1-6月`` → 2024-06-01).

    Understands ``2024年6月``, ``2024年1—6月``, ``2024年上半年`` (June), ``2024年一季度`` (March),
    ``2024-06``, ``2024_6``, ``202406``; None when nothing matches.
    """
    key = _DASHES.sub("-", normalize_name(text))
    for pattern, month_of in _PERIOD_PATTERNS:
        m = pattern.search(key)
        if m:
            raw_month = month_of(m)
            month = raw_month if isinstance(raw_month, int) else _CN_NUM.get(raw_month) or int(raw_month)
            if 1 <= month <= 12:
                return date(int(m.group(1)), month, 1)
    return None


def parse_period(raw: object) -> date | None:
    """A 统计期 cell as the first day of its month: date/datetime cells, ``202406``, or text as in :func:`period_from_text`."""
    if isinstance(raw, datetime):
        return date(raw.year, raw.month, 1)
    if isinstance(raw, date):
        return raw.replace(day=1)
    if isinstance(raw, int | float) and not isinstance(raw, bool) and raw == raw:
        return period_from_text(str(int(raw)))
    if isinstance(raw, str):
        return period_from_text(raw)
    return None


def column_letter(index: int) -> str:
    """0-based column index → Excel letters (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# --------------------------------------------------------------------------------------------
# Header detection


def _cell_text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


@dataclass
class _Header:
    first_row: int  # 0-based index of the first header row
    last_row: int  # 0-based index of the last header row
    columns: dict[str, int]  # field -> 0-based column


def _identity_columns(row: list[Any], spec: HeaderSpec) -> dict[str, int]:
    found: dict[str, int] = {}
    for j, value in enumerate(row):
        text = _cell_text(value)
        if text:
            f = spec.field_of(text)
            if f is not None and f not in found:
                found[f] = j
    return found


def _top_cells(grid: Grid, r: int, merges: list[tuple[tuple[int, int], tuple[int, int]]]) -> list[str]:
    """Row ``r`` as text with horizontal merges filled from their top-left cell."""
    top = [_cell_text(v) for v in grid[r]]
    for (r0, c0), (r1, c1) in merges:
        if r0 <= r <= r1 and c1 > c0:
            value = _cell_text(grid[r0][c0])
            for c in range(c0, min(c1, len(top) - 1) + 1):
                top[c] = value
    return top


def _combine(top: list[str], bottom: list[str], spec: HeaderSpec) -> dict[str, int]:
    columns: dict[str, int] = {}
    group = None
    for j, (up, down) in enumerate(zip(top, bottom, strict=False)):
        if up:
            group = spec.group_of(up)
        elif not down:
            group = None
        if not down:
            f = spec.field_of(up) if up else None
        elif up or group is not None:
            g = spec.group_of(up) if up else group
            f = g.sub.get(header_key(down)) if g is not None else spec.field_of(down)
        else:
            f = spec.field_of(down)
        if f is not None and f not in columns:
            columns[f] = j
    return columns


def _find_header(sheet: RawSheet, spec: HeaderSpec) -> _Header | None:
    grid = sheet.grid
    for r in range(min(spec.scan_rows, len(grid))):
        found = _identity_columns(grid[r], spec)
        if len(found) < 2 or not any(f in found for f in _IDENTITY):
            continue
        ident = {found[f] for f in _IDENTITY if f in found}
        # Two-row header, group cells on this row and words below (累计 over 本期|上年同期|增长%).
        if r + 1 < len(grid):
            below = grid[r + 1]
            texts = [v for v in below if v != "" and v is not None]
            if (
                texts
                and all(isinstance(v, str) for v in texts)
                and any(spec.is_header_word(v) for v in texts)
                and all(_cell_text(below[j]) == "" for j in ident)
            ):
                cols = _combine(_top_cells(grid, r, sheet.merges), [_cell_text(v) for v in below], spec)
                return _Header(r, r + 1, cols)
        # Two-row header, group cells on the row above (only over non-identity columns).
        if r > 0:
            above = _top_cells(grid, r - 1, sheet.merges)
            used = [j for j, t in enumerate(above) if t]
            if used and not ident & set(used) and any(spec.group_of(above[j]) for j in used):
                return _Header(r - 1, r, _combine(above, [_cell_text(v) for v in grid[r]], spec))
        return _Header(r, r, _combine([_cell_text(v) for v in grid[r]], [""] * len(grid[r]), spec))
    return None


# --------------------------------------------------------------------------------------------
# Rows


def _is_note(text: str, spec: HeaderSpec) -> bool:
    head = text.lstrip()[:1]
    if not head or unicodedata.normalize("NFKC", head).lower() not in spec.note_initials:
        return False  # cheap test first: this runs once per data row
    return header_key(text).startswith(spec.note_prefixes)


def _department_in(row: list[Any], spec: HeaderSpec) -> str | None:
    for j, value in enumerate(row):
        text = normalize_text(value) if isinstance(value, str) else ""
        for label in spec.department_labels:
            if text.startswith(label):
                rest = text[len(label) :].lstrip(" :：")
                if rest:
                    return rest.split(" ")[0]
                nxt = next(
                    (normalize_text(v) for v in row[j + 1 :] if isinstance(v, str) and v.strip()), None
                )
                if nxt:
                    return nxt
    return None


def _sheet_rows(
    sheet: RawSheet, header: _Header, spec: HeaderSpec, file_name: str
) -> tuple[SheetRows, str | None]:
    body = sheet.grid[header.last_row + 1 :]
    warnings: list[Failure] = []
    department: str | None = None
    order = [f for f in FIELDS if f in header.columns]
    if body:
        values = np.array(body, dtype=object)
        first_body = header.last_row + 1
        for (r0, c0), (r1, c1) in sheet.merges:
            # A cell merged down a column inside the table (区县 spanning its indicators' rows)
            # applies to every row it covers.
            if c0 == c1 and r1 > r0 >= first_body:
                values[r0 + 1 - first_body : r1 + 1 - first_body, c0] = values[r0 - first_body, c0]
        filled = values != ""  # calamine and csv give "" (never None) for an empty cell
        has_any = filled.any(axis=1)
        first_col = filled.argmax(axis=1)
        firsts = values[np.arange(len(body)), first_col]
        end = len(body)
        for i in np.flatnonzero(has_any):
            first = firsts[i]
            if isinstance(first, str) and _is_note(first, spec):
                end = int(i)
                break
        for i in np.flatnonzero(has_any[end:]) + end:
            row_no = header.last_row + 2 + int(i)
            text = str(firsts[i]).strip()
            department = department or _department_in(body[i], spec)
            warnings.append(
                Failure(
                    code=Code.NOTE_IGNORED,
                    message_zh=f"表格下方的说明行已忽略，不作为数据读取：“{text[:60]}”。",
                    file=file_name,
                    sheet=sheet.name,
                    cell=f"{column_letter(int(first_col[i]))}{row_no}",
                    row_number=row_no,
                    value=text,
                    severity=Severity.WARNING,
                )
            )
        cols = [header.columns[f] for f in order]
        data = values[:end][:, cols] if cols else values[:end, :0]
        keep = filled[:end][:, cols].any(axis=1) if cols else np.zeros(end, bool)
        data = data[keep]
        row_numbers = np.flatnonzero(keep) + header.last_row + 2
    else:
        data = np.empty((0, len(order)), dtype=object)
        row_numbers = np.empty(0, dtype=np.int64)
    # One object block for the fields, built column-wise; only text columns get per-cell work.
    data[data == ""] = None
    for k, fname in enumerate(order):
        if fname in TEXT_FIELDS:
            data[:, k] = [(normalize_text(v) or None) if isinstance(v, str) else v for v in data[:, k]]
        else:
            data[:, k] = [None if isinstance(v, str) and not v.strip() else v for v in data[:, k]]
    # An object-dtype Index keeps pandas from building an Arrow string index (2-3x slower here).
    rows = pd.DataFrame(data, columns=pd.Index(order, dtype=object), dtype=object, copy=False)
    rows.insert(0, "row", row_numbers.astype(np.int64))
    letters: dict[str, str] = {f: column_letter(header.columns[f]) for f in order}
    return SheetRows(sheet.name, header.last_row + 1, letters, rows, warnings), department


def _title_and_department(sheet: RawSheet, header: _Header, spec: HeaderSpec) -> tuple[list[str], str | None]:
    lines: list[str] = []
    department = None
    for row in sheet.grid[: header.first_row]:
        cells = [normalize_text(v) for v in row if isinstance(v, str) and v.strip()]
        if cells:
            lines.append(" ".join(cells))
            department = department or _department_in(row, spec)
    return lines, department


# --------------------------------------------------------------------------------------------
# Entry point


def _period_hint(lines: list[str]) -> date | None:
    """The first period named in the title lines, ignoring 填报日期-style date lines."""
    for line in lines:
        if "日期" not in line:
            found = period_from_text(line)
            if found:
                return found
    return None


def read_file(path: Path, settings: Settings) -> FileRead:
    """Read every sheet of ``path`` that has a recognisable header.

    Raises :class:`~bijie_etl.errors.FileRejected` for file-level problems: FILE_EMPTY,
    FILE_TOO_LARGE (bytes, or the zip's uncompressed size, checked before decoding),
    FILE_ENCRYPTED, FILE_UNREADABLE, FILE_UNSUPPORTED_TYPE, FILE_TOO_MANY_ROWS, FILE_NO_HEADER.
    """
    path = Path(path)
    spec = load_header_spec(settings.sources_dir / "headers.yaml")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FileRejected(Code.FILE_UNREADABLE, "文件无法打开（不存在或没有读取权限）。", str(exc)) from None
    if size == 0:
        raise FileRejected(Code.FILE_EMPTY, "文件是空的（0 字节）。请填写数据后重新报送。", "0 bytes")
    if size > settings.max_file_bytes:
        raise FileRejected(
            Code.FILE_TOO_LARGE,
            f"文件过大（{size / 1024 / 1024:.1f} MB，上限 {settings.max_file_bytes / 1024 / 1024:.0f} MB）。请只保留需要报送的工作表后重新报送。",
            f"{size} bytes > {settings.max_file_bytes}",
        )
    with path.open("rb") as fh:
        head = fh.read(512)
    container = sniff(path, head, max_uncompressed_bytes=settings.max_uncompressed_bytes)
    if container.kind == "text":
        raw_sheets = read_csv(path, path.read_bytes(), max_rows=settings.max_rows_per_sheet)
    else:
        raw_sheets = read_workbook(path, max_rows=settings.max_rows_per_sheet)
    if not any(any(v != "" and v is not None for v in row) for s in raw_sheets for row in s.grid):
        raise FileRejected(
            Code.FILE_EMPTY,
            "文件中没有任何数据（所有工作表都是空的）。请填写数据后重新报送。",
            "all sheets empty",
        )

    sheets: list[SheetRows] = []
    titles: list[str] = []
    header_texts: list[str] = []
    department: str | None = None
    note_department: str | None = None
    for raw in raw_sheets:
        header = _find_header(raw, spec)
        if header is None:
            continue
        lines, dept = _title_and_department(raw, header, spec)
        rows, note_dept = _sheet_rows(raw, header, spec, path.name)
        sheets.append(rows)
        titles.extend(t for t in lines if t not in titles)
        header_texts.extend(
            v
            for row in raw.grid[header.first_row : header.last_row + 1]
            for v in row
            if isinstance(v, str) and v.strip()
        )
        department = department or dept
        note_department = note_department or note_dept
    if not sheets:
        names = "、".join(f"“{s.name}”" for s in raw_sheets)
        raise FileRejected(
            Code.FILE_NO_HEADER,
            f"在工作表{names}的前 {spec.scan_rows} 行中没有找到表头（需要“指标名称”或“指标代码”等列名，以及“计量单位”“1-本月累计”等）。请使用标准模板填报。",
            "no header row found",
        )
    title = "\n".join(titles) or None
    # The title first, then group cells of the header ("2024年1-6月" over 本月|累计), then the file name.
    period = _period_hint(titles) or _period_hint(header_texts) or period_from_text(path.stem)
    return FileRead(
        path=path,
        sheets=sheets,
        title=title,
        period_hint=period,
        department_hint=department or note_department,
    )
