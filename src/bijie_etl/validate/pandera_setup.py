"""pandera as validation uses it: checks only, without its hypothesis data-synthesis strategies.

pandera registers its pandas backends on the first ``validate`` and, when the ``hypothesis``
package can be imported, loads its strategies for generating example data with it (~0.2 s of
CPU per process). Validation never generates data, and ``hypothesis`` is a test dependency only
(``pip install bijie-etl`` has no ``hypothesis``, so pandera works without the strategies there):
importing this module makes pandera take that path in every process, by hiding ``hypothesis``
while pandera's strategy module is imported. Nothing else changes: ``import hypothesis`` works
as before afterwards, and where ``hypothesis`` is already imported (pytest's plugin) pandera
loads its strategies as usual.
"""

from __future__ import annotations

import sys

__all__: list[str] = []


def _strategies_without_hypothesis() -> None:
    if "hypothesis" in sys.modules or "pandera.strategies.base_strategies" in sys.modules:
        return
    sys.modules["hypothesis"] = None  # type: ignore[assignment]  # import hypothesis → ImportError
    try:
        import pandera.strategies.base_strategies  # noqa: F401  # sets HAS_HYPOTHESIS = False
    finally:
        del sys.modules["hypothesis"]


_strategies_without_hypothesis()
