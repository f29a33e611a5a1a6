"""The target catalog: the model and its YAML loading (``model``), the check that it covers the
report (``completeness``), the listing people read (``listing``), years side by side (``years``)
and the drafter of a new year's catalog from its report (``draft``).

The model's public names are re-exported here: ``from bijie_etl.catalog import Catalog``.
"""

from bijie_etl.catalog.model import *  # noqa: F403
from bijie_etl.catalog.model import __all__ as __all__
