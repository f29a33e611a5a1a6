"""The department desk: a server-rendered Chinese web app (Starlette, Jinja2, no external resources).

Who sees what (checked in :meth:`Desk.require` for every route, never by hiding links):

* 部门填报员 (department): their own department's page, uploads, submissions, feedback
  reports and 情况说明 — nothing of any other department;
* 分析员 / 领导 (analyst, leader): every department page read-only, the live dashboard, the
  late list, the analytics database;
* 管理员 (admin): accounts (``/admin/users``; the CLI ``bijie-etl users`` does the same).

Every POST carries a CSRF token (hidden form field ``csrf``) checked against the session;
anonymous users reach only ``/login`` and ``/static``. Pages read the published analytics copy
and the desk's SQLite store; a dry run reads its history from the warehouse itself when no run
holds the writer lock (taken without waiting, for milliseconds) and from the published copy while
one does (:class:`bijie_etl.desk.upload.HistoryCache`), so nothing here waits for a run.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from bijie_etl.catalog import Catalog, Department, load_catalog_from_settings
from bijie_etl.desk import upload as uploads
from bijie_etl.desk import views
from bijie_etl.desk.security import COOKIE_NAME, BodyLimit, Signer, load_secret
from bijie_etl.desk.store import DeskStore, Role, SessionInfo, Upload, User, beijing, dummy_hash
from bijie_etl.settings import Settings, today_in_bijie

__all__ = ["Desk", "create_app"]

log = logging.getLogger(__name__)

_CSP = (
    "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; script-src 'self'{extra};"
    " form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


class Refused(HTTPException):
    """A request the user may not make (403) or that is malformed (400)."""


@dataclass
class Viewer:
    """Who is asking: their session (None when not signed in) and the anonymous id for the login form."""

    session: SessionInfo | None
    anon_id: str | None = None
    new_cookie: str | None = None  # a cookie to set on the response

    @property
    def user(self) -> User | None:
        return self.session.user if self.session else None


@dataclass
class Desk:
    """Everything the routes share: settings, catalog, store, templates, the history cache."""

    settings: Settings
    catalog: Catalog
    store: DeskStore
    signer: Signer
    as_of_fixed: date | None = None
    city: str | None = None  # province mode: the city this desk serves (its users only)
    history: uploads.HistoryCache = field(init=False)
    env: jinja2.Environment = field(init=False)

    def __post_init__(self) -> None:
        self.history = uploads.HistoryCache(self.settings)
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("bijie_etl.desk", "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        from bijie_etl.dashboard import format_number
        from bijie_etl.desk.store import beijing

        self.env.filters["num"] = format_number
        self.env.filters["bj"] = beijing
        self.env.globals["Role"] = Role

    # Time ------------------------------------------------------------------------------
    def as_of(self) -> date:
        return self.as_of_fixed or self.settings.desk_as_of or today_in_bijie()

    # Who is asking ----------------------------------------------------------------------
    def viewer(self, request: Request) -> Viewer:
        value = self.signer.unsign(request.cookies.get(COOKIE_NAME))
        if value and value.startswith("s."):
            session = self.store.session(value[2:])
            if session is not None:
                return Viewer(session)
        if value and value.startswith("a."):
            return Viewer(None, anon_id=value[2:])
        anon = secrets.token_urlsafe(24)
        return Viewer(None, anon_id=anon, new_cookie=self.signer.sign(f"a.{anon}"))

    def csrf_for(self, viewer: Viewer) -> str:
        if viewer.session is not None:
            return viewer.session.csrf
        assert viewer.anon_id is not None
        return self.signer.anonymous_csrf(viewer.anon_id)

    def department(self, code: str) -> Department:
        dept = self.catalog.department(code)
        if dept is None or dept.code != code:
            raise HTTPException(404, "没有这个部门。")
        return dept

    def require(self, viewer: Viewer, *, roles: tuple[Role, ...] = (), department: str | None = None,
                write: bool = False) -> User:  # fmt: skip
        """The signed-in user if allowed, else 403.

        ``department``: a department's data: its own staff may read and write; analysts and
        leaders may only read. ``roles``: the roles allowed otherwise.
        """
        user = viewer.user
        if user is None:
            raise HTTPException(401)
        # Province mode: another city's account is never routed here; checked anyway.
        if user.city != self.city:
            raise Refused(403, "无权访问其他城市的数据。")
        if department is not None:
            if user.role is Role.DEPARTMENT and user.department == department:
                return user
            if user.role.reads_all and not write:
                return user
            raise Refused(403, "无权访问其他部门的数据。")
        if user.role in roles:
            return user
        raise Refused(403, "当前账号无权访问此页面。")

    # Responses ------------------------------------------------------------------------
    def page(
        self, request: Request, viewer: Viewer, name: str, status_code: int = 200, **context: Any
    ) -> Response:
        template = self.env.get_template(name)
        html = template.render(
            user=viewer.user,
            csrf=self.csrf_for(viewer),
            as_of=self.as_of(),
            catalog=self.catalog,
            **context,
        )
        return self.finish(HTMLResponse(html, status_code=status_code), viewer, request)

    def finish(
        self, response: Response, viewer: Viewer, request: Request, *, script_hash: str | None = None
    ) -> Response:
        if viewer.new_cookie:
            self.set_cookie(response, viewer.new_cookie, request)
        extra = f" '{script_hash}'" if script_hash else ""
        response.headers["Content-Security-Policy"] = _CSP.format(extra=extra)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    def set_cookie(self, response: Response, value: str, request: Request) -> None:
        response.set_cookie(
            COOKIE_NAME,
            value,
            max_age=int(self.settings.desk_session_hours * 3600),
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/",
        )

    @staticmethod
    def ip(request: Request) -> str | None:
        return request.client.host if request.client else None


Handler = Callable[[Desk, Request, Viewer], Awaitable[Response]]


@dataclass
class Desks:
    """The desks one server runs: one per city (province mode) or just one.

    Every request is served by the desk of the signed-in account's city, decided from the session
    alone (never from the URL): department codes repeat from city to city (each has its 市能源局),
    so ``/dept/energy`` is always the asker's own city's. Anonymous requests (the login page) go to
    the first desk; an account without a known city gets a desk that refuses it everything.
    """

    desks: dict[str | None, Desk]
    nowhere: Desk | None = None

    @property
    def first(self) -> Desk:
        return next(iter(self.desks.values()))

    def for_viewer(self, viewer: Viewer) -> Desk:
        if viewer.user is None:
            return self.first
        desk = self.desks.get(viewer.user.city)
        if desk is None:  # its require() refuses every route: the account's city is not served here
            return self.nowhere if self.nowhere is not None else self.first
        return desk


def _route(
    desks: Desks, handler: Handler, *, public: bool = False
) -> Callable[[Request], Awaitable[Response]]:
    """Wrap a handler: who is asking (and so which city's desk), anonymous → login, CSRF on every POST, errors as Chinese pages."""

    async def endpoint(request: Request) -> Response:
        viewer = await run_in_threadpool(desks.first.viewer, request)
        desk = desks.for_viewer(viewer)
        if viewer.user is None and not public:
            return desk.finish(RedirectResponse("/login", status_code=303), viewer, request)
        try:
            if request.method == "POST":
                await _check_csrf(desk, request, viewer)
            return await handler(desk, request, viewer)
        except HTTPException as exc:
            if exc.status_code == 401:
                return desk.finish(RedirectResponse("/login", status_code=303), viewer, request)
            message = exc.detail if exc.status_code in (400, 403, 404, 409, 413) else "请求无法处理。"
            return desk.page(request, viewer, "error.html", status_code=exc.status_code, message=message)

    return endpoint


async def _form(request: Request) -> Any:
    try:
        return await request.form(max_files=1, max_fields=30, max_part_size=64 * 1024)
    except MultiPartException as exc:
        raise Refused(400, f"表单无法解析：{exc}") from None


async def _check_csrf(desk: Desk, request: Request, viewer: Viewer) -> None:
    form = await _form(request)
    token = form.get("csrf")
    if not isinstance(token, str) or not Signer.same(token, desk.csrf_for(viewer)):
        raise Refused(403, "页面已过期或请求来源不明（CSRF 校验失败）。请刷新页面后重试。")


# --------------------------------------------------------------------------------------------
# Login


async def login_page(desk: Desk, request: Request, viewer: Viewer) -> Response:
    if viewer.user is not None:
        return RedirectResponse("/", status_code=303)
    return desk.page(request, viewer, "login.html", error=None, username="")


async def login_submit(desk: Desk, request: Request, viewer: Viewer) -> Response:
    form = await _form(request)
    username = str(form.get("username") or "").strip()[:64]
    password = str(form.get("password") or "")
    ip = desk.ip(request)
    s = desk.settings
    wait = await run_in_threadpool(
        desk.store.login_blocked_for, username, ip, attempts=s.desk_login_attempts, window=s.desk_login_window
    )
    if wait > 0:
        known = await run_in_threadpool(desk.store.find_user, username)
        shown = known.username if known else ""
        await run_in_threadpool(partial(desk.store.audit_sign_in, "login_blocked", known=known, ip=ip))
        minutes = max(1, round(wait / 60))
        return desk.page(request, viewer, "login.html", status_code=429, username=shown,
                         error=f"登录失败次数过多，请 {minutes} 分钟后再试。")  # fmt: skip
    user = await run_in_threadpool(desk.store.authenticate, username, password)
    if user is None:
        # A name that is no account may be a password typed into the wrong box: never echo, log or store it.
        known = await run_in_threadpool(desk.store.find_user, username)
        shown = known.username if known else ""
        await run_in_threadpool(desk.store.record_login_failure, username, ip)
        await run_in_threadpool(partial(desk.store.audit_sign_in, "login_failed", known=known, ip=ip,
                                        detail=None if known else "unknown user name"))  # fmt: skip
        return desk.page(request, viewer, "login.html", status_code=401, username=shown,
                         error="用户名或密码不正确，或账号已停用。")  # fmt: skip
    session_id, _csrf = await run_in_threadpool(
        partial(desk.store.create_session, user, hours=s.desk_session_hours, ip=ip)
    )
    await run_in_threadpool(desk.store.clear_login_failures, username)
    await run_in_threadpool(partial(desk.store.audit, "login", user=user, ip=ip))
    response = RedirectResponse("/", status_code=303)
    desk.set_cookie(response, desk.signer.sign(f"s.{session_id}"), request)
    return desk.finish(response, Viewer(None), request)


async def logout(desk: Desk, request: Request, viewer: Viewer) -> Response:
    value = desk.signer.unsign(request.cookies.get(COOKIE_NAME))
    if value and value.startswith("s."):
        await run_in_threadpool(desk.store.end_session, value[2:])
        await run_in_threadpool(partial(desk.store.audit, "logout", user=viewer.user, ip=desk.ip(request)))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE_NAME, path="/")
    return desk.finish(response, Viewer(None), request)


async def home(desk: Desk, request: Request, viewer: Viewer) -> Response:
    user = viewer.user
    assert user is not None
    if user.role is Role.DEPARTMENT:
        return RedirectResponse(f"/dept/{user.department}", status_code=303)
    if user.role is Role.ADMIN:
        return RedirectResponse("/admin/users", status_code=303)
    return RedirectResponse("/overview", status_code=303)


# --------------------------------------------------------------------------------------------
# The department's page


def _department_context(desk: Desk, dept: Department) -> dict[str, Any]:
    as_of = desk.as_of()
    due = views.due_period(desk.catalog, dept, as_of)
    with views.analytics(desk.settings) as con:
        due.received = views.received_codes(con, dept.code, due.period)
        submissions = views.department_submissions(con, dept.code)
        targets = views.department_targets(con, dept.code, desk.catalog.year)
        late = [m for m in views.missing_for(con, as_of) if m["department"] == dept.code]
    explanations = desk.store.latest_explanations(desk.catalog.year)
    upload_list = desk.store.uploads_of(dept.code)
    names = {u.sha256: u.original_name for u in upload_list}
    for sub in submissions:
        sub["original_name"] = names.get(sub["sha256"])
        sub["has_feedback"] = _feedback_path(desk, sub) is not None
    return {
        "dept": dept,
        "due": due,
        "days_left": due.days_left(as_of),
        "late": late,
        "submissions": submissions,
        "uploads": upload_list,
        "targets": targets,
        "explanations": explanations,
        "explain_statuses": views.EXPLAIN_STATUSES,
        "charts": _charts(desk, dept, targets),
        "max_mb": round(desk.settings.max_file_bytes / 1024 / 1024),
    }


def _charts(desk: Desk, dept: Department, targets: list[dict[str, Any]]) -> dict[str, Any]:
    """Pace charts (inline SVG) of the department's targets, from the dashboard's own drawing code."""
    from bijie_etl.dashboard import load_dashboard_data, pace_chart_svg

    codes = {t["code"] for t in targets}
    if not codes:
        return {}
    with views.analytics(desk.settings) as con:
        if con is None:
            return {}
        data = load_dashboard_data(con, desk.catalog, desk.as_of())
    return {c.code: pace_chart_svg(c) for c in data.cards if c.code in codes and c.department == dept.code}


async def department_page(desk: Desk, request: Request, viewer: Viewer) -> Response:
    dept = desk.department(request.path_params["code"])
    desk.require(viewer, department=dept.code)
    context = await run_in_threadpool(_department_context, desk, dept)
    return desk.page(request, viewer, "department.html", **context)


# --------------------------------------------------------------------------------------------
# Upload (dry run) and submit


async def upload_file(desk: Desk, request: Request, viewer: Viewer) -> Response:
    dept = desk.department(request.path_params["code"])
    user = desk.require(viewer, department=dept.code, write=True)
    form = await _form(request)
    item = form.get("file")
    if not isinstance(item, UploadFile) or not (item.filename or "").strip():
        raise Refused(400, "请选择要上传的文件。")
    data = await item.read()
    if len(data) > desk.settings.max_file_bytes:
        raise Refused(413, uploads.too_large(len(data), desk.settings))
    check = await run_in_threadpool(_check, desk, dept, user, data, item.filename or "")
    await run_in_threadpool(
        partial(
            desk.store.audit,
            "upload",
            user=user,
            obj=check.upload_id,
            ip=desk.ip(request),
            detail=f"{check.original_name} · {check.status} · sha256 {check.sha256[:12]}",
        )
    )
    return RedirectResponse(f"/dept/{dept.code}/uploads/{check.upload_id}", status_code=303)


def _check(desk: Desk, dept: Department, user: User, data: bytes, name: str) -> uploads.UploadCheck:
    check = uploads.check_upload(
        data, name, dept, catalog=desk.catalog, settings=desk.settings, as_of=desk.as_of(),
        history=desk.history.read(),
    )  # fmt: skip
    sub = check.submission
    desk.store.add_upload(
        Upload(
            id=check.upload_id,
            department=dept.code,
            user_id=user.id,
            original_name=check.original_name,
            suffix=check.suffix,
            sha256=check.sha256,
            size_bytes=check.size_bytes,
            status=check.status,
            rows_read=sub.rows_read,
            rows_ok=sub.rows_loaded,
            rows_rejected=sub.rows_rejected,
            warnings=len(sub.warnings),
            result=check.result(),
            created_at=sub.received_at.isoformat(timespec="seconds"),
            submitted_at=None,
            inbox_name=None,
        )
    )
    return check


def _upload_of(desk: Desk, dept: Department, upload_id: str) -> Upload:
    if not re.fullmatch(r"[a-z]{24}", upload_id):
        raise HTTPException(404, "没有这个上传记录。")
    upload = desk.store.get_upload(upload_id)
    if upload is None or upload.department != dept.code:
        raise HTTPException(404, "没有这个上传记录。")
    return upload


async def upload_page(desk: Desk, request: Request, viewer: Viewer) -> Response:
    dept = desk.department(request.path_params["code"])
    desk.require(viewer, department=dept.code)
    upload = await run_in_threadpool(_upload_of, desk, dept, request.path_params["upload_id"])
    return desk.page(request, viewer, "upload.html", dept=dept, upload=upload, r=upload.result)


async def submit_upload(desk: Desk, request: Request, viewer: Viewer) -> Response:
    dept = desk.department(request.path_params["code"])
    user = desk.require(viewer, department=dept.code, write=True)
    upload = await run_in_threadpool(_upload_of, desk, dept, request.path_params["upload_id"])
    if upload.submitted_at:
        raise Refused(
            409, f"这个文件已于 {beijing(upload.submitted_at)} 提交（{upload.inbox_name}），无需重复提交。"
        )
    if upload.rows_ok == 0:
        raise Refused(409, "这个文件没有任何可以入库的数据，不能提交。请按问题清单修改后重新上传。")
    if upload.result.get("already_loaded"):
        raise Refused(409, "内容完全相同的文件已经入库，无需重复提交。")
    staged = uploads.staged_path(desk.settings, upload.id, dept, upload.original_name)
    if not staged.exists():
        raise Refused(409, "上传的文件已过期，请重新上传。")

    def place() -> str:
        if not desk.store.mark_submitted(upload.id, "（正在提交）"):
            raise Refused(409, "这个文件已经提交，无需重复提交。")
        try:
            name = uploads.place_in_inbox(staged, desk.settings, dept, upload.id)
        except BaseException:
            desk.store.unmark_submitted(upload.id)
            raise
        desk.store.mark_submitted_name(upload.id, name)
        desk.store.audit("submit", user=user, obj=upload.id, ip=desk.ip(request),
                         detail=f"{upload.original_name} → {name}")  # fmt: skip
        return name

    await run_in_threadpool(place)
    return RedirectResponse(f"/dept/{dept.code}/uploads/{upload.id}?submitted=1", status_code=303)


def _feedback_path(desk: Desk, sub: dict[str, Any], kind: str = "xlsx") -> Path | None:
    """The run's feedback report of a warehouse submission, if one was written."""
    from types import SimpleNamespace

    from bijie_etl.ingest.feedback import report_stem

    stem = report_stem(SimpleNamespace(file_name=sub["file_name"], sha256=sub["sha256"]))  # type: ignore[arg-type]
    path = desk.settings.feedback_dir / f"{stem}_反馈.{kind}"
    return path if path.is_file() else None


async def feedback_download(desk: Desk, request: Request, viewer: Viewer) -> Response:
    dept = desk.department(request.path_params["code"])
    user = desk.require(viewer, department=dept.code)
    kind = request.path_params["kind"]
    if kind not in ("xlsx", "html"):
        raise HTTPException(404, "没有这个报告。")
    with views.analytics(desk.settings) as con:
        sub = views.submission(con, int(request.path_params["submission_id"]))
    if sub is None or sub["department"] != dept.code:
        raise HTTPException(404, "没有这个报告。")
    path = _feedback_path(desk, sub, kind)
    if path is None:
        raise HTTPException(404, "这个文件没有反馈报告（没有发现问题）。")
    await run_in_threadpool(
        partial(desk.store.audit, "download", user=user, obj=path.name, ip=desk.ip(request))
    )
    media = "text/html; charset=utf-8" if kind == "html" else (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")  # fmt: skip
    return desk.finish(FileResponse(path, media_type=media, filename=path.name), viewer, request)


# --------------------------------------------------------------------------------------------


async def static(desk: Desk, request: Request, viewer: Viewer) -> Response:
    name = request.path_params["name"]
    if name not in ("desk.css", "desk.js"):
        raise HTTPException(404, "没有这个文件。")
    text = (files("bijie_etl.desk") / "static" / name).read_text(encoding="utf-8")
    media = "text/css" if name.endswith(".css") else "text/javascript"
    response = Response(text, media_type=f"{media}; charset=utf-8", headers={"Cache-Control": "max-age=3600"})
    return desk.finish(response, viewer, request)


def _catalog_of_the_day(settings: Settings, as_of: date | None) -> Catalog:
    """The catalog of the year the desk works on: ``settings.year``, else the year of its date (years side by side)."""
    if settings.year is not None:
        return load_catalog_from_settings(settings)
    from bijie_etl.settings import today_in_bijie

    day = as_of or today_in_bijie()
    years = settings.catalog_years
    earlier = [y for y in years if y <= day.year]
    return load_catalog_from_settings(settings, earlier[-1] if earlier else None)


def _desks(settings: Settings, as_of: date | None, catalog: Catalog | None) -> Desks:
    """One desk, or in province mode (``province_file`` and a lake) one per city of the province file."""
    signer = Signer(load_secret(settings))
    if settings.province_file is None or not settings.lake_mode:
        desk = Desk(
            settings=settings,
            catalog=catalog or _catalog_of_the_day(settings, as_of),
            store=DeskStore(settings.desk_db_path),
            signer=signer,
            as_of_fixed=as_of,
        )
        return Desks({None: desk})
    from bijie_etl.province import city_settings, load_province

    desks: dict[str | None, Desk] = {}
    for city in load_province(settings.province_file):
        own = city_settings(settings, city)
        desks[city.code] = Desk(
            settings=own,
            catalog=_catalog_of_the_day(own, as_of),
            store=DeskStore(own.desk_db_path, city=city.code),
            signer=signer,
            as_of_fixed=as_of,
            city=city.code,
        )
    first = next(iter(desks.values()))
    nowhere = dataclasses.replace(first, city="", store=DeskStore(first.store.path, city=""))
    return Desks(desks, nowhere)


def create_app(settings: Settings, *, as_of: date | None = None, catalog: Catalog | None = None) -> Starlette:
    """The desk as an ASGI app (``uvicorn``); ``as_of`` fixes the date its checks and pages use.

    In province mode (``BIJIE_PROVINCE_FILE`` and a lake) one server serves every city: each
    account belongs to a city and only ever reaches that city's data (:class:`Desks`).
    """
    desks = _desks(settings, as_of, catalog)
    desk = desks.first
    dummy_hash()  # the unknown-name login's stand-in hash, made before the first login

    def r(path: str, handler: Handler, methods: tuple[str, ...] = ("GET",), public: bool = False) -> Route:
        return Route(path, _route(desks, handler, public=public), methods=list(methods))

    routes = [
        r("/login", login_page, public=True),
        r("/login", login_submit, ("POST",), public=True),
        r("/static/{name}", static, public=True),
        r("/logout", logout, ("POST",)),
        r("/", home),
        r("/dept/{code}", department_page),
        r("/dept/{code}/upload", upload_file, ("POST",)),
        r("/dept/{code}/uploads/{upload_id}", upload_page),
        r("/dept/{code}/uploads/{upload_id}/submit", submit_upload, ("POST",)),
        r("/dept/{code}/submissions/{submission_id:int}/feedback.{kind}", feedback_download),
    ]
    from bijie_etl.desk import pages

    routes += [r(path, handler, methods) for path, handler, methods in pages.ROUTES]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(BodyLimit, limit=settings.max_file_bytes + 1024 * 1024)],
    )
    app.state.desk = desk
    app.state.desks = desks
    return app
