"""Which period a table's figures belong to when the statements around it disagree or are terse.

A title and a 统计期 (cell or line) naming different months are refused, never a silent pick; stamps
and form metadata are no period.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.errors import Code
from bijie_etl.ingest.reading import read_file
from bijie_etl.settings import Settings, load_settings
from bijie_etl.validate.rules import validate
from periods import AS_OF, loaded
from spreadsheets import write_xlsx

HEADER = ["指标名称", "计量单位", "本月", "1-本月累计"]
WITH_PERIOD = ["指标名称", "计量单位", "统计期", "本月", "1-本月累计"]
JUNE = ["煤炭产量", "万吨", 612.4, 3550.2]


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def catalog(settings: Settings) -> Catalog:
    return load_catalog_from_settings(settings)


# --------------------------------------------------------------------------------------------
# A title and a 统计期 that disagree


@pytest.mark.parametrize("cell", ["2024/6/30", "2024年6月", "2024-06"])
def test_a_period_cell_later_than_the_title_is_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog, cell: str
) -> None:
    """A 统计期 cell naming June under a 2024年1-5月 title is refused, never loaded at June."""
    path = write_xlsx(tmp_path / "能源.xlsx", {
        "能源": [["毕节市2024年1-5月能源生产情况"], WITH_PERIOD, ["煤炭产量", "万吨", cell, 612.4, 3550.2]],
    })  # fmt: skip
    rows, failures = loaded(path, settings, catalog)
    assert rows == []
    assert failures == [(Code.LAYOUT_AMBIGUOUS, "能源")]


def test_a_period_line_under_the_title_naming_another_month_is_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A line 统计期：2024年6月 under a 2024年1-5月 title: the rows are refused, never loaded at May."""
    path = write_xlsx(tmp_path / "能源.xlsx", {
        "能源": [["毕节市2024年1-5月能源生产情况"], ["统计期：2024年6月"], HEADER, JUNE],
    })  # fmt: skip
    rows, failures = loaded(path, settings, catalog)
    assert rows == []
    assert failures == [(Code.LAYOUT_AMBIGUOUS, "能源")]
    _obs, all_failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    message = next(f.message_zh for f in all_failures if f.code is Code.LAYOUT_AMBIGUOUS)
    assert "2024年6月" in message
    assert "2024年5月" in message


@pytest.mark.parametrize(
    "line", ["填报时间：2024年6月5日", "报送时间：2024年6月", "（2024年6月12日）", "有效期至：2025年12月"]
)
def test_stamps_and_form_metadata_under_the_title_are_no_period(
    tmp_path: Path, settings: Settings, catalog: Catalog, line: str
) -> None:
    """A fill-in stamp, a sending date, a release date to the day or a form's validity date under a
    2024年1-5月 title is no period: the table is May's."""
    path = write_xlsx(tmp_path / "能源.xlsx", {
        "能源": [["毕节市2024年1-5月能源生产情况"], [line], HEADER, JUNE],
    })  # fmt: skip
    rows, failures = loaded(path, settings, catalog)
    assert rows == [("2024-05", 612.4, 3550.2)]
    assert failures == []


def test_period_cells_running_up_to_the_titles_month_are_no_conflict(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A 统计期 column 1月 … 6月 under a 2024年1-6月 title loads every month; under a 1-5月 title only the
    June row (later than the title says) is refused."""
    body = [["煤炭产量", "万吨", f"2024年{m}月", 600.0, 600.0 * m] for m in range(1, 7)]
    path = write_xlsx(tmp_path / "能源.xlsx", {
        "六月": [["毕节市2024年1-6月能源生产情况"], WITH_PERIOD, *body],
    })  # fmt: skip
    rows, failures = loaded(path, settings, catalog)
    assert [r[0] for r in rows] == [f"2024-0{m}" for m in range(1, 7)]
    assert failures == []
    path = write_xlsx(tmp_path / "能源5.xlsx", {
        "五月": [["毕节市2024年1-5月能源生产情况"], WITH_PERIOD, *body],
    })  # fmt: skip
    rows, failures = loaded(path, settings, catalog)
    assert [r[0] for r in rows] == [f"2024-0{m}" for m in range(1, 6)]
    assert failures == [(Code.LAYOUT_AMBIGUOUS, "五月")]


def test_every_period_cell_naming_one_other_month_is_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Every 统计期 cell saying 2024年5月 under a 2024年6月 title: which month cannot be told, refused."""
    path = write_xlsx(tmp_path / "能源.xlsx", {
        "能源": [["毕节市2024年6月能源生产情况"], WITH_PERIOD, ["煤炭产量", "万吨", "2024年5月", 590.0, 2937.8]],
    })  # fmt: skip
    rows, failures = loaded(path, settings, catalog)
    assert rows == []
    assert failures == [(Code.LAYOUT_AMBIGUOUS, "能源")]


# --------------------------------------------------------------------------------------------
# 统计期 cells that number the month


@pytest.mark.parametrize("cell", [6, "6", "06", "第6期", "2024年第6期"])
def test_a_period_cell_numbering_the_month_is_that_month_of_the_titles_year(
    tmp_path: Path, settings: Settings, catalog: Catalog, cell: object
) -> None:
    """统计期 6, 06, 第6期 or 2024年第6期 under a monthly title with a year (毕节市2024年…) is June 2024."""
    path = write_xlsx(tmp_path / "能源.xlsx", {
        "能源": [["毕节市2024年能源生产情况"], WITH_PERIOD, ["煤炭产量", "万吨", cell, 612.4, 3550.2]],
    })  # fmt: skip
    rows, failures = loaded(path, settings, catalog)
    assert rows == [("2024-06", 612.4, 3550.2)]
    assert failures == []


@pytest.mark.parametrize(
    ("title", "cell"),
    [("毕节市2024年能源生产季报", "第2期"), ("毕节市能源生产情况", "6"), ("毕节市2024年能源生产情况", "13")],
)
def test_a_period_number_that_is_no_month_is_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog, title: str, cell: str
) -> None:
    """第2期 of a 季报 (a quarter), 6 with no year anywhere, or 13: the row is refused (period_invalid)."""
    path = write_xlsx(tmp_path / "能源.xlsx", {
        "能源": [[title], WITH_PERIOD, ["煤炭产量", "万吨", cell, 612.4, 3550.2]],
    })  # fmt: skip
    rows, failures = loaded(path, settings, catalog)
    assert rows == []
    assert failures == [(Code.PERIOD_INVALID, "能源")]


def test_a_period_number_later_than_the_titles_month_is_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """统计期 6 under a 2024年1-5月 title: two months around one table, refused (layout_ambiguous)."""
    path = write_xlsx(tmp_path / "能源.xlsx", {
        "能源": [["毕节市2024年1-5月能源生产情况"], WITH_PERIOD, ["煤炭产量", "万吨", 6, 612.4, 3550.2]],
    })  # fmt: skip
    rows, failures = loaded(path, settings, catalog)
    assert rows == []
    assert failures == [(Code.LAYOUT_AMBIGUOUS, "能源")]


# --------------------------------------------------------------------------------------------
# Sheet and file names: a year in two figures, English months, copies, list numbers


@pytest.mark.parametrize(
    ("sheet", "period"),
    [
        ("24.05", "2024-05"),
        ("Jun", "2024-06"),
        ("June", "2024-06"),
        ("6月(2)", "2024-06"),
        ("6月 (2)", "2024-06"),
    ],
)
def test_a_sheet_name_gives_the_month_under_a_title_with_a_year_only(
    tmp_path: Path, settings: Settings, catalog: Catalog, sheet: str, period: str
) -> None:
    """A sheet named 24.05, Jun, June or 6月 (2) (Excel's copy of 6月) under 毕节市2024年… is that month."""
    path = write_xlsx(tmp_path / "能源.xlsx", {sheet: [["毕节市2024年能源生产情况"], HEADER, JUNE]})
    rows, failures = loaded(path, settings, catalog)
    assert rows == [(period, 612.4, 3550.2)]
    assert failures == []


def test_a_copied_sheet_beside_its_original_is_a_second_table_of_that_month(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Sheets 6月 and 6月 (2) with the same row: June's row loads once, the copy's is a duplicate."""
    title = ["毕节市2024年能源生产情况"]
    path = write_xlsx(
        tmp_path / "能源.xlsx", {"6月": [title, HEADER, JUNE], "6月 (2)": [title, HEADER, JUNE]}
    )
    rows, failures = loaded(path, settings, catalog)
    assert rows == [("2024-06", 612.4, 3550.2)]
    assert failures == [(Code.DUPLICATE_ROW, "6月 (2)")]


@pytest.mark.parametrize("name", ["01能源局6月报表.xlsx", "3-能源局6月报表.xlsx", "能源局6月报表(1).xlsx"])
def test_a_file_name_with_a_list_number_or_a_copys_number_gives_its_month(
    tmp_path: Path, settings: Settings, catalog: Catalog, name: str
) -> None:
    """A file 01能源局6月报表, 3-能源局6月报表 or 能源局6月报表(1) (a second download) with one sheet under a
    title with a year only is June's."""
    path = write_xlsx(tmp_path / name, {"Sheet1": [["毕节市2024年能源生产情况"], HEADER, JUNE]})
    rows, failures = loaded(path, settings, catalog)
    assert rows == [("2024-06", 612.4, 3550.2)]
    assert failures == []


# --------------------------------------------------------------------------------------------
# A quarter's own cumulation (本季累计) is never the year to date


@pytest.mark.parametrize("word", ["本季累计", "当季累计", "本季度累计", "季度累计", "本季"])
def test_a_quarters_own_cumulation_is_not_read(
    tmp_path: Path, settings: Settings, catalog: Catalog, word: str
) -> None:
    """本月 | 本季累计 | 1-本月累计: the quarter's own figure is not read (column_ignored saying it is the
    quarter's own), the month and the year to date load."""
    path = write_xlsx(tmp_path / "能源.xlsx", {
        "能源": [["毕节市2024年1-6月能源生产情况"], ["指标名称", "计量单位", "本月", word, "1-本月累计"],
                 ["煤炭产量", "万吨", 612.4, 1800.0, 3550.2]],
    })  # fmt: skip
    obs, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    assert obs[["value_month", "value_ytd"]].values.tolist() == [[612.4, 3550.2]]
    ignored = [f for f in failures if f.code is Code.COLUMN_IGNORED]
    assert [f.cell for f in ignored] == ["D2"]
    assert "单季" in ignored[0].message_zh


def test_a_quarters_own_cumulation_under_a_county_is_never_its_year_to_date(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """七星关区 › 本季累计 | 1-本月累计: the county's year to date is the 1-本月累计 figure, never 本季累计's."""
    path = write_xlsx(
        tmp_path / "能源.xlsx",
        {
            "能源": [
                ["毕节市2024年1-6月能源生产情况"],
                ["指标名称", "计量单位", "七星关区", None],
                [None, None, "本季累计", "1-本月累计"],
                ["煤炭产量", "万吨", 300.0, 900.0],
            ]
        },
        merges={"能源": ["C2:D2"]},
    )
    obs, _failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    assert obs[["county", "value_ytd"]].values.tolist() == [["七星关区", 900.0]]


# --------------------------------------------------------------------------------------------
# Sheets named 1 | 2: months or table numbers?


def test_sheets_numbered_from_one_under_titles_of_a_later_month_are_table_numbers(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Sheets 1 and 2 both titled 2024年1-6月: the numbers run from 1 and none is June, so they number the
    tables of June's report (a workbook with a sheet per month would have June's): both load at June."""
    title = ["毕节市2024年1-6月能源生产情况"]
    power = ["发电量", "亿千瓦时", 46.2, 268.4]
    path = write_xlsx(tmp_path / "能源.xlsx", {"1": [title, HEADER, JUNE], "2": [title, HEADER, power]})
    rows, failures = loaded(path, settings, catalog)
    assert rows == [("2024-06", 612.4, 3550.2), ("2024-06", 46.2, 268.4)]
    assert failures == []


@pytest.mark.parametrize(("names", "title"), [(("5", "6"), "2024年1-6月"), (("1", "2"), "2024年1-2月")])
def test_numbered_sheets_that_may_be_months_stay_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog, names: tuple[str, str], title: str
) -> None:
    """Sheets 5 | 6 under 1-6月 titles, or 1 | 2 under 1-2月 titles: one of them is the titles' month, so
    the other may be an earlier month's sheet under a copied title — refused (layout_ambiguous), saying why."""
    sheet_title = [f"毕节市{title}能源生产情况"]
    power = ["发电量", "亿千瓦时", 46.2, 268.4]
    path = write_xlsx(
        tmp_path / "能源.xlsx",
        {names[0]: [sheet_title, HEADER, JUNE], names[1]: [sheet_title, HEADER, power]},
    )
    obs, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    assert obs["indicator_code"].tolist() == ["power_generation"]
    refused = [f for f in failures if f.code is Code.LAYOUT_AMBIGUOUS]
    assert [f.sheet for f in refused] == [names[0]]
    assert "序号" in refused[0].message_zh


# --------------------------------------------------------------------------------------------
# A title's months without a year, the year in the header's columns


def test_a_titles_months_take_the_later_of_this_and_last_years_columns(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """毕节市1-6月… over 2024年 | 2023年: this year beside last year, so the table is 2024年1-6月 (2024年 the
    year to date, 2023年 last year's same period)."""
    path = write_xlsx(tmp_path / "能源.xlsx", {
        "能源": [["毕节市1-6月能源生产情况"], ["指标名称", "计量单位", "2024年", "2023年"],
                 ["煤炭产量", "万吨", 3550.2, 3342.1]],
    })  # fmt: skip
    obs, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    assert obs[["period", "value_ytd", "value_ytd_prior"]].astype(str).values.tolist() == [
        ["2024-06-01", "3550.2", "3342.1"]
    ]
    assert [f.code for f in failures] == []


@pytest.mark.parametrize(
    ("header", "code"),
    [
        (["指标名称", "计量单位", "2024年", "2022年"], Code.PERIOD_INVALID),
        # 2023年1-6月 may be last year's column or this year's (then the same figure as 1-6月累计 twice):
        # refused as two year-to-date columns that cannot be told apart (session 18, e437).
        (["指标名称", "计量单位", "1-6月累计", "2023年1-6月"], Code.LAYOUT_AMBIGUOUS),
    ],
)
def test_header_years_that_are_not_this_and_last_year_give_no_year(
    tmp_path: Path, settings: Settings, catalog: Catalog, header: list[str], code: Code
) -> None:
    """Years two apart, or one year alone (2023年1-6月 may be last year's column or this year's), under a
    title without a year: no year is guessed, the rows are refused."""
    path = write_xlsx(tmp_path / "能源.xlsx", {
        "能源": [["毕节市1-6月能源生产情况"], header, ["煤炭产量", "万吨", 3550.2, 3342.1]],
    })  # fmt: skip
    rows, failures = loaded(path, settings, catalog)
    assert rows == []
    assert (code, "能源") in failures


# --------------------------------------------------------------------------------------------
# A sheet refused whole beside sheets of another layout


def test_a_batch_whose_first_sheet_is_refused_whole_still_validates_the_rest(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A first sheet refused whole (5月 under a 1-6月 title) beside a sheet of another layout (a 统计期
    column), in one file or as the first file of a batch: the other rows load (validation crashed)."""
    from bijie_etl.validate.rules import validate_batch

    may = {"5月": [["毕节市2024年1-6月能源生产情况"], HEADER, JUNE]}
    dated = {
        "按期": [["毕节市2024年能源生产情况"], WITH_PERIOD, ["发电量", "亿千瓦时", "2024年5月", 44.1, 222.2]]
    }
    path = write_xlsx(tmp_path / "能源.xlsx", {**may, **dated})
    rows, failures = loaded(path, settings, catalog)
    assert rows == [("2024-05", 44.1, 222.2)]
    assert failures == [(Code.LAYOUT_AMBIGUOUS, "5月")]
    first, second = write_xlsx(tmp_path / "a.xlsx", may), write_xlsx(tmp_path / "b.xlsx", dated)
    results = validate_batch(
        [(read_file(p, settings), p.name) for p in (first, second)], catalog, as_of=AS_OF
    )
    assert [len(obs) for obs, _ in results] == [0, 1]


# --------------------------------------------------------------------------------------------
# Periods written as ranges of days


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2024年1月1日-6月30日", date(2024, 6, 1)),
        ("2024年1月1日至2024年6月30日", date(2024, 6, 1)),
        ("2024.1.1-2024.6.30", date(2024, 6, 1)),
        ("2024-01-01—2024-06-30", date(2024, 6, 1)),
        ("2024年6月1日-6月30日", date(2024, 6, 1)),
        ("2024年3月1日-6月30日", None),
        ("2024年6月5日-7月4日", None),
        ("2023年12月1日-2024年5月31日", None),
    ],
)
def test_a_range_of_days_is_the_months_it_covers(text: str, period: date | None) -> None:
    """From January 1st, the year to date at the last day's month; within one month, that month; from
    another month's 1st, across two years or from another day: no period (never the first day's month)."""
    from bijie_etl.ingest.headers import period_from_text

    assert period_from_text(f"毕节市{text}能源生产情况") == period


def test_a_title_as_a_range_of_days_loads_at_its_last_month(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """毕节市2024年1月1日—6月30日能源生产情况: June's figures, never January's."""
    path = write_xlsx(
        tmp_path / "能源.xlsx", {"能源": [["毕节市2024年1月1日—6月30日能源生产情况"], HEADER, JUNE]}
    )
    rows, failures = loaded(path, settings, catalog)
    assert rows == [("2024-06", 612.4, 3550.2)]
    assert failures == []


# --------------------------------------------------------------------------------------------
# A file name and a title that disagree


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("能源局2024年5月.xlsx", "2024年1-6月"),
        ("能源局6月报表.xlsx", "2024年1-5月"),
        ("能源局2024年7月.xlsx", "2024年1-6月"),
    ],
)
def test_a_one_sheet_file_named_for_another_month_than_its_title_is_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog, name: str, title: str
) -> None:
    """A one-sheet file named for one month with a title naming another: refused (layout_ambiguous, the
    message names the file and the title), never loaded at the title's month without a remark."""
    path = write_xlsx(tmp_path / name, {"Sheet1": [[f"毕节市{title}能源生产情况"], HEADER, JUNE]})
    obs, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    assert obs.empty
    assert [f.code for f in failures] == [Code.LAYOUT_AMBIGUOUS]
    assert name in failures[0].message_zh


@pytest.mark.parametrize("name", ["能源局7月报送.xlsx", "能源局2024-07-05.xlsx", "能源局2024年6月.xlsx"])
def test_a_file_name_with_a_sending_date_or_the_same_month_is_no_conflict(
    tmp_path: Path, settings: Settings, catalog: Catalog, name: str
) -> None:
    """A file named for when it was sent or made (7月报送, 2024-07-05) or for the title's month: the
    title's June."""
    path = write_xlsx(tmp_path / name, {"Sheet1": [["毕节市2024年1-6月能源生产情况"], HEADER, JUNE]})
    rows, failures = loaded(path, settings, catalog)
    assert rows == [("2024-06", 612.4, 3550.2)]
    assert failures == []


def test_a_workbook_named_for_its_latest_month_keeps_its_earlier_months_sheets(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """能源局2024年6月.xlsx with sheets titled 1-5月 and 1-6月 (a sheet per month): May and June load."""
    may = ["煤炭产量", "万吨", 590.0, 2937.8]
    path = write_xlsx(tmp_path / "能源局2024年6月.xlsx", {
        "5月": [["毕节市2024年1-5月能源生产情况"], HEADER, may],
        "6月": [["毕节市2024年1-6月能源生产情况"], HEADER, JUNE],
    })  # fmt: skip
    rows, failures = loaded(path, settings, catalog)
    assert rows == [("2024-05", 590.0, 2937.8), ("2024-06", 612.4, 3550.2)]
    assert failures == []


def test_a_file_named_by_the_day_it_was_made_gives_no_period(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """能源局2024-07-05.xlsx under a title with a year only: the day it was made is no period (refused,
    never loaded at July); 能源局2024-06-30.xlsx (a month's last day) is June's."""
    made = write_xlsx(
        tmp_path / "能源局2024-07-05.xlsx", {"Sheet1": [["毕节市2024年能源生产情况"], HEADER, JUNE]}
    )
    rows, failures = loaded(made, settings, catalog)
    assert rows == []
    assert failures == [(Code.PERIOD_INVALID, "Sheet1")]
    end = write_xlsx(
        tmp_path / "能源局2024-06-30.xlsx", {"Sheet1": [["毕节市2024年能源生产情况"], HEADER, JUNE]}
    )
    rows, failures = loaded(end, settings, catalog)
    assert rows == [("2024-06", 612.4, 3550.2)]


# --------------------------------------------------------------------------------------------
# A title saying its figures are estimates


def test_a_table_titled_as_an_estimate_is_not_loaded(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """毕节市2024年6月预计完成情况: forecasts, not completed figures — not loaded, every value column says why."""
    path = write_xlsx(
        tmp_path / "能源.xlsx", {"能源": [["毕节市2024年1-6月能源生产预计完成情况"], HEADER, JUNE]}
    )
    obs, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    assert obs.empty
    ignored = [f for f in failures if f.code is Code.COLUMN_IGNORED]
    assert [f.cell for f in ignored] == ["C2", "D2"]
    assert all("预计数" in f.message_zh for f in ignored)


def test_a_title_naming_its_estimate_column_keeps_the_figures(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """…完成情况及全年预计 over 本月 | 1-本月累计 | 全年预计: the figures load, 全年预计 is not read."""
    path = write_xlsx(tmp_path / "能源.xlsx", {
        "能源": [["毕节市2024年1-6月能源生产完成情况及全年预计"], [*HEADER, "全年预计"], [*JUNE, 7300.0]],
    })  # fmt: skip
    rows, failures = loaded(path, settings, catalog)
    assert rows == [("2024-06", 612.4, 3550.2)]
    assert failures == [(Code.COLUMN_IGNORED, "能源")]


def test_a_sheet_named_for_a_later_month_than_the_file_is_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """能源局2024年5月.xlsx with sheets 5月 and 6月 under a title with a year only: May loads, June (later
    than the month the file is named for) is refused with a message naming the file and the sheet."""
    title = ["毕节市2024年能源生产情况"]
    may = ["煤炭产量", "万吨", 590.0, 2937.8]
    path = write_xlsx(
        tmp_path / "能源局2024年5月.xlsx", {"5月": [title, HEADER, may], "6月": [title, HEADER, JUNE]}
    )
    obs, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    assert obs["value_month"].tolist() == [590.0]
    assert [(f.code, f.sheet) for f in failures] == [(Code.LAYOUT_AMBIGUOUS, "6月")]
    assert "文件名和工作表名" in failures[0].message_zh


# --------------------------------------------------------------------------------------------
# Dates of the form beside the period on a title line


@pytest.mark.parametrize(
    "rows",
    [
        [
            ["毕节市能源统计月报", None, None, "有效期至：2025年12月"],
            ["2024年1-6月", None, None, "表号：能源1表"],
        ],
        [["毕节市能源生产情况"], ["报告期：2024年6月", None, None, "填报日期：2024年7月5日"]],
    ],
)
def test_a_forms_dates_beside_the_period_are_not_the_period(
    tmp_path: Path, settings: Settings, catalog: Catalog, rows: list[list[object]]
) -> None:
    """有效期至：2025年12月 beside the title, or 填报日期 on the 报告期's row: the table is June's."""
    path = write_xlsx(tmp_path / "能源.xlsx", {"能源": [*rows, HEADER, JUNE]})
    rows_read, failures = loaded(path, settings, catalog)
    assert rows_read == [("2024-06", 612.4, 3550.2)]
    assert failures == []


def test_a_forms_validity_is_never_the_tables_month(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """有效期至：2024年12月 the only date around a table: no period (refused), never loaded at December."""
    path = write_xlsx(tmp_path / "能源.xlsx", {
        "能源": [["毕节市能源生产情况", None, None, "有效期至：2024年12月"], HEADER, JUNE],
    })  # fmt: skip
    rows, failures = loaded(path, settings, catalog)
    assert rows == []
    assert failures == [(Code.PERIOD_INVALID, "能源")]
