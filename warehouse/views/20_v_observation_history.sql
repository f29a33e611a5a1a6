-- v_observation_history: every version of every value, oldest first, with what replaced it.
CREATE OR REPLACE VIEW v_observation_history AS
SELECT
    o.indicator_code,
    t.name_zh                                   AS indicator_name_zh,
    o.period,
    o.county,
    row_number() OVER w                         AS version,
    o.superseded_at IS NULL                     AS is_current,
    CASE WHEN o.superseded_at IS NULL THEN '现行' ELSE '已被替代' END AS status_zh,
    o.value,
    lag(o.value) OVER w                         AS previous_value,
    o.value_month,
    o.value_ytd,
    o.value_ytd_prior,
    o.growth_pct,
    o.unit,
    o.unit_reported,
    o.unit_factor,
    o.source_file,
    o.sheet,
    o.row_number,
    o.cell,
    o.loaded_at,
    o.superseded_at,
    o.superseded_by,
    n.source_file                               AS superseded_by_file,
    n.value                                     AS superseded_by_value,
    o.observation_id,
    o.submission_id,
    year(o.period)::INTEGER                     AS year
FROM observations AS o
LEFT JOIN observations AS n ON n.observation_id = o.superseded_by
LEFT JOIN v_catalog_targets AS t
       ON t.code = o.indicator_code AND year(o.period) BETWEEN t.span_from AND t.span_to
WINDOW w AS (PARTITION BY o.indicator_code, o.period, o.county ORDER BY o.submission_id, o.observation_id);

COMMENT ON VIEW v_observation_history IS '历史版本：每个指标/月份/区县的所有报送版本（含已被更正替代的旧值） / every version of every value, with lineage';
COMMENT ON COLUMN v_observation_history.indicator_code IS '指标代码 / indicator code';
COMMENT ON COLUMN v_observation_history.indicator_name_zh IS '指标名称 / indicator name (Chinese)';
COMMENT ON COLUMN v_observation_history.period IS '统计期（当月第一天） / period, first day of the month';
COMMENT ON COLUMN v_observation_history.county IS '区县（全市 表示全市合计） / county, 全市 = whole city';
COMMENT ON COLUMN v_observation_history.version IS '版本序号，1 为首次报送 / version number, 1 = first submitted';
COMMENT ON COLUMN v_observation_history.is_current IS '是否现行版本 / true for the current version';
COMMENT ON COLUMN v_observation_history.status_zh IS '版本状态：现行 / 已被替代 / version status in Chinese';
COMMENT ON COLUMN v_observation_history.value IS '考核口径值（目录计量单位） / the measure the target kind tracks';
COMMENT ON COLUMN v_observation_history.previous_value IS '上一版本的考核口径值 / value of the previous version';
COMMENT ON COLUMN v_observation_history.value_month IS '本月值 / value of the month';
COMMENT ON COLUMN v_observation_history.value_ytd IS '1-本月累计 / year-to-date value';
COMMENT ON COLUMN v_observation_history.value_ytd_prior IS '上年同期累计 / year-to-date value a year earlier';
COMMENT ON COLUMN v_observation_history.growth_pct IS '累计同比增长(%) / year-to-date growth, percent';
COMMENT ON COLUMN v_observation_history.unit IS '目录计量单位 / catalog unit';
COMMENT ON COLUMN v_observation_history.unit_reported IS '部门填报的计量单位 / unit as reported';
COMMENT ON COLUMN v_observation_history.unit_factor IS '换算系数 / conversion factor applied';
COMMENT ON COLUMN v_observation_history.source_file IS '本版本的来源文件 / file this version came from';
COMMENT ON COLUMN v_observation_history.sheet IS '来源工作表 / sheet';
COMMENT ON COLUMN v_observation_history.row_number IS '来源行号 / Excel row number';
COMMENT ON COLUMN v_observation_history.cell IS '来源单元格 / cell that gave value';
COMMENT ON COLUMN v_observation_history.loaded_at IS '本版本入库时间（北京时间） / when this version was loaded';
COMMENT ON COLUMN v_observation_history.superseded_at IS '被替代时间；现行版本为空 / when a later file replaced it (NULL if current)';
COMMENT ON COLUMN v_observation_history.superseded_by IS '替代它的新版本观测值编号 / observation_id of the replacing version';
COMMENT ON COLUMN v_observation_history.superseded_by_file IS '替代它的文件 / file that replaced it';
COMMENT ON COLUMN v_observation_history.superseded_by_value IS '替代后的新值 / value of the replacing version';
COMMENT ON COLUMN v_observation_history.observation_id IS '观测值编号 / observation id';
COMMENT ON COLUMN v_observation_history.submission_id IS '来源文件编号 / submission id';
COMMENT ON COLUMN v_observation_history.year IS '统计年份 / year of the period';
