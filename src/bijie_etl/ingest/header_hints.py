"""What to tell a department whose file has no table the reader understands (``file_no_header``).

"No header found" sends a department looking for a missing 指标名称 when the header is there and one of its
labels is not understood (本月（上年同月=100）, 服务人数（人）, “十四五”以来累计, Jan-24, 1月6日 — 1-6 turned into a
date). The first row that names rows (指标, 县区, 项目 …) beside labels the grammar does not read is quoted, with
those labels, so the message says what to change.
"""

from __future__ import annotations

from typing import Any

__all__ = ["unread_header"]


def unread_header(raw_sheets: list[Any], vocab: Any, scan_rows: int) -> str | None:
    """``工作表“…”第N行的表头中，“A”“B”无法识别`` for the first such row, else None."""
    for raw in raw_sheets:
        for r, row in enumerate(raw.grid[:scan_rows]):
            labels = [(v, vocab.label(v)) for v in row if v not in ("", None)]
            if len(labels) < 2 or not any(lb.kind == "identity" for _v, lb in labels):
                continue
            unread = [str(v).strip() for v, lb in labels if lb.kind == "unknown"]
            if unread:
                said = "".join(f"“{t}”" for t in unread[:3]) + ("等" if len(unread) > 3 else "")
                return f"工作表“{raw.name}”第{r + 1}行像是表头，但其中{said}无法识别（不知道是本月、累计、本期值还是增速）"
    return None
