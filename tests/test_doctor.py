"""`bijie-etl doctor`: each broken setting is reported with how to fix it, and exit 0 only when healthy."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from bijie_etl.cli import app
from bijie_etl.settings import PROJECT_ROOT
from bijie_etl.warehouse.locking import writer_lock
from bijie_etl.warehouse.store import Warehouse
from smtp_server import FaultySmtpServer, free_port

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A healthy installation in tmp_path: inbox and warehouse folders, no SMTP, no Prefect server."""
    for key in (
        "BIJIE_ENV_FILE",
        "BIJIE_SMTP_HOST",
        "BIJIE_SMTP_USER",
        "BIJIE_SMTP_PASSWORD",
        "BIJIE_SMTP_BLOCK",
    ):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    (tmp_path / "inbox" / "能源局").mkdir(parents=True)
    (tmp_path / "warehouse").mkdir()
    return {"BIJIE_INBOX_DIR": str(tmp_path / "inbox"), "BIJIE_WAREHOUSE_DIR": str(tmp_path / "warehouse")}


def _doctor(env: dict[str, str]) -> tuple[int, str]:
    result = runner.invoke(app, ["doctor"], env=env)
    return result.exit_code, " ".join(result.output.split())


def _failed(output: str) -> list[str]:
    return [part.split("：")[0].strip() for part in output.split("有问题 FAIL")[1:]]


def test_a_healthy_installation_passes_every_check(env: dict[str, str]) -> None:
    """With folders in place and nothing else configured, all eight checks pass and the exit code is 0."""
    code, output = _doctor(env)
    assert code == 0, output
    assert "8 项检查全部正常" in output
    assert "FAIL" not in output


def test_a_missing_inbox_is_reported_with_the_command_to_create_it(
    env: dict[str, str], tmp_path: Path
) -> None:
    """An inbox that does not exist fails the paths check, naming the folder and `mkdir -p`."""
    env["BIJIE_INBOX_DIR"] = str(tmp_path / "nowhere")
    code, output = _doctor(env)
    assert code == 1
    assert _failed(output) == ["路径"]
    assert f"mkdir -p {tmp_path / 'nowhere'}" in output


def test_a_world_readable_env_file_with_the_smtp_password_is_reported(
    env: dict[str, str], tmp_path: Path
) -> None:
    """An env file holding BIJIE_SMTP_PASSWORD that others can read fails the permissions check with `chmod 600`."""
    env_file = tmp_path / "bijie.env"
    env_file.write_text("BIJIE_SMTP_PASSWORD=canary-not-shown\n", encoding="utf-8")
    env_file.chmod(0o644)
    env["BIJIE_ENV_FILE"] = str(env_file)
    code, output = _doctor(env)
    assert code == 1
    assert _failed(output) == ["权限"]
    assert f"chmod 600 {env_file}" in output
    assert "canary-not-shown" not in output


def test_a_broken_catalog_is_reported_with_its_entry(env: dict[str, str], tmp_path: Path) -> None:
    """A catalog entry with an unknown unit fails the catalog check, naming the entry and field."""
    schemas = tmp_path / "schemas"
    shutil.copytree(PROJECT_ROOT / "schemas", schemas)
    catalog = schemas / "targets_2024.yaml"
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace("unit: 万吨", "unit: 万桶", 1), encoding="utf-8"
    )
    env["BIJIE_SCHEMAS_DIR"] = str(schemas)
    code, output = _doctor(env)
    assert code == 1
    assert _failed(output) == ["目标目录与部门配置"]
    assert "万桶" in output
    assert "unit" in output


def test_an_edited_migration_is_reported(env: dict[str, str], tmp_path: Path) -> None:
    """A warehouse whose recorded migration checksum differs from the file fails the warehouse check."""
    wh = Warehouse(tmp_path / "warehouse" / "bijie.duckdb", PROJECT_ROOT / "warehouse")
    wh.migrate()
    wh.close()
    with duckdb.connect(str(tmp_path / "warehouse" / "bijie.duckdb")) as con:
        con.execute("UPDATE schema_migrations SET checksum = 'edited' WHERE version = '001_core'")
    code, output = _doctor(env)
    assert code == 1
    assert _failed(output) == ["数据仓库"]
    assert "001_core" in output
    assert "被修改过" in output


def test_a_held_writer_lock_is_reported(env: dict[str, str], tmp_path: Path) -> None:
    """While another run holds the writer lock, the lock check fails and says the next run would wait."""
    with writer_lock(tmp_path / "warehouse" / "bijie.lock", timeout=1):
        code, output = _doctor(env)
    assert code == 1
    assert _failed(output) == ["写入锁"]
    assert "持有写入锁" in output


def test_a_wrong_smtp_password_is_reported_and_nothing_is_sent(env: dict[str, str]) -> None:
    """Against a real SMTP server, a wrong password fails the mail check (auth) and the right one passes; no message is sent."""
    server = FaultySmtpServer(credentials=("bijie", "right-password"))
    server.start()
    try:
        env.update(
            BIJIE_SMTP_HOST=server.host,
            BIJIE_SMTP_PORT=str(server.port),
            BIJIE_SMTP_USER="bijie",
            BIJIE_SMTP_PASSWORD="wrong-password",
        )
        code, output = _doctor(env)
        assert code == 1
        assert _failed(output) == ["邮件服务器"]
        assert "认证失败" in output
        assert "wrong-password" not in output
        env["BIJIE_SMTP_PASSWORD"] = "right-password"
        code, output = _doctor(env)
        assert code == 0, output
        assert "登录成功" in output
        # smtplib tries each offered mechanism (PLAIN, LOGIN) before giving up on a wrong password
        assert set(server.logins) == {("bijie", "wrong-password"), ("bijie", "right-password")}
        assert server.logins[-1] == ("bijie", "right-password")
        assert server.messages == []
        assert server.attempts == 0
    finally:
        server.stop()


def test_an_unreachable_smtp_server_is_reported(env: dict[str, str]) -> None:
    """An SMTP host:port where nothing listens fails the mail check with 无法连接."""
    env.update(BIJIE_SMTP_HOST="127.0.0.1", BIJIE_SMTP_PORT=str(free_port()), BIJIE_SMTP_TIMEOUT="2")
    code, output = _doctor(env)
    assert code == 1
    assert _failed(output) == ["邮件服务器"]
    assert "无法连接邮件服务器" in output


def test_an_unreachable_prefect_api_is_reported(env: dict[str, str]) -> None:
    """A PREFECT_API_URL where no server answers fails the Prefect check and says to start the server."""
    env["PREFECT_API_URL"] = f"http://127.0.0.1:{free_port()}/api"
    code, output = _doctor(env)
    assert code == 1
    assert _failed(output) == ["Prefect 服务"]
    assert "prefect server start" in output


def test_too_little_disk_space_is_reported(env: dict[str, str]) -> None:
    """When the warehouse disk has less free space than BIJIE_MIN_FREE_DISK_MB, the disk check fails."""
    env["BIJIE_MIN_FREE_DISK_MB"] = str(10**12)
    code, output = _doctor(env)
    assert code == 1
    assert _failed(output) == ["磁盘空间"]


def test_settings_that_do_not_load_are_the_finding(env: dict[str, str]) -> None:
    """An SMTP user without a password (settings refuse to load) is reported as the settings problem, exit 1."""
    env["BIJIE_SMTP_USER"] = "bijie"
    code, output = _doctor(env)
    assert code == 1
    assert _failed(output) == ["设置"]
    assert "BIJIE_SMTP_PASSWORD" in output


def test_only_runs_the_named_checks_and_wait_gives_up_on_a_dead_server(env: dict[str, str]) -> None:
    """`--only disk` runs one check; `--wait 1` against a dead Prefect API waits, then the Prefect check fails."""
    code, _output = _doctor(env | {"PREFECT_API_URL": f"http://127.0.0.1:{free_port()}/api"})
    assert code == 1
    result = runner.invoke(app, ["doctor", "--only", "disk"], env=env)
    assert result.exit_code == 0, result.output
    assert "1 项检查全部正常" in result.output
    result = runner.invoke(
        app,
        ["doctor", "--wait", "1", "--only", "prefect"],
        env=env | {"PREFECT_API_URL": f"http://127.0.0.1:{free_port()}/api"},
    )
    assert result.exit_code == 1
    assert "Prefect" in result.output
