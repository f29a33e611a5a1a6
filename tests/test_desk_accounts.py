"""Desk accounts: the `bijie-etl users` commands and how passwords are kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bijie_etl.cli import app
from bijie_etl.desk.store import AccountError, DeskStore, Role


def _cli(tmp_path: Path, *args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--warehouse", str(tmp_path / "wh"), *args], input=input)
    return result.exit_code, result.output


def test_users_add_list_disable_reset_password(tmp_path: Path) -> None:
    """The four user commands work end to end on a real desk database, and the password is stored as Argon2id only."""
    code, out = _cli(tmp_path, "users", "add", "zhang", "--role", "department", "--department", "能源局",
                     "--name", "张三", "--password-stdin", input="canary-Pw-7731\n")  # fmt: skip
    assert code == 0, out
    assert "已新增 zhang" in out
    assert "canary-Pw-7731" not in out
    code, out = _cli(tmp_path, "users", "add", "li", "--role", "analyst", "--generate")
    assert code == 0
    assert "初始密码" in out
    code, out = _cli(tmp_path, "users", "list")
    assert code == 0
    assert "zhang" in out
    assert "张三" in out
    assert "energy" in out
    assert "分析员" in out
    store = DeskStore(tmp_path / "wh" / "desk" / "desk.sqlite")
    assert store.authenticate("zhang", "canary-Pw-7731") is not None
    raw = (tmp_path / "wh" / "desk" / "desk.sqlite").read_bytes()
    assert b"canary-Pw-7731" not in raw
    with sqlite3.connect(tmp_path / "wh" / "desk" / "desk.sqlite") as con:
        (hashed,) = con.execute("SELECT password_hash FROM users WHERE username = 'zhang'").fetchone()
    assert hashed.startswith("$argon2id$")

    assert _cli(tmp_path, "users", "disable", "zhang")[0] == 0
    assert store.authenticate("zhang", "canary-Pw-7731") is None
    assert _cli(tmp_path, "users", "enable", "zhang")[0] == 0
    code, out = _cli(
        tmp_path, "users", "reset-password", "zhang", "--password-stdin", input="another-Pw-99\n"
    )
    assert code == 0, out
    assert store.authenticate("zhang", "canary-Pw-7731") is None
    assert store.authenticate("zhang", "another-Pw-99") is not None


def test_users_add_refuses_bad_requests_with_a_clear_message(tmp_path: Path) -> None:
    """Unknown role, unknown department, a department user without a department and weak passwords are refused."""
    code, out = _cli(tmp_path, "users", "add", "a", "--role", "boss", "--generate")
    assert code == 1
    assert "角色应为" in out
    code, out = _cli(
        tmp_path, "users", "add", "a", "--role", "department", "--department", "不存在局", "--generate"
    )
    assert code == 1
    assert "没有部门" in out
    code, out = _cli(tmp_path, "users", "add", "a", "--role", "department", "--generate")
    assert code == 1
    assert "必须指定部门" in out
    code, out = _cli(tmp_path, "users", "add", "a", "--role", "analyst", "--password-stdin", input="short\n")
    assert code == 1
    assert "至少 10 个字符" in out
    code, out = _cli(tmp_path, "users", "disable", "nobody")
    assert code == 1
    assert "没有用户" in out


def test_duplicate_user_names_are_refused_case_insensitively(tmp_path: Path) -> None:
    """Zhang and zhang are the same account name."""
    store = DeskStore(tmp_path / "d.sqlite")
    store.add_user("zhang", "password-1234", role=Role.ANALYST)
    with pytest.raises(AccountError, match="已存在"):
        store.add_user("Zhang", "password-5678", role=Role.LEADER)


def test_demo_accounts_are_created_once_and_their_printed_passwords_work(tmp_path: Path) -> None:
    """make demo's accounts: readers, admin and one per department; a second call resets rather than duplicates."""
    from bijie_etl.catalog import load_catalog_from_settings
    from bijie_etl.desk.demo import create_demo_accounts
    from bijie_etl.settings import Settings

    settings = Settings(warehouse_dir=tmp_path)
    catalog = load_catalog_from_settings(settings)
    first = create_demo_accounts(settings, catalog)
    store = DeskStore(settings.desk_db_path)
    store.set_active("energy", False)
    second = create_demo_accounts(settings, catalog)
    assert first == second
    names = [a.username for a in first]
    assert names[:3] == ["analyst", "leader", "admin"]
    assert "energy" in names
    assert len(names) == len(set(names)) == len(store.list_users())
    for account in [a for a in first if a.username in ("analyst", "admin", "energy")]:
        user = store.authenticate(account.username, account.password)
        assert user is not None, account.username
        assert user.role is account.role
    energy = store.find_user("energy")
    assert energy is not None
    assert energy.department == "energy"


def test_failed_sign_ins_are_audited_for_the_account_city_and_unknown_names_for_every_city(
    tmp_path: Path,
) -> None:
    """Province mode shares one sign-in page: a failure on a known account lands in its own city's audit, a name that is no account in every city's."""
    path = tmp_path / "desk.sqlite"
    bijie, zunyi = DeskStore(path, city="bijie"), DeskStore(path, city="zunyi")
    bijie.add_user("bj-energy", "canary-Pw-7731", role=Role.DEPARTMENT, department="energy")
    zunyi.add_user("zy-energy", "canary-Pw-7731", role=Role.DEPARTMENT, department="energy")

    # The anonymous sign-in page is served by the first city's desk, whoever signs in.
    bijie.audit_sign_in("login_failed", known=bijie.find_user("zy-energy"), ip="10.0.0.7")
    bijie.audit_sign_in("login_blocked", known=None, ip="10.0.0.9", detail="unknown user name")

    seen_by_zunyi = [(a["action"], a["username"], a["department"], a["ip"]) for a in zunyi.audit_since(0)]
    seen_by_bijie = [(a["action"], a["username"], a["department"], a["ip"]) for a in bijie.audit_since(0)]
    assert seen_by_zunyi == [
        ("login_failed", "zy-energy", "energy", "10.0.0.7"),
        ("login_blocked", None, None, "10.0.0.9"),
    ]
    assert seen_by_bijie == [("login_blocked", None, None, "10.0.0.9")]


def test_a_single_city_desk_audits_an_unknown_name_once(tmp_path: Path) -> None:
    """Without province mode there is one city (NULL): an unknown name is one audit row, even before any account exists."""
    store = DeskStore(tmp_path / "desk.sqlite")
    store.audit_sign_in("login_failed", known=None, ip="127.0.0.1", detail="unknown user name")
    store.add_user("zhang", "canary-Pw-7731", role=Role.ANALYST)
    store.audit_sign_in("login_failed", known=None, ip="127.0.0.1", detail="unknown user name")
    rows = store.audit_since(0)
    assert [(a["action"], a["username"], a["city"]) for a in rows] == [("login_failed", None, None)] * 2
