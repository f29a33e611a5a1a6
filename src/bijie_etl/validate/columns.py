"""The normalised frame while it is being built: its columns in a dict, one frame made at the end.

Normalisation adds ~90 columns (and the history and guard facts ~20 more). Inserting a column
into a pandas frame costs a fixed ~0.5 ms whatever the row count (a new block, a new column
Index), which made most of a one-file validation; :class:`Columns` keeps each column as the
array or Series it was given and makes the frame once (:meth:`Columns.frame`). Reading a column
back gives the Series a frame would give (same values, dtype and index), so the steps that build
the frame read and write it as if it were one (``df[name]``, ``len(df)``, ``df.index``,
``name in df.columns``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionArray

__all__ = ["Columns", "inferred_text", "int_column"]

#: The dtype pandas gives a column set to one scalar (``df[name] = False``).
_SCALAR_DTYPES: dict[type, Any] = {bool: bool, int: np.int64, float: np.float64, type(None): object}


class Columns:
    """Columns of a frame of ``index`` by name, in the order they were first set (as a frame's).

    A Series is kept as it is; an array as it is until it is read, then as the Series
    ``frame[name]`` would give (pandas infers text in an object array as a frame does): most
    columns are never read back before the frame is made, where their arrays become its columns."""

    def __init__(self, index: pd.Index) -> None:
        self.index = index
        self._series: dict[str, Any] = {}  # a Series, or an array not read yet

    def __len__(self) -> int:
        return len(self.index)

    @property
    def columns(self) -> list[str]:
        return list(self._series)

    def __getitem__(self, name: str) -> pd.Series:
        value = self._series[name]
        if not isinstance(value, pd.Series):
            value = self._series[name] = pd.Series(value, index=self.index)
        return value

    def __setitem__(self, name: str, value: Any) -> None:
        """``frame[name] = value``: a Series (aligned on the index), an array, or one scalar for every row."""
        if isinstance(value, pd.Series):
            if value.index is not self.index:
                value = value.reindex(self.index) if not value.index.equals(self.index) else value
                value = pd.Series(value.array, index=self.index, dtype=value.dtype, copy=False)
        elif type(value) in _SCALAR_DTYPES:
            value = np.full(len(self.index), value, dtype=_SCALAR_DTYPES[type(value)])
        elif not isinstance(value, np.ndarray | ExtensionArray):
            raise TypeError(f"column {name!r}: a Series, an array or a scalar, not {type(value).__name__}")
        self._series[name] = value

    def frame(self) -> pd.DataFrame:
        """The frame of these columns (column names an object Index, as the rules read it), each column
        kept as its own block: copying ~110 columns into a few 2-D blocks cost more than the rules'
        reads of a block per column (the arrays are this object's alone; a Series shares its data
        as a frame's column would, copy on write)."""
        return pd.DataFrame(
            self._series, index=self.index, columns=pd.Index(list(self._series), dtype=object), copy=False
        )


def int_column(distinct: list[int | None], inverse: np.ndarray) -> pd.Series:
    """``pd.Series(values, dtype="Int64")`` of the values ``distinct[inverse]`` (None: NA), made from
    the few distinct values rather than by casting an object array row by row (the same array:
    pandas' 1 in the masked slots included)."""
    data = np.array([1 if v is None else v for v in distinct], dtype=np.int64)
    mask = np.array([v is None for v in distinct], dtype=bool)
    return pd.Series(pd.arrays.IntegerArray(data[inverse], mask[inverse]))


#: What pandas gives back for a missing value of a column it inferred as text (NaN for pandas 3's ``str``).
_INFERRED_NA = pd.Series(np.array(["", None], dtype=object)).astype(object).iloc[1]


def inferred_text(values: list[str | None]) -> list[Any]:
    """``values`` (text or None) as ``pd.Series(values).astype(object)`` gives them back, without the
    round trip through Arrow text (~7 ms a batch): with any text, pandas infers a column of text, whose
    missing value is :data:`_INFERRED_NA`; all None stays None."""
    if any(isinstance(v, str) for v in values):
        return [_INFERRED_NA if v is None else v for v in values]
    return values
