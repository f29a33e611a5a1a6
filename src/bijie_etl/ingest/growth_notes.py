"""What a joined growth row says about the figures it did not read (:mod:`bijie_etl.ingest.growth_rows`):
a failure on a row's own cell, and the 提示 on a growth row's figure under 本月."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import numpy as np
import pandas as pd

from bijie_etl.errors import Code, Failure, Severity
from bijie_etl.vocabulary import fmt_as_typed

__all__ = ["blank", "cell_of", "month_growth_note", "note", "notes", "places"]


def blank(v: Any) -> bool:
    """None, NaN or blank text: a cell with nothing in it."""
    return v is None or (isinstance(v, float) and v != v) or (isinstance(v, str) and not v.strip())


def cell_of(out: Any, i: int, field: str) -> str | None:
    """Where row ``i``'s figure in ``field`` was typed: its own cell, else its column's letter on its row."""
    rows: pd.DataFrame = out.rows
    cell = rows[f"cell:{field}"].iat[i] if f"cell:{field}" in rows.columns else None
    if blank(cell):
        letter = out.columns.get(field)
        cell = f"{letter}{int(rows['row'].iat[i])}" if letter else None
    return cell


def places(v: Any) -> int:
    """Decimal places a figure is written to (8.62 → 2; at most 6), also typed as text in full-width digits
    (５．３ → 1) or among words (增长8.62% → 2)."""
    if isinstance(v, float):
        text = f"{v:.6f}".rstrip("0")
        return len(text.split(".", 1)[1]) if "." in text else 0
    m = _FIGURE.search(unicodedata.normalize("NFKC", str(v)))
    return min(len(m.group(1)), 6) if m and m.group(1) else 0


_FIGURE = re.compile(r"\d(?:[\d,]*)(?:\.(\d+))?")


def note(
    out: Any, i: int, field: str, file_name: str, code: Code, severity: Severity, message: str
) -> Failure:
    """A failure on row ``i``'s figure in ``field``, at its own cell."""
    rows: pd.DataFrame = out.rows
    number = int(rows["row"].iat[i])
    cell = cell_of(out, i, field)
    figure = rows[field].iat[i]
    return Failure(
        code=code,
        message_zh=message,
        file=file_name,
        sheet=out.sheet,
        cell=cell,
        row_number=number,
        value=None if blank(figure) else str(figure),
        severity=severity,
    )


def notes(
    out: Any,
    picked: list[int],
    field: str,
    file_name: str,
    code: Code,
    severity: Severity,
    messages: list[str],
) -> list[Failure]:
    """:func:`note` on each row of ``picked``, with its message: the frame's columns read once (``.iat``, a
    Series per row and column, took ~15 µs a row) when they are plain (``row`` int64, the others objects)."""
    rows: pd.DataFrame = out.rows
    own = f"cell:{field}"
    named = ["row", field, *([own] if own in rows.columns else [])]
    if (
        not rows.columns.is_unique
        or rows["row"].dtype != np.int64
        or any(rows[c].dtype != object for c in named[1:])
    ):
        return [
            note(out, i, field, file_name, code, severity, m) for i, m in zip(picked, messages, strict=True)
        ]
    numbers, figures = rows["row"].tolist(), rows[field].tolist()
    cells = rows[own].tolist() if own in rows.columns else [None] * len(numbers)
    letter = out.columns.get(field)
    found = []
    for i, message in zip(picked, messages, strict=True):
        cell = cells[i]
        if blank(cell):  # as cell_of
            cell = f"{letter}{numbers[i]}" if letter else None
        figure = figures[i]
        found.append(
            Failure(
                code=code,
                message_zh=message,
                file=file_name,
                sheet=out.sheet,
                cell=cell,
                row_number=numbers[i],
                value=None if blank(figure) else str(figure),
                severity=severity,
            )
        )
    return found


def month_growth_note(out: Any, i: int, word: str, file_name: str) -> Failure:
    """column_ignored on a growth row's figure under 本月: the month's own growth, not read."""
    rows: pd.DataFrame = out.rows
    number = int(rows["row"].iat[i])
    cell = cell_of(out, i, "value_month")
    figure = rows["value_month"].iat[i]
    return Failure(
        code=Code.COLUMN_IGNORED,
        message_zh=(
            f"第{number}行“{word}”在“本月”列的数（{fmt_as_typed(figure)}）是本月的增速，考核只用累计增速，未读取"
            + (
                "；累计增速已记入上一行的指标。"
                if "value_ytd" in rows.columns and not blank(rows["value_ytd"].iat[i])
                else "：本表没有累计列，本月增速（比上年同月）不能代替1-本月累计增速。"
                if "value_ytd" not in rows.columns
                else "。"
            )
        ),
        file=file_name,
        sheet=out.sheet,
        cell=cell,
        row_number=number,
        value=None if blank(figure) else str(figure),
        severity=Severity.WARNING,
    )
