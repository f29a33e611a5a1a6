"""A sheet part as calamine is handed it: its merged ranges written ahead of its cells.

``get_sheet_by_name`` reads a sheet's XML twice: once for its cells (up to ``</sheetData>``), then
from the top again for its merged ranges, until the first ``mergeCells`` element, which Excel writes
after the cells (or to the end of the part when the sheet has none, as most have): a second parse
of every cell, ~6 % of a worker's read. In the stored copy calamine reads (:func:`~bijie_etl.ingest.zipparts.stored_copy`),
a sheet part gets that element — a copy of its own, or an empty one when it has none — just before
``<sheetData>``: the second reading stops there.

Why calamine then reads the same cells and the same merged ranges, when :func:`merges_ahead`
rewrites a part (part = head + ``<sheetData>`` … ``</sheetData>`` + tail):

- the word ``sheetData`` occurs nowhere else before ``</sheetData>`` and ``mergeCells`` nowhere else
  at all (searched): no other element, text, comment or attribute of either name (calamine matches
  names without their prefix);
- head and tail are plain markup (:data:`_MARKUP`: tags whose quoted values hold no ``<`` or ``>``,
  text, an XML declaration first), so the XML reader is outside any tag where the head ends and
  where the tail starts, reads the tail without error, and the element put ahead is read as the
  element it is (it is a run of whole tags, :data:`_MERGES`);
- calamine's cell reading skips every element before ``sheetData`` but ``dimension`` (the head's,
  unchanged); its merged-range reading takes the first ``mergeCells`` element and stops: the same
  element, or an empty one where the original part held none and gave none;
- when calamine reads the copy's cells without error, ``</sheetData>`` (its only place) ended them,
  so it ends them in the original part too, and the cells between are the same bytes read from the
  same state. When calamine refuses anything in the copy, :func:`~bijie_etl.ingest.excel.read_workbook`
  reads the parts as they are instead: whatever calamine makes of those stays the answer.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

__all__ = ["merges_ahead", "sheets_merges_ahead"]

#: Plain markup from outside any tag: text, and whole tags (start, end or empty) whose attribute
#: values are quoted and hold no ``<`` or ``>``; no comment, CDATA, processing instruction or DTD.
_MARKUP = re.compile(
    rb"""(?:[^<]++|</?[A-Za-z_][^<>"'!?]*+(?:"[^"<>]*+"[^<>"'!?]*+|'[^'<>]*+'[^<>"'!?]*+)*+>)*+"""
)
#: A sheet's merged ranges as every writer seen writes them: whole tags, nothing else.
_MERGES = re.compile(
    rb'<mergeCells(?: count="[0-9]+")?>(?:<mergeCell ref="[A-Z]{1,3}[0-9]{1,7}(?::[A-Z]{1,3}[0-9]{1,7})?"/>)*</mergeCells>'
)
_NO_MERGES = b"<mergeCells></mergeCells>"


@lru_cache(maxsize=256)
def _plain_markup(markup: bytes) -> bool:
    """Whether ``markup`` is :data:`_MARKUP` throughout. Remembered by its bytes: a department's
    template repeats a sheet's head and tail (1,500 bench sheets: 28 heads, 15 tails)."""
    return _MARKUP.fullmatch(markup) is not None


def merges_ahead(xml: bytes) -> bytes | None:
    """The sheet part ``xml`` with its ``mergeCells`` element (or an empty one) also written just
    before ``<sheetData>``; ``None`` when the part is not of the plain shape the module docstring
    needs (it is then handed to calamine as it is)."""
    start = xml.find(b"<sheetData>")
    end = xml.rfind(b"</sheetData>")
    if start < 0 or end < start or xml.find(b"sheetData", start + 10, end) >= 0:
        return None  # not the one sheetData element, or its name written elsewhere too
    tail = end + len(b"</sheetData>")
    if b"sheetData" in xml[:start] or xml.find(b"mergeCells", 0, tail) >= 0:
        return None
    found = xml.count(b"mergeCells", tail)
    if found == 0:
        merges = _NO_MERGES
    elif found == 2 and (match := _MERGES.search(xml, tail)) is not None:
        merges = match[0]  # both words are its own
    else:
        return None
    head = 0
    if xml.startswith(b"<?"):  # the XML declaration: its first ">" must be its end "?>"
        head = xml.find(b">") + 1
        if head < 2 or xml[head - 2] != ord("?"):
            return None
    if not (_plain_markup(xml[head:start]) and _plain_markup(xml[tail:])):
        return None
    return b"".join((xml[:start], merges, xml[start:]))


def sheets_merges_ahead(parts: list[Any], contents: dict[int, bytes]) -> dict[int, bytes]:
    """:func:`merges_ahead` of every worksheet part (``xl/worksheets/*.xml``) in ``contents`` (the parts'
    contents by their place in the zip's directory ``parts``), by place; parts it leaves are absent."""
    found = {}
    for part in parts:
        name = part.filename
        if name.startswith("xl/worksheets/") and name.endswith(".xml") and part.index in contents:
            ahead = merges_ahead(contents[part.index])
            if ahead is not None:
                found[part.index] = ahead
    return found
