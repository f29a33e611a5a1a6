"""Reading a run's files in worker processes, one batch ahead of validation and loading.

Reading (hashing, decoding, finding the tables) is per-file Python work, about half of a
backfill's CPU; validation and loading run per batch in the main process. :class:`ReadAhead`
hands each batch's files to a process pool as soon as the run knows them, so while the main
process validates and loads batch N, the workers already read batch N+1 (never more than one
batch ahead: memory stays bounded).

A batch goes to the workers in chunks of files, handed to the pool by a feeder thread (so the
main process never blocks while the first hand-over starts the workers, ~1 s). When the main
process needs a batch whose reading is not finished, it does not only wait: it takes back the
chunks no worker has started, from the last one down, and reads them itself; while a worker still
holds one of the batch's chunks, it reads the next batch's unstarted chunks the same way (from its
last one down, the workers going on from its first), and only waits when none is left. Reading is
thus shared by whoever is free: the first batch is read by the main process while the workers
start, and a worker slower than validation no longer leaves the main process idle. Which process
read a file changes nothing of what is loaded.

What crosses back is what :func:`~bijie_etl.ingest.discover.read_submission` returns, with the
file's sha256; the main process still decides which files are unchanged or duplicates, in the same
order, and only then uses a read. Nothing is lost when a worker fails: a file whose read did not
come back (a worker killed, a result that could not be sent) is read again in the main process,
which says so in the log. Small runs (fewer than ``settings.read_pool_min_files`` files to read:
tests, desk uploads, quiet nights) and runs of a single batch (nothing to overlap the reading
with) never start the pool.

Workers are started by a ``forkserver`` (never by forking the main process, which runs Prefect's threads);
the server imports the reading modules and parses the reader's configuration once (``warm_start``).
"""

from __future__ import annotations

import gc
import io
import logging
import os
import queue
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import BrokenExecutor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import forkserver, parent_process, popen_forkserver, reduction, spawn, util
from multiprocessing.connection import wait
from multiprocessing.context import ForkServerContext, ForkServerProcess, set_spawning_popen
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from bijie_etl.ingest.discover import InboxPaths, batches, listing, read_submission
from bijie_etl.ingest.packed import NOT_SENT, leave_out_known, pack_rows, put_back_known
from bijie_etl.ingest.submission import Submission, sha256_of
from bijie_etl.ingest.table_rows import TableColumns, held_rows
from bijie_etl.settings import Settings

if TYPE_CHECKING:
    from bijie_etl.ingest.reading import FileRead

__all__ = [
    "BatchReads",
    "ReadAhead",
    "early_reads",
    "rare_full_collections",
    "read_workers",
    "tapered",
    "warm_up",
]

log = logging.getLogger(__name__)

#: Imported once by the forkserver: each worker it forks starts with them loaded (warm_start: parsed).
PRELOAD = [f"bijie_etl.ingest.{m}" for m in ("reading", "feedback", "parallel", "warm_start")]
#: Files per task sent to a worker: large enough that sending costs little next to reading
#: (~3 ms a file), small enough that the workers share a batch evenly.
MAX_CHUNK = 32

Opened = tuple[Submission, "FileRead | None"]
#: One file's read as it crosses the process boundary: (sha256, Submission, FileRead | None). The
#: submission has no observations yet (validation sets them), so it pickles small.
Packed = tuple[str, Submission, Any]
#: The read function a worker runs per file: (path, file name, settings, inbox) -> Packed.
ReadOne = Callable[[Path, str, Settings, Path], Packed]


def read_workers(settings: Settings) -> int:
    """How many worker processes read files: ``settings.read_workers``, else one per usable CPU but one, at most 4.

    The main process keeps a CPU: it validates and loads, the longer half of the work, and every
    batch waits for it; a worker on its CPU would slow the whole run down (2 CPUs: 1 worker).
    """
    if settings.read_workers is not None:
        return max(0, settings.read_workers)
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(0, min(cpus - 1, 4))


@contextmanager
def rare_full_collections(every: int = 100) -> Iterator[None]:
    """Python's full garbage collection at most once per ``every`` middle-generation passes (default 10).

    Reading, validating and loading leave no cyclic garbage (a collection after each 1,000-file
    batch found none), yet a full pass walks every object array of the batch in memory: 8 of
    them cost ~1.1 s CPU of the 5,000-file backfill's main process. Restored afterwards.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], max(thresholds[2], every))
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


# --------------------------------------------------------------------------------------------
# What crosses the boundary


def read_one(path: Path, file_name: str, settings: Settings, inbox: Path) -> Packed:
    """Hash and read one file (in a worker): its sha256 and what :func:`read_submission` returns, rows
    packed (read_submission hashes the bytes it reads: the file is read once)."""
    sub, read = read_submission(path, settings=settings, inbox=inbox, file_name=file_name)
    if read is not None:  # rows cross as plain values (ingest.packed): a quarter of a frame's cost
        for sheet in read.sheets:
            held = held_rows(sheet)  # a long table's column lists: packed without a frame (ingest.table_rows)
            sheet.rows = held.packed() if type(held) is TableColumns else pack_rows(held)
            if sheet.table is not None:  # the main process never looks at it (ingest.packed.NotSent)
                sheet.table = NOT_SENT  # type: ignore[assignment]
    return sub.sha256, sub, read


# --------------------------------------------------------------------------------------------
# The worker side

_worker: dict[str, Any] = {}


class _KeepRecords(logging.Handler):
    """Keeps a worker's warnings so that they are logged again by the main process."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _exit_with_parent(sentinel: int) -> None:
    """Ends the worker when the run's process is gone (killed): an idle worker would otherwise wait forever."""
    wait([sentinel])
    os._exit(1)


def _init_worker(settings: Settings, inbox: Path, read: ReadOne) -> None:
    parent = parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with_parent, args=(parent.sentinel,), daemon=True).start()
    # As the run's own process (bijie_etl.collector): what the forkserver imported is never walked,
    # young objects are collected every 10,000 allocations instead of 700 (a read leaves no cycles).
    gc.freeze()
    gc.set_threshold(10_000, *gc.get_threshold()[1:])
    warm = sys.modules.get("bijie_etl.ingest.warm_start")  # the forkserver's parse (PRELOAD), never one here
    if warm is not None:
        warm.drop_if_changed()  # unless a file changed since
    keep = _KeepRecords()
    logger = logging.getLogger("bijie_etl")
    logger.addHandler(keep)
    logger.propagate = False  # the main process logs them, with its own handlers
    _worker.update(settings=settings, inbox=inbox, read=read, keep=keep)


def _read_chunk(files: list[tuple[Path, str]]) -> tuple[list[Packed], list[tuple[str, int, str]]]:
    """Read a chunk of files in a worker: their packed reads, and the warnings logged meanwhile."""
    settings, inbox, read, keep = _worker["settings"], _worker["inbox"], _worker["read"], _worker["keep"]
    out = [_without_path(read(path, name, settings, inbox), path) for path, name in files]
    records, keep.records = keep.records, []
    return out, records


def _without_path(packed: Packed, path: Path) -> Packed:
    """``packed`` made cheaper to send (:func:`~bijie_etl.ingest.packed.leave_out_known`)."""
    leave_out_known(packed[1], packed[2], path)
    return packed


def _with_path(packed: Packed, path: Path) -> Packed:
    """``packed`` as it was read (:func:`~bijie_etl.ingest.packed.put_back_known`: the main process's own path)."""
    put_back_known(packed[1], packed[2], path)
    return packed


# --------------------------------------------------------------------------------------------
# The main side


class _Chunk:
    """Files sent to a worker as one task, unless the main process takes them back first (see :class:`BatchReads`)."""

    __slots__ = ("error", "files", "future", "ready", "state")

    def __init__(self, files: list[tuple[Path, str]]) -> None:
        self.files = files
        #: "queued" (not yet handed to the pool), "sent" (handed; ``future`` is set once ``ready``)
        #: or "taken" (read by the main process instead).
        self.state = "queued"
        self.future: Future[Any] | None = None
        self.error: BaseException | None = None
        self.ready = threading.Event()


class BatchReads:
    """The reads of one batch, as :func:`bijie_etl.run.ingest_batch` uses them.

    Without a pool (``chunks`` empty) every call reads in this process, exactly as before the
    pool existed. With one, the first call collects the batch: the main process, which would
    otherwise only wait, first takes back the batch's chunks that no worker has started, from
    the last one down, and reads them itself (``steal``); then it waits for the others, reading
    meanwhile the ``following`` batch's unstarted chunks. A file whose read did not come back from
    a worker is hashed and read here.
    """

    def __init__(
        self,
        settings: Settings,
        inbox: Path,
        chunks: Sequence[_Chunk] = (),
        tally: Counter[str] | None = None,
        *,
        lock: threading.Lock | None = None,
        steal: bool = True,
        on_broken: Callable[[], None] | None = None,
    ) -> None:
        self.settings = settings
        self.inbox = inbox
        #: Files read by a worker / by the main process while it waited / again in the main process
        #: (the run's totals when a ReadAhead made it).
        self.tally: Counter[str] = Counter() if tally is None else tally
        self._chunks = list(chunks)
        #: Each file's name as shown (InboxPaths.display), worked out when it was handed to the workers.
        self._names = {path: name for chunk in self._chunks for path, name in chunk.files}
        self._lock = lock or threading.Lock()
        self._steal = steal
        self._on_broken = on_broken
        self._done: dict[Path, tuple[str, str, Submission, Any, str]] | None = None if chunks else {}
        #: Seconds the main process spent collecting the batch: waiting for the workers, and
        #: reading the chunks it took back (the part of reading not overlapped).
        self.waited = 0.0
        #: The next batch's reads (set by :meth:`ReadAhead.ahead`): while a worker still holds one of
        #: this batch's chunks, the main process reads the next batch's unstarted chunks instead of waiting.
        self.following: BatchReads | None = None
        #: Files of this batch read by the main process while it collected the batch before.
        self._early: dict[Path, tuple[str, str, Submission, Any, str]] = {}

    def _take(self, chunk: _Chunk) -> bool:
        """Take ``chunk`` back from the pool if no worker has started it."""
        with self._lock:
            if chunk.state == "queued":
                chunk.state = "taken"
                return True
            if not chunk.ready.is_set():  # being handed to the pool (the first one starts the workers)
                return False
        if chunk.future is not None and chunk.future.cancel():
            chunk.state = "taken"
            return True
        return False

    def _collect(self) -> dict[Path, tuple[str, str, Submission, Any, str]]:
        if self._done is not None:
            return self._done
        started = time.perf_counter()
        done, self._early = self._early, {}
        if self._steal:
            while (chunk := self._take_last()) is not None:
                self._read_here(chunk, done)
        for chunk in self._chunks:
            if chunk.state == "taken":
                continue
            self._read_following_until(chunk)
            chunk.ready.wait()
            try:
                if chunk.future is None:
                    raise chunk.error or RuntimeError("not sent")
                packed, records = chunk.future.result()
            except Exception as exc:  # a worker died (BrokenProcessPool) or a result could not be sent
                if isinstance(exc, BrokenExecutor) and self._on_broken is not None:
                    self._on_broken()  # the rest of the run is read in-process
                log.warning(
                    "读取进程未能返回 %d 个文件的读取结果（%s: %s），改在主进程中读取这些文件。",
                    len(chunk.files),
                    type(exc).__name__,
                    exc,
                )
                continue
            for name, level, message in records:
                logging.getLogger(name).log(level, "%s", message)
            for (path, file_name), one in zip(chunk.files, packed, strict=True):
                sha, sub, read = _with_path(one, path)
                done[path] = (file_name, sha, sub, read, "workers")
        self._chunks = []
        self._done = done
        self.waited = time.perf_counter() - started
        return done

    def _take_last(self) -> _Chunk | None:
        """The last chunk not yet taken, taken back from the pool; None when a worker holds it (and so
        every chunk before it) or every chunk is taken."""
        for chunk in reversed(self._chunks):
            if chunk.state != "taken":
                return chunk if self._take(chunk) else None
        return None

    def _read_here(self, chunk: _Chunk, into: dict[Path, tuple[str, str, Submission, Any, str]]) -> None:
        for path, file_name in chunk.files:
            # Read as without a pool: packing is for crossing processes (~5 % of a read).
            sub, read = read_submission(path, settings=self.settings, inbox=self.inbox, file_name=file_name)
            into[path] = (file_name, sub.sha256, sub, read, "meanwhile")

    def _read_following_until(self, held: _Chunk) -> None:
        """While a worker reads ``held``, read the next batch's chunks no worker has started, from its
        last one down (rather than wait: the worker goes on with the next batch from its first chunk)."""
        following = self.following
        if following is None or not self._steal:
            return
        while not (held.ready.is_set() and (held.future is None or held.future.done())):
            chunk = following._take_last()
            if chunk is None:
                return
            self._read_here(chunk, following._early)

    def display(self, path: Path, paths: InboxPaths) -> str:
        """``paths.display(path)``, as worked out already when the file was handed to the workers."""
        name = self._names.get(path)
        return name if name is not None else paths.display(path)

    def sha256(self, path: Path) -> str:
        """The file's sha256 (as computed while reading it)."""
        got = self._collect().get(path)
        return got[1] if got is not None else sha256_of(path)

    def read(self, path: Path, *, sha256: str, file_name: str) -> Opened:
        """The file opened as :func:`read_submission` opens it (the collected read when it matches)."""
        got = self._collect().pop(path, None)
        if got is not None and got[0] == file_name and got[1] == sha256:
            self.tally[got[4]] += 1
            return got[2], got[3]
        self.tally["main"] += 1
        return read_submission(
            path, settings=self.settings, inbox=self.inbox, sha256=sha256, file_name=file_name
        )


def tapered(parts: Sequence[Sequence[Path]], smallest: int = 16) -> list[Sequence[Path]]:
    """``parts`` with the last batch cut in two, three quarters then a quarter (unless it has fewer than ``smallest`` files).

    Every batch's validation and load overlap the workers' reading of the next batch, except the
    last one's: the workers have nothing left to read. Ending on a quarter of a batch shortens
    that idle end (a 1,000-file batch: ~0.6 → ~0.15 s of validation and load) for one more batch.
    Where batches end changes nothing of what is loaded (files are checked and loaded in order).
    """
    if len(parts) < 2 or len(parts[-1]) < smallest:
        return list(parts)
    last = parts[-1]
    cut = len(last) - len(last) // 4
    return [*parts[:-1], last[:cut], last[cut:]]


class ReadAhead:
    """A run's file reading: in worker processes when the run is large enough, else in-process.

    Use as a context manager around the run's batches; :meth:`ahead` hands out each batch with its
    :class:`BatchReads` for ``ingest_batch``. ``read`` is the per-file function the workers run (a
    module-level function, so that it can be sent); ``steal=False`` keeps the main process from
    taking chunks back (tests that need a worker to read a given file).
    """

    def __init__(
        self,
        settings: Settings,
        inbox: Path,
        n_files: int,
        *,
        n_batches: int | None = None,
        read: ReadOne = read_one,
        steal: bool = True,
    ) -> None:
        self.settings = settings
        self.inbox = inbox
        self.workers = read_workers(settings)
        if n_files < max(1, settings.read_pool_min_files):
            self.workers = 0
        if n_batches is not None and n_batches < 2:
            # One batch: no validation or load to overlap the reading with, the main process would
            # only wait for the workers (and pay their start-up): an ad-hoc run of 300 files, the demo.
            self.workers = 0
        self.workers = min(self.workers, n_files)
        self._read = read
        self._steal = steal
        self._names = InboxPaths(inbox)
        self._pool: ProcessPoolExecutor | None = None
        self._broken = False
        self._lock = threading.Lock()
        self._queue: queue.SimpleQueue[_Chunk | None] = queue.SimpleQueue()
        self._feeder: threading.Thread | None = None
        self._closing = False
        #: Files read by the workers, by the main process while it waited for them, and again in the
        #: main process (a read that did not come back); ``ingest_batch`` counts as it uses them.
        self.tally: Counter[str] = Counter()

    @property
    def pooled(self) -> bool:
        """True when files are read by worker processes."""
        return self.workers > 0 and not self._broken

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers (reads not yet started are cancelled)."""
        if self._feeder is not None:
            self._closing = True  # chunks still queued are not handed to the pool any more
            self._queue.put(None)
            self._feeder.join()
            self._feeder = None
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
            log.info(
                "files read: %d by the worker processes, %d by the main process while it waited, "
                "%d again in the main process",
                self.tally["workers"],
                self.tally["meanwhile"],
                self.tally["main"],
            )

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            started = time.perf_counter()
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=_context(),
                initializer=_init_worker,
                initargs=(self.settings, self.inbox, self._read),
            )
            log.info(
                "reading files in %d worker processes (pool started in %.2f s)",
                self.workers,
                time.perf_counter() - started,
            )
        return self._pool

    def _feed(self) -> None:
        """The feeder thread: hands queued chunks to the pool in order (the first hand-over waits
        for the workers to start, ~1 s, while the main process goes on)."""
        while (chunk := self._queue.get()) is not None:
            with self._lock:
                if chunk.state == "taken":
                    continue
                chunk.state = "sent"
            try:
                if self._closing:  # not handed over any more; a later collect reads it in-process
                    chunk.error = RuntimeError("the reader is closed")
                elif self._broken:
                    raise RuntimeError("the pool is broken")
                else:
                    chunk.future = self._start().submit(_read_chunk, chunk.files)
            except Exception as exc:  # the pool could not start or is broken: read in-process from now on
                if not self._broken:
                    log.warning("无法使用读取进程（%s: %s），改在主进程中读取文件。", type(exc).__name__, exc)
                    self._broken = True
                chunk.error = exc
            chunk.ready.set()

    def ahead(
        self, parts: Sequence[Sequence[Path]], first: BatchReads | None = None
    ) -> Iterator[tuple[Sequence[Path], BatchReads | None]]:
        """Each batch with its reads; the next batch is handed to the workers before this one is yielded.

        So the workers read batch N+1 while the caller validates and loads batch N, and never more.
        ``first``: the first batch's reads when they were handed over earlier (:func:`early_reads`);
        a file of the batch they lack is read in the main process, a read nobody asks for is dropped.
        """
        if self.pooled:
            parts = tapered(parts)
        following = (first or self.submit(parts[0])) if parts else None
        for i, batch in enumerate(parts):
            reads = following
            following = self.submit(parts[i + 1]) if i + 1 < len(parts) else None
            if reads is not None:
                reads.following = following
            yield batch, reads

    def submit(self, paths: Sequence[Path]) -> BatchReads | None:
        """Start reading ``paths`` in the workers; ``None`` when they are read in-process (``ingest_batch``'s default)."""
        if not self.pooled or not paths:
            return None
        files = [(path, self._names.display(path)) for path in paths]
        size = max(1, min(MAX_CHUNK, -(-len(files) // (self.workers * 4))))
        chunks = [_Chunk(files[i : i + size]) for i in range(0, len(files), size)]
        if self._feeder is None:
            self._feeder = threading.Thread(target=self._feed, name="bijie-read-feeder", daemon=True)
            self._feeder.start()
        for chunk in chunks:
            self._queue.put(chunk)
        return BatchReads(
            self.settings,
            self.inbox,
            chunks,
            self.tally,
            lock=self._lock,
            steal=self._steal,
            on_broken=self._broke,
        )

    def _broke(self) -> None:
        self._broken = True


def _fresh(settings: Settings, files: Sequence[Path | str]) -> list[Path]:
    """The files modified after the warehouse file was last written (every file when there is none yet)."""
    try:
        since: float | None = os.stat(settings.database_path).st_mtime
    except OSError:
        since = None
    fresh: list[Path] = []
    for f in files:
        try:
            if since is None or os.stat(f).st_mtime > since:
                fresh.append(f if isinstance(f, Path) else Path(f))
        except OSError:
            continue  # gone or unreadable: the run says so
    return fresh


def _worth_a_pool(settings: Settings, fresh: Sequence[Path]) -> list[list[Path]] | None:
    """The run's batches of ``fresh`` when they are enough for the workers to be worth starting."""
    if read_workers(settings) == 0 or len(fresh) < max(1, settings.read_pool_min_files):
        return None
    planned = batches(fresh, settings.batch_size, settings.batch_bytes)  # as the run will plan them
    return planned if len(planned) > 1 else None


def early_reads(
    settings: Settings, inbox: Path, files: Sequence[Path | str]
) -> tuple[ReadAhead, BatchReads] | None:
    """Hand a large run's likely first batch to the workers before the run opens the warehouse.

    Opening the warehouse (the writer lock, migrations, the catalog sync) takes a few tenths of a
    second in which the workers would idle. Which files are new is only known once it is open, so
    this guesses: the files modified after the warehouse file was last written (every file when
    there is none yet). A quiet night's files are all older: nothing is read ahead and no worker
    starts. The guess only decides what is read early; the run still decides which files are new
    and reads any file of its first batch that was not read ahead itself (a read nobody asks for
    is dropped). ``None`` when too few files look new for the workers to be worth starting.
    """
    fresh = _fresh(settings, files)
    planned = _worth_a_pool(settings, fresh)
    if planned is None:
        return None
    reader = ReadAhead(settings, inbox, len(fresh), n_batches=len(planned))
    reads = reader.submit(planned[0])
    if reads is None:
        reader.close()
        return None
    return reader, reads


def warm_up(settings: Settings, inbox: Path | None = None) -> bool:
    """Start the workers' server now if the next run of ``inbox`` (default: the settings') will read in workers.

    The server imports the reader once (:data:`PRELOAD`: pandas and the reading modules, about a
    second of CPU, in its own process); the run's workers are forked from it. Called where a run is
    about to start but has not yet (a flow being loaded while Prefect starts and creates the flow
    run), so that the run's first batch does not wait for those imports. Same guess as
    :func:`early_reads`: a quiet night starts nothing. True when the server was started (or runs).
    Never fails: without it, the run starts the server itself, as before.
    """
    try:
        fresh = _fresh(settings, listing(inbox or settings.inbox_dir))
        if _worth_a_pool(settings, fresh) is None:
            return False
        _context()  # sets the server's preload
        forkserver.ensure_running()
        return True
    except Exception as exc:  # a warm-up is optional: the run reports any real problem itself
        log.debug("reading workers not started ahead: %s: %s", type(exc).__name__, exc)
        return False


# --------------------------------------------------------------------------------------------
# Starting workers without the parent's main module


class _Popen(popen_forkserver.Popen):
    """Starts a worker the forkserver way, minus re-running the parent's main module.

    multiprocessing has every new worker import the parent's ``__main__`` (so that functions
    defined there can be sent). The workers need nothing from it, and a main script without an
    ``if __name__ == "__main__":`` guard (a quick benchmark, an operator's own script) would run
    its whole night again inside each worker. Otherwise CPython's ``popen_forkserver.Popen._launch``
    (copied from CPython 3.11).
    """

    def _launch(self, process_obj: Any) -> None:
        prep_data = spawn.get_preparation_data(process_obj._name)
        prep_data.pop("init_main_from_name", None)
        prep_data.pop("init_main_from_path", None)
        buf = io.BytesIO()
        set_spawning_popen(self)
        try:
            reduction.dump(prep_data, buf)
            reduction.dump(process_obj, buf)
        finally:
            set_spawning_popen(None)
        self.sentinel, w = forkserver.connect_to_new_process(self._fds)  # type: ignore[attr-defined]
        # A duplicate of the data pipe's write end: the child's sentinel of its parent.
        parent_w = os.dup(w)
        self.finalizer = util.Finalize(self, util.close_fds, (parent_w, self.sentinel))  # type: ignore[attr-defined]
        with open(w, "wb", closefd=True) as f:
            f.write(buf.getbuffer())
        self.pid = forkserver.read_signed(self.sentinel)


class _Process(ForkServerProcess):
    @staticmethod
    def _Popen(process_obj: Any) -> popen_forkserver.Popen:  # multiprocessing's name
        # _launch above is 3.11's; a later Python may start a forkserver child differently, so from
        # 3.14 workers start the stock way (and re-run an unguarded main, as multiprocessing documents).
        if sys.version_info < (3, 14):
            return _Popen(process_obj)
        return popen_forkserver.Popen(process_obj)


class _Context(ForkServerContext):
    Process = _Process


def _context() -> ForkServerContext:
    """A forkserver context whose workers skip the main module; the server imports :data:`PRELOAD` once."""
    ctx = _Context()
    ctx.set_forkserver_preload(PRELOAD)  # without "__main__": the server does not run it either
    return ctx
