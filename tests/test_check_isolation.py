"""A program error met while checking one file sets that file aside (FILE_CHECK_FAILED, unrecorded,
checked again next run) and every other file of its batch loads as it would have."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

import bijie_etl.validate.submissions as checks
from bijie_etl.ingest.submission import SubmissionStatus
from bijie_etl.run import Run
from bijie_etl.settings import PROJECT_ROOT, Settings

sys.path.insert(0, str(PROJECT_ROOT))  # `benchmarks` is a top-level package of the checkout, not installed
from benchmarks.scale import ScaleParams, generate

AS_OF = date(2024, 12, 20)


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """12 generated department files of every style."""
    ds = generate(
        ScaleParams(n_files=12, rows_per_file=8), data_dir=tmp_path_factory.mktemp("data"), processes=1
    )
    return ds.inbox


def _run(tmp_path: Path, inbox: Path) -> tuple[list[Any], dict[str, int]]:
    settings = Settings(warehouse_dir=tmp_path / "warehouse", inbox_dir=inbox, batch_size=50)
    with Run(settings, AS_OF) as run:
        files = run.ingest().files
    with duckdb.connect(str(settings.database_path), read_only=True) as con:
        rows = dict(
            con.execute(
                "SELECT f.file_name, count(o.observation_id) FROM submitted_files f"
                " LEFT JOIN observations o USING (submission_id) GROUP BY ALL"
            ).fetchall()
        )
    return files, rows


def test_a_check_that_fails_on_one_file_sets_only_that_file_aside(
    tmp_path: Path, inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch is halved down to the file whose checks raise: it is rejected with FILE_CHECK_FAILED and
    not recorded; the other eleven load exactly as in a run where nothing fails."""
    expected_files, expected_rows = _run(tmp_path / "plain", inbox)
    assert len(expected_rows) == 12
    victim = sorted(expected_rows)[5]

    real = checks.validate_batch_rows

    def fails_on_victim(reads: Any, *args: Any, **kwargs: Any) -> Any:
        if any(name == victim for _read, name in reads):
            raise KeyError(0)  # the kind of bug an input nobody foresaw meets
        return real(reads, *args, **kwargs)

    monkeypatch.setattr(checks, "validate_batch_rows", fails_on_victim)
    files, rows = _run(tmp_path / "failing", inbox)

    assert rows == {name: n for name, n in expected_rows.items() if name != victim}
    failed = [f for f in files if f.file == victim]
    assert [f.status for f in failed] == [SubmissionStatus.REJECTED]
    assert "检查本文件时程序出错（KeyError）" in (failed[0].error or "")
    others = [(f.file, f.status, f.rows_loaded) for f in files if f.file != victim]
    assert others == [(f.file, f.status, f.rows_loaded) for f in expected_files if f.file != victim]
    assert failed[0].feedback  # the department is told, in its feedback report
