"""A growth written as an index with last year at 100 (为上年同期%, 上年同期=100, 发展速度) is read as the growth.

Statistical monthly reports give 规模以上工业增加值 | 1-6月 | 为上年同期% over 320.5 | 108.2: this year's figure
as a percentage of last year's, a growth of 8.2 %. A careful reader takes 100 off; the figure keeps its
provenance (the index as typed). A column of such indices holding figures no index can be (8.2: the growth
itself typed under the index header) is refused, not read as a fall of 91.8 %.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import readout
from bijie_etl.catalog import Catalog
from bijie_etl.settings import Settings
from readout import check
from spreadsheets import write_csv, write_xls, write_xlsx

TITLE = ["毕节市2024年1-6月主要经济指标"]


def growths(obs) -> dict[str, float]:
    return {
        r.indicator_code: round(float(r.growth_pct), 6)
        for r in obs.itertuples()
        if r.growth_pct == r.growth_pct
    }


@pytest.mark.parametrize(
    "header", ["为上年同期%", "为上年同期（%）", "上年同期=100", "发展速度(%)", "以上年同期为100"]
)
def test_an_index_of_last_year_is_read_as_the_growth(
    tmp_path: Path, settings: Settings, catalog: Catalog, header: str
) -> None:
    rows = [
        TITLE,
        ["指标", "计量单位", "1-6月", header],
        ["规模以上工业增加值", "亿元", 320.5, 108.2],
        ["地区生产总值", "亿元", 1050.2, 96.5],
    ]
    obs, failures = check(write_xlsx(tmp_path / "s.xlsx", {"主要指标": rows}), settings, catalog)
    assert growths(obs) == {"industrial_value_added_growth": 8.2, "gdp_growth": -3.5}
    assert readout.codes(failures) == []


def test_the_index_as_typed_is_kept_as_the_figures_provenance(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    rows = [TITLE, ["指标", "计量单位", "1-6月", "为上年同期%"], ["规模以上工业增加值", "亿元", 320.5, 108.2]]
    obs, _ = check(write_xlsx(tmp_path / "s.xlsx", {"主要指标": rows}), settings, catalog)
    reading = json.loads(obs.iloc[0]["reading"])["growth_pct"]
    assert reading["typed"] == "108.2"
    assert reading["index"] == "上年同期=100"
    assert "factor" not in reading  # 8.2 / 108.2 is no unit factor


def test_in_a_legacy_xls_and_a_gbk_csv_too(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    rows = [
        ["指标名称", "计量单位", "统计期", "1-本月累计", "为上年同期%"],
        ["原煤产量", "万吨", "2024-06", "3550.2", "108.6%"],
    ]
    obs, _ = check(write_csv(tmp_path / "c.csv", rows, encoding="gb18030"), settings, catalog)
    assert growths(obs) == {"coal_output": 8.6}
    xls = [TITLE, ["指标", "计量单位", "1-6月累计", "为上年同期(%)"], ["原煤产量", "万吨", 3550.2, 91.4]]
    obs, _ = check(write_xls(tmp_path / "x.xls", {"Sheet1": xls}), settings, catalog)
    assert growths(obs) == {"coal_output": -8.6}


def test_an_index_in_a_percent_formatted_cell_is_its_shown_percentage(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """1.082 shown 108.2% under 发展速度(%): an index of 108.2, a growth of 8.2 (not a growth of 108.2 % asked about)."""
    rows = [TITLE, ["指标", "计量单位", "1-6月", "发展速度(%)"], ["规模以上工业增加值", "亿元", 320.5, 1.082]]
    path = write_xlsx(tmp_path / "s.xlsx", {"S": rows}, styles={"S": {(2, 3): {"num_format": "0.0%"}}})
    obs, failures = check(path, settings, catalog)
    assert growths(obs) == {"industrial_value_added_growth": 8.2}
    assert readout.codes(failures) == []


def test_the_months_own_index_is_not_the_year_to_dates_growth(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    rows = [
        ["毕节市2024年6月能源生产"],
        ["指标", "计量单位", "本月", None, "1-6月", None],
        [None, None, "绝对值", "为上年同期%", "绝对值", "为上年同期%"],
        ["原煤产量", "万吨", 620.1, 104.3, 3550.2, 108.6],
    ]
    merges = {"S": ["A2:A3", "B2:B3", "C2:D2", "E2:F2"]}
    obs, failures = check(write_xlsx(tmp_path / "s.xlsx", {"S": rows}, merges=merges), settings, catalog)
    assert readout.figures(obs) == [("coal_output", "全市", 620.1, 3550.2, 8.6)]
    assert readout.codes(failures) == [("S", "D3", "column_ignored")]


def test_beside_a_growth_column_the_index_is_not_read_twice(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    rows = [
        TITLE,
        ["指标", "计量单位", "1-6月", "同比增长(%)", "为上年同期%"],
        ["规模以上工业增加值", "亿元", 320.5, 8.2, 108.2],
    ]
    obs, failures = check(write_xlsx(tmp_path / "s.xlsx", {"S": rows}), settings, catalog)
    assert growths(obs) == {"industrial_value_added_growth": 8.2}
    assert readout.codes(failures) == [("S", "E2", "column_ignored")]
    assert "D列" in failures[0].message_zh


def test_rows_naming_the_measure_and_a_transposed_table_read_the_index_too(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """指标 | 口径 | 数值 with a 为上年同期% row, and 项目 | 原煤产量 | 发电量 with one: the index row is the growth."""
    by_rows = [
        TITLE,
        ["指标", "口径", "数值"],
        ["原煤产量", "1-6月累计", 3550.2],
        ["原煤产量", "为上年同期%", 108.6],
    ]
    obs, _ = check(write_xlsx(tmp_path / "r.xlsx", {"S": by_rows}), settings, catalog)
    assert growths(obs) == {"coal_output": 8.6}
    transposed = [
        TITLE,
        ["项目", "原煤产量（万吨）", "发电量（亿千瓦时）"],
        ["1-6月累计", 3550.2, 268.4],
        ["为上年同期%", 108.6, 95.1],
    ]
    obs, _ = check(write_xlsx(tmp_path / "t.xlsx", {"S": transposed}), settings, catalog)
    assert growths(obs) == {"coal_output": 8.6, "power_generation": -4.9}


def test_growths_typed_under_an_index_header_are_refused_not_read_as_falls(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """8.2 under 为上年同期%: as an index a fall of 91.8 %; more likely the growth itself. The column is not read,
    except where the row's 1-6月累计 and 上年同期 confirm the figure as the index it is."""
    rows = [
        TITLE,
        ["指标", "计量单位", "1-6月累计", "上年同期", "为上年同期%"],
        ["规模以上工业增加值", "亿元", 320.5, None, 8.2],
        ["社会消费品零售总额", "亿元", 285.7, 263.1, 108.6],
    ]
    obs, failures = check(write_xlsx(tmp_path / "s.xlsx", {"S": rows}), settings, catalog)
    assert growths(obs) == {"retail_sales_growth": 8.6}
    assert readout.codes(failures) == [("S", "E3", "growth_index_unclear")]
    assert "“8.2”未作为增速入库" in failures[0].message_zh
