"""``make demo``: generate the demo year, run the nightly flow on it, and tell the user what happened."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console

from bijie_etl.settings import load_settings
from bijie_etl.text import console as terminal_console
from bijie_etl.vocabulary import Status

__all__ = ["run_demo"]


def run_demo(
    directory: Path,
    as_of: date,
    *,
    seed: int = 2024,
    console: Console | None = None,
    overrides: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Generate ``directory/inbox`` and run the nightly flow into ``directory/warehouse``; idempotent."""
    console = console or terminal_console()
    # The flow builds its own Settings from the environment: point it at the demo folders.
    os.environ["BIJIE_INBOX_DIR"] = str(directory / "inbox")
    os.environ.setdefault(
        "BIJIE_WAREHOUSE_DIR", str((overrides or {}).get("warehouse_dir") or directory / "warehouse")
    )
    settings = load_settings()

    from bijie_etl.catalog import load_catalog_from_settings
    from bijie_etl.demo.generate import generate_demo

    started = time.monotonic()
    from bijie_etl.catalog.years import load_catalog_years

    year = settings.year or load_catalog_years(settings).year_for(as_of)
    catalog = load_catalog_from_settings(settings, year)
    console.print(f"[bold]1/2 生成演示数据[/] {len(catalog)} 项目标 → {settings.inbox_dir}")
    manifest = generate_demo(catalog, settings.inbox_dir, as_of=as_of, seed=seed)
    console.print(f"    共 {manifest.files_written} 个文件：{manifest.describe_zh()}", highlight=False)

    from bijie_etl.orchestration import prepare_prefect_environment, run_flow

    console.print(f"[bold]2/2 运行夜间流程[/] nightly flow (Prefect), 截至 {as_of} …")
    prepare_prefect_environment(settings)
    with console.status("Prefect 运行中 running …"):
        report: dict[str, Any] = run_flow(settings, "nightly", as_of=as_of)
    _print_summary(console, report, settings, time.monotonic() - started, year=catalog.year)
    _print_desk(console, settings, catalog, directory, as_of)
    return report


def _print_desk(console: Console, settings: Any, catalog: Any, directory: Path, as_of: date) -> None:
    """Create the desk's demo accounts and say how to open the desk."""
    from bijie_etl.desk.demo import create_demo_accounts

    accounts = create_demo_accounts(settings, catalog)
    console.rule("报送工作台 the department desk")
    if directory.resolve() == Path("demo").resolve() and as_of == date(2024, 11, 15):
        command = ".venv/bin/bijie-etl serve --demo"
    else:
        command = (
            f".venv/bin/bijie-etl --warehouse {settings.warehouse_dir} --inbox {settings.inbox_dir}"
            f" serve --as-of {as_of}"
        )
    console.print(f"启动 start:  {command}   （或 make desk）", highlight=False, soft_wrap=True)
    console.print(
        f"然后用浏览器打开 then open:  http://{settings.desk_host}:{settings.desk_port}/", highlight=False
    )
    console.print("演示账号 demo accounts（仅用于本机演示）:")
    highlight = {"analyst", "leader", "admin", "energy", "health", "stats"}
    for a in accounts:
        if a.username in highlight:
            who = a.department or a.role.label_zh
            console.print(f"  {a.username:<10} {a.password:<22} {a.role.label_zh}  {who}", highlight=False)
    others = len([a for a in accounts if a.username not in highlight])
    console.print(
        f"  另有 {others} 个部门账号：用户名 = 部门代码（见 bijie-etl users list），密码 = demo-<代码>-2024",
        highlight=False,
    )


def _print_summary(
    console: Console, report: dict[str, Any], settings: Any, seconds: float, *, year: int
) -> None:
    from bijie_etl.vocabulary import fmt_number

    console.rule(f"毕节市{year}年目标监测 · 截至 {report['as_of']}")
    console.print(
        f"文件：收到 {report['files_seen']} 个，全部入库 {report['files_loaded']}，部分入库 {report['files_partial']}，"
        f"退回 {report['files_rejected']}，未变化 {report['files_unchanged']}；"
        f"入库 {report['rows_loaded']} 行，退回 {report['rows_rejected']} 行，提示 {report['warnings']} 条"
    )
    counts = report["status_counts"]
    console.print(
        "状态："
        + "  ".join(f"{s.label_zh} {counts.get(s.value, 0)}" for s in Status)
        + f"  合计 {sum(counts.values())}"
    )
    if report["behind"]:
        console.print("\n[bold]进度滞后与预警的目标[/]")
        for b in report["behind"]:
            colour = "red" if b["status"] == "off_track" else "yellow"
            if b.get("pace_ratio") is not None:
                detail = f"进度 {b['pace_ratio']:.1%}（实际 {fmt_number(b['actual'])}，应达 {fmt_number(b['expected'])}）"
            else:
                detail = f"实际 {fmt_number(b['actual'])}，差 {fmt_number(abs(b['gap_pp'] or 0))} 个百分点"
            console.print(
                f"  [{colour}]{b['status_zh']}[/] {b['name_zh']}（{b.get('department_zh') or b['department']}）"
                f"：目标 {fmt_number(b['target'])}{'' if b['unit'] == '%' else ' '}{b['unit']}，{detail}",
                highlight=False,
            )
    problems = [f for f in report.get("files", []) if f.get("status") in {"rejected", "partial"}]
    if problems:
        console.print("\n[bold]需要部门更正的文件[/]（反馈报告已生成）")
        for f in problems:
            what = f.get("error") or f"退回 {f['rows_rejected']} 行" + (
                f"，增速未入库 {f['growth_refused']} 个（所在行已入库）" if f.get("growth_refused") else ""
            )
            console.print(
                f"  {'退回' if f['status'] == 'rejected' else '部分入库'} {f['file']}：{what}",
                highlight=False,
            )
    mail = report.get("mail") or {}
    console.print(f"\n提醒：新增 {mail.get('raised', 0)} 条；{mail.get('summary_zh', '')}", highlight=False)
    console.rule("去哪里看 where to look")
    wh = settings.warehouse_dir
    console.print(f"分析库（只读，供 SQL 查询）: {settings.analytics_path}", highlight=False)
    console.print(f"看板（浏览器打开，离线可用）: {settings.dashboard_dir / 'index.html'}", highlight=False)
    console.print(f"提醒邮件（.eml）:              {settings.outbox_dir}", highlight=False)
    console.print(f"部门反馈报告（xlsx / html）:   {settings.feedback_dir}", highlight=False)
    console.print("\n接下来可以试试 try next:")
    console.print(
        f"  .venv/bin/bijie-etl --warehouse {wh} sql \"SELECT name_zh, status_zh, pace_ratio, gap_pp FROM v_indicator_status WHERE status IN ('off_track', 'at_risk')\"",
        highlight=False,
        soft_wrap=True,
    )
    console.print(
        f"  .venv/bin/bijie-etl --warehouse {wh} assess --as-of 2024-08-15", highlight=False, soft_wrap=True
    )
    console.print(
        f"  .venv/bin/bijie-etl --warehouse {wh} targets --department 能源局", highlight=False, soft_wrap=True
    )
    console.print(
        f"  .venv/bin/bijie-etl --warehouse {wh} export --parquet {wh.parent / 'parquet'}",
        highlight=False,
        soft_wrap=True,
    )
    console.print(f"用时 {seconds:.1f} 秒")
