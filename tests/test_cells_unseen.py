"""The unseen-cells battery: real files from LibreOffice, openpyxl, xlsxwriter, xlwt, WPS and Excel csv.

Each file in tests/cells_unseen/ (written by tests/cells_unseen/generate.py, committed) holds cells
the reader had never seen. For each, what a careful person reads is written here by hand: the exact
values loaded (in the catalog's unit) and the exact code and cell of every refusal or warning.
A June 2024 file, as of 2024-07-10, read and validated on its own (no history).

Decisions a careful person makes, stated once:
- a percent format shows percent points (0.953 shown 95.3% is 95.3); a unit in the number format
  (``0.0"万吨"``, ``#,##0"万元"``) is the value's unit, like a unit typed in the cell;
- red or parenthesised negatives are negative; accounting "-" for 0 is a real zero;
- footnote marks after a figure (①, ¹, *, a superscript run) are not digits of it; but a mark a
  note of the table calls 预计数 (注：带*的为预计数, a title 带△的为预估数) makes the figure — or
  the whole row, when the name carries it — an estimate, refused; a * no note explains is read
  as a footnote with a ``value_mark_unexplained`` warning (yearbooks use it for 预计数);
- a comma or space is a thousands separator only in groups of three; a decimal comma is refused;
- scientific notation typed as text is refused (not how a figure is written);
- "个百分点" in a growth cell is a change of a rate, not a growth rate: refused;
- a number format that shifts the digits is read as shown only where a word of the format says
  so and the stored figure is a real unit's (``0!.0000"万"`` on 元, ``0!.0000"万元"``, 35.0000亿元
  for 350000 in a 万元 row); scaling no word explains (``#,##0,``, ``0.0,,"百万"``) or a word that
  does not match the shift (``0.00,,"万元"``) is refused (``format_conflict``); a figure a format
  paints white (``[White]``, ``[Color2]``) is not seen: ``value_format_unreadable``;
- a formula's saved result is read; an error (#DIV/0!, #N/A) or a formula saved without its
  result is refused with its own code; a value only in a comment is not read;
- no-value markers (—, -, /, ／, 无, 未统计, 暂无, …) are a missing value with a message, never 0;
- a number merged over several cells (counties, months, rows) belongs to none of them: refused;
- hidden rows and columns are not read (a careful person reads what the sheet shows), with a
  ``hidden_skipped`` warning naming them; so are rows under one point high, columns under one
  character wide and cells written in the colour of their fill (white on white) — a white header
  on a dark fill is seen, and read;
- units convert through schemas/units.yaml; a unit it does not know, or of another dimension
  (万吨标准煤 for 万吨, 万人次 for 万人), is refused — never assumed to be the catalog's; 家 and 户
  both count entities (企业 6家 = 6户).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.errors import Code
from bijie_etl.ingest.reading import read_file
from bijie_etl.settings import Settings, load_settings
from bijie_etl.validate.rules import validate

HERE = Path(__file__).parent / "cells_unseen"
AS_OF = date(2024, 7, 10)
FIELDS = {"m": "value_month", "y": "value_ytd", "p": "value_ytd_prior", "g": "growth_pct", "v": "value"}
J = "2024-06"

#: stem → {(indicator code, county, period, field letter): value a careful person reads}.
LOADED: dict[str, dict[tuple[str, str, str, str], float]] = {
    "c01_lo_percent_formats.xlsx": {
        ("digital_economy_share", "全市", J, "v"): 35.3,
        ("strategic_emerging_industry_share", "全市", J, "v"): 10.52,
        ("gdp_growth", "全市", J, "g"): 5.8,
        ("industrial_value_added_growth", "全市", J, "g"): -2.1,
        ("air_quality_good_rate_counties", "全市", J, "v"): 97.3,  # 97.29999999999 (float noise)
    },
    "c03_text_numbers.xlsx": {
        ("digital_economy_share", "全市", J, "v"): 35.3,
        ("gdp_growth", "全市", J, "g"): 5.8,  # '5.8
        ("retail_sales_growth", "全市", J, "g"): -2.1,  # －２.１
        ("public_budget_revenue_growth", "全市", J, "g"): -1.5,  # −1.5 (U+2212)
        ("industrial_value_added_growth", "全市", J, "g"): -2.1,  # (2.1)
        ("fixed_asset_investment_growth", "全市", J, "g"): 6.3,  # NBSP … ideographic space
        ("online_retail_growth", "全市", J, "g"): 10.2,  # zero-width space
        ("tourism_value_added_growth", "全市", J, "g"): 9.8,  # 9.8① (NFKC would make 9.81)
        ("primary_industry_growth", "全市", J, "g"): 4.1,  # 4.1¹
        ("secondary_industry_growth", "全市", J, "g"): 7.6,  # 7.6*
        ("coal_output", "全市", J, "y"): 3150.2,  # 3,150.2
        ("urbanization_rate", "全市", J, "v"): 46.8,  # 46.8%
    },
    "c04_xlsxwriter_negative_accounting.xlsx": {
        ("gdp_growth", "全市", J, "g"): -3.4,  # shown red "3.4"
        ("retail_sales_growth", "全市", J, "g"): -2.0,  # shown red "(2.0)"
        ("coal_output", "全市", J, "y"): 3150.2,  # shown 3.15E+03
        ("power_generation", "全市", J, "y"): 285.3,  # accounting
        ("coalbed_methane_output", "全市", J, "y"): 0.0,  # accounting shows "-": a real zero
    },
    "c05_lo_unit_formats.xlsx": {
        ("infrastructure_investment", "全市", J, "y"): 35.0,  # 350,000万元 → 35 亿元
        ("power_generation", "全市", J, "y"): 285.0,  # 2,850,000万千瓦时 → 285 亿千瓦时
        ("coal_output", "全市", J, "y"): 3150.2,
        ("new_5g_base_stations", "全市", J, "y"): 1200.0,
        ("new_urban_jobs", "全市", J, "y"): 6.12,  # 61,200人 → 6.12 万人
    },
    "c07_unit_format_conflict.xlsx": {("coal_output", "全市", J, "y"): 3150.2},
    "c08_lo_periods.xlsx": {
        ("coal_output", "全市", J, "y"): 3150.2,  # a date shown 2024年6月
        ("power_generation", "全市", J, "y"): 285.3,  # "2024.6"
        ("thermal_coal_supply", "全市", J, "y"): 2100.5,  # "2024/06"
        ("coalbed_methane_output", "全市", J, "y"): 1250.0,  # "二〇二四年六月"
        ("new_energy_capacity_added", "全市", J, "y"): 25.5,  # a serial shown "6月"
    },
    "c09_lo_date_formatted_value.xls": {("power_generation", "全市", J, "y"): 285.3},
    "c10_xlwt_date_formatted_value.xls": {("power_generation", "全市", J, "y"): 285.3},
    "c11_lo_formulas.xlsx": {
        ("coal_output", "七星关区", J, "y"): 1000.5,
        ("coal_output", "大方县", J, "y"): 800.25,
        ("coal_output", "全市", J, "y"): 1800.75,  # =SUM(F2:F3), cached by LibreOffice
        ("coalbed_methane_output", "全市", J, "y"): 1250.4,  # =ROUND(1250.44,1)
    },
    "c13_openpyxl_formula_no_cache.xlsx": {("power_generation", "全市", J, "y"): 285.3},
    "c14_excel_csv_missing_markers.csv": {
        ("new_reserve_projects", "全市", J, "m"): 0.0,
        ("new_reserve_projects", "全市", J, "y"): 0.0,
    },
    "c15_merged_value_down.xlsx": {("coal_output", "黔西市", J, "y"): 200.0},
    "c16_merged_value_counties.xlsx": {
        ("coal_output", "全市", J, "y"): 1750.0,
        ("coal_output", "七星关区", J, "y"): 300.0,
        ("coal_output", "金沙县", J, "y"): 500.0,
    },
    "c17_lo_merged_value_months.xlsx": {
        ("coal_output", "全市", "2024-01", "m"): 600.0,
        ("coal_output", "全市", "2024-01", "y"): 600.0,
        ("coal_output", "全市", "2024-02", "m"): 610.0,
        ("coal_output", "全市", "2024-02", "y"): 1210.0,
        ("coal_output", "全市", "2024-03", "m"): 620.0,
        ("coal_output", "全市", "2024-03", "y"): 1830.0,
    },
    "c18_lo_hidden_rows_columns.xlsx": {
        ("coal_output", "全市", J, "y"): 3150.2,
        ("coal_output", "全市", J, "g"): 8.6,
        ("power_generation", "全市", J, "y"): 285.3,
        ("power_generation", "全市", J, "g"): 5.7,
    },
    "c19_xlwt_hidden.xls": {("coal_output", "全市", J, "y"): 3150.2},
    # Row 3 (0 high), column G (0 wide) and E5 (white on white) are not seen: not read.
    "c33_xlsxwriter_zero_size_white_font.xlsx": {
        ("coal_output", "全市", J, "y"): 3150.2,
        ("coal_output", "全市", J, "g"): 8.6,
        ("power_generation", "全市", J, "y"): 285.3,
        ("power_generation", "全市", J, "g"): 5.7,
        ("thermal_coal_supply", "全市", J, "y"): 2100.5,
    },
    # LibreOffice: row 3 shows; column G (half a character), E5 (white on white) and H4 (yellow on yellow) do not.
    "c34_lo_unseen_cells.xlsx": {
        ("coal_output", "全市", J, "y"): 3150.2,
        ("coal_output", "全市", J, "g"): 8.6,
        ("coal_output", "七星关区", J, "y"): 999.0,
        ("power_generation", "全市", J, "y"): 285.3,
        ("thermal_coal_supply", "全市", J, "y"): 2100.5,
    },
    "c20_comment_and_rich_text.xlsx": {
        ("gdp_growth", "全市", J, "g"): 5.8,  # 5.8 + superscript 1 (calamine joins them: 5.81)
        ("power_generation", "全市", J, "y"): 285.3,
    },
    "c21_wps_csv_gbk_unit_column.csv": {
        ("new_urban_jobs", "全市", J, "y"): 6.12,  # 61200 人
        ("power_generation", "全市", J, "y"): 285.3,  # 2853000 万千瓦时
        ("high_standard_farmland", "全市", J, "y"): 12.0,  # 8000 公顷 = 12 万亩
        ("rural_road_passing_bays_area", "全市", J, "y"): 12.0,  # 120000 平方米
        ("digital_economy_share", "全市", J, "v"): 35.3,  # 百分点 of a share is %
        ("a_grade_logistics_firms", "全市", J, "y"): 6.0,  # 6家 of a 户 target: both count entities
    },
    "c22_excel_csv_units_in_cells.csv": {
        ("new_urban_jobs", "全市", J, "y"): 6.12,  # 61200人
        ("high_standard_farmland", "全市", J, "y"): 18.0,  # 1.2万公顷
        ("private_investment_share", "全市", J, "v"): 52.3,  # 523‰
        ("rural_road_passing_bays_area", "全市", J, "y"): 12.0,  # 12万平方米
        ("power_generation", "全市", J, "y"): 285.3,  # 2853000万千瓦时
        ("infrastructure_investment", "全市", J, "y"): 3.5,  # 3.5亿元
    },
    "c23_header_unit_yi_in_wan.xlsx": {("real_estate_investment", "全市", J, "y"): 65.0},
    "c24_lo_rich_text.xlsx": {
        ("gdp_growth", "全市", J, "g"): 5.8,
        ("urbanization_rate", "全市", J, "v"): 46.8,
    },
    "c27_scaling_formats.xlsx": {
        ("coal_output", "全市", J, "y"): 3150.2,
        # 350000 in a 万元 row shown 35.0000亿元 by 0!.0000"亿元": one quantity, said twice
        ("infrastructure_investment", "全市", J, "y"): 35.0,
    },
    "c28_excel_csv_text_forms.csv": {
        ("gdp_growth", "全市", J, "g"): 5.8,  # ="5.8"
        ("overnight_visitor_spending", "全市", J, "v"): 1498.0,  # ¥1,498
        ("infrastructure_investment", "全市", J, "y"): 3.5,  # ￥3.5亿
    },
    "c30_wps_csv_growth_words.csv": {
        ("gdp_growth", "全市", J, "g"): -2.1,  # 增长-2.1% (was read +2.1)
        ("retail_sales_growth", "全市", J, "g"): -3.2,
        ("fixed_asset_investment_growth", "全市", J, "g"): 0.0,
        ("online_retail_growth", "全市", J, "g"): 12.5,
    },
    "c31_lo_unit_line_unknown.xlsx": {},
    "c32_unit_line_organisation.xlsx": {
        ("thermal_coal_supply", "全市", J, "y"): 2100.5,
        ("power_generation", "全市", J, "y"): 285.3,
    },
    "c26_lo_wide_formula_errors.xlsx": {
        ("coal_output", "全市", J, "y"): 1750.0,
        ("coal_output", "七星关区", J, "y"): 300.0,
        ("coal_output", "金沙县", J, "y"): 500.0,
    },
}
LOADED["c02_lo_percent_formats.xls"] = LOADED["c01_lo_percent_formats.xlsx"]
LOADED["c37_openpyxl_theme_white_font.xlsx"] = {
    ("coal_output", "全市", J, "y"): 3150.2,
    ("coal_output", "全市", J, "p"): 2900.1,
    ("coal_output", "全市", J, "g"): 8.6,
    ("coal_output", "七星关区", J, "y"): 999.0,
    ("coal_output", "七星关区", J, "p"): 900.0,
    ("power_generation", "全市", J, "y"): 285.3,
    ("power_generation", "全市", J, "p"): 270.0,
    ("power_generation", "全市", J, "g"): 5.7,  # grey (a tinted theme 0) is seen
    ("thermal_coal_supply", "全市", J, "y"): 2100.5,
}
#: 1904-date-system workbooks: the same periods as in any other workbook (not 1,462 days earlier).
LOADED["c38_xlsxwriter_1904_dates.xlsx"] = {
    ("coal_output", "全市", J, "y"): 3150.2,
    ("power_generation", "全市", J, "y"): 285.3,  # 2024-06-30: the month's last day
    ("thermal_coal_supply", "全市", J, "y"): 2100.5,  # shown 6月
    ("coalbed_methane_output", "全市", "2024-05", "y"): 1050.0,  # 2024-05-31
}
for _stem in (
    "c39_openpyxl_1904_dates.xlsx",
    "c40_xlwt_1904_dates.xls",
    "c41_lo_1904_dates.xlsx",
    "c42_lo_1904_dates.xls",
):
    LOADED[_stem] = LOADED["c38_xlsxwriter_1904_dates.xlsx"]
#: * under 注：带*的为预计数 (a figure, a name), △ under a title saying 带△的为预估数: estimates, not loaded.
LOADED["c43_lo_star_estimates_noted.xlsx"] = {
    ("retail_sales_growth", "全市", J, "y"): 402.5,  # the level a growth target's row carries
    ("retail_sales_growth", "全市", J, "g"): 6.1,
}
LOADED["c44_xlwt_triangle_estimates_in_title.xls"] = {("power_generation", "全市", J, "y"): 285.3}
LOADED["c45_excel_csv_star_flash_figures.csv"] = {  # 注：*为快报数: a flash figure is a figure
    ("coal_output", "全市", J, "y"): 3150.2,
    ("power_generation", "全市", J, "y"): 285.3,
}
LOADED["c35_lo_unseen_cells.xls"] = LOADED["c34_lo_unseen_cells.xlsx"]
LOADED["c36_xlwt_zero_size_white_font.xls"] = LOADED["c33_xlsxwriter_zero_size_white_font.xlsx"]
LOADED["c06_lo_unit_formats.xls"] = LOADED["c05_lo_unit_formats.xlsx"]
LOADED["c12_lo_formulas.xls"] = LOADED["c11_lo_formulas.xlsx"]
LOADED["c29_lo_periods.xls"] = LOADED["c08_lo_periods.xlsx"]
LOADED["c25_lo_rich_text.xls"] = LOADED["c24_lo_rich_text.xlsx"]  # SST runs in a superscript FONT

E, W = "error", "warning"
#: stem → every failure (cell, code, severity), in the order reported (note_ignored aside).
FAILED: dict[str, list[tuple[str | None, str, str]]] = {
    "c01_lo_percent_formats.xlsx": [],
    "c03_text_numbers.xlsx": [
        ("F13", "value_not_number", E),  # 1 234,5: a decimal comma
        ("F14", "value_not_number", E),  # 2100,5
        ("F15", "value_not_number", E),  # 1.25E+03 as text
        ("F17", "unit_mismatch", E),  # 45.3% in a 亿元 column
        ("H18", "value_not_number", E),  # 提高0.5个百分点 in the growth column
    ],
    "c04_xlsxwriter_negative_accounting.xlsx": [],
    "c05_lo_unit_formats.xlsx": [("C6", "unit_mismatch", E)],  # 0.0"万辆": a unit nobody knows
    "c07_unit_format_conflict.xlsx": [("F2", "unit_conflict", E)],  # 万元 format, 亿元 unit column
    "c08_lo_periods.xlsx": [],
    "c09_lo_date_formatted_value.xls": [("F2", "value_not_number", E)],  # a date is not a figure
    "c10_xlwt_date_formatted_value.xls": [("F2", "value_not_number", E)],
    "c11_lo_formulas.xlsx": [("F5", "formula_error", E), ("F6", "formula_error", E)],
    "c13_openpyxl_formula_no_cache.xlsx": [("F2", "formula_not_calculated", E)],
    "c14_excel_csv_missing_markers.csv": [
        *[(f"F{r}", "value_missing", E) for r in range(2, 10)],
        ("F11", "formula_error", E),  # #DIV/0! saved into the csv as text
    ],
    "c15_merged_value_down.xlsx": [("E2", "value_merged", E), ("E3", "value_merged", E)],
    "c16_merged_value_counties.xlsx": [("D3", "value_merged", E)],
    "c17_lo_merged_value_months.xlsx": [(None, "value_missing", E), ("E3", "value_merged", E)],
    "c18_lo_hidden_rows_columns.xlsx": [("G1", "hidden_skipped", W)],
    "c19_xlwt_hidden.xls": [("A3", "hidden_skipped", W)],
    "c33_xlsxwriter_zero_size_white_font.xlsx": [("G1", "hidden_skipped", W)],
    "c34_lo_unseen_cells.xlsx": [("G1", "hidden_skipped", W)],
    "c20_comment_and_rich_text.xlsx": [("F2", "value_missing", E)],  # the comment is not read
    "c21_wps_csv_gbk_unit_column.csv": [
        ("B6", "unit_mismatch", E),  # 万吨标准煤 is energy, not 万吨 of coal
        ("B7", "unit_mismatch", E),  # 万座: unknown
    ],
    "c22_excel_csv_units_in_cells.csv": [
        ("F8", "unit_mismatch", E),  # 3150万吨标准煤
        ("F9", "value_not_number", E),  # 12.6万辆: unknown unit
        ("F10", "unit_conflict", E),  # 3.2万人次 in a 万人 row
    ],
    "c23_header_unit_yi_in_wan.xlsx": [("C2", "unit_conflict", E)],  # 3.5亿元 under 1-本月累计（万元）
    "c24_lo_rich_text.xlsx": [],
    "c26_lo_wide_formula_errors.xlsx": [("D3", "formula_error", E), ("E3", "formula_error", E)],
    # A format that shows another number than the cell stores: which did the department mean?
    "c27_scaling_formats.xlsx": [
        ("F3", "format_conflict", E),
        ("F4", "format_conflict", E),
        ("F6", "format_conflict", E),  # ;;; shows an empty cell holding 280
    ],
    "c28_excel_csv_text_forms.csv": [],
    "c30_wps_csv_growth_words.csv": [("H3", "value_not_number", E)],  # 下降-2.1%: a fall of minus 2.1?
    "c31_lo_unit_line_unknown.xlsx": [("A2", "unit_mismatch", E)],  # 单位：万车 (it loaded as 万吨)
    "c32_unit_line_organisation.xlsx": [],
}
FAILED["c02_lo_percent_formats.xls"] = FAILED["c01_lo_percent_formats.xlsx"]
FAILED["c37_openpyxl_theme_white_font.xlsx"] = [("E5", "hidden_skipped", W)]
# 7.6* (H11) is read as 7.6, but no note says what the * means: some yearbooks mark 预计数 so.
FAILED["c03_text_numbers.xlsx"].insert(0, ("H11", "value_mark_unexplained", W))
FAILED["c43_lo_star_estimates_noted.xlsx"] = [("D3", "value_is_estimate", E), ("D4", "value_is_estimate", E)]
FAILED["c44_xlwt_triangle_estimates_in_title.xls"] = [("C3", "value_is_estimate", E)]
FAILED["c45_excel_csv_star_flash_figures.csv"] = []
for _stem in (
    "c38_xlsxwriter_1904_dates.xlsx",
    "c39_openpyxl_1904_dates.xlsx",
    "c40_xlwt_1904_dates.xls",
    "c41_lo_1904_dates.xlsx",
    "c42_lo_1904_dates.xls",
):
    FAILED[_stem] = []
FAILED["c35_lo_unseen_cells.xls"] = FAILED["c34_lo_unseen_cells.xlsx"]
FAILED["c36_xlwt_zero_size_white_font.xls"] = FAILED["c33_xlsxwriter_zero_size_white_font.xlsx"]
FAILED["c06_lo_unit_formats.xls"] = FAILED["c05_lo_unit_formats.xlsx"]
FAILED["c12_lo_formulas.xls"] = FAILED["c11_lo_formulas.xlsx"]
FAILED["c29_lo_periods.xls"] = FAILED["c08_lo_periods.xlsx"]
FAILED["c25_lo_rich_text.xls"] = FAILED["c24_lo_rich_text.xlsx"]


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def catalog(settings: Settings) -> Catalog:
    return load_catalog_from_settings(settings)


def _read(name: str, settings: Settings, catalog: Catalog) -> tuple[pd.DataFrame, list[Any]]:
    path = HERE / name
    obs, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    return obs, [f for f in failures if f.code is not Code.NOTE_IGNORED]


def _loaded(obs: pd.DataFrame, catalog: Catalog) -> dict[tuple[str, str, str, str], float]:
    """Every value loaded, keyed like LOADED (``value`` only where the target is measured by it)."""
    value_field = {t.code: t.value_field for t in catalog}
    out: dict[tuple[str, str, str, str], float] = {}
    for row in obs.to_dict("records"):
        for letter, fld in FIELDS.items():
            v = row[fld]
            if v is None or pd.isna(v) or (fld == "value" and value_field[row["indicator_code"]] != "value"):
                continue
            out[(row["indicator_code"], row["county"], row["period"].strftime("%Y-%m"), letter)] = float(v)
    return out


def test_every_battery_file_has_its_expectations() -> None:
    """Each committed battery file is listed with what it must load and what it must refuse."""
    files = sorted(p.name for p in HERE.iterdir() if p.suffix in (".xlsx", ".xls", ".csv"))
    assert files == sorted(set(LOADED) | set(FAILED))
    assert set(LOADED) == set(FAILED)


@pytest.mark.parametrize("name", sorted(LOADED))
def test_unseen_file_is_read_as_a_careful_person_reads_it(
    name: str, settings: Settings, catalog: Catalog
) -> None:
    """The file loads exactly the values a careful person reads and refuses the rest with their code and cell."""
    obs, failures = _read(name, settings, catalog)
    assert _loaded(obs, catalog) == pytest.approx(LOADED[name], abs=1e-9)
    assert [(f.cell, f.code.value, f.severity.value) for f in failures] == FAILED[name]


def test_messages_say_why(settings: Settings, catalog: Catalog) -> None:
    """The refusals new in this battery say in Chinese what the cell shows and what to do."""
    messages = {
        (name, f.cell): f.message_zh
        for name in (
            "c03_text_numbers.xlsx",
            "c05_lo_unit_formats.xlsx",
            "c11_lo_formulas.xlsx",
            "c13_openpyxl_formula_no_cache.xlsx",
            "c14_excel_csv_missing_markers.csv",
            "c15_merged_value_down.xlsx",
            "c18_lo_hidden_rows_columns.xlsx",
            "c35_lo_unseen_cells.xls",
            "c43_lo_star_estimates_noted.xlsx",
        )
        for f in _read(name, settings, catalog)[1]
    }
    assert "不是千位分隔符" in messages[("c03_text_numbers.xlsx", "F14")]
    assert "是增减的百分点" in messages[("c03_text_numbers.xlsx", "H18")]
    assert "“1.25E+03”是科学计数法" in messages[("c03_text_numbers.xlsx", "F15")]
    assert "“%”与目标单位“亿元”量纲不同" in messages[("c03_text_numbers.xlsx", "F17")]
    assert '数字格式“0.0"万辆"”显示单位“万辆”' in messages[("c05_lo_unit_formats.xlsx", "C6")]
    assert "显示为“#DIV/0!”" in messages[("c11_lo_formulas.xlsx", "F5")]
    assert (
        "公式“=1000.5+800.25”，但文件中没有保存可用的计算结果"
        in messages[("c13_openpyxl_formula_no_cache.xlsx", "F2")]
    )
    assert "填写的是“未统计”（没有数值）" in messages[("c14_excel_csv_missing_markers.csv", "F7")]
    assert "合并单元格E2:E3" in messages[("c15_merged_value_down.xlsx", "E3")]
    assert "隐藏的第3行和G列有内容，未读取" in messages[("c18_lo_hidden_rows_columns.xlsx", "G1")]
    assert (
        "表格说明（A6单元格“注：带*的为预计数，其余为快报数。”）写明带“*”的是预计数"
        in (messages[("c43_lo_star_estimates_noted.xlsx", "D3")])
    )
    assert "本行指标名称标有“*”" in messages[("c43_lo_star_estimates_noted.xlsx", "D4")]
    assert (
        "隐藏的G列，以及字体颜色与底色相同（如白底白字）、看不见的单元格H4、E5有内容，未读取"
        in messages[("c35_lo_unseen_cells.xls", "G1")]
    )


def test_inspect_shows_marks_set_aside(settings: Settings, catalog: Catalog) -> None:
    """`inspect` says a footnote mark was not counted and parentheses made a value negative."""
    from bijie_etl.validate.inspect import format_inspection, inspect_file

    report = inspect_file(HERE / "c03_text_numbers.xlsx", settings, catalog=catalog, as_of=AS_OF)
    read_as = {v["read_as"]["cell"]: v["read_as"] for v in report.values if v.get("read_as")}
    assert read_as["H9"] == {"cell": "H9", "typed": "9.8①", "mark": "①", "factor": 1.0}
    assert read_as["H6"] == {"cell": "H6", "typed": "(2.1)", "mark": "()", "factor": 1.0}
    text = format_inspection(report)
    assert "[原文“9.8①”，脚注“①”不计入数值]" in text
    assert "[原文“(2.1)”，括号表示负数]" in text


@pytest.mark.parametrize(
    "name",
    [
        "c38_xlsxwriter_1904_dates.xlsx",
        "c39_openpyxl_1904_dates.xlsx",
        "c41_lo_1904_dates.xlsx",
        "c40_xlwt_1904_dates.xls",
        "c42_lo_1904_dates.xls",
    ],
)
def test_the_1904_date_system_is_seen_in_every_writers_file(name: str) -> None:
    """The reader finds the 1904 date system in xlsxwriter, openpyxl, xlwt and LibreOffice files (and not in a 1900 one), so a serial it turns into a date itself is not 1,462 days early."""
    import zipfile

    from bijie_etl.ingest.biff import _cfb_stream
    from bijie_etl.ingest.datesystem import serial_to_datetime, xls_date1904, xlsx_date1904

    def uses_1904(path: Path) -> bool:
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as zf:
                return xlsx_date1904(zf.read("xl/workbook.xml"))
        return xls_date1904(_cfb_stream(path.read_bytes(), ("Workbook", "Book")) or b"")

    assert uses_1904(HERE / name)
    assert not uses_1904(
        HERE / ("c01_lo_percent_formats.xlsx" if name.endswith("x") else "c02_lo_percent_formats.xls")
    )
    assert serial_to_datetime(43982, date1904=True).date() == date(2024, 6, 1)
    assert serial_to_datetime(45444).date() == date(2024, 6, 1)
