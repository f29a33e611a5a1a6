"""Rows whose indicator name states a period in brackets (``煤炭产量（1-6月累计）``, see
:mod:`bijie_etl.ingest.name_periods`): read when the bracket repeats the period of the row's figures, refused
with a message about periods (not about scope) when it names another period or cannot be checked.

A bracket agrees with its row when the row's month (its 统计期 cell, else the table's title, sheet or file name)
is the bracket's last month, the bracket's year (if any) is the row's, and the row's figures are of the
bracket's kind: a span from January (1-6月, 上半年, 1-6月累计) over a row with no 本月 figure (its figures are
the year to date, last year's and the growth); one month (6月) over a row with no year-to-date figure.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from bijie_etl.ingest.name_periods import NamePeriod, name_period
from bijie_etl.ingest.names import _BRACKET, find_target, qualified_name_message
from bijie_etl.ingest.reading import parse_number, parse_period

#: A bracket's opening (as :data:`~bijie_etl.ingest.names._BRACKET` knows them): a name without one needs no look.
_OPENING = frozenset("(（[［【")

__all__ = ["name_note_message", "name_period_message", "read_period_names", "target_without_period"]


def _filled(value: Any) -> bool:
    return (
        parse_number(value) is not None
    )  # a number, or text that is none (refused as such); not a — or blank


def _row_ym(period: Any, hint: Any) -> int | None:
    parsed = (
        parse_period(period) if isinstance(period, str | int | float) or hasattr(period, "year") else None
    )
    if parsed is not None:
        return parsed.year * 100 + parsed.month
    return None if hint is None or hint is pd.NA or hint != hint else int(hint)


def target_without_period(typed: str, said: NamePeriod | None, catalog: Any) -> Any:
    """The target the name names with the period's bracket taken off (None: the rest names none, or narrows)."""
    if said is None:
        return None
    pieces = _BRACKET.split(typed)  # outside, inside, outside …
    rest = "".join(
        piece if i % 2 == 0 else ("" if piece.strip() == said.part else f"（{piece}）")
        for i, piece in enumerate(pieces)
    )
    return find_target(catalog, rest.strip()) if rest.strip() else None


def _disagreement(said: NamePeriod, ym: int | None, figures: dict[str, Any]) -> str | None:
    """Why the bracket's period is not the row's (a key of :data:`_WHY`), None when it repeats it."""
    if said.own:
        return "own"
    if ym is None:
        return "no_period"
    if said.month is None or (said.year is not None and said.year != ym // 100) or said.month != ym % 100:
        return "differs"
    if said.ytd and _filled(figures.get("value_month")):
        return "month_figure"
    if not said.ytd and (_filled(figures.get("value_ytd")) or _filled(figures.get("value"))):
        return "ytd_figure"
    return None


def read_period_names(by_name: pd.Series, raw: pd.DataFrame, catalog: Any) -> pd.Series:
    """``by_name`` (each row's target code by its name, None: none) with the rows whose name's bracket repeats
    the row's period read as the target the rest of the name names."""
    # Only a row whose name found no target can be one (usually none): a Python test per row of the
    # batch cost ~6 ms per 1,000 files. by_name holds target codes (text) where a name found one.
    unfound = np.flatnonzero(by_name.isna().to_numpy(dtype=bool)).tolist()
    if not unfound:
        return by_name.astype(object)
    names = raw["indicator_name"].tolist()
    codes = by_name.tolist()
    changed = False
    for i in unfound:
        typed = names[i]
        if isinstance(codes[i], str) or not isinstance(typed, str) or not _OPENING.intersection(typed):
            continue
        said = name_period(typed)
        if said is None or (target := target_without_period(typed, said, catalog)) is None:
            continue
        row = raw.iloc[i]
        figures = {f: row.get(f) for f in ("value_month", "value_ytd", "value")}
        if _disagreement(said, _row_ym(row.get("period"), row.get("_hint")), figures) is None:
            codes[i], changed = str(target.code), True
    return pd.Series(codes, index=by_name.index, dtype=object) if changed else by_name.astype(object)


def name_period_message(catalog: Any, typed: str, ym: Any, raw: dict[str, Any]) -> str | None:
    """Why a row whose name's bracket states a period was not read, in Chinese; None for any other name."""
    said = name_period(typed)
    if said is None or (target := target_without_period(typed, said, catalog)) is None:
        return None
    ym = None if ym is None or ym is pd.NA or ym != ym else int(ym)
    why = _disagreement(said, ym, raw)
    head = f"指标名称“{typed}”括号中注明了统计期“{said.part}”"
    name = target.name_zh
    if why == "no_period":
        return (
            f"{head}，而本表的标题、工作表名和文件名都没有注明统计期，无法核对本行数值是哪一期的，未入库；"
            f"请在标题中注明统计期（如“2024年1-6月”）后重新报送"
        )
    if why == "own":
        return (
            f"{head}，是该时段自身的数（不从1月起算），既不是当月数也不是年初以来的累计数，未入库；"
            f"请按本表统计期填报当月数和累计数，并去掉括号中的“{said.part}”后重新报送"
        )
    month = ym % 100 if ym is not None else 0
    span = f"1-{month}月" if said.ytd and month > 1 else f"{month}月"
    table = f"{ym // 100}年{span}" if ym is not None else ""
    if why == "differs":
        return (
            f"{head}，与本表的统计期（{table}）不同，无法确定本行数值是哪一期的，未入库；"
            f"如是本期{name}的数值，请去掉括号中的“{said.part}”；如是{said.said_zh()}的数值，请按该期单独报送"
        )
    if why == "month_figure":
        return (
            f"{head}（年初至{said.month}月的累计），而本行“本月”列又填有当月数，无法确定各列数值的统计期，未入库；"
            f"请去掉指标名称括号中的“{said.part}”后重新报送"
        )
    if why == "ytd_figure" and not _filled(
        raw.get("value_ytd")
    ):  # a lone 数值 / 本期值: the table's period's
        period = f"{ym // 100}年1-{month}月" if ym is not None and month > 1 else table
        return (
            f"{head}（{said.month}月当月），而本行的数值所在列没有写明“本月”或“累计”，按本表的统计期（{period}）"
            f"是累计数：无法确定本行数值是{said.month}月当月数还是{period}的累计数，未入库；"
            f"如是当月数请填在表头为“本月”的列，如是累计数请去掉括号中的“{said.part}”后重新报送"
        )
    if why == "ytd_figure":
        return (
            f"{head}（{said.month}月当月），而本行又填有累计数，无法确定各列数值的统计期，未入库；"
            f"请去掉指标名称括号中的“{said.part}”后重新报送"
        )
    return None


def name_note_message(catalog: Any, typed: str, row: dict[str, Any], raw: dict[str, Any]) -> str | None:
    """Why a name with a note in brackets found no target: a period (:func:`name_period_message`) or a note
    that may narrow the row (:func:`~bijie_etl.ingest.names.qualified_name_message`); None for any other."""
    return name_period_message(catalog, typed, row.get("_ym"), raw) or qualified_name_message(catalog, typed)
