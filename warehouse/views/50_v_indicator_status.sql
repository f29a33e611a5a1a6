-- v_indicator_status: every catalog target's pace assessment as of the warehouse's current
-- as-of date (owned by pace.py). The current as-of date, current_as_of(), is the latest date
-- anything was assessed at (so a backfill of earlier months run later does not hide the current
-- status), else the latest run's, else today; v_missing_submissions uses the same one, so every
-- view is judged on the same day. Among assessments of that date the most recently stored one
-- wins. A what-if (`bijie-etl assess --as-of D` without --save) stores nothing. Targets no longer
-- in the catalog snapshot drop out. Years side by side: one row per (year, target); a year no longer
-- assessed (2024 after its closing in January and February) shows its last assessment on or before
-- the current as-of date. Re-created by Warehouse.migrate().

CREATE OR REPLACE MACRO current_as_of() AS (
    SELECT coalesce(
        (SELECT max(as_of) FROM assessments),
        (SELECT max_by(as_of, run_id) FROM runs),
        current_date)
);

CREATE OR REPLACE VIEW v_indicator_status AS
WITH latest AS (
    SELECT *
    FROM assessments
    WHERE as_of <= current_as_of()
    QUALIFY row_number() OVER (PARTITION BY year, code ORDER BY as_of DESC, assessment_id DESC) = 1
)
SELECT
    a.year,
    t.code,
    t.name_zh,
    t.department,
    d.name_zh           AS department_zh,
    t.unit,
    t.target,
    t.stretch,
    a.period,
    a.actual,
    a.expected,
    a.pace_ratio,
    a.gap_pp,
    a.projected_year_end,
    a.required_monthly,
    a.stretch_ratio,
    a.method,
    a.status,
    a.status_zh,
    a.pace_status,
    a.as_of,
    a.due_period,
    a.note_zh,
    a.run_id,
    a.assessed_at
FROM latest AS a
JOIN catalog_targets AS t ON t.code = a.code AND t.year = a.year
LEFT JOIN catalog_departments AS d ON d.code = t.department;

COMMENT ON VIEW v_indicator_status IS '每项目标的最新进度评估（每年每个目标一行）。Latest pace assessment per catalog year and target.';
COMMENT ON COLUMN v_indicator_status.year IS '目标年度（各年并存：按年筛选，如 WHERE year = 2024） / catalog year of the target';
COMMENT ON COLUMN v_indicator_status.code IS '指标代码 (catalog code, ASCII snake_case)';
COMMENT ON COLUMN v_indicator_status.name_zh IS '指标名称';
COMMENT ON COLUMN v_indicator_status.department IS '责任部门代码 (department code)';
COMMENT ON COLUMN v_indicator_status.department_zh IS '责任部门名称';
COMMENT ON COLUMN v_indicator_status.unit IS '计量单位 (catalog unit; target, actual and expected are in it)';
COMMENT ON COLUMN v_indicator_status.target IS '该年度目标值 (NULL: no numeric target)';
COMMENT ON COLUMN v_indicator_status.stretch IS '力争值 (stretch target), if any';
COMMENT ON COLUMN v_indicator_status.period IS '评估所用数据的统计期（月初日期）; NULL if never observed';
COMMENT ON COLUMN v_indicator_status.actual IS '实际值: year-to-date total, growth % or level, per the target kind';
COMMENT ON COLUMN v_indicator_status.expected IS '按进度应达值 (what the pace rule expects by that month)';
COMMENT ON COLUMN v_indicator_status.pace_ratio IS '进度比 = actual / expected (expected / actual when lower is better); on track from 0.95';
COMMENT ON COLUMN v_indicator_status.gap_pp IS '差距（百分点）for % targets = actual - expected (mirrored when lower is better); on track from -0.5';
COMMENT ON COLUMN v_indicator_status.projected_year_end IS '预计全年 = actual / P(m), cumulative targets only';
COMMENT ON COLUMN v_indicator_status.required_monthly IS '剩余月份月均需完成 = (target - actual) / (12 - m), cumulative targets before December; negative when already passed';
COMMENT ON COLUMN v_indicator_status.stretch_ratio IS '相对力争值的进度比 (actual against the stretch value); the status follows the base target';
COMMENT ON COLUMN v_indicator_status.method IS '评估方法: baseline_prior | last_year | profile | linear (P(m) of cumulative targets), growth | growth_from_levels | threshold | trajectory | annual';
COMMENT ON COLUMN v_indicator_status.status IS '状态代码: on_track | at_risk | off_track | late | no_data | not_assessed';
COMMENT ON COLUMN v_indicator_status.status_zh IS '状态: 正常 | 预警 | 滞后 | 迟报 | 无数据 | 暂不评估';
COMMENT ON COLUMN v_indicator_status.pace_status IS '仅按进度数字判断的状态（迟报时仍显示旧数据的进度）: on_track | at_risk | off_track; NULL if not judged';
COMMENT ON COLUMN v_indicator_status.as_of IS '评估基准日 (as-of date)';
COMMENT ON COLUMN v_indicator_status.due_period IS '截至评估日应报送的最新统计期 (latest period due on as_of)';
COMMENT ON COLUMN v_indicator_status.note_zh IS '说明（如迟报、暂不评估的原因）';
COMMENT ON COLUMN v_indicator_status.run_id IS '产生该评估的运行编号 (runs.run_id)';
COMMENT ON COLUMN v_indicator_status.assessed_at IS '评估时间（北京时间）';
