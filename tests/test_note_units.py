"""A note under a table stating a unit — 注：发电量单位为万千瓦时。, 注：本表煤炭产量、电煤供应量单位为吨。,
注：本表单位为万元, 说明：单位：万元 — is read as the unit column it stands for: the figures are converted, never
taken in the catalog's unit. A row (or column header) stating another unit than the note is refused
(unit_conflict naming both); a note of the whole table says nothing of a row in another kind of unit.

The catalog and unit registry are the real ones; the files are written by openpyxl and read through ``ingest_file``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bijie_etl.catalog import Catalog
from bijie_etl.ingest.note_units import note_units
from bijie_etl.run import ingest_file
from bijie_etl.settings import Settings
from spreadsheets import write_openpyxl

TITLE = "毕节市2024年1-6月能源生产情况"


def _read(
    tmp_path: Path, settings: Settings, catalog: Catalog, rows: list[list[Any]], dept: str = "能源局"
) -> Any:
    path = write_openpyxl(tmp_path / "inbox" / dept / "2024年1-6月.xlsx", [[TITLE], *rows])
    return ingest_file(
        path, catalog=catalog, settings=settings, as_of=date(2024, 7, 10), inbox=tmp_path / "inbox"
    )


def _ytd(sub: Any) -> dict[str, float]:
    return {r["indicator_code"]: round(float(r["value_ytd"]), 6) for r in sub.observations.to_dict("records")}


@pytest.mark.parametrize(
    "note",
    [
        "注：发电量单位为万千瓦时。",
        "说明：发电量的计量单位为万千瓦时",
        "注：1.发电量单位：万千瓦时；2.其他指标见模板。",
        "注：发电量单位为万kWh",
    ],
)
def test_a_note_naming_the_row_gives_its_unit(
    tmp_path: Path, settings: Settings, catalog: Catalog, note: str
) -> None:
    """发电量 | 462000 | 2684000 with the note: 268.4 亿千瓦时 to date (was: 2684000 亿千瓦时)."""
    sub = _read(
        tmp_path, settings, catalog, [["指标名称", "本月", "1-6月累计"], ["发电量", 462000, 2684000], [note]]
    )
    assert _ytd(sub) == {"power_generation": 268.4}


def test_a_note_naming_several_rows_gives_each_its_unit(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """注：本表煤炭产量、电煤供应量单位为吨。: both rows in 吨; 发电量, not named, stays in its catalog unit."""
    sub = _read(
        tmp_path, settings, catalog,
        [
            ["指标名称", "本月", "1-6月累计"],
            ["煤炭产量", 6124000, 35502000], ["电煤供应量", 2103000, 12005000], ["发电量", 46.2, 268.4],
            ["注：本表煤炭产量、电煤供应量单位为吨。"],
        ],
    )  # fmt: skip
    assert _ytd(sub) == {"coal_output": 3550.2, "thermal_coal_supply": 1200.5, "power_generation": 268.4}


@pytest.mark.parametrize("note", ["注：本表单位为吨", "说明：单位：吨", "注：表中数据单位为吨。"])
def test_a_note_of_the_whole_table_is_its_unit_line(
    tmp_path: Path, settings: Settings, catalog: Catalog, note: str
) -> None:
    """煤炭产量 | 35502000 and 电煤供应量 | 12005000 under 注：本表单位为吨: 3550.2 and 1200.5 万吨."""
    sub = _read(
        tmp_path, settings, catalog,
        [["指标名称", "本月", "1-6月累计"], ["煤炭产量", 6124000, 35502000], ["电煤供应量", 2103000, 12005000], [note]],
    )  # fmt: skip
    assert _ytd(sub) == {"coal_output": 3550.2, "thermal_coal_supply": 1200.5}


@pytest.mark.parametrize(
    "rows",
    [
        [["指标名称", "计量单位", "本月", "1-6月累计"], ["发电量", "亿千瓦时", 46.2, 268.4]],
        [["指标名称", "本月（亿千瓦时）", "1-6月累计（亿千瓦时）"], ["发电量", 46.2, 268.4]],
        [["单位：亿千瓦时"], ["指标名称", "本月", "1-6月累计"], ["发电量", 46.2, 268.4]],
    ],
)
def test_a_note_contradicting_the_rows_unit_refuses_the_row(
    tmp_path: Path, settings: Settings, catalog: Catalog, rows: list[list[Any]]
) -> None:
    """亿千瓦时 (a unit column, a column header, a unit line) against 注：发电量单位为万千瓦时: unit_conflict naming both."""
    sub = _read(tmp_path, settings, catalog, [*rows, ["注：发电量单位为万千瓦时。"]])
    assert sub.observations.empty
    [refused] = [f for f in sub.failures if f.code == "unit_conflict"]
    assert "亿千瓦时" in refused.message_zh
    assert "万千瓦时" in refused.message_zh


def test_a_note_agreeing_with_the_rows_unit_changes_nothing(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    sub = _read(
        tmp_path, settings, catalog,
        [["指标名称", "计量单位", "本月", "1-6月累计"], ["发电量", "万千瓦时", 462000, 2684000], ["注：发电量单位为万千瓦时。"]],
    )  # fmt: skip
    assert _ytd(sub) == {"power_generation": 268.4}


def test_a_note_on_amounts_says_nothing_of_tonnes(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """煤炭产量 | 万吨 under 注：本表金额单位为万元: the note is about amounts; the row loads."""
    sub = _read(
        tmp_path, settings, catalog,
        [["指标名称", "计量单位", "本月", "1-6月累计"], ["煤炭产量", "万吨", 612.4, 3550.2], ["注：本表金额单位为万元。"]],
    )  # fmt: skip
    assert _ytd(sub) == {"coal_output": 3550.2}


def test_note_units_reads_the_notes_words(catalog: Catalog) -> None:
    """The note's grammar alone: the whole table's unit, and each named indicator's (unknown units ignored)."""
    whole, named = note_units(
        [("注：本表单位为万元；煤炭产量、发电量单位分别见各行。电煤供应量单位为吨", "A9")],
        catalog.units,
        catalog.find,
    )
    assert whole == ("万元", "A9")
    assert {code: unit for code, (unit, _cell, _name) in named.items()} == {"thermal_coal_supply": "吨"}


def test_a_note_naming_a_kind_of_figure_gives_the_rows_of_that_kind(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """注：产量单位为吨。 over 煤炭产量 | 6124000 | 35502000: 3550.2 万吨 (was: 35502000 万吨, left to the guard)."""
    sub = _read(
        tmp_path, settings, catalog,
        [["指标名称", "本月", "1-6月累计"], ["煤炭产量", 6124000, 35502000], ["注：产量单位为吨。"]],
    )  # fmt: skip
    assert _ytd(sub) == {"coal_output": 3550.2}
