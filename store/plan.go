package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"doublerandom"
)

// AddListPublication records the publication of a department's item list and
// returns its id.
func (t *Tx) AddListPublication(ctx context.Context, p doublerandom.ListPublication) (int64,
	error) {
	err := t.tx.QueryRowContext(ctx, t.s.rebind(`INSERT INTO list_publications (dept, items,
sha256, published_by, published_at) VALUES (?, ?, ?, ?, ?) RETURNING id`),
		p.Dept, p.Items, p.SHA256, p.PublishedBy, formatTime(p.PublishedAt)).Scan(&p.ID)
	if err != nil {
		return 0, fmt.Errorf("publish list of %s: %w", p.Dept, err)
	}
	return p.ID, t.Audit(ctx, "list.publish", "department/"+p.Dept, nil, p)
}

// ListPublications returns the publications of a department's item list,
// newest first.
func (s *Store) ListPublications(ctx context.Context,
	dept string) ([]doublerandom.ListPublication, error) {
	rows, err := s.query(ctx, `SELECT id, dept, items, sha256, published_by, published_at
FROM list_publications WHERE dept = ? ORDER BY id DESC`, dept)
	if err != nil {
		return nil, fmt.Errorf("list publications of %s: %w", dept, err)
	}
	defer rows.Close()
	var out []doublerandom.ListPublication
	for rows.Next() {
		var (
			p  doublerandom.ListPublication
			at string
		)
		if err := rows.Scan(&p.ID, &p.Dept, &p.Items, &p.SHA256, &p.PublishedBy, &at); err != nil {
			return nil, fmt.Errorf("scan list publication: %w", err)
		}
		if p.PublishedAt, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// CreatePlan inserts a proposed plan with its items and returns its id.
func (t *Tx) CreatePlan(ctx context.Context, p doublerandom.Plan) (int64, error) {
	scope, err := json.Marshal(p.Scope)
	if err != nil {
		return 0, err
	}
	err = t.tx.QueryRowContext(ctx, t.s.rebind(`INSERT INTO plans (year, title, lead_dept,
participating, scope, ratio, window_start, window_end, state, proposed_by, proposed_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		p.Year, p.Title, p.LeadDept, strings.Join(p.Participating, ","), string(scope), p.Ratio,
		formatDate(p.WindowStart), formatDate(p.WindowEnd), string(p.State), p.ProposedBy,
		formatTime(p.ProposedAt)).Scan(&p.ID)
	if err != nil {
		return 0, fmt.Errorf("create plan: %w", err)
	}
	for _, id := range p.ItemIDs {
		if _, err := t.exec(ctx, `INSERT INTO plan_items (plan_id, item_id) VALUES (?, ?)`,
			p.ID, id); err != nil {
			return 0, fmt.Errorf("create plan: item %d: %w", id, err)
		}
	}
	return p.ID, t.Audit(ctx, "plan.create", planSubject(p.ID), nil, p)
}

// SetPlanState moves a plan from state from to state to, stamping at as its
// publication time when to is published. It fails with a conflict when the
// plan is not in state from.
func (t *Tx) SetPlanState(ctx context.Context, id int64, from, to doublerandom.PlanState,
	at time.Time) error {
	q, args := `UPDATE plans SET state = ? WHERE id = ? AND state = ?`,
		[]any{string(to), id, string(from)}
	if to == doublerandom.PlanPublished {
		q, args = `UPDATE plans SET state = ?, published_at = ? WHERE id = ? AND state = ?`,
			[]any{string(to), formatTime(at), id, string(from)}
	}
	res, err := t.exec(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("plan %d state: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return doublerandom.Errorf(doublerandom.ECONFLICT, "plan %d is not %s", id, from)
	}
	return t.Audit(ctx, "plan.state", planSubject(id), map[string]string{"state": string(from)},
		map[string]string{"state": string(to)})
}

func planSubject(id int64) string { return fmt.Sprintf("plan/%d", id) }

const planColumns = `id, year, title, lead_dept, participating, scope, ratio, window_start,
window_end, state, proposed_by, proposed_at, published_at`

// PlanFilter selects plans. Zero fields select all.
type PlanFilter struct {
	Year   int
	Dept   string                   // plans the department leads or takes part in
	States []doublerandom.PlanState // only these states
}

// Plan returns the plan with the given id, with its item ids.
func (s *Store) Plan(ctx context.Context, id int64) (*doublerandom.Plan, error) {
	ps, err := s.plans(ctx, `WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, doublerandom.Errorf(doublerandom.ENOTFOUND, "no plan %d", id)
	}
	return &ps[0], nil
}

// Plans returns the plans matching f with their item ids, oldest first.
func (s *Store) Plans(ctx context.Context, f PlanFilter) ([]doublerandom.Plan, error) {
	var (
		where []string
		args  []any
	)
	if f.Year != 0 {
		where, args = append(where, "year = ?"), append(args, f.Year)
	}
	if len(f.States) > 0 {
		where = append(where, "state IN ("+marks(len(f.States))+")")
		for _, st := range f.States {
			args = append(args, string(st))
		}
	}
	q := ""
	if len(where) > 0 {
		q = "WHERE " + strings.Join(where, " AND ")
	}
	ps, err := s.plans(ctx, q, args...)
	if err != nil || f.Dept == "" {
		return ps, err
	}
	out := ps[:0]
	for _, p := range ps {
		if p.Involves(f.Dept) {
			out = append(out, p)
		}
	}
	return out, nil
}

// marks returns n comma-separated placeholders.
func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

func (s *Store) plans(ctx context.Context, where string, args ...any) ([]doublerandom.Plan,
	error) {
	rows, err := s.query(ctx, `SELECT `+planColumns+` FROM plans `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("plans: %w", err)
	}
	out, err := scanPlans(rows)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*doublerandom.Plan{}
	for i := range out {
		byID[out[i].ID] = &out[i]
	}
	if len(out) == 0 {
		return out, nil
	}
	rows, err = s.query(ctx, `SELECT plan_id, item_id FROM plan_items ORDER BY plan_id, item_id`)
	if err != nil {
		return nil, fmt.Errorf("plan items: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var pid, item int64
		if err := rows.Scan(&pid, &item); err != nil {
			return nil, err
		}
		if p := byID[pid]; p != nil {
			p.ItemIDs = append(p.ItemIDs, item)
		}
	}
	return out, rows.Err()
}

func scanPlans(rows *sql.Rows) ([]doublerandom.Plan, error) {
	defer rows.Close()
	var out []doublerandom.Plan
	for rows.Next() {
		var (
			p                               doublerandom.Plan
			parts, scope, state             string
			start, end, proposed, published string
		)
		if err := rows.Scan(&p.ID, &p.Year, &p.Title, &p.LeadDept, &parts, &scope, &p.Ratio,
			&start, &end, &state, &p.ProposedBy, &proposed, &published); err != nil {
			return nil, fmt.Errorf("scan plan: %w", err)
		}
		if parts != "" {
			p.Participating = strings.Split(parts, ",")
		}
		p.State = doublerandom.PlanState(state)
		if err := json.Unmarshal([]byte(scope), &p.Scope); err != nil {
			return nil, fmt.Errorf("plan %d: scope: %w", p.ID, err)
		}
		var err error
		if p.WindowStart, err = parseDate(start); err != nil {
			return nil, fmt.Errorf("plan %d: %w", p.ID, err)
		}
		if p.WindowEnd, err = parseDate(end); err != nil {
			return nil, fmt.Errorf("plan %d: %w", p.ID, err)
		}
		if p.ProposedAt, err = parseTime(proposed); err != nil {
			return nil, fmt.Errorf("plan %d: %w", p.ID, err)
		}
		if p.PublishedAt, err = parseTime(published); err != nil {
			return nil, fmt.Errorf("plan %d: %w", p.ID, err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// PutAnnualPlan inserts or updates the district annual plan of a year.
func (t *Tx) PutAnnualPlan(ctx context.Context, a doublerandom.AnnualPlan) error {
	before, err := t.s.annualPlan(ctx, t.tx, a.Year)
	if err != nil && doublerandom.ErrorCode(err) != doublerandom.ENOTFOUND {
		return err
	}
	_, err = t.exec(ctx, `INSERT INTO annual_plans (year, title, compiled_by, compiled_at,
published_at, revision) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (year) DO UPDATE SET title = excluded.title, compiled_by = excluded.compiled_by,
compiled_at = excluded.compiled_at, published_at = excluded.published_at,
revision = excluded.revision`, a.Year, a.Title, a.CompiledBy, formatTime(a.CompiledAt),
		formatTime(a.PublishedAt), a.Revision)
	if err != nil {
		return fmt.Errorf("annual plan %d: %w", a.Year, err)
	}
	return t.Audit(ctx, "annual_plan.put", fmt.Sprintf("annual_plan/%d", a.Year), before, a)
}

// AnnualPlan returns the district annual plan of a year.
func (s *Store) AnnualPlan(ctx context.Context, year int) (*doublerandom.AnnualPlan, error) {
	return s.annualPlan(ctx, s.db, year)
}

func (s *Store) annualPlan(ctx context.Context, q querier, year int) (*doublerandom.AnnualPlan,
	error) {
	var (
		a                   doublerandom.AnnualPlan
		compiled, published string
	)
	err := q.QueryRowContext(ctx, s.rebind(`SELECT year, title, compiled_by, compiled_at,
published_at, revision FROM annual_plans WHERE year = ?`), year).Scan(&a.Year, &a.Title,
		&a.CompiledBy, &compiled, &published, &a.Revision)
	if err != nil {
		return nil, notFound(err, "the district annual plan of %d is not compiled yet", year)
	}
	if a.CompiledAt, err = parseTime(compiled); err != nil {
		return nil, err
	}
	if a.PublishedAt, err = parseTime(published); err != nil {
		return nil, err
	}
	return &a, nil
}

// MergeTask merges task from into task into, both still in the created
// state: into takes the departments, items and inspection dates given in
// it, and from ends in the merged state pointing at into. It fails with a
// conflict when either task has left the created state.
func (t *Tx) MergeTask(ctx context.Context, into doublerandom.Task, fromID int64) error {
	res, err := t.exec(ctx, `UPDATE tasks SET participating = ?, inspection_date = ?,
inspection_end = ? WHERE id = ? AND state = ?`, strings.Join(into.Participating, ","),
		formatDate(into.InspectionDate), formatDate(into.InspectionEnd), into.ID,
		string(doublerandom.TaskCreated))
	if err != nil {
		return fmt.Errorf("merge into task %d: %w", into.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return doublerandom.Errorf(doublerandom.ECONFLICT, "task %d is no longer open to merging",
			into.ID)
	}
	res, err = t.exec(ctx, `UPDATE tasks SET state = ?, merged_into = ?
WHERE id = ? AND state = ?`,
		string(doublerandom.TaskMerged), into.ID, fromID, string(doublerandom.TaskCreated))
	if err != nil {
		return fmt.Errorf("merge task %d: %w", fromID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return doublerandom.Errorf(doublerandom.ECONFLICT, "task %d is no longer open to merging",
			fromID)
	}
	if _, err := t.exec(ctx, `DELETE FROM task_items WHERE task_id = ?`, into.ID); err != nil {
		return fmt.Errorf("merge into task %d: %w", into.ID, err)
	}
	for _, id := range into.ItemIDs {
		if _, err := t.exec(ctx, `INSERT INTO task_items (task_id, item_id) VALUES (?, ?)`,
			into.ID, id); err != nil {
			return fmt.Errorf("merge into task %d: item %d: %w", into.ID, id, err)
		}
	}
	return t.Audit(ctx, "task.merge", taskSubject(into.ID), map[string]int64{"merged": fromID},
		into)
}
