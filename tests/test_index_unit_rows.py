"""A row whose 计量单位 says its figure is an index with last year at 100 (居民消费价格指数 | 上年同期=100 | 100.3)
holds the growth with 100 taken off (0.3 %; 99.6 is a fall of 0.4 %), the index kept as the row's level — never
refused for want of a growth, never a growth of 100.3 %. Beside a growth of its own the growth is read.

The catalog and unit registry are the real ones; the files are written by openpyxl and read through ``ingest_file``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bijie_etl.catalog import Catalog
from bijie_etl.run import ingest_file
from bijie_etl.settings import Settings
from spreadsheets import write_openpyxl


def _cpi(tmp_path: Path, settings: Settings, catalog: Catalog, rows: list[list[Any]]) -> dict[str, float]:
    path = write_openpyxl(
        tmp_path / "inbox" / "统计局" / "2024年1-6月.xlsx", [["毕节市2024年1-6月主要经济指标"], *rows]
    )
    sub = ingest_file(
        path, catalog=catalog, settings=settings, as_of=date(2024, 7, 10), inbox=tmp_path / "inbox"
    )
    [row] = [r for r in sub.observations.to_dict("records") if r["indicator_code"] == "cpi_growth"]
    return {f: round(float(row[f]), 6) for f in ("value_ytd", "growth_pct") if row.get(f) == row.get(f)}


@pytest.mark.parametrize(
    ("unit", "index", "growth"), [("上年同期=100", 100.3, 0.3), ("上年=100", 99.6, -0.4)]
)
def test_an_index_unit_makes_the_figure_a_growth(
    tmp_path: Path, settings: Settings, catalog: Catalog, unit: str, index: float, growth: float
) -> None:
    got = _cpi(
        tmp_path, settings, catalog,
        [["指标名称", "计量单位", "1-6月累计", "同比增长(%)"], ["居民消费价格指数", unit, index, None]],
    )  # fmt: skip
    assert got == {"value_ytd": index, "growth_pct": growth}


def test_a_growth_of_the_rows_own_is_read(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    got = _cpi(
        tmp_path, settings, catalog,
        [["指标名称", "计量单位", "1-6月累计", "同比增长(%)"], ["居民消费价格指数", "上年同期=100", 100.3, 0.3]],
    )  # fmt: skip
    assert got["growth_pct"] == 0.3
