"""The SMTP password never leaves the SMTP session: a canary password is grepped for everywhere else.

Logs (every logger at DEBUG), stdout/stderr of the ``bijie-etl`` commands (``--debug`` shows
tracebacks), every table of the warehouse and of the analytics copy, every file the run wrote
(dashboard, feedback reports, .eml outbox), the run summary (the Prefect artifact's text),
exception text, ``repr``/JSON of the settings and the transport; under ``make stress`` also a
full ``bijie-etl run`` through Prefect and every file of its Prefect home (its database holds
the flow-run logs and artifacts). The canary is searched as typed and in base64 (AUTH PLAIN/LOGIN
send it so).
"""

from __future__ import annotations

import base64
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import duckdb
import pytest
from pydantic import SecretStr
from tests.reliability import STRESS
from tests.reliability.runs import child_env
from tests.smtp_server import FaultySmtpServer

from bijie_etl.catalog import load_catalog_from_settings
from bijie_etl.demo.generate import generate_demo
from bijie_etl.mail import MailError, SmtpTransport
from bijie_etl.run import run_nightly, summary_markdown
from bijie_etl.settings import Settings

CANARY = "Canary-Pw-7f3a9c!x"
USER = "alerts@bijie.example.org"
FORMS = (
    CANARY,
    base64.b64encode(CANARY.encode()).decode(),
    base64.b64encode(f"\0{USER}\0{CANARY}".encode()).decode(),
    "Canary-Pw",  # a prefix: catches truncated or escaped copies
)
AS_OF = date(2024, 3, 15)

pytestmark = pytest.mark.timeout(300 if STRESS else 120)


def _leaks(text: str) -> list[str]:
    return [form for form in FORMS if form in text]


def _dump_database(path: Path) -> str:
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
        return "\n".join(f"{t}: {con.execute(f'SELECT * FROM {t}').fetchall()}" for t in tables)
    finally:
        con.close()


def _grep_tree(root: Path) -> dict[str, list[str]]:
    """Every file under ``root`` (as bytes decoded leniently, and DuckDB files dumped table by table)."""
    found: dict[str, list[str]] = {}
    for path in root.rglob("*"):
        if not path.is_file() or path.suffix in {".lock", ".wal"}:
            continue
        text = path.read_bytes().decode("utf-8", "replace")
        if path.suffix == ".duckdb":
            text += _dump_database(path)
        if leaks := _leaks(text):
            found[str(path)] = leaks
    return found


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("secrets") / "inbox"
    generate_demo(
        load_catalog_from_settings(Settings()), root, as_of=AS_OF, manifest_path=root.parent / "m.json"
    )
    return root


@pytest.fixture(params=["login_refused", "login_accepted"])
def server(request: pytest.FixtureRequest) -> Iterator[FaultySmtpServer]:
    """An SMTP server requiring AUTH that refuses the canary (535) or accepts it."""
    credentials = (USER, "another-password") if request.param == "login_refused" else (USER, CANARY)
    smtp = FaultySmtpServer(credentials=credentials)
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    smtp.start()
    yield smtp
    smtp.stop()


def test_canary_password_appears_nowhere(
    server: FaultySmtpServer, inbox: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """With the canary as BIJIE_SMTP_PASSWORD, it reaches the SMTP server's AUTH only: never logs, output, warehouse, files or exception text."""
    caplog.set_level(logging.DEBUG)
    settings = server.settings(
        tmp_path / "wh", inbox_dir=inbox, smtp_user=USER, smtp_password=SecretStr(CANARY)
    )
    summary = run_nightly(settings, AS_OF, notify=True)
    accepted = server.credentials == (USER, CANARY)
    assert server.logins  # the password did go to the server's AUTH
    assert summary.mail is not None
    assert (summary.mail.sent > 0) is accepted
    if not accepted:
        assert summary.mail.errors
        assert all("535" in e for e in summary.mail.errors)

    env = child_env(
        tmp_path / "wh",
        inbox,
        BIJIE_SMTP_HOST=server.host,
        BIJIE_SMTP_PORT=str(server.port),
        BIJIE_SMTP_USER=USER,
        BIJIE_SMTP_PASSWORD=CANARY,
        BIJIE_SMTP_TIMEOUT="2",
    )
    cli = [str(Path(sys.executable).with_name("bijie-etl"))]
    outputs = []
    for args in (
        ["--debug", "ingest", "--as-of", AS_OF.isoformat()],
        ["--debug", "alert", "--as-of", AS_OF.isoformat()],
    ):
        proc = subprocess.run(
            cli + args, env=env, capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        outputs += [proc.stdout, proc.stderr]

    exc_texts = []
    transport = SmtpTransport.from_settings(settings)
    try:
        SmtpTransport(server.host, 1, user=USER, password=SecretStr(CANARY), timeout=1).send(
            EmailMessage(), ["x@example.org"]
        )
    except MailError as exc:
        exc_texts += [str(exc), repr(exc)]
    texts = {
        "log records": "\n".join(r.getMessage() + str(r.args) for r in caplog.records),
        "cli output": "\n".join(outputs),
        "run summary / Prefect artifact text": summary_markdown(summary.as_dict()) + repr(summary.as_dict()),
        "exceptions": "\n".join(exc_texts),
        "settings": repr(settings) + str(settings) + settings.model_dump_json() + repr(settings.model_dump()),
        "transport": repr(transport) + transport.description,
    }
    leaks = {where: found for where, text in texts.items() if (found := _leaks(text))}
    leaks.update(_grep_tree(tmp_path / "wh"))
    assert leaks == {}
    assert exc_texts  # the refused connection did raise, and its text was checked


@pytest.mark.skipif(not STRESS, reason="a full Prefect run takes ~40 s: make stress")
def test_canary_absent_from_prefect_run_and_its_home(inbox: Path, tmp_path: Path) -> None:
    """`bijie-etl run` through Prefect with the canary password: not in its output, nor anywhere in its Prefect home (logs, artifacts)."""
    smtp = FaultySmtpServer(credentials=(USER, "another-password"))
    smtp.start()
    try:
        env = child_env(
            tmp_path / "wh",
            inbox,
            BIJIE_SMTP_HOST=smtp.host,
            BIJIE_SMTP_PORT=str(smtp.port),
            BIJIE_SMTP_USER=USER,
            BIJIE_SMTP_PASSWORD=CANARY,
            BIJIE_SMTP_TIMEOUT="2",
            BIJIE_PREFECT_HOME=str(tmp_path / "prefect"),
            PREFECT_HOME=str(tmp_path / "prefect"),
        )
        env.pop("PREFECT_API_URL", None)
        cli = str(Path(sys.executable).with_name("bijie-etl"))
        proc = subprocess.run(
            [cli, "--debug", "run", "--as-of", AS_OF.isoformat()],
            env=env,
            capture_output=True,
            text=True,
            timeout=280,
            check=False,
            cwd=tmp_path,
        )
    finally:
        smtp.stop()
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert smtp.logins
    assert "535" in proc.stdout + proc.stderr  # the refused login is reported …
    assert _leaks(proc.stdout + proc.stderr) == []  # … without the password
    assert os.path.isdir(tmp_path / "prefect")
    assert _grep_tree(tmp_path) == {}
