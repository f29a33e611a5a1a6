"""Read a number as its cell's format shows it (issue #14): a careful person reads the sheet.

The section of the format that applies to the value decides (see ``ingest.numfmt``):

- a white figure (``[White]``, ``[Color2]``) is not seen: ``value_format_unreadable``;
- a section that shows nothing (``;;;``) hides a stored figure: ``format_conflict``;
- a negative section with no minus, parentheses, word of a fall or colour (``0.0;0.0``) shows −2.1 as
  2.1: ``format_conflict`` (a red negative section is the convention for a negative: read as stored);
- a section that shifts the digits is read only where what it shows is the stored quantity, said
  in a bigger unit: ``0!.0000"万"`` (152600.0000万 for 1526000000 in a 元 row: 万 is a number word,
  as typed in a cell) or ``0!.0000"万元"`` (152600.0000万元: the unit the format shows, converted
  like a unit typed in the cell). Scaling with no word saying so (``#,##0.0,,`` shows 1,526.0),
  a word that does not match the shift (``0.00,,"万"`` shows 1526.00万 for 152600万), or 万 shown
  in a row already in 万元 are refused (``format_conflict``): stored and shown disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bijie_etl.errors import Code
from bijie_etl.ingest.cells import SCALES
from bijie_etl.ingest.numfmt import applied_section, is_white, negative_shown_positive, shift
from bijie_etl.ingest.styles import format_kind, format_unit
from bijie_etl.vocabulary import fmt_as_typed

__all__ = [
    "Shown",
    "format_conflict_message",
    "message",
    "number_word",
    "number_word_message",
    "read_shown",
    "typed_as_percent",
]

_MAGNITUDES = {"万": 4, "亿": 8}


@dataclass(frozen=True, slots=True)
class Shown:
    """How the format shows one value: ``kind`` as :func:`format_kind` (``"unit"``, ``"percent"`` …)
    for what follows, ``number`` the value to read when the format shifts its digits, ``problem`` a
    refusal's code."""

    kind: str | None
    number: float | None = None
    problem: str | None = None


def read_shown(code: str, value: float, stated: Any, units: Any) -> Shown:
    """What a careful person reads from ``value`` shown by ``code`` in a row or column whose unit is
    ``stated`` (None: not stated)."""
    section = applied_section(code, value)
    if is_white(section):
        return Shown(None, problem=Code.VALUE_FORMAT_UNREADABLE.value)
    if negative_shown_positive(code, value):  # −2.1 shown 2.1: which does the department mean?
        return Shown(None, problem=Code.FORMAT_CONFLICT.value)
    kind = format_kind(section) if section.strip() else "scaled"
    if kind != "scaled":
        return Shown(kind)
    places = shift(section)
    word = format_unit(section) if places else None
    stated_unit = units.get(str(stated)) if stated else None
    if word in _MAGNITUDES and places == _MAGNITUDES[word]:
        # 152600.0000万 in a 元 row: 万 is a number word (as typed), the figure 1526000000 元.
        name = units.canonical(str(stated)) if stated_unit else None
        if name and name[:1] not in _MAGNITUDES:
            return Shown(None, number=value)
        if name and units.says_again(name, 10.0**places):
            # 6.1200万 for 61200 in a 万人 row: 万 says the row's own 万 again (as a typed 6.12万 does), 6.12 万人
            return Shown(None, number=value / 10.0**places)
    unit = units.get(word) if word else None
    if unit is not None:
        stored_in = unit.factor / 10.0**places  # the unit the stored figure is then in (元)
        if (stated_unit is None or units.canonical(str(stated)) == units.canonical(word)) and any(
            u.dimension == unit.dimension and _same(u.factor, stored_in)
            for u in (units.get(n) for n in units.names())
        ):
            return Shown("unit", number=value / 10.0**places)  # 152600.0000万元: read in 万元
        shown_base = value / 10.0**places * unit.factor
        if (
            stated_unit is not None
            and unit.dimension == stated_unit.dimension
            and _same(shown_base, value * stated_unit.factor)
        ):
            return Shown(None, number=value)  # 35.0000亿元 for 350000 in a 万元 row: one quantity
    return Shown(None, problem=Code.FORMAT_CONFLICT.value)


def typed_as_percent(stored: float, *, growth: bool, rate: bool, index: bool = False) -> bool:
    """A percent-formatted figure a person would ask about: a growth of 100 % or more (3.2 shown 320.0%)
    or a ``rate`` (a level in %; a share has its own range rule) over 100 % (城镇化率 46.8 shown
    4680.0%): far more often a percentage typed into a percent cell than a tripling or a rate over 100 %.
    An ``index`` (为上年同期%: 1.082 shown 108.2%) is asked about from 500 % (108.2 shown 10820.0%)."""
    if index:
        return abs(stored) >= 5
    return abs(stored) >= 1 if growth else rate and abs(stored) > 1


def number_word(word: str, fld: str, unit: str, units: Any) -> float | None:
    """The factor of a number word a format shows after the figure (``0.0"万"``: 1.2 shown 1.2万), read
    as the word typed in the cell is: 1.2万 in a 个 or 人 row is 12 000, and in a 万人 row 1.2 万人 (the row's own
    万 said again: factor 1); None (refused) where the row's ``unit`` holds another magnitude (亿千瓦时: 1.2万亿千瓦时?)
    or the field is a growth."""
    target = units.get(unit) if unit else None
    if fld == "growth_pct" or target is None or target.dimension == "percent":
        return None
    if target.factor != 1.0:
        return 1.0 if units.says_again(unit, SCALES[word]) else None
    return SCALES[word]


def number_word_message(label: str, fmt: str, shown: str | None, word: str, unit: str) -> str:
    """Why a figure a format shows with 万 in a row already in 万吨 (or 亿千瓦时) was refused."""
    return (
        f"“{label}”单元格的数字格式“{fmt}”显示为“{shown}{word}”，而计量单位已是“{unit}”，"
        f"无法确定是{shown}{unit}还是{shown}{word}{unit}；请把单元格格式改为“常规”，按“{unit}”只填写数字"
    )


def magnitude_message(label: str, shown: str | None, scale: float, unit: str | None) -> str:
    """Why a figure typed with a number word that is not its unit's own magnitude (1.5万 in a 亿元 row) was refused."""
    word = next((w for w, size in SCALES.items() if size == scale), "万/亿")
    unit = (unit or "").replace("|", "/")  # a two-unit header's units (万吨|万千瓦时) as the header says them
    return (
        f"“{label}”填写的“{shown}”带有“{word}”，而计量单位是“{unit}”，两者的量级不一致"
        f"（{word}不是“{unit}”自身的量级），无法确定本格是多少{unit}；请按“{unit}”只填写数字"
    )


def message(label: str, fmt: str, shown: str | None) -> str:
    """The Chinese message of ``value_format_unreadable``."""
    return (
        f"“{label}”单元格的数字格式“{fmt}”把数值{shown}显示成白色，在表格上看不见，无法确定是否要报送；"
        "请把单元格格式改为“常规”或“数值”、确认数值后重新报送"
    )


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)


def format_conflict_message(fld: str, label: str, shown: str | None, raw: dict[str, Any], unit: str) -> str:
    """Why a number format stopped a value: it hides it, scales it, or shows a percentage it should not."""
    fmt = str(raw.get(f"fmt:{fld}") or "")
    value = raw.get(fld)
    if isinstance(value, int | float) and negative_shown_positive(fmt, float(value)):
        return (
            f"“{label}”单元格的数字格式“{fmt}”把负数显示成不带负号的数（存储的是{shown}，表上显示为"
            f"{fmt_as_typed(abs(float(value)))}），看表的人会读成正数，无法确定是增长还是下降；"
            "请把单元格格式改为“常规”或“数值”，下降的填负数（如“-2.1”）后重新报送"
        )
    if not applied_section(fmt, float(value) if isinstance(value, int | float) else 1.0).strip():
        return (
            f"“{label}”单元格的数字格式“{fmt}”把数值隐藏了（单元格看起来是空的，实际存有{shown}），"
            "无法确定是否要报送；请把单元格格式改为“常规”或“数值”后确认数值"
        )
    if format_kind(fmt) in ("scaled", "shown"):
        section = applied_section(fmt, float(value) if isinstance(value, int | float) else 1.0)
        places, word = shift(section), format_unit(section) or ""
        if isinstance(value, int | float) and places:
            displayed = f"{fmt_as_typed(float(value) / 10.0**places)}{word}"
            why = (
                f"“{word}”是{10 ** _MAGNITUDES[word]}倍"
                if word in _MAGNITUDES
                else "格式中没有写明缩放的单位"
            )
            return (
                f"“{label}”单元格的数字格式“{fmt}”把存储的{shown}缩小{10**places}倍后显示为“{displayed}”，而{why}，"
                "显示的数与存储的数不是同一个数量，无法确定应按哪个数；请把单元格格式改为“常规”或“数值”，按计量单位填写实际数值"
            )
        return (
            f"“{label}”单元格的数字格式“{fmt}”把数值缩放后显示（存储的是{shown}，"
            "显示出来的是另一个数），无法确定应按哪个数；请把单元格格式改为“常规”或“数值”，按计量单位填写实际数值"
        )
    displayed = fmt_as_typed(100 * float(raw.get(fld) or 0))
    if fld == "growth_pct":
        return (
            f"“{label}”单元格设为百分比格式“{fmt}”，存储的是{shown}，显示为{displayed}%：增长{displayed}%少见，"
            f"更可能是在百分比格式的单元格里又填了百分数（应为{shown}%）。无法确定是哪一个；"
            "请把单元格格式改为“常规”后按百分数填写（如增长6.5%填“6.5”）"
        )
    if unit in ("%", "百分比"):
        return (
            f"“{label}”单元格设为百分比格式“{fmt}”，存储的是{shown}，显示为{displayed}%：比率超过100%少见，"
            f"更可能是在百分比格式的单元格里又填了百分数（应为{shown}%）。无法确定是哪一个；"
            "请把单元格格式改为“常规”后按百分数填写（如46.8%填“46.8”）"
        )
    return (
        f"“{label}”单元格设为百分比格式（显示为{displayed}%，实际存储{shown}），"
        f"但该列的计量单位是“{unit}”，不是百分数，无法确定数值；请把单元格格式改为“常规”或“数值”后按计量单位填写"
    )
