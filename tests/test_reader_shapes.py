"""Shapes a careful reader reads differently from a row-by-row one (session 8): a bad growth cell beside
good levels, earlier months given for comparison, a growth row under an indicator with two figures, and
large levels shown as people write them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.errors import Failure, Severity
from bijie_etl.settings import Settings, load_settings
from bijie_etl.validate.growth import GROWTH_REFUSED_ALONE_ZH
from bijie_etl.validate.inspect import format_inspection, inspect_file
from bijie_etl.vocabulary import fmt_as_typed, fmt_exact
from readout import check, figures
from spreadsheets import write_xls, write_xlsx

AS_OF = date(2024, 7, 10)
TITLE = ["毕节市2024年1-6月能源生产情况"]


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def catalog(settings: Settings) -> Catalog:
    return load_catalog_from_settings(settings)


def problems(failures: list[Failure]) -> list[tuple[str | None, str, Severity]]:
    return [(f.cell, f.code.value, f.severity) for f in failures]


# --------------------------------------------------------------------------------------------
# 1. A growth cell that is no usable growth refuses the growth, not the row's levels


def test_a_bad_growth_cell_refuses_only_the_growth_and_keeps_the_levels(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """▲8.6, the word 增长 and 812 % in the growth column: each growth is refused on its cell (an error
    saying the row's other figures loaded), 本月 and 累计 load, and the growth is absent — never 0."""
    rows = [TITLE, ["指标名称", "计量单位", "本月", "1-6月累计", "同比增长（%）"],
            ["煤炭产量", "万吨", 612.4, 3550.2, "▲8.6"],
            ["电煤供应量", "万吨", 331.6, 1958.3, "增长"],
            ["发电量", "亿千瓦时", 41.2, 268.4, "812 %"],
            ["煤层气产量", "万立方米", 203.5, 1186.0, 4.9]]  # fmt: skip
    obs, failures = check(write_xls(tmp_path / "g.xls", {"能源": rows}), settings, catalog)
    assert figures(obs) == [
        ("coal_output", "全市", 612.4, 3550.2, None),
        ("thermal_coal_supply", "全市", 331.6, 1958.3, None),
        ("power_generation", "全市", 41.2, 268.4, None),
        ("coalbed_methane_output", "全市", 203.5, 1186.0, 4.9),
    ]
    E = Severity.ERROR
    assert problems(failures) == [
        ("E3", "value_not_number", E), ("E4", "value_not_number", E), ("E5", "growth_out_of_range", E)
    ]  # fmt: skip
    assert all(f.message_zh.endswith(GROWTH_REFUSED_ALONE_ZH) for f in failures)
    # The reading names the refused cell (no figure): the warehouse keeps an earlier growth by it.
    [reading] = obs.loc[obs["indicator_code"] == "coal_output", "reading"].tolist()
    assert reading == '{"growth_pct": {"cell": "E3", "refused": "value_not_number", "typed": "▲8.6"}}'


def test_a_growth_targets_bad_growth_still_refuses_its_row(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """规模以上工业增加值 | 312.4 亿元 | ▲2.1: the growth is that target's measure, so without it the row is
    refused whole, as a blank growth is (pace never sees a growth target without its growth)."""
    rows = [["毕节市2024年1-6月主要经济指标"], ["指标名称", "计量单位", "1-6月", "同比增长（%）"],
            ["规模以上工业增加值", "亿元", 312.4, "▲2.1"], ["固定资产投资", "亿元", 812.3, 5.5]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "g.xlsx", {"主要指标": rows}), settings, catalog)
    assert obs["indicator_code"].tolist() == ["fixed_asset_investment_growth"]
    assert problems(failures) == [("D3", "value_not_number", Severity.ERROR)]
    assert GROWTH_REFUSED_ALONE_ZH not in failures[0].message_zh


def test_a_growth_that_contradicts_its_levels_still_refuses_the_row(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A growth 40 points from what 累计 and 上年同期 give: which figure is wrong cannot be told, the row is refused whole."""
    rows = [TITLE, ["指标名称", "计量单位", "1-6月累计", "上年同期", "同比增长（%）"],
            ["煤炭产量", "万吨", 3550.2, 3268.5, 48.6]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "g.xlsx", {"能源": rows}), settings, catalog)
    assert obs.empty
    assert problems(failures) == [("E3", "growth_contradicts_levels", Severity.ERROR)]


def test_county_rows_with_bad_growth_cells_keep_their_levels(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A county table under a 煤炭产量（万吨） title: a county's ▲2.0 (up, or a minus?) refuses only its growth;
    增长3.1 reads as 3.1."""
    rows = [["毕节市2024年1-6月煤炭产量（万吨）"], ["县(市、区)", "本月", "1-6月累计", "同比增长（%）"],
            ["七星关区", 98.5, 571.2, "增长3.1"], ["大方县", 120.3, 698.4, "▲2.0"]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "c.xlsx", {"分县": rows}), settings, catalog)
    assert figures(obs) == [
        ("coal_output", "七星关区", 98.5, 571.2, 3.1),
        ("coal_output", "大方县", 120.3, 698.4, None),
    ]
    assert problems(failures) == [("D4", "value_not_number", Severity.ERROR)]


# --------------------------------------------------------------------------------------------
# 2. Columns given for comparison (last month, last year's month) are not this report's figures


def test_last_months_column_beside_this_months_figures_is_not_read_and_refuses_nothing(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """6月 | 5月 | 1-6月累计 under a 1-6月 title: 5月 is last month's figure for comparison — a column_ignored
    提示 naming it, no value_missing error, and June's figures load."""
    rows = [TITLE, ["指标名称", "计量单位", "6月", "5月", "1-6月累计", "同比增长（%）"],
            ["煤炭产量", "万吨", 612.4, 590.0, 3550.2, 8.6]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"能源": rows}), settings, catalog)
    assert figures(obs) == [("coal_output", "全市", 612.4, 3550.2, 8.6)]
    assert problems(failures) == [("D2", "column_ignored", Severity.WARNING)]
    assert "2024年5月" in failures[0].message_zh
    assert "供对比" in failures[0].message_zh


def test_with_no_month_around_the_table_its_year_to_date_column_says_which_is_last_month(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """No title, a file named 2024年能源报表: 6月份 | 5月份 | 1-6月累计 — the one year to date names the report's
    month (June), so 5月份 is last month's comparison column: a 提示, not a value_missing refusal."""
    rows = [
        ["指标名称", "计量单位", "6月份", "5月份", "1-6月累计"],
        ["煤炭产量", "万吨", 612.4, 590.0, 3550.2],
    ]
    obs, failures = check(write_xlsx(tmp_path / "2024年能源报表.xlsx", {"Sheet1": rows}), settings, catalog)
    assert figures(obs) == [("coal_output", "全市", 612.4, 3550.2, None)]
    assert [str(p)[:7] for p in obs["period"]] == ["2024-06"]
    assert problems(failures) == [("D1", "column_ignored", Severity.WARNING)]


def test_a_months_table_from_january_keeps_every_month(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """1-2月 | 3月 | 4月 | 5月 | 6月 (Spring Festival months together) under a 1-6月 title is a table by month:
    every month is read, none is taken for a comparison column."""
    rows = [TITLE, ["指标名称", "计量单位", "1-2月", "3月", "4月", "5月", "6月"],
            ["煤炭产量", "万吨", 1145.1, 601.4, 601.3, 590.0, 612.4]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"能源": rows}), settings, catalog)
    assert not [f for f in failures if f.code.value == "column_ignored"]
    months = sorted(str(p)[:7] for p, m in zip(obs["period"], obs["value_month"], strict=True) if pd.notna(m))
    assert months == ["2024-03", "2024-04", "2024-05", "2024-06"]


def test_last_years_month_right_of_this_month_is_not_the_year_to_dates(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """本月 | 上年同期 | 1-6月累计 | 同比增长: the 上年同期 beside 本月 is last year's June (1100 beside 1200.5),
    not read; the row loads instead of being refused for a growth that 7150.2 / 1100 contradicts."""
    rows = [TITLE, ["指标名称", "计量单位", "本月", "上年同期", "1-6月累计", "同比增长（%）"],
            ["煤炭产量", "万吨", 1200.5, 1100, 7150.2, 2.1]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "p.xlsx", {"能源": rows}), settings, catalog)
    assert figures(obs) == [("coal_output", "全市", 1200.5, 7150.2, 2.1)]
    assert obs["value_ytd_prior"].isna().all()
    assert problems(failures) == [("D2", "column_ignored", Severity.WARNING)]


def test_each_figure_beside_its_own_last_year_reads_the_year_to_dates(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """本月 | 上年同期 | 1-6月累计 | 上年同期 (two columns with one header): the first is last year's month (not read),
    the second the year to date's 上年同期 — the table is no longer refused as ambiguous."""
    rows = [TITLE, ["指标名称", "计量单位", "本月", "上年同期", "1-6月累计", "上年同期", "同比增长（%）"],
            ["煤炭产量", "万吨", 612.4, 590.3, 3550.2, 3268.5, 8.6]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "p.xlsx", {"能源": rows}), settings, catalog)
    assert obs["value_ytd_prior"].tolist() == [3268.5]
    assert problems(failures) == [("D2", "column_ignored", Severity.WARNING)]


# --------------------------------------------------------------------------------------------
# 3. A growth row under an indicator with two figures (本月 | 累计)


def test_an_indented_growth_row_under_month_and_year_to_date_is_its_indicators_growth(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """煤炭产量 | 612.4 | 3550.2 then an indented 增速 | 3.1 | 8.6: 8.6 (under 累计) is 煤炭产量's growth; 3.1 (under
    本月) is the month's own growth, a column_ignored 提示 on its cell; no unknown_indicator."""
    rows = [TITLE, ["指标名称", "计量单位", "本月", "1-6月累计"],
            ["煤炭产量", "万吨", 612.4, 3550.2], ["\u3000\u3000增速", "%", 3.1, 8.6],
            ["发电量", "亿千瓦时", 46.2, 268.4], ["\u3000\u3000增长（%）", None, "—", 4.9]]  # fmt: skip
    obs, failures = check(write_xls(tmp_path / "g.xls", {"能源": rows}), settings, catalog)
    assert figures(obs) == [
        ("coal_output", "全市", 612.4, 3550.2, 8.6),
        ("power_generation", "全市", 46.2, 268.4, 4.9),
    ]
    assert problems(failures) == [("C4", "column_ignored", Severity.WARNING)]
    assert "本月的增速" in failures[0].message_zh
    assert obs["cells"].map(lambda c: '"growth_pct": "D4"' in c).tolist() == [True, False]


def test_a_growth_row_named_after_its_indicator_joins_that_indicator(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """规模以上工业增加值 (亿元) then 规模以上工业增加值增速 (%) under 本月 | 累计: one observation of the growth
    target with its levels and the 累计 growth, never a duplicate row."""
    rows = [["毕节市2024年1-6月主要经济指标"], ["指标名称", "计量单位", "本月", "累计"],
            ["规模以上工业增加值", "亿元", 52.1, 312.4], ["规模以上工业增加值增速", "%", 6.1, 7.2]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "g.xlsx", {"主要指标": rows}), settings, catalog)
    assert figures(obs) == [("industrial_value_added_growth", "全市", 52.1, 312.4, 7.2)]
    assert problems(failures) == [("C4", "column_ignored", Severity.WARNING)]


def test_growth_rows_under_county_rows_join_each_county(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """By county under a 煤炭产量（万吨） title, an indented 增长（%） row under each county: each is that county's growth."""
    rows = [["毕节市2024年1-6月煤炭产量（万吨）"], ["县(市、区)", "本月", "1-6月累计"],
            ["七星关区", 98.5, 571.2], ["\u3000\u3000增长（%）", 3.1, 5.7],
            ["大方县", 120.3, 698.4], ["\u3000\u3000增长（%）", -2.0, 7.4]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "c.xlsx", {"分县": rows}), settings, catalog)
    assert figures(obs) == [
        ("coal_output", "七星关区", 98.5, 571.2, 5.7),
        ("coal_output", "大方县", 120.3, 698.4, 7.4),
    ]
    assert problems(failures) == [
        ("B4", "column_ignored", Severity.WARNING),
        ("B6", "column_ignored", Severity.WARNING),
    ]


def test_a_growth_row_with_a_figure_under_last_year_is_not_guessed(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """增速 with figures under 1-6月累计 and 上年同期: whose growth the second is cannot be told — left unjoined (unknown_indicator)."""
    rows = [TITLE, ["指标名称", "计量单位", "1-6月累计", "上年同期"],
            ["煤炭产量", "万吨", 3550.2, 3268.5], ["\u3000\u3000增速", "%", 8.6, 4.1]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "g.xlsx", {"能源": rows}), settings, catalog)
    assert figures(obs) == [("coal_output", "全市", None, 3550.2, None)]
    assert [f.code.value for f in failures] == ["unknown_indicator"]


# --------------------------------------------------------------------------------------------
# 4. Figures shown as people write them


def test_exact_figures_are_written_without_exponents() -> None:
    """A level of 11,234,000 is shown with separators, never 1.1234e+07; small figures keep their zeros."""
    assert fmt_exact(11234000.0) == "11,234,000"
    assert fmt_exact(7150.2) == "7,150.2"
    assert fmt_exact(0.0000312) == "0.0000312"
    assert fmt_exact(1234567.89) == "1,234,567.89"
    assert fmt_exact(None) == "—"
    assert fmt_as_typed(1234567.89) == "1234567.89"
    assert fmt_as_typed(0.0000312) == "0.0000312"


def test_inspect_shows_a_large_level_as_people_write_it(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """`inspect` lists 社会消费品零售总额 11234000 万元 as 11,234,000 万元, not 1.1234e+07."""
    rows = [["毕节市2024年1-6月主要经济指标"], ["指标名称", "计量单位", "1-6月", "同比增长（%）"],
            ["社会消费品零售总额", "万元", 11234000, 5.6]]  # fmt: skip
    path = write_xlsx(tmp_path / "big.xlsx", {"消费": rows})
    text = format_inspection(inspect_file(path, settings, catalog=catalog, as_of=AS_OF))
    assert "= 11,234,000 万元" in text
    assert "e+0" not in text
