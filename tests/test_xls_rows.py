"""Hidden and flattened rows of an .xls among the rows shown at their height (bijie_etl.ingest.biff)."""

from __future__ import annotations

from pathlib import Path

import xlwt

from bijie_etl.ingest.biff import xls_sheet_facts


def test_hidden_and_flattened_rows_among_shown_ones_are_each_found(tmp_path: Path) -> None:
    """Every row has a ROW record; the ones shown at their height are stepped over, and each hidden row and
    each row under one point high (20 twips) is still found, wherever it lies among them."""
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("数据")
    for r in range(70):
        ws.write(r, 0, f"第{r + 1}行")
        ws.write(r, 1, r)
    for r in (0, 7, 41, 69):
        ws.row(r).hidden = True
    for r, twips in ((30, 19), (31, 20), (52, 0), (53, 256)):
        ws.row(r).height_mismatch = True
        ws.row(r).height = twips
    path = tmp_path / "行.xls"
    wb.save(str(path))

    facts = xls_sheet_facts(path.read_bytes())[1]["数据"]

    assert sorted(facts.hidden_rows) == [0, 7, 30, 41, 52, 69]
