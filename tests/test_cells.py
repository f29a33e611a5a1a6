"""Cells read the way people type them: formats, words, units and names — and how each was read.

Real files from real writers (xlsxwriter, openpyxl, xlwt, csv), read, validated and loaded into a
real DuckDB warehouse; the value loaded and its provenance in ``v_observation_current`` are checked.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
import xlwt

from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.ingest.cells import read_cell
from bijie_etl.ingest.names import name_candidates
from bijie_etl.ingest.styles import format_kind
from bijie_etl.ingest.template import HEADER as TEMPLATE_HEADER
from bijie_etl.run import ingest_file
from bijie_etl.settings import Settings, load_settings
from bijie_etl.warehouse.store import Warehouse
from spreadsheets import write_csv, write_xls, write_xlsx

AS_OF = date(2024, 7, 10)
#: The template's columns without 指标代码 and 备注.
HEADER = [label for label, _field in TEMPLATE_HEADER[1:-1]]


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def catalog(settings: Settings) -> Catalog:
    return load_catalog_from_settings(settings)


def row(name: str, unit: str, **values: Any) -> list[Any]:
    fields = ["value_month", "value_ytd", "value_ytd_prior", "growth_pct", "value"]
    return [name, unit, "2024-06", "全市", *(values.get(f) for f in fields)]


def load(path: Path, tmp_path: Path, settings: Settings, catalog: Catalog) -> list[dict[str, Any]]:
    """Ingest ``path`` into a fresh warehouse; the rows of v_observation_current (plus the failures' codes)."""
    sub = ingest_file(path, catalog=catalog, settings=settings, as_of=AS_OF, inbox=path.parent)
    assert [f.code.value for f in sub.failures if f.code.value != "note_ignored"] == []
    with Warehouse(tmp_path / "w.duckdb", settings.sql_dir) as wh:
        wh.migrate()
        wh.load_submission(sub, wh.start_run(AS_OF, "test"))
        cur = wh.con.execute(
            "SELECT indicator_code, value, value_month, value_ytd, growth_pct, unit_reported, unit_factor,"
            " reading, guard FROM v_observation_current ORDER BY indicator_code"
        )
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def test_format_kinds() -> None:
    """Percent formats have an unquoted %; quoted or escaped % is text; date letters make a date; @ is text."""
    assert [
        format_kind(c)
        for c in [
            "0.0%",
            "0%",
            '0.0"%"',
            "0.0\\%",
            "yyyy-mm-dd",
            'yyyy"年"m"月"',
            "@",
            "#,##0.00",
            "General",
            "0.00E+00",
        ]
    ] == [
        "percent",
        "percent",
        None,
        None,
        "date",
        "date",
        "text",
        None,
        None,
        None,
    ]


def test_words_and_units_in_a_cell(settings: Settings, catalog: Catalog) -> None:
    """增长/下降/持平 give signed growth; a trailing unit or 万 is kept for conversion; 约 is an estimate; 个百分点 is no growth."""
    missing = frozenset({"—", "/"})
    units = catalog.units
    got = [
        (r.number, r.sign, r.unit, r.scale, r.problem)
        for r in (
            read_cell("增长7.2%", missing=missing, units=units, growth=True),
            read_cell("同比下降2.1%", missing=missing, units=units, growth=True),
            read_cell("持平", missing=missing, units=units, growth=True),
            read_cell("1,498元", missing=missing, units=units),
            read_cell("１２.６万张", missing=missing, units=units),
            read_cell("3150万", missing=missing, units=units),
            read_cell("约3500", missing=missing, units=units),
            read_cell("12.6万辆", missing=missing, units=units),
            read_cell("同比下降2.1个百分点", missing=missing, units=units, growth=True),
        )
    ]
    assert got == [
        (7.2, "增长", None, 1.0, None),
        (-2.1, "下降", None, 1.0, None),
        (0.0, "持平", None, 1.0, None),
        (1498.0, None, "元", 1.0, None),
        (12.6, None, "万张", 1.0, None),
        (3150.0, None, None, 10000.0, None),
        (None, None, None, 1.0, "estimate"),
        (None, None, "万辆", 1.0, "unknown_unit"),
        (None, None, None, 1.0, "points"),  # a change of a rate is not a growth rate
    ]


def test_name_candidates_set_numbering_and_marks_aside() -> None:
    """Numbering, 其中, footnote marks and brackets are set aside, the literal name tried first."""
    assert name_candidates("1．原煤产量（万吨）*") == ("1．原煤产量（万吨）*", "原煤产量（万吨）", "原煤产量")
    assert name_candidates("其中：规上工业增加值增速※") == ("其中：规上工业增加值增速※", "规上工业增加值增速")
    assert name_candidates("（一）数字经济占比注1") == ("（一）数字经济占比注1", "数字经济占比")
    assert name_candidates("5G基站") == ("5G基站",)


def test_percent_formatted_share_in_xlsx_loads_in_percent_points(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """0.353 shown as 35.3% (xlsxwriter '0.0%') loads as 35.3, and v_observation_current says it was the format, ×100."""
    path = tmp_path / "s.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("数据")
    ws.write_row(0, 0, HEADER)
    ws.write_row(1, 0, row("数字经济占比", "%")[:8])
    ws.write_number(1, 8, 0.353, wb.add_format({"num_format": "0.0%"}))
    wb.close()
    [got] = load(path, tmp_path, settings, catalog)
    assert got["value"] == pytest.approx(35.3)
    assert json.loads(got["reading"]) == {
        "value": {"cell": "I2", "typed": "0.353", "format": "0.0%", "factor": 100.0}
    }
    assert got["guard"] == "passed"


def test_percent_formatted_growth_in_xls_and_openpyxl(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Growth 0.072 formatted 0.0% by xlwt, and a share 0.472 formatted 0.00% by openpyxl, load as 7.2 and 47.2."""
    xls = tmp_path / "g.xls"
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("数据")
    for c, h in enumerate(HEADER):
        ws.write(0, c, h)
    for c, v in enumerate(row("地区生产总值增速", "%")[:7]):
        if v is not None:
            ws.write(1, c, v)
    ws.write(1, 7, 0.072, xlwt.easyxf(num_format_str="0.0%"))
    wb.save(str(xls))
    assert [r["growth_pct"] for r in load(xls, tmp_path / "a", settings, catalog)] == [pytest.approx(7.2)]

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append(row("民间投资占比", "%", value=0.472))
    sheet["I2"].number_format = "0.00%"
    book.save(tmp_path / "o.xlsx")
    assert [r["value"] for r in load(tmp_path / "o.xlsx", tmp_path / "b", settings, catalog)] == [
        pytest.approx(47.2)
    ]


def test_a_growth_shown_as_hundreds_of_percent_by_its_format_is_asked_about(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """3.2 typed into a 0.0%-formatted growth cell shows 320.0%: refused with both readings named, not loaded as 320 (nor as 3.2); a share shown as 4100% is refused saying so."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append(row("社会消费品零售总额增速", "%", growth_pct=3.2))
    sheet.append(row("地区生产总值增速", "%", growth_pct=0.058))
    sheet.append(row("民间投资占比", "%", value=41))
    sheet["H2"].number_format = sheet["H3"].number_format = sheet["I4"].number_format = "0.0%"
    book.save(tmp_path / "g.xlsx")
    sub = ingest_file(tmp_path / "g.xlsx", catalog=catalog, settings=settings, as_of=AS_OF, inbox=tmp_path)
    [refused] = [f for f in sub.failures if f.code.value == "format_conflict"]
    assert refused.cell == "H2"
    assert "显示为320%" in refused.message_zh
    assert "应为3.2%" in refused.message_zh
    # A share shown as 4100.0% is out of range: the message says what the cell holds and shows.
    [share] = [f for f in sub.failures if f.code.value == "share_out_of_range"]
    assert "现为4100（单元格存的是41，但设置了百分比格式“0.0%”，显示为4100%" in share.message_zh
    loaded = sub.observations.set_index("indicator_code")["growth_pct"].to_dict()
    assert loaded == {"gdp_growth": pytest.approx(5.8)}


def test_growth_in_words_loads_signed(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """增长7.6% / 下降2.1% / 持平 in the growth column load as 7.6, -2.1 and 0, with the words recorded."""
    rows = [
        HEADER,
        row("社会消费品零售总额增速", "%", growth_pct="增长7.6%"),
        row("地区生产总值增速", "%", growth_pct="下降2.1%"),
        row("规上工业增加值增速", "%", growth_pct="持平"),
    ]
    got = load(write_csv(tmp_path / "w.csv", rows, encoding="gb18030"), tmp_path, settings, catalog)
    assert [(r["indicator_code"], r["growth_pct"]) for r in got] == [
        ("gdp_growth", -2.1),
        ("industrial_value_added_growth", 0.0),
        ("retail_sales_growth", 7.6),
    ]
    assert json.loads(got[0]["reading"])["growth_pct"]["words"] == "下降"


def test_units_typed_in_cells_are_converted(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """1,498元 (元 target) and 12.6万张 (万张 target) and 3150万吨 (万吨 target) load, the unit recorded."""
    rows = [
        HEADER,
        row("过夜游客人均花费", "", value="1,498元"),
        row("旅游床位", "", value="12.6万张"),
        row("煤炭产量", "", value_ytd="3150万吨"),
    ]
    got = load(write_xls(tmp_path / "u.xls", {"数据": rows}), tmp_path, settings, catalog)
    assert [(r["indicator_code"], r["value"]) for r in got] == [
        ("coal_output", 3150.0),
        ("overnight_visitor_spending", 1498.0),
        ("tourism_beds", 12.6),
    ]
    assert json.loads(got[1]["reading"])["value"]["unit"] == "元"


def test_header_unit_is_converted_to_the_catalog_unit(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """本月（万元）12000 and 1-6月累计（万元）1526000 for a 亿元 target load as 1.2 and 152.6, factor 0.0001 recorded."""
    rows = [
        ["2024年1-6月项目情况"],
        ["指标名称", "本月（万元）", "1-6月累计（万元）"],
        ["新增储备项目总投资", 12000.0, 1526000.0],
    ]
    [got] = load(write_xlsx(tmp_path / "h.xlsx", {"数据": rows}), tmp_path, settings, catalog)
    assert (got["value_month"], got["value_ytd"]) == (pytest.approx(1.2), pytest.approx(152.6))
    assert (got["unit_reported"], got["unit_factor"]) == ("万元", pytest.approx(0.0001))
    assert json.loads(got["reading"])["value_ytd"]["unit"] == "万元"


def test_numbered_and_footnoted_names_match(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """1．煤炭产量, 其中：电煤供应量*, ①发电量 match their targets (the unexplained * is warned about); the message quotes ② as typed."""
    rows = [
        HEADER,
        row("1．煤炭产量", "万吨", value_ytd=3500.0),
        row("其中：电煤供应量*", "万吨", value_ytd=1800.0),
        row("①发电量", "亿千瓦时", value_ytd=260.0),
        row("②未列入目标的指标", "万吨", value_ytd=1.0),
    ]
    path = write_xlsx(tmp_path / "n.xlsx", {"数据": rows})
    sub = ingest_file(path, catalog=catalog, settings=settings, as_of=AS_OF, inbox=tmp_path)
    assert sorted(sub.observations["indicator_code"]) == [
        "coal_output",
        "power_generation",
        "thermal_coal_supply",
    ]
    star, failure = sub.failures  # the * no note explains is asked about, the value still loads
    assert (star.cell, star.code.value, star.severity.value) == ("A3", "value_mark_unexplained", "warning")
    assert (failure.cell, failure.code.value) == ("A5", "unknown_indicator")
    assert "“②未列入目标的指标”" in failure.message_zh


def test_a_header_unit_in_one_file_leaves_the_batchs_other_files_alone(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Validated in one batch with a file whose header states 万元, a GDP row's level in 亿元 stays 1123.4."""
    from bijie_etl.ingest.reading import read_file
    from bijie_etl.validate.rules import validate_batch

    header_unit = write_xlsx(
        tmp_path / "h.xlsx",
        {"数据": [["2024年1-6月"], ["指标名称", "1-6月累计（万元）"], ["新增储备项目总投资", 1526000.0]]},
    )
    level = write_xlsx(
        tmp_path / "l.xlsx",
        {"数据": [HEADER, row("地区生产总值增速", "亿元", value_ytd=1123.4, growth_pct=5.6)]},
    )
    reads = [(read_file(p, settings), p.name) for p in (header_unit, level)]
    (first, _), (second, failures) = validate_batch(reads, catalog, as_of=AS_OF)
    assert first["value_ytd"].tolist() == [pytest.approx(152.6)]
    assert second[["value_ytd", "growth_pct"]].values.tolist() == [[1123.4, 5.6]]
    assert failures == []


def test_inspect_shows_how_a_value_was_read(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """`inspect` lists a percent-formatted share with its typed text, format and factor, and the guard verdict."""
    from bijie_etl.validate.inspect import format_inspection, inspect_file

    path = tmp_path / "i.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("数据")
    ws.write_row(0, 0, HEADER)
    ws.write_row(1, 0, row("数字经济占比", "%")[:8])
    ws.write_number(1, 8, 0.353, wb.add_format({"num_format": "0.0%"}))
    wb.close()
    report = inspect_file(path, settings, catalog=catalog, as_of=AS_OF)
    [value] = report.values
    assert value["read_as"] == {"cell": "I2", "typed": "0.353", "format": "0.0%", "factor": 100.0}
    assert value["guard"] == "passed"
    assert "[原文“0.353”，格式0.0%，×100]" in format_inspection(report)


def test_inspect_shows_a_figure_converted_from_the_unit_its_row_states(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A plain number in 吨 for a 万吨 target loads divided by 10 000; `inspect` shows the number as typed,
    the row's unit and the factor, so nobody has to trust a converted figure blind."""
    from bijie_etl.validate.inspect import format_inspection, inspect_file

    path = write_xlsx(
        tmp_path / "t.xlsx",
        {
            "能源": [
                ["毕节市2024年1-6月能源生产情况"],
                ["指标名称", "计量单位", "1-6月累计"],
                ["煤炭产量", "吨", 35502000],
            ]
        },
    )
    report = inspect_file(path, settings, catalog=catalog, as_of=AS_OF)
    [value] = report.values
    assert (value["measure"], value["value"], value["unit"]) == ("value_ytd", 3550.2, "万吨")
    assert value["read_as"] == {"typed": "35502000", "unit": "吨", "factor": 0.0001}
    assert "3,550.2 万吨  (能源!C3)  [原文“35502000”，单位吨，×0.0001]" in format_inspection(report)
