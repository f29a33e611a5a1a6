"""Stored formula results checked against their formulas (ingest.formulas): stale totals are caught,
fresh ones and formulas this check does not compute keep their stored result."""

from __future__ import annotations

import pytest

from bijie_etl.ingest.formulas import computed, shifted, stale
from bijie_etl.ingest.styles import xlsx_sheet_facts

GRID = [
    ["县（市、区）", "新建5G基站（个）", "新建5G应用场景（个）"],
    ["七星关", 412, 6],
    ["大方", 198.5, ""],
    ["备注", "见说明", None],
]


@pytest.mark.parametrize(
    ("formula", "value"),
    [
        ("=SUM(B2:B3)", 610.5),
        ("SUM(B2:C4)", 616.5),  # text and blanks in a range are passed over, as Excel does
        ("B2+B3*2", 809.0),
        ("(B2-B3)/B3*100", (412 - 198.5) / 198.5 * 100),
        ("-C2+SUM(B2,C2,1)", 413.0),
        ("C3+1", 1.0),  # a blank cell is 0 in arithmetic
    ],
)
def test_the_formulas_departments_write_are_computed_as_excel_does(formula: str, value: float) -> None:
    """References, numbers, + − × ÷, parentheses and SUM over cells and ranges give Excel's result."""
    assert computed(formula, GRID) == pytest.approx(value)


@pytest.mark.parametrize(
    "formula", ["ROUND(B2,1)", "Sheet2!B2+1", "B4+1", "B2/C3", "B2^2", "B2&C2", "本月合计", "SUM(B2:B3"]
)
def test_formulas_it_does_not_compute_are_not_judged(formula: str) -> None:
    """Another function, another sheet, text in arithmetic, a division by zero or anything unparsed: no verdict."""
    assert computed(formula, GRID) is None
    assert stale(1.0, formula, GRID) is None


def test_a_stored_result_is_stale_only_when_the_formula_gives_another_figure() -> None:
    """1980 stored for SUM(B2:B3) is stale (610.5); 610.5 is not; a last-digit float difference is not."""
    assert stale(1980.0, "SUM(B2:B3)", GRID) == pytest.approx(610.5)
    assert stale(610.5, "SUM(B2:B3)", GRID) is None
    assert stale(610.5000000000001, "SUM(B2:B3)", GRID) is None


def test_a_shared_formula_is_its_masters_with_relative_references_moved() -> None:
    """Excel writes a filled-down formula once (t="shared") and points the cells below at it."""
    assert shifted("SUM(C3:C12)", 0, 1) == "SUM(D3:D12)"
    assert shifted("$B$2*C3", 2, 0) == "$B$2*C5"
    assert shifted("B2-1", -2, 0) is None  # off the sheet
    xml = (
        b'<worksheet><sheetData><row r="14">'
        b'<c r="C14"><f t="shared" ref="C14:D14" si="0">SUM(C3:C12)</f><v>1980</v></c>'
        b'<c r="D14"><f t="shared" si="0"/><v>30</v></c>'
        b"</row></sheetData></worksheet>"
    )
    facts = xlsx_sheet_facts(xml)
    assert facts.formulas == {(13, 2): ("SUM(C3:C12)", 1980.0), (13, 3): ("SUM(D3:D12)", 30.0)}
