"""A note in brackets after an indicator name: one that only says at what prices, how final, in what unit
or by another name of the same target (现价, 快报, 万吨, GDP) is set aside; one that may narrow what the row
counts (限上, 户籍, 夏粮, 规模以上, 不含露天矿) makes it another indicator than the catalog's — refused,
never loaded as the target (it was, the bracket dropped).

The catalog is the real one (schemas/targets_2024.yaml); the file is written by openpyxl and read through
the package's ``ingest_file``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from bijie_etl.catalog import Catalog
from bijie_etl.ingest.names import find_target, name_qualifier
from bijie_etl.ingest.title_names import indicator_named
from bijie_etl.run import ingest_file
from bijie_etl.settings import Settings
from spreadsheets import write_openpyxl


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("地区生产总值（现价）", "gdp_growth"),
        ("地区生产总值（GDP）", "gdp_growth"),
        ("网络零售额（快报）", "online_retail_growth"),
        ("煤炭产量（万吨）", "coal_output"),
        ("1．原煤产量（单位：万吨）*", "coal_output"),
        ("（一）新增规模以上工业企业", "new_industrial_firms_above_size"),
        ("固定资产投资（不含农户）", "fixed_asset_investment_growth"),
        ("房地产开发投资（亿元、%）", "real_estate_investment"),
        ("地区生产总值（增速）", "gdp_growth"),
        ("原煤产量（累计）", "coal_output"),  # cumulative: what the columns say already
        ("原煤产量（本年累计）", "coal_output"),
        ("原煤产量（当月）", None),  # a month's figure in a year-to-date column? refused
        ("原煤产量（1-5月）", None),  # a period, which may not be the table's: refused
        ("原煤产量（2023年）", None),
        ("社会消费品零售总额（限上）", None),
        ("城镇化率（户籍）", None),
        ("粮食播种面积（夏粮）", None),
        ("煤炭产量（不含露天矿）", None),
        ("发电量（规模以上）", None),
        ("外贸进出口总额（不含加工贸易）", None),
    ],
)
def test_a_bracket_is_set_aside_only_when_it_leaves_the_scope_as_it_is(
    catalog: Catalog, typed: str, code: str | None
) -> None:
    """Units, prices, finality and the target's own other name are set aside; a scope note finds no target."""
    found = find_target(catalog, typed)
    assert (found.code if found is not None else None) == code


def test_the_note_that_narrows_is_named(catalog: Catalog) -> None:
    """name_qualifier gives the note that narrows the row, or None when every bracket is neutral."""
    assert name_qualifier("社会消费品零售总额（限上）", catalog) == "限上"
    assert name_qualifier("煤炭产量（不含露天矿）（万吨）", catalog) == "不含露天矿"
    assert name_qualifier("煤炭产量（万吨）", catalog) is None
    assert name_qualifier("（一）新增规模以上工业企业", catalog) is None


def test_a_row_above_quota_is_refused_naming_its_note_and_the_others_load(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """社会消费品零售总额（限上） is refused (unknown_indicator quoting 限上); 网络零售额（快报） loads."""
    path = write_openpyxl(
        tmp_path / "inbox" / "商务局" / "2024年1-6月商务.xlsx",
        [
            ["毕节市2024年1-6月商务运行主要指标"],
            ["指标名称", "计量单位", "1-6月累计", "同比增长(%)"],
            ["社会消费品零售总额（限上）", "亿元", 150.2, 2.1],
            ["网络零售额（快报）", "亿元", 60.3, 12.5],
        ],
    )
    sub = ingest_file(
        path, catalog=catalog, settings=settings, as_of=date(2024, 7, 10), inbox=tmp_path / "inbox"
    )
    rows = sub.observations.to_dict("records")
    assert [(r["indicator_code"], float(r["growth_pct"])) for r in rows] == [("online_retail_growth", 12.5)]
    assert [(f.code.value, f.cell) for f in sub.failures] == [("unknown_indicator", "A3")]
    assert "“限上”" in sub.failures[0].message_zh


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("毕节市2024年1-6月各县（区）煤炭产量（万吨）", "coal_output"),
        ("2024年6月分县社会消费品零售总额", "retail_sales_growth"),
        ("七星关区2024年1-6月煤炭产量", "coal_output"),
        ("百里杜鹃2024年1-6月煤炭产量", "coal_output"),
        ("毕节市2024年上半年地区生产总值（GDP）", "gdp_growth"),
        ("毕节市2024年1-6月煤层气产量（分月）", "coalbed_methane_output"),
        ("毕节市2024年1-6月各县火电发电量（亿千瓦时）", None),
        ("毕节市2024年1-6月各县规模以上工业发电量", None),
        ("毕节市2024年1-6月各县限上社会消费品零售总额", None),
        ("毕节市2024年1-6月各县社会消费品零售总额（限上）", None),
        ("毕节市2024年1-6月各县煤炭产量完成情况", "coal_output"),
        ("2.煤炭产量", "coal_output"),
        ("附表：《煤炭产量统计表》", "coal_output"),
        ("毕节市2024年1-6月各县煤炭产量增速（%）", "coal_output"),
        ("毕节市2024年1-6月各县煤炭产量占全市比重", None),
        ("毕节市2024年1-6月各县煤炭产量排名", None),
        ("毕节市2024年1-6月各县煤炭产量计划完成率", None),
        ("毕节市2024年1-6月各县煤炭产量同比增减", None),
    ],
)
def test_a_title_names_its_indicator_unless_a_word_narrows_it(
    catalog: Catalog, title: str, code: str | None
) -> None:
    """A period, county, the city or a unit around the word leave it the target; 火电, 规模以上工业, 限上 do not."""
    found = indicator_named([(title, "A1")], catalog)
    assert (found[0] if found is not None else None) == code


def _county_sheet(path: Path, title: str) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in ([title], ["县（区）", "本月", "1-6月累计"], ["黔西市", 8.1, 45.2], ["纳雍县", 6.4, 38.9]):
        ws.append(row)
    wb.save(path)


def test_a_table_titled_thermal_power_is_refused_once_on_its_title(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """各县火电发电量 over county rows loads nothing as 发电量: one unknown_indicator on A1 naming 火电发电量."""
    folder = tmp_path / "inbox" / "能源局"
    folder.mkdir(parents=True)
    path = folder / "2024年1-6月火电.xlsx"
    _county_sheet(path, "毕节市2024年1-6月各县火电发电量（亿千瓦时）")
    sub = ingest_file(
        path, catalog=catalog, settings=settings, as_of=date(2024, 7, 10), inbox=tmp_path / "inbox"
    )
    assert sub.observations.empty
    assert [(f.code.value, f.cell) for f in sub.failures] == [("unknown_indicator", "A1")]
    assert "“火电发电量”" in sub.failures[0].message_zh


def test_a_growth_titled_table_alone_holds_growths_not_levels(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """各县煤炭产量增速 over 县 | 数值, no sheet of figures beside it: growths, so each county lacks its 累计 (value_missing)."""
    path = write_openpyxl(
        tmp_path / "inbox" / "能源局" / "2024年1-6月增速.xlsx",
        [
            ["毕节市2024年1-6月各县煤炭产量增速"],
            ["县（区）", "数值"],
            ["七星关区", 12.5],
            ["大方县", 8.1],
        ],
    )
    sub = ingest_file(
        path, catalog=catalog, settings=settings, as_of=date(2024, 7, 10), inbox=tmp_path / "inbox"
    )
    assert sub.observations.empty
    assert [(f.code.value, f.cell) for f in sub.failures] == [
        ("value_missing", "B3"),
        ("value_missing", "B4"),
    ]


@pytest.mark.parametrize(
    ("title", "name", "loads"),
    [
        ("毕节市2024年1-6月限额以上企业商品零售情况", "社会消费品零售总额", False),
        ("毕节市2024年1-6月能源生产情况（规模以上）", "发电量", False),
        ("毕节市2024年1-6月规模以上工业经济运行情况", "规模以上工业增加值", True),
        ("毕节市2024年1-6月商务运行情况", "社会消费品零售总额", True),
    ],
)
def test_a_title_narrowing_its_table_refuses_rows_of_the_whole(
    tmp_path: Path, settings: Settings, catalog: Catalog, title: str, name: str, loads: bool
) -> None:
    """限额以上 / 规模以上 in the title: a row naming the whole is refused on its name; a target of that scope loads."""
    path = write_openpyxl(
        tmp_path / "inbox" / "统计局" / "2024年1-6月.xlsx",
        [
            [title],
            ["指标名称", "计量单位", "1-6月累计", "同比增长(%)"],
            [name, "亿元", 150.2, 2.1],
        ],
    )
    sub = ingest_file(
        path, catalog=catalog, settings=settings, as_of=date(2024, 7, 10), inbox=tmp_path / "inbox"
    )
    if loads:
        assert not sub.observations.empty
    else:
        assert sub.observations.empty
        assert [(f.code.value, f.cell) for f in sub.failures] == [("unknown_indicator", "A3")]
