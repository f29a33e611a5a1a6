"""Shapes a careful analyst reads without hesitation, which the reader refused (each a resubmission):
a dash typed as a growth's minus (—2.1, 一2.1). Each read is as the analyst's, or a refusal that says why —
never a value read otherwise than the analyst would.

Files are written by openpyxl, read and validated as one batch (``readout.check``) with the real catalog.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from bijie_etl.catalog import Catalog
from bijie_etl.errors import Failure
from bijie_etl.ingest.cells import read_cell
from bijie_etl.settings import Settings
from readout import check
from spreadsheets import write_openpyxl

MISSING = frozenset({"—", "——", "-", "/"})


def _read(
    tmp_path: Path, settings: Settings, catalog: Catalog, rows: list[list[Any]], dept: str = "能源局"
) -> tuple[pd.DataFrame, list[Failure]]:
    path = write_openpyxl(tmp_path / "inbox" / dept / "2024年1-6月.xlsx", rows)
    return check(path, settings, catalog, as_of=date(2024, 7, 10))


@pytest.mark.parametrize(
    ("typed", "number"),
    [("—2.1", -2.1), ("―2.1", -2.1), ("一2.1", -2.1), ("— 2.1", -2.1), ("—2.1%", -2.1), ("一0.5", -0.5)],
)
def test_a_dash_directly_before_a_growths_digits_is_its_minus(
    catalog: Catalog, typed: str, number: float
) -> None:
    """An em dash, a horizontal bar or the character 一 typed before a growth's digits is a minus sign."""
    assert read_cell(typed, missing=MISSING, units=catalog.units, growth=True).number == number


@pytest.mark.parametrize("typed", ["——2.1", "—-2.1", "—+2.1", "2.1—", "一一2.1"])
def test_a_dash_that_is_not_plainly_a_minus_stays_refused(catalog: Catalog, typed: str) -> None:
    """Two dashes, a dash before a sign, a dash after the figure: not a number (refused), never guessed."""
    reading = read_cell(typed, missing=MISSING, units=catalog.units, growth=True)
    assert reading.number is None
    assert reading.problem is not None


def test_a_lone_dash_is_still_no_figure_and_a_dashed_level_is_refused(catalog: Catalog) -> None:
    """— and —— mean "no data" in any column; —450.2 in a level column is no number (a level is not read as negative)."""
    for typed in ("—", "——"):
        reading = read_cell(typed, missing=MISSING, units=catalog.units, growth=True)
        assert reading.number is None
        assert reading.problem is None
    level = read_cell("—450.2", missing=MISSING, units=catalog.units, growth=False)
    assert level.number is None
    assert level.problem is not None


def test_dashed_growths_load_as_falls_beside_their_levels(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """煤炭产量 3550.2 against 3701.0 with —4.1: growth −4.1 (agreeing with the levels); 一2.1 → −2.1."""
    obs, failures = _read(
        tmp_path,
        settings,
        catalog,
        [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "1-6月累计", "上年同期", "同比增长(%)"],
            ["煤炭产量", "万吨", 3550.2, 3701.0, "—4.1"],
            ["发电量", "亿千瓦时", 268.4, 274.2, "一2.1"],
        ],
    )
    assert not failures
    got = {r["indicator_code"]: float(r["growth_pct"]) for r in obs.to_dict("records")}
    assert got == {"coal_output": -4.1, "power_generation": -2.1}


def test_a_dashed_growth_is_checked_against_its_levels_as_a_typed_minus_is(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """—8.6 where the levels rose 8.6 % (3550.2 against 3268.5): judged as -8.6 typed — flagged growth_inconsistent."""
    results = []
    for typed in ("—8.6", "-8.6"):
        obs, failures = _read(
            tmp_path / typed,
            settings,
            catalog,
            [
                ["毕节市2024年1-6月能源生产情况"],
                ["指标名称", "计量单位", "1-6月累计", "上年同期", "同比增长(%)"],
                ["煤炭产量", "万吨", 3550.2, 3268.5, typed],
            ],
        )
        results.append((list(obs["growth_pct"].astype(float)), [f.code.value for f in failures]))
    assert results[0] == results[1] == ([-8.6], ["growth_inconsistent"])
