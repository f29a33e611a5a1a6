"""The dashboard page: content, escaping, self-containment, charts and speed."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from bijie_etl.catalog import Catalog, load_catalog
from bijie_etl.dashboard import (
    STATUSES,
    DashboardData,
    LateSubmission,
    TargetCard,
    format_number,
    load_dashboard_data,
    pace_chart_svg,
    render,
    render_dashboard,
)
from bijie_etl.ingest.submission import OBSERVATION_COLUMNS, Submission, empty_observations
from bijie_etl.pace.rules import assess
from bijie_etl.settings import load_settings
from bijie_etl.warehouse.store import Warehouse

AS_OF = date(2024, 11, 15)
DEPARTMENTS = [
    ("stats", "市统计局"),
    ("energy", "市能源局"),
    ("industry", "市工业和信息化局"),
    ("agriculture", "市农业农村局"),
    ("culture_tourism", "市文化广电旅游局"),
]
DEPT_ZH = dict(DEPARTMENTS)
STATUS_ZH = {s.code: s.label_zh for s in STATUSES}


# --------------------------------------------------------------------------------------------
# Realistic data: 20 targets of five departments as of 2024-11-15 (October data due)


def cumulative(
    code: str,
    name: str,
    dept: str,
    unit: str,
    target: float,
    monthly: list[float],
    status: str,
    *,
    stretch: float | None = None,
    clause: str = "",
) -> TargetCard:
    """A cumulative target whose year-to-date series is the running sum of ``monthly`` (linear pace)."""
    ytd: list[float] = []
    for v in monthly:
        ytd.append(round((ytd[-1] if ytd else 0.0) + v, 2))
    m = len(ytd)
    actual = ytd[-1] if ytd else None
    expected = target * m / 12 if m else None
    return TargetCard(
        code=code,
        name_zh=name,
        department=dept,
        department_zh=DEPT_ZH[dept],
        unit=unit,
        method="cumulative",
        status=status,
        status_zh=STATUS_ZH[status],
        target=target,
        stretch=stretch,
        clause=clause,
        period=date(2024, m, 1) if m else None,
        actual=actual,
        expected=expected,
        pace_ratio=actual / expected if actual is not None and expected else None,
        projected_year_end=actual * 12 / m if actual is not None else None,
        required_monthly=(target - actual) / (12 - m) if actual is not None and m < 12 else None,
        stretch_ratio=actual / (stretch * m / 12) if stretch and actual is not None else None,
        actual_series=tuple(enumerate(ytd, start=1)),
        expected_series=tuple((k, target * k / 12) for k in range(1, 13)),
    )


def growth(
    code: str, name: str, dept: str, target: float, series: dict[int, float], status: str, *, clause: str = ""
) -> TargetCard:
    """A growth target judged by 累计同比增长 against a flat target."""
    last = max(series) if series else None
    actual = series[last] if last else None
    return TargetCard(
        code=code,
        name_zh=name,
        department=dept,
        department_zh=DEPT_ZH[dept],
        unit="%",
        method="growth",
        status=status,
        status_zh=STATUS_ZH[status],
        target=target,
        clause=clause,
        period=date(2024, last, 1) if last else None,
        actual=actual,
        expected=target,
        gap_pp=round(actual - target, 2) if actual is not None else None,
        actual_series=tuple(sorted(series.items())),
        expected_series=tuple((k, target) for k in range(1, 13)),
    )


def realistic_dashboard() -> DashboardData:
    """Twenty targets with every status, a stretch target, a trajectory and a late department."""
    seasonal = [560, 540, 640, 620, 610, 600, 590, 610, 620, 640]
    cards = [
        growth(
            "gdp_growth",
            "地区生产总值增速",
            "stats",
            6,
            {3: 5.6, 6: 5.4, 9: 5.1},
            "at_risk",
            clause="地区生产总值增长6%左右",
        ),
        growth(
            "fixed_asset_investment_growth",
            "固定资产投资增速",
            "stats",
            5,
            {m: 3.8 - 0.15 * m for m in range(1, 11)},
            "off_track",
            clause="固定资产投资增长5%",
        ),
        growth(
            "urban_income_growth",
            "城镇常住居民人均可支配收入增速",
            "stats",
            5.5,
            {3: 5.7, 6: 5.6, 9: 5.6},
            "on_track",
        ),
        growth(
            "rural_income_growth",
            "农村常住居民人均可支配收入增速",
            "stats",
            7.5,
            {3: 8.1, 6: 7.9, 9: 7.8},
            "on_track",
        ),
        cumulative(
            "coal_output",
            "煤炭产量",
            "energy",
            "万吨",
            7300,
            seasonal,
            "on_track",
            stretch=7500,
            clause="完成煤炭产量7300万吨、力争达7500万吨",
        ),
        cumulative(
            "thermal_coal_supply",
            "电煤供应量",
            "energy",
            "万吨",
            4000,
            [300, 290, 300, 295, 300, 305, 290, 300, 296, 300],
            "at_risk",
            clause="供应电煤4000万吨",
        ),
        cumulative(
            "power_generation",
            "发电量",
            "energy",
            "亿千瓦时",
            570,
            [50, 46, 48, 45, 47, 49, 52, 51, 47, 48],
            "on_track",
            clause="发电570亿千瓦时",
        ),
        cumulative(
            "new_energy_capacity",
            "新增新能源装机",
            "energy",
            "万千瓦",
            150,
            [2, 3, 5, 6, 8, 9, 10, 10, 11, 12],
            "off_track",
        ),
        growth(
            "industrial_value_added_growth",
            "规模以上工业增加值增速",
            "industry",
            8,
            {m: 8.4 - 0.04 * m for m in range(1, 10)},
            "late",
        ),
        cumulative(
            "new_5g_base_stations",
            "新建5G基站",
            "industry",
            "个",
            4000,
            [250, 280, 330, 350, 360, 340, 330, 360, 370],
            "late",
            clause="新建5G基站4000个",
        ),
        cumulative(
            "new_industrial_firms",
            "新增规模以上工业企业",
            "industry",
            "家",
            100,
            [4, 5, 9, 8, 7, 9, 8, 10, 9],
            "late",
        ),
        TargetCard(
            code="digital_economy_share",
            name_zh="数字经济占地区生产总值比重",
            department="industry",
            department_zh=DEPT_ZH["industry"],
            unit="%",
            method="trajectory",
            status="on_track",
            status_zh="正常",
            target=33,
            baseline=30.5,
            period=date(2024, 9, 1),
            actual=32.6,
            expected=30.5 + 2.5 * 9 / 12,
            pace_ratio=32.6 / (30.5 + 2.5 * 9 / 12),
            actual_series=tuple((m, round(30.5 + 0.24 * m, 2)) for m in (3, 6, 9)),
            expected_series=tuple((m, 30.5 + 2.5 * m / 12) for m in range(1, 13)),
        ),
        TargetCard(
            code="grain_output",
            name_zh="粮食产量",
            department="agriculture",
            department_zh=DEPT_ZH["agriculture"],
            unit="万吨",
            method="annual",
            status="not_assessed",
            status_zh="暂不评估",
            target=140,
            clause="粮食产量稳定在140万吨以上",
        ),
        cumulative(
            "vegetable_output",
            "蔬菜产量",
            "agriculture",
            "万吨",
            520,
            [30, 32, 40, 48, 52, 55, 50, 47, 45, 44],
            "on_track",
        ),
        cumulative(
            "beef_cattle_slaughter",
            "肉牛出栏",
            "agriculture",
            "万头",
            60,
            [4.1, 3.9, 4.3, 4.0, 4.2, 4.1, 3.8, 4.0, 4.1, 3.9],
            "off_track",
        ),
        TargetCard(
            code="tea_garden_area",
            name_zh="茶园面积",
            department="agriculture",
            department_zh=DEPT_ZH["agriculture"],
            unit="万亩",
            method="threshold",
            status="on_track",
            status_zh="正常",
            target=95,
            period=date(2024, 10, 1),
            actual=96.2,
            expected=95,
            pace_ratio=96.2 / 95,
            actual_series=tuple((m, 93 + 0.32 * m) for m in range(1, 11)),
            expected_series=tuple((m, 95.0) for m in range(1, 13)),
        ),
        cumulative(
            "tourist_visits",
            "接待游客人次",
            "culture_tourism",
            "万人次",
            9500,
            [700, 820, 640, 720, 760, 690, 900, 950, 740, 820],
            "on_track",
        ),
        cumulative(
            "tourism_revenue",
            "旅游综合收入",
            "culture_tourism",
            "亿元",
            1000,
            [60, 75, 58, 62, 66, 60, 80, 85, 64, 70],
            "off_track",
            clause="旅游综合收入增长15%以上",
        ),
        TargetCard(
            code="new_a_level_scenic_spots",
            name_zh="新增国家A级旅游景区",
            department="culture_tourism",
            department_zh=DEPT_ZH["culture_tourism"],
            unit="个",
            method="cumulative",
            status="no_data",
            status_zh="无数据",
            target=10,
            expected_series=tuple((m, 10 * m / 12) for m in range(1, 13)),
        ),
        growth(
            "tourism_spending_growth",
            "游客人均花费增速",
            "culture_tourism",
            10,
            {m: 9.2 + 0.05 * m for m in range(1, 11)},
            "at_risk",
        ),
    ]
    late = [
        LateSubmission(
            department="industry",
            department_zh="市工业和信息化局",
            periods=(date(2024, 10, 1),),
            due_date=date(2024, 11, 10),
            latest_period=date(2024, 9, 1),
            indicators=("规模以上工业增加值增速", "新建5G基站", "新增规模以上工业企业"),
            days_overdue=5,
        )
    ]
    return DashboardData(
        as_of=AS_OF, cards=cards, late=late, year=2024, departments=DEPARTMENTS,
        generated_at=datetime(2024, 11, 15, 6, 30),
    )  # fmt: skip


# --------------------------------------------------------------------------------------------
# A tiny DOM for assertions (stdlib html.parser)


class Node:
    """An element with its attributes, children and direct text."""

    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node] = []
        self.parts: list[str | Node] = []

    @property
    def text(self) -> str:
        return "".join(p if isinstance(p, str) else p.text for p in self.parts)

    def iter(self, tag: str | None = None) -> list[Node]:
        found = []
        for child in self.children:
            if tag is None or child.tag == tag:
                found.append(child)
            found.extend(child.iter(tag))
        return found

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        def ok(node: Node) -> bool:
            for key, value in attrs.items():
                have = node.attrs.get(key.rstrip("_").replace("_", "-"))
                if key.startswith("class") and have is not None:
                    if value not in have.split():
                        return False
                elif have != value:
                    return False
            return True

        return [n for n in self.iter(tag) if ok(n)]

    def find(self, tag: str | None = None, **attrs: str) -> Node:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag}> with {attrs}"
        return found[0]


_VOID = {"meta", "br", "input", "link", "img", "hr", "col", "source", "wbr"}


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.cur = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs), self.cur)
        self.cur.children.append(node)
        self.cur.parts.append(node)
        if tag not in _VOID:
            self.cur = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs), self.cur)
        self.cur.children.append(node)
        self.cur.parts.append(node)

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.cur
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.cur = node.parent

    def handle_data(self, data: str) -> None:
        self.cur.parts.append(data)


def parse_html(text: str) -> Node:
    """Parse HTML into a :class:`Node` tree."""
    builder = _Builder()
    builder.feed(text)
    builder.close()
    return builder.root


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def table_rows(doc: Node) -> list[tuple[str, ...]]:
    """The targets table as rows of cell texts."""
    body = doc.find("table", id="targets").find("tbody")
    return [tuple(squash(td.text) for td in tr.find_all("td")) for tr in body.find_all("tr")]


# --------------------------------------------------------------------------------------------
# Tests


@pytest.fixture
def page(tmp_path: Path) -> tuple[Path, Node]:
    path = render_dashboard(realistic_dashboard(), tmp_path / "dash")
    return path, parse_html(path.read_text(encoding="utf-8"))


def test_page_has_title_as_of_and_status_counts(page: tuple[Path, Node]) -> None:
    """The page is titled in Chinese with the as-of date and counts every status, zero included."""
    path, doc = page
    assert path.name == "index.html"
    assert squash(doc.find("h1").text) == "毕节市2024年政府工作报告目标监测"
    assert squash(doc.find("title").text) == "毕节市2024年政府工作报告目标监测（截至2024年11月15日）"
    assert squash(doc.find(id="as-of").text) == "2024年11月15日"
    tiles = [(t.attrs["data-filter-status"], squash(t.text)) for t in doc.find_all("button", class_="tile")]
    assert tiles == [
        ("on_track", "8 正常 On track"),
        ("at_risk", "3 预警 At risk"),
        ("off_track", "4 滞后 Off track"),
        ("late", "3 迟报 Late"),
        ("no_data", "1 无数据 No data"),
        ("not_assessed", "1 暂不评估 Not assessed"),
    ]


def test_table_lists_every_target_worst_first_with_figures(page: tuple[Path, Node]) -> None:
    """The table has one row per target, off-track first, with target, period, actual, pace and projection."""
    _, doc = page
    rows = table_rows(doc)
    assert len(rows) == 20
    assert [r[0] for r in rows] == ["滞后"] * 4 + ["预警"] * 3 + ["迟报"] * 3 + ["无数据"] + ["正常"] * 8 + [
        "暂不评估"
    ]
    by_name = {r[1]: r for r in rows}
    assert by_name["煤炭产量"] == (
        "正常", "煤炭产量", "市能源局", "7,300 万吨力争 7,500", "10月", "6,030", "6,083", "99.1%", "7,236", "635",
    )  # fmt: skip
    assert by_name["地区生产总值增速"] == (
        "预警",
        "地区生产总值增速",
        "市统计局",
        "6%",
        "9月",
        "5.1",
        "6",
        "-0.9个百分点",
        "—",
        "—",
    )
    assert by_name["粮食产量"] == (
        "暂不评估",
        "粮食产量",
        "市农业农村局",
        "140 万吨",
        "—",
        "—",
        "—",
        "—",
        "—",
        "—",
    )


def test_department_matrix_counts_statuses_per_department(page: tuple[Path, Node]) -> None:
    """Each department row counts its targets per status (dots for zero) and in total."""
    _, doc = page
    matrix = doc.find("table", class_="matrix")
    header = tuple(squash(th.text) for th in matrix.find("thead").find_all("th"))
    assert header == ("责任单位", "正常", "预警", "滞后", "迟报", "无数据", "暂不评估", "合计")
    rows = [
        (squash(tr.find("th").text), *(squash(td.text) for td in tr.find_all("td")))
        for tr in matrix.find("tbody").find_all("tr")
    ]
    assert rows == [
        ("市统计局", "2", "1", "1", "·", "·", "·", "4"),
        ("市能源局", "2", "1", "1", "·", "·", "·", "4"),
        ("市工业和信息化局", "1", "·", "·", "3", "·", "·", "4"),
        ("市农业农村局", "2", "·", "1", "·", "·", "1", "4"),
        ("市文化广电旅游局", "1", "1", "1", "·", "1", "·", "4"),
    ]


def test_late_departments_are_listed_with_period_deadline_and_targets(page: tuple[Path, Node]) -> None:
    """A late department shows the missing month, the deadline, days overdue and the targets waiting."""
    _, doc = page
    items = [squash(li.text) for li in doc.find("ul", class_="late-list").find_all("li")]
    assert items == [
        "市工业和信息化局 2024年10月数据未报 逾期 5 天 应于11月10日前报送 · 最近一次报送 9月数据 "
        "涉及：规模以上工业增加值增速、新建5G基站、新增规模以上工业企业"
    ]


def test_no_late_departments_says_all_clear(tmp_path: Path) -> None:
    """Without late submissions the late panel says every department reported on time."""
    data = replace(realistic_dashboard(), late=[])
    doc = parse_html(render_dashboard(data, tmp_path).read_text(encoding="utf-8"))
    assert squash(doc.find("p", class_="all-clear").text) == "各单位均已按时报送。"
    assert doc.find_all("ul", class_="late-list") == []


def test_every_card_has_a_chart_with_lines(page: tuple[Path, Node]) -> None:
    """Every target gets a card whose inline SVG draws the target line, and an actual line when it has data."""
    _, doc = page
    cards = doc.find_all("article", class_="card")
    assert len(cards) == 20
    for card in cards:
        svg = card.find("svg")
        target_line = svg.find_all("path", class_="target")
        actual = svg.find_all("polyline", class_="actual")
        code = card.attrs["id"]
        assert len(target_line) == 1, code
        if card.attrs["data-status"] in ("no_data", "not_assessed"):
            assert actual == [], code
        else:
            assert len(actual) == 1, code
            assert actual[0].attrs["points"], code


def test_page_is_self_contained(page: tuple[Path, Node]) -> None:
    """The page loads nothing: no external src/href, no <link>, no @import or url(), one inline script."""
    path, doc = page
    text = path.read_text(encoding="utf-8")
    refs = [(n.tag, k, v) for n in doc.iter() for k, v in n.attrs.items() if k in ("src", "href", "action")]
    assert all(v and v.startswith("#card-") for _, _, v in refs), refs
    assert doc.find_all("link") == []
    assert "@import" not in text
    assert "url(" not in text
    scripts = doc.find_all("script")
    assert [s.attrs for s in scripts] == [{}]
    assert re.findall(r"https?://[^\s\"'<>]+", text) == ["http://www.w3.org/2000/svg"] * 20


def test_names_with_markup_are_escaped(tmp_path: Path) -> None:
    """Target names, clauses, departments and late lists containing HTML are shown as text, never run."""
    evil = '<script>alert("x")</script>'
    data = realistic_dashboard()
    card = replace(
        data.cards[4],
        name_zh=f"煤炭{evil}",
        clause='"><img src=x onerror=alert(1)>',
        department_zh=f"能源局{evil}",
    )
    data.cards[4] = card
    data.departments = [(c, n if c != "energy" else f"能源局{evil}") for c, n in data.departments]
    data.late = [replace(data.late[0], department_zh=evil, indicators=(evil,))]
    text = render_dashboard(data, tmp_path).read_text(encoding="utf-8")
    assert evil not in text
    assert "<img" not in text
    assert text.count("<script>") == 1  # ours
    doc = parse_html(text)
    assert squash(doc.find("article", id="card-coal_output").find("h3").text) == f"煤炭{evil}"
    assert (
        squash(doc.find("article", id="card-coal_output").find("title").text) == f"煤炭{evil}（万吨）进度图"
    )
    assert (
        doc.find("article", id="card-coal_output").find("p", class_="clause").text
        == '"><img src=x onerror=alert(1)>'
    )
    assert squash(doc.find("ul", class_="late-list").find("strong").text) == evil


def _points(svg: Node, cls: str) -> list[tuple[float, float]]:
    raw = svg.find("polyline", class_=cls).attrs["points"] or ""
    return [(float(a), float(b)) for a, b in (p.split(",") for p in raw.split())]


def _hline_y(svg: Node, cls: str) -> float:
    d = svg.find("path", class_=cls).attrs["d"] or ""
    match = re.fullmatch(r"M([\d.]+) ([\d.]+)H([\d.]+)", d)
    assert match, d
    return float(match.group(2))


def test_cumulative_chart_geometry() -> None:
    """The pace line ends on the target line in December, the stretch sits above it, and actual climbs monthly."""
    card = realistic_dashboard().cards[4]  # coal_output
    svg = parse_html(str(pace_chart_svg(card))).find("svg")
    actual = _points(svg, "actual")
    expected = _points(svg, "expected")
    assert (len(actual), len(expected)) == (10, 12)
    assert [x for x, _ in actual] == [x for x, _ in expected[:10]]  # same month positions
    assert all(b[1] < a[1] for a, b in pairwise(actual))  # SVG y grows downwards
    target_y, stretch_y = _hline_y(svg, "target"), _hline_y(svg, "stretch")
    assert expected[-1][1] == pytest.approx(target_y, abs=0.11)
    assert stretch_y < target_y
    labels = [squash(t.text) for t in svg.find_all("text")]
    assert {"目标 7,300", "力争 7,500", "预计 7,236", "单位：万吨", "1月", "12月"} <= set(labels)
    marker = svg.find("path", class_="projection-marker").attrs["d"] or ""
    assert marker.startswith(f"M{expected[-1][0]:.1f} ")  # at December


def test_growth_chart_draws_target_without_duplicate_pace_line() -> None:
    """A growth chart draws the flat target once (no separate pace line) and no year-end projection."""
    card = realistic_dashboard().cards[0]  # gdp_growth, quarterly
    svg = parse_html(str(pace_chart_svg(card))).find("svg")
    assert svg.find_all("polyline", class_="expected") == []
    assert svg.find_all("path", class_="projection-marker") == []
    assert len(_points(svg, "actual")) == 3
    assert [squash(t.text) for t in svg.find_all("text") if t.text.startswith("目标")] == ["目标 6"]


def test_chart_without_data_says_so() -> None:
    """A target never reported shows its target and pace lines with 暂无数据 in the middle."""
    card = realistic_dashboard().cards[18]
    assert card.status == "no_data"
    svg = parse_html(str(pace_chart_svg(card))).find("svg")
    assert "暂无数据" in [squash(t.text) for t in svg.find_all("text")]
    assert len(_points(svg, "expected")) == 12


@pytest.mark.parametrize(
    ("value", "text"),
    [(7300.0, "7,300"), (7236.4, "7,236"), (570.46, "570.5"), (6.82, "6.82"), (6.0, "6"), (-0.85, "-0.85"), (-0.001, "0"), (None, "—"), (float("nan"), "—")],
)  # fmt: skip
def test_format_number(value: float | None, text: str) -> None:
    """Figures are written with thousands separators and as few decimals as their size needs."""
    assert format_number(value) == text


def test_render_150_targets(tmp_path: Path) -> None:
    """A catalog-sized dashboard (150 targets) renders one card per target (its speed is measured by make bench)."""
    base = realistic_dashboard()
    cards = [replace(c, code=f"{c.code}_{i}") for i in range(8) for c in base.cards][:150]
    data = replace(base, cards=cards)
    path = render_dashboard(data, tmp_path)
    assert len(parse_html(path.read_text(encoding="utf-8")).find_all("article", class_="card")) == 150


# --------------------------------------------------------------------------------------------
# From a real warehouse: load_dashboard_data and render

CATALOG_YAML = """
year: 2024
targets:
  - {code: coal_output, name_zh: 煤炭产量, name_en: Coal, section: s, clause: 完成煤炭产量7300万吨、力争达7500万吨,
     department: energy, unit: 万吨, target: 7300, stretch: 7500, comparator: at_least, kind: cumulative,
     pace: cumulative, baseline_2023: 6470}
  - {code: gdp_growth, name_zh: 地区生产总值增速, name_en: GDP, section: s, clause: 地区生产总值增长6%左右,
     department: stats, unit: "%", target: 6, comparator: approx, kind: growth_rate, pace: growth, frequency: quarterly}
  - {code: new_5g_base_stations, name_zh: 新建5G基站, name_en: 5G, section: s, clause: 新建5G基站4000个,
     department: big_data, unit: 个, target: 4000, comparator: exactly, kind: count, pace: cumulative}
  - {code: grain_output, name_zh: 粮食产量, name_en: Grain, section: s, clause: 粮食产量140万吨,
     department: agriculture, unit: 万吨, target: 140, comparator: at_least, kind: cumulative, pace: annual,
     frequency: annual}
"""
COAL_MONTHLY = [560, 540, 640, 620, 610, 600, 590, 610, 620, 640]
COAL_PRIOR_MONTHLY = [500, 480, 560, 540, 530, 520, 530, 540, 550, 560]


def _ytd(monthly: list[float]) -> list[float]:
    out: list[float] = []
    for v in monthly:
        out.append((out[-1] if out else 0.0) + v)
    return out


def _observations(code: str, unit: str, rows: list[dict[str, float]], months: list[int]) -> pd.DataFrame:
    frame = empty_observations()
    records = [
        {"indicator_code": code, "period": date(2024, m, 1), "county": "全市", "unit": unit, "unit_reported": unit,
         "unit_factor": 1.0, "sheet": "Sheet1", "row_number": i + 2, "cell": f"G{i + 2}", "cells": "{}", **values}
        for i, (m, values) in enumerate(zip(months, rows, strict=True))
    ]  # fmt: skip
    return pd.concat([frame, pd.DataFrame(records)], ignore_index=True).astype(OBSERVATION_COLUMNS)


def _submission(name: str, dept: str, frame: pd.DataFrame) -> Submission:
    return Submission(
        path=Path(name), file_name=name, sha256=name.encode().hex().ljust(64, "0")[:64], size_bytes=1,
        received_at=datetime(2024, 11, 12, 9, 0), department=dept, observations=frame, rows_read=len(frame),
    )  # fmt: skip


@pytest.fixture(scope="module")
def warehouse_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Catalog]:
    """A warehouse with four targets' data loaded and assessed as of 2024-11-15 (read-only use)."""
    tmp_path = tmp_path_factory.mktemp("warehouse")
    settings = load_settings(warehouse_dir=tmp_path)
    (tmp_path / "targets.yaml").write_text(CATALOG_YAML, encoding="utf-8")
    catalog = load_catalog(
        tmp_path / "targets.yaml",
        departments_path=settings.departments_path,
        counties_path=settings.sources_dir / "counties.yaml",
        units_path=settings.schemas_dir / "units.yaml",
    )
    coal = [
        {"value": ytd, "value_ytd": ytd, "value_ytd_prior": prior}
        for ytd, prior in zip(_ytd(COAL_MONTHLY), _ytd(COAL_PRIOR_MONTHLY), strict=True)
    ]
    subs = [
        _submission("能源局/煤炭.xlsx", "energy", _observations("coal_output", "万吨", coal, list(range(1, 11)))),
        _submission("统计局/gdp.xlsx", "stats", _observations("gdp_growth", "%", [{"value": v, "growth_pct": v} for v in (5.6, 5.4, 5.1)], [3, 6, 9])),
        _submission("大数据局/5g.xlsx", "big_data", _observations("new_5g_base_stations", "个", [{"value": v, "value_ytd": v} for v in _ytd([250, 280, 330, 350, 360, 340, 330, 360, 370])], list(range(1, 10)))),
    ]  # fmt: skip
    with Warehouse(settings.database_path, settings.sql_dir) as wh:
        wh.migrate()
        wh.sync_catalog(catalog)
        run_id = wh.start_run(AS_OF, "nightly")
        for sub in subs:
            wh.load_submission(sub, run_id)
        assess(wh, catalog, settings, AS_OF, run_id)
        wh.finish_run(run_id, "succeeded", {})
    return settings.database_path, catalog


def test_loader_builds_cards_from_the_views(warehouse_db: tuple[Path, Catalog]) -> None:
    """Each catalog target becomes a card with its assessment and its 全市 series by month."""
    db, catalog = warehouse_db
    with duckdb.connect(str(db), read_only=True) as con:
        data = load_dashboard_data(con, catalog, AS_OF)
    assert (data.as_of, data.year) == (AS_OF, 2024)
    rows = [
        (c.code, c.department_zh, c.status, c.status_zh, c.method, c.period, len(c.actual_series))
        for c in data.cards
    ]
    assert rows == [
        ("coal_output", "市能源局", "on_track", "正常", "baseline_prior", date(2024, 10, 1), 10),
        ("gdp_growth", "市统计局", "at_risk", "预警", "growth", date(2024, 9, 1), 3),
        ("new_5g_base_stations", "市大数据发展管理局", "late", "迟报", "linear", date(2024, 9, 1), 9),
        ("grain_output", "市农业农村局", "not_assessed", "暂不评估", "annual", None, 0),
    ]
    coal = data.cards[0]
    assert coal.actual_series == tuple(enumerate(_ytd(COAL_MONTHLY), start=1))
    # Pace line: target × (prior-year YTD / 2023 baseline) while prior-year data exist, then m/12 to 1.
    prior = _ytd(COAL_PRIOR_MONTHLY)
    assert [round(v, 6) for _, v in coal.expected_series] == [
        *(round(7300 * p / 6470, 6) for p in prior),
        round(7300 * 11 / 12, 6),
        7300.0,
    ]
    assert coal.expected_series[9][1] == pytest.approx(
        coal.expected
    )  # the line passes through the assessment
    assert (coal.target, coal.stretch, coal.baseline, coal.clause) == (
        7300,
        7500,
        6470,
        "完成煤炭产量7300万吨、力争达7500万吨",
    )
    gdp = data.cards[1]
    assert gdp.actual_series == ((3, 5.6), (6, 5.4), (9, 5.1))
    assert {v for _, v in gdp.expected_series} == {6.0}
    assert gdp.gap_pp == pytest.approx(-0.9)


def test_loader_lists_late_departments_once_with_missing_months(warehouse_db: tuple[Path, Catalog]) -> None:
    """A department that has not sent a due month appears once with the months, deadline and targets."""
    db, catalog = warehouse_db
    with duckdb.connect(str(db), read_only=True) as con:
        late = load_dashboard_data(con, catalog, AS_OF).late
        later = load_dashboard_data(con, catalog, date(2024, 12, 20)).late
    assert late == [
        LateSubmission(
            department="big_data", department_zh="市大数据发展管理局", periods=(date(2024, 10, 1),),
            due_date=date(2024, 11, 10), days_overdue=5, latest_period=date(2024, 9, 1),
            indicators=("新建5G基站",), partial=False,
        )
    ]  # fmt: skip
    assert [(x.department, x.months_zh, x.days_overdue) for x in later] == [
        ("big_data", "2024年10月、11月", 40),
        ("energy", "2024年11月", 10),
    ]


def test_render_from_database_path_writes_the_page(
    warehouse_db: tuple[Path, Catalog], tmp_path: Path
) -> None:
    """render() opens the database read-only and writes a page with one card per target."""
    db, catalog = warehouse_db
    path = render(db, catalog, AS_OF, tmp_path / "out")
    doc = parse_html(path.read_text(encoding="utf-8"))
    assert [(squash(r[0]), squash(r[1])) for r in table_rows(doc)] == [
        ("预警", "地区生产总值增速"), ("迟报", "新建5G基站"), ("正常", "煤炭产量"), ("暂不评估", "粮食产量"),
    ]  # fmt: skip
    assert squash(doc.find("ul", class_="late-list").find("li").text).startswith(
        "市大数据发展管理局 2024年10月数据未报 逾期 5 天"
    )
    assert doc.find("div", class_="generated").text.startswith("生成于 ")
