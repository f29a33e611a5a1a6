"""Every number with a unit in part 二 of the report is a catalog target or a listed exclusion."""

from __future__ import annotations

from pathlib import Path

import pytest

from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.catalog.completeness import (
    Exclusion,
    NumberMention,
    load_exclusions,
    part_two,
    scan_numbers,
    uncovered_numbers,
    unmatched_targets,
    unused_exclusions,
)
from bijie_etl.errors import CatalogError
from bijie_etl.settings import load_settings
from bijie_etl.text import normalize_name


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog_from_settings(load_settings(), 2024)


@pytest.fixture(scope="module")
def report() -> str:
    path = load_settings().report_path_for(2024)
    assert path is not None
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def exclusions() -> list[Exclusion]:
    return load_exclusions(load_settings().schemas_dir / "exclusions_2024.yaml")


def _rows(mentions: list[NumberMention]) -> list[tuple[float, str, str]]:
    return [(m.value, m.unit, m.text) for m in mentions]


def _without(catalog: Catalog, code: str) -> Catalog:
    return Catalog(
        year=catalog.year,
        targets=tuple(t for t in catalog.targets if t.code != code),
        departments=catalog.departments,
        counties=catalog.counties,
        units=catalog.units,
    )


def test_every_number_of_part_two_is_accounted_for(
    report: str, catalog: Catalog, exclusions: list[Exclusion]
) -> None:
    """No number with a unit in part 二 is left without a catalog target or an exclusion."""
    assert [str(m) for m in uncovered_numbers(report, catalog, exclusions)] == []


def test_every_numeric_target_is_stated_in_its_clause(report: str, catalog: Catalog) -> None:
    """Each target and stretch value of the catalog is a number of part 二, with its unit, inside its clause."""
    assert [(t.code, v) for t, v in unmatched_targets(report, catalog)] == []


def test_every_exclusion_still_matches_a_number(report: str, exclusions: list[Exclusion]) -> None:
    """No exclusion is stale: each one's text still holds a number with a unit in part 二."""
    assert unused_exclusions(report, exclusions) == []


def test_removing_a_target_reports_exactly_its_number(
    report: str, catalog: Catalog, exclusions: list[Exclusion]
) -> None:
    """Without the 5G entry, the check reports the 4000个 of 新建5G基站 and nothing else."""
    missing = uncovered_numbers(report, _without(catalog, "new_5g_base_stations"), exclusions)
    assert _rows(missing) == [(4000.0, "个", "4000个")]
    assert "5g基站" in missing[0].context


def test_removing_a_target_with_a_stretch_reports_both_numbers(
    report: str, catalog: Catalog, exclusions: list[Exclusion]
) -> None:
    """Without coal_output, both its target 7300万吨 and its stretch 7500万吨 are reported."""
    missing = uncovered_numbers(report, _without(catalog, "coal_output"), exclusions)
    assert _rows(missing) == [(7300.0, "万吨", "7300万吨"), (7500.0, "万吨", "7500万吨")]


def test_a_value_outside_the_clause_is_not_covered(
    report: str, catalog: Catalog, exclusions: list[Exclusion]
) -> None:
    """The 4000个 of 中职学位 is not covered by the 5G entry's 4000 just because the values are equal."""
    missing = uncovered_numbers(report, _without(catalog, "new_vocational_places"), exclusions)
    assert _rows(missing) == [(4000.0, "个", "4000个")]
    assert "中职教育学位" in missing[0].context


def test_a_target_in_the_wrong_unit_does_not_cover_its_number(
    report: str, catalog: Catalog, exclusions: list[Exclusion]
) -> None:
    """A coal_output in 吨 instead of 万吨 leaves 7300万吨 and 7500万吨 uncovered and unmatched."""
    coal = catalog.get("coal_output")
    assert coal is not None
    wrong = Catalog(
        year=catalog.year,
        targets=tuple(
            t.model_copy(update={"unit": "吨"}) if t.code == "coal_output" else t for t in catalog.targets
        ),
        departments=catalog.departments,
        counties=catalog.counties,
        units=catalog.units,
    )
    assert _rows(uncovered_numbers(report, wrong, exclusions)) == [
        (7300.0, "万吨", "7300万吨"),
        (7500.0, "万吨", "7500万吨"),
    ]
    assert [(t.code, v) for t, v in unmatched_targets(report, wrong)] == [
        ("coal_output", 7300.0),
        ("coal_output", 7500.0),
    ]


def test_removing_an_exclusion_reports_its_number(
    report: str, catalog: Catalog, exclusions: list[Exclusion]
) -> None:
    """Without the 220千伏 exclusion the voltage is reported: a target's clause holding it does not excuse it."""
    rest = [e for e in exclusions if e.text != "220千伏"]
    assert _rows(uncovered_numbers(report, catalog, rest)) == [(220.0, "千伏", "220千伏")]


def test_a_new_number_in_the_report_fails_the_check(
    report: str, catalog: Catalog, exclusions: list[Exclusion]
) -> None:
    """A sentence added to part 二 with a new figure is reported until someone catalogues or excludes it."""
    changed = report.replace("完成民生领域投资35亿元。", "完成民生领域投资35亿元。新建停车位1200个。")
    assert _rows(uncovered_numbers(changed, catalog, exclusions)) == [(1200.0, "个", "1200个")]


def test_part_one_numbers_are_not_scanned(report: str) -> None:
    """Part 一's 2023 figures (e.g. 生产煤炭6470万吨) are outside the scanned text."""
    text = part_two(report)
    assert text.startswith(normalize_name("二、2024年主要目标和重点任务"))
    assert "6470万吨" not in text


def test_part_two_requires_its_heading() -> None:
    """A text without the part 二 heading is refused rather than silently scanned whole."""
    with pytest.raises(ValueError, match="二、2024年主要目标和重点任务"):
        part_two("一、2023年工作回顾\n生产煤炭6470万吨。")


def test_scan_reads_ranges_lists_and_skips_codes() -> None:
    """Both ends of 1至2个 and 0-3岁 are found, 5G and G326 are not read as numbers, list items keep their own unit."""
    text = normalize_name(
        "建设G326公路，新建5G基站4000个，每县打造1至2个专科，推进0-3岁试点，分别增长6.5%、8.5%左右。"
    )
    assert [(m.value, m.unit, m.text) for m in scan_numbers(text)] == [
        (4000.0, "个", "4000个"),
        (1.0, "个", "1至2个"),
        (2.0, "个", "1至2个"),
        (0.0, "岁", "0-3岁"),
        (3.0, "岁", "0-3岁"),
        (6.5, "%", "6.5%"),
        (8.5, "%", "8.5%"),
    ]


def test_scan_prefers_the_longest_unit() -> None:
    """亿千瓦时 is read whole, not as 亿 or 千瓦; 159元/月 keeps its per-month unit."""
    text = normalize_name("发电570亿千瓦时，新增装机50万千瓦，待遇提升至159元/月，花费1600元。")
    assert [(m.value, m.unit) for m in scan_numbers(text)] == [
        (570.0, "亿千瓦时"),
        (50.0, "万千瓦"),
        (159.0, "元/月"),
        (1600.0, "元"),
    ]


def test_exclusion_without_reason_is_rejected(tmp_path: Path) -> None:
    """An exclusion must say why the number is not a target."""
    path = tmp_path / "exclusions.yaml"
    path.write_text(
        'exclusions:\n  - {text: "6周岁", reason: "an age limit"}\n  - {text: "220千伏"}\n', encoding="utf-8"
    )
    with pytest.raises(CatalogError) as caught:
        load_exclusions(path)
    assert (caught.value.entry, caught.value.field, caught.value.message) == (
        "#1",
        "reason",
        "each exclusion needs a text and a reason",
    )


@pytest.mark.parametrize("year", load_settings().catalog_years)
def test_every_catalogued_year_accounts_for_its_numbers(year: int) -> None:
    """Each year with a catalog: its report's part holds no number without a target or an exclusion, and no stale exclusion."""
    settings = load_settings()
    report_path = settings.report_path_for(year)
    assert report_path is not None, f"reference/ has no report text for {year}"
    text = report_path.read_text(encoding="utf-8")
    catalog = load_catalog_from_settings(settings, year)
    exclusions = load_exclusions(settings.schemas_dir / f"exclusions_{year}.yaml")
    assert [str(m) for m in uncovered_numbers(text, catalog, exclusions)] == []
    assert unused_exclusions(text, exclusions, year) == []
