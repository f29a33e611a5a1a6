"""Departments report only what is theirs: rows for another department's indicators are refused."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from bijie_etl.catalog import load_catalog
from bijie_etl.cli import app
from bijie_etl.errors import CatalogError
from bijie_etl.ingest.template import HEADER as TEMPLATE_HEADER
from spreadsheets import write_xlsx

ROOT = Path(__file__).resolve().parents[1]
HEADER = [label for label, _field in TEMPLATE_HEADER]  # the template's header, written once
runner = CliRunner()


def _energy_rows(unit_line: str | None) -> list[list[object]]:
    rows: list[list[object]] = [[unit_line]] if unit_line else []
    rows.append(HEADER)
    rows.append(["coal_output", "煤炭产量", "万吨", "2024-09", "全市", 600.0, 5400.0, None, None, None, None])
    rows.append(["coal_output", "煤炭产量", "万吨", "2024-08", "全市", 600.0, 4800.0, None, None, None, None])
    return rows


def _ingest(inbox: Path, warehouse: Path) -> None:
    result = runner.invoke(
        app, ["--warehouse", str(warehouse), "--inbox", str(inbox), "ingest", "--as-of", "2024-11-15"]
    )
    assert result.exit_code == 0, result.output + result.stderr


def _query(warehouse: Path, sql: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(warehouse / "analytics.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_an_energy_file_in_the_statistics_folder_is_refused_row_by_row(tmp_path: Path) -> None:
    """能源局's coal rows dropped in 统计局's folder are each rejected as indicator_not_owned, naming 市能源局, and the cell mismatch is a warning."""
    inbox, warehouse = tmp_path / "inbox", tmp_path / "warehouse"
    (inbox / "统计局").mkdir(parents=True)
    write_xlsx(inbox / "统计局" / "能源局_2024-09.xlsx", {"数据": _energy_rows("填报单位：市能源局")})

    _ingest(inbox, warehouse)

    rejected = _query(
        warehouse,
        "SELECT row_number, severity, code, message_zh, indicator_code FROM v_rejected_rows ORDER BY severity, row_number",
    )
    assert [(r[0], r[1], r[2], r[4]) for r in rejected] == [
        (3, "error", "indicator_not_owned", "coal_output"),
        (4, "error", "indicator_not_owned", "coal_output"),
        (None, "warning", "department_mismatch", None),
    ]
    assert "市能源局" in rejected[0][3]
    assert "市统计局" in rejected[0][3]
    assert "市能源局" in rejected[2][3]
    assert "统计局" in rejected[2][3]
    assert _query(
        warehouse, "SELECT department, status, rows_loaded, rows_rejected FROM v_submission_log"
    ) == [("stats", "rejected", 0, 2)]
    assert _query(warehouse, "SELECT count(*) FROM v_observation_current") == [(0,)]


def test_the_owner_in_its_own_folder_loads_without_a_warning(tmp_path: Path) -> None:
    """The same file in 能源局's own folder loads both rows with no failure at all."""
    inbox, warehouse = tmp_path / "inbox", tmp_path / "warehouse"
    (inbox / "能源局").mkdir(parents=True)
    write_xlsx(inbox / "能源局" / "能源局_2024-09.xlsx", {"数据": _energy_rows("填报单位：毕节市能源局")})

    _ingest(inbox, warehouse)

    assert _query(warehouse, "SELECT count(*) FROM v_rejected_rows") == [(0,)]
    assert _query(warehouse, "SELECT department, status, rows_loaded FROM v_submission_log") == [
        ("energy", "loaded", 2)
    ]


def test_statistics_may_report_a_declared_indicator_of_another_department(tmp_path: Path) -> None:
    """统计局 may report 规上工业增加值增速 (工信局's target, in its may_report list) but not 煤炭产量 in the same file."""
    inbox, warehouse = tmp_path / "inbox", tmp_path / "warehouse"
    (inbox / "统计局").mkdir(parents=True)
    rows: list[list[object]] = [
        HEADER,
        [
            "industrial_value_added_growth",
            "规上工业增加值增速",
            "%",
            "2024-09",
            "全市",
            None,
            None,
            None,
            6.1,
            None,
            None,
        ],
        ["gdp_growth", "地区生产总值增速", "%", "2024-09", "全市", None, None, None, 5.8, None, None],
        ["coal_output", "煤炭产量", "万吨", "2024-09", "全市", 600.0, 5400.0, None, None, None, None],
    ]
    write_xlsx(inbox / "统计局" / "统计月报_2024-09.xlsx", {"数据": rows})

    _ingest(inbox, warehouse)

    assert _query(warehouse, "SELECT indicator_code FROM v_observation_current ORDER BY indicator_code") == [
        ("gdp_growth",),
        ("industrial_value_added_growth",),
    ]
    assert _query(warehouse, "SELECT row_number, code FROM v_rejected_rows") == [(4, "indicator_not_owned")]
    assert _query(warehouse, "SELECT status FROM v_submission_log") == [("partial",)]


def test_may_report_must_not_name_the_departments_own_target(tmp_path: Path) -> None:
    """A may_report entry naming a target the department owns is a contradiction the catalog check reports."""
    departments = tmp_path / "departments.yaml"
    text = (ROOT / "sources" / "departments.yaml").read_text(encoding="utf-8")
    departments.write_text(text.replace("may_report: [", "may_report: [gdp_growth, ", 1), encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog(
            ROOT / "schemas" / "targets_2024.yaml",
            departments_path=departments,
            counties_path=ROOT / "sources" / "counties.yaml",
            units_path=ROOT / "schemas" / "units.yaml",
        )
    assert info.value.entry == "stats"
    assert info.value.field == "may_report"
    assert "gdp_growth" in info.value.message
