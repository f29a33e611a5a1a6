"""One month's report sent as a 当月 table and a 累计 table of the same rows is read as one table.

Departments send June as two sheets (or two tables stacked on one sheet) of the same indicators: 当月
(2024年6月, 数值 | 同比增长) and 累计 (2024年1-6月, the same columns). A careful person reads one row per
indicator — 本月 from 当月, 累计 and 同比增长 from 累计 — each figure at the cell it was typed in
(当月!C3); read table by table, the two rows of each indicator refused each other as duplicates and
nothing loaded (e384). Periods that disagree refuse both tables; a row in one table only keeps what it has.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

import readout
from bijie_etl.catalog import Catalog
from bijie_etl.cli import app
from bijie_etl.settings import Settings
from readout import check
from spreadsheets import write_xls, write_xlsx

runner = CliRunner()

MONTH = [
    ["毕节市2024年6月能源生产情况"],
    ["指标名称", "计量单位", "数值", "同比增长(%)"],
    ["煤炭产量", "万吨", 612.4, 5.2],
    ["发电量", "亿千瓦时", 46.2, 3.1],
]
YTD = [
    ["毕节市2024年1-6月能源生产情况"],
    ["指标名称", "计量单位", "数值", "同比增长(%)"],
    ["煤炭产量", "万吨", 3550.2, 8.6],
    ["发电量", "亿千瓦时", 268.4, 4.9],
]
JOINED = [
    ("coal_output", "全市", "2024-06", 612.4, 3550.2, 8.6),
    ("power_generation", "全市", "2024-06", 46.2, 268.4, 4.9),
]


def figures(obs: pd.DataFrame) -> list[tuple[Any, ...]]:
    """(indicator, county, period, 本月, 累计, 增速) of every observation, sorted."""
    return sorted(readout.figures(obs, period=True), key=str)


def cells(obs: pd.DataFrame) -> dict[str, tuple[str, dict[str, str]]]:
    """indicator → (the row's sheet, its ``cells`` JSON)."""
    return {r.indicator_code: (r.sheet, json.loads(r.cells)) for r in obs.itertuples()}


def test_a_month_sheet_and_a_ytd_sheet_of_one_report_load_as_one_row(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """当月 | 累计: one row per indicator, 本月 from 当月 and 累计 and growth from 累计; 当月's growth (June's
    own) is the only thing set aside, with a 提示 on its header."""
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"当月": MONTH, "累计": YTD}), settings, catalog)
    assert figures(obs) == JOINED
    assert readout.codes(failures) == [("当月", "D2", "column_ignored")]


def test_each_figure_of_a_joined_row_names_the_sheet_and_cell_it_was_typed_in(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """The joined row is the 累计 sheet's row; its month's figure points at 当月!C3, not at 累计's C3."""
    obs, _ = check(write_xlsx(tmp_path / "m.xlsx", {"当月": MONTH, "累计": YTD}), settings, catalog)
    assert cells(obs)["coal_output"] == (
        "累计",
        {"value_month": "当月!C3", "value_ytd": "C3", "growth_pct": "D3"},
    )


@pytest.mark.parametrize("names", [("本月", "累计"), ("当月数", "累计数"), ("本月值", "1-6月")])
def test_the_month_sheet_may_be_named_as_departments_name_it(
    names: tuple[str, str], tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """本月 | 累计, 当月数 | 累计数, 本月值 | 1-6月: the same reading."""
    month, ytd = names
    obs, _ = check(write_xlsx(tmp_path / "m.xlsx", {month: MONTH, ytd: YTD}), settings, catalog)
    assert figures(obs) == JOINED


def test_the_ytd_sheet_first_reads_the_same(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """The order of the sheets changes nothing."""
    obs, _ = check(write_xlsx(tmp_path / "m.xlsx", {"累计": YTD, "当月": MONTH}), settings, catalog)
    assert figures(obs) == JOINED


def test_a_legacy_xls_pair_loads_as_one_row(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """The same pair saved as .xls (xlwt)."""
    obs, _ = check(write_xls(tmp_path / "m.xls", {"当月": MONTH, "累计": YTD}), settings, catalog)
    assert figures(obs) == JOINED


def test_two_stacked_tables_titled_month_and_ytd_load_as_one_row(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """One sheet, …（当月） over the first table and …（累计） over the second: the title's word makes the
    first table's 数值 June's own (never the year to date a lone 数值 under a month is read as), and each
    figure keeps its own cell on the one sheet (C3 and C8, no sheet name needed)."""
    rows = [
        ["毕节市2024年6月能源生产情况（当月）"], *MONTH[1:], [],
        ["毕节市2024年1-6月能源生产情况（累计）"], *YTD[1:],
    ]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"能源": rows}), settings, catalog)
    assert figures(obs) == JOINED
    assert cells(obs)["coal_output"] == ("能源", {"value_month": "C3", "value_ytd": "C8", "growth_pct": "D8"})
    assert readout.codes(failures) == [("能源", "D2", "column_ignored")]


def test_a_pair_with_counties_as_rows_loads_one_row_per_county(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """县（区） | 数值 | 增长 under titles naming the indicator (各县煤炭产量): one row per county."""
    month = [["毕节市2024年6月各县煤炭产量"], ["单位：万吨"], ["县（区）", "数值", "增长（%）"],
             ["七星关区", 52.3, 4.1], ["大方县", 86.0, 6.3]]  # fmt: skip
    ytd = [["毕节市2024年1-6月各县煤炭产量"], ["单位：万吨"], ["县（区）", "数值", "增长（%）"],
           ["七星关区", 312.6, 5.2], ["大方县", 498.3, 7.1]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"当月": month, "累计": ytd}), settings, catalog)
    assert figures(obs) == [
        ("coal_output", "七星关区", "2024-06", 52.3, 312.6, 5.2),
        ("coal_output", "大方县", "2024-06", 86.0, 498.3, 7.1),
    ]
    assert readout.codes(failures) == [("当月", "C3", "column_ignored")]


def test_a_pair_whose_periods_disagree_is_refused_whole_naming_both_titles(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """当月 2024年6月 beside 累计 2024年1-5月 (a stale title, or May's figures?): nothing loads — never
    3550.2 as May's year to date — and the message names both titles."""
    stale = [["毕节市2024年1-5月能源生产情况"], *YTD[1:]]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"当月": MONTH, "累计": stale}), settings, catalog)
    assert obs.empty
    [refusal] = [f for f in failures if f.code.value == "layout_ambiguous"]
    assert "工作表“当月”（当月数）的标题（A1）写的是2024年6月" in refusal.message_zh
    assert "工作表“累计”（累计数）的标题（A1）写的是2024年1-5月" in refusal.message_zh
    assert refusal.rows_refused == 4


def test_a_ytd_header_naming_another_month_is_read_as_it_says(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A 累计 sheet whose header says 1-5月累计 itself (e275) is May's, read on its own: not a pair refused."""
    may = [
        ["毕节市2024年1-5月能源生产情况"],
        ["指标名称", "计量单位", "1-5月累计"],
        ["煤炭产量", "万吨", 2937.8],
    ]
    obs, _ = check(write_xlsx(tmp_path / "m.xlsx", {"当月": MONTH[:3], "累计": may}), settings, catalog)
    assert figures(obs) == [("coal_output", "全市", "2024-05", None, 2937.8, None)]


def test_a_row_in_one_sheet_only_keeps_what_it_has(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """发电量 only on 当月: no year to date, refused saying 累计 lacks the row; 电煤供应量 only on 累计: loads
    without its month's figure; 煤炭产量 on both: joined."""
    ytd = [*YTD[:3], ["电煤供应量", "万吨", 1958.3, 4.6]]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"当月": MONTH, "累计": ytd}), settings, catalog)
    assert figures(obs) == [
        ("coal_output", "全市", "2024-06", 612.4, 3550.2, 8.6),
        ("thermal_coal_supply", "全市", "2024-06", None, 1958.3, 4.6),
    ]
    [missing] = [f for f in failures if f.code.value == "value_missing"]
    assert (missing.sheet, missing.row_number) == ("当月", 4)
    assert "工作表“累计”中没有这一行" in missing.message_zh


def test_in_january_a_month_only_row_is_its_year_to_date(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """January: the month is the year to date, so a row on 当月 only still loads (1-1月 = 本月)."""
    month = [
        ["毕节市2024年1月能源生产情况"],
        MONTH[1],
        ["煤炭产量", "万吨", 560.1, 5.0],
        ["发电量", "亿千瓦时", 39.8, 2.0],
    ]
    ytd = [["毕节市2024年1月能源生产情况（累计）"], YTD[1], ["煤炭产量", "万吨", 560.1, 5.0]]
    obs, _ = check(
        write_xlsx(tmp_path / "m.xlsx", {"当月": month, "累计": ytd}), settings, catalog, date(2024, 2, 10)
    )
    assert [(f[0], f[3], f[4]) for f in figures(obs)] == [
        ("coal_output", 560.1, 560.1),
        ("power_generation", 39.8, 39.8),
    ]


def test_a_month_table_with_its_own_ytd_is_no_pair_and_stays_a_duplicate(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """汇总 本月 | 1-6月累计 beside a 累计 sheet: one row read twice, as before — the second refused as a
    duplicate naming the first, never joined or silently merged."""
    both = [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "本月", "1-6月累计"],
        ["煤炭产量", "万吨", 612.4, 3550.2],
    ]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"汇总": both, "累计": YTD[:3]}), settings, catalog)
    assert figures(obs) == [("coal_output", "全市", "2024-06", 612.4, 3550.2, None)]
    assert ("累计", "C3", "duplicate_row") in readout.codes(failures)


def test_a_pair_with_counties_across_joins_county_by_county(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """指标名称 | 七星关区 | 大方县 on both sheets: each county's 本月 from 当月 (at 当月!B3), 累计 from 累计."""
    head = ["指标名称", "七星关区", "大方县"]
    month = [["毕节市2024年6月各县煤炭产量（万吨）"], head, ["煤炭产量", 52.3, 86.0]]
    ytd = [["毕节市2024年1-6月各县煤炭产量（万吨）"], head, ["煤炭产量", 312.6, 498.3]]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"当月": month, "累计": ytd}), settings, catalog)
    assert figures(obs) == [
        ("coal_output", "七星关区", "2024-06", 52.3, 312.6, None),
        ("coal_output", "大方县", "2024-06", 86.0, 498.3, None),
    ]
    assert [json.loads(c)["value_month"] for c in obs["cells"]] == ["当月!B3", "当月!C3"]
    assert failures == []


def test_a_month_figure_in_another_unit_than_its_ytd_row_is_refused_alone(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """当月 发电量 462000 万千瓦时 beside 累计 268.4 亿千瓦时: the month's figure is not put on a row of another
    unit (unit_conflict on 当月!C3 naming both unit cells); the year to date and its growth load."""
    month = [MONTH[0], MONTH[1], ["发电量", "万千瓦时", 462000, 3.1]]
    ytd = [YTD[0], YTD[1], YTD[3]]
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"当月": month, "累计": ytd}), settings, catalog)
    assert figures(obs) == [("power_generation", "全市", "2024-06", None, 268.4, 4.9)]
    [conflict] = [f for f in failures if f.code.value == "unit_conflict"]
    assert (conflict.sheet, conflict.cell) == ("当月", "C3")
    assert "“万千瓦时”（B3）与累计表同一行的“亿千瓦时”（累计!B3）不同" in conflict.message_zh


def test_the_inspection_says_the_two_sheets_were_read_as_one(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """`bijie-etl inspect` shows the pair as joined and each value at its own sheet's cell."""
    from bijie_etl.validate.inspect import format_inspection, inspect_file

    path = write_xlsx(tmp_path / "m.xlsx", {"当月": MONTH, "累计": YTD})
    text = format_inspection(inspect_file(path, settings, catalog=catalog, as_of=date(2024, 7, 10)))
    assert "与工作表“累计”是同一张报表的当月数和累计数：2行的本月数并入工作表“累计”的同一行" in text
    assert "本月 = 612.4 万吨  (当月!C3)" in text
    assert "1-本月累计 = 3,550.2 万吨  (累计!C3)" in text


def test_the_run_loads_a_pair_into_the_warehouse_with_each_field_at_its_own_sheet(tmp_path: Path) -> None:
    """The nightly run's ingest (CLI over the run API) on a 当月 | 累计 workbook: two rows loaded, none
    refused; in the warehouse each row is the 累计 sheet's, and ``cells`` names 当月!C3 for 本月."""
    (tmp_path / "inbox" / "能源局").mkdir(parents=True)
    write_xlsx(tmp_path / "inbox" / "能源局" / "2024年6月能源.xlsx", {"当月": MONTH, "累计": YTD})
    args = ["--warehouse", str(tmp_path / "warehouse"), "--inbox", str(tmp_path / "inbox"), "ingest"]
    result = runner.invoke(app, [*args, "--as-of", "2024-07-10"])
    assert result.exit_code == 0, result.output + result.stderr
    assert "入库 2 行，退回 0 行" in result.output.replace("\n", "")
    with duckdb.connect(str(tmp_path / "warehouse" / "analytics.duckdb"), read_only=True) as con:
        rows = con.execute(
            "SELECT indicator_code, value_month, value_ytd, growth_pct, sheet, cell, cells "
            "FROM observations ORDER BY indicator_code"
        ).fetchall()
    assert [(*r[:6], json.loads(r[6])) for r in rows] == [
        ("coal_output", 612.4, 3550.2, 8.6, "累计", "C3",
         {"value_month": "当月!C3", "value_ytd": "C3", "growth_pct": "D3"}),
        ("power_generation", 46.2, 268.4, 4.9, "累计", "C4",
         {"value_month": "当月!C4", "value_ytd": "C4", "growth_pct": "D4"}),
    ]  # fmt: skip
