"""The demo year loads into exactly the same warehouse, row for row, as when the fingerprint was taken."""

from __future__ import annotations

import csv
import json

import pytest
from tests.fingerprint import EXPECTED, STATUSES, Fingerprint, demo_fingerprint


@pytest.fixture(scope="module")
def fingerprint(tmp_path_factory: pytest.TempPathFactory) -> Fingerprint:
    return demo_fingerprint(tmp_path_factory.mktemp("fingerprint"))


def test_demo_year_tables_are_identical_row_for_row(fingerprint: Fingerprint) -> None:
    """Observations, submitted files, failures and assessments hash to the committed fingerprint."""
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert fingerprint.counts == expected["counts"]
    assert fingerprint.hashes == expected["hashes"], (
        "the demo year loads differently; if intended, regenerate with `python -m tests.fingerprint`"
    )


def test_demo_year_statuses_at_as_of_are_unchanged(fingerprint: Fingerprint) -> None:
    """Every target's pace status at 2024-11-15 is the committed one (a readable diff on failure)."""
    with STATUSES.open(encoding="utf-8", newline="") as f:
        expected = {row["code"]: row["status"] for row in csv.DictReader(f)}
    assert dict(fingerprint.statuses) == expected


def test_digest_sees_a_changed_value_or_a_missing_one() -> None:
    """A value changed in the last bit, or missing instead of present, changes the digest."""
    from tests.fingerprint import _digest

    rows = [("coal_output", "2024-01", "全市", 1.0)]
    assert _digest(rows) != _digest([("coal_output", "2024-01", "全市", 1.0000001)])
    assert _digest(rows) != _digest([("coal_output", "2024-01", "全市", None)])
