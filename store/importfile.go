package store

import (
	"context"
	"fmt"
	"time"

	"doublerandom"
)

// Kinds of imported file.
const (
	ImportItems      = "items"
	ImportEntities   = "entities"
	ImportInspectors = "inspectors"
	ImportRisk       = "risk"
	ImportAbnormal   = "abnormal"
	ImportComplaints = "complaints"
	ImportStatus     = "status"
	ImportLibrary    = "library"
	ImportConflicts  = "conflicts"
)

// ImportFile is the provenance of one imported file: what it was, its
// SHA-256, how many rows were stored and refused, who imported it and when.
// Rows stored from it keep its id and their row number.
type ImportFile struct {
	ID       int64
	Kind     string // one of the Import* kinds
	Dept     string
	File     string
	SHA256   string
	Format   string
	Imported int
	Skipped  int
	Actor    string
	At       time.Time
}

// Refusal is a row the store refused although the importer passed it, such
// as a business already in the directory. Field names the column by the
// importer's field key ("code", "cert_no", ...).
type Refusal struct {
	Row   int
	Field string
	Rule  string
	Value string
}

// Import is one file being imported in a transaction. Its methods store
// rows without auditing each: Finish adds the one audit entry of the file
// (its name, SHA-256 and counts), as the conventions ask of bulk imports.
// Rows the store refuses go to Refuse, and are not stored.
type Import struct {
	tx   *Tx
	file ImportFile
	// Refuse is called for every row the store refuses; nil ignores them.
	Refuse func(Refusal)

	entities *entityBatch
}

// BeginImport records the start of a file's import and returns the handle
// that stores its rows. f.ID, f.Actor and f.At are filled in; a department
// f.Dept that does not exist is an EINVALID error.
func (t *Tx) BeginImport(ctx context.Context, f ImportFile) (*Import, error) {
	f.Actor, f.At = doublerandom.ActorFrom(ctx).ID, time.Now().UTC()
	if f.Dept != "" {
		if err := t.checkDept(ctx, f.Dept); err != nil {
			return nil, fmt.Errorf("%s: %w", f.File, err)
		}
	}
	err := t.tx.QueryRowContext(ctx, t.s.rebind(`INSERT INTO import_files (kind, dept, file,
sha256, format, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		f.Kind, f.Dept, f.File, f.SHA256, f.Format, f.Actor, formatStamp(f.At)).Scan(&f.ID)
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", f.File, err)
	}
	return &Import{tx: t, file: f}, nil
}

// ID returns the import's id.
func (im *Import) ID() int64 { return im.file.ID }

// refuse reports a refused row.
func (im *Import) refuse(row int, field, value, format string, args ...any) {
	if im.Refuse != nil {
		im.Refuse(Refusal{Row: row, Field: field, Value: value,
			Rule: fmt.Sprintf(format, args...)})
	}
}

// Finish flushes what is buffered, records the counts and the file's SHA-256
// (known only once the whole file was read) and adds the import's one audit
// entry. extra, when not nil, is added to the audit entry (a version
// number, for example).
func (im *Import) Finish(ctx context.Context, sha256, format string, imported, skipped int,
	extra map[string]any) error {
	if err := im.Flush(ctx); err != nil {
		return err
	}
	f := &im.file
	f.SHA256, f.Format, f.Imported, f.Skipped = sha256, format, imported, skipped
	if _, err := im.tx.exec(ctx, `UPDATE import_files SET sha256 = ?, format = ?, imported = ?,
skipped = ? WHERE id = ?`, sha256, format, imported, skipped, f.ID); err != nil {
		return fmt.Errorf("import %s: %w", f.File, err)
	}
	sum := map[string]any{"file": f.File, "sha256": sha256, "format": format,
		"imported": imported, "skipped": skipped, "import_id": f.ID}
	for k, v := range extra {
		sum[k] = v
	}
	subject := f.Kind
	if f.Dept != "" {
		subject += "/" + f.Dept
	}
	return im.tx.Audit(ctx, f.Kind+".import", subject, nil, sum)
}

// Flush stores what is buffered, so that every refusal has been reported.
// Finish flushes too.
func (im *Import) Flush(ctx context.Context) error {
	if im.entities == nil {
		return nil
	}
	return im.entities.finish(ctx)
}

// ImportFiles returns the latest imports, newest first; dept "" returns
// every department's.
func (s *Store) ImportFiles(ctx context.Context, dept string, limit int) ([]ImportFile, error) {
	q, args := `SELECT id, kind, dept, file, sha256, format, imported, skipped, actor, at
FROM import_files`, []any{}
	if dept != "" {
		q, args = q+` WHERE dept = ?`, append(args, dept)
	}
	rows, err := s.query(ctx, q+` ORDER BY id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("imports: %w", err)
	}
	defer rows.Close()
	var out []ImportFile
	for rows.Next() {
		var (
			f  ImportFile
			at string
		)
		if err := rows.Scan(&f.ID, &f.Kind, &f.Dept, &f.File, &f.SHA256, &f.Format, &f.Imported,
			&f.Skipped, &f.Actor, &at); err != nil {
			return nil, fmt.Errorf("scan import: %w", err)
		}
		if f.At, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// checkDept returns an EINVALID error when there is no department code.
func (t *Tx) checkDept(ctx context.Context, code string) error {
	var n int
	err := t.tx.QueryRowContext(ctx, t.s.rebind(`SELECT COUNT(*) FROM departments
WHERE code = ?`), code).Scan(&n)
	if err != nil {
		return fmt.Errorf("department %s: %w", code, err)
	}
	if n == 0 {
		return doublerandom.Errorf(doublerandom.EINVALID,
			"unknown department %q; add it first (doublerandom dept add)", code)
	}
	return nil
}
