package store

import (
	"context"
	"database/sql"
	"fmt"

	"doublerandom"
)

// PutResult records (or corrects) the result of one business in a task.
func (t *Tx) PutResult(ctx context.Context, r doublerandom.Result) error {
	if !r.Type.Valid() {
		return doublerandom.Errorf(doublerandom.EINVALID,
			"result type %q is not one of the ten types of Art. 22", r.Type)
	}
	var before *doublerandom.Result
	var old doublerandom.Result
	var typ, at string
	err := t.tx.QueryRowContext(ctx, t.s.rebind(`SELECT result_type, note, recorded_by, recorded_at
FROM results WHERE task_id = ? AND entity_code = ?`), r.TaskID, r.EntityCode).Scan(&typ,
		&old.Note, &old.RecordedBy, &at)
	switch {
	case err == nil:
		old.TaskID, old.EntityCode, old.Type = r.TaskID, r.EntityCode, doublerandom.ResultType(typ)
		old.RecordedAt, _ = parseTime(at)
		before = &old
	case !isNoRows(err):
		return fmt.Errorf("result of %s in task %d: %w", r.EntityCode, r.TaskID, err)
	}
	_, err = t.exec(ctx, `INSERT INTO results (task_id, entity_code, result_type, note,
recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (task_id, entity_code) DO UPDATE SET result_type = excluded.result_type,
note = excluded.note, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`,
		r.TaskID, r.EntityCode, string(r.Type), r.Note, r.RecordedBy, formatTime(r.RecordedAt))
	if err != nil {
		return fmt.Errorf("result of %s in task %d: %w", r.EntityCode, r.TaskID, err)
	}
	return t.Audit(ctx, "result.put", taskSubject(r.TaskID)+"/"+r.EntityCode, before, r)
}

// Results returns the results of a task, ordered by business code.
func (s *Store) Results(ctx context.Context, taskID int64) ([]doublerandom.Result, error) {
	rows, err := s.query(ctx, `SELECT task_id, entity_code, result_type, note, recorded_by,
recorded_at FROM results WHERE task_id = ? ORDER BY entity_code`, taskID)
	if err != nil {
		return nil, fmt.Errorf("results of task %d: %w", taskID, err)
	}
	return scanResults(rows)
}

// PublishedResults returns the published results of a business, newest task
// first: what the public may see of its history of checks.
func (s *Store) PublishedResults(ctx context.Context, code string) ([]doublerandom.Result, error) {
	rows, err := s.query(ctx, `SELECT r.task_id, r.entity_code, r.result_type, r.note,
r.recorded_by, r.recorded_at FROM results r JOIN tasks t ON t.id = r.task_id
WHERE r.entity_code = ? AND t.state = ? ORDER BY r.task_id DESC`,
		code, string(doublerandom.TaskPublished))
	if err != nil {
		return nil, fmt.Errorf("results of %s: %w", code, err)
	}
	return scanResults(rows)
}

func scanResults(rows *sql.Rows) ([]doublerandom.Result, error) {
	defer rows.Close()
	var out []doublerandom.Result
	for rows.Next() {
		var (
			r       doublerandom.Result
			typ, at string
		)
		err := rows.Scan(&r.TaskID, &r.EntityCode, &typ, &r.Note, &r.RecordedBy, &at)
		if err != nil {
			return nil, fmt.Errorf("scan result: %w", err)
		}
		r.Type = doublerandom.ResultType(typ)
		if r.RecordedAt, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
