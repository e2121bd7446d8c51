package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"doublerandom"
	"doublerandom/store/sqlite"
)

// entityBatchSize is how many businesses one INSERT statement adds.
const entityBatchSize = 100

// suspendAfter is how many businesses an import adds through the SQLite
// triggers before it suspends them for the rest of the file and builds
// their indexes at the end (see sqlite.BulkEntityIndexes).
var suspendAfter = 20_000

// insertColumns are the columns a bulk import sets for a new business.
const insertColumns = stateColumns +
	`, since, event, event_note, changed_by, import_id, import_row`

var insertWidth = strings.Count(insertColumns, ",") + 1

// entityBatch adds the businesses of one import, entityBatchSize rows per
// statement. Duplicates are left to the primary key of entities (ON
// CONFLICT DO NOTHING), so that the import keeps no index of its own: a
// row the database did not take is looked up and refused, naming the row
// of the same file or the directory entry it repeats.
type entityBatch struct {
	im      *Import
	pending []pendingEntity
	stmt    *sql.Stmt
	args    []any
	stamp   string
	actor   string
	added   int
	// suspended holds the SQL of the triggers dropped for the import, by
	// name, and watermark the largest rowid before them.
	suspended map[string]string
	watermark int64
}

type pendingEntity struct {
	row int
	e   doublerandom.Entity
}

// AddEntity adds a business that enters the district registry from row of
// the file. It is stored when its batch is written, at the latest by
// Finish; a code already in the directory, or on an earlier row of the
// file, is refused then.
func (im *Import) AddEntity(ctx context.Context, row int, e doublerandom.Entity) error {
	b := im.entities
	if b == nil {
		b = &entityBatch{im: im, stamp: formatStamp(im.file.At), actor: im.file.Actor}
		im.entities = b
	}
	b.pending = append(b.pending, pendingEntity{row: row, e: e})
	if len(b.pending) < entityBatchSize {
		return nil
	}
	return b.flush(ctx)
}

// flush writes the pending rows.
func (b *entityBatch) flush(ctx context.Context) error {
	if len(b.pending) == 0 {
		return nil
	}
	if err := b.maybeSuspend(ctx); err != nil {
		return err
	}
	t := b.im.tx
	b.args = b.args[:0]
	for _, p := range b.pending {
		e := p.e
		b.args = append(b.args, e.Code, string(e.CodeKind), e.Name, e.EntityType, e.Industry,
			e.Region, e.Address, e.LegalRep, statusOrActive(e.Status), e.RiskClass,
			boolInt(e.Abnormal), e.Complaints, e.RegOrg, e.Supervisor, boolInt(e.NeedsReview),
			formatDate(e.AbnormalSince), b.stamp, doublerandom.EventEnter, b.im.file.File,
			b.actor, b.im.file.ID, p.row)
	}
	var res sql.Result
	var err error
	if len(b.pending) == entityBatchSize {
		if b.stmt == nil {
			q := t.s.rebind(insertEntitiesSQL(entityBatchSize))
			if b.stmt, err = t.tx.PrepareContext(ctx, q); err != nil {
				return fmt.Errorf("add businesses: %w", err)
			}
		}
		res, err = b.stmt.ExecContext(ctx, b.args...)
	} else {
		res, err = t.tx.ExecContext(ctx, t.s.rebind(insertEntitiesSQL(len(b.pending))), b.args...)
	}
	if err != nil {
		return fmt.Errorf("add businesses: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("add businesses: %w", err)
	}
	b.added += int(n)
	if int(n) < len(b.pending) {
		if err := b.refuseDuplicates(ctx); err != nil {
			return err
		}
	}
	b.pending = b.pending[:0]
	return nil
}

// insertEntitiesSQL is the statement adding n businesses.
func insertEntitiesSQL(n int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", insertWidth), ", ") + ")"
	return `INSERT INTO entities (` + insertColumns + `) VALUES ` +
		strings.TrimSuffix(strings.Repeat(row+", ", n), ", ") + ` ON CONFLICT (code) DO NOTHING`
}

// refuseDuplicates refuses the pending rows the database did not store: a
// row stored holds this import's id and its own row number.
func (b *entityBatch) refuseDuplicates(ctx context.Context) error {
	t := b.im.tx
	args := []any{b.im.file.ID}
	for _, p := range b.pending {
		args = append(args, p.e.Code)
	}
	rows, err := t.tx.QueryContext(ctx, t.s.rebind(`SELECT import_row FROM entities
WHERE import_id = ? AND code IN (`+marks(len(b.pending))+
		`)`), args...)
	if err != nil {
		return fmt.Errorf("duplicates: %w", err)
	}
	stored := map[int]bool{}
	for rows.Next() {
		var row int
		if err := rows.Scan(&row); err != nil {
			rows.Close()
			return err
		}
		stored[row] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, p := range b.pending {
		if stored[p.row] {
			continue
		}
		var (
			importID      int64
			importRow     int
			name, since   string
			file, changed string
		)
		err := b.im.tx.tx.QueryRowContext(ctx, b.im.tx.s.rebind(`SELECT e.import_id,
e.import_row, e.name, e.since, COALESCE(f.file, ''), e.changed_by FROM entities e
LEFT JOIN import_files f ON f.id = e.import_id WHERE e.code = ?`), p.e.Code).Scan(
			&importID, &importRow, &name, &since, &file, &changed)
		if err != nil {
			return fmt.Errorf("duplicate %s: %w", p.e.Code, err)
		}
		switch {
		case importID == b.im.file.ID:
			b.im.refuse(p.row, "code", p.e.Code, "the same code is already on row %d", importRow)
		case file != "":
			b.im.refuse(p.row, "code", p.e.Code, "already in the directory as %s, imported "+
				"from %s row %d; change it there instead of adding it again", name, file,
				importRow)
		default:
			b.im.refuse(p.row, "code", p.e.Code, "already in the directory as %s; change it "+
				"there instead of adding it again", name)
		}
	}
	return nil
}

// maybeSuspend suspends the SQLite insert triggers of entities once the
// import has added suspendAfter rows, when every one of them has a bulk
// equivalent.
func (b *entityBatch) maybeSuspend(ctx context.Context) error {
	t := b.im.tx
	if t.s.postgres || b.suspended != nil || b.added < suspendAfter {
		return nil
	}
	rows, err := t.tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master
WHERE type = 'trigger' AND tbl_name = 'entities'`)
	if err != nil {
		return fmt.Errorf("entity triggers: %w", err)
	}
	triggers := map[string]string{}
	for rows.Next() {
		var name, q string
		if err := rows.Scan(&name, &q); err != nil {
			rows.Close()
			return err
		}
		if strings.Contains(strings.ToUpper(q), " INSERT ON ") {
			triggers[name] = q
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for name := range triggers {
		if _, ok := sqlite.BulkEntityIndexes[name]; !ok {
			b.suspended = map[string]string{} // unknown trigger: stay row by row
			return nil
		}
	}
	if err := t.tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(rowid), 0) FROM entities`).Scan(
		&b.watermark); err != nil {
		return err
	}
	for name := range triggers {
		if _, err := t.tx.ExecContext(ctx, `DROP TRIGGER `+name); err != nil {
			return fmt.Errorf("suspend %s: %w", name, err)
		}
	}
	if _, err := t.tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = -%d`,
		sqlite.BulkCacheKiB)); err != nil {
		return err
	}
	b.suspended = triggers
	if b.stmt != nil { // prepared before the schema changed
		b.stmt.Close()
		b.stmt = nil
	}
	return nil
}

// finish writes the last rows, builds the indexes of suspended triggers over
// the new rows and restores the triggers.
func (b *entityBatch) finish(ctx context.Context) error {
	if err := b.flush(ctx); err != nil {
		return err
	}
	if b.stmt != nil {
		b.stmt.Close()
		b.stmt = nil
	}
	if len(b.suspended) == 0 {
		return nil
	}
	t := b.im.tx
	for name, create := range b.suspended {
		if err := sqlite.BulkEntityIndexes[name](ctx, t.tx, b.watermark); err != nil {
			return fmt.Errorf("bulk %s: %w", name, err)
		}
		if _, err := t.tx.ExecContext(ctx, create); err != nil {
			return fmt.Errorf("restore %s: %w", name, err)
		}
	}
	b.suspended = nil
	_, err := t.tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = -%d`,
		sqlite.DefaultCacheKiB))
	return err
}
