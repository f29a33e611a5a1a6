"""Marks after figures and names (``5.8*``, ``规上工业增加值增速*``) and the notes that say what they mean.

A mark after a figure is usually a footnote (``①``, ``¹``, ``※``), and the cell reader sets it
aside (:mod:`bijie_etl.ingest.cells`). But yearbooks and department tables also use ``*`` (or
``#``, ``△``, ``★`` …) to mark **预计数**, an estimate, which is not a figure to load. A careful
person looks for the note that explains the mark:

- a note under the table or a line above it saying so (``注：带*的为预计数``, ``*号为预计完成数``,
  ``预计数以△标注``): every value carrying that mark — or every value of a row whose indicator
  name carries it — becomes an :class:`~bijie_etl.ingest.cells.EstimateCell`, refused as
  ``value_is_estimate`` with a message quoting the note;
- a note giving the mark another meaning (``*为快报数``, ``※为累计开工数``): read as a footnote;
- no note at all for a ``*``: the figure is read as a footnoted figure, and one
  ``value_mark_unexplained`` warning per table names the cells, so the department can say
  whether they were estimates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd

from bijie_etl.errors import Code, Failure, Severity
from bijie_etl.ingest.cells import EstimateCell
from bijie_etl.ingest.headers import column_letter
from bijie_etl.ingest.table_rows import TableColumns, column_values, held_rows, no_rows
from bijie_etl.text import normalize_text
from bijie_etl.vocabulary import MEASURES

__all__ = ["apply_marks", "mark_legend"]

#: Marks a table's notes may define (circled numbers and superscripts are footnote references).
_MARKS = "*#△▲☆★※"
_ESTIMATE_WORDS = re.compile(r"预计|估计|预估|预测|测算|推算|估算")
#: Marks that, unexplained, may still mean 预计数 (yearbooks use the star for it).
_AMBIGUOUS = "*"
_CLAUSE = re.compile(r"[；;。\n]")
_AFTER_FIGURE = re.compile(r"[\d.%‰)]\s*([" + re.escape(_MARKS) + r"]+)\s*$")
_AFTER_NAME = re.compile(r"\S\s*([" + re.escape(_MARKS) + r"]+)\s*$")

Legend = dict[str, tuple[bool, str, str]]  # mark → (means an estimate, cell, the note as written)


def mark_legend(grid: list[list[Any]], rows: list[int]) -> Legend:
    """What the notes in ``rows`` (0-based: the title lines and the notes under a table) say the
    marks mean: ``{"*": (True, "A12", "注：带*的为预计数")}``."""
    legend: Legend = {}
    for r in rows:
        for c, value in enumerate(grid[r] if r < len(grid) else []):
            if not isinstance(value, str):
                continue
            text = normalize_text(value)
            if _MARK_CHARS.isdisjoint(text):
                continue
            for clause in _CLAUSE.split(text):
                for mark in {m for m in _MARKS if m in clause}:
                    estimate = bool(_ESTIMATE_WORDS.search(clause))
                    if mark not in legend or (estimate and not legend[mark][0]):
                        legend[mark] = (estimate, f"{column_letter(c)}{r + 1}", value.strip())
    return legend


def apply_marks(table: Any, legend: Legend, *, file_name: str, sheet: str) -> list[Failure]:
    """Turn the values a note calls estimates into :class:`EstimateCell` (in ``table``'s rows, a
    SheetRows, in place) and return the ``value_mark_unexplained`` warning for figures and names
    carrying a ``*`` no note explains."""
    if no_rows(table):
        return []
    held = held_rows(table)
    if _no_mark_text(_looked_at(held)) if type(held) is TableColumns else _no_mark_in(held):
        return []  # the usual table: no mark character in any name or figure of the table
    frame: pd.DataFrame = table.rows
    columns: dict[str, str] = table.columns
    names = column_values(frame, "indicator_name") if "indicator_name" in frame.columns else []
    fields = [f for f in MEASURES if f in frame.columns]
    cols = {f: column_values(frame, f) for f in fields}
    if _any_tail(names):
        name_marks = [_mark(n, _AFTER_NAME) if _tail(n) else None for n in names]
    else:  # no name ends in a mark
        name_marks = [None] * len(frame)
    if not any(name_marks) and not any(_any_tail(cols[f]) for f in fields):
        return []  # no mark at the end of a name or figure
    rows = column_values(frame, "row")
    unexplained: list[str] = []
    for fld in fields:
        values = cols[fld]
        cells = frame[f"cell:{fld}"].tolist() if f"cell:{fld}" in frame.columns else [None] * len(frame)
        changed = False
        for i, value in enumerate(values):
            if (
                not isinstance(value, str | int | float)
                or isinstance(value, bool)
                or value == ""
                or value != value
            ):
                continue
            for mark, on_name in ((_mark(value, _AFTER_FIGURE), False), (name_marks[i], True)):
                if mark is None:
                    continue
                if mark in legend and legend[mark][0]:
                    _, where, note = legend[mark]
                    text = value if isinstance(value, str) else _shown(value)
                    values[i] = EstimateCell(text, mark=mark, legend=where, note=note, on_name=on_name)
                    changed = True
                    break
                if mark not in legend and mark in _AMBIGUOUS:
                    own = cells[i] if isinstance(cells[i], str) else f"{columns.get(fld, '')}{rows[i]}"
                    spot = _name_cell(frame, columns, i) if on_name else own
                    if spot and spot not in unexplained:
                        unexplained.append(spot)
        if changed:
            frame[fld] = pd.Series(values, index=frame.index, dtype=object)
    if not unexplained:
        return []
    listed = "、".join(unexplained[:10]) + ("…" if len(unexplained) > 10 else "")
    return [
        Failure(
            code=Code.VALUE_MARK_UNEXPLAINED,
            message_zh=(
                f"单元格{listed}的数值或指标名称后带“*”，表中没有说明“*”的含义，已按脚注读取（数值照常入库）；"
                "有的报表用“*”标注预计数——如果是预计数，请改报实际数，或在表下注明“*为预计数”"
            ),
            file=file_name,
            sheet=sheet,
            cell=unexplained[0],
            severity=Severity.WARNING,
        )
    ]


def _looked_at(held: TableColumns) -> Iterable[Any]:
    """The cells of the columns :func:`apply_marks` looks at (names and figures): with no mark character
    among them, no name or figure ends in one."""
    return chain.from_iterable(
        values for name, values in zip(held.order, held.data, strict=True) if name in _MARKED_FIELDS
    )


_MARKED_FIELDS = frozenset(("indicator_name", *MEASURES))
_TAILS = frozenset(_MARKS + "＊＃")
#: The same characters as a tuple: "is any of them in this text" as one substring search each (a set
#: test walks the text making a one-character string per CJK character, ~20 µs for a column of names).
_TAIL_CHARS = tuple(sorted(_TAILS))


_MARK_CHARS = frozenset(_MARKS)  # one character each: "a mark in the text" is a set test


def _no_mark_in(frame: pd.DataFrame) -> bool:
    """No text cell of ``frame`` holds a mark character (then no name or figure ends in one): every
    object column's cells at once from pandas' blocks, one substring search per mark. False when the
    frame's blocks cannot be read that way (another pandas, a column of another dtype)."""
    blocks = getattr(getattr(frame, "_mgr", None), "blocks", None)
    if blocks is None:
        return False
    cells: list[Any] = []
    for block in blocks:
        kind = block.dtype.kind
        if kind == "O" and isinstance(block.values, np.ndarray):
            cells.extend(block.values.ravel().tolist())
        elif kind not in "iufb":
            return False  # a string or other extension dtype: its cells are looked at one column at a time
    return _no_mark_text(cells)


def _no_mark_text(cells: Iterable[Any]) -> bool:
    """No text among ``cells`` holds a mark character."""
    return not any(map("".join(filter(str.__instancecheck__, cells)).__contains__, _TAIL_CHARS))


def _tail(value: Any) -> bool:
    return isinstance(value, str) and value.rstrip()[-1:] in _TAILS


def _any_tail(values: list[Any]) -> bool:
    """``any(_tail(v) for v in values)`` without a call per value (most values are numbers)."""
    types = set(map(type, values))
    if not any(issubclass(t, str) for t in types):
        return False  # no text at all (a column of figures): nothing can end in a mark
    texts = values if all(issubclass(t, str) for t in types) else [v for v in values if isinstance(v, str)]
    if not any(map("".join(texts).__contains__, _TAIL_CHARS)):
        return False  # no mark character anywhere in the column's text (the usual case)
    for value in values:  # noqa: SIM110 (a generator in any() costs a resume per value)
        if isinstance(value, str) and value.rstrip()[-1:] in _TAILS:
            return True
    return False


def _mark(value: Any, pattern: re.Pattern[str]) -> str | None:
    """The mark at the end of a figure or a name (NFKC: ＊ is *), else None."""
    if not _tail(value):
        return None
    m = pattern.search(normalize_text(value))
    return m[1][-1] if m else None


def _shown(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _name_cell(frame: pd.DataFrame, columns: dict[str, str], i: int) -> str | None:
    own = frame["cell:indicator_name"].iat[i] if "cell:indicator_name" in frame.columns else None
    if isinstance(own, str):
        return own
    letter = columns.get("indicator_name")
    return f"{letter}{int(frame['row'].iat[i])}" if letter else None
