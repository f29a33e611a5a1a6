"""Last year's figures and January, read as a careful analyst reads them (session 11): January's 上年同期 is
last year's 1-1月, a rate's January 本月 is its January figure, and where which figure a 上年同期 or a growth
belongs to cannot be told, the row is refused with a message that says so — never a wrong number loaded."""

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
from spreadsheets import write_xls, write_xlsx

JANUARY = date(2024, 3, 10)
ENERGY_JANUARY = "毕节市2024年1月能源生产情况"


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def catalog(settings: Settings) -> Catalog:
    return load_catalog_from_settings(settings)


def check(
    path: Path, settings: Settings, catalog: Catalog, as_of: date = JANUARY
) -> tuple[pd.DataFrame, list[Failure]]:
    return readout.check(path, settings, catalog, as_of)


def figures(obs: pd.DataFrame) -> list[tuple[Any, ...]]:
    """(indicator, county, period, 本月, 累计, 上年同期, 增速, 本期值) of every observation, in order."""
    return readout.figures(obs, period=True, prior=True, value=True)


codes = readout.codes


# --------------------------------------------------------------------------------------------
# 1. January's 上年同期 is last year's 1-1月


@pytest.mark.parametrize(
    "word", ["上年同期", "去年同期", "上年同月", "去年同月", "去年当月", "上年1月", "上年同期数"]
)
def test_januarys_last_year_beside_the_month_is_last_years_year_to_date(
    tmp_path: Path, settings: Settings, catalog: Catalog, word: str
) -> None:
    """本月 | 上年同期 | 同比增长 in January, no 累计: last year's January is last year's 1-1月 — the 上年同期累计."""
    rows = [[ENERGY_JANUARY], ["指标名称", "计量单位", "本月", word, "同比增长（%）"],
            ["煤炭产量", "万吨", 598.1, 560.0, 6.8]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"1月": rows}), settings, catalog)
    assert figures(obs) == [("coal_output", "全市", "2024-01", 598.1, 598.1, 560.0, 6.8, 598.1)]
    assert failures == []


def test_januarys_last_year_under_a_group_over_its_month_and_by_county(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """本年 › 本月 | 上年同期 › 本月 (merged groups), and county rows under a sheet named 2024年1月 with a unit line."""
    grouped = [[ENERGY_JANUARY], ["指标名称", "计量单位", "本年", "上年同期", "同比增长（%）"],
               [None, None, "本月", "本月", None], ["煤炭产量", "万吨", 598.1, 560.0, 6.8]]  # fmt: skip
    merges = {"Sheet1": ["A2:A3", "B2:B3", "E2:E3"]}
    counties = [["毕节市各县（市、区）煤炭产量"], ["单位：万吨"], ["县（市、区）", "本月", "去年同期", "增减（%）"],
                ["七星关区", 150.2, 142.0, 5.8], ["大方县", 160.1, 151.3, 5.8]]  # fmt: skip
    found = [
        figures(
            check(write_xlsx(tmp_path / "g.xlsx", {"Sheet1": grouped}, merges=merges), settings, catalog)[0]
        ),
        figures(check(write_xls(tmp_path / "c.xls", {"2024年1月": counties}), settings, catalog)[0]),
    ]
    assert found == [
        [("coal_output", "全市", "2024-01", 598.1, 598.1, 560.0, 6.8, 598.1)],
        [
            ("coal_output", "七星关区", "2024-01", 150.2, 150.2, 142.0, 5.8, 150.2),
            ("coal_output", "大方县", "2024-01", 160.1, 160.1, 151.3, 5.8, 160.1),
        ],
    ]


def test_januarys_last_year_is_in_the_unit_of_its_column(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """本月（吨） | 上年同月（吨）: 59 810 吨 and 56 000 吨 are 5.981 and 5.6 万吨."""
    rows = [[ENERGY_JANUARY], ["指标名称", "本月（吨）", "上年同月（吨）"], ["煤炭产量", 59810, 56000]]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"1月": rows}), settings, catalog)
    assert figures(obs) == [("coal_output", "全市", "2024-01", 5.981, 5.981, 5.6, None, 5.981)]
    assert failures == []


def test_januarys_last_year_beside_a_growth_targets_level_is_not_read(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """社会消费品零售总额's January level stays its month's own (e300): last year's January beside it is not
    read, with a note at its cell; the row of 煤炭产量 with a blank 本月 has no figure of this year (refused)."""
    rows = [["毕节市2024年1月经济运行情况"], ["指标名称", "计量单位", "本月", "上年同期", "同比增长（%）"],
            ["社会消费品零售总额", "亿元", 88.6, 82.1, 7.9], ["煤炭产量", "万吨", None, 560.0, None]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"1月": rows}), settings, catalog)
    assert figures(obs) == [("retail_sales_growth", "全市", "2024-01", 88.6, None, None, 7.9, 7.9)]
    assert [(c, k) for _, c, k in codes(failures)] == [("D3", "column_ignored"), (None, "value_missing")]
    assert "82.1" in failures[0].message_zh
    assert "按累计增速考核" in failures[0].message_zh


def test_in_june_last_year_beside_the_month_alone_is_still_not_read(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Only January's month is a year to date: in June 本月 | 上年同期 stays last year's June (column_ignored)."""
    rows = [
        ["毕节市2024年6月能源生产情况"],
        ["指标名称", "计量单位", "本月", "上年同期"],
        ["煤炭产量", "万吨", 612.4, 590.1],
    ]
    obs, failures = check(
        write_xlsx(tmp_path / "m.xlsx", {"6月": rows}), settings, catalog, date(2024, 7, 10)
    )
    assert figures(obs) == []
    assert codes(failures) == [("6月", "D2", "column_ignored"), ("6月", None, "value_missing")]


def test_a_january_table_with_a_year_to_date_keeps_its_last_years_month_aside(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """本月 | 上年同期 | 1-1月累计 | 上年同期: each 上年同期 pairs with its own figure, as in any month."""
    rows = [[ENERGY_JANUARY], ["指标名称", "计量单位", "本月", "上年同期", "1-1月累计", "上年同期"],
            ["煤炭产量", "万吨", 598.1, 560.0, 598.1, 560.0]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"1月": rows}), settings, catalog)
    assert figures(obs) == [("coal_output", "全市", "2024-01", 598.1, 598.1, 560.0, None, 598.1)]
    assert codes(failures) == [("1月", "D2", "column_ignored")]


# --------------------------------------------------------------------------------------------
# 2. A rate's or level's January 本月 is its January figure


def test_a_rates_and_a_levels_january_month_is_their_figure_for_the_period(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """空气质量优良率 (a share, one cell percent-formatted 0.979 → 97.9) and 旅游床位 (a level) under January's
    本月: January's own figure is the figure they are assessed on (value), with last year's January beside."""
    rates = [["毕节市2024年1月生态环境质量情况"], ["指标名称", "计量单位", "本月", "上年同月"],
             ["中心城市环境空气质量优良率", "%", 98.4, 96.1], ["旅游床位", "万张", 12.3, 11.8]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"1月": rates}), settings, catalog)
    assert figures(obs) == [
        ("air_quality_good_rate_central_city", "全市", "2024-01", 98.4, None, 96.1, None, 98.4),
        ("tourism_beds", "全市", "2024-01", 12.3, None, 11.8, None, 12.3),
    ]
    assert failures == []


def test_a_rates_month_is_its_figure_only_in_january(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """June's 本月 rate is June's alone, not the 1-6月 rate the target is assessed on: still refused."""
    rows = [
        ["毕节市2024年6月生态环境质量情况"],
        ["指标名称", "计量单位", "本月"],
        ["中心城市环境空气质量优良率", "%", 98.4],
    ]
    obs, failures = check(
        write_xlsx(tmp_path / "m.xlsx", {"6月": rows}), settings, catalog, date(2024, 7, 10)
    )
    assert figures(obs) == []
    assert [k for _, _, k in codes(failures)] == ["value_missing"]


def test_a_blank_figure_for_the_period_beside_januarys_rate_is_not_filled(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """本月 | 本期值 in January with 本期值 left blank: the department chose not to fill it; nothing is copied."""
    rows = [["毕节市2024年1月生态环境质量情况"], ["指标名称", "计量单位", "本月", "本期值"],
            ["中心城市环境空气质量优良率", "%", 98.4, None]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"1月": rows}), settings, catalog)
    assert figures(obs) == []
    assert [k for _, _, k in codes(failures)] == ["value_missing"]


# --------------------------------------------------------------------------------------------
# 3. A growth and a 上年同期 beside the month alone are the month's


def test_a_month_growth_followed_by_last_year_is_not_read_as_the_years(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """本月 | 同比增长 | 上年同期 in June, no 累计: the growth is June's own and the 上年同期 last year's June —
    neither read; the growth target is refused for want of its 1-6月 growth (it was loaded as the year's)."""
    rows = [["毕节市2024年6月商贸运行情况"], ["指标名称", "计量单位", "本月", "同比增长（%）", "上年同期"],
            ["社会消费品零售总额", "亿元", 88.6, 7.9, 82.1]]  # fmt: skip
    obs, failures = check(
        write_xlsx(tmp_path / "m.xlsx", {"6月": rows}), settings, catalog, date(2024, 7, 10)
    )
    assert figures(obs) == []
    assert codes(failures) == [
        ("6月", "D2", "column_ignored"),
        ("6月", "E2", "column_ignored"),
        ("6月", None, "value_missing"),
    ]


# --------------------------------------------------------------------------------------------
# 4. A 统计期 of last year's same months is this year's 上年同期

PERIOD_HEADER = ["统计期", "指标名称", "计量单位", "本月", "1-本月累计", "同比增长（%）"]


@pytest.mark.parametrize(
    ("title", "now", "last"),
    [
        ("毕节市能源生产情况", "2024年1-6月", "2023年1-6月"),
        ("毕节市2024年1-6月能源生产情况", "2024年1-6月", "2023年1-6月"),
        ("毕节市能源生产情况", "2024年上半年", "2023年上半年"),
        ("毕节市能源生产情况", "2024.1-6", "2023.1-6"),
        ("毕节市2024年1-6月能源生产情况", "本期", "2023年1-6月"),
    ],
)
def test_last_years_same_months_in_the_period_column_are_the_prior_year_to_date(
    tmp_path: Path, settings: Settings, catalog: Catalog, title: str, now: str, last: str
) -> None:
    """A 2023年1-6月 row beside a 2024年1-6月 row (or under a 2024年1-6月 title): its 累计 is the 上年同期累计;
    its 本月 (last year's June) is not kept, with a note at its cell."""
    rows = [[title], PERIOD_HEADER, [now, "煤炭产量", "万吨", 612.4, 3550.2, 8.6],
            [last, "煤炭产量", "万吨", 590.1, 3268.5, None]]  # fmt: skip
    obs, failures = check(
        write_xlsx(tmp_path / "m.xlsx", {"能源": rows}), settings, catalog, date(2024, 7, 10)
    )
    assert figures(obs) == [("coal_output", "全市", "2024-06", 612.4, 3550.2, 3268.5, 8.6, 3550.2)]
    assert codes(failures) == [("能源", "D4", "column_ignored")]


@pytest.mark.parametrize(
    ("now", "last", "said"),
    [
        (date(2024, 6, 30), date(2023, 6, 30), "2023-06-30"),
        (202406, 202306, "202306"),
        ("2024年1-6月", "上年同期", "上年同期"),
    ],
)
def test_last_years_date_cells_and_words_beside_this_years_rows_are_its_prior(
    tmp_path: Path, settings: Settings, catalog: Catalog, now: Any, last: Any, said: str
) -> None:
    """统计期 as date cells (2024-06-30 | 2023-06-30) or yyyymm, or 上年同期 beside a 2024年1-6月 row with no
    period around the table: the rows state the period, last year's row is the 上年同期."""
    rows = [["毕节市能源生产情况"], ["统计期", "指标名称", "计量单位", "本月", "1-本月累计"],
            [now, "煤炭产量", "万吨", 612.4, 3550.2], [last, "煤炭产量", "万吨", 590.1, 3268.5]]  # fmt: skip
    obs, failures = check(
        write_xlsx(tmp_path / "m.xlsx", {"能源": rows}), settings, catalog, date(2024, 7, 10)
    )
    assert figures(obs) == [("coal_output", "全市", "2024-06", 612.4, 3550.2, 3268.5, None, 3550.2)]
    assert codes(failures) == [("能源", "D4", "column_ignored")]
    assert f"统计期是“{said}”" in failures[0].message_zh


def test_last_years_lone_figure_and_a_rates_are_their_prior_too(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A lone 数值 per row: a cumulative target's 2023年1-6月 figure is its 上年同期累计, a rate's its last year's rate."""
    rows = [["毕节市能源生产情况"], ["统计期", "指标名称", "计量单位", "数值"],
            ["2024年1-6月", "煤炭产量", "万吨", 3550.2], ["2023年1-6月", "煤炭产量", "万吨", 3268.5],
            ["2024年1-6月", "中心城市环境空气质量优良率", "%", 97.2],
            ["2023年1-6月", "中心城市环境空气质量优良率", "%", 96.0]]  # fmt: skip
    obs, failures = check(
        write_xlsx(tmp_path / "m.xlsx", {"能源": rows}), settings, catalog, date(2024, 7, 10)
    )
    assert figures(obs) == [
        ("coal_output", "全市", "2024-06", None, 3550.2, 3268.5, None, 3550.2),
        ("air_quality_good_rate_central_city", "全市", "2024-06", None, None, 96.0, None, 97.2),
    ]
    assert failures == []


@pytest.mark.parametrize("last", ["2022年1-6月", "2023年1-5月"])
def test_another_year_or_other_months_are_still_refused_as_periods(
    tmp_path: Path, settings: Settings, catalog: Catalog, last: str
) -> None:
    """2022年1-6月 (two years back) or 2023年1-5月 (other months) is no 上年同期 of 2024年1-6月: refused."""
    rows = [["毕节市2024年1-6月能源生产情况"], PERIOD_HEADER, ["2024年1-6月", "煤炭产量", "万吨", 612.4, 3550.2, 8.6],
            [last, "煤炭产量", "万吨", 590.1, 3268.5, None]]  # fmt: skip
    obs, failures = check(
        write_xlsx(tmp_path / "m.xlsx", {"能源": rows}), settings, catalog, date(2024, 7, 10)
    )
    assert figures(obs) == [("coal_output", "全市", "2024-06", 612.4, 3550.2, None, 8.6, 3550.2)]
    assert codes(failures) == [("能源", "A4", "period_invalid")]


def test_a_table_by_month_of_two_years_is_left_as_before(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Rows 2024年5月 | 2024年6月 beside 2023年6月: this year's column names several months (a table by month);
    which of last year's rows is whose 上年同期 is not guessed: 2023年6月 is refused as a period."""
    rows = [["毕节市能源生产情况"], PERIOD_HEADER, ["2024年5月", "煤炭产量", "万吨", 647.2, 2937.8, None],
            ["2024年6月", "煤炭产量", "万吨", 612.4, 3550.2, 8.6], ["2023年6月", "煤炭产量", "万吨", 590.1, 3268.5, None]]  # fmt: skip
    obs, failures = check(
        write_xlsx(tmp_path / "m.xlsx", {"能源": rows}), settings, catalog, date(2024, 7, 10)
    )
    assert [f[3] for f in figures(obs)] == [647.2, 612.4]
    assert all(f[5] is None for f in figures(obs))
    assert ("能源", "A5", "period_invalid") in codes(failures)


# --------------------------------------------------------------------------------------------
# 5. A row with last year's figure and none of this year's says so


def test_a_row_of_last_year_alone_is_refused_saying_it_has_no_figure_of_this_year(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """上年同期 rows for 发电量 with no 本期 row: value_missing that names last year's figure and its cell, not
    “文件中没有…列”; the same for a January 本月 left blank beside its 上年同期."""
    rows = [["毕节市2024年1-6月能源生产情况"], PERIOD_HEADER, ["本期", "煤炭产量", "万吨", 612.4, 3550.2, 8.6],
            ["上年同期", "煤炭产量", "万吨", 590.1, 3268.5, None], ["上年同期", "发电量", "亿千瓦时", 44.0, 255.9, None]]  # fmt: skip
    january = [
        [ENERGY_JANUARY],
        ["指标名称", "计量单位", "本月", "上年同期"],
        ["煤炭产量", "万吨", None, 560.0],
    ]
    june, jan = (
        check(write_xlsx(tmp_path / "j.xlsx", {"能源": rows}), settings, catalog, date(2024, 7, 10))[1],
        check(write_xlsx(tmp_path / "k.xlsx", {"1月": january}), settings, catalog)[1],
    )
    missing = [f.message_zh for f in [*june, *jan] if f.code.value == "value_missing"]
    assert missing == [
        "本行只有上年同期数（255.9，E5），没有本期（2024年6月）的数值；该指标按“1-本月累计”考核，上年同期数不能代替，"
        "未入库。如本期数漏填，请在本期的行（或本月、累计列）填写“1-本月累计”后重新报送",
        "本行只有上年同期数（560，D3），没有本期（2024年1月）的数值；该指标按“1-本月累计”考核，上年同期数不能代替，"
        "未入库。如本期数漏填，请在本期的行（或本月、累计列）填写“1-本月累计”后重新报送",
    ]


# --------------------------------------------------------------------------------------------
# 6. Growth sheets beside several months, by month rows, or with 上年同期

MONTH_HEADER = ["指标名称", "计量单位", "本月", "1-本月累计"]
MAY = [["毕节市2024年1-5月能源生产情况"], MONTH_HEADER, ["煤炭产量", "万吨", 647.2, 2937.8]]
JUNE = [["毕节市2024年1-6月能源生产情况"], MONTH_HEADER, ["煤炭产量", "万吨", 612.4, 3550.2]]


def test_a_growth_sheet_naming_its_month_joins_that_months_figures_among_several(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Sheets 5月 and 6月 and a growth sheet titled 2024年1-6月…增速: its growths are June's; its 上年同期
    column holds last year's growths (not read)."""
    growth = [
        ["毕节市2024年1-6月能源生产增速"],
        ["单位：%"],
        ["指标名称", "1-6月累计", "上年同期"],
        ["煤炭产量", 8.6, 3.2],
    ]
    path = write_xlsx(tmp_path / "m.xlsx", {"5月": MAY, "6月": JUNE, "增速": growth})
    obs, failures = check(path, settings, catalog, date(2024, 7, 10))
    assert figures(obs) == [
        ("coal_output", "全市", "2024-05", 647.2, 2937.8, None, None, 2937.8),
        ("coal_output", "全市", "2024-06", 612.4, 3550.2, None, 8.6, 3550.2),
    ]
    assert codes(failures) == [("增速", "C3", "column_ignored")]
    assert "上年同期的增速" in failures[0].message_zh


def test_a_growth_sheet_without_a_month_beside_several_months_is_refused_saying_so(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """No month on the growth sheet, figures of May and June: whose growths these are is not guessed — the
    growth sheet is refused once, naming the months (it was refused row by row as duplicates and % units)."""
    growth = [["能源生产增速"], ["单位：%"], ["指标名称", "1-本月累计"], ["煤炭产量", 8.6]]
    path = write_xlsx(tmp_path / "m.xlsx", {"5月": MAY, "6月": JUNE, "增速": growth})
    obs, failures = check(path, settings, catalog, date(2024, 7, 10))
    assert [f[6] for f in figures(obs)] == [None, None]
    assert codes(failures) == [("增速", None, "layout_ambiguous")]
    assert "2024年5月" in failures[0].message_zh
    assert "2024年6月" in failures[0].message_zh


def test_a_growth_sheet_naming_a_month_without_figures_is_refused_as_before(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    growth = [["毕节市2024年1-4月能源生产增速"], ["单位：%"], ["指标名称", "1-4月累计"], ["煤炭产量", 7.9]]
    path = write_xlsx(tmp_path / "m.xlsx", {"5月": MAY, "6月": JUNE, "增速": growth})
    _, failures = check(path, settings, catalog, date(2024, 7, 10))
    assert codes(failures) == [("增速", None, "layout_ambiguous")]


def test_a_growth_sheet_by_month_rows_joins_each_month(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """统计期 5月 | 6月 on the figures and on the growth sheet: each growth joins its own month's row."""
    figures_rows = [["毕节市2024年能源生产情况"], ["统计期", *MONTH_HEADER],
                    ["5月", "煤炭产量", "万吨", 647.2, 2937.8], ["6月", "煤炭产量", "万吨", 612.4, 3550.2]]  # fmt: skip
    growth = [["毕节市2024年能源生产增速"], ["统计期", "指标名称", "1-本月累计"],
              ["5月", "煤炭产量", 8.1], ["6月", "煤炭产量", 8.6]]  # fmt: skip
    path = write_xlsx(tmp_path / "m.xlsx", {"分月": figures_rows, "增速": growth})
    obs, failures = check(path, settings, catalog, date(2024, 7, 10))
    assert figures(obs) == [
        ("coal_output", "全市", "2024-05", 647.2, 2937.8, None, 8.1, 2937.8),
        ("coal_output", "全市", "2024-06", 612.4, 3550.2, None, 8.6, 3550.2),
    ]
    assert failures == []


def test_a_countys_group_of_month_last_year_and_growth_is_the_months_own(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """七星关区 › 本月 | 上年同期 | 同比增长 in June with no 累计: last year's June and June's own growth, neither
    read (the growth was loaded as the county's 1-6月 growth); in January the same groups are each county's
    1-1月 and its 上年同期."""
    header = [["指标名称", "七星关区", None, None, "大方县", None, None],
              [None, "本月", "上年同期", "同比增长（%）", "本月", "上年同期", "同比增长（%）"]]  # fmt: skip
    merges = {"Sheet1": ["B3:D3", "E3:G3", "A3:A4"]}
    june = [
        ["毕节市2024年6月分县社会消费品零售总额"],
        ["单位：亿元"],
        *header,
        ["社会消费品零售总额", 15.2, 14.0, 8.6, 16.1, 15.3, 5.2],
    ]
    january = [
        ["毕节市2024年1月分县煤炭产量"],
        ["单位：万吨"],
        *header,
        ["煤炭产量", 150.2, 142.0, 5.8, 160.1, 151.3, 5.8],
    ]
    obs, failures = check(
        write_xlsx(tmp_path / "j.xlsx", {"Sheet1": june}, merges=merges), settings, catalog, date(2024, 7, 10)
    )
    assert figures(obs) == []
    assert [(c, k) for _, c, k in codes(failures)] == [
        ("C4", "column_ignored"), ("D4", "column_ignored"), ("F4", "column_ignored"), ("G4", "column_ignored"),
        (None, "value_missing"), (None, "value_missing"),
    ]  # fmt: skip
    obs, failures = check(
        write_xlsx(tmp_path / "k.xlsx", {"Sheet1": january}, merges=merges), settings, catalog
    )
    assert figures(obs) == [
        ("coal_output", "七星关区", "2024-01", 150.2, 150.2, 142.0, 5.8, 150.2),
        ("coal_output", "大方县", "2024-01", 160.1, 160.1, 151.3, 5.8, 160.1),
    ]
    assert failures == []
