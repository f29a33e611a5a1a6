"""Reading in worker processes (issue #19): the same inbox gives the same warehouse with and without
workers, a worker that dies or fails loses no file, and small runs never start the workers."""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import Future
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from bijie_etl.ingest.discover import InboxPaths, listing
from bijie_etl.ingest.parallel import BatchReads, Packed, ReadAhead, _Chunk, early_reads, read_one, tapered
from bijie_etl.ingest.template import HEADER as TEMPLATE_HEADER
from bijie_etl.run import FileOutcome, Run, ingest_batch, run_nightly
from bijie_etl.settings import PROJECT_ROOT, Settings
from spreadsheets import write_xlsx

sys.path.insert(0, str(PROJECT_ROOT))  # `benchmarks` is a top-level package of the checkout, not installed

from benchmarks.scale import ScaleParams, generate

AS_OF = date(2024, 12, 20)
PARALLEL = "bijie_etl.ingest.parallel"


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """24 generated department files of every style, plus a corrupt workbook, a header-only one, a copy of
    an earlier file under another name (a duplicate in a later batch) and a file that is no spreadsheet."""
    data = tmp_path_factory.mktemp("data")
    ds = generate(ScaleParams(n_files=24, rows_per_file=12), data_dir=data, processes=1)
    folder = ds.inbox
    (folder / "能源局").mkdir(exist_ok=True)
    (folder / "能源局" / "能源局_损坏.xlsx").write_bytes(b"PK\x03\x04 this is not really a workbook" * 10)
    write_xlsx(
        folder / "能源局" / "能源局_只有表头.xlsx", {"数据": [[label for label, _field in TEMPLATE_HEADER]]}
    )
    (folder / "zz_重复报送").mkdir()
    shutil.copy2(ds.files[0], folder / "zz_重复报送" / ds.files[0].name)
    (folder / "zz_重复报送" / "说明.txt").write_text("本月数据见附件。", encoding="utf-8")
    return folder


def _settings(tmp_path: Path, inbox: Path, **kw: Any) -> Settings:
    return Settings(warehouse_dir=tmp_path / "warehouse", inbox_dir=inbox, batch_size=7, **kw)


def _outcomes(files: list[FileOutcome], settings: Settings) -> list[tuple[Any, ...]]:
    """The file outcomes in order, feedback paths relative to the feedback folder."""
    root = str(settings.feedback_dir)
    return [
        (
            f.file,
            f.status,
            f.department,
            f.rows_loaded,
            f.rows_rejected,
            f.warnings,
            f.error,
            tuple(p.removeprefix(root) for p in f.feedback),
        )
        for f in files
    ]


TABLES = {
    "submitted_files": "SELECT * EXCLUDE (submission_id, run_id, loaded_at) FROM submitted_files ORDER BY file_name",
    "observations": """
        SELECT f.file_name, o.* EXCLUDE (observation_id, submission_id, loaded_at, superseded_at, superseded_by),
               o.superseded_at IS NULL AS current
        FROM observations o JOIN submitted_files f USING (submission_id) ORDER BY ALL""",
    "confirmations": """
        SELECT f.file_name, c.* EXCLUDE (observation_id, submission_id, confirmed_at)
        FROM observation_confirmations c JOIN submitted_files f USING (submission_id) ORDER BY ALL""",
    "failures": "SELECT * EXCLUDE (failure_id, submission_id, run_id, recorded_at) FROM failures ORDER BY ALL",
}


def _tables(settings: Settings) -> dict[str, list[tuple[Any, ...]]]:
    with duckdb.connect(str(settings.database_path), read_only=True) as con:
        return {name: con.execute(sql).fetchall() for name, sql in TABLES.items()}


def _ingest(settings: Settings) -> list[tuple[Any, ...]]:
    with Run(settings, AS_OF) as run:
        return _outcomes(run.ingest().files, settings)


def _messages(caplog: pytest.LogCaptureFixture, level: int) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == PARALLEL and r.levelno == level]


def test_workers_load_exactly_what_the_main_process_loads(
    tmp_path: Path, inbox: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Ingested with 2 read workers (five batches read one ahead), the inbox gives the same file outcomes in the same order and the same rows, confirmations and failures as read in-process."""
    alone = _settings(tmp_path / "alone", inbox, read_workers=0)
    pooled = _settings(tmp_path / "pooled", inbox, read_workers=2, read_pool_min_files=1)
    expected = _ingest(alone)
    with caplog.at_level(logging.INFO, logger=PARALLEL):
        got = _ingest(pooled)

    assert got == expected
    assert _tables(pooled) == _tables(alone)
    # The corrupt workbook, read in a worker, is rejected with the usual message; the others load.
    status = {f[0]: (f[1], f[6]) for f in got}
    assert status["能源局/能源局_损坏.xlsx"][0] == "rejected"
    assert "无法读取" in (status["能源局/能源局_损坏.xlsx"][1] or "")
    assert status["能源局/能源局_只有表头.xlsx"][0] == "rejected"
    assert [f[1] for f in got].count("loaded") + [f[1] for f in got].count("partial") >= 20
    assert [f[1] for f in got].count("duplicate") == 1
    # Every file to read was read once, by a worker or by the main process while it waited (none
    # again in the main process), and nothing failed.
    workers, meanwhile, again = map(int, re.findall(r"\d+", _messages(caplog, logging.INFO)[-1]))
    assert (workers + meanwhile, again) == (27, 0)
    assert workers > 0
    assert _messages(caplog, logging.WARNING) == []


def test_a_nightly_run_reads_its_first_files_while_the_warehouse_opens(
    tmp_path: Path, inbox: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """run_nightly hands the files newer than the warehouse (all of them: there is none yet) to the
    workers before opening it, loads exactly what an in-process run loads, and on the next, quiet
    night (every file older than the warehouse) reads nothing ahead and starts no worker."""
    alone = _settings(tmp_path / "alone", inbox, read_workers=0)
    pooled = _settings(tmp_path / "pooled", inbox, read_workers=1, read_pool_min_files=1)
    run_nightly(alone, AS_OF, notify=False)
    files = listing(inbox)
    early = early_reads(pooled, inbox, files)
    assert early is not None  # no warehouse yet: every file looks new
    early[0].close()
    with caplog.at_level(logging.INFO, logger=PARALLEL):
        run_nightly(pooled, AS_OF, notify=False)
    assert _tables(pooled) == _tables(alone)
    workers, meanwhile, again = map(int, re.findall(r"\d+", _messages(caplog, logging.INFO)[-1]))
    assert workers > 0
    assert workers + meanwhile + again == 27  # each file to read once (the duplicate is not read)
    assert early_reads(pooled, inbox, files) is None  # a quiet night: every file is older
    caplog.clear()
    with caplog.at_level(logging.INFO, logger=PARALLEL):
        quiet = run_nightly(pooled, AS_OF, notify=False)
    assert quiet.files.rows_loaded == 0
    assert _messages(caplog, logging.INFO) == []  # no pool started


def _sent(files: list[tuple[Path, str]], future: Future[Any]) -> _Chunk:
    chunk = _Chunk(files)
    chunk.state, chunk.future = "sent", future
    chunk.ready.set()
    return chunk


def test_the_main_process_reads_what_no_worker_has_started(tmp_path: Path, inbox: Path) -> None:
    """Collecting a batch, the main process reads itself the chunks no worker has started (from the last one back to the first a worker holds), cancels them in the pool, and uses the worker's reads for the rest."""
    settings = _settings(tmp_path, inbox)
    files = [(p, p.relative_to(inbox).as_posix()) for p in sorted(inbox.rglob("*.xlsx"))[:8]]
    done: Future[Any] = Future()  # a worker read chunk 1 and sent it back
    done.set_running_or_notify_cancel()
    done.set_result(([read_one(p, n, settings, inbox) for p, n in files[:2]], []))
    waiting: Future[Any] = Future()  # handed to the pool, no worker has started it
    chunks = [_sent(files[:2], done), _sent(files[2:4], waiting), _Chunk(files[4:8])]
    reads = BatchReads(settings, inbox, chunks)

    got = [reads.read(p, sha256=reads.sha256(p), file_name=n) for p, n in files]

    assert reads.tally == {"workers": 2, "meanwhile": 6}
    assert waiting.cancelled()
    assert [c.state for c in chunks] == ["sent", "taken", "taken"]
    alone = BatchReads(settings, inbox)
    expected = [alone.read(p, sha256=alone.sha256(p), file_name=n) for p, n in files]
    assert [(s.file_name, s.sha256, s.status, s.error) for s, _ in got] == [
        (s.file_name, s.sha256, s.status, s.error) for s, _ in expected
    ]

    def shape(read: Any) -> Any:
        return read and (read.title, read.period_hint, read.department_hint, len(read.sheets))

    assert [shape(r) for _, r in got] == [shape(r) for _, r in expected]


def test_while_a_worker_holds_a_chunk_the_main_process_reads_the_next_batch(
    tmp_path: Path, inbox: Path
) -> None:
    """Collecting a batch whose last chunk a worker still reads, the main process does not wait idle: it
    reads the next batch's unstarted chunks (from the last one down), and that batch uses those reads."""
    settings = _settings(tmp_path, inbox)
    files = [(p, p.relative_to(inbox).as_posix()) for p in sorted(inbox.rglob("*.xlsx"))[:6]]
    held: Future[Any] = Future()  # a worker reads this batch's only chunk
    held.set_running_or_notify_cancel()
    following = BatchReads(settings, inbox, [_Chunk(files[2:4]), _Chunk(files[4:6])])
    reads = BatchReads(settings, inbox, [_sent(files[:2], held)])
    reads.following = following

    def worker() -> None:  # sends its read back once the main process has taken the next batch's chunks
        deadline = time.monotonic() + 10
        while any(c.state != "taken" for c in following._chunks) and time.monotonic() < deadline:
            time.sleep(0.01)
        held.set_result(([read_one(p, n, settings, inbox) for p, n in files[:2]], []))

    threading.Thread(target=worker, daemon=True).start()
    first = [reads.read(p, sha256=reads.sha256(p), file_name=n) for p, n in files[:2]]
    assert [c.state for c in following._chunks] == ["taken", "taken"]
    assert reads.tally == {"workers": 2}

    second = [following.read(p, sha256=following.sha256(p), file_name=n) for p, n in files[2:]]
    assert following.tally == {"meanwhile": 4}
    alone = BatchReads(settings, inbox)
    expected = [alone.read(p, sha256=alone.sha256(p), file_name=n) for p, n in files]
    assert [(s.file_name, s.sha256, s.status, len(s.observations)) for s, _ in first + second] == [
        (s.file_name, s.sha256, s.status, len(s.observations)) for s, _ in expected
    ]


def test_a_batch_names_its_files_as_they_were_handed_to_the_workers(tmp_path: Path, inbox: Path) -> None:
    """A batch's reads give each file's shown name as worked out when it was handed to the workers
    (no second look at the file system), and work it out for a file they never held."""
    settings = _settings(tmp_path, inbox)
    paths = sorted(inbox.rglob("*.xlsx"))[:3]
    shown = InboxPaths(inbox)
    reads = BatchReads(settings, inbox, [_Chunk([(paths[0], "as-handed-over.xlsx")])])

    assert reads.display(paths[0], shown) == "as-handed-over.xlsx"
    assert [reads.display(p, shown) for p in paths[1:]] == [
        p.relative_to(inbox).as_posix() for p in paths[1:]
    ]
    assert BatchReads(settings, inbox).display(paths[0], shown) == paths[0].relative_to(inbox).as_posix()


def _dies_on(marked: str, how: str, path: Path, file_name: str, settings: Settings, inbox: Path) -> Packed:
    """A worker's read that kills its process (or raises past the reader) on one file."""
    if file_name == marked:
        if how == "exit":
            os._exit(3)
        raise RuntimeError("a result that cannot come back")
    return read_one(path, file_name, settings, inbox)


@pytest.mark.parametrize("how", ["exit", "raise"])
def test_a_worker_that_dies_or_fails_loses_no_file(
    tmp_path: Path, inbox: Path, caplog: pytest.LogCaptureFixture, how: str
) -> None:
    """When a worker process dies (or its task fails) on a file, the files it did not send back are read in the main process, the log says so, and the batch ends as it does without workers."""
    alone = _settings(tmp_path / "alone", inbox, read_workers=0)
    pooled = _settings(tmp_path / "pooled", inbox, read_workers=2, read_pool_min_files=1)
    files = sorted(p for p in inbox.rglob("*") if p.is_file())
    marked = files[5].relative_to(inbox).as_posix()

    def one_batch(settings: Settings, reader: ReadAhead | None) -> list[tuple[Any, ...]]:
        with Run(settings, AS_OF) as run:
            reads = reader.submit(files) if reader else None
            out = ingest_batch(
                files, warehouse=run.warehouse, catalog=run.years.for_ingest(), settings=settings,
                as_of=AS_OF, run_id=run.run_id, inbox=inbox, reads=reads,
            )  # fmt: skip
        return _outcomes(out.files, settings)

    expected = one_batch(alone, None)
    with (
        caplog.at_level(logging.INFO, logger=PARALLEL),
        ReadAhead(
            pooled, inbox, len(files), read=functools.partial(_dies_on, marked, how), steal=False
        ) as reader,
    ):
        got = one_batch(pooled, reader)
        assert reader.tally["main"] >= 1  # at least the marked file was read again here
        assert reader.tally["workers"] + reader.tally["main"] == len(files) - 1  # one duplicate
        if how == "raise":
            assert reader.tally["workers"] > 0  # the other chunks came back from the workers
        # A dead worker breaks the pool: the rest of the run is read in-process; a failed task does not.
        assert (reader.submit(files[:3]) is None) == (how == "exit")

    assert got == expected
    assert _tables(pooled) == _tables(alone)
    warnings = _messages(caplog, logging.WARNING)
    assert any("改在主进程中读取这些文件" in w for w in warnings), warnings


def test_small_runs_start_no_workers(tmp_path: Path, inbox: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A run with fewer files to read than read_pool_min_files (64 by default), or of one batch, reads them in-process without starting a pool; 0 workers never starts one."""
    settings = _settings(tmp_path, inbox, read_workers=2)
    assert settings.read_pool_min_files == 64
    assert not ReadAhead(settings, inbox, 63).pooled
    assert ReadAhead(settings, inbox, 64).pooled  # (no process starts before the first submit)
    assert not ReadAhead(_settings(tmp_path, inbox, read_workers=0, read_pool_min_files=1), inbox, 500).pooled
    assert not ReadAhead(settings, inbox, 300, n_batches=1).pooled  # one batch: nothing to overlap with
    assert ReadAhead(settings, inbox, 300, n_batches=2).pooled
    with caplog.at_level(logging.INFO, logger=PARALLEL):
        outcomes = _ingest(settings)
    assert len(outcomes) == 28
    assert _messages(caplog, logging.INFO) == []


def test_a_script_without_a_main_guard_runs_once(tmp_path: Path, inbox: Path) -> None:
    """A script with no `if __name__ == "__main__":` guard that ingests with workers runs its body once: the workers do not re-run the caller's main module."""
    script = tmp_path / "night.py"
    script.write_text(
        "import logging\n"
        "from datetime import date\n"
        "from pathlib import Path\n"
        "from bijie_etl.run import Run\n"
        "from bijie_etl.settings import Settings\n"
        "logging.basicConfig(level=logging.INFO)\n"
        "print('BODY RAN', flush=True)\n"
        f"settings = Settings(warehouse_dir=Path({str(tmp_path / 'warehouse')!r}), inbox_dir=Path({str(inbox)!r}),"
        " read_workers=2, read_pool_min_files=1, batch_size=7)\n"
        f"with Run(settings, date({AS_OF.year}, {AS_OF.month}, {AS_OF.day})) as run:\n"
        "    print('FILES', len(run.ingest().files), flush=True)\n",
        encoding="utf-8",
    )
    # A main re-run in a worker would wait for the writer lock the script holds: 5 s, not 600.
    env = {**os.environ, "BIJIE_LOCK_TIMEOUT": "5"}
    proc = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
        cwd=tmp_path,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["BODY RAN", "FILES 28"]
    read = re.search(
        r"files read: (\d+) by the worker processes, (\d+) by the main process while it waited, 0 again",
        proc.stderr,
    )
    assert read is not None, proc.stderr
    assert int(read[1]) + int(read[2]) == 27


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        try:
            children = Path(f"/proc/{todo.pop()}/task").glob("*/children")
            kids = {int(k) for c in children for k in c.read_text().split()}
        except OSError:
            kids = set()
        todo += kids - found
        found |= kids
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads the process tree from /proc")
def test_workers_end_when_the_run_is_killed(tmp_path: Path, inbox: Path) -> None:
    """When the run's process is killed (SIGKILL, no cleanup), its idle read workers and their server end too instead of waiting forever."""
    script = tmp_path / "killed.py"
    script.write_text(
        "import sys, time\n"
        "from pathlib import Path\n"
        "from bijie_etl.ingest.parallel import ReadAhead\n"
        "from bijie_etl.settings import Settings\n"
        f"inbox = Path({str(inbox)!r})\n"
        "files = sorted(p for p in inbox.rglob('*') if p.is_file())\n"
        "reader = ReadAhead(Settings(read_workers=2, read_pool_min_files=1), inbox, len(files), steal=False)\n"
        "reads = reader.submit(files)\n"
        "reads.sha256(files[0])\n"  # waits for the batch: both workers started and idle now
        "print('READY', flush=True)\n"
        "time.sleep(300)\n",
        encoding="utf-8",
    )
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == "READY\n"
        left = _descendants(proc.pid)
        assert len(left) >= 3  # the forkserver and two workers (and multiprocessing's resource tracker)
    finally:
        proc.kill()
        proc.wait()
    deadline = time.monotonic() + 30
    while any(_alive(p) for p in left) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [p for p in left if _alive(p)]


_CHILDREN_AFTER_WARM_UP = """
import json, os, sys, time
from pathlib import Path
from bijie_etl.ingest.parallel import warm_up
from bijie_etl.settings import Settings
settings = Settings(**json.loads(sys.argv[1]))
started = warm_up(settings)
time.sleep(0.2)
me = str(os.getpid())
children = []
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\\0", b" ").decode()
    except OSError:
        continue
    if stat.rsplit(")", 1)[1].split()[1] == me:
        children.append(cmd)
print(json.dumps({"started": started, "children": children}))
"""


def _warm_up_in_a_new_process(settings: Settings) -> dict[str, Any]:
    fields = {"warehouse_dir": str(settings.warehouse_dir), "inbox_dir": str(settings.inbox_dir),
              "batch_size": settings.batch_size, "read_workers": settings.read_workers,
              "read_pool_min_files": settings.read_pool_min_files}  # fmt: skip
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    done = subprocess.run([sys.executable, "-c", _CHILDREN_AFTER_WARM_UP, json.dumps(fields)],
                          capture_output=True, text=True, env=env, timeout=120, check=True)  # fmt: skip
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table in /proc")
def test_loading_a_large_runs_flow_starts_the_reading_server_and_a_quiet_night_does_not(
    tmp_path: Path, inbox: Path
) -> None:
    """``warm_up`` (called where the nightly flow is loaded, before Prefect creates the flow run) starts the
    workers' server, which imports the reader, only when the inbox holds a large run's worth of new files."""
    pooled = _settings(tmp_path / "pooled", inbox, read_workers=1, read_pool_min_files=1)
    new_files = _warm_up_in_a_new_process(pooled)
    assert new_files["started"] is True
    servers = [c for c in new_files["children"] if "multiprocessing.forkserver" in c]
    assert len(servers) == 1
    assert "bijie_etl.ingest.reading" in servers[0]

    alone = _settings(tmp_path / "alone", inbox, read_workers=0, read_pool_min_files=1)
    assert _warm_up_in_a_new_process(alone) == {"started": False, "children": []}

    run_nightly(pooled, AS_OF, notify=False)  # every file is now older than the warehouse
    assert _warm_up_in_a_new_process(pooled) == {"started": False, "children": []}


def test_the_last_batch_is_cut_so_that_little_is_left_to_check_alone() -> None:
    """With workers, the last batch ends in a quarter (its check and load overlap nothing); the other batches, and
    every file's order, stay as planned; a short last batch is left whole."""
    files = [Path(f"f{i:03}.xlsx") for i in range(250)]
    planned = [files[:100], files[100:200], files[200:]]
    cut = tapered(planned)
    assert [len(b) for b in cut] == [100, 100, 38, 12]
    assert [f for b in cut for f in b] == files
    assert tapered([files[:100], files[100:110]]) == [files[:100], files[100:110]]
    assert tapered([files]) == [files]
