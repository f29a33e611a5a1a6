"""The corpus (tests/corpus/): real department-shaped spreadsheets, each read exactly as written by hand.

A stem listed in tests/corpus/KNOWN_GAPS.txt is expected to fail (strict xfail): fixing the reader
for it makes its test pass, which fails the run until the stem is taken off the list.
"""

from __future__ import annotations

import csv
import io
import math
import re
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from corpus import harness

GAPS = harness.known_gaps()
STEMS = harness.stems()
WRITERS = {
    "libreoffice",
    "xlsxwriter",
    "openpyxl",
    "xlwt",
    "csv",
    "libreoffice-html",
    "libreoffice-xml",
    "xlsxwriter-libreoffice",
    "xlsxwriter-norefs",  # a report system's export: no r="C5" references
    "xlsxwriter-moved",  # worksheets kept outside xl/worksheets/ (refused)
}
MEASURES = set(harness.MEASURES)


def _param(stem: str) -> object:
    if stem in GAPS:
        return pytest.param(stem, marks=pytest.mark.xfail(strict=True, reason="listed in KNOWN_GAPS.txt"))
    return stem


@pytest.mark.parametrize("stem", [_param(s) for s in STEMS])
def test_corpus_file_is_read_exactly(stem: str) -> None:
    """Every expected value is read with its exact number, nothing else loads, and the warnings are exactly the expected ones."""
    result = harness.compare(stem)
    assert result.fully_right, f"{stem}:\n{result.describe()}"


def test_the_corpus_is_complete_and_varied() -> None:
    """At least 45 files, every one with its expected values and warnings, from every kind of writer."""
    manifest = harness.manifest()
    assert len(manifest) >= 45
    for stem, entry in manifest.items():
        for suffix in (entry["file"], f"{stem}.expected.csv", f"{stem}.warnings.csv"):
            assert (harness.HERE / suffix).is_file(), suffix
        assert entry["writer"] in WRITERS
    assert {e["writer"] for e in manifest.values()} == WRITERS
    assert {e["file"].rsplit(".", 1)[1] for e in manifest.values()} == {"xlsx", "xls", "csv"}


def test_known_gaps_name_corpus_files() -> None:
    """KNOWN_GAPS.txt lists only stems of the corpus (a typo would silently un-xfail nothing)."""
    assert set(STEMS) >= GAPS, sorted(GAPS - set(STEMS))


@pytest.mark.parametrize("stem", STEMS)
def test_expected_files_use_catalog_words(stem: str) -> None:
    """Expected rows name catalog codes, official county names, 2024 months and canonical measures, once each."""
    catalog = harness.catalog()
    values, warnings = harness.expected(stem)
    keys = set()
    for v in values:
        assert catalog.get(v.indicator_code) is not None, v
        assert catalog.county(v.county) == v.county, v
        assert re.fullmatch(r"2024-(0[1-9]|1[0-2])", v.period), v
        assert v.measure in MEASURES, v
        float(v.value)
        assert (v.indicator_code, v.county, v.period, v.measure) not in keys, v
        keys.add((v.indicator_code, v.county, v.period, v.measure))
    for w in warnings:
        assert re.fullmatch(r"[a-z_]+", w.code), w
        assert w.cell == "" or re.fullmatch(r"[A-Z]{1,3}[0-9]+", w.cell), w
    with (harness.HERE / f"{stem}.expected.csv").open(encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == ["indicator_code", "county", "period", "measure", "value"]
    with (harness.HERE / f"{stem}.warnings.csv").open(encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == ["code", "sheet", "cell", "note"]


def test_score_prints_the_score_and_writes_the_report(tmp_path, capsys) -> None:
    """`make corpus` (score.py) prints "files fully right N/M, values right n/m" and writes the Markdown report."""
    from corpus import score

    out = tmp_path / "CORPUS.md"
    assert (
        score.main(["e16_energy_canonical_template", "e19_energy_csv_big5_rejected", "--out", str(out)]) == 0
    )
    printed = capsys.readouterr().out
    score_line = re.search(r"files fully right (\d)/2, values right (\d+)/10", printed)
    assert score_line, printed
    text = out.read_text(encoding="utf-8")
    assert f"**{score_line.group(0)}**" in text
    assert "| `e16_energy_canonical_template.xlsx` | 能源局 | openpyxl |" in text


def _layout_books() -> dict[str, Any]:
    sys.path.insert(0, str(harness.HERE))  # layouts.py imports generate.py as a top-level module
    try:
        import layouts
    finally:
        sys.path.remove(str(harness.HERE))
    return {b.stem: b for b in layouts.BOOKS}


def _expected_cell(value: Any) -> Any:
    """A layout cell as a reader sees it: the number behind a format, a formula's value, '' for empty."""
    value = getattr(value, "value", value)  # F (formatted) and Formula carry the stored value
    return "" if value is None else value


def _same_cell(want: Any, got: Any) -> bool:
    if isinstance(want, date) and not isinstance(want, datetime):
        return isinstance(got, date) and (got.year, got.month, got.day) == (want.year, want.month, want.day)
    if isinstance(want, int | float) and not isinstance(want, bool):
        return isinstance(got, int | float) and math.isclose(
            float(got), float(want), rel_tol=1e-12, abs_tol=1e-12
        )
    return got == want


@pytest.mark.parametrize("stem", STEMS)
def test_committed_file_is_its_layout(stem: str) -> None:
    """The committed spreadsheet holds exactly the cells, merges and hidden sheets of its layout in layouts.py."""
    book = _layout_books()[stem]
    path = harness.HERE / harness.manifest()[stem]["file"]
    if book.writer == "csv":
        text = path.read_bytes().decode(book.encoding)
        rows = list(csv.reader(io.StringIO(text), delimiter=book.delimiter))
        want = [["" if v is None else str(_expected_cell(v)) for v in row] for row in book.sheets[0].rows]
        assert rows == want
        return
    if book.writer in ("libreoffice-html", "libreoffice-xml"):
        _assert_page_is_its_layout(path, book)
        return
    from python_calamine import CalamineWorkbook, SheetVisibleEnum

    wb = CalamineWorkbook.from_path(str(path))
    assert [m.name for m in wb.sheets_metadata] == [s.name for s in book.sheets]
    assert [m.visible != SheetVisibleEnum.Visible for m in wb.sheets_metadata] == [
        s.hidden for s in book.sheets
    ]
    for sheet in book.sheets:
        got_sheet = wb.get_sheet_by_name(sheet.name)
        grid = got_sheet.to_python(skip_empty_area=False)
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row):
                got = grid[r][c] if r < len(grid) and c < len(grid[r]) else ""
                want = _expected_cell(value)
                assert _same_cell(want, got), f"{sheet.name}!{_column_letter(c)}{r + 1}: {got!r} != {want!r}"
        merges = {((r0, c0), (r1, c1)) for (r0, c0), (r1, c1) in (got_sheet.merged_cell_ranges or [])}
        assert merges == {_merge(ref) for ref in sheet.merges}, sheet.name


def _assert_page_is_its_layout(path: Path, book: Any) -> None:
    """A web page's tables (read as the package reads them: text as shown, stored numbers where the page
    gives one) hold the layout's sheets, cells and merges."""
    from bijie_etl.ingest.htmlfile import read_html
    from bijie_etl.ingest.xmlsheet import read_spreadsheet_xml

    read = read_html if book.writer == "libreoffice-html" else read_spreadsheet_xml
    sheets = read(path, path.read_bytes(), max_rows=10_000)
    assert [s.name for s in sheets] == [s.name for s in book.sheets]
    for got_sheet, sheet in zip(sheets, book.sheets, strict=True):
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row):
                got = got_sheet.grid[r][c] if r < len(got_sheet.grid) and c < len(got_sheet.grid[r]) else ""
                want = _expected_cell(value)
                assert _same_cell(want, got), f"{sheet.name}!{_column_letter(c)}{r + 1}: {got!r} != {want!r}"
        assert set(got_sheet.merges) == {_merge(ref) for ref in sheet.merges}, sheet.name


def _merge(ref: str) -> tuple[tuple[int, int], tuple[int, int]]:
    sys.path.insert(0, str(harness.HERE))
    try:
        from generate import cell_range
    finally:
        sys.path.remove(str(harness.HERE))
    r0, c0, r1, c1 = cell_range(ref)
    return (r0, c0), (r1, c1)


def _column_letter(c: int) -> str:
    letters = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
