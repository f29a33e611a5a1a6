"""A sheet named 当月 (本月, 当月数 …) holds the month's own figures: its lone 数值 is never read as the year
to date (the reading a lone figure gets under a title naming a span), and its 同比增长 is the month's growth.

A department's 当月 | 累计 workbook used to load 当月's 612.4 as coal's 1-6月 and refuse the real 3550.2 on
累计 as a duplicate — a false 滞后 for the city's leadership. The two sheets are now read as one row per
indicator (tests/test_month_ytd_pairs.py, e384).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

import readout
from bijie_etl.catalog import Catalog
from bijie_etl.settings import Settings

MONTH = [
    ["毕节市2024年6月能源生产情况"],
    ["指标名称", "计量单位", "数值", "同比增长(%)"],
    ["煤炭产量", "万吨", 612.4, 5.2],
]
YTD = [
    ["毕节市2024年1-6月能源生产情况"],
    ["指标名称", "计量单位", "数值", "同比增长(%)"],
    ["煤炭产量", "万吨", 3550.2, 8.6],
]


def workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


@pytest.mark.parametrize("name", ["当月", "本月", "当月数", "本月值"])
def test_a_month_sheet_never_gives_its_figure_as_the_year_to_date(
    name: str, tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    obs, failures = readout.check(
        workbook(tmp_path / "能源局.xlsx", {name: MONTH}), settings, catalog, date(2024, 7, 10)
    )
    assert 612.4 not in list(obs.get("value_ytd", ()))
    assert 5.2 not in list(obs.get("growth_pct", ()))  # June's own growth, not 1-6月's
    codes = {f.code for f in failures}
    assert "value_missing" in codes  # coal is measured by its 1-6月累计, which this sheet does not give
    assert "column_ignored" in codes  # 当月 › 同比增长


def test_a_month_and_a_year_to_date_sheet_load_no_month_figure_as_the_year_to_date(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    path = workbook(tmp_path / "能源局.xlsx", {"当月": MONTH, "累计": YTD})
    obs, failures = readout.check(path, settings, catalog, date(2024, 7, 10))
    assert 612.4 not in list(obs.get("value_ytd", ()))
    assert failures  # each row's refusal says why


def test_a_sheet_named_for_a_span_keeps_reading_its_lone_figure_as_the_year_to_date(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Only the month's own words re-read a sheet: 累计 (and a 1-6月 title) keep the lone 数值 as 1-6月累计."""
    obs, failures = readout.check(
        workbook(tmp_path / "能源局.xlsx", {"累计": YTD}), settings, catalog, date(2024, 7, 10)
    )
    assert failures == []
    assert obs["value_ytd"].tolist() == [3550.2]
    assert obs["growth_pct"].tolist() == [8.6]


def test_a_month_sheet_whose_header_says_what_each_column_is_reads_as_the_header_says(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """本月 | 1-6月累计 | 同比增长 on a sheet named 本月: the header decides; the growth beside 累计 is 1-6月's."""
    rows = [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "本月", "1-6月累计", "同比增长(%)"],
        ["煤炭产量", "万吨", 612.4, 3550.2, 8.6],
    ]
    obs, failures = readout.check(
        workbook(tmp_path / "能源局.xlsx", {"本月": rows}), settings, catalog, date(2024, 7, 10)
    )
    assert failures == []
    assert (obs["value_month"].tolist(), obs["value_ytd"].tolist(), obs["growth_pct"].tolist()) == (
        [612.4],
        [3550.2],
        [8.6],
    )
