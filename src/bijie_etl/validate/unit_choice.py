"""A value column whose header names two units (``本月（万吨/万千瓦时）`` over 煤炭产量 and 发电量): each row's
figure is in the one unit of the two that its indicator is measured in — mass for 煤炭产量, energy for
发电量 — or the one its own 计量单位 names. A row that both or neither fit is not read (``unit_mismatch``
naming the header's units; ``unit_conflict`` when its 计量单位 names another unit): which unit cannot be told.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from bijie_etl.units import UNIT_CHOICE

__all__ = ["choice_message", "per_row"]


def per_row(column_units: dict[int, Any], df: pd.DataFrame, catalog: Any) -> dict[int, Any]:
    """``column_units`` (row → the unit its column states) with each two-unit header's units narrowed to
    the row's one; a row neither or both fit keeps the header's units (validation refuses it)."""
    if not column_units or not any(isinstance(u, str) and UNIT_CHOICE in u for u in column_units.values()):
        return column_units
    units = catalog.units
    out = dict(column_units)
    for i, text in column_units.items():
        if isinstance(text, str) and UNIT_CHOICE in text:
            out[i] = _pick(text.split(UNIT_CHOICE), df["unit"].iat[i], df["_cat_unit"].iat[i], units) or text
    return out


def _pick(options: list[str], stated: Any, cat_unit: Any, units: Any) -> str | None:
    if isinstance(stated, str) and stated:  # the row's 计量单位 says which (one of them, or a conflict)
        said = units.canonical(stated)
        return said if said in options else None
    target = units.get(cat_unit) if isinstance(cat_unit, str) else None
    fits = [o for o in options if target is not None and units.get(o).dimension == target.dimension]
    return fits[0] if len(fits) == 1 else None


def choice_message(label: str, column_unit: Any, row: dict[str, Any], catalog: Any) -> str | None:
    """Why a row under a two-unit header was not read, in Chinese; None when the column states one unit."""
    if not isinstance(column_unit, str) or UNIT_CHOICE not in column_unit:
        return None
    options = column_unit.split(UNIT_CHOICE)
    said = "、".join(f"“{o}”" for o in options)
    stated = row.get("unit")
    if isinstance(stated, str) and stated:
        return (
            f"“{label}”列的表头注明了两个单位（{said}），而本行计量单位为“{stated}”，不是其中之一，"
            f"无法确定本行数值的单位；请把表头改为一个单位，或按表头单位填写本行计量单位后重新报送"
        )
    unit = row.get("_cat_unit")
    target = catalog.units.get(unit) if isinstance(unit, str) else None
    fits = [o for o in options if target is not None and catalog.units.get(o).dimension == target.dimension]
    if len(fits) == 1:  # the header's unit was told; the row is refused for another reason (its own message)
        return None
    why = "两个单位都与" if len(fits) > 1 else "两个单位都不是"
    return (
        f"“{label}”列的表头注明了两个单位（{said}），{why}本行指标的计量单位“{unit or ''}”"
        f"{'同类，' if len(fits) > 1 else '一类，'}无法确定本行数值是哪个单位；"
        f"请在本行填写计量单位，或把两个单位分列填报后重新报送"
    )
