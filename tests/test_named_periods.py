"""Which period a table's figures belong to when a sheet name, a title or a file name says it.

Sheets named by a month's number alone (05 | 06), names that carry the date a file was sent (7月报送)
and the period words departments write in titles (1至6月, 1季度, 截至6月底, 二〇二四年一至六月 …).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.errors import Code, Severity
from bijie_etl.ingest.headers import header_key, period_from_text, without_sent_dates
from bijie_etl.ingest.reading import read_file
from bijie_etl.settings import Settings, load_settings
from bijie_etl.validate.rules import validate
from spreadsheets import write_xls, write_xlsx

AS_OF = date(2024, 12, 31)
HEADER = ["指标名称", "计量单位", "本月", "1-本月累计"]
MAY = ["煤炭产量", "万吨", 590.0, 2937.8]
JUNE = ["煤炭产量", "万吨", 612.4, 3550.2]


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def catalog(settings: Settings) -> Catalog:
    return load_catalog_from_settings(settings)


def loaded(path: Path, settings: Settings, catalog: Catalog) -> tuple[list[tuple[str, float, float]], list]:
    """(period, 本月, 累计) of every loaded row, and the failures (code, sheet) apart from notes."""
    obs, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    rows = [(f"{p:%Y-%m}", m, y) for p, m, y in obs[["period", "value_month", "value_ytd"]].values.tolist()]
    return rows, [(f.code, f.sheet) for f in failures if f.code is not Code.NOTE_IGNORED]


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
    ],
)
def test_sending_dates_are_set_aside(text: str, left: str) -> None:
    """Only a date beside 报送/上报/报出… (or after 报送时间) is set aside; a period's range end and 月报 stay."""
    assert without_sent_dates(header_key(text)) == header_key(left)


def test_a_sending_date_in_a_title_is_not_its_period() -> None:
    """A title line 2024年能源数据（7月10日报送） names no period; 1-6月 beside a sending date is June."""
    assert period_from_text("毕节市2024年能源数据（2024年7月10日报送）") is None
    assert period_from_text("毕节市2024年1-6月能源数据（7月10日报送）") == date(2024, 6, 1)
