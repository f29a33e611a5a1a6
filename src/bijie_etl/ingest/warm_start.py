"""The reader's configuration parsed once by the read workers' server, not again by each run's worker.

A large run reads its files in worker processes forked from a server (:mod:`bijie_etl.ingest.parallel`)
that lasts as long as the run's process (a kept flow server: night after night) and imports the
reader once. Each run's worker then parsed the reader's configuration again on its first file: the
grammar, header words and scope words of ``sources/headers.yaml``, the unit registry and the catalog
(~0.17 CPU-s per run, the same every night). The server imports this module (``parallel.PRELOAD``),
which parses them once for the settings of the server's environment (:func:`load_settings`, as a
night's run builds them), so that every worker is forked with them.

Nothing is read from a stale copy: a worker first checks (:func:`drop_if_changed`, in its initializer)
that each file still holds the bytes that were parsed, and otherwise forgets them all and parses the
files again, as a fresh process does; the catalog is kept by its files' contents already
(:mod:`bijie_etl.catalog.memo`). A run whose settings name other files parses those itself (the memos
are keyed on the paths). Never fails: without it (bad settings, a missing file), the worker parses,
and reports, as before.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from bijie_etl.ingest import reading, title_scope
from bijie_etl.ingest.grammar import load_grammar
from bijie_etl.ingest.headers import _default_spec, load_header_spec
from bijie_etl.settings import PACKAGED_CONFIG, Settings, load_settings

__all__ = ["drop_if_changed", "parse_ahead"]

#: Each file parsed ahead, with a digest of the bytes it held when it was parsed.
_PARSED: dict[Path, bytes | None] = {}


def parse_ahead(settings: Settings) -> bool:
    """Parse the configuration the reader needs for ``settings`` (see the module); True when it is kept."""
    headers, units, _layouts = reading._paths_for(settings)
    files = (headers, PACKAGED_CONFIG / "sources" / "headers.yaml", units)
    _forget()  # what is kept is parsed from the bytes digested here, never an earlier parse
    before = {path: _digest(path) for path in files}
    try:
        load_header_spec(headers)
        load_grammar(headers)
        _default_spec()
        title_scope._scopes()
        reading._unit_registry(units)
        reading._catalog_for_paths(settings)  # kept by content (catalog.memo) …
    except Exception:  # a file the run itself will report on
        _forget()
        return False
    finally:
        reading._catalog.cache_clear()  # … not by path: each worker's first file checks the contents
    if None in before.values() or {path: _digest(path) for path in files} != before:
        _forget()  # changed while it was parsed (or unreadable): the workers parse it themselves
        return False
    _PARSED.update(before)
    return True


def drop_if_changed() -> None:
    """Forget what :func:`parse_ahead` parsed when any of its files changed since (in a worker, before its first file)."""
    if _PARSED and any(_digest(path) != digest for path, digest in _PARSED.items()):
        _forget()


def _forget() -> None:
    _PARSED.clear()
    for memo in (load_header_spec, load_grammar, _default_spec, title_scope._scopes, reading._unit_registry):
        memo.cache_clear()


def _digest(path: Path) -> bytes | None:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
    except OSError:
        return None


def _parse_for_this_environment() -> None:
    try:
        parse_ahead(load_settings())
    except Exception:  # bad settings: each run says so itself
        _forget()


# The workers' server imports this module to have it parsed once (see the module's docstring).
_parse_for_this_environment()
