"""Table shapes departments send that the reader refused or misread (session 11): each is read as a careful
analyst reads it, or refused with a message saying what is missing — never a wrong number."""

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
# 1. A 项目 column of 本月 | 累计 rows, the indicator named only above the table


def test_item_rows_take_the_indicator_the_title_names(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """七星关区2024年1-6月煤炭产量 over 项目 | 数值 with rows 本月 / 累计: the title's county and indicator,
    the rows' measures — 本月 150.2 and 1-6月累计 880.6 of 七星关区's 煤炭产量."""
    rows = [
        ["七星关区2024年1-6月煤炭产量"],
        ["单位：万吨"],
        ["项目", "数值"],
        ["本月", 150.2],
        ["累计", 880.6],
    ]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"Sheet1": rows}), settings, catalog)
    assert figures(obs) == [("coal_output", "七星关区", "2024-06", 150.2, 880.6, None)]
    assert codes(failures) == []


def test_county_rows_with_item_rows_under_a_title_indicator(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """县（市、区） | 项目 | 数值 with 当月 / 1-6月累计 per county under 各县发电量: each county's two figures."""
    rows = [["毕节市2024年1-6月各县发电量"], ["单位：亿千瓦时"], ["县（市、区）", "项目", "数值"],
            ["七星关区", "当月", 4.1], ["七星关区", "1-6月累计", 26.3],
            ["黔西市", "当月", 10.5], ["黔西市", "1-6月累计", 62.6]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"Sheet1": rows}), settings, catalog)
    assert figures(obs) == [
        ("power_generation", "七星关区", "2024-06", 4.1, 26.3, None),
        ("power_generation", "黔西市", "2024-06", 10.5, 62.6, None),
    ]
    assert codes(failures) == []


def test_item_rows_take_the_indicator_of_a_merged_cell_above(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A merged cell 煤炭产量（万吨） between the title and 项目 | 数值 names the indicator (and its unit); the
    同比增长 row beside a 累计 row is the year to date's growth."""
    rows = [["毕节市2024年1-6月能源生产情况"], ["煤炭产量（万吨）"], ["项目", "数值"],
            ["本月", 612.4], ["累计", 3550.2], ["同比增长（%）", 8.6]]  # fmt: skip
    path = write_xlsx(tmp_path / "m.xlsx", {"Sheet1": rows}, merges={"Sheet1": ["A2:B2"]})
    obs, failures = check(path, settings, catalog)
    assert figures(obs) == [("coal_output", "全市", "2024-06", 612.4, 3550.2, 8.6)]
    assert codes(failures) == []


def test_item_rows_under_a_title_naming_two_indicators_are_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """煤炭产量和发电量 over 本月 / 累计 rows: whose figures they are cannot be told — the table is refused, the
    message naming both indicators, never given to either."""
    rows = [["毕节市2024年1-6月煤炭产量和发电量"], ["项目", "数值"], ["本月", 41.2], ["累计", 268.4]]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"Sheet1": rows}), settings, catalog)
    assert obs.empty
    assert codes(failures) == [("Sheet1", None, "layout_ambiguous")]
    assert "“项目”列（A列）填的是本月、累计等数值口径" in failures[0].message_zh
    assert "标题中有多个指标（“煤炭产量”（A1）、“发电量”（A1））" in failures[0].message_zh


def test_item_rows_with_no_indicator_anywhere_say_what_is_missing(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """毕节市2024年1-6月能源生产 over 本月 / 累计 rows names no indicator: refused once, saying the 项目 column
    holds measures and no indicator is named — not “指标名称‘本月’无法对应” on every row."""
    rows = [["毕节市2024年1-6月能源生产"], ["单位：万吨"], ["项目", "数值"], ["本月", 150.2], ["累计", 880.6]]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"Sheet1": rows}), settings, catalog)
    assert obs.empty
    assert codes(failures) == [("Sheet1", None, "layout_ambiguous")]
    assert "标题和工作表名中也没有指标名称" in failures[0].message_zh


def test_indicator_rows_with_county_rows_never_take_the_title_indicator(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A 指标名称 column of indicator headings over county rows (煤炭产量, 七星关区, 大方县, 发电量, 黔西市) under a
    title naming 煤炭产量: the column's own headings say whose each county row is, never the title's."""
    rows = [["毕节市2024年1-6月煤炭产量等能源指标"], ["指标名称", "计量单位", "本月", "1-6月累计"],
            ["煤炭产量", "万吨", 612.4, 3550.2], ["七星关区", "万吨", 42.3, 252.8], ["大方县", "万吨", 85.1, 505.4],
            ["发电量", "亿千瓦时", 41.2, 268.4], ["黔西市", "亿千瓦时", 10.5, 62.6]]  # fmt: skip
    obs, _failures = check(write_xlsx(tmp_path / "m.xlsx", {"Sheet1": rows}), settings, catalog)
    assert ("power_generation", "黔西市", "2024-06", 10.5, 62.6, None) in figures(obs)
    assert not any(f[0] == "coal_output" and f[1] == "黔西市" for f in figures(obs))


def test_sub_items_with_growth_rows_never_take_the_title_indicator(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """项目 rows 洗精煤 / 增速（%） under 毕节市2024年1-6月煤炭产量情况: 洗精煤 is a sub-item of its own (no catalog
    target) and the 增速 its growth — never 煤炭产量's growth: nothing of 煤炭产量 is loaded."""
    rows = [
        ["毕节市2024年1-6月煤炭产量情况"],
        ["单位：万吨"],
        ["项目", "数值"],
        ["洗精煤", 1203.5],
        ["增速（%）", 5.1],
    ]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"Sheet1": rows}), settings, catalog)
    assert obs.empty
    assert ("Sheet1", "A4", "unknown_indicator") in codes(failures)


# --------------------------------------------------------------------------------------------
# 2. A row with a growth and no figure


def test_a_growth_only_row_in_percent_is_refused_for_its_missing_figure(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """发电量 | % | (blank) | (blank) | 4.9: the % is the growth's unit; the row lacks its 1-6月累计 — one
    value_missing saying the row has a growth but no figure, no unit_mismatch of % against 亿千瓦时."""
    rows = [["毕节市2024年1-6月能源生产情况"], ["指标名称", "计量单位", "本月", "1-6月累计", "同比增长（%）"],
            ["煤炭产量", "万吨", 612.4, 3550.2, 8.6], ["发电量", "%", None, None, 4.9]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"Sheet1": rows}), settings, catalog)
    assert figures(obs) == [("coal_output", "全市", "2024-06", 612.4, 3550.2, 8.6)]
    assert codes(failures) == [("Sheet1", "D4", "value_missing")]
    assert failures[0].message_zh.startswith(
        "本行只填了同比增长（4.9%），没有数值（计量单位“%”是增速的单位）："
    )


def test_a_figure_in_percent_is_still_a_unit_mismatch(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """发电量 | % | 41.2 | 268.4 | 4.9: figures said to be in % for a 亿千瓦时 target stay refused as unit_mismatch."""
    rows = [["毕节市2024年1-6月能源生产情况"], ["指标名称", "计量单位", "本月", "1-6月累计", "同比增长（%）"],
            ["发电量", "%", 41.2, 268.4, 4.9]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"Sheet1": rows}), settings, catalog)
    assert obs.empty
    assert ("Sheet1", "B3", "unit_mismatch") in codes(failures)


# --------------------------------------------------------------------------------------------
# 3. A department's own 月报 titled 2024年第5期

ISSUE_HEADER = ["指标名称", "计量单位", "本月", "累计", "同比增长（%）"]
ISSUE_ROW = ["煤炭产量", "万吨", 647.2, 2937.8, 7.9]


def test_an_own_monthly_report_issue_title_is_its_month(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """毕节市能源局能源生产月报 / 2024年第5期 and no month elsewhere: a department's own 月报 numbers its issues
    by month — May, 本月 May's and 累计 1-5月."""
    rows = [["毕节市能源局能源生产月报"], ["2024年第5期"], ISSUE_HEADER, ISSUE_ROW]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"Sheet1": rows}), settings, catalog)
    assert figures(obs) == [("coal_output", "全市", "2024-05", 647.2, 2937.8, 7.9)]
    assert codes(failures) == []


def test_an_issue_against_a_header_month_is_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """月报 2024年第5期 over a 1-6月累计 column: May or June cannot be told — the table is refused."""
    header = ["指标名称", "计量单位", "本月", "1-6月累计", "同比增长（%）"]
    rows = [["毕节市能源局能源生产月报"], ["2024年第5期"], header, ISSUE_ROW]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"Sheet1": rows}), settings, catalog)
    assert obs.empty
    assert [f.code.value for f in failures] == ["layout_ambiguous"]


def test_a_statistical_monthly_issue_title_names_both_readings(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """毕节市能源统计月报 / 2024年第5期: a 统计月报 may merge January and February (第5期 = June) — refused, the
    message naming May and June."""
    rows = [["毕节市能源统计月报"], ["2024年第5期"], ISSUE_HEADER, ISSUE_ROW]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"Sheet1": rows}), settings, catalog)
    assert obs.empty
    assert [f.code.value for f in failures] == ["period_invalid"]
    assert "统计月报的第5期可能是5月（按月编期），也可能是6月（1-2月合为第1期）" in failures[0].message_zh


@pytest.mark.parametrize("title", ["毕节市能源工作简报", "毕节市能源生产季报"])
def test_an_issue_title_of_no_monthly_report_stays_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog, title: str
) -> None:
    """A 简报 or 季报 numbered 2024年第5期 does not say its issues are months: refused (period_invalid)."""
    rows = [[title], ["2024年第5期"], ISSUE_HEADER, ISSUE_ROW]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"Sheet1": rows}), settings, catalog)
    assert obs.empty
    assert [f.code.value for f in failures] == ["period_invalid"]


def test_a_signature_line_edited_by_is_a_footer(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """编制：王磊 | 审核：李娟 under the table is the signature line (note_ignored), not a row of data."""
    rows = [
        ["毕节市2024年1-5月能源生产情况"],
        ISSUE_HEADER,
        ISSUE_ROW,
        [],
        ["编制：王磊", None, "审核：李娟"],
    ]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"Sheet1": rows}), settings, catalog)
    assert figures(obs) == [("coal_output", "全市", "2024-05", 647.2, 2937.8, 7.9)]
    assert codes(failures) == [("Sheet1", "A5", "note_ignored")]


# --------------------------------------------------------------------------------------------
# 4. Units in thousands (enterprise forms)


def test_units_in_thousands_are_converted(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """千元 for an 亿元 target (4260000 千元 = 42.6 亿元) and 千吨 for a 万吨 one (6124 千吨 = 612.4 万吨) are read
    and converted, as a person reads them — not refused as unknown units."""
    rows = [["毕节市2024年1-6月重点指标"], ["指标名称", "计量单位", "本月", "1-6月累计"],
            ["优质烟酒产业产值", "千元", 4260000, 24510000], ["煤炭产量", "千吨", 6124, 35502]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"Sheet1": rows}), settings, catalog)
    assert figures(obs) == [
        ("coal_output", "全市", "2024-06", 612.4, 3550.2, None),
        ("tobacco_liquor_output_value", "全市", "2024-06", 42.6, 245.1, None),
    ]
    assert codes(failures) == []


# --------------------------------------------------------------------------------------------
# 5. Measure rows naming another month than the title


def test_a_ytd_row_of_another_month_than_the_title_is_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """项目 | 煤炭产量（万吨） over 当月 / 1-5月累计 under 毕节市2024年6月…: a June report from May's template —
    May's or June's year to date cannot be told: refused, naming the row and the title; never June's 累计."""
    rows = [
        ["毕节市2024年6月能源生产情况"],
        ["项目", "煤炭产量（万吨）"],
        ["当月", 612.4],
        ["1-5月累计", 2937.8],
    ]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"Sheet1": rows}), settings, catalog)
    assert obs.empty
    assert codes(failures) == [("Sheet1", None, "layout_ambiguous")]
    assert "第4行“1-5月累计”（A4）说的是5月，而标题（A1）写的是2024年6月" in failures[0].message_zh


def test_a_ytd_row_of_the_title_month_still_loads(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """The same table with 1-6月累计 under the June title: June's 本月 and 1-6月累计."""
    rows = [
        ["毕节市2024年6月能源生产情况"],
        ["项目", "煤炭产量（万吨）"],
        ["当月", 612.4],
        ["1-6月累计", 3550.2],
    ]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"Sheet1": rows}), settings, catalog)
    assert figures(obs) == [("coal_output", "全市", "2024-06", 612.4, 3550.2, None)]
    assert codes(failures) == []


# --------------------------------------------------------------------------------------------
# 6. A 口径 column over one 数值 column


def test_a_measure_column_over_a_value_column_gives_each_row_its_measure(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """指标名称 | 计量单位 | 口径 | 数值 with 本月 / 1-6月累计 rows per indicator: each figure is its row's measure —
    the 本月 row never loaded as the year to date, the 累计 row never refused as its duplicate."""
    rows = [["毕节市2024年1-6月能源生产情况"], ["指标名称", "计量单位", "口径", "数值"],
            ["煤炭产量", "万吨", "本月", 612.4], ["煤炭产量", "万吨", "1-6月累计", 3550.2]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"Sheet1": rows}), settings, catalog)
    assert figures(obs) == [("coal_output", "全市", "2024-06", 612.4, 3550.2, None)]
    assert codes(failures) == []


def test_a_blank_headed_measure_column_is_not_said_to_be_unread(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A 口径 column with no header (本月 / 累计 in its cells) is the rows' measure: read, with no note that
    column C holds values under no header and was not read."""
    rows = [["毕节市2024年1-6月能源生产情况"], ["指标名称", "计量单位", None, "本期值"],
            ["煤炭产量", "万吨", "本月", 612.4], ["煤炭产量", "万吨", "累计", 3550.2]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"Sheet1": rows}), settings, catalog)
    assert figures(obs) == [("coal_output", "全市", "2024-06", 612.4, 3550.2, None)]
    assert codes(failures) == []
