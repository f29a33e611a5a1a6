"""Shapes a careful analyst reads without hesitation, which the reader refused (each a resubmission):
a dash typed as a growth's minus (—2.1, 一2.1); a name whose bracket repeats the table's period
(煤炭产量（1-6月累计） in a 1-6月 table); a figure typed with its unit's own magnitude word (186.5亿 in a 亿元 row); a header naming two units
(本月（万吨/万千瓦时）), each row in the one its indicator is measured in; value headers with no measure word
(收购数量（万担） | 收购金额（万元）), the column read being the one in the indicator's kind of unit. Each read is as the analyst's, or a refusal that says why —
never a value read otherwise than the analyst would.

Files are written by openpyxl, read and validated as one batch (``readout.check``) with the real catalog.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from bijie_etl.catalog import Catalog
from bijie_etl.errors import Failure
from bijie_etl.ingest.cells import read_cell
from bijie_etl.settings import Settings
from readout import check
from spreadsheets import write_openpyxl

MISSING = frozenset({"—", "——", "-", "/"})


def _read(
    tmp_path: Path,
    settings: Settings,
    catalog: Catalog,
    rows: list[list[Any]],
    dept: str = "能源局",
    file: str = "2024年1-6月.xlsx",
) -> tuple[pd.DataFrame, list[Failure]]:
    path = write_openpyxl(tmp_path / "inbox" / dept / file, rows)
    return check(path, settings, catalog, as_of=date(2024, 7, 10))


@pytest.mark.parametrize(
    ("typed", "number"),
    [("—2.1", -2.1), ("―2.1", -2.1), ("一2.1", -2.1), ("— 2.1", -2.1), ("—2.1%", -2.1), ("一0.5", -0.5)],
)
def test_a_dash_directly_before_a_growths_digits_is_its_minus(
    catalog: Catalog, typed: str, number: float
) -> None:
    """An em dash, a horizontal bar or the character 一 typed before a growth's digits is a minus sign."""
    assert read_cell(typed, missing=MISSING, units=catalog.units, growth=True).number == number


@pytest.mark.parametrize("typed", ["——2.1", "—-2.1", "—+2.1", "2.1—", "一一2.1"])
def test_a_dash_that_is_not_plainly_a_minus_stays_refused(catalog: Catalog, typed: str) -> None:
    """Two dashes, a dash before a sign, a dash after the figure: not a number (refused), never guessed."""
    reading = read_cell(typed, missing=MISSING, units=catalog.units, growth=True)
    assert reading.number is None
    assert reading.problem is not None


def test_a_lone_dash_is_still_no_figure_and_a_dashed_level_is_refused(catalog: Catalog) -> None:
    """— and —— mean "no data" in any column; —450.2 in a level column is no number (a level is not read as negative)."""
    for typed in ("—", "——"):
        reading = read_cell(typed, missing=MISSING, units=catalog.units, growth=True)
        assert reading.number is None
        assert reading.problem is None
    level = read_cell("—450.2", missing=MISSING, units=catalog.units, growth=False)
    assert level.number is None
    assert level.problem is not None


def test_dashed_growths_load_as_falls_beside_their_levels(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """煤炭产量 3550.2 against 3701.0 with —4.1: growth −4.1 (agreeing with the levels); 一2.1 → −2.1."""
    obs, failures = _read(
        tmp_path,
        settings,
        catalog,
        [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "1-6月累计", "上年同期", "同比增长(%)"],
            ["煤炭产量", "万吨", 3550.2, 3701.0, "—4.1"],
            ["发电量", "亿千瓦时", 268.4, 274.2, "一2.1"],
        ],
    )
    assert not failures
    got = {r["indicator_code"]: float(r["growth_pct"]) for r in obs.to_dict("records")}
    assert got == {"coal_output": -4.1, "power_generation": -2.1}


def test_a_dashed_growth_is_checked_against_its_levels_as_a_typed_minus_is(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """—8.6 where the levels rose 8.6 % (3550.2 against 3268.5): judged as -8.6 typed — flagged growth_inconsistent."""
    results = []
    for typed in ("—8.6", "-8.6"):
        obs, failures = _read(
            tmp_path / typed,
            settings,
            catalog,
            [
                ["毕节市2024年1-6月能源生产情况"],
                ["指标名称", "计量单位", "1-6月累计", "上年同期", "同比增长(%)"],
                ["煤炭产量", "万吨", 3550.2, 3268.5, typed],
            ],
        )
        results.append((list(obs["growth_pct"].astype(float)), [f.code.value for f in failures]))
    assert results[0] == results[1] == ([-8.6], ["growth_inconsistent"])


_ENERGY_HEADER = ["指标名称", "计量单位", "1-6月累计", "上年同期", "同比增长(%)"]


@pytest.mark.parametrize(
    "name",
    [
        "煤炭产量（1-6月累计）",
        "煤炭产量（1-6月）",
        "煤炭产量(1—6月)",
        "煤炭产量（上半年）",
        "煤炭产量（2024年1-6月）",
        "煤炭产量（万吨）（1-6月）",
    ],
)
def test_a_bracket_repeating_the_tables_period_over_its_year_to_date_is_read(
    tmp_path: Path, settings: Settings, catalog: Catalog, name: str
) -> None:
    """In a 1-6月 table, a name's bracket saying 1-6月 (上半年, 2024年1-6月, 1-6月累计) over 累计 figures is read."""
    obs, failures = _read(
        tmp_path,
        settings,
        catalog,
        [["毕节市2024年1-6月能源生产情况"], _ENERGY_HEADER, [name, "万吨", 3550.2, 3268.5, 8.6]],
    )
    assert not failures
    assert [(r["indicator_code"], float(r["value_ytd"])) for r in obs.to_dict("records")] == [
        ("coal_output", 3550.2)
    ]


@pytest.mark.parametrize(
    ("title", "header", "name", "said"),
    [
        (
            "毕节市2024年1-6月能源生产情况",
            _ENERGY_HEADER,
            "煤炭产量（1-5月）",
            "与本表的统计期（2024年1-6月）不同",
        ),
        (
            "毕节市2024年1-6月能源生产情况",
            _ENERGY_HEADER,
            "煤炭产量（2023年1-6月）",
            "与本表的统计期（2024年1-6月）不同",
        ),
        ("毕节市2024年1-6月能源生产情况", _ENERGY_HEADER, "煤炭产量（2023年）", "不同"),
        ("毕节市2024年1-6月能源生产情况", _ENERGY_HEADER, "煤炭产量（6月）", "又填有累计数"),
        (  # a lone 数值: no 累计 column to speak of, the table's 1-6月 makes the figure a year to date
            "毕节市2024年1-6月能源生产情况",
            ["指标名称", "计量单位", "数值"],
            "煤炭产量（6月）",
            "无法确定本行数值是6月当月数还是2024年1-6月的累计数",
        ),
        ("毕节市2024年1-6月能源生产情况", _ENERGY_HEADER, "煤炭产量（二季度）", "不从1月起算"),
        ("能源生产情况", _ENERGY_HEADER, "煤炭产量（1-6月）", "都没有注明统计期"),
        (
            "毕节市2024年6月能源生产情况",
            ["指标名称", "计量单位", "本月", "1-6月累计", "同比增长(%)"],
            "煤炭产量（1-6月）",
            "“本月”列又填有当月数",
        ),
    ],
)
def test_a_bracket_naming_another_period_is_refused_saying_so(
    tmp_path: Path, settings: Settings, catalog: Catalog, title: str, header: list[Any], name: str, said: str
) -> None:
    """A bracket's period that differs from the row's (or cannot be checked) refuses the row, with a message
    about periods — not the scope message (限额以上、规模以上 …) a narrowing note gets."""
    rows = [[title], header, [name, "万吨", 612.4, 3550.2, 8.6]]
    obs, failures = _read(
        tmp_path, settings, catalog, rows, file="能源.xlsx" if "年" not in title else "2024年1-6月.xlsx"
    )
    assert obs.empty
    refusals = [f for f in failures if f.code.value == "unknown_indicator"]
    assert [f.cell for f in refusals] == ["A3"]
    assert "统计期" in refusals[0].message_zh
    assert said in refusals[0].message_zh
    assert "限额以上" not in refusals[0].message_zh


def test_a_scope_note_beside_a_period_is_still_refused_as_a_scope(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """煤炭产量（限上）（1-6月）: the period agrees, the 限上 narrows — refused with the scope message."""
    obs, failures = _read(
        tmp_path,
        settings,
        catalog,
        [
            ["毕节市2024年1-6月能源生产情况"],
            _ENERGY_HEADER,
            ["煤炭产量（限上）（1-6月）", "万吨", 3550.2, 3268.5, 8.6],
        ],
    )
    assert obs.empty
    assert [f.code.value for f in failures] == ["unknown_indicator"]
    assert "“限上”" in failures[0].message_zh


@pytest.mark.parametrize(
    ("unit", "scale", "again"),
    [
        ("亿元", 1e8, True),
        ("万元", 1e4, True),
        ("万吨", 1e4, True),
        ("亿千瓦时", 1e8, True),
        ("万kWh", 1e4, True),
        ("万人次", 1e4, True),
        ("亿元", 1e4, False),  # 1.5万 in a 亿元 row: another magnitude
        ("万元", 1e8, False),
        ("元", 1e4, False),  # no magnitude of its own: 万 there multiplies
        ("吨", 1e4, False),
        ("万亿元", 1e8, False),
    ],
)
def test_a_number_word_is_the_units_own_magnitude_said_again(
    catalog: Catalog, unit: str, scale: float, again: bool
) -> None:
    """亿 after a figure in a 亿元 row repeats the unit's 亿; 万 there is another magnitude."""
    assert catalog.units.says_again(unit, scale) is again


def test_a_figure_typed_with_its_units_magnitude_word_is_read_in_that_unit(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """186.5亿 in a 亿元 row is 186.5 亿元; 1865000万 under 1-6月累计（万元） is 186.5 亿元; 1.5万 in a 亿元 row is refused."""
    obs, failures = _read(
        tmp_path,
        settings,
        catalog,
        [
            ["毕节市2024年1-6月工业经济主要指标"],
            ["指标名称", "计量单位", "本月", "1-6月累计", "上年同期", "同比增长(%)"],
            ["优质烟酒产业产值", "亿元", "32.6亿", "186.5亿", "172.3亿", 8.2],
            ["劳动密集型产业产值", "亿元", "1.5万", 60.4, 55.1, 9.6],
        ],
        dept="工业和信息化局",
    )
    assert [
        (r["indicator_code"], float(r["value_month"]), float(r["value_ytd"])) for r in obs.to_dict("records")
    ] == [("tobacco_liquor_output_value", 32.6, 186.5)]
    assert [(f.code.value, f.cell) for f in failures] == [("unit_conflict", "C4")]
    assert "“万”" in failures[0].message_zh
    assert "量级不一致" in failures[0].message_zh
    obs, failures = _read(
        tmp_path / "column",
        settings,
        catalog,
        [
            ["毕节市2024年1-6月工业经济主要指标"],
            ["指标名称", "本月（万元）", "1-6月累计（万元）", "上年同期（万元）", "同比增长(%)"],
            ["优质烟酒产业产值", "326000万", "1865000万", "1723000万", 8.2],
        ],
        dept="工业和信息化局",
    )
    assert not failures
    assert [(float(r["value_month"]), float(r["value_ytd"])) for r in obs.to_dict("records")] == [
        (32.6, 186.5)
    ]


@pytest.mark.parametrize(
    ("text", "choice"),
    [
        ("万吨/万千瓦时", "万吨|万千瓦时"),
        ("万吨、亿千瓦时", "万吨|亿千瓦时"),
        ("万吨/万kWh", "万吨|万千瓦时"),
        ("元/人", None),  # one unit with a slash in its name
        ("万吨", None),
        ("万吨/%", None),  # a percent beside a unit: the growth's, not a choice of the level's
        ("万吨/万只", None),  # a word that is no unit
    ],
)
def test_a_bracket_naming_two_units_is_a_choice(catalog: Catalog, text: str, choice: str | None) -> None:
    """Two known units in one bracket (/ or 、) are a choice of units; one unit, a percent or an unknown word is not."""
    assert catalog.units.choice(text) == choice


def _two_unit_rows(*rows: list[Any], unit_column: bool = False) -> list[list[Any]]:
    head = [
        "指标名称",
        *(["计量单位"] if unit_column else []),
        "本月（万吨/万千瓦时）",
        "1-6月累计（万吨/万千瓦时）",
    ]
    return [["毕节市2024年6月能源生产情况"], head, *rows]


def test_each_row_under_a_two_unit_header_is_read_in_its_indicators_unit(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """煤炭产量 (mass) takes 万吨, 发电量 (energy) 万千瓦时: 2684000 万千瓦时 → 268.4 亿千瓦时."""
    obs, failures = _read(
        tmp_path, settings, catalog, _two_unit_rows(["煤炭产量", 610.1, 3550.2], ["发电量", 462000, 2684000])
    )
    assert not failures
    got = [
        (r["indicator_code"], float(r["value_month"]), float(r["value_ytd"])) for r in obs.to_dict("records")
    ]
    assert got == [("coal_output", 610.1, 3550.2), ("power_generation", 46.2, 268.4)]


@pytest.mark.parametrize(
    ("rows", "unit_column", "code", "said"),
    [
        ([["新增新能源装机规模", 30, 120]], False, "unit_mismatch", "两个单位都不是"),  # 万千瓦: power
        ([["发电量", "亿千瓦时", 46.2, 268.4]], True, "unit_conflict", "不是其中之一"),
    ],
)
def test_a_row_neither_unit_fits_is_refused_naming_both(
    tmp_path: Path,
    settings: Settings,
    catalog: Catalog,
    rows: list[list[Any]],
    unit_column: bool,
    code: str,
    said: str,
) -> None:
    """A row whose indicator (or 计量单位) fits neither unit is refused on each figure, the message naming both."""
    obs, failures = _read(tmp_path, settings, catalog, _two_unit_rows(*rows, unit_column=unit_column))
    assert obs.empty
    assert {f.code.value for f in failures} == {code}
    assert len(failures) == 2
    assert all("“万吨”、“万千瓦时”" in f.message_zh and said in f.message_zh for f in failures)


def test_a_number_word_under_a_two_unit_header_is_refused_for_its_magnitude(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """发电量 fits 万千瓦时 of 本月（万吨/万千瓦时）; its 46.2亿 says another magnitude: refused for that (unit_conflict
    saying the magnitudes differ), never told that neither unit is of 发电量's kind."""
    obs, failures = _read(tmp_path, settings, catalog, _two_unit_rows(["发电量", "46.2亿", 268.4]))
    assert obs.empty
    assert [(f.code.value, f.cell) for f in failures] == [("unit_conflict", "B3")]
    assert "量级不一致" in failures[0].message_zh
    assert "万吨/万千瓦时" in failures[0].message_zh
    assert "两个单位都不是" not in failures[0].message_zh


def test_a_row_both_units_fit_is_refused(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """本月（万吨/吨） over 煤炭产量: both are masses — which one cannot be told: refused, never a guess."""
    path = write_openpyxl(
        tmp_path / "inbox" / "能源局" / "2024年6月.xlsx",
        [
            ["毕节市2024年6月能源生产情况"],
            ["指标名称", "本月（万吨/吨）", "1-6月累计（万吨/吨）"],
            ["煤炭产量", 610.1, 3550.2],
        ],
    )
    obs, failures = check(path, settings, catalog, as_of=date(2024, 7, 10))
    assert obs.empty
    assert [f.code.value for f in failures] == ["unit_mismatch", "unit_mismatch"]
    assert "两个单位都与" in failures[0].message_zh


@pytest.mark.parametrize(
    ("header", "rows", "dept", "read", "ignored"),
    [
        (
            ["指标名称", "收购数量（万担）", "收购金额（万元）"],
            [["烟叶收购", 35.2, 52800]],
            "烟草专卖局",
            [("tobacco_leaf_purchase", 35.2)],
            "C2",
        ),
        (
            [
                "指标名称",
                "收购金额（万元）",
                "收购数量（万担）",
            ],  # the amount first: still the quantity is read
            [["烟叶收购", 52800, 35.2]],
            "烟草专卖局",
            [("tobacco_leaf_purchase", 35.2)],
            "B2",
        ),
        (
            ["项目", "产量（万吨）", "产值（亿元）"],
            [["煤炭产量", 3550.2, 180.5], ["电煤供应量", 1958.3, 90.1]],
            "能源局",
            [("coal_output", 3550.2), ("thermal_coal_supply", 1958.3)],
            "C2",
        ),
        (
            ["项目", "产量（万吨）", "产值（亿元）"],
            [["优质烟酒产业产值", 12.1, 186.5]],
            "工业和信息化局",
            [("tobacco_liquor_output_value", 186.5)],
            "B2",
        ),
    ],
)
def test_a_quantity_and_an_amount_column_are_told_apart_by_the_indicators_unit(
    tmp_path: Path,
    settings: Settings,
    catalog: Catalog,
    header: list[str],
    rows: list[list[Any]],
    dept: str,
    read: list[tuple[str, float]],
    ignored: str,
) -> None:
    """Under a 1-6月 title each is the year to date; the column in the indicator's kind of unit is read, the other
    is another indicator's figures (column_ignored) — a 金额 column never feeds a 数量 target."""
    obs, failures = _read(
        tmp_path, settings, catalog, [["毕节市2024年1-6月收购和生产情况"], header, *rows], dept=dept
    )
    assert [(r["indicator_code"], float(r["value_ytd"])) for r in obs.to_dict("records")] == read
    assert [(f.code.value, f.cell) for f in failures] == [("column_ignored", ignored)]


def test_a_lone_amount_column_is_never_read_as_a_quantity(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """收购金额（万元） alone over 烟叶收购 (a 万担 target): refused (unit_mismatch), never 52800 万担."""
    obs, failures = _read(
        tmp_path,
        settings,
        catalog,
        [["毕节市2024年1-6月烟叶收购情况"], ["指标名称", "收购金额（万元）"], ["烟叶收购", 52800]],
        dept="烟草专卖局",
    )
    assert obs.empty
    assert [f.code.value for f in failures] == ["unit_mismatch"]


@pytest.mark.parametrize(
    ("title", "header", "rows", "code"),
    [
        # no period around the table: which period the figures are cannot be told
        (
            "烟叶收购情况",
            ["指标名称", "收购数量（万担）", "收购金额（万元）"],
            [["烟叶收购", 35.2, 52800]],
            "period_invalid",
        ),
        # rows of both kinds (a 万吨 target and an 亿元 one): which column is whose is not told — refused
        (
            "毕节市2024年1-6月生产情况",
            ["项目", "产量（万吨）", "产值（亿元）"],
            [["煤炭产量", 3550.2, 180.5], ["优质烟酒产业产值", 1.0, 186.5]],
            "layout_ambiguous",
        ),
        # two columns of one kind (万担, 担): not told apart by the unit — refused as twins
        (
            "毕节市2024年1-6月烟叶收购情况",
            ["指标名称", "收购数量（万担）", "收购数量（担）"],
            [["烟叶收购", 35.2, 352000]],
            "layout_ambiguous",
        ),
        # a row of neither kind (发电量, 亿千瓦时, under 万吨 | 亿元): neither column is its — refused, not a crash
        (
            "毕节市2024年1-6月能源生产情况",
            ["指标名称", "产量（万吨）", "产值（亿元）"],
            [["发电量", 3550.2, 268.4]],
            "layout_ambiguous",
        ),
    ],
)
def test_quantity_columns_that_cannot_be_told_are_refused(
    tmp_path: Path,
    settings: Settings,
    catalog: Catalog,
    title: str,
    header: list[str],
    rows: list[list[Any]],
    code: str,
) -> None:
    """No period stated, rows of both kinds, or two columns of one kind of unit: refused, nothing loaded."""
    obs, failures = _read(
        tmp_path, settings, catalog, [[title], header, *rows], dept="能源局", file="收购.xlsx"
    )
    assert obs.empty
    assert code in {f.code.value for f in failures}


@pytest.mark.parametrize(
    ("header", "row", "growth", "ignored"),
    [
        (
            ["指标名称", "收购数量（万担）", "收购金额（万元）", "同比增长(%)"],
            ["烟叶收购", 35.2, 52800, 3.1],
            None,
            ["C2", "D2"],
        ),
        (
            ["指标名称", "收购数量（万担）", "同比增长(%)", "收购金额（万元）", "同比增长(%)"],
            ["烟叶收购", 35.2, 3.1, 52800, 5.2],
            3.1,
            ["D2", "E2"],
        ),
        (
            ["指标名称", "收购金额（万元）", "同比增长(%)", "收购数量（万担）"],
            ["烟叶收购", 52800, 5.2, 35.2],
            None,
            ["B2", "C2"],
        ),
        (  # the columns reversed: a growth left of every figure is nobody's to tell; 3.1 right of 金额 is the amount's
            ["指标名称", "同比增长(%)", "收购金额（万元）", "同比增长(%)", "收购数量（万担）"],
            ["烟叶收购", 5.2, 52800, 3.1, 35.2],
            None,
            ["B2", "C2", "D2"],
        ),
    ],
)
def test_a_growth_column_belongs_to_the_figure_left_of_it(
    tmp_path: Path,
    settings: Settings,
    catalog: Catalog,
    header: list[str],
    row: list[Any],
    growth: float | None,
    ignored: list[str],
) -> None:
    """数量 | 增长 | 金额 | 增长: the quantity's growth is read; a growth right of the 金额 column is the amount's —
    not read with it, never loaded as the quantity's growth."""
    obs, failures = _read(
        tmp_path, settings, catalog, [["毕节市2024年1-6月烟叶收购情况"], header, row], dept="烟草专卖局"
    )
    got = obs.to_dict("records")
    assert [(r["indicator_code"], float(r["value_ytd"])) for r in got] == [("tobacco_leaf_purchase", 35.2)]
    assert (None if pd.isna(got[0]["growth_pct"]) else float(got[0]["growth_pct"])) == growth
    assert [(f.code.value, f.cell) for f in failures] == [("column_ignored", c) for c in ignored]


@pytest.mark.parametrize(
    ("header", "row", "growth", "ignored"),
    [
        (  # 数量同比增长 right of the 金额 column: still the quantity's (it says so)
            ["指标名称", "收购数量（万担）", "收购金额（万元）", "数量同比增长(%)"],
            ["烟叶收购", 35.2, 52800, 3.1],
            3.1,
            ["C2"],
        ),
        (
            ["指标名称", "收购数量（万担）", "收购金额（万元）", "数量同比增长(%)", "金额同比增长(%)"],
            ["烟叶收购", 35.2, 52800, 3.1, 5.2],
            3.1,
            ["C2", "E2"],
        ),
        (  # 金额同比增长 right of the quantity: the amount's, never the quantity's
            ["指标名称", "收购金额（万元）", "收购数量（万担）", "金额同比增长(%)"],
            ["烟叶收购", 52800, 35.2, 5.2],
            None,
            ["B2", "D2"],
        ),
        (
            ["指标名称", "收购数量（万担）", "金额同比增长(%)", "收购金额（万元）"],
            ["烟叶收购", 35.2, 5.2, 52800],
            None,
            ["C2", "D2"],
        ),
        (  # the amount's growth with no amount column at all: whose it is cannot be told, not the quantity's
            ["指标名称", "收购数量（万担）", "金额同比增长(%)"],
            ["烟叶收购", 35.2, 5.2],
            None,
            ["C2"],
        ),
    ],
)
def test_a_growth_naming_its_figure_belongs_to_that_figures_column(
    tmp_path: Path,
    settings: Settings,
    catalog: Catalog,
    header: list[str],
    row: list[Any],
    growth: float | None,
    ignored: list[str],
) -> None:
    """数量同比增长(%) is the 收购数量 column's growth and 金额同比增长(%) the 收购金额 column's, wherever they stand; a
    growth naming a figure the table has no column of is not read (column_ignored saying so)."""
    obs, failures = _read(
        tmp_path, settings, catalog, [["毕节市2024年1-6月烟叶收购情况"], header, row], dept="烟草专卖局"
    )
    got = obs.to_dict("records")
    assert [(r["indicator_code"], float(r["value_ytd"])) for r in got] == [("tobacco_leaf_purchase", 35.2)]
    assert (None if pd.isna(got[0]["growth_pct"]) else float(got[0]["growth_pct"])) == growth
    assert [(f.code.value, f.cell) for f in failures] == [("column_ignored", c) for c in ignored]


def test_an_inconsistent_growth_typed_with_its_percent_sign_is_quoted_once(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """一8.0% against 3550.2 / 3884.0 (−8.59 %): growth_inconsistent says 累计同比增长-8% (the figure read), never
    一8.0%% (the typed text with a second %)."""
    header = ["指标名称", "计量单位", "1-6月累计", "上年同期", "同比增长(%)"]
    _obs, failures = _read(
        tmp_path,
        settings,
        catalog,
        [["毕节市2024年1-6月能源生产情况"], header, ["煤炭产量", "万吨", 3550.2, 3884.0, "一8.0%"]],
    )
    [warned] = [f for f in failures if f.code.value == "growth_inconsistent"]
    assert warned.message_zh.startswith("累计同比增长-8%与按1-本月累计、上年同期累计计算的-8.59%")
    assert "%%" not in warned.message_zh


def test_a_cell_refusing_its_row_names_the_rows_figures_that_were_fine(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """本月 三十 beside good figures: the row is refused on C4, and the message says 1-本月累计 (D4), 上年同期累计 (E4)
    and the growth (F4) were read without fault; a row whose only figure is bad says nothing more."""
    header = ["指标名称", "计量单位", "本月", "1-6月累计", "上年同期", "同比增长(%)"]
    obs, failures = _read(
        tmp_path, settings, catalog,
        [["毕节市2024年1-6月能源生产情况"], header, ["煤炭产量", "万吨", "三百", None, None, None],
         ["发电量", "亿千瓦时", "三十", 170.2, 160.0, 6.4]],
    )  # fmt: skip
    assert obs.empty
    refused = {f.cell: f.message_zh for f in failures if f.code.value == "value_not_number"}
    assert set(refused) == {"C3", "C4"}
    assert refused["C4"].endswith(
        "（本行未入库；同行的1-本月累计（D4）、上年同期累计（E4）、累计同比增长(%)（F4）无误，改正此格后重新报送即可）"
    )
    assert "无误" not in refused["C3"]
