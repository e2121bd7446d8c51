-- +goose Up
-- Two-character name search (SPEC R17). On PostgreSQL the pg_trgm GIN index
-- of 00001 serves names of three or more characters; a two-character term
-- is found by an expression index on every adjacent character pair, queried
-- with the array containment operator.
-- +goose StatementBegin
CREATE FUNCTION name_bigrams(name TEXT) RETURNS TEXT[] AS $$
    SELECT COALESCE(array_agg(DISTINCT lower(substr(name, i, 2))), '{}')
    FROM generate_series(1, length(name) - 1) AS i
$$ LANGUAGE SQL IMMUTABLE PARALLEL SAFE;
-- +goose StatementEnd
CREATE INDEX entities_name_bigrams ON entities USING gin (name_bigrams(name));

-- +goose Down
DROP INDEX entities_name_bigrams;
DROP FUNCTION name_bigrams(TEXT);
