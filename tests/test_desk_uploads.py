"""Uploads at the desk give exactly what the inbox gives: the hostile battery, hostile names, ownership, a canary password."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.reliability import hostile
from tests.reliability.conftest import Listener

from bijie_etl.catalog import load_catalog_from_settings
from bijie_etl.desk.upload import HistoryCache
from bijie_etl.ingest.feedback import feedback_rows
from bijie_etl.run import ingest_file, run_nightly
from desking import AS_OF, DeskServer, energy_rows, make_world, serve_desk
from spreadsheets import write_xlsx

UPLOADED = [c for c in hostile.CASES if not c.heavy]


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DeskServer]:
    settings = make_world(tmp_path_factory.mktemp("desk"))
    with serve_desk(settings, as_of=AS_OF) as server:
        yield server


@pytest.fixture(scope="module")
def battery(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, Path], Listener]]:
    listener = Listener()
    inbox = tmp_path_factory.mktemp("hostile") / "inbox"
    yield inbox, hostile.generate(inbox, port=listener.port, include_heavy=False), listener
    listener.close()


def _upload_id(response_url: object) -> str:
    return str(response_url).rstrip("/").split("/")[-1]


def test_hostile_battery_gives_the_same_errors_at_the_desk_as_in_the_inbox(
    desk: DeskServer, battery: tuple[Path, dict[str, Path], Listener]
) -> None:
    """Every battery file uploaded (under its own hostile name) gets the inbox's status, codes, cells and messages."""
    inbox, paths, listener = battery
    settings = desk.settings
    catalog = load_catalog_from_settings(settings)
    history = HistoryCache(settings.analytics_path).get()
    c = desk.client()
    c.login("energy1")
    mismatches = []
    for case in UPLOADED:
        path = paths.get(case.name)
        if path is None or not path.exists():
            continue
        sub = ingest_file(path, catalog=catalog, settings=settings, as_of=AS_OF, inbox=inbox, history=history)
        expected = (
            sub.status.value,
            sorted((r["问题代码"], r["位置"], r["问题说明"]) for r in feedback_rows(sub, catalog)),
        )
        r = c.upload("energy", path, name=case.file_name)
        assert r.status_code == 200, (case.name, r.status_code, r.text[:500])
        upload = desk.store.get_upload(_upload_id(r.url))
        assert upload is not None
        got = (
            upload.status,
            sorted((p["问题代码"], p["位置"], p["问题说明"]) for p in upload.result["problems"]),
        )
        if got != expected:
            mismatches.append((case.name, expected, got))
        assert "<script>alert" not in r.text
        assert "root:x:0" not in r.text
    assert mismatches == []
    assert listener.connections == 0  # the network XXE never reached out
    # nothing a hostile name says was ever created
    root = settings.warehouse_dir.parent
    assert not list(root.rglob("pwned"))
    assert not list(root.rglob("evil*"))
    assert not list(settings.inbox_dir.rglob("*desk*"))  # checking never submits


def test_upload_of_indicators_the_department_does_not_own_is_refused_row_by_row(
    desk: DeskServer, tmp_path: Path
) -> None:
    """市能源局 uploading a 市农业农村局 figure: that row is refused (indicator_not_owned, owner named), its own rows pass."""
    path = write_xlsx(
        tmp_path / "能源局_2024-06.xlsx",
        {
            "数据": energy_rows(
                6,
                extra=[
                    [
                        "high_standard_farmland",
                        "新建和改造提升高标准农田",
                        "万亩",
                        "2024-06",
                        "全市",
                        1.0,
                        8.0,
                        None,
                        None,
                        None,
                        None,
                    ],
                ],
            )
        },
    )
    c = desk.client()
    c.login("energy1")
    r = c.upload("energy", path)
    upload = desk.store.get_upload(_upload_id(r.url))
    assert upload is not None
    problems = [(p["位置"], p["问题代码"]) for p in upload.result["problems"]]
    assert problems == [("数据!G4", "indicator_not_owned")]  # the cell of the figure it may not report
    assert "市农业农村局" in upload.result["problems"][0]["问题说明"]
    assert (upload.status, upload.rows_ok, upload.rows_rejected) == ("partial", 2, 1)
    assert "indicator_not_owned" in r.text


def test_upload_of_a_file_too_large_is_refused_with_the_inbox_limit(desk: DeskServer, tmp_path: Path) -> None:
    """A body over the size limit is refused with a Chinese message before anything is stored."""
    c = desk.client()
    c.login("energy1")
    limit = desk.settings.max_file_bytes
    big = tmp_path / "big.xlsx"
    big.write_bytes(b"PK\x03\x04" + b"\0" * (limit + 2 * 1024 * 1024))
    before = len(desk.store.uploads_of("energy", limit=1000))
    r = c.upload("energy", big)
    assert r.status_code == 413
    assert "文件过大" in r.text
    assert len(desk.store.uploads_of("energy", limit=1000)) == before


def test_canary_password_appears_nowhere(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    """A password used to sign in (and mistyped as a user name) is in no log, page, database, file or email."""
    from bijie_etl.desk.store import DeskStore, Role

    canary = "Canary-7f3a9c1e-Pw"
    settings = make_world(tmp_path, months=2)
    DeskStore(settings.desk_db_path).add_user(
        "canary_user", canary, role=Role.DEPARTMENT, department="energy"
    )
    pages: list[str] = []
    with caplog.at_level(logging.DEBUG), serve_desk(settings) as server:
        c = server.client()
        pages.append(c.login("canary_user", canary + "x").text)  # a wrong one first
        c2 = server.client()
        pages.append(c2.login(canary, canary).text)  # the password typed into the name box too
        c3 = server.client()
        c3.login("canary_user", canary)
        for path in ["/", "/dept/energy"]:
            pages.append(c3.page(path).text)
        f = write_xlsx(tmp_path / "f.xlsx", {"数据": energy_rows(3)})
        r = c3.upload("energy", f)
        pages.append(r.text)
        pages.append(c3.post(f"/dept/energy/uploads/{_upload_id(r.url)}/submit").text)
        pages.append(c3.post("/dept/energy/targets/coal_output/explain", {
            "progress": "进展", "problems": "问题", "measures": "措施"}).text)  # fmt: skip
        time.sleep(0.3)  # let the background sync finish writing the audit log into the warehouse
    run_nightly(settings, AS_OF)  # copies the audit log into the warehouse, writes emails (.eml outbox)
    out, err = capfd.readouterr()
    assert canary not in out
    assert canary not in err
    assert canary not in caplog.text
    assert all(canary not in p for p in pages)
    needle = canary.encode()
    for file in settings.warehouse_dir.rglob("*"):
        if file.is_file():
            assert needle not in file.read_bytes(), file
            assert needle.decode().encode("utf-16-le") not in file.read_bytes(), file
    for file in settings.inbox_dir.rglob("*"):
        if file.is_file():
            assert needle not in file.read_bytes(), file
