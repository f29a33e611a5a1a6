"""Pace maths: a hand-computed golden table, freshness, and Hypothesis properties."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bijie_etl.catalog import Target
from bijie_etl.pace.rules import (
    ObservationPoint,
    PaceAssessment,
    Status,
    assess_target,
    due_period,
    format_assessments,
)
from bijie_etl.settings import Thresholds

A = date(2024, 7, 15)  # deadline 10: June (monthly) and Q2 (quarterly) are due, no annual figure yet
B = date(2025, 1, 20)  # judged for catalog year 2024: December 2024 is due for every frequency
TH = Thresholds()  # the defaults: 0.95 / 0.85 and −0.5 / −1.5 pp
PROFILE = (0.05, 0.10, 0.18, 0.26, 0.34, 0.45, 0.55, 0.63, 0.72, 0.80, 0.90, 1.0)


def target(code: str, **kw: Any) -> Target:
    """A catalog target with harmless defaults for the fields pace does not read."""
    base: dict[str, Any] = {
        "code": code,
        "name_zh": f"指标{code}",
        "name_en": code,
        "section": "测试",
        "clause": "测试条款",
        "department": "stats",
        "unit": "万吨",
        "comparator": "at_least",
        "kind": "cumulative",
        "pace": "cumulative",
    }
    return Target(**(base | kw))


def obs(month: int, year: int = 2024, **values: float | None) -> ObservationPoint:
    return ObservationPoint(period=date(year, month, 1), **values)


def r4(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def summary(a: PaceAssessment) -> tuple[Any, ...]:
    return (
        a.code, str(a.status), a.period, a.month, r4(a.actual), r4(a.expected), r4(a.pace_ratio), r4(a.gap_pp),
        r4(a.projected_year_end), r4(a.required_monthly), r4(a.stretch_ratio), a.method,
    )  # fmt: skip


# Every expected number below was worked out by hand from the rules of issue #5 (see each comment).
# (target, observations, as_of) -> (code, status, period, m, actual, expected, pace_ratio, gap_pp,
#                                   projected_year_end, required_monthly, stretch_ratio, method)
GOLDEN: list[tuple[Target, list[ObservationPoint], date, tuple[Any, ...]]] = [
    # P(6) = 3235/6470 = 0.5; expected 3650; 3500/3650 = 0.95890; 3500/0.5 = 7000; 3800/6 = 633.33;
    # stretch 3500/(7500×0.5) = 0.93333. The August row is after D and ignored.
    (target("coal", target=7300, stretch=7500, baseline_2023=6470),
     [obs(5, value_ytd=2900, value_ytd_prior=2588), obs(6, value_ytd=3500, value_ytd_prior=3235), obs(8, value_ytd=9999)], A,
     ("coal", "on_track", date(2024, 6, 1), 6, 3500.0, 3650.0, 0.9589, None, 7000.0, 633.3333, 0.9333, "baseline_prior")),
    # no 上年同期 → profile P(6) = 0.45; expected 540; 480/540 = 0.8889; 480/0.45 = 1066.67; 720/6 = 120
    (target("seasonal", target=1200, baseline_2023=1000, profile=PROFILE), [obs(6, value_ytd=480)], A,
     ("seasonal", "at_risk", date(2024, 6, 1), 6, 480.0, 540.0, 0.8889, None, 1066.6667, 120.0, None, "profile")),
    # 5.0/4.8 = 1.04 is outside (0, 1], no profile → linear 6/12; expected 2.5; 2/2.5 = 0.8; 2/0.5 = 4; 3/6 = 0.5
    (target("jobs", unit="万人", target=5, baseline_2023=4.8), [obs(6, value_ytd=2.0, value_ytd_prior=5.0)], A,
     ("jobs", "off_track", date(2024, 6, 1), 6, 2.0, 2.5, 0.8, None, 4.0, 0.5, None, "linear")),
    # count, April data while June is due → late; figures of April: 4000×4/12 = 1333.33; 1400/1333.33 = 1.05;
    # 1400×3 = 4200; 2600/8 = 325
    (target("stations", unit="个", kind="count", target=4000), [obs(3, value_ytd=1000), obs(4, value_ytd=1400)], A,
     ("stations", "late", date(2024, 4, 1), 4, 1400.0, 1333.3333, 1.05, None, 4200.0, 325.0, None, "linear")),
    # linear: 570×0.5 = 285; 300/285 = 1.05263; 600; 270/6 = 45
    (target("power", unit="亿千瓦时", target=570), [obs(6, value_ytd=300)], A,
     ("power", "on_track", date(2024, 6, 1), 6, 300.0, 285.0, 1.0526, None, 600.0, 45.0, None, "linear")),
    # lower is better (a cap): expected 500; ratio 500/560 = 0.89286; 1120; 440/6 = 73.33
    (target("energy_cap", unit="万吨", target=1000, direction="lower_is_better", comparator="at_most"), [obs(6, value_ytd=560)], A,
     ("energy_cap", "at_risk", date(2024, 6, 1), 6, 560.0, 500.0, 0.8929, None, 1120.0, 73.3333, None, "linear")),
    # growth given (quarterly, Q2 due and present): 5.2 − 6 = −0.8 → at_risk
    (target("gdp", unit="%", kind="growth_rate", pace="growth", frequency="quarterly", target=6), [obs(3, growth_pct=5.5), obs(6, growth_pct=5.2)], A,
     ("gdp", "at_risk", date(2024, 6, 1), 6, 5.2, 6.0, None, -0.8, None, None, None, "growth")),
    # growth from levels: 100 × (525/500 − 1) = 5.0; 5 − 8 = −3 → off_track
    (target("retail", unit="%", kind="growth_rate", pace="growth", target=8), [obs(6, value_ytd=525, value_ytd_prior=500)], A,
     ("retail", "off_track", date(2024, 6, 1), 6, 5.0, 8.0, None, -3.0, None, None, None, "growth_from_levels")),
    # growth with stretch: 5.8 − 5.5 = +0.3 → on_track; stretch 5.8/6 = 0.96667
    (target("industry", unit="%", kind="growth_rate", pace="growth", target=5.5, stretch=6), [obs(6, growth_pct=5.8)], A,
     ("industry", "on_track", date(2024, 6, 1), 6, 5.8, 5.5, None, 0.3, None, None, 0.9667, "growth")),
    # growth, lower is better: 3 − 3.4 = −0.4 → on_track
    (target("cpi", unit="%", kind="growth_rate", pace="growth", target=3, direction="lower_is_better", comparator="at_most"), [obs(6, growth_pct=3.4)], A,
     ("cpi", "on_track", date(2024, 6, 1), 6, 3.4, 3.0, None, -0.4, None, None, None, "growth")),
    # threshold %: 58.6 − 60 = −1.4 → at_risk
    (target("share", unit="%", kind="share", pace="threshold", target=60), [obs(6, value=58.6)], A,
     ("share", "at_risk", date(2024, 6, 1), 6, 58.6, 60.0, None, -1.4, None, None, None, "threshold")),
    # threshold %, lower is better: 16 − 17.2 = −1.2 → at_risk
    (target("logistics", unit="%", kind="share", pace="threshold", target=16, direction="lower_is_better", comparator="approx"), [obs(6, value=17.2)], A,
     ("logistics", "at_risk", date(2024, 6, 1), 6, 17.2, 16.0, None, -1.2, None, None, None, "threshold")),
    # threshold level: 230/250 = 0.92 → at_risk; stretch 230/260 = 0.88462
    (target("income", unit="元/月", kind="level", pace="threshold", target=250, stretch=260), [obs(6, value=230)], A,
     ("income", "at_risk", date(2024, 6, 1), 6, 230.0, 250.0, 0.92, None, None, None, 0.8846, "threshold")),
    # threshold level, lower is better: 30/28 = 1.07143 → on_track
    (target("wait_days", unit="次", kind="level", pace="threshold", target=30, direction="lower_is_better", comparator="at_most"), [obs(6, value=28)], A,
     ("wait_days", "on_track", date(2024, 6, 1), 6, 28.0, 30.0, 1.0714, None, None, None, None, "threshold")),
    # per-target override on_track_ratio 0.90: 230/250 = 0.92 → on_track
    (target("income_lenient", unit="元/月", kind="level", pace="threshold", target=250, thresholds={"on_track_ratio": 0.9}), [obs(6, value=230)], A,
     ("income_lenient", "on_track", date(2024, 6, 1), 6, 230.0, 250.0, 0.92, None, None, None, None, "threshold")),
    # trajectory level: 100 + 24×6/12 = 112; 110/112 = 0.98214 → on_track
    (target("beds", unit="张", kind="level", pace="trajectory", target=124, baseline_2023=100), [obs(6, value=110)], A,
     ("beds", "on_track", date(2024, 6, 1), 6, 110.0, 112.0, 0.9821, None, None, None, None, "trajectory")),
    # trajectory %: 45 + 1.5×6/12 = 45.75; 45.2 − 45.75 = −0.55 → at_risk
    (target("urban", unit="%", kind="level", pace="trajectory", target=46.5, baseline_2023=45), [obs(6, value=45.2)], A,
     ("urban", "at_risk", date(2024, 6, 1), 6, 45.2, 45.75, None, -0.55, None, None, None, "trajectory")),
    # trajectory without a baseline falls back to threshold: 110/124 = 0.8871 → at_risk
    (target("roads", unit="公里", kind="level", pace="trajectory", target=124), [obs(6, value=110)], A,
     ("roads", "at_risk", date(2024, 6, 1), 6, 110.0, 124.0, 0.8871, None, None, None, None, "threshold")),
    # annual before month 12: shown, not judged
    (target("forest", unit="%", kind="level", pace="annual", frequency="monthly", target=63), [obs(6, value=62.1)], A,
     ("forest", "not_assessed", date(2024, 6, 1), 6, 62.1, None, None, None, None, None, None, "annual")),
    # annual at month 12 (judged in January 2025): 46.2 − 46.5 = −0.3 → on_track
    (target("urban_annual", unit="%", kind="level", pace="annual", frequency="annual", target=46.5), [obs(12, value=46.2)], B,
     ("urban_annual", "on_track", date(2024, 12, 1), 12, 46.2, 46.5, None, -0.3, None, None, None, "annual")),
    # annual target whose December figure is due (January 2025) but only June came → late, figures not judged
    (target("urban_late", unit="%", kind="level", pace="annual", frequency="annual", target=46.5), [obs(6, value=45.9)], B,
     ("urban_late", "late", date(2024, 6, 1), 6, 45.9, None, None, None, None, None, None, "annual")),
    # cumulative at m = 12: P = 1; 97/100 = 0.97 → on_track; nothing left to require
    (target("year_end", target=100), [obs(11, value_ytd=90), obs(12, value_ytd=97)], B,
     ("year_end", "on_track", date(2024, 12, 1), 12, 97.0, 100.0, 0.97, None, 97.0, None, None, "linear")),
    # quarterly target with only Q1 while Q2 is due → late; gap of Q1: 5.9 − 6 = −0.1
    (target("gdp_late", unit="%", kind="growth_rate", pace="growth", frequency="quarterly", target=6), [obs(3, growth_pct=5.9)], A,
     ("gdp_late", "late", date(2024, 3, 1), 3, 5.9, 6.0, None, -0.1, None, None, None, "growth")),
    # never observed while June is due → no_data
    (target("missing", target=100), [], A,
     ("missing", "no_data", None, None, None, None, None, None, None, None, None, "cumulative")),
    # annual-frequency target never observed in July 2024: nothing is due yet → not_assessed
    (target("annual_pending", unit="%", kind="level", pace="threshold", frequency="annual", target=50), [], A,
     ("annual_pending", "not_assessed", None, None, None, None, None, None, None, None, None, "threshold")),
    # a target without a number is only shown
    (target("cpi_plan", unit="%", kind="growth_rate", pace="annual", target=None), [obs(6, growth_pct=2.9)], A,
     ("cpi_plan", "not_assessed", date(2024, 6, 1), 6, 2.9, None, None, None, None, None, None, "annual")),
]  # fmt: skip


@pytest.mark.parametrize(("tgt", "points", "as_of", "expected"), GOLDEN, ids=[g[0].code for g in GOLDEN])
def test_golden_table(
    tgt: Target, points: list[ObservationPoint], as_of: date, expected: tuple[Any, ...]
) -> None:
    """Each target's assessment matches the figures and status worked out by hand."""
    got = assess_target(tgt, points, as_of, deadline_day=10, thresholds=TH, year=2024)
    assert summary(got) == expected


def test_golden_covers_every_method_and_status() -> None:
    """The golden table exercises every method and every status at least once."""
    rows = [assess_target(t, p, d, deadline_day=10, thresholds=TH, year=2024) for t, p, d, _ in GOLDEN]
    assert len(rows) >= 15
    assert {r.method for r in rows} >= {
        "baseline_prior",
        "profile",
        "linear",
        "growth",
        "growth_from_levels",
        "threshold",
        "trajectory",
        "annual",
    }
    assert {r.status for r in rows} == set(Status)


def test_late_keeps_pace_status_and_explains() -> None:
    """A late target keeps what its older figures say in pace_status, and says which month was due."""
    tgt = target("stations", unit="个", kind="count", target=4000)
    got = assess_target(tgt, [obs(4, value_ytd=1400)], A, deadline_day=10, thresholds=TH, year=2024)
    assert (got.status, got.status_zh, got.pace_status, got.due_period, got.note_zh) == (
        Status.LATE, "迟报", Status.ON_TRACK, date(2024, 6, 1), "最新数据为2024年4月，应报至2024年6月",
    )  # fmt: skip


def test_department_deadline_decides_lateness() -> None:
    """With a 20th-of-month deadline, May data is still on time on 15 July (only May is due)."""
    tgt = target("power", unit="亿千瓦时", target=570)
    got = assess_target(tgt, [obs(5, value_ytd=240)], A, deadline_day=20, thresholds=TH, year=2024)
    # 570 × 5/12 = 237.5; 240/237.5 = 1.0105
    assert (str(got.status), got.due_period, r4(got.expected), r4(got.pace_ratio)) == (
        "on_track",
        date(2024, 5, 1),
        237.5,
        1.0105,
    )


def test_dataframe_input_matches_points() -> None:
    """Observations as a DataFrame (with NaN / pd.NA gaps and Timestamps) give the same assessment."""
    tgt = target("coal", target=7300, stretch=7500, baseline_2023=6470)
    frame = pd.DataFrame(
        {
            "period": [pd.Timestamp("2024-05-01"), pd.Timestamp("2024-06-01")],
            "value": pd.array([None, None], dtype="Float64"),
            "value_ytd": [2900.0, 3500.0],
            "value_ytd_prior": [2588.0, 3235.0],
            "growth_pct": [float("nan"), float("nan")],
        }
    )
    from_frame = assess_target(tgt, frame, A, deadline_day=10, thresholds=TH, year=2024)
    from_points = assess_target(
        tgt,
        [obs(5, value_ytd=2900, value_ytd_prior=2588), obs(6, value_ytd=3500, value_ytd_prior=3235)],
        A,
        deadline_day=10,
        thresholds=TH,
        year=2024,
    )
    assert from_frame == from_points


# --------------------------------------------------------------------------------------------
# Freshness


@pytest.mark.parametrize(
    ("as_of", "deadline", "frequency", "year", "expected"),
    [
        (date(2024, 7, 9), 10, "monthly", None, date(2024, 5, 1)),  # June not due until the 10th
        (date(2024, 7, 10), 10, "monthly", None, date(2024, 6, 1)),  # due on the deadline day itself
        (date(2024, 1, 5), 10, "monthly", None, date(2023, 11, 1)),  # across the year boundary
        (date(2024, 1, 5), 10, "monthly", 2024, None),  # nothing of 2024 due yet
        (date(2024, 3, 31), 31, "monthly", 2024, date(2024, 2, 1)),  # deadline 31 in March
        (
            date(2024, 3, 1),
            31,
            "monthly",
            2024,
            None,
        ),  # 1-2月 is due on 31 March, not yet (January comes with it)
        (date(2024, 3, 29), 30, "monthly", 2024, None),
        (date(2024, 2, 11), 10, "monthly", 2024, None),  # January alone is never due: 1-2月 (Spring Festival)
        (date(2024, 3, 9), 10, "monthly", 2024, None),
        (date(2024, 3, 10), 10, "monthly", 2024, date(2024, 2, 1)),
        (date(2024, 2, 11), 10, "monthly", None, date(2023, 12, 1)),
        (date(2024, 4, 10), 10, "quarterly", 2024, date(2024, 3, 1)),
        (date(2024, 4, 9), 10, "quarterly", 2024, None),  # Q1 not due yet, Q4 2023 is another year
        (date(2024, 9, 30), 10, "quarterly", 2024, date(2024, 6, 1)),
        (date(2024, 12, 31), 10, "annual", 2024, None),  # annual: never due within its own year
        (date(2025, 1, 10), 10, "annual", 2024, date(2024, 12, 1)),
        (date(2025, 6, 1), 10, "monthly", 2024, date(2024, 12, 1)),  # capped at December of the year
    ],
)
def test_due_period(
    as_of: date, deadline: int, frequency: str, year: int | None, expected: date | None
) -> None:
    """The latest period due follows the deadline-day rule per frequency and catalog year."""
    assert due_period(as_of, deadline, frequency, year=year) == expected


# --------------------------------------------------------------------------------------------
# Properties

RANK = {Status.OFF_TRACK: 0, Status.AT_RISK: 1, Status.ON_TRACK: 2}

positive = st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False)
month = st.integers(min_value=1, max_value=12)


@st.composite
def higher_is_better_case(draw: st.DrawFn) -> tuple[Target, int, dict[str, float | None]]:
    pace = draw(st.sampled_from(["cumulative", "growth", "threshold", "trajectory"]))
    unit = draw(st.sampled_from(["%", "万吨"]))
    tgt_value = draw(positive)
    baseline = draw(st.none() | positive)
    profile = draw(st.none() | st.just(PROFILE))
    kind = {"cumulative": "cumulative", "growth": "growth_rate"}.get(pace, "level")
    tgt = target(
        "prop",
        unit=unit,
        kind=kind,
        pace=pace,
        target=tgt_value,
        baseline_2023=baseline,
        profile=profile,
        stretch=tgt_value * 1.1,
    )
    extra = {"value_ytd_prior": draw(st.none() | positive)}
    return tgt, draw(month), extra


def _field(tgt: Target) -> str:
    return {"cumulative": "value_ytd", "growth": "growth_pct"}.get(str(tgt.pace), "value")


@settings(max_examples=300, deadline=None)
@given(case=higher_is_better_case(), a=st.floats(-1e6, 1e6), b=st.floats(-1e6, 1e6))
def test_status_never_improves_when_actual_decreases(
    case: tuple[Target, int, dict[str, float | None]], a: float, b: float
) -> None:
    """For a higher-is-better target, a smaller actual never gets a better status."""
    tgt, m, extra = case
    high, low = max(a, b), min(a, b)
    as_of = date(2024, m, 28)  # the month's own data is never late on the 28th
    statuses = []
    for actual in (high, low):
        got = assess_target(
            tgt,
            [obs(m, **{_field(tgt): actual}, **extra)],
            as_of,
            deadline_day=10,
            thresholds=TH,
            year=2024,
        )
        assert got.status in RANK
        statuses.append(got.status)
    assert RANK[statuses[1]] <= RANK[statuses[0]]


@settings(max_examples=200, deadline=None)
@given(
    tgt_value=positive,
    actual=st.floats(0, 2e6),
    variant=st.sampled_from(["linear", "profile", "baseline_prior"]),
)
def test_pace_ratio_at_december_is_actual_over_target(tgt_value: float, actual: float, variant: str) -> None:
    """At m = 12 with P(12) = 1 the pace ratio equals actual / target exactly."""
    kw: dict[str, Any] = {"profile": PROFILE} if variant == "profile" else {}
    prior = None
    if variant == "baseline_prior":
        kw["baseline_2023"] = prior = (
            tgt_value * 0.9
        )  # the prior year's December total is the baseline: P = 1
    tgt = target("dec", target=tgt_value, **kw)
    got = assess_target(
        tgt,
        [obs(12, value_ytd=actual, value_ytd_prior=prior)],
        date(2024, 12, 31),
        deadline_day=10,
        thresholds=TH,
        year=2024,
    )
    assert (got.method, got.expected, got.pace_ratio, got.projected_year_end) == (
        variant,
        tgt_value,
        actual / tgt_value,
        actual,
    )


def _ratio_status(tgt_value: float, actual: float, direction: str = "higher_is_better") -> Status:
    tgt = target("edge", unit="元/月", kind="level", pace="threshold", target=tgt_value, direction=direction)
    return assess_target(tgt, [obs(6, value=actual)], A, deadline_day=10, thresholds=TH, year=2024).status


def _gap_status(tgt_value: float, actual: float, direction: str = "higher_is_better") -> Status:
    tgt = target("edge", unit="%", kind="growth_rate", pace="growth", target=tgt_value, direction=direction)
    return assess_target(
        tgt, [obs(6, growth_pct=actual)], A, deadline_day=10, thresholds=TH, year=2024
    ).status


@settings(max_examples=300, deadline=None)
@given(tgt_value=st.integers(1, 10**7).map(lambda i: i / 100))
def test_ratio_boundaries_fall_on_the_documented_side(tgt_value: float) -> None:
    """A ratio of exactly 0.95 is on_track and exactly 0.85 at_risk, whatever the float rounding; just below drops a step."""
    assert _ratio_status(tgt_value, tgt_value * 0.95) is Status.ON_TRACK
    assert _ratio_status(tgt_value, tgt_value * 0.85) is Status.AT_RISK
    assert _ratio_status(tgt_value, tgt_value * (0.95 - 1e-6)) is Status.AT_RISK
    assert _ratio_status(tgt_value, tgt_value * (0.85 - 1e-6)) is Status.OFF_TRACK
    # lower is better: actual = target / 0.95 gives a mirrored ratio of exactly 0.95
    assert _ratio_status(tgt_value, tgt_value / 0.95, "lower_is_better") is Status.ON_TRACK
    assert _ratio_status(tgt_value, tgt_value / (0.95 - 1e-6), "lower_is_better") is Status.AT_RISK


@settings(max_examples=300, deadline=None)
@given(tenths=st.integers(-300, 300))
def test_gap_boundaries_fall_on_the_documented_side(tenths: int) -> None:
    """A gap of exactly −0.5 pp is on_track and exactly −1.5 pp at_risk (decimal targets included); beyond drops a step."""
    tgt_value = tenths / 10
    assert _gap_status(tgt_value, tgt_value - 0.5) is Status.ON_TRACK
    assert _gap_status(tgt_value, tgt_value - 1.5) is Status.AT_RISK
    assert _gap_status(tgt_value, tgt_value - 0.5001) is Status.AT_RISK
    assert _gap_status(tgt_value, tgt_value - 1.5001) is Status.OFF_TRACK
    assert _gap_status(tgt_value, tgt_value + 0.5, "lower_is_better") is Status.ON_TRACK
    assert _gap_status(tgt_value, tgt_value + 0.5001, "lower_is_better") is Status.AT_RISK


def test_format_assessments_groups_by_status() -> None:
    """The CLI table puts the most urgent group first and names each status in Chinese with its count."""
    from rich.console import Console

    rows = [
        assess_target(t, p, d, deadline_day=10, thresholds=TH, year=2024) for t, p, d, _ in GOLDEN if d == A
    ]
    console = Console(width=200, record=True)
    console.print(format_assessments(rows))
    text = console.export_text()
    headings = [
        m.group(1) for line in text.splitlines() if (m := re.match(r"^(\S+)（[a-z_]+）\d+项\s*$", line))
    ]
    assert headings == ["滞后", "预警", "迟报", "无数据", "正常", "暂不评估"]
    assert text.startswith("毕节市2024年目标进度评估")


def test_unknown_threshold_override_names_the_catalog_entry() -> None:
    """A per-target threshold key that does not exist fails as a catalog error naming the target and field."""
    from bijie_etl.errors import CatalogError

    tgt = target(
        "typo", unit="元/月", kind="level", pace="threshold", target=250, thresholds={"on_track": 0.9}
    )
    with pytest.raises(CatalogError) as info:
        assess_target(tgt, [obs(6, value=230)], A, deadline_day=10, thresholds=TH, year=2024)
    assert (info.value.entry, info.value.field) == ("typo", "thresholds")


def test_observation_without_the_measured_column_is_no_data() -> None:
    """A cumulative target whose latest row carries only a growth rate cannot be judged: no_data, with the reason."""
    tgt = target("power", unit="亿千瓦时", target=570)
    got = assess_target(tgt, [obs(6, growth_pct=4.0)], A, deadline_day=10, thresholds=TH, year=2024)
    assert (str(got.status), got.period, got.actual, r4(got.expected), got.method, got.note_zh) == (
        "no_data",
        date(2024, 6, 1),
        None,
        285.0,
        "linear",
        "2024年6月数据缺少所需数值",
    )
