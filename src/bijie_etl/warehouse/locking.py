"""One writer at a time: an advisory file lock beside the warehouse.

DuckDB lets a single process open a database file for writing; a second nightly run that
started while one is loading must wait (or give up with a clear message) instead of failing
half-way with an IO error. ``fcntl.flock`` is released by the kernel if the holder dies
(kill -9, reboot), so a crashed run never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from bijie_etl.errors import BijieError
from bijie_etl.settings import TZ

__all__ = ["WarehouseBusy", "writer_lock"]


class WarehouseBusy(BijieError):
    """Another run holds the warehouse writer lock and did not release it in time."""

    exit_code: ClassVar[int] = 3


@contextmanager
def writer_lock(lock_path: Path, *, timeout: float = 600.0, poll: float = 0.2) -> Iterator[None]:
    """Hold the exclusive writer lock for the block; wait up to ``timeout`` seconds for it."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _read_holder(fd)
                    raise WarehouseBusy(
                        f"另一个任务正在写入数据仓库（{holder}），等待 {timeout:.0f} 秒后仍未结束，本次运行退出。"
                        f" Another run holds {lock_path}."
                    ) from None
                time.sleep(poll)
        os.ftruncate(fd, 0)
        since = datetime.now(TZ).strftime("%Y-%m-%d %H:%M:%S")
        os.write(fd, f"pid {os.getpid()} since {since} 北京时间".encode())
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _read_holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return os.read(fd, 200).decode(errors="replace") or "unknown"
    except OSError:
        return "unknown"
