"""Value columns that differ only by their unit's kind: ``指标名称 | 收购数量（万担） | 收购金额（万元）`` or
``项目 | 产量（万吨） | 产值（亿元）`` — a quantity word and a unit, no 本月 / 累计 (each a figure for the table's
period, read as a lone 数值 is). Both say "the figure", so which is the row's indicator's is told by the unit:
the column whose unit is of the kind the indicator is measured in (万担 for 烟叶收购量, 万吨 for 煤炭产量, 亿元
for an 产值 target). When every row that names a target fits one column, that column is read and the others
are not (``column_ignored``: another indicator's figures — a 金额 column is never read as a 数量 target);
rows that fit another, or both, leave the table refused as before (which column is whose cannot be told). A
growth column is the growth of the figure left of it: right of a column not read, it is not read either, nor is
one left of every figure (whose it is cannot be told).
"""

from __future__ import annotations

from typing import Any

from bijie_etl.ingest.grammar import Role
from bijie_etl.ingest.tables import Column, Table, Vocabulary

__all__ = ["by_unit"]


def by_unit(table: Table, grid: list[list[Any]], vocab: Vocabulary, columns: list[Column]) -> list[Column]:
    """``columns`` with the value columns that say the same but in units of different kinds narrowed to the one
    every named row's indicator is measured in (the others ignored), when there is such a one."""
    units = vocab.units
    values = [c for c in columns if c.role.kind == "value"]
    if len(values) < 2 or units is None or vocab.catalog is None:
        return columns
    names = next((c for c in columns if c.role.kind == "identity" and c.role.field == "indicator_name"), None)
    if names is None:
        return columns
    groups: dict[tuple[Any, ...], list[Column]] = {}
    for c in values:
        r = c.role
        groups.setdefault((r.field, r.year, r.month, r.is_range, r.county, r.indicator), []).append(c)
    ignored: dict[int, str] = {}
    for group in groups.values():
        dims = [_dimension(c.unit, units) for c in group]
        if len(group) < 2 or None in dims or len(set(dims)) < len(dims):
            continue  # a column without a unit, or two of one kind: the twins rule refuses the table
        fitted = _rows_fitting(table, grid, vocab, names, dims)
        if len(fitted) != 1 or "-" in fitted:
            continue  # no row names a target of these kinds, rows of several, or only rows of none: not told here
        keep = group[dims.index(next(iter(fitted)))]
        for c in group:
            if c is not keep:
                ignored[c.index] = (
                    f"本表各行指标的计量单位都不是“{c.unit}”一类，该列是另一项指标的数值"
                    f"（本表读取“{keep.label}”列）"
                )
    if not ignored:
        return columns
    owner: Column | None = None  # a growth column is the growth of the figure left of it
    for c in columns:
        if c.role.kind != "value":
            continue
        if c.role.field != "growth_pct":
            owner = c
        elif owner is None:  # left of every figure: whose growth it is cannot be told
            ignored[c.index] = "该列在数值列之前，无法确定是哪一列（哪项指标）的增速"
        elif owner.index in ignored:
            ignored[c.index] = f"该列是“{owner.label}”列（另一项指标）的增速"
    return [
        Column(c.index, c.path, c.cells, Role("ignored", reason=ignored[c.index]), c.unit, c.unit_cell)
        if c.index in ignored
        else c
        for c in columns
    ]


def _dimension(unit: str | None, units: Any) -> str | None:
    found = units.get(unit) if unit else None
    return None if found is None or found.dimension == "percent" else str(found.dimension)


def _rows_fitting(
    table: Table, grid: list[list[Any]], vocab: Vocabulary, names: Column, dims: list[str | None]
) -> set[str]:
    """The kinds of unit (of ``dims``) the indicators the rows name are measured in; ``"-"`` for a row naming a
    target measured in none of them."""
    units = vocab.units
    out: set[str] = set()
    for r in range(table.body_start, table.body_end):
        text = grid[r][names.index] if names.index < len(grid[r]) else None
        target = vocab.find_indicator(text.strip()) if isinstance(text, str) and text.strip() else None
        if target is None:
            continue
        dim = _dimension(target.unit, units)
        out.add(dim if dim is not None and dim in dims else "-")
    return out
