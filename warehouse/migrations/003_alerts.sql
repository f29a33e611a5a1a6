-- 003_alerts: the alert outbox (owned by bijie_etl/alerts.py and bijie_etl/mail.py).
--
-- An alert is written here BEFORE anything is sent, so a crash or a mail-server outage never
-- loses one; each email is a row of alert_messages with a deterministic Message-ID, marked sent
-- in its own transaction right after the server accepted it, so nothing is sent twice.
-- Applied once, in one transaction, by Warehouse.migrate(); no BEGIN/COMMIT here.
-- Timestamps are Beijing wall-clock time (Asia/Shanghai), stored as TIMESTAMP.
-- No secret (SMTP password) is ever stored: last_error is redacted before it is written.

CREATE SEQUENCE IF NOT EXISTS seq_alert_id START 1;
CREATE SEQUENCE IF NOT EXISTS seq_alert_message_id START 1;

-- What the alerts module last saw for each target: the previous status a transition is judged
-- against, and when the last alert was raised (for the reminder). Updated in the same
-- transaction as the alerts it causes, so a crash between pace and alerts loses no transition.
CREATE TABLE alert_state (
    target_code      VARCHAR PRIMARY KEY,
    status           VARCHAR NOT NULL,      -- status of the latest assessment seen
    as_of            DATE NOT NULL,         -- as-of date of that assessment
    last_alert_as_of DATE,                  -- as-of date of the last raised/reminder alert
    updated_at       TIMESTAMP NOT NULL
);

-- One row per alert: a target that became at_risk/off_track/late/no_data (raised), is still
-- off_track/late reminder_days after its last alert (reminder), or came back to on_track
-- (recovered, digest only). The figures are copied from the assessment that caused it.
CREATE TABLE alerts (
    alert_id           BIGINT PRIMARY KEY DEFAULT nextval('seq_alert_id'),
    alert_key          VARCHAR NOT NULL UNIQUE,  -- code:kind:status:as_of, makes raising idempotent
    kind               VARCHAR NOT NULL CHECK (kind IN ('raised', 'reminder', 'recovered')),
    target_code        VARCHAR NOT NULL,
    department         VARCHAR NOT NULL,         -- department code
    as_of              DATE NOT NULL,
    target_status      VARCHAR NOT NULL,         -- on_track | at_risk | off_track | late | no_data
    target_status_zh   VARCHAR NOT NULL,
    previous_status    VARCHAR,                  -- NULL: first assessment
    name_zh            VARCHAR NOT NULL,
    unit               VARCHAR,
    target             DOUBLE,
    stretch            DOUBLE,
    period             DATE,
    actual             DOUBLE,
    expected           DOUBLE,
    pace_ratio         DOUBLE,
    gap_pp             DOUBLE,
    projected_year_end DOUBLE,
    required_monthly   DOUBLE,
    stretch_ratio      DOUBLE,
    method             VARCHAR,
    status             VARCHAR NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts           INTEGER NOT NULL DEFAULT 0,   -- most attempts of the emails carrying it
    last_error         VARCHAR,                      -- redacted, Chinese or server text
    created_at         TIMESTAMP NOT NULL,
    composed_at        TIMESTAMP,                    -- put into alert_messages (NULL: not yet)
    sent_at            TIMESTAMP                     -- every email carrying it was accepted
);

CREATE INDEX idx_alerts_target ON alerts (target_code, alert_id);

-- One row per email (a department's alerts, or the leadership digest). Subject and bodies are
-- stored as composed, so a retry sends exactly the same message with the same Message-ID.
CREATE TABLE alert_messages (
    id              BIGINT PRIMARY KEY DEFAULT nextval('seq_alert_message_id'),
    message_id      VARCHAR NOT NULL UNIQUE,     -- the Message-ID header, deterministic
    audience        VARCHAR NOT NULL CHECK (audience IN ('department', 'digest')),
    department      VARCHAR,                     -- department code (NULL for the digest)
    recipients      VARCHAR[] NOT NULL,
    subject         VARCHAR NOT NULL,
    body_text       VARCHAR NOT NULL,
    body_html       VARCHAR NOT NULL,
    alert_ids       BIGINT[] NOT NULL,
    as_of           DATE NOT NULL,
    status          VARCHAR NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      VARCHAR,
    transport       VARCHAR,                     -- 'SMTP host:port' or 'EML <dir>' of the last attempt
    created_at      TIMESTAMP NOT NULL,
    last_attempt_at TIMESTAMP,
    sent_at         TIMESTAMP
);
