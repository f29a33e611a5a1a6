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

from bijie_etl.text import FOOTNOTE as _FOOTNOTE
from bijie_etl.text import NUMBERING as _NUMBERING
from bijie_etl.text import OF_WHICH as _OF_WHICH

__all__ = ["CITY_SCOPE_WORDS", "name_candidates", "name_unit"]

#: Leading words that only say "the whole city" (not 市级/市本级, which are the city's own level).
CITY_SCOPE_WORDS: tuple[str, ...] = ("毕节市", "全市", "我市", "本市")

_CITY_SCOPE = re.compile(rf"^(?:(?:{'|'.join(CITY_SCOPE_WORDS)})\s*){{1,2}}[:：、,，]?\s*")
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
