"""The pace chart of one target as inline SVG (every string that reaches the SVG is escaped)."""

from __future__ import annotations

import math
from html import escape
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

if TYPE_CHECKING:
    pass

from bijie_etl.dashboard.data import TargetCard, format_number

# --------------------------------------------------------------------------------------------
# Charts (inline SVG; every string that reaches the SVG goes through _t)

_W, _H = 480, 250
_LEFT, _RIGHT, _TOP, _BOTTOM = 58, 92, 26, 30
_INK, _MUTED, _GRID, _TARGET, _PACE = "#2c3e50", "#6b7785", "#e6e9ed", "#1f3a5f", "#8896a5"


def _t(text: object) -> str:
    return escape(str(text), quote=True)


def _nice_step(span: float) -> float:
    raw = span / 4 if span > 0 else 1.0
    mag = 10 ** math.floor(math.log10(raw))
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)


def _y_domain(card: TargetCard) -> tuple[float, float, float]:
    values = [v for _, v in card.actual_series] + [v for _, v in card.expected_series]
    values += [v for v in (card.target, card.stretch, card.projected_year_end) if v is not None]
    if card.method == "trajectory" and card.baseline is not None:
        values.append(card.baseline)
    values = [v for v in values if math.isfinite(v)]
    if not values:
        values = [0.0, 1.0]
    lo, hi = min(values), max(values)
    if card.is_cumulative or (lo >= 0 and not card.method.startswith("growth") and lo < 0.35 * hi):
        lo = min(lo, 0.0)
    if card.method.startswith("growth") and 0 < lo < 0.5 * hi:
        lo = 0.0
    span = hi - lo
    if span == 0:
        span = abs(hi) * 0.2 or 1.0
        lo, hi = lo - span / 2, hi + span / 2
    elif lo != 0:
        lo -= span * 0.08
    hi += span * 0.08
    step = _nice_step(hi - lo)
    lo = math.floor(lo / step + 1e-9) * step
    hi = math.ceil(hi / step - 1e-9) * step
    return lo, hi, step


def _spread(labels: list[list[Any]], min_gap: float, top: float, bottom: float) -> None:
    """Move right-margin labels (``[y, …]``, sorted in place) apart so they do not overlap."""
    labels.sort(key=lambda item: item[0])
    for i in range(1, len(labels)):
        labels[i][0] = max(labels[i][0], labels[i - 1][0] + min_gap)
    if labels and labels[-1][0] > bottom:
        labels[-1][0] = bottom
        for i in range(len(labels) - 2, -1, -1):
            labels[i][0] = min(labels[i][0], labels[i + 1][0] - min_gap)
    for item in labels:
        item[0] = max(item[0], top)


def pace_chart_svg(card: TargetCard) -> Markup:
    """The pace chart of one target as an inline ``<svg>`` element.

    Actual by month (status colour, dots), the expected pace line (grey dashes), the target
    (navy dashes) and stretch (navy dots) lines, and for cumulative targets the projected year
    end as a hollow diamond at December joined to the latest actual.
    """
    pw, ph = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM
    lo, hi, step = _y_domain(card)

    def x(month: float) -> float:
        return _LEFT + (month - 0.5) * pw / 12

    def y(value: float) -> float:
        return _TOP + ph - (value - lo) / (hi - lo) * ph

    color = card.style.color
    unit = card.unit
    out: list[str] = [
        f'<svg class="pace-chart" viewBox="0 0 {_W} {_H}" width="100%" role="img" '
        f'aria-labelledby="chart-title-{_t(card.code)}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title-{_t(card.code)}">{_t(card.name_zh)}（{_t(unit)}）进度图</title>',
    ]
    # Grid and y ticks
    n_ticks = round((hi - lo) / step)
    for i in range(n_ticks + 1):
        v = lo + i * step
        yy = y(v)
        stroke = "#b8c0c8" if abs(v) < step * 1e-6 else _GRID
        out.append(
            f'<path class="grid" d="M{_LEFT} {yy:.1f}H{_LEFT + pw}" stroke="{stroke}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{_LEFT - 6}" y="{yy + 3.5:.1f}" text-anchor="end" font-size="12" fill="{_MUTED}">'
            f"{_t(format_number(v))}</text>"
        )
    out.append(f'<text x="6" y="14" font-size="12" fill="{_MUTED}">单位：{_t(unit)}</text>')
    # X axis: months
    out.append(
        f'<path class="axis" d="M{_LEFT} {_TOP + ph}H{_LEFT + pw}" stroke="#9aa5b1" stroke-width="1"/>'
    )
    for m in range(1, 13):
        out.append(
            f'<text x="{x(m):.1f}" y="{_TOP + ph + 16}" text-anchor="middle" font-size="11" fill="{_MUTED}">{m}月</text>'
        )
    if card.period is not None:
        px = x(card.period.month)
        out.append(
            f'<path class="asof" d="M{px:.1f} {_TOP}V{_TOP + ph}" stroke="#c9d1d9" stroke-width="1" stroke-dasharray="2 3"/>'
        )

    labels: list[list[Any]] = []  # [y, text, colour] in the right margin
    # Target and stretch lines
    flat_expected = bool(card.expected_series) and all(
        card.target is not None and abs(v - card.target) < 1e-9 for _, v in card.expected_series
    )
    if card.target is not None:
        ty = y(card.target)
        out.append(
            f'<path class="target" d="M{_LEFT} {ty:.1f}H{_LEFT + pw}" stroke="{_TARGET}" stroke-width="1.5" stroke-dasharray="7 4"/>'
        )
        labels.append([ty, f"目标 {format_number(card.target)}", _TARGET])
    if card.stretch is not None:
        sy = y(card.stretch)
        out.append(
            f'<path class="stretch" d="M{_LEFT} {sy:.1f}H{_LEFT + pw}" stroke="{_TARGET}" stroke-width="1.2" stroke-dasharray="2 3" opacity="0.75"/>'
        )
        labels.append([sy, f"力争 {format_number(card.stretch)}", _TARGET])
    # Expected pace line
    if card.expected_series and not flat_expected:
        pts = " ".join(f"{x(m):.1f},{y(v):.1f}" for m, v in card.expected_series)
        out.append(
            f'<polyline class="expected" points="{pts}" fill="none" stroke="{_PACE}" stroke-width="1.6" stroke-dasharray="5 3"/>'
        )
    # Projection (cumulative): from the latest actual to December
    if card.projected_year_end is not None and card.actual_series and card.is_cumulative:
        last_m, last_v = card.actual_series[-1]
        jx, jy = x(12), y(card.projected_year_end)
        if last_m < 12:
            out.append(
                f'<path class="projection" d="M{x(last_m):.1f} {y(last_v):.1f}L{jx:.1f} {jy:.1f}" '
                f'stroke="{color}" stroke-width="1.5" stroke-dasharray="3 3" fill="none" opacity="0.8"/>'
            )
        out.append(
            f'<path class="projection-marker" d="M{jx:.1f} {jy - 6:.1f}l6 6l-6 6l-6 -6z" fill="#fff" stroke="{color}" stroke-width="2"/>'
        )
        labels.append([jy, f"预计 {format_number(card.projected_year_end)}", color])
    # Actual
    if card.actual_series:
        pts = " ".join(f"{x(m):.1f},{y(v):.1f}" for m, v in card.actual_series)
        out.append(
            f'<polyline class="actual" points="{pts}" fill="none" stroke="{color}" stroke-width="2.6" '
            f'stroke-linejoin="round" stroke-linecap="round"/>'
        )
        for m, v in card.actual_series:
            out.append(
                f'<circle cx="{x(m):.1f}" cy="{y(v):.1f}" r="3.2" fill="{color}" stroke="#fff" stroke-width="1">'
                f"<title>{m}月：{_t(format_number(v))} {_t(unit)}</title></circle>"
            )
    else:
        note = "年底评估" if card.method == "annual" else "暂无数据"
        out.append(
            f'<text x="{_LEFT + pw / 2:.1f}" y="{_TOP + ph / 2:.1f}" text-anchor="middle" font-size="15" fill="{_MUTED}">{note}</text>'
        )
    _spread(labels, 14, _TOP + 4, _TOP + ph)
    for ly, text, fill in labels:
        out.append(
            f'<text x="{_LEFT + pw + 8}" y="{ly + 4:.1f}" font-size="12" fill="{fill}">{_t(text)}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))
