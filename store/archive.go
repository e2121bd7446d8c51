package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Archive is a built archive package (检查档案, SPEC R23): either of one task
// (TaskID set) or of a department's year (Dept and Year set). The zip itself
// is kept, so that what was delivered can be fetched again byte for byte.
type Archive struct {
	ID          int64
	Dept        string
	Year        int
	TaskID      int64
	SHA256      string
	Size        int64
	BuiltBy     string
	BuiltAt     time.Time
	DeliveredAt time.Time // zero unless delivered to the joint meeting office
}

// AddArchive stores a built archive with its content and returns its id.
func (t *Tx) AddArchive(ctx context.Context, a Archive, content []byte) (int64, error) {
	err := t.tx.QueryRowContext(ctx, t.s.rebind(`INSERT INTO archives (dept, year, task_id,
sha256, size, content, built_by, built_at, delivered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id`), a.Dept, a.Year, a.TaskID, a.SHA256, a.Size, content, a.BuiltBy,
		formatTime(a.BuiltAt), formatTime(a.DeliveredAt)).Scan(&a.ID)
	if err != nil {
		return 0, fmt.Errorf("store archive: %w", err)
	}
	subject := fmt.Sprintf("archive/%s/%d", a.Dept, a.Year)
	if a.TaskID != 0 {
		subject = taskSubject(a.TaskID) + "/archive"
	}
	return a.ID, t.Audit(ctx, "archive.add", subject, nil, a)
}

// ArchiveFilter selects archives. Zero fields select all.
type ArchiveFilter struct {
	ID        int64
	Dept      string
	Year      int
	TaskID    int64
	Delivered bool // only delivered ones
}

// Archives returns the archives matching f (without content), newest first.
func (s *Store) Archives(ctx context.Context, f ArchiveFilter) ([]Archive, error) {
	var (
		where []string
		args  []any
	)
	for _, c := range []struct {
		ok   bool
		cond string
		arg  any
	}{
		{f.ID != 0, "id = ?", f.ID}, {f.Dept != "", "dept = ?", f.Dept},
		{f.Year != 0, "year = ?", f.Year}, {f.TaskID != 0, "task_id = ?", f.TaskID},
	} {
		if c.ok {
			where, args = append(where, c.cond), append(args, c.arg)
		}
	}
	if f.Delivered {
		where = append(where, "delivered_at <> ''")
	}
	q := `SELECT id, dept, year, task_id, sha256, size, built_by, built_at, delivered_at
FROM archives`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.query(ctx, q+" ORDER BY id DESC", args...)
	if err != nil {
		return nil, fmt.Errorf("archives: %w", err)
	}
	defer rows.Close()
	var out []Archive
	for rows.Next() {
		var (
			a          Archive
			built, del string
		)
		if err := rows.Scan(&a.ID, &a.Dept, &a.Year, &a.TaskID, &a.SHA256, &a.Size, &a.BuiltBy,
			&built, &del); err != nil {
			return nil, fmt.Errorf("scan archive: %w", err)
		}
		if a.BuiltAt, err = parseTime(built); err != nil {
			return nil, err
		}
		if a.DeliveredAt, err = parseTime(del); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ArchiveContent returns the zip of a stored archive.
func (s *Store) ArchiveContent(ctx context.Context, id int64) ([]byte, error) {
	var b []byte
	err := s.queryRow(ctx, `SELECT content FROM archives WHERE id = ?`, id).Scan(&b)
	if err != nil {
		return nil, notFound(err, "no archive %d", id)
	}
	return b, nil
}
