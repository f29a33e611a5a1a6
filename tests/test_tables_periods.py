"""Period labels as departments type them (issue #13): month headers as date cells, 2024.01, 当月累计."""

from __future__ import annotations

from datetime import date

import pytest

from bijie_etl.catalog.model import load_catalog_from_settings
from bijie_etl.ingest.grammar import load_grammar, month_label
from bijie_etl.ingest.header_cells import date_as_shown
from bijie_etl.ingest.headers import period_from_text
from bijie_etl.settings import load_settings


@pytest.mark.parametrize(
    ("value", "code", "shown"),
    [
        (date(2024, 1, 1), 'm"月"', "1月"),
        (date(2025, 3, 1), "m\\月", "3月"),  # the stored year is not shown: not read
        (date(2024, 6, 1), 'yyyy"年"m"月"', "2024年6月"),
        (date(2024, 1, 31), "yyyy-mm-dd", "2024年1月"),  # the last day of January
        (date(2024, 1, 1), None, "2024年1月"),
        (date(2024, 1, 15), "yyyy-mm-dd", None),  # a day in the month: not a month header
        (date(2024, 1, 15), 'yyyy"年"', None),  # no month shown
    ],
)
def test_a_date_header_is_the_month_its_format_shows(
    value: date, code: str | None, shown: str | None
) -> None:
    """A date cell in a header reads as the month label its number format shows, or not at all."""
    assert date_as_shown(value, code) == shown


@pytest.mark.parametrize(
    ("label", "month"),
    [
        ("2024.01", (2024, 1, False, "")),
        ("2024-06", (2024, 6, False, "")),
        ("202412", (2024, 12, False, "")),
        ("2024/3", (2024, 3, False, "")),
        ("2024-13", None),
        ("20241", None),
    ],
)
def test_months_typed_as_numbers_are_month_labels(label: str, month: tuple | None) -> None:
    """2024.01, 2024-06, 202412 name one month; 2024-13 and 20241 name none."""
    assert month_label(label) == month


def test_month_total_words_come_from_the_grammar() -> None:
    """本月累计 and 当月累计 are year-to-date words flagged as a possible month total; 截至本月末累计 is not."""
    grammar = load_grammar(load_settings().sources_dir / "headers.yaml")
    assert grammar.label("当月累计").month_total
    assert grammar.label("本月累计").month_total
    assert grammar.label("当月累计").measures == frozenset({"ytd"})
    assert not grammar.label("截至本月末累计").month_total


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("毕节市2024.1-6能源生产情况", date(2024, 6, 1)),
        ("2024.1—6", date(2024, 6, 1)),
        ("2024.01-2024.06", date(2024, 6, 1)),
        ("2024年1-6月份", date(2024, 6, 1)),
        ("2024年1月-6月", date(2024, 6, 1)),  # was January
        ("2024.6", date(2024, 6, 1)),
        ("2024.3-6", None),  # March to June: no single month to load, never March
        ("2024年3-6月", None),
        ("2024.1-13", None),  # a typo, never January
        ("2024-1-6月", date(2024, 6, 1)),  # dashes after the year, closed by 月: was January
        ("2024—1—12月份", date(2024, 12, 1)),
        ("2024-3-6月", None),  # was March
        ("2024-1-6", date(2024, 1, 1)),  # no 月: a date, 6 January
    ],
)
def test_a_range_of_months_in_a_title_is_the_year_to_date_or_nothing(text: str, month: date | None) -> None:
    """A title range from January is the year to date at its last month; any other range is no period."""
    assert period_from_text(text) == month


@pytest.mark.parametrize(
    ("typed", "county"),
    [
        ("1.七星关区", "七星关区"),
        ("（1）大方县", "大方县"),
        ("一、黔西市", "黔西市"),
        ("七星关区*", "七星关区"),
        ("其中：金沙县", "金沙县"),
        ("\u3000织金县 ", "织金县"),
        ("①威宁县", "威宁彝族回族苗族自治县"),
        ("市本级", None),  # the city's own level, not 全市
        ("其中：市本级", None),
        ("全市（不含百里杜鹃）", None),  # a qualifier in brackets is never dropped
        ("七星关区（含经开区）", None),
    ],
)
def test_a_county_label_with_numbering_or_marks_is_the_county(typed: str, county: str | None) -> None:
    """County labels get the indicator names' cleanup (numbering, 其中, marks), never bracket dropping."""
    assert load_catalog_from_settings(load_settings(), 2024).county(typed) == county
