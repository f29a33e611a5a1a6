"""Lines of a header block that are no labels of their own: a column-number row (甲 | 乙 | 1 | 2 | 3) and a
line of units (计量单位 | 万吨 | 万元, or units in brackets: （万吨） | （%）) — under the header, or between an
indicator's group and its 本月 | 累计. Used by :func:`bijie_etl.ingest.tables.find_tables`."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any

from bijie_etl.ingest.headers import header_key

if TYPE_CHECKING:
    from bijie_etl.ingest.tables import Vocabulary

__all__ = ["is_numbering_row", "is_unit_row", "labels_follow", "unbracketed"]


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def is_numbering_row(row: list[Any], vocab: Vocabulary) -> bool:
    """甲 | 乙 | 1 | 2 | 3 under a header: every filled cell a column number, most cells filled."""
    filled = [v for v in row if v not in ("", None)]
    if len(filled) < 2:
        return False
    for v in filled:
        if isinstance(v, bool):
            return False
        if isinstance(v, int | float):
            if not float(v).is_integer() or not 0 < v < 100:
                return False
        elif not (isinstance(v, str) and vocab.grammar.is_numbering(v)):
            return False
    return True


def is_unit_row(row: list[Any], ident: AbstractSet[int], vocab: Vocabulary) -> bool:
    """计量单位 | 万吨 | 万元 … under a header (a label in an identity column, units elsewhere)."""
    if vocab.units is None:
        return False
    units = [v for j, v in enumerate(row) if j not in ident and v != "" and v is not None]
    if not units or not all(isinstance(v, str) for v in units):
        return False  # numbers: a data row (the usual case, so tested first)
    units = [v for v in units if v.strip()]
    if not units:
        return False
    named = any(
        header_key(_text(row[j])) in vocab.grammar.unit_row for j in ident if j < len(row) and _text(row[j])
    )
    if named:
        # A row that says 计量单位 is the unit row whatever its units are: a unit nobody knows (万辆) is
        # kept for the column and refused by validation, never read as a data row.
        return True
    if len(units) == 1:  # （%） alone under 同比增长: a unit in brackets, the header's last line
        text = _text(units[0])
        return text[:1] in "(（" and text[-1:] in ")）" and _is_unit(unbracketed(text), vocab)
    return len(units) >= 2 and all(_is_unit(unbracketed(_text(v)), vocab) for v in units)


def _is_unit(text: str, vocab: Vocabulary) -> bool:
    return bool(vocab.units.canonical(text)) or text in ("%", "％")


def unbracketed(text: str) -> str:
    """（万吨） → 万吨 (a unit typed in brackets on a header's unit line)."""
    return text[1:-1].strip() if len(text) > 2 and text[0] in "(（" and text[-1] in ")）" else text


def labels_follow(grid: list[list[Any]], r: int, ident: AbstractSet[int], vocab: Vocabulary) -> bool:
    """Row ``r`` holds header labels (本月 | 累计) and no figure, none in an identity column."""
    if r >= len(grid):
        return False
    cells = [(j, v) for j, v in enumerate(grid[r]) if v not in ("", None)]
    if not cells or any(not isinstance(v, str) or j in ident for j, v in cells):
        return False
    return any(vocab.label(v).kind in ("measure", "month", "qualifier") for _, v in cells)
