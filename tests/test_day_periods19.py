"""A title stating figures up to a day inside a month (截至2024年6月20日, 2024年1月1日-6月20日) holds part of a
month: the table is refused (layout_ambiguous naming the words), never loaded as the year to date at June
(session 19; it was). A month's last day is that month, and a date after the period another title line
states (数据截至2024年7月8日 under 2024年1-6月) is when the figures were taken."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import readout
from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.settings import Settings, load_settings
from spreadsheets import write_xlsx

AS_OF = date(2024, 7, 10)
HEADER = ["指标名称", "计量单位", "累计"]


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def catalog(settings: Settings) -> Catalog:
    return load_catalog_from_settings(settings)


@pytest.mark.parametrize(
    ("title", "words"),
    [
        ("截至2024年6月20日全市煤炭产量", "截至2024年6月20日"),
        ("毕节市煤炭产量（2024年1月1日-6月20日）", "6月20日"),
    ],
)
def test_figures_up_to_a_day_inside_a_month_are_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog, title: str, words: str
) -> None:
    rows = [[title], HEADER, ["煤炭产量", "万吨", 3420.5]]
    obs, failures = readout.check(write_xlsx(tmp_path / "d.xlsx", {"Sheet1": rows}), settings, catalog, AS_OF)
    assert obs.empty
    assert readout.codes(failures) == [("Sheet1", "A1", "layout_ambiguous")]
    assert words in failures[0].message_zh
    assert "不是整月的数" in failures[0].message_zh


@pytest.mark.parametrize(
    "title", [["截至2024年6月30日全市煤炭产量"], ["毕节市2024年1-6月能源生产情况", "数据截至2024年7月8日"]]
)
def test_a_months_last_day_or_the_day_the_figures_were_taken_leave_the_table_read(
    tmp_path: Path, settings: Settings, catalog: Catalog, title: list[str]
) -> None:
    rows = [*([t] for t in title), HEADER, ["煤炭产量", "万吨", 3550.2]]
    obs, failures = readout.check(write_xlsx(tmp_path / "d.xlsx", {"Sheet1": rows}), settings, catalog, AS_OF)
    assert readout.figures(obs, period=True) == [("coal_output", "全市", "2024-06", None, 3550.2, None)]
    assert failures == []
