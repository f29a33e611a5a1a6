-- v_missing_submissions: per department and month, what is overdue and not received.
--
-- missing_submissions(as_of) is a table macro: any as-of date. The view uses current_as_of()
-- (50_v_indicator_status.sql): the latest date anything was assessed at, else the latest run's
-- as-of date, else today, so it is judged on the same day as v_indicator_status.
-- A month's file is due on deadline_day of the following month (catalog_departments);
-- it is overdue once the as-of date is AFTER that day. January is reported with February (1-2月,
-- the Spring Festival: there is often no January file): it is due with February, and a
-- February figure (its 1-2月累计) covers it. Targets are expected every month
-- (frequency monthly), in March/June/September/December (quarterly) or December (annual).
-- An indicator counts as received for a month when any version of any county was loaded
-- for it (a rejected file does not count: its rows never reached observations).
CREATE OR REPLACE MACRO missing_submissions(as_of_date) AS TABLE
WITH as_of_day AS (
    SELECT CAST(as_of_date AS DATE) AS as_of
), expected AS (
    SELECT t.department, t.code AS indicator_code, t.name_zh, make_date(t.year, m.month, 1) AS period
    FROM catalog_targets AS t, range(1, 13) AS m(month)
    WHERE t.frequency = 'monthly'
       OR (t.frequency = 'quarterly' AND m.month % 3 = 0)
       OR (t.frequency = 'annual' AND m.month = 12)
), due AS (
    SELECT e.*, d.name_zh AS department_name_zh,
           (e.period + INTERVAL (CASE WHEN month(e.period) = 1 THEN 2 ELSE 1 END) MONTH
            + to_days(d.deadline_day - 1))::DATE AS due_date
    FROM expected AS e JOIN catalog_departments AS d ON d.code = e.department
), received AS (
    SELECT DISTINCT indicator_code, period FROM observations
    UNION  -- a 1-2月 figure covers January
    SELECT DISTINCT indicator_code, (period - INTERVAL 1 MONTH)::DATE FROM observations WHERE month(period) = 2
)
SELECT
    u.department,
    u.department_name_zh,
    u.period,
    year(u.period)::INTEGER                                      AS year,
    month(u.period)::INTEGER                                     AS month,
    u.due_date,
    a.as_of,
    (a.as_of - u.due_date)::INTEGER                              AS days_overdue,
    count(*)::INTEGER                                            AS expected_indicators,
    count(r.indicator_code)::INTEGER                             AS received_indicators,
    list(u.indicator_code ORDER BY u.indicator_code) FILTER (WHERE r.indicator_code IS NULL) AS missing_indicator_codes,
    string_agg(u.name_zh, '、' ORDER BY u.indicator_code) FILTER (WHERE r.indicator_code IS NULL) AS missing_indicators_zh,
    CASE WHEN count(r.indicator_code) = 0 THEN 'missing' ELSE 'incomplete' END AS status,
    CASE WHEN count(r.indicator_code) = 0 THEN '未报送' ELSE '部分未报送' END AS status_zh
FROM due AS u
CROSS JOIN as_of_day AS a
LEFT JOIN received AS r ON r.indicator_code = u.indicator_code AND r.period = u.period
WHERE u.due_date < a.as_of
GROUP BY u.department, u.department_name_zh, u.period, u.due_date, a.as_of
HAVING count(r.indicator_code) < count(*)
ORDER BY u.department, u.period;

COMMENT ON MACRO TABLE missing_submissions IS '截至任意日期的逾期未报送清单：SELECT * FROM missing_submissions(DATE ''2024-07-15'') / overdue, unreceived data as of any date';

CREATE OR REPLACE VIEW v_missing_submissions AS
SELECT * FROM missing_submissions(current_as_of());

COMMENT ON VIEW v_missing_submissions IS '逾期未报送：截至最近一次运行的统计日期，各部门已过报送期限但尚未收到的月份和指标 / months and indicators overdue and not received, as of the latest run';
COMMENT ON COLUMN v_missing_submissions.department IS '责任部门代码 / department code';
COMMENT ON COLUMN v_missing_submissions.department_name_zh IS '责任部门名称 / department name (Chinese)';
COMMENT ON COLUMN v_missing_submissions.period IS '应报统计期（当月第一天） / period due, first day of the month';
COMMENT ON COLUMN v_missing_submissions.year IS '统计年份 / year';
COMMENT ON COLUMN v_missing_submissions.month IS '统计月份 / month';
COMMENT ON COLUMN v_missing_submissions.due_date IS '报送截止日（次月 deadline_day 日；1月随2月报送，截止3月） / deadline: deadline_day of the following month (January: with February)';
COMMENT ON COLUMN v_missing_submissions.as_of IS '判断日期（最近一次运行的统计日期） / as-of date of the latest run';
COMMENT ON COLUMN v_missing_submissions.days_overdue IS '已逾期天数 / days past the deadline';
COMMENT ON COLUMN v_missing_submissions.expected_indicators IS '该月应报指标数 / indicators expected for the month';
COMMENT ON COLUMN v_missing_submissions.received_indicators IS '已收到的指标数 / indicators received';
COMMENT ON COLUMN v_missing_submissions.missing_indicator_codes IS '未收到的指标代码 / codes of the indicators not received';
COMMENT ON COLUMN v_missing_submissions.missing_indicators_zh IS '未收到的指标名称 / names of the indicators not received';
COMMENT ON COLUMN v_missing_submissions.status IS '状态代码：missing（整月未报） / incomplete（部分未报） / status code';
COMMENT ON COLUMN v_missing_submissions.status_zh IS '状态：未报送 / 部分未报送 / status in Chinese';
