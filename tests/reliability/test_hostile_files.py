"""The hostile battery (tests/reliability/hostile.py) through the pipeline's own functions.

Each file gives one clear file-level error (a stable code and a Chinese message), a clean load,
or row-level errors at the right cells; never a crash or a hang; bounded memory for the big ones;
the feedback reports written from it are safe; and a run over the whole battery still loads the
good files beside it.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import pytest
from tests.reliability import hostile
from tests.reliability.conftest import Listener

from bijie_etl.catalog import load_catalog_from_settings
from bijie_etl.ingest.discover import discover
from bijie_etl.ingest.feedback import write_feedback
from bijie_etl.ingest.submission import SubmissionStatus
from bijie_etl.run import ingest_file, run_nightly
from bijie_etl.settings import Settings

pytestmark = pytest.mark.timeout(60)

AS_OF = date(2024, 9, 15)
GOOD_OBSERVATION = ("coal_output", date(2024, 6, 1), "全市", 3600.0)
READ_CASES = [c for c in hostile.CASES if c.expect != "skipped"]
HEAVY = [c for c in hostile.CASES if c.heavy]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_NUMBER = re.compile(r"[+-]?\d+(\.\d*)?")


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _assert_feedback_safe(paths: list[Path], feedback_dir: Path) -> None:
    """Reports stay in the feedback folder; no xlsx cell is (or starts like) a formula; the HTML has no live tag."""
    assert len(paths) == 2
    for path in paths:
        assert path.resolve().parent == feedback_dir.resolve()
        assert "\n" not in path.name
        assert "/" not in path.name
    xlsx = next(p for p in paths if p.suffix == ".xlsx")
    wb = openpyxl.load_workbook(xlsx)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith(_FORMULA_START):
                    assert _NUMBER.fullmatch(cell.value), (cell.coordinate, cell.value)
    html = next(p for p in paths if p.suffix == ".html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "root:x:0" not in html


@pytest.mark.parametrize("case", READ_CASES, ids=[c.name for c in READ_CASES])
def test_hostile_file(case: hostile.Case, battery: tuple[Path, dict[str, Path]], tmp_path: Path) -> None:
    """Each battery file becomes its one expected outcome through ingest_file, and its feedback reports are safe."""
    inbox, paths = battery
    settings = Settings(warehouse_dir=tmp_path)
    catalog = load_catalog_from_settings(settings)
    sub = ingest_file(paths[case.name], catalog=catalog, settings=settings, as_of=AS_OF, inbox=inbox)
    errors = [(f.cell, f.code.value) for f in sub.errors]
    current = [(r.indicator_code, r.period, r.county, float(r.value)) for r in sub.observations.itertuples()]
    if case.expect == "loaded":
        assert (sub.status, errors, current) == (SubmissionStatus.LOADED, [], [GOOD_OBSERVATION])
    elif case.expect == "empty":
        assert (sub.status, sub.failures, current) == (SubmissionStatus.LOADED, [], [])
    elif case.expect == "rows":
        assert sorted(f"{cell}:{code}" for cell, code in errors) == sorted(case.row_codes)
        for value in sub.observations["value"]:
            assert math.isfinite(value)
            assert math.copysign(1, value) > 0
    else:
        assert sub.status is SubmissionStatus.REJECTED
        assert [(f.code.value, f.cell) for f in sub.failures] == [(case.expect, None)]
        assert _has_chinese(sub.error or "")
    assert sub.department == "energy"
    if sub.failures:
        _assert_feedback_safe(
            write_feedback(sub, tmp_path / "feedback", catalog=catalog), tmp_path / "feedback"
        )


_CHILD = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from pathlib import Path
from bijie_etl.errors import FileRejected
from bijie_etl.ingest.reading import read_file
from bijie_etl.settings import Settings
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    read = read_file(Path(sys.argv[1]), Settings())
    outcome = "loaded:" + str(sum(len(s.rows) for s in read.sheets))
except FileRejected as exc:
    outcome = exc.code.value
print(json.dumps({{"outcome": outcome, "seconds": time.perf_counter() - start,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "base_mb": base / 1024}}))
"""
MEMORY_LIMIT = 2 << 30  # address space of the child: a runaway allocation fails instead of swapping
MAX_EXTRA_RSS_MB = 300  # peak resident memory above the imports


@pytest.mark.parametrize("case", HEAVY, ids=[c.name for c in HEAVY])
def test_heavy_file_bounded(case: hostile.Case, battery: tuple[Path, dict[str, Path]]) -> None:
    """Bombs, a million rows, a far cell and 16,384 columns are decided in seconds within a bounded memory."""
    _, paths = battery
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD.format(limit=MEMORY_LIMIT), str(paths[case.name])],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    expected = "loaded:1" if case.expect == "loaded" else case.expect
    assert result["outcome"] == expected
    assert result["seconds"] < 20
    assert result["rss_mb"] - result["base_mb"] < MAX_EXTRA_RSS_MB, result


def test_discover_skips_partial_lock_and_symlinks(tmp_path: Path) -> None:
    """discover() offers regular files only: no .part download, ~$ lock file, or symlink (file or folder) out of the inbox."""
    inbox = tmp_path / "inbox"
    outside = tmp_path / "outside"
    (inbox / "能源局").mkdir(parents=True)
    outside.mkdir()
    secret = outside / "secret.csv"
    secret.write_text("指标名称,本期值\n机密,1\n", encoding="utf-8")
    for case in hostile.CASES:
        if case.name in {"partial_download", "office_lock"}:
            case.make(inbox / "能源局" / case.file_name)
    hostile._good_xlsx(inbox / "能源局" / "ok.xlsx")
    (inbox / "能源局" / "link.csv").symlink_to(secret)
    (inbox / "能源局" / "etc_passwd.csv").symlink_to("/etc/passwd")
    (inbox / "linked_dir").symlink_to(outside, target_is_directory=True)
    (inbox / "能源局" / "crdownload.xlsx.crdownload").write_bytes(b"PK")
    assert [p.relative_to(inbox).as_posix() for p in discover(inbox)] == ["能源局/ok.xlsx"]


def _warehouse_text(path: Path) -> str:
    """Every table of a DuckDB file dumped as text."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
        return "\n".join(str(con.execute(f'SELECT * FROM "{t}"').fetchall()) for t in tables)
    finally:
        con.close()


def test_whole_battery_in_one_run(
    battery: tuple[Path, dict[str, Path]], tmp_path: Path, listener: Listener
) -> None:
    """One nightly run over the battery plus good files: every hostile file is recorded with its outcome, the good files load, nothing leaks."""
    source, _ = battery
    inbox = tmp_path / "inbox"
    shutil.copytree(source, inbox, symlinks=True)
    # A good file beside the battery, from the department that owns its indicator (coal: 能源局).
    good = inbox / "能源局" / "另一份好文件.xlsx"
    hostile._good_xlsx(good, hostile.good_rows(note="能源局的另一份好文件"))
    settings = Settings(warehouse_dir=tmp_path / "wh", inbox_dir=inbox)
    summary = run_nightly(settings, AS_OF, notify=True)

    statuses = {f.file: f.status for f in summary.files.files}
    con = duckdb.connect(str(settings.analytics_path), read_only=True)
    recorded = dict(con.execute("SELECT file_name, status FROM submitted_files").fetchall())
    con.close()
    for case in hostile.CASES:
        name = f"能源局/{case.file_name}"
        if case.expect == "skipped":
            assert name not in statuses
        elif case.name == "empty_xlsx":  # 0 bytes, the same sha256 as empty.csv just before it
            assert statuses[name] == "duplicate"
        elif case.expect == "rows":
            assert statuses[name] in {"partial", "rejected"}, name
            assert recorded[name] == statuses[name], name
        else:
            want = "loaded" if case.expect in {"loaded", "empty"} else "rejected"
            assert (statuses[name], recorded[name]) == (want, want), name
    assert recorded["能源局/另一份好文件.xlsx"] == "loaded"
    assert summary.as_dict()["files_seen"] == len(recorded) + 1  # + the duplicate empty file
    assert listener.connections == 0
    for text in (
        _warehouse_text(settings.database_path),
        *(p.read_text("utf-8", "replace") for p in settings.out_dir.rglob("*.html")),
    ):
        assert "root:x:0" not in text
    feedback = sorted(settings.feedback_dir.iterdir())
    assert feedback
    assert all(p.resolve().parent == settings.feedback_dir.resolve() for p in feedback)
    assert not list(tmp_path.rglob("pwned"))
    assert not (Path(os.getcwd()) / "pwned").exists()


def test_script_escaped_in_emails_dashboard_and_feedback(tmp_path: Path) -> None:
    """A target name and a note holding <script> reach the emails, the dashboard and the feedback report only escaped."""
    schemas = tmp_path / "schemas"
    shutil.copytree(Settings().schemas_dir, schemas)
    catalog_file = schemas / "targets_2024.yaml"
    text = catalog_file.read_text(encoding="utf-8")
    catalog_file.write_text(
        text.replace("name_zh: 煤炭产量", f'name_zh: "煤炭产量{hostile.SCRIPT}"', 1), encoding="utf-8"
    )
    inbox = tmp_path / "inbox"
    (inbox / "能源局").mkdir(parents=True)
    rows = hostile.good_rows(note=hostile.SCRIPT, ytd=100.0, month=10.0)  # far behind: an alert
    rows.append(
        ["", f"坏指标{hostile.SCRIPT}", "万吨", "2024-06", "全市", 1, 2, None, None, None, hostile.SCRIPT]
    )
    hostile._good_xlsx(inbox / "能源局" / "script.xlsx", rows)
    settings = Settings(warehouse_dir=tmp_path / "wh", inbox_dir=inbox, schemas_dir=schemas)
    # Every other target has no data in this one-file inbox: confirm past the alert storm guard.
    run_nightly(settings, date(2024, 7, 15), notify=True, confirm_alerts=True)

    emls = list(settings.outbox_dir.glob("*.eml"))
    assert emls, "the behind target must raise an alert"
    from email import message_from_bytes, policy

    htmls = []
    for eml in emls:
        msg = message_from_bytes(eml.read_bytes(), policy=policy.default)
        html = msg.get_body(preferencelist=("html",))
        htmls.append(html.get_content() if html else "")
    assert any("煤炭产量&lt;script&gt;" in h for h in htmls)
    dashboard = next(settings.dashboard_dir.glob("*.html")).read_text(encoding="utf-8")
    assert "煤炭产量&lt;script&gt;" in dashboard
    feedback_html = next(settings.feedback_dir.glob("*.html")).read_text(encoding="utf-8")
    assert "&lt;script&gt;" in feedback_html
    for page in (*htmls, dashboard, feedback_html):
        assert "<script>alert(" not in page


@pytest.mark.parametrize(
    "file_name",
    [
        "../../../../tmp/evil.xlsx",
        "..",
        "/etc/passwd",
        "a/../../b.xlsx",
        "x\n/y\r.xlsx",
        "；$(id)`id`|&<>.xlsx",
        "..\\..\\c.xlsx",
    ],
)
def test_feedback_name_cannot_escape(file_name: str, tmp_path: Path) -> None:
    """However a submission's display name is spelled, its feedback reports land directly in the feedback folder."""
    from datetime import UTC, datetime

    from bijie_etl.errors import Code, Failure
    from bijie_etl.ingest.submission import Submission

    sub = Submission(
        path=tmp_path / "x.xlsx",
        file_name=file_name,
        sha256="ab" * 32,
        size_bytes=1,
        received_at=datetime.now(UTC),
        failures=[Failure(Code.FILE_EMPTY, "文件是空的", file=file_name)],
        error="文件是空的",
    )
    out = tmp_path / "deep" / "feedback"
    _assert_feedback_safe(write_feedback(sub, out), out)
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == sorted(p.name for p in out.iterdir())
