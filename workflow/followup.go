package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"doublerandom"
	"doublerandom/store"
)

// HandOver hands a problem found at a drawn business of a task to the
// department with jurisdiction (谁管辖、谁负责, Art. 25, SPEC R18). The
// department that found it must be one of the task's.
func (s *Service) HandOver(ctx context.Context,
	f doublerandom.FollowUp) (*doublerandom.FollowUp, error) {
	t, err := s.Store.Task(ctx, f.TaskID)
	if err != nil {
		return nil, err
	}
	if t.State != doublerandom.TaskDrawn && t.State != doublerandom.TaskPublished {
		return nil, doublerandom.Errorf(doublerandom.ECONFLICT,
			"task %d is %s: problems are handed over once it is drawn", t.ID, t.State)
	}
	if err := s.drawnIn(ctx, t, f.EntityCode); err != nil {
		return nil, err
	}
	f.Problem = strings.TrimSpace(f.Problem)
	switch {
	case f.Problem == "":
		return nil, doublerandom.Errorf(doublerandom.EINVALID, "describe the problem handed over")
	case !slices.Contains(t.Departments(), f.FromDept):
		return nil, doublerandom.Errorf(doublerandom.EINVALID,
			"department %q is not a department of task %d", f.FromDept, t.ID)
	}
	if err := s.checkDepts(ctx, []string{f.ToDept}); err != nil {
		return nil, err
	}
	f.State, f.HandedBy, f.HandedAt = doublerandom.FollowUpOpen, doublerandom.ActorFrom(ctx).ID,
		s.now()
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		f.ID, err = tx.AddFollowUp(ctx, f)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.Logger.Info("problem handed over", "followup", f.ID, "task", t.ID, "to", f.ToDept)
	return &f, nil
}

// drawnIn refuses a business that was not drawn in task t.
func (s *Service) drawnIn(ctx context.Context, t *doublerandom.Task, code string) error {
	teams, err := s.Store.Teams(ctx, t.ID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(teams, func(tm doublerandom.Team) bool {
		return tm.EntityCode == code
	}) {
		return doublerandom.Errorf(doublerandom.EINVALID,
			"business %s was not drawn in task %d", code, t.ID)
	}
	return nil
}

// openFollowUp returns the follow-up with the given id, refusing one that is
// no longer open.
func (s *Service) openFollowUp(ctx context.Context, id int64) (*doublerandom.FollowUp, error) {
	fs, err := s.Store.FollowUps(ctx, store.FollowUpFilter{ID: id})
	if err != nil {
		return nil, err
	}
	if len(fs) == 0 {
		return nil, doublerandom.Errorf(doublerandom.ENOTFOUND, "no follow-up %d", id)
	}
	if fs[0].State != doublerandom.FollowUpOpen {
		return nil, doublerandom.Errorf(doublerandom.ECONFLICT,
			"follow-up %d is already %s", id, fs[0].State)
	}
	return &fs[0], nil
}

// DecidePenalty records a penalty decision (行政处罚决定) against a business.
// When it settles a follow-up, the deciding department is the one the
// problem was handed to, and the follow-up closes. The decision must then
// be published within 7 working days (PublishPenalty).
func (s *Service) DecidePenalty(ctx context.Context,
	p doublerandom.Penalty) (*doublerandom.Penalty, error) {
	p.DecisionNo, p.Content = strings.TrimSpace(p.DecisionNo), strings.TrimSpace(p.Content)
	switch {
	case p.DecisionNo == "":
		return nil, doublerandom.Errorf(doublerandom.EINVALID,
			"give the decision's document number (处罚决定书文号)")
	case p.Content == "":
		return nil, doublerandom.Errorf(doublerandom.EINVALID,
			"write what was decided: a warning, a fine of how much, ...")
	case p.DecidedOn.IsZero() || p.DecidedOn.After(s.today()):
		return nil, doublerandom.Errorf(doublerandom.EINVALID,
			"the decision date must be given and not in the future")
	}
	var f *doublerandom.FollowUp
	if p.FollowUpID != 0 {
		var err error
		if f, err = s.openFollowUp(ctx, p.FollowUpID); err != nil {
			return nil, err
		}
		if p.Dept != f.ToDept {
			return nil, doublerandom.Errorf(doublerandom.EFORBIDDEN,
				"follow-up %d was handed to %s: only %s decides on it", f.ID, f.ToDept, f.ToDept)
		}
		p.EntityCode, p.TaskID = f.EntityCode, f.TaskID
	}
	if err := s.checkDepts(ctx, []string{p.Dept}); err != nil {
		return nil, err
	}
	if _, err := s.Store.Entity(ctx, p.EntityCode); err != nil {
		return nil, err
	}
	p.RecordedBy, p.RecordedAt, p.PublishedAt = doublerandom.ActorFrom(ctx).ID, s.now(),
		time.Time{}
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if p.ID, err = tx.AddPenalty(ctx, p); err != nil || f == nil {
			return err
		}
		return tx.CloseFollowUp(ctx, f.ID, doublerandom.FollowUpPenalized,
			fmt.Sprintf("%s: %s", p.DecisionNo, p.Content), p.RecordedAt)
	})
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// PublishPenalty publishes a penalty decision (SPEC R16: within 7 working
// days of the decision; a later publication is recorded as a missed
// deadline) and may complete step 9 of its department's year.
func (s *Service) PublishPenalty(ctx context.Context, id int64) error {
	ps, err := s.Store.Penalties(ctx, store.PenaltyFilter{ID: id})
	if err != nil {
		return err
	}
	if len(ps) == 0 {
		return doublerandom.Errorf(doublerandom.ENOTFOUND, "no penalty decision %d", id)
	}
	p := &ps[0]
	now := s.now()
	due, _ := s.penaltyDue(p)
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.PublishPenalty(ctx, id, now); err != nil {
			return err
		}
		if !dateOf(now).After(due) {
			return nil
		}
		_, err := tx.RecordMissed(ctx, doublerandom.Missed{Kind: doublerandom.DeadlinePenalty,
			Ref: id, Dept: p.Dept, Due: due, RecordedAt: now, DoneAt: now})
		return err
	})
	if err != nil {
		return err
	}
	if _, err := s.UpdateCredit(ctx, []string{p.EntityCode}); err != nil {
		return fmt.Errorf("penalty %d published, but its credit feedback failed: %w", id, err)
	}
	return s.settleAfter(ctx, p.TaskID, p.Dept)
}

// Refer records that a follow-up's suspected crime was referred to the
// judicial authorities (移送司法机关, Art. 25) and closes the follow-up.
func (s *Service) Refer(ctx context.Context, r doublerandom.Referral) (*doublerandom.Referral,
	error) {
	f, err := s.openFollowUp(ctx, r.FollowUpID)
	if err != nil {
		return nil, err
	}
	r.Authority, r.Note = strings.TrimSpace(r.Authority), strings.TrimSpace(r.Note)
	switch {
	case r.Authority == "":
		return nil, doublerandom.Errorf(doublerandom.EINVALID,
			"name the judicial authority the case went to")
	case r.ReferredOn.IsZero() || r.ReferredOn.After(s.today()):
		return nil, doublerandom.Errorf(doublerandom.EINVALID,
			"the referral date must be given and not in the future")
	}
	r.EntityCode, r.RecordedBy = f.EntityCode, doublerandom.ActorFrom(ctx).ID
	r.RecordedAt = s.now()
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		if r.ID, err = tx.AddReferral(ctx, r); err != nil {
			return err
		}
		return tx.CloseFollowUp(ctx, f.ID, doublerandom.FollowUpReferred,
			"移送"+r.Authority, r.RecordedAt)
	})
	if err != nil {
		return nil, err
	}
	return &r, s.settleAfter(ctx, f.TaskID, f.ToDept)
}

// CloseFollowUp closes a follow-up without a penalty, saying why (the
// problem was corrected, no violation was found, ...).
func (s *Service) CloseFollowUp(ctx context.Context, id int64, outcome string) error {
	f, err := s.openFollowUp(ctx, id)
	if err != nil {
		return err
	}
	if outcome = strings.TrimSpace(outcome); outcome == "" {
		return doublerandom.Errorf(doublerandom.EINVALID,
			"say why the follow-up closes without a penalty")
	}
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		return tx.CloseFollowUp(ctx, id, doublerandom.FollowUpClosed, outcome, s.now())
	})
	if err != nil {
		return err
	}
	return s.settleAfter(ctx, f.TaskID, f.ToDept)
}
