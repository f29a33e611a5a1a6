"""Per-department layout overrides: ``sources/layouts/<department>.yaml``.

For the shapes the grammar cannot settle, an analyst states the layout once, without code::

    # sources/layouts/energy.yaml   (file name: department code, Chinese name or inbox folder)
    sheets:
      "月报":                 # a sheet name, or "*" for every sheet
        header_rows: [3, 4]   # 1-based rows of the header block
        columns:              # by column letter
          E: {field: value_ytd}
          F: {field: growth_pct}
          H: {role: ignore}
          G: {field: "@month", month: 6}
        rows:                 # an indicator row's code, by Excel row
          12: coal_output
      "封面": {skip: true}

The override is applied by the reader and shown by ``bijie-etl inspect``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bijie_etl.text import normalize_name

#: libyaml's loader when available (10x faster than the pure-Python one; same results).
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
__all__ = ["LayoutOverrides", "load_overrides"]


@dataclass(frozen=True)
class LayoutOverrides:
    """One department's overrides: sheet name (or ``*``) → what to apply."""

    source: Path
    sheets: dict[str, dict[str, Any]] = field(default_factory=dict)
    departments: frozenset[str] = frozenset()  # other names of the department (inbox folders …)

    def for_sheet(self, name: str) -> dict[str, Any] | None:
        """The override of sheet ``name`` (exact, then normalised, then ``*``), or None."""
        if name in self.sheets:
            return self.sheets[name]
        key = normalize_name(name)
        for sheet, spec in self.sheets.items():
            if normalize_name(sheet) == key:
                return spec
        return self.sheets.get("*")


def _parse(path: Path) -> LayoutOverrides:
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}
    sheets: dict[str, dict[str, Any]] = {}
    for name, spec in (raw.get("sheets") or {}).items():
        spec = dict(spec or {})
        spec["columns"] = {str(k).upper(): dict(v or {}) for k, v in (spec.get("columns") or {}).items()}
        spec["rows"] = {int(k): str(v) for k, v in (spec.get("rows") or {}).items()}
        spec["source"] = str(path)
        sheets[str(name)] = spec
    names = frozenset(normalize_name(str(n)) for n in raw.get("departments", []) or [])
    return LayoutOverrides(path, sheets, names)


@lru_cache(maxsize=64)
def _cached(path: Path, mtime: float) -> LayoutOverrides:
    return _parse(path)


def load_overrides(folder: Path, file_path: Path, catalog: Any = None) -> LayoutOverrides | None:
    """The overrides that apply to ``file_path``: ``folder/<name>.yaml`` where ``name`` is the
    department of one of the file's parent folders (its inbox folder) — as the folder is named, or
    the department's code or Chinese name in ``catalog`` — or a name listed in the yaml's
    ``departments:``. None when there is none (the usual case)."""
    where = os.fspath(folder)  # os calls on the string: pathlib's own calls are per file
    try:
        stamp = os.stat(where).st_mtime_ns
    except OSError:
        return None
    key = (where, os.path.dirname(file_path), stamp, id(catalog))  # the file's folder, without a Path
    source = _FOUND.get(key, folder)  # the folder itself: not searched yet
    if source is folder:
        if len(_FOUND) > 4096:
            _FOUND.clear()
        found = _find(folder, file_path, catalog)
        source = _FOUND[key] = found.source if found is not None else None
    if source is None:
        return None
    try:
        return _cached(source, source.stat().st_mtime)  # an edited file is read again
    except OSError:
        return None


#: (folder, the file's folder, folder mtime, catalog) → the override file that applies: one search per
#: inbox folder, not per file.
_FOUND: dict[tuple[str, str, int, int], Path | None] = {}


def _find(folder: Path, file_path: Path, catalog: Any) -> LayoutOverrides | None:
    if not folder.is_dir():
        return None
    names: list[str] = []
    for parent in list(file_path.parents)[:3]:
        if not parent.name:
            continue
        names.append(parent.name)
        dept = catalog.department(parent.name) if catalog is not None else None
        if dept is not None:
            names.extend([dept.code, dept.name_zh, dept.inbox])
    for name in names:
        candidate = folder / f"{name}.yaml"
        if candidate.is_file():
            return _cached(candidate, candidate.stat().st_mtime)
    keys = {normalize_name(n) for n in names}
    for candidate in _index(folder):
        spec = _cached(candidate, candidate.stat().st_mtime)
        if keys & spec.departments:
            return spec
    return None


def _index(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.is_file())
