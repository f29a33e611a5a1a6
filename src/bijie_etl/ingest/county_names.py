"""Counties named in a table's title lines, its sheet name or its 填报单位 line (七星关区2024年1-6月…, a sheet 大方县).

A table without a 区县 column is one county's when its title or sheet name names one county (or the city's when
they name none); a line naming several names none of them. The title and the sheet name naming two different
counties (a county's sheet under a title copied from another's) cannot be told apart: see
:func:`refuse_county_conflict`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bijie_etl.catalog import CITY
from bijie_etl.catalog.memo import per_catalog
from bijie_etl.errors import Code, Failure, Severity
from bijie_etl.ingest.table_rows import no_rows, row_count
from bijie_etl.text import normalize_name

if TYPE_CHECKING:
    from bijie_etl.ingest.layouts import SheetRows, TableContext
    from bijie_etl.ingest.tables import Table

__all__ = ["counties_named", "county_named", "county_words", "refuse_county_conflict"]

_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")


def county_named(texts: list[tuple[str, str]], catalog: Any) -> tuple[str, str] | None:
    """A county (not the whole city) named in a title line or the sheet name."""
    if catalog is None:
        return None
    for text, where in texts:
        named = _counties_in(text, catalog)
        if len(named) == 1:  # a line naming several counties names none of them (see counties_named)
            return next(iter(named)), where
    return None


def counties_named(texts: list[tuple[str, str]], catalog: Any) -> tuple[str, str] | None:
    """(line, where) of the first title line (a line with a year: not an instruction line) naming two
    or more counties (七星关区、大方县2024年1-6月…)."""
    if catalog is None:
        return None
    for text, where in texts:
        if len(_counties_in(text, catalog)) >= 2 and _YEAR.search(text):  # the remembered test first
            return text, where
    return None


def _counties_in(text: str, catalog: Any) -> frozenset[str]:
    """The counties (official names) ``text`` names, remembered per text and catalog (a title recurs in
    every file of a department's month; a sheet's name in every file)."""
    memo = per_catalog(_NAMED, catalog)
    try:
        return memo[text]
    except KeyError:
        pass
    key = normalize_name(text)
    if len(memo) > 8192:
        memo.clear()
    found = memo[text] = frozenset(official for word, official in county_words(catalog) if word in key)
    return found


_NAMED: dict[int, tuple[Any, dict[str, frozenset[str]]]] = {}


_COUNTY_WORDS: dict[int, tuple[Any, tuple[tuple[str, str], ...]]] = {}


def county_words(catalog: Any) -> tuple[tuple[str, str], ...]:
    """Every county name and alias (not the city's), longest first, once per catalog; a word holding a
    shorter word of the same county (七星关区 holds 七星关, 毕节市大方县 大方) is left out: wherever it is
    found, the shorter word is too, and names the same county."""
    hit = _COUNTY_WORDS.get(id(catalog))
    if hit is not None and hit[0] is catalog:
        return hit[1]
    items = []
    for c in catalog.counties:
        if c.name == CITY:
            continue
        keys = {
            k for k in (normalize_name(w) for w in (c.name, *c.aliases)) if len(k) >= 2 and not k.isascii()
        }
        items += [(k, c.name) for k in keys if not any(v != k and v in k for v in keys)]
    items.sort(key=lambda kv: -len(kv[0]))
    if len(_COUNTY_WORDS) > 8:
        _COUNTY_WORDS.clear()
    _COUNTY_WORDS[id(catalog)] = (catalog, tuple(items))
    return tuple(items)


def refuse_county_conflict(rows: SheetRows, table: Table, ctx: TableContext, catalog: Any) -> SheetRows:
    """``rows`` of a table taking its county from around it, unless its title names one county and its sheet
    name another (a title copied from another county's sheet): whose figures they are cannot be told — every
    row is refused (LAYOUT_AMBIGUOUS naming both), never loaded as the title's county."""
    if ctx.county is None or catalog is None or no_rows(rows) or "county" in rows.columns:
        return rows
    titled = county_named(table.title_cells, catalog)
    named = county_named([(table.sheet, f"工作表名“{table.sheet}”")], catalog)
    if titled is None or named is None or titled[0] == named[0]:
        return rows
    refused = row_count(rows)
    rows.rows = rows.rows.iloc[0:0]
    rows.warnings.append(
        Failure(
            code=Code.LAYOUT_AMBIGUOUS,
            message_zh=(
                f"无法确定表格属于哪个区县：标题（{titled[1]}）写的是{titled[0]}，{named[1]}写的是{named[0]}，"
                f"本表{refused}行未入库；请核对后把标题和工作表名改为同一区县再报送"
            ),
            file=ctx.file_name,
            sheet=table.sheet,
            cell=titled[1],
            severity=Severity.ERROR,
            rows_refused=refused,
        )
    )
    return rows
