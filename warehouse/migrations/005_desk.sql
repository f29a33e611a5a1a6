-- 005_desk: what the department desk (bijie_etl/desk, `bijie-etl serve`) adds to the warehouse.
--
-- The desk keeps its live state (accounts, sessions, uploads) in its own SQLite file beside the
-- warehouse; password hashes and sessions never come here (analytics.duckdb is downloadable).
-- 情况说明 and the audit log are copied here by bijie_etl.desk.sync at the start of each run (and
-- after desk writes when the writer lock is free), keeping the desk's ids: copying twice is a no-op.
-- Timestamps are Beijing wall-clock time (Asia/Shanghai), like every other table.

-- 情况说明: a department's explanation of a 预警/滞后 target (进展情况、存在的问题、下一步措施).
CREATE TABLE target_explanations (
    id             BIGINT PRIMARY KEY,          -- the desk's id (newest = highest)
    target_code    VARCHAR NOT NULL,
    department     VARCHAR NOT NULL,            -- department code
    status         VARCHAR,                     -- the target's status when written (at_risk / off_track)
    as_of          DATE,                        -- the assessment date it answers
    progress       VARCHAR NOT NULL,            -- 进展情况
    problems       VARCHAR NOT NULL,            -- 存在的问题
    measures       VARCHAR NOT NULL,            -- 下一步措施
    recovery_month VARCHAR,                     -- 预计恢复正常的月份, YYYY-MM
    author         VARCHAR NOT NULL,            -- desk user name
    author_name    VARCHAR NOT NULL,
    created_at     TIMESTAMP NOT NULL
);

-- Who uploaded, submitted, explained, downloaded or signed in, when and from where.
CREATE TABLE desk_audit_log (
    id         BIGINT PRIMARY KEY,              -- the desk's id
    logged_at  TIMESTAMP NOT NULL,
    username   VARCHAR,
    role       VARCHAR,
    department VARCHAR,
    action     VARCHAR NOT NULL,                -- login, login_failed, upload, submit, explain, download …
    object     VARCHAR,                         -- upload id, target code, file name
    detail     VARCHAR,
    ip         VARCHAR
);

-- Attachments of outbox emails (the desk's feedback emails carry the feedback workbook).
CREATE TABLE alert_message_attachments (
    message_id VARCHAR NOT NULL,                -- alert_messages.message_id
    file_name  VARCHAR NOT NULL,
    mime_type  VARCHAR NOT NULL,
    content    BLOB NOT NULL
);

-- What an outbox email is for: 'alert' (alerts.py: department alerts and the digest), 'reminder'
-- (a deadline N days away and the month not sent) or 'feedback' (a file of the run had problems).
ALTER TABLE alert_messages ADD COLUMN purpose VARCHAR DEFAULT 'alert';
