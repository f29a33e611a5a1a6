"""The plausibility guard: values that look right but are probably wrong.

Every value that passed the row rules is compared with what is already known — the target, the
expected pace, the indicator's earlier months in the warehouse (``history``) and the other rows
of the same file — and each likely mistake gets its own stable code and a Chinese message that
names the likely cause:

=============================  ============================================================
``guard_percent_as_fraction``  a share/rate/growth about 100× too small (0.953 for 95.3%)
``guard_unit_scale``           a cumulative or count value 10×/100×/1,000×/10,000×/… off its
                               reference (万 vs 1, 万元 vs 亿元)
``guard_ytd_jump``             the year-to-date leaps beyond a configured factor of last month's
``guard_prior_year_copy``      a value equal to last year's same month to the digit
``guard_prior_month_copy``     1-本月累计 equal to an earlier month's while 本月 is not 0 (a sheet or
                               file copied from last month's and not updated)
``guard_month_in_ytd``         the month's value typed in the year-to-date column
``guard_county_sum``           the city total is not the sum of the counties (or below it)
``guard_ytd_below_month``      1-本月累计 smaller than 本月 (columns swapped)
=============================  ============================================================

Scale slips are judged on log10 ratios to a reference, made robust with the median and the
median absolute deviation (MAD) of the same indicator's ratios across the batch: a county whose
ratio to its own last year is 10,000× while the other counties' are ~1.05 is a unit slip; a
ratio far off the usual, but not near a power of ten, is left to people. Severity per rule is a
setting (:class:`GuardSettings`): reject where the cause is near certain, warn otherwise.

The module works on validation's normalised frame: :func:`add_facts` derives the columns the
rules read (``_g_*``); :func:`rules` are the checks; :func:`message` the Chinese text
(:mod:`bijie_etl.validate.guard_messages`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from bijie_etl.catalog import CITY, Catalog, Kind
from bijie_etl.errors import Code
from bijie_etl.settings import GuardSettings
from bijie_etl.validate.grouping import compensated_sums, group_transform, numbered
from bijie_etl.validate.guard_messages import message
from bijie_etl.validate.history import keyed_rows

__all__ = ["GUARD_CODES", "GuardSettings", "add_facts", "message", "rules", "warning_codes"]

GUARD_CODES: frozenset[Code] = frozenset(
    {
        Code.GUARD_PERCENT_AS_FRACTION,
        Code.GUARD_UNIT_SCALE,
        Code.GUARD_YTD_JUMP,
        Code.GUARD_PRIOR_YEAR_COPY,
        Code.GUARD_PRIOR_MONTH_COPY,
        Code.GUARD_MONTH_IN_YTD,
        Code.GUARD_COUNTY_SUM,
        Code.GUARD_YTD_BELOW_MONTH,
    }
)


def warning_codes(settings: GuardSettings) -> frozenset[Code]:
    """Guard codes that keep the row (warnings) under ``settings``."""
    return frozenset(c for c in GUARD_CODES if settings.severity_of(c.value) == "warning")


_CUMULATIVE = (Kind.CUMULATIVE.value, Kind.COUNT.value)
_PERCENT = "percent"


def _float(series: pd.Series) -> np.ndarray:
    if series.dtype != object:  # a numeric column (Float64, Int64, float): no parsing to do
        return series.to_numpy(dtype="float64", na_value=np.nan)
    return pd.to_numeric(series, errors="coerce").astype("float64").to_numpy(na_value=np.nan)


# --------------------------------------------------------------------------------------------
# Facts


def add_facts(df: pd.DataFrame, catalog: Catalog, settings: GuardSettings) -> None:
    """Add the ``_g_*`` columns the guard rules read (NaN/False where a rule has nothing to say).

    History comes as columns of ``df`` (:mod:`bijie_etl.validate.history`: ``_prev_ytd``,
    ``_g_last_ytd`` …), each file having seen the warehouse and the batch's earlier files."""
    n = len(df)
    month = (_float(df["_ym"]) % 100).astype("float64")
    kind = df["_kind"].to_numpy(dtype=object)
    cumulative = np.isin(kind, _CUMULATIVE)
    ytd = _float(df["value_ytd__conv"])
    mon = _float(df["value_month__conv"])
    prior = _float(df["value_ytd_prior__conv"])
    growth = _float(df["growth_pct"])
    target = _float(df["_target"])
    peers = _file_code_groups(df)
    with np.errstate(all="ignore"):
        _percent_facts(df, peers, target, growth, ytd, prior)
        _scale_facts(df, settings, peers, month, cumulative, ytd, prior, target)
        _copy_facts(df, cumulative, ytd, mon, prior)
        # The month's value in the 累计 column: equal to 本月 in a month after January, or below
        # last month's 累计 by about one month's worth.
        prev = _float(df["_prev_ytd"])
        prev_month = (_float(df["_prev_ym"]) % 100).astype("float64")
        typical = prev / prev_month
        # (Only when an earlier month is known to be non-zero: a seasonal figure, such as tobacco
        # leaf bought from July, has a 累计 equal to its first month.)
        same = cumulative & (month >= 2) & (ytd == mon) & (ytd > 0) & (prev > 0)
        below = cumulative & (ytd < prev) & (ytd > 0) & (ytd < 2.0 * typical) & (ytd > 0.3 * typical)
        df["_g_month_in_ytd"] = same | below
        # A month-sized 累计 is ~1/m of the expected: that cause, not a "tenth" unit slip.
        df["_g_scale"] = df["_g_scale"].to_numpy(bool) & ~(same | below)
        df["_g_month_typical"] = typical
        df["_g_ytd_below_month"] = cumulative & (ytd >= 0) & (mon > 0) & (ytd < mon * (1 - 1e-9))
        # 累计 to the digit an earlier month's while this month's 本月 is more than a rounding: the table
        # was copied from last month's and only its title (or sheet name) changed.
        df["_g_month_copy"] = cumulative & (ytd > 0) & (ytd == prev) & (mon >= 0.01 * ytd)
        _county_facts(df, catalog, settings, cumulative, n)


def _file_code_groups(df: pd.DataFrame) -> np.ndarray:
    """One group number per (file, indicator) of each row, -1 where the indicator is unknown: the
    peers of the rules below (grouping on one int64 is several times cheaper than on object columns)."""
    code, uniques = pd.factorize(df["_code"].to_numpy(dtype=object))
    files = df["_file"].to_numpy(dtype=np.int64)
    return np.where(code >= 0, files * (len(uniques) + 1) + code, -1)


def _percent_facts(
    df: pd.DataFrame,
    peers: np.ndarray,
    target: np.ndarray,
    growth: np.ndarray,
    ytd: np.ndarray,
    prior: np.ndarray,
) -> None:
    """A percentage typed as a fraction: |v| < 1 where the reference is a percentage ≥ 2."""
    kind = df["_kind"].to_numpy(dtype=object)
    value = _float(df["value__conv"])
    value_is_percent = (df["_cat_dim"] == _PERCENT).to_numpy(dtype=bool) & (
        df["_value_field"] == "value"
    ).to_numpy(dtype=bool)
    implied = 100.0 * (ytd / np.where(prior > 0, prior, np.nan) - 1.0)
    # Growth: the target (growth targets), else the growth implied by 累计 / 上年同期.
    growth_ref = np.where(kind == Kind.GROWTH_RATE.value, target, np.nan)
    growth_ref = np.where(np.isnan(growth_ref), implied, growth_ref)
    growth_ref = _peer_fill(peers, growth, growth_ref)
    value_ref = _peer_fill(
        peers, np.where(value_is_percent, value, np.nan), np.where(value_is_percent, target, np.nan)
    )
    df["_g_frac_growth"] = _fraction_like(growth, growth_ref) | (
        np.isnan(growth_ref) & _fractions_file(df["_file"].to_numpy(dtype=np.int64), growth)
    )
    df["_g_frac_value"] = value_is_percent & _fraction_like(value, value_ref)
    df["_g_frac_growth_ref"] = growth_ref
    df["_g_frac_value_ref"] = value_ref


def _fractions_file(files: np.ndarray, growth: np.ndarray) -> np.ndarray:
    """Rows whose growth is a fraction by the look of its file, with nothing to compare it with: every growth
    of the file between −1 and 1 (0 aside), one at least typed to three decimals or more (0.086, 0.046,
    0.049 under 同比增长（%）: growth percentages are given to one or two decimals)."""
    given = ~np.isnan(growth) & (growth != 0)
    if not given.any():
        return given
    small = given & (np.abs(growth) < 1)
    fine = np.zeros(len(growth), dtype=bool)  # the digits written out for the small ones only (a few)
    at = np.flatnonzero(small)
    fine[at] = [len(f"{abs(x):.10g}".partition(".")[2]) >= 3 for x in growth[at].tolist()]
    size = int(files.max(initial=-1)) + 1
    files_given = np.bincount(files[given], minlength=size)
    files_small = np.bincount(files[small], minlength=size)
    files_fine = np.bincount(files[fine], minlength=size)
    flagged = (files_given == files_small) & (files_fine > 0)
    return small & flagged[files]


def _peer_fill(peers: np.ndarray, values: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """``reference`` where known, else the median of the same file's other values ≥ 1 of the
    indicator (``peers``: :func:`_file_code_groups`)."""
    missing = np.isnan(reference)
    if not missing.any():
        return reference
    median = group_transform(np.where(np.abs(values) >= 1, values, np.nan), peers, "median")
    return np.where(missing, median, reference)


def _fraction_like(value: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """0 < |v| < 1 while 100·v is the size of a reference ≥ 2 (within 5× either way) and v is not."""
    ratio = 100.0 * np.abs(value) / np.abs(reference)
    return (
        (np.abs(value) > 0) & (np.abs(value) < 1) & (np.abs(reference) >= 2) & (ratio >= 0.2) & (ratio <= 5.0)
    )


def _scale_facts(
    df: pd.DataFrame,
    settings: GuardSettings,
    peers: np.ndarray,
    month: np.ndarray,
    cumulative: np.ndarray,
    ytd: np.ndarray,
    prior: np.ndarray,
    target: np.ndarray,
) -> None:
    """log10 of 累计 over its best reference, its deviation from the indicator's usual, and the verdict."""
    prev = _float(df["_prev_ytd"])
    prev_month = (_float(df["_prev_ym"]) % 100).astype("float64")
    by_prev = prev * month / prev_month
    # A season's first month (累计 0 before it: tobacco leaf from July) is often a part month: no pace.
    by_prev[df["_prev_after_zero"].to_numpy(dtype=bool)] = np.nan
    positive = cumulative & (ytd > 0)
    log_prev = np.where(positive & (by_prev > 0), np.log10(ytd / by_prev), np.nan)
    log_prior = np.where(positive & (prior > 0), np.log10(ytd / prior), np.nan)
    log_pace = np.where(positive & (target > 0), np.log10(ytd / (target * month / 12.0)), np.nan)
    # The best reference: last month (same county), else last year (same row), else the target's pace.
    ref = np.where(
        ~np.isnan(log_prev), 1, np.where(~np.isnan(log_prior), 2, np.where(~np.isnan(log_pace), 3, 0))
    )
    log = np.select([ref == 1, ref == 2, ref == 3], [log_prev, log_prior, log_pace], np.nan)
    dev = _robust_deviation(peers, log, ref, settings)
    k = np.round(dev)
    near = np.abs(dev - k) <= settings.scale_tolerance
    # Against the target's pace only a slip of 1,000× or more is certain (a fast year is not a slip).
    big_enough = np.where(ref == 3, np.abs(k) >= 3, np.abs(k) >= 1)
    df["_g_scale"] = positive & near & big_enough & ~np.isnan(dev)
    df["_g_scale_k"] = k
    df["_g_scale_ref"] = ref
    jump = positive & (ref == 1) & (ytd > by_prev * settings.ytd_jump_factor) & ~df["_g_scale"].to_numpy(bool)
    df["_g_ytd_jump"] = jump
    df["_g_ytd_ratio"] = ytd / prev


def _robust_deviation(
    peers: np.ndarray, log: np.ndarray, ref: np.ndarray, settings: GuardSettings
) -> np.ndarray:
    """``log`` minus the median of its peers (same file, indicator and reference kind) when ≥ 3 peers
    agree (small MAD); rows within ``robust_z`` robust deviations of the median get 0 (not a slip)."""
    groups = np.where(peers >= 0, peers * 4 + ref, -1)  # ref: 0–3
    median = group_transform(log, groups, "median")
    count = group_transform(log, groups, "count")
    mad = group_transform(np.abs(log - median), groups, "median")
    use_peers = (count >= 3) & (np.abs(median) < 0.5)  # the peers themselves look right
    dev = np.where(use_peers, log - median, log)
    scale = 1.4826 * np.where(use_peers, mad, 0.0)
    usual = use_peers & (np.abs(dev) <= settings.robust_z * np.maximum(scale, 0.05))
    return np.where(usual, 0.0, dev)


def _copy_facts(
    df: pd.DataFrame,
    cumulative: np.ndarray,
    ytd: np.ndarray,
    mon: np.ndarray,
    prior: np.ndarray,
) -> None:
    """Equal to last year's same month to the digit: the row's own 上年同期 column, or history
    (``_g_last_ytd`` / ``_g_last_month``, :mod:`bijie_etl.validate.history`)."""
    last_ytd = _float(df["_g_last_ytd"])
    last_month = _float(df["_g_last_month"])
    equal_prior = cumulative & (ytd > 0) & (ytd == prior)
    month_hit = (mon > 0) & (mon == last_month)
    equal_hist = ((ytd > 0) & (ytd == last_ytd)) | month_hit
    candidate = equal_prior | equal_hist
    significant = np.zeros(len(df))
    if candidate.any():  # rare: count digits only where a value repeats
        significant[candidate] = _significant_digits(
            np.where(month_hit & ~(ytd == last_ytd), mon, ytd)[candidate]
        )
    # Small counts can repeat a year later (3 parks, 5 lines); several rows of one file equal to the
    # warehouse's last year, or a figure of four significant digits, is a copy. Single digits never
    # count: with last year in the warehouse (years side by side) a department's small counts
    # (2 次, 3 处 by March) often match last year's when its targets did not change.
    multi = equal_hist & (significant >= 2)
    files = df["_file"].to_numpy(dtype=np.int64)
    per_file = np.bincount(files, weights=multi, minlength=int(files.max(initial=-1)) + 1)[files]
    df["_g_copy"] = (equal_hist & ((significant >= 4) | (multi & (per_file >= 2)))) | (
        equal_prior & (significant >= 4)
    )
    df["_g_copy_source"] = _COPY_SOURCES[equal_hist.astype(np.intp)]


_COPY_SOURCES = np.array(["prior_column", "warehouse"], dtype=object)


def _significant_digits(values: np.ndarray) -> np.ndarray:
    """How many significant digits each value shows (0 for NaN and 0), once per distinct value."""
    distinct, at = np.unique(values, return_inverse=True)
    out = np.zeros(len(distinct))
    for i, v in enumerate(distinct.tolist()):
        if v == v and v != 0:
            digits = f"{abs(float(v)):.10g}".replace(".", "").lstrip("0").rstrip("0")
            out[i] = max(len(digits), len(f"{abs(float(v)):.0f}"))
    return out[at.reshape(-1)]


def _county_facts(
    df: pd.DataFrame, catalog: Catalog, settings: GuardSettings, cumulative: np.ndarray, n: int
) -> None:
    """City total vs the sum of the counties in the same file (additive kinds only)."""
    df["_g_county_sum"] = False
    df["_g_county_field"] = None
    df["_g_county_sum_value"] = np.nan
    df["_g_county_count"] = 0
    counties = {c.name for c in catalog.counties if c.name != CITY}
    county = df["county"].to_numpy(dtype=object)
    city = (county == CITY) & cumulative
    if not city.any() or not (county != CITY).any():
        return
    gid, keyed, n_groups = _group_ids(df, cumulative)
    if not n_groups:  # no total and parts of one file, target and month to compare
        return
    county_id, names = numbered(county)
    in_county = np.fromiter((c in counties for c in names.tolist()), dtype=bool, count=len(names))[county_id]
    found = np.zeros(len(df), dtype=bool)
    field = np.full(len(df), None, dtype=object)
    total = np.full(len(df), np.nan)
    count = np.zeros(len(df), dtype=np.int64)
    for fld in ("value_ytd", "value_month"):
        v = _float(df[f"{fld}__conv"])
        part = cumulative & in_county & ~np.isnan(v) & keyed
        if not part.any():
            continue
        s_of = compensated_sums(v[part], gid[part], n_groups)
        # Distinct counties per group.
        k_of = _distinct_per_group(gid[part], county_id[part], n_groups, len(names))
        d_of = np.full(n_groups, -1, dtype=np.int64)
        np.maximum.at(d_of, gid[part], _decimals(v[part]))
        rows = np.flatnonzero(city & keyed & (k_of[np.maximum(gid, 0)] > 0))
        if not len(rows):
            continue
        g, cv = gid[rows], v[rows]
        s_, k, d = s_of[g], k_of[g], d_of[g]
        # Every county, or all but one (金海湖新区 is often still reported inside another county).
        complete = k >= len(counties) - 1
        rounding = 0.5 * k * 10.0 ** (-np.clip(d, 0, None))
        tolerance = np.maximum(settings.county_sum_tolerance * np.abs(cv), rounding)
        with np.errstate(invalid="ignore"):
            off = complete & (np.abs(cv - s_) > tolerance + 1e-9)
            # Some counties only: their sum cannot exceed the whole (one county alone may equal it).
            exceeds = ~complete & (k >= 2) & (s_ > cv + tolerance + 1e-9)
        bad = (off | exceeds) & ~np.isnan(cv) & ~found[rows]
        hit = rows[bad]
        found[hit] = True
        field[hit] = fld
        total[hit] = s_[bad]
        count[hit] = k[bad]
    df["_g_county_sum"] = found
    df["_g_county_field"] = pd.Series(field, index=df.index, dtype=object)  # not inferred as text
    df["_g_county_sum_value"] = total
    df["_g_county_count"] = count
    del n


def _distinct_per_group(group: np.ndarray, value: np.ndarray, n_groups: int, n_values: int) -> np.ndarray:
    """How many distinct ``value`` (0..n_values-1) each group (0..n_groups-1) holds: marked in a
    (group, value) table when that is small (the usual: a dozen counties), else by sorting the pairs."""
    pair = group * (n_values + 1) + value
    if n_groups * (n_values + 1) > 8 * len(pair) + 4096:
        return np.bincount(np.unique(pair) // (n_values + 1), minlength=n_groups).astype(np.int64)
    seen = np.zeros(n_groups * (n_values + 1), dtype=bool)
    seen[pair] = True
    return seen.reshape(n_groups, n_values + 1).sum(axis=1, dtype=np.int64)


def _group_ids(df: pd.DataFrame, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """A group number per ``(_file, _code, _ym)`` among ``rows`` (-1 elsewhere and where a key is
    unknown), which rows have one, and how many groups there are."""
    gid = np.full(len(df), -1, dtype=np.int64)
    keyed = rows & keyed_rows(df)
    if not keyed.any():
        return gid, keyed, 0
    code, uniques = pd.factorize(df["_code"].to_numpy(dtype=object)[keyed])
    files = df["_file"].to_numpy(dtype=np.int64)[keyed]
    ym = df["_ym"].to_numpy(dtype="float64", na_value=np.nan)[keyed].astype(np.int64)
    pair = files * (len(uniques) + 1) + code
    key = pair * (int(ym.max()) + 1) + ym
    gid[keyed], groups = pd.factorize(key)
    return gid, keyed, len(groups)


def _decimals(values: np.ndarray) -> np.ndarray:
    """Decimal places of each value (0–4): the fewest that represent it."""
    out = np.full(len(values), 4)
    for d in range(3, -1, -1):
        out = np.where(np.abs(np.round(values, d) - values) < 1e-9, d, out)
    return out


# --------------------------------------------------------------------------------------------
# Rules

_Rule = Callable[[pd.DataFrame], dict[str, pd.Series]]


def _passes(mask: Any, index: pd.Index) -> pd.Series:
    return pd.Series(~np.asarray(mask, dtype=bool), index=index)


def rules(settings: GuardSettings) -> list[tuple[Code, _Rule, tuple[str, ...]]]:
    """``(code, rule, fields)`` of every guard check; a rule returns ``{field: passes}``."""
    if not settings.enabled:
        return []

    def fraction(df: pd.DataFrame) -> dict[str, pd.Series]:
        return {
            "growth_pct": _passes(df["_g_frac_growth"], df.index),
            "value": _passes(df["_g_frac_value"], df.index),
        }

    def scale(df: pd.DataFrame) -> dict[str, pd.Series]:
        return {"value_ytd": _passes(df["_g_scale"], df.index)}

    def jump(df: pd.DataFrame) -> dict[str, pd.Series]:
        return {"value_ytd": _passes(df["_g_ytd_jump"], df.index)}

    def copy(df: pd.DataFrame) -> dict[str, pd.Series]:
        return {"value_ytd": _passes(df["_g_copy"], df.index)}

    def month_copy(df: pd.DataFrame) -> dict[str, pd.Series]:
        return {"value_ytd": _passes(df["_g_month_copy"], df.index)}

    def month_in_ytd(df: pd.DataFrame) -> dict[str, pd.Series]:
        return {"value_ytd": _passes(df["_g_month_in_ytd"], df.index)}

    def county_sum(df: pd.DataFrame) -> dict[str, pd.Series]:
        hit = df["_g_county_sum"].to_numpy(bool)
        which = df["_g_county_field"].to_numpy(dtype=object)
        return {
            "value_ytd": _passes(hit & (which == "value_ytd"), df.index),
            "value_month": _passes(hit & (which == "value_month"), df.index),
        }

    def below_month(df: pd.DataFrame) -> dict[str, pd.Series]:
        return {"value_ytd": _passes(df["_g_ytd_below_month"], df.index)}

    return [
        (Code.GUARD_PERCENT_AS_FRACTION, fraction, ("growth_pct", "value")),
        (Code.GUARD_UNIT_SCALE, scale, ("value_ytd",)),
        (Code.GUARD_YTD_JUMP, jump, ("value_ytd",)),
        (Code.GUARD_PRIOR_YEAR_COPY, copy, ("value_ytd",)),
        (Code.GUARD_PRIOR_MONTH_COPY, month_copy, ("value_ytd",)),
        (Code.GUARD_MONTH_IN_YTD, month_in_ytd, ("value_ytd",)),
        (Code.GUARD_COUNTY_SUM, county_sum, ("value_ytd", "value_month")),
        (Code.GUARD_YTD_BELOW_MONTH, below_month, ("value_ytd",)),
    ]
