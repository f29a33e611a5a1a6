"""The Prefect flows: entrypoints, a nightly run on demo data, concurrency and a quiet CLI run."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest
import yaml

from bijie_etl.settings import PROJECT_ROOT, load_settings
from prefect_servers import seed_prefect_home
from warehousing import demo_inbox

AS_OF = date(2024, 11, 15)


def _demo_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, departments: set[str] | None) -> Path:
    monkeypatch.setenv("BIJIE_INBOX_DIR", str(tmp_path / "inbox"))
    monkeypatch.setenv("BIJIE_WAREHOUSE_DIR", str(tmp_path / "warehouse"))
    demo_inbox(tmp_path / "inbox", departments, as_of=AS_OF)
    return tmp_path


@pytest.fixture
def demo_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A demo inbox in tmp_path, and BIJIE_* variables pointing the flows at it."""
    return _demo_env(tmp_path, monkeypatch, departments=None)


@pytest.fixture
def stats_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """:func:`demo_env` with the statistics bureau's files only (what a command prints, not what it reads)."""
    return _demo_env(tmp_path, monkeypatch, departments={"stats"})


def _count(db: Path, sql: str) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(sql).fetchone()
        assert row is not None
        return int(row[0])


def test_every_prefect_yaml_entrypoint_loads_as_a_flow() -> None:
    """Each deployment in prefect.yaml names a module:function of the installed package that Prefect loads as a Flow, with no pull step; the top-level flows/ files load the same flows."""
    from prefect import Flow
    from prefect.flows import load_flow_from_entrypoint

    spec = yaml.safe_load((PROJECT_ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    assert spec["pull"] == []  # nothing to change into: the worker needs the package, not a checkout
    names = []
    for deployment in spec["deployments"]:
        module, function = deployment["entrypoint"].split(":")
        assert module.startswith("bijie_etl.flows.")
        assert not module.endswith(".py")
        flow = load_flow_from_entrypoint(deployment["entrypoint"])
        assert isinstance(flow, Flow)
        checkout_flow = load_flow_from_entrypoint(
            f"{PROJECT_ROOT / 'flows' / module.rsplit('.', 1)[1]}.py:{function}"
        )
        assert checkout_flow.name == flow.name
        names.append((deployment["name"], flow.name))
    assert names == [
        ("nightly", "nightly"),
        ("backfill", "backfill"),
        ("province", "province"),
        ("city-nightly", "city-nightly"),
    ]
    nightly = spec["deployments"][0]
    assert nightly["schedules"][0] == {"cron": "0 2 * * *", "timezone": "Asia/Shanghai", "active": True}


def test_concurrent_runs_load_each_file_once(demo_env: Path) -> None:
    """Two nightly runs started together both finish, and every file is loaded exactly once."""
    code = (
        "from datetime import date; from bijie_etl.run import run_nightly; from bijie_etl.settings import load_settings;"
        "s = run_nightly(load_settings(), date(2024, 11, 15), notify=False); print('FILES', len(s.files.files))"
    )
    env = dict(os.environ)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=240) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    db = demo_env / "warehouse" / "bijie.duckdb"
    files = len(list((demo_env / "inbox").rglob("*.*")))
    assert _count(db, "SELECT count(DISTINCT sha256) FROM submitted_files") == files
    assert _count(db, "SELECT count(*) FROM submitted_files") == files
    assert (
        _count(
            db,
            "SELECT count(*) FROM (SELECT indicator_code, period, county FROM observations WHERE superseded_at IS NULL GROUP BY ALL HAVING count(*) > 1)",
        )
        == 0
    )


@pytest.mark.slow
def test_cli_run_is_quiet_and_offline(stats_env: Path, migrated_prefect_db: Path) -> None:
    """`bijie-etl run` on demo data completes with no traceback and no telemetry error in its output, and with no kept server it says how to keep one."""
    env = dict(os.environ)
    # The temporary server's database already migrated (a first start on an empty one: test_prefect_server.py).
    env["PREFECT_HOME"] = str(seed_prefect_home(stats_env / ".prefect", migrated_prefect_db))
    env.pop("PREFECT_API_URL", None)
    cmd = [str(Path(sys.executable).parent / "bijie-etl"), "run", "--as-of", AS_OF.isoformat()]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "Traceback" not in output, output[-6000:]
    assert "telemetry" not in output.lower(), output[-6000:]
    assert "收到文件" in proc.stdout
    assert "bijie-etl server start" in proc.stderr  # no kept server: the temporary one, and the hint
    assert (stats_env / "warehouse" / "analytics.duckdb").exists()


def test_a_loopback_http_server_is_used_without_loading_certificates(tmp_path: Path) -> None:
    """Only a plain-HTTP API address on this machine skips building TLS verification (never https, another host, or a profile's address)."""
    from bijie_etl.orchestration import prepare_prefect_environment

    settings = load_settings(warehouse_dir=tmp_path / "w", prefect_home=tmp_path / "prefect")
    key = "PREFECT_API_TLS_INSECURE_SKIP_VERIFY"
    for url, skipped in [
        ("http://127.0.0.1:4200/api", True),
        ("http://localhost:4200/api", True),
        ("https://127.0.0.1:4200/api", False),
        ("http://10.0.0.5:4200/api", False),
        ("https://prefect.example.org/api", False),
        ("", False),
    ]:
        env = {"PREFECT_API_URL": url} if url else {}
        prepare_prefect_environment(settings, environ=env)
        assert (env.get(key) == "true") is skipped, url
    chosen = {"PREFECT_API_URL": "http://127.0.0.1:4200/api", key: "false"}
    prepare_prefect_environment(settings, environ=chosen)
    assert chosen[key] == "false"  # the user's own choice stays


def test_ad_hoc_parameters_are_stored_as_prefect_would_store_them() -> None:
    """The ad-hoc run's own encoding of dates, flags, text and None gives Prefect's JSON; anything else is Prefect's."""
    from fastapi.encoders import jsonable_encoder

    from bijie_etl.orchestration import _plain_parameters

    calls: list[dict[str, object]] = []

    def prefects(parameters: dict[str, object]) -> dict[str, object]:
        calls.append(parameters)
        return {k: jsonable_encoder(v) for k, v in parameters.items()}

    plain = _plain_parameters(prefects)
    from datetime import datetime

    simple = {
        "as_of": AS_OF,
        "at": datetime(2024, 11, 15, 2, 30),
        "confirm": False,
        "path": "x",
        "n": 3,
        "none": None,
    }
    assert plain(simple) == {k: jsonable_encoder(v) for k, v in simple.items()}
    assert calls == []
    other = {"paths": [Path("a")], "as_of": AS_OF}
    assert plain(other) == prefects(other)
    assert len(calls) == 2
