"""The safety scan's extent: the highest cell reference near a sheet part's end, found by one search that fails fast."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bijie_etl.ingest.extent import _CELL_REF, _CELL_REF_LOOSE, _above, _loose_ref_above, last_cell_row

_REF = st.builds(
    lambda pre, letters, zeros, digits, end: pre + b'r="' + letters + zeros + digits + end,
    st.sampled_from([b"<c ", b" ", b"x", b""]),
    st.sampled_from([b"", b"A", b"Z", b"AB", b"XFD", b"ABCD", b"a"]),
    st.sampled_from([b"", b"0", b"000"]),
    st.sampled_from([b"", b"0", b"1", b"9", b"12", b"56", b"57", b"99", b"100", b"123456789", b"1234567890"]),
    st.sampled_from([b'"', b'" t="s">', b"", b'"/>']),
)


def _highest_above(tail: bytes, floor: int) -> int:
    """last_cell_row as its docstring defines it: every loose reference's number is read."""
    if all(int(n) <= floor for n in _CELL_REF_LOOSE.findall(tail)):
        return floor
    return max(map(int, _CELL_REF.findall(tail)), default=0)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_REF, max_size=6), st.sampled_from([0, 1, 9, 12, 56, 99, 100, 5000]))
def test_the_highest_reference_is_found_as_the_plain_definition_says(refs: list[bytes], floor: int) -> None:
    """Letters, leading zeros, digit counts up to 10, glued or cut-short references: the same answer as reading every number."""
    tail = b"".join(refs)
    assert last_cell_row(tail, floor) == _highest_above(tail, floor)


def test_a_reference_below_the_last_row_tag_leaves_the_floor() -> None:
    """A sheet's last cells under its last row tag: the floor stands; one cell further down raises it."""
    tail = b'<row r="56"><c r="A56" t="s"><v>1</v></c><c r="J56"><v>2</v></c></row></sheetData>'
    assert last_cell_row(tail, 56) == 56
    assert last_cell_row(tail.replace(b"J56", b"J5600"), 56) == 5600


@settings(max_examples=3000, deadline=None)
@given(st.lists(_REF, max_size=6), st.sampled_from([0, 1, 9, 12, 56, 99, 100, 5000]))
def test_the_fast_failing_pattern_matches_where_the_plain_one_does(refs: list[bytes], floor: int) -> None:
    """The pattern written to fail fast finds the very matches of the plain one (lookahead for 1-9 digits, backtracking)."""
    plain = re.compile(rf'r="[A-Z]{{1,3}}(?=\d{{1,9}}")0*(?:{_above(floor)})"'.encode())
    tail = b"".join(refs)
    assert [m.span() for m in _loose_ref_above(floor).finditer(tail)] == [
        m.span() for m in plain.finditer(tail)
    ]
