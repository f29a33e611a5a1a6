"""Indicators a table's title (or its sheet's name) names: 2024年6月各县新建5G基站情况 → 新建5G基站.

A table without an indicator column takes the one its title names for every row; a table whose 项目
column holds no indicators (本月 | 累计 rows, or counties) takes it too, when the title names exactly one
(see :func:`bijie_etl.ingest.table_roles.sniff_label_column`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from bijie_etl.catalog.memo import per_catalog
from bijie_etl.ingest import table_roles as tr
from bijie_etl.ingest.grammar import Role
from bijie_etl.ingest.headers import column_letter, header_key
from bijie_etl.ingest.names import NEUTRAL_NAME_NOTES
from bijie_etl.ingest.tables import Column, Table, Vocabulary
from bijie_etl.text import normalize_name

if TYPE_CHECKING:
    from bijie_etl.ingest.layouts import TableContext

__all__ = [
    "indicator_named",
    "indicators_named",
    "label_column",
    "name_column_only",
    "narrowed",
    "narrowed_phrase",
    "title_indicators",
]

#: What may stand right before an indicator a title names (normalised: NFKC, no spaces, ASCII brackets): the
#: line's start, a period (6月, 6月份, 上半年, 一季度, 2024年, 截至6月底), the city or a county (毕节市, 全市,
#: 各县（区）, 分县, 七星关区, 全省), a list's joint (煤炭产量和发电量, 、) or a word of the title's own (主要, 累计).
#: Anything else narrows it to another indicator: 限上社会消费品零售总额, 火电发电量, 规模以上工业发电量.
_BEFORE = re.compile(
    r"(?:^|[月年季期底末度市县区省)\]】(\[【《“\"'.·、,，:：;；和及与暨的\-—~～\d]|各地|主要|重点|累计|完成|实现|各项|分月)$"
)
#: What may follow an indicator a title names (after a bracket, if any): the line's end, the title's own words
#: (情况, 完成情况, 统计表, 月报, 快报 …) or a list's joint. Anything else may make the figures another measure
#: of it or another indicator (煤炭产量占全市比重, 煤炭产量排名, 煤炭产量完成率, 煤炭产量同比增减). 煤炭产量增速
#: is the indicator's, a growth sheet's title (see :mod:`bijie_etl.ingest.growth_sheets`).
_AFTER = re.compile(
    r"(?:$|[、,，;；:：和及与暨]|(?:完成|生产|运行|进展|建设|发展|基本|主要)?情况|统计|表|汇总|报表|月报|快报|数据|明细"
    r"|一览|(?:累计)?完成(?:数|值|额)?$|累计(?:数|值)?$|(?:当月|本月)(?:数|值)?$|分月|分县|分地区"
    r"|(?:增速|增长速度|增幅|增长率|增长情况|同比增长|同比)(?:情况|表)?(?:\(%\))?$)"  # a growth sheet's
)
#: Notes in brackets right after the indicator that say how the table is laid out, not what it counts.
_TABLE_NOTES = frozenset(
    {"分月", "分县", "分县区", "分县(区)", "分县(市、区)", "分地区", "累计", "当月", "本月", "汇总", "合计"}
)


def indicator_named(
    texts: list[tuple[str, str]], catalog: Any, *, sheet: tuple[str, str] | None = None
) -> tuple[str, str, str] | None:
    """An indicator named in a title line (longest catalog name or alias it contains), else in the sheet's
    name ``sheet`` = (name, where) (a sheet per indicator: 煤炭产量 | 发电量)."""
    if catalog is None:
        return None
    if sheet is not None:
        return indicator_named(texts, catalog) or indicator_named([sheet], catalog)
    best: tuple[int, str, str, str] | None = None
    for text, cell in texts:
        key = normalize_name(text)
        for t in catalog:
            for word in (t.name_zh, *t.aliases, *getattr(t, "level_aliases", ())):
                w = normalize_name(word)
                if len(w) >= 3 and w in key and (best is None or len(w) > best[0]):
                    at = key.find(w)
                    if not narrowed(key, at, at + len(w), catalog):
                        best = (len(w), t.code, word, cell)
    return (best[1], best[2], best[3]) if best else None


def narrowed(key: str, start: int, end: int, catalog: Any) -> bool:
    """The catalog word at ``key[start:end]`` (a normalised title line or sheet name) is narrowed to another
    indicator by the word before it (限上社会消费品零售总额, 火电发电量: see :data:`_BEFORE`), by a note in
    brackets after it (社会消费品零售总额（限上）; a unit, a period, 快报 or 分县 is no such note), or made another
    measure by the words after it (煤炭产量占全市比重, 煤炭产量排名: see :data:`_AFTER`)."""
    before = key[:start]
    if not _BEFORE.search(before) and not _ends_with_county(before, catalog):
        return True
    after = re.match(r"\(([^()]*)\)", key[end:])
    rest = key[end + (after.end() if after else 0) :]
    if not _AFTER.match(rest):
        return True
    if after is None:
        return False
    note = after.group(1)
    if note in _TABLE_NOTES or note in NEUTRAL_NAME_NOTES or re.search(r"\d|月|年|季|期", note):
        return False
    canonical = getattr(getattr(catalog, "units", None), "canonical", None)
    parts = [p for p in re.split(r"[、,，/;；]", re.sub(r"^(?:计量)?单位:?", "", note)) if p]
    if canonical is not None and parts and all(canonical(p) is not None for p in parts):
        return False
    return catalog.find(note) is None  # 地区生产总值(gdp): the same target's other name


def narrowed_phrase(texts: list[tuple[str, str]], catalog: Any) -> tuple[str, str, str] | None:
    """(the narrowed phrase, the catalog word in it, the cell) of the longest catalog word a title line names
    only narrowed (限上社会消费品零售总额, 社会消费品零售总额(限上)), else None."""
    if catalog is None:
        return None
    words, starts = _named_words(catalog)
    best: tuple[str, str, str] | None = None
    for text, cell in texts:
        key = normalize_name(text)
        for i in range(len(key) - 2):
            for k in starts.get(key[i : i + 2], ()):
                w, _code, word = words[k]
                if not key.startswith(w, i) or not narrowed(key, i, i + len(w), catalog):
                    continue
                if best is not None and len(word) <= len(best[1]):
                    continue
                j = i
                while j > 0 and not _BEFORE.search(key[:j]) and not _ends_with_county(key[:j], catalog):
                    j -= 1
                after = re.match(r"\([^()]*\)", key[i + len(w) :])
                end = i + len(w)
                rest_at = end + (after.end() if after else 0)
                if not _AFTER.match(key[rest_at:]):  # 煤炭产量排名: the words that make it another measure
                    end = rest_at + len(re.match(r"[^()、,，;；:：]{0,8}", key[rest_at:]).group(0))  # type: ignore[union-attr]
                elif j == i and after:  # nothing before it narrows: the bracket does
                    end = rest_at
                best = (key[j:end], word, cell)
    return best


def _ends_with_county(before: str, catalog: Any) -> bool:
    """``before`` ends with a county's name, full or short (七星关, 百里杜鹃, 金海湖)."""
    county = getattr(catalog, "county", None)
    return county is not None and any(county(before[-n:]) for n in range(2, min(len(before), 12) + 1))


def name_column_only(table: Table) -> bool:
    """The table's only indicator is a 指标名称/项目 column (no code column, no column per indicator)."""
    named = False
    for column in table.columns:  # one pass (this is asked of every table)
        role = column.role
        if role.indicator or (role.kind == "identity" and role.field == "indicator_code"):
            return False
        named = named or (role.kind == "identity" and role.field == "indicator_name")
    return named


#: The words of each catalog :func:`indicators_named` looks for, made once per catalog (the catalog is
#: kept with them, so its id is not reused while it is here).
Words = tuple[tuple[tuple[str, str, str], ...], dict[str, tuple[int, ...]]]
_WORDS: dict[int, tuple[Any, Words]] = {}


def _named_words(catalog: Any) -> Words:
    """(normalised word, code, word as written) for every target's name and aliases of 3 characters or
    more, in catalog order; and the places of the words by their first two characters."""
    hit = _WORDS.get(id(catalog))
    if hit is not None and hit[0] is catalog:
        return hit[1]
    words = tuple(
        (w, t.code, word)
        for t in catalog
        for word in (t.name_zh, *t.aliases, *getattr(t, "level_aliases", ()))
        if len(w := normalize_name(word)) >= 3
    )
    starts: dict[str, list[int]] = {}
    for k, (w, _, _) in enumerate(words):
        starts.setdefault(w[:2], []).append(k)
    if len(_WORDS) >= 8:
        _WORDS.clear()
    _WORDS[id(catalog)] = (catalog, (words, {s: tuple(ks) for s, ks in starts.items()}))
    return _WORDS[id(catalog)][1]


def _line_words(text: str, catalog: Any) -> tuple[tuple[int, int], ...]:
    """(word, where it first occurs) of each catalog word (its place in :func:`_named_words`) a title line or
    sheet name names un-narrowed, in catalog order; remembered per text and catalog (a sheet's name, a
    department's title lines recur)."""
    memo = per_catalog(_LINES, catalog)
    try:
        return memo[text]
    except KeyError:
        pass
    words, starts = _named_words(catalog)
    key = normalize_name(text)
    first: dict[int, int] = {}  # word (its place in ``words``) → where it first occurs in the line
    for i in range(len(key) - 2):
        for k in starts.get(key[i : i + 2], ()):
            if (
                k not in first
                and key.startswith(words[k][0], i)
                and not narrowed(key, i, i + len(words[k][0]), catalog)
            ):
                first[k] = i
    if len(memo) > 4096:
        memo.clear()
    found = memo[text] = tuple((k, first[k]) for k in sorted(first))
    return found


_LINES: dict[int, tuple[Any, dict[str, tuple[tuple[int, int], ...]]]] = {}


def indicators_named(
    texts: list[tuple[str, str]], catalog: Any, *, sheet: tuple[str, str]
) -> tuple[tuple[str, str, str], ...]:
    """Every target the title lines ``texts`` name (a word inside a longer named word is not counted:
    原煤产量 holds no second target), else every target the sheet's name names: (code, word, cell)."""
    if catalog is None:
        return ()
    words = _named_words(catalog)[0]
    for places in (texts, [sheet]):
        found: list[tuple[int, int, int, str, str, str]] = []  # line, start, end, code, word, cell
        for line, (text, cell) in enumerate(places):
            for k, at in _line_words(text, catalog):
                w, code, word = words[k]
                found.append((line, at, at + len(w), code, word, cell))
        kept = [
            f for f in found
            if not any(o[0] == f[0] and o[1] <= f[1] and f[2] <= o[2] and o[2] - o[1] > f[2] - f[1] for o in found)
        ]  # fmt: skip
        codes: dict[str, tuple[str, str, str]] = {}
        for f in sorted(kept, key=lambda f: f[2] - f[1], reverse=True):
            codes.setdefault(f[3], (f[3], f[4], f[5]))
        if codes:
            return tuple(codes.values())
    return ()


def title_indicators(
    table: Table, catalog: Any, sheet: tuple[str, str], grid: list[list[Any]] | None = None
) -> tuple[tuple[str, str, str] | None, tuple[tuple[str, str, str], ...]]:
    """The indicator of every row of a table without an indicator column (its title's, else its sheet
    name's), and, beside a 指标名称/项目 column only, every indicator the title names (that column may hold
    本月 | 累计 or counties: see :func:`bijie_etl.ingest.layouts.normalise`). A table without an indicator
    column under a title naming several gets none, and every one named (it is refused) — also when they
    stand in cells of their own on one line (…各县煤炭产量 | …各县电煤供应量: two tables' titles, see
    :func:`_title_parts`), never the one a joined line happens to leave un-narrowed."""
    if not any(
        (c.role.kind == "identity" and c.role.field in ("indicator_name", "indicator_code"))
        or c.role.indicator
        for c in table.columns
    ):
        named = indicators_named(table.title_cells, catalog, sheet=sheet)
        parts = _title_parts(table, grid)
        if len(named) <= 1 and len(parts) > len(table.title_cells):
            by_cell = indicators_named(parts, catalog, sheet=sheet)
            named = by_cell if len(by_cell) > 1 else named
        if len(named) > 1:  # 各县煤炭产量和发电量 over one figure column: whose figures cannot be told
            return None, named
        return indicator_named(table.title_cells, catalog, sheet=sheet), ()
    if name_column_only(table):
        return None, indicators_named(table.title_cells, catalog, sheet=sheet)
    return None, ()


def _title_parts(table: Table, grid: list[list[Any]] | None) -> list[tuple[str, str]]:
    """Each text cell of the table's title lines on its own (text, cell): a line of several cells may be
    several tables' titles side by side. None when the title is already the table's own (side by side)."""
    if grid is None or table.title_columns is not None:
        return []
    return [
        (v.strip(), f"{column_letter(j)}{r + 1}")
        for r in range(table.title_start, min(table.first_header, len(grid)))
        for j, v in enumerate(grid[r])
        if isinstance(v, str) and v.strip()
    ]


def label_column(
    table: Table,
    grid: list[list[Any]],
    vocab: Vocabulary,
    ctx: TableContext,
    idents: dict[str, Column],
    values: list[Column],
) -> tuple[dict[int, Role | None], str | None]:
    """The 指标名称/项目 column read as counties, months or measures (本月 | 累计 rows) when the indicator is
    named elsewhere; the title's one indicator is then every row's. Such a column under a title naming no
    indicator, or several, cannot be read: why (the table is refused), else None."""
    named = ctx.title_indicators
    col = idents.get("indicator_name")
    own = col is not None and _holds_items(table, grid, vocab, col)
    if own:
        named = ()  # 煤炭产量 (or 洗精煤) over its counties' (or 增速) rows: the column's own items, never the title's
    title = ctx.indicator or (named[0] if len(named) == 1 else None)
    by_columns = any(c.role.indicator for c in values)
    row_measures = tr.sniff_label_column(table, grid, vocab, idents, values, title, ctx.period)
    if (r := _row_month_clash(row_measures, ctx.period)) is not None and ctx.period is not None:
        at = idents.get("measure", col)
        label = grid[r][at.index] if at is not None else ""
        return row_measures, (
            f"第{r + 1}行“{label}”（{at.letter if at else ''}{r + 1}）说的是{row_measures[r].month}月，"  # type: ignore[union-attr]
            f"而{ctx.period_source}写的是{ctx.period.year}年{ctx.period.month}月，无法确定数据属于哪个月"
        )
    if col is None or by_columns:
        return row_measures, None
    if "indicator_name" not in idents:
        ctx.indicator = title
        return row_measures, None
    if own or tr.label_column_holds(table, grid, vocab, idents, values) != "measure":
        return row_measures, None
    why = (
        "标题中有多个指标（" + "、".join(f"“{w}”（{c}）" for _, w, c in named) + "）"
        if named
        else "标题和工作表名中也没有指标名称"
    )
    return row_measures, (
        f"“{col.label}”列（{col.letter}列）填的是本月、累计等数值口径，不是指标名称；{why}，"
        "无法确定这些数值是哪个指标的（请在标题中写明指标名称，或增加“指标名称”列）"
    )


def _holds_items(table: Table, grid: list[list[Any]], vocab: Vocabulary, col: Column) -> bool:
    """A cell of the 指标名称 column ``col`` names an item of its own: a catalog indicator, or anything that is no
    measure (本月, 累计, 增速), county or month (洗精煤 over its 增速 row: a sub-item, never the title's)."""
    for r in range(table.body_start, table.body_end):
        v = grid[r][col.index] if col.index < len(grid[r]) else ""
        if not isinstance(v, str) or not v.strip():
            continue
        if vocab.find_indicator(v):
            return True
        label = vocab.label(v)
        county = vocab.catalog is not None and vocab.catalog.county(v)
        if not (
            label.measures or label.kind == "ignored" or county or vocab.grammar.month_label(header_key(v))
        ):
            return True
    return False


def _row_month_clash(roles: dict[int, Role | None], period: date | None) -> int | None:
    """The first body row whose measure names a month (1-5月累计) other than the table's ``period`` when the
    rows name one month only (see :func:`row_measure_roles`), else None."""
    named = {(ro.year, ro.month) for ro in roles.values() if ro is not None and ro.month is not None}
    if len(named) != 1 or not tr.other_month(next(iter(named)), period):
        return None
    return next(r for r, ro in roles.items() if ro is not None and ro.month is not None)
