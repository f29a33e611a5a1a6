"""A figure crossed out (struck-through font) is withdrawn: a careful person does not read it as the
figure reported, so it is refused with a message naming the cell, and every other figure still loads.

Written by openpyxl, xlsxwriter and xlwt, each as departments' tools store a struck font: ``<strike/>``
in an xlsx font (a ``val="0"`` strike is no strike), bit 3 of an .xls FONT record's flags.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

import readout
from bijie_etl.catalog import Catalog
from bijie_etl.errors import Failure
from bijie_etl.ingest.visibility import xlsx_struck_styles
from bijie_etl.settings import Settings
from spreadsheets import write_xls, write_xlsx

ROWS = [
    ["毕节市2024年1-6月能源生产情况"],
    ["指标名称", "计量单位", "1-6月累计", "同比增长(%)"],
    ["煤炭产量", "万吨", 3550.2, 8.6],
    ["电煤供应量", "万吨", 1958.3, 5.1],
    ["发电量", "亿千瓦时", 268.4, 3.2],
]
STRUCK = {(3, 3)}  # 0-based (row, col): 电煤供应量's 5.1, crossed out
CROSSED = {"font_strikeout": True}


def check(path: Path, settings: Settings, catalog: Catalog) -> tuple[pd.DataFrame, list[Failure]]:
    return readout.check(path, settings, catalog, date(2024, 7, 10))


def with_openpyxl(path: Path, struck: set[tuple[int, int]], *, strike: bool | None = True) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "能源"
    for row in ROWS:
        ws.append(row)
    for r, c in struck:
        ws.cell(row=r + 1, column=c + 1).font = Font(strike=strike, color="FF0000")
    wb.save(path)
    return path


def with_xlsxwriter(path: Path, struck: set[tuple[int, int]]) -> Path:
    return write_xlsx(path, {"能源": ROWS}, styles={"能源": dict.fromkeys(struck, CROSSED)})


def with_xlwt(path: Path, struck: set[tuple[int, int]]) -> Path:
    return write_xls(path, {"能源": ROWS}, styles={"能源": dict.fromkeys(struck, CROSSED)})


@pytest.mark.parametrize(
    ("writer", "name"),
    [(with_openpyxl, "能源局.xlsx"), (with_xlsxwriter, "能源局.xlsx"), (with_xlwt, "能源局.xls")],
)
def test_a_crossed_out_growth_is_refused_and_the_rest_loads(
    writer, name: str, tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """D4 (5.1, struck) is refused naming the cell and the strike; its 1958.3 and the other rows load."""
    obs, failures = check(writer(tmp_path / name, STRUCK), settings, catalog)
    assert readout.codes(failures) == [("能源", "D4", "value_not_number")]
    (refused,) = failures
    assert all(word in refused.message_zh for word in ("删除线", "作废", "5.1"))
    growth = dict(zip(obs["indicator_code"], obs["growth_pct"], strict=True))
    assert growth["coal_output"] == 8.6
    assert growth["power_generation"] == 3.2
    ytd = dict(zip(obs["indicator_code"], obs["value_ytd"], strict=True))
    assert ytd == {"coal_output": 3550.2, "thermal_coal_supply": 1958.3, "power_generation": 268.4}


def test_a_whole_row_crossed_out_loads_nothing_of_it(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """The name and both figures of 电煤供应量 struck: neither figure is read; the other rows load."""
    obs, failures = check(
        with_xlsxwriter(tmp_path / "能源局.xlsx", {(3, 0), (3, 2), (3, 3)}), settings, catalog
    )
    assert "thermal_coal_supply" not in set(obs["indicator_code"])
    assert {f.cell for f in failures} >= {"C4", "D4"}
    assert all("删除线" in f.message_zh for f in failures if f.cell in ("C4", "D4"))
    assert sorted(obs["indicator_code"]) == ["coal_output", "power_generation"]


def test_a_strike_turned_off_is_no_strike(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """openpyxl's Font(strike=False) writes <strike val="0"/>: the figure is read as any other."""
    obs, failures = check(with_openpyxl(tmp_path / "能源局.xlsx", STRUCK, strike=False), settings, catalog)
    assert failures == []
    assert dict(zip(obs["indicator_code"], obs["growth_pct"], strict=True))["thermal_coal_supply"] == 5.1


@pytest.mark.parametrize(
    ("font", "struck"),
    [
        (b"<font><strike/><sz val='11'/></font>", True),
        (b'<font><strike val="1"/></font>', True),
        (b'<font><strike val="true"/></font>', True),
        (b'<font><strike val="0"/></font>', False),
        (b'<font><b/><sz val="11"/></font>', False),
    ],
)
def test_which_fonts_are_struck(font: bytes, struck: bool) -> None:
    styles = (
        b'<styleSheet><fonts count="2"><font><sz val="11"/></font>' + font + b"</fonts>"
        b'<cellXfs count="2"><xf fontId="0"/><xf fontId="1" applyFont="1"/></cellXfs></styleSheet>'
    )
    assert xlsx_struck_styles(styles) == (frozenset({1}) if struck else frozenset())
