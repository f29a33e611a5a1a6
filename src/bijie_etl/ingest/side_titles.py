"""Titles of tables printed side by side: each table's own title and unit line, not its neighbour's.

Two tables next to each other (县（市、区） | 1-6月累计 ‖ 县（市、区） | 1-6月累计, a blank column between)
may be one list printed in two halves under one title, or two tables, each with its own title over its
own columns (2024年1-6月各县煤炭产量 over the left one, 2024年1-6月各县发电量 over the right one) and its own
unit line (单位：万吨 | 单位：亿千瓦时). A careful reader takes each title over the table it stands above:
read as one title for both, the right table's figures became the left table's indicator in the left
table's unit.

The tables have titles of their own when a line above them names an indicator or a period over two or
more of them in cells of their own (none merged across a neighbour). Then each line's cells, from that
line down, go to the table under them; the lines above it (毕节市2024年1-6月分县能源生产情况 over 煤炭产量（万吨） |
发电量（亿千瓦时）) and a cell merged across tables are the page's title, every table's. :func:`side_by_side` finds the tables
side by side (the column blocks) in the first place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bijie_etl.text import normalize_name

if TYPE_CHECKING:
    from bijie_etl.ingest.tables import Column

__all__ = ["block_titles", "side_by_side"]

#: A line naming a period: a year or a month (2024年, 6月, 1-6月), a quarter or a half-year.
_PERIOD = re.compile(r"\d{2,4}\s*年|\d{1,2}\s*月|季度|上半年|下半年")

Title = tuple[list[str], list[tuple[str, str]], tuple[int, int]]


def _names_something(text: str, words: list[str]) -> bool:
    if _PERIOD.search(text):
        return True
    key = normalize_name(text)
    return any(w in key for w in words)


def _catalog_words(catalog: Any) -> list[str]:
    if catalog is None:
        return []
    return [w for t in catalog for word in (t.name_zh, *t.aliases) if len(w := normalize_name(word)) >= 3]


def block_titles(
    grid: list[list[Any]],
    rows: range,
    spans: list[tuple[int, int]],
    merges: list[tuple[tuple[int, int], tuple[int, int]]],
    catalog: Any,
    text_of: Callable[[Any], str],
    letter: Callable[[int], str],
) -> list[Title] | None:
    """Each side-by-side table's (title lines, title cells, columns) when the tables have titles of their
    own, else None (one title for all: the caller's). ``spans`` are the tables' column ranges (first,
    end exclusive), left to right; ``rows`` the title rows above the header; ``text_of`` a title cell's text,
    ``letter`` a column's letter."""
    merged = {(r0, c0): c1 for (r0, c0), (r1, c1) in merges if r0 in rows}

    def block_of(c: int) -> int | None:
        return next((k for k, (a, b) in enumerate(spans) if a <= c < b), None)

    lines: list[list[tuple[int, int | None, str]]] = []  # per row: (column, its block or None = all, text)
    words: list[str] | None = None
    own: int | None = None  # the first line of the tables' own titles: the lines above it are the page's
    for r in rows:
        cells = []
        for c, v in enumerate(grid[r]):
            text = text_of(v)
            if not text:
                continue
            k = block_of(c)
            end = merged.get((r, c), c)
            cells.append((c, None if k is None or block_of(end) != k else k, text))
        lines.append(cells)
        per_block = {k for _, k, _ in cells if k is not None}
        if own is not None or len(per_block) < 2 or any(k is None for _, k, _ in cells):
            continue
        if words is None:
            words = _catalog_words(catalog)
        naming = {k for _, k, t in cells if k is not None and _names_something(t, words)}
        own = r if len(naming) >= 2 else None
    if own is None:
        return None
    out: list[Title] = []
    for k, span in enumerate(spans):
        title: list[str] = []
        cells_of: list[tuple[str, str]] = []
        for r, cells in zip(rows, lines, strict=True):
            mine = [(c, t) for c, b, t in cells if b is None or b == k or r < own]
            if mine:
                title.append(" ".join(t for _, t in mine))
                cells_of.append((title[-1], f"{letter(mine[0][0])}{r + 1}"))
        out.append((title, cells_of, span))
    return out


def side_by_side(columns: list[Column], grid: list[list[Any]], body: range) -> list[list[Column]]:
    """The column blocks of tables printed side by side (指标名称 | 本月 | 累计 ‖ 指标名称 | 本月 | 累计).

    A block starts where the first naming column (指标名称, 指标代码 or 区县) repeats (with any 序号
    column just before it); the split is made when the blocks repeat each other's value columns, or
    when the repeated naming column names other rows than the first (县 | 1-6月累计 ‖ 县 | 同比增长 with
    黔西市 beside 七星关区: the right table's growth is never 七星关区's) — otherwise the repeated column
    is a duplicate and the table one table.
    """
    naming = next(
        (
            c.role.field
            for c in columns
            if c.role.kind == "identity" and c.role.field in ("indicator_name", "indicator_code", "county")
        ),
        None,
    )
    if naming is None:
        return [columns]
    repeats = [k for k, c in enumerate(columns) if c.role.kind == "identity" and c.role.field == naming]
    if len(repeats) < 2:
        return [columns]
    bounds = []
    for k in repeats[1:]:
        while k > 0 and columns[k - 1].role.kind == "serial":
            k -= 1
        bounds.append(k)
    blocks = [columns[a:b] for a, b in zip([0, *bounds], [*bounds, len(columns)], strict=True)]

    def keys(block: list[Column]) -> set[tuple[Any, ...]]:
        return {
            (c.role.field, c.role.year, c.role.month, c.role.county, c.role.indicator)
            for c in block
            if c.role.kind == "value"
        }

    first = keys(blocks[0])
    if not first:
        return [columns]
    if all(keys(b) & first for b in blocks[1:]):
        return blocks
    at = [columns[k].index for k in repeats]
    same = all(
        len({(row[j].strip() if isinstance(row[j], str) else "") if j < len(row) else "" for j in at}) == 1
        for row in (grid[r] for r in body)
    )
    return [columns] if same else blocks
