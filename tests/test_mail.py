"""Alert emails against a real SMTP server on 127.0.0.1: delivery, faults, exactly-once, secrets."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from alerting import D, behind, catalog, open_warehouse
from bijie_etl.alerts import list_alerts, list_messages, notify, send_pending
from bijie_etl.mail import MailError, SmtpTransport, build_email, transport_from_settings
from bijie_etl.warehouse.store import Warehouse
from smtp_server import FaultySmtpServer

LEADER = "leader@bijie.example.org"
CANARY = "Canary-pw-7f3a9c!"


@pytest.fixture
def wh(tmp_path: Path) -> Iterator[Warehouse]:
    with open_warehouse(tmp_path) as warehouse:
        yield warehouse


def delivered(server: FaultySmtpServer) -> list[tuple[tuple[str, ...], str]]:
    """(envelope recipients, decoded subject) of every accepted message, in arrival order."""
    return [(r.rcpt_tos, r.subject) for r in server.messages]


def expected_deliveries(wh: Warehouse) -> list[tuple[tuple[str, ...], str]]:
    return [(tuple(m.recipients), m.subject) for m in list_messages(wh)]


def test_each_department_gets_its_own_email_with_chinese_subject_text_and_html(
    wh: Warehouse, smtp_server: FaultySmtpServer, tmp_path: Path
) -> None:
    """Each department's contacts and the leadership list get one UTF-8 email each, with a decodable Chinese subject and text + HTML parts."""
    settings = smtp_server.settings(tmp_path)
    report = notify(wh, catalog(), behind(), D, settings, transport_from_settings(settings))
    assert (report.sent, report.pending, report.failed, report.alerts_sent) == (3, 0, 0, 3)
    assert delivered(smtp_server) == [
        (
            ("stats-a@bijie.example.org", "stats-b@bijie.example.org"),
            "【毕节市2024年目标监测】2项指标需关注：滞后1项、预警1项（截至2024年6月）",
        ),
        (("energy@bijie.example.org",), "【毕节市2024年目标监测】1项指标进度滞后（截至2024年6月）"),
        ((LEADER,), "【毕节市2024年目标监测】汇总：3项指标需关注：滞后2项、预警1项（截至2024年6月）"),
    ]
    energy = smtp_server.messages[1].message
    assert (energy.get_content_type(), str(energy["From"]), str(energy["To"])) == (
        "multipart/alternative",
        "monitor@bijie.example.org",
        "energy@bijie.example.org",
    )
    text = energy.get_body(("plain",))
    html = energy.get_body(("html",))
    assert (text.get_content_charset(), html.get_content_charset()) == ("utf-8", "utf-8")
    assert "1. 原煤产量【滞后】首次评估" in text.get_content()
    assert '<td style="border:1px solid #ccd;padding:4px 6px">原煤产量</td>' in html.get_content()
    assert [r.message_id for r in smtp_server.messages] == [m.message_id for m in list_messages(wh)]


def test_second_run_sends_nothing_new(wh: Warehouse, smtp_server: FaultySmtpServer, tmp_path: Path) -> None:
    """Running again with the same assessments sends no email: alerts and emails recorded as sent are never sent again."""
    settings = smtp_server.settings(tmp_path)
    notify(wh, catalog(), behind(), D, settings, transport_from_settings(settings))
    again = notify(wh, catalog(), behind(), D, settings, transport_from_settings(settings))
    assert (again.raised, again.composed, again.sent, again.pending) == (0, 0, 0, 0)
    assert (len(smtp_server.messages), smtp_server.attempts) == (3, 3)


def test_server_down_then_up_every_alert_arrives_exactly_once(
    wh: Warehouse, smtp_server: FaultySmtpServer, tmp_path: Path
) -> None:
    """With the server down the run completes and everything stays pending; once it is up, each email (and alert) arrives exactly once."""
    settings = smtp_server.settings(tmp_path)
    smtp_server.stop()
    down = notify(wh, catalog(), behind(), D, settings, transport_from_settings(settings))
    assert (down.raised, down.sent, down.pending, down.failed, down.alerts_pending) == (3, 0, 3, 0, 3)
    assert [(m.status, m.attempts) for m in list_messages(wh)] == [
        ("pending", 1),
        ("pending", 0),
        ("pending", 0),
    ]
    assert "ConnectionRefusedError" in (list_messages(wh)[0].last_error or "")

    still_down = send_pending(wh, transport_from_settings(settings), settings)
    assert (still_down.sent, still_down.pending) == (0, 3)

    smtp_server.start()
    up = send_pending(wh, transport_from_settings(settings), settings)
    assert (up.sent, up.pending, up.alerts_sent, up.alerts_pending) == (3, 0, 3, 0)
    send_pending(wh, transport_from_settings(settings), settings)
    assert delivered(smtp_server) == expected_deliveries(wh)
    assert Counter(smtp_server.message_ids()) == Counter({m.message_id: 1 for m in list_messages(wh)})
    carried = Counter(
        i
        for r in smtp_server.messages
        for i in list_messages(wh, where="message_id = ?", params=[r.message_id])[0].alert_ids
    )
    assert carried == Counter({a.alert_id: 2 for a in list_alerts(wh)})  # its department email + the digest


def test_temporary_failure_then_ok(wh: Warehouse, smtp_server: FaultySmtpServer, tmp_path: Path) -> None:
    """A 4xx reply keeps that email pending (the others go out); the next run delivers it once."""
    settings = smtp_server.settings(tmp_path)
    smtp_server.behave("tempfail", times=1)
    first = notify(wh, catalog(), behind(), D, settings, transport_from_settings(settings))
    assert (first.sent, first.pending, first.failed) == (2, 1, 0)
    assert [(m.audience, m.status, m.attempts, m.last_error) for m in list_messages(wh)] == [
        (
            "department",
            "pending",
            1,
            "邮件服务器暂时失败 (451 4.3.0 Temporary local problem, try again later)",
        ),
        ("department", "sent", 1, None),
        ("digest", "sent", 1, None),
    ]
    assert [(a.target_code, a.status) for a in list_alerts(wh)] == [
        ("gdp_growth", "pending"),
        ("retail_sales", "pending"),
        ("coal_output", "sent"),
    ]
    second = send_pending(wh, transport_from_settings(settings), settings)
    assert (second.sent, second.pending, second.alerts_sent) == (1, 0, 3)
    assert Counter(smtp_server.message_ids()) == Counter({m.message_id: 1 for m in list_messages(wh)})


def test_permanent_failure_is_failed_after_max_attempts_and_visible(
    wh: Warehouse, smtp_server: FaultySmtpServer, tmp_path: Path
) -> None:
    """A 5xx reply is retried until smtp_max_attempts, then the email and its alerts are marked failed with the server's reason."""
    settings = smtp_server.settings(tmp_path, smtp_max_attempts=2)
    smtp_server.behave("permfail")
    first = notify(wh, catalog(), behind(), D, settings, transport_from_settings(settings))
    assert (first.sent, first.pending, first.failed) == (0, 3, 0)
    second = send_pending(wh, transport_from_settings(settings), settings)
    assert (second.sent, second.pending, second.failed, second.alerts_failed) == (0, 0, 3, 3)
    reason = "邮件服务器永久失败 (554 5.7.1 Message rejected by policy)"
    assert [(m.status, m.attempts, m.last_error) for m in list_messages(wh)] == [("failed", 2, reason)] * 3
    assert [(a.status, a.attempts, a.last_error) for a in list_alerts(wh)] == [("failed", 2, reason)] * 3
    smtp_server.behave("ok")
    third = send_pending(wh, transport_from_settings(settings), settings)
    assert (third.sent, smtp_server.attempts, smtp_server.messages) == (0, 6, [])


def test_stalled_server_times_out_then_delivers_once(
    wh: Warehouse, smtp_server: FaultySmtpServer, tmp_path: Path
) -> None:
    """A server that never answers DATA makes the run time out quickly with everything pending; later each email arrives once."""
    settings = smtp_server.settings(tmp_path, smtp_timeout=0.5)
    smtp_server.behave("stall")
    started = time.monotonic()
    stalled = notify(wh, catalog(), behind(), D, settings, transport_from_settings(settings))
    assert time.monotonic() - started < 5
    assert (stalled.sent, stalled.pending, stalled.alerts_pending) == (0, 3, 3)
    assert [(m.status, m.attempts) for m in list_messages(wh)] == [
        ("pending", 1),
        ("pending", 0),
        ("pending", 0),
    ]
    assert list_messages(wh)[0].last_error == f"邮件服务器 127.0.0.1:{smtp_server.port} 响应超时（超过0.5秒）"
    smtp_server.behave("ok")
    later = send_pending(wh, transport_from_settings(settings), settings)
    assert (later.sent, later.pending, later.alerts_sent) == (3, 0, 3)
    assert delivered(smtp_server) == expected_deliveries(wh)


def test_smtp_password_never_leaks(
    wh: Warehouse, smtp_server: FaultySmtpServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The SMTP password (a canary) appears in no log record, exception text, report, repr or warehouse table, on failure or success."""
    caplog.set_level(logging.DEBUG)
    smtp_server.credentials = ("monitor", "the-real-password")
    settings = smtp_server.settings(tmp_path, smtp_user="monitor", smtp_password=CANARY)
    refused = notify(wh, catalog(), behind(), D, settings, transport_from_settings(settings))
    assert (refused.sent, refused.pending) == (0, 3)
    assert refused.errors[0].endswith("SMTP会话被拒绝 (535 5.7.8 Authentication credentials invalid)")

    transport = SmtpTransport.from_settings(settings)
    message = build_email(
        sender=settings.alert_from,
        recipients=[LEADER],
        subject="测试",
        text="正文",
        html="<p>正文</p>",
        message_id="<t@x>",
    )
    with pytest.raises(MailError) as caught:
        transport.send(message, [LEADER])
    texts = [
        str(caught.value),
        repr(caught.value),
        repr(transport),
        repr(settings),
        str(refused),
        refused.summary_zh,
    ]

    smtp_server.credentials = ("monitor", CANARY)
    accepted = send_pending(wh, transport_from_settings(settings), settings)
    assert (accepted.sent, accepted.pending) == (3, 0)
    # The password did travel to the server, so the checks below can fail.
    assert smtp_server.logins[-1] == ("monitor", CANARY)

    texts += [r.getMessage() for r in caplog.records] + [str(accepted)]
    stored = []
    for (table,) in wh.con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
    ).fetchall():
        stored += [repr(row) for row in wh.con.execute(f'SELECT * FROM "{table}"').fetchall()]
    wh.con.execute("CHECKPOINT")
    assert [t for t in texts + stored if CANARY in t] == []
    assert CANARY.encode() not in Path(wh.path).read_bytes()
    assert LEADER in "".join(stored)  # the search above did look at real rows


def test_prefect_email_block_is_a_transport(
    wh: Warehouse, smtp_server: FaultySmtpServer, tmp_path: Path
) -> None:
    """A Prefect EmailServerCredentials block (plain SMTP, with login) delivers the alerts like the BIJIE_SMTP_* settings do."""
    from prefect_email import EmailServerCredentials

    block = EmailServerCredentials(
        username="monitor",
        password=CANARY,
        smtp_server=smtp_server.host,
        smtp_port=smtp_server.port,
        smtp_type="INSECURE",
    )
    transport = SmtpTransport.from_block(block, timeout=2.0)
    assert (transport.description, transport.starttls, transport.use_ssl) == (
        f"SMTP 127.0.0.1:{smtp_server.port}",
        False,
        False,
    )
    report = notify(wh, catalog(), behind(), D, smtp_server.settings(tmp_path), transport)
    assert (report.sent, report.pending, smtp_server.logins) == (3, 0, [("monitor", CANARY)])
    assert delivered(smtp_server) == expected_deliveries(wh)
