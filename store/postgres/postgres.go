// Package postgres opens a PostgreSQL database through jackc/pgx/v5 and holds
// its migrations and the SQL that only PostgreSQL speaks. The store package
// builds on it; the schema and behaviour match the SQLite store.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"strconv"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/pressly/goose/v3"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Open connects to the PostgreSQL database at the postgres:// URL.
func Open(ctx context.Context, url string) (*sql.DB, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	return db, nil
}

// Migrate applies every migration not yet applied, each in a transaction.
func Migrate(ctx context.Context, db *sql.DB) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub, goose.WithAllowOutofOrder(true))
	if err != nil {
		return fmt.Errorf("migrate postgres: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate postgres: %w", err)
	}
	return nil
}

// Placeholder returns the n-th (1-based) bind placeholder.
func Placeholder(n int) string { return "$" + strconv.Itoa(n) }

// SearchBigram is the query finding entity codes whose name contains a
// two-character text, through the name_bigrams expression index (migration
// 00010). Its arguments are the text in lower case and the limit.
const SearchBigram = `SELECT code FROM entities WHERE name_bigrams(name) @> ARRAY[?::text]
LIMIT ?`
