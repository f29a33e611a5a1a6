"""Figures a department itself calls estimates (预计数): the cell kind the reader gives them, and the message.

A figure is an estimate when a note of its table explains a mark it carries (``5.8*`` under 注：带*的为预计数:
:mod:`bijie_etl.ingest.marks`), when its cell comment says so (:mod:`bijie_etl.ingest.comments`), or when its
row's 备注 says so. The reader turns it into an :class:`EstimateCell`; validation refuses it as
``value_is_estimate`` with :func:`estimate_message`, never loading an estimate as the month's actual.
"""

from __future__ import annotations

from typing import Any

__all__ = ["EstimateCell", "estimate_message"]


class EstimateCell(str):
    """A value the table's own note calls an estimate (``5.8*`` under 注：带*的为预计数, or any value of
    a row whose name carries the mark): refused as ``value_is_estimate`` (see :mod:`bijie_etl.ingest.marks`).
    The text is the cell as shown; ``legend`` the note's cell and ``note`` its text."""

    mark: str
    legend: str
    note: str
    on_name: bool
    by_note: bool  # the row's 备注 cell (``legend``) says so (ingest.comments.apply_note_estimates)

    def __new__(
        cls, text: str, *, mark: str, legend: str, note: str, on_name: bool = False, by_note: bool = False
    ) -> EstimateCell:
        obj = super().__new__(cls, text)
        obj.mark, obj.legend, obj.note, obj.on_name, obj.by_note = mark, legend, note, on_name, by_note
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (_estimate_cell, (str(self), self.mark, self.legend, self.note, self.on_name, self.by_note))


def _estimate_cell(
    text: str, mark: str, legend: str, note: str, on_name: bool, by_note: bool = False
) -> EstimateCell:
    return EstimateCell(text, mark=mark, legend=legend, note=note, on_name=on_name, by_note=by_note)


def estimate_message(label: str, shown: str | None, raw: Any) -> str:
    """The Chinese message of a value refused as an estimate (a word in the cell, or a mark a note explains)."""
    if isinstance(raw, EstimateCell) and raw.by_note:  # the row's 备注 (ingest.comments)
        return (
            f"本行备注（{raw.legend}单元格“{raw.note[:40]}”）写明是预计数：“{label}”的{shown}不是实际完成数，"
            "本行未入库；请报送实际完成数（或在备注中说明该数已是实际数）"
        )
    if isinstance(raw, EstimateCell) and not raw.mark:  # a comment on the cell (ingest.comments)
        return (
            f"“{label}”单元格的批注写明“{raw.note[:40]}”：{shown}是预计数，不是实际完成数，未入库；"
            "请报送实际完成数（或在批注中说明该数已是实际数）"
        )
    if isinstance(raw, EstimateCell):
        said = f"表格说明（{raw.legend}单元格“{raw.note[:40]}”）写明带“{raw.mark}”的是预计数"
        if raw.on_name:
            return f"本行指标名称标有“{raw.mark}”，{said}，“{label}”的“{shown}”因此是预计数，不是实际完成数，未入库；请报送实际完成数"
        return f"“{label}”填写的“{shown}”标有“{raw.mark}”，{said}：预计数不是实际完成数，未入库；请报送实际完成数"
    return (
        f"“{label}”填写的是估计数或范围“{shown}”（含“约、左右、以上”等），不是确切的统计数；"
        "请填写确切数值，不要加“约、左右、以上、以下、余”等字"
    )
