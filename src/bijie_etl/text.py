"""Text shared by the catalog, the readers, validation and the command line.

Departments type names with full-width letters, stray spaces and both kinds of brackets;
everything that compares names goes through :func:`normalize_name` first. :func:`console` is
where the commands print.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

__all__ = [
    "FOOTNOTE",
    "NUMBERING",
    "OF_WHICH",
    "console",
    "label_core",
    "normalize_name",
    "normalize_text",
    "text_cells",
]

_SPACES = re.compile(r"\s+")

#: Numbering, 其中 and footnote marks departments put around indicator and county labels
#: (ingest/names.py builds indicator-name candidates on them; Catalog.county uses :func:`label_core`).
CN_DIGITS = "一二三四五六七八九十"
NUMBERING = re.compile(
    rf"^\s*(?:"
    rf"[{CN_DIGITS}]+\s*[、.．,，]"  # 一、 二．
    rf"|[(（]\s*(?:[{CN_DIGITS}]+|\d{{1,2}})\s*[)）]\s*[、.．]?"  # （一） (1)
    r"|(?:\d{1,2}|[０-９]{1,2})(?:[.．]\d{1,2})*\s*(?:[、.．)）]|\s)(?!\d)"  # 1． 1. 1、 1) 1.1 (not 1.5万)
    r"|[①-⑳⑴-⒇⒈-⒛❶-❿➀-➉]"  # ① ⑴ ⒈
    r"|第[一二三四五六七八九十\d]+[项条]\s*[:：、]?"
    r")\s*"
)
OF_WHICH = re.compile(r"^\s*(?:其\s*中|内\s*含|含)\s*[:：、,，]?\s*")
#: Footnote marks at the end (or right after the name): * ※ ① ¹ 注1 (注1) [1] △ ▲ #
FOOTNOTE = re.compile(
    r"(?:\s*(?:[*＊※△▲#＃†‡]+|[①-⑳]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|[(（\[［]?\s*注\s*\d*\s*[)）\]］]?|\[\d{1,2}\]|［\d{1,2}］))+\s*$"
)


@lru_cache(maxsize=1 << 12)
def label_core(typed: str) -> str:
    """A label without leading numbering (``1.``, ``（1）``, ``一、``, ``①``), ``其中：`` and trailing footnote
    marks (``*``, ``注1``): ``"其中：金沙县*"`` → ``"金沙县"``. Brackets are KEPT: ``全市（不含百里杜鹃）`` is
    not 全市, so a county label with a qualifier stays unknown rather than silently read as the whole."""
    core = typed.strip()
    for _ in range(3):  # "一、（一）1．" may stack
        stripped = OF_WHICH.sub("", NUMBERING.sub("", core, count=1), count=1)
        if stripped == core:
            break
        core = stripped
    return FOOTNOTE.sub("", core).strip()


@lru_cache(maxsize=1 << 15)  # the same labels, titles and names come in every file: each is worked out once
def normalize_text(value: str) -> str:
    """NFKC (full-width → half-width, ``（）`` → ``()``), trimmed, inner runs of spaces collapsed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", value)).strip()


#: ``normalize_text(v) or None`` per distinct text (None: None) for :func:`text_cells`.
_CELLS: dict[str | None, str | None] = {None: None}


def text_cells(values: list[str | None]) -> list[str | None]:
    """A column of texts and Nones (exactly ``str`` or None) normalised, a blank made None: the names, units
    and codes of a table, read in C loops over a memo (the same texts come in every file of a department)."""
    try:
        return list(map(_CELLS.__getitem__, values))
    except KeyError:  # a text not seen before
        if len(_CELLS) > 1 << 15:
            _CELLS.clear()
            _CELLS[None] = None
        for v in values:
            if v not in _CELLS:
                _CELLS[v] = None if v is None else normalize_text(v) or None
        return list(map(_CELLS.__getitem__, values))


@lru_cache(maxsize=1 << 15)
def normalize_name(value: str) -> str:
    """A comparison key for indicator, unit, county and header names: NFKC, no spaces, lower-case."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", value)).lower()


def console(*, stderr: bool = False) -> Console:
    """A rich console for the commands. Written to a log or a pipe (cron, ``make demo``, Prefect), lines
    are not wrapped at 80 columns: rich would break Chinese text mid-word; a terminal wraps them itself."""
    from rich.console import Console

    made = Console(stderr=stderr)
    made.soft_wrap = not made.is_terminal
    return made
