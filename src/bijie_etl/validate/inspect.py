"""How a file was read, for people: ``bijie-etl inspect FILE`` and the feedback report's opening summary.

:func:`inspect_file` reads and validates one file without touching the warehouse and describes
every sheet: its layout, the header path of each column with its role and cells, the period,
unit and county and where each came from, the department, every indicator row and the catalog
code it was matched to (or why not), the layout overrides applied, and the values that would
load. :func:`reading_summary` is the short form the feedback report opens with
("我们是这样读取您的文件的").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bijie_etl.errors import Code, FileRejected, Severity, cell_address
from bijie_etl.ingest.layouts import SheetRows, layout_zh
from bijie_etl.vocabulary import FIELD_LABELS_ZH, MEASURES, fmt_exact

__all__ = ["Inspection", "format_inspection", "inspect_file"]

_FIELD_ZH = {
    **FIELD_LABELS_ZH,
    "@month": "该月数值（按指标类型：本月或本期值）",
    "@ytd": "累计数值（按指标类型：累计、本期值或增速）",
    "@main": "考核数值（按指标类型）",
    "@level": "总量（增速类指标的总量，记入累计）",
    "measure": "数值项目（每行一项：本月、累计、上年同期、增长等）",
}
_MEASURES = MEASURES


def _column(col: Any) -> dict[str, Any]:
    role = col.role
    out: dict[str, Any] = {
        "column": col.letter,
        "path": list(col.path),
        "cells": list(col.cells),
        "role": role.kind,
        "field": role.field,
        "meaning": _FIELD_ZH.get(str(role.field), "") if role.kind in ("identity", "value") else "",
    }
    if role.month is not None:
        out["month"] = role.month
        out["year_to_date"] = role.is_range
    if role.county:
        out["county"] = role.county
    if role.indicator:
        out["indicator"] = role.indicator
    if col.unit:
        out["unit"] = col.unit
        out["unit_cell"] = col.unit_cell
    if role.reason:
        out["reason"] = role.reason
    if any("sources/layouts" in p for p in col.path):
        out["override"] = True
    return out


def _sheet(rows: SheetRows) -> dict[str, Any]:
    table = rows.table
    out: dict[str, Any] = {
        "sheet": rows.sheet,
        "layout": rows.layout,
        "layout_zh": layout_zh(rows.layout),
        "period": rows.period_hint.isoformat()[:7] if rows.period_hint else None,
        "period_source": rows.period_source or None,
        "rows_read": len(rows.rows),
    }
    if rows.joined:
        out["joined"] = rows.joined
    if table is not None:
        out["title"] = table.title
        out["header_rows"] = [table.first_header + 1, table.last_header + 1]
        out["body_rows"] = [table.body_start + 1, table.body_end]
        out["columns"] = [_column(c) for c in table.columns if c.path]
    for key, label in (("unit", "unit"), ("county", "county"), ("indicator_name", "indicator")):
        if key in rows.fixed_cells:
            values = rows.rows[key].dropna().unique().tolist() if key in rows.rows.columns else []
            out[label] = {"value": values[0] if values else None, "cell": rows.fixed_cells[key]}
    return out


@dataclass
class Inspection:
    """Everything :func:`inspect_file` found, as plain data (``as_dict`` is the ``--json`` output)."""

    file: str
    department: str | None
    sheets: list[dict[str, Any]]
    rows: list[dict[str, Any]]
    values: list[dict[str, Any]]
    problems: list[dict[str, Any]]
    overrides: str | None = None
    rejected: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "department": self.department,
            "overrides": self.overrides,
            "rejected": self.rejected,
            "sheets": self.sheets,
            "rows": self.rows,
            "values": self.values,
            "problems": self.problems,
        }


def _problem(f: Any) -> dict[str, Any]:
    return {
        "code": f.code.value,
        "severity": f.severity.value,
        "sheet": f.sheet,
        "cell": f.cell,
        "message": f.message_zh,
    }


def inspect_file(path: Path, settings: Any, *, catalog: Any, as_of: date) -> Inspection:
    """Read and validate ``path`` as the nightly run would, without the warehouse, and describe it."""
    from bijie_etl.ingest.overrides import load_overrides
    from bijie_etl.ingest.reading import read_file
    from bijie_etl.validate.rules import validate

    path = Path(path)
    department = _department(path, catalog)
    overrides = load_overrides(settings.sources_dir / "layouts", path, catalog)
    source = str(overrides.source) if overrides else None
    try:
        read = read_file(path, settings, catalog=catalog)
    except FileRejected as exc:
        problem = {
            "code": exc.code.value,
            "severity": "error",
            "sheet": None,
            "cell": None,
            "message": exc.message_zh,
        }
        return Inspection(path.name, department, [], [], [], [problem], source, exc.message_zh)
    department = department or _department_named(read.department_hint, catalog)
    observations, failures = validate(
        read, catalog, as_of=as_of, file_name=path.name, guard=getattr(settings, "guard", None)
    )
    if department is not None:  # the nightly run refuses what this department may not report: so does inspect
        from bijie_etl.validate.ownership import check_ownership

        observations, refused = check_ownership(
            observations, department=department, catalog=catalog, file_name=path.name
        )
        failures = [*failures, *refused]
    rows = _indicator_rows(read, catalog, failures)
    values = []
    for rec in observations.to_dict("records"):
        for measure in _MEASURES:
            v = rec[measure]
            if v is None or v != v:
                continue
            target = catalog.get(rec["indicator_code"])
            if measure == "value" and target is not None and target.value_field != "value":
                continue  # `value` repeats the kind's own column for these targets
            # A growth target's 本月/累计/上年同期 are the level it grows from, in the unit the department wrote.
            level = target is not None and target.value_field == "growth_pct" and measure != "growth_pct"
            unit = (
                "%" if measure == "growth_pct" else (rec.get("unit_reported") or "") if level else rec["unit"]
            )
            values.append(
                {
                    "indicator_code": rec["indicator_code"],
                    "county": rec["county"],
                    "period": rec["period"].isoformat()[:7],
                    "measure": measure,
                    "value": float(v),
                    "unit": unit,
                    "level": level,
                    "sheet": rec["sheet"],
                    "cell": _cell_of(rec, measure),
                    # How the cell was read (format, words, unit, factor) when more than a plain number,
                    # and the plausibility guard's verdict for the row (issue #14).
                    "read_as": _read_as(rec, measure, None if level or measure == "growth_pct" else float(v)),
                    "guard": rec.get("guard"),
                }
            )
    return Inspection(
        path.name,
        department,
        [_sheet(s) for s in read.sheets],
        rows,
        values,
        [_problem(f) for f in failures],
        source,
    )


def _read_as(rec: dict[str, Any], measure: str, converted: float | None) -> dict[str, Any] | None:
    """How the value of ``measure`` was read; for a plain number ``converted`` from the row's unit
    (计量单位 吨 for a 万吨 target), the number as typed, that unit and the factor."""
    import json

    try:
        reading = json.loads(rec.get("reading") or "{}")
    except (TypeError, ValueError):
        reading = {}
    found = reading.get(measure)
    factor, unit = rec.get("unit_factor"), rec.get("unit_reported")
    if found is None and converted is not None and unit and factor == factor and factor not in (None, 1, 1.0):
        return {"typed": f"{converted / factor:.12g}", "unit": unit, "factor": factor}
    return found


def _read_as_zh(read_as: dict[str, Any] | None) -> str:
    """``[原文“95.3%”, 格式0.0%, ×100]``-style note of how a value was read, or ""."""
    if not read_as:
        return ""
    parts = [f"原文“{read_as.get('typed')}”"]
    if read_as.get("format"):
        parts.append(f"格式{read_as['format']}")
    if read_as.get("words"):
        parts.append(f"文字“{read_as['words']}”")
    if read_as.get("mark") == "()":
        parts.append("括号表示负数")
    elif read_as.get("mark"):
        parts.append(f"脚注“{read_as['mark']}”不计入数值")
    if read_as.get("index"):
        parts.append(f"指数（{read_as['index']}），减去100为增速")
    if read_as.get("unit"):
        parts.append(f"单位{read_as['unit']}")
    if read_as.get("factor") not in (None, 1, 1.0):
        parts.append(f"×{fmt_exact(read_as['factor'])}")
    return "  [" + "，".join(parts) + "]"


def _cell_of(rec: dict[str, Any], measure: str) -> str | None:
    import json

    try:
        cells = json.loads(rec.get("cells") or "{}")
    except ValueError:
        cells = {}
    return cells.get(measure) or (rec.get("cell") if measure == "value" else None)


def _department(path: Path, catalog: Any) -> str | None:
    for parent in list(path.resolve().parents)[:3]:
        dept = catalog.department(parent.name) if parent.name else None
        if dept is not None:
            return str(dept.name_zh)
    return None


def _department_named(text: str | None, catalog: Any) -> str | None:
    dept = catalog.department(text) if text else None
    return str(dept.name_zh) if dept else (text or None)


def _indicator_rows(read: Any, catalog: Any, failures: list[Any]) -> list[dict[str, Any]]:
    """Every indicator row (or column) → catalog code, or why it was not matched."""
    from bijie_etl.ingest.name_periods import name_period
    from bijie_etl.ingest.names import find_target
    from bijie_etl.validate.name_periods import target_without_period

    unknown = {(f.sheet, f.row_number) for f in failures if f.code is Code.UNKNOWN_INDICATOR}
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str, str]] = set()
    for sheet in read.sheets:
        frame = sheet.rows
        for rec in frame.to_dict("records"):
            code = rec.get("indicator_code")
            name = rec.get("indicator_name")
            text = str(code if isinstance(code, str) and code else name or "")
            cell = rec.get("cell:indicator_code") or rec.get("cell:indicator_name")
            if not isinstance(cell, str):
                fld = "indicator_code" if isinstance(code, str) and code else "indicator_name"
                letter = sheet.columns.get(fld) or sheet.fixed_cells.get(fld)
                cell = f"{letter}{rec['row']}" if letter and letter.isalpha() else letter
            # one line per name cell: a name in the title or header (one cell for many rows) is listed once
            key = (sheet.sheet, text, cell or str(rec["row"]))
            if key in seen:
                continue
            seen.add(key)
            target = catalog.get(code) if isinstance(code, str) and code else None
            if target is None and isinstance(name, str) and not (isinstance(code, str) and code):
                target = find_target(catalog, name)
                # 煤炭产量（1-6月） in a 1-6月 table: read, as the rest of its name
                if target is None and (sheet.sheet, int(rec["row"])) not in unknown:
                    target = target_without_period(name, name_period(name), catalog)
            entry: dict[str, Any] = {"sheet": sheet.sheet, "row": int(rec["row"]), "cell": cell, "text": text}
            if target is not None:
                entry["code"] = target.code
                entry["name"] = target.name_zh
                if isinstance(name, str) and catalog.names_level(name):
                    entry["how"] = "level"
            else:
                entry["code"] = None
                entry["why"] = (
                    "不在目标清单中（名称、别名、代码都对不上）"
                    if (sheet.sheet, int(rec["row"])) in unknown or text
                    else "没有指标名称或代码"
                )
            out.append(entry)
    return out


# --------------------------------------------------------------------------------------------
# Text


def format_inspection(report: Inspection) -> str:
    """``report`` as the text ``bijie-etl inspect`` prints (Chinese, one section per sheet)."""
    out: list[str] = [f"文件：{report.file}", f"报送部门：{report.department or '未识别'}"]
    if report.overrides:
        out.append(f"本部门的表格说明（已应用）：{report.overrides}")
    if report.rejected:
        out.append(f"整个文件无法读取：{report.rejected}")
        return "\n".join(out) + "\n"
    for sheet in report.sheets:
        out.append("")
        out.append(f"== 工作表“{sheet['sheet']}”：{sheet['layout_zh']}（{sheet['layout']}）")
        if sheet.get("header_rows"):
            a, b = sheet["header_rows"]
            out.append(f"   表头：第{a}-{b}行；数据：第{sheet['body_rows'][0]}-{sheet['body_rows'][1]}行")
        period = sheet.get("period")
        out.append(
            f"   统计期：{period or '未知'}"
            + (f"，取自{sheet['period_source']}" if sheet.get("period_source") else "")
        )
        if sheet.get("joined"):
            out.append(f"   {sheet['joined']}")
        for key, label in (("unit", "计量单位"), ("county", "区县"), ("indicator", "指标")):
            if key in sheet:
                out.append(f"   {label}：{sheet[key]['value']}（{sheet[key]['cell']}）")
        for col in sheet.get("columns", []):
            path = " › ".join(col["path"])
            role = col["meaning"] or {
                "ignored": "不读取",
                "unknown": "无法识别",
                "serial": "序号（不读取）",
            }.get(col["role"], col["role"])
            extra = []
            if col.get("month"):
                extra.append(f"{col['month']}月" + ("累计" if col.get("year_to_date") else ""))
            if col.get("county"):
                extra.append(col["county"])
            if col.get("indicator"):
                extra.append(f"指标 {col['indicator']}")
            if col.get("unit"):
                extra.append(f"单位 {col['unit']}（{col['unit_cell']}）")
            if col.get("reason"):
                extra.append(col["reason"])
            if col.get("override"):
                extra.append("按表格说明覆盖")
            tail = f"；{'；'.join(extra)}" if extra else ""
            out.append(f"   {col['column']}列  {path}  →  {role}{tail}  [{','.join(col['cells'])}]")
    if report.rows:
        out.append("")
        out.append("指标行：")
        for row in report.rows:
            where = f"{row['sheet']}!{row['cell']}" if row.get("cell") else f"{row['sheet']} 第{row['row']}行"
            if row.get("code"):
                how = "（总量，记入增速指标）" if row.get("how") == "level" else ""
                out.append(f"   {where}  “{row['text']}” → {row['code']} {row['name']}{how}")
            else:
                out.append(f"   {where}  “{row['text']}” → 未匹配：{row['why']}")
    out.append("")
    out.append(f"将入库的数值（{len(report.values)} 个）：")
    for v in report.values:
        out.append(
            f"   {v['indicator_code']}  {v['county']}  {v['period']}  {_FIELD_ZH.get(v['measure'], v['measure'])}"
            + ("（总量）" if v.get("level") else "")
            + f" = {fmt_exact(v['value'])} {v['unit'] or ''}  ({cell_address(v['sheet'], v['cell']) or v['cell'] or ''})"
            + _read_as_zh(v.get("read_as"))
            + (f"  [核查：{v['guard']}]" if v.get("guard") not in (None, "passed") else "")
        )
    if report.problems:
        out.append("")
        out.append("问题与提示：")
        for p in report.problems:
            mark = "错误" if p["severity"] == Severity.ERROR.value else "提示"
            where = cell_address(p.get("sheet"), p.get("cell")) or p.get("cell") or ""
            out.append(f"   [{mark}] {p['code']} {where} {p['message']}")
    return "\n".join(out) + "\n"
