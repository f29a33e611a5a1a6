"""Province mode: the desk reads the lake through one attached connection per process, and still sees every commit."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bijie_etl.desk import views
from bijie_etl.settings import Settings
from bijie_etl.warehouse import lake as lake_module
from bijie_etl.warehouse.lake import LakeWarehouse
from lake_servers import S3, Postgres
from test_lake import lake_settings


@pytest.fixture
def lake(postgres_server: Postgres, s3_server: S3) -> dict[str, Any]:
    """A fresh lake (new database, new bucket)."""
    return lake_settings(postgres_server, s3_server, postgres_server.new_database(), s3_server.new_bucket())


def _runs(con: Any) -> int:
    return int(con.execute("SELECT count(*) FROM runs").fetchall()[0][0])


@pytest.mark.timeout(300)
def test_pages_share_one_lake_connection_and_see_each_new_commit(
    lake: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two page reads attach the lake once; a run committed between them is seen by the second; a broken connection is replaced."""
    settings = Settings(**lake, city="bijie", warehouse_dir=tmp_path)
    attached: list[object] = []  # read-only attachments (the writer makes its own)
    connect = lake_module.connect_lake
    monkeypatch.setattr(
        lake_module,
        "connect_lake",
        lambda *a, **k: (attached.append(1) if k.get("read_only") else None) or connect(*a, **k),
    )
    monkeypatch.setattr(lake_module, "_READERS", {})

    with LakeWarehouse(settings) as wh:
        wh.migrate()
        with views.analytics(settings) as con:
            assert con is not None
            assert _runs(con) == 0
        first = wh.start_run(date(2024, 6, 30), "nightly")
        wh.finish_run(first, "success", {})
        with views.analytics(settings) as con:
            assert con is not None
            assert _runs(con) == 1
        second = wh.start_run(date(2024, 7, 31), "nightly")
        wh.finish_run(second, "success", {})
    with views.analytics(settings) as con:
        assert con is not None
        assert _runs(con) == 2  # the kept connection reads the latest snapshot
    assert len(attached) == 1

    # A connection that was closed (or failed: the catalog database restarted, say) is attached anew.
    (base,) = lake_module._READERS.values()
    base.close()
    with views.analytics(settings) as con:
        assert con is not None
        assert _runs(con) == 2
    assert len(attached) == 2
