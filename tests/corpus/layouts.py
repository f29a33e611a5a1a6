"""The corpus layouts, cell by cell, as departments lay their tables out (see README.md here).

Rows are lists of cells from column A of Excel row 1 (``rows[0]`` is row 1, ``[]`` a blank row).
``None`` is an empty cell; merges are Excel ranges whose value sits in the top-left cell. The expected
values of each file are typed by hand in ``<stem>.expected.csv`` from these literal rows.
"""

from __future__ import annotations

from generate import Book, F, Formula, Sheet, pct, ym

_ = None  # an empty cell, to keep the rows aligned

BOOKS: list[Book] = []


def book(*args, **kwargs) -> Book:
    b = Book(*args, **kwargs)
    BOOKS.append(b)
    return b


# ---------------------------------------------------------------------------------------------
# Batch 1

book(
    "e01_energy_bennian_2row",
    "libreoffice",
    "xlsx",
    "能源局",
    ["long", "header-2row", "merge-across", "merge-down", "title", "date-line", "signature-footer"],
    "能源局 1-6月: 本年 over 本月 | 1-6月累计, 上年同期 and 同比增长（%） merged down; a signature row under the table",
    [
        Sheet(
            "能源生产",
            [
                ["毕节市2024年1-6月能源生产情况"],
                ["填报单位：毕节市能源局", _, _, _, "制表日期：2024年7月8日"],
                ["指标名称", "计量单位", "本年", _, "上年同期", "同比增长（%）"],
                [_, _, "本月", "1-6月累计", _, _],
                ["煤炭产量", "万吨", 612.4, 3550.2, 3268.5, 8.6],
                ["电煤供应量", "万吨", 331.6, 1958.3, 1872.1, 4.6],
                ["发电量", "亿千瓦时", 41.2, 268.4, 255.9, 4.9],
                ["煤层气产量", "万立方米", 203.5, 1186.0, 1002.3, 18.3],
                [],
                ["单位负责人：张建国", _, "统计负责人：李娟", _, "填表人：王磊", "联系电话：0857-8231567"],
            ],
            merges=["A1:F1", "A3:A4", "B3:B4", "C3:D3", "E3:E4", "F3:F4"],
        )
    ],
)

book(
    "e02_energy_3row_colnum_form",
    "libreoffice",
    "xls",
    "能源局",
    [
        "long",
        "header-3row",
        "column-numbers",
        "form-metadata",
        "merge-across",
        "merge-down",
        "ignored-column",
    ],
    "能源局 1-5月 official form: 表号/制定机关/有效期至 top right, 本月 and 1-5月累计 groups, 甲 乙 1 2 … row; 上年同月 has no field",
    [
        Sheet(
            "表1",
            [
                ["毕节市新能源发展情况月报", _, _, _, _, _, "表    号：毕能源02表"],
                ["2024年1-5月", _, _, _, _, _, "制定机关：毕节市能源局"],
                ["填报单位：市能源局", _, _, _, _, _, "有效期至：2025年12月"],
                ["指标名称", "计量单位", "本月", _, "1-5月累计", _, _],
                [_, _, "本期", "上年同月", "本期", "上年同期", "同比增长(%)"],
                ["甲", "乙", "1", "2", "3", "4", "5"],
                ["新增新能源装机规模", "万千瓦", 4.6, 3.1, 17.8, 12.5, 42.4],
                ["开工建设新能源项目", "个", 1, 2, 6, 5, 20.0],
                ["建成充电桩", "个", 58, 41, 336, 210, 60.0],
                ["立项建设220千伏变电站", "个", 0, 0, 1, 1, 0.0],
            ],
            merges=["A1:E1", "A2:E2", "A4:A5", "B4:B5", "C4:D4", "E4:G4"],
        )
    ],
)

book(
    "e03_forestry_instructions_first",
    "openpyxl",
    "xlsx",
    "林业局",
    ["long", "instructions-sheet", "ignored-column", "serial-number", "leijiwancheng"],
    "林业局 June: a 填报说明 sheet first, the table on the second sheet with 累计完成, 年度目标 and 完成进度(%)",
    [
        Sheet(
            "填报说明",
            [
                ["填报说明"],
                ["1．本表由各县（区）林业部门汇总后报市林业局。"],
                ["2．数据截至每月25日，次月5日前报送。"],
                ["3．计量单位按表内规定填写，不得更改。"],
            ],
        ),
        Sheet(
            "林业",
            [
                ["毕节市林业重点工作推进情况（2024年6月）"],
                ["序号", "指标名称", "计量单位", "年度目标", "累计完成", "完成进度(%)"],
                [1, "营造林", "万亩", 40, 31.2, 78.0],
                [2, "石漠化治理", "平方公里", 150, 64.5, 43.0],
                [3, "国储林建设", "万亩", 10, 4.3, 43.0],
                [4, "天麻产业综合产值", "亿元", 30, 13.8, 46.0],
            ],
            merges=["A1:F1"],
        ),
    ],
)

book(
    "e04_energy_wide_month",
    "libreoffice",
    "xlsx",
    "能源局",
    ["wide-month", "unit-line", "title"],
    "能源局: a row per indicator, a column per month 1月 … 6月 and 1-6月累计; 单位：万吨 on the right",
    [
        Sheet(
            "Sheet1",
            [
                ["2024年1-6月全市煤炭生产及电煤供应情况"],
                [_, _, _, _, _, _, _, "单位：万吨"],
                ["指标名称", "1月", "2月", "3月", "4月", "5月", "6月", "1-6月累计"],
                ["煤炭产量", 598.3, 521.7, 602.5, 611.8, 603.5, 612.4, 3550.2],
                ["电煤供应量", 335.2, 298.4, 326.9, 330.7, 335.5, 331.6, 1958.3],
            ],
            merges=["A1:H1"],
        )
    ],
)

book(
    "e05_commerce_wide_ytd_periods",
    "xlsxwriter",
    "xlsx",
    "商务局",
    ["wide-month", "ytd-columns", "combined-1-2", "unit-line", "negative"],
    "商务局: cumulative growth per period, columns 1-2月 (Spring Festival combined) 1-3月 … 1-6月",
    [
        Sheet(
            "累计增速",
            [
                ["2024年全市商贸主要指标累计增速"],
                ["单位：%"],
                ["指标名称", "1-2月", "1-3月", "1-4月", "1-5月", "1-6月"],
                ["社会消费品零售总额增速", 7.9, 7.7, 7.5, 7.4, 7.6],
                ["网络零售额增速", 13.5, 12.8, 12.2, 11.9, 12.1],
                ["外贸进出口总额增速", -5.2, -3.8, -2.9, -2.4, -2.1],
            ],
            merges=["A1:F1"],
        )
    ],
)

book(
    "e06_energy_wide_county_group",
    "libreoffice",
    "xlsx",
    "能源局",
    ["wide-county", "header-2row", "merge-across", "county-short-forms", "missing-dash", "unit-line"],
    "能源局: 1-6月累计 merged over the counties (short forms 威宁, 百里杜鹃, 金海湖) and 全市合计; 金海湖 has no coal (—)",
    [
        Sheet(
            "分县区",
            [
                ["毕节市2024年1-6月分县（市、区）煤炭生产情况"],
                ["单位：万吨"],
                ["指标名称", "1-6月累计"],
                [
                    _,
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
                    "全市合计",
                ],
                ["煤炭产量", 312.6, 498.3, 402.7, 456.1, 578.4, 612.5, 265.8, 208.5, 215.3, "—", 3550.2],
                ["电煤供应量", 172.4, 274.6, 221.5, 251.8, 318.2, 337.9, 146.3, 115.2, 120.4, "—", 1958.3],
            ],
            merges=["A1:L1", "A3:A4", "B3:L3"],
        )
    ],
)

book(
    "e07_bigdata_wide_indicator_by_county",
    "xlwt",
    "xls",
    "大数据发展管理局",
    ["wide-indicator", "rows-county", "unit-in-header", "county-short-forms", "total-row", "serial-number"],
    "大数据局 1-6月: a row per county (short names), a column per indicator with its unit in brackets, 合计 row",
    [
        Sheet(
            "5G建设",
            [
                ["2024年1-6月各县（市、区）5G网络建设情况"],
                ["序号", "县（市、区）", "新建5G基站（个）", "新建5G应用场景（个）"],
                [1, "七星关", 412, 6],
                [2, "大方", 198, 3],
                [3, "黔西", 236, 4],
                [4, "金沙", 187, 3],
                [5, "织金", 205, 2],
                [6, "纳雍", 176, 2],
                [7, "威宁", 263, 3],
                [8, "赫章", 168, 2],
                [9, "百里杜鹃", 92, 1],
                [10, "金海湖", 199, 4],
                [_, "合计", 2136, 30],
            ],
            merges=["A1:D1"],
        )
    ],
)

book(
    "e08_hrss_rows_month_dates",
    "openpyxl",
    "xlsx",
    "人力资源社会保障局",
    ["wide-indicator", "rows-month", "excel-dates", "header-2row", "merge-across", "unit-in-header"],
    "人社局: a row per month (Excel dates shown 2024年1月), indicator groups with 当月 | 累计 under each",
    [
        Sheet(
            "就业培训",
            [
                ["2024年1-6月就业和技能培训工作进展"],
                ["月份", "城镇新增就业（万人）", _, "开展职业技能培训（万人次）", _],
                [_, "当月", "累计", "当月", "累计"],
                [ym(2024, 1), 0.52, 0.52, 0.85, 0.85],
                [ym(2024, 2), 0.41, 0.93, 0.62, 1.47],
                [ym(2024, 3), 0.68, 1.61, 0.91, 2.38],
                [ym(2024, 4), 0.63, 2.24, 0.74, 3.12],
                [ym(2024, 5), 0.61, 2.85, 0.56, 3.68],
                [ym(2024, 6), 0.67, 3.52, 0.49, 4.17],
            ],
            merges=["A1:E1", "A2:A3", "B2:C2", "D2:E2"],
        )
    ],
)

book(
    "e09_agri_county_in_title",
    "xlsxwriter",
    "xlsx",
    "农业农村局",
    ["long", "county-in-title", "unit-conversion", "note-column"],
    "农业农村局 June, county named in the title (七星关区); 户 for a 万户 target",
    [
        Sheet(
            "Sheet1",
            [
                ["七星关区2024年6月农业农村重点指标完成情况"],
                ["指标名称", "计量单位", "本月", "累计", "备注"],
                ["新建和改造提升高标准农田", "万亩", 0.35, 1.62, _],
                ["新（改）建农村户用卫生厕所", "户", 312, 1856, _],
                ["培育高素质农民", "人", 45, 268, "含线上培训"],
            ],
            merges=["A1:E1"],
        )
    ],
)

_TRANSPORT = {
    4: ((8.6, 24.3), (4.2, 11.5), (41.5, 128.6)),
    5: ((9.1, 33.4), (5.3, 16.8), (38.2, 166.8)),
    6: ((10.4, 43.8), (6.1, 22.9), (45.7, 212.5)),
}
book(
    "e10_transport_sheet_per_month",
    "libreoffice",
    "xlsx",
    "交通运输局",
    ["long", "sheet-per-month", "unit-line", "leijiwancheng"],
    "交通运输局: one workbook, a sheet per month (4月, 5月, 6月) each titled with its own period",
    [
        Sheet(
            f"{m}月",
            [
                [f"毕节市2024年1-{m}月交通运输重点工作完成情况"],
                ["单位：公里"],
                ["指标名称", "本月", "累计完成"],
                ["乡镇通三级及以上公路", *v[0]],
                ["农村公路大中修", *v[1]],
                ["村道安全生命防护工程", *v[2]],
            ],
            merges=["A1:C1"],
        )
        for m, v in _TRANSPORT.items()
    ],
)

book(
    "e11_stats_level_growth",
    "libreoffice",
    "xls",
    "统计局",
    ["level-growth", "half-year-title"],
    "统计局 上半年: level and growth rows (地区生产总值 | 亿元 | 1123.4 | 5.6) for growth targets",
    [
        Sheet(
            "主要指标",
            [
                ["2024年上半年毕节市主要经济指标"],
                ["指标", "单位", "绝对值", "比上年增长（%）"],
                ["地区生产总值", "亿元", 1123.4, 5.6],
                ["第一产业增加值", "亿元", 146.2, 4.1],
                ["第二产业增加值", "亿元", 372.5, 6.8],
                ["第三产业增加值", "亿元", 604.7, 5.3],
                ["城镇常住居民人均可支配收入", "元", 21056, 5.2],
                ["农村常住居民人均可支配收入", "元", 8120, 7.9],
            ],
            merges=["A1:D1"],
        )
    ],
)

book(
    "e12_ecology_stacked_tables",
    "openpyxl",
    "xlsx",
    "生态环境局",
    ["stacked-tables", "shares", "long"],
    "生态环境局 June: three small tables on one sheet, each with its own title and header",
    [
        Sheet(
            "环境质量",
            [
                ["毕节市2024年1-6月环境空气质量状况"],
                ["指标名称", "计量单位", "本期值"],
                ["中心城市环境空气质量优良率", "%", 98.9],
                ["县级以上城市环境空气质量优良率", "%", 97.8],
                [],
                ["毕节市2024年1-6月水环境质量状况"],
                ["指标名称", "计量单位", "本期值"],
                ["县城以上集中式饮用水水源地水质优良比例", "%", 100],
                ["主要河流出境断面水质优良比例", "%", 100],
                ["医疗废物集中无害化处置率", "%", 100],
                [],
                ["毕节市2024年6月农村环境整治进展"],
                ["指标名称", "计量单位", "本月", "累计"],
                ["完成农村生活污水治理行政村", "个", 6, 31],
            ],
        )
    ],
)

book(
    "e13_drc_percent_formatted",
    "xlsxwriter",
    "xlsx",
    "发展改革委",
    ["long", "percent-format", "shares", "single-period-column"],
    "发展改革委 1-6月: growth and shares typed as Excel percentages (0.472 shown 47.2%)",
    [
        Sheet(
            "投资",
            [
                ["2024年1-6月全市投资主要指标"],
                ["指标名称", "计量单位", "1-6月", "同比增长"],
                ["固定资产投资增速", "%", pct(0.051), _],
                ["民间投资占比", "%", pct(0.472), _],
                ["新增储备项目", "个", 186, pct(0.124)],
                ["新增储备项目总投资", "亿元", 152.6, pct(0.087)],
                ["基础设施投资", "亿元", 35.8, pct(-0.032)],
            ],
            merges=["A1:D1"],
        )
    ],
)

book(
    "e14_commerce_words",
    "libreoffice",
    "xlsx",
    "商务局",
    ["long", "level-growth", "words-in-cells"],
    "商务局 1-6月: growth written in words (增长7.6%, 下降2.1%, 持平) beside the level",
    [
        Sheet(
            "商务运行",
            [
                ["2024年1-6月商务运行情况"],
                ["指标名称", "计量单位", "1-6月", "比上年同期增减"],
                ["社会消费品零售总额", "亿元", 612.3, "增长7.6%"],
                ["网络零售额", "亿元", 48.2, "增长12.1%"],
                ["外贸进出口总额", "亿元", 15.6, "下降2.1%"],
                ["新增限额以上批零住餐企业", "户", 46, "持平"],
            ],
            merges=["A1:D1"],
        )
    ],
)

book(
    "e15_tourism_units_in_cells",
    "xlwt",
    "xls",
    "文化广电旅游局",
    ["long", "units-in-cells", "thousands-separator", "half-year-title", "no-unit-column", "note-column"],
    "文旅局 上半年: one 完成值 column, units typed in the cells (1,498元, 12.6万张, 1,856家)",
    [
        Sheet(
            "文旅指标",
            [
                ["2024年上半年文化旅游主要指标完成情况"],
                ["序号", "指标名称", "完成值", "备注"],
                [1, "过夜游客人均花费", "1,498元", _],
                [2, "旅游床位", "12.6万张", _],
                [3, "新增涉旅市场主体", "1,856家", _],
                [4, "推进重大旅游项目建设", "12个", "其中新开工5个"],
                [5, "送文化下乡演艺活动", "64场", _],
            ],
            merges=["A1:D1"],
        )
    ],
)

# Keep the names used (a later batch uses F and Formula).
__all__ = ["BOOKS", "F", "Formula"]
