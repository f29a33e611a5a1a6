"""Table shapes whose reading depends on the neighbouring columns (issue #13, ingest/table_roles.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.errors import Code
from bijie_etl.ingest.reading import read_file
from bijie_etl.settings import Settings, load_settings
from bijie_etl.validate.rules import validate
from spreadsheets import write_xlsx

AS_OF = date(2024, 11, 15)


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def catalog(settings: Settings) -> Catalog:
    return load_catalog_from_settings(settings)


def _read(path: Path, settings: Settings, catalog: Catalog) -> tuple[set[tuple[str, str, str]], list[str]]:
    obs, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    got = {
        (r["indicator_code"], r["county"], m)
        for r in obs.to_dict("records")
        for m in ("value_month", "value_ytd", "growth_pct")
        if r[m] is not None and r[m] == r[m]
    }
    return got, [f.code.value for f in failures]


def test_a_growth_column_after_indicators_without_a_pattern_is_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """地区生产总值 | 第一产业增加值 | 增速（%）: whose growth the lone 增速 is cannot be known, so nothing is loaded."""
    path = write_xlsx(
        tmp_path / "a.xlsx",
        {"分县": [["2024年1-6月各县地区生产总值"], ["地区", "地区生产总值（亿元）", "第一产业增加值（亿元）", "增速（%）"],
                  ["七星关区", 300.1, 30.2, 5.5]]},
    )  # fmt: skip
    got, codes = _read(path, settings, catalog)
    assert got == set()
    assert codes == [Code.LAYOUT_AMBIGUOUS.value]


def test_each_indicator_followed_by_its_growth_is_read(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """地区生产总值 | 增速 | 第一产业增加值 | 增速: each 增速 is the growth of the indicator left of it."""
    path = write_xlsx(
        tmp_path / "b.xlsx",
        {"分县": [["2024年1-6月各县地区生产总值"],
                  ["地区", "地区生产总值（亿元）", "增速（%）", "第一产业增加值（亿元）", "增速（%）"],
                  ["七星关区", 300.1, 5.5, 30.2, 4.1]]},
    )  # fmt: skip
    got, codes = _read(path, settings, catalog)
    assert ("gdp_growth", "七星关区", "growth_pct") in got
    assert ("primary_industry_growth", "七星关区", "growth_pct") in got
    assert codes == []


def test_a_month_total_beside_both_month_and_ytd_is_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """本月 | 当月累计 | 本年累计: 当月累计 cannot be the month (本月 is there) nor the year to date: refused."""
    path = write_xlsx(
        tmp_path / "c.xlsx",
        {"能源": [["毕节市2024年6月能源生产情况"], ["指标名称", "计量单位", "本月", "当月累计", "本年累计"],
                  ["煤炭产量", "万吨", 612.4, 612.4, 3550.2]]},
    )  # fmt: skip
    got, codes = _read(path, settings, catalog)
    assert got == set()
    assert Code.LAYOUT_AMBIGUOUS.value in codes


def test_an_indicator_named_like_a_footer_word_is_read(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """审定优良品种 (an alias of 育成优良品种) starts like a 审定… footer line but is an indicator row: it is read."""
    path = write_xlsx(
        tmp_path / "d.xlsx",
        {"农业": [["2024年1-6月农业农村主要指标"], ["指标名称", "计量单位", "1-6月累计"],
                  ["审定优良品种", "个", 3], ["复核人：李娟"]]},
    )  # fmt: skip
    got, codes = _read(path, settings, catalog)
    assert ("new_crop_varieties", "全市", "value_ytd") in got
    assert codes == [Code.NOTE_IGNORED.value]


@pytest.mark.parametrize("header", ["±%", "(±%)", "较上年同期增长（%）", "与上年同期比较（%）", "同比±%"])
def test_growth_headers_of_yearbook_tables(
    tmp_path: Path, settings: Settings, catalog: Catalog, header: str
) -> None:
    """绝对数 | ±% and 较上年同期增长（%） / 与上年同期比较（%） beside 1-6月累计 are the year-to-date growth (6.2 %),
    never an ignored column."""
    path = write_xlsx(
        tmp_path / "g.xlsx",
        {"能源": [["毕节市2024年1-6月能源生产情况"], ["指标名称", "计量单位", "1-6月累计", header],
                  ["煤炭产量", "万吨", 3550.2, 6.2]]},
    )  # fmt: skip
    obs, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    assert failures == []
    assert obs[["value_ytd", "growth_pct"]].values.tolist() == [[3550.2, 6.2]]
