"""Write the unseen-cells battery (issue #14, round 2): real files the reader had never seen.

Each file is one way a department's tool writes a cell that a careless reader gets wrong: number
formats (custom percents, units inside the format, red negatives, accounting, scientific), text
numbers (full-width, Unicode minus, apostrophes, NBSP, zero-width spaces, footnote marks, decimal
commas), dates and periods, formulas (cached values, errors, no cached value), missing markers,
merged value cells, hidden rows and columns, comments and rich text, and units in cells, columns
and formats. What a careful person reads from each is written by hand in tests/test_cells_unseen.py.

Writers: ``openpyxl``, ``xlsxwriter``, ``xlwt`` and csv (GBK as WPS saves it, UTF-8 with a BOM as
Excel saves it) write directly; ``libreoffice`` files are first written by openpyxl and then
opened and saved by Debian's headless LibreOffice (``soffice --convert-to``), so the committed
file is LibreOffice's own xlsx or "MS Excel 97" xls (formulas computed, styles rewritten).

The files are committed: the tests need no LibreOffice. Regenerate with
``.venv/bin/python tests/cells_unseen/generate.py [STEM ...]`` (LibreOffice only for those).
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bijie_etl.ingest.template import HEADER as TEMPLATE_HEADER

HERE = Path(__file__).resolve().parent

#: The fill-in template's columns (A … I).
#: The template's columns without 指标代码 and 备注.
HEADER = [label for label, _field in TEMPLATE_HEADER[1:-1]]
COL = {"value_month": "E", "value_ytd": "F", "value_ytd_prior": "G", "growth_pct": "H", "value": "I"}


@dataclass
class Rich:
    """A rich-text cell: runs of (text, superscript?)."""

    runs: list[tuple[str, bool]]


@dataclass
class Case:
    stem: str
    writer: str  # openpyxl | xlsxwriter | xlwt | libreoffice | csv
    ext: str  # xlsx | xls | csv
    rows: list[list[Any]]
    what: str
    formats: dict[str, str] = field(default_factory=dict)  # "F2" → number format code
    merges: list[str] = field(default_factory=list)
    hidden_rows: list[int] = field(default_factory=list)  # 1-based
    hidden_cols: list[str] = field(default_factory=list)  # letters
    heights: dict[int, float] = field(default_factory=dict)  # 1-based row → height in points
    widths: dict[str, float] = field(default_factory=dict)  # column letter → width in characters
    #: "A3" or "A3:I3" → (font colour, fill colour), "RRGGBB" or None (automatic / no fill).
    colours: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    encoding: str = "utf-8-sig"  # csv only
    date1904: bool = False  # the workbook's date system (Excel for Mac's 1904 system)
    sheet: str = "数据"

    @property
    def file_name(self) -> str:
        return f"{self.stem}.{self.ext}"


def t(name: str, unit: str | None, county: str = "全市", period: Any = "2024-06", **values: Any) -> list[Any]:
    """A template row: 指标名称 | 计量单位 | 统计期 | 区县 | 本月 | 1-本月累计 | 上年同期累计 | 增长 | 本期值."""
    return [name, unit, period, county, *(values.get(f) for f in COL)]


def _pct_rows() -> list[list[Any]]:
    return [
        HEADER,
        t("数字经济占比", "%", value=0.353),
        t("战略性新兴产业占比", "%", value=0.1052),
        t("地区生产总值增速", "%", growth_pct=0.058),
        t("规上工业增加值增速", "%", growth_pct=-0.021),
        t("县级以上城市环境空气质量优良率", "%", value=97.29999999999),
    ]


_PCT_FORMATS = {"I2": "0.0%", "I3": "0.00%;[Red]-0.00%", "H4": "0.0%", "H5": "0.00%;[Red]-0.00%"}

_UNIT_FORMAT_ROWS: list[list[Any]] = [
    ["2024年1-6月 重点指标完成情况"],
    ["指标名称", "统计期", "1-本月累计"],
    ["基础设施投资", "2024-06", 350000],
    ["发电量", "2024-06", 2850000],
    ["煤炭产量", "2024-06", 3150.2],
    ["电煤供应量", "2024-06", 2100.5],
    ["新建5G基站", "2024-06", 1200],
    ["城镇新增就业", "2024-06", 61200],
]
_UNIT_FORMATS = {
    "C3": '#,##0"万元"',
    "C4": '#,##0"万千瓦时"',
    "C5": '0.0"万吨"',
    "C6": '0.0"万辆"',
    "C7": '0"个"',
    "C8": '#,##0"人"',
}

_PERIOD_ROWS: list[list[Any]] = [
    HEADER,
    t("煤炭产量", "万吨", period=date(2024, 6, 1), value_ytd=3150.2),
    t("发电量", "亿千瓦时", period="2024.6", value_ytd=285.3),
    t("电煤供应量", "万吨", period="2024/06", value_ytd=2100.5),
    t("煤层气产量", "万立方米", period="二〇二四年六月", value_ytd=1250.0),
    t("新增新能源装机规模", "万千瓦", period=date(2024, 6, 1), value_ytd=25.5),
]
_PERIOD_FORMATS = {"C2": 'yyyy"年"m"月"', "C6": 'm"月"'}

_FORMULA_ROWS: list[list[Any]] = [
    HEADER,
    t("煤炭产量", "万吨", county="七星关区", value_ytd=1000.5),
    t("煤炭产量", "万吨", county="大方县", value_ytd=800.25),
    t("煤炭产量", "万吨", county="全市", value_ytd="=SUM(F2:F3)"),
    t("发电量", "亿千瓦时", value_ytd="=1/0"),
    t("电煤供应量", "万吨", value_ytd="=NA()"),
    t("煤层气产量", "万立方米", value_ytd="=ROUND(1250.44,1)"),
]

#: Periods as date cells in a 1904-date-system workbook: the serial of 2024-06-01 there is 43982,
#: which the 1900 system shows as 2020-05-31 (1,462 days earlier).
_PERIODS_1904: list[list[Any]] = [
    HEADER,
    t("煤炭产量", "万吨", period=date(2024, 6, 1), value_ytd=3150.2),
    t("发电量", "亿千瓦时", period=date(2024, 6, 30), value_ytd=285.3),
    t("电煤供应量", "万吨", period=date(2024, 6, 1), value_ytd=2100.5),
    t("煤层气产量", "万立方米", period=date(2024, 5, 31), value_ytd=1050.0),
]
_PERIODS_1904_FORMATS = {"C2": 'yyyy"年"m"月"', "C3": "yyyy-mm-dd", "C4": 'm"月"', "C5": "yyyy/m/d"}

#: Rows 3 (七星关区 999), column G (上年同期累计), E5 and (LibreOffice) H4 are made unseeable.
_UNSEEN_ROWS: list[list[Any]] = [
    HEADER,
    t("煤炭产量", "万吨", value_ytd=3150.2, value_ytd_prior=2900.1, growth_pct=8.6),
    t("煤炭产量", "万吨", county="七星关区", value_ytd=999.0, value_ytd_prior=900.0),
    t("发电量", "亿千瓦时", value_ytd=285.3, value_ytd_prior=270.0, growth_pct=5.7),
    t("电煤供应量", "万吨", value_month=350.0, value_ytd=2100.5),
]

CASES: list[Case] = [
    Case(
        "c01_lo_percent_formats",
        "libreoffice",
        "xlsx",
        _pct_rows(),
        "custom percent formats, LibreOffice xlsx",
        formats=_PCT_FORMATS,
    ),
    Case(
        "c02_lo_percent_formats",
        "libreoffice",
        "xls",
        _pct_rows(),
        "custom percent formats, LibreOffice xls",
        formats=_PCT_FORMATS,
    ),
    Case(
        "c03_text_numbers",
        "openpyxl",
        "xlsx",
        [
            HEADER,
            t("数字经济占比", "%", value="35.3%"),
            t("地区生产总值增速", "%", growth_pct="'5.8"),
            t("社会消费品零售总额增速", "%", growth_pct="－２.１"),
            t("一般公共预算收入增速", "%", growth_pct="−1.5"),
            t("规上工业增加值增速", "%", growth_pct="(2.1)"),
            t("固定资产投资增速", "%", growth_pct="\u00a06.3\u3000"),
            t("网络零售额增速", "%", growth_pct="\u200b10.2"),
            t("旅游及相关产业增加值增速", "%", growth_pct="9.8①"),
            t("第一产业增加值增速", "%", growth_pct="4.1¹"),
            t("第二产业增加值增速", "%", growth_pct="7.6*"),
            t("煤炭产量", "万吨", value_ytd="3,150.2"),
            t("发电量", "亿千瓦时", value_ytd="1 234,5"),
            t("电煤供应量", "万吨", value_ytd="2100,5"),
            t("煤层气产量", "万立方米", value_ytd="1.25E+03"),
            t("常住人口城镇化率", "%", value="46.8%"),
            t("优质烟酒产业产值", "亿元", value_ytd="45.3%"),
            t("第三产业增加值增速", "%", growth_pct="提高0.5个百分点"),
        ],
        "text numbers: %, apostrophe, full-width, Unicode minus, parentheses, NBSP, zero-width, footnotes, separators",
    ),
    Case(
        "c04_xlsxwriter_negative_accounting",
        "xlsxwriter",
        "xlsx",
        [
            HEADER,
            t("地区生产总值增速", "%", growth_pct=-3.4),
            t("社会消费品零售总额增速", "%", growth_pct=-2.0),
            t("煤炭产量", "万吨", value_ytd=3150.2),
            t("发电量", "亿千瓦时", value_ytd=285.3),
            t("煤层气产量", "万立方米", value_ytd=0),
        ],
        "red negatives shown without a minus, accounting, scientific; a real zero shown as a dash",
        formats={
            "H2": "0.0;[Red]0.0",
            "H3": "0.0_);[Red](0.0)",
            "F4": "0.00E+00",
            "F5": '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ ',
            "F6": '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ ',
        },
    ),
    Case(
        "c05_lo_unit_formats",
        "libreoffice",
        "xlsx",
        _UNIT_FORMAT_ROWS,
        "units shown by the number format, no unit column",
        formats=_UNIT_FORMATS,
    ),
    Case(
        "c06_lo_unit_formats",
        "libreoffice",
        "xls",
        _UNIT_FORMAT_ROWS,
        "units shown by the number format, LibreOffice xls",
        formats=_UNIT_FORMATS,
    ),
    Case(
        "c07_unit_format_conflict",
        "openpyxl",
        "xlsx",
        [HEADER, t("基础设施投资", "亿元", value_ytd=350000), t("煤炭产量", "万吨", value_ytd=3150.2)],
        "a format's unit against the unit column",
        formats={"F2": '#,##0"万元"', "F3": '0.0"万吨"'},
    ),
    Case(
        "c08_lo_periods",
        "libreoffice",
        "xlsx",
        _PERIOD_ROWS,
        "periods as dates, 2024.6, 2024/06, 二〇二四年六月, a serial shown as 6月",
        formats=_PERIOD_FORMATS,
    ),
    Case(
        "c29_lo_periods",
        "libreoffice",
        "xls",
        _PERIOD_ROWS,
        "periods as dates and texts, LibreOffice xls",
        formats=_PERIOD_FORMATS,
    ),
    Case(
        "c09_lo_date_formatted_value",
        "libreoffice",
        "xls",
        [HEADER, t("煤炭产量", "万吨", value_ytd=3150), t("发电量", "亿千瓦时", value_ytd=285.3)],
        "a value cell formatted as a date (shows 1908-08-15) must never load as a number",
        formats={"F2": "yyyy-mm-dd"},
    ),
    Case(
        "c10_xlwt_date_formatted_value",
        "xlwt",
        "xls",
        [HEADER, t("煤炭产量", "万吨", value_ytd=3150), t("发电量", "亿千瓦时", value_ytd=285.3)],
        "a value cell with a custom Chinese date format in an xlwt .xls",
        formats={"F2": 'yyyy"年"m"月"d"日"'},
    ),
    Case(
        "c11_lo_formulas", "libreoffice", "xlsx", _FORMULA_ROWS, "formulas with cached values, #DIV/0!, #N/A"
    ),
    Case(
        "c12_lo_formulas",
        "libreoffice",
        "xls",
        _FORMULA_ROWS,
        "formulas with cached values, #DIV/0!, #N/A (xls)",
    ),
    Case(
        "c13_openpyxl_formula_no_cache",
        "openpyxl",
        "xlsx",
        [HEADER, t("煤炭产量", "万吨", value_ytd="=1000.5+800.25"), t("发电量", "亿千瓦时", value_ytd=285.3)],
        "openpyxl writes formulas without a cached value",
    ),
    Case(
        "c14_excel_csv_missing_markers",
        "csv",
        "csv",
        [
            HEADER,
            t("煤炭产量", "万吨", value_ytd="—"),
            t("发电量", "亿千瓦时", value_ytd="-"),
            t("电煤供应量", "万吨", value_ytd="/"),
            t("煤层气产量", "万立方米", value_ytd="／"),
            t("优质烟酒产业产值", "亿元", value_ytd="无"),
            t("劳动密集型产业产值", "亿元", value_ytd="未统计"),
            t("现代物流业增加值", "亿元", value_ytd="暂无"),
            t("天麻产业综合产值", "亿元", value_ytd="…"),
            t("新增储备项目", "个", value_month=0, value_ytd=0),
            t("新增储备项目总投资", "亿元", value_ytd="#DIV/0!"),
        ],
        "no-value markers (a clear value_missing, never 0), a literal 0 that is a real zero, #DIV/0! exported as text",
    ),
    Case(
        "c15_merged_value_down",
        "openpyxl",
        "xlsx",
        [
            ["指标名称", "计量单位", "统计期", "区县", "1-本月累计"],
            ["煤炭产量", "万吨", "2024-06", "七星关区", 300],
            ["煤炭产量", "万吨", "2024-06", "大方县", None],
            ["煤炭产量", "万吨", "2024-06", "黔西市", 200],
        ],
        "one value merged down over two counties",
        merges=["E2:E3"],
    ),
    Case(
        "c16_merged_value_counties",
        "xlsxwriter",
        "xlsx",
        [
            ["2024年1-6月 煤炭产量（万吨）"],
            ["指标名称", "全市", "七星关区", "大方县", "黔西市", "金沙县"],
            ["煤炭产量", 1750.0, 300.0, 600.0, None, 500.0],
        ],
        "one value merged across two county columns",
        merges=["D3:E3"],
    ),
    Case(
        "c17_lo_merged_value_months",
        "libreoffice",
        "xlsx",
        [
            ["2024年 煤炭产量（万吨）"],
            ["指标名称", "1月", "2月", "3月", "4月", "5月", "6月"],
            ["煤炭产量", 600.0, 610.0, 620.0, 1300.0, None, 640.0],
        ],
        "one value merged across two month columns",
        merges=["E3:F3"],
    ),
    Case(
        "c18_lo_hidden_rows_columns",
        "libreoffice",
        "xlsx",
        [
            HEADER,
            t("煤炭产量", "万吨", value_ytd=3150.2, value_ytd_prior=2900.1, growth_pct=8.6),
            t(
                "煤炭产量",
                "万吨",
                period="2024-05",
                value_ytd=2650.0,
                value_ytd_prior=2400.0,
                growth_pct=10.4,
            ),
            t("发电量", "亿千瓦时", value_ytd=285.3, value_ytd_prior=270.0, growth_pct=5.7),
        ],
        "a hidden row (last month's figures left in) and a hidden column (上年同期累计)",
        hidden_rows=[3],
        hidden_cols=["G"],
    ),
    Case(
        "c19_xlwt_hidden",
        "xlwt",
        "xls",
        [
            HEADER,
            t("煤炭产量", "万吨", value_ytd=3150.2),
            t("煤炭产量", "万吨", county="七星关区", value_ytd=9999.0),
        ],
        "a hidden row in an xlwt .xls",
        hidden_rows=[3],
    ),
    Case(
        "c20_comment_and_rich_text",
        "openpyxl",
        "xlsx",
        [
            HEADER,
            t("煤炭产量", "万吨", value_ytd=None),
            t("地区生产总值增速", "%", growth_pct=Rich([("5.8", False), ("1", True)])),
            t("发电量", "亿千瓦时", value_ytd=Rich([("285.3", False)])),
        ],
        "a value only in a comment (not read); rich text with a superscript footnote",
        comments={"F2": "1-6月累计3150.2万吨"},
    ),
    Case(
        "c24_lo_rich_text",
        "libreoffice",
        "xlsx",
        [
            HEADER,
            t("地区生产总值增速", "%", growth_pct=Rich([("5.8", False), ("1", True)])),
            t("常住人口城镇化率", "%", value=Rich([("46.8", False), ("※", True)])),
        ],
        "rich text with a superscript footnote digit, through LibreOffice's shared strings",
    ),
    Case(
        "c25_lo_rich_text",
        "libreoffice",
        "xls",
        [
            HEADER,
            t("地区生产总值增速", "%", growth_pct=Rich([("5.8", False), ("1", True)])),
            t("常住人口城镇化率", "%", value=Rich([("46.8", False), ("※", True)])),
        ],
        "rich text with a superscript footnote digit in a LibreOffice xls",
    ),
    Case(
        "c26_lo_wide_formula_errors",
        "libreoffice",
        "xlsx",
        [
            ["2024年1-6月 煤炭产量（万吨）"],
            ["指标名称", "全市", "七星关区", "大方县", "黔西市", "金沙县"],
            ["煤炭产量", 1750.0, 300.0, "=NA()", "=1/0", 500.0],
        ],
        "formula errors in county columns: refused, not taken for 'no value here'",
    ),
    Case(
        "c27_scaling_formats",
        "openpyxl",
        "xlsx",
        [
            HEADER,
            t("基础设施投资", "万元", value_ytd=350000),
            t("房地产投资", "万元", value_ytd=650000),
            t("新增产业到位资金", "万元", value_ytd=4100000),
            t("煤炭产量", "万吨", value_ytd=3150.2),
            t("新增储备项目总投资", "亿元", value_ytd=280.0),
        ],
        'formats that show another number than they store: 0!.0000"亿元" (35.0000亿元), #,##0, (650), 0.0,,"百万", ;;; (shows nothing)',
        formats={"F2": '0!.0000"亿元"', "F3": "#,##0,", "F4": '0.0,,"百万"', "F5": "#,##0.0", "F6": ";;;"},
    ),
    Case(
        "c28_excel_csv_text_forms",
        "csv",
        "csv",
        [
            HEADER,
            t("地区生产总值增速", "%", growth_pct='="5.8"'),
            t("过夜游客人均花费", "元", value="¥1,498"),
            t("基础设施投资", None, value_ytd="￥3.5亿"),
        ],
        '="5.8" (Excel keeping a csv cell as text) and ¥ amounts',
    ),
    Case(
        "c30_wps_csv_growth_words",
        "csv",
        "csv",
        [
            HEADER,
            t("地区生产总值增速", "%", growth_pct="增长-2.1%"),
            t("规上工业增加值增速", "%", growth_pct="下降-2.1%"),
            t("社会消费品零售总额增速", "%", growth_pct="同比下降3.2%"),
            t("固定资产投资增速", "%", growth_pct="持平"),
            t("网络零售额增速", "%", growth_pct="增长12.5%"),
        ],
        "growth in words with a signed number: 增长-2.1% is −2.1; 下降-2.1% is asked about, not guessed",
        encoding="gbk",
    ),
    Case(
        "c31_lo_unit_line_unknown",
        "libreoffice",
        "xlsx",
        [
            ["2024年1-6月 电煤供应情况"],
            ["单位：万车", None, "填报单位：市能源局"],
            ["指标名称", "统计期", "1-本月累计"],
            ["电煤供应量", "2024-06", 2100.5],
        ],
        "a 单位： line naming a unit nobody knows: refused, never taken as the catalog's 万吨",
    ),
    Case(
        "c32_unit_line_organisation",
        "xlsxwriter",
        "xlsx",
        [
            ["2024年1-6月 能源指标"],
            ["单位：毕节市能源局"],
            ["指标名称", "计量单位", "统计期", "1-本月累计"],
            ["电煤供应量", "万吨", "2024-06", 2100.5],
            ["发电量", "亿千瓦时", "2024-06", 285.3],
        ],
        "单位：毕节市能源局 names the organisation (单位 also means work unit), not a unit",
    ),
    Case(
        "c33_xlsxwriter_zero_size_white_font",
        "xlsxwriter",
        "xlsx",
        _UNSEEN_ROWS,
        "a row 0 high, a column 0 wide and a white-on-white cell (none shows); a white header on dark blue shows",
        heights={3: 0},
        widths={"G": 0},
        colours={"A1:I1": ("FFFFFF", "1F4E79"), "E5": ("FFFFFF", None)},
    ),
    Case(
        "c34_lo_unseen_cells",
        "libreoffice",
        "xlsx",
        _UNSEEN_ROWS,
        "LibreOffice: a column half a character wide, white on white, yellow on yellow; a white header on dark blue shows",
        widths={"G": 0.5},
        colours={"A1:I1": ("FFFFFF", "1F4E79"), "E5": ("FFFFFF", "FFFFFF"), "H4": ("FFFF00", "FFFF00")},
    ),
    Case(
        "c35_lo_unseen_cells",
        "libreoffice",
        "xls",
        _UNSEEN_ROWS,
        "the same, saved by LibreOffice as MS Excel 97",
        widths={"G": 0.5},
        colours={"A1:I1": ("FFFFFF", "1F4E79"), "E5": ("FFFFFF", "FFFFFF"), "H4": ("FFFF00", "FFFF00")},
    ),
    Case(
        "c36_xlwt_zero_size_white_font",
        "xlwt",
        "xls",
        _UNSEEN_ROWS,
        "xlwt: a row 0 high, a column 0 wide, white font with no fill; a white header on dark blue shows",
        heights={3: 0},
        widths={"G": 0},
        colours={"A1:I1": ("FFFFFF", "1F4E79"), "E5": ("FFFFFF", None)},
    ),
    Case(
        "c37_openpyxl_theme_white_font",
        "openpyxl",
        "xlsx",
        _UNSEEN_ROWS,
        "theme colour 0 (Excel's and WPS's 'White, Background 1') is white: E5 unseen; with a dark tint (grey) H4 shows",
        colours={"E5": ("theme:0", None), "H4": ("theme:0:-0.35", None)},
    ),
    Case(
        "c38_xlsxwriter_1904_dates",
        "xlsxwriter",
        "xlsx",
        _PERIODS_1904,
        "xlsxwriter with date_1904: periods as date cells",
        formats=_PERIODS_1904_FORMATS,
        date1904=True,
    ),
    Case(
        "c39_openpyxl_1904_dates",
        "openpyxl",
        "xlsx",
        _PERIODS_1904,
        "openpyxl with the Mac 1904 epoch: periods as date cells",
        formats=_PERIODS_1904_FORMATS,
        date1904=True,
    ),
    Case(
        "c40_xlwt_1904_dates",
        "xlwt",
        "xls",
        _PERIODS_1904,
        "xlwt with dates_1904 (DATEMODE 1): periods as date cells",
        formats=_PERIODS_1904_FORMATS,
        date1904=True,
    ),
    Case(
        "c41_lo_1904_dates",
        "libreoffice",
        "xlsx",
        _PERIODS_1904,
        "a 1904 workbook saved by LibreOffice (xlsx)",
        formats=_PERIODS_1904_FORMATS,
        date1904=True,
    ),
    Case(
        "c42_lo_1904_dates",
        "libreoffice",
        "xls",
        _PERIODS_1904,
        "a 1904 workbook saved by LibreOffice (MS Excel 97)",
        formats=_PERIODS_1904_FORMATS,
        date1904=True,
    ),
    Case(
        "c43_lo_star_estimates_noted",
        "libreoffice",
        "xlsx",
        [
            ["毕节市2024年1-6月主要经济指标"],
            ["指标名称", "计量单位", "1-本月累计", "累计同比增长(%)"],
            ["地区生产总值", "亿元", 1123.4, "5.8*"],
            ["规上工业增加值增速*", "%", None, 7.6],
            ["社会消费品零售总额", "亿元", 402.5, 6.1],
            ["注：带*的为预计数，其余为快报数。"],
        ],
        "a yearbook marks estimates with * and says so under the table: the starred figure and the starred row are estimates",
    ),
    Case(
        "c44_xlwt_triangle_estimates_in_title",
        "xlwt",
        "xls",
        [
            ["2024年1-6月能源生产情况（带△的为预估数）"],
            ["指标名称", "计量单位", "1-本月累计"],
            ["煤炭产量", "万吨", "3150.2△"],
            ["发电量", "亿千瓦时", 285.3],
        ],
        "△ defined as 预估数 in the title line: the marked figure is an estimate",
    ),
    Case(
        "c45_excel_csv_star_flash_figures",
        "csv",
        "csv",
        [
            ["指标名称", "计量单位", "统计期", "1-本月累计"],
            ["煤炭产量", "万吨", "2024-06", "3150.2*"],
            ["发电量", "亿千瓦时", "2024-06", "285.3*"],
            ["注：*为快报数。"],
        ],
        "* explained as 快报数 (a flash figure is a figure): read, no question asked",
    ),
    Case(
        "c21_wps_csv_gbk_unit_column",
        "csv",
        "csv",
        [
            HEADER,
            t("城镇新增就业", "人", value_ytd=61200),
            t("发电量", "万千瓦时", value_ytd=2853000),
            t("新建和改造提升高标准农田", "公顷", value_ytd=8000),
            t("新建农村道路错车道、停车场", "平方米", value_ytd=120000),
            t("煤炭产量", "万吨标准煤", value_ytd=3150),
            t("新建5G基站", "万座", value_ytd=0.12),
            t("数字经济占比", "百分点", value=35.3),
            t("A级物流企业", "家", value_ytd=6),
        ],
        "units in the unit column converted through the registry; unknown or other-dimension units refused",
        encoding="gbk",
    ),
    Case(
        "c22_excel_csv_units_in_cells",
        "csv",
        "csv",
        [
            HEADER,
            t("城镇新增就业", None, value_ytd="61200人"),
            t("新建和改造提升高标准农田", None, value_ytd="1.2万公顷"),
            t("民间投资占比", None, value="523‰"),
            t("新建农村道路错车道、停车场", None, value_ytd="12万平方米"),
            t("发电量", None, value_ytd="2853000万千瓦时"),
            t("基础设施投资", None, value_ytd="3.5亿元"),
            t("煤炭产量", None, value_ytd="3150万吨标准煤"),
            t("新建5G基站", None, value_ytd="12.6万辆"),
            t("城镇新增就业", "万人", county="七星关区", value_ytd="3.2万人次"),
        ],
        "units typed in cells (no unit column): converted, or refused when unknown or of another dimension",
    ),
    Case(
        "c23_header_unit_yi_in_wan",
        "xlsxwriter",
        "xlsx",
        [
            ["指标名称", "统计期", "1-本月累计（万元）"],
            ["基础设施投资", "2024-06", "3.5亿元"],
            ["房地产投资", "2024-06", 650000],
        ],
        "亿元 typed in a 万元 column",
    ),
]


# --------------------------------------------------------------------------------------------
# Writers


def _cells(ref: str) -> tuple[int, int, int, int]:
    """ "A3" or "A3:I3" → 0-based (first row, first col, last row, last col)."""
    import re

    parts = [re.fullmatch(r"([A-Z])(\d+)", p) for p in ref.split(":")]
    (c0, r0), (c1, r1) = [(ord(m[1]) - 65, int(m[2]) - 1) for m in (parts[0], parts[-1])]  # type: ignore[index]
    return r0, c0, r1, c1


def _cell_value(value: Any) -> Any:
    return "".join(text for text, _ in value.runs) if isinstance(value, Rich) else value


def write_openpyxl(case: Case, path: Path) -> None:
    import openpyxl
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.comments import Comment

    wb = openpyxl.Workbook()
    if case.date1904:
        from openpyxl.utils.datetime import CALENDAR_MAC_1904

        wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    assert ws is not None
    ws.title = case.sheet
    for r, row in enumerate(case.rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=c)
            if isinstance(value, Rich):
                cell.value = CellRichText(
                    *[
                        TextBlock(InlineFont(vertAlign="superscript"), text) if sup else text
                        for text, sup in value.runs
                    ]
                )
            else:
                cell.value = value
    for ref, code in case.formats.items():
        ws[ref].number_format = code
    for ref in case.merges:
        ws.merge_cells(ref)
    for r in case.hidden_rows:
        ws.row_dimensions[r].hidden = True
    for letter in case.hidden_cols:
        ws.column_dimensions[letter].hidden = True
    for r, height in case.heights.items():
        ws.row_dimensions[r].height = height
    for letter, width in case.widths.items():
        ws.column_dimensions[letter].width = width
    for ref, (font, fill) in case.colours.items():
        from openpyxl.styles import Font, PatternFill
        from openpyxl.styles.colors import Color

        for row in ws[ref] if ":" in ref else [[ws[ref]]]:
            for cell in row:
                if font and font.startswith("theme:"):  # "theme:0" (Background 1), "theme:0:-0.35"
                    _, theme, *tint = font.split(":")
                    cell.font = Font(color=Color(theme=int(theme), tint=float(tint[0]) if tint else 0.0))
                elif font:
                    cell.font = Font(color="FF" + font)
                if fill:
                    cell.fill = PatternFill("solid", fgColor="FF" + fill)
    for ref, text in case.comments.items():
        ws[ref].comment = Comment(text, "填报人")
    wb.properties.created = datetime(2024, 7, 8, 9, 0, 0)
    wb.properties.modified = datetime(2024, 7, 8, 9, 0, 0)
    wb.save(path)


def write_xlsxwriter(case: Case, path: Path) -> None:
    import xlsxwriter
    from xlsxwriter.utility import xl_cell_to_rowcol, xl_range

    wb = xlsxwriter.Workbook(
        str(path), {"strings_to_numbers": False, "strings_to_formulas": False, "date_1904": case.date1904}
    )
    wb.set_properties({"created": datetime(2024, 7, 8, 9, 0, 0)})
    ws = wb.add_worksheet(case.sheet)
    formats = {ref: wb.add_format({"num_format": code}) for ref, code in case.formats.items()}
    for ref, (font, fill) in case.colours.items():
        props = {
            **({"font_color": "#" + font} if font else {}),
            **({"bg_color": "#" + fill, "pattern": 1} if fill else {}),
        }
        r0, c0, r1, c1 = _cells(ref)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                formats[xl_range(r, c, r, c)] = wb.add_format(props)
    merged_first = {}
    for ref in case.merges:
        first = ref.split(":")[0]
        merged_first[xl_cell_to_rowcol(first)] = ref
    for r, row in enumerate(case.rows):
        for c, value in enumerate(row):
            ref = xl_range(r, c, r, c)
            if (r, c) in merged_first:
                ws.merge_range(merged_first[(r, c)], _cell_value(value), formats.get(ref))
                continue
            if value is None:
                continue
            ws.write(r, c, _cell_value(value), formats.get(ref))
    for r in case.hidden_rows:
        ws.set_row(r - 1, None, None, {"hidden": True})
    for r, height in case.heights.items():
        ws.set_row(r - 1, height)
    for letter, width in case.widths.items():
        ws.set_column(f"{letter}:{letter}", width)
    wb.close()


def write_xlwt(case: Case, path: Path) -> None:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    wb.dates_1904 = case.date1904
    ws = wb.add_sheet(case.sheet)
    styles = {ref: xlwt.easyxf(num_format_str=code) for ref, code in case.formats.items()}
    names = {"FFFFFF": "white", "000000": "black", "1F4E79": "dark_blue", "FFFF00": "yellow"}
    for ref, (font, fill) in case.colours.items():
        spec = (f"font: colour {names[font]};" if font else "") + (
            f"pattern: pattern solid, fore_colour {names[fill]};" if fill else ""
        )
        r0, c0, r1, c1 = _cells(ref)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                styles[f"{chr(65 + c)}{r + 1}"] = xlwt.easyxf(spec)
    for r, row in enumerate(case.rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            ref = f"{chr(65 + c)}{r + 1}"
            if ref in styles:
                ws.write(r, c, _cell_value(value), styles[ref])
            else:
                ws.write(r, c, _cell_value(value))
    for r in case.hidden_rows:
        ws.row(r - 1).hidden = True
    for letter in case.hidden_cols:
        ws.col(ord(letter) - 65).hidden = True
    for r, height in case.heights.items():
        ws.row(r - 1).height_mismatch = True
        ws.row(r - 1).height = int(height * 20)
    for letter, width in case.widths.items():
        ws.col(ord(letter) - 65).width = int(width * 256)
    wb.save(str(path))


def write_csv(case: Case, path: Path) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in case.rows:
        writer.writerow(["" if v is None else v for v in row])
    path.write_bytes(out.getvalue().encode(case.encoding))


def write_libreoffice(cases: list[Case]) -> None:
    """openpyxl writes each case; LibreOffice opens and saves it as xlsx or MS Excel 97 xls."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("LibreOffice (soffice) is needed to regenerate the libreoffice files")
    filters = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "xls": "xls:MS Excel 97"}
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        for ext in ("xlsx", "xls"):
            group = [c for c in cases if c.ext == ext]
            if not group:
                continue
            src = tmpdir / f"src-{ext}"
            src.mkdir()
            for case in group:
                write_openpyxl(case, src / f"{case.stem}.xlsx")
            out = tmpdir / f"out-{ext}"
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation=file://{tmpdir}/profile",
                    "--headless",
                    "--convert-to",
                    filters[ext],
                    "--outdir",
                    str(out),
                    *[str(src / f"{c.stem}.xlsx") for c in group],
                ],
                check=True,
                capture_output=True,
                timeout=600,
            )
            for case in group:
                produced = out / case.file_name
                if not produced.exists():
                    raise SystemExit(f"soffice did not write {produced.name}")
                shutil.copyfile(produced, HERE / case.file_name)


WRITERS = {"openpyxl": write_openpyxl, "xlsxwriter": write_xlsxwriter, "xlwt": write_xlwt, "csv": write_csv}


def main(stems: list[str]) -> None:
    chosen = [c for c in CASES if not stems or c.stem in stems]
    write_libreoffice([c for c in chosen if c.writer == "libreoffice"]) if any(
        c.writer == "libreoffice" for c in chosen
    ) else None
    for case in chosen:
        if case.writer != "libreoffice":
            WRITERS[case.writer](case, HERE / case.file_name)
    print(f"wrote {len(chosen)} files")


if __name__ == "__main__":
    main(sys.argv[1:])
