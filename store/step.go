package store

import (
	"context"
	"fmt"

	"doublerandom"
)

// CompleteStep records that a department completed a step of its year, once:
// a step already recorded keeps its first completion, and CompleteStep then
// reports false and changes nothing.
func (t *Tx) CompleteStep(ctx context.Context, r doublerandom.StepRecord) (bool, error) {
	if !r.Step.Valid() {
		return false, doublerandom.Errorf(doublerandom.EINVALID,
			"%s is not one of the ten steps", r.Step)
	}
	res, err := t.exec(ctx, `INSERT INTO dept_steps (dept, year, step, done_at, ref, actor)
VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (dept, year, step) DO NOTHING`,
		r.Dept, r.Year, int(r.Step), formatTime(r.DoneAt), r.Ref, r.Actor)
	if err != nil {
		return false, fmt.Errorf("complete %s of %s %d: %w", r.Step, r.Dept, r.Year, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	subject := fmt.Sprintf("steps/%s/%d", r.Dept, r.Year)
	return true, t.Audit(ctx, "step.complete", subject, nil, r)
}

// StepRecords returns the steps completed in a year, by department and step;
// dept "" returns every department's.
func (s *Store) StepRecords(ctx context.Context, year int,
	dept string) ([]doublerandom.StepRecord, error) {
	q, args := `SELECT dept, year, step, done_at, ref, actor FROM dept_steps WHERE year = ?`,
		[]any{year}
	if dept != "" {
		q, args = q+` AND dept = ?`, append(args, dept)
	}
	rows, err := s.query(ctx, q+` ORDER BY dept, step`, args...)
	if err != nil {
		return nil, fmt.Errorf("steps of %d: %w", year, err)
	}
	defer rows.Close()
	var out []doublerandom.StepRecord
	for rows.Next() {
		var (
			r    doublerandom.StepRecord
			step int
			at   string
		)
		if err := rows.Scan(&r.Dept, &r.Year, &step, &at, &r.Ref, &r.Actor); err != nil {
			return nil, fmt.Errorf("scan step: %w", err)
		}
		r.Step = doublerandom.Step(step)
		if r.DoneAt, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// PutTaskRules stores the implementation rules (实施细则) of a task as
// published. Rules once published are not replaced.
func (t *Tx) PutTaskRules(ctx context.Context, r doublerandom.TaskRules) error {
	res, err := t.exec(ctx, `INSERT INTO task_rules (task_id, body, published_by, published_at)
VALUES (?, ?, ?, ?) ON CONFLICT (task_id) DO NOTHING`, r.TaskID, r.Body, r.PublishedBy,
		formatTime(r.PublishedAt))
	if err != nil {
		return fmt.Errorf("rules of task %d: %w", r.TaskID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return doublerandom.Errorf(doublerandom.ECONFLICT,
			"task %d's implementation rules are already published", r.TaskID)
	}
	return t.Audit(ctx, "task.rules", taskSubject(r.TaskID), nil, r)
}

// TaskRules returns the published implementation rules of a task; a task
// without them is a not-found error.
func (s *Store) TaskRules(ctx context.Context, taskID int64) (*doublerandom.TaskRules, error) {
	r := doublerandom.TaskRules{TaskID: taskID}
	var at string
	err := s.queryRow(ctx, `SELECT body, published_by, published_at FROM task_rules
WHERE task_id = ?`, taskID).Scan(&r.Body, &r.PublishedBy, &at)
	if err != nil {
		return nil, notFound(err,
			"task %d's implementation rules (实施细则) are not published yet", taskID)
	}
	if r.PublishedAt, err = parseTime(at); err != nil {
		return nil, err
	}
	return &r, nil
}
