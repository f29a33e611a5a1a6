"""The safety scan's quick test for a sheet's facts answers exactly "is any of the markers in the chunk"."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bijie_etl.ingest.styles import _FACT_MARKERS, has_fact_markers

# the markers' own bytes, a few of their near misses, and sheet XML around them
_PIECES = [*_FACT_MARKERS, b" ht=", b"ht=", b"right=", b'="0', b'=".', b'"0', b" widt", b"h", b" ", b'<c r="A1">', b"<v>0.5</v>", b"e", b"z"]  # fmt: skip


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_the_quick_test_finds_exactly_the_markers(pieces: list[bytes]) -> None:
    """Whatever sheet bytes the pieces make, has_fact_markers is True exactly when one of _FACT_MARKERS occurs in them."""
    chunk = b"".join(pieces)
    assert has_fact_markers(chunk) == any(marker in chunk for marker in _FACT_MARKERS)


def test_a_zero_size_is_found_only_after_ht_or_width() -> None:
    """A zero or fractional row height or column width is a marker; a zero after another attribute, or ht without its space, is not."""
    assert has_fact_markers(b'<row r="3" ht="0" customHeight="1">')
    assert has_fact_markers(b'<col min="2" max="2" width=".5"/>')
    assert not has_fact_markers(b'<pageMargins left="0.7" right="0.7" top="0.75"/>')
    assert not has_fact_markers(b'<row r="3" ht="15"><c r="A3" s="0"><v>0</v></c></row>')
