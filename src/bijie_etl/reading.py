"""Reading department files into rows (contract: docs/ARCHITECTURE.md, section reading.py).

``read_file`` opens xlsx/xls (python-calamine, see ``_excel``) and csv (``_csv``), finds the
header of every visible sheet below up to ten title rows (one row, or two rows with merged
group cells such as ``累计`` over ``本期 | 上年同期 | 增长%``), maps header words to canonical
fields with ``sources/headers.yaml`` and returns the data rows as read: numbers stay numbers,
text stays text (trimmed and NFKC-normalised in the text columns, except indicator names: kept as typed for messages), blanks are ``None``. Parsing
"1,234.5" or "12%" is validation's job; :func:`parse_number` and :func:`parse_period` are the
shared helpers for it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from bijie_etl._csvfile import read_csv
from bijie_etl._excel import Grid, RawSheet, read_workbook, sniff
from bijie_etl._headers import (
    INVALID,
    HeaderSpec,
    column_letter,
    header_key,
    load_header_spec,
    parse_number,
    parse_period,
    period_from_text,
)
from bijie_etl.errors import Code, Failure, FileRejected, Severity
from bijie_etl.settings import Settings
from bijie_etl.text import normalize_text

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
    #: Values stated once for the whole table, with the cell that states them: a "单位：万吨" line
    #: above the header gives ``{"unit": "E2"}`` and fills the ``unit`` of rows that have none.
    fixed_cells: dict[str, str] = field(default_factory=dict)


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


@lru_cache(maxsize=1 << 14)
def _text_cell(value: str) -> str | None:
    """A text cell of a text field, normalised (``None`` when blank).

    Cached: the same indicator names, units, counties and periods recur in every file.
    """
    return normalize_text(value) or None


@lru_cache(maxsize=256)
def _columns_index(order: tuple[str, ...]) -> pd.Index:
    # An object-dtype Index keeps pandas from building an Arrow string index (2-3x slower here);
    # Index objects are immutable, so frames of the same shape share one.
    return pd.Index(order, dtype=object)


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
            if fname == "indicator_name":  # kept as typed: messages quote it, validation matches it
                data[:, k] = [(v.strip() or None) if isinstance(v, str) else v for v in data[:, k]]
            else:
                data[:, k] = [_text_cell(v) if isinstance(v, str) else v for v in data[:, k]]
        else:
            data[:, k] = [None if isinstance(v, str) and not v.strip() else v for v in data[:, k]]
    rows = pd.DataFrame(data, columns=_columns_index(tuple(order)), dtype=object, copy=False)
    rows.insert(0, "row", row_numbers.astype(np.int64))
    if sheet.formats:
        _add_formats(rows, sheet, header, order)
    letters: dict[str, str] = {f: column_letter(header.columns[f]) for f in order}
    return SheetRows(sheet.name, header.last_row + 1, letters, rows, warnings), department


def _add_formats(rows: pd.DataFrame, sheet: RawSheet, header: _Header, order: list[str]) -> None:
    """``fmt:<field>`` columns: the number format of each value cell that has one that matters."""
    numbers = rows["row"].tolist()
    for fname in order:
        if fname in TEXT_FIELDS:
            continue
        j = header.columns[fname]
        found = [sheet.formats.get((r - 1, j)) for r in numbers]
        if any(found):
            rows[f"fmt:{fname}"] = pd.Series(found, index=rows.index, dtype=object)


#: "单位：万吨" / "计量单位:万元" in a title row (but not "填报单位：市能源局").
_TABLE_UNIT = re.compile(r"(?<!填报)(?<!报送)(?:计量)?单位\s*[:：]\s*([^\s,，;；()（）]+)")


def _table_unit(sheet: RawSheet, header: _Header, units: Any) -> tuple[str, str] | None:
    """A unit stated once above the header, with its cell, when it is a unit the catalog knows."""
    for r, row in enumerate(sheet.grid[: header.first_row]):
        for c, value in enumerate(row):
            if isinstance(value, str) and "单位" in value:
                m = _TABLE_UNIT.search(normalize_text(value))
                if m and units.canonical(m.group(1)) is not None:
                    return m.group(1), f"{column_letter(c)}{r + 1}"
    return None


def _apply_table_unit(rows: SheetRows, unit: tuple[str, str]) -> None:
    """Give rows without a unit the table's unit, remembering where it was stated."""
    text, cell = unit
    if "unit" in rows.rows.columns:
        rows.rows["unit"] = rows.rows["unit"].where(rows.rows["unit"].notna(), text)
    else:
        rows.rows["unit"] = pd.Series([text] * len(rows.rows), index=rows.rows.index, dtype=object)
    rows.fixed_cells["unit"] = cell


#: A header label with its unit in brackets: "本月（万元）", "1-6月累计(亿元)", "本期值（单位：万吨）".
_LABEL_UNIT = re.compile(r"^(.+?)\s*[(\[【]\s*(?:计量)?(?:单位\s*[:：]?)?\s*([^()\[\]【】]+?)\s*[)\]】]$")
#: Value fields whose column may state its own unit (a growth column's "(%)" is part of its name).
_UNIT_FIELDS = ("value_month", "value_ytd", "value_ytd_prior", "value")


def _header_units(
    sheet: RawSheet, spec: HeaderSpec, units: Any
) -> tuple[RawSheet, dict[tuple[int, int], str]]:
    """The sheet's head with units taken off header labels, and ``{(row, col): unit}`` of those labels.

    "本月（万元）" is read as the header word "本月" for a column whose values are in 万元. Only a
    bracket holding a unit the registry knows (other than %) is taken off; the grid itself keeps
    the text as typed (messages quote it).
    """
    found: dict[tuple[int, int], str] = {}
    head = sheet.grid[: spec.scan_rows + 1]
    clean: list[list[Any]] | None = None
    for r, row in enumerate(head):
        for c, value in enumerate(row):
            if not isinstance(value, str) or not (
                "(" in value or "（" in value or "【" in value or "[" in value
            ):
                continue
            m = _LABEL_UNIT.match(normalize_text(value))
            if not m:
                continue
            unit = units.canonical(m.group(2))
            if unit is None or unit == "%":
                continue
            if clean is None:
                clean = [list(x) for x in head]
            clean[r][c] = m.group(1)
            found[(r, c)] = m.group(2)
    if clean is None:
        return sheet, {}
    return RawSheet(sheet.name, clean, sheet.merges, sheet.formats), found


def _apply_column_units(
    rows: SheetRows, sheet: RawSheet, header: _Header, found: dict[tuple[int, int], str]
) -> None:
    """``unit:<field>`` for each value column whose header cell (or the merged group above it) states a unit."""
    by_column: dict[int, tuple[str, str]] = {}
    for (r, c), unit in sorted(found.items()):
        if not header.first_row <= r <= header.last_row:
            continue
        covered = [c]
        for (r0, c0), (_r1, c1) in sheet.merges:
            if (r0, c0) == (r, c):
                covered = list(range(c0, c1 + 1))
        for col in covered:
            by_column[col] = (unit, f"{column_letter(c)}{r + 1}")  # the lower row wins: it is more specific
    for fname in _UNIT_FIELDS:
        where = header.columns.get(fname)
        if where is None or where not in by_column or fname not in rows.rows.columns:
            continue
        unit, cell = by_column[where]
        rows.rows[f"unit:{fname}"] = pd.Series([unit] * len(rows.rows), index=rows.rows.index, dtype=object)
        rows.fixed_cells[f"unit:{fname}"] = cell


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


@lru_cache(maxsize=4)
def _unit_registry(path: Path) -> Any:
    from bijie_etl.units import load_units

    return load_units(path)


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
    units = _unit_registry(settings.schemas_dir / "units.yaml")
    for raw in raw_sheets:
        detect, header_units = _header_units(raw, spec, units)
        header = _find_header(detect, spec)
        if header is None:
            continue
        lines, dept = _title_and_department(raw, header, spec)
        rows, note_dept = _sheet_rows(raw, header, spec, path.name)
        if header_units:
            _apply_column_units(rows, raw, header, header_units)
        if header.first_row > 0:
            table_unit = _table_unit(raw, header, units)
            if table_unit:
                _apply_table_unit(rows, table_unit)
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
