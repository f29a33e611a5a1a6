"""Validation: what a department sent (:class:`~bijie_etl.reading.FileRead`) becomes observations and failures.

Three steps, vectorised over every row of every file of a batch at once:

1. **Normalise** (:func:`_normalise`): resolve indicator (code, else name/alias), unit and the
   factor to the catalog unit, period, county; parse numbers; join the catalog attributes
   (kind, unit dimension, target) onto the rows; derive the cross-row facts the rules need
   (previous month's 累计, sum of the months' 本月, first row of a duplicate).
2. **Check** with a pandera :class:`DataFrameSchema` generated from the catalog
   (:func:`build_schema`): each rule is one check named after its stable :class:`Code`, run
   lazily so every problem of a file is reported at once. Wide checks return a boolean frame
   whose False cells name the offending field, so each failure knows its cell.
3. **Report**: ``SchemaErrors.failure_cases`` → :class:`Failure` rows (Chinese message saying
   what is wrong and what to do, file, sheet, cell, raw value). Errors reject the row;
   warnings keep it.

A pandera call costs several milliseconds whatever the row count, so :func:`validate_batch`
concatenates many files, validates once and splits the results back; :func:`validate` is the
one-file case.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache, partial
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from bijie_etl.catalog import CITY, Catalog, Kind
from bijie_etl.errors import Code, Failure, Severity
from bijie_etl.ingest.cells import PROBLEM_MESSAGES, SCALES, CellReading, Problem, estimate_message, read_cell
from bijie_etl.ingest.formulas import stale_message_zh, stale_of
from bijie_etl.ingest.headers import GROWTH_INDEX, year_dot_month_unclear_zh
from bijie_etl.ingest.names import find_target, name_unit
from bijie_etl.ingest.reading import FileRead, parse_number, parse_period
from bijie_etl.ingest.styles import format_kind, format_unit, is_percent_format
from bijie_etl.ingest.submission import BatchRows, ObservationBatch
from bijie_etl.settings import GuardSettings
from bijie_etl.text import normalize_text
from bijie_etl.validate import growth as growth_rules
from bijie_etl.validate import growth_index, pandera_setup, unit_choice  # noqa: F401  (pandera_setup: see there)
from bijie_etl.validate import shown as shown_rules
from bijie_etl.validate.accepted import accepted_observations, empty_frame
from bijie_etl.validate.catalog_frame import catalog_frame
from bijie_etl.validate.collect import Extras, ReadItem, Sheet, collect
from bijie_etl.validate.columns import Columns, inferred_text, int_column
from bijie_etl.validate.duplicates import (
    differing_duplicates,
    duplicate_message,
    duplicate_where,
    figures_differ_zh,
)
from bijie_etl.validate.grouping import hashed, key_ids
from bijie_etl.validate.guard import GUARD_CODES
from bijie_etl.validate.guard import add_facts as add_guard_facts
from bijie_etl.validate.guard import message as guard_message
from bijie_etl.validate.guard import rules as guard_rules
from bijie_etl.validate.guard import warning_codes as guard_warning_codes
from bijie_etl.validate.history import HISTORY_FACTS, KeyedHistory, history_base, keyed_rows
from bijie_etl.validate.history import add_facts as add_history_facts
from bijie_etl.validate.missing import missing_message
from bijie_etl.validate.name_periods import name_note_message, read_period_names
from bijie_etl.validate.row_cells import bad_fields, fine_cells_note
from bijie_etl.validate.shown import format_conflict_message, read_shown
from bijie_etl.validate.shown import message as shown_message
from bijie_etl.validate.wide import field_hits, floats, passes_all, passing
from bijie_etl.vocabulary import FIELD_LABELS_ZH, FIELDS, MEASURES, fmt_as_typed

__all__ = [
    "FIELD_LABELS",
    "NUMERIC_FIELDS",
    "WARNING_CODES",
    "build_schema",
    "validate",
    "validate_batch",
    "validate_batch_rows",
]

NUMERIC_FIELDS = MEASURES
TEXT_FIELDS = tuple(f for f in FIELDS if f not in MEASURES)
_QUANTITY_FIELDS = ("value_month", "value_ytd", "value_ytd_prior", "value")

#: Header of each canonical field in the template, used in messages.
FIELD_LABELS = FIELD_LABELS_ZH

#: Codes that keep the row (the department is told, the value is loaded).
WARNING_CODES = frozenset({Code.YTD_SUM_MISMATCH, Code.GROWTH_INCONSISTENT})

GROWTH_RANGE = (-100.0, 500.0)
SHARE_RANGE = (0.0, 100.0)
YTD_SUM_TOLERANCE = (0.005, 0.01)  # relative, absolute: the larger applies
GROWTH_TOLERANCE_PP = growth_rules.GROWTH_TOLERANCE_PP
IMPLAUSIBLE_MULTIPLE = 3.0
_PERCENT = "percent"
_SHARE = Kind.SHARE.value
_CUMULATIVE_KINDS = (Kind.CUMULATIVE.value, Kind.COUNT.value)


# --------------------------------------------------------------------------------------------
# Public API


def validate(
    read: FileRead,
    catalog: Catalog,
    *,
    as_of: date,
    file_name: str,
    history: pd.DataFrame | None = None,
    guard: GuardSettings | None = None,
) -> tuple[pd.DataFrame, list[Failure]]:
    """Check one file: observations (``OBSERVATION_COLUMNS``, good rows only) and every failure.

    ``history`` holds warehouse observations (``indicator_code, county, period, value_ytd`` and,
    if available, ``value_month``, in catalog units) for the year-to-date rules.
    """
    return validate_batch([(read, file_name)], catalog, as_of=as_of, history=history, guard=guard)[0]


def validate_batch(
    reads: Sequence[ReadItem],
    catalog: Catalog,
    *,
    as_of: date,
    history: pd.DataFrame | KeyedHistory | None = None,
    guard: GuardSettings | None = None,
    senders: Sequence[str | None] | None = None,
    sequential: bool = True,
) -> list[tuple[pd.DataFrame, list[Failure]]]:
    """:func:`validate` for many files in one pandera call; results in the order of ``reads``.

    ``reads`` are in load order, and each file is checked as if the files before it had been
    loaded one at a time: the rules that read history (previous month's 累计, Σ本月, the guard's
    last-year copy and its references) see ``history`` overlaid with the rows the earlier files
    of the batch will load (their accepted rows, the later file winning a key, as the load
    versions it), so where a batch ends changes no failure. ``senders`` (per read, the
    department whose ownership rule will apply, or ``None``) keeps rows the ownership rule
    will refuse out of that history. Duplicates and sums within a file stay within the file.
    ``sequential=False``: each file sees ``history`` only, as if it came first (files that are
    not loaded one after another, such as the reader's corpus of unrelated examples).
    """
    checked = validate_batch_rows(
        reads, catalog, as_of=as_of, history=history, guard=guard, senders=senders, sequential=sequential
    )
    return [(rows.frame(), failures) for rows, failures in checked]


def validate_batch_rows(
    reads: Sequence[ReadItem],
    catalog: Catalog,
    *,
    as_of: date,
    history: pd.DataFrame | KeyedHistory | None = None,
    guard: GuardSettings | None = None,
    senders: Sequence[str | None] | None = None,
    sequential: bool = True,
) -> list[tuple[BatchRows, list[Failure]]]:
    """:func:`validate_batch` with each file's observations as its rows of ONE batch frame
    (:class:`~bijie_etl.ingest.submission.BatchRows`), cut into a frame only when somebody asks."""
    raw, sheets, extras = collect(reads)
    if raw.empty:
        nothing = ObservationBatch(empty_frame())
        return [
            (nothing.rows(0, 0), [dataclasses.replace(w, file=name) for s in read.sheets for w in s.warnings])
            for read, name in reads
        ]
    guard = guard or GuardSettings()
    base = history_base(history)
    # Rows that may load, as far as the ownership rule says (none: no file sees another's rows).
    may_load = senders if sequential else False
    frame = _normalise(raw, catalog, base, extras, guard, may_load)
    built = _build(catalog, as_of, guard)
    secondary = growth_rules.growth_secondary(frame)
    hits = _quiet_guard(_run_schema(built, frame), guard, secondary)
    hits = _settle_history(frame, hits, built, base, catalog, guard, secondary)
    growth_only = growth_rules.growth_only_rows([h for h in hits if not _warns(h[2], guard)], secondary)
    if growth_only:  # a refused growth is no figure of the row: no second opinion on it
        hits = [h for h in hits if not (h[0] in growth_only and h[1] == "growth_pct" and _warns(h[2], guard))]
    failures = _failures(hits, raw, frame, sheets, reads, catalog, as_of, extras, guard)
    if growth_only:
        failures = growth_rules.growth_refused_alone(failures, growth_only)
    rejected = {f_idx for rows, fail in failures if fail.severity is Severity.ERROR for f_idx in rows}
    good = frame.loc[~frame.index.isin(list(rejected - growth_only))]
    if growth_only:
        codes = growth_rules.refused_growth_codes([h for h in hits if not _warns(h[2], guard)], growth_only)
        good = growth_rules.without_refused_growth(good, growth_only, codes)
    guard_notes: dict[int, list[str]] = {}
    for rows, fail in failures:
        if fail.code in GUARD_CODES and fail.severity is Severity.WARNING:
            for f_idx in rows:
                guard_notes.setdefault(f_idx, []).append(fail.code.value)
    observations = accepted_observations(good, sheets, raw, guard_notes if guard.enabled else None)

    per_file: list[list[Failure]] = [[] for _ in reads]
    for i, (read, file_name) in enumerate(reads):
        for sheet in read.sheets:
            per_file[i].extend(dataclasses.replace(w, file=file_name) for w in sheet.warnings)
    for rows, fail in failures:
        per_file[int(frame.at[rows[0], "_file"])].append(fail)

    # Rows are in file order: each file is a block of the one batch frame (no frame per file).
    files = observations["_file"].to_numpy()
    batch = ObservationBatch(observations.drop(columns="_file").reset_index(drop=True))
    bounds = np.searchsorted(files, np.arange(len(reads) + 1)).tolist()
    return [(batch.rows(bounds[i], bounds[i + 1]), per_file[i]) for i in range(len(reads))]


#: A guard finding that names the cause replaces the generic rule on the same row (when the guard
#: rejects): "the month's value in the 累计 column" says more than "累计 decreased".
_SUPERSEDES: dict[Code, frozenset[Code]] = {
    Code.GUARD_MONTH_IN_YTD: frozenset({Code.YTD_DECREASED, Code.YTD_SUM_MISMATCH}),
    Code.GUARD_PERCENT_AS_FRACTION: frozenset({Code.GROWTH_INCONSISTENT}),
    Code.GUARD_UNIT_SCALE: frozenset({Code.VALUE_IMPLAUSIBLE, Code.YTD_DECREASED, Code.YTD_SUM_MISMATCH}),
}


def _quiet_guard(
    hits: list[tuple[int, str, Code]], guard: GuardSettings, secondary: np.ndarray | None = None
) -> list[tuple[int, str, Code]]:
    """Guard findings only on rows that break no other rule (a rejected row needs no second guess),
    except where the guard names the cause of that very rule's failure (:data:`_SUPERSEDES`). A row
    that loads without its refused growth (:func:`~bijie_etl.validate.growth.growth_only_rows`) is not rejected: its levels
    are still guarded."""
    superseded: dict[int, set[Code]] = {}
    for idx, _fld, code in hits:
        if code in _SUPERSEDES and guard.severity_of(code.value) == "error":
            superseded.setdefault(idx, set()).update(_SUPERSEDES[code])
    kept = [h for h in hits if h[2] not in superseded.get(h[0], ())]
    broken = growth_rules.refused_whole(
        [h for h in kept if h[2] not in GUARD_CODES and h[2] not in WARNING_CODES], secondary
    )
    return [h for h in kept if h[2] not in GUARD_CODES or h[0] not in broken]


def _warns(code: Code, guard: GuardSettings) -> bool:
    return code in WARNING_CODES or code in guard_warning_codes(guard)


# --------------------------------------------------------------------------------------------
# Step 1: collect and normalise


def _map(series: pd.Series, fn: Callable[[Any], Any]) -> np.ndarray:
    """``fn`` applied once per distinct value (values repeat a lot across a batch), as an object array."""
    return _map_array(series.tolist(), fn, series.to_numpy(dtype=object))


def _distinct(values: list[Any], array: np.ndarray | None = None) -> tuple[list[Any], np.ndarray]:
    """The distinct values in the order they first appear, and each value's position among them.

    1, 1.0 and True stay apart (they are equal in Python, yet read differently); an unhashable
    value is a value of its own; NaNs may share one position (every use maps a value through a
    function of it alone). ``array``: ``values`` as an object array, when the caller has it."""
    kinds = set(map(type, values)) - {type(None)}
    if kinds <= {str, float} or kinds <= {str, int}:  # never equal across these types (1 == 1.0 == True):
        # pandas' hash table keyed by value alone (None a value like any other, not "missing"), in C
        if array is None:
            array = np.fromiter(values, dtype=object, count=len(values))
        try:
            found = hashed(array)
        except (TypeError, ValueError):  # unhashable, or text pandas cannot encode: as below
            found = None
        if found is not None:
            return found[1].tolist(), found[0]
    keys = list(zip(map(type, values), values, strict=True))
    try:
        first = dict.fromkeys(keys)  # first-seen order
    except TypeError:  # an unhashable value somewhere: one at a time
        return list(values), np.arange(len(values), dtype=np.intp)
    position = {key: k for k, key in enumerate(first)}
    inverse = np.fromiter(map(position.__getitem__, keys), dtype=np.intp, count=len(keys))
    return [value for _type, value in first], inverse


def _map_array(values: list[Any], fn: Callable[[Any], Any], array: np.ndarray | None = None) -> np.ndarray:
    """``fn`` of each value as an object array, ``fn`` run once per distinct value (in the order
    they first appear); ``array``: ``values`` as an object array, when the caller has it."""
    uniques, inverse = _distinct(values, array)
    return _take([fn(value) for value in uniques], inverse)


def _map_values(values: list[Any], fn: Callable[[Any], Any]) -> list[Any]:
    """:func:`_map_array` as a list."""
    return _map_array(values, fn).tolist()


def is_blank(value: Any) -> bool:
    """True for None, NaN/NaT/NA and text that is empty after trimming."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(value != value)  # NaN, pd.NaT, pd.NA
    except (TypeError, ValueError):
        return False


def as_text(value: Any) -> str | None:
    """A raw cell as a person reads it back: ``73000000`` rather than ``73000000.0``."""
    if is_blank(value):
        return None
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _text(value: Any) -> str | None:
    return None if is_blank(value) else normalize_text(str(value))


def _number(value: Any) -> tuple[float | None, bool]:
    """``(number or None, holds text that is not a number)``."""
    parsed = parse_number(value)
    if parsed is None or isinstance(parsed, float):
        return parsed, False
    return None, True


def _numbers(cells: list[Any]) -> tuple[list[float | None], list[bool]]:
    """:func:`_number` of every cell (numbers, and whether the cell holds text that is not one)."""
    if all(v is None or type(v) is float for v in cells):  # the usual column: no parsing needed
        # What parse_number gives for these: the float itself, None for a blank or NaN.
        return [None if v is None or v != v else v for v in cells], [False] * len(cells)
    pairs = _map_values(cells, _number)
    return [n for n, _ in pairs], [b for _, b in pairs]


@dataclass
class _Readings:
    """Each row's :class:`CellReading`: one per distinct cell value, ``inverse`` the row's."""

    distinct: list[CellReading]
    inverse: np.ndarray

    def __getitem__(self, row: int) -> CellReading:
        return self.distinct[self.inverse[row]]


def _take(values: list[Any], inverse: np.ndarray) -> np.ndarray:
    """``values[inverse]`` as an object array (values kept as they are, tuples included)."""
    out = np.empty(len(values), dtype=object)
    for k, value in enumerate(values):
        out[k] = value
    return out[inverse]


@dataclass
class _FieldRead:
    """One numeric field of the batch as read: numbers (in the row's unit), problems, unit base."""

    numbers: list[float | None]
    texts: list[str | None]  # the cell as typed where it is not a number (VALUE_NOT_NUMBER)
    problems: list[str | None]  # a Code value per row where the cell cannot load, else None
    numerator: pd.Series | None = None  # the base factor of this field's unit, when a column states one


def _read_field(
    fld: str,
    cells: list[Any],
    df: pd.DataFrame,
    extras: Extras,
    catalog: Catalog,
    is_percent_unit: pd.Series,
    notes: dict[int, dict[str, Any]],
    default_numerator: pd.Series,
    column: np.ndarray | None = None,
) -> _FieldRead:
    """Read one numeric field of every row: words, units and formats applied (see ``ingest.cells``).

    The numbers come out in the unit of the row (the unit column, else the catalog unit) so the
    existing conversion applies; a unit stated for the column (``unit:<field>``, e.g. a header
    ``本月（万元）``) replaces the row's for this field. ``notes[row][field]`` records how a value
    was read whenever that was more than taking a plain number (provenance); ``column``: them as an array.
    """
    n = len(cells)
    growth = fld == "growth_pct"
    problems: list[str | None] = [None] * n
    texts: list[str | None] = [None] * n
    formats = extras.get(f"fmt:{fld}", {})
    column_units = unit_choice.per_row(growth_rules.stated_units(extras.get(f"unit:{fld}", {})), df, catalog)
    plain = all(v is None or type(v) is float for v in cells)
    special: list[int] = []  # rows whose cell is more than a plain number (or not one)
    if plain:  # the usual column: no parsing needed
        numbers: list[float | None] = [None if v is None or v != v else v for v in cells]
        readings: _Readings | None = None
    else:
        spec = _missing_markers()
        distinct, inverse = _distinct(cells, column)
        readings = _Readings(
            [read_cell(v, missing=spec, units=catalog.units, growth=growth) for v in distinct], inverse
        )
        numbers = _take([r.number for r in readings.distinct], inverse).tolist()
        # Distinct readings are few: decide "special" once per distinct reading, then find its rows.
        odd = np.array([r.problem is not None or not r.is_plain for r in readings.distinct], dtype=bool)
        if odd.any():
            special = np.flatnonzero(odd[inverse]).tolist()
    if not special and not formats and not column_units:
        return _FieldRead(numbers, texts, problems)

    units = catalog.units
    row_unit = df["unit"].tolist()
    cat_unit = df["_cat_unit"].tolist()
    kinds = df["_kind"].tolist()
    numerator: pd.Series | None = None
    field_unit: dict[int, str] = {}
    if column_units:
        # Rows without a column unit keep the row's own conversion (growth targets' levels included).
        numerator = default_numerator.astype("Float64").copy()
        for i, text in column_units.items():
            unit = units.get(str(text))
            stated = row_unit[i]
            if stated and units.canonical(stated) != units.canonical(str(text)):
                problems[i] = Code.UNIT_CONFLICT.value
                continue
            field_unit[i] = str(text)
            cat = units.get(cat_unit[i]) if isinstance(cat_unit[i], str) else None
            if unit is None or cat is None or unit.dimension != cat.dimension:
                if kinds[i] == Kind.GROWTH_RATE.value:
                    numerator[i] = df["_cat_base"].iloc[i]
                elif isinstance(cat_unit[i], str):  # no target: the row is refused as an unknown indicator
                    problems[i] = Code.UNIT_MISMATCH.value
                continue
            numerator[i] = unit.factor
            notes.setdefault(i, {}).setdefault(fld, {})["unit"] = units.canonical(str(text))
    if readings is not None:
        rises = growth_rules.triangle_rises(readings, special, cells, df) if growth else {}  # ▲ beside ▼
        for i in special:
            if (r := rises.get(i) or readings[i]).problem is not None:
                code = _PROBLEM_CODES.get(r.problem)
                if code is not None:
                    problems[i] = code.value
                else:
                    texts[i] = as_text(cells[i])
                continue
            if r.number is None or r.is_plain:
                continue
            in_unit = field_unit.get(i) or row_unit[i] or cat_unit[i]
            if r.percent and not growth and not r.unit:
                # "95.3%" typed in a 万吨 column: a percentage where the column holds a quantity.
                target = units.get(in_unit) if isinstance(in_unit, str) else None
                if target is None or target.dimension != _PERCENT:
                    problems[i] = Code.UNIT_MISMATCH.value
                    continue
            note = notes.setdefault(i, {}).setdefault(fld, {})
            note["text"] = as_text(cells[i])
            if r.sign:
                note["words"] = r.sign
            if r.mark:
                note["mark"] = r.mark
            number = r.number
            if r.unit:
                cell_unit = units.get(r.unit)
                stated = field_unit.get(i) or row_unit[i]
                target = units.get(in_unit) if isinstance(in_unit, str) else None
                if stated and not units.agrees(str(stated), r.unit):
                    problems[i] = Code.UNIT_CONFLICT.value
                    continue
                if cell_unit is None or target is None or cell_unit.dimension != target.dimension:
                    if kinds[i] != Kind.GROWTH_RATE.value:
                        problems[i] = Code.UNIT_MISMATCH.value
                    continue
                note["unit"] = units.canonical(r.unit)
                number = number * cell_unit.factor / target.factor
            if r.scale != 1.0:
                target = units.get(in_unit) if isinstance(in_unit, str) else None
                again = target is not None and units.says_again(str(in_unit), r.scale)  # 450.2亿 in 亿元
                if target is not None and target.factor != 1.0 and not again:  # 1.5万 in 亿元: contradicts
                    problems[i] = Code.UNIT_CONFLICT.value
                    continue
                note["scale"] = 1.0 if again else r.scale
                number = number if again else number * r.scale
            numbers[i] = number
    for i, code in formats.items():
        if numbers[i] is None or isinstance(cells[i], str):
            continue
        seen = read_shown(str(code), float(numbers[i]), field_unit.get(i) or row_unit[i], units)  # type: ignore[arg-type]
        if seen.problem is not None or seen.number is not None:  # white, hidden, shifted (万)
            problems[i], numbers[i] = seen.problem, seen.number
            notes.setdefault(i, {}).setdefault(fld, {}).update(format=str(code), text=as_text(cells[i]))
        if seen.kind == "unit":
            _apply_format_unit(i, str(code), fld, numbers, problems, notes, cells, field_unit, row_unit,
                               cat_unit, kinds, units)  # fmt: skip
            continue
        if seen.problem is not None or not is_percent_format(str(code)):
            continue
        stated = units.get(field_unit[i]) if i in field_unit else None
        percent_unit = stated.dimension == _PERCENT if stated else bool(is_percent_unit.iat[i])
        rate = percent_unit and kinds[i] != _SHARE
        if shown_rules.typed_as_percent(float(numbers[i]), growth=growth, rate=rate, index=extras.get(f"unit:{fld}", {}).get(i) == GROWTH_INDEX):  # type: ignore[arg-type]  # fmt: skip
            problems[i] = Code.FORMAT_CONFLICT.value  # 3.2 shown 320.0%, 46.8 shown 4680.0%: asked
            continue
        if growth or percent_unit:
            numbers[i] = float(numbers[i]) * 100.0  # type: ignore[arg-type]
            notes.setdefault(i, {}).setdefault(fld, {}).update(format=str(code), text=as_text(cells[i]))
        else:
            problems[i] = Code.FORMAT_CONFLICT.value
    for i, problem in enumerate(problems):
        if problem is not None:
            numbers[i] = None  # refused: no other rule should judge a number that is not read
    for i, noted in notes.items():  # the number as typed, for the factor provenance records
        note = noted.get(fld)
        if note is not None and "typed" not in note:
            typed = readings[i].number if readings is not None else cells[i]
            note["typed"] = typed if isinstance(typed, float) else None
            note.setdefault("text", as_text(cells[i]))
    return _FieldRead(numbers, texts, problems, numerator)


def _apply_format_unit(
    i: int,
    code: str,
    fld: str,
    numbers: list[float | None],
    problems: list[str | None],
    notes: dict[int, dict[str, Any]],
    cells: list[Any],
    field_unit: dict[int, str],
    row_unit: list[Any],
    cat_unit: list[Any],
    kinds: list[Any],
    units: Any,
) -> None:
    """A unit shown by the cell's number format (``0.0"万吨"``, ``#,##0"元"``) read like a unit typed
    in the cell: converted to the catalog unit, refused when unknown or when it disagrees with the
    unit stated for the row or the column (a careful person reads the number with what it shows)."""
    shown = format_unit(code)
    if not shown:
        return
    unit = units.get(shown)
    stated = field_unit.get(i) or row_unit[i]
    if shown in SCALES and unit is None:  # 0.0"万" shows 1.2万: read as a typed 1.2万 (shown.number_word)
        factor = shown_rules.number_word(shown, fld, str(stated or cat_unit[i]), units)
        if factor is None:
            problems[i] = Code.UNIT_CONFLICT.value
            return
        notes.setdefault(i, {}).setdefault(fld, {}).update(format=code, scale=factor, text=as_text(cells[i]))
        numbers[i] = float(numbers[i]) * factor  # type: ignore[arg-type]
        return
    if stated and units.canonical(str(stated)) != units.canonical(shown):
        problems[i] = Code.UNIT_CONFLICT.value
        return
    growth_kind = kinds[i] == Kind.GROWTH_RATE.value
    if fld == "growth_pct" or (growth_kind and unit is not None):
        if unit is None or unit.dimension != _PERCENT:
            problems[i] = Code.UNIT_MISMATCH.value if fld == "growth_pct" or unit is None else None
        return
    target = units.get(cat_unit[i]) if isinstance(cat_unit[i], str) else None
    if unit is None or target is None or unit.dimension != target.dimension:
        problems[i] = Code.UNIT_MISMATCH.value
        return
    note = notes.setdefault(i, {}).setdefault(fld, {})
    note.update(format=code, unit=units.canonical(shown), text=as_text(cells[i]))
    if not stated:  # a stated unit converts through the row's own factor already
        numbers[i] = float(numbers[i]) * unit.factor / target.factor  # type: ignore[arg-type]


#: Cell problems with a code of their own (the others are VALUE_NOT_NUMBER, with a message per problem).
_PROBLEM_CODES: dict[str, Code] = {
    Problem.ESTIMATE: Code.VALUE_IS_ESTIMATE,
    Problem.FORMULA_ERROR: Code.FORMULA_ERROR,
    Problem.FORMULA_NO_VALUE: Code.FORMULA_NOT_CALCULATED,
    Problem.MERGED: Code.VALUE_MERGED,
}


@lru_cache(maxsize=1)
def _missing_markers() -> frozenset[str]:
    from bijie_etl.ingest.headers import _default_spec

    return _default_spec().missing_markers


#: Significant digits a value keeps: more than any statistic has, fewer than float noise
#: (95.29999999999 from a formula, 0.953 × 100 = 95.30000000000001) → 95.3, as Excel shows it.
SIGNIFICANT_DIGITS = 12


def _significant(series: pd.Series) -> pd.Series:
    """``series`` rounded to :data:`SIGNIFICANT_DIGITS` significant digits (a value typed with
    fewer digits comes back unchanged, bit for bit)."""
    values = series.to_numpy(dtype="float64", na_value=np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        finite = np.isfinite(values) & (values != 0.0)
        if not finite.any():
            return series
        v = values[finite]
        digits = SIGNIFICANT_DIGITS - 1 - np.floor(np.log10(np.abs(v)))
        scale = 10.0 ** np.abs(digits)
        rounded = np.where(digits >= 0, np.rint(v * scale) / scale, np.rint(v / scale) * scale)
    out = values.copy()
    out[finite] = rounded
    return pd.Series(out, index=series.index, dtype="Float64")


def _normalise(
    raw: pd.DataFrame,
    catalog: Catalog,
    history: pd.DataFrame | None,
    extras: Extras | None = None,
    guard: GuardSettings | None = None,
    senders: Sequence[str | None] | bool | None = None,
) -> pd.DataFrame:
    """The frame the schema checks: one row per data row, parsed, with catalog attributes.

    ``history`` is the warehouse's as :func:`~bijie_etl.validate.history.history_base` keys it;
    ``senders`` say which rows the ownership rule lets load (``_may_load``; see :func:`_allowed`).
    """
    df = _new_frame(raw)

    # Indicator: by code when a code is given (a wrong code is an error, never a guess), else by name.
    names = _Column(raw["indicator_name"])
    codes = _Column(raw["indicator_code"])
    # copy=False: each array is made here for its Series alone (pandas 3 copies an array by default)
    code_text = pd.Series(codes.map(_text), dtype=object, copy=False)
    name_text = pd.Series(names.map(_text), dtype=object, copy=False)
    by_code = pd.Series(codes.map(lambda v: _find(catalog, _text(v))), dtype=object, copy=False)
    found = _take(inferred_text([_find_name(catalog, v) for v in names.distinct]), names.inverse)
    by_name = read_period_names(pd.Series(found, dtype=object, copy=False), raw, catalog)
    has_code = pd.Series(codes.holds(lambda v: _text(v) is not None))  # code_text.notna(), per distinct cell
    resolved = by_code.where(has_code, by_name)
    no_name = names.holds(lambda v: _text(v) is None)  # name_text.isna(), per distinct cell
    df["_ident_field"] = _IDENT_FIELDS.take((has_code.to_numpy() | no_name).astype(np.intp))
    df["_code"] = resolved
    df["indicator_code"] = resolved.fillna(code_text.where(has_code, name_text)).fillna("").astype(object)

    attrs = catalog_frame(catalog)
    at = attrs.index.get_indexer(df["_code"]) if len(attrs) else None  # -1: no such target
    for col in attrs.columns:
        df[col] = attrs[col].array.take(at, allow_fill=True) if at is not None else None
    df["_target"] = df["_target"].astype("Float64")
    df["_cat_base"] = df["_cat_base"].astype("Float64")

    # County: blank means the whole city.
    df["county"] = pd.Series(_Column(raw["county"]).map(partial(_county, catalog)), dtype=object, copy=False)

    # Period: the cell, else the hint from the title or file name.
    periods = _Column(raw["period"])
    ym = int_column([_period_ym(v) for v in periods.distinct], periods.inverse)
    period_blank = pd.Series(np.array([is_blank(v) for v in periods.distinct], dtype=bool)[periods.inverse])
    df["_ym"] = ym.where(~period_blank, raw["_hint"])
    df["_period_blank"] = period_blank
    df["period"] = _period_dates(df["_ym"])

    # Unit: canonical spelling, dimension and the factor to the catalog unit.
    unit_text = pd.Series(_map(raw["unit"], _text), dtype=object, copy=False)
    # A unit in the name's brackets (原煤产量（万吨）) states the row's unit too.
    named = pd.Series(
        names.map(lambda v: name_unit(v, catalog.units) if isinstance(v, str) else None),
        dtype=object,
    )
    df["_unit_problem"] = pd.Series(None, index=df.index, dtype=object)
    if named.notna().any():
        both = named.notna() & unit_text.notna()
        differ = [
            bool(b) and catalog.units.canonical(str(u)) != catalog.units.canonical(str(n))
            for b, u, n in zip(both.tolist(), unit_text.tolist(), named.tolist(), strict=True)
        ]
        # NaN where the units agree: what pandas made of the None column when this was a .loc write.
        problem = np.full(len(df), np.nan, dtype=object)
        problem[np.array(differ, dtype=bool)] = Code.UNIT_CONFLICT.value
        df["_unit_problem"] = pd.Series(problem, index=df.index, dtype=object)
        unit_text = unit_text.fillna(named)
    df["unit"], has_unit = unit_text, unit_text.notna()
    df["_unit_dim"], df["_unit_base"], has_dim = _unit_columns(unit_text, catalog)
    same_dim = has_dim & (df["_unit_dim"] == df["_cat_dim"])
    factor = (df["_unit_base"] / df["_cat_base"]).where(same_dim)
    df["_factor"] = factor.where(has_unit, 1.0).astype("Float64")
    is_growth = df["_kind"] == Kind.GROWTH_RATE.value
    base = df["_unit_base"].where(has_unit, df["_cat_base"])
    # value × base / catalog base (exact for powers of ten, unlike value × factor). Growth
    # targets: level columns in a unit other than the catalog's stay as reported.
    numerator = base.where(df["_factor"].notna(), pd.NA).mask(df["_factor"].isna() & is_growth, 1.0)
    denominator = df["_cat_base"].mask(df["_factor"].isna() & is_growth, 1.0)

    df["_has_unit"] = has_unit.to_numpy(bool)
    df["_percent_unit"] = (df["_unit_dim"].where(has_unit, df["_cat_dim"]) == _PERCENT).fillna(False)
    notes: dict[int, dict[str, Any]] = {}
    for fld in NUMERIC_FIELDS:
        column = raw[fld].to_numpy(dtype=object)
        cells = column.tolist()
        read = _read_field(fld, cells, df, extras or {}, catalog, df["_percent_unit"], notes, numerator, column)  # fmt: skip
        growth_index.take_off(read, fld, notes, (extras or {}).get("unit:growth_pct", {}), cells, as_text)  # fmt: skip
        df[fld] = _significant(
            pd.Series(np.array(read.numbers, dtype="float64"), dtype="Float64")
        )  # None: NA
        # The cell as typed, for the message, only where it is not a number.
        df[f"{fld}__text"] = pd.Series(read.texts, dtype=object)
        df[f"{fld}__problem"] = pd.Series(read.problems, dtype=object)
        num = numerator if read.numerator is None else read.numerator
        if fld == "growth_pct":
            df[f"{fld}__conv"] = df[fld]
        else:
            df[f"{fld}__conv"] = _significant(df[fld] * num / denominator)
        field_base = base if read.numerator is None else read.numerator.where(~is_growth, base)
        df[f"{fld}__base"] = df[fld] * field_base  # in the dimension's base unit (人, 个 …)
    df["_how"] = pd.Series([notes.get(i) for i in range(len(df))], dtype=object) if notes else None
    df["_bare_change"] = growth_rules.bare_change_rows(len(df), (extras or {}).get("unit:growth_pct", {}))

    value_field = df["_value_field"]
    value = pd.Series(pd.NA, index=df.index, dtype="Float64")
    for fld in ("growth_pct", "value_ytd", "value"):
        value = value.mask(value_field == fld, df[f"{fld}__conv"])
    df["_value"] = value

    df["note"] = pd.Series(_map(raw["note"], _text), dtype=object, copy=False)

    # A month's own figure from a month column or row (wide by month): a share's or level's month
    # may stand alone (the 1-M月 rate, when given, is its own row's value).
    month_cell = raw["cell:period"] if "cell:period" in raw.columns else pd.Series(None, index=raw.index)
    df["_month_only"] = (
        month_cell.notna().to_numpy()
        & df["_kind"].isin((Kind.SHARE.value, Kind.LEVEL.value)).to_numpy()
        & df["value_month"].notna().to_numpy()
    )
    _add_duplicates(df)
    # First guess of what the batch's files load: every keyed row but a duplicate (settled by
    # :func:`_settle_history` once the rules have said which rows they reject).
    loads = df["_dup_of"].isna().to_numpy(dtype=bool)
    df["_may_load"] = _allowed(df, catalog, senders)
    _add_history_facts(df, history, loads & df["_may_load"].to_numpy(dtype=bool), catalog, guard)
    return df.frame()


def _new_frame(raw: pd.DataFrame) -> Columns:
    """The normalised frame's first columns (file, sheet, row), the ~110 others added to it as to a
    frame: made into one at the end (:class:`~bijie_etl.validate.columns.Columns`; an insert into a
    frame costs far more than the column's own work on a file's rows)."""
    df = Columns(raw.index)
    for column in ("_file", "_sheet", "row"):
        df[column] = raw[column]
    return df


def _add_keys(df: pd.DataFrame) -> None:
    """Facts several steps test, set once (an isna over an object column costs a millisecond a batch):
    ``_known`` (the row's indicator is a target), ``_keyed`` (and its month is known)."""
    df["_known"] = df["_code"].notna().to_numpy(dtype=bool)
    df["_keyed"] = df["_known"].to_numpy(dtype=bool) & df["_ym"].notna().to_numpy(dtype=bool)


#: ``_ident_field``: the cell naming the row's indicator (False/True: name/code), as pandas infers it.
_IDENT_FIELDS = pd.Series(np.array(["indicator_name", "indicator_code"], dtype=object)).array


class _Column:
    """A raw column's distinct values, for mapping several functions over it (:func:`_map`)."""

    def __init__(self, series: pd.Series) -> None:
        self.distinct, self.inverse = _distinct(series.tolist(), series.to_numpy(dtype=object))

    def map(self, fn: Callable[[Any], Any]) -> np.ndarray:
        return _take([fn(value) for value in self.distinct], self.inverse)

    def holds(self, test: Callable[[Any], bool]) -> np.ndarray:
        """Whether each row's value passes ``test`` (asked once per distinct value), as a bool array."""
        return np.array([bool(test(value)) for value in self.distinct], dtype=bool)[self.inverse]


def _period_dates(ym: pd.Series) -> pd.Series:
    """The first day of each row's month (None where the month is unknown), once per distinct month."""
    months, at = np.unique(ym.to_numpy(dtype=np.int64, na_value=-1), return_inverse=True)
    return pd.Series(
        _take([_first_of_month(m) if m >= 0 else None for m in months.tolist()], at), dtype=object
    )


def _period_ym(value: Any) -> int | None:
    """A period cell as YYYYMM (None: blank or no month)."""
    if is_blank(value):
        return None
    parsed = parse_period(value)
    return parsed.year * 100 + parsed.month if parsed else None


def _unit_columns(unit_text: pd.Series, catalog: Catalog) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Each row's unit dimension and factor to its dimension's base (None / NA: no known unit), and
    whether it has a dimension (``notna``, worked out per distinct unit)."""
    names, at = _distinct(unit_text.tolist(), unit_text.to_numpy(dtype=object))
    units = [catalog.units.get(s) if s else None for s in names]
    dims = [u.dimension if u else None for u in units]
    bases = np.array([u.factor if u else np.nan for u in units], dtype="float64")[at]
    has_dim = pd.Series(pd.notna(np.array(dims, dtype=object))[at], index=unit_text.index)
    return pd.Series(_take(dims, at), dtype=object, copy=False), pd.Series(bases, dtype="Float64"), has_dim


def _find_name(catalog: Catalog, typed: Any) -> str | None:
    """The target an indicator name cell names: as typed, else without numbering, 其中, footnote
    marks, then without brackets (see :func:`bijie_etl.ingest.names.name_candidates`)."""
    if is_blank(typed):
        return None
    target = find_target(catalog, str(typed))
    return str(target.code) if target is not None else None


def _county(catalog: Catalog, typed: Any) -> str:
    """The county a cell names: its official name, else the cell as typed (a message quotes it), else
    the whole city (a blank cell)."""
    official = catalog.county(text) if (text := _text(typed)) else None
    if official is not None:
        return official
    return CITY if is_blank(typed) else str(typed).strip()


def _find(catalog: Catalog, text: str | None) -> str | None:
    target = catalog.find(text) if text else None
    return target.code if target else None


def _first_of_month(ym: int) -> date:
    return date(int(ym) // 100, int(ym) % 100, 1)


def _add_duplicates(df: pd.DataFrame) -> None:
    """``_dup_of`` / ``_dup_idx``: the row number and index of the first row of the same file with
    the same indicator, month and county (NA on every first row and where a key is unknown); first
    the keys each row has (:func:`_add_keys`)."""
    _add_keys(df)
    where = np.flatnonzero(keyed_rows(df))
    of = np.zeros(len(df), dtype=np.int64)
    idx = np.zeros(len(df), dtype=np.int64)
    dup = np.zeros(len(df), dtype=bool)
    if len(where):
        key = key_ids(
            df["_file"].to_numpy(dtype=np.int64)[where],
            df["_code"].to_numpy(dtype=object)[where],
            df["_ym"].to_numpy(dtype="float64", na_value=np.nan)[where].astype(np.int64),
            df["county"].to_numpy(dtype=object)[where],
        )
        _, first = np.unique(key, return_index=True)
        first_of = np.empty(len(first), dtype=np.int64)
        first_of[key[first]] = first
        first_at = where[first_of[key]]  # the first row of each row's key
        dup[where] = first_at != where
        of[dup] = df["row"].to_numpy(dtype=np.int64)[first_at[first_at != where]]
        idx[dup] = df.index.to_numpy()[first_at[first_at != where]]
        # A first row whose duplicate gives another figure: which is right cannot be told, so the
        # first is refused too (naming that duplicate), never loaded as if the other were a mere copy.
        for head, later in differing_duplicates(df, where, first_at):
            dup[head], of[head], idx[head] = True, int(df["row"].iat[later]), int(df.index[later])
    df["_dup_of"] = pd.arrays.IntegerArray(of, ~dup)
    df["_dup_idx"] = pd.arrays.IntegerArray(idx, ~dup)


def _add_history_facts(
    df: pd.DataFrame,
    base: pd.DataFrame | None,
    loads: np.ndarray,
    catalog: Catalog,
    guard: GuardSettings | None,
) -> None:
    """The facts taken from history (:mod:`bijie_etl.validate.history`), then the guard's, which read them."""
    add_history_facts(df, base, loads)
    if guard is not None and guard.enabled:
        add_guard_facts(df, catalog, guard)


def _allowed(df: pd.DataFrame, catalog: Catalog, senders: Sequence[str | None] | bool | None) -> np.ndarray:
    """Rows the ownership rule (:mod:`bijie_etl.validate.ownership`) lets load, given each file's
    sender (``None``: every row; ``False``: none, so no file sees another's rows)."""
    if isinstance(senders, bool) or senders is None or all(s is None for s in senders):
        return np.full(len(df), senders is not False, dtype=bool)
    sender = np.array(list(senders), dtype=object)[df["_file"].to_numpy()]
    code = df["_code"].to_numpy(dtype=object)
    asks = np.flatnonzero(pd.notna(sender) & df["_known"].to_numpy(bool))  # a row without either: allowed
    ok = np.ones(len(df), dtype=bool)
    if len(asks):
        key = key_ids(sender[asks], code[asks])
        _, first = np.unique(key, return_index=True)  # one question per (sender, code)
        answers = np.array([catalog.may_report(sender[asks[i]], code[asks[i]]) for i in first.tolist()])
        ok[asks] = answers[key]
    return ok


def _settle_history(
    frame: pd.DataFrame,
    hits: list[tuple[int, str, Code]],
    built: _Built,
    base: pd.DataFrame | None,
    catalog: Catalog,
    guard: GuardSettings,
    secondary: np.ndarray | None = None,
) -> list[tuple[int, str, Code]]:
    """The hits once each file's history holds only the rows the earlier files really load.

    :func:`_normalise` guessed that every row loads; a rejected row (an error, possibly decided
    from history itself) does not. Recompute the history facts with the rows that load, re-check
    only the files whose facts changed, and repeat until nothing changes: file 0 sees only the
    warehouse, so it is settled after the first pass, file 1 after the next, and so on (in
    practice one or two passes; each re-checks only the few files downstream of a rejection).
    """
    warnings = WARNING_CODES | guard_warning_codes(guard)
    n = len(frame)
    ok = frame["_may_load"].to_numpy(dtype=bool)
    # Only keyed rows can be history: an unkeyed row's rejection changes nothing.
    keyed = keyed_rows(frame)
    loads = frame["_dup_of"].isna().to_numpy(dtype=bool) & ok & keyed
    files = frame["_file"].to_numpy()
    for _ in range(int(files.max(initial=0)) + 2):
        rejected = np.zeros(n, dtype=bool)
        rejected[list(growth_rules.refused_whole([h for h in hits if h[2] not in warnings], secondary))] = (
            True
        )
        settled = ok & ~rejected & keyed
        if np.array_equal(settled, loads):
            break
        loads = settled
        before = frame[list(HISTORY_FACTS)].copy()
        _add_history_facts(frame, base, loads, catalog, guard)
        changed = np.zeros(n, dtype=bool)
        for column in HISTORY_FACTS:
            old = pd.Series(before[column]).astype("Float64")
            new = pd.Series(frame[column]).astype("Float64")
            changed |= ~(old.eq(new).fillna(False) | (old.isna() & new.isna())).to_numpy(dtype=bool)
        if not changed.any():
            break
        again = np.isin(files, np.unique(files[changed]))
        hits = [h for h in hits if not again[h[0]]] + _quiet_guard(
            _run_schema(built, frame.loc[again]), guard, secondary
        )
    return hits


# --------------------------------------------------------------------------------------------
# Step 2: the schema generated from the catalog


_Rule = Callable[[pd.DataFrame], dict[str, pd.Series]]


def _rule_unit(df: pd.DataFrame) -> dict[str, pd.Series]:
    # Growth targets accept any unit: it describes the level columns, the rate is in percent.
    wrong = (
        df["_known"].to_numpy(dtype=bool)
        & df["_has_unit"].to_numpy(dtype=bool)
        & df["_factor"].isna().to_numpy(dtype=bool)
        & (df["_kind"] != Kind.GROWTH_RATE.value).to_numpy(dtype=bool, na_value=True)
        # 发电量 | % | — | — | 4.9: the % is the growth's, the only figure the row has (VALUE_MISSING says so)
        & ~growth_rules.figureless_growth(df, _QUANTITY_FIELDS).to_numpy(dtype=bool)
    )
    out = _rule_cell_problem(Code.UNIT_MISMATCH)(df)
    out["unit"] = pd.Series(~wrong, index=df.index)
    return out


def _rule_period(years: tuple[int, ...]) -> _Rule:
    def rule(df: pd.DataFrame) -> dict[str, pd.Series]:
        # Any catalogued year: a December file still loads after the next year's catalog is in.
        return {"period": pd.Series(np.isin(floats(df, "_ym") // 100, years), index=df.index)}

    return rule


def _rule_future(years: tuple[int, ...], as_of: date) -> _Rule:
    limit = as_of.year * 100 + as_of.month

    def rule(df: pd.DataFrame) -> dict[str, pd.Series]:
        # Only months of a catalog year: another year is already PERIOD_INVALID.
        ym = floats(df, "_ym")
        return {"period": passing(df, np.isin(ym // 100, years) & (ym > limit))}

    return rule


def _rule_missing(df: pd.DataFrame) -> dict[str, pd.Series]:
    value_field = df["_value_field"].to_numpy(dtype=object)
    month_only = df["_month_only"].to_numpy(dtype=bool)
    texts, problems = _text_cells(df), _problem_cells(df)
    out = {}
    for fld in ("growth_pct", "value_ytd", "value"):
        missing = (value_field == fld) & df[fld].isna().to_numpy(dtype=bool) & ~month_only
        missing[texts[fld]] = False  # text that is no number: VALUE_NOT_NUMBER says so
        missing[problems[fld][0]] = False  # a cell that cannot load: its own rule says why
        out[fld] = pd.Series(~missing, index=df.index)
    return out


def _rule_not_number(df: pd.DataFrame) -> dict[str, pd.Series]:
    """Cells holding text that is no number (``<field>__text``, the cell as typed)."""
    out = {}
    for fld, at in _text_cells(df).items():
        passes = np.ones(len(df), dtype=bool)
        passes[at] = False
        out[fld] = pd.Series(passes, index=df.index)
    return out


def _text_cells(df: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per numeric field: the positions of the few cells holding text that is no number (two rules read them)."""

    def find() -> dict[str, np.ndarray]:
        out = {}
        for fld in NUMERIC_FIELDS:
            values = df[f"{fld}__text"].to_numpy(dtype=object)
            at = np.flatnonzero(values)  # None is falsy (the usual): look only at the others
            out[fld] = at[pd.notna(values[at])]
        return out

    return _once(df, "texts", find)


def _rule_cell_problem(code: Code) -> _Rule:
    """Cells that :func:`_read_field` could not load for reason ``code`` (estimate, unit conflict …)."""

    def rule(df: pd.DataFrame) -> dict[str, pd.Series]:
        out = {}
        for fld, (at, codes) in _problem_cells(df).items():
            found = at[codes == code.value] if len(at) else at
            if not len(found):  # the usual: no such cell (one passing column shared by the checks)
                out[fld] = _once(
                    df, "passes", lambda: pd.Series(np.ones(len(df), dtype=bool), index=df.index)
                )
                continue
            passes = np.ones(len(df), dtype=bool)
            passes[found] = False
            out[fld] = pd.Series(passes, index=df.index)
        return out

    return rule


#: The column holding each field's cell problem (a :class:`Code` value, else None).
_PROBLEM_COLUMNS = {fld: f"{fld}__problem" for fld in NUMERIC_FIELDS} | {"unit": "_unit_problem"}


def _problem_cells(df: pd.DataFrame) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per field: the positions of the few cells with a problem and their codes (eight rules read them)."""

    def find() -> dict[str, tuple[np.ndarray, np.ndarray]]:
        out = {}
        for fld, column in _PROBLEM_COLUMNS.items():
            values = df[column].to_numpy(dtype=object)
            at = np.flatnonzero(values)  # None is falsy, a code is not: compare only those
            out[fld] = (at, values[at])
        return out

    return _once(df, "problems", find)


def _once(df: pd.DataFrame, name: str, work: Callable[[], Any]) -> Any:
    """``work()``, done once per frame that :func:`_run_schema` checks (for facts several rules
    read), else each time it is asked for."""
    shared = getattr(_CHECKED, "shared", None)
    if shared is None or getattr(_CHECKED, "frame", None) is not df:
        return work()
    if name not in shared:
        shared[name] = work()
    return shared[name]


def _rule_whole(df: pd.DataFrame) -> dict[str, pd.Series]:
    # Whole in the dimension's base unit: 6.12 万人 is 61200 人, a whole count.
    is_count = (df["_kind"] == Kind.COUNT.value).to_numpy(dtype=bool, na_value=False)
    out = {}
    for fld in _QUANTITY_FIELDS:
        base = df[f"{fld}__base"].to_numpy(dtype="float64", na_value=np.nan)  # NaN: no figure, passes
        with np.errstate(invalid="ignore"):
            broken = np.abs(base - np.round(base)) > 1e-6 * np.maximum(np.abs(base), 1.0)
        out[fld] = pd.Series(~(is_count & broken), index=df.index)
    return out


def _rule_negative(df: pd.DataFrame) -> dict[str, pd.Series]:
    # Values in a percent unit may be negative (a rate); shares have their own range rule.
    quantity = df["_known"].to_numpy(dtype=bool) & ~df["_percent_unit"].to_numpy(dtype=bool)
    not_share = (df["_kind"] != Kind.SHARE.value).to_numpy(dtype=bool, na_value=False)
    out = {}
    for fld in _QUANTITY_FIELDS:
        applies = quantity & not_share if fld == "value" else quantity
        with np.errstate(invalid="ignore"):
            negative = df[fld].to_numpy(dtype="float64", na_value=np.nan) < 0  # NaN: no figure, passes
        out[fld] = pd.Series(~(applies & negative), index=df.index)
    return out


def _kind_in(df: pd.DataFrame, kinds: tuple[str, ...]) -> np.ndarray:
    return df["_kind"].isin(kinds).to_numpy(dtype=bool)


def _rule_share(df: pd.DataFrame) -> dict[str, pd.Series]:
    low, high = SHARE_RANGE
    value = floats(df, "value__conv")
    return {"value": passing(df, _kind_in(df, (Kind.SHARE.value,)) & ((value < low) | (value > high)))}


def _rule_duplicate(df: pd.DataFrame) -> dict[str, pd.Series]:
    return {"indicator_code": df["_dup_of"].isna()}


def _rule_ytd_decreased(df: pd.DataFrame) -> dict[str, pd.Series]:
    cumulative = _kind_in(df, _CUMULATIVE_KINDS)
    return {"value_ytd": passing(df, cumulative & (floats(df, "value_ytd__conv") < floats(df, "_prev_ytd")))}


def _rule_implausible(df: pd.DataFrame) -> dict[str, pd.Series]:
    target = floats(df, "_target")
    applies = _kind_in(df, _CUMULATIVE_KINDS) & (target > 0)
    return {
        "value_ytd": passing(df, applies & (floats(df, "value_ytd__conv") > target * IMPLAUSIBLE_MULTIPLE))
    }


def _rule_ytd_sum(df: pd.DataFrame) -> dict[str, pd.Series]:
    rel, absolute = YTD_SUM_TOLERANCE
    ytd = floats(df, "value_ytd__conv")
    tolerance = np.maximum(np.abs(ytd) * rel, absolute)  # NaN stays NaN, as clip keeps NA
    return {"value_ytd": passing(df, np.abs(ytd - floats(df, "_month_sum")) > tolerance + 1e-9)}


def _implied_growth(df: pd.DataFrame) -> np.ndarray:
    prior = floats(df, "value_ytd_prior")
    return 100.0 * (floats(df, "value_ytd") / np.where(prior > 0, prior, np.nan) - 1.0)


def _contradicted(df: pd.DataFrame) -> pd.Series:
    """:func:`~bijie_etl.validate.growth.growth_contradicted`, which two rules read."""
    return _once(df, "contradicted", lambda: growth_rules.growth_contradicted(df))


def _rule_growth_contradicts(df: pd.DataFrame) -> dict[str, pd.Series]:
    return {"growth_pct": ~_contradicted(df)}


def _rule_growth_consistent(df: pd.DataFrame) -> dict[str, pd.Series]:
    gap = np.abs(floats(df, "growth_pct") - _implied_growth(df))
    return {"growth_pct": passing(df, gap > GROWTH_TOLERANCE_PP + 1e-9) | _contradicted(df)}


def _rules(catalog: Catalog, as_of: date) -> list[tuple[Code, _Rule]]:
    """Row rules over the normalised frame, each returning ``{field: passes}``."""
    return [
        (Code.VALUE_NOT_NUMBER, _rule_not_number),
        (Code.UNIT_MISMATCH, _rule_unit),
        (Code.PERIOD_INVALID, _rule_period(catalog.years)),
        (Code.PERIOD_IN_FUTURE, _rule_future(catalog.years, as_of)),
        (Code.VALUE_MISSING, _rule_missing),
        (Code.VALUE_IS_ESTIMATE, _rule_cell_problem(Code.VALUE_IS_ESTIMATE)),
        (Code.UNIT_CONFLICT, _rule_cell_problem(Code.UNIT_CONFLICT)),
        (Code.FORMAT_CONFLICT, _rule_cell_problem(Code.FORMAT_CONFLICT)),
        (Code.VALUE_FORMAT_UNREADABLE, _rule_cell_problem(Code.VALUE_FORMAT_UNREADABLE)),
        (Code.FORMULA_ERROR, _rule_cell_problem(Code.FORMULA_ERROR)),
        (Code.FORMULA_NOT_CALCULATED, _rule_cell_problem(Code.FORMULA_NOT_CALCULATED)),
        (Code.VALUE_MERGED, _rule_cell_problem(Code.VALUE_MERGED)),
        (Code.COUNT_NOT_WHOLE, _rule_whole),
        (Code.VALUE_NEGATIVE, _rule_negative),
        (Code.SHARE_OUT_OF_RANGE, _rule_share),
        (Code.DUPLICATE_ROW, _rule_duplicate),
        (Code.YTD_DECREASED, _rule_ytd_decreased),
        (Code.VALUE_IMPLAUSIBLE, _rule_implausible),
        (Code.YTD_SUM_MISMATCH, _rule_ytd_sum),
        (Code.GROWTH_CONTRADICTS_LEVELS, _rule_growth_contradicts),
        (Code.GROWTH_AMBIGUOUS_CHANGE, growth_rules.rule_growth_ambiguous),
        (Code.GROWTH_INDEX_UNCLEAR, growth_index.rule_index_unclear),
        (Code.GROWTH_OF_RATE_UNCLEAR, growth_rules.rule_growth_of_rate),
        (Code.GROWTH_INCONSISTENT, _rule_growth_consistent),
    ]


#: Fields each rule reports on (a rule over several fields becomes one check per field).
_RULE_FIELDS = {
    Code.VALUE_NOT_NUMBER: NUMERIC_FIELDS,
    Code.UNIT_MISMATCH: ("unit", *NUMERIC_FIELDS),
    Code.VALUE_IS_ESTIMATE: NUMERIC_FIELDS,
    Code.UNIT_CONFLICT: ("unit", *NUMERIC_FIELDS),
    Code.FORMAT_CONFLICT: NUMERIC_FIELDS,
    Code.VALUE_FORMAT_UNREADABLE: NUMERIC_FIELDS,
    Code.FORMULA_ERROR: NUMERIC_FIELDS,
    Code.FORMULA_NOT_CALCULATED: NUMERIC_FIELDS,
    Code.VALUE_MERGED: NUMERIC_FIELDS,
    Code.PERIOD_INVALID: ("period",),
    Code.PERIOD_IN_FUTURE: ("period",),
    Code.VALUE_MISSING: ("growth_pct", "value_ytd", "value"),
    Code.COUNT_NOT_WHOLE: _QUANTITY_FIELDS,
    Code.VALUE_NEGATIVE: _QUANTITY_FIELDS,
    Code.SHARE_OUT_OF_RANGE: ("value",),
    Code.DUPLICATE_ROW: ("indicator_code",),
    Code.YTD_DECREASED: ("value_ytd",),
    Code.VALUE_IMPLAUSIBLE: ("value_ytd",),
    Code.YTD_SUM_MISMATCH: ("value_ytd",),
    Code.GROWTH_CONTRADICTS_LEVELS: ("growth_pct",),
    Code.GROWTH_AMBIGUOUS_CHANGE: ("growth_pct",),
    Code.GROWTH_INDEX_UNCLEAR: ("growth_pct",),
    Code.GROWTH_OF_RATE_UNCLEAR: ("growth_pct",),
    Code.GROWTH_INCONSISTENT: ("growth_pct",),
}


@dataclass(frozen=True)
class _Built:
    catalog: Catalog
    schema: pa.DataFrameSchema
    fields: tuple[tuple[str, ...], ...]  # fields each wide check (one per rule) reports on, by check number


#: The whole normalised frame while :func:`_run_schema` checks it, per thread (the desk validates
#: in several): the wide checks read it, and leave each rule's ``{field: passes}`` in ``results``
#: (by check number) for the hits; pandera is handed only the columns it reports.
_CHECKED = threading.local()


_SCHEMAS: dict[tuple[int, date, str], _Built] = {}


def build_schema(catalog: Catalog, as_of: date) -> pa.DataFrameSchema:
    """The pandera schema of the normalised frame, generated from the catalog.

    Column checks: indicator code among the catalog codes, county among the catalog counties,
    growth within range. Wide checks (catalog kind, unit dimension and target joined onto each
    row; one check per rule and field): no number cell holding text, unit dimension, period year and as-of, the kind's value column filled, whole counts,
    non-negative quantities, share range, duplicates, 累计 not decreasing and plausible against
    the annual target, 累计 = Σ本月, growth consistent with 累计/上年同期. Every check is named
    by its :class:`Code` value.
    """
    return _build(catalog, as_of).schema


def _build(catalog: Catalog, as_of: date, guard: GuardSettings | None = None) -> _Built:
    guard = guard or GuardSettings()
    key = (id(catalog), as_of, guard.model_dump_json())
    cached = _SCHEMAS.get(key)
    if cached is not None and cached.catalog is catalog:
        return cached

    def named(code: Code) -> dict[str, Any]:
        return {"name": code.value, "error": code.value}

    columns: dict[str, pa.Column] = {
        "indicator_code": pa.Column(
            None, pa.Check.isin(sorted(t.code for t in catalog), **named(Code.UNKNOWN_INDICATOR))
        ),
        "county": pa.Column(
            None, pa.Check.isin(sorted({c.name for c in catalog.counties}), **named(Code.COUNTY_UNKNOWN))
        ),
        "growth_pct": pa.Column(
            None, pa.Check.in_range(*GROWTH_RANGE, **named(Code.GROWTH_OUT_OF_RANGE)), nullable=True
        ),
    }

    checks: list[pa.Check] = []
    fields: list[tuple[str, ...]] = []

    def rule_check(
        number: int, rule: _Rule, rule_fields: tuple[str, ...]
    ) -> Callable[[pd.DataFrame], pd.Series]:
        def check(shown: pd.DataFrame) -> pd.Series:
            whole = getattr(_CHECKED, "frame", None)  # None: the schema used on a whole frame
            df = whole if whole is not None and len(whole) == len(shown) else shown
            results = rule(df)
            if df is whole:
                _CHECKED.results[number] = results
            return passes_all(results, rule_fields)

        return check

    triples = [(code, rule, _RULE_FIELDS[code]) for code, rule in _rules(catalog, as_of)]
    for code, rule, rule_fields in [*triples, *guard_rules(guard)]:
        # One check per rule (a row-wise boolean Series, pandera's cheap path; a boolean frame
        # costs far more): pandera names the rule and the rows, the rule's results the fields.
        checks.append(pa.Check(rule_check(len(checks), rule, rule_fields), ignore_na=False, **named(code)))
        fields.append(rule_fields)
    built = _Built(catalog, pa.DataFrameSchema(columns, checks=checks, name="observations"), tuple(fields))
    if len(_SCHEMAS) > 32:
        _SCHEMAS.clear()
    _SCHEMAS[key] = built
    return built


def _run_schema(built: _Built, frame: pd.DataFrame) -> list[tuple[int, str, Code]]:
    """``[(row index, field, code)]`` of every failed check, with ``SchemaErrors.failure_cases`` as the source.

    pandera validates the few columns its column checks read (``_file`` first, never empty); the
    wide checks read the whole frame from ``_CHECKED``. pandera reports a wide check's failing
    rows with every column of the frame it was given, unstacked (rows x columns failure cases):
    on the whole frame (~90 columns) that cost more than everything else. A rule's failing rows
    are then told apart by field (:func:`~bijie_etl.validate.wide.field_hits`), in the order of one check per field.
    """
    shown = frame[["_file", *(c for c in built.schema.columns if c != "_file")]]
    _CHECKED.frame, _CHECKED.shared, _CHECKED.results = frame, {}, {}
    try:
        built.schema.validate(shown, lazy=True)
    except SchemaErrors as exc:
        cases = exc.failure_cases
        results = _CHECKED.results
    else:
        return []
    finally:
        _CHECKED.frame = _CHECKED.shared = _CHECKED.results = None
    cases = cases.drop_duplicates(["schema_context", "column", "check", "check_number", "index"])
    hits: list[tuple[int, str, Code]] = []
    block: list[int] = []  # the failing rows of the wide check being read
    rule: tuple[int, Code] | None = None
    for ctx, column, check, number, case, idx in cases[
        ["schema_context", "column", "check", "check_number", "failure_case", "index"]
    ].itertuples(index=False):
        if check not in _CODE_VALUES or idx is None or (isinstance(idx, float) and np.isnan(idx)):
            raise RuntimeError(f"validation check {check!r} on {column!r} could not run: {case}")
        if rule is not None and (ctx == "Column" or rule != (int(number), Code(check))):
            hits += field_hits(rule, block, built.fields[rule[0]], results)
            rule, block = None, []
        if ctx == "Column":
            hits.append((int(idx), str(column).removesuffix("__text"), Code(check)))
        else:
            rule = (int(number), Code(check))
            block.append(int(idx))
    if rule is not None:
        hits += field_hits(rule, block, built.fields[rule[0]], results)
    return hits


_CODE_VALUES = frozenset(c.value for c in Code)


# --------------------------------------------------------------------------------------------
# Step 3: failures and observations


def _failures(
    hits: list[tuple[int, str, Code]],
    raw: pd.DataFrame,
    df: pd.DataFrame,
    sheets: list[Sheet],
    reads: Sequence[ReadItem],
    catalog: Catalog,
    as_of: date,
    extras: Extras,
    guard: GuardSettings,
) -> list[tuple[list[int], Failure]]:
    if not hits:  # a clean batch: no failing rows to look up (two empty ~100-column frames, ~7 ms)
        return []
    warnings = WARNING_CODES | guard_warning_codes(guard)
    code_order = {c: i for i, c in enumerate(Code)}
    out: list[tuple[tuple[int, int, int, int], int, Failure]] = []
    # The failing rows as plain dicts: one pandas call instead of one per failure.
    labels = sorted({idx for idx, _, _ in hits})
    failing: dict[int, dict[str, Any]] = df.loc[labels].to_dict("index")
    raw_rows: dict[int, dict[str, Any]] = raw.loc[labels].to_dict("index")
    for idx, fld, code in hits:  # to_dict boxes a MergedValue as a plain float: keep the cell object
        if code is Code.VALUE_MERGED:
            raw_rows[idx][fld] = raw.at[idx, fld]
    for column, values in extras.items():
        for idx in labels:
            if idx in values:
                raw_rows[idx][column] = values[idx]
    bad = bad_fields(hits)
    for idx, fld, code in dict.fromkeys(hits):  # each (row, field, code) once, in order
        row = failing[idx]
        sheet = sheets[int(row["_sheet"])]
        if fld == "indicator_code":
            fld = str(row["_ident_field"])
            if fld not in sheet.columns:
                fld = "indicator_name" if "indicator_name" in sheet.columns else "indicator_code"
        letter = sheet.columns.get(fld)
        own_cell = raw_rows[idx].get(f"cell:{fld}")
        if isinstance(own_cell, str):
            cell: str | None = own_cell
        else:
            cell = f"{letter}{int(row['row'])}" if letter else sheet.fixed.get(fld)
        code_value = row["_code"] if isinstance(row["_code"], str) else None
        if code is Code.DUPLICATE_ROW:
            other = int(row["_dup_idx"])
            where = duplicate_where(other, int(row["_sheet"]), df, raw, sheets, here=int(row["row"]))
            row = {**row, "_dup_where": where, "_dup_differs": figures_differ_zh(df, idx, other)}
            value_cell = raw_rows[idx].get(f"cell:{row['_value_field']}")
            value_letter = sheet.columns.get(str(row["_value_field"]))
            if isinstance(value_cell, str):  # a wide layout: the value cell is what repeats
                cell = value_cell
            elif not cell and value_letter:  # the indicator named by the title: the figure's cell
                cell = f"{value_letter}{int(row['row'])}"
        message = _message(code, fld, row, raw_rows[idx], catalog, as_of, sheet)
        message += fine_cells_note(
            code, fld, raw_rows[idx], sheet.columns, int(row["row"]), bad.get(idx, set())
        )
        failure = Failure(
            code=code,
            message_zh=message,
            file=reads[int(row["_file"])][1],
            sheet=sheet.name,
            cell=cell,
            row_number=int(row["row"]),
            value=as_text(raw_rows[idx].get(fld)),
            indicator_code=code_value,
            severity=Severity.WARNING if code in warnings else Severity.ERROR,
        )
        col_order = _column_number(letter) if letter else 0
        out.append(
            (
                (int(row["_file"]), int(row["_sheet"]), int(row["row"]), col_order * 100 + code_order[code]),
                idx,
                failure,
            )
        )
    out.sort(key=lambda item: item[0])
    return _per_cell([(idx, failure) for _, idx, failure in out])


def _per_cell(failures: list[tuple[int, Failure]]) -> list[tuple[list[int], Failure]]:
    """One failure per cell and reason, with every canonical row it covers: a wide layout makes
    a row per county of one sheet row, and a name nobody knows is one failure of its name cell."""
    merged: dict[tuple[Any, ...], tuple[list[int], Failure]] = {}
    for idx, f in failures:
        key = (f.file, f.sheet, f.cell or idx, f.code, f.message_zh)
        merged.setdefault(key, ([], f))[0].append(idx)
    return list(merged.values())


def _column_number(letter: str) -> int:
    number = 0
    for ch in letter.upper():
        number = number * 26 + ord(ch) - 64
    return number


def _period_zh(ym: Any) -> str:
    return f"{int(ym) // 100}年{int(ym) % 100}月"


def _read_as(checked: Any, shown: str | None, number_format: Any) -> str:
    """The figure a range check refused, as read, with the cell's own text when that differs: a cell
    holding 6.2 in a percent format shows 620.0% and is read as 620, which the message must say."""
    read = (
        fmt_as_typed(checked) if isinstance(checked, int | float) and not pd.isna(checked) else (shown or "")
    )
    if not shown or shown == read:
        return read
    if number_format and format_kind(str(number_format)) == "percent":
        return f"{read}（单元格存的是{shown}，但设置了百分比格式“{number_format}”，显示为{read}%；请把单元格格式改为“常规”）"
    return f"{read}（单元格原文“{shown}”）"


def _message(
    code: Code,
    fld: str,
    row: dict[str, Any],
    raw: dict[str, Any],
    catalog: Catalog,
    as_of: date,
    sheet: Sheet,
) -> str:
    label = FIELD_LABELS.get(fld, fld)
    shown = as_text(raw.get(fld))
    unit = row["_cat_unit"] if isinstance(row["_cat_unit"], str) else ""
    year = catalog.year
    if code in GUARD_CODES:
        return guard_message(code, fld, row, unit)
    match code:
        case Code.UNKNOWN_INDICATOR:
            if not shown:
                return "未填写指标代码或指标名称，无法确定是哪个指标；请填写模板中的指标代码或指标名称"
            if fld == "indicator_code":
                return f"指标代码“{shown}”不在{year}年目标清单中；请使用填报模板中的指标代码（或清空代码、只填指标名称）"
            if (why := name_note_message(catalog, shown, row, raw)) is not None:
                return why
            return f"指标名称“{shown}”无法对应到{year}年目标清单中的指标；请使用填报模板中的指标名称或填写指标代码"
        case Code.UNIT_MISMATCH if why := unit_choice.choice_message(
            label, raw.get(f"unit:{fld}"), row, catalog
        ):
            return why
        case Code.UNIT_MISMATCH:
            if fld != "unit":
                stated = _field_unit(fld, row, raw) or shown
                fmt = raw.get(f"fmt:{fld}")
                if stated and fmt and not isinstance(raw.get(fld), str) and format_kind(str(fmt)) == "unit":
                    known = (
                        "无法识别"
                        if catalog.units.get(stated) is None
                        else f"与目标单位“{unit}”量纲不同，无法换算"
                    )
                    return (
                        f"“{label}”单元格的数字格式“{fmt}”显示单位“{stated}”（显示为“{shown}{stated}”），"
                        f"该单位{known}；请把单元格格式改为“常规”或“数值”，按“{unit}”填写"
                    )
                if stated and catalog.units.get(stated) is None:
                    return (
                        f"“{label}”的计量单位“{stated}”无法识别，该指标的目标单位是“{unit}”；请按“{unit}”填报"
                    )
                return (
                    f"“{label}”的计量单位“{stated}”与目标单位“{unit}”量纲不同，无法换算；"
                    f"请按“{unit}”（或同量纲的单位）填报"
                )
            if catalog.units.get(shown or "") is None:
                return (
                    f"无法识别计量单位“{shown}”，该指标的目标单位是“{unit}”；请按“{unit}”填写计量单位和数值"
                )
            return (
                f"计量单位“{shown}”与目标单位“{unit}”量纲不同，无法换算；请按“{unit}”（或同量纲的单位）填报"
            )
        case Code.PERIOD_INVALID:
            if row["_period_blank"] and pd.isna(row["_ym"]):
                missing = sheet.period_missing or "标题和文件名中也没有统计期"
                return f"未填写统计期，{missing}；请填写统计期，如“{year}-06”"
            if pd.notna(row["_ym"]) and len(catalog.years) > 1:
                listed = "、".join(f"{y}年" for y in catalog.years)
                return (
                    f"统计期“{shown or _period_zh(row['_ym'])}”不在已建立目标目录的年度（{listed}）内；"
                    "请检查统计期（新年度的数据须在该年度目录建立后报送）"
                )
            if pd.notna(row["_ym"]):
                return f"统计期“{shown or _period_zh(row['_ym'])}”不是{year}年的月份；本系统只收{year}年的数据，请检查统计期"
            return (
                year_dot_month_unclear_zh(shown or "")
                or f"统计期“{shown}”无法识别；请按“{year}-06”或“{year}年6月”的格式填写"
            )
        case Code.PERIOD_IN_FUTURE:
            return f"统计期{_period_zh(row['_ym'])}晚于数据截止日期{as_of.isoformat()}，数据尚不可能产生；请检查统计期是否填错"
        case Code.COUNTY_UNKNOWN:
            return f"区县“{shown}”不是毕节市的区县；请从下拉列表中选择（如“威宁彝族回族苗族自治县”），全市合计填“全市”"
        case Code.VALUE_NOT_NUMBER:
            return _not_number_message(fld, label, shown, raw.get(fld), catalog)
        case Code.VALUE_IS_ESTIMATE:
            return estimate_message(label, shown, raw.get(fld))
        case Code.UNIT_CONFLICT:
            return _unit_conflict_message(fld, label, shown, row, raw, catalog, sheet)
        case Code.VALUE_FORMAT_UNREADABLE:
            return shown_message(label, str(raw.get(f"fmt:{fld}") or ""), shown)
        case Code.FORMAT_CONFLICT:
            return format_conflict_message(fld, label, shown, raw, _field_unit(fld, row, raw) or unit)
        case Code.FORMULA_ERROR:
            return (
                f"“{label}”单元格的公式计算出错，显示为“{shown}”，没有数值；"
                "请检查公式引用的单元格（或直接填写数值）后重新报送"
            )
        case Code.FORMULA_NOT_CALCULATED if stale_of(raw.get(fld)):
            return stale_message_zh(label, shown, raw.get(fld))
        case Code.FORMULA_NOT_CALCULATED:
            return (
                f"“{label}”单元格是公式“{shown}”，但文件中没有保存可用的计算结果（由程序生成或改写、未经Excel/WPS计算保存），"
                "无法确定数值；请用Excel或WPS打开、确认数值后保存再报送，或直接填写数值"
            )
        case Code.VALUE_MERGED:
            cell = raw.get(fld)
            span = getattr(cell, "span", "")
            return (
                f"“{label}”的数值{shown}写在合并单元格{span}中，跨越了几个区县、月份或行，"
                "无法确定属于哪一个；请取消合并，在每个单元格分别填写各自的数值"
            )
        case Code.VALUE_MISSING:
            return missing_message(fld, row, raw, sheet, shown, _QUANTITY_FIELDS)
        case Code.COUNT_NOT_WHOLE:
            return f"“{label}”是计数指标，应为整数，现为{shown}；请填写整数"
        case Code.VALUE_NEGATIVE:
            return f"“{label}”不能为负数，现为{shown}；请检查数值"
        case Code.GROWTH_OUT_OF_RANGE:
            low, high = GROWTH_RANGE
            return (
                f"累计同比增长{_read_as(row.get(fld), shown, raw.get(f'fmt:{fld}'))}超出合理范围（{low:g}～{high:g}）；"
                "请按百分数填写，如增长6.5%填“6.5”"
            )
        case Code.SHARE_OUT_OF_RANGE:
            return (
                f"“{label}”是比重指标，应在0～100之间，现为{_read_as(row.get(fld), shown, raw.get(f'fmt:{fld}'))}；"
                "请按百分数填写，如45.2%填“45.2”"
            )
        case Code.DUPLICATE_ROW:
            return duplicate_message(row)
        case Code.YTD_DECREASED:
            source = f"本文件第{int(row['_prev_row'])}行" if pd.notna(row["_prev_row"]) else "已入库数据"
            return (
                f"1-本月累计{fmt_as_typed(row['value_ytd__conv'])}{unit}低于{_period_zh(row['_prev_ym'])}的累计"
                f"{fmt_as_typed(row['_prev_ytd'])}{unit}（{source}），累计值不应减少；请核对本月累计数和计量单位"
            )
        case Code.VALUE_IMPLAUSIBLE:
            return (
                f"“{label}”{fmt_as_typed(row['value_ytd__conv'])}{unit}超过全年目标{fmt_as_typed(row['_target'])}{unit}的"
                f"{IMPLAUSIBLE_MULTIPLE:g}倍，可能是单位填错（如把“吨”当作“万吨”）；请核对计量单位和数值"
            )
        case Code.YTD_SUM_MISMATCH:
            return (
                f"1-本月累计{fmt_as_typed(row['value_ytd__conv'])}{unit}与1-{int(row['_ym']) % 100}月各月“本月”之和"
                f"{fmt_as_typed(row['_month_sum'])}{unit}不一致（已入库，请核对后如有错误重新报送）"
            )
        case Code.GROWTH_AMBIGUOUS_CHANGE | Code.GROWTH_CONTRADICTS_LEVELS | Code.GROWTH_OF_RATE_UNCLEAR:
            head, level_unit = sheet.fixed.get("unit:growth_pct"), as_text(raw.get("unit")) or unit
            return growth_rules.message(code, row, head, shown, level_unit)
        case Code.GROWTH_INDEX_UNCLEAR:
            return growth_index.message(sheet.fixed.get("unit:growth_pct"), shown)
        case Code.GROWTH_INCONSISTENT:
            implied = 100.0 * (float(row["value_ytd"]) / float(row["value_ytd_prior"]) - 1.0)
            return (
                f"累计同比增长{fmt_as_typed(row['growth_pct'])}%与按1-本月累计、上年同期累计计算的{implied:.2f}%相差超过"
                f"{GROWTH_TOLERANCE_PP:g}个百分点（已入库，请核对后如有错误重新报送）"
            )
    return f"{label}: {code.value}"  # pragma: no cover - every Code used above has a message


def _field_unit(fld: str, row: dict[str, Any], raw: dict[str, Any]) -> str | None:
    """The unit stated for ``fld`` on this row: the column's (``unit:<field>``), else in the cell."""
    column = raw.get(f"unit:{fld}")
    if isinstance(column, str) and column:
        return column
    cell = raw.get(fld)
    if isinstance(cell, str):
        reading = read_cell(cell, missing=_missing_markers(), units=_NO_UNITS, growth=False)
        return reading.unit or ("%" if reading.percent else None)
    code = str(raw.get(f"fmt:{fld}") or "")
    return format_unit(code) if format_kind(code) == "unit" else None


class _AnyUnit:
    """A unit registry that knows every unit: to find the unit text written in a cell."""

    def canonical(self, name: str) -> str:
        return name


_NO_UNITS = _AnyUnit()


def _not_number_message(fld: str, label: str, shown: str | None, cell: Any, catalog: Catalog) -> str:
    reading = read_cell(cell, missing=_missing_markers(), units=catalog.units, growth=fld == "growth_pct")
    if reading.problem == Problem.DATE:
        return (
            f"“{label}”应为数字，现在是日期“{shown}”（单元格设成了日期格式，或把数字填成了日期）；"
            "请把单元格格式改为“常规”或“数值”后重新填写数字"
        )
    if reading.problem == Problem.WORDS_NOT_GROWTH:
        return (
            f"“{label}”应为数值，现填写的是“{shown}”（增减变化），不是本列要求的数值；"
            "增速请填在“累计同比增长(%)”列，本列填写数值"
        )
    if reading.problem == Problem.SEPARATOR:
        return (
            f"“{label}”填写的“{shown}”中的逗号或空格不是千位分隔符（千位分隔符每三位一个，如“1,234.5”），"
            "无法确定数值；小数点请用“.”，如“1234.5”"
        )
    if reading.problem == Problem.SCIENTIFIC:
        return (
            f"“{label}”填写的“{shown}”是科学计数法（Excel把较长的数字显示成这样，另存为csv时只保存显示的几位，"
            "可能已丢失精度），无法确定准确数值；请把单元格格式设为“数值”后重新导出，或直接填写完整数字"
        )
    if reading.problem in PROBLEM_MESSAGES:  # ▲2.1, a csv number split in two
        return PROBLEM_MESSAGES[reading.problem].format(label=label, shown=shown, mark=(shown or " ")[:1])
    if reading.problem == Problem.POINTS:
        return (
            f"“{label}”填写的“{shown}”是增减的百分点（比率的变化），不是增速；"
            "请在本列填写同比增长速度（%），如增长6.5%填“6.5”"
        )
    if reading.problem == Problem.UNKNOWN_UNIT:
        return f"“{label}”填写的“{shown}”中的单位“{reading.unit}”无法识别；请只填写数字，单位填在“计量单位”列"
    return f"“{label}”应为数字，现填写的是“{shown}”；请填写数字，不要填写文字或单位，没有数据请留空"


def _unit_conflict_message(
    fld: str,
    label: str,
    shown: str | None,
    row: dict[str, Any],
    raw: dict[str, Any],
    catalog: Catalog,
    sheet: Sheet,
) -> str:
    """Name both statements of the unit and the cells that make them."""
    if (why := unit_choice.choice_message(label, raw.get(f"unit:{fld}"), row, catalog)) is not None:
        return why
    row_no = int(row["row"])
    if fld == "unit":
        name_letter = sheet.columns.get("indicator_name")
        return (
            f"计量单位“{shown}”与{name_letter}{row_no}单元格指标名称“{raw.get('indicator_name')}”中写明的单位不一致；"
            "请统一计量单位后重新报送"
        )
    letter = sheet.columns.get(fld)
    here = f"{letter}{row_no}" if letter else ""
    column_unit = raw.get(f"unit:{fld}")
    unit_letter = sheet.columns.get("unit")
    unit_cell = f"{unit_letter}{row_no}" if unit_letter else sheet.fixed.get("unit", "")
    statements: list[str] = []
    if isinstance(column_unit, str) and column_unit:
        statements.append(f"{sheet.fixed.get(f'unit:{fld}', '表头')}单元格写明“{column_unit}”")
    cell_unit = _field_unit(fld, row, {fld: raw.get(fld), f"fmt:{fld}": raw.get(f"fmt:{fld}")})
    if cell_unit and not isinstance(raw.get(fld), str):
        fmt = raw.get(f"fmt:{fld}")
        statements.append(f"{here}单元格的数字格式“{fmt}”显示为“{shown}{cell_unit}”（{cell_unit}）")
    elif cell_unit:
        statements.append(f"{here}单元格写的是“{shown}”（{cell_unit}）")
    if isinstance(row.get("unit"), str) and row["unit"]:
        statements.append(f"{unit_cell}计量单位为“{row['unit']}”")
    if len(statements) < 2:
        if cell_unit in SCALES and not isinstance(raw.get(fld), str):  # a format showing 万 (0.0"万")
            fmt, unit = str(raw.get(f"fmt:{fld}")), row.get("unit") or row.get("_cat_unit") or ""
            return shown_rules.number_word_message(label, fmt, shown, cell_unit, unit)
        reading = read_cell(raw.get(fld), missing=_missing_markers(), units=catalog.units)
        if reading.scale != 1.0:
            stated = column_unit if isinstance(column_unit, str) else None
            return shown_rules.magnitude_message(
                label, shown, reading.scale, stated or row.get("unit") or row.get("_cat_unit")
            )
    return f"“{label}”的计量单位前后不一致：{'，'.join(statements)}；请统一计量单位后重新报送"
