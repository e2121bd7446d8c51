// Package sqlite opens the embedded default database, SQLite through the pure
// Go driver modernc.org/sqlite in WAL mode, and holds its migrations and the
// SQL that only SQLite speaks. The store package builds on it.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// Open opens (creating if needed) the SQLite database in the file path and
// applies the pragmas the store relies on: WAL journal, foreign keys, a busy
// timeout so that concurrent writers wait instead of failing.
func Open(ctx context.Context, path string) (*sql.DB, error) {
	q := url.Values{}
	for _, p := range []string{
		"journal_mode(WAL)", "foreign_keys(1)", "busy_timeout(10000)", "synchronous(NORMAL)",
	} {
		q.Add("_pragma", p)
	}
	// Immediate transactions take the write lock at BEGIN, so that two
	// writers wait for each other instead of failing on lock upgrade.
	q.Set("_txlock", "immediate")
	dsn := "file:" + path + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	// Keep connections open: a new one re-reads the schema and starts with a
	// cold page cache, which under concurrent load costs more than the query.
	// WAL lets the readers run side by side; writers queue on the lock.
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	return db, nil
}

// maxConns bounds the connections to one SQLite database.
const maxConns = 16

// Migrate applies every migration not yet applied, each in a transaction.
func Migrate(ctx context.Context, db *sql.DB) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, sub, goose.WithAllowOutofOrder(true))
	if err != nil {
		return fmt.Errorf("migrate sqlite: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate sqlite: %w", err)
	}
	return nil
}

// SearchNames is the query finding entity codes whose name contains a text of
// three or more characters, through the FTS5 trigram index. Its arguments
// are the text quoted as an FTS5 string and the limit. It returns matches in
// index order, so that a common term stops at the limit instead of sorting
// every match.
const SearchNames = `SELECT e.code FROM entities_fts f JOIN entities e ON e.rowid = f.rowid
WHERE entities_fts MATCH ? LIMIT ?`

// SearchBigram is the query finding entity codes whose name contains a
// two-character text, through the entity_grams FTS5 index (migration
// 00012, which replaced 00010's table). Its arguments are BigramQuery of
// the text and the limit.
const SearchBigram = `SELECT e.code FROM entity_grams g JOIN entities e ON e.rowid = g.rowid
WHERE entity_grams MATCH ? LIMIT ?`

// Placeholder returns the n-th (1-based) bind placeholder.
func Placeholder(int) string { return "?" }
