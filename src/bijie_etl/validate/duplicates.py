"""Duplicate rows of one file that disagree: the same indicator, month and county twice with another figure.

A file may give a row twice (a 汇总 sheet and a county sheet's 合计, a table copied below itself). When the
second says the same, it is a copy: refused (``duplicate_row``) and the first loads. When it gives another
figure (1-6月累计 3550.2 here, 3560.0 there), which one is right cannot be told from the file: both rows are
refused, each message naming the other and the two figures — never the first loaded as if the other were
a mere copy. Figures are compared in the catalog's unit, so 35502000 吨 and 3550.2 万吨 are one figure; a
figure only one row gives is no disagreement.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from bijie_etl.validate.collect import Sheet
from bijie_etl.vocabulary import FIELD_LABELS_ZH, MEASURES, fmt_as_typed

__all__ = ["differing_duplicates", "duplicate_message", "duplicate_where", "figures_differ_zh"]

#: The figures compared (each measure in the catalog's unit), with their names in messages.
_FIGURES = {f"{field}__conv": FIELD_LABELS_ZH[field] for field in MEASURES}


def _values(df: pd.DataFrame, column: str) -> np.ndarray:
    return df[column].to_numpy(dtype="float64", na_value=np.nan)


def differing_duplicates(df: pd.DataFrame, where: np.ndarray, first_at: np.ndarray) -> list[tuple[int, int]]:
    """``(first row, its first later duplicate giving another figure)`` as positions in ``df``; ``where``
    are the keyed rows' positions and ``first_at`` the position of the first row of each one's key."""
    later_mask = first_at != where
    if not later_mask.any():
        return []
    later, firsts = where[later_mask], first_at[later_mask]
    differs = np.zeros(len(later), dtype=bool)
    for column in _FIGURES:
        if column in df.columns:
            values = _values(df, column)
            a, b = values[firsts], values[later]
            differs |= ~np.isnan(a) & ~np.isnan(b) & (a != b)
    out: dict[int, int] = {}
    for first, other in zip(firsts[differs].tolist(), later[differs].tolist(), strict=True):
        out.setdefault(int(first), int(other))
    return list(out.items())


def figures_differ_zh(df: pd.DataFrame, row: int, other: int) -> str:
    """``1-本月累计分别为3550.2和3560`` for two rows (index labels) of ``df``; "" when no figure differs."""
    said = []
    for column, name in _FIGURES.items():
        if column not in df.columns:
            continue
        a, b = df.at[row, column], df.at[other, column]
        if pd.notna(a) and pd.notna(b) and a != b:
            said.append(f"{name}分别为{fmt_as_typed(float(a))}和{fmt_as_typed(float(b))}")
    return "，".join(said)


def duplicate_where(
    first: int,
    sheet_idx: int,
    df: pd.DataFrame,
    raw: pd.DataFrame,
    sheets: list[Sheet],
    here: int | None = None,
) -> str:
    """Where the first of two duplicate rows is: ``第3行`` on the same sheet, else ``工作表“4月”第3行（D3单元格）``
    (the cell of the value the target reads); ``本行I3单元格`` when it is the same Excel row ``here`` (two columns of
    a wide table giving one figure: 1-6月累计 | 累计 under a county or beside month columns)."""
    first_sheet = int(df.at[first, "_sheet"])
    row_no = int(df.at[first, "row"])
    value_field = df.at[first, "_value_field"]
    fld = str(value_field) if isinstance(value_field, str) else str(df.at[first, "_ident_field"])
    other = sheets[first_sheet]
    own = raw.at[first, f"cell:{fld}"] if f"cell:{fld}" in raw.columns else None
    letter = (
        other.columns.get(fld) or other.columns.get("indicator_name") or other.columns.get("indicator_code")
    )
    cell = own if isinstance(own, str) else (f"{letter}{row_no}" if letter else "")
    if first_sheet == sheet_idx:
        return f"本行{cell}单元格" if row_no == here and cell else f"第{row_no}行"
    place = f"工作表“{other.name}”第{row_no}行"
    return f"{place}（{cell}单元格）" if cell else place


def duplicate_message(row: Mapping[str, Any]) -> str:
    """The Chinese message of a ``duplicate_row`` failure (``_dup_where``: :func:`duplicate_where`; ``_dup_differs``:
    :func:`figures_differ_zh` when the two give different figures, which refuses both)."""
    where = row.get("_dup_where") or f"第{int(row['_dup_of'])}行"
    if row.get("_dup_differs") and where.startswith("本行"):  # two columns of one row say one figure
        return (
            f"与{where}是同一指标、统计期、区县的同一项，而数值不同（{row['_dup_differs']}），无法确定哪一列正确，"
            "该指标本统计期的数值均未入库；如其中一列是调整（修订）后的数值，请在其表头写明“（调整后）”，否则请删除错误的一列"
        )
    if row.get("_dup_differs"):
        return (
            f"与{where}重复（同一指标、统计期、区县）而数值不同（{row['_dup_differs']}），无法确定哪一行正确，"
            "两行均未入库；请删除错误的一行，或更正区县、统计期后重新报送"
        )
    return f"与{where}重复（同一指标、统计期、区县），本行未入库；请删除重复行或更正区县、统计期"
