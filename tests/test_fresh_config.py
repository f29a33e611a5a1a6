"""A process that reads file after file (the desk, a kept flow server) reads an edited headers.yaml or
catalog from the next file on, not yesterday's words (bijie_etl.ingest.fresh_config)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bijie_etl.ingest import fresh_config
from bijie_etl.ingest.discover import read_submission
from bijie_etl.ingest.headers import load_header_spec
from bijie_etl.settings import Settings, export_config


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    export_config(tmp_path / "config")
    return Settings(config_dir=tmp_path / "config", warehouse_dir=tmp_path / "warehouse", inbox_dir=tmp_path)


@pytest.fixture
def checked_every_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files checked before every read (the desk checks at most once a second: a test reads faster)."""
    monkeypatch.setattr(fresh_config, "EVERY", 0.0)


def _columns(path: Path, settings: Settings) -> tuple[list[str], list[str]]:
    sub, read = read_submission(path, settings=settings, inbox=path.parent)
    assert read is not None, sub.error
    sheet = read.sheets[0]
    return list(sheet.rows.columns), [f.message_zh for f in sheet.warnings]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.usefixtures("checked_every_read")
def test_a_header_word_added_to_headers_yaml_is_read_by_the_next_file(
    settings: Settings, tmp_path: Path
) -> None:
    report = tmp_path / "能源局.csv"
    report.write_text("指标名称,计量单位,本月数,本年完成量\n原煤产量,万吨,620,3100\n", encoding="utf-8")
    columns, notes = _columns(report, settings)
    assert "value_ytd" not in columns
    assert any("本年完成量" in n and "无法识别" in n for n in notes)

    _edit(settings.sources_dir / "headers.yaml", "至本月, 止本月累计]", "至本月, 止本月累计, 本年完成量]")

    columns, notes = _columns(report, settings)
    assert "value_ytd" in columns
    assert not any("本年完成量" in n for n in notes)


@pytest.mark.usefixtures("checked_every_read")
def test_an_alias_added_to_the_catalog_is_read_by_the_next_file(settings: Settings, tmp_path: Path) -> None:
    """Indicators named as column headers are recognised by the catalog's names and aliases."""
    report = tmp_path / "能源局.csv"
    report.write_text("区县,统计期,原煤产出总量\n七星关区,2024年1-5月,100\n", encoding="utf-8")
    columns, _notes = _columns(report, settings)
    assert "indicator_name" not in columns

    _edit(
        settings.catalog_path,
        "aliases: [原煤产量, 煤炭生产量]",
        "aliases: [原煤产量, 煤炭生产量, 原煤产出总量]",
    )

    sub, read = read_submission(report, settings=settings, inbox=tmp_path)
    assert read is not None, sub.error
    rows = read.sheets[0].rows
    assert rows["indicator_name"].tolist() == ["原煤产出总量"]
    assert rows["value_ytd"].tolist() == ["100"]  # a csv cell, as typed


def test_the_files_are_checked_at_most_once_a_second(settings: Settings) -> None:
    headers = settings.sources_dir / "headers.yaml"
    assert fresh_config.keep_current(settings, now=lambda: 100.0) is False  # first sight: stamps kept
    spec = load_header_spec(headers)

    _edit(headers, "note: [备注, 备注说明]", "note: [备注, 备注说明, 附注]")
    assert fresh_config.keep_current(settings, now=lambda: 100.5) is False  # within the second: not checked
    assert load_header_spec(headers) is spec

    assert fresh_config.keep_current(settings, now=lambda: 101.5) is True
    assert load_header_spec(headers) is not spec
    assert "附注" in str(load_header_spec(headers).words)


def test_nothing_is_forgotten_while_the_files_are_unchanged(settings: Settings) -> None:
    headers = settings.sources_dir / "headers.yaml"
    fresh_config.keep_current(settings, now=lambda: 200.0)
    spec = load_header_spec(headers)
    assert fresh_config.keep_current(settings, now=lambda: 300.0) is False
    assert load_header_spec(headers) is spec
