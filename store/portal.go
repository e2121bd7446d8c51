package store

import (
	"context"
	"fmt"
	"time"

	"doublerandom"
)

// PublicResult is one published inspection result as the portal and the open
// data show it: no note, no inspector, nothing personal.
type PublicResult struct {
	TaskID         int64                   `json:"task_id"`
	TaskTitle      string                  `json:"task_title"`
	LeadDept       string                  `json:"lead_dept"`
	InspectionDate string                  `json:"inspection_date"`
	PublishedAt    time.Time               `json:"published_at"`
	EntityCode     string                  `json:"entity_code"`
	EntityName     string                  `json:"entity_name"`
	Result         doublerandom.ResultType `json:"result"`
}

// PublicResults calls fn for every published result, newest task first and
// by business code within a task; offset and limit page through them (limit
// 0 means all).
func (s *Store) PublicResults(ctx context.Context, offset, limit int,
	fn func(PublicResult) error) error {
	q := `SELECT t.id, t.title, t.lead_dept, t.inspection_date, t.published_at, r.entity_code,
COALESCE(e.name, ''), r.result_type
FROM results r JOIN tasks t ON t.id = r.task_id LEFT JOIN entities e ON e.code = r.entity_code
WHERE t.state = ? ORDER BY t.id DESC, r.entity_code`
	args := []any{string(doublerandom.TaskPublished)}
	if limit > 0 {
		q += ` LIMIT ? OFFSET ?`
		args = append(args, limit, offset)
	}
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("published results: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			r        PublicResult
			pub, typ string
		)
		if err := rows.Scan(&r.TaskID, &r.TaskTitle, &r.LeadDept, &r.InspectionDate, &pub,
			&r.EntityCode, &r.EntityName, &typ); err != nil {
			return fmt.Errorf("scan published result: %w", err)
		}
		r.Result = doublerandom.ResultType(typ)
		if r.PublishedAt, err = parseTime(pub); err != nil {
			return fmt.Errorf("task %d: %w", r.TaskID, err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// CountPublicResults returns how many published results there are.
func (s *Store) CountPublicResults(ctx context.Context) (int, error) {
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM results r JOIN tasks t ON t.id = r.task_id
WHERE t.state = ?`, string(doublerandom.TaskPublished)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count published results: %w", err)
	}
	return n, nil
}

// PublishedResultsOf returns the published results of several businesses
// at once, by business code, newest task first: one query for a page of
// search hits instead of one per hit.
func (s *Store) PublishedResultsOf(ctx context.Context,
	codes []string) (map[string][]doublerandom.Result, error) {
	out := map[string][]doublerandom.Result{}
	if len(codes) == 0 {
		return out, nil
	}
	args := []any{string(doublerandom.TaskPublished)}
	for _, c := range codes {
		args = append(args, c)
	}
	rows, err := s.query(ctx, `SELECT r.task_id, r.entity_code, r.result_type, r.note,
r.recorded_by, r.recorded_at FROM results r JOIN tasks t ON t.id = r.task_id
WHERE t.state = ? AND r.entity_code IN (`+marks(len(codes))+
		`) ORDER BY r.task_id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("published results of %d businesses: %w", len(codes), err)
	}
	rs, err := scanResults(rows)
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		out[r.EntityCode] = append(out[r.EntityCode], r)
	}
	return out, nil
}
