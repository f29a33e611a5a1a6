"""Growth figures and what a run tells about rows it did not load (session 10): a growth row under 本月
in January is the year to date's growth; a growth sheet beside the figures' sheet gives their growths;
a rate's 同比增长 is not stored as a growth; a table refused whole counts its rows as 退回."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.errors import Failure
from bijie_etl.ingest.reading import read_file
from bijie_etl.settings import Settings, load_settings
from bijie_etl.validate.rules import validate
from spreadsheets import write_xlsx


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def catalog(settings: Settings) -> Catalog:
    return load_catalog_from_settings(settings)


def check(
    path: Path, settings: Settings, catalog: Catalog, as_of: date = date(2024, 7, 10)
) -> tuple[pd.DataFrame, list[Failure]]:
    return validate(read_file(path, settings), catalog, as_of=as_of, file_name=path.name)


def figures(obs: pd.DataFrame) -> list[tuple[Any, ...]]:
    """(indicator, county, period, 本月, 累计, 增速, 本期值) of every observation, NA as None."""
    out = []
    for r in obs.itertuples():
        vals = [None if pd.isna(v) else float(v) for v in (r.value_month, r.value_ytd, r.growth_pct, r.value)]
        out.append((r.indicator_code, r.county, str(r.period)[:7], *vals))
    return sorted(out, key=str)


def problems(failures: list[Failure]) -> list[tuple[str | None, str | None, str]]:
    return [(f.sheet, f.cell, f.code.value) for f in failures]


# --------------------------------------------------------------------------------------------
# 1. In January a growth row under 本月 is the year to date's growth


def test_in_january_a_growth_row_under_the_month_is_the_year_to_dates(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """January's 本月 is 1-1月: 增速 under 社会消费品零售总额 (and 网络零售额增速 under 网络零售额) give the
    growth targets their growths, with no 提示 that the month's own growth was set aside."""
    rows = [["毕节市2024年1月商贸运行情况"], ["指标名称", "计量单位", "本月"],
            ["社会消费品零售总额", "亿元", 88.6], ["增速", "%", 7.9],
            ["网络零售额", "亿元", 6.2], ["网络零售额增速", "%", 15.4]]  # fmt: skip
    obs, failures = check(
        write_xlsx(tmp_path / "m.xlsx", {"1月": rows}), settings, catalog, date(2024, 2, 10)
    )
    assert figures(obs) == [
        ("online_retail_growth", "全市", "2024-01", 6.2, None, 15.4, 15.4),
        ("retail_sales_growth", "全市", "2024-01", 88.6, None, 7.9, 7.9),
    ]
    assert failures == []


def test_in_june_a_growth_row_under_the_month_alone_is_still_not_read(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """The same table for June: the growth under 本月 is June's own against last June, not the 1-6月
    growth: not read (a 提示 on its cell), and the growth target's row is refused for want of it."""
    rows = [["毕节市2024年6月商贸运行情况"], ["指标名称", "计量单位", "本月"],
            ["社会消费品零售总额", "亿元", 95.1], ["增速", "%", 6.5]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"6月": rows}), settings, catalog)
    assert figures(obs) == []
    assert problems(failures) == [("6月", "C4", "column_ignored"), ("6月", None, "value_missing")]
