package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"doublerandom"
)

// AddFollowUp records a problem handed to the department with jurisdiction
// and returns its id.
func (t *Tx) AddFollowUp(ctx context.Context, f doublerandom.FollowUp) (int64, error) {
	err := t.tx.QueryRowContext(ctx, t.s.rebind(`INSERT INTO followups (task_id, entity_code,
problem, from_dept, to_dept, handed_by, handed_at, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id`), f.TaskID, f.EntityCode, f.Problem, f.FromDept, f.ToDept, f.HandedBy,
		formatTime(f.HandedAt), string(f.State)).Scan(&f.ID)
	if err != nil {
		return 0, fmt.Errorf("hand over %s: %w", f.EntityCode, err)
	}
	return f.ID, t.Audit(ctx, "followup.add", followUpSubject(f.ID), nil, f)
}

func followUpSubject(id int64) string { return fmt.Sprintf("followup/%d", id) }

// CloseFollowUp closes an open follow-up in the given state with an outcome.
// It fails with a conflict when the follow-up is no longer open.
func (t *Tx) CloseFollowUp(ctx context.Context, id int64, state doublerandom.FollowUpState,
	outcome string, at time.Time) error {
	res, err := t.exec(ctx, `UPDATE followups SET state = ?, outcome = ?, closed_at = ?
WHERE id = ? AND state = ?`, string(state), outcome, formatTime(at), id,
		string(doublerandom.FollowUpOpen))
	if err != nil {
		return fmt.Errorf("close follow-up %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return doublerandom.Errorf(doublerandom.ECONFLICT, "follow-up %d is not open", id)
	}
	return t.Audit(ctx, "followup.close", followUpSubject(id),
		map[string]string{"state": string(doublerandom.FollowUpOpen)},
		map[string]string{"state": string(state), "outcome": outcome})
}

// FollowUpFilter selects follow-ups. Zero fields select all.
type FollowUpFilter struct {
	ID     int64
	TaskID int64
	ToDept string
	State  doublerandom.FollowUpState
}

// FollowUps returns the follow-ups matching f, oldest first.
func (s *Store) FollowUps(ctx context.Context, f FollowUpFilter) ([]doublerandom.FollowUp, error) {
	var (
		where []string
		args  []any
	)
	for _, c := range []struct {
		ok   bool
		cond string
		arg  any
	}{
		{f.ID != 0, "id = ?", f.ID}, {f.TaskID != 0, "task_id = ?", f.TaskID},
		{f.ToDept != "", "to_dept = ?", f.ToDept}, {f.State != "", "state = ?", string(f.State)},
	} {
		if c.ok {
			where, args = append(where, c.cond), append(args, c.arg)
		}
	}
	q := `SELECT id, task_id, entity_code, problem, from_dept, to_dept, handed_by, handed_at,
state, outcome, closed_at FROM followups`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.query(ctx, q+" ORDER BY id", args...)
	if err != nil {
		return nil, fmt.Errorf("follow-ups: %w", err)
	}
	defer rows.Close()
	var out []doublerandom.FollowUp
	for rows.Next() {
		var (
			x                     doublerandom.FollowUp
			state, handed, closed string
		)
		if err := rows.Scan(&x.ID, &x.TaskID, &x.EntityCode, &x.Problem, &x.FromDept, &x.ToDept,
			&x.HandedBy, &handed, &state, &x.Outcome, &closed); err != nil {
			return nil, fmt.Errorf("scan follow-up: %w", err)
		}
		x.State = doublerandom.FollowUpState(state)
		if x.HandedAt, err = parseTime(handed); err != nil {
			return nil, err
		}
		if x.ClosedAt, err = parseTime(closed); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// AddPenalty records a penalty decision against a business and returns its
// id. A decision number the department already used is a conflict.
func (t *Tx) AddPenalty(ctx context.Context, p doublerandom.Penalty) (int64, error) {
	var dup int
	if err := t.tx.QueryRowContext(ctx, t.s.rebind(`SELECT COUNT(*) FROM penalties
WHERE dept = ? AND decision_no = ?`), p.Dept, p.DecisionNo).Scan(&dup); err != nil {
		return 0, fmt.Errorf("penalty %s: %w", p.DecisionNo, err)
	}
	if dup > 0 {
		return 0, doublerandom.Errorf(doublerandom.ECONFLICT,
			"%s already recorded a penalty decision numbered %s", p.Dept, p.DecisionNo)
	}
	err := t.tx.QueryRowContext(ctx, t.s.rebind(`INSERT INTO penalties (entity_code, dept,
followup_id, task_id, decision_no, decided_on, content, recorded_by, recorded_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), p.EntityCode, p.Dept, p.FollowUpID, p.TaskID,
		p.DecisionNo, formatDate(p.DecidedOn), p.Content, p.RecordedBy,
		formatTime(p.RecordedAt)).Scan(&p.ID)
	if err != nil {
		return 0, fmt.Errorf("penalty %s: %w", p.DecisionNo, err)
	}
	return p.ID, t.Audit(ctx, "penalty.add", penaltySubject(p.ID), nil, p)
}

func penaltySubject(id int64) string { return fmt.Sprintf("penalty/%d", id) }

// PublishPenalty stamps a penalty decision as published. It fails with a
// conflict when it is already published.
func (t *Tx) PublishPenalty(ctx context.Context, id int64, at time.Time) error {
	res, err := t.exec(ctx, `UPDATE penalties SET published_at = ?
WHERE id = ? AND published_at = ''`, formatTime(at), id)
	if err != nil {
		return fmt.Errorf("publish penalty %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return doublerandom.Errorf(doublerandom.ECONFLICT,
			"penalty decision %d does not exist or is already published", id)
	}
	return t.Audit(ctx, "penalty.publish", penaltySubject(id), nil,
		map[string]string{"published_at": formatTime(at)})
}

// PenaltyFilter selects penalty decisions. Zero fields select all.
type PenaltyFilter struct {
	ID          int64
	EntityCode  string
	Dept        string
	TaskID      int64
	Unpublished bool // only those not yet published
	Published   bool // only published ones
}

// Penalties returns the penalty decisions matching f, newest decision first.
func (s *Store) Penalties(ctx context.Context, f PenaltyFilter) ([]doublerandom.Penalty, error) {
	var (
		where []string
		args  []any
	)
	for _, c := range []struct {
		ok   bool
		cond string
		arg  any
	}{
		{f.ID != 0, "id = ?", f.ID}, {f.EntityCode != "", "entity_code = ?", f.EntityCode},
		{f.Dept != "", "dept = ?", f.Dept}, {f.TaskID != 0, "task_id = ?", f.TaskID},
	} {
		if c.ok {
			where, args = append(where, c.cond), append(args, c.arg)
		}
	}
	if f.Unpublished {
		where = append(where, "published_at = ''")
	}
	if f.Published {
		where = append(where, "published_at <> ''")
	}
	q := `SELECT id, entity_code, dept, followup_id, task_id, decision_no, decided_on, content,
recorded_by, recorded_at, published_at FROM penalties`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.query(ctx, q+" ORDER BY decided_on DESC, id DESC", args...)
	if err != nil {
		return nil, fmt.Errorf("penalties: %w", err)
	}
	defer rows.Close()
	var out []doublerandom.Penalty
	for rows.Next() {
		var (
			p                 doublerandom.Penalty
			decided, rec, pub string
		)
		if err := rows.Scan(&p.ID, &p.EntityCode, &p.Dept, &p.FollowUpID, &p.TaskID,
			&p.DecisionNo, &decided, &p.Content, &p.RecordedBy, &rec, &pub); err != nil {
			return nil, fmt.Errorf("scan penalty: %w", err)
		}
		if p.DecidedOn, err = parseDate(decided); err != nil {
			return nil, err
		}
		if p.RecordedAt, err = parseTime(rec); err != nil {
			return nil, err
		}
		if p.PublishedAt, err = parseTime(pub); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// AddReferral records a referral to the judicial authorities and returns its
// id.
func (t *Tx) AddReferral(ctx context.Context, r doublerandom.Referral) (int64, error) {
	err := t.tx.QueryRowContext(ctx, t.s.rebind(`INSERT INTO referrals (followup_id, entity_code,
authority, referred_on, note, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)
RETURNING id`), r.FollowUpID, r.EntityCode, r.Authority, formatDate(r.ReferredOn), r.Note,
		r.RecordedBy, formatTime(r.RecordedAt)).Scan(&r.ID)
	if err != nil {
		return 0, fmt.Errorf("referral of %s: %w", r.EntityCode, err)
	}
	return r.ID, t.Audit(ctx, "referral.add", followUpSubject(r.FollowUpID), nil, r)
}

// Referrals returns the referrals of a business (every referral when code is
// ""), oldest first.
func (s *Store) Referrals(ctx context.Context, code string) ([]doublerandom.Referral, error) {
	q, args := `SELECT id, followup_id, entity_code, authority, referred_on, note, recorded_by,
recorded_at FROM referrals`, []any{}
	if code != "" {
		q, args = q+` WHERE entity_code = ?`, append(args, code)
	}
	rows, err := s.query(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("referrals: %w", err)
	}
	defer rows.Close()
	var out []doublerandom.Referral
	for rows.Next() {
		var (
			r       doublerandom.Referral
			on, rec string
		)
		if err := rows.Scan(&r.ID, &r.FollowUpID, &r.EntityCode, &r.Authority, &on, &r.Note,
			&r.RecordedBy, &rec); err != nil {
			return nil, fmt.Errorf("scan referral: %w", err)
		}
		if r.ReferredOn, err = parseDate(on); err != nil {
			return nil, err
		}
		if r.RecordedAt, err = parseTime(rec); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
