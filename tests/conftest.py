"""Shared fixtures. Every test runs offline, against real files in tmp_path."""

from __future__ import annotations

import os

import pytest

# Prefect reads its settings at import: keep it offline and out of the user's home in tests.
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY", "false")
os.environ.setdefault("PREFECT_TELEMETRY_ENABLE_RESOURCE_METRICS", "false")
# Prefect logs "Stopping temporary server" at INFO from an atexit hook, after pytest has closed
# the captured streams ("--- Logging error ---"); warnings and errors still show.
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")

# Nightly runs move processed files out of the inbox (bijie_etl.ingest.archive). Most tests re-run
# the same inbox to check something else, so archiving is off unless a test turns it on
# (tests/test_archive.py does; the README operator test runs with the product's default, on).
os.environ.setdefault("BIJIE_ARCHIVE_PROCESSED", "false")

# The real SMTP server fixture `smtp_server` (aiosmtpd on 127.0.0.1, with faults on demand),
# shared by the mail tests and the reliability tests: see tests/smtp_server.py.
pytest_plugins = [
    "smtp_server",
    "lake_servers",
    "prefect_servers",
]  # lake_servers: PostgreSQL + S3 for province mode; prefect_servers: a real Prefect server
# (tests/ is on sys.path: rootdir-less conftest, like `spreadsheets`)
if os.environ.get("TEST_CPU_DIR"):  # CPU-seconds per test module: see tests/cpu_budget.py
    pytest_plugins.append("cpu_budget")


#: Modules that take minutes on a 2-core machine (real servers, several nightly runs), longest
#: first. `make test` (-n 3 --dist loadfile --no-loadscope-reorder) hands them out before the
#: rest, so the workers end together instead of one starting a long module at the end.
HEAVY_MODULES = (
    "test_prefect_server.py",  # one Prefect server for three runs on it (province: a real lake too)
    "test_lake.py",
    "test_desk_province.py",
    "test_lake_lease.py",
    "test_flows.py",
    "test_server_cli.py",
    "test_wheel.py",
    "test_operator_readme.py",
    "test_what_if.py",
    "reliability/test_hostile_files.py",
    "test_desk_uploads.py",
    "reliability/test_crash_consistency.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the heavy modules first (a stable sort: whole modules move, their tests keep their order)."""
    rank = {name: i for i, name in enumerate(HEAVY_MODULES)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0].removeprefix("tests/"), len(rank)))


@pytest.fixture(scope="session")
def settings():  # type: ignore[no-untyped-def]
    """The checkout's settings (schemas/, sources/): a module may define its own instead."""
    from bijie_etl.settings import load_settings

    return load_settings()


@pytest.fixture(scope="session")
def catalog(settings):  # type: ignore[no-untyped-def]
    """The 2024 catalog of :func:`settings`."""
    from bijie_etl.catalog import load_catalog_from_settings

    return load_catalog_from_settings(settings)
