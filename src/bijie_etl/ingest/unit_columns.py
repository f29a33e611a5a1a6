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

import re
from typing import Any

from bijie_etl.ingest.grammar import Role
from bijie_etl.ingest.headers import header_key
from bijie_etl.ingest.tables import Column, Table, Vocabulary

__all__ = ["by_unit"]


def by_unit(table: Table, grid: list[list[Any]], vocab: Vocabulary, columns: list[Column]) -> list[Column]:
    """``columns`` with the value columns that say the same but in units of different kinds narrowed to the one
    every named row's indicator is measured in (the others ignored), when there is such a one; and each growth
    column tied to its figure (see :func:`_growth_owners`)."""
    values = [c for c in columns if c.role.kind == "value"]
    if len(values) < 2:
        return columns
    ignored = _other_units(table, grid, vocab, columns, values)
    ignored.update(_growth_owners(columns, values, ignored, vocab))
    if not ignored:
        return columns
    return [
        Column(c.index, c.path, c.cells, Role("ignored", reason=ignored[c.index]), c.unit, c.unit_cell)
        if c.index in ignored
        else c
        for c in columns
    ]


def _other_units(
    table: Table, grid: list[list[Any]], vocab: Vocabulary, columns: list[Column], values: list[Column]
) -> dict[int, str]:
    """Column index → why it is not read, for each value column in another kind of unit than every named row's."""
    units = vocab.units
    names = next((c for c in columns if c.role.kind == "identity" and c.role.field == "indicator_name"), None)
    if names is None or units is None or vocab.catalog is None:
        return {}
    groups: dict[tuple[Any, ...], list[Column]] = {}
    for c in values:
        r = c.role
        groups.setdefault((r.field, r.year, r.month, r.is_range, r.county, r.indicator), []).append(c)
    ignored: dict[int, str] = {}
    for group in groups.values():
        if len(group) < 2:
            continue  # one column says it: nothing to tell apart
        dims = [_dimension(c.unit, units) for c in group]
        if None in dims or len(set(dims)) < len(dims):
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
    return ignored


def _growth_owners(
    columns: list[Column], values: list[Column], ignored: dict[int, str], vocab: Vocabulary
) -> dict[int, str]:
    """Growth columns not read, with why. A growth naming its figure (数量同比增长, 金额增速, 产值增长: a ``value``
    measure word of the grammar before the growth word) is the growth of the one figure column whose label says
    that word (收购数量（万担）), wherever it stands; of a figure the table has no column of (beside columns named by
    other figures: 收购数量 | 金额同比增长), or several, whose it is cannot be told (数值 | 产量增速 is read as before). A growth naming none is the growth of the figure left of it (when a figure column was set
    aside by its unit: right of it, the growth is another indicator's too; left of every figure, nobody's)."""
    if all(c.role.field != "growth_pct" for c in values):
        return {}
    figures = [c for c in values if c.role.field != "growth_pct"]
    out: dict[int, str] = {}
    owner: Column | None = None
    for c in columns:
        if c.role.kind != "value":
            continue
        if c.role.field != "growth_pct":
            owner = c
            continue
        named = _figure_word(c.label, vocab.grammar, growth=True)
        if named is not None:
            said = [f for f in figures if named in header_key(f.label)]
            if len(said) == 1:
                if said[0].index in ignored:
                    out[c.index] = f"该列是“{said[0].label}”列（另一项指标）的增速"
            elif said or _named_figures(figures, vocab):
                where = "有多列" if said else "没有"
                out[c.index] = (
                    f"该列是“{named}”的增速，而表中{where}写明“{named}”的数值列，无法确定是哪一列（哪项指标）的增速"
                )
            continue
        if not ignored:
            continue
        if owner is None:  # left of every figure: whose growth it is cannot be told
            out[c.index] = "该列在数值列之前，无法确定是哪一列（哪项指标）的增速"
        elif owner.index in ignored:
            out[c.index] = f"该列是“{owner.label}”列（另一项指标）的增速"
    return out


def _named_figures(figures: list[Column], vocab: Vocabulary) -> list[str]:
    """The words figure columns are named by (收购数量, 金额, 产值); 数值 / 本期值 (the canonical 本期值's own words)
    name no figure."""
    words = (_figure_word(c.label, vocab.grammar) for c in figures)
    return [w for w in words if w and vocab.spec.words.get(w) != "value"]


def _figure_word(label: str, grammar: Any, *, growth: bool = False) -> str | None:
    """The grammar's ``value`` measure word a label starts with (收购数量（万担） → 收购数量); with ``growth``, only when
    the rest of the label is a growth word (数量同比增长(%) → 数量), else None."""
    held = _FIGURE_WORDS.get(id(grammar))
    if held is None or held[0] is not grammar:
        held = _FIGURE_WORDS[id(grammar)] = (grammar, {})
    memo = held[1]
    if (label, growth) not in memo:
        memo[(label, growth)] = _word_of(label, grammar, growth)
    return memo[(label, growth)]


#: Per grammar (by identity: a Grammar is unhashable), each header label's figure word: labels recur in every file.
_FIGURE_WORDS: dict[int, tuple[Any, dict[tuple[str, bool], str | None]]] = {}


def _word_of(label: str, grammar: Any, growth: bool) -> str | None:
    key = _UNIT_TAIL.sub("", header_key(label))
    whole = grammar.measures.get(key)
    if whole is not None:  # one word (同比增长, 数值): a growth naming no figure, or a figure named by it
        return key if whole == "value" and not growth else None
    for word in grammar._longest:
        if grammar.measures[word] != "value" or not key.startswith(word):
            continue
        rest = key[len(word) :]
        if not growth:
            return str(word)
        if rest and grammar.measures.get(rest) == "growth":
            return str(word)
    return None


#: A unit in brackets or a percent sign at a label's end: 数量同比增长(%) → 数量同比增长.
_UNIT_TAIL = re.compile(r"(?:\([^()]*\)|%)+$")


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
