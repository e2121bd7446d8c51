-- +goose Up
-- One list and two directories at full depth (SPEC R1-R4): item list
-- versions, the history of every business and inspector, the rules of each
-- department's object directory, labels such as special libraries (专项库)
-- and licences, and the provenance of imported rows. Times are RFC 3339 UTC
-- text of fixed width (microseconds), so that they compare as text.

ALTER TABLE items ADD COLUMN ratio TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN per_year INTEGER NOT NULL DEFAULT 0;

CREATE TABLE item_lists (
    id         INTEGER PRIMARY KEY,
    dept       TEXT NOT NULL REFERENCES departments(code),
    version    INTEGER NOT NULL,
    effective  TEXT NOT NULL,
    source     TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    items      INTEGER NOT NULL,
    sha256     TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (dept, version)
);

CREATE TABLE item_list_entries (
    list_id     INTEGER NOT NULL REFERENCES item_lists(id),
    position    INTEGER NOT NULL,
    item_id     INTEGER NOT NULL REFERENCES items(id),
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
    livelihood  INTEGER NOT NULL DEFAULT 0,
    ratio       TEXT NOT NULL DEFAULT '',
    per_year    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (list_id, position)
);
CREATE INDEX list_publications_sha ON list_publications(dept, sha256);

CREATE TABLE import_files (
    id       INTEGER PRIMARY KEY,
    kind     TEXT NOT NULL,
    dept     TEXT NOT NULL DEFAULT '',
    file     TEXT NOT NULL,
    sha256   TEXT NOT NULL DEFAULT '',
    format   TEXT NOT NULL DEFAULT '',
    imported INTEGER NOT NULL DEFAULT 0,
    skipped  INTEGER NOT NULL DEFAULT 0,
    actor    TEXT NOT NULL,
    at       TEXT NOT NULL
);

ALTER TABLE entities ADD COLUMN abnormal_since TEXT NOT NULL DEFAULT '';
ALTER TABLE entities ADD COLUMN since TEXT NOT NULL DEFAULT '';
ALTER TABLE entities ADD COLUMN event TEXT NOT NULL DEFAULT 'enter';
ALTER TABLE entities ADD COLUMN event_note TEXT NOT NULL DEFAULT '';
ALTER TABLE entities ADD COLUMN changed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE entities ADD COLUMN import_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE entities ADD COLUMN import_row INTEGER NOT NULL DEFAULT 0;

CREATE TABLE entity_history (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL,
    code_kind      TEXT NOT NULL,
    name           TEXT NOT NULL,
    entity_type    TEXT NOT NULL,
    industry       TEXT NOT NULL,
    region         TEXT NOT NULL,
    address        TEXT NOT NULL,
    legal_rep      TEXT NOT NULL,
    status         TEXT NOT NULL,
    risk_class     TEXT NOT NULL,
    abnormal       INTEGER NOT NULL,
    complaints     INTEGER NOT NULL,
    reg_org        TEXT NOT NULL,
    supervisor     TEXT NOT NULL,
    needs_review   INTEGER NOT NULL,
    abnormal_since TEXT NOT NULL,
    valid_from     TEXT NOT NULL,
    valid_to       TEXT NOT NULL,
    event          TEXT NOT NULL,
    event_note     TEXT NOT NULL,
    changed_by     TEXT NOT NULL
);
CREATE INDEX entity_history_code ON entity_history(code, id);
CREATE INDEX entity_history_to ON entity_history(valid_to);

CREATE TABLE directory_rules (
    id         INTEGER PRIMARY KEY,
    dept       TEXT NOT NULL REFERENCES departments(code),
    kind       TEXT NOT NULL,
    value      TEXT NOT NULL,
    added_at   TEXT NOT NULL,
    added_by   TEXT NOT NULL,
    removed_at TEXT NOT NULL DEFAULT '',
    removed_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX directory_rules_dept ON directory_rules(dept);

CREATE TABLE entity_labels (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    value       TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '',
    valid_until TEXT NOT NULL DEFAULT '',
    added_at    TEXT NOT NULL,
    added_by    TEXT NOT NULL,
    removed_at  TEXT NOT NULL DEFAULT '',
    removed_by  TEXT NOT NULL DEFAULT '',
    import_id   INTEGER NOT NULL DEFAULT 0,
    import_row  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX entity_labels_code ON entity_labels(code, kind, value);
CREATE INDEX entity_labels_value ON entity_labels(kind, value);

ALTER TABLE inspectors ADD COLUMN since TEXT NOT NULL DEFAULT '';
ALTER TABLE inspectors ADD COLUMN event TEXT NOT NULL DEFAULT 'enter';
ALTER TABLE inspectors ADD COLUMN event_note TEXT NOT NULL DEFAULT '';
ALTER TABLE inspectors ADD COLUMN changed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE inspectors ADD COLUMN import_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE inspectors ADD COLUMN import_row INTEGER NOT NULL DEFAULT 0;
CREATE INDEX inspectors_cert ON inspectors(dept, cert_no);

CREATE TABLE inspector_history (
    id           INTEGER PRIMARY KEY,
    inspector_id TEXT NOT NULL,
    name         TEXT NOT NULL,
    dept         TEXT NOT NULL,
    cert_no      TEXT NOT NULL,
    cert_expiry  TEXT NOT NULL,
    region       TEXT NOT NULL,
    level        TEXT NOT NULL,
    specialties  TEXT NOT NULL,
    status       TEXT NOT NULL,
    id_number    TEXT NOT NULL,
    phone        TEXT NOT NULL,
    valid_from   TEXT NOT NULL,
    valid_to     TEXT NOT NULL,
    event        TEXT NOT NULL,
    event_note   TEXT NOT NULL,
    changed_by   TEXT NOT NULL
);
CREATE INDEX inspector_history_id ON inspector_history(inspector_id, id);
CREATE INDEX inspector_history_to ON inspector_history(valid_to);

ALTER TABLE inspector_conflicts ADD COLUMN declared_at TEXT NOT NULL DEFAULT '';
ALTER TABLE inspector_conflicts ADD COLUMN declared_by TEXT NOT NULL DEFAULT '';
ALTER TABLE inspector_conflicts ADD COLUMN withdrawn_at TEXT NOT NULL DEFAULT '';
ALTER TABLE inspector_conflicts ADD COLUMN withdrawn_by TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE inspector_conflicts DROP COLUMN withdrawn_by;
ALTER TABLE inspector_conflicts DROP COLUMN withdrawn_at;
ALTER TABLE inspector_conflicts DROP COLUMN declared_by;
ALTER TABLE inspector_conflicts DROP COLUMN declared_at;
DROP TABLE inspector_history;
DROP INDEX inspectors_cert;
ALTER TABLE inspectors DROP COLUMN import_row;
ALTER TABLE inspectors DROP COLUMN import_id;
ALTER TABLE inspectors DROP COLUMN changed_by;
ALTER TABLE inspectors DROP COLUMN event_note;
ALTER TABLE inspectors DROP COLUMN event;
ALTER TABLE inspectors DROP COLUMN since;
DROP TABLE entity_labels;
DROP TABLE directory_rules;
DROP TABLE entity_history;
ALTER TABLE entities DROP COLUMN import_row;
ALTER TABLE entities DROP COLUMN import_id;
ALTER TABLE entities DROP COLUMN changed_by;
ALTER TABLE entities DROP COLUMN event_note;
ALTER TABLE entities DROP COLUMN event;
ALTER TABLE entities DROP COLUMN since;
ALTER TABLE entities DROP COLUMN abnormal_since;
DROP TABLE import_files;
DROP INDEX list_publications_sha;
DROP TABLE item_list_entries;
DROP TABLE item_lists;
ALTER TABLE items DROP COLUMN per_year;
ALTER TABLE items DROP COLUMN ratio;
