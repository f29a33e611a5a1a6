"""Which period a table's figures belong to when a sheet name, a title or a file name says it.

Sheets named by a month's number alone (05 | 06), names that carry the date a file was sent (7月报送)
and the period words departments write in titles (1至6月, 1季度, 截至6月底, 二〇二四年一至六月 …);
and cells marked "no value" with a run of dashes (— —, ---).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.errors import Code, Severity
from bijie_etl.ingest.discover import read_submission
from bijie_etl.ingest.headers import header_key, parse_period, period_from_text, without_sent_dates
from bijie_etl.ingest.reading import read_file
from bijie_etl.settings import Settings, load_settings
from bijie_etl.validate.rules import validate
from periods import AS_OF, loaded
from spreadsheets import write_xls, write_xlsx

HEADER = ["指标名称", "计量单位", "本月", "1-本月累计"]
MAY = ["煤炭产量", "万吨", 590.0, 2937.8]
JUNE = ["煤炭产量", "万吨", 612.4, 3550.2]


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def catalog(settings: Settings) -> Catalog:
    return load_catalog_from_settings(settings)


# --------------------------------------------------------------------------------------------
# Sheets named by a month's number


@pytest.mark.parametrize("names", [("05", "06"), ("5", "6")])
@pytest.mark.parametrize("write", [write_xlsx, write_xls])
def test_sheets_numbered_by_month_take_their_month_and_the_titles_year(
    tmp_path: Path, settings: Settings, catalog: Catalog, names: tuple[str, str], write
) -> None:
    """Sheets 05 and 06 (or 5 and 6) under one title with a year and no month are May's and June's."""
    title = ["毕节市2024年能源生产情况"]
    path = write(tmp_path / f"能源局报表.{'xlsx' if write is write_xlsx else 'xls'}", {
        names[0]: [title, HEADER, MAY],
        names[1]: [title, HEADER, JUNE],
    })  # fmt: skip
    rows, failures = loaded(path, settings, catalog)
    assert rows == [("2024-05", 590.0, 2937.8), ("2024-06", 612.4, 3550.2)]
    assert failures == []


def test_a_numbered_sheet_against_a_file_named_for_another_month_is_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Sheets 05 and 06 in a file named for June: 06 loads as June; 05 (May's sheet, or table 5 of
    June's report?) is refused, never loaded as June's with June's own sheet refused as its duplicate."""
    title = ["毕节市2024年能源生产情况"]
    path = write_xlsx(
        tmp_path / "能源局202406.xlsx", {"05": [title, HEADER, MAY], "06": [title, HEADER, JUNE]}
    )
    obs, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    assert obs[["period", "value_month"]].astype(str).values.tolist() == [["2024-06-01", "612.4"]]
    assert [(f.code, f.sheet, f.severity) for f in failures] == [
        (Code.LAYOUT_AMBIGUOUS, "05", Severity.ERROR)
    ]
    assert "表的序号" in failures[0].message_zh
    assert "文件名写的是2024年6月" in failures[0].message_zh


def test_numbered_sheets_under_a_title_naming_another_month_are_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Sheets 5 and 6 under one copied title 2024年1-6月: sheet 5 is refused (never May's figures as June's)."""
    title = ["毕节市2024年1-6月能源生产情况"]
    path = write_xls(tmp_path / "能源局.xls", {"5": [title, HEADER, MAY], "6": [title, HEADER, JUNE]})
    rows, failures = loaded(path, settings, catalog)
    assert rows == [("2024-06", 612.4, 3550.2)]
    assert failures == [(Code.LAYOUT_AMBIGUOUS, "5")]


def test_one_sheet_named_by_a_number_gives_no_month(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A lone sheet named 1 (a renamed Sheet1, or table 1) under a title with a year only is not January:
    the period is missing and nothing loads."""
    path = write_xlsx(tmp_path / "能源局报表.xlsx", {"1": [["毕节市2024年能源生产情况"], HEADER, JUNE]})
    rows, failures = loaded(path, settings, catalog)
    assert rows == []
    assert failures == [(Code.PERIOD_INVALID, "1")]


def test_a_table_number_is_never_a_month(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """Sheets 表3 and 表4 under a title with a year only give no month (nothing loads)."""
    title = ["毕节市2024年能源生产情况"]
    path = write_xlsx(
        tmp_path / "能源局报表.xlsx", {"表3": [title, HEADER, MAY], "表4": [title, HEADER, JUNE]}
    )
    rows, failures = loaded(path, settings, catalog)
    assert rows == []
    assert {code for code, _ in failures} == {Code.PERIOD_INVALID}


@pytest.mark.parametrize(
    ("name", "month"),
    [
        ("能源局6月报表", 6),
        ("能源局六月份数据", 6),
        ("能源局（1-6月）", 6),
        ("上半年数据", 6),
        ("截至5月底", 5),
        ("十二月", 12),
        ("24年4月", 4),
        ("2024年能源统计月报（6月）", 6),
        ("6月(2)", 6),
        ("6月 (2)", 6),
        ("能源局6月报表(1)", 6),
        ("01能源局6月报表", 6),
        ("3-能源局6月报表", 6),
        ("24.05", 5),
        ("Jun", 6),
        ("June 2024", 6),
        ("Jun-24", 6),
    ],
)
def test_a_month_among_words_in_a_name(name: str, month: int, settings: Settings) -> None:
    """A name holding one month word of the header grammar among other words names that month (after a
    copy's (2) and a leading list number are set aside), and so does 24.05 or an English month name."""
    from bijie_etl.ingest.grammar import load_grammar
    from bijie_etl.ingest.table_period import named_month

    found = named_month(name, load_grammar(settings.sources_dir / "headers.yaml"))
    assert found is not None
    assert found.month == month


@pytest.mark.parametrize(
    "name",
    [
        "表3 6月",
        "能源局6月10日报",
        "4-6月",
        "第二季度",
        "上年6月",
        "能源5月6月",
        "Sheet1 (2)",
        "10.1",
        "Junk",
    ],
)
def test_a_name_saying_more_than_one_month_word_names_none(name: str, settings: Settings) -> None:
    """A name with another number (a table number, a day), a range not from January, a quarter of its own,
    last year's month, two months, a table number 10.1 or an English word that is no month names no month."""
    from bijie_etl.ingest.grammar import load_grammar
    from bijie_etl.ingest.table_period import named_month

    assert named_month(name, load_grammar(settings.sources_dir / "headers.yaml")) is None


def test_a_file_named_for_a_month_gives_it_under_a_title_with_a_year_only(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """能源局6月报表.xlsx with one sheet Sheet1 under 毕节市2024年能源生产情况: June 2024 (it was refused)."""
    path = write_xlsx(
        tmp_path / "能源局6月报表.xlsx", {"Sheet1": [["毕节市2024年能源生产情况"], HEADER, JUNE]}
    )
    rows, failures = loaded(path, settings, catalog)
    assert rows == [("2024-06", 612.4, 3550.2)]
    assert failures == []


@pytest.mark.parametrize("stem", ["能源局2024年1-6月", "2024年1-6月分县", "能源局2024.1-6"])
def test_a_file_named_for_a_range_of_months_is_that_period_not_a_day(
    tmp_path: Path, settings: Settings, catalog: Catalog, stem: str
) -> None:
    """A file 能源局2024年1-6月.xlsx (no title) is read at June: 2024年1-6 is no day (2024-01-06) the file was made
    (it was: no period at all, every row refused)."""
    path = write_xlsx(tmp_path / f"{stem}.xlsx", {"Sheet1": [HEADER, JUNE]})
    rows, failures = loaded(path, settings, catalog)
    assert rows == [("2024-06", 612.4, 3550.2)]
    assert failures == []


@pytest.mark.parametrize("stem", ["能源局2024-07-05", "能源局2024年7月5日导出", "能源局2024.07.05"])
def test_a_file_named_for_a_day_still_gives_no_period(settings: Settings, stem: str) -> None:
    """A date to the day in a file's name is when it was made, never its period."""
    from bijie_etl.ingest.period_names import file_name_period

    assert file_name_period(stem) is None


@pytest.mark.parametrize(
    ("file_name", "title", "period"),
    [
        ("能源局2024年报表.xlsx", ["毕节市1-6月能源生产情况"], "2024-06"),
        ("能源局报表.xlsx", ["2024年"], None),  # a year and no month anywhere
        ("能源局2024年5月.xlsx", ["毕节市1-5月能源生产情况"], "2024-05"),
        ("能源局2024年6月.xlsx", ["毕节市1-5月能源生产情况"], None),  # file and title disagree: refused
    ],
)
def test_a_titles_months_without_a_year_take_the_year_found_elsewhere(
    tmp_path: Path, settings: Settings, catalog: Catalog, file_name: str, title: list[str], period: str | None
) -> None:
    """A title 毕节市1-6月… without a year is June of the year the file name (or sheet name) gives."""
    path = write_xlsx(tmp_path / file_name, {"Sheet1": [title, HEADER, JUNE]})
    rows, _failures = loaded(path, settings, catalog)
    assert rows == ([(period, 612.4, 3550.2)] if period else [])


# --------------------------------------------------------------------------------------------
# The date a file was sent


@pytest.mark.parametrize(
    ("sheet", "title", "period"),
    [
        ("7月报送", "毕节市2024年1-6月能源生产情况", "2024-06"),
        ("6月上报", "毕节市2024年1-5月能源生产情况", "2024-05"),
        ("2024-07-08报送", "毕节市2024年6月能源生产情况", "2024-06"),
    ],
)
def test_a_sheet_named_for_its_sending_date_is_read_at_the_titles_period(
    tmp_path: Path, settings: Settings, catalog: Catalog, sheet: str, title: str, period: str
) -> None:
    """A sheet named 7月报送 under a 2024年1-6月 title is June's report sent in July: read at June, no conflict."""
    path = write_xlsx(tmp_path / "能源局.xlsx", {sheet: [[title], HEADER, JUNE]})
    rows, failures = loaded(path, settings, catalog)
    assert rows == [(period, 612.4, 3550.2)]
    assert failures == []


def test_a_sending_date_is_no_period(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """A file named 能源局2024年7月报送 with a sheet 7月报送 under a title with a year only has no period
    (never July): nothing loads, period_invalid."""
    path = write_xlsx(
        tmp_path / "能源局2024年7月报送.xlsx", {"7月报送": [["毕节市2024年能源生产情况"], HEADER, JUNE]}
    )
    rows, failures = loaded(path, settings, catalog)
    assert rows == []
    assert failures == [(Code.PERIOD_INVALID, "7月报送")]


@pytest.mark.parametrize(
    "stamp",
    ["填报时间：2024年7月5日", "打印时间：2024-07-05 10:20", "制表时间：2024年7月", "导出时间 2024/7/5"],
)
def test_a_fill_in_or_print_time_above_the_title_is_no_period(
    tmp_path: Path, settings: Settings, catalog: Catalog, stamp: str
) -> None:
    """A form's 填报时间 / 打印时间 line above the title 2024年1-6月… is when it was filled or printed: the
    figures are June's, never July's (they were loaded as July's)."""
    sheet = [[None, "表号：能源1表", stamp], ["毕节市2024年1-6月能源生产情况"], HEADER, JUNE]
    path = write_xlsx(tmp_path / "能源局.xlsx", {"能源": sheet})
    rows, failures = loaded(path, settings, catalog)
    assert rows == [("2024-06", 612.4, 3550.2)]
    assert failures == []


def test_a_fill_in_time_alone_gives_no_period(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """Under a title with no period, a line 填报时间：2024年7月5日 is no period: nothing loads (period_invalid)."""
    sheet = [["毕节市能源生产情况"], ["填报时间：2024年7月5日"], HEADER, JUNE]
    path = write_xlsx(tmp_path / "能源局.xlsx", {"能源": sheet})
    rows, failures = loaded(path, settings, catalog)
    assert rows == []
    assert failures == [(Code.PERIOD_INVALID, "能源")]


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("7月报送", ""),
        ("6月上报", ""),
        ("七月报送", ""),
        ("2024-07-08报送", ""),
        ("报送时间：2024年7月8日", ""),
        ("能源数据（7月10日报送）", "能源数据()"),
        ("2024年1-6月报送", "2024年1-6月报送"),  # the end of the period's range, not a sending date
        ("6月报", "6月报"),  # 月报: June's monthly report
        ("5月份报表", "5月份报表"),
        ("填报时间：2024年7月5日", ""),
        ("打印时间：2024-07-05", ""),
        ("统计时间：2024年6月", "统计时间：2024年6月"),  # when the figures are from: the period
    ],
)
def test_sending_dates_are_set_aside(text: str, left: str) -> None:
    """Only a date beside 报送/上报/报出… (or after 报送时间) is set aside; a period's range end and 月报 stay."""
    assert without_sent_dates(header_key(text)) == header_key(left)


def test_a_sending_date_in_a_title_is_not_its_period() -> None:
    """A title line 2024年能源数据（7月10日报送） names no period; 1-6月 beside a sending date is June."""
    assert period_from_text("毕节市2024年能源数据（2024年7月10日报送）") is None
    assert period_from_text("毕节市2024年1-6月能源数据（7月10日报送）") == date(2024, 6, 1)


# --------------------------------------------------------------------------------------------
# Period words in titles (the header grammar's months and spans after a year)


@pytest.mark.parametrize(
    ("title", "month"),
    [
        ("毕节市2024年1季度能源生产情况", 3),
        ("毕节市2024年第1季度能源生产情况", 3),
        ("毕节市2024年1-2季度能源生产情况", 6),
        ("毕节市2024年一至三季度能源生产情况", 9),
        ("毕节市2024年1至3季度能源生产情况", 9),
        ("毕节市2024年度1-6月能源生产情况", 6),
        ("2024年截至6月底毕节市能源生产情况", 6),
        ("毕节市二〇二四年一至六月能源生产情况", 6),
        ("毕节市2024年1到6月能源生产情况", 6),
        ("毕节市2024年元至6月能源生产情况", 6),
        ("毕节市2024年前5个月能源生产情况", 5),
        ("能源生产情况2024Q1", 3),
        ("毕节市2024年1—6月份能源生产情况", 6),
        ("毕节市能源生产情况（截至2024年6月底）", 6),
        ("毕节市2024年6月末能源生产情况", 6),
        ("毕节市2024年二季度能源生产情况", 6),  # its own quarter: the table says so (period_own)
    ],
)
def test_period_words_in_a_title_give_the_last_month_they_cover(title: str, month: int) -> None:
    """A title's period words, as the header grammar reads them after a year, give the month they end with."""
    assert period_from_text(title) == date(2024, month, 1)


@pytest.mark.parametrize("text", ["毕节市2024年能源生产情况", "能源局20240705", "2024年到位资金", "表3"])
def test_words_that_are_no_period_give_none(text: str) -> None:
    """A year alone, a date typed as one number in a name (the day it was exported), 到 in a word: no period."""
    assert period_from_text(text) is None


def test_to_between_month_numbers_is_a_dash_only_there() -> None:
    """1到6月 is 1-6月; 到位资金 keeps its 到."""
    assert header_key("1到6月") == "1-6月"
    assert header_key("到位资金") == "到位资金"


@pytest.mark.parametrize("cell", [20240630, "20240630", "2024/6/30", "2024年1至6月", "二〇二四年六月"])
def test_a_period_cell_as_departments_type_it(cell: object) -> None:
    """A 统计期 cell typed as a date in one number, a date as text, 1至6月 or Chinese digits is June."""
    assert parse_period(cell) == date(2024, 6, 1)


# --------------------------------------------------------------------------------------------
# A quarter's own figures are never a month or a year to date


def test_a_quarters_total_beside_its_months_is_not_the_year_to_date(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """4月 | 5月 | 6月 | 二季度合计 under a 二季度 title: the quarter's total (4-6月) is never loaded as the year
    to date at June (it was); it is column_ignored, and the months without a year to date are refused."""
    sheet = [
        ["毕节市2024年二季度能源生产情况"],
        ["指标名称", "计量单位", "4月", "5月", "6月", "二季度合计"],
        ["煤炭产量", "万吨", 601.3, 590.0, 612.4, 1803.7],
    ]
    path = write_xlsx(tmp_path / "能源局.xlsx", {"数据": sheet})
    rows, failures = loaded(path, settings, catalog)
    assert rows == []
    assert (Code.COLUMN_IGNORED, "数据") in failures


def test_a_total_under_a_quarter_group_is_the_quarters_own(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """二季度 over 4月 | 5月 | 6月 | 合计, beside 1-6月累计: the 合计 is the quarter's own total (ignored), the
    year to date at June is the 1-6月累计 column."""
    sheet = [
        ["毕节市2024年能源生产情况"],
        ["指标名称", "计量单位", "二季度", None, None, None, "1-6月累计"],
        [None, None, "4月", "5月", "6月", "合计", None],
        ["煤炭产量", "万吨", 601.3, 590.0, 612.4, 1803.7, 3550.2],
    ]
    merges = {"数据": ["A2:A3", "B2:B3", "C2:F2", "G2:G3"]}
    path = write_xlsx(tmp_path / "能源局.xlsx", {"数据": sheet}, merges=merges)
    obs, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    june = obs[obs["period"] == date(2024, 6, 1)]
    assert june[["value_month", "value_ytd"]].values.tolist() == [[612.4, 3550.2]]
    ignored = [f for f in failures if f.code is Code.COLUMN_IGNORED]
    assert "F3" in [f.cell for f in ignored]  # 二季度 › 合计: the quarter's own total
    assert "单季" in next(f.message_zh for f in ignored if f.cell == "F3")


def test_rows_of_a_quarter_are_refused_with_that_reason_not_as_an_empty_sheet(
    tmp_path: Path, settings: Settings
) -> None:
    """A 统计期 of 2024年二季度 on every row (its own figures): the file is refused saying so, not "只有表头"."""
    sheet = [["指标名称", "计量单位", "统计期", "本期值"], ["煤炭产量", "万吨", "2024年二季度", 1803.7]]
    inbox = tmp_path / "inbox"
    (inbox / "能源局").mkdir(parents=True)
    path = write_xlsx(inbox / "能源局" / "能源局.xlsx", {"数据": sheet})
    sub, read = read_submission(path, settings=settings, inbox=inbox)
    assert read is None
    assert [(f.code, f.cell) for f in sub.failures] == [(Code.COLUMN_IGNORED, "D2")]
    assert "二季度" in sub.error
    assert "只有表头" not in sub.error


# --------------------------------------------------------------------------------------------
# Cells marked "no value" with a run of dashes


@pytest.mark.parametrize("typed", ["— —", "---", "—-", "─", "─ ─", "- -", "―"])
def test_a_run_of_dashes_is_no_value_like_a_single_dash(typed: str, settings: Settings) -> None:
    """— —, ---, ─ … mean "no value" as — does: no number and no problem (never value_not_number)."""
    from bijie_etl.ingest.cells import read_cell
    from bijie_etl.ingest.headers import load_header_spec
    from bijie_etl.units import load_units

    spec = load_header_spec(settings.sources_dir / "headers.yaml")
    units = load_units(settings.schemas_dir / "units.yaml")
    for growth in (False, True):
        reading = read_cell(typed, missing=spec.missing_markers, units=units, growth=growth)
        assert (reading.number, reading.problem) == (None, None)


@pytest.mark.parametrize("typed", ["-2.1", "- 2.1", "1-2", "2.1-"])
def test_a_dash_with_digits_is_not_a_no_value_mark(typed: str, settings: Settings) -> None:
    """A dash beside digits is a sign or a range, never "no value": -2.1 is a number, 1-2 and 2.1- are refused."""
    from bijie_etl.ingest.cells import read_cell
    from bijie_etl.ingest.headers import load_header_spec
    from bijie_etl.units import load_units

    spec = load_header_spec(settings.sources_dir / "headers.yaml")
    units = load_units(settings.schemas_dir / "units.yaml")
    reading = read_cell(typed, missing=spec.missing_markers, units=units)
    assert reading.number is not None or reading.problem is not None


@pytest.mark.parametrize(
    ("label", "month"),
    [
        ("一季度末", 3),
        ("二季度末", 6),
        ("上半年末", 6),
        ("三季度末", 9),
        ("截至三季度末", 9),
        ("四季度末", 12),
    ],
)
def test_the_end_of_a_quarter_is_the_year_to_date_at_its_last_month(
    label: str, month: int, settings: Settings
) -> None:
    """A column headed 二季度末 (as at the end of the quarter, like 截至6月底) is the year to date at June."""
    from bijie_etl.ingest.grammar import combine, load_grammar

    role = combine([load_grammar(settings.sources_dir / "headers.yaml").label(label)])
    assert (role.kind, role.field, role.month, role.is_range) == ("value", "@ytd", month, True)


@pytest.mark.parametrize("label", ["年初以来", "自年初以来", "本年以来"])
def test_since_the_start_of_the_year_is_the_year_to_date(label: str, settings: Settings) -> None:
    """年初以来 / 本年以来 (like 今年以来) head the year to date."""
    from bijie_etl.ingest.grammar import combine, load_grammar

    role = combine([load_grammar(settings.sources_dir / "headers.yaml").label(label)])
    assert (role.kind, role.field) == ("value", "value_ytd")


def test_a_range_with_its_year_at_both_ends_is_the_year_to_date() -> None:
    """2024年1月-2024年6月 is 1-6月 (June), never January."""
    assert period_from_text("毕节市2024年1月—2024年6月能源生产情况") == date(2024, 6, 1)


@pytest.mark.parametrize(
    "text", ["毕节市2023年12月—2024年5月能源生产情况", "2023.12-2024.5", "统计期：2023年7月-2024年6月"]
)
def test_months_across_two_years_are_no_period(text: str) -> None:
    """A range from a month of one year to a month of the next is no year to date: no period (never December)."""
    from bijie_etl.ingest.headers import partial_range

    assert period_from_text(text) is None
    assert partial_range(text)


def test_last_years_column_named_by_its_year_is_the_prior_year_to_date(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """1-6月累计 | 2023年1-6月 | 同比增长 under a 2024年1-6月 title: 2023年1-6月 is 上年同期 (the table was refused)."""
    sheet = [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "1-6月累计", "2023年1-6月", "同比增长（%）"],
        ["煤炭产量", "万吨", 3550.2, 3342.1, 6.2],
    ]
    path = write_xlsx(tmp_path / "能源局.xlsx", {"能源": sheet})
    obs, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    assert obs[["value_ytd", "value_ytd_prior", "growth_pct"]].values.tolist() == [[3550.2, 3342.1, 6.2]]
    assert failures == []


def test_months_of_another_year_under_the_title_still_clash(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """2023年5月 | 2023年6月 month columns under a 2024年1-6月 title: the dates' year may be wrong — refused."""
    sheet = [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "2023年5月", "2023年6月", "1-6月累计"],
        ["煤炭产量", "万吨", 590.0, 612.4, 3550.2],
    ]
    path = write_xlsx(tmp_path / "能源局.xlsx", {"能源": sheet})
    obs, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    assert obs.empty
    assert Code.LAYOUT_AMBIGUOUS in {f.code for f in failures}


@pytest.mark.parametrize(
    ("cell", "period"), [("本年6月", "2024-06"), ("今年1-6月", "2024-06"), ("上年6月", None)]
)
def test_a_period_cell_in_this_years_words_takes_the_tables_year(
    tmp_path: Path, settings: Settings, catalog: Catalog, cell: str, period: str | None
) -> None:
    """A 统计期 cell 本年6月 / 今年1-6月 is June of the title's year; 上年6月 names no period of this table."""
    sheet = [
        ["毕节市2024年能源生产情况"],
        ["指标名称", "计量单位", "统计期", "本月", "1-本月累计"],
        ["煤炭产量", "万吨", cell, 612.4, 3550.2],
    ]
    path = write_xlsx(tmp_path / "能源局.xlsx", {"能源": sheet})
    rows, failures = loaded(path, settings, catalog)
    assert rows == ([(period, 612.4, 3550.2)] if period else [])
    assert bool(failures) is (period is None)
