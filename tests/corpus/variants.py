"""The corpus files moved about in ways that change nothing a careful reader reads (metamorphic variants).

Each corpus book is rewritten with one change that leaves its meaning as it was — the table a few rows
lower, a column further right, a 填报说明 sheet in front, a note under the table, the workbook written by
another program — and read again. Its values must be the ones typed by hand in ``<stem>.expected.csv``:
the same numbers, or fewer with a refusal saying why. A value that is *different* or *extra* is read
silently wrong somewhere in the layout model, which the literal corpus files alone would not show.

    .venv/bin/python tests/corpus/variants.py [STEM-PREFIX ...]   # prints every variant not read as its original

Warnings are not compared (their cells move with the table). See tests/test_corpus_variants.py.
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, NamedTuple

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import harness  # noqa: E402
from generate import Book, Formula, Sheet, cell_range  # noqa: E402

from bijie_etl.ingest.headers import column_letter  # noqa: E402

sys.modules.setdefault("generate", generate)


def _shift_ref(ref: str, rows: int, cols: int) -> str:
    r0, c0, r1, c1 = cell_range(ref)
    return f"{column_letter(c0 + cols)}{r0 + 1 + rows}:{column_letter(c1 + cols)}{r1 + 1 + rows}"


def _moved_comments(sheet: Sheet, rows: int, column: Callable[[int], int]) -> dict[str, Any]:
    """The sheet's cell comments (批注) moved with their cells: ``rows`` down, each column to ``column(c)``."""
    comments = getattr(sheet, "comments", None)
    if not comments:
        return {}
    moved = {}
    for ref, text in comments.items():
        r0, c0, _r1, _c1 = cell_range(ref)
        moved[f"{column_letter(column(c0))}{r0 + 1 + rows}"] = text
    return {"comments": moved}


def _has_formula(book: Book) -> bool:
    return any(isinstance(v, Formula) for s in book.sheets for row in s.rows for v in row)


# --------------------------------------------------------------------------------------------
# The changes (each returns the changed book, or None where it does not apply)


def lower(book: Book, rows: int = 2) -> Book | None:
    """Every sheet's content ``rows`` rows lower (blank rows above the title)."""
    if _has_formula(book):
        return None  # a formula's references would have to move too
    sheets = [
        replace(s, rows=[[] for _ in range(rows)] + [list(r) for r in s.rows],
                merges=[_shift_ref(m, rows, 0) for m in s.merges], **_moved_comments(s, rows, lambda c: c),
                shown_rows=[r + rows for r in s.shown_rows] if s.shown_rows else s.shown_rows)
        for s in book.sheets
    ]  # fmt: skip
    return replace(book, sheets=sheets)


def further_right(book: Book, cols: int = 1) -> Book | None:
    """Every sheet's content ``cols`` columns further right (an empty column A)."""
    if _has_formula(book):
        return None
    sheets = [
        replace(s, rows=[([None] * cols + list(r)) if r else [] for r in s.rows],
                merges=[_shift_ref(m, 0, cols) for m in s.merges], **_moved_comments(s, 0, lambda c: c + cols))
        for s in book.sheets
    ]  # fmt: skip
    return replace(book, sheets=sheets)


def instructions_first(book: Book) -> Book | None:
    """A 填报说明 sheet in front of the others (a workbook only)."""
    if book.ext == "csv":
        return None
    if any(s.name == "填报说明" for s in book.sheets):
        return None
    cover = Sheet(
        "填报说明",
        [["填报说明"], ["1. 请于每月8日前报送上月数据。"], ["2. 数据口径以统计部门公布为准，如有调整请注明。"],
         ["3. 联系人：市统计局综合科 0857-8222000"]],
    )  # fmt: skip
    return replace(book, sheets=[cover, *book.sheets])


NOTE = "注：本表数据为快报数，以统计年鉴为准。"


def _encodes(encoding: str, text: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _writable(book: Book) -> bool:
    """A csv's every text encodes in its encoding (big5 has no 当)."""
    return book.ext != "csv" or all(
        _encodes(book.encoding, v) for s in book.sheets for r in s.rows for v in r if isinstance(v, str)
    )


def note_below(book: Book) -> Book | None:
    """A blank row and a 注： line under every sheet's content."""
    sheets = [
        replace(s, rows=[*[list(r) for r in s.rows], [], ["注：本表数据为快报数，以统计年鉴为准。"]])
        for s in book.sheets
    ]
    return replace(book, sheets=sheets)


def other_writer(book: Book) -> Book | None:
    """The same workbook written by xlsxwriter (as Excel or WPS users send it) instead of its own program."""
    if book.ext == "csv" or book.writer in ("xlsxwriter", "libreoffice-html", "xlsxwriter-moved"):
        return None  # (a file refused for where its writer keeps the parts is read once rewritten)
    if any(s.shown_rows for s in book.sheets):
        return None  # rows shown one by one under hidden-by-default rows: openpyxl only
    return replace(book, writer="xlsxwriter", ext="xlsx")


def hidden_copy(book: Book) -> Book | None:
    """A hidden copy of the first sheet, last (an old version kept out of sight: not read)."""
    if book.ext == "csv" or _has_formula(book):
        return None
    first = book.sheets[0]
    return replace(book, sheets=[*book.sheets, replace(first, name="备份", hidden=True)])


def gap_column(book: Book, at: int = 1) -> Book | None:
    """An empty column inserted before column ``at`` of every sheet (B: between the names and the rest)."""
    if _has_formula(book):
        return None
    sheets = []
    for s in book.sheets:
        rows = [[*r[:at], None, *r[at:]] if len(r) > at else list(r) for r in s.rows]
        merges = []
        for m in s.merges:
            r0, c0, r1, c1 = cell_range(m)
            c0, c1 = (c0 + 1 if c0 >= at else c0), (c1 + 1 if c1 >= at else c1)
            merges.append(f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}")
        sheets.append(replace(s, rows=rows, merges=merges, **_moved_comments(s, 0, lambda c: c + (c >= at))))
    return replace(book, sheets=sheets)


def padded(book: Book) -> Book | None:
    """Every text cell with a trailing space, as typed in a hurry."""
    return _map_cells(book, (str,), lambda r, c, rows, v: f"{v} " if v.strip() else None)


def sheet_renamed(book: Book) -> Book | None:
    """A workbook's only sheet named Sheet1 (when its name says no period or indicator of its own)."""
    if book.ext == "csv" or len(book.sheets) != 1 or re.search(r"\d|月|季|年", book.sheets[0].name):
        return None
    return replace(book, sheets=[replace(book.sheets[0], name="Sheet1")])


def gbk(book: Book) -> Book | None:
    """A UTF-8 csv saved in GB18030 instead (Excel's "CSV" on a Chinese Windows)."""
    if book.ext != "csv" or book.encoding.lower().replace("_", "-") not in ("utf-8", "utf-8-sig"):
        return None
    return replace(book, encoding="gb18030")


#: Header words and the words other departments use for the same thing.
SYNONYMS = {
    "本月": "当月",
    "当月": "本月",
    "1-6月累计": "1-6月",
    "1-5月累计": "1—5月累计",
    "累计": "本年累计",
    "同比增长（%）": "同比增长(%)",
    "同比增长(%)": "增长（%）",
    "同比增长": "同比增长（%）",
    "增速（%）": "同比增速（%）",
    "指标名称": "指标",
    "计量单位": "单位",
    "上年同期": "去年同期",
}


def synonyms(book: Book) -> Book | None:
    """Header words swapped for the words other departments use for the same thing (本月 → 当月, 指标名称 → 指标 …)."""
    return _map_cells(book, (str,), lambda r, c, rows, v: SYNONYMS.get(v))


def _as_text(v: float) -> str:
    return str(int(v)) if float(v).is_integer() and abs(v) < 1e15 else repr(float(v))


def numbers_as_text(book: Book) -> Book | None:
    """Every plain number cell typed as text (a cell formatted 文本, or pasted from a web page); a 统计期
    number 2024.1 stays a number: typed as text it says January, which the number cannot (e397)."""
    if book.ext == "csv":
        return None  # a csv holds only text
    return _map_cells(book, (int, float), lambda r, c, rows, v: None if _year_dot_month(v) else _as_text(v))


def _year_dot_month(v: float) -> bool:
    """A number of the 统计期 form 2024.6 (this century's year, then the month after the point)."""
    m = re.fullmatch(r"20\d\d\.(\d{1,2})", f"{v:.10g}") if type(v) is float else None
    return m is not None and 1 <= int(m.group(1)) <= 12


def _grouped(r: int, c: int, rows: list[list[Any]], v: float) -> str | None:
    """A figure of 1,000 or more (no year, no YYYYMM month) with thousands separators: 3,550.2."""
    if type(v) is not float or abs(v) < 1000 or 1900 <= v <= 2100 or 190001 <= v <= 210012:
        return None
    whole, _, frac = _as_text(v).partition(".")
    return f"{int(whole):,}" + (f".{frac}" if frac else "")


def grouped_digits(book: Book) -> Book | None:
    """Every plain number of 1,000 or more typed as text with thousands separators (3,550.2)."""
    return _map_cells(book, (int, float), _grouped)


def _data_rows(sheet: Sheet) -> range | None:
    """The sheet's one run of data rows (a text naming the row, then a number), when it has exactly one
    and no merged cell or comment touches it; else None."""

    def is_data(row: list[Any]) -> bool:
        filled = [v for v in row if v is not None and v != ""]
        return (
            bool(filled) and isinstance(filled[0], str) and any(type(v) in (int, float) for v in filled[1:])
        )

    runs: list[list[int]] = []
    for r, row in enumerate(sheet.rows):
        if is_data(row):
            if runs and runs[-1][-1] == r - 1:
                runs[-1].append(r)
            else:
                runs.append([r])
    if len(runs) != 1 or len(runs[0]) < 3 or getattr(sheet, "comments", None):
        return None
    found = range(runs[0][0], runs[0][-1] + 1)
    if any(cell_range(m)[2] >= found.start and cell_range(m)[0] < found.stop for m in sheet.merges):
        return None
    return found


def serial_column(book: Book) -> Book | None:
    """A 序号 column in front, numbering the data rows 1, 2, 3 … (books of one sheet with one run of data rows)."""
    if len(book.sheets) != 1 or _has_formula(book):
        return None
    sheet = book.sheets[0]
    body = _data_rows(sheet)
    if body is None or body.start == 0:
        return None
    rows = []
    for r, row in enumerate(sheet.rows):
        lead = "序号" if r == body.start - 1 else (r - body.start + 1 if r in body else None)
        rows.append([lead, *row] if row or lead is not None else [])
    merges = [_shift_ref(m, 0, 1) for m in sheet.merges]
    return replace(book, sheets=[replace(sheet, rows=rows, merges=merges)])


def reversed_rows(book: Book) -> Book | None:
    """The data rows in the opposite order (books of one sheet with one run of data rows, each row naming
    itself in full: no name written once per group, no 其中, growth or 上年同期 row that belongs to the row above)."""
    if len(book.sheets) != 1 or _has_formula(book):
        return None
    sheet = book.sheets[0]
    body = _data_rows(sheet)
    if body is None:
        return None
    for r in body:
        row = sheet.rows[r]
        first = next(k for k, v in enumerate(row) if type(v) in (int, float))
        names = row[:first]
        if any(v is None or v == "" for v in names[: max(1, len(names))]) or any(
            isinstance(v, str)
            and (
                any(w in v for w in ("其中", "增", "合计", "同期", "上年", "去年"))
                or v.startswith(("　", " "))
            )
            for v in names
        ):
            return None
    rows = [list(r) for r in sheet.rows]
    rows[body.start : body.stop] = rows[body.start : body.stop][::-1]
    return replace(book, sheets=[replace(sheet, rows=rows)])


def reversed_columns(book: Book) -> Book | None:
    """The figure columns in the opposite order, headers with them (1-6月累计 | 本月, 6月 … 1月): books of one
    sheet without merged cells or comments, with one run of data rows whose figures start in the same column."""
    if len(book.sheets) != 1 or _has_formula(book) or book.sheets[0].merges:
        return None
    sheet = book.sheets[0]
    body = _data_rows(sheet)
    if body is None:
        return None
    starts = {next(k for k, v in enumerate(sheet.rows[r]) if type(v) in (int, float)) for r in body}
    if len(starts) != 1:
        return None
    (k,) = starts
    width = max(len(r) for r in sheet.rows)
    if width - k < 2:
        return None
    rows = []
    for r, row in enumerate(sheet.rows):
        if r < body.start - 3 or len(row) <= k or not any(v not in (None, "") for v in row[k:]):
            rows.append(list(row))  # a title or a line above the header, or nothing right of the names
            continue
        padded_row = [*row, *([None] * (width - len(row)))]
        rows.append([*padded_row[:k], *padded_row[k:][::-1]])
    return replace(book, sheets=[replace(sheet, rows=rows)])


def _cells_renamed(book: Book, names: dict[str, str]) -> Book | None:
    """Every text cell equal to a key of ``names`` (trimmed) replaced by its value; None when none is."""
    return _map_cells(book, (str,), lambda r, c, rows, v: names.get(v.strip()))


def _short_counties() -> dict[str, str]:
    catalog = harness.catalog()
    return {c.name: c.aliases[0] for c in catalog.counties if c.aliases and c.name != "全市"} | {
        "全市": "全市合计"
    }


def _aliases() -> dict[str, str]:
    """Each indicator's catalog name → its first alias that names nothing else (no level, no other target)."""
    catalog = harness.catalog()
    taken: dict[str, int] = {}
    for t in catalog.targets:
        for word in {t.name_zh, *t.aliases, *t.level_aliases}:
            taken[word] = taken.get(word, 0) + 1
    levels = {w for t in catalog.targets for w in t.level_aliases}
    out = {}
    for t in catalog.targets:
        alias = next((a for a in t.aliases if taken.get(a) == 1 and a not in levels), None)
        if alias is not None:
            out[t.name_zh] = alias
    return out


def short_counties(book: Book) -> Book | None:
    """Counties by their short names (七星关区 → 七星关, 威宁彝族回族苗族自治县 → 威宁县, 全市 → 全市合计)."""
    return _cells_renamed(book, _short_counties())


def aliases(book: Book) -> Book | None:
    """Indicators by another name the catalog knows them by (煤炭产量 → 原煤产量)."""
    return _cells_renamed(book, _aliases())


#: A period as other titles say it: the same months, other words.
PERIOD_WORDS = {"1-3月": "一季度", "1-6月": "上半年", "1-9月": "前三季度", "1-12月": "全年"}


_SPAN = re.compile(r"(20\d\d年)(1-3月|1-6月|1-9月|1-12月)(?!累计|份)")


def period_words(book: Book) -> Book | None:
    """A title's (or header's) 2024年1-6月 said as 2024年上半年 (1-3月 一季度, 1-9月 前三季度)."""

    def said(r: int, c: int, rows: list[list[Any]], v: str) -> str | None:
        return _SPAN.sub(lambda m: m.group(1) + PERIOD_WORDS[m.group(2)], v) if _SPAN.search(v) else None

    return _map_cells(book, (str,), said)


def percent_cells(book: Book) -> Book | None:
    """The figures under a header saying （%） stored as fractions shown as percentages (8.6 → 0.086 shown 8.6%),
    as Excel and WPS users often keep them."""
    if book.ext == "csv" or _has_formula(book):
        return None
    found = False
    sheets = []
    for s in book.sheets:
        rows = [list(r) for r in s.rows]
        for r, row in enumerate(s.rows):
            for c, v in enumerate(row):
                if not (isinstance(v, str) and re.search(r"[(（]\s*%\s*[)）]", v)):
                    continue
                for below in rows[r + 1 :]:
                    # not 100 and over: a growth that large in a percent cell is asked about (format_conflict)
                    if c < len(below) and type(below[c]) in (int, float) and 0 < abs(below[c]) < 100:
                        places = (
                            len(repr(float(below[c])).split(".")[1].rstrip("0"))
                            if "." in repr(float(below[c]))
                            else 0
                        )
                        if places > 2:
                            continue
                        below[c] = generate.F(round(below[c] / 100, places + 2), f"pct{min(places, 2)}")
                        found = True
        sheets.append(replace(s, rows=rows))
    return replace(book, sheets=sheets) if found else None


#: A unit and the smaller one departments also use, with how many of it make one.
SMALLER_UNITS = {
    "万吨": ("吨", 10000),
    "亿元": ("万元", 10000),
    "亿千瓦时": ("万千瓦时", 10000),
    "万元": ("元", 10000),
}


def _growth_levels() -> set[str]:
    """Names a growth target's level goes by (地区生产总值): its level is kept in the unit its row states."""
    catalog = harness.catalog()
    growth = [t for t in catalog.targets if str(getattr(t.kind, "value", t.kind)) == "growth_rate"]
    return {w for t in growth for w in (t.name_zh, *t.aliases, *t.level_aliases)}


def smaller_units(book: Book) -> Book | None:
    """A row's figures in a smaller unit (万吨 → 吨, 亿元 → 万元: ×10,000), its 计量单位 cell saying so; growths and
    rates (a header with % or 增) untouched. Long tables with a 计量单位 column only."""
    if _has_formula(book):
        return None
    found = False
    sheets = []
    for s in book.sheets:
        rows = [list(r) for r in s.rows]
        head = next((r for r, row in enumerate(rows) if any(v in ("计量单位", "单位") for v in row)), None)
        if head is None:
            sheets.append(s)
            continue
        units_at = [c for c, v in enumerate(rows[head]) if v in ("计量单位", "单位")]
        if len(units_at) != 1 or any(
            v in ("统计期", "口径", "项目", "时间", "月份", "指标口径") for v in rows[head]
        ):
            # two tables side by side (each its own unit), or figures of several measures down a column
            sheets.append(s)
            continue
        if any(
            r and isinstance(r[0], str) and r[0].lstrip().startswith(("注", "说明")) and "单位" in r[0]
            for r in rows
        ):
            # a note states the rows' units too (注：发电量单位为万千瓦时): changing one statement changes the meaning
            sheets.append(s)
            continue
        u = units_at[0]
        headers = rows[max(0, head - 1) : head + 2]
        rates = {
            c
            for h in headers
            for c, v in enumerate(h)
            if isinstance(v, str) and ("%" in v or "增" in v or "率" in v or "比重" in v)
        }
        for row in rows[head + 1 :]:
            if any(
                isinstance(v, str) and re.sub(r"[（(][^）)]*[）)]", "", v).strip() in _growth_levels()
                for v in row[:u]
            ):
                continue  # a growth target's level: kept in the unit the row states (not converted)
            if u < len(row) and isinstance(row[u], str) and row[u].strip() in SMALLER_UNITS:
                unit, times = SMALLER_UNITS[row[u].strip()]
                cells = [c for c in range(u + 1, len(row)) if c not in rates and type(row[c]) in (int, float)]
                if not cells or any(isinstance(v, str) and re.search(r"\d", v) for v in row[u + 1 :]):
                    continue
                row[u] = unit
                for c in cells:
                    row[c] = round(row[c] * times, 6)
                found = True
        sheets.append(replace(s, rows=rows))
    return replace(book, sheets=sheets) if found else None


def _map_cells(
    book: Book, kinds: tuple[type, ...], fn: Callable[[int, int, list[list[Any]], Any], Any]
) -> Book | None:
    """Every cell of exactly a type in ``kinds`` (int and float: plain numbers, never a formatted F or a
    formula) replaced by ``fn(row, column, rows, value)`` (None: left as it is); None when no cell changed."""
    found = False
    sheets = []
    for s in book.sheets:
        rows = [list(r) for r in s.rows]
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if type(v) in kinds:
                    new = fn(r, c, rows, v)
                    if new is not None:
                        row[c], found = new, True
        sheets.append(replace(s, rows=rows))
    return replace(book, sheets=sheets) if found else None


_FULL = str.maketrans("0123456789.-", "０１２３４５６７８９．－")


def full_width(book: Book) -> Book | None:
    """Figures typed as text in full-width digits (３５５０．２), as a Chinese input method leaves them."""
    if book.ext == "csv" and book.encoding.lower() not in ("utf-8", "utf-8-sig", "gb18030", "gbk"):
        return None
    return _map_cells(
        book, (int, float), lambda r, c, rows, v: None if 1900 <= v <= 2100 else _as_text(v).translate(_FULL)
    )


def _column_header(rows: list[list[Any]], r: int, c: int) -> str:
    """The texts above row ``r`` in column ``c`` (up to four rows), joined."""
    return "".join(
        str(rows[k][c]) for k in range(max(0, r - 4), r) if c < len(rows[k]) and isinstance(rows[k][c], str)
    )


def growth_words(book: Book) -> Book | None:
    """Growths under a 同比增长（%） header typed as words: 增长8.6%, 下降2.1%, 持平 for 0."""

    def word(r: int, c: int, rows: list[list[Any]], v: float) -> Any:
        head = _column_header(rows, r, c)
        if not (("增长" in head or "增速" in head) and "%" in head) or "点" in head:
            return None
        text = _as_text(abs(v))
        return "持平" if v == 0 else f"增长{text}%" if v > 0 else f"下降{text}%"

    return _map_cells(book, (int, float), word)


def _chain(*names: str) -> Callable[[Book], Book | None]:
    """The named changes one after another (each that applies); None when fewer than two apply."""

    def change(book: Book) -> Book | None:
        applied = 0
        for name in names:
            changed = CHANGES[name](book)
            if changed is not None:
                book, applied = changed, applied + 1
        return book if applied >= 2 else None

    change.__doc__ = " + ".join(names)
    return change


CHANGES: dict[str, Callable[[Book], Book | None]] = {
    "lower": lower,
    "right": further_right,
    "cover": instructions_first,
    "note": note_below,
    "writer": other_writer,
    "hidden-copy": hidden_copy,
    "gap-column": gap_column,
    "padded": padded,
    "sheet1": sheet_renamed,
    "gbk": gbk,
    "synonyms": synonyms,
    "text-numbers": numbers_as_text,
    "grouped": grouped_digits,
    "serial": serial_column,
    "reversed": reversed_rows,
    "reversed-columns": reversed_columns,
    "short-counties": short_counties,
    "aliases": aliases,
    "period-words": period_words,
    "percent-cells": percent_cells,
    "smaller-units": smaller_units,
    "full-width": full_width,
    "growth-words": growth_words,
}
CHANGES |= {
    "all-words": _chain("synonyms", "short-counties", "aliases", "period-words", "padded"),
    "moved-and-typed": _chain("lower", "gap-column", "cover", "text-numbers", "note"),
    "reordered": _chain("reversed", "reversed-columns", "serial", "sheet1"),
}


#: Variants refused with a message rather than read (never read differently): the reader's known limits.
KNOWN_REFUSALS = {
    ("e166_stats_county_rows_level_and_growth_columns", "reversed-columns"): (
        "each 增速 column belongs to the indicator left of it; reversed, the left one is another growth: refused"
        " as ambiguous (the change alters the file's meaning)"
    ),
    ("e166_stats_county_rows_level_and_growth_columns", "reordered"): "as its reversed-columns variant",
    ("e86_energy_blank_name_header", "moved-and-typed"): "as its text-numbers variant",
    ("e381_energy_blank_name_header_fullwidth_figures", "text-numbers"): "as e86's text-numbers variant",
    ("e381_energy_blank_name_header_fullwidth_figures", "moved-and-typed"): "as e86's text-numbers variant",
    ("e86_energy_blank_name_header", "text-numbers"): (
        "no header word over the names and every figure typed as text: nothing tells the header row from the"
        " data rows (FILE_NO_HEADER)"
    ),
}


# --------------------------------------------------------------------------------------------
# Writing and reading the variants


class Outcome(NamedTuple):
    """One variant's reading against its original's expected values."""

    stem: str
    change: str
    right: int
    expected: int
    missing: list[harness.Value]
    wrong: list[tuple[harness.Value, harness.Value]]
    extra: list[harness.Value]
    refusals: list[str]

    @property
    def silently_wrong(self) -> bool:
        return bool(self.wrong or self.extra)

    @property
    def same(self) -> bool:
        return self.right == self.expected and not self.silently_wrong

    @property
    def known(self) -> bool:
        """Refused as :data:`KNOWN_REFUSALS` lists."""
        return (self.stem, self.change) in KNOWN_REFUSALS and not self.silently_wrong


def variants(books: list[Book], every: int = 1) -> Iterator[tuple[str, Book, Book]]:
    """(change, original, changed book) for every change that applies to each book; ``every``: only one
    change in ``every`` (book i takes change j when (i + j) % every == 0), a sample that still tries each
    change on a different share of the books, and a change that applies to few books on all of them."""
    kept = [
        b for b in books
        if b.writer != "libreoffice-html"  # an HTML page: no sheets to move about
        and not (_has_formula(b) and b.writer != "xlsxwriter")  # another program's formula results are rightly not trusted
    ]  # fmt: skip
    for j, (name, change) in enumerate(CHANGES.items()):
        made = [
            (i, book, changed)
            for i, book in enumerate(kept)
            if (changed := change(book)) is not None and _writable(changed)
        ]
        if len(made) >= 50:  # a change that applies to few books: all of them
            sampled = [m for m in made if (m[0] + j) % every == 0]
            others = [m for m in made if (m[0] + j) % every]
            made = sampled + others[: max(0, 8 - len(sampled))]  # and at least 8 of any change
        for _i, book, changed in made:
            if changed.writer.startswith("libreoffice") or changed.writer == "xlsxwriter-libreoffice":
                changed = replace(changed, writer="xlsxwriter", ext="xlsx")
            yield name, book, changed


def read_variants(books: list[Book], every: int = 1) -> list[Outcome]:
    """Write every variant of ``books`` in a temporary inbox, read them in one batch, compare each."""
    from bijie_etl.run import read_submission
    from bijie_etl.validate.submissions import validate_submissions

    settings, catalog = harness._settings_and_catalog()
    planned = list(variants(books, every))
    with tempfile.TemporaryDirectory(prefix="variants-") as tmp:
        inbox = Path(tmp) / "inbox"
        paths: list[Path] = []
        for change, original, book in planned:
            folder = inbox / original.department
            folder.mkdir(parents=True, exist_ok=True)
            ext = "csv" if book.ext == "csv" else "xls" if book.writer == "xlwt" else "xlsx"
            path = folder / f"{original.stem}__{change}.{ext}"
            _write_as(book, path)
            paths.append(path)
        opened = [read_submission(p, settings=settings, inbox=inbox) for p in paths]
        subs = validate_submissions(
            opened, catalog=catalog, as_of=harness.AS_OF, inbox=inbox, history=None,
            guard=settings.guard, sequential=False,
        )  # fmt: skip
    return [
        _compare(change, original, sub) for (change, original, _book), sub in zip(planned, subs, strict=True)
    ]


def _write_as(book: Book, path: Path) -> None:
    if path.suffix == ".csv":
        generate.write_csv(book, path)
    elif path.suffix == ".xls":
        generate.write_xlwt(book, path)
    elif book.writer in ("openpyxl", "xlsxwriter-norefs", "xlsxwriter-moved"):
        generate._WRITERS[book.writer](book, path)
    else:
        generate.write_xlsxwriter(book, path)


def _values(sub: Any) -> list[harness.Value]:
    import math

    _settings, catalog = harness._settings_and_catalog()
    out: list[harness.Value] = []
    for row in sub.observations.to_dict("records"):
        code = str(row["indicator_code"])
        target = catalog.get(code)
        for measure in harness.MEASURES:
            v = row.get(measure)
            if v is None or (isinstance(v, float) and math.isnan(v)) or v is harness._NA:
                continue
            if measure == "value" and (target is None or target.value_field != "value"):
                continue
            out.append(
                harness.Value(
                    code, str(row["county"]), f"{row['period']:%Y-%m}", measure, harness._decimal(float(v))
                )
            )
    return out


def _compare(change: str, original: Book, sub: Any) -> Outcome:
    want, _warnings = harness.expected(original.stem)
    got: dict[tuple[str, str, str, str], harness.Value] = {}
    extra: list[harness.Value] = []
    for v in _values(sub):
        if harness._key(v) in got:
            extra.append(v)
        got[harness._key(v)] = v
    right, missing, wrong = 0, [], []
    for v in want:
        g = got.pop(harness._key(v), None)
        if g is None:
            missing.append(v)
        elif harness.same_number(v.value, g.value):
            right += 1
        else:
            wrong.append((v, g))
    extra += list(got.values())
    refusals = [
        f"{f.code.value} {f.cell or ''} {f.message_zh[:80]}"
        for f in sub.failures
        if f.severity.value == "error"
    ]
    return Outcome(original.stem, change, right, len(want), missing, wrong, extra, refusals)


def books(prefixes: list[str] | None = None) -> list[Book]:
    """The corpus books (those starting with one of ``prefixes``), less the known gaps (KNOWN_GAPS.txt:
    their originals are not read as typed, so neither can their variants be)."""
    from layouts import BOOKS

    gaps = harness.known_gaps()
    return [
        b
        for b in BOOKS
        if b.stem not in gaps and (not prefixes or any(b.stem.startswith(p) for p in prefixes))
    ]


def main(argv: list[str]) -> int:
    outcomes = read_variants(books(argv or None))
    wrong = [o for o in outcomes if o.silently_wrong]
    lost = [o for o in outcomes if not o.silently_wrong and not o.same]
    for o in [*wrong, *lost]:
        tag = "SILENTLY WRONG" if o.silently_wrong else "values lost (known)" if o.known else "values lost"
        print(f"== {o.stem} [{o.change}] {tag}: {o.right}/{o.expected} right")
        for e, g in o.wrong[:5]:
            print(f"   wrong   {tuple(e)} read {g.value}")
        for v in o.extra[:5]:
            print(f"   extra   {tuple(v)}")
        for v in o.missing[:3]:
            print(f"   missing {tuple(v)}")
        for r in o.refusals[:3]:
            print(f"   refused {r}")
    same = sum(o.same for o in outcomes)
    print(f"{len(outcomes)} variants of {len({o.stem for o in outcomes})} files: {same} read as their original, "
          f"{len(lost)} with values lost, {len(wrong)} silently wrong")  # fmt: skip
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
