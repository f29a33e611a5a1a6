"""A batch's observations as the Arrow table the warehouse loads (``incoming``), and its files (``incoming_files``).

Files validated together hold their rows of one batch frame
(:class:`~bijie_etl.ingest.submission.BatchRows`); the frame is converted to Arrow once and
registered in DuckDB for the set-based load (:mod:`bijie_etl.warehouse.store`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from bijie_etl.errors import BijieError
from bijie_etl.ingest.submission import OBSERVATION_COLUMNS, ObservationBatch, Submission, SubmissionStatus
from bijie_etl.settings import TZ

__all__ = [
    "KEY_COLUMNS",
    "OBSERVATION_SCHEMA",
    "Summary",
    "batch_observations",
    "files_table",
    "key_ids",
    "observations_arrow",
    "text_objects",
]

_ARROW_TYPES = {"string": pa.string(), "object": pa.date32(), "Float64": pa.float64(), "Int64": pa.int64()}
OBSERVATION_SCHEMA = pa.schema([(name, _ARROW_TYPES[dtype]) for name, dtype in OBSERVATION_COLUMNS.items()])


def observations_arrow(frame: pd.DataFrame) -> pa.Table:
    """The observations frame as an Arrow table with the warehouse's exact types."""
    frame = frame.loc[:, list(OBSERVATION_COLUMNS)]
    if pd.api.types.is_datetime64_any_dtype(frame["period"]):
        frame = frame.assign(period=frame["period"].dt.date)
    return pa.Table.from_pandas(frame, schema=OBSERVATION_SCHEMA, preserve_index=False)


def batch_observations(subs: list[Submission], sids: list[int]) -> pa.Table | None:
    """Every file's observations as one Arrow table with pos (row position), file_idx, sid, file_name
    and key_id (:func:`key_ids`) columns.

    Files validated together hold their rows of one batch frame (:class:`BatchRows`): that
    frame is converted to Arrow once and each file's rows are taken from it, no frame per file.
    Frames of their own (the desk, tests, rows somebody edited) are concatenated in pandas and
    converted once: converting per file costs ~10x more.
    """
    runs: list[tuple[ObservationBatch | None, list[tuple[int, Any]]]] = []
    for i, sub in enumerate(subs):
        rows = sub.batch_rows()
        held: Any = rows.positions if rows is not None else sub.observations
        if len(held) == 0:
            continue
        source = rows.batch if rows is not None else None
        if runs and runs[-1][0] is source:
            runs[-1][1].append((i, held))
        else:
            runs.append((source, [(i, held)]))
    if not runs:
        return None
    tables: list[pa.Table] = []
    for source, items in runs:
        if source is None:
            tables.append(observations_arrow(pd.concat([frame for _, frame in items], ignore_index=True)))
            continue
        if source.arrow is None:
            source.arrow = observations_arrow(source.frame).combine_chunks()
        positions = np.concatenate([held for _, held in items])
        whole = len(positions) == len(source) and bool((positions == np.arange(len(source))).all())
        tables.append(source.arrow if whole else source.arrow.take(pa.array(positions)))
    # One chunk per column (DuckDB scans many small chunks ~15x slower).
    table = pa.concat_tables(tables).combine_chunks() if len(tables) > 1 else tables[0]
    idx = pa.array(
        np.concatenate([np.full(len(held), i, np.int32) for _, items in runs for i, held in items])
    )
    return (
        table.append_column("pos", pa.array(np.arange(table.num_rows, dtype=np.int64)))
        .append_column("file_idx", idx)
        .append_column("sid", pa.array(sids, pa.int64()).take(idx))
        .append_column("file_name", pa.array([s.file_name for s in subs], pa.string()).take(idx))
        .append_column("key_id", pa.array(key_ids(table), pa.int64()))
    )


def text_objects(column: pa.ChunkedArray) -> np.ndarray:
    """A text column as an object array of Python strings, each distinct text made once (a warehouse's
    codes and counties repeat a few hundred texts over its rows), the same values as ``to_numpy``."""
    column = column.combine_chunks()
    if column.null_count or len(column) == 0:
        return column.to_numpy(zero_copy_only=False)
    encoded = pc.dictionary_encode(column)
    return encoded.dictionary.to_numpy(zero_copy_only=False)[encoded.indices.to_numpy()]


#: The columns that key an observation: one current version per (indicator, month, county).
KEY_COLUMNS = ("indicator_code", "period", "county")


def key_ids(table: pa.Table) -> np.ndarray:
    """One int64 per distinct :data:`KEY_COLUMNS` of ``table``'s rows (NULL a value of its own):
    the load's window functions partition by it, an integer sorting several times faster than
    the three text and date columns."""
    key = np.zeros(table.num_rows, dtype=np.int64)
    bound = 1  # key < bound
    for name in KEY_COLUMNS:
        encoded = pc.dictionary_encode(table.column(name).combine_chunks(), null_encoding="encode")
        size = max(1, len(encoded.dictionary))
        if bound * size >= 1 << 62:  # renumbered densely first: the product never outgrows int64
            distinct, key = np.unique(key, return_inverse=True)
            key, bound = key.astype(np.int64), len(distinct)
        key = key * size + encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        bound *= size
    return key


_FILES_SCHEMA = pa.schema(
    [
        ("sid", pa.int64()),
        ("run_id", pa.int64()),
        ("path", pa.string()),
        ("file_name", pa.string()),
        ("sha256", pa.string()),
        ("size_bytes", pa.int64()),
        ("department", pa.string()),
        ("received_at", pa.timestamp("us")),
        ("status", pa.string()),
        ("rows_read", pa.int32()),
        ("rows_loaded", pa.int32()),
        ("rows_rejected", pa.int32()),
        ("warnings", pa.int32()),
        ("rows_new", pa.int32()),
        ("rows_changed", pa.int32()),
        ("rows_unchanged", pa.int32()),
        ("error", pa.string()),
    ]
)


@dataclass(frozen=True, slots=True)
class Summary:
    """What a load records of a file, worked out once (each figure is a pass over its failures)."""

    status: SubmissionStatus
    rows_loaded: int
    rows_rejected: int
    warnings: int

    @classmethod
    def of(cls, sub: Submission) -> Summary:
        return cls(sub.status, sub.rows_loaded, sub.rows_rejected, len(sub.warnings))


def _local(ts: datetime) -> datetime:
    """Beijing wall-clock time without tzinfo (the warehouse's TIMESTAMP convention)."""
    return ts.astimezone(TZ).replace(tzinfo=None) if ts.tzinfo is not None else ts


def files_table(
    subs: list[Submission],
    sids: list[int],
    run_id: int,
    counts: dict[int, tuple[int, int, int]],
    summaries: list[Summary],
) -> pa.Table:
    """The ``submitted_files`` rows of a batch (``counts``: new, changed, unchanged rows per file)."""
    rows = [counts.get(i, (0, 0, 0)) for i in range(len(subs))]
    return pa.Table.from_pydict(  # column lists: several times cheaper than a dict per file
        {
            "sid": sids,
            "run_id": [run_id] * len(subs),
            "path": [str(sub.path) for sub in subs],
            "file_name": [sub.file_name for sub in subs],
            "sha256": [sub.sha256 for sub in subs],
            "size_bytes": [sub.size_bytes for sub in subs],
            "department": [sub.department for sub in subs],
            "received_at": [_local(sub.received_at) for sub in subs],
            "status": [s.status.value for s in summaries],
            "rows_read": [sub.rows_read for sub in subs],
            "rows_loaded": [s.rows_loaded for s in summaries],
            "rows_rejected": [s.rows_rejected for s in summaries],
            "warnings": [s.warnings for s in summaries],
            "rows_new": [r[0] for r in rows],
            "rows_changed": [r[1] for r in rows],
            "rows_unchanged": [r[2] for r in rows],
            "error": [sub.error for sub in subs],
        },
        schema=_FILES_SCHEMA,
    )


def previous_rows(table: pa.Table) -> tuple[np.ndarray, np.ndarray]:
    """Each row's predecessor in the batch: the row of the same key (``key_id``) from the file just
    before it (``file_idx`` order), -1 for a key's first row; and the order of the rows by key,
    then file. Raises :class:`ValueError` naming the first file (by ``file_idx``) that holds one key
    twice, which validation should have refused."""
    key = table.column("key_id").to_numpy()
    file_idx = table.column("file_idx").to_numpy().astype(np.int64)
    order = np.lexsort((file_idx, key))
    key_s, file_s = key[order], file_idx[order]
    same_key = np.zeros(len(order), dtype=bool)
    same_key[1:] = key_s[1:] == key_s[:-1]
    twice = np.zeros(len(order), dtype=bool)
    twice[1:] = same_key[1:] & (file_s[1:] == file_s[:-1])
    if twice.any():
        raise DuplicateKey(int(file_s[twice].min()))
    previous = np.full(len(order), -1, dtype=np.int64)
    at = np.flatnonzero(same_key)
    previous[order[at]] = order[at - 1]
    return previous, order


class DuplicateKey(BijieError, ValueError):
    """One file of the batch holds one (indicator, period, county) twice (``file_idx`` of the first such file)."""

    def __init__(self, file_idx: int) -> None:
        self.file_idx = file_idx
        super().__init__(f"同一文件中同一指标、统计期和区县出现两次（批内第{file_idx + 1}个文件）")


@dataclass(frozen=True)
class Versions:
    """What the load does with each incoming row (by ``pos``), worked out from the classification.

    ``new_id``: the observation id of a row that is a new version (-1 otherwise); ``next_id`` the
    id of the next version of its key in the batch (-1: none, the row stays current);
    ``confirms`` the version a row that is no new version confirms; ``superseded`` / ``superseding``:
    the warehouse's current rows that the batch's first version of their key replaces."""

    is_version: np.ndarray
    new_id: np.ndarray
    next_id: np.ndarray
    confirms: np.ndarray
    superseded: np.ndarray
    superseding: np.ndarray
    counts: dict[int, tuple[int, int, int]]


def plan_versions(
    file_idx: np.ndarray,
    order: np.ndarray,
    previous: np.ndarray,
    is_version: np.ndarray,
    current: np.ndarray,
    ids: np.ndarray,
) -> Versions:
    """The versions, supersessions, confirmations and per-file counts of a batch.

    ``order``/``previous``: :func:`previous_rows`; ``is_version`` per row (no predecessor, or
    values differing from it: the warehouse's current row ``current`` for a key's first row, -1
    where there is none, else the batch's previous row); ``ids``: one new observation id per
    version, ascending, given to the versions in row order. Within a key (in file order) a version
    is superseded by the next version; a row that is no version confirms the latest version before
    it in the batch, else the warehouse's current row; the warehouse's current row of a key is
    superseded by the key's first version in the batch. ``counts``: per file (those with rows)
    the rows new (a key's first row, no current row), changed (other versions) and unchanged."""
    n = len(order)
    new_id = np.full(n, -1, dtype=np.int64)
    new_id[is_version] = ids
    first = previous < 0
    version_s = is_version[order]
    id_s = new_id[order]
    positions = np.arange(n)
    start = np.maximum.accumulate(np.where(first[order], positions, 0))  # the key's first row (sorted)
    # The next version of the same key (sorted order), for every version.
    at = np.flatnonzero(version_s)
    next_id = np.full(n, -1, dtype=np.int64)
    follows = start[at[1:]] == start[at[:-1]]
    next_id[order[at[:-1][follows]]] = id_s[at[1:][follows]]
    # The latest version at or before each row within its key, else the warehouse's current row.
    last = np.maximum.accumulate(np.where(version_s, positions, -1))
    in_key = (last >= start) & (last >= 0)
    confirms = np.full(n, -1, dtype=np.int64)
    confirms[order] = np.where(in_key, id_s[np.maximum(last, 0)], current[order])
    # The warehouse's current row, superseded by the key's first version.
    first_version = np.ones(len(at), dtype=bool)
    first_version[1:] = ~follows
    heads = order[at[first_version]]
    heads = heads[current[heads] >= 0]
    new = is_version & first & (current < 0)
    files = np.unique(file_idx)
    size = int(files.max(initial=-1)) + 1
    tally = [np.bincount(file_idx, weights=w, minlength=size) for w in (new, is_version & ~new, ~is_version)]
    counts = {int(f): (int(tally[0][f]), int(tally[1][f]), int(tally[2][f])) for f in files.tolist()}
    return Versions(is_version, new_id, next_id, confirms, current[heads], new_id[heads], counts)
