"""The demo-year fingerprint: what the warehouse holds after loading the demo year, row for row.

Run ids, timestamps, surrogate ids and absolute paths are left out (they differ between runs),
and so is the wording of messages (failures count by code, cell and value); every loaded value,
its lineage, every rejection and every assessment are in. ``python -m tests.fingerprint`` prints the
expected file that tests/test_fingerprint.py compares against (regenerate it only when a change
of loaded values is intended, and say why in the commit).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

AS_OF = date(2024, 11, 15)
SEED = 2024
EXPECTED = Path(__file__).with_name("fingerprint_demo_2024.json")
STATUSES = Path(__file__).with_name("fingerprint_demo_2024_statuses.csv")

#: Each table with the columns that describe its content, and a total order over them.
QUERIES: dict[str, str] = {
    "observations": """
        SELECT o.indicator_code, strftime(o.period, '%Y-%m') AS period, o.county,
               o.value, o.value_month, o.value_ytd, o.value_ytd_prior, o.growth_pct,
               o.unit, o.unit_reported, o.unit_factor, o.note, o.source_file, o.sheet,
               o.row_number, o.cell, CAST(o.cells AS VARCHAR) AS cells,
               o.superseded_at IS NOT NULL AS superseded, f.file_name AS submitted_as
        FROM observations o JOIN submitted_files f USING (submission_id)
        ORDER BY ALL
    """,
    "submitted_files": """
        SELECT file_name, sha256, size_bytes, department, status, rows_read, rows_loaded,
               rows_rejected, warnings, rows_new, rows_changed, rows_unchanged,
               error IS NOT NULL AS rejected_whole
        FROM submitted_files ORDER BY ALL
    """,
    "failures": """
        SELECT code, severity, file, sheet, cell, row_number, value, indicator_code
        FROM failures ORDER BY ALL
    """,
    "assessments": """
        SELECT as_of, code, strftime(period, '%Y-%m') AS period, month, actual, expected,
               pace_ratio, gap_pp, projected_year_end, required_monthly, status
        FROM assessments ORDER BY ALL
    """,
}


@dataclass(frozen=True)
class Fingerprint:
    """Row counts and a sha256 per table, plus the status of every target at :data:`AS_OF`."""

    counts: dict[str, int]
    hashes: dict[str, str]
    statuses: list[tuple[str, str]]

    def as_json(self) -> str:
        return json.dumps({"counts": self.counts, "hashes": self.hashes}, indent=2, sort_keys=True) + "\n"

    def statuses_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["code", "status"])
        writer.writerows(self.statuses)
        return out.getvalue()


def _canonical(value: Any) -> str:
    if isinstance(value, float):
        return repr(value)
    return "\N{SYMBOL FOR NULL}" if value is None else str(value)


def _digest(rows: list[tuple[Any, ...]]) -> str:
    h = hashlib.sha256()
    for row in rows:
        h.update("\x1f".join(_canonical(v) for v in row).encode())
        h.update(b"\x1e")
    return h.hexdigest()


def demo_fingerprint(root: Path) -> Fingerprint:
    """Generate the demo year under ``root``, load it without Prefect and fingerprint the warehouse."""
    import duckdb

    from bijie_etl.catalog import load_catalog_from_settings
    from bijie_etl.demo.generate import generate_demo
    from bijie_etl.run import Steps, run_nightly
    from bijie_etl.settings import load_settings

    settings = load_settings(inbox_dir=root / "inbox", warehouse_dir=root / "warehouse")
    generate_demo(load_catalog_from_settings(settings), settings.inbox_dir, as_of=AS_OF, seed=SEED)
    # The dashboard and the published copy are outputs of the warehouse, not part of it.
    steps = Steps(render=lambda *a, **k: root / "none", publish=lambda *a, **k: root / "none")
    run_nightly(settings, AS_OF, steps=steps, notify=False)
    con = duckdb.connect(str(settings.database_path), read_only=True)
    try:
        counts: dict[str, int] = {}
        hashes: dict[str, str] = {}
        for table, sql in QUERIES.items():
            rows = con.execute(sql).fetchall()
            counts[table] = len(rows)
            hashes[table] = _digest(rows)
        statuses = con.execute(
            "SELECT code, status FROM assessments WHERE as_of = ? ORDER BY code", [AS_OF]
        ).fetchall()
    finally:
        con.close()
    return Fingerprint(counts, hashes, [(str(c), str(s)) for c, s in statuses])


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        fp = demo_fingerprint(Path(tmp))
    EXPECTED.write_text(fp.as_json(), encoding="utf-8")
    STATUSES.write_text(fp.statuses_csv(), encoding="utf-8")
    print(fp.as_json())
