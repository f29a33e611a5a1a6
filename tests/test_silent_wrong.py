"""The silent-wrong battery: plausible department mistakes, each in a real file, none loads silently.

Each test writes the mistake the way a department's tool writes it (xlsxwriter, openpyxl, xlwt,
csv), reads and validates it, and asserts the exact code and cell — and whether the row loads
(warnings) or not (errors). A June 2024 file, as of 2024-07-10.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
import xlsxwriter
import xlwt

from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.errors import Code, FileRejected, Severity
from bijie_etl.ingest.reading import read_file
from bijie_etl.ingest.template import HEADER as TEMPLATE_HEADER
from bijie_etl.settings import Settings, load_settings
from bijie_etl.validate.rules import validate
from spreadsheets import without_recalculation_mark, write_csv, write_xls, write_xlsx

AS_OF = date(2024, 7, 10)
#: The template's columns without 指标代码 and 备注.
HEADER = [label for label, _field in TEMPLATE_HEADER[1:-1]]
COUNTIES = ["七星关区", "大方县", "黔西市", "金沙县", "织金县", "纳雍县", "威宁彝族回族苗族自治县", "赫章县", "百里杜鹃管理区", "金海湖新区"]  # fmt: skip


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def catalog(settings: Settings) -> Catalog:
    return load_catalog_from_settings(settings)


def row(name: str, unit: str, county: str = "全市", **values: Any) -> list[Any]:
    """A template row: 指标名称 | 计量单位 | 统计期 | 区县 | 本月 | 1-本月累计 | 上年同期累计 | 增长 | 本期值."""
    fields = ["value_month", "value_ytd", "value_ytd_prior", "growth_pct", "value"]
    return [name, unit, "2024-06", county, *(values.get(f) for f in fields)]


def history(code: str, months: dict[int, float], *, county: str = "全市", year: int = 2024) -> pd.DataFrame:
    """Warehouse observations of ``code``: ``{month: year-to-date}`` (本月 = the difference)."""
    ytd = sorted(months.items())
    return pd.DataFrame(
        {
            "indicator_code": [code] * len(ytd),
            "county": [county] * len(ytd),
            "period": [date(year, m, 1) for m, _ in ytd],
            "value_ytd": [v for _, v in ytd],
            "value_month": [v - (ytd[i - 1][1] if i else 0.0) for i, (_, v) in enumerate(ytd)],
        }
    )


def check(
    path: Path, settings: Settings, catalog: Catalog, hist: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, list[tuple[str, str, Severity]]]:
    obs, failures = validate(
        read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name, history=hist
    )
    return obs, [
        (f.cell or "", f.code.value, f.severity) for f in failures if f.code is not Code.NOTE_IGNORED
    ]


E, W = Severity.ERROR, Severity.WARNING


# --------------------------------------------------------------------------------------------
# Percentages typed as fractions


def test_share_typed_as_a_fraction_in_xlsx(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """数字经济占比 typed 0.353 (no percent format) against a 36% target is guard_percent_as_fraction, not loaded."""
    path = write_xlsx(tmp_path / "s.xlsx", {"数据": [HEADER, row("数字经济占比", "%", value=0.353)]})
    obs, found = check(path, settings, catalog)
    assert found == [("I2", "guard_percent_as_fraction", E)]
    assert obs.empty


def test_growth_typed_as_a_fraction_in_csv(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """地区生产总值增速 typed "0.058" in a csv is guard_percent_as_fraction at the growth cell."""
    path = write_csv(tmp_path / "g.csv", [HEADER, row("地区生产总值增速", "%", growth_pct="0.058")])
    obs, found = check(path, settings, catalog)
    assert found == [("H2", "guard_percent_as_fraction", E)]
    assert obs.empty


def test_growth_typed_as_a_fraction_in_xls(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """社会消费品零售总额增速 0.076 in an xlwt .xls is guard_percent_as_fraction."""
    path = write_xls(
        tmp_path / "g.xls", {"数据": [HEADER, row("社会消费品零售总额增速", "%", growth_pct=0.076)]}
    )
    _, found = check(path, settings, catalog)
    assert found == [("H2", "guard_percent_as_fraction", E)]


def test_growths_typed_as_fractions_with_nothing_to_compare_are_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """煤炭产量 | 0.086, 电煤供应量 | 0.046 under 同比增长（%） with no 上年同期: no target or prior to compare with,
    but every growth of the file is under 1 and typed to three decimals — fractions, not 0.086 %: refused
    (session 19; they loaded as 0.086 %)."""
    rows = [HEADER, row("煤炭产量", "万吨", value_ytd=3550.2, growth_pct=0.086),
            row("电煤供应量", "万吨", value_ytd=1958.3, growth_pct=0.046)]  # fmt: skip
    obs, found = check(write_xlsx(tmp_path / "g.xlsx", {"数据": rows}), settings, catalog)
    assert found == [("H2", "guard_percent_as_fraction", E), ("H3", "guard_percent_as_fraction", E)]
    assert obs.empty


def test_small_growths_given_to_one_decimal_are_percentages(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """0.5 and -0.3 (one decimal) are small growths in percent, as a department writes them: loaded."""
    rows = [HEADER, row("煤炭产量", "万吨", value_ytd=3550.2, growth_pct=0.5),
            row("电煤供应量", "万吨", value_ytd=1958.3, growth_pct=-0.3)]  # fmt: skip
    obs, found = check(write_xlsx(tmp_path / "g.xlsx", {"数据": rows}), settings, catalog)
    assert found == []
    assert sorted(obs["growth_pct"].tolist()) == [-0.3, 0.5]


def test_rate_typed_as_a_fraction_in_openpyxl(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """优良率 0.97 written by openpyxl (General format) against a 97% target is guard_percent_as_fraction."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "数据"
    ws.append(HEADER)
    ws.append(row("中心城市环境空气质量优良率", "%", value=0.97))
    wb.save(tmp_path / "r.xlsx")
    _, found = check(tmp_path / "r.xlsx", settings, catalog)
    assert found == [("I2", "guard_percent_as_fraction", E)]


def test_growth_fraction_next_to_its_levels(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """A 累计 row's growth typed 0.052 while 累计/上年同期 implies 5.2% is guard_percent_as_fraction."""
    rows = [HEADER, row("煤炭产量", "万吨", value_ytd=3590.0, value_ytd_prior=3412.5, growth_pct=0.052)]
    _, found = check(write_xlsx(tmp_path / "c.xlsx", {"数据": rows}), settings, catalog)
    assert found == [("H2", "guard_percent_as_fraction", E)]


# --------------------------------------------------------------------------------------------
# Unit slips (万 vs 1, 万元 vs 亿元)


def test_wanyuan_typed_for_yiyuan(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """新增储备项目总投资 1,526,000 (万元) in a 亿元 row, May at 140 亿元: guard_unit_scale (≈10,000×)."""
    rows = [HEADER, row("新增储备项目总投资", "亿元", value_ytd=1526000.0)]
    obs, found = check(
        write_xlsx(tmp_path / "m.xlsx", {"数据": rows}),
        settings,
        catalog,
        history("new_reserve_projects_investment", {5: 140.0}),
    )
    assert found == [("F2", "guard_unit_scale", E)]
    assert obs.empty


def test_tonnes_typed_for_wan_tonnes_against_last_year(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """煤炭产量 35,900,000 (吨) in a 万吨 row whose 上年同期 is 3412.5: guard_unit_scale, message says 一万倍."""
    rows = [HEADER, row("煤炭产量", "万吨", value_ytd=35900000.0, value_ytd_prior=3412.5)]
    path = write_xlsx(tmp_path / "t.xlsx", {"数据": rows})
    _, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    assert [(f.cell, f.code) for f in failures] == [("F2", Code.GUARD_UNIT_SCALE)]
    assert "一万倍" in failures[0].message_zh


def test_one_county_ten_times_its_peers(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """Among ten counties at ~1.05× last year, one at ~10.5× (an extra digit) is guard_unit_scale (robust MAD)."""
    rows = [HEADER]
    for i, county in enumerate(COUNTIES):
        prior = 200.0 + 10 * i
        ytd = prior * (1.04 + 0.005 * i) * (10 if county == "织金县" else 1)
        rows.append(row("煤炭产量", "万吨", county, value_ytd=round(ytd, 1), value_ytd_prior=prior))
    _, found = check(write_xlsx(tmp_path / "k.xlsx", {"数据": rows}), settings, catalog)
    assert found == [("F6", "guard_unit_scale", E)]


def test_ytd_leaps_five_times_last_month(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """June's 累计 16,000 after May's 3,000 (expected ~3,600) is guard_ytd_jump, a warning: the row loads."""
    rows = [HEADER, row("煤炭产量", "万吨", value_ytd=16000.0)]
    obs, found = check(
        write_xlsx(tmp_path / "j.xlsx", {"数据": rows}),
        settings,
        catalog,
        history("coal_output", {5: 3000.0}),
    )
    assert found == [("F2", "guard_ytd_jump", W)]
    assert obs["value_ytd"].tolist() == [16000.0]


# --------------------------------------------------------------------------------------------
# Copies


def test_last_years_file_resent_with_the_new_period(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A June 2024 file whose figures equal June 2023's in the warehouse, to the digit: guard_prior_year_copy on each."""
    last_year = pd.concat(
        [
            history("coal_output", {6: 3412.5}, year=2023),
            history("power_generation", {6: 265.3}, year=2023),
            history("thermal_coal_supply", {6: 1834.6}, year=2023),
        ]
    )
    rows = [
        HEADER,
        row("煤炭产量", "万吨", value_ytd=3412.5),
        row("发电量", "亿千瓦时", value_ytd=265.3),
        row("电煤供应量", "万吨", value_ytd=1834.6),
    ]
    obs, found = check(write_xlsx(tmp_path / "y.xlsx", {"数据": rows}), settings, catalog, last_year)
    assert found == [
        ("F2", "guard_prior_year_copy", E),
        ("F3", "guard_prior_year_copy", E),
        ("F4", "guard_prior_year_copy", E),
    ]
    assert obs.empty


def test_ytd_copied_from_the_prior_year_column(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """1-本月累计 equal to 上年同期累计 (3412.5 = 3412.5) is guard_prior_year_copy."""
    rows = [HEADER, row("煤炭产量", "万吨", value_ytd=3412.5, value_ytd_prior=3412.5, growth_pct=0.0)]
    _, found = check(write_xls(tmp_path / "p.xls", {"数据": rows}), settings, catalog)
    assert found == [("F2", "guard_prior_year_copy", E)]


# --------------------------------------------------------------------------------------------
# The month in the year-to-date column, swapped columns


def test_month_typed_in_the_ytd_column(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """June's 累计 610 equal to its 本月 610 after May's 3,000: guard_month_in_ytd (replaces ytd_decreased)."""
    rows = [HEADER, row("煤炭产量", "万吨", value_month=610.0, value_ytd=610.0)]
    obs, found = check(
        write_xlsx(tmp_path / "mi.xlsx", {"数据": rows}),
        settings,
        catalog,
        history("coal_output", {1: 600.0, 2: 1200.0, 3: 1800.0, 4: 2400.0, 5: 3000.0}),
    )
    assert found == [("F2", "guard_month_in_ytd", E)]
    assert obs.empty


def test_month_sized_ytd_without_a_month_column(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """June's 累计 640 (about one month) after May's 3,000, no 本月 given: guard_month_in_ytd."""
    rows = [HEADER, row("煤炭产量", "万吨", value_ytd=640.0)]
    _, found = check(
        write_csv(tmp_path / "mi.csv", rows, encoding="gb18030"),
        settings,
        catalog,
        history("coal_output", {5: 3000.0}),
    )
    assert found == [("F2", "guard_month_in_ytd", E)]


def test_month_and_ytd_columns_swapped(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """本月 3,600 and 1-本月累计 610 (swapped) is guard_ytd_below_month."""
    rows = [HEADER, row("煤炭产量", "万吨", value_month=3600.0, value_ytd=610.0)]
    _, found = check(write_xlsx(tmp_path / "sw.xlsx", {"数据": rows}), settings, catalog)
    assert found == [("F2", "guard_ytd_below_month", E)]


# --------------------------------------------------------------------------------------------
# County totals


def test_city_total_not_the_sum_of_the_counties(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """全市 3,800 while the ten counties add up to 3,650: guard_county_sum on the city cell, a warning."""
    rows = [HEADER, row("煤炭产量", "万吨", value_ytd=3800.0)]
    rows += [row("煤炭产量", "万吨", c, value_ytd=365.0) for c in COUNTIES]
    obs, found = check(write_xlsx(tmp_path / "cs.xlsx", {"数据": rows}), settings, catalog)
    assert found == [("F2", "guard_county_sum", W)]
    assert len(obs) == 11


def test_counties_exceed_the_city_total(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """Three counties adding up to more than the 全市 figure: guard_county_sum."""
    rows = [HEADER, row("发电量", "亿千瓦时", value_ytd=120.0)]
    rows += [row("发电量", "亿千瓦时", c, value_ytd=50.0) for c in COUNTIES[:3]]
    _, found = check(write_xls(tmp_path / "ce.xls", {"数据": rows}), settings, catalog)
    assert found == [("F2", "guard_county_sum", W)]


# --------------------------------------------------------------------------------------------
# Estimates, units, formats


@pytest.mark.parametrize("typed", ["约3500", "3500左右", "3500以上"])
def test_estimate_is_not_a_figure(tmp_path: Path, settings: Settings, catalog: Catalog, typed: str) -> None:
    """约3500 / 3500左右 / 3500以上 in 1-本月累计 is value_is_estimate at the cell."""
    rows = [HEADER, row("煤炭产量", "万吨", value_ytd=typed)]
    obs, found = check(write_xlsx(tmp_path / "e.xlsx", {"数据": rows}), settings, catalog)
    assert found == [("F2", "value_is_estimate", E)]
    assert obs.empty


def test_header_unit_disagrees_with_the_unit_column(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """本月（万元） and 1-本月累计（万元） over a row whose 计量单位 says 亿元: unit_conflict at each value, naming both cells."""
    header = [*HEADER[:4], "本月（万元）", "1-本月累计（万元）"]
    rows = [header, row("新增储备项目总投资", "亿元", value_month=12000.0, value_ytd=1526000.0)[:6]]
    path = write_xlsx(tmp_path / "hu.xlsx", {"数据": rows})
    _, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    assert [(f.cell, f.code) for f in failures] == [("E2", Code.UNIT_CONFLICT), ("F2", Code.UNIT_CONFLICT)]
    assert "E1" in failures[0].message_zh
    assert "B2" in failures[0].message_zh


def test_unit_in_the_cell_disagrees_with_the_unit_column(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """ "3.5亿元" in a row whose 计量单位 is 万元 (not 万/亿 before that unit, another unit): unit_conflict."""
    rows = [HEADER, row("新增储备项目总投资", "万元", value_ytd="3.5亿元")]
    _, found = check(write_xlsx(tmp_path / "uc.xlsx", {"数据": rows}), settings, catalog)
    assert found == [("F2", "unit_conflict", E)]


@pytest.mark.parametrize(
    ("unit", "typed", "code", "expected"),
    [("吨", "3150万吨", "coal_output", 3150.0), ("个", "0.12万个", "new_5g_base_stations", 1200.0)],
)
def test_wan_before_the_rows_own_unit_is_a_number_word(
    tmp_path: Path, settings: Settings, catalog: Catalog, unit: str, typed: str, code: str, expected: float
) -> None:
    """ "0.12万个" in a 个 row is 1200个 and "3150万吨" in a 吨 row is 3150万吨: 万 before the row's own unit is read as a number word, converted, not a unit conflict."""
    rows = [
        HEADER,
        row({"coal_output": "煤炭产量", "new_5g_base_stations": "新建5G基站"}[code], unit, value_ytd=typed),
    ]
    obs, found = check(write_xlsx(tmp_path / "wn.xlsx", {"数据": rows}), settings, catalog)
    assert found == []
    assert obs.loc[obs["indicator_code"] == code, "value_ytd"].tolist() == [pytest.approx(expected)]


def test_wan_after_a_number_in_a_wan_column(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """ "3150万" where the unit is already 万吨: the unit's own 万 said again (3150 万吨, as a person reads it;
    3150万 万吨 = 3150亿吨 is no reading); "3150亿" there contradicts the unit: unit_conflict, never a guess."""
    rows = [HEADER, row("煤炭产量", "万吨", value_ytd="3150万")]
    obs, found = check(write_csv(tmp_path / "w.csv", rows), settings, catalog)
    assert found == []
    assert obs["value_ytd"].tolist() == [3150.0]
    rows = [HEADER, row("煤炭产量", "万吨", value_ytd="3150亿")]
    _, found = check(write_csv(tmp_path / "y.csv", rows), settings, catalog)
    assert found == [("F2", "unit_conflict", E)]


def test_unit_in_the_name_disagrees_with_the_unit_column(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """原煤产量（万吨） with 计量单位 吨: unit_conflict at the unit cell."""
    rows = [HEADER, row("原煤产量（万吨）", "吨", value_ytd=3500.0)]
    _, found = check(write_xlsx(tmp_path / "nu.xlsx", {"数据": rows}), settings, catalog)
    assert found == [("B2", "unit_conflict", E)]


def test_percent_format_on_a_tonnage(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """A 万吨 value in a cell formatted 0% (shown 350000%): format_conflict, not 100× anything."""
    path = tmp_path / "pf.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("数据")
    ws.write_row(0, 0, HEADER)
    ws.write_row(1, 0, row("煤炭产量", "万吨")[:5])
    ws.write_number(1, 5, 3500.0, wb.add_format({"num_format": "0%"}))
    wb.close()
    _, found = check(path, settings, catalog)
    assert found == [("F2", "format_conflict", E)]


def test_growth_words_in_a_level_column(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """增长7.2% typed in 1-本月累计 is not a level: value_not_number with a message that says where growth goes."""
    rows = [HEADER, row("煤炭产量", "万吨", value_ytd="增长7.2%")]
    path = write_xlsx(tmp_path / "gw.xlsx", {"数据": rows})
    _, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    assert [(f.cell, f.code) for f in failures] == [("F2", Code.VALUE_NOT_NUMBER)]
    assert "增速请填在" in failures[0].message_zh


def test_number_shown_as_a_date(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """3500 in a date-formatted cell (shown 1909-07-31) is value_not_number, the message says 日期."""
    path = tmp_path / "d.xls"
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("数据")
    for c, h in enumerate(HEADER):
        ws.write(0, c, h)
    for c, v in enumerate(row("煤炭产量", "万吨")[:5]):
        if v is not None:
            ws.write(1, c, v)
    ws.write(1, 5, 3500, xlwt.easyxf(num_format_str="YYYY-MM-DD"))
    wb.save(str(path))
    _, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    assert [(f.cell, f.code) for f in failures] == [("F2", Code.VALUE_NOT_NUMBER)]
    assert "日期" in failures[0].message_zh


# --------------------------------------------------------------------------------------------
# Encodings


@pytest.mark.parametrize(("encoding", "label"), [("big5", "Big5"), ("shift_jis", "Shift-JIS")])
def test_csv_in_a_foreign_encoding(tmp_path: Path, settings: Settings, encoding: str, label: str) -> None:
    """A csv saved in Big5 or Shift-JIS is file_encoding (not "no header"), and the message names the encoding."""
    rows = {
        "big5": [
            ["指標名稱", "計量單位", "統計期", "區縣", "1-本月累計"],
            ["煤炭產量", "萬噸", "2024-06", "全市", "3500"],
        ],
        "shift_jis": [
            ["指標名称", "単位", "統計期", "区県", "累計"],
            ["石炭生産量", "万トン", "2024-06", "全市", "3500"],
        ],
    }[encoding]
    path = write_csv(tmp_path / f"{encoding}.csv", rows, encoding=encoding)
    with pytest.raises(FileRejected) as info:
        read_file(path, settings)
    assert info.value.code is Code.FILE_ENCODING
    assert label in info.value.message_zh
    assert "UTF-8" in info.value.message_zh


# --------------------------------------------------------------------------------------------
# A change in the level's unit typed where the growth goes (issue #14, session 4)

TITLE = ["毕节市2024年1-6月能源生产情况"]


def test_change_in_tonnes_under_a_bare_change_header(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """同比增减 (no %) holding 281.7 beside 3550.2 万吨, no 上年同期: growth_ambiguous_change on every figure of that column, none loads as a growth (the 累计 beside them load)."""
    rows = [TITLE, ["指标名称", "计量单位", "1-6月累计", "同比增减"],
            ["煤炭产量", "万吨", 3550.2, 281.7], ["发电量", "亿千瓦时", 268.4, 12.5]]  # fmt: skip
    obs, found = check(write_xlsx(tmp_path / "bc.xlsx", {"能源": rows}), settings, catalog)
    assert found == [("D3", "growth_ambiguous_change", E), ("D4", "growth_ambiguous_change", E)]
    assert obs["value_ytd"].tolist() == [3550.2, 268.4]
    assert obs["growth_pct"].isna().all()


def test_bare_change_header_with_percent_figures_loads(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """同比增减 (no %) holding 8.6 and 4.9 beside their levels: plausible percentages, read as the growth with no warning."""
    rows = [TITLE, ["指标名称", "计量单位", "1-6月累计", "比上年增减"],
            ["煤炭产量", "万吨", "3550.2", "8.6"], ["发电量", "亿千瓦时", "268.4", "4.9"]]  # fmt: skip
    obs, found = check(write_csv(tmp_path / "bp.csv", rows), settings, catalog)
    assert found == []
    assert sorted(obs["growth_pct"].tolist()) == [4.9, 8.6]


def test_levels_difference_typed_as_the_growth(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """同比增长(%) 281.7 = 3550.2 − 3268.5 (the change in 万吨): growth_contradicts_levels, an error, not the old warning."""
    rows = [TITLE, ["指标名称", "计量单位", "1-6月累计", "上年同期", "同比增长(%)"],
            ["煤炭产量", "万吨", 3550.2, 3268.5, 281.7]]  # fmt: skip
    obs, found = check(write_xls(tmp_path / "ld.xls", {"能源": rows}), settings, catalog)
    assert found == [("E3", "growth_contradicts_levels", E)]
    assert obs.empty


def test_growth_far_from_its_levels_is_refused_a_slip_is_warned(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """81.3 where the levels give 18.33 is refused (growth_contradicts_levels); 5.6 where they give 4.60 is a growth_inconsistent warning and loads."""
    rows = [TITLE, ["指标名称", "计量单位", "1-6月累计", "上年同期", "同比增长(%)"],
            ["煤层气产量", "万立方米", 1186.0, 1002.3, 81.3], ["电煤供应量", "万吨", 1958.3, 1872.1, 5.6]]  # fmt: skip
    obs, found = check(write_xlsx(tmp_path / "gf.xlsx", {"能源": rows}), settings, catalog)
    assert found == [("E3", "growth_contradicts_levels", E), ("E4", "growth_inconsistent", W)]
    assert obs["indicator_code"].tolist() == ["thermal_coal_supply"]


def test_growth_rounded_from_rounded_levels_is_not_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Small levels rounded to one decimal (0.3 against 0.2) leave a wide range for the growth: 62.5 is within it, no error."""
    rows = [TITLE, ["指标名称", "计量单位", "1-6月累计", "上年同期", "同比增长(%)"],
            ["新增新能源装机规模", "万千瓦", 0.3, 0.2, 62.5]]  # fmt: skip
    obs, found = check(write_xlsx(tmp_path / "rr.xlsx", {"能源": rows}), settings, catalog)
    assert [c for c in found if c[1] == "growth_contradicts_levels"] == []
    assert len(obs) == 1


# --------------------------------------------------------------------------------------------
# Number formats that change what the sheet shows (issue #14, session 4)


def _formatted(path: Path, name: str, unit: str, value: float, fmt: str) -> Path:
    """A template row whose 1-本月累计 (F2) holds ``value`` shown by the number format ``fmt``."""
    if path.suffix == ".xls":
        book = xlwt.Workbook(encoding="utf-8")
        sheet = book.add_sheet("数据")
        for c, text in enumerate([*HEADER[:4], HEADER[5]]):
            sheet.write(0, c if c < 4 else 5, text)
        for c, text in enumerate(row(name, unit)[:4]):
            sheet.write(1, c, text)
        sheet.write(1, 5, value, xlwt.easyxf(num_format_str=fmt))
        book.save(str(path))
        return path
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("数据")
    ws.write_row(0, 0, HEADER)
    ws.write_row(1, 0, row(name, unit)[:4])
    ws.write_number(1, 5, value, wb.add_format({"num_format": fmt}))
    wb.close()
    return path


@pytest.mark.parametrize(("suffix", "fmt"), [(".xlsx", "[White]0.0"), (".xls", "[Color2]#,##0.0")])
def test_figure_painted_white_by_its_format(
    tmp_path: Path, settings: Settings, catalog: Catalog, suffix: str, fmt: str
) -> None:
    """3550.2 shown white by its number format ([White], [Color2]) is not seen on the sheet: value_format_unreadable, not loaded."""
    path = _formatted(tmp_path / f"w{suffix}", "煤炭产量", "万吨", 3550.2, fmt)
    obs, found = check(path, settings, catalog)
    assert found == [("F2", "value_format_unreadable", E)]
    assert obs.empty


def test_white_negative_section_does_not_hide_a_positive_figure(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """0.0;[White]-0.0 paints only negatives white: 3550.2 is seen and read."""
    obs, found = check(
        _formatted(tmp_path / "nw.xlsx", "煤炭产量", "万吨", 3550.2, "0.0;[White]-0.0"), settings, catalog
    )
    assert found == []
    assert obs["value_ytd"].tolist() == [3550.2]


@pytest.mark.parametrize(
    ("unit", "stored", "fmt"),
    [
        ("元", 1526000000.0, '0!.0000"万"'),
        ("万元", 152600.0, '0!.0000"亿元"'),
        ("元", 1526000000.0, '0!.00,,"亿元"'),
        ("万元", 1526000000.0, '0!.0000"万"'),  # 152600.0000万 in a 万元 row: the row's own 万 said again
    ],
)
def test_wan_display_trick_is_read_as_shown(
    tmp_path: Path, settings: Settings, catalog: Catalog, unit: str, stored: float, fmt: str
) -> None:
    """元 shown as 152600.0000万 (0!.0000"万") or 万元 shown as 15.2600亿元: the format shows the stored quantity in a bigger unit, read as 15.26 亿元;
    in a 万元 row 152600.0000万 is 152600 万元 (the row's 万 said again, as a typed 152600万 is)."""
    obs, found = check(
        _formatted(tmp_path / "wt.xlsx", "新增储备项目总投资", unit, stored, fmt), settings, catalog
    )
    assert found == []
    assert obs["value_ytd"].tolist() == [pytest.approx(15.26)]


@pytest.mark.parametrize(
    ("unit", "fmt"),
    [
        ("元", '0.00,,"万元"'),
        ("元", "#,##0.0,,"),
        ("", '0!.0000"万"'),
        ("元", '[<1000]0.0;0.0,"千"'),
    ],
)
def test_display_that_disagrees_with_the_stored_figure(
    tmp_path: Path, settings: Settings, catalog: Catalog, unit: str, fmt: str
) -> None:
    """1526000000 shown 1526.00万元 (the word does not match the scaling), 1,526.0 (no word), 152600.0000万 with no unit, or a conditional 千 section: format_conflict, never a guess."""
    obs, found = check(
        _formatted(tmp_path / "dd.xlsx", "新增储备项目总投资", unit, 1526000000.0, fmt), settings, catalog
    )
    assert found == [("F2", "format_conflict", E)]
    assert obs.empty


def test_chinese_numeral_display_is_the_same_number(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """[DBNum1][$-804]G/通用格式 shows 3550.2 as Chinese numerals: the same number, read (it was a unit_conflict on “G/通用格式”)."""
    path = _formatted(tmp_path / "db.xlsx", "煤炭产量", "万吨", 3550.2, "[DBNum1][$-804]G/通用格式")
    obs, found = check(path, settings, catalog)
    assert found == []
    assert obs["value_ytd"].tolist() == [3550.2]


# --------------------------------------------------------------------------------------------
# Arrows, formulas without results, rows hidden by default (issue #14, session 4)


@pytest.mark.parametrize(("typed", "read"), [("↑5.6", 5.6), ("↓2.1", -2.1), ("+5.6%", 5.6), ("▼2.1", -2.1)])
def test_growth_arrows_are_words_of_change(
    tmp_path: Path, settings: Settings, catalog: Catalog, typed: str, read: float
) -> None:
    """↑5.6 and ↓2.1 in a growth cell are a rise and a fall, +5.6% a growth: read as 5.6, −2.1, 5.6; ▼2.1 is
    a fall, or a minus in Japanese-style tables: −2.1 either way."""
    obs, found = check(
        write_csv(tmp_path / "a.csv", [HEADER, row("地区生产总值增速", "%", growth_pct=typed)]),
        settings,
        catalog,
    )
    assert found == []
    assert obs["growth_pct"].tolist() == [read]


@pytest.mark.parametrize("typed", ["▲2.1", "△2.1", "2.1▲"])
def test_triangle_before_a_growth_is_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog, typed: str
) -> None:
    """▲2.1 is a rise in some tables and −2.1 in others (Japanese-style accounts): value_not_number saying so, never a guessed sign."""
    path = write_csv(tmp_path / "t.csv", [HEADER, row("地区生产总值增速", "%", growth_pct=typed)])
    obs, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    assert [(f.cell, f.code.value) for f in failures] == [("H2", "value_not_number")]
    assert "无法确定正负" in failures[0].message_zh
    assert obs.empty


def test_xlwt_formula_without_a_result(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """An .xls formula written by xlwt has no computed result (calamine reads it empty): formula_not_calculated, not “未填写”."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("数据")
    for c, text in enumerate(HEADER):
        sheet.write(0, c, text)
    for c, text in enumerate(row("煤炭产量", "万吨", value_month=612.4)[:5]):
        sheet.write(1, c, text)
    sheet.write(1, 5, xlwt.Formula("E2*6"))
    book.save(str(tmp_path / "f.xls"))
    obs, failures = validate(read_file(tmp_path / "f.xls", settings), catalog, as_of=AS_OF, file_name="f.xls")
    assert [(f.cell, f.code.value) for f in failures] == [("F2", "formula_not_calculated")]
    assert "没有保存可用的计算结果" in failures[0].message_zh
    assert "打开" in failures[0].message_zh
    assert obs.empty


def _formula_book(path: Path, *, result: float | None) -> Path:
    """Header and one 煤炭产量 row whose 1-本月累计 is the formula =E2*6, written by xlsxwriter (which
    computes no formula: it stores ``result``, else 0, and marks the workbook to be recalculated)."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("数据")
    for c, text in enumerate(HEADER):
        sheet.write(0, c, text)
    for c, text in enumerate(row("煤炭产量", "万吨", value_month=612.4)[:5]):
        sheet.write(1, c, text)
    if result is None:
        sheet.write_formula(1, 5, "=E2*6")
    else:
        sheet.write_formula(1, 5, "=E2*6", None, result)
    book.close()
    return path


@pytest.mark.parametrize("result", [None, 3674.4], ids=["placeholder-0", "stated-result"])
def test_a_formula_result_of_a_workbook_to_be_recalculated_is_not_loaded(
    tmp_path: Path, settings: Settings, catalog: Catalog, result: float | None
) -> None:
    """A workbook that asks to be recalculated when opened (calcPr fullCalcOnLoad) stores no computed
    result: its formula cell is formula_not_calculated, never its placeholder 0 or a stale number."""
    path = _formula_book(tmp_path / "f.xlsx", result=result)
    obs, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    assert [(f.cell, f.code.value) for f in failures] == [("F2", "formula_not_calculated")]
    assert "=E2*6" in failures[0].message_zh
    assert obs.empty


def test_a_formula_result_saved_by_office_software_is_read(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """The same formula with its result in a workbook not marked for recalculation (as Excel saves it) reads its result."""
    written = _formula_book(tmp_path / "w.xlsx", result=3674.4)
    path = without_recalculation_mark(written, tmp_path / "saved.xlsx")
    obs, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    assert failures == []
    assert obs["value_ytd"].tolist() == [3674.4]


def test_row_hidden_by_the_sheets_zero_default_height(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Under sheetFormatPr zeroHeight=1 a row without a height of its own is 0 high in Excel: not read, hidden_skipped names it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "数据"
    ws.append(HEADER)
    ws.append(row("煤炭产量", "万吨", value_ytd=3550.2))
    ws.append(row("发电量", "亿千瓦时", value_ytd=268.4))
    ws.sheet_format.zeroHeight = True
    ws.row_dimensions[1].height = ws.row_dimensions[2].height = 15
    wb.save(tmp_path / "z.xlsx")
    obs, found = check(tmp_path / "z.xlsx", settings, catalog)
    assert found == [("A3", "hidden_skipped", W)]
    assert obs["indicator_code"].tolist() == ["coal_output"]


# --------------------------------------------------------------------------------------------
# csv as Excel, WPS and editors save it (issue #14, session 4)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_tab_separated_unicode_text_with_unquoted_thousands(
    tmp_path: Path, settings: Settings, catalog: Catalog, encoding: str
) -> None:
    """Excel's Unicode text (UTF-16, with or without its BOM, tab-separated) holding 15,260,000,000 unquoted: commas outnumber tabs, yet the tabs separate; 152.6 亿元 read."""
    lines = [
        "\t".join([*HEADER[:5], HEADER[5]]),
        "\t".join([*row("新增储备项目总投资", "元")[:4], "", "15,260,000,000"]),
    ]
    (tmp_path / "u.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    obs, found = check(tmp_path / "u.csv", settings, catalog)
    assert found == []
    assert obs["value_ytd"].tolist() == [pytest.approx(152.6)]


def test_fullwidth_comma_separated_csv(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """A GB18030 csv whose fields are separated by full-width commas (，) is read, not refused as having no header."""
    rows = [[*HEADER[:4], HEADER[5]], [*row("煤炭产量", "万吨")[:4], "3550.2"]]
    (tmp_path / "f.csv").write_bytes(("\r\n".join("，".join(r) for r in rows) + "\r\n").encode("gb18030"))
    obs, found = check(tmp_path / "f.csv", settings, catalog)
    assert found == []
    assert obs["value_ytd"].tolist() == [3550.2]


def test_unquoted_thousands_separator_splits_a_csv_number(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """煤炭产量,万吨,3,550.2 in a comma csv is one field too many (3 | 550.2): value_not_number at both pieces, never 1-本月累计 = 3."""
    text = "指标名称,计量单位,1-6月累计,上年同期\r\n煤炭产量,万吨,3,550.2,3268.5\r\n发电量,亿千瓦时,268.4,255.9\r\n"
    (tmp_path / "2024年1-6月能源.csv").write_bytes(text.encode("utf-8"))
    obs, found = check(tmp_path / "2024年1-6月能源.csv", settings, catalog)
    assert [f for f in found if f[1] != "column_ignored"] == [
        ("C2", "value_not_number", E),
        ("D2", "value_not_number", E),
    ]
    assert obs["indicator_code"].tolist() == ["power_generation"]


# --------------------------------------------------------------------------------------------
# A column per month beside a growth column


@pytest.mark.parametrize("writer", ["xlsx", "xls"])
def test_growth_targets_level_by_month_is_never_its_growth(
    tmp_path: Path, settings: Settings, catalog: Catalog, writer: str
) -> None:
    """地区生产总值 | 亿元 | 1-5月 150.1 | 1-6月 181.4 | 同比增长（%） 5.6 under a 七星关区 6月 title: the month
    columns hold the level (never a growth of 181.4 %); the growth is June's, read with June's level;
    May has a level and no growth, refused naming May."""
    sheet = [
        ["七星关区2024年6月主要经济指标"],
        ["指标名称", "计量单位", "1-5月", "1-6月", "同比增长（%）"],
        ["地区生产总值", "亿元", 150.1, 181.4, 5.6],
    ]
    write = write_xlsx if writer == "xlsx" else write_xls
    path = write(tmp_path / f"统计局_2024年6月.{writer}", {"主要指标": sheet})
    obs, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    assert obs[["period", "value_ytd", "growth_pct"]].astype(str).values.tolist() == [
        ["2024-06-01", "181.4", "5.6"]
    ]
    (missing,) = [f for f in failures if f.code is Code.VALUE_MISSING]
    assert "2024年5月" in missing.message_zh
    assert missing.severity is E


def test_undated_growth_beside_months_the_title_does_not_name(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """1-4月 | 1-5月 | 同比增长（%） under a 6月 title: whose growth 4.8 is cannot be known — column_ignored at
    its header, never loaded at June (or at May)."""
    sheet = [
        ["毕节市2024年6月电力生产情况"],
        ["指标名称", "计量单位", "1-4月", "1-5月", "同比增长（%）"],
        ["发电量", "亿千瓦时", 92.4, 115.3, 4.8],
    ]
    obs, found = check(write_xlsx(tmp_path / "能源局_2024年6月.xlsx", {"电力": sheet}), settings, catalog)
    assert found == [("E2", "column_ignored", W)]
    assert obs["growth_pct"].isna().all()
    assert sorted(obs["value_ytd"].tolist()) == [92.4, 115.3]


# --------------------------------------------------------------------------------------------
# A sheet per month under one copied title


@pytest.mark.parametrize("writer", ["xlsx", "xls"])
def test_sheet_named_for_another_month_than_its_title_is_not_read_at_the_title(
    tmp_path: Path, settings: Settings, catalog: Catalog, writer: str
) -> None:
    """Sheets 5月 and 6月 under one copied title 2024年1-6月: the 6月 sheet loads; the 5月 sheet's figures are
    never loaded as June's (nor June's refused as their duplicates) — layout_ambiguous naming both."""
    title = ["毕节市2024年1-6月能源生产情况"]
    header = ["指标名称", "计量单位", "本月", "1-本月累计"]
    sheets = {
        "5月": [title, header, ["煤炭产量", "万吨", 590.0, 2937.8]],
        "6月": [title, header, ["煤炭产量", "万吨", 612.4, 3550.2]],
    }
    write = write_xlsx if writer == "xlsx" else write_xls
    path = write(tmp_path / f"能源局_2024年6月.{writer}", sheets)
    obs, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    assert obs[["period", "value_month", "value_ytd"]].astype(str).values.tolist() == [
        ["2024-06-01", "612.4", "3550.2"]
    ]
    assert [(f.code, f.sheet, f.severity) for f in failures] == [(Code.LAYOUT_AMBIGUOUS, "5月", E)]
    assert "工作表名“5月”" in failures[0].message_zh
    assert "2024年6月" in failures[0].message_zh
