-- v_rejected_rows: every rejected row, file-level rejection and warning, with where it came from.
CREATE OR REPLACE VIEW v_rejected_rows AS
SELECT
    x.failure_id,
    x.submission_id,
    x.run_id,
    f.department,
    d.name_zh                                   AS department_name_zh,
    x.file                                      AS file_name,
    x.sheet,
    x.cell,
    x.row_number,
    x.severity,
    CASE x.severity WHEN 'error' THEN '错误（已拒收）' WHEN 'warning' THEN '提示（已入库）' END AS severity_zh,
    x.code,
    x.message_zh,
    x.value,
    x.indicator_code,
    t.name_zh                                   AS indicator_name_zh,
    f.received_at,
    x.recorded_at,
    year(f.received_at)::INTEGER                AS year
FROM failures AS x
LEFT JOIN submitted_files AS f ON f.submission_id = x.submission_id
LEFT JOIN catalog_departments AS d ON d.code = f.department
LEFT JOIN v_catalog_targets AS t ON t.code = x.indicator_code AND t.is_latest;

COMMENT ON VIEW v_rejected_rows IS '问题清单：被拒收的行、被退回的文件和提示（severity=error 为拒收） / rejected rows, rejected files and warnings';
COMMENT ON COLUMN v_rejected_rows.failure_id IS '问题编号 / failure id';
COMMENT ON COLUMN v_rejected_rows.submission_id IS '文件编号 / submission id';
COMMENT ON COLUMN v_rejected_rows.run_id IS '运行编号 / run id';
COMMENT ON COLUMN v_rejected_rows.department IS '报送部门代码 / department code';
COMMENT ON COLUMN v_rejected_rows.department_name_zh IS '报送部门名称 / department name (Chinese)';
COMMENT ON COLUMN v_rejected_rows.file_name IS '文件名 / file name';
COMMENT ON COLUMN v_rejected_rows.sheet IS '工作表 / sheet';
COMMENT ON COLUMN v_rejected_rows.cell IS '单元格，如 G12 / cell address';
COMMENT ON COLUMN v_rejected_rows.row_number IS 'Excel 行号 / Excel row number';
COMMENT ON COLUMN v_rejected_rows.severity IS '严重程度代码：error / warning / severity code';
COMMENT ON COLUMN v_rejected_rows.severity_zh IS '严重程度：错误（已拒收） / 提示（已入库） / severity in Chinese';
COMMENT ON COLUMN v_rejected_rows.code IS '问题代码（稳定，可用于筛选） / stable failure code';
COMMENT ON COLUMN v_rejected_rows.message_zh IS '问题说明及修改办法 / what is wrong and how to fix it';
COMMENT ON COLUMN v_rejected_rows.value IS '原始填报值 / the offending raw value';
COMMENT ON COLUMN v_rejected_rows.indicator_code IS '涉及的指标代码 / indicator code, when known';
COMMENT ON COLUMN v_rejected_rows.indicator_name_zh IS '涉及的指标名称 / indicator name (Chinese)';
COMMENT ON COLUMN v_rejected_rows.received_at IS '文件收到时间 / when the file arrived';
COMMENT ON COLUMN v_rejected_rows.recorded_at IS '问题记录时间 / when the failure was recorded';
COMMENT ON COLUMN v_rejected_rows.year IS '收到文件的年份 / year the file was received';
