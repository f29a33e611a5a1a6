"""A level's columns as departments head them: 本月末 (本期末, 期末) is the figure for the table's period, 上年末
(年初, 期初) last year's closing figure — neither this period's nor 上年同期: not loaded, saying so (session 19;
both were headers nobody could read, and the row was refused)."""

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


@pytest.mark.parametrize(
    ("opening", "closing"), [("上年末", "本月末"), ("年初数", "期末数"), ("期初", "本期末")]
)
def test_a_level_at_the_periods_end_beside_last_years_end(
    tmp_path: Path, settings: Settings, catalog: Catalog, opening: str, closing: str
) -> None:
    rows = [["2024年6月旅游床位情况"], ["指标", "单位", opening, closing], ["旅游床位", "万张", 7.9, 8.6]]
    obs, failures = readout.check(write_xlsx(tmp_path / "l.xlsx", {"Sheet1": rows}), settings, catalog)
    assert readout.figures(obs, period=True, value=True) == [
        ("tourism_beds", "全市", "2024-06", None, None, None, 8.6)
    ]
    assert readout.codes(failures) == [("Sheet1", "C2", "column_ignored")]
    assert "上年同期" in failures[0].message_zh


@pytest.mark.parametrize(("month", "ytd"), [("本月新增", "累计完成"), ("当月新增", "累计新增")])
def test_additions_of_the_month_and_of_the_year(
    tmp_path: Path, settings: Settings, catalog: Catalog, month: str, ytd: str
) -> None:
    """农体工程 | 年度任务 120 | 本月新增 15 | 累计完成 68: the month's own and the year to date (本月新增 was a
    header nobody could read, the month's figure lost)."""
    rows = [
        ["2024年全民健身设施建设进度（截至6月底）"],
        ["项目", "年度任务", month, ytd],
        ["农体工程补充维护更新", 120, 15, 68],
    ]
    obs, failures = readout.check(write_xlsx(tmp_path / "n.xlsx", {"Sheet1": rows}), settings, catalog)
    assert readout.figures(obs, period=True) == [
        ("rural_sports_facilities", "全市", "2024-06", 15.0, 68.0, None)
    ]
    assert readout.codes(failures) == [("Sheet1", "B2", "column_ignored")]
