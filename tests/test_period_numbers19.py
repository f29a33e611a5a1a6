"""A 统计期 column typed as numbers (2024.01 … 2024.06 shown 0.00, or 202401 …) is a table by month as the same
months typed as text are: a lone figure under it is each month's own, never read as the year to date (session
19; it was, and 2024.01 … 2024.1 crashed the reader). A row 2024.1 (January or October?) is refused, and a 合计
over it then names no month: not read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import readout
from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.settings import Settings, load_settings
from spreadsheets import write_xlsx

AS_OF = date(2024, 12, 31)
MONTHS = [560.1, 480.2, 610.3, 595.4, 608.0, 612.4]


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def catalog(settings: Settings) -> Catalog:
    return load_catalog_from_settings(settings)


def _by_month(periods: list[object]) -> list[list[object]]:
    return [
        ["2024年1-6月煤炭产量（万吨）"],
        ["月份", "煤炭产量"],
        *([p, v] for p, v in zip(periods, MONTHS, strict=True)),
    ]


def _expected() -> list[tuple[object, ...]]:
    out, total = [], 0.0
    for m, v in enumerate(MONTHS, 1):
        total = round(total + v, 1)
        out.append(("coal_output", "全市", f"2024-{m:02d}", v, total, None))
    return out


@pytest.mark.parametrize(
    "periods",
    [
        [2024 + m / 100 for m in range(1, 7)],
        [202400 + m for m in range(1, 7)],
        [f"2024.{m:02d}" for m in range(1, 7)],
    ],
    ids=["2024.01-as-numbers", "202401-as-numbers", "2024.01-as-text"],
)
def test_months_typed_as_numbers_are_a_table_by_month(
    tmp_path: Path, settings: Settings, catalog: Catalog, periods: list[object]
) -> None:
    """Each row's figure is that month's own (560.1, 480.2 …), the years to date their sums — whether the months
    are typed as numbers or as text."""
    obs, _ = readout.check(
        write_xlsx(tmp_path / "m.xlsx", {"煤炭": _by_month(periods)}), settings, catalog, AS_OF
    )
    assert sorted(readout.figures(obs, period=True)) == _expected()


def test_a_total_over_a_month_nobody_can_tell_is_not_read(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """2024.01 … 2024.09, then 2024.1 (October, its 0 dropped by Excel — or January again) and 合计: the
    2024.1 row is refused, and the 合计 is not read as 1-9月 (it is ten months' sum)."""
    months = [*MONTHS, 598.5, 605.6, 591.7]
    rows = [["2024年1-10月煤炭产量（万吨）"], ["月份", "煤炭产量"],
            *([2024 + m / 100, v] for m, v in enumerate(months, 1)), [2024.1, 620.8], ["合计", round(sum(months) + 620.8, 1)]]  # fmt: skip
    obs, failures = readout.check(write_xlsx(tmp_path / "m.xlsx", {"煤炭": rows}), settings, catalog, AS_OF)
    got = {(p, ytd) for (_c, _k, p, _m, ytd, _g) in readout.figures(obs, period=True)}
    assert ("2024-09", round(sum(months), 1)) in got  # 1-9月 summed from the months, not the 合计
    assert all(p != "2024-10" for p, _ in got)
    assert ("煤炭", "A12", "period_invalid") in readout.codes(failures)
    assert ("煤炭", "A13", "column_ignored") in readout.codes(failures)
