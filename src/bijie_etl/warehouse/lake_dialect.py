"""The lake's dialect of the migration and view files (see :mod:`bijie_etl.warehouse.lake`).

DuckLake has no sequences, keys, CHECK constraints or indexes: :func:`lake_dialect` rewrites a
file without them, and :func:`id_sequences` says which table column each of the files' sequences
numbers (the lake replaces each by a connection's TEMP sequence, reseeded from that column).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["IdSequence", "id_sequences", "lake_dialect", "strip_comments"]


def strip_comments(sql: str) -> str:
    """Remove ``--`` comments outside string literals (keywords in prose must not be rewritten)."""
    out: list[str] = []
    i, n, quoted = 0, len(sql), False
    while i < n:
        ch = sql[i]
        if ch == "'":
            quoted = not quoted
        elif not quoted and sql.startswith("--", i):
            j = sql.find("\n", i)
            i = n if j < 0 else j
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _drop_checks(sql: str) -> str:
    """Remove every ``CHECK (…)`` clause (balanced parentheses; quotes respected)."""
    out: list[str] = []
    i = 0
    for m in re.finditer(r"\bCHECK\s*\(", sql):
        if m.start() < i:
            continue
        out.append(sql[i : m.start()])
        depth, j, quoted = 0, m.end() - 1, False
        while j < len(sql):
            ch = sql[j]
            if ch == "'":
                quoted = not quoted
            elif not quoted and ch == "(":
                depth += 1
            elif not quoted and ch == ")":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        i = j + 1
    out.append(sql[i:])
    return "".join(out)


def lake_dialect(sql: str) -> str:
    """A migration or view file rewritten for DuckLake (see the module docstring for what changes)."""
    sql = strip_comments(sql)
    views = set(re.findall(r"CREATE\s+(?:OR\s+REPLACE\s+)?VIEW\s+(\w+)", sql, flags=re.I))
    sql = re.sub(r"CREATE\s+SEQUENCE\b[^;]*;", "", sql, flags=re.I)
    sql = re.sub(r"CREATE\s+(?:UNIQUE\s+)?INDEX\b[^;]*;", "", sql, flags=re.I)
    sql = re.sub(r"DROP\s+INDEX\b[^;]*;", "", sql, flags=re.I)  # the lake never had the index
    sql = re.sub(r",\s*(?:PRIMARY\s+KEY|UNIQUE)\s*\([^)]*\)", "", sql, flags=re.I)
    sql = re.sub(r"\s+PRIMARY\s+KEY\b", " NOT NULL", sql, flags=re.I)  # a key column is never NULL
    sql = re.sub(r"\s+UNIQUE\b(?!\s*\()", "", sql, flags=re.I)
    sql = _drop_checks(sql)
    sql = re.sub(r"COMMENT\s+ON\s+MACRO\b[^']*'(?:[^']|'')*'\s*;", "", sql, flags=re.I)
    for view in views:
        sql = re.sub(rf"COMMENT\s+ON\s+COLUMN\s+{view}\.\w+\s+IS\s+'(?:[^']|'')*'\s*;", "", sql, flags=re.I)
    return sql


@dataclass(frozen=True)
class IdSequence:
    """A sequence of the migrations and the table column it numbers."""

    name: str
    table: str
    column: str


def id_sequences(migrations: list[Path]) -> list[IdSequence]:
    """Every sequence of the migration files with the table column it numbers.

    A column ``… DEFAULT nextval('seq_x')`` names its sequence; a sequence no default uses
    (``seq_observation_id``) numbers the PRIMARY KEY column named after it (``observation_id``) of the
    first table, in migration order, keyed by that column.
    """
    names: list[str] = []
    owners: dict[str, tuple[str, str]] = {}
    keys: dict[str, str] = {}
    for path in migrations:
        sql = strip_comments(path.read_text(encoding="utf-8"))
        names += re.findall(r"CREATE\s+SEQUENCE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)", sql, flags=re.I)
        for table, body in re.findall(
            r"CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)\s*\((.*?)\n\);", sql, re.S | re.I
        ):
            for col, seq in re.findall(r"^\s*(\w+)\s+[^\n]*?DEFAULT\s+nextval\('(\w+)'\)", body, re.M | re.I):
                owners.setdefault(seq, (table, col))  # a later rebuild (006: alerts_new) is renamed back
            for col in re.findall(r"^\s*(\w+)\s+\w+[^\n]*\bPRIMARY\s+KEY\b", body, re.M | re.I):
                keys.setdefault(
                    col, table
                )  # the first table keyed by it owns it (file_archive reuses submission_id)
    found = []
    for name in names:
        if name in owners:
            found.append(IdSequence(name, *owners[name]))
        elif name.removeprefix("seq_") in keys:
            col = name.removeprefix("seq_")
            found.append(IdSequence(name, keys[col], col))
    return found
