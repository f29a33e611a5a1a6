"""The previous year's catalog in a new year's draft: which proposal continues which target (issue #17).

A recurring indicator is matched by name or alias, or by the same sentence with other numbers in
it (the clause with its numbers masked, at the same position), within one unit dimension; the best
pairs are taken first. A matched proposal keeps the code, names, department, aliases, kind,
frequency and pace of last year's entry; a target without a number whose clause recurs word for
word is carried as it is.
"""

from __future__ import annotations

import math
import re
from typing import Any

from bijie_etl.catalog.draft import Proposal, _numbers
from bijie_etl.catalog.model import Catalog, Target
from bijie_etl.text import normalize_name
from bijie_etl.units import UnitRegistry

__all__ = ["carried_without_number", "carry_previous"]


def _mask(text: str) -> str:
    return re.sub(r"\d+(?:\.\d+)?", "#", normalize_name(text))


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def _dice(a: str, b: str) -> float:
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def _ordinal(clause: str, value: float | None) -> int | None:
    if value is None:
        return None
    for i, n in enumerate(_numbers(normalize_name(clause))):
        if math.isclose(n.value, value):
            return i
    return None


def _common_tail(a: str, b: str) -> int:
    k = 0
    while k < min(len(a), len(b)) and a[-1 - k] == b[-1 - k]:
        k += 1
    return k


def _same_synonyms(name: str, raw: dict[str, Any]) -> str:
    for word, same in (raw.get("name_synonyms") or {}).items():
        name = name.replace(normalize_name(str(word)), normalize_name(str(same)))
    return name


def _other_qualifier(name: str, names: list[str], raw: dict[str, Any]) -> bool:
    """工业固定资产投资 is not 固定资产投资, 出口总额 not 进出口总额, 研发经费支出占GDP比重 not 物流费用占GDP比重:
    two names that share their head (the end of a Chinese name) but differ in what qualifies it name
    different indicators, unless the difference is a word that qualifies nothing (全社会, 区属 …)."""
    neutral = {normalize_name(str(w)) for w in raw.get("neutral_name_prefixes") or []}
    name = _same_synonyms(name, raw)
    for other in (_same_synonyms(n, raw) for n in names):
        k = _common_tail(name, other)
        if k < 2:
            continue
        a, b = name[: len(name) - k], other[: len(other) - k]
        if not a or not b:
            if (a or b) in neutral or not (a or b):
                return False
            continue
        if _dice(a, b) >= 0.5 or (a in neutral and b in neutral):
            return False
    return any(_common_tail(name, _same_synonyms(n, raw)) >= 2 for n in names)


def _match_score(
    p: Proposal, t: Target, units: UnitRegistry, ordinal: int | None, raw: dict[str, Any] | None = None
) -> float:
    new_unit, old_unit = units.get(str(p.fields["unit"])), units.get(t.unit)
    if new_unit is None or old_unit is None or new_unit.dimension != old_unit.dimension:
        return 0.0
    name = normalize_name(str(p.fields["name_zh"]))
    names = [normalize_name(n) for n in (t.name_zh, *t.aliases)]
    score = max(_dice(name, n) for n in names)
    if name in names:
        score = 1.0
    clause = normalize_name(str(p.fields["clause"]))
    if _mask(clause) == _mask(t.clause) and ordinal == _ordinal(t.clause, t.target):
        score = max(score, 0.97)
    elif any(len(n) >= 4 and n in clause for n in names):
        score = max(score, 0.75)
    if score < 0.97 and raw is not None and name not in names and _other_qualifier(name, names, raw):
        return 0.0
    score = 0.8 * score + 0.2 * _dice(_mask(clause), _mask(t.clause)) if score < 0.97 else score
    if str(p.fields["kind"]) == t.kind.value:
        score += 0.03
    return score


def carry_previous(
    proposals: list[Proposal],
    previous: Catalog,
    units: UnitRegistry,
    threshold: float,
    raw: dict[str, Any] | None = None,
) -> list[Target]:
    """Match proposals to the previous catalog (greedy, best pairs first); return what was dropped."""
    numeric = [t for t in previous.targets if t.target is not None]
    pairs = []
    for i, p in enumerate(proposals):
        clause_numbers = _numbers(normalize_name(str(p.fields["clause"])))
        ordinal = next(
            (k for k, n in enumerate(clause_numbers) if math.isclose(n.value, p.fields["target"])), None
        )
        for j, t in enumerate(numeric):
            s = _match_score(p, t, units, ordinal, raw)
            if s >= threshold:
                pairs.append((s, i, j))
    pairs.sort(key=lambda x: -x[0])
    used_p, used_t = set(), set()
    for s, i, j in pairs:
        if i in used_p or j in used_t:
            continue
        used_p.add(i)
        used_t.add(j)
        p, t = proposals[i], numeric[j]
        p.previous, p.match_score = t, s
        keep: dict[str, Any] = {
            "code": t.code,
            "name_zh": t.name_zh,
            "name_en": t.name_en,
            "aliases": list(t.aliases),
            "department": t.department,
            "frequency": t.frequency.value,
            "kind": t.kind.value,
            "pace": t.pace.value,
        }
        if t.profile:
            keep["profile"] = list(t.profile)
        if t.thresholds:
            keep["thresholds"] = dict(t.thresholds)
        drafted_name = str(p.fields["name_zh"])
        p.fields.update(keep)
        if normalize_name(drafted_name) not in {normalize_name(n) for n in (t.name_zh, *t.aliases)}:
            p.review.append(f"与上年“{t.name_zh}”（{t.code}）对应，匹配度 {s:.2f}")
        p.confidence = max(p.confidence, min(0.99, s))
        p.review = [r for r in p.review if not r.startswith("新指标")]
        if p.changes:
            p.review.append("与上年相比有变化：" + "；".join(p.changes))
    return [t for j, t in enumerate(numeric) if j not in used_t]


def carried_without_number(
    previous: Catalog,
    report_text: str,
    lines: list[tuple[str, int]],
    first: int,
    end: int,
    proposals: list[Proposal],
) -> list[Proposal]:
    """Previous targets without a number whose clause the new report repeats word for word."""
    part = "".join(t for t, _ in lines[first:end])
    base = lines[first][1]
    out = []
    for t in previous.targets:
        if t.target is not None:
            continue
        pos = part.find(normalize_name(t.clause))
        if pos < 0:
            continue
        fields = t.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
        fields.pop("baseline", None)
        fields.pop("baseline_source", None)
        fields.pop("profile_source", None)
        fields["aliases"] = list(t.aliases)
        p = Proposal(
            fields, base + pos, 0.95, ["无数字的目标：条文与上年相同，沿用"], previous=t, match_score=1.0
        )
        out.append(p)
    return out
