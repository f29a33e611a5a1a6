"""A submission: one department file as it travels through ingest → validate → load."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path

import pandas as pd

from bijie_etl.errors import Failure, Severity

__all__ = [
    "FAILURE_COLUMNS",
    "OBSERVATION_COLUMNS",
    "Submission",
    "SubmissionStatus",
    "empty_observations",
    "sha256_of",
]

#: Columns of the observations frame validation produces and the warehouse loads.
OBSERVATION_COLUMNS: dict[str, str] = {
    "indicator_code": "string",
    "period": "object",  # datetime.date, first day of the month
    "county": "string",  # official name, 全市 for the whole city
    "value": "Float64",  # the measure the target's kind tracks, in the catalog unit
    "value_month": "Float64",
    "value_ytd": "Float64",
    "value_ytd_prior": "Float64",
    "growth_pct": "Float64",
    "unit": "string",  # catalog unit
    "unit_reported": "string",  # as the department wrote it
    "unit_factor": "Float64",  # reported value × factor = catalog-unit value
    "sheet": "string",
    "row_number": "Int64",  # 1-based Excel row
    "cell": "string",  # address of the cell that gave `value`, e.g. "G12"
    "cells": "string",  # JSON {field: address} for every value cell of the row
    "note": "string",
    #: How the values that were more than a plain number were read (JSON per field: cell, typed text,
    #: format, words, unit, scale, factor to the catalog unit); null when every value was plain.
    "reading": "string",
    #: The plausibility guard's verdict: "passed", or the guard warnings kept with the row.
    "guard": "string",
}

FAILURE_COLUMNS = [
    "code",
    "severity",
    "message_zh",
    "file",
    "sheet",
    "cell",
    "row_number",
    "value",
    "indicator_code",
]


_EMPTY: pd.DataFrame | None = None


def empty_observations() -> pd.DataFrame:
    """A new empty observations frame with the right columns and dtypes (built once, then copied: it's cheap)."""
    global _EMPTY
    if _EMPTY is None:
        _EMPTY = pd.DataFrame({c: pd.Series(dtype=t) for c, t in OBSERVATION_COLUMNS.items()})
    return _EMPTY.copy(deep=False)  # pandas copy-on-write: a shallow copy is safe and cheap


def sha256_of(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


class SubmissionStatus(StrEnum):
    LOADED = "loaded"  # every row loaded (warnings allowed)
    PARTIAL = "partial"  # some rows rejected, the good ones loaded
    REJECTED = "rejected"  # the whole file rejected (file-level failure, or every row bad)
    DUPLICATE = "duplicate"  # same sha256 as a file already loaded: nothing to do


@dataclass
class Submission:
    """One file from a department, with what validation made of it."""

    path: Path
    file_name: str  # path relative to the inbox, as shown to people
    sha256: str
    size_bytes: int
    received_at: datetime
    department: str | None = None  # department code
    observations: pd.DataFrame = field(default_factory=empty_observations)
    failures: list[Failure] = field(default_factory=list)
    rows_read: int = 0
    error: str | None = None  # file-level rejection message (Chinese)
    #: How the file was read, one Chinese line per sheet (the feedback report opens with it).
    reading: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Failure]:
        return [f for f in self.failures if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Failure]:
        return [f for f in self.failures if f.severity is Severity.WARNING]

    @property
    def rows_loaded(self) -> int:
        return len(self.observations)

    @property
    def rows_rejected(self) -> int:
        return len({(f.sheet, f.row_number) for f in self.errors if f.row_number is not None})

    @property
    def status(self) -> SubmissionStatus:
        if self.error is not None or (self.rows_loaded == 0 and self.errors):
            return SubmissionStatus.REJECTED
        if self.errors:
            return SubmissionStatus.PARTIAL
        return SubmissionStatus.LOADED
