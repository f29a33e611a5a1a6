"""Feedback reports: the xlsx and HTML a department gets back, and their safety against hostile cell text."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.errors import Code, Failure, Severity
from bijie_etl.ingest.feedback import COLUMNS, neutralise_cell, write_feedback
from bijie_etl.ingest.reading import FileRead, SheetRows
from bijie_etl.ingest.submission import Submission
from bijie_etl.settings import load_settings
from bijie_etl.validate.rules import validate

FORMULA = '=HYPERLINK("http://evil.example/x","点击")'
SCRIPT = "<script>alert('x')</script>"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog_from_settings(load_settings())


def submission(failures: list[Failure], *, rows_read: int = 3, loaded: int = 1) -> Submission:
    obs = pd.DataFrame({"indicator_code": ["coal_output"] * loaded})
    return Submission(
        path=Path("/inbox/能源局/2024年6月.xlsx"),
        file_name="能源局/2024年6月.xlsx",
        sha256="ab12cd34" + "0" * 56,
        size_bytes=1000,
        received_at=datetime(2024, 7, 5, 9, 30),
        department="energy",
        observations=obs,
        failures=failures,
        rows_read=rows_read,
    )


def sheet_rows(path: Path) -> list[tuple[str | None, ...]]:
    workbook = openpyxl.load_workbook(path)
    return [tuple(row) for row in workbook["问题清单"].iter_rows(values_only=True)]


def test_report_lists_summary_and_every_problem(tmp_path: Path, catalog: Catalog) -> None:
    """The xlsx has the file summary, then one row per failure with location, indicator, code, message, value and advice."""
    failures = [
        Failure(
            Code.UNIT_MISMATCH,
            "计量单位“千瓦”与目标单位“万吨”量纲不同",
            file="能源局/2024年6月.xlsx",
            sheet="数据",
            cell="C4",
            row_number=4,
            value="千瓦",
            indicator_code="coal_output",
        ),
        Failure(
            Code.YTD_SUM_MISMATCH,
            "累计与各月之和不一致",
            file="能源局/2024年6月.xlsx",
            sheet="数据",
            cell="G3",
            row_number=3,
            value="3700",
            indicator_code="coal_output",
            severity=Severity.WARNING,
        ),
        Failure(
            Code.COUNTY_UNKNOWN,
            "区县“贵阳”不是毕节市的区县",
            file="能源局/2024年6月.xlsx",
            sheet="数据",
            cell="E5",
            row_number=5,
            value="贵阳",
            indicator_code=None,
        ),
    ]
    xlsx, page = write_feedback(submission(failures), tmp_path, catalog=catalog)
    assert (xlsx.name, page.name) == (
        "能源局_2024年6月.xlsx_ab12cd34_反馈.xlsx",
        "能源局_2024年6月.xlsx_ab12cd34_反馈.html",
    )
    rows = sheet_rows(xlsx)
    assert rows[1:9] == [
        ("文件", "能源局/2024年6月.xlsx", None, None, None, None, None),
        ("报送部门", "市能源局", None, None, None, None, None),
        ("接收时间（北京时间）", "2024-07-05 09:30", None, None, None, None, None),
        ("处理结果", "部分入库，有问题的行已退回", None, None, None, None, None),
        ("读取行数", "3", None, None, None, None, None),
        ("入库行数", "1", None, None, None, None, None),
        ("退回行数", "2", None, None, None, None, None),
        ("问题", "错误 2 个（对应行未入库），提示 1 个（已入库，请核对）", None, None, None, None, None),
    ]
    assert rows[10:] == [
        COLUMNS,
        (
            "1",
            "数据!C4",
            "煤炭产量（coal_output）",
            "unit_mismatch",
            "计量单位“千瓦”与目标单位“万吨”量纲不同",
            "千瓦",
            "按目标单位（或同量纲单位）填写计量单位和数值",
        ),
        (
            "2",
            "数据!E5",
            None,
            "county_unknown",
            "区县“贵阳”不是毕节市的区县",
            "贵阳",
            "从下拉列表选择区县，全市合计填“全市”",
        ),
        (
            "3",
            "数据!G3",
            "煤炭产量（coal_output）",
            "ytd_sum_mismatch",
            "累计与各月之和不一致",
            "3700",
            "已入库；请核对累计数与各月数，有误请重新报送",
        ),
    ]
    text = page.read_text(encoding="utf-8")
    assert "<td>数据!C4</td><td>煤炭产量（coal_output）</td><td>unit_mismatch</td>" in text
    assert '<tr class="warning"><td>3</td><td>数据!G3</td>' in text
    assert "<dt>报送部门</dt><dd>市能源局</dd>" in text


def test_hostile_values_never_become_formulas_or_markup(tmp_path: Path) -> None:
    """=HYPERLINK(...) and @SUM are quoted in the xlsx, -5 stays as is, and <script> is escaped in the HTML."""
    failures = [
        Failure(
            Code.VALUE_NOT_NUMBER,
            f"应为数字，现填写的是“{FORMULA}”",
            file="a.xlsx",
            sheet="数据",
            cell="G3",
            row_number=3,
            value=FORMULA,
        ),
        Failure(
            Code.COUNTY_UNKNOWN,
            SCRIPT,
            file="a.xlsx",
            sheet=SCRIPT,
            cell="E4",
            row_number=4,
            value="@SUM(A1:A9)",
        ),
        Failure(
            Code.VALUE_NEGATIVE,
            "不能为负数",
            file="a.xlsx",
            sheet="数据",
            cell="G5",
            row_number=5,
            value="-5",
        ),
    ]
    sub = submission(failures)
    sub.file_name = "=cmd|' /C calc'!A0.xlsx"
    xlsx, page = write_feedback(sub, tmp_path)
    workbook = openpyxl.load_workbook(xlsx)
    cells = [c for row in workbook["问题清单"].iter_rows() for c in row if c.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    values = [c.value for c in cells]
    assert "'" + FORMULA in values
    assert "'@SUM(A1:A9)" in values
    assert "-5" in values
    assert "'=cmd|' /C calc'!A0.xlsx" in values
    assert not [v for v in values if isinstance(v, str) and v.startswith(("=", "@", "+"))]
    text = page.read_text(encoding="utf-8")
    assert "<script>" not in text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;!E4" in text  # the sheet name in 位置


def test_neutralise_cell_quotes_only_what_could_start_a_formula() -> None:
    """Formula starters (= + - @ tab CR and full-width ＝) get a quote; numbers and ordinary text do not."""
    cases = ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "＝1", "-5", "+3.5", "煤炭产量", "2024-06"]
    assert [neutralise_cell(c) for c in cases] == [
        "'=1+1",
        "'+cmd",
        "'-2+3",
        "'@SUM(A1)",
        "'\t=1",
        "'\r=1",
        "'＝1",
        "-5",
        "+3.5",
        "煤炭产量",
        "2024-06",
    ]


def test_validation_failures_flow_into_the_report(tmp_path: Path, catalog: Catalog) -> None:
    """A validated file's failures appear in the report at 数据!cell with the raw value, errors before the reader's warnings."""
    columns = {"indicator_code": "A", "unit": "B", "period": "C", "county": "D", "value_ytd": "E"}
    rows = pd.DataFrame(
        {
            "row": [3, 4],
            "indicator_code": ["coal_output", "coal_output"],
            "unit": ["万吨", "万吨"],
            "period": ["2024-06", "2024-06"],
            "county": ["全市", "大方县"],
            "value_ytd": [3500.0, "见备注"],
        },
        dtype=object,
    )
    note = Failure(
        Code.NOTE_IGNORED,
        "说明行已忽略",
        file="",
        sheet="数据",
        cell="A6",
        row_number=6,
        value="注：初步数",
        severity=Severity.WARNING,
    )
    read = FileRead(
        Path("x.xlsx"), [SheetRows("数据", 2, columns, rows, [note])], None, date(2024, 6, 1), None
    )
    obs, failures = validate(read, catalog, as_of=date(2024, 7, 10), file_name="能源局/x.xlsx")
    sub = submission(failures, rows_read=2, loaded=0)
    sub.observations = obs
    xlsx, _ = write_feedback(sub, tmp_path, catalog=catalog)
    table = sheet_rows(xlsx)[11:]
    assert [(r[1], r[3], r[5]) for r in table] == [
        ("数据!E4", "value_not_number", "见备注"),
        ("数据!A6", "note_ignored", "注：初步数"),
    ]
    assert sheet_rows(xlsx)[6][1] == "1"
    assert sheet_rows(xlsx)[7][1] == "1"
