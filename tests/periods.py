"""What the reader loads from a file, by period: shared by the period tests (test_named_periods, test_periods9)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bijie_etl.catalog import Catalog
from bijie_etl.errors import Code
from bijie_etl.ingest.reading import read_file
from bijie_etl.settings import Settings
from bijie_etl.validate.rules import validate

AS_OF = date(2024, 12, 31)


def loaded(path: Path, settings: Settings, catalog: Catalog) -> tuple[list[tuple[str, float, float]], list]:
    """(period, 本月, 累计) of every loaded row, and the failures (code, sheet) apart from notes."""
    obs, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    rows = [(f"{p:%Y-%m}", m, y) for p, m, y in obs[["period", "value_month", "value_ytd"]].values.tolist()]
    return rows, [(f.code, f.sheet) for f in failures if f.code is not Code.NOTE_IGNORED]
