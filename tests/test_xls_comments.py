"""Cell comments (批注) of an .xls: read from the sheets' NOTE/OBJ/TXO records, as an xlsx's are from its comments part."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bijie_etl.ingest.biff import _biff_globals, _cfb_stream, xls_sheet_facts
from bijie_etl.ingest.biff_notes import xls_comments
from bijie_etl.ingest.reading import read_file
from bijie_etl.validate.rules import validate

CORPUS = Path(__file__).parent / "corpus"
COMMENTED = CORPUS / "e396_energy_xls_comment_says_estimate.xls"  # written by LibreOffice (MS Excel 97)


def _stream(path: Path) -> bytes:
    stream = _cfb_stream(path.read_bytes(), ("Workbook", "Book"))
    assert stream
    return stream


def test_every_comment_of_an_xls_is_read_with_its_cell() -> None:
    stream = _stream(COMMENTED)
    globals_ = _biff_globals(stream, with_visibility=False)
    assert globals_ is not None
    assert xls_comments(stream, globals_.sheets) == {
        "能源": {
            (3, 0): "按省统计局口径",  # on a name: read, never used
            (5, 2): "6月数为预计数，待电网公司反馈后更正",  # UTF-16 text
            (4, 3): "含电厂自备煤，非预计数",
            (3, 4): "checked",  # one byte per character
        }
    }


def test_only_the_comment_calling_its_figure_an_estimate_becomes_a_fact() -> None:
    _formats, facts, _date1904 = xls_sheet_facts(COMMENTED.read_bytes())
    assert facts["能源"].estimates == {(5, 2): "6月数为预计数，待电网公司反馈后更正"}


def test_an_xls_without_comments_has_no_estimates() -> None:
    for path in sorted(CORPUS.glob("*.xls"))[:12]:
        if path == COMMENTED:
            continue
        _formats, facts, _date1904 = xls_sheet_facts(path.read_bytes())
        assert all(not f.estimates for f in facts.values()), path.name


def test_the_estimate_is_refused_with_its_row_and_the_message_quotes_the_comment(settings, catalog) -> None:  # type: ignore[no-untyped-def]
    read = read_file(COMMENTED, settings, catalog=catalog)
    observations, failures = validate(read, catalog, as_of=date(2024, 7, 15), file_name=COMMENTED.name)
    assert sorted(observations["indicator_code"]) == ["coal_output", "thermal_coal_supply"]
    [refused] = [f for f in failures if f.code.value == "value_is_estimate"]
    assert (refused.sheet, refused.cell) == ("能源", "C6")
    assert "6月数为预计数，待电网公司反馈后更正" in refused.message_zh
