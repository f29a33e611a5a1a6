"""Step 1a of validation: every row of every sheet of a batch's files in one frame of raw values.

The reader gives each sheet its rows as a frame (``row``, the canonical fields, ``cell:<field>``
for layouts that give each value its own cell, and optional ``fmt:``/``unit:`` columns);
:func:`collect` puts them end to end in file order, with the file, sheet and period hint of each
row, for :mod:`bijie_etl.validate.rules` to normalise and check at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bijie_etl.ingest.reading import FileRead
from bijie_etl.ingest.table_rows import sheet_values
from bijie_etl.vocabulary import FIELDS, MEASURES

__all__ = ["ALL_FIELDS", "EXTRA_PREFIXES", "Extras", "ReadItem", "Sheet", "collect"]

#: Text fields first, then the measures (the raw frame's column order).
ALL_FIELDS = tuple(f for f in FIELDS if f not in MEASURES) + MEASURES

#: A file's read and its name as shown to people.
ReadItem = tuple[FileRead, str]


@dataclass(frozen=True)
class Sheet:
    """A sheet of the batch as messages need it: its name, where each field is, cells stating a field for the table."""

    name: str
    columns: dict[str, str]  # field -> Excel column letter
    fixed: dict[str, str] = field(default_factory=dict)  # field -> one cell stating it for the table
    period_missing: str = ""  # without a period: what the title, sheet and file name lack (Chinese)
    partner: str = ""  # the 累计 table a 当月 table was read with (工作表“累计”), see ingest.month_ytd_pairs


#: Optional per-value columns of the reader's rows: a cell's number format and a unit stated for
#: the value's column (``fmt:value_ytd``, ``unit:value_ytd``; see docs/ARCHITECTURE.md).
EXTRA_PREFIXES = ("fmt:", "unit:")

#: ``{column: {row position in the batch frame: value}}`` of the optional columns (sparse: most
#: files have none, and a column full of None would cost a Series per field for nothing).
Extras = dict[str, dict[int, Any]]


def collect(reads: Sequence[ReadItem]) -> tuple[pd.DataFrame, list[Sheet], Extras]:
    """All rows of all sheets of all files in one frame of raw values (object columns)."""
    sheets: list[Sheet] = []
    extras: Extras = {}
    # Names and values of each sheet's rows (as packed by a reading worker, or from the frame).
    packed = [sheet_values(s) for read, _ in reads for s in read.sheets]
    columns = [names for names, _ in packed]
    # Layouts other than the long one give each value its own source cell (cell:<field>).
    cell_cols = sorted({c for names in set(columns) for c in names if c.startswith("cell:")})
    fields = (*ALL_FIELDS, *cell_cols)
    # Sheets of one layout (the same columns) are stacked into one object array each (far cheaper
    # than a pandas call per column, or a concatenation per column of every sheet's slice), and
    # each field's values are put in place from there.
    layouts: dict[tuple[str, ...], tuple[list[np.ndarray], list[int]]] = {}
    files: list[int] = []
    hints: list[int] = []
    lengths: list[int] = []
    position = 0
    for file_idx, (read, file_name) in enumerate(reads):
        file_hint = read.period_hint
        for sheet in read.sheets:
            n = len(packed[len(sheets)][1])  # the sheet's row count, without building a frame
            own = getattr(sheet, "period_hint", None) or file_hint  # each sheet has its own period
            sheets.append(
                Sheet(
                    sheet.sheet or Path(file_name).stem,
                    dict(sheet.columns),
                    dict(sheet.fixed_cells),
                    getattr(sheet, "period_missing", ""),
                    getattr(sheet, "partner", ""),
                )
            )
            files.append(file_idx)
            hints.append(own.year * 100 + own.month if own else -1)
            lengths.append(n)
            names = columns[len(sheets) - 1]
            values = packed[len(sheets) - 1][1]
            blocks, starts = layouts.setdefault(names, ([], []))
            blocks.append(values)
            starts.append(position)
            for k, name in enumerate(names):
                if name.startswith(EXTRA_PREFIXES):
                    column = extras.setdefault(name, {})
                    for i, v in enumerate(values[:, k].tolist()):
                        if v is not None and v == v:
                            column[position + i] = v
            position += n
    counts = np.array(lengths, dtype=np.int64)
    hint = np.repeat(np.array(hints, dtype=np.int64), counts)
    gathered = {fld: np.full(position, None, dtype=object) for fld in ("row", *fields)}
    for names, (blocks, starts) in layouts.items():
        stacked = np.concatenate(blocks) if len(blocks) > 1 else blocks[0]
        sizes = [len(b) for b in blocks]
        shift = np.array(starts, dtype=np.int64) - np.cumsum([0, *sizes[:-1]])  # batch vs stacked start
        at = np.repeat(shift, sizes) + np.arange(len(stacked))  # each stacked row's place in the batch
        for k, name in enumerate(names):
            if name in gathered:
                gathered[name][at] = stacked[:, k]
    data: dict[str, Any] = {
        "_file": np.repeat(np.array(files, dtype=np.int64), counts),
        "_sheet": np.repeat(np.arange(len(sheets), dtype=np.int64), counts),
        "row": gathered.pop("row").astype(np.int64),
        "_hint": pd.arrays.IntegerArray(hint, hint < 0),
    }
    # The arrays are this call's own: no copy of them (pandas 3 copies an array by default), and a block
    # per column rather than one 2-D copy of them all.
    for fld, values in gathered.items():
        data[fld] = pd.Series(values, dtype=object, copy=False)
    return pd.DataFrame(data, copy=False), sheets, extras
