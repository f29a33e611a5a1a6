"""Rows crossing from a reading worker as plain values (ingest.packed) are the frame they were made from."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bijie_etl.ingest.packed import PackedRows, pack_rows, row_values


def _frames() -> list[pd.DataFrame]:
    long = pd.DataFrame(
        {
            "row": np.array([5, 6, 7], dtype=np.int64),
            "indicator": ["原煤产量", None, "发电量"],
            "value_ytd": [3650.2, np.nan, "1,234"],
            "cell:value_ytd": ["C5", "C6", "C7"],
        }
    )
    dropped = long.drop(index=[1])  # a growth row joined to the row above leaves a gap in the index
    texts = pd.DataFrame({"row": [3, 4], "county": pd.array(["七星关区", None], dtype="str")})
    empty = long.iloc[0:0]
    twice = pd.DataFrame([[1, "a", "b"]], columns=["row", "unit", "unit"]).astype({"row": "int64"})
    typed = pd.DataFrame(
        {
            "row": np.array([1, 2], dtype=np.int32),
            "x": [1.5, np.nan],
            "flag": [True, False],
            "when": pd.to_datetime(["2024-06-30", "2024-07-31"]),
            "kind": pd.Categorical(["a", "b"]),
            "at": pd.to_datetime(["2024-06-30", "2024-07-31"]).tz_localize("Asia/Shanghai"),
        }
    )  # each dtype crosses as it was (numpy ones as their codes)
    return [long, dropped, texts, empty, twice, typed]


@pytest.mark.parametrize(
    "frame", _frames(), ids=["long", "index-with-gap", "str-dtype", "empty", "same-name-twice", "typed"]
)
def test_a_packed_frame_builds_the_same_frame_again_after_pickling(frame: pd.DataFrame) -> None:
    """Columns, dtypes, index and values survive packing and a trip through pickle."""
    packed = pickle.loads(pickle.dumps(pack_rows(frame), protocol=5))
    assert isinstance(packed, PackedRows)
    pd.testing.assert_frame_equal(packed.frame(), frame)


def test_a_packed_frame_answers_like_the_frame() -> None:
    """len, columns, empty, to_numpy(object), item access and any other attribute give the frame's answers."""
    frame = _frames()[1]
    packed = PackedRows.of(frame)
    assert len(packed) == len(frame) == 2
    assert packed.columns.tolist() == frame.columns.tolist()
    assert not packed.empty
    assert PackedRows.of(frame.iloc[0:0]).empty
    assert packed.to_numpy(dtype=object).tolist() == frame.to_numpy(dtype=object).tolist()
    assert packed["indicator"].tolist() == ["原煤产量", "发电量"]
    assert packed.index.tolist() == [0, 2]  # not a slot of its own: the frame's index
    assert "value_ytd" in packed
    assert "growth" not in packed


def test_validation_reads_the_same_values_from_a_packed_frame_and_from_the_frame() -> None:
    """row_values gives the names and rows as one object array either way."""
    frame = _frames()[0]
    names, values = row_values(frame)
    packed_names, packed_values = row_values(PackedRows.of(frame))
    assert names == packed_names == ("row", "indicator", "value_ytd", "cell:value_ytd")
    assert values.tolist() == packed_values.tolist()


def test_a_deferred_object_is_unpickled_only_when_asked_and_answers_as_itself() -> None:
    """A table's layout crosses as bytes and gives its attributes once something asks for them."""
    from bijie_etl.ingest.packed import Deferred, defer
    from bijie_etl.ingest.tables import Table

    table = Table("Sheet1", 0, 2, 3, 4, 9, columns=[], title=["2024年1-6月"])
    sent = pickle.loads(pickle.dumps(defer(table)))
    assert isinstance(sent, Deferred)
    assert sent._obj is None  # nothing unpickled yet
    assert (sent.first_header, sent.last_header, sent.title) == (2, 3, ["2024年1-6月"])
    assert sent.get() == table


def test_a_deferred_table_comes_back_with_the_same_columns_and_roles() -> None:
    """Columns and roles cross as their fields (pickled by defer's own table): the same dataclasses, equal."""
    from bijie_etl.ingest.grammar import Role
    from bijie_etl.ingest.packed import defer
    from bijie_etl.ingest.tables import Column, Table

    role = Role("value", field="value_ytd", year=2024, month=6, is_range=True, indicator="GYZJZ", unit="亿元")
    columns = [
        Column(0, ("指标",), ("A3",), Role("identity", field="indicator_name")),
        Column(1, ("1-6月", "累计"), ("B2", "B3"), role, unit="亿元", unit_cell="B3"),
        Column(2, ("1-6月", "累计"), ("C2", "C3"), role),
    ]
    table = Table("Sheet1", 0, 1, 2, 3, 9, columns, merges=[((1, 1), (1, 2))], repeated_header_rows={5}, formats={(3, 1): "0.0"})  # fmt: skip
    back = pickle.loads(pickle.dumps(defer(table))).get()
    assert back == table
    assert [type(c) for c in back.columns] == [Column] * 3
    assert type(back.columns[1].role) is Role
    assert back.columns[1].role is back.columns[2].role  # one role shared, as in the table pickled


def test_a_read_crosses_without_what_the_main_process_knows_and_comes_back_the_same(tmp_path: Path) -> None:
    """The path the main process gave and the time received (as microseconds) come back exactly as they were."""
    from datetime import UTC, datetime

    from bijie_etl.ingest.packed import leave_out_known, put_back_known
    from bijie_etl.ingest.reading import FileRead
    from bijie_etl.ingest.submission import Submission

    path = tmp_path / "统计局" / "2024-06.xlsx"
    when = datetime.fromtimestamp(1719705600.123457, tz=UTC)
    sub = Submission(
        path=path, file_name="统计局/2024-06.xlsx", sha256="ab" * 32, size_bytes=9, received_at=when
    )
    read = FileRead(path=path, sheets=[], title="title")
    leave_out_known(sub, read, path)
    sub, read = pickle.loads(pickle.dumps((sub, read)))
    assert sub.path is None
    assert read.path is None
    assert isinstance(sub.received_at, int)
    put_back_known(sub, read, path)
    assert sub.path is path
    assert read.path is path
    assert sub.received_at == when
    assert sub.received_at.tzinfo is UTC
    other = Submission(path=path, file_name="x", sha256="cd" * 32, size_bytes=1, received_at=when)
    leave_out_known(other, None, tmp_path / "elsewhere.xlsx")  # not the path given: it crosses
    assert other.path == path
