package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"doublerandom"
)

// CreateTask inserts a task with its items and returns it with its id.
func (t *Tx) CreateTask(ctx context.Context, task doublerandom.Task) (*doublerandom.Task, error) {
	task.State = doublerandom.TaskCreated
	if task.Mode == "" {
		task.Mode = doublerandom.DrawUniform
	}
	ratios, err := jsonText(task.Ratios)
	if err != nil || len(task.Ratios) == 0 {
		ratios = ""
	}
	err = t.tx.QueryRowContext(ctx, t.s.rebind(`INSERT INTO tasks (title, lead_dept, participating,
ratio, inspection_date, state, created_at, mode, ratios, complaint_threshold,
inspection_end, plan_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		task.Title, task.LeadDept, strings.Join(task.Participating, ","), task.Ratio,
		formatDate(task.InspectionDate), string(task.State), formatTime(task.CreatedAt),
		task.Mode, ratios, task.ComplaintThreshold, formatDate(task.InspectionEnd), task.PlanID,
	).Scan(&task.ID)
	if err != nil {
		return nil, fmt.Errorf("create task: %w", err)
	}
	for _, id := range task.ItemIDs {
		if _, err := t.exec(ctx, `INSERT INTO task_items (task_id, item_id) VALUES (?, ?)`,
			task.ID, id); err != nil {
			return nil, fmt.Errorf("create task: item %d: %w", id, err)
		}
	}
	if err := t.Audit(ctx, "task.create", taskSubject(task.ID), nil, task); err != nil {
		return nil, err
	}
	return &task, nil
}

// SetTaskState moves a task from state from to state to. It fails with a
// conflict when the task is not in state from, so that two concurrent steps
// cannot both succeed.
func (t *Tx) SetTaskState(ctx context.Context, id int64, from, to doublerandom.TaskState,
	at time.Time) error {
	q := `UPDATE tasks SET state = ? WHERE id = ? AND state = ?`
	args := []any{string(to), id, string(from)}
	if to == doublerandom.TaskPublished {
		q = `UPDATE tasks SET state = ?, published_at = ? WHERE id = ? AND state = ?`
		args = []any{string(to), formatTime(at), id, string(from)}
	}
	res, err := t.exec(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("task %d state: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return doublerandom.Errorf(doublerandom.ECONFLICT,
			"task %d is not in state %q", id, from)
	}
	return t.Audit(ctx, "task.state", taskSubject(id), map[string]string{"state": string(from)},
		map[string]string{"state": string(to)})
}

func taskSubject(id int64) string { return fmt.Sprintf("task/%d", id) }

const taskColumns = `id, title, lead_dept, participating, ratio, inspection_date, state,
created_at, published_at, mode, ratios, complaint_threshold, inspection_end, plan_id,
merged_into`

// Task returns the task with the given id, with its item ids.
func (s *Store) Task(ctx context.Context, id int64) (*doublerandom.Task, error) {
	ts, err := s.tasks(ctx, `WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(ts) == 0 {
		return nil, doublerandom.Errorf(doublerandom.ENOTFOUND, "no task %d", id)
	}
	rows, err := s.query(ctx,
		`SELECT item_id FROM task_items WHERE task_id = ? ORDER BY item_id`, id)
	if err != nil {
		return nil, fmt.Errorf("task %d items: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var item int64
		if err := rows.Scan(&item); err != nil {
			return nil, err
		}
		ts[0].ItemIDs = append(ts[0].ItemIDs, item)
	}
	return &ts[0], rows.Err()
}

// Tasks returns the tasks in the given states (all when none are given),
// newest first.
func (s *Store) Tasks(ctx context.Context,
	states ...doublerandom.TaskState) ([]doublerandom.Task, error) {
	if len(states) == 0 {
		return s.tasks(ctx, ``)
	}
	args := make([]any, len(states))
	for i, st := range states {
		args[i] = string(st)
	}
	return s.tasks(ctx, `WHERE state IN (`+marks(len(states))+`)`,
		args...)
}

func (s *Store) tasks(ctx context.Context, where string, args ...any) ([]doublerandom.Task, error) {
	rows, err := s.query(ctx,
		`SELECT `+taskColumns+` FROM tasks `+where+` ORDER BY id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("tasks: %w", err)
	}
	defer rows.Close()
	var out []doublerandom.Task
	for rows.Next() {
		var (
			t                           doublerandom.Task
			parts, date, state, cr, pub string
			ratios, end                 string
		)
		if err := rows.Scan(&t.ID, &t.Title, &t.LeadDept, &parts, &t.Ratio, &date, &state,
			&cr, &pub, &t.Mode, &ratios, &t.ComplaintThreshold, &end, &t.PlanID,
			&t.MergedInto); err != nil {
			return nil, fmt.Errorf("scan task: %w", err)
		}
		if ratios != "" {
			if err := json.Unmarshal([]byte(ratios), &t.Ratios); err != nil {
				return nil, fmt.Errorf("task %d: ratios: %w", t.ID, err)
			}
		}
		if parts != "" {
			t.Participating = strings.Split(parts, ",")
		}
		t.State = doublerandom.TaskState(state)
		if t.InspectionDate, err = parseDate(date); err != nil {
			return nil, fmt.Errorf("task %d: %w", t.ID, err)
		}
		if t.InspectionEnd, err = parseDate(end); err != nil {
			return nil, fmt.Errorf("task %d: %w", t.ID, err)
		}
		if t.CreatedAt, err = parseTime(cr); err != nil {
			return nil, fmt.Errorf("task %d: %w", t.ID, err)
		}
		if t.PublishedAt, err = parseTime(pub); err != nil {
			return nil, fmt.Errorf("task %d: %w", t.ID, err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
