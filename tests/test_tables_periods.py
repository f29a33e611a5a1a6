"""Period labels as departments type them (issue #13): month headers as date cells, 2024.01, 当月累计."""

from __future__ import annotations

from datetime import date

import pytest

from bijie_etl.ingest.grammar import load_grammar, month_label
from bijie_etl.ingest.header_cells import date_as_shown
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
