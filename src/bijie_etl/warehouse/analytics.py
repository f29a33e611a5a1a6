"""The analysts' side of the warehouse: the published read-only copy, ``sql`` and Parquet export.

DuckDB lets one process write a file and then nobody else may open it (duckdb#1119), so
analysts never open the nightly job's database. After each run the job *publishes* a
complete copy: it is written to a temporary file in the same folder, checkpointed, fsynced
and renamed over the old copy with :func:`os.replace`. A reader holding the old file open
keeps reading the old inode undisturbed and never blocks the job; it sees the new data after
reconnecting.

The copy is written in DuckDB storage format :data:`STORAGE_VERSION` (``ATTACH … (STORAGE_VERSION
…)``), not the writer's newest: analysts open it with whatever DuckDB their tools bundle (the
command-line client, DBeaver's JDBC driver, an older Python package), and a 1.x client refuses a
file in a newer format outright ("can only read versions between 64 and 68").
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from bijie_etl.errors import BijieError
from bijie_etl.settings import TZ

__all__ = [
    "STORAGE_VERSION",
    "AnalyticsNotPublished",
    "export_parquet",
    "publish_database",
    "query",
    "query_statements",
]

_ATTACH_ALIAS = "bijie_publish"

#: Storage format of the published copy: DuckDB 1.0 and every later client reads it (README states
#: it; tests/test_analytics_clients.py opens the copy with the DuckDB command-line client 1.5.x).
STORAGE_VERSION = "v1.0.0"


class AnalyticsNotPublished(BijieError, FileNotFoundError):
    """The analytics database does not exist yet (no run has published it)."""

    exit_code: ClassVar[int] = 4


def _quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _fsync(path: Path, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish_database(
    con: duckdb.DuckDBPyConnection, dest: Path, *, storage_version: str = STORAGE_VERSION
) -> Path:
    """Copy every table, view, macro and sequence of ``con``'s database to ``dest`` atomically.

    The copy is in storage format ``storage_version`` (see :data:`STORAGE_VERSION`). Adds a one-row ``publication_info`` table (when, and the latest run). The copy is made
    read-only on disk (mode 0444): analysts open it with ``read_only=True``.

    When the database file is already in that format (DuckDB writes new files in it), it is
    checkpointed and its bytes copied (~0.04 s CPU for 5,000 files' warehouse); otherwise, or if
    it cannot be checkpointed now, ``COPY FROM DATABASE`` writes the copy table by table (~0.55 s).
    """
    dest = dest.resolve()
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    for stale in (tmp, tmp.with_name(tmp.name + ".wal")):
        stale.unlink(missing_ok=True)
    name, path, version = con.execute(
        "SELECT database_name, path, tags['storage_version'] FROM duckdb_databases() "
        "WHERE database_name = current_database()"
    ).fetchall()[0]
    source = _quote_ident(str(name))
    published_at = datetime.now(TZ).replace(tzinfo=None)
    try:
        copied = _copy_checkpointed(con, path, version, tmp, storage_version)
        option = "" if copied else f" (STORAGE_VERSION {_quote_literal(storage_version)})"
        con.execute(f"ATTACH {_quote_literal(str(tmp))} AS {_ATTACH_ALIAS}{option}")
        try:
            if not copied:
                con.execute(f"COPY FROM DATABASE {source} TO {_ATTACH_ALIAS}")
            con.execute(
                f"CREATE TABLE {_ATTACH_ALIAS}.publication_info AS "
                f"SELECT ?::TIMESTAMP AS published_at, max(run_id) AS run_id, max_by(as_of, run_id) AS as_of "
                f"FROM {source}.runs",
                [published_at],
            )
            con.execute(
                f"COMMENT ON TABLE {_ATTACH_ALIAS}.publication_info IS "
                "'发布信息：本分析库的生成时间（北京时间）与最近一次运行 / when this copy was published and the latest run'"
            )
            con.execute(f"CHECKPOINT {_ATTACH_ALIAS}")
        finally:
            con.execute(f"DETACH {_ATTACH_ALIAS}")
        _fsync(tmp)
        os.chmod(tmp, 0o444)
        os.replace(tmp, dest)
        _fsync(dest.parent, directory=True)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest


def _copy_checkpointed(
    con: duckdb.DuckDBPyConnection, path: str | None, version: Any, tmp: Path, storage_version: str
) -> bool:
    """Checkpoint the database file at ``path`` and copy its bytes to ``tmp``; False (nothing
    copied) when it is not a file in ``storage_version`` or cannot be checkpointed now (a
    transaction is open): the caller then copies table by table."""
    if not path or not str(version or "").startswith(storage_version):
        return False
    try:
        # From a cursor of its own: a CHECKPOINT refused inside ``con``'s open transaction would abort it.
        with con.cursor() as cur:
            cur.execute("CHECKPOINT")
    except duckdb.Error:
        return False
    wal = Path(f"{path}.wal")
    if wal.exists() and wal.stat().st_size:  # not everything is in the file: do not copy it
        return False
    shutil.copyfile(path, tmp)
    return True


def _connect_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    if not Path(path).exists():
        raise AnalyticsNotPublished(
            f"分析库不存在：{path}（请先运行一次入库任务） / analytics database not found"
        )
    return duckdb.connect(str(path), read_only=True)


def query(path: Path, sql: str, params: list[Any] | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run ``sql`` against the published database (read-only); returns (column names, rows)."""
    with _connect_read_only(path) as con:
        cursor = con.execute(sql, params or [])
        columns = [d[0] for d in cursor.description] if cursor.description else []
        return columns, cursor.fetchall() if columns else []


def query_statements(path: Path, sql: str) -> list[tuple[str, list[str], list[tuple[Any, ...]]]]:
    """Run every statement of ``sql`` (``;``-separated) against the published database, in order.

    Returns one ``(statement text, column names, rows)`` per statement; a statement that returns
    no result set (``SET …``) gives empty columns and rows.
    """
    with _connect_read_only(path) as con:
        results = []
        for statement in con.extract_statements(sql):
            cursor = con.execute(statement)
            columns = [d[0] for d in cursor.description] if cursor.description else []
            rows = cursor.fetchall() if columns else []
            results.append((statement.query.strip().rstrip(";").strip(), columns, rows))
        return results


def _write_partitioned(table: pa.Table, date_column: str, folder: Path) -> list[Path]:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    table = table.drop_columns([c for c in ("year", "month") if c in table.column_names])
    dates = table.column(date_column)
    table = table.append_column("year", pc.year(dates).cast(pa.int16())).append_column(
        "month", pc.month(dates).cast(pa.int8())
    )
    written: list[Path] = []
    ds.write_dataset(
        table,
        folder,
        format="parquet",
        partitioning=ds.partitioning(pa.schema([("year", pa.int16()), ("month", pa.int8())]), flavor="hive"),
        basename_template="part-{i}.parquet",
        existing_data_behavior="overwrite_or_ignore",
        file_visitor=lambda f: written.append(Path(f.path)),
    )
    return sorted(written)


def export_parquet(path: Path, out_dir: Path) -> list[Path]:
    """Write current observations (and indicator statuses, when that view exists) as Parquet.

    Layout (hive partitions, readable by pandas/pyarrow/Spark/Power BI)::

        out_dir/observations/year=2024/month=3/part-0.parquet      from v_observation_current
        out_dir/indicator_status/year=2024/month=3/part-0.parquet  from v_indicator_status
                                                                    (by as_of, else period)

    Each folder is replaced as a whole. Returns the files written.
    """
    out_dir = Path(out_dir)
    written: list[Path] = []
    with _connect_read_only(path) as con:
        obs = con.sql(
            "SELECT * FROM v_observation_current ORDER BY period, indicator_code, county"
        ).to_arrow_table()
        written += _write_partitioned(obs, "period", out_dir / "observations")
        has_status = con.execute(
            "SELECT count(*) FROM duckdb_views() WHERE view_name = 'v_indicator_status' AND NOT internal"
        ).fetchall()[0][0]
        if has_status:
            status = con.sql("SELECT * FROM v_indicator_status").to_arrow_table()
            date_column = next(
                (
                    c
                    for c in ("as_of", "period")
                    if c in status.column_names and pa.types.is_date(status.schema.field(c).type)
                ),
                None,
            )
            folder = out_dir / "indicator_status"
            if date_column is not None:
                written += _write_partitioned(status, date_column, folder)
            else:
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir(parents=True)
                pq.write_table(status, folder / "indicator_status.parquet")
                written.append(folder / "indicator_status.parquet")
    return written
