"""A table dated by one month (2024年6月 in its title, sheet or file name) over a figure saying neither 本月 nor 累计.

毕节市2024年6月主要经济指标 over 指标 | 单位 | 数值: 煤炭产量 612.4 may be June's output or the half year's, and a
growth June's or 1-6月's. A careful reader cannot tell, so the row is refused (``layout_ambiguous`` on the
figure, saying to write 本月 or 1-6月累计) — it was loaded as the year to date. A level (城镇化率) is the same
either way and is read; a range (1-6月) or January (1月 is 1-1月) says the year to date and is read as before.

Files are written by xlsxwriter, read and validated as one batch with the real catalog (``readout.check``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bijie_etl.catalog import Catalog
from bijie_etl.settings import Settings
from readout import check, codes, figures
from spreadsheets import write_xlsx

HEADER = ["指标", "单位", "数值"]


def _read(
    tmp_path: Path, settings: Settings, catalog: Catalog, dept: str, sheets: dict, file: str = "月报.xlsx"
):  # type: ignore[no-untyped-def]
    (tmp_path / "inbox" / dept).mkdir(parents=True, exist_ok=True)
    path = write_xlsx(tmp_path / "inbox" / dept / file, sheets)
    return check(path, settings, catalog, as_of=date(2024, 7, 10))


def test_a_month_alone_in_the_title_refuses_a_lone_figure_of_a_cumulative_or_growth_target(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """2024年6月 over 数值: 规上工业增加值增速 refused (June's growth or 1-6月's?), 城镇化率 (a level) read."""
    obs, failures = _read(
        tmp_path, settings, catalog, "统计局",
        {"指标": [["2024年6月毕节市主要经济指标"], HEADER,
                  ["规上工业增加值增速", "%", 6.1], ["常住人口城镇化率", "%", 58.3]]},
    )  # fmt: skip
    assert figures(obs, value=True) == [("urbanization_rate", "全市", None, None, None, 58.3)]
    assert codes(failures) == [("指标", "C3", "layout_ambiguous")]
    assert "6月当月的增速还是1-6月的累计增速" in failures[0].message_zh
    assert "“数值”列（C列）" in failures[0].message_zh
    assert "标题“2024年6月毕节市主要经济指标”（A1）" in failures[0].message_zh


@pytest.mark.parametrize(
    ("sheet", "title", "file"),
    [
        ("能源", ["2024年6月毕节市能源生产情况"], "月报.xlsx"),  # the title
        ("6月", ["毕节市能源生产情况"], "能源局2024年报表.xlsx"),  # the sheet name (the year from the file)
        ("Sheet1", [], "能源局2024年6月.xlsx"),  # the file name
        ("Sheet1", [], "能源局_2024-06.xlsx"),  # the file name, the month in figures
    ],
)
def test_a_month_alone_anywhere_around_the_table_refuses_a_cumulative_figure(
    tmp_path: Path, settings: Settings, catalog: Catalog, sheet: str, title: list[str], file: str
) -> None:
    """煤炭产量 612.4 under 数值 is refused wherever the lone month is stated: title, sheet or file name."""
    rows = [*([title] if title else []), HEADER, ["煤炭产量", "万吨", 612.4]]
    obs, failures = _read(tmp_path, settings, catalog, "能源局", {sheet: rows}, file)
    assert obs.empty
    at = f"C{len(rows)}"
    assert codes(failures) == [(sheet, at, "layout_ambiguous")]
    assert "6月当月数还是1-6月累计数" in failures[0].message_zh
    assert "本行未入库" in failures[0].message_zh


def test_county_columns_under_a_month_alone_are_refused_too(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """2024年6月各县煤炭产量 | 七星关区 | 大方县: each county's figure refused, never loaded as 1-6月."""
    obs, failures = _read(
        tmp_path, settings, catalog, "能源局",
        {"分县": [["2024年6月各县（市、区）煤炭产量"], ["指标名称", "七星关区", "大方县"], ["煤炭产量", 61.2, 40.1]]},
    )  # fmt: skip
    assert obs.empty
    assert codes(failures) == [("分县", "B3", "layout_ambiguous"), ("分县", "C3", "layout_ambiguous")]


@pytest.mark.parametrize(
    ("title", "period"),
    [
        ("毕节市2024年1-6月能源生产情况", "2024-06"),  # a range: the year to date
        ("毕节市2024年上半年能源生产情况", "2024-06"),
        ("截至2024年6月底毕节市能源生产情况", "2024-06"),
        ("毕节市2024年1月能源生产情况", "2024-01"),  # January's own is its year to date
    ],
)
def test_a_range_or_january_reads_the_lone_figure_as_the_year_to_date(
    tmp_path: Path, settings: Settings, catalog: Catalog, title: str, period: str
) -> None:
    """The same table under 1-6月, 上半年, 截至6月底 or 1月: 煤炭产量 612.4 is the year to date, as before."""
    obs, failures = _read(
        tmp_path, settings, catalog, "能源局", {"能源": [[title], HEADER, ["煤炭产量", "万吨", 612.4]]}
    )
    assert figures(obs, period=True) == [("coal_output", "全市", period, None, 612.4, None)]
    assert failures == []


def test_a_column_saying_its_measure_is_read_under_a_month_alone(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """2024年6月 over 本月 | 1-6月累计: each column says what it is; nothing refused."""
    obs, failures = _read(
        tmp_path, settings, catalog, "能源局",
        {"能源": [["2024年6月毕节市能源生产情况"], ["指标", "单位", "本月", "1-6月累计"], ["煤炭产量", "万吨", 612.4, 3550.2]]},
    )  # fmt: skip
    assert figures(obs) == [("coal_output", "全市", 612.4, 3550.2, None)]
    assert failures == []


@pytest.mark.parametrize("period", ["2024年6月", "2024-06"])
def test_a_period_column_naming_one_month_alone_refuses_a_lone_figure_too(
    tmp_path: Path, settings: Settings, catalog: Catalog, period: str
) -> None:
    """统计期 | 指标名称 | 计量单位 | 数值 with 2024年6月 (or 2024-06) on every row: the same question as under a
    title — 煤炭产量 refused on its figure, the message naming the 统计期 cell."""
    obs, failures = _read(
        tmp_path, settings, catalog, "能源局",
        {"能源": [["毕节市能源生产情况"], ["统计期", "指标名称", "计量单位", "数值"], [period, "煤炭产量", "万吨", 612.4]]},
    )  # fmt: skip
    assert obs.empty
    assert codes(failures) == [("能源", "D3", "layout_ambiguous")]
    assert f"统计期“{period}”（A3）只写了6月" in failures[0].message_zh


def test_a_period_column_naming_a_range_reads_the_lone_figure_as_the_year_to_date(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """统计期 2024年1-6月 over 数值: the year to date, read as before."""
    obs, failures = _read(
        tmp_path, settings, catalog, "能源局",
        {"能源": [["毕节市能源生产情况"], ["统计期", "指标名称", "计量单位", "数值"],
                  ["2024年1-6月", "煤炭产量", "万吨", 3550.2]]},
    )  # fmt: skip
    assert figures(obs, period=True) == [("coal_output", "全市", "2024-06", None, 3550.2, None)]
    assert failures == []
