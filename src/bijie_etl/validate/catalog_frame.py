"""The catalog's targets as a frame by code, the attributes validation joins onto every row, made once per catalog."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bijie_etl.catalog import Catalog

#: (the catalog, its frame) by ``id``: the catalog is a frozen dataclass, the frame read-only.
_FRAMES: dict[int, tuple[Catalog, pd.DataFrame]] = {}


def catalog_frame(catalog: Catalog) -> pd.DataFrame:
    """Each target's kind, unit (its dimension and factor), target figure and value field, indexed by
    code; shared by every batch checked against ``catalog`` (do not modify it)."""
    cached = _FRAMES.get(id(catalog))
    if cached is not None and cached[0] is catalog:
        return cached[1]
    if len(_FRAMES) > 32:
        _FRAMES.clear()
    frame = _make(catalog)
    _FRAMES[id(catalog)] = (catalog, frame)
    return frame


def _make(catalog: Catalog) -> pd.DataFrame:
    rows = []
    for t in catalog:
        unit = catalog.units.get(t.unit)
        rows.append(
            {
                "_code": t.code,
                "_kind": t.kind.value,
                "_cat_unit": t.unit,
                "_cat_dim": unit.dimension if unit else None,
                "_cat_base": unit.factor if unit else np.nan,
                "_target": t.target if t.target is not None else np.nan,
                "_value_field": t.value_field,
            }
        )
    return pd.DataFrame(rows).set_index("_code")
