"""A table names its indicators when its name or code column holds anything pandas calls not missing."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from bijie_etl.ingest.layouts import SheetRows
from bijie_etl.ingest.table_rows import TableColumns
from bijie_etl.ingest.title_scope import _any_stated


@pytest.mark.parametrize(
    ("names", "codes"),
    [
        (["原煤产量", None], [None, None]),
        ([None, None], [None, "YMCL"]),
        ([None, math.nan], [None, 3]),
        ([None, None], [None, None]),
        ([math.nan, None], [pd.NA, None]),
        ([None, pd.NaT], [None, None]),
        (["", None], [None, None]),
    ],
)
def test_a_name_or_code_column_states_something_exactly_when_pandas_says_so(
    names: list[object], codes: list[object]
) -> None:
    """Texts and blanks are looked at directly, other cells through pandas: the same answer as notna().any(),
    whether the table's rows are a frame or still the reader's column lists."""
    frame = pd.DataFrame({"row": [3, 4], "indicator_name": names, "indicator_code": codes}, dtype=object)
    cols = ["indicator_name", "indicator_code"]
    expected = bool(frame[cols].notna().any(axis=None))
    assert _any_stated(SheetRows("Sheet1", 2, {}, frame), cols) == expected
    lists = TableColumns(cols, [list(names), list(codes)], np.array([3, 4], dtype=np.int64))
    assert _any_stated(SheetRows("Sheet1", 2, {}, lists), cols) == expected  # type: ignore[arg-type]
