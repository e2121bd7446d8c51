-- +goose Up
-- Credit feedback (SPEC R19): the last assessment of each business by the
-- published rules of package credit, and the registry's own class, kept so
-- that the class returns to it when the record ages out.
CREATE TABLE credit_assessments (
    code           TEXT PRIMARY KEY REFERENCES entities(code),
    registry_class TEXT NOT NULL,
    class          TEXT NOT NULL,
    rule           TEXT NOT NULL,
    assessed_at    TEXT NOT NULL
);

-- +goose Down
DROP TABLE credit_assessments;
