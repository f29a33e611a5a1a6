"""The wide checks of the validation schema: one pandera check per rule, its failures per field.

A rule (:mod:`bijie_etl.validate.rules`) answers ``{field: passes}`` for every row. pandera's
cost is per check whatever the row count, so the schema has one check per rule, named by its
:class:`~bijie_etl.errors.Code`, passing a row only where every field passes
(:func:`passes_all`); pandera reports the rule and its failing rows, and :func:`field_hits` tells
them apart by field, in the order one check per field gave them (field by field, each field's
rows in pandera's order), so every failure and its order are as they were.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from bijie_etl.errors import Code

__all__ = ["field_hits", "floats", "passes_all", "passing"]


def floats(df: pd.DataFrame, column: str) -> np.ndarray:
    """A number column of a rule's frame as floats, NaN where missing: compared as the nullable
    column would be (an NA comparison fails no rule, nor does NaN's), without pandas' fixed cost
    per operation."""
    return df[column].to_numpy(dtype="float64", na_value=np.nan)


def passing(df: pd.DataFrame, broken: np.ndarray) -> pd.Series:
    """A rule's ``passes`` for one field: every row the rule does not find broken."""
    return pd.Series(~broken, index=df.index)


def passes_all(results: dict[str, pd.Series], fields: tuple[str, ...]) -> pd.Series:
    """The rows that pass a rule on every field it reports on."""
    if len(fields) == 1:
        return results[fields[0]]
    passes = np.logical_and.reduce([_bools(results[fld]) for fld in fields])
    return pd.Series(passes, index=results[fields[0]].index)


def field_hits(
    rule: tuple[int, Code], rows: list[int], fields: tuple[str, ...], results: dict[int, dict[str, pd.Series]]
) -> list[tuple[int, str, Code]]:
    """``[(row, field, code)]`` of a wide check (``rule``: its check number and code) that failed
    on ``rows``: field by field, each field's failing rows in the order pandera gave ``rows``
    (``results``: each check's rule results, by check number)."""
    number, code = rule
    if len(fields) == 1:
        return [(idx, fields[0], code) for idx in rows]
    hits: list[tuple[int, str, Code]] = []
    for fld in fields:
        passes = results[number][fld]
        failing = set(passes.index[~_bools(passes)].tolist())
        hits += [(idx, fld, code) for idx in rows if idx in failing]
    return hits


def _bools(passes: pd.Series) -> np.ndarray:
    if passes.dtype != bool:  # a rule answers yes or no for every row
        raise TypeError(f"a rule's result must be boolean, not {passes.dtype}")
    return passes.to_numpy(dtype=bool)
