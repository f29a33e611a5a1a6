"""Every message tells the truth: template, ingest, sql, demo-data, feedback times and run summaries."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from bijie_etl.cli import app
from bijie_etl.ingest.feedback import write_feedback
from bijie_etl.ingest.submission import Submission
from bijie_etl.months import parse_month
from bijie_etl.run import summary_markdown
from warehousing import build_demo

runner = CliRunner()


def test_template_refuses_a_csv_name_instead_of_writing_xlsx_under_it(tmp_path: Path) -> None:
    """`template -o x.csv` writes nothing and says in Chinese that a template is an .xlsx file."""
    result = runner.invoke(app, ["template", "能源局", "--period", "2024-06", "-o", str(tmp_path / "x.csv")])
    assert result.exit_code == 1
    assert ".xlsx" in result.stderr
    assert "模板只能保存为" in result.stderr
    assert not (tmp_path / "x.csv").exists()


def test_template_period_outside_the_catalog_year_is_refused_in_chinese(tmp_path: Path) -> None:
    """`--period 2023-06` against the 2024 catalog is refused with a Chinese line naming the year; no file is written."""
    result = runner.invoke(app, ["template", "能源局", "--period", "2023-06", "-o", str(tmp_path / "t.xlsx")])
    assert result.exit_code == 1
    assert "2024年" in result.stderr
    assert not (tmp_path / "t.xlsx").exists()


def test_template_accepts_a_chinese_month(tmp_path: Path) -> None:
    """`--period 2024年6月` writes the template with 2024-06 as the 统计期 of its rows."""
    path = tmp_path / "t.xlsx"
    result = runner.invoke(app, ["template", "能源局", "--period", "2024年6月", "-o", str(path)])
    assert result.exit_code == 0, result.stderr
    sheet = openpyxl.load_workbook(path).worksheets[0]
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert any(v.startswith("2024-06") for v in values)


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("2024-06", "2024-06-01"),
        ("2024年6月", "2024-06-01"),
        ("2024年06月", "2024-06-01"),
        ("2024/6", "2024-06-01"),
    ],
)
def test_month_spellings(text: str, month: str) -> None:
    """A month typed as 2024-06, 2024年6月, 2024年06月 or 2024/6 is the first of June 2024."""
    assert parse_month(text).isoformat() == month


def test_a_bad_month_is_refused_in_chinese() -> None:
    """`2024年13月` is not a month: the error is Chinese first, English second."""
    with pytest.raises(ValueError, match="月份格式应为"):
        parse_month("2024年13月")


def test_ingest_on_an_empty_inbox_says_there_is_nothing(tmp_path: Path) -> None:
    """An inbox with no files prints that nothing was loaded instead of an empty table."""
    inbox = tmp_path / "inbox"
    (inbox / "能源局").mkdir(parents=True)
    result = runner.invoke(app, ["--warehouse", str(tmp_path / "wh"), "--inbox", str(inbox), "ingest"])
    assert result.exit_code == 0, result.stderr
    assert "没有待处理的文件" in result.output
    assert "文件处理结果" not in result.output


def test_ingest_on_a_missing_inbox_fails_with_its_path(tmp_path: Path) -> None:
    """An inbox that does not exist is an error naming the path, exit code 1."""
    missing = tmp_path / "no-such-inbox"
    result = runner.invoke(app, ["--warehouse", str(tmp_path / "wh"), "--inbox", str(missing), "ingest"])
    assert result.exit_code == 1
    assert "收件目录" in result.stderr
    assert str(missing) in result.stderr.replace("\n", "")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A published demo-like warehouse folder."""
    folder = tmp_path_factory.mktemp("sqlwh")
    with build_demo(folder / "bijie.duckdb") as wh:
        wh.publish(folder / "analytics.duckdb")
    return folder


def test_sql_piped_output_is_never_cut(warehouse: Path) -> None:
    """A 300-character value and a dozen columns reach a pipe whole, on one line each, not cut at 80 columns."""
    long = "长" * 150 + "x" * 150
    columns = ", ".join(f"'{i}' AS column_{i}" for i in range(12))
    result = runner.invoke(
        app, ["--warehouse", str(warehouse), "sql", f"SELECT '{long}' AS long_text, {columns}"]
    )
    assert result.exit_code == 0, result.stderr
    assert long in result.output
    assert "column_11" in result.output
    assert "…" not in result.output


def test_sql_runs_every_statement(warehouse: Path) -> None:
    """Two statements print two results, each with its own row count."""
    result = runner.invoke(
        app,
        ["--warehouse", str(warehouse), "sql", "SELECT 41 + 1 AS answer; SELECT count(*) AS runs FROM runs"],
    )
    assert result.exit_code == 0, result.stderr
    assert "answer" in result.output
    assert "42" in result.output
    assert "runs" in result.output
    assert result.output.count("1 行 rows") == 2
    csv_result = runner.invoke(
        app, ["--warehouse", str(warehouse), "sql", "SELECT 1 AS a; SELECT 2 AS b", "--csv"]
    )
    assert csv_result.output == "a\n1\n\nb\n2\n"


def test_demo_data_writes_its_manifest_inside_the_folder_and_counts_every_file(tmp_path: Path) -> None:
    """`demo-data -o DIR` puts the inbox and demo_manifest.json in DIR, and the count it prints is the files on disk."""
    out = tmp_path / "demo"
    result = runner.invoke(app, ["demo-data", "--as-of", "2024-03-15", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    manifest = json.loads((out / "demo_manifest.json").read_text(encoding="utf-8"))
    on_disk = [p for p in (out / "inbox").rglob("*") if p.is_file()]
    assert not (tmp_path / "demo_manifest.json").exists()
    assert f"已生成 {len(on_disk)} 个文件" in result.output
    assert len(on_disk) == len(manifest["files"]) + 1  # the spreadsheets and the corrupt file
    assert manifest["corrupt_file"]


def test_feedback_report_shows_the_receipt_time_in_beijing_time(tmp_path: Path) -> None:
    """A file received at 02:30 UTC is shown as received at 10:30 Beijing time in the HTML report."""
    sub = Submission(
        path=Path("/inbox/能源局/x.xlsx"),
        file_name="能源局/x.xlsx",
        sha256="0" * 64,
        size_bytes=10,
        received_at=datetime(2024, 7, 5, 2, 30, tzinfo=UTC),
        department="energy",
        observations=pd.DataFrame({"indicator_code": ["coal_output"]}),
        rows_read=1,
    )
    _xlsx, html = write_feedback(sub, tmp_path)
    text = html.read_text(encoding="utf-8")
    assert "2024-07-05 10:30" in text
    assert "北京时间" in text


def test_run_summary_ends_with_totals() -> None:
    """The run summary's status table ends with a 合计 row and the summary's last line gives the totals."""
    summary = {
        "as_of": "2024-11-15",
        "files_seen": 3,
        "files_loaded": 1,
        "files_partial": 1,
        "files_rejected": 1,
        "files_unchanged": 0,
        "rows_loaded": 10,
        "rows_rejected": 2,
        "warnings": 1,
        "status_counts": {"on_track": 5, "no_data": 2},
        "behind": [],
        "mail": {"raised": 2, "composed": 1, "summary_zh": "x", "errors": []},
    }
    text = summary_markdown(summary)
    assert "| 合计 | 7 |" in text
    last = text.strip().splitlines()[-1]
    assert last.startswith("**合计**")
    assert "收到文件 3 个" in last
    assert "评估目标 7 项" in last
