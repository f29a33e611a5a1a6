"""Stored formula results checked against their formulas (ingest.formulas): stale totals are caught,
fresh ones and formulas this check does not compute keep their stored result."""

from __future__ import annotations

import pytest

from bijie_etl.ingest.formulas import computed, mark_stale, shifted, stale, stale_of
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
        ("$B$2+B$3", 610.5),
        ("SUM(B2:B3,C2,$C$2:C3)", 622.5),
        ("AVERAGE(B2:C3)", (412 + 6 + 198.5) / 3),
        ("MAX(B2:B3)-MIN(B2:C3)", 406.0),
        ("ROUND((B2/B3-1)*100,1)", 107.6),  # the usual growth: (412/198.5-1)*100 = 107.556…
        ("ROUND(B2/B3*100-100,2)", 107.56),
        ("ROUNDUP(B3/C2,0)", 34.0),
        ("ROUNDDOWN(-B3/C2,1)", -33.0),  # towards zero, as Excel
        ("ABS(C2-B2)", 406.0),
        ("round(2.675,2)", 2.68),  # decimal rounding, not binary (2.67); names in any case
        ("ROUND(B3,-1)", 200.0),
        ("B2^2", 412.0**2),  # cells12: ^, %, IF (a figure taken from a guarded growth)
        ("ROUND(B3,1)+IF(B2>1,1,0)", 199.5),
        ("B2*5%", 20.6),
    ],
)
def test_the_formulas_departments_write_are_computed_as_excel_does(formula: str, value: float) -> None:
    """References, numbers, + − × ÷, parentheses and SUM over cells and ranges give Excel's result."""
    assert computed(formula, GRID) == pytest.approx(value)


@pytest.mark.parametrize(
    "formula",
    ["VLOOKUP(B2,A1:C4,2,0)", "ROUND(B2)", "Sheet2!B2+1", "B4+1", "B2/C3", "SUMIF(B2:B3,\">0\")", "B2&C2", "本月合计",
     "SUM(B2:B3", "AVERAGE(C3)", "_xlfn.STDEV.S(B2:B3)", "ROUND(B3,1)+IF(B2>1,\"a\",0)", "IF(B2<1,1)"],
)  # fmt: skip
def test_formulas_it_does_not_compute_are_not_judged(formula: str) -> None:
    """Another function (or one with other arguments), an unknown sheet, text in arithmetic, a division by zero or
    anything unparsed: no verdict."""
    assert computed(formula, GRID) is None
    assert stale(1.0, formula, GRID) is None


def test_another_visible_sheet_is_read_by_its_name() -> None:
    """表1!C5, 'Sheet 1'!C5 (quoted, with '' for a quote) and ranges there read that sheet's values."""
    sheets = {"表1": [[1, 2], [3, 4]], "1-6月 (2)": [[10]], "O'Neil": [[5]]}
    assert computed("表1!B2*10+'1-6月 (2)'!A1", GRID, sheets) == 50.0
    assert computed("SUM(表1!A1:B2)-'O''Neil'!$A$1+B2", GRID, sheets) == 417.0
    assert computed("隐藏表!A1", GRID, sheets) is None  # a hidden sheet is not read: no verdict


def test_a_rounding_on_a_half_within_floating_error_is_not_judged() -> None:
    """1.005 is 1.00499999… in binary: Excel's ROUND (on 15 significant digits) gives 1.01, and so does this;
    a figure whose half sits in the last bits could round either way: no verdict rather than a wrong one."""
    assert computed("ROUND(1.005,2)", GRID) == 1.01
    assert computed("ROUND(0.285*100,0)", GRID) == 29.0  # 28.499999999999996 in binary, 28.5 to Excel
    assert computed("ROUND(1.000000000000045,14)", GRID) is None  # the half sits in the 16th digit
    assert stale(1.0, "ROUND(1.000000000000045,14)", GRID) is None


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
    assert shifted("ROUND((表1!C5/'DATA1'!D5-1)*100,1)", 1, 0) == "ROUND((表1!C6/'DATA1'!D6-1)*100,1)"
    xml = (
        b'<worksheet><sheetData><row r="14">'
        b'<c r="C14"><f t="shared" ref="C14:D14" si="0">SUM(C3:C12)</f><v>1980</v></c>'
        b'<c r="D14"><f t="shared" si="0"/><v>30</v></c>'
        b"</row></sheetData></worksheet>"
    )
    facts = xlsx_sheet_facts(xml)
    assert facts.formulas == {(13, 2): ("SUM(C3:C12)", 1980.0), (13, 3): ("SUM(D3:D12)", 30.0)}


def test_a_formula_on_a_stale_total_is_judged_on_the_total_recalculated() -> None:
    """June's 累计 = '5月'!C2 + 本月 holds an old 263.9 (the workbook was not recalculated after 本月 was
    corrected); the growth ROUND((C2/D2-1)*100,1) beside it agrees with 263.9 but not with the 268.4 that
    Excel would compute: both are marked stale, each naming its own figures."""
    may = [["指标名称", "本月", "1-本月累计"], ["发电量", 43.5, 222.2]]
    june = [
        ["指标名称", "本月", "1-本月累计", "上年同期", "同比增长（%）"],
        ["发电量", 46.2, 263.9, 255.9, 3.1],
    ]
    mark_stale(
        {"5月": may, "6月": june},
        {"6月": {(1, 2): ("'5月'!C2+B2", 263.9), (1, 4): ("ROUND((C2/D2-1)*100,1)", 3.1)}},
    )
    assert stale_of(june[1][2]) == (263.9, pytest.approx(268.4))
    assert stale_of(june[1][4]) == (3.1, 4.9)
    assert may[1][2] == 222.2
