-- 006_years: years side by side (issue #17). Targets, assessments and alert state are keyed by
-- year, so a new year's catalog loads beside the old one and the old year's history stays
-- queryable. A code means the same indicator in every year. Observations are not year-bound.
--
-- Keeps every row: the catalog snapshot, assessments and alert state written before this migration
-- belong to the one catalog year the warehouse held (catalog_targets.year), else to the year of
-- their as-of date. Tables whose key changes are rebuilt (DuckDB cannot alter a primary key);
-- the views are re-created by Warehouse.migrate() right after.
-- Applied once, in one transaction, by Warehouse.migrate(); no BEGIN/COMMIT here.

-- The year the warehouse has been following so far (NULL in a fresh warehouse).
CREATE TEMP TABLE _years_before AS SELECT max(year) AS year FROM catalog_targets;

-- catalog_targets: one row per (year, code); baseline_2023 becomes baseline + where it came from.
CREATE TABLE catalog_targets_new (
    year            INTEGER NOT NULL,
    code            VARCHAR NOT NULL,
    name_zh         VARCHAR NOT NULL,
    name_en         VARCHAR,
    aliases         VARCHAR[],
    section         VARCHAR,
    clause          VARCHAR,
    department      VARCHAR NOT NULL,
    unit            VARCHAR NOT NULL,
    target          DOUBLE,
    stretch         DOUBLE,
    comparator      VARCHAR,
    direction       VARCHAR,
    kind            VARCHAR NOT NULL,
    pace            VARCHAR NOT NULL,
    frequency       VARCHAR NOT NULL,
    value_field     VARCHAR NOT NULL,
    baseline        DOUBLE,             -- the previous year's actual the pace compares with
    baseline_source VARCHAR,            -- where the baseline came from (report text, warehouse December value …)
    profile         DOUBLE[],
    thresholds      JSON,
    notes           VARCHAR,
    synced_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (year, code)
);
INSERT INTO catalog_targets_new
SELECT year, code, name_zh, name_en, aliases, section, clause, department, unit, target, stretch,
       comparator, direction, kind, pace, frequency, value_field, baseline_2023,
       CASE WHEN baseline_2023 IS NOT NULL THEN '目录（' || (year - 1) || '年实绩，取自政府工作报告）' END,
       profile, thresholds, notes, synced_at
FROM catalog_targets;
DROP TABLE catalog_targets;
ALTER TABLE catalog_targets_new RENAME TO catalog_targets;

-- assessments: the year whose target was judged; unique per (run, as-of date, year, code).
CREATE TABLE assessments_new (
    assessment_id      BIGINT PRIMARY KEY DEFAULT nextval('seq_assessment_id'),
    run_id             BIGINT NOT NULL,
    as_of              DATE NOT NULL,
    year               INTEGER NOT NULL,            -- the catalog year of the target judged
    code               VARCHAR NOT NULL,
    period             DATE,
    month              INTEGER CHECK (month BETWEEN 1 AND 12),
    actual             DOUBLE,
    expected           DOUBLE,
    pace_ratio         DOUBLE,
    gap_pp             DOUBLE,
    projected_year_end DOUBLE,
    required_monthly   DOUBLE,
    stretch_ratio      DOUBLE,
    method             VARCHAR NOT NULL,
    status             VARCHAR NOT NULL CHECK (status IN ('on_track', 'at_risk', 'off_track', 'late', 'no_data', 'not_assessed')),
    status_zh          VARCHAR NOT NULL,
    pace_status        VARCHAR CHECK (pace_status IN ('on_track', 'at_risk', 'off_track')),
    due_period         DATE,
    note_zh            VARCHAR,
    assessed_at        TIMESTAMP NOT NULL,
    UNIQUE (run_id, as_of, year, code)
);
INSERT INTO assessments_new
SELECT a.assessment_id, a.run_id, a.as_of, coalesce(y.year, year(a.as_of))::INTEGER, a.code, a.period,
       a.month, a.actual, a.expected, a.pace_ratio, a.gap_pp, a.projected_year_end, a.required_monthly,
       a.stretch_ratio, a.method, a.status, a.status_zh, a.pace_status, a.due_period, a.note_zh, a.assessed_at
FROM assessments AS a, _years_before AS y;
DROP TABLE assessments;
ALTER TABLE assessments_new RENAME TO assessments;

-- alert_state: what the alerts module last saw, per (year, target).
CREATE TABLE alert_state_new (
    year             INTEGER NOT NULL,
    target_code      VARCHAR NOT NULL,
    status           VARCHAR NOT NULL,
    as_of            DATE NOT NULL,
    last_alert_as_of DATE,
    updated_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (year, target_code)
);
INSERT INTO alert_state_new
SELECT coalesce(y.year, year(s.as_of))::INTEGER, s.target_code, s.status, s.as_of, s.last_alert_as_of, s.updated_at
FROM alert_state AS s, _years_before AS y;
DROP TABLE alert_state;
ALTER TABLE alert_state_new RENAME TO alert_state;

-- alerts: the year of the target the alert is about. Rebuilt rather than ALTER … ADD COLUMN: DuckDB
-- 1.5 cannot replay an added column of a table with a nextval() default from the WAL after a crash.
CREATE TABLE alerts_new (
    alert_id           BIGINT PRIMARY KEY DEFAULT nextval('seq_alert_id'),
    alert_key          VARCHAR NOT NULL UNIQUE,
    kind               VARCHAR NOT NULL CHECK (kind IN ('raised', 'reminder', 'recovered')),
    target_code        VARCHAR NOT NULL,
    department         VARCHAR NOT NULL,
    as_of              DATE NOT NULL,
    target_status      VARCHAR NOT NULL,
    target_status_zh   VARCHAR NOT NULL,
    previous_status    VARCHAR,
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
    attempts           INTEGER NOT NULL DEFAULT 0,
    last_error         VARCHAR,
    created_at         TIMESTAMP NOT NULL,
    composed_at        TIMESTAMP,
    sent_at            TIMESTAMP,
    year               INTEGER                   -- the catalog year of the target (keys of a closing year start with it)
);
INSERT INTO alerts_new
SELECT alert_id, alert_key, kind, target_code, department, as_of, target_status, target_status_zh,
       previous_status, name_zh, unit, target, stretch, period, actual, expected, pace_ratio, gap_pp,
       projected_year_end, required_monthly, stretch_ratio, method, status, attempts, last_error,
       created_at, composed_at, sent_at, coalesce(y.year, year(a.as_of))::INTEGER
FROM alerts AS a, _years_before AS y;
DROP INDEX idx_alerts_target;
DROP TABLE alerts;
ALTER TABLE alerts_new RENAME TO alerts;
CREATE INDEX idx_alerts_target ON alerts (target_code, alert_id);

DROP TABLE _years_before;
