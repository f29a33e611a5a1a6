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


def test_a_table_layout_stays_in_the_worker_and_a_use_of_it_fails_loudly() -> None:
    """What crosses in a table's place is one named object: not None (a sheet still has a table), and asked for
    anything it raises instead of answering as if there were no header."""
    from bijie_etl.ingest.packed import NOT_SENT

    sent = pickle.loads(pickle.dumps(NOT_SENT))
    assert sent is NOT_SENT
    assert len(pickle.dumps(NOT_SENT)) < 60
    assert sent is not None
    with pytest.raises(RuntimeError, match="first_header"):
        _ = sent.first_header


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
