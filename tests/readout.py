"""What the reader and validation make of a file, as the reader-shape tests compare it (test_growth9,
test_growth10, test_january10, test_prior11, test_shapes11, test_reader_shapes)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from bijie_etl.catalog import Catalog
from bijie_etl.errors import Failure
from bijie_etl.ingest.reading import read_file
from bijie_etl.settings import Settings
from bijie_etl.validate.rules import validate


def check(
    path: Path, settings: Settings, catalog: Catalog, as_of: date = date(2024, 7, 10)
) -> tuple[pd.DataFrame, list[Failure]]:
    """The file read and validated as one batch on ``as_of``: its observations and failures."""
    return validate(read_file(path, settings), catalog, as_of=as_of, file_name=path.name)


def figures(
    obs: pd.DataFrame, *, period: bool = False, prior: bool = False, value: bool = False
) -> list[tuple[Any, ...]]:
    """(indicator, county[, period], 本月, 累计[, 上年同期], 增速[, 本期值]) of every observation in order, NA as None."""
    out = []
    for r in obs.itertuples():
        fields = [r.value_month, r.value_ytd, *([r.value_ytd_prior] if prior else []), r.growth_pct]
        fields += [r.value] if value else []
        head = (r.indicator_code, r.county) + ((str(r.period)[:7],) if period else ())
        out.append((*head, *[None if pd.isna(v) else float(v) for v in fields]))
    return out


def codes(failures: list[Failure]) -> list[tuple[str | None, str | None, str]]:
    """(sheet, cell, code) of every failure, in order."""
    return [(f.sheet, f.cell, f.code.value) for f in failures]
