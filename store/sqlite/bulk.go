package sqlite

import (
	"context"
	"database/sql"
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
	// 00010: every pair of adjacent characters of every name.
	"entity_bigrams_ai": func(ctx context.Context, tx *sql.Tx, watermark int64) error {
		_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO entity_bigrams (gram, rid)
SELECT lower(substr(e.name, p.n, 2)), e.rowid FROM entities e JOIN name_positions p
ON p.n < length(e.name) WHERE e.rowid > ?`, watermark)
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
