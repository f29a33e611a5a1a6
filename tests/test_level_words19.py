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
