"""Worksheets written without cell references (``r`` is optional in OOXML) read as with them."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from bijie_etl.ingest.cellrefs import with_cell_refs
from bijie_etl.ingest.excel import read_workbook


def test_the_references_are_counted_as_excel_counts_them() -> None:
    xml = (
        b'<worksheet><cols><col min="1" max="2"/></cols><sheetData>'
        b'<row><c t="s"><v>0</v></c><c s="2"><v>0.1</v></c></row>'
        b'<row r="4"><c/><c r="D4"><v>1</v></c><c><v>2</v></c></row>'
        b'<row><c r="B7"><v>3</v></c><c/></row><row/>'
        b"</sheetData></worksheet>"
    )
    got = with_cell_refs(xml)
    assert re.findall(rb'<(?:row|c) r="(\w+)"', got) == [
        b"1", b"A1", b"B1", b"4", b"A4", b"D4", b"E4", b"7", b"B7", b"C7", b"8",
    ]  # fmt: skip
    assert b'<col min="1"' in got  # <col> is no cell
    assert with_cell_refs(got) == got


def test_prefixed_tags_get_their_references() -> None:
    xml = b"<x:worksheet><x:sheetData><x:row><x:c><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>"
    assert with_cell_refs(xml) == (
        b'<x:worksheet><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>'
    )


def _write(path: Path, *, refs: bool) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    rows = [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "1-6月累计", "同比增长"],
        ["煤炭产量", "万吨", 3550.2, 0.1],
        ["电煤供应量", "万吨", 1500.0, 0.05],
        ["发电量", "亿千瓦时", 268.4, 0.12],
    ]
    for row in rows:
        ws.append(row)
    for r in (3, 4, 5):
        ws.cell(r, 4).number_format = "0.0%"
    ws.row_dimensions[4].hidden = True
    wb.save(path)
    if not refs:
        with zipfile.ZipFile(path) as zf:
            parts = [(info, zf.read(info)) for info in zf.infolist()]
        with zipfile.ZipFile(path, "w") as zf:
            for info, data in parts:
                if info.filename.startswith("xl/worksheets/"):
                    data = re.sub(rb'(<(?:c|row)\b[^>]*?) r="[A-Z]*\d+"', rb"\1", data)
                zf.writestr(info, data)
    return path


@pytest.mark.parametrize("refs", [True, False])
def test_formats_and_hidden_rows_are_placed_without_references(tmp_path: Path, refs: bool) -> None:
    (sheet,) = read_workbook(_write(tmp_path / "f.xlsx", refs=refs), max_rows=1000)
    assert set(sheet.formats) == {(2, 3), (3, 3), (4, 3)}  # 0.1 shown 10.0%: read 10.0, never 0.1
    with_refs = read_workbook(_write(tmp_path / "g.xlsx", refs=True), max_rows=1000)[0]
    assert sheet.hidden_rows == [3]  # the hidden 电煤供应量 row set aside, never read
    assert sheet.grid == with_refs.grid
