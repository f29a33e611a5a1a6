"""CSV as departments send it: UTF-8, UTF-8 with BOM (Excel's "CSV UTF-8"), GB18030/GBK (WPS, old Excel) or UTF-16 with a BOM (Excel's "Unicode text")."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import numpy as np

from bijie_etl.errors import Code, FileRejected
from bijie_etl.ingest.cells import SplitCell
from bijie_etl.ingest.excel import RawSheet

__all__ = ["decode_csv", "read_csv"]

#: Tried in order, strictly. GB18030 is a superset of GBK and GB2312.
ENCODINGS = ("utf-8-sig", "gb18030")


def decode_csv(data: bytes) -> tuple[str, str]:
    """``(text, encoding)``; FileRejected(FILE_UNREADABLE) when neither UTF-8 nor GB18030 fits."""
    if data.startswith(
        (b"\xff\xfe", b"\xfe\xff")
    ):  # Excel's "Unicode text" export: UTF-16 with a BOM, tab-separated
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    head = data[: 4096 - len(data[:4096]) % 2]
    odd, even = head[1::2].count(0), head[0::2].count(0)
    for codec, zeros, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        # UTF-16 saved without its BOM: the high bytes of ASCII (digits, tabs) are NUL, on one side only.
        if others == 0 and len(head) >= 8 and zeros * 5 >= len(head) // 2:
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                break
    if b"\x00" in data[:65536]:
        raise FileRejected(
            Code.FILE_UNREADABLE,
            "文件是二进制内容，不是文本格式的CSV，无法读取。请报送 .xlsx、.xls 或 .csv 文件。",
            "NUL bytes in csv",
        )
    try:
        return data.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError:
        pass
    foreign = _foreign_encoding(data)
    if foreign is not None:
        name, label = foreign
        raise FileRejected(
            Code.FILE_ENCODING,
            f"CSV文件的文字编码是{label}，不是中国大陆通用的UTF-8或GB18030（GBK），中文会变成乱码。"
            "请在Excel或WPS中“另存为”CSV UTF-8（或GB18030/GBK编码的CSV、.xlsx）后重新报送。",
            f"csv looks like {name}",
        )
    for encoding in ENCODINGS[1:]:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise FileRejected(
        Code.FILE_UNREADABLE,
        "CSV文件的文字编码无法识别（既不是UTF-8也不是GBK/GB18030），中文会变成乱码。请在Excel中“另存为”CSV UTF-8 或 .xlsx 后重新报送。",
        "not utf-8 nor gb18030",
    )


#: Encodings departments' machines use outside mainland China, tried strictly when the bytes are
#: not UTF-8 and do not look like GB text: (codec, how the message names it).
FOREIGN_ENCODINGS = (
    ("big5", "繁体中文Big5"),
    ("cp950", "繁体中文Big5"),
    ("shift_jis", "日文Shift-JIS"),
    ("cp932", "日文Shift-JIS"),
    ("euc_kr", "韩文EUC-KR"),
)


def _foreign_encoding(data: bytes) -> tuple[str, str] | None:
    """``(codec, label)`` when ``data`` is Big5/Shift-JIS/EUC-KR text rather than GB text, else None.

    GB18030 decodes almost any bytes, so a Big5 file "decodes" into rare characters instead of
    failing. Real GB text keeps nearly every two-byte character in GB2312's common area (both
    bytes >= 0xA1); Big5 and Shift-JIS put many second bytes below 0xA1. When over a fifth of
    the two-byte characters do, and a foreign codec decodes the file strictly, it is that codec.
    """
    pairs, outside = _pairs(data[: 1 << 16])
    if pairs < 4 or outside * 5 < pairs:
        return None
    for codec, label in FOREIGN_ENCODINGS:
        try:
            data.decode(codec)
        except UnicodeDecodeError:
            continue
        return codec, label
    return None


def _pairs(data: bytes) -> tuple[int, int]:
    """How many two-byte characters ``data`` holds as a decoder pairs its bytes left to right (a byte
    from 0x80 and the byte after it; the last byte starts none), and how many of them have a byte under
    0xA1. In array operations: in a run of bytes from 0x80, the 1st, 3rd, 5th … start a character (the
    byte before a run is never a lead), so a run of odd length takes the byte after it as its last trail."""
    b = np.frombuffer(data, dtype=np.uint8)
    high = b >= 0x80
    at = np.arange(len(b))
    starts = high & np.concatenate(([True], ~high[:-1]))
    lead = high & ((at - np.maximum.accumulate(np.where(starts, at, 0))) % 2 == 0)
    leads = np.flatnonzero(lead[:-1])
    return len(leads), int(np.count_nonzero((b[leads] < 0xA1) | (b[leads + 1] < 0xA1)))


#: Delimiters tried, in the order a tie is settled (Excel's "Unicode text" is tab-separated; a
#: European-locale Excel or WPS writes ";").
DELIMITERS = (",", "\t", ";")
_SAMPLE_LINES = 60


def _delimiter(text: str) -> str:
    """The delimiter that splits the most lines into one and the same number of fields (≥ 2).

    Counting characters is not enough: a tab-separated export keeps thousands separators unquoted
    (3,550.2), so commas may outnumber tabs. A file no ASCII delimiter splits may be separated by
    full-width commas (，), as some WPS exports are.
    """
    lines = [ln for ln in text.splitlines()[: _SAMPLE_LINES * 2] if ln.strip()][:_SAMPLE_LINES]
    sample = "\n".join(lines)
    best, best_score = ",", 0
    # A delimiter the sample lacks splits no line (each gives one field, or none): its parse is skipped
    # when no line can be over the csv module's field limit either (it would have raised).
    parse_all = len(sample) > csv.field_size_limit()
    for d in DELIMITERS:
        if d not in sample and not parse_all:
            continue
        widths = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=d) if len(r) > 1]
        if not widths:
            continue
        modal = max(set(widths), key=widths.count)
        score = widths.count(modal)
        if score > best_score:
            best, best_score = d, score
    if best_score == 0 and "，" in sample:
        return "，"
    return best


def read_csv(path: Path, data: bytes, *, max_rows: int) -> list[RawSheet]:
    """One sheet named after the file stem; every cell is text (rows padded to one width)."""
    text, _ = decode_csv(data)
    if not text.strip():
        raise FileRejected(Code.FILE_EMPTY, "文件没有任何内容。请填写数据后重新报送。", "blank csv")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    if len(rows) > max_rows:
        raise FileRejected(
            Code.FILE_TOO_MANY_ROWS,
            f"文件有 {len(rows)} 行，超过上限 {max_rows} 行。请只保留需要报送的数据后重新报送。",
            f"{len(rows)} rows > {max_rows}",
        )
    width = max((len(r) for r in rows), default=0)
    grid: list[list[Any]] = [r + [""] * (width - len(r)) if len(r) < width else r for r in rows]
    _mark_split_numbers(grid, joinable="\x00" not in text)
    return [RawSheet(path.stem, grid, [])]


_NUMBER = re.compile(r"^\s*[-+]?[\d,]*\.?\d+%?\s*$")
_HEAD_GROUP = re.compile(r"^[-+]?\d{1,3}$")
_TAIL_GROUP = re.compile(r"^\d{3}(?:\.\d+)?%?$")


#: _NUMBER for any one field of a line's fields joined by NUL: a field (between NULs, or the line's
#: ends) that is a number, ``$`` as ``\Z`` (the greedy ``\s*`` takes a final newline either way).
_NUMBER_FIELD = re.compile(r"(?:^|\x00)\s*[-+]?[\d,]*\.?\d+%?\s*(?=\x00|\Z)")


def _mark_split_numbers(grid: list[list[Any]], *, joinable: bool = False) -> None:
    """Lines with more fields than the table's usual width where two neighbours read as one number
    cut at an unquoted thousands separator (``3`` | ``550.2``): every field from the cut on becomes a
    :class:`SplitCell`, refused (a careful person would not guess which column each piece is).
    ``joinable``: no field holds a NUL, so a line's fields are tested in one search (:data:`_NUMBER_FIELD`)."""
    lengths = [_filled(r) for r in grid]
    width = _header_width(grid, lengths, joinable=joinable)
    if width is None:
        return
    for r, n in zip(grid, lengths, strict=True):
        if n <= width:
            continue
        cut = next(
            (
                j
                for j in range(n - 1)
                if _HEAD_GROUP.match(r[j].strip()) and _TAIL_GROUP.match(r[j + 1].strip())
            ),
            None,
        )
        if cut is not None:
            r[cut:n] = [SplitCell(v) for v in r[cut:n]]


def _filled(fields: list[str]) -> int:
    """How many fields the line has up to its last one that is not blank."""
    n = len(fields)
    while n and not fields[n - 1].strip():
        n -= 1
    return n


def _header_width(grid: list[list[Any]], lengths: list[int], *, joinable: bool) -> int | None:
    """The header's width: the longest line of two or more fields none of which is a number (None: no such
    line). Widths are tried from the longest down, so the number lines of a table's width are searched
    only until its header is found, not all of them."""
    search = _NUMBER_FIELD.search
    for width in sorted({n for n in lengths if n >= 2}, reverse=True):
        for r, n in zip(grid, lengths, strict=True):
            if n != width:
                continue
            if not search("\x00".join(r[:n])) if joinable else not any(_NUMBER.match(v) for v in r[:n]):
                return width
    return None
