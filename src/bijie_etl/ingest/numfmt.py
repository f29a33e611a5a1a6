"""What a number format shows for one value (issue #14): the section that applies, its colour, and
how far it shifts the digits.

A format has up to four sections (positive; negative; zero; text), and a section may carry a
condition (``[<1000]0.0;0.0,"千"``): the one that applies to the value decides what is shown. A
section may colour the figure (``[White]``, ``[Color2]`` — white in Excel's palette): a white figure
is not seen. Scaling commas after the last digit (``#,##0.0,,`` shows 1526000000 as 1,526.0) and a
literal point between digits (``0!.0000"万"`` shows 1526000000 as 152600.0000万) shift the digits
by a power of ten: :func:`shift` says by how many places.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "applied_section",
    "hides_sign",
    "is_general",
    "is_white",
    "matters",
    "negative_shown_positive",
    "shift",
]

_TOKEN = re.compile(r'"([^"]*)"|[\\!](.)|_.|\*.|(\[[^\]]*\])|([0#?])|(.)', re.DOTALL)
_CONDITION = re.compile(r"\[(<=|>=|<>|<|>|=)\s*(-?\d+(?:\.\d+)?)\]")
_WHITE = re.compile(r"\[(?:white|color\s*2|白色)\]", re.IGNORECASE)
#: Excel's General in a Chinese Excel or WPS (``[DBNum1][$-804]G/通用格式`` shows 三千五百五十).
GENERAL_WORDS = ("G/通用格式", "通用格式", "General", "general")


@lru_cache(maxsize=1024)
def _sections(code: str) -> tuple[str, ...]:
    """The format's sections, split at unquoted semicolons."""
    out: list[str] = []
    start = 0
    for m in _TOKEN.finditer(code):
        if m[5] == ";":
            out.append(code[start : m.start()])
            start = m.end()
    out.append(code[start:])
    return tuple(out)


def _holds(condition: re.Match[str], value: float) -> bool:
    op, bound = condition[1], float(condition[2])
    return {
        "<": value < bound,
        "<=": value <= bound,
        ">": value > bound,
        ">=": value >= bound,
        "=": value == bound,
        "<>": value != bound,
    }[op]


def applied_section(code: str, value: float) -> str:
    """The section of ``code`` Excel uses to show ``value`` (a number)."""
    sections = _sections(code)[:3]
    conditions = [_CONDITION.search(s) for s in sections]
    if any(conditions[:2]):
        for section, condition in zip(sections[:2], conditions[:2], strict=False):
            if condition is not None and _holds(condition, value):
                return section
        return sections[2] if len(sections) > 2 else sections[-1]
    if len(sections) == 1 or value > 0:
        return sections[0]
    if value < 0:
        return sections[1]
    return sections[2] if len(sections) > 2 else sections[0]


def is_white(section: str) -> bool:
    """The section paints the figure white (``[White]``, ``[Color2]``): on a sheet it is not seen."""
    return bool(_WHITE.search(section))


def is_general(section: str) -> bool:
    """The section is General once brackets are set aside (``[DBNum1][$-804]G/通用格式``)."""
    bare = re.sub(r"\[[^\]]*\]", "", section).strip()
    return bare in GENERAL_WORDS or bare == ""


@lru_cache(maxsize=1024)
def shift(section: str) -> int:
    """Decimal places the section moves the digits to the left: 3 per scaling comma after the last
    digit placeholder, plus the digit placeholders after a literal point (``0!.0000`` → 4)."""
    tokens = [
        (m[1] is not None or m[2] is not None, m[4] is not None, m[0]) for m in _TOKEN.finditer(section)
    ]
    places = 0
    for k, (literal, _digit, text) in enumerate(tokens):
        before = any(d for _, d, _ in tokens[:k])
        after = [d for _, d, _ in tokens[k + 1 :]]
        if literal and "." in text and before and any(after):
            places += sum(after)  # 0!.0000: the digits after a literal point
        if text == "," and not literal and before and not any(after):
            places += 3
    return places


#: What shows a negative on a sheet: a minus, accounting parentheses, a word or arrow of a fall, or a
#: colour (red is the convention; [Black] is no cue).
_NEGATIVE_CUES = ("-", "(", "−", "－", "▼", "▽", "↓", "负", "下降", "减", "降")
_COLOUR = re.compile(r"\[(?!(?:black|黑色)\])(?:[a-z]+|color\s*\d+|[^\]]*色\d*)\]", re.IGNORECASE)


@lru_cache(maxsize=1024)
def hides_sign(section: str) -> bool:
    """The negative section shows a negative figure as a positive one: digits with no minus, no
    parentheses, no word or arrow of a fall and no colour (``0.0;0.0`` shows −2.1 as 2.1)."""
    if not any(m[4] for m in _TOKEN.finditer(section)):
        return False  # no digits shown at all (;;; hides the figure: another rule)
    shown = "".join(m[1] or m[2] or m[5] or "" for m in _TOKEN.finditer(section))  # literals as shown
    return not any(cue in shown for cue in _NEGATIVE_CUES) and not _COLOUR.search(section)


@lru_cache(maxsize=1024)
def matters(code: str) -> bool:
    """What ``code`` shows depends on the value in a way the reader must see: a white section, a
    condition, a section that shifts the digits, or a negative section that hides the sign."""
    sections = _sections(code)
    plain = len(sections) > 1 and not any(_CONDITION.search(s) for s in sections[:2])
    if plain and (hides_sign(sections[1]) or not sections[1].strip()):  # −2.1 shown 2.1, or not shown
        return True
    return any(is_white(s) or _CONDITION.search(s) or shift(s) for s in sections)


def negative_shown_positive(code: str, value: float) -> bool:
    """``value`` is negative and ``code``'s negative section shows it as a positive figure (``0.0;0.0``)."""
    sections = _sections(code)
    return (
        value < 0
        and len(sections) > 1
        and not any(_CONDITION.search(s) for s in sections[:2])
        and hides_sign(sections[1])
    )
