"""Spreadsheet shapes and writers for the demo data generator (:mod:`bijie_etl.demo.generate`).

A *shape* lays a department-month's rows out as a :class:`Grid` (cells, merged ranges, and
where each field and data row landed); a *backend* writes a grid as xlsx (xlsxwriter), xls
(xlwt) or csv (GB18030 or UTF-8 with BOM). Keeping the two apart lets one shape be written in
every format and lets the generator know the exact Excel cell of every value it planted.

Shapes:
- ``template``: the canonical header on row 1 (see :data:`CANONICAL_HEADER`), numbers as numbers.
- ``report_merged``: what a bureau's own Excel sheet looks like: a merged title row
  ("毕节市能源局2024年1-6月主要指标完成情况"), a 填报单位 row, a header split over two rows with
  merged cells, a 序号 column, indicators by name only (aliases), numbers typed as text with
  thousands separators, "—" for missing values, and trailing 注：/填报人 rows.
- ``report_flat``: title and 填报单位 rows above a one-row header of aliases (项目, 单位, 当月,
  1-N月累计, 去年同期, 增速(%) …), text numbers, "—", and a trailing 注： row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import xlsxwriter
import xlwt

from bijie_etl.ingest.headers import column_letter
from bijie_etl.ingest.template import HEADER as TEMPLATE_HEADER
from bijie_etl.vocabulary import MEASURES

__all__ = [
    "CANONICAL_HEADER",
    "FIELDS",
    "Cell",
    "FileContext",
    "Grid",
    "Row",
    "column_letter",
    "shape_grid",
    "write_grid",
]

Cell = str | float | int | None

#: Canonical fields and headers in template column order (the template is the one source).
FIELDS: tuple[str, ...] = tuple(name for _label, name in TEMPLATE_HEADER)
CANONICAL_HEADER: tuple[str, ...] = tuple(label for label, _field in TEMPLATE_HEADER)
NUMERIC_FIELDS = MEASURES
MISSING_MARK = "—"
#: Fixed workbook creation time so that the same seed gives byte-identical xlsx files.
FIXED_CREATED = datetime(2024, 1, 1, 8, 0, 0)


@dataclass
class Row:
    """One data row as the department writes it (values in the row's own unit)."""

    indicator_code: str | None
    indicator_name: str
    unit: str
    period: str  # "2024-06"
    county: str
    value_month: float | str | None = None
    value_ytd: float | str | None = None
    value_ytd_prior: float | str | None = None
    growth_pct: float | str | None = None
    value: float | str | None = None
    note: str = ""
    decimals: int = 2  # display decimals of value_month/value_ytd/value_ytd_prior/value
    tag: str = ""  # planted-failure marker, never written


@dataclass(frozen=True)
class FileContext:
    """What a shape needs to know about the file besides its rows."""

    title: str  # e.g. 毕节市能源局2024年1-6月主要指标完成情况
    department_zh: str  # e.g. 市能源局
    sheet: str  # sheet name (csv: ignored, readers use the file stem)
    month: int
    fill_date: str  # e.g. 2024年7月8日


@dataclass
class Grid:
    """A laid-out sheet: rows of cells (0-based), merged ranges, and where the data went."""

    sheet: str
    cells: list[list[Cell]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2 inclusive
    columns: dict[str, int] = field(default_factory=dict)  # canonical field -> 0-based column
    data_rows: list[int] = field(default_factory=list)  # 0-based grid row of each data Row, in order

    def add(self, cells: Sequence[Cell]) -> int:
        self.cells.append(list(cells))
        return len(self.cells) - 1


# --------------------------------------------------------------------------------------------
# Shapes


def _decimals(row: Row, fld: str) -> int:
    return 1 if fld == "growth_pct" else row.decimals


def _number(value: float, decimals: int) -> float | int:
    return round(value) if decimals <= 0 else round(value, decimals)


def _as_text(value: float, decimals: int, *, thousands: bool) -> str:
    fmt = f"{{:{',' if thousands else ''}.{max(decimals, 0)}f}}"
    return fmt.format(value)


def _template(rows: list[Row], ctx: FileContext, *, text_numbers: bool) -> Grid:
    grid = Grid(sheet=ctx.sheet, columns={f: i for i, f in enumerate(FIELDS)})
    grid.add(list(CANONICAL_HEADER))
    for row in rows:
        cells: list[Cell] = []
        for fld in FIELDS:
            raw = getattr(row, fld)
            if fld in NUMERIC_FIELDS and isinstance(raw, int | float):
                dec = _decimals(row, fld)
                cells.append(_as_text(raw, dec, thousands=False) if text_numbers else _number(raw, dec))
            else:
                cells.append(raw if raw not in ("",) else None)
        grid.data_rows.append(grid.add(cells))
    return grid


def _report_value(row: Row, fld: str) -> Cell:
    raw = getattr(row, fld)
    if raw is None:
        return MISSING_MARK
    if isinstance(raw, int | float):
        return _as_text(raw, _decimals(row, fld), thousands=True)
    return raw


def _ytd_label(month: int) -> str:
    return "1月" if month == 1 else f"1-{month}月"


def _notes() -> list[str]:
    return [
        "注：1.本表数据为快报数，以统计年鉴为准；2.“—”表示无此项数据。",
        "填报人：王明    审核人：李华    联系电话：0857-8223456",
    ]


def _has_county(rows: list[Row]) -> bool:
    return any(r.county != rows[0].county for r in rows) if rows else False


def _report_merged(rows: list[Row], ctx: FileContext) -> Grid:
    # 序号 | 指标名称 | 计量单位 | [区县] | 本月 | <1-N月>: 累计 | 上年同期 | 同比增长(%) | 本期值 | 备注
    grid = Grid(sheet=ctx.sheet)
    labels = ["序号", "指标名称", "计量单位", *(["区县"] if _has_county(rows) else []), "本月"]
    fields = [None, "indicator_name", "unit", *(["county"] if _has_county(rows) else []), "value_month"]
    group = len(labels)
    width = group + 5
    grid.add([ctx.title] + [None] * (width - 1))
    grid.merges.append((0, 0, 0, width - 1))
    grid.add(
        [f"填报单位：{ctx.department_zh}"] + [None] * (width - 4) + [f"填报日期：{ctx.fill_date}", None, None]
    )
    top = grid.add([*labels, _ytd_label(ctx.month), None, None, "本期值", "备注"])
    grid.add([None] * group + ["累计", "上年同期", "同比增长(%)", None, None])
    for col in [*range(group), group + 3, group + 4]:
        grid.merges.append((top, col, top + 1, col))
    grid.merges.append((top, group, top, group + 2))
    fields += ["value_ytd", "value_ytd_prior", "growth_pct", "value", "note"]
    grid.columns = {f: i for i, f in enumerate(fields) if f is not None}
    for i, row in enumerate(rows, start=1):
        cells: list[Cell] = [str(i)]
        for fld in fields[1:]:
            assert fld is not None
            cells.append(_report_value(row, fld) if fld in NUMERIC_FIELDS else (getattr(row, fld) or None))
        grid.data_rows.append(grid.add(cells))
    grid.add([None] * width)
    for note in _notes():
        r = grid.add([note] + [None] * (width - 1))
        grid.merges.append((r, 0, r, width - 1))
    return grid


def _report_flat(rows: list[Row], ctx: FileContext) -> Grid:
    # 项目 | 单位 | 当月 | 1-N月累计 | 去年同期 | 增速(%) | 本期值 | 备注 (county as 区县 when given)
    grid = Grid(sheet=ctx.sheet)
    has_county = _has_county(rows)
    grid.add([ctx.title])
    grid.add([f"填报单位：{ctx.department_zh}"])
    header: list[Cell] = ["项目", "单位"]
    if has_county:
        header.append("区县")
    header += [
        "当月",
        "本年累计" if ctx.month == 1 else f"1-{ctx.month}月累计",
        "去年同期",
        "增速(%)",
        "本期值",
        "备注",
    ]
    grid.add(header)
    order = [
        "indicator_name",
        "unit",
        *(["county"] if has_county else []),
        "value_month",
        "value_ytd",
        "value_ytd_prior",
        "growth_pct",
        "value",
        "note",
    ]
    grid.columns = {f: i for i, f in enumerate(order)}
    for row in rows:
        cells: list[Cell] = []
        for fld in order:
            if fld in NUMERIC_FIELDS:
                cells.append(_report_value(row, fld))
            else:
                cells.append(getattr(row, fld) or None)
        grid.data_rows.append(grid.add(cells))
    grid.add([_notes()[0]])
    return grid


def shape_grid(shape: str, rows: list[Row], ctx: FileContext) -> Grid:
    """Lay ``rows`` out in the named shape (template, template_text, report_merged, report_flat)."""
    if shape == "template":
        return _template(rows, ctx, text_numbers=False)
    if shape == "template_text":
        return _template(rows, ctx, text_numbers=True)
    if shape == "report_merged":
        return _report_merged(rows, ctx)
    if shape == "report_flat":
        return _report_flat(rows, ctx)
    raise ValueError(f"unknown shape {shape!r}")


# --------------------------------------------------------------------------------------------
# Backends


def _write_xlsx(path: Path, grid: Grid) -> None:
    wb = xlsxwriter.Workbook(
        str(path), {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    wb.set_properties({"created": FIXED_CREATED, "author": "bijie-etl demo", "title": grid.sheet})
    ws = wb.add_worksheet(grid.sheet)
    merged: dict[tuple[int, int], tuple[int, int, int, int]] = {(m[0], m[1]): m for m in grid.merges}
    covered = {(r, c) for r1, c1, r2, c2 in grid.merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
    for r, cells in enumerate(grid.cells):
        for c, value in enumerate(cells):
            if (r, c) in merged:
                r1, c1, r2, c2 = merged[(r, c)]
                ws.merge_range(r1, c1, r2, c2, value if value is not None else "")
            elif (r, c) in covered or value is None:
                continue
            elif isinstance(value, str):
                ws.write_string(r, c, value)
            else:
                ws.write_number(r, c, value)
    ws.set_column(0, 0, 12)
    ws.set_column(1, 1, 24)
    wb.close()


def _write_xls(path: Path, grid: Grid) -> None:
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(grid.sheet)
    merged = {(m[0], m[1]): m for m in grid.merges}
    covered = {(r, c) for r1, c1, r2, c2 in grid.merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
    for r, cells in enumerate(grid.cells):
        for c, value in enumerate(cells):
            if (r, c) in merged:
                r1, c1, r2, c2 = merged[(r, c)]
                ws.write_merge(r1, r2, c1, c2, value if value is not None else "")
            elif (r, c) in covered or value is None:
                continue
            else:
                ws.write(r, c, value)
    wb.save(str(path))


def _write_csv(path: Path, grid: Grid, encoding: str) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for cells in grid.cells:
        out = [
            "" if v is None else (v if isinstance(v, str) else repr(v) if isinstance(v, float) else str(v))
            for v in cells
        ]
        while out and out[-1] == "":
            out.pop()
        writer.writerow(out)
    path.write_bytes(buf.getvalue().encode(encoding))


def write_grid(path: Path, grid: Grid, backend: str) -> None:
    """Write ``grid`` to ``path`` with backend ``xlsx``, ``xls``, ``csv_gb18030`` or ``csv_utf8_bom``."""
    if backend == "xlsx":
        _write_xlsx(path, grid)
    elif backend == "xls":
        _write_xls(path, grid)
    elif backend == "csv_gb18030":
        _write_csv(path, grid, "gb18030")
    elif backend == "csv_utf8_bom":
        _write_csv(path, grid, "utf-8-sig")
    else:
        raise ValueError(f"unknown backend {backend!r}")
