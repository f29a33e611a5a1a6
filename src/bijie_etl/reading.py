"""Reading department files into rows (contract: docs/ARCHITECTURE.md, section reading.py).

Placeholder holding only the two contract dataclasses so validation can be built in parallel;
the reading engineer owns this module and adds ``read_file``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from bijie_etl.errors import Failure

__all__ = ["FileRead", "SheetRows"]


@dataclass
class SheetRows:
    """The data rows of one sheet, with the Excel column of each canonical field."""

    sheet: str  # sheet name ("" for csv -> use the file stem)
    header_row: int  # 1-based Excel row of the last header row
    columns: dict[str, str]  # canonical field -> Excel column letter ("A", "G", "AA")
    rows: pd.DataFrame  # column "row" (int, 1-based Excel row) + one column per canonical field present
    warnings: list[Failure] = field(default_factory=list)  # e.g. NOTE_IGNORED for skipped 注：rows


@dataclass
class FileRead:
    """Everything read from one file, before validation."""

    path: Path
    sheets: list[SheetRows]
    title: str | None = None  # text found above the header (title/subtitle rows)
    period_hint: date | None = None  # from title ("2024年1-6月" -> 2024-06-01) or file name
    department_hint: str | None = None  # a 填报单位 cell, raw text
