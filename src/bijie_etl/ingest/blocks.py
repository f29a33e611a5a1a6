"""Column lists of a table's cells as one 2-D object array (the block a DataFrame is built from)."""

from __future__ import annotations

from itertools import chain
from typing import Any

import numpy as np

__all__ = ["object_block"]


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
