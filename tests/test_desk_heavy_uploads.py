"""The heavy hostile files (zip bombs, a million rows, a far cell, 16,384 columns) through the real upload route."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import httpx
import markupsafe
import pytest
from tests.reliability import hostile

from bijie_etl.desk.store import DeskStore
from desking import DeskClient, free_port, make_world

pytestmark = pytest.mark.slow
HEAVY = [c for c in hostile.CASES if c.heavy]
MEMORY_LIMIT = 3 << 30  # address space of the server: a runaway allocation fails instead of swapping
MAX_EXTRA_RSS_MB = 400  # peak resident memory of the server above what a normal upload needs
MAX_SECONDS = 30  # per upload, request to result page, on a shared 2-core machine


def _rss_peak_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM) in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


def _limit_memory() -> None:  # runs in the server process before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, subprocess.Popen[bytes], object]]:
    """`bijie-etl serve` as its own process (memory-limited) on a world where 市能源局 has reported Jan–May."""
    root = tmp_path_factory.mktemp("heavy-desk")
    settings = make_world(root)
    port = free_port()
    log = open(root / "serve.log", "wb")  # noqa: SIM115 - closed below
    cli = str(Path(sys.executable).parent / "bijie-etl")
    where = ["--warehouse", str(settings.warehouse_dir), "--inbox", str(settings.inbox_dir)]
    proc = subprocess.Popen(
        [cli, *where, "serve", "--port", str(port), "--as-of", "2024-06-20"],
        stdout=log,
        stderr=subprocess.STDOUT,
        preexec_fn=_limit_memory,
        env={k: v for k, v in os.environ.items() if not k.startswith("BIJIE_")},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/login", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert proc.poll() is None, (root / "serve.log").read_text(errors="replace")
        assert time.monotonic() < deadline, "desk did not start"
        time.sleep(0.2)
    try:
        yield url, proc, settings
    finally:
        proc.terminate()
        proc.wait(20)
        log.close()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The heavy cases of the reliability battery, written once."""
    folder = tmp_path_factory.mktemp("heavy-files")
    made = {}
    for case in HEAVY:
        path = folder / case.file_name
        case.make(path)
        made[case.name] = path
    return made


def _observations(settings: object) -> tuple[int, int]:
    with duckdb.connect(str(settings.analytics_path), read_only=True) as con:  # type: ignore[attr-defined]
        row = con.execute(
            "SELECT (SELECT count(*) FROM submitted_files), (SELECT count(*) FROM observations)"
        )
        return row.fetchall()[0]  # type: ignore[return-value]


def test_heavy_files_through_the_upload_route_are_decided_in_bounded_time_and_memory(
    server: tuple[str, subprocess.Popen[bytes], object], files: dict[str, Path]
) -> None:
    """Each heavy file uploaded to the running desk gets the inbox's verdict (its clear code) within seconds and bounded memory; the server stays up; nothing reaches the inbox or the warehouse."""
    url, proc, settings = server
    before = _observations(settings)
    store = DeskStore(settings.desk_db_path)  # type: ignore[attr-defined]
    client = DeskClient(url)
    client.login("energy1")
    # The memory a normal upload needs, for the baseline.
    ok = Path(str(files[HEAVY[0].name]) + ".ok.xlsx")
    hostile._good_xlsx(ok)
    assert client.upload("energy", ok, name="能源局_2024-06.xlsx").status_code == 200
    base = _rss_peak_mb(proc.pid)
    seen = {}
    for case in HEAVY:
        started = time.monotonic()
        page = client.upload("energy", files[case.name], name=case.file_name)
        seconds = time.monotonic() - started
        assert proc.poll() is None, f"the desk died on {case.name}"
        assert page.status_code == 200, (case.name, page.status_code, page.text[:300])
        upload = store.get_upload(str(page.url).rstrip("/").split("/")[-1])
        assert upload is not None, case.name
        if case.expect == "loaded":
            assert upload.status in ("loaded", "partial"), (case.name, upload.status)
            assert upload.rows_ok >= 1
        else:
            codes = {p["问题代码"] for p in upload.result["problems"]}
            assert (upload.status, codes) == ("rejected", {case.expect}), (case.name, upload.result)
            assert "整个文件无法入库" in page.text
            error = upload.result["error"]
            assert any("\u4e00" <= ch <= "\u9fff" for ch in error or "")  # a Chinese reason …
            assert str(markupsafe.escape(error)) in page.text  # … shown on the page
            refused = client.post(f"/dept/energy/uploads/{upload.id}/submit")
            assert refused.status_code == 409, (case.name, refused.status_code)  # it can never be submitted
        seen[case.name] = (round(seconds, 1), round(_rss_peak_mb(proc.pid) - base))
        assert seconds < MAX_SECONDS, seen
        # the server still answers other users at once
        assert httpx.get(f"{url}/login", timeout=10).status_code == 200
    print("heavy uploads (seconds, extra peak RSS MB):", seen)
    assert _rss_peak_mb(proc.pid) - base < MAX_EXTRA_RSS_MB, seen
    # A refused file can never be submitted, and checking wrote nothing anywhere.
    assert not [p for p in settings.inbox_dir.rglob("*") if "desk" in p.name]  # type: ignore[attr-defined]
    assert _observations(settings) == before
