"""Tables on a sheet: the header block, one header path per column, and each column's role.

A careful reader of a department sheet finds, below any title rows, a header block of one to
three rows (plus, on official forms, a column-number row 甲 乙 1 2 3 and sometimes a 计量单位
row), reads each column's labels top to bottom with merged cells carried across and down
(``本年 › 1-6月累计``), takes units in brackets off the labels, and then reads the body until a
note row (注：…), the end of the sheet or the next table stacked below (a blank row, a new title
and header). :func:`find_tables` does exactly that and returns :class:`Table` objects; what the
columns mean comes from the roles grammar (:mod:`bijie_etl.ingest.grammar`), how the body becomes
canonical rows from :mod:`bijie_etl.ingest.layouts`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from itertools import pairwise
from typing import Any

from bijie_etl.ingest.excel import RawSheet
from bijie_etl.ingest.grammar import Grammar, Label, Role, combine
from bijie_etl.ingest.header_cells import header_labels
from bijie_etl.ingest.header_lines import is_numbering_row, is_unit_row, labels_follow, unbracketed
from bijie_etl.ingest.headers import (
    CHANGE_UNSTATED,
    GROWTH_INDEX,
    HeaderSpec,
    column_letter,
    header_key,
    parse_number,
)
from bijie_etl.ingest.month_roles import as_month, month_sheet, month_title
from bijie_etl.ingest.names import find_target
from bijie_etl.ingest.side_titles import block_titles, side_by_side
from bijie_etl.text import normalize_text

__all__ = ["Column", "Table", "Vocabulary", "find_tables"]

#: Identity fields that can anchor a header row.
ANCHORS = frozenset({"indicator_name", "indicator_code", "county", "period"})
MAX_HEADER_ROWS = 3


@dataclass
class Vocabulary:
    """Everything a label can be compared with: the grammar, counties, the catalog and units."""

    grammar: Grammar
    spec: HeaderSpec
    catalog: Any = None  # bijie_etl.catalog.Catalog (indicator labels, county names)
    units: Any = None  # bijie_etl.units.UnitRegistry
    _cache: dict[str, Label] = field(default_factory=dict)
    _targets: dict[str, Any] = field(default_factory=dict)
    _columns: dict[Any, list[Column]] = field(default_factory=dict)
    #: A row's cells → :func:`_anchor_row` of it (header rows recur in every file of a department).
    _anchors: dict[tuple[Any, ...], bool] = field(default_factory=dict)
    _idents: dict[tuple[Any, ...], frozenset[int]] = field(default_factory=dict)  # see _identity_columns
    #: First-column texts typed without surrounding space that are no note (:func:`_plain_rows`; pure given the spec).
    _plain_firsts: set[str] = field(default_factory=set)
    #: (said, placed) → {(code, name, unit) → where a lone figure goes} (layouts._plan_lone; pure given the catalog and units).
    _lone_dests: dict[Any, dict[Any, str | None]] = field(default_factory=dict)

    def label(self, value: Any) -> Label:
        """The grammar's reading of one header cell (cached: header words recur in every file)."""
        if not isinstance(value, str):
            if value is None or value == "":
                return Label("", "blank")
            return Label(str(value), "unknown")
        hit = self._cache.get(value)
        if hit is None and value.strip().startswith("其中") and len(value.strip()) > 3:
            hit = self._cache[value] = self.label(value.strip()[2:].lstrip(":：　 "))  # 其中：七星关区
        if hit is None:
            counties = self.catalog.county if self.catalog is not None else None
            hit = self.grammar.label(value, counties=counties, catalog=self.catalog, units=self.units)
            if len(self._cache) > 20000:
                self._cache.clear()
            self._cache[value] = hit
        return hit

    def find_indicator(self, text: str) -> Any:
        """The catalog target a row label names (numbering, 其中, footnote marks set aside as validation does), or None."""
        if self.catalog is None or not text:
            return None
        try:
            return self._targets[text]
        except KeyError:
            pass
        found = find_target(self.catalog, text)
        if len(self._targets) > 20000:
            self._targets.clear()
        self._targets[text] = found
        return found


@dataclass
class Column:
    """One column of a table: its header path and what it holds."""

    index: int  # 0-based
    path: tuple[str, ...]  # labels as typed, top to bottom (merged cells carried, repeats collapsed)
    cells: tuple[str, ...]  # the header cell of each label ("D3"; top-left of a merged range)
    role: Role
    unit: str | None = None  # unit of the values, from a bracket in a label or a unit row
    unit_cell: str | None = None

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    @property
    def header_cell(self) -> str:
        """The cell of the lowest label (the one that names the column most precisely)."""
        return self.cells[-1] if self.cells else f"{self.letter}1"

    @property
    def label(self) -> str:
        return " › ".join(self.path)


@dataclass
class Table:
    """One table on a sheet (0-based rows; ``body_end`` exclusive)."""

    sheet: str
    title_start: int
    first_header: int
    last_header: int  # last row of the header block, incl. a column-number or unit row
    body_start: int
    body_end: int
    columns: list[Column]
    title: list[str] = field(default_factory=list)
    title_cells: list[tuple[str, str]] = field(default_factory=list)  # (text, cell) of each title line
    #: Columns (first, end exclusive) the title lines were read over: a table beside another with a title of its own.
    title_columns: tuple[int, int] | None = None
    note_rows: list[int] = field(default_factory=list)  # 0-based rows of notes under the body
    numbering_row: int | None = None
    unit_row: int | None = None
    merges: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list, repr=False)
    repeated_header_rows: set[int] = field(default_factory=set)  # 0-based body rows repeating the header
    formats: dict[tuple[int, int], str] = field(default_factory=dict, repr=False)  # see RawSheet.formats

    def identity(self, fld: str) -> Column | None:
        return next((c for c in self.columns if c.role.kind == "identity" and c.role.field == fld), None)

    @property
    def value_columns(self) -> list[Column]:
        return [c for c in self.columns if c.role.kind == "value"]


# --------------------------------------------------------------------------------------------
# Header rows


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _anchor_row(row: list[Any], vocab: Vocabulary) -> bool:
    """A row that can be the identity row of a header: an anchor label and another known label.

    A number among the labels makes it a data row; numbers only to the right of every label
    (junk filled out beside a header, up to column XFD) do not: those columns are ignored with a
    warning when the table is read. Remembered per row content (the answer depends on nothing else).
    """
    return _per_row(vocab._anchors, 8192, row, vocab, _anchor_row_of)


def _identity_columns(row: list[Any], vocab: Vocabulary) -> frozenset[int]:
    """The columns of a header's identity row holding an identity or 序号 label, remembered per row content
    (a department's header row comes in every file; the answer depends on nothing else)."""
    return _per_row(vocab._idents, 4096, row, vocab, _identity_columns_of)


def _identity_columns_of(row: list[Any], vocab: Vocabulary) -> frozenset[int]:
    return frozenset(j for j, v in enumerate(row) if vocab.label(v).kind in ("identity", "serial"))


def _per_row(
    memo: dict[tuple[Any, ...], Any], bound: int, row: list[Any], vocab: Vocabulary, of: Callable[..., Any]
) -> Any:
    """``of(row, vocab)``, remembered in ``memo`` per row content (cleared past ``bound`` rows; a row with an
    unhashable cell is worked out, not remembered)."""
    try:
        key = tuple(row)
        return memo[key]
    except KeyError:
        pass
    except TypeError:
        return of(row, vocab)
    found = of(row, vocab)
    if len(memo) > bound:
        memo.clear()
    memo[key] = found
    return found


def _anchor_row_of(row: list[Any], vocab: Vocabulary) -> bool:
    if len(row) - row.count("") - row.count(None) < 2:
        return False  # one filled cell at most (a title line): never two known labels
    anchors = known = 0
    number_seen = False
    for value in row:
        if not isinstance(value, str) or not value.strip():
            if value not in ("", None) and not isinstance(value, str):
                number_seen = True
            continue
        if number_seen:
            return False  # a label after a number: a data row
        lb = vocab.label(value)
        if lb.kind == "identity":
            known += 1
            if lb.field in ANCHORS:
                anchors += 1
        elif lb.kind not in ("unknown", "blank"):
            known += 1
    return anchors >= 1 and known >= 2


class _Merges:
    """Merged ranges of a sheet as a cell → top-left map (only cells inside some range of ``rows``): read
    only, and remembered per merges and rows (a department's template merges the same header cells)."""

    def __init__(self, merges: list[tuple[tuple[int, int], tuple[int, int]]], rows: range) -> None:
        key: tuple[Any, ...] | None = None
        try:
            hit = _OWNERS.get(key := (tuple(merges), rows.start, rows.stop)) if merges else {}
        except TypeError:  # a range given as lists: not remembered
            key, hit = None, None
        if hit is not None:
            self.owner = hit
            return
        self.owner = {}
        for (r0, c0), (r1, c1) in merges:
            if r1 < rows.start or r0 >= rows.stop or (r0 == r1 and c0 == c1):
                continue
            for r in range(max(r0, rows.start), min(r1, rows.stop - 1) + 1):
                for c in range(c0, c1 + 1):
                    self.owner[(r, c)] = (r0, c0)
        if key is not None:
            if len(_OWNERS) > 1024:
                _OWNERS.clear()
            _OWNERS[key] = self.owner


_OWNERS: dict[tuple[Any, ...], dict[tuple[int, int], tuple[int, int]]] = {}


def _grid_text(grid: list[list[Any]], merges: _Merges, r: int, c: int) -> tuple[str, tuple[int, int]]:
    owner = merges.owner.get((r, c), (r, c))
    value = grid[owner[0]][owner[1]] if owner[1] < len(grid[owner[0]]) else ""
    return _text(value), owner


def _unnamed_name_column(grid: list[list[Any]], r: int, vocab: Vocabulary) -> int | None:
    """The column of a header row that has measure labels (本月 | 1-6月累计 | 同比增长) but nothing over
    the names (the 指标名称 cell left blank): the first blank-headed column left of the measures whose
    cells below hold names while the measure columns below hold numbers. None when ``r`` is not such a row."""
    row = grid[r]
    labels = [(j, vocab.label(v)) for j, v in enumerate(row) if v not in ("", None)]
    if len(labels) < 2 or any(not isinstance(row[j], str) for j, _ in labels):
        return None
    measures = [j for j, lb in labels if lb.kind in ("measure", "month", "county", "indicator")]
    if len(measures) < 2 or any(lb.kind == "unknown" for _, lb in labels):
        return None
    below = grid[r + 1 : r + 4]
    for j in range(measures[0]):
        if row[j] not in ("", None) if j < len(row) else False:
            continue
        names = [b[j] for b in below if j < len(b) and isinstance(b[j], str) and b[j].strip()]
        numbers = [
            b[k]
            for b in below
            for k in measures
            if k < len(b) and isinstance(b[k], int | float) and not isinstance(b[k], bool)
        ]
        if names and numbers:
            return j
    return None


def _unnamed_column(sheet: RawSheet, at: tuple[int, int], last: int, vocab: Vocabulary) -> Column:
    """The name column of :func:`_unnamed_name_column`: 区县 when its cells are counties, else 指标名称."""
    j, r = at
    texts = [
        sheet.grid[k][j]
        for k in range(last + 1, min(len(sheet.grid), last + 30))
        if j < len(sheet.grid[k]) and isinstance(sheet.grid[k][j], str) and sheet.grid[k][j].strip()
    ]
    counties = sum(1 for t in texts if vocab.catalog is not None and vocab.catalog.county(t))
    fld = "county" if texts and counties * 2 >= len(texts) else "indicator_name"
    label = "（无表头，按区县读取）" if fld == "county" else "（无表头，按指标名称读取）"
    return Column(j, (label,), (f"{column_letter(j)}{r + 1}",), Role("identity", field=fld))


def _figure_text(v: str) -> bool:
    """A text that is a figure, not a header label: a number with decimals or thousands separators
    (612.4, ６１２．４, 3,550.2), or a whole number of 100 or more that is no year (2024) or YYYYMM month."""
    if not v or not any(ch.isdigit() for ch in v):
        return False
    number = parse_number(v)
    if not isinstance(number, float):
        return False
    text = unicodedata.normalize("NFKC", v)
    if "." in text or "," in text:
        return True
    whole = abs(number)
    return whole >= 100 and not (1900 <= whole <= 2100 or 190001 <= whole <= 210012)


def _header_block(sheet: RawSheet, r: int, vocab: Vocabulary) -> tuple[int, int] | None:
    """``(first, last)`` rows of the header block whose identity row is ``r``."""
    grid = sheet.grid
    width = len(grid[r])
    merges = _Merges(sheet.merges, range(max(0, r - 1), min(len(grid), r + MAX_HEADER_ROWS + 2)))
    ident = _identity_columns(grid[r], vocab)
    first = last = r
    # A group row above, over value columns only (本年 | 上年同期 over 本月 | 累计).
    if r > 0:
        above = [_grid_text(grid, merges, r - 1, j) for j in range(width)]
        filled = [(j, t) for j, (t, _) in enumerate(above) if t]
        if (
            filled
            and not any(j in ident for j, _ in filled)
            and all(vocab.label(t).kind not in ("unknown", "blank", "identity") for _, t in filled)
        ):
            first = r - 1
    # Rows below: labels under the value columns, identity columns blank or merged down.
    while last + 1 < len(grid) and last + 1 - first < MAX_HEADER_ROWS:
        below = grid[last + 1]
        cells = [
            (j, v)
            for j, v in enumerate(below)
            if v not in ("", None) and merges.owner.get((last + 1, j), (last + 1, j))[0] == last + 1
        ]
        if not cells or any(not isinstance(v, str) for _, v in cells) or any(j in ident for j, _ in cells):
            break
        if is_numbering_row(below, vocab):
            break
        if any(_figure_text(v) for _, v in cells):
            break  # ６１２．４ or 3,550.2 typed as text: a figure, so a data row (never a header label)
        if is_unit_row(below, ident, vocab):
            # （万吨） | （万千瓦时） between indicator groups and their 本月 | 累计: a line of the header
            if not labels_follow(grid, last + 2, ident, vocab) or last + 2 - first >= MAX_HEADER_ROWS:
                break
            last += 1
            continue
        labels = [vocab.label(v) for _, v in cells]
        if not any(lb.kind not in ("unknown", "blank") for lb in labels):
            break
        if any(lb.kind in ("county", "indicator") for lb in labels) and all(
            lb.kind in ("county", "indicator", "unknown") for lb in labels
        ):
            # Names under a header of names would be data rows of a long table, not a header.
            top = [vocab.label(grid[first][j]) for j, _ in cells]
            if not any(lb.kind in ("measure", "month", "qualifier", "county", "indicator") for lb in top):
                break
        last += 1
    return first, last


def _columns_cached(sheet: RawSheet, first: int, last: int, vocab: Vocabulary) -> list[Column]:
    """:func:`_columns`, remembered per header block content (a department sends the same header every month)."""
    block = tuple(tuple(sheet.grid[r]) for r in range(first, last + 1))
    merges = tuple(m for m in sheet.merges if m[0][0] <= last and m[1][0] >= first)
    key = (first, block, merges, month_sheet(sheet.name))  # a 当月 sheet reads its own way
    try:
        hit = vocab._columns.get(key)
    except TypeError:  # an unhashable cell value: no caching
        return _columns(sheet, first, last, vocab)
    if hit is None:
        hit = _columns(sheet, first, last, vocab)
        if len(vocab._columns) > 2048:
            vocab._columns.clear()
        vocab._columns[key] = hit
    # Copies: the layout step may change a column's role (overrides, a name column holding counties).
    return [Column(c.index, c.path, c.cells, c.role, c.unit, c.unit_cell) for c in hit]


def _columns(sheet: RawSheet, first: int, last: int, vocab: Vocabulary) -> list[Column]:
    grid = sheet.grid
    width = max(len(grid[r]) for r in range(first, last + 1))
    merges = _Merges(sheet.merges, range(first, last + 1))
    texts: list[list[tuple[str, tuple[int, int]]]] = [
        [_grid_text(grid, merges, r, j) if j < len(grid[r]) else ("", (r, j)) for j in range(width)]
        for r in range(first, last + 1)
    ]
    # Group cells written without a merge: a blank upper cell right of a group label belongs to
    # that group when the column has its own label below (累计 | (blank) | (blank) over 本期 | 上年 | 增长).
    for k in range(len(texts) - 1):
        for j in range(1, width):
            text, owner = texts[k][j]
            if text or merges.owner.get((first + k, j)):
                continue
            left_text, left_owner = texts[k][j - 1]
            below_here = any(texts[m][j][0] for m in range(k + 1, len(texts)))
            below_left = any(texts[m][j - 1][0] for m in range(k + 1, len(texts)))
            if left_text and below_here and below_left and vocab.label(left_text).kind != "identity":
                texts[k][j] = (left_text, left_owner)
    columns: list[Column] = []
    sheet_said = vocab.label(sheet.name) if month_sheet(sheet.name) else None
    for j in range(width):
        path: list[str] = []
        cells: list[str] = []
        owners: list[tuple[int, int]] = []
        for k in range(len(texts)):
            text, owner = texts[k][j]
            if text and owner not in owners:
                path.append(text)
                cells.append(f"{column_letter(owner[1])}{owner[0] + 1}")
                owners.append(owner)
        labels = [vocab.label(t) for t in path]
        role = combine(labels) if path else Role("blank")
        unit_label = next((lb for lb in reversed(labels) if lb.unit), None)
        unit = unit_label.unit if unit_label else None
        unit_cell = cells[labels.index(unit_label)] if unit_label else None
        if (unit is None and role.unit == CHANGE_UNSTATED) or role.unit == GROWTH_INDEX:  # see grammar
            unit, unit_cell = role.unit, cells[-1]
        columns.append(Column(j, tuple(path), tuple(cells), role, unit, unit_cell))
    if sheet_said is not None:  # a sheet named 当月: see :func:`~bijie_etl.ingest.month_roles.as_month`
        as_month(columns, sheet_said, vocab)
    return columns


# --------------------------------------------------------------------------------------------
# Tables


def _is_note(value: Any, spec: HeaderSpec) -> bool:
    if not isinstance(value, str):
        return False
    head = value.lstrip()[:1]
    if not head or _initial(head) not in spec.note_initials:
        return False  # cheap test first: this runs once per body row
    return header_key(value).startswith(spec.note_prefixes)


@lru_cache(maxsize=4096)
def _initial(head: str) -> str:
    return normalize_text(head).lower()


def _title_text(value: Any) -> str:
    """A title-block cell as text; a date cell (报告期 | 2024-06-01) as ``2024年6月``."""
    if isinstance(value, str):
        return normalize_text(value)
    if isinstance(value, datetime | date):
        return f"{value.year}年{value.month}月"
    return ""


def _title_lines(grid: list[list[Any]], rows: range) -> tuple[list[str], list[tuple[str, str]]]:
    """The title lines of a table (the rows above its header down from the previous table, or the top) and
    (text, cell) of each: a line's filled cells joined by spaces, at its first filled cell."""
    title: list[str] = []
    title_cells: list[tuple[str, str]] = []
    for r in rows:
        cells = [(j, t) for j, v in enumerate(grid[r]) if v != "" and v is not None and (t := _title_text(v))]
        if cells:
            title.append(" ".join(t for _, t in cells))
            title_cells.append((title[-1], f"{column_letter(cells[0][0])}{r + 1}"))
    return title, title_cells


def _first_filled(row: list[Any]) -> tuple[int, Any] | None:
    for j, v in enumerate(row):
        if v != "" and v is not None:
            return j, v
    return None


def _title_like(row: list[Any]) -> bool:
    """A row of one or two text cells and no number: a title, subtitle or unit line."""
    filled = [v for v in row if v != "" and v is not None]
    return 0 < len(filled) <= 3 and all(isinstance(v, str) for v in filled)


def find_tables(
    sheet: RawSheet, vocab: Vocabulary, *, header_rows: tuple[int, int] | None = None
) -> list[Table]:
    """Every table of ``sheet``, top to bottom (empty when no header is found).

    ``header_rows`` (1-based, inclusive; from a layout override) fixes the header block of the
    first table instead of searching for it.
    """
    grid = header_labels(sheet, vocab)
    spec = vocab.spec
    tables: list[Table] = []
    start = 0
    while start < len(grid):
        found = None
        unnamed: tuple[int, int] | None = None  # (column, header row) of a name column without a label
        if header_rows is not None and not tables:
            found = (header_rows[0] - 1, header_rows[1] - 1)
        else:
            limit = min(len(grid), start + spec.scan_rows)
            for r in range(start, limit):
                if _anchor_row(grid[r], vocab):
                    found = _header_block(sheet, r, vocab)
                    break
            if found is None:
                for r in range(start, limit):
                    j = _unnamed_name_column(grid, r, vocab)
                    if j is not None:
                        found, unnamed = _header_block(sheet, r, vocab), (j, r)
                        break
        if found is None:
            break
        first, last = found
        columns = _columns_cached(sheet, first, last, vocab)
        if unnamed is not None:
            columns[unnamed[0]] = _unnamed_column(sheet, unnamed, last, vocab)
        ident = {c.index for c in columns if c.role.kind in ("identity", "serial")}
        numbering_row = unit_row = None
        units: dict[int, tuple[str, str]] = {}
        for _ in range(2):
            if last + 1 >= len(grid):
                break
            nxt = grid[last + 1]
            if numbering_row is None and is_numbering_row(nxt, vocab):
                numbering_row = last = last + 1
            elif unit_row is None and is_unit_row(nxt, ident, vocab):
                unit_row = last = last + 1
                for j, v in enumerate(nxt):
                    if j not in ident and _text(v):
                        units[j] = (unbracketed(_text(v)), f"{column_letter(j)}{last + 1}")
            else:
                break  # neither: asked again, the same row would answer the same (the usual table)
        for col in columns:
            if col.index in units and col.unit in (None, CHANGE_UNSTATED):
                col.unit, col.unit_cell = units[col.index]
        title, title_cells = _title_lines(grid, range(start, first))
        if month_title(title):  # stacked 当月 | 累计 tables of one report (the sheet's name says neither)
            as_month(columns, vocab.label("当月"), vocab)
        table = Table(
            sheet=sheet.name,
            title_start=start,
            first_header=first,
            last_header=last,
            body_start=last + 1,
            body_end=len(grid),
            columns=columns,
            title=title,
            title_cells=title_cells,
            numbering_row=numbering_row,
            unit_row=unit_row,
            merges=sheet.merges,
            formats=getattr(sheet, "formats", {}) or {},
        )
        tables.append(table)
        # The body ends at a note row, or where the next table's title and header begin.
        nxt_start = _body_end(sheet, table, vocab)
        blocks = side_by_side(table.columns, grid, range(table.body_start, table.body_end))
        if len(blocks) > 1:
            # Two tables side by side (a long list printed in two halves): each half is a table of its
            # own over the same rows; the notes under them are said once.
            tables[-1:] = _side_tables(table, blocks, grid, sheet, vocab)
        if nxt_start is None:
            break
        start = nxt_start
    return tables


def _side_tables(
    table: Table, blocks: list[list[Column]], grid: list[list[Any]], sheet: RawSheet, vocab: Vocabulary
) -> list[Table]:
    """``table`` as the tables side by side its column ``blocks`` are, each with the title lines over its own
    columns when they have titles of their own (:mod:`bijie_etl.ingest.side_titles`), else the whole title."""
    spans = [(b[0].index, nb[0].index) for b, nb in pairwise(blocks)]
    spans.append((blocks[-1][0].index, 1 << 20))
    rows = range(table.title_start, table.first_header)
    own = block_titles(grid, rows, spans, sheet.merges, vocab.catalog, _title_text, column_letter)
    out = []
    for k, cols in enumerate(blocks):
        notes = table.note_rows if k == 0 else []
        if own is None:
            out.append(replace(table, columns=cols, note_rows=notes))
        else:
            title, cells, span = own[k]
            out.append(
                replace(
                    table, columns=cols, note_rows=notes, title=title, title_cells=cells, title_columns=span
                )
            )
    return out


def _plain_rows(grid: list[list[Any]], start: int, header_firsts: set[str], vocab: Vocabulary) -> int:
    """How many rows from ``start`` have a filled first cell that is neither note-like nor a header's
    first label: before a blank row or a note has been seen, :func:`_body_end` does nothing on them.
    Found with C loops over the first column, testing each distinct text once; a text already known to
    be no note and typed without surrounding space (a department's row names recur) is only looked up."""
    firsts = [row[0] if row else "" for row in grid[start:]]
    stop = len(firsts)
    for blank in ("", None):
        if blank in firsts:
            stop = min(stop, firsts.index(blank))
    texts = set(filter(str.__instancecheck__, firsts[:stop]))
    plain = vocab._plain_firsts
    for text in header_firsts.intersection(texts):  # a known plain text is a header's when it is one
        stop = min(stop, firsts.index(text))
    for text in texts.difference(plain):
        if text.strip() in header_firsts or _is_note(text, vocab.spec):
            stop = min(stop, firsts.index(text))
        elif text == text.strip():
            if len(plain) > 20000:
                plain.clear()
            plain.add(text)
    return stop


def _body_end(sheet: RawSheet, table: Table, vocab: Vocabulary) -> int | None:
    """Set ``table.body_end`` and ``note_rows``; return where the next table's title starts, if any."""
    grid = sheet.grid
    spec = vocab.spec
    in_notes = False
    after_gap = False  # a new table starts after a blank row (then its title) or right after notes
    texts = [[v.strip() if isinstance(v, str) else "" for v in grid[h]] for h in range(table.first_header, table.last_header + 1)]  # fmt: skip
    header_sigs = {tuple(row) for row in texts if any(row)}
    header_firsts = {next((t for t in sig if t), "") for sig in header_sigs}
    r = table.body_start + _plain_rows(grid, table.body_start, header_firsts, vocab)
    while r < len(grid):
        row = grid[r]
        first = _first_filled(row)
        if first is None:
            after_gap = True
            r += 1
            continue
        if (
            not in_notes
            and not after_gap  # after a blank row the same header starts a stacked table
            and isinstance(first[1], str)
            and first[1].strip() in header_firsts
            and tuple(_text(v) for v in row) in header_sigs
        ):
            table.repeated_header_rows.add(r)  # a header row printed again mid-table (page breaks)
            r += 1
            continue
        if not in_notes and _is_note(first[1], spec) and vocab.find_indicator(str(first[1]).strip()) is None:
            in_notes = True
            table.body_end = r
        title_like = (after_gap or in_notes) and _title_like(row)
        if (
            (after_gap or in_notes)
            and (title_like or in_notes or all(isinstance(v, str) for v in row))
            and _anchor_row(row, vocab)
        ):
            # A new header: the title-like rows right above it, after a blank row, are its title.
            floor = table.body_end if in_notes else table.body_start
            title_top = r
            k = r - 1
            while k > floor and _title_like(grid[k]):
                k -= 1
            if k >= floor and _first_filled(grid[k]) is None:
                title_top = k + 1
            if not in_notes:
                table.body_end = title_top
            # Notes between the two tables belong to the first.
            table.note_rows = [n for n in table.note_rows if n < title_top]
            return title_top
        if in_notes:
            table.note_rows.append(r)
        after_gap = after_gap and title_like  # title rows keep the gap open for the header below
        r += 1
    return None
