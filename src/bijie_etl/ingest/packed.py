"""A table's rows as they cross from a reading worker to the main process: names, dtypes, one object array.

The reader gives each table its rows as a pandas frame (:class:`~bijie_etl.ingest.layouts.SheetRows`).
Sent between processes a frame is costly at both ends (pandas rebuilds its blocks, index and
flags: ~60 µs to pickle and ~85 µs to unpickle a bench file's frame), and the main process only
stacks each frame's values into the batch (``validate.collect``) and counts its rows. So a worker
sends :class:`PackedRows` instead (~25 / ~20 µs), and the main process builds the frame again only
if something asks for more than the values (a feedback line's stated unit, say).

:class:`PackedRows` answers what a frame answers for ``len``, ``columns``, ``empty`` and
``to_numpy(dtype=object)``; any other attribute builds the frame it was made from (same columns,
dtypes, index and values) once and asks it, so a use nobody foresaw is slower, never different.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

__all__ = [
    "NOT_SENT",
    "NotSent",
    "PackedRows",
    "leave_out_known",
    "pack_rows",
    "put_back_known",
    "row_values",
]


class PackedRows:
    """A frame's column names, dtypes, index (``None``: the default 0..n-1) and values as one object array."""

    __slots__ = ("_frame", "dtypes_", "index_", "names", "values")

    def __init__(
        self, names: tuple[str, ...], dtypes: tuple[Any, ...], index: pd.Index | None, values: np.ndarray
    ):
        self.names = names
        self.dtypes_ = dtypes
        self.index_ = index
        self.values = values
        self._frame: pd.DataFrame | None = None

    @classmethod
    def of(cls, frame: pd.DataFrame) -> PackedRows:
        """``frame`` packed (its values copied into one object array)."""
        index = frame.index
        default = isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1
        return cls(
            tuple(frame.columns.tolist()),
            _dtypes(frame),
            None if default else index,
            frame.to_numpy(dtype=object),
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # A numpy dtype crosses as its code ("<i8", "|O": one memoised string), not as a dtype object
        # (~1 µs each to pickle and to unpickle, for every column of every table).
        return (_unpickled, (self.names, _dtype_codes(self.dtypes_), self.index_, self.values))

    def __len__(self) -> int:
        return len(self.values)

    @property
    def empty(self) -> bool:
        """As ``DataFrame.empty``."""
        return len(self.values) == 0 or not self.names

    @property
    def columns(self) -> pd.Index:
        """As ``DataFrame.columns``."""
        return pd.Index(self.names, dtype=object)

    def to_numpy(self, dtype: Any = None) -> np.ndarray:
        """As ``DataFrame.to_numpy``: the packed array itself for ``dtype=object`` (do not modify it)."""
        if dtype is object:
            return self.values
        return self.frame().to_numpy(dtype=dtype)

    def frame(self) -> pd.DataFrame:
        """The frame this was packed from (built once)."""
        if self._frame is None:
            frame = pd.DataFrame(self.values.copy(), columns=list(self.names), dtype=object)
            for k, dtype in enumerate(self.dtypes_):
                if dtype != np.dtype(object):
                    frame.isetitem(k, frame.iloc[:, k].astype(dtype))
            if self.index_ is not None:
                frame.index = self.index_
            self._frame = frame
        return self._frame

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in PackedRows.__slots__:
            raise AttributeError(name)
        return getattr(self.frame(), name)

    def __getitem__(self, key: Any) -> Any:
        return self.frame()[key]

    def __contains__(self, key: Any) -> bool:
        return key in self.names


def _dtype_codes(dtypes: tuple[Any, ...]) -> tuple[Any, ...]:
    """Each dtype's code (:func:`_dtype_code`), worked out once per tuple of dtypes: a long table's
    tuple is one shared object (``table_rows._dtypes``), the same for every file."""
    known = _CODE_TUPLES.get(id(dtypes))
    if known is not None and known[0] is dtypes:
        return known[1]
    codes = tuple(_dtype_code(d) for d in dtypes)
    if len(_CODE_TUPLES) < 256:
        _CODE_TUPLES[id(dtypes)] = (dtypes, codes)  # the tuple kept alive: its id is not reused
    return codes


#: id(tuple of dtypes) → (that tuple, its codes).
_CODE_TUPLES: dict[int, tuple[tuple[Any, ...], tuple[Any, ...]]] = {}


def _dtype_code(dtype: Any) -> Any:
    """A numpy dtype's code when the code gives the same dtype back; any other dtype as it is."""
    known = _CODES.get(id(dtype))
    if known is not None and known[0] is dtype:
        return known[1]
    code: Any = dtype
    if isinstance(dtype, np.dtype) and _dtype_of(dtype.str) == dtype:
        code = dtype.str
    if len(_CODES) < 256:  # numpy's own dtypes are a few shared objects: a table's are found here
        _CODES[id(dtype)] = (dtype, code)  # the dtype kept alive: its id is not reused
    return code


#: id(dtype) -> (dtype, its code): working the code out (``dtype.str`` builds it) took ~1 µs a column.
_CODES: dict[int, tuple[Any, Any]] = {}


@lru_cache(maxsize=64)
def _dtype_of(code: str) -> np.dtype:
    return np.dtype(code)


def _unpickled(
    names: tuple[str, ...], codes: tuple[Any, ...], index: pd.Index | None, values: np.ndarray
) -> PackedRows:
    """A :class:`PackedRows` as it was pickled (its dtype codes made dtypes again, once per tuple of codes)."""
    dtypes = _DTYPE_TUPLES.get(codes) if all(type(c) is str for c in codes) else None
    if dtypes is None:
        dtypes = tuple(_dtype_of(c) if isinstance(c, str) else c for c in codes)
        if len(_DTYPE_TUPLES) < 256 and all(type(c) is str for c in codes):
            _DTYPE_TUPLES[codes] = dtypes
    return PackedRows(names, dtypes, index, values)


#: A tuple of dtype codes (strings only) → its dtypes.
_DTYPE_TUPLES: dict[tuple[str, ...], tuple[Any, ...]] = {}


def _dtypes(frame: pd.DataFrame) -> tuple[Any, ...]:
    """``tuple(frame.dtypes)``, from the frame's blocks when pandas offers that: ``frame.dtypes`` builds a
    Series with its index for each table (~30 µs, 5 % of a bench file's reading)."""
    blocks = getattr(frame, "_mgr", None)
    get = getattr(blocks, "get_dtypes", None)
    if get is not None:
        found = get()
        if len(found) == len(frame.columns):
            return tuple(found.tolist())
    return tuple(frame.dtypes.tolist())


class NotSent:
    """Where a read's table layout stood, in a read that crossed from a worker: the layout stays behind.

    The main process never looks at a table's layout (its columns, roles, merged cells, number
    formats) in a run: the feedback report's opening lines that say where a table's header is
    are made in the worker (``reading_summary``). Pickling it cost ~2 % of a worker's read. Asked
    for anything, this raises: a use nobody foresaw fails loudly, never reads a missing layout as
    "no table" (``sheet.table is None`` stays false, as it was).
    """

    __slots__ = ()

    def __reduce__(self) -> str:
        return "NOT_SENT"  # pickled by name: the one instance

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise RuntimeError(
            f"a table's layout (.{name}) was left in the reading worker: read the file in-process "
            "(read_submission) to look at it"
        )


#: The table of every sheet of a read that crossed from a worker.
NOT_SENT = NotSent()


def pack_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` as it should cross to the main process (typed as the frame it stands for)."""
    return cast(pd.DataFrame, PackedRows.of(frame))


def row_values(rows: pd.DataFrame | PackedRows) -> tuple[tuple[str, ...], np.ndarray]:
    """A table's column names and its rows as one object array (not to be modified)."""
    if isinstance(rows, PackedRows):
        return rows.names, rows.values
    return tuple(rows.columns.tolist()), rows.to_numpy(dtype=object)


def leave_out_known(sub: Any, read: Any, path: Path) -> None:
    """A read's submission and ``FileRead`` made cheaper to send, in place: their path left out when it
    is ``path`` (the main process has it already; a path costs ~15 µs to unpickle), the time the
    file was received as whole microseconds since 1970 (an aware datetime takes ~14 µs to pickle).
    :func:`put_back_known` makes them what they were."""
    if sub.path == path:
        sub.path = None
    if read is not None and read.path == path:
        read.path = None
    when = sub.received_at
    if type(when) is datetime and when.tzinfo is UTC:
        sub.received_at = (when - _EPOCH) // _MICROSECOND


def put_back_known(sub: Any, read: Any, path: Path) -> None:
    """What :func:`leave_out_known` left out, put back (``path``: the main process's own)."""
    if sub.path is None:
        sub.path = path
    if read is not None and read.path is None:
        read.path = path
    if type(sub.received_at) is int:
        sub.received_at = _EPOCH + timedelta(microseconds=sub.received_at)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
