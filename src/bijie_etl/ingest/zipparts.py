"""Reading a zip workbook's parts from the file's bytes, for the safety scan (:func:`~bijie_etl.ingest.excel.check_xlsx_parts`).

A department file is a few KB: ``zipfile`` spends more on its per-part machinery (shared file
handle, local header reads, a decompressor object per read) than on inflating. A small stored or
deflated part is therefore inflated here straight from the bytes already in memory, with the same
checks ``zipfile`` makes and giving the same bytes; anything out of the ordinary goes through
``zipfile``, which raises exactly as it always did. Nothing is skipped: every part is still inflated
and scanned.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator

__all__ = ["inflated", "part_bytes", "part_chunks"]

#: A part this size or smaller (declared and compressed) is inflated in one go from the file's bytes
#: (:func:`inflated`): what ``zipfile`` would read in its first 1 MiB chunk, without its per-part cost.
_ONE_CHUNK = 1 << 20
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
#: General-purpose flags the fast path knows: 1-2 deflate options, 3 data descriptor, 11 UTF-8 names.
_PLAIN_FLAGS = 0x0002 | 0x0004 | 0x0008 | 0x0800


def inflated(zf: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes | None) -> bytes | None:
    """The whole content of a small stored or deflated part, exactly as ``zf.open(info).read(1 MiB)``
    returns it (same local-header and name checks, stops at the declared size, CRC checked), taken
    straight from the file's bytes ``data``; ``None`` whenever anything is out of the ordinary (a
    larger or encrypted part, another method, a bad header, a short or corrupt stream, a CRC
    mismatch): the caller then reads the part through ``zipfile``, which raises as it always did."""
    if (
        data is None
        or info.file_size > _ONE_CHUNK
        or info.compress_size > _ONE_CHUNK
        or info.flag_bits & ~_PLAIN_FLAGS
        or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
    ):
        return None
    start = info.header_offset
    try:
        header = _LOCAL_HEADER.unpack_from(data, start)
    except struct.error:
        return None
    if header[0] != b"PK\x03\x04":
        return None
    name_len, extra_len = header[10], header[11]
    begin = start + 30 + name_len + extra_len
    try:
        name = data[start + 30 : start + 30 + name_len].decode("utf-8" if header[3] & 0x0800 else "cp437")
    except UnicodeDecodeError:
        return None
    if name != info.orig_filename or (
        getattr(zf, "metadata_encoding", None) is not None and not header[3] & 0x0800
    ):
        return None
    raw = data[begin : begin + info.compress_size]
    if len(raw) != info.compress_size:
        return None
    if info.compress_type == zipfile.ZIP_STORED:
        out = raw[: info.file_size]
    else:
        inflater = zlib.decompressobj(-15)
        try:
            out = inflater.decompress(raw, _ONE_CHUNK)
            ended = inflater.eof or not inflater.unconsumed_tail
            if ended:
                out += inflater.flush()
        except zlib.error:
            return None
        out = out[: info.file_size]
        if len(out) < info.file_size and not ended:
            return None
    if zlib.crc32(out) != info.CRC:
        return None
    return out


def part_chunks(zf: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes | None) -> Iterator[bytes]:
    """A part's content in chunks of at most 1 MiB, as ``zipfile`` streams it (one chunk for a
    small part, read by :func:`inflated` from the file's bytes)."""
    whole = inflated(zf, info, data)
    if whole is not None:
        if whole:
            yield whole
        return
    with zf.open(info) as fh:
        while chunk := fh.read(_ONE_CHUNK):
            yield chunk


def part_bytes(zf: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes | None) -> bytes:
    """``zf.read(info)``, from the file's bytes when the part is small (:func:`inflated`)."""
    whole = inflated(zf, info, data)
    return whole if whole is not None else zf.read(info)
