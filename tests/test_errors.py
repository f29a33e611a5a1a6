"""One error root: every exception the package defines derives from errors.BijieError."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import bijie_etl
from bijie_etl.errors import BijieError


def _package_exceptions() -> list[type[BaseException]]:
    found = []
    for info in pkgutil.walk_packages(bijie_etl.__path__, "bijie_etl."):
        if info.name == "bijie_etl.__main__":  # runs the CLI when imported
            continue
        module = importlib.import_module(info.name)
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, BaseException) and obj.__module__ == module.__name__:
                found.append(obj)
    return found


def test_every_public_exception_of_the_package_derives_from_one_root() -> None:
    """Each exception class defined in bijie_etl (bar private helpers and HTTP responses) is a BijieError."""
    from starlette.exceptions import HTTPException

    exceptions = _package_exceptions()
    assert len(exceptions) >= 10  # the walk really found them
    stray = [
        f"{e.__module__}.{e.__qualname__}"
        for e in exceptions
        if not issubclass(e, BijieError)
        and not e.__name__.startswith("_")
        and not issubclass(e, HTTPException)
    ]
    assert stray == []


def test_exit_codes_come_from_the_errors() -> None:
    """The busy lock exits 3, an unpublished analytics copy 4, every other package error 1."""
    from bijie_etl.errors import CatalogError, UnknownDepartment
    from bijie_etl.warehouse.analytics import AnalyticsNotPublished
    from bijie_etl.warehouse.locking import WarehouseBusy

    assert WarehouseBusy.exit_code == 3
    assert AnalyticsNotPublished.exit_code == 4
    assert CatalogError.exit_code == UnknownDepartment.exit_code == 1
    assert issubclass(AnalyticsNotPublished, FileNotFoundError)  # callers catching the old base still work
    assert issubclass(UnknownDepartment, ValueError)
