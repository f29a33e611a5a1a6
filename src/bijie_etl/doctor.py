"""``bijie-etl doctor``: is this installation healthy, and if not, what to do about it.

Each check looks at one thing an operator configures (paths, permissions, catalog and sources,
the warehouse and its writer lock, SMTP, the Prefect API, disk space) and returns a
:class:`Check`: whether it is fine, what was found, and how to fix it, in Chinese. Nothing is
changed and no mail is sent: the SMTP check connects, says EHLO, upgrades to TLS and logs in
when configured, then quits. The CLI exits 0 only when every check passes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from bijie_etl.settings import Settings

__all__ = ["CHECKS", "CHECK_NAMES", "Check", "preflight", "run_checks", "wait_for_prefect"]


@dataclass(frozen=True)
class Check:
    """The result of one check: ``name`` is a stable key, the texts are for people."""

    name: str
    title_zh: str
    ok: bool
    detail_zh: str
    fix_zh: str = ""


def _nearest_existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _probe_write(folder: Path) -> str | None:
    """``None`` when a file can really be created in ``folder`` (root ignores mode bits, so try it)."""
    try:
        fd, name = tempfile.mkstemp(prefix=".bijie-doctor-", dir=folder)
    except OSError as exc:
        return f"{type(exc).__name__}: {exc.strerror or exc}"
    os.close(fd)
    os.unlink(name)
    return None


# --------------------------------------------------------------------------------------------
# The checks


def check_paths(settings: Settings) -> Check:
    """The inbox, the warehouse folder and the configuration folders exist and are folders."""
    problems, fixes = [], []
    for label, env, path in (
        ("收件目录", "BIJIE_INBOX_DIR", settings.inbox_dir),
        ("目标目录文件夹 schemas", "BIJIE_SCHEMAS_DIR", settings.schemas_dir),
        ("部门配置文件夹 sources", "BIJIE_SOURCES_DIR", settings.sources_dir),
        ("SQL 文件夹 warehouse/", "BIJIE_SQL_DIR", settings.sql_dir),
    ):
        if not path.exists():
            problems.append(f"{label}不存在：{path}")
            fixes.append(f"创建它（mkdir -p {path}）或把 {env} 设为正确的路径")
        elif not path.is_dir():
            problems.append(f"{label}不是文件夹：{path}")
            fixes.append(f"把 {env} 设为一个文件夹")
    wh = settings.warehouse_dir
    if wh.exists() and not wh.is_dir():
        problems.append(f"数据仓库目录不是文件夹：{wh}")
        fixes.append("把 BIJIE_WAREHOUSE_DIR 设为一个文件夹")
    elif not wh.exists() and not _nearest_existing(wh).is_dir():
        problems.append(f"数据仓库目录无法创建：{wh}（上级路径不是文件夹）")
        fixes.append("把 BIJIE_WAREHOUSE_DIR 设为可创建的文件夹")
    if problems:
        return Check("paths", "路径", False, "；".join(problems), "；".join(fixes))
    return Check(
        "paths",
        "路径",
        True,
        f"收件目录 {settings.inbox_dir}；数据仓库 {wh}{'' if wh.exists() else '（首次运行时创建）'}",
    )


def check_permissions(settings: Settings) -> Check:
    """The inbox can be listed, the warehouse and output folders written, and an env file with a password is private."""
    problems, fixes = [], []
    inbox = settings.inbox_dir
    if inbox.is_dir():
        try:
            for child in inbox.iterdir():
                if child.is_dir():
                    next(iter(child.iterdir()), None)
        except OSError as exc:
            problems.append(f"收件目录无法读取：{exc.filename or inbox}（{exc.strerror}）")
            fixes.append(f"让运行 worker 的用户可读该目录（chmod -R u+rX {inbox}）")
    folders = [
        ("数据仓库目录", "BIJIE_WAREHOUSE_DIR", settings.warehouse_dir),
        ("输出目录", "BIJIE_OUTPUT_DIR", settings.out_dir),
    ]
    if settings.archive_processed:
        folders.append(("归档目录", "BIJIE_ARCHIVE_DIR", settings.archive_root))
    for label, env, folder in folders:
        target = folder if folder.is_dir() else _nearest_existing(folder)
        if not target.is_dir():
            continue  # reported by the paths check
        error = _probe_write(target)
        if error:
            problems.append(f"{label}不可写：{target}（{error}）")
            fixes.append(f"让运行 worker 的用户可写该目录（chown/chmod），或把 {env} 设到可写的位置")
    env_file = os.environ.get("BIJIE_ENV_FILE")
    if env_file and Path(env_file).is_file():
        mode = Path(env_file).stat().st_mode
        text = Path(env_file).read_text(encoding="utf-8", errors="replace")
        if "PASSWORD" in text and mode & (stat.S_IRWXG | stat.S_IRWXO):
            problems.append(f"环境文件 {env_file} 含密码，但其他用户也能读取（权限 {stat.filemode(mode)}）")
            fixes.append(f"chmod 600 {env_file}")
    elif env_file:
        problems.append(f"BIJIE_ENV_FILE 指向的文件不存在：{env_file}")
        fixes.append("创建该文件或取消设置 BIJIE_ENV_FILE")
    if problems:
        return Check("permissions", "权限", False, "；".join(problems), "；".join(fixes))
    return Check("permissions", "权限", True, "收件目录可读，数据仓库、输出与归档目录可写")


def check_catalog(settings: Settings) -> Check:
    """The catalog, departments, counties and units load and pass the catalog's self-checks."""
    from bijie_etl.catalog import load_catalog_from_settings
    from bijie_etl.errors import CatalogError

    try:
        catalog = load_catalog_from_settings(settings)
    except CatalogError as exc:
        return Check(
            "catalog",
            "目标目录与部门配置",
            False,
            f"目标目录或部门配置有误：{exc}",
            f"按提示修改 {settings.catalog_path} 或 {settings.sources_dir} 中的文件（条目与字段已指出）",
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return Check(
            "catalog",
            "目标目录与部门配置",
            False,
            f"目标目录或部门配置无法读取：{type(exc).__name__}: {exc}",
            f"检查 {settings.schemas_dir} 与 {settings.sources_dir}",
        )
    unused = sorted(
        f"{d.name_zh}:{code}"
        for d in catalog.departments
        for code in d.may_report
        if catalog.get(code) is None
    )
    note = f"；may_report 中有本年度目录没有的指标（不影响运行）：{'、'.join(unused)}" if unused else ""
    return Check(
        "catalog",
        "目标目录与部门配置",
        True,
        f"{catalog.year}年目标 {len(catalog)} 项，部门 {len(catalog.departments)} 个{note}",
    )


def _migration_files(sql_dir: Path) -> dict[str, str]:
    folder = sql_dir / "migrations"
    return {
        p.stem: hashlib.sha256(p.read_text(encoding="utf-8").encode()).hexdigest()
        for p in sorted(folder.glob("[0-9][0-9][0-9]_*.sql"))
    }


def check_warehouse(settings: Settings) -> Check:
    """The warehouse opens, and its applied migrations match the migration files (none edited, none unknown)."""
    import duckdb

    path = settings.database_path
    if not path.exists():
        return Check("warehouse", "数据仓库", True, f"{path} 尚未创建（首次运行时创建并迁移）")
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            has_table = con.execute(
                "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_migrations'"
            ).fetchone()
            applied = (
                dict(con.execute("SELECT version, checksum FROM schema_migrations").fetchall())
                if has_table and has_table[0]
                else {}
            )
    except duckdb.Error as exc:
        text = " ".join(str(exc).split())
        if "lock" in text.lower():
            return Check(
                "warehouse",
                "数据仓库",
                False,
                f"数据仓库正被另一个进程独占打开：{text[:200]}",
                "等当前运行结束后再检查；若没有任务在运行，找出并结束占用该文件的进程（lsof）",
            )
        return Check(
            "warehouse",
            "数据仓库",
            False,
            f"数据仓库无法打开：{path}（{text[:200]}）",
            "从备份恢复该文件，或移走它让下一次运行重建（历史数据会丢失）",
        )
    files = _migration_files(settings.sql_dir)
    unknown = sorted(set(applied) - set(files))
    edited = sorted(v for v in applied.keys() & files.keys() if applied[v] != files[v])
    pending = sorted(set(files) - set(applied))
    if unknown:
        return Check(
            "warehouse",
            "数据仓库",
            False,
            f"数据仓库已应用了本程序没有的迁移：{'、'.join(unknown)}（数据库比程序新）",
            "升级程序到创建该数据库的版本（git pull 后 make install）",
        )
    if edited:
        return Check(
            "warehouse",
            "数据仓库",
            False,
            f"迁移文件在应用后被修改过：{'、'.join(edited)}",
            "恢复这些迁移文件的原样（git checkout warehouse/migrations），改动请写成新的迁移文件",
        )
    note = f"；待应用迁移 {'、'.join(pending)}（下次运行时自动应用）" if pending else ""
    return Check("warehouse", "数据仓库", True, f"{path}：已应用迁移 {len(applied)} 个{note}")


def check_lock(settings: Settings) -> Check:
    """Nobody holds the writer lock now (a held lock makes the next run wait, then exit 3)."""
    import fcntl

    lock = settings.warehouse_dir / "bijie.lock"
    if not lock.exists():
        return Check("lock", "写入锁", True, "没有任务持有写入锁")
    try:
        fd = os.open(lock, os.O_RDONLY)
    except OSError as exc:
        return Check(
            "lock", "写入锁", False, f"无法打开写入锁文件 {lock}：{exc.strerror}", "检查该文件的权限"
        )
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 200).decode(errors="replace") or "未知进程"
            return Check(
                "lock",
                "写入锁",
                False,
                f"另一个任务正持有写入锁（{holder}）：新的运行会等待最多 {settings.lock_timeout:.0f} 秒后退出（退出码 3）",
                "等它结束后再检查；若该进程卡住，按 pid 结束它（锁随进程结束自动释放）",
            )
        fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
    return Check("lock", "写入锁", True, "没有任务持有写入锁")


def check_smtp(settings: Settings) -> Check:
    """SMTP answers and accepts the login, without sending anything (EHLO, STARTTLS, AUTH, QUIT)."""
    from bijie_etl.mail import MailError, SmtpTransport

    if not settings.smtp_configured:
        return Check(
            "smtp",
            "邮件服务器",
            True,
            f"未配置 SMTP：提醒邮件写成 .eml 文件存放在 {settings.outbox_dir}，不会实际发送",
        )
    try:
        if settings.smtp_block:
            from prefect_email import EmailServerCredentials

            block = EmailServerCredentials.load(settings.smtp_block)
            transport = SmtpTransport.from_block(block, timeout=settings.smtp_timeout)
        else:
            transport = SmtpTransport.from_settings(settings)
        transport.check_connection()
    except MailError as exc:
        auth = "认证" in str(exc) or "535" in str(exc)
        fix = (
            "检查 BIJIE_SMTP_USER / BIJIE_SMTP_PASSWORD（或 Prefect 邮件凭据块）"
            if auth
            else "检查 BIJIE_SMTP_HOST / BIJIE_SMTP_PORT / BIJIE_SMTP_STARTTLS，以及到邮件服务器的网络"
        )
        return Check("smtp", "邮件服务器", False, str(exc), fix)
    except Exception as exc:  # a block that does not load, a bad setting: say what it was
        return Check(
            "smtp",
            "邮件服务器",
            False,
            f"邮件设置无法使用：{type(exc).__name__}: {exc}",
            "检查 BIJIE_SMTP_* 设置或 BIJIE_SMTP_BLOCK 指定的 Prefect 凭据块",
        )
    login = f"，用户 {settings.smtp_user} 登录成功" if settings.smtp_user else ""
    return Check("smtp", "邮件服务器", True, f"{transport.description} 可连接{login}（未发送任何邮件）")


def check_prefect(settings: Settings) -> Check:
    """The Prefect API named by ``PREFECT_API_URL`` answers its health endpoint."""
    url = os.environ.get("PREFECT_API_URL", "").rstrip("/")
    if not url:
        return Check(
            "prefect",
            "Prefect 服务",
            True,
            "未设置 PREFECT_API_URL：bijie-etl run 使用临时本地服务器；worker 与部署需要设置它",
        )
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=5) as resp:
            body = resp.read(200)
            healthy = resp.status == 200 and json.loads(body or b"null") is True
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return Check(
            "prefect",
            "Prefect 服务",
            False,
            f"Prefect API {url} 无法访问（{reason}）",
            "启动 Prefect 服务（prefect server start，或 systemctl start bijie-prefect-server），"
            "或把 PREFECT_API_URL 设为正确的地址",
        )
    if not healthy:
        return Check("prefect", "Prefect 服务", False, f"Prefect API {url} 回答异常", "查看 Prefect 服务日志")
    return Check("prefect", "Prefect 服务", True, f"Prefect API {url} 正常")


def check_disk(settings: Settings) -> Check:
    """The warehouse's file system has at least ``min_free_disk_mb`` free."""
    where = _nearest_existing(settings.warehouse_dir)
    free_mb = shutil.disk_usage(where).free // (1024 * 1024)
    if free_mb < settings.min_free_disk_mb:
        return Check(
            "disk",
            "磁盘空间",
            False,
            f"{where} 所在磁盘只剩 {free_mb} MB，少于要求的 {settings.min_free_disk_mb} MB",
            "清理磁盘（旧的反馈报告、导出文件），或把 BIJIE_WAREHOUSE_DIR 移到更大的磁盘",
        )
    return Check("disk", "磁盘空间", True, f"{where} 所在磁盘可用 {free_mb} MB")


#: Every check, in the order they are printed.
CHECKS: tuple[Callable[[Settings], Check], ...] = (
    check_paths,
    check_permissions,
    check_catalog,
    check_warehouse,
    check_lock,
    check_smtp,
    check_prefect,
    check_disk,
)


#: The stable names of the checks (``bijie-etl doctor --only NAME``).
CHECK_NAMES: tuple[str, ...] = tuple(c.__name__.removeprefix("check_") for c in CHECKS)


def wait_for_prefect(seconds: float, *, poll: float = 1.0) -> bool:
    """Wait until ``PREFECT_API_URL`` answers its health endpoint, at most ``seconds``; True when it did.

    A freshly started ``prefect server start`` takes ten seconds or more to answer; commands
    run before that fail with a connection error. Without ``PREFECT_API_URL`` there is nothing
    to wait for.
    """
    url = os.environ.get("PREFECT_API_URL", "").rstrip("/")
    if not url:
        return True
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=5) as resp:
                if resp.status == 200:
                    return True
        except (OSError, ValueError):
            pass
        if time.monotonic() >= deadline:
            return False
        time.sleep(poll)


def run_checks(settings: Settings, *, only: Iterable[str] | None = None) -> list[Check]:
    """Run every check (or those named in ``only``); a check that itself breaks is reported as failed."""
    wanted = set(only) if only else None
    results = []
    for check in CHECKS:
        name = check.__name__.removeprefix("check_")
        if wanted is not None and name not in wanted:
            continue
        try:
            results.append(check(settings))
        except Exception as exc:
            results.append(
                Check(name, name, False, f"检查时出错：{type(exc).__name__}: {exc}", "用 --debug 查看详情")
            )
    return results


_STOPPED = "运行已停止：未读取文件、未评估、未发送提醒。"


def preflight(settings: Settings, *, inbox: Path | None = None, check_inbox: bool = True) -> None:
    """Refuse to start a run on a broken installation: raise :class:`~bijie_etl.errors.Misconfigured`.

    Checks that the inbox (or the backfill folder ``inbox``) exists and is a folder, that the
    warehouse folder can be written, and that the catalog loads. Each message is one Chinese
    line naming the setting to fix; ``bijie-etl doctor`` checks everything else.
    """
    from bijie_etl.catalog import load_catalog_from_settings
    from bijie_etl.errors import CatalogError, Misconfigured

    folder = inbox if inbox is not None else settings.inbox_dir
    setting = "回补目录（参数 path）" if inbox is not None else "收件目录（BIJIE_INBOX_DIR）"
    if check_inbox and not folder.exists():
        raise Misconfigured(
            f"{setting}不存在：{folder}。{_STOPPED}请创建该目录或改正设置后重新运行（bijie-etl doctor 可检查全部设置）。"
        )
    if check_inbox and not folder.is_dir():
        raise Misconfigured(f"{setting}不是文件夹：{folder}。{_STOPPED}请改正设置后重新运行。")
    wh = settings.warehouse_dir
    target = wh if wh.is_dir() else _nearest_existing(wh)
    error = _probe_write(target) if target.is_dir() else f"{target} 不是文件夹"
    if wh.exists() and not wh.is_dir():
        error = "它不是文件夹"
    if error:
        raise Misconfigured(
            f"数据仓库目录不可写：{wh}（{error}）。{_STOPPED}请让运行任务的用户可写该目录，或改正 BIJIE_WAREHOUSE_DIR。"
        )
    if check_inbox and inbox is None and settings.archive_processed:
        archive = settings.archive_root
        base = archive if archive.is_dir() else _nearest_existing(archive)
        problem = _probe_write(base) if base.is_dir() else f"{base} 不是文件夹"
        if problem:
            raise Misconfigured(
                f"归档目录不可写：{archive}（{problem}）。{_STOPPED}请改正 BIJIE_ARCHIVE_DIR，"
                "或设 BIJIE_ARCHIVE_PROCESSED=false 让文件留在收件目录。"
            )
    try:
        load_catalog_from_settings(settings)
    except CatalogError as exc:
        raise Misconfigured(
            f"目标目录无法加载：{' '.join(str(exc).split())}。{_STOPPED}请按提示改正后重新运行。"
        ) from exc
