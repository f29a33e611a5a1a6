"""Growth figures and what a refusal keeps (session 9): a refused growth cell is counted as a cell, not
as a rejected row, and never erases a good growth an earlier file gave for the same month."""

from __future__ import annotations

from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.cli import app
from bijie_etl.errors import Failure
from bijie_etl.settings import Settings, load_settings
from readout import check, figures
from spreadsheets import write_xlsx

runner = CliRunner()
TITLE = ["毕节市2024年1-6月能源生产情况"]
HEADER = ["指标名称", "计量单位", "本月", "1-6月累计", "上年同期累计", "同比增长（%）"]


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def catalog(settings: Settings) -> Catalog:
    return load_catalog_from_settings(settings)


def problems(failures: list[Failure]) -> list[tuple[str | None, str]]:
    return [(f.cell, f.code.value) for f in failures]


def _ingest(tmp_path: Path) -> str:
    args = ["--warehouse", str(tmp_path / "warehouse"), "--inbox", str(tmp_path / "inbox"), "ingest"]
    result = runner.invoke(app, [*args, "--as-of", "2024-07-10"])
    assert result.exit_code == 0, result.output + result.stderr
    return result.output


def _db(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(tmp_path / "warehouse" / "analytics.duckdb"), read_only=True)


def _summary(report: Path) -> dict[str, str]:
    """The feedback report's summary block (its first sheet's label | value rows)."""
    rows = openpyxl.load_workbook(report).worksheets[0].iter_rows(values_only=True)
    return {str(r[0]): str(r[1]) for r in rows if r[0]}


# --------------------------------------------------------------------------------------------
# 1. 退回 N 行 counts rows not loaded; refused growth cells are counted apart


def test_a_refused_growth_cell_is_not_counted_as_a_rejected_row(tmp_path: Path) -> None:
    """A file with one row refused (unknown indicator) and one row whose growth ▲8.6 alone was refused
    says 退回 1 行 and 增速未入库 1 个, in the run's output, the submission log and the feedback report."""
    rows = [TITLE, HEADER,
            ["煤炭产量", "万吨", 612.4, 3550.2, 3268.5, 8.62],
            ["电煤供应量", "万吨", 331.6, 1958.3, 1840.0, "▲6.4"],
            ["某某不存在的指标", "万吨", 1.0, 2.0, None, None]]  # fmt: skip
    (tmp_path / "inbox" / "能源局").mkdir(parents=True)
    write_xlsx(tmp_path / "inbox" / "能源局" / "2024年6月能源.xlsx", {"能源": rows})

    output = _ingest(tmp_path)

    assert "入库 2 行，退回 1 行，增速未入库 1 个（所在行已入库）" in output.replace("\n", "")
    with _db(tmp_path) as con:
        log = con.execute("SELECT rows_loaded, rows_rejected FROM v_submission_log").fetchall()
    assert log == [(2, 1)]
    [report] = (tmp_path / "warehouse").rglob("*_反馈.xlsx")
    summary = _summary(report)
    assert summary["退回行数"] == "1"
    assert summary["增速未入库"] == "1 个单元格（所在行的其他数值已入库）"
    assert summary["问题"].startswith("错误 2 个（其中 1 个仅增速未入库、所在行已入库，其余对应行未入库）")


def test_a_file_whose_only_error_is_a_growth_cell_rejects_no_row(tmp_path: Path) -> None:
    """When the only error is a growth cell refused alone, every row loads: 退回 0 行, and the feedback
    says the data loaded with one growth missing (not 有问题的行已退回)."""
    rows = [TITLE, HEADER, ["电煤供应量", "万吨", 331.6, 1958.3, 1840.0, "增长"]]
    (tmp_path / "inbox" / "能源局").mkdir(parents=True)
    write_xlsx(tmp_path / "inbox" / "能源局" / "2024年6月能源.xlsx", {"能源": rows})

    _ingest(tmp_path)

    with _db(tmp_path) as con:
        log = con.execute("SELECT rows_loaded, rows_rejected FROM v_submission_log").fetchall()
    assert log == [(1, 0)]
    [report] = (tmp_path / "warehouse").rglob("*_反馈.xlsx")
    summary = _summary(report)
    assert summary["处理结果"] == "数据已入库，个别增速未入库"
    assert summary["退回行数"] == "0"


# --------------------------------------------------------------------------------------------
# 2. A refused growth cell never erases the good growth an earlier file gave for the same figures


def _energy(path: Path, coal_growth: object, supply_ytd: float, supply_growth: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [TITLE, HEADER,
            ["煤炭产量", "万吨", 612.4, 3550.2, 3268.5, coal_growth],
            ["电煤供应量", "万吨", 331.6, supply_ytd, 1840.0, supply_growth]]  # fmt: skip
    return write_xlsx(path, {"能源": rows})


def _current(tmp_path: Path) -> list[tuple[object, ...]]:
    with _db(tmp_path) as con:
        return con.execute(
            "SELECT indicator_code, value_ytd, growth_pct, source_file FROM observations "
            "WHERE superseded_at IS NULL ORDER BY indicator_code"
        ).fetchall()


def _messages(tmp_path: Path) -> dict[str, str]:
    with _db(tmp_path) as con:
        return dict(con.execute("SELECT cell, message_zh FROM failures WHERE file LIKE '%更正%'").fetchall())


def test_a_later_file_whose_growth_is_refused_keeps_the_earlier_growth(tmp_path: Path) -> None:
    """June's file gives 煤炭产量 8.62 %; a later June file repeats every figure but types ▲8.62: the
    warehouse keeps 8.62 (the later row only confirms the earlier one) and the refused cell's message
    says the earlier growth was kept."""
    inbox = tmp_path / "inbox" / "能源局"
    _energy(inbox / "2024年6月能源.xlsx", 8.62, 1958.3, 6.4)
    _ingest(tmp_path)
    _energy(inbox / "2024年6月能源_更正.xlsx", "▲8.62", 1958.3, 6.4)
    _ingest(tmp_path)

    assert _current(tmp_path) == [
        ("coal_output", 3550.2, 8.62, "能源局/2024年6月能源.xlsx"),
        ("thermal_coal_supply", 1958.3, 6.4, "能源局/2024年6月能源.xlsx"),
    ]
    message = _messages(tmp_path)["F3"]
    assert message.endswith(
        "（仅此增速未入库，本行其他数值已入库）此前文件“能源局/2024年6月能源.xlsx”报送的同一统计期增速8.62%保留不变"
        "（本行其他数值与该文件相同）。"
    )


def test_a_revision_whose_growth_is_refused_does_not_take_the_old_growth(tmp_path: Path) -> None:
    """Two June files in one run: the second revises 电煤供应量's 1-6月累计 (1958.3 → 1960) and types 增长 as
    its growth. The old 6.4 % belonged to other figures: the revised row loads without growth, and the
    message says the earlier growth was not carried over and why."""
    inbox = tmp_path / "inbox" / "能源局"
    _energy(inbox / "2024年6月能源.xlsx", 8.62, 1958.3, 6.4)
    _energy(inbox / "2024年6月能源_更正.xlsx", 8.62, 1960.0, "增长")
    _ingest(tmp_path)

    assert _current(tmp_path) == [
        ("coal_output", 3550.2, 8.62, "能源局/2024年6月能源.xlsx"),
        ("thermal_coal_supply", 1960.0, None, "能源局/2024年6月能源_更正.xlsx"),
    ]
    assert _messages(tmp_path)["F4"].endswith(
        "此前文件“能源局/2024年6月能源.xlsx”报送的增速6.4%对应的数值与本次不同（1-本月累计1958.3→1960），"
        "未沿用，本统计期暂无增速；请补报增速。"
    )


# --------------------------------------------------------------------------------------------
# 3. Growth rows of a county table whose indicator column is filled down


def test_a_growth_row_in_the_county_column_joins_the_county_above(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """指标名称 | 地区 | 本月 | 累计 with the indicator written once and 增长（%） typed in the county column
    under each county: that county's growth (累计), the 本月 figure a 提示 — not an unknown county nor a
    duplicate row."""
    rows = [["毕节市2024年1-6月分县主要指标"], ["指标名称", "地区", "本月", "累计"],
            ["规模以上工业增加值", "七星关区", 9.8, 57.1], [None, "增长（%）", 3.1, 5.7],
            [None, "大方县", 12.0, 69.8], [None, "其中：增速", -2.0, 7.4]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "c.xlsx", {"分县": rows}), settings, catalog)
    assert figures(obs) == [
        ("industrial_value_added_growth", "七星关区", 9.8, 57.1, 5.7),
        ("industrial_value_added_growth", "大方县", 12.0, 69.8, 7.4),
    ]
    assert problems(failures) == [("C4", "column_ignored"), ("C6", "column_ignored")]
    assert failures[1].message_zh.startswith("第6行“其中：增速”在“本月”列的数（-2）是本月的增速")


# --------------------------------------------------------------------------------------------
# 4. A 其中：增速 row under a row whose growth column is filled


def test_a_growth_row_repeating_the_growth_column_is_read_once(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """其中：同比增长 8.6 under 煤炭产量 whose 同比增长 column says 8.6: the same growth written twice, read
    once, with a 提示 on the row's cell (not unknown_indicator)."""
    rows = [TITLE, ["指标名称", "计量单位", "本月", "1-6月累计", "同比增长（%）"],
            ["煤炭产量", "万吨", 612.4, 3550.2, 8.62], ["其中：同比增长", "%", None, 8.62, None]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "g.xlsx", {"能源": rows}), settings, catalog)
    assert figures(obs) == [("coal_output", "全市", 612.4, 3550.2, 8.62)]
    assert problems(failures) == [("D4", "column_ignored")]
    assert (
        failures[0].message_zh
        == "第4行“其中：同比增长”的数（8.62）与第3行增速列的8.62是同一增速，未重复读取。"
    )


def test_a_growth_row_contradicting_the_growth_column_refuses_both(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """发电量's column says 5.1 and the 其中：增速 row under it 5.3: which is right cannot be told, so
    neither loads (growth_twice_different on the column's cell); 本月 and 累计 load. For a growth target
    (规模以上工业增加值, measured by its growth) the row goes without its measure and is refused."""
    rows = [TITLE, ["指标名称", "计量单位", "本月", "1-6月累计", "同比增长（%）"],
            ["发电量", "亿千瓦时", 41.2, 268.4, 5.1], ["其中：增速", "%", None, 5.3, None],
            ["规模以上工业增加值", "亿元", 52.1, 312.4, 7.2], ["其中：增速", "%", None, 7.5, None]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "g.xlsx", {"能源": rows}), settings, catalog)
    assert figures(obs) == [("power_generation", "全市", 41.2, 268.4, None)]
    assert problems(failures) == [
        ("E3", "growth_twice_different"), ("E5", "growth_twice_different"), ("E5", "value_missing"),
    ]  # fmt: skip
    assert failures[0].message_zh == (
        "第3行增速列的5.1与第4行“其中：增速”的5.3不一致，无法确定哪个正确，两者都未入库；请核对后只在一处填写增速"
        "（仅此增速未入库，本行其他数值已入库）"
    )
    assert failures[1].message_zh.endswith("（该指标按增速考核，本行未入库）")


# --------------------------------------------------------------------------------------------
# 5. Growth beside the month alone is the month's own growth


def test_a_growth_column_beside_the_month_alone_is_not_the_year_to_dates(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """June's 本月 | 同比增长（%） with no 累计: the growth is June's against last June, not the 1-6月 growth
    a growth target is measured by: the column is not read (a 提示 saying why) and the growth target's row
    is refused for want of its growth, never loaded with the month's growth."""
    rows = [["毕节市2024年6月主要经济指标"], ["指标名称", "计量单位", "本月", "同比增长（%）"],
            ["规模以上工业增加值", "亿元", 52.1, 6.1]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"6月": rows}), settings, catalog)
    assert figures(obs) == []
    assert problems(failures) == [("D2", "column_ignored"), (None, "value_missing")]
    assert "此列增速是本月的增速，不是考核用的1-本月累计增速" in failures[0].message_zh


def test_in_january_the_growth_beside_the_month_is_the_year_to_dates(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """In January the month is the year to date: 本月 | 同比增长 gives the growth target its growth."""
    rows = [["毕节市2024年1月主要经济指标"], ["指标名称", "计量单位", "本月", "同比增长（%）"],
            ["规模以上工业增加值", "亿元", 50.3, 6.8]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"1月": rows}), settings, catalog)
    assert figures(obs) == [("industrial_value_added_growth", "全市", 50.3, None, 6.8)]
    assert failures == []


def test_a_growth_row_under_the_month_alone_says_why_it_is_not_read(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A 增速 row under 煤炭产量 in a table with 本月 only: the month's own growth, not read, and the 提示 says
    the table has no 累计 to give the year to date's growth."""
    rows = [["毕节市2024年6月能源生产情况"], ["指标名称", "计量单位", "本月"],
            ["煤炭产量", "万吨", 612.4], ["增速", "%", 8.6]]  # fmt: skip
    _obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"能源": rows}), settings, catalog)
    assert problems(failures)[0] == ("C4", "column_ignored")
    assert failures[0].message_zh == (
        "第4行“增速”在“本月”列的数（8.6）是本月的增速，考核只用累计增速，未读取："
        "本表没有累计列，本月增速（比上年同月）不能代替1-本月累计增速。"
    )


# --------------------------------------------------------------------------------------------
# 6. A comparison header that does not say % is a growth only when its figures can be


def test_a_bare_tongbi_column_holding_changes_is_not_read_as_growth(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A last column headed 同比 (or 比上年同期, or 增减（±）) with no % holding 281.7 beside 3550.2 万吨 is the
    change in 万吨, not 281.7 %: no growth of the column loads (growth_ambiguous_change), the levels do;
    the same header over plausible percentages reads them as growths."""
    for head in ("同比", "比上年同期", "增减（±）"):
        rows = [TITLE, ["指标名称", "计量单位", "本月", "1-6月累计", head],
                ["煤炭产量", "万吨", 612.4, 3550.2, 281.7], ["电煤供应量", "万吨", 331.6, 1958.3, 6.4]]  # fmt: skip
        obs, failures = check(write_xlsx(tmp_path / "b.xlsx", {"能源": rows}), settings, catalog)
        assert figures(obs) == [
            ("coal_output", "全市", 612.4, 3550.2, None),
            ("thermal_coal_supply", "全市", 331.6, 1958.3, None),
        ], head
        assert problems(failures) == [("E3", "growth_ambiguous_change"), ("E4", "growth_ambiguous_change")]
        rows[2][4] = 8.62
        obs, failures = check(write_xlsx(tmp_path / "b.xlsx", {"能源": rows}), settings, catalog)
        assert [f[4] for f in figures(obs)] == [8.62, 6.4], head
        assert failures == []


def test_a_bare_change_row_is_percentage_points_under_a_rate_and_checked_under_a_level(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A row 增减 (no %) under 常住人口城镇化率 55.1 % is its change in percentage points: a 提示, never a
    1.2 % growth; under 地区生产总值 1123.4 亿元 its 281.7 is the change in 亿元 and the growth target's row
    is refused (growth_ambiguous_change), never a 281.7 % growth."""
    rows = [TITLE, ["指标名称", "计量单位", "1-6月"],
            ["常住人口城镇化率", "%", 55.1], ["增减", None, 1.2],
            ["地区生产总值", "亿元", 1123.4], ["增减", None, 281.7]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "r.xlsx", {"主要": rows}), settings, catalog)
    assert [(o.indicator_code, float(o.value), o.growth_pct) for o in obs.itertuples()] == [
        ("urbanization_rate", 55.1, pd.NA)
    ]
    assert problems(failures) == [("C4", "column_ignored"), ("C6", "growth_ambiguous_change")]
    assert failures[0].message_zh == "第4行“增减”的数（1.2）是上一行比率增减的百分点，不是增速（%），未读取。"


def test_two_disagreeing_growths_in_a_later_file_keep_the_earlier_growth(tmp_path: Path) -> None:
    """A later June file repeats 发电量's figures but gives 5.1 in its growth column and 5.3 in a 其中：增速
    row under it: neither is read (growth_twice_different), and the 5.1 the earlier file gave for the
    same figures stays, as for any growth cell refused alone."""
    inbox = tmp_path / "inbox" / "能源局"
    inbox.mkdir(parents=True)
    first = [TITLE, HEADER, ["发电量", "亿千瓦时", 41.2, 268.4, 255.3, 5.1]]
    later = [*first, ["其中：增速", "%", None, 5.3, None, None]]
    write_xlsx(inbox / "2024年6月能源.xlsx", {"能源": first})
    _ingest(tmp_path)
    write_xlsx(inbox / "2024年6月能源_更正.xlsx", {"能源": later})
    _ingest(tmp_path)

    assert _current(tmp_path) == [("power_generation", 268.4, 5.1, "能源局/2024年6月能源.xlsx")]
    assert _messages(tmp_path)["F3"].endswith(
        "报送的同一统计期增速5.1%保留不变（本行其他数值与该文件相同）。"
    )


def test_a_growth_beside_the_month_alone_under_each_county_is_the_months_own(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Counties across, 七星关区 › 本月 | 同比增长（%） in June: each county's growth beside its month alone is
    June's own growth, not read; the growth target's rows are refused for want of the 1-6月 growth."""
    rows = [["毕节市2024年6月各县规模以上工业增加值"], ["指标名称", "七星关区", None, "大方县", None],
            [None, "本月", "同比增长（%）", "本月", "同比增长（%）"], ["规模以上工业增加值", 9.8, 3.1, 12.0, -2.0]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "w.xlsx", {"当月": rows}), settings, catalog)
    assert figures(obs) == []
    assert problems(failures)[:2] == [("C3", "column_ignored"), ("E3", "column_ignored")]
