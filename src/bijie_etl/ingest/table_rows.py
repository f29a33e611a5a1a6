"""A long table's rows as the reader made them: one list per field, the frame built only if asked (#19).

A long table's rows were a pandas frame from the moment they were read: ~80 µs a table to build, and
as much again to pack straight back into one object array for the main process (``read_one``), while
the reader's own checks after reading ask a usual table only which fields it has, how many rows,
and a column's values. :class:`TableColumns` answers those from the lists, and
:attr:`SheetRows.rows <bijie_etl.ingest.layouts.SheetRows>` builds the same frame as before the
first time anything asks for it (any other use, any change): a use nobody foresaw is slower, never
different. :func:`held_rows`, :func:`row_count`, :func:`has_field`, :func:`no_rows` and
:func:`field_values` are the questions asked without building it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from bijie_etl.ingest.blocks import object_block
from bijie_etl.ingest.packed import PackedRows, row_values

__all__ = [
    "TableColumns",
    "column_values",
    "columns_index",
    "field_values",
    "has_field",
    "held_rows",
    "no_rows",
    "row_count",
    "rows_frame",
    "sheet_values",
]


class TableColumns:
    """An int64 ``row`` column (Excel rows), then ``order``'s fields as object columns, as lists."""

    __slots__ = ("data", "names", "order", "row_numbers")

    def __init__(self, order: list[str], data: list[list[Any]], row_numbers: np.ndarray) -> None:
        self.order = order
        self.data = data
        self.row_numbers = row_numbers
        self.names = ("row", *order)

    def __len__(self) -> int:
        return len(self.row_numbers)

    def column(self, name: str) -> list[Any]:
        """A new list of the column's values (as ``frame[name].tolist()``: the rows as Python ints)."""
        if name == "row":
            return self.row_numbers.tolist()
        return list(self.data[self.order.index(name)])

    def frame(self) -> pd.DataFrame:
        """The rows as the frame the reader always made (:func:`rows_frame`)."""
        return rows_frame(self.data, self.order, self.row_numbers)

    def packed(self) -> PackedRows:
        """As ``PackedRows.of(self.frame())`` without the frame: the same names, dtypes and values
        (``to_numpy(dtype=object)``'s array: the rows as Python ints, the same layout)."""
        n, k = len(self.row_numbers), len(self.order)
        if not k:
            return PackedRows.of(self.frame())
        block = np.empty((k + 1, n), dtype=object)
        block[0] = self.row_numbers
        block[1:] = object_block(self.data, n)
        return PackedRows(self.names, _dtypes(k), None, block.T)


@lru_cache(maxsize=64)
def _dtypes(k: int) -> tuple[np.dtype, ...]:
    return (np.dtype(np.int64), *[np.dtype(object)] * k)


def held_rows(sheet: Any) -> Any:
    """What ``sheet`` holds as its rows (a frame, :class:`TableColumns` or packed rows), no frame built."""
    own = getattr(sheet, "__dict__", None)
    return own["_rows"] if own is not None and "_rows" in own else sheet.rows


def sheet_values(sheet: Any) -> tuple[tuple[str, ...], np.ndarray]:
    """``row_values(sheet.rows)``: a long table's column lists packed without building its frame (a read
    in the main process, as a worker's read is packed by ``read_one``)."""
    held = held_rows(sheet)
    if type(held) is TableColumns:
        packed = held.packed()
        return packed.names, packed.values
    return row_values(held)


def row_count(sheet: Any) -> int:
    """``len(sheet.rows)``."""
    return len(held_rows(sheet))


def has_field(sheet: Any, name: str) -> bool:
    """``name in sheet.rows.columns``."""
    held = held_rows(sheet)
    return name in (held.names if type(held) is TableColumns else held.columns)


def no_rows(sheet: Any) -> bool:
    """``sheet.rows.empty`` (a :class:`TableColumns` always has its ``row`` column)."""
    held = held_rows(sheet)
    return len(held) == 0 if type(held) is TableColumns else bool(held.empty)


def field_values(sheet: Any, name: str) -> list[Any]:
    """``sheet.rows[name].tolist()`` (a new list)."""
    held = held_rows(sheet)
    return held.column(name) if type(held) is TableColumns else column_values(held, name)


def column_values(frame: pd.DataFrame, name: str) -> list[Any]:
    """``frame[name].tolist()`` without building a Series (a tenth of the cost: ~4 µs, not ~40 µs,
    which counts when it runs for every column of every table of every file)."""
    loc = frame.columns.get_loc(name)
    getter = getattr(frame, "_get_column_array", None)
    if getter is None or not isinstance(loc, int):  # another pandas, or a duplicated column name
        return list(frame[name].tolist())
    return list(getter(loc).tolist())


def rows_frame(data: list[list[Any]], order: list[str], row_numbers: np.ndarray) -> pd.DataFrame:
    """An int64 ``row`` column, then ``order`` as object columns holding ``data`` (one list per field).

    Built from its two blocks when pandas offers that (pandas >= 3): the same frame as the
    constructor followed by ``insert(0, "row", ...)``, at a tenth of the cost (~35 µs a table).
    """
    block = object_block(data, len(row_numbers))
    if _FROM_BLOCKS is not None and order:
        return _FROM_BLOCKS(
            [(row_numbers.reshape(1, -1), _ROW_PLACE), (block, _places(len(order)))],
            index=_range_index(len(row_numbers)),
            columns=columns_index(("row", *order)),
        )
    rows = pd.DataFrame(block.T, columns=columns_index(tuple(order)), dtype=object, copy=False)
    rows.insert(0, "row", row_numbers)
    return rows


@lru_cache(maxsize=256)
def columns_index(order: tuple[str, ...]) -> pd.Index:
    return pd.Index(order, dtype=object)


_ROW_PLACE = np.array([0])


@lru_cache(maxsize=64)
def _places(k: int) -> np.ndarray:
    """Block placements 1 … k (the field columns after ``row``); read-only, shared by every frame."""
    out = np.arange(1, k + 1)
    out.flags.writeable = False
    return out


@lru_cache(maxsize=1024)
def _range_index(n: int) -> pd.RangeIndex:
    """``RangeIndex(n)``, made once per length (an Index is immutable: frames may share it)."""
    return pd.RangeIndex(n)


try:
    from pandas.api.internals import create_dataframe_from_blocks as _FROM_BLOCKS
except ImportError:  # pandas 2
    _FROM_BLOCKS = None
