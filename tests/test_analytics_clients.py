"""The analysts' copy opens in the DuckDB clients analysts have: the 1.x command-line client package."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from bijie_etl.warehouse.analytics import STORAGE_VERSION
from warehousing import build_demo

ROOT = Path(__file__).resolve().parents[1]


def _duckdb_cli() -> str:
    """The ``duckdb`` executable of the PyPI package duckdb-cli (a dev dependency) installed beside this Python."""
    found = shutil.which("duckdb", path=str(Path(sys.executable).parent)) or shutil.which("duckdb")
    assert found, (
        "the DuckDB command-line client is missing: pip install 'duckdb-cli>=1.5,<1.6' (make install does)"
    )
    return found


def _readme_queries() -> list[str]:
    """Every ```sql example of the README, as an analyst would paste it."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [block.strip() for block in re.findall(r"```sql\n(.*?)```", text, flags=re.S)]


def _cli(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([_duckdb_cli(), *args], capture_output=True, text=True, timeout=60, check=False)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo-like warehouse published as the analysts' copy."""
    folder = tmp_path_factory.mktemp("clients")
    with build_demo(folder / "bijie.duckdb") as wh:
        return wh.publish(folder / "analytics.duckdb")


def test_the_client_package_is_a_1x_release() -> None:
    """The client the test uses is DuckDB 1.5.x, the release the issue's analysts have, not the writer's 2.x."""
    version = _cli(["-version"]).stdout
    assert re.match(r"v1\.5\.\d+", version), version


def test_the_1x_command_line_client_runs_the_readme_queries_on_the_published_copy(published: Path) -> None:
    """Every README example query runs in the DuckDB 1.5 command-line client on the published copy, with the rows Python sees."""
    queries = _readme_queries()
    assert len(queries) >= 5
    with duckdb.connect(str(published), read_only=True) as con:
        expected = [con.execute(q.rstrip(";")).fetchall() for q in queries]
    assert any(expected), "the demo warehouse should give some README query rows"
    for query, rows in zip(queries, expected, strict=True):
        result = _cli(["-readonly", "-csv", str(published), "-c", query])
        assert result.returncode == 0, f"{query}\n{result.stderr}"
        assert "Error" not in result.stderr, result.stderr
        table = list(csv.reader(io.StringIO(result.stdout)))
        assert len(table) - 1 == len(rows), query


def test_the_copy_is_written_in_the_declared_storage_version(published: Path) -> None:
    """The published file carries the storage version the README promises (v1.0.0), not the writer's newest."""
    with duckdb.connect() as con:
        con.execute(f"ATTACH '{published}' AS pub (READ_ONLY)")
        (version,) = con.execute(
            "SELECT tags['storage_version'] FROM duckdb_databases() WHERE database_name = 'pub'"
        ).fetchone() or (None,)
    assert STORAGE_VERSION == "v1.0.0"
    assert version is not None
    assert str(version).startswith("v1.0.0"), version
