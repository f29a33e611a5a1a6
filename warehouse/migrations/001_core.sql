-- 001_core: the core warehouse tables (owned by the warehouse module).
--
-- Applied once, in one transaction, by Warehouse.migrate(), which records it in
-- schema_migrations. Never edit an applied migration: add 00N_*.sql instead.
-- No BEGIN/COMMIT here: migrate() wraps the file in its own transaction.
-- All timestamps are Beijing wall-clock time (Asia/Shanghai), stored as TIMESTAMP.
-- No FOREIGN KEYs: DuckDB's FK checks turn the set-based supersede UPDATE into
-- delete+insert; lineage ids are kept consistent by the single-transaction loader instead.

CREATE SEQUENCE IF NOT EXISTS seq_run_id START 1;
CREATE SEQUENCE IF NOT EXISTS seq_submission_id START 1;
CREATE SEQUENCE IF NOT EXISTS seq_observation_id START 1;
CREATE SEQUENCE IF NOT EXISTS seq_failure_id START 1;

-- One row per pipeline run (nightly, manual, backfill …).
CREATE TABLE runs (
    run_id      BIGINT PRIMARY KEY DEFAULT nextval('seq_run_id'),
    kind        VARCHAR NOT NULL,            -- nightly | manual | backfill | demo …
    as_of       DATE NOT NULL,               -- the date the run judged deadlines and pace by
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    status      VARCHAR NOT NULL DEFAULT 'running',  -- running | succeeded | failed
    summary     JSON
);

-- Catalog snapshot: replaced as a whole by Warehouse.sync_catalog() (one transaction).
CREATE TABLE catalog_targets (
    code          VARCHAR PRIMARY KEY,
    year          INTEGER NOT NULL,
    name_zh       VARCHAR NOT NULL,
    name_en       VARCHAR,
    aliases       VARCHAR[],
    section       VARCHAR,
    clause        VARCHAR,
    department    VARCHAR NOT NULL,
    unit          VARCHAR NOT NULL,
    target        DOUBLE,
    stretch       DOUBLE,
    comparator    VARCHAR,
    direction     VARCHAR,
    kind          VARCHAR NOT NULL,
    pace          VARCHAR NOT NULL,
    frequency     VARCHAR NOT NULL,
    value_field   VARCHAR NOT NULL,
    baseline_2023 DOUBLE,
    profile       DOUBLE[],
    thresholds    JSON,
    notes         VARCHAR,
    synced_at     TIMESTAMP NOT NULL
);

CREATE TABLE catalog_departments (
    code         VARCHAR PRIMARY KEY,
    name_zh      VARCHAR NOT NULL,
    name_en      VARCHAR,
    inbox        VARCHAR,
    deadline_day INTEGER NOT NULL CHECK (deadline_day BETWEEN 1 AND 28),
    contacts     VARCHAR[],
    aliases      VARCHAR[],
    synced_at    TIMESTAMP NOT NULL
);

CREATE TABLE catalog_counties (
    name      VARCHAR PRIMARY KEY,
    code      VARCHAR NOT NULL,
    aliases   VARCHAR[],
    synced_at TIMESTAMP NOT NULL
);

-- Every file recorded by the loader (loaded, partial or rejected). sha256 is unique:
-- loading the same content twice is a no-op.
CREATE TABLE submitted_files (
    submission_id  BIGINT PRIMARY KEY,
    run_id         BIGINT,
    path           VARCHAR NOT NULL,
    file_name      VARCHAR NOT NULL,
    sha256         VARCHAR NOT NULL UNIQUE,
    size_bytes     BIGINT NOT NULL CHECK (size_bytes >= 0),
    department     VARCHAR,
    received_at    TIMESTAMP NOT NULL,
    loaded_at      TIMESTAMP NOT NULL,
    status         VARCHAR NOT NULL CHECK (status IN ('loaded', 'partial', 'rejected')),
    rows_read      INTEGER NOT NULL DEFAULT 0,
    rows_loaded    INTEGER NOT NULL DEFAULT 0,  -- rows that passed validation
    rows_rejected  INTEGER NOT NULL DEFAULT 0,
    warnings       INTEGER NOT NULL DEFAULT 0,
    rows_new       INTEGER NOT NULL DEFAULT 0,  -- first value for (indicator, period, county)
    rows_changed   INTEGER NOT NULL DEFAULT 0,  -- superseded an earlier, different value
    rows_unchanged INTEGER NOT NULL DEFAULT 0,  -- same value as the current one: confirmation only
    error          VARCHAR                       -- file-level rejection message (Chinese)
);

-- Observations: every version is kept. The current version of a key
-- (indicator_code, period, county) is the one with superseded_at IS NULL.
CREATE TABLE observations (
    observation_id  BIGINT PRIMARY KEY,
    submission_id   BIGINT NOT NULL,
    indicator_code  VARCHAR NOT NULL,
    period          DATE NOT NULL CHECK (period = date_trunc('month', period)),
    county          VARCHAR NOT NULL,
    value           DOUBLE,
    value_month     DOUBLE,
    value_ytd       DOUBLE,
    value_ytd_prior DOUBLE,
    growth_pct      DOUBLE,
    unit            VARCHAR,
    unit_reported   VARCHAR,
    unit_factor     DOUBLE,
    note            VARCHAR,
    source_file     VARCHAR NOT NULL,
    sheet           VARCHAR,
    row_number      INTEGER,
    cell            VARCHAR,
    cells           JSON,
    loaded_at       TIMESTAMP NOT NULL,
    superseded_at   TIMESTAMP,
    superseded_by   BIGINT
);

-- A later file repeating the current value exactly: no new version, but the lineage
-- (which file, sheet and cell confirmed it, and when) is kept here.
CREATE TABLE observation_confirmations (
    observation_id BIGINT NOT NULL,
    submission_id  BIGINT NOT NULL,
    source_file    VARCHAR NOT NULL,
    sheet          VARCHAR,
    row_number     INTEGER,
    cell           VARCHAR,
    confirmed_at   TIMESTAMP NOT NULL
);

-- Rejected rows, file-level rejections and warnings, as data.
CREATE TABLE failures (
    failure_id     BIGINT PRIMARY KEY DEFAULT nextval('seq_failure_id'),
    submission_id  BIGINT NOT NULL,
    run_id         BIGINT,
    code           VARCHAR NOT NULL,
    severity       VARCHAR NOT NULL CHECK (severity IN ('error', 'warning')),
    message_zh     VARCHAR NOT NULL,
    file           VARCHAR NOT NULL,
    sheet          VARCHAR,
    cell           VARCHAR,
    row_number     INTEGER,
    value          VARCHAR,
    indicator_code VARCHAR,
    recorded_at    TIMESTAMP NOT NULL
);
