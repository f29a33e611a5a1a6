-- 007_safe_operation: the alert storm guard's holds and where processed files were archived (#15).
-- Applied once, in one transaction, by Warehouse.migrate(); no BEGIN/COMMIT here.
-- Timestamps are Beijing wall-clock time (Asia/Shanghai), stored as TIMESTAMP.

CREATE SEQUENCE IF NOT EXISTS seq_alert_hold_id START 1;

-- A run that would raise alerts for more than BIJIE_ALERT_STORM_SHARE of the targets at once (every
-- target turned 无数据 because an inbox went missing, say) holds the emails instead of sending them.
-- The messages stay pending in alert_messages; while a hold is not released none of its messages
-- is sent. Released by `bijie-etl alert --confirm` or the flow parameter confirm_alerts=true.
CREATE TABLE alert_holds (
    hold_id      BIGINT PRIMARY KEY DEFAULT nextval('seq_alert_hold_id'),
    as_of        DATE NOT NULL,
    alerts       INTEGER NOT NULL,      -- targets that raised an alert (raised or reminder) at once
    targets      INTEGER NOT NULL,      -- targets assessed in that run
    share        DOUBLE NOT NULL,       -- alerts / targets
    threshold    DOUBLE NOT NULL,       -- the configured share it exceeded
    message_ids  BIGINT[] NOT NULL,     -- alert_messages.id held back
    reason_zh    VARCHAR NOT NULL,      -- why, as told to the operator
    created_at   TIMESTAMP NOT NULL,
    released_at  TIMESTAMP,             -- NULL: still held
    released_by  VARCHAR                -- how it was confirmed
);

-- Where each processed file went: inbox/<dept>/x.xlsx → archive/<department>/<YYYY-MM>/x.xlsx.
CREATE TABLE file_archive (
    submission_id BIGINT PRIMARY KEY,   -- submitted_files.submission_id
    archived_path VARCHAR NOT NULL,     -- full path in the archive
    archived_at   TIMESTAMP NOT NULL
);
