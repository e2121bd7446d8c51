-- +goose Up
-- Two-character name search (00010) through an FTS5 index instead of a table
-- of (bigram, rowid) rows (SPEC R17, issue 4's import benchmark). Each
-- name's adjacent-character pairs, lowered as SQLite's lower() does, are
-- written as hex tokens (hex() of their UTF-8 bytes) into a contentless
-- FTS5 table, which keeps compressed lists of rowids: a million names are
-- indexed in seconds instead of fourteen million B-tree inserts (measured in
-- docs/benchmarks.md). A search for a two-character text matches the token
-- of that text (sqlite.BigramQuery); the results are the same as before.
DROP TRIGGER entity_bigrams_au;
DROP TRIGGER entity_bigrams_ad;
DROP TRIGGER entity_bigrams_ai;
DROP TABLE entity_bigrams;

CREATE VIRTUAL TABLE entity_grams USING fts5(
    grams, content='', tokenize='ascii', detail='none'
);
-- +goose StatementBegin
CREATE TRIGGER entity_grams_ai AFTER INSERT ON entities BEGIN
    INSERT INTO entity_grams (rowid, grams)
    SELECT new.rowid, group_concat(hex(lower(substr(new.name, n, 2))), ' ')
    FROM name_positions WHERE n < length(new.name);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER entity_grams_ad AFTER DELETE ON entities BEGIN
    INSERT INTO entity_grams (entity_grams, rowid, grams)
    SELECT 'delete', old.rowid, group_concat(hex(lower(substr(old.name, n, 2))), ' ')
    FROM name_positions WHERE n < length(old.name);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER entity_grams_au AFTER UPDATE OF name ON entities BEGIN
    INSERT INTO entity_grams (entity_grams, rowid, grams)
    SELECT 'delete', old.rowid, group_concat(hex(lower(substr(old.name, n, 2))), ' ')
    FROM name_positions WHERE n < length(old.name);
    INSERT INTO entity_grams (rowid, grams)
    SELECT new.rowid, group_concat(hex(lower(substr(new.name, n, 2))), ' ')
    FROM name_positions WHERE n < length(new.name);
END;
-- +goose StatementEnd

INSERT INTO entity_grams (rowid, grams)
SELECT e.rowid, (SELECT group_concat(hex(lower(substr(e.name, p.n, 2))), ' ')
    FROM name_positions p WHERE p.n < length(e.name))
FROM entities e;

-- +goose Down
DROP TRIGGER entity_grams_au;
DROP TRIGGER entity_grams_ad;
DROP TRIGGER entity_grams_ai;
DROP TABLE entity_grams;
CREATE TABLE entity_bigrams (
    gram TEXT NOT NULL,
    rid  INTEGER NOT NULL,
    PRIMARY KEY (gram, rid)
) WITHOUT ROWID;
-- +goose StatementBegin
CREATE TRIGGER entity_bigrams_ai AFTER INSERT ON entities BEGIN
    INSERT OR IGNORE INTO entity_bigrams (gram, rid)
    SELECT lower(substr(new.name, n, 2)), new.rowid FROM name_positions WHERE n < length(new.name);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER entity_bigrams_ad AFTER DELETE ON entities BEGIN
    DELETE FROM entity_bigrams WHERE rid = old.rowid
    AND gram IN (SELECT lower(substr(old.name, n, 2)) FROM name_positions WHERE n < length(old.name));
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER entity_bigrams_au AFTER UPDATE OF name ON entities BEGIN
    DELETE FROM entity_bigrams WHERE rid = old.rowid
    AND gram IN (SELECT lower(substr(old.name, n, 2)) FROM name_positions WHERE n < length(old.name));
    INSERT OR IGNORE INTO entity_bigrams (gram, rid)
    SELECT lower(substr(new.name, n, 2)), new.rowid FROM name_positions WHERE n < length(new.name);
END;
-- +goose StatementEnd
INSERT OR IGNORE INTO entity_bigrams (gram, rid)
SELECT lower(substr(e.name, p.n, 2)), e.rowid FROM entities e JOIN name_positions p
ON p.n < length(e.name);
