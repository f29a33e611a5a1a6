"""`bijie-etl inspect` promises the values that would load: the nightly run loads exactly those."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import openpyxl

from bijie_etl.catalog import load_catalog_from_settings
from bijie_etl.run import Run
from bijie_etl.settings import Settings
from bijie_etl.validate.inspect import inspect_file

AS_OF = date(2024, 7, 20)


def _statistics_bureau_summary(path: Path) -> Path:
    """A 市统计局 half-year summary as offices write it: a merged two-row header, levels beside growth rates,
    a 单位 line, a note under the table, and one indicator another department owns (原煤产量)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "6月"
    ws.append(["毕节市2024年1-6月主要经济指标完成情况"])
    ws.merge_cells("A1:F1")
    ws.append(["填报单位：毕节市统计局", "", "", "", "单位：亿元、%"])
    ws.append(["指标", "计量单位", "6月", "1-6月", "", "备注"])
    ws.append(["", "", "", "绝对值", "比上年同期增长(%)", ""])
    for cells in ("D3:E3", "A3:A4", "B3:B4", "C3:C4", "F3:F4"):
        ws.merge_cells(cells)
    ws.append(["一、地区生产总值", "亿元", None, 1123.4, 5.6, "季度数据"])
    ws.append(["二、规模以上工业增加值", "亿元", None, None, 7.2, ""])
    ws.append(["其中：原煤产量", "万吨", 610.5, 3590.2, 4.1, ""])
    ws.append(["三、社会消费品零售总额", "亿元", 45.6, 260.3, 6.3, ""])
    ws.append(["四、固定资产投资", "", "", None, -3.5, ""])
    ws.append(["注：地区生产总值为季度数据。"])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def test_inspect_lists_exactly_what_the_run_loads_and_shows_levels_in_their_own_unit(tmp_path: Path) -> None:
    """Inspect and the run agree value for value (ownership refusals included); a growth target's level is shown in 亿元, not %."""
    settings = Settings(
        inbox_dir=tmp_path / "inbox", warehouse_dir=tmp_path / "warehouse", archive_processed=False
    )
    path = _statistics_bureau_summary(tmp_path / "inbox" / "市统计局" / "2024年6月主要指标.xlsx")
    catalog = load_catalog_from_settings(settings, year=2024)

    report = inspect_file(path, settings, catalog=catalog, as_of=AS_OF)
    promised = {(v["indicator_code"], v["measure"], v["value"]) for v in report.values}
    assert (
        "coal_output",
        "value_ytd",
        3590.2,
    ) not in promised  # 市能源局's indicator: refused, as the run does
    assert any(p["code"] == "indicator_not_owned" and p["cell"] == "D7" for p in report.problems)
    gdp_level = next(
        v for v in report.values if v["indicator_code"] == "gdp_growth" and v["measure"] == "value_ytd"
    )
    assert (gdp_level["value"], gdp_level["unit"], gdp_level["level"]) == (1123.4, "亿元", True)

    with Run(settings, AS_OF) as run:
        run.ingest()
    with duckdb.connect(str(settings.database_path), read_only=True) as con:
        rows = con.execute(
            "SELECT indicator_code, value_month, value_ytd, value_ytd_prior, growth_pct FROM v_observation_current"
        ).fetchall()
    measures = ("value_month", "value_ytd", "value_ytd_prior", "growth_pct")
    loaded = {
        (code, m, v) for code, *values in rows for m, v in zip(measures, values, strict=True) if v is not None
    }
    assert loaded == promised
