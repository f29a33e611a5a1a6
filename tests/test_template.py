"""The fill-in template: prefilled rows, drop-downs, instructions, and a clean round trip through read_file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from bijie_etl.catalog import Catalog, load_counties, load_departments, parse_targets
from bijie_etl.ingest.reading import read_file
from bijie_etl.ingest.template import UnknownDepartment, units_like, write_template
from bijie_etl.settings import PROJECT_ROOT, Settings
from bijie_etl.units import load_units


def _target(code: str, name: str, unit: str, kind: str, department: str = "energy") -> dict[str, object]:
    pace = {"growth_rate": "growth", "cumulative": "cumulative", "count": "cumulative", "share": "threshold"}[
        kind
    ]
    return {
        "code": code,
        "name_zh": name,
        "name_en": code,
        "section": "s",
        "clause": "c",
        "department": department,
        "unit": unit,
        "target": 10,
        "comparator": "at_least",
        "kind": kind,
        "pace": pace,
    }


@pytest.fixture
def catalog() -> Catalog:
    return Catalog(
        year=2024,
        targets=parse_targets(
            [
                _target("coal_output", "原煤产量", "万吨", "cumulative"),
                _target("power_growth", "发电量增速", "%", "growth_rate"),
                _target("clean_energy_share", "清洁能源装机占比", "%", "share"),
                _target("grain_output", "粮食产量", "万吨", "cumulative", department="agriculture"),
            ]
        ),
        departments=load_departments(PROJECT_ROOT / "sources" / "departments.yaml"),
        counties=load_counties(PROJECT_ROOT / "sources" / "counties.yaml"),
        units=load_units(PROJECT_ROOT / "schemas" / "units.yaml"),
    )


def test_template_round_trip_gives_prefilled_rows(catalog: Catalog, tmp_path: Path) -> None:
    """Reading the template back yields exactly one 全市 row per target of the department, nothing else."""
    path = write_template(catalog, "能源局", date(2024, 6, 15), tmp_path / "能源局_2024-06.xlsx")
    read = read_file(path, Settings())
    assert [s.sheet for s in read.sheets] == ["数据"]
    sheet = read.sheets[0]
    assert (sheet.header_row, sheet.columns) == (
        4,
        {
            "indicator_code": "A",
            "indicator_name": "B",
            "unit": "C",
            "period": "D",
            "county": "E",
            "value_month": "F",
            "value_ytd": "G",
            "value_ytd_prior": "H",
            "growth_pct": "I",
            "value": "J",
            "note": "K",
        },
    )
    empty = dict.fromkeys(["value_month", "value_ytd", "value_ytd_prior", "growth_pct", "value", "note"])
    assert sheet.rows.to_dict("records") == [
        {
            "row": 5,
            "indicator_code": "coal_output",
            "indicator_name": "原煤产量",
            "unit": "万吨",
            "period": date(2024, 6, 1),
            "county": "全市",
            **empty,
        },
        {
            "row": 6,
            "indicator_code": "power_growth",
            "indicator_name": "发电量增速",
            "unit": "%",
            "period": date(2024, 6, 1),
            "county": "全市",
            **empty,
        },
        {
            "row": 7,
            "indicator_code": "clean_energy_share",
            "indicator_name": "清洁能源装机占比",
            "unit": "%",
            "period": date(2024, 6, 1),
            "county": "全市",
            **empty,
        },
    ]
    assert sheet.warnings == []
    assert (read.period_hint, read.department_hint) == (date(2024, 6, 1), "市能源局")


def test_template_has_dropdowns_frozen_header_and_instructions(catalog: Catalog, tmp_path: Path) -> None:
    """County and unit cells carry list validations (units of the target's dimension); the header is frozen; 说明 explains the columns."""
    path = write_template(catalog, "energy", date(2024, 6, 1), tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["数据", "说明"]
    ws = wb["数据"]
    rules = sorted((str(dv.sqref), dv.type, dv.formula1) for dv in ws.data_validations.dataValidation)
    counties = ",".join(c.name for c in catalog.counties)
    assert rules == [
        ("C5", "list", '"万吨,吨,亿吨"'),
        ("C6", "list", '"%"'),
        ("C7", "list", '"%"'),
        ("E5:E207", "list", f'"{counties}"'),
    ]
    assert ws.freeze_panes == "C5"
    fills = {
        cell.coordinate: cell.fill.fgColor.rgb
        for row in ws["F5:J7"]
        for cell in row
        if cell.fill.fgColor.rgb == "FFFFF2CC"
    }
    assert sorted(fills) == ["G5", "I6", "J7"]  # the column each kind is measured by
    help_text = "\n".join(str(c.value) for c in wb["说明"]["A"] if c.value)
    for phrase in ("填“累计同比增长(%)”", "填“1-本月累计”", "填“本期值”"):
        assert phrase in help_text


def test_units_like_lists_same_dimension(catalog: Catalog) -> None:
    """The unit drop-down offers the target's unit first, then its other scales."""
    assert units_like(catalog, "万千瓦时") == ["万千瓦时", "千瓦时", "亿千瓦时"]
    assert units_like(catalog, "亩") == ["亩", "万亩"]


def test_unknown_department_is_refused(catalog: Catalog, tmp_path: Path) -> None:
    """A department the catalog does not know raises UnknownDepartment and writes nothing."""
    with pytest.raises(UnknownDepartment, match="气象局"):
        write_template(catalog, "气象局", date(2024, 6, 1), tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()
