"""bijie-etl: monthly monitoring of Bijie's 2024 Government Work Report targets.

The public API, by step: the catalog (:func:`load_catalog`), reading and validating department
files (:func:`read_file`, :func:`validate`), the warehouse (:class:`Warehouse`), the pace
assessment (:func:`assess_target`), and the whole run (:func:`run_nightly`).
Submodules are imported lazily so that ``import bijie_etl`` stays cheap (the CLI starts fast).
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Settings": "bijie_etl.settings",
    "load_settings": "bijie_etl.settings",
    "Catalog": "bijie_etl.catalog",
    "Target": "bijie_etl.catalog",
    "Department": "bijie_etl.catalog",
    "load_catalog": "bijie_etl.catalog",
    "load_catalog_from_settings": "bijie_etl.catalog",
    "Code": "bijie_etl.errors",
    "Failure": "bijie_etl.errors",
    "Severity": "bijie_etl.errors",
    "CatalogError": "bijie_etl.errors",
    "FileRejected": "bijie_etl.errors",
    "Submission": "bijie_etl.ingest.submission",
    "SubmissionStatus": "bijie_etl.ingest.submission",
    "read_file": "bijie_etl.ingest.reading",
    "Warehouse": "bijie_etl.warehouse.store",
    "PaceAssessment": "bijie_etl.pace.rules",
    "assess_target": "bijie_etl.pace.rules",
    "validate_batch": "bijie_etl.validate.rules",
    "write_feedback": "bijie_etl.ingest.feedback",
    "write_template": "bijie_etl.ingest.template",
    "LoadResult": "bijie_etl.warehouse.store",
    "query": "bijie_etl.warehouse.analytics",
    "export_parquet": "bijie_etl.warehouse.analytics",
    "Status": "bijie_etl.vocabulary",
    "assess": "bijie_etl.pace.rules",
    "due_period": "bijie_etl.pace.rules",
    "raise_alerts": "bijie_etl.alerts.state",
    "compose_messages": "bijie_etl.alerts.outbox",
    "send_pending": "bijie_etl.alerts.outbox",
    "notify": "bijie_etl.alerts.outbox",
    "transport_from_settings": "bijie_etl.mail",
    "render": "bijie_etl.dashboard.page",
    "generate_demo": "bijie_etl.demo.generate",
    "run_nightly": "bijie_etl.run",
    "ingest_batch": "bijie_etl.run",
    "format_targets": "bijie_etl.catalog.listing",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'bijie_etl' has no attribute {name!r}")
