"""In February a 本月 equal to its 累计 on every row is 1-2月 (January and February together, the Spring
Festival), not February's own: it is not read, the 累计 loads (session 19). A 本月 that differs from its 累计
on any row is February's own, and a table by month (1月 | 2月 …) is left as it is."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import readout
from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.settings import Settings, load_settings
from spreadsheets import write_xlsx

AS_OF = date(2024, 3, 10)


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def catalog(settings: Settings) -> Catalog:
    return load_catalog_from_settings(settings)


def test_a_february_month_column_equal_to_the_year_to_date_on_every_row_is_not_februarys_own(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """毕节市2024年1-2月…: 本月 1040.3 | 1-2月累计 1040.3 (and 88.1 | 88.1) — the column holds the two months
    together; loading 1040.3 as February's output would be wrong (it was 480.2). The 累计 loads, each 本月
    cell is noted."""
    rows = [["毕节市2024年1-2月能源生产情况"], ["指标名称", "计量单位", "本月", "1-2月累计", "同比增长（%）"],
            ["煤炭产量", "万吨", 1040.3, 1040.3, 6.2], ["发电量", "亿千瓦时", 88.1, 88.1, 3.1]]  # fmt: skip
    obs, failures = readout.check(write_xlsx(tmp_path / "f.xlsx", {"2月": rows}), settings, catalog, AS_OF)
    assert readout.figures(obs, period=True) == [
        ("coal_output", "全市", "2024-02", None, 1040.3, 6.2),
        ("power_generation", "全市", "2024-02", None, 88.1, 3.1),
    ]
    assert readout.codes(failures) == [("2月", "C3", "column_ignored"), ("2月", "C4", "column_ignored")]
    assert "1-2月合并" in failures[0].message_zh


def test_the_same_under_a_february_title_without_a_range(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """毕节市2024年2月…: the title says February, but every row's 本月 is its 累计: still the two months."""
    rows = [["毕节市2024年2月能源生产情况"], ["指标名称", "计量单位", "本月", "累计"],
            ["煤炭产量", "万吨", 1040.3, 1040.3]]  # fmt: skip
    obs, _ = readout.check(write_xlsx(tmp_path / "f.xlsx", {"Sheet1": rows}), settings, catalog, AS_OF)
    assert readout.figures(obs, period=True) == [("coal_output", "全市", "2024-02", None, 1040.3, None)]


def test_a_row_whose_figures_differ_shows_the_column_is_februarys_own(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """煤炭产量 480.2 | 1040.3 says the column is February's own; 开工建设露天煤矿 1 | 1 (none in January)
    keeps its 本月 too."""
    rows = [["毕节市2024年1-2月能源生产情况"], ["指标名称", "计量单位", "本月", "1-2月累计"],
            ["煤炭产量", "万吨", 480.2, 1040.3], ["开工建设露天煤矿", "处", 1, 1]]  # fmt: skip
    obs, failures = readout.check(write_xlsx(tmp_path / "f.xlsx", {"Sheet1": rows}), settings, catalog, AS_OF)
    assert readout.figures(obs, period=True) == [
        ("coal_output", "全市", "2024-02", 480.2, 1040.3, None),
        ("open_pit_coal_mines_started", "全市", "2024-02", 1.0, 1.0, None),
    ]
    assert failures == []


def test_a_table_by_month_showing_january_is_left_as_it_is(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """定制公交线路 0 in 1月 and 2 in 2月: February's 本月 equals its year to date, and is February's own."""
    rows = [["2024年定制公交线路开通情况"], ["指标", "1月", "2月"], ["定制公交线路", 0, 2]]
    obs, _ = readout.check(write_xlsx(tmp_path / "f.xlsx", {"Sheet1": rows}), settings, catalog, AS_OF)
    assert readout.figures(obs, period=True) == [
        ("custom_bus_lines", "全市", "2024-01", 0.0, 0.0, None),
        ("custom_bus_lines", "全市", "2024-02", 2.0, 2.0, None),
    ]
