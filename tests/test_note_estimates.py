"""A row whose 备注 says its figures are estimates is refused, as one whose cell comment or table note says so."""

from __future__ import annotations

import pickle
from datetime import date
from pathlib import Path

import pytest

from bijie_etl.ingest.cells import EstimateCell
from bijie_etl.ingest.reading import read_file
from bijie_etl.validate.rules import validate
from spreadsheets import write_xlsx

HEADER = ["指标名称", "计量单位", "本月", "1-6月累计", "同比增长(%)", "备注"]


@pytest.mark.parametrize(
    ("note", "refused"),
    [
        ("6月为预计数", True),
        ("本月数系估算数", True),
        ("预计值", True),
        ("预计全年可完成7300万吨", False),  # a forecast beside an actual figure
        ("非预计数", False),
        ("已核实", False),
    ],
)
def test_a_note_calling_the_row_an_estimate_refuses_it(
    tmp_path: Path,
    settings,
    catalog,
    note: str,
    refused: bool,  # type: ignore[no-untyped-def]
) -> None:
    rows = [["毕节市2024年1-6月能源生产情况"], HEADER, ["煤炭产量", "万吨", 612.4, 3550.2, 8.6, note]]
    path = write_xlsx(tmp_path / "n.xlsx", {"能源": rows})
    observations, failures = validate(
        read_file(path, settings, catalog=catalog), catalog, as_of=date(2024, 7, 10), file_name=path.name
    )
    estimates = [f for f in failures if f.code.value == "value_is_estimate"]
    assert (len(observations), len(estimates)) == ((0, 1) if refused else (1, 0))
    if refused:
        assert estimates[0].cell == "C3"
        assert f"F3单元格“{note}”" in estimates[0].message_zh


def test_an_estimate_said_by_a_note_keeps_its_kind_across_processes() -> None:
    cell = EstimateCell("612.4", mark="", legend="F3", note="6月为预计数", by_note=True)
    back = pickle.loads(pickle.dumps(cell))
    assert (str(back), back.legend, back.note, back.by_note) == ("612.4", "F3", "6月为预计数", True)


@pytest.mark.parametrize(
    ("file_name", "sheet", "read"),
    [
        ("能源局2024年6月预计数.xlsx", "Sheet1", False),  # the file says it holds the forecast
        ("能源局2024年6月.xlsx", "6月（预计）", False),  # the sheet says so
        ("能源局2024年6月.xlsx", "6月", True),
    ],
)
def test_a_file_or_sheet_named_as_an_estimate_loads_nothing_as_actual(
    tmp_path: Path,
    settings,
    catalog,
    file_name: str,
    sheet: str,
    read: bool,  # type: ignore[no-untyped-def]
) -> None:
    rows = [["毕节市2024年1-6月能源生产情况"], HEADER[:4], ["煤炭产量", "万吨", 612.4, 3550.2]]
    path = write_xlsx(tmp_path / file_name, {sheet: rows})
    observations, failures = validate(
        read_file(path, settings, catalog=catalog), catalog, as_of=date(2024, 7, 10), file_name=path.name
    )
    assert len(observations) == (1 if read else 0)
    said = [f.message_zh for f in failures if f.code.value == "column_ignored"]
    assert bool(said) is not read
    assert all(("文件名" in m or "工作表名" in m) and "预计数" in m for m in said)


def test_a_file_named_for_its_figures_and_a_forecast_loads_its_figures(
    tmp_path: Path, settings, catalog
) -> None:  # type: ignore[no-untyped-def]
    """能源局6月完成情况及全年预计.xlsx holds the month's figures and, somewhere, a forecast: its 6月 sheet loads."""
    rows = [["毕节市2024年1-6月能源生产情况"], HEADER[:4], ["煤炭产量", "万吨", 612.4, 3550.2]]
    path = write_xlsx(tmp_path / "能源局6月完成情况及全年预计.xlsx", {"6月": rows})
    observations, _ = validate(
        read_file(path, settings, catalog=catalog), catalog, as_of=date(2024, 7, 10), file_name=path.name
    )
    assert len(observations) == 1
