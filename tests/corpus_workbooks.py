"""The corpus xlsx as the reader's scan leaves them, and what calamine decodes from a workbook's bytes.

Shared by the tests that check a rewritten copy calamine is handed (stored parts, merges ahead) against the file.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

from bijie_etl.errors import FileRejected
from bijie_etl.ingest.excel import check_xlsx_parts
from bijie_etl.ingest.zipparts import ZipDirectory, open_directory

__all__ = ["CORPUS", "decoded", "scanned_corpus_workbooks"]

CORPUS = Path(__file__).parent / "corpus"


def scanned_corpus_workbooks() -> Iterator[tuple[Path, bytes, ZipDirectory, dict[int, bytes]]]:
    """Each corpus xlsx opened as the reader opens it: its path, bytes, zip directory and the parts its safety
    scan read whole (by place); a file the scan refuses before calamine is handed anything (e701) is left out."""
    for path in sorted(CORPUS.glob("*.xlsx")):
        data = path.read_bytes()
        directory = open_directory(data)
        if not isinstance(directory, ZipDirectory):
            continue
        contents: dict[int, bytes] = {}
        try:
            check_xlsx_parts(path, max_rows=100_000, zf=directory, data=data, contents=contents)
        except FileRejected:
            continue
        yield path, data, directory, contents


def decoded(data: bytes) -> list[object]:
    """Every sheet calamine decodes from ``data``: name, visibility, cells, merged ranges and height."""
    import python_calamine as pc

    with pc.CalamineWorkbook.from_filelike(io.BytesIO(data)) as wb:
        return [
            (m.name, m.visible, s.to_python(skip_empty_area=False), s.merged_cell_ranges, s.total_height)
            for m in wb.sheets_metadata
            for s in [wb.get_sheet_by_name(m.name)]
        ]
