"""Whether a file named like a workbook is text: a web system's 导出Excel writes a table as text with an
.xls name (Excel opens it), which is then read as the csv it is (:mod:`bijie_etl.ingest.csvfile`)."""

from __future__ import annotations

__all__ = ["text_table"]


def text_table(head: bytes) -> bool:
    """Whether a file's first bytes are a table as text: UTF-16 with its BOM, or UTF-8 / GB18030 with no
    control characters but tabs and line ends and a tab or comma in its first lines."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # not just a character cut at the end of the head
                continue
            text = head[: exc.start].decode(encoding)
        if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text):
            return False
        return any(sep in line for line in text.splitlines()[:3] for sep in ("\t", ","))
    return False
