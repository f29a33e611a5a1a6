"""Units and scale conversion, driven by ``schemas/units.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bijie_etl.text import normalize_name

#: libyaml's loader when available (10x faster than the pure-Python one; same results).
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
__all__ = ["Unit", "UnitRegistry", "load_units"]


@dataclass(frozen=True, slots=True)
class Unit:
    name: str
    dimension: str
    factor: float
    offer: bool = True  # offered in the fill-in template's drop-down (False: only read)


#: Between the units of a header naming two (本月（万吨/万千瓦时）): each row is in the one its indicator's is.
UNIT_CHOICE = "|"
_CHOICE_SPLIT = re.compile(r"\s*(?:/|、|,|，|;|；|或)\s*")
#: Number words that start a unit's name (万吨 = 万 + 吨): what each multiplies by.
_MAGNITUDES = {"万亿": 1e12, "百万": 1e6, "千万": 1e7, "万": 1e4, "亿": 1e8, "千": 1e3}


class UnitRegistry:
    """Look up a unit by any spelling and convert between scales of one dimension."""

    def __init__(self, units: dict[str, Unit], aliases: dict[str, str]) -> None:
        self._units = units
        self._by_key = {normalize_name(name): name for name in units}
        self._by_key.update({normalize_name(alias): name for alias, name in aliases.items()})

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.canonical(name) is not None

    def names(self, *, offered_only: bool = False) -> list[str]:
        """Every unit's catalog spelling (``offered_only``: those the fill-in template offers)."""
        return [n for n, u in self._units.items() if u.offer or not offered_only]

    def canonical(self, name: str) -> str | None:
        """The catalog spelling of ``name`` (``万 吨`` → ``万吨``, ``％`` → ``%``), or None."""
        return self._by_key.get(normalize_name(name))

    def get(self, name: str) -> Unit | None:
        canonical = self.canonical(name)
        return self._units[canonical] if canonical else None

    def agrees(self, stated: str, typed: str) -> bool:
        """A unit typed in a cell agrees with the one stated for its row or column: the same unit,
        or 万/亿 written before it (0.12万个 in a 个 row is 1200个: 万 is a number word there)."""
        if self.canonical(stated) == self.canonical(typed):
            return True
        bare = typed.strip()
        return bare[:1] in ("万", "亿") and self.canonical(bare[1:]) == self.canonical(stated) is not None

    def choice(self, text: str) -> str | None:
        """Two or more units in one header bracket (``万吨/万千瓦时``, ``万吨、亿千瓦时``) as their catalog spellings
        joined by :data:`UNIT_CHOICE`, or None (one unit — ``元/人`` is one —, a percent, or a word not a unit)."""
        if self.canonical(text) is not None:
            return None
        parts = [self.canonical(p) for p in _CHOICE_SPLIT.split(text.strip())]
        if len(parts) < 2 or any(p is None or self._units[p].dimension == "percent" for p in parts):
            return None
        return UNIT_CHOICE.join(dict.fromkeys(p for p in parts if p))

    def says_again(self, unit: str, scale: float) -> bool:
        """A number word's ``scale`` (亿 = 1e8) is ``unit``'s own magnitude said again: 450.2亿 in a 亿元 row is
        450.2 亿元 (亿 + 元), 3500万 in a 万元 column 3500 万元, 61.2万 in a 万人 row 61.2 万人. Not 1.5万 in a 亿元
        row (its magnitude contradicts the unit's), nor 万 for a unit without a magnitude word (吨, 元)."""
        canonical = self.canonical(unit)
        full = self._units.get(canonical) if canonical else None
        if full is None or canonical is None:
            return False
        for word, size in _MAGNITUDES.items():
            rest = self._units.get(canonical[len(word) :]) if canonical.startswith(word) else None
            if size == scale and rest is not None and rest.dimension == full.dimension:
                return rest.factor * size == full.factor
        return False

    def factor(self, from_unit: str, to_unit: str) -> float | None:
        """Multiply a value in ``from_unit`` by this to express it in ``to_unit``; None if incompatible."""
        source, target = self.get(from_unit), self.get(to_unit)
        if source is None or target is None or source.dimension != target.dimension:
            return None
        return source.factor / target.factor


def load_units(path: Path) -> UnitRegistry:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)["units"]
    units: dict[str, Unit] = {}
    aliases: dict[str, str] = {}
    for name, spec in data.items():
        units[str(name)] = Unit(
            str(name), str(spec["dimension"]), float(spec["factor"]), bool(spec.get("offer", True))
        )
        for alias in spec.get("aliases", []) or []:
            aliases[str(alias)] = str(name)
    return UnitRegistry(units, aliases)
