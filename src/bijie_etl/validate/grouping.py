"""Arithmetic over groups numbered by one int64 per row (-1: no group), for the validation facts.

Grouping on one int64 is several times cheaper than on the object key columns it numbers; these
helpers give the same figures as a pandas groupby on those columns, to the last digit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

try:  # pandas' hash-table factorisation without pd.factorize's missing-value pass: not public API (2.2-3.x)
    from pandas.core.algorithms import factorize_array as _factorize_array
except ImportError:  # a pandas without it: the public path (same groups, slower)
    _factorize_array = None

__all__ = ["compensated_sums", "group_transform", "hashed", "key_ids", "numbered"]


def key_ids(*columns: np.ndarray) -> np.ndarray:
    """One number per distinct tuple of ``columns`` (same length; int64 or object), 0.. in the
    order the tuples first appear. Object values are told apart by pandas' hash tables, as a
    groupby on the columns tells them apart; a missing value is a value like any other."""
    ids = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        codes, uniques = numbered(column)
        ids, _ = pd.factorize(ids * (len(uniques) + 1) + codes)
    return ids.astype(np.int64)


def hashed(column: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Codes and uniques of an object array by pandas' hash table, in first-seen order, every value a
    value of its own (None and NaN apart, not "missing"); None when this pandas has no such call.
    Raises TypeError / ValueError for a value the table cannot hold (unhashable, text it cannot encode)."""
    if _factorize_array is None:
        return None
    codes, uniques = _factorize_array(column, use_na_sentinel=False)
    return codes, uniques


def numbered(column: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The groups of ``pd.factorize(column, use_na_sentinel=False)``, numbered as positions in the
    uniques given (some unused): the same values share a number, every missing value (None, NaN,
    NA, NaT) one.
    For an object column pd.factorize tests each value for missing and copies the column first;
    here the hash table keeps None and NaN apart, and the few missing uniques are merged after."""
    found = hashed(column) if column.dtype == object else None
    if found is None:
        return pd.factorize(column, use_na_sentinel=False)
    codes, uniques = found
    missing = np.flatnonzero(pd.isna(uniques))
    if len(missing) > 1:  # one number for all of them, as pd.factorize gives
        same = np.arange(len(uniques))
        same[missing] = missing[0]
        codes = same[codes]
    return codes, uniques


#: Up to this many rows :func:`group_transform` sorts in numpy; beyond, pandas groups by hashing.
_NUMPY_ROWS = 2000


def group_transform(values: np.ndarray, groups: np.ndarray, how: str) -> np.ndarray:
    """``how`` ("median", "count") of ``values`` over each row's group, NaN where the group is -1
    (as a pandas groupby transform on the key columns gives for a missing key), skipping NaN; in
    numpy for a few thousand rows (a pandas groupby costs a fixed ~0.5 ms, the guard asks five
    per batch), else pandas (the same figures, to the last digit)."""
    if len(values) > _NUMPY_ROWS:  # a big batch: pandas' hash grouping beats sorting the rows
        out = pd.Series(values).groupby(groups).transform(how).to_numpy(dtype="float64", copy=True)
        out[groups < 0] = np.nan
        return out
    _, group = np.unique(groups, return_inverse=True)
    n_groups = int(group.max(initial=-1)) + 1
    known = ~np.isnan(values)
    counts = np.bincount(group, weights=known, minlength=n_groups).astype(np.int64)
    if how == "count":
        out = counts[group].astype("float64")
    elif how == "median":  # as pandas: the middle value, else the mean of the two middle ones
        order = np.lexsort((values, group))  # by group, then value (NaN last)
        ordered = values[order]
        start = np.cumsum(np.bincount(group, minlength=n_groups)) - np.bincount(group, minlength=n_groups)
        k = counts[group]
        hi = np.minimum(start[group] + k // 2, len(values) - 1)
        lo = np.minimum(start[group] + np.maximum(k // 2 - 1, 0), len(values) - 1)
        with np.errstate(invalid="ignore"):
            out = np.where(k % 2 == 1, ordered[hi], (ordered[hi] + ordered[lo]) / 2)
        out[k == 0] = np.nan
    else:
        raise ValueError(how)
    out[groups < 0] = np.nan
    return out


def compensated_sums(values: np.ndarray, groups: np.ndarray, n_groups: int) -> np.ndarray:
    """Each group's sum of ``values``, compensated (Kahan) in row order as pandas' groupby sums
    them, to the last digit; NaN for a group with no value. Vectorised over the groups: round r
    adds every group's r-th value (a group holds a file's counties: a dozen rounds)."""
    order = np.argsort(groups, kind="stable")
    g, x = groups[order], values[order]
    counts = np.bincount(g, minlength=n_groups)
    rank = np.arange(len(g)) - (np.cumsum(counts) - counts)[g]  # position within its group
    by_rank = np.argsort(rank, kind="stable")
    bounds = np.searchsorted(rank[by_rank], np.arange(int(counts.max(initial=0)) + 1))
    total = np.zeros(n_groups)
    compensation = np.zeros(n_groups)
    for r in range(len(bounds) - 1):
        at = by_rank[bounds[r] : bounds[r + 1]]
        gg = g[at]
        y = x[at] - compensation[gg]
        t = total[gg] + y
        c = (t - total[gg]) - y
        compensation[gg] = np.where(np.isnan(c), 0.0, c)  # as pandas: an infinity resets it
        total[gg] = t
    total[counts == 0] = np.nan
    return total
