"""The desk's accounts, sessions, CSRF and department isolation, against a real server on 127.0.0.1."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from desking import AS_OF, PASSWORDS, DeskServer, energy_rows, make_world, serve_desk
from spreadsheets import write_xlsx


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DeskServer]:
    settings = make_world(tmp_path_factory.mktemp("desk"))
    with serve_desk(settings, as_of=AS_OF) as server:
        yield server


@pytest.fixture
def good_file(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "能源局_2024-06.xlsx", {"数据": energy_rows(6)})


def _energy_upload(desk: DeskServer, path: Path) -> str:
    """An upload made by 市能源局's own user; returns its id."""
    c = desk.client()
    c.login("energy1")
    r = c.upload("energy", path)
    assert r.status_code == 200, r.text
    return str(r.url).rstrip("/").split("/")[-1]


def test_anonymous_users_reach_only_the_login_page(desk: DeskServer) -> None:
    """Every page and action without a session redirects to /login; nothing else is served."""
    c = desk.client()
    for path in ["/", "/dept/energy", "/overview", "/dashboard", "/late", "/download", "/download/analytics.duckdb",
                 "/admin/users", "/dept/energy/uploads/abcdefghijklmnopqrstuvwx",
                 "/dept/energy/submissions/1/feedback.xlsx"]:  # fmt: skip
        r = c.get(path)
        assert (r.status_code, r.headers.get("location")) == (303, "/login"), path
    c.get("/login")
    for path in ["/dept/energy/upload", "/dept/energy/uploads/abcdefghijklmnopqrstuvwx/submit",
                 "/dept/energy/targets/coal_output/explain", "/logout", "/admin/users"]:  # fmt: skip
        r = c.post(path, {"progress": "x"})
        assert (r.status_code, r.headers.get("location")) == (303, "/login"), path
    login = c.get("/login")
    assert login.status_code == 200
    assert "登录报送工作台" in login.text


def test_session_id_changes_at_login_and_the_old_one_is_worthless(desk: DeskServer) -> None:
    """Signing in issues a new cookie; the cookie held before login does not become a session."""
    c = desk.client()
    c.get("/login")
    before = c.cookie
    assert before
    c.login("energy1")
    after = c.cookie
    assert after
    assert after != before
    assert c.get("/dept/energy").status_code == 200
    planted = desk.client()
    planted.http.cookies.set("bijie_desk", before)
    assert planted.get("/dept/energy").status_code == 303
    cookie_header = [v for k, v in c.http.get("/login").headers.multi_items() if k == "set-cookie"]
    r = desk.client().http.get("/login")
    assert "httponly" in r.headers["set-cookie"].lower()
    assert "samesite=strict" in r.headers["set-cookie"].lower()
    assert cookie_header == [] or all("httponly" in h.lower() for h in cookie_header)


def test_login_form_and_posts_without_a_valid_csrf_token_are_refused(
    desk: DeskServer, good_file: Path
) -> None:
    """Login, upload, submit, 情况说明 and logout all need the page's CSRF token."""
    anon = desk.client()
    anon.get("/login")
    r = anon.post("/login", {"username": "energy1", "password": PASSWORDS["energy1"]}, csrf=False)
    assert r.status_code == 403
    r = anon.post("/login", {"username": "energy1", "password": PASSWORDS["energy1"], "csrf": "forged"})
    assert r.status_code == 403
    assert "CSRF" in r.text

    c = desk.client()
    c.login("energy1")
    upload_id = _energy_upload(desk, good_file)
    with open(good_file, "rb") as fh:
        r = c.http.post("/dept/energy/upload", data={"csrf": "wrong"}, files={"file": ("a.xlsx", fh)})
    assert r.status_code == 403
    for path, data in [
        (f"/dept/energy/uploads/{upload_id}/submit", {}),
        ("/dept/energy/targets/coal_output/explain", {"progress": "p", "problems": "q", "measures": "m"}),
        ("/logout", {}),
    ]:
        assert c.post(path, data, csrf=False).status_code == 403, path
        assert c.post(path, {**data, "csrf": "x" * 43}).status_code == 403, path
    assert c.get("/dept/energy").status_code == 200  # still signed in: the forged logout did nothing
    assert not list((desk.settings.inbox_dir / "能源局").glob("*desk*"))  # the forged submit placed nothing


def test_another_departments_user_is_refused_on_every_route(desk: DeskServer, good_file: Path) -> None:
    """市农业农村局's user can neither read nor act on 市能源局's page, uploads, reports or targets."""
    upload_id = _energy_upload(desk, good_file)
    c = desk.client()
    c.login("agri1")
    assert c.get("/dept/agriculture").status_code == 200
    for path in ["/dept/energy", f"/dept/energy/uploads/{upload_id}", "/dept/energy/submissions/1/feedback.xlsx",
                 "/dept/energy/submissions/1/feedback.html", "/overview", "/dashboard", "/late", "/download",
                 "/download/analytics.duckdb", "/admin/users"]:  # fmt: skip
        r = c.get(path)
        assert r.status_code == 403, path
        assert "市能源局" not in r.text, path
        assert "煤炭产量" not in r.text, path
    # its own department's URL cannot reach another department's upload either
    assert c.get(f"/dept/agriculture/uploads/{upload_id}").status_code == 404
    with open(good_file, "rb") as fh:
        r = c.http.post("/dept/energy/upload", data={"csrf": c.csrf}, files={"file": ("x.xlsx", fh)})
    assert r.status_code == 403
    assert c.post(f"/dept/energy/uploads/{upload_id}/submit").status_code == 403
    assert c.post(f"/dept/agriculture/uploads/{upload_id}/submit").status_code == 404
    r = c.post(
        "/dept/energy/targets/coal_output/explain", {"progress": "p", "problems": "q", "measures": "m"}
    )
    assert r.status_code == 403
    assert not list((desk.settings.inbox_dir / "能源局").glob("*desk*"))
    assert "coal_output" not in desk.store.latest_explanations()


def test_analysts_and_leaders_read_every_department_but_cannot_act_for_it(
    desk: DeskServer, good_file: Path
) -> None:
    """Read-all roles see a department's page and uploads; upload, submit and 情况说明 stay the department's."""
    upload_id = _energy_upload(desk, good_file)
    for name in ("analyst1", "leader1"):
        c = desk.client()
        c.login(name)
        page = c.get("/dept/energy")
        assert page.status_code == 200
        assert "煤炭产量" in page.text
        assert 'action="/dept/energy/upload"' not in page.text
        assert c.get(f"/dept/energy/uploads/{upload_id}").status_code == 200
        assert c.post(f"/dept/energy/uploads/{upload_id}/submit").status_code == 403
        with open(good_file, "rb") as fh:
            assert (
                c.http.post(
                    "/dept/energy/upload", data={"csrf": c.csrf}, files={"file": ("x.xlsx", fh)}
                ).status_code
                == 403
            )


def test_login_attempts_are_rate_limited(desk: DeskServer) -> None:
    """After five wrong passwords for a name, even the right password is refused for a while."""
    desk.store.add_user(
        "victim", "victim-pass-1234", role=__import__("bijie_etl.desk.store", fromlist=["Role"]).Role.ANALYST
    )
    c = desk.client()
    for _ in range(5):
        assert c.login("victim", "wrong-password-x").status_code == 401
    r = c.login("victim", "victim-pass-1234")
    assert r.status_code == 429
    assert "登录失败次数过多" in r.text
    assert c.get("/overview").status_code == 303


def test_disabled_account_loses_its_session_at_once(desk: DeskServer) -> None:
    """Disabling a user ends the sessions it has; it cannot sign in again."""
    from bijie_etl.desk.store import Role

    desk.store.add_user("leaver", "leaver-pass-1234", role=Role.DEPARTMENT, department="energy")
    c = desk.client()
    c.login("leaver", "leaver-pass-1234")
    assert c.get("/dept/energy").status_code == 200
    desk.store.set_active("leaver", False)
    assert c.get("/dept/energy").status_code == 303
    assert c.login("leaver", "leaver-pass-1234").status_code == 401


def test_dry_run_shows_every_bad_cell_and_writes_nothing(desk: DeskServer, tmp_path: Path) -> None:
    """Two bad rows: both cells and messages on the page, the good values listed, warehouse and inbox untouched."""
    bad = write_xlsx(
        tmp_path / "能源局_2024-06.xlsx",
        {
            "数据": energy_rows(
                6,
                extra=[
                    [
                        "coal_output",
                        "煤炭产量",
                        "万吨",
                        "2024-06",
                        "七星关区",
                        None,
                        "暂无",
                        None,
                        None,
                        None,
                        None,
                    ],
                    ["bogus", "不存在的指标", "吨", "2024-06", "全市", 1, 2, None, None, None, None],
                ],
            )
        },
    )
    before = desk.settings.analytics_path.stat().st_mtime_ns
    inbox_before = sorted(p.name for p in desk.settings.inbox_dir.rglob("*"))
    c = desk.client()
    c.login("energy1")
    r = c.upload("energy", bad)
    assert r.status_code == 200
    text = re.sub(r"\s+", " ", r.text)
    assert "数据!G4" in text
    assert "value_missing" in text
    assert "数据!A5" in text
    assert "unknown_indicator" in text
    assert "2 行有错误" in text
    assert "2 行可以入库" in text
    assert "3,000" in text  # the value that would load
    assert desk.settings.analytics_path.stat().st_mtime_ns == before
    assert sorted(p.name for p in desk.settings.inbox_dir.rglob("*")) == inbox_before


def test_submit_places_the_file_atomically_in_the_departments_inbox_once(
    desk: DeskServer, tmp_path: Path
) -> None:
    """Submitting puts the exact bytes in 能源局/ under a name made by the desk; a second submit is refused."""
    path = write_xlsx(
        tmp_path / "../../etc/passwd 能源局_2024-06.xlsx".replace("/", "_"),
        {"数据": energy_rows(6, coal_ytd=3001.0)},
    )
    c = desk.client()
    c.login("energy1")
    r = c.upload("energy", path, name="..\\..\\evil/../能源局_2024-06.xlsx")
    upload_id = str(r.url).split("/")[-1]
    r = c.post(f"/dept/energy/uploads/{upload_id}/submit")
    assert r.status_code == 303
    placed = [p for p in (desk.settings.inbox_dir / "能源局").iterdir() if upload_id[:12] in p.name]
    assert [p.name for p in placed] == [f"2024-06_desk_{upload_id[:12]}.xlsx"]
    assert placed[0].read_bytes() == path.read_bytes()
    assert not list(desk.settings.inbox_dir.rglob("*.part"))
    assert c.post(f"/dept/energy/uploads/{upload_id}/submit").status_code == 409
    page = c.page(f"/dept/energy/uploads/{upload_id}")
    assert "已提交" in page.text
    assert "检查结果：能源局_2024-06.xlsx" in page.text
    assert not list(desk.settings.warehouse_dir.parent.rglob("evil*"))


def test_behind_a_tls_proxy_cookies_are_secure_and_the_audit_log_has_the_client_address(
    desk: DeskServer,
) -> None:
    """With --proxy, X-Forwarded-Proto https makes the cookie Secure and X-Forwarded-For is the address audited."""
    with serve_desk(desk.settings, proxy=True) as proxied:
        c = proxied.client()
        c.http.headers.update({"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"})
        page = c.get("/login")
        assert "secure" in page.headers["set-cookie"].lower()
        # the browser speaks https to the proxy, so it sends the Secure cookie back; httpx on http would not
        cookie = page.headers["set-cookie"].split(";")[0]
        c.http.cookies.clear()
        r = c.http.post(
            "/login",
            data={"csrf": c.csrf, "username": "analyst1", "password": PASSWORDS["analyst1"]},
            headers={"Cookie": cookie},
        )
        assert r.status_code == 303
        assert "secure" in r.headers["set-cookie"].lower()
    logins = [a for a in desk.store.audit_since(0) if a["action"] == "login" and a["username"] == "analyst1"]
    assert logins[-1]["ip"] == "203.0.113.7"
    plain = desk.client().get("/login")
    assert "secure" not in plain.headers["set-cookie"].lower()  # plain http on 127.0.0.1: no Secure flag
