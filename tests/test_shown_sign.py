"""A negative figure a number format shows without its sign (``0.0;0.0``: −2.1 shown 2.1) is read by a
careful person as a positive one: the stored sign and the sheet disagree, so the figure is refused
(``format_conflict``) saying both — unless the sheet marks negatives another way (a red section, the
convention; parentheses; ▼ or 下降 in the format), when the stored −2.1 is what it shows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

import readout
from bijie_etl.catalog import Catalog
from bijie_etl.ingest.numfmt import negative_shown_positive
from bijie_etl.settings import Settings
from spreadsheets import write_xls, write_xlsx

ROWS = [
    ["毕节市2024年1-6月能源生产情况"],
    ["指标名称", "计量单位", "1-6月累计", "同比增长(%)"],
    ["煤炭产量", "万吨", 3550.2, 8.6],
    ["电煤供应量", "万吨", 1958.3, -2.1],
    ["发电量", "亿千瓦时", 268.4, 3.2],
]


def with_openpyxl(path: Path, code: str) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "能源"
    for row in ROWS:
        ws.append(row)
    for r in range(3, 6):
        ws.cell(row=r, column=4).number_format = code
    wb.save(path)
    return path


def growth_formats(code: str) -> dict[str, dict[tuple[int, int], dict[str, str]]]:
    """The growth column's three figures (D3:D5) in number format ``code``."""
    return {"能源": {(r, 3): {"num_format": code} for r in range(2, 5)}}


def with_xlsxwriter(path: Path, code: str) -> Path:
    return write_xlsx(path, {"能源": ROWS}, styles=growth_formats(code))


def with_xlwt(path: Path, code: str) -> Path:
    return write_xls(path, {"能源": ROWS}, styles=growth_formats(code))


WRITERS = [(with_openpyxl, "能源局.xlsx"), (with_xlsxwriter, "能源局.xlsx"), (with_xlwt, "能源局.xls")]


@pytest.mark.parametrize(("writer", "name"), WRITERS)
def test_a_negative_growth_shown_without_its_sign_is_refused_saying_both(
    writer, name: str, tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """−2.1 under 0.0;0.0 shows 2.1: refused naming both; 8.6 and 3.2 in the same format load."""
    obs, failures = readout.check(writer(tmp_path / name, "0.0;0.0"), settings, catalog, date(2024, 7, 10))
    assert readout.codes(failures) == [("能源", "D4", "format_conflict")]
    (refused,) = failures
    assert all(word in refused.message_zh for word in ("负号", "-2.1", "显示为2.1", "0.0;0.0"))
    growth = dict(zip(obs["indicator_code"], obs["growth_pct"], strict=True))
    assert (growth["coal_output"], growth["power_generation"]) == (8.6, 3.2)
    assert pd.isna(growth["thermal_coal_supply"])  # its 1958.3 loads, the growth does not


@pytest.mark.parametrize("code", ["0.0;[Red]0.0", "0.0;[红色]0.0", "0.0_);(0.0)", '0.0;"▼"0.0', "0.0;-0.0"])
def test_a_negative_the_sheet_marks_is_read_as_stored(
    code: str, tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Red (the convention), parentheses, ▼ or a minus in the negative section: −2.1 is what it shows."""
    obs, failures = readout.check(
        with_xlsxwriter(tmp_path / "能源局.xlsx", code), settings, catalog, date(2024, 7, 10)
    )
    assert failures == []
    growth = dict(zip(obs["indicator_code"], obs["growth_pct"], strict=True))
    assert growth["thermal_coal_supply"] == -2.1


def test_a_negative_the_format_does_not_show_at_all_is_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """0.0; has an empty negative section: the cell looks empty while −2.1 is stored."""
    obs, failures = readout.check(
        with_openpyxl(tmp_path / "能源局.xlsx", "0.0;"), settings, catalog, date(2024, 7, 10)
    )
    assert readout.codes(failures) == [("能源", "D4", "format_conflict")]
    assert "隐藏" in failures[0].message_zh
    assert (
        "thermal_coal_supply" not in set(obs["indicator_code"])
        or obs.loc[obs["indicator_code"] == "thermal_coal_supply", "growth_pct"].isna().all()
    )


@pytest.mark.parametrize(
    ("code", "value", "hidden"),
    [
        ("0.0;0.0", -2.1, True),
        ("0.0;0.0", 2.1, False),
        ('#,##0;#,##0;"-"', -5, True),
        ("0.0;[Black]0.0", -2.1, True),
        ("0.0;[Blue]0.0", -2.1, False),
        ("[<0]0.0;0.0", -2.1, False),  # conditions: another rule reads them
        ("0.0", -2.1, False),
        ('0.0;"下降"0.0', -2.1, False),
    ],
)
def test_which_formats_show_a_negative_as_positive(code: str, value: float, hidden: bool) -> None:
    assert negative_shown_positive(code, value) is hidden
