"""Builders shared by test_alerts.py and test_mail.py: a small catalog, assessments, a warehouse."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from bijie_etl.catalog import Catalog, Department, Target
from bijie_etl.pace.rules import PaceAssessment, Status
from bijie_etl.settings import Settings
from bijie_etl.units import load_units
from bijie_etl.warehouse.store import Warehouse

D = date(2024, 7, 15)  # June figures are due (deadline day 10)
JUNE = date(2024, 6, 1)

DEPARTMENTS = (
    Department(
        code="stats",
        name_zh="市统计局",
        inbox="统计局",
        contacts=("stats-a@bijie.example.org", "stats-b@bijie.example.org"),
    ),
    Department(code="energy", name_zh="市能源局", inbox="能源局", contacts=("energy@bijie.example.org",)),
    Department(code="forestry", name_zh="市林业局", inbox="林业局", contacts=()),  # no contact configured
)


def _target(code: str, name_zh: str, department: str, unit: str, target: float, **kw: Any) -> Target:
    base: dict[str, Any] = {
        "code": code,
        "name_zh": name_zh,
        "name_en": code,
        "section": "测试",
        "clause": "测试条款",
        "department": department,
        "unit": unit,
        "target": target,
        "comparator": "at_least",
        "kind": "cumulative",
        "pace": "cumulative",
    }
    return Target(**(base | kw))


TARGETS = (
    _target(
        "gdp_growth",
        "地区生产总值增速",
        "stats",
        "%",
        6.0,
        comparator="approx",
        kind="growth_rate",
        pace="growth",
    ),
    _target("retail_sales", "社会消费品零售总额<script>alert(1)</script>", "stats", "亿元", 1000.0),
    _target("coal_output", "原煤产量", "energy", "万吨", 12000.0, stretch=13000.0),
    _target("power_capacity", "电力装机容量", "energy", "万千瓦", 1500.0, kind="level", pace="threshold"),
    _target("afforestation", "营造林面积", "forestry", "万亩", 60.0, kind="count"),
)


def catalog(tmp_units: Path | None = None) -> Catalog:
    """Three departments (one without contacts) and five targets."""
    units = load_units(Settings().schemas_dir / "units.yaml")
    return Catalog(year=2024, targets=TARGETS, departments=DEPARTMENTS, counties=(), units=units)


def assessment(code: str, status: str, as_of: date = D, **figures: Any) -> PaceAssessment:
    """A pace assessment of a catalog target with the given status (figures default to None)."""
    t = next(t for t in TARGETS if t.code == code)
    values: dict[str, Any] = {
        "period": JUNE if status != "no_data" else None,
        "month": 6 if status != "no_data" else None,
        "actual": None,
        "expected": None,
        "pace_ratio": None,
        "gap_pp": None,
        "projected_year_end": None,
        "required_monthly": None,
        "stretch_ratio": None,
        "method": "linear",
    } | figures
    return PaceAssessment(
        code=t.code,
        name_zh=t.name_zh,
        department=t.department,
        unit=t.unit,
        target=t.target,
        stretch=t.stretch,
        as_of=as_of,
        status=Status(status),
        pace_status=None,
        due_period=JUNE,
        **values,
    )


def behind(as_of: date = D) -> list[PaceAssessment]:
    """One typical run: two stats targets and one energy target behind, the rest on track."""
    return [
        assessment("gdp_growth", "off_track", as_of, actual=4.1, expected=6.0, gap_pp=-1.9, method="growth"),
        assessment(
            "retail_sales",
            "at_risk",
            as_of,
            actual=450.0,
            expected=500.0,
            pace_ratio=0.9,
            projected_year_end=900.0,
            required_monthly=91.67,
        ),
        assessment(
            "coal_output",
            "off_track",
            as_of,
            actual=5000.0,
            expected=6000.0,
            pace_ratio=5000 / 6000,
            projected_year_end=10000.0,
            required_monthly=7000 / 6,
            stretch_ratio=5000 / 6500,
        ),
        assessment(
            "power_capacity",
            "on_track",
            as_of,
            actual=1520.0,
            expected=1500.0,
            pace_ratio=1520 / 1500,
            method="threshold",
        ),
        assessment("afforestation", "on_track", as_of, actual=35.0, expected=30.0, pace_ratio=35 / 30),
    ]


def open_warehouse(tmp_path: Path) -> Warehouse:
    """A migrated warehouse file in ``tmp_path`` (001–003 applied)."""
    wh = Warehouse(tmp_path / "bijie.duckdb", Settings().sql_dir)
    wh.migrate()
    return wh
