"""The ``bijie-etl`` command: a thin layer over the library.

Exit codes (documented in the README):
  0  success (rejected input files are data, not a failure)
  1  error: bad arguments' values, invalid catalog, a failed step — one line on stderr
  2  usage error (unknown option, missing argument)
  3  the warehouse is busy: another run holds the writer lock
  4  nothing to query: the analytics database has not been published yet
"""

from __future__ import annotations

import csv
import gc
import io
import sys
import traceback
from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bijie_etl.settings import Settings, load_settings, today_in_bijie
from bijie_etl.text import console as make_console

if TYPE_CHECKING:
    from bijie_etl.catalog import Catalog
    from bijie_etl.run import FileOutcome

app = typer.Typer(
    name="bijie-etl",
    help="毕节市2024年政府工作报告目标监测：接收部门报表、校验、入库、评估进度、提醒。\n\nMonitor Bijie's 2024 Government Work Report targets.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
out = make_console()
err = make_console(stderr=True)

EXIT_ERROR = 1  # the other codes are carried by the errors themselves (BijieError.exit_code)


class _State:
    debug: bool = False
    overrides: dict[str, Any] = {}  # noqa: RUF012 - one process-wide CLI state


def _settings() -> Settings:
    return load_settings(**_State.overrides)


def _export_overrides() -> None:
    """Flows build their own Settings from the environment: hand the CLI's path options on."""
    import os

    for key, value in _State.overrides.items():
        os.environ[f"BIJIE_{key.upper()}"] = str(value)


F = TypeVar("F", bound=Callable[..., Any])


def handled(fn: F) -> F:
    """Turn any exception into one clear line and an exit code (``--debug`` shows the traceback)."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from bijie_etl.errors import BijieError

        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except BijieError as exc:  # the one mapping of the package's errors to exit codes
            _fail(exc, exc.exit_code, prefix=exc.prefix_zh)
        except Exception as exc:  # anything else is a failed step too, never a traceback
            _fail(exc, EXIT_ERROR)

    return wrapper  # type: ignore[return-value]


def _fail(exc: BaseException, code: int, prefix: str = "") -> None:
    if _State.debug:
        traceback.print_exception(exc, file=sys.stderr)
    message = " ".join(str(exc).split()) or type(exc).__name__
    err.print(f"[bold red]错误 error:[/] {prefix}{message}", markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _unknown_department(name: str, catalog: Catalog) -> Exception:
    from bijie_etl.errors import UnknownDepartment

    return UnknownDepartment(f"未知部门 {name!r}；可用：" + "、".join(d.name_zh for d in catalog.departments))


def _require_published(settings: Settings, hint: str = "请先运行 bijie-etl run 或 make demo") -> None:
    """Exit 4 with a clear line when no run has published the analytics database yet."""
    from bijie_etl.warehouse.analytics import AnalyticsNotPublished

    if not settings.analytics_path.exists():
        raise AnalyticsNotPublished(
            f"分析库尚未发布：{settings.analytics_path}" + (f"；{hint}" if hint else "")
        )


def _parse_date(value: str | None) -> date:
    if value is None:
        return today_in_bijie()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"日期格式应为 YYYY-MM-DD，收到 {value!r}") from None


def _year_for(settings: Settings, day: date) -> int:
    """The catalog year a date works on (its own year when catalogued, else the latest earlier one)."""
    years = settings.catalog_years
    earlier = [y for y in years if y <= day.year]
    return earlier[-1] if earlier else (years[0] if years else day.year)


AsOf = Annotated[str | None, typer.Option("--as-of", help="截至日期 YYYY-MM-DD（默认：北京时间今天）")]


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="出错时显示完整堆栈 (show tracebacks)")] = False,
    warehouse: Annotated[
        Path | None, typer.Option("--warehouse", help="数据仓库目录 (BIJIE_WAREHOUSE_DIR)")
    ] = None,
    inbox: Annotated[Path | None, typer.Option("--inbox", help="收件目录 (BIJIE_INBOX_DIR)")] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year", help="目标年度（默认：截至日期所在年度） (BIJIE_YEAR; default: the as-of date's year)"
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help="配置目录：其中的 schemas/ sources/ sql/ reference/ 替换随包配置 (BIJIE_CONFIG_DIR)",
        ),
    ] = None,
) -> None:
    """毕节市目标监测 bijie-etl."""
    _State.debug = debug
    _State.overrides = {}
    if config:
        _State.overrides["config_dir"] = config.resolve()
    if year is not None:
        _State.overrides["year"] = year
    if warehouse:
        _State.overrides["warehouse_dir"] = warehouse.resolve()
    if inbox:
        _State.overrides["inbox_dir"] = inbox.resolve()


# --------------------------------------------------------------------------------------------
# Catalog


@app.command()
@handled
def targets(
    format: Annotated[str, typer.Option("--format", "-f", help="table | csv | json")] = "table",
    department: Annotated[
        str | None, typer.Option("--department", "-d", help="只列出该部门的目标（名称或代码）")
    ] = None,
) -> None:
    """列出某年度全部目标（默认最新年度，--year 指定） (list a year's targets; default: the latest)."""
    from bijie_etl.catalog import load_catalog_from_settings
    from bijie_etl.catalog.listing import format_targets

    if format not in {"table", "csv", "json"}:
        raise typer.BadParameter("--format 只能是 table、csv 或 json")
    catalog = load_catalog_from_settings(_settings())
    if department and catalog.department(department) is None:
        raise _unknown_department(department, catalog)
    text = format_targets(catalog, format, department)  # type: ignore[arg-type]
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


catalog_app = typer.Typer(
    help="目标目录：新年度草稿等 (the target catalog: draft a new year …)", no_args_is_help=True
)
app.add_typer(catalog_app, name="catalog")

config_app = typer.Typer(
    help="配置目录：导出随包配置、查看生效的配置 (the configuration folder)", no_args_is_help=True
)
app.add_typer(config_app, name="config")


@config_app.command("export")
@handled
def config_export(
    target: Annotated[Path, typer.Argument(help="目标文件夹（例如 /srv/bijie/config）")],
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的子文件夹")] = False,
) -> None:
    """把随包配置（schemas/ sources/ sql/ reference/）复制到 TARGET，再设 BIJIE_CONFIG_DIR=TARGET 后在那里修改。"""
    from bijie_etl.settings import export_config

    target.mkdir(parents=True, exist_ok=True)
    for folder in export_config(target.resolve(), force=force):
        out.print(f"已导出 exported {folder}", highlight=False, soft_wrap=True)
    out.print(
        f"请设置 BIJIE_CONFIG_DIR={target.resolve()}（或 bijie-etl --config {target.resolve()}）",
        highlight=False,
    )


@config_app.command("show")
@handled
def config_show() -> None:
    """列出每类配置实际从哪个文件夹读取 (where each configuration folder is read from)."""
    settings = _settings()
    out.print(
        f"BIJIE_CONFIG_DIR  {settings.config_dir or '（未设置：使用随包配置）'}",
        highlight=False,
        soft_wrap=True,
    )
    for label, folder in (
        ("schemas   目标目录", settings.schemas_dir),
        ("sources   来源与表头语法", settings.sources_dir),
        ("sql       迁移与视图", settings.sql_dir),
        ("reference 政府工作报告", settings.reference_dir),
    ):
        out.print(f"{label}  {folder}", highlight=False, soft_wrap=True)


@catalog_app.command("draft")
@handled
def catalog_draft(
    report_file: Annotated[Path, typer.Argument(help="政府工作报告全文（UTF-8 文本）")],
    year: Annotated[int, typer.Option("--year", help="报告部署的年度，如 2025")],
    output: Annotated[Path, typer.Option("-o", "--output", help="草稿输出目录")],
    previous: Annotated[
        Path | None, typer.Option("--previous", help="上年目录 schemas/targets_PREV.yaml（沿用代码、部门等）")
    ] = None,
    heading: Annotated[
        str | None, typer.Option("--heading", help="年度目标部分的标题（默认自动查找）")
    ] = None,
) -> None:
    """从报告文本起草新年度目标目录 (draft a year's target catalog from the report text)."""
    from bijie_etl.catalog import load_catalog
    from bijie_etl.catalog.draft import draft_catalog, load_rules
    from bijie_etl.catalog.draft_review import read_report, write_draft
    from bijie_etl.units import load_units

    settings = _settings()
    units_path = settings.schemas_dir / "units.yaml"
    counties_path = settings.sources_dir / "counties.yaml"
    prev = (
        load_catalog(
            previous,
            departments_path=settings.departments_path,
            counties_path=counties_path,
            units_path=units_path,
        )
        if previous
        else None
    )
    draft = draft_catalog(
        read_report(report_file),
        year,
        units=load_units(units_path),
        rules=load_rules(settings.sources_dir / "catalog_draft.yaml"),
        previous=prev,
        heading=heading,
    )
    paths = write_draft(
        draft,
        output,
        departments_path=settings.departments_path,
        counties_path=counties_path,
        units_path=units_path,
        report_path=report_file,
    )
    carried = sum(1 for p in draft.proposals if p.previous is not None)
    unsure = sum(1 for p in draft.proposals if p.confidence < 0.8)
    out.print(
        f"读取“{draft.heading}”：建议目标 {len(draft.proposals)} 个（沿用上年 {carried}、新增 "
        f"{len(draft.proposals) - carried}、需重点复核 {unsure}），非目标数字 {len(draft.exclusions)} 个，"
        f"上年未找到 {len(draft.dropped)} 个。草稿已通过目录校验。"
    )
    for path in paths:
        out.print(f"  {path}")


@app.command()
@handled
def template(
    department: Annotated[str, typer.Argument(help="部门名称或代码，如 能源局 / energy")],
    period: Annotated[
        str, typer.Option("--period", "-p", help="统计期，如 2024-06 或 2024年6月（目标目录的年度）")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="输出的 xlsx 文件")],
) -> None:
    """生成部门填报模板 xlsx (write a fill-in template for a department)."""
    from bijie_etl.catalog import load_catalog_from_settings
    from bijie_etl.ingest.template import write_template
    from bijie_etl.months import parse_month

    if output.suffix.lower() != ".xlsx":
        raise ValueError(
            f"模板只能保存为 .xlsx 文件（下拉选项与说明页需要 Excel 格式），收到 {output.name!r}"
        )
    settings = _settings()
    month = parse_month(period)
    year = settings.year or month.year
    if year not in settings.catalog_years:
        raise ValueError(
            f"统计期 {period} 所在的{year}年没有目标目录；现有年度："
            + "、".join(f"{y}年" for y in settings.catalog_years)
        )
    catalog = load_catalog_from_settings(settings, year)
    if month.year != catalog.year:
        raise ValueError(
            f"统计期 {period} 不在目标目录的年度（{catalog.year}年）内，请填写 {catalog.year}年的月份"
        )
    if catalog.department(department) is None:
        raise _unknown_department(department, catalog)
    path = write_template(catalog, department, month, output)
    out.print(f"已生成模板 template written: {path}")


# --------------------------------------------------------------------------------------------
# Demo


@app.command("inspect")
@handled
def inspect_command(
    file: Annotated[
        Path, typer.Argument(help="要查看的报表文件（xlsx、xls 或 csv）", exists=True, dir_okay=False)
    ],
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
    as_of: AsOf = None,
) -> None:
    """说明一个文件是怎样读取的：每个工作表的结构、表头、统计期、单位、指标匹配和将入库的数值（不写入数据仓库）。"""
    import json

    from bijie_etl.catalog import load_catalog_from_settings
    from bijie_etl.validate.inspect import format_inspection, inspect_file

    settings = _settings()
    report = inspect_file(
        file, settings, catalog=load_catalog_from_settings(settings), as_of=_parse_date(as_of)
    )
    if as_json:
        sys.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_inspection(report))


@app.command("demo-data")
@handled
def demo_data(
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="输出目录：DIR/inbox 下为各部门子目录，清单为 DIR/demo_manifest.json"
        ),
    ],
    as_of: AsOf = "2024-11-15",
    seed: Annotated[int, typer.Option(help="随机种子（相同种子生成相同文件）")] = 2024,
) -> None:
    """生成演示年度的各部门报表 (generate a deterministic demo year of department files)."""
    from bijie_etl.catalog import load_catalog_from_settings
    from bijie_etl.demo.generate import generate_demo

    settings, day = _settings(), _parse_date(as_of)
    catalog = load_catalog_from_settings(settings, settings.year or _year_for(settings, day))
    inbox, manifest_path = output / "inbox", output / "demo_manifest.json"
    manifest = generate_demo(catalog, inbox, as_of=day, seed=seed, manifest_path=manifest_path)
    out.print(
        f"已生成 {manifest.files_written} 个文件（{manifest.describe_zh()}）→ 收件目录 {inbox}",
        highlight=False,
    )
    out.print(f"清单（预置的问题与落后目标）: {manifest_path}", highlight=False)


@app.command()
@handled
def demo(
    as_of: AsOf = "2024-11-15",
    directory: Annotated[Path, typer.Option("--dir", help="演示目录（收件箱与仓库都放在这里）")] = Path(
        "demo"
    ),
    seed: Annotated[int, typer.Option(help="随机种子")] = 2024,
) -> None:
    """一键演示：生成演示数据并运行夜间流程 (generate demo data and run the nightly flow)."""
    from bijie_etl.demo.walkthrough import run_demo

    run_demo(directory.resolve(), _parse_date(as_of), seed=seed, console=out, overrides=_State.overrides)


# --------------------------------------------------------------------------------------------
# Pipeline steps


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


@app.command()
@handled
def ingest(
    paths: Annotated[list[Path] | None, typer.Argument(help="要导入的文件或目录（默认：收件目录）")] = None,
    as_of: AsOf = None,
) -> None:
    """接收、校验并入库部门报表 (read, validate and load files; no assessment, no mail)."""
    from bijie_etl.ingest.discover import expand
    from bijie_etl.run import Run

    settings = _settings()
    day = _parse_date(as_of)
    for p in paths or [settings.inbox_dir]:
        if not p.exists():
            what = "文件或目录" if paths else "收件目录（BIJIE_INBOX_DIR / --inbox）"
            raise FileNotFoundError(f"{what}不存在：{p}")
    files = expand(paths or [settings.inbox_dir])
    if not files:
        where = "、".join(str(p) for p in paths) if paths else str(settings.inbox_dir)
        out.print(f"没有待处理的文件：{where} 中没有任何报表文件，未入库任何数据。", highlight=False)
        return
    with Run(settings, day, kind="ingest") as run, _progress() as progress:
        bar = progress.add_task("导入 ingest", total=len(files))
        result = run.ingest(paths, on_file=lambda _p: progress.advance(bar))
        run.finish({"files": result.as_rows()})
        run.publish()
    _print_files(result.files)


def _print_files(files: list[FileOutcome]) -> None:
    labels = {"loaded": "全部入库", "partial": "部分入库", "rejected": "退回", "duplicate": "未变化"}
    table = Table(title="文件处理结果", show_lines=False)
    for col in ("文件", "状态", "入库行", "退回行", "警告", "说明"):
        table.add_column(col, overflow="fold")
    for f in files:
        table.add_row(
            f.file,
            labels.get(f.status, f.status),
            str(f.rows_loaded),
            str(f.rows_rejected),
            str(f.warnings),
            f.error or "",
        )
    out.print(table)
    by_status = {k: sum(1 for f in files if f.status == k) for k in labels}
    out.print(
        f"合计 total：{len(files)} 个文件（"
        + "，".join(f"{labels[k]} {n}" for k, n in by_status.items())
        + f"）；入库 {sum(f.rows_loaded for f in files)} 行，退回 {sum(f.rows_rejected for f in files)} 行，"
        + (
            f"增速未入库 {growth} 个（所在行已入库），"
            if (growth := sum(f.growth_refused for f in files))
            else ""
        )
        + f"警告 {sum(f.warnings for f in files)} 条",
        highlight=False,
    )


@app.command()
@handled
def assess(
    as_of: AsOf = None,
    save: Annotated[
        bool, typer.Option("--save", help="保存评估结果并重新发布分析库（指定 --as-of 时默认只预览）")
    ] = False,
) -> None:
    """评估全部目标的进度并按状态分组显示 (assess every target's pace).

    Without --as-of (today) the assessment is stored and published. With --as-of D it is a what-if:
    computed from the published analytics copy and printed, nothing stored or published, unless --save.
    """
    from bijie_etl.pace.rules import format_assessments
    from bijie_etl.run import Run

    settings = _settings()
    day = _parse_date(as_of)
    if as_of is not None and not save:
        results = _what_if(settings, day)
        out.print(format_assessments(results, title=f"假设分析（未保存）：截至{day:%Y-%m-%d}的目标进度评估"))
        out.print(
            f"这是假设分析：已发布的分析库与看板未改变（仍截至 {_published_as_of(settings) or '—'}）。"
            "加 --save 保存并发布。 What-if only: nothing was stored; add --save to store it.",
            highlight=False,
        )
        return
    with Run(settings, day, kind="assess") as run:
        by_year = run.assess_years()
        run.finish({"assessed": sum(len(a.assessments) for a in by_year.values())})
        run.publish()
    for year, assessed in by_year.items():
        title = f"{year}年目标进度（截至{day.isoformat()}）" if len(by_year) > 1 else None
        out.print(format_assessments(assessed.assessments, title=title))


def _published_as_of(settings: Settings) -> date | None:
    """The as-of date every view of the published copy is judged at."""
    import duckdb

    with duckdb.connect(str(settings.analytics_path), read_only=True) as con:
        row = con.execute("SELECT current_as_of()").fetchone()
    return row[0] if row else None


def _what_if(settings: Settings, day: date) -> list[Any]:
    """Assess every target at ``day`` from the published copy, read-only: nothing is stored."""
    import duckdb

    from bijie_etl.catalog import load_catalog_from_settings
    from bijie_etl.pace.rules import assess_targets

    _require_published(settings)
    catalog = load_catalog_from_settings(settings, settings.year or _year_for(settings, day))
    with duckdb.connect(str(settings.analytics_path), read_only=True) as con:
        return assess_targets(con, catalog, settings, day)


@app.command()
@handled
def alert(
    as_of: AsOf = None,
    confirm: Annotated[
        bool,
        typer.Option("--confirm", help="确认发送被“预警风暴”保护暂扣的提醒邮件 (send held alert emails)"),
    ] = False,
) -> None:
    """根据最新评估发出提醒邮件，并重发未送达的邮件 (raise and send alerts)."""
    from bijie_etl.run import Run, mail_summary

    with Run(_settings(), _parse_date(as_of), kind="alert") as run:
        report = run.notify_years(run.assess_years(), confirm=confirm)
        run.finish(mail_summary(report))
        run.publish()
    out.print(f"新增提醒 {report.raised} 条，组成邮件 {report.composed} 封。{report.summary_zh}")
    for error in report.errors:
        err.print(f"邮件错误 mail error: {error}")


@app.command()
@handled
def run(
    as_of: AsOf = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="显示 Prefect 日志")] = False,
    confirm_alerts: Annotated[
        bool, typer.Option("--confirm-alerts", help="确认发送被“预警风暴”保护暂扣的提醒邮件")
    ] = False,
) -> None:
    """用 Prefect 运行夜间流程 (run the nightly flow; uses `bijie-etl server start`'s server, else a temporary one)."""
    from bijie_etl.orchestration import prepare_prefect_environment, run_flow, use_local_server

    settings = _settings()
    _export_overrides()
    from bijie_etl.doctor import preflight

    preflight(settings)  # a broken setup fails here in one line, before any Prefect server starts
    import os

    if not os.environ.get("PREFECT_API_URL") and use_local_server(settings) is None:
        err.print(
            "提示：本地 Prefect 服务器未运行，本次先启动临时服务器（约需 15–20 秒）。"
            "运行 `bijie-etl server start` 后，之后的运行无需等待。",
            soft_wrap=True,
        )
    prepare_prefect_environment(settings, quiet=not verbose)
    from bijie_etl.preload import run_preloaded

    # On the kept server, its preloader runs this same command in a copy that has imported
    # everything already (no ~3 s of imports); else (or if it declines) the command runs here.
    # The command as a command line (not sys.argv: `app([...])` may be called from a script); the
    # path options are already in the environment (_export_overrides).
    argv = [sys.argv[0] if sys.argv else "bijie-etl", *(["--debug"] if _State.debug else []), "run"]
    argv += [*(["--as-of", as_of] if as_of else []), *(["--verbose"] if verbose else [])]
    argv += ["--confirm-alerts"] if confirm_alerts else []
    served = run_preloaded(settings.warehouse_dir, argv, os.environ)
    if served is not None:
        raise typer.Exit(served)
    from bijie_etl.collector import collector_for_run
    from bijie_etl.run import summary_markdown

    # Tuned before the flow starts, not only for the run inside it: Prefect's own start and end too.
    with collector_for_run(), err.status("夜间流程运行中 running the nightly flow (Prefect) …"):
        report = run_flow(settings, "nightly", as_of=_parse_date(as_of), confirm_alerts=confirm_alerts)

    out.print(summary_markdown(report))


@app.command()
@handled
def report(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="看板输出目录（默认 warehouse/out/dashboard）")
    ] = None,
    as_of: AsOf = None,
    save: Annotated[
        bool, typer.Option("--save", help="把 --as-of 日期的评估保存、发布，并更新正式看板")
    ] = False,
) -> None:
    """生成中文看板 HTML (write the dashboard, one self-contained HTML file).

    Without --as-of: the published state, at the date its views are judged. With --as-of D: a what-if
    page (statuses computed at D, nothing stored) written to out/whatif/D/ unless -o, or with --save
    the assessment at D is stored and published and the dashboard rendered from it.
    """
    from bijie_etl.catalog.years import load_catalog_years
    from bijie_etl.dashboard import render

    settings = _settings()
    if as_of is not None and save:
        from bijie_etl.run import Run

        day = _parse_date(as_of)
        with Run(settings, day, kind="assess") as run:
            run.assess_years()
            run.finish({"report": True})
            run.publish()
    _require_published(settings)
    published = _published_as_of(settings)
    day = _parse_date(as_of) if as_of is not None else (published or _parse_date(None))
    years = load_catalog_years(settings)
    catalog = years[settings.year or years.year_for(day)]
    others = [years[y] for y in years.years if y != catalog.year]
    if as_of is None or save or day == published:
        path = render(settings.analytics_path, catalog, day, output or settings.dashboard_dir, others=others)
        out.print(f"看板已生成 dashboard written: {path}（截至 {day:%Y-%m-%d}）", highlight=False)
        return
    target = output or settings.out_dir / "whatif" / day.isoformat()
    path = render(settings.analytics_path, catalog, day, target, assessments=_what_if(settings, day))
    out.print(
        f"假设分析看板（未保存）已生成 what-if dashboard written: {path}（截至 {day:%Y-%m-%d}）；"
        f"正式看板与分析库未改变（截至 {published or '—'}），加 --save 保存。",
        highlight=False,
    )


@app.command()
@handled
def sql(
    query: Annotated[
        str,
        typer.Argument(
            help='SQL 查询，如 "SELECT * FROM v_indicator_status LIMIT 5"；多条语句用 ; 分隔，逐条执行'
        ),
    ],
    as_csv: Annotated[bool, typer.Option("--csv", help="以 CSV 输出")] = False,
) -> None:
    """在已发布的分析库上执行 SQL (query the published analytics database)."""
    from bijie_etl.warehouse.analytics import query_statements as run_query

    settings = _settings()
    _require_published(settings, "请先运行 make demo 或 bijie-etl run")
    results = run_query(settings.analytics_path, query)
    if as_csv:
        buf = io.StringIO()
        writer = csv.writer(buf)
        for i, (_text, columns, rows) in enumerate(results):
            if not columns:
                continue
            if i and buf.tell():
                buf.write("\n")  # one blank line between the results of several statements
            writer.writerow(columns)
            writer.writerows(rows)
        sys.stdout.write(buf.getvalue())
        return
    for i, (text, columns, rows) in enumerate(results):
        if len(results) > 1:
            out.print(
                f"{'' if i == 0 else chr(10)}-- 语句 {i + 1}/{len(results)}: {text}",
                highlight=False,
                soft_wrap=True,
            )
        if not columns:
            out.print("完成 done", highlight=False)
            continue
        _print_rows(columns, rows)


def _print_rows(columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """A table of query results; when stdout is not a terminal, never wrapped or cut (as wide as it needs)."""
    from rich.cells import cell_len

    cells = [[_cell(v) for v in row] for row in rows]
    table = Table(*columns, show_lines=False)
    for row in cells:
        table.add_row(*row)
    console = out
    if not out.is_terminal:
        widths = [cell_len(str(c)) for c in columns]
        for row in cells:
            widths = [
                max(w, max((cell_len(line) for line in v.splitlines()), default=0))
                for w, v in zip(widths, row, strict=True)
            ]
        console = Console(width=max(80, sum(widths) + 3 * len(widths) + 1), soft_wrap=False)
    for column in table.columns:
        column.no_wrap = not out.is_terminal
    console.print(table)
    console.print(f"{len(rows)} 行 rows", highlight=False)


def _cell(value: Any) -> str:
    """Table display only (``--csv`` keeps full precision): floats to at most 4 decimals."""
    if value is None:
        return ""
    if isinstance(value, float) and value == value and abs(value) < 1e15:
        text = f"{value:.4f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text
    return str(value)


@app.command()
@handled
def export(
    parquet: Annotated[Path, typer.Option("--parquet", help="输出 Parquet 的目录（按年、月分区）")],
) -> None:
    """导出当前观测值与状态为 Parquet (export current observations and statuses)."""
    from bijie_etl.warehouse.analytics import export_parquet

    settings = _settings()
    _require_published(settings)
    paths = export_parquet(settings.analytics_path, parquet)
    out.print(f"已导出 {len(paths)} 个文件 → {parquet}")


# The department desk (issue #16): accounts and the web server live in bijie_etl.desk.
def _register_desk() -> None:
    from bijie_etl.desk.cli import serve, users_app

    app.add_typer(users_app, name="users")
    app.command("serve")(handled(serve))


_register_desk()

# A local Prefect server kept running between ad-hoc runs (issue #19).
server_app = typer.Typer(
    help="本地 Prefect 服务器：启动后 `bijie-etl run` 直接使用它，不再等待临时服务器 (a kept local Prefect server).",
    no_args_is_help=True,
)
app.add_typer(server_app, name="server")


@server_app.command("start")
@handled
def server_start(
    port: Annotated[int, typer.Option("--port", help="监听端口（仅 127.0.0.1）")] = 4200,
) -> None:
    """启动本地 Prefect 服务器并在后台保持运行 (start it in the background; pid file in the warehouse folder)."""
    from bijie_etl.orchestration import server_start as start

    with err.status("正在启动 Prefect 服务器 starting the Prefect server …"):
        server = start(_settings(), port=port)
    out.print(
        f"Prefect 服务器运行中：{server.ui_url}（进程 {server.pid}，日志 {server.log}）", soft_wrap=True
    )
    out.print(f"`bijie-etl run` 会自动使用它；其他命令可设 PREFECT_API_URL={server.api_url}", soft_wrap=True)


@server_app.command("stop")
@handled
def server_stop() -> None:
    """停止本地 Prefect 服务器 (stop it)."""
    from bijie_etl.orchestration import server_stop as stop

    server = stop(_settings())
    out.print("Prefect 服务器已停止。" if server is not None else "没有由本项目启动的 Prefect 服务器在运行。")


@server_app.command("status")
@handled
def server_status() -> None:
    """本地 Prefect 服务器是否在运行 (exit 1 when it is not)."""
    from bijie_etl.orchestration import alive as _alive
    from bijie_etl.orchestration import server_status as status

    server = status(_settings())
    if server is None:
        out.print("Prefect 服务器未运行。启动：bijie-etl server start")
        raise typer.Exit(EXIT_ERROR)
    out.print(
        f"Prefect 服务器运行中：{server.ui_url}（进程 {server.pid}，PREFECT_HOME {server.home}）",
        soft_wrap=True,
    )
    preloader = server.preload_pid
    out.print(
        f"预加载进程运行中（进程 {preloader}）：`bijie-etl run` 无需等待导入"
        if preloader is not None and _alive(preloader)
        else "预加载进程未运行：`bijie-etl run` 在自身进程中运行（再次运行 bijie-etl server start 可启动它）",
        soft_wrap=True,
    )


@app.command()
def doctor(
    wait: Annotated[
        float,
        typer.Option("--wait", help="先等待 PREFECT_API_URL 的服务应答，最多这么多秒（刚启动服务时用）"),
    ] = 0.0,
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only", help="只做这些检查：paths permissions catalog warehouse lock smtp prefect disk"
        ),
    ] = None,
) -> None:
    """检查安装是否健康：路径、权限、目标目录、数据仓库、写入锁、邮件、Prefect、磁盘 (check the installation)."""
    from bijie_etl.doctor import CHECK_NAMES, Check, run_checks, wait_for_prefect

    unknown = sorted(set(only or ()) - set(CHECK_NAMES))
    if unknown:
        raise typer.BadParameter(f"未知的检查项 {'、'.join(unknown)}；可用：{' '.join(CHECK_NAMES)}")
    if wait > 0:
        with err.status(f"等待 Prefect 服务应答（最多 {wait:g} 秒）waiting for the Prefect API …"):
            wait_for_prefect(wait)
    try:
        settings = _settings()
    except Exception as exc:  # the settings themselves are the problem: that is the finding
        checks = [
            Check(
                "settings",
                "设置",
                False,
                " ".join(str(exc).split()),
                "检查 BIJIE_* 环境变量与 BIJIE_ENV_FILE",
            )
        ]
    else:
        checks = run_checks(settings, only=only)
    out.print("[bold]bijie-etl doctor[/]：检查安装 checking the installation")
    for c in checks:
        mark = "[green]正常 OK  [/]" if c.ok else "[bold red]有问题 FAIL[/]"
        out.print(f"{mark} {c.title_zh}：{c.detail_zh}", highlight=False, soft_wrap=True)
        if not c.ok and c.fix_zh:
            out.print(f"           如何修复 fix：{c.fix_zh}", highlight=False, soft_wrap=True)
    bad = [c for c in checks if not c.ok]
    if bad:
        out.print(
            f"合计 total：{len(checks)} 项检查，{len(bad)} 项有问题：" + "、".join(c.title_zh for c in bad)
        )
        raise typer.Exit(EXIT_ERROR)
    out.print(f"合计 total：{len(checks)} 项检查全部正常 healthy")


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    finally:
        # The process ends next. Without this, the interpreter's last garbage collections walk every
        # object Prefect, pandas and pydantic made, once more (0.9-1.4 s of an ad-hoc `run` at load
        # 12; 0.1 s with it). atexit handlers, flushes and reference-count finalizers still run.
        gc.freeze()


if __name__ == "__main__":
    main()
