"""What an xlsx's ``xl/workbook.xml`` (and its rels) says, for the safety scan (:func:`~bijie_etl.ingest.excel.check_xlsx_parts`).

Which part holds each sheet, whether the workbook is to be recalculated when opened, whether values
are rounded as displayed, which date system it uses. A department's template sends the same
workbook part every month: each answer is worked out once per distinct part (memoised on its bytes,
which is all it depends on).
"""

from __future__ import annotations

import html
import re

from bijie_etl.ingest.datesystem import xlsx_date1904
from bijie_etl.ingest.formulas import precision_as_displayed

__all__ = ["odd_part", "recalculated_on_load", "sheet_parts", "workbook_flags"]

_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")
_ATTR_NAME = re.compile(rb'\bname="([^"]*)"')
_ATTR_RID = re.compile(rb'\b(?:\w+:)?id="([^"]*)"')
_REL_TAG = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
_ATTR_ID = re.compile(rb'\bId="([^"]*)"')
_ATTR_TARGET = re.compile(rb'\bTarget="([^"]*)"')
_ATTR_TYPE = re.compile(rb'\bType="[^"]*/(worksheet|styles)"')
#: Where Excel, WPS and LibreOffice keep the worksheets and the styles (as the workbook's rels name them).
_USUAL = {b"worksheet": ("worksheets/", "/xl/worksheets/"), b"styles": ("styles.xml", "/xl/styles.xml")}
#: A template's parts are a few KB; a larger part is worked out every time, not kept.
_KEPT_BYTES = 1 << 16


def sheet_parts(workbook_xml: bytes, workbook_rels: bytes) -> dict[str, str]:
    """``{sheet name: part path}`` from workbook.xml and its rels (a copy of the memoised answer)."""
    key = (workbook_xml, workbook_rels)
    found = _SHEET_PARTS.get(key)
    if found is None:
        found = _sheet_parts(workbook_xml, workbook_rels)
        if len(workbook_xml) + len(workbook_rels) <= _KEPT_BYTES:
            if len(_SHEET_PARTS) > 256:
                _SHEET_PARTS.clear()
            _SHEET_PARTS[key] = found
    return dict(found)


#: (workbook.xml, its rels) → :func:`sheet_parts` (~130,000 instructions a workbook to work out).
_SHEET_PARTS: dict[tuple[bytes, bytes], dict[str, str]] = {}


def _sheet_parts(workbook_xml: bytes, workbook_rels: bytes) -> dict[str, str]:
    targets: dict[str, str] = {}
    for m in _REL_TAG.finditer(workbook_rels):
        rid, target = _ATTR_ID.search(m[1]), _ATTR_TARGET.search(m[1])
        if rid and target:
            path = html.unescape(target[1].decode("utf-8", "replace"))
            path = path.lstrip("/") if path.startswith("/") else "xl/" + path
            targets[rid[1].decode()] = path
    out: dict[str, str] = {}
    for m in _SHEET_TAG.finditer(workbook_xml):
        name, rid = _ATTR_NAME.search(m[1]), _ATTR_RID.search(m[1])
        if name and rid:
            out[html.unescape(name[1].decode("utf-8", "replace"))] = targets.get(rid[1].decode(), "")
    return out


#: ``<calcPr fullCalcOnLoad="1"/>``: the workbook asks to be recalculated when opened, as writers that
#: compute no formula say (xlsxwriter stores 0 as every formula's result and sets it; POI, openxlsx2
#: and others set it when they changed cells that formulas use).
_RECALC_ON_LOAD = re.compile(rb'<(?:\w+:)?calcPr\b[^>]*\bfullCalcOnLoad\s*=\s*["\'](?:1|true)["\']')


def recalculated_on_load(workbook_xml: bytes) -> bool:
    """True when ``xl/workbook.xml`` asks for every formula to be recalculated when the file is opened."""
    return b"fullCalcOnLoad" in workbook_xml and _RECALC_ON_LOAD.search(workbook_xml) is not None


def workbook_flags(workbook_xml: bytes) -> tuple[bool, bool, bool]:
    """:func:`recalculated_on_load`, :func:`~bijie_etl.ingest.formulas.precision_as_displayed` and
    :func:`~bijie_etl.ingest.datesystem.xlsx_date1904` of a workbook part."""
    hit = _FLAGS.get(workbook_xml)
    if hit is None:
        hit = (
            recalculated_on_load(workbook_xml),
            precision_as_displayed(workbook_xml),
            xlsx_date1904(workbook_xml),
        )
        if len(workbook_xml) <= _KEPT_BYTES:
            if len(_FLAGS) > 256:
                _FLAGS.clear()
            _FLAGS[workbook_xml] = hit
    return hit


#: workbook.xml bytes → :func:`workbook_flags`.
_FLAGS: dict[bytes, tuple[bool, bool, bool]] = {}


def odd_part(workbook_rels: bytes) -> str | None:
    """A worksheet or the styles the workbook's rels place outside ``xl/worksheets/`` / ``xl/styles.xml``
    (valid OOXML, but no office program does it, and the safety scan takes the number formats and hidden
    rows from those places only): its target, else None (memoised: a template's rels repeat)."""
    if workbook_rels in _ODD:
        return _ODD[workbook_rels]
    found = None
    for m in _REL_TAG.finditer(workbook_rels):
        kind, target = _ATTR_TYPE.search(m[1]), _ATTR_TARGET.search(m[1])
        if kind and target:
            path = html.unescape(target[1].decode("utf-8", "replace"))
            if not path.startswith(_USUAL[kind[1]]) or (kind[1] == b"styles" and path not in _USUAL[kind[1]]):
                found = path
                break
    if len(workbook_rels) <= _KEPT_BYTES:
        if len(_ODD) > 256:
            _ODD.clear()
        _ODD[workbook_rels] = found
    return found


_ODD: dict[bytes, str | None] = {}
