"""Units and header words as energy departments write them: 万kWh, 亿kW·h, 万m³, 万kW are the catalog's
万千瓦时, 亿千瓦时, 万立方米, 万千瓦 (converted like any unit, never refused as unknown); 本月止累计 / 至本月 is the
year to date and 比上年±% the growth.

The catalog and unit registry are the real ones; the file is written by openpyxl and read through ``ingest_file``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bijie_etl.catalog import Catalog
from bijie_etl.run import ingest_file
from bijie_etl.settings import Settings
from spreadsheets import write_openpyxl


@pytest.mark.parametrize(
    ("typed", "unit"),
    [
        ("万kWh", "万千瓦时"),
        ("亿kWh", "亿千瓦时"),
        ("亿kW·h", "亿千瓦时"),
        ("万千瓦·时", "万千瓦时"),
        ("万m³", "万立方米"),
        ("亿m³", "亿立方米"),
        ("万kW", "万千瓦"),
    ],
)
def test_energy_unit_spellings_are_the_catalog_units(catalog: Catalog, typed: str, unit: str) -> None:
    """Each spelling is its catalog unit (NFKC makes m³ m3)."""
    assert catalog.units.canonical(typed) == unit


def test_benyuezhi_and_plus_minus_growth_headers_are_read(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """发电量 | 万kWh | 本月 | 本月止累计 | 上年同期 | 比上年±%: 268.4 亿千瓦时 to date, its prior and growth load."""
    path = write_openpyxl(
        tmp_path / "inbox" / "能源局" / "2024年1-6月能源.xlsx",
        [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "本月", "本月止累计", "上年同期", "比上年±%"],
            ["发电量", "万kWh", 462000, 2684000, 2559000, 4.9],
        ],
    )
    sub = ingest_file(
        path, catalog=catalog, settings=settings, as_of=date(2024, 7, 10), inbox=tmp_path / "inbox"
    )
    assert sub.failures == []
    [row] = sub.observations.to_dict("records")
    got = tuple(
        round(float(row[f]), 6) for f in ("value_month", "value_ytd", "value_ytd_prior", "growth_pct")
    )
    assert got == (46.2, 268.4, 255.9, 4.9)


@pytest.mark.parametrize(
    ("change", "rate"),
    [
        ("同比增减", "增减幅度(%)"),
        ("同比增减", "同比增长(%)"),
        ("增减", "增幅(%)"),
        ("比上年同期增减", "比上年同期增长(%)"),
    ],
)
def test_a_bare_change_beside_a_growth_in_percent_is_the_change(
    tmp_path: Path, settings: Settings, catalog: Catalog, change: str, rate: str
) -> None:
    """1-6月累计 | 上年同期 | 同比增减 | 增减幅度(%): the growth is read from the (%) column, the bare change not read."""
    path = write_openpyxl(
        tmp_path / "inbox" / "能源局" / "2024年1-6月能源.xlsx",
        [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "1-6月累计", "上年同期", change, rate],
            ["煤炭产量", "万吨", 3550.2, 3268.5, 281.7, 8.6],
        ],
    )
    sub = ingest_file(
        path, catalog=catalog, settings=settings, as_of=date(2024, 7, 10), inbox=tmp_path / "inbox"
    )
    assert [(f.code.value, f.cell) for f in sub.failures] == [("column_ignored", "E2")]
    [row] = sub.observations.to_dict("records")
    assert (float(row["value_ytd"]), float(row["value_ytd_prior"]), float(row["growth_pct"])) == (
        3550.2,
        3268.5,
        8.6,
    )


def test_a_bare_change_equal_to_the_levels_difference_is_refused_alone(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """同比增减 (no %) = 累计 − 上年同期 exactly: the change the header names; the levels load, the growth is refused alone."""
    path = write_openpyxl(
        tmp_path / "inbox" / "能源局" / "2024年1-6月能源.xlsx",
        [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "1-6月累计", "上年同期", "同比增减"],
            ["发电量", "亿千瓦时", 268.4, 255.9, 12.5],
        ],
    )
    sub = ingest_file(
        path, catalog=catalog, settings=settings, as_of=date(2024, 7, 10), inbox=tmp_path / "inbox"
    )
    assert [(f.code.value, f.cell) for f in sub.failures] == [("growth_ambiguous_change", "E3")]
    [row] = sub.observations.to_dict("records")
    assert (float(row["value_ytd"]), float(row["value_ytd_prior"])) == (268.4, 255.9)
