"""Test helpers for the warehouse: a small catalog, Submission builders and a demo-like warehouse."""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from bijie_etl.catalog import Catalog, load_counties, load_departments, parse_targets
from bijie_etl.errors import Code, Failure, Severity
from bijie_etl.ingest.submission import OBSERVATION_COLUMNS, Submission
from bijie_etl.settings import PROJECT_ROOT
from bijie_etl.units import load_units
from bijie_etl.warehouse.store import Warehouse

SQL_DIR = PROJECT_ROOT / "warehouse"

TARGETS: list[dict[str, Any]] = [
    {
        "code": "gdp_growth",
        "name_zh": "地区生产总值增长",
        "name_en": "GDP growth",
        "section": "s",
        "clause": "c",
        "department": "stats",
        "unit": "%",
        "target": 6.0,
        "comparator": "approx",
        "kind": "growth_rate",
        "pace": "growth",
    },
    {
        "code": "retail_sales_growth",
        "name_zh": "社会消费品零售总额增长",
        "name_en": "Retail sales growth",
        "section": "s",
        "clause": "c",
        "department": "stats",
        "unit": "%",
        "target": 7.0,
        "comparator": "approx",
        "kind": "growth_rate",
        "pace": "growth",
    },
    {
        "code": "coal_output",
        "name_zh": "原煤产量",
        "name_en": "Coal output",
        "section": "s",
        "clause": "c",
        "department": "energy",
        "unit": "万吨",
        "target": 9000.0,
        "comparator": "at_least",
        "kind": "cumulative",
        "pace": "cumulative",
    },
    {
        "code": "new_power_capacity",
        "name_zh": "新增新能源装机",
        "name_en": "New power capacity",
        "section": "s",
        "clause": "c",
        "department": "energy",
        "unit": "万千瓦",
        "target": 100.0,
        "comparator": "at_least",
        "kind": "cumulative",
        "pace": "cumulative",
        "frequency": "quarterly",
    },
]


def make_catalog() -> Catalog:
    """Four targets of two departments, with the real departments, counties and units files."""
    return Catalog(
        year=2024,
        targets=parse_targets(TARGETS),
        departments=load_departments(PROJECT_ROOT / "sources" / "departments.yaml"),
        counties=load_counties(PROJECT_ROOT / "sources" / "counties.yaml"),
        units=load_units(PROJECT_ROOT / "schemas" / "units.yaml"),
    )


def obs(
    indicator_code: str,
    period: date,
    value: float,
    *,
    county: str = "全市",
    row: int = 3,
    sheet: str = "数据",
    **fields: Any,
) -> dict[str, Any]:
    """One observation row; ``value`` also fills the field its target kind tracks."""
    column = "growth_pct" if indicator_code.endswith("growth") else "value_ytd"
    return {
        "indicator_code": indicator_code,
        "period": period,
        "county": county,
        "value": value,
        column: value,
        "unit": "%" if column == "growth_pct" else "万吨",
        "unit_reported": None,
        "unit_factor": 1.0,
        "sheet": sheet,
        "row_number": row,
        "cell": f"G{row}",
        "cells": f'{{"value": "G{row}"}}',
        **fields,
    }


def observations(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """An observations frame with exactly OBSERVATION_COLUMNS and their dtypes."""
    frame = pd.DataFrame(rows, columns=list(OBSERVATION_COLUMNS))
    return frame.astype({c: t for c, t in OBSERVATION_COLUMNS.items() if c != "period"})


def submission(
    file_name: str,
    rows: list[dict[str, Any]],
    *,
    department: str = "stats",
    failures: list[Failure] | None = None,
    error: str | None = None,
    received_at: datetime = datetime(2024, 4, 8, 9, 30),
) -> Submission:
    """A Submission as validation would hand it over; sha256 derives from the name and rows."""
    frame = observations(rows)
    digest = hashlib.sha256(f"{file_name}{frame.to_csv()}{failures}{error}".encode()).hexdigest()
    failures = failures or []
    return Submission(
        path=Path("/inbox") / file_name,
        file_name=file_name,
        sha256=digest,
        size_bytes=1000 + len(rows),
        received_at=received_at,
        department=department,
        observations=frame,
        failures=failures,
        rows_read=len(rows) + len({f.row_number for f in failures if f.severity is Severity.ERROR}),
        error=error,
    )


def failure(
    file_name: str,
    row: int,
    code: Code = Code.VALUE_NOT_NUMBER,
    *,
    severity: Severity = Severity.ERROR,
    value: str | None = "abc",
    indicator_code: str | None = "gdp_growth",
) -> Failure:
    return Failure(
        code=code,
        message_zh=f"第{row}行数值无法识别",
        file=file_name,
        sheet="数据",
        cell=f"G{row}",
        row_number=row,
        value=value,
        indicator_code=indicator_code,
        severity=severity,
    )


def table_counts(wh: Warehouse) -> dict[str, int]:
    """Row counts of every table the loader writes."""
    tables = ["submitted_files", "observations", "observation_confirmations", "failures"]
    return {t: wh.con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in tables}


def build_demo(path: Path, *, as_of: date = date(2024, 5, 20)) -> Warehouse:
    """A demo-like warehouse: two departments, a correction, a repeat, rejected rows, a gap.

    Returns the open warehouse (migrated, catalog synced, one finished run).
    """
    wh = Warehouse(path, SQL_DIR)
    wh.migrate()
    wh.sync_catalog(make_catalog())
    run_id = wh.start_run(as_of, "demo")
    subs = []
    for month in (1, 2, 3, 4):
        period = date(2024, month, 1)
        subs.append(
            submission(
                f"统计局/2024年{month}月.xlsx",
                [
                    obs("gdp_growth", period, 5.0 + month / 10, row=3),
                    obs("retail_sales_growth", period, 6.0 + month / 10, row=4),
                    obs("gdp_growth", period, 5.5, county="七星关区", row=5),
                ],
                received_at=datetime(2024, month + 1, 6, 10),
            )
        )
    # Energy sent January and March only; March coal was corrected later; April partly rejected.
    subs.append(
        submission("能源局/1月.xlsx", [obs("coal_output", date(2024, 1, 1), 700.0)], department="energy")
    )
    subs.append(
        submission(
            "能源局/3月.xlsx",
            [
                obs("coal_output", date(2024, 3, 1), 2100.0),
                obs("new_power_capacity", date(2024, 3, 1), 20.0, row=4),
            ],
            department="energy",
        )
    )
    subs.append(
        submission(
            "能源局/3月（更正）.xlsx",
            [
                obs("coal_output", date(2024, 3, 1), 2150.0),
                obs("new_power_capacity", date(2024, 3, 1), 20.0, row=4),
            ],
            department="energy",
        )
    )
    subs.append(
        submission(
            "能源局/4月.xlsx",
            [obs("coal_output", date(2024, 4, 1), 2800.0)],
            department="energy",
            failures=[failure("能源局/4月.xlsx", 4, indicator_code="new_power_capacity")],
        )
    )
    wh.load_submissions(subs, run_id)
    wh.finish_run(run_id, "succeeded", {"files": len(subs)})
    return wh


def demo_inbox(
    inbox: Path,
    departments: Collection[str] | None = None,
    *,
    seed: int = 2024,
    as_of: date = date(2024, 11, 15),
    catalog: Catalog | None = None,
) -> Path:
    """The demo year's files in ``inbox``, of ``departments`` only (None: every department), from
    ``catalog`` (default: the checkout's); returns ``inbox``. A few departments keep every file style
    while a run over them takes seconds."""
    import dataclasses

    from bijie_etl.catalog import load_catalog_from_settings
    from bijie_etl.demo.generate import generate_demo
    from bijie_etl.settings import load_settings

    catalog = catalog or load_catalog_from_settings(load_settings())
    if departments is not None:
        catalog = dataclasses.replace(
            catalog, targets=tuple(t for t in catalog.targets if t.department in departments)
        )
    generate_demo(catalog, inbox, as_of=as_of, seed=seed)
    return inbox
