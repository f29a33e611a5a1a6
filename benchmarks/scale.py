"""Scale generator: many department files in the shapes departments really send, over real targets.

One file is one department's report for one month: ~``rows_per_file`` rows of (target, county)
pairs taken from the real catalog (``load_catalog_from_settings(load_settings())``), a department
with more pairs sending several files. Shapes and formats are mixed the way an inbox is:

=====================  ==========  ======================================================
style                  share       what it looks like
=====================  ==========  ======================================================
template / xlsx        40 %        canonical header on row 1, numbers as numbers
template_text / xlsx   15 %        canonical header, numbers typed as text
merged / xlsx          15 %        title + 填报单位 rows, two-row merged header, names only,
                                   text numbers with thousands separators, trailing 注： rows
merged / xls           10 %        the same, as a BIFF8 .xls (xlwt)
flat / xls             10 %        title rows over a one-row header of aliases (项目, 当月 …)
template_text / csv     5 %        GB18030 csv, padded to the sheet width as Excel exports it
flat / csv              5 %        the same, with title rows
=====================  ==========  ======================================================

The catalog covers one year (2024), so a backfill bigger than one year's files (~500) is made of
*rounds*: round ``r`` re-sends every department-month with about a third of its targets revised
(values × (1 + r/1000), so a re-sent row supersedes the previous version while the others only
confirm it); its first row's 备注 says which sending it is, so no file is byte-identical to an
earlier one. Every row is valid: the pipeline loads all of them, the naive script too.

Generated files are cached in ``benchmarks/data/<key>/inbox`` keyed by the parameters; the
manifest (``benchmarks/data/<key>/manifest.json``) sits outside the inbox.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import multiprocessing
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bijie_etl.catalog import Catalog, Kind, Target
from bijie_etl.demo.shapes import FileContext, Grid, Row, shape_grid, write_grid
from bijie_etl.settings import load_settings

__all__ = ["DATA_DIR", "GENERATOR_VERSION", "STYLES", "Dataset", "ScaleParams", "generate", "plan_files"]

DATA_DIR = Path(__file__).resolve().parent / "data"
#: Bump when the generated files change, so that cached inboxes are rebuilt.
GENERATOR_VERSION = 5
YEAR = 2024

#: style -> (shape, backend, extension, weight out of 20)
STYLES: dict[str, tuple[str, str, str, int]] = {
    "template_xlsx": ("template", "xlsx", "xlsx", 8),
    "template_text_xlsx": ("template_text", "xlsx", "xlsx", 3),
    "merged_xlsx": ("merged", "xlsx", "xlsx", 3),
    "merged_xls": ("merged", "xls", "xls", 2),
    "flat_xls": ("report_flat", "xls", "xls", 2),
    "template_text_csv": ("template_text", "csv", "csv", 1),
    "flat_csv": ("report_flat", "csv", "csv", 1),
}
_WHEEL = [name for name, (*_, weight) in STYLES.items() for _ in range(weight)]


@dataclass(frozen=True)
class ScaleParams:
    """What to generate: ``n_files`` files of at most ``rows_per_file`` rows."""

    n_files: int = 5000
    rows_per_file: int = 50
    departments: tuple[str, ...] = ()  # department codes; () = every department of the catalog
    counties: tuple[str, ...] = ()  # official county names; () = every county (全市 included)
    months: tuple[int, ...] = tuple(range(1, 13))

    def key(self) -> str:
        raw = json.dumps({"v": GENERATOR_VERSION, **asdict(self)}, sort_keys=True, ensure_ascii=False)
        return f"f{self.n_files}-r{self.rows_per_file}-{hashlib.sha256(raw.encode()).hexdigest()[:10]}"


@dataclass
class Dataset:
    """A generated inbox and what is in it."""

    params: ScaleParams
    root: Path  # benchmarks/data/<key>
    files: list[Path]
    rows: int
    by_style: dict[str, int] = field(default_factory=dict)
    generated_s: float = 0.0  # 0 when served from the cache

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"


@dataclass(frozen=True)
class _FileSpec:
    path: str  # relative to the inbox
    style: str
    department_zh: str
    month: int
    rnd: int
    pairs: tuple[tuple[str, str], ...]  # (target code, county)


# --------------------------------------------------------------------------------------------
# Planning


def _stable(*parts: object) -> int:
    return int.from_bytes(hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=8).digest(), "big")


def plan_files(params: ScaleParams, catalog: Catalog) -> list[_FileSpec]:
    """Every file of the dataset, in inbox order (round, department, month, part)."""
    counties = list(params.counties) or [c.name for c in catalog.counties]
    departments = [d for d in catalog.departments if not params.departments or d.code in params.departments]
    per_round: list[_FileSpec] = []
    for rnd in range(10_000):
        for dept_i, dept in enumerate(departments):
            pairs = [(t.code, c) for t in catalog.targets_of(dept.code) for c in counties]
            if not pairs:
                continue
            parts = math.ceil(len(pairs) / params.rows_per_file)
            size = math.ceil(len(pairs) / parts)
            for month in params.months:
                for part in range(parts):
                    chunk = tuple(pairs[part * size : (part + 1) * size])
                    style = _WHEEL[_stable(dept.code, month, part, rnd) % len(_WHEEL)]
                    ext = STYLES[style][2]
                    name = f"{dept.inbox}_{YEAR}-{month:02d}_{part + 1}.{ext}"
                    path = f"r{rnd:03d}/{dept_i:02d}_{dept.inbox}/{name}"
                    per_round.append(_FileSpec(path, style, dept.name_zh, month, rnd, chunk))
                    if len(per_round) >= params.n_files:
                        return per_round
    return per_round


# --------------------------------------------------------------------------------------------
# Values


def _annual(target: Target, county: str, n_counties: int) -> float:
    base = target.target if target.target and target.target > 0 else 1000.0
    share = 1.0 if county == "全市" else 1.0 / max(n_counties - 1, 1)
    return base * 0.9 * share


def _factor(target: Target, rnd: int) -> float:
    """Round ``rnd``'s revision factor: a third of the targets change in each round."""
    revised = rnd > 0 and _stable(target.code, rnd) % 3 == 0
    return 1.0 + rnd / 1000.0 if revised else 1.0 + _last_revision(target, rnd) / 1000.0


def _last_revision(target: Target, rnd: int) -> int:
    for r in range(rnd - 1, 0, -1):
        if _stable(target.code, r) % 3 == 0:
            return r
    return 0


def _ytd(target: Target, county: str, n_counties: int, month: int, f: float) -> float:
    if county == "全市" and n_counties > 1:
        # The city's figure is its counties' sum, as a statistics bureau's total is (the guard
        # checks it): rounding each county and then scaling the city would not add up.
        total = _ytd(target, "", n_counties, month, f) * (n_counties - 1)
        return float(round(total)) if target.kind is Kind.COUNT else round(total, 2)
    annual = _annual(target, county, n_counties)
    if target.kind is Kind.COUNT:
        return float(round(math.floor(annual * month / 12) * f))
    return round(annual * month / 12 * f, 2)


def _row(target: Target, county: str, n_counties: int, month: int, rnd: int, *, with_code: bool) -> Row:
    f = _factor(target, rnd)
    base: dict[str, Any] = {
        "indicator_code": target.code if with_code else None,
        "indicator_name": target.name_zh,
        "unit": target.unit,
        "period": f"{YEAR}-{month:02d}",
        "county": county,
    }
    whole = target.kind is Kind.COUNT
    if target.value_field == "value_ytd":
        ytd = _ytd(target, county, n_counties, month, f)
        before = _ytd(target, county, n_counties, month - 1, f) if month > 1 else 0.0
        prior = float(round(ytd / 1.05)) if whole else round(ytd / 1.05, 2)
        growth = round((ytd / prior - 1) * 100, 1) if prior > 0 else None
        monthly = ytd - before if whole else round(ytd - before, 2)
        return Row(
            **base,
            value_month=monthly,
            value_ytd=ytd,
            value_ytd_prior=prior,
            growth_pct=growth,
            decimals=0 if whole else 2,
        )
    if target.value_field == "growth_pct":
        growth = target.target if target.target is not None and -50 < target.target < 100 else 5.0
        return Row(**base, growth_pct=round(growth * f, 1), decimals=1)
    if target.kind is Kind.SHARE:
        value = min(max(target.target or 50.0, 1.0), 99.0)
    else:
        value = target.target if target.target and target.target > 0 else 100.0
    return Row(**base, value=round(value * 0.95 * f, 2), decimals=2)


# --------------------------------------------------------------------------------------------
# Shapes not in the demo: the merged report with a 区县 column; csv padded like Excel writes it


def _text(value: float | str | None, decimals: int) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return f"{value:,.{max(decimals, 0)}f}"


def _merged(rows: list[Row], ctx: FileContext) -> Grid:
    # 序号 | 指标名称 | 计量单位 | 区县 | 本月 | <1-N月>: 累计 | 上年同期 | 同比增长(%) | 本期值 | 备注
    grid = Grid(sheet=ctx.sheet)
    width = 10
    grid.add([ctx.title] + [None] * (width - 1))
    grid.merges.append((0, 0, 0, width - 1))
    grid.add(
        [
            f"填报单位：{ctx.department_zh}",
            None,
            None,
            None,
            None,
            None,
            None,
            f"填报日期：{ctx.fill_date}",
            None,
            None,
        ]
    )
    span = "1月" if ctx.month == 1 else f"1-{ctx.month}月"
    top = grid.add(["序号", "指标名称", "计量单位", "区县", "本月", span, None, None, "本期值", "备注"])
    grid.add([None, None, None, None, None, "累计", "上年同期", "同比增长(%)", None, None])
    for col in (0, 1, 2, 3, 4, 8, 9):
        grid.merges.append((top, col, top + 1, col))
    grid.merges.append((top, 5, top, 7))
    grid.columns = {"indicator_name": 1, "unit": 2, "county": 3, "value_month": 4, "value_ytd": 5,
                    "value_ytd_prior": 6, "growth_pct": 7, "value": 8, "note": 9}  # fmt: skip
    for i, row in enumerate(rows, start=1):
        dec = row.decimals
        grid.data_rows.append(
            grid.add(
                [
                    str(i),
                    row.indicator_name,
                    row.unit,
                    row.county,
                    _text(row.value_month, dec),
                    _text(row.value_ytd, dec),
                    _text(row.value_ytd_prior, dec),
                    _text(row.growth_pct, 1),
                    _text(row.value, dec),
                    row.note or None,
                ]
            )
        )
    grid.add([None] * width)
    r = grid.add(["注：1.本表数据为快报数；2.“—”表示无此项数据。"] + [None] * (width - 1))
    grid.merges.append((r, 0, r, width - 1))
    return grid


def _write_csv_padded(path: Path, grid: Grid) -> None:
    """GB18030 csv with every row as wide as the sheet (Excel's "save as CSV" keeps the commas)."""
    width = max(len(r) for r in grid.cells)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for cells in grid.cells:
        out = [
            "" if v is None else v if isinstance(v, str) else repr(v) if isinstance(v, float) else str(v)
            for v in cells
        ]
        writer.writerow(out + [""] * (width - len(out)))
    path.write_bytes(buf.getvalue().encode("gb18030"))


def _write(spec: _FileSpec, inbox: Path, catalog: Catalog, n_counties: int) -> int:
    shape, backend, _, _ = STYLES[spec.style]
    by_code = {t.code: t for t in catalog.targets}
    rows = [
        _row(by_code[c], county, n_counties, spec.month, spec.rnd, with_code=shape.startswith("template"))
        for c, county in spec.pairs
    ]
    if rows and spec.rnd:
        # Every re-sent file differs from the earlier one (else the pipeline skips it by sha256, the naive script not).
        rows[0].note = f"第{spec.rnd + 1}次报送"
    span = "1月" if spec.month == 1 else f"1-{spec.month}月"
    ctx = FileContext(
        title=f"毕节{spec.department_zh}{YEAR}年{span}主要指标完成情况",
        department_zh=spec.department_zh,
        sheet="Sheet1",
        month=spec.month,
        fill_date=f"{YEAR}年{min(spec.month + 1, 12)}月5日",
    )
    grid = _merged(rows, ctx) if shape == "merged" else shape_grid(shape, rows, ctx)
    path = inbox / spec.path
    path.parent.mkdir(parents=True, exist_ok=True)
    if backend == "csv":
        _write_csv_padded(path, grid)
    else:
        write_grid(path, grid, backend)
    return len(rows)


_WORKER: dict[str, Any] = {}


def _init_worker() -> None:
    from bijie_etl.catalog import load_catalog_from_settings

    _WORKER["catalog"] = load_catalog_from_settings(load_settings())


def _write_chunk(args: tuple[list[_FileSpec], str, int]) -> int:
    specs, inbox, n_counties = args
    if "catalog" not in _WORKER:
        _init_worker()
    return sum(_write(s, Path(inbox), _WORKER["catalog"], n_counties) for s in specs)


# --------------------------------------------------------------------------------------------
# Entry point


def generate(
    params: ScaleParams, *, data_dir: Path = DATA_DIR, processes: int = 2, log: Any = None
) -> Dataset:
    """The dataset for ``params``: generated into ``data_dir/<key>`` unless already cached there."""
    from bijie_etl.catalog import load_catalog_from_settings

    root = data_dir / params.key()
    manifest = root / "manifest.json"
    if manifest.exists():
        meta = json.loads(manifest.read_text(encoding="utf-8"))
        files = [root / "inbox" / p for p in meta["files"]]
        if all(p.exists() for p in files):
            return Dataset(params, root, files, meta["rows"], meta["by_style"], 0.0)
    if root.exists():
        shutil.rmtree(root)
    started = time.perf_counter()
    catalog = load_catalog_from_settings(load_settings())
    specs = plan_files(params, catalog)
    n_counties = len(params.counties) or len(catalog.counties)
    inbox = root / "inbox"
    inbox.mkdir(parents=True)
    if log:
        log(f"generating {len(specs)} files into {root} …")
    chunks = [(specs[i : i + 100], str(inbox), n_counties) for i in range(0, len(specs), 100)]
    if processes > 1 and len(chunks) > 1:
        with multiprocessing.get_context("fork").Pool(processes, initializer=_init_worker) as pool:
            rows = sum(pool.map(_write_chunk, chunks))
    else:
        rows = sum(_write_chunk(c) for c in chunks)
    by_style: dict[str, int] = {}
    for s in specs:
        by_style[s.style] = by_style.get(s.style, 0) + 1
    manifest.write_text(
        json.dumps(
            {"params": asdict(params), "files": [s.path for s in specs], "rows": rows, "by_style": by_style},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return Dataset(
        params, root, [inbox / s.path for s in specs], rows, by_style, time.perf_counter() - started
    )
