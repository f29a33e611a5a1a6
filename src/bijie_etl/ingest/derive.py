"""Figures a table gives without writing them (issue #13): a year to date summed from its months.

A wide-by-month row (or a row per month) of a cumulative or count target that has every month from
1月 gives, for each month without its own 累计, the exact sum of the months so far (docs/CORPUS.md's
convention agreed with CORPUS). :func:`derive_ytd` works on the records
:func:`bijie_etl.ingest.layouts.normalise` builds (one dict per indicator × county × period).
"""

from __future__ import annotations

from typing import Any

from bijie_etl.ingest.headers import parse_number

__all__ = ["derive_ytd", "differs"]


def derive_ytd(records: dict[tuple[Any, ...], dict[str, Any]], cumulative: tuple[str, ...]) -> None:
    """Wide by month: a cumulative target's 累计 for a month without its own is the last known 累计
    (0 before January, or a 1-2月 / 1-M月 column) plus the months after it, when none is missing."""
    by_series: dict[tuple[Any, Any], dict[int, dict[str, Any]]] = {}
    for (ind, county, period, *again), rec in records.items():
        ym = (
            period if isinstance(period, str) else ""
        )  # YYYY-MM; a period cell left as typed (2024.01) is no month
        if not again and rec["_kind"] in cumulative and len(ym) == 7 and ym[4] == "-" and ym[5:].isdigit():
            by_series.setdefault((ind, county), {})[int(ym[5:])] = rec
    for series in by_series.values():
        total: float | None = 0.0
        cells: list[str] = []
        from_january = True
        for m in range(1, 13):
            found = series.get(m)
            if found is None:
                total = None
                continue
            rec = found
            given = parse_number(rec.get("value_ytd")) if "value_ytd" in rec else None
            if isinstance(given, float):
                total, cells, from_january = given, [str(rec["cell:value_ytd"])], False
                continue
            month = parse_number(rec.get("value_month")) if "value_month" in rec else None
            if total is None or not isinstance(month, float):
                total = None
                continue
            total += month
            cells.append(str(rec["cell:value_month"]))
            rec["value_ytd"] = round(total, 10)
            if len(cells) == 1:
                rec["cell:value_ytd"] = cells[0]
            else:
                rec["cell:value_ytd"] = f"{cells[0]}:{cells[-1]}" if from_january else "+".join(cells)


def differs(first: Any, again: Any) -> bool:
    """Two cells of one figure that say different things (3550.2 and 3560.0; 3550.2 and "3550.2" do not): the
    same row's figure given twice so is kept as a row of its own, which the duplicate rule refuses with the first
    (两个发电量 under 一、全市 and 二、全市: never one of them picked)."""
    try:
        return abs(float(first) - float(again)) > 1e-9 * max(1.0, abs(float(first)))
    except (TypeError, ValueError):
        return str(first).strip() != str(again).strip()
