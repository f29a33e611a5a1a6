"""What a department needs to know when one bad cell refuses its row: the row's other figures were fine.

A row with 本月 "三十" beside a good 1-本月累计 170.2 is refused whole (its figures are one observation); the
message on the bad cell says so and names the row's figures that were read without fault, so the department
corrects that one cell rather than re-checking the row: ``（本行未入库；同行的1-本月累计（D4）、上年同期累计（E4）
无误，改正此格后重新报送即可）``. A growth refused alone says so itself (``GROWTH_REFUSED_ALONE_ZH``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bijie_etl.errors import Code
from bijie_etl.ingest.headers import parse_number
from bijie_etl.vocabulary import FIELD_LABELS_ZH, MEASURES

__all__ = ["bad_fields", "fine_cells_note"]

#: Problems of one cell's content that refuse the whole row.
_CELL_CODES = frozenset(
    {
        Code.VALUE_NOT_NUMBER,
        Code.VALUE_NEGATIVE,
        Code.COUNT_NOT_WHOLE,
        Code.VALUE_IS_ESTIMATE,
        Code.FORMULA_ERROR,
        Code.FORMULA_NOT_CALCULATED,
        Code.VALUE_FORMAT_UNREADABLE,
        Code.VALUE_MERGED,
    }
)


def bad_fields(hits: Iterable[tuple[int, str, Code]]) -> dict[int, set[str]]:
    """Row label → the fields a failure names (each is no fine cell of its row)."""
    out: dict[int, set[str]] = {}
    for idx, fld, _code in hits:
        out.setdefault(idx, set()).add(fld)
    return out


def fine_cells_note(
    code: Code, fld: str, raw_row: dict[str, Any], letters: dict[str, str], row_no: int, bad: set[str]
) -> str:
    """``（本行未入库；同行的…无误，改正此格后重新报送即可）`` for a cell problem refusing its row when the row has
    other figures that were read without fault; "" otherwise (a growth's own problem, nothing else filled)."""
    if code not in _CELL_CODES or fld not in MEASURES or fld == "growth_pct":
        return ""
    fine = []
    for f in MEASURES:
        if f == fld or f in bad or not isinstance(parse_number(raw_row.get(f)), float):
            continue
        cell = raw_row.get(f"cell:{f}")
        cell = cell if isinstance(cell, str) else (f"{letters[f]}{row_no}" if f in letters else "")
        fine.append(f"{FIELD_LABELS_ZH[f]}（{cell}）" if cell else FIELD_LABELS_ZH[f])
    if not fine:
        return ""
    return f"（本行未入库；同行的{'、'.join(fine)}无误，改正此格后重新报送即可）"
