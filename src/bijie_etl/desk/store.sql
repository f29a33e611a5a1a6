-- The desk's own database (SQLite, WAL): accounts, sessions, login failures, uploads,
-- 情况说明 and the audit log. Kept OUT of the DuckDB warehouse on purpose:
--   * password hashes must never reach analytics.duckdb, which analysts download;
--   * the nightly run holds the warehouse for minutes, and a login must not wait for it
--     (DuckDB allows one writing process and then nobody else).
-- 情况说明 and the audit log are copied into the warehouse (tables target_explanations and
-- desk_audit_log, migration 005_desk.sql) at the start of every run and after desk writes
-- whenever the writer lock is free; ids are kept, so copying twice changes nothing.
-- Times are UTC ISO-8601 text.

CREATE TABLE IF NOT EXISTS users (
    id                  INTEGER PRIMARY KEY,
    username            TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name        TEXT NOT NULL,
    role                TEXT NOT NULL CHECK (role IN ('department', 'analyst', 'leader', 'admin')),
    department          TEXT,              -- department code, for role 'department' only
    email               TEXT,
    password_hash       TEXT NOT NULL,     -- Argon2id, encoded with its parameters and salt
    active              INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT NOT NULL,
    password_changed_at TEXT NOT NULL,
    CHECK ((role = 'department') = (department IS NOT NULL))
);

-- A signed-in session. The cookie carries a random id; only its SHA-256 is stored here.
CREATE TABLE IF NOT EXISTS sessions (
    id_hash    TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    ip         TEXT
);

CREATE TABLE IF NOT EXISTS login_failures (
    id       INTEGER PRIMARY KEY,
    username TEXT NOT NULL,                -- SHA-256 of the name typed (it may be a mistyped password)
    ip       TEXT,
    at       REAL NOT NULL                 -- time.time()
);
CREATE INDEX IF NOT EXISTS idx_login_failures_at ON login_failures (at);

-- A file a department uploaded: the dry run's result, and whether (and as what) it was submitted.
CREATE TABLE IF NOT EXISTS uploads (
    id            TEXT PRIMARY KEY,        -- random, also the staged file's name
    department    TEXT NOT NULL,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    original_name TEXT NOT NULL,           -- as the browser sent it, for display only
    suffix        TEXT NOT NULL,           -- '.xlsx' '.xls' '.csv' … or '' (never a path)
    sha256        TEXT NOT NULL,
    size_bytes    INTEGER NOT NULL,
    status        TEXT NOT NULL,           -- loaded | partial | rejected (what the run would do)
    rows_read     INTEGER NOT NULL,
    rows_ok       INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL,
    warnings      INTEGER NOT NULL,
    result_json   TEXT NOT NULL,           -- the problems and values shown on the page
    created_at    TEXT NOT NULL,
    submitted_at  TEXT,
    inbox_name    TEXT                     -- the file's name in the inbox once submitted
);
CREATE INDEX IF NOT EXISTS idx_uploads_department ON uploads (department, created_at);

-- 情况说明: a department's explanation of a target that is 预警 or 滞后.
CREATE TABLE IF NOT EXISTS explanations (
    id             INTEGER PRIMARY KEY,
    target_code    TEXT NOT NULL,
    department     TEXT NOT NULL,
    status         TEXT,                   -- the target's status when it was written
    as_of          TEXT,                   -- the assessment date it answers
    progress       TEXT NOT NULL,          -- 进展情况
    problems       TEXT NOT NULL,          -- 存在的问题
    measures       TEXT NOT NULL,          -- 下一步措施
    recovery_month TEXT,                   -- 预计恢复正常的月份, YYYY-MM
    author         TEXT NOT NULL,          -- user name
    author_name    TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_explanations_target ON explanations (target_code, id);

-- Who did what, when, from where. Never a password, never a file's content.
CREATE TABLE IF NOT EXISTS audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    username   TEXT,
    role       TEXT,
    department TEXT,
    action     TEXT NOT NULL,              -- login, login_failed, logout, upload, submit, explain, download, user_*
    object     TEXT,
    detail     TEXT,
    ip         TEXT
);
