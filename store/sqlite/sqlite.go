// Package sqlite opens the embedded default database, SQLite through the pure
// Go driver modernc.org/sqlite in WAL mode, and holds its migrations and the
// SQL that only SQLite speaks. The store package builds on it.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"strings"

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

// BulkIndex does the work of an insert trigger for every business whose
// rowid is above watermark, inside the transaction tx.
type BulkIndex func(ctx context.Context, tx *sql.Tx, watermark int64) error

// BulkEntityIndexes maps each AFTER INSERT trigger on entities, by name, to
// the BulkIndex that does its work for many new rows at once. A bulk import
// of many businesses drops these triggers inside its transaction, inserts
// the rows, runs the bulk indexes once over the new rows and creates the
// triggers again before it commits: building an index over a million rows
// at once is several times faster than a million trigger runs. A trigger on
// entities not named here keeps a bulk import on the row-by-row path, so
// that a new trigger is never skipped; a test compares both paths.
var BulkEntityIndexes = map[string]BulkIndex{
	// 00001: the FTS5 trigram index of names.
	"entities_fts_ai": func(ctx context.Context, tx *sql.Tx, watermark int64) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO entities_fts (rowid, name)
SELECT rowid, name FROM entities WHERE rowid > ?`, watermark)
		return err
	},
	// 00012: every pair of adjacent characters of every name, as tokens.
	"entity_grams_ai": func(ctx context.Context, tx *sql.Tx, watermark int64) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO entity_grams (rowid, grams)
SELECT e.rowid, (SELECT group_concat(hex(lower(substr(e.name, p.n, 2))), ' ')
	FROM name_positions p WHERE p.n < length(e.name))
FROM entities e WHERE e.rowid > ?`, watermark)
		return err
	},
}

// BulkCacheKiB is the page cache a bulk import gives its connection, in
// KiB: the indexes of a million new rows are built in memory instead of
// spilling pages to the file. It is a bound, not a size that grows with the
// import.
const BulkCacheKiB = 200 << 10

// DefaultCacheKiB is SQLite's default page cache in KiB, restored after a
// bulk import.
const DefaultCacheKiB = 2000

// BigramQuery returns the FTS5 query of SearchBigram for a two-character
// text: the token the triggers of migration 00012 write for it, the hex of
// its UTF-8 bytes after lowering ASCII letters as SQLite's lower() does.
func BigramQuery(text string) string {
	b := []byte(text)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return `"` + strings.ToUpper(hex.EncodeToString(b)) + `"`
}
