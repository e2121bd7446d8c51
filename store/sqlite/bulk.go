package sqlite

import (
	"context"
	"database/sql"
	"encoding/hex"
	"strings"
)

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
