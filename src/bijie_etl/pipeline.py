"""The nightly job as plain functions: discover → ingest (read + validate) → load → assess → notify → publish → render.

Prefect flows (``flows/``) wrap these functions as tasks; the CLI, the tests and the benchmarks
call them directly. Every step takes the one :class:`~bijie_etl.settings.Settings` object.
A bad file never stops the run: it becomes a rejected :class:`Submission` with its failures.
"""

from __future__ import annotations

import logging
import os
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path, PurePath
from typing import Any

import pandas as pd

from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.errors import Code, Failure, FileRejected
from bijie_etl.ingest.submission import Submission, SubmissionStatus, sha256_of
from bijie_etl.settings import Settings
from bijie_etl.warehouse.locking import writer_lock

__all__ = [
    "BatchResult",
    "Run",
    "RunSummary",
    "Steps",
    "assess_step",
    "batches",
    "discover",
    "ingest_batch",
    "ingest_file",
    "notify_step",
    "open_warehouse",
    "publish_step",
    "read_submission",
    "render_step",
    "run_nightly",
    "skip_unchanged",
    "summary_markdown",
    "validate_submissions",
    "writer_run",
]

log = logging.getLogger(__name__)

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".csv"}


# --------------------------------------------------------------------------------------------
# Discover


def discover(inbox: Path) -> list[Path]:
    """Every candidate file under ``inbox`` (recursively), in a stable order.

    Hidden files, Office lock files (``~$x.xlsx``) and partial downloads are skipped; files of
    other types are returned too so that the department is told they were not read.
    """
    if not inbox.exists():
        return []
    found = []
    for path in inbox.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        name = path.name
        if name.startswith((".", "~$")) or name.endswith((".tmp", ".part", ".crdownload")):
            continue
        found.append(path)
    return sorted(found)


def batches(paths: Sequence[Path], size: int) -> list[list[Path]]:
    """Split ``paths`` into lists of at most ``size`` (one Prefect task run per batch, not per file)."""
    size = max(1, size)
    return [list(paths[i : i + size]) for i in range(0, len(paths), size)]


class _InboxPaths:
    """``path.resolve().relative_to(inbox.resolve())`` for many files of one inbox, cheaply.

    ``Path.resolve()`` walks (lstat) every component of every path; here the inbox and each
    folder are resolved once, and only a file that is itself a symlink is resolved in full.
    Same results as resolving each path: realpath(dir/name) = realpath(dir)/name unless name
    is a symlink.
    """

    def __init__(self, inbox: Path) -> None:
        self.root = inbox.resolve()
        self._dirs: dict[str, str] = {}

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
        """The file's name as shown to people: its path inside the inbox, else its bare name."""
        rel = self.relative(path)
        return path.name if rel is None else rel.as_posix()


def _display_name(path: Path, inbox: Path) -> str:
    return _InboxPaths(inbox).display(path)


# --------------------------------------------------------------------------------------------
# Ingest: read + validate one file into a Submission


def _folder_department(path: Path, inbox: Path | _InboxPaths, catalog: Catalog) -> str | None:
    """The department whose inbox folder the file lies in, or ``None``."""
    paths = inbox if isinstance(inbox, _InboxPaths) else _InboxPaths(inbox)
    rel = paths.relative(path)
    parts = rel.parts[:-1] if rel is not None else ()
    for part in parts:
        dept = catalog.department(part)
        if dept:
            return dept.code
    return None


def _department_of(
    path: Path,
    inbox: Path | _InboxPaths,
    catalog: Catalog,
    hint: str | None,
    observations: pd.DataFrame,
) -> str | None:
    """The file's inbox folder, else a 填报单位 cell, else the owner of most of its indicators."""
    from bijie_etl.validate.ownership import department_from_text

    folder = _folder_department(path, inbox, catalog)
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


def _settle_department(sub: Submission, read: Any, paths: _InboxPaths, catalog: Catalog) -> None:
    """Who sent the file, and the rows that department may not report (rejected, owner named).

    The sender is the inbox folder, else the 填报单位 cell; only then is the ownership rule
    applied. A file with neither is attributed to the owner of most of its rows, unchecked.
    """
    from bijie_etl.validate.ownership import check_ownership, department_from_text, department_mismatch

    hint = read.department_hint if read is not None else None
    folder = _folder_department(sub.path, paths, catalog)
    sender = folder or department_from_text(catalog, hint)
    sub.department = sender or _department_of(sub.path, paths, catalog, hint, sub.observations)
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


def read_submission(
    path: Path,
    *,
    settings: Settings,
    inbox: Path,
    sha256: str | None = None,
    file_name: str | None = None,
) -> tuple[Submission, Any]:
    """Open one file: a :class:`Submission` plus its ``FileRead``, or ``None`` when the whole file is rejected.

    ``file_name`` is the name shown to people when the caller already has it (its path inside
    ``inbox``). Never raises for bad input: a file-level problem becomes the submission's error
    and failure.
    """
    from bijie_etl.ingest.reading import read_file

    stat = path.stat()
    sub = Submission(
        path=path,
        file_name=file_name if file_name is not None else _display_name(path, inbox),
        sha256=sha256 or sha256_of(path),
        size_bytes=stat.st_size,
        received_at=datetime.fromtimestamp(stat.st_mtime, tz=UTC),
    )
    try:
        read = read_file(path, settings)
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
    sub.rows_read = sum(len(s.rows) for s in read.sheets)
    if sub.rows_read == 0:  # a header and nothing under it: tell the department instead of loading nothing
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


def validate_submissions(
    opened: Sequence[tuple[Submission, Any]],
    *,
    catalog: Catalog,
    as_of: date,
    inbox: Path,
    history: pd.DataFrame | None,
) -> list[Submission]:
    """Validate the readable files of a batch in one pandera call and settle each file's department."""
    from bijie_etl.validate.rules import validate_batch

    readable = [(sub, read) for sub, read in opened if read is not None]
    if readable:
        results = validate_batch(
            [(read, sub.file_name) for sub, read in readable], catalog, as_of=as_of, history=history
        )
        for (sub, _read), (observations, failures) in zip(readable, results, strict=True):
            sub.observations = observations
            sub.failures = list(failures)
    paths = _InboxPaths(inbox)
    for sub, read in opened:
        _settle_department(sub, read, paths, catalog)
    return [sub for sub, _read in opened]


def ingest_file(
    path: Path,
    *,
    catalog: Catalog,
    settings: Settings,
    as_of: date,
    inbox: Path,
    history: pd.DataFrame | None = None,
) -> Submission:
    """Read and validate one file (no loading). Never raises for bad input: problems become failures."""
    opened = [read_submission(path, settings=settings, inbox=inbox)]
    return validate_submissions(opened, catalog=catalog, as_of=as_of, inbox=inbox, history=history)[0]


def needs_feedback(sub: Submission) -> bool:
    """A department is sent a feedback report for errors and for warnings worth a look (not skipped note rows)."""
    return any(f.code is not Code.NOTE_IGNORED for f in sub.failures)


@dataclass
class BatchResult:
    """What one batch of files came to (kept small: it crosses the Prefect task boundary)."""

    files: list[dict[str, Any]] = field(default_factory=list)

    def count(self, status: SubmissionStatus) -> int:
        return sum(1 for f in self.files if f["status"] == status.value)

    @property
    def rows_loaded(self) -> int:
        return sum(f["rows_loaded"] for f in self.files)

    @property
    def rows_rejected(self) -> int:
        return sum(f["rows_rejected"] for f in self.files)

    @property
    def warnings(self) -> int:
        return sum(f["warnings"] for f in self.files)

    def extend(self, other: BatchResult) -> None:
        self.files.extend(other.files)


def unchanged_files(paths: Sequence[Path], warehouse: Any) -> set[Path]:
    """The files already recorded with the same path, size and modification time (no hashing needed)."""
    stamps = []
    for path in paths:
        st = path.stat()
        stamps.append((path, st.st_size, datetime.fromtimestamp(st.st_mtime, tz=UTC)))
    known = warehouse.unchanged_files(stamps)
    return {path for path in paths if str(path) in known}


def skip_unchanged(paths: Sequence[Path], warehouse: Any, inbox: Path) -> tuple[list[Path], BatchResult]:
    """Split off the files a quiet night need not touch, so they cost no task run at all."""
    known = unchanged_files(paths, warehouse)
    # Plain string work: discover() returns paths under the inbox, and a quiet night has thousands.
    prefix = os.fspath(inbox).rstrip("/") + "/"
    skipped = BatchResult(
        [
            _file_row(os.fspath(p).removeprefix(prefix), SubmissionStatus.DUPLICATE)
            for p in paths
            if p in known
        ]
    )
    return [p for p in paths if p not in known], skipped


def ingest_batch(
    paths: Iterable[Path],
    *,
    warehouse: Any,
    catalog: Catalog,
    settings: Settings,
    as_of: date,
    run_id: int,
    inbox: Path,
    on_file: Callable[[Path], None] | None = None,
) -> BatchResult:
    """Read every file of a batch, validate them together, load them (one transaction per file), write feedback.

    Files whose content (sha256) is already recorded are skipped as unchanged; a file the
    database refuses is reported with its error and nothing of it is kept, so the next run retries it.
    """
    from bijie_etl.ingest.feedback import write_feedback

    result = BatchResult()
    opened: list[tuple[Submission, Any]] = []
    paths = list(paths)
    known = unchanged_files(paths, warehouse)
    hashed = [(path, None if path in known else sha256_of(path)) for path in paths]
    seen = warehouse.loaded_sha256s(sha for _path, sha in hashed if sha is not None)
    inbox_paths = _InboxPaths(inbox)
    names = {path: inbox_paths.display(path) for path in paths}
    for path, sha in hashed:
        if sha is None or sha in seen:
            result.files.append(_file_row(names[path], SubmissionStatus.DUPLICATE))
        else:
            seen.add(sha)
            opened.append(
                read_submission(path, settings=settings, inbox=inbox, sha256=sha, file_name=names[path])
            )
        if on_file:
            on_file(path)
    if not opened:
        return result
    subs = validate_submissions(
        opened, catalog=catalog, as_of=as_of, inbox=inbox, history=warehouse.ytd_history()
    )
    loads = warehouse.load_submissions(subs, run_id, batch_size=len(subs))
    for sub, load in zip(subs, loads, strict=True):
        if load.error:  # refused by the database: nothing of it was written
            sub.error = load.error
            sub.observations = sub.observations.iloc[0:0]
        feedback = (
            write_feedback(sub, settings.feedback_dir, catalog=catalog)
            if needs_feedback(sub) or load.error
            else []
        )
        row = _file_row(names[sub.path], load.status if load.error else sub.status, sub)
        row["feedback"] = [str(p) for p in feedback]
        result.files.append(row)
    return result


def _file_row(file_name: str, status: SubmissionStatus, sub: Submission | None = None) -> dict[str, Any]:
    return {
        "file": file_name,
        "status": status.value,
        "department": sub.department if sub else None,
        "rows_loaded": sub.rows_loaded if sub else 0,
        "rows_rejected": sub.rows_rejected if sub else 0,
        "warnings": len(sub.warnings) if sub else 0,
        "error": sub.error if sub else None,
    }


# --------------------------------------------------------------------------------------------
# The other steps


def open_warehouse(settings: Settings) -> Any:
    """The writable warehouse, migrated and with a fresh catalog snapshot."""
    from bijie_etl.warehouse.store import Warehouse

    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    wh = Warehouse(settings.database_path, settings.sql_dir)
    wh.migrate()
    return wh


def assess_step(warehouse: Any, catalog: Catalog, settings: Settings, as_of: date, run_id: int) -> list[Any]:
    """Assess every target's pace as of ``as_of``; stored with history in the warehouse."""
    from bijie_etl.pace.rules import assess

    return assess(warehouse, catalog, settings, as_of, run_id)


def notify_step(
    warehouse: Any,
    catalog: Catalog,
    settings: Settings,
    as_of: date,
    assessments: list[Any],
    confirm: bool = False,
) -> dict[str, Any]:
    """Raise alerts for status changes (recorded before sending), compose the emails, send whatever is pending.

    A storm of alerts is held (bijie_etl.storm) unless ``confirm``.
    """
    from bijie_etl.alerts.state import notify
    from bijie_etl.desk.mailing import queue_run_mail

    queued = queue_run_mail(warehouse, catalog, settings, as_of)  # deadline reminders, feedback reports
    report = notify(warehouse, catalog, assessments, as_of, settings, confirm=confirm)
    report.composed += queued["reminders"] + queued["feedback"]
    return {**asdict(report), "summary_zh": report.summary_zh}


def publish_step(warehouse: Any, settings: Settings) -> Path:
    """Replace the analysts' read-only copy atomically."""
    return Path(warehouse.publish(settings.analytics_path))


def render_step(warehouse: Any, catalog: Catalog, settings: Settings, as_of: date) -> Path:
    """Write the dashboard (one self-contained HTML file)."""
    from bijie_etl.dashboard.page import render

    return Path(render(warehouse, catalog, as_of, settings.dashboard_dir))


# --------------------------------------------------------------------------------------------
# The whole run, without Prefect (the flows wire the same steps as tasks)


@dataclass
class RunSummary:
    as_of: date
    run_id: int
    files: BatchResult
    status_counts: dict[str, int]
    behind: list[dict[str, Any]]
    mail: dict[str, Any]
    analytics_path: Path | None = None
    dashboard_path: Path | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "run_id": self.run_id,
            "files_seen": len(self.files.files),
            "files_loaded": self.files.count(SubmissionStatus.LOADED),
            "files_partial": self.files.count(SubmissionStatus.PARTIAL),
            "files_rejected": self.files.count(SubmissionStatus.REJECTED),
            "files_unchanged": self.files.count(SubmissionStatus.DUPLICATE),
            "rows_loaded": self.files.rows_loaded,
            "rows_rejected": self.files.rows_rejected,
            "warnings": self.files.warnings,
            "status_counts": self.status_counts,
            "behind": self.behind,
            "mail": self.mail,
            "files": self.files.files,
        }


def summarize_assessments(assessments: Sequence[Any]) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """Status counts and the off-track targets with their numbers (for summaries and artifacts)."""
    counts = Counter(str(a.status) for a in assessments)
    behind = [
        {
            "code": a.code,
            "name_zh": a.name_zh,
            "department": a.department,
            "department_zh": getattr(a, "department_zh", None) or a.department,
            "unit": a.unit,
            "target": a.target,
            "actual": a.actual,
            "expected": a.expected,
            "pace_ratio": a.pace_ratio,
            "gap_pp": a.gap_pp,
            "status": str(a.status),
            "status_zh": a.status_zh,
        }
        for a in assessments
        if str(a.status) in {"off_track", "at_risk"}
    ]
    behind.sort(key=lambda b: (b["status"] != "off_track", b["code"]))
    return dict(counts), behind


@dataclass
class Run:
    """A run holding the warehouse: its connection, the catalog it used and its id in ``runs``."""

    warehouse: Any
    catalog: Catalog
    run_id: int
    finished: bool = False

    def finish(self, summary: dict[str, Any]) -> None:
        """Record the run as succeeded with its summary (before publishing, so the copy shows it)."""
        self.warehouse.finish_run(self.run_id, "succeeded", summary)
        self.finished = True


def _sync_desk(warehouse: Any, settings: Settings) -> None:
    """Bring the desk's 情况说明 and audit log into the warehouse before the run renders and mails."""
    if settings.desk_db_path.exists():
        from bijie_etl.desk.store import DeskStore
        from bijie_etl.desk.sync import sync_into

        sync_into(warehouse.con, DeskStore(settings.desk_db_path))


@contextmanager
def writer_run(settings: Settings, as_of: date, kind: str) -> Iterator[Run]:
    """Hold the writer lock, open and migrate the warehouse, snapshot the catalog and record a run.

    A run that raises is recorded as failed (and the error re-raised); one that ends without
    calling :meth:`Run.finish` is recorded as succeeded with an empty summary.
    """
    catalog = load_catalog_from_settings(settings)
    with (
        writer_lock(settings.warehouse_dir / "bijie.lock", timeout=settings.lock_timeout),
        open_warehouse(settings) as wh,
    ):
        wh.sync_catalog(catalog)
        _sync_desk(wh, settings)
        run = Run(wh, catalog, wh.start_run(as_of, kind))
        try:
            yield run
        except BaseException as exc:
            if not run.finished:
                wh.finish_run(run.run_id, "failed", {"error": f"{type(exc).__name__}: {exc}"})
            raise
        if not run.finished:
            run.finish({})


@dataclass
class Steps:
    """The callables a run uses for each step. Flows pass Prefect-task versions of the same functions."""

    ingest_batch: Callable[..., BatchResult] = ingest_batch
    assess: Callable[..., list[Any]] = assess_step
    notify: Callable[..., dict[str, Any]] = notify_step
    publish: Callable[..., Path] = publish_step
    render: Callable[..., Path] = render_step


def run_nightly(
    settings: Settings,
    as_of: date,
    *,
    paths: Sequence[Path] | None = None,
    inbox: Path | None = None,
    steps: Steps | None = None,
    notify: bool = True,
    assess_months: Sequence[date] | None = None,
    kind: str = "nightly",
    on_file: Callable[[Path], None] | None = None,
    confirm_alerts: bool = False,
) -> RunSummary:
    """The nightly job end to end: one writer at a time, files in batches, then assess/notify/render/publish.

    ``steps`` lets the Prefect flows run each step as a task; by default they are plain calls.
    ``assess_months`` (backfills) assesses at each of those dates and sends no mail.
    """
    from bijie_etl.doctor import preflight

    steps = steps or Steps()
    # A missing inbox is a failed run, never a night of 无数据 alerts (given paths need no inbox).
    preflight(settings, inbox=inbox, check_inbox=paths is None)
    inbox = inbox or settings.inbox_dir
    files = list(paths) if paths is not None else discover(inbox)
    with writer_run(settings, as_of, kind) as run:
        wh, catalog, run_id = run.warehouse, run.catalog, run.run_id
        files, result = skip_unchanged(files, wh, inbox)
        for batch in batches(files, settings.batch_size):
            result.extend(
                steps.ingest_batch(
                    batch,
                    warehouse=wh,
                    catalog=catalog,
                    settings=settings,
                    as_of=as_of,
                    run_id=run_id,
                    inbox=inbox,
                    on_file=on_file,
                )
            )
        assessments: list[Any] = []
        for when in assess_months or [as_of]:
            assessments = steps.assess(wh, catalog, settings, when, run_id)
        mail = steps.notify(wh, catalog, settings, as_of, assessments, confirm_alerts) if notify else {}
        counts, behind = summarize_assessments(assessments)
        summary = RunSummary(as_of, run_id, result, counts, behind, mail)
        summary.dashboard_path = steps.render(wh, catalog, settings, as_of)
        run.finish(summary.as_dict())
        summary.analytics_path = steps.publish(wh, settings)
    return summary


def summary_markdown(summary: dict[str, Any]) -> str:
    """The run summary as Markdown (the Prefect artifact and the CLI's closing text)."""
    lines = [
        f"# 毕节市2024年目标监测 · 夜间运行（截至 {summary['as_of']}）",
        "",
        "| 项目 | 数量 |",
        "|---|---|",
        f"| 收到文件 | {summary['files_seen']} |",
        f"| 全部入库 | {summary['files_loaded']} |",
        f"| 部分入库 | {summary['files_partial']} |",
        f"| 整体退回 | {summary['files_rejected']} |",
        f"| 未变化（已入库） | {summary['files_unchanged']} |",
        f"| 入库行数 | {summary['rows_loaded']} |",
        f"| 退回行数 | {summary['rows_rejected']} |",
        f"| 警告 | {summary['warnings']} |",
        "",
        "## 指标状态",
        "",
        "| 状态 | 数量 |",
        "|---|---|",
    ]
    from bijie_etl.pace.rules import Status

    for status in Status:
        lines.append(f"| {status.label_zh} ({status}) | {summary['status_counts'].get(status.value, 0)} |")
    lines.append(f"| 合计 | {sum(summary['status_counts'].values())} |")
    if summary.get("behind"):
        lines += [
            "",
            "## 进度滞后与预警",
            "",
            "| 指标 | 部门 | 目标 | 实际 | 应达 | 状态 |",
            "|---|---|---|---|---|---|",
        ]
        for b in summary["behind"]:
            lines.append(
                f"| {b['name_zh']} | {b.get('department_zh') or b['department']} | {fmt_number(b['target'])} {b['unit']} | {fmt_number(b['actual'])} | {fmt_number(b['expected'])} | {b['status_zh']} |"
            )
    mail = summary.get("mail") or {}
    if mail:
        lines += [
            "",
            "## 提醒邮件",
            "",
            f"- 新增提醒 {mail.get('raised', 0)} 条，本次组成邮件 {mail.get('composed', 0)} 封",
            f"- {mail.get('summary_zh', '')}",
        ]
        lines += [f"- 错误：{e}" for e in mail.get("errors", [])]
    lines += [
        "",
        f"**合计**：收到文件 {summary['files_seen']} 个，入库 {summary['rows_loaded']} 行，退回 {summary['rows_rejected']} 行；"
        f"评估目标 {sum(summary['status_counts'].values())} 项；新增提醒 {mail.get('raised', 0)} 条。",
    ]
    return "\n".join(lines) + "\n"


def fmt_number(value: Any) -> str:
    """A figure for people: thousands separators, at most two decimals, no trailing zeros, — for missing."""
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    if isinstance(value, float):
        text = f"{value:,.2f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)
