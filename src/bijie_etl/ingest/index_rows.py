"""A row whose unit is an index with last year at 100: 居民消费价格指数 | 上年同期=100 | 100.3.

The 计量单位 cell (not a column's header) says the row's figure is this year's as a percentage of last year's
(sources/headers.yaml ``roles: measures: growth_index``: 上年同期=100, 为上年同期%, 发展速度): its year-to-date
figure (or lone figure) is the growth with 100 taken off — 100.3 is a rise of 0.3 % — read as an index column's
is (:mod:`bijie_etl.validate.growth_index`), never a level in a unit nobody knows. Beside a growth of the row's
own, the growth is read; the index stays the row's level (value_ytd), as an index column's figures do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from bijie_etl.ingest.headers import GROWTH_INDEX, header_key
from bijie_etl.ingest.table_rows import field_values, has_field, no_rows

if TYPE_CHECKING:
    from bijie_etl.ingest.layouts import SheetRows

__all__ = ["index_unit_rows"]


def _filled(v: Any) -> bool:
    return (
        v is not None and not (isinstance(v, float) and v != v) and not (isinstance(v, str) and not v.strip())
    )


def index_unit_rows(rows: SheetRows, vocab: Any) -> SheetRows:
    """``rows`` with each row whose 计量单位 is an index of last year (上年同期=100) read as its growth."""
    if no_rows(rows) or not has_field(rows, "unit"):
        return rows
    measures = vocab.grammar.measures
    units = field_values(rows, "unit")
    texts = set(filter(str.__instancecheck__, units))
    index = {u for u in texts if measures.get(header_key(u)) == "growth_index"}
    if not index:
        return rows  # the usual table: each distinct unit looked at once, none an index
    hits = [i for i, u in enumerate(units) if isinstance(u, str) and u in index]
    frame = rows.rows  # a frame only for a table with such a row
    for col in ("growth_pct", "unit:growth_pct", "cell:growth_pct"):
        if col not in frame.columns:
            frame[col] = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    for i in hits:
        if _filled(frame["growth_pct"].iat[i]):
            continue  # beside a growth of its own: the growth is read (the index stays the row's level)
        src = next(
            (f for f in ("value_ytd", "value") if f in frame.columns and _filled(frame[f].iat[i])), None
        )
        if src is None:
            continue
        row = int(frame["row"].iat[i])
        at = frame[f"cell:{src}"].iat[i] if f"cell:{src}" in frame.columns else None
        at = at if isinstance(at, str) and at else f"{rows.columns.get(src, '')}{row}"
        frame.iat[i, frame.columns.get_loc("growth_pct")] = frame[src].iat[i]
        frame.iat[i, frame.columns.get_loc("cell:growth_pct")] = at
        frame.iat[i, frame.columns.get_loc("unit:growth_pct")] = GROWTH_INDEX
        frame.iat[i, frame.columns.get_loc("unit")] = None  # the index is the level (as 100.3 under 6月 is)
    return rows
