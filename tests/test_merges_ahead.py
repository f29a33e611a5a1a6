"""calamine is handed each sheet part with its merged ranges ahead of its cells: the same cells and merges, or the part as it is."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from bijie_etl.errors import FileRejected
from bijie_etl.ingest import excel
from bijie_etl.ingest.excel import read_workbook, sniff
from bijie_etl.ingest.merges_ahead import merges_ahead, sheets_merges_ahead
from bijie_etl.ingest.zipparts import stored_copy
from corpus_workbooks import decoded, scanned_corpus_workbooks
from spreadsheets import write_xlsx

HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="main"><dimension ref="A1:B2"/>'
CELLS = b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row></sheetData>'
MERGES = b'<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>'


def test_every_corpus_workbook_decodes_the_same_with_its_merges_ahead() -> None:
    """For every corpus xlsx (Excel, WPS, LibreOffice, xlsxwriter, openpyxl), calamine gives the same cells and merges either way."""
    moved = 0
    for path, data, directory, contents in scanned_corpus_workbooks():
        changed = sheets_merges_ahead(directory.parts, contents)
        ahead = stored_copy(directory, contents, changed)
        if ahead is None or not changed:
            continue
        with zipfile.ZipFile(io.BytesIO(ahead)) as zf:
            assert zf.testzip() is None  # every changed part carries its own CRC
        assert decoded(ahead) == decoded(data), path.name
        moved += 1
    assert moved > 100


def test_the_element_put_ahead_is_the_sheets_own_or_an_empty_one() -> None:
    """A sheet's mergeCells is copied before <sheetData>; a sheet without one gets an empty one there."""
    tail = b'<pageMargins left="0.7"/></worksheet>'
    assert merges_ahead(HEAD + CELLS + MERGES + tail) == HEAD + MERGES + CELLS + MERGES + tail
    assert merges_ahead(HEAD + CELLS + tail) == HEAD + b"<mergeCells></mergeCells>" + CELLS + tail


@pytest.mark.parametrize(
    "xml",
    [
        HEAD + b"<!-- a comment -->" + CELLS + MERGES + b"</worksheet>",  # not plain markup before the cells
        HEAD + CELLS + b"<!-- <mergeCells></mergeCells> -->" + MERGES + b"</worksheet>",
        HEAD + b'<sheetPr codeName="a>b"/>' + CELLS + b"</worksheet>",  # ">" in a value
        HEAD + b"<?pi x?>" + CELLS + b"</worksheet>",
        HEAD.replace(b"<worksheet", b"<x:worksheet")
        + CELLS.replace(b"sheetData", b"x:sheetData")
        + b"</x:worksheet>",
        HEAD + CELLS + b'<x:mergeCells count="1"><x:mergeCell ref="A1:B1"/></x:mergeCells></worksheet>',
        HEAD
        + CELLS.replace(b"<t>a</t>", b"<t>mergeCells</t>")
        + b"</worksheet>",  # the word in a cell's text
        HEAD + CELLS.replace(b"<t>a</t>", b"<t>sheetData</t>") + MERGES + b"</worksheet>",
        HEAD + b"<sheetData/>" + MERGES + b"</worksheet>",
        HEAD + CELLS + MERGES + MERGES + b"</worksheet>",
        HEAD + CELLS + MERGES.replace(b"A1:B1", b"A1:B1 ") + b"</worksheet>",
        HEAD + CELLS + b"<foo",  # the tail cut short
    ],
)
def test_a_part_of_another_shape_is_left_as_it_is(xml: bytes) -> None:
    """Comments, instructions, prefixed names, the words elsewhere, odd merges or a broken tail: the part is handed over unchanged."""
    assert merges_ahead(xml) is None


def test_a_workbook_calamine_refuses_with_its_merges_ahead_is_read_from_its_parts_as_they_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When calamine refuses the copy with the merges ahead, the copy as the file has it decides: same sheets, or the same refusal."""
    path = write_xlsx(tmp_path / "a.xlsx", {"S": [["指标名称", "1-本月累计"], ["原煤产量", 1]]})
    data = path.read_bytes()

    def read() -> object:
        container = sniff(path, data[:512], max_uncompressed_bytes=1 << 30, data=data)
        return [
            (s.name, s.grid, s.merges)
            for s in read_workbook(path, max_rows=1000, data=data, container=container)
        ]

    expected = read()
    calls: list[int] = []
    decode = excel._decode

    def refuse_first(copy: bytes, formats: object, *, max_rows: int) -> object:
        calls.append(len(copy))
        if len(calls) == 1:
            raise FileRejected(excel.Code.FILE_UNREADABLE, "拒绝", "test")
        return decode(copy, formats, max_rows=max_rows)  # type: ignore[arg-type]

    monkeypatch.setattr(excel, "_decode", refuse_first)
    assert read() == expected
    assert len(calls) == 2  # the copy with the merges ahead, then the one without
    assert calls[0] != calls[1]
