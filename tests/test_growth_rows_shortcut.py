"""The long layout's test for a growth row to join skips its row-by-row part only when no row can be growth-only."""

from __future__ import annotations

import math

from bijie_etl.ingest.growth_only import no_growth_only_row

ORDER = ["indicator_name", "value_ytd", "growth_pct"]
FIELDS = ["value_ytd", "growth_pct"]


def _data(ytd: list[object]) -> list[list[object]]:
    return [["原煤产量", "发电量", "增速"], ytd, [3.2, None, 5.1]]


def test_a_figure_column_filled_on_every_row_leavesno_growth_only_row() -> None:
    """累计 filled on every row (numbers or text): no row holds a growth alone, so nothing is looked at row by row."""
    assert no_growth_only_row(_data([1.0, 2, "3.5"]), ORDER, {}, FIELDS)


def test_a_blank_or_a_nan_in_the_figure_column_leaves_it_to_the_row_by_row_test() -> None:
    """A None or a NaN on some row: that row may hold the growth alone (the full test decides)."""
    assert not no_growth_only_row(_data([1.0, None, 2.0]), ORDER, {}, FIELDS)
    assert not no_growth_only_row(_data([1.0, math.nan, 2.0]), ORDER, {}, FIELDS)


def test_a_moved_lone_figure_or_a_cell_of_another_type_leaves_it_to_the_row_by_row_test() -> None:
    """A plan moving lone figures changes which rows are filled; a cell of another type is read by pd.isna."""
    assert not no_growth_only_row(_data([1.0, 2.0, 3.0]), ORDER, {("value_ytd", "growth_pct"): [2]}, FIELDS)
    assert not no_growth_only_row(_data([1.0, 2.0, object()]), ORDER, {}, FIELDS)


def test_the_growth_column_itself_never_counts_as_the_other_figure() -> None:
    """Only the growth column filled on every row: each row may be growth-only."""
    data = [["原煤产量", "发电量"], [3.2, 5.1]]
    assert not no_growth_only_row(data, ["indicator_name", "growth_pct"], {}, ["growth_pct"])
