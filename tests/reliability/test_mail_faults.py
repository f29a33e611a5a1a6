"""Mail faults against a real SMTP server on 127.0.0.1 (tests/smtp_server.py), through run_nightly.

The server is down (connection refused), answers 4xx, answers 5xx, or stalls past the client's
timeout, run after run, then recovers. Every run completes; every alert ends up delivered; no
message the warehouse recorded as sent is ever delivered again.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import duckdb
import pytest

from bijie_etl.catalog import load_catalog_from_settings
from bijie_etl.demo.generate import generate_demo
from bijie_etl.run import run_nightly
from bijie_etl.settings import Settings

AS_OF = date(2024, 3, 15)

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo inbox with late and behind targets, so the first run raises alerts."""
    root = tmp_path_factory.mktemp("mail") / "inbox"
    generate_demo(
        load_catalog_from_settings(Settings()), root, as_of=AS_OF, manifest_path=root.parent / "m.json"
    )
    return root


def _outbox(settings: Settings) -> dict[str, str]:
    con = duckdb.connect(str(settings.database_path), read_only=True)
    try:
        return dict(con.execute("SELECT message_id, status FROM alert_messages").fetchall())
    finally:
        con.close()


def _alert_statuses(settings: Settings) -> Counter[str]:
    con = duckdb.connect(str(settings.database_path), read_only=True)
    try:
        return Counter(dict(con.execute("SELECT status, count(*) FROM alerts GROUP BY status").fetchall()))
    finally:
        con.close()


def test_faults_then_recovery_lose_nothing_and_send_nothing_twice(
    smtp_server, inbox: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """5xx, 4xx, refused and a stall on successive runs: each run completes, nothing is lost, nothing sent twice."""
    settings = smtp_server.settings(tmp_path, inbox_dir=inbox, smtp_timeout=1.5)
    history = []
    # 5xx first: attempts count every try (refused and 4xx too), and a 5xx at the smtp_max_attempts-th
    # try gives the email up (recorded as failed, visible) — so the 5xx comes before the outages here.
    faults = [("permfail", 1), ("tempfail", 1), ("down", None), ("stall", None), ("ok", None), ("ok", None)]
    for mode, times in faults:
        if mode == "down":
            smtp_server.stop()
        else:
            smtp_server.start()
            smtp_server.behave(mode, times=times)
        summary = run_nightly(settings, AS_OF, notify=True)
        smtp_server.behave("ok")
        outbox = _outbox(settings)
        delivered = Counter(smtp_server.message_ids())
        sent = {m for m, s in outbox.items() if s == "sent"}
        history.append((mode, len(outbox), len(sent), sum(delivered.values())))
        assert summary.mail is not None, mode
        assert all(n == 1 for n in delivered.values()), f"{mode}: delivered twice {delivered.most_common(3)}"
        assert sent <= set(delivered), f"{mode}: recorded as sent but never accepted"
        assert set(delivered) <= set(outbox), mode
        assert "failed" not in outbox.values(), mode
    outbox = _outbox(settings)
    assert len(outbox) >= 2, history
    assert set(outbox.values()) == {"sent"}, history
    assert Counter(smtp_server.message_ids()) == Counter(dict.fromkeys(outbox, 1))
    assert set(_alert_statuses(settings)) == {"sent"}
    n = len(outbox)
    assert [h[1:] for h in history] == [(n, n - 1, n - 1)] * 4 + [(n, n, n)] * 2, history
    print("mail fault runs (mode, messages, sent, delivered):", history)


def test_permanent_failure_is_recorded_not_lost(smtp_server, inbox: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A 5xx on every attempt marks the emails failed after smtp_max_attempts runs; they stay visible and are never retried."""
    settings = smtp_server.settings(tmp_path, inbox_dir=inbox, smtp_max_attempts=2)
    smtp_server.behave("permfail")
    for _ in range(3):
        run_nightly(settings, AS_OF, notify=True)
    outbox = _outbox(settings)
    assert outbox
    assert set(outbox.values()) == {"failed"}
    attempts_seen = smtp_server.attempts
    assert attempts_seen == 2 * len(outbox)  # two runs tried each, the third left them alone
    assert smtp_server.messages == []
    assert set(_alert_statuses(settings)) == {"failed"}
