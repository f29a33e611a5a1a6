"""Cells the reader had not been tried on (session 12): what a number format shows is read as a careful
person reads it — a rate shown over 100 % by a percent format is asked about, a figure shown with 万 by its
format is read in 万 — or refused with a message naming the cell."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import Workbook

import readout
from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.errors import Failure
from bijie_etl.ingest.biff_formulas import formula_text
from bijie_etl.ingest.cells import Problem, read_cell
from bijie_etl.ingest.comments import estimate_comments
from bijie_etl.ingest.formulas import computed, shifted
from bijie_etl.settings import Settings, load_settings

CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def catalog(settings: Settings) -> Catalog:
    return load_catalog_from_settings(settings)


def check(path: Path, settings: Settings, catalog: Catalog) -> tuple[pd.DataFrame, list[Failure]]:
    return readout.check(path, settings, catalog, date(2024, 7, 10))


class Fmt:
    """A number shown with a number format in the test workbook."""

    def __init__(self, value: float, code: str) -> None:
        self.value, self.code = value, code


def write(path: Path, rows: list[list[Any]], sheet: str = "表1") -> Path:
    """An xlsx (openpyxl) with the rows from A1; a :class:`Fmt` cell carries its number format."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=c)
            if isinstance(value, Fmt):
                cell.value, cell.number_format = value.value, value.code
            else:
                cell.value = value
    wb.save(path)
    return path


def message(failures: list[Failure], cell: str) -> str:
    (found,) = [f for f in failures if f.cell == cell]
    return found.message_zh


# --------------------------------------------------------------------------------------------
# A rate typed as a percentage into a percent-formatted cell


def test_a_level_rate_shown_over_100_percent_by_its_format_is_asked_about(
    settings: Settings, catalog: Catalog
) -> None:
    """e360: 46.8 in a 0.0% cell shows 4680.0%; never loaded as 4680 (a level has no range rule)."""
    obs, failures = check(CORPUS / "e360_stats_level_rate_typed_into_percent_cell.xlsx", settings, catalog)
    assert "urbanization_rate" not in set(obs["indicator_code"])
    assert readout.codes(failures) == [("主要指标", "C5", "format_conflict")]
    text = message(failures, "C5")
    assert all(word in text for word in ("4680%", "46.8%", "比率超过100%"))
    assert sorted(readout.figures(obs)) == [
        ("gdp_growth", "全市", None, 1123.4, 5.8),
        ("primary_industry_growth", "全市", None, 180.2, 4.1),
    ]


@pytest.mark.parametrize(
    ("stored", "loaded"),
    [(0.468, 46.8), (1.0, 100.0)],  # a fraction in a percent cell, and 100% itself
)
def test_a_level_rate_in_a_percent_cell_up_to_100_percent_is_read(
    tmp_path: Path, settings: Settings, catalog: Catalog, stored: float, loaded: float
) -> None:
    path = write(
        tmp_path / "统计局2024年6月.xlsx",
        [
            ["毕节市2024年1-6月主要指标"],
            ["指标名称", "计量单位", "本期值"],
            ["常住人口城镇化率", "%", Fmt(stored, "0.0%")],
        ],
    )
    obs, failures = check(path, settings, catalog)
    assert readout.codes(failures) == []
    assert obs["value"].tolist() == [loaded]


def test_a_share_shown_over_100_percent_keeps_its_range_rule(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A share has its own range rule (0-100), whose message already says what the format shows."""
    path = write(
        tmp_path / "大数据局.xlsx",
        [
            ["毕节市2024年1-6月数字经济发展情况"],
            ["指标名称", "计量单位", "本期值"],
            ["数字经济占比", "%", Fmt(35.3, "0.0%")],
        ],
    )
    _, failures = check(path, settings, catalog)
    assert readout.codes(failures) == [("表1", "C3", "share_out_of_range")]
    assert "百分比格式" in message(failures, "C3")


# --------------------------------------------------------------------------------------------
# 万 shown by the number format


def test_a_figure_shown_with_wan_by_its_format_is_read_in_wan(settings: Settings, catalog: Catalog) -> None:
    """e361: 1.12 shown 1.12万 in a 人 row is 11200 人 (1.12 万人), as a typed 1.12万 would be; 2.31 shown 2.31万 in
    the 万人 row of 毕节工匠 is 2.31 万人 (the unit's own 万 said again)."""
    obs, failures = check(CORPUS / "e361_hrss_wan_number_format_on_person_rows.xlsx", settings, catalog)
    rows = {r[0]: r[2:] for r in readout.figures(obs, prior=True)}
    assert rows["new_urban_jobs"] == (1.12, 6.12, 5.86, 4.4)
    assert rows["vocational_skills_training"] == (0.85, 4.36, 4.02, 8.5)
    assert rows["new_format_skills_training"] == (620.0, 3850.0, 3100.0, 24.2)
    assert rows["bijie_craftsmen"] == (None, 2.31, None, None)
    assert failures == []


def test_wan_shown_by_the_format_where_the_unit_is_already_in_wan_is_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """285.3 shown 285.3万 for a target in 亿千瓦时 (no unit column): 285.3亿千瓦时 or 285.3万亿千瓦时?"""
    path = write(
        tmp_path / "能源局.xlsx",
        [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "1-6月累计"],
            ["发电量", Fmt(285.3, '0.0"万"')],
            ["煤炭产量", 3150.2],
        ],
    )
    obs, failures = check(path, settings, catalog)
    assert obs["indicator_code"].tolist() == ["coal_output"]
    assert readout.codes(failures) == [("表1", "B3", "unit_conflict")]
    text = message(failures, "B3")
    assert all(word in text for word in ("285.3万", "亿千瓦时", "常规"))


@pytest.mark.parametrize(
    ("stored", "fmt"),
    [(2.31, '0.00"万"'), (23100, '0!.0000"万"'), (23100, '0"."0000"万"')],
)
def test_wan_shown_by_the_format_in_a_wan_row_is_the_units_own_wan(
    tmp_path: Path, settings: Settings, catalog: Catalog, stored: float, fmt: str
) -> None:
    """毕节工匠 | 万人 | 2.31 shown 2.31万 (or 23100 shown 2.3100万 by 万's own four places): the row's 万 said again, as a
    typed 2.31万 is — 2.31 万人 (it was refused: 2.31万万人?)."""
    path = write(
        tmp_path / "人社局.xlsx",
        [
            ["毕节市2024年1-6月人才培养情况"],
            ["指标名称", "计量单位", "1-6月累计"],
            ["毕节工匠", "万人", Fmt(stored, fmt)],
        ],
    )
    obs, failures = check(path, settings, catalog)
    assert failures == []
    assert obs[["indicator_code", "value_ytd"]].values.tolist() == [["bijie_craftsmen", pytest.approx(2.31)]]


def test_a_format_scaling_by_another_power_than_its_word_is_refused_saying_what_it_shows(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """0.00,"万" divides by 1000 and writes 万 (10 000): 2310 shown 2.31万 is not the stored figure in any unit —
    format_conflict, the message saying what is shown and why."""
    path = write(
        tmp_path / "人社局.xlsx",
        [
            ["毕节市2024年1-6月人才培养情况"],
            ["指标名称", "计量单位", "1-6月累计"],
            ["毕节工匠", "万人", Fmt(2310, '0.00,"万"')],
        ],
    )
    obs, failures = check(path, settings, catalog)
    assert obs.empty
    assert readout.codes(failures) == [("表1", "C3", "format_conflict")]
    assert "缩小1000倍后显示为“2.31万”，而“万”是10000倍" in message(failures, "C3")


def test_wan_shown_by_the_format_on_a_growth_is_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    path = write(
        tmp_path / "能源局.xlsx",
        [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "1-6月累计", "同比增长（%）"],
            ["煤炭产量", "万吨", 3150.2, Fmt(8.6, '0.0"万"')],
        ],
    )
    obs, failures = check(path, settings, catalog)
    assert obs["value_ytd"].tolist() == [3150.2]
    assert obs["growth_pct"].isna().all()
    assert [c for _, c, c2 in readout.codes(failures) if c2 in ("unit_conflict", "unit_mismatch")] == ["D3"]


# --------------------------------------------------------------------------------------------
# IF / IFERROR growths saved without recalculating


@pytest.mark.parametrize(
    "stem",
    ["e362_energy_county_if_guarded_growth_stale.xlsx", "e363_energy_county_if_guarded_growth_stale_xls.xls"],
)
def test_a_stale_if_guarded_growth_is_refused_alone(stem: str, settings: Settings, catalog: Catalog) -> None:
    """大方县's 累计 was corrected after the growths were computed: its =IF(D5=0,"",ROUND(…)) still holds 1.6
    (recalculated 7.9); the fresh IF and IFERROR growths load, the empty one (no 上年同期) is no growth."""
    obs, failures = check(CORPUS / stem, settings, catalog)
    assert readout.codes(failures) == [("分县", "E5", "formula_not_calculated")]
    assert all(word in message(failures, "E5") for word in ("1.6", "7.9"))
    growths = dict(zip(obs["county"], obs["growth_pct"], strict=True))
    assert growths["七星关区"] == 7.7
    assert growths["金沙县"] == 5.5
    assert pd.isna(growths["大方县"])
    assert pd.isna(growths["黔西市"])
    assert obs.loc[obs["county"] == "大方县", "value_ytd"].tolist() == [702.5]


@pytest.mark.parametrize(
    ("formula", "value"),
    [
        ("=IF(E1=0,0,ROUND((D1/E1-1)*100,1))", 8.6),
        ('=IFERROR(ROUND((D1/E1-1)*100,1),"")', 8.6),
        ('=IF(E1>0,ROUND(D1/E1*100-100,1),"")', 8.6),
        ("=IF(E2=0,0,D2/E2)", 0.0),  # E2 empty: equal to 0, and the division not taken does not count
        ("=IFERROR(D3/E3,0)", 0.0),  # E3 is 0: #DIV/0! → the second argument
        ('=IF(E2="",0,1)', 0.0),  # an empty cell equals ""
        ("=-2^2", 4.0),  # the sign binds closer than ^, as in Excel
        ("=2^3^2", 64.0),
        ("=D2*10%", 0.5),
        ('=IF(E2=0,"",D2/E2)', None),  # gives an empty text: nothing to compare
        ("=IFERROR(D3/E3)", None),  # one argument: not Excel's
        ('=IF(D1>"a",1,2)', None),  # a figure ordered against a text: not judged
    ],
)
def test_if_iferror_power_and_percent_are_computed_as_excel_does(formula: str, value: float | None) -> None:
    grid = [[None, None, None, 3550.2, 3268.5], [None, None, None, 5.0, None], [None, None, None, 5.0, 0.0]]
    assert computed(formula, grid) == value


def test_a_shared_if_formula_moves_its_references_but_not_its_strings() -> None:
    assert shifted('IF(E3=0,"E3",D3/E3)', 2, 0) == 'IF(E5=0,"E3",D5/E5)'


def test_xls_if_tokens_are_read_as_the_formula() -> None:
    """C4 0 = tAttrIf "" tAttrGoto C4 tAttrGoto IF(3): the skips are Excel's, IF takes the branches."""
    rgce = "44030002c01e00000b190205001700001908080044030002c01908030042030100"
    assert formula_text(bytes.fromhex(rgce), []) == 'IF(C4=0,"",C4)'
    assert formula_text(bytes.fromhex("1e0200131e020007"), []) == "-2^2"
    assert formula_text(bytes.fromhex("1e080014"), []) == "8%"


# --------------------------------------------------------------------------------------------
# A comment (批注) calling the figure an estimate


def test_a_figure_whose_comment_calls_it_an_estimate_is_refused_with_its_row(
    settings: Settings, catalog: Catalog
) -> None:
    """e364 (xlsxwriter): C3's comment 6月为预计数…; D4's 非预计数 leaves 1958.3 alone."""
    obs, failures = check(CORPUS / "e364_energy_comment_says_estimate.xlsx", settings, catalog)
    assert readout.codes(failures) == [("能源", "C3", "value_is_estimate")]
    assert all(word in message(failures, "C3") for word in ("批注", "6月为预计数", "612.4"))
    assert sorted(obs["indicator_code"]) == ["power_generation", "thermal_coal_supply"]
    assert obs.loc[obs["indicator_code"] == "thermal_coal_supply", "value_ytd"].tolist() == [1958.3]


def test_comments_written_by_openpyxl_are_read_too(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """openpyxl keeps comments in xl/comments/comment1.xml; a comment on a name says nothing of a figure."""
    from openpyxl.comments import Comment

    wb = Workbook()
    ws = wb.active
    ws.title = "能源"
    for row in (
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "1-6月累计"],
        ["煤炭产量", "万吨", 3550.2],
        ["发电量", "亿千瓦时", 268.4],
    ):
        ws.append(row)
    ws["C3"].comment = Comment("1-6月累计为估算数", "能源局")
    ws["A4"].comment = Comment("含预计数的说明见附件", "能源局")
    wb.save(tmp_path / "能源局.xlsx")
    obs, failures = check(tmp_path / "能源局.xlsx", settings, catalog)
    assert readout.codes(failures) == [("能源", "C3", "value_is_estimate")]
    assert obs["indicator_code"].tolist() == ["power_generation"]


@pytest.mark.parametrize(
    ("comment", "estimate"),
    [
        ("6月为预计数", True),
        ("本数据为估算", True),
        ("测算口径", True),
        ("非预计数", False),
        ("不是预计数，已核实", False),
        ("数据来源：统计局", False),
    ],
)
def test_which_comments_call_a_figure_an_estimate(comment: str, estimate: bool) -> None:
    part = f'<comments><commentList><comment ref="C3"><text><t>{comment}</t></text></comment></commentList></comments>'
    rels = (
        '<Relationships><Relationship Id="rId1" Target="../comments1.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"/></Relationships>'
    )
    parts = {"xl/worksheets/_rels/sheet1.xml.rels": rels.encode(), "xl/comments1.xml": part.encode()}
    found = estimate_comments(parts, {"能源": "xl/worksheets/sheet1.xml"})
    assert found == ({"能源": {(2, 2): comment}} if estimate else {})


# --------------------------------------------------------------------------------------------
# Growths in a bulletin's words


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("增幅6.1%", 6.1),
        ("增幅-2.1%", -2.1),  # the rate named, the figure's own sign kept (as 增长-2.1%)
        ("增速8.6", 8.6),
        ("涨幅2.5%", 2.5),
        ("降幅3.2%", -3.2),
        ("跌幅1.2", -1.2),
        ("同比+12.5%", 12.5),
        ("同比-2.1%", -2.1),
        ("同比：+3.2%", 3.2),
        ("较去年同期增长15.0%", 15.0),
        ("比去年增长3%", 3.0),
        ("与上年同期相比下降2.1%", -2.1),
        ("较上年同期-0.5", -0.5),
        ("百分之8.6", 8.6),  # the percent in words
        ("增长百分之8.6", 8.6),
        ("下降百分之2.1", -2.1),
    ],
)
def test_growth_words_of_bulletins_are_read_as_the_figure_they_say(
    text: str, value: float, catalog: Catalog
) -> None:
    reading = read_cell(text, missing=frozenset(), units=catalog.units, growth=True)
    assert (reading.number, reading.problem) == (value, None)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("降幅-2.1%", Problem.SIGN_CONFLICT),  # a fall of minus 2.1?
        ("同比+1.2个百分点", Problem.POINTS),
        ("同比", Problem.NOT_NUMBER),
        ("增速", Problem.NOT_NUMBER),
        ("百分之八点六", Problem.NOT_NUMBER),  # numerals in words: not read
    ],
)
def test_growth_words_that_say_no_growth_rate_are_refused(text: str, problem: str, catalog: Catalog) -> None:
    assert read_cell(text, missing=frozenset(), units=catalog.units, growth=True).problem == problem


def test_growth_words_in_a_level_column_are_refused(catalog: Catalog) -> None:
    for text in ("增幅6.1%", "同比+12.5%", "降幅3.2%"):
        assert read_cell(text, missing=frozenset(), units=catalog.units).problem == Problem.WORDS_NOT_GROWTH


def test_a_wps_csv_of_growth_words_loads_each_growth(settings: Settings, catalog: Catalog) -> None:
    """e365: the rate's growth (与上年同期相比下降2.1% beside 71.5 %) stays refused as points-or-percent."""
    obs, failures = check(CORPUS / "e365_commerce_growth_words_wps_csv.csv", settings, catalog)
    growths = dict(zip(obs["indicator_code"], obs["growth_pct"], strict=True))
    assert growths["retail_sales_growth"] == 6.1
    assert growths["online_retail_growth"] == 12.5
    assert growths["foreign_trade_growth"] == -3.2
    assert growths["new_trade_catering_firms_above_quota"] == 15.0
    assert [(c, code) for _, c, code in readout.codes(failures)] == [("D7", "growth_of_rate_unclear")]


# --------------------------------------------------------------------------------------------
# A note in brackets after the figure


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3550.2（快报）", 3550.2),
        ("3550.2(快报数)", 3550.2),
        ("8.6（初步核算）", 8.6),
        ("1958.3（核实数）", 1958.3),
    ],
)
def test_a_note_saying_how_final_a_figure_is_is_set_aside(text: str, value: float, catalog: Catalog) -> None:
    reading = read_cell(text, missing=frozenset(), units=catalog.units)
    assert (reading.number, reading.problem) == (value, None)
    assert reading.mark is not None  # recorded: the figure was more than a plain number


@pytest.mark.parametrize("text", ["1186.0（未含金沙县）", "612.4（6月）", "3150.2（含自备电厂）"])
def test_another_note_in_brackets_refuses_the_figure(text: str, catalog: Catalog) -> None:
    assert read_cell(text, missing=frozenset(), units=catalog.units).problem == Problem.NOTE


def test_notes_in_brackets_in_an_xlwt_file(settings: Settings, catalog: Catalog) -> None:
    """e366: （快报） and （核实数） read; （未含金沙县） refused with a message saying why."""
    obs, failures = check(CORPUS / "e366_energy_figures_with_bracketed_notes_xlwt.xls", settings, catalog)
    ytd = dict(zip(obs["indicator_code"], obs["value_ytd"], strict=True))
    assert ytd == {"coal_output": 3550.2, "thermal_coal_supply": 1958.3, "power_generation": 268.4}
    assert obs.loc[obs["indicator_code"] == "coal_output", "growth_pct"].tolist() == [8.6]
    assert readout.codes(failures) == [("能源", "C6", "value_not_number")]
    assert "括注" in message(failures, "C6")


def test_a_percent_in_words_is_a_percent_in_a_rate_and_refused_in_a_quantity(catalog: Catalog) -> None:
    """百分之55.2 in a rate's column reads as 55.2 %, as 55.2% does; in a 万吨 column it is a percentage where a
    quantity belongs (unit_mismatch, as "8.6%" is)."""
    rate = read_cell("百分之55.2", missing=frozenset(), units=catalog.units)
    assert (rate.number, rate.percent, rate.problem) == (55.2, True, None)
    assert read_cell("百分之55.2", missing=frozenset(), units=catalog.units) == read_cell(
        "55.2%", missing=frozenset(), units=catalog.units
    )
