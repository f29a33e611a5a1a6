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
import math
import random
import shutil
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bijie_etl.catalog import CITY, Catalog, Department, Direction, Frequency, Kind, PaceMethod, Target
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

#: Mild seasonal monthly weights (sum 12): a Spring Festival dip, a stronger year end.
#: Kept within a few percent of linear so targets without a baseline or profile (pace P(m) = m/12)
#: stay on track when they are meant to.
_SEASONAL_WEIGHTS = (0.97, 0.95, 1.0, 1.0, 1.01, 1.02, 1.0, 0.99, 1.0, 1.01, 1.02, 1.03)
_UNKNOWN_INDICATORS = ("萤石开采量", "富硒茶叶出口额", "低空飞行航线条数", "竹荪种植面积")
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


def _period(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


# --------------------------------------------------------------------------------------------
# Values


@dataclass
class _MonthValues:
    """City-level values of one target for one month, in the catalog unit (ticks = value × 10^d)."""

    month_ticks: int | None = None
    ytd_ticks: int | None = None
    prior_ticks: int | None = None
    growth: float | None = None
    value: float | None = None


@dataclass
class _Series:
    target: Target
    decimals: int
    months: dict[int, _MonthValues]
    behind: bool
    county_weights: list[tuple[str, float]] | None = None

    @property
    def scale(self) -> int:
        return 10**self.decimals


def _months_of(target: Target) -> list[int]:
    if target.frequency is Frequency.QUARTERLY:
        return [3, 6, 9, 12]
    return list(range(1, 13))


def _shape(target: Target) -> list[float]:
    """Cumulative share of the year reached at the end of each month, P(1..12)."""
    if target.profile:
        return [float(p) for p in target.profile]
    out, acc = [], 0.0
    for w in _SEASONAL_WEIGHTS:
        acc += w / 12
        out.append(acc)
    out[-1] = 1.0
    return out


def _decimals(target: Target) -> int:
    if target.kind is Kind.COUNT:
        return 0
    magnitude = abs(target.target or 0)
    return 2 if magnitude >= 10 else 4


def _is_percent(target: Target) -> bool:
    return target.unit.strip() in ("%", "％")


def _lower_better(target: Target) -> bool:
    return target.direction is Direction.LOWER_IS_BETTER


def _cumulative_series(target: Target, rng: random.Random, behind: bool) -> _Series:
    assert target.target is not None
    dec = _decimals(target)
    scale = 10**dec
    shape = _shape(target)
    level = rng.uniform(0.77, 0.86) if behind else rng.uniform(1.02, 1.06)
    if _lower_better(target):
        level = 1 / level if behind else 1 / rng.uniform(1.0, 1.04)
    prior_growth = rng.uniform(0.03, 0.09)
    months: dict[int, _MonthValues] = {}
    prev_ytd = prev_prior = 0
    active = _months_of(target)
    for m in range(1, 13):
        wanted = target.target * shape[m - 1] * level * (1 + rng.uniform(-0.015, 0.015)) * scale
        # Round in the direction of the story (on track: up; behind: down), which matters for
        # small counts (2 substations a year): a rounded-down 0 in January would read as 滞后.
        favourable_up = behind == _lower_better(target)
        ytd = max(prev_ytd, math.ceil(wanted - 1e-9) if favourable_up else math.floor(wanted + 1e-9))
        if target.baseline is not None and target.baseline > 0:
            prior = round(target.baseline * shape[m - 1] * scale)
        else:
            prior = round(ytd / (1 + prior_growth))
        prior = max(prior, prev_prior)
        if m in active:
            months[m] = _MonthValues(
                month_ticks=(ytd - prev_ytd) if target.frequency is Frequency.MONTHLY else None,
                ytd_ticks=ytd,
                prior_ticks=prior if prior > 0 else None,
            )
            prev_ytd, prev_prior = ytd, prior
    return _Series(target, dec, months, behind)


def _growth_series(target: Target, rng: random.Random, behind: bool) -> _Series:
    assert target.target is not None
    offset = -rng.uniform(1.7, 2.8) if behind else rng.uniform(0.0, 0.8)
    if _lower_better(target):
        offset = -offset
    months = {}
    for m in _months_of(target):
        noise = rng.uniform(-0.2, 0.2) if behind else rng.uniform(-0.25, 0.3)
        months[m] = _MonthValues(growth=round(target.target + offset + noise, 1))
    return _Series(target, 1, months, behind)


def _level_series(target: Target, rng: random.Random, behind: bool) -> _Series:
    """Shares and levels: near the target, or near its trajectory from the 2023 baseline."""
    assert target.target is not None
    dec = 2
    pct = _is_percent(target)
    lower = _lower_better(target)
    months = {}
    for m in _months_of(target):
        if target.pace is PaceMethod.TRAJECTORY and target.baseline is not None:
            expected = target.baseline + (target.target - target.baseline) * m / 12
        else:
            expected = target.target
        if pct:
            gap = -rng.uniform(1.6, 2.8) if behind else rng.uniform(0.0, 0.5)
            value = expected - gap if lower else expected + gap
            value = min(max(value, 0.0), 100.0)
        else:
            ratio = rng.uniform(0.77, 0.86) if behind else rng.uniform(1.0, 1.04)
            value = expected / ratio if lower else expected * ratio
        if target.kind is Kind.COUNT:
            value, dec = float(round(value)), 0
        months[m] = _MonthValues(value=round(value, dec))
    return _Series(target, dec, months, behind)


def _series(target: Target, seed: int, behind: bool) -> _Series:
    rng = random.Random(f"{seed}/series/{target.code}")
    if target.value_field == "value_ytd":
        return _cumulative_series(target, rng, behind)
    if target.value_field == "growth_pct":
        return _growth_series(target, rng, behind)
    return _level_series(target, rng, behind)


def _assessable(target: Target) -> bool:
    """Targets the demo writes rows for: a number, and reported monthly or quarterly."""
    return target.is_numeric and target.frequency in (Frequency.MONTHLY, Frequency.QUARTERLY)


def _can_be_behind(target: Target) -> bool:
    """Judged during the year, and not a handful of items (2 substations cannot be 80 % on pace)."""
    if target.pace is PaceMethod.ANNUAL:
        return False
    return not (target.kind is Kind.COUNT and abs(target.target or 0) < 20)


def _pace_measure(series: _Series, month: int) -> tuple[str, float] | None:
    """The number the pace rules will compute from the city row of ``month`` (None if not judged)."""
    t = series.target
    mv = series.months.get(month)
    if mv is None or t.target is None:
        return None
    lower = _lower_better(t)
    if t.value_field == "value_ytd" and mv.ytd_ticks is not None:
        actual = mv.ytd_ticks / series.scale
        p = None
        if mv.prior_ticks and t.baseline:
            candidate = (mv.prior_ticks / series.scale) / t.baseline
            p = candidate if 0 < candidate <= 1 else None
        if p is None:
            p = t.profile[month - 1] if t.profile else month / 12
        expected = t.target * p
        ratio = (expected / actual) if lower else (actual / expected)
        return "pace_ratio", round(ratio, 4)
    if t.value_field == "growth_pct" and mv.growth is not None:
        gap = (t.target - mv.growth) if lower else (mv.growth - t.target)
        return "gap_pp", round(gap, 2)
    if mv.value is not None:
        expected = t.target
        if t.pace is PaceMethod.TRAJECTORY and t.baseline is not None:
            expected = t.baseline + (t.target - t.baseline) * month / 12
        if _is_percent(t):
            return "gap_pp", round((expected - mv.value) if lower else (mv.value - expected), 2)
        ratio = (expected / mv.value if mv.value else 0.0) if lower else mv.value / expected
        return "ratio", round(ratio, 4)
    return None


# --------------------------------------------------------------------------------------------
# Rows


def _split(total: int, weights: list[float]) -> list[int]:
    """Split whole ticks by weights (largest remainder), so the parts sum exactly to ``total``."""
    raw = [total * w for w in weights]
    parts = [math.floor(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: (parts[i] - raw[i], i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _scaled_unit(catalog: Catalog, unit: str) -> tuple[str, int] | None:
    """A unit 10000× smaller in the same dimension (万吨 → 吨), for the 'other scale' files."""
    for name in catalog.units.names():
        factor = catalog.units.factor(unit, name)
        if name != unit and factor is not None and abs(factor - 10000) < 1e-9:
            return name, 10000
    return None


@dataclass
class _RowPlan:
    series: _Series
    name: str  # name as written
    code: str | None  # code as written (None in name-only shapes)
    unit: str
    factor: int  # written value = catalog value × factor


def _rows_for(plan: _RowPlan, month: int, year: int) -> list[Row]:
    s = plan.series
    mv = s.months.get(month)
    if mv is None:
        return []
    t = s.target
    scale, factor = s.scale, plan.factor
    dec = max(s.decimals - round(math.log10(factor)), 0) if factor > 1 else s.decimals
    if t.kind is Kind.COUNT:
        dec = 0

    def val(ticks: int | None) -> float | None:
        return None if ticks is None else ticks * factor / scale

    def growth(ytd: int | None, prior: int | None) -> float | None:
        if ytd is None or not prior:
            return None
        return round((ytd / prior - 1) * 100, 1)

    base: dict[str, Any] = {
        "indicator_code": plan.code,
        "indicator_name": plan.name,
        "unit": plan.unit,
        "period": _period(year, month),
    }
    if t.value_field == "value_ytd":
        rows = [
            Row(
                **base,
                county=CITY,
                value_month=val(mv.month_ticks),
                value_ytd=val(mv.ytd_ticks),
                value_ytd_prior=val(mv.prior_ticks),
                growth_pct=growth(mv.ytd_ticks, mv.prior_ticks),
                decimals=dec,
            )
        ]
        if s.county_weights:
            paths = _county_paths(s)
            ytd_parts, prior_parts = paths[month]
            prev = paths.get(_previous_month(s, month))
            prev_parts = prev[0] if prev else [0] * len(ytd_parts)
            for (county, _), ytd, prior, before in zip(
                s.county_weights, ytd_parts, prior_parts, prev_parts, strict=True
            ):
                monthly = (ytd - before) if mv.month_ticks is not None else None
                rows.append(
                    Row(
                        **base,
                        county=county,
                        value_month=val(monthly),
                        value_ytd=val(ytd),
                        value_ytd_prior=val(prior),
                        growth_pct=growth(ytd, prior),
                        decimals=dec,
                    )
                )
        return rows
    if t.value_field == "growth_pct":
        return [Row(**base, county=CITY, growth_pct=mv.growth, decimals=1)]
    value = None if mv.value is None else mv.value * factor
    return [Row(**base, county=CITY, value=value, decimals=dec)]


def _county_paths(s: _Series) -> dict[int, tuple[list[int], list[int | None]]]:
    """County year-to-date and prior ticks per month, built from split *increments*.

    Splitting each month's total afresh could hand a remainder tick to another county and make
    a county's 累计 drop by one; splitting the increments keeps every county non-decreasing
    and still summing exactly to 全市.
    """
    assert s.county_weights
    weights = [w for _, w in s.county_weights]
    out: dict[int, tuple[list[int], list[int | None]]] = {}
    ytd, prior = [0] * len(weights), [0] * len(weights)
    prev_ytd = prev_prior = 0
    for m in sorted(s.months):
        mv = s.months[m]
        ytd = [a + b for a, b in zip(ytd, _split((mv.ytd_ticks or 0) - prev_ytd, weights), strict=True)]
        prior = [
            a + b for a, b in zip(prior, _split((mv.prior_ticks or 0) - prev_prior, weights), strict=True)
        ]
        prev_ytd, prev_prior = mv.ytd_ticks or 0, mv.prior_ticks or 0
        out[m] = (list(ytd), list(prior) if mv.prior_ticks else [None] * len(weights))
    return out


def _previous_month(s: _Series, month: int) -> int:
    earlier = [m for m in s.months if m < month]
    return max(earlier) if earlier else 0


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

    targets = [t for t in catalog.targets if _assessable(t)]
    candidates = sorted(t.code for t in targets if _can_be_behind(t)) or sorted(t.code for t in targets)
    n_behind = min(len(candidates), max(1, round(len(targets) / 8))) if candidates else 0
    behind_codes = set(plan_rng.sample(candidates, n_behind))
    series = {t.code: _series(t, seed, t.code in behind_codes) for t in targets}

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

    plans: dict[str, list[_RowPlan]] = {}
    for d in depts:
        name_only = not styles[d.code].startswith("template")
        rows_plan = []
        for t in by_dept[d.code]:
            unit, factor = t.unit, 1
            if d.code in scaled_depts and t.kind is not Kind.COUNT and t.value_field != "growth_pct":
                scaled = _scaled_unit(catalog, t.unit)
                if scaled:
                    unit, factor = scaled
            name = t.aliases[0] if (name_only and t.aliases) else t.name_zh
            rows_plan.append(_RowPlan(series[t.code], name, None if name_only else t.code, unit, factor))
        plans[d.code] = rows_plan

    due = {d.code: last_due_month(as_of, d.deadline_day, year) for d in depts}
    manifest.last_due = dict(due)

    # Per department-month rows (before planting).
    files: dict[tuple[str, int], list[Row]] = {}
    for d in depts:
        for m in range(1, due[d.code] + 1):
            rows = [r for p in plans[d.code] for r in _rows_for(p, m, year)]
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
        manifest.late_period = _period(year, due[late.code])
        del files[(late.code, due[late.code])]

    planted = _plant(catalog, files, styles, by_dept, as_of, year, seed)

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
        manifest.files.append(DemoFile(rel, code, _period(year, month), style, len(rows)))
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
                    indicator_code=_planted_indicator(catalog, row),
                    value=_as_str(getattr(row, fld, None)),
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
            measure = _pace_measure(s, max(last))
            if measure:
                manifest.behind.append(
                    BehindTarget(code, s.target.department, _period(year, max(last)), *measure)
                )

    manifest.files.sort(key=lambda f: f.path)
    manifest.planted.sort(key=lambda p: (p.file, p.row or 0))
    target_path = manifest_path or (out_dir.parent / "demo_manifest.json")
    target_path.write_text(manifest.to_json() + "\n", encoding="utf-8")
    return manifest


def _as_str(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _planted_indicator(catalog: Catalog, row: Row) -> str | None:
    found = catalog.get(row.indicator_code or "") or catalog.find(row.indicator_name)
    return found.code if found else None


# --------------------------------------------------------------------------------------------
# Planting bad rows


def _plant(
    catalog: Catalog,
    files: dict[tuple[str, int], list[Row]],
    styles: dict[str, str],
    by_dept: dict[str, list[Target]],
    as_of: date,
    year: int,
    seed: int,
) -> dict[str, tuple[str, str, str]]:
    """Append the bad rows to chosen files; return tag → (code, field holding the bad value, description).

    Every planted row is an extra row with a (indicator, period, county) of its own, so the
    good rows of the file still load and the pace picture is unchanged. Each goes to a
    different department where possible, in a month before that department's last file.
    """
    rng = random.Random(f"{seed}/plant")
    planted: dict[str, tuple[str, str, str]] = {}
    used: set[str] = set()
    last_month = {code: max(m for c, m in files if c == code) for code, _ in files}

    def host(template_only: bool, want: Any = None) -> tuple[str, int, list[Row]] | None:
        keys = sorted(
            k
            for k in files
            if k[0] not in used
            and (not template_only or styles[k[0]].startswith("template"))
            and (k[1] < last_month[k[0]] or last_month[k[0]] == 1)
            and (want is None or want(k, files[k]))
        )
        if not keys:
            return None
        # Prefer months in the middle of the year, so every bad row is in a file of its own era.
        key = keys[rng.randrange(len(keys))]
        used.add(key[0])
        return key[0], key[1], files[key]

    def city_row(rows: list[Row], fld: str) -> Row | None:
        return next((r for r in rows if r.county == CITY and isinstance(getattr(r, fld), int | float)), None)

    def spare_county(rows: list[Row], indicator: str) -> str:
        taken = {r.county for r in rows if r.indicator_name == indicator}
        for c in catalog.counties:
            if c.name not in taken and c.name != CITY:
                return c.name
        return CITY

    def clone(row: Row, tag: str, **changes: Any) -> Row:
        data = {**row.__dict__, **changes, "tag": tag}
        return Row(**data)

    # 1. Unknown indicator, in a department's own report shape (indicator by name only).
    got = host(False, lambda k, rows: not styles[k[0]].startswith("template")) or host(False)
    if got:
        _, _, rows = got
        name = next(n for n in (*_UNKNOWN_INDICATORS, "未列入目标的测试指标") if catalog.find(n) is None)
        model = rows[0]
        rows.append(
            Row(
                indicator_code=None,
                indicator_name=name,
                unit="吨",
                period=model.period,
                county=CITY,
                value_month=120.0,
                value_ytd=860.0,
                value=None,
                decimals=2,
                tag="unknown",
            )
        )
        planted["unknown"] = (Code.UNKNOWN_INDICATOR.value, "indicator_name", f"目录中没有的指标“{name}”")

    # 2. Incompatible unit (e.g. 万千瓦时 for a 万吨 target), on a county row of its own.
    got = host(True, lambda k, rows: city_row(rows, "value_ytd") is not None)
    if got:
        _, _, rows = got
        row = city_row(rows, "value_ytd")
        assert row is not None
        wrong = _incompatible_unit(catalog, row.unit)
        rows.append(clone(row, "unit", unit=wrong, county=spare_county(rows, row.indicator_name)))
        planted["unit"] = (
            Code.UNIT_MISMATCH.value,
            "unit",
            f"计量单位“{wrong}”与目录单位“{row.unit}”不可换算",
        )

    # 3. A text value "暂无" where a number belongs.
    got = host(
        True,
        lambda k, rows: any(isinstance(r.value_ytd or r.growth_pct or r.value, int | float) for r in rows),
    )
    if got:
        _, _, rows = got
        row = next(r for r in rows if r.county == CITY)
        fld = next(
            f for f in ("value_ytd", "growth_pct", "value") if isinstance(getattr(row, f), int | float)
        )
        changes: dict[str, Any] = {
            "county": spare_county(rows, row.indicator_name),
            "value_month": None,
            "value_ytd_prior": None,
            "growth_pct": None,
            fld: "暂无",
        }
        rows.append(clone(row, "text", **changes))
        # headers.yaml lists 暂无 as a missing-value marker, so validation reports the measure as
        # not filled in (VALUE_MISSING) rather than as text (VALUE_NOT_NUMBER).
        planted["text"] = (Code.VALUE_MISSING.value, fld, "考核数值栏填写“暂无”（视为未填报）")

    # 4. A share of 120%.
    share_codes = {t.code for ts in by_dept.values() for t in ts if t.kind is Kind.SHARE}
    got = host(False, lambda k, rows: any(_row_code(catalog, r) in share_codes for r in rows))
    if got:
        _, _, rows = got
        row = next(r for r in rows if _row_code(catalog, r) in share_codes)
        rows.append(clone(row, "share", value=120.0, county=spare_county(rows, row.indicator_name)))
        planted["share"] = (Code.SHARE_OUT_OF_RANGE.value, "value", "比重填报为120%，超出0–100%")

    # 5. A duplicate row (an exact copy of a good row).
    got = host(True)
    if got:
        _, _, rows = got
        row = rows[-1]
        rows.append(clone(row, "dup"))
        planted["dup"] = (Code.DUPLICATE_ROW.value, "indicator_name", "同一指标、统计期、区县重复填报")

    # 6. A period in the future (the month after as_of), in a file with a 统计期 column.
    if as_of.year == year and as_of.month < 12:
        got = host(True, lambda k, rows: city_row(rows, "value_ytd") is not None or bool(rows))
        if got:
            _, _, rows = got
            row = rows[0]
            future = _period(year, as_of.month + 1)
            rows.append(clone(row, "future", period=future))
            planted["future"] = (
                Code.PERIOD_IN_FUTURE.value,
                "period",
                f"统计期{future}晚于截止日期{as_of.isoformat()}",
            )
    return planted


def _row_code(catalog: Catalog, row: Row) -> str | None:
    found = catalog.get(row.indicator_code or "") or catalog.find(row.indicator_name)
    return found.code if found else None


def _incompatible_unit(catalog: Catalog, unit: str) -> str:
    for candidate in ("万千瓦时", "万吨", "万人", "个", "亿元"):
        if candidate in catalog.units and catalog.units.factor(candidate, unit) is None:
            return candidate
    return next(u for u in catalog.units.names() if catalog.units.factor(u, unit) is None)
