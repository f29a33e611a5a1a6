"""New warehouses made by copying the first one a process built from the same files.

A new warehouse is migrated (every ``migrations/*.sql``, every ``views/*.sql``, a checkpoint) in about
0.3 CPU-s. A process that makes many (a backfill benchmark's repeats, the test suite) keeps the bytes of
the first, keyed by the engine's version and the migration and view files' names and texts, and writes
them for the next (:meth:`~bijie_etl.warehouse.store.Warehouse.migrate`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

__all__ = ["keep", "key", "made"]

_MADE: dict[str, bytes] = {}


def key(sql_dir: Path, migrations: list[Path]) -> str:
    """What a new warehouse is built from: the engine's version, the migrations and the view files."""
    digest = hashlib.blake2b(duckdb.__version__.encode(), digest_size=16)
    for path in [*migrations, *sorted((sql_dir / "views").glob("*.sql"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def made(key: str) -> bytes | None:
    """The bytes of the new warehouse built from ``key``'s files before in this process, if any."""
    return _MADE.get(key)


def keep(key: str, data: bytes) -> None:
    """Remember a new warehouse just built and checkpointed (one layout at a time)."""
    _MADE.clear()
    _MADE[key] = data
