"""In January 本月 is the year to date (session 10): a January table with 本月 and no 累计 column gives a
cumulative or count target its 1-本月累计 too — only where the month is surely January; a January 本月 and
1-1月累计 that disagree are still refused or warned, never one silently picked."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import readout
from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.errors import Failure
from bijie_etl.settings import Settings, load_settings
from spreadsheets import write_xlsx

HEADER = ["指标名称", "计量单位", "本月"]


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def catalog(settings: Settings) -> Catalog:
    return load_catalog_from_settings(settings)


def check(
    path: Path, settings: Settings, catalog: Catalog, as_of: date = date(2024, 3, 10)
) -> tuple[pd.DataFrame, list[Failure]]:
    return readout.check(path, settings, catalog, as_of)


def figures(obs: pd.DataFrame) -> list[tuple[Any, ...]]:
    """(indicator, county, period, 本月, 累计, 增速) of every observation, sorted."""
    return sorted(readout.figures(obs, period=True), key=str)


codes = readout.codes


# --------------------------------------------------------------------------------------------
# 1. January's 本月 is its 1-1月累计


def test_a_january_table_with_the_month_alone_gives_the_year_to_date(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """毕节市2024年1月…, 本月 only: 煤炭产量 (cumulative) and 建成充电桩 (a count) are assessed on 1-本月累计,
    which in January is 本月 itself — loaded as both, nothing refused."""
    rows = [["毕节市2024年1月能源生产情况"], HEADER,
            ["煤炭产量", "万吨", 598.1], ["建成充电桩", "个", 56]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"1月": rows}), settings, catalog)
    assert figures(obs) == [
        ("charging_piles", "全市", "2024-01", 56.0, 56.0, None),
        ("coal_output", "全市", "2024-01", 598.1, 598.1, None),
    ]
    assert failures == []


def test_the_month_read_as_the_year_to_date_is_in_the_unit_of_its_column(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """本月（吨） in January: the year to date is the same figure in the same unit (59 810 吨 = 5.981 万吨)."""
    rows = [["毕节市2024年1月能源生产情况"], ["指标名称", "本月（吨）"], ["煤炭产量", 59810]]
    obs, _ = check(write_xlsx(tmp_path / "m.xlsx", {"1月": rows}), settings, catalog)
    assert figures(obs) == [("coal_output", "全市", "2024-01", 5.981, 5.981, None)]


def test_a_january_sheet_name_a_header_or_a_rows_own_period_make_it_january(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """The month may be said by the sheet name (2024年1月), a lone 1月 column, or each row's 统计期."""
    sheet = [["毕节市各县（市、区）煤炭产量"], ["单位：万吨"], ["县（市、区）", "本月"], ["七星关区", 150.2]]
    header = [["毕节市2024年分县发电量"], ["单位：亿千瓦时"], ["县（市、区）", "1月"], ["黔西市", 10.2]]
    own = [["毕节市能源生产情况"], ["统计期", *HEADER], ["2024年1月", "电煤供应量", "万吨", 201.7]]
    found = [
        figures(check(write_xlsx(tmp_path / f"{k}.xlsx", {name: rows}), settings, catalog)[0])
        for k, (name, rows) in enumerate((("2024年1月", sheet), ("发电量", header), ("Sheet1", own)))
    ]
    assert found == [
        [("coal_output", "七星关区", "2024-01", 150.2, 150.2, None)],
        [("power_generation", "黔西市", "2024-01", 10.2, 10.2, None)],
        [("thermal_coal_supply", "全市", "2024-01", 201.7, 201.7, None)],
    ]


def test_the_growth_beside_januarys_month_alone_is_the_year_to_dates_too(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    rows = [["毕节市2024年1月能源生产情况"], [*HEADER, "同比增长（%）"], ["发电量", "亿千瓦时", 45.3, 3.1]]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"1月": rows}), settings, catalog)
    assert figures(obs) == [("power_generation", "全市", "2024-01", 45.3, 45.3, 3.1)]
    assert failures == []


# --------------------------------------------------------------------------------------------
# 2. Only where the month is surely January


def test_in_june_the_month_alone_is_still_no_year_to_date(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    rows = [["毕节市2024年6月能源生产情况"], HEADER, ["煤炭产量", "万吨", 612.4]]
    obs, failures = check(
        write_xlsx(tmp_path / "m.xlsx", {"6月": rows}), settings, catalog, date(2024, 7, 10)
    )
    assert figures(obs) == []
    assert codes(failures) == [("6月", None, "value_missing")]


def test_without_a_period_the_month_alone_is_no_year_to_date(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    rows = [["能源生产情况"], HEADER, ["煤炭产量", "万吨", 612.4]]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"Sheet1": rows}), settings, catalog)
    assert figures(obs) == []
    assert [c for _, _, c in codes(failures)] == ["period_invalid", "value_missing"]


def test_a_sheet_without_a_period_beside_januarys_is_not_taken_for_january(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Sheet 1月 is January; sheet 补充 says no month of its own (the workbook's is only a guess for it):
    its 本月 is not made a year to date, nor given January's month: the sheet is refused for its period."""
    january = [["毕节市2024年1月能源生产情况"], HEADER, ["煤炭产量", "万吨", 598.1]]
    other = [["能源生产补充情况"], HEADER, ["发电量", "亿千瓦时", 45.3]]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"1月": january, "补充": other}), settings, catalog)
    assert figures(obs) == [("coal_output", "全市", "2024-01", 598.1, 598.1, None)]
    assert codes(failures) == [("补充", None, "period_invalid"), ("补充", None, "value_missing")]


def test_a_january_title_in_a_file_named_for_february_is_refused_as_before(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    rows = [["毕节市2024年1月能源生产情况"], HEADER, ["煤炭产量", "万吨", 598.1]]
    obs, failures = check(
        write_xlsx(tmp_path / "能源局2024年2月报表.xlsx", {"Sheet1": rows}), settings, catalog
    )
    assert figures(obs) == []
    assert "layout_ambiguous" in [c for _, _, c in codes(failures)]


def test_a_rate_under_januarys_month_is_given_no_year_to_date(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Only cumulative and count targets are assessed on a year to date: 社会消费品零售总额增速's level
    under 本月 stays its month's figure (e300)."""
    rows = [["毕节市2024年1月商贸运行情况"], HEADER, ["社会消费品零售总额", "亿元", 88.6], ["增速", "%", 7.9]]
    obs, _ = check(write_xlsx(tmp_path / "m.xlsx", {"1月": rows}), settings, catalog)
    assert figures(obs) == [("retail_sales_growth", "全市", "2024-01", 88.6, None, 7.9)]


# --------------------------------------------------------------------------------------------
# 3. A January 本月 and 1-1月累计 that disagree: never one silently picked


def test_januarys_month_and_year_to_date_that_disagree_are_refused_or_warned(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """本月 612.4 beside 1-1月累计 600.0: a year to date below its month, refused; 本月 45.3 beside 48.1:
    the 累计 loads (the figure the target is assessed on) with ytd_sum_mismatch naming both."""
    rows = [["毕节市2024年1月能源生产情况"], [*HEADER, "1-1月累计"],
            ["煤炭产量", "万吨", 612.4, 600.0], ["发电量", "亿千瓦时", 45.3, 48.1]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"1月": rows}), settings, catalog)
    assert figures(obs) == [("power_generation", "全市", "2024-01", 45.3, 48.1, None)]
    assert sorted(codes(failures)) == [
        ("1月", "D3", "guard_ytd_below_month"),
        ("1月", "D3", "ytd_sum_mismatch"),
        ("1月", "D4", "ytd_sum_mismatch"),
    ]
    assert "45.3" in next(f.message_zh for f in failures if f.cell == "D4")


def test_a_blank_year_to_date_beside_januarys_month_is_not_filled_from_it(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A 1-1月累计 column left blank on a row: the department chose not to fill it; nothing is copied."""
    rows = [["毕节市2024年1月能源生产情况"], [*HEADER, "1-1月累计"],
            ["煤炭产量", "万吨", 598.1, 598.1], ["发电量", "亿千瓦时", 45.3, None]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"1月": rows}), settings, catalog)
    assert figures(obs) == [("coal_output", "全市", "2024-01", 598.1, 598.1, None)]
    assert [c for _, _, c in codes(failures)] == ["value_missing"]


# --------------------------------------------------------------------------------------------
# 4. A table by month: 1月's year to date was read already


def test_the_january_column_of_a_table_by_month_is_januarys_year_to_date(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    rows = [["毕节市2024年1-3月能源生产情况"], ["指标名称", "计量单位", "1月", "2月", "3月"],
            ["煤炭产量", "万吨", 600.1, 580.2, 612.4]]  # fmt: skip
    obs, _ = check(write_xlsx(tmp_path / "m.xlsx", {"Sheet1": rows}), settings, catalog)
    assert figures(obs) == [
        ("coal_output", "全市", "2024-01", 600.1, 600.1, None),
        ("coal_output", "全市", "2024-02", 580.2, 1180.3, None),
        ("coal_output", "全市", "2024-03", 612.4, 1792.7, None),
    ]
