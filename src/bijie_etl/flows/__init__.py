"""The Prefect flows (``nightly``, ``backfill``): wiring only, over :mod:`bijie_etl.run`.

They ship inside the package, so a worker needs the installed wheel, not a checkout:
prefect.yaml names them by module (``bijie_etl.flows.nightly:nightly``).
"""
