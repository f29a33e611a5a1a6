"""Indicator names as departments type them: numbering, 其中, a city scope word, footnote marks and brackets set aside.

A table lists ``一、工业``, ``（一）煤炭``, ``1．原煤产量``, ``其中：规上工业增加值增速*``,
``①新增5G基站``, ``原煤产量（万吨）``, ``固定资产投资（不含农户）``. The catalog knows
``原煤产量`` or ``5G基站``: :func:`name_candidates` gives the texts to try, most literal first, so
a name that is in the catalog as typed is never changed, and :func:`name_unit` the unit a bracket
states. A leading word that only restates the city (``全市煤炭产量``, ``毕节市地区生产总值增速``,
``我市``, ``本市``: :data:`CITY_SCOPE_WORDS`) is set aside last, after every other candidate, so a
catalog name or alias that starts with 全市 (``全市外贸进出口总额增长``) matches as typed. A county
(``七星关区煤炭产量``) is never set aside: that row is not the city's. Work is done on the text as typed (before NFKC turns ① into 1), and messages keep quoting
the cell as typed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from bijie_etl.text import FOOTNOTE as _FOOTNOTE
from bijie_etl.text import NUMBERING as _NUMBERING
from bijie_etl.text import OF_WHICH as _OF_WHICH
from bijie_etl.text import label_core

__all__ = [
    "CITY_SCOPE_WORDS",
    "NEUTRAL_NAME_NOTES",
    "find_target",
    "name_candidates",
    "name_qualifier",
    "name_unit",
    "qualified_name_message",
]

#: Leading words that only say "the whole city" (not 市级/市本级, which are the city's own level).
CITY_SCOPE_WORDS: tuple[str, ...] = ("毕节市", "全市", "我市", "本市")

_CITY_SCOPE = re.compile(rf"^(?:(?:{'|'.join(CITY_SCOPE_WORDS)})\s*){{1,2}}[:：、,，]?\s*")
#: Notes in a name's brackets that leave what the row counts as it is: at what prices (现价, 可比价), how
#: final the figure is (快报, 初步核算), the statistics' usual coverage (全口径; 不含农户 is how 固定资产投资 is
#: defined). Any other note (限上, 户籍, 夏粮, 规模以上, 不含露天矿) may narrow the row to another indicator.
NEUTRAL_NAME_NOTES: frozenset[str] = frozenset(
    {
        "现价",
        "当年价",
        "当年价格",
        "按当年价格计算",
        "可比价",
        "按可比价",
        "按可比价计算",
        "按可比价格计算",
        "不变价",
    }
    | {"快报", "快报数", "初步核算", "初步核算数", "初步统计", "核实数", "正式数", "修正后", "调整后"}
    | {"全口径", "全市", "毕节市", "不含农户", "不含农户投资", "注", "注1", "注2"}
)
_UNIT_LIST = re.compile(r"[、,，/;；]")
#: A note that only says the figure is cumulative (（累计）, （本年累计）): what the columns say already; set
#: aside. Not a period (（1-5月）, （2023年）, （当月）): it may contradict the table's, so it stays a note and the
#: row is refused with it.
_PERIOD_NOTE = re.compile(r"(?:本年|自年初|年初至今|年初以来)?累计(?:数|值)?")
_BRACKET = re.compile(r"\s*[(（\[［【]([^()（）\[\]［］【】]*)[)）\]］】]\s*")


@lru_cache(maxsize=1 << 12)
def name_candidates(typed: str) -> tuple[str, ...]:
    """Texts to look up for an indicator name cell, most literal first (duplicates removed).

    ``"1．原煤产量（万吨）*"`` → ``("1．原煤产量（万吨）*", "原煤产量（万吨）", "原煤产量")``;
    ``"全市煤炭产量（万吨）"`` → ``(…, "全市煤炭产量", "煤炭产量（万吨）", "煤炭产量")``.
    """
    out: list[str] = [typed.strip()]
    core = typed.strip()
    for _ in range(3):  # "一、（一）1．" may stack
        stripped = _NUMBERING.sub("", core, count=1)
        stripped = _OF_WHICH.sub("", stripped, count=1)
        if stripped == core:
            break
        core = stripped
    core = _FOOTNOTE.sub("", core).strip()
    if core:
        out.extend(_core_and_bare(core))
        unscoped = _CITY_SCOPE.sub("", core, count=1)
        if unscoped != core and unscoped:
            out.extend(_core_and_bare(unscoped))
    return tuple(dict.fromkeys(c for c in out if c))


def _core_and_bare(core: str) -> tuple[str, str]:
    """``core`` and ``core`` without brackets (and marks left before them)."""
    bare = _BRACKET.sub("", core).strip()
    return core, _FOOTNOTE.sub("", bare).strip()


@lru_cache(maxsize=1 << 12)
def name_brackets(typed: str) -> tuple[str, ...]:
    """The bracketed parts of a name (``（万吨）``, ``（不含农户）``), in order."""
    return tuple(m.strip() for m in _BRACKET.findall(typed) if m.strip())


def name_unit(typed: str, units: object) -> str | None:
    """A unit stated in the name's brackets (``原煤产量（万吨）`` → ``万吨``) that ``units`` knows, else None."""
    canonical = getattr(units, "canonical", None)
    if canonical is None:
        return None
    for part in name_brackets(typed):
        text = re.sub(r"^(?:计量)?单位\s*[:：]?\s*", "", part)
        if canonical(text) is not None:
            return text
    return None


def name_qualifier(typed: str, catalog: Any) -> str | None:
    """The first note in a name's brackets that may narrow what the row counts (``社会消费品零售总额（限上）``
    → ``限上``, ``城镇化率（户籍）`` → ``户籍``), or None. Set aside (None) are brackets stating units
    (``（万吨）``, ``（亿元、%）``), the neutral notes of :data:`NEUTRAL_NAME_NOTES`, and another name of the
    same target (``地区生产总值（GDP）``)."""
    core = label_core(typed)  # （一） numbering is no note
    brackets = name_brackets(core)
    if not brackets:
        return None
    units = getattr(catalog, "units", None)
    canonical = getattr(units, "canonical", None)
    find = getattr(catalog, "find", None)
    bare = _FOOTNOTE.sub("", _BRACKET.sub("", core)).strip()
    for part in brackets:
        text = re.sub(r"^(?:计量)?单位\s*[:：]?\s*", "", part).strip()
        if (
            text in NEUTRAL_NAME_NOTES
            or _FOOTNOTE.fullmatch(text)
            or _PERIOD_NOTE.fullmatch(text)
            or not text
        ):
            continue
        words = [w.strip() for w in _UNIT_LIST.split(text) if w.strip()]
        if canonical is not None and words and all(canonical(w) is not None for w in words):
            continue
        if find is not None and (same := find(text)) is not None and same is find(bare):
            continue
        return part
    return None


def find_target(catalog: Any, typed: str) -> Any:
    """The catalog target an indicator name cell names (:func:`name_candidates`, most literal first), or None.

    A name whose brackets say what it covers (:func:`name_qualifier`: 社会消费品零售总额（限上）, the
    enterprises above quota only) is another indicator than the catalog's: it matches only as typed, or
    with the note read into the name (``地区生产总值（增速）`` → 地区生产总值增速), never by dropping the note."""
    find = catalog.find
    candidates = name_candidates(typed)
    qualifier = name_qualifier(typed, catalog)
    if qualifier is not None:
        kept = tuple(c for c in candidates if _BRACKET.search(c))
        bare = _BRACKET.sub("", label_core(typed)).strip()
        candidates = (*kept, bare + qualifier)
    for candidate in candidates:
        found = find(candidate)
        if found is not None:
            return found
    return None


def qualified_name_message(catalog: Any, typed: str) -> str | None:
    """Why a name found no target when the catalog's name is in it with a note saying what it covers
    (:func:`name_qualifier`), in Chinese; None for any other unknown name."""
    qualifier = name_qualifier(typed, catalog)
    if qualifier is None:
        return None
    bare = _FOOTNOTE.sub("", _BRACKET.sub("", label_core(typed))).strip()
    target = catalog.find(bare)
    if target is None:
        return None
    name = bare
    return (
        f"指标名称“{typed}”括号中注明“{qualifier}”，统计范围可能与目标“{name}”不同（如限额以上、"
        f"规模以上、户籍人口、夏粮、不含某县或某类），无法确定是同一口径，未入库；如该行就是{name}的全口径数值，"
        f"请去掉括号中的说明后重新报送"
    )
