"""The reader's configuration read again when its files change, in a process that outlives one read.

The reader keeps what it parses from its configuration — the header words and roles grammar of
``sources/headers.yaml``, the unit registry, the catalog's indicator and county names — and every
answer it derived from them (a header cell's role, a label's indicator …) in memos keyed by path or by
the text they judged. A nightly run is a new process each night, and read workers check their
configuration's bytes before their first file (:mod:`bijie_etl.ingest.warm_start`); but the department
desk and a kept flow server read uploads night after night in one process. Without this, an analyst's
edit to ``headers.yaml`` or the catalog would be seen by validation (which loads them per run) and not
by the reader until a restart: a file read by yesterday's words, checked by today's.

:func:`keep_current` is called before each file is read: at most once a second per settings, it
compares each configuration file's stamp (modification time in ns, size, inode) with the one it saw
last, and when any changed it forgets everything the reader derived (every ``functools`` memo of the
reader's modules and the dict memos registered with :func:`forgotten_on_change`), as a fresh process
starts. An edit is read by the first file read more than a second after it is saved.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from bijie_etl.settings import PACKAGED_CONFIG, Settings

__all__ = ["forget_derived", "forgotten_on_change", "keep_current"]

#: How often (seconds) one settings' files are checked: a few stat calls, not one per file read.
EVERY = 1.0

#: Modules whose memos derive from the configuration (or from text judged with it).
_MODULES = ("bijie_etl.ingest.", "bijie_etl.catalog", "bijie_etl.units", "bijie_etl.text")

_Stamp = tuple[int, int, int] | None
M = TypeVar("M", bound=dict[Any, Any])

#: The type of a ``functools.lru_cache`` / ``functools.cache`` memo.
_MEMO = type(functools.lru_cache(maxsize=1)(len))

_REGISTERED: list[dict[Any, Any]] = []
#: id(settings) → (settings, its configuration files, when they were last checked)
_CHECKED: dict[int, tuple[Settings, tuple[Path, ...], float]] = {}
#: configuration files → their stamps when last checked
_SEEN: dict[tuple[Path, ...], tuple[_Stamp, ...]] = {}


def forgotten_on_change(memo: M) -> M:
    """Register a module-level dict memo whose answers derive from the configuration; returns it."""
    _REGISTERED.append(memo)
    return memo


def keep_current(settings: Settings, *, now: Callable[[], float] = time.monotonic) -> bool:
    """Forget what the reader derived from its configuration when a file of it changed since last seen.

    True when something was forgotten. Checks ``settings``' files at most every :data:`EVERY` seconds.
    """
    at = now()
    hit = _CHECKED.get(id(settings))
    if hit is not None and hit[0] is settings and at - hit[2] < EVERY:
        return False
    files = hit[1] if hit is not None and hit[0] is settings else _files(settings)
    if len(_CHECKED) > 16:
        _CHECKED.clear()
    _CHECKED[id(settings)] = (settings, files, at)
    stamps = tuple(_stamp(f) for f in files)
    before = _SEEN.get(files)
    _SEEN[files] = stamps
    if before is None or before == stamps:
        return False
    forget_derived()
    return True


def forget_derived() -> None:
    """Forget every memo the reader's modules keep (a fresh process's state)."""
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith(_MODULES):
            continue
        for value in list(vars(module).values()):
            if isinstance(value, _MEMO):
                value.cache_clear()
    for memo in _REGISTERED:
        memo.clear()
    _CHECKED.clear()  # every settings' files are stamped again at their next read


def _files(settings: Settings) -> tuple[Path, ...]:
    return (
        settings.sources_dir / "headers.yaml",
        PACKAGED_CONFIG
        / "sources"
        / "headers.yaml",  # header words of every cell (parse_number), scope words
        settings.schemas_dir / "units.yaml",
        settings.catalog_path,
        settings.departments_path,
        settings.sources_dir / "counties.yaml",
        settings.report_path,
    )


def _stamp(path: Path) -> _Stamp:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino
