"""Reading a zip workbook's parts from the file's bytes, for the safety scan (:func:`~bijie_etl.ingest.excel.check_xlsx_parts`).

A department file is a few KB: ``zipfile`` spends more on its per-part machinery (shared file
handle, local header reads, a decompressor object per read) than on inflating. A small stored or
deflated part is therefore inflated here straight from the bytes already in memory, with the same
checks ``zipfile`` makes and giving the same bytes; anything out of the ordinary goes through
``zipfile``, which raises exactly as it always did. Nothing is skipped: every part is still inflated
and scanned (a template's part whose compressed bytes were seen before is known without inflating
them again: same bytes in, same content out).

The zip's directory, too, is read here from the bytes when it is laid out the plain way
(:func:`open_directory`); ``zipfile`` reads any other.

When the scan has read every part whole, calamine is handed a copy of the zip with the same parts
stored (:func:`stored_copy`): same names, order and contents, which it reads without inflating them
a second time (a sheet part a third: once for its cells, once for its merged cells).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO, Any

__all__ = ["Part", "ZipDirectory", "inflated", "open_directory", "part_bytes", "part_chunks", "stored_copy"]

#: A part this size or smaller (declared and compressed) is inflated in one go from the file's bytes
#: (:func:`inflated`): what ``zipfile`` would read in its first 1 MiB chunk, without its per-part cost.
_ONE_CHUNK = 1 << 20
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
#: General-purpose flags the fast path knows: 1-2 deflate options, 3 data descriptor, 11 UTF-8 names.
_PLAIN_FLAGS = 0x0002 | 0x0004 | 0x0008 | 0x0800
_END_RECORD = struct.Struct("<4s4H2LH")  # zipfile's structEndArchive (22 bytes)
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # zipfile's structCentralDir (46 bytes)
_MAX_EXTRACT_VERSION = 63  # zipfile.MAX_EXTRACT_VERSION


class Part:
    """One member of a zip's central directory, with the fields of :class:`zipfile.ZipInfo` the
    reader uses (same names, same values as ``zipfile`` gives them)."""

    __slots__ = ("CRC", "compress_size", "compress_type", "file_size", "filename", "flag_bits", "header_offset", "index", "orig_filename", "raw_name")  # fmt: skip

    def __init__(self, index: int, raw_name: bytes, fields: tuple[Any, ...], header_offset: int) -> None:
        self.index = index  # its place in the directory (= in zipfile's infolist)
        self.raw_name = raw_name  # ASCII: the name as stored, as any codec decodes it
        self.filename = self.orig_filename = raw_name.decode("ascii")
        self.flag_bits, self.compress_type = fields[5], fields[6]
        self.CRC, self.compress_size, self.file_size = fields[9], fields[10], fields[11]
        self.header_offset = header_offset


class ZipDirectory:
    """A zip's central directory read straight from the file's bytes (:func:`open_directory`), with
    the part of ``zipfile.ZipFile``'s interface the reader uses. Reading a part the fast path of
    :func:`inflated` does not take goes through a ``zipfile.ZipFile`` over the same bytes, opened
    then: it raises exactly as it always did."""

    metadata_encoding = None

    def __init__(self, data: bytes, parts: list[Part]) -> None:
        self.data = data
        self.parts = parts
        self.by_name = {p.filename: p for p in parts}  # the last of a repeated name, as zipfile
        self._zipfile: zipfile.ZipFile | None = None

    def infolist(self) -> list[Part]:
        return self.parts

    def namelist(self) -> list[str]:
        return [p.filename for p in self.parts]

    def getinfo(self, name: str) -> Part:
        return self.by_name[name]

    def zipfile(self) -> zipfile.ZipFile:
        """``zipfile``'s reading of the same bytes (made once, on first need)."""
        if self._zipfile is None:
            self._zipfile = zipfile.ZipFile(io.BytesIO(self.data))
        return self._zipfile

    def open(self, part: Part) -> IO[bytes]:
        zf = self.zipfile()
        return zf.open(zf.infolist()[part.index])

    def read(self, part: Part) -> bytes:
        zf = self.zipfile()
        return zf.read(zf.infolist()[part.index])

    def close(self) -> None:
        if self._zipfile is not None:
            self._zipfile.close()

    def stored_copy(
        self, contents: dict[int, bytes], changed: dict[int, bytes] | None = None
    ) -> bytes | None:
        """:func:`stored_copy` of this zip."""
        return stored_copy(self, contents, changed)


def open_directory(data: bytes) -> ZipDirectory | zipfile.ZipFile:
    """The zip's directory: read straight from ``data`` when it is laid out the plain way every
    spreadsheet writer lays it out (end record last without a comment, no zip64, no extra fields
    or comments, ASCII names), giving what ``zipfile`` gives; else ``zipfile.ZipFile(data)``, which
    raises ``BadZipFile`` … exactly as before for what it cannot read."""
    parts = _plain_directory(data)
    return ZipDirectory(data, parts) if parts is not None else zipfile.ZipFile(io.BytesIO(data))


def _plain_directory(data: bytes) -> list[Part] | None:
    """zipfile's ``_EndRecData`` + ``_RealGetContents`` for the plain case; None for anything else."""
    size = len(data)
    if size < 22:
        return None
    end = _END_RECORD.unpack_from(data, size - 22)
    if end[0] != b"PK\x05\x06" or end[7] != 0:  # not the last 22 bytes, or a comment: zipfile searches
        return None
    if end[1] or end[2]:  # a disk number (a split archive): zipfile ignores it, calamine refuses the file
        return None
    if size >= 42 and data[size - 42 : size - 38] == b"PK\x06\x07":  # a zip64 locator
        return None
    size_cd, offset_cd = end[5], end[6]
    concat = size - 22 - size_cd - offset_cd
    start = offset_cd + concat
    if start < 0 or start + size_cd > size - 22:
        return None
    parts: list[Part] = []
    pos, stop, unpack = start, start + size_cd, _CENTRAL.unpack_from
    while pos < stop:
        if pos + 46 > stop:
            return None
        fields = unpack(data, pos)
        name_len, extra_len, comment_len = fields[12], fields[13], fields[14]
        if fields[0] != b"PK\x01\x02" or extra_len or comment_len or fields[3] > _MAX_EXTRACT_VERSION:
            return None
        raw = data[pos + 46 : pos + 46 + name_len]
        if len(raw) != name_len or not raw.isascii() or 0 in raw:  # 0: a NUL byte
            return None
        parts.append(Part(len(parts), raw, fields, fields[18] + concat))
        pos += 46 + name_len
    if pos != stop or len(parts) != end[4] or len(parts) != end[3]:
        return None
    return parts


#: (compressed size, method, declared size, CRC) → (compressed bytes, the part's content), for the parts a
#: department's template repeats in every file (theme, rels, content types, workbook, styles): inflating
#: the same bytes gives the same content, so it is inflated and CRC-checked once. A part is known when
#: its compressed bytes are those kept (compared where they lie in the file: no copy, no hash).
_SEEN: dict[tuple[int, int, int, int], tuple[bytes, bytes]] = {}
_SEEN_MAX_BYTES = 1 << 15  # a template's part, not a sheet of data
_SEEN_MAX_PARTS = 512


def inflated(
    zf: Any, info: Any, data: bytes | None, *, remember: bool = False, keep: dict[int, bytes] | None = None
) -> bytes | None:
    """The whole content of a small stored or deflated part, exactly as ``zf.open(info).read(1 MiB)``
    returns it (same local-header and name checks, stops at the declared size, CRC checked), taken
    straight from the file's bytes ``data``; ``None`` whenever anything is out of the ordinary (a
    larger or encrypted part, another method, a bad header, a short or corrupt stream, a CRC
    mismatch): the caller then reads the part through ``zipfile``, which raises as it always did.

    ``zf``: a ``zipfile.ZipFile`` or a :class:`ZipDirectory`, ``info`` one of its members.
    ``remember``: keep the content of a small part (:data:`_SEEN`): the next file with the same
    compressed bytes (its local header still checked) gets it without inflating them again.
    ``keep``: the content is also put there under the part's place in a :class:`ZipDirectory`'s
    directory (for :meth:`ZipDirectory.stored_copy`)."""
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
    if type(info) is Part:  # an ASCII name: the header's decodes to it exactly when its bytes are the same
        if data[start + 30 : start + 30 + name_len] != info.raw_name:
            return None
    else:
        try:
            name = data[start + 30 : start + 30 + name_len].decode("utf-8" if header[3] & 0x0800 else "cp437")
        except UnicodeDecodeError:
            return None
        if name != info.orig_filename or (
            getattr(zf, "metadata_encoding", None) is not None and not header[3] & 0x0800
        ):
            return None
    size = info.compress_size
    if size and begin + size > len(data):  # the part's bytes cut short
        return None
    key = (size, info.compress_type, info.file_size, info.CRC)
    seen = _SEEN.get(key)
    if seen is not None and data.startswith(seen[0], begin):  # the same compressed bytes (compared in place)
        if keep is not None and type(info) is Part:
            keep[info.index] = seen[1]
        return seen[1]
    raw = data[begin : begin + size]
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
    if remember and len(out) <= _SEEN_MAX_BYTES:
        if len(_SEEN) >= _SEEN_MAX_PARTS:  # forget the oldest quarter
            for old in list(_SEEN)[: _SEEN_MAX_PARTS // 4]:
                del _SEEN[old]
        _SEEN[key] = (raw, out)
    if keep is not None and type(info) is Part:
        keep[info.index] = out
    return out


def part_chunks(zf: Any, info: Any, data: bytes | None) -> Iterator[bytes]:
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


def part_bytes(
    zf: Any, info: Any, data: bytes | None, *, remember: bool = False, keep: dict[int, bytes] | None = None
) -> bytes:
    """``zf.read(info)``, from the file's bytes when the part is small (:func:`inflated`; ``keep``: as there)."""
    whole = inflated(zf, info, data, remember=remember, keep=keep)
    return whole if whole is not None else zf.read(info)


_STORED_LOCAL = struct.Struct("<4s5H3L2H")  # local file header (30 bytes)
_STORED_CENTRAL = struct.Struct("<4s6H3L5H2L")  # central directory header (46 bytes)
_STORED_END = struct.Struct("<4s4H2LH")  # end of central directory (22 bytes)


def stored_copy(
    zd: ZipDirectory, contents: dict[int, bytes], changed: dict[int, bytes] | None = None
) -> bytes | None:
    """The same zip with every part stored (not compressed): same names, same order, same contents
    (``contents``: each part's inflated bytes by its place in the directory, checked against its CRC
    by the safety scan). calamine then reads the parts without inflating them again (a sheet part it
    inflates twice: once for its cells, once for its merged cells). None when a part's content is
    missing (a part the scan streamed through ``zipfile``, or one it does not read: an image): the
    caller hands calamine the file as it is. ``changed``: parts, by place, whose content calamine is
    handed instead (with its own CRC; :mod:`bijie_etl.ingest.merges_ahead`)."""
    if len(contents) != len(zd.parts):
        return None
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for part in zd.parts:
        content = contents.get(part.index)
        if content is None or len(content) != part.file_size:
            return None
        crc = part.CRC
        if changed and part.index in changed:
            content = changed[part.index]
            crc = zlib.crc32(content)
        name = part.raw_name
        size = len(content)
        out.append(_STORED_LOCAL.pack(b"PK\x03\x04", 20, 0, 0, 0, 0x21, crc, size, size, len(name), 0))
        out.append(name)
        out.append(content)
        central.append(
            _STORED_CENTRAL.pack(
                b"PK\x01\x02", 20, 20, 0, 0, 0, 0x21, crc, size, size, len(name), 0, 0, 0, 0, 0, offset
            )
        )
        central.append(name)
        offset += 30 + len(name) + size
    directory = b"".join(central)
    n = len(zd.parts)
    out.append(directory)
    out.append(_STORED_END.pack(b"PK\x05\x06", 0, 0, n, n, len(directory), offset, 0))
    return b"".join(out)
