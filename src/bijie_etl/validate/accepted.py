"""Step 3 of validation: the accepted rows of a batch as ``OBSERVATION_COLUMNS``.

Cell addresses (``G12``, the JSON of every value cell) are built column-wise with pyarrow, one
join per distinct sheet template, and stay Arrow text for the ``string`` columns; the rare rows
read from wide layouts or with provenance (how a value was more than a plain number) are edited
as Python values.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.compute as pc

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
    # Row numbers as text once, for the cell addresses built column-wise (pyarrow) below.
    row_text = pc.cast(pyarrow.array(good["row"].to_numpy(dtype=np.int64)), pyarrow.large_string())
    # The value's column letter per distinct (sheet, value field), not per row.
    value_field = good["_value_field"].to_numpy(dtype=object)
    field_code = key_ids(value_field)  # a few value fields, numbered 0..
    _, first, pair = np.unique(
        sheet_of * (int(field_code.max(initial=-1)) + 2) + field_code, return_index=True, return_inverse=True
    )
    letters = pyarrow.array(
        [sheets[sheet_of[i]].columns.get(str(value_field[i])) or None for i in first.tolist()],
        type=pyarrow.large_string(),
    ).take(pyarrow.array(pair))
    value_cell: Any = pc.binary_join_element_wise(letters, row_text, _large(""))  # null without a letter
    cells: Any = _fill_template(_templates(sheets), sheet_of, row_text)
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


def _large(text: str) -> Any:
    """A pyarrow text scalar of the type pandas' ``string`` columns hold (large_string)."""
    return pyarrow.scalar(text, type=pyarrow.large_string())


def _fill_template(templates: list[str], sheet_of: np.ndarray, row_text: pyarrow.Array) -> pyarrow.Array:
    """Each row's sheet template with its row number for :data:`_ROW` (``{"value_ytd": "G12"}``),
    one pyarrow join per distinct template (sheets of one layout share theirs)."""
    per_sheet = key_ids(np.array(templates, dtype=object))
    # Numbered over the rows' sheets only (a sheet whose rows were all refused has no rows here),
    # each number's template found per sheet rather than per row.
    present = np.flatnonzero(np.bincount(per_sheet[sheet_of], minlength=int(per_sheet.max()) + 1))
    number = np.full(int(per_sheet.max()) + 1, -1, dtype=np.int64)
    number[present] = np.arange(len(present))
    template_id = number[per_sheet[sheet_of]]
    first = dict(zip(per_sheet.tolist(), range(len(templates)), strict=True))  # a sheet of each number
    distinct = {k: templates[first[int(t)]] for k, t in enumerate(present.tolist())}
    order = np.argsort(template_id, kind="stable")
    bounds = np.searchsorted(template_id[order], np.arange(len(distinct) + 1))
    pieces = []
    for t in range(len(distinct)):
        at = pyarrow.array(order[bounds[t] : bounds[t + 1]])
        parts = distinct[t].split(_ROW)
        numbers = row_text.take(at)
        joined: list[Any] = [_large(parts[0])]
        for part in parts[1:]:
            joined += [numbers, _large(part)]
        if len(joined) == 1:  # no value cell in the template: the same text for every row
            pieces.append(pyarrow.array([parts[0]] * len(at), type=pyarrow.large_string()))
        else:
            pieces.append(pc.binary_join_element_wise(*joined, _large("")))
    back = np.empty(len(order), dtype=np.int64)
    back[order] = np.arange(len(order))
    return pyarrow.concat_arrays(pieces).take(pyarrow.array(back)) if pieces else row_text


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
