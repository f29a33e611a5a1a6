"""Parsed catalogs kept by the contents of the files they were read from.

A night asks for each year's catalog at its start, in the preflight and in the reader; a kept
process (desk, served flows) asks again every run. The files are read and digested each time
(about a millisecond), so an edit is always seen; only the YAML parsing and checks are skipped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["parsed_once", "per_catalog"]

_Key = tuple[tuple[str, bytes], ...]

#: Parsed catalogs by the paths and contents (digest) of every file they were read from.
_PARSED: dict[_Key, Any] = {}


def parsed_once(paths: tuple[Path | None, ...], parse: Callable[[], Any]) -> Any:
    """``parse()``, or what it gave for these paths when every file still holds the same bytes."""
    key = _contents_key(paths)
    if key is not None and key in _PARSED:
        return _PARSED[key]
    parsed = parse()  # raises for a bad catalog: nothing is kept
    if key is not None:
        if len(_PARSED) >= 16:
            _PARSED.clear()
        _PARSED[key] = parsed
    return parsed


def _contents_key(paths: tuple[Path | None, ...]) -> _Key | None:
    """Each path with a digest of its bytes (``None`` when a file cannot be read: the parse says why)."""
    key = []
    for path in paths:
        if path is None:
            key.append(("", b""))
            continue
        try:
            key.append((str(path), hashlib.blake2b(Path(path).read_bytes(), digest_size=16).digest()))
        except OSError:
            return None
    return tuple(key)


def per_catalog(store: dict[int, tuple[Any, dict[Any, Any]]], catalog: Any) -> dict[Any, Any]:
    """The memo ``store`` keeps for ``catalog`` (a new, empty one the first time): keyed on the catalog
    object held, not only its ``id`` (a catalog made later may reuse a freed one's id); at most 8 kept."""
    hit = store.get(id(catalog))
    if hit is None or hit[0] is not catalog:
        if len(store) >= 8:
            store.clear()
        hit = store[id(catalog)] = (catalog, {})
    return hit[1]
