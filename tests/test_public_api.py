"""The curated public API of ``bijie_etl``."""

from __future__ import annotations

import pytest

import bijie_etl


@pytest.mark.parametrize("name", bijie_etl.__all__)
def test_every_public_name_resolves(name: str) -> None:
    """Each name in ``bijie_etl.__all__`` imports to a real object of the package."""
    obj = getattr(bijie_etl, name)
    assert getattr(obj, "__module__", "").startswith("bijie_etl")


def test_unknown_names_raise_attribute_error() -> None:
    """A name outside the public API is an AttributeError, not a silent None."""
    with pytest.raises(AttributeError, match="no_such_thing"):
        _ = bijie_etl.no_such_thing  # type: ignore[attr-defined]


def test_no_public_name_is_shadowed_by_a_subpackage() -> None:
    """A public name never equals a subpackage's name (importing the subpackage would replace it)."""
    import pkgutil

    subpackages = {m.name for m in pkgutil.iter_modules(bijie_etl.__path__)}
    assert not subpackages & set(bijie_etl.__all__)
