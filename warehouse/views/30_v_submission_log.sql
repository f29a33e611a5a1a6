-- v_submission_log: every file recorded, newest first, with what loading it did.
CREATE OR REPLACE VIEW v_submission_log AS
WITH periods AS (
    SELECT submission_id, min(period) AS first_period, max(period) AS last_period
    FROM (
        SELECT submission_id, period FROM observations
        UNION ALL
        SELECT c.submission_id, o.period
        FROM observation_confirmations AS c JOIN observations AS o ON o.observation_id = c.observation_id
    )
    GROUP BY submission_id
)
SELECT
    f.submission_id,
    f.run_id,
    f.department,
    d.name_zh                                   AS department_name_zh,
    f.file_name,
    f.path,
    a.archived_path,
    f.sha256,
    f.size_bytes,
    f.received_at,
    f.loaded_at,
    f.status,
    CASE f.status WHEN 'loaded' THEN '已入库' WHEN 'partial' THEN '部分入库' WHEN 'rejected' THEN '已退回' END AS status_zh,
    p.first_period,
    p.last_period,
    f.rows_read,
    f.rows_loaded,
    f.rows_rejected,
    f.warnings,
    f.rows_new,
    f.rows_changed,
    f.rows_unchanged,
    f.error,
    year(coalesce(p.first_period, f.received_at))::INTEGER AS year
FROM submitted_files AS f
LEFT JOIN catalog_departments AS d ON d.code = f.department
LEFT JOIN periods AS p ON p.submission_id = f.submission_id
LEFT JOIN file_archive AS a ON a.submission_id = f.submission_id;

COMMENT ON VIEW v_submission_log IS '报送记录：收到的每个文件及其入库结果 / every file received and what loading it did';
COMMENT ON COLUMN v_submission_log.submission_id IS '文件编号 / submission id';
COMMENT ON COLUMN v_submission_log.run_id IS '入库运行编号 / run that loaded it';
COMMENT ON COLUMN v_submission_log.department IS '报送部门代码 / department code';
COMMENT ON COLUMN v_submission_log.department_name_zh IS '报送部门名称 / department name (Chinese)';
COMMENT ON COLUMN v_submission_log.file_name IS '文件名（收件箱内相对路径） / file name relative to the inbox';
COMMENT ON COLUMN v_submission_log.path IS '文件完整路径 / full path when loaded';
COMMENT ON COLUMN v_submission_log.archived_path IS '入库后移入的归档路径（archive/部门/年-月/） / where the file was archived after the run';
COMMENT ON COLUMN v_submission_log.sha256 IS '文件内容指纹（相同内容只入库一次） / content hash; same content loads once';
COMMENT ON COLUMN v_submission_log.size_bytes IS '文件大小（字节） / size in bytes';
COMMENT ON COLUMN v_submission_log.received_at IS '收到时间（北京时间） / when the file arrived';
COMMENT ON COLUMN v_submission_log.loaded_at IS '入库时间（北京时间） / when it was loaded';
COMMENT ON COLUMN v_submission_log.status IS '状态代码：loaded / partial / rejected / status code';
COMMENT ON COLUMN v_submission_log.status_zh IS '状态：已入库 / 部分入库 / 已退回 / status in Chinese';
COMMENT ON COLUMN v_submission_log.first_period IS '文件所含最早统计期 / earliest period in the file';
COMMENT ON COLUMN v_submission_log.last_period IS '文件所含最晚统计期 / latest period in the file';
COMMENT ON COLUMN v_submission_log.rows_read IS '读取数据行数 / data rows read';
COMMENT ON COLUMN v_submission_log.rows_loaded IS '通过校验的行数 / rows that passed validation';
COMMENT ON COLUMN v_submission_log.rows_rejected IS '被拒收的行数 / rows rejected';
COMMENT ON COLUMN v_submission_log.warnings IS '提示条数（已入库但需核实） / warnings (rows kept)';
COMMENT ON COLUMN v_submission_log.rows_new IS '首次报送的值 / values reported for the first time';
COMMENT ON COLUMN v_submission_log.rows_changed IS '更正了以前数值的行数（旧值保留在历史中） / rows that replaced a different earlier value';
COMMENT ON COLUMN v_submission_log.rows_unchanged IS '与现行值相同的行数（不产生新版本） / rows repeating the current value';
COMMENT ON COLUMN v_submission_log.error IS '整份文件被退回的原因 / why the whole file was rejected';
COMMENT ON COLUMN v_submission_log.year IS '文件所报年份（最早统计期的年份；无数据时为收到日期的年份） / year the file reports on (of its earliest period; of the date received when it holds none)';
