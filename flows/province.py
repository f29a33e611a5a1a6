"""The province flows (`province_nightly`, `city_nightly`), kept at the top of the checkout.

The flows ship in the package (`bijie_etl.flows.province`); prefect.yaml names them by module, so a
worker needs the installed wheel, not this checkout (docs/PROVINCE.md).
"""

from bijie_etl.flows.province import city_nightly, province_nightly

__all__ = ["city_nightly", "province_nightly"]

if __name__ == "__main__":
    province_nightly()
