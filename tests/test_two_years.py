"""Two years side by side: a 2025 report made from the 2024 text, drafted, loaded and monitored beside 2024."""

from __future__ import annotations

import shutil
from datetime import date

import duckdb
import pytest

from bijie_etl.catalog import Catalog, Frequency, PaceMethod
from bijie_etl.catalog.draft import draft_catalog, load_rules
from bijie_etl.catalog.draft_review import write_draft
from bijie_etl.catalog.years import carry_over, load_catalog_years
from bijie_etl.demo.generate import DemoManifest, generate_demo
from bijie_etl.run import run_nightly
from bijie_etl.settings import PROJECT_ROOT, Settings, load_settings

REPORT_2024 = PROJECT_ROOT / "reference" / "bijie-2024-government-work-report.txt"
#: Departments of the demo files (a few, to stay fast; every file style still appears among them).
DEPARTMENTS = ("energy", "agriculture", "housing", "transport", "education", "health")
CLOSE_2024 = date(2025, 1, 15)  # December 2024 is due on the 10th of January
AS_OF_2025 = date(2025, 5, 15)


def make_2025_report(text_2024: str) -> str:
    """The 2024 report turned into a 2025 one: the years moved on, three values changed, one target removed, one added."""
    text = text_2024.replace("2024年", "2025年").replace("2023年", "2024年")
    for old, new in [
        ("完成煤炭产量7300万吨、力争达7500万吨", "完成煤炭产量7600万吨、力争达7800万吨"),
        ("地区生产总值增长6%左右", "地区生产总值增长5.5%左右"),
        ("发电570亿千瓦时", "发电600亿千瓦时"),
        ("，建成充电桩750个。", "。"),
        ("完成民生领域投资35亿元。", "完成民生领域投资35亿元。新建城市公园12个。"),
    ]:
        assert old in text, old
        text = text.replace(old, new)
    return text


def _subset(catalog: Catalog) -> Catalog:
    return Catalog(
        year=catalog.year,
        targets=tuple(t for t in catalog.targets if t.department in DEPARTMENTS),
        departments=catalog.departments,
        counties=catalog.counties,
        units=catalog.units,
    )


def _expected_statuses(catalog: Catalog, manifest: DemoManifest) -> dict[str, str]:
    """What the demo year means each target to show (as tests/test_demo.py reads it)."""
    behind = {b.code for b in manifest.behind}
    expected = {}
    for t in catalog.targets:
        if t.target is None or t.frequency is Frequency.ANNUAL:
            continue
        if t.department == manifest.late_department and t.frequency is Frequency.MONTHLY:
            expected[t.code] = "late"
        elif t.pace is PaceMethod.ANNUAL:
            expected[t.code] = "not_assessed"
        elif t.code in behind:
            expected[t.code] = "behind"
        else:
            expected[t.code] = "on_track"
    return expected


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("years")
    config = root / "config"
    for name in ("schemas", "sources"):
        shutil.copytree(PROJECT_ROOT / name, config / name)
    (config / "reference").mkdir()
    shutil.copy(REPORT_2024, config / "reference")
    text_2025 = make_2025_report(REPORT_2024.read_text(encoding="utf-8"))
    report_2025 = config / "reference" / "bijie-2025-government-work-report.txt"
    report_2025.write_text(text_2025, encoding="utf-8")
    settings: Settings = load_settings(
        schemas_dir=config / "schemas",
        sources_dir=config / "sources",
        reference_dir=config / "reference",
        warehouse_dir=root / "warehouse",
        inbox_dir=root / "inbox",
    )
    catalog_2024 = load_catalog_years(settings)[2024]

    # January: draft the new year's catalog from its report, against last year's.
    from bijie_etl.units import load_units

    draft = draft_catalog(
        text_2025,
        2025,
        units=load_units(config / "schemas" / "units.yaml"),
        rules=load_rules(config / "sources" / "catalog_draft.yaml"),
        previous=catalog_2024,
    )
    write_draft(
        draft,
        config / "schemas",
        departments_path=settings.departments_path,
        counties_path=config / "sources" / "counties.yaml",
        units_path=config / "schemas" / "units.yaml",
        report_path=report_2025,
    )
    years = load_catalog_years(settings)

    # 2024 closes in January: its whole year of files, assessed as of 15 January 2025.
    generate_demo(
        _subset(catalog_2024), settings.inbox_dir, as_of=CLOSE_2024, manifest_path=root / "m2024.json"
    )
    closing = run_nightly(settings, CLOSE_2024)

    # 2025 runs until May, its demo values built around the baselines the warehouse carried over.
    with duckdb.connect(str(settings.database_path), read_only=True) as con:
        carried_2025 = carry_over(years[2025], con)
    manifest_2025 = generate_demo(
        _subset(carried_2025),
        settings.inbox_dir,
        as_of=AS_OF_2025,
        seed=2025,
        manifest_path=root / "m2025.json",
    )
    later = run_nightly(settings, AS_OF_2025)
    return {
        "settings": settings,
        "draft": draft,
        "years": years,
        "closing": closing,
        "later": later,
        "manifest_2025": manifest_2025,
        "carried_2025": carried_2025,
    }


def test_the_draft_carries_codes_and_reports_what_changed(two_years: dict[str, object]) -> None:
    """The 2025 draft keeps every recurring code, lists the three changed values, the dropped and the new target."""
    from bijie_etl.catalog.draft import Draft

    draft = two_years["draft"]
    assert isinstance(draft, Draft)
    changed = {p.code: p.changes for p in draft.proposals if p.changes}
    assert changed == {
        "gdp_growth": ["target: 6 → 5.5"],
        "coal_output": ["target: 7300 → 7600", "stretch: 7500 → 7800"],
        "power_generation": ["target: 570 → 600"],
    }
    assert [t.code for t in draft.dropped] == ["charging_piles"]
    assert [(p.code, p.fields["target"]) for p in draft.proposals if p.previous is None] == [
        ("new_2025_001", 12)
    ]


def test_both_years_load_and_2025_statuses_tell_the_demo_story(two_years: dict[str, object]) -> None:
    """Both catalogs load side by side; as of 2025-05-15 each 2025 target shows the status its demo data means."""
    settings = two_years["settings"]
    manifest = two_years["manifest_2025"]
    assert isinstance(settings, Settings)
    assert isinstance(manifest, DemoManifest)
    years = two_years["years"]
    assert years.years == (2024, 2025)  # type: ignore[attr-defined]
    expected = _expected_statuses(_subset(years[2025]), manifest)  # type: ignore[index]
    with duckdb.connect(str(settings.database_path), read_only=True) as con:
        got = dict(con.execute("SELECT code, status FROM v_indicator_status WHERE year = 2025").fetchall())
    assert len(got) == len(years[2025])  # type: ignore[index, arg-type]
    mismatched = {
        code: (want, got[code])
        for code, want in expected.items()
        if not (got[code] in ("at_risk", "off_track") if want == "behind" else got[code] == want)
    }
    assert mismatched == {}
    assert got["new_2025_001"] in ("no_data", "not_assessed")  # nobody reports the new target yet


def test_2024_history_stays_queryable_by_year(two_years: dict[str, object]) -> None:
    """After 2025 runs, the 2024 catalog, its final statuses, its alerts and its December values are all still there."""
    settings = two_years["settings"]
    assert isinstance(settings, Settings)
    with duckdb.connect(str(settings.database_path), read_only=True) as con:
        years = con.execute(
            "SELECT year, count(*) FROM catalog_targets GROUP BY year ORDER BY year"
        ).fetchall()
        assert years == [(2024, 157), (2025, 157)]  # one dropped, one added
        closing = con.execute(
            "SELECT as_of, count(*) FROM v_indicator_status WHERE year = 2024 GROUP BY as_of"
        ).fetchall()
        assert closing == [(CLOSE_2024, 157)]  # 2024 was last judged while it closed in January
        assert con.execute(
            "SELECT status FROM v_indicator_status WHERE year = 2024 AND code = 'charging_piles'"
        ).fetchone() == ("on_track",)
        assert (
            con.execute(
                "SELECT count(*) FROM v_observation_current WHERE year = 2024 AND month = 12 AND is_city"
            ).fetchone()[0]
            > 20
        )  # type: ignore[index]
        alert_years = {r[0] for r in con.execute("SELECT DISTINCT year FROM alerts").fetchall()}
        assert alert_years == {2024, 2025}
        states = con.execute("SELECT year, count(*) FROM alert_state GROUP BY year ORDER BY year").fetchall()
        assert [y for y, _ in states] == [2024, 2025]


def test_2025_baselines_are_the_2024_december_values(two_years: dict[str, object]) -> None:
    """Each 2025 target without a catalog baseline takes the 2024 December 全市 value of its measure, with the source."""
    settings = two_years["settings"]
    assert isinstance(settings, Settings)
    with duckdb.connect(str(settings.database_path), read_only=True) as con:
        rows = con.execute(
            """
            SELECT t.code, t.baseline, t.baseline_source,
                   CASE t.value_field WHEN 'value_ytd' THEN o.value_ytd WHEN 'growth_pct' THEN o.growth_pct
                        ELSE o.value END AS december
            FROM catalog_targets AS t
            JOIN v_observation_current AS o
              ON o.indicator_code = t.code AND o.period = DATE '2024-12-01' AND o.is_city
            WHERE t.year = 2025
            """
        ).fetchall()
    assert len(rows) > 20
    for code, baseline, source, december in rows:
        assert baseline == pytest.approx(december), code
        assert source.startswith("数据仓库：2024年12月全市"), (code, source)
    coal = next(r for r in rows if r[0] == "coal_output")
    assert 0.7 * 7300 < coal[1] < 1.2 * 7300  # about what the 2024 demo year produced against its 7300 万吨


def test_the_dashboard_has_a_page_per_year_with_a_year_switch(two_years: dict[str, object]) -> None:
    """The dashboard shows 2025 on its front page and links to each year's own page."""
    settings = two_years["settings"]
    assert isinstance(settings, Settings)
    front = (settings.dashboard_dir / "index.html").read_text(encoding="utf-8")
    assert "毕节市2025年政府工作报告目标监测" in front
    assert 'href="2024/index.html"' in front
    page_2024 = (settings.dashboard_dir / "2024" / "index.html").read_text(encoding="utf-8")
    assert "毕节市2024年政府工作报告目标监测" in page_2024
    assert 'href="../2025/index.html"' in page_2024
