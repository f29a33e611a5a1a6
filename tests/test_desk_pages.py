"""What the desk's pages show: due and missing, submissions with feedback, 情况说明, the live dashboard, late list, downloads, accounts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import openpyxl
import pytest

from bijie_etl.desk.sync import sync_now
from bijie_etl.run import run_nightly
from desking import AS_OF, DeskServer, energy_rows, make_world, serve_desk
from spreadsheets import write_xlsx


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DeskServer]:
    tmp = tmp_path_factory.mktemp("desk")
    settings = make_world(tmp, months=4)
    bad = energy_rows(
        5, extra=[["bogus", "不存在的指标", "吨", "2024-05", "全市", 1, 2, None, None, None, None]]
    )
    write_xlsx(settings.inbox_dir / "能源局" / "能源局_2024-05.xlsx", {"数据": bad})
    run_nightly(settings, AS_OF, notify=False)  # May loaded with one rejected row: a feedback report
    with serve_desk(settings, as_of=AS_OF) as server:
        yield server


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_department_page_shows_due_missing_submissions_and_targets(desk: DeskServer) -> None:
    """市能源局's page: May due on 6月10日 (overdue), the 8 targets not sent, its files with status, 煤炭产量 滞后."""
    c = desk.client()
    c.login("energy1")
    text = _text(c.get("/dept/energy").text)
    assert "应报 2024年5月 数据，截止 6月10日" in text
    assert "已逾期 5 天" in text
    assert "尚未收到（8 / 10 项）" in text
    assert "建成充电桩" in text
    assert "能源局/能源局_2024-05.xlsx" in text
    assert "部分入库" in text
    assert "滞后 煤炭产量" in text
    assert "尚未提交情况说明" in text


def test_feedback_report_of_a_submission_downloads_for_its_department_only(desk: DeskServer) -> None:
    """The run's feedback workbook is linked from the page and downloads as xlsx with the bad cell; others get 403."""
    c = desk.client()
    c.login("energy1")
    page = c.get("/dept/energy").text
    (link,) = re.findall(r'href="(/dept/energy/submissions/\d+/feedback\.xlsx)"', page)
    r = c.get(link)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    path = desk.settings.warehouse_dir / "downloaded.xlsx"
    path.write_bytes(r.content)
    cells = [str(v.value) for row in openpyxl.load_workbook(path).active.iter_rows() for v in row if v.value]
    assert "数据!A4" in cells
    other = desk.client()
    other.login("agri1")
    assert other.get(link).status_code == 403
    analyst = desk.client()
    analyst.login("analyst1")
    assert analyst.get(link).status_code == 200


def test_explanation_is_stored_with_author_and_time_and_shown_everywhere(desk: DeskServer) -> None:
    """A 情况说明 appears on the department page and the live dashboard, and reaches the warehouse with its audit row."""
    c = desk.client()
    c.login("energy1")
    c.get("/dept/energy")
    r = c.post("/dept/energy/targets/coal_output/explain", {"progress": "<b>1-5月</b>完成2500万吨", "problems": "两矿停产",
                                                          "measures": "6月复产", "recovery_month": "2024-09"})  # fmt: skip
    assert r.status_code == 303
    (e,) = [x for x in desk.store.explanations_since(0) if x.target_code == "coal_output"]
    assert (e.author, e.department, e.status, e.recovery_month) == (
        "energy1",
        "energy",
        "off_track",
        "2024-09",
    )
    page = c.get("/dept/energy").text
    assert "&lt;b&gt;1-5月&lt;/b&gt;完成2500万吨" in page  # escaped, never markup
    assert "energy1用户" in page

    analyst = desk.client()
    analyst.login("analyst1")
    dash = analyst.get("/dashboard")
    assert dash.status_code == 200
    assert "nonce-" in dash.headers["content-security-policy"]
    section = dash.text[dash.text.index('data-explanation="coal_output"') :][:2000]
    assert "两矿停产" in section
    assert "6月复产" in section
    assert 'data-explain="未提交情况说明"' not in dash.text.split('id="card-coal_output"')[0][-3000:]
    overview = _text(analyst.get("/overview").text)
    assert "市能源局" in overview

    assert sync_now(desk.settings, timeout=30) is not None
    with duckdb.connect(str(desk.settings.database_path), read_only=True) as con:
        rows = con.execute("SELECT target_code, author, recovery_month FROM target_explanations").fetchall()
        actions = {r[0] for r in con.execute("SELECT action FROM desk_audit_log").fetchall()}
    assert ("coal_output", "energy1", "2024-09") in rows
    assert {"login", "explain"} <= actions


def test_explanation_form_is_checked(desk: DeskServer) -> None:
    """Empty parts, a bad month and another department's target are refused with a Chinese message."""
    c = desk.client()
    c.login("energy1")
    c.get("/dept/energy")
    r = c.post("/dept/energy/targets/coal_output/explain", {"progress": "x", "problems": "", "measures": "y"})
    assert r.status_code == 400
    assert "存在的问题" in r.text
    r = c.post("/dept/energy/targets/coal_output/explain",
               {"progress": "x", "problems": "y", "measures": "z", "recovery_month": "九月"})  # fmt: skip
    assert r.status_code == 400
    r = c.post(
        "/dept/energy/targets/high_standard_farmland/explain",
        {"progress": "x", "problems": "y", "measures": "z"},
    )
    assert r.status_code == 404


def test_late_list_and_analytics_download_for_readers(desk: DeskServer, tmp_path: Path) -> None:
    """Analysts see the late list and download a DuckDB file that opens read-only with the views."""
    c = desk.client()
    c.login("leader1")
    late = _text(c.get("/late").text)
    assert "市农业农村局" in late
    assert "逾期天数" in late
    r = c.get("/download/analytics.duckdb")
    assert r.status_code == 200
    path = tmp_path / "a.duckdb"
    path.write_bytes(r.content)
    with duckdb.connect(str(path), read_only=True) as con:
        (n,) = con.execute("SELECT count(*) FROM v_indicator_status").fetchone() or (0,)
        tables = {t[0] for t in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert n > 100
    assert "users" not in tables
    assert "sessions" not in tables


def test_admin_adds_disables_and_resets_accounts_from_the_page(desk: DeskServer) -> None:
    """The accounts page creates a department user with a one-time password, which then signs in."""
    admin = desk.client()
    admin.login("admin1")
    page = admin.get("/admin/users")
    assert page.status_code == 200
    r = admin.post("/admin/users", {"action": "add", "username": "newbie", "role": "department", "department": "energy",
                                    "display_name": "新同事"})  # fmt: skip
    assert r.status_code == 200
    (password,) = re.findall(r'<code id="new-password">([^<]+)</code>', r.text)
    newbie = desk.client()
    assert newbie.login("newbie", password).status_code == 303
    assert newbie.get("/dept/energy").status_code == 200
    admin.post("/admin/users", {"action": "disable", "username": "newbie"})
    assert newbie.get("/dept/energy").status_code == 303
    bad = admin.post("/admin/users", {"action": "add", "username": "x y", "role": "analyst"})
    assert bad.status_code == 400
    assert "未完成" in bad.text
