"""The `nightly` flow, kept at the top of the checkout for `python flows/nightly.py` and file entrypoints.

The flow itself ships in the package (`bijie_etl.flows.nightly`); prefect.yaml names it by module, so a
worker needs the installed wheel, not this checkout.
"""

from bijie_etl.flows.nightly import nightly

__all__ = ["nightly"]

if __name__ == "__main__":
    nightly()
