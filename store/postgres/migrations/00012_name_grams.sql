-- +goose Up
-- SQLite's two-character name search moves to an FTS5 index in this
-- version (see the SQLite migration of the same number). PostgreSQL keeps
-- the name_bigrams expression index of 00010: nothing changes here; the
-- migration exists so that both databases carry the same version numbers.
SELECT 1;

-- +goose Down
SELECT 1;
