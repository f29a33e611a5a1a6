"""Processed files leave the inbox: ``archive/<department>/<YYYY-MM>/``, the path kept in the warehouse.

After the nightly run has recorded a file (loaded, partly loaded or rejected), it is moved from
the inbox to ``<archive>/<department inbox folder>/<YYYY-MM of receipt>/<name>``, so the inbox
shows only what is new. The move is a rename (atomic on one file system; across file systems a
copy is fsynced and renamed into place before the inbox copy is removed). Where it went is
recorded in ``file_archive`` *before* the move, so a crash in between leaves the file in the
inbox, where the next run finds it already recorded (same sha256) and moves it again.

A file the database refused (not recorded) stays in the inbox for the next run. A file sent
again with the same content is a no-op as before (sha256); it is archived beside the first copy
(or dropped when an identical copy is already there) and the submission keeps its first path.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bijie_etl.ingest.submission import sha256_of
from bijie_etl.settings import TZ, Settings

__all__ = ["Archived", "archive_processed"]

log = logging.getLogger(__name__)

UNKNOWN_DEPARTMENT = "未识别部门"


@dataclass(frozen=True)
class Archived:
    """One file moved out of the inbox (``target`` None: an identical copy was already archived)."""

    source: Path
    target: Path | None
    submission_id: int


def _now() -> datetime:
    return datetime.now(TZ).replace(tzinfo=None)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _move(source: Path, target: Path) -> None:
    """Move ``source`` to ``target`` without ever overwriting it, and without a moment where the file is nowhere.

    A hard link then an unlink on one file system; across file systems (or where links are not
    allowed) a copy, fsynced, renamed into place, then the unlink.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)  # FileExistsError if the target is taken: nothing is overwritten
    except FileExistsError:
        raise
    except OSError:  # EXDEV (another file system) or links not supported
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        shutil.copy2(source, tmp)
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.rename(tmp, target)
    os.unlink(source)
    _fsync_dir(target.parent)


def _free_target(folder: Path, name: str, sha256: str) -> Path | None:
    """``folder/name``, or ``name (2)`` … when taken by other content; None when identical content is there."""
    stem, suffix = Path(name).stem, Path(name).suffix
    for i in range(1, 1000):
        candidate = folder / (name if i == 1 else f"{stem} ({i}){suffix}")
        if not candidate.exists():
            return candidate
        if sha256_of(candidate) == sha256:
            return None
    raise FileExistsError(f"too many files named {name} in {folder}")


def archive_processed(warehouse: Any, settings: Settings, paths: Sequence[Path]) -> list[Archived]:
    """Move every file of ``paths`` that the warehouse has recorded into the archive; returns what moved.

    ``paths`` are files of the inbox (those of this run). Files not recorded stay where they are.
    """
    con = getattr(warehouse, "con", warehouse)
    files = [p for p in paths if p.is_file()]
    if not files:
        return []
    shas = {p: sha256_of(p) for p in files}
    rows = con.execute(
        "SELECT f.sha256, f.submission_id, coalesce(d.inbox, f.department), f.received_at, a.archived_path "
        "FROM submitted_files AS f LEFT JOIN catalog_departments AS d ON d.code = f.department "
        "LEFT JOIN file_archive AS a USING (submission_id) WHERE list_contains(?, f.sha256)",
        [sorted(set(shas.values()))],
    ).fetchall()
    by_sha = {r[0]: r for r in rows}
    root = settings.archive_root
    moved: list[Archived] = []
    for path in files:
        row = by_sha.get(shas[path])
        if row is None:
            continue  # not recorded (the database refused it): the next run tries it again
        _sha, submission_id, department, received_at, archived = row
        folder = root / (department or UNKNOWN_DEPARTMENT) / f"{received_at:%Y-%m}"
        target = _free_target(folder, path.name, shas[path])
        if target is None:  # the same content is already in that folder: the inbox copy is redundant
            os.unlink(path)
            moved.append(Archived(path, None, int(submission_id)))
            continue
        if archived is None:  # recorded before the move: a crash in between is repaired next run
            con.execute(
                "INSERT INTO file_archive (submission_id, archived_path, archived_at) VALUES (?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                [submission_id, str(target), _now()],
            )
            by_sha[shas[path]] = (*row[:4], str(target))
        _move(path, target)
        moved.append(Archived(path, target, int(submission_id)))
    if moved:
        log.info("已归档 %d 个文件到 %s", len(moved), root)
    return moved
