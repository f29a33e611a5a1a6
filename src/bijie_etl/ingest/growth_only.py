"""Which rows of a long table hold a growth and no other figure (a growth row to join, see :mod:`growth_rows`).

Worked out on the table's cells (one list per column), before any frame is built, once the layout's
plan has moved each lone figure; blank is what ``pd.isna`` says.
"""

from __future__ import annotations

import math
from itertools import compress, repeat
from operator import is_not
from typing import Any

import numpy as np
import pandas as pd

from bijie_etl.ingest.blocks import object_block

__all__ = ["growth_only_rows", "no_growth_only_row"]


def growth_only_rows(
    data: list[list[Any]], order: list[str], plan: dict[tuple[str, str], list[int]], fields: list[str], n: int
) -> tuple[set[int], set[int]]:
    """The rows holding a growth and no other figure, and the rows holding some other figure (``fields``:
    the figure columns read, ``growth_pct`` among them; ``plan``: where each lone figure is moved). When no
    row holds a growth only, the second set may be left empty (the caller asks of it only beside the first)."""
    rows = _growth_only(data, order, plan, fields, n)
    if rows is None:  # a cell of another type than text, number or blank: numpy tells what is filled
        rows = _growth_only_numpy(data, order, plan, fields, n)
    return rows


#: A cell of these types, a NaN aside, is filled for :func:`_growth_only` and for ``pd.isna`` alike.
_FILLED = frozenset((str, int, float, bool))


def no_growth_only_row(
    data: list[list[Any]], order: list[str], plan: dict[tuple[str, str], list[int]], fields: list[str]
) -> bool:
    """True when no row can hold a growth and no other figure, without looking at the growth: with no lone
    figure moved (no ``plan``), another figure column is filled on every row (no blank, no NaN), as
    :func:`_growth_only` and :func:`_growth_only_numpy` (``pd.isna``) both tell filled cells."""
    if plan:
        return False
    for fld in fields:
        if fld == "growth_pct" or fld not in order:
            continue
        col = data[order.index(fld)]
        if None in col:
            continue  # a blank, found without the cells' types (no cell of a _FILLED type is == None)
        if set(map(type, col)) <= _FILLED and not any(map(math.isnan, filter(float.__instancecheck__, col))):
            return True
    return False


_PLAIN = frozenset((str, int, float, bool, type(None)))  # cells whose blankness is ``is None`` (or a NaN)


def _growth_only(
    data: list[list[Any]], order: list[str], plan: dict[tuple[str, str], list[int]], fields: list[str], n: int
) -> tuple[set[int], set[int]] | None:
    """The rows holding a growth and no other figure, and the rows holding some other figure, once the
    plan has moved each lone figure: what ``pd.isna`` says, found with C loops over the columns (sets
    of row numbers). None when a column holds a cell of another type or a NaN (then numpy decides).

    With nothing moved (no ``plan``) the growth column is read first, and once every growth row is found
    filled in the columns read so far, no row can hold a growth only, whatever the other columns hold
    (numpy's reading included): ``(set(), set())`` without reading them."""
    filled: dict[str, set[int]] = {}
    alone: set[int] | None = None  # without a plan: the growth rows not yet found filled in another column
    for fld in ("growth_pct", *(f for f in fields if f != "growth_pct")):
        if fld not in order:
            filled[fld] = set()
        else:
            col = data[order.index(fld)]
            types = set(map(type, col))
            nan = float in types and any(map(math.isnan, filter(float.__instancecheck__, col)))
            if nan or not types <= _PLAIN:
                return None
            filled[fld] = set(compress(range(n), map(is_not, col, repeat(None))))
        if not plan:
            alone = set(filled[fld]) if alone is None else alone - filled[fld]
            if not alone:
                return set(), set()
    for (placed, dest), where in plan.items():
        filled[dest].update(where)
        if placed in filled:
            filled[placed].difference_update(where)
    growth = filled.pop("growth_pct")
    rest = set().union(*filled.values())
    only = growth - rest
    return only, (growth | rest) - only


def _growth_only_numpy(
    data: list[list[Any]], order: list[str], plan: dict[tuple[str, str], list[int]], fields: list[str], n: int
) -> tuple[set[int], set[int]]:
    """:func:`_growth_only` for any cells: ``pd.isna`` over the columns as one object block."""
    filled = np.zeros((n, len(fields)), dtype=bool)
    known = [k for k, fld in enumerate(fields) if fld in order]
    if known:
        block = object_block([data[order.index(fields[k])] for k in known], n)
        filled[:, known] = ~pd.isna(block).T  # one C pass
    for (placed, dest), where in plan.items():
        filled[where, fields.index(dest)] = True
        if placed in fields:
            filled[where, fields.index(placed)] = False
    only_growth = filled[:, fields.index("growth_pct")] & (filled.sum(axis=1) == 1)
    others = filled.any(axis=1) & ~only_growth
    return set(np.flatnonzero(only_growth).tolist()), set(np.flatnonzero(others).tolist())
