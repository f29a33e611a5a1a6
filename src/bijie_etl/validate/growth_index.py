"""The growth written as an index with last year at 100 (为上年同期%, 上年同期=100, 发展速度).

Statistical monthly reports often give 规模以上工业增加值 | 1-6月 | 为上年同期% over 108.2: this year's figure
as a percentage of last year's, so the growth is 8.2 %. The grammar marks such a column with the pseudo-unit
:data:`~bijie_etl.ingest.headers.GROWTH_INDEX`; :func:`take_off` reads its figures as growths (100 taken off,
the provenance saying so) and :func:`rule_index_unclear` refuses a sheet's index column whose figures do not
look like indices (8.2 under 为上年同期%: a growth typed under the wrong header, or an index against another
base), unless the row's own levels confirm the growth.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from bijie_etl.ingest.headers import GROWTH_INDEX
from bijie_etl.validate.growth import growth_confirmed

__all__ = ["INDEX_FLOOR", "message", "rule_index_unclear", "take_off"]

#: An index (last year = 100) below this is no plausible year-on-year index of the figures a city reports
#: (it would be a fall of more than half); a column holding one holds growths or something else.
INDEX_FLOOR = 50.0


def take_off(
    read: Any,
    fld: str,
    notes: dict[int, dict[str, Any]],
    growth_units: dict[int, Any],
    cells: list[Any],
    as_text: Callable[[Any], str | None],
) -> None:
    """108.2 under 为上年同期% → a growth of 8.2: 100 taken off each figure of an index column (``read``: the
    growth field as read, its ``numbers`` changed in place), the reading noted for the provenance
    (``index``, with the cell as typed). Other fields are left alone."""
    if fld != "growth_pct":
        return
    numbers = read.numbers
    for i, unit in growth_units.items():
        if unit != GROWTH_INDEX or numbers[i] is None:
            continue
        typed = float(numbers[i])
        numbers[i] = typed - 100.0
        note = notes.setdefault(i, {}).setdefault("growth_pct", {})
        note["index"] = GROWTH_INDEX
        note.setdefault("text", as_text(cells[i]))
        note.setdefault("typed", typed)


def _index_read(df: pd.DataFrame) -> np.ndarray:
    """Rows whose growth was read from an index (the provenance :func:`take_off` noted)."""
    how = df["_how"].to_numpy(dtype=object)
    return np.array([bool(h) and "index" in (h.get("growth_pct") or {}) for h in how], dtype=bool)


def rule_index_unclear(df: pd.DataFrame) -> dict[str, pd.Series]:
    """A sheet's index column with some figure under :data:`INDEX_FLOOR` (8.2 under 为上年同期%) does not
    hold indices: none of its figures is read as a growth, except where the row's 1-本月累计 and
    上年同期 give that growth (then the figure is an index whatever its neighbours are)."""
    passes = pd.Series(True, index=df.index)
    index = _index_read(df) if df["_how"].notna().any() else np.zeros(len(df), dtype=bool)
    if not index.any():
        return {"growth_pct": passes}
    g = df["growth_pct"].astype("Float64")
    low = (index & (g + 100.0 < INDEX_FLOOR)).fillna(False).astype(bool)
    sheets = set(df.loc[low, "_sheet"])
    if not sheets:
        return {"growth_pct": passes}
    refused = index & df["_sheet"].isin(sheets) & g.notna() & ~growth_confirmed(df)
    return {"growth_pct": ~refused.fillna(False).astype(bool)}


def message(head: str | None, shown: str | None) -> str:
    """The Chinese message of ``growth_index_unclear``."""
    where = f"（{head}单元格）" if head else ""
    return (
        f"该列表头{where}表示“以上年同期为100”的指数（如增长8.2%填108.2），但本列有数值小于{INDEX_FLOOR:g}，"
        f"不像这样的指数，可能填的是增速本身：无法确定本列是指数还是增速，本行的“{shown}”未作为增速入库；"
        "如为增速请把表头改为“同比增长（%）”，如为指数请核对数值后重新报送"
    )
