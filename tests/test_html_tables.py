"""Web pages sent as .xls: Excel's and LibreOffice's "save as web page", and older systems' exports.

The corpus holds a page LibreOffice wrote (e212); these pages are written as the exporters write them
(Excel 2016's 网页 with x:num and mso-number-format classes; a reporting system's bare table) and read
through the package's read + validate API, as of 2024-07-10.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.errors import Code, FileRejected, Severity
from bijie_etl.ingest.reading import read_file
from bijie_etl.settings import Settings, load_settings
from bijie_etl.validate.rules import validate

AS_OF = date(2024, 7, 10)

#: As Excel 2016 writes 另存为 → 网页 (.htm) of one sheet, in GB2312, here renamed .xls.
EXCEL_PAGE = """<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv=Content-Type content="text/html; charset=gb2312">
<meta name=ProgId content=Excel.Sheet>
<meta name=Generator content="Microsoft Excel 15">
<style>
<!--table {mso-displayed-decimal-separator:"\\.";}
.xl65 {mso-style-parent:style0; mso-number-format:"0\\.0%";}
.xl66 {mso-style-parent:style0; mso-number-format:"\\#\\,\\#\\#0\\.0";}
-->
</style>
<!--[if gte mso 9]><xml><x:ExcelWorkbook><x:ExcelWorksheets><x:ExcelWorksheet>
<x:Name>能源</x:Name></x:ExcelWorksheet></x:ExcelWorksheets></x:ExcelWorkbook></xml><![endif]-->
</head>
<body link=blue vlink=purple>
<table border=0 cellpadding=0 cellspacing=0 width=500 style='border-collapse:collapse;table-layout:fixed'>
 <tr height=30><td colspan=5 height=30 width=500>毕节市2024年1-6月能源生产情况</td></tr>
 <tr><td rowspan=2>指标名称</td><td rowspan=2>计量单位</td><td colspan=2>1-6月</td><td rowspan=2>备注</td></tr>
 <tr><td>累计</td><td>同比增长(%)</td></tr>
 <tr><td>煤炭产量</td><td>万吨</td><td class=xl66 align=right x:num="3550.23">3,550.2</td>
  <td align=right x:num="6.2">6.2</td><td>&nbsp;</td></tr>
 <tr><td>发电量</td><td>亿千瓦时</td><td align=right x:num>268.4</td>
  <td class=xl65 align=right x:num="0.048">4.8%</td><td></td></tr>
 <tr style='display:none'><td>天然气产量</td><td>亿立方米</td><td x:num="1.2">1.2</td><td x:num="3">3</td><td></td></tr>
 <tr><td colspan=5>注：本表数据为快报数。</td></tr>
</table>
</body>
</html>
"""


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def catalog(settings: Settings) -> Catalog:
    return load_catalog_from_settings(settings)


def read(path: Path, settings: Settings, catalog: Catalog) -> tuple[dict[tuple[str, str], float], list]:
    """{(indicator, measure): value} loaded, and the failures."""
    obs, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    values = {}
    for row in obs.to_dict("records"):
        for measure in ("value_month", "value_ytd", "growth_pct"):
            v = row.get(measure)
            if v is not None and v == v:
                values[(row["indicator_code"], measure)] = float(v)
    return values, failures


def test_excels_web_page_is_read_with_its_formats(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Excel's 网页 export in GB2312: merged header, the stored number behind 3,550.2, 4.8% stored 0.048 in a
    0.0% class read as 4.8, the hidden row not read (hidden_skipped), the 注 line ignored."""
    path = tmp_path / "能源局_2024年6月.xls"
    path.write_bytes(EXCEL_PAGE.encode("gb18030"))
    values, failures = read(path, settings, catalog)
    assert values == {
        ("coal_output", "value_ytd"): 3550.23,
        ("coal_output", "growth_pct"): 6.2,
        ("power_generation", "value_ytd"): 268.4,
        ("power_generation", "growth_pct"): 4.8,
    }
    assert [(f.code, f.cell) for f in failures] == [(Code.HIDDEN_SKIPPED, "A6"), (Code.NOTE_IGNORED, "A7")]


def test_a_reporting_systems_bare_table_is_read_as_shown(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A system's export (no x:num, <th> headers, a county merged down over two rows, 1,234.5 and 8.6% as
    text, UTF-8): each county's figures at the title's month (人 → 万人), the merged county on both rows."""
    page = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>报表</title></head><body>
<h3>毕节市2024年6月各区县新增城镇就业情况</h3>
<table border="1"><thead><tr><th>区县</th><th>指标名称</th><th>计量单位</th><th>1-6月累计</th><th>同比增长</th></tr></thead>
<tbody>
<tr><td rowspan="2">七星关区</td><td>城镇新增就业</td><td>人</td><td>6,512</td><td>8.6%</td></tr>
<tr><td>新业态新模式技能培训</td><td>人次</td><td>1,234</td><td>-2.1%</td></tr>
<tr><td>大方县</td><td>城镇新增就业</td><td>人</td><td>3,120</td><td>5.0%</td></tr>
</tbody></table></body></html>"""
    path = tmp_path / "人社局_2024年6月.xls"
    path.write_text(page, encoding="utf-8")
    obs, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    assert [f for f in failures if f.severity is Severity.ERROR] == []
    got = sorted(
        (r["county"], r["indicator_code"], r["value_ytd"], r["growth_pct"]) for r in obs.to_dict("records")
    )
    assert ("七星关区", "new_urban_jobs", 0.6512, 8.6) in got  # 人 → the catalog's 万人
    assert ("大方县", "new_urban_jobs", 0.312, 5.0) in got
    assert ("七星关区", "new_format_skills_training", 1234.0, -2.1) in got  # the merged county
    assert len(got) == 3
    assert all(str(p)[:7] == "2024-06" for p in obs["period"])


def test_a_shown_number_other_than_the_stored_one_is_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """x:num 4120000000 shown 4120 by a format the page does not name: neither number is loaded."""
    page = EXCEL_PAGE.replace('x:num="3550.23">3,550.2', 'x:num="35502300">3550.2')
    path = tmp_path / "能源局_2024年6月.xls"
    path.write_bytes(page.encode("gb18030"))
    values, failures = read(path, settings, catalog)
    assert ("coal_output", "value_ytd") not in values
    (bad,) = [f for f in failures if f.cell == "C4"]
    assert bad.code is Code.VALUE_NOT_NUMBER
    assert "不一致" in bad.message_zh


@pytest.mark.parametrize(
    ("page", "words"),
    [
        ('<html><frameset rows="*,39"><frame src="x_files/sheet001.htm"></frameset></html>', "框架页"),
        ("<html><body><p>导出失败</p></body></html>", "没有表格"),
    ],
)
def test_pages_whose_sheets_are_elsewhere_are_refused(
    tmp_path: Path, settings: Settings, page: str, words: str
) -> None:
    """Excel's multi-sheet page (a frameset: the sheets are other files) and a page with no table are
    FILE_UNSUPPORTED_TYPE, saying why and to save as .xlsx."""
    path = tmp_path / "export.xls"
    path.write_text(page, encoding="utf-8")
    with pytest.raises(FileRejected) as err:
        read_file(path, settings)
    assert err.value.code is Code.FILE_UNSUPPORTED_TYPE
    assert words in err.value.message_zh
    assert ".xlsx" in err.value.message_zh


def test_a_tiny_page_spanning_millions_of_cells_is_refused(tmp_path: Path, settings: Settings) -> None:
    """rowspan/colspan of 500 on many cells (a page that would expand to millions of cells) is
    FILE_TOO_LARGE, not a grid that fills the memory."""
    cells = '<td rowspan="500" colspan="500">x</td>' * 20
    path = tmp_path / "bomb.xls"
    path.write_text(f"<html><body><table><tr>{cells}</tr></table></body></html>", encoding="utf-8")
    with pytest.raises(FileRejected) as err:
        read_file(path, settings)
    assert err.value.code is Code.FILE_TOO_LARGE


def test_a_number_spanning_two_counties_is_no_ones(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """590.5 with rowspan=2 over 七星关区 and 大方县 (a bare table, no x:num) is value_merged for both rows, as
    in a workbook — never 590.5 for each county; 金沙县's own figure loads."""
    page = """<html><head><meta charset="utf-8"></head><body><table>
<tr><td colspan=4>毕节市2024年1-6月各区县煤炭产量</td></tr>
<tr><td>区县</td><td>指标名称</td><td>计量单位</td><td>1-6月累计</td></tr>
<tr><td>七星关区</td><td>煤炭产量</td><td>万吨</td><td rowspan=2>590.5</td></tr>
<tr><td>大方县</td><td>煤炭产量</td><td>万吨</td></tr>
<tr><td>金沙县</td><td>煤炭产量</td><td>万吨</td><td x:num="410.2">410.2</td></tr>
</table></body></html>"""
    path = tmp_path / "能源局_2024年6月.xls"
    path.write_text(page, encoding="utf-8")
    obs, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    assert obs[["county", "value_ytd"]].values.tolist() == [["金沙县", 410.2]]
    assert [(f.code, f.cell) for f in failures] == [(Code.VALUE_MERGED, "D3"), (Code.VALUE_MERGED, "D4")]


def test_a_data_table_inside_a_layout_table_is_read_under_its_title(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """An old system's page: an outer layout table (title cell, 填报单位 cell, a cell holding the data table,
    a 注 cell). The inner table's rows are read under the outer title (period June), not flattened into
    one cell's text."""
    page = """<html><head><meta charset="utf-8"></head><body>
<table width="100%"><tr><td align="center"><b>毕节市2024年1-6月能源生产情况</b></td></tr>
<tr><td align="right">填报单位：毕节市能源局</td></tr>
<tr><td><table border="1">
 <tr><th>指标名称</th><th>计量单位</th><th>本月</th><th>1-本月累计</th></tr>
 <tr><td>煤炭产量</td><td>万吨</td><td>612.4</td><td>3550.2</td></tr>
</table></td></tr>
<tr><td>注：数据为快报数。</td></tr></table></body></html>"""
    path = tmp_path / "能源局_2024年6月.xls"
    path.write_text(page, encoding="utf-8")
    values, failures = read(path, settings, catalog)
    assert values == {("coal_output", "value_month"): 612.4, ("coal_output", "value_ytd"): 3550.2}
    assert [f.code for f in failures] == [Code.NOTE_IGNORED]
