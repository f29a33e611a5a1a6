"""A submission: one department file as it travels through ingest → validate → load."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, overload

import numpy as np
import pandas as pd

from bijie_etl.errors import Failure, Severity

__all__ = [
    "FAILURE_COLUMNS",
    "OBSERVATION_COLUMNS",
    "BatchRows",
    "ObservationBatch",
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


class ObservationBatch:
    """The accepted rows of a batch of files as ONE frame (``OBSERVATION_COLUMNS``, files in order).

    Validation makes it once per batch; each file's :class:`Submission` refers to its rows
    (:class:`BatchRows`) instead of owning a copy, and the warehouse loads the batch from one
    Arrow conversion (cached in :attr:`arrow`). Cutting a frame per file and concatenating them
    again cost more than validating the batch.
    """

    __slots__ = ("_lists", "arrow", "frame")

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame  # RangeIndex; never modified after construction
        self.arrow: Any = None  # the loader's Arrow table of ``frame``, built on first load
        self._lists: dict[str, list[Any]] = {}

    def __len__(self) -> int:
        return len(self.frame)

    def column(self, name: str) -> list[Any]:
        """Every value of column ``name`` as a list (built once per batch)."""
        values = self._lists.get(name)
        if values is None:
            values = self._lists[name] = self.frame[name].tolist()
        return values

    def rows(self, start: int, stop: int) -> BatchRows:
        """Rows ``start:stop`` of the batch (one file's block)."""
        return BatchRows(self, np.arange(start, stop, dtype=np.int64))


@dataclass(frozen=True, slots=True, eq=False)
class BatchRows:
    """One file's rows of an :class:`ObservationBatch`: positions in its frame, ascending."""

    batch: ObservationBatch
    positions: np.ndarray[Any, np.dtype[np.int64]]

    def __len__(self) -> int:
        return len(self.positions)

    def _span(self) -> tuple[int, int] | None:
        """``(start, stop)`` when the rows are one contiguous block, else ``None``."""
        n = len(self.positions)
        if n == 0:
            return 0, 0
        start = int(self.positions[0])
        return (start, start + n) if int(self.positions[-1]) == start + n - 1 else None

    def values(self, column: str) -> list[Any]:
        """The rows' values of ``column`` as a list, without cutting a frame."""
        whole = self.batch.column(column)
        span = self._span()
        if span is not None:
            return whole[span[0] : span[1]]
        return [whole[i] for i in self.positions.tolist()]

    def keep(self, mask: list[bool]) -> BatchRows:
        """The rows whose ``mask`` entry is True."""
        return BatchRows(self.batch, self.positions[np.asarray(mask, dtype=bool)])

    def frame(self) -> pd.DataFrame:
        """The rows as a frame of their own (``OBSERVATION_COLUMNS``, index ``0..n-1``)."""
        span = self._span()
        if span is not None:  # iloc + a new RangeIndex: ~60 % of reset_index(drop=True)
            piece = self.batch.frame.iloc[span[0] : span[1]]
        else:
            piece = self.batch.frame.take(self.positions)
        piece.index = pd.RangeIndex(len(piece))
        return piece


class _Observations:
    """``Submission.observations``: a frame of the file's own, or its :class:`BatchRows`, cut
    into a frame of its own the first time somebody reads it (feedback, the desk, tests); the
    nightly load reads the batch instead (:meth:`Submission.batch_rows`). Unset means empty."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_{name}"

    @overload
    def __get__(self, obj: None, objtype: type | None = None) -> None: ...
    @overload
    def __get__(self, obj: Submission, objtype: type | None = None) -> pd.DataFrame: ...
    def __get__(self, obj: Submission | None, objtype: type | None = None) -> pd.DataFrame | None:
        if obj is None:
            return None  # the dataclass default: no rows
        held = obj.__dict__[self.slot]
        if isinstance(held, pd.DataFrame):
            return held
        frame = empty_observations() if held is None else held.frame()
        obj.__dict__[self.slot] = frame  # cut once: later reads (and in-place edits) see the same frame
        return frame

    def __set__(self, obj: Submission, value: pd.DataFrame | BatchRows | None) -> None:
        obj.__dict__[self.slot] = value


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
    #: The accepted rows (``OBSERVATION_COLUMNS``): a frame, or the file's :class:`BatchRows`.
    observations: _Observations = _Observations()
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

    def batch_rows(self) -> BatchRows | None:
        """The file's rows of its validation batch when nobody has cut them into a frame, else ``None``."""
        held = self.__dict__["_observations"]
        return held if isinstance(held, BatchRows) else None

    @property
    def rows_loaded(self) -> int:
        held = self.__dict__["_observations"]
        return 0 if held is None else len(held)

    @property
    def rows_rejected(self) -> int:
        """Rows not loaded for an error (a row whose growth cell alone was refused loaded: not counted),
        with the data rows of each table refused whole (:attr:`Failure.rows_refused`)."""
        errors = self.errors
        whole = sum(f.rows_refused for f in errors)
        return whole + len(
            {
                (f.sheet, f.row_number)
                for f in errors
                if f.row_number is not None and not f.rows_refused and not f.refuses_growth_only
            }
        )

    @property
    def growth_refused(self) -> int:
        """Growth cells refused while the rest of their row loaded (:attr:`Failure.refuses_growth_only`)."""
        return sum(1 for f in self.failures if f.refuses_growth_only)

    @property
    def status(self) -> SubmissionStatus:
        if self.error is not None or (self.rows_loaded == 0 and self.errors):
            return SubmissionStatus.REJECTED
        if self.errors:
            return SubmissionStatus.PARTIAL
        return SubmissionStatus.LOADED
