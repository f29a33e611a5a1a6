"""A lone figure left unread beside the figure its target is read from, said so.

A column saying nothing of its measure (本期, 本期值, 数值) beside 累计 in an export: for a cumulative target
the 累计 column gives the year to date, and the lone column's figure (maybe the month's own, maybe not) is
not read. When it differs from the figure read, each such cell gets a ``column_ignored`` note, so that no
figure is dropped without a word (:func:`bijie_etl.ingest.layouts._plan_lone` finds them).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from bijie_etl.ingest.headers import column_letter

if TYPE_CHECKING:
    from bijie_etl.ingest.tables import Column

__all__ = ["left_notes", "other_figure"]


def _number(v: Any) -> float | None:
    if v is None:  # a blank (the usual cell beside a figure read): no figure, without a ValueError
        return None
    if isinstance(v, (int, float)):
        return None if v != v else float(v)
    if type(v) is str:  # a text figure or a dash (—, 无), the same in every row of a column: read once
        x = _TEXTS.get(v, _UNREAD)
        if x is _UNREAD:
            if len(_TEXTS) > 4096:
                _TEXTS.clear()
            x = _TEXTS[v] = _text_number(v)
        return x
    return _text_number(str(v))


def _text_number(text: str) -> float | None:
    try:
        return float(text.replace(",", "").strip())
    except ValueError:
        return None


_UNREAD: Any = object()
#: A text cell → the number it reads as (None: no number), see :func:`_number`.
_TEXTS: dict[str, float | None] = {}


def other_figure(v: Any, w: Any) -> bool:
    """True when ``v`` is a figure (a number, or a number typed as text) other than ``w``'s: a dash, 无 or
    a note is no figure left unread; the same number typed twice (1040.3 and "1040.3") is one."""
    x = _number(v)
    if x is None:
        return False
    y = _number(w)
    return y is None or not math.isclose(x, y, rel_tol=1e-9)


#: What a lone figure would have been read as, in a note saying it was not (left_notes).
READ_AS_ZH = {"value_ytd": "累计数", "value": "本期值", "growth_pct": "增速", "value_month": "本月数"}


def left_notes(left: list[tuple[str, str, int]], values: list[Column], columns: dict[str, int], row_numbers: Any, data: list[list[Any]], order: list[str]) -> list[tuple[str, str, str]]:  # fmt: skip
    """``(cell, figure, message)`` of each lone figure left unread beside the figure its target is read from
    (the layout makes each a column_ignored note)."""
    by_index = {c.index: c for c in values}
    out = []
    for placed, dest, i in left:
        col, other = by_index.get(columns[placed]), by_index.get(columns.get(dest, -1))
        label = col.label if col is not None else placed
        v = data[order.index(placed)][i]
        beside = f"“{other.label}”列" if other is not None else "另一列"
        what = READ_AS_ZH.get(dest, "数值")
        message = f"第{int(row_numbers[i])}行“{label}”列的 {v} 未读取：本行指标读取{what}，{what}已由{beside}给出（与本列不同），“{label}”没有写明是哪一个数；如为本月数，请把表头写作“本月”后重新报送。"  # fmt: skip
        out.append((f"{column_letter(columns[placed])}{int(row_numbers[i])}", str(v), message))
    return out
