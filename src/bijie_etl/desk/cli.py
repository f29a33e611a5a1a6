"""``bijie-etl users …`` and ``bijie-etl serve``: thin commands over :mod:`bijie_etl.desk`.

Passwords are never command-line arguments (they would show in ``ps`` and shell history): they
are typed at a hidden prompt, read from standard input (``--password-stdin``), or generated
(``--generate``, printed once).
"""

from __future__ import annotations

import secrets
import sys
from typing import Annotated

import typer
from rich.table import Table

from bijie_etl.text import console

__all__ = ["serve", "users_app"]

users_app = typer.Typer(
    help="报送工作台账号 (desk accounts): add | list | disable | enable | reset-password",
    no_args_is_help=True,
)
out = console()

_ROLES = "department | analyst | leader | admin"


def _settings():  # type: ignore[no-untyped-def]
    from bijie_etl.cli import _settings as settings

    return settings()


def _store():  # type: ignore[no-untyped-def]
    """The desk's accounts; in province mode those of ``BIJIE_CITY``'s city only."""
    from bijie_etl.desk.store import DeskStore, desk_city

    settings = _settings()
    return DeskStore(settings.desk_db_path, city=desk_city(settings))


def _catalog_settings():  # type: ignore[no-untyped-def]
    """The settings whose catalog names the departments: the city's own in province mode."""
    settings = _settings()
    if settings.province_file is not None and settings.lake_mode:
        from bijie_etl.province import settings_for_city

        return settings_for_city(settings.city, settings)
    return settings


def _password(generate: bool, stdin: bool) -> tuple[str, bool]:
    if generate:
        return secrets.token_urlsafe(12), True
    if stdin:
        return sys.stdin.readline().rstrip("\r\n"), False
    return typer.prompt("密码 password", hide_input=True, confirmation_prompt=True), False


def _fail(message: str) -> None:
    console(stderr=True).print(f"[bold red]错误 error:[/] {message}", highlight=False)
    raise typer.Exit(1)


@users_app.command("add")
def add(
    username: Annotated[str, typer.Argument(help="用户名")],
    role: Annotated[str, typer.Option("--role", help=_ROLES)],
    department: Annotated[
        str | None, typer.Option("--department", "-d", help="部门（代码或名称），部门填报员必填")
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="显示名称，如 张三（能源局）")] = None,
    email: Annotated[str | None, typer.Option("--email")] = None,
    generate: Annotated[bool, typer.Option("--generate", help="生成随机密码并显示一次")] = False,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="从标准输入读取密码")] = False,
) -> None:
    """新增账号 (add an account)."""
    from bijie_etl.catalog import load_catalog_from_settings
    from bijie_etl.desk.store import AccountError, Role

    try:
        role_value = Role(role)
    except ValueError:
        _fail(f"角色应为 {_ROLES}，收到 {role!r}")
        return
    dept_code = None
    if department is not None:
        dept = load_catalog_from_settings(_catalog_settings()).department(department)
        if dept is None:
            _fail(f"没有部门 {department!r}（见 sources/departments.yaml）")
            return
        dept_code = dept.code
    password, generated = _password(generate, password_stdin)
    try:
        user = _store().add_user(
            username, password, role=role_value, department=dept_code, display_name=name, email=email
        )
    except AccountError as exc:
        _fail(str(exc))
        return
    out.print(f"已新增 {user.username}（{user.role.label_zh}{'，' + dept_code if dept_code else ''}）")
    if generated:
        out.print(f"初始密码（只显示这一次）：{password}", highlight=False)


@users_app.command("list")
def list_users() -> None:
    """列出账号 (list accounts)."""
    table = Table("用户名", "名称", "角色", "部门", "邮箱", "状态", "创建时间")
    for u in _store().list_users():
        table.add_row(
            u.username, u.display_name, u.role.label_zh, u.department or "", u.email or "",
            "启用" if u.active else "停用", u.created_at[:16],
        )  # fmt: skip
    out.print(table)


@users_app.command("disable")
def disable(username: Annotated[str, typer.Argument(help="用户名")]) -> None:
    """停用账号并结束其登录 (disable an account and end its sessions)."""
    from bijie_etl.desk.store import AccountError

    try:
        user = _store().set_active(username, False)
    except AccountError as exc:
        _fail(str(exc))
        return
    _store().audit("user_disabled", username=user.username, detail="cli")
    out.print(f"已停用 {user.username}")


@users_app.command("enable")
def enable(username: Annotated[str, typer.Argument(help="用户名")]) -> None:
    """重新启用账号 (enable an account)."""
    from bijie_etl.desk.store import AccountError

    try:
        user = _store().set_active(username, True)
    except AccountError as exc:
        _fail(str(exc))
        return
    out.print(f"已启用 {user.username}")


@users_app.command("reset-password")
def reset_password(
    username: Annotated[str, typer.Argument(help="用户名")],
    generate: Annotated[bool, typer.Option("--generate", help="生成随机密码并显示一次")] = False,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="从标准输入读取密码")] = False,
) -> None:
    """重设密码并结束其登录 (set a new password; ends the account's sessions)."""
    from bijie_etl.desk.store import AccountError

    password, generated = _password(generate, password_stdin)
    try:
        user = _store().reset_password(username, password)
    except AccountError as exc:
        _fail(str(exc))
        return
    _store().audit("user_password_reset", username=user.username, detail="cli")
    out.print(f"已重设 {user.username} 的密码")
    if generated:
        out.print(f"新密码（只显示这一次）：{password}", highlight=False)


def serve(
    host: Annotated[
        str | None, typer.Option("--host", help="监听地址（默认 127.0.0.1，BIJIE_DESK_HOST）")
    ] = None,
    port: Annotated[int | None, typer.Option("--port", help="端口（默认 8080，BIJIE_DESK_PORT）")] = None,
    demo: Annotated[
        bool, typer.Option("--demo", help="打开 make demo 生成的演示数据（demo/warehouse，截至 2024-11-15）")
    ] = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="固定截至日期 YYYY-MM-DD（默认：北京时间今天）")
    ] = None,
    proxy: Annotated[
        bool,
        typer.Option("--proxy", help="在本机反向代理之后运行：信任 127.0.0.1 发来的 X-Forwarded-For/Proto"),
    ] = False,
) -> None:
    """启动报送工作台 (serve the department desk; 127.0.0.1:8080 by default)."""
    from datetime import date
    from pathlib import Path

    import uvicorn

    from bijie_etl.cli import _State
    from bijie_etl.desk.app import create_app

    if demo:
        root = Path("demo").resolve()
        _State.overrides.setdefault("warehouse_dir", root / "warehouse")
        _State.overrides.setdefault("inbox_dir", root / "inbox")
        as_of = as_of or "2024-11-15"
        if not (root / "warehouse" / "analytics.duckdb").exists():
            _fail("没有找到演示数据：请先运行 make demo")
    settings = _settings()
    day = date.fromisoformat(as_of) if as_of else None
    app = create_app(settings, as_of=day)
    h, p = host or settings.desk_host, port or settings.desk_port
    out.print(f"报送工作台 desk: http://{h}:{p}/  （Ctrl+C 停止）", highlight=False)
    uvicorn.run(
        app, host=h, port=p, proxy_headers=proxy, forwarded_allow_ips="127.0.0.1" if proxy else None,
        server_header=False, log_level="info",
    )  # fmt: skip
