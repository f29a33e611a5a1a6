"""Column lists of a table's cells: as one 2-D object array (the block a DataFrame is built from), equal texts as one object."""

from __future__ import annotations

from itertools import chain
from operator import itemgetter
from typing import Any

import numpy as np

__all__ = ["column_cells", "kept_texts", "object_block", "shared_texts"]


def column_cells(grid: list[list[Any]], start: int, end: int, j: int, pad: Any) -> list[Any]:
    """Column ``j``'s cells in rows ``start:end`` (``pad`` for a row too short to have one), in a C loop."""
    body = grid[start:end]
    if body and min(map(len, body)) > j:
        return list(map(itemgetter(j), body))
    return [row[j] if j < len(row) else pad for row in body]


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
#: A column of texts and blanks as a long table keeps it, per cell as typed (see :func:`kept_texts`):
#: ``names`` trimmed (a name, a county), ``figures`` as typed; a blank (None, "", spaces) None.
_KEPT: dict[str, dict[str | None, str | None]] = {"names": {}, "figures": {}}


def _forget() -> None:
    """Empty the memos when one grew large (together: a kept text is always the one ``_SHARED`` holds)."""
    _SHARED.clear()
    for memo in _KEPT.values():
        memo.clear()


def shared_texts(col: list[str | None]) -> list[str | None]:
    """``col`` (exactly ``str`` or None) with each text replaced by the first equal text seen (C loop):
    a county or an indicator's name repeated on many rows, and across a department's files, is then
    one object, which the reading worker pickles (and the main process unpickles) once per chunk of
    files instead of once per cell. (The normalised text fields are one object per text already.)"""
    if len(_SHARED) > 1 << 16:
        _forget()
    return list(map(_SHARED.setdefault, col, col))


def kept_texts(col: list[str | None], how: str) -> list[str | None]:
    """A column of texts and blanks (exactly ``str`` or None) as a long table keeps it, each text shared
    (:func:`shared_texts`): ``how="names"`` trimmed (``v.strip() or None``), ``how="figures"`` as typed,
    a text of spaces None; "" and None are None. One C loop over a memo of each distinct cell (the same
    names and counties come in every file of a department)."""
    memo = _KEPT[how]
    try:
        return list(map(memo.__getitem__, col))
    except KeyError:  # a cell not seen before
        if len(_SHARED) > 1 << 16 or len(memo) > 1 << 16:
            _forget()
        for v in col:
            if v not in memo:
                text = None if v is None else v.strip() if how == "names" else v
                memo[v] = (
                    _SHARED.setdefault(text, text) if text and (how == "names" or text.strip()) else None
                )
        return list(map(memo.__getitem__, col))
