"""Every ```sql block of README.md and docs/warehouse.md runs as written against a demo-like analytics copy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bijie_etl.analytics import query
from bijie_etl.settings import PROJECT_ROOT
from warehousing import build_demo

DOCS = [PROJECT_ROOT / "README.md", PROJECT_ROOT / "docs" / "warehouse.md"]
SQL_BLOCK = re.compile(r"^```sql\n(.*?)^```", re.MULTILINE | re.DOTALL)


def sql_blocks() -> list[tuple[str, int, str]]:
    blocks = []
    for doc in DOCS:
        if doc.exists():  # README.md is assembled by the lead from section files
            for i, match in enumerate(SQL_BLOCK.finditer(doc.read_text(encoding="utf-8")), start=1):
                blocks.append((doc.name, i, match.group(1)))
    return blocks


@pytest.fixture(scope="module")
def analytics(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sql_examples")
    with build_demo(folder / "bijie.duckdb") as wh:
        return wh.publish(folder / "analytics.duckdb")


def test_the_warehouse_section_has_the_promised_examples() -> None:
    """docs/warehouse.md shows at least the status, history and not-sent example queries."""
    sqls = [sql for doc, _, sql in sql_blocks() if doc == "warehouse.md"]
    assert len(sqls) >= 3
    assert any("v_observation_history" in s for s in sqls)
    assert any("v_missing_submissions" in s for s in sqls)
    assert any("v_submission_log" in s for s in sqls)


@pytest.mark.parametrize(("doc", "number", "sql"), [pytest.param(*b, id=f"{b[0]}-{b[1]}") for b in sql_blocks()])
def test_sql_example_runs(analytics: Path, doc: str, number: int, sql: str) -> None:
    """The example query runs on the published copy (and the warehouse section's examples return rows)."""
    columns, rows = query(analytics, sql)
    assert columns
    if doc == "warehouse.md":
        assert rows, f"{doc} example {number} returned nothing on the demo warehouse"
