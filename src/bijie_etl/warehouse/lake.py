"""Province mode: the warehouse as a DuckLake shared by many cities (docs/PROVINCE.md).

The lake's catalog lives in PostgreSQL (``BIJIE_WAREHOUSE_URL=ducklake:postgres:…``), its data
as Parquet files in a folder or an S3-compatible bucket (``BIJIE_LAKE_DATA_PATH``). Each city
is a schema of the lake holding the same tables and views as the single-file warehouse, created
by the same migration files; :class:`LakeWarehouse` runs the same :class:`Warehouse` code against
it, so a city's run loads, supersedes and assesses exactly as a single-city run does.

Tenancy: every table and view of every city appears in the lake's ``main`` schema as one view
with a ``city`` column (``UNION ALL BY NAME`` over the cities), so an analyst queries all cities
at one consistent snapshot; ``lake.<city>.<view>`` is one city alone.

What DuckLake does not support, and what replaces it here:

* sequences → a TEMP sequence per connection, seeded from the table's largest id inside a write
  transaction whenever another writer may have committed since this connection last did so (a
  snapshot that is not its own commit), so a retried transaction never reuses an id another one
  committed (the dialect: :mod:`bijie_etl.warehouse.lake_dialect`);
  ``DEFAULT nextval('seq_…')`` is kept in the lake's DDL and resolves to that temp sequence;
* PRIMARY KEY / UNIQUE / CHECK constraints and indexes → left out of the lake's DDL (and DROP INDEX with them). The loader
  already checks sha256 and keys inside its transaction; one writer per city is guaranteed by
  the city's *writer lease* (:meth:`LakeWarehouse.acquire_lease`): a row naming the run that
  holds it, taken before the run writes anything and checked by every write transaction. A second
  run of the same city (another machine, another warehouse folder: the file lock cannot see it)
  waits up to ``lock_timeout`` seconds and then refuses with a Chinese message; two runs claiming
  it at the same moment both update the one row, DuckLake lets only one commit;
* ``INSERT … RETURNING`` → ``nextval`` first, then the insert;
* comments on a view's columns and on macros → dropped (the view's own comment is kept).

Every transaction of a city's run touches that city's tables only, so cities never conflict
on data; a commit refused for a conflict (two cities creating their schemas, the province views
being rebuilt) is retried with exponential back-off, ``BIJIE_LAKE_RETRIES`` times. A load is
one transaction either way: all of a file or nothing of it.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import random
import re
import secrets
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import duckdb

from bijie_etl.errors import BijieError, Misconfigured
from bijie_etl.warehouse.lake_dialect import IdSequence, id_sequences, lake_dialect
from bijie_etl.warehouse.locking import WarehouseBusy
from bijie_etl.warehouse.store import MigrationFailed, Warehouse, _migration_files, _now, _views_stamp

if TYPE_CHECKING:
    from bijie_etl.ingest.submission import Submission
    from bijie_etl.settings import Settings
    from bijie_etl.warehouse.store import LoadResult

__all__ = [
    "LAKE_ALIAS",
    "LakeUnavailable",
    "LakeWarehouse",
    "Lease",
    "LeaseLost",
    "analyst_attach_sql",
    "connect_lake",
    "current_snapshot",
    "lake_dialect",
    "open_analytics",
    "province_cities",
    "shared_reader",
]

#: The name the lake is attached under in every connection made here.
LAKE_ALIAS = "lake"
#: The extension wheels on PyPI (package suffix → the name DuckDB registers it under).
_EXTENSIONS = {"ducklake": "ducklake", "postgres": "postgres_scanner", "httpfs": "httpfs"}
_CITY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_RESERVED_SCHEMAS = {"main", "information_schema", "pg_catalog", "temp", "province"}
T = TypeVar("T")


class LakeUnavailable(Misconfigured):
    """The lake cannot be opened: an extension wheel is missing or does not match duckdb, or a setting is wrong."""


class LeaseLost(BijieError):
    """This run's writer lease of its city was taken over (it had expired): the run must stop writing."""


@dataclass(frozen=True)
class Lease:
    """Who holds a city's writer lease: ``host:pid:token``, since when, valid until when (Beijing wall-clock)."""

    holder: str | None
    acquired_at: Any = None
    expires_at: Any = None

    @property
    def host(self) -> str:
        return (self.holder or "").rsplit(":", 2)[0]

    @property
    def pid(self) -> int | None:
        parts = (self.holder or "").rsplit(":", 2)
        return int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else None

    def describe_zh(self) -> str:
        since = f"{self.acquired_at:%Y-%m-%d %H:%M:%S}" if self.acquired_at else "未知时间"
        return f"主机 {self.host}，进程 {self.pid}，自 {since}（北京时间）起"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --------------------------------------------------------------------------------------------
# Connecting


def _extension_file(package: str) -> Path:
    try:
        module = importlib.import_module(f"duckdb_extension_{package}")
    except ImportError:
        raise LakeUnavailable(
            f"缺少 DuckDB 扩展 {package}：请安装 pip install 'bijie-etl[lake]'（duckdb-extension-{package}=={duckdb.__version__}）。"
            f" The {package} extension wheel is not installed."
        ) from None
    folder = Path(str(module.__file__)).parent / "extensions" / f"v{duckdb.__version__}"
    found = sorted(folder.glob("*.duckdb_extension"))
    if not found:
        built = sorted(p.name for p in folder.parent.glob("v*"))
        raise LakeUnavailable(
            f"DuckDB 扩展 {package} 的版本 {built} 与 duckdb {duckdb.__version__} 不一致：扩展只能加载到同一版本的 duckdb。"
            f" Extension {package} was built for {built}, not duckdb {duckdb.__version__}."
        )
    return found[0]


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def check_city(city: str) -> str:
    """The city code if it can be a lake schema name (lower-case ASCII identifier), else LakeUnavailable."""
    if not _CITY.match(city) or city in _RESERVED_SCHEMAS:
        raise LakeUnavailable(
            f"城市代码 {city!r} 无效：只能用小写英文字母、数字和下划线，且以字母开头（如 bijie、zunyi）。"
            " BIJIE_CITY must be a lower-case ASCII identifier."
        )
    return city


def connect_lake(
    settings: Settings, *, read_only: bool = False, snapshot: int | None = None
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with the lake attached as ``lake`` (read-only at ``snapshot`` if given).

    Extensions are loaded by path from their PyPI wheels (see :func:`_loadable`), never downloaded:
    automatic installation and loading are switched off.
    """
    if not settings.lake_mode or not settings.warehouse_url:
        raise LakeUnavailable("BIJIE_WAREHOUSE_URL 未设置为 ducklake:…（省级模式） / not a DuckLake URL")
    ext_dir = settings.lake_extension_dir or (settings.warehouse_dir / "duckdb_extensions")
    ext_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(
        ":memory:",
        config={
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
            "extension_directory": str(ext_dir),
        },
    )
    try:
        for package, name in _EXTENSIONS.items():
            con.execute(f"LOAD {_quote(str(_loadable(package, name, ext_dir)))}")
        data_path = settings.lake_data_path
        if data_path and data_path.startswith("s3://"):
            _s3_secret(con, settings)
        options = []
        if data_path:
            options.append(f"DATA_PATH {_quote(data_path if data_path.endswith('/') else data_path + '/')}")
        if read_only:
            options.append("READ_ONLY")
        if snapshot is not None:
            options.append(f"SNAPSHOT_VERSION {int(snapshot)}")
        opts = f" ({', '.join(options)})" if options else ""
        attach = f"ATTACH {_quote(settings.warehouse_url)} AS {LAKE_ALIAS}{opts}"
        for attempt in range(5):
            try:
                con.execute(attach)
                break
            except duckdb.Error as exc:
                # Cities starting together on an empty catalog race to create DuckLake's metadata
                # tables; the losers find them made on the next try.
                if attempt == 4 or "initialize DuckLake" not in str(exc):
                    raise
                time.sleep(0.2 * (attempt + 1) + random.random() * 0.3)
        con.execute(f"SET ducklake_max_retry_count = {max(1, settings.lake_retries) * 10}")
    except BaseException:
        con.close()
        raise
    return con


def _loadable(package: str, name: str, ext_dir: Path) -> Path:
    """The extension file to LOAD by path: the wheel's own, or a copy named after its entry point.

    DuckDB derives the entry point from the file name; the postgres wheel ships ``postgres.duckdb_extension``
    whose entry point is ``postgres_scanner_…``, so it is copied (atomically: cities start together) as
    ``postgres_scanner.duckdb_extension``. Nothing is installed into ``~/.duckdb`` and nothing is downloaded.
    """
    source = _extension_file(package)
    if source.stem == name:
        return source
    dest = ext_dir / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"
    if not dest.exists() or dest.stat().st_size != source.stat().st_size:
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
        shutil.copyfile(source, tmp)
        os.replace(tmp, dest)
    return dest


def _s3_secret(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    parts = [
        "TYPE s3",
        f"REGION {_quote(settings.lake_s3_region)}",
        f"URL_STYLE {_quote(settings.lake_s3_url_style)}",
    ]
    parts.append(f"USE_SSL {'true' if settings.lake_s3_use_ssl else 'false'}")
    if settings.lake_s3_endpoint:
        parts.append(f"ENDPOINT {_quote(settings.lake_s3_endpoint)}")
    if settings.lake_s3_key_id:
        secret = settings.lake_s3_secret.get_secret_value() if settings.lake_s3_secret else ""
        parts += [f"KEY_ID {_quote(settings.lake_s3_key_id)}", f"SECRET {_quote(secret)}"]
    else:
        parts.append("PROVIDER credential_chain")
    con.execute(f"CREATE OR REPLACE SECRET bijie_lake_s3 ({', '.join(parts)})")


def current_snapshot(con: duckdb.DuckDBPyConnection) -> int:
    """The lake's latest committed snapshot id as this connection sees it."""
    return int(
        con.execute(f"SELECT id FROM ducklake_current_snapshot({_quote(LAKE_ALIAS)})").fetchall()[0][0]
    )


# --------------------------------------------------------------------------------------------
# Retrying conflicts


def _is_conflict(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, duckdb.TransactionException) or "conflict" in text or "another transaction" in text


def with_retries(fn: Callable[[], T], retries: int, on_retry: Callable[[], None] | None = None) -> T:
    """Call ``fn``; when its commit is refused for a write conflict, wait (exponential back-off) and call it again."""
    attempt = 0
    while True:
        try:
            return fn()
        except duckdb.Error as exc:
            attempt += 1
            if attempt > retries or not _is_conflict(exc):
                raise
            if on_retry is not None:
                on_retry()
            time.sleep(min(5.0, 0.05 * 2**attempt) * (0.5 + random.random()))


# --------------------------------------------------------------------------------------------
# The warehouse of one city in the lake


class LakeWarehouse(Warehouse):
    """One city's warehouse inside the lake: the :class:`Warehouse` API on ``lake.<city>``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.city = check_city(settings.city)
        self.sql_dir = Path(settings.sql_dir)
        self.path = Path(settings.warehouse_dir) / f"lake-{self.city}"  # a name for messages; no file
        self.retries = settings.lake_retries
        self.conflicts = 0  # transactions retried for a write conflict (for the run summary, benchmarks)
        self.con = connect_lake(settings)
        self._seqs: list[IdSequence] = []
        self.lease_holder: str | None = None
        self._tables: set[str] = set()
        self._provenance: str | None = None
        #: (snapshot, sequence names) the id sequences are known to cover; None: reseed first
        self._covered: tuple[int, frozenset[str]] | None = None
        self._migrating = False  # migrations copy ids, never take new ones: no reseed for them
        self._retry(lambda: self._exec_once(f"CREATE SCHEMA IF NOT EXISTS {LAKE_ALIAS}.{self.city}"))
        self.con.execute(f"USE {LAKE_ALIAS}.{self.city}")

    def _exec_once(self, sql: str) -> None:
        self.con.execute(sql)

    def _retry(self, fn: Callable[[], T]) -> T:
        def count() -> None:
            self.conflicts += 1

        return with_retries(fn, self.retries, count)

    def _provenance_columns(self) -> str:
        """As in the file, but looking at this city's ``observations`` only (every city has one)."""
        if self._provenance is None:
            found = self.con.execute(
                "SELECT count(*) FROM duckdb_columns() WHERE database_name = ? AND schema_name = ?"
                " AND table_name = 'observations' AND column_name IN ('reading', 'guard')",
                [LAKE_ALIAS, self.city],
            ).fetchall()
            self._provenance = ", reading, guard" if found[0][0] == 2 else ""
        return self._provenance

    # Transactions: reseed the id sequences and touch the lease row first ------------------
    def _begun(self) -> None:
        """First in every transaction: reseed the temp sequences (when stale) and claim the city's lease row."""
        if not self._migrating:
            self._reseed_if_stale()
        self._touch_lease()

    def _reseed_if_stale(self) -> None:
        """Reseed unless the sequences already cover the snapshot this transaction reads.

        They do when this connection reseeded at that snapshot, or when every snapshot since was its
        own commit (:meth:`_committed`): its inserts took their ids from the sequences. Any other
        commit (another city's, the desk's, a rerun's) changes the snapshot and the next transaction
        reseeds. Two writers of one city cannot both commit what they read at one snapshot: each
        transaction updates the lease row, so the second conflicts and is retried (and reseeds).
        """
        seqs = [seq for seq in self._seqs if seq.table in self._tables]
        if not seqs:
            return
        names = frozenset(seq.name for seq in seqs)
        snapshot = current_snapshot(self.con)  # inside a transaction: the snapshot it reads
        if self._covered == (snapshot, names):
            return
        self._reseed(seqs)
        self._covered = (snapshot, names)

    def _committed(self) -> None:
        """After a commit: if it came right after the snapshot the sequences covered, they cover it too."""
        if self._covered is None:
            return
        snapshot, names = self._covered
        ours = self.con.execute(f"SELECT id FROM ducklake_last_committed_snapshot({_quote(LAKE_ALIAS)})")
        last = ours.fetchall()[0][0]
        if last == snapshot + 1:
            self._covered = (last, names)

    def _has_lease_table(self) -> bool:
        return bool(getattr(self, "_lease_ready", False))

    def _touch_lease(self) -> None:
        """Inside a write transaction: renew this run's lease (and so conflict with any other writer of the city).

        Before the run holds the lease (creating the schema, the lease table itself), the row is
        touched without a holder check. Once it holds it, a lease that now names another run
        raises :class:`LeaseLost`: that run took it over after ours expired, and ours must not write.
        """
        if not self._has_lease_table():
            return
        now = _now()
        if self.lease_holder is None:
            self.con.execute("UPDATE writer_lease SET touched_at = ?", [now])
            return
        until = now + timedelta(seconds=self.settings.lake_lease_seconds)
        rows = self.con.execute(
            "SELECT count(*) FROM writer_lease WHERE holder = ?", [self.lease_holder]
        ).fetchall()
        if not rows[0][0]:
            lease = self.lease()
            raise LeaseLost(
                f"城市 {self.city} 的写入租约已被另一次运行接管（{lease.describe_zh()}）：本次运行停止写入。"
                f" The writer lease of {self.city} was taken over by {lease.holder}."
            )
        self.con.execute(
            "UPDATE writer_lease SET touched_at = ?, expires_at = ? WHERE holder = ?",
            [now, until, self.lease_holder],
        )

    # The writer lease ------------------------------------------------------------------
    def lease(self) -> Lease:
        """The city's lease as this connection sees it now."""
        rows = self.con.execute("SELECT holder, acquired_at, expires_at FROM writer_lease").fetchall()
        return Lease(*rows[0]) if rows else Lease(None)

    def _free(self, lease: Lease, now: Any) -> bool:
        """A lease nobody holds, that has expired, or whose holder on this machine is dead."""
        if lease.holder is None or lease.holder == self.lease_holder:
            return True
        if lease.expires_at is not None and lease.expires_at <= now:
            return True
        return lease.host == socket.gethostname() and lease.pid is not None and not _pid_alive(lease.pid)

    def acquire_lease(self, timeout: float | None = None, poll: float = 0.5) -> Lease:
        """Take the city's writer lease, waiting up to ``timeout`` seconds (default ``lock_timeout``) for its holder.

        Raises :class:`WarehouseBusy` (the same error as the file lock, exit code 3) with a Chinese
        message naming the holder when it is still held after the wait. Two runs claiming a free
        lease at the same moment both update its one row; DuckLake commits one of them and the
        other, retried, finds it held.
        """
        timeout = self.settings.lock_timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        me = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        while True:

            def claim() -> Lease | None:
                self.con.execute("BEGIN TRANSACTION")
                try:
                    now = _now()
                    lease = self.lease()
                    if not self._free(lease, now):
                        self.con.execute("ROLLBACK")
                        return lease
                    self.con.execute(
                        "UPDATE writer_lease SET holder = ?, acquired_at = ?, touched_at = ?, expires_at = ?",
                        [me, now, now, now + timedelta(seconds=self.settings.lake_lease_seconds)],
                    )
                    self.con.execute("COMMIT")
                except BaseException:
                    self._rollback()
                    raise
                return None

            held_by = self._retry(claim)
            if held_by is None:
                self.lease_holder = me
                return self.lease()
            if time.monotonic() >= deadline:
                raise WarehouseBusy(
                    f"城市 {self.city} 的另一次运行正在写入数据湖（{held_by.describe_zh()}），"
                    f"等待 {timeout:.0f} 秒后仍未结束，本次运行退出，未写入任何数据。"
                    f" Another run of {self.city} holds the lake's writer lease ({held_by.holder})."
                )
            time.sleep(poll)

    def release_lease(self) -> None:
        """Give the lease back (only if this run still holds it)."""
        if self.lease_holder is None:
            return
        holder, self.lease_holder = self.lease_holder, None

        def release() -> None:
            self.con.execute("BEGIN TRANSACTION")
            try:
                self.con.execute(
                    "UPDATE writer_lease SET holder = NULL, expires_at = NULL WHERE holder = ?", [holder]
                )
                self.con.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise

        self._retry(release)

    @contextmanager
    def checkpoint_at_end(self) -> Iterator[None]:
        """Nothing to defer: the lake writes its data files at each commit (no write-ahead log of the file's kind)."""
        yield

    def close(self) -> None:
        """Release the writer lease (if held), then close the connection."""
        try:
            self.release_lease()
        except duckdb.Error as exc:  # an expired lease is taken over anyway; never hide the run's own error
            import logging

            logging.getLogger(__name__).warning("写入租约未能释放（将在过期后被接管）：%s", exc)
        super().close()

    def _reseed(self, seqs: list[IdSequence]) -> None:
        """Restart the id sequences after the largest id this transaction sees (one query for all)."""
        tops = self.con.execute(
            "SELECT " + ", ".join(f"(SELECT coalesce(max({q.column}), 0) FROM {q.table})" for q in seqs)
        ).fetchall()[0]
        for seq, top in zip(seqs, tops, strict=True):
            self.con.execute(f"CREATE OR REPLACE TEMP SEQUENCE {seq.name} START {int(top) + 1}")

    def _refresh_tables(self) -> None:
        self._tables = {
            r[0]
            for r in self.con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = ?",
                [LAKE_ALIAS, self.city],
            ).fetchall()
        }

    # Schema ------------------------------------------------------------------------------
    def migrate(self, *, lease: bool = True) -> list[str]:
        """Take the city's writer lease (unless ``lease=False``); apply pending migrations (the lake's
        dialect) and changed views in one transaction; rebuild the province views that differ.

        Returns the versions applied. A night with no new migration and no changed view file writes no DDL.
        """
        migrations = _migration_files(self.sql_dir / "migrations")
        self._seqs = id_sequences(migrations)
        for seq in self._seqs:  # the DDL's DEFAULT nextval(...) needs them to exist
            self.con.execute(f"CREATE OR REPLACE TEMP SEQUENCE {seq.name} START 1")
        self._covered = None  # restarted at 1: the next transaction reseeds them

        def setup() -> None:
            with self.transaction() as con:
                con.execute(
                    "CREATE TABLE IF NOT EXISTS schema_migrations ("
                    " version VARCHAR NOT NULL, checksum VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
                )
                con.execute(
                    "CREATE TABLE IF NOT EXISTS writer_lease (city VARCHAR NOT NULL, touched_at TIMESTAMP)"
                )
                for column in ("holder VARCHAR", "acquired_at TIMESTAMP", "expires_at TIMESTAMP"):
                    con.execute(f"ALTER TABLE writer_lease ADD COLUMN IF NOT EXISTS {column}")
                if not con.execute("SELECT 1 FROM writer_lease").fetchall():
                    con.execute(
                        "INSERT INTO writer_lease (city, touched_at) VALUES (?, ?)", [self.city, _now()]
                    )

        self._retry(setup)
        self._lease_ready = True
        if lease:
            self.acquire_lease()
        self._refresh_tables()
        done = {r[0] for r in self.con.execute("SELECT version FROM schema_migrations").fetchall()}
        pending = [path for path in migrations if path.stem not in done]
        views = self._view_sources()
        changed = bool(pending) or self._views_stamp() != _views_stamp(views)
        if changed:
            self._apply(pending, views)
            self._refresh_tables()
        # The province views follow every city's tables and views: rebuilt when they differ from
        # what they should be now (this city's DDL above, another city's, a city new to the lake).
        self._retry(self.create_province_views)
        return [path.stem for path in pending]

    def _apply(self, pending: list[Path], views: list[tuple[str, str]]) -> None:
        """The pending migrations and the views in one transaction: a city's schema changes all at once or not at all.

        A migration that inserts rows gets reseeded sequences first, in case a row takes its id from
        a DEFAULT nextval(...); migrations that only define tables take no id, so no reseed for them
        (a table created here holds only rows made here: its sequence is already past their ids).
        """

        texts = [(path, path.read_text(encoding="utf-8")) for path in pending]
        sqls = [lake_dialect(raw) for _, raw in texts]

        def apply() -> None:
            with self.transaction() as con:
                for (path, raw), sql in zip(texts, sqls, strict=True):
                    self._execute_ddl(con, path.name, sql)
                    con.execute(
                        "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                        [path.stem, hashlib.sha256(raw.encode()).hexdigest(), _now()],
                    )
                for name, sql in views:
                    self._execute_ddl(con, name, sql)
                con.execute(
                    f"COMMENT ON TABLE schema_migrations IS '{_views_stamp(views)}:{self._view_count()}'"
                )

        self._migrating = not any("INSERT" in sql.upper() for sql in sqls)
        try:
            self._retry(apply)
        except MigrationFailed:
            raise
        except duckdb.Error as exc:  # a write conflict still there after the retries
            names = [p.name for p in pending] or ["views"]
            raise MigrationFailed("、".join(names), exc) from exc
        finally:
            self._migrating = False

    @staticmethod
    def _execute_ddl(con: duckdb.DuckDBPyConnection, name: str, sql: str) -> None:
        """Run one migration's or view file's SQL; a write conflict is retried, anything else names the file."""
        if not sql.strip():
            return
        try:
            con.execute(sql)
        except duckdb.Error as exc:
            if _is_conflict(exc):
                raise
            raise MigrationFailed(name, exc) from exc

    def _view_sources(self) -> list[tuple[str, str]]:
        """Each ``views/*.sql`` file's name and text in the lake's dialect, in file-name order."""
        return [(name, lake_dialect(sql)) for name, sql in Warehouse._view_sources(self)]

    def _own(self) -> tuple[str, list[Any]]:
        """This city's schema of the lake."""
        return "database_name = ? AND schema_name = ?", [LAKE_ALIAS, self.city]

    def create_province_views(self) -> None:
        """(Re)create ``lake.main.<name>`` for every table and view: all cities, with a ``city`` column."""
        create_province_views(self.con)

    # Runs --------------------------------------------------------------------------------
    def start_run(self, as_of: date, kind: str) -> int:
        """Record the start of a run; returns its id (no RETURNING in DuckLake: nextval first)."""

        def start() -> int:
            with self.transaction() as con:
                run_id = int(con.execute("SELECT nextval('seq_run_id')").fetchall()[0][0])
                con.execute(
                    "INSERT INTO runs (run_id, kind, as_of, started_at) VALUES (?, ?, ?, ?)",
                    [run_id, kind, as_of, _now()],
                )
            return run_id

        return self._retry(start)

    def finish_run(self, run_id: int, status: str, summary: dict[str, Any]) -> None:
        """Record how a run ended, retried on a write conflict."""
        self._retry(lambda: Warehouse.finish_run(self, run_id, status, summary))

    def sync_catalog(self, catalog: Any) -> None:
        """Replace the city's catalog snapshot, retried on a write conflict."""
        self._retry(lambda: Warehouse.sync_catalog(self, catalog))

    def _load_batch(self, subs: list[Submission], run_id: int) -> list[LoadResult]:
        """One transaction for the batch, as in the single file; retried whole on a write conflict."""
        return self._retry(lambda: Warehouse._load_batch(self, subs, run_id))

    # Publishing --------------------------------------------------------------------------
    def publish(self, dest: Path) -> Path:
        """Lake mode publishes no copy: it writes ``<dest>.sql``, an ATTACH pinned to the snapshot just committed."""
        target = Path(dest).with_suffix(".sql")
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_text(analyst_attach_sql(self.settings, current_snapshot(self.con)), encoding="utf-8")
        tmp.replace(target)
        return target

    def snapshot(self) -> int:
        """The lake's latest snapshot id."""
        return current_snapshot(self.con)


def province_cities(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The cities in the lake: every schema holding a ``runs`` table."""
    rows = con.execute(
        "SELECT DISTINCT schema_name FROM duckdb_tables() WHERE database_name = ? AND table_name = 'runs' "
        "ORDER BY schema_name",
        [LAKE_ALIAS],
    ).fetchall()
    return [r[0] for r in rows if r[0] not in _RESERVED_SCHEMAS]


def create_province_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Create ``lake.main.<name>`` = every city's ``<name>`` with ``city`` first; returns the names.

    One transaction, so analysts never see a half-rebuilt set. Tables and views that exist in
    some cities only (a city on an older migration) union the cities that have them. Each view's
    comment is a digest of its definition: a run that changes no city's tables or views (most
    nights) finds every digest current and writes nothing.
    """
    cities = province_cities(con)
    objects: dict[str, list[str]] = {}
    for schema, name in con.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = $db "
        "UNION SELECT schema_name, view_name FROM duckdb_views() WHERE database_name = $db AND NOT internal",
        {"db": LAKE_ALIAS},
    ).fetchall():
        if schema in cities and name not in {"writer_lease"}:
            objects.setdefault(name, []).append(schema)
    wanted = {
        name: " UNION ALL BY NAME ".join(
            f"SELECT {_quote(s)} AS city, * FROM {LAKE_ALIAS}.{s}.{name}" for s in sorted(schemas)
        )
        for name, schemas in objects.items()
    }
    current = dict(
        con.execute(
            "SELECT view_name, comment FROM duckdb_views() WHERE database_name = ? AND schema_name = 'main'",
            [LAKE_ALIAS],
        ).fetchall()
    )
    stale = {
        name: (union, "province-" + hashlib.blake2b(union.encode(), digest_size=16).hexdigest())
        for name, union in sorted(wanted.items())
    }
    stale = {name: made for name, made in stale.items() if current.get(name) != made[1]}
    if not stale:
        return sorted(objects)
    con.execute("BEGIN TRANSACTION")
    try:
        for name, (union, digest) in stale.items():
            con.execute(f"CREATE OR REPLACE VIEW {LAKE_ALIAS}.main.{name} AS {union}")
            con.execute(f"COMMENT ON VIEW {LAKE_ALIAS}.main.{name} IS '{digest}'")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return sorted(objects)


# --------------------------------------------------------------------------------------------
# Analysts


def analyst_attach_sql(settings: Settings, snapshot: int | None) -> str:
    """The SQL an analyst runs (``duckdb -init``) to attach the lake read-only at ``snapshot``."""
    options = ["READ_ONLY"]
    if snapshot is not None:
        options.append(f"SNAPSHOT_VERSION {int(snapshot)}")
    lines = [
        "-- 省级数据湖（只读）：由夜间任务生成，固定在其提交的快照上。Province lake, read-only, pinned to a snapshot.",
        "-- 需要 duckdb 1.5.5 与扩展 ducklake、postgres_scanner（pip install 'bijie-etl[lake]'）。",
        f"ATTACH {_quote(str(settings.warehouse_url))} AS {LAKE_ALIAS} ({', '.join(options)});",
        f"USE {LAKE_ALIAS};",
        "-- 所有城市：SELECT city, * FROM v_observation_current;  单个城市：FROM lake.bijie.v_observation_current",
        "",
    ]
    return "\n".join(lines)


def open_analytics(settings: Settings, snapshot: int | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the lake at ``snapshot`` (default: the latest), ``USE lake`` done."""
    con = connect_lake(settings, read_only=True, snapshot=snapshot)
    con.execute(f"USE {LAKE_ALIAS}")
    return con


#: This process's read-only lake connections, one per lake (extensions loaded and the catalog attached
#: once): each read takes a cursor of its own. DuckLake gives every transaction the latest snapshot.
_READERS: dict[tuple[Any, ...], duckdb.DuckDBPyConnection] = {}
_READERS_LOCK = threading.Lock()


@contextmanager
def shared_reader(settings: Settings) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only cursor on the lake at its latest snapshot, from a connection kept for the process.

    The desk reads the lake on every page: attaching it (three extensions, the catalog in PostgreSQL)
    for each read cost more than the read. A connection that fails is dropped, so the next read
    attaches again (after a PostgreSQL restart, say).
    """
    key = (
        settings.warehouse_url,
        settings.lake_data_path,
        settings.lake_extension_dir,
        settings.lake_s3_endpoint,
    )
    with _READERS_LOCK:
        base = _READERS.get(key)
        try:
            cursor = base.cursor() if base is not None else None
        except duckdb.Error:  # closed under us
            cursor = None
        if base is None or cursor is None:
            base = _READERS[key] = connect_lake(settings, read_only=True)
            cursor = base.cursor()
    try:
        yield cursor
    except duckdb.Error:
        with _READERS_LOCK:
            if _READERS.get(key) is base:
                del _READERS[key]
        raise
    finally:
        cursor.close()
