"""Spellings a system export or a county office writes: a county after the province's or city's name
(贵州省毕节市七星关区, 毕节市大方县: sources/counties.yaml ``county_prefixes``), 百里杜鹃风景名胜区 for 百里杜鹃管理区,
and 比增% / 累计比增(%) for the growth over last year (sources/headers.yaml's growth words).

The catalog is the real one; files are written by openpyxl and read through ``ingest_file``.
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
    ("typed", "county"),
    [
        ("毕节市七星关区", "七星关区"),
        ("贵州省毕节市大方县", "大方县"),
        ("毕节威宁县", "威宁彝族回族苗族自治县"),
        ("毕节市百里杜鹃", "百里杜鹃管理区"),
        ("百里杜鹃风景名胜区", "百里杜鹃管理区"),
        ("毕节市", "全市"),
    ],
)
def test_a_county_after_the_city_s_name_is_the_county(catalog: Catalog, typed: str, county: str) -> None:
    assert catalog.county(typed) == county


def test_a_county_table_in_full_place_names_with_a_bi_zeng_column_loads(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """县区 | 累计（万吨） | 比增%: each county's year to date and growth, the city's from its 毕节市 row."""
    path = write_openpyxl(
        tmp_path / "inbox" / "能源局" / "2024年1-6月原煤产量.xlsx",
        [
            ["毕节市2024年1-6月原煤产量"],
            ["县区", "累计（万吨）", "比增%"],
            ["贵州省毕节市七星关区", 355, 5.1],
            ["毕节市大方县", 300, 4.0],
            ["百里杜鹃风景名胜区", 10, -1.5],
            ["毕节市", 665, 4.2],
        ],
    )
    sub = ingest_file(
        path, catalog=catalog, settings=settings, as_of=date(2024, 7, 10), inbox=tmp_path / "inbox"
    )
    assert sub.failures == []
    got = {
        r["county"]: (float(r["value_ytd"]), float(r["growth_pct"]))
        for r in sub.observations.to_dict("records")
    }
    assert got == {
        "七星关区": (355.0, 5.1),
        "大方县": (300.0, 4.0),
        "百里杜鹃管理区": (10.0, -1.5),
        "全市": (665.0, 4.2),
    }


@pytest.mark.parametrize("growth", ["比增%", "比增(%)", "累计比增(%)", "比增（%）"])
def test_bi_zeng_is_the_growth_over_last_year(
    tmp_path: Path, settings: Settings, catalog: Catalog, growth: str
) -> None:
    path = write_openpyxl(
        tmp_path / "inbox" / "能源局" / "2024年1-6月能源.xlsx",
        [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "本月", "累计", growth],
            ["原煤产量", "万吨", 620, 3550.2, 5.1],
        ],
    )
    sub = ingest_file(
        path, catalog=catalog, settings=settings, as_of=date(2024, 7, 10), inbox=tmp_path / "inbox"
    )
    assert sub.failures == []
    [row] = sub.observations.to_dict("records")
    assert (float(row["value_month"]), float(row["value_ytd"]), float(row["growth_pct"])) == (
        620.0,
        3550.2,
        5.1,
    )
