"""Pace against a real DuckDB warehouse: assess() reads current observations, stores history, feeds the view."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from bijie_etl.catalog import Catalog, County, Department, Target
from bijie_etl.ingest.submission import OBSERVATION_COLUMNS, Submission
from bijie_etl.pace.rules import assess, monthly_series
from bijie_etl.settings import PROJECT_ROOT, Settings
from bijie_etl.units import load_units
from bijie_etl.warehouse.store import Warehouse

WEINING = "威宁彝族回族苗族自治县"


def _target(code: str, department: str, **kw: Any) -> Target:
    base: dict[str, Any] = {
        "code": code, "name_zh": f"指标{code}", "name_en": code, "section": "测试", "clause": "测试条款",
        "department": department, "unit": "万吨", "comparator": "at_least", "kind": "cumulative", "pace": "cumulative",
    }  # fmt: skip
    return Target(**(base | kw))


@pytest.fixture
def catalog() -> Catalog:
    targets = (
        _target("coal", "energy", target=7300, stretch=7500, baseline_2023=6470, name_zh="煤炭产量"),
        _target(
            "gdp",
            "stats",
            unit="%",
            kind="growth_rate",
            pace="growth",
            frequency="quarterly",
            target=6,
            name_zh="地区生产总值增速",
        ),
        _target(
            "retail",
            "stats",
            unit="%",
            kind="growth_rate",
            pace="growth",
            target=8,
            name_zh="社会消费品零售总额增速",
        ),
        _target("jobs", "stats", unit="万人", target=6.8, name_zh="城镇新增就业"),
        _target(
            "urban",
            "stats",
            unit="%",
            kind="level",
            pace="annual",
            frequency="annual",
            target=46.5,
            name_zh="常住人口城镇化率",
        ),
    )
    departments = (
        Department(code="stats", name_zh="市统计局", inbox="统计局", deadline_day=10),
        Department(code="energy", name_zh="市能源局", inbox="能源局", deadline_day=20),
    )
    return Catalog(
        year=2024,
        targets=targets,
        departments=departments,
        counties=(County("全市", "520500"), County(WEINING, "520526")),
        units=load_units(PROJECT_ROOT / "schemas" / "units.yaml"),
    )


@pytest.fixture
def warehouse(tmp_path: Path, catalog: Catalog) -> Iterator[Warehouse]:
    with Warehouse(tmp_path / "bijie.duckdb", PROJECT_ROOT / "warehouse") as wh:
        wh.migrate()
        wh.sync_catalog(catalog)
        yield wh


def _submission(name: str, rows: list[dict[str, Any]]) -> Submission:
    """A validated file as the loader receives it (only the columns pace reads are filled)."""
    frame = pd.DataFrame([{c: r.get(c) for c in OBSERVATION_COLUMNS} for r in rows])
    frame = frame.astype({c: t for c, t in OBSERVATION_COLUMNS.items() if c != "period"})
    digest = hashlib.sha256(f"{name}{rows}".encode()).hexdigest()
    return Submission(path=Path(name), file_name=name, sha256=digest, size_bytes=1, received_at=datetime(2024, 7, 1, 9),
                      observations=frame, rows_read=len(rows))  # fmt: skip


def _obs(code: str, month: int, county: str = "全市", **values: float | None) -> dict[str, Any]:
    return {
        "indicator_code": code,
        "period": date(2024, month, 1),
        "county": county,
        "sheet": "Sheet1",
        "row_number": 3,
        "cell": "D3",
        **values,
    }


def _load(wh: Warehouse, name: str, rows: list[dict[str, Any]]) -> None:
    result = wh.load_submission(_submission(name, rows), run_id=0)
    assert result.error is None


@pytest.fixture
def loaded(warehouse: Warehouse) -> Warehouse:
    _load(warehouse, "能源局/2024年6月.xlsx", [
        _obs("coal", 5, value=2900, value_ytd=2900, value_ytd_prior=2588),
        _obs("coal", 6, value=3400, value_ytd=3400, value_ytd_prior=3235),
        _obs("coal", 6, county=WEINING, value=100, value_ytd=100),
    ])  # fmt: skip
    # resubmission: June's figure corrected (supersedes 3400); August is after the as-of date
    _load(warehouse, "能源局/2024年6月(更正).xlsx", [
        _obs("coal", 6, value=3500, value_ytd=3500, value_ytd_prior=3235),
        _obs("coal", 8, value=9999, value_ytd=9999, value_ytd_prior=9000),
    ])  # fmt: skip
    _load(warehouse, "统计局/2024年6月.xlsx", [
        _obs("gdp", 3, value=5.9, growth_pct=5.9),
        _obs("retail", 5, value=6.0, growth_pct=6.0, value_ytd=420, value_ytd_prior=396),
        # June came without the growth column: derived from levels, never borrowed from May
        _obs("retail", 6, value_ytd=525, value_ytd_prior=500),
        _obs("urban", 6, value=45.9),
    ])  # fmt: skip
    return warehouse


def _run(wh: Warehouse, as_of: date) -> int:
    return wh.start_run(as_of, "test")


def test_assess_returns_and_stores_one_row_per_target(loaded: Warehouse, catalog: Catalog) -> None:
    """Every catalog target gets one stored row per run, from the current 全市 data with period ≤ as_of."""
    as_of = date(2024, 7, 15)
    run_id = _run(loaded, as_of)
    result = assess(loaded, catalog, Settings(), as_of, run_id)
    # coal: energy's deadline is the 20th, so June is on time; P = 3235/6470 = 0.5, 3500/3650 = 0.9589
    # gdp: Q2 due on 10 July, only Q1 → late; retail: 100 × (525/500 − 1) = 5 → gap −3
    # jobs: never observed → no_data; urban: annual, not judged before December
    assert [(a.code, a.department_zh, str(a.status), a.period, a.actual, a.method) for a in result] == [
        ("coal", "市能源局", "on_track", date(2024, 6, 1), 3500.0, "baseline_prior"),
        ("gdp", "市统计局", "late", date(2024, 3, 1), 5.9, "growth"),
        ("retail", "市统计局", "off_track", date(2024, 6, 1), pytest.approx(5.0), "growth_from_levels"),
        ("jobs", "市统计局", "no_data", None, None, "cumulative"),
        ("urban", "市统计局", "not_assessed", date(2024, 6, 1), 45.9, "annual"),
    ]
    stored = loaded.con.execute(
        "SELECT run_id, as_of, code, period, month, round(actual, 4), round(expected, 4), round(pace_ratio, 4), "
        "round(gap_pp, 4), round(projected_year_end, 4), round(required_monthly, 4), round(stretch_ratio, 4), "
        "method, status, status_zh, pace_status, due_period FROM assessments ORDER BY code"
    ).fetchall()
    assert stored == [
        (run_id, as_of, "coal", date(2024, 6, 1), 6, 3500.0, 3650.0, 0.9589, None, 7000.0, 633.3333, 0.9333, "baseline_prior", "on_track", "正常", "on_track", date(2024, 5, 1)),
        (run_id, as_of, "gdp", date(2024, 3, 1), 3, 5.9, 6.0, None, -0.1, None, None, None, "growth", "late", "迟报", "on_track", date(2024, 6, 1)),
        (run_id, as_of, "jobs", None, None, None, None, None, None, None, None, None, "cumulative", "no_data", "无数据", None, date(2024, 6, 1)),
        (run_id, as_of, "retail", date(2024, 6, 1), 6, 5.0, 8.0, None, -3.0, None, None, None, "growth_from_levels", "off_track", "滞后", "off_track", date(2024, 6, 1)),
        (run_id, as_of, "urban", date(2024, 6, 1), 6, 45.9, None, None, None, None, None, None, "annual", "not_assessed", "暂不评估", None, None),
    ]  # fmt: skip


def test_view_shows_latest_assessment_per_target_and_history_is_kept(
    loaded: Warehouse, catalog: Catalog
) -> None:
    """A second run adds rows (history kept) and v_indicator_status shows each target's newest one in Chinese."""
    first = _run(loaded, date(2024, 7, 15))
    assess(loaded, catalog, Settings(), date(2024, 7, 15), first)
    _load(loaded, "统计局/2024年二季度.xlsx", [_obs("gdp", 6, value=5.2, growth_pct=5.2)])
    second = _run(loaded, date(2024, 7, 25))
    assess(loaded, catalog, Settings(), date(2024, 7, 25), second)

    assert loaded.con.execute(
        "SELECT run_id, count(*) FROM assessments GROUP BY run_id ORDER BY run_id"
    ).fetchall() == [(first, 5), (second, 5)]
    view = loaded.con.execute(
        "SELECT code, name_zh, department, department_zh, unit, target, stretch, period, round(actual, 4), "
        "round(gap_pp, 4), status, status_zh, as_of, run_id FROM v_indicator_status ORDER BY code"
    ).fetchall()
    day = date(2024, 7, 25)
    assert view == [
        ("coal", "煤炭产量", "energy", "市能源局", "万吨", 7300.0, 7500.0, date(2024, 6, 1), 3500.0, None, "on_track", "正常", day, second),
        ("gdp", "地区生产总值增速", "stats", "市统计局", "%", 6.0, None, date(2024, 6, 1), 5.2, -0.8, "at_risk", "预警", day, second),
        ("jobs", "城镇新增就业", "stats", "市统计局", "万人", 6.8, None, None, None, None, "no_data", "无数据", day, second),
        ("retail", "社会消费品零售总额增速", "stats", "市统计局", "%", 8.0, None, date(2024, 6, 1), 5.0, -3.0, "off_track", "滞后", day, second),
        ("urban", "常住人口城镇化率", "stats", "市统计局", "%", 46.5, None, date(2024, 6, 1), 45.9, None, "not_assessed", "暂不评估", day, second),
    ]  # fmt: skip


def test_view_columns_match_contract_and_are_documented(warehouse: Warehouse) -> None:
    """v_indicator_status has the contract's columns, and the view and every column carry a comment."""
    columns = warehouse.con.execute(
        "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = 'v_indicator_status' ORDER BY column_index"
    ).fetchall()
    names = [c[0] for c in columns]
    contract = ["code", "name_zh", "department", "unit", "target", "stretch", "period", "actual", "expected", "pace_ratio", "gap_pp",
                "projected_year_end", "required_monthly", "stretch_ratio", "method", "status", "status_zh", "as_of"]  # fmt: skip
    assert [n for n in names if n in contract] == contract
    assert [n for n, comment in columns if not comment] == []
    view_comment = warehouse.con.execute(
        "SELECT comment FROM duckdb_views() WHERE view_name = 'v_indicator_status'"
    ).fetchall()
    assert view_comment[0][0]


def test_assessment_with_empty_warehouse_is_no_data_everywhere(
    warehouse: Warehouse, catalog: Catalog
) -> None:
    """With no observations, every target due is no_data and the annual one is not yet assessed."""
    result = assess(warehouse, catalog, Settings(), date(2024, 7, 15), _run(warehouse, date(2024, 7, 15)))
    assert [(a.code, str(a.status)) for a in result] == [
        ("coal", "no_data"), ("gdp", "no_data"), ("retail", "no_data"), ("jobs", "no_data"), ("urban", "not_assessed"),
    ]  # fmt: skip


def test_monthly_series_is_the_current_city_series(loaded: Warehouse) -> None:
    """monthly_series gives the current 全市 values of one indicator by period, superseded versions excluded."""
    frame = monthly_series(loaded, "coal")
    rows = [
        (pd.Timestamp(p).date(), v, y)
        for p, v, y in frame[["period", "value", "value_ytd"]].itertuples(index=False)
    ]
    assert rows == [
        (date(2024, 5, 1), 2900.0, 2900.0),
        (date(2024, 6, 1), 3500.0, 3500.0),
        (date(2024, 8, 1), 9999.0, 9999.0),
    ]


def test_backfill_run_keeps_each_date_and_a_retry_replaces_its_own_rows(
    loaded: Warehouse, catalog: Catalog
) -> None:
    """One run may assess several as-of dates; re-assessing the same run and date replaces rather than duplicates."""
    run_id = _run(loaded, date(2024, 7, 15))
    for day in (date(2024, 6, 15), date(2024, 7, 15), date(2024, 7, 15)):
        assess(loaded, catalog, Settings(), day, run_id)
    counts = loaded.con.execute(
        "SELECT run_id, as_of, count(*) FROM assessments GROUP BY ALL ORDER BY as_of"
    ).fetchall()
    assert counts == [(run_id, date(2024, 6, 15), 5), (run_id, date(2024, 7, 15), 5)]


def test_later_backfill_of_an_earlier_date_does_not_hide_the_current_status(
    loaded: Warehouse, catalog: Catalog
) -> None:
    """v_indicator_status follows the latest as-of date, even when an earlier date is assessed afterwards."""
    nightly = _run(loaded, date(2024, 7, 15))
    assess(loaded, catalog, Settings(), date(2024, 7, 15), nightly)
    backfill = _run(loaded, date(2024, 6, 15))
    assess(loaded, catalog, Settings(), date(2024, 6, 15), backfill)
    view = loaded.con.execute("SELECT DISTINCT as_of, run_id FROM v_indicator_status").fetchall()
    assert view == [(date(2024, 7, 15), nightly)]
