"""A section row (a name, no figures) saying a word that narrows figures to a part — 一、火电, （一）规模以上,
（二）国有重点煤矿 (sources/headers.yaml ``scope_words``) — scopes the rows under it: a row naming the whole target
is refused (unknown_indicator quoting the section), never loaded as the city's figure. A topic (一、煤炭), the
whole (（二）全市) or a county ends the scope; a row whose own name carries the word is read.

The catalog and unit registry are the real ones; the files are written by openpyxl and read through ``ingest_file``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bijie_etl.catalog import Catalog
from bijie_etl.run import ingest_file
from bijie_etl.settings import Settings
from spreadsheets import write_openpyxl

HEADER = ["指标名称", "计量单位", "本月", "1-6月累计"]


def _read(
    tmp_path: Path, settings: Settings, catalog: Catalog, rows: list[list[Any]], dept: str = "能源局"
) -> Any:
    path = write_openpyxl(
        tmp_path / "inbox" / dept / "2024年1-6月.xlsx", [["毕节市2024年1-6月能源生产情况"], HEADER, *rows]
    )
    return ingest_file(
        path, catalog=catalog, settings=settings, as_of=date(2024, 7, 10), inbox=tmp_path / "inbox"
    )


def _loaded(sub: Any) -> dict[tuple[str, str], float]:
    return {
        (r["indicator_code"], r["county"]): round(float(r["value_ytd"]), 6)
        for r in sub.observations.to_dict("records")
    }


@pytest.mark.parametrize(
    "section",
    [
        "一、火电",
        "（一）规模以上",
        "二、水电",
        "（二）国有重点煤矿",
        "限额以上",
        "1．农村",
        "其中：火电",
        "全市规模以上工业",
    ],
)
def test_a_narrowing_section_refuses_the_whole_target_under_it(
    tmp_path: Path, settings: Settings, catalog: Catalog, section: str
) -> None:
    """发电量 | 亿千瓦时 | 30.1 | 170.2 under the section: refused on its name, the section quoted."""
    sub = _read(tmp_path, settings, catalog, [[section], ["发电量", "亿千瓦时", 30.1, 170.2]])
    assert sub.observations.empty
    [refused] = [f for f in sub.failures if f.code == "unknown_indicator"]
    assert refused.cell == "A4"
    assert section in refused.message_zh


@pytest.mark.parametrize(
    "section",
    ["一、能源生产", "一、全市", "合计", "（一）全市合计", "二、农业农村", "（二）推进农业农村现代化"],
)
def test_a_topic_or_the_whole_narrows_nothing(
    tmp_path: Path, settings: Settings, catalog: Catalog, section: str
) -> None:
    sub = _read(tmp_path, settings, catalog, [[section], ["发电量", "亿千瓦时", 46.2, 268.4]])
    assert _loaded(sub) == {("power_generation", "全市"): 268.4}


def test_the_scope_ends_at_the_next_section(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """一、火电 › 发电量 (refused), 二、煤炭 › 煤炭产量 (read), 三、七星关区 › 发电量 (that county's)."""
    sub = _read(
        tmp_path, settings, catalog,
        [
            ["一、火电"], ["发电量", "亿千瓦时", 30.1, 170.2],
            ["二、煤炭"], ["煤炭产量", "万吨", 612.4, 3550.2],
        ],
    )  # fmt: skip
    assert _loaded(sub) == {("coal_output", "全市"): 3550.2}
    sub = _read(
        tmp_path, settings, catalog,
        [["一、火电"], ["发电量", "亿千瓦时", 30.1, 170.2], ["二、七星关区"], ["发电量", "亿千瓦时", 6.2, 38.4]],
    )  # fmt: skip
    assert _loaded(sub) == {("power_generation", "七星关区"): 38.4}


def test_a_row_carrying_the_sections_word_is_read(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """（一）规模以上工业 over 规模以上工业增加值: a target of that scope by its own name."""
    path = write_openpyxl(
        tmp_path / "inbox" / "统计局" / "2024年1-6月工业.xlsx",
        [
            ["毕节市2024年1-6月工业主要指标"],
            ["指标名称", "计量单位", "1-6月累计", "同比增长(%)"],
            ["（一）规模以上工业"],
            ["规模以上工业增加值", "亿元", 300.2, 7.5],
        ],
    )
    sub = ingest_file(
        path, catalog=catalog, settings=settings, as_of=date(2024, 7, 10), inbox=tmp_path / "inbox"
    )
    [row] = sub.observations.to_dict("records")
    assert round(float(row["growth_pct"]), 6) == 7.5


def test_one_figure_twice_differently_refuses_both(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """发电量 under 一、全市 and again under 二、全市 with another figure: which is right cannot be told."""
    sub = _read(
        tmp_path, settings, catalog,
        [["一、全市"], ["发电量", "亿千瓦时", 46.2, 268.4], ["二、全市"], ["发电量", "亿千瓦时", 50.0, 270.0]],
    )  # fmt: skip
    assert sub.observations.empty
    assert {f.code for f in sub.failures if f.severity == "error"} == {"duplicate_row"}
