-- v_observation_current: the department's latest word for every (indicator, period, county).
CREATE OR REPLACE VIEW v_observation_current AS
WITH confirmations AS (
    SELECT observation_id,
           count(*)                              AS confirmations,
           max(confirmed_at)                     AS last_confirmed_at,
           arg_max(source_file, confirmed_at)    AS last_confirmed_file
    FROM observation_confirmations
    GROUP BY observation_id
), versions AS (
    SELECT indicator_code, period, county, count(*) AS versions
    FROM observations
    GROUP BY indicator_code, period, county
)
SELECT
    o.indicator_code,
    t.name_zh                                   AS indicator_name_zh,
    coalesce(t.department, f.department)        AS department,
    d.name_zh                                   AS department_name_zh,
    o.period,
    year(o.period)::INTEGER                     AS year,
    month(o.period)::INTEGER                    AS month,
    o.county,
    o.county = '全市'                            AS is_city,
    o.value,
    o.value_month,
    o.value_ytd,
    o.value_ytd_prior,
    o.growth_pct,
    o.unit,
    o.unit_reported,
    o.unit_factor,
    o.note,
    o.source_file,
    o.sheet,
    o.row_number,
    o.cell,
    o.cells,
    o.reading,
    o.guard,
    o.loaded_at,
    coalesce(c.confirmations, 0)                AS confirmations,
    c.last_confirmed_at,
    c.last_confirmed_file,
    v.versions,
    o.observation_id,
    o.submission_id
FROM observations AS o
LEFT JOIN submitted_files AS f ON f.submission_id = o.submission_id
LEFT JOIN v_catalog_targets AS t
       ON t.code = o.indicator_code AND year(o.period) BETWEEN t.span_from AND t.span_to
LEFT JOIN catalog_departments AS d ON d.code = coalesce(t.department, f.department)
LEFT JOIN confirmations AS c ON c.observation_id = o.observation_id
LEFT JOIN versions AS v ON v.indicator_code = o.indicator_code AND v.period = o.period AND v.county = o.county
WHERE o.superseded_at IS NULL;

COMMENT ON VIEW v_observation_current IS '现行数据：每个指标、每月、每个区县的最新报送值（一行一个最新版本） / current value of every (indicator, period, county)';
COMMENT ON COLUMN v_observation_current.indicator_code IS '指标代码（目录 schemas/targets_2024.yaml） / indicator code';
COMMENT ON COLUMN v_observation_current.indicator_name_zh IS '指标名称 / indicator name (Chinese)';
COMMENT ON COLUMN v_observation_current.department IS '责任部门代码 / responsible department code';
COMMENT ON COLUMN v_observation_current.department_name_zh IS '责任部门名称 / department name (Chinese)';
COMMENT ON COLUMN v_observation_current.period IS '统计期（当月第一天，如 2024-03-01 表示 2024年3月 / 1-3月累计） / period, first day of the month';
COMMENT ON COLUMN v_observation_current.year IS '统计年份 / year of the period';
COMMENT ON COLUMN v_observation_current.month IS '统计月份 1-12 / month of the period';
COMMENT ON COLUMN v_observation_current.county IS '区县（规范名称；全市 表示全市合计） / county, 全市 = whole city';
COMMENT ON COLUMN v_observation_current.is_city IS '是否全市合计 / true for the whole-city row';
COMMENT ON COLUMN v_observation_current.value IS '考核口径值：增速类为累计增速(%)，总量类为1-本月累计，其他为本期值（目录计量单位） / the measure the target kind tracks, in the catalog unit';
COMMENT ON COLUMN v_observation_current.value_month IS '本月值（目录计量单位；增速类指标为总量，单位见 unit_reported） / value of the month (for a growth target: the level, in unit_reported)';
COMMENT ON COLUMN v_observation_current.value_ytd IS '1-本月累计（目录计量单位；增速类指标为总量，单位见 unit_reported） / year-to-date value (for a growth target: the level, in unit_reported)';
COMMENT ON COLUMN v_observation_current.value_ytd_prior IS '上年同期累计（目录计量单位；增速类指标为总量，单位见 unit_reported） / year-to-date value a year earlier (for a growth target: the level, in unit_reported)';
COMMENT ON COLUMN v_observation_current.growth_pct IS '累计同比增长(%) / year-to-date growth, percent';
COMMENT ON COLUMN v_observation_current.unit IS '目录计量单位 / catalog unit';
COMMENT ON COLUMN v_observation_current.unit_reported IS '部门填报的计量单位 / unit as the department wrote it';
COMMENT ON COLUMN v_observation_current.unit_factor IS '换算系数：填报值 × 系数 = 目录单位值 / reported × factor = catalog-unit value';
COMMENT ON COLUMN v_observation_current.note IS '备注 / note written by the department';
COMMENT ON COLUMN v_observation_current.source_file IS '来源文件（收件箱内相对路径） / file this version came from';
COMMENT ON COLUMN v_observation_current.sheet IS '来源工作表 / sheet';
COMMENT ON COLUMN v_observation_current.row_number IS '来源行号（Excel 行号，从1开始） / Excel row number';
COMMENT ON COLUMN v_observation_current.cell IS '考核口径值所在单元格，如 G12 / cell that gave value';
COMMENT ON COLUMN v_observation_current.cells IS '各字段所在单元格（JSON：字段 → 单元格） / JSON field → cell address';
COMMENT ON COLUMN v_observation_current.reading IS '读取方式（JSON：字段 → 单元格、原文、数字格式如0.0%、增长/下降等文字、单位及换算系数）；全部为普通数字时为空 / how values that were more than a plain number were read';
COMMENT ON COLUMN v_observation_current.guard IS '合理性核查结论：passed 为通过，否则为保留入库的提示代码（如 guard_ytd_jump） / plausibility guard verdict';
COMMENT ON COLUMN v_observation_current.loaded_at IS '本版本入库时间（北京时间） / when this version was loaded (Beijing time)';
COMMENT ON COLUMN v_observation_current.confirmations IS '此后又有多少个文件报送了相同数值 / later files that repeated the same value';
COMMENT ON COLUMN v_observation_current.last_confirmed_at IS '最近一次相同数值再次报送的时间 / when a later file last repeated this value';
COMMENT ON COLUMN v_observation_current.last_confirmed_file IS '最近一次再次报送相同数值的文件 / file that last repeated this value';
COMMENT ON COLUMN v_observation_current.versions IS '该指标/月份/区县共有多少个版本（含已替代） / number of versions, superseded included';
COMMENT ON COLUMN v_observation_current.observation_id IS '观测值编号 / observation id';
COMMENT ON COLUMN v_observation_current.submission_id IS '来源文件编号（见 v_submission_log） / submission id, see v_submission_log';
