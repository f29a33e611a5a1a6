"""The desk in province mode: one server for every city, each account sees its own city and department only (real lake, real server)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bijie_etl.desk.store import DeskStore, Role
from bijie_etl.province import city_settings, load_province
from bijie_etl.run import run_nightly
from bijie_etl.settings import Settings
from bijie_etl.warehouse.lake import open_analytics
from desking import AS_OF, DeskServer, energy_rows, serve_desk
from lake_servers import S3, Postgres
from spreadsheets import write_xlsx
from test_lake import lake_settings

pytestmark = pytest.mark.slow
PASSWORD = "province-pass-1234"
#: (user name, city, role, department)
ACCOUNTS = [
    ("bj_energy", "bijie", Role.DEPARTMENT, "energy"),
    ("bj_analyst", "bijie", Role.ANALYST, None),
    ("bj_admin", "bijie", Role.ADMIN, None),
    ("zy_energy", "zunyi", Role.DEPARTMENT, "energy"),
    ("zy_analyst", "zunyi", Role.ANALYST, None),
]
PREFIX = {"bijie": "毕节报表", "zunyi": "遵义报表"}


@pytest.fixture(scope="module")
def province(
    tmp_path_factory: pytest.TempPathFactory, postgres_server: Postgres, s3_server: S3
) -> Iterator[DeskServer]:
    """Two cities in one lake (each: 市能源局's files for January–May, named after the city), accounts of both, one desk."""
    root = tmp_path_factory.mktemp("province-desk")
    lines = ["cities:"]
    for code in PREFIX:
        inbox = root / code / "inbox"
        (inbox / "能源局").mkdir(parents=True)
        for m in range(1, 6):
            write_xlsx(inbox / "能源局" / f"{PREFIX[code]}_2024-{m:02d}.xlsx", {"数据": energy_rows(m)})
        lines.append(f"  - {{code: {code}, name_zh: {PREFIX[code][:2]}市, inbox_dir: {inbox}}}")
    (root / "province.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lake: dict[str, Any] = lake_settings(
        postgres_server, s3_server, postgres_server.new_database("desk"), s3_server.new_bucket("desk")
    )
    base = Settings(
        **lake,
        province_file=root / "province.yaml",
        warehouse_dir=root / "warehouse",
        alert_storm_share=1.0,
        lock_timeout=60,
    )
    for city in load_province(base.province_file):  # type: ignore[arg-type]
        run_nightly(city_settings(base, city), AS_OF, notify=False)
    for name, city, role, dept in ACCOUNTS:
        DeskStore(base.desk_db_path, city=city).add_user(name, PASSWORD, role=role, department=dept)
    with serve_desk(base, as_of=AS_OF) as server:
        yield server


def _login(desk: DeskServer, name: str) -> Any:
    c = desk.client()
    r = c.login(name, PASSWORD)
    assert r.status_code == 303, r.text[:300]
    return c


def _landed(client: Any, path: str) -> Any:
    """The page a login arrived at, which must be ``path`` (each page reads the lake: not fetched twice)."""
    page = client.landing
    assert page is not None
    assert page.status_code == 200, page.text[:300]
    assert page.url.path == path, page.url
    return page


def _upload_id(url: object) -> str:
    return str(url).rstrip("/").split("/")[-1]


def test_a_department_sees_its_own_citys_department_only(province: DeskServer, tmp_path: Path) -> None:
    """毕节's 市能源局 sees 毕节's files; 遵义's 市能源局 (same department code) sees 遵义's; neither reaches the other's upload."""
    bj, zy = _login(province, "bj_energy"), _login(province, "zy_energy")
    bj_page, zy_page = _landed(bj, "/dept/energy"), _landed(zy, "/dept/energy")
    assert bj_page.status_code == zy_page.status_code == 200
    assert PREFIX["bijie"] in bj_page.text
    assert PREFIX["zunyi"] not in bj_page.text
    assert PREFIX["zunyi"] in zy_page.text
    assert PREFIX["bijie"] not in zy_page.text

    june = write_xlsx(tmp_path / "遵义报表_2024-06.xlsx", {"数据": energy_rows(6)})
    page = zy.upload("energy", june)
    assert page.status_code == 200
    upload = _upload_id(page.url)
    assert zy.get(f"/dept/energy/uploads/{upload}").status_code == 200
    # Another city's upload does not exist for 毕节, on any route.
    assert bj.get(f"/dept/energy/uploads/{upload}").status_code == 404
    assert bj.post(f"/dept/energy/uploads/{upload}/submit").status_code == 404
    assert _upload_id(page.url) not in bj.get("/dept/energy").text
    reader = _login(province, "bj_analyst")
    assert reader.get(f"/dept/energy/uploads/{upload}").status_code == 404
    assert PREFIX["zunyi"] not in reader.get("/dept/energy").text
    # 遵义 submits: the file lands in 遵义's inbox, never 毕节's.
    assert zy.post(f"/dept/energy/uploads/{upload}/submit").status_code == 303
    settings = province.settings
    inboxes = {c.code: city_settings(settings, c).inbox_dir for c in load_province(settings.province_file)}  # type: ignore[arg-type]
    assert len(list((inboxes["zunyi"] / "能源局").glob("*desk*"))) == 1
    assert not list((inboxes["bijie"] / "能源局").glob("*desk*"))


def test_readers_and_admins_stay_in_their_city(province: DeskServer) -> None:
    """Analysts read their own city's overview, dashboard and late list from the lake; an admin lists and manages its city's accounts only."""
    for name, city in (("bj_analyst", "bijie"), ("zy_analyst", "zunyi")):
        c = _login(province, name)
        pages = {"/overview": _landed(c, "/overview")}
        for path in ("/dashboard", "/late", "/dept/energy"):
            pages[path] = c.get(path)
            assert pages[path].status_code == 200, (name, path, pages[path].text[:300])
        other = "zunyi" if city == "bijie" else "bijie"
        assert PREFIX[other] not in pages["/dept/energy"].text
        r = c.get("/download/analytics.duckdb")
        assert r.status_code == 404
        assert "省级模式不发布分析库副本" in r.text
    admin = _login(province, "bj_admin")
    users = _landed(admin, "/admin/users")
    assert "bj_energy" in users.text
    assert "zy_energy" not in users.text
    r = admin.post("/admin/users", {"action": "disable", "username": "zy_energy"})
    assert r.status_code == 400
    assert "没有用户 zy_energy" in r.text
    _landed(_login(province, "zy_energy"), "/dept/energy")  # still active


def test_a_citys_explanation_reaches_only_its_own_warehouse_and_pages(province: DeskServer) -> None:
    """遵义's 情况说明 on 煤炭产量 is stored for 遵义, shown on 遵义's dashboard, absent from 毕节's, and the next 遵义 run copies it into lake.zunyi only."""
    zy = _login(province, "zy_energy")
    _landed(zy, "/dept/energy")  # the form's CSRF token comes from this page
    r = zy.post(
        "/dept/energy/targets/coal_output/explain",
        {
            "progress": "遵义煤矿复产中",
            "problems": "两座煤矿停产整改",
            "measures": "督促复产",
            "recovery_month": "2024-09",
        },
    )
    assert r.status_code == 303, r.text[:500]
    settings = province.settings
    assert "coal_output" in DeskStore(settings.desk_db_path, city="zunyi").latest_explanations()
    assert "coal_output" not in DeskStore(settings.desk_db_path, city="bijie").latest_explanations()
    assert "遵义煤矿复产中" in _login(province, "zy_analyst").get("/dashboard").text
    assert "遵义煤矿复产中" not in _login(province, "bj_analyst").get("/dashboard").text
    for city in load_province(settings.province_file):  # type: ignore[arg-type]
        run_nightly(city_settings(settings, city), AS_OF, notify=False)
    with open_analytics(settings) as con:
        rows = con.execute(
            "SELECT city, target_code, progress FROM lake.main.target_explanations ORDER BY city"
        ).fetchall()
    assert rows == [("zunyi", "coal_output", "遵义煤矿复产中")]


def test_users_command_makes_and_lists_the_accounts_of_its_city_only(tmp_path: Path) -> None:
    """`BIJIE_CITY=zunyi bijie-etl users add` makes a 遵义 account; `users list` for 毕节 does not show it."""
    from typer.testing import CliRunner

    from bijie_etl.cli import app

    (tmp_path / "province.yaml").write_text(
        "cities:\n  - {code: bijie, name_zh: 毕节市}\n  - {code: zunyi, name_zh: 遵义市}\n", encoding="utf-8"
    )
    env = {
        "BIJIE_WAREHOUSE_URL": "ducklake:postgres:dbname=unused host=127.0.0.1",
        "BIJIE_PROVINCE_FILE": str(tmp_path / "province.yaml"),
        "BIJIE_WAREHOUSE_DIR": str(tmp_path / "warehouse"),
    }
    runner = CliRunner()
    made = runner.invoke(
        app,
        ["users", "add", "zy_energy", "--role", "department", "-d", "能源局", "--generate"],
        env={**env, "BIJIE_CITY": "zunyi"},
    )
    assert made.exit_code == 0, made.output
    store = DeskStore(tmp_path / "warehouse" / "desk" / "desk.sqlite", city="zunyi")
    assert [(u.username, u.city, u.department) for u in store.list_users()] == [
        ("zy_energy", "zunyi", "energy")
    ]
    listed = runner.invoke(app, ["users", "list"], env={**env, "BIJIE_CITY": "bijie"})
    assert listed.exit_code == 0, listed.output
    assert "zy_energy" not in listed.output
    assert "zy_energy" in runner.invoke(app, ["users", "list"], env={**env, "BIJIE_CITY": "zunyi"}).output
