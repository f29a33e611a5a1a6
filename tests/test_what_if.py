"""What-if without side effects: `assess --as-of D` and `report --as-of D` change nothing published unless --save."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from bijie_etl.catalog import load_catalog_from_settings
from bijie_etl.cli import app
from bijie_etl.demo.generate import generate_demo
from bijie_etl.run import run_nightly
from bijie_etl.settings import Settings

AS_OF = date(2024, 11, 15)
runner = CliRunner()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo year loaded and published as of 2024-11-15 (no mail)."""
    root = tmp_path_factory.mktemp("whatif")
    settings = Settings(inbox_dir=root / "inbox", warehouse_dir=root / "warehouse")
    generate_demo(
        load_catalog_from_settings(settings), root / "inbox", as_of=AS_OF, manifest_path=root / "m.json"
    )
    run_nightly(settings, AS_OF, notify=False)
    return root


def _env(root: Path) -> dict[str, str]:
    return {"BIJIE_WAREHOUSE_DIR": str(root / "warehouse"), "BIJIE_INBOX_DIR": str(root / "inbox")}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _views_as_of(path: Path) -> set[object]:
    with duckdb.connect(str(path), read_only=True) as con:
        status = con.execute("SELECT DISTINCT as_of FROM v_indicator_status").fetchall()
        missing = con.execute("SELECT DISTINCT as_of FROM v_missing_submissions").fetchall()
    return {r[0] for r in status} | {r[0] for r in missing}


def test_assess_as_of_without_save_leaves_the_analytics_database_byte_identical(demo: Path) -> None:
    """`assess --as-of 2024-08-15` prints a what-if and leaves analytics.duckdb, bijie.duckdb and the dashboard byte-identical."""
    analytics, writer = demo / "warehouse" / "analytics.duckdb", demo / "warehouse" / "bijie.duckdb"
    dashboard = demo / "warehouse" / "out" / "dashboard" / "index.html"
    before = [_digest(analytics), _digest(writer), _digest(dashboard)]

    result = runner.invoke(app, ["assess", "--as-of", "2024-08-15"], env=_env(demo))

    assert result.exit_code == 0, result.output + result.stderr
    assert "假设分析（未保存）" in result.output
    assert "截至2024-08-15" in result.output
    assert [_digest(analytics), _digest(writer), _digest(dashboard)] == before


def test_report_as_of_without_save_writes_a_what_if_page_beside_the_published_one(demo: Path) -> None:
    """`report --as-of 2024-08-15` writes out/whatif/2024-08-15/index.html marked as not saved; the published dashboard and database do not change."""
    analytics = demo / "warehouse" / "analytics.duckdb"
    dashboard = demo / "warehouse" / "out" / "dashboard" / "index.html"
    before = [_digest(analytics), _digest(dashboard)]

    result = runner.invoke(app, ["report", "--as-of", "2024-08-15"], env=_env(demo))

    assert result.exit_code == 0, result.output + result.stderr
    page = demo / "warehouse" / "out" / "whatif" / "2024-08-15" / "index.html"
    assert "假设分析，未保存" in page.read_text(encoding="utf-8")
    assert [_digest(analytics), _digest(dashboard)] == before


@pytest.mark.parametrize(("saved", "judged"), [("2024-08-15", AS_OF), ("2024-11-20", date(2024, 11, 20))])
def test_every_view_is_judged_at_the_same_as_of_date(
    tmp_path: Path, demo: Path, saved: str, judged: date
) -> None:
    """After `assess --as-of D --save`, v_indicator_status and v_missing_submissions share one as-of date: the latest assessed (11-15 after saving 08-15, 11-20 after saving 11-20)."""
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(demo / "warehouse", copy / "warehouse")
    (copy / "inbox").mkdir()
    analytics = copy / "warehouse" / "analytics.duckdb"
    assert _views_as_of(analytics) == {AS_OF}

    result = runner.invoke(app, ["assess", "--as-of", saved, "--save"], env=_env(copy))

    assert result.exit_code == 0, result.output + result.stderr
    assert _views_as_of(analytics) == {judged}
    with duckdb.connect(str(analytics), read_only=True) as con:
        view = con.execute("SELECT * FROM v_missing_submissions ORDER BY ALL").fetchall()
        macro = con.execute("SELECT * FROM missing_submissions(?) ORDER BY ALL", [judged]).fetchall()
        stored = con.execute("SELECT count(*) FROM assessments WHERE as_of = ?", [saved]).fetchone()
    assert view == macro
    assert stored is not None
    assert stored[0] > 100  # the saved assessment is kept in the history either way
