"""``make demo``: generate the demo year, run the nightly flow on it, and tell the user what happened."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bijie_etl.settings import load_settings

__all__ = ["run_demo"]

STATUS_ZH = {"on_track": "正常", "at_risk": "预警", "off_track": "滞后", "late": "迟报", "no_data": "无数据", "not_assessed": "暂不评估"}


def run_demo(directory: Path, as_of: date, *, seed: int = 2024, console: Console | None = None, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Generate ``directory/inbox`` and run the nightly flow into ``directory/warehouse``; idempotent."""
    console = console or Console()
    # The flow builds its own Settings from the environment: point it at the demo folders.
    os.environ["BIJIE_INBOX_DIR"] = str(directory / "inbox")
    os.environ.setdefault("BIJIE_WAREHOUSE_DIR", str((overrides or {}).get("warehouse_dir") or directory / "warehouse"))
    settings = load_settings()

    from bijie_etl.catalog import load_catalog_from_settings
    from bijie_etl.demo import generate_demo

    started = time.monotonic()
    catalog = load_catalog_from_settings(settings)
    console.print(f"[bold]1/2 生成演示数据[/] {len(catalog)} 项目标 → {settings.inbox_dir}")
    manifest = generate_demo(catalog, settings.inbox_dir, as_of=as_of, seed=seed)
    console.print(f"    {len(manifest.files)} 个文件（xlsx / xls / csv），含预置错误行与 1 个损坏文件")

    from bijie_etl.orchestration import prepare_prefect_environment, run_flow

    console.print(f"[bold]2/2 运行夜间流程[/] nightly flow (Prefect), 截至 {as_of} …")
    prepare_prefect_environment(settings)
    with console.status("Prefect 运行中 running …"):
        report: dict[str, Any] = run_flow(settings, "nightly", as_of=as_of)
    _print_summary(console, report, settings, time.monotonic() - started)
    return report


def _print_summary(console: Console, report: dict[str, Any], settings: Any, seconds: float) -> None:
    console.rule(f"毕节市2024年目标监测 · 截至 {report['as_of']}")
    console.print(
        f"文件 files: 收到 {report['files_seen']}，全部入库 {report['files_loaded']}，部分入库 {report['files_partial']}，"
        f"退回 {report['files_rejected']}，未变化 {report['files_unchanged']}；入库 {report['rows_loaded']} 行，退回 {report['rows_rejected']} 行，警告 {report['warnings']} 条"
    )
    counts = report["status_counts"]
    console.print("状态 status: " + "  ".join(f"{STATUS_ZH[k]} {counts.get(k, 0)}" for k in STATUS_ZH))
    if report["behind"]:
        table = Table(title="进度滞后 / 预警的目标", title_justify="left")
        for col in ("指标", "部门", "目标", "实际", "应达", "进度比", "差距(百分点)", "状态"):
            table.add_column(col)
        for b in report["behind"]:
            table.add_row(
                b["name_zh"], b["department"], f"{_num(b['target'])} {b['unit']}", _num(b["actual"]), _num(b["expected"]),
                _num(b["pace_ratio"], 3), _num(b["gap_pp"]), b["status_zh"],
            )
        console.print(table)
    rejected = [f for f in report.get("files", []) if f.get("status") == "rejected"]
    for f in rejected:
        console.print(f"[red]退回文件[/] {f['file']}: {f.get('error') or ''}")
    mail = report.get("mail") or {}
    console.print(f"提醒 alerts: {mail}")
    console.rule("去哪里看 where to look")
    console.print(f"数据仓库 warehouse (分析库，只读): {settings.analytics_path}")
    console.print(f"看板 dashboard:                 {settings.dashboard_dir / 'index.html'}")
    console.print(f"发件箱 outbox (.eml):           {settings.outbox_dir}")
    console.print(f"反馈报告 feedback reports:       {settings.feedback_dir}")
    console.print("试试 try next:")
    wh = settings.warehouse_dir
    console.print(f'  .venv/bin/bijie-etl --warehouse {wh} sql "SELECT code, name_zh, status_zh, pace_ratio FROM v_indicator_status WHERE status = \'off_track\'"')
    console.print(f"  .venv/bin/bijie-etl --warehouse {wh} assess --as-of 2024-08-15")
    console.print(f"  .venv/bin/bijie-etl --warehouse {wh} export --parquet demo/parquet")
    console.print(f"用时 {seconds:.1f} 秒")


def _num(value: Any, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)
