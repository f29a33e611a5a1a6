"""What a row of a batch knows from history: the warehouse plus the rows the batch's earlier files will load.

Files are validated in batches but loaded one after another, so each file is checked as if the
files before it had been loaded one at a time (where a batch ends then changes no failure). The
facts the rules take from history, each file seeing the warehouse overlaid with the earlier
files' loading rows (the later file winning a key, as the load versions it):

==================  =====================================================================
``_prev_ytd``       the latest earlier month's 累计 (and ``_prev_ym``, ``_prev_row`` when it is
                    the file's own row; ``_prev_after_zero`` when it is a season's first month):
                    ytd_decreased; the guard's unit-scale, jump and month-in-累计 references
``_month_sum``      Σ本月 over months 1..m when every month is known: ytd_sum_mismatch
``_g_last_ytd``     last year's same month (and ``_g_last_month``): guard_prior_year_copy
==================  =====================================================================

A file's own rows still win over history for the same month (duplicates and sums within a file
are the file's own business).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from bijie_etl.catalog import Kind

__all__ = ["HISTORY_FACTS", "KeyedHistory", "add_facts", "history_base", "keyed_rows", "versions"]

_CUMULATIVE_KINDS = (Kind.CUMULATIVE.value, Kind.COUNT.value)


def add_facts(df: pd.DataFrame, base: pd.DataFrame | None, loads: np.ndarray) -> None:
    """Add :data:`HISTORY_FACTS` to the normalised batch frame ``df``: each file sees the warehouse
    (``base``, as :func:`history_base` keys it) and the rows ``loads`` marks in the earlier files."""
    seen = versions(base, df, loads)
    pid = seen.pop("pid")
    rows = _Rows(df, pid)
    ytd_rows, sum_rows = _ytd_rows(df, rows), _sum_rows(df, rows)
    earlier = _seen(df, seen, pid, ytd_rows | sum_rows)  # only the rows these two ask about
    _add_previous_ytd(df, earlier, rows, ytd_rows)
    _add_month_sum(df, earlier, rows, sum_rows)
    _add_last_year(df, seen, pid)


#: The facts a row's rules take from history (the warehouse and the batch's earlier files): a
#: file whose facts are unchanged needs no second look when the batch's rejections settle.
HISTORY_FACTS = (
    "_prev_ytd",
    "_prev_ym",
    "_prev_row",
    "_prev_after_zero",
    "_month_sum",
    "_g_last_ytd",
    "_g_last_month",
)


def keyed_rows(df: pd.DataFrame) -> np.ndarray:
    """The rows with both an indicator and a month: ``_keyed``, which normalisation sets once (a
    test over an object column costs a millisecond a batch each time), else worked out."""
    if "_keyed" in df.columns:
        return df["_keyed"].to_numpy(dtype=bool)
    return (df["_code"].notna() & df["_ym"].notna()).to_numpy(dtype=bool)


@dataclass(frozen=True)
class KeyedHistory:
    """The warehouse's current rows keyed as :func:`history_base` keys a history frame, straight from
    the warehouse's columns (:meth:`~bijie_etl.warehouse.store.Warehouse.keyed_history`): no frame
    of dates and text built per batch only to be keyed again."""

    base: pd.DataFrame | None

    @classmethod
    def of(
        cls, codes: np.ndarray, counties: np.ndarray, ym: np.ndarray, values: dict[str, np.ndarray]
    ) -> KeyedHistory:
        """Columns of current rows (object text, int64 YYYYMM, float64 values with NaN where missing),
        in the order of ``Warehouse.ytd_history``."""
        if len(ym) == 0:
            return cls(None)
        data: dict[str, Any] = {
            "_code": pd.Series(codes, dtype=object, copy=False),  # the caller's fresh arrays: no copy
            "county": pd.Series(counties, dtype=object, copy=False),
            "_ym": ym.astype(np.int64),
        }
        data.update(values)
        return cls(pd.DataFrame(data))


def history_base(history: pd.DataFrame | KeyedHistory | None) -> pd.DataFrame | None:
    """``history`` keyed as the rules need it (``_code, county, _ym`` and its value columns), built once per batch."""
    if isinstance(history, KeyedHistory):
        return history.base
    if history is None or len(history) == 0:
        return None
    days = history["period"].tolist()
    if all(type(d) is date for d in days):  # what Warehouse.ytd_history gives: nothing to parse
        ym: Any = np.array([d.year * 100 + d.month for d in days], dtype=np.int64)
    else:
        periods = pd.to_datetime(pd.Series(history["period"]).reset_index(drop=True))
        ym = (periods.dt.year * 100 + periods.dt.month).astype("Int64").to_numpy()
    data = {  # keys stay object columns, like the batch's (merging object with Arrow text is slower)
        "_code": pd.Series(history["indicator_code"].astype(object).to_numpy(), dtype=object),
        "county": pd.Series(history["county"].astype(object).to_numpy(), dtype=object),
        "_ym": ym,
    }
    for column in ("value_ytd", "value_month"):
        if column in history.columns:
            data[column] = pd.to_numeric(history[column], errors="coerce").astype("Float64").to_numpy()
    return pd.DataFrame(data)


def versions(base: pd.DataFrame | None, df: pd.DataFrame, loads: np.ndarray) -> dict[str, np.ndarray]:
    """Every version a row of the batch may see: the warehouse's (``_file_p`` -1) and the rows of
    the batch's files that will load (``loads``; ``_file_p`` their file), as arrays ``_ym,
    value_ytd, value_month, _file_p, _pid`` (floats NaN where missing). A row of file f sees the
    versions with ``_file_p < f``, the largest ``_file_p`` of a key being current (the load
    supersedes or confirms in file order).

    ``_pid`` numbers (indicator, county) pairs; ``pid`` holds the batch rows' (joining on one
    int64 is several times cheaper than on two object columns). Plain arrays, no frame: a frame
    of a few rows costs more to build than the joins that read it."""
    keyed = loads & keyed_rows(df)
    stored = base is not None and not base.empty
    codes = [df["_code"].to_numpy(dtype=object)]
    counties = [df["county"].to_numpy(dtype=object)]
    if base is not None and stored:
        codes.append(base["_code"].to_numpy(dtype=object))
        counties.append(base["county"].to_numpy(dtype=object))
    code, _ = pd.factorize(np.concatenate(codes))
    county, names = pd.factorize(np.concatenate(counties))
    pid = code.astype(np.int64) * (len(names) + 1) + county
    n = len(df)
    columns: dict[str, list[np.ndarray]] = {
        "_ym": [df["_ym"].to_numpy(dtype="float64", na_value=np.nan)[keyed].astype(np.int64)],
        "value_ytd": [df["value_ytd__conv"].to_numpy(dtype="float64", na_value=np.nan)[keyed]],
        "value_month": [df["value_month__conv"].to_numpy(dtype="float64", na_value=np.nan)[keyed]],
        "_file_p": [df["_file"].to_numpy(dtype=np.int64)[keyed]],
        "_pid": [pid[:n][keyed]],
    }
    if base is not None and stored:
        m = len(base)
        stored_columns = {
            "_ym": base["_ym"].to_numpy(dtype=np.int64),
            "_file_p": np.full(m, -1, dtype=np.int64),
            "_pid": pid[n:],
        }
        for column in ("value_ytd", "value_month"):
            stored_columns[column] = (
                base[column].to_numpy(dtype="float64", na_value=np.nan)
                if column in base.columns
                else np.full(m, np.nan)
            )
        for column, parts in columns.items():
            parts.insert(0, stored_columns[column])
    out = {column: np.concatenate(parts) for column, parts in columns.items()}
    out["pid"] = pid[:n]
    return out


def _keys(pid: np.ndarray, ym: np.ndarray) -> np.ndarray:
    """One int64 per (indicator, county, year)."""
    return pid * 10_000 + ym // 100


def _join(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions ``(i, j)`` of every pair with ``left[i] == right[j]`` (an inner join on one int key)."""
    order = np.argsort(right, kind="stable")
    ordered = right[order]
    lo = np.searchsorted(ordered, left, "left")
    count = np.searchsorted(ordered, left, "right") - lo
    i = np.repeat(np.arange(len(left)), count)
    start = np.repeat(lo - (np.cumsum(count) - count), count)
    return i, order[start + np.arange(len(i))]


def _join_before(
    left: np.ndarray, left_month: np.ndarray, right: np.ndarray, right_month: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_join` keeping only the pairs whose ``right_month`` is before ``left_month`` (months
    1–99 of one year): the sorted range of each left key stops at its month, so the later months
    are never paired (each row of a year sees its earlier months only)."""
    sort_key = right * 100 + right_month
    order = np.argsort(sort_key, kind="stable")
    ordered = sort_key[order]
    lo = np.searchsorted(ordered, left * 100, "left")
    count = np.searchsorted(ordered, left * 100 + left_month, "left") - lo
    i = np.repeat(np.arange(len(left)), count)
    start = np.repeat(lo - (np.cumsum(count) - count), count)
    return i, order[start + np.arange(len(i))]


def _seen(
    df: pd.DataFrame, versions: dict[str, np.ndarray], pid: np.ndarray, wanted: np.ndarray
) -> dict[str, np.ndarray]:
    """For each ``wanted`` row of ``df`` (keyed rows only): the version it sees of each earlier month
    of the same year, indicator and county — the latest from a file before its own (the warehouse's
    is ``_file_p`` -1) — as arrays ``i`` (the row), ``ym_p``, ``value_ytd``, ``value_month`` (NaN where
    that version has none: a later version hides an earlier value, as in the warehouse). ``pid``:
    the rows'. Each row's versions depend on that row alone: the rows not asked about are left out
    (a third of a batch: the shares, levels and rates no rule here reads)."""
    at = np.flatnonzero(wanted)
    row_ym = df["_ym"].to_numpy(dtype="float64", na_value=np.nan)[at].astype(np.int64)
    version_ym = versions["_ym"]
    version_file = versions["_file_p"]
    row_key = _keys(pid[at], row_ym)
    version_key = _keys(versions["_pid"], version_ym)
    if (version_file >= 0).any():
        row_file = df["_file"].to_numpy(dtype=np.int64)[at]
        i, j = _latest_before(row_key, row_ym % 100, row_file, version_key, version_ym % 100, version_file)
    else:  # the warehouse alone: every version of an earlier month is seen (one per key)
        i, j = _join_before(row_key, row_ym % 100, version_key, version_ym % 100)
    return {
        "i": at[i],
        "ym_p": version_ym[j],
        "value_ytd": versions["value_ytd"][j],
        "value_month": versions["value_month"][j],
    }


def _latest_before(
    left: np.ndarray,
    left_month: np.ndarray,
    left_file: np.ndarray,
    right: np.ndarray,
    right_month: np.ndarray,
    right_file: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs ``(i, j)``: for each left row and each earlier month (of its key, months 1–99) that
    ``right`` holds, the last ``right`` entry of that month from a file before the row's
    (``right_file < left_file``; of equal files the later entry), in row then month order.

    An as-of join: the entries are sorted by (key, month, file) once, each row enumerates only the
    distinct earlier months of its key, and one binary search per (row, month) finds the latest
    file before its own (rather than pairing every entry of every file and keeping the latest)."""
    files = int(max(right_file.max(initial=-1), left_file.max(initial=-1))) + 2
    month_key = right * 100 + right_month
    stamp = month_key * files + (right_file + 1)  # file + 1 in [0, files - 1]: months never overlap
    order = np.argsort(stamp, kind="stable")
    stamp = stamp[order]
    months, first = _sorted_distinct(month_key[order])
    lo = np.searchsorted(months, left * 100, "left")
    count = np.searchsorted(months, left * 100 + left_month, "left") - lo
    i = np.repeat(np.arange(len(left)), count)
    g = np.repeat(lo - (np.cumsum(count) - count), count) + np.arange(len(i))
    last = np.searchsorted(stamp, months[g] * files + left_file[i] + 1, "left") - 1
    seen = last >= first[g]  # some entry of that month from an earlier file
    return i[seen], order[last[seen]]


def _sorted_distinct(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(values, return_index=True)`` of values already in order, in one pass (no sort)."""
    starts = np.ones(len(values), dtype=bool)
    np.not_equal(values[1:], values[:-1], out=starts[1:])
    first = np.flatnonzero(starts)
    return values[first], first


class _Rows:
    """The batch rows' keys as int64 for the joins within a file: ``group`` numbers (file,
    indicator, county), ``ym`` the month; ``keyed`` rows have both an indicator and a month."""

    def __init__(self, df: pd.DataFrame, pid: np.ndarray) -> None:
        self.keyed = keyed_rows(df)
        self.ym = np.zeros(len(df), dtype=np.int64)
        self.ym[self.keyed] = (
            df["_ym"].to_numpy(dtype="float64", na_value=np.nan)[self.keyed].astype(np.int64)
        )
        files = df["_file"].to_numpy(dtype=np.int64)
        group = np.full(len(df), -1, dtype=np.int64)
        group[self.keyed], _ = pd.factorize(
            files[self.keyed] * (int(pid.max(initial=0)) + 1) + pid[self.keyed]
        )
        self.group = group

    def in_file(self, rows: np.ndarray, known: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pairs ``(row, k)`` of ``rows`` and the first row of each (group, month) among ``known``
        with an earlier month of the same year in the same group (the file's own earlier months)."""
        key = self.group[known] * (int(self.ym.max()) + 1) + self.ym[known]
        _, first = np.unique(key, return_index=True)
        known = known[np.sort(first)]  # the first of a file's duplicate rows, as drop_duplicates
        i, j = _join(self.group[rows], self.group[known])
        row, k = rows[i], known[j]
        same_year = self.ym[k] // 100 == self.ym[row] // 100
        keep = (self.ym[k] < self.ym[row]) & same_year
        return row[keep], k[keep]


def _masked(values: np.ndarray, at: np.ndarray, n: int, dtype: str) -> Any:
    """A nullable column of ``n`` rows: ``values`` at positions ``at``, NA elsewhere."""
    data = np.zeros(n, dtype="float64" if dtype == "Float64" else np.int64)
    mask = np.ones(n, dtype=bool)
    data[at] = values
    mask[at] = False
    if dtype == "Float64":
        return pd.arrays.FloatingArray(data, mask)
    return pd.arrays.IntegerArray(data, mask)


def _ytd_rows(df: pd.DataFrame, keys: _Rows) -> np.ndarray:
    """The rows :func:`_add_previous_ytd` looks back for: keyed rows of cumulative kinds."""
    return keys.keyed & df["_kind"].isin(_CUMULATIVE_KINDS).to_numpy(dtype=bool)


def _sum_rows(df: pd.DataFrame, keys: _Rows) -> np.ndarray:
    """The rows :func:`_add_month_sum` sums for: keyed rows with 累计 and 本月."""
    has_ytd = df["value_ytd__conv"].notna().to_numpy(dtype=bool)
    return keys.keyed & has_ytd & df["value_month__conv"].notna().to_numpy(dtype=bool)


def _add_previous_ytd(
    df: pd.DataFrame, earlier: dict[str, np.ndarray], keys: _Rows, wanted: np.ndarray
) -> None:
    """For each ``wanted`` row (:func:`_ytd_rows`): the latest earlier month's 累计 of the same indicator
    and county (file, then history).

    ``earlier`` is what :func:`_seen` gives: the warehouse and the batch's earlier files.
    """
    n = len(df)
    df["_prev_ytd"] = pd.Series(pd.NA, index=df.index, dtype="Float64")
    df["_prev_ym"] = pd.Series(pd.NA, index=df.index, dtype="Int64")
    df["_prev_row"] = pd.Series(pd.NA, index=df.index, dtype="Int64")
    df["_prev_after_zero"] = False
    if not wanted.any():
        return
    ytd = df["value_ytd__conv"].to_numpy(dtype="float64", na_value=np.nan)
    row_numbers = df["row"].to_numpy(dtype=np.int64)
    has_ytd = df["value_ytd__conv"].notna().to_numpy(dtype=bool)
    own, k = keys.in_file(np.flatnonzero(wanted), np.flatnonzero(keys.keyed & has_ytd))
    sel = wanted[earlier["i"]] & ~np.isnan(earlier["value_ytd"])
    # Per row and month the file's own row, else history's; the latest month is the reference.
    i = np.concatenate([own, earlier["i"][sel]])
    if not len(i):
        return
    ym_p = np.concatenate([keys.ym[k], earlier["ym_p"][sel]])
    value = np.concatenate([ytd[k], earlier["value_ytd"][sel]])
    n_seen = int(sel.sum())
    row = np.concatenate([row_numbers[k], np.full(n_seen, -1)])
    rank = np.repeat([1, 0], [len(own), n_seen])
    order = np.argsort((i * 100 + ym_p % 100) * 2 + rank, kind="stable")  # ym_p: of the row's year
    i, ym_p, value, row = i[order], ym_p[order], value[order], row[order]
    month = np.ones(len(i), dtype=bool)  # the last (highest rank) of each row and month
    month[:-1] = (i[1:] != i[:-1]) | (ym_p[1:] != ym_p[:-1])
    i, ym_p, value, row = i[month], ym_p[month], value[month], row[month]
    last = np.ones(len(i), dtype=bool)
    last[:-1] = i[1:] != i[:-1]
    # The reference month is a season's first (累计 0 the month before it, e.g. tobacco leaf bought
    # from July): often a part month, so it sets no pace for the guard's scale and jump checks.
    # (One entry per row and month, in month order: the month before the last is the entry before it.)
    before = np.zeros(len(i), dtype=bool)
    before[1:] = (i[1:] == i[:-1]) & (ym_p[1:] - 1 == ym_p[:-1]) & (value[:-1] == 0)
    after_zero = before[last]
    at = i[last]
    flags = np.zeros(n, dtype=bool)
    flags[at[after_zero]] = True
    df["_prev_after_zero"] = flags
    df["_prev_ytd"] = _masked(value[last], at, n, "Float64")
    df["_prev_ym"] = _masked(ym_p[last], at, n, "Int64")
    own_row = row[last] >= 0
    df["_prev_row"] = _masked(row[last][own_row], at[own_row], n, "Int64")


def _add_month_sum(df: pd.DataFrame, earlier: dict[str, np.ndarray], keys: _Rows, wanted: np.ndarray) -> None:
    """For each ``wanted`` row (:func:`_sum_rows`): the sum of 本月 over months 1..m when every month is
    known (file, then history), else NA.

    ``earlier`` is what :func:`_seen` gives: the warehouse and the batch's earlier files.
    """
    n = len(df)
    months = df["value_month__conv"].to_numpy(dtype="float64", na_value=np.nan)
    has_month = df["value_month__conv"].notna().to_numpy(dtype=bool)
    if not wanted.any():
        df["_month_sum"] = pd.Series(pd.NA, index=df.index, dtype="Float64")
        return
    own, k = keys.in_file(np.flatnonzero(wanted), np.flatnonzero(keys.keyed & has_month))
    sel = wanted[earlier["i"]] & ~np.isnan(earlier["value_month"])
    # The file's own month first, then history's; per row and month the first; summed in month order
    # (the same order whatever else the batch holds).
    i = np.concatenate([own, earlier["i"][sel]])
    ym_p = np.concatenate([keys.ym[k], earlier["ym_p"][sel]])
    value = np.concatenate([months[k], earlier["value_month"][sel]])
    rank = np.repeat([0, 1], [len(own), int(sel.sum())])
    order = np.argsort((i * 100 + ym_p % 100) * 2 + rank, kind="stable")  # ym_p: of the row's year
    i, ym_p, value = i[order], ym_p[order], value[order]
    first = np.ones(len(i), dtype=bool)
    first[1:] = (i[1:] != i[:-1]) | (ym_p[1:] != ym_p[:-1])
    i, value = i[first], value[first]
    count = np.bincount(i, minlength=n)
    total = np.zeros(n)
    np.add.at(total, i, value)
    at = np.flatnonzero(wanted)
    complete = count[at] == keys.ym[at] % 100 - 1
    sums = months[at] + total[at]
    df["_month_sum"] = _masked(sums[complete], at[complete], n, "Float64")


def _add_last_year(df: pd.DataFrame, seen: dict[str, np.ndarray], pid: np.ndarray) -> None:
    """``_g_last_ytd`` / ``_g_last_month``: last year's same month of the row's key, the latest
    version from before the row's file (NaN where none, or where that version has no value)."""
    last_ytd = np.full(len(df), np.nan)
    last_month = np.full(len(df), np.nan)
    if len(seen["_ym"]):
        keyed = keyed_rows(df)
        ym = df["_ym"].to_numpy(dtype="float64", na_value=np.nan)[keyed].astype(np.int64) - 100
        seen_ym = seen["_ym"]
        i, j = _join(_keys(pid[keyed], ym), _keys(seen["_pid"], seen_ym))
        file_p = seen["_file_p"][j]
        at = np.flatnonzero(keyed)[i]
        keep = (seen_ym[j] == ym[i]) & (file_p < df["_file"].to_numpy(dtype=np.int64)[at])
        at, j, file_p = at[keep], j[keep], file_p[keep]
        order = np.lexsort((file_p, at))  # the latest version from before the row's file wins
        at, j = at[order], j[order]
        latest = np.ones(len(at), dtype=bool)
        latest[:-1] = at[1:] != at[:-1]
        at, j = at[latest], j[latest]
        for column, out in (("value_ytd", last_ytd), ("value_month", last_month)):
            out[at] = seen[column][j]
    df["_g_last_ytd"] = last_ytd
    df["_g_last_month"] = last_month
