"""The bad rows planted in the demo year (each an extra row, so the good data stays complete),
with what validation should say about each."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from bijie_etl.catalog import CITY, Catalog, Kind, Target
from bijie_etl.demo.series import UNKNOWN_INDICATORS, period_text
from bijie_etl.demo.shapes import Row
from bijie_etl.errors import Code


def as_str(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def planted_indicator(catalog: Catalog, row: Row) -> str | None:
    found = catalog.get(row.indicator_code or "") or catalog.find(row.indicator_name)
    return found.code if found else None


# --------------------------------------------------------------------------------------------
# Planting bad rows


def plant_bad_rows(
    catalog: Catalog,
    files: dict[tuple[str, int], list[Row]],
    styles: dict[str, str],
    by_dept: dict[str, list[Target]],
    as_of: date,
    year: int,
    seed: int,
) -> dict[str, tuple[str, str, str]]:
    """Append the bad rows to chosen files; return tag → (code, field holding the bad value, description).

    Every planted row is an extra row with a (indicator, period, county) of its own, so the
    good rows of the file still load and the pace picture is unchanged. Each goes to a
    different department where possible, in a month before that department's last file.
    """
    rng = random.Random(f"{seed}/plant")
    planted: dict[str, tuple[str, str, str]] = {}
    used: set[str] = set()
    last_month = {code: max(m for c, m in files if c == code) for code, _ in files}

    def host(template_only: bool, want: Any = None) -> tuple[str, int, list[Row]] | None:
        keys = sorted(
            k
            for k in files
            if k[0] not in used
            and (not template_only or styles[k[0]].startswith("template"))
            and (k[1] < last_month[k[0]] or last_month[k[0]] == 1)
            and (want is None or want(k, files[k]))
        )
        if not keys:
            return None
        # Prefer months in the middle of the year, so every bad row is in a file of its own era.
        key = keys[rng.randrange(len(keys))]
        used.add(key[0])
        return key[0], key[1], files[key]

    def city_row(rows: list[Row], fld: str) -> Row | None:
        return next((r for r in rows if r.county == CITY and isinstance(getattr(r, fld), int | float)), None)

    def spare_county(rows: list[Row], indicator: str) -> str:
        taken = {r.county for r in rows if r.indicator_name == indicator}
        for c in catalog.counties:
            if c.name not in taken and c.name != CITY:
                return c.name
        return CITY

    def clone(row: Row, tag: str, **changes: Any) -> Row:
        data = {**row.__dict__, **changes, "tag": tag}
        return Row(**data)

    # 1. Unknown indicator, in a department's own report shape (indicator by name only).
    got = host(False, lambda k, rows: not styles[k[0]].startswith("template")) or host(False)
    if got:
        _, _, rows = got
        name = next(n for n in (*UNKNOWN_INDICATORS, "未列入目标的测试指标") if catalog.find(n) is None)
        model = rows[0]
        rows.append(
            Row(
                indicator_code=None,
                indicator_name=name,
                unit="吨",
                period=model.period,
                county=CITY,
                value_month=120.0,
                value_ytd=860.0,
                value=None,
                decimals=2,
                tag="unknown",
            )
        )
        planted["unknown"] = (Code.UNKNOWN_INDICATOR.value, "indicator_name", f"目录中没有的指标“{name}”")

    # 2. Incompatible unit (e.g. 万千瓦时 for a 万吨 target), on a county row of its own.
    got = host(True, lambda k, rows: city_row(rows, "value_ytd") is not None)
    if got:
        _, _, rows = got
        row = city_row(rows, "value_ytd")
        assert row is not None
        wrong = _incompatible_unit(catalog, row.unit)
        rows.append(clone(row, "unit", unit=wrong, county=spare_county(rows, row.indicator_name)))
        planted["unit"] = (
            Code.UNIT_MISMATCH.value,
            "unit",
            f"计量单位“{wrong}”与目录单位“{row.unit}”不可换算",
        )

    # 3. A text value "暂无" where a number belongs.
    got = host(
        True,
        lambda k, rows: any(isinstance(r.value_ytd or r.growth_pct or r.value, int | float) for r in rows),
    )
    if got:
        _, _, rows = got
        row = next(r for r in rows if r.county == CITY)
        fld = next(
            f for f in ("value_ytd", "growth_pct", "value") if isinstance(getattr(row, f), int | float)
        )
        changes: dict[str, Any] = {
            "county": spare_county(rows, row.indicator_name),
            "value_month": None,
            "value_ytd_prior": None,
            "growth_pct": None,
            fld: "暂无",
        }
        rows.append(clone(row, "text", **changes))
        # headers.yaml lists 暂无 as a missing-value marker, so validation reports the measure as
        # not filled in (VALUE_MISSING) rather than as text (VALUE_NOT_NUMBER).
        planted["text"] = (Code.VALUE_MISSING.value, fld, "考核数值栏填写“暂无”（视为未填报）")

    # 4. A share of 120%.
    share_codes = {t.code for ts in by_dept.values() for t in ts if t.kind is Kind.SHARE}
    got = host(False, lambda k, rows: any(_row_code(catalog, r) in share_codes for r in rows))
    if got:
        _, _, rows = got
        row = next(r for r in rows if _row_code(catalog, r) in share_codes)
        rows.append(clone(row, "share", value=120.0, county=spare_county(rows, row.indicator_name)))
        planted["share"] = (Code.SHARE_OUT_OF_RANGE.value, "value", "比重填报为120%，超出0–100%")

    # 5. A duplicate row (an exact copy of a good row).
    got = host(True)
    if got:
        _, _, rows = got
        row = rows[-1]
        rows.append(clone(row, "dup"))
        planted["dup"] = (Code.DUPLICATE_ROW.value, "indicator_name", "同一指标、统计期、区县重复填报")

    # 6. A period in the future (the month after as_of), in a file with a 统计期 column.
    if as_of.year == year and as_of.month < 12:
        got = host(True, lambda k, rows: city_row(rows, "value_ytd") is not None or bool(rows))
        if got:
            _, _, rows = got
            row = rows[0]
            future = period_text(year, as_of.month + 1)
            rows.append(clone(row, "future", period=future))
            planted["future"] = (
                Code.PERIOD_IN_FUTURE.value,
                "period",
                f"统计期{future}晚于截止日期{as_of.isoformat()}",
            )
    return planted


def _row_code(catalog: Catalog, row: Row) -> str | None:
    found = catalog.get(row.indicator_code or "") or catalog.find(row.indicator_name)
    return found.code if found else None


def _incompatible_unit(catalog: Catalog, unit: str) -> str:
    for candidate in ("万千瓦时", "万吨", "万人", "个", "亿元"):
        if candidate in catalog.units and catalog.units.factor(candidate, unit) is None:
            return candidate
    return next(u for u in catalog.units.names() if catalog.units.factor(u, unit) is None)
