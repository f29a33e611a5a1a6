"""Cells a careful person reads that the reader got wrong: stale .xls formula results (BIFF8 token
streams read as formulas) and signed growth figures (▼2.1, 2.1↓, 负2.1)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bijie_etl.catalog import load_catalog_from_settings
from bijie_etl.ingest.biff import xls_sheet_facts
from bijie_etl.ingest.biff_formulas import formula_text
from bijie_etl.ingest.cells import Problem, read_cell
from bijie_etl.ingest.reading import read_file
from bijie_etl.settings import load_settings
from bijie_etl.validate.rules import validate
from spreadsheets import without_recalculation_mark, write_xlsx

CORPUS = Path(__file__).parent / "corpus"
#: Token streams as LibreOffice writes them into an .xls (hex of the FORMULA / SHRFMLA rgce).
GROWTH = "4c0000fec04c0000ffc0061e010004151e6400051e0100411b00"  # ROUND((B/C-1)*100,1), relative (ptgRefN)


@pytest.mark.parametrize(
    ("rgce", "base", "text"),
    [
        (GROWTH, (5, 3), "ROUND((B6/C6-1)*100,1)"),  # a shared formula, read for the cell D6
        ("250300060001c001c019100000", None, "SUM(B4:B7)"),  # ptgArea + tAttrSum
        ("5a0000020003c044020002c003", None, "'5月'!D3+C3"),  # ptgRef3d through EXTERNSHEET
        ("44040003004404000400061e010004151e6400051e0100411b00", None, "ROUND(($D$5/$E$5-1)*100,1)"),
        ("1e020044030002c005", None, "2*C4"),
        # a+(b+c) without the parenthesis token: the order the tokens say is kept
        ("44030002c044030003c044030004c00303", None, "C4+(D4+E4)"),
        ("44030002c013", None, "-C4"),
    ],
)
def test_xls_formula_tokens_are_read_as_the_formula(
    rgce: str, base: tuple[int, int] | None, text: str
) -> None:
    """References (relative, absolute, on another sheet), numbers, + − × ÷, parentheses, SUM and ROUND."""
    assert formula_text(bytes.fromhex(rgce), ["5月"], base) == text


@pytest.mark.parametrize(
    "rgce",
    [
        "1703004142430803",  # a string "ABC" and &
        "44030002c01e0a000d42020100",  # IF(C4>10,…): a comparison, another function
        "5a0100020003c0",  # a 3-d reference to an EXTERNSHEET entry that is not one sheet
        "1c07",  # #DIV/0! as a constant
        "4403",  # cut short
    ],
)
def test_xls_formulas_it_does_not_read_are_left_unjudged(rgce: str) -> None:
    assert formula_text(bytes.fromhex(rgce), ["5月", None]) is None


def test_a_stale_xls_total_and_growths_are_refused_with_both_figures() -> None:
    """e283: LibreOffice converted the workbook to .xls without recalculating; 黔西市's 累计 was corrected
    afterwards. Its growth, the 全市 total and the total's growth are refused naming the stored and the
    recalculated figure; the counties' right results load."""
    settings = load_settings()
    path = CORPUS / "e283_energy_county_stale_sum_and_growth_xls.xls"
    facts = xls_sheet_facts(path.read_bytes())[1]["煤炭产量"]
    assert facts.formulas[(5, 3)] == ("ROUND((B6/C6-1)*100,1)", 0.9)
    obs, failures = validate(
        read_file(path, settings),
        load_catalog_from_settings(settings),
        as_of=date(2024, 12, 31),
        file_name=path.name,
    )
    stale = {f.cell: f.message_zh for f in failures if f.code.value == "formula_not_calculated"}
    assert sorted(stale) == ["B8", "D6", "D8"]
    assert "保存的结果0.9" in stale["D6"]
    assert "计算的7.3" in stale["D6"]
    assert "保存的结果3,008.9" in stale["B8"]
    assert "计算的3,050.2" in stale["B8"]
    assert "=ROUND((B8/C8-1)*100,1)" in stale["D8"]
    assert "计算的3.3" in stale["D8"]
    growth = obs[obs["indicator_code"].eq("coal_output")].set_index("county")["growth_pct"]
    assert growth.get("七星关区") == 6.9
    assert "全市" not in growth.index


# --------------------------------------------------------------------------------------------
# Growth figures with a direction: read as a careful person reads them, contradictions refused


@pytest.fixture(scope="module")
def units():  # type: ignore[no-untyped-def]
    return load_catalog_from_settings(load_settings()).units


@pytest.mark.parametrize(
    ("typed", "read"),
    [("▼2.1", -2.1), ("▽0.5", -0.5), ("2.1↓", -2.1), ("2.1%↓", -2.1), ("5.6↑", 5.6), ("2.4%↑", 2.4),
     ("负2.1", -2.1), ("同比负2.1%", -2.1), ("减少2.1", -2.1), ("↓2.1", -2.1), ("-2.1%", -2.1),
     ("增长-2.1%", -2.1)],  # 增长-2.1% is how statistical bulletins write a fall
)  # fmt: skip
def test_a_growth_with_its_direction_is_signed_by_it(units, typed: str, read: float) -> None:  # type: ignore[no-untyped-def]
    """▼ and ▽ (a fall, or a minus in Japanese-style tables: negative either way), an arrow after the
    figure, 负 and the words of fall give a negative growth; ↑ and the words of rise a positive one."""
    reading = read_cell(typed, missing=frozenset(), units=units, growth=True)
    assert (reading.number, reading.problem) == (read, None)


@pytest.mark.parametrize(
    "typed", ["-2.1↓", "下降-2.1", "▼-1.2", "↑-2.1", "负-2.1", "▼+2.1", "+2.1↓", "下降+0.6"]
)
def test_a_direction_and_a_sign_that_disagree_are_refused(units, typed: str) -> None:  # type: ignore[no-untyped-def]
    """A fall of minus 2.1? Never guessed: the growth cell is refused with a message saying why."""
    reading = read_cell(typed, missing=frozenset(), units=units, growth=True)
    assert (reading.number, reading.problem) == (None, Problem.SIGN_CONFLICT)


@pytest.mark.parametrize("typed", ["▲2.1", "△2.1", "2.1▲", "▲-2.1"])
def test_a_hollow_or_solid_up_triangle_is_still_refused(units, typed: str) -> None:  # type: ignore[no-untyped-def]
    """▲2.1 is a rise in Chinese tables and −2.1 in Japanese-style ones (corpus README, e230): refused."""
    assert read_cell(typed, missing=frozenset(), units=units, growth=True).problem == Problem.TRIANGLE


def test_the_refusal_of_a_contradiction_says_what_disagrees() -> None:
    """e284: -2.1↓, 下降-0.6, ▼-1.2 refused on their cells (the levels load); ▼2.1 … 2.4%↑ read."""
    settings = load_settings()
    path = CORPUS / "e284_energy_county_growth_direction_marks.xlsx"
    obs, failures = validate(
        read_file(path, settings),
        load_catalog_from_settings(settings),
        as_of=date(2024, 12, 31),
        file_name=path.name,
    )
    refused = {f.cell: f.message_zh for f in failures}
    assert sorted(refused) == ["D10", "D11", "D12"]
    assert "“下降-0.6”" in refused["D11"]
    assert "互相矛盾" in refused["D11"]
    assert "下降的填负数" in refused["D11"]
    growth = obs.set_index("county")["growth_pct"]
    assert growth["七星关区"] == -2.1
    assert growth["纳雍县"] == 2.4
    assert obs.set_index("county")["value_ytd"]["赫章县"] == 298.2


def test_up_triangles_are_rises_where_the_sheet_marks_falls_with_down_triangles() -> None:
    """e285: ▲6.9 beside ▼3.4 in one growth column: the table marks both directions, ▲ is up (6.9);
    ▲-0.8 there (up and a minus) is refused alone."""
    settings = load_settings()
    path = CORPUS / "e285_energy_county_up_and_down_triangles.xlsx"
    obs, failures = validate(
        read_file(path, settings),
        load_catalog_from_settings(settings),
        as_of=date(2024, 12, 31),
        file_name=path.name,
    )
    assert [(f.cell, f.code.value) for f in failures] == [("D8", "value_not_number")]
    growth = obs.set_index("county")["growth_pct"]
    assert growth["七星关区"] == 6.9
    assert growth["大方县"] == -3.4


def test_a_down_triangle_on_another_sheet_says_nothing_of_this_sheets_up_triangle(tmp_path: Path) -> None:
    """▼ on the 分县 sheet does not make the 能源 sheet's lone ▲8.6 a rise (e230): still refused alone."""
    settings = load_settings()
    title = ["毕节市2024年1-6月能源生产情况"]
    head = ["指标名称", "计量单位", "本月", "1-6月累计", "同比增长（%）"]
    sheets = {
        "能源": [title, head, ["煤炭产量", "万吨", 612.4, 3550.2, "▲8.6"]],
        "分县": [["毕节市2024年1-6月煤炭产量（万吨）"], ["县(市、区)", "本月", "1-6月累计", "同比增长（%）"],
                 ["大方县", 120.3, 698.4, "▼2.0"]],
    }  # fmt: skip
    path = write_xlsx(tmp_path / "t.xlsx", sheets)
    obs, failures = validate(
        read_file(path, settings),
        load_catalog_from_settings(settings),
        as_of=date(2024, 12, 31),
        file_name=path.name,
    )
    assert [(f.sheet, f.cell, f.code.value) for f in failures] == [("能源", "E3", "value_not_number")]
    assert obs.set_index("county")["growth_pct"]["大方县"] == -2.0


@pytest.mark.parametrize(("calc", "refused"), [(b"", ["E3"]), (b' fullPrecision="0"', [])])
def test_a_workbook_calculating_with_precision_as_displayed_is_not_judged(
    tmp_path: Path, calc: bytes, refused: list[str]
) -> None:
    """A total 3550.2 stored for =SUM(C3:D3) over 612.43 and 2937.84: stale (3550.27) in a workbook
    with full precision; with Excel's "precision as displayed" the values were rounded as shown, so what
    Excel computed cannot be told here: the stored result stands."""
    import xlsxwriter

    source = tmp_path / "src.xlsx"
    book = xlsxwriter.Workbook(str(source))
    sheet = book.add_worksheet("能源")
    for r, row in enumerate(
        [["毕节市2024年1-6月能源生产情况"], ["指标名称", "计量单位", "本月", "上月累计", "1-6月累计"]]
    ):
        sheet.write_row(r, 0, row)
    sheet.write_row(2, 0, ["煤炭产量", "万吨", 612.43, 2937.84])
    sheet.write_formula(2, 4, "=SUM(C3:D3)", None, 3550.2)
    book.close()
    path = without_recalculation_mark(source, tmp_path / "能源.xlsx", calc)
    settings = load_settings()
    _obs, failures = validate(
        read_file(path, settings),
        load_catalog_from_settings(settings),
        as_of=date(2024, 12, 31),
        file_name=path.name,
    )
    assert [f.cell for f in failures if f.code.value == "formula_not_calculated"] == refused
