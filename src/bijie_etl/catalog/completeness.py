"""Does the catalog account for every number of the report's part 二?

The report states its 2024 targets as arabic numbers followed by a unit (``7300万吨``, ``6%``,
``1至2个``). :func:`scan_numbers` finds every such mention in part 二; :func:`uncovered_numbers`
returns those that neither a catalog entry (its target or stretch value, inside its clause) nor
an exclusion (``schemas/exclusions_<year>.yaml``: ages, voltages, document numbers, dates …)
accounts for. A number the report adds and nobody catalogued or excluded shows up there.

All matching is done on :func:`~bijie_etl.text.normalize_name` text (NFKC, no spaces), the same
key the catalog loader uses to check clauses.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from bijie_etl.catalog.model import Catalog, Target
from bijie_etl.errors import CatalogError
from bijie_etl.text import normalize_name
from bijie_etl.units import UnitRegistry

__all__ = [
    "PART_TWO_HEADING",
    "Exclusion",
    "NumberMention",
    "load_exclusions",
    "part_two",
    "scan_numbers",
    "uncovered_numbers",
    "unmatched_targets",
    "unused_exclusions",
]

#: The line that opens part 二 (the 2024 targets); part 一 before it reviews 2023.
PART_TWO_HEADING = "二、2024年主要目标和重点任务"

#: Units a number may carry in the report, longest first so ``万千瓦`` wins over ``千瓦``.
#: Besides the catalog's units it lists those only exclusions use (ages, voltages, dates …).
_UNIT_WORDS = """
% ‰ 个百分点 百分点 亿千瓦时 万千瓦时 千瓦时 亿度 万度 万千瓦 千瓦 千伏 伏 亿立方米 万立方米 立方米 万平方米 平方米
平方公里 公顷 公里 米 亿吨 万吨 吨 万亿斤 亿斤 万亩 亩 万担 担 万亿元 亿元 万元 元/月 元 亿人次 万人次 人次 万人 万名 名 人
万户 户 万个 个 家 所 万张 张 处 万套 套 条 场 次 项 座 周年 周岁 岁 年 届 号 分钟 小时 天 日 月 批
倍
"""
SCAN_UNITS: tuple[str, ...] = tuple(sorted(set(_UNIT_WORDS.split()), key=len, reverse=True))

_NUMBER = r"(?<![0-9.a-z])\d+(?:\.\d+)?"
_RANGE = re.compile(
    rf"(?P<first>{_NUMBER})(?:(?P<sep>至|到|-|—|~)(?P<second>\d+(?:\.\d+)?))?"
    rf"(?P<unit>{'|'.join(re.escape(u) for u in SCAN_UNITS)})"
)


@dataclass(frozen=True, slots=True)
class NumberMention:
    """One number followed by a unit, found in the (normalised) report text."""

    value: float
    unit: str
    start: int  # offset of the number in the normalised text
    end: int  # offset just after the number
    unit_end: int  # offset just after the unit that closes the mention
    text: str  # the mention as written, e.g. "1至2个" for each number of that range
    context: str  # a few characters either side, for messages

    def __str__(self) -> str:
        return f"{self.text} (…{self.context}…)"


@dataclass(frozen=True, slots=True)
class Exclusion:
    """A number of part 二 that is deliberately not a target, and why."""

    text: str
    reason: str

    @property
    def key(self) -> str:
        return normalize_name(self.text)


def part_two(report_text: str, year: int | None = None) -> str:
    """The normalised text of the year's part, from its heading to the end of the report.

    Without ``year`` the heading is :data:`PART_TWO_HEADING` (2024); with it, the first top-level
    heading naming that year and its 目标 or 任务 (``二、2025年主要目标和重点任务``).
    """
    text = normalize_name(report_text)
    if year is None:
        start = text.find(normalize_name(PART_TWO_HEADING))
        wanted = PART_TWO_HEADING
    else:
        m = re.search(rf"[一二三四五六七八九十]+、{year}年[^。,;]{{0,30}}?(目标|任务)", text)
        start = m.start() if m else -1
        wanted = f"二、{year}年主要目标和重点任务"
    if start < 0:
        raise ValueError(f"the report has no line like {wanted!r}")
    return text[start:]


def scan_numbers(text: str) -> list[NumberMention]:
    """Every arabic number followed by a unit in ``text`` (already normalised); both ends of a range."""
    mentions: list[NumberMention] = []
    for m in _RANGE.finditer(text):
        whole = m.group(0)
        context = text[max(0, m.start() - 12) : m.end() + 8]
        for name in ("first", "second"):
            if m.group(name) is None:
                continue
            mentions.append(
                NumberMention(
                    value=float(m.group(name)),
                    unit=m.group("unit"),
                    start=m.start(name),
                    end=m.end(name),
                    unit_end=m.end(),
                    text=whole,
                    context=context,
                )
            )
    return mentions


def _year_of(catalog: Catalog | Iterable[Target]) -> int | None:
    """The catalog's year (its part of the report), or None for a bare list of targets (the 2024 heading)."""
    return catalog.year if isinstance(catalog, Catalog) else None


def load_exclusions(path: Path) -> list[Exclusion]:
    """Read ``schemas/exclusions_<year>.yaml`` (``exclusions: [{text, reason}]``)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = raw.get("exclusions") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        raise CatalogError(f"{path.name} must have an 'exclusions' list")
    out = []
    for i, item in enumerate(items):
        if (
            not isinstance(item, dict)
            or not str(item.get("text") or "").strip()
            or not str(item.get("reason") or "").strip()
        ):
            raise CatalogError("each exclusion needs a text and a reason", entry=f"#{i}", field="reason")
        out.append(Exclusion(str(item["text"]), str(item["reason"])))
    return out


def _spans(haystack: str, needle: str) -> list[tuple[int, int]]:
    spans, i = [], haystack.find(needle)
    while needle and i >= 0:
        spans.append((i, i + len(needle)))
        i = haystack.find(needle, i + 1)
    return spans


def _within(mention: NumberMention, spans: list[tuple[int, int]]) -> bool:
    # The unit must lie inside the span too: "7300万吨" is covered only by a clause holding "万吨".
    return any(a <= mention.start and mention.unit_end <= b for a, b in spans)


def _same_unit(mention: NumberMention, target: Target, units: UnitRegistry | None) -> bool:
    if units is None:
        return True
    found, wanted = units.canonical(mention.unit), units.canonical(target.unit)
    return found is None or wanted is None or found == wanted


def _covers(target: Target, mention: NumberMention, text: str, units: UnitRegistry | None) -> bool:
    values = [v for v in (target.target, target.stretch) if v is not None]
    if not any(math.isclose(mention.value, v, rel_tol=1e-9, abs_tol=1e-9) for v in values):
        return False
    return _same_unit(mention, target, units) and _within(
        mention, _spans(text, normalize_name(target.clause))
    )


def uncovered_numbers(
    report_text: str,
    catalog: Catalog | Iterable[Target],
    exclusions: Iterable[Exclusion],
) -> list[NumberMention]:
    """The numbers of part 二 that no catalog entry and no exclusion accounts for, in text order.

    A mention is covered by a target when its value is the target's ``target`` or ``stretch``, its
    unit is the target's unit (when ``catalog`` is a :class:`Catalog` and knows both units) and it
    lies inside an occurrence of the target's clause. It is excluded when it lies inside an
    occurrence of an exclusion's text.
    """
    text = part_two(report_text, _year_of(catalog))
    units = catalog.units if isinstance(catalog, Catalog) else None
    targets = list(catalog)
    excluded = [span for e in exclusions for span in _spans(text, e.key)]
    return [
        m
        for m in scan_numbers(text)
        if not any(a <= m.start and m.end <= b for a, b in excluded)
        and not any(_covers(t, m, text, units) for t in targets)
    ]


def unused_exclusions(
    report_text: str, exclusions: Iterable[Exclusion], year: int | None = None
) -> list[Exclusion]:
    """Exclusions whose text no longer occurs in part 二 or holds no number with a unit (stale entries)."""
    text = part_two(report_text, year)
    mentions = scan_numbers(text)
    stale = []
    for e in exclusions:
        spans = _spans(text, e.key)
        if not any(a <= m.start and m.end <= b for m in mentions for a, b in spans):
            stale.append(e)
    return stale


def unmatched_targets(report_text: str, catalog: Catalog | Iterable[Target]) -> list[tuple[Target, float]]:
    """The (target, value) pairs whose target or stretch value is not a number of part 二 inside its clause.

    The converse of :func:`uncovered_numbers`: a catalog entry whose figure the report does not
    state where the entry says it does (a typo such as 7030 for 7300, or the wrong unit).
    """
    text = part_two(report_text, _year_of(catalog))
    units = catalog.units if isinstance(catalog, Catalog) else None
    mentions = scan_numbers(text)
    missing = []
    for t in catalog:
        for value in (t.target, t.stretch):
            if value is None:
                continue
            probe = t.model_copy(update={"target": value, "stretch": None})
            if not any(_covers(probe, m, text, units) for m in mentions):
                missing.append((t, value))
    return missing
