"""A batch of opened files validated together, and who sent each file.

:func:`validate_submissions` runs the readable files of a batch through one pandera call
(:func:`bijie_etl.validate.rules.validate_batch`), then settles each file's department: the inbox
folder, else the 填报单位 cell, else the owner of most of its rows; a department that sent rows
it may not report has them rejected (:mod:`bijie_etl.validate.ownership`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pandas as pd

from bijie_etl.catalog import Catalog
from bijie_etl.ingest.discover import InboxPaths
from bijie_etl.ingest.reading import FileRead
from bijie_etl.ingest.submission import Submission
from bijie_etl.settings import GuardSettings
from bijie_etl.validate.ownership import check_ownership, department_from_text, department_mismatch
from bijie_etl.validate.rules import validate_batch

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
    if len(observations):
        owners = Counter(
            t.department
            for code in observations["indicator_code"].tolist()
            if not pd.isna(code) and (t := catalog.get(str(code))) is not None
        )
        if owners:
            return owners.most_common(1)[0][0]
    return None


def _settle_department(sub: Submission, read: FileRead | None, paths: InboxPaths, catalog: Catalog) -> None:
    """Who sent the file, and the rows that department may not report (rejected, owner named).

    The sender is the inbox folder, else the 填报单位 cell; only then is the ownership rule
    applied. A file with neither is attributed to the owner of most of its rows, unchecked.
    """

    hint = read.department_hint if read is not None else None
    folder = folder_department(sub.path, paths, catalog)
    sender = folder or department_from_text(catalog, hint)
    sub.department = sender or department_of(sub.path, paths, catalog, hint, sub.observations)
    if sender is None or read is None:
        return
    if folder is not None:
        warning = department_mismatch(
            folder_department=folder, stated=hint, catalog=catalog, file_name=sub.file_name
        )
        if warning is not None:
            sub.failures.append(warning)
    sub.observations, refused = check_ownership(
        sub.observations, department=sender, catalog=catalog, file_name=sub.file_name
    )
    sub.failures.extend(refused)


def validate_submissions(
    opened: Sequence[tuple[Submission, FileRead | None]],
    *,
    catalog: Catalog,
    as_of: date,
    inbox: Path,
    history: pd.DataFrame | None,
    guard: GuardSettings | None = None,
) -> list[Submission]:
    """Validate the readable files of a batch in one pandera call and settle each file's department."""

    readable = [(sub, read) for sub, read in opened if read is not None]
    if readable:
        results = validate_batch(
            [(read, sub.file_name) for sub, read in readable],
            catalog,
            as_of=as_of,
            history=history,
            guard=guard,
        )
        for (sub, _read), (observations, failures) in zip(readable, results, strict=True):
            sub.observations = observations
            sub.failures = list(failures)
    paths = InboxPaths(inbox)
    for sub, read in opened:
        _settle_department(sub, read, paths, catalog)
    return [sub for sub, _read in opened]
