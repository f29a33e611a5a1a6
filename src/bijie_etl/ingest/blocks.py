"""Column lists of a table's cells: as one 2-D object array (the block a DataFrame is built from), equal texts as one object."""

from __future__ import annotations

from itertools import chain
from typing import Any

import numpy as np

__all__ = ["object_block", "shared_texts"]


def object_block(columns: list[list[Any]], n: int) -> np.ndarray:
    """A ``(len(columns), n)`` object array holding each column's ``n`` cells as they are.

    One C loop (``np.fromiter``): filling an object array from lists makes numpy look into every cell
    for a nested sequence, about three times slower for a table's few hundred cells."""
    try:
        flat = np.fromiter(chain.from_iterable(columns), dtype=object, count=len(columns) * n)
    except (TypeError, ValueError):  # a numpy without object fromiter
        flat = np.empty(len(columns) * n, dtype=object)
        for k, col in enumerate(columns):
            flat[k * n : (k + 1) * n] = col
    return flat.reshape(len(columns), n)


#: Each text a table's names, counties and figures hold, once (see :func:`shared_texts`).
_SHARED: dict[str | None, str | None] = {}


def shared_texts(col: list[str | None]) -> list[str | None]:
    """``col`` (exactly ``str`` or None) with each text replaced by the first equal text seen (C loop):
    a county or an indicator's name repeated on many rows, and across a department's files, is then
    one object, which the reading worker pickles (and the main process unpickles) once per chunk of
    files instead of once per cell. (The normalised text fields are one object per text already.)"""
    if len(_SHARED) > 1 << 16:
        _SHARED.clear()
    return list(map(_SHARED.setdefault, col, col))
