"""A realistic, deterministic demo year of department spreadsheets.

:func:`generate_demo` writes ``out_dir/<department inbox>/<file>`` for every department and every
month from January to the last month due as of ``as_of`` (month M is due on the department's
``deadline_day`` of month M+1), with one row per numeric catalog target of monthly frequency
(quarterly targets at quarter ends; annual targets get no rows):

- values follow a seasonal shape (the target's ``profile``, else a mild curve with a Spring
  Festival dip), year-to-date close to target × P(m); 上年同期累计 = ``baseline`` × P(m) where
  a 2023 baseline exists, so the pace rule (a) sees the same P(m); 1-本月累计 is exactly the sum
  of the months' 本月; growth rates near the target; shares and levels near the target (or its
  trajectory from the baseline); counts whole numbers; some departments add county rows whose
  values sum to 全市;
- about one target in eight is clearly behind (pace ratio 0.75–0.88, or 1.6–2.8 pp under a
  growth/percentage target), one department is late (its last due month is missing), a handful
  of bad rows is planted (each an *extra* row, so the good data stays complete) and one corrupt
  file (random bytes named .xlsx) sits in an inbox folder;
- files are real xlsx (xlsxwriter), xls (xlwt) and csv (GB18030, UTF-8 with BOM), some in the
  canonical template and some in the shapes departments really send (:mod:`bijie_etl.demo.shapes`).

Same catalog, ``as_of`` and seed → byte-identical files. The :class:`DemoManifest` (what was
written, what was planted and what validation should say about it) is returned and written as
JSON *outside* the inbox, by default ``out_dir.parent / "demo_manifest.json"``, so ingest never
sees it.
"""

from __future__ import annotations

import calendar
import json
import random
import shutil
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bijie_etl.catalog import CITY, Catalog, Department, Frequency, Kind, Target
from bijie_etl.demo.plant import as_str, plant_bad_rows, planted_indicator
from bijie_etl.demo.series import (
    RowPlan,
    assessable,
    can_be_behind,
    pace_measure,
    period_text,
    rows_for,
    scaled_unit,
    series_for,
)
from bijie_etl.demo.shapes import FileContext, Row, shape_grid, write_grid
from bijie_etl.errors import Code
from bijie_etl.ingest.headers import column_letter

__all__ = [
    "STYLES",
    "BehindTarget",
    "DemoFile",
    "DemoManifest",
    "PlantedFailure",
    "generate_demo",
    "last_due_month",
]

#: Style name → (shape, backend, file extension). Departments keep one style all year.
STYLES: dict[str, tuple[str, str, str]] = {
    "template_xlsx": ("template", "xlsx", "xlsx"),
    "report_merged_xlsx": ("report_merged", "xlsx", "xlsx"),
    "template_csv_utf8_bom": ("template_text", "csv_utf8_bom", "csv"),
    "report_flat_csv_gb18030": ("report_flat", "csv_gb18030", "csv"),
    "template_xls": ("template", "xls", "xls"),
    "report_merged_xls": ("report_merged", "xls", "xls"),
    "template_csv_gb18030": ("template_text", "csv_gb18030", "csv"),
    "report_flat_xlsx": ("report_flat", "xlsx", "xlsx"),
}
#: Warnings a clean read of the demo inbox may legitimately produce (trailing 注：/填报人 rows).
EXPECTED_WARNING_CODES: tuple[str, ...] = (Code.NOTE_IGNORED.value,)

_SHEET = "数据"


# --------------------------------------------------------------------------------------------
# Manifest


@dataclass(frozen=True)
class PlantedFailure:
    """A bad row (or file) planted on purpose, and the failure validation must report for it."""

    file: str  # path relative to the inbox root, posix
    sheet: str  # sheet name; for csv the file stem (as the reader names it)
    row: int | None  # 1-based Excel row (csv: line number); None for a file-level failure
    cell: str | None  # the cell holding the offending value, e.g. "F12"
    code: str  # errors.Code value
    indicator_code: str | None
    value: str | None
    description_zh: str


@dataclass(frozen=True)
class BehindTarget:
    """A target the demo made behind pace, with the measure the pace rules will see."""

    code: str
    department: str
    period: str  # latest period written, "2024-10"
    measure: str  # pace_ratio | gap_pp | ratio
    value: float


@dataclass(frozen=True)
class DemoFile:
    """One spreadsheet written to the inbox."""

    path: str  # relative to the inbox root, posix
    department: str  # department code
    period: str  # "2024-06"
    style: str  # key of STYLES
    rows: int  # data rows written (planted ones included)


@dataclass
class DemoManifest:
    """What :func:`generate_demo` wrote and planted."""

    as_of: date
    seed: int
    year: int
    inbox: Path
    files: list[DemoFile] = field(default_factory=list)
    behind: list[BehindTarget] = field(default_factory=list)
    late_department: str | None = None
    late_period: str | None = None
    planted: list[PlantedFailure] = field(default_factory=list)
    corrupt_file: str | None = None
    expected_warning_codes: tuple[str, ...] = EXPECTED_WARNING_CODES
    styles: dict[str, str] = field(default_factory=dict)  # department code -> style
    last_due: dict[str, int] = field(default_factory=dict)  # department code -> last due month

    @property
    def files_written(self) -> int:
        """Every file written to the inbox: the spreadsheets plus the corrupt one."""
        return len(self.files) + (1 if self.corrupt_file else 0)

    def describe_zh(self) -> str:
        """What the files are, in one clause: ``252 个报表（xlsx / xls / csv）+ 1 个损坏文件，含预置错误行``."""
        corrupt = " + 1 个损坏文件" if self.corrupt_file else ""
        planted = "，含预置错误行" if any(p.file != self.corrupt_file for p in self.planted) else ""
        return f"{len(self.files)} 个报表（xlsx / xls / csv）{corrupt}{planted}"

    def to_json(self) -> str:
        data: dict[str, Any] = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        data["inbox"] = str(self.inbox)
        data["expected_warning_codes"] = list(self.expected_warning_codes)
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)


# --------------------------------------------------------------------------------------------
# Calendar


def last_due_month(as_of: date, deadline_day: int, year: int) -> int:
    """The last month of ``year`` whose data is due by ``as_of`` (0 if none yet).

    Month M is due on ``deadline_day`` of month M+1 (December: of January next year).
    """
    last = 0
    for month in range(1, 13):
        y, m = (year, month + 1) if month < 12 else (year + 1, 1)
        due = date(y, m, min(deadline_day, calendar.monthrange(y, m)[1]))
        if due <= as_of:
            last = month
    return last


# --------------------------------------------------------------------------------------------
# Generation


def _title(dept: Department, year: int, month: int) -> str:
    span = "1月" if month == 1 else f"1-{month}月"
    return f"毕节{dept.name_zh}{year}年{span}主要指标完成情况"


def _file_name(dept: Department, style: str, year: int, month: int) -> str:
    ext = STYLES[style][2]
    if style.startswith("template"):
        return f"{dept.inbox}_{year}-{month:02d}.{ext}"
    return f"毕节{dept.name_zh}{year}年{month}月主要指标完成情况.{ext}"


def _fill_date(year: int, month: int, dept: Department) -> str:
    y, m = (year, month + 1) if month < 12 else (year + 1, 1)
    return f"{y}年{m}月{max(1, min(dept.deadline_day, 28) - 3)}日"


def generate_demo(
    catalog: Catalog,
    out_dir: Path,
    *,
    as_of: date,
    seed: int = 2024,
    manifest_path: Path | None = None,
) -> DemoManifest:
    """Write a demo year of department files under ``out_dir`` (the inbox root) and return the manifest.

    ``out_dir`` is emptied of earlier demo department folders first (only folders named after a
    department inbox), so running twice gives the same tree. The manifest JSON goes to
    ``manifest_path`` (default ``out_dir.parent / "demo_manifest.json"``), outside the inbox.
    """
    year = catalog.year
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = DemoManifest(as_of=as_of, seed=seed, year=year, inbox=out_dir)
    plan_rng = random.Random(f"{seed}/plan")

    targets = [t for t in catalog.targets if assessable(t)]
    candidates = sorted(t.code for t in targets if can_be_behind(t)) or sorted(t.code for t in targets)
    n_behind = min(len(candidates), max(1, round(len(targets) / 8))) if candidates else 0
    behind_codes = set(plan_rng.sample(candidates, n_behind))
    series = {t.code: series_for(t, seed, t.code in behind_codes) for t in targets}

    by_dept: dict[str, list[Target]] = {}
    for t in targets:
        by_dept.setdefault(t.department, []).append(t)
    depts = [d for d in catalog.departments if d.code in by_dept]

    # Styles: a seeded shuffle, cycled, so each style appears once before any repeats.
    style_names = list(STYLES)
    plan_rng.shuffle(style_names)
    styles = {d.code: style_names[i % len(style_names)] for i, d in enumerate(depts)}
    manifest.styles = styles

    county_names = [c.name for c in catalog.counties if c.name != CITY]
    additive = [d for d in depts if any(t.value_field == "value_ytd" for t in by_dept[d.code])]
    county_depts = {d.code for d in additive[::3]}
    scaled_depts = {d.code for d in depts if not styles[d.code].startswith("template")}
    for d in depts:
        if d.code in county_depts and county_names:
            rng = random.Random(f"{seed}/counties/{d.code}")
            chosen = rng.sample(county_names, min(4, len(county_names)))
            raw = [rng.uniform(0.5, 1.5) for _ in chosen]
            weights = [w / sum(raw) for w in raw]
            for t in by_dept[d.code]:
                if t.value_field == "value_ytd":
                    series[t.code].county_weights = list(zip(chosen, weights, strict=True))

    plans: dict[str, list[RowPlan]] = {}
    for d in depts:
        name_only = not styles[d.code].startswith("template")
        rows_plan = []
        for t in by_dept[d.code]:
            unit, factor = t.unit, 1
            if d.code in scaled_depts and t.kind is not Kind.COUNT and t.value_field != "growth_pct":
                scaled = scaled_unit(catalog, t.unit)
                if scaled:
                    unit, factor = scaled
            name = t.aliases[0] if (name_only and t.aliases) else t.name_zh
            rows_plan.append(RowPlan(series[t.code], name, None if name_only else t.code, unit, factor))
        plans[d.code] = rows_plan

    due = {d.code: last_due_month(as_of, d.deadline_day, year) for d in depts}
    manifest.last_due = dict(due)

    # Per department-month rows (before planting).
    files: dict[tuple[str, int], list[Row]] = {}
    for d in depts:
        for m in range(1, due[d.code] + 1):
            rows = [r for p in plans[d.code] for r in rows_for(p, m, year)]
            if rows:
                files[(d.code, m)] = rows

    # The late department: one with a file in its last due month and, if possible, no target behind.
    late_candidates = [
        d
        for d in depts
        if (d.code, due[d.code]) in files and any(t.frequency is Frequency.MONTHLY for t in by_dept[d.code])
    ]
    if late_candidates:
        calm = [
            d for d in late_candidates if not any(t.code in behind_codes for t in by_dept[d.code])
        ] or late_candidates
        # A department with a few monthly targets makes lateness visible on the dashboard.
        calm = [
            d for d in calm if sum(t.frequency is Frequency.MONTHLY for t in by_dept[d.code]) >= 3
        ] or calm
        late = calm[plan_rng.randrange(len(calm))]
        manifest.late_department = late.code
        manifest.late_period = period_text(year, due[late.code])
        del files[(late.code, due[late.code])]

    planted = plant_bad_rows(catalog, files, styles, by_dept, as_of, year, seed)

    # Write everything.
    dept_by_code = {d.code: d for d in depts}
    for d in catalog.departments:
        folder = out_dir / d.inbox
        if folder.is_dir():
            shutil.rmtree(folder)
    for (code, month), rows in sorted(files.items()):
        d = dept_by_code[code]
        style = styles[code]
        shape, backend, _ = STYLES[style]
        folder = out_dir / d.inbox
        folder.mkdir(parents=True, exist_ok=True)
        name = _file_name(d, style, year, month)
        ctx = FileContext(
            title=_title(d, year, month),
            department_zh=d.name_zh,
            sheet=_SHEET,
            month=month,
            fill_date=_fill_date(year, month, d),
        )
        grid = shape_grid(shape, rows, ctx)
        path = folder / name
        write_grid(path, grid, backend)
        rel = f"{d.inbox}/{name}"
        sheet = path.stem if backend.startswith("csv") else grid.sheet
        manifest.files.append(DemoFile(rel, code, period_text(year, month), style, len(rows)))
        for row, grid_row in zip(rows, grid.data_rows, strict=True):
            if not row.tag:
                continue
            code_str, fld, desc = planted[row.tag]
            if fld == "indicator_name" and "indicator_code" in grid.columns and row.indicator_code:
                fld = "indicator_code"  # validation points at the code when the file has one
            col = grid.columns.get(fld)
            manifest.planted.append(
                PlantedFailure(
                    file=rel,
                    sheet=sheet,
                    row=grid_row + 1,
                    cell=f"{column_letter(col)}{grid_row + 1}" if col is not None else None,
                    code=code_str,
                    indicator_code=planted_indicator(catalog, row),
                    value=as_str(getattr(row, fld, None)),
                    description_zh=desc,
                )
            )

    # The corrupt file: random bytes named .xlsx, next to a real month of some department.
    if files:
        crng = random.Random(f"{seed}/corrupt")
        code, month = sorted(files)[crng.randrange(len(files))]
        d = dept_by_code[code]
        rel = f"{d.inbox}/{d.inbox}_{year}-{month:02d}_补报.xlsx"
        (out_dir / rel).write_bytes(crng.randbytes(4096))
        manifest.corrupt_file = rel
        manifest.planted.append(
            PlantedFailure(
                rel,
                "",
                None,
                None,
                Code.FILE_UNREADABLE.value,
                None,
                None,
                "损坏的文件（随机字节，扩展名为.xlsx）",
            )
        )

    for code in sorted(behind_codes):
        s = series[code]
        last = [m for m in s.months if m <= due.get(s.target.department, 0)]
        if s.target.department == manifest.late_department:
            last = [m for m in last if m < due[s.target.department]]
        if last:
            measure = pace_measure(s, max(last))
            if measure:
                manifest.behind.append(
                    BehindTarget(code, s.target.department, period_text(year, max(last)), *measure)
                )

    manifest.files.sort(key=lambda f: f.path)
    manifest.planted.sort(key=lambda p: (p.file, p.row or 0))
    target_path = manifest_path or (out_dir.parent / "demo_manifest.json")
    target_path.write_text(manifest.to_json() + "\n", encoding="utf-8")
    return manifest
