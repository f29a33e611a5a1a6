"""Reading a usual report builds no pandas frame: a long table's rows stay the reader's column lists
until something asks for a frame (ingest.table_rows), and cross to the main process packed from them.

A reader check that asks pandas something of every table (``frame[cols].notna().any()``, a Series per
column) cost a fixed ~0.3 ms a table, a sixth of a bench file's read, and went unseen for a session
(#19): the budget below fails on such a change, whatever the machine's speed.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pandas as pd
import pytest

from bijie_etl.ingest.discover import read_submission
from bijie_etl.ingest.packed import PackedRows
from bijie_etl.ingest.parallel import read_one
from bijie_etl.ingest.table_rows import TableColumns, held_rows
from bijie_etl.settings import PROJECT_ROOT, Settings, load_settings

sys.path.insert(0, str(PROJECT_ROOT))  # `benchmarks` is a top-level package of the checkout, not installed

from benchmarks.scale import ScaleParams, generate

#: Calls into pandas' own Python code while one usual report (one long table) is read, as a worker reads
#: it. None are needed (0 when this was written); one pandas selection per table is ~100-200.
PANDAS_CALLS_PER_FILE = 10

_PANDAS = os.path.dirname(pd.__file__)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Settings, Path]:
    """Six generated monthly reports (the benchmark's generator: .xlsx and .xls, one long table each)."""
    ds = generate(
        ScaleParams(n_files=6, departments=("agriculture", "energy")),
        data_dir=tmp_path_factory.mktemp("data"),
        processes=1,
    )
    return list(ds.files), load_settings(inbox_dir=ds.inbox), ds.inbox


def _pandas_calls(read: Any) -> int:
    """How many times pandas' Python code is entered while ``read()`` runs."""
    calls = 0

    def count(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal calls
        if event == "call" and frame.f_code.co_filename.startswith(_PANDAS):
            calls += 1

    sys.setprofile(count)
    try:
        read()
    finally:
        sys.setprofile(None)
    return calls


def _sheets(files: list[Path], settings: Settings, inbox: Path) -> Iterator[tuple[Path, Any]]:
    for path in files:
        _sub, read = read_submission(path, settings=settings, inbox=inbox, file_name=path.name)
        assert read is not None
        yield from ((path, sheet) for sheet in read.sheets)


def test_reading_a_usual_report_stays_within_its_pandas_budget(
    reports: tuple[list[Path], Settings, Path],
) -> None:
    """Read as a worker reads it (hashed, read, packed), a one-table report calls pandas at most a few times."""
    files, settings, inbox = reports
    for path in files:
        read_one(path, path.name, settings, inbox)  # first reads fill the caches (vocabulary, formats)
    used = {path.name: _pandas_calls(lambda p=path: read_one(p, p.name, settings, inbox)) for path in files}
    over = {name: n for name, n in used.items() if n > PANDAS_CALLS_PER_FILE}
    assert not over, (
        f"reading these reports called pandas more than {PANDAS_CALLS_PER_FILE} times each: {over}. "
        "A usual long table is read without a frame (ingest.table_rows): ask held_rows/has_field/field_values, "
        "or build the frame only for the rare table that needs it"
    )


def test_a_long_table_is_its_column_lists_until_a_frame_is_asked_for(
    reports: tuple[list[Path], Settings, Path],
) -> None:
    """Read in-process, each table holds its column lists; asked for, the frame is the one the reader always
    built: an int64 ``row`` column (Excel rows), then one object column per field, on a 0..n-1 index."""
    files, settings, inbox = reports
    for _path, sheet in _sheets(files, settings, inbox):
        held = held_rows(sheet)
        assert isinstance(held, TableColumns)
        frame = sheet.rows
        assert isinstance(frame, pd.DataFrame)
        assert sheet.rows is frame
        assert list(frame.columns) == ["row", *held.order]
        assert frame["row"].dtype == "int64"
        assert frame["row"].tolist() == held.row_numbers.tolist()
        assert all(frame[f].dtype == object for f in held.order)
        assert frame.index.equals(pd.RangeIndex(len(held)))
        for k, name in enumerate(held.order):
            assert frame[name].tolist() == held.data[k]


def test_packed_from_the_lists_is_what_packing_the_frame_gives(
    reports: tuple[list[Path], Settings, Path],
) -> None:
    """The rows a worker sends, packed straight from the lists, equal the frame packed (names, dtypes, values as
    Python objects, index) and build the same frame in the main process after a trip through pickle."""
    files, settings, inbox = reports
    for _path, sheet in _sheets(files, settings, inbox):
        held = held_rows(sheet)
        assert isinstance(held, TableColumns)
        direct = pickle.loads(pickle.dumps(held.packed(), protocol=5))
        via_frame = PackedRows.of(sheet.rows)
        assert direct.names == via_frame.names
        assert direct.dtypes_ == via_frame.dtypes_
        assert direct.index_ is None
        assert via_frame.index_ is None
        assert direct.values.tolist() == via_frame.values.tolist()
        assert [type(v) for v in direct.values.ravel()] == [type(v) for v in via_frame.values.ravel()]
        pd.testing.assert_frame_equal(direct.frame(), via_frame.frame())
