"""A batch of opened files validated together, and who sent each file.

:func:`validate_submissions` runs the readable files of a batch through one pandera call
(:func:`bijie_etl.validate.rules.validate_batch`), then settles each file's department: the inbox
folder, else the 填报单位 cell, else the owner of most of its rows; a department that sent rows
it may not report has them rejected (:mod:`bijie_etl.validate.ownership`).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from bijie_etl.catalog import Catalog
from bijie_etl.ingest.discover import InboxPaths
from bijie_etl.ingest.reading import FileRead
from bijie_etl.ingest.submission import Submission
from bijie_etl.settings import GuardSettings
from bijie_etl.validate.history import KeyedHistory
from bijie_etl.validate.ownership import check_ownership, department_from_text, department_mismatch
from bijie_etl.validate.rules import validate_batch_rows

__all__ = ["department_of", "folder_department", "validate_submissions"]


def folder_department(path: Path, inbox: Path | InboxPaths, catalog: Catalog) -> str | None:
    """The department whose inbox folder the file lies in, or ``None``."""
    paths = inbox if isinstance(inbox, InboxPaths) else InboxPaths(inbox)
    rel = paths.relative(path)
    parts = rel.parts[:-1] if rel is not None else ()
    for part in parts:
        dept = catalog.department(part)
        if dept:
            return dept.code
    return None


def department_of(
    path: Path,
    inbox: Path | InboxPaths,
    catalog: Catalog,
    hint: str | None,
    observations: pd.DataFrame,
) -> str | None:
    """The file's inbox folder, else a 填报单位 cell, else the owner of most of its indicators."""

    folder = folder_department(path, inbox, catalog)
    if folder:
        return folder
    stated = department_from_text(catalog, hint)
    if stated:
        return stated
    return _owner_of_most(observations["indicator_code"].tolist() if len(observations) else [], catalog)


def _owner_of_most(
    codes: list[Any], catalog: Catalog, owners: dict[Any, str | None] | None = None
) -> str | None:
    """The department owning most of ``codes`` (the first seen of a tie), or ``None``; ``owners``
    remembers each code's owner across a batch."""
    known: dict[Any, str | None] = {} if owners is None else owners
    counts: Counter[str] = Counter()
    # Distinct codes in the order they first appear: owners are counted in the same order (a tie
    # goes to the owner seen first) with one lookup per code instead of one per row.
    for code, n in Counter(codes).items():
        try:
            owner = known[code]
        except KeyError:
            target = None if pd.isna(code) else catalog.get(str(code))
            owner = known[code] = target.department if target is not None else None
        if owner is not None:
            counts[owner] += n
    return counts.most_common(1)[0][0] if counts else None


@dataclass
class _BatchMemo:
    """Answers that repeat across the files of a batch, worked out once."""

    allowed: dict[tuple[str, Any], bool] = field(default_factory=dict)  # (sender, code) → may report
    owners: dict[Any, str | None] = field(default_factory=dict)  # code → owning department
    folders: dict[str, str | None] = field(default_factory=dict)  # directory → folder department
    files: dict[str, str | None] = field(default_factory=dict)  # file → folder department
    stated: dict[str | None, str | None] = field(default_factory=dict)  # 填报单位 text → department

    def folder(self, path: Path, paths: InboxPaths, catalog: Catalog) -> str | None:
        """:func:`folder_department`, once per directory (a symbolic link is resolved once per file)."""
        key = os.fspath(path)
        if key in self.files:
            return self.files[key]
        directory, name = os.path.split(key)
        if not name or name in {".", ".."} or os.path.islink(path):
            found = folder_department(path, paths, catalog)
        else:
            if directory not in self.folders:
                self.folders[directory] = folder_department(path, paths, catalog)
            found = self.folders[directory]
        self.files[key] = found
        return found

    def department(self, catalog: Catalog, hint: str | None) -> str | None:
        """:func:`department_from_text`, once per distinct 填报单位 text."""
        if hint not in self.stated:
            self.stated[hint] = department_from_text(catalog, hint)
        return self.stated[hint]


def _settle_department(
    sub: Submission,
    read: FileRead | None,
    paths: InboxPaths,
    catalog: Catalog,
    memo: _BatchMemo,
) -> None:
    """Who sent the file, and the rows that department may not report (rejected, owner named).

    The sender is the inbox folder, else the 填报单位 cell; only then is the ownership rule
    applied. A file with neither is attributed to the owner of most of its rows, unchecked.
    ``folder`` is the file's :func:`folder_department`.
    """

    hint = read.department_hint if read is not None else None
    folder = memo.folder(sub.path, paths, catalog)
    sender = folder or memo.department(catalog, hint)
    rows = sub.batch_rows()  # the file's rows of the batch frame: read without cutting a frame
    if sender is None:
        if rows is not None:
            codes = rows.values("indicator_code")
        else:
            codes = sub.observations["indicator_code"].tolist() if sub.rows_loaded else []
        sub.department = _owner_of_most(codes, catalog, memo.owners)
        return
    sub.department = sender
    if read is None:
        return
    if folder is not None:
        warning = department_mismatch(
            folder_department=folder, stated=hint, catalog=catalog, file_name=sub.file_name
        )
        if warning is not None:
            sub.failures.append(warning)
    if rows is None:
        sub.observations, refused = check_ownership(
            sub.observations, department=sender, catalog=catalog, file_name=sub.file_name
        )
        sub.failures.extend(refused)
        return
    codes = rows.values("indicator_code")
    allowed = {}
    for code in dict.fromkeys(codes):  # once per distinct code of the file
        if pd.isna(code):
            allowed[code] = True
            continue
        ok = memo.allowed.get((sender, code))
        if ok is None:
            ok = memo.allowed[(sender, code)] = catalog.may_report(sender, str(code))
        allowed[code] = ok
    if not all(allowed.values()):  # rare: the same check on the file's own frame names the refused rows
        keep = [allowed[code] for code in codes]
        _kept, refused = check_ownership(
            rows.frame(), department=sender, catalog=catalog, file_name=sub.file_name
        )
        sub.observations = rows.keep(keep)
        sub.failures.extend(refused)


def validate_submissions(
    opened: Sequence[tuple[Submission, FileRead | None]],
    *,
    catalog: Catalog,
    as_of: date,
    inbox: Path,
    history: pd.DataFrame | KeyedHistory | None,
    guard: GuardSettings | None = None,
    sequential: bool = True,
) -> list[Submission]:
    """Validate the readable files of a batch in one pandera call and settle each file's department.

    Each file's observations are its rows of the batch's one frame
    (:class:`~bijie_etl.ingest.submission.BatchRows`): cut into a frame of their own only when
    read (``Submission.observations``); the warehouse loads the batch frame as it is. Each file is
    checked as if the files before it had been loaded (``sequential``; see
    :func:`~bijie_etl.validate.rules.validate_batch`).
    """

    readable = [(sub, read) for sub, read in opened if read is not None]
    paths = InboxPaths(inbox)
    memo = _BatchMemo()
    if readable:
        results = validate_batch_rows(
            [(read, sub.file_name) for sub, read in readable],
            catalog,
            as_of=as_of,
            history=history,
            guard=guard,
            # Whose ownership rule applies (as _settle_department decides it): the rows it will
            # refuse never load, so the batch's later files must not see them as history.
            senders=[
                memo.folder(sub.path, paths, catalog) or memo.department(catalog, read.department_hint)
                for sub, read in readable
            ],
            sequential=sequential,
        )
        for (sub, _read), (rows, failures) in zip(readable, results, strict=True):
            sub.observations = rows
            sub.failures = list(failures)
    for sub, read in opened:
        _settle_department(sub, read, paths, catalog, memo)
    return [sub for sub, _read in opened]
