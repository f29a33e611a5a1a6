"""Validation rules: each reports the exact (sheet, cell, code) rows and lets the good rows through."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.errors import Code, Failure, Severity
from bijie_etl.ingest.reading import FileRead, SheetRows
from bijie_etl.ingest.submission import OBSERVATION_COLUMNS
from bijie_etl.settings import load_settings
from bijie_etl.validate.rules import build_schema, validate, validate_batch

AS_OF = date(2024, 7, 10)
JUNE = date(2024, 6, 1)
#: The template's column order: 指标代码 | 指标名称 | 计量单位 | 统计期 | 区县 | 本月 | 1-本月累计 | 上年同期累计 | 累计同比增长(%) | 本期值 | 备注
TEMPLATE = dict(zip(
    ["indicator_code", "indicator_name", "unit", "period", "county", "value_month", "value_ytd", "value_ytd_prior", "growth_pct", "value", "note"],
    "ABCDEFGHIJK", strict=True,
))  # fmt: skip


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog_from_settings(load_settings())


def coal(**fields: Any) -> dict[str, Any]:
    """A valid 煤炭产量 row (万吨, cumulative) with ``fields`` overriding."""
    return {
        "indicator_code": "coal_output",
        "indicator_name": "煤炭产量",
        "unit": "万吨",
        "period": "2024-06",
        "county": "全市",
        "value_ytd": 3500.0,
    } | fields


def sheet(
    rows: list[dict[str, Any]],
    *,
    name: str = "数据",
    columns: dict[str, str] = TEMPLATE,
    first_row: int = 3,
    warnings: list[Failure] | None = None,
) -> SheetRows:
    frame = pd.DataFrame(
        [{"row": first_row + i, **{f: r.get(f) for f in columns}} for i, r in enumerate(rows)], dtype=object
    )
    frame["row"] = frame["row"].astype("int64")
    return SheetRows(
        sheet=name, header_row=first_row - 1, columns=dict(columns), rows=frame, warnings=warnings or []
    )


def read_of(*sheets: SheetRows, period_hint: date | None = JUNE) -> FileRead:
    return FileRead(
        path=Path("inbox/能源局/2024年6月.xlsx"),
        sheets=list(sheets),
        title=None,
        period_hint=period_hint,
        department_hint=None,
    )


def run(
    catalog: Catalog,
    rows: list[dict[str, Any]],
    *,
    history: pd.DataFrame | None = None,
    as_of: date = AS_OF,
    **kw: Any,
) -> tuple[pd.DataFrame, list[Failure]]:
    return validate(
        read_of(sheet(rows, **kw)), catalog, as_of=as_of, file_name="能源局/2024年6月.xlsx", history=history
    )


def where(failures: list[Failure]) -> list[tuple[str | None, str | None, Code]]:
    return [(f.sheet, f.cell, f.code) for f in failures]


def loaded(obs: pd.DataFrame) -> list[tuple[Any, ...]]:
    """(row, indicator, county, value) of every observation."""
    return [(int(r.row_number), r.indicator_code, r.county, float(r.value)) for r in obs.itertuples()]


# --------------------------------------------------------------------------------------------
# Normalisation


def test_good_rows_are_normalised_and_converted_to_the_catalog_unit(catalog: Catalog) -> None:
    """Units convert (73,000,000 吨 → 7300 万吨), names/aliases and short county names resolve, text numbers parse."""
    obs, failures = run(
        catalog,
        [
            coal(unit="吨", value_month="12,000,000", value_ytd="73,000,000"),
            coal(
                indicator_code=None,
                indicator_name="原 煤 产 量",
                county="威宁县",
                value_ytd=" ３５０.５ ",
                value_month="—",
            ),
            coal(
                county=None,
                indicator_code="gdp_growth",
                indicator_name=None,
                unit="亿元",
                value_ytd=1000.0,
                value_ytd_prior=940.0,
                growth_pct="6.4%",
            ),
            coal(
                indicator_code="digital_economy_share",
                indicator_name=None,
                unit="%",
                value_ytd=None,
                value="35.5",
                note="初步数",
            ),
        ],
    )
    assert failures == []
    assert list(obs.columns) == list(OBSERVATION_COLUMNS)
    assert {c: str(t) for c, t in obs.dtypes.items()} == {
        c: str(pd.Series(dtype=t).dtype) for c, t in OBSERVATION_COLUMNS.items()
    }
    rows = [
        (
            r.indicator_code,
            r.period,
            r.county,
            r.value,
            r.value_month,
            r.value_ytd,
            r.value_ytd_prior,
            r.growth_pct,
            r.unit,
            r.unit_reported,
            r.unit_factor,
            r.sheet,
            r.row_number,
            r.cell,
            r.note,
        )
        for r in obs.astype(object).where(obs.notna(), None).itertuples()
    ]
    assert rows == [
        (
            "coal_output",
            JUNE,
            "全市",
            7300.0,
            1200.0,
            7300.0,
            None,
            None,
            "万吨",
            "吨",
            0.0001,
            "数据",
            3,
            "G3",
            None,
        ),
        (
            "coal_output",
            JUNE,
            "威宁彝族回族苗族自治县",
            350.5,
            None,
            350.5,
            None,
            None,
            "万吨",
            "万吨",
            1.0,
            "数据",
            4,
            "G4",
            None,
        ),
        ("gdp_growth", JUNE, "全市", 6.4, None, 1000.0, 940.0, 6.4, "%", "亿元", None, "数据", 5, "I5", None),
        (
            "digital_economy_share",
            JUNE,
            "全市",
            35.5,
            None,
            None,
            None,
            None,
            "%",
            "%",
            1.0,
            "数据",
            6,
            "J6",
            "初步数",
        ),
    ]
    assert json.loads(obs.loc[0, "cells"]) == {
        "value_month": "F3",
        "value_ytd": "G3",
        "value_ytd_prior": "H3",
        "growth_pct": "I3",
        "value": "J3",
    }


def test_period_is_read_from_every_usual_spelling_or_the_file_hint(catalog: Catalog) -> None:
    """2024-06, 2024年6月, 2024.06, 202406, an Excel date cell and a blank cell (title hint) all mean June 2024."""
    spellings: list[Any] = [
        "2024-06",
        "2024年6月",
        "2024.06",
        202406,
        datetime(2024, 6, 30),
        None,
        "2024年1-6月",
    ]
    counties = ["七星关区", "大方县", "黔西市", "金沙县", "织金县", "纳雍县", "赫章县"]
    obs, failures = run(catalog, [coal(period=p, county=c) for p, c in zip(spellings, counties, strict=True)])
    assert failures == []
    assert [(r.period, r.county) for r in obs.itertuples()] == [(JUNE, c) for c in counties]


# --------------------------------------------------------------------------------------------
# One test per rule


def test_unknown_indicator_code_or_name_is_rejected(catalog: Catalog) -> None:
    """A code or a name that is not in the catalog is UNKNOWN_INDICATOR at the cell that names it."""
    obs, failures = run(
        catalog,
        [
            coal(),
            coal(indicator_code="coal_outptu", county="大方县"),
            coal(indicator_code=None, indicator_name="月球产量", county="金沙县"),
        ],
    )
    assert where(failures) == [("数据", "A4", Code.UNKNOWN_INDICATOR), ("数据", "B5", Code.UNKNOWN_INDICATOR)]
    assert [(f.value, f.indicator_code) for f in failures] == [("coal_outptu", None), ("月球产量", None)]
    assert loaded(obs) == [(3, "coal_output", "全市", 3500.0)]


def test_unit_of_another_dimension_is_rejected_naming_both_units(catalog: Catalog) -> None:
    """吨 converts to 万吨, 千瓦 does not: UNIT_MISMATCH whose message names both units."""
    obs, failures = run(
        catalog,
        [
            coal(unit="吨", value_ytd=35_000_000),
            coal(unit="千瓦", county="大方县"),
            coal(unit="箩筐", county="金沙县"),
        ],
    )
    assert where(failures) == [("数据", "C4", Code.UNIT_MISMATCH), ("数据", "C5", Code.UNIT_MISMATCH)]
    assert "“千瓦”" in failures[0].message_zh
    assert "“万吨”" in failures[0].message_zh
    assert failures[1].message_zh.startswith("无法识别计量单位“箩筐”")
    assert loaded(obs) == [(3, "coal_output", "全市", 3500.0)]


def test_period_outside_the_catalog_year_or_unreadable_is_rejected(catalog: Catalog) -> None:
    """2023-12 and 'abc' are PERIOD_INVALID; a blank period with no hint too."""
    obs, failures = run(
        catalog, [coal(), coal(period="2023-12", county="大方县"), coal(period="上个月", county="金沙县")]
    )
    assert where(failures) == [("数据", "D4", Code.PERIOD_INVALID), ("数据", "D5", Code.PERIOD_INVALID)]
    assert loaded(obs) == [(3, "coal_output", "全市", 3500.0)]
    no_hint = validate(
        read_of(sheet([coal(period=None)]), period_hint=None), catalog, as_of=AS_OF, file_name="x.xlsx"
    )
    assert where(no_hint[1]) == [("数据", "D3", Code.PERIOD_INVALID)]
    assert "未填写统计期" in no_hint[1][0].message_zh


def test_period_after_the_as_of_date_is_rejected(catalog: Catalog) -> None:
    """August data on 10 July is PERIOD_IN_FUTURE; July itself is accepted."""
    obs, failures = run(catalog, [coal(period="2024-07"), coal(period="2024-08", county="大方县")])
    assert where(failures) == [("数据", "D4", Code.PERIOD_IN_FUTURE)]
    assert loaded(obs) == [(3, "coal_output", "全市", 3500.0)]


def test_county_outside_bijie_is_rejected_and_short_forms_are_mapped(catalog: Catalog) -> None:
    """贵阳市 is COUNTY_UNKNOWN; 威宁县 and 百里杜鹃 map to their official names."""
    obs, failures = run(catalog, [coal(county="威宁县"), coal(county="贵阳市"), coal(county="百里杜鹃")])
    assert where(failures) == [("数据", "E4", Code.COUNTY_UNKNOWN)]
    assert failures[0].value == "贵阳市"
    assert loaded(obs) == [
        (3, "coal_output", "威宁彝族回族苗族自治县", 3500.0),
        (5, "coal_output", "百里杜鹃管理区", 3500.0),
    ]


def test_text_in_a_number_cell_is_rejected(catalog: Catalog) -> None:
    """'约3500' in 1-本月累计 is VALUE_IS_ESTIMATE and '见备注' in 本月 VALUE_NOT_NUMBER, at their own cells; missing markers are neither."""
    obs, failures = run(
        catalog,
        [
            coal(value_month="/"),
            coal(value_ytd="约3500", county="大方县"),
            coal(value_month="见备注", county="金沙县"),
        ],
    )
    assert where(failures) == [("数据", "G4", Code.VALUE_IS_ESTIMATE), ("数据", "F5", Code.VALUE_NOT_NUMBER)]
    assert [f.value for f in failures] == ["约3500", "见备注"]
    assert "不是确切的统计数" in failures[0].message_zh
    assert "请填写数字，不要填写文字" in failures[1].message_zh
    assert loaded(obs) == [(3, "coal_output", "全市", 3500.0)]


def test_count_that_is_not_whole_is_rejected(catalog: Catalog) -> None:
    """1200.5 5G 基站 is COUNT_NOT_WHOLE; 1200 is fine."""
    base = {"indicator_code": "new_5g_base_stations", "indicator_name": None, "unit": "个"}
    obs, failures = run(
        catalog, [coal(**base, value_ytd=1200), coal(**base, value_ytd=1200.5, county="大方县")]
    )
    assert where(failures) == [("数据", "G4", Code.COUNT_NOT_WHOLE)]
    assert loaded(obs) == [(3, "new_5g_base_stations", "全市", 1200.0)]


def test_negative_quantity_is_rejected(catalog: Catalog) -> None:
    """A negative 1-本月累计 or 本月 is VALUE_NEGATIVE; a negative growth rate is not."""
    growth = {"indicator_code": "gdp_growth", "unit": "%", "value_ytd": None, "growth_pct": -3.0}
    obs, failures = run(
        catalog, [coal(value_ytd=-5), coal(value_month=-1, county="大方县"), coal(**growth, county="金沙县")]
    )
    assert where(failures) == [("数据", "G3", Code.VALUE_NEGATIVE), ("数据", "F4", Code.VALUE_NEGATIVE)]
    assert loaded(obs) == [(5, "gdp_growth", "金沙县", -3.0)]


def test_growth_outside_minus_100_to_500_is_rejected(catalog: Catalog) -> None:
    """A growth of 650 (a ratio typed as percent points) is GROWTH_OUT_OF_RANGE."""
    growth = {"indicator_code": "gdp_growth", "unit": "%", "value_ytd": None}
    obs, failures = run(
        catalog,
        [
            coal(**growth, growth_pct=6.1),
            coal(**growth, growth_pct=650, county="大方县"),
            coal(**growth, growth_pct=-101, county="金沙县"),
        ],
    )
    assert where(failures) == [
        ("数据", "I4", Code.GROWTH_OUT_OF_RANGE),
        ("数据", "I5", Code.GROWTH_OUT_OF_RANGE),
    ]
    assert loaded(obs) == [(3, "gdp_growth", "全市", 6.1)]


def test_share_outside_0_to_100_is_rejected(catalog: Catalog) -> None:
    """A share of 135 is SHARE_OUT_OF_RANGE at the 本期值 cell."""
    share = {"indicator_code": "digital_economy_share", "unit": "%", "value_ytd": None}
    obs, failures = run(catalog, [coal(**share, value=35.5), coal(**share, value=135, county="大方县")])
    assert where(failures) == [("数据", "J4", Code.SHARE_OUT_OF_RANGE)]
    assert loaded(obs) == [(3, "digital_economy_share", "全市", 35.5)]


def test_value_column_the_kind_needs_must_be_filled(catalog: Catalog) -> None:
    """A cumulative target without 1-本月累计 and a growth target without 累计同比增长 are VALUE_MISSING."""
    obs, failures = run(
        catalog,
        [
            coal(),
            coal(value_ytd=None, value_month=600, county="大方县"),
            coal(indicator_code="gdp_growth", unit="%", value_ytd=1000, county="金沙县"),
        ],
    )
    assert where(failures) == [("数据", "G4", Code.VALUE_MISSING), ("数据", "I5", Code.VALUE_MISSING)]
    assert loaded(obs) == [(3, "coal_output", "全市", 3500.0)]
    assert failures[0].message_zh == (
        "“1-本月累计”未填写，而该指标按“1-本月累计”考核；请在本行的“1-本月累计”列填写数值后重新报送"
    )


def test_no_message_ends_on_a_dangling_instruction(catalog: Catalog) -> None:
    """No rule's message ends with a bare “请填写”/“请” or a dangling separator: each says what to do in a full sentence."""
    import re

    _obs, failures = run(
        catalog,
        [
            coal(value_ytd=None, value_month=600, county="大方县"),
            coal(indicator_code="gdp_growth", unit="%", value_ytd=1000, county="金沙县"),
            coal(indicator_code=None, indicator_name=None, county="七星关区"),
            coal(county="火星县"),
            coal(value_ytd="很多"),
            coal(value_ytd=-5, county="纳雍县"),
        ],
    )
    assert len(failures) >= 5
    for failure in failures:
        text = failure.message_zh.strip()
        assert not re.search(r"(请|请填写|请填报|请检查|请核对|请修改|[；：，、])$", text), text


def test_value_missing_when_the_column_is_absent(catalog: Catalog) -> None:
    """A sheet without a 1-本月累计 column rejects a cumulative row with no cell, saying the column is missing."""
    columns = {f: c for f, c in TEMPLATE.items() if f != "value_ytd"}
    obs, failures = run(catalog, [coal(value_month=600)], columns=columns)
    assert where(failures) == [("数据", None, Code.VALUE_MISSING)]
    assert failures[0].message_zh.startswith("文件中没有“1-本月累计”列")
    assert obs.empty


def test_duplicate_rows_reject_the_later_ones_and_name_the_first(catalog: Catalog) -> None:
    """The second (煤炭产量, 2024-06, 全市) row, spelt differently and saying the same, is DUPLICATE_ROW pointing at row 3."""
    obs, failures = run(
        catalog,
        [
            coal(),
            coal(county="大方县"),
            coal(indicator_code=None, indicator_name="原煤产量", county="毕节市"),
        ],
    )
    assert where(failures) == [("数据", "B5", Code.DUPLICATE_ROW)]
    assert "与第3行重复" in failures[0].message_zh
    assert loaded(obs) == [(3, "coal_output", "全市", 3500.0), (4, "coal_output", "大方县", 3500.0)]


def test_duplicate_rows_giving_different_figures_are_both_refused(catalog: Catalog) -> None:
    """A duplicate with another 累计 (3600 against 3500): which is right cannot be told — neither loads,
    each message names the other row and both figures."""
    obs, failures = run(
        catalog,
        [
            coal(),
            coal(county="大方县"),
            coal(indicator_code=None, indicator_name="原煤产量", county="毕节市", value_ytd=3600),
        ],
    )
    assert sorted(where(failures)) == [("数据", "A3", Code.DUPLICATE_ROW), ("数据", "B5", Code.DUPLICATE_ROW)]
    first, later = sorted(failures, key=lambda f: f.row_number or 0)
    assert "与第5行重复" in first.message_zh
    assert "1-本月累计分别为3500和3600" in first.message_zh
    assert "与第3行重复" in later.message_zh
    assert "两行均未入库" in later.message_zh
    assert loaded(obs) == [(4, "coal_output", "大方县", 3500.0)]


def test_ytd_not_equal_to_the_sum_of_months_is_a_warning(catalog: Catalog) -> None:
    """With January–May 本月 in history, a June 累计 off the sum by more than 0.5 % is YTD_SUM_MISMATCH and still loads."""
    history = pd.DataFrame(
        {
            "indicator_code": ["coal_output"] * 10,
            "county": ["全市"] * 5 + ["大方县"] * 5,
            "period": [date(2024, m, 1) for m in range(1, 6)] * 2,
            "value_ytd": [1500.0 * m for m in range(1, 6)] + [600.0 * m for m in range(1, 6)],
            "value_month": [1500.0] * 5 + [600.0] * 5,
        }
    )
    # 5 × 1500 + 1500 = 9000: exact for 全市; 5 × 600 + 600 = 3600, so 3700 for 大方县 is 2.7 % off;
    # 3610 (0.28 %) is within tolerance. (The counties sum to less than the city: no guard_county_sum.)
    obs, failures = run(
        catalog,
        [
            coal(value_month=1500, value_ytd=9000),
            coal(value_month=600, value_ytd=3700, county="大方县"),
            coal(value_month=600, value_ytd=3610, county="金沙县"),
        ],
        history=history,
    )
    assert where(failures) == [("数据", "G4", Code.YTD_SUM_MISMATCH)]
    assert failures[0].severity is Severity.WARNING
    assert loaded(obs) == [
        (3, "coal_output", "全市", 9000.0),
        (4, "coal_output", "大方县", 3700.0),
        (5, "coal_output", "金沙县", 3610.0),
    ]


def test_ytd_sum_uses_all_months_of_the_same_file(catalog: Catalog) -> None:
    """January and February in one file: February's 累计 must equal the two 本月 values."""
    obs, failures = run(
        catalog,
        [
            coal(period="2024-01", value_month=600, value_ytd=600),
            coal(period="2024-02", value_month=500, value_ytd=1200),
        ],
    )
    assert where(failures) == [("数据", "G4", Code.YTD_SUM_MISMATCH)]
    assert "1100" in failures[0].message_zh
    assert loaded(obs) == [(3, "coal_output", "全市", 600.0), (4, "coal_output", "全市", 1200.0)]


def test_growth_inconsistent_with_ytd_and_prior_is_a_warning(catalog: Catalog) -> None:
    """累计 1000 vs 上年同期 940 implies 6.38 %: 6.5 is within 0.2 pp, 7.0 is GROWTH_INCONSISTENT (kept)."""
    growth = {"indicator_code": "gdp_growth", "unit": "亿元", "value_ytd": 1000, "value_ytd_prior": 940}
    obs, failures = run(
        catalog, [coal(**growth, growth_pct=6.5), coal(**growth, growth_pct=7.0, county="大方县")]
    )
    assert where(failures) == [("数据", "I4", Code.GROWTH_INCONSISTENT)]
    assert failures[0].severity is Severity.WARNING
    assert "6.38%" in failures[0].message_zh
    assert loaded(obs) == [(3, "gdp_growth", "全市", 6.5), (4, "gdp_growth", "大方县", 7.0)]


def test_ytd_below_the_previous_month_is_rejected(catalog: Catalog) -> None:
    """June 累计 below May's (history, in 万吨) or below the same file's May row is YTD_DECREASED."""
    history = pd.DataFrame(
        {
            "indicator_code": ["coal_output"],
            "county": ["全市"],
            "period": [date(2024, 5, 1)],
            "value_ytd": [3000.0],
        }
    )
    rows = [
        coal(unit="吨", value_ytd=29_000_000),  # 2900 万吨 < 3000 in history
        coal(period="2024-05", county="大方县", value_ytd=500),
        coal(county="大方县", value_ytd=450),  # below row 4
        coal(county="金沙县", value_ytd=3100),  # no history for 金沙县
    ]
    obs, failures = run(catalog, rows, history=history)
    assert where(failures) == [("数据", "G3", Code.YTD_DECREASED), ("数据", "G5", Code.YTD_DECREASED)]
    assert "已入库数据" in failures[0].message_zh
    assert "本文件第4行" in failures[1].message_zh
    assert loaded(obs) == [(4, "coal_output", "大方县", 500.0), (6, "coal_output", "金沙县", 3100.0)]


def test_value_above_three_times_the_target_is_rejected_as_a_unit_error(catalog: Catalog) -> None:
    """73,000,000 with unit 万吨 (10 000 × the 7300 target) is VALUE_IMPLAUSIBLE, the likely 吨/万吨 slip."""
    obs, failures = run(catalog, [coal(value_ytd=7300), coal(value_ytd="73,000,000", county="大方县")])
    assert where(failures) == [("数据", "G4", Code.VALUE_IMPLAUSIBLE)]
    assert "可能是单位填错" in failures[0].message_zh
    assert failures[0].value == "73,000,000"
    assert loaded(obs) == [(3, "coal_output", "全市", 7300.0)]


# --------------------------------------------------------------------------------------------
# Reporting and batching


def test_every_failure_of_a_row_is_reported_at_once_with_location(catalog: Catalog) -> None:
    """A row with three problems yields three failures, each with file, 数据!cell and raw value."""
    obs, failures = run(catalog, [coal(unit="千瓦", county="贵阳", value_month="abc")])
    assert [(f.location, f.code, f.value, f.file, f.row_number, f.indicator_code) for f in failures] == [
        ("数据!C3", Code.UNIT_MISMATCH, "千瓦", "能源局/2024年6月.xlsx", 3, "coal_output"),
        ("数据!E3", Code.COUNTY_UNKNOWN, "贵阳", "能源局/2024年6月.xlsx", 3, "coal_output"),
        ("数据!F3", Code.VALUE_NOT_NUMBER, "abc", "能源局/2024年6月.xlsx", 3, "coal_output"),
    ]
    assert obs.empty


def test_reader_warnings_are_passed_on(catalog: Catalog) -> None:
    """A NOTE_IGNORED warning from the reader appears among the failures, with the file name."""
    note = Failure(
        Code.NOTE_IGNORED,
        "表格下方的说明行已忽略",
        file="",
        sheet="数据",
        cell="A9",
        row_number=9,
        value="注：初步数",
        severity=Severity.WARNING,
    )
    obs, failures = validate(
        read_of(sheet([coal()], warnings=[note])), catalog, as_of=AS_OF, file_name="能源局/a.xlsx"
    )
    assert [(f.code, f.file, f.location) for f in failures] == [
        (Code.NOTE_IGNORED, "能源局/a.xlsx", "数据!A9")
    ]
    assert loaded(obs) == [(3, "coal_output", "全市", 3500.0)]


def test_batch_gives_the_same_results_as_one_file_at_a_time(catalog: Catalog) -> None:
    """validate_batch over three files equals validate on each; files do not see each other's rows."""
    reads = [
        (read_of(sheet([coal(), coal(county="火星")])), "a.xlsx"),
        (read_of(sheet([coal()], name="Sheet1")), "b.xlsx"),  # same key as a.xlsx: not a duplicate
        (read_of(sheet([coal(value_ytd="x")])), "c.xlsx"),
    ]
    batch = validate_batch(reads, catalog, as_of=AS_OF)
    single = [validate(r, catalog, as_of=AS_OF, file_name=n) for r, n in reads]
    for (b_obs, b_fail), (s_obs, s_fail) in zip(batch, single, strict=True):
        pd.testing.assert_frame_equal(b_obs, s_obs)
        assert b_fail == s_fail
    assert [[(f.file, f.location, f.code) for f in fails] for _, fails in batch] == [
        [("a.xlsx", "数据!E4", Code.COUNTY_UNKNOWN)],
        [],
        [("c.xlsx", "数据!G3", Code.VALUE_NOT_NUMBER)],
    ]
    assert [len(obs) for obs, _ in batch] == [1, 1, 0]


def test_schema_is_generated_from_the_catalog(catalog: Catalog) -> None:
    """The indicator check lists exactly the catalog's codes and every check is named by a failure code."""
    schema = build_schema(catalog, AS_OF)
    isin = schema.columns["indicator_code"].checks[0]
    assert isin.name == Code.UNKNOWN_INDICATOR.value
    assert set(isin.statistics["allowed_values"]) == {t.code for t in catalog}
    assert {c.name for c in schema.checks} <= {c.value for c in Code}
