"""Group arithmetic on int64 group numbers gives what pandas gives on the key columns."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bijie_etl.validate import grouping, rules
from bijie_etl.validate.grouping import compensated_sums, group_transform, key_ids, numbered


def _decimals(n: int, seed: int) -> np.ndarray:
    return np.round(np.random.default_rng(seed).uniform(0, 50, n), 1)


def test_compensated_sums_match_a_groupby_on_key_columns_to_the_last_digit() -> None:
    """County sums as the guard compares them: bit for bit what a groupby on (file, code, month) adds."""
    n = 3000
    rng = np.random.default_rng(1)
    files = rng.integers(0, 40, n)
    codes = np.array([f"T{c:02d}" for c in rng.integers(0, 12, n)], dtype=object)
    values = _decimals(n, 2)
    frame = pd.DataFrame({"_file": files, "_code": codes, "v": values})
    expected = frame.groupby(["_file", "_code"])["v"].sum()
    groups, keys = pd.factorize(pd.MultiIndex.from_arrays([files, codes]))
    sums = compensated_sums(values, groups.astype(np.int64), len(keys))
    got = pd.Series(sums, index=keys).reindex(expected.index).to_numpy()
    assert np.array_equal(got.view(np.int64), expected.to_numpy().view(np.int64))
    naive = pd.Series(values).groupby(groups).agg(lambda s: float(sum(s.tolist())))
    assert not np.array_equal(naive.sort_index().to_numpy(), sums)  # a plain sum differs somewhere


def test_compensated_sums_of_a_group_without_rows_are_nan() -> None:
    """A group number no row has sums to NaN, not 0."""
    sums = compensated_sums(np.array([1.5, 2.0]), np.array([0, 2]), 3)
    assert sums.tolist()[0::2] == [1.5, 2.0]
    assert np.isnan(sums[1])


def test_group_transform_is_nan_outside_any_group() -> None:
    """Rows numbered -1 (an unknown key) get NaN, the others their group's median."""
    out = group_transform(np.array([1.0, 3.0, 5.0, 7.0]), np.array([0, 0, -1, 1]), "median")
    assert out[[0, 1, 3]].tolist() == [2.0, 2.0, 7.0]
    assert np.isnan(out[2])


def test_groups_and_distinct_values_are_the_same_without_pandas_private_hash_call(monkeypatch) -> None:
    """pandas' factorize_array is not public API: where a release lacks it, the public path gives the same."""
    cells = ["七星关区", None, float("nan"), "大方县", None, "七星关区", pd.NA, 3.5, float("nan"), "", 3.5]
    column = np.array(cells, dtype=object)
    texts = ["1-6月", None, float("nan"), "1-6月", "六月", None, 2.5]
    described = lambda v: (type(v).__name__, repr(v))  # noqa: E731
    fast = (numbered(column)[0], key_ids(column, column), rules._map_array(texts, described))
    monkeypatch.setattr(grouping, "_factorize_array", None)
    slow = (numbered(column)[0], key_ids(column, column), rules._map_array(texts, described))
    assert pd.factorize(fast[0])[0].tolist() == pd.factorize(slow[0])[0].tolist()  # the same groups
    assert pd.factorize(fast[0])[0].tolist() == [0, 1, 1, 2, 1, 0, 1, 3, 1, 4, 3]  # every missing value one
    assert fast[1].tolist() == slow[1].tolist()
    assert fast[2].tolist() == slow[2].tolist() == [described(v) for v in texts]
