"""A column of last year that is not last year's same period (上年全年 beside 本月 | 本年累计 of June) is not read,
saying so; the table is read (session 19; it was refused whole, the title and the column said to disagree).
Last year's same months (2023年1-6月, 上年1-6月) stay 上年同期."""

from __future__ import annotations

from pathlib import Path

import pytest

import readout
from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.settings import Settings, load_settings
from spreadsheets import write_xlsx


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def catalog(settings: Settings) -> Catalog:
    return load_catalog_from_settings(settings)


@pytest.mark.parametrize("label", ["上年全年", "去年全年", "上年1-12月"])
def test_last_years_whole_year_is_not_its_same_period(
    tmp_path: Path, settings: Settings, catalog: Catalog, label: str
) -> None:
    rows = [["毕节市2024年6月能源生产"], ["指标名称", "计量单位", "本月", "本年累计", label],
            ["煤炭产量", "万吨", 612.4, 3550.2, 6890.2]]  # fmt: skip
    obs, failures = readout.check(write_xlsx(tmp_path / "p.xlsx", {"Sheet1": rows}), settings, catalog)
    assert readout.figures(obs, period=True, prior=True) == [
        ("coal_output", "全市", "2024-06", 612.4, 3550.2, None, None)
    ]
    assert readout.codes(failures) == [("Sheet1", "E2", "column_ignored")]
    assert "不是本表统计期（6月）的上年同期" in failures[0].message_zh


@pytest.mark.parametrize("label", ["2023年1-6月", "上年1-6月"])
def test_last_years_same_months_stay_its_same_period(
    tmp_path: Path, settings: Settings, catalog: Catalog, label: str
) -> None:
    rows = [["毕节市2024年1-6月能源生产"], ["指标名称", "计量单位", "本月", "1-6月累计", label],
            ["煤炭产量", "万吨", 612.4, 3550.2, 3268.5]]  # fmt: skip
    obs, failures = readout.check(write_xlsx(tmp_path / "p.xlsx", {"Sheet1": rows}), settings, catalog)
    assert readout.figures(obs, period=True, prior=True) == [
        ("coal_output", "全市", "2024-06", 612.4, 3550.2, 3268.5, None)
    ]
    assert failures == []
