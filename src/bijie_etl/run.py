"""The run API: one run holds the warehouse and takes the stages in order.

    with Run(settings, as_of, kind="nightly") as run:
        files = run.ingest()              # discover → read → validate → load → feedback
        assessed = run.assess()           # pace of every target, stored with history
        mail = run.notify(assessed)       # alerts raised, composed, sent
        run.render()                      # the dashboard
        run.finish(...)                   # the run's summary recorded
        run.publish()                     # the analysts' read-only copy replaced

Every CLI command and both Prefect flows are a few lines over :class:`Run` (or over
:func:`run_nightly`, the whole night). Prefect runs each step as a task by handing
:class:`Steps` with task-wrapped versions of the module-level step functions below.
Outcomes are dataclasses; :meth:`RunOutcome.as_dict` is the JSON-able form a flow returns.
"""

from __future__ import annotations

import json
import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol

import pandas as pd

from bijie_etl.catalog import Catalog
from bijie_etl.catalog.years import CatalogYears, carry_over, load_catalog_years
from bijie_etl.collector import collector_for_run
from bijie_etl.errors import BijieError, Code, Failure
from bijie_etl.ingest.discover import InboxPaths, batches, discover, expand, listing, read_submission, stamps
from bijie_etl.ingest.parallel import BatchReads, ReadAhead, early_reads, rare_full_collections
from bijie_etl.ingest.submission import Submission, SubmissionStatus
from bijie_etl.settings import Settings
from bijie_etl.warehouse.locking import writer_lock

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from bijie_etl.alerts import SendReport
    from bijie_etl.ingest.archive import Archived
    from bijie_etl.ingest.reading import FileRead
    from bijie_etl.pace.rules import PaceAssessment
    from bijie_etl.warehouse.store import LoadResult, Warehouse

__all__ = [
    "AssessOutcome",
    "FileOutcome",
    "IngestOutcome",
    "Run",
    "RunOutcome",
    "Steps",
    "assess_step",
    "ingest_batch",
    "ingest_file",
    "mail_summary",
    "notify_step",
    "open_warehouse",
    "publish_step",
    "render_step",
    "run_nightly",
    "skip_unchanged",
    "summary_markdown",
]

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------------------------
# Outcomes


@dataclass(frozen=True)
class FileOutcome:
    """What became of one file: loaded, partly loaded, rejected or unchanged, with its counts."""

    file: str  # the name people see: its path inside the inbox
    status: SubmissionStatus
    department: str | None = None
    rows_loaded: int = 0
    rows_rejected: int = 0
    warnings: int = 0
    error: str | None = None
    feedback: tuple[str, ...] = ()  # paths of the feedback reports written for the department
    growth_refused: int = 0  # growth cells refused while their rows loaded (not in rows_rejected)

    @classmethod
    def of(
        cls,
        file_name: str,
        status: SubmissionStatus,
        sub: Submission | None = None,
        feedback: Iterable[Path] = (),
    ) -> FileOutcome:
        """The outcome of ``sub`` (or of a file skipped as unchanged when ``sub`` is ``None``)."""
        if sub is None:
            return cls(file_name, status)
        return cls(
            file_name,
            status,
            sub.department,
            sub.rows_loaded,
            sub.rows_rejected,
            len(sub.warnings),
            sub.error,
            tuple(str(p) for p in feedback),
            sub.growth_refused,
        )


@dataclass
class IngestOutcome:
    """What the files of a run (or of one batch) came to; small, it crosses the Prefect task boundary."""

    files: list[FileOutcome] = field(default_factory=list)
    archived: int = 0  # files moved from the inbox to the archive (nightly runs)

    def count(self, status: SubmissionStatus) -> int:
        """How many files ended with ``status``."""
        return sum(1 for f in self.files if f.status == status)

    @property
    def rows_loaded(self) -> int:
        return sum(f.rows_loaded for f in self.files)

    @property
    def rows_rejected(self) -> int:
        return sum(f.rows_rejected for f in self.files)

    @property
    def warnings(self) -> int:
        return sum(f.warnings for f in self.files)

    @property
    def growth_refused(self) -> int:
        return sum(f.growth_refused for f in self.files)

    def as_rows(self) -> list[dict[str, Any]]:
        """The files as JSON-able rows (``runs.summary``, the flow's return value)."""
        return [_file_dict(f) for f in self.files]

    def extend(self, other: IngestOutcome) -> None:
        """Add another batch's files."""
        self.files.extend(other.files)
        self.archived += other.archived


@dataclass
class AssessOutcome:
    """Every target's assessment on one date, in catalog order."""

    as_of: date
    assessments: list[PaceAssessment] = field(default_factory=list)

    @property
    def status_counts(self) -> dict[str, int]:
        """How many targets have each status (only statuses that occur)."""
        return dict(Counter(str(a.status) for a in self.assessments))

    @property
    def behind(self) -> list[PaceAssessment]:
        """The off-track targets, then the at-risk ones, each by code."""
        behind = [a for a in self.assessments if str(a.status) in {"off_track", "at_risk"}]
        return sorted(behind, key=lambda a: (str(a.status) != "off_track", a.code))


@dataclass
class RunOutcome:
    """A whole run: its files, the assessment, the mail, and where the outputs went."""

    as_of: date
    run_id: int
    files: IngestOutcome
    assessed: AssessOutcome
    mail: SendReport | None = None
    dashboard_path: Path | None = None
    analytics_path: Path | None = None
    #: A quiet night: nothing the dashboard or the analytics copy show changed, so neither was
    #: rebuilt (the page's as-of date was restamped); see :meth:`Run.outputs_unchanged`.
    outputs_unchanged: bool = False

    def as_dict(self, *, every_file: bool = True, unchanged_files: bool = True) -> dict[str, Any]:
        """The JSON-able summary a flow returns and the run records (``runs.summary``).

        ``every_file=False`` (what the flows return) lists under ``files`` only the files that
        were rejected, partly loaded or warned about, with every count unchanged: Prefect walks a
        flow's return value element by element, and a backfill or quiet night has thousands.
        ``unchanged_files=False`` (``runs.summary``) leaves out the files already recorded (counted
        in ``files_unchanged``): 5,000 known files grew ``runs`` 1 MB a night, slowing every run.
        """
        if every_file:
            rows = self.files.files
            if not unchanged_files:
                rows = [f for f in rows if f.status is not SubmissionStatus.DUPLICATE]
            files = [_file_dict(f) for f in rows]
        else:
            files = [_file_dict(f) for f in self.files.files if _notable(f)]
        return {
            "as_of": self.as_of.isoformat(),
            "run_id": self.run_id,
            "files_seen": len(self.files.files),
            "files_loaded": self.files.count(SubmissionStatus.LOADED),
            "files_partial": self.files.count(SubmissionStatus.PARTIAL),
            "files_rejected": self.files.count(SubmissionStatus.REJECTED),
            "files_unchanged": self.files.count(SubmissionStatus.DUPLICATE),
            "files_archived": self.files.archived,
            "rows_loaded": self.files.rows_loaded,
            "rows_rejected": self.files.rows_rejected,
            "growth_refused": self.files.growth_refused,
            "warnings": self.files.warnings,
            "status_counts": self.assessed.status_counts,
            "behind": [_behind_row(a) for a in self.assessed.behind],
            "mail": mail_summary(self.mail),
            "outputs_unchanged": self.outputs_unchanged,
            "files": files,
        }


def _notable(f: FileOutcome) -> bool:
    """A file someone should look at: refused, partly loaded, or loaded with warnings."""
    return f.status in (SubmissionStatus.REJECTED, SubmissionStatus.PARTIAL) or bool(f.warnings or f.error)


def _file_dict(f: FileOutcome) -> dict[str, Any]:
    # Field by field, not dataclasses.asdict: a quiet night lists thousands of unchanged files.
    row = {fld.name: getattr(f, fld.name) for fld in _FILE_FIELDS}
    row["status"] = f.status.value
    row["feedback"] = list(f.feedback)
    return row


_FILE_FIELDS = fields(FileOutcome)


def mail_summary(report: SendReport | None) -> dict[str, Any]:
    """The mail report as a JSON-able dict with its one-line Chinese summary (empty when no mail was sent)."""
    return {} if report is None else {**asdict(report), "summary_zh": report.summary_zh}


def _behind_row(a: PaceAssessment) -> dict[str, Any]:
    return {
        "code": a.code,
        "name_zh": a.name_zh,
        "department": a.department,
        "department_zh": a.department_zh or a.department,
        "unit": a.unit,
        "target": a.target,
        "actual": a.actual,
        "expected": a.expected,
        "pace_ratio": a.pace_ratio,
        "gap_pp": a.gap_pp,
        "status": str(a.status),
        "status_zh": a.status_zh,
    }


# --------------------------------------------------------------------------------------------
# The steps (module-level functions so that Prefect can run each as a task)


def needs_feedback(sub: Submission) -> bool:
    """A department is sent a feedback report for errors and for warnings worth a look (not skipped note rows)."""
    return any(f.code is not Code.NOTE_IGNORED for f in sub.failures)


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
    from bijie_etl.validate.submissions import validate_submissions

    opened = [read_submission(path, settings=settings, inbox=inbox)]
    return validate_submissions(
        opened, catalog=catalog, as_of=as_of, inbox=inbox, history=history, guard=settings.guard
    )[0]


def unchanged_files(paths: Sequence[Path | str], warehouse: Warehouse) -> set[Path | str]:
    """The files already recorded with the same path, size and modification time (no hashing needed)."""
    names, sizes, received = stamps(paths)
    known = warehouse.unchanged_files(names, sizes, received) if names else set()
    return {path for path, name in zip(paths, names, strict=True) if name in known}


def skip_unchanged(
    paths: Sequence[Path | str], warehouse: Warehouse, inbox: Path
) -> tuple[list[Path], IngestOutcome]:
    """Split off the files a quiet night need not touch, so they cost no task run at all.

    ``paths`` may be strings (:func:`~bijie_etl.ingest.discover.listing`): only the files left
    to read become path objects.
    """
    known = unchanged_files(paths, warehouse)
    # Plain string work: discover() returns paths under the inbox, and a quiet night has thousands.
    prefix = os.fspath(inbox).rstrip("/") + "/"
    skipped = IngestOutcome(
        [
            FileOutcome.of(os.fspath(p).removeprefix(prefix), SubmissionStatus.DUPLICATE)
            for p in paths
            if p in known
        ]
    )
    # A backfill's paths are path objects already: building each again cost 0.1 s per 5,000 files.
    return [p if isinstance(p, Path) else Path(p) for p in paths if p not in known], skipped


def ingest_batch(
    paths: Iterable[Path],
    *,
    warehouse: Warehouse,
    catalog: Catalog,
    settings: Settings,
    as_of: date,
    run_id: int,
    inbox: Path,
    on_file: Callable[[Path], None] | None = None,
    reads: BatchReads | None = None,
    set_aside: bool = False,
) -> IngestOutcome:
    """Read every file of a batch, validate them together, load them (one transaction per file), write feedback.

    Files whose content (sha256) is already recorded are skipped as unchanged; a file the
    database refuses is reported with its error and nothing of it is kept, so the next run retries it.
    ``reads``: the files as worker processes read them (:class:`ReadAhead`); default: read here.
    ``set_aside``: the caller has set aside the files recorded with the same path, size and
    modification time already (:func:`skip_unchanged`, as :meth:`Run.ingest` does before batching),
    so they are not looked up again (a stat per file and a query per batch); a file recorded since
    is still found by its sha256.
    """
    from bijie_etl.ingest.feedback import write_feedback

    result = IngestOutcome()
    opened: list[tuple[Submission, FileRead | None]] = []
    paths = list(paths)
    known = set() if set_aside else unchanged_files(paths, warehouse)
    reads = reads or BatchReads(settings, inbox)
    hashed = [(path, None if path in known else reads.sha256(path)) for path in paths]
    seen = warehouse.loaded_sha256s(sha for _path, sha in hashed if sha is not None)
    inbox_paths = InboxPaths(inbox)
    names = {path: reads.display(path, inbox_paths) for path in paths}  # no second lstat per file
    for path, sha in hashed:
        if sha is None or sha in seen:
            result.files.append(FileOutcome.of(names[path], SubmissionStatus.DUPLICATE))
        else:
            seen.add(sha)
            opened.append(reads.read(path, sha256=sha, file_name=names[path]))
        if on_file:
            on_file(path)
    if not opened:
        return result
    for sub, load in _check_and_load(
        opened,
        warehouse=warehouse,
        catalog=catalog,
        settings=settings,
        as_of=as_of,
        run_id=run_id,
        inbox=inbox,
    ):
        if load.error:  # refused by the database: nothing of it was written
            sub.error = load.error
            sub.observations = sub.observations.iloc[0:0]
        feedback = (
            write_feedback(sub, settings.feedback_dir, catalog=catalog)
            if needs_feedback(sub) or load.error
            else []
        )
        result.files.append(
            FileOutcome.of(names[sub.path], load.status if load.error else sub.status, sub, feedback)
        )
    return result


def _check_and_load(
    opened: list[tuple[Submission, FileRead | None]],
    *,
    warehouse: Warehouse,
    catalog: Catalog,
    settings: Settings,
    as_of: date,
    run_id: int,
    inbox: Path,
) -> list[tuple[Submission, LoadResult]]:
    """Validate files together and load them; when the checks fail inside the program, halve and retry.

    Validation is one pass over the whole batch, so a program error met on one file (an input
    nobody foresaw) would otherwise stop the run and, night after night, every file batched with
    it. Instead the batch is split in two, each half checked and loaded in turn (the second sees
    the first as loaded, as one batch would have), down to the file whose checks fail: it is set
    aside unrecorded with FILE_CHECK_FAILED (the next run checks it again) and every other file
    loads. A :class:`BijieError` (settings, catalog) still ends the run.
    """
    from bijie_etl.validate.submissions import validate_submissions

    try:
        subs = validate_submissions(
            opened,
            catalog=catalog,
            as_of=as_of,
            inbox=inbox,
            history=warehouse.keyed_history(),  # ytd_history() keyed as validation keys it
            guard=settings.guard,
        )
    except BijieError:
        raise
    except Exception as exc:
        if len(opened) == 1:
            return [_check_failed(opened[0][0], exc)]
        log.warning(
            "checking %d files failed (%s: %s); checking them in two halves",
            len(opened),
            type(exc).__name__,
            exc,
        )
        half = len(opened) // 2
        return [
            *_check_and_load(opened[:half], warehouse=warehouse, catalog=catalog, settings=settings, as_of=as_of, run_id=run_id, inbox=inbox),
            *_check_and_load(opened[half:], warehouse=warehouse, catalog=catalog, settings=settings, as_of=as_of, run_id=run_id, inbox=inbox),
        ]  # fmt: skip
    loads = warehouse.load_submissions(subs, run_id, batch_size=len(subs))
    log.info("batch committed: %d files", len(subs))
    return list(zip(subs, loads, strict=True))


def _check_failed(sub: Submission, exc: Exception) -> tuple[Submission, LoadResult]:
    """``sub`` set aside: its checks failed inside the program (see :func:`_check_and_load`)."""
    from bijie_etl.warehouse.store import LoadResult

    log.error("checking %s failed: %s: %s", sub.file_name, type(exc).__name__, exc, exc_info=exc)
    message = (
        f"检查本文件时程序出错（{type(exc).__name__}），本文件暂未入库，同批其他文件不受影响。"
        "已记录在运行日志中，请联系系统管理员；修复后下次运行会自动重新检查本文件，无需重新报送。"
    )
    sub.failures = [Failure(Code.FILE_CHECK_FAILED, message, file=sub.file_name)]
    return sub, LoadResult(sub.file_name, sub.sha256, SubmissionStatus.REJECTED, None, error=message)


def open_warehouse(settings: Settings) -> Warehouse:
    """The writable warehouse, migrated: the single file, or this city's part of the lake (province mode)."""
    from bijie_etl.warehouse.store import Warehouse

    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    if settings.lake_mode:
        from bijie_etl.warehouse.lake import LakeWarehouse

        lake = LakeWarehouse(settings)
        try:
            lake.migrate()  # takes the city's writer lease first (waits up to lock_timeout)
        except BaseException:
            lake.close()
            raise
        return lake
    wh = Warehouse(settings.database_path, settings.sql_dir)
    wh.migrate()
    return wh


def assess_step(
    warehouse: Warehouse, catalog: Catalog, settings: Settings, as_of: date, run_id: int
) -> list[PaceAssessment]:
    """Assess every target's pace as of ``as_of``; stored with history in the warehouse."""
    from bijie_etl.pace.rules import assess

    return assess(warehouse, catalog, settings, as_of, run_id)


def notify_step(
    warehouse: Warehouse,
    catalog: Catalog,
    settings: Settings,
    as_of: date,
    assessments: list[PaceAssessment],
    confirm: bool = False,
) -> SendReport:
    """Raise alerts for status changes (recorded before sending), compose the emails, send whatever is pending.

    Deadline reminders and feedback reports of the desk are queued first; a storm of alerts is
    held (:mod:`bijie_etl.alerts.storm`) unless ``confirm``, and the night's reminders with it.
    """
    from bijie_etl.alerts import notify
    from bijie_etl.desk.mailing import queue_run_mail

    queued = queue_run_mail(warehouse, catalog, settings, as_of)
    report = notify(
        warehouse, catalog, assessments, as_of, settings, confirm=confirm, also_hold=queued["reminder_ids"]
    )
    report.composed += queued["reminders"] + queued["feedback"]
    return report


def publish_step(warehouse: Warehouse, settings: Settings) -> Path:
    """Replace the analysts' read-only copy atomically."""
    return Path(warehouse.publish(settings.analytics_path))


def render_step(
    warehouse: Warehouse, catalog: Catalog, settings: Settings, as_of: date, others: Sequence[Catalog] = ()
) -> Path:
    """Write the dashboard (self-contained HTML; with ``others``, one page per year and a year switch)."""
    from bijie_etl.dashboard import render

    return Path(render(warehouse, catalog, as_of, settings.dashboard_dir, others=others))


class _IngestBatch(Protocol):
    def __call__(
        self,
        paths: Iterable[Path],
        *,
        warehouse: Warehouse,
        catalog: Catalog,
        settings: Settings,
        as_of: date,
        run_id: int,
        inbox: Path,
        on_file: Callable[[Path], None] | None = None,
        reads: BatchReads | None = None,
        set_aside: bool = False,
    ) -> IngestOutcome: ...


@dataclass
class Steps:
    """The callables a run uses for each step. Flows pass Prefect-task versions of the same functions."""

    ingest_batch: _IngestBatch = ingest_batch
    assess: Callable[[Warehouse, Catalog, Settings, date, int], list[PaceAssessment]] = assess_step
    notify: Callable[[Warehouse, Catalog, Settings, date, list[PaceAssessment], bool], SendReport] = (
        notify_step
    )
    publish: Callable[[Warehouse, Settings], Path] = publish_step
    render: Callable[..., Path] = render_step


# --------------------------------------------------------------------------------------------
# The run


def _sync_desk(warehouse: Warehouse, settings: Settings) -> int:
    """Bring the desk's 情况说明 and audit log into the warehouse before the run renders and mails; rows added."""
    if settings.desk_db_path.exists():
        from bijie_etl.desk.store import DeskStore, desk_city
        from bijie_etl.desk.sync import sync_into

        return sum(sync_into(warehouse, DeskStore(settings.desk_db_path, city=desk_city(settings))))
    return 0


def sync_catalogs(warehouse: Warehouse, years: CatalogYears) -> None:
    """Snapshot every year's catalog, with baselines and profiles carried from the warehouse."""
    for year in years.years:
        warehouse.sync_catalog(carry_over(years[year], warehouse.con))


def merge_reports(first: SendReport | None, second: SendReport) -> SendReport:
    """Two years' mail reports as one (the second one ran last: the outbox totals are its)."""
    if first is None:
        return second
    return replace(
        second,
        sent=first.sent + second.sent,
        failed=first.failed + second.failed,
        raised=first.raised + second.raised,
        composed=first.composed + second.composed,
        errors=[*first.errors, *second.errors],
        held=first.held + second.held,
        hold_reason_zh=first.hold_reason_zh or second.hold_reason_zh,
        released=first.released + second.released,
    )


class Run:
    """One run holding the warehouse: the writer lock, the migrated warehouse, the catalog it
    used and its row in ``runs``. Use it as a context manager; the stages are its methods.

    Years side by side: ``catalog`` is the year the run works on (``settings.year``, else the year
    of the as-of date); files of every catalogued year load; :meth:`assess_years` also judges last
    year while it closes (January and February).

    A run that raises is recorded as failed (and the error re-raised); one that ends without
    calling :meth:`finish` is recorded as succeeded with an empty summary.
    """

    def __init__(self, settings: Settings, as_of: date, *, kind: str = "manual", steps: Steps | None = None):
        self.settings = settings
        self.as_of = as_of
        self.kind = kind
        self.steps = steps or Steps()
        self.finished = False
        self._lock: AbstractContextManager[Any] | None = None
        self._warehouse: Warehouse | None = None
        self._catalog: Catalog | None = None
        self._run_id: int | None = None
        self._years: CatalogYears | None = None
        self.desk_rows = 0  # rows the desk sync brought in when the run started

    # -- lifecycle ---------------------------------------------------------------------------
    def __enter__(self) -> Run:
        years = load_catalog_years(self.settings)
        catalog = years[self.settings.year if self.settings.year is not None else years.year_for(self.as_of)]
        lock = writer_lock(self.settings.lock_path, timeout=self.settings.lock_timeout)
        lock.__enter__()
        try:
            wh = open_warehouse(self.settings)
            try:
                sync_catalogs(wh, years)
                self.desk_rows = _sync_desk(wh, self.settings)
                self._run_id = wh.start_run(self.as_of, self.kind)
            except BaseException:
                wh.close()
                raise
        except BaseException as exc:
            lock.__exit__(type(exc), exc, exc.__traceback__)
            raise
        self._lock, self._warehouse, self._catalog, self._years = lock, wh, catalog, years
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if exc is not None and not self.finished:
                self.warehouse.finish_run(self.run_id, "failed", {"error": f"{type(exc).__name__}: {exc}"})
            elif exc is None and not self.finished:
                self.finish({})
        finally:
            self.warehouse.close()
            assert self._lock is not None
            self._lock.__exit__(exc_type, exc, tb)

    @property
    def warehouse(self) -> Warehouse:
        """The writable warehouse (only inside the ``with`` block)."""
        if self._warehouse is None:
            raise RuntimeError("Run is used outside its `with` block")
        return self._warehouse

    @property
    def catalog(self) -> Catalog:
        """The catalog this run synced into the warehouse."""
        if self._catalog is None:
            raise RuntimeError("Run is used outside its `with` block")
        return self._catalog

    @property
    def years(self) -> CatalogYears:
        """Every catalogued year's catalog."""
        if self._years is None:
            raise RuntimeError("Run is used outside its `with` block")
        return self._years

    def catalog_of(self, year: int) -> Catalog:
        """The catalog of ``year`` (the run's own for its year)."""
        return self.catalog if year == self.catalog.year else self.years[year]

    def active_catalogs(self, when: date | None = None) -> list[Catalog]:
        """The catalogs judged on ``when``: the run's year, and last year while it closes (unless ``settings.year``)."""
        if self.settings.year is not None:
            return [self.catalog]
        return [self.catalog_of(y) for y in self.years.active_years(when or self.as_of)]

    @property
    def run_id(self) -> int:
        """This run's id in ``runs``."""
        if self._run_id is None:
            raise RuntimeError("Run is used outside its `with` block")
        return self._run_id

    def finish(self, summary: Mapping[str, Any]) -> None:
        """Record the run as succeeded with its summary (before publishing, so the copy shows it)."""
        self.warehouse.finish_run(self.run_id, "succeeded", dict(summary))
        self.finished = True

    # -- stages ------------------------------------------------------------------------------
    def ingest(
        self,
        paths: Sequence[Path] | None = None,
        *,
        inbox: Path | None = None,
        on_file: Callable[[Path], None] | None = None,
        listed: Sequence[Path | str] | None = None,
        early: tuple[ReadAhead, BatchReads] | None = None,
    ) -> IngestOutcome:
        """Read, validate and load ``paths`` (files or folders; default: everything in the inbox), in batches.

        Names shown to people are relative to ``inbox`` (default: the settings' inbox, or the one
        folder given). Files unchanged since they were recorded are set aside before batching.
        ``listed``: the files ``paths`` stands for, when the caller listed them already;
        ``early``: the reader that began reading them before the run opened the warehouse
        (:func:`~bijie_etl.ingest.parallel.early_reads`; it is closed here).
        """
        settings = self.settings
        if inbox is None:
            single_dir = paths is not None and len(paths) == 1 and paths[0].is_dir()
            inbox = paths[0] if paths is not None and single_dir else settings.inbox_dir
        files: Sequence[Path | str] = (
            listed if listed is not None else listing(inbox) if paths is None else expand(paths)
        )
        files, result = skip_unchanged(files, self.warehouse, inbox)
        planned = batches(files, settings.batch_size, settings.batch_bytes)
        # A large run's files are read in worker processes, one batch ahead of validation and loading.
        reader, first = (
            early
            if early is not None
            else (ReadAhead(settings, inbox, len(files), n_batches=len(planned)), None)
        )
        with rare_full_collections(), reader, self.warehouse.one_thread(), self.warehouse.checkpoint_at_end():
            for batch, reads in reader.ahead(planned, first):
                result.extend(
                    self.steps.ingest_batch(
                        batch,
                        warehouse=self.warehouse,
                        catalog=self.years.for_ingest(),  # a December file loads after the new catalog is in
                        settings=settings,
                        as_of=self.as_of,
                        run_id=self.run_id,
                        inbox=inbox,
                        on_file=on_file,
                        reads=reads,
                        set_aside=True,  # skip_unchanged above
                    )
                )
        return result

    def archive(self, inbox: Path | None = None) -> list[Archived]:
        """Move every recorded file of ``inbox`` (default: the settings' inbox) to the archive (bijie_etl.archive)."""
        from bijie_etl.ingest.archive import archive_processed

        return archive_processed(self.warehouse, self.settings, discover(inbox or self.settings.inbox_dir))

    def assess(self, when: date | None = None) -> AssessOutcome:
        """Assess every target's pace on ``when`` (default: the run's as-of date)."""
        when = when or self.as_of
        return AssessOutcome(
            when, self.steps.assess(self.warehouse, self.catalog, self.settings, when, self.run_id)
        )

    def assess_years(self, when: date | None = None) -> dict[int, AssessOutcome]:
        """Assess the targets of every year judged on ``when`` (see :meth:`active_catalogs`), by year."""
        when = when or self.as_of
        return {
            c.year: AssessOutcome(
                when, self.steps.assess(self.warehouse, c, self.settings, when, self.run_id)
            )
            for c in self.active_catalogs(when)
        }

    def resync(self) -> None:
        """Snapshot the catalogs again: a December just loaded is next year's baseline."""
        sync_catalogs(self.warehouse, self.years)

    def notify(
        self, assessed: AssessOutcome, *, confirm: bool = False, catalog: Catalog | None = None
    ) -> SendReport:
        """Raise alerts for the assessment's status changes, compose the emails, send what is pending.

        A storm of alerts is held until confirmed (``confirm=True``, ``bijie-etl alert --confirm``).
        ``catalog``: the year the assessment judged (default: the run's).
        """
        return self.steps.notify(
            self.warehouse, catalog or self.catalog, self.settings, self.as_of, assessed.assessments, confirm
        )

    def notify_years(self, by_year: Mapping[int, AssessOutcome], *, confirm: bool = False) -> SendReport:
        """:meth:`notify` for each year's assessment (alerts are kept per year), as one report."""
        report: SendReport | None = None
        for year, assessed in by_year.items():
            report = merge_reports(
                report, self.notify(assessed, confirm=confirm, catalog=self.catalog_of(year))
            )
        if report is None:
            return self.notify(AssessOutcome(self.as_of), confirm=confirm)
        return report

    def render(self) -> Path:
        """Write the dashboard as of the run's date (a page per catalogued year, the run's year in front)."""
        others = [self.years[y] for y in self.years.years if y != self.catalog.year]
        if others:
            return self.steps.render(self.warehouse, self.catalog, self.settings, self.as_of, others)
        return self.steps.render(self.warehouse, self.catalog, self.settings, self.as_of)

    def publish(self) -> Path:
        """Replace the analysts' read-only copy (call after :meth:`finish`, so the copy shows the run)."""
        return self.steps.publish(self.warehouse, self.settings)

    # -- quiet nights ------------------------------------------------------------------------
    def _catalogs_rendered(self) -> list[Catalog]:
        return [self.catalog, *(self.years[y] for y in self.years.years if y != self.catalog.year)]

    def outputs_digest(self) -> str:
        """What the dashboard and the analytics copy would be made from tonight, apart from the date.

        :func:`bijie_etl.dashboard.page.page_digest` over every page the run renders: statuses,
        figures, late departments and their days overdue, explanations, the catalog snapshot.
        """
        from bijie_etl.dashboard import page_digest

        return page_digest(self.warehouse.con, self._catalogs_rendered(), self.as_of)

    def outputs_unchanged(self, files: IngestOutcome, mail: SendReport | None, digest: str) -> bool:
        """True on a quiet night: the dashboard and the analytics copy need not be rebuilt.

        Quiet means: no file was recorded or archived tonight, the desk brought nothing in, the
        mail step raised, composed, sent and released nothing, and :meth:`outputs_digest` equals
        the digest recorded when the outputs on disk were made (those files unchanged since: a
        what-if page or another publish in between makes the night not quiet).
        """
        if files.archived or any(f.status is not SubmissionStatus.DUPLICATE for f in files.files):
            return False
        if self.desk_rows or (
            mail and (mail.raised or mail.composed or mail.sent or mail.failed or mail.released)
        ):
            return False
        recorded = _read_outputs_state(self.settings)
        if recorded is None or recorded.get("digest") != digest:
            return False
        return recorded.get("files") == _stamps(self._output_files())

    def _output_files(self) -> list[Path]:
        from bijie_etl.dashboard import page_paths

        others = [self.years[y] for y in self.years.years if y != self.catalog.year]
        return [*page_paths(self.settings.dashboard_dir, self.catalog, others), self.settings.analytics_path]

    def restamp_outputs(self) -> Path | None:
        """Put tonight's as-of date on the unchanged pages; the front page, or None if one could not be."""
        from bijie_etl.dashboard import restamp

        recorded = _read_outputs_state(self.settings) or {}
        try:
            old = date.fromisoformat(str(recorded.get("as_of")))
        except ValueError:
            return None
        pages = self._output_files()[:-1]
        if old != self.as_of and not all(restamp(p, old, self.as_of) for p in pages):
            return None
        return pages[0]

    def record_outputs(self, digest: str) -> None:
        """Remember what tonight's dashboard and analytics copy were made from (for the next quiet night)."""
        state = {"digest": digest, "as_of": self.as_of.isoformat(), "files": _stamps(self._output_files())}
        path = _outputs_state_path(self.settings)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(state), encoding="utf-8")
        tmp.replace(path)


def _outputs_state_path(settings: Settings) -> Path:
    """Where a run records what its dashboard and analytics copy were made from (quiet nights)."""
    return settings.warehouse_dir / "outputs.json"


def _read_outputs_state(settings: Settings) -> dict[str, Any] | None:
    try:
        state = json.loads(_outputs_state_path(settings).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) else None


def _stamps(paths: Sequence[Path]) -> list[list[Any]]:
    """(path, size, modification time in ns) of each file; a missing file is ``[path, None, None]``."""
    out: list[list[Any]] = []
    for p in paths:
        try:
            st = p.stat()
            out.append([str(p), st.st_size, st.st_mtime_ns])
        except OSError:
            out.append([str(p), None, None])
    return out


@collector_for_run()
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
) -> RunOutcome:
    """The nightly job end to end: one writer at a time, files in batches, then assess/notify/render/publish.

    ``steps`` lets the Prefect flows run each step as a task; by default they are plain calls.
    ``assess_months`` (backfills) assesses at each of those dates and sends no mail.
    """
    from bijie_etl.doctor import preflight

    # A missing inbox is a failed run, never a night of 无数据 alerts (given paths need no inbox).
    preflight(settings, inbox=inbox, check_inbox=paths is None)
    # Only the nightly run empties the inbox: a backfill folder or explicit paths stay where they are.
    archiving = settings.archive_processed and kind == "nightly" and paths is None and inbox is None
    inbox = inbox or settings.inbox_dir
    # A large run's first files are read while the warehouse opens, when they look new to it.
    listed: Sequence[Path | str] = listing(inbox) if paths is None else expand(paths)
    early = early_reads(settings, inbox, listed)
    with ExitStack() as stack:
        if early is not None:
            stack.enter_context(early[0])  # closed even when the run cannot start
        stack.enter_context(rare_full_collections())
        run = stack.enter_context(Run(settings, as_of, kind=kind, steps=steps))
        files = run.ingest(paths, inbox=inbox, on_file=on_file, listed=listed, early=early)
        if archiving:
            files.archived = len(run.archive(inbox))
        if files.rows_loaded:
            run.resync()
        by_year: dict[int, AssessOutcome] = {}
        for when in assess_months or [as_of]:
            by_year = run.assess_years(when)
        assessed = by_year.get(run.catalog.year, AssessOutcome(as_of))
        mail = run.notify_years(by_year, confirm=confirm_alerts) if notify else None
        outcome = RunOutcome(as_of, run.run_id, files, assessed, mail)
        digest = run.outputs_digest()
        if run.outputs_unchanged(files, mail, digest):  # a quiet night: nothing to rebuild
            outcome.dashboard_path = run.restamp_outputs()
            outcome.outputs_unchanged = outcome.dashboard_path is not None
        if not outcome.outputs_unchanged:
            outcome.dashboard_path = run.render()
        run.finish(outcome.as_dict(unchanged_files=False))
        if outcome.outputs_unchanged:
            outcome.analytics_path = settings.analytics_path
        else:
            outcome.analytics_path = run.publish()
        run.record_outputs(digest)
    return outcome


def summary_markdown(summary: Mapping[str, Any]) -> str:
    """The run summary (:meth:`RunOutcome.as_dict`) as Markdown: the Prefect artifact and the CLI's closing text."""
    from bijie_etl.vocabulary import Status, fmt_number

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
        f"| 已移入归档目录 | {summary.get('files_archived', 0)} |",
        f"| 入库行数 | {summary['rows_loaded']} |",
        f"| 退回行数 | {summary['rows_rejected']} |",
        *(
            [f"| 增速未入库（所在行已入库） | {summary['growth_refused']} |"]
            if summary.get("growth_refused")
            else []
        ),
        f"| 警告 | {summary['warnings']} |",
        "",
        *(
            ["看板与分析副本：内容与上次相同，未重新生成（看板日期已更新）。", ""]
            if summary.get("outputs_unchanged")
            else []
        ),
        "## 指标状态",
        "",
        "| 状态 | 数量 |",
        "|---|---|",
    ]
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
