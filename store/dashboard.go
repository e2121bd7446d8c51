package store

import (
	"context"
	"fmt"
)

// Dashboard holds the counts of one year that the office's supervision
// dashboard shows (SPEC R22). Maps are keyed by department code, then by
// state or type.
type Dashboard struct {
	Year int
	// Plans counts the plans of the year by lead department and state.
	Plans map[string]map[string]int
	// Tasks counts the tasks whose inspections start in the year, by lead
	// department and state.
	Tasks map[string]map[string]int
	// PlannedTasks counts those of the tasks that come from a plan.
	PlannedTasks map[string]int
	// Draws counts the draws of those tasks by lead department and draw
	// state; void draws are the ones replaced by a redraw.
	Draws map[string]map[string]int
	// Results counts the results of those tasks by result type; published
	// ones only when Published is set.
	Results   map[string]int
	Published map[string]int
}

// DashboardStats counts the plans, tasks, draws and results of a year.
func (s *Store) DashboardStats(ctx context.Context, year int) (*Dashboard, error) {
	d := &Dashboard{Year: year}
	from, to := fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-01-01", year+1)
	var err error
	if d.Plans, err = s.count2(ctx, `SELECT lead_dept, state, COUNT(*) FROM plans
WHERE year = ? GROUP BY lead_dept, state`, year); err != nil {
		return nil, err
	}
	d.Tasks, err = s.count2(ctx, `SELECT lead_dept, state, COUNT(*) FROM tasks
WHERE inspection_date >= ? AND inspection_date < ? GROUP BY lead_dept, state`, from, to)
	if err != nil {
		return nil, err
	}
	planned, err := s.count2(ctx, `SELECT lead_dept, 'planned', COUNT(*) FROM tasks
WHERE inspection_date >= ? AND inspection_date < ? AND plan_id <> 0 GROUP BY lead_dept`, from, to)
	if err != nil {
		return nil, err
	}
	d.PlannedTasks = map[string]int{}
	for dept, m := range planned {
		d.PlannedTasks[dept] = m["planned"]
	}
	if d.Draws, err = s.count2(ctx, `SELECT t.lead_dept, d.state, COUNT(*) FROM draws d
JOIN tasks t ON t.id = d.task_id WHERE t.inspection_date >= ? AND t.inspection_date < ?
GROUP BY t.lead_dept, d.state`, from, to); err != nil {
		return nil, err
	}
	res, err := s.count2(ctx, `SELECT r.result_type, t.state, COUNT(*) FROM results r
JOIN tasks t ON t.id = r.task_id WHERE t.inspection_date >= ? AND t.inspection_date < ?
GROUP BY r.result_type, t.state`, from, to)
	if err != nil {
		return nil, err
	}
	d.Results, d.Published = map[string]int{}, map[string]int{}
	for typ, m := range res {
		for state, n := range m {
			d.Results[typ] += n
			if state == "published" {
				d.Published[typ] += n
			}
		}
	}
	return d, nil
}

// count2 runs a query returning (key, subkey, count) rows into a map.
func (s *Store) count2(ctx context.Context, q string,
	args ...any) (map[string]map[string]int, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("dashboard: %w", err)
	}
	defer rows.Close()
	out := map[string]map[string]int{}
	for rows.Next() {
		var (
			k, sub string
			n      int
		)
		if err := rows.Scan(&k, &sub, &n); err != nil {
			return nil, fmt.Errorf("dashboard: %w", err)
		}
		if out[k] == nil {
			out[k] = map[string]int{}
		}
		out[k][sub] = n
	}
	return out, rows.Err()
}
