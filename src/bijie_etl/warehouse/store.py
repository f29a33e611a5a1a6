"""The DuckDB warehouse: numbered migrations, atomic idempotent loads, history and lineage.

One process writes (the nightly job, through :class:`Warehouse`); analysts read a published
copy (see :mod:`bijie_etl.warehouse.analytics`). Loading rules, in one place:

* **One transaction per file.** The submitted_files row, its observations, the supersede
  updates, the confirmations and the failures are written together or not at all.
* **Idempotent.** A file whose sha256 is already recorded (whatever its status) is a no-op
  returning a ``duplicate`` :class:`LoadResult`. A rejected file re-sent unchanged therefore
  stays rejected; the department must send a corrected file (which has a new sha256).
* **History.** A key is (indicator_code, period, county). A value that differs from the
  current one inserts a new version and marks the old one ``superseded_at`` / ``superseded_by``
  (set-based SQL, never row by row). An identical value (same value, value_month, value_ytd,
  value_ytd_prior, growth_pct, unit) creates no version: the current row keeps the file that
  first reported it, and an ``observation_confirmations`` row records which later file, sheet
  and cell repeated it, and when.
* Files are applied in the order they are loaded, so the department's latest file wins, except
  that a growth cell refused alone keeps the growth the version before it gave for the same
  figures (:mod:`bijie_etl.warehouse.kept_growth`).

All timestamps are Beijing wall-clock time stored as ``TIMESTAMP`` (no time zone).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from bijie_etl.errors import BijieError
from bijie_etl.ingest.submission import FAILURE_COLUMNS, Submission, SubmissionStatus
from bijie_etl.settings import TZ
from bijie_etl.warehouse import new_files
from bijie_etl.warehouse.checkpoint import ClosingCheckpoint
from bijie_etl.warehouse.incoming import (
    DuplicateKey,
    Summary,
    batch_observations,
    files_table,
    plan_versions,
    previous_rows,
    text_objects,
)
from bijie_etl.warehouse.kept_growth import keep_earlier_growth

if TYPE_CHECKING:
    from bijie_etl.catalog import Catalog
    from bijie_etl.validate.history import KeyedHistory

__all__ = [
    "DuplicateObservation",
    "LoadResult",
    "MigrationFailed",
    "Warehouse",
    "WarehouseError",
    "insert_with_ids",
    "latest_explanations",
    "transaction_of",
]

#: The key that identifies one observation across versions.
OBSERVATION_KEY = ("indicator_code", "period", "county")
#: Fields compared to decide whether a resubmitted row changes the current value.
VALUE_FIELDS = ("value", "value_month", "value_ytd", "value_ytd_prior", "growth_pct", "unit")

#: The write-ahead log a run's batches may leave before DuckDB checkpoints (:meth:`Warehouse.checkpoint_at_end`).
RUN_CHECKPOINT_THRESHOLD = "64 MiB"
#: Not tried by a run's checkpoints: FSST's analysis of every text segment was half of a 5,000-file
#: run's checkpoint (0.21 -> 0.12 CPU-s) for 5 % of the file (most text takes dictionary compression).
RUN_DISABLED_COMPRESSION = "fsst"

FAILURE_SCHEMA = pa.schema(
    [(name, pa.int64() if name == "row_number" else pa.string()) for name in FAILURE_COLUMNS]
)


class WarehouseError(BijieError):
    """Base of the warehouse's own errors."""


class MigrationFailed(WarehouseError):
    """A migration or view file failed; nothing of that file was applied."""

    def __init__(self, file_name: str, cause: Exception) -> None:
        self.file_name = file_name
        super().__init__(f"{file_name}: {cause}")


class DuplicateObservation(WarehouseError):
    """One file holds the same (indicator, period, county) twice: validation should have rejected it."""


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What loading one submission did."""

    file_name: str
    sha256: str
    status: SubmissionStatus  # DUPLICATE when the sha256 was already recorded
    submission_id: int | None  # the existing id for a duplicate; None when the load failed
    rows_new: int = 0  # first value for its key
    rows_changed: int = 0  # superseded a different earlier value
    rows_unchanged: int = 0  # repeated the current value (confirmation only)
    rows_rejected: int = 0
    warnings: int = 0
    error: str | None = None  # the load itself failed (nothing written; retried next run)
    elapsed_ms: float = 0.0

    @property
    def is_duplicate(self) -> bool:
        return self.status is SubmissionStatus.DUPLICATE

    @property
    def rows_loaded(self) -> int:
        return self.rows_new + self.rows_changed + self.rows_unchanged


def _now() -> datetime:
    """Beijing wall-clock time without tzinfo (the warehouse's TIMESTAMP convention)."""
    return datetime.now(TZ).replace(tzinfo=None)


@contextmanager
def _registered(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> Iterator[None]:
    """Expose an Arrow table to SQL as ``name`` for the block."""
    con.register(name, table)
    try:
        yield
    finally:
        with suppress(duckdb.Error):  # an aborted transaction refuses; the next register() replaces it
            con.unregister(name)


def _migration_files(folder: Path) -> list[Path]:
    files = [p for p in folder.glob("[0-9]*_*.sql") if p.stem.split("_", 1)[0].isdigit()]
    return sorted(files, key=lambda p: (int(p.stem.split("_", 1)[0]), p.name))


def _same_snapshot(con: duckdb.DuckDBPyConnection, table: str, data: pa.Table, year: int) -> bool:
    """True when ``table`` (this year's rows, for the targets) holds exactly ``data``'s rows, ``synced_at`` aside.

    Rows are compared as a multiset of their Python values (``repr``: floats exactly, NULLs as
    ``None``); a difference of any value, a type conversion or a row count makes the sync write
    as before. (A few hundred rows: in Python this is ~1 ms, DuckDB's EXCEPT ALL over list
    columns took ~80 ms.)
    """
    columns = [name for name in data.column_names if name != "synced_at"]
    where, params = (" WHERE year = ?", [year]) if table == "catalog_targets" else ("", [])
    stored = con.execute(f"SELECT {', '.join(columns)} FROM {table}{where}", params).fetchall()
    given = zip(*(data.column(name).to_pylist() for name in columns), strict=True)
    return len(stored) == data.num_rows and Counter(map(repr, stored)) == Counter(map(repr, given))


def _views_stamp(views: list[tuple[str, str]]) -> str:
    """A digest of the view files (names and texts, in order): what the views were made from."""
    digest = hashlib.blake2b(digest_size=16)
    for name, sql in views:
        digest.update(name.encode() + b"\0" + sql.encode() + b"\0")
    return "views-" + digest.hexdigest()


# The set-based statements of a load. "incoming" is the batch's observations (one Arrow
# table, every file's rows with its file_idx, submission id "sid", "file_name" and "key_id", one
# integer per (indicator_code, period, county): windows partition by it, sorting an integer
# rather than three columns); $now is bound per batch. A batch of one file is the single-file load.
_KEY_JOIN = "{a}.indicator_code = {b}.indicator_code AND {a}.period = {b}.period AND {a}.county = {b}.county"


def _same_values(a: str, b: str) -> str:
    return " AND ".join(f"{a}.{f} IS NOT DISTINCT FROM {b}.{f}" for f in VALUE_FIELDS)


# 1. Classify every incoming row against the version before it: the previous row of the same
#    key in the batch (an earlier file; its values are "prev_<field>" columns of "incoming", taken
#    by incoming.previous_rows), or else the warehouse's current row. A row is a new version when
#    there is no predecessor or its values differ; otherwise it only confirms. What follows from
#    that (ids, which version supersedes which, what each confirmation confirms, the counts) is
#    worked out in numpy (incoming.plan_versions) and written by 2.-4. straight from "incoming".
_CLASSIFY = f"""
SELECT i.pos, c.observation_id AS cur_id,
       CASE WHEN NOT i.has_prev THEN c.observation_id IS NULL OR NOT ({_same_values("i", "c")})
            ELSE NOT ({" AND ".join(f"i.{f} IS NOT DISTINCT FROM i.prev_{f}" for f in VALUE_FIELDS)})
       END AS is_version
FROM incoming AS i LEFT JOIN (
    SELECT o.observation_id, o.indicator_code, o.period, o.county, {", ".join(f"o.{f}" for f in VALUE_FIELDS)}
    FROM observations AS o WHERE o.superseded_at IS NULL
) AS c ON {_KEY_JOIN.format(a="i", b="c")}
"""

# 2. Insert the new versions; a version followed by another in the same batch is born superseded.
_INSERT_VERSIONS = """
INSERT INTO observations (observation_id, submission_id, indicator_code, period, county, value,
                          value_month, value_ytd, value_ytd_prior, growth_pct, unit, unit_reported,
                          unit_factor, note, source_file, sheet, row_number, cell, cells, loaded_at,
                          superseded_at, superseded_by{provenance})
SELECT new_id, sid, indicator_code, period, county, value, value_month, value_ytd,
       value_ytd_prior, growth_pct, unit, unit_reported, unit_factor, note, file_name,
       sheet, row_number, cell, cells, $now, CASE WHEN next_id IS NOT NULL THEN $now END,
       next_id{provenance}
FROM incoming WHERE is_version
"""

# 3. Supersede the warehouse's current rows by the batch's first new version of their key.
_SUPERSEDE = """
UPDATE observations AS o
SET superseded_at = $now, superseded_by = v.new_id
FROM superseding AS v
WHERE o.observation_id = v.cur_id
"""

# 4. Unchanged rows: record which file confirmed which (current at the time) version.
_CONFIRM = """
INSERT INTO observation_confirmations
SELECT confirms, sid, file_name, sheet, row_number, cell, $now
FROM incoming WHERE NOT is_version
"""

_INSERT_FILES = """
INSERT INTO submitted_files
SELECT sid, run_id, path, file_name, sha256, size_bytes, department, received_at, $now, status,
       rows_read, rows_loaded, rows_rejected, warnings, rows_new, rows_changed, rows_unchanged, error
FROM incoming_files
"""

_INSERT_FAILURES = """
INSERT INTO failures (submission_id, run_id, code, severity, message_zh, file, sheet, cell,
                      row_number, value, indicator_code, recorded_at)
SELECT sid, $run_id, code, severity, message_zh, file, sheet, cell, row_number, value, indicator_code, $now
FROM incoming_failures
"""


def _wal_of(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


class Warehouse:
    """The writable warehouse database; one writer at a time.

    Use as a context manager::

        with Warehouse(settings.database_path, settings.sql_dir) as wh:
            wh.migrate()
            run_id = wh.start_run(as_of, "nightly")
            wh.load_submissions(submissions, run_id)
            wh.finish_run(run_id, "succeeded", {...})
            wh.publish(settings.analytics_path)
    """

    _closing: ClosingCheckpoint | None = None  # the closing checkpoint still running (checkpoint_at_end)

    def __init__(self, path: Path, sql_dir: Path) -> None:
        self.path = Path(path)
        self.sql_dir = Path(sql_dir)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con: duckdb.DuckDBPyConnection = duckdb.connect(str(self.path))
        self._provenance: str | None = None

    # Lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        try:
            self.checkpointed()
        finally:
            self.con.close()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """BEGIN … COMMIT around the block; ROLLBACK (and re-raise) on any exception."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._begun()
            yield self.con
        except BaseException:
            self._rollback()
            raise
        try:
            self.con.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        self._committed()

    def _begun(self) -> None:
        """Work every transaction does first, inside it (the lake reseeds ids and touches its lease)."""

    def _committed(self) -> None:
        """Work after every commit (the lake notes whether its id sequences still cover the tables)."""

    def _rollback(self) -> None:
        with suppress(duckdb.TransactionException):  # DuckDB may have ended the failed transaction
            self.con.execute("ROLLBACK")

    # Schema ------------------------------------------------------------------------------
    def _provenance_columns(self) -> str:
        """``", reading, guard"`` once migration 004 has added them (a database migrated only to an
        earlier version, as in an upgrade test, loads without them)."""
        if self._provenance is None:
            found = self.con.execute(
                "SELECT count(*) FROM duckdb_columns() WHERE table_name = 'observations'"
                " AND column_name IN ('reading', 'guard')"
            ).fetchone()
            self._provenance = ", reading, guard" if found and found[0] == 2 else ""
        return self._provenance

    def migrate(self) -> list[str]:
        """Apply pending ``migrations/NNN_*.sql`` (each in its own transaction), then re-create the views.

        Returns the versions (file stems) applied by this call. Views are re-created from
        ``views/*.sql`` in file-name order, so a view may use any view of a smaller file name.
        A new warehouse is built beside its path and moved into place once checkpointed, and an
        existing one that needs DDL is upgraded in a copy the same way, so a kill during start-up
        never leaves a write-ahead log of DDL (see below).
        """
        if self._is_new_file():
            return self._migrate_beside(upgrade=False)
        if self._needs_ddl():
            return self._migrate_beside(upgrade=True)
        return self._migrate_here()

    def _needs_ddl(self) -> bool:
        """True when :meth:`_migrate_here` would write DDL: a pending migration or changed views."""
        where, params = self._own()
        has_log = self.con.execute(
            f"SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_migrations' AND {where}", params
        ).fetchone()
        if not has_log or not has_log[0]:
            return True
        done = {row[0] for row in self.con.execute("SELECT version FROM schema_migrations").fetchall()}
        if any(path.stem not in done for path in _migration_files(self.sql_dir / "migrations")):
            return True
        return self._views_stamp() != _views_stamp(self._view_sources())

    def _is_new_file(self) -> bool:
        """True when this connection created the file just now: no table, no view, no WAL."""
        row = self.con.execute(
            "SELECT (SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database())"
            " + (SELECT count(*) FROM duckdb_views() WHERE NOT internal AND database_name = current_database())"
        ).fetchone()
        return row is not None and row[0] == 0 and not _wal_of(self.path).exists()

    def _migrate_beside(self, *, upgrade: bool) -> list[str]:
        """Migrate in ``<name>.building`` (a copy of the file to ``upgrade``, else a new file), then rename it over the path.

        A kill between DDL and its checkpoint would leave a write-ahead log of DDL that DuckDB 1.5.5
        cannot replay (an ``ALTER TABLE … ADD COLUMN``, views, ``DEFAULT nextval``: "GetDefaultDatabase
        with no default database set"), and no later run could open the warehouse. Built beside
        the path, a kill leaves the path as it was (and a stray ``.building`` file the next migration
        replaces). An upgrade costs one copy of the file, only when the code brings a new migration
        or new views.
        """
        build = self.path.with_name(self.path.name + ".building")
        if upgrade:
            self.con.execute("CHECKPOINT")  # fold any row changes of a crashed run into the file first
        self.con.close()
        for leftover in (build, _wal_of(build)):
            leftover.unlink(missing_ok=True)
        key = None if upgrade else new_files.key(self.sql_dir, _migration_files(self.sql_dir / "migrations"))
        if upgrade:
            shutil.copyfile(self.path, build)
        else:
            self.path.unlink(missing_ok=True)
            made = new_files.made(key or "")
            if made is not None:  # built before by this process from the same files: the same bytes
                build.write_bytes(made)
                build.replace(self.path)
                self.con = duckdb.connect(str(self.path))
                return [path.stem for path in _migration_files(self.sql_dir / "migrations")]
        self.con = duckdb.connect(str(build))
        applied: list[str] | None = None
        try:
            applied = self._migrate_here()
            return applied
        finally:  # a failed migration keeps what the earlier ones did, as on the path itself
            self.con.close()  # a clean close checkpoints: nothing is left in the WAL
            if key is not None and applied is not None and not _wal_of(build).exists():
                new_files.keep(key, build.read_bytes())
            build.replace(self.path)
            self.con = duckdb.connect(str(self.path))

    def _migrate_here(self) -> list[str]:
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version VARCHAR PRIMARY KEY, checksum VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
        )
        done = {row[0] for row in self.con.execute("SELECT version FROM schema_migrations").fetchall()}
        applied: list[str] = []
        for path in _migration_files(self.sql_dir / "migrations"):
            if path.stem in done:
                continue
            sql = path.read_text(encoding="utf-8")
            try:
                with self.transaction() as con:
                    if sql.strip():
                        con.execute(sql)
                    con.execute(
                        "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                        [path.stem, hashlib.sha256(sql.encode()).hexdigest(), _now()],
                    )
            except duckdb.Error as exc:
                raise MigrationFailed(path.name, exc) from exc
            applied.append(path.stem)
        self._provenance = None
        if not applied and self._views_stamp() == _views_stamp(self._view_sources()):
            return applied  # nothing to do: no DDL this time, so no checkpoint either
        self._create_views()
        # Fold the DDL above into the database file now, so a write-ahead log left by a crash
        # (kill -9 mid-load) holds only row changes. DuckDB 1.5.5 cannot replay some DDL (views,
        # DEFAULT nextval) from the WAL ("GetDefaultDatabase with no default database set",
        # duckdb issues 19712/22044) and would refuse to open the warehouse at all.
        self.con.execute("CHECKPOINT")
        return applied

    def _view_sources(self) -> list[tuple[str, str]]:
        """Each ``views/*.sql`` file's name and text, in file-name order."""
        return [
            (path.name, path.read_text(encoding="utf-8"))
            for path in sorted((self.sql_dir / "views").glob("*.sql"))
        ]

    def _create_views(self) -> None:
        """Re-create the views (and macros) of ``views/*.sql``; remember which files they were made from.

        The stamp (a digest of the files' names and texts) is kept as the comment of
        ``schema_migrations``: :meth:`migrate` re-creates the views only when a migration was
        applied or the files changed, so a quiet night writes no DDL (and checkpoints nothing).
        """
        views = self._view_sources()
        with self.transaction() as con:
            for name, sql in views:
                if not sql.strip():
                    continue
                try:
                    con.execute(sql)
                except duckdb.Error as exc:
                    raise MigrationFailed(name, exc) from exc
            con.execute(f"COMMENT ON TABLE schema_migrations IS '{_views_stamp(views)}:{self._view_count()}'")

    def _own(self) -> tuple[str, list[Any]]:
        """The condition (and its parameters) on duckdb_tables()/duckdb_views() that selects this warehouse's own objects."""
        return "database_name = current_database() AND schema_name = 'main'", []

    def _view_count(self) -> int:
        where, params = self._own()
        found = self.con.execute(
            f"SELECT count(*) FROM duckdb_views() WHERE NOT internal AND {where}", params
        ).fetchall()
        return int(found[0][0]) if found else 0

    def _views_stamp(self) -> str | None:
        """The stamp of the view files the views were made from (``None``: unknown, or a view is gone since)."""
        where, params = self._own()
        found = self.con.execute(
            f"SELECT comment FROM duckdb_tables() WHERE table_name = 'schema_migrations' AND {where}", params
        ).fetchall()
        comment = str(found[0][0]) if found and found[0][0] else ""
        stamp, _, count = comment.rpartition(":")
        if not stamp or not count.isdigit() or int(count) != self._view_count():
            return None
        return stamp

    def applied_migrations(self) -> list[str]:
        """Versions recorded in schema_migrations, in order."""
        return [
            r[0]
            for r in self.con.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
        ]

    # Catalog -----------------------------------------------------------------------------
    def sync_catalog(self, catalog: Catalog) -> None:
        """Replace the snapshot of ``catalog.year``'s targets, and the departments and counties, in one transaction.

        Other years' targets stay (years side by side). Baselines carried from the warehouse
        (:func:`bijie_etl.catalog.years.carry_over`) are stored with their source.
        """
        now = _now()
        targets = pa.Table.from_pylist(
            [
                {
                    "code": t.code,
                    "year": catalog.year,
                    "name_zh": t.name_zh,
                    "name_en": t.name_en,
                    "aliases": list(t.aliases),
                    "section": t.section,
                    "clause": t.clause,
                    "department": t.department,
                    "unit": t.unit,
                    "target": t.target,
                    "stretch": t.stretch,
                    "comparator": t.comparator.value,
                    "direction": t.direction.value,
                    "kind": t.kind.value,
                    "pace": t.pace.value,
                    "frequency": t.frequency.value,
                    "value_field": t.value_field,
                    "baseline": t.baseline,
                    "baseline_source": t.baseline_source,
                    "profile": list(t.profile) if t.profile is not None else None,
                    "thresholds": json.dumps(t.thresholds) if t.thresholds is not None else None,
                    "notes": t.notes,
                    "synced_at": now,
                }
                for t in catalog.targets
            ],
            schema=pa.schema(
                [
                    ("code", pa.string()),
                    ("year", pa.int32()),
                    ("name_zh", pa.string()),
                    ("name_en", pa.string()),
                    ("aliases", pa.list_(pa.string())),
                    ("section", pa.string()),
                    ("clause", pa.string()),
                    ("department", pa.string()),
                    ("unit", pa.string()),
                    ("target", pa.float64()),
                    ("stretch", pa.float64()),
                    ("comparator", pa.string()),
                    ("direction", pa.string()),
                    ("kind", pa.string()),
                    ("pace", pa.string()),
                    ("frequency", pa.string()),
                    ("value_field", pa.string()),
                    ("baseline", pa.float64()),
                    ("baseline_source", pa.string()),
                    ("profile", pa.list_(pa.float64())),
                    ("thresholds", pa.string()),
                    ("notes", pa.string()),
                    ("synced_at", pa.timestamp("us")),
                ]
            ),
        )
        departments = pa.Table.from_pylist(
            [
                {
                    "code": d.code,
                    "name_zh": d.name_zh,
                    "name_en": d.name_en,
                    "inbox": d.inbox,
                    "deadline_day": d.deadline_day,
                    "contacts": list(d.contacts),
                    "aliases": list(d.aliases),
                    "synced_at": now,
                }
                for d in catalog.departments
            ],
            schema=pa.schema(
                [
                    ("code", pa.string()),
                    ("name_zh", pa.string()),
                    ("name_en", pa.string()),
                    ("inbox", pa.string()),
                    ("deadline_day", pa.int32()),
                    ("contacts", pa.list_(pa.string())),
                    ("aliases", pa.list_(pa.string())),
                    ("synced_at", pa.timestamp("us")),
                ]
            ),
        )
        counties = pa.Table.from_pylist(
            [
                {"name": c.name, "code": c.code, "aliases": list(c.aliases), "synced_at": now}
                for c in catalog.counties
            ],
            schema=pa.schema(
                [
                    ("name", pa.string()),
                    ("code", pa.string()),
                    ("aliases", pa.list_(pa.string())),
                    ("synced_at", pa.timestamp("us")),
                ]
            ),
        )
        snapshots = (
            ("catalog_targets", targets),
            ("catalog_departments", departments),
            ("catalog_counties", counties),
        )
        with self.transaction() as con:
            if all(_same_snapshot(con, table, data, catalog.year) for table, data in snapshots):
                return  # the same catalog as stored (only synced_at would change): nothing written
            for table, data in snapshots:
                with _registered(con, "snapshot", data):
                    if table == "catalog_targets":
                        con.execute("DELETE FROM catalog_targets WHERE year = ?", [catalog.year])
                    else:
                        con.execute(f"DELETE FROM {table}")
                    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM snapshot")

    # Runs --------------------------------------------------------------------------------
    def start_run(self, as_of: date, kind: str) -> int:
        """Record the start of a run; returns its id."""
        row = self.con.execute(
            "INSERT INTO runs (kind, as_of, started_at) VALUES (?, ?, ?) RETURNING run_id",
            [kind, as_of, _now()],
        ).fetchall()
        return int(row[0][0])

    def finish_run(self, run_id: int, status: str, summary: dict[str, Any]) -> None:
        """Record how a run ended (``succeeded`` / ``failed``) with a JSON summary, its rows in the file first."""
        self.checkpointed()
        self.con.execute(
            "UPDATE runs SET status = ?, finished_at = ?, summary = ? WHERE run_id = ?",
            [status, _now(), json.dumps(summary, ensure_ascii=False, default=str), run_id],
        )

    # Loading -----------------------------------------------------------------------------
    def is_loaded(self, sha256: str) -> bool:
        """True when a file with this content was already recorded (loaded, partial or rejected)."""
        return bool(self.con.execute("SELECT 1 FROM submitted_files WHERE sha256 = ?", [sha256]).fetchall())

    def loaded_sha256s(self, sha256s: Iterable[str]) -> set[str]:
        """The subset of ``sha256s`` already recorded, in one query (a backfill checks thousands)."""
        wanted = pa.table({"sha256": pa.array(list(sha256s), pa.string())})
        with _registered(self.con, "_wanted_sha", wanted):
            rows = self.con.execute(
                "SELECT DISTINCT w.sha256 FROM _wanted_sha w JOIN submitted_files f USING (sha256)"
            ).fetchall()
        return {r[0] for r in rows}

    def unchanged_files(self, paths: Sequence[str], sizes: Sequence[int], received_at: Any) -> set[str]:
        """Paths whose (path, size, modification time) match a recorded file: known without hashing.

        A quiet night re-reads thousands of files already loaded; comparing ``stat()`` data
        with ``submitted_files`` spares hashing them. Any change of size or mtime falls back to sha256.
        ``received_at``: Beijing wall-clock microseconds since the epoch, one per path
        (:func:`bijie_etl.run.beijing_micros`).
        """
        if not paths:
            return set()
        table = pa.table(
            {
                "path": pa.array(paths, pa.string()),
                "size_bytes": pa.array(sizes, pa.int64()),
                "received_at": pa.array(received_at, pa.int64()).cast(pa.timestamp("us")),
            }
        )
        with _registered(self.con, "_candidates", table):
            found = self.con.execute(
                "SELECT DISTINCT c.path FROM _candidates c JOIN submitted_files f "
                "ON f.path = c.path AND f.size_bytes = c.size_bytes AND f.received_at = c.received_at"
            ).fetchall()
        return {r[0] for r in found}

    def load_submission(self, sub: Submission, run_id: int) -> LoadResult:
        """Load one file in one transaction; a sha256 already recorded is a no-op (``duplicate``).

        Raises (after rolling back everything of this file) when the database refuses a row,
        e.g. a constraint violation; :meth:`load_submissions` turns that into a result instead.
        """
        return self._load_batch([sub], run_id)[0]

    def load_submissions(
        self, subs: Iterable[Submission], run_id: int, batch_size: int = 200
    ) -> list[LoadResult]:
        """Load many files in order: one transaction per batch, falling back to one per file.

        Each batch of ``batch_size`` files is loaded with the same set-based statements as a
        single file (a handful of statements per batch, not per file), in one transaction. If
        the database refuses anything, that batch is rolled back and its files are loaded one
        transaction each, so a bad file cannot take the others down: it comes back as a
        ``rejected`` result with ``error`` set and ``submission_id`` None, nothing of it is
        recorded, and the next run tries it again. Either way no file is ever half-written.
        """
        pending = list(subs)
        results: list[LoadResult] = []
        with self.one_thread():
            for start in range(0, len(pending), max(1, batch_size)):
                results += self._load_files(pending[start : start + max(1, batch_size)], run_id)
        return results

    @contextmanager
    def one_thread(self) -> Iterator[None]:
        """DuckDB on one thread for the block: a load's statements each handle a few ten thousand
        rows (one row group), where a second thread only adds ~40 % CPU (and takes the core the
        reader processes need) without making them faster. A run holds it around all its batches
        (:meth:`bijie_etl.run.Run.ingest`): setting it per batch started and stopped a thread pool
        each time."""
        self.checkpointed()
        (threads,) = self.con.execute("SELECT current_setting('threads')").fetchall()[0]
        if int(threads) == 1:
            yield
            return
        self.con.execute("SET threads = 1")
        try:
            yield
        finally:
            self._after_checkpoint([f"SET threads = {int(threads)}"])

    @contextmanager
    def checkpoint_at_end(self) -> Iterator[None]:
        """One checkpoint at the block's end (unless it raises: closing checkpoints then), not one per 16 MiB
        of write-ahead log (~30 MB per 5,000 files): the log limit is :data:`RUN_CHECKPOINT_THRESHOLD` meanwhile
        (a 50,000-file backfill still checkpoints every ~10,000 files); no FSST (:data:`RUN_DISABLED_COMPRESSION`).
        The closing checkpoint runs in a thread while the run goes on (:mod:`~bijie_etl.warehouse.checkpoint`):
        :meth:`checkpointed` waits for it."""
        self.checkpointed()
        threshold, disabled = self.con.execute(
            "SELECT current_setting('checkpoint_threshold'), current_setting('disabled_compression_methods')"
        ).fetchall()[0]
        self.con.execute(f"SET checkpoint_threshold = '{RUN_CHECKPOINT_THRESHOLD}'")
        self.con.execute(f"SET disabled_compression_methods = '{RUN_DISABLED_COMPRESSION}'")
        restore = [
            f"SET checkpoint_threshold = '{threshold}'",
            f"SET disabled_compression_methods = '{disabled}'",
        ]
        try:
            yield
        except BaseException:
            for statement in restore:
                self.con.execute(statement)
            raise
        self._closing = ClosingCheckpoint(self.con, restore)

    def checkpointed(self) -> None:
        """Wait for the closing checkpoint of :meth:`checkpoint_at_end`, if one is running (raises its error)."""
        closing, self._closing = self._closing, None
        if closing is not None:
            closing.wait()

    def _after_checkpoint(self, statements: list[str]) -> None:
        """Run ``statements`` now, or once the closing checkpoint is done (it keeps the run's settings)."""
        if self._closing is not None:
            self._closing.then += statements
            return
        for statement in statements:
            self.con.execute(statement)

    def _load_files(self, batch: list[Submission], run_id: int) -> list[LoadResult]:
        """:meth:`load_submissions` of one batch: together, else one transaction per file."""
        results: list[LoadResult] = []
        try:
            results += self._load_batch(batch, run_id)
        except _LOAD_ERRORS:
            for sub in batch:
                try:
                    results.append(self._load_batch([sub], run_id)[0])
                except _LOAD_ERRORS as exc:
                    results.append(
                        LoadResult(
                            sub.file_name,
                            sub.sha256,
                            SubmissionStatus.REJECTED,
                            None,
                            error=f"入库失败：{exc}",
                        )
                    )
        return results

    def _load_batch(self, subs: list[Submission], run_id: int) -> list[LoadResult]:
        """Load ``subs`` (in order) in ONE transaction with set-based SQL; all or nothing."""
        started = time.perf_counter()
        con = self.con
        with self.transaction():
            known = dict(
                con.execute(
                    "SELECT sha256, submission_id FROM submitted_files WHERE sha256 IN (SELECT unnest($shas))",
                    {"shas": [s.sha256 for s in subs]},
                ).fetchall()
            )
            fresh: list[Submission] = []
            for sub in subs:
                if sub.sha256 not in known:
                    known[sub.sha256] = None  # a repeat later in this batch is a duplicate
                    fresh.append(sub)
            sids: list[int] = []
            if fresh:
                sids = [
                    r[0]
                    for r in con.execute(
                        "SELECT nextval('seq_submission_id') AS sid FROM range($n) ORDER BY sid",
                        {"n": len(fresh)},
                    ).fetchall()
                ]
                known.update((sub.sha256, sid) for sub, sid in zip(fresh, sids, strict=True))
                summaries = [Summary.of(sub) for sub in fresh]
                counts = self._write_batch(fresh, sids, run_id, summaries)
        elapsed = (time.perf_counter() - started) * 1000 / max(1, len(subs))
        results: list[LoadResult] = []
        by_sha = {sub.sha256: (sid, i) for i, (sub, sid) in enumerate(zip(fresh, sids, strict=True))}
        seen: set[str] = set()
        for sub in subs:
            if sub.sha256 in by_sha and sub.sha256 not in seen:
                seen.add(sub.sha256)
                sid, i = by_sha[sub.sha256]
                new, changed, unchanged = counts.get(i, (0, 0, 0))
                summary = summaries[i]
                results.append(
                    LoadResult(
                        sub.file_name,
                        sub.sha256,
                        summary.status,
                        sid,
                        rows_new=new,
                        rows_changed=changed,
                        rows_unchanged=unchanged,
                        rows_rejected=summary.rows_rejected,
                        warnings=summary.warnings,
                        elapsed_ms=elapsed,
                    )
                )
            else:
                results.append(
                    LoadResult(
                        sub.file_name,
                        sub.sha256,
                        SubmissionStatus.DUPLICATE,
                        known.get(sub.sha256),
                        elapsed_ms=elapsed,
                    )
                )
        return results

    def _write_batch(
        self, subs: list[Submission], sids: list[int], run_id: int, summaries: list[Summary] | None = None
    ) -> dict[int, tuple[int, int, int]]:
        """Inside the caller's transaction: write files, versions, confirmations and failures."""
        con = self.con
        summaries = summaries if summaries is not None else [Summary.of(sub) for sub in subs]
        now = _now()
        incoming = batch_observations(subs, sids)
        counts: dict[int, tuple[int, int, int]] = {}
        if incoming is not None:
            incoming = keep_earlier_growth(con, incoming, subs)  # a refused growth erases no earlier one
            try:
                previous, order = previous_rows(incoming)
            except DuplicateKey as exc:
                raise DuplicateObservation(
                    f"{subs[exc.file_idx].file_name}: 同一指标、统计期、区县出现两次 / duplicate (indicator_code, period, county)"
                ) from None
            counts = self._write_versions(incoming, previous, order, now)
        files = files_table(subs, sids, run_id, counts, summaries)
        failures = pa.Table.from_pylist(
            [{"sid": sid, **f.as_row()} for sub, sid in zip(subs, sids, strict=True) for f in sub.failures],
            schema=FAILURE_SCHEMA.insert(0, pa.field("sid", pa.int64())),
        )
        with _registered(con, "incoming_files", files), _registered(con, "incoming_failures", failures):
            con.execute(_INSERT_FILES, {"now": now}).fetchall()
            if failures.num_rows:
                con.execute(_INSERT_FAILURES, {"run_id": run_id, "now": now}).fetchall()
        return counts

    def _write_versions(
        self, incoming: pa.Table, previous: np.ndarray, order: np.ndarray, now: datetime
    ) -> dict[int, tuple[int, int, int]]:
        """Classify ``incoming`` (:data:`_CLASSIFY`), then insert its versions, supersede the rows they
        replace and record its confirmations; the rows new, changed and unchanged per file."""
        con = self.con
        n = incoming.num_rows
        before = pa.array(previous, mask=previous < 0)
        classify = incoming.append_column("has_prev", pa.array(previous >= 0))
        for f in VALUE_FIELDS:
            classify = classify.append_column(f"prev_{f}", incoming.column(f).take(before))
        with _registered(con, "incoming", classify):
            found = con.execute(_CLASSIFY).to_arrow_table()
        if found.num_rows != n:  # a key with two current rows: the warehouse is not what the load assumes
            raise WarehouseError(
                f"{found.num_rows - n} 个指标、统计期、区县在库中有不止一个现行值 / keys with several current rows"
            )
        pos = found.column("pos").to_numpy()
        is_version = np.zeros(n, dtype=bool)
        is_version[pos] = found.column("is_version").to_numpy(zero_copy_only=False)
        current = np.full(n, -1, dtype=np.int64)
        current[pos] = found.column("cur_id").fill_null(-1).to_numpy()
        wanted = int(is_version.sum())
        ids = (
            np.sort(
                con.execute(
                    "SELECT nextval('seq_observation_id') AS id FROM range($n)", {"n": wanted}
                ).fetchnumpy()["id"]
            ).astype(np.int64)
            if wanted
            else np.zeros(0, dtype=np.int64)
        )
        plan = plan_versions(incoming.column("file_idx").to_numpy().astype(np.int64), order, previous,
                             is_version, current, ids)  # fmt: skip
        loading = (
            incoming.append_column("is_version", pa.array(is_version))
            .append_column("new_id", pa.array(plan.new_id, mask=plan.new_id < 0))
            .append_column("next_id", pa.array(plan.next_id, mask=plan.next_id < 0))
            .append_column("confirms", pa.array(plan.confirms, mask=plan.confirms < 0))
        )
        superseding = pa.table({"cur_id": plan.superseded, "new_id": plan.superseding})
        with _registered(con, "incoming", loading), _registered(con, "superseding", superseding):
            if wanted:
                provenance = self._provenance_columns()
                con.execute(_INSERT_VERSIONS.format(provenance=provenance), {"now": now}).fetchall()
            if superseding.num_rows:
                con.execute(_SUPERSEDE, {"now": now}).fetchall()
            if wanted < n:
                con.execute(_CONFIRM, {"now": now}).fetchall()
        return plan.counts

    # Reading -----------------------------------------------------------------------------
    def ytd_history(self) -> pd.DataFrame:
        """Current observations as ``indicator_code, county, period (datetime.date), value_ytd, value_month``."""
        table = self.con.sql(
            "SELECT indicator_code, county, period, value_ytd, value_month FROM observations "
            "WHERE superseded_at IS NULL ORDER BY indicator_code, county, period"
        ).to_arrow_table()
        frame = table.to_pandas(
            types_mapper={pa.string(): pd.StringDtype(), pa.float64(): pd.Float64Dtype()}.get
        )
        # datetime.date objects, converted by Arrow (a Python list of them cost ~20 ms a batch)
        frame["period"] = pd.Series(
            table.column("period").to_pandas(date_as_object=True).to_numpy(), dtype="object"
        )
        return frame

    def keyed_history(self) -> KeyedHistory:
        """:meth:`ytd_history` as validation keys it (``history_base``), from the warehouse's columns
        (month as YYYYMM in SQL, text as it comes): the same rows in the same order."""
        from bijie_etl.validate.history import KeyedHistory

        table = self.con.sql(
            "SELECT indicator_code, county, year(period) * 100 + month(period) AS ym, value_ytd, value_month"
            " FROM observations WHERE superseded_at IS NULL ORDER BY indicator_code, county, period"
        ).to_arrow_table()
        return KeyedHistory.of(
            text_objects(table.column("indicator_code")),
            text_objects(table.column("county")),
            table.column("ym").to_numpy(zero_copy_only=False),
            {c: table.column(c).to_numpy(zero_copy_only=False) for c in ("value_ytd", "value_month")},
        )

    def publish(self, dest: Path) -> Path:
        """Write a complete read-only copy to ``dest`` atomically (new file, then ``os.replace``)."""
        from bijie_etl.warehouse.analytics import publish_database

        self.checkpointed()
        return publish_database(self.con, Path(dest))


def latest_explanations(con: duckdb.DuckDBPyConnection, year: int | None = None) -> dict[str, dict[str, Any]]:
    """The newest 情况说明 of each target (table ``target_explanations``, copied in from the desk),
    of catalog ``year`` when given (a target of 2024 and its successor of 2025 are explained apart)."""
    try:
        cur = con.execute(
            "SELECT target_code, progress, problems, measures, recovery_month, author_name, created_at"
            " FROM target_explanations"
            + ("" if year is None else f" WHERE year = {int(year)}")
            + " QUALIFY row_number() OVER (PARTITION BY target_code ORDER BY id DESC) = 1"
        )
    except duckdb.BinderException:  # a copy from before migration 008 (no year column)
        return latest_explanations(con) if year is not None else {}
    except duckdb.CatalogException:  # a warehouse from before migration 005
        return {}
    names = [d[0] for d in cur.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cur.fetchall()}


def insert_with_ids(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: Sequence[str],
    sequence: str,
    rows: Sequence[Sequence[Any]],
    per_statement: int = 100,
) -> list[int]:
    """Insert ``rows`` (values of ``columns[1:]``) with new ids from ``sequence`` in ``columns[0]``; their ids, in order.

    The ids are drawn in one statement and the rows go in multi-row ``INSERT … VALUES`` of
    ``per_statement`` rows, not two statements a row (a night raising a hundred alerts spent
    ~0.2 s on the round trips). No RETURNING: the same SQL runs on DuckLake (province mode).
    """
    if not rows:
        return []
    ids = [
        int(r[0])
        for r in con.execute(
            f"SELECT nextval('{sequence}') AS id FROM range($n) ORDER BY id", {"n": len(rows)}
        ).fetchall()
    ]
    head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
    marks = "(" + ", ".join(["?"] * len(columns)) + ")"
    for start in range(0, len(rows), per_statement):
        part = rows[start : start + per_statement]
        params = [v for i, row in enumerate(part, start) for v in (ids[i], *row)]
        con.execute(head + ", ".join([marks] * len(part)), params)
    return ids


#: What a load may raise that only concerns the files being loaded (not the warehouse itself).
_LOAD_ERRORS = (duckdb.Error, WarehouseError, pa.ArrowException, ValueError, TypeError, KeyError)


@contextmanager
def transaction_of(target: Warehouse | duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """A warehouse's own transaction (in province mode it renews the city's writer lease first, so a
    run whose lease was taken over stops before it writes or sends), or BEGIN … COMMIT on a connection."""
    if isinstance(target, duckdb.DuckDBPyConnection):
        target.begin()
        try:
            yield target
        except BaseException:
            with suppress(duckdb.TransactionException):
                target.rollback()
            raise
        target.commit()
        return
    with target.transaction() as con:
        yield con
