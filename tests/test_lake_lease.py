"""Province mode: one writer per city in the lake (the writer lease), on a real PostgreSQL and S3 server."""

from __future__ import annotations

import socket
import subprocess
import threading
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bijie_etl import run
from bijie_etl.alerts import send_pending
from bijie_etl.desk.mailing import _queue
from bijie_etl.mail import EmlOutbox
from bijie_etl.settings import Settings
from bijie_etl.warehouse.lake import LakeWarehouse, LeaseLost, open_analytics
from bijie_etl.warehouse.locking import WarehouseBusy
from lake_servers import S3, Postgres
from test_lake import lake_settings
from warehousing import demo_inbox

AS_OF = date(2024, 11, 15)


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-department demo inbox (statistics bureau)."""
    return demo_inbox(tmp_path_factory.mktemp("lease") / "inbox", {"stats"}, seed=3, as_of=AS_OF)


@pytest.fixture
def lake(postgres_server: Postgres, s3_server: S3) -> dict[str, Any]:
    """A fresh lake (new database, new bucket)."""
    return lake_settings(postgres_server, s3_server, postgres_server.new_database(), s3_server.new_bucket())


def _runs(settings: Settings) -> int:
    with open_analytics(settings) as con:
        return int(con.execute("SELECT count(*) FROM lake.bijie.runs").fetchall()[0][0])


@pytest.mark.timeout(300)
def test_a_second_run_of_the_same_city_waits_then_refuses_and_writes_nothing(
    lake: dict[str, Any], inbox: Path, tmp_path: Path
) -> None:
    """While one run holds bijie's lease, a second run (another warehouse folder, so no shared file lock) waits, then refuses in Chinese without writing; once the lease is free it runs."""
    first = run.open_warehouse(Settings(**lake, city="bijie", warehouse_dir=tmp_path / "machine1"))
    second = Settings(
        **lake, city="bijie", inbox_dir=inbox, warehouse_dir=tmp_path / "machine2", lock_timeout=1.5
    )
    try:
        assert first.lease_holder is not None
        before = _runs(second)
        with pytest.raises(WarehouseBusy) as refused:
            run.run_nightly(second, AS_OF, notify=False)
        message = str(refused.value)
        assert "城市 bijie 的另一次运行正在写入数据湖" in message
        assert f"主机 {socket.gethostname()}" in message
        assert "本次运行退出，未写入任何数据" in message
        assert _runs(second) == before  # no run row, nothing loaded
        # Waiting: the holder finishes a second later, the waiting run then takes the lease and loads.
        threading.Timer(1.0, first.close).start()
        report = run.run_nightly(second.model_copy(update={"lock_timeout": 60}), AS_OF, notify=False)
    finally:
        first.close()
    assert report.as_dict()["files_loaded"] > 0
    assert _runs(second) == before + 1
    with LakeWarehouse(second) as wh:
        wh.migrate(lease=False)
        assert wh.lease().holder is None  # released at the end of the run


@pytest.mark.timeout(300)
def test_two_runs_claiming_the_free_lease_at_once_only_one_gets_it(
    lake: dict[str, Any], tmp_path: Path
) -> None:
    """Two writers of one city claiming the lease in the same instant: DuckLake commits one claim, the other is refused."""
    settings = Settings(**lake, city="bijie", warehouse_dir=tmp_path)
    with LakeWarehouse(settings) as setup:
        setup.migrate(lease=False)
    a, b = LakeWarehouse(settings), LakeWarehouse(settings)
    for wh in (a, b):
        wh.migrate(lease=False)
    start = threading.Barrier(2)
    outcome: dict[str, str] = {}

    def claim(name: str, wh: LakeWarehouse) -> None:
        start.wait()
        try:
            wh.acquire_lease(timeout=0)
            outcome[name] = "held"
        except WarehouseBusy:
            outcome[name] = "refused"

    threads = [threading.Thread(target=claim, args=(n, w)) for n, w in (("a", a), ("b", b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    try:
        assert sorted(outcome.values()) == ["held", "refused"], outcome
        winner = a if outcome["a"] == "held" else b
        assert winner.lease().holder == winner.lease_holder
    finally:
        a.close()
        b.close()


@pytest.mark.timeout(300)
def test_a_dead_holder_is_taken_over_and_an_expired_holder_can_no_longer_write(
    lake: dict[str, Any], tmp_path: Path
) -> None:
    """A lease left by a killed process on this machine is taken at once; a run whose lease expired and was taken over is stopped at its next write."""
    settings = Settings(**lake, city="bijie", warehouse_dir=tmp_path)
    dead = subprocess.Popen(["true"])
    dead.wait()
    with LakeWarehouse(settings) as wh:
        wh.migrate(lease=False)
        far = datetime.now() + timedelta(days=1)
        wh.con.execute(
            "UPDATE writer_lease SET holder = ?, acquired_at = ?, expires_at = ?",
            [f"{socket.gethostname()}:{dead.pid}:dead", datetime.now(), far],
        )
    taker = LakeWarehouse(settings.model_copy(update={"lake_lease_seconds": 0.0}))
    taker.migrate()  # takes the dead holder's lease without waiting (lock_timeout is 600 s)
    assert taker.lease().holder == taker.lease_holder
    # Its lease (0 s) has expired by now: another run takes it over; the first may not write again.
    other = LakeWarehouse(settings)
    other.migrate()
    try:
        with pytest.raises(LeaseLost, match="写入租约已被另一次运行接管"), taker.transaction() as con:
            con.execute("INSERT INTO schema_migrations VALUES ('x', 'x', now()::TIMESTAMP)")
        assert other.con.execute("SELECT count(*) FROM schema_migrations WHERE version = 'x'").fetchall() == [
            (0,)
        ]
        # Nor may it send what is waiting in the outbox: the new holder sends it, once.
        queued = _queue(
            other, key="reminder:stats:2024-10", purpose="reminder", department="stats", recipients=["tj@example.cn"],
            subject="提醒", text="提醒", html="<p>提醒</p>", as_of=AS_OF, settings=settings,
        )  # fmt: skip
        assert queued is not None
        outbox = EmlOutbox(tmp_path / "eml")
        with pytest.raises(LeaseLost):
            send_pending(taker, outbox, settings)
        assert not list(outbox.directory.glob("*.eml"))
        assert send_pending(other, outbox, settings).sent == 1
        assert len(list(outbox.directory.glob("*.eml"))) == 1
    finally:
        taker.close()
        other.close()


def _take_an_id_then_fail(warehouse: LakeWarehouse) -> None:
    with warehouse.transaction() as con:
        con.execute("SELECT nextval('seq_run_id')")
        _ = 1 / 0  # rolled back: the id taken is not given back


@pytest.mark.timeout(300)
def test_ids_stay_new_when_another_writer_commits_between_two_transactions(
    lake: dict[str, Any], tmp_path: Path
) -> None:
    """A connection keeps its id sequences only while every commit since it reseeded was its own: after another writer's commit, or a rolled-back transaction, its next id is still new."""
    settings = Settings(**lake, city="bijie", warehouse_dir=tmp_path / "machine1")
    first = run.open_warehouse(settings)
    try:
        ids = [first.start_run(AS_OF, "nightly"), first.start_run(AS_OF, "nightly")]
        assert ids[1] == ids[0] + 1
        first.release_lease()
        second = run.open_warehouse(settings.model_copy(update={"warehouse_dir": tmp_path / "machine2"}))
        try:
            ids.append(second.start_run(AS_OF, "nightly"))  # the next id after the first's two
        finally:
            second.close()
        ids.append(first.start_run(AS_OF, "nightly"))  # its sequence stood at that same id: reseeded
        with pytest.raises(ZeroDivisionError):
            _take_an_id_then_fail(first)
        ids.append(first.start_run(AS_OF, "nightly"))
    finally:
        first.close()
    with open_analytics(settings) as con:
        stored = [r[0] for r in con.execute("SELECT run_id FROM lake.bijie.runs ORDER BY run_id").fetchall()]
    assert len(set(ids)) == len(ids) == 5
    assert stored == sorted(ids)
