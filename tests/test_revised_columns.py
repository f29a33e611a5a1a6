"""A revised figure beside the figure it revises (1-6月累计 | 1-6月累计（调整后）, 本月 | 本月（修订）, a group
调整后 › 累计 | 同比增长, or a 1-6月累计（修订后） row of a transposed table) is the department's current figure:
it loads and the unrevised one is not read (column_ignored saying what replaced it). A revised column alone
is that measure; a revision word naming no measure among several, or 调整数 (the adjusted figure, or the
adjustment?), refuses the table rather than loading the unrevised figure.

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

TITLE = "毕节市2024年1-6月能源生产情况"


def _read(tmp_path: Path, settings: Settings, catalog: Catalog, rows: list[list[Any]]) -> Any:
    path = write_openpyxl(tmp_path / "inbox" / "能源局" / "2024年1-6月能源.xlsx", [[TITLE], *rows])
    return ingest_file(
        path, catalog=catalog, settings=settings, as_of=date(2024, 7, 10), inbox=tmp_path / "inbox"
    )


def _coal(sub: Any) -> dict[str, float]:
    [row] = [r for r in sub.observations.to_dict("records") if r["indicator_code"] == "coal_output"]
    return {
        f: round(float(row[f]), 6)
        for f in ("value_month", "value_ytd", "value_ytd_prior", "growth_pct")
        if row.get(f) is not None and row[f] == row[f]
    }


@pytest.mark.parametrize(
    "revised",
    [
        "1-6月累计（调整后）",
        "1-6月累计（修订后）",
        "1-6月累计（更正后）",
        "修订后1-6月累计",
        "1-6月累计(修订)",
        "调整后",
    ],
)
def test_a_revised_year_to_date_beside_the_first_is_read_instead(
    tmp_path: Path, settings: Settings, catalog: Catalog, revised: str
) -> None:
    """煤炭产量 | 万吨 | 3550.2 | 3560.0: 3560.0 loads, the 1-6月累计 column is column_ignored saying why."""
    sub = _read(
        tmp_path, settings, catalog,
        [["指标名称", "计量单位", "1-6月累计", revised], ["煤炭产量", "万吨", 3550.2, 3560.0]],
    )  # fmt: skip
    assert _coal(sub) == {"value_ytd": 3560.0}
    [ignored] = [f for f in sub.failures if f.code == "column_ignored"]
    assert ignored.cell == "C2"
    assert "调整" in ignored.message_zh
    assert revised in ignored.message_zh


def test_a_revised_month_beside_the_first_replaces_only_the_month(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """本月 | 本月（修订） | 1-6月累计: the month is 615.0, the year to date stays 3550.2."""
    sub = _read(
        tmp_path, settings, catalog,
        [["指标名称", "计量单位", "本月", "本月（修订）", "1-6月累计"], ["煤炭产量", "万吨", 612.4, 615.0, 3550.2]],
    )  # fmt: skip
    assert _coal(sub) == {"value_month": 615.0, "value_ytd": 3550.2}


def test_a_revised_group_replaces_each_of_its_measures(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """1-6月累计 › 累计 | 同比增长 beside 调整后 › 累计 | 同比增长: the revised pair loads (3560.0, 8.9)."""
    sub = _read(
        tmp_path, settings, catalog,
        [
            ["指标名称", "计量单位", "1-6月累计", "", "调整后", ""],
            ["", "", "累计", "同比增长(%)", "累计", "同比增长(%)"],
            ["煤炭产量", "万吨", 3550.2, 8.6, 3560.0, 8.9],
        ],
    )  # fmt: skip
    assert _coal(sub) == {"value_ytd": 3560.0, "growth_pct": 8.9}


def test_a_revised_column_alone_is_its_measure(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """本月（快报） | 1-6月累计（调整后）, nothing beside them: 612.4 this month, 3560.0 to date (was: both
    columns not understood and the row refused)."""
    sub = _read(
        tmp_path, settings, catalog,
        [["指标名称", "计量单位", "本月（快报）", "1-6月累计（调整后）"], ["煤炭产量", "万吨", 612.4, 3560.0]],
    )  # fmt: skip
    assert _coal(sub) == {"value_month": 612.4, "value_ytd": 3560.0}
    assert not [f for f in sub.failures if f.severity == "error"]


@pytest.mark.parametrize(
    "header",
    [
        ["指标名称", "计量单位", "1-6月累计", "调整数"],  # the adjusted figure, or the adjustment itself?
        ["指标名称", "计量单位", "本月", "1-6月累计", "调整后"],  # which of the two was revised?
    ],
)
def test_a_revision_that_cannot_be_placed_refuses_the_table(
    tmp_path: Path, settings: Settings, catalog: Catalog, header: list[str]
) -> None:
    """Never the unrevised 3550.2 loaded without a word: layout_ambiguous naming the column."""
    figures = [612.4, 3550.2, 3560.0] if len(header) == 5 else [3550.2, 9.8]
    sub = _read(tmp_path, settings, catalog, [header, ["煤炭产量", "万吨", *figures]])
    assert sub.observations.empty
    [refused] = [f for f in sub.failures if f.code == "layout_ambiguous"]
    assert header[-1] in refused.message_zh
    assert "调整" in refused.message_zh


def test_an_empty_adjustment_column_changes_nothing(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """1-6月累计 | 调整数 with the 调整数 cells blank: nothing was adjusted, 3550.2 loads."""
    sub = _read(
        tmp_path, settings, catalog,
        [["指标名称", "计量单位", "1-6月累计", "调整数"], ["煤炭产量", "万吨", 3550.2, None]],
    )  # fmt: skip
    assert _coal(sub) == {"value_ytd": 3550.2}


def test_a_revised_row_of_a_transposed_table_is_read_instead(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """项目 | 煤炭产量（万吨） over rows 1-6月累计 and 1-6月累计（调整后）: 3560.0 (was: the second row a
    "duplicate" of the first, the unrevised figure loaded)."""
    sub = _read(
        tmp_path, settings, catalog,
        [["项目", "煤炭产量（万吨）", "发电量（亿千瓦时）"], ["1-6月累计", 3550.2, 268.4], ["1-6月累计（调整后）", 3560.0, 270.1]],
    )  # fmt: skip
    assert _coal(sub) == {"value_ytd": 3560.0}
    [ignored] = [f for f in sub.failures if f.code == "column_ignored"]
    assert ignored.cell == "A3"


def test_two_year_to_date_columns_with_different_figures_refuse_the_table(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """1-6月累计 | 累计 giving 3550.2 and 3560.0, neither marked revised: layout_ambiguous naming both (was: the
    second column dropped without a word)."""
    sub = _read(
        tmp_path, settings, catalog,
        [["指标名称", "计量单位", "1-6月累计", "累计"], ["煤炭产量", "万吨", 3550.2, 3560.0]],
    )  # fmt: skip
    assert sub.observations.empty
    [refused] = [f for f in sub.failures if f.code == "layout_ambiguous"]
    assert "1-6月累计" in refused.message_zh


def _wide(
    tmp_path: Path, settings: Settings, catalog: Catalog, rows: list[list[Any]], merges: list[str]
) -> Any:
    from spreadsheets import write_xlsx

    (tmp_path / "inbox" / "能源局").mkdir(parents=True, exist_ok=True)
    path = write_xlsx(tmp_path / "inbox" / "能源局" / "2024年1-6月能源.xlsx", {"能源": [[TITLE], *rows]}, merges={"能源": merges})  # fmt: skip
    return ingest_file(
        path, catalog=catalog, settings=settings, as_of=date(2024, 7, 10), inbox=tmp_path / "inbox"
    )


def test_two_year_to_date_columns_under_one_county_refuse_that_county_naming_both_cells(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """七星关区 › 1-6月累计 | 累计 giving 350.2 and 356.0: both refused (duplicate_row, each naming the other cell of
    its row); 大方县's two columns agree (200.0): read once. Never one of 七星关区's figures dropped without a word."""
    sub = _wide(
        tmp_path, settings, catalog,
        [["指标名称", "七星关区", None, "大方县", None], [None, "1-6月累计", "累计", "1-6月累计", "累计"],
         ["煤炭产量", 350.2, 356.0, 200.0, 200.0]],
        ["A2:A3", "B2:C2", "D2:E2"],
    )  # fmt: skip
    assert [(r["county"], r["value_ytd"]) for r in sub.observations.to_dict("records")] == [("大方县", 200.0)]
    refused = [f for f in sub.failures if f.code == "duplicate_row"]
    assert [f.cell for f in refused] == ["B4", "C4"]
    assert "与本行C4单元格是同一指标、统计期、区县的同一项" in refused[0].message_zh
    assert "无法确定哪一列正确" in refused[0].message_zh


def test_two_year_to_date_columns_beside_month_columns_are_both_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """1月 … 6月 | 1-6月累计 | 累计 with 3550.2 and 3560.0: June's figures refused naming both columns' cells; the
    earlier months load."""
    sub = _wide(
        tmp_path, settings, catalog,
        [["指标名称", "计量单位", "1月", "2月", "3月", "4月", "5月", "6月", "1-6月累计", "累计"],
         ["煤炭产量", "万吨", 500, 510, 520, 600, 700, 720.2, 3550.2, 3560.0]],
        [],
    )  # fmt: skip
    assert sorted(str(p)[:7] for p in sub.observations["period"]) == [f"2024-0{m}" for m in range(1, 6)]
    refused = [f for f in sub.failures if f.code == "duplicate_row"]
    assert [f.cell for f in refused] == ["I3", "J3"]
    assert "与本行J3单元格" in refused[0].message_zh
