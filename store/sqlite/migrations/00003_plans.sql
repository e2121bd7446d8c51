-- +goose Up
-- Plans, the ten steps, inspections, follow-up, deadlines and archives
-- (SPEC R5, R6, R8, R9, R13-R16, R18, R23). Id columns that may be absent
-- hold 0, never NULL; dates are YYYY-MM-DD and times RFC 3339 UTC text.
ALTER TABLE tasks ADD COLUMN plan_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN inspection_end TEXT NOT NULL DEFAULT '';
ALTER TABLE tasks ADD COLUMN merged_into INTEGER NOT NULL DEFAULT 0;
CREATE INDEX tasks_plan ON tasks(plan_id);

CREATE TABLE list_publications (
    id           INTEGER PRIMARY KEY,
    dept         TEXT NOT NULL REFERENCES departments(code),
    items        INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    published_by TEXT NOT NULL,
    published_at TEXT NOT NULL
);
CREATE INDEX list_publications_dept ON list_publications(dept);

CREATE TABLE plans (
    id            INTEGER PRIMARY KEY,
    year          INTEGER NOT NULL,
    title         TEXT NOT NULL,
    lead_dept     TEXT NOT NULL REFERENCES departments(code),
    participating TEXT NOT NULL DEFAULT '',
    scope         TEXT NOT NULL DEFAULT '{}',
    ratio         TEXT NOT NULL,
    window_start  TEXT NOT NULL,
    window_end    TEXT NOT NULL,
    state         TEXT NOT NULL,
    proposed_by   TEXT NOT NULL,
    proposed_at   TEXT NOT NULL,
    published_at  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX plans_year ON plans(year);

CREATE TABLE plan_items (
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    item_id INTEGER NOT NULL REFERENCES items(id),
    PRIMARY KEY (plan_id, item_id)
);

CREATE TABLE annual_plans (
    year         INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    compiled_by  TEXT NOT NULL,
    compiled_at  TEXT NOT NULL,
    published_at TEXT NOT NULL DEFAULT '',
    revision     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE dept_steps (
    dept    TEXT NOT NULL REFERENCES departments(code),
    year    INTEGER NOT NULL,
    step    INTEGER NOT NULL,
    done_at TEXT NOT NULL,
    ref     TEXT NOT NULL,
    actor   TEXT NOT NULL,
    PRIMARY KEY (dept, year, step)
);

CREATE TABLE task_rules (
    task_id      INTEGER PRIMARY KEY REFERENCES tasks(id),
    body         TEXT NOT NULL,
    published_by TEXT NOT NULL,
    published_at TEXT NOT NULL
);

CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    task_id     INTEGER NOT NULL REFERENCES tasks(id),
    entity_code TEXT NOT NULL,
    notified_at TEXT NOT NULL,
    channel     TEXT NOT NULL,
    content     TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX notifications_task ON notifications(task_id, entity_code);

CREATE TABLE inspection_records (
    id          INTEGER PRIMARY KEY,
    task_id     INTEGER NOT NULL REFERENCES tasks(id),
    entity_code TEXT NOT NULL,
    item_id     INTEGER NOT NULL REFERENCES items(id),
    method      TEXT NOT NULL,
    findings    TEXT NOT NULL,
    problem     INTEGER NOT NULL DEFAULT 0,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (task_id, entity_code, item_id)
);

CREATE TABLE evidence (
    id           INTEGER PRIMARY KEY,
    record_id    INTEGER NOT NULL REFERENCES inspection_records(id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    content      BLOB NOT NULL,
    uploaded_by  TEXT NOT NULL,
    uploaded_at  TEXT NOT NULL
);
CREATE INDEX evidence_record ON evidence(record_id);

CREATE TABLE signoffs (
    task_id     INTEGER NOT NULL REFERENCES tasks(id),
    entity_code TEXT NOT NULL,
    kind        TEXT NOT NULL,
    signatory   TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT '',
    witness     TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (task_id, entity_code)
);

CREATE TABLE confirmations (
    task_id      INTEGER NOT NULL REFERENCES tasks(id),
    entity_code  TEXT NOT NULL,
    inspector_id TEXT NOT NULL REFERENCES inspectors(id),
    confirmed_at TEXT NOT NULL,
    PRIMARY KEY (task_id, entity_code, inspector_id)
);

CREATE TABLE followups (
    id          INTEGER PRIMARY KEY,
    task_id     INTEGER NOT NULL REFERENCES tasks(id),
    entity_code TEXT NOT NULL,
    problem     TEXT NOT NULL,
    from_dept   TEXT NOT NULL REFERENCES departments(code),
    to_dept     TEXT NOT NULL REFERENCES departments(code),
    handed_by   TEXT NOT NULL,
    handed_at   TEXT NOT NULL,
    state       TEXT NOT NULL,
    outcome     TEXT NOT NULL DEFAULT '',
    closed_at   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX followups_to ON followups(to_dept, state);
CREATE INDEX followups_task ON followups(task_id);

CREATE TABLE penalties (
    id           INTEGER PRIMARY KEY,
    entity_code  TEXT NOT NULL,
    dept         TEXT NOT NULL REFERENCES departments(code),
    followup_id  INTEGER NOT NULL DEFAULT 0,
    task_id      INTEGER NOT NULL DEFAULT 0,
    decision_no  TEXT NOT NULL,
    decided_on   TEXT NOT NULL,
    content      TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    published_at TEXT NOT NULL DEFAULT '',
    UNIQUE (dept, decision_no)
);
CREATE INDEX penalties_entity ON penalties(entity_code);

CREATE TABLE referrals (
    id          INTEGER PRIMARY KEY,
    followup_id INTEGER NOT NULL REFERENCES followups(id),
    entity_code TEXT NOT NULL,
    authority   TEXT NOT NULL,
    referred_on TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);

CREATE TABLE deadline_misses (
    kind        TEXT NOT NULL,
    ref         INTEGER NOT NULL,
    dept        TEXT NOT NULL,
    due         TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    done_at     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (kind, ref)
);

CREATE TABLE calendar_years (
    year       INTEGER PRIMARY KEY,
    body       TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE archives (
    id           INTEGER PRIMARY KEY,
    dept         TEXT NOT NULL DEFAULT '',
    year         INTEGER NOT NULL DEFAULT 0,
    task_id      INTEGER NOT NULL DEFAULT 0,
    sha256       TEXT NOT NULL,
    size         INTEGER NOT NULL,
    content      BLOB NOT NULL,
    built_by     TEXT NOT NULL,
    built_at     TEXT NOT NULL,
    delivered_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX archives_dept_year ON archives(dept, year);
CREATE INDEX archives_task ON archives(task_id);

-- +goose Down
DROP TABLE archives;
DROP TABLE calendar_years;
DROP TABLE deadline_misses;
DROP TABLE referrals;
DROP TABLE penalties;
DROP TABLE followups;
DROP TABLE confirmations;
DROP TABLE signoffs;
DROP TABLE evidence;
DROP TABLE inspection_records;
DROP TABLE notifications;
DROP TABLE task_rules;
DROP TABLE dept_steps;
DROP TABLE annual_plans;
DROP TABLE plan_items;
DROP TABLE plans;
DROP TABLE list_publications;
DROP INDEX tasks_plan;
ALTER TABLE tasks DROP COLUMN merged_into;
ALTER TABLE tasks DROP COLUMN inspection_end;
ALTER TABLE tasks DROP COLUMN plan_id;
