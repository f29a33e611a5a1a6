"""A misconfigured run fails loudly: one Chinese line, a failed Prefect state, no assessment, no alert, no mail.

The same on a real Prefect server: tests/test_prefect_server.py (one server for all its tests).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bijie_etl.errors import Misconfigured
from bijie_etl.run import run_nightly
from bijie_etl.settings import Settings

AS_OF = date(2024, 11, 15)


def _settings(tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {"inbox_dir": tmp_path / "inbox", "warehouse_dir": tmp_path / "warehouse"}
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def test_a_missing_inbox_stops_the_run_before_anything_is_written(tmp_path: Path) -> None:
    """run_nightly with no inbox raises Misconfigured naming BIJIE_INBOX_DIR and leaves no warehouse behind."""
    with pytest.raises(Misconfigured, match="收件目录（BIJIE_INBOX_DIR）不存在") as info:
        run_nightly(_settings(tmp_path), AS_OF)
    assert str(tmp_path / "inbox") in info.value.message_zh
    assert "\n" not in info.value.message_zh
    assert not (tmp_path / "warehouse" / "bijie.duckdb").exists()


def test_a_missing_backfill_folder_stops_the_run(tmp_path: Path) -> None:
    """A backfill whose folder does not exist fails naming the path parameter instead of loading nothing."""
    (tmp_path / "inbox").mkdir()
    with pytest.raises(Misconfigured, match="回补目录"):
        run_nightly(_settings(tmp_path), AS_OF, inbox=tmp_path / "data" / "2024", notify=False)
    assert not (tmp_path / "warehouse" / "bijie.duckdb").exists()


def test_an_unwritable_warehouse_folder_stops_the_run(tmp_path: Path) -> None:
    """A warehouse folder that cannot be created (a file stands in its way) fails with 数据仓库目录不可写."""
    (tmp_path / "inbox").mkdir()
    (tmp_path / "blocker").write_text("not a folder", encoding="utf-8")
    with pytest.raises(Misconfigured, match="数据仓库目录不可写"):
        run_nightly(_settings(tmp_path, warehouse_dir=tmp_path / "blocker" / "warehouse"), AS_OF)


def test_a_catalog_that_does_not_load_stops_the_run(tmp_path: Path) -> None:
    """A catalog year with no catalog file fails with 目标目录无法加载 and no warehouse is created."""
    (tmp_path / "inbox").mkdir()
    with pytest.raises(Misconfigured, match="目标目录无法加载"):
        run_nightly(_settings(tmp_path, year=2031), AS_OF)
    assert not (tmp_path / "warehouse" / "bijie.duckdb").exists()


def test_bijie_etl_run_with_a_missing_inbox_fails_in_one_line_before_starting_prefect(tmp_path: Path) -> None:
    """`bijie-etl run` on a missing inbox exits 1 with the one Chinese line and starts no Prefect server (no traceback)."""
    from typer.testing import CliRunner

    from bijie_etl.cli import app

    result = CliRunner().invoke(
        app,
        [
            "--inbox",
            str(tmp_path / "nope"),
            "--warehouse",
            str(tmp_path / "wh"),
            "run",
            "--as-of",
            "2024-11-15",
        ],
    )
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "收件目录（BIJIE_INBOX_DIR）不存在" in lines[0]
    assert "Traceback" not in result.output
