"""The `backfill` flow, kept at the top of the checkout for `python flows/backfill.py` and file entrypoints.

The flow itself ships in the package (`bijie_etl.flows.backfill`); prefect.yaml names it by module, so a
worker needs the installed wheel, not this checkout.
"""

from bijie_etl.flows.backfill import backfill

__all__ = ["backfill"]

if __name__ == "__main__":  # python flows/backfill.py 2024-01 2024-12 [FOLDER]
    import sys

    backfill(*sys.argv[1:4])
