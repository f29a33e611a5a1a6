"""Tables as departments lay them out (issue #13): header paths, layouts, sheets, each on a real file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bijie_etl.catalog import Catalog, load_catalog_from_settings
from bijie_etl.errors import Code, Severity
from bijie_etl.ingest.reading import FileRead, read_file
from bijie_etl.settings import Settings, load_settings
from bijie_etl.validate.rules import validate
from spreadsheets import write_csv, write_xls, write_xlsx

AS_OF = date(2024, 11, 15)


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def catalog(settings: Settings) -> Catalog:
    return load_catalog_from_settings(settings)


def loaded(read: FileRead, catalog: Catalog, name: str = "f.xlsx") -> list[tuple[str, str, str, str, float]]:
    """Every loaded value as (code, county, period, measure, value), sorted."""
    obs, _ = validate(read, catalog, as_of=AS_OF, file_name=name)
    out = []
    for rec in obs.to_dict("records"):
        for measure in ("value_month", "value_ytd", "value_ytd_prior", "growth_pct"):
            v = rec[measure]
            if v is not None and v == v:
                out.append(
                    (rec["indicator_code"], rec["county"], rec["period"].isoformat()[:7], measure, float(v))
                )
    return sorted(out)


def problems(
    read: FileRead, catalog: Catalog, name: str = "f.xlsx"
) -> list[tuple[str, str | None, str | None]]:
    _, failures = validate(read, catalog, as_of=AS_OF, file_name=name)
    return [(f.code.value, f.sheet, f.cell) for f in failures]


# ------------------------------------------------------------------------------------------
# Header paths


def test_two_row_header_grouped_by_period_with_columns_merged_down(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """本年 over 本月 | 1-6月累计 with 上年同期 and 同比增长（%） merged down through both rows is read as four measures."""
    path = write_xlsx(
        tmp_path / "a.xlsx",
        {
            "S": [
                ["毕节市2024年1-6月能源生产情况"],
                ["指标名称", "计量单位", "本年", None, "上年同期", "同比增长（%）"],
                [None, None, "本月", "1-6月累计", None, None],
                ["原煤产量", "万吨", 520.5, 3210.5, 3000, 7.0],
            ]
        },
        merges={"S": ["A1:F1", "A2:A3", "B2:B3", "C2:D2", "E2:E3", "F2:F3"]},
    )
    read = read_file(path, settings)
    table = read.sheets[0].table
    assert table is not None
    assert [c.path for c in table.columns] == [
        ("指标名称",),
        ("计量单位",),
        ("本年", "本月"),
        ("本年", "1-6月累计"),
        ("上年同期",),
        ("同比增长（%）",),
    ]
    assert [c.cells[-1] for c in table.columns] == ["A2", "B2", "C3", "D3", "E2", "F2"]
    assert loaded(read, catalog) == [
        ("coal_output", "全市", "2024-06", "growth_pct", 7.0),
        ("coal_output", "全市", "2024-06", "value_month", 520.5),
        ("coal_output", "全市", "2024-06", "value_ytd", 3210.5),
        ("coal_output", "全市", "2024-06", "value_ytd_prior", 3000.0),
    ]


def test_three_row_header_with_column_number_row(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A three-row header (2024年1-6月 › 本年 › 累计) and an official 甲 乙 1 2 3 row under it are all header."""
    path = write_xls(
        tmp_path / "b.xls",
        {
            "S": [
                ["指标名称", "计量单位", "2024年1-6月", None, None],
                [None, None, "本年", None, "同比增长(%)"],
                [None, None, "本月", "累计", None],
                ["甲", "乙", 1, 2, 3],
                ["原煤产量", "万吨", 520.5, 3210.5, 7.0],
            ]
        },
        merges={"S": ["A1:A3", "B1:B3", "C1:E1", "C2:D2", "E2:E3"]},
    )
    read = read_file(path, settings)
    assert read.sheets[0].header_row == 4
    assert read.sheets[0].period_hint == date(2024, 6, 1)
    assert loaded(read, catalog) == [
        ("coal_output", "全市", "2024-06", "growth_pct", 7.0),
        ("coal_output", "全市", "2024-06", "value_month", 520.5),
        ("coal_output", "全市", "2024-06", "value_ytd", 3210.5),
    ]


def test_unit_in_header_brackets_is_taken_off_and_kept(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """本月（万吨） is the 本月 column and 1-6月累计(吨) the 累计 column; each keeps its unit, and values convert."""
    path = write_xlsx(
        tmp_path / "u_2024-06.xlsx",
        {"S": [["指标名称", "本月（万吨）", "1-6月累计(吨)"], ["原煤产量", 520.5, 31_500_000]]},
    )
    read = read_file(path, settings)
    sheet = read.sheets[0]
    assert sheet.columns == {"indicator_name": "A", "value_month": "B", "value_ytd": "C"}
    row = sheet.rows.to_dict("records")[0]
    assert (row["unit:value_month"], row["unit:value_ytd"]) == ("万吨", "吨")
    assert (sheet.fixed_cells["unit:value_month"], sheet.fixed_cells["unit:value_ytd"]) == ("B1", "C1")
    assert loaded(read, catalog) == [
        ("coal_output", "全市", "2024-06", "value_month", 520.5),
        ("coal_output", "全市", "2024-06", "value_ytd", 3150.0),
    ]


def test_unknown_column_and_plan_column_are_warned_not_dropped_silently(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A column the grammar does not know and a 年度目标 column each give COLUMN_IGNORED at their header cell."""
    path = write_xlsx(
        tmp_path / "c_2024-06.xlsx",
        {
            "S": [
                ["指标名称", "计量单位", "年度目标", "1-本月累计", "责任领导"],
                ["原煤产量", "万吨", 7300, 3150, "张三"],
            ]
        },
    )
    read = read_file(path, settings)
    assert [(w.code, w.cell) for w in read.sheets[0].warnings] == [
        (Code.COLUMN_IGNORED, "C1"),
        (Code.COLUMN_IGNORED, "E1"),
    ]
    assert all(w.severity is Severity.WARNING for w in read.sheets[0].warnings)
    assert loaded(read, catalog) == [("coal_output", "全市", "2024-06", "value_ytd", 3150.0)]


def test_columns_without_header_text_are_warned_once_per_run(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Values under blank or numeric header cells beside a table are not read and give one COLUMN_IGNORED per run of columns."""
    path = write_xlsx(
        tmp_path / "c_2024-06.xlsx",
        {
            "S": [
                ["指标名称", "计量单位", "1-本月累计", None, 5, 6, 7],
                ["原煤产量", "万吨", 3150, 1, 2, 3, 4],
            ]
        },
    )
    read = read_file(path, settings)
    assert [(w.code, w.cell, w.value) for w in read.sheets[0].warnings] == [
        (Code.COLUMN_IGNORED, "D1", "D列至G列（共4列）"),
    ]
    assert loaded(read, catalog) == [("coal_output", "全市", "2024-06", "value_ytd", 3150.0)]


def test_transposed_table_a_row_per_measure_and_a_column_per_indicator(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """项目 rows 本月 | 1-6月累计 | 年度目标 under indicator columns give each indicator its measures; the plan row is warned, not read."""
    path = write_xlsx(
        tmp_path / "t.xlsx",
        {
            "S": [
                ["2024年1-6月能源生产情况"],
                ["项目", "原煤产量（万吨）", "发电量（亿千瓦时）"],
                ["本月", 520.5, 41.2],
                ["1-6月累计", 3210.5, 268.4],
                ["年度目标", 7300, 520],
            ]
        },
    )
    read = read_file(path, settings)
    assert [(w.code, w.cell) for w in read.sheets[0].warnings] == [(Code.COLUMN_IGNORED, "A5")]
    assert "计划数" in read.sheets[0].warnings[0].message_zh
    assert loaded(read, catalog) == [
        ("coal_output", "全市", "2024-06", "value_month", 520.5),
        ("coal_output", "全市", "2024-06", "value_ytd", 3210.5),
        ("power_generation", "全市", "2024-06", "value_month", 41.2),
        ("power_generation", "全市", "2024-06", "value_ytd", 268.4),
    ]


def test_quarter_and_half_year_columns_are_years_to_date_and_a_lone_quarter_is_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """一季度/上半年/前三季度 are the year to date at March/June/September; 二季度 and 三季度 alone are a quarter's own figure, warned and not read."""
    path = write_xlsx(
        tmp_path / "q.xlsx",
        {
            "S": [
                ["2024年1-9月能源生产情况"],
                ["指标名称", "计量单位", "一季度", "二季度", "上半年", "三季度", "前三季度"],
                ["原煤产量", "万吨", 1600, 1650, 3250, 1700, 4950],
                ["农作物秸秆资源化利用率", "%", 80.1, 85.0, 82.3, 86.0, 83.9],
            ]
        },
    )
    read = read_file(path, settings)
    warned = [(w.code, w.cell) for w in read.sheets[0].warnings]
    assert warned == [(Code.COLUMN_IGNORED, "D2"), (Code.COLUMN_IGNORED, "F2")]
    assert "不是自年初累计" in read.sheets[0].warnings[0].message_zh
    assert loaded(read, catalog) == [
        ("coal_output", "全市", "2024-03", "value_ytd", 1600.0),
        ("coal_output", "全市", "2024-06", "value_ytd", 3250.0),
        ("coal_output", "全市", "2024-09", "value_ytd", 4950.0),
    ]
    obs, _ = validate(read, catalog, as_of=AS_OF, file_name="q.xlsx")
    straw = obs[obs["indicator_code"] == "straw_utilization"]
    assert sorted(zip(straw["period"].map(str), straw["value"], strict=True)) == [
        ("2024-03-01", 80.1),
        ("2024-06-01", 82.3),
        ("2024-09-01", 83.9),
    ]


@pytest.mark.parametrize(
    ("label", "month"),
    [("1-2季度", 6), ("一至二季度", 6), ("Q1", 3), ("三季度累计", 9), ("2024年前三季度", 9), ("全年", 12)],
)
def test_cumulative_span_labels_name_the_year_to_date(
    label: str, month: int, tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A span from January (1-2季度, Q1, 三季度累计, 全年 …) heads the year to date at its last month."""
    path = write_xlsx(
        tmp_path / "s.xlsx",
        {"S": [["2024年能源生产情况"], ["指标名称", "计量单位", label], ["原煤产量", "万吨", 3250]]},
    )
    read = read_file(path, settings)
    assert read.sheets[0].warnings == []
    obs, _ = validate(read, catalog, as_of=date(2025, 1, 20), file_name="s.xlsx")
    assert [(r.period.month, r.value_ytd) for r in obs.itertuples()] == [(month, 3250.0)]


def test_a_lone_figure_under_a_quarter_title_or_period_is_refused(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Under a title or 统计期 naming 二季度, a 本期值 column (the quarter's own total) is warned and not read; 本月 and 累计 columns are read."""
    path = write_xlsx(
        tmp_path / "q2.xlsx",
        {
            "标题": [
                ["毕节市2024年二季度能源生产情况"],
                ["指标名称", "计量单位", "本期值", "本月", "1-本月累计"],
                ["原煤产量", "万吨", 1650, 560, 3250],
            ],
            "统计期": [
                ["指标名称", "计量单位", "统计期", "本期值"],
                ["发电量", "亿千瓦时", "2024年二季度", 120.5],
            ],
        },
    )
    read = read_file(path, settings)
    assert [(w.code, w.sheet, w.cell) for s in read.sheets for w in s.warnings] == [
        (Code.COLUMN_IGNORED, "标题", "C2"),
        (Code.COLUMN_IGNORED, "统计期", "D2"),
    ]
    assert "二季度" in read.sheets[0].warnings[0].message_zh
    assert loaded(read, catalog) == [
        ("coal_output", "全市", "2024-06", "value_month", 560.0),
        ("coal_output", "全市", "2024-06", "value_ytd", 3250.0),
    ]


def test_county_section_rows_and_counties_written_once_name_the_rows_below(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """一、七星关区 section rows (no 区县 column) and a 区县 cell left blank below its group's first row give the rows their county."""
    path = write_xlsx(
        tmp_path / "c.xlsx",
        {
            "节": [
                ["2024年1-6月能源生产情况"],
                ["指标名称", "计量单位", "1-6月累计"],
                ["一、七星关区", None, None],
                ["原煤产量", "万吨", 252.8],
                ["二、大方县", None, None],
                ["原煤产量", "万吨", 505.4],
            ],
            "组": [
                ["2024年1-6月能源生产情况"],
                ["区县", "指标名称", "计量单位", "1-6月累计"],
                ["黔西市", "原煤产量", "万吨", 456.6],
                [None, "发电量", "亿千瓦时", 62.6],
            ],
        },
    )
    read = read_file(path, settings)
    assert [w for s in read.sheets for w in s.warnings] == []
    assert loaded(read, catalog) == [
        ("coal_output", "七星关区", "2024-06", "value_ytd", 252.8),
        ("coal_output", "大方县", "2024-06", "value_ytd", 505.4),
        ("coal_output", "黔西市", "2024-06", "value_ytd", 456.6),
        ("power_generation", "黔西市", "2024-06", "value_ytd", 62.6),
    ]


def test_tables_side_by_side_are_each_read(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """A list printed in two halves side by side (指标名称 | 本月 | 累计, twice) is two tables over the same rows."""
    path = write_xlsx(
        tmp_path / "s.xlsx",
        {
            "S": [
                ["2024年1-6月能源生产情况"],
                ["指标名称", "本月", "累计", None, "指标名称", "本月", "累计"],
                ["原煤产量", 612.4, 3550.2, None, "发电量", 41.2, 268.4],
            ]
        },
    )
    read = read_file(path, settings)
    assert [len(s.rows) for s in read.sheets] == [1, 1]
    assert loaded(read, catalog) == [
        ("coal_output", "全市", "2024-06", "value_month", 612.4),
        ("coal_output", "全市", "2024-06", "value_ytd", 3550.2),
        ("power_generation", "全市", "2024-06", "value_month", 41.2),
        ("power_generation", "全市", "2024-06", "value_ytd", 268.4),
    ]


def test_last_year_column_is_the_prior_and_month_end_labels_are_years_to_date(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """2024年1-6月 | 2023年1-6月: the 2023 column is 上年同期 (the period comes from the columns); 截至6月底累计 is the year to date."""
    path = write_xlsx(
        tmp_path / "y.xlsx",
        {
            "年": [["指标名称", "2024年1-6月", "2023年1-6月"], ["原煤产量", 3550.2, 3268.5]],
            "底": [["2024年能源"], ["指标名称", "本月", "截至6月底累计"], ["发电量", 41.2, 268.4]],
        },
    )
    read = read_file(path, settings)
    assert loaded(read, catalog) == [
        ("coal_output", "全市", "2024-06", "value_ytd", 3550.2),
        ("coal_output", "全市", "2024-06", "value_ytd_prior", 3268.5),
        ("power_generation", "全市", "2024-06", "value_month", 41.2),
        ("power_generation", "全市", "2024-06", "value_ytd", 268.4),
    ]


def test_blank_header_over_the_names_is_read_as_the_name_column(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A header with 本月 | 累计 but nothing over the indicator names (or the counties) reads that column as their names."""
    path = write_xlsx(
        tmp_path / "b.xlsx",
        {
            "指标": [["2024年1-6月"], [None, "本月", "累计"], ["原煤产量", 612.4, 3550.2]],
            "县": [["2024年1-6月原煤产量"], [None, "本月", "累计"], ["七星关区", 42.3, 252.8]],
        },
    )
    read = read_file(path, settings)
    assert [c.role.field for s in read.sheets for c in s.table.columns[:1]] == ["indicator_name", "county"]
    assert loaded(read, catalog) == [
        ("coal_output", "七星关区", "2024-06", "value_month", 42.3),
        ("coal_output", "七星关区", "2024-06", "value_ytd", 252.8),
        ("coal_output", "全市", "2024-06", "value_month", 612.4),
        ("coal_output", "全市", "2024-06", "value_ytd", 3550.2),
    ]


def test_short_signature_footer_forecasts_and_q1_q2_labels(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """审核：/填报：/电话： footers are notes, a 全年预计 column is a forecast (not read), Q1-Q2 is the year to date at June."""
    path = write_xlsx(
        tmp_path / "f.xlsx",
        {
            "S": [
                ["2024年1-6月能源生产"],
                ["指标名称", "计量单位", "Q1-Q2", "全年预计"],
                ["原煤产量", "万吨", 3550.2, 7400],
                ["审核：刘洋", None, "填报：陈敏", "电话：8226601"],
            ]
        },
    )
    read = read_file(path, settings)
    assert sorted((w.code.value, w.cell) for w in read.sheets[0].warnings) == [
        ("column_ignored", "D2"),
        ("note_ignored", "A4"),
    ]
    assert loaded(read, catalog) == [("coal_output", "全市", "2024-06", "value_ytd", 3550.2)]


def test_quarter_rows_refuse_only_their_own_figures_and_sections_keep_the_lone_figure_rule(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """统计期 一季度 | 二季度 with 本期值: 一季度's is March's year to date, 二季度's is warned and not read; 本期值 under a county section is the 累计."""
    path = write_xlsx(
        tmp_path / "q.xlsx",
        {
            "季": [
                ["2024年能源生产情况"],
                ["指标名称", "计量单位", "统计期", "本期值"],
                ["原煤产量", "万吨", "一季度", 1700.2],
                ["原煤产量", "万吨", "二季度", 1850.0],
            ],
            "县": [
                ["2024年1-6月能源生产情况"],
                ["指标名称", "计量单位", "本期值"],
                ["一、七星关区", None, None],
                ["原煤产量", "万吨", 252.8],
            ],
        },
    )
    read = read_file(path, settings)
    assert [(w.code, w.sheet, w.cell) for s in read.sheets for w in s.warnings] == [
        (Code.COLUMN_IGNORED, "季", "D4")
    ]
    assert loaded(read, catalog) == [
        ("coal_output", "七星关区", "2024-06", "value_ytd", 252.8),
        ("coal_output", "全市", "2024-03", "value_ytd", 1700.2),
    ]


def test_a_unit_row_with_a_unit_nobody_knows_is_still_the_unit_row(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """计量单位 | | 万辆 under the header is the unit row: the unknown unit is refused (unit_mismatch), the row is not data."""
    path = write_xlsx(
        tmp_path / "u.xlsx",
        {
            "S": [
                ["指标名称", "统计期", "1-本月累计"],
                ["计量单位", None, "万辆"],
                ["原煤产量", "2024-06", 3150.2],
            ]
        },
    )
    read = read_file(path, settings)
    table = read.sheets[0].table
    assert table is not None
    assert table.unit_row == 1
    assert loaded(read, catalog) == []
    assert problems(read, catalog) == [("unit_mismatch", "S", "C3")]


def test_a_title_naming_several_counties_without_a_county_column_is_ambiguous(
    tmp_path: Path, settings: Settings
) -> None:
    """七星关区、大方县2024年1-6月… over a table with no 区县 column cannot say whose figures they are: layout_ambiguous, nothing read."""
    path = write_xlsx(
        tmp_path / "t.xlsx",
        {
            "S": [
                ["七星关区、大方县2024年1-6月煤炭产量"],
                ["指标名称", "本月", "累计"],
                ["原煤产量", 127.4, 758.2],
            ]
        },
    )
    code, message = rejected_or_ambiguous(path, settings)
    assert code is Code.LAYOUT_AMBIGUOUS
    assert "多个区县" in message


def rejected_or_ambiguous(path: Path, settings: Settings) -> tuple[Code, str]:
    """The LAYOUT_AMBIGUOUS failure of a file (raised for the file, or said for its only table)."""
    from bijie_etl.errors import FileRejected

    try:
        read = read_file(path, settings)
    except FileRejected as exc:
        return exc.code, str(exc)
    failure = next(w for s in read.sheets for w in s.warnings if w.code is Code.LAYOUT_AMBIGUOUS)
    return failure.code, failure.message_zh


def test_section_rows_are_skipped_with_a_warning(tmp_path: Path, settings: Settings) -> None:
    """一、工业 (a name, no values, not an indicator) is skipped with SECTION_ROW_SKIPPED; an indicator without values is kept."""
    path = write_xlsx(
        tmp_path / "s.xlsx",
        {
            "S": [
                ["指标名称", "计量单位", "1-本月累计"],
                ["一、能源", None, None],
                ["原煤产量", "万吨", 3150],
                ["发电量", "亿千瓦时", None],
            ]
        },
    )
    sheet = read_file(path, settings).sheets[0]
    assert [(w.code, w.cell) for w in sheet.warnings] == [(Code.SECTION_ROW_SKIPPED, "A2")]
    assert list(sheet.rows["row"]) == [3, 4]


# ------------------------------------------------------------------------------------------
# Layouts


def test_wide_by_month_reads_every_month(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """1月 … 6月 and 1-6月累计: each month column is that month's value, the range the year to date (months before derived when complete)."""
    path = write_xlsx(
        tmp_path / "m.xlsx",
        {
            "S": [
                ["2024年1-6月原煤产量"],
                ["指标名称", "计量单位", "1月", "2月", "3月", "4月", "5月", "6月", "1-6月累计"],
                ["原煤产量", "万吨", 500, 510, 520, 530, 540, 550, 3150],
            ]
        },
    )
    read = read_file(path, settings)
    assert read.sheets[0].layout == "wide_by_month"
    values = loaded(read, catalog)
    months = [v for v in values if v[3] == "value_month"]
    assert months == [
        ("coal_output", "全市", f"2024-0{m}", "value_month", 490.0 + 10 * m) for m in range(1, 7)
    ]
    assert ("coal_output", "全市", "2024-06", "value_ytd", 3150.0) in values
    assert ("coal_output", "全市", "2024-03", "value_ytd", 1530.0) in values
    obs, failures = validate(read, catalog, as_of=AS_OF, file_name="m.xlsx")
    assert failures == []
    june = obs[obs["period"] == date(2024, 6, 1)].iloc[0]
    assert (june["cell"], june["cells"]) == ("I3", '{"value_month": "H3", "value_ytd": "I3"}')


def test_wide_by_county(tmp_path: Path, settings: Settings, catalog: Catalog) -> None:
    """A column per county (七星关区 大方县 … 全市合计) gives one value per county; 全市合计 is the city."""
    path = write_xlsx(
        tmp_path / "c.xlsx",
        {
            "S": [
                ["2024年1-6月分县原煤产量"],
                ["指标名称", "单位", "七星关区", "威宁县", "全市合计"],
                ["原煤产量", "万吨", 100, 200, 3150],
            ]
        },
    )
    read = read_file(path, settings)
    assert read.sheets[0].layout == "wide_by_county"
    assert loaded(read, catalog) == [
        ("coal_output", "七星关区", "2024-06", "value_ytd", 100.0),
        ("coal_output", "全市", "2024-06", "value_ytd", 3150.0),
        ("coal_output", "威宁彝族回族苗族自治县", "2024-06", "value_ytd", 200.0),
    ]


def test_one_unknown_indicator_row_of_a_wide_by_county_table_is_one_failure(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """An indicator row nobody knows, with a value under each of eleven counties, is one failure of its name cell (not eleven), and none of its values loads."""
    counties = [
        "七星关区",
        "大方县",
        "黔西市",
        "金沙县",
        "织金县",
        "纳雍县",
        "威宁县",
        "赫章县",
        "百里杜鹃",
        "金海湖",
        "全市",
    ]
    path = write_xlsx(
        tmp_path / "c.xlsx",
        {
            "6月": [
                ["毕节市2024年1-6月主要指标（分县区）"],
                ["指标名称", "计量单位", *counties],
                ["煤炭产量", "万吨", *[100 + i for i in range(10)], 1045],
                ["神秘指标甲", "万元", *range(1, 12)],
                ["神秘指标乙", "万元", *range(1, 12)],
            ]
        },
    )
    read = read_file(path, settings)
    assert problems(read, catalog) == [("unknown_indicator", "6月", "A4"), ("unknown_indicator", "6月", "A5")]
    assert {code for code, *_ in loaded(read, catalog)} == {"coal_output"}
    assert len(loaded(read, catalog)) == 11


def test_wide_by_indicator_with_a_row_per_county(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A column per indicator (units in brackets) and a row per county: each cell is that indicator's headline measure."""
    path = write_csv(
        tmp_path / "2024年1-6月分县.csv",
        [
            ["区县", "原煤产量（万吨）", "规上工业增加值增速(%)"],
            ["七星关区", "120.5", "6.1"],
            ["全市", "3150", "7.2"],
        ],
    )
    read = read_file(path, settings)
    assert read.sheets[0].layout == "wide_by_indicator"
    assert loaded(read, catalog, path.name) == [
        ("coal_output", "七星关区", "2024-06", "value_ytd", 120.5),
        ("coal_output", "全市", "2024-06", "value_ytd", 3150.0),
        ("industrial_value_added_growth", "七星关区", "2024-06", "growth_pct", 6.1),
        ("industrial_value_added_growth", "全市", "2024-06", "growth_pct", 7.2),
    ]


def test_wide_by_indicator_with_a_row_per_month_and_county_in_title(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """月份 rows (1月, 2月) with indicator columns, and the county named in the title (大方县2024年…)."""
    path = write_xlsx(
        tmp_path / "t.xlsx",
        {
            "S": [
                ["大方县2024年各月原煤产量"],
                ["月份", "原煤产量(万吨)"],
                ["1月", 50],
                ["2月", 55],
            ]
        },
    )
    read = read_file(path, settings)
    assert loaded(read, catalog) == [
        ("coal_output", "大方县", "2024-01", "value_month", 50.0),
        ("coal_output", "大方县", "2024-01", "value_ytd", 50.0),
        ("coal_output", "大方县", "2024-02", "value_month", 55.0),
        ("coal_output", "大方县", "2024-02", "value_ytd", 105.0),
    ]


def test_level_and_growth_row_feeds_the_growth_target_and_keeps_the_level(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """地区生产总值 | 亿元 | 1123.4 | 增速 5.6 is the GDP growth target (5.6) with its level kept as 累计 (1123.4 亿元)."""
    path = write_xlsx(
        tmp_path / "g_2024年1-6月.xlsx",
        {"S": [["指标名称", "计量单位", "绝对值", "增速"], ["地区生产总值", "亿元", 1123.4, 5.6]]},
    )
    read = read_file(path, settings)
    obs, failures = validate(read, catalog, as_of=AS_OF, file_name=path.name)
    assert failures == []
    row = obs.iloc[0]
    assert (
        row["indicator_code"],
        row["value"],
        row["growth_pct"],
        row["value_ytd"],
        row["unit_reported"],
    ) == (
        "gdp_growth",
        5.6,
        5.6,
        1123.4,
        "亿元",
    )


def test_ambiguous_layout_is_rejected_with_what_was_ambiguous(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A 指标名称 column and indicator names as column headers at once, or two 本月|累计 pairs: LAYOUT_AMBIGUOUS saying so, nothing loaded."""
    from bijie_etl.run import ingest_file

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    both = write_xlsx(
        inbox / "x_2024-06.xlsx", {"S": [["指标名称", "原煤产量", "发电量"], ["七星关区合计", 1, 2]]}
    )
    twins = write_xlsx(
        inbox / "y_2024-06.xlsx",
        {
            "T": [
                ["指标名称", "计量单位", "本月", "累计", "本月", "累计"],
                ["原煤产量", "万吨", 550, 3150, 520, 3000],
            ]
        },
    )
    for path, words in ((both, "既有“指标名称”列"), (twins, "表头含义相同")):
        sub = ingest_file(path, catalog=catalog, settings=settings, as_of=AS_OF, inbox=inbox)
        assert [(f.code, f.severity) for f in sub.failures] == [(Code.LAYOUT_AMBIGUOUS, Severity.ERROR)]
        assert words in sub.failures[0].message_zh
        assert sub.rows_loaded == 0


# ------------------------------------------------------------------------------------------
# Sheets


def test_sheet_per_month_each_with_its_own_period(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """4月, 5月, 6月 sheets, each titled with its own month: each value gets its own sheet's period (no duplicates)."""
    sheets = {
        f"{m}月": [[f"2024年{m}月原煤产量"], ["指标名称", "计量单位", "1-本月累计"], ["原煤产量", "万吨", v]]
        for m, v in ((4, 2050), (5, 2600), (6, 3150))
    }
    path = write_xlsx(tmp_path / "煤_2024-06.xlsx", sheets)
    read = read_file(path, settings)
    assert [(s.sheet, s.period_hint) for s in read.sheets] == [
        ("4月", date(2024, 4, 1)),
        ("5月", date(2024, 5, 1)),
        ("6月", date(2024, 6, 1)),
    ]
    assert loaded(read, catalog, path.name) == [
        ("coal_output", "全市", "2024-04", "value_ytd", 2050.0),
        ("coal_output", "全市", "2024-05", "value_ytd", 2600.0),
        ("coal_output", "全市", "2024-06", "value_ytd", 3150.0),
    ]


def test_sheet_name_gives_the_month_when_the_title_does_not(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Sheets named 4月 and 5月 without a title take their month from the sheet name and the year from the file name."""
    sheets = {
        f"{m}月": [["指标名称", "计量单位", "1-本月累计"], ["原煤产量", "万吨", v]]
        for m, v in ((4, 2050), (5, 2600))
    }
    path = write_xlsx(tmp_path / "能源局2024年报表.xlsx", sheets)
    read = read_file(path, settings)
    assert [(s.period_hint, s.period_source) for s in read.sheets] == [
        (date(2024, 4, 1), "工作表名“4月”（年份取自标题或文件名）"),
        (date(2024, 5, 1), "工作表名“5月”（年份取自标题或文件名）"),
    ]


def test_duplicate_on_another_sheet_names_that_sheet_and_cell(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """The same indicator and month on two sheets: the second is a duplicate whose message names the first sheet and cell."""
    sheet = [["2024年6月"], ["指标名称", "计量单位", "1-本月累计"], ["原煤产量", "万吨", 3150]]
    path = write_xlsx(tmp_path / "d.xlsx", {"甲表": sheet, "乙表": sheet})
    _, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name="d.xlsx")
    assert [(f.code, f.sheet, f.cell) for f in failures] == [(Code.DUPLICATE_ROW, "乙表", "A3")]
    assert "工作表“甲表”第3行（C3单元格）" in failures[0].message_zh


def test_instruction_sheet_first_is_skipped_with_a_note(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A 填报说明 sheet before the table is skipped with SHEET_SKIPPED; the 累计完成 column on the next sheet loads."""
    path = write_xlsx(
        tmp_path / "e_2024-06.xlsx",
        {
            "填报说明": [["请按要求填写"], ["1. 数值保留两位小数"]],
            "数据": [["指标名称", "计量单位", "累计完成"], ["原煤产量", "万吨", 3150]],
        },
    )
    read = read_file(path, settings)
    assert problems(read, catalog, path.name) == [("sheet_skipped", "填报说明", None)]
    assert loaded(read, catalog, path.name) == [("coal_output", "全市", "2024-06", "value_ytd", 3150.0)]


def test_stacked_tables_on_one_sheet_are_each_read(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """Two tables on one sheet, separated by a blank row and a new title: each is read with its own title's period."""
    path = write_xlsx(
        tmp_path / "st.xlsx",
        {
            "S": [
                ["2024年5月能源生产"],
                ["指标名称", "计量单位", "1-本月累计"],
                ["原煤产量", "万吨", 2600],
                [],
                ["2024年6月能源生产"],
                ["指标名称", "计量单位", "1-本月累计"],
                ["原煤产量", "万吨", 3150],
            ]
        },
    )
    read = read_file(path, settings)
    assert [(s.header_row, s.period_hint) for s in read.sheets] == [
        (2, date(2024, 5, 1)),
        (6, date(2024, 6, 1)),
    ]
    assert loaded(read, catalog) == [
        ("coal_output", "全市", "2024-05", "value_ytd", 2600.0),
        ("coal_output", "全市", "2024-06", "value_ytd", 3150.0),
    ]


# ------------------------------------------------------------------------------------------
# Layout overrides and inspect


def _sources_with_override(tmp_path: Path, text: str) -> Settings:
    import shutil

    sources = tmp_path / "sources"
    shutil.copytree(load_settings().sources_dir, sources, ignore=shutil.ignore_patterns("layouts"))
    (sources / "layouts").mkdir()
    (sources / "layouts" / "energy.yaml").write_text(text, encoding="utf-8")
    return load_settings(sources_dir=sources)


def test_department_layout_override_names_header_rows_a_column_role_and_a_row_code(
    tmp_path: Path, catalog: Catalog
) -> None:
    """sources/layouts/energy.yaml fixes a shape the grammar cannot settle; files in the 能源局 folder read with it."""
    settings = _sources_with_override(
        tmp_path,
        "sheets:\n"
        "  '*':\n"
        "    header_rows: [2, 2]\n"
        "    columns:\n"
        "      C: {field: value_ytd}\n"
        "      D: {role: ignore}\n"
        "    rows:\n"
        "      3: coal_output\n",
    )
    inbox = tmp_path / "inbox" / "能源局"
    inbox.mkdir(parents=True)
    path = write_xlsx(
        inbox / "能源_2024-06.xlsx",
        {
            "S": [
                ["自编报表"],
                ["项目", "单位", "完成情况", "说明"],
                ["原煤（商品煤）", "万吨", 3150, "含地方煤矿"],
            ]
        },
    )
    read = read_file(path, settings)
    assert loaded(read, catalog, path.name) == [("coal_output", "全市", "2024-06", "value_ytd", 3150.0)]
    assert [(w.code, w.cell) for w in read.sheets[0].warnings] == [(Code.COLUMN_IGNORED, "D2")]
    from bijie_etl.validate.inspect import format_inspection, inspect_file

    report = inspect_file(path, settings, catalog=catalog, as_of=AS_OF)
    assert report.overrides is not None
    assert report.overrides.endswith("energy.yaml")
    assert [c["column"] for c in report.sheets[0]["columns"] if c.get("override")] == ["C", "D"]
    assert "本部门的表格说明（已应用）" in format_inspection(report)
    # Outside the department's folder, the same file is read by the grammar alone (完成情况 is not known).
    other = write_xlsx(
        tmp_path / "能源_2024-06.xlsx",
        {"S": [["自编报表"], ["项目", "单位", "完成情况"], ["原煤", "万吨", 1]]},
    )
    assert read_file(other, settings).sheets[0].columns == {"indicator_name": "A", "unit": "B"}


def test_inspect_shows_layout_header_paths_period_rows_and_values_without_a_warehouse(
    tmp_path: Path, settings: Settings
) -> None:
    """`bijie-etl inspect FILE --json` describes the table and the values that would load; no warehouse is created."""
    import json

    from typer.testing import CliRunner

    from bijie_etl.cli import app

    path = write_xlsx(
        tmp_path / "m.xlsx",
        {
            "S": [
                ["2024年1-6月原煤产量"],
                ["指标名称", "计量单位", "本年", None, "年度目标"],
                [None, None, "本月", "1-6月累计", None],
                ["一、能源", None, None, None, None],
                ["原煤产量", "万吨", 550, 3150, 7300],
                ["未知指标", "万吨", 1, 2, 3],
            ]
        },
        merges={"S": ["A2:A3", "B2:B3", "C2:D2", "E2:E3"]},
    )
    warehouse = tmp_path / "warehouse"
    result = CliRunner().invoke(
        app, ["--warehouse", str(warehouse), "inspect", "--json", "--as-of", "2024-11-15", str(path)]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    sheet = report["sheets"][0]
    assert (sheet["layout"], sheet["header_rows"], sheet["period"], sheet["period_source"]) == (
        "long",
        [2, 3],
        "2024-06",
        "标题（A1）",
    )
    assert [(c["column"], c["path"], c["field"]) for c in sheet["columns"]] == [
        ("A", ["指标名称"], "indicator_name"),
        ("B", ["计量单位"], "unit"),
        ("C", ["本年", "本月"], "value_month"),
        ("D", ["本年", "1-6月累计"], "value_ytd"),
        ("E", ["年度目标"], None),
    ]
    assert [(r["cell"], r["code"]) for r in report["rows"]] == [("A5", "coal_output"), ("A6", None)]
    assert [(v["measure"], v["value"], v["cell"]) for v in report["values"]] == [
        ("value_month", 550.0, "C5"),
        ("value_ytd", 3150.0, "D5"),
    ]
    assert {(p["code"], p["cell"]) for p in report["problems"]} == {
        ("column_ignored", "E2"),
        ("section_row_skipped", "A4"),
        ("unknown_indicator", "A6"),
    }
    assert not warehouse.exists()
    text = CliRunner().invoke(app, ["inspect", "--as-of", "2024-11-15", str(path)]).stdout
    assert "D列  本年 › 1-6月累计  →  1-本月累计" in text


def test_feedback_report_opens_with_how_the_file_was_read(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """The feedback xlsx and HTML open with 我们是这样读取您的文件的: the skipped sheet, then each table's layout, header rows and period source."""
    from openpyxl import load_workbook

    from bijie_etl.ingest.feedback import write_feedback
    from bijie_etl.run import ingest_file

    inbox = tmp_path / "inbox"
    (inbox / "能源局").mkdir(parents=True)
    path = write_xlsx(
        inbox / "能源局" / "能源_2024-06.xlsx",
        {
            "填报说明": [["请按要求填写"]],
            "6月": [
                ["2024年6月能源生产"],
                ["指标名称", "计量单位", "1-本月累计"],
                ["原煤产量", "万吨", 3150],
            ],
        },
    )
    sub = ingest_file(path, catalog=catalog, settings=settings, as_of=AS_OF, inbox=inbox)
    assert sub.reading == [
        "工作表“填报说明”是填报说明或封面，不是数据表，已跳过。",
        "工作表“6月”，按逐行指标（每行一个指标，列为本月/累计等）读取，表头在第2行，统计期2024年6月，取自标题（A1），共读取1行。",
    ]
    xlsx, html = write_feedback(sub, tmp_path / "out", catalog=catalog)
    cells = [row[0] for row in load_workbook(xlsx).active.iter_rows(min_row=2, max_row=4, values_only=True)]
    assert cells == ["我们是这样读取您的文件的", *sub.reading]
    page = html.read_text(encoding="utf-8")
    assert page.index("我们是这样读取您的文件的") < page.index("<dl>")
    assert "统计期2024年6月，取自标题（A1）" in page


def test_wide_by_month_after_a_combined_1_2_column_adds_months_to_it(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """1-2月 | 3月 | 4月: March's 累计 is 1-2月 plus March, April's adds April (each month loads with a year to date)."""
    path = write_xlsx(
        tmp_path / "m12.xlsx",
        {
            "S": [
                ["2024年原煤产量"],
                ["指标名称", "计量单位", "1-2月", "3月", "4月"],
                ["原煤产量", "万吨", 1000, 520, 530],
            ]
        },
    )
    obs, failures = validate(read_file(path, settings), catalog, as_of=AS_OF, file_name=path.name)
    assert failures == []
    assert [
        (r["period"].month, r["value_month"], r["value_ytd"], r["cell"]) for r in obs.to_dict("records")
    ] == [
        (2, None, 1000.0, "C3"),
        (3, 520.0, 1520.0, "C3+D3"),
        (4, 530.0, 2050.0, "C3+D3+E3"),
    ]


def test_header_row_repeated_mid_table_is_skipped(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A header row printed again inside the body (a page break in the original) is neither data nor a warning."""
    header = ["指标名称", "计量单位", "1-本月累计"]
    path = write_xlsx(
        tmp_path / "r_2024-06.xlsx",
        {"S": [header, ["原煤产量", "万吨", 3150], header, ["发电量", "亿千瓦时", 420]]},
    )
    read = read_file(path, settings)
    assert list(read.sheets[0].rows["row"]) == [2, 4]
    assert problems(read, catalog, path.name) == []


def test_inspect_lists_a_title_indicator_once_per_sheet_not_once_per_county_row(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """An indicator named in a merged header over county rows is one line of 指标行 per sheet, not one per row."""
    from bijie_etl.validate.inspect import format_inspection, inspect_file

    sheets = {
        f"{m}月": [
            [f"毕节市能源局2024年1-{m}月能源生产情况"],
            ["单位：万吨"],
            ["区县", "全市原煤产量", None],
            [None, "本月", "1-本月累计"],
            ["1.七星关区", 100 + m, (100 + m) * m],
            ["2.大方县", 90 + m, (90 + m) * m],
        ]
        for m in (5, 6)
    }
    path = write_xlsx(tmp_path / "能源_分月.xlsx", sheets, merges={s: ["A3:A4", "B3:C3"] for s in sheets})
    report = inspect_file(path, settings, catalog=catalog, as_of=AS_OF)
    assert [(r["sheet"], r["code"]) for r in report.rows] == [("5月", "coal_output"), ("6月", "coal_output")]
    assert len(report.values) == 8
    assert format_inspection(report).count("“原煤产量” → coal_output") == 2


def test_month_numbers_typed_as_text_under_a_month_group_are_months(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """月份 merged over "1" | "2" | "3" typed as text (a cell formatted 文本) reads as 1月 | 2月 | 3月, as numbers do;
    a column-number row 甲 | 乙 | "1" | "2" under a header stays a column-number row."""
    path = write_xlsx(
        tmp_path / "months.xlsx",
        {
            "S": [
                ["2024年1-3月煤层气产量"],
                ["指标名称", "计量单位", "月份", None, None],
                [None, None, "1", "2", "３"],
                ["煤层气产量", "万立方米", 190.2, 168.5, 201.0],
            ]
        },
        merges={"S": ["A2:A3", "B2:B3", "C2:E2"]},
    )
    got = loaded(read_file(path, settings), catalog)
    assert [(p, m, v) for _c, _county, p, m, v in got if m == "value_month"] == [
        ("2024-01", "value_month", 190.2),
        ("2024-02", "value_month", 168.5),
        ("2024-03", "value_month", 201.0),
    ]
    numbered = write_xlsx(
        tmp_path / "form.xlsx",
        {
            "S": [
                ["毕节市2024年1-6月能源生产情况"],
                ["指标名称", "计量单位", "本月", "1-6月累计"],
                ["甲", "乙", "1", "2"],
                ["煤炭产量", "万吨", 612.4, 3550.2],
            ]
        },
    )
    assert loaded(read_file(numbered, settings), catalog) == [
        ("coal_output", "全市", "2024-06", "value_month", 612.4),
        ("coal_output", "全市", "2024-06", "value_ytd", 3550.2),
    ]


@pytest.mark.parametrize("last_year_first", [False, True], ids=["2024-then-2023", "2023-then-2024"])
def test_two_year_columns_in_either_order_are_this_year_and_its_prior(
    tmp_path: Path, settings: Settings, catalog: Catalog, last_year_first: bool
) -> None:
    """No period in the title; 2024年1-6月 | 2023年1-6月 | 增长(%), or last year first (2023年1-6月 | 2024年1-6月):
    the table is 2024's 1-6月 and the 2023 column its 上年同期 either way (last year first was refused)."""
    years = [("2024年1-6月", 612.3), ("2023年1-6月", 569.0)]
    years = years[::-1] if last_year_first else years
    path = write_xlsx(
        tmp_path / "商务.xlsx",
        {
            "S": [
                ["毕节市商务运行情况"],
                ["指标名称", "计量单位", years[0][0], years[1][0], "增长(%)"],
                ["社会消费品零售总额", "亿元", years[0][1], years[1][1], 7.6],
            ]
        },
    )
    assert loaded(read_file(path, settings), catalog) == [
        ("retail_sales_growth", "全市", "2024-06", "growth_pct", 7.6),
        ("retail_sales_growth", "全市", "2024-06", "value_ytd", 612.3),
        ("retail_sales_growth", "全市", "2024-06", "value_ytd_prior", 569.0),
    ]


def test_figures_typed_as_text_are_data_not_a_second_header_row(
    tmp_path: Path, settings: Settings, catalog: Catalog
) -> None:
    """A header with no word over the names, and the first row's figures typed as text in full-width digits
    (６１２．４): that row is data, not a second header line — its figures were lost without a word."""
    path = write_xlsx(
        tmp_path / "能源.xlsx",
        {
            "S": [
                ["2024年1-6月全市煤炭生产及电煤供应情况"],
                ["单位：万吨"],
                [None, "本月", "1-6月累计", "同比增长(%)"],
                ["煤炭产量", "６１２．４", "３,５５０．２", "８．６"],
                ["电煤供应量", 331.6, 1958.3, 4.6],
            ]
        },
    )
    assert loaded(read_file(path, settings), catalog) == [
        ("coal_output", "全市", "2024-06", "growth_pct", 8.6),
        ("coal_output", "全市", "2024-06", "value_month", 612.4),
        ("coal_output", "全市", "2024-06", "value_ytd", 3550.2),
        ("thermal_coal_supply", "全市", "2024-06", "growth_pct", 4.6),
        ("thermal_coal_supply", "全市", "2024-06", "value_month", 331.6),
        ("thermal_coal_supply", "全市", "2024-06", "value_ytd", 1958.3),
    ]
