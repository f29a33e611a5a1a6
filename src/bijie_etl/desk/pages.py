"""The desk's read-all pages (overview, live dashboard, late list, analytics download), 情况说明 and accounts."""

from __future__ import annotations

import re
import secrets
from collections import Counter
from functools import partial
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from bijie_etl.desk import views
from bijie_etl.desk.app import Desk, Refused, Viewer, _form
from bijie_etl.desk.store import AccountError, Role, beijing

__all__ = ["ROUTES"]

READERS = (Role.ANALYST, Role.LEADER)
_MONTH = re.compile(r"20\d\d-(0[1-9]|1[0-2])")
MAX_TEXT = 2000


# --------------------------------------------------------------------------------------------
# 情况说明


async def explain(desk: Desk, request: Request, viewer: Viewer) -> Response:
    """Store a 情况说明 for one of the department's own 预警/滞后 targets."""
    dept = desk.department(request.path_params["code"])
    user = desk.require(viewer, department=dept.code, write=True)
    code = request.path_params["target"]
    target = desk.catalog.get(code)
    if target is None or target.department != dept.code:
        raise HTTPException(404, "本部门没有这个指标。")
    form = await _form(request)
    fields = {
        k: str(form.get(k) or "").strip() for k in ("progress", "problems", "measures", "recovery_month")
    }
    missing = [label for k, label in (("progress", "进展情况"), ("problems", "存在的问题"), ("measures", "下一步措施"))
               if not fields[k]]  # fmt: skip
    if missing:
        raise Refused(400, f"请填写：{'、'.join(missing)}。")
    if any(len(v) > MAX_TEXT for v in fields.values()):
        raise Refused(400, f"每项不超过 {MAX_TEXT} 字。")
    if fields["recovery_month"] and not _MONTH.fullmatch(fields["recovery_month"]):
        raise Refused(400, "预计恢复正常的月份格式应为 年-月，如 2024-09。")

    def store() -> None:
        with views.analytics(desk.settings) as con:
            status = next(
                (t for t in views.department_targets(con, dept.code, desk.catalog.year) if t["code"] == code),
                None,
            )
        desk.store.add_explanation(
            target_code=code, department=dept.code, status=status["status"] if status else None,
            as_of=str(status["as_of"]) if status and status.get("as_of") else desk.as_of().isoformat(),
            progress=fields["progress"], problems=fields["problems"], measures=fields["measures"],
            recovery_month=fields["recovery_month"] or None, author=user, year=desk.catalog.year,
        )  # fmt: skip
        desk.store.audit("explain", user=user, obj=code, ip=desk.ip(request),
                         detail=f"预计恢复 {fields['recovery_month'] or '未填'}")  # fmt: skip
        from bijie_etl.desk.sync import sync_soon

        sync_soon(desk.settings, desk.store)

    await run_in_threadpool(store)
    return RedirectResponse(f"/dept/{dept.code}#target-{code}", status_code=303)


# --------------------------------------------------------------------------------------------
# Analysts and leaders


def _overview(desk: Desk) -> dict[str, Any]:
    as_of = desk.as_of()
    with views.analytics(desk.settings) as con:
        rows = (
            con.execute(
                "SELECT department, status FROM v_indicator_status WHERE year = ?", [desk.catalog.year]
            ).fetchall()
            if con
            else []
        )
        late = views.missing_for(con, as_of)
    counts: dict[str, Counter[str]] = {}
    for dept, status in rows:
        counts.setdefault(dept, Counter())[status] += 1
    explained = desk.store.latest_explanations(desk.catalog.year)
    lagging: dict[str, int] = Counter()
    unexplained: dict[str, int] = Counter()
    with views.analytics(desk.settings) as con:
        behind = con.execute(
            "SELECT code, department FROM v_indicator_status WHERE status IN ('at_risk', 'off_track') AND year = ?",
            [desk.catalog.year],
        ).fetchall() if con else []  # fmt: skip
    for code, dept in behind:
        lagging[dept] += 1
        unexplained[dept] += code not in explained
    late_depts = {m["department"] for m in late}
    departments = [
        {
            "dept": d,
            "counts": counts.get(d.code, Counter()),
            "lagging": lagging[d.code],
            "unexplained": unexplained[d.code],
            "late": d.code in late_depts,
        }
        for d in desk.catalog.departments
        if desk.catalog.targets_of(d.code)
    ]
    return {"departments": departments}


async def overview(desk: Desk, request: Request, viewer: Viewer) -> Response:
    desk.require(viewer, roles=READERS)
    return desk.page(request, viewer, "overview.html", **await run_in_threadpool(_overview, desk))


def _dashboard(desk: Desk, nonce: str) -> str | None:
    from bijie_etl.dashboard import dashboard_html, load_dashboard_data

    with views.analytics(desk.settings) as con:
        if con is None:
            return None
        data = load_dashboard_data(con, desk.catalog, desk.as_of())
    fresh = desk.store.latest_explanations(
        desk.catalog.year
    )  # newer than the warehouse copy made at the last run
    for card in data.cards:
        e = fresh.get(card.code)
        if e is not None:
            card.explanation = {
                "progress": e.progress, "problems": e.problems, "measures": e.measures,
                "recovery_month": e.recovery_month, "author_name": e.author_name, "created_at": beijing(e.created_at),
            }  # fmt: skip
    return dashboard_html(data, script_nonce=nonce, back_link="/overview")


async def dashboard(desk: Desk, request: Request, viewer: Viewer) -> Response:
    desk.require(viewer, roles=READERS)
    nonce = secrets.token_urlsafe(16)
    html = await run_in_threadpool(_dashboard, desk, nonce)
    if html is None:
        return desk.page(
            request, viewer, "error.html", status_code=404, message="尚未运行过夜间流程，没有看板数据。"
        )
    return desk.finish(HTMLResponse(html), viewer, request, script_hash=f"nonce-{nonce}")


async def late(desk: Desk, request: Request, viewer: Viewer) -> Response:
    desk.require(viewer, roles=READERS)

    def load() -> list[dict[str, Any]]:
        with views.analytics(desk.settings) as con:
            return views.missing_for(con, desk.as_of())

    return desk.page(request, viewer, "late.html", late=await run_in_threadpool(load))


async def download_page(desk: Desk, request: Request, viewer: Viewer) -> Response:
    desk.require(viewer, roles=READERS)
    path = desk.settings.analytics_path
    info = None
    if path.exists():
        with views.analytics(path) as con:
            row = con.execute("SELECT * FROM publication_info").fetchone() if con else None
            names = [d[0] for d in con.description] if con and row else []
        info = dict(zip(names, row, strict=True)) if row else {}
        info["size_mb"] = round(path.stat().st_size / 1024 / 1024, 1)
    return desk.page(request, viewer, "download.html", info=info)


async def download_analytics(desk: Desk, request: Request, viewer: Viewer) -> Response:
    user = desk.require(viewer, roles=READERS)
    path = desk.settings.analytics_path
    if desk.settings.lake_mode:
        raise HTTPException(
            404, "省级模式不发布分析库副本：请按 analytics.sql 以只读方式连接数据湖（见 docs/PROVINCE.md）。"
        )
    if not path.exists():
        raise HTTPException(404, "分析库尚未发布。")
    # Open the file now: the response streams this inode even if a run replaces the copy meanwhile.
    await run_in_threadpool(
        partial(desk.store.audit, "download", user=user, obj="analytics.duckdb", ip=desk.ip(request))
    )
    response = FileResponse(path, media_type="application/octet-stream", filename="bijie_analytics.duckdb")
    return desk.finish(response, viewer, request)


# --------------------------------------------------------------------------------------------
# Accounts (admins)


async def users_page(desk: Desk, request: Request, viewer: Viewer) -> Response:
    desk.require(viewer, roles=(Role.ADMIN,))
    users = await run_in_threadpool(desk.store.list_users)
    return desk.page(
        request, viewer, "users.html", users=users, roles=list(Role), message=None, new_password=None
    )


async def users_action(desk: Desk, request: Request, viewer: Viewer) -> Response:
    admin = desk.require(viewer, roles=(Role.ADMIN,))
    form = await _form(request)
    action = str(form.get("action") or "")
    username = str(form.get("username") or "").strip()
    new_password = None
    try:
        if action == "add":
            role = Role(str(form.get("role") or ""))
            dept_text = str(form.get("department") or "").strip()
            dept = desk.catalog.department(dept_text) if dept_text else None
            if dept_text and dept is None:
                raise AccountError(f"没有部门 {dept_text}。")
            new_password = secrets.token_urlsafe(12)
            await run_in_threadpool(partial(
                desk.store.add_user, username, new_password, role=role,
                department=dept.code if (dept and role is Role.DEPARTMENT) else None,
                display_name=str(form.get("display_name") or "").strip() or None,
                email=str(form.get("email") or "").strip() or None,
            ))  # fmt: skip
            message = f"已新增 {username}，初始密码只显示这一次。"
        elif action in ("disable", "enable"):
            await run_in_threadpool(desk.store.set_active, username, action == "enable")
            message = f"已{'停用' if action == 'disable' else '启用'} {username}。"
        elif action == "reset":
            new_password = secrets.token_urlsafe(12)
            await run_in_threadpool(desk.store.reset_password, username, new_password)
            message = f"已重设 {username} 的密码，新密码只显示这一次。"
        else:
            raise Refused(400, "未知操作。")
    except (AccountError, ValueError) as exc:
        users = await run_in_threadpool(desk.store.list_users)
        return desk.page(request, viewer, "users.html", status_code=400, users=users, roles=list(Role),
                         message=f"未完成：{exc}", new_password=None)  # fmt: skip
    await run_in_threadpool(
        partial(desk.store.audit, f"user_{action}", user=admin, obj=username, ip=desk.ip(request))
    )
    users = await run_in_threadpool(desk.store.list_users)
    response = desk.page(request, viewer, "users.html", users=users, roles=list(Role), message=message,
                         new_password=new_password)  # fmt: skip
    return response


ROUTES: list[tuple[str, Any, tuple[str, ...]]] = [
    ("/dept/{code}/targets/{target}/explain", explain, ("POST",)),
    ("/overview", overview, ("GET",)),
    ("/dashboard", dashboard, ("GET",)),
    ("/late", late, ("GET",)),
    ("/download", download_page, ("GET",)),
    ("/download/analytics.duckdb", download_analytics, ("GET",)),
    ("/admin/users", users_page, ("GET",)),
    ("/admin/users", users_action, ("POST",)),
]
