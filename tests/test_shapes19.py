"""Workbook and table shapes departments send that the reader misread (session 19): each is read as a careful
analyst reads it, or refused with a message saying why — never a figure given to the wrong county or period."""

from __future__ import annotations

from pathlib import Path

import pytest

from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.settings import Settings, load_settings
from readout import check, figures
from spreadsheets import write_xlsx

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
