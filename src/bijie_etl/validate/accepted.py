"""Step 3 of validation: the accepted rows of a batch as ``OBSERVATION_COLUMNS``.

Cell addresses (``G12``, the JSON of every value cell) are made once per distinct sheet template
(or column letter) and row number, and stay Arrow text for the ``string`` columns; the rare rows
read from wide layouts or with provenance (how a value was more than a plain number) are edited
as Python values.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow

from bijie_etl.ingest.submission import OBSERVATION_COLUMNS
from bijie_etl.validate.grouping import key_ids
from bijie_etl.vocabulary import MEASURES

__all__ = ["accepted_observations", "empty_frame"]

NUMERIC_FIELDS = MEASURES


def empty_frame() -> pd.DataFrame:
    """No observations, with their columns."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in OBSERVATION_COLUMNS.items()})


def accepted_observations(
    good: pd.DataFrame,
    sheets: Sequence[Any],
    raw: pd.DataFrame | None = None,
    guard_notes: dict[int, list[str]] | None = None,
) -> pd.DataFrame:
    """The accepted rows as ``OBSERVATION_COLUMNS`` (plus ``_file`` for splitting)."""
    if good.empty:
        return empty_frame().assign(_file=pd.Series(dtype="int64"))
    sheet_of = good["_sheet"].to_numpy(dtype=np.int64)
    row_numbers = good["row"].to_numpy(dtype=np.int64)
    # The value's column letter per distinct (sheet, value field), not per row.
    value_field = good["_value_field"].to_numpy(dtype=object)
    field_code = key_ids(value_field)  # a few value fields, numbered 0..
    _, first, pair = np.unique(
        sheet_of * (int(field_code.max(initial=-1)) + 2) + field_code, return_index=True, return_inverse=True
    )
    letters = [sheets[sheet_of[i]].columns.get(str(value_field[i])) or None for i in first.tolist()]
    value_cell: Any = _addresses(letters, pair, row_numbers, _after)  # null without a letter
    cells: Any = _addresses(_templates(sheets), sheet_of, row_numbers, _in_template)
    if raw is not None and any(c.startswith("cell:") for c in raw.columns):
        # Values from wide layouts: each value's own cell.
        cells, value_cell = cells.to_pylist(), value_cell.to_pylist()
        own = raw.loc[good.index, [c for c in raw.columns if c.startswith("cell:")]]
        per_row = own.to_dict("records")
        fields = good["_value_field"].tolist()
        for k, rec in enumerate(per_row):
            mine = {f[5:]: v for f, v in rec.items() if isinstance(v, str) and f[5:] in NUMERIC_FIELDS}
            if mine:
                merged = {**json.loads(cells[k]), **mine}
                cells[k] = json.dumps({f: merged[f] for f in NUMERIC_FIELDS if f in merged})
                value_cell[k] = mine.get(str(fields[k]), value_cell[k])
    factor = good["_factor"].where(good["_factor"].notna(), pd.NA)
    unit_reported = good["unit"]
    reading = pd.Series(None, index=good.index, dtype=object)
    if "_how" in good.columns and good["_how"].notna().any():
        cells = cells if isinstance(cells, list) else cells.to_pylist()
        reading, unit_reported, factor = _provenance(good, cells, unit_reported, factor)
    if guard_notes is None:
        verdict = pd.Series(None, index=good.index, dtype=object)
    else:
        verdicts = np.full(len(good), "passed", dtype=object)
        at = good.index.get_indexer(list(guard_notes))  # -1: a noted row that is not loaded
        for k, notes in zip(at.tolist(), guard_notes.values(), strict=True):
            if k >= 0:
                verdicts[k] = ",".join(notes)
        verdict = pd.Series(verdicts, index=good.index, dtype=object)
    data = {
        "indicator_code": good["_code"],
        "period": good["period"],
        "county": good["county"],
        "value": good["_value"],
        "value_month": good["value_month__conv"],
        "value_ytd": good["value_ytd__conv"],
        "value_ytd_prior": good["value_ytd_prior__conv"],
        "growth_pct": good["growth_pct"],
        "unit": good["_cat_unit"],
        "unit_reported": unit_reported,
        "unit_factor": factor,
        "sheet": pyarrow.array([str(s.name) for s in sheets], type=pyarrow.large_string()).take(
            pyarrow.array(sheet_of)
        ),
        "row_number": good["row"],
        "cell": value_cell,
        "cells": cells,
        "note": good["note"],
        "reading": reading,
        "guard": verdict,
    }
    out = pd.DataFrame({c: _typed(data[c], t, good.index) for c, t in OBSERVATION_COLUMNS.items()})
    out["_file"] = good["_file"]
    return out


def _typed(values: Any, dtype: str, index: pd.Index) -> pd.Series:
    """``values`` as a column of ``dtype``; Arrow text (addresses built column-wise) becomes a
    ``string`` column as it is, with no round trip through Python objects."""
    if isinstance(values, pyarrow.Array | pyarrow.ChunkedArray) and dtype == "string":
        return pd.Series(pd.arrays.ArrowStringArray(values), index=index)
    if isinstance(values, list | pyarrow.Array | pyarrow.ChunkedArray):
        values = values if isinstance(values, list) else values.to_pylist()
    if dtype == "string" and (isinstance(values, list) or values.dtype == object):
        try:  # text and missing values only (the usual): straight to Arrow
            text = pyarrow.array(
                np.asarray(values, dtype=object), type=pyarrow.large_string(), from_pandas=True
            )
        except (pyarrow.ArrowTypeError, pyarrow.ArrowInvalid):  # anything else: as pandas converts it
            pass
        else:
            return pd.Series(pd.arrays.ArrowStringArray(text), index=index)
    return pd.Series(values, index=index).astype(dtype)


def _addresses(
    texts: Sequence[str | None], which: np.ndarray, rows: np.ndarray, make: Callable[[str, str], str]
) -> pyarrow.Array:
    """Each row's address: ``make(texts[which], its row number)`` (null where that text is None),
    made once per distinct text and row number rather than per row: a batch's thousands of sheets
    share a few templates and column letters, and row numbers repeat from sheet to sheet."""
    ids = key_ids(np.array(texts, dtype=object))  # equal texts, one number
    _, stands_for = np.unique(ids, return_index=True)  # the first text of each number
    which = ids[which]
    low = int(rows.min())
    _, first, pairs = np.unique(
        which * (int(rows.max()) - low + 1) + (rows - low), return_index=True, return_inverse=True
    )
    made = [
        None if (text := texts[stands_for[k]]) is None else make(text, str(row))
        for k, row in zip(which[first].tolist(), rows[first].tolist(), strict=True)
    ]
    return pyarrow.array(made, type=pyarrow.large_string()).take(pyarrow.array(pairs))


def _after(letter: str, row: str) -> str:
    """A cell's address: its column letter, then its row number (``G12``)."""
    return letter + row


def _in_template(template: str, row: str) -> str:
    """A sheet's template (:func:`_cells_template`) with the row number for :data:`_ROW`."""
    return template.replace(_ROW, row)


def _provenance(
    good: pd.DataFrame, cells: list[str], unit_reported: pd.Series, factor: pd.Series
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """How each value that was more than a plain number was read (JSON per row), and the unit and
    factor of the measured value when its column stated its own unit (本月（万元）)."""
    reading: list[str | None] = []
    units = unit_reported.tolist()
    factors = factor.tolist()
    for k, (how, value_field) in enumerate(
        zip(good["_how"].tolist(), good["_value_field"].tolist(), strict=True)
    ):
        if not how:
            reading.append(None)
            continue
        where = json.loads(cells[k])
        out: dict[str, Any] = {}
        for fld, note in how.items():
            converted = good[f"{fld}__conv"].iat[k]
            typed = note.get("typed")
            entry: dict[str, Any] = {"cell": where.get(fld), "typed": note.get("text")}
            for key in ("format", "words", "unit", "scale", "mark", "refused", "index"):
                if key in note:
                    entry[key] = note[key]
            if typed and converted is not pd.NA and converted == converted and "index" not in note:
                entry["factor"] = float(f"{float(converted) / float(typed):.12g}")
            out[fld] = entry
            if fld == value_field and "unit" in note:
                units[k] = note["unit"]
                factors[k] = entry.get("factor", factors[k])
        reading.append(json.dumps(out, ensure_ascii=False, sort_keys=True))
    index = good.index
    return (
        pd.Series(reading, index=index, dtype=object),
        pd.Series(units, index=index, dtype=object),
        pd.Series(factors, index=index, dtype=object),
    )


_ROW = "#ROW#"


def _templates(sheets: Sequence[Any]) -> list[str]:
    """Each sheet's :func:`_cells_template`, made once per layout (sheets of one layout share theirs)."""
    made: dict[tuple[tuple[str, str], ...], str] = {}
    out = []
    for sheet in sheets:
        key = tuple(sheet.columns.items())
        if key not in made:
            made[key] = _cells_template(sheet)
        out.append(made[key])
    return out


def _cells_template(sheet: Any) -> str:
    """``{"value_ytd": "G#ROW#", …}``: the sheet's value cells, ``#ROW#`` standing for the row number."""
    return json.dumps({f: f"{sheet.columns[f]}{_ROW}" for f in NUMERIC_FIELDS if f in sheet.columns})
