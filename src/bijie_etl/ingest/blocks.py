"""Column lists of a table's cells: as one 2-D object array (the block a DataFrame is built from), equal texts as
one object, a column's blanks and untrimmed texts told in C loops."""

from __future__ import annotations

import math
from itertools import chain
from operator import itemgetter
from typing import Any

import numpy as np

__all__ = [
    "any_blank",
    "blank_none",
    "column_cells",
    "column_keys",
    "kept_texts",
    "object_block",
    "shared_texts",
    "untrimmed",
]


def column_cells(grid: list[list[Any]], start: int, end: int, j: int, pad: Any) -> list[Any]:
    """Column ``j``'s cells in rows ``start:end`` (``pad`` for a row too short to have one), in a C loop.

    Every row is taken to be long enough (one C loop, no pass over the rows' lengths first: many rules
    take columns of the same rows); a row too short stops that loop and the rows are read one by one."""
    body = grid[start:end]
    try:
        return list(map(itemgetter(j), body))
    except IndexError:  # a short row (a csv's, or a grid not padded)
        return [row[j] if j < len(row) else pad for row in body]


def column_keys(grid: list[list[Any]], start: int, end: int, j: int) -> list[tuple[type, Any]]:
    """Column ``j``'s cells in rows ``start:end`` as ``(type, cell)`` keys (None for a row too short to have
    one): equal cells of one type are one key, so a column repeating a few values (统计期) is read once
    per distinct key (``dict.fromkeys(keys)``), 1 and 1.0 apart."""
    cells = column_cells(grid, start, end, j, None)
    return list(zip(map(type, cells), cells, strict=True))


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


_NONE, _STR, _FIGURES = type(None), frozenset((str,)), frozenset((int, float))


def any_blank(values: list[Any]) -> bool:
    """Whether some cell is blank (None, a text of spaces, NaN), in C loops; may say True
    for a value equal to None that is not blank (then the caller just looks at every value)."""
    types = set(map(type, values))
    if _NONE in types:
        return True
    if types <= _FIGURES:  # numbers only: a NaN is blank
        return float in types and any(map(math.isnan, filter(float.__instancecheck__, values)))
    if types == _STR:  # texts only (a names column): a text of spaces is blank
        return not all(map(str.strip, values))
    return (
        None in values
        or 0 in map(len, map(str.strip, filter(str.__instancecheck__, values)))
        or any(map(math.isnan, filter(float.__instancecheck__, values)))
    )


def untrimmed(col: list[Any], to_none: bool, types: set[type] | None = None) -> bool:
    """Whether trimming ``col``'s texts would change anything: a text of spaces only (``to_none``:
    made None), or (else) a text with spaces around it or of a str subclass (made a plain str).
    ``types``: the set of the cells' types, when the caller has it."""
    texts = list(filter(str.__instancecheck__, col))
    if to_none:
        return 0 in map(len, map(str.strip, texts))
    if types is None:
        types = set(map(type, texts))
    return any(t is not str and issubclass(t, str) for t in types) or texts != list(map(str.strip, texts))


#: "" → None, anything else as it is (a dict lookup per cell: ``blank_none``).
_NONE_FOR_BLANK: dict[Any, Any] = {"": None}


def blank_none(col: list[Any]) -> list[Any]:
    """``col`` with every cell equal to "" made None (C loops; a cell that cannot be hashed: one at a time)."""
    try:
        return list(map(_NONE_FOR_BLANK.get, col, col))
    except TypeError:
        return [None if v == "" else v for v in col]
