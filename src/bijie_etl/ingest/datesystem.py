"""The workbook's date system: day 0 is 1899-12-30 (Windows Excel, WPS, LibreOffice) or 1904-01-01.

Excel for Mac used to save workbooks in the **1904 date system** (xlsx ``<workbookPr
date1904="1"/>``, the xls ``DATEMODE`` record), and a workbook keeps it wherever it is opened
next: the same serial is then a date 1,462 days later. python-calamine applies it to the cells it
recognises as dates; a serial the reader turns into a date itself (a date format calamine leaves
a number, see :func:`bijie_etl.ingest.excel.read_workbook`) must use it too, or a 统计期 of
2024年6月 would be read as 2020年5月.
"""

from __future__ import annotations

import re
import struct
from datetime import datetime, timedelta

__all__ = ["serial_to_datetime", "xls_date1904", "xlsx_date1904"]

_EPOCH_1900 = datetime(1899, 12, 30)
_EPOCH_1904 = datetime(1904, 1, 1)
_DATE1904 = re.compile(rb'<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(?:1|true)"')
_DATEMODE, _FONT, _EOF = 0x0022, 0x0031, 0x000A


def xlsx_date1904(workbook_xml: bytes) -> bool:
    """True when ``xl/workbook.xml`` sets the 1904 date system."""
    return bool(_DATE1904.search(workbook_xml))


def xls_date1904(stream: bytes) -> bool:
    """True when a BIFF8 workbook stream's ``DATEMODE`` record says 1904 (it comes before the fonts)."""
    pos, end = 0, len(stream) - 4
    while pos <= end:
        rtype, length = struct.unpack_from("<HH", stream, pos)
        if rtype == _DATEMODE and length >= 2:
            return struct.unpack_from("<H", stream, pos + 4)[0] == 1
        if rtype in (_FONT, _EOF):
            return False
        pos += 4 + length
    return False


def serial_to_datetime(serial: float, *, date1904: bool = False) -> datetime:
    """The date an Excel serial shows in the workbook's date system."""
    return (_EPOCH_1904 if date1904 else _EPOCH_1900) + timedelta(days=float(serial))
