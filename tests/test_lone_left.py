"""A figure of its own in a column saying nothing of its measure (本期 beside 累计 in an export) is never
dropped without a word: when its target is read from the 累计 column, each such figure gets a note."""

from __future__ import annotations

from pathlib import Path

import pytest

from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.errors import Code
from bijie_etl.ingest.reading import read_file
from bijie_etl.settings import Settings, load_settings
from spreadsheets import write_xlsx

EXPORT = ["统计年月", "区县名称", "指标", "本期", "累计"]


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def catalog(settings: Settings) -> Catalog:
    return load_catalog_from_settings(settings)


def notes(path: Path, settings: Settings) -> list[tuple[str | None, str]]:
    read = read_file(path, settings)
    return [
        (f.cell, f.message_zh)
        for s in read.sheets
        for f in s.warnings
        if f.code is Code.COLUMN_IGNORED and "本行指标读取" in f.message_zh
    ]


def test_a_month_figure_under_a_bare_benqi_beside_leiji_is_not_dropped_without_a_word(
    tmp_path: Path, settings: Settings
) -> None:
    """统计年月 | 区县名称 | 指标 | 本期 | 累计 (an export): 煤炭产量 is read from 累计; each 本期 figure, which
    differs from it, is noted on its cell (it was dropped silently)."""
    rows = [EXPORT, ["202406", "七星关区", "煤炭产量（万吨）", 105.5, 530.2],
            ["202406", "大方县", "煤炭产量（万吨）", 85.1, 440.4]]  # fmt: skip
    found = notes(write_xlsx(tmp_path / "export.xlsx", {"Sheet1": rows}), settings)
    assert [cell for cell, _ in found] == ["D2", "D3"]
    assert "105.5 未读取" in found[0][1]
    assert "“累计”列" in found[0][1]


def test_the_same_figure_typed_twice_or_a_dash_says_nothing(tmp_path: Path, settings: Settings) -> None:
    """本期 equal to 累计 (also typed as text), or a dash for no figure: nothing dropped, no note."""
    rows = [EXPORT, ["202406", "七星关区", "煤炭产量（万吨）", "530.2", 530.2],
            ["202406", "大方县", "煤炭产量（万吨）", "—", 440.4]]  # fmt: skip
    assert notes(write_xlsx(tmp_path / "export.xlsx", {"Sheet1": rows}), settings) == []
