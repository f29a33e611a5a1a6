-- v_catalog_targets: the target catalog of every year (years side by side, issue #17), with the
-- span of statistical years each row names observations for: a period of a catalogued year takes
-- that year's entry, a period of a year without a catalog the closest earlier year's (the first
-- year's for earlier periods). A code means the same indicator in every year.
CREATE OR REPLACE VIEW v_catalog_targets AS
SELECT
    t.year,
    t.code,
    t.name_zh,
    t.name_en,
    t.aliases,
    t.section,
    t.clause,
    t.department,
    t.unit,
    t.target,
    t.stretch,
    t.comparator,
    t.direction,
    t.kind,
    t.pace,
    t.frequency,
    t.value_field,
    t.baseline,
    t.baseline_source,
    t.profile,
    t.thresholds,
    t.notes,
    t.synced_at,
    CASE WHEN lag(t.year) OVER w IS NULL THEN 0 ELSE t.year END                    AS span_from,
    coalesce(lead(t.year) OVER w - 1, 9999)                                         AS span_to,
    lead(t.year) OVER w IS NULL                                                     AS is_latest
FROM catalog_targets AS t
WINDOW w AS (PARTITION BY t.code ORDER BY t.year);

COMMENT ON VIEW v_catalog_targets IS '各年度目标目录（每年每个指标一行） / the target catalog of every year, one row per year and code';
COMMENT ON COLUMN v_catalog_targets.year IS '目录年度 / catalog year';
COMMENT ON COLUMN v_catalog_targets.code IS '指标代码（跨年同一指标） / code, the same indicator in every year';
COMMENT ON COLUMN v_catalog_targets.name_zh IS '指标名称 / name (Chinese)';
COMMENT ON COLUMN v_catalog_targets.name_en IS '英文名称 / name (English)';
COMMENT ON COLUMN v_catalog_targets.aliases IS '别名 / other names departments use';
COMMENT ON COLUMN v_catalog_targets.section IS '报告章节 / section of the report';
COMMENT ON COLUMN v_catalog_targets.clause IS '报告原文 / the clause of the report, verbatim';
COMMENT ON COLUMN v_catalog_targets.department IS '责任部门代码 / department code';
COMMENT ON COLUMN v_catalog_targets.unit IS '计量单位 / unit';
COMMENT ON COLUMN v_catalog_targets.target IS '目标值（NULL：无数值目标） / target value';
COMMENT ON COLUMN v_catalog_targets.stretch IS '力争值 / stretch value';
COMMENT ON COLUMN v_catalog_targets.comparator IS '比较方式：approx 左右 / at_least 以上 / at_most 以内 / exactly';
COMMENT ON COLUMN v_catalog_targets.direction IS '方向：higher_is_better / lower_is_better';
COMMENT ON COLUMN v_catalog_targets.kind IS '类型：growth_rate / cumulative / count / share / level';
COMMENT ON COLUMN v_catalog_targets.pace IS '进度评估方法 / pace method';
COMMENT ON COLUMN v_catalog_targets.frequency IS '报送频率：monthly / quarterly / annual';
COMMENT ON COLUMN v_catalog_targets.value_field IS '评估所用字段：value_ytd / growth_pct / value';
COMMENT ON COLUMN v_catalog_targets.baseline IS '基数（上年实绩） / baseline: the previous year''s actual';
COMMENT ON COLUMN v_catalog_targets.baseline_source IS '基数来源（报告原文或数据仓库上年12月数据及其文件、单元格） / where the baseline came from';
COMMENT ON COLUMN v_catalog_targets.profile IS '季节进度 P(1..12)（目录给出或由上年逐月累计算出） / seasonal profile';
COMMENT ON COLUMN v_catalog_targets.thresholds IS '该指标的阈值覆盖 / per-target thresholds (JSON)';
COMMENT ON COLUMN v_catalog_targets.notes IS '备注 / notes';
COMMENT ON COLUMN v_catalog_targets.synced_at IS '同步时间（北京时间） / when the catalog was synced';
COMMENT ON COLUMN v_catalog_targets.span_from IS '本行适用的统计年份起（0：更早各年） / first statistical year this row names';
COMMENT ON COLUMN v_catalog_targets.span_to IS '本行适用的统计年份止（9999：以后各年） / last statistical year this row names';
COMMENT ON COLUMN v_catalog_targets.is_latest IS '是否该代码最新年度的目录行 / the latest year''s row of this code';
