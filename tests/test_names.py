"""Indicator names as departments type them: a leading word that only restates the city (全市, 毕节市,
我市, 本市) is set aside after every other candidate; a county is never set aside.

The catalog is the real one (schemas/targets_2024.yaml); the files are written by openpyxl and read
through the package's ``ingest_file``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.ingest.names import name_candidates
from bijie_etl.run import ingest_file
from bijie_etl.settings import Settings, load_settings


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def catalog(settings: Settings) -> Catalog:
    return load_catalog_from_settings(settings)


def _code(catalog: Catalog, typed: str) -> str | None:
    """The catalog code the first matching candidate names, as the reader and validation look it up."""
    for text in name_candidates(typed):
        found = catalog.find(text)
        if found is not None:
            return found.code
    return None


def test_city_scope_word_is_tried_after_the_name_as_typed() -> None:
    """全市/毕节市/我市/本市 are set aside last, after numbering, 其中 and brackets, the literal name first."""
    assert name_candidates("全市煤炭产量") == ("全市煤炭产量", "煤炭产量")
    assert name_candidates("毕节市地区生产总值增速") == ("毕节市地区生产总值增速", "地区生产总值增速")
    assert name_candidates("1．全市原煤产量（万吨）*") == (
        "1．全市原煤产量（万吨）*",
        "全市原煤产量（万吨）",
        "全市原煤产量",
        "原煤产量（万吨）",
        "原煤产量",
    )
    assert name_candidates("其中：我市 规上工业增加值增速") == (
        "其中：我市 规上工业增加值增速",
        "我市 规上工业增加值增速",
        "规上工业增加值增速",
    )
    assert name_candidates("本市：GDP增速") == ("本市：GDP增速", "GDP增速")


def test_a_county_or_the_city_level_is_never_set_aside() -> None:
    """七星关区煤炭产量 and 市级… keep their scope; a bare 全市 or 毕节市 yields no empty name."""
    assert name_candidates("七星关区煤炭产量") == ("七星关区煤炭产量",)
    assert name_candidates("毕节市七星关区煤炭产量") == ("毕节市七星关区煤炭产量", "七星关区煤炭产量")
    assert name_candidates("市级煤炭产量") == ("市级煤炭产量",)
    assert name_candidates("全市") == ("全市",)
    assert name_candidates("毕节市") == ("毕节市",)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("全市规模以上工业增加值增速", "industrial_value_added_growth"),
        ("毕节市地区生产总值增速", "gdp_growth"),
        ("全市煤炭产量", "coal_output"),
        ("我市社会消费品零售总额增速", "retail_sales_growth"),
        ("全市外贸进出口总额增长", "foreign_trade_growth"),
        ("七星关区煤炭产量", None),
        ("毕节市七星关区煤炭产量", None),
        ("市级煤炭产量", None),
    ],
)
def test_city_scoped_names_find_the_city_target_and_county_names_none(
    catalog: Catalog, typed: str, code: str | None
) -> None:
    """A city-scoped name finds the catalog target; a county-scoped one finds nothing (never the city's)."""
    assert _code(catalog, typed) == code


def test_city_scoped_rows_are_read_and_a_county_row_refused_quoting_the_cell(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """全市煤炭产量 loads as the city's coal output; 七星关区煤炭产量 is refused with the cell quoted as typed."""
    folder = tmp_path / "inbox" / "能源局"
    folder.mkdir(parents=True)
    path = folder / "2024年6月煤炭.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (
        ["指标名称", "计量单位", "1-6月累计"],
        ["全市煤炭产量", "万吨", 3550.2],
        ["七星关区煤炭产量", "万吨", 410.5],
    ):
        ws.append(row)
    wb.save(path)
    sub = ingest_file(
        path, catalog=catalog, settings=settings, as_of=date(2024, 7, 10), inbox=tmp_path / "inbox"
    )
    rows = sub.observations.to_dict("records")
    assert [(r["indicator_code"], r["county"], float(r["value_ytd"])) for r in rows] == [
        ("coal_output", "全市", 3550.2)
    ]
    assert [(f.code.value, f.cell) for f in sub.failures] == [("unknown_indicator", "A3")]
    assert "“七星关区煤炭产量”" in sub.failures[0].message_zh
