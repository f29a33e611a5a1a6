"""Workbook and table shapes departments send that the reader misread (session 19): each is read as a careful
analyst reads it, or refused with a message saying why — never a figure given to the wrong county or period."""

from __future__ import annotations

from pathlib import Path

import pytest

from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.settings import Settings, load_settings
from readout import check, figures
from spreadsheets import write_xls, write_xlsx

_ = None


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def catalog(settings: Settings) -> Catalog:
    return load_catalog_from_settings(settings)


def test_a_footer_filler_line_names_the_county_of_a_table_naming_none(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """填报单位：七星关区能源局（盖章） under a table whose title and sheet name no county: the figures are
    七星关区's, as they are when the same line stands above the table — never loaded as the whole city's."""
    rows = [["2024年1-6月能源生产情况表"], ["指标名称", "计量单位", "本月", "1-6月累计"],
            ["煤炭产量", "万吨", 52.1, 312.6], ["发电量", "亿千瓦时", 3.4, 20.1], [],
            ["填报单位：七星关区能源局（盖章）", _, "填报人：张敏"], ["审核人：李强", _, "报送日期：2024年7月5日"]]  # fmt: skip
    obs, _failures = check(write_xlsx(tmp_path / "f.xlsx", {"能源": rows}), settings, catalog)
    assert figures(obs) == [
        ("coal_output", "七星关区", 52.1, 312.6, None),
        ("power_generation", "七星关区", 3.4, 20.1, None),
    ]


def test_a_footer_filler_line_of_the_city_leaves_the_table_the_citys(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """填报单位：毕节市能源局 under the table names no county: the figures stay the whole city's."""
    rows = [["2024年1-6月能源生产情况表"], ["指标名称", "计量单位", "本月", "1-6月累计"],
            ["煤炭产量", "万吨", 612.4, 3550.2], [], ["填报单位：毕节市能源局", _, "填报人：张敏"]]  # fmt: skip
    obs, _failures = check(write_xlsx(tmp_path / "c.xlsx", {"能源": rows}), settings, catalog)
    assert figures(obs) == [("coal_output", "全市", 612.4, 3550.2, None)]


def test_a_sheet_stating_no_period_takes_none_from_a_sheet_named_for_its_month(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Sheet 5月 (its title 2024年5月…) beside sheet 电力 stating no period: a workbook by month, so 电力's
    figures are refused (period_invalid saying the other sheet's period is its own), never read as May's."""
    may = [
        ["2024年5月煤炭生产情况"],
        ["指标名称", "计量单位", "本月", "累计"],
        ["煤炭产量", "万吨", 612.4, 2888.3],
    ]
    power = [["电力生产情况"], ["指标名称", "计量单位", "本月", "累计"], ["发电量", "亿千瓦时", 31.2, 168.4]]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"5月": may, "电力": power}), settings, catalog)
    assert figures(obs, period=True) == [("coal_output", "全市", "2024-05", 612.4, 2888.3, None)]
    refused = [(f.sheet, f.code.value) for f in failures]
    assert refused == [("电力", "period_invalid")]
    assert "“5月”写明了自己的统计期" in failures[0].message_zh


def test_sheets_stating_different_periods_lend_none_to_a_sheet_stating_none(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Sheets 表1 (2024年4月) and 表2 (2024年5月) by their titles, and 表3 stating no period: which month 表3 is
    cannot be told — refused, never read at the first sheet's month."""

    def sheet(title: str, month: float, ytd: float) -> list[list[object]]:
        return [[title], ["指标名称", "计量单位", "本月", "累计"], ["煤炭产量", "万吨", month, ytd]]

    book = {"表1": sheet("2024年4月煤炭产量", 595.8, 2275.9), "表2": sheet("2024年5月煤炭产量", 612.4, 2888.3),
            "表3": [["发电情况"], ["指标名称", "计量单位", "本月", "累计"], ["发电量", "亿千瓦时", 31.2, 168.4]]}  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "t.xlsx", book), settings, catalog)
    assert figures(obs, period=True) == [
        ("coal_output", "全市", "2024-04", 595.8, 2275.9, None),
        ("coal_output", "全市", "2024-05", 612.4, 2888.3, None),
    ]
    assert [(f.sheet, f.code.value) for f in failures] == [("表3", "period_invalid")]


def test_a_report_titled_once_lends_its_period_to_its_untitled_sheets(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A 汇总 sheet titled 2024年1-6月… and county sheets stating no period: one report, the counties' figures
    are its period's (as before)."""
    book = {"汇总": [["2024年1-6月全市煤炭生产情况"], ["指标名称", "计量单位", "累计"], ["煤炭产量", "万吨", 3550.2]],
            "大方县": [["大方县煤炭生产情况"], ["指标名称", "计量单位", "累计"], ["煤炭产量", "万吨", 498.3]]}  # fmt: skip
    obs, _failures = check(write_xlsx(tmp_path / "r.xlsx", book), settings, catalog)
    assert figures(obs, period=True) == [
        ("coal_output", "全市", "2024-06", None, 3550.2, None),
        ("coal_output", "大方县", "2024-06", None, 498.3, None),
    ]


def test_a_forms_numbered_code_column_is_no_indicator_code(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """An official form's 指标名称 | 代码 | 计量单位 with row codes 01, 02 (and the 甲 乙 丙 1 2 row): the codes
    number the form's rows as 行次 does, the rows are read by their names — not refused as unknown codes."""
    rows = [["毕节市能源生产月报"], ["2024年5月"], ["指标名称", "代码", "计量单位", "本月", "1-本月"],
            ["甲", "乙", "丙", 1, 2],
            ["煤炭产量", "01", "万吨", 612.4, 2888.3], ["发电量", "02", "亿千瓦时", 29.5, 137.2]]  # fmt: skip
    obs, failures = check(write_xls(tmp_path / "f.xls", {"Sheet1": rows}), settings, catalog)
    assert figures(obs) == [
        ("coal_output", "全市", 612.4, 2888.3, None),
        ("power_generation", "全市", 29.5, 137.2, None),
    ]
    assert [f.code.value for f in failures] == []


def test_a_catalog_code_column_beside_names_still_decides(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """指标代码 cells holding the catalog's codes keep deciding the indicator; a code that is no target
    (a word, not a row number) is still refused, never replaced by the name."""
    rows = [["2024年5月能源生产情况"], ["指标代码", "指标名称", "计量单位", "本月", "累计"],
            ["coal_output", "煤炭产量", "万吨", 612.4, 2888.3], ["power_gen", "发电量", "亿千瓦时", 29.5, 137.2]]  # fmt: skip
    obs, failures = check(write_xls(tmp_path / "c.xls", {"Sheet1": rows}), settings, catalog)
    assert figures(obs) == [("coal_output", "全市", 612.4, 2888.3, None)]
    assert [(f.cell, f.code.value) for f in failures] == [("A4", "unknown_indicator")]


@pytest.mark.parametrize("sheet", ["二季度", "4-6月", "下半年"])
def test_a_sheet_named_for_a_span_not_from_january_says_so_when_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog, sheet: str
) -> None:
    """A sheet named 二季度 (4-6月, 下半年) in a workbook by period, its table stating no month: refused
    (period_invalid) saying the name is a span of its own, not that the name states no period."""
    first = [["2024年能源生产情况"], ["指标名称", "计量单位", "累计"], ["煤炭产量", "万吨", 1680.1]]
    other = [["2024年能源生产情况"], ["指标名称", "计量单位", "累计"], ["发电量", "亿千瓦时", 168.4]]
    obs, failures = check(write_xlsx(tmp_path / "q.xlsx", {"一季度": first, sheet: other}), settings, catalog)
    assert figures(obs, period=True) == [("coal_output", "全市", "2024-03", None, 1680.1, None)]
    assert [(f.sheet, f.code.value) for f in failures] == [(sheet, "period_invalid")]
    assert f"工作表名“{sheet}”写的是不从1月开始的一段月份" in failures[0].message_zh


def test_an_exports_year_column_and_month_column_are_read_together(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """年度 2024 | 月份 5 (a system's export, one row per month and county): each row is 2024年5月 — the year
    column is part of the period, not a column left unread, and no row is refused for a bare month."""
    rows = [["年度", "月份", "区县", "指标名称", "计量单位", "本月值", "累计值"],
            [2024, 5, "七星关区", "煤炭产量", "万吨", 57.1, 260.5],
            [2024, "6月", "七星关区", "煤炭产量", "万吨", 52.1, 312.6],
            ["2024年", "05", "大方县", "煤炭产量", "万吨", 90.6, 412.7]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "x.xlsx", {"导出数据": rows}), settings, catalog)
    assert figures(obs, period=True) == [
        ("coal_output", "七星关区", "2024-05", 57.1, 260.5, None),
        ("coal_output", "七星关区", "2024-06", 52.1, 312.6, None),
        ("coal_output", "大方县", "2024-05", 90.6, 412.7, None),
    ]
    assert failures == []


def test_a_month_column_without_a_year_column_stays_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """月份 5 with no year anywhere (no 年度 column, title, sheet or file name): which year cannot be told."""
    rows = [
        ["月份", "区县", "指标名称", "计量单位", "本月值", "累计值"],
        [5, "七星关区", "煤炭产量", "万吨", 57.1, 260.5],
    ]
    obs, failures = check(write_xlsx(tmp_path / "x.xlsx", {"导出数据": rows}), settings, catalog)
    assert figures(obs) == []
    assert [(f.cell, f.code.value) for f in failures] == [("A2", "period_invalid")]


def test_two_titles_on_one_line_over_a_table_naming_no_indicator_refuse_it(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """…各县煤炭产量 (A1) and …各县电煤供应量 (E1) over two county tables whose headers stand on different rows
    (so they are not split as tables side by side): which indicator the left table's figures are cannot be
    told — refused naming both titles, never loaded as 电煤供应量 (the title a joined line left un-narrowed)."""
    rows = [["2024年1-6月各县煤炭产量", _, _, _, "2024年1-6月各县电煤供应量"],
            ["单位：万吨", _, _, _, "单位：万吨"],
            ["县（市、区）", "本月", "累计"],
            ["七星关区", 52.1, 312.6, _, "县（市、区）", "累计"],
            ["大方县", 85.6, 498.3, _, "七星关区", 150.2],
            ["黔西市", 70.2, 402.7, _, "大方县", 260.4]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "s.xlsx", {"表": rows}), settings, catalog)
    assert figures(obs) == []
    assert [(f.cell, f.code.value) for f in failures] == [
        ("E3", "column_ignored"),
        (None, "layout_ambiguous"),
    ]
    assert "“煤炭产量”（A1）" in failures[1].message_zh
    assert "“电煤供应量”（E1）" in failures[1].message_zh


@pytest.mark.parametrize(
    ("section", "what"),
    [("二、上年同期", "上年同期的数"), ("二、上年", "上年的数"), ("二、目标任务", "计划（目标）数"),
     ("二、7月预计", "预计数"), ("（二）同比增长（%）", "增速")],
)  # fmt: skip
def test_rows_under_a_section_saying_other_figures_are_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog, section: str, what: str
) -> None:
    """A section row saying the rows under it are last year's, a plan, an estimate or growths (二、上年同期 over
    发电量 | 28.0 | 160.2): those rows are refused naming the section, never loaded as this period's figures;
    the rows under 一、实际完成 load."""
    rows = [["2024年1-6月能源生产情况"], ["指标名称", "计量单位", "本月", "累计"],
            ["一、实际完成", _, _, _], ["煤炭产量", "万吨", 620.1, 3508.4],
            [section, _, _, _], ["发电量", "亿千瓦时", 28.0, 160.2]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "s.xlsx", {"能源": rows}), settings, catalog)
    assert figures(obs) == [("coal_output", "全市", 620.1, 3508.4, None)]
    refused = [f for f in failures if f.code.value == "layout_ambiguous"]
    assert [f.cell for f in refused] == ["A6"]
    assert f"分组标题“{section}”（A5）之下，是{what}" in refused[0].message_zh


def test_rows_under_a_topic_or_this_years_section_load(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """一、煤炭 / 二、本年 name a topic or this year: the rows under them load as before."""
    rows = [["2024年1-6月能源生产情况"], ["指标名称", "计量单位", "本月", "累计"],
            ["一、煤炭", _, _, _], ["煤炭产量", "万吨", 620.1, 3508.4],
            ["二、本年", _, _, _], ["发电量", "亿千瓦时", 31.2, 168.4]]  # fmt: skip
    obs, _failures = check(write_xlsx(tmp_path / "t.xlsx", {"能源": rows}), settings, catalog)
    assert figures(obs) == [
        ("coal_output", "全市", 620.1, 3508.4, None),
        ("power_generation", "全市", 31.2, 168.4, None),
    ]


@pytest.mark.parametrize(
    ("sheet", "title"),
    [("分解", "毕节市2024年1-6月能源目标任务分解表"), ("计划", "2024年1-6月能源生产情况"),
     ("目标任务", "2024年1-6月能源生产目标"), ("能源", "上年同期能源生产情况（2024年1-6月）")],
)  # fmt: skip
def test_a_table_titled_or_named_as_targets_or_last_years_is_not_read(
    tmp_path: Path, settings: Settings, catalog: Catalog, sheet: str, title: str
) -> None:
    """A title (or sheet name) saying the figures are targets (…目标任务分解表, a sheet 计划) or last year's
    (上年同期…): its figures are not read (column_ignored saying so), never loaded as this period's."""
    rows = [[title], ["指标名称", "计量单位", "累计"], ["发电量", "亿千瓦时", 180.0]]
    obs, failures = check(write_xlsx(tmp_path / "p.xlsx", {sheet: rows}), settings, catalog)
    assert figures(obs) == []
    ignored = [f for f in failures if f.code.value == "column_ignored"]
    assert [f.cell for f in ignored] == ["C2"]
    assert "不是本期实际完成数" in ignored[0].message_zh


@pytest.mark.parametrize(
    "title",
    [
        "2024年1-6月能源目标任务完成情况",
        "毕节市2024年政府工作报告目标监测 2024年6月 报表",
        "2024年1-6月计划执行情况",
    ],
)
def test_a_title_of_targets_met_or_of_the_monitoring_is_read(
    tmp_path: Path, settings: Settings, catalog: Catalog, title: str
) -> None:
    """…目标任务完成情况 (targets met), 计划执行情况, and the template's own 目标监测 title are actual figures."""
    rows = [[title], ["指标名称", "计量单位", "本月", "1-6月累计"], ["发电量", "亿千瓦时", 31.2, 168.4]]
    obs, _failures = check(write_xlsx(tmp_path / "a.xlsx", {"能源": rows}), settings, catalog)
    assert figures(obs) == [("power_generation", "全市", 31.2, 168.4, None)]


def test_a_county_sheet_under_another_countys_title_is_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Sheet 大方县 under the title 七星关区2024年1-6月… (copied from the first sheet): whose figures they are
    cannot be told — refused naming both, never loaded as 七星关区's; the sheet whose title agrees loads."""

    def sheet(county: str, coal: float) -> list[list[object]]:
        return [
            [f"{county}2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "累计"],
            ["煤炭产量", "万吨", coal],
        ]

    book = {"七星关区": sheet("七星关区", 312.6), "大方县": sheet("七星关区", 498.3)}
    obs, failures = check(write_xlsx(tmp_path / "c.xlsx", book), settings, catalog)
    assert figures(obs) == [("coal_output", "七星关区", None, 312.6, None)]
    assert [(f.sheet, f.cell, f.code.value) for f in failures] == [("大方县", "A1", "layout_ambiguous")]
    assert "标题（A1）写的是七星关区，工作表名“大方县”写的是大方县" in failures[0].message_zh


def test_a_county_sheet_under_the_citys_title_is_the_countys(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Sheet 大方县 under 毕节市2024年1-6月… (the city's name, no county) or 大方2024年… (its short name): 大方县's."""
    book = {"大方县": [["毕节市2024年1-6月能源生产情况"], ["指标名称", "计量单位", "累计"], ["煤炭产量", "万吨", 498.3]],
            "黔西": [["黔西市2024年1-6月能源生产情况"], ["指标名称", "计量单位", "累计"], ["煤炭产量", "万吨", 402.7]]}  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "d.xlsx", book), settings, catalog)
    assert figures(obs) == [
        ("coal_output", "大方县", None, 498.3, None),
        ("coal_output", "黔西市", None, 402.7, None),
    ]
    assert failures == []


@pytest.mark.parametrize("name", ["大方县2024年1-6月能源生产报表.xlsx", "大方能源局6月报表.xlsx"])
def test_a_file_named_for_a_county_is_that_countys_when_nothing_inside_names_one(
    tmp_path: Path, settings: Settings, catalog: Catalog, name: str
) -> None:
    """A file named 大方县2024年1-6月能源生产报表.xlsx whose title, sheet and footer name no county: its figures are
    大方县's, as its name gives the period a title lacks — never the whole city's."""
    rows = [
        ["2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "本月", "1-6月累计"],
        ["煤炭产量", "万吨", 85.6, 498.3],
    ]
    obs, _failures = check(write_xlsx(tmp_path / name, {"Sheet1": rows}), settings, catalog)
    assert figures(obs) == [("coal_output", "大方县", 85.6, 498.3, None)]


def test_a_county_table_in_a_file_named_for_a_county_keeps_its_counties(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A 区县 column decides each row's county, whatever the file's name says (七星关区能源局报送…)."""
    rows = [
        ["2024年1-6月分县煤炭产量"],
        ["单位：万吨"],
        ["县（市、区）", "1-6月累计"],
        ["七星关区", 312.6],
        ["大方县", 498.3],
    ]
    obs, _failures = check(
        write_xlsx(tmp_path / "七星关区能源局报送.xlsx", {"分县": rows}), settings, catalog
    )
    assert figures(obs) == [
        ("coal_output", "七星关区", None, 312.6, None),
        ("coal_output", "大方县", None, 498.3, None),
    ]


def test_a_table_titled_for_the_whole_city_stays_the_citys_in_a_file_named_for_a_county(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """2024年1-6月全市能源生产情况 in 七星关区督查通报附件.xlsx: the title says the whole city, the file's name does not
    make it 七星关区's."""
    rows = [
        ["2024年1-6月全市能源生产情况"],
        ["指标名称", "计量单位", "本月", "1-6月累计"],
        ["煤炭产量", "万吨", 612.4, 3550.2],
    ]
    obs, _failures = check(
        write_xlsx(tmp_path / "七星关区督查通报附件.xlsx", {"Sheet1": rows}), settings, catalog
    )
    assert figures(obs) == [("coal_output", "全市", 612.4, 3550.2, None)]


@pytest.mark.parametrize(
    ("sheet", "title"),
    [("能源", "2024年1-6月能源生产情况（上年同期）"), ("能源", "2024年1-6月能源生产情况（计划）"),
     ("能源", "2024年1-6月能源生产情况（去年同期数）"), ("能源", "2024年1-6月能源生产计划表"),
     ("2023年同期", "2024年1-6月能源生产情况")],
)  # fmt: skip
def test_a_note_or_name_saying_other_figures_keeps_the_table_unread(
    tmp_path: Path, settings: Settings, catalog: Catalog, sheet: str, title: str
) -> None:
    """A title ending with a note in brackets that says last year's or a plan (（上年同期）, （计划）), a …计划表, a
    sheet named 2023年同期: the figures are not read (column_ignored), never loaded as this period's."""
    rows = [[title], ["指标名称", "计量单位", "累计"], ["发电量", "亿千瓦时", 160.2]]
    obs, failures = check(write_xlsx(tmp_path / "n.xlsx", {sheet: rows}), settings, catalog)
    assert figures(obs) == []
    assert [f.cell for f in failures if f.code.value == "column_ignored"] == ["C2"]


@pytest.mark.parametrize(
    "title", ["2024年1-6月能源生产情况（快报）", "2024年1-6月能源生产情况（与上年同期比较）"]
)
def test_a_note_saying_nothing_of_other_figures_leaves_the_table_read(
    tmp_path: Path, settings: Settings, catalog: Catalog, title: str
) -> None:
    """（快报）, （与上年同期比较） say nothing of whose figures these are: read."""
    rows = [[title], ["指标名称", "计量单位", "累计"], ["发电量", "亿千瓦时", 168.4]]
    obs, _failures = check(write_xlsx(tmp_path / "q.xlsx", {"能源": rows}), settings, catalog)
    assert figures(obs) == [("power_generation", "全市", None, 168.4, None)]
