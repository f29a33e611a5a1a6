"""A column headed by a range of months not from January (4-6月, 7至9月) is the quarter's own figure, as 二季度
is: not loaded, with the reason said (session 19; it was refused as a header nobody could read)."""

from __future__ import annotations

from datetime import date
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


@pytest.mark.parametrize(("own", "ytd", "month"), [("4-6月", "1-6月", 6), ("7至9月", "1-9月累计", 9)])
def test_a_range_not_from_january_is_a_quarters_own(
    tmp_path: Path, settings: Settings, catalog: Catalog, own: str, ytd: str, month: int
) -> None:
    rows = [
        ["毕节市2024年能源生产情况"],
        ["指标名称", "计量单位", own, ytd],
        ["煤炭产量", "万吨", 1815.8, 3550.2],
    ]
    obs, failures = readout.check(
        write_xlsx(tmp_path / "q.xlsx", {"Sheet1": rows}), settings, catalog, date(2024, 12, 31)
    )
    assert readout.figures(obs, period=True) == [
        ("coal_output", "全市", f"2024-{month:02d}", None, 3550.2, None)
    ]
    assert readout.codes(failures) == [("Sheet1", "C2", "column_ignored")]
    assert "单季" in failures[0].message_zh
