"""Excel's XML Spreadsheet 2003 sent as .xls (corpus e216 is one LibreOffice wrote).

These files are written as Excel writes them (absolute ss:Index, ss:MergeDown, styles with NumberFormat)
and read through the package's read + validate API, as of 2024-07-10.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.errors import Code, FileRejected
from bijie_etl.ingest.reading import read_file
from bijie_etl.settings import Settings, load_settings
from bijie_etl.validate.rules import validate

AS_OF = date(2024, 7, 10)

HEAD = """<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Styles><Style ss:ID="Default" ss:Name="Normal"/><Style ss:ID="s62"><NumberFormat ss:Format="0.0%"/></Style></Styles>
"""

#: As Excel writes it: the cells under 指标名称/计量单位's MergeDown are left out, the next one has its
#: absolute column in ss:Index; a hidden row; a hidden second sheet (a lookup).
EXCEL_XML = (
    HEAD
    + """ <Worksheet ss:Name="能源"><Table ss:ExpandedColumnCount="4" ss:ExpandedRowCount="5" x:FullColumns="1">
  <Row><Cell ss:MergeAcross="3"><Data ss:Type="String">毕节市2024年1-6月能源生产情况</Data></Cell></Row>
  <Row><Cell ss:MergeDown="1"><Data ss:Type="String">指标名称</Data></Cell>
       <Cell ss:MergeDown="1"><Data ss:Type="String">计量单位</Data></Cell>
       <Cell ss:MergeAcross="1"><Data ss:Type="String">1-6月</Data></Cell></Row>
  <Row><Cell ss:Index="3"><Data ss:Type="String">累计</Data></Cell><Cell><Data ss:Type="String">同比增长</Data></Cell></Row>
  <Row><Cell><Data ss:Type="String">煤炭产量</Data></Cell><Cell><Data ss:Type="String">万吨</Data></Cell>
       <Cell><Data ss:Type="Number">3550.2</Data></Cell><Cell ss:StyleID="s62"><Data ss:Type="Number">0.062</Data></Cell></Row>
  <Row ss:Hidden="1"><Cell><Data ss:Type="String">发电量</Data></Cell><Cell><Data ss:Type="String">亿千瓦时</Data></Cell>
       <Cell><Data ss:Type="Number">268.4</Data></Cell><Cell><Data ss:Type="Number">4.9</Data></Cell></Row>
 </Table></Worksheet>
 <Worksheet ss:Name="代码表"><Table><Row><Cell><Data ss:Type="String">coal_output</Data></Cell></Row></Table>
  <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetHidden</Visible></WorksheetOptions>
 </Worksheet>
</Workbook>
"""
)


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def catalog(settings: Settings) -> Catalog:
    return load_catalog_from_settings(settings)


def test_excels_xml_spreadsheet_is_read_like_a_workbook(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Merged two-row header (absolute ss:Index after the MergeDown, within ss:ExpandedColumnCount), 0.062 in a 0.0% style read as 6.2, the
    hidden row not read (hidden_skipped), the hidden lookup sheet not read."""
    path = tmp_path / "能源局_2024年6月.xls"
    path.write_text(EXCEL_XML, encoding="utf-8")
    obs, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    assert obs[["indicator_code", "value_ytd", "growth_pct"]].values.tolist() == [
        ["coal_output", 3550.2, 6.2]
    ]
    assert [(f.code, f.cell) for f in failures] == [(Code.HIDDEN_SKIPPED, "A5")]


def test_an_index_that_reads_two_ways_under_a_merge_is_refused(tmp_path: Path, settings: Settings) -> None:
    """ss:Index="4" under two merged-down columns, no declared width: column D (Excel) or the fourth
    uncovered cell, F (LibreOffice's counting) — refused, never read with its columns shifted."""
    body = """ <Worksheet ss:Name="能源"><Table>
  <Row><Cell ss:MergeDown="1"><Data ss:Type="String">指标名称</Data></Cell>
       <Cell ss:MergeDown="1"><Data ss:Type="String">计量单位</Data></Cell></Row>
  <Row><Cell ss:Index="4"><Data ss:Type="String">1-6月累计</Data></Cell></Row>
 </Table></Worksheet></Workbook>"""
    path = tmp_path / "能源局_2024年6月.xls"
    path.write_text(HEAD + body, encoding="utf-8")
    with pytest.raises(FileRejected) as err:
        read_file(path, settings)
    assert err.value.code is Code.LAYOUT_AMBIGUOUS


def test_a_dtd_in_an_xml_spreadsheet_is_refused_as_unsafe(tmp_path: Path, settings: Settings) -> None:
    """An entity declaration (billion laughs, external entities) is FILE_UNSAFE before any parsing."""
    bomb = EXCEL_XML.replace('<?mso-application progid="Excel.Sheet"?>', '<!DOCTYPE x [<!ENTITY a "aaaa">]>')
    path = tmp_path / "x.xls"
    path.write_text(bomb.replace("煤炭产量", "&a;"), encoding="utf-8")
    with pytest.raises(FileRejected) as err:
        read_file(path, settings)
    assert err.value.code is Code.FILE_UNSAFE
