"""The inbox: which files to read, the names people see, and opening one file.

:func:`discover` lists the candidate files of an inbox; :func:`read_submission` opens one into a
:class:`~bijie_etl.ingest.submission.Submission` (a file-level problem becomes its error, never
an exception). Who sent a file is settled after validation (:mod:`bijie_etl.validate.submissions`).
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import logging
import os
import re
import traceback
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

import numpy as np

from bijie_etl.errors import Code, Failure, FileRejected
from bijie_etl.ingest.submission import Submission, sha256_of
from bijie_etl.ingest.table_rows import row_count
from bijie_etl.settings import TZ, Settings

if TYPE_CHECKING:
    from bijie_etl.ingest.reading import FileRead

__all__ = [
    "SPREADSHEET_SUFFIXES",
    "InboxPaths",
    "batches",
    "beijing_micros",
    "discover",
    "display_name",
    "expand",
    "listing",
    "read_submission",
    "stamps",
]

log = logging.getLogger(__name__)

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".csv"}


#: The errors pathlib's rglob passes over when a folder cannot be listed (Python 3.11 ``_ignore_error``).
_IGNORED_ERRNOS = {errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP}


def discover(inbox: Path) -> list[Path]:
    """Every candidate file under ``inbox`` (recursively), in a stable order (see :func:`listing`)."""
    return [Path(path) for path in listing(inbox)]


def listing(inbox: Path) -> list[str]:
    """Every candidate file under ``inbox`` (recursively), in a stable order, as path strings.

    A quiet night lists thousands of files it will not read: a path object for each of them
    cost more than listing the folders (5,000 files: 30 of 55 ms).

    Hidden files, Office lock files (``~$x.xlsx``) and partial downloads are skipped; files of
    other types are returned too so that the department is told they were not read.

    What ``sorted(p for p in inbox.rglob("*") if p.is_file() and not p.is_symlink())`` gives
    (Python 3.11), with one ``scandir`` per folder instead of two ``stat`` calls and a path
    object per entry: a quiet night lists thousands of files. Symlinked folders are not entered
    and an unreadable folder is passed over, as rglob does; the order is by path components.
    """
    if not inbox.is_dir():
        return []
    root = os.fspath(inbox)
    found: list[tuple[tuple[str, ...], str]] = []
    pending: list[tuple[str, tuple[str, ...]]] = [(root, ())]
    while pending:
        folder, parts = pending.pop()
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError as exc:  # unreadable, or gone meanwhile: passed over like rglob does
            if isinstance(exc, PermissionError) or exc.errno in _IGNORED_ERRNOS:
                continue
            raise
        for entry in listed:
            name = entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, (*parts, name)))
                    continue
                if not entry.is_file(follow_symlinks=False):
                    continue
            except OSError:
                continue
            if name.startswith((".", "~$")) or name.endswith((".tmp", ".part", ".crdownload")):
                continue
            found.append(((*parts, name), entry.path))
    found.sort(key=lambda item: item[0])
    return [path for _parts, path in found]


def batches(paths: Sequence[Path], size: int, max_bytes: int | None = None) -> list[list[Path]]:
    """Split ``paths``, in order, into lists of at most ``size`` files (one Prefect task run per batch).

    With ``max_bytes``, a batch also ends before its files would add up to more than that many
    bytes (a batch's memory grows with what its files hold; a file larger than the bound is a
    batch of its own). A path that cannot be stat'ed counts as empty: reading it reports why.
    """
    size = max(1, size)
    if max_bytes is None:
        return [list(paths[i : i + size]) for i in range(0, len(paths), size)]
    out: list[list[Path]] = []
    batch: list[Path] = []
    total = 0
    for path in paths:
        try:
            nbytes = path.stat().st_size
        except OSError:
            nbytes = 0
        if batch and (len(batch) >= size or total + nbytes > max_bytes):
            out.append(batch)
            batch, total = [], 0
        batch.append(path)
        total += nbytes
    if batch:
        out.append(batch)
    return out


class InboxPaths:
    """``path.resolve().relative_to(inbox.resolve())`` for many files of one inbox, cheaply.

    ``Path.resolve()`` walks (lstat) every component of every path; here the inbox and each
    folder are resolved once, and only a file that is itself a symlink is resolved in full.
    Same results as resolving each path: realpath(dir/name) = realpath(dir)/name unless name
    is a symlink.
    """

    def __init__(self, inbox: Path) -> None:
        self.root = inbox.resolve()
        self._dirs: dict[str, str] = {}
        # folder → what display() puts before a file name in it: "" (the inbox itself), "a/b/",
        # or None when the folder lies outside the inbox (the file's bare name is shown).
        self._shown: dict[str, str | None] = {}

    def relative(self, path: Path) -> PurePath | None:
        """The resolved path relative to the resolved inbox, or ``None`` when it lies outside."""
        folder, name = os.path.split(os.fspath(path))
        if not name or name in {".", ".."} or os.path.islink(path):
            real: Path = path.resolve()
        else:
            real_dir = self._dirs.get(folder)
            if real_dir is None:
                real_dir = self._dirs[folder] = str(Path(folder or ".").resolve())
            real = Path(real_dir, name)
        try:
            return real.relative_to(self.root)
        except ValueError:
            return None

    def display(self, path: Path) -> str:
        """The file's name as shown to people: its path inside the inbox, else its bare name.

        Worked out once per folder (a batch names thousands of files in a few folders; pathlib
        per file cost ~90 µs): the same string as ``relative(path).as_posix()`` or ``path.name``.
        """
        folder, name = os.path.split(os.fspath(path))
        if not name or name in {".", ".."} or name == self.root.name or os.path.islink(path):
            rel = self.relative(path)  # the file itself resolved, or a name that could be the inbox
            return path.name if rel is None else rel.as_posix()
        try:
            shown = self._shown[folder]
        except KeyError:
            self.relative(path)  # resolves the folder once
            real_dir = PurePath(self._dirs[folder])
            if real_dir == self.root:
                shown = ""
            elif real_dir.is_relative_to(self.root):
                shown = real_dir.relative_to(self.root).as_posix() + "/"
            else:
                shown = None
            self._shown[folder] = shown
        return name if shown is None else shown + name


def display_name(path: Path, inbox: Path) -> str:
    return InboxPaths(inbox).display(path)


def read_submission(
    path: Path,
    *,
    settings: Settings,
    inbox: Path,
    sha256: str | None = None,
    file_name: str | None = None,
) -> tuple[Submission, FileRead | None]:
    """Open one file: a :class:`Submission` plus its ``FileRead``, or ``None`` when the whole file is rejected.

    ``file_name`` is the name shown to people when the caller already has it (its path inside
    ``inbox``). Never raises for bad input: a file-level problem becomes the submission's error
    and failure. Without ``sha256``, a file no larger than ``settings.max_file_bytes`` is read once:
    its bytes are hashed and parsed (not read a second time to parse them).
    """
    from bijie_etl.ingest.reading import read_file

    data = None
    if sha256:
        stat = path.stat()
    else:
        stat, data = _stat_and_bytes(path, settings.max_file_bytes)
        # too large (data None): read_file refuses it on its size; hashed in pieces, never held whole
        sha256 = hashlib.sha256(data).hexdigest() if data is not None else sha256_of(path)
    sub = Submission(
        path=path,
        file_name=file_name if file_name is not None else display_name(path, inbox),
        sha256=sha256,
        size_bytes=stat.st_size,
        received_at=datetime.fromtimestamp(stat.st_mtime, tz=UTC),
    )
    try:
        read = read_file(path, settings, size=stat.st_size, data=data)
    except FileRejected as exc:
        sub.error = exc.message_zh
        sub.failures = [exc.to_failure(sub.file_name)]
        return sub, None
    except Exception as exc:  # a reader bug or an input nobody foresaw: reject the file, keep the run
        log.warning("unexpected error reading %s: %s", sub.file_name, exc)
        log.debug("%s", traceback.format_exc())
        sub.error = f"文件无法读取（{type(exc).__name__}）。请检查文件是否损坏，另存为 .xlsx 后重新报送。"
        sub.failures = [Failure(code=Code.FILE_UNREADABLE, message_zh=sub.error, file=sub.file_name)]
        return sub, None
    from bijie_etl.ingest.feedback import reading_summary

    sub.reading = reading_summary(read)
    readable = sum(row_count(s) for s in read.sheets)
    ambiguous = [
        dataclasses.replace(w, file=sub.file_name)
        for s in read.sheets
        for w in s.warnings
        if w.code is Code.LAYOUT_AMBIGUOUS
    ]
    # Rows of tables refused whole were read too (读取 = 入库 + 退回 + …), as 退回 counts them.
    sub.rows_read = readable + sum(w.rows_refused for w in ambiguous)
    if readable == 0 and ambiguous:  # no table could be read unambiguously: say what was ambiguous
        sub.error = ambiguous[0].message_zh
        sub.failures = ambiguous
        return sub, None
    below = _refusals_below_header(read, sub.file_name) if readable == 0 else []
    if below:  # rows there were, and each was set aside with its reason (统计期 2024年二季度 …): say those
        sub.error = below[0].message_zh
        sub.failures = below
        return sub, None
    if readable == 0:  # a header and nothing under it: tell the department instead of loading nothing
        sheet = read.sheets[0]
        sub.error = f"工作表“{sheet.sheet}”只有表头（第{sheet.header_row}行），下面没有任何数据行。请填写数据后重新报送。"
        sub.failures = [
            Failure(
                code=Code.FILE_EMPTY,
                message_zh=sub.error,
                file=sub.file_name,
                sheet=sheet.sheet,
                row_number=sheet.header_row,
            )
        ]
        return sub, None
    return sub, read


def _stat_and_bytes(path: Path, max_bytes: int) -> tuple[os.stat_result, bytes | None]:
    """``path.stat()`` and, when the file is no larger than ``max_bytes``, ``path.read_bytes()``: from one
    open of the file (its fstat, then reads to the end), without pathlib's and io's file objects. When
    any of it fails, the two calls themselves are made, so they raise exactly as they always did."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        fd = -1
    if fd >= 0:
        try:
            stat = os.fstat(fd)
            if stat.st_size > max_bytes:
                return stat, None
            pieces = []
            while piece := os.read(fd, stat.st_size + 1):  # to the end, as read_bytes (the file may grow)
                pieces.append(piece)
            return stat, b"".join(pieces)
        except OSError:
            pass
        finally:
            os.close(fd)
    stat = path.stat()
    return stat, path.read_bytes() if stat.st_size <= max_bytes else None


def _refusals_below_header(read: FileRead, file_name: str) -> list[Failure]:
    """The warnings of a file that gave no row, when one of them is about a cell under its table's header
    (a data row set aside with its reason, e.g. a quarter's own figure) or refused rows (a table refused on its
    title): the file is not "header only"."""
    found = []
    for sheet in read.sheets:
        for w in sheet.warnings:
            row = _ROW_OF_CELL.search(w.cell or "")
            below = row is not None and int(row[1]) > sheet.header_row
            if w.code is not Code.NOTE_IGNORED and (
                below or w.rows_refused
            ):  # or a table refused on its title
                found = [dataclasses.replace(x, file=file_name) for s in read.sheets for x in s.warnings]
                return found
    return found


_ROW_OF_CELL = re.compile(r"^[A-Z]{1,3}(\d+)$")


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders replaced by the files :func:`discover` finds in them."""
    files: list[Path] = []
    for p in paths:
        files.extend(discover(p) if p.is_dir() else [p])
    return files


def stamps(paths: Sequence[Path | str]) -> tuple[list[str], list[int], np.ndarray]:
    """Each file's path, size and modification time as it is recorded (:func:`beijing_micros`), for
    comparing thousands of known files with ``submitted_files`` in one query."""
    sizes, mtimes = [], []
    for path in paths:
        st = os.stat(path)
        sizes.append(st.st_size)
        mtimes.append(st.st_mtime)
    return [os.fspath(p) for p in paths], sizes, beijing_micros(mtimes)


#: 1992-01-01 UTC: Beijing time has been UTC+8 all year round since (no summer time after 1991).
_FIXED_OFFSET_SINCE = 694_224_000
_BEIJING_OFFSET_US = 8 * 3600 * 1_000_000


def beijing_micros(mtimes: Sequence[float]) -> np.ndarray:
    """Modification times (POSIX seconds) as Beijing wall-clock microseconds since the epoch.

    Bit for bit what ``datetime.fromtimestamp(t, TZ)`` gives (the received_at a file is recorded
    with, see :func:`read_submission`): CPython splits ``t`` with ``modf``, scales the fraction to microseconds and rounds half
    to even; numpy does the same operations on the whole column (5,000 files: 9 → 0.3 ms). Times
    before 1992, when Beijing still had summer time, go through ``datetime`` one by one.
    """
    seconds = np.asarray(mtimes, dtype=np.float64)
    if len(seconds) == 0 or seconds.min() < _FIXED_OFFSET_SINCE:
        return np.array(
            [_micros(datetime.fromtimestamp(t, tz=TZ).replace(tzinfo=None)) for t in mtimes], dtype=np.int64
        )
    fraction, whole = np.modf(seconds)
    micros = np.rint(fraction * 1e6)
    carry = micros >= 1e6
    micros[carry] -= 1e6
    whole[carry] += 1.0
    return whole.astype(np.int64) * 1_000_000 + micros.astype(np.int64) + _BEIJING_OFFSET_US


def _micros(naive: datetime) -> int:
    """A naive wall-clock datetime as microseconds since 1970-01-01 00:00 of the same clock."""
    delta = naive - datetime(1970, 1, 1)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
