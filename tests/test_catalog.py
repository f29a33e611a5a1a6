"""The 2024 target catalog: the real data loads and says what the report says; bad catalogs are refused precisely."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from bijie_etl.catalog import Catalog, load_catalog, load_catalog_from_settings
from bijie_etl.catalog.listing import CSV_COLUMNS, UnknownDepartment, format_targets, summarize
from bijie_etl.errors import CatalogError
from bijie_etl.settings import load_settings
from bijie_etl.text import normalize_name

SETTINGS = load_settings()
REPORT = SETTINGS.report_path


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog_from_settings(SETTINGS)


# --------------------------------------------------------------------------------------------
# The real catalog


def test_real_catalog_loads_with_every_target(catalog: Catalog) -> None:
    """The 2024 catalog loads, checked against the report, with at least 140 targets."""
    assert catalog.year == 2024
    assert len(catalog) >= 140


def test_every_target_department_exists(catalog: Catalog) -> None:
    """Each target's department is a department of sources/departments.yaml."""
    codes = {d.code for d in catalog.departments}
    assert sorted({t.department for t in catalog} - codes) == []


def test_departments_resolve_by_any_name(catalog: Catalog) -> None:
    """A department is found by its code, Chinese name, inbox folder and aliases, and has an example.org contact."""
    energy = catalog.department("energy")
    assert energy is not None
    assert [catalog.department(n) for n in ("市能源局", "能源局", "毕节市能源局")] == [energy] * 3
    assert all(c.endswith("@example.org") for d in catalog.departments for c in d.contacts)
    assert all(d.contacts for d in catalog.departments)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (
            "coal_output",
            ("万吨", 7300.0, 7500.0, "at_least", "higher_is_better", "cumulative", "cumulative", 6470.0),
        ),
        ("gdp_growth", ("%", 6.0, None, "approx", "higher_is_better", "growth_rate", "growth", None)),
        (
            "new_urban_jobs",
            ("万人", 6.8, None, "at_least", "higher_is_better", "cumulative", "cumulative", 6.82),
        ),
        (
            "new_5g_base_stations",
            ("个", 4000.0, None, "exactly", "higher_is_better", "count", "cumulative", None),
        ),
        (
            "cervical_cancer_screening",
            ("万人", 5.0, None, "exactly", "higher_is_better", "cumulative", "cumulative", None),
        ),
        ("logistics_cost_ratio", ("%", 16.0, None, "approx", "lower_is_better", "share", "annual", None)),
        ("urbanization_rate", ("%", 46.5, None, "approx", "higher_is_better", "level", "trajectory", 45.0)),
        (
            "coalbed_methane_output",
            ("万立方米", 2600.0, 3000.0, "at_least", "higher_is_better", "cumulative", "cumulative", None),
        ),
        (
            "air_quality_good_rate_central_city",
            ("%", 97.0, None, "at_least", "higher_is_better", "share", "threshold", None),
        ),
        (
            "average_schooling_years",
            ("年", 8.6, None, "exactly", "higher_is_better", "level", "trajectory", 8.26),
        ),
        (
            "resident_pension_level",
            ("元/月", 159.0, None, "exactly", "higher_is_better", "level", "annual", None),
        ),
        (
            "tobacco_leaf_purchase",
            ("万担", 123.0, None, "at_least", "higher_is_better", "cumulative", "cumulative", None),
        ),
        ("cpi_growth", ("%", None, None, "at_most", "lower_is_better", "growth_rate", "annual", None)),
    ],
)
def test_spot_check_values_against_the_report(catalog: Catalog, code: str, expected: tuple[Any, ...]) -> None:
    """Unit, target, stretch, comparator, direction, kind, pace and baseline match the report for key targets."""
    t = catalog.get(code)
    assert t is not None
    assert (
        t.unit,
        t.target,
        t.stretch,
        t.comparator,
        t.direction,
        t.kind,
        t.pace,
        t.baseline_2023,
    ) == expected


def test_one_entry_per_number_of_a_shared_sentence(catalog: Catalog) -> None:
    """一产、二产、三产 and 畜禽粪污/秸秆/农膜 each get their own entry, sharing the sentence as clause."""
    rows = [
        (t.code, t.target) for t in catalog if t.clause == "一产、二产、三产增加值分别增长4%、7.5%、6.2%左右"
    ]
    assert rows == [
        ("primary_industry_growth", 4.0),
        ("secondary_industry_growth", 7.5),
        ("tertiary_industry_growth", 6.2),
    ]
    rows = [(t.code, t.target) for t in catalog if t.clause.startswith("畜禽粪污资源化利用率")]
    assert rows == [
        ("livestock_manure_utilization", 80.0),
        ("straw_utilization", 85.0),
        ("plastic_film_recovery", 85.0),
    ]


def test_aliases_find_their_targets(catalog: Catalog) -> None:
    """The names departments use (原煤产量, 规模以上工业增加值, 社零总额 …) find the right target."""
    found = [
        (n, getattr(catalog.find(n), "code", None))
        for n in ("原煤产量", "规模以上工业增加值", "社零总额", "发电量", "城镇化率", "coal_output")
    ]
    assert found == [
        ("原煤产量", "coal_output"),
        ("规模以上工业增加值", "industrial_value_added_growth"),
        ("社零总额", "retail_sales_growth"),
        ("发电量", "power_generation"),
        ("城镇化率", "urbanization_rate"),
        ("coal_output", "coal_output"),
    ]


def test_targets_without_a_number_are_listed_for_annual_review(catalog: Catalog) -> None:
    """CPI, 节能减排, 粮食任务 and “3+1” are in the catalog with no number and pace annual."""
    no_number = {t.code: t.pace for t in catalog if t.target is None}
    for code in (
        "cpi_growth",
        "energy_saving_emission_reduction",
        "grain_sown_area",
        "grain_output",
        "poverty_3plus1_gaps",
    ):
        assert no_number.get(code) == "annual", code


def test_seasonal_profiles_are_cumulative_shares(catalog: Catalog) -> None:
    """Tobacco purchasing has no share before July and the full year by December."""
    tobacco = catalog.get("tobacco_leaf_purchase")
    assert tobacco is not None
    assert tobacco.profile is not None
    assert (tobacco.profile[5], tobacco.profile[-1]) == (0.0, 1.0)


# --------------------------------------------------------------------------------------------
# Output formats


def test_csv_has_exactly_the_contract_columns(catalog: Catalog) -> None:
    """The CSV header is the contract's 15 columns in order, with one row per target."""
    rows = list(csv.reader(io.StringIO(format_targets(catalog, "csv"))))
    assert tuple(rows[0]) == (
        "code",
        "name_zh",
        "name_en",
        "department",
        "section",
        "unit",
        "target",
        "stretch",
        "comparator",
        "direction",
        "kind",
        "pace",
        "frequency",
        "baseline",
        "clause",
    )
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) - 1 == len(catalog)
    assert all(len(r) == len(CSV_COLUMNS) for r in rows)


def test_csv_rows_carry_report_clauses_and_plain_numbers(catalog: Catalog) -> None:
    """Every CSV row's clause is found verbatim in the report; numbers print without a trailing .0."""
    report = normalize_name(REPORT.read_text(encoding="utf-8"))
    rows = list(csv.DictReader(io.StringIO(format_targets(catalog, "csv"))))
    assert [r["code"] for r in rows if normalize_name(r["clause"]) not in report] == []
    coal = next(r for r in rows if r["code"] == "coal_output")
    assert (coal["target"], coal["stretch"], coal["unit"], coal["baseline"]) == (
        "7300",
        "7500",
        "万吨",
        "6470",
    )


def test_csv_for_one_department(catalog: Catalog) -> None:
    """--department by Chinese name lists only that department's targets, in catalog order."""
    rows = list(csv.DictReader(io.StringIO(format_targets(catalog, "csv", "能源局"))))
    assert [r["code"] for r in rows] == [t.code for t in catalog.targets_of("energy")]
    assert {r["department"] for r in rows} == {"energy"}


def test_unknown_department_is_refused(catalog: Catalog) -> None:
    """An unknown department name raises UnknownDepartment with a Chinese message."""
    with pytest.raises(UnknownDepartment, match="未知部门：气象局"):
        format_targets(catalog, "csv", "气象局")


def test_table_groups_by_department_and_fits_100_columns(catalog: Catalog) -> None:
    """The table has one titled block per department with targets and no line wider than 100 cells."""
    from rich.cells import cell_len

    text = format_targets(catalog, "table")
    assert max(cell_len(line) for line in text.splitlines()) <= 100
    titles = [line.strip() for line in text.splitlines() if "）· " in line]
    expected = [
        f"{d.name_zh}（{d.code}）· {len(catalog.targets_of(d.code))}项"
        for d in catalog.departments
        if catalog.targets_of(d.code)
    ]
    assert titles == expected
    assert "…" not in text  # nothing cut off


def test_json_is_a_list_of_targets(catalog: Catalog) -> None:
    """JSON output is a list of objects, one per target, with the department's Chinese name."""
    items = json.loads(format_targets(catalog, "json", "energy"))
    first = items[0]
    assert (first["code"], first["department"], first["department_name_zh"]) == (
        "coal_mines_trial_operation",
        "energy",
        "市能源局",
    )
    assert len(items) == len(catalog.targets_of("energy"))


# --------------------------------------------------------------------------------------------
# Validation errors: small catalogs in tmp_path, checked against the real report

GOOD = {
    "code": "coal_output",
    "name_zh": "煤炭产量",
    "name_en": "Coal output",
    "aliases": ["原煤产量"],
    "section": "（一）加快建设现代化产业体系",
    "clause": "完成煤炭产量7300万吨、力争达7500万吨",
    "department": "energy",
    "unit": "万吨",
    "target": 7300,
    "stretch": 7500,
    "comparator": "at_least",
    "kind": "cumulative",
    "pace": "cumulative",
}
OTHER = {
    "code": "power_generation",
    "name_zh": "发电量",
    "name_en": "Electricity generated",
    "section": "（一）加快建设现代化产业体系",
    "clause": "发电570亿千瓦时",
    "department": "energy",
    "unit": "亿千瓦时",
    "target": 570,
    "comparator": "exactly",
    "kind": "cumulative",
    "pace": "cumulative",
}


def _load(tmp_path: Path, targets: list[dict[str, Any]]) -> Catalog:
    path = tmp_path / "targets_2024.yaml"
    path.write_text(yaml.safe_dump({"year": 2024, "targets": targets}, allow_unicode=True), encoding="utf-8")
    return load_catalog(
        path,
        departments_path=SETTINGS.departments_path,
        counties_path=SETTINGS.sources_dir / "counties.yaml",
        units_path=SETTINGS.schemas_dir / "units.yaml",
        report_path=REPORT,
    )


def _error(tmp_path: Path, targets: list[dict[str, Any]]) -> tuple[str | None, str | None, str]:
    with pytest.raises(CatalogError) as caught:
        _load(tmp_path, targets)
    return caught.value.entry, caught.value.field, caught.value.message


def test_small_good_catalog_loads(tmp_path: Path) -> None:
    """The two-entry catalog the error tests start from is itself valid."""
    assert [t.code for t in _load(tmp_path, [GOOD, OTHER])] == ["coal_output", "power_generation"]


def test_same_files_parse_once_and_an_edit_is_seen(tmp_path: Path) -> None:
    """Loading unchanged files again gives the parsed catalog back; an edit of the same size is read anew."""
    first = _load(tmp_path, [GOOD, OTHER])
    assert _load(tmp_path, [GOOD, OTHER]) is first
    edited = _load(tmp_path, [GOOD, {**OTHER, "target": 571}])  # 570 -> 571: same byte size
    assert edited is not first
    assert edited.get("power_generation").target == 571
    assert first.get("power_generation").target == 570


def test_duplicate_code_is_refused(tmp_path: Path) -> None:
    """Two entries with one code fail on the second, naming the code field."""
    dup = {**OTHER, "code": "coal_output"}
    assert _error(tmp_path, [GOOD, dup]) == ("coal_output", "code", "duplicate code")


def test_duplicate_alias_is_refused(tmp_path: Path) -> None:
    """An alias already used by another target fails, naming both targets."""
    clash = {**OTHER, "aliases": ["全市发电量", "原煤 产量"]}
    assert _error(tmp_path, [GOOD, clash]) == (
        "power_generation",
        "aliases",
        "name '原煤 产量' is already used by 'coal_output'",
    )


def test_alias_equal_to_another_name_is_refused(tmp_path: Path) -> None:
    """An alias equal to another target's Chinese name is a duplicate too."""
    clash = {**OTHER, "aliases": ["煤炭产量"]}
    assert _error(tmp_path, [GOOD, clash]) == (
        "power_generation",
        "aliases",
        "name '煤炭产量' is already used by 'coal_output'",
    )


def test_unknown_unit_is_refused(tmp_path: Path) -> None:
    """A unit missing from schemas/units.yaml fails, naming the unit field."""
    assert _error(tmp_path, [{**GOOD, "unit": "万斤"}]) == (
        "coal_output",
        "unit",
        "unknown unit '万斤' (add it to schemas/units.yaml)",
    )


def test_unknown_department_is_refused_on_load(tmp_path: Path) -> None:
    """A department missing from sources/departments.yaml fails, naming the department field."""
    assert _error(tmp_path, [{**GOOD, "department": "coal_bureau"}]) == (
        "coal_output",
        "department",
        "unknown department 'coal_bureau' (see sources/departments.yaml)",
    )


def test_non_numeric_target_is_refused(tmp_path: Path) -> None:
    """A target written with its unit (7300万吨) is not a number."""
    assert _error(tmp_path, [{**GOOD, "target": "7300万吨"}]) == (
        "coal_output",
        "target",
        "Input should be a valid number, unable to parse string as a number",
    )


def test_boolean_target_is_refused(tmp_path: Path) -> None:
    """YAML's yes/true is not quietly read as the number 1."""
    assert _error(tmp_path, [{**GOOD, "target": True}]) == (
        "coal_output",
        "target",
        "Value error, must be a number, not true/false",
    )


def test_stretch_below_target_is_refused(tmp_path: Path) -> None:
    """A 力争 stretch below the target of a higher-is-better target fails on the stretch field."""
    assert _error(tmp_path, [{**GOOD, "stretch": 7000}]) == (
        "coal_output",
        "stretch",
        "stretch 7000 is below target 7300 for a higher-is-better target",
    )


def test_stretch_above_target_of_lower_is_better_is_refused(tmp_path: Path) -> None:
    """For a lower-is-better target the stretch must not be above the target."""
    ratio = {
        **OTHER,
        "code": "logistics_cost_ratio",
        "name_zh": "社会物流总费用与地区生产总值比率",
        "clause": "社会物流总费用与地区生产总值比率下降到16%左右",
        "unit": "%",
        "target": 16,
        "stretch": 17,
        "direction": "lower_is_better",
        "kind": "share",
        "pace": "annual",
    }
    assert _error(tmp_path, [ratio]) == (
        "logistics_cost_ratio",
        "stretch",
        "stretch 17 is above target 16 for a lower-is-better target",
    )


def test_missing_clause_is_refused(tmp_path: Path) -> None:
    """An entry without a clause fails, naming the clause field."""
    entry = {k: v for k, v in GOOD.items() if k != "clause"}
    assert _error(tmp_path, [entry]) == ("coal_output", "clause", "Field required")


def test_clause_not_in_report_is_refused(tmp_path: Path) -> None:
    """A clause that is not verbatim report text (here a wrong figure) fails, quoting it."""
    assert _error(tmp_path, [{**GOOD, "clause": "完成煤炭产量7030万吨"}]) == (
        "coal_output",
        "clause",
        "clause not found verbatim in the report: '完成煤炭产量7030万吨'",
    )


def test_clause_matches_despite_spaces_and_width(tmp_path: Path) -> None:
    """Spaces and full-width characters in a clause do not matter (NFKC, spaces removed)."""
    loaded = _load(tmp_path, [{**GOOD, "clause": "完成煤炭产量 ７３００万吨"}])
    assert loaded.get("coal_output") is not None


def test_number_less_target_must_be_annual(tmp_path: Path) -> None:
    """A target without a number cannot be paced monthly."""
    assert _error(tmp_path, [{**GOOD, "target": None, "stretch": None}]) == (
        "coal_output",
        "pace",
        "a target without a number must use pace: annual",
    )


def test_summary_counts_by_department_kind_and_pace(tmp_path: Path) -> None:
    """The Chinese summary counts targets overall and per department, kind and pace method."""
    jobs = {
        **OTHER,
        "code": "new_urban_jobs",
        "name_zh": "城镇新增就业",
        "clause": "城镇新增就业6.8万人以上",
        "department": "hrss",
        "unit": "万人",
        "target": 6.8,
    }
    cpi = {
        **OTHER,
        "code": "cpi_growth",
        "name_zh": "居民消费价格指数涨幅",
        "clause": "居民消费价格指数",
        "department": "stats",
        "unit": "%",
        "target": None,
        "kind": "growth_rate",
        "pace": "annual",
    }
    small = _load(tmp_path, [GOOD, OTHER, jobs, cpi])
    assert summarize(small).splitlines() == [
        "2024年政府工作报告目标共4项（有数值3项，无数值1项），涉及3个部门。",
        "按部门：市能源局2项、市人力资源社会保障局1项、市统计局1项。",
        "按类型：增速1项、累计量3项。",
        "按进度方法：累计进度3项、年度评估1项。",
    ]


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("中心城区环境空气质量优良天数比例", "air_quality_good_rate_central_city"),
        ("县级以上城市空气质量优良天数比例", "air_quality_good_rate_counties"),
        ("规模以上工业增加值增长", "industrial_value_added_growth"),
        ("一产增加值增长", "primary_industry_growth"),
        ("城镇居民人均可支配收入增长", "urban_disposable_income_growth"),
        ("农村居民人均可支配收入增速", "rural_disposable_income_growth"),
        ("年末常住人口城镇化率", "urbanization_rate"),
        ("社会物流总费用占GDP比重", "logistics_cost_ratio"),
        ("“八大特色产业”综合产值增长", "eight_industries_output_growth"),
        ("主要农作物耕种收综合机械化水平", "farm_mechanization_rate"),
        ("全市外贸进出口总额增长", "foreign_trade_growth"),
    ],
)
def test_department_wordings_find_their_target(catalog: Catalog, typed: str, code: str) -> None:
    """A row label as departments write it (the report's wording, 规模以上/规上, …比例/…率) finds the target (issues #13/#14)."""
    found = catalog.find(typed)
    assert found is not None
    assert found.code == code


@pytest.mark.parametrize(
    "typed",
    [
        "城市居民人均可支配收入",  # 城市 is not the 城镇 survey scope
        "战略性新兴产业增加值占规模以上工业增加值比重",  # a share of industry, not of GDP
        "集中式饮用水水源地水质达标率",  # 达标 is not 优良
        "废旧农膜回收利用率",  # 回收利用 is not 回收
        "城市生活垃圾无害化处理率",  # without 县城 a narrower scope
        "城镇生活垃圾无害化处理率",
        "新能源装机规模",  # a stock, not the year's addition
        "数字经济规模",  # a level, not a share
    ],
)
def test_near_names_of_another_quantity_stay_unknown(catalog: Catalog, typed: str) -> None:
    """A name that could mean a different quantity (scope, level vs share, stock vs addition) is no alias."""
    assert catalog.find(typed) is None


def test_a_deadline_day_every_month_has_is_required(tmp_path: Path) -> None:
    """A department due on the 31st is refused when the catalog loads, naming the department and the field
    (the warehouse keeps days 1-28, so that every month has the day; it used to fail at the catalog sync)."""
    text = SETTINGS.departments_path.read_text(encoding="utf-8")
    departments = tmp_path / "departments.yaml"
    departments.write_text(text.replace("deadline_day: 10", "deadline_day: 31", 1), encoding="utf-8")
    path = tmp_path / "targets_2024.yaml"
    path.write_text(
        yaml.safe_dump({"year": 2024, "targets": [GOOD, OTHER]}, allow_unicode=True), encoding="utf-8"
    )
    with pytest.raises(CatalogError) as caught:
        load_catalog(
            path,
            departments_path=departments,
            counties_path=SETTINGS.sources_dir / "counties.yaml",
            units_path=SETTINGS.schemas_dir / "units.yaml",
        )
    assert (caught.value.entry, caught.value.field) == ("stats", "deadline_day")
