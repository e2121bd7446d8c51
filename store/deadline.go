package store

import (
	"context"
	"fmt"
	"time"

	"doublerandom"
)

// RecordMissed records a missed deadline, once: a deadline already recorded
// only gains its done time when done is not zero and none was recorded. It
// reports whether anything changed.
func (t *Tx) RecordMissed(ctx context.Context, m doublerandom.Missed) (bool, error) {
	res, err := t.exec(ctx, `INSERT INTO deadline_misses (kind, ref, dept, due, recorded_at,
done_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, ref) DO NOTHING`, string(m.Kind), m.Ref,
		m.Dept, formatDate(m.Due), formatTime(m.RecordedAt), formatTime(m.DoneAt))
	if err != nil {
		return false, fmt.Errorf("record missed %s %d: %w", m.Kind, m.Ref, err)
	}
	subject := fmt.Sprintf("deadline/%s/%d", m.Kind, m.Ref)
	if k, _ := res.RowsAffected(); k == 1 {
		return true, t.Audit(ctx, "deadline.missed", subject, nil, m)
	}
	if m.DoneAt.IsZero() {
		return false, nil
	}
	res, err = t.exec(ctx, `UPDATE deadline_misses SET done_at = ?
WHERE kind = ? AND ref = ? AND done_at = ''`, formatTime(m.DoneAt), string(m.Kind), m.Ref)
	if err != nil {
		return false, fmt.Errorf("record missed %s %d: %w", m.Kind, m.Ref, err)
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return false, nil
	}
	return true, t.Audit(ctx, "deadline.done_late", subject, nil,
		map[string]string{"done_at": formatTime(m.DoneAt)})
}

// Missed returns the missed deadlines of a department (every department's
// when dept is ""), by due date.
func (s *Store) Missed(ctx context.Context, dept string) ([]doublerandom.Missed, error) {
	q, args := `SELECT kind, ref, dept, due, recorded_at, done_at FROM deadline_misses`, []any{}
	if dept != "" {
		q, args = q+` WHERE dept = ?`, append(args, dept)
	}
	rows, err := s.query(ctx, q+` ORDER BY due, kind, ref`, args...)
	if err != nil {
		return nil, fmt.Errorf("missed deadlines: %w", err)
	}
	defer rows.Close()
	var out []doublerandom.Missed
	for rows.Next() {
		var (
			m                    doublerandom.Missed
			kind, due, rec, done string
		)
		if err := rows.Scan(&kind, &m.Ref, &m.Dept, &due, &rec, &done); err != nil {
			return nil, fmt.Errorf("scan missed deadline: %w", err)
		}
		m.Kind = doublerandom.DeadlineKind(kind)
		if m.Due, err = parseDate(due); err != nil {
			return nil, err
		}
		if m.RecordedAt, err = parseTime(rec); err != nil {
			return nil, err
		}
		if m.DoneAt, err = parseTime(done); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// CalendarYear is a year's holiday arrangement as an admin loaded or
// corrected it, kept as the calendar package's JSON form of a year.
type CalendarYear struct {
	Year      int
	Body      []byte
	UpdatedBy string
	UpdatedAt time.Time
}

// PutCalendarYear stores a year's arrangement, replacing any stored before.
func (t *Tx) PutCalendarYear(ctx context.Context, y CalendarYear) error {
	var old string
	err := t.tx.QueryRowContext(ctx, t.s.rebind(`SELECT body FROM calendar_years WHERE year = ?`),
		y.Year).Scan(&old)
	if err != nil && !isNoRows(err) {
		return fmt.Errorf("calendar %d: %w", y.Year, err)
	}
	_, err = t.exec(ctx, `INSERT INTO calendar_years (year, body, updated_by, updated_at)
VALUES (?, ?, ?, ?) ON CONFLICT (year) DO UPDATE SET body = excluded.body,
updated_by = excluded.updated_by, updated_at = excluded.updated_at`, y.Year, string(y.Body),
		y.UpdatedBy, formatTime(y.UpdatedAt))
	if err != nil {
		return fmt.Errorf("calendar %d: %w", y.Year, err)
	}
	var before any
	if old != "" {
		before = map[string]string{"body": old}
	}
	return t.Audit(ctx, "calendar.put", fmt.Sprintf("calendar/%d", y.Year), before,
		map[string]string{"body": string(y.Body)})
}

// CalendarYears returns the stored arrangements, oldest year first.
func (s *Store) CalendarYears(ctx context.Context) ([]CalendarYear, error) {
	rows, err := s.query(ctx, `SELECT year, body, updated_by, updated_at FROM calendar_years
ORDER BY year`)
	if err != nil {
		return nil, fmt.Errorf("calendar years: %w", err)
	}
	defer rows.Close()
	var out []CalendarYear
	for rows.Next() {
		var (
			y        CalendarYear
			body, at string
		)
		if err := rows.Scan(&y.Year, &body, &y.UpdatedBy, &at); err != nil {
			return nil, fmt.Errorf("scan calendar year: %w", err)
		}
		y.Body = []byte(body)
		if y.UpdatedAt, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	return out, rows.Err()
}
