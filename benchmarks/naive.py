"""The naive way: what a typical hand-written pandas/openpyxl script does with the same inbox.

``pandas.read_excel`` (openpyxl engine) per xlsx file, ``pandas.read_csv`` per csv file
(openpyxl cannot open BIFF8 ``.xls``; for those the script uses pandas' calamine engine, which
only flatters the naive side), then a Python loop over every row (find the header, map the
columns, parse numbers, look the indicator up, check unit, period, range and wholeness), and
one ``INSERT`` per accepted row into DuckDB. It reads the same header words as the pipeline
(``sources/headers.yaml``) so that both load the same rows.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from bijie_etl.catalog import CITY, Catalog, Kind
from bijie_etl.ingest.reading import header_key, load_header_spec
from bijie_etl.settings import Settings

__all__ = ["NAIVE_DDL", "load_naive"]

NAIVE_DDL = """
CREATE TABLE IF NOT EXISTS observations (
    file VARCHAR, indicator_code VARCHAR, period DATE, county VARCHAR, unit VARCHAR,
    value_month DOUBLE, value_ytd DOUBLE, value_ytd_prior DOUBLE, growth_pct DOUBLE, value DOUBLE,
    row_number INTEGER
)
"""
_NUMERIC = ("value_month", "value_ytd", "value_ytd_prior", "growth_pct", "value")
_MONTH = re.compile(r"(20\d{2})\D{0,3}1?-?(\d{1,2})月")


def _read(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            return pd.read_csv(path, header=None, dtype=str, encoding="utf-8-sig", keep_default_na=False)
        except UnicodeDecodeError:
            return pd.read_csv(path, header=None, dtype=str, encoding="gb18030", keep_default_na=False)
    engine = "openpyxl" if suffix in (".xlsx", ".xlsm") else "calamine"
    return pd.read_excel(path, header=None, engine=engine, dtype=object)


def _number(value: Any) -> float | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().replace(",", "").rstrip("%")
    if text in ("", "—", "-", "/", "－"):
        return None
    return float(text)


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def load_naive(
    files: list[Path], con: duckdb.DuckDBPyConnection, catalog: Catalog, settings: Settings
) -> int:
    """Read, check and INSERT every row of ``files`` one by one; returns the rows inserted."""
    spec = load_header_spec(settings.sources_dir / "headers.yaml")
    con.execute(NAIVE_DDL)
    inserted = 0
    for path in files:
        frame = _read(path)
        rows = frame.values.tolist()
        # Find the header: the first row with a name/code word.
        header_at, columns = None, {}
        for i, row in enumerate(rows[:12]):
            found = {
                spec.field_of(_text(v)): j for j, v in enumerate(row) if _text(v) and spec.field_of(_text(v))
            }
            if "indicator_name" in found or "indicator_code" in found:
                header_at, columns = i, {f: j for f, j in found.items() if f}
                break
        if header_at is None:
            continue
        title = " ".join(_text(v) for r in rows[:header_at] for v in r)
        start = header_at + 1
        below = [_text(v) for v in rows[start]] if start < len(rows) else []
        if below and not _text(rows[start][columns.get("indicator_name", columns.get("indicator_code", 0))]):
            # Two-row header: 累计 | 上年同期 | 同比增长(%) under a merged group cell.
            group = None
            for j, word in enumerate(below):
                up = _text(rows[header_at][j])
                group = spec.group_of(up) if up else group
                if word:
                    f = group.sub.get(header_key(word)) if group is not None else spec.field_of(word)
                    if f:
                        columns[f] = j
            start += 1
        m = _MONTH.search(title)
        title_period = date(int(m.group(1)), int(m.group(2)), 1) if m else None
        for k, row in enumerate(rows[start:]):
            first = next((_text(v) for v in row if _text(v)), "")
            if not first:
                continue
            if first.startswith(("注", "填报人", "说明")):
                break
            rec: dict[str, Any] = {f: row[j] for f, j in columns.items()}
            target = (
                catalog.get(_text(rec.get("indicator_code"))) if _text(rec.get("indicator_code")) else None
            )
            target = target or catalog.find(_text(rec.get("indicator_name")))
            if target is None:
                continue
            if _text(rec.get("unit")) and catalog.units.get(_text(rec.get("unit"))) is None:
                continue
            raw_period = _text(rec.get("period"))
            period = date(int(raw_period[:4]), int(raw_period[5:7]), 1) if raw_period else title_period
            if period is None or period.year != catalog.year:
                continue
            county = _text(rec.get("county")) or CITY
            try:
                values = {f: _number(rec.get(f)) for f in _NUMERIC}
            except ValueError:
                continue
            if values.get(target.value_field) is None:
                continue
            if any(v is not None and v < 0 for f, v in values.items() if f != "growth_pct"):
                continue
            if target.kind is Kind.COUNT and any(
                v is not None and v != int(v) for f, v in values.items() if f != "growth_pct"
            ):
                continue
            if target.kind is Kind.SHARE and not 0 <= (values["value"] or 0) <= 100:
                continue
            if values["growth_pct"] is not None and not -100 <= values["growth_pct"] <= 500:
                continue
            con.execute(
                "INSERT INTO observations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    path.name,
                    target.code,
                    period,
                    county,
                    target.unit,
                    *(values[f] for f in _NUMERIC),
                    start + k + 1,
                ],
            )
            inserted += 1
    return inserted
