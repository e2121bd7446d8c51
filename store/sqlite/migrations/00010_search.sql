-- +goose Up
-- Two-character name search (SPEC R17). The FTS5 trigram index finds terms
-- of three or more characters; a two-character term such as 药店 needs its
-- own index: every pair of adjacent characters of every name, kept by
-- triggers. The numbers table drives the triggers, which may not use CTEs.
CREATE TABLE name_positions (n INTEGER PRIMARY KEY);
-- +goose StatementBegin
INSERT INTO name_positions (n)
WITH RECURSIVE p(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM p WHERE n < 200)
SELECT n FROM p;
-- +goose StatementEnd

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

-- +goose Down
DROP TRIGGER entity_bigrams_au;
DROP TRIGGER entity_bigrams_ad;
DROP TRIGGER entity_bigrams_ai;
DROP TABLE entity_bigrams;
DROP TABLE name_positions;
