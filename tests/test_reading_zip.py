"""The safety scan reads the zip directory and small xlsx parts straight from the file's bytes: same members, bytes and refusals as zipfile."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from bijie_etl.errors import Code, FileRejected
from bijie_etl.ingest.excel import check_xlsx_parts
from bijie_etl.ingest.zipparts import ZipDirectory, inflated, open_directory
from corpus_workbooks import decoded, scanned_corpus_workbooks
from spreadsheets import write_xlsx

CORPUS = Path(__file__).parent / "corpus"


def test_every_part_of_real_workbooks_inflates_to_zipfiles_bytes() -> None:
    """For every part of every corpus xlsx (Excel, LibreOffice, xlsxwriter, openpyxl), the fast path gives zipfile's bytes."""
    seen = 0
    for path in sorted(CORPUS.glob("*.xlsx")):
        data = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                fast = inflated(zf, info, data)
                assert fast is not None, (path.name, info.filename)
                assert fast == zf.read(info), (path.name, info.filename)
                seen += 1
    assert seen > 500


def _corrupt(data: bytes, member: str, how: str) -> bytes:
    """``data`` with ``member`` damaged: its stored CRC changed, or a byte of its deflated stream flipped."""
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(member)
    if how == "crc":
        pos = out.find(b"PK\x01\x02")
        while pos != -1:
            n = struct.unpack_from("<H", out, pos + 28)[0]
            if out[pos + 46 : pos + 46 + n] == member.encode():
                struct.pack_into("<I", out, pos + 16, info.CRC ^ 1)
            pos = out.find(b"PK\x01\x02", pos + 4)
    else:
        name_len, extra_len = struct.unpack_from("<HH", out, info.header_offset + 26)
        out[info.header_offset + 30 + name_len + extra_len + info.compress_size // 2] ^= 0xFF
    return bytes(out)


@pytest.mark.parametrize("how", ["crc", "stream"])
def test_a_damaged_part_is_refused_as_before(tmp_path: Path, how: str) -> None:
    """A part whose CRC or deflated stream is damaged is never taken from the fast path: the scan refuses the file as zipfile did."""
    good = write_xlsx(
        tmp_path / "g.xlsx", {"S": [["指标名称", "1-本月累计"], *[["原煤产量", i] for i in range(50)]]}
    )
    data = _corrupt(good.read_bytes(), "xl/worksheets/sheet1.xml", how)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert inflated(zf, zf.getinfo("xl/worksheets/sheet1.xml"), data) is None
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(data)
    outcomes = []
    for zf_given in (False, True):
        zf = zipfile.ZipFile(io.BytesIO(data)) if zf_given else None
        try:
            check_xlsx_parts(bad, max_rows=1000, zf=zf, data=data if zf_given else None)
        except FileRejected as exc:
            outcomes.append(exc.code)
        except Exception as exc:  # zlib.error: as zipfile raises it, the reader's caller reports it
            outcomes.append(type(exc).__name__)
    assert outcomes[0] == outcomes[1]
    assert outcomes[0] in (Code.FILE_UNREADABLE, "error")


def test_the_directory_read_from_the_bytes_is_zipfiles() -> None:
    """For every corpus xlsx the directory read from the bytes lists zipfile's members with zipfile's fields, in its order."""
    fields = ("filename", "orig_filename", "header_offset", "compress_type", "flag_bits", "compress_size", "file_size", "CRC")  # fmt: skip
    fast = 0
    for path in sorted(CORPUS.glob("*.xlsx")):
        data = path.read_bytes()
        directory = open_directory(data)
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            expected = [tuple(getattr(i, f) for f in fields) for i in zf.infolist()]
        assert [tuple(getattr(i, f) for f in fields) for i in directory.infolist()] == expected, path.name
        fast += isinstance(directory, ZipDirectory)
    assert fast > 100


def test_an_unusual_directory_is_left_to_zipfile(tmp_path: Path) -> None:
    """A zip with an archive comment, or a member with an extra field, is read by zipfile itself (the plain reader declines it)."""
    good = write_xlsx(tmp_path / "g.xlsx", {"S": [["指标名称", "1-本月累计"], ["原煤产量", 1]]}).read_bytes()
    with_comment = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(with_comment, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.comment = b"note"
    with_extra = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(with_extra, "w") as dst:
        for info in src.infolist():
            info.extra = struct.pack("<HH", 0xCAFE, 0)
            dst.writestr(info, src.read(info))
    assert isinstance(open_directory(good), ZipDirectory)
    for data in (with_comment.getvalue(), with_extra.getvalue()):
        assert isinstance(open_directory(data), zipfile.ZipFile)


def test_a_remembered_template_part_does_not_excuse_a_damaged_copy(tmp_path: Path) -> None:
    """After a good file, a file whose copy of the same template part is damaged is still refused as unreadable."""
    rows = {"S": [["指标名称", "1-本月累计"], *[["原煤产量", i] for i in range(20)]]}
    good = write_xlsx(tmp_path / "g.xlsx", rows)
    data = good.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        member = next(i.filename for i in zf.infolist() if i.filename.endswith("styles.xml"))
    for bad_bytes in (_corrupt(data, member, "crc"), _corrupt(data, member, "stream")):
        check_xlsx_parts(good, max_rows=1000, zf=open_directory(data), data=data)  # remembers the good part
        bad = tmp_path / "bad.xlsx"
        bad.write_bytes(bad_bytes)
        with pytest.raises((FileRejected, zlib.error)) as caught:
            check_xlsx_parts(bad, max_rows=1000, zf=open_directory(bad_bytes), data=bad_bytes)
        assert not isinstance(caught.value, FileRejected) or caught.value.code is Code.FILE_UNREADABLE


def test_calamine_reads_the_stored_copy_as_the_workbook_itself() -> None:
    """For every corpus xlsx, the copy with its parts stored that calamine is handed decodes to the same sheets, cells and merges."""
    from bijie_etl.ingest.zipparts import stored_copy

    copied = 0
    for path, data, directory, contents in scanned_corpus_workbooks():
        stored = stored_copy(directory, contents)
        if stored is None:
            continue
        with zipfile.ZipFile(io.BytesIO(stored)) as zf:
            assert all(i.compress_type == zipfile.ZIP_STORED for i in zf.infolist())
        assert decoded(stored) == decoded(data), path.name
        copied += 1
    assert copied > 100


def test_a_split_archive_is_left_to_zipfile_and_refused_by_calamine_as_before(tmp_path: Path) -> None:
    """An end record naming another disk (a split archive) is not read the plain way: no stored copy hides it, the file stays refused."""
    from bijie_etl.ingest.excel import read_workbook, sniff

    good = write_xlsx(tmp_path / "g.xlsx", {"S": [["指标名称", "1-本月累计"], ["原煤产量", 1]]}).read_bytes()
    split = bytearray(good)
    struct.pack_into("<H", split, len(split) - 18, 0x6F)  # the end record's "number of this disk"
    path = tmp_path / "split.xlsx"
    path.write_bytes(bytes(split))
    assert isinstance(open_directory(bytes(split)), zipfile.ZipFile)
    container = sniff(path, bytes(split[:512]), max_uncompressed_bytes=1 << 30, data=bytes(split))
    with pytest.raises(FileRejected) as refused:
        read_workbook(path, max_rows=1000, data=bytes(split), container=container)
    assert refused.value.code is Code.FILE_UNREADABLE
