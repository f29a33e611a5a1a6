"""`bijie-etl catalog draft` on reports it was not built on: other cities, other years, other phrasing.

Each text below is short and invented, written in the style of real reports of other cities and
years (ranges with a unit on each end, grain in 亿斤, 城乡 pairs, bullet lists, 年均 plan goals …).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bijie_etl.catalog.draft import Draft, DraftRules, Proposal, draft_catalog, load_rules
from bijie_etl.cli import app
from bijie_etl.settings import load_settings
from bijie_etl.units import UnitRegistry, load_units

SETTINGS = load_settings()
runner = CliRunner()


@pytest.fixture(scope="module")
def units() -> UnitRegistry:
    return load_units(SETTINGS.schemas_dir / "units.yaml")


@pytest.fixture(scope="module")
def rules() -> DraftRules:
    return load_rules(SETTINGS.sources_dir / "catalog_draft.yaml")


def _report(body: str, year: int = 2026, heading: str = "二、{year}年工作安排") -> str:
    return (
        f"一、{year - 1}年工作回顾\n过去一年，全市经济运行总体平稳。\n"
        f"{heading.format(year=year)}\n{body}\n三、加强政府自身建设\n我们将持续改进作风。\n"
    )


def _draft(body: str, units: UnitRegistry, rules: DraftRules, year: int = 2026, **kw: str) -> Draft:
    return draft_catalog(_report(body, year, **kw), year, units=units, rules=rules)


def _by_name(draft: Draft) -> dict[str, Proposal]:
    return {str(p.fields["name_zh"]): p for p in draft.proposals}


def test_a_range_with_a_unit_on_each_end_is_one_target_with_its_upper_end_as_stretch(
    units: UnitRegistry, rules: DraftRules
) -> None:
    """增长7%-7.5% is one growth target 7% (at least) with 7.5% as its stretch, not a second target named "-"."""
    draft = _draft("主要预期目标是：地区生产总值增长7%-7.5%，城镇新增就业3万人以上。", units, rules)
    gdp = _by_name(draft)["地区生产总值增速"]
    assert (gdp.fields["target"], gdp.fields["stretch"], gdp.fields["comparator"]) == (7, 7.5, "at_least")
    assert len(draft.proposals) == 2
    draft = _draft("主要预期目标是：规上工业增加值增长8%至9%。", units, rules)
    assert [(p.fields["target"], p.fields["stretch"]) for p in draft.proposals] == [(8, 9)]


def test_grain_in_yi_jin_and_totals_in_wan_yi_yuan_are_read_not_left_unread(
    units: UnitRegistry, rules: DraftRules
) -> None:
    """粮食产量 stated in 亿斤 (provincial and national reports) is a target with its unit, not an unread number."""
    draft = _draft("主要预期目标是：粮食产量稳定在210亿斤以上；经济总量突破1.2万亿元。", units, rules)
    found = {(p.fields["target"], p.fields["unit"], p.fields["comparator"]) for p in draft.proposals}
    assert (210, "亿斤", "at_least") in found
    assert (1.2, "万亿元", "at_least") in found
    assert draft.unread == []
    assert units.factor("亿斤", "万吨") == pytest.approx(5.0)


def test_urban_and_rural_pairs_before_fenbie_name_one_indicator_each(
    units: UnitRegistry, rules: DraftRules
) -> None:
    """城乡居民…分别增长 and 城、乡居民…分别增长 name the urban and the rural indicator, not “(2)” or “城居民”."""
    for body in (
        "主要预期目标是：城乡居民人均可支配收入分别增长6.5%、8%。",
        "主要预期目标是：城、乡居民人均可支配收入分别增长6.5%、8%。",
    ):
        draft = _draft(body, units, rules)
        assert [(p.fields["name_zh"], p.fields["target"]) for p in draft.proposals] == [
            ("城镇居民人均可支配收入增速", 6.5),
            ("农村居民人均可支配收入增速", 8),
        ]
        assert all(p.confidence >= 0.8 for p in draft.proposals)


def test_two_counts_joined_by_he_are_named_by_the_nouns_after_them(
    units: UnitRegistry, rules: DraftRules
) -> None:
    """实施12个A工程和5个B工程: 12 is A and 5 is B (the noun after each number names it)."""
    draft = _draft("(三)民生实事。实施12个农村供水保障工程和5个城乡供水一体化工程。", units, rules)
    assert [(p.fields["name_zh"], p.fields["target"]) for p in draft.proposals] == [
        ("农村供水保障工程", 12),
        ("城乡供水一体化工程", 5),
    ]


def test_bullets_and_a_news_style_preamble_do_not_become_part_of_names(
    units: UnitRegistry, rules: DraftRules
) -> None:
    """●经济增长6%左右 is named 经济增速; …的主要预期目标——地区生产总值增长7% is named 地区生产总值增速."""
    draft = _draft(
        "●经济增长6%左右\n●粮食产量继续保持300亿斤以上\n"
        "报告提出今年发展的主要预期目标——地区生产总值增长7%，进出口总额增长5%。",
        units,
        rules,
    )
    assert [p.fields["name_zh"] for p in draft.proposals] == [
        "经济增速",
        "粮食产量",
        "地区生产总值增速",
        "进出口总额增速",
    ]


def test_an_average_annual_growth_keeps_nian_jun_in_its_name_and_asks_for_review(
    units: UnitRegistry, rules: DraftRules
) -> None:
    """年均增长9%左右 is named …年均增速 (not …年增速) and flagged: a plan period's average, maybe not the year's target."""
    draft = _draft("今后五年的主要目标是：全市生产总值年均增长9%左右，研发投入强度达2%。", units, rules)
    gdp = _by_name(draft)["生产总值年均增速"]
    assert (gdp.fields["target"], gdp.fields["comparator"], gdp.fields["kind"]) == (
        9,
        "approx",
        "growth_rate",
    )
    assert any("年均" in r for r in gdp.review)
    assert gdp.confidence < 0.8


def test_a_growth_after_an_amount_of_the_same_subject_is_named_by_that_subject(
    units: UnitRegistry, rules: DraftRules
) -> None:
    """一般公共预算收入完成60亿元、增长5%: the 5% is 一般公共预算收入增速, not the whole clause with low confidence."""
    draft = _draft("主要预期目标是：一般公共预算收入完成60亿元、增长5%。", units, rules)
    assert [(p.fields["name_zh"], p.fields["target"]) for p in draft.proposals] == [
        ("一般公共预算收入", 60),
        ("一般公共预算收入增速", 5),
    ]
    assert min(p.confidence for p in draft.proposals) >= 0.8


def test_a_ceiling_on_a_price_rise_is_not_reported_as_a_decrease(
    units: UnitRegistry, rules: DraftRules
) -> None:
    """涨幅控制在3%左右 is a ceiling on a rise (lower is better): no “报告写的是下降3%” sign warning; 降低2% keeps it."""
    draft = _draft("主要预期目标是：居民消费价格涨幅控制在3%左右；单位地区生产总值能耗降低2%。", units, rules)
    cpi, energy = draft.proposals
    assert cpi.fields["direction"] == "lower_is_better"
    assert cpi.fields["kind"] == "growth_rate"
    assert not any("下降" in r for r in cpi.review)
    assert any("下降2%" in r for r in energy.review)


def test_other_headings_of_the_years_part_are_found(units: UnitRegistry, rules: DraftRules) -> None:
    """二、2026年重点工作 opens the part; so does 二、2026年…总体要求…, which runs on through 三、2026年…工作任务."""
    draft = _draft("主要预期目标是：地区生产总值增长6%左右。", units, rules, heading="二、{year}年重点工作")
    assert [p.fields["target"] for p in draft.proposals] == [6]
    report = (
        "一、2025年工作回顾\n地区生产总值增长5.1%。\n"
        "二、2026年经济社会发展总体要求和政策取向\n今年发展主要预期目标是：国内生产总值增长5%左右。\n"
        "三、2026年政府工作任务\n(一)扩大内需。新增城镇就业1100万人以上。\n"
        "四、加强政府自身建设\n力争办结建议500件。\n"
    )
    draft = draft_catalog(report, 2026, units=units, rules=rules)
    assert [(p.fields["target"], p.fields["unit"]) for p in draft.proposals] == [(5, "%"), (1100, "万人")]


def test_without_a_part_heading_the_paragraph_that_opens_the_targets_begins_the_part(
    units: UnitRegistry, rules: DraftRules
) -> None:
    """No 二、…年… heading: 今年全市…的主要预期目标是：… begins the part; 主要预期目标全面完成 (a past result) does not."""
    text = (
        "过去一年，主要预期目标全面完成，地区生产总值增长5.3%。\n"
        "今年全市经济社会发展的主要预期目标是：地区生产总值增长6%左右，城镇调查失业率控制在5.5%以内。\n"
    )
    draft = draft_catalog(text, 2026, units=units, rules=rules)
    assert [(p.fields["target"], p.fields["comparator"]) for p in draft.proposals] == [
        (6, "approx"),
        (5.5, "at_most"),
    ]
    assert draft.heading.startswith("今年全市经济社会发展的主要预期目标是")
    assert len(draft.heading) <= 41


def test_a_size_threshold_right_after_a_count_qualifies_what_is_counted(
    units: UnitRegistry, rules: DraftRules
) -> None:
    """完成超120个30户以上木结构村寨…: 120 is the target (超 = at least), 30户以上 is part of its name, not a second target."""
    draft = _draft("(五)民生实事。完成超120个30户以上木结构村寨消防管网建设。", units, rules)
    assert [(p.fields["target"], p.fields["unit"], p.fields["comparator"]) for p in draft.proposals] == [
        (120, "个", "at_least")
    ]
    assert draft.proposals[0].fields["name_zh"].startswith("30户以上木结构村寨")
    assert [e.text for e in draft.exclusions if "30户" in e.text]


def test_each_ge_gives_every_listed_name_the_same_target(units: UnitRegistry, rules: DraftRules) -> None:
    """培训农村劳动力、新市民各3万人次以上: two targets of 3万人次 each."""
    draft = _draft("(二)就业。培训农村劳动力、新市民各3万人次以上。", units, rules)
    assert [(p.fields["name_zh"], p.fields["target"]) for p in draft.proposals] == [
        ("培训农村劳动力", 3),
        ("新市民", 3),
    ]


def test_projects_under_way_are_targets_when_the_clause_completes_them(
    units: UnitRegistry, rules: DraftRules
) -> None:
    """完成4个在建县级医院主体工程 is a target; 加快90个在建重大项目 stays a count of work under way."""
    draft = _draft("(三)项目。完成4个在建县级医院主体工程，加快90个在建重大项目建设。", units, rules)
    assert [(p.fields["target"], p.fields["name_zh"]) for p in draft.proposals] == [
        (4, "在建县级医院主体工程")
    ]
    assert next(e.reason for e in draft.exclusions if "90个" in e.text).startswith("已有存量或在建数")


def test_a_capacity_in_a_project_name_and_power_in_yi_du(units: UnitRegistry, rules: DraftRules) -> None:
    """年产3000吨…技改项目 names a project (excluded); 发电12亿度 is a target in 亿千瓦时."""
    draft = _draft("(一)工业。力争完成发电12亿度，加快年产3000吨白酒技改项目建设。", units, rules)
    assert [(p.fields["target"], p.fields["unit"]) for p in draft.proposals] == [(12, "亿千瓦时")]
    assert next(e.reason for e in draft.exclusions if "3000吨" in e.text).startswith("项目名称中的产能")


def test_permille_and_yi_renci_targets_are_read_not_dropped(units: UnitRegistry, rules: DraftRules) -> None:
    """人口自然增长率控制在5‰以内 is a share target in ‰ (it was silently dropped); 接待游客0.8亿人次 is read."""
    draft = _draft("主要预期目标是：人口自然增长率控制在5‰以内；全年接待游客0.8亿人次。", units, rules)
    found = [
        (p.fields["target"], p.fields["unit"], p.fields["comparator"], p.fields["kind"])
        for p in draft.proposals
    ]
    assert found == [(5, "‰", "at_most", "share"), (0.8, "亿人次", "exactly", "cumulative")]


def test_a_change_in_percentage_points_is_not_proposed_as_a_level(
    units: UnitRegistry, rules: DraftRules
) -> None:
    """城镇化率提高1.5个百分点 is a change, not a rate of 1.5%: the proposal says so and asks for the level."""
    draft = _draft("主要预期目标是：常住人口城镇化率提高1.5个百分点。", units, rules)
    (p,) = draft.proposals
    assert p.fields["name_zh"] == "常住人口城镇化率(百分点变化)"
    assert p.confidence <= 0.3
    assert any("变化量" in r for r in p.review)


def test_a_plan_periods_cumulative_goal_is_flagged(units: UnitRegistry, rules: DraftRules) -> None:
    """“十五五”期间累计完成投资4000亿元 is a plan period's goal: flagged for review; 累计建成基站 of the year is not."""
    draft = _draft(
        "(一)投资。“十五五”期间累计完成投资4000亿元。(二)数字。累计建成5G基站2万个。", units, rules
    )
    plan, year = draft.proposals
    assert plan.confidence <= 0.5
    assert any("规划期" in r for r in plan.review)
    assert not any("规划期" in r for r in year.review)


def test_fenbie_opening_a_clause_refers_to_the_subjects_of_the_clause_before(
    units: UnitRegistry, rules: DraftRules
) -> None:
    """接待游客0.9亿人次、旅游总收入900亿元，分别增长8%、10%以上: the growths are those of the two subjects."""
    draft = _draft(
        "(四)文旅。全年接待游客0.9亿人次、实现旅游总收入900亿元，分别增长8%、10%以上。", units, rules
    )
    assert [(p.fields["name_zh"], p.fields["target"], p.fields["kind"]) for p in draft.proposals] == [
        ("接待游客", 0.9, "cumulative"),
        ("旅游总收入", 900, "cumulative"),
        ("接待游客增速", 8, "growth_rate"),
        ("旅游总收入增速", 10, "growth_rate"),
    ]
    assert min(p.confidence for p in draft.proposals) >= 0.8


def test_a_report_copied_from_a_pdf_with_sentences_broken_at_the_page_width(
    units: UnitRegistry, rules: DraftRules
) -> None:
    """Lines broken mid-sentence (no punctuation at the end) are read as one sentence: names are whole."""
    body = (
        "今年全市经济社会发展的主要预期目标是：地区生产总值增\n"
        "长6%左右，规模以上工业增加值增长7%左右，常住人口城镇化\n"
        "率达到58%，城镇新增就业4万人以上。\n"
        "(一)扩大有效投资。全年新开工重大产业项目80个以上，\n"
        "建成投产40个以上。\n"
    )
    draft = _draft(body, units, rules)
    assert [(p.fields["name_zh"], p.fields["target"]) for p in draft.proposals] == [
        ("地区生产总值增速", 6),
        ("规模以上工业增加值增速", 7),
        ("常住人口城镇化率", 58),
        ("城镇新增就业", 4),
        ("新开工重大产业项目", 80),
        ("建成投产", 40),
    ]


def test_an_unemployment_rate_around_a_value_is_lower_is_better(
    units: UnitRegistry, rules: DraftRules
) -> None:
    """城镇调查失业率5.5%左右 has no 控制在 or 以内, but a lower unemployment rate is better; 能耗下降率 is better higher."""
    draft = _draft(
        "主要预期目标是：城镇调查失业率5.5%左右；单位地区生产总值能耗下降率达到3%；研发投入强度达2.5%。",
        units,
        rules,
    )
    by_name = _by_name(draft)
    assert by_name["城镇调查失业率"].fields["direction"] == "lower_is_better"
    assert by_name["单位地区生产总值能耗下降率"].fields["direction"] == "higher_is_better"
    assert by_name["研发投入强度"].fields["kind"] == "share"


def test_queren_inside_a_name_and_departments_of_common_livelihood_items(
    units: UnitRegistry, rules: DraftRules
) -> None:
    """地区生产总值确保增长6%、力争增长6.5%: named 地区生产总值增速 with stretch 6.5; 养老床位, 危房, 用水量 find their departments."""
    draft = _draft(
        "主要预期目标是：地区生产总值确保增长6%、力争增长6.5%；万元地区生产总值用水量下降4%。"
        "(二)民生实事。(1)新增养老床位300张以上；(2)改造农村危房1500户。",
        units,
        rules,
    )
    found = [(p.fields["name_zh"], p.fields["stretch"], p.fields["department"]) for p in draft.proposals]
    assert found == [
        ("地区生产总值增速", 6.5, "stats"),
        ("万元地区生产总值用水量降幅", None, "water"),
        ("新增养老床位", None, "civil_affairs"),
        ("改造农村危房", None, "housing"),
    ]


def test_examples_before_a_count_and_dwellings_in_wan_tao(units: UnitRegistry, rules: DraftRules) -> None:
    """建成A医院、B医院等12个重大医疗项目 is named by its noun, not by the examples; 筹集保障性住房3万套(间) is read."""
    draft = _draft(
        "(三)民生。建成市人民医院新院区、市妇幼保健院等12个重大医疗项目，筹集保障性住房3万套(间)。",
        units,
        rules,
    )
    assert [(p.fields["name_zh"], p.fields["target"], p.fields["unit"]) for p in draft.proposals] == [
        ("重大医疗项目", 12, "个"),
        ("筹集保障性住房", 3, "万套"),
    ]


def test_goals_of_a_paragraph_stating_the_next_five_years_are_flagged(
    units: UnitRegistry, rules: DraftRules
) -> None:
    """今后五年…的主要目标是：…森林覆盖率达到65%: plan-period goals, each flagged; the year's own targets are not."""
    body = (
        "今后五年全市经济社会发展的主要目标是：全市生产总值总量突破3000亿元，森林覆盖率达到65%。\n"
        "今年经济社会发展的主要预期目标是：地区生产总值增长6%左右。\n"
    )
    draft = _draft(body, units, rules)
    plan = [p for p in draft.proposals if p.fields["target"] in (3000, 65)]
    year = [p for p in draft.proposals if p.fields["target"] == 6]
    assert len(plan) == 2
    assert all(p.confidence <= 0.5 and any("规划期" in r for r in p.review) for p in plan)
    assert len(year) == 1
    assert year[0].confidence >= 0.8


def test_with_previous_a_differently_qualified_indicator_does_not_take_last_years_code(
    units: UnitRegistry, rules: DraftRules
) -> None:
    """工业固定资产投资, 出口总额, 研发经费支出占…比重 are not last year's 固定资产投资, 进出口总额, 物流费用占…比重;
    全社会固定资产投资 and 国内生产总值 are the same indicators as 固定资产投资 and 地区生产总值."""
    from bijie_etl.catalog import load_catalog_from_settings

    body = (
        "主要预期目标是：国内生产总值增长5%左右；全社会固定资产投资增长9%；出口总额增长4%；"
        "研发经费支出占地区生产总值比重达到2.5%。(一)工业。工业固定资产投资增长12%左右。"
    )
    previous = load_catalog_from_settings(SETTINGS)
    draft = draft_catalog(_report(body, 2025), 2025, units=units, rules=rules, previous=previous)
    codes = {p.fields["clause"][:6]: p.code for p in draft.proposals}
    assert codes["国内生产总值"] == "gdp_growth"
    assert codes["全社会固定资"] == "fixed_asset_investment_growth"
    assert codes["出口总额增长"].startswith("new_2025_")
    assert codes["研发经费支出"].startswith("new_2025_")
    assert codes["工业固定资产"].startswith("new_2025_")


def test_task_headings_after_the_years_heading_belong_to_the_part(
    units: UnitRegistry, rules: DraftRules
) -> None:
    """二、2026年主要目标 then 三、坚定不移推进工业强市 (no year): both are read; 四、…政府自身建设 ends the part."""
    report = (
        "一、2025年工作回顾\n地区生产总值增长5.1%。\n"
        "二、2026年主要目标\n主要预期目标是：地区生产总值增长6%左右。\n"
        "三、坚定不移推进工业强市\n(一)扩大工业投资。新开工工业项目60个以上。\n"
        "四、全面加强政府自身建设\n办理人大代表建议300件。\n"
    )
    draft = draft_catalog(report, 2026, units=units, rules=rules)
    assert [(p.fields["target"], p.fields["unit"]) for p in draft.proposals] == [(6, "%"), (60, "个")]


def test_a_name_ending_in_a_verb_takes_the_noun_after_the_number(
    units: UnitRegistry, rules: DraftRules
) -> None:
    """高标准打造8家研究型医院 is named 高标准研究型医院 (not 高标准打造); 每个县区打造2个专科 keeps 每个县区."""
    draft = _draft("(六)卫生。高标准打造8家研究型医院，每个县区打造2个省级临床专科。", units, rules)
    assert [p.fields["name_zh"] for p in draft.proposals] == ["高标准研究型医院", "每个县区省级临床专科"]


def test_a_gbk_report_and_a_part_without_targets_are_refused_with_a_clear_message(tmp_path: Path) -> None:
    """A GBK file (as government sites publish) asks for UTF-8 with the command to convert; a part
    without any number with a unit says so instead of failing on an empty catalog."""
    gbk = tmp_path / "report-gbk.txt"
    gbk.write_bytes(_report("主要预期目标是：地区生产总值增长6%左右。").encode("gb18030"))
    result = runner.invoke(app, ["catalog", "draft", str(gbk), "--year", "2026", "-o", str(tmp_path / "a")])
    assert result.exit_code != 0
    assert "不是 UTF-8 文本" in result.output
    assert "iconv -f gb18030" in result.output
    empty = tmp_path / "report-empty.txt"
    empty.write_text(_report("今年要继续努力，办好各项民生实事。"), encoding="utf-8")
    result = runner.invoke(app, ["catalog", "draft", str(empty), "--year", "2026", "-o", str(tmp_path / "b")])
    assert result.exit_code != 0
    assert "没有找到带单位的数字目标" in result.output


def test_a_title_line_or_a_dash_after_the_summary_word_opens_the_targets(
    units: UnitRegistry, rules: DraftRules
) -> None:
    """■2026年主要预期目标 over a bulleted list, or …主要预期目标——地区生产总值…, begins the part without a heading."""
    titled = "■2025年成绩单\n●地区生产总值增长5%\n■2026年经济社会发展的主要预期目标\n●经济增长6%左右\n"
    draft = draft_catalog(titled, 2026, units=units, rules=rules)
    assert [(p.fields["name_zh"], p.fields["target"]) for p in draft.proposals] == [("经济增速", 6)]
    dashed = "报告提出了今年发展的主要预期目标——地区生产总值增长7%，进出口总额增长5%。\n"
    draft = draft_catalog(dashed, 2026, units=units, rules=rules)
    assert [p.fields["target"] for p in draft.proposals] == [7, 5]


def test_a_ceiling_on_a_rise_is_a_rate_of_change_named_as_growth(
    units: UnitRegistry, rules: DraftRules
) -> None:
    """居民消费价格上涨控制在3%左右 is a growth rate (not a level), lower is better, named …增速 (not …降幅)."""
    draft = _draft(
        "主要预期目标是：居民消费价格上涨控制在3%左右，政府债务余额增长控制在5%以内。", units, rules
    )
    found = [(p.fields["name_zh"], p.fields["kind"], p.fields["direction"]) for p in draft.proposals]
    assert found == [
        ("居民消费价格增速", "growth_rate", "lower_is_better"),
        ("政府债务余额增速", "growth_rate", "lower_is_better"),
    ]


def test_a_lone_strive_target_is_a_floor_not_an_exact_figure(units: UnitRegistry, rules: DraftRules) -> None:
    """粮食产量力争120万吨 (力争 with no 确保 figure before it) proposes at least 120, not exactly 120; a 力争 right
    after a target is still that target's stretch."""
    draft = _draft(
        "主要预期目标是：粮食产量力争120万吨；地区生产总值确保增长6%、力争增长6.5%。", units, rules
    )
    found = {
        p.fields["name_zh"]: (p.fields["target"], p.fields["stretch"], p.fields["comparator"])
        for p in draft.proposals
    }
    assert found["粮食产量"] == (120, None, "at_least")
    assert found["地区生产总值增速"][:2] == (6, 6.5)


def test_forecasts_and_allocations_in_the_years_part_are_not_targets(
    units: UnitRegistry, rules: DraftRules
) -> None:
    """预计全年… is an estimate and 拟安排…亿元 an allocation: both listed as exclusions, with their reason."""
    draft = _draft(
        "预计全年接待游客增长15%。拟安排中央预算内投资3亿元。粮食产量稳定在120万吨。", units, rules
    )
    assert [p.fields["name_zh"] for p in draft.proposals] == ["粮食产量"]
    reasons = {e.text: e.reason for e in draft.exclusions}
    assert next(r for t, r in reasons.items() if "15%" in t).startswith("预计数")
    assert next(r for t, r in reasons.items() if "3亿元" in t).startswith("拟安排的资金")


def test_quanmian_before_a_verb_is_no_part_of_the_name(units: UnitRegistry, rules: DraftRules) -> None:
    """全面完成1130万亩营造林任务 is named 营造林任务 (was: 全面营造林任务)."""
    draft = _draft("全面完成1130万亩营造林任务。", units, rules)
    assert [(p.fields["name_zh"], p.fields["target"]) for p in draft.proposals] == [("营造林任务", 1130)]
