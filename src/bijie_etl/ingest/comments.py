"""Cell comments (批注) that call a figure an estimate: ``预计数`` on a value cell of an xlsx (or an xls).

A department that has no actual figure yet often types its estimate and puts a comment on the cell
(``此为预计数``, ``6月为估算数，待统计局反馈后更正``). A careful person hovering over the red corner
reads it and does not take the figure as the month's actual: the cell becomes an
:class:`~bijie_etl.ingest.cells.EstimateCell`, refused as ``value_is_estimate`` with the comment
quoted. A comment that says otherwise (``非预计数``, ``已更正为实际数``) or says nothing of an
estimate leaves the figure alone; a comment on an empty cell or on a name is not read.

Comments live in their own part (``xl/comments1.xml``, openpyxl's ``xl/comments/comment1.xml``),
linked from the worksheet's relationships; both are small and read whole by the safety scan. An
.xls keeps them in its sheets' records (:mod:`bijie_etl.ingest.biff_notes`).
"""

from __future__ import annotations

import html
import posixpath
import re
from typing import Any

from bijie_etl.ingest.cells import EstimateCell
from bijie_etl.ingest.headers import column_letter
from bijie_etl.ingest.styles import SheetFacts
from bijie_etl.ingest.table_rows import column_values, field_values, has_field, no_rows
from bijie_etl.ingest.zipparts import part_bytes
from bijie_etl.vocabulary import fmt_as_typed

__all__ = [
    "add_comment_estimates",
    "apply_estimates",
    "apply_note_estimates",
    "estimate_comments",
    "estimate_note",
    "is_comment_part",
]

_COMMENT = re.compile(rb'<(?:\w+:)?comment\b[^>]*\bref="([A-Z]{1,3})(\d{1,7})"[^>]*>(.*?)</(?:\w+:)?comment>', re.DOTALL)  # fmt: skip
_T = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>(.*?)</(?:\w+:)?t>", re.DOTALL)
_REL = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
_TYPE_COMMENTS = re.compile(rb'\bType="[^"]*/comments"')
_TARGET = re.compile(rb'\bTarget="([^"]*)"')
_ESTIMATE = re.compile(r"预计|估计|预估|估算|测算|推算")
#: Words before the estimate word that deny it: 非预计数, 不是预计数, 已更正为实际数 (no 预计 then).
_DENIED = re.compile(r"(?:非|不是|并非|不属于|不为|无)(?:预计|估计|预估|估算|测算|推算)")
_SHEET_RELS = re.compile(r"^xl/worksheets/_rels/([^/]+\.xml)\.rels$")


def is_comment_part(name: str) -> bool:
    """A part the comments need: a worksheet's relationships, or a comments part."""
    return name.startswith("xl/worksheets/_rels/") or ("comment" in name and name.startswith("xl/"))


def _col(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


#: A 备注 cell calling the row's figures estimates says so of a figure (6月为预计数, 系估算数, 预计值), not
#: merely of the future (预计全年可完成7500万吨 is a forecast beside an actual figure).
_NOTE_ESTIMATE = re.compile(
    r"(?:为|是|系|属|按)(?:预计|估计|预估|估算|测算|推算)|(?:预计|估计|预估|估算|测算|推算)(?:数|值)"
)
#: The figures of a row a 备注 is about: the first one filled is refused (and with it the row).
_ROW_FIGURES = ("value_month", "value_ytd", "value")


def apply_note_estimates(table: Any) -> None:
    """A row whose 备注 (note column) says its figures are estimates (6月为预计数): its first figure
    becomes an :class:`EstimateCell` quoting the note (in ``table``'s rows, a SheetRows, in place), so the
    row is refused (``value_is_estimate``) as one whose figure a comment or a table note calls 预计数 is;
    非预计数 denies it."""
    if no_rows(table) or not has_field(table, "note"):
        return
    notes = field_values(table, "note")
    if not _NOTE_ESTIMATE.search("\n".join(filter(str.__instancecheck__, notes))):
        return  # no note says so (one search over them all: no match runs across the line breaks)
    said = [
        (i, " ".join(n.split()))
        for i, n in enumerate(notes)
        if type(n) is str and _NOTE_ESTIMATE.search(n) and not _DENIED.search(n)
    ]
    if not said:
        return
    frame, columns = table.rows, table.columns
    rows = column_values(frame, "row")
    cells = column_values(frame, "cell:note") if "cell:note" in frame.columns else [None] * len(frame)
    for i, note in said:
        where = str(cells[i]) if isinstance(cells[i], str) else f"{columns.get('note', '')}{rows[i]}"
        for fld in _ROW_FIGURES:
            if fld not in frame.columns:
                continue
            cell = _estimate(frame[fld].iat[i], where, note, by_note=True)
            if cell is not None:
                if frame[fld].dtype != object:
                    frame[fld] = frame[fld].astype(object)
                frame.iat[i, frame.columns.get_loc(fld)] = cell
                break


def estimate_note(text: str) -> str | None:
    """The comment as quoted in the message (one line) when it calls its figure an estimate, else None."""
    if _ESTIMATE.search(text) and not _DENIED.search(text):
        return " ".join(text.split())
    return None


def _estimates(xml: bytes) -> dict[tuple[int, int], str]:
    """``{(row, col): comment text}`` (0-based) of the comments that call their cell an estimate."""
    out: dict[tuple[int, int], str] = {}
    for m in _COMMENT.finditer(xml):
        note = estimate_note(html.unescape(b"".join(_T.findall(m[3])).decode("utf-8", "replace")))
        if note is not None:
            out[(int(m[2]) - 1, _col(m[1]))] = note
    return out


def estimate_comments(
    parts: dict[str, bytes], sheet_parts: dict[str, str]
) -> dict[str, dict[tuple[int, int], str]]:
    """Per sheet name, the cells whose comment calls the figure an estimate. ``parts``: the
    worksheets' relationships and the comments parts (:func:`is_comment_part`) by part name;
    ``sheet_parts``: sheet name → worksheet part (``xl/worksheets/sheet1.xml``)."""
    out: dict[str, dict[tuple[int, int], str]] = {}
    if not any(b"comment" in xml for name, xml in parts.items() if "comment" in name):
        return out
    names = {part: sheet for sheet, part in sheet_parts.items()}
    for name, rels in parts.items():
        m = _SHEET_RELS.match(name)
        sheet = names.get(f"xl/worksheets/{m[1]}") if m else None
        if sheet is None:
            continue
        for rel in _REL.finditer(rels):
            target = _TARGET.search(rel[1])
            if target is None or not _TYPE_COMMENTS.search(rel[1]):
                continue
            where = target[1].decode("utf-8", "replace")
            where = (
                where.lstrip("/")
                if where.startswith("/")
                else posixpath.normpath(posixpath.join("xl/worksheets", where))
            )
            found = _estimates(parts.get(where, b""))
            if found:
                out.setdefault(sheet, {}).update(found)
    return out


def apply_estimates(grid: list[list[Any]], estimates: dict[tuple[int, int], str]) -> None:
    """Each figure of ``grid`` whose comment calls it an estimate becomes an :class:`EstimateCell`
    (a number, or a text holding digits; a blank or a dash is left as it is)."""
    for (r, c), note in estimates.items():
        value = grid[r][c] if r < len(grid) and c < len(grid[r]) else None
        cell = _estimate(value, f"{column_letter(c)}{r + 1}", note)
        if cell is not None:
            grid[r][c] = cell


def _estimate(value: Any, where: str, note: str, *, by_note: bool = False) -> EstimateCell | None:
    """``value`` as an estimate a comment (or the row's 备注, ``by_note``) at ``where`` calls it, when it is a
    figure (a number, or a text holding digits); None for a blank or a dash."""
    if type(value) in (int, float) or (type(value) is str and any(ch.isdigit() for ch in value)):
        shown = value if type(value) is str else fmt_as_typed(value)
        return EstimateCell(shown, mark="", legend=where, note=note, by_note=by_note)
    return None


def add_comment_estimates(
    zf: Any, whole: bytes | None, sheet_parts: dict[str, str], facts: dict[str, SheetFacts]
) -> None:
    """Put each sheet's comments calling a figure an estimate into its :class:`SheetFacts` (``estimates``);
    the parts are read only when the workbook has a comments part at all."""
    names = [n for n in zf.namelist() if is_comment_part(n)]
    if not any("comment" in n for n in names):
        return
    parts = {n: part_bytes(zf, zf.getinfo(n), whole) for n in names}
    for sheet, cells in estimate_comments(parts, sheet_parts).items():
        facts.setdefault(sheet, SheetFacts()).estimates = cells
