"""Child process of the Prefect measurement: run the ``nightly`` flow once and print timings as JSON.

Run as ``python -m benchmarks.prefect_child AS_OF OUT_JSON [RUNS]`` with ``BIJIE_INBOX_DIR``,
``BIJIE_WAREHOUSE_DIR``, ``BIJIE_PREFECT_HOME`` and ``PREFECT_HOME`` pointing at temporary
folders (no ``PREFECT_API_URL``: Prefect starts its temporary server). The parent reads the
peak RSS of this process with ``os.wait4``.

With ``RUNS`` > 1 the flow runs that many times in this process, each on a fresh warehouse (the
folder is emptied before each run but the first), as (b') runs its repeats in the benchmark's own
process: the first run pays the process's and the temporary server's cold start, the others do not.
The report's top-level keys are the first run's; ``runs`` lists every run's.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from datetime import date
from typing import Any


def main(as_of: str, out: str, runs: int = 1) -> None:
    started = time.perf_counter()
    from bijie_etl.orchestration import load_project_flow, prepare_prefect_environment
    from bijie_etl.settings import load_settings

    settings = load_settings()
    prepare_prefect_environment(settings)
    flow = load_project_flow(settings, "nightly")
    # Import the library's heavy modules up front (pandera, pandas, duckdb, jinja2) so that the
    # flow run measures the work, and the imports count as start-up like the interpreter's.
    import bijie_etl.alerts.state
    import bijie_etl.dashboard.page
    import bijie_etl.ingest.feedback
    import bijie_etl.ingest.reading
    import bijie_etl.pace.rules
    import bijie_etl.validate.rules
    import bijie_etl.warehouse.store  # noqa: F401

    imported = time.perf_counter()
    report: dict[str, Any] = {"import_s": imported - started, "runs": []}
    for i in range(runs):
        if i:
            shutil.rmtree(settings.warehouse_dir, ignore_errors=True)
        report["runs"].append(_one_run(flow, date.fromisoformat(as_of)))
    report.update({k: v for k, v in report["runs"][0].items() if k not in report})
    report["total_s"] = time.perf_counter() - started
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(report, fh)


def _one_run(flow: Any, as_of: date) -> dict[str, Any]:
    """One flow run: its call's wall and CPU, state, counts, and the flow and task run times Prefect recorded."""
    called = time.perf_counter()
    cpu = time.process_time()
    state = flow(as_of=as_of, return_state=True)
    report: dict[str, Any] = {
        "flow_call_s": time.perf_counter() - called,
        # This process's CPU time over the flow call (every thread; the server is another process).
        "flow_call_cpu_s": time.process_time() - cpu,
        "state": state.type.value,
    }
    result = state.result(raise_on_failure=False)
    if isinstance(result, dict):
        report["rows_loaded"] = result.get("rows_loaded")
        report["files_seen"] = result.get("files_seen")
        report["files_loaded"] = result.get("files_loaded")
        report["files_unchanged"] = result.get("files_unchanged")
    else:
        report["error"] = repr(result)[:500]
    # The flow run's own duration (start → end as Prefect records it) and its tasks'.
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        run = client.read_flow_run(state.state_details.flow_run_id)
        if run.start_time and run.end_time:
            report["flow_run_s"] = (run.end_time - run.start_time).total_seconds()
        tasks = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run.id])))
        per_task: dict[str, float] = {}
        for t in tasks:
            name = t.name.rsplit("-", 1)[0]
            per_task[name] = per_task.get(name, 0.0) + (
                t.total_run_time.total_seconds() if t.total_run_time else 0.0
            )
        report["tasks_s"] = per_task
        report["task_runs"] = len(tasks)
    return report


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1)
