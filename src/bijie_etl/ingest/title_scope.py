"""A title naming a target's word with a word that narrows it: 各县限上社会消费品零售总额, 火电发电量.

A table without an indicator column takes the indicator its title names (:mod:`title_names`). A catalog word
the title narrows — a word before it that is no period, county or joint (限上, 火电, 规模以上工业), or a note in
brackets after it (（限上）) — names another indicator than the target: it is not taken, and the table's rows,
naming no indicator then, are refused here saying which title word was not taken and why, rather than with
"no indicator" on every row.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import yaml

from bijie_etl.errors import Code, Failure, Severity
from bijie_etl.ingest.county_names import refuse_county_conflict
from bijie_etl.ingest.section_figures import refuse_rows_of_other_figures
from bijie_etl.ingest.table_rows import TableColumns, field_values, has_field, held_rows, no_rows
from bijie_etl.ingest.title_names import narrowed_phrase
from bijie_etl.text import label_core, normalize_name

if TYPE_CHECKING:
    from bijie_etl.ingest.layouts import SheetRows, TableContext
    from bijie_etl.ingest.tables import Table

#: libyaml's loader when available (10x faster than the pure-Python one; same results), as headers.py reads the file.
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

__all__ = ["refuse_narrowed_title", "refuse_scoped_rows", "refuse_section_scoped_rows"]


@dataclass(frozen=True)
class _Scopes:
    """``scope_words``, ``title_scope_words`` and ``whole_words`` of sources/headers.yaml."""

    words: dict[str, tuple[str, ...]]
    title: tuple[str, ...]
    whole: frozenset[str]


@lru_cache(maxsize=1)
def _scopes() -> _Scopes:
    from bijie_etl.settings import PACKAGED_CONFIG

    raw = yaml.load(
        (PACKAGED_CONFIG / "sources" / "headers.yaml").read_text(encoding="utf-8"), Loader=_YAML_LOADER
    )
    return _Scopes(
        words={w: tuple(ws) for w, ws in (raw.get("scope_words") or {}).items()},
        title=tuple(raw.get("title_scope_words") or ()),
        whole=frozenset(normalize_name(w) for w in raw.get("whole_words") or ()),
    )


def refuse_narrowed_title(rows: SheetRows, table: Table, ctx: TableContext, catalog: Any) -> SheetRows:
    """``rows`` without the rows of a table whose title names a target only narrowed (see the module), with one
    error saying so; any other table's rows as they are."""
    # No title line: nothing narrowed (tested before the rows are looked at).
    if (
        ctx.indicator is not None
        or ctx.title_indicators
        or not table.title_cells
        or no_rows(rows)
        or catalog is None
    ):
        return rows
    named = [f for f in ("indicator_name", "indicator_code") if has_field(rows, f)]
    if named and _any_stated(rows, named):
        return rows
    hit = narrowed_phrase(table.title_cells, catalog)
    if hit is None:
        return rows
    phrase, word, cell = hit
    frame = rows.rows
    refused, rows.rows = len(frame), frame.iloc[0:0]
    rows.warnings.append(
        Failure(
            code=Code.UNKNOWN_INDICATOR,
            message_zh=(
                f"标题（{cell}）写的是“{phrase}”，不是目标指标“{word}”本身：前后所加的字可能缩小了统计范围"
                f"（如限额以上、规模以上、火电、户籍人口、夏粮），或说的是{word}的增速、比重、排名等另一种数，"
                f"无法确定数值就是{word}，本表{refused}行未入库；如本表就是{word}的全口径数值，"
                f"请在标题中只写“{word}”后重新报送"
            ),
            file=ctx.file_name,
            sheet=table.sheet,
            cell=cell,
            severity=Severity.ERROR,
            rows_refused=refused,
        )
    )
    return rows


def refuse_scoped_rows(
    rows: SheetRows, table: Table, ctx: TableContext, vocab: Any, grid: list[list[Any]] | None = None
) -> SheetRows:
    """``rows`` without those whose target is the whole when the title narrows the table (毕节市2024年1-6月
    限额以上企业商品零售情况 over 社会消费品零售总额: the enterprises above quota only), each refused naming the
    title's word; a target whose own name says the same scope (规模以上工业增加值) is read."""
    # Without a skipped section row neither section rule below has anything to look at (the usual table).
    sectioned = any(w.code == Code.SECTION_ROW_SKIPPED for w in rows.warnings)
    if sectioned:
        rows = refuse_rows_of_other_figures(rows, table, ctx, vocab)  # 二、上年同期 | 二、目标任务 over rows
    rows = refuse_county_conflict(
        rows, table, ctx, getattr(vocab, "catalog", None)
    )  # 大方县 sheet, 七星关区 title
    catalog = getattr(vocab, "catalog", None)
    if no_rows(rows) or catalog is None or not has_field(rows, "indicator_name"):
        return rows
    spec = _scopes()
    if sectioned:
        rows = refuse_section_scoped_rows(rows, table, ctx, vocab, grid)
    said = next(
        (
            (w, text, cell)
            for text, cell in table.title_cells
            for key in (normalize_name(text),)
            for w in spec.title
            if w in key
        ),
        None,
    )
    if said is None:
        return rows
    word, text, cell = said
    frame = rows.rows
    drop = []
    letter = rows.columns.get("indicator_name", "")
    for i, name in enumerate(frame["indicator_name"].tolist()):
        target = vocab.find_indicator(name) if isinstance(name, str) and name.strip() else None
        if target is None:
            continue
        names = (target.name_zh, *target.aliases, *getattr(target, "level_aliases", ()))
        if any(s in n for n in names for s in spec.words.get(word, (word,))):
            continue
        row = int(frame["row"].iat[i])
        drop.append(i)
        rows.warnings.append(
            Failure(
                code=Code.UNKNOWN_INDICATOR,
                message_zh=(
                    f"标题“{text}”（{cell}）写明“{word}”，本行“{name}”是{word}部分的数值，不是目标指标"
                    f"“{target.name_zh}”的全口径数值，未入库；如本行就是全口径数值，请在标题中去掉“{word}”后重新报送"
                ),
                file=ctx.file_name,
                sheet=table.sheet,
                cell=f"{letter}{row}" if letter else None,
                row_number=row,
                value=name,
                severity=Severity.ERROR,
            )
        )
    if drop:
        rows.rows = frame.drop(index=frame.index[drop])
    return rows


def _any_stated(sheet: SheetRows, names: list[str]) -> bool:
    """``sheet.rows[names].notna().any(axis=None)`` without building frames (a fixed ~0.3 ms a table, a sixth of
    a bench file's read): a column of texts and blanks (None) states something when it holds a text; any other
    column is asked of pandas."""
    held = held_rows(sheet)
    if type(held) is not TableColumns and not held.columns.is_unique:
        return bool(sheet.rows[names].notna().any(axis=None))
    for name in names:
        col = field_values(sheet, name)
        if set(map(type, col)) <= _TEXT_OR_NONE:
            if any(v is not None for v in col):
                return True
        elif sheet.rows[name].notna().any():
            return True
    return False


_TEXT_OR_NONE = frozenset((str, type(None)))


def _section_scope(text: str, spec: _Scopes) -> str | None:
    """The scope word a section row's text says (一、火电, （二）规模以上工业, 其中：国有经济, 全市规模以上工业 → 火电,
    规模以上, 国有), None for a section naming the whole (一、全市, 合计) or a topic (一、工业生产). The word must
    start the section's phrase (after its numbering, 其中, and a word naming the whole city): one found inside
    another word is no scope — 二、农业农村 is the topic 农业农村, not the 农村 part of anything."""
    key = normalize_name(label_core(text))
    if key in spec.whole:
        return None
    city = next((w for w in sorted(spec.whole, key=len, reverse=True) if key.startswith(w)), "")
    key = key[len(city) :]
    return next((w for w in sorted(spec.words, key=len, reverse=True) if key.startswith(w)), None)


def _county_between(grid: list[list[Any]], start: int, end: int, catalog: Any) -> bool:
    """A county's (or the whole city's) section row among the 1-based rows ``start`` < r < ``end``: a row with a
    county name and no figure (一、全市, 二、七星关区) — it ends a narrowing section's scope."""
    for r in range(start, end - 1):
        cells = grid[r] if r < len(grid) else []
        texts = [v for v in cells if isinstance(v, str) and v.strip()]
        if (
            texts
            and all(isinstance(v, str) or v is None for v in cells)
            and any(catalog.county(v) for v in texts)
        ):
            return True
    return False


def refuse_section_scoped_rows(
    rows: SheetRows, table: Table, ctx: TableContext, vocab: Any, grid: list[list[Any]] | None = None
) -> SheetRows:
    """``rows`` without those under a section row narrowing them (一、火电 over 发电量 | 亿千瓦时 | 30.1: the thermal
    plants' generation, not the city's), each refused naming the section; a row whose own name carries the
    section's word (规模以上工业增加值 under 一、规模以上工业) is read. A section's scope runs to the next section
    row (sources/headers.yaml ``scope_words``). Section rows are those the reader skipped (SECTION_ROW_SKIPPED)."""
    spec = _scopes()
    sections = sorted(
        (w.row_number, str(w.value or ""), w.cell or "")
        for w in rows.warnings
        if w.code == Code.SECTION_ROW_SKIPPED and w.sheet == table.sheet and w.row_number is not None
    )
    if not any(_section_scope(text, spec) for _, text, _ in sections):
        return rows  # no section narrows (一、工业生产): no frame built
    frame = rows.rows
    drop: list[int] = []
    for i, (row, name) in enumerate(
        zip(frame["row"].tolist(), frame["indicator_name"].tolist(), strict=True)
    ):
        above = [s for s in sections if s[0] < row]
        if not above:
            continue
        at, text, cell = above[-1]
        word = _section_scope(text, spec)
        if word is None or (grid is not None and _county_between(grid, at, row, vocab.catalog)):
            continue
        target = vocab.find_indicator(name) if isinstance(name, str) and name.strip() else None
        if target is None:
            continue
        names = (target.name_zh, *target.aliases, *getattr(target, "level_aliases", ()), name)
        if any(s in n for n in names for s in spec.words.get(word, (word,))):
            continue
        drop.append(i)
        letter = rows.columns.get("indicator_name", "")
        rows.warnings.append(
            Failure(
                code=Code.UNKNOWN_INDICATOR,
                message_zh=(
                    f"本行“{name}”在分组标题“{text}”（{cell}）之下，是{word}部分的数值，不是目标指标"
                    f"“{target.name_zh}”的全口径数值，未入库；如本行就是全口径数值，请把它移到该分组之外"
                    f"（或在分组标题中写明“全市”“合计”）后重新报送"
                ),
                file=ctx.file_name,
                sheet=table.sheet,
                cell=f"{letter}{row}" if letter else None,
                row_number=int(row),
                value=name,
                severity=Severity.ERROR,
            )
        )
    if drop:
        rows.rows = frame.drop(index=frame.index[drop])
    return rows
