-- +goose Up
ALTER TABLE tasks ADD COLUMN mode TEXT NOT NULL DEFAULT 'uniform';
ALTER TABLE tasks ADD COLUMN ratios TEXT NOT NULL DEFAULT '';
ALTER TABLE tasks ADD COLUMN complaint_threshold INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE tasks DROP COLUMN complaint_threshold;
ALTER TABLE tasks DROP COLUMN ratios;
ALTER TABLE tasks DROP COLUMN mode;
