-- +goose Up
ALTER TABLE draws ADD COLUMN void_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE draws ADD COLUMN voided_by TEXT NOT NULL DEFAULT '';
ALTER TABLE draws ADD COLUMN voided_at TEXT NOT NULL DEFAULT '';

CREATE TABLE replacements (
    id          INTEGER PRIMARY KEY,
    task_id     INTEGER NOT NULL REFERENCES tasks(id),
    entity_code TEXT NOT NULL,
    replaced    TEXT NOT NULL REFERENCES inspectors(id),
    replacement TEXT NOT NULL REFERENCES inspectors(id),
    reason      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    approved_by TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX replacements_task ON replacements(task_id);

-- +goose Down
DROP TABLE replacements;
ALTER TABLE draws DROP COLUMN voided_at;
ALTER TABLE draws DROP COLUMN voided_by;
ALTER TABLE draws DROP COLUMN void_reason;
