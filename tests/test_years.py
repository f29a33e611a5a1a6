"""Years side by side: which year a date works on, codes that keep their meaning, what carries over."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from bijie_etl.catalog import Catalog, Kind, PaceMethod, load_catalog_from_settings
from bijie_etl.catalog.years import CatalogYears, carry_over, catalog_years_in
from bijie_etl.errors import CatalogError
from bijie_etl.settings import load_settings


@pytest.fixture(scope="module")
def catalog_2024() -> Catalog:
    return load_catalog_from_settings(load_settings(year=2024))


def _as_year(catalog: Catalog, year: int, **changes: object) -> Catalog:
    targets = tuple(t.model_copy(update=dict(changes)) if changes else t for t in catalog.targets)
    return Catalog(
        year=year,
        targets=targets,
        departments=catalog.departments,
        counties=catalog.counties,
        units=catalog.units,
    )


def test_catalog_years_are_found_by_file_name(tmp_path: Path) -> None:
    """Only files named targets_<year>.yaml count as catalog years."""
    for name in ("targets_2024.yaml", "targets_2025.yaml", "targets_draft.yaml", "exclusions_2026.yaml"):
        (tmp_path / name).write_text("", encoding="utf-8")
    assert catalog_years_in(tmp_path) == [2024, 2025]


def test_the_year_of_a_date_and_the_closing_months(catalog_2024: Catalog) -> None:
    """A date works on its own catalogued year (else the latest earlier); January and February also close the previous year."""
    years = CatalogYears({2024: catalog_2024, 2025: _as_year(catalog_2024, 2025)})
    assert years.year_for(date(2024, 11, 15)) == 2024
    assert years.year_for(date(2025, 1, 15)) == 2025
    assert years.year_for(date(2026, 6, 1)) == 2025  # no 2026 catalog yet
    assert years.year_for(date(2023, 6, 1)) == 2024
    assert years.active_years(date(2025, 1, 15)) == [2024, 2025]
    assert years.active_years(date(2025, 2, 28)) == [2024, 2025]
    assert years.active_years(date(2025, 3, 1)) == [2025]
    assert years.active_years(date(2024, 2, 1)) == [2024]  # no 2023 catalog
    with pytest.raises(CatalogError, match="2030"):
        years[2030]


def test_a_code_keeps_its_kind_across_years(catalog_2024: Catalog) -> None:
    """A code that changes kind between years is refused: it would be another indicator under the same code."""
    changed = tuple(
        t.model_copy(update={"kind": Kind.SHARE, "pace": PaceMethod.THRESHOLD})
        if t.code == "coal_output"
        else t
        for t in catalog_2024.targets
    )
    bad = Catalog(
        year=2025,
        targets=changed,
        departments=catalog_2024.departments,
        counties=catalog_2024.counties,
        units=catalog_2024.units,
    )
    with pytest.raises(CatalogError, match="coal_output"):
        CatalogYears({2024: catalog_2024, 2025: bad})


def test_ingest_catalog_accepts_every_year_and_the_latest_definition(catalog_2024: Catalog) -> None:
    """The ingest catalog knows codes of both years (one dropped in 2025 too) and every catalogued year."""
    later = Catalog(
        year=2025,
        targets=tuple(t for t in catalog_2024.targets if t.code != "charging_piles"),
        departments=catalog_2024.departments,
        counties=catalog_2024.counties,
        units=catalog_2024.units,
    )
    merged = CatalogYears({2024: catalog_2024, 2025: later}).for_ingest()
    assert merged.years == (2024, 2025)
    assert merged.get("charging_piles") is not None
    assert len(merged) == len(catalog_2024)


def _observations(
    con: duckdb.DuckDBPyConnection, rows: list[tuple[str, date, float | None, float | None, float | None]]
) -> None:
    """The warehouse's ``observations`` with ``rows`` current and, for each, an older superseded version."""
    con.execute(
        "CREATE TABLE observations (indicator_code VARCHAR, county VARCHAR, period DATE, "
        "value_ytd DOUBLE, growth_pct DOUBLE, value DOUBLE, unit VARCHAR, source_file VARCHAR, cell VARCHAR, "
        "superseded_at TIMESTAMP)"
    )
    for code, period, ytd, growth, level in rows:
        unit = "万吨" if ytd is not None else "%"
        con.execute(
            "INSERT INTO observations VALUES (?, '全市', ?, ?, ?, ?, ?, 'f.xlsx', 'G5', NULL)",
            [code, period, ytd, growth, level, unit],
        )
        con.execute(  # an earlier version of the same cell, replaced since: never carried over
            "INSERT INTO observations VALUES (?, '全市', ?, ?, ?, ?, ?, 'old.xlsx', 'G5', TIMESTAMP '2024-01-01')",
            [code, period, None if ytd is None else ytd + 1, None if growth is None else growth + 1,
             None if level is None else level + 1, unit],
        )  # fmt: skip


def test_baselines_and_profiles_carry_over_from_last_december(catalog_2024: Catalog) -> None:
    """Last year's December actual becomes the baseline with its source, and its monthly year to date the profile."""
    con = duckdb.connect()
    coal = [("coal_output", date(2024, m, 1), 600.0 * m, None, None) for m in range(1, 13)]
    _observations(
        con,
        [
            *coal,
            ("gdp_growth", date(2024, 12, 1), None, 5.8, None),
            ("gdp_growth", date(2024, 11, 1), None, 5.1, None),
        ],
    )
    next_year = _as_year(catalog_2024, 2025)
    next_year = Catalog(
        year=2025,
        targets=tuple(
            t.model_copy(update={"baseline": None, "baseline_source": None}) for t in next_year.targets
        ),
        departments=next_year.departments,
        counties=next_year.counties,
        units=next_year.units,
    )
    carried = carry_over(next_year, con)
    coal_2025, gdp_2025 = carried.get("coal_output"), carried.get("gdp_growth")
    assert coal_2025 is not None
    assert gdp_2025 is not None
    assert (coal_2025.baseline, gdp_2025.baseline) == (7200.0, 5.8)
    assert coal_2025.baseline_source == "数据仓库：2024年12月全市1-12月累计（f.xlsx G5）"
    assert coal_2025.profile is not None
    assert coal_2025.profile[5] == pytest.approx(0.5)
    assert coal_2025.profile_source == "last_year"
    # A target with no December value keeps what it had.
    assert carried.get("power_generation") == next_year.get("power_generation")
