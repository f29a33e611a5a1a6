"""Is a figure in the growth column a growth at all? (issue #14)

Two mistakes look like a growth and are not:

- the change in the level's unit typed as the growth: 281.7 where 1-本月累计 3550.2 and 上年同期 3268.5
  give 8.62 % — their difference, to the digit; or a growth more than :data:`GROWTH_REJECT_PP` points
  from what the levels give, rounding of the levels as written allowed for. Refused as
  ``growth_contradicts_levels``; a smaller gap stays the ``growth_inconsistent`` warning (rules.py).
- a column headed 同比增减 / 比上年增减 with no (%) (the grammar marks it :data:`CHANGE_UNSTATED`)
  holding changes of the level: some figure far beyond a plausible growth yet a modest part of its
  level. Then no figure of that sheet's column is read as a growth (``growth_ambiguous_change``).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from bijie_etl.errors import GROWTH_REFUSED_ALONE_ZH, Code, Failure, Severity
from bijie_etl.ingest.cells import Problem, triangle_rise
from bijie_etl.ingest.headers import CHANGE_UNSTATED, GROWTH_MARKS
from bijie_etl.vocabulary import fmt_as_typed

__all__ = [
    "GROWTH_REFUSED_ALONE_ZH",
    "GROWTH_REJECT_PP",
    "bare_change_rows",
    "figureless_growth",
    "figureless_growth_zh",
    "growth_confirmed",
    "growth_contradicted",
    "growth_only_rows",
    "growth_refused_alone",
    "growth_secondary",
    "message",
    "refused_growth_codes",
    "refused_whole",
    "rule_growth_ambiguous",
    "rule_growth_of_rate",
    "stated_units",
    "without_refused_growth",
]

#: Targets measured by a rate in % or ‰ whose growth may be percentage points (rule_growth_of_rate).
_RATE_KINDS = ("share", "level")
GROWTH_TOLERANCE_PP = 0.2  # the growth_inconsistent warning's tolerance (rules.py uses the same)
#: Beyond rounding, a 增速 this many points from what the levels give is refused, not warned:
#: comparable-basis (可比口径) adjustments move a growth by a few points, never by twenty.
GROWTH_REJECT_PP = 20.0
#: A figure of a bare 增减 column is no plausible growth beyond this many percent …
_BARE_IMPLAUSIBLE = 50.0
#: … while under this share of its row's 1-本月累计 it is a plausible change of the level.
_BARE_LEVEL_SHARE = 0.5


def stated_units(column_units: dict[int, Any]) -> dict[int, Any]:
    """The column units that are units: 同比增减 without (%) (:data:`CHANGE_UNSTATED`) and 为上年同期%
    (:data:`~bijie_etl.ingest.headers.GROWTH_INDEX`) state none."""
    if not column_units or GROWTH_MARKS.isdisjoint(column_units.values()):
        return column_units
    return {i: u for i, u in column_units.items() if u not in GROWTH_MARKS}


def bare_change_rows(n: int, growth_units: dict[int, Any]) -> np.ndarray:
    """Rows whose growth comes from a 同比增减 column with no (%)."""
    out = np.zeros(n, dtype=bool)
    rows = [i for i, u in growth_units.items() if u == CHANGE_UNSTATED]
    if rows:
        out[rows] = True
    return out


def _half_step(values: pd.Series | np.ndarray) -> np.ndarray:
    """Half the last decimal place each value is written to (3550.2 → 0.05; at most 6 places):
    how far the true figure may be from the one shown."""
    v = pd.array(values, dtype="Float64").to_numpy(dtype=float, na_value=np.nan)
    step = np.full(v.shape, 0.5e-6)
    for places in range(6, -1, -1):
        exact = np.abs(np.round(v, places) - v) <= 1e-9 * np.maximum(1.0, np.abs(v))
        step = np.where(exact, 0.5 * 10.0**-places, step)
    return step


def _growth_gap(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """How far 增速 lies outside what 1-本月累计 and 上年同期 give when each is rounded as written
    (percent points; NaN without both levels), and whether it equals their difference instead (the
    change in the level's unit typed as the growth: 281.7 for 3550.2 − 3268.5). Plain float arrays
    (NaN for a missing value): the same arithmetic as on the nullable columns, several times cheaper."""
    y, p, g = (
        pd.array(df[c], dtype="Float64").to_numpy(dtype=float, na_value=np.nan)
        for c in ("value_ytd", "value_ytd_prior", "growth_pct")
    )
    gap = np.full(len(y), np.nan)
    absolute = np.zeros(len(y), dtype=bool)
    both = ~(np.isnan(y) | np.isnan(p) | np.isnan(g))  # elsewhere: no gap (NaN), not absolute
    y, p, g = y[both], p[both], g[both]
    hy, hp, hg = _half_step(y), _half_step(p), _half_step(g)
    with np.errstate(divide="ignore", invalid="ignore"):
        low_p = np.where(p - hp > 0, p - hp, np.nan)
        lo = 100.0 * ((y - hy) / np.where(p > 0, p + hp, np.nan) - 1.0)
        hi = 100.0 * ((y + hy) / low_p - 1.0)
        gap[both] = np.maximum(np.maximum(lo - (g + hg), (g - hg) - hi), 0.0)
        absolute[both] = np.abs(g - (y - p)) <= (hy + hp + hg + 1e-9)
    return gap, absolute


def growth_contradicted(df: pd.DataFrame) -> pd.Series:
    """增速 that cannot be a rounding slip: the levels' difference typed as the growth, or more
    than :data:`GROWTH_REJECT_PP` points from what the levels give."""
    gap, absolute = _growth_gap(df)
    with np.errstate(invalid="ignore"):
        contradicted = (gap > GROWTH_REJECT_PP) | (absolute & (gap > GROWTH_TOLERANCE_PP))
    contradicted &= ~_bare_difference(
        df, gap, absolute
    )  # the change under 同比增减: refused alone (ambiguous)
    return pd.Series(contradicted, index=df.index)


def _bare_difference(df: pd.DataFrame, gap: np.ndarray, absolute: np.ndarray) -> np.ndarray:
    """Rows under a growth column that never says % (同比增减, 增减) whose figure is the levels' difference and
    not their growth (281.7 for 3550.2 − 3268.5): the change from last year the header names, no contradiction."""
    bare = (
        df["_bare_change"].to_numpy(dtype=bool) if "_bare_change" in df.columns else np.zeros(len(df), bool)
    )
    with np.errstate(invalid="ignore"):
        return bare & absolute & (gap > GROWTH_TOLERANCE_PP)


def growth_confirmed(df: pd.DataFrame) -> pd.Series:
    """增速 that 1-本月累计 and 上年同期 give, rounding of the levels as written allowed for."""
    gap, _absolute = _growth_gap(df)
    with np.errstate(invalid="ignore"):
        return pd.Series(gap <= GROWTH_TOLERANCE_PP, index=df.index)


def rule_growth_ambiguous(df: pd.DataFrame) -> dict[str, pd.Series]:
    """A 同比增减 column without (%) holding changes in the level's unit, not percentages: some
    figure of the sheet's column is far beyond a plausible growth (|x| > 50) yet a modest change of
    its row's 1-本月累计 (under half of it). Then no figure of that column is read as a growth: the
    ones that look like percentages may be small changes too. Rows whose 上年同期 confirms the
    figure as a percentage keep it."""
    bare = df["_bare_change"].to_numpy(dtype=bool)
    passes = pd.Series(True, index=df.index)
    if not bare.any():
        return {"growth_pct": passes}
    g, y = df["growth_pct"].astype("Float64"), df["value_ytd"].astype("Float64")
    odd = (
        (bare & (g.abs() > _BARE_IMPLAUSIBLE) & (g.abs() < y.abs() * _BARE_LEVEL_SHARE))
        .fillna(False)
        .astype(bool)
    ) | pd.Series(_bare_difference(df, *_growth_gap(df)), index=df.index)  # the levels' difference: a change
    sheets = set(df.loc[odd, "_sheet"])
    if not sheets:
        return {"growth_pct": passes}
    refused = bare & df["_sheet"].isin(sheets) & g.notna() & ~growth_confirmed(df) & ~growth_contradicted(df)
    return {"growth_pct": ~refused.fillna(False).astype(bool)}


def rule_growth_of_rate(df: pd.DataFrame) -> dict[str, pd.Series]:
    """A growth beside a rate in % or ‰ (a share or level target: 城镇化率 55.2, 空气质量优良率 98.1)
    under 同比增长（%） or in a 增速 row: 55.2 against last year's 53.9 is +1.3 percentage points or +2.4 %,
    and departments write either under that header. The rate is the target's measure and loads; its
    growth is refused alone, never stored as a percent that may be points — unless the row's 上年同期
    tells: the growth is what the rate and 上年同期 give in percent, and not their difference."""
    rate = df["_kind"].isin(_RATE_KINDS).to_numpy(dtype=bool) & df["_cat_unit"].isin(("%", "‰")).to_numpy(
        dtype=bool
    )
    refused = rate & df["growth_pct"].notna().to_numpy(dtype=bool)
    if refused.any() and "value_ytd_prior" in df.columns:
        levels = pd.DataFrame({"value_ytd": df["value"], "value_ytd_prior": df["value_ytd_prior"], "growth_pct": df["growth_pct"]})  # fmt: skip
        gap, points = _growth_gap(levels)
        with np.errstate(invalid="ignore"):
            refused &= ~((gap == 0.0) & ~points)  # NaN (no 上年同期): not confirmed
    return {"growth_pct": pd.Series(~refused, index=df.index)}


def message(code: Code, row: dict[str, Any], head: str | None, shown: str | None, unit: str) -> str:
    """The Chinese message of ``growth_ambiguous_change`` / ``growth_contradicts_levels`` /
    ``growth_of_rate_unclear``; ``head`` is the 增减 header cell, ``shown`` the figure as typed, ``unit``
    the level's unit."""
    if code is Code.GROWTH_OF_RATE_UNCLEAR:
        v, p = row.get("value"), row.get("value_ytd_prior")
        gap, points = (
            _growth_gap(
                pd.DataFrame({"value_ytd": [v], "value_ytd_prior": [p], "growth_pct": [row["growth_pct"]]})
            )
            if pd.notna(v) and pd.notna(p)
            else (np.array([np.nan]), np.array([False]))
        )
        said = (
            f"等于本期{fmt_as_typed(v)}与上年同期{fmt_as_typed(p)}之差，是比上年增减的百分点，不是增速（%），未入库"
            if points[0] and gap[0] != 0.0
            else "可能是比上年增减的百分点，也可能是比率本身增长的百分比，文件中无法区分，未作为增速入库"
        )
        return (
            f"本行指标是比率（{row['_cat_unit']}），其同比增长“{shown}”{said}；比率按本期值考核，无需填写增速"
        )
    if code is Code.GROWTH_AMBIGUOUS_CHANGE:
        said = f"增减列（{head}单元格）的表头没有注明“%”" if head else "增减数（增减行或增减列）没有注明“%”"
        return (
            f"{said}，且{'本列' if head else '其中'}有数值远大于常见增速、却只是累计数的一小部分，"
            f"更像是比上年增减的数量（{unit}）：无法确定本列是百分数还是增减量，本行的“{shown}”未作为增速入库；"
            f"如为增速请把表头改为“同比增长（%）”，如为增减量请删除该列或在表头注明单位后重新报送"
        )
    y, p, g = float(row["value_ytd"]), float(row["value_ytd_prior"]), float(row["growth_pct"])
    implied = 100.0 * (y / p - 1.0)
    if abs(g - (y - p)) <= float(_half_step(pd.Series([y, p, g])).sum()) + 1e-9:
        why = f"，却恰好等于两者之差{fmt_as_typed(round(y - p, 6))}，疑似把增减量（{unit}）填成了增速"
    else:
        why = f"，相差{abs(g - implied):.1f}个百分点，不是四舍五入造成的差异"
    return (
        f"增速填写的{shown}与1-本月累计{fmt_as_typed(y)}、上年同期累计{fmt_as_typed(p)}计算的增速"
        f"{implied:.2f}%不符{why}；本行未入库，请核对增速（按百分数填写）后重新报送"
    )


# --------------------------------------------------------------------------------------------
# A refused growth beside good levels (本月 | 累计 | 同比增长 with ▲2.1 or 812 % in the growth cell)


#: Refusals of the growth figure that say nothing about the row's other figures: the growth cell
#: itself is not a usable growth (not a number, out of range, an estimate, a formula error, a
#: percent-format or unit problem of that cell, a 同比增减 column that may hold changes). Not
#: ``growth_contradicts_levels``: there the growth and the levels disagree, and which of them is
#: wrong cannot be told, so the row stays refused whole.
_GROWTH_CELL_CODES = frozenset(
    {
        Code.VALUE_NOT_NUMBER,
        Code.GROWTH_OUT_OF_RANGE,
        Code.VALUE_IS_ESTIMATE,
        Code.UNIT_MISMATCH,
        Code.UNIT_CONFLICT,
        Code.FORMAT_CONFLICT,
        Code.VALUE_FORMAT_UNREADABLE,
        Code.FORMULA_ERROR,
        Code.FORMULA_NOT_CALCULATED,
        Code.VALUE_MERGED,
        Code.GROWTH_AMBIGUOUS_CHANGE,
        Code.GROWTH_OF_RATE_UNCLEAR,
        Code.GROWTH_INDEX_UNCLEAR,
    }
)


def growth_secondary(frame: pd.DataFrame) -> np.ndarray:
    """Rows whose target is measured by something else than its growth (累计, 本期值): their growth
    is a figure beside the measure, not the measure (a growth target's growth is its measure)."""
    value_field = frame["_value_field"].to_numpy(dtype=object)
    return pd.notna(value_field) & (value_field != "growth_pct")


def refused_whole(errors: list[tuple[int, str, Code]], secondary: np.ndarray | None) -> set[int]:
    """Rows with an error that refuses the row (``errors``: hits that are errors): any error but a
    refusal of the growth cell alone on a row whose target is not measured by its growth."""
    return {
        idx
        for idx, fld, code in errors
        if secondary is None or not (fld == "growth_pct" and code in _GROWTH_CELL_CODES and secondary[idx])
    }


def growth_only_rows(errors: list[tuple[int, str, Code]], secondary: np.ndarray) -> set[int]:
    """Rows whose only errors (``errors``: the hits that are errors) refuse their growth cell
    (:data:`_GROWTH_CELL_CODES`) while their target is measured by another figure: a careful reader
    keeps 本月 and 累计 and refuses only the growth."""
    return {idx for idx, _fld, _code in errors} - refused_whole(errors, secondary)


def growth_refused_alone(
    failures: list[tuple[list[int], Failure]], growth_only: set[int]
) -> list[tuple[list[int], Failure]]:
    """The growth cells refused alone say so: the row's other figures are loaded."""
    out = []
    for rows, failure in failures:
        if failure.severity is Severity.ERROR and set(rows) <= growth_only:
            failure = dataclasses.replace(failure, message_zh=failure.message_zh + GROWTH_REFUSED_ALONE_ZH)
        out.append((rows, failure))
    return out


def refused_growth_codes(errors: list[tuple[int, str, Code]], growth_only: set[int]) -> dict[int, Code]:
    """The code that refused each growth cell of ``growth_only`` (the first, when several did)."""
    codes: dict[int, Code] = {}
    for idx, fld, code in errors:
        if idx in growth_only and fld == "growth_pct":
            codes.setdefault(idx, code)
    return codes


def without_refused_growth(
    good: pd.DataFrame, growth_only: set[int], codes: dict[int, Code] | None = None
) -> pd.DataFrame:
    """``good`` with no growth on the rows whose growth was refused (never a 0 nor the refused figure).

    The row's reading notes the refused cell (``{"growth_pct": {"refused": code, "typed": "▲8.6"}}``):
    the warehouse then keeps a growth an earlier file gave for the same figures
    (:mod:`bijie_etl.warehouse.kept_growth`) instead of replacing it with none."""
    at = good.index.isin(list(growth_only))
    good = good.copy()
    for column in ("growth_pct", "growth_pct__conv"):
        good.loc[at, column] = pd.NA
    hows = good.loc[at, "_how"].tolist() if "_how" in good.columns else [None] * int(at.sum())
    texts = (
        good.loc[at, "growth_pct__text"].tolist()
        if "growth_pct__text" in good.columns
        else [None] * len(hows)
    )
    refused = [(codes or {}).get(i, Code.VALUE_NOT_NUMBER).value for i in good.index[at].tolist()]
    if "_how" not in good.columns:
        good["_how"] = pd.Series(None, index=good.index, dtype=object)
    good.loc[at, "_how"] = pd.Series(
        [_how_without_growth(h, t, c) for h, t, c in zip(hows, texts, refused, strict=True)],
        index=good.index[at],
        dtype=object,
    )
    return good


def _how_without_growth(how: Any, typed: Any, code: str) -> dict[str, Any]:
    rest = {k: v for k, v in how.items() if k != "growth_pct"} if isinstance(how, dict) else {}
    text = None if typed is None or (isinstance(typed, float) and typed != typed) else str(typed)
    return {**rest, "growth_pct": {"text": text, "refused": code}}


def triangle_rises(readings: Any, rows: list[int], cells: list[Any], frame: pd.DataFrame) -> dict[int, Any]:
    """Growth cells ▲2.1 (refused alone: a rise, or a Japanese-style minus?) read as rises where a growth
    cell of the same sheet of the same file marks a fall with ▼ (``rows``: the cells read as more than a
    plain number; ``readings[i]``: row i's :class:`~bijie_etl.ingest.cells.CellReading`)."""
    triangles = [i for i in rows if readings[i].problem == Problem.TRIANGLE]
    if not triangles:
        return {}
    where = list(zip(frame["_file"].tolist(), frame["_sheet"].tolist(), strict=True))
    falls = {where[i]: readings[i] for i in rows if readings[i].sign in ("▼", "▽")}
    return {
        i: rise
        for i in triangles
        if where[i] in falls and (rise := triangle_rise(cells[i], falls[where[i]])) is not None
    }


def figureless_growth(df: pd.DataFrame, quantities: tuple[str, ...]) -> pd.Series:
    """Rows in % (or ‰) whose only figure is a growth (发电量 | % | | | 4.9): the % is the growth's unit, and
    the row lacks its figure (``quantities`` all blank: VALUE_MISSING), not a unit of its own."""
    blank = np.logical_and.reduce([df[q].isna().to_numpy(dtype=bool) for q in quantities])
    percent = (df["_unit_dim"] == "percent").to_numpy(dtype=bool, na_value=False)
    return pd.Series(percent & df["growth_pct"].notna().to_numpy(dtype=bool) & blank, index=df.index)


def figureless_growth_zh(row: pd.Series, fld: str, quantities: tuple[str, ...]) -> str:
    """“本行只填了同比增长（4.9%），没有数值：” before a VALUE_MISSING message of ``fld`` when the row's only
    figure is its growth (a growth is no figure: the target is assessed on the figure), else ""."""
    if fld == "growth_pct" or pd.isna(row.get("growth_pct")) or any(pd.notna(row.get(f)) for f in quantities):
        return ""
    unit = row.get("unit") if isinstance(row.get("unit"), str) else ""
    said = f"（计量单位“{unit}”是增速的单位）" if unit and row.get("_unit_dim") == "percent" else ""
    return f"本行只填了同比增长（{fmt_as_typed(row['growth_pct'])}%），没有数值{said}："
