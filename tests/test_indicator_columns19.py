"""A 合计 column beside columns of indicators sums different indicators — no target's figure: not read (saying
so), the indicator columns are (session 19; the table was refused whole, 合计 being no indicator)."""

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


@pytest.mark.parametrize("total", ["合计", "总计"])
def test_a_total_of_indicator_columns_is_not_read(
    tmp_path: Path, settings: Settings, catalog: Catalog, total: str
) -> None:
    rows = [["2024年1-6月新增学位情况（万个）"], ["县区", "新增学前普惠学位", "新增中小学学位", total],
            ["七星关区", 0.12, 0.35, 0.47], ["全市", 0.2, 0.56, 0.76]]  # fmt: skip
    obs, failures = readout.check(write_xlsx(tmp_path / "t.xlsx", {"Sheet1": rows}), settings, catalog)
    assert sorted(readout.figures(obs)) == [
        ("new_preschool_places", "七星关区", None, 0.12, None),
        ("new_preschool_places", "全市", None, 0.2, None),
        ("new_school_places", "七星关区", None, 0.35, None),
        ("new_school_places", "全市", None, 0.56, None),
    ]
    assert readout.codes(failures) == [("Sheet1", "D2", "column_ignored")]
    assert "各指标之和" in failures[0].message_zh


def test_a_row_of_no_target_is_refused_for_that_alone(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """民间投资 | 189.6 under 1-6月（亿元）: no target of that name — unknown_indicator, not also a unit_mismatch
    against a target unit that does not exist (it said 与目标单位“”量纲不同)."""
    rows = [["2024年1-6月投资情况"], ["指标", "1-6月（亿元）", "同比增长（%）"], ["民间投资", 189.6, 2.1],
            ["固定资产投资", 632.1, 4.8]]  # fmt: skip
    obs, failures = readout.check(write_xlsx(tmp_path / "u.xlsx", {"Sheet1": rows}), settings, catalog)
    assert readout.codes(failures) == [("Sheet1", "A3", "unknown_indicator")]
    assert readout.figures(obs) == [("fixed_asset_investment_growth", "全市", None, 632.1, 4.8)]
