"""Every ```sql block of README.md runs as written, and returns rows, on the published demo warehouse."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from bijie_etl.catalog import load_catalog_from_settings
from bijie_etl.demo.generate import generate_demo
from bijie_etl.run import run_nightly
from bijie_etl.settings import PROJECT_ROOT, load_settings
from bijie_etl.warehouse.analytics import query

DOCS = [PROJECT_ROOT / "README.md"]
AS_OF = date(2024, 11, 15)
SQL_BLOCK = re.compile(r"^```sql\n(.*?)^```", re.MULTILINE | re.DOTALL)


def sql_blocks() -> list[tuple[str, int, str]]:
    blocks = []
    for doc in DOCS:
        for i, match in enumerate(SQL_BLOCK.finditer(doc.read_text(encoding="utf-8")), start=1):
            blocks.append((doc.name, i, match.group(1)))
    return blocks


@pytest.fixture(scope="module")
def analytics(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sql_examples")
    settings = load_settings(inbox_dir=folder / "inbox", warehouse_dir=folder / "warehouse")
    generate_demo(load_catalog_from_settings(settings), settings.inbox_dir, as_of=AS_OF)
    summary = run_nightly(settings, AS_OF, notify=False)
    assert summary.analytics_path is not None
    return summary.analytics_path


def test_the_warehouse_section_has_the_promised_examples() -> None:
    """The README shows at least the status, history and not-sent example queries."""
    sqls = [sql for _doc, _, sql in sql_blocks()]
    assert len(sqls) >= 3
    assert any("v_observation_history" in s for s in sqls)
    assert any("v_missing_submissions" in s for s in sqls)
    assert any("v_submission_log" in s for s in sqls)
    assert any("v_indicator_status" in s for s in sqls)


@pytest.mark.parametrize(
    ("doc", "number", "sql"), [pytest.param(*b, id=f"{b[0]}-{b[1]}") for b in sql_blocks()]
)
def test_sql_example_runs(analytics: Path, doc: str, number: int, sql: str) -> None:
    """The example query runs on the published demo copy and returns rows."""
    columns, rows = query(analytics, sql)
    assert columns
    assert rows, f"{doc} example {number} returned nothing on the demo warehouse"
