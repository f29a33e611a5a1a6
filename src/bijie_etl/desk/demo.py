"""Demo accounts for the desk (``make demo``): one per department with targets, an analyst, a leader, an admin.

The passwords are fixed and printed (``demo-<code>-2024``): this is a demonstration on 127.0.0.1,
never a real installation. Running the demo again resets them, so the printed table stays right.
"""

from __future__ import annotations

from dataclasses import dataclass

from bijie_etl.catalog import Catalog
from bijie_etl.desk.store import DeskStore, Role
from bijie_etl.settings import Settings

__all__ = ["DemoAccount", "create_demo_accounts"]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: Role
    department: str | None  # Chinese name


def create_demo_accounts(settings: Settings, catalog: Catalog) -> list[DemoAccount]:
    """Create (or reset) the demo accounts in the desk's store; readers and admin first, then departments."""
    store = DeskStore(settings.desk_db_path)
    wanted: list[tuple[str, Role, str | None, str]] = [
        ("analyst", Role.ANALYST, None, "统计局分析员"),
        ("leader", Role.LEADER, None, "市政府领导"),
        ("admin", Role.ADMIN, None, "系统管理员"),
    ]
    for d in catalog.departments:
        if catalog.targets_of(d.code):
            wanted.append((d.code, Role.DEPARTMENT, d.code, f"{d.name_zh}填报员"))
    accounts = []
    for username, role, dept_code, display in wanted:
        password = f"demo-{username}-2024".replace("_", "-")
        if store.find_user(username) is None:
            email = f"{username.replace('_', '-')}@example.org"
            store.add_user(
                username, password, role=role, department=dept_code, display_name=display, email=email
            )
        else:
            store.reset_password(username, password)
            store.set_active(username, True)
        named = catalog.department(dept_code) if dept_code else None
        accounts.append(DemoAccount(username, password, role, named.name_zh if named else None))
    return accounts
