-- 002_assessments: pace assessments (owned by the pace module, bijie_etl/pace.py).
--
-- One row per catalog target per run and as-of date (a backfill run assesses several dates); rows of
-- other runs are never updated or deleted, so the history of every target's status is kept
-- (v_indicator_status shows the latest row per target).
-- Applied once, in one transaction, by Warehouse.migrate(); no BEGIN/COMMIT here.
-- assessed_at is Beijing wall-clock time (Asia/Shanghai), written by pace.store_assessments().

CREATE SEQUENCE IF NOT EXISTS seq_assessment_id START 1;

CREATE TABLE assessments (
    assessment_id      BIGINT PRIMARY KEY DEFAULT nextval('seq_assessment_id'),
    run_id             BIGINT NOT NULL,             -- runs.run_id of the run that assessed
    as_of              DATE NOT NULL,               -- the date pace and deadlines were judged by
    code               VARCHAR NOT NULL,            -- catalog_targets.code
    period             DATE,                        -- period the figures come from (NULL: never observed)
    month              INTEGER CHECK (month BETWEEN 1 AND 12),
    actual             DOUBLE,                      -- measured value (ytd total, growth %, level …)
    expected           DOUBLE,                      -- what the pace rule expects by that month
    pace_ratio         DOUBLE,                      -- actual / expected (mirrored when lower is better)
    gap_pp             DOUBLE,                      -- percentage-point gap for % targets (negative = behind)
    projected_year_end DOUBLE,                      -- cumulative targets: actual / P(m)
    required_monthly   DOUBLE,                      -- cumulative targets: (target - actual) / (12 - m)
    stretch_ratio      DOUBLE,                      -- actual against the 力争 value, if any
    method             VARCHAR NOT NULL,            -- baseline_prior | profile | linear | growth | growth_from_levels | threshold | trajectory | annual (or the pace method when nothing was computed)
    status             VARCHAR NOT NULL CHECK (status IN ('on_track', 'at_risk', 'off_track', 'late', 'no_data', 'not_assessed')),
    status_zh          VARCHAR NOT NULL,            -- 正常 | 预警 | 滞后 | 迟报 | 无数据 | 暂不评估
    pace_status        VARCHAR CHECK (pace_status IN ('on_track', 'at_risk', 'off_track')),  -- what the figures alone say
    due_period         DATE,                        -- latest period the department owed on as_of
    note_zh            VARCHAR,                     -- short Chinese explanation (late, not assessed …)
    assessed_at        TIMESTAMP NOT NULL,
    UNIQUE (run_id, as_of, code)
);
