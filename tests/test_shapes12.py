"""Table shapes departments send that the reader misread or refused (session 12): each is read as a careful
analyst reads it, or refused with a message saying why — never a wrong number."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import readout
from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.errors import Failure
from bijie_etl.ingest.reading import read_file
from bijie_etl.settings import Settings, load_settings
from spreadsheets import write_xlsx

_ = None


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def catalog(settings: Settings) -> Catalog:
    return load_catalog_from_settings(settings)


def check(
    path: Path, settings: Settings, catalog: Catalog, as_of: date = date(2024, 7, 10)
) -> tuple[pd.DataFrame, list[Failure]]:
    return readout.check(path, settings, catalog, as_of)


def figures(obs: pd.DataFrame) -> list[tuple[Any, ...]]:
    """(indicator, county, period, 本月, 累计, 增速) of every observation, sorted."""
    return sorted(readout.figures(obs, period=True), key=str)


codes = readout.codes


# --------------------------------------------------------------------------------------------
# 1. Two tables side by side, each with its own title and unit line


def test_side_by_side_tables_take_their_own_titles(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """各县煤炭产量 over the left table, 各县发电量 over the right one: the right table's figures are 发电量's in
    亿千瓦时 — never read under the left title as 煤炭产量 (黔西市's 88 was loaded as its coal)."""
    rows = [
        ["2024年1-6月各县煤炭产量", _, _, _, "2024年1-6月各县发电量"],
        ["单位：万吨", _, _, _, "单位：亿千瓦时"],
        ["县（市、区）", "1-6月累计", "同比增长（%）", _, "县（市、区）", "1-6月累计", "同比增长（%）"],
        ["七星关区", 350.2, 5.1, _, "七星关区", 20.1, 3.2],
        ["威宁县", 410.5, 9.9, _, "黔西市", 88.0, 6.1],
    ]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"分县": rows}), settings, catalog)
    assert figures(obs) == [
        ("coal_output", "七星关区", "2024-06", None, 350.2, 5.1),
        ("coal_output", "威宁彝族回族苗族自治县", "2024-06", None, 410.5, 9.9),
        ("power_generation", "七星关区", "2024-06", None, 20.1, 3.2),
        ("power_generation", "黔西市", "2024-06", None, 88.0, 6.1),
    ]
    assert codes(failures) == []


def test_side_by_side_unit_lines_convert_each_table(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """单位：万千瓦时 over the right table only: its figures are converted (412500 万千瓦时 = 41.25 亿千瓦时), the
    left table's 万吨 are not."""
    rows = [
        ["2024年1-6月各县煤炭产量", _, _, "2024年1-6月各县发电量"],
        ["单位：万吨", _, _, "单位：万千瓦时"],
        ["县（市、区）", "1-6月累计", _, "县（市、区）", "1-6月累计"],
        ["纳雍县", 388.6, _, "纳雍县", 412500],
    ]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"分县": rows}), settings, catalog)
    assert figures(obs) == [
        ("coal_output", "纳雍县", "2024-06", None, 388.6, None),
        ("power_generation", "纳雍县", "2024-06", None, 41.25, None),
    ]
    assert codes(failures) == []


def test_page_title_above_side_by_side_tables_with_own_names_is_both_tables(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """毕节市2024年1-6月分县能源生产情况 in A1 (not merged) over 煤炭产量（万吨） | 发电量（亿千瓦时）, one over each
    table: the page's title (its period) is both tables', each name and unit its own table's."""
    rows = [
        ["毕节市2024年1-6月分县能源生产情况"],
        ["煤炭产量（万吨）", _, _, "发电量（万千瓦时）"],
        ["县（市、区）", "1-6月累计", _, "县（市、区）", "1-6月累计"],
        ["七星关区", 350.2, _, "七星关区", 201000],
    ]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"分县": rows}), settings, catalog)
    assert figures(obs) == [
        ("coal_output", "七星关区", "2024-06", None, 350.2, None),
        ("power_generation", "七星关区", "2024-06", None, 20.1, None),
    ]
    assert codes(failures) == []
    tables = [s.table for s in read_file(tmp_path / "m.xlsx", settings).sheets]
    assert [t.title for t in tables if t is not None] == [
        ["毕节市2024年1-6月分县能源生产情况", "煤炭产量(万吨)"],  # as normalised: half-width brackets
        ["毕节市2024年1-6月分县能源生产情况", "发电量(万千瓦时)"],
    ]


def test_one_title_over_a_list_printed_in_two_halves_is_both_halves(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """One title merged over both halves (and a unit line at the right end): both halves take it."""
    rows = [
        ["2024年1-6月能源生产情况"],
        [_, _, _, _, _, "单位：万吨"],
        ["指标名称", "1-6月累计", _, "指标名称", "1-6月累计"],
        ["煤炭产量", 3550.2, _, "电煤供应量", 1958.3],
    ]
    path = write_xlsx(tmp_path / "m.xlsx", {"能源": rows}, merges={"能源": ["A1:E1"]})
    obs, failures = check(path, settings, catalog)
    assert figures(obs) == [
        ("coal_output", "全市", "2024-06", None, 3550.2, None),
        ("thermal_coal_supply", "全市", "2024-06", None, 1958.3, None),
    ]
    assert codes(failures) == []


def test_side_by_side_lists_of_other_rows_and_other_columns_are_two_tables(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """指标名称 | 1-6月累计 ‖ 指标名称 | 同比增长（%） with other indicators on the right: 发电量's growth 4.9 is never
    煤炭产量's (it was: the repeated 指标名称 column was dropped as a duplicate); alone it is refused."""
    rows = [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "1-6月累计", _, "指标名称", "计量单位", "同比增长（%）"],
        ["煤炭产量", "万吨", 3550.2, _, "发电量", "亿千瓦时", 4.9],
    ]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"能源": rows}), settings, catalog)
    assert figures(obs) == [("coal_output", "全市", "2024-06", None, 3550.2, None)]
    assert [c for _, _, c in codes(failures)] == ["value_missing"]


def test_a_naming_column_repeated_on_the_same_rows_is_one_table(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """县 | 1-6月累计 | 县 | 同比增长（%） naming the same counties row by row: one table, the repeat ignored."""
    rows = [
        ["毕节市2024年1-6月各县煤炭产量"],
        ["单位：万吨"],
        ["县（市、区）", "1-6月累计", "县（市、区）", "同比增长（%）"],
        ["七星关区", 350.2, "七星关区", 5.1],
    ]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"分县": rows}), settings, catalog)
    assert figures(obs) == [("coal_output", "七星关区", "2024-06", None, 350.2, 5.1)]
    assert codes(failures) == [("分县", "C3", "column_ignored")]


# --------------------------------------------------------------------------------------------
# 2. A title naming two indicators over a table without an indicator column


def test_title_naming_two_indicators_refuses_a_table_without_indicator_column(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """各县煤炭产量和发电量 over 县（市、区） | 1-6月累计: whose figures cannot be told — refused naming both
    (was: every county's figure loaded as the longer name's)."""
    rows = [
        ["2024年1-6月各县煤炭产量和发电量"],
        ["县（市、区）", "1-6月累计", "同比增长（%）"],
        ["七星关区", 350.2, 5.1],
        ["大方县", 620.0, 8.0],
    ]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"分县": rows}), settings, catalog)
    assert figures(obs) == []
    assert codes(failures) == [("分县", None, "layout_ambiguous")]
    assert "标题中有多个指标（“煤炭产量”（A1）、“发电量”（A1））" in failures[0].message_zh


def test_title_naming_one_indicator_and_a_longer_name_holding_another_is_one(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """社会消费品零售总额 holds 消费品零售总额 (no second target): the title names one indicator, read."""
    rows = [
        ["2024年1-6月各县社会消费品零售总额"],
        ["单位：亿元"],
        ["县（市、区）", "1-6月累计", "同比增长（%）"],
        ["七星关区", 120.5, 7.9],
    ]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"分县": rows}), settings, catalog)
    assert [f[:3] for f in figures(obs)] == [("retail_sales_growth", "七星关区", "2024-06")]
    assert codes(failures) == []


# --------------------------------------------------------------------------------------------
# 3. A month's sheet copied from last month's and not updated


def _month_sheet(title: str, coal: tuple[float, float], charging: tuple[Any, float]) -> list[list[Any]]:
    return [
        [title],
        ["指标名称", "计量单位", "本月", "1-本月累计"],
        ["煤炭产量", "万吨", *coal],
        ["建成充电桩", "个", *charging],
    ]


def test_a_sheet_copied_from_last_month_is_refused_not_loaded_as_this_month(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """6月 holds 5月's 本月 647.2 and 累计 2937.8 under a 1-6月 title: a 累计 that did not grow while 本月 is
    647.2 is refused (guard_prior_month_copy, naming May) — never May's figures stored as June's. 建成充电桩
    with 本月 0 and the same 累计 is right (nothing built in June) and loads."""
    sheets = {
        "5月": _month_sheet("毕节市2024年1-5月能源生产情况", (647.2, 2937.8), (12, 336)),
        "6月": _month_sheet("毕节市2024年1-6月能源生产情况", (647.2, 2937.8), (0, 336)),
    }
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", sheets), settings, catalog)
    assert figures(obs) == [
        ("charging_piles", "全市", "2024-05", 12.0, 336.0, None),
        ("charging_piles", "全市", "2024-06", 0.0, 336.0, None),
        ("coal_output", "全市", "2024-05", 647.2, 2937.8, None),
    ]
    assert codes(failures) == [("6月", "D3", "guard_prior_month_copy")]
    assert "与5月的累计" in failures[0].message_zh
    assert "本月为647.2万吨" in failures[0].message_zh


def test_a_count_without_a_month_column_may_stay_the_same(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Only 1-本月累计 (no 本月): a count that stays at 336 from May to June is no copy to be told."""
    rows5 = [
        ["毕节市2024年1-5月能源生产情况"],
        ["指标名称", "计量单位", "1-本月累计"],
        ["建成充电桩", "个", 336],
    ]
    rows6 = [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "1-本月累计"],
        ["建成充电桩", "个", 336],
    ]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"5月": rows5, "6月": rows6}), settings, catalog)
    assert [f[2:] for f in figures(obs)] == [("2024-05", None, 336.0, None), ("2024-06", None, 336.0, None)]
    assert codes(failures) == []


# --------------------------------------------------------------------------------------------
# 4. A year's tracking sheet: 1月 … 12月 | 合计 filled up to the latest month

_MONTHS12 = [f"{m}月" for m in range(1, 13)]


def test_months_total_is_the_year_to_date_at_the_last_month_with_figures(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """1月 … 12月 | 合计 blank from 7月: 合计 3550.2 is June's year to date — never December's (the year's)."""
    rows = [
        ["毕节市2024年煤炭产量月度统计"],
        ["单位：万吨"],
        ["指标", *_MONTHS12, "合计"],
        ["煤炭产量", 560.1, 520.3, 600.2, 610.0, 647.2, 612.4, *[_] * 6, 3550.2],
    ]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"2024年": rows}), settings, catalog)
    assert [f[2] for f in figures(obs)] == ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]
    assert figures(obs)[-1] == ("coal_output", "全市", "2024-06", 612.4, 3550.2, None)
    assert codes(failures) == []


def test_months_total_of_rows_filled_to_different_months_is_not_read(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """One row filled to 6月, another to 5月: no one month is the 合计's — not read (column_ignored naming
    both months); each month is, and each year to date follows from the months."""
    rows = [
        ["毕节市2024年能源生产月度统计"],
        ["单位：万吨"],
        ["指标", *_MONTHS12, "合计"],
        ["煤炭产量", 560.1, 520.3, 600.2, 610.0, 647.2, 612.4, *[_] * 6, 3550.2],
        ["电煤供应量", 310.0, 300.0, 335.1, 340.2, 341.4, _, *[_] * 6, 1626.7],
    ]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"2024年": rows}), settings, catalog)
    last = {f[0]: f[2:] for f in figures(obs)}
    assert last["coal_output"] == ("2024-06", 612.4, 3550.2, None)
    assert last["thermal_coal_supply"] == ("2024-05", 341.4, 1626.7, None)
    assert codes(failures) == [("2024年", "N3", "column_ignored")]
    assert "（6月、5月）" in failures[0].message_zh


def test_months_total_under_a_title_naming_the_month_is_that_month(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Under 2024年1-6月 the same 合计 is June's year to date (it was set aside as a December plan figure)."""
    rows = [
        ["毕节市2024年1-6月煤炭产量"],
        ["单位：万吨"],
        ["指标", *_MONTHS12, "合计"],
        ["煤炭产量", 560.1, 520.3, 600.2, 610.0, 647.2, 612.4, *[_] * 6, 3550.2],
    ]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"能源": rows}), settings, catalog)
    assert figures(obs)[-1] == ("coal_output", "全市", "2024-06", 612.4, 3550.2, None)
    assert codes(failures) == []


# --------------------------------------------------------------------------------------------
# 5. 指标 | 口径 with the indicator written once on its group's first row


def test_indicator_written_once_over_its_measure_rows_is_the_groups(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """煤炭产量 on the 本月 row and a blank cell over 累计 (no merge), counties across: the blank is 煤炭产量
    (the rows were refused as naming no indicator)."""
    rows = [
        ["毕节市2024年1-6月分县能源生产情况"],
        ["单位：万吨"],
        ["指标", "口径", "全市", "七星关区"],
        ["煤炭产量", "本月", 612.4, 60.1],
        [_, "累计", 3550.2, 350.2],
        ["电煤供应量", "本月", 331.6, 30.2],
        [_, "累计", 1958.3, 180.4],
    ]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"分县": rows}), settings, catalog)
    assert figures(obs) == [
        ("coal_output", "七星关区", "2024-06", 60.1, 350.2, None),
        ("coal_output", "全市", "2024-06", 612.4, 3550.2, None),
        ("thermal_coal_supply", "七星关区", "2024-06", 30.2, 180.4, None),
        ("thermal_coal_supply", "全市", "2024-06", 331.6, 1958.3, None),
    ]
    assert codes(failures) == []


# --------------------------------------------------------------------------------------------
# 6. A header's last line of units in brackets


def test_a_header_line_of_bracketed_units_gives_the_columns_units(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """本月 | 1-6月累计 over （吨） | （吨）: the line is the columns' unit (6124000 吨 = 612.4 万吨), not a data row."""
    rows = [
        ["毕节市2024年1-6月煤炭生产情况"],
        ["指标名称", "本月", "1-6月累计"],
        [_, "（吨）", "（吨）"],
        ["煤炭产量", 6124000, 35502000],
    ]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"能源": rows}), settings, catalog)
    assert figures(obs) == [("coal_output", "全市", "2024-06", 612.4, 3550.2, None)]
    assert codes(failures) == []


def test_a_lone_bracketed_unit_under_a_growth_ends_the_header(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """同比增长 with （%） on the line under it (a fourth header line): read as the growth's unit."""
    rows = [
        ["毕节市2024年1-6月煤炭生产情况"],
        ["指标名称", "计量单位", "本年", _, _],
        [_, _, "本月", "1-6月", _],
        [_, _, _, "累计", "同比增长"],
        [_, _, _, _, "（%）"],
        ["煤炭产量", "万吨", 612.4, 3550.2, 8.6],
    ]
    merges = ["A2:A5", "B2:B5", "C2:E2", "C3:C5", "D3:E3", "D4:D5"]
    obs, failures = check(
        write_xlsx(tmp_path / "m.xlsx", {"能源": rows}, merges={"能源": merges}), settings, catalog
    )
    assert figures(obs) == [("coal_output", "全市", "2024-06", 612.4, 3550.2, 8.6)]
    assert codes(failures) == []


# --------------------------------------------------------------------------------------------
# 7. 上年同期 and 增长（%） rows under each indicator's (or county's) row


def test_prior_row_under_an_indicator_is_its_last_years_figures(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """煤炭产量, then 上年同期 and 增长（%） rows: 3268.5 is 煤炭产量's 上年同期, 8.6 its growth; 上年同期's 本月
    (last year's June) and the month's growth are not read (提示 on their cells)."""
    rows = [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "本月", "1-6月累计"],
        ["煤炭产量", "万吨", 612.4, 3550.2],
        ["上年同期", "万吨", 548.0, 3268.5],
        ["增长（%）", "%", 11.8, 8.6],
    ]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"能源": rows}), settings, catalog)
    assert readout.figures(obs, prior=True) == [("coal_output", "全市", 612.4, 3550.2, 3268.5, 8.6)]
    assert codes(failures) == [("能源", "C4", "column_ignored"), ("能源", "C5", "column_ignored")]


def test_prior_row_in_another_unit_is_left_as_it_was(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A 上年同期 row in 吨 under a row in 万吨: not joined (reported as before), never mixed units."""
    rows = [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "1-6月累计"],
        ["煤炭产量", "万吨", 3550.2],
        ["上年同期", "吨", 32685000],
    ]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"能源": rows}), settings, catalog)
    assert readout.figures(obs, prior=True) == [("coal_output", "全市", None, 3550.2, None, None)]
    assert codes(failures) == [("能源", "A4", "unknown_indicator")]


# --------------------------------------------------------------------------------------------
# 8. A 同比增长 row at the foot of a table by month


def _by_month(rows: list[list[Any]], title: str = "毕节市2024年1-6月煤炭生产情况") -> list[list[Any]]:
    return [[title], ["月份", "煤炭产量（万吨）"], *rows]


def test_growth_row_under_the_year_to_date_is_its_growth(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """6月 | 1-6月累计 | 同比增长（%）: 8.6 is the 1-6月 growth (it was refused as a period)."""
    rows = _by_month([["6月", 612.4], ["1-6月累计", 3550.2], ["同比增长（%）", 8.6]])
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"能源": rows}), settings, catalog)
    assert figures(obs)[-1] == ("coal_output", "全市", "2024-06", 612.4, 3550.2, 8.6)
    assert codes(failures) == []


def test_growth_row_under_a_single_month_is_the_months_own(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """6月 | 同比增长（%） (no year to date): the growth of June's own figure — not read (提示)."""
    rows = _by_month([["6月", 612.4], ["同比增长（%）", 11.8]], title="毕节市2024年6月煤炭生产情况")
    _obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"能源": rows}), settings, catalog)
    assert ("能源", "B4", "column_ignored") in codes(failures)
    assert "本月的增速" in failures[0].message_zh


def test_a_unit_line_between_indicator_groups_and_their_measures_is_part_of_the_header(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """煤炭产量 | 发电量 over （万吨） | （万千瓦时） over 本月 | 累计: each indicator's unit and measures (it was
    refused: 本月 | 累计 was left out of the header and the two columns of each indicator taken for twins)."""
    rows = [
        ["毕节市2024年1-6月分县能源生产情况"],
        ["县（市、区）", "煤炭产量", _, "发电量", _],
        [_, "（万吨）", _, "（万千瓦时）", _],
        [_, "本月", "累计", "本月", "累计"],
        ["七星关区", 60.1, 350.2, 31000, 201000],
    ]
    merges = ["A2:A4", "B2:C2", "D2:E2", "B3:C3", "D3:E3"]
    obs, failures = check(
        write_xlsx(tmp_path / "m.xlsx", {"分县": rows}, merges={"分县": merges}), settings, catalog
    )
    assert figures(obs) == [
        ("coal_output", "七星关区", "2024-06", 60.1, 350.2, None),
        ("power_generation", "七星关区", "2024-06", 3.1, 20.1, None),
    ]
    assert codes(failures) == []


def test_prior_row_under_a_row_by_month_gives_its_year_to_date_prior(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """指标 | 5月 | 6月 | 1-6月累计 with 上年同期 under 煤炭产量: its 1-6月累计 3268.5 is the 上年同期 (its months,
    last year's own, are 提示s); a 上年同期 row with last year's later months too (7月 filled) is left as it was."""
    rows = [
        ["毕节市2024年1-6月能源生产情况"],
        ["单位：万吨"],
        ["指标", "5月", "6月", "7月", "1-6月累计"],
        ["煤炭产量", 647.2, 612.4, _, 3550.2],
        ["上年同期", 590.0, 548.0, _, 3268.5],
        ["电煤供应量", 341.4, 331.6, _, 1958.3],
        ["上年同期", 321.0, 321.1, 330.0, 1872.1],
    ]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"能源": rows}), settings, catalog)
    june = [f for f in readout.figures(obs, period=True, prior=True) if f[2] == "2024-06"]
    assert june == [
        ("coal_output", "全市", "2024-06", 612.4, 3550.2, 3268.5, None),
        ("thermal_coal_supply", "全市", "2024-06", 331.6, 1958.3, None, None),
    ]
    assert ("能源", "A7", "unknown_indicator") in codes(failures)
