"""The `bijie-etl` command line: documented, helpful, and one clear line on error."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import click
import pytest
import typer.main
from typer.testing import CliRunner

from bijie_etl.catalog.listing import CSV_COLUMNS
from bijie_etl.cli import app
from bijie_etl.settings import PROJECT_ROOT

runner = CliRunner()
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_required_subcommands_exist() -> None:
    """The CLI offers every subcommand the issue lists."""
    assert set(COMMANDS) >= {
        "demo-data",
        "template",
        "ingest",
        "assess",
        "alert",
        "run",
        "report",
        "sql",
        "export",
        "targets",
    }


@pytest.mark.parametrize("name", COMMANDS)
def test_every_subcommand_is_documented_in_the_readme(name: str) -> None:
    """Each subcommand appears in the README's command table as `bijie-etl NAME`."""
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"`bijie-etl {re.escape(name)}[ `]", readme), (
        f"bijie-etl {name} is not documented in README.md"
    )


@pytest.mark.parametrize("name", COMMANDS)
def test_every_subcommand_has_help(name: str) -> None:
    """`bijie-etl NAME --help` exits 0 and shows a usage line."""
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert f"bijie-etl {name}" in click.unstyle(result.output)


def test_error_is_one_line_without_traceback(tmp_path: Path) -> None:
    """An unknown department gives exit code 1 and a single Chinese error line, no traceback."""
    result = runner.invoke(app, ["targets", "--department", "不存在的局"])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("错误 error:")
    assert "未知部门" in lines[0]
    assert "Traceback" not in result.output + result.stderr


def test_debug_shows_the_traceback() -> None:
    """With --debug the same error also prints the traceback."""
    result = runner.invoke(app, ["--debug", "targets", "--department", "不存在的局"])
    assert result.exit_code == 1
    assert "Traceback" in result.stderr


def test_sql_before_publishing_exits_4(tmp_path: Path) -> None:
    """Querying before any run has published the analytics database exits with code 4 and says why."""
    result = runner.invoke(app, ["--warehouse", str(tmp_path), "sql", "SELECT 1"])
    assert result.exit_code == 4
    assert "分析库尚未发布" in result.stderr


def test_targets_csv_has_the_documented_columns() -> None:
    """`targets --format csv` prints the documented header and one row per catalog target."""
    from bijie_etl.catalog import load_catalog_from_settings
    from bijie_etl.settings import load_settings

    result = runner.invoke(app, ["targets", "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == CSV_COLUMNS  # the contract's columns, spelled out in test_catalog
    assert len(rows) - 1 == len(load_catalog_from_settings(load_settings()))


def test_python_dash_m_runs_the_command() -> None:
    """`python -m bijie_etl targets --format csv` is the same command as `bijie-etl`."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "bijie_etl", "targets", "--format", "csv"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("code,name_zh,")


def test_config_export_gives_a_folder_that_overrides_the_packaged_configuration(tmp_path: Path) -> None:
    """`config export` copies schemas/sources/sql/reference; an edit there shows through --config; a second export refuses to overwrite."""
    config = tmp_path / "config"
    exported = runner.invoke(app, ["config", "export", str(config)])
    assert exported.exit_code == 0, exported.output
    assert sorted(p.name for p in config.iterdir()) == ["reference", "schemas", "sources", "sql"]
    assert not list((config / "sql").rglob("*.duckdb"))
    catalog = config / "schemas" / "targets_2024.yaml"
    text = catalog.read_text(encoding="utf-8")
    assert "name_zh: 地区生产总值增速\n" in text
    catalog.write_text(
        text.replace("name_zh: 地区生产总值增速\n", "name_zh: 地区生产总值增速（本地副本）\n", 1),
        encoding="utf-8",
    )

    listed = runner.invoke(app, ["--config", str(config), "targets", "--format", "csv"])
    assert listed.exit_code == 0, listed.output
    assert "地区生产总值增速（本地副本）" in listed.output
    shown = runner.invoke(app, ["--config", str(config), "config", "show"])
    assert str(config / "schemas") in shown.output

    again = runner.invoke(app, ["config", "export", str(config)])
    assert again.exit_code != 0
    assert "已存在" in again.output


def test_a_missing_config_folder_is_one_clear_line(tmp_path: Path) -> None:
    """--config naming a folder that does not exist: one Chinese line naming it and the setting, no traceback."""
    result = runner.invoke(app, ["--config", str(tmp_path / "nowhere"), "targets"])
    assert result.exit_code != 0
    assert "配置目录不存在" in result.output
    assert "BIJIE_CONFIG_DIR" in result.output
    assert "Traceback" not in result.output
    assert "pydantic" not in result.output


def test_a_long_line_stays_one_line_when_the_output_is_a_log(capsys: pytest.CaptureFixture[str]) -> None:
    """Printed into a log or a pipe (cron, make demo, a Prefect worker), a line longer than 80 columns is not broken mid-word."""
    from bijie_etl.text import console

    message = "已读取 市统计局_2024年10月主要经济指标.xlsx：" + "规模以上工业增加值增速、" * 12
    console().print(message, highlight=False)
    console(stderr=True).print(message, highlight=False)
    printed = capsys.readouterr()
    assert printed.out == message + "\n"
    assert printed.err == message + "\n"
