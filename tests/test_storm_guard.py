"""The alert storm guard: 119 would-be alerts at once are held, told to the operator, and sent only when confirmed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from bijie_etl.cli import app
from bijie_etl.run import run_nightly
from bijie_etl.settings import Settings
from smtp_server import FaultySmtpServer

AS_OF = date(2024, 11, 15)
runner = CliRunner()


def test_a_night_of_no_data_holds_the_emails_until_confirmed(
    tmp_path: Path, smtp_server: FaultySmtpServer
) -> None:
    """An empty inbox turns 119 targets 无数据: their emails are held (nothing reaches SMTP), a later run keeps holding, `alert --confirm` sends every one."""
    (tmp_path / "inbox").mkdir()
    settings: Settings = smtp_server.settings(tmp_path / "warehouse", inbox_dir=tmp_path / "inbox")

    first = run_nightly(settings, AS_OF).as_dict()

    mail = first["mail"]
    assert mail["raised"] == 119
    assert first["status_counts"]["no_data"] == 119
    assert mail["held"] == mail["composed"] > 0
    assert mail["sent"] == 0
    assert smtp_server.messages == []
    assert smtp_server.attempts == 0
    assert "提醒邮件已暂扣" in mail["summary_zh"]
    assert "bijie-etl alert --confirm" in mail["summary_zh"]
    with duckdb.connect(str(tmp_path / "warehouse" / "bijie.duckdb"), read_only=True) as con:
        holds = con.execute(
            "SELECT alerts, targets, len(message_ids), released_at FROM alert_holds"
        ).fetchall()
    assert len(holds) == 1
    assert holds[0][0] == 119
    assert holds[0][2] == mail["composed"]
    assert holds[0][3] is None

    again = run_nightly(settings, AS_OF).as_dict()["mail"]
    assert again["raised"] == 0
    assert again["held"] == mail["composed"]
    assert smtp_server.messages == []

    env = {
        "BIJIE_WAREHOUSE_DIR": str(tmp_path / "warehouse"),
        "BIJIE_INBOX_DIR": str(tmp_path / "inbox"),
        "BIJIE_SMTP_HOST": smtp_server.host,
        "BIJIE_SMTP_PORT": str(smtp_server.port),
    }
    result = runner.invoke(app, ["alert", "--as-of", AS_OF.isoformat(), "--confirm"], env=env)
    assert result.exit_code == 0, result.output + result.stderr
    assert len(smtp_server.messages) == mail["composed"]
    assert "暂扣" not in result.output
    sent_codes = " ".join(m.message.get_body(("plain",)).get_content() for m in smtp_server.messages)  # type: ignore[union-attr]
    assert "无数据" in sent_codes
    with duckdb.connect(str(tmp_path / "warehouse" / "bijie.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM alert_holds WHERE released_at IS NULL").fetchone() == (0,)
        assert con.execute("SELECT released_by FROM alert_holds").fetchone() == ("confirm",)
        assert con.execute("SELECT count(*) FROM alert_messages WHERE status = 'sent'").fetchone() == (
            mail["composed"],
        )


def test_a_few_alerts_are_sent_at_once(tmp_path: Path, smtp_server: FaultySmtpServer) -> None:
    """Below the share (a raised threshold), the same night's emails go straight out: the guard only holds storms."""
    (tmp_path / "inbox").mkdir()
    settings: Settings = smtp_server.settings(
        tmp_path / "warehouse", inbox_dir=tmp_path / "inbox", alert_storm_share=0.95
    )
    mail = run_nightly(settings, AS_OF).as_dict()["mail"]
    assert mail["held"] == 0
    assert len(smtp_server.messages) == mail["composed"] > 0
