"""The corpus moved about (tests/corpus/variants.py): a table lower or further right, a 填报说明 sheet in front,
a note under it, a hidden old copy, an empty column, trailing spaces, another program, another encoding —
each variant is read exactly as its original was typed by hand, and a change of meaning would be caught."""

from __future__ import annotations

from dataclasses import replace

import pytest

from corpus import variants as V

#: One change in six for each file (each change on a different sixth of the files): ~350 variants.
EVERY = 6


@pytest.fixture(scope="module")
def outcomes() -> list[V.Outcome]:
    return V.read_variants(V.books(), every=EVERY)


def test_every_change_is_tried_on_many_files(outcomes: list[V.Outcome]) -> None:
    tried = {change: sum(o.change == change for o in outcomes) for change in V.CHANGES}
    assert all(n >= 8 for n in tried.values()), tried


def test_no_variant_reads_a_value_its_original_does_not_have(outcomes: list[V.Outcome]) -> None:
    wrong = [f"{o.stem} [{o.change}]: {o.wrong[:2]} {o.extra[:2]}" for o in outcomes if o.silently_wrong]
    assert wrong == []


def test_every_variant_reads_every_value_of_its_original(outcomes: list[V.Outcome]) -> None:
    """Except the reader's known limits (variants.KNOWN_REFUSALS), refused with a message, each still refused."""
    lost = [
        f"{o.stem} [{o.change}] {o.right}/{o.expected}: {o.refusals[:2]}"
        for o in outcomes
        if not o.same and not o.known
    ]
    assert lost == []
    known = [o for o in outcomes if (o.stem, o.change) in V.KNOWN_REFUSALS]
    assert [o for o in known if o.same] == [], "read now: take it off KNOWN_REFUSALS"
    assert all(o.refusals for o in known)


def test_a_change_of_meaning_is_caught() -> None:
    """e01's units 万吨 made 吨: every coal figure is ten thousand times smaller — reported as read wrong."""
    (book,) = V.books(["e01_energy_bennian_2row"])
    sheet = book.sheets[0]
    rows = [["吨" if v == "万吨" else v for v in row] for row in sheet.rows]
    other = replace(book, sheets=[replace(sheet, rows=rows)])
    V.CHANGES["tonnes"] = lambda b: other if b.stem == book.stem else None
    try:
        (outcome,) = [o for o in V.read_variants([book]) if o.change == "tonnes"]
    finally:
        del V.CHANGES["tonnes"]
    assert outcome.silently_wrong
    assert {e.indicator_code for e, _got in outcome.wrong} == {"coal_output", "thermal_coal_supply"}
