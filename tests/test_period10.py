"""How a table's period is read when its 统计期 cells, its file name or its title say it in words a
careful person reads: 统计期 本期 | 上年同期 (or 2024年 | 2023年) under a 2024年1-6月 title, months numbered
1 … 6 with a 合计 under them, a file name
carrying the month it was updated (能源局2024年7月更新), and the message for a table whose title names
months without a year; issue numbers 第N期 of a 统计月报, whose first issue may be 1-2月.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.errors import Code
from bijie_etl.ingest.reading import read_file
from bijie_etl.settings import Settings, load_settings
from bijie_etl.validate.rules import validate
from periods import AS_OF, loaded
from spreadsheets import write_xlsx

HEADER = ["指标名称", "计量单位", "本月", "1-本月累计"]
JUNE = ["煤炭产量", "万吨", 612.4, 3550.2]
HALF = ["毕节市2024年1-6月能源生产情况"]
ISSUE_HEADER = ["统计期", "指标名称", "计量单位", "本月", "1-本月累计"]


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def catalog(settings: Settings) -> Catalog:
    return load_catalog_from_settings(settings)


# --------------------------------------------------------------------------------------------
# 统计期 cells saying 本期 and 上年同期


WITH_PERIOD = ["统计期", "指标名称", "计量单位", "本月", "1-本月累计", "同比增长（%）"]


def _figures(path: Path, settings: Settings, catalog: Catalog) -> tuple[list[list], list]:
    obs, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    cols = ["indicator_code", "period", "value_month", "value_ytd", "value_ytd_prior", "growth_pct"]
    rows = [[None if pd.isna(v) else v for v in r] for r in obs[cols].astype(object).values.tolist()]
    return [[c, f"{p:%Y-%m}", *v] for c, p, *v in rows], [(f.code, f.cell) for f in failures]


def test_a_prior_period_row_gives_the_current_rows_prior_year_to_date(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """统计期 本期 and 上年同期 under 2024年1-6月: the 本期 row is June's, the 上年同期 row's 累计 is its 上年同期
    (value_ytd_prior); the 上年同期 row's 本月 (last year's June) is not kept, with a note on its cell."""
    path = write_xlsx(tmp_path / "能源局.xlsx", {"能源": [HALF, WITH_PERIOD,
        ["本期", "煤炭产量", "万吨", 612.4, 3550.2, 8.6],
        ["上年同期", "煤炭产量", "万吨", 590.1, 3268.5, None],
    ]})  # fmt: skip
    rows, failures = _figures(path, settings, catalog)
    assert rows == [["coal_output", "2024-06", 612.4, 3550.2, 3268.5, 8.6]]
    assert failures == [(Code.COLUMN_IGNORED, "D4")]


@pytest.mark.parametrize(("now", "before"), [("2024年", "2023年"), ("本年", "去年同期"), (2024, 2023)])
def test_a_year_alone_under_a_titles_months_is_its_year_to_date(
    tmp_path: Path, settings: Settings, catalog: Catalog, now: object, before: object
) -> None:
    """统计期 2024年 (本年, or the number 2024) beside 2023年 under a 2024年1-6月 title, over one 数值 column:
    this year's row is the year to date at June, last year's its 上年同期."""
    path = write_xlsx(tmp_path / "能源局.xlsx", {"能源": [HALF, ["统计期", "指标名称", "计量单位", "数值"],
        [now, "煤炭产量", "万吨", 3550.2],
        [before, "煤炭产量", "万吨", 3268.5],
    ]})  # fmt: skip
    rows, failures = _figures(path, settings, catalog)
    assert rows == [["coal_output", "2024-06", None, 3550.2, 3268.5, None]]
    assert failures == []


def test_period_words_without_a_stated_period_are_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """统计期 本期 under a title naming no period (and a file name naming none): which period 本期 is cannot
    be told — the row is refused (period_invalid), never loaded at a guessed month."""
    path = write_xlsx(tmp_path / "能源局.xlsx", {"能源": [["毕节市能源生产情况"], WITH_PERIOD,
        ["本期", "煤炭产量", "万吨", 612.4, 3550.2, 8.6],
    ]})  # fmt: skip
    rows, failures = _figures(path, settings, catalog)
    assert rows == []
    assert failures == [(Code.PERIOD_INVALID, "A3")]


def test_a_prior_period_rows_growth_is_not_kept(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """A growth on the 上年同期 row is last year's growth: not read (a note on its cell); its 累计 still is
    the 本期 row's 上年同期."""
    path = write_xlsx(tmp_path / "能源局.xlsx", {"能源": [HALF, WITH_PERIOD,
        ["本期", "煤炭产量", "万吨", 612.4, 3550.2, 8.6],
        ["上年同期", "煤炭产量", "万吨", 590.1, 3268.5, 5.2],
    ]})  # fmt: skip
    rows, failures = _figures(path, settings, catalog)
    assert rows == [["coal_output", "2024-06", 612.4, 3550.2, 3268.5, 8.6]]
    assert failures == [(Code.COLUMN_IGNORED, "D4"), (Code.COLUMN_IGNORED, "F4")]


# --------------------------------------------------------------------------------------------
# A 合计 row under months numbered 1 … 6

COAL = [560.1, 520.3, 600.2, 610.0, 647.2, 612.4]
SUMS = [560.1, 1080.4, 1680.6, 2290.6, 2937.8, 3550.2]


@pytest.mark.parametrize("label", [int, str, "{:02d}".format], ids=["number", "text", "two-figures"])
@pytest.mark.parametrize("measure", ["本月", "数值"])
def test_a_total_under_month_numbers_is_the_year_to_date(
    tmp_path: Path, settings: Settings, catalog: Catalog, label: Callable[[int], object], measure: str
) -> None:
    """统计期 1 … 6 (numbers, or text 1 / 01) then 合计, under 2024年1-6月: each row is its month's own
    figure (under 本月 or a lone 数值), the 合计 the year to date at June — never refused whole."""
    months = [[label(m), "煤炭产量", "万吨", v] for m, v in zip(range(1, 7), COAL, strict=True)]
    path = write_xlsx(tmp_path / "能源局.xlsx", {"能源": [
        HALF, ["统计期", "指标名称", "计量单位", measure], *months, ["合计", "煤炭产量", "万吨", 3550.2],
    ]})  # fmt: skip
    rows, failures = loaded(path, settings, catalog)
    assert rows == [(f"2024-{m:02d}", v, s) for m, v, s in zip(range(1, 7), COAL, SUMS, strict=True)]
    assert failures == []


@pytest.mark.parametrize("newest_first", [False, True], ids=["january-first", "june-first"])
def test_a_lone_figure_per_month_rising_as_a_year_to_date_is_the_year_to_date(
    tmp_path: Path, settings: Settings, catalog: Catalog, newest_first: bool
) -> None:
    """统计期 1月 … 6月 over a lone 数值 rising as a year to date does (560.1, 1080.4 … 3550.2: six times the
    first by June): each month's 累计 — never summed into a 12,099.7 累计; also with the newest month on top
    (6月, 5月 … 1月: the figures fall down the rows but rise month by month)."""
    rows = [[f"{m}月", "煤炭产量", "万吨", y] for m, y in zip(range(1, 7), SUMS, strict=True)]
    rows = rows[::-1] if newest_first else rows
    path = write_xlsx(
        tmp_path / "能源局.xlsx", {"能源": [HALF, ["统计期", "指标名称", "计量单位", "数值"], *rows]}
    )
    figures, failures = _figures(path, settings, catalog)
    assert sorted((p, m, y) for _, p, m, y, *_ in figures) == [(f"2024-{m:02d}", None, y) for m, y in zip(range(1, 7), SUMS, strict=True)]  # fmt: skip
    assert failures == []


def test_a_lone_figure_per_month_that_may_be_either_is_not_guessed(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A lone 数值 rising every month but neither of one size nor as a year to date does (500, 600, 800 …
    1500) and no 合计: months' own or years to date? Not read (column_ignored on each cell)."""
    rows = [[f"{m}月", "煤炭产量", "万吨", v] for m, v in zip(range(1, 7), [500, 600, 800, 1000, 1200, 1500], strict=True)]  # fmt: skip
    path = write_xlsx(
        tmp_path / "能源局.xlsx", {"能源": [HALF, ["统计期", "指标名称", "计量单位", "数值"], *rows]}
    )
    loaded_rows, failures = loaded(path, settings, catalog)
    assert loaded_rows == []
    assert failures == [(Code.COLUMN_IGNORED, "能源")] * 6


def test_a_shares_lone_figure_per_month_is_its_value(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """统计期 1月 … 3月 over a lone 数值 of a share (数字经济占地区生产总值比重, %): each month's share, as before."""
    rows = [[f"{m}月", "数字经济占地区生产总值比重", "%", v] for m, v in zip(range(1, 4), [38.1, 38.4, 38.6], strict=True)]  # fmt: skip
    path = write_xlsx(tmp_path / "大数据局.xlsx", {"数字经济": [["毕节市2024年1-3月数字经济"], ["统计期", "指标名称", "计量单位", "数值"], *rows]})  # fmt: skip
    obs, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    assert obs[["value"]].astype(float).values.ravel().tolist() == [38.1, 38.4, 38.6]
    assert obs["value_month"].isna().all()
    assert failures == []


def test_a_total_that_is_not_the_months_sum_loads_with_a_warning(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A 合计 of 3600 under months adding up to 3550.2: June's year to date is the 合计 as written, and the
    mismatch is told (ytd_sum_mismatch) — which figure is wrong cannot be told."""
    months = [[m, "煤炭产量", "万吨", v] for m, v in zip(range(1, 7), COAL, strict=True)]
    path = write_xlsx(tmp_path / "能源局.xlsx", {"能源": [
        HALF, ["统计期", "指标名称", "计量单位", "本月"], *months, ["合计", "煤炭产量", "万吨", 3600.0],
    ]})  # fmt: skip
    rows, failures = loaded(path, settings, catalog)
    assert rows[-1] == ("2024-06", 612.4, 3600.0)
    assert failures == [(Code.YTD_SUM_MISMATCH, "能源")]


def test_a_total_under_months_not_from_january_is_set_aside_with_a_note(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """统计期 4 | 5 | 6 then 合计 (the quarter's sum: no year to date, no month): the months load, the 合计 is
    not read (column_ignored on its 统计期 cell) — never refused as a period 合计, never June's 累计."""
    months = [[m, "煤炭产量", "万吨", v, y] for m, v, y in zip(range(4, 7), COAL[3:], SUMS[3:], strict=True)]
    path = write_xlsx(tmp_path / "能源局.xlsx", {"能源": [
        HALF, ISSUE_HEADER, *months, ["合计", "煤炭产量", "万吨", 1869.6, None],
    ]})  # fmt: skip
    rows, failures = loaded(path, settings, catalog)
    assert rows == [(f"2024-{m:02d}", v, y) for m, v, y in zip(range(4, 7), COAL[3:], SUMS[3:], strict=True)]
    assert failures == [(Code.COLUMN_IGNORED, "能源")]


# --------------------------------------------------------------------------------------------
# 第N期 of a 统计月报 (January and February may be one issue)


@pytest.mark.parametrize(("title", "cell"), [("毕节市2024年1-6月能源统计月报", "第5期"), ("毕节市2024年1-6月能源统计月报", "第6期"), ("毕节市2024年能源统计月报", "第12期")])  # fmt: skip
def test_an_issue_of_a_statistical_monthly_is_read_when_the_title_tells_its_numbering(
    tmp_path: Path, settings: Settings, catalog: Catalog, title: str, cell: str
) -> None:
    """Under 2024年1-6月, 第5期 is June (issues with 1-2月 merged) and 第6期 is June (issues by month); 第12期
    is December either way (merged issues stop at 第11期)."""
    path = write_xlsx(tmp_path / "能源局.xlsx", {"能源": [[title], ISSUE_HEADER, [cell, *JUNE]]})
    month = "12" if cell == "第12期" else "06"
    assert loaded(path, settings, catalog) == ([(f"2024-{month}", 612.4, 3550.2)], [])


@pytest.mark.parametrize("cell", ["第5期", "2024年第5期"])
def test_an_issue_of_a_statistical_monthly_naming_no_month_is_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog, cell: str
) -> None:
    """第5期 of a 统计月报 with no month stated around it: May (by month) or June (1-2月 merged)? The row
    is refused with a message naming both readings — never loaded as May."""
    path = write_xlsx(
        tmp_path / "能源局.xlsx", {"能源": [["毕节市2024年能源统计月报"], ISSUE_HEADER, [cell, *JUNE]]}
    )
    obs, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    assert obs.empty
    assert [(f.code, f.cell) for f in failures] == [(Code.PERIOD_INVALID, "A3")]
    assert "第5期即6月" in failures[0].message_zh
    assert "第5期即5月" in failures[0].message_zh


def test_the_issues_of_a_statistical_monthly_take_their_numbering_from_the_latest(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """第1期 … 第5期 under 2024年1-6月: issues with 1-2月 merged — 第1期 is February's year to date (its
    本月, January and February together, is not read), 第2期 March … 第5期 June."""
    rows = [[f"第{n}期", "煤炭产量", "万吨", m, y] for n, m, y in
            zip(range(1, 6), [1080.4, *COAL[2:]], SUMS[1:], strict=True)]  # fmt: skip
    path = write_xlsx(
        tmp_path / "能源局.xlsx", {"能源": [["毕节市2024年1-6月能源统计月报"], ISSUE_HEADER, *rows]}
    )
    figures, failures = _figures(path, settings, catalog)
    assert figures == [["coal_output", "2024-02", None, 1080.4, None, None], *[
        ["coal_output", f"2024-{m:02d}", v, y, None, None] for m, v, y in zip(range(3, 7), COAL[2:], SUMS[2:], strict=True)
    ]]  # fmt: skip
    assert failures == [(Code.COLUMN_IGNORED, "D3")]


def test_a_jan_feb_row_without_a_year_to_date_column_is_februarys_year_to_date(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """统计期 1-2月 | 3月 … 6月 over 本月 alone: the 1-2月 figure is January and February together, February's
    year to date (never February's own month); March's year to date is it plus March, and so on."""
    rows = [[p, "煤炭产量", "万吨", v] for p, v in zip(["1-2月", "3月", "4月", "5月", "6月"], [1080.4, *COAL[2:]], strict=True)]  # fmt: skip
    path = write_xlsx(
        tmp_path / "能源局.xlsx", {"能源": [HALF, ["统计期", "指标名称", "计量单位", "本月"], *rows]}
    )
    figures, failures = _figures(path, settings, catalog)
    assert figures == [["coal_output", "2024-02", None, 1080.4, None, None], *[
        ["coal_output", f"2024-{m:02d}", v, y, None, None] for m, v, y in zip(range(3, 7), COAL[2:], SUMS[2:], strict=True)
    ]]  # fmt: skip
    assert failures == []


def test_an_issue_number_of_a_department_monthly_report_is_its_month(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """第5期 under a department's own 月报 (not a 统计月报) is May, as before: a department numbers by month."""
    path = write_xlsx(
        tmp_path / "能源局.xlsx", {"能源": [["毕节市2024年能源生产月报"], ISSUE_HEADER, ["第5期", *JUNE]]}
    )
    assert loaded(path, settings, catalog) == ([("2024-05", 612.4, 3550.2)], [])


# --------------------------------------------------------------------------------------------
# A file or sheet name carrying the month the figures were revised


@pytest.mark.parametrize(
    "stem", ["能源局2024年7月更新", "能源局2024年7月修订", "能源局2024-07更正", "能源局2024年7月报送"]
)
def test_a_file_named_for_the_month_it_was_updated_holds_the_titles_period(
    tmp_path: Path, settings: Settings, catalog: Catalog, stem: str
) -> None:
    """能源局2024年7月更新.xlsx titled 2024年1-6月: July is when the file was updated (or revised, or sent),
    not a second period — June's figures load, without a warning."""
    path = write_xlsx(tmp_path / f"{stem}.xlsx", {"Sheet1": [HALF, HEADER, JUNE]})
    assert loaded(path, settings, catalog) == ([("2024-06", 612.4, 3550.2)], [])


def test_a_revision_month_earlier_than_the_titles_is_still_a_conflict(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """能源局2024年5月更新.xlsx titled 2024年1-6月: June's figures cannot have been updated in May, so the
    two statements disagree and the table is refused (layout_ambiguous)."""
    path = write_xlsx(tmp_path / "能源局2024年5月更新.xlsx", {"Sheet1": [HALF, HEADER, JUNE]})
    assert loaded(path, settings, catalog) == ([], [(Code.LAYOUT_AMBIGUOUS, "Sheet1")])


def test_a_file_named_for_a_corrected_month_alone_is_that_month(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """能源局2024年6月更正.xlsx with a title naming no month: the file name's month is the period (June's
    figures corrected), as before."""
    path = write_xlsx(
        tmp_path / "能源局2024年6月更正.xlsx", {"Sheet1": [["毕节市能源生产情况"], HEADER, JUNE]}
    )
    assert loaded(path, settings, catalog) == ([("2024-06", 612.4, 3550.2)], [])


def test_a_sheet_named_for_the_month_it_was_updated_holds_the_titles_period(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A sheet 7月更新 under a 2024年1-6月 title is June's figures updated in July, as a sheet 7月报送 is."""
    path = write_xlsx(tmp_path / "能源局.xlsx", {"7月更新": [HALF, HEADER, JUNE]})
    assert loaded(path, settings, catalog) == ([("2024-06", 612.4, 3550.2)], [])


# --------------------------------------------------------------------------------------------
# What the message says is missing


def _period_message(path: Path, settings: Settings, catalog: Catalog) -> str:
    _, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    assert [f.code for f in failures] == [Code.PERIOD_INVALID]
    return failures[0].message_zh


def test_a_title_with_months_and_no_year_is_told_the_year_is_missing(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """毕节市1-6月能源生产情况 in a file and sheet naming no year: the message says the title gives the months
    but no year — not that no period is stated anywhere."""
    path = write_xlsx(tmp_path / "能源局.xlsx", {"Sheet1": [["毕节市1-6月能源生产情况"], HEADER, JUNE]})
    message = _period_message(path, settings, catalog)
    assert "标题（A1）“毕节市1-6月能源生产情况”只写了月份，没有写年份" in message
    assert "没有统计期" not in message


def test_a_table_with_no_period_anywhere_is_told_so(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A title, sheet and file name naming no period: the message says none of them states one."""
    path = write_xlsx(tmp_path / "能源局.xlsx", {"Sheet1": [["毕节市能源生产情况"], HEADER, JUNE]})
    assert "标题、工作表名和文件名中也没有统计期" in _period_message(path, settings, catalog)


def test_a_title_with_an_issue_number_is_told_it_names_no_month(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A 统计月报 titled with 2024年第5期 and nothing else: the message says the title gives an issue, not a
    month (a 统计月报's 第5期 may be June)."""
    path = write_xlsx(
        tmp_path / "能源局.xlsx", {"Sheet1": [["毕节市能源统计月报"], ["2024年第5期"], HEADER, JUNE]}
    )
    message = _period_message(path, settings, catalog)
    assert "标题（A2）“2024年第5期”只写了期数，没有写月份" in message


@pytest.mark.parametrize(
    ("typed", "month"),
    [(2024.2, date(2024, 2, 1)), (2024.05, date(2024, 5, 1)), (2024.9, date(2024, 9, 1)),
     (2024.11, date(2024, 11, 1)), (2024.12, date(2024, 12, 1)),
     (2024.1, None), (2024.13, None), (2024.123, None), (2024.0, None)],
)  # fmt: skip
def test_a_period_typed_as_a_number_is_its_month_unless_it_may_be_january_or_october(
    typed: float, month: date | None
) -> None:
    """2024.6 typed into a cell is a number: June 2024. 2024.1 is January typed 2024.1 or October typed
    2024.10 (the 0 is gone in the number): not read, and the message says why."""
    from bijie_etl.ingest.headers import parse_period, year_dot_month_unclear_zh

    assert parse_period(typed) == month
    unclear = year_dot_month_unclear_zh(f"{typed:.10g}")
    assert (unclear is not None) == (typed == 2024.1)
