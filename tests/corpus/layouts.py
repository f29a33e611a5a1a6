"""The corpus layouts, cell by cell, as departments lay their tables out (see README.md here).

Rows are lists of cells from column A of Excel row 1 (``rows[0]`` is row 1, ``[]`` a blank row).
``None`` is an empty cell; merges are Excel ranges whose value sits in the top-left cell. The expected
values of each file are typed by hand in ``<stem>.expected.csv`` from these literal rows.
"""

from __future__ import annotations

from generate import Book, F, Formula, Sheet, md, pct, ym

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


# ---------------------------------------------------------------------------------------------
# Batch 2 (grids kept one spreadsheet row per line)

# fmt: off
_COUNTIES = ["七星关区", "大方县", "黔西市", "金沙县", "织金县", "纳雍县", "威宁县", "赫章县", "百里杜鹃管理区", "金海湖新区"]

book(
    "e16_energy_canonical_template", "openpyxl", "xlsx", "能源局",
    ["long", "canonical-template", "codes"],
    "能源局 June in the canonical template (指标代码 … 备注): what the reader already reads",
    [Sheet("数据", [
        ["指标代码", "指标名称", "计量单位", "统计期", "区县", "本月", "1-本月累计", "上年同期累计", "累计同比增长(%)", "本期值", "备注"],
        ["coal_output", "煤炭产量", "万吨", "2024-06", "全市", 612.4, 3550.2, 3268.5, 8.6, _, _],
        ["power_generation", "发电量", "亿千瓦时", "2024-06", "全市", 41.2, 268.4, 255.9, 4.9, _, _],
        ["charging_piles", "建成充电桩", "个", "2024-06", "全市", 66, 402, _, _, _, "含公共充电桩"],
    ])],
)

book(
    "e17_hrss_csv_utf8bom_counties", "csv", "csv", "人力资源社会保障局",
    ["long", "county-column", "title", "unit-line", "utf-8-bom"],
    "人社局 June csv (UTF-8 with BOM): title and 单位：万人 lines, a row per county then 全市",
    [Sheet("", [
        ["2024年6月各县（市、区）城镇新增就业情况"],
        ["单位：万人"],
        ["指标名称", "区县", "本月", "1-6月累计"],
        ["城镇新增就业", "七星关区", "0.12", "0.62"],
        ["城镇新增就业", "大方县", "0.06", "0.34"],
        ["城镇新增就业", "黔西市", "0.08", "0.41"],
        ["城镇新增就业", "金沙县", "0.06", "0.33"],
        ["城镇新增就业", "织金县", "0.07", "0.38"],
        ["城镇新增就业", "纳雍县", "0.07", "0.36"],
        ["城镇新增就业", "威宁彝族回族苗族自治县", "0.09", "0.45"],
        ["城镇新增就业", "赫章县", "0.05", "0.29"],
        ["城镇新增就业", "百里杜鹃管理区", "0.02", "0.12"],
        ["城镇新增就业", "金海湖新区", "0.05", "0.22"],
        ["城镇新增就业", "全市", "0.67", "3.52"],
    ])],
    encoding="utf-8-sig",
)

book(
    "e18_stats_csv_gb18030_quarter", "csv", "csv", "统计局",
    ["long", "quarter-title", "gb18030", "single-period-column"],
    "统计局 一季度 csv in GB18030: growth rates in a 1-3月 column",
    [Sheet("", [
        ["2024年一季度毕节市主要经济指标"],
        ["指标名称", "计量单位", "1-3月"],
        ["地区生产总值增速", "%", "5.2"],
        ["第一产业增加值增速", "%", "3.8"],
        ["第二产业增加值增速", "%", "6.1"],
        ["第三产业增加值增速", "%", "5.0"],
        ["城镇常住居民人均可支配收入增速", "%", "5.4"],
        ["农村常住居民人均可支配收入增速", "%", "8.1"],
    ])],
    encoding="gb18030",
)

book(
    "e19_energy_csv_big5_rejected", "csv", "csv", "能源局",
    ["long", "big5", "rejected"],
    "能源局 csv saved in Big5 (traditional characters): must be rejected as file_encoding",
    [Sheet("", [
        ["畢節市2024年1-6月能源生產情況"],
        ["指標名稱", "計量單位", "本月", "累計"],
        ["煤炭產量", "萬噸", "612.4", "3550.2"],
        ["發電量", "億千瓦時", "41.2", "268.4"],
    ])],
    encoding="big5",
)

book(
    "e20_industry_sections_numbered", "libreoffice", "xlsx", "工业和信息化局",
    ["long", "header-2row", "section-rows", "numbered-names", "footnote-marks", "qizhong", "unknown-indicator", "note-footer", "missing-dash"],
    "工信局 1-6月: section rows (一、工业生产), numbered names (1．, （一）), 其中：, a footnote mark * and its 注： line",
    [Sheet("工业", [
        ["2024年1-6月全市工业经济运行主要指标"],
        ["指标名称", "计量单位", "1-6月", _],
        [_, _, "累计", "同比增长(%)"],
        ["一、工业生产", _, _, _],
        ["1．规上工业增加值增速*", "%", "—", 7.2],
        ["2．优质烟酒产业产值", "亿元", 45.8, 9.6],
        ["3．劳动密集型产业产值", "亿元", 13.2, 15.4],
        ["二、企业培育", _, _, _],
        ["（一）新增规模以上工业企业", "户", 38, _],
        ["三、工业投资", _, _, _],
        ["工业投资增速", "%", "—", 12.5],
        ["其中：工业投资占比", "%", 41.2, "—"],
        ["注：*为快报数。"],
    ], merges=["A1:D1", "A2:A3", "B2:B3", "C2:D2"])],
)

book(
    "e21_industry_units_in_headers", "xlsxwriter", "xlsx", "工业和信息化局",
    ["long", "unit-in-header", "unit-conversion", "no-unit-column"],
    "工信局 June: units in the header labels, 本月（万元） and 1-6月累计(亿元), for 亿元 targets",
    [Sheet("产值", [
        ["2024年6月重点产业产值完成情况"],
        ["指标名称", "本月（万元）", "1-6月累计(亿元)", "同比增长（%）"],
        ["优质烟酒产业产值", 78600, 45.8, 9.6],
        ["劳动密集型产业产值", 24500, 13.2, 15.4],
    ], merges=["A1:D1"])],
)

book(
    "e22_housing_unit_row_by_county", "libreoffice", "xls", "住房城乡建设局",
    ["wide-indicator", "rows-county", "unit-row", "unit-conversion", "missing-slash", "total-row"],
    "住建局 1-6月: a row per county, a column per indicator, a 计量单位 row under the header (万元 for a 亿元 target)",
    [Sheet("住建", [
        ["2024年1-6月各县（市、区）住建重点指标完成情况"],
        ["县（市、区）", "房地产开发投资", "城镇地下管网", "城乡生活污水管网"],
        ["计量单位", "万元", "公里", "公里"],
        ["七星关区", 312000, 38.5, 21.3],
        ["大方县", 24500, 9.2, 6.4],
        ["黔西市", 41200, 11.4, 7.2],
        ["金沙县", 33800, 8.6, 5.8],
        ["织金县", 21600, 7.9, 4.9],
        ["纳雍县", 18700, 6.5, 4.1],
        ["威宁县", 25300, 8.8, 6.0],
        ["赫章县", 15900, 5.7, 3.7],
        ["百里杜鹃管理区", 2100, 2.1, "/"],
        ["金海湖新区", 91900, 16.3, 9.6],
        ["全市", 587000, 115.0, 69.0],
    ], merges=["A1:D1"])],
)

book(
    "e23_ecology_pp_change_words", "openpyxl", "xlsx", "生态环境局",
    ["long", "shares", "words-in-cells", "pp-change", "ignored-column"],
    "生态环境局 1-6月: shares with a 比上年同期增减（百分点） column in words (提高1.2个百分点) that is no growth rate",
    [Sheet("Sheet1", [
        ["2024年1-6月生态环境质量主要指标"],
        ["指标名称", "计量单位", "1-6月", "比上年同期增减（百分点）"],
        ["中心城市环境空气质量优良率", "%", 98.9, "提高1.2个百分点"],
        ["县级以上城市环境空气质量优良率", "%", 97.8, "下降0.4个百分点"],
        ["主要河流出境断面水质优良比例", "%", 100, "持平"],
    ])],
)

book(
    "e24_agri_missing_markers_by_county", "xlwt", "xls", "农业农村局",
    ["wide-indicator", "rows-county", "missing-dash", "missing-slash", "blank-cells", "unit-in-header", "total-row"],
    "农业农村局 1-6月: a row per county, counts per indicator, —, / and blanks where a county has nothing",
    [Sheet("分县区", [
        ["2024年1-6月农业产业化重点指标（分县区）"],
        ["县区", "新增市级以上农业龙头企业（家）", "新增认证“二品一标”农产品（个）", "新增粤港澳大湾区“菜篮子”基地（个）"],
        ["七星关区", 3, 2, 2],
        ["大方县", 2, 1, "—"],
        ["黔西市", 2, 2, 3],
        ["金沙县", 1, "/", 1],
        ["织金县", 2, 1, 2],
        ["纳雍县", 1, "—", 1],
        ["威宁县", 3, 2, 2],
        ["赫章县", 1, 1, _],
        ["百里杜鹃", "—", "/", "—"],
        ["金海湖新区", 1, "—", 1],
        ["全市", 16, 9, 12],
    ], merges=["A1:D1"])],
)

book(
    "e25_transport_cover_hidden_lookup", "libreoffice", "xlsx", "交通运输局",
    ["long", "cover-sheet", "hidden-sheet", "title"],
    "交通运输局 1-5月: a 封面 sheet first, the table, and a hidden 代码表 lookup sheet",
    [
        Sheet("封面", [
            ["毕节市交通运输局"],
            ["2024年5月统计月报"],
            [],
            ["报送日期：2024年6月6日"],
        ]),
        Sheet("月报", [
            ["2024年1-5月交通运输主要指标"],
            ["指标名称", "计量单位", "本月", "累计"],
            ["定制公交线路", "条", 1, 3],
            ["城际公交线路", "条", 0, 1],
            ["干线公路与村（组）道路平交道口隐患治理", "处", 286, 1520],
            ["新建农村道路错车道、停车场", "万平方米", 2.8, 14.6],
        ]),
        Sheet("代码表", [
            ["指标名称", "指标代码"],
            ["定制公交线路", "custom_bus_lines"],
            ["城际公交线路", "intercity_bus_lines"],
            ["干线公路与村（组）道路平交道口隐患治理", "level_crossing_hazards"],
            ["新建农村道路错车道、停车场", "rural_road_passing_bays_area"],
        ], hidden=True),
    ],
)

book(
    "e26_finance_1_2_combined", "xlsxwriter", "xlsx", "财政局",
    ["long", "combined-1-2", "money-unit-line", "level-growth", "unknown-indicator", "qizhong"],
    "财政局 1-2月 (Spring Festival combined): 金额单位：亿元, 项目 rows of which only one is a target",
    [Sheet("财政收支", [
        ["2024年1-2月全市财政收支情况"],
        [_, _, _, "金额单位：亿元"],
        ["项目", "1-2月累计", "上年同期", "增长(%)"],
        ["一般公共预算收入", 28.6, 27.5, 4.0],
        ["其中：税收收入", 19.8, 19.1, 3.7],
        ["一般公共预算支出", 95.2, 92.3, 3.1],
    ], merges=["A1:D1"])],
)

book(
    "e27_culture_first_three_quarters", "libreoffice", "xls", "文化广电旅游局",
    ["long", "quarter-title", "level-growth", "levels", "missing-dash"],
    "文旅局 前三季度 (1-9月): growth with its level, levels with their growth, a count",
    [Sheet("文旅", [
        ["2024年前三季度文化旅游产业发展情况"],
        ["指标名称", "计量单位", "1-9月累计", "同比增长（%）"],
        ["旅游及相关产业增加值", "亿元", 186.4, 9.2],
        ["过夜游客人均花费", "元", 1526, 3.1],
        ["旅游床位", "万张", 12.9, 6.6],
        ["新增涉旅市场主体", "家", 2716, "—"],
    ], merges=["A1:D1"])],
)

book(
    "e28_market_fullwidth_text_numbers", "openpyxl", "xlsx", "市场监管局",
    ["long", "numbers-as-text", "full-width-digits", "thousands-separator"],
    "市场监管局 1-6月: numbers typed as text, full-width digits (６８) and thousands separators (1,012)",
    [Sheet("Sheet1", [
        ["2024年1-6月市场监管民生实事进展"],
        ["指标名称", "计量单位", "本月", "累计"],
        ["外卖餐饮经营者接入“明厨亮灶+智慧监管”", "家", "６８", "６１２"],
        ["大型农贸市场快检化验室提质改造", "个", " 1 ", "3"],
    ])],
)

book(
    "e29_health_period_dates_month_end", "xlsxwriter", "xlsx", "卫生健康局",
    ["long", "period-column", "excel-dates", "month-end-dates", "county-column"],
    "卫生健康局: a 统计期 column of Excel dates on the month's last day shown 2024年4月, three months in one sheet",
    [Sheet("两癌筛查", [
        ["指标名称", "统计期", "区县", "计量单位", "1-本月累计"],
        ["农村妇女宫颈癌筛查", ym(2024, 4, 30), "全市", "万人", 1.86],
        ["农村妇女宫颈癌筛查", ym(2024, 5, 31), "全市", "万人", 2.41],
        ["农村妇女宫颈癌筛查", ym(2024, 6, 30), "全市", "万人", 2.95],
        ["农村妇女乳腺癌筛查", ym(2024, 4, 30), "全市", "万人", 1.52],
        ["农村妇女乳腺癌筛查", ym(2024, 5, 31), "全市", "万人", 1.98],
        ["农村妇女乳腺癌筛查", ym(2024, 6, 30), "全市", "万人", 2.43],
    ])],
)

book(
    "e30_water_3row_month_growth", "libreoffice", "xlsx", "水务局",
    ["long", "header-3row", "merge-across", "merge-down", "ignored-column", "missing-slash"],
    "水务局 1-6月: 2024年1-6月 over 本月 | 累计 over 完成 | 同比增长(%); the month's growth has no field",
    [Sheet("水务", [
        ["毕节市水务重点工作进展"],
        ["指标名称", "计量单位", "2024年1-6月", _, _, _],
        [_, _, "本月", _, "累计", _],
        [_, _, "完成", "同比增长(%)", "完成", "同比增长(%)"],
        ["水土流失治理", "平方公里", 58.2, 4.1, 312.6, 5.3],
        ["新建（改造）农村供水管网", "公里", 12.4, -3.5, 61.8, 2.2],
        ["建成骨干水源工程", "个", 0, "/", 3, 50.0],
    ], merges=["A1:F1", "A2:A4", "B2:B4", "C2:F2", "C3:D3", "E3:F3"])],
)

book(
    "e31_能源局2024年5月报表", "xlwt", "xls", "能源局",
    ["long", "period-in-file-name", "no-title"],
    "能源局: no title at all, the period only in the file name (能源局2024年5月报表.xls)",
    [Sheet("Sheet1", [
        ["指标名称", "计量单位", "本月", "1-本月累计"],
        ["煤炭产量", "万吨", 603.5, 2937.8],
        ["电煤供应量", "万吨", 335.5, 1626.7],
        ["煤层气产量", "万立方米", 198.6, 982.5],
        ["发电量", "亿千瓦时", 44.1, 227.2],
    ])],
)

book(
    "e32_energy_county_groups_3row", "libreoffice", "xlsx", "能源局",
    ["wide-county", "header-3row", "merge-across", "merge-down", "column-numbers", "missing-dash"],
    "能源局 June: a county (全市 first) merged over 本月 | 累计, a column-number row, 金海湖 with —",
    [Sheet("分县", [
        ["2024年6月分县（市、区）煤炭产量"],
        ["单位：万吨"],
        ["指标名称", "计量单位", "全市", _, "七星关区", _, "大方县", _, "黔西市", _, "金沙县", _, "织金县", _, "纳雍县", _, "威宁县", _, "赫章县", _, "百里杜鹃", _, "金海湖", _],
        [_, _, "本月", "累计", "本月", "累计", "本月", "累计", "本月", "累计", "本月", "累计", "本月", "累计", "本月", "累计", "本月", "累计", "本月", "累计", "本月", "累计", "本月", "累计"],
        ["甲", "乙", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22"],
        ["煤炭产量", "万吨", 612.4, 3550.2, 54.1, 312.6, 86.2, 498.3, 69.5, 402.7, 78.8, 456.1, 99.7, 578.4, 105.6, 612.5, 45.9, 265.8, 35.7, 208.5, 36.9, 215.3, "—", "—"],
    ], merges=["A1:X1", "A3:A4", "B3:B4", "C3:D3", "E3:F3", "G3:H3", "I3:J3", "K3:L3", "M3:N3", "O3:P3", "Q3:R3", "S3:T3", "U3:V3", "W3:X3"])],
)

book(
    "e33_stats_2024年_sheets_by_quarter", "openpyxl", "xlsx", "统计局",
    ["long", "sheet-per-period", "period-in-sheet-name", "no-title"],
    "统计局: sheets 一季度 and 上半年 without titles; the year only in the file name, each sheet's quarter from its name",
    [
        Sheet("一季度", [
            ["指标名称", "增速(%)"],
            ["地区生产总值增速", 5.2],
            ["第一产业增加值增速", 3.8],
            ["第二产业增加值增速", 6.1],
            ["第三产业增加值增速", 5.0],
        ]),
        Sheet("上半年", [
            ["指标名称", "增速(%)"],
            ["地区生产总值增速", 5.6],
            ["第一产业增加值增速", 4.1],
            ["第二产业增加值增速", 6.8],
            ["第三产业增加值增速", 5.3],
        ]),
    ],
)

book(
    "e34_drc_percent_xls", "libreoffice", "xls", "发展改革委",
    ["long", "percent-format", "shares", "single-period-column"],
    "发展改革委 1-5月 as legacy xls: growth and shares as percent-formatted numbers",
    [Sheet("投资", [
        ["2024年1-5月全市投资主要指标"],
        ["指标名称", "计量单位", "1-5月", "同比增长(%)"],
        ["固定资产投资增速", "%", pct(0.048), _],
        ["民间投资占比", "%", pct(0.468), _],
        ["“四化”投资", "亿元", 96.3, pct(0.112)],
        ["民生领域投资", "亿元", 14.2, pct(0.057)],
        ["新开工重大产业项目", "个", 47, _],
        ["建成投产重大项目", "个", 8, _],
    ], merges=["A1:D1"])],
)

book(
    "e35_investment_xlwt_percent", "xlwt", "xls", "投资促进局",
    ["long", "percent-format", "shares", "prior-year", "missing-dash"],
    "投资促进局 1-6月 written by xlwt: a share as a percent-formatted number, levels with last year's",
    [Sheet("招商", [
        ["2024年1-6月招商引资主要指标"],
        ["指标名称", "计量单位", "1-6月累计", "上年同期"],
        ["新增产业到位资金", "亿元", 213.6, 182.4],
        ["工业项目到位资金占比", "%", pct(0.523), "—"],
        ["引进优强企业", "家", 68, 59],
    ], merges=["A1:D1"])],
)

book(
    "e36_civil_names_merged_down", "libreoffice", "xlsx", "民政局",
    ["long", "county-column", "merge-down-body"],
    "民政局 June: each indicator name merged down over its county rows (七星关区 … 全市)",
    [Sheet("民政", [
        ["2024年6月民政重点工作进展（分县区）"],
        ["指标名称", "区县", "本月", "累计"],
        ["敬老院提质改造", "七星关区", 1, 3],
        [_, "大方县", 0, 2],
        [_, "威宁县", 1, 2],
        [_, "全市", 2, 7],
        ["特殊困难失能老年人居家养老上门服务", "七星关区", 96, 512],
        [_, "黔西市", 58, 301],
        [_, "织金县", 47, 265],
        [_, "全市", 201, 1078],
    ], merges=["A1:D1", "A3:A6", "A7:A10"])],
)

book(
    "e37_urban_admin_footnote_marks", "openpyxl", "xlsx", "城市管理局",
    ["long", "footnote-marks", "note-footer"],
    "城管局 1-6月: names with footnote marks ① and ※, and two 注 lines under the table",
    [Sheet("城管", [
        ["2024年1-6月城市管理重点指标"],
        ["指标名称", "计量单位", "1-6月"],
        ["城市（县城）生活垃圾无害化处理率①", "%", 99.7],
        ["开工建设焚烧发电项目※", "个", 2],
        ["注：①含县城。"],
        ["※为累计开工数。"],
    ])],
)

book(
    "e38_sports_csv_utf8_plain", "csv", "csv", "体育局",
    ["long", "period-column", "utf-8", "no-title"],
    "体育局 csv in plain UTF-8: no title, a 统计期 column with 2024年6月",
    [Sheet("", [
        ["指标名称", "计量单位", "统计期", "本月", "累计"],
        ["农体工程补充维护更新", "个", "2024年6月", "3", "17"],
        ["社区健身路径或3人制篮球场", "个", "2024年6月", "2", "11"],
        ["“社区袖珍休闲运动场”", "个", "2024年6月", "1", "9"],
    ])],
)

book(
    "e39_education_csv_gb18030_wide_county", "csv", "csv", "教育局",
    ["wide-county", "gb18030", "unit-line", "unit-conversion", "total-column"],
    "教育局 1-6月 csv in GB18030: a column per county and 合计, 单位：个 for 万个 targets",
    [Sheet("", [
        ["2024年1-6月各县区新增学位情况"],
        ["单位：个"],
        ["指标名称", *_COUNTIES, "合计"],
        ["新增中小学学位", "3240", "1080", "1350", "960", "1120", "1010", "1580", "870", "240", "1650", "13100"],
        ["新增学前普惠学位", "1120", "360", "480", "300", "410", "350", "520", "290", "80", "590", "4500"],
    ])],
    encoding="gb18030",
)

book(
    "e40_housing_estimates_rejected", "xlsxwriter", "xlsx", "住房城乡建设局",
    ["long", "estimates", "single-period-column"],
    "住建局 1-6月: two figures written as estimates (约650, 12家以上) must not load",
    [Sheet("住建", [
        ["2024年1-6月住房城乡建设民生实事"],
        ["指标名称", "计量单位", "1-6月累计"],
        ["新开工老旧小区改造", "户", 3860],
        ["开工建设保障性租赁住房", "套", "约650"],
        ["发放租赁补贴", "万户", 0.62],
        ["建成环境综合整治项目", "个", 2],
        ["新增资质等级建筑企业", "户", "12家以上"],
    ])],
)

book(
    "e41_forestry_hidden_lookup_formula_total", "libreoffice", "xlsx", "林业局",
    ["wide-county", "hidden-sheet", "formula-total", "full-county-names"],
    "林业局 1-6月: a column per county and a 全市 column computed by =SUM(), a hidden lookup sheet after the table",
    [
        Sheet("林业生态", [
            ["2024年1-6月林业生态建设分县区完成情况"],
            ["指标名称", "计量单位", *_COUNTIES, "全市"],
            ["营造林", "万亩", 3.6, 3.9, 3.1, 2.8, 3.3, 3.0, 5.2, 4.1, 1.0, 1.2, Formula("=SUM(C3:L3)", 31.2)],
            ["石漠化治理", "平方公里", 6.8, 7.5, 6.1, 5.2, 8.4, 7.9, 9.6, 8.2, 2.3, 2.5, Formula("=SUM(C4:L4)", 64.5)],
        ]),
        Sheet("区县代码", [
            ["区县", "代码"],
            *[[c, str(520502 + i)] for i, c in enumerate(_COUNTIES)],
        ], hidden=True),
    ],
)

book(
    "e42_commerce_sheet_per_group", "xlsxwriter", "xlsx", "商务局",
    ["long", "sheet-per-group", "hidden-sheet", "unit-in-header", "level-growth"],
    "商务局 1-5月: a hidden drop-down list sheet first, then a sheet per indicator group (消费, 外贸), units in the 1-5月累计 headers",
    [
        Sheet("下拉选项", [
            ["指标名称"], ["社会消费品零售总额"], ["网络零售额"], ["外贸进出口总额"],
        ], hidden=True),
        Sheet("消费", [
            ["2024年1-5月消费市场情况"],
            ["指标名称", "1-5月累计(亿元)", "同比增长(%)"],
            ["社会消费品零售总额", 503.1, 7.4],
            ["网络零售额", 39.6, 11.9],
        ]),
        Sheet("外贸", [
            ["2024年1-5月外贸进出口情况"],
            ["指标名称", "1-5月累计（万元）", "同比增长(%)"],
            ["外贸进出口总额", 128600, -2.4],
        ]),
    ],
)

book(
    "e43_agri_chinese_month_headers", "libreoffice", "xls", "农业农村局",
    ["wide-month", "chinese-month-names", "dash-variants", "unit-column"],
    "农业农村局: months as 一月 … 六月 and a 1～6月累计 column, title with 1—6月",
    [Sheet("科技", [
        ["2024年1—6月农业科技重点指标"],
        ["指标名称", "计量单位", "一月", "二月", "三月", "四月", "五月", "六月", "1～6月累计"],
        ["培育高素质农民", "人", 85, 120, 310, 356, 402, 287, 1560],
        ["育成优良品种", "个", 0, 0, 2, 1, 0, 3, 6],
    ])],
)

book(
    "e44_energy_stacked_unit_lines", "openpyxl", "xlsx", "能源局",
    ["stacked-tables", "unit-line", "unit-conversion", "first-quarter"],
    "能源局 1-3月: two stacked tables with their own unit lines (计量单位：吨, 单位：万千瓦时)",
    [Sheet("能源", [
        ["2024年1-3月煤炭生产情况"],
        ["计量单位：吨"],
        ["指标名称", "本月", "累计"],
        ["煤炭产量", 6025000, 17225000],
        [],
        ["2024年1-3月电力生产情况"],
        ["单位：万千瓦时"],
        ["指标名称", "本月", "累计"],
        ["发电量", 445000, 1312000],
    ])],
)

book(
    "e45_health_county_rows_group_header", "xlwt", "xls", "卫生健康局",
    ["wide-indicator", "rows-county", "header-2row", "merge-across", "merge-down", "unit-in-header"],
    "卫生健康局 1-6月: a row per county, the indicator (with its unit) merged over 本月 | 累计",
    [Sheet("托育", [
        ["2024年1-6月各县区普惠托育托位建设情况"],
        ["县区", "公立普惠托育机构托位（张）", _],
        [_, "本月", "累计"],
        ["七星关区", 10, 60],
        ["大方县", 0, 20],
        ["黔西市", 5, 30],
        ["金沙县", 0, 20],
        ["织金县", 5, 15],
        ["纳雍县", 0, 15],
        ["威宁县", 5, 25],
        ["赫章县", 0, 10],
        ["百里杜鹃", 0, 0],
        ["金海湖", 5, 25],
        ["合计", 30, 220],
    ], merges=["A1:C1", "A2:A3", "B2:C2"])],
)

book(
    "e46_public_security_csv_1_2_note", "csv", "csv", "公安局",
    ["long", "combined-1-2", "utf-8-bom", "note-footer", "single-period-column"],
    "公安局 1-2月 csv (UTF-8 with BOM) with a 说明 line under the table",
    [Sheet("", [
        ["2024年1-2月摩托车驾驶证“送训送考下乡”服务情况"],
        ["指标名称", "计量单位", "1-2月"],
        ["摩托车驾驶证“送训送考下乡”服务", "万人", "0.42"],
        [],
        ["说明：1月、2月合并统计。"],
    ])],
    encoding="utf-8-sig",
)

book(
    "e47_stats_period_text_forms", "openpyxl", "xlsx", "统计局",
    ["long", "period-column", "period-text-forms"],
    "统计局: a 统计期 column written 2024.03, 202406 and 2024-09",
    [Sheet("收入", [
        ["指标名称", "统计期", "增速(%)"],
        ["城镇常住居民人均可支配收入增速", "2024.03", 5.4],
        ["城镇常住居民人均可支配收入增速", "202406", 5.2],
        ["城镇常住居民人均可支配收入增速", "2024-09", 5.0],
        ["农村常住居民人均可支配收入增速", "2024.03", 8.1],
        ["农村常住居民人均可支配收入增速", "202406", 7.9],
        ["农村常住居民人均可支配收入增速", "2024-09", 7.7],
    ])],
)

book(
    "e48_ecology_csv_gb18030_county_shares", "csv", "csv", "生态环境局",
    ["long", "county-column", "shares", "gb18030"],
    "生态环境局 1-6月 csv in GB18030: a share per county and for the city (not a sum)",
    [Sheet("", [
        ["2024年1-6月各县（市、区）环境空气质量优良率"],
        ["区县", "指标名称", "计量单位", "本期值"],
        ["七星关区", "县级以上城市环境空气质量优良率", "%", "98.9"],
        ["大方县", "县级以上城市环境空气质量优良率", "%", "99.4"],
        ["黔西市", "县级以上城市环境空气质量优良率", "%", "97.2"],
        ["金沙县", "县级以上城市环境空气质量优良率", "%", "96.7"],
        ["织金县", "县级以上城市环境空气质量优良率", "%", "98.3"],
        ["纳雍县", "县级以上城市环境空气质量优良率", "%", "97.8"],
        ["威宁彝族回族苗族自治县", "县级以上城市环境空气质量优良率", "%", "99.4"],
        ["赫章县", "县级以上城市环境空气质量优良率", "%", "99.2"],
        ["百里杜鹃管理区", "县级以上城市环境空气质量优良率", "%", "100.0"],
        ["金海湖新区", "县级以上城市环境空气质量优良率", "%", "98.3"],
        ["全市", "县级以上城市环境空气质量优良率", "%", "97.8"],
    ])],
    encoding="gb18030",
)
book(
    "e49_energy_summary_and_county_sheets", "openpyxl", "xlsx", "能源局",
    ["long", "wide-county", "date-in-title-block", "duplicate-across-sheets", "total-column"],
    "能源局 June: a 汇总 sheet whose period is a date cell (报告期 2024年6月) and a 分县 sheet repeating the city total",
    [
        Sheet("汇总", [
            ["毕节市能源生产情况"],
            ["报告期：", ym(2024, 6)],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 612.4, 3550.2],
            ["电煤供应量", "万吨", 331.6, 1958.3],
        ]),
        Sheet("分县", [
            ["2024年1-6月分县煤炭产量（万吨）"],
            ["指标名称", *_COUNTIES, "合计"],
            ["煤炭产量", 312.6, 498.3, 402.7, 456.1, 578.4, 612.5, 265.8, 208.5, 215.3, "—", 3550.2],
        ]),
    ],
)

book(
    "e50_energy_units_in_cells_ellipsis", "libreoffice", "xls", "能源局",
    ["long", "units-in-cells", "unit-conversion", "missing-ellipsis", "missing-dash", "no-unit-column"],
    "能源局 1-6月 xls: units typed in the cells (612.4万吨, 2035000立方米, 7个), … and — in month cells",
    [Sheet("快报", [
        ["2024年1-6月能源生产情况（快报）"],
        ["指标名称", "本月", "1-6月累计"],
        ["煤炭产量", "612.4万吨", "3550.2万吨"],
        ["煤层气产量", "2035000立方米", "1186万立方米"],
        ["新增新能源装机规模", "…", "21.6万千瓦"],
        ["开工建设新能源项目", "—", "7个"],
    ])],
)

book(
    "e51_stats_growth_by_county", "xlsxwriter", "xlsx", "统计局",
    ["wide-indicator", "rows-county", "growth-by-county", "unit-in-header", "half-year-title", "county-short-forms"],
    "统计局 上半年: a row per county (short names), a growth column per indicator; growth rates are not summed",
    [Sheet("分县增速", [
        ["2024年上半年各县（市、区）主要经济指标增速"],
        ["地区", "地区生产总值增速（%）", "城镇常住居民人均可支配收入增速（%）"],
        ["全市", 5.6, 5.2],
        ["七星关", 5.8, 5.1],
        ["大方", 5.1, 5.3],
        ["黔西", 6.2, 5.0],
        ["金沙", 5.5, 5.2],
        ["织金", 4.9, 5.4],
        ["纳雍", 5.3, 5.3],
        ["威宁", 6.0, 5.1],
        ["赫章", 5.7, 5.5],
        ["百里杜鹃", 4.2, 4.9],
        ["金海湖", 6.8, 5.0],
    ], merges=["A1:C1"])],
)
# Plausible mistakes (issue #14's guard): each must be caught, none may load silently wrong.
book(
    "e52_ecology_share_typed_as_fraction", "xlsxwriter", "xlsx", "生态环境局",
    ["long", "shares", "mistake", "percent-as-fraction"],
    "生态环境局 1-6月: one rate typed as a plain fraction (0.989 for 98.9%, no percent format) beside a correct one",
    [Sheet("Sheet1", [
        ["2024年1-6月环境空气质量"],
        ["指标名称", "计量单位", "本期值"],
        ["中心城市环境空气质量优良率", "%", 0.989],
        ["县级以上城市环境空气质量优良率", "%", 97.8],
    ])],
)

book(
    "e53_energy_county_total_not_sum", "openpyxl", "xlsx", "能源局",
    ["wide-county", "mistake", "county-sum", "total-column"],
    "能源局 1-6月: the 全市合计 (3560.2) is not the sum of the counties (3550.2)",
    [Sheet("分县区", [
        ["毕节市2024年1-6月分县（市、区）煤炭产量"],
        ["单位：万吨"],
        ["指标名称", *_COUNTIES, "全市合计"],
        ["煤炭产量", 312.6, 498.3, 402.7, 456.1, 578.4, 612.5, 265.8, 208.5, 215.3, "—", 3560.2],
    ])],
)
book(
    "e54_urban_admin_percent_by_county", "libreoffice", "xlsx", "城市管理局",
    ["wide-indicator", "rows-county", "percent-format", "shares", "missing-dash", "unit-in-header"],
    "城管局 1-6月: a row per county, a rate as percent-formatted numbers (0.995 shown 99.5%) beside a count",
    [Sheet("分县区", [
        ["2024年1-6月各县（市、区）城市管理重点指标"],
        ["区县", "城市（县城）生活垃圾无害化处理率", "开工建设焚烧发电项目（个）"],
        ["七星关区", pct(1.0), 1],
        ["大方县", pct(0.995), "—"],
        ["黔西市", pct(0.998), "—"],
        ["金沙县", pct(0.996), "—"],
        ["织金县", pct(0.993), "—"],
        ["纳雍县", pct(0.994), "—"],
        ["威宁县", pct(0.992), 1],
        ["赫章县", pct(0.991), "—"],
        ["百里杜鹃管理区", pct(1.0), "—"],
        ["金海湖新区", pct(1.0), "—"],
        ["全市", pct(0.997), 2],
    ], merges=["A1:C1"])],
)

book(
    "e55_industry_prior_year_groups_xls", "libreoffice", "xls", "工业和信息化局",
    ["long", "header-2row", "merge-across", "merge-down", "prior-year", "ignored-column", "title", "department-line"],
    "工信局 1-6月 xls: 本年 and 上年同期 each over 本月 | 累计, 增长(%) merged down; last year's month has no field",
    [Sheet("工业", [
        ["2024年1-6月全市工业重点产业运行情况"],
        ["填报单位：市工业和信息化局"],
        ["指标名称", "计量单位", "本年", _, "上年同期", _, "增长(%)"],
        [_, _, "本月", "累计", "本月", "累计", _],
        ["优质烟酒产业产值", "亿元", 7.86, 45.8, 7.12, 41.8, 9.6],
        ["劳动密集型产业产值", "亿元", 2.45, 13.2, 2.08, 11.44, 15.4],
        ["新增规模以上工业企业", "户", 6, 38, 5, 31, 22.6],
    ], merges=["A1:G1", "A3:A4", "B3:B4", "C3:D3", "E3:F3", "G3:G4"])],
)

book(
    "e56_forestry_mixed_units_per_row", "libreoffice", "xlsx", "林业局",
    ["long", "county-column", "unit-column", "unit-conversion", "mixed-units"],
    "林业局 June: a row per county, each with its own unit (亩 or 万亩) in the 计量单位 column",
    [Sheet("营造林", [
        ["2024年6月各县区营造林完成情况"],
        ["区县", "指标名称", "计量单位", "累计完成"],
        ["七星关区", "营造林", "亩", 36000],
        ["大方县", "营造林", "万亩", 3.9],
        ["黔西市", "营造林", "亩", 31000],
        ["金沙县", "营造林", "万亩", 2.8],
        ["织金县", "营造林", "亩", 33000],
        ["纳雍县", "营造林", "万亩", 3.0],
        ["威宁县", "营造林", "万亩", 5.2],
        ["赫章县", "营造林", "亩", 41000],
        ["百里杜鹃管理区", "营造林", "亩", 10000],
        ["金海湖新区", "营造林", "亩", 12000],
        ["全市", "营造林", "万亩", 31.2],
    ], merges=["A1:D1"])],
)
book(
    "e57_energy_transposed_measures_rows", "libreoffice", "xlsx", "能源局",
    ["transposed", "rows-measure", "wide-indicator", "unit-in-header"],
    "能源局 1-6月 transposed: a row per measure (本月, 1-6月累计, 上年同期累计, 同比增长), a column per indicator",
    [Sheet("Sheet1", [
        ["2024年1-6月能源生产主要指标"],
        ["项目", "煤炭产量（万吨）", "电煤供应量（万吨）", "发电量（亿千瓦时）"],
        ["本月", 612.4, 331.6, 41.2],
        ["1-6月累计", 3550.2, 1958.3, 268.4],
        ["上年同期累计", 3268.5, 1872.1, 255.9],
        ["同比增长（%）", 8.6, 4.6, 4.9],
    ], merges=["A1:D1"])],
)

book(
    "e58_bigdata_indicator_in_title_county_rows", "xlsxwriter", "xlsx", "大数据发展管理局",
    ["indicator-in-title", "rows-county", "county-short-forms", "total-row"],
    "大数据局 June: the indicator named only in the title (新建5G基站), a row per county with 本月 | 累计",
    [Sheet("5G基站", [
        ["2024年6月各县（市、区）新建5G基站情况"],
        ["单位：个"],
        ["县区", "本月", "累计"],
        ["七星关", 78, 412],
        ["大方", 35, 198],
        ["黔西", 41, 236],
        ["金沙", 30, 187],
        ["织金", 38, 205],
        ["纳雍", 29, 176],
        ["威宁", 47, 263],
        ["赫章", 28, 168],
        ["百里杜鹃", 15, 92],
        ["金海湖", 36, 199],
        ["合计", 377, 2136],
    ])],
)

book(
    "e59_agri_repeated_header_rows", "xlwt", "xls", "农业农村局",
    ["long", "county-column", "repeated-header", "unit-conversion"],
    "农业农村局 June xls exported page by page: the header row repeated in the middle of the table; 户 for 万户",
    [Sheet("改厕", [
        ["2024年6月农村户用卫生厕所改造进展"],
        ["指标名称", "区县", "计量单位", "本月", "累计"],
        ["新（改）建农村户用卫生厕所", "七星关区", "户", 312, 2450],
        ["新（改）建农村户用卫生厕所", "大方县", "户", 268, 1980],
        ["新（改）建农村户用卫生厕所", "黔西市", "户", 290, 2120],
        ["新（改）建农村户用卫生厕所", "金沙县", "户", 245, 1760],
        ["新（改）建农村户用卫生厕所", "织金县", "户", 301, 2230],
        ["指标名称", "区县", "计量单位", "本月", "累计"],
        ["新（改）建农村户用卫生厕所", "纳雍县", "户", 256, 1890],
        ["新（改）建农村户用卫生厕所", "威宁彝族回族苗族自治县", "户", 355, 2680],
        ["新（改）建农村户用卫生厕所", "赫章县", "户", 262, 1940],
        ["新（改）建农村户用卫生厕所", "百里杜鹃管理区", "户", 84, 620],
        ["新（改）建农村户用卫生厕所", "金海湖新区", "户", 127, 960],
        ["新（改）建农村户用卫生厕所", "全市", "户", 2500, 18630],
    ])],
)
book(
    "e60_energy_ambiguous_twin_columns", "openpyxl", "xlsx", "能源局",
    ["long", "ambiguous", "rejected"],
    "能源局 June: two 本月 | 累计 pairs with different numbers and no row saying which year is which — must not be guessed",
    [Sheet("Sheet1", [
        ["2024年6月能源生产情况对比"],
        ["指标名称", "计量单位", "本月", "累计", "本月", "累计"],
        ["煤炭产量", "万吨", 612.4, 3550.2, 598.7, 3268.5],
        ["发电量", "亿千瓦时", 41.2, 268.4, 39.8, 255.9],
    ])],
)

book(
    "e61_investment_percent_text", "xlwt", "xls", "投资促进局",
    ["long", "percent-text", "shares", "numbers-as-text"],
    "投资促进局 1-6月 xls: a share and a growth typed as text with a % sign (52.3%, 17.1%)",
    [Sheet("招商", [
        ["2024年1-6月招商引资完成情况"],
        ["指标名称", "计量单位", "本期值", "同比增长"],
        ["工业项目到位资金占比", "%", "52.3%", _],
        ["新增产业到位资金", "亿元", "213.6", "17.1%"],
    ])],
)
book(
    "e62_ecology_monthly_rates_wide", "libreoffice", "xlsx", "生态环境局",
    ["wide-month", "shares", "monthly-and-cumulative-rate"],
    "生态环境局: rates per month (1月 … 6月) and the 1-6月 rate; June's own rate (96.7) is not the 1-6月 rate (98.9)",
    [Sheet("空气质量", [
        ["2024年1-6月环境空气质量优良率"],
        ["指标名称", "计量单位", "1月", "2月", "3月", "4月", "5月", "6月", "1-6月"],
        ["中心城市环境空气质量优良率", "%", 96.8, 100, 100, 100, 100, 96.7, 98.9],
        ["县级以上城市环境空气质量优良率", "%", 93.5, 96.6, 100, 100, 100, 96.7, 97.8],
    ], merges=["A1:I1"])],
)
book(
    "e63_energy_csv_gb18030_wide_month_1_2", "csv", "csv", "能源局",
    ["wide-month", "combined-1-2", "gb18030", "unit-line"],
    "能源局 csv in GB18030: 1-2月 (Spring Festival combined), then 3月 … 6月 and 1-6月累计",
    [Sheet("", [
        ["2024年1-6月全市原煤生产情况"],
        ["单位：万吨"],
        ["指标名称", "1-2月", "3月", "4月", "5月", "6月", "1-6月累计"],
        ["原煤产量", "1120.0", "602.5", "611.8", "603.5", "612.4", "3550.2"],
    ])],
    encoding="gb18030",
)
# fmt: on

# ---------------------------------------------------------------------------------------------
# Batch 3 (session 2, TABLES): quarters, county + month titles, month-growth columns, 本月/累计 ×
# 本年/上年 crosses, 3-row headers, totals first, footers, hidden sheets, unusual column order,
# separator columns, county sheets per month, a WPS csv, a chart-title row, conflicting periods.

# fmt: off
book(
    "e64_stats_quarter_columns", "libreoffice", "xlsx", "统计局",
    ["wide-month", "quarter-columns", "growth-rates", "quarter-own-refused"],
    "统计局 1-9月 growth rates by quarter: 一季度 | 二季度 | 上半年 | 三季度 | 前三季度; 二季度 and 三季度 alone are a quarter's own rate",
    [Sheet("季度", [
        ["2024年1-9月全市主要经济指标增速（分季度）"],
        ["指标名称", "计量单位", "一季度", "二季度", "上半年", "三季度", "前三季度"],
        ["地区生产总值增速", "%", 5.1, 5.9, 5.5, 6.1, 5.7],
        ["规模以上工业增加值增速", "%", 6.3, 7.1, 6.8, 7.4, 7.0],
        ["居民消费价格指数涨幅", "%", 0.4, 0.6, 0.5, 0.8, 0.6],
    ], merges=["A1:G1"])],
)
book(
    "e65_agri_county_and_months_in_title", "libreoffice", "xls", "农业农村局",
    ["long", "county-in-title", "half-year-title", "unit-conversion", "note-column"],
    "农业农村局 from 七星关区: the title names the county and 1-6月 (七星关区2024年1-6月…); 户 for a 万户 target",
    [Sheet("七星关区", [
        ["七星关区2024年1-6月农业农村重点工作完成情况"],
        ["指标名称", "计量单位", "本月", "1-6月累计", "备注"],
        ["新（改）建农村户用卫生厕所", "户", 312, 2450, _],
        ["培育高素质农民", "人", 45, 260, _],
        ["新建产业路（机耕道）和打通乡村断头路", "公里", 12.5, 68.3, "含机耕道8.2公里"],
        ["新增市级以上农业龙头企业", "家", 0, 2, _],
    ], merges=["A1:E1"])],
)
book(
    "e66_energy_month_growth_columns", "xlsxwriter", "xlsx", "能源局",
    ["long", "month-growth-column", "single-period-column"],
    "能源局 1-6月: 指标 | 单位 | 本月 | 本月比上年同月增长(%) | 1-6月 | 比上年同期增长(%); the month's growth is not a target measure",
    [Sheet("能源", [
        ["2024年1-6月全市能源生产情况"],
        ["指标", "单位", "本月", "本月比上年同月增长(%)", "1-6月", "比上年同期增长(%)"],
        ["煤炭产量", "万吨", 612.4, 5.3, 3550.2, 8.6],
        ["发电量", "亿千瓦时", 41.2, 3.1, 268.4, 4.9],
        ["煤层气产量", "万立方米", 203.5, 15.2, 1186.0, 18.3],
    ])],
)
book(
    "e67_industry_month_ytd_by_year_cross", "libreoffice", "xlsx", "工业和信息化局",
    ["long", "header-2row", "merge-across", "merge-down", "year-cross", "prior-year"],
    "工信局 1-6月: 本月 and 1-6月累计 on top, 本年 | 上年 under each (a cross); 上年's 本月 has no field",
    [Sheet("工业", [
        ["2024年1-6月工业重点指标"],
        ["指标名称", "计量单位", "本月", _, "1-6月累计", _, "累计增长(%)"],
        [_, _, "本年", "上年", "本年", "上年", _],
        ["优质烟酒产业产值", "亿元", 8.5, 7.6, 48.3, 44.6, 8.3],
        ["劳动密集型产业产值", "亿元", 2.4, 2.1, 14.2, 12.8, 10.9],
        ["新增规模以上工业企业", "户", 3, 2, 18, 15, 20.0],
    ], merges=["A1:G1", "A2:A3", "B2:B3", "C2:D2", "E2:F2", "G2:G3"])],
)
book(
    "e68_water_3row_year_month_value_growth", "openpyxl", "xlsx", "水务局",
    ["long", "header-3row", "merge-across", "merge-down", "prior-year"],
    "水务局 1-6月, three header rows: 本年 | 上年同期 over 本月 | 累计, and 绝对值 | 增长(%) under 本年's 累计",
    [Sheet("水利", [
        ["2024年1-6月水利重点工作完成情况"],
        ["指标名称", "计量单位", "本年", _, _, "上年同期", _],
        [_, _, "本月", "累计", _, "本月", "累计"],
        [_, _, _, "绝对值", "增长(%)", _, _],
        ["水土流失治理", "平方公里", 42.5, 236.8, 10.0, 38.1, 215.3],
        ["新建（改造）农村供水管网", "公里", 12.6, 68.9, 12.0, 11.3, 61.5],
        ["建成骨干水源工程", "个", 1, 4, 33.3, 0, 3],
    ], merges=["A1:G1", "A2:A4", "B2:B4", "C2:E2", "F2:G2", "C3:C4", "D3:E3", "F3:F4", "G3:G4"])],
)
book(
    "e69_housing_total_row_first_by_county", "xlwt", "xls", "住房城乡建设局",
    ["wide-indicator", "rows-county", "total-row-first", "unit-in-header", "unit-conversion", "county-short-forms"],
    "住建局 1-6月: a column per indicator (units in brackets, 户 for 万户), 全市合计 as the FIRST row, then the counties",
    [Sheet("分县区", [
        ["2024年1-6月住房城乡建设重点指标完成情况（分县区）"],
        ["县（市、区）", "发放租赁补贴（户）", "建设改造城镇地下管网（公里）", "开工建设保障性租赁住房（套）"],
        ["全市合计", 8700, 185.8, 1700],
        ["七星关区", 2150, 45.6, 620],
        ["大方县", 860, 18.2, 150],
        ["黔西市", 920, 20.4, 180],
        ["金沙县", 780, 16.8, 120],
        ["织金县", 840, 17.5, 140],
        ["纳雍县", 760, 15.3, 110],
        ["威宁县", 1120, 22.9, 200],
        ["赫章县", 690, 14.1, 100],
        ["百里杜鹃管理区", 210, 5.2, 0],
        ["金海湖新区", 370, 9.8, 80],
    ])],
)
book(
    "e70_health_notes_and_signature_footer", "openpyxl", "xlsx", "卫生健康局",
    ["long", "note-footer", "signature-footer", "leijiwancheng", "unit-conversion"],
    "卫健局 1-6月: 注：1.… and 2.… lines under the table, then 填报人 | 审核人 | 联系电话 in one row; 人 for a 万人 target",
    [Sheet("卫健", [
        ["2024年1-6月卫生健康重点民生实事进展"],
        ["指标名称", "计量单位", "本月", "累计完成"],
        ["农村妇女宫颈癌筛查", "人", 4520, 31250],
        ["农村妇女乳腺癌筛查", "万人", 0.41, 2.98],
        ["65岁及以上老年人结核筛查", "人", 8650, 52300],
        ["公立普惠托育机构托位", "张", 120, 860],
        [],
        ["注：1.宫颈癌、乳腺癌筛查人数为妇幼信息系统统计数。"],
        ["2.结核筛查人数含复筛人员。"],
        [],
        ["填报人：陈敏", _, "审核人：刘洋", "联系电话：0857-8226601"],
    ])],
)
book(
    "e71_energy_hidden_last_month_sheet", "xlsxwriter", "xlsx", "能源局",
    ["long", "hidden-sheet", "hidden-data-sheet"],
    "能源局 June: last month's table kept on a HIDDEN sheet 5月 before the visible 6月 sheet (not read)",
    [
        Sheet("5月", [
            ["2024年5月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 603.5, 2937.8],
            ["发电量", "亿千瓦时", 40.6, 227.2],
        ], hidden=True),
        Sheet("6月", [
            ["2024年6月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 612.4, 3550.2],
            ["发电量", "亿千瓦时", 41.2, 268.4],
        ]),
    ],
)
book(
    "e72_transport_columns_unusual_order", "libreoffice", "xlsx", "交通运输局",
    ["long", "unusual-column-order", "note-column"],
    "交通局 1-5月: columns right to left — 备注 | 1-5月累计 | 本月 | 计量单位 | 指标名称",
    [Sheet("交通", [
        ["2024年1-5月交通运输重点工作推进情况"],
        ["备注", "1-5月累计", "本月", "计量单位", "指标名称"],
        [_, 26.8, 5.4, "公里", "农村公路大中修"],
        ["含养护工程", 128.5, 25.6, "公里", "乡镇通三级及以上公路"],
        [_, 4, 1, "条", "定制公交线路"],
        [_, 62.3, 14.8, "公里", "连续长下坡隐患路段治理"],
    ], merges=["A1:E1"])],
)
book(
    "e73_hrss_blank_separator_columns", "openpyxl", "xlsx", "人力资源社会保障局",
    ["long", "separator-columns", "prior-year"],
    "人社局 1-6月: empty separator columns (no header, no values) between the name, this year's and last year's columns",
    [Sheet("就业", [
        ["2024年1-6月就业创业工作情况"],
        ["指标名称", "计量单位", _, "本月", "1-6月累计", _, "上年同期", "同比增长(%)"],
        ["城镇新增就业", "万人", _, 0.52, 3.15, _, 2.98, 5.7],
        ["开展职业技能培训", "万人次", _, 1.2, 6.8, _, 6.1, 11.5],
        ["培育“毕节工匠”", "万人", _, 0.05, 0.32, _, 0.28, 14.3],
    ])],
)
_COUNTIES_SHORT = ["七星关区", "大方县", "黔西市", "金沙县", "织金县", "纳雍县", "威宁县", "赫章县", "百里杜鹃", "金海湖", "全市"]
book(
    "e74_energy_2024年_county_sheets_by_month", "libreoffice", "xlsx", "能源局",
    ["wide-county", "sheet-per-month", "period-in-sheet-name", "header-2row", "merge-across", "merge-down"],
    "能源局: a sheet per month (5月, 6月; the year in the file name), indicators by county under a 1-本月累计 group",
    [
        Sheet("5月", [
            ["全市分县（区）能源生产情况"],
            ["指标名称", "计量单位", "1-本月累计", _, _, _, _, _, _, _, _, _, _],
            [_, _, *_COUNTIES_SHORT],
            ["煤炭产量", "万吨", 210.5, 420.3, 380.2, 455.6, 395.8, 510.4, 160.2, 230.7, 95.4, 79.1, 2938.2],
            ["发电量", "亿千瓦时", 12.5, 48.3, 52.1, 38.6, 30.2, 41.7, 8.4, 6.9, 2.1, 3.5, 244.3],
        ], merges=["A1:M1", "A2:A3", "B2:B3", "C2:M2"]),
        Sheet("6月", [
            ["全市分县（区）能源生产情况"],
            ["指标名称", "计量单位", "1-本月累计", _, _, _, _, _, _, _, _, _, _],
            [_, _, *_COUNTIES_SHORT],
            ["煤炭产量", "万吨", 252.8, 505.4, 456.6, 546.8, 475.3, 613.0, 192.3, 276.9, 114.4, 94.9, 3528.4],
            ["发电量", "亿千瓦时", 15.1, 58.1, 62.6, 46.3, 36.3, 50.1, 10.2, 8.4, 2.5, 4.2, 293.8],
        ], merges=["A1:M1", "A2:A3", "B2:B3", "C2:M2"]),
    ],
)
book(
    "e75_commerce_csv_wps_bom_trailing_commas", "csv", "csv", "商务局",
    ["long", "utf-8-bom", "trailing-commas", "level-growth", "note-footer"],
    "商务局 csv exported by WPS: UTF-8 with BOM, every line padded with trailing commas, a 数据来源 line under the table",
    [Sheet("", [
        ["2024年1-6月全市商务运行主要指标", "", "", "", "", "", "", ""],
        ["指标名称", "计量单位", "本月", "1-6月累计", "同比增长(%)", "", "", ""],
        ["社会消费品零售总额", "亿元", "105.2", "612.3", "7.6", "", "", ""],
        ["网络零售额", "亿元", "8.4", "48.2", "12.1", "", "", ""],
        ["新增限额以上批零住餐企业", "户", "8", "46", "4.5", "", "", ""],
        ["数据来源：市商务局", "", "", "", "", "", "", ""],
    ])],
    encoding="utf-8-sig",
)
book(
    "e76_agri_q1_and_1_2_quarters", "xlsxwriter", "xlsx", "农业农村局",
    ["wide-month", "quarter-columns", "ignored-column"],
    "农业农村局 上半年 progress: Q1 | 1-2季度 | 年度目标 | 完成进度(%) — the quarters are years to date (March, June)",
    [Sheet("进度", [
        ["2024年上半年农业农村重点工作推进情况"],
        ["指标名称", "计量单位", "Q1", "1-2季度", "年度目标", "完成进度(%)"],
        ["粮食播种面积", "万亩", 120.5, 285.3, 560, 50.9],
        ["新建和改造提升高标准农田", "万亩", 3.2, 8.6, 20, 43.0],
        ["培育高素质农民", "人", 850, 2100, 5000, 42.0],
    ])],
)
book(
    "e77_stats_second_quarter_title", "libreoffice", "xls", "统计局",
    ["long", "quarter-title", "quarter-own-refused", "level-growth"],
    "统计局 2024年二季度: 本期值 and 同比增长 are the quarter's own (refused); 1-6月累计 and 累计增长(%) are read",
    [Sheet("二季度", [
        ["2024年二季度全市主要经济指标"],
        ["指标", "单位", "本期值", "同比增长(%)", "1-6月累计", "累计增长(%)"],
        ["地区生产总值", "亿元", 590.2, 5.9, 1123.4, 5.6],
        ["社会消费品零售总额", "亿元", 310.5, 6.9, 612.3, 7.6],
        ["规模以上工业增加值增速", "%", _, 7.1, _, 6.8],
    ], merges=["A1:F1"])],
)
book(
    "e78_education_chart_title_unit_bracket", "openpyxl", "xlsx", "教育局",
    ["wide-indicator", "rows-month", "chart-title", "unit-in-title-bracket", "unit-conversion"],
    "教育局: a chart's data sheet — title 图1 …（个）, a row per month 1月 … 6月, a column per indicator (万个 targets)",
    [Sheet("图表数据", [
        ["图1  2024年1-6月全市新增学位情况（个）"],
        ["月份", "新增学前普惠学位", "新增中小学学位"],
        ["1月", 320, 1200],
        ["2月", 180, 800],
        ["3月", 450, 2100],
        ["4月", 610, 1850],
        ["5月", 520, 1600],
        ["6月", 380, 1450],
    ])],
)
book(
    "e79_forestry_title_month_conflicts_column", "xlwt", "xls", "林业局",
    ["long", "period-conflict", "ambiguous", "rejected"],
    "林业局: the title says 2024年5月, the only value column says 1-6月累计 — which month is meant cannot be known",
    [Sheet("林业", [
        ["2024年5月林业重点工作完成情况"],
        ["指标名称", "计量单位", "1-6月累计"],
        ["营造林", "万亩", 31.2],
        ["国储林建设", "万亩", 4.3],
    ])],
)
book(
    "e80_tobacco_county_rows_group_with_growth", "libreoffice", "xlsx", "烟草专卖局",
    ["wide-indicator", "rows-county", "header-2row", "merge-across", "unit-in-header", "unit-conversion", "total-row"],
    "烟草局 1-9月: a row per county, 烟叶收购量（担） over 本月 | 累计 | 累计增长(%); 担 for a 万担 target",
    [Sheet("烟叶收购", [
        ["2024年1-9月烟叶收购进度（分县）"],
        ["县区", "烟叶收购量（担）", _, _],
        [_, "本月", "累计", "累计增长(%)"],
        ["七星关区", 12500, 86300, 5.2],
        ["大方县", 9800, 65400, 3.1],
        ["黔西市", 8600, 52100, -2.4],
        ["金沙县", 7200, 48900, 4.0],
        ["织金县", 6900, 41200, 1.8],
        ["纳雍县", 5400, 36800, 6.5],
        ["威宁县", 15800, 102600, 8.1],
        ["赫章县", 10200, 71500, 2.7],
        ["合计", 76400, 504800, 4.3],
    ], merges=["A1:D1", "A2:A3", "B2:D2"])],
)
book(
    "e81_energy_side_by_side_halves", "libreoffice", "xlsx", "能源局",
    ["long", "side-by-side", "separator-columns", "signature-footer"],
    "能源局 1-6月: the list printed in two halves side by side (指标名称 | 计量单位 | 本月 | 1-6月累计, twice), a blank column between",
    [Sheet("能源生产", [
        ["2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "本月", "1-6月累计", _, "指标名称", "计量单位", "本月", "1-6月累计"],
        ["煤炭产量", "万吨", 612.4, 3550.2, _, "发电量", "亿千瓦时", 41.2, 268.4],
        ["电煤供应量", "万吨", 331.6, 1958.3, _, "煤层气产量", "万立方米", 203.5, 1186.0],
        ["建成充电桩", "个", 58, 336, _, "新增新能源装机规模", "万千瓦", 4.6, 17.8],
        [],
        ["填表人：王磊", _, _, _, _, "联系电话：0857-8231567"],
    ], merges=["A1:I1"])],
)
book(
    "e82_energy_county_section_rows", "openpyxl", "xlsx", "能源局",
    ["long", "county-section-rows", "section-rows", "numbered-names"],
    "能源局 1-6月 without a 区县 column: section rows 全市, 一、七星关区, 二、大方县 name the county of the rows below them",
    [Sheet("分县", [
        ["2024年1-6月分县（区）能源生产情况"],
        ["指标名称", "计量单位", "本月", "1-6月累计"],
        ["全市", _, _, _],
        ["煤炭产量", "万吨", 612.4, 3550.2],
        ["发电量", "亿千瓦时", 41.2, 268.4],
        ["一、七星关区", _, _, _],
        ["煤炭产量", "万吨", 42.3, 252.8],
        ["发电量", "亿千瓦时", 2.6, 15.1],
        ["二、大方县", _, _, _],
        ["煤炭产量", "万吨", 85.1, 505.4],
        ["发电量", "亿千瓦时", 9.8, 58.1],
    ])],
)
book(
    "e83_agri_county_written_once_per_group", "xlsxwriter", "xlsx", "农业农村局",
    ["long", "county-column", "county-once-per-group", "blank-cells"],
    "农业农村局 1-6月: 区县 written on the first row of each county's group and left blank below (no merged cell)",
    [Sheet("粮食", [
        ["2024年1-6月粮食生产情况（分县区）"],
        ["区县", "指标名称", "计量单位", "本月", "累计"],
        ["七星关区", "粮食播种面积", "万亩", 3.2, 28.6],
        [_, "新建和改造提升高标准农田", "万亩", 0.2, 0.9],
        ["大方县", "粮食播种面积", "万亩", 2.9, 26.1],
        [_, "新建和改造提升高标准农田", "万亩", 0.1, 0.7],
        ["黔西市", "粮食播种面积", "万亩", 3.0, 27.4],
        [_, "新建和改造提升高标准农田", "万亩", 0.2, 0.8],
    ])],
)
book(
    "e84_commerce_two_year_columns", "xlwt", "xls", "商务局",
    ["long", "year-columns", "prior-year", "level-growth", "period-in-header"],
    "商务局: no period in the title; 2024年1-6月 | 2023年1-6月 | 增长(%) — the 2023 column is last year's same period",
    [Sheet("商务", [
        ["毕节市商务运行情况"],
        ["指标名称", "计量单位", "2024年1-6月", "2023年1-6月", "增长(%)"],
        ["社会消费品零售总额", "亿元", 612.3, 569.0, 7.6],
        ["网络零售额", "亿元", 48.2, 43.0, 12.1],
        ["新增限额以上批零住餐企业", "户", 46, 40, 15.0],
    ])],
)
book(
    "e85_forestry_instructions_above_table", "libreoffice", "xls", "林业局",
    ["long", "instructions-above-table", "upto-month-end", "levels", "missing-dash"],
    "林业局: twelve lines of 填表说明 above the title on the same sheet; 截至6月底累计; a level (林下经济) in that column",
    [Sheet("林业", [
        ["填表说明："],
        ["1．本表由各县（区）林业部门汇总后报市林业局。"],
        ["2．“截至6月底累计”填写自1月1日起的累计完成数。"],
        ["3．计量单位按表内规定填写，不得更改。"],
        ["4．营造林含人工造林、封山育林和退化林修复。"],
        ["5．石漠化治理以验收面积为准。"],
        ["6．国储林建设含新造林和改培。"],
        ["7．天麻产业综合产值按当年价格计算。"],
        ["8．林下经济利用森林面积填写期末数。"],
        ["9．无数据的填“—”，不得空白。"],
        ["10．报送时间：次月5日前。"],
        ["11．联系人：市林业局规划财务科。"],
        ["毕节市2024年1-6月林业重点工作完成情况"],
        ["指标名称", "计量单位", "本月", "截至6月底累计"],
        ["营造林", "万亩", 4.8, 31.2],
        ["石漠化治理", "平方公里", 12.5, 64.5],
        ["国储林建设", "万亩", 0.6, 4.3],
        ["林下经济利用森林面积", "万亩", "—", 398.0],
    ])],
)
book(
    "e86_energy_blank_name_header", "openpyxl", "xlsx", "能源局",
    ["long", "blank-name-header", "unit-line"],
    "能源局 1-6月: the header over the indicator names is left blank ( | 本月 | 1-6月累计 | 同比增长(%)); 单位：万吨 line",
    [Sheet("Sheet1", [
        ["2024年1-6月全市煤炭生产及电煤供应情况"],
        ["单位：万吨"],
        [_, "本月", "1-6月累计", "同比增长(%)"],
        ["煤炭产量", 612.4, 3550.2, 8.6],
        ["电煤供应量", 331.6, 1958.3, 4.6],
    ])],
)
book(
    "e87_energy_quarter_rows_in_period_column", "xlsxwriter", "xlsx", "能源局",
    ["long", "period-column", "quarter-rows", "quarter-own-refused"],
    "能源局: a 统计期 column of quarters (一季度, 二季度, 三季度) with 累计 | 累计增长(%): each row is the year to date at the quarter's end",
    [Sheet("分季度", [
        ["2024年分季度煤炭生产情况"],
        ["指标名称", "计量单位", "统计期", "累计", "累计增长(%)"],
        ["煤炭产量", "万吨", "一季度", 1700.2, 6.5],
        ["煤炭产量", "万吨", "二季度", 3550.2, 8.6],
        ["煤炭产量", "万吨", "三季度", 5300.0, 7.9],
    ])],
)
book(
    "e88_energy_county_subrows_qizhong", "libreoffice", "xls", "能源局",
    ["long", "county-subrows", "qizhong", "indented-names"],
    "能源局 1-6月: under each indicator row, 其中：七星关区 and indented county rows give that indicator per county",
    [Sheet("能源", [
        ["2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "本月", "1-6月累计"],
        ["煤炭产量", "万吨", 612.4, 3550.2],
        ["其中：七星关区", "万吨", 42.3, 252.8],
        ["\u3000\u3000\u3000大方县", "万吨", 85.1, 505.4],
        ["发电量", "亿千瓦时", 41.2, 268.4],
        ["其中：黔西市", "亿千瓦时", 10.5, 62.6],
    ])],
)
book(
    "e89_energy_indicator_headings_county_rows", "libreoffice", "xlsx", "能源局",
    ["long", "indicator-heading-rows", "county-rows", "unit-in-name", "section-rows"],
    "能源局 1-6月: a heading row per indicator (一、煤炭产量（万吨）) with no values, then 全市 and county rows under it",
    [Sheet("分县", [
        ["2024年1-6月分县（区）能源生产情况"],
        ["指标名称", "本月", "1-6月累计", "同比增长(%)"],
        ["一、煤炭产量（万吨）", _, _, _],
        ["全市", 612.4, 3550.2, 8.6],
        ["七星关区", 42.3, 252.8, 5.1],
        ["大方县", 85.1, 505.4, 7.9],
        ["二、发电量（亿千瓦时）", _, _, _],
        ["全市", 41.2, 268.4, 4.9],
        ["黔西市", 10.5, 62.6, 3.2],
    ], merges=["A1:D1"])],
)
book(
    "e90_energy_months_with_quarter_subtotals", "xlwt", "xls", "能源局",
    ["wide-month", "quarter-columns", "quarter-own-refused", "derived-ytd"],
    "能源局 上半年 by month with subtotals: 1月 2月 3月 一季度 4月 5月 6月 二季度 上半年",
    [Sheet("分月", [
        ["2024年上半年能源生产情况（分月）"],
        ["指标名称", "计量单位", "1月", "2月", "3月", "一季度", "4月", "5月", "6月", "二季度", "上半年"],
        ["发电量", "亿千瓦时", 45.1, 40.3, 42.0, 127.4, 44.6, 47.2, 41.2, 133.0, 260.4],
        ["煤层气产量", "万立方米", 190.2, 168.5, 199.8, 558.5, 205.1, 210.4, 203.5, 619.0, 1177.5],
    ])],
)

# ---------------------------------------------------------------------------------------------
# Batch 4 (READER3, session 3): shapes the reader had never seen, from several departments

book(
    "e91_commerce_month_ytd_groups_abs_growth", "libreoffice", "xlsx", "商务局",
    ["long", "header-2row", "merge-across", "merge-down", "unit-line-money", "signature-footer", "level-growth-rows"],
    "商务局 1-6月: 本月 and 1-6月累计 groups, each 绝对值 | 同比增长(%); 金额单位：亿元 line; a signature row",
    [Sheet("商务", [
        ["毕节市2024年1-6月商贸流通主要指标"],
        ["金额单位：亿元", _, _, _, "报送日期：2024年7月9日"],
        ["指标名称", "本月", _, "1-6月累计", _],
        [_, "绝对值", "同比增长(%)", "绝对值", "同比增长(%)"],
        ["社会消费品零售总额", 68.3, 5.2, 402.5, 6.1],
        ["网络零售额", 9.1, 14.8, 51.7, 12.5],
        [],
        ["单位负责人：陈红", _, "填表人：刘洋", _, "联系电话：0857-8222111"],
    ], merges=["A1:E1", "A3:A4", "B3:C3", "D3:E3"])],
)
book(
    "e92_finance_text_thousands_fullwidth_gb18030", "csv", "csv", "财政局",
    ["long", "text-numbers", "thousands-separators", "full-width-digits", "unit-column", "gb18030"],
    "财政局 6月 csv (GB18030): 一般公共预算收入 in 万元 typed as text with thousands separators, growth in full-width digits",
    [Sheet("财政", [
        ["2024年6月财政收支情况"],
        ["指标名称", "计量单位", "本月", "1-6月累计", "同比增长(%)"],
        ["一般公共预算收入", "万元", "185,236", "1,236,598", "８．２"],
        ["其中：税收收入", "万元", "120,118", "801,333", "６．５"],
    ])],
    encoding="gb18030",
)
book(
    "e93_energy_sheet_per_month_unit_lines_hidden_lookup", "xlsxwriter", "xlsx", "能源局",
    ["long", "sheet-per-month", "unit-line", "hidden-sheet"],
    "能源局: one workbook with a sheet per month (4月 5月 6月), each titled with its month and a 单位：万吨 line; a hidden lookup sheet",
    [
        Sheet("4月", [
            ["2024年4月煤炭生产情况"],
            ["单位：万吨"],
            ["指标名称", "本月", "1-4月累计"],
            ["煤炭产量", 598.1, 2337.0],
            ["电煤供应量", 320.4, 1295.3],
        ]),
        Sheet("5月", [
            ["2024年5月煤炭生产情况"],
            ["单位：万吨"],
            ["指标名称", "本月", "1-5月累计"],
            ["煤炭产量", 600.8, 2937.8],
            ["电煤供应量", 331.4, 1626.7],
        ]),
        Sheet("6月", [
            ["2024年6月煤炭生产情况"],
            ["单位：万吨"],
            ["指标名称", "本月", "1-6月累计"],
            ["煤炭产量", 612.4, 3550.2],
            ["电煤供应量", 331.6, 1958.3],
        ]),
        Sheet("对照表", [["煤炭产量", "coal_output", 9999.0], ["电煤供应量", "thermal_coal_supply", 8888.0]], hidden=True),
    ],
)
book(
    "e94_drc_wan_and_yi_in_headers", "openpyxl", "xlsx", "发展改革委",
    ["long", "unit-in-header", "wan-vs-yi"],
    "发展改革委 1-6月: 本月（万元） beside 1-6月累计（亿元） for 亿元 targets: each column converted by its own unit",
    [Sheet("投资", [
        ["2024年1-6月重点投资情况"],
        ["指标名称", "本月（万元）", "1-6月累计（亿元）", "同比增长（%）"],
        ["基础设施投资", 125000, 68.5, 7.2],
        ["民生领域投资", 83000, 41.2, 5.5],
        ["“四化”投资", 56000, 30.75, 9.1],
    ])],
)
book(
    "e95_ecology_percent_cells_fraction_values_mixed", "libreoffice", "xls", "生态环境局",
    ["long", "percent-format", "percent-text", "share"],
    "生态环境局 6月: 优良率 as a percent-formatted 0.973, typed 95.6 and as text 96.8%: all three are percent points",
    [Sheet("空气质量", [
        ["2024年6月环境空气质量"],
        ["指标名称", "计量单位", "统计期", "本期值"],
        ["中心城市环境空气质量优良率", "%", "2024年6月", pct(0.973)],
        ["县级以上城市环境空气质量优良率", "%", "2024年5月", 95.6],
        ["县级以上城市环境空气质量优良率", "%", "2024年6月", "96.8%"],
    ])],
)
book(
    "e96_stats_quarter_gdp_3row_colnum", "libreoffice", "xlsx", "统计局",
    ["long", "header-3row", "column-number-row", "merge-across", "merge-down", "level-growth-rows", "quarter-title"],
    "统计局 上半年: 绝对值 | 比上年同期增长(%) under 1-6月, column-number row 甲 乙 1 2, merged group header",
    [Sheet("GDP", [
        ["毕节市2024年上半年地区生产总值（GDP）"],
        ["指标名称", "计量单位", "1-6月", _],
        [_, _, "绝对值", "比上年同期增长(%)"],
        ["甲", "乙", 1, 2],
        ["地区生产总值", "亿元", 1123.4, 5.6],
        ["第一产业增加值", "亿元", 132.1, 4.1],
        ["第二产业增加值", "亿元", 352.7, 6.3],
        ["第三产业增加值", "亿元", 638.6, 5.4],
    ], merges=["A1:D1", "A2:A3", "B2:B3", "C2:D2"])],
)
book(
    "e97_agriculture_county_rows_total_bottom_notes", "xlwt", "xls", "农业农村局",
    ["long", "county-rows", "indicator-in-title", "total-row-bottom", "unit-line", "note-footer"],
    "农业农村局 1-6月: 高标准农田 by county (a row per county, 合计 at the bottom), 单位：万亩, 注 lines",
    [Sheet("高标准农田", [
        ["2024年1-6月新建和改造提升高标准农田完成情况"],
        ["单位：万亩"],
        ["县（区）", "1-6月累计完成"],
        ["七星关区", 1.2],
        ["大方县", 1.5],
        ["黔西市", 1.8],
        ["威宁县", 2.6],
        ["合计", 7.1],
        ["注：1.数据来源于各县（区）农业农村局；2.其余县（区）暂未开工。"],
    ])],
)
book(
    "e98_industry_text_values_with_units_qizhong", "csv", "csv", "工业和信息化局",
    ["long", "units-in-cells", "qizhong", "indented-names", "utf8-bom"],
    "工业和信息化局 6月 csv (Excel, UTF-8 BOM): 亿元 typed after each figure, 其中 and indented sub-items",
    [Sheet("工业", [
        ["指标名称", "统计期", "本月", "1-6月累计", "同比增长(%)"],
        ["优质烟酒产业产值", "2024年6月", "42.6亿元", "245.1亿元", "7.9"],
        ["\u3000\u3000劳动密集型产业产值", "2024年6月", "2.6亿元", "15.4亿元", "5.1"],
        ["规上工业增加值", "2024年6月", "", "", "6.8%"],
    ])],
    encoding="utf-8-sig",
)
book(
    "e99_bigdata_wan_ge_units_in_cells", "xlsxwriter", "xlsx", "大数据发展管理局",
    ["long", "units-in-cells", "wan-scale", "count"],
    "大数据发展管理局 1-6月: 5G基站 typed 0.12万个 and 场景 as 35个 in a 个 column",
    [Sheet("数字基建", [
        ["2024年1-6月数字基础设施建设"],
        ["指标名称", "计量单位", "1-6月累计"],
        ["新建5G基站", "个", "0.12万个"],
        ["新建5G应用场景", "个", "35个"],
    ])],
)
book(
    "e100_hrss_people_thousands_text_wan_target", "openpyxl", "xlsx", "人力资源社会保障局",
    ["long", "unit-column", "thousands-separators", "text-numbers", "wan-conversion"],
    "人力资源社会保障局 1-6月: 城镇新增就业 in 人 (unit column) typed 61,200 as text, by county: 万人 target",
    [Sheet("就业", [
        ["2024年1-6月城镇新增就业"],
        ["区县", "指标名称", "计量单位", "1-6月累计"],
        ["全市", "城镇新增就业", "人", "61,200"],
        ["七星关区", "城镇新增就业", "人", "12,350"],
        ["威宁彝族回族苗族自治县", "城镇新增就业", "人", 8120],
    ])],
)
book(
    "e101_transport_stacked_tables_own_unit_lines", "libreoffice", "xlsx", "交通运输局",
    ["stacked-tables", "unit-line", "wan-conversion"],
    "交通运输局 1-6月: two stacked tables, the first 单位：万平方米, the second 单位：平方米 (per county)",
    [Sheet("农村公路", [
        ["2024年1-6月农村道路错车道、停车场建设（全市）"],
        ["单位：万平方米"],
        ["指标名称", "1-6月累计"],
        ["新建农村道路错车道、停车场", 12.6],
        [],
        ["2024年1-6月分县完成情况"],
        ["单位：平方米"],
        ["县（区）", "新建农村道路错车道、停车场"],
        ["七星关区", 21500],
        ["纳雍县", 18300],
    ])],
)
book(
    "e102_investment_plan_progress_columns_wan_line", "xlwt", "xls", "投资促进局",
    ["long", "plan-columns", "unit-line-money", "wan-conversion", "count"],
    "投资促进局 1-6月: 年度目标 | 累计完成 | 完成年度目标(%); 金额单位：万元 over a 亿元 target; 家 counted",
    [Sheet("招商", [
        ["2024年1-6月招商引资完成情况"],
        ["金额单位：万元"],
        ["指标名称", "计量单位", "年度目标", "累计完成", "完成年度目标(%)"],
        ["引进优强企业", "家", 120, 58, 48.3],
        ["新增产业到位资金", "万元", 3500000, 1865000, 53.3],
    ])],
)
book(
    "e103_energy_last_years_growth_beside_this_years", "libreoffice", "xls", "能源局",
    ["long", "prior-growth-column", "growth"],
    "能源局 1-6月: 同比增长(%) beside 上年同期增长(%) (last year's own growth rate, not this year's): only the first is read",
    [Sheet("能源", [
        ["2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "1-6月累计", "上年同期", "上年同期增长(%)", "同比增长(%)"],
        ["煤炭产量", "万吨", 3550.2, 3268.5, 12.3, 8.6],
        ["发电量", "亿千瓦时", 268.4, 255.9, -2.1, 4.9],
    ])],
)
book(
    "e104_energy_only_last_years_growth", "openpyxl", "xlsx", "能源局",
    ["long", "prior-growth-column", "growth"],
    "能源局 1-6月: the only growth column is 上年同期增长(%) (last year's growth): not read as this year's growth",
    [Sheet("能源", [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "1-6月累计", "上年同期", "上年同期增长(%)"],
        ["煤炭产量", "万吨", 3550.2, 3268.5, 12.3],
    ])],
)
book(
    "e105_drc_unit_line_amounts_and_rates", "xlsxwriter", "xlsx", "发展改革委",
    ["long", "unit-line-two-units", "level-growth-rows", "wan-conversion"],
    "发展改革委 1-6月: 单位：万元、% (amounts in 万元, rates in %) over 1-6月累计 | 同比增长",
    [Sheet("投资", [
        ["毕节市2024年1-6月固定资产投资情况"],
        ["单位：万元、%"],
        ["指标名称", "1-6月累计", "同比增长"],
        ["固定资产投资", 3560000, 4.5],
        ["基础设施投资", 685000, 7.2],
    ])],
)
book(
    "e106_housing_title_unit_amounts_and_rates", "libreoffice", "xls", "住房城乡建设局",
    ["long", "title-unit-two-units", "wan-conversion"],
    "住房城乡建设局 1-6月: the title ends （万元、%）: 房地产投资 in 万元 (a 亿元 target), its growth in %",
    [Sheet("房地产", [
        ["毕节市2024年1-6月房地产开发投资情况（万元、%）"],
        ["指标名称", "1-6月累计", "同比增长"],
        ["房地产投资", 653000, -8.2],
    ])],
)
book(
    "e107_energy_absolute_change_in_tonnes", "xlwt", "xls", "能源局",
    ["long", "absolute-change-column", "unit-in-header"],
    "能源局 1-6月: 比上年同期增减（万吨） is the change in 万吨, not a growth rate: not read (it loaded as a growth of 281.7%)",
    [Sheet("煤炭", [
        ["毕节市2024年1-6月煤炭生产情况"],
        ["指标名称", "计量单位", "1-6月累计", "上年同期", "比上年同期增减（万吨）"],
        ["煤炭产量", "万吨", 3550.2, 3268.5, 281.7],
        ["电煤供应量", "万吨", 1958.3, 1872.1, 86.2],
    ])],
)
book(
    "e108_energy_full_year_column_beside_ytd", "libreoffice", "xlsx", "能源局",
    ["long", "future-column", "full-year"],
    "能源局 1-6月: 全年 beside 1-6月累计 (the year is not over: a plan or forecast), not read as December's year to date",
    [Sheet("能源", [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "本月", "1-6月累计", "全年"],
        ["煤炭产量", "万吨", 612.4, 3550.2, 7200.0],
        ["发电量", "亿千瓦时", 41.2, 268.4, 560.0],
    ])],
)
book(
    "e109_energy_months_to_december_under_june_title", "xlsxwriter", "xlsx", "能源局",
    ["wide-month", "future-column", "unit-line"],
    "能源局 1-6月: a column per month 1月 … 12月, July to December filled with the plan: only January to June are read",
    [Sheet("分月", [
        ["2024年1-6月煤层气产量（分月）"],
        ["单位：万立方米"],
        ["指标名称", "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"],
        ["煤层气产量", 190.2, 168.5, 199.8, 205.1, 210.4, 203.5, 210.0, 210.0, 210.0, 210.0, 210.0, 210.0],
    ])],
)
book(
    "e110_energy_this_year_last_year_growth", "libreoffice", "xlsx", "能源局",
    ["long", "bennian-alone", "prior", "growth", "share"],
    "能源局 1-6月: 本年 | 上年 | 增长(%) with no other measure word: 本年 is this year's figure (as 本期值), read by the target's kind",
    [Sheet("能源", [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "本年", "上年", "增长(%)"],
        ["煤炭产量", "万吨", 3550.2, 3268.5, 8.6],
        ["发电量", "亿千瓦时", 268.4, 255.9, 4.9],
    ])],
)
book(
    "e111_commerce_benyue_leiji_alone", "xlsxwriter", "xlsx", "商务局",
    ["long", "benyue-leiji", "level-growth-rows"],
    "商务局 6月: 本月累计 (the year to date at this month) | 同比增长(%): 402.5 is the level to date, not June's own (it was stored as 本月)",
    [Sheet("商务", [
        ["毕节市2024年6月商贸流通主要指标"],
        ["指标名称", "计量单位", "本月累计", "同比增长(%)"],
        ["社会消费品零售总额", "亿元", 402.5, 6.1],
        ["网络零售额", "亿元", 51.7, 12.5],
    ])],
)

# ---------------------------------------------------------------------------------------------
# Batch 5 (TABLES4): period labels as departments type them, month headers typed as date cells

_COAL_MONTHS = [560.1, 520.3, 600.2, 610.0, 647.2, 612.4]
_CBM_MONTHS = [190.2, 168.5, 199.8, 205.1, 210.4, 203.5]
book(
    "e112_energy_month_headers_date_cells", "libreoffice", "xlsx", "能源局",
    ["wide-month", "date-header", "unit-column"],
    "能源局 1-6月: the month headers 1月 … 6月 are date cells (2024-01-01 …) shown by the number format m月; then 1-6月累计",
    [Sheet("分月", [
        ["毕节市2024年1-6月能源生产情况（分月）"],
        ["指标名称", "计量单位", *[md(2024, m) for m in range(1, 7)], "1-6月累计"],
        ["煤炭产量", "万吨", *_COAL_MONTHS, 3550.2],
        ["煤层气产量", "万立方米", *_CBM_MONTHS, 1177.5],
    ], merges=["A1:I1"])],
)
book(
    "e113_energy_month_headers_ym_date_cells", "libreoffice", "xls", "能源局",
    ["wide-month", "date-header", "unit-line"],
    "能源局 1-6月: 2024年1月 … 2024年6月 typed and turned into date cells by LibreOffice (shown by the format yyyy年m月), legacy xls",
    [Sheet("煤层气", [
        ["毕节市2024年1-6月煤层气产量"],
        ["单位：万立方米"],
        ["指标名称", *[ym(2024, m) for m in range(1, 7)], "1-6月累计"],
        ["煤层气产量", *_CBM_MONTHS, 1177.5],
    ])],
)
book(
    "e114_energy_month_date_headers_wrong_year", "openpyxl", "xlsx", "能源局",
    ["wide-month", "date-header", "year-conflict", "rejected"],
    "能源局 1-6月: the date headers show 2023年1月 … 2023年6月 under a 2024年1-6月 title: which year is meant cannot be known, refused",
    [Sheet("分月", [
        ["毕节市2024年1-6月煤层气产量"],
        ["单位：万立方米"],
        ["指标名称", *[ym(2023, m) for m in range(1, 7)], "1-6月累计"],
        ["煤层气产量", *_CBM_MONTHS, 1177.5],
    ])],
)
book(
    "e115_energy_dotted_month_labels", "xlsxwriter", "xlsx", "能源局",
    ["wide-month", "numeric-month-label", "unit-line"],
    "能源局 1-6月: months typed 2024.01 … 2024.06 (as a date column shows them as text) and the total headed 1~6月",
    [Sheet("分月", [
        ["2024年1-6月煤炭产量（分月）"],
        ["单位：万吨"],
        ["指标名称", "2024.01", "2024.02", "2024.03", "2024.04", "2024.05", "2024.06", "1~6月"],
        ["煤炭产量", *_COAL_MONTHS, 3550.2],
    ])],
)
book(
    "e116_energy_months_with_quarter_subtotals", "libreoffice", "xls", "能源局",
    ["wide-month", "quarter-subtotals", "own-quarter", "unit-line"],
    "能源局 1-6月: 1月份 2月份 3月份 一季度 4月份 5月份 6月份 二季度 上半年: 一季度 and 上半年 are years to date, 二季度 alone is not read",
    [Sheet("分月", [
        ["毕节市2024年上半年煤层气产量"],
        ["单位：万立方米"],
        ["指标名称", "1月份", "2月份", "3月份", "一季度", "4月份", "5月份", "6月份", "二季度", "上半年"],
        ["煤层气产量", 190.2, 168.5, 199.8, 558.5, 205.1, 210.4, 203.5, 619.0, 1177.5],
    ])],
)
book(
    "e117_energy_dangyue_leiji_beside_bennian_leiji", "xlsxwriter", "xlsx", "能源局",
    ["long", "month-total", "prior", "growth"],
    "能源局 6月: 当月累计 (the month's own total) beside 本年累计 (the year to date): 当月累计 is read as 本月",
    [Sheet("能源", [
        ["毕节市2024年6月能源生产情况"],
        ["指标名称", "计量单位", "当月累计", "本年累计", "上年同期累计", "同比增长(%)"],
        ["煤炭产量", "万吨", 612.4, 3550.2, 3268.5, 8.6],
        ["发电量", "亿千瓦时", 41.2, 268.4, 255.9, 4.9],
    ])],
)
book(
    "e118_energy_benyue_leiji_groups", "libreoffice", "xlsx", "能源局",
    ["long", "header-2row", "month-total", "merge-across", "merge-down", "prior"],
    "能源局 6月: 本年 and 上年同期 each over 本月累计 | 本年累计; 上年同期 › 本月累计 is last year's month: not read",
    [Sheet("能源", [
        ["毕节市2024年6月能源生产情况"],
        ["指标名称", "计量单位", "本年", _, "上年同期", _, "同比增长（%）"],
        [_, _, "本月累计", "本年累计", "本月累计", "本年累计", _],
        ["煤炭产量", "万吨", 612.4, 3550.2, 580.3, 3268.5, 8.6],
        ["电煤供应量", "万吨", 331.6, 1958.3, 320.0, 1872.1, 4.6],
    ], merges=["A1:G1", "A2:A3", "B2:B3", "C2:D2", "E2:F2", "G2:G3"])],
)

# Batch 5, unseen shapes (TABLES4): measures and counties laid out every way departments do

book(
    "e150_energy_measure_column_by_county", "libreoffice", "xlsx", "能源局",
    ["wide-county", "measure-column", "merge-down", "unit-line", "silent-wrong"],
    "能源局 6月: 指标 merged down two rows, a 口径 column saying 本月 / 累计, a column per county (本月 rows loaded as 累计, 累计 rows dropped as duplicates)",
    [Sheet("分县", [
        ["2024年6月各县（市、区）煤炭生产情况"],
        ["单位：万吨"],
        ["指标", "口径", "七星关区", "大方县", "黔西市", "金沙县", "全市"],
        ["煤炭产量", "本月", 50.1, 80.2, 60.0, 70.0, 260.3],
        [_, "累计", 290.3, 470.5, 350.2, 410.0, 1521.0],
        ["电煤供应量", "本月", 20.1, 30.2, 25.0, 30.0, 105.3],
        [_, "累计", 120.3, 180.5, 150.2, 170.0, 621.0],
    ], merges=["A1:G1", "A4:A5", "A6:A7"])],
)
book(
    "e151_energy_name_merged_across_measure_cells", "libreoffice", "xls", "能源局",
    ["wide-county", "measure-column", "merge-across", "merge-down", "unit-line", "growth"],
    "能源局 6月: 指标名称 merged across two columns, the second holding 本月 / 1-6月累计 / 同比增长（%）; a column per county",
    [Sheet("分县", [
        ["2024年6月各县（市、区）煤炭产量"],
        ["单位：万吨"],
        ["指标名称", _, "七星关区", "大方县", "全市"],
        ["煤炭产量", "本月", 50.1, 80.2, 130.3],
        [_, "1-6月累计", 290.3, 470.5, 760.8],
        [_, "同比增长（%）", 5.1, 6.2, 5.8],
    ], merges=["A3:B3", "A4:A6"])],
)
book(
    "e152_energy_indicator_columns_month_rows_cumulative", "libreoffice", "xlsx", "能源局",
    ["wide-indicator", "month-rows", "cumulative-title", "unit-in-header", "silent-wrong"],
    "能源局 1-6月: a column per indicator, a row per month 1月 … 6月, the title says （累计）: each row is the year to date (was read as each month's own)",
    [Sheet("分月", [
        ["2024年1-6月全市能源生产情况（累计）"],
        ["月份", "煤炭产量（万吨）", "发电量（亿千瓦时）"],
        ["1月", 610.0, 45.1],
        ["2月", 1130.5, 85.0],
        ["3月", 1760.2, 130.2],
        ["4月", 2350.8, 175.0],
        ["5月", 2937.8, 227.2],
        ["6月", 3550.2, 268.4],
    ])],
)
book(
    "e153_energy_indicator_columns_month_rows_as_dates", "libreoffice", "xlsx", "能源局",
    ["wide-indicator", "month-rows", "date-cells", "unit-in-header", "silent-wrong"],
    "能源局 1-6月: a row per month, the 月份 cells typed as dates shown 2024年1月 …: each row is that month's own (was loaded as the year to date)",
    [Sheet("分月", [
        ["2024年全市能源生产情况（分月）"],
        ["月份", "煤炭产量（万吨）", "发电量（亿千瓦时）"],
        [ym(2024, 1), 560.1, 45.1],
        [ym(2024, 2), 520.3, 40.0],
        [ym(2024, 3), 600.2, 45.1],
        [ym(2024, 4), 610.0, 44.8],
        [ym(2024, 5), 647.2, 52.2],
        [ym(2024, 6), 612.4, 41.2],
    ])],
)
book(
    "e154_energy_county_over_measure", "libreoffice", "xlsx", "能源局",
    ["wide-county", "header-2row", "merge-across", "merge-down", "unit-column", "title-merged"],
    "能源局 6月: two-level header 七星关区 › 本月 | 七星关区 › 累计 | 大方县 › … | 全市 › …; title merged across the table",
    [Sheet("分县", [
        ["2024年6月各县（市、区）能源生产情况"],
        ["指标名称", "计量单位", "七星关区", _, "大方县", _, "黔西市", _, "全市", _],
        [_, _, "本月", "累计", "本月", "累计", "本月", "累计", "本月", "累计"],
        ["煤炭产量", "万吨", 50.1, 290.3, 80.2, 470.5, 60.0, 350.2, 190.3, 1111.0],
        ["发电量", "亿千瓦时", 3.1, 20.4, 5.2, 30.1, 2.0, 12.5, 10.3, 63.0],
    ], merges=["A1:J1", "A2:A3", "B2:B3", "C2:D2", "E2:F2", "G2:H2", "I2:J2"])],
)
book(
    "e155_energy_sheet_per_county_short_names", "libreoffice", "xlsx", "能源局",
    ["long", "sheet-per-county", "county-short-name"],
    "能源局 6月: a sheet per county named by its short name (七星关, 威宁, 百里杜鹃) and a 全市 sheet; the titles name no county",
    [
        Sheet("七星关", [["2024年6月能源生产情况"], ["指标名称", "计量单位", "本月", "1-6月累计"],
                         ["煤炭产量", "万吨", 50.1, 290.3]]),
        Sheet("威宁", [["2024年6月能源生产情况"], ["指标名称", "计量单位", "本月", "1-6月累计"],
                       ["煤炭产量", "万吨", 60.2, 350.5]]),
        Sheet("百里杜鹃", [["2024年6月能源生产情况"], ["指标名称", "计量单位", "本月", "1-6月累计"],
                           ["煤炭产量", "万吨", 10.0, 60.0]]),
        Sheet("全市", [["2024年6月能源生产情况"], ["指标名称", "计量单位", "本月", "1-6月累计"],
                       ["煤炭产量", "万吨", 120.3, 700.8]]),
    ],
)
book(
    "e156_energy_form_formula_colnum_and_signatures", "libreoffice", "xls", "能源局",
    ["long", "header-2row", "colnum-row", "colnum-formula", "signature-footer", "note-footer"],
    "能源局 6月: a 甲 | 乙 | 1 | 2 | 3 | 4=2/3-1 column-number row under a two-row header (read as data), 注, signatures in one row, 填报日期 with a date cell",
    [Sheet("表1", [
        ["毕节市2024年6月能源生产情况"],
        ["指标名称", "计量单位", "本年", _, "上年同期", "同比增长（%）"],
        [_, _, "本月", "1-本月累计", _, _],
        ["甲", "乙", 1, 2, 3, "4=2/3-1"],
        ["煤炭产量", "万吨", 612.4, 3550.2, 3268.5, 8.6],
        ["发电量", "亿千瓦时", 41.2, 268.4, 255.9, 4.9],
        ["注：本表数据为快报数。"],
        ["单位负责人：张建国", _, "填报人：王磊", _, "审核人：李娟"],
        ["填报日期：", ym(2024, 7, 8)],
    ], merges=["A2:A3", "B2:B3", "C2:D2", "E2:E3", "F2:F3"])],
)
book(
    "e157_energy_county_rows_indicator_columns_total_row", "libreoffice", "xlsx", "能源局",
    ["wide-indicator", "county-rows", "total-row", "unit-in-header", "note-footer"],
    "能源局 1-6月: a row per county, a column per indicator, a 合计 row at the bottom (全市) and a 注 line",
    [Sheet("分县", [
        ["2024年1-6月各县（市、区）能源生产情况"],
        ["县（市、区）", "煤炭产量（万吨）", "发电量（亿千瓦时）"],
        ["七星关区", 290.3, 20.4],
        ["大方县", 470.5, 30.1],
        ["黔西市", 350.2, 12.5],
        ["金沙县", 410.0, 25.0],
        ["合计", 1521.0, 88.0],
        ["注：发电量含新能源发电。"],
    ])],
)
book(
    "e158_energy_blank_columns_between_blocks", "libreoffice", "xlsx", "能源局",
    ["long", "header-2row", "blank-columns", "merge-across", "month-growth"],
    "能源局 6月: 本月 › 本期 | 同比增长, a blank column, 1-6月累计 › 本期 | 同比增长; blank columns between the blocks",
    [Sheet("能源", [
        ["毕节市2024年6月能源生产情况"],
        ["指标名称", "计量单位", _, "本月", _, _, "1-6月累计", _],
        [_, _, _, "本期", "同比增长（%）", _, "本期", "同比增长（%）"],
        ["煤炭产量", "万吨", _, 612.4, 3.1, _, 3550.2, 8.6],
        ["发电量", "亿千瓦时", _, 41.2, 2.2, _, 268.4, 4.9],
    ], merges=["A2:A3", "B2:B3", "D2:E2", "G2:H2"])],
)
book(
    "e159_energy_line_breaks_in_headers", "libreoffice", "xlsx", "能源局",
    ["long", "line-breaks", "title-merged", "prior", "growth"],
    "能源局 6月: header cells with line breaks (指标\\n名称, 本月\\n完成, 1-6月\\n累计, 同比\\n增长\\n（%）), the title merged across",
    [Sheet("能源", [
        ["毕节市2024年6月能源生产情况"],
        ["指标\n名称", "计量\n单位", "本月\n完成", "1-6月\n累计", "上年\n同期", "同比\n增长\n（%）"],
        ["煤炭产量", "万吨", 612.4, 3550.2, 3268.5, 8.6],
        ["发电量", "亿千瓦时", 41.2, 268.4, 255.9, 4.9],
    ], merges=["A1:F1"])],
)
book(
    "e160_energy_vertical_text_headers", "libreoffice", "xls", "能源局",
    ["long", "vertical-text", "header-2row", "serial-column", "merge-across", "merge-down"],
    "能源局 6月: narrow columns with one character per line (序\\n号, 本\\n年 › 本\\n月 | 累\\n计, 上\\n年\\n同\\n期), as vertical text is typed",
    [Sheet("能源", [
        ["毕节市2024年6月能源生产情况"],
        ["序\n号", "指\n标\n名\n称", "计\n量\n单\n位", "本\n年", _, "上\n年\n同\n期", "增\n长\n(%)"],
        [_, _, _, "本\n月", "累\n计", _, _],
        [1, "煤炭产量", "万吨", 612.4, 3550.2, 3268.5, 8.6],
        [2, "发电量", "亿千瓦时", 41.2, 268.4, 255.9, 4.9],
    ], merges=["A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:F3", "G2:G3"])],
)
book(
    "e161_energy_month_column_and_ytd_no_title_period", "xlsxwriter", "xlsx", "能源局",
    ["long", "month-column", "no-title-period", "growth"],
    "能源局: no period in the title; 2024年6月 | 1-6月累计 | 同比增长（%） (the growth was dropped and the row reported as its own duplicate)",
    [Sheet("能源", [
        ["毕节市能源生产情况"],
        ["指标名称", "计量单位", "2024年6月", "1-6月累计", "同比增长（%）"],
        ["煤炭产量", "万吨", 612.4, 3550.2, 8.6],
        ["发电量", "亿千瓦时", 41.2, 268.4, 4.9],
    ])],
)
book(
    "e162_energy_month_rows_with_year_text", "xlsxwriter", "xlsx", "能源局",
    ["wide-indicator", "month-rows", "unit-in-header"],
    "能源局 1-6月: a row per month typed 2024年1月 … 2024年6月 under indicator columns (the file was refused as unreadable)",
    [Sheet("分月", [
        ["2024年全市能源生产情况（分月）"],
        ["月份", "煤炭产量（万吨）", "发电量（亿千瓦时）"],
        ["2024年1月", 560.1, 45.1],
        ["2024年2月", 520.3, 40.0],
        ["2024年3月", 600.2, 45.1],
        ["2024年4月", 610.0, 44.8],
        ["2024年5月", 647.2, 52.2],
        ["2024年6月", 612.4, 41.2],
    ])],
)
book(
    "e163_energy_measure_column_over_month_columns", "libreoffice", "xlsx", "能源局",
    ["wide-month", "measure-column", "merge-down", "unit-line"],
    "能源局 1-6月: 指标 merged down, a 口径 column 本月 / 累计, a column per month 1月 … 6月: each month's 本月 and 累计",
    [Sheet("分月", [
        ["2024年1-6月煤炭产量"],
        ["单位：万吨"],
        ["指标", "口径", "1月", "2月", "3月", "4月", "5月", "6月"],
        ["煤炭产量", "本月", 560.1, 520.3, 600.2, 610.0, 647.2, 612.4],
        [_, "累计", 560.1, 1080.4, 1680.6, 2290.6, 2937.8, 3550.2],
    ], merges=["A4:A5"])],
)
book(
    "e164_energy_month_rows_with_total_row", "xlsxwriter", "xlsx", "能源局",
    ["wide-indicator", "month-rows", "total-row", "unit-in-header"],
    "能源局 1-6月: a row per month 1月 … 6月 and a 合计 row under indicator columns: 合计 is the year to date at 6月 (was refused as a period)",
    [Sheet("分月", [
        ["2024年1-6月全市能源生产情况"],
        ["月份", "煤炭产量（万吨）", "发电量（亿千瓦时）"],
        ["1月", 560.1, 45.1],
        ["2月", 520.3, 40.0],
        ["3月", 600.2, 45.1],
        ["4月", 610.0, 44.8],
        ["5月", 647.2, 52.2],
        ["6月", 612.4, 41.2],
        ["合计", 3550.2, 268.4],
    ])],
)
book(
    "e165_energy_signature_lines_unlisted_words", "libreoffice", "xls", "能源局",
    ["long", "signature-footer", "note-footer"],
    "能源局 6月: footer lines 统计人： | 核对人：, 复核人：, 批准人：, 附注：, 报送时间：, 编制单位： (read as indicators and values before)",
    [Sheet("能源", [
        ["毕节市2024年6月能源生产情况"],
        ["指标名称", "计量单位", "本月", "1-6月累计"],
        ["煤炭产量", "万吨", 612.4, 3550.2],
        ["发电量", "亿千瓦时", 41.2, 268.4],
        ["统计人：王磊", _, "核对人：李娟"],
        ["复核人：赵敏"],
        ["批准人：张建国"],
        ["附注：本月数据为快报数。"],
        ["报送时间：2024年7月8日"],
        ["编制单位：毕节市能源局"],
    ])],
)
book(
    "e166_stats_county_rows_level_and_growth_columns", "libreoffice", "xlsx", "统计局",
    ["wide-indicator", "county-rows", "level-growth-columns", "unit-in-header"],
    "统计局 1-6月: a row per county, 地区生产总值（亿元） | 增速（%） | 第一产业增加值（亿元） | 增速（%）: each 增速 is the indicator's left of it (was refused as ambiguous)",
    [Sheet("分县", [
        ["2024年1-6月各县（市、区）地区生产总值"],
        ["地区", "地区生产总值（亿元）", "增速（%）", "第一产业增加值（亿元）", "增速（%）"],
        ["七星关区", 300.1, 5.5, 30.2, 4.1],
        ["大方县", 150.2, 6.1, 20.4, 3.9],
        ["黔西市", 170.5, 5.2, 22.1, 4.3],
        ["全市", 620.8, 5.6, 72.7, 4.1],
    ])],
)
book(
    "e167_energy_year_range_group_emdash_no_title_period", "libreoffice", "xls", "能源局",
    ["long", "header-2row", "merge-across", "merge-down", "no-title-period", "emdash-range"],
    "能源局: no period in the title; 2024年1—6月 (an em dash) over 本期 | 上年同期 | 增长（%）",
    [Sheet("能源", [
        ["毕节市能源生产情况"],
        ["指标名称", "计量单位", "2024年1—6月", _, _],
        [_, _, "本期", "上年同期", "增长（%）"],
        ["煤炭产量", "万吨", 3550.2, 3268.5, 8.6],
        ["发电量", "亿千瓦时", 268.4, 255.9, 4.9],
    ], merges=["A2:A3", "B2:B3", "C2:E2"])],
)
book(
    "e168_energy_city_first_short_county_columns", "libreoffice", "xlsx", "能源局",
    ["wide-county", "county-short-name", "city-first", "unit-line"],
    "能源局 1-6月: a column per county, 全市 first, counties by their short names (七星关, 大方, 威宁, 百里杜鹃)",
    [Sheet("分县", [
        ["2024年1-6月各县（市、区）煤炭产量"],
        ["单位：万吨"],
        ["指标名称", "全市", "七星关", "大方", "威宁", "百里杜鹃"],
        ["煤炭产量", 1000.0, 300.0, 400.0, 200.0, 100.0],
    ])],
)
book(
    "e169_energy_chinese_months_and_total_column", "libreoffice", "xlsx", "能源局",
    ["wide-month", "total-column", "chinese-month-label", "unit-line"],
    "能源局 1-6月: 一月 … 六月 and a 合计 column (the months' total, the year to date at 6月; it was read as 全市 and reported as a duplicate)",
    [Sheet("分月", [
        ["毕节市2024年1-6月煤层气产量（分月）"],
        ["单位：万立方米"],
        ["指标名称", "一月", "二月", "三月", "四月", "五月", "六月", "合计"],
        ["煤层气产量", 190.2, 168.5, 199.8, 205.1, 210.4, 203.5, 1177.5],
    ])],
)
book(
    "e170_energy_range_total_header_xls", "xlwt", "xls", "能源局",
    ["wide-month", "total-column", "unit-column"],
    "能源局 1-6月: 1月 … 6月 | 1-6月合计 (ignored as not understood before)",
    [Sheet("分月", [
        ["毕节市2024年1-6月煤炭产量"],
        ["指标名称", "计量单位", "1月", "2月", "3月", "4月", "5月", "6月", "1-6月合计"],
        ["煤炭产量", "万吨", 560.1, 520.3, 600.2, 610.0, 647.2, 612.4, 3550.2],
    ])],
)
book(
    "e171_energy_qizhong_county_columns", "libreoffice", "xlsx", "能源局",
    ["wide-county", "qizhong-header", "unit-line", "county-short-name"],
    "能源局 1-6月: 全市 | 其中：七星关区 | 大方县 | 威宁县 (the first county column prefixed 其中：, ignored before)",
    [Sheet("分县", [
        ["2024年1-6月各县（市、区）煤炭产量"],
        ["单位：万吨"],
        ["指标名称", "全市", "其中：七星关区", "大方县", "威宁县"],
        ["煤炭产量", 900.0, 300.0, 400.0, 200.0],
    ])],
)
book(
    "e172_energy_sheet_per_indicator_county_rows", "libreoffice", "xlsx", "能源局",
    ["long", "sheet-per-indicator", "county-rows", "unit-line"],
    "能源局 6月: a sheet per indicator named 煤炭产量 / 发电量, a row per county, titles naming no indicator (refused as unknown_indicator before)",
    [
        Sheet("煤炭产量", [
            ["2024年6月各县（市、区）完成情况"],
            ["单位：万吨"],
            ["县（市、区）", "本月", "1-6月累计"],
            ["七星关区", 50.1, 290.3],
            ["大方县", 80.2, 470.5],
            ["全市", 130.3, 760.8],
        ]),
        Sheet("发电量", [
            ["2024年6月各县（市、区）完成情况"],
            ["单位：亿千瓦时"],
            ["县（市、区）", "本月", "1-6月累计"],
            ["七星关区", 3.1, 20.4],
            ["大方县", 5.2, 30.1],
            ["全市", 8.3, 50.5],
        ]),
    ],
)
book(
    "e173_energy_county_rows_month_columns_title_indicator", "libreoffice", "xlsx", "能源局",
    ["wide-month", "county-rows", "title-indicator", "unit-line"],
    "能源局 1-6月: the indicator in the title, a row per county, 1月 … 6月 | 1-6月累计 (January–May refused for want of a 累计 before)",
    [Sheet("分县分月", [
        ["2024年1-6月各县煤炭产量（分月）"],
        ["单位：万吨"],
        ["县（市、区）", "1月", "2月", "3月", "4月", "5月", "6月", "1-6月累计"],
        ["七星关区", 50.0, 45.0, 48.0, 49.0, 48.2, 50.1, 290.3],
        ["大方县", 80.0, 75.0, 78.5, 79.0, 77.8, 80.2, 470.5],
        ["全市", 130.0, 120.0, 126.5, 128.0, 126.0, 130.3, 760.8],
    ])],
)
book(
    "e174_energy_month_numbers_under_yuefen_group", "libreoffice", "xlsx", "能源局",
    ["wide-month", "header-2row", "month-numbers", "merge-across", "merge-down", "unit-line"],
    "能源局 1-6月: 月份 merged over 1 | 2 | … | 6 typed as numbers, then 1-6月累计 merged down (月份 was read as six 统计期 columns)",
    [Sheet("分月", [
        ["2024年1-6月煤层气产量"],
        ["单位：万立方米"],
        ["指标名称", "月份", _, _, _, _, _, "1-6月累计"],
        [_, 1, 2, 3, 4, 5, 6, _],
        ["煤层气产量", 190.2, 168.5, 199.8, 205.1, 210.4, 203.5, 1177.5],
    ], merges=["A3:A4", "B3:G3", "H3:H4"])],
)
book(
    "e175_energy_month_numbers_under_year_group", "libreoffice", "xls", "能源局",
    ["wide-month", "header-2row", "month-numbers", "merge-across", "merge-down", "unit-column"],
    "能源局 1-6月: 2024年 merged over 1 | 2 | … | 6 typed as numbers (refused as six columns saying the same thing before)",
    [Sheet("分月", [
        ["毕节市煤炭产量"],
        ["指标名称", "计量单位", "2024年", _, _, _, _, _, "1-6月累计"],
        [_, _, 1, 2, 3, 4, 5, 6, _],
        ["煤炭产量", "万吨", 560.1, 520.3, 600.2, 610.0, 647.2, 612.4, 3550.2],
    ], merges=["A2:A3", "B2:B3", "C2:H2", "I2:I3"])],
)
# fmt: on
# fmt: off

# ---------------------------------------------------------------------------------------------
# CELLS4 (issue #14, session 4): cells the reader read wrong on unseen files (e120–e149)

book(
    "e120_energy_bare_change_holds_the_change", "libreoffice", "xlsx", "能源局",
    ["long", "bare-change-column", "absolute-change-column"],
    "能源局 1-6月: 同比增减 with no (%) holding the change in the level's unit (281.7 beside 3550.2 万吨), no 上年同期: refused, never a growth of 281.7%",
    [Sheet("能源", [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "1-6月累计", "同比增减"],
        ["煤炭产量", "万吨", 3550.2, 281.7],
        ["电煤供应量", "万吨", 1958.3, 86.2],
        ["发电量", "亿千瓦时", 268.4, 12.5],
    ])],
)
book(
    "e121_energy_bare_change_in_percent", "csv", "csv", "能源局",
    ["long", "bare-change-column", "gb18030"],
    "能源局 1-6月 (GB18030 csv): 同比增减 with no (%) whose figures are plausible percentages (8.6 beside 3550.2): read as the growth",
    [Sheet("e121", [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "1-6月累计", "同比增减"],
        ["煤炭产量", "万吨", "3550.2", "8.6"],
        ["发电量", "亿千瓦时", "268.4", "4.9"],
        ["煤层气产量", "万立方米", "1186.0", "18.3"],
    ])],
    encoding="gb18030",
)
book(
    "e122_energy_growth_column_holds_the_change", "xlwt", "xls", "能源局",
    ["long", "prior", "growth", "growth-contradicts-levels"],
    "能源局 1-6月: 同比增长(%) beside 1-6月累计 and 上年同期: 281.7 is their difference, 81.3 is 63 points off (refused); 5.6 for 4.6 a slip (warned, loaded)",
    [Sheet("能源", [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "1-6月累计", "上年同期", "同比增长(%)"],
        ["煤炭产量", "万吨", 3550.2, 3268.5, 281.7],
        ["电煤供应量", "万吨", 1958.3, 1872.1, 5.6],
        ["发电量", "亿千瓦时", 268.4, 255.9, 4.9],
        ["煤层气产量", "万立方米", 1186.0, 1002.3, 81.3],
    ])],
)
book(
    "e123_stats_growth_percent_format_over_100", "libreoffice", "xlsx", "统计局",
    ["level-growth", "percent-format", "format-conflict"],
    "统计局 上半年: growth in a 0.0% column; 4.1 typed into it shows 410.0% (a growth typed as percent points): refused, not 410",
    [Sheet("主要指标", [
        ["2024年上半年毕节市主要经济指标"],
        ["指标", "单位", "绝对值", "比上年增长"],
        ["地区生产总值", "亿元", 1123.4, pct(0.056)],
        ["第一产业增加值", "亿元", 146.2, pct(4.1)],
        ["第二产业增加值", "亿元", 372.5, pct(0.068)],
    ], merges=["A1:D1"])],
)
_WAN_ROWS = [
    ["2024年1-6月全市投资主要指标"],
    ["指标名称", "计量单位", "1-6月累计"],
    ["新增储备项目总投资", "元", F(1526000000.0, "wan4")],
    ["基础设施投资", "万元", F(358000.0, "yi4")],
    ["“四化”投资", "元", F(4120000000.0, "wanyuan_scaled")],
    ["民生领域投资", "元", F(2960000000.0, "mil1")],
    ["新增产业到位资金", "万元", F(410000.0, "white")],
]
book(
    "e124_drc_wan_display_formats", "xlsxwriter", "xlsx", "发展改革委",
    ["long", "number-format", "wan-display", "scaling-format", "white-format"],
    "发展改革委 1-6月: amounts stored in 元 shown in 万 by the 0!.0000万 trick (read), 亿元 shown for 万元 (read), 0.00,,万元 and #,##0.0,, (refused), [White] (refused)",
    [Sheet("投资", _WAN_ROWS)],
)
book(
    "e125_drc_wan_display_formats_xls", "xlwt", "xls", "发展改革委",
    ["long", "number-format", "wan-display", "scaling-format", "white-format"],
    "发展改革委 1-6月, legacy xls (XF/FORMAT records): the formats of e124",
    [Sheet("投资", _WAN_ROWS)],
)
book(
    "e126_energy_display_formats", "openpyxl", "xlsx", "能源局",
    ["long", "number-format", "dbnum", "text-format", "hidden-format", "conditional-format"],
    "能源局 1-6月: [DBNum1] Chinese numerals and @ on numbers (read), ;;; (hides 1958.3), a conditional section scaling to 千 (shows 1.2千), 0.0;[White]-0.0 on a positive figure (read)",
    [Sheet("能源", [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "1-6月累计"],
        ["煤炭产量", "万吨", F(3550.2, "dbnum1")],
        ["发电量", "亿千瓦时", F(268.4, "text")],
        ["电煤供应量", "万吨", F(1958.3, "hide")],
        ["煤层气产量", "万立方米", F(1186.0, "cond_k")],
        ["新增新能源装机规模", "万千瓦", F(17.8, "neg_white")],
    ])],
)
book(
    "e127_energy_rows_hidden_by_default", "openpyxl", "xlsx", "能源局",
    ["long", "hidden-rows", "zero-height-default"],
    "能源局 1-6月: sheetFormatPr zeroHeight=1 makes the default row height 0: Excel hides the 电煤供应量 row (no height of its own; LibreOffice shows it): not read, hidden_skipped",
    [Sheet("能源", [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "1-6月累计"],
        ["煤炭产量", "万吨", 3550.2],
        ["电煤供应量", "万吨", 1612.0],
        ["发电量", "亿千瓦时", 268.4],
    ], shown_rows=[1, 2, 3, 5])],
)
book(
    "e128_stats_growth_arrows", "csv", "csv", "统计局",
    ["long", "growth-words", "arrows", "utf-8-bom"],
    "统计局 上半年 (UTF-8 BOM csv): growth typed ↑5.6 / ↓2.1 / +4.1% (read), ▲6.8 (up or negative? refused)",
    [Sheet("e128", [
        ["2024年上半年毕节市主要经济指标"],
        ["指标", "单位", "绝对值", "比上年增长（%）"],
        ["地区生产总值", "亿元", "1123.4", "↑5.6"],
        ["第一产业增加值", "亿元", "146.2", "+4.1%"],
        ["第二产业增加值", "亿元", "372.5", "▲6.8"],
        ["第三产业增加值", "亿元", "604.7", "↓2.1"],
    ])],
    encoding="utf-8-sig",
)
book(
    "e129_drc_csv_utf16_tab_unquoted_thousands", "csv", "csv", "发展改革委",
    ["long", "utf-16", "tab-separated", "thousands-separators", "wan-conversion"],
    "发展改革委 1-6月: Excel's Unicode text (UTF-16 with BOM, tab-separated), amounts in 元 with unquoted thousands separators (commas outnumber tabs)",
    [Sheet("e129", [
        ["2024年1-6月全市投资主要指标"],
        ["指标名称", "计量单位", "1-6月累计", "上年同期"],
        ["新增储备项目总投资", "元", "15,260,000,000", "13,980,000,000"],
        ["基础设施投资", "元", "3,580,000,000", "3,410,000,000"],
        ["民生领域投资", "元", "2,960,000,000", "2,705,000,000"],
    ])],
    encoding="utf-16", delimiter="\t",
)
book(
    "e130_energy_csv_semicolons", "csv", "csv", "能源局",
    ["long", "semicolon-separated", "thousands-separators"],
    "能源局 1-6月: csv separated by ; (a European-locale Excel), 3,550.2 unquoted",
    [Sheet("e130", [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "本月", "1-6月累计", "上年同期", "同比增长(%)"],
        ["煤炭产量", "万吨", "612.4", "3,550.2", "3,268.5", "8.6"],
        ["电煤供应量", "万吨", "331.6", "1,958.3", "1,872.1", "4.6"],
        ["发电量", "亿千瓦时", "41.2", "268.4", "255.9", "4.9"],
    ])],
    delimiter=";",
)
book(
    "e131_energy_csv_gbk_fullwidth_trailing_column", "csv", "csv", "能源局",
    ["long", "gbk", "fullwidth-digits", "quoted-thousands", "trailing-empty-column"],
    "能源局 1-6月 (GBK csv): 3，550.2 with a full-width comma, quoted 1,268.4, every line ending in an empty column",
    [Sheet("e131", [
        ["毕节市2024年1-6月能源生产情况", _, _, _, _],
        ["指标名称", "计量单位", "1-6月累计", "上年同期", _],
        ["煤炭产量", "万吨", "3，550.2", "3，268.5", _],
        ["发电量", "亿千瓦时", "1,268.4", "1,255.9", _],
        ["煤层气产量", "万立方米", "１１８６．０", "１００２．３", _],
    ])],
    encoding="gbk",
)
book(
    "e132_energy_csv_fullwidth_comma_separated", "csv", "csv", "能源局",
    ["long", "gb18030", "fullwidth-comma-separated"],
    "能源局 1-6月 (GB18030): fields separated by full-width commas (，), as typed into a text editor",
    [Sheet("e132", [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "1-6月累计", "同比增长(%)"],
        ["煤炭产量", "万吨", "3550.2", "8.6"],
        ["发电量", "亿千瓦时", "268.4", "4.9"],
    ])],
    encoding="gb18030", delimiter="，",
)
book(
    "e133_energy_csv_unquoted_thousands_split", "csv", "csv", "能源局",
    ["long", "split-number", "thousands-separators"],
    "能源局 1-6月 (hand-written csv): 3,550.2 typed without quotes is split into 3 | 550.2, one field too many: the row is refused, never 累计 = 3",
    [Sheet("e133", [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "1-6月累计", "上年同期"],
        ["煤炭产量", "万吨", "3", "550.2", "3268.5"],
        ["发电量", "亿千瓦时", "268.4", "255.9"],
    ])],
)
book(
    "e200_stats_indicator_name_variants", "openpyxl", "xlsx", "统计局",
    ["long", "name-variants", "growth-column"],
    "统计局 1-6月: rows named as departments write them (地区生产总值增长速度, 一产增加值增长, 规模以上工业增加值增长, 居民消费价格涨幅): catalog aliases, not unknown indicators",
    [Sheet("主要指标", [
        ["毕节市2024年1-6月主要经济指标"],
        ["指标名称", "计量单位", "比上年同期增长（%）"],
        ["地区生产总值增长速度", "%", 5.6],
        ["一产增加值增长", "%", 4.1],
        ["二产增加值增长", "%", 6.8],
        ["三产增加值增长", "%", 5.3],
        ["规模以上工业增加值增长", "%", 7.2],
        ["社会消费品零售总额增长", "%", 6.1],
        ["一般公共预算收入增长", "%", 3.2],
        ["城镇居民人均可支配收入增长", "%", 5.2],
        ["农村居民人均可支配收入增长", "%", 7.9],
        ["居民消费价格涨幅", "%", 0.4],
    ], merges=["A1:C1"])],
)
# fmt: on

# fmt: off
book(
    "e201_ecology_air_quality_report_names", "openpyxl", "xlsx", "生态环境局",
    ["long", "name-variants", "shares", "city-scope-word"],
    "生态环境局 1-6月: air and water quality named as the bureau writes them (中心城区环境空气质量优良天数比例, 县级以上城市环境空气质量优良天数比例, 全市主要河流出境断面水质优良率): catalog aliases; 中心城区环境空气质量达标率 is another quantity and stays unknown",
    [Sheet("Sheet1", [
        ["2024年1-6月全市生态环境质量主要指标"],
        ["指标名称", "计量单位", "1-6月"],
        ["中心城区环境空气质量优良天数比例", "%", 98.6],
        ["县级以上城市环境空气质量优良天数比例", "%", 97.9],
        ["全市主要河流出境断面水质优良率", "%", 100],
        ["县城以上集中式饮用水水源地水质优良率", "%", 100],
        ["中心城区环境空气质量达标率", "%", 99.1],
    ], merges=["A1:C1"])],
)

book(
    "e202_stats_city_scope_names", "openpyxl", "xlsx", "统计局",
    ["long", "name-variants", "growth-column", "city-scope-word", "numbering", "qizhong"],
    "统计局 1-6月: names that restate the city (全市地区生产总值增速, 毕节市规模以上工业增加值增速, 1．我市…, 其中：本市…) read as the city's; 七星关区规模以上工业增加值增速 names a county, never the city's value",
    [Sheet("主要指标", [
        ["毕节市2024年1-6月主要经济指标"],
        ["指标名称", "计量单位", "比上年同期增长（%）"],
        ["全市地区生产总值增速", "%", 5.6],
        ["毕节市规模以上工业增加值增速", "%", 7.2],
        ["七星关区规模以上工业增加值增速", "%", 8.1],
        ["全市社会消费品零售总额增速", "%", 6.1],
        ["1．我市城镇常住居民人均可支配收入增速", "%", 5.2],
        ["其中：本市农村常住居民人均可支配收入增速", "%", 7.9],
        ["毕节市居民消费价格指数涨幅", "%", 0.4],
    ], merges=["A1:C1"])],
)
# fmt: on

# ---------------------------------------------------------------------------------------------
# Batch e190: county labels with numbering and marks, numeric month ranges, YYYYMM number headers
# fmt: off
book(
    "e190_agriculture_county_rows_numbered_marked", "xlsxwriter", "xlsx", "农业农村局",
    ["long", "county-rows", "county-numbering", "county-marks", "shibenji", "indicator-in-title"],
    "农业农村局 1-6月: 高标准农田 by county typed 1.七星关区, （1）大方县, 一、黔西市, 七星关区* style, 其中：, spaces; 市本级 refused (not 全市)",
    [Sheet("高标准农田", [
        ["2024年1-6月新建和改造提升高标准农田完成情况"],
        ["单位：万亩"],
        ["县（区）", "1-6月累计完成"],
        ["全市*", 9.9],
        ["其中：市本级", 0.3],
        ["1.七星关区", 1.2],
        ["（2）大方县", 1.5],
        ["三、黔西市", 1.8],
        ["金沙县*", 1.1],
        [" 织金县 ", 0.9],
        ["\u3000纳雍县\u3000", 0.7],
        ["其中：威宁县", 2.4],
    ])],
)
book(
    "e191_energy_county_columns_numbered_marked", "openpyxl", "xlsx", "能源局",
    ["wide-county", "county-numbering", "county-marks", "unit-line"],
    "能源局 1-6月: a column per county headed 1.七星关区, （2）大方县, 黔西市*, 其中：金沙县, ' 织金县 ', and 全市",
    [Sheet("分县区", [
        ["毕节市2024年1-6月分县区煤炭产量"],
        ["单位：万吨"],
        ["指标名称", "全市", "1.七星关区", "（2）大方县", "黔西市*", "其中：金沙县", "\u3000织金县 "],
        ["煤炭产量", 2100.0, 312.6, 498.3, 402.7, 456.1, 430.3],
    ])],
)
book(
    "e192_energy_numeric_month_ranges", "xlsxwriter", "xlsx", "能源局",
    ["long", "numeric-range-header", "numeric-range-title", "two-sheets"],
    "能源局: the year to date written 2024.1-6 as a column header (sheet 1) and 2024.1—6 in the title over 累计 (sheet 2): month 6, never January",
    [
        Sheet("表头", [
            ["毕节市能源生产情况"],
            ["指标名称", "计量单位", "2024.1-6", "上年同期"],
            ["煤炭产量", "万吨", 3550.2, 3268.5],
        ]),
        Sheet("标题", [
            ["毕节市2024.1—6发电情况"],
            ["指标名称", "计量单位", "累计", "上年同期"],
            ["发电量", "亿千瓦时", 268.4, 255.9],
        ]),
    ],
)
book(
    "e193_energy_yyyymm_number_headers", "xlsxwriter", "xlsx", "能源局",
    ["wide-month", "yyyymm-number-headers"],
    "能源局: a column per month headed by the NUMBERS 202401 … 202406 (number cells, not text), title 2024年1-6月份",
    [Sheet("Sheet1", [
        ["毕节市2024年1-6月份煤炭产量"],
        ["指标名称", "计量单位", 202401, 202402, 202403, 202404, 202405, 202406],
        ["煤炭产量", "万吨", 598.3, 521.7, 602.5, 611.8, 603.5, 612.4],
    ])],
)
book(
    "e194_energy_numeric_ranges_not_from_january", "xlsxwriter", "xlsx", "能源局",
    ["long", "numeric-range-header", "partial-range", "two-sheets"],
    "能源局: a 2024.3-6 column beside 2024.1-6 is not read (never March); a sheet titled 2024.4-6 with only 累计 has no period and is refused",
    [
        Sheet("表头", [
            ["毕节市能源生产情况"],
            ["指标名称", "计量单位", "2024.3-6", "2024.1-6"],
            ["煤炭产量", "万吨", 1827.7, 3550.2],
        ]),
        Sheet("标题", [
            ["毕节市2024.4-6发电情况"],
            ["指标名称", "计量单位", "累计"],
            ["发电量", "亿千瓦时", 138.6],
        ]),
    ],
)
book(
    "e203_energy_dashed_month_ranges", "xlsxwriter", "xlsx", "能源局",
    ["long", "dashed-range-title", "partial-range", "two-sheets"],
    "能源局: a title 2024-1-6月 (dashes after the year) is the year to date through June, not January; a sheet titled 2024-3-6月 has no month and is refused",
    [
        Sheet("煤炭", [
            ["毕节市2024-1-6月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 612.4, 3550.2],
        ]),
        Sheet("发电", [
            ["毕节市2024-3-6月发电情况"],
            ["指标名称", "计量单位", "累计"],
            ["发电量", "亿千瓦时", 138.6],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e204_energy_growth_beside_two_ytd_columns", "xlsxwriter", "xlsx", "能源局",
    ["wide-by-month", "level-growth", "undated-growth-column"],
    "能源局 6月: 1-5月 | 1-6月 | 同比增长（%） — the growth (no period in its header) is the title's month's, read with 1-6月; a sheet titled 6月 over 1-4月 | 1-5月 | 同比增长 cannot say whose growth it is: not read",
    [
        Sheet("煤炭", [
            ["毕节市2024年6月能源生产情况"],
            ["指标名称", "计量单位", "1-5月", "1-6月", "同比增长（%）"],
            ["煤炭产量", "万吨", 2937.8, 3550.2, 6.2],
        ]),
        Sheet("电力", [
            ["毕节市2024年6月电力生产情况"],
            ["指标名称", "计量单位", "1-4月", "1-5月", "同比增长（%）"],
            ["发电量", "亿千瓦时", 92.4, 115.3, 4.8],
        ]),
    ],
)
book(
    "e205_stats_county_gdp_levels_by_month", "openpyxl", "xlsx", "统计局",
    ["wide-by-month", "level-growth", "undated-growth-column", "county-title"],
    "统计局 七星关区 6月: 地区生产总值 in 亿元 under 1-5月 | 1-6月 with a 同比增长（%）: the figures are levels (never growth 181.4 %), the growth is June's; May has no growth (refused with the period named)",
    [
        Sheet("主要指标", [
            ["七星关区2024年6月主要经济指标"],
            ["指标名称", "计量单位", "1-5月", "1-6月", "同比增长（%）"],
            ["地区生产总值", "亿元", 150.1, 181.4, 5.6],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e206_stats_units_in_names_by_month", "openpyxl", "xlsx", "统计局",
    ["wide-by-month", "level-growth", "unit-in-name", "county-title"],
    "统计局 七星关区: 地区生产总值（亿元） and 地区生产总值增速（%） rows under 1-5月 | 1-6月, no unit column — the first row is the level (never growth 150.1 %), the second the growth, for May and June",
    [
        Sheet("主要指标", [
            ["七星关区2024年主要经济指标"],
            ["指标名称", "1-5月", "1-6月"],
            ["地区生产总值（亿元）", 150.1, 181.4],
            ["地区生产总值增速（%）", 5.1, 5.6],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e207_energy_transposed_ytd_and_growth_rows", "xlsxwriter", "xlsx", "能源局",
    ["transposed", "measure-rows"],
    "能源局 6月, transposed: 项目 | 煤炭产量 | 发电量 over rows 1-6月 and 同比增长（%）. A month among measure words is a measure row (the year to date), not a period column",
    [
        Sheet("能源", [
            ["毕节市2024年6月能源生产情况"],
            ["项目", "煤炭产量", "发电量"],
            ["1-6月", 3550.2, 268.4],
            ["同比增长（%）", 6.2, 4.8],
        ]),
    ],
)
book(
    "e208_stats_transposed_level_and_growth_rows", "openpyxl", "xlsx", "统计局",
    ["transposed", "measure-rows", "level-growth", "unit-in-name"],
    "统计局 6月, transposed: 项目 | 地区生产总值 | 规模以上工业增加值 over rows 1-6月累计（亿元） and 同比增长（%）: the levels (in 亿元, from the row label) and the growths",
    [
        Sheet("经济", [
            ["毕节市2024年6月主要经济指标"],
            ["项目", "地区生产总值", "规模以上工业增加值"],
            ["1-6月累计（亿元）", 1123.4, 300.2],
            ["同比增长（%）", 5.6, 7.1],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e209_stats_cpi_index_by_month", "xlsxwriter", "xlsx", "统计局",
    ["wide-by-month", "level-growth", "price-index"],
    "统计局: 居民消费价格指数 100.2 | 100.3 under 5月 | 6月 (上年同期=100 indexes, no unit) are the index, never a growth of 100.3 %; with no 涨幅 they are refused (value_missing per month)",
    [
        Sheet("指数", [
            ["毕节市2024年居民消费价格指数"],
            ["指标名称", "5月", "6月"],
            ["居民消费价格指数", 100.2, 100.3],
        ]),
    ],
)
book(
    "e210_stats_cpi_index_and_rise_by_month", "openpyxl", "xlsx", "统计局",
    ["wide-by-month", "level-growth", "price-index"],
    "统计局: CPI 100.2 | 100.3 and 居民消费价格涨幅 0.2 | 0.3 under 1-5月 | 1-6月: the index is the level (kept in 累计), the 涨幅 the growth — never growth 100.3 % with 0.3 dropped as a duplicate",
    [
        Sheet("居民消费价格", [
            ["毕节市2024年居民消费价格"],
            ["指标名称", "1-5月", "1-6月"],
            ["CPI", 100.2, 100.3],
            ["居民消费价格涨幅", 0.2, 0.3],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e211_energy_sheet_per_month_copied_title", "xlsxwriter", "xlsx", "能源局",
    ["sheet-per-month", "title-period"],
    "能源局: sheets 5月 and 6月, both under the copied title 毕节市2024年1-6月能源生产情况. The 6月 sheet agrees with its title and loads; the 5月 sheet contradicts it — never May's 590 | 2937.8 loaded as June's (and June's refused as duplicates): layout_ambiguous",
    [
        Sheet("5月", [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 590.0, 2937.8],
        ]),
        Sheet("6月", [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 612.4, 3550.2],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e212_drc_web_page_saved_as_xls", "libreoffice-html", "xls", "发展改革委",
    ["web-page", "sheet-per-month", "percent-format", "merged-header", "note-rows"],
    "发展改革委: a workbook saved as a web page (LibreOffice's HTML export) and sent as .xls — sheets 5月 and 6月 with their own titles, a merged two-row header, growth typed as percentages (shown 5.1%, stored 0.051), a 注 line: read like the workbook, each sheet at its month",
    [
        Sheet("5月", [
            ["2024年1-5月全市投资主要指标"],
            ["指标名称", "计量单位", "1-5月", _],
            [_, _, "累计", "同比增长"],
            ["新增储备项目", "个", 151, pct(0.118)],
            ["新增储备项目总投资", "亿元", 120.3, pct(0.081)],
            ["注：增速按可比口径计算。"],
        ], merges=["A1:D1", "A2:A3", "B2:B3", "C2:D2"]),
        Sheet("6月", [
            ["2024年1-6月全市投资主要指标"],
            ["指标名称", "计量单位", "1-6月", _],
            [_, _, "累计", "同比增长"],
            ["新增储备项目", "个", 186, pct(0.124)],
            ["新增储备项目总投资", "亿元", 152.6, pct(0.087)],
            ["注：增速按可比口径计算。"],
        ], merges=["A1:D1", "A2:A3", "B2:B3", "C2:D2"]),
    ],
)
# fmt: on
# fmt: off
book(
    "e213_stats_level_and_growth_rows_one_column", "libreoffice", "xls", "统计局",
    ["long", "level-growth", "single-period-column", "measure-rows"],
    "统计局 1-6月, one figure column: 地区生产总值 | 亿元 | 1123.4 then 地区生产总值增速 | % | 5.6 (and 社会消费品零售总额 likewise, units in the names): the growth row is the growth of the level row (never a duplicate, never growth 1123.4)",
    [
        Sheet("经济", [
            ["毕节市2024年1-6月主要经济指标"],
            ["指标名称", "计量单位", "1-6月"],
            ["地区生产总值", "亿元", 1123.4],
            ["地区生产总值增速", "%", 5.6],
            ["社会消费品零售总额（亿元）", _, 402.5],
            ["社会消费品零售总额增速（%）", _, 4.2],
        ]),
    ],
)
book(
    "e214_energy_bare_growth_rows_under_indicators", "openpyxl", "xlsx", "能源局",
    ["long", "measure-rows", "percent-format", "single-period-column"],
    "能源局 1-6月: each indicator row followed by an indented 增速 / 增长（%） row (one typed 0.062 shown 6.2%): the growth of the row above; a 增长 row in 万吨 (the change, not a growth) is not read as a growth — unknown_indicator",
    [
        Sheet("能源", [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "1-6月"],
            ["煤炭产量", "万吨", 3550.2],
            ["\u3000\u3000增速", "%", pct(0.062)],
            ["发电量", "亿千瓦时", 268.4],
            ["\u3000\u3000增长（%）", _, 4.8],
            ["电煤供应量", "万吨", 1958.3],
            ["\u3000\u3000增长", "万吨", 86.2],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e215_energy_sheets_named_month_reports", "openpyxl", "xlsx", "能源局",
    ["sheet-per-month", "sheet-name-period"],
    "能源局: sheets 4月份报表, 5月份报表, 能源6月 under one title 毕节市2024年能源生产情况 (a year, no month): each sheet is its own month, the year from the title — never one period for all",
    [
        Sheet("4月份报表", [
            ["毕节市2024年能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 601.3, 2347.8],
        ]),
        Sheet("5月份报表", [
            ["毕节市2024年能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 590.0, 2937.8],
        ]),
        Sheet("能源6月", [
            ["毕节市2024年能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 612.4, 3550.2],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e216_energy_xml_spreadsheet_2003_saved_as_xls", "libreoffice-xml", "xls", "能源局",
    ["xml-2003", "merged-header", "percent-format", "blank-columns"],
    "能源局 6月: Excel's XML Spreadsheet 2003 (written by LibreOffice) sent as .xls — a title, 指标名称/计量单位 merged down over a 本月 | 1-6月累计 group with 本期 | 同比增长 under each, a blank column between the groups, growth typed as a percentage: read like the workbook",
    [
        Sheet("能源", [
            ["毕节市2024年6月能源生产情况"],
            ["指标名称", "计量单位", _, "本月", _, _, "1-6月累计", _],
            [_, _, _, "本期", "同比增长", _, "本期", "同比增长"],
            ["煤炭产量", "万吨", _, 612.4, pct(0.031), _, 3550.2, pct(0.086)],
            ["发电量", "亿千瓦时", _, 41.2, pct(0.052), _, 268.4, pct(0.049)],
        ], merges=["A2:A3", "B2:B3", "D2:E2", "G2:H2"]),
    ],
)
# fmt: on
# fmt: off
book(
    "e217_transport_text_export_named_xls", "csv", "xls", "交通运输局",
    ["text-as-xls", "gb18030", "tab-separated"],
    "交通运输局 1-6月: a web system's 导出Excel — tab-separated GB18030 text with an .xls name (Excel opens it): read as the csv it is, never refused as a corrupt workbook",
    [
        Sheet("sheet", [
            ["毕节市2024年1-6月交通运输主要指标"],
            ["指标名称", "计量单位", "1-本月累计", "同比增长(%)"],
            ["新建农村道路错车道、停车场", "万平方米", "12.6", "8.2"],
        ]),
    ],
    encoding="gb18030", delimiter="\t",
)
# fmt: on
# fmt: off
book(
    "e218_energy_sheets_numbered_by_month", "libreoffice", "xls", "能源局",
    ["sheet-per-month", "sheet-name-period"],
    "能源局: a year's workbook with sheets 04, 05, 06 (the month's number alone) under one title 毕节市2024年能源生产情况 (a year, no month): each sheet is its own month, the year from the title — never refused for want of a period, never one period for all",
    [
        Sheet("04", [
            ["毕节市2024年能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 601.3, 2347.8],
            ["发电量", "亿千瓦时", 44.1, 178.5],
        ]),
        Sheet("05", [
            ["毕节市2024年能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 590.0, 2937.8],
            ["发电量", "亿千瓦时", 43.7, 222.2],
        ]),
        Sheet("06", [
            ["毕节市2024年能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 612.4, 3550.2],
            ["发电量", "亿千瓦时", 46.2, 268.4],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e219_energy_sheet_named_for_sending_month", "openpyxl", "xlsx", "能源局",
    ["sheet-name-period", "title-period"],
    "能源局 1-6月: the sheet is named 7月报送 (the month it was sent) under the title 毕节市2024年1-6月能源生产情况 and a line 报送时间：2024年7月8日 — a careful person reads July as the sending date: the figures are June's, never refused as a conflict, never July's",
    [
        Sheet("7月报送", [
            ["毕节市2024年1-6月能源生产情况"],
            ["报送时间：2024年7月8日"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 612.4, 3550.2],
            ["电煤供应量", "万吨", 331.6, 1958.3],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e230_energy_bad_growth_cells_keep_levels", "xlwt", "xls", "能源局",
    ["long", "growth-cell-refused", "words-in-cells", "by-county"],
    "能源局 1-6月 (legacy xls): 本月 | 1-6月累计 | 同比增长（%） where some growth cells are no usable growth (▲8.6, the word 增长, 812 %): only those growth figures are refused, each row's 本月 and 累计 load; a county table under it the same, where ▼2.0 is a fall (−2.0: ▼ is a fall, or a minus in Japanese-style tables: negative either way)",
    [
        Sheet("能源", [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-6月累计", "同比增长（%）"],
            ["煤炭产量", "万吨", 612.4, 3550.2, "▲8.6"],
            ["电煤供应量", "万吨", 331.6, 1958.3, "增长"],
            ["发电量", "亿千瓦时", 41.2, 268.4, "812 %"],
            ["煤层气产量", "万立方米", 203.5, 1186.0, 4.9],
        ]),
        Sheet("分县", [
            ["毕节市2024年1-6月煤炭产量（万吨）"],
            ["县(市、区)", "本月", "1-6月累计", "同比增长（%）"],
            ["七星关区", 98.5, 571.2, "增长3.1"],
            ["大方县", 120.3, 698.4, "▼2.0"],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e220_energy_quarters_in_figures_titles", "libreoffice", "xlsx", "能源局",
    ["sheet-per-month", "title-period", "quarter"],
    "能源局: one workbook, a sheet per quarter's report (表1 | 表2 | 表3) titled 毕节市2024年1季度…, 2024年1-2季度…, 2024年1至3季度… (quarters in figures, as spans from January): March, June and September — never refused for want of a period",
    [
        Sheet("表1", [
            ["毕节市2024年1季度能源生产情况"],
            ["指标名称", "计量单位", "1-本月累计", "同比增长(%)"],
            ["煤炭产量", "万吨", 1746.5, 5.1],
        ]),
        Sheet("表2", [
            ["毕节市2024年1-2季度能源生产情况"],
            ["指标名称", "计量单位", "1-本月累计", "同比增长(%)"],
            ["煤炭产量", "万吨", 3550.2, 6.2],
        ]),
        Sheet("表3", [
            ["毕节市2024年1至3季度能源生产情况"],
            ["指标名称", "计量单位", "1-本月累计", "同比增长(%)"],
            ["煤炭产量", "万吨", 5391.7, 6.6],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e221_energy_title_period_words", "xlwt", "xls", "能源局",
    ["sheet-per-month", "title-period"],
    "能源局: sheets 能源, 能源 (2), 能源 (3) (a sheet copied twice) titled 毕节市2024年度1-4月…, 毕节市二〇二四年一至五月…, 2024年截至6月底毕节市… : April, May and June — each title read as a careful person reads it, never refused",
    [
        Sheet("能源", [
            ["毕节市2024年度1-4月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 601.3, 2347.8],
        ]),
        Sheet("能源 (2)", [
            ["毕节市二〇二四年一至五月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 590.0, 2937.8],
        ]),
        Sheet("能源 (3)", [
            ["2024年截至6月底毕节市能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 612.4, 3550.2],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e222_energy_quarter_total_beside_months", "openpyxl", "xlsx", "能源局",
    ["wide-by-month", "quarter", "title-period"],
    "能源局 二季度: months 4月 | 5月 | 6月, then 二季度合计 (the quarter's own total, 4-6月) and 1-6月累计 — 二季度合计 is never the year to date at June: column_ignored; June's month and year to date load; April and May have no year to date (value_missing)",
    [
        Sheet("二季度", [
            ["毕节市2024年二季度能源生产情况"],
            ["指标名称", "计量单位", "4月", "5月", "6月", "二季度合计", "1-6月累计"],
            ["煤炭产量", "万吨", 601.3, 590.0, 612.4, 1803.7, 3550.2],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e231_energy_last_month_and_last_year_month_for_comparison", "libreoffice", "xlsx", "能源局",
    ["long", "context-columns", "previous-month-column", "prior-month-column", "by-county"],
    "能源局 1-6月: a 5月 column beside 6月 | 1-6月累计 (last month, for comparison) and, by county, 本月 | 去年同期 | 1-6月累计 | 上年同期 (each figure beside its own last year): the comparison columns are not this report's figures — not read, a 提示 each, never a refusal; the rest loads",
    [
        Sheet("能源", [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "6月", "5月", "1-6月累计", "同比增长（%）"],
            ["煤炭产量", "万吨", 612.4, 590.0, 3550.2, 8.6],
            ["发电量", "亿千瓦时", 46.2, 43.7, 268.4, 4.9],
        ]),
        Sheet("分县", [
            ["毕节市2024年1-6月煤炭产量（万吨）"],
            ["县(市、区)", "本月", "去年同期", "1-6月累计", "上年同期", "增长（%）"],
            ["七星关区", 98.5, 95.1, 571.2, 540.3, 5.7],
            ["大方县", 120.3, 118.0, 698.4, 650.2, 7.4],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e223_energy_dash_runs_for_no_value", "xlwt", "xls", "能源局",
    ["by-county", "missing-dash", "title-indicator"],
    "能源局 1-6月 by county: cells with no figure marked by runs of dashes as people type them (— —, ---, ─, - -) beside real figures: no value and no warning, like a single —; never refused as text that is not a number",
    [
        Sheet("分县", [
            ["毕节市2024年1-6月煤炭产量（万吨）"],
            ["县(市、区)", "本月", "1-6月累计", "同比增长（%）"],
            ["七星关区", 98.5, 571.2, 3.1],
            ["大方县", "— —", 698.4, "---"],
            ["黔西市", 85.2, 512.6, "─"],
            ["金沙县", "- -", 455.0, 2.4],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e224_energy_sheet_names_with_month_words", "xlsxwriter", "xlsx", "能源局",
    ["sheet-per-month", "sheet-name-period"],
    "能源局: sheets 24年4月 (a year in two figures), 能源（1-5月） (a range among words) and 上半年数据 (a span among words) under one title 毕节市2024年能源生产情况 (a year, no month): April, May and June — each name read with the header grammar's month words, never refused for want of a period",
    [
        Sheet("24年4月", [
            ["毕节市2024年能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 601.3, 2347.8],
        ]),
        Sheet("能源（1-5月）", [
            ["毕节市2024年能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 590.0, 2937.8],
        ]),
        Sheet("上半年数据", [
            ["毕节市2024年能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 612.4, 3550.2],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e232_stats_growth_rows_under_month_and_ytd", "openpyxl", "xlsx", "统计局",
    ["long", "level-growth", "growth-row", "merged-header", "unit-in-name", "by-county"],
    "统计局 1-6月: 本月 | 累计 under a merged 2024年1-6月, each level row followed by its growth row (规模以上工业增加值增速, an indented 增速（%） under 社会消费品零售总额（亿元）; by county, 增长（%） under each county of a 规模以上工业增加值 title): the 累计 growth is the indicator's growth, the 本月 growth the month's own (a 提示, not read)",
    [
        Sheet("主要指标", [
            ["毕节市2024年1-6月主要经济指标"],
            ["指标名称", "计量单位", "2024年1-6月", _],
            [_, _, "本月", "累计"],
            ["规模以上工业增加值", "亿元", 52.1, 312.4],
            ["规模以上工业增加值增速", "%", 6.1, 7.2],
            ["社会消费品零售总额（亿元）", _, 45.6, 260.3],
            ["\u3000\u3000增速（%）", _, 5.9, 6.3],
        ], merges=["A2:A3", "B2:B3", "C2:D2"]),
        Sheet("分县", [
            ["毕节市2024年1-6月各县规模以上工业增加值（亿元）"],
            ["县(市、区)", "本月", "1-6月累计"],
            ["七星关区", 9.8, 57.1],
            ["\u3000\u3000增长（%）", 3.1, 5.7],
            ["大方县", 12.0, 69.8],
            ["\u3000\u3000增长（%）", -2.0, 7.4],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e270_stats_county_growth_rows_in_county_column", "openpyxl", "xlsx", "统计局",
    ["long", "by-county", "growth-row", "merge-down", "fill-down"],
    "统计局 1-6月: counties as rows beside a 指标名称 column merged down (or left blank under its first row); under each county a row 增长（%） / 其中：增速 typed in the county column: that county's growth (the 累计 figure; under 本月 the month's own growth, a 提示), as in county tables whose indicator is in the title — was county_unknown + duplicate_row",
    [
        Sheet("分县", [
            ["毕节市2024年1-6月分县主要指标"],
            ["指标名称", "县（市、区）", "本月", "1-6月累计"],
            ["规模以上工业增加值", "七星关区", 9.8, 57.1],
            [_, "增长（%）", 3.1, 5.7],
            [_, "大方县", 12.0, 69.8],
            [_, "增长（%）", -2.0, 7.4],
            ["社会消费品零售总额", "七星关区", 5.5, 30.2],
            [_, "其中：增速", 4.0, 6.1],
        ], merges=["A3:A6"]),
        Sheet("投资", [
            ["毕节市2024年1-6月分县投资情况"],
            ["指标名称", "地区", "1-6月"],
            ["固定资产投资", "七星关区", 120.5],
            [_, "增长（%）", 8.8],
            [_, "金沙县", 80.2],
            [_, "增长（%）", -3.4],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e271_energy_growth_row_beside_growth_column", "xlsxwriter", "xlsx", "能源局",
    ["long", "growth-row", "level-growth"],
    "能源局 1-6月: 本月 | 1-6月累计 | 同比增长（%） and under some rows a 其中：同比增长 / 其中：增速 row with a figure under 累计: the same growth as the column's (8.6 twice) is a 提示, not read twice; another figure (5.1 in the column, 5.3 in the row) refuses both (growth_twice_different on the column's cell; 本月 and 累计 load); under a row with no growth in the column it is that row's growth — was unknown_indicator on each 其中 row",
    [
        Sheet("能源", [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-6月累计", "同比增长（%）"],
            ["煤炭产量", "万吨", 612.4, 3550.2, 8.6],
            ["其中：同比增长", "%", _, 8.6, _],
            ["发电量", "亿千瓦时", 41.2, 268.4, 5.1],
            ["其中：增速", "%", _, 5.3, _],
            ["电煤供应量", "万吨", 331.6, 1958.3, _],
            ["其中：增速", "%", _, 6.4, _],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e272_stats_growth_beside_the_month_alone", "xlsxwriter", "xlsx", "统计局",
    ["long", "level-growth", "sheet-per-month", "ignored-column"],
    "统计局: a sheet per month, each 本月 | 同比增长（%） with no 累计: in June the growth beside the month alone is the month's own (against last year's June), not the 1-6月 growth a growth target is measured by — column_ignored, the growth target's row refused for want of its growth (was silently loaded as the 1-6月 growth); in January the month is the year to date and its growth loads",
    [
        Sheet("1月", [
            ["毕节市2024年1月主要经济指标"],
            ["指标名称", "计量单位", "本月", "同比增长（%）"],
            ["规模以上工业增加值", "亿元", 50.3, 6.8],
            ["煤炭产量", "万吨", 598.1, 4.2],
        ]),
        Sheet("6月", [
            ["毕节市2024年6月主要经济指标"],
            ["指标名称", "计量单位", "本月", "同比增长（%）"],
            ["规模以上工业增加值", "亿元", 52.1, 6.1],
            ["煤炭产量", "万吨", 612.4, 8.6],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e273_energy_bare_comparison_headers_hold_changes", "xlwt", "xls", "能源局",
    ["long", "level-growth", "bare-change"],
    "能源局 1-6月: a last column headed 同比 (no %, no 增长/增速) holding 281.7 beside 3550.2 万吨 — the change in 万吨, not 281.7 % (was loaded as the growth): like 同比增减 without (%), the column's figures decide, and here none is read as a growth (growth_ambiguous_change), the levels load; on the second sheet 增减（±） (± is a sign, not %) holds plausible percentages, read as growths",
    [
        Sheet("煤炭", [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-6月累计", "同比"],
            ["煤炭产量", "万吨", 612.4, 3550.2, 281.7],
            ["电煤供应量", "万吨", 331.6, 1958.3, 6.4],
        ]),
        Sheet("电力", [
            ["毕节市2024年1-6月电力生产情况"],
            ["指标名称", "计量单位", "本月", "1-6月累计", "增减（±）"],
            ["发电量", "亿千瓦时", 41.2, 268.4, 5.1],
            ["煤层气产量", "万立方米", 203.5, 1186.0, -3.2],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e274_stats_bare_change_rows_under_rates_and_levels", "openpyxl", "xlsx", "统计局",
    ["long", "growth-row", "bare-change", "pp-change"],
    "统计局 1-6月: a row 增减 (no %, no 增长/增速) under each indicator's row: under 常住人口城镇化率 (a rate in %) it is the change in percentage points, not a growth (column_ignored; was loaded as a 1.2 % growth); under 地区生产总值 (1123.4 亿元) its 281.7 is the change in 亿元 (growth_ambiguous_change, as a 增减 column without (%): the growth target's row is refused; was loaded as a 281.7 % growth); a 增速 row (%) under 城镇常住居民人均可支配收入 is its growth",
    [
        Sheet("主要", [
            ["毕节市2024年1-6月主要经济指标"],
            ["指标名称", "计量单位", "1-6月"],
            ["常住人口城镇化率", "%", 55.1],
            ["增减", _, 1.2],
            ["地区生产总值", "亿元", 1123.4],
            ["增减", _, 281.7],
            ["城镇常住居民人均可支配收入", "元", 21345],
            ["增速", "%", 5.1],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e275_stats_county_month_and_growth_groups", "openpyxl", "xlsx", "统计局",
    ["wide-by-county", "header-2row", "merge-across", "level-growth", "ignored-column"],
    "统计局 6月: counties across (七星关区 › 本月 | 同比增长（%）): under each county the growth beside 本月 alone is June's own growth against last June, not the 1-6月 growth the growth target is measured by — column_ignored, the row refused for want of its growth (was loaded as the 1-6月 growth); on the second sheet (May) the growth beside 1-5月累计 under each county loads",
    [
        Sheet("当月", [
            ["毕节市2024年6月各县规模以上工业增加值"],
            ["指标名称", "七星关区", _, "大方县", _],
            [_, "本月", "同比增长（%）", "本月", "同比增长（%）"],
            ["规模以上工业增加值", 9.8, 3.1, 12.0, -2.0],
        ], merges=["A2:A3", "B2:C2", "D2:E2"]),
        Sheet("累计", [
            ["毕节市2024年1-5月各县规模以上工业增加值"],
            ["指标名称", "七星关区", _, "大方县", _],
            [_, "1-5月累计", "同比增长（%）", "1-5月累计", "同比增长（%）"],
            ["规模以上工业增加值", 57.1, 5.7, 69.8, 7.4],
        ], merges=["A2:A3", "B2:C2", "D2:E2"]),
    ],
)
# fmt: on
# GROWTH9 (e270-e279) above this line; PERIOD9 and others append at the end of the file.
# fmt: off
book(
    "e225_energy_title_months_year_in_sheet_name", "libreoffice", "xls", "能源局",
    ["title-period", "sheet-name-period"],
    "能源局 1-6月: the title says 毕节市1-6月能源生产情况 with no year; the year is the sheet's name 2024年: June 2024 (the title's months with the year found elsewhere) — never refused for want of a period",
    [
        Sheet("2024年", [
            ["毕节市1-6月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 612.4, 3550.2],
            ["发电量", "亿千瓦时", 46.2, 268.4],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e226_energy_quarter_end_columns", "openpyxl", "xlsx", "能源局",
    ["wide-by-month", "quarter"],
    "能源局 1-9月: columns 一季度末 | 上半年末 | 三季度末 (as at the end of each quarter, like 截至6月底) under 毕节市2024年能源生产情况: the years to date at March, June and September — never columns nobody understood",
    [
        Sheet("能源", [
            ["毕节市2024年能源生产情况"],
            ["指标名称", "计量单位", "一季度末", "上半年末", "三季度末"],
            ["煤炭产量", "万吨", 1746.5, 3550.2, 5391.7],
            ["发电量", "亿千瓦时", 134.4, 268.4, 409.9],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e227_energy_fill_time_above_title", "libreoffice", "xlsx", "能源局",
    ["form-metadata", "title-period"],
    "能源局 1-6月: an official form whose top row holds 表号：能源1表 and 填报时间：2024年7月5日 above the title 毕节市2024年1-6月能源生产情况: the fill-in date is no period — June's figures, never loaded as July's",
    [
        Sheet("能源1表", [
            [_, _, "表号：能源1表", "填报时间：2024年7月5日"],
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 612.4, 3550.2],
            ["发电量", "亿千瓦时", 46.2, 268.4],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e228_energy_title_ranges_with_years", "xlwt", "xls", "能源局",
    ["title-period", "partial-range"],
    "能源局: a sheet titled 毕节市2024年1月—2024年6月能源生产情况 (the year written at both ends of 1-6月) is June's, never January's; a sheet titled 毕节市2023年12月—2024年5月… (months across two years, no year to date) is refused, never loaded at December 2023",
    [
        Sheet("1-6月", [
            ["毕节市2024年1月—2024年6月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 612.4, 3550.2],
        ]),
        Sheet("跨年", [
            ["毕节市2023年12月—2024年5月能源生产情况"],
            ["指标名称", "计量单位", "本月", "累计"],
            ["煤炭产量", "万吨", 590.0, 3512.6],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e229_energy_last_years_column_by_its_year", "xlsxwriter", "xlsx", "能源局",
    ["long", "prior-year", "title-period"],
    "能源局 1-6月: 本月 | 1-6月累计 | 2023年1-6月 | 同比增长（%） under 毕节市2024年1-6月能源生产情况 — the column named by last year's same months is 上年同期 (the title's year is this year), never a clash of years that refuses the table",
    [
        Sheet("能源", [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-6月累计", "2023年1-6月", "同比增长（%）"],
            ["煤炭产量", "万吨", 612.4, 3550.2, 3342.1, 6.2],
            ["发电量", "亿千瓦时", 46.2, 268.4, 255.9, 4.9],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e250_energy_period_cells_this_years_words", "openpyxl", "xlsx", "能源局",
    ["long", "period-column", "title-period"],
    "能源局: a 统计期 column written 本年5月 and 今年1-6月 (this year's words, no figures for the year) under 毕节市2024年能源生产情况: May and June 2024 — never refused as a 统计期 nobody understood",
    [
        Sheet("能源", [
            ["毕节市2024年能源生产情况"],
            ["指标名称", "计量单位", "统计期", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", "本年5月", 590.0, 2937.8],
            ["煤炭产量", "万吨", "今年1-6月", 612.4, 3550.2],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e260_energy_title_and_period_cells_disagree", "openpyxl", "xlsx", "能源局",
    ["long", "period-column", "title-period", "form-metadata"],
    "能源局: three sheets titled 毕节市2024年1-5月能源生产情况. 统计期列: a row 2024年5月 (May) and a row 2024/6/30 (June under a 1-5月 title: refused, never loaded at June); 统计期行: a line 统计期：2024年6月 under the title (two periods: refused, never loaded at May); 填报时间: a line 填报时间：2024年6月5日 (a stamp, no period): May",
    [
        Sheet("统计期列", [
            ["毕节市2024年1-5月能源生产情况"],
            ["指标名称", "计量单位", "统计期", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", "2024年5月", 590.0, 2937.8],
            ["煤炭产量", "万吨", "2024/6/30", 612.4, 3550.2],
        ]),
        Sheet("统计期行", [
            ["毕节市2024年1-5月能源生产情况"],
            ["统计期：2024年6月"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["发电量", "亿千瓦时", 46.2, 268.4],
        ]),
        Sheet("填报时间", [
            ["毕节市2024年1-5月能源生产情况"],
            ["填报时间：2024年6月5日"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["电煤供应量", "万吨", 330.5, 1650.8],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e261_energy_period_cells_month_numbers", "xlwt", "xls", "能源局",
    ["long", "period-column", "title-period"],
    "能源局: 统计期 cells that number the month under a monthly title with a year: 5 (a number) and 06 (text) under 毕节市2024年能源生产情况, 第5期 and 2024年第6期 under 毕节市2024年能源生产月报 — May and June 2024; 第2期 under 毕节市2024年能源生产季报 (a quarterly report: the second quarter, no month) is refused",
    [
        Sheet("月份", [
            ["毕节市2024年能源生产情况"],
            ["指标名称", "计量单位", "统计期", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 5, 590.0, 2937.8],
            ["煤炭产量", "万吨", "06", 612.4, 3550.2],
        ]),
        Sheet("期数", [
            ["毕节市2024年能源生产月报"],
            ["指标名称", "计量单位", "统计期", "本月", "1-本月累计"],
            ["发电量", "亿千瓦时", "第5期", 44.1, 222.2],
            ["发电量", "亿千瓦时", "2024年第6期", 46.2, 268.4],
        ]),
        Sheet("季报", [
            ["毕节市2024年能源生产季报"],
            ["指标名称", "计量单位", "统计期", "本月", "1-本月累计"],
            ["电煤供应量", "万吨", "第2期", 330.5, 1980.6],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e262_energy_sheet_names_short_english_copies", "xlsxwriter", "xlsx", "能源局",
    ["sheet-per-month", "title-period"],
    "能源局: a sheet per month under one title with a year and no month (毕节市2024年能源生产情况), the sheets named 24.04 (a year in two figures), May (English), 6月 (2) (Excel's copy of a sheet 6月) and 02、电力6月 (a list number before the words): April, May, June and June 2024 — never refused as sheets naming no month",
    [
        Sheet("24.04", [
            ["毕节市2024年能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 585.3, 2347.8],
        ]),
        Sheet("May", [
            ["毕节市2024年能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 590.0, 2937.8],
        ]),
        Sheet("6月 (2)", [
            ["毕节市2024年能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 612.4, 3550.2],
        ]),
        Sheet("02、电力6月", [
            ["毕节市2024年能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["发电量", "亿千瓦时", 46.2, 268.4],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e263_energy_quarter_own_cumulation_columns", "xlsxwriter", "xlsx", "能源局",
    ["wide-by-county", "header-2row", "merge-across", "quarter", "ignored-column"],
    "能源局 1-6月: 本季累计 (the quarter's months summed so far, not the year to date) beside 1-本月累计 under each county (七星关区 › 本季累计 | 1-本月累计), and groups 本季累计 | 本年累计 over 本期 | 增长(%): only the years to date load — never 本季累计 loaded as the year to date (with the real 累计 dropped as its duplicate), never the table refused as two growth columns alike",
    [
        Sheet("分县", [
            ["毕节市2024年1-6月煤炭生产情况"],
            ["指标名称", "计量单位", "七星关区", _, "大方县", _],
            [_, _, "本季累计", "1-本月累计", "本季累计", "1-本月累计"],
            ["煤炭产量", "万吨", 300.0, 900.0, 200.0, 700.0],
        ], merges=["C2:D2", "E2:F2"]),
        Sheet("全市", [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "本季累计", _, "本年累计", _],
            [_, _, "本期", "增长(%)", "本期", "增长(%)"],
            ["发电量", "亿千瓦时", 136.5, 4.1, 268.4, 4.9],
        ], merges=["C2:D2", "E2:F2"]),
    ],
)
# fmt: on
# fmt: off
book(
    "e264_energy_sheets_numbered_as_tables", "openpyxl", "xlsx", "能源局",
    ["sheet-per-group", "title-period"],
    "能源局 1-6月: sheets named 1 and 2, each titled 毕节市2024年1-6月… (coal, then power): the numbers run 1, 2 and none is the titles' month, so they number the report's tables — June's figures, never refused as January's and February's sheets",
    [
        Sheet("1", [
            ["毕节市2024年1-6月煤炭生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 612.4, 3550.2],
        ]),
        Sheet("2", [
            ["毕节市2024年1-6月电力生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["发电量", "亿千瓦时", 46.2, 268.4],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e265_energy_title_months_year_in_header_columns", "libreoffice", "xls", "能源局",
    ["title-period", "header-2row", "merge-across", "prior-year"],
    "能源局 1-6月: titles without a year (毕节市1-6月电力生产情况, 毕节市1-6月煤炭生产情况) over columns 2024年 | 2023年 (or 2024年 › 本月 | 累计 beside 2023年 › 本月 | 累计): this year beside last year — 2024's June figures, 2023's 累计 last year's same period; never refused as a table with no period",
    [
        Sheet("电力", [
            ["毕节市1-6月电力生产情况"],
            ["指标名称", "计量单位", "2024年", "2023年"],
            ["发电量", "亿千瓦时", 268.4, 255.9],
        ]),
        Sheet("煤炭", [
            ["毕节市1-6月煤炭生产情况"],
            ["指标名称", "计量单位", "2024年", _, "2023年", _],
            [_, _, "本月", "累计", "本月", "累计"],
            ["煤炭产量", "万吨", 612.4, 3550.2, 580.0, 3342.1],
        ], merges=["C2:D2", "E2:F2"]),
    ],
)
# fmt: on
# fmt: off
book(
    "e266_energy_periods_as_ranges_of_days", "xlwt", "xls", "能源局",
    ["title-period", "period-column"],
    "能源局: a title 毕节市2024年1月1日—6月30日能源生产情况 (the year to date written as days) is June's, never January's; a 统计期 column 2024.1.1-2024.5.31 | 2024.1.1-2024.6.30 under 毕节市2024年能源生产情况 is May and June",
    [
        Sheet("上半年", [
            ["毕节市2024年1月1日—6月30日能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 612.4, 3550.2],
        ]),
        Sheet("按期", [
            ["毕节市2024年能源生产情况"],
            ["指标名称", "计量单位", "统计期", "本月", "1-本月累计"],
            ["发电量", "亿千瓦时", "2024.1.1-2024.5.31", 44.1, 222.2],
            ["发电量", "亿千瓦时", "2024.1.1-2024.6.30", 46.2, 268.4],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e280_energy_program_written_formulas_recalc_on_load", "xlsxwriter", "xlsx", "能源局",
    ["long", "formula", "program-written"],
    "能源局 1-6月 written by a program (xlsxwriter): 发电量's 1-本月累计 is a formula =C4*6.5 whose stored result the workbook itself says to recompute on opening (calcPr fullCalcOnLoad): a stored formula result there is a placeholder or a stale template value, never loaded as a figure — the row refused with formula_not_calculated; the typed rows load",
    [
        Sheet("能源生产", [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计", "同比增长（%）"],
            ["煤炭产量", "万吨", 612.4, 3550.2, 8.6],
            ["发电量", "亿千瓦时", 41.2, Formula("=C4*6.5", 267.8), 4.9],
            ["煤层气产量", "万立方米", 203.5, 1186.0, 18.3],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e267_energy_file_2024-05_title_1-6", "openpyxl", "xlsx", "能源局",
    ["title-period", "file-name-period"],
    "能源局: a one-sheet file named for May 2024 (…2024-05…) whose title says 毕节市2024年1-6月能源生产情况: which month cannot be told (a renamed file or a stale title), refused — never loaded at June without a remark",
    [
        Sheet("Sheet1", [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 612.4, 3550.2],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e268_energy_estimate_titles", "libreoffice", "xlsx", "能源局",
    ["title-period", "ignored-column"],
    "能源局 1-6月: a sheet titled 毕节市2024年1-6月能源生产预计完成情况 (the department's forecast, sent before the figures are in) is not loaded — never a forecast stored as the month's figures; a sheet titled …完成情况及全年预计 over 本月 | 1-本月累计 | 全年预计 loads its figures (the title's 预计 is the 全年预计 column, not read)",
    [
        Sheet("预计", [
            ["毕节市2024年1-6月能源生产预计完成情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 615.0, 3553.0],
        ]),
        Sheet("完成及预计", [
            ["毕节市2024年1-6月电力生产完成情况及全年预计"],
            ["指标名称", "计量单位", "本月", "1-本月累计", "全年预计"],
            ["发电量", "亿千瓦时", 46.2, 268.4, 560.0],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e269_energy_file_2024-05_sheets_5_and_6", "xlsxwriter", "xlsx", "能源局",
    ["sheet-per-month", "file-name-period"],
    "能源局: a file named for May 2024 (…2024-05…) with sheets 5月 and 6月 under 毕节市2024年能源生产情况: May's sheet loads; June's (a month after the one the file is named for: a renamed file, or a sheet named wrong?) is refused — never loaded at June without a remark",
    [
        Sheet("5月", [
            ["毕节市2024年能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 590.0, 2937.8],
        ]),
        Sheet("6月", [
            ["毕节市2024年能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 612.4, 3550.2],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e251_energy_form_dates_beside_the_period", "libreoffice", "xls", "能源局",
    ["form-metadata", "title-period"],
    "能源局 1-6月 official forms: 有效期至：2025年12月 beside the title 毕节市能源统计月报 with 2024年1-6月 on the next line, and 报告期：2024年6月 on one row with 填报日期：2024年7月5日 — June's figures: never December 2025's (the form's validity), never refused as a table with no period",
    [
        Sheet("月报", [
            ["毕节市能源统计月报", _, _, "有效期至：2025年12月"],
            ["2024年1-6月", _, _, "表号：能源1表"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 612.4, 3550.2],
        ]),
        Sheet("报告期", [
            ["毕节市电力生产情况"],
            ["报告期：2024年6月", _, _, "填报日期：2024年7月5日"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["发电量", "亿千瓦时", 46.2, 268.4],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e281_bigdata_total_row_stale_sum", "xlsxwriter-libreoffice", "xlsx", "大数据发展管理局",
    ["wide-indicator", "rows-county", "unit-in-header", "county-short-forms", "total-row", "formula"],
    "大数据局 1-6月 written by a program and saved again by LibreOffice without recalculating (its default for an xlsx): the 合计 row's =SUM(C3:C12) still holds last month's 1980 beside counties adding up to 2136 (a stale result, refused: formula_not_calculated saying both figures), its =SUM(D3:D12) holds 30, what the counties add up to (loaded as 全市)",
    [
        Sheet("5G建设", [
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
            [_, "合计", Formula("=SUM(C3:C12)", 1980), Formula("=SUM(D3:D12)", 30)],
        ], merges=["A1:D1"]),
    ],
)
# fmt: on
# fmt: off
book(
    "e300_commerce_january_growth_rows_under_month", "xlwt", "xls", "商务局",
    ["long", "growth-row", "title-period"],
    "商务局 January (毕节市2024年1月商贸运行情况) with 本月 only and each indicator's growth on the row under it (增速, 网络零售额增速): in January 本月 is the year to date (1-1月), so the growth rows under 本月 are the growth targets' growths — never set aside as the month's own growth and the rows refused",
    [
        Sheet("1月", [
            ["毕节市2024年1月商贸运行情况"],
            ["指标名称", "计量单位", "本月"],
            ["社会消费品零售总额", "亿元", 88.6],
            ["增速", "%", 7.9],
            ["网络零售额", "亿元", 6.2],
            ["网络零售额增速", "%", 15.4],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e290_能源局2024年7月更新", "openpyxl", "xlsx", "能源局",
    ["title-period", "file-name-period"],
    "能源局: a one-sheet file named 能源局2024年7月更新 (updated in July) whose title says 毕节市2024年1-6月能源生产情况: the file name's month beside 更新 is when the file was updated, later than the title's June, not a second period — June's figures load, never refused as a file named for July",
    [
        Sheet("Sheet1", [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 612.4, 3550.2],
            ["发电量", "亿千瓦时", 46.2, 268.4],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e294_能源局2024年7月修订", "xlwt", "xls", "能源局",
    ["title-period", "file-name-period"],
    "能源局: a one-sheet legacy xls named 能源局2024年7月修订 (revised in July) whose title says 毕节市2024年1-6月能源生产情况: the month beside 修订 is when the figures were revised, later than the title's June — June's figures load, never refused as a file named for July",
    [
        Sheet("能源", [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["电煤供应量", "万吨", 331.6, 1958.3],
            ["煤层气产量", "万立方米", 203.5, 1186.0],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e282_energy_stale_round_growth_and_sheet_ref", "xlsxwriter-libreoffice", "xlsx", "能源局",
    ["long", "prior", "growth", "formula", "sheet-per-month"],
    "能源局 workbook with a sheet per month, saved by LibreOffice without recalculating: growths are =ROUND((D3/E3-1)*100,1) (fresh ones load), June's 1-本月累计 is ='5月'!D3+C3; 发电量's holds 263.9 where May's 222.2 + 46.2 give 268.4 (refused whole: formula_not_calculated on the 累计 and on its growth, whose stored 3.1 agrees with the stale total but Excel recalculating gives 4.9); 电煤供应量's growth holds 3.9 where its typed levels give 4.6 (only the growth refused)",
    [
        Sheet("5月", [
            ["毕节市2024年1-5月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计", "上年同期", "同比增长（%）"],
            ["煤炭产量", "万吨", 598.3, 2937.8, 2705.1, Formula("=ROUND((D3/E3-1)*100,1)", 8.6)],
            ["发电量", "亿千瓦时", 43.5, 222.2, 210.3, Formula("=ROUND(D4/E4*100-100,1)", 5.7)],
        ], merges=["A1:F1"]),
        Sheet("6月", [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计", "上年同期", "同比增长（%）"],
            ["煤炭产量", "万吨", 612.4, Formula("='5月'!D3+C3", 3550.2), 3268.5, Formula("=ROUND((D3/E3-1)*100,1)", 8.6)],
            ["发电量", "亿千瓦时", 46.2, Formula("='5月'!D4+C4", 263.9), 255.9, Formula("=ROUND((D4/E4-1)*100,1)", 3.1)],
            ["电煤供应量", "万吨", 331.6, 1958.3, 1872.1, Formula("=ROUND(($D$5/$E$5-1)*100,1)", 3.9)],
        ], merges=["A1:F1"]),
    ],
)
# fmt: on
# fmt: off
book(
    "e291_energy_period_cells_current_and_prior", "libreoffice", "xlsx", "能源局",
    ["long", "period-column", "title-period"],
    "能源局 1-6月: 统计期 cells in words under a 毕节市2024年1-6月能源生产情况 title — 本期 rows are the title's period, 上年同期 rows last year's same period (their 1-本月累计 is the 本期 row's 上年同期, value_ytd_prior; their 本月, last year's June, is not kept: column_ignored); on a second sheet 2024年 alone is the title's year to date and 2023年 last year's (its figure the 上年同期) — never refused as unreadable periods",
    [
        Sheet("本期与上年同期", [
            ["毕节市2024年1-6月能源生产情况"],
            ["统计期", "指标名称", "计量单位", "本月", "1-本月累计", "同比增长（%）"],
            ["本期", "煤炭产量", "万吨", 612.4, 3550.2, 8.6],
            ["上年同期", "煤炭产量", "万吨", 590.1, 3268.5, _],
            ["本期", "发电量", "亿千瓦时", 46.2, 268.4, 4.9],
            ["上年同期", "发电量", "亿千瓦时", 44.0, 255.9, _],
        ], merges=["A1:F1"]),
        Sheet("分年", [
            ["毕节市2024年1-6月能源生产情况"],
            ["统计期", "指标名称", "计量单位", "数值"],
            ["2024年", "电煤供应量", "万吨", 1958.3],
            ["2023年", "电煤供应量", "万吨", 1872.1],
            ["2024年", "煤层气产量", "万立方米", 1186.0],
            ["2023年", "煤层气产量", "万立方米", 1002.3],
        ], merges=["A1:D1"]),
    ],
)
# fmt: on
# fmt: off
book(
    "e283_energy_county_stale_sum_and_growth_xls", "xlsxwriter-libreoffice", "xls", "能源局",
    ["county-rows", "prior", "growth", "total-row", "formula", "unit-line"],
    "能源局 1-6月 .xls (converted by LibreOffice without recalculating, which keeps the results it was given): growths =ROUND((B4/C4-1)*100,1) filled down (a shared formula), 全市 =SUM(B4:B7); 黔西市's 累计 was corrected from 661.2 to 702.5 after the results were computed, so its growth still holds 0.9 (recalculated 7.3: only that growth refused), the 全市 total 3008.9 (the counties add up to 3050.2: the row refused) and its growth 1.9 (recalculated 3.3); the other counties' results are right and load",
    [Sheet("煤炭产量", [
        ["2024年1-6月各县（市、区）煤炭产量"],
        ["单位：万吨"],
        ["县（市、区）", "1-6月累计", "上年同期", "同比增长（%）"],
        ["七星关区", 812.4, 760.3, Formula("=ROUND((B4/C4-1)*100,1)", 6.9)],
        ["大方县", 1020.6, 998.1, Formula("=ROUND((B5/C5-1)*100,1)", 2.3)],
        ["黔西市", 702.5, 655.0, Formula("=ROUND((B6/C6-1)*100,1)", 0.9)],
        ["威宁彝族回族苗族自治县", 514.7, 540.2, Formula("=ROUND((B7/C7-1)*100,1)", -4.7)],
        ["全市", Formula("=SUM(B4:B7)", 3008.9), Formula("=SUM(C4:C7)", 2953.6), Formula("=ROUND((B8/C8-1)*100,1)", 1.9)],
    ], merges=["A1:D1"])],
)
# fmt: on
# fmt: off
book(
    "e301_ecology_rates_with_growth_column", "openpyxl", "xlsx", "生态环境局",
    ["long", "prior-year", "percent"],
    "生态环境局 1-6月 rates in % with 上年同期 | 同比增长（%）: a rate's growth may be percentage points or percent of the rate. 98.1 against 97.5 with 0.6 is both (refused: growth_of_rate_unclear); 96.3 against 93.2 with 3.3 is the percent growth (96.3/93.2 = +3.3 %, the difference is 3.1: loaded); 95.4 against 92.9 with 2.5 is the difference in points (refused). Every rate and its 上年同期 load — never points stored as a growth in percent",
    [
        Sheet("环境质量", [
            ["毕节市2024年1-6月生态环境质量情况"],
            ["指标名称", "计量单位", "1-6月", "上年同期", "同比增长（%）"],
            ["中心城市环境空气质量优良率", "%", 98.1, 97.5, 0.6],
            ["县级以上城市环境空气质量优良率", "%", 96.3, 93.2, 3.3],
            ["主要河流出境断面水质优良比例", "%", 95.4, 92.9, 2.5],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e292_energy_month_number_rows_with_total", "xlsxwriter", "xlsx", "能源局",
    ["long", "period-column", "title-period", "total-row"],
    "能源局 1-6月: a 统计期 column numbering the months (1 … 6 as numbers on one sheet, 01 … 06 as text on another) with a 合计 row under them, below a 2024年1-6月 title: each month row is that month's own figure (under 本月, and under a lone 数值 column too, as a month column's is), the 合计 row the year to date at June (the months' sum) — never refused as a period 合计, never a month's own figure loaded as its year to date",
    [
        Sheet("煤炭", [
            ["毕节市2024年1-6月煤炭生产情况"],
            ["统计期", "指标名称", "计量单位", "本月"],
            [1, "煤炭产量", "万吨", 560.1],
            [2, "煤炭产量", "万吨", 520.3],
            [3, "煤炭产量", "万吨", 600.2],
            [4, "煤炭产量", "万吨", 610.0],
            [5, "煤炭产量", "万吨", 647.2],
            [6, "煤炭产量", "万吨", 612.4],
            ["合计", "煤炭产量", "万吨", 3550.2],
        ]),
        Sheet("发电", [
            ["毕节市2024年1-6月发电情况"],
            ["统计期", "指标名称", "计量单位", "数值"],
            ["01", "发电量", "亿千瓦时", 39.8],
            ["02", "发电量", "亿千瓦时", 36.4],
            ["03", "发电量", "亿千瓦时", 44.3],
            ["04", "发电量", "亿千瓦时", 45.1],
            ["05", "发电量", "亿千瓦时", 44.1],
            ["06", "发电量", "亿千瓦时", 46.2],
            ["合计", "发电量", "亿千瓦时", 255.9],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e284_energy_county_growth_direction_marks", "libreoffice", "xlsx", "能源局",
    ["county-rows", "prior", "growth", "words-in-cells", "unit-line"],
    "能源局 1-6月: a county table whose growth column marks the direction as people type it: ▼2.1, 3.4↓, 负1.3, 2.4%↑ (read as −2.1, −3.4, −1.3, 2.4, as are ↑5.6 and 减少0.8); -2.1↓, 下降-0.6 and ▼-1.2 say a direction and a sign that disagree: only those growths are refused (value_not_number saying so), their levels load",
    [Sheet("分县", [
        ["2024年1-6月各县（市、区）煤炭产量"],
        ["单位：万吨"],
        ["县（市、区）", "1-6月累计", "上年同期", "同比增长（%）"],
        ["七星关区", 548.2, 560.0, "▼2.1"],
        ["大方县", 676.2, 700.0, "3.4↓"],
        ["黔西市", 686.4, 650.0, "↑5.6"],
        ["金沙县", 473.8, 480.0, "负1.3"],
        ["织金县", 515.8, 520.0, "减少0.8"],
        ["纳雍县", 440.3, 430.0, "2.4%↑"],
        ["威宁彝族回族苗族自治县", 381.8, 390.0, "-2.1↓"],
        ["赫章县", 298.2, 300.0, "下降-0.6"],
        ["百里杜鹃管理区", 118.6, 120.0, "▼-1.2"],
        ["金海湖新区", 81.2, 80.0, 1.5],
    ], merges=["A1:D1"])],
)
# fmt: on
# fmt: off
book(
    "e302_energy_growth_sheet_beside_figures", "libreoffice", "xlsx", "能源局",
    ["long", "rows-county", "wide-county", "sheet-per-group", "title-period"],
    "能源局 1-6月: sheet 1-6月 holds each county's 本月 | 1-6月累计, sheet 分县增速 (titled …增速（%）) the same indicators × counties as growths in %: each growth is the growth of the same county's 1-6月 figures — joined to them, never refused as a second copy of the rows (the growths lost) nor loaded as levels",
    [
        Sheet("1-6月", [
            ["毕节市2024年1-6月分县能源生产情况"],
            ["指标名称", "县（市、区）", "计量单位", "本月", "1-6月累计"],
            ["煤炭产量", "七星关区", "万吨", 150.2, 880.5],
            ["煤炭产量", "大方县", "万吨", 160.1, 910.3],
            ["煤炭产量", "黔西市", "万吨", 140.0, 820.2],
            ["发电量", "七星关区", "亿千瓦时", 12.1, 70.3],
            ["发电量", "大方县", "亿千瓦时", 9.8, 58.6],
            ["发电量", "黔西市", "亿千瓦时", 11.4, 66.9],
        ]),
        Sheet("分县增速", [
            ["毕节市2024年1-6月分县能源生产增速（%）"],
            ["指标名称", "七星关区", "大方县", "黔西市"],
            ["煤炭产量", 6.2, 9.1, 7.5],
            ["发电量", 3.1, 5.2, 4.0],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e303_industry_untitled_growth_sheet", "xlsxwriter", "xlsx", "工业和信息化局",
    ["long", "title-period", "sheet-per-group", "growth-row"],
    "工信局 1-6月: sheet 1-6月 (titled 毕节市2024年1-6月工业经济运行情况) with 本月 | 1-6月累计, and an untitled sheet 增长情况 with the same indicators' 本月 | 1-6月累计 growths: the growth sheet takes the figures' period (June); its 1-6月累计 figures are the indicators' growths (规上工业增加值's, the target's own measure), its 本月 column the month's own growth, not read — never refused as duplicates nor the growth target refused for want of its growth",
    [
        Sheet("1-6月", [
            ["毕节市2024年1-6月工业经济运行情况"],
            ["指标名称", "计量单位", "本月", "1-6月累计"],
            ["规模以上工业增加值", "亿元", 52.1, 301.2],
            ["优质烟酒产业产值", "亿元", 8.1, 46.3],
            ["劳动密集型产业产值", "亿元", 2.6, 14.8],
        ]),
        Sheet("增长情况", [
            ["指标名称", "本月", "1-6月累计"],
            ["规模以上工业增加值", 6.1, 6.5],
            ["优质烟酒产业产值", 8.9, 10.2],
            ["劳动密集型产业产值", -1.2, 3.4],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e285_energy_county_up_and_down_triangles", "libreoffice", "xlsx", "能源局",
    ["county-rows", "prior", "growth", "words-in-cells", "unit-line"],
    "能源局 1-6月: a county table whose growth column marks rises ▲6.9 and falls ▼3.4: a table marking both directions uses ▲ for up (alone, ▲ may be a Japanese-style minus and is refused: e230), so ▲6.9 → 6.9, ▼3.4 → −3.4; ▲-0.8 (up, and a minus) is refused alone, its levels load",
    [Sheet("分县", [
        ["2024年1-6月各县（市、区）煤炭产量"],
        ["单位：万吨"],
        ["县（市、区）", "1-6月累计", "上年同期", "同比增长（%）"],
        ["七星关区", 812.4, 760.3, "▲6.9"],
        ["大方县", 676.2, 700.0, "▼3.4"],
        ["黔西市", 686.4, 650.0, "▲5.6"],
        ["金沙县", 473.8, 480.0, "▼1.3"],
        ["织金县", 515.8, 520.0, "▲-0.8"],
        ["纳雍县", 440.3, 430.0, "▲2.4"],
    ], merges=["A1:D1"])],
)
# fmt: on
# fmt: off
book(
    "e293_energy_statistical_monthly_issue_numbers", "libreoffice", "xls", "能源局",
    ["long", "period-column", "title-period", "combined-1-2"],
    "能源局 统计月报 numbering its issues with January and February merged: under 毕节市2024年1-6月能源统计月报, 统计期 第1期 … 第5期 end at June, so 第1期 is 1-2月 (its 1-本月累计 is February's year to date; its 本月, January and February together, is not read: column_ignored) and 第N期 is month N+1; on a second sheet a 统计月报 naming no month (毕节市2024年能源统计月报) with 第5期: May (by month) or June (merged)? refused (period_invalid) — never read as May",
    [
        Sheet("月报", [
            ["毕节市2024年1-6月能源统计月报"],
            ["统计期", "指标名称", "计量单位", "本月", "1-本月累计"],
            ["第1期", "煤炭产量", "万吨", 1080.4, 1080.4],
            ["第2期", "煤炭产量", "万吨", 600.2, 1680.6],
            ["第3期", "煤炭产量", "万吨", 610.0, 2290.6],
            ["第4期", "煤炭产量", "万吨", 647.2, 2937.8],
            ["第5期", "煤炭产量", "万吨", 612.4, 3550.2],
        ], merges=["A1:E1"]),
        Sheet("单期", [
            ["毕节市2024年能源统计月报"],
            ["统计期", "指标名称", "计量单位", "本月", "1-本月累计"],
            ["第5期", "发电量", "亿千瓦时", 46.2, 268.4],
        ], merges=["A1:E1"]),
    ],
)
# fmt: on
# fmt: off
book(
    "e304_energy_january_month_only", "libreoffice", "xlsx", "能源局",
    ["long", "title-period", "level-growth"],
    "能源局 January (毕节市2024年1月能源生产情况) with 本月 | 同比增长（%） and no 累计 column: in January 本月 is the year to date (1-1月), so each cumulative or count target's 本月 is also its 1-本月累计 — loaded as both, never refused as value_missing for want of a 累计 column",
    [
        Sheet("1月", [
            ["毕节市2024年1月能源生产情况"],
            ["指标名称", "计量单位", "本月", "同比增长（%）"],
            ["煤炭产量", "万吨", 598.1, 4.2],
            ["发电量", "亿千瓦时", 45.3, 3.1],
            ["煤层气产量", "万立方米", 190.6, 12.4],
            ["建成充电桩", "个", 56, None],
        ], merges=["A1:D1"]),
    ],
)
# fmt: on
# fmt: off
book(
    "e305_energy_january_counties_month_only", "openpyxl", "xlsx", "能源局",
    ["rows-county", "unit-line", "sheet-name-period", "level-growth"],
    "能源局: sheet 2024年1月, titled 毕节市各县（市、区）煤炭产量 (no month), a 单位：万吨 line and 县（市、区） | 本月 | 同比增长（%）: the sheet name makes it January, whose 本月 is each county's 1-1月 year to date — loaded as 本月 and 1-本月累计, and its growth beside the month alone as the year to date's",
    [
        Sheet("2024年1月", [
            ["毕节市各县（市、区）煤炭产量"],
            ["单位：万吨"],
            ["县（市、区）", "本月", "同比增长（%）"],
            ["七星关区", 150.2, 5.8],
            ["大方县", 160.1, 5.8],
            ["黔西市", 140.0, 2.8],
            ["金沙县", 98.5, -2.5],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e306_energy_january_lone_month_column", "xlwt", "xls", "能源局",
    ["rows-county", "unit-line", "wide-month", "period-in-header"],
    "能源局 2024年分县发电量 whose only figure column is 1月 (a table by month begun in January): the header makes it January, and January's own figure is its year to date — each county's 1月 loaded as 本月 and 1-本月累计 (as 1月 of 1月 | 2月 | … always was), never refused for want of a 累计 column",
    [
        Sheet("发电量", [
            ["毕节市2024年分县发电量"],
            ["单位：亿千瓦时"],
            ["县（市、区）", "1月"],
            ["七星关区", 8.4],
            ["黔西市", 10.2],
            ["纳雍县", 9.6],
            ["威宁县", 6.1],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e307_energy_january_period_cells_month_only", "xlsxwriter", "xlsx", "能源局",
    ["long", "period-column"],
    "能源局 毕节市能源生产情况 (no month in the title, sheet or file name) with a 统计期 column 2024年1月 on each row and 本月 only: the row's own 统计期 says January, whose 本月 is the year to date — loaded as 本月 and 1-本月累计",
    [
        Sheet("Sheet1", [
            ["毕节市能源生产情况"],
            ["统计期", "指标名称", "计量单位", "本月"],
            ["2024年1月", "煤炭产量", "万吨", 598.1],
            ["2024年1月", "电煤供应量", "万吨", 201.7],
            ["2024年1月", "新增新能源装机规模", "万千瓦", 12.5],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e295_energy_period_rows_jan_feb_combined", "openpyxl", "xlsx", "能源局",
    ["long", "period-column", "title-period", "combined-1-2"],
    "能源局 1-6月: a 统计期 column 1-2月 | 3月 | 4月 | 5月 | 6月 (January and February reported together) over one 本月 column and no 累计: the 1-2月 row's figure is January and February together — February's year to date, never February's own month — and each later month's year to date is it plus the months after",
    [
        Sheet("原煤", [
            ["毕节市2024年1-6月原煤生产情况"],
            ["统计期", "指标名称", "计量单位", "本月"],
            ["1-2月", "煤炭产量", "万吨", 1080.4],
            ["3月", "煤炭产量", "万吨", 600.2],
            ["4月", "煤炭产量", "万吨", 610.0],
            ["5月", "煤炭产量", "万吨", 647.2],
            ["6月", "煤炭产量", "万吨", 612.4],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e296_energy_quarter_months_with_total", "xlwt", "xls", "能源局",
    ["long", "period-column", "title-period", "total-row"],
    "能源局 1-6月: a 统计期 column 4 | 5 | 6 (the second quarter's months, as numbers) over 本月 | 1-本月累计, and a 合计 row under them holding the quarter's sum of 本月: each month loads; the 合计 (4-6月 summed: no year to date, no month) is not read, with a note — never refused as a period 合计, never loaded as June's year to date",
    [
        Sheet("能源", [
            ["毕节市2024年1-6月能源生产情况"],
            ["统计期", "指标名称", "计量单位", "本月", "1-本月累计"],
            [4, "煤炭产量", "万吨", 610.0, 2290.6],
            [5, "煤炭产量", "万吨", 647.2, 2937.8],
            [6, "煤炭产量", "万吨", 612.4, 3550.2],
            ["合计", "煤炭产量", "万吨", 1869.6, _],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e297_energy_lone_figure_by_month_rows", "libreoffice", "xlsx", "能源局",
    ["long", "period-column", "title-period"],
    "能源局 1-6月: a 统计期 column 1月 … 6月 over one 数值 column, three indicators: 煤炭产量 rising as a year to date does (560.1, 1080.4 … 3550.2: six times January by June) is each month's 累计; 发电量 falling in February is each month's own (累计 summed from January); 电煤供应量 rising 300, 320, 450, 600 (neither one size nor a year to date) is not read (column_ignored on each cell) — never a month's own figure loaded as its 累计, nor 累计 summed again",
    [
        Sheet("分月", [
            ["毕节市2024年1-6月能源生产情况"],
            ["统计期", "指标名称", "计量单位", "数值"],
            ["1月", "煤炭产量", "万吨", 560.1],
            ["2月", "煤炭产量", "万吨", 1080.4],
            ["3月", "煤炭产量", "万吨", 1680.6],
            ["4月", "煤炭产量", "万吨", 2290.6],
            ["5月", "煤炭产量", "万吨", 2937.8],
            ["6月", "煤炭产量", "万吨", 3550.2],
            ["1月", "发电量", "亿千瓦时", 39.8],
            ["2月", "发电量", "亿千瓦时", 36.4],
            ["3月", "发电量", "亿千瓦时", 44.3],
            ["4月", "发电量", "亿千瓦时", 45.1],
            ["5月", "发电量", "亿千瓦时", 44.1],
            ["6月", "发电量", "亿千瓦时", 46.2],
            ["1月", "电煤供应量", "万吨", 300.0],
            ["2月", "电煤供应量", "万吨", 320.0],
            ["3月", "电煤供应量", "万吨", 450.0],
            ["4月", "电煤供应量", "万吨", 600.0],
        ], merges=["A1:D1"]),
    ],
)
# fmt: on
# fmt: off
book(
    "e330_energy_county_rows_month_ytd_in_item_column", "xlsxwriter", "xlsx", "能源局",
    ["rows-county", "measure-rows", "merge-down", "unit-line", "title-indicator"],
    "能源局 1-6月 各县发电量 (the indicator named only in the title): 县（市、区） merged down over two rows each, a 项目 column saying 当月 / 1-6月累计 and one 数值 column — each county's 当月 and 1-6月累计 of 发电量, never refused as an indicator named “当月”",
    [
        Sheet("分县", [
            ["毕节市2024年1-6月各县（市、区）发电量"],
            ["单位：亿千瓦时"],
            ["县（市、区）", "项目", "数值"],
            ["七星关区", "当月", 4.1],
            [_, "1-6月累计", 26.3],
            ["黔西市", "当月", 10.5],
            [_, "1-6月累计", 62.6],
            ["纳雍县", "当月", 9.8],
            [_, "1-6月累计", 58.1],
        ], merges=["A1:C1", "A4:A5", "A6:A7", "A8:A9"]),
    ],
)
# fmt: on
# fmt: off
book(
    "e331_energy_item_rows_indicator_in_merged_cell", "libreoffice", "xls", "能源局",
    ["measure-rows", "merge-across", "title-indicator", "level-growth"],
    "能源局 1-6月: under the title a merged cell 煤炭产量（万吨） names the indicator, then 项目 | 数值 over rows 本月 / 累计 / 同比增长（%）: 煤炭产量's 本月, 1-6月累计 and growth; a second sheet whose title names two indicators (煤炭产量和发电量) over the same 本月 / 累计 rows cannot say whose they are — refused (layout_ambiguous, naming both), never given to either",
    [
        Sheet("原煤", [
            ["毕节市2024年1-6月能源生产情况"],
            ["煤炭产量（万吨）"],
            ["项目", "数值"],
            ["本月", 612.4],
            ["累计", 3550.2],
            ["同比增长（%）", 8.6],
        ], merges=["A1:B1", "A2:B2"]),
        Sheet("煤电", [
            ["毕节市2024年1-6月煤炭产量和发电量"],
            ["项目", "数值"],
            ["本月", 41.2],
            ["累计", 268.4],
        ], merges=["A1:B1"]),
    ],
)
# fmt: on
# fmt: off
book(
    "e310_energy_january_month_and_prior", "libreoffice", "xlsx", "能源局",
    ["long", "title-period", "prior-year", "level-growth", "note-footer"],
    "能源局 January (毕节市2024年1月能源生产情况) with 本月 | 上年同期 | 同比增长（%） and no 累计 column, and a 注 line under it: in January 本月 is the year to date and the 上年同期 beside it, last year's January, is last year's 1-1月 — each 上年同期 loaded as the 上年同期累计 (value_ytd_prior), never set aside as last year's month",
    [
        Sheet("1月", [
            ["毕节市2024年1月能源生产情况"],
            ["指标名称", "计量单位", "本月", "上年同期", "同比增长（%）"],
            ["煤炭产量", "万吨", 598.1, 560.0, 6.8],
            ["电煤供应量", "万吨", 201.7, 195.2, 3.3],
            ["发电量", "亿千瓦时", 45.3, 43.9, 3.2],
            ["煤层气产量", "万立方米", 190.6, 169.6, 12.4],
            [],
            ["注：上年同期为2023年1月数。"],
        ], merges=["A1:E1"]),
    ],
)
# fmt: on
# fmt: off
book(
    "e311_ecology_january_rates_month_only", "openpyxl", "xlsx", "生态环境局",
    ["long", "sheet-name-period", "prior-year", "percent", "unit-line"],
    "生态环境局: sheet 2024年1月, titled 毕节市生态环境质量情况 (no month), rates in % under 本月 | 上年同月 (one a percent-formatted cell, 98.9%): a rate is assessed on its figure for the period, which in January is January's own — each 本月 loaded as the rate (value) and its 上年同月, last year's January, as its 上年同期 (value_ytd_prior); never refused for want of a 本期值 column",
    [
        Sheet("2024年1月", [
            ["毕节市生态环境质量情况"],
            ["单位：%"],
            ["指标名称", "本月", "上年同月"],
            ["中心城市环境空气质量优良率", 100.0, 96.8],
            ["县级以上城市环境空气质量优良率", F(0.989, "pct1"), 97.6],
            ["县城以上集中式饮用水水源地水质优良比例", 100, 100],
            ["主要河流出境断面水质优良比例", 100, 95.0],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e312_commerce_month_growth_then_prior", "xlwt", "xls", "商务局",
    ["long", "title-period", "prior-year", "level-growth"],
    "商务局 June (毕节市2024年6月商贸运行情况) with 本月 | 同比增长（%） | 上年同期 and no 累计 column: the growth beside the month alone is the month's own (not the 1-6月 growth the target is assessed on) and the 上年同期 right of it is last year's June — neither read (column_ignored), every row refused for want of its 1-6月 figure, never June's month growth loaded as the year's (as it was when a 上年同期 stood right of the growth); a 1-6月 sheet beside it loads",
    [
        Sheet("6月", [
            ["毕节市2024年6月商贸运行情况"],
            ["指标名称", "计量单位", "本月", "同比增长（%）", "上年同期"],
            ["社会消费品零售总额", "亿元", 88.6, 7.9, 82.1],
        ]),
        Sheet("1-6月", [
            ["毕节市2024年1-6月商贸运行情况"],
            ["指标名称", "计量单位", "1-6月累计", "上年同期", "同比增长（%）"],
            ["网络零售额", "亿元", 52.4, 47.8, 9.6],
            ["现代物流业增加值", "亿元", 118.3, 111.2, 6.4],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e332_energy_growth_only_rows_in_percent", "xlwt", "xls", "能源局",
    ["long", "title-period", "dashes", "level-growth"],
    "能源局 1-6月: 发电量's row has only its 同比增长 (4.9) and its 计量单位 says % (the growth's unit), 电煤供应量's has — — and a growth: each is refused once for want of its 1-6月累计 (value_missing, the message saying the row has a growth but no figure) — never a unit_mismatch of % against 亿千瓦时; 煤炭产量 loads",
    [
        Sheet("能源", [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-6月累计", "同比增长（%）"],
            ["煤炭产量", "万吨", 612.4, 3550.2, 8.6],
            ["发电量", "%", _, _, 4.9],
            ["电煤供应量", "万吨", "—", "—", 4.6],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e333_energy_own_monthly_report_issue_title", "libreoffice", "xlsx", "能源局",
    ["long", "title", "issue-number", "signature-footer"],
    "能源局's own 月报 (毕节市能源局能源生产月报) whose only period is the issue line 2024年第5期 under the title: a department's own monthly report numbers its issues by month (as its 统计期 cells 第N期 are read, e261), so 第5期 is May — 本月 is May's, 1-本月累计 1-5月; never refused for want of a period (a 统计月报's 第5期 stays refused: May or June?); the signature line 编制：王磊 | 审核：李娟 | 报出日期 is a footer (note_ignored), not a row of data",
    [
        Sheet("月报", [
            ["毕节市能源局能源生产月报"],
            ["2024年第5期", _, _, _, "毕节市能源局编"],
            ["指标名称", "计量单位", "本月", "1-本月累计", "累计同比增长（%）"],
            ["煤炭产量", "万吨", 647.2, 2937.8, 7.9],
            ["发电量", "亿千瓦时", 44.1, 222.2, 5.2],
            [],
            ["编制：王磊", _, "审核：李娟", _, "报出日期：2024年6月8日"],
        ], merges=["A1:E1"]),
    ],
)
# fmt: on
# fmt: off
book(
    "e313_industry_period_rows_this_and_last_year", "xlsxwriter", "xlsx", "工业和信息化局",
    ["long", "period-column", "prior-year", "note-footer"],
    "工业和信息化局 database export (毕节市工业经济运行情况: no period in the title, sheet or file name) with a 统计期 column 2024年1-6月 | 2023年1-6月 per indicator: last year's same months are this year's 上年同期 — each 2023年1-6月 row's 1-本月累计 is the 2024年1-6月 row's value_ytd_prior (a share's too), never refused as a period of another year; 新增规模以上工业企业 has only its 2023年1-6月 row: refused (value_missing) saying the row holds last year's figure and none of this year's",
    [
        Sheet("数据导出", [
            ["毕节市工业经济运行情况"],
            ["统计期", "指标名称", "计量单位", "1-本月累计", "同比增长（%）"],
            ["2024年1-6月", "优质烟酒产业产值", "亿元", 45.2, 7.4],
            ["2023年1-6月", "优质烟酒产业产值", "亿元", 42.1, _],
            ["2024年1-6月", "劳动密集型产业产值", "亿元", 14.6, 5.0],
            ["2023年1-6月", "劳动密集型产业产值", "亿元", 13.9, _],
            ["2024年1-6月", "战略性新兴产业占比", "%", 12.8, _],
            ["2023年1-6月", "战略性新兴产业占比", "%", 11.9, _],
            ["2023年1-6月", "新增规模以上工业企业", "户", 41, _],
            [],
            ["注：2023年1-6月为上年同期数。"],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e334_industry_thousand_units_per_row", "xlwt", "xls", "工业和信息化局",
    ["long", "units-per-row", "unit-conversion", "level-growth"],
    "工信局 1-6月 with a 计量单位 per row in thousands, as enterprise forms count: 优质烟酒产业产值 in 千元 (4260000 千元 = 42.6 亿元), 劳动密集型产业产值 in 百万元 (1523.5 百万元 = 15.235 亿元) — converted to the catalog's 亿元, never refused as an unknown unit",
    [
        Sheet("产值", [
            ["毕节市2024年1-6月重点产业产值完成情况"],
            ["指标名称", "计量单位", "本月", "1-6月累计", "同比增长(%)"],
            ["优质烟酒产业产值", "千元", 4260000, 24510000, 7.9],
            ["劳动密集型产业产值", "百万元", 1523.5, 8760.4, 6.3],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e314_energy_growth_sheet_beside_months", "libreoffice", "xls", "能源局",
    ["long", "title-period", "sheet-per-month", "sheet-per-group", "unit-line", "prior-year"],
    "能源局 workbook for the year: sheets 5月 and 6月 (titled 1-5月, 1-6月) with 本月 | 1-本月累计, and a sheet 6月增速 titled 毕节市2024年1-6月能源生产增速 (单位：%) with 本月 | 1-6月累计 | 上年同期: the growth sheet's own title says June, so its 1-6月累计 growths join June's rows only (本月: the month's own growth, and 上年同期: last year's growths, not read) — never refused as duplicates of May's or June's rows",
    [
        Sheet("5月", [
            ["毕节市2024年1-5月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 647.2, 2937.8],
            ["发电量", "亿千瓦时", 44.1, 222.2],
        ], merges=["A1:D1"]),
        Sheet("6月", [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 612.4, 3550.2],
            ["发电量", "亿千瓦时", 46.2, 268.4],
        ], merges=["A1:D1"]),
        Sheet("6月增速", [
            ["毕节市2024年1-6月能源生产增速"],
            ["单位：%"],
            ["指标名称", "本月", "1-6月累计", "上年同期"],
            ["煤炭产量", 5.1, 8.6, 3.2],
            ["发电量", 3.0, 4.9, 2.1],
        ], merges=["A1:D1"]),
    ],
)
# fmt: on
# fmt: off
book(
    "e315_energy_growth_sheet_by_month_rows", "openpyxl", "xlsx", "能源局",
    ["long", "period-column", "sheet-per-group", "unit-line"],
    "能源局 毕节市2024年能源生产情况 with a 统计期 column 4月 | 5月 | 6月 over 本月 | 1-本月累计, and a sheet 增速 (单位：%) with the same 统计期 rows and 本月 | 1-本月累计 growths: each month's 1-本月累计 growth joins that month's row (its 本月 growth, the month's own, not read) — never refused as duplicates, nor 8.6 read as a 累计 in 万吨",
    [
        Sheet("分月", [
            ["毕节市2024年能源生产情况"],
            ["统计期", "指标名称", "计量单位", "本月", "1-本月累计"],
            ["4月", "煤炭产量", "万吨", 610.0, 2290.6],
            ["5月", "煤炭产量", "万吨", 647.2, 2937.8],
            ["6月", "煤炭产量", "万吨", 612.4, 3550.2],
        ]),
        Sheet("增速", [
            ["毕节市2024年能源生产增速"],
            ["单位：%"],
            ["统计期", "指标名称", "本月", "1-本月累计"],
            ["4月", "煤炭产量", 4.0, 7.9],
            ["5月", "煤炭产量", 6.2, 8.1],
            ["6月", "煤炭产量", 5.1, 8.6],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e316_commerce_county_groups_month_prior_growth", "xlsxwriter", "xlsx", "商务局",
    ["county-columns", "header-2row", "merge-across", "unit-line", "prior-year", "level-growth"],
    "商务局 June (毕节市2024年6月分县社会消费品零售总额), a group per county 七星关区 › 本月 | 上年同期 | 同比增长（%） and no 累计: each county's 上年同期 is last year's June and its growth June's own — neither read (column_ignored), each county refused for want of its 1-6月 growth; never June's month growth loaded as the county's 1-6月 growth (as it was when a 上年同期 stood in the county's group)",
    [
        Sheet("6月", [
            ["毕节市2024年6月分县社会消费品零售总额"],
            ["单位：亿元"],
            ["指标名称", "七星关区", _, _, "大方县", _, _],
            [_, "本月", "上年同期", "同比增长（%）", "本月", "上年同期", "同比增长（%）"],
            ["社会消费品零售总额", 15.2, 14.0, 8.6, 16.1, 15.3, 5.2],
        ], merges=["B3:D3", "E3:G3", "A3:A4"]),
    ],
)
# fmt: on
# fmt: off
book(
    "e335_energy_item_rows_stale_ytd_month", "libreoffice", "xls", "能源局",
    ["measure-rows", "wide-indicator", "title-period", "period-conflict"],
    "能源局 June report made from May's template: title 毕节市2024年6月能源生产情况, 项目 | 煤炭产量（万吨） | 发电量（亿千瓦时） over rows 当月 / 1-5月累计 — the 累计 row says May while the title says June: which month its figures end at cannot be told, the table is refused (layout_ambiguous, naming both); never loaded as June's 1-6月累计 (was: 2937.8 stored as June's year to date)",
    [
        Sheet("能源", [
            ["毕节市2024年6月能源生产情况"],
            ["项目", "煤炭产量（万吨）", "发电量（亿千瓦时）"],
            ["当月", 612.4, 46.2],
            ["1-5月累计", 2937.8, 222.2],
        ], merges=["A1:C1"]),
    ],
)
# fmt: on
# fmt: off
book(
    "e336_energy_measure_column_over_value_column", "xlsxwriter", "xlsx", "能源局",
    ["long", "measure-column", "title-period", "level-growth"],
    "能源局 1-6月 long table 指标名称 | 计量单位 | 口径 | 数值, each indicator on two or three rows whose 口径 says 本月 / 1-6月累计 (累计) / 同比增长（%）: each figure is its row's measure — never the 本月 row loaded as the year to date and the others refused as duplicates (was: 612.4 stored as June's 1-本月累计)",
    [
        Sheet("能源", [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "口径", "数值"],
            ["煤炭产量", "万吨", "本月", 612.4],
            ["煤炭产量", "万吨", "1-6月累计", 3550.2],
            ["发电量", "亿千瓦时", "本月", 46.2],
            ["发电量", "亿千瓦时", "累计", 268.4],
            ["发电量", "亿千瓦时", "同比增长（%）", 4.9],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e337_energy_blank_header_measure_column", "openpyxl", "xlsx", "能源局",
    ["long", "measure-column", "blank-name-header", "title-period"],
    "能源局 1-6月 long table whose 口径 column has no header (指标名称 | 计量单位 | (blank) | 本期值) and says 本月 / 累计 on each indicator's two rows: the blank-headed column is read as the rows' measure — each figure loads as its row's 本月 or 1-本月累计, with no note that column C was not read (it was)",
    [
        Sheet("能源", [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", _, "本期值"],
            ["电煤供应量", "万吨", "本月", 331.6],
            ["电煤供应量", "万吨", "累计", 1958.3],
            ["煤层气产量", "万立方米", "本月", 203.5],
            ["煤层气产量", "万立方米", "累计", 1186.0],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e340_energy_side_by_side_titled_tables", "libreoffice", "xlsx", "能源局",
    ["side-by-side", "own-titles", "unit-line", "county-rows", "unit-conversion", "silent-wrong"],
    "能源局 1-6月: two county tables side by side, a blank column between, each with its own title (2024年1-6月各县煤炭产量 | 2024年1-6月各县发电量) and unit line (单位：万吨 | 单位：万千瓦时): each table is its own title's indicator in its own unit — never the right table read under the left one's title (was: every right-hand figure taken as 煤炭产量 in 万吨 — refused here as implausible or duplicate; in 亿千瓦时, 黔西市's 88 loaded silently as its coal)",
    [
        Sheet("分县", [
            ["2024年1-6月各县煤炭产量", _, _, _, "2024年1-6月各县发电量"],
            ["单位：万吨", _, _, _, "单位：万千瓦时"],
            ["县（市、区）", "1-6月累计", "同比增长（%）", _, "县（市、区）", "1-6月累计", "同比增长（%）"],
            ["七星关区", 350.2, 5.1, _, "七星关区", 201000, 3.2],
            ["大方县", 620.0, 8.0, _, "大方县", 603000, 4.4],
            ["威宁县", 410.5, 9.9, _, "黔西市", 880000, 6.1],
            ["纳雍县", 388.6, 7.2, _, "纳雍县", 412500, 2.7],
        ], merges=["A1:C1", "E1:G1"]),
    ],
)
# fmt: on
# fmt: off
book(
    "e341_energy_title_names_two_indicators", "xlwt", "xls", "能源局",
    ["county-rows", "title-indicator", "title-two-indicators", "rejected", "silent-wrong"],
    "能源局 1-6月 (legacy xls): a county table with no 指标名称 column titled 毕节市2024年1-6月各县（市、区）煤炭产量及电煤供应量 (two indicators) over 1-6月累计 | 同比增长（%）: whose figures they are cannot be told, the sheet is refused (layout_ambiguous naming both) — never loaded as 电煤供应量 (the longer name), as it was; the second sheet, titled …各县发电量 (one indicator), loads",
    [
        Sheet("煤炭", [
            ["毕节市2024年1-6月各县（市、区）煤炭产量及电煤供应量"],
            ["单位：万吨"],
            ["县（市、区）", "1-6月累计", "同比增长（%）"],
            ["七星关区", 350.2, 5.1],
            ["大方县", 620.0, 8.0],
            ["黔西市", 540.0, 6.6],
        ]),
        Sheet("电力", [
            ["毕节市2024年1-6月各县（市、区）发电量"],
            ["单位：亿千瓦时"],
            ["县（市、区）", "1-6月累计", "同比增长（%）"],
            ["七星关区", 20.1, 3.2],
            ["大方县", 60.3, 4.4],
            ["黔西市", 88.0, 6.1],
        ]),
    ],
)
# fmt: on
# ---------------------------------------------------------------------------------------------
# CELLS12 (session 12): cells the reader had not been tried on (e360–e379)
# fmt: off
book(
    "e360_stats_level_rate_typed_into_percent_cell", "xlsxwriter", "xlsx", "统计局",
    ["long", "percent-format", "level-growth", "silent-wrong"],
    "统计局 1-6月: growths typed as fractions in percent cells (0.058 shown 5.8%) read 5.8; 常住人口城镇化率 typed 46.8 into a cell formatted 0.0% shows 4680.0%: a rate over 100% far more often a percentage typed into a percent cell than real, refused (format_conflict) as a growth shown 320% is — never loaded as 4680 (was: urbanization_rate value 4680 stored silently)",
    [
        Sheet("主要指标", [
            ["毕节市2024年1-6月主要经济指标"],
            ["指标名称", "计量单位", "1-6月", "同比增长（%）"],
            ["地区生产总值", "亿元", 1123.4, F(0.058, "pct1")],
            ["第一产业增加值", "亿元", 180.2, F(0.041, "pct1")],
            ["常住人口城镇化率", "%", F(46.8, "pct1"), _],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e361_hrss_wan_number_format_on_person_rows", "openpyxl", "xlsx", "人力资源社会保障局",
    ["long", "number-format", "wan-display", "unit-column", "unit-conversion"],
    "人社局 1-6月: figures in 人 / 人次 rows typed in 万 and shown by a number format adding 万 (1.12 shown 1.12万): read as a person reads 1.12万人 (as a typed 1.12万 is), converted to the catalog's 万人 / 万人次; the 毕节工匠 row is already in 万人, where the 万 shown is the unit's own said again (as a typed 2.31万 in a 万人 row is): 2.31 万人 (it was refused as 2.31万万人?, unit_conflict; before that every 万-formatted cell was refused)",
    [
        Sheet("人社", [
            ["毕节市2024年1-6月人力资源和社会保障重点指标"],
            ["指标名称", "计量单位", "本月", "1-6月累计", "上年同期", "同比增长（%）"],
            ["城镇新增就业", "人", F(1.12, "wan2"), F(6.12, "wan2"), F(5.86, "wan2"), 4.4],
            ["职业技能培训人次", "人次", F(0.85, "wan2"), F(4.36, "wan2"), F(4.02, "wan2"), 8.5],
            ["直播带货技能培训", "人次", 620, 3850, 3100, 24.2],
            ["毕节工匠", "万人", _, F(2.31, "wan2"), _, _],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e362_energy_county_if_guarded_growth_stale", "xlsxwriter-libreoffice", "xlsx", "能源局",
    ["county-rows", "prior", "growth", "formula", "unit-line", "silent-wrong"],
    "能源局 1-6月 county rows whose growths are guarded against an empty 上年同期 the way departments write them: =IF(D4=0,〃〃,ROUND((C4/D4-1)*100,1)) and =IFERROR(ROUND(…),〃〃) (〃〃: an empty text); saved by LibreOffice without recalculating after 大方县's 累计 was corrected from 661.2 to 702.5, so its growth still holds 1.6 (recalculated 7.9): refused (formula_not_calculated, that growth alone) as a stale =ROUND(…) is — was: loaded 1.6 with only a growth_inconsistent note; 黔西市 has no 上年同期, its IF gives an empty text: no growth, no warning",
    [
        Sheet("分县", [
            ["毕节市2024年1-6月分县煤炭产量"],
            ["单位：万吨"],
            ["区县", "本月", "1-6月累计", "上年同期", "同比增长（%）"],
            ["七星关区", 98.2, 560.3, 520.1, Formula('=IF(D4=0,"",ROUND((C4/D4-1)*100,1))', 7.7)],
            ["大方县", 120.5, 702.5, 650.8, Formula('=IF(D5=0,"",ROUND((C5/D5-1)*100,1))', 1.6)],
            ["黔西市", 150.3, 880.6, _, Formula('=IF(D6=0,"",ROUND((C6/D6-1)*100,1))', "")],
            ["金沙县", 80.1, 480.4, 455.2, Formula('=IFERROR(ROUND((C7/D7-1)*100,1),"")', 5.5)],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e363_energy_county_if_guarded_growth_stale_xls", "xlsxwriter-libreoffice", "xls", "能源局",
    ["county-rows", "prior", "growth", "formula", "unit-line", "silent-wrong"],
    "e362 converted by LibreOffice to .xls without recalculating: the IF-guarded growths come as BIFF8 tokens (tAttrIf, tAttrGoto, a comparison, an empty string, IF): 大方县's stale 1.6 (recalculated 7.9) refused (formula_not_calculated, that growth alone) — was: loaded 1.6 with only a growth_inconsistent note",
    [
        Sheet("分县", [
            ["毕节市2024年1-6月分县煤炭产量"],
            ["单位：万吨"],
            ["区县", "本月", "1-6月累计", "上年同期", "同比增长（%）"],
            ["七星关区", 98.2, 560.3, 520.1, Formula('=IF(D4=0,"",ROUND((C4/D4-1)*100,1))', 7.7)],
            ["大方县", 120.5, 702.5, 650.8, Formula('=IF(D5=0,"",ROUND((C5/D5-1)*100,1))', 1.6)],
            ["黔西市", 150.3, 880.6, _, Formula('=IF(D6=0,"",ROUND((C6/D6-1)*100,1))', "")],
            ["金沙县", 80.1, 480.4, 455.2, Formula('=IF(D7>0,ROUND(C7/D7*100-100,1),"")', 5.5)],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e364_energy_comment_says_estimate", "xlsxwriter", "xlsx", "能源局",
    ["long", "comment", "estimate", "silent-wrong"],
    "能源局 1-6月 whose 煤炭产量 本月 carries a comment (批注) 6月为预计数，待统计局反馈后更正: a careful person hovering over the red corner does not take 612.4 as June's actual — refused (value_is_estimate, quoting the comment) with its row, as a figure a note marks 预计数 is (its 1-6月累计 holds June's estimate too); a comment saying 非预计数 leaves its figure alone — was: 612.4 loaded as June's own figure",
    [
        Sheet("能源", [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-6月累计", "上年同期", "同比增长（%）"],
            ["煤炭产量", "万吨", 612.4, 3550.2, 3268.5, 8.6],
            ["电煤供应量", "万吨", 331.6, 1958.3, 1872.1, 4.6],
            ["发电量", "亿千瓦时", 46.2, 268.4, 255.9, 4.9],
        ], comments={"C3": "6月为预计数，待统计局反馈后更正", "D4": "含电厂自备煤，非预计数"}),
    ],
)
# fmt: on
# fmt: off
book(
    "e342_energy_month_sheet_copied_not_updated", "openpyxl", "xlsx", "能源局",
    ["sheet-per-month", "title-period", "stale-copy", "guard", "silent-wrong"],
    "能源局 workbook with sheets 4月, 5月, 6月 (titled 毕节市2024年1-4月…, 1-5月…, 1-6月…): the 6月 sheet was copied from 5月 and only its title changed — 本月 647.2 and 1-本月累计 2937.8 are May's. A 累计 that did not grow while 本月 is 647.2 cannot be June's: each such row is refused (guard_prior_month_copy naming May's row) — never May's figures loaded as June's (they were). 发电量, updated, loads",
    [
        Sheet("4月", [
            ["毕节市2024年1-4月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计", "同比增长（%）"],
            ["煤炭产量", "万吨", 610.0, 2290.6, 6.2],
            ["电煤供应量", "万吨", 340.2, 1285.3, 3.9],
            ["发电量", "亿千瓦时", 43.1, 178.2, 3.0],
        ]),
        Sheet("5月", [
            ["毕节市2024年1-5月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计", "同比增长（%）"],
            ["煤炭产量", "万吨", 647.2, 2937.8, 7.9],
            ["电煤供应量", "万吨", 341.4, 1626.7, 4.2],
            ["发电量", "亿千瓦时", 44.0, 222.2, 4.1],
        ]),
        Sheet("6月", [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计", "同比增长（%）"],
            ["煤炭产量", "万吨", 647.2, 2937.8, 7.9],
            ["电煤供应量", "万吨", 341.4, 1626.7, 4.2],
            ["发电量", "亿千瓦时", 46.2, 268.4, 4.9],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e365_commerce_growth_words_wps_csv", "csv", "csv", "商务局",
    ["long", "words-in-cells", "growth", "level-growth", "gb18030"],
    "商务局 1-6月 csv (WPS, GB18030) whose growths are typed as a bulletin writes them: 增幅6.1%, 同比+12.5%, 降幅3.2%, 较去年同期增长15.0%, 与上年同期相比下降2.1%: each read as the figure it says (降幅 a fall) — was: every one refused as value_not_number",
    [
        Sheet("商务", [
            ["毕节市2024年1-6月商务运行情况"],
            ["指标名称", "计量单位", "1-6月", "同比增长（%）"],
            ["社会消费品零售总额", "亿元", 402.5, "增幅6.1%"],
            ["网络零售额", "亿元", 45.2, "同比+12.5%"],
            ["外贸进出口总额", "亿元", 18.6, "降幅3.2%"],
            ["新增限上批零住餐企业", "户", 46, "较去年同期增长15.0%"],
            ["一刻钟便民生活服务圈覆盖率", "%", 71.5, "与上年同期相比下降2.1%"],
        ]),
    ],
    encoding="gb18030",
)
# fmt: on
# fmt: off
book(
    "e343_energy_year_sheet_months_total_blank_future", "xlsxwriter", "xlsx", "能源局",
    ["wide-month", "total-column", "future-blank", "unit-column", "silent-wrong"],
    "能源局 year's tracking sheet 毕节市2024年能源生产月度统计 (no month in the title): 指标 | 计量单位 | 1月 … 12月 | 合计, filled to 6月 and blank from 7月 — the 合计 is the year to date at June, the last month with figures, never at 12月 (was: 3550.2 stored as December's 1-12月累计, the whole year's coal)",
    [
        Sheet("2024年", [
            ["毕节市2024年能源生产月度统计"],
            ["指标", "计量单位", "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月", "合计"],
            ["煤炭产量", "万吨", 560.1, 520.3, 600.2, 610.0, 647.2, 612.4, _, _, _, _, _, _, 3550.2],
            ["电煤供应量", "万吨", 310.0, 300.0, 335.1, 340.2, 341.4, 331.6, _, _, _, _, _, _, 1958.3],
            ["煤层气产量", "万立方米", 190.2, 168.5, 199.8, 205.1, 210.4, 203.5, _, _, _, _, _, _, 1177.5],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e344_energy_county_columns_name_once_per_group", "libreoffice", "xls", "能源局",
    ["wide-county", "measure-column", "name-once", "unit-in-name", "growth"],
    "能源局 1-6月 (legacy xls): 指标 | 口径 | 全市 | 七星关区 | 大方县 | 黔西市 | 威宁县, each indicator written once on its group's first row (煤炭产量（万吨）, then a blank cell over 1-6月累计; no merged cell) and the 口径 column saying 本月 / 1-6月累计 / 同比增长（%）: the blank is the group's indicator — each county's figures load (was: the rows under each name refused as having no indicator, the whole table lost)",
    [
        Sheet("分县", [
            ["毕节市2024年1-6月分县能源生产情况"],
            ["指标", "口径", "全市", "七星关区", "大方县", "黔西市", "威宁县"],
            ["煤炭产量（万吨）", "本月", 612.4, 60.1, 102.3, 90.0, 70.5],
            [_, "1-6月累计", 3550.2, 350.2, 620.0, 540.0, 410.5],
            ["发电量（亿千瓦时）", "本月", 46.2, 3.1, 10.2, 14.0, 5.3],
            [_, "1-6月累计", 268.4, 20.1, 60.3, 88.0, 31.0],
            [_, "同比增长（%）", 4.9, 3.2, 4.4, 6.1, 2.0],
        ], merges=["A1:G1"]),
    ],
)
# fmt: on
# fmt: off
book(
    "e366_energy_figures_with_bracketed_notes_xlwt", "xlwt", "xls", "能源局",
    ["long", "words-in-cells", "text-numbers", "prior", "growth"],
    "能源局 1-6月 .xls (xlwt) whose figures carry a note in brackets: 3550.2（快报）, 8.6（快报）, 1958.3（核实数） say how final an actual figure is and are read; 1186.0（未含金沙县） says the figure may not cover the whole city: refused (value_not_number, naming the note) — was: every one refused as an unknown unit “(快报)”",
    [
        Sheet("能源", [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "1-6月累计", "上年同期", "同比增长（%）"],
            ["煤炭产量", "万吨", "3550.2（快报）", 3268.5, "8.6（快报）"],
            ["电煤供应量", "万吨", "1958.3（核实数）", 1872.1, 4.6],
            ["发电量", "亿千瓦时", 268.4, 255.9, 4.9],
            ["煤层气产量", "万立方米", "1186.0（未含金沙县）", 1002.3, 18.3],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e345_energy_four_row_header_unit_line_in_brackets", "xlwt", "xls", "能源局",
    ["header-4row", "unit-row", "unit-in-brackets", "merge-across", "merge-down", "prior"],
    "能源局 1-6月 (legacy xls): a four-row header — 本年 | 上年同期 over 本月 | 1-6月 over 累计 | 同比增长, and a last header line of units in brackets (（万吨） | （%）) under each column: the bracketed line is the columns' units, not a data row (was: a row naming no indicator and five “values” （万吨） refused as text)",
    [
        Sheet("能源", [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "本年", _, _, "上年同期", _],
            [_, "本月", "1-6月", _, "本月", "1-6月"],
            [_, _, "累计", "同比增长", _, "累计"],
            [_, "（万吨）", "（万吨）", "（%）", "（万吨）", "（万吨）"],
            ["煤炭产量", 612.4, 3550.2, 8.6, 548.0, 3268.5],
            ["电煤供应量", 331.6, 1958.3, 4.6, 320.0, 1872.1],
        ], merges=["A1:F1", "A2:A5", "B2:D2", "E2:F2", "B3:B4", "C3:D3", "E3:E4"]),
    ],
)
# fmt: on
# fmt: off
book(
    "e346_energy_prior_and_growth_rows_under_each", "libreoffice", "xlsx", "能源局",
    ["long", "prior-rows", "growth-rows", "county-rows", "title-indicator"],
    "能源局 1-6月, three rows per indicator (煤炭产量, then an indented 上年同期 and 增长（%） row under 本月 | 1-6月累计) and, on sheet 分县 (各县发电量 in the title), three rows per county (七星关区, 上年同期, 增长（%）): each 上年同期 row is last year's figures of the row above (its 累计 the 上年同期, its 本月 last year's month, not kept) and the growth row that row's growth (累计's; 本月's is the month's own) — was: every 上年同期 and 增长 row refused as an unknown indicator or county",
    [
        Sheet("能源", [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-6月累计"],
            ["煤炭产量", "万吨", 612.4, 3550.2],
            ["  上年同期", "万吨", 548.0, 3268.5],
            ["  增长（%）", "%", 11.8, 8.6],
            ["电煤供应量", "万吨", 331.6, 1958.3],
            ["  上年同期", "万吨", 320.0, 1872.1],
            ["  增长（%）", "%", 3.6, 4.6],
        ], merges=["A1:D1"]),
        Sheet("分县", [
            ["毕节市2024年1-6月各县发电量"],
            ["单位：亿千瓦时"],
            ["县（市、区）", "本月", "1-6月累计"],
            ["七星关区", 3.1, 20.1],
            ["上年同期", 3.0, 19.5],
            ["增长（%）", 3.3, 3.1],
            ["黔西市", 14.0, 88.0],
            ["上年同期", 13.1, 82.9],
            ["增长（%）", 6.9, 6.2],
        ], merges=["A1:C1"]),
    ],
)
# fmt: on
# fmt: off
book(
    "e347_energy_month_rows_growth_row_at_foot", "xlsxwriter", "xlsx", "能源局",
    ["wide-indicator", "month-rows", "prior-row", "growth-row", "unit-in-header"],
    "能源局 1-6月: a row per month (1月 … 6月) under 月份 | 煤炭产量（万吨） | 发电量（亿千瓦时）, then 1-6月累计, 上年同期 and 同比增长（%） rows: the growth row is the growth of the year to date above it (past 上年同期) — each indicator's 1-6月 growth (was: refused as a 统计期 nobody understood, period_invalid)",
    [
        Sheet("能源", [
            ["毕节市2024年1-6月能源生产情况"],
            ["月份", "煤炭产量（万吨）", "发电量（亿千瓦时）"],
            ["1月", 560.1, 44.0],
            ["2月", 520.3, 40.1],
            ["3月", 600.2, 45.0],
            ["4月", 610.0, 43.1],
            ["5月", 647.2, 44.0],
            ["6月", 612.4, 46.2],
            ["1-6月累计", 3550.2, 262.4],
            ["上年同期", 3268.5, 250.0],
            ["同比增长（%）", 8.6, 5.0],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e348_energy_county_rows_unit_line_inside_header", "libreoffice", "xls", "能源局",
    ["wide-indicator", "county-rows", "header-3row", "unit-in-brackets", "merge-across", "merge-down", "unit-conversion"],
    "能源局 1-6月 (legacy xls): a row per county under a three-row header — 煤炭产量 | 发电量 merged over their columns, then a line of units in brackets (（万吨） | （万千瓦时）, merged likewise), then 本月 | 累计 under each: the bracketed line is each indicator's unit (发电量 converted from 万千瓦时) and 本月 | 累计 the measures (was: refused, the 本月 | 累计 line left out of the header and each indicator's two columns taken for twins)",
    [
        Sheet("分县", [
            ["毕节市2024年1-6月分县能源生产情况"],
            ["县（市、区）", "煤炭产量", _, "发电量", _],
            [_, "（万吨）", _, "（万千瓦时）", _],
            [_, "本月", "累计", "本月", "累计"],
            ["七星关区", 60.1, 350.2, 31000, 201000],
            ["大方县", 102.3, 620.0, 102000, 603000],
            ["黔西市", 90.0, 540.0, 140000, 880000],
        ], merges=["A1:E1", "A2:A4", "B2:C2", "D2:E2", "B3:C3", "D3:E3"]),
    ],
)
# fmt: on
# fmt: off
book(
    "e349_energy_side_by_side_other_columns", "xlwt", "xls", "能源局",
    ["side-by-side", "county-rows", "title-indicator", "silent-wrong"],
    "能源局 1-6月 (legacy xls), one title 毕节市2024年1-6月各县煤炭产量 over two county lists side by side with different columns: 县（市、区） | 1-6月累计 (七星关区, 大方县) ‖ 县（市、区） | 同比增长（%） (黔西市, 威宁县). The right list names other counties: it is a table of its own — its growths are 黔西市's and 威宁县's, refused for want of their 1-6月累计 (value_missing) — never loaded as 七星关区's and 大方县's growths (they were: the repeated 县 column was dropped as a duplicate)",
    [
        Sheet("分县", [
            ["毕节市2024年1-6月各县煤炭产量"],
            ["单位：万吨"],
            ["县（市、区）", "1-6月累计", _, "县（市、区）", "同比增长（%）"],
            ["七星关区", 350.2, _, "黔西市", 6.6],
            ["大方县", 620.0, _, "威宁县", 9.9],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e350_energy_months_with_prior_rows", "openpyxl", "xlsx", "能源局",
    ["wide-month", "prior-rows", "unit-line", "ytd-column"],
    "能源局 1-4月: 指标 | 1月 … 4月 | 1-4月累计 with a 上年同期 row under each indicator's row: the 上年同期 row's 1-4月累计 is the indicator's 上年同期 at April; its months are last year's own (not kept, a 提示 each) — was: the 上年同期 rows refused as unknown indicators",
    [
        Sheet("能源", [
            ["毕节市2024年1-4月能源生产情况"],
            ["单位：万吨"],
            ["指标", "1月", "2月", "3月", "4月", "1-4月累计"],
            ["煤炭产量", 560.1, 520.3, 600.2, 610.0, 2290.6],
            ["上年同期", 520.0, 480.2, 560.3, 570.0, 2130.5],
            ["电煤供应量", 310.0, 300.0, 335.1, 340.2, 1285.3],
            ["上年同期", 300.0, 290.0, 320.0, 320.0, 1230.0],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e380_energy_lone_figure_months_newest_first", "xlsxwriter", "xlsx", "能源局",
    ["long", "period-column", "title-period", "newest-first", "silent-wrong"],
    "能源局 1-6月: a 统计期 column listing the months newest first (6月 … 1月) over one 数值 column: 煤炭产量 falls down the rows but rises month by month as a year to date does (3550.2 … 560.1) — each month's 累计; 发电量 falls in February (months' own: 累计 summed from January) — was: coal judged months' own figures and summed again (1-6月 12099.7)",
    [
        Sheet("分月", [
            ["毕节市2024年1-6月能源生产情况"],
            ["统计期", "指标名称", "计量单位", "数值"],
            ["6月", "煤炭产量", "万吨", 3550.2],
            ["5月", "煤炭产量", "万吨", 2937.8],
            ["4月", "煤炭产量", "万吨", 2290.6],
            ["3月", "煤炭产量", "万吨", 1680.6],
            ["2月", "煤炭产量", "万吨", 1080.4],
            ["1月", "煤炭产量", "万吨", 560.1],
            ["6月", "发电量", "亿千瓦时", 46.2],
            ["5月", "发电量", "亿千瓦时", 44.1],
            ["4月", "发电量", "亿千瓦时", 45.1],
            ["3月", "发电量", "亿千瓦时", 44.3],
            ["2月", "发电量", "亿千瓦时", 36.4],
            ["1月", "发电量", "亿千瓦时", 39.8],
        ]),
    ],
)
book(
    "e381_energy_blank_name_header_fullwidth_figures", "openpyxl", "xlsx", "能源局",
    ["long", "blank-name-header", "unit-line", "text-numbers", "full-width", "silent-wrong"],
    "能源局 1-6月: the header over the indicator names is left blank and 煤炭产量's figures are typed as text in full-width digits (６１２．４ | ３５５０．２ | ８．６): that row is data — was: taken as a second header line (本月 › ６１２．４) and its figures lost without a word",
    [Sheet("Sheet1", [
        ["2024年1-6月全市煤炭生产及电煤供应情况"],
        ["单位：万吨"],
        [_, "本月", "1-6月累计", "同比增长(%)"],
        ["煤炭产量", "６１２．４", "３５５０．２", "８．６"],
        ["电煤供应量", 331.6, 1958.3, 4.6],
    ])],
)
# fmt: on
# fmt: off
book(
    "e382_energy_struck_ytd_xlwt", "xlwt", "xls", "能源局",
    ["struck", "title", "ytd-column"],
    "能源局 1-6月 (.xls): 电煤供应量's 1-6月累计 1958.3 is crossed out (struck-through font; no corrected figure beside it): a careful person does not report a withdrawn figure — the row is refused naming the cell (as any unreadable figure of the target's own measure refuses its row), the other rows load — was: 1958.3 loaded as the year to date",
    [Sheet("能源", [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "本月", "1-6月累计", "同比增长（%）"],
        ["煤炭产量", "万吨", 612.4, 3550.2, 8.6],
        ["电煤供应量", "万吨", 331.6, F(1958.3, "struck"), 4.6],
        ["发电量", "亿千瓦时", 46.2, 268.4, 4.9],
    ])],
)
book(
    "e383_energy_wide_month_struck_may", "openpyxl", "xlsx", "能源局",
    ["struck", "wide-month", "unit-line"],
    "能源局: a column per month 1月 … 6月 and 1-6月累计; 煤炭产量's 5月 603.5 is crossed out: May's own figure is withdrawn — not loaded, and no year to date is summed through May (1-5月) from it; the stated 1-6月累计 and the other months load — was: 603.5 loaded as May's figure",
    [Sheet("Sheet1", [
        ["2024年1-6月全市煤炭生产及电煤供应情况"],
        [_, _, _, _, _, _, _, "单位：万吨"],
        ["指标名称", "1月", "2月", "3月", "4月", "5月", "6月", "1-6月累计"],
        ["煤炭产量", 598.3, 521.7, 602.5, 611.8, F(603.5, "struck"), 612.4, 3550.2],
        ["电煤供应量", 335.2, 298.4, 326.9, 330.7, 335.5, 331.6, 1958.3],
    ], merges=["A1:H1"])],
)
# fmt: on
# fmt: off
book(
    "e384_energy_month_and_ytd_sheets", "openpyxl", "xlsx", "能源局",
    ["sheet-per-role", "title-period", "silent-wrong", "known-gap"],
    "能源局 June as two sheets: 当月 (title 2024年6月, 数值 | 同比增长) and 累计 (title 2024年1-6月, the same columns): a careful person reads 当月's figures as June's own and 累计's as 1-6月 — was: 当月's 612.4 and 5.2 loaded as coal's 1-6月累计 and growth, the real 3550.2 refused as a duplicate (a false 滞后). Now the 当月 sheet is read as June's own (no wrong figure loads), but the two sheets are not yet joined into one row: a known gap",
    [
        Sheet("当月", [
            ["毕节市2024年6月能源生产情况"],
            ["指标名称", "计量单位", "数值", "同比增长(%)"],
            ["煤炭产量", "万吨", 612.4, 5.2],
            ["发电量", "亿千瓦时", 46.2, 3.1],
        ]),
        Sheet("累计", [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "数值", "同比增长(%)"],
            ["煤炭产量", "万吨", 3550.2, 8.6],
            ["发电量", "亿千瓦时", 268.4, 4.9],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e385_energy_negative_growth_shown_without_sign", "xlsxwriter", "xlsx", "能源局",
    ["number-format", "negative", "silent-wrong"],
    "能源局 1-6月 whose growth column has negative sections without a minus: 电煤供应量's −2.1 under 0.0;0.0 shows 2.1 — a careful person reads a rise, the cell stores a fall: refused (format_conflict), the row's figures load; 发电量's −1.5 under 0.0;[Red]0.0 shows a red 1.5, the convention for a negative: −1.5; 煤炭产量's 8.6 under 0.0;0.0 is positive: 8.6 — was: −2.1 loaded while the sheet shows 2.1",
    [Sheet("能源", [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "本月", "1-6月累计", "同比增长（%）"],
        ["煤炭产量", "万吨", 612.4, 3550.2, F(8.6, "nosign")],
        ["电煤供应量", "万吨", 331.6, 1958.3, F(-2.1, "nosign")],
        ["发电量", "亿千瓦时", 46.2, 268.4, F(-1.5, "red_neg")],
    ])],
)
# fmt: on
# fmt: off
book(
    "e396_energy_xls_comment_says_estimate", "libreoffice", "xls", "能源局",
    ["long", "comment", "estimate", "silent-wrong", "unit-line"],
    "能源局 1-6月 saved as .xls (Excel 97-2003) whose 发电量 本月 carries a comment (批注) 6月数为预计数，待电网公司反馈后更正: as in the xlsx e364, a careful person hovering over the red corner does not take 46.2 as June's actual — refused (value_is_estimate, quoting the comment) with its row; a comment saying 非预计数 leaves its figure alone; a comment on a name is not read — was: the .xls's comments were not read at all, 46.2 loaded as June's own figure",
    [
        Sheet("能源", [
            ["毕节市2024年1-6月能源生产情况"],
            [None, None, None, None, "单位：万吨、亿千瓦时"],
            ["指标名称", "计量单位", "本月", "1-6月累计", "同比增长（%）"],
            ["煤炭产量", "万吨", 612.4, 3550.2, 8.6],
            ["电煤供应量", "万吨", 331.6, 1958.3, 4.6],
            ["发电量", "亿千瓦时", 46.2, 268.4, 4.9],
        ], comments={"C6": "6月数为预计数，待电网公司反馈后更正", "D5": "含电厂自备煤，非预计数", "A4": "按省统计局口径", "E4": "checked"}),
    ],
)
# fmt: on
# fmt: off
# MONTH-YTD PAIRS (e386-e395, pair16): one report as a 当月 table and a 累计 table of the same rows, read as one.
book(
    "e386_energy_county_month_and_ytd_sheets", "openpyxl", "xlsx", "能源局",
    ["sheet-per-role", "county-rows", "title-indicator", "title-period", "silent-wrong"],
    "能源局 June's coal output by county as two sheets: 当月 (title 2024年6月各县煤炭产量, 县（区） | 数值 | 增长（%）) and 累计 (title 2024年1-6月各县煤炭产量, the same columns): one row per county — 本月 from 当月, 累计 and growth from 累计 (当月's growth is June's own, column_ignored) — never two rows of one county refused as duplicates, nor 当月's figure read as the year to date",
    [
        Sheet("当月", [
            ["毕节市2024年6月各县煤炭产量"],
            ["单位：万吨"],
            ["县（区）", "数值", "增长（%）"],
            ["七星关区", 52.3, 4.1],
            ["大方县", 86.0, 6.3],
            ["黔西市", 70.2, -1.5],
        ]),
        Sheet("累计", [
            ["毕节市2024年1-6月各县煤炭产量"],
            ["单位：万吨"],
            ["县（区）", "数值", "增长（%）"],
            ["七星关区", 312.6, 5.2],
            ["大方县", 498.3, 7.1],
            ["黔西市", 402.7, 3.4],
        ]),
    ],
)
book(
    "e387_energy_month_and_ytd_stacked", "xlsxwriter", "xlsx", "能源局",
    ["stacked", "title-period", "silent-wrong"],
    "能源局 June on one sheet as two stacked tables of the same rows: 毕节市2024年6月能源生产情况（当月） over 指标名称 | 计量单位 | 数值 | 同比增长(%), a blank row, then 毕节市2024年1-6月能源生产情况（累计） over the same columns: the title's （当月） makes the first table's 数值 June's own (its growth June's, column_ignored), and the two join into one row per indicator — was: the 当月 table's 612.4 loaded as coal's 1-6月累计, the real 3550.2 refused as a duplicate",
    [
        Sheet("能源", [
            ["毕节市2024年6月能源生产情况（当月）"],
            ["指标名称", "计量单位", "数值", "同比增长(%)"],
            ["煤炭产量", "万吨", 612.4, 5.2],
            ["电煤供应量", "万吨", 331.6, 2.8],
            [],
            ["毕节市2024年1-6月能源生产情况（累计）"],
            ["指标名称", "计量单位", "数值", "同比增长(%)"],
            ["煤炭产量", "万吨", 3550.2, 8.6],
            ["电煤供应量", "万吨", 1958.3, 4.6],
        ]),
    ],
)
book(
    "e388_energy_month_and_ytd_sheets_xlwt", "xlwt", "xls", "能源局",
    ["sheet-per-role", "title-period"],
    "能源局 June (legacy .xls) as sheets 本月 | 累计 of the same three indicators, each 指标名称 | 计量单位 | 数值 | 同比增长（%）: one row per indicator, 本月 from the 本月 sheet, 累计 and growth from 累计; the 本月 sheet's growth is June's own (column_ignored)",
    [
        Sheet("本月", [
            ["毕节市2024年6月能源生产情况"],
            ["指标名称", "计量单位", "数值", "同比增长（%）"],
            ["煤炭产量", "万吨", 612.4, 5.2],
            ["电煤供应量", "万吨", 331.6, 2.8],
            ["发电量", "亿千瓦时", 46.2, 3.1],
        ]),
        Sheet("累计", [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "数值", "同比增长（%）"],
            ["煤炭产量", "万吨", 3550.2, 8.6],
            ["电煤供应量", "万吨", 1958.3, 4.6],
            ["发电量", "亿千瓦时", 268.4, 4.9],
        ]),
    ],
)
book(
    "e389_energy_month_and_ytd_periods_disagree", "openpyxl", "xlsx", "能源局",
    ["sheet-per-role", "title-period", "period-conflict", "silent-wrong"],
    "能源局 当月 | 累计 sheets of one report whose titles disagree: 当月 says 2024年6月, 累计 says 2024年1-5月 (the same 数值 columns, no month in any header): a stale title or May's figures — which cannot be told: both sheets refused (layout_ambiguous naming both titles), nothing loads — never 3550.2 loaded as May's year to date beside June's month",
    [
        Sheet("当月", [
            ["毕节市2024年6月能源生产情况"],
            ["指标名称", "计量单位", "数值", "同比增长(%)"],
            ["煤炭产量", "万吨", 612.4, 5.2],
            ["发电量", "亿千瓦时", 46.2, 3.1],
        ]),
        Sheet("累计", [
            ["毕节市2024年1-5月能源生产情况"],
            ["指标名称", "计量单位", "数值", "同比增长(%)"],
            ["煤炭产量", "万吨", 3550.2, 8.6],
            ["发电量", "亿千瓦时", 268.4, 4.9],
        ]),
    ],
)
book(
    "e390_energy_month_and_ytd_rows_in_one_sheet_only", "openpyxl", "xlsx", "能源局",
    ["sheet-per-role", "title-period"],
    "能源局 当月 | 累计 sheets whose rows differ: 发电量 only on 当月 (no year to date anywhere: refused, value_missing), 电煤供应量 only on 累计 (loads without its month's figure), 煤炭产量 on both (joined into one row)",
    [
        Sheet("当月", [
            ["毕节市2024年6月能源生产情况"],
            ["指标名称", "计量单位", "数值", "同比增长(%)"],
            ["煤炭产量", "万吨", 612.4, 5.2],
            ["发电量", "亿千瓦时", 46.2, 3.1],
        ]),
        Sheet("累计", [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "数值", "同比增长(%)"],
            ["煤炭产量", "万吨", 3550.2, 8.6],
            ["电煤供应量", "万吨", 1958.3, 4.6],
        ]),
    ],
)
book(
    "e391_energy_wide_county_month_and_ytd_sheets", "xlsxwriter", "xlsx", "能源局",
    ["sheet-per-role", "wide-county", "title-period", "unit-in-title"],
    "能源局 June with counties across: 当月 (2024年6月各县煤炭产量（万吨）, 指标名称 | 七星关区 | 大方县 | 黔西市) and 累计 (2024年1-6月…, the same columns): each county's 本月 from 当月 and 累计 from 累计, one row per county, the month's figure at its own cell on 当月",
    [
        Sheet("当月", [
            ["毕节市2024年6月各县煤炭产量（万吨）"],
            ["指标名称", "七星关区", "大方县", "黔西市"],
            ["煤炭产量", 52.3, 86.0, 70.2],
        ]),
        Sheet("累计", [
            ["毕节市2024年1-6月各县煤炭产量（万吨）"],
            ["指标名称", "七星关区", "大方县", "黔西市"],
            ["煤炭产量", 312.6, 498.3, 402.7],
        ]),
    ],
)
book(
    "e392_energy_month_and_ytd_units_differ", "openpyxl", "xlsx", "能源局",
    ["sheet-per-role", "title-period", "unit-conflict"],
    "能源局 当月 | 累计 sheets whose 煤层气产量 rows state different units: 当月 203.5 万立方米, 累计 0.1186 亿立方米 — the month's figure is not joined to a row in another unit (refused, unit_conflict naming both unit cells), the year to date (1186 万立方米) and its growth load; 煤炭产量 (万吨 on both) joins",
    [
        Sheet("当月", [
            ["毕节市2024年6月能源生产情况"],
            ["指标名称", "计量单位", "数值", "同比增长(%)"],
            ["煤炭产量", "万吨", 612.4, 5.2],
            ["煤层气产量", "万立方米", 203.5, 3.1],
        ]),
        Sheet("累计", [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "数值", "同比增长(%)"],
            ["煤炭产量", "万吨", 3550.2, 8.6],
            ["煤层气产量", "亿立方米", 0.1186, 6.0],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e397_energy_period_column_typed_as_numbers", "openpyxl", "xlsx", "能源局",
    ["long", "period-column", "period-text-forms", "silent-wrong"],
    "能源局 monthly rows whose 月份 column holds numbers typed 2024.2, 2024.3 (Excel keeps the number, not the text): a careful person reads February and March — was: refused (the number truncated to 2024, no month). 2024.1 is refused with a message saying why: as a number it is January typed 2024.1 or October typed 2024.10 (Excel drops the 0), never guessed",
    [
        Sheet("煤炭", [
            ["毕节市2024年煤炭生产月报"],
            ["月份", "指标名称", "计量单位", "本月", "累计"],
            [2024.1, "煤炭产量", "万吨", 600.0, 600.0],
            [2024.2, "煤炭产量", "万吨", 580.1, 1180.1],
            [2024.3, "煤炭产量", "万吨", 600.2, 1780.3],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e398_energy_csv_note_column_says_estimate", "csv", "csv", "能源局",
    ["long", "note-column", "estimate", "gb18030", "silent-wrong"],
    "能源局 1-6月 csv (GB18030) with a 备注 column: 煤炭产量's note 6月为预计数，待统计局反馈后更正 says its June figure is an estimate — a careful person does not take the row as actual: refused with its row (value_is_estimate, quoting the note), as a comment or a table note saying 预计数 is; 电煤供应量's 预计全年可完成4000万吨 is a forecast beside an actual figure and 发电量's 非预计数 denies it: both load — was: the estimate loaded as June's actual",
    [Sheet("", [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "本月", "1-6月累计", "同比增长（%）", "备注"],
        ["煤炭产量", "万吨", "612.4", "3550.2", "8.6", "6月为预计数，待统计局反馈后更正"],
        ["电煤供应量", "万吨", "331.6", "1958.3", "4.6", "预计全年可完成4000万吨"],
        ["发电量", "亿千瓦时", "46.2", "268.4", "4.9", "非预计数"],
    ])],
    encoding="gb18030",
)
# fmt: on
# fmt: off
book(
    "e399_energy_month_sheet_and_forecast_sheet", "xlsxwriter", "xlsx", "能源局",
    ["sheet-per-month", "title-period", "estimate", "silent-wrong"],
    "能源局 workbook with a sheet 6月 (titled 毕节市2024年1-6月能源生产情况) and a sheet named 7月（预计）, titled like the other (毕节市2024年1-7月能源生产情况): the sheet's name says its figures are the department's forecast for July — not loaded (column_ignored naming the sheet's name), June's sheet loads — was: July's forecast loaded as July's figures",
    [
        Sheet("6月", [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 612.4, 3550.2],
        ]),
        Sheet("7月（预计）", [
            ["毕节市2024年1-7月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-本月累计"],
            ["煤炭产量", "万吨", 620.0, 4170.2],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e400_energy_summary_and_county_total_disagree", "libreoffice", "xlsx", "能源局",
    ["sheet-per-group", "county-rows", "total-row", "duplicate-across-sheets", "silent-wrong"],
    "能源局 1-6月: a 汇总 sheet (煤炭产量 612.4 | 3550.2) and a 分县 sheet whose 合计 row (the city) says 612.4 | 3560.0: one row given twice with two 累计 — which is right cannot be told, so neither loads (duplicate_row on both, each naming the other and the two figures); the counties and 发电量 load — was: 汇总's 3550.2 loaded and the other refused as a mere copy",
    [
        Sheet("汇总", [
            ["毕节市2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-6月累计"],
            ["煤炭产量", "万吨", 612.4, 3550.2],
            ["发电量", "亿千瓦时", 46.2, 268.4],
        ]),
        Sheet("分县", [
            ["毕节市各县（区）2024年1-6月煤炭产量（万吨）"],
            ["县（区）", "本月", "1-6月累计"],
            ["七星关区", 60.1, 350.2],
            ["大方县", 72.3, 420.5],
            ["合计", 612.4, 3560.0],
        ]),
    ],
)
# fmt: on
# fmt: off
book(
    "e426_stats_growth_as_index_of_last_year", "libreoffice", "xlsx", "统计局",
    ["long", "two-row-header", "growth", "growth-index", "level-growth"],
    "统计局 主要经济指标 with the growth as an index, last year = 100 (本月 › 绝对值 | 为上年同期%, 1-6月 › 绝对值 | 为上年同期%): 108.2 is a growth of 8.2 %, 96.5 a fall of 3.5 %; the month's own index is not read (column_ignored) — was: the 为上年同期% columns not understood, every growth target's growth missing (value_missing)",
    [Sheet("主要指标", [
        ["毕节市2024年1-6月主要经济指标"],
        ["指标", "计量单位", "本月", None, "1-6月", None],
        [None, None, "绝对值", "为上年同期%", "绝对值", "为上年同期%"],
        ["规模以上工业增加值", "亿元", 55.3, 107.1, 320.5, 108.2],
        ["地区生产总值", "亿元", None, None, 1050.2, 106.1],
        ["社会消费品零售总额", "亿元", 48.6, 104.9, 285.7, 96.5],
    ], merges=["A2:A3", "B2:B3", "C2:D2", "E2:F2"])],
)
# fmt: on
# fmt: off
book(
    "e427_stats_growth_typed_under_index_header", "openpyxl", "xlsx", "统计局",
    ["long", "growth", "growth-index", "level-growth", "silent-wrong"],
    "统计局 1-6月 with a column headed 为上年同期（%） holding 8.2 and 6.1 (growths typed under an index header: as indices they would be falls of 91.8 % and 93.9 %): the column is not read as growths (growth_index_unclear on each), but the row whose 1-6月累计 and 上年同期 give 8.6 % keeps its figure 108.6 as the index it is; the other rows are refused (their growth is their measure)",
    [Sheet("Sheet1", [
        ["毕节市2024年1-6月主要经济指标"],
        ["指标", "计量单位", "1-6月累计", "上年同期", "为上年同期（%）"],
        ["规模以上工业增加值", "亿元", 320.5, None, 8.2],
        ["地区生产总值", "亿元", 1050.2, None, 6.1],
        ["社会消费品零售总额", "亿元", 285.7, 263.1, 108.6],
    ])],
)
# fmt: on

# fmt: off
book(
    "e401_commerce_names_with_scope_notes", "openpyxl", "xlsx", "商务局",
    ["long", "name-bracket", "scope-qualifier", "level-growth", "silent-wrong"],
    "商务局 1-6月: names with a note in brackets — 社会消费品零售总额（限上） (enterprises above quota only) and 外贸进出口总额（不含加工贸易） say the row covers less than the target: refused (unknown_indicator, naming the note); 网络零售额（快报） only says how final the figure is: read — was: the 限上 figures loaded as the city's retail sales and its growth, the trade row as the whole trade",
    [Sheet("商务", [
        ["毕节市2024年1-6月商务运行主要指标"],
        ["指标名称", "计量单位", "1-6月累计", "同比增长(%)"],
        ["社会消费品零售总额（限上）", "亿元", 150.2, 2.1],
        ["网络零售额（快报）", "亿元", 60.3, 12.5],
        ["外贸进出口总额（不含加工贸易）", "亿元", 20.1, 5.5],
    ])],
)
# fmt: on

# fmt: off
book(
    "e402_energy_title_names_thermal_power_only", "libreoffice", "xlsx", "能源局",
    ["county-rows", "title-indicator", "scope-qualifier", "unit-in-title", "silent-wrong"],
    "能源局 1-6月, a sheet per indicator with the indicator in the title: 各县（区）煤炭产量（万吨） is coal output, read; 各县火电发电量（亿千瓦时） is thermal power only, not the target 发电量 (all generation): refused (unknown_indicator on the title, naming 火电发电量) — was: the thermal figures loaded as each county's 发电量",
    [
        Sheet("煤炭", [
            ["毕节市2024年1-6月各县（区）煤炭产量（万吨）"],
            ["县（区）", "本月", "1-6月累计"],
            ["七星关区", 60.1, 350.2],
            ["大方县", 72.3, 420.5],
        ]),
        Sheet("火电", [
            ["毕节市2024年1-6月各县火电发电量（亿千瓦时）"],
            ["县（区）", "本月", "1-6月累计"],
            ["黔西市", 8.1, 45.2],
            ["纳雍县", 6.4, 38.9],
        ]),
    ],
)
# fmt: on

# fmt: off
book(
    "e403_energy_title_names_shares_of_coal_output", "xlsxwriter", "xlsx", "能源局",
    ["county-rows", "title-indicator", "lone-figure", "share", "silent-wrong"],
    "能源局 1-6月, one table 县（区） | 数值 titled 各县（区）煤炭产量占全市比重: the figures are each county's share of the city's coal (9.9 %), not its coal output — refused once on the title (unknown_indicator, quoting 煤炭产量占全市比重) — was: 9.9 loaded as 七星关区's 1-6月 coal output in 万吨",
    [Sheet("分县", [
        ["毕节市2024年1-6月各县（区）煤炭产量占全市比重"],
        ["县（区）", "数值"],
        ["七星关区", 9.9],
        ["大方县", 11.8],
        ["黔西市", 13.2],
    ])],
)
# fmt: on

# fmt: off
book(
    "e404_energy_growth_titled_table_alone", "openpyxl", "xlsx", "能源局",
    ["county-rows", "title-indicator", "lone-figure", "growth-sheet", "silent-wrong"],
    "能源局 1-6月, a workbook of one sheet 增速 titled 各县煤炭产量增速 over 县（区） | 数值 (no unit, no sheet of figures beside it): the figures are growths, as a growth sheet's are beside figures — coal output needs its 1-6月累计, so each row is refused (value_missing) — was: 12.5 loaded as 七星关区's 1-6月 coal output in 万吨",
    [Sheet("增速", [
        ["毕节市2024年1-6月各县煤炭产量增速"],
        ["县（区）", "数值"],
        ["七星关区", 12.5],
        ["大方县", 8.1],
    ])],
)
# fmt: on

# fmt: off
book(
    "e405_energy_kwh_units_and_benyuezhi_header", "libreoffice", "xls", "能源局",
    ["long", "unit-column", "unit-spellings", "leiji-words", "unit-conversion", "prior", "growth"],
    "能源局 1-6月 (legacy .xls): units as energy departments spell them — 万kWh, 万m³, 万kW — and the headers 本月止累计 (the year to date up to this month) and 比上年±%: 2684000 万kWh is 268.4 亿千瓦时, 1500 万m³ is 1500 万立方米 — was: each unit refused as unknown (unit_mismatch), 本月止累计 and 比上年±% not understood (the year to date missing: every row refused)",
    [Sheet("能源", [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "本月", "本月止累计", "上年同期", "比上年±%"],
        ["发电量", "万kWh", 462000, 2684000, 2559000, 4.9],
        ["煤层气产量", "万m³", 250, 1500, 1400, 7.1],
        ["新增新能源装机规模", "万kW", 30, 120, 100, 20.0],
    ])],
)
# fmt: on

# fmt: off
book(
    "e406_energy_change_and_rate_columns", "xlwt", "xls", "能源局",
    ["long", "prior", "growth", "absolute-change-column", "bare-change-column"],
    "能源局 1-6月 (legacy .xls), the statistical pair 同比增减 | 增减幅度(%) after 1-6月累计 | 上年同期: 同比增减 (no %) is the change in the level's unit (281.7 万吨), 增减幅度(%) the growth (8.6): the change is not read (column_ignored), the growth is — was: the whole table refused as two growth columns saying the same (layout_ambiguous), 增减幅度(%) not understood",
    [Sheet("能源", [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "1-6月累计", "上年同期", "同比增减", "增减幅度(%)"],
        ["煤炭产量", "万吨", 3550.2, 3268.5, 281.7, 8.6],
        ["电煤供应量", "万吨", 1958.3, 1872.1, 86.2, 4.6],
        ["发电量", "亿千瓦时", 268.4, 255.9, 12.5, 4.9],
    ])],
)
# fmt: on

# fmt: off
book(
    "e407_commerce_above_quota_title_over_rows", "openpyxl", "xlsx", "商务局",
    ["long", "title-scope", "scope-qualifier", "level-growth", "silent-wrong"],
    "商务局 1-6月, a table titled 限额以上企业商品零售情况 (the enterprises above the sales quota only) whose rows name 社会消费品零售总额 and 网络零售额: every row is the 限上 part, not the city's total — refused (unknown_indicator on each name, quoting the title's 限额以上) — was: 150.2 亿元 and its 2.1 % loaded as the city's total retail sales and growth",
    [Sheet("限上", [
        ["毕节市2024年1-6月限额以上企业商品零售情况"],
        ["指标名称", "计量单位", "1-6月累计", "同比增长(%)"],
        ["社会消费品零售总额", "亿元", 150.2, 2.1],
        ["网络零售额", "亿元", 40.6, 10.2],
    ])],
)
# fmt: on

# fmt: off
book(
    "e408_energy_bare_change_equals_the_difference", "csv", "csv", "能源局",
    ["long", "prior", "bare-change-column", "absolute-change-column", "gb18030"],
    "能源局 1-6月 (GB18030 csv): 1-6月累计 | 上年同期 | 同比增减 where every 同比增减 is exactly 累计 − 上年同期 (281.7, 12.5): the header never says %, so the column is the change the header names, not a growth contradicting the levels — the growth is refused alone (growth_ambiguous_change), the levels load — was: each whole row refused (growth_contradicts_levels)",
    [Sheet("e408", [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "1-6月累计", "上年同期", "同比增减"],
        ["煤炭产量", "万吨", "3550.2", "3268.5", "281.7"],
        ["发电量", "亿千瓦时", "268.4", "255.9", "12.5"],
    ])],
    encoding="gb18030",
)
# fmt: on

# fmt: off
book(
    "e450_energy_dash_minus_growth", "openpyxl", "xlsx", "能源局",
    ["long", "prior", "growth", "growth-words", "dash-minus"],
    "能源局 1-6月, growths typed with a dash for their minus — —4.1 (an em dash from the input method) and 一2.1 (the character 一): a dash directly before the digits of a growth is a fall (3550.2 against 3701.0 is −4.1 %), while a lone — is no figure (电煤供应量's growth blank) — was: each dashed growth refused (value_not_number)",
    [Sheet("能源", [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "1-6月累计", "上年同期", "同比增长(%)"],
        ["煤炭产量", "万吨", 3550.2, 3701.0, "—4.1"],
        ["发电量", "亿千瓦时", 268.4, 274.2, "一2.1"],
        ["电煤供应量", "万吨", 1958.3, 1872.1, "—"],
    ])],
)
# fmt: on

# fmt: off
book(
    "e451_energy_period_in_name_bracket", "libreoffice", "xls", "能源局",
    ["long", "prior", "growth", "name-note", "period-in-name"],
    "能源局 1-6月 (legacy .xls), names stating a period in brackets: 煤炭产量（1-6月累计） and 电煤供应量（1-6月） repeat the table's period over figures that are its years to date — read; 发电量（1-5月） names another period than the table's 1-6月 — refused (unknown_indicator, saying the bracket's period differs from the table's) — was: all three refused as if the bracket narrowed what the row counts",
    [Sheet("能源", [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "1-6月累计", "上年同期", "同比增长(%)"],
        ["煤炭产量（1-6月累计）", "万吨", 3550.2, 3268.5, 8.6],
        ["电煤供应量（1-6月）", "万吨", 1958.3, 1872.1, 4.6],
        ["发电量（1-5月）", "亿千瓦时", 221.9, 213.2, 4.1],
    ])],
)
# fmt: on

# fmt: off
book(
    "e452_industry_number_word_repeats_the_unit", "csv", "csv", "工业和信息化局",
    ["long", "unit-column", "words-in-cells", "number-words", "gb18030"],
    "工信局 1-6月 (GB18030 csv), figures typed with the magnitude word their unit already has: 186.5亿 in a 亿元 row is 186.5 亿元 (the unit's own 亿 said again, never 186.5亿亿元); 1.5万 in a 亿元 row contradicts its unit (1.5万元 would be 0.00015 亿元): that row refused (unit_conflict, saying the magnitudes differ) — was: every 亿 figure refused as 186.5亿元 or 186.5亿亿元",
    [Sheet("e452", [
        ["毕节市2024年1-6月工业经济主要指标"],
        ["指标名称", "计量单位", "本月", "1-6月累计", "上年同期", "同比增长(%)"],
        ["优质烟酒产业产值", "亿元", "32.6亿", "186.5亿", "172.3亿", "8.2"],
        ["劳动密集型产业产值", "亿元", "1.5万", "60.4", "55.1", "9.6"],
    ])],
    encoding="gb18030",
)
# fmt: on

# fmt: off
book(
    "e453_energy_header_with_two_units", "xlsxwriter-libreoffice", "xlsx", "能源局",
    ["long", "growth", "unit-in-header", "two-units"],
    "能源局 6月, headers stating two units — 本月（万吨/万千瓦时） | 累计（万吨/万千瓦时） — over 煤炭产量, 电煤供应量 and 发电量: each row is in the unit of the two its indicator is measured in (万吨 for coal, 万千瓦时 for power: 2684000 万千瓦时 is 268.4 亿千瓦时); 新增新能源装机规模 (万千瓦, power) fits neither: refused (unit_mismatch naming both units) — was: no header found, the file refused",
    [Sheet("能源", [
        ["毕节市2024年6月能源生产情况"],
        ["指标名称", "本月（万吨/万千瓦时）", "累计（万吨/万千瓦时）", "同比增长(%)"],
        ["煤炭产量", 610.1, 3550.2, 8.6],
        ["电煤供应量", 330.5, 1958.3, 4.6],
        ["发电量", 462000, 2684000, 4.9],
        ["新增新能源装机规模", 30, 120, 20.0],
    ])],
)
# fmt: on

# fmt: off
book(
    "e454_tobacco_quantity_and_amount_columns", "libreoffice", "xls", "烟草专卖局",
    ["long", "lone-value", "unit-in-header", "quantity-amount"],
    "烟草专卖局 1-6月 (legacy .xls), value headers with no measure word — 收购数量（万担） | 收购金额（万元）: each the figure for the title's period (1-6月: the year to date); 烟叶收购量 is measured in 万担, so its figure is the 数量 column's (35.2 万担) and the 金额 column is another indicator's, not read (column_ignored) — never 52800 万元 as 万担 — was: no header found, the file refused",
    [Sheet("烟叶", [
        ["毕节市2024年1-6月烟叶收购情况"],
        ["指标名称", "收购数量（万担）", "收购金额（万元）"],
        ["烟叶收购", 35.2, 52800],
    ])],
)
# fmt: on

# fmt: off
book(
    "e455_energy_output_and_value_columns", "csv", "csv", "能源局",
    ["long", "lone-value", "unit-in-header", "quantity-amount", "gb18030"],
    "能源局 1-6月 (GB18030 csv), 项目 | 产量（万吨） | 产值（亿元）: 煤炭产量 and 电煤供应量 are measured in 万吨, so each row's figure is the 产量 column's (the year to date, from the title's 1-6月); the 产值 column is not read (column_ignored) — was: no header found, the file refused",
    [Sheet("e455", [
        ["毕节市2024年1-6月煤炭生产情况"],
        ["项目", "产量（万吨）", "产值（亿元）"],
        ["煤炭产量", "3550.2", "180.5"],
        ["电煤供应量", "1958.3", "90.1"],
    ])],
    encoding="gb18030",
)
# fmt: on

# fmt: off
book(
    "e456_tobacco_quantity_amount_each_with_growth", "openpyxl", "xlsx", "烟草专卖局",
    ["long", "lone-value", "unit-in-header", "quantity-amount", "growth"],
    "烟草专卖局 1-6月, 收购数量（万担） | 同比增长(%) | 收购金额（万元） | 同比增长(%): each growth is the figure's left of it; 烟叶收购量 (万担) reads the quantity and its growth (35.2, 3.1), the amount and the amount's growth are another indicator's (column_ignored on both) — was: no header found, the file refused",
    [Sheet("收购", [
        ["毕节市2024年1-6月烟叶收购情况"],
        ["指标名称", "收购数量（万担）", "同比增长(%)", "收购金额（万元）", "同比增长(%)"],
        ["烟叶收购", 35.2, 3.1, 52800, 5.2],
    ])],
)
# fmt: on

# fmt: off
book(
    "e430_energy_revised_ytd_beside_the_first", "libreoffice", "xlsx", "能源局",
    ["long", "revised-column", "silent-wrong"],
    "能源局 1-6月: the department corrected its year to date and kept the first figure beside it (1-6月累计 | 1-6月累计（调整后）): the revised figure is the department's current one — 3560.0, the unrevised column not read (column_ignored saying what replaced it) — was: the unrevised 3550.2 loaded and the revised column only column_ignored",
    [Sheet("能源", [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "本月", "1-6月累计", "1-6月累计（调整后）", "同比增长(%)"],
        ["煤炭产量", "万吨", 612.4, 3550.2, 3560.0, 8.9],
        ["电煤供应量", "万吨", 210.3, 1200.5, 1200.5, 3.3],
    ])],
)
# fmt: on

# fmt: off
book(
    "e431_energy_revised_row_in_a_transposed_table", "libreoffice", "xls", "能源局",
    ["wide-by-indicator", "transposed", "revised-column", "silent-wrong"],
    "能源局 1-6月 (legacy .xls), a transposed table (项目 down the rows, one column per indicator) with a row 1-6月累计（修订后） under 1-6月累计: the revised row is the year to date (3560.0 万吨, 270.1 亿千瓦时), the first row not read (column_ignored) — was: the revised row read as a duplicate of the first, the unrevised figures loaded",
    [Sheet("能源", [
        ["毕节市2024年1-6月能源生产情况"],
        ["项目", "煤炭产量（万吨）", "发电量（亿千瓦时）"],
        ["本月", 612.4, 46.2],
        ["1-6月累计", 3550.2, 268.4],
        ["1-6月累计（修订后）", 3560.0, 270.1],
    ])],
)
# fmt: on

# fmt: off
book(
    "e432_energy_section_row_narrows_the_row_under_it", "openpyxl", "xlsx", "能源局",
    ["long", "section-rows", "scope-qualifier", "silent-wrong"],
    "能源局 1-6月 with section rows: 一、煤炭 (a topic) over 煤炭产量, 二、火电 over 发电量 — the thermal plants' generation, not the city's: 煤炭产量 loads, 发电量 is refused (unknown_indicator naming the section) — was: 30.1 | 170.2 亿千瓦时 loaded as the city's total generation",
    [Sheet("能源", [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "本月", "1-6月累计"],
        ["一、煤炭"],
        ["煤炭产量", "万吨", 612.4, 3550.2],
        ["二、火电"],
        ["发电量", "亿千瓦时", 30.1, 170.2],
    ])],
)
# fmt: on

# fmt: off
book(
    "e433_energy_above_size_section_before_the_whole", "libreoffice", "xls", "能源局",
    ["long", "section-rows", "county-sections", "scope-qualifier", "silent-wrong"],
    "能源局 1-6月 (legacy .xls): a section row （一）规模以上 over 发电量 (the enterprises above size only: refused, unknown_indicator naming the section), then （二）全市 over 发电量 (the whole: read, 268.4 and 4.9) — was: both 发电量 rows refused as duplicates of each other (the city's own 268.4 lost)",
    [Sheet("能源", [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "1-6月累计", "同比增长(%)"],
        ["（一）规模以上"],
        ["发电量", "亿千瓦时", 170.2, 3.3],
        ["（二）全市"],
        ["发电量", "亿千瓦时", 268.4, 4.9],
    ])],
)
# fmt: on

# fmt: off
book(
    "e434_energy_footnote_states_a_rows_unit", "openpyxl", "xlsx", "能源局",
    ["long", "no-unit-column", "note-unit", "unit-conversion", "silent-wrong"],
    "能源局 1-6月 without a unit column, a footnote 注：发电量单位为万千瓦时。 under it: 发电量's 462000 | 2684000 are 万千瓦时, 46.2 | 268.4 亿千瓦时, as a 计量单位 cell saying so would make them; 煤炭产量, which the note does not name, stays in the catalog's 万吨 — was: the note ignored, 2684000 read as 亿千瓦时 (10 000 times too much: only the plausibility guard, guard_unit_scale, kept it out)",
    [Sheet("能源", [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "本月", "1-6月累计", "同比增长(%)"],
        ["发电量", 462000, 2684000, 4.9],
        ["煤炭产量", 612.4, 3550.2, 8.6],
        ["注：发电量单位为万千瓦时。"],
    ])],
)
# fmt: on

# fmt: off
book(
    "e435_energy_footnote_units_for_several_and_a_conflict", "libreoffice", "xls", "能源局",
    ["long", "unit-column", "note-unit", "unit-conversion", "unit-conflict", "silent-wrong"],
    "能源局 1-6月 (legacy .xls), a 计量单位 column left blank for two rows and a footnote 注：本表煤炭产量、电煤供应量单位为吨；发电量单位为万千瓦时。: the coal rows are in 吨 (6124000 吨 = 612.4 万吨), 发电量's own 亿千瓦时 contradicts the note — refused (unit_conflict naming both), never one of the two guessed — was: the note ignored, the tonnes read as 万吨 (kept out only by guard_unit_scale) and 发电量 loaded in the unit the note contradicts",
    [Sheet("能源", [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "本月", "1-6月累计"],
        ["煤炭产量", None, 6124000, 35502000],
        ["电煤供应量", None, 2103000, 12005000],
        ["发电量", "亿千瓦时", 46.2, 268.4],
        ["注：本表煤炭产量、电煤供应量单位为吨；发电量单位为万千瓦时。"],
    ])],
)
# fmt: on

# fmt: off
book(
    "e436_stats_cpi_unit_cell_says_last_year_is_100", "csv", "csv", "统计局",
    ["long", "unit-column", "growth-index", "price-index", "level-growth", "gb18030"],
    "统计局 1-6月 (GB18030 csv): 居民消费价格指数 | 上年同期=100 | 100.3 with its 同比增长 blank — the 计量单位 cell says the figure is an index with last year at 100: a rise of 0.3 % (the index kept as the level, as e210's), read as a 为上年同期% column's would be — was: refused, no growth (value_missing)",
    [Sheet("e436", [
        ["毕节市2024年1-6月主要经济指标"],
        ["指标名称", "计量单位", "1-6月累计", "同比增长(%)"],
        ["规模以上工业增加值", "亿元", "300.2", "7.5"],
        ["居民消费价格指数", "上年同期=100", "100.3", ""],
    ])],
    encoding="gb18030",
)
# fmt: on

# fmt: off
book(
    "e470_energy_output_and_value_columns_row_of_neither", "openpyxl", "xlsx", "能源局",
    ["long", "lone-value", "unit-in-header", "quantity-amount"],
    "能源局 1-6月, 指标名称 | 产量（万吨） | 产值（亿元） over one row, 发电量 (measured in 亿千瓦时: energy): neither column's unit is of its kind, so which figure is its cannot be told — refused (layout_ambiguous) — was: the reader crashed on the row of neither kind and the file was refused as damaged (file_unreadable)",
    [Sheet("能源", [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "产量（万吨）", "产值（亿元）"],
        ["发电量", 3550.2, 268.4],
    ])],
)
# fmt: on

# fmt: off
book(
    "e437_energy_two_year_to_date_columns_differ", "xlsxwriter", "xlsx", "能源局",
    ["long", "twin-columns", "silent-wrong"],
    "能源局 1-6月 with two year-to-date columns, 1-6月累计 | 累计, giving 3550.2 and 3560.0 for 煤炭产量 (a correction typed beside the first without saying so?): which is the department's figure cannot be told — the table is refused (layout_ambiguous naming both columns) — was: 3550.2 loaded and the 累计 column dropped without a word",
    [Sheet("能源", [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "1-6月累计", "累计"],
        ["煤炭产量", "万吨", 3550.2, 3560.0],
    ])],
)
# fmt: on

# fmt: off
book(
    "e601_energy_county_named_by_footer_filler", "xlsxwriter", "xlsx", "能源局",
    ["long", "title-county", "signature-footer", "silent-wrong"],
    "七星关区能源局 1-6月: neither the title (2024年1-6月能源生产情况表) nor the sheet names a county; the footer's 填报单位：七星关区能源局（盖章） does — the figures are 七星关区's, as they are when that line stands above the table (was: loaded as the whole city's)",
    [Sheet("能源", [
        ["2024年1-6月能源生产情况表"],
        ["指标名称", "计量单位", "本月", "1-6月累计"],
        ["煤炭产量", "万吨", 52.1, 312.6],
        ["发电量", "亿千瓦时", 3.4, 20.1],
        [],
        ["填报单位：七星关区能源局（盖章）", _, "填报人：张敏"],
        ["审核人：李强", _, "报送日期：2024年7月5日"],
    ])],
)
# fmt: on

# fmt: off
book(
    "e602_energy_sheet_without_period_beside_month_sheet", "xlsxwriter", "xlsx", "能源局",
    ["long", "sheet-per-period", "period-in-sheet-name", "no-period", "silent-wrong"],
    "能源局: sheet 5月 (titled 2024年5月煤炭生产情况) and sheet 电力 whose title (电力生产情况) and name state no period: a workbook by month, each sheet its own month's — the 电力 sheet's figures are refused (period_invalid), never read as May's (was: loaded at 2024-05, the other sheet's period)",
    [
        Sheet("5月", [
            ["2024年5月煤炭生产情况"],
            ["指标名称", "计量单位", "本月", "累计"],
            ["煤炭产量", "万吨", 612.4, 2888.3],
        ]),
        Sheet("电力", [
            ["电力生产情况"],
            ["指标名称", "计量单位", "本月", "累计"],
            ["发电量", "亿千瓦时", 31.2, 168.4],
        ]),
    ],
)
# fmt: on

# fmt: off
book(
    "e603_energy_form_row_codes_default_sheets_xls", "xlwt", "xls", "能源局",
    ["long", "form-metadata", "column-numbers", "form-row-codes", "signature-footer", "empty-sheets"],
    "能源局 2024年5月 on a 2003-era official form (legacy xls): 表号/制定机关 top right, the period alone in a cell (2024年  5  月), 指标名称 | 代码 | 计量单位 | 本月 | 1-本月 with row codes 01 … 04 and the 甲 乙 丙 1 2 row, Excel's empty Sheet2 and Sheet3 left in: the codes number the form's rows, the rows are read by their names (was: every row refused as an unknown indicator code 01, 02 …)",
    [
        Sheet("Sheet1", [
            [_, _, _, _, "表    号：毕能统1表"],
            [_, _, _, _, "制定机关：毕节市能源局"],
            ["毕节市能源生产月报"],
            ["填报单位：（盖章）", _, "2024年  5  月", _, "计量单位：见表"],
            ["指标名称", "代码", "计量单位", "本月", "1-本月"],
            ["甲", "乙", "丙", 1, 2],
            ["煤炭产量", "01", "万吨", 612.4, 2888.3],
            ["电煤供应量", "02", "万吨", 331.6, 1566.1],
            ["发电量", "03", "亿千瓦时", 29.5, 137.2],
            ["煤层气抽采量", "04", "万立方米", 480.6, 2207.2],
            ["单位负责人：", _, "统计负责人：", _, "填表人："],
            ["报出日期：2024年6月5日"],
        ], merges=["A3:E3"]),
        Sheet("Sheet2", []),
        Sheet("Sheet3", []),
    ],
)
# fmt: on

# fmt: off
book(
    "e604_energy_system_export_year_and_month_columns", "xlsxwriter", "xlsx", "能源局",
    ["long", "export", "period-column", "year-column", "county-column"],
    "能源局: a reporting system's export, one row per month and county, the year in a column of its own (年度 2024 | 月份 5, 6月, 05) and no title: each row's period is the two read together, 2024年5月 (was: every row refused, 统计期“5”无法识别, and 年度 left unread)",
    [Sheet("导出数据", [
        ["年度", "月份", "区县", "指标名称", "计量单位", "本月值", "累计值"],
        [2024, 5, "七星关区", "煤炭产量", "万吨", 57.1, 260.5],
        [2024, 5, "大方县", "煤炭产量", "万吨", 90.6, 412.7],
        [2024, "6月", "七星关区", "煤炭产量", "万吨", 52.1, 312.6],
        [2024, "06", "大方县", "煤炭产量", "万吨", 85.6, 498.3],
    ])],
)
# fmt: on

# ---------------------------------------------------------------------------------------------
# Session 19's adversarial audit: files that were loaded wrong

# fmt: off
book(
    "e650_energy_jan_feb_month_equals_ytd", "xlsxwriter", "xlsx", "能源局",
    ["long", "combined-1-2", "silent-wrong"],
    "能源局 1-2月 (Spring Festival): 本月 typed with the two months' figure, equal to 1-2月累计 on every row — not February's own (was: 1040.3 loaded as February's coal output)",
    [Sheet("2月", [
        ["毕节市2024年1-2月能源生产情况"],
        ["指标名称", "计量单位", "本月", "1-2月累计", "同比增长（%）"],
        ["煤炭产量", "万吨", 1040.3, 1040.3, 6.2],
        ["发电量", "亿千瓦时", 88.1, 88.1, 3.1],
    ])],
)
# fmt: on

# fmt: off
book(
    "e651_energy_month_rows_typed_as_numbers", "xlsxwriter", "xlsx", "能源局",
    ["period-column", "month-rows", "lone-value", "silent-wrong"],
    "能源局 1-6月: a row per month, 月份 typed as numbers 2024.01 … 2024.06 (shown 0.00), one 煤炭产量 column — each month's own output (was: each loaded as the month's year to date)",
    [Sheet("煤炭", [
        ["2024年1-6月煤炭产量（万吨）"],
        ["月份", "煤炭产量"],
        [F(2024.01, "num2"), 560.1],
        [F(2024.02, "num2"), 480.2],
        [F(2024.03, "num2"), 610.3],
        [F(2024.04, "num2"), 595.4],
        [F(2024.05, "num2"), 608.0],
        [F(2024.06, "num2"), 612.4],
    ])],
)
# fmt: on

# fmt: off
book(
    "e652_energy_title_up_to_a_day", "openpyxl", "xlsx", "能源局",
    ["long", "title-period", "partial-month", "silent-wrong"],
    "能源局: 截至2024年6月20日全市煤炭产量 — figures up to the 20th, part of June: refused (layout_ambiguous), never 1-6月 (was: 3420.5 loaded as June's year to date)",
    [Sheet("Sheet1", [
        ["截至2024年6月20日全市煤炭产量"],
        ["指标名称", "计量单位", "累计"],
        ["煤炭产量", "万吨", 3420.5],
    ])],
)
# fmt: on

# fmt: off
book(
    "e653_energy_last_year_whole_year_column", "libreoffice", "xls", "能源局",
    ["long", "prior-year", "ignored-column"],
    "能源局 6月: 本月 | 本年累计 | 上年全年 — last year's whole year is not 上年同期: that column is not read, the rest is (was: the table refused, title and column said to disagree)",
    [Sheet("能源", [
        ["毕节市2024年6月能源生产"],
        ["指标名称", "计量单位", "本月", "本年累计", "上年全年"],
        ["煤炭产量", "万吨", 612.4, 3550.2, 6890.2],
        ["发电量", "亿千瓦时", 41.2, 268.4, 532.6],
    ])],
)
# fmt: on

# fmt: off
book(
    "e605_energy_side_by_side_titles_headers_on_different_rows", "libreoffice", "xlsx", "能源局",
    ["side-by-side", "own-titles", "unit-line", "county-rows", "rejected", "silent-wrong"],
    "能源局 1-6月: two county tables side by side, titled 2024年1-6月各县煤炭产量 (A1) and …各县电煤供应量 (E1), both 单位：万吨, the right one's header a row lower (so they are not split): which indicator the figures are cannot be told, the table is refused naming both titles (layout_ambiguous) — was: the coal figures loaded as 电煤供应量 (the joined title line left only that word un-narrowed) and the right table's dropped",
    [Sheet("表", [
        ["2024年1-6月各县煤炭产量", _, _, _, "2024年1-6月各县电煤供应量"],
        ["单位：万吨", _, _, _, "单位：万吨"],
        ["县（市、区）", "本月", "累计"],
        ["七星关区", 52.1, 312.6, _, "县（市、区）", "累计"],
        ["大方县", 85.6, 498.3, _, "七星关区", 150.2],
        ["黔西市", 70.2, 402.7, _, "大方县", 260.4],
        ["金沙县", 78.4, 456.1, _, "黔西市", 210.3],
    ], merges=["A1:C1", "E1:F1"])],
)
# fmt: on

# fmt: off
book(
    "e606_energy_sections_of_other_figures", "openpyxl", "xlsx", "能源局",
    ["long", "section-rows", "prior", "plan", "estimate", "silent-wrong"],
    "能源局 1-6月: one 本月 | 累计 header over section rows 一、实际完成, 二、上年同期, 三、目标任务, 四、7月预计, each over one indicator: only the first section's rows are this period's figures; the others are refused naming their section (layout_ambiguous) — was: last year's 发电量, the 电煤供应量 target and the July estimate of 煤层气 all loaded as June's actual figures",
    [Sheet("能源", [
        ["2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "本月", "累计"],
        ["一、实际完成", _, _, _],
        ["煤炭产量", "万吨", 620.1, 3508.4],
        ["二、上年同期", _, _, _],
        ["发电量", "亿千瓦时", 28.0, 160.2],
        ["三、目标任务", _, _, _],
        ["电煤供应量", "万吨", _, 3600.0],
        ["四、7月预计", _, _, _],
        ["煤层气抽采量", "万立方米", 500.0, 3200.0],
    ])],
)
# fmt: on

# fmt: off
book(
    "e607_energy_target_and_last_year_tables", "xlsxwriter", "xlsx", "能源局",
    ["long", "stacked", "sheet-per-group", "plan", "prior", "ignored-column", "silent-wrong"],
    "能源局 1-6月: sheet 完成情况 (煤炭产量) with a second table under it titled 上年同期能源生产情况 (发电量), and sheet 目标任务 titled 2024年1-6月能源生产目标 (电煤供应量): only the completed figures load; last year's and the targets are not read (column_ignored saying so) — was: both loaded as June's actual figures",
    [
        Sheet("完成情况", [
            ["2024年1-6月能源生产完成情况"],
            ["指标名称", "计量单位", "本月", "累计"],
            ["煤炭产量", "万吨", 620.1, 3508.4],
            [],
            ["上年同期能源生产情况"],
            ["指标名称", "计量单位", "累计"],
            ["发电量", "亿千瓦时", 160.2],
        ]),
        Sheet("目标任务", [
            ["2024年1-6月能源生产目标"],
            ["指标名称", "计量单位", "累计"],
            ["电煤供应量", "万吨", 1900.0],
        ]),
    ],
)
# fmt: on

# fmt: off
book(
    "e608_energy_county_sheet_under_another_countys_title", "openpyxl", "xlsx", "能源局",
    ["long", "sheet-per-county", "title-county", "silent-wrong"],
    "能源局 1-6月: sheets 七星关区 and 大方县, the second under the first's title (七星关区2024年1-6月能源生产情况, copied and not changed): whose figures 大方县's sheet holds cannot be told, it is refused naming both (layout_ambiguous) — was: loaded as 七星关区's (alone in its file), or both sheets refused as duplicates",
    [
        Sheet("七星关区", [
            ["七星关区2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-6月累计"],
            ["煤炭产量", "万吨", 52.1, 312.6],
            ["发电量", "亿千瓦时", 3.4, 20.1],
        ]),
        Sheet("大方县", [
            ["七星关区2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "本月", "1-6月累计"],
            ["煤炭产量", "万吨", 85.6, 498.3],
            ["发电量", "亿千瓦时", 10.0, 60.3],
        ]),
    ],
)
# fmt: on

# fmt: off
book(
    "e609_大方县能源局2024年6月报表", "xlsxwriter", "xlsx", "能源局",
    ["long", "file-name-county", "silent-wrong"],
    "大方县能源局's June report, sent on through the city's 能源局: neither title (2024年1-6月能源生产情况), sheet (Sheet1) nor a 填报单位 line names the county; the file's name does — the figures are 大方县's, as a file name gives a period no title gives (was: loaded as the whole city's)",
    [Sheet("Sheet1", [
        ["2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "本月", "1-6月累计"],
        ["煤炭产量", "万吨", 85.6, 498.3],
        ["发电量", "亿千瓦时", 10.0, 60.3],
    ])],
)
# fmt: on

# fmt: off
book(
    "e671_energy_month_title_lone_value", "xlsxwriter", "xlsx", "能源局",
    ["long", "lone-value", "title-period", "silent-wrong"],
    "能源局 report titled 毕节市2024年6月能源生产情况 over 指标名称 | 计量单位 | 数值 (煤炭产量 612.4, 发电量 30.1): a month alone dates the report but does not say whether its figures are June's own or 1-6月's, so each cumulative row is refused (layout_ambiguous on its figure, saying to write 本月 or 1-6月累计) — was: both loaded as the year to date",
    [Sheet("能源", [
        ["毕节市2024年6月能源生产情况"],
        ["指标名称", "计量单位", "数值"],
        ["煤炭产量", "万吨", 612.4],
        ["发电量", "亿千瓦时", 30.1],
    ])],
)
# fmt: on

# fmt: off
book(
    "e672_tobacco_named_growths_out_of_order", "xlsxwriter", "xlsx", "烟草专卖局",
    ["long", "lone-value", "unit-in-header", "quantity-amount", "growth", "silent-wrong"],
    "烟草专卖局 1-6月, 收购金额（万元） | 收购数量（万担） | 金额同比增长(%) | 数量同比增长(%): each growth names its figure, so 烟叶收购量 reads 35.2 万担 with the quantity's growth 3.1 wherever it stands; the amount and the amount's growth are another indicator's (column_ignored on both) — was: 金额同比增长 5.2 (right of the quantity) loaded as the quantity's growth",
    [Sheet("收购", [
        ["毕节市2024年1-6月烟叶收购情况"],
        ["指标名称", "收购金额（万元）", "收购数量（万担）", "金额同比增长(%)", "数量同比增长(%)"],
        ["烟叶收购", 52800, 35.2, 5.2, 3.1],
    ])],
)
# fmt: on

# fmt: off
book(
    "e610_energy_title_notes_and_sheet_names_of_other_figures", "xlsxwriter", "xlsx", "能源局",
    ["long", "title-note", "sheet-per-group", "plan", "prior", "ignored-column", "silent-wrong"],
    "能源局 1-6月: sheet 能源 (the figures), sheet 表2 titled 2024年1-6月能源生产情况（上年同期）, sheet 表3 titled …能源生产计划表, sheet 2023年同期: the note in brackets, the 计划表 and the sheet's name say last year's or the plan — not read (column_ignored) — was: all loaded as June's actual figures",
    [
        Sheet("能源", [
            ["2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "本月", "累计"],
            ["煤炭产量", "万吨", 620.1, 3508.4],
        ]),
        Sheet("表2", [
            ["2024年1-6月能源生产情况（上年同期）"],
            ["指标名称", "计量单位", "累计"],
            ["发电量", "亿千瓦时", 160.2],
        ]),
        Sheet("表3", [
            ["2024年1-6月能源生产计划表"],
            ["指标名称", "计量单位", "累计"],
            ["电煤供应量", "万吨", 1900.0],
        ]),
        Sheet("2023年同期", [
            ["2024年1-6月能源生产情况"],
            ["指标名称", "计量单位", "累计"],
            ["煤层气抽采量", "万立方米", 2650.0],
        ]),
    ],
)
# fmt: on

# fmt: off
book(
    "e673_energy_export_bare_benqi_beside_leiji", "openpyxl", "xlsx", "能源局",
    ["long", "export", "lone-value", "county-column", "ignored-column", "silent-loss"],
    "能源局 system export 统计年月 | 区县名称 | 指标 | 本期 | 累计 (202406): 煤炭产量 is read from 累计; each 本期 figure, which is not the 累计, gets a column_ignored note on its cell — was: dropped without a word",
    [Sheet("Sheet1", [
        ["统计年月", "区县名称", "指标", "本期", "累计"],
        ["202406", "七星关区", "煤炭产量（万吨）", 105.5, 530.2],
        ["202406", "大方县", "煤炭产量（万吨）", 85.1, 440.4],
    ])],
)
# fmt: on

# ---------------------------------------------------------------------------------------------
# audit22: shapes found reading files nobody wrote a rule for

# fmt: off
book(
    "e700_energy_export_without_cell_refs", "xlsxwriter-norefs", "xlsx", "能源局",
    ["wide-month", "percent-format", "export", "no-cell-refs"],
    "能源局 1-6月 exported by a report system that writes no r=C5 cell or row references (valid OOXML): the growths are fractions shown 10.0% / 5.0%, read as with references (10.0, not 0.1) — was: formats were placed by reference only, so 0.1 loaded as a growth of 0.1 %",
    [Sheet("Sheet1", [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", *[f"{m}月" for m in range(1, 7)], "1-6月累计", "同比增长"],
        ["煤炭产量", "万吨", *_COAL_MONTHS, 3550.2, pct(0.1)],
        ["发电量", "亿千瓦时", 44.1, 41.3, 45.6, 46.0, 49.0, 42.4, 268.4, pct(0.05)],
    ], merges=["A1:J1"])],
)
# fmt: on

# fmt: off
book(
    "e701_energy_sheets_kept_outside_worksheets", "xlsxwriter-moved", "xlsx", "能源局",
    ["percent-format", "export", "odd-parts", "rejected"],
    "能源局 1-6月 whose worksheet part is xl/sheets/sheet1.xml (the rels say so: valid OOXML, no office program does it): refused, file_unreadable naming the part — was: the number formats are taken from xl/worksheets/ only, so 0.1 shown 10.0% loaded as a growth of 0.1 %",
    [Sheet("Sheet1", [
        ["毕节市2024年1-6月能源生产情况"],
        ["指标名称", "计量单位", "1-6月累计", "同比增长"],
        ["煤炭产量", "万吨", 3550.2, pct(0.1)],
        ["发电量", "亿千瓦时", 268.4, pct(0.05)],
    ], merges=["A1:D1"])],
)
# fmt: on

# fmt: off
book(
    "e702_energy_counties_in_full_place_names_bi_zeng", "openpyxl", "xlsx", "能源局",
    ["county-rows", "export", "growth-words", "county-spellings"],
    "能源局 县区 table of a system export naming counties in full (贵州省毕节市七星关区, 毕节市大方县, 毕节金沙县), 百里杜鹃风景名胜区, the city as 毕节市, and 比增% for the growth: every county's 1-6月 and growth load — was: county_unknown for the prefixed and scenic-area names, and the 比增% column ignored",
    [Sheet("原煤产量", [
        ["毕节市2024年1-6月原煤产量"],
        ["县区", "累计（万吨）", "比增%"],
        ["贵州省毕节市七星关区", 530.2, 5.1],
        ["毕节市大方县", 440.4, 4.0],
        ["毕节金沙县", 610.5, 6.2],
        ["百里杜鹃风景名胜区", 12.3, -1.5],
        ["毕节市", 3550.2, 4.2],
    ], merges=["A1:C1"])],
)
# fmt: on
