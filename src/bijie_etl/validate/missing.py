"""Why a row has nothing to load: the ``value_missing`` message (:func:`missing_message`).

A row of 上年同期 (统计期 上年同期 or 2023年1-6月, or a January 本月 left blank beside its 上年同期) whose
indicator has no figure of this year in the table gives a record with only ``value_ytd_prior``. It is
refused (``value_missing``) as any row without the measure its target is assessed on — but the generic
message (“文件中没有‘1-本月累计’列”) sends the department looking for a column it has: this one says the
row holds last year's figure and no figure of this year.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from bijie_etl.validate import growth as growth_rules
from bijie_etl.validate.collect import Sheet
from bijie_etl.vocabulary import FIELD_LABELS_ZH, MEASURES, fmt_as_typed

__all__ = ["missing_message", "only_last_year"]

#: This year's figures: a row with none of them (and a 上年同期) holds last year's figure alone.
_THIS_YEAR = ("value_month", "value_ytd", "value", "growth_pct")


def missing_message(
    fld: str,
    row: dict[str, Any],
    raw: dict[str, Any],
    sheet: Sheet,
    shown: str | None,
    quantities: tuple[str, ...],
) -> str:
    """The VALUE_MISSING message of ``row`` for its measure ``fld`` (``shown``: the cell as typed, a marker)."""
    label = FIELD_LABELS_ZH.get(fld, fld)
    if (alone := only_last_year(fld, row, raw, sheet)) is not None:
        return alone  # a row holding last year's figure and none of this year's
    if fld not in sheet.columns and not any(f in sheet.columns for f in MEASURES):
        # A table with a column per month (1-5月 | 1-6月 | 同比增长): this row's period has no such figure.
        when = _month_zh(row["_ym"]) if pd.notna(row["_ym"]) else "本期"
        return (
            f"表中{when}没有“{label}”的数值，而该指标按“{label}”考核，{when}的其他数值未入库；"
            f"如需报送{when}，请填写其“{label}”（或使用填报模板）"
        )
    if fld not in sheet.columns and sheet.partner:  # a row of a 当月 table its 累计 table lacks
        return (
            f"本行只在当月数的表中，{sheet.partner}中没有这一行，因而没有“{label}”，而该指标按“{label}”考核；"
            f"请在{sheet.partner}中补填本行的“{label}”后重新报送"
        )
    if fld not in sheet.columns:
        return f"文件中没有“{label}”列，而该指标按“{label}”考核；请使用填报模板，填写“{label}”"
    only = growth_rules.figureless_growth_zh(row, fld, quantities)
    if shown:  # a "no value" marker: —, /, 未统计 …
        return (
            f"{only}“{label}”填写的是“{shown}”（没有数值），而该指标按“{label}”考核；"
            f"请在本行的“{label}”列填写数值后重新报送"
        )
    return f"{only}“{label}”未填写，而该指标按“{label}”考核；请在本行的“{label}”列填写数值后重新报送"


def only_last_year(fld: str, row: dict[str, Any], raw: dict[str, Any], sheet: Any) -> str | None:
    """The VALUE_MISSING message of a row whose only figure is its 上年同期, else None."""
    prior = row.get("value_ytd_prior")
    if prior is None or pd.isna(prior) or any(_given(row.get(f)) for f in _THIS_YEAR):
        return None
    cell = raw.get("cell:value_ytd_prior")
    if not isinstance(cell, str):
        letter = sheet.columns.get("value_ytd_prior")
        cell = f"{letter}{int(row['row'])}" if letter else ""
    ym = row.get("_ym")
    when = f"本期（{_month_zh(ym)}）" if ym is not None and not pd.isna(ym) else "本期"
    label = FIELD_LABELS_ZH.get(fld, fld)
    at = f"，{cell}" if cell else ""
    return (
        f"本行只有上年同期数（{fmt_as_typed(float(prior))}{at}），没有{when}的数值；该指标按“{label}”考核，"
        f"上年同期数不能代替，未入库。如本期数漏填，请在本期的行（或本月、累计列）填写“{label}”后重新报送"
    )


def _month_zh(ym: Any) -> str:
    return f"{int(ym) // 100}年{int(ym) % 100}月"


def _given(value: Any) -> bool:
    return value is not None and not pd.isna(value)
