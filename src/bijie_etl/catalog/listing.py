"""The catalog as people read it: a CSV for analysts, a table for the terminal, JSON for tools.

``bijie-etl targets [--format table|csv|json] [--department NAME]`` prints
:func:`format_targets`; ``make demo`` may print :func:`summarize`.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from typing import Literal

from rich import box
from rich.console import Console
from rich.table import Table

from bijie_etl.catalog.model import Catalog, Comparator, Department, Kind, PaceMethod, Target
from bijie_etl.errors import UnknownDepartment

__all__ = ["CSV_COLUMNS", "UnknownDepartment", "format_targets", "summarize"]

#: The CSV columns, in this order (a contract with the analysts' spreadsheets).
CSV_COLUMNS: tuple[str, ...] = (
    "code",
    "name_zh",
    "name_en",
    "department",
    "section",
    "unit",
    "target",
    "stretch",
    "comparator",
    "direction",
    "kind",
    "pace",
    "frequency",
    "baseline",
    "clause",
)

TABLE_WIDTH = 100

KIND_ZH = {
    Kind.GROWTH_RATE: "增速",
    Kind.CUMULATIVE: "累计量",
    Kind.COUNT: "计数",
    Kind.SHARE: "比率",
    Kind.LEVEL: "水平值",
}
PACE_ZH = {
    PaceMethod.CUMULATIVE: "累计进度",
    PaceMethod.GROWTH: "增速对比",
    PaceMethod.THRESHOLD: "达标判断",
    PaceMethod.TRAJECTORY: "趋势路径",
    PaceMethod.ANNUAL: "年度评估",
}
COMPARATOR_SIGN = {
    Comparator.APPROX: "≈",
    Comparator.AT_LEAST: "≥",
    Comparator.AT_MOST: "≤",
    Comparator.EXACTLY: "=",
}


def _number(value: float | None) -> str:
    """``7300.0`` → ``7300``, ``1.17`` → ``1.17``, ``None`` → ``""``."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _selected(catalog: Catalog, department: str | None) -> list[Target]:
    if department is None:
        return list(catalog.targets)
    dept = catalog.department(department)
    if dept is None:
        known = "、".join(d.name_zh for d in catalog.departments)
        raise UnknownDepartment(f"未知部门：{department}（可选：{known}）")
    return catalog.targets_of(dept.code)


def _row(target: Target) -> dict[str, str]:
    return {
        "code": target.code,
        "name_zh": target.name_zh,
        "name_en": target.name_en,
        "department": target.department,
        "section": target.section,
        "unit": target.unit,
        "target": _number(target.target),
        "stretch": _number(target.stretch),
        "comparator": target.comparator.value,
        "direction": target.direction.value,
        "kind": target.kind.value,
        "pace": target.pace.value,
        "frequency": target.frequency.value,
        "baseline": _number(target.baseline),
        "clause": target.clause,
    }


def _csv(targets: list[Target]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(CSV_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(_row(t) for t in targets)
    return out.getvalue()


def _json(catalog: Catalog, targets: list[Target]) -> str:
    items = []
    for t in targets:
        item = t.model_dump(mode="json")
        dept = catalog.department(t.department)
        item["department_name_zh"] = dept.name_zh if dept else None
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _goal(target: Target) -> str:
    if target.target is None:
        return "（无数值）"
    text = f"{COMPARATOR_SIGN[target.comparator]}{_number(target.target)}"
    if target.stretch is not None:
        text += f"（力争{_number(target.stretch)}）"
    if target.direction.value == "lower_is_better":
        text += " ↓"
    return text


def _department_table(dept: Department, targets: list[Target]) -> Table:
    table = Table(
        title=f"{dept.name_zh}（{dept.code}）· {len(targets)}项",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        expand=False,
        pad_edge=False,
    )
    table.add_column("代码", no_wrap=True, max_width=36)
    table.add_column("指标", overflow="fold", max_width=24)
    table.add_column("目标", overflow="fold", justify="right", max_width=16)
    table.add_column("单位", no_wrap=True, max_width=8)
    table.add_column("进度方法", no_wrap=True, max_width=8)
    for t in targets:
        table.add_row(t.code, t.name_zh, _goal(t), t.unit, PACE_ZH[t.pace])
    return table


def _table(catalog: Catalog, targets: list[Target]) -> str:
    console = Console(
        file=io.StringIO(), width=TABLE_WIDTH, color_system=None, force_terminal=False, legacy_windows=False
    )
    by_dept: dict[str, list[Target]] = {}
    for t in targets:
        by_dept.setdefault(t.department, []).append(t)
    for dept in catalog.departments:
        if dept.code in by_dept:
            console.print(_department_table(dept, by_dept[dept.code]))
    console.print(f"共 {len(targets)} 项目标（↓ 表示越低越好）")
    file = console.file
    assert isinstance(file, io.StringIO)
    return file.getvalue()


def format_targets(
    catalog: Catalog,
    fmt: Literal["table", "csv", "json"] = "table",
    department: str | None = None,
) -> str:
    """The catalog's targets (all, or one department's) as a table, CSV or JSON text.

    CSV has exactly :data:`CSV_COLUMNS`; the table groups by department and fits a
    100-column terminal; JSON is a list of objects with every catalog field plus
    ``department_name_zh``. ``department`` is a code, Chinese name, inbox folder or alias;
    an unknown one raises :class:`UnknownDepartment`.
    """
    targets = _selected(catalog, department)
    if fmt == "csv":
        return _csv(targets)
    if fmt == "json":
        return _json(catalog, targets)
    if fmt == "table":
        return _table(catalog, targets)
    raise ValueError(f"unknown format {fmt!r}: use table, csv or json")


def summarize(catalog: Catalog) -> str:
    """A short Chinese summary: how many targets, and how many per department, kind and pace method."""
    targets = list(catalog.targets)
    numeric = sum(1 for t in targets if t.is_numeric)
    by_dept = Counter(t.department for t in targets)
    by_kind = Counter(t.kind for t in targets)
    by_pace = Counter(t.pace for t in targets)
    names = {d.code: d.name_zh for d in catalog.departments}
    dept_part = "、".join(f"{names.get(code, code)}{n}项" for code, n in by_dept.most_common())
    kind_part = "、".join(f"{KIND_ZH[k]}{by_kind[k]}项" for k in Kind if by_kind[k])
    pace_part = "、".join(f"{PACE_ZH[p]}{by_pace[p]}项" for p in PaceMethod if by_pace[p])
    return (
        f"{catalog.year}年政府工作报告目标共{len(targets)}项（有数值{numeric}项，无数值{len(targets) - numeric}项），"
        f"涉及{len(by_dept)}个部门。\n"
        f"按部门：{dept_part}。\n"
        f"按类型：{kind_part}。\n"
        f"按进度方法：{pace_part}。"
    )
