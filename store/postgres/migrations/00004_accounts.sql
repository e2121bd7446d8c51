-- +goose Up
-- Staff accounts (SPEC R21). The password is kept as an argon2id PHC string.
CREATE TABLE users (
    name          TEXT PRIMARY KEY,
    dept          TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL,
    inspector_id  TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
);

-- Server-side sessions and API tokens: only the SHA-256 of the token the
-- client holds is stored.
CREATE TABLE sessions (
    token_sha256 TEXT PRIMARY KEY,
    user_name    TEXT NOT NULL REFERENCES users(name),
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    address      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_name);

CREATE TABLE api_tokens (
    token_sha256 TEXT PRIMARY KEY,
    user_name    TEXT NOT NULL REFERENCES users(name),
    label        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);

-- +goose Down
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE users;
