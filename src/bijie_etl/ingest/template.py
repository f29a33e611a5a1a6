"""The fill-in template a department downloads, fills and sends back.

One xlsx per department and month: the ``数据`` sheet carries the canonical header, one 全市 row
per target of the department (code, name, unit and period prefilled, the column its kind is
measured by highlighted), drop-downs for 区县 and 计量单位, and a ``说明`` sheet in Chinese.
Read back by :func:`bijie_etl.reading.read_file` it yields exactly the prefilled rows.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import xlsxwriter

from bijie_etl.catalog import CITY, Catalog, Target
from bijie_etl.errors import UnknownDepartment
from bijie_etl.vocabulary import FIELD_LABELS_ZH, FIELDS

__all__ = ["DATA_SHEET", "HEADER", "HELP_SHEET", "UnknownDepartment", "units_like", "write_template"]

DATA_SHEET = "数据"
HELP_SHEET = "说明"
#: The canonical header, in order, with the field each column carries.
HEADER: tuple[tuple[str, str], ...] = tuple((FIELD_LABELS_ZH[f], f) for f in FIELDS)
_WIDTHS = (24, 30, 11, 11, 22, 11, 13, 14, 17, 11, 30)
_HEADER_ROW = 3  # 0-based row of the header; rows 0-1 hold the title and the 填报单位 line
_SPARE_ROWS = 200  # rows below the targets that still get drop-downs (county breakdowns)


def units_like(catalog: Catalog, unit: str) -> list[str]:
    """Every unit of the same dimension as ``unit`` (``万吨`` → 吨, 万吨, 亿吨), the target's own first."""
    own = catalog.units.get(unit)
    if own is None:
        return [unit]
    same = [
        n
        for n in catalog.units.names(offered_only=True)
        if (u := catalog.units.get(n)) is not None and u.dimension == own.dimension
    ]
    return [own.name, *(n for n in same if n != own.name)]


def _help_lines(dept_name: str, period: date) -> list[str]:
    return [
        f"{dept_name} {period.year}年{period.month}月 政府工作报告目标监测报表 填报说明",
        "",
        "1. 在“数据”工作表中填写，不要改动表头（第4行）、指标代码和指标名称。",
        "2. 每个指标只需填写一列数值，该列已用黄色标出：",
        "   · 增速类指标（单位为%，如“增长6%”）：填“累计同比增长(%)”，例如 7.5 表示增长7.5%。",
        "   · 累计量和数量类指标（如产量、投资额、新增户数）：填“1-本月累计”，即当年1月至本月的累计数。",
        "   · 比重和水平类指标（如占比、达标率、平均水平）：填“本期值”，即本月末的数值。",
        "   “本月”“上年同期累计”有数据时也请填写，用于核对；没有可留空。",
        "3. 数值请直接填写数字，不要带单位、逗号或百分号；没有数据时留空，不要填0。",
        "4. 计量单位如与预填不同，可从下拉列表中选择同类单位（如吨、万吨），系统会自动换算。",
        f"5. “区县”默认为{CITY}；如需报送分区县数据，可在下方空行中复制指标行，并从下拉列表中选择区县。",
        "6. 备注列可填写口径说明或数据异常原因。表格下方不要再添加其他内容。",
        "7. 报送文件请保持 .xlsx 格式，不要设置打开密码。",
    ]


def write_template(catalog: Catalog, department: str, period: date, path: Path) -> Path:
    """Write the fill-in xlsx for ``department`` (code, name or alias) and the month of ``period``.

    Raises :class:`UnknownDepartment` if the catalog does not know the department.
    """
    dept = catalog.department(department)
    if dept is None:
        raise UnknownDepartment(f"unknown department {department!r} (see sources/departments.yaml)")
    period = period.replace(day=1)
    targets: list[Target] = catalog.targets_of(dept.code)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)

    wb = xlsxwriter.Workbook(str(path))
    title_fmt = wb.add_format({"bold": True, "font_size": 14})
    head_fmt = wb.add_format(
        {
            "bold": True,
            "bg_color": "#DDEBF7",
            "border": 1,
            "text_wrap": True,
            "valign": "vcenter",
            "align": "center",
        }
    )
    text_fmt = wb.add_format({"border": 1})
    period_fmt = wb.add_format({"border": 1, "num_format": 'yyyy"年"m"月"'})
    fill_fmt = wb.add_format({"border": 1, "bg_color": "#FFF2CC"})
    value_fmt = wb.add_format({"border": 1})

    ws = wb.add_worksheet(DATA_SHEET)
    ws.write(
        0, 0, f"毕节市{period.year}年政府工作报告目标监测 {period.year}年{period.month}月 报表", title_fmt
    )
    ws.write(1, 0, f"填报单位：{dept.name_zh}")
    for j, ((label, _), width) in enumerate(zip(HEADER, _WIDTHS, strict=True)):
        ws.write(_HEADER_ROW, j, label, head_fmt)
        ws.set_column(j, j, width)
    fields = [f for _, f in HEADER]
    first = _HEADER_ROW + 1
    for i, t in enumerate(targets):
        r = first + i
        ws.write_string(r, 0, t.code, text_fmt)
        ws.write_string(r, 1, t.name_zh, text_fmt)
        ws.write_string(r, 2, t.unit, text_fmt)
        ws.write_datetime(r, 3, datetime(period.year, period.month, 1), period_fmt)
        ws.write_string(r, 4, CITY, text_fmt)
        for j in range(5, len(fields)):
            ws.write_blank(r, j, None, fill_fmt if fields[j] == t.value_field else value_fmt)
        ws.data_validation(
            r,
            2,
            r,
            2,
            {
                "validate": "list",
                "source": units_like(catalog, t.unit),
                "error_title": "计量单位",
                "error_message": "请从下拉列表中选择同类计量单位。",
            },
        )
    last = first + len(targets) + _SPARE_ROWS - 1
    counties = [c.name for c in catalog.counties]
    ws.data_validation(
        first,
        4,
        last,
        4,
        {
            "validate": "list",
            "source": counties,
            "error_title": "区县",
            "error_message": "请从下拉列表中选择区县。",
        },
    )
    ws.freeze_panes(first, 2)
    ws.set_row(_HEADER_ROW, 30)

    help_ws = wb.add_worksheet(HELP_SHEET)
    help_ws.set_column(0, 0, 110)
    for r, line in enumerate(_help_lines(dept.name_zh, period)):
        help_ws.write_string(r, 0, line, title_fmt if r == 0 else None)
    wb.close()
    return path
