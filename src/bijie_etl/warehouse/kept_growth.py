"""A growth cell refused in a later file never erases the growth an earlier file gave for the same figures.

A department sends 2024年6月能源.xlsx (煤炭产量 1-6月累计 3550.2, 同比增长 8.62), then a corrected copy in
which the growth cell reads ▲8.62: validation refuses that cell alone and the row's levels load
(:func:`bijie_etl.validate.growth.without_refused_growth`, which notes the refused cell in the row's
``reading``). Loaded as it is, the later row would supersede the earlier one and the month would have
NO growth although nothing but an unreadable cell was sent. A careful analyst keeps what is known:

- the later row's other figures (本期值, 本月, 1-本月累计, 上年同期, unit) equal the version before it
  (the warehouse's current row, or the same key in an earlier file of the batch): the earlier growth
  is kept. The row then repeats the current version and is recorded as a confirmation, so the growth
  keeps its own file and cell as provenance;
- its figures differ (a revision): the earlier growth was computed from other figures and is not
  carried over: the row loads without growth, as validation said.

Either way the refused cell's message says which earlier growth was kept or why it was not.
Nothing is read when no incoming row notes a refused growth (one C-level scan of ``reading``).
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Sequence
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from bijie_etl.errors import GROWTH_REFUSED_ALONE_ZH
from bijie_etl.ingest.submission import Submission
from bijie_etl.vocabulary import fmt_as_typed

__all__ = ["keep_earlier_growth"]

#: What a row's ``reading`` holds when its growth cell was refused (validate.growth._how_without_growth).
_REFUSED = '"refused": '
#: The figures that must agree for the earlier growth to be this row's too.
_LEVELS = ("value", "value_month", "value_ytd", "value_ytd_prior", "unit")
_CURRENT = f"""
SELECT k.key_id, {", ".join(f"o.{f}" for f in _LEVELS)}, o.growth_pct, o.source_file
FROM observations AS o
JOIN (SELECT DISTINCT key_id, indicator_code, period, county FROM kept_growth_keys) AS k
  ON o.indicator_code = k.indicator_code AND o.period = k.period AND o.county = k.county
WHERE o.superseded_at IS NULL
"""


def keep_earlier_growth(
    con: duckdb.DuckDBPyConnection, incoming: pa.Table, subs: Sequence[Submission]
) -> pa.Table:
    """``incoming`` (the batch's observations, :func:`~bijie_etl.warehouse.incoming.batch_observations`)
    with the earlier growth kept on rows whose growth cell was refused and whose figures repeat the
    version before them; the refused cells' messages in ``subs`` say what became of the earlier growth."""
    if incoming.num_rows == 0:
        return incoming
    flagged = _flagged(incoming, subs)
    if flagged is None:
        return incoming
    keys = pc.unique(pc.filter(incoming.column("key_id"), flagged))
    mine = incoming.filter(pc.is_in(incoming.column("key_id"), keys))
    con.register("kept_growth_keys", mine.select(["key_id", "indicator_code", "period", "county"]))
    try:
        state: dict[int, tuple[tuple[Any, ...], Any, str]] = {
            r[0]: (tuple(r[1 : 1 + len(_LEVELS)]), r[-2], r[-1]) for r in con.execute(_CURRENT).fetchall()
        }
    finally:
        con.unregister("kept_growth_keys")
    columns = ["pos", "file_idx", "key_id", *_LEVELS, "growth_pct", "file_name", "sheet", "row_number"]
    rows = sorted(mine.select(columns).to_pylist(), key=lambda r: (r["key_id"], r["file_idx"]))
    flagged_at = set(pc.filter(incoming.column("pos"), flagged).to_pylist())
    growth = incoming.column("growth_pct").to_pylist()
    for row in rows:
        levels = tuple(row[f] for f in _LEVELS)
        before = state.get(row["key_id"])
        if row["pos"] in flagged_at and before is not None and before[1] is not None:
            kept = _same(levels, before[0])
            if kept:
                growth[row["pos"]] = row["growth_pct"] = before[1]
            _say(subs[row["file_idx"]], row, before, kept)
        state[row["key_id"]] = (levels, row["growth_pct"], row["file_name"])
    at = incoming.schema.get_field_index("growth_pct")
    return incoming.set_column(at, incoming.schema.field(at), pa.array(growth, pa.float64()))


def _flagged(incoming: pa.Table, subs: Sequence[Submission]) -> pa.ChunkedArray | pa.Array | None:
    """Rows without growth whose growth cell was refused alone: their reading notes it (validation), or
    their file's failures name that cell as refused alone (a reader's refusal: two growths that
    disagree). None when there is none (the usual batch: one C-level scan and a look at the failures)."""
    no_growth = pc.is_null(incoming.column("growth_pct"))
    marked = pc.fill_null(pc.and_(pc.match_substring(incoming.column("reading"), _REFUSED), no_growth), False)
    cells = {
        (i, f.sheet, f.cell)
        for i, sub in enumerate(subs)
        for f in sub.failures
        if f.cell and f.refuses_growth_only
    }
    if cells:
        at = pc.and_(
            pc.is_in(incoming.column("file_idx"), pa.array(sorted({i for i, _, _ in cells}))), no_growth
        )
        rows = incoming.filter(at).select(["pos", "file_idx", "sheet", "cells"]).to_pylist()
        named = {
            r["pos"]
            for r in rows
            if (r["file_idx"], r["sheet"], json.loads(r["cells"] or "{}").get("growth_pct")) in cells
        }
        if named:
            marked = pc.or_(marked, pc.is_in(incoming.column("pos"), pa.array(sorted(named), pa.int64())))
    return marked if pc.any(marked).as_py() else None


def _same(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    """Figures equal as stored (NULL equal to NULL; a NaN is no figure)."""

    def norm(v: Any) -> Any:
        return None if isinstance(v, float) and math.isnan(v) else v

    return all(norm(x) == norm(y) for x, y in zip(a, b, strict=True))


def _say(sub: Submission, row: dict[str, Any], before: tuple[tuple[Any, ...], Any, str], kept: bool) -> None:
    """Add to the refused growth cell's message what became of the earlier growth (idempotent: a
    batch retried file by file says it once)."""
    levels, figure, source = before
    if kept:
        said = f"此前文件“{source}”报送的同一统计期增速{fmt_as_typed(figure)}%保留不变（本行其他数值与该文件相同）。"
    else:
        ytd_before, ytd_now = levels[_LEVELS.index("value_ytd")], row["value_ytd"]
        change = (
            f"（1-本月累计{fmt_as_typed(ytd_before)}→{fmt_as_typed(ytd_now)}）"
            if ytd_before is not None and ytd_now is not None and ytd_before != ytd_now
            else ""
        )
        said = (
            f"此前文件“{source}”报送的增速{fmt_as_typed(figure)}%对应的数值与本次不同{change}，"
            "未沿用，本统计期暂无增速；请补报增速。"
        )
    for k, failure in enumerate(sub.failures):
        if (
            failure.refuses_growth_only
            and failure.sheet == row["sheet"]
            and failure.row_number == row["row_number"]
        ):
            base = failure.message_zh.split(GROWTH_REFUSED_ALONE_ZH)[0] + GROWTH_REFUSED_ALONE_ZH
            sub.failures[k] = dataclasses.replace(failure, message_zh=base + said)
