"""Alerts: status transitions, reminders, recovery, composition into emails, and the .eml outbox."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from alerting import D, assessment, behind, catalog, open_warehouse
from bijie_etl.alerts import (
    compose_messages,
    list_alerts,
    list_messages,
    notify,
    raise_alerts,
    send_pending,
)
from bijie_etl.mail import EmlOutbox, transport_from_settings
from bijie_etl.settings import Settings
from bijie_etl.warehouse.store import Warehouse

LEADER = "leader@bijie.example.org"


@pytest.fixture
def wh(tmp_path: Path) -> Iterator[Warehouse]:
    with open_warehouse(tmp_path) as warehouse:
        yield warehouse


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(warehouse_dir=tmp_path, alert_from="monitor@bijie.example.org", alert_digest_to=[LEADER])


def run_statuses(
    wh: Warehouse, settings: Settings, code: str, plan: list[tuple[int, str]]
) -> list[tuple[int, str, str, str | None]]:
    """Raise alerts for one target over several as-of dates (days after D); (day, kind, status, previous) raised."""
    out = []
    for day, status in plan:
        for a in raise_alerts(
            wh,
            catalog(),
            [assessment(code, status, D + timedelta(days=day))],
            D + timedelta(days=day),
            settings,
        ):
            out.append((day, a.kind, a.target_status, a.previous_status))
    return out


def test_first_assessment_raises_for_every_alerting_status(wh: Warehouse, settings: Settings) -> None:
    """A first assessment raises an alert when at_risk, off_track, late or no_data, and none when on_track."""
    statuses = {
        "gdp_growth": "on_track",
        "retail_sales": "at_risk",
        "coal_output": "off_track",
        "power_capacity": "late",
        "afforestation": "no_data",
    }
    raised = raise_alerts(wh, catalog(), [assessment(c, s) for c, s in statuses.items()], D, settings)
    assert [
        (
            a.target_code,
            a.department,
            a.kind,
            a.target_status,
            a.target_status_zh,
            a.previous_status,
            a.status,
            a.as_of,
        )
        for a in raised
    ] == [
        ("retail_sales", "stats", "raised", "at_risk", "预警", None, "pending", D),
        ("coal_output", "energy", "raised", "off_track", "滞后", None, "pending", D),
        ("power_capacity", "energy", "raised", "late", "迟报", None, "pending", D),
        ("afforestation", "forestry", "raised", "no_data", "无数据", None, "pending", D),
    ]


def test_alert_only_when_status_changes(wh: Warehouse, settings: Settings) -> None:
    """An alert is raised when the status becomes an alerting one, not while it stays at_risk or turns not_assessed."""
    plan = [
        (0, "on_track"),
        (30, "at_risk"),
        (60, "at_risk"),
        (90, "off_track"),
        (100, "late"),
        (130, "not_assessed"),
    ]
    assert run_statuses(wh, settings, "gdp_growth", plan) == [
        (30, "raised", "at_risk", "on_track"),
        (90, "raised", "off_track", "at_risk"),
        (100, "raised", "late", "off_track"),
    ]


@pytest.mark.parametrize("status", ["off_track", "late"])
def test_reminder_every_reminder_days_while_off_track_or_late(
    wh: Warehouse, settings: Settings, status: str
) -> None:
    """A target still off_track or late gets a reminder reminder_days (28) after its last alert, not a day earlier."""
    plan = [(0, status), (27, status), (28, status), (40, status), (55, status), (56, status)]
    assert run_statuses(wh, settings, "coal_output", plan) == [
        (0, "raised", status, None),
        (28, "reminder", status, status),
        (56, "reminder", status, status),
    ]


def test_at_risk_is_not_reminded(wh: Warehouse, settings: Settings) -> None:
    """A target that stays at_risk is alerted once, with no reminder."""
    plan = [(0, "at_risk"), (28, "at_risk"), (56, "at_risk")]
    assert run_statuses(wh, settings, "retail_sales", plan) == [(0, "raised", "at_risk", None)]


def test_recovery_reported_once_in_the_digest_only(wh: Warehouse, settings: Settings) -> None:
    """A return to on_track is one 'recovered' alert, carried by the digest (恢复正常) and not by a department email."""
    cat = catalog()
    raise_alerts(wh, cat, [assessment("coal_output", "off_track")], D, settings)
    compose_messages(wh, cat, settings, D)
    later = D + timedelta(days=30)
    recovered = raise_alerts(wh, cat, [assessment("coal_output", "on_track", later)], later, settings)
    assert [(a.target_code, a.kind, a.target_status, a.previous_status) for a in recovered] == [
        ("coal_output", "recovered", "on_track", "off_track")
    ]
    messages = compose_messages(wh, cat, settings, later)
    assert [(m.audience, m.recipients, m.alert_ids, m.subject) for m in messages] == [
        (
            "digest",
            [LEADER],
            [recovered[0].alert_id],
            "【毕节市2024年目标监测】汇总：1项指标恢复正常（截至2024年6月）",
        ),
    ]
    (text,) = wh.con.execute("SELECT body_text FROM alert_messages WHERE id = ?", [messages[0].id]).fetchone()
    assert "【恢复正常】1项\n1. 原煤产量（市能源局）滞后 → 正常；统计期：2024年6月" in text
    again = D + timedelta(days=60)
    assert raise_alerts(wh, cat, [assessment("coal_output", "on_track", again)], again, settings) == []


def test_same_assessments_twice_raise_nothing_new(wh: Warehouse, settings: Settings) -> None:
    """Raising alerts again for the same assessments (a re-run, a Prefect retry) records nothing new."""
    first = raise_alerts(wh, catalog(), behind(), D, settings)
    assert raise_alerts(wh, catalog(), behind(), D, settings) == []
    assert [(a.alert_id, a.target_code) for a in list_alerts(wh)] == [
        (a.alert_id, a.target_code) for a in first
    ]


def test_older_as_of_does_not_rewind_the_state(wh: Warehouse, settings: Settings) -> None:
    """Assessments of an earlier date than already seen (a backfill) raise nothing and change no state."""
    later = D + timedelta(days=30)
    raise_alerts(wh, catalog(), [assessment("gdp_growth", "on_track", later)], later, settings)
    assert raise_alerts(wh, catalog(), [assessment("gdp_growth", "off_track")], D, settings) == []
    assert wh.con.execute(
        "SELECT target_code, status, as_of, last_alert_as_of FROM alert_state"
    ).fetchall() == [("gdp_growth", "on_track", later, None)]


def test_one_email_per_department_and_one_digest(wh: Warehouse, settings: Settings) -> None:
    """Each department gets one email with only its own targets, to its contacts; the digest carries every alert."""
    cat = catalog()
    assessments = [*behind()[:4], assessment("afforestation", "no_data")]
    raise_alerts(wh, cat, assessments, D, settings)
    messages = compose_messages(wh, cat, settings, D)
    code_of = {a.alert_id: a.target_code for a in list_alerts(wh)}
    assert [
        (m.audience, m.department, m.recipients, [code_of[i] for i in m.alert_ids], m.subject, m.status)
        for m in messages
    ] == [
        (
            "department",
            "stats",
            ["stats-a@bijie.example.org", "stats-b@bijie.example.org"],
            ["gdp_growth", "retail_sales"],
            "【毕节市2024年目标监测】2项指标需关注：滞后1项、预警1项（截至2024年6月）",
            "pending",
        ),
        (
            "department",
            "energy",
            ["energy@bijie.example.org"],
            ["coal_output"],
            "【毕节市2024年目标监测】1项指标进度滞后（截至2024年6月）",
            "pending",
        ),
        # forestry has no contacts: its alert travels in the digest only
        (
            "digest",
            None,
            [LEADER],
            ["gdp_growth", "retail_sales", "coal_output", "afforestation"],
            "【毕节市2024年目标监测】汇总：4项指标需关注：滞后2项、预警1项、无数据1项（截至2024年6月）",
            "pending",
        ),
    ]
    assert len({m.message_id for m in messages}) == 3
    assert compose_messages(wh, cat, settings, D) == []


def test_alert_nobody_can_receive_is_failed_not_lost(wh: Warehouse, tmp_path: Path) -> None:
    """With no department contact and no digest list, the alert is marked failed with the reason, never dropped."""
    settings = Settings(warehouse_dir=tmp_path, alert_digest_to=[])
    raise_alerts(
        wh,
        catalog(),
        [assessment("afforestation", "no_data"), assessment("coal_output", "off_track")],
        D,
        settings,
    )
    messages = compose_messages(wh, catalog(), settings, D)
    assert [(m.audience, m.department) for m in messages] == [("department", "energy")]
    assert [(a.target_code, a.status, a.last_error) for a in list_alerts(wh)] == [
        (
            "afforestation",
            "failed",
            "无收件人：牵头部门未配置联系人，且未配置领导汇总收件人 (BIJIE_ALERT_DIGEST_TO)",
        ),
        ("coal_output", "pending", None),
    ]


def test_department_email_text_shows_every_figure(wh: Warehouse, settings: Settings) -> None:
    """The department email names the target and gives target, actual, expected, status, projection and the monthly catch-up."""
    raise_alerts(wh, catalog(), behind(), D, settings)
    compose_messages(wh, catalog(), settings, D)
    (text,) = wh.con.execute("SELECT body_text FROM alert_messages WHERE department = 'energy'").fetchone()
    assert text == (
        "市能源局：\n\n"
        "截至2024年7月15日（数据截至2024年6月），贵单位牵头的以下1项2024年政府工作报告目标需要关注：\n\n"
        "1. 原煤产量【滞后】首次评估\n"
        "   统计期：2024年6月\n"
        "   年度目标：12,000万吨（力争13,000万吨）\n"
        "   实际完成：5,000万吨；按进度应达：6,000万吨；完成进度 83.3%\n"
        "   预计全年：10,000万吨；追赶所需每月完成：1,166.67万吨/月\n\n"
        "请核实上述数据并采取措施；如数据有误，请按期重新报送。\n\n"
        "—— 毕节市政府工作报告目标监测系统（自动发送，请勿直接回复）\n"
        "Automated alert from the Bijie 2024 target monitoring system.\n"
    )


def test_html_escapes_names_and_loads_nothing_external(wh: Warehouse, settings: Settings) -> None:
    """A target name with <script> is escaped in every HTML body (kept verbatim in text), and no HTML refers to an outside resource."""
    raise_alerts(wh, catalog(), behind(), D, settings)
    compose_messages(wh, catalog(), settings, D)
    bodies = wh.con.execute(
        "SELECT audience, body_text, body_html FROM alert_messages WHERE audience = 'digest' OR department = 'stats' ORDER BY id"
    ).fetchall()
    assert [audience for audience, *_ in bodies] == ["department", "digest"]
    for _, text, html in bodies:
        assert "社会消费品零售总额&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<script" not in html.lower()
        assert "社会消费品零售总额<script>alert(1)</script>" in text
        for external in ("http:", "https:", "src=", "<link", "@import", "url("):
            assert external not in html.lower()


def test_without_smtp_messages_become_eml_files_once(wh: Warehouse, settings: Settings) -> None:
    """With no SMTP configured the run writes one .eml per email to the outbox folder, says so, and a re-run writes nothing new."""
    transport = transport_from_settings(settings)
    assert isinstance(transport, EmlOutbox)
    assert transport.directory == settings.outbox_dir
    report = notify(wh, catalog(), behind(), D, settings, transport)
    assert (
        report.raised,
        report.composed,
        report.sent,
        report.pending,
        report.failed,
        report.alerts_sent,
    ) == (3, 3, 3, 0, 0, 3)
    assert (
        report.summary_zh
        == f"未配置SMTP服务器，邮件未实际发送：本次3封邮件写成 .eml 文件，保存在 {settings.outbox_dir}；预警3条已写入 .eml 文件，待写0条，失败0条"
    )
    files = sorted(settings.outbox_dir.glob("*.eml"))
    parsed = [message_from_bytes(f.read_bytes(), policy=policy.default) for f in files]
    assert sorted((str(m["To"]), str(m["Subject"])) for m in parsed) == sorted(
        (", ".join(m.recipients), m.subject) for m in list_messages(wh)
    )
    again = send_pending(wh, transport_from_settings(settings), settings)
    assert (again.sent, sorted(settings.outbox_dir.glob("*.eml"))) == (0, files)
    assert [(m.status, m.attempts) for m in list_messages(wh)] == [("sent", 1)] * 3
