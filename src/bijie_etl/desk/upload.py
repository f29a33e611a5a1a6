"""An uploaded file: the dry run (same reader, rules and history as the nightly run, nothing written
to the warehouse) and the submission (atomic placement into the department's inbox folder).

Why the inbox and not an immediate load: the nightly run is the one writer of the warehouse
(it holds the writer lock for minutes); a desk that loaded at once would either wait for it or
be a second writer. A submitted file is simply what a department would have dropped in its
folder, so it goes through exactly the same run, lock, history and feedback as every other file,
and the run stays the single place where data enters the warehouse. The dry run already showed
what the run will make of it (unless another file changes the history in between).

The uploaded file's name is never used as a path: the staged copy and the inbox file get names
made here from a random id and, if the original name states a month (``能源局_2024-06.xlsx``),
that month, so the reader's period hint is the same as for the original name.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import re
import secrets
import shutil
import string
import threading
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from bijie_etl.catalog import Catalog, Department
from bijie_etl.ingest.submission import Submission
from bijie_etl.settings import Settings

log = logging.getLogger(__name__)

__all__ = [
    "History",
    "HistoryCache",
    "UploadCheck",
    "check_upload",
    "display_name",
    "place_in_inbox",
    "staged_path",
    "upload_suffix",
]

_SUFFIX = re.compile(r"\.[a-z0-9]{1,8}")
_ID_ALPHABET = string.ascii_lowercase  # no digits: an id must never look like a month to the reader


def new_upload_id() -> str:
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(24))


def display_name(name: str | None) -> str:
    """The uploaded file's name for showing only: last path part, no control characters, at most 120 characters."""
    text = unicodedata.normalize("NFC", name or "")
    text = re.split(r"[/\\]", text)[-1]
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C").strip(" .")
    return text[:120] or "上传文件"


def upload_suffix(name: str | None) -> str:
    """The lower-case extension (``.xlsx``) when it is plain letters/digits, else ``''``."""
    suffix = os.path.splitext(display_name(name))[1].lower()
    return suffix if _SUFFIX.fullmatch(suffix) else ""


def _period_token(name: str) -> str | None:
    from bijie_etl.ingest.reading import period_from_text

    period = period_from_text(os.path.splitext(display_name(name))[0])
    return f"{period.year:04d}-{period.month:02d}" if period else None


def staged_path(settings: Settings, upload_id: str, department: Department, original_name: str) -> Path:
    """Where an upload's bytes are kept: ``desk/uploads/<id>/<inbox folder>/<month or 'upload'><suffix>``.

    The folder mirrors the inbox, so the dry run decides the sending department exactly as the
    nightly run will.
    """
    if not re.fullmatch(r"[a-z]{24}", upload_id):
        raise ValueError("bad upload id")
    stem = _period_token(original_name) or "upload"
    return (
        settings.desk_dir / "uploads" / upload_id / department.inbox / f"{stem}{upload_suffix(original_name)}"
    )


#: Where a dry run's history came from (shown on the result page).
HISTORY_LIVE = "live"
HISTORY_PUBLISHED = "published"


@dataclass(frozen=True)
class History:
    """The warehouse history a dry run checks against, and where it was read.

    ``frame``: current observations as the nightly run reads them (:meth:`Warehouse.ytd_history`);
    ``loaded``: sha256 of every file loaded (whole or in part); ``source``: :data:`HISTORY_LIVE`
    (the warehouse itself) or :data:`HISTORY_PUBLISHED` (the analysts' copy, only while a run holds
    the writer lock).
    """

    frame: pd.DataFrame | None
    loaded: frozenset[str]
    source: str


class HistoryCache:
    """The history the nightly run checks against, read from the live warehouse under the writer lock's rules.

    The nightly run reads its history inside the writer lock, from the warehouse itself. A dry run
    does the same: it takes the writer lock without waiting (``timeout=0``), opens the warehouse
    read-only, reads, and lets go (milliseconds; a run starting then waits for it like for any
    holder). So it sees every committed load, also one whose run failed before publishing, or a
    ``bijie-etl ingest`` that does not publish: the published copy would be stale then, and a stale
    history changes verdicts (a 1-本月累计 below a month loaded since is ``ytd_decreased``; a file
    already loaded is not "new").

    While a run holds the lock (it loads for minutes and DuckDB admits no reader beside a writing
    process), the dry run does not wait: it uses the published copy, which is the warehouse as the
    previous run left it, and the result says so (the run in progress may change the verdict).

    In province mode the lake has no lock to take: a read-only attach sees the latest committed
    snapshot of the city, which is the live warehouse.

    Reloaded only when the source changed (file size/mtime of the database and its WAL, or the
    published copy's inode/mtime; in the lake, its snapshot id).
    """

    _SQL = (
        "SELECT indicator_code, county, period, value_ytd, value_month FROM observations "
        "WHERE superseded_at IS NULL ORDER BY indicator_code, county, period"
    )
    _LOADED = "SELECT DISTINCT sha256 FROM submitted_files WHERE status IN ('loaded', 'partial')"

    def __init__(self, settings: Settings | Path) -> None:
        if isinstance(settings, Path):  # the published copy only (tests comparing with the inbox)
            self.settings: Settings | None = None
            self.published = Path(settings)
        else:
            self.settings = settings
            self.published = settings.analytics_path
        self._cache: dict[str, tuple[Any, History]] = {}
        self._lock = threading.Lock()

    def get(self) -> pd.DataFrame | None:
        """The history frame only (see :meth:`read`)."""
        return self.read().frame

    def read(self) -> History:
        """The history, live when the warehouse is free, else the published copy (see the class docstring)."""
        with self._lock:
            if self.settings is not None and self.settings.lake_mode:
                return self._lake(self.settings)
            if self.settings is not None:
                live = self._live(self.settings)
                if live is not None:
                    return live
            return self._published()

    @staticmethod
    def _frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
        import pyarrow as pa

        table = con.sql(HistoryCache._SQL).to_arrow_table()
        frame = table.to_pandas(
            types_mapper={pa.string(): pd.StringDtype(), pa.float64(): pd.Float64Dtype()}.get
        )
        frame["period"] = pd.Series(table.column("period").to_pylist(), dtype="object")
        return frame

    def _read_con(self, con: duckdb.DuckDBPyConnection, source: str) -> History:
        loaded = frozenset(r[0] for r in con.execute(self._LOADED).fetchall())
        return History(self._frame(con), loaded, source)

    def _cached(self, name: str, key: Any, load: Any) -> History:
        hit = self._cache.get(name)
        if hit is not None and hit[0] == key:
            return hit[1]
        history = load()
        self._cache[name] = (key, history)
        return history

    def _live(self, settings: Settings) -> History | None:
        from bijie_etl.warehouse.locking import WarehouseBusy, writer_lock

        db = settings.database_path
        if not db.exists():
            return None
        try:
            with writer_lock(settings.lock_path, timeout=0):

                def stat(path: Path) -> tuple[int, int] | None:
                    try:
                        st = path.stat()
                    except FileNotFoundError:
                        return None
                    return (st.st_size, st.st_mtime_ns)

                key = (stat(db), stat(db.with_name(db.name + ".wal")))

                def load() -> History:
                    with duckdb.connect(str(db), read_only=True) as con:
                        return self._read_con(con, HISTORY_LIVE)

                return self._cached("live", key, load)
        except WarehouseBusy:
            return None  # a run is writing: the published copy is the warehouse before it
        except duckdb.Error as exc:  # opened for writing outside the lock (should not happen): do not guess
            log.warning("数据仓库暂时无法只读打开，本次检查使用上次发布的分析库：%s", exc)
            return None

    def _published(self) -> History:
        try:
            st = self.published.stat()
        except FileNotFoundError:
            return History(None, frozenset(), HISTORY_PUBLISHED)

        def load() -> History:
            with duckdb.connect(str(self.published), read_only=True) as con:
                return self._read_con(con, HISTORY_PUBLISHED)

        return self._cached("published", (st.st_ino, st.st_mtime_ns), load)

    def _lake(self, settings: Settings) -> History:
        from bijie_etl.warehouse.lake import LAKE_ALIAS, connect_lake, current_snapshot

        con = connect_lake(settings, read_only=True)
        try:
            if settings.city not in {
                r[0]
                for r in con.execute(
                    "SELECT schema_name FROM duckdb_tables() WHERE database_name = ? AND table_name = 'observations'",
                    [LAKE_ALIAS],
                ).fetchall()
            }:
                return History(None, frozenset(), HISTORY_LIVE)
            con.execute(f"USE {LAKE_ALIAS}.{settings.city}")
            return self._cached(
                f"lake:{settings.city}", current_snapshot(con), lambda: self._read_con(con, HISTORY_LIVE)
            )
        finally:
            con.close()


@dataclass
class UploadCheck:
    """What the nightly run would make of an uploaded file (the dry run's result)."""

    upload_id: str
    department: str
    original_name: str
    suffix: str
    sha256: str
    size_bytes: int
    submission: Submission
    problems: list[dict[str, str]]
    values: list[dict[str, Any]]
    reading: dict[str, Any]
    already_loaded: bool = False
    history_source: str = HISTORY_LIVE

    @property
    def status(self) -> str:
        return self.submission.status.value

    def result(self) -> dict[str, Any]:
        """The JSON kept with the upload and shown on its page."""
        sub = self.submission
        return {
            "status": self.status,
            "error": sub.error,
            "problems": self.problems,
            "values": self.values,
            "reading": self.reading,
            "rows_read": sub.rows_read,
            "rows_ok": sub.rows_loaded,
            "rows_rejected": sub.rows_rejected,
            "errors": len(sub.errors),
            "warnings": len(sub.warnings),
            "already_loaded": self.already_loaded,
            "history": self.history_source,
        }


def _reading_summary(read: Any) -> dict[str, Any]:
    from bijie_etl.validate.rules import FIELD_LABELS

    if read is None:
        return {}
    period = read.period_hint
    return {
        "title": read.title,
        "period_hint": f"{period.year}年{period.month}月" if period else None,
        "department_hint": read.department_hint,
        "sheets": [
            {
                "sheet": s.sheet,
                "header_row": s.header_row,
                "rows": len(s.rows),
                "columns": [
                    {"field": FIELD_LABELS.get(f, f), "column": letter} for f, letter in s.columns.items()
                ],
            }
            for s in read.sheets
        ],
    }


def _values(sub: Submission, catalog: Catalog) -> list[dict[str, Any]]:
    rows = []
    for r in sub.observations.head(500).itertuples(index=False):
        target = catalog.get(str(r.indicator_code))
        value = r.value
        rows.append(
            {
                "indicator": target.name_zh if target else str(r.indicator_code),
                "code": str(r.indicator_code),
                "period": f"{r.period.year}年{r.period.month}月"
                if isinstance(r.period, date)
                else str(r.period),
                "county": str(r.county),
                "value": None if pd.isna(value) else float(value),
                "unit": "" if pd.isna(r.unit) else str(r.unit),
                "cell": "" if pd.isna(r.cell) else f"{r.sheet}!{r.cell}",
            }
        )
    return rows


def check_upload(
    data: bytes,
    original_name: str,
    department: Department,
    *,
    catalog: Catalog,
    settings: Settings,
    as_of: date,
    history: pd.DataFrame | History | None,
    loaded_sha256: set[str] | frozenset[str] | None = None,
) -> UploadCheck:
    """Dry-run an uploaded file exactly as the nightly run would read and validate it; nothing is loaded.

    The bytes are kept under ``desk/uploads/<id>/`` for a later submission. ``history`` is what the
    nightly run would check against (a :class:`History` from :class:`HistoryCache`, or a bare frame);
    ``loaded_sha256`` (optional; else the History's) tells whether the same content is already loaded.
    """
    source = HISTORY_LIVE
    if isinstance(history, History):
        source = history.source
        loaded_sha256 = history.loaded if loaded_sha256 is None else loaded_sha256
        history = history.frame
    from bijie_etl.ingest.discover import read_submission
    from bijie_etl.ingest.feedback import feedback_rows
    from bijie_etl.validate.submissions import validate_submissions

    upload_id = new_upload_id()
    path = staged_path(settings, upload_id, department, original_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as fh:
        fh.write(data)
    sha = hashlib.sha256(data).hexdigest()
    name = display_name(original_name)
    root = path.parent.parent
    opened = [read_submission(path, settings=settings, inbox=root, sha256=sha, file_name=name)]
    sub = validate_submissions(opened, catalog=catalog, as_of=as_of, inbox=root, history=history)[0]
    sub.department = department.code
    sub.received_at = datetime.now(UTC)
    if upload_suffix(original_name) == ".csv":  # a csv's sheet is its file stem: show the department's
        staged, shown = path.stem, os.path.splitext(name)[0]

        def named(text: str) -> str:
            return text.replace(f"“{staged}”", f"“{shown}”")

        sub.error = named(sub.error) if sub.error else sub.error
        sub.failures = [
            dataclasses.replace(
                f, sheet=shown if f.sheet == staged else f.sheet, message_zh=named(f.message_zh)
            )
            for f in sub.failures
        ]
        if len(sub.observations):
            sub.observations = sub.observations.assign(
                sheet=sub.observations["sheet"].where(sub.observations["sheet"] != staged, shown)
            )
    problems = [dict(row.items()) for row in feedback_rows(sub, catalog)]
    return UploadCheck(
        upload_id=upload_id,
        department=department.code,
        original_name=name,
        suffix=upload_suffix(original_name),
        sha256=sha,
        size_bytes=len(data),
        submission=sub,
        problems=problems,
        values=_values(sub, catalog),
        reading=_reading_summary(opened[0][1]),
        already_loaded=bool(loaded_sha256 and sha in loaded_sha256),
        history_source=source,
    )


def too_large(size: int, settings: Settings) -> str:
    """The inbox's FILE_TOO_LARGE message, for an upload refused before it is stored."""
    return (
        f"文件过大（{size / 1024 / 1024:.1f} MB，上限 {settings.max_file_bytes / 1024 / 1024:.0f} MB）。"
        "请只保留需要报送的工作表后重新报送。"
    )


#: Suffixes the nightly run reads; anything else (``.part``, ``.tmp``, none) is named by its content.
INBOX_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")


def _sniffed_suffix(path: Path) -> str:
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(b"PK\x03\x04"):
        return ".xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return ".xls"
    return ".csv"


def place_in_inbox(staged: Path, settings: Settings, department: Department, upload_id: str) -> str:
    """Put the staged file into the department's inbox folder atomically; returns its name there.

    Written as a hidden ``.part`` file (which the run's discover skips), fsynced, then hard-linked
    to its final name (never replacing an existing file) and the temporary name removed, so the
    run sees either nothing or the whole file.
    """
    folder = settings.inbox_dir / department.inbox
    folder.mkdir(parents=True, exist_ok=True)
    token = upload_id[:12]
    period = staged.stem if re.fullmatch(r"\d{4}-\d{2}", staged.stem) else None
    suffix = staged.suffix if staged.suffix in INBOX_SUFFIXES else _sniffed_suffix(staged)
    name = f"{period}_desk_{token}{suffix}" if period else f"desk_{token}{suffix}"
    final = folder / name
    tmp = folder / f".{name}.part"
    with open(staged, "rb") as src, open(tmp, "wb") as dst:
        shutil.copyfileobj(src, dst)
        dst.flush()
        os.fsync(dst.fileno())
    try:
        os.link(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return f"{department.inbox}/{name}"
