"""Reading department spreadsheets as they really come: each tolerance on a real file, with exact values."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bijie_etl.errors import Code, FileRejected, Severity
from bijie_etl.ingest.reading import (
    INVALID,
    FileRead,
    column_letter,
    parse_number,
    parse_period,
    period_from_text,
    read_file,
)
from bijie_etl.ingest.template import HEADER as TEMPLATE_HEADER
from bijie_etl.settings import Settings
from spreadsheets import encrypt_xlsx, write_csv, write_xls, write_xlsx

CANONICAL = [label for label, _field in TEMPLATE_HEADER]


@pytest.fixture
def settings() -> Settings:
    return Settings()


def records(read: FileRead, sheet: int = 0) -> list[dict[str, Any]]:
    return read.sheets[sheet].rows.to_dict("records")


def rejected(path: Path, settings: Settings) -> tuple[Code, str]:
    with pytest.raises(FileRejected) as info:
        read_file(path, settings)
    return info.value.code, info.value.message_zh


# ------------------------------------------------------------------------------------------
# Layouts


def test_canonical_header_keeps_numbers_text_and_dates(tmp_path: Path, settings: Settings) -> None:
    """The template header maps every column; numbers stay floats, text stays text, a date cell stays a date."""
    path = write_xlsx(
        tmp_path / "a.xlsx",
        {
            "数据": [
                CANONICAL,
                [
                    "coal_output",
                    "原煤产量",
                    "万吨",
                    date(2024, 6, 1),
                    "全市",
                    520.5,
                    3210.5,
                    "2,980.1",
                    7.7,
                    None,
                    "快报",
                ],
            ]
        },
    )
    read = read_file(path, settings)
    sheet = read.sheets[0]
    assert (sheet.sheet, sheet.header_row) == ("数据", 1)
    assert sheet.columns == dict(
        zip(
            [
                "indicator_code",
                "indicator_name",
                "unit",
                "period",
                "county",
                "value_month",
                "value_ytd",
                "value_ytd_prior",
                "growth_pct",
                "value",
                "note",
            ],
            "ABCDEFGHIJK",
            strict=True,
        )
    )
    assert records(read) == [
        {
            "row": 2,
            "indicator_code": "coal_output",
            "indicator_name": "原煤产量",
            "unit": "万吨",
            "period": date(2024, 6, 1),
            "county": "全市",
            "value_month": 520.5,
            "value_ytd": 3210.5,
            "value_ytd_prior": "2,980.1",
            "growth_pct": 7.7,
            "value": None,
            "note": "快报",
        }
    ]
    assert (read.title, read.period_hint, read.department_hint) == (None, None, None)


def test_title_rows_and_period_group_over_month_and_ytd(tmp_path: Path, settings: Settings) -> None:
    """Title/subtitle rows are skipped; "2024年1-6月" merged over 本月|累计 maps the two columns below it."""
    path = write_xlsx(
        tmp_path / "report.xlsx",
        {
            "Sheet1": [
                ["毕节市2024年能源生产情况"],
                ["填报单位：市能源局", None, None, "单位：万吨"],
                ["指标名称", "单位", "2024年1-6月", None],
                [None, None, "本月", "累计"],
                ["原煤产量", "万吨", 520.5, 3210.5],
                ["洗精煤产量", "万吨", 80, 455.25],
            ]
        },
        merges={"Sheet1": ["A3:A4", "B3:B4", "C3:D3"]},
    )
    read = read_file(path, settings)
    sheet = read.sheets[0]
    assert (sheet.header_row, sheet.columns) == (
        4,
        {"indicator_name": "A", "unit": "B", "value_month": "C", "value_ytd": "D"},
    )
    assert records(read) == [
        {"row": 5, "indicator_name": "原煤产量", "unit": "万吨", "value_month": 520.5, "value_ytd": 3210.5},
        {"row": 6, "indicator_name": "洗精煤产量", "unit": "万吨", "value_month": 80.0, "value_ytd": 455.25},
    ]
    assert read.title == "毕节市2024年能源生产情况\n填报单位:市能源局 单位:万吨"
    assert (read.period_hint, read.department_hint) == (date(2024, 6, 1), "市能源局")


@pytest.mark.parametrize("writer", [write_xlsx, write_xls])
def test_cumulative_group_over_current_prior_growth(tmp_path: Path, settings: Settings, writer: Any) -> None:
    """累计 merged over 本期|上年同期|增长% gives value_ytd, value_ytd_prior, growth_pct; 本月 merged down stays value_month."""
    suffix = ".xlsx" if writer is write_xlsx else ".xls"
    path = writer(
        tmp_path / f"f{suffix}",
        {
            "表1": [
                ["项目", "计量单位", "本月", "累计", None, None],
                [None, None, None, "本期", "上年同期", "增长%"],
                ["发电量", "亿千瓦时", 30.5, 180.25, 170, 6.03],
            ]
        },
        merges={"表1": ["A1:A2", "B1:B2", "C1:C2", "D1:F1"]},
    )
    sheet = read_file(path, settings).sheets[0]
    assert (sheet.header_row, sheet.columns) == (
        2,
        {
            "indicator_name": "A",
            "unit": "B",
            "value_month": "C",
            "value_ytd": "D",
            "value_ytd_prior": "E",
            "growth_pct": "F",
        },
    )
    assert sheet.rows.to_dict("records") == [
        {
            "row": 3,
            "indicator_name": "发电量",
            "unit": "亿千瓦时",
            "value_month": 30.5,
            "value_ytd": 180.25,
            "value_ytd_prior": 170,
            "growth_pct": 6.03,
        },
    ]


def test_month_group_growth_is_not_taken_for_cumulative_growth(tmp_path: Path, settings: Settings) -> None:
    """A 增长% under 本月 is the monthly growth: ignored, while the one under 累计 becomes growth_pct."""
    path = write_xlsx(
        tmp_path / "g.xlsx",
        {
            "S": [
                ["指标", "本月", None, "累计", None],
                [None, "本期", "增长%", "本期", "增长%"],
                ["工业增加值", 10, -3.5, 60, 8.5],
            ]
        },
        merges={"S": ["A1:A2", "B1:C1", "D1:E1"]},
    )
    sheet = read_file(path, settings).sheets[0]
    assert sheet.columns == {"indicator_name": "A", "value_month": "B", "value_ytd": "D", "growth_pct": "E"}
    assert sheet.rows.to_dict("records") == [
        {"row": 3, "indicator_name": "工业增加值", "value_month": 10.0, "value_ytd": 60.0, "growth_pct": 8.5}
    ]


def test_group_row_above_the_identity_row(tmp_path: Path, settings: Settings) -> None:
    """Group cells on the row above 指标名称 (累计 over 本期|上年同期|增速(%)) are combined with the row below."""
    path = write_xlsx(
        tmp_path / "h.xlsx",
        {
            "S": [
                ["2024年1-5月主要指标"],
                [None, None, "累计", None, None],
                ["指标名称", "单位", "本期", "去年同期", "增速(%)"],
                ["社会消费品零售总额", "亿元", 500.0, 470.0, 6.4],
            ]
        },
        merges={"S": ["C2:E2"]},
    )
    read = read_file(path, settings)
    sheet = read.sheets[0]
    assert (sheet.header_row, sheet.columns) == (
        3,
        {"indicator_name": "A", "unit": "B", "value_ytd": "C", "value_ytd_prior": "D", "growth_pct": "E"},
    )
    assert records(read) == [
        {
            "row": 4,
            "indicator_name": "社会消费品零售总额",
            "unit": "亿元",
            "value_ytd": 500.0,
            "value_ytd_prior": 470.0,
            "growth_pct": 6.4,
        }
    ]
    assert (read.title, read.period_hint) == ("2024年1-5月主要指标", date(2024, 5, 1))


def test_header_not_starting_in_column_a(tmp_path: Path, settings: Settings) -> None:
    """Leading empty rows and columns keep Excel's own row numbers and column letters."""
    path = write_xlsx(
        tmp_path / "o.xlsx",
        {
            "S": [
                [],
                [],
                [],
                [None, None, "指标名称", "计量单位", "1-本月累计"],
                [None, None, "原煤产量", "万吨", 12],
            ]
        },
    )
    sheet = read_file(path, settings).sheets[0]
    assert (sheet.header_row, sheet.columns) == (4, {"indicator_name": "C", "unit": "D", "value_ytd": "E"})
    assert sheet.rows.to_dict("records") == [
        {"row": 5, "indicator_name": "原煤产量", "unit": "万吨", "value_ytd": 12.0}
    ]


ALIASES = [
    *[
        (a, "value_ytd")
        for a in ["累计", "1-本月累计", "本年累计", "1-6月", "1-6月累计", "1—6月", "累计值", "自年初累计"]
    ],
    *[
        (a, "growth_pct")
        for a in [
            "同比增长(%)",
            "同比增长（%）",
            "累计增长(%)",
            "增长%",
            "增速(%)",
            "比上年同期增长(%)",
            "累计同比增长（％）",
        ]
    ],
    *[(a, "unit") for a in ["单位", "计量单位", "计量 单位"]],
    *[(a, "indicator_name") for a in ["指标", "指标名称", "项目", "指 标 名 称"]],
    *[(a, "value_month") for a in ["本月", "当月", "本月数"]],
    *[(a, "value_ytd_prior") for a in ["上年同期", "上年同期累计", "去年同期"]],
    ("本期值", "value"),
    ("指标代码", "indicator_code"),
    ("统计期", "period"),
    ("区县", "county"),
    ("备注", "note"),
]


@pytest.mark.parametrize(("alias", "field"), ALIASES)
def test_header_alias(tmp_path: Path, settings: Settings, alias: str, field: str) -> None:
    """Each spelling departments use for a column header maps to its canonical field."""
    other = "区县" if field == "indicator_name" else "指标名称"
    path = write_xlsx(
        tmp_path / "x.xlsx",
        # 本期值 of a cumulative target is read as its 累计 (issue #13): use a share for the value column.
        {
            "S": [
                [other, alias],
                [
                    "七星关区"
                    if field == "indicator_name"
                    else ("森林覆盖率" if field == "value" else "原煤产量"),
                    1.5,
                ],
            ]
        },
    )
    sheet = read_file(path, settings).sheets[0]
    assert sheet.columns[field] == "B"


# ------------------------------------------------------------------------------------------
# Cell contents


def test_full_width_characters_and_stray_spaces(tmp_path: Path, settings: Settings) -> None:
    """Full-width letters, digits and punctuation and stray spaces are normalised in text columns; names and number text are kept as typed (trimmed)."""
    path = write_xlsx(
        tmp_path / "w.xlsx",
        {
            "S": [
                ["指标代码", "指标名称", "计量单位", "区县", "1-本月累计"],
                ["ＣＯＡＬ＿ＯＵＴＰＵＴ", "  原煤　　产量 ", "万吨", " 威宁县 ", "１，２３４．５"],
            ]
        },
    )
    assert records(read_file(path, settings)) == [
        {
            "row": 2,
            "indicator_code": "COAL_OUTPUT",
            "indicator_name": "原煤　　产量",
            "unit": "万吨",
            "county": "威宁县",
            "value_ytd": "１，２３４．５",
        },
    ]
    assert parse_number("１，２３４．５") == 1234.5


def test_numbers_stored_as_text_are_kept_for_validation(tmp_path: Path, settings: Settings) -> None:
    """Text cells holding numbers (commas, trailing %, spaces) come out as typed, and parse_number reads them."""
    path = write_xlsx(
        tmp_path / "n.xlsx",
        {
            "S": [
                ["指标名称", "1-本月累计", "上年同期累计", "累计同比增长(%)"],
                ["地区生产总值", "1,234.5", " 1180 ", " 12% "],
            ]
        },
    )
    rows = records(read_file(path, settings))
    assert rows == [
        {
            "row": 2,
            "indicator_name": "地区生产总值",
            "value_ytd": "1,234.5",
            "value_ytd_prior": " 1180 ",
            "growth_pct": " 12% ",
        }
    ]
    assert [parse_number(rows[0][f]) for f in ("value_ytd", "value_ytd_prior", "growth_pct")] == [
        1234.5,
        1180.0,
        12.0,
    ]


@pytest.mark.parametrize("marker", ["—", "-", "－", "…", "/", "空", " ", "——", "……"])
def test_missing_value_markers(tmp_path: Path, settings: Settings, marker: str) -> None:
    """Missing-value markers are read as typed and parse to None (missing), not to an error."""
    path = write_xlsx(tmp_path / "m.xlsx", {"S": [["指标名称", "1-本月累计"], ["原煤产量", marker]]})
    value = records(read_file(path, settings))[0]["value_ytd"]
    assert value == (None if marker == " " else marker)
    assert parse_number(value) is None


def test_parse_number_rejects_text() -> None:
    """Words, dates and booleans are INVALID, numbers are floats, NaN is missing."""
    assert [
        parse_number(v) for v in ["约12", "12..5", True, date(2024, 1, 1), 7, 2.5, float("nan"), None]
    ] == [
        INVALID,
        INVALID,
        INVALID,
        INVALID,
        7.0,
        2.5,
        None,
        None,
    ]


def test_blank_rows_and_trailing_notes(tmp_path: Path, settings: Settings) -> None:
    """Blank rows are skipped; the first note row ends the table and it and every later row become NOTE_IGNORED warnings."""
    path = write_xlsx(
        tmp_path / "能源局_2024-06.xlsx",
        {
            "数据": [
                ["指标名称", "计量单位", "1-本月累计"],
                ["原煤产量", "万吨", 3210.5],
                [],
                [None, None, None],
                ["发电量", "亿千瓦时", 180.25],
                [],
                ["注：1.数据为快报数。"],
                ["说明：口径同上年。"],
                [None, "填报单位：市能源局", None, "填报人：张三"],
            ]
        },
    )
    read = read_file(path, settings)
    assert records(read) == [
        {"row": 2, "indicator_name": "原煤产量", "unit": "万吨", "value_ytd": 3210.5},
        {"row": 5, "indicator_name": "发电量", "unit": "亿千瓦时", "value_ytd": 180.25},
    ]
    assert [(w.sheet, w.cell, w.code, w.severity, w.value) for w in read.sheets[0].warnings] == [
        ("数据", "A7", Code.NOTE_IGNORED, Severity.WARNING, "注：1.数据为快报数。"),
        ("数据", "A8", Code.NOTE_IGNORED, Severity.WARNING, "说明：口径同上年。"),
        ("数据", "B9", Code.NOTE_IGNORED, Severity.WARNING, "填报单位：市能源局"),
    ]
    assert (read.department_hint, read.period_hint) == ("市能源局", date(2024, 6, 1))


# ------------------------------------------------------------------------------------------
# Periods


@pytest.mark.parametrize(
    ("title", "month"),
    [
        ("2024年1-6月全市主要经济指标", 6),
        ("2024年6月能源生产情况", 6),
        ("2024年1—6月", 6),
        ("2024年上半年目标完成情况", 6),
        ("２０２４年１－３月", 3),
        ("2024年一季度", 3),
        ("2024年前三季度", 9),
        ("2024年十二月", 12),
        ("毕节市2024-1-6月主要经济指标", 6),  # dashes after the year: was read as January
        ("2024－1－3月能源生产情况", 3),
    ],
)
def test_period_from_title(tmp_path: Path, settings: Settings, title: str, month: int) -> None:
    """A period written only in the title becomes period_hint, the first day of the month it ends."""
    path = write_xlsx(
        tmp_path / "noperiod.xlsx", {"S": [[title], ["指标名称", "1-本月累计"], ["原煤产量", 1]]}
    )
    assert read_file(path, settings).period_hint == date(2024, month, 1)


@pytest.mark.parametrize(
    ("name", "writer"),
    [
        ("能源局_2024-06.xlsx", write_xlsx),
        ("2024年6月.xls", write_xls),
        ("能源局202406.xlsx", write_xlsx),
        ("统计局2024.6.xlsx", write_xlsx),
    ],
)
def test_period_from_file_name(tmp_path: Path, settings: Settings, name: str, writer: Any) -> None:
    """With no period in the title, the file name gives period_hint."""
    path = writer(tmp_path / name, {"S": [["指标名称", "1-本月累计"], ["原煤产量", 1]]})
    assert read_file(path, settings).period_hint == date(2024, 6, 1)


def test_a_dashed_range_not_from_january_in_the_title_refuses_the_table(
    tmp_path: Path, settings: Settings
) -> None:
    """A title 2024-3-6月 (March to June) gives no month to load at: the table is refused, never read as March."""
    path = write_xlsx(
        tmp_path / "能源局.xlsx",
        {"S": [["毕节市2024-3-6月能源生产情况"], ["指标名称", "1-本月累计"], ["原煤产量", 1]]},
    )
    read = read_file(path, settings)
    assert read.period_hint is None
    assert [w.code for s in read.sheets for w in s.warnings] == [Code.LAYOUT_AMBIGUOUS]
    assert sum(len(s.rows) for s in read.sheets) == 0


def test_filing_date_line_is_not_the_period(tmp_path: Path, settings: Settings) -> None:
    """A 填报日期 line in the title is not mistaken for the reporting month; the file name is used."""
    path = write_xlsx(
        tmp_path / "能源局_2024-06.xlsx",
        {"S": [["填报日期：2024年7月5日"], ["指标名称", "1-本月累计"], ["原煤产量", 1]]},
    )
    assert read_file(path, settings).period_hint == date(2024, 6, 1)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (date(2024, 6, 30), date(2024, 6, 1)),
        ("2024-06", date(2024, 6, 1)),
        ("2024年6月", date(2024, 6, 1)),
        (202406, date(2024, 6, 1)),
        (202406.0, date(2024, 6, 1)),
        ("六月", None),
        (None, None),
    ],
)
def test_parse_period(raw: object, expected: date | None) -> None:
    """A 统计期 cell (date cell, 202406, text) is read as the first day of its month."""
    assert parse_period(raw) == expected


def test_period_date_cell_in_xls(tmp_path: Path, settings: Settings) -> None:
    """An Excel date cell in 统计期 of an .xls stays a date for validation."""
    path = write_xls(
        tmp_path / "d.xls", {"S": [["指标名称", "统计期", "本期值"], ["森林覆盖率", date(2024, 6, 1), 64.5]]}
    )
    assert records(read_file(path, settings)) == [
        {"row": 2, "indicator_name": "森林覆盖率", "period": date(2024, 6, 1), "value": 64.5}
    ]


# ------------------------------------------------------------------------------------------
# CSV


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_csv_encodings(tmp_path: Path, settings: Settings, encoding: str) -> None:
    """CSV in UTF-8, UTF-8 with BOM and GB18030/GBK gives the same text cells; the sheet is named after the file."""
    path = write_csv(
        tmp_path / "能源局_2024-06.csv",
        [
            ["指标名称", "计量单位", "1-6月", "同比增长（%）"],
            ["原煤产量", "万吨", "3,210.5", "7.7"],
            ["", "", "", ""],
            ["注：快报", "", "", ""],
        ],
        encoding=encoding,
    )
    read = read_file(path, settings)
    assert [(s.sheet, s.header_row, s.columns) for s in read.sheets] == [
        ("能源局_2024-06", 1, {"indicator_name": "A", "unit": "B", "value_ytd": "C", "growth_pct": "D"}),
    ]
    assert records(read) == [
        {"row": 2, "indicator_name": "原煤产量", "unit": "万吨", "value_ytd": "3,210.5", "growth_pct": "7.7"}
    ]
    assert [(w.cell, w.code) for w in read.sheets[0].warnings] == [("A4", Code.NOTE_IGNORED)]


def test_csv_tab_separated(tmp_path: Path, settings: Settings) -> None:
    """A tab-separated export is split on tabs."""
    path = write_csv(tmp_path / "t.csv", [["指标名称", "本期值"], ["森林覆盖率", "64.5"]], delimiter="\t")
    assert records(read_file(path, settings)) == [{"row": 2, "indicator_name": "森林覆盖率", "value": "64.5"}]


def test_csv_in_unknown_encoding_is_unreadable(tmp_path: Path, settings: Settings) -> None:
    """A CSV in no encoding departments use (here UTF-32; UTF-16 without a BOM is read) is rejected as unreadable with advice to re-save."""
    path = tmp_path / "u.csv"
    path.write_bytes("指标名称,本期值\n森林覆盖率,64.5\n".encode("utf-32-le"))
    code, message = rejected(path, settings)
    assert code is Code.FILE_UNREADABLE
    assert "CSV" in message or "二进制" in message


def test_csv_invalid_bytes_is_unreadable(tmp_path: Path, settings: Settings) -> None:
    """Bytes that are neither UTF-8 nor GB18030 give FILE_UNREADABLE naming the encoding problem."""
    path = tmp_path / "bad.csv"
    path.write_bytes(b"\xff\xff\xff,\x80\x80\n")
    assert rejected(path, settings) == (
        Code.FILE_UNREADABLE,
        "CSV文件的文字编码无法识别（既不是UTF-8也不是GBK/GB18030），中文会变成乱码。请在Excel中“另存为”CSV UTF-8 或 .xlsx 后重新报送。",
    )


# ------------------------------------------------------------------------------------------
# Sheets


def test_every_sheet_with_a_header_is_read(tmp_path: Path, settings: Settings) -> None:
    """Sheets with a header are read in order; a notes sheet and a hidden sheet are skipped."""
    path = write_xlsx(
        tmp_path / "s.xlsx",
        {
            "说明": [["本表由市能源局填报"], ["请勿修改"]],
            "煤炭": [["指标名称", "1-本月累计"], ["原煤产量", 3210.5]],
            "旧表": [["指标名称", "1-本月累计"], ["原煤产量", 1.0]],
            "电力": [["指标名称", "1-本月累计"], ["发电量", 180.25]],
        },
        hidden=["旧表"],
    )
    read = read_file(path, settings)
    assert [(s.sheet, s.rows.to_dict("records")) for s in read.sheets] == [
        ("煤炭", [{"row": 2, "indicator_name": "原煤产量", "value_ytd": 3210.5}]),
        ("电力", [{"row": 2, "indicator_name": "发电量", "value_ytd": 180.25}]),
    ]


def test_header_only_sheet_gives_no_rows(tmp_path: Path, settings: Settings) -> None:
    """A sheet with a header and no data rows gives an empty frame with the header's columns."""
    path = write_xlsx(tmp_path / "e.xlsx", {"S": [["指标名称", "1-本月累计"]]})
    sheet = read_file(path, settings).sheets[0]
    assert list(sheet.rows.columns) == ["row", "indicator_name", "value_ytd"]
    assert len(sheet.rows) == 0


def test_column_letter() -> None:
    """0-based indices become Excel letters."""
    assert [column_letter(i) for i in (0, 25, 26, 51, 701, 702)] == ["A", "Z", "AA", "AZ", "ZZ", "AAA"]


# ------------------------------------------------------------------------------------------
# Files rejected whole


def test_empty_file(tmp_path: Path, settings: Settings) -> None:
    """A 0-byte file is FILE_EMPTY."""
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert rejected(path, settings) == (Code.FILE_EMPTY, "文件是空的（0 字节）。请填写数据后重新报送。")


def test_workbook_with_only_empty_sheets(tmp_path: Path, settings: Settings) -> None:
    """A workbook whose sheets hold nothing is FILE_EMPTY."""
    path = write_xlsx(tmp_path / "blank.xlsx", {"Sheet1": [], "Sheet2": []})
    assert rejected(path, settings)[0] is Code.FILE_EMPTY


def test_no_header(tmp_path: Path, settings: Settings) -> None:
    """A workbook without a recognisable header names its sheets in FILE_NO_HEADER."""
    path = write_xlsx(tmp_path / "nh.xlsx", {"Sheet1": [["原煤产量", 3210.5], ["发电量", 180.25]]})
    code, message = rejected(path, settings)
    assert code is Code.FILE_NO_HEADER
    assert message.startswith("在工作表“Sheet1”的前 30 行中没有找到表头")


def test_header_below_scan_window_is_not_found(tmp_path: Path, settings: Settings) -> None:
    """A header below the 30 rows searched (title, instruction lines, form metadata) is not searched for."""
    path = write_xlsx(
        tmp_path / "deep.xlsx",
        {"S": [*[[f"标题{i}"] for i in range(30)], ["指标名称", "1-本月累计"], ["原煤产量", 1]]},
    )
    assert rejected(path, settings)[0] is Code.FILE_NO_HEADER


def test_corrupt_file(tmp_path: Path, settings: Settings) -> None:
    """Random bytes named .xlsx are FILE_UNREADABLE."""
    path = tmp_path / "c.xlsx"
    path.write_bytes(b"this is not a workbook at all" * 10)
    assert rejected(path, settings) == (
        Code.FILE_UNREADABLE,
        "文件扩展名为 .xlsx，但内容不是Excel工作簿（文件已损坏或并非表格），无法读取。请重新导出后报送。",
    )


def test_truncated_xlsx(tmp_path: Path, settings: Settings) -> None:
    """An xlsx cut off in transfer (no zip directory) is FILE_UNREADABLE."""
    good = write_xlsx(tmp_path / "g.xlsx", {"S": [["指标名称", "1-本月累计"], ["原煤产量", 1]]})
    path = tmp_path / "t.xlsx"
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    code, message = rejected(path, settings)
    assert code is Code.FILE_UNREADABLE
    assert "不完整" in message


def test_truncated_xls(tmp_path: Path, settings: Settings) -> None:
    """An .xls cut off in transfer is FILE_UNREADABLE."""
    good = write_xls(
        tmp_path / "g.xls", {"S": [["指标名称", "1-本月累计"], *[["原煤产量", i] for i in range(200)]]}
    )
    path = tmp_path / "t.xls"
    path.write_bytes(good.read_bytes()[:1500])
    assert rejected(path, settings)[0] is Code.FILE_UNREADABLE


def test_password_protected_xlsx(tmp_path: Path, settings: Settings) -> None:
    """An xlsx with an open password (an OLE2 container with EncryptionInfo) is FILE_ENCRYPTED."""
    plain = write_xlsx(tmp_path / "p.xlsx", {"S": [["指标名称", "1-本月累计"], ["原煤产量", 1]]})
    path = encrypt_xlsx(plain, tmp_path / "locked.xlsx")
    assert rejected(path, settings) == (
        Code.FILE_ENCRYPTED,
        "文件已加密（设有打开密码），无法读取。请取消密码后重新报送。",
    )


def test_file_over_byte_limit(tmp_path: Path, settings: Settings) -> None:
    """A file bigger than max_file_bytes is FILE_TOO_LARGE before it is opened."""
    path = write_xlsx(tmp_path / "big.xlsx", {"S": [["指标名称", "1-本月累计"], ["原煤产量", 1]]})
    code, message = rejected(path, Settings(max_file_bytes=1000))
    assert (code, message.startswith("文件过大")) == (Code.FILE_TOO_LARGE, True)


def test_zip_bomb_is_refused_from_the_directory(tmp_path: Path, settings: Settings) -> None:
    """An xlsx whose members inflate past max_uncompressed_bytes is FILE_TOO_LARGE, judged from the zip directory."""
    path = write_xlsx(tmp_path / "bomb.xlsx", {"S": [["指标名称", "1-本月累计"], ["原煤产量", 1]]})
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/padding.bin", b"\0" * 20_000_000)
    assert path.stat().st_size < 100_000
    code, message = rejected(path, settings.model_copy(update={"max_uncompressed_bytes": 10_000_000}))
    assert code is Code.FILE_TOO_LARGE
    assert message.startswith("文件解压后过大（19 MB，上限 10 MB）")


def test_too_many_rows(tmp_path: Path, settings: Settings) -> None:
    """A sheet over max_rows_per_sheet is FILE_TOO_MANY_ROWS, for workbooks and csv alike."""
    rows = [["指标名称", "1-本月累计"], *[["原煤产量", i] for i in range(30)]]
    limited = settings.model_copy(update={"max_rows_per_sheet": 20})
    assert rejected(write_xlsx(tmp_path / "r.xlsx", {"S": rows}), limited)[0] is Code.FILE_TOO_MANY_ROWS
    assert rejected(write_csv(tmp_path / "r.csv", rows), limited)[0] is Code.FILE_TOO_MANY_ROWS


def test_html_disguised_as_xls(tmp_path: Path, settings: Settings) -> None:
    """A web page with no table saved as .xls is FILE_UNSUPPORTED_TYPE with advice to save as xlsx
    (pages with tables are read: tests/test_html_tables.py)."""
    path = tmp_path / "export.xls"
    path.write_text("<html><body><p>系统导出失败，请重试</p></body></html>", encoding="utf-8")
    code, message = rejected(path, settings)
    assert code is Code.FILE_UNSUPPORTED_TYPE
    assert "网页" in message


@pytest.mark.parametrize(("name", "content"), [("scan.pdf", b"%PDF-1.4\n"), ("notes.docx", None)])
def test_unsupported_types(tmp_path: Path, settings: Settings, name: str, content: bytes | None) -> None:
    """A PDF or a Word document is FILE_UNSUPPORTED_TYPE."""
    path = tmp_path / name
    if content is None:
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("[Content_Types].xml", "<Types/>")
            zf.writestr("word/document.xml", "<w:document/>")
    else:
        path.write_bytes(content)
    assert rejected(path, settings)[0] is Code.FILE_UNSUPPORTED_TYPE


def test_period_from_text_none() -> None:
    """Text without a year and month gives no period."""
    assert [period_from_text(t) for t in ("能源生产情况", "第6期", "2024年")] == [None, None, None]


def test_cell_merged_down_a_column_fills_its_rows(tmp_path: Path, settings: Settings) -> None:
    """A county merged down over several indicator rows is given to each of them; a note merged across is not spread."""
    path = write_xlsx(
        tmp_path / "v.xlsx",
        {
            "S": [
                ["区县", "指标名称", "1-本月累计"],
                ["七星关区", "原煤产量", 100],
                [None, "发电量", 20],
                ["大方县", "原煤产量", 50],
                ["注：快报数", None, None],
            ]
        },
        merges={"S": ["A2:A3", "A5:C5"]},
    )
    read = read_file(path, settings)
    assert records(read) == [
        {"row": 2, "indicator_name": "原煤产量", "county": "七星关区", "value_ytd": 100.0},
        {"row": 3, "indicator_name": "发电量", "county": "七星关区", "value_ytd": 20.0},
        {"row": 4, "indicator_name": "原煤产量", "county": "大方县", "value_ytd": 50.0},
    ]
    assert [(w.cell, w.value) for w in read.sheets[0].warnings] == [("A5", "注：快报数")]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", "\t"), ("gb18030", ","), ("utf-16", "\t")],
    ids=["utf8-tab", "gbk-comma", "utf16-tab"],
)
def test_text_named_xls_is_read_as_csv(
    tmp_path: Path, settings: Settings, encoding: str, delimiter: str
) -> None:
    """A web system's "导出Excel" — tab- or comma-separated text (UTF-8, GB18030, Excel's UTF-16 Unicode text)
    saved as .xls — is read like the csv it is, not refused as a corrupt workbook."""
    path = write_csv(tmp_path / "export.xls", [["指标名称", "计量单位", "1-本月累计"], ["原煤产量", "万吨", "3550.2"]],
                     encoding=encoding, delimiter=delimiter)  # fmt: skip
    rows = read_file(path, settings).sheets[0].rows
    assert rows[["indicator_name", "value_ytd"]].values.tolist() == [["原煤产量", "3550.2"]]


def test_binary_junk_named_xls_stays_unreadable(tmp_path: Path, settings: Settings) -> None:
    """Bytes that are neither a workbook nor text (control characters) named .xls are FILE_UNREADABLE."""
    path = tmp_path / "junk.xls"
    path.write_bytes(bytes(range(1, 32)) * 40)
    assert rejected(path, settings)[0] is Code.FILE_UNREADABLE
