-- +goose Up
CREATE TABLE departments (
    code    TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT ''
);

CREATE TABLE items (
    id          INTEGER PRIMARY KEY,
    dept        TEXT NOT NULL REFERENCES departments(code),
    number      TEXT NOT NULL,
    name        TEXT NOT NULL,
    sub_item    TEXT NOT NULL DEFAULT '',
    basis       TEXT NOT NULL DEFAULT '',
    subject     TEXT NOT NULL DEFAULT '',
    object_type TEXT NOT NULL DEFAULT '',
    ratio_text  TEXT NOT NULL DEFAULT '',
    frequency   TEXT NOT NULL DEFAULT '',
    method      TEXT NOT NULL DEFAULT '',
    requirement TEXT NOT NULL DEFAULT '',
    specialty   TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    livelihood  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX items_dept ON items(dept);

CREATE TABLE entities (
    code         TEXT PRIMARY KEY,
    code_kind    TEXT NOT NULL,
    name         TEXT NOT NULL,
    entity_type  TEXT NOT NULL DEFAULT '',
    industry     TEXT NOT NULL DEFAULT '',
    region       TEXT NOT NULL DEFAULT '',
    address      TEXT NOT NULL DEFAULT '',
    legal_rep    TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'active',
    risk_class   TEXT NOT NULL DEFAULT '',
    abnormal     INTEGER NOT NULL DEFAULT 0,
    complaints   INTEGER NOT NULL DEFAULT 0,
    reg_org      TEXT NOT NULL DEFAULT '',
    supervisor   TEXT NOT NULL DEFAULT '',
    needs_review INTEGER NOT NULL DEFAULT 0
);
CREATE VIRTUAL TABLE entities_fts USING fts5(
    name, content='entities', content_rowid='rowid', tokenize='trigram'
);
-- +goose StatementBegin
CREATE TRIGGER entities_fts_ai AFTER INSERT ON entities BEGIN
    INSERT INTO entities_fts(rowid, name) VALUES (new.rowid, new.name);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER entities_fts_ad AFTER DELETE ON entities BEGIN
    INSERT INTO entities_fts(entities_fts, rowid, name) VALUES ('delete', old.rowid, old.name);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER entities_fts_au AFTER UPDATE OF name ON entities BEGIN
    INSERT INTO entities_fts(entities_fts, rowid, name) VALUES ('delete', old.rowid, old.name);
    INSERT INTO entities_fts(rowid, name) VALUES (new.rowid, new.name);
END;
-- +goose StatementEnd

CREATE TABLE inspectors (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    dept        TEXT NOT NULL REFERENCES departments(code),
    cert_no     TEXT NOT NULL,
    cert_expiry TEXT NOT NULL,
    region      TEXT NOT NULL DEFAULT '',
    level       TEXT NOT NULL DEFAULT '',
    specialties TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'active',
    id_number   TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX inspectors_dept ON inspectors(dept);

CREATE TABLE inspector_conflicts (
    inspector_id TEXT NOT NULL REFERENCES inspectors(id),
    entity_code  TEXT NOT NULL,
    reason       TEXT NOT NULL,
    PRIMARY KEY (inspector_id, entity_code)
);

CREATE TABLE tasks (
    id              INTEGER PRIMARY KEY,
    title           TEXT NOT NULL,
    lead_dept       TEXT NOT NULL REFERENCES departments(code),
    participating   TEXT NOT NULL DEFAULT '',
    ratio           TEXT NOT NULL,
    inspection_date TEXT NOT NULL,
    state           TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    published_at    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE task_items (
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    item_id INTEGER NOT NULL REFERENCES items(id),
    PRIMARY KEY (task_id, item_id)
);

CREATE TABLE draws (
    id               INTEGER PRIMARY KEY,
    task_id          INTEGER NOT NULL REFERENCES tasks(id),
    state            TEXT NOT NULL,
    candidate_sha256 TEXT NOT NULL,
    candidates       TEXT NOT NULL,
    record           TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    drawn_at         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX draws_task ON draws(task_id);

CREATE TABLE team_members (
    task_id      INTEGER NOT NULL REFERENCES tasks(id),
    entity_code  TEXT NOT NULL,
    inspector_id TEXT NOT NULL REFERENCES inspectors(id),
    position     INTEGER NOT NULL,
    PRIMARY KEY (task_id, entity_code, inspector_id)
);

CREATE TABLE results (
    task_id     INTEGER NOT NULL REFERENCES tasks(id),
    entity_code TEXT NOT NULL,
    result_type TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (task_id, entity_code)
);
CREATE INDEX results_entity ON results(entity_code);

-- +goose Down
DROP TABLE results;
DROP TABLE team_members;
DROP TABLE draws;
DROP TABLE task_items;
DROP TABLE tasks;
DROP TABLE inspector_conflicts;
DROP TABLE inspectors;
DROP TRIGGER entities_fts_au;
DROP TRIGGER entities_fts_ad;
DROP TRIGGER entities_fts_ai;
DROP TABLE entities_fts;
DROP TABLE entities;
DROP TABLE items;
DROP TABLE departments;
