"""One vocabulary: status words, orders and colours are defined once and used everywhere."""

from __future__ import annotations

import re

from bijie_etl.settings import PACKAGED_CONFIG
from bijie_etl.vocabulary import ALERTING, READING_ORDER, STATUS_ORDER, Status


def test_every_status_has_words_and_both_orders_list_each_status_once() -> None:
    """Each status has a label, phrase, English label and colours; the two orders are permutations."""
    for status in Status:
        words = status.words
        assert all((words.label_zh, words.phrase_zh, words.label_en))
        assert re.fullmatch(r"#[0-9a-f]{6}", words.colour)
        assert re.fullmatch(r"#[0-9a-f]{6}", words.tint)
    assert sorted(STATUS_ORDER) == sorted(Status) == sorted(READING_ORDER)
    assert set(STATUS_ORDER[: len(ALERTING)]) == ALERTING  # the alerting statuses are the most urgent


def test_dashboard_emails_and_pace_use_the_vocabulary() -> None:
    """The dashboard tiles, the email phrases and pace's Status are the vocabulary's, not copies."""
    from bijie_etl.alerts import compose, state
    from bijie_etl.dashboard import STATUSES
    from bijie_etl.pace import rules

    assert rules.Status is Status
    assert [(s.code, s.label_zh, s.color) for s in STATUSES] == [
        (s.value, s.label_zh, s.words.colour) for s in READING_ORDER
    ]
    assert compose._PHRASE_ZH == {
        "off_track": "进度滞后",
        "at_risk": "进度预警",
        "late": "数据迟报",
        "no_data": "无数据",
    }
    assert {s.value for s in ALERTING} == state.ALERTING_STATUSES


def test_the_view_comment_lists_the_stored_labels() -> None:
    """v_indicator_status documents status_zh with exactly the vocabulary's labels, in reading order."""
    sql = (PACKAGED_CONFIG / "sql" / "views" / "50_v_indicator_status.sql").read_text(encoding="utf-8")
    comment = re.search(r"status_zh IS '状态: ([^']*)'", sql)
    assert comment is not None
    assert comment.group(1).split(" | ") == [s.label_zh for s in READING_ORDER]


def test_fields_are_written_once_and_the_template_validation_and_reader_use_them() -> None:
    """The template's header, validation's messages, the reader's field list and the grammar's measures are the vocabulary's fields."""
    from bijie_etl.ingest import grammar, layouts, template
    from bijie_etl.validate import rules
    from bijie_etl.vocabulary import FIELD_LABELS_ZH, FIELDS, MEASURES, TEXT_FIELDS

    assert tuple((FIELD_LABELS_ZH[f], f) for f in FIELDS) == template.HEADER
    assert rules.FIELD_LABELS is FIELD_LABELS_ZH
    assert layouts.FIELDS is FIELDS
    assert grammar.MEASURE_FIELDS is MEASURES
    assert set(TEXT_FIELDS) | set(MEASURES) == set(FIELDS)
    assert FIELD_LABELS_ZH["value_ytd"] == "1-本月累计"


def test_one_number_formatter_for_people() -> None:
    """Figures shown to people: separators, at most two decimals, no trailing zeros, — when missing; chart labels by size."""
    from bijie_etl.alerts.compose import format_value
    from bijie_etl.dashboard import format_number
    from bijie_etl.vocabulary import fmt_as_typed, fmt_number

    assert fmt_number(7300.0) == "7,300"
    assert fmt_number(7300) == "7,300"
    assert fmt_number(1234.5) == "1,234.5"
    assert fmt_number(6.825) in ("6.82", "6.83")
    assert fmt_number(-0.001) == "0"
    assert fmt_number(None) == "—"
    assert fmt_number(float("nan")) == "—"
    assert fmt_number(3e17) == "3e+17"
    assert format_number(7300.55) == "7,301"  # a chart label: precision by size
    assert format_number(570.55) == "570.5" or format_number(570.55) == "570.6"
    assert format_value(1234.5, "亿元") == "1,234.5亿元"
    assert fmt_as_typed(7300.0) == "7300"  # quoting a cell: as typed, no separators
    assert fmt_as_typed(0.0123456) == "0.01235"
    assert fmt_as_typed(None) == ""
