"""The desk's own database: accounts, sessions, login failures, uploads, 情况说明, audit log.

SQLite in WAL mode (``<warehouse_dir>/desk/desk.sqlite``, schema in ``store.sql``): many
readers and one short writer at a time across processes, so the web server, the CLI and the
nightly run can all use it while the DuckDB warehouse is busy. Every call opens its own
connection (cheap), so the store is safe to share between threads.
"""

from __future__ import annotations

import functools
import hashlib
import json
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from importlib.resources import files
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from bijie_etl.errors import BijieError

__all__ = [
    "AccountError",
    "DeskStore",
    "Explanation",
    "Role",
    "SessionInfo",
    "Upload",
    "User",
    "beijing",
    "dummy_hash",
    "utc_now",
]

#: Argon2id with the OWASP minimum (19 MiB, 2 passes, 1 lane): about 0.1 s on an idle core, so a login
#: burst cannot starve a 2-core server, while each guess still costs an attacker 19 MiB of memory.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


@functools.cache
def dummy_hash() -> str:
    """Verified against when the user name is unknown, so a wrong name costs as long as a wrong password.

    Made on first use, not at import (~50 ms of Argon2 that every CLI command paid, since each
    imports the desk's commands); the desk server makes it at start (:func:`bijie_etl.desk.app.create_app`),
    so its first login with an unknown name costs no more than any other.
    """
    return _HASHER.hash(secrets.token_urlsafe(16))


MIN_PASSWORD_LENGTH = 10


class Role(StrEnum):
    DEPARTMENT = "department"  # its own department only
    ANALYST = "analyst"  # reads everything
    LEADER = "leader"  # reads everything
    ADMIN = "admin"  # accounts

    @property
    def label_zh(self) -> str:
        return {"department": "部门填报员", "analyst": "分析员", "leader": "领导", "admin": "管理员"}[
            self.value
        ]

    @property
    def reads_all(self) -> bool:
        return self in (Role.ANALYST, Role.LEADER)


class AccountError(BijieError, ValueError):
    """An account request that cannot be done (unknown user, weak password, duplicate name …)."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def beijing(text: str | None) -> str:
    """A stored UTC time as people in Bijie read it: ``2024-06-15 10:30`` (Asia/Shanghai)."""
    if not text:
        return ""
    from bijie_etl.settings import TZ

    return datetime.fromisoformat(text).astimezone(TZ).strftime("%Y-%m-%d %H:%M")


def _iso(ts: datetime) -> str:
    return ts.astimezone(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    role: Role
    department: str | None
    email: str | None
    active: bool
    created_at: str
    city: str | None = None  # province mode: the city the account belongs to


@dataclass(frozen=True)
class SessionInfo:
    user: User
    csrf: str
    id_hash: str


@dataclass(frozen=True)
class Upload:
    id: str
    department: str
    user_id: int
    original_name: str
    suffix: str
    sha256: str
    size_bytes: int
    status: str
    rows_read: int
    rows_ok: int
    rows_rejected: int
    warnings: int
    result: dict[str, Any]
    created_at: str
    submitted_at: str | None
    inbox_name: str | None
    city: str | None = None


@dataclass(frozen=True)
class Explanation:
    id: int
    target_code: str
    department: str
    status: str | None
    as_of: str | None
    progress: str
    problems: str
    measures: str
    recovery_month: str | None
    author: str
    author_name: str
    created_at: str
    year: int | None = None  # the catalog year of the target explained (older rows: year of as_of)
    city: str | None = None


#: Columns added to desk.sqlite after its first release: (table, column, type, how old rows are filled).
_ADDED_COLUMNS = (
    ("explanations", "year", "INTEGER", "CAST(substr(coalesce(as_of, created_at), 1, 4) AS INTEGER)"),
    # Province mode: the city an account, an upload, a 情况说明 or an audit row belongs to (NULL: one city).
    ("users", "city", "TEXT", "NULL"),
    ("uploads", "city", "TEXT", "NULL"),
    ("explanations", "city", "TEXT", "NULL"),
    ("audit_log", "city", "TEXT", "NULL"),
)


def desk_city(settings: Any) -> str | None:
    """The city the desk's rows are scoped to: the settings' city in province mode, else ``None`` (one city)."""
    return str(settings.city) if settings.province_file is not None and settings.lake_mode else None


def _hash_id(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


class DeskStore:
    """Typed access to ``desk.sqlite``; creates the file and its tables on first use.

    ``city`` (province mode, one desk for every city): this store sees and writes the rows of that
    city only — accounts it lists and administers, uploads, 情况说明, audit rows. Sign-in and
    sessions are province-wide (a user name is unique in the province; the account's city decides
    which city's desk serves it). ``None``: one city, every row.
    """

    def __init__(self, path: Path, city: str | None = None) -> None:
        self.path = Path(path)
        self.city = city
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.execute("PRAGMA journal_mode=WAL")
            con.executescript((files("bijie_etl.desk") / "store.sql").read_text(encoding="utf-8"))
            self._add_columns(con)
        self.path.chmod(0o600)

    @staticmethod
    def _add_columns(con: sqlite3.Connection) -> None:
        """Bring an older desk.sqlite up to date: add missing columns, fill them for old rows (nothing is dropped)."""
        for table, column, kind, fill in _ADDED_COLUMNS:
            have = {r[1] for r in con.execute(f"PRAGMA table_info({table})").fetchall()}
            if column not in have:
                con.execute("BEGIN IMMEDIATE")
                try:
                    have = {r[1] for r in con.execute(f"PRAGMA table_info({table})").fetchall()}
                    if column not in have:  # another process may have added it meanwhile
                        con.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
                        con.execute(f"UPDATE {table} SET {column} = {fill}")
                    con.execute("COMMIT")
                except BaseException:
                    con.execute("ROLLBACK")
                    raise

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        con = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        con.row_factory = sqlite3.Row
        con.execute("PRAGMA foreign_keys=ON")
        con.execute("PRAGMA busy_timeout=30000")
        try:
            yield con
        finally:
            con.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT (ROLLBACK on error)."""
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    # Accounts ----------------------------------------------------------------------------
    @staticmethod
    def _user(row: sqlite3.Row) -> User:
        return User(
            id=row["id"],
            username=row["username"],
            display_name=row["display_name"],
            role=Role(row["role"]),
            department=row["department"],
            email=row["email"],
            active=bool(row["active"]),
            created_at=row["created_at"],
            city=row["city"],
        )

    @staticmethod
    def check_password_strength(password: str, username: str) -> None:
        """Raise :class:`AccountError` for a password too short or equal to the user name."""
        if len(password) < MIN_PASSWORD_LENGTH:
            raise AccountError(f"密码至少 {MIN_PASSWORD_LENGTH} 个字符。")
        if password.strip().lower() == username.strip().lower():
            raise AccountError("密码不能与用户名相同。")

    def add_user(
        self,
        username: str,
        password: str,
        *,
        role: Role,
        department: str | None = None,
        display_name: str | None = None,
        email: str | None = None,
    ) -> User:
        """Create an account (password hashed with Argon2id). ``department`` is required for department staff."""
        username = username.strip()
        if not username or len(username) > 64 or any(c.isspace() for c in username):
            raise AccountError("用户名不能为空、不能含空格，且不超过 64 个字符。")
        if (role is Role.DEPARTMENT) != (department is not None):
            raise AccountError("部门填报员必须指定部门；其他角色不属于某个部门。")
        self.check_password_strength(password, username)
        now = _iso(utc_now())
        try:
            with self.transaction() as con:
                cur = con.execute(
                    "INSERT INTO users (username, display_name, role, department, email, password_hash, created_at,"
                    " password_changed_at, city) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        username,
                        display_name or username,
                        role.value,
                        department,
                        email,
                        _HASHER.hash(password),
                        now,
                        now,
                        self.city,
                    ],
                )
                user_id = cur.lastrowid
        except sqlite3.IntegrityError as exc:
            raise AccountError(f"用户名 {username} 已存在。") from exc
        user = self.get_user(int(user_id or 0))
        assert user is not None
        return user

    def get_user(self, user_id: int) -> User | None:
        with self._connect() as con:
            row = con.execute("SELECT * FROM users WHERE id = ?", [user_id]).fetchone()
        return self._user(row) if row else None

    def find_user(self, username: str) -> User | None:
        with self._connect() as con:
            row = con.execute("SELECT * FROM users WHERE username = ?", [username.strip()]).fetchone()
        return self._user(row) if row else None

    def list_users(self) -> list[User]:
        with self._connect() as con:
            rows = con.execute(
                "SELECT * FROM users WHERE city IS ? ORDER BY role, department, username", [self.city]
            ).fetchall()
        return [self._user(r) for r in rows]

    def set_active(self, username: str, active: bool) -> User:
        """Enable or disable an account; disabling also ends its sessions."""
        with self.transaction() as con:
            row = con.execute(
                "SELECT id FROM users WHERE username = ? AND city IS ?", [username.strip(), self.city]
            ).fetchone()
            if row is None:
                raise AccountError(f"没有用户 {username}。")
            con.execute("UPDATE users SET active = ? WHERE id = ?", [int(active), row["id"]])
            if not active:
                con.execute("DELETE FROM sessions WHERE user_id = ?", [row["id"]])
        user = self.get_user(row["id"])
        assert user is not None
        return user

    def reset_password(self, username: str, password: str) -> User:
        """Set a new password and end the account's sessions."""
        user = self.find_user(username)
        if user is None or user.city != self.city:
            raise AccountError(f"没有用户 {username}。")
        self.check_password_strength(password, user.username)
        with self.transaction() as con:
            con.execute(
                "UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?",
                [_HASHER.hash(password), _iso(utc_now()), user.id],
            )
            con.execute("DELETE FROM sessions WHERE user_id = ?", [user.id])
        return user

    def authenticate(self, username: str, password: str) -> User | None:
        """The active user with that name and password, else ``None`` (same cost either way)."""
        with self._connect() as con:
            row = con.execute("SELECT * FROM users WHERE username = ?", [username.strip()]).fetchone()
        encoded = row["password_hash"] if row else dummy_hash()
        try:
            _HASHER.verify(encoded, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        if row is None or not row["active"]:
            return None
        if _HASHER.check_needs_rehash(encoded):
            with self.transaction() as con:
                con.execute(
                    "UPDATE users SET password_hash = ? WHERE id = ?", [_HASHER.hash(password), row["id"]]
                )
        return self._user(row)

    # Login rate limit --------------------------------------------------------------------
    @staticmethod
    def _name_key(username: str) -> str:
        """Failed logins are counted by a hash of the name typed: it may be a password typed in the wrong box."""
        return hashlib.sha256(username.strip().lower().encode()).hexdigest()

    def record_login_failure(self, username: str, ip: str | None) -> None:
        with self.transaction() as con:
            con.execute(
                "INSERT INTO login_failures (username, ip, at) VALUES (?, ?, ?)",
                [self._name_key(username), ip, time.time()],
            )
            con.execute("DELETE FROM login_failures WHERE at < ?", [time.time() - 86400])

    def login_blocked_for(self, username: str, ip: str | None, *, attempts: int, window: float) -> float:
        """Seconds until another login attempt is allowed for this name/address (0: allowed now)."""
        since = time.time() - window
        with self._connect() as con:
            by_name = con.execute(
                "SELECT count(*), min(at) FROM login_failures WHERE username = ? AND at >= ?",
                [self._name_key(username), since],
            ).fetchone()
            by_ip = con.execute(
                "SELECT count(*), min(at) FROM login_failures WHERE ip IS ? AND at >= ?", [ip, since]
            ).fetchone()
        wait = 0.0
        for (count, first), limit in ((by_name, attempts), (by_ip, attempts * 10)):
            if count >= limit:
                wait = max(wait, first + window - time.time())
        return max(wait, 0.0)

    def clear_login_failures(self, username: str) -> None:
        with self.transaction() as con:
            con.execute("DELETE FROM login_failures WHERE username = ?", [self._name_key(username)])

    # Sessions ----------------------------------------------------------------------------
    def create_session(self, user: User, *, hours: float, ip: str | None) -> tuple[str, str]:
        """A new session for ``user``: (session id for the cookie, CSRF token). Only the id's hash is stored."""
        session_id = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        now = utc_now()
        with self.transaction() as con:
            con.execute(
                "INSERT INTO sessions (id_hash, user_id, csrf, created_at, expires_at, ip) VALUES (?, ?, ?, ?, ?, ?)",
                [_hash_id(session_id), user.id, csrf, _iso(now), _iso(now + timedelta(hours=hours)), ip],
            )
            con.execute("DELETE FROM sessions WHERE expires_at < ?", [_iso(now)])
        return session_id, csrf

    def session(self, session_id: str) -> SessionInfo | None:
        """The live session with this id and its (active) user, else ``None``."""
        id_hash = _hash_id(session_id)
        with self._connect() as con:
            row = con.execute(
                "SELECT s.csrf, s.expires_at, u.* FROM sessions AS s JOIN users AS u ON u.id = s.user_id"
                " WHERE s.id_hash = ?",
                [id_hash],
            ).fetchone()
        if row is None or row["expires_at"] < _iso(utc_now()) or not row["active"]:
            return None
        return SessionInfo(user=self._user(row), csrf=row["csrf"], id_hash=id_hash)

    def end_session(self, session_id: str) -> None:
        with self.transaction() as con:
            con.execute("DELETE FROM sessions WHERE id_hash = ?", [_hash_id(session_id)])

    # Uploads -----------------------------------------------------------------------------
    def add_upload(self, upload: Upload) -> None:
        with self.transaction() as con:
            con.execute(
                "INSERT INTO uploads (id, department, user_id, original_name, suffix, sha256, size_bytes, status,"
                " rows_read, rows_ok, rows_rejected, warnings, result_json, created_at, city)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    upload.id,
                    upload.department,
                    upload.user_id,
                    upload.original_name,
                    upload.suffix,
                    upload.sha256,
                    upload.size_bytes,
                    upload.status,
                    upload.rows_read,
                    upload.rows_ok,
                    upload.rows_rejected,
                    upload.warnings,
                    json.dumps(upload.result, ensure_ascii=False, default=str),
                    upload.created_at,
                    self.city,
                ],
            )

    @staticmethod
    def _upload(row: sqlite3.Row) -> Upload:
        data = dict(row)
        data["result"] = json.loads(data.pop("result_json"))
        return Upload(**data)

    def get_upload(self, upload_id: str) -> Upload | None:
        with self._connect() as con:
            row = con.execute(
                "SELECT * FROM uploads WHERE id = ? AND city IS ?", [upload_id, self.city]
            ).fetchone()
        return self._upload(row) if row else None

    def uploads_of(self, department: str, limit: int = 50) -> list[Upload]:
        with self._connect() as con:
            rows = con.execute(
                "SELECT * FROM uploads WHERE department = ? AND city IS ? ORDER BY created_at DESC, rowid DESC LIMIT ?",
                [department, self.city, limit],
            ).fetchall()
        return [self._upload(r) for r in rows]

    def mark_submitted(self, upload_id: str, inbox_name: str) -> bool:
        """Record the submission; False when it was already submitted (a double click)."""
        with self.transaction() as con:
            cur = con.execute(
                "UPDATE uploads SET submitted_at = ?, inbox_name = ? WHERE id = ? AND submitted_at IS NULL",
                [_iso(utc_now()), inbox_name, upload_id],
            )
            return cur.rowcount == 1

    def mark_submitted_name(self, upload_id: str, inbox_name: str) -> None:
        with self.transaction() as con:
            con.execute("UPDATE uploads SET inbox_name = ? WHERE id = ?", [inbox_name, upload_id])

    def unmark_submitted(self, upload_id: str) -> None:
        """Undo :meth:`mark_submitted` when placing the file failed (so the department can retry)."""
        with self.transaction() as con:
            con.execute("UPDATE uploads SET submitted_at = NULL, inbox_name = NULL WHERE id = ?", [upload_id])

    # 情况说明 ------------------------------------------------------------------------------
    def add_explanation(
        self,
        *,
        target_code: str,
        department: str,
        status: str | None,
        as_of: str | None,
        progress: str,
        problems: str,
        measures: str,
        recovery_month: str | None,
        author: User,
        year: int | None = None,
    ) -> Explanation:
        """Store a 情况说明 of ``target_code`` (of catalog ``year``; default: the year of ``as_of``)."""
        if year is None and as_of:
            year = int(as_of[:4])
        with self.transaction() as con:
            cur = con.execute(
                "INSERT INTO explanations (target_code, department, status, as_of, progress, problems, measures,"
                " recovery_month, author, author_name, created_at, year, city)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    target_code,
                    department,
                    status,
                    as_of,
                    progress,
                    problems,
                    measures,
                    recovery_month,
                    author.username,
                    author.display_name,
                    _iso(utc_now()),
                    year,
                    self.city,
                ],
            )
            row = con.execute("SELECT * FROM explanations WHERE id = ?", [cur.lastrowid]).fetchone()
        return Explanation(**dict(row))

    def latest_explanations(self, year: int | None = None) -> dict[str, Explanation]:
        """The newest 情况说明 of every target that has one (of catalog ``year`` when given)."""
        with self._connect() as con:
            rows = con.execute(
                "SELECT * FROM explanations WHERE id IN (SELECT max(id) FROM explanations"
                " WHERE (?1 IS NULL OR year = ?1) AND city IS ?2 GROUP BY target_code)",
                [year, self.city],
            ).fetchall()
        return {r["target_code"]: Explanation(**dict(r)) for r in rows}

    def explanations_since(self, after_id: int) -> list[Explanation]:
        with self._connect() as con:
            rows = con.execute(
                "SELECT * FROM explanations WHERE id > ? AND city IS ? ORDER BY id", [after_id, self.city]
            ).fetchall()
        return [Explanation(**dict(r)) for r in rows]

    # Audit log ---------------------------------------------------------------------------
    def audit(
        self,
        action: str,
        *,
        user: User | None = None,
        username: str | None = None,
        obj: str | None = None,
        detail: str | None = None,
        ip: str | None = None,
        department: str | None = None,
    ) -> None:
        """Record who did what (never a password or file content)."""
        with self.transaction() as con:
            con.execute(
                "INSERT INTO audit_log (at, username, role, department, action, object, detail, ip, city)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    _iso(utc_now()),
                    user.username if user else (username or None),
                    user.role.value if user else None,
                    department or (user.department if user else None),
                    action,
                    obj,
                    detail,
                    ip,
                    user.city if user is not None else self.city,
                ],
            )

    def audit_sign_in(
        self, action: str, *, known: User | None, ip: str | None, detail: str | None = None
    ) -> None:
        """Record a failed or blocked sign-in where those who look after the account will see it.

        The sign-in page is shared by every city of a province, so the city is the account's, not
        this desk's. A name that is no account (never stored: it may be a password typed into the
        wrong box) belongs to no city: every city served by this database gets the row.
        """
        if known is not None:
            cities: list[str | None] = [known.city]
        else:
            with self._connect() as con:
                cities = [r[0] for r in con.execute("SELECT DISTINCT city FROM users ORDER BY city")]
            cities = cities or [self.city]
        username = known.username if known else None
        department = known.department if known else None
        with self.transaction() as con:
            for city in cities:
                con.execute(
                    "INSERT INTO audit_log (at, username, role, department, action, object, detail, ip, city)"
                    " VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?)",
                    [_iso(utc_now()), username, known.role.value if known else None, department, action,
                     detail, ip, city],
                )  # fmt: skip

    def audit_since(self, after_id: int) -> list[dict[str, Any]]:
        with self._connect() as con:
            rows = con.execute(
                "SELECT * FROM audit_log WHERE id > ? AND city IS ? ORDER BY id", [after_id, self.city]
            ).fetchall()
        return [dict(r) for r in rows]
