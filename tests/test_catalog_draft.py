"""`bijie-etl catalog draft`: a year's catalog drafted from the report text (issue #17)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from bijie_etl.catalog import Catalog, load_catalog, load_catalog_from_settings
from bijie_etl.catalog.completeness import load_exclusions, uncovered_numbers
from bijie_etl.catalog.draft import Draft, DraftRules, draft_catalog, load_rules
from bijie_etl.catalog.draft_review import score_against
from bijie_etl.cli import app
from bijie_etl.settings import load_settings
from bijie_etl.units import UnitRegistry, load_units

runner = CliRunner()
SETTINGS = load_settings()


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog_from_settings(SETTINGS)


@pytest.fixture(scope="module")
def report() -> str:
    return SETTINGS.report_path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def units() -> UnitRegistry:
    return load_units(SETTINGS.schemas_dir / "units.yaml")


@pytest.fixture(scope="module")
def rules() -> DraftRules:
    return load_rules(SETTINGS.sources_dir / "catalog_draft.yaml")


def _draft(
    text: str, year: int, units: UnitRegistry, rules: DraftRules, previous: Catalog | None = None
) -> Draft:
    return draft_catalog(text, year, units=units, rules=rules, previous=previous)


def test_2024_report_reproduces_the_hand_catalog(
    catalog: Catalog, report: str, units: UnitRegistry, rules: DraftRules
) -> None:
    """Without --previous, ≥95% of the hand catalog's numeric targets come back with value, unit, comparator, stretch and direction, and ≤10% of proposals are unaccounted for."""
    draft = _draft(report, 2024, units, rules)
    score = score_against(
        draft, catalog, load_exclusions(SETTINGS.schemas_dir / "exclusions_2024.yaml"), report
    )
    print(
        f"\nreproduced {score.reproduced}/{score.numeric_targets} = {score.reproduced_share:.1%}; "
        f"proposals neither in the catalog nor in the exclusions {score.extra}/{score.proposals} = {score.extra_share:.1%}"
    )
    assert score.reproduced_share >= 0.95, score.mismatches
    assert score.extra_share <= 0.10, score.extras


def test_previous_catalog_keeps_code_and_department(
    catalog: Catalog, report: str, units: UnitRegistry, rules: DraftRules
) -> None:
    """With --previous schemas/targets_2024.yaml, ≥98% of the numeric targets keep their code and department."""
    draft = _draft(report, 2024, units, rules, previous=catalog)
    score = score_against(
        draft, catalog, load_exclusions(SETTINGS.schemas_dir / "exclusions_2024.yaml"), report
    )
    share = score.kept_code_and_department / score.numeric_targets
    print(
        f"\nkept code and department {score.kept_code_and_department}/{score.numeric_targets} = {share:.1%}"
    )
    assert share >= 0.98
    # Targets without a number whose clause recurs are carried too, so nothing is dropped.
    assert {p.code for p in draft.proposals} == {t.code for t in catalog.targets}
    assert draft.dropped == []


def test_cli_draft_loads_and_accounts_for_every_number(
    tmp_path: Path, report: str, units: UnitRegistry
) -> None:
    """The CLI writes a draft that the catalog loader accepts and whose targets and exclusions cover every number of the part."""
    out = tmp_path / "draft"
    result = runner.invoke(
        app, ["catalog", "draft", str(SETTINGS.report_path), "--year", "2024", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "草稿已通过目录校验" in result.output
    drafted = load_catalog(
        out / "targets_2024.yaml",
        departments_path=SETTINGS.departments_path,
        counties_path=SETTINGS.sources_dir / "counties.yaml",
        units_path=SETTINGS.schemas_dir / "units.yaml",
        report_path=SETTINGS.report_path,
    )
    exclusions = load_exclusions(out / "exclusions_2024.yaml")
    assert uncovered_numbers(report, drafted, exclusions) == []
    raw = yaml.safe_load((out / "targets_2024.yaml").read_text(encoding="utf-8"))
    assert all("草稿置信度" in t["notes"] for t in raw["targets"])
    assert "新增目标 (new)" in (out / "review_2024.md").read_text(encoding="utf-8")


# A report of another city and year, phrased differently from Bijie's 2024 report.
OTHER_CITY = """各位代表：

一、2025年工作回顾

过去一年，全市地区生产总值增长5.2%，粮食产量达到120万吨。

二、2026年经济社会发展主要目标和重点工作

2026年是“十五五”规划开局之年。

今年经济社会发展的主要预期目标是：全市地区生产总值增长5.5%左右；城镇调查失业率控制在5.5%以内；单位地区生产总值能耗下降2.5%；粮食总产量稳定在125万吨以上。

（一）做强实体经济。规模以上工业增加值增速不低于7%，新培育专精特新企业15家、争取达到20家。工业投资占固定资产投资比重提高至35%。实施第3批老旧小区改造。工业经济总量位居全省第2名。

（二）增进民生福祉。新开工5000万元以上项目30个。新建公办幼儿园12所，改造城市燃气管道300公里、力争突破350公里；县级医院床位数达到4500张；新增城镇就业岗位4.5万个以上。去年新增就业岗位4.2万个。PM2.5平均浓度控制在28微克/立方米以下。

办好十件民生实事：（1）新增托位800个；（2）为60岁以上老年人免费体检8万人次；（3）建设110千伏变电站3座。

三、加强政府自身建设

全年压减一般性支出5%。
"""


def test_other_city_report_with_other_phrasing(units: UnitRegistry, rules: DraftRules) -> None:
    """An unseen report: targets, stretch goals, comparators and directions are read, non-targets excluded with reasons, part 三 ignored."""
    draft = _draft(OTHER_CITY, 2026, units, rules)
    got = {
        (f["name_zh"], f["target"], f.get("stretch"), f["unit"], f["comparator"], f["direction"], f["kind"])
        for f in draft.entries()
    }
    assert got == {
        ("地区生产总值增速", 5.5, None, "%", "approx", "higher_is_better", "growth_rate"),
        ("城镇调查失业率", 5.5, None, "%", "at_most", "lower_is_better", "share"),
        ("单位地区生产总值能耗降幅", 2.5, None, "%", "exactly", "lower_is_better", "growth_rate"),
        ("粮食总产量", 125, None, "万吨", "at_least", "higher_is_better", "cumulative"),
        ("规模以上工业增加值增速", 7, None, "%", "at_least", "higher_is_better", "growth_rate"),
        ("新培育专精特新企业", 15, 20, "家", "at_least", "higher_is_better", "count"),
        ("工业投资占固定资产投资比重", 35, None, "%", "exactly", "higher_is_better", "share"),
        ("新开工5000万元以上项目", 30, None, "个", "exactly", "higher_is_better", "count"),
        ("新建公办幼儿园", 12, None, "所", "exactly", "higher_is_better", "count"),
        ("改造城市燃气管道", 300, 350, "公里", "at_least", "higher_is_better", "cumulative"),
        ("县级医院床位数", 4500, None, "张", "at_least", "higher_is_better", "count"),
        ("新增城镇就业岗位", 4.5, None, "万个", "at_least", "higher_is_better", "cumulative"),
        ("新增托位", 800, None, "个", "exactly", "higher_is_better", "count"),
        ("60岁以上老年人免费体检", 8, None, "万人次", "exactly", "higher_is_better", "cumulative"),
        ("建设110千伏变电站", 3, None, "座", "exactly", "higher_is_better", "count"),
    }
    reasons = {e.text: e.reason for e in draft.exclusions}
    assert any("ordinal" in r for t, r in reasons.items() if "第3批" in t)
    assert any("ranking" in r for t, r in reasons.items() if "第2名" in t)
    assert any("past result" in r for t, r in reasons.items() if "4.2万个" in t)
    assert any("age" in r for t, r in reasons.items() if "60岁" in t)
    assert any("voltage" in r for t, r in reasons.items() if "110千伏" in t)
    assert any("threshold" in r for t, r in reasons.items() if "5000万元" in t)
    assert not any("5%" in e.text for e in draft.exclusions)  # part 三 is not read
    assert any("28微克/立方米" in u for u in draft.unread)  # a unit nobody taught it: shown, not guessed
    depts = {f["name_zh"]: f["department"] for f in draft.entries()}
    assert depts["单位地区生产总值能耗降幅"] == "drc"
    assert depts["城镇调查失业率"] == "hrss"
    assert depts["新建公办幼儿园"] == "education"


def test_heading_named_by_the_user(units: UnitRegistry, rules: DraftRules) -> None:
    """--heading picks the part to read when the report has no recognisable heading, and a missing one is a clear error."""
    text = "前言\n\n今年工作安排\n\n全年新建公园8个。\n"
    draft = draft_catalog(text, 2027, units=units, rules=rules, heading="今年工作安排")
    assert [(f["name_zh"], f["target"], f["unit"]) for f in draft.entries()] == [("新建公园", 8, "个")]
    from bijie_etl.errors import CatalogError

    with pytest.raises(CatalogError, match="--heading"):
        draft_catalog(text, 2027, units=units, rules=rules)
    # Without the year in the heading, the targets paragraph (主要预期目标) opens the part.
    other = "二、今年主要工作\n\n主要预期目标是：地区生产总值增长6%左右。\n\n三、自身建设\n\n减少会议10%。\n"
    drafted = draft_catalog(other, 2027, units=units, rules=rules)
    assert [(f["name_zh"], f["target"], f["section"]) for f in drafted.entries()] == [
        ("地区生产总值增速", 6, "主要预期目标")
    ]


def test_next_year_review_lists_new_changed_and_dropped(
    catalog: Catalog, report: str, units: UnitRegistry, rules: DraftRules
) -> None:
    """A report with a value changed, a target removed and one added: the recurring one keeps its code, the review says what changed."""
    text = (
        report.replace("2024年", "2025年")
        .replace("完成煤炭产量7300万吨、力争达7500万吨", "完成煤炭产量7600万吨、力争达7800万吨")
        .replace("，建成充电桩750个。", "。")
        .replace("完成民生领域投资35亿元。", "完成民生领域投资35亿元。新建城市公园12个。")
    )
    draft = _draft(text, 2025, units, rules, previous=catalog)
    by_code = {p.code: p for p in draft.proposals}
    coal = by_code["coal_output"]
    assert (coal.fields["target"], coal.fields["stretch"], coal.fields["department"]) == (
        7600,
        7800,
        "energy",
    )
    assert coal.changes == ["target: 7300 → 7600", "stretch: 7500 → 7800"]
    assert [t.code for t in draft.dropped] == ["charging_piles"]
    new = [p for p in draft.proposals if p.previous is None]
    assert [(p.fields["name_zh"], p.fields["target"], p.code) for p in new] == [
        ("新建城市公园", 12, "new_2025_001")
    ]
