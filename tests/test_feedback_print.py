"""The feedback workbook reads and prints well: A4 landscape, one page wide, header repeated, messages wrapped."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest

from bijie_etl.errors import Code, Failure
from bijie_etl.ingest.feedback import location, write_feedback
from bijie_etl.ingest.submission import Submission

LONG = "“1-本月累计”{n}处超过全年目标10处的3倍，可能是单位填错（如把“吨”当作“万吨”）；请核对计量单位和数值，并与上月累计数、本月数逐项核对后重新报送"


def _report(tmp_path: Path, rows: int = 40) -> Path:
    failures = [
        Failure(
            Code.VALUE_IMPLAUSIBLE,
            LONG.format(n=100 + i),
            "f.xlsx",
            sheet="数据",
            cell=f"G{i + 2}",
            row_number=i + 2,
            value=str(100 + i),
            indicator_code="coal_output",
        )
        for i in range(rows)
    ]
    sub = Submission(
        path=Path("f.xlsx"),
        file_name="能源局/能源局_2024-05.xlsx",
        sha256="ab" * 32,
        size_bytes=1,
        received_at=datetime.now(UTC),
        department="energy",
        failures=failures,
        rows_read=rows + 1,
    )
    return next(p for p in write_feedback(sub, tmp_path) if p.suffix == ".xlsx")


def test_workbook_print_setup(tmp_path: Path) -> None:
    """Landscape A4 fitted to one page wide, the header row repeated, wrapped messages with room for them."""
    ws = openpyxl.load_workbook(_report(tmp_path)).active
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == "9"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.page_setup.fitToWidth in (None, 1)  # 1 is the default, which writers may leave out
    assert ws.page_setup.fitToHeight == 0  # as many pages tall as needed
    header = next(r for r in range(1, 30) if ws.cell(r, 1).value == "序号")
    assert ws.print_title_rows.replace("$", "") == f"{header}:{header}"
    message = ws.cell(header + 1, 5)
    assert message.value == LONG.format(n=100)
    assert message.alignment.wrap_text is True
    assert ws.row_dimensions[header + 1].height >= 30  # two lines at least: the message is not cut off
    assert ws.cell(header + 1, 2).value == "数据!G2"


def test_location_is_always_a_full_address() -> None:
    """位置 says sheet!cell, or sheet and row, or the sheet, or the whole file."""
    f = Failure(Code.VALUE_MISSING, "m", "f.xlsx")
    assert location(f) == "整个文件"
    assert location(Failure(Code.VALUE_MISSING, "m", "f", sheet="数据")) == "工作表“数据”"
    assert location(Failure(Code.VALUE_MISSING, "m", "f", sheet="数据", row_number=12)) == "数据!第12行"
    assert (
        location(Failure(Code.VALUE_MISSING, "m", "f", sheet="1-6月", cell="G12", row_number=12))
        == "1-6月!G12"
    )


def test_libreoffice_prints_it_landscape_on_few_pages(tmp_path: Path) -> None:
    """Printed from LibreOffice: landscape pages, 40 long rows on at most 4 (the columns never split across pages)."""
    # CI installs Debian's LibreOffice and sets BIJIE_REQUIRE_LIBREOFFICE=1: there a missing soffice fails.
    if shutil.which("soffice") is None:
        if os.environ.get("BIJIE_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(
                "LibreOffice (soffice) is required here (BIJIE_REQUIRE_LIBREOFFICE=1) but not installed"
            )
        pytest.skip("needs LibreOffice (soffice) to print")
    xlsx = _report(tmp_path)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(xlsx)],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = xlsx.with_suffix(".pdf").read_bytes()
    pages = re.findall(rb"/Type\s*/Page[^s]", pdf)
    boxes = {tuple(float(x) for x in m.split()) for m in re.findall(rb"/MediaBox\s*\[([^\]]+)\]", pdf)}
    assert 1 <= len(pages) <= 4
    assert boxes
    assert all(b[2] > b[3] for b in boxes)  # wider than tall: landscape
