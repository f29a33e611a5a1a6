"""Deadline reminders and feedback emails, through the outbox, against a real SMTP server (aiosmtpd on 127.0.0.1)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import pytest

from bijie_etl.catalog import Catalog
from bijie_etl.desk.views import due_period
from bijie_etl.run import run_nightly
from desking import energy_rows, make_world
from smtp_server import FaultySmtpServer
from spreadsheets import write_xlsx


def _outbox(settings: object, purpose: str) -> list[tuple[str, str, str]]:
    with duckdb.connect(str(settings.database_path), read_only=True) as con:  # type: ignore[attr-defined]
        return con.execute(
            "SELECT department, status, subject FROM alert_messages WHERE purpose = ? ORDER BY id", [purpose]
        ).fetchall()


def test_reminders_go_once_to_departments_that_have_not_sent_the_month(
    smtp_server: FaultySmtpServer, tmp_path: Path
) -> None:
    """Three days before the 10th each department missing May indicators is reminded once, with exactly what is missing."""
    settings = make_world(tmp_path, months=5, settings=smtp_server.settings(tmp_path), as_of=date(2024, 6, 1))
    smtp_server.messages.clear()
    run_nightly(settings, date(2024, 6, 6))  # 4 days before the deadline: too early
    assert _outbox(settings, "reminder") == []
    run_nightly(settings, date(2024, 6, 7))  # 3 days before: reminders
    reminders = [m for m in smtp_server.messages if "提醒：2024年5月数据" in m.subject]
    to = {addr for m in reminders for addr in m.rcpt_tos}
    assert "agriculture@example.org" in to
    assert "agri1@example.org" in to  # the department's desk accounts too
    energy = next(m for m in reminders if "energy@example.org" in m.rcpt_tos)
    energy_body = energy.message.get_body(("plain",)).get_content()
    assert "建成充电桩" in energy_body  # not sent
    assert "煤炭产量" not in energy_body  # sent with May's file
    agri = next(m for m in reminders if "agriculture@example.org" in m.rcpt_tos)
    assert agri.subject == "【毕节市2024年目标监测】提醒：2024年5月数据3天后（6月10日）截止报送"
    body = agri.message.get_body(("plain",)).get_content()
    assert "新建和改造提升高标准农田" in body
    assert "http://127.0.0.1:8080/dept/agriculture" in body
    sent = len(reminders)
    run_nightly(settings, date(2024, 6, 8))  # the next night: nobody is reminded twice for May
    assert len([m for m in smtp_server.messages if "提醒：2024年5月数据" in m.subject]) == sent
    assert {s for _d, s, _subj in _outbox(settings, "reminder")} == {"sent"}


def test_feedback_email_carries_the_report_once_and_survives_an_smtp_outage(
    smtp_server: FaultySmtpServer, tmp_path: Path
) -> None:
    """A file with two bad rows: its department gets one email with the feedback workbook attached, after the server is back."""
    settings = make_world(tmp_path, months=4, settings=smtp_server.settings(tmp_path))
    from bijie_etl.desk.store import DeskStore

    assert DeskStore(settings.desk_db_path).find_user("energy1") is not None
    bad = energy_rows(5, extra=[
        ["coal_output", "煤炭产量", "万吨", "2024-05", "七星关区", None, "暂无", None, None, None, None],
        ["bogus", "不存在的指标", "吨", "2024-05", "全市", 1, 2, None, None, None, None],
    ])  # fmt: skip
    write_xlsx(settings.inbox_dir / "能源局" / "能源局_2024-05.xlsx", {"数据": bad})
    smtp_server.stop()
    run_nightly(settings, date(2024, 6, 15))
    assert [(d, s) for d, s, _ in _outbox(settings, "feedback")] == [("energy", "pending")]
    smtp_server.start()
    smtp_server.messages.clear()
    run_nightly(settings, date(2024, 6, 16))
    feedback = [m for m in smtp_server.messages if "报送文件有问题" in m.subject]
    assert len(feedback) == 1
    msg = feedback[0]
    assert set(msg.rcpt_tos) == {"energy@example.org", "energy1@example.org", "energy2@example.org"}
    assert msg.subject == "【毕节市2024年目标监测】报送文件有问题，请查看反馈报告：能源局/能源局_2024-05.xlsx"
    body = msg.message.get_body(("plain",)).get_content()
    assert "错误 2 处" in body
    assert "http://127.0.0.1:8080/dept/energy" in body
    (part,) = list(msg.message.iter_attachments())
    assert part.get_filename().endswith("_反馈.xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(part.get_content()))
    cells = [str(c.value) for row in wb.active.iter_rows() for c in row if c.value]
    assert "数据!G4" in cells
    assert "数据!A5" in cells
    run_nightly(settings, date(2024, 6, 17))
    assert len([m for m in smtp_server.messages if "报送文件有问题" in m.subject]) == 1
    assert [(d, s) for d, s, _ in _outbox(settings, "feedback")] == [("energy", "sent")]


def test_digest_shows_the_explanation_beside_a_lagging_target_or_says_it_is_missing(
    smtp_server: FaultySmtpServer, tmp_path: Path
) -> None:
    """The leadership digest puts 市能源局's 情况说明 under 煤炭产量 and says when a lagging target has none."""
    settings = make_world(
        tmp_path, months=4, settings=smtp_server.settings(tmp_path, alert_storm_min_alerts=100_000)
    )  # a first run alerts on most targets: not a storm here
    # May: 煤炭产量 滞后 (explained below), 发电量 预警 (no explanation)
    write_xlsx(
        settings.inbox_dir / "能源局" / "能源局_2024-05.xlsx", {"数据": energy_rows(5, power_ytd=205.0)}
    )
    from bijie_etl.desk.store import DeskStore

    store = DeskStore(settings.desk_db_path)
    author = store.find_user("energy1")
    assert author is not None
    store.add_explanation(
        target_code="coal_output", department="energy", status="off_track", as_of="2024-06-15",
        progress="1-4月完成2000万吨", problems="两座煤矿停产整改", measures="6月复产并加快新矿投产",
        recovery_month="2024-09", author=author,
    )  # fmt: skip
    smtp_server.messages.clear()
    run_nightly(settings, date(2024, 6, 15))
    (digest,) = [m for m in smtp_server.messages if "leader@bijie.example.org" in m.rcpt_tos]
    text = digest.message.get_body(("plain",)).get_content()
    coal = text[text.index("煤炭产量") :]
    assert (
        "情况说明：进展：1-4月完成2000万吨；问题：两座煤矿停产整改；措施：6月复产并加快新矿投产；预计2024-09恢复正常"
        in coal
    )
    power = text[text.index("发电量") :]
    assert "情况说明：责任单位尚未提交情况说明" in power
    html = digest.message.get_body(("html",)).get_content()
    assert "两座煤矿停产整改" in html


def test_a_storm_night_holds_the_deadline_reminders_with_the_alerts_until_confirmed(
    smtp_server: FaultySmtpServer, tmp_path: Path
) -> None:
    """On a night whose alerts are a storm, the deadline reminders queued that night are held too (nothing reaches SMTP); confirming sends them once."""
    settings = make_world(tmp_path, months=5, settings=smtp_server.settings(tmp_path), as_of=date(2024, 6, 1))
    stormy = settings.model_copy(update={"alert_storm_share": 0.5, "alert_storm_min_alerts": 5})
    smtp_server.messages.clear()
    report = run_nightly(stormy, date(2024, 6, 7)).as_dict()["mail"]  # 3 days before the deadline
    reminders = _outbox(settings, "reminder")
    assert reminders, "no reminder was queued"
    assert {status for _d, status, _s in reminders} == {"pending"}
    assert smtp_server.messages == []
    assert report["held"] >= len(reminders) + 1  # the alerts and the reminders
    with duckdb.connect(str(settings.database_path), read_only=True) as con:
        held = con.execute(
            "SELECT count(*) FROM alert_messages WHERE purpose = 'reminder'"
            " AND id IN (SELECT unnest(message_ids) FROM alert_holds WHERE released_at IS NULL)"
        ).fetchone()
    assert held == (len(reminders),)

    run_nightly(stormy, date(2024, 6, 7), confirm_alerts=True)
    sent = [m for m in smtp_server.messages if "提醒：2024年5月数据" in m.subject]
    assert len(sent) == len(reminders)
    assert {status for _d, status, _s in _outbox(settings, "reminder")} == {"sent"}


@pytest.mark.parametrize(
    ("as_of", "label", "due", "days_left"),
    [
        (
            date(2024, 2, 7),
            "2024年1-2月",
            date(2024, 3, 10),
            32,
        ),  # January alone is not owed: no reminder yet
        (date(2024, 3, 7), "2024年1-2月", date(2024, 3, 10), 3),  # the reminder names 1-2月
        (date(2024, 4, 7), "2024年3月", date(2024, 4, 10), 3),
    ],
)
def test_january_is_reported_with_february(
    catalog: Catalog, as_of: date, label: str, due: date, days_left: int
) -> None:
    """The desk and its reminders ask for 1-2月 (the Spring Festival: there is often no January file), due on
    March's deadline day, as the pace and the overdue list do."""
    owed = due_period(catalog, catalog.department("energy"), as_of)
    assert (owed.label, owed.due_date, owed.days_left(as_of)) == (label, due, days_left)
    assert owed.expected  # the department's monthly targets


def test_a_nights_emails_are_queued_together_once_each_in_order(tmp_path: Path) -> None:
    """Emails queued together get ids in their order; one already in the outbox or repeated in the batch gets None and is not inserted again."""
    from bijie_etl.desk.mailing import XLSX, _Mail, _queue, _queue_all
    from bijie_etl.run import open_warehouse
    from bijie_etl.settings import load_settings

    settings = load_settings(warehouse_dir=tmp_path / "warehouse", inbox_dir=tmp_path / "inbox")
    as_of = date(2024, 6, 7)
    wh = open_warehouse(settings)
    try:
        kept = _queue(
            wh, key="feedback:agriculture:aa", purpose="feedback", department="agriculture", recipients=["a@example.org"],
            subject="甲", text="甲", html="<p>甲</p>", as_of=as_of, settings=settings,
        )  # fmt: skip
        assert kept is not None
        energy = _Mail(
            "feedback:energy:bb",
            "feedback",
            "energy",
            ["e@example.org"],
            "乙",
            "乙",
            "<p>乙</p>",
            ("乙.xlsx", XLSX, b"PK"),
        )
        mails = [
            energy,
            _Mail("feedback:agriculture:aa", "feedback", "agriculture", ["a@example.org"], "甲", "甲", "<p>甲</p>"),
            energy,
            _Mail("reminder:stats:2024-05", "reminder", "stats", ["s@example.org"], "丙", "丙", "<p>丙</p>"),
        ]  # fmt: skip
        assert _queue_all(wh, mails, as_of=as_of, settings=settings) == [kept + 1, None, None, kept + 2]
        assert wh.con.execute(
            "SELECT id, audience, department, purpose, subject, alert_ids, status FROM alert_messages ORDER BY id"
        ).fetchall() == [
            (kept, "department", "agriculture", "feedback", "甲", [], "pending"),
            (kept + 1, "department", "energy", "feedback", "乙", [], "pending"),
            (kept + 2, "department", "stats", "reminder", "丙", [], "pending"),
        ]
        assert wh.con.execute(
            "SELECT m.id, a.file_name, a.mime_type, a.content FROM alert_message_attachments AS a"
            " JOIN alert_messages AS m USING (message_id)"
        ).fetchall() == [(kept + 1, "乙.xlsx", XLSX, b"PK")]
    finally:
        wh.close()
