"""Running the Prefect flows from this process: quiet, offline, state kept in the project.

Prefect reads its settings from the environment when it is first imported, so
:func:`prepare_prefect_environment` must run before anything imports ``prefect``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bijie_etl.settings import Settings

__all__ = ["OFFLINE_PREFECT_ENV", "load_project_flow", "prepare_prefect_environment", "run_flow"]

#: Telemetry and analytics off: no call leaves the machine beyond loopback.
OFFLINE_PREFECT_ENV: Mapping[str, str] = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
    "PREFECT_TELEMETRY_ENABLE_RESOURCE_METRICS": "false",
}


def prepare_prefect_environment(
    settings: Settings, *, quiet: bool = True, environ: dict[str, str] | None = None
) -> dict[str, str]:
    """Set Prefect's environment for an offline local run; returns what it set.

    ``PREFECT_HOME`` goes under ``settings.prefect_home`` unless the user already chose one;
    with no ``PREFECT_API_URL`` Prefect starts a temporary server on 127.0.0.1.
    """
    env = os.environ if environ is None else environ
    changed: dict[str, str] = {}
    wanted = dict(OFFLINE_PREFECT_ENV)
    wanted["PREFECT_HOME"] = str(settings.prefect_home)
    # The temporary server migrates its database on first start; on a busy 2-core machine that
    # can exceed Prefect's 20 s default and fail the run for nothing.
    wanted["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "180"
    if quiet:
        wanted["PREFECT_LOGGING_LEVEL"] = "WARNING"
        wanted["PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW"] = "ignore"
    for key, value in wanted.items():
        if key not in env:
            env[key] = value
            changed[key] = value
    Path(env["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)
    return changed


def load_project_flow(settings: Settings, name: str) -> Any:
    """The flow ``name`` (``nightly`` or ``backfill``) loaded from its entrypoint like a Prefect worker does."""
    from prefect.flows import load_flow_from_entrypoint

    return load_flow_from_entrypoint(f"bijie_etl.flows.{name}:{name}")


def run_flow(settings: Settings, name: str, **parameters: Any) -> Any:
    """Run a project flow in this process (temporary Prefect server unless PREFECT_API_URL is set)."""
    flow = load_project_flow(settings, name)
    return flow(**parameters)
