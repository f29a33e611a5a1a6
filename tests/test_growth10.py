"""Growth figures and what a run tells about rows it did not load (session 10): a growth row under 本月
in January is the year to date's growth; a growth sheet beside the figures' sheet gives their growths;
a rate's 同比增长 is not stored as a growth; a table refused whole counts its rows as 退回."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

import readout
from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.cli import app
from bijie_etl.settings import Settings, load_settings
from readout import check
from spreadsheets import write_xlsx

runner = CliRunner()


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def catalog(settings: Settings) -> Catalog:
    return load_catalog_from_settings(settings)


def figures(obs: pd.DataFrame) -> list[tuple[Any, ...]]:
    """(indicator, county, period, 本月, 累计, 增速, 本期值) of every observation, sorted."""
    return sorted(readout.figures(obs, period=True, value=True), key=str)


problems = readout.codes


# --------------------------------------------------------------------------------------------
# 1. In January a growth row under 本月 is the year to date's growth


def test_in_january_a_growth_row_under_the_month_is_the_year_to_dates(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """January's 本月 is 1-1月: 增速 under 社会消费品零售总额 (and 网络零售额增速 under 网络零售额) give the
    growth targets their growths, with no 提示 that the month's own growth was set aside."""
    rows = [["毕节市2024年1月商贸运行情况"], ["指标名称", "计量单位", "本月"],
            ["社会消费品零售总额", "亿元", 88.6], ["增速", "%", 7.9],
            ["网络零售额", "亿元", 6.2], ["网络零售额增速", "%", 15.4]]  # fmt: skip
    obs, failures = check(
        write_xlsx(tmp_path / "m.xlsx", {"1月": rows}), settings, catalog, date(2024, 2, 10)
    )
    assert figures(obs) == [
        ("online_retail_growth", "全市", "2024-01", 6.2, None, 15.4, 15.4),
        ("retail_sales_growth", "全市", "2024-01", 88.6, None, 7.9, 7.9),
    ]
    assert failures == []


def test_in_june_a_growth_row_under_the_month_alone_is_still_not_read(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """The same table for June: the growth under 本月 is June's own against last June, not the 1-6月
    growth: not read (a 提示 on its cell), and the growth target's row is refused for want of it."""
    rows = [["毕节市2024年6月商贸运行情况"], ["指标名称", "计量单位", "本月"],
            ["社会消费品零售总额", "亿元", 95.1], ["增速", "%", 6.5]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"6月": rows}), settings, catalog)
    assert figures(obs) == []
    assert problems(failures) == [("6月", "C4", "column_ignored"), ("6月", None, "value_missing")]


# --------------------------------------------------------------------------------------------
# 2. A table refused whole counts its rows as 退回


def _ingest(tmp_path: Path) -> str:
    args = ["--warehouse", str(tmp_path / "warehouse"), "--inbox", str(tmp_path / "inbox"), "ingest"]
    result = runner.invoke(app, [*args, "--as-of", "2024-07-10"])
    assert result.exit_code == 0, result.output + result.stderr
    return result.output.replace("\n", "")


def _summary(report: Path) -> dict[str, str]:
    """The feedback report's summary block (its first sheet's label | value rows)."""
    rows = openpyxl.load_workbook(report).worksheets[0].iter_rows(values_only=True)
    return {str(r[0]): str(r[1]) for r in rows if r[0]}


JUNE = [["毕节市2024年1-6月能源生产情况"], ["指标名称", "计量单位", "本月", "1-6月累计"],
        ["煤炭产量", "万吨", 612.4, 3550.2], ["发电量", "亿千瓦时", 48.1, 290.5]]  # fmt: skip


def test_the_rows_of_a_table_refused_whole_are_counted_as_rejected(tmp_path: Path) -> None:
    """A workbook whose June sheet loads, whose sheet 5月 under a 1-6月 title (3 rows: which month?) and
    whose table with two 本月 columns (2 rows: which is this year's?) are refused whole: 退回 5 行, not 1,
    in the run's output, the submission log (which the desk page and the feedback email read), and the
    feedback report, whose 读取行数 counts them too."""
    may = [["毕节市2024年1-6月能源生产情况"], ["指标名称", "计量单位", "本月", "1-本月累计"],
           ["煤炭产量", "万吨", 590.0, 2937.8], ["发电量", "亿千瓦时", 44.1, 222.2],
           ["煤层气产量", "万立方米", 203.5, 1186.0], ["注：本表为快报数"]]  # fmt: skip
    twins = [["毕节市2024年1-6月电力生产情况"], ["指标名称", "计量单位", "本月", "本月"],
             ["发电量", "亿千瓦时", 48.1, 46.0], ["煤炭产量", "万吨", 612.4, 600.0]]  # fmt: skip
    (tmp_path / "inbox" / "能源局").mkdir(parents=True)
    write_xlsx(tmp_path / "inbox" / "能源局" / "2024年6月能源.xlsx", {"6月": JUNE, "5月": may, "电力": twins})

    output = _ingest(tmp_path)

    assert "入库 2 行，退回 5 行" in output
    with duckdb.connect(str(tmp_path / "warehouse" / "analytics.duckdb"), read_only=True) as con:
        log = con.execute(
            "SELECT rows_read, rows_loaded, rows_rejected, status FROM v_submission_log"
        ).fetchall()
        said = dict(
            con.execute("SELECT sheet, message_zh FROM failures WHERE code = 'layout_ambiguous'").fetchall()
        )
    assert log == [(7, 2, 5, "partial")]
    assert "本表3行未入库" in said["5月"]
    assert "本表2行未入库" in said["电力"]
    [report] = (tmp_path / "warehouse").rglob("*_反馈.xlsx")
    summary = _summary(report)
    assert (summary["读取行数"], summary["入库行数"], summary["退回行数"]) == ("7", "2", "5")


def test_a_file_whose_only_table_is_refused_whole_counts_its_rows(tmp_path: Path) -> None:
    """A one-table file refused for two 本月 columns is rejected whole: 退回 3 行 (its data rows), not 0."""
    twins = [["毕节市2024年1-6月能源生产情况"], ["指标名称", "计量单位", "本月", "本月"],
             ["煤炭产量", "万吨", 612.4, 600.0], ["一、电力", None, None, None],
             ["发电量", "亿千瓦时", 48.1, 46.0], ["煤层气产量", "万立方米", 203.5, 199.0]]  # fmt: skip
    (tmp_path / "inbox" / "能源局").mkdir(parents=True)
    write_xlsx(tmp_path / "inbox" / "能源局" / "2024年6月能源.xlsx", {"能源": twins})

    output = _ingest(tmp_path)

    assert "入库 0 行，退回 3 行" in output
    with duckdb.connect(str(tmp_path / "warehouse" / "analytics.duckdb"), read_only=True) as con:
        log = con.execute(
            "SELECT rows_read, rows_loaded, rows_rejected, status FROM v_submission_log"
        ).fetchall()
    assert log == [(3, 0, 3, "rejected")]


# --------------------------------------------------------------------------------------------
# 3. A rate's 同比增长 may be percentage points: stored only when 上年同期 shows it is percent


def test_a_growth_beside_a_rate_is_refused_alone_when_points_cannot_be_told_from_percent(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """常住人口城镇化率 55.2 % with 同比增长（%） 1.3 and no 上年同期: +1.3 points or +1.3 %? The rate loads,
    the growth does not, and the message says why (refused alone: the row is not rejected)."""
    rows = [["毕节市2024年1-6月城镇化情况"], ["指标名称", "计量单位", "1-6月", "同比增长（%）"],
            ["常住人口城镇化率", "%", 55.2, 1.3]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"数据": rows}), settings, catalog)
    assert figures(obs) == [("urbanization_rate", "全市", "2024-06", None, None, None, 55.2)]
    assert problems(failures) == [("数据", "D3", "growth_of_rate_unclear")]
    assert failures[0].refuses_growth_only
    assert failures[0].message_zh.startswith(
        "本行指标是比率（%），其同比增长“1.3”可能是比上年增减的百分点，也可能是比率本身增长的百分比，文件中无法区分"
    )


def test_last_years_rate_tells_a_percent_growth_from_points(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """With 上年同期: 96.3 against 93.2 with 3.3 is the percent growth (loaded); 95.4 against 92.9 with
    2.5 is their difference, points (refused, the message says so); a growth row 增速 under a rate is
    checked the same way."""
    rows = [["毕节市2024年1-6月生态环境质量情况"], ["指标名称", "计量单位", "1-6月", "上年同期", "同比增长（%）"],
            ["县级以上城市环境空气质量优良率", "%", 96.3, 93.2, 3.3],
            ["主要河流出境断面水质优良比例", "%", 95.4, 92.9, 2.5]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "m.xlsx", {"环境": rows}), settings, catalog)
    assert figures(obs) == [
        ("air_quality_good_rate_counties", "全市", "2024-06", None, None, 3.3, 96.3),
        ("river_exit_section_quality", "全市", "2024-06", None, None, None, 95.4),
    ]
    assert problems(failures) == [("环境", "E4", "growth_of_rate_unclear")]
    assert "等于本期95.4与上年同期92.9之差，是比上年增减的百分点，不是增速（%）" in failures[0].message_zh
    rows = [["毕节市2024年1-6月城镇化情况"], ["指标名称", "计量单位", "1-6月"],
            ["常住人口城镇化率", "%", 55.2], ["增速", "%", 1.3]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "r.xlsx", {"数据": rows}), settings, catalog)
    assert figures(obs) == [("urbanization_rate", "全市", "2024-06", None, None, None, 55.2)]
    assert problems(failures) == [("数据", "C4", "growth_of_rate_unclear")]


# --------------------------------------------------------------------------------------------
# 4. A sheet of growths beside the sheet of figures gives them their growths

FIGURES = [["毕节市2024年1-6月能源生产情况"], ["指标名称", "计量单位", "本月", "1-6月累计"],
           ["煤炭产量", "万吨", 612.4, 3550.2], ["发电量", "亿千瓦时", 48.1, 290.5]]  # fmt: skip


def test_a_growth_sheet_gives_the_figures_their_growths(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """An untitled sheet 增速 with the same indicators' 本月 | 1-6月累计 growths: the 1-6月累计 growths
    join the figures of the 1-6月 sheet (at its period), the 本月 column is the month's own growth (a 提示
    on its header), and nothing is refused as a duplicate."""
    growths = [["指标名称", "本月", "1-6月累计"], ["煤炭产量", 5.1, 8.6], ["发电量", 3.2, 4.4]]
    path = write_xlsx(tmp_path / "m.xlsx", {"1-6月": FIGURES, "增速": growths})
    obs, failures = check(path, settings, catalog)
    assert figures(obs) == [
        ("coal_output", "全市", "2024-06", 612.4, 3550.2, 8.6, 3550.2),
        ("power_generation", "全市", "2024-06", 48.1, 290.5, 4.4, 290.5),
    ]
    assert problems(failures) == [("增速", "B1", "column_ignored")]
    assert (
        failures[0].message_zh
        == "工作表“增速”是增速表，“本月”列（B列）是本月的增速，考核只用累计增速，未读取。"
    )


def test_a_growth_sheet_titled_for_another_month_is_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A sheet titled 毕节市2024年1-5月能源生产增速 beside June's figures: whose growths these are cannot
    be told; the growth sheet is refused whole (its 2 rows counted), June's figures load without growth."""
    growths = [
        ["毕节市2024年1-5月能源生产增速"],
        ["指标名称", "1-5月累计"],
        ["煤炭产量", 8.1],
        ["发电量", 4.0],
    ]
    path = write_xlsx(tmp_path / "m.xlsx", {"1-6月": FIGURES, "增速": growths})
    obs, failures = check(path, settings, catalog)
    assert figures(obs) == [
        ("coal_output", "全市", "2024-06", 612.4, 3550.2, None, 3550.2),
        ("power_generation", "全市", "2024-06", 48.1, 290.5, None, 290.5),
    ]
    assert problems(failures) == [("增速", None, "layout_ambiguous")]
    assert failures[0].rows_refused == 2
    assert "工作表“增速”（增速）的标题（A1）写的是2024年5月，而工作表“1-6月”的标题（A1）写的是2024年6月" in (
        failures[0].message_zh
    )


def test_a_growth_sheet_against_a_growth_column_is_read_once_or_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Figures with a 同比增长（%） column of their own and a growth sheet: the same growth (8.6) is read
    once (a 提示 on the growth sheet's cell); another (4.4 against 4.9) refuses both, the row's levels load."""
    own = [["毕节市2024年1-6月能源生产情况"], ["指标名称", "计量单位", "本月", "1-6月累计", "同比增长（%）"],
           ["煤炭产量", "万吨", 612.4, 3550.2, 8.6], ["发电量", "亿千瓦时", 48.1, 290.5, 4.9]]  # fmt: skip
    growths = [["指标名称", "1-6月累计"], ["煤炭产量", 8.6], ["发电量", 4.4]]
    path = write_xlsx(tmp_path / "m.xlsx", {"1-6月": own, "同比": growths})
    obs, failures = check(path, settings, catalog)
    assert figures(obs) == [
        ("coal_output", "全市", "2024-06", 612.4, 3550.2, 8.6, 3550.2),
        ("power_generation", "全市", "2024-06", 48.1, 290.5, None, 290.5),
    ]
    assert problems(failures) == [("1-6月", "E4", "growth_twice_different"), ("同比", "B2", "column_ignored")]
    assert failures[0].refuses_growth_only


def test_inspect_shows_a_growth_from_a_growth_sheet_at_its_own_cell(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """`inspect` says where each joined growth was typed: 增速!B3 (loaded) and 增速!B4 (▲4.4, refused),
    never 1-6月!增速!B3 (the figures' sheet glued to the growth sheet's address)."""
    from bijie_etl.validate.inspect import format_inspection, inspect_file

    growths = [
        ["毕节市2024年1-6月能源生产增速"],
        ["指标名称", "1-6月累计"],
        ["煤炭产量", 8.6],
        ["发电量", "▲4.4"],
    ]
    path = write_xlsx(tmp_path / "m.xlsx", {"1-6月": FIGURES, "增速": growths})
    text = format_inspection(inspect_file(path, settings, catalog=catalog, as_of=date(2024, 7, 10)))
    assert "= 8.6 %  (增速!B3)" in text
    assert "value_not_number 增速!B4 " in text
    assert "1-6月!增速!" not in text


def test_a_refused_growth_on_a_growth_sheet_points_at_its_own_cell(tmp_path: Path) -> None:
    """▲4.4 on the growth sheet: the growth alone is refused (the row loads, 退回 0 行), and the feedback
    report's 位置 is the growth sheet's cell 增速!B4, where the department typed it."""
    growths = [
        ["毕节市2024年1-6月能源生产增速"],
        ["指标名称", "1-6月累计"],
        ["煤炭产量", 8.6],
        ["发电量", "▲4.4"],
    ]
    (tmp_path / "inbox" / "能源局").mkdir(parents=True)
    write_xlsx(tmp_path / "inbox" / "能源局" / "2024年6月能源.xlsx", {"1-6月": FIGURES, "增速": growths})

    output = _ingest(tmp_path)

    assert "入库 2 行，退回 0 行，增速未入库 1 个（所在行已入库）" in output
    with duckdb.connect(str(tmp_path / "warehouse" / "analytics.duckdb"), read_only=True) as con:
        rows = con.execute(
            "SELECT indicator_code, growth_pct, sheet, json_extract_string(cells, '$.growth_pct') "
            "FROM observations ORDER BY indicator_code"
        ).fetchall()
    assert rows == [("coal_output", 8.6, "1-6月", "增速!B3"), ("power_generation", None, "1-6月", "增速!B4")]
    [report] = (tmp_path / "warehouse").rglob("*_反馈.xlsx")
    cells = [r for ws in openpyxl.load_workbook(report).worksheets for r in ws.iter_rows(values_only=True)]
    assert any("增速!B4" in r for r in cells)


def test_in_january_a_growth_sheets_month_column_is_the_year_to_dates(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """January's figures (本月 only) and a growth sheet with 本月 only: 1-1月 is the month, so its growths
    are the year to date's and join the figures."""
    january = [["毕节市2024年1月工业经济运行情况"], ["指标名称", "计量单位", "本月"],
               ["规模以上工业增加值", "亿元", 50.3]]  # fmt: skip
    growths = [["指标名称", "本月"], ["规模以上工业增加值", 6.8]]
    path = write_xlsx(tmp_path / "m.xlsx", {"1月": january, "增速": growths})
    obs, failures = check(path, settings, catalog, date(2024, 2, 10))
    assert figures(obs) == [("industrial_value_added_growth", "全市", "2024-01", 50.3, None, 6.8, 6.8)]
    assert failures == []


def test_a_growth_row_is_compared_with_the_growth_column_as_the_sheet_shows_it(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """The growth column kept as fractions shown as percentages (0.086 shown 8.6%) under rows 其中：同比增长 8.6 and
    其中：增速 5.3: the first is the same growth (read once, a 提示), the second differs from 5.1% (both refused,
    the message quoting 5.1% as shown, not 0.051) — the first was refused as 0.086 against 8.6."""
    import xlsxwriter

    path = tmp_path / "能源.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("能源")
    pct = wb.add_format({"num_format": "0.0%"})
    rows = [["毕节市2024年1-6月能源生产情况"], ["指标名称", "计量单位", "本月", "1-6月累计", "同比增长（%）"],
            ["煤炭产量", "万吨", 612.4, 3550.2, 0.086], ["其中：同比增长", "%", None, 8.6, None],
            ["发电量", "亿千瓦时", 41.2, 268.4, 0.051], ["其中：增速", "%", None, 5.3, None]]  # fmt: skip
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v is not None:
                ws.write(r, c, v, pct if c == 4 and isinstance(v, float) else None)
    wb.close()
    obs, failures = check(path, settings, catalog)
    assert figures(obs) == [
        ("coal_output", "全市", "2024-06", 612.4, 3550.2, 8.6, 3550.2),
        ("power_generation", "全市", "2024-06", 41.2, 268.4, None, 268.4),
    ]
    assert problems(failures) == [("能源", "D4", "column_ignored"), ("能源", "E5", "growth_twice_different")]
    (twice,) = [f for f in failures if f.code.value == "growth_twice_different"]
    assert "5.1%" in twice.message_zh
    assert "0.051" not in twice.message_zh


@pytest.mark.parametrize(
    ("column", "row"),
    [("５．１", "５．３"), (5.1, "增长5.3%"), ("5.1%", "同比增长5.3%")],
    ids=["full-width", "words", "percent-text"],
)
def test_a_growth_row_typed_as_text_is_compared_to_its_decimals(
    tmp_path: Path, settings: Settings, catalog: Catalog, column: Any, row: str
) -> None:
    """The growth column's 5.1 and a 其中：增速 row's 5.3 typed as text (full-width digits, or in words) differ:
    both refused — the full-width pair was taken as the same growth (no decimals seen) and 5.1 loaded."""
    rows = [["毕节市2024年1-6月能源生产情况"], ["指标名称", "计量单位", "本月", "1-6月累计", "同比增长（%）"],
            ["发电量", "亿千瓦时", 41.2, 268.4, column], ["其中：增速", "%", None, row, None]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "e.xlsx", {"能源": rows}), settings, catalog)
    assert figures(obs) == [("power_generation", "全市", "2024-06", 41.2, 268.4, None, 268.4)]
    assert problems(failures) == [("能源", "E3", "growth_twice_different")]


def test_a_growth_against_last_month_is_never_read_as_the_growth_over_last_year(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """环比 (against last month) beside 同比: only 同比 is read; a 环比 column alone leaves the row
    without a growth, and the column's 提示 says it is a change against last month."""
    both = [["毕节市2024年1-6月能源生产情况"], ["指标名称", "计量单位", "本月", "1-6月累计", "环比增长(%)", "同比增长(%)"],
            ["煤炭产量", "万吨", 612.4, 3550.2, -3.1, 8.6]]  # fmt: skip
    obs, failures = check(write_xlsx(tmp_path / "both.xlsx", {"能源": both}), settings, catalog)
    assert figures(obs) == [("coal_output", "全市", "2024-06", 612.4, 3550.2, 8.6, 3550.2)]
    [ignored] = [f for f in failures if f.code.value == "column_ignored"]
    assert ignored.cell == "E2"
    assert "环比（与上月相比）" in ignored.message_zh

    alone = [row[:5] for row in both]
    obs, failures = check(write_xlsx(tmp_path / "alone.xlsx", {"能源": alone}), settings, catalog)
    assert figures(obs) == [("coal_output", "全市", "2024-06", 612.4, 3550.2, None, 3550.2)]
    assert [(f.cell, f.code.value) for f in failures] == [("E2", "column_ignored")]
