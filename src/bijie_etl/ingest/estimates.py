"""Tables whose title, sheet name or file name says the figures are estimates (2024年1-6月…预计完成情况),
targets (…目标任务分解表, a sheet 计划) or last year's (上年同期能源生产情况, a sheet 上年同期).

A department sometimes sends its forecast before the month's figures are in; stored as the figures, it
would pass for a completed month. The grammar's ``estimate`` words (headers.yaml ``ignored``) in a title
line make every value column of the table not read, unless a column is itself the estimate (…完成情况及
全年预计 over 1-6月累计 | 全年预计: the title names that column, the others are the figures). So do its
``plan`` words (目标任务, 计划) where nothing says the figures are done (…目标完成情况, 计划执行情况 are
actual figures), and a title or sheet name starting with last year (上年同期…, 去年…).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from bijie_etl.ingest.grammar import _IGNORED_ZH
from bijie_etl.ingest.headers import header_key
from bijie_etl.ingest.section_figures import other_figures
from bijie_etl.ingest.tables import Column, Table, Vocabulary

__all__ = ["estimated_title"]

#: The estimate words, then per text: whether it says an estimate, whether it says 完成 before one.
_Said = tuple[tuple[str, ...], dict[str, bool], dict[str, bool]]


def estimated_title(table: Table, vocab: Vocabulary, values: list[Column], file_name: str = "") -> tuple[list[Column], list[tuple[Column, str]]]:  # fmt: skip
    """Under a title saying its figures are estimates (…预计完成情况: ``estimate`` words), no value column is
    read (a forecast is no figure), unless a column is the estimate itself (…完成情况及全年预计). A sheet
    named so (6月（预计）) or a file named so (能源局2024年6月预计数.xlsx) says it of every table in it."""
    words = _words(vocab.grammar)
    # What each title, sheet and file name says, worked out once (kept with the vocabulary).
    kept: _Said | None = vocab.__dict__.get("_estimate_texts")
    if kept is None or kept[0] is not words or len(kept[1]) + len(kept[2]) > 8192:
        kept = vocab.__dict__["_estimate_texts"] = (words, {}, {})
    _, estimate, actual = kept
    stem = file_name.rsplit(".", 1)[0]
    names = [(table.sheet, f"工作表名“{table.sheet}”"), (stem, f"文件名“{file_name}”")]
    for t, _ in names:
        if t not in actual:
            actual[t] = _actual_first(t, words)
    named = [*table.title_cells, *((t, c) for t, c in names if not actual[t])]
    said_any = _any_of(words)
    for t, _ in named:
        if t not in estimate:
            estimate[t] = bool(t) and said_any(header_key(t)) is not None and not _LEGEND.search(t)
    said = next(((t, c) for t, c in named if estimate[t]), None)
    if said is None:
        return _planned_or_prior(table, vocab, values, named)
    if any(c.role.reason == _IGNORED_ZH["estimate"] for c in table.columns):
        return values, []
    where = said[1] if said[1].startswith(("工作表名", "文件名")) else f"标题（{said[1]}）"
    return [], [(c, f"{where}写明是预计数，{_IGNORED_ZH['estimate']}（请报送实际完成数）") for c in values]


#: Words saying a title's figures are done, not planned (…目标完成情况, 计划执行情况, 目标任务进展).
_ACTUAL = ("完成", "执行", "实际", "进展", "进度", "落实")
#: A title or sheet name starting with last year (after the city's name): 上年同期能源生产情况, 去年1-6月….
_PRIOR_START = re.compile(r"^(?:毕节市|全市)?(?:上年|去年)")


_PLAN_ZH = "计划（目标）数"
#: A note in brackets ending a title or sheet name (normalised): 2024年1-6月能源生产情况(上年同期), (计划).
_END_NOTE = re.compile(r"\(([^()]+)\)$")
#: A plan table by its name: …计划表, …目标表, …任务表, …任务分解(表).
_PLAN_TABLE = re.compile(r"(?:计划|目标|任务)(?:分解)?表$|分解表?$")
#: A sheet or title named for a year's 同期 (2023年同期): that year's figures, beside this year's.
_YEAR_SAME = re.compile(r"^20\d{2}年?同期")


def _what_named(key: str, plan: tuple[str, ...], vocab: Vocabulary) -> str | None:
    """What figures a title, sheet or file name ``key`` (normalised) says the table holds, when not this
    period's actual ones: a note in brackets at its end read as a section row's words are (（上年同期）, （计划）),
    a plan word or table (a sheet 计划, …目标任务分解表, …计划表; not …目标完成情况 nor 目标监测), last year."""
    note = _END_NOTE.search(key)
    said = other_figures(note.group(1), vocab) if note else None
    if said and said != "增速":  # （与上年同期比较）: a comparison, not the figures' kind
        return said
    if key in plan or _PLAN_TABLE.search(key):
        return _PLAN_ZH
    if _long_words(plan)(key) and not _any_of(_ACTUAL)(key):
        return _PLAN_ZH
    if _PRIOR_START.match(key) or _YEAR_SAME.match(key):
        return "上年的数"
    return None


def _planned_or_prior(
    table: Table, vocab: Vocabulary, values: list[Column], named: list[tuple[str, str]]
) -> tuple[list[Column], list[tuple[Column, str]]]:
    """No value column read under a title (sheet or file name) saying the figures are targets or last year's."""
    kept = vocab.__dict__  # the plan words, and what each text names, kept with the vocabulary
    plan = kept.get("_plan_words")
    if plan is None:
        plan = kept["_plan_words"] = tuple(w for w, why in vocab.grammar.ignored.items() if why == "plan")
    seen: dict[str, str | None] = kept.setdefault("_figures_named", {})
    if len(seen) > 4096:
        seen.clear()
    for text, cell in named:
        key = header_key(text or "")
        if key not in seen:
            seen[key] = _what_named(key, plan, vocab)
        what = seen[key]
        if what is None:
            continue
        if what == _PLAN_ZH and any(c.role.reason == _IGNORED_ZH["plan"] for c in table.columns):
            return values, []  # …及全年目标 over 1-6月累计 | 全年目标: the target is a column of its own
        where = cell if cell.startswith(("工作表名", "文件名")) else f"标题（{cell}）"
        return [], [
            (c, f"{where}写明是{what}，不是本期实际完成数，未读取（请报送实际完成数）") for c in values
        ]
    return values, []


def _actual_first(name: str, words: tuple[str, ...]) -> bool:
    """A sheet or file name saying 完成 / 实际 before its estimate word (6月完成情况及全年预计): the forecast is
    one part of what it holds, not all of it (…预计完成情况 is a forecast through and through)."""
    key = header_key(name)
    found = _any_of(words)(key)  # the leftmost of the words
    first = found.start() if found is not None else -1
    return first > 0 and any(0 <= key.find(w) < first for w in ("完成", "实际"))


@lru_cache(maxsize=64)
def _any_of(words: tuple[str, ...]) -> Callable[[str], re.Match[str] | None]:
    """A search for the leftmost of ``words`` in a text (one C-level pass, not one per word); for no words,
    one that finds nothing."""
    if not words:
        return _finds_nothing
    return re.compile("|".join(map(re.escape, words))).search


def _finds_nothing(text: str) -> None:
    return None


@lru_cache(maxsize=64)
def _long_words(plan: tuple[str, ...]) -> Callable[[str], re.Match[str] | None]:
    """:func:`_any_of` the plan words of three characters or more (目标任务; not 计划 alone)."""
    return _any_of(tuple(w for w in plan if len(w) >= 3))


#: A line explaining a mark (带△的为预估数, *为预计数: ingest/marks.py): only the marked figures are estimates.
_LEGEND = re.compile("[*#△▲☆★※]")
_WORDS: dict[int, tuple[Any, tuple[str, ...]]] = {}


def _words(grammar: Any) -> tuple[str, ...]:
    """The grammar's ``estimate`` words, worked out once per grammar (every table asks)."""
    hit = _WORDS.get(id(grammar))
    if hit is None or hit[0] is not grammar:
        hit = _WORDS[id(grammar)] = (
            grammar,
            tuple(w for w, why in grammar.ignored.items() if why == "estimate"),
        )
    return hit[1]
