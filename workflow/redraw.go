package workflow

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"doublerandom"
	"doublerandom/draw"
	"doublerandom/store"
)

// VoidAndRedraw voids a task's current draw so that it can be drawn again:
// the only way to a second draw (SPEC R11). It needs a reason and the
// approval of the lead department's leader (the actor of ctx), and is refused
// once any result has been recorded. The void draw and its record stay
// stored and public; the task returns to the created state, and the next
// freeze records which draw it supersedes and why.
func (s *Service) VoidAndRedraw(ctx context.Context, taskID int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return doublerandom.Errorf(doublerandom.EINVALID, "a redraw needs a reason")
	}
	t, err := s.Store.Task(ctx, taskID)
	if err != nil {
		return err
	}
	a := doublerandom.ActorFrom(ctx)
	if a.Role != doublerandom.RoleLeader || a.Dept != t.LeadDept {
		return doublerandom.Errorf(doublerandom.EFORBIDDEN,
			"voiding a draw needs the approval of the leader of %s", t.LeadDept)
	}
	if t.State != doublerandom.TaskCommitted && t.State != doublerandom.TaskDrawn {
		return doublerandom.Errorf(doublerandom.ECONFLICT,
			"task %d has no draw to void in state %s", taskID, t.State)
	}
	results, err := s.Store.Results(ctx, taskID)
	if err != nil {
		return err
	}
	if len(results) > 0 {
		return doublerandom.Errorf(doublerandom.ECONFLICT,
			"task %d already has %d results: its draw can no longer be voided", taskID,
			len(results))
	}
	recs, err := s.Store.InspectionRecords(ctx, taskID, "")
	if err != nil {
		return err
	}
	if len(recs) > 0 {
		return doublerandom.Errorf(doublerandom.ECONFLICT,
			"the businesses of task %d are already being inspected (%d records): its draw "+
				"can no longer be voided", taskID, len(recs))
	}
	_, d, err := s.Record(ctx, taskID)
	if err != nil {
		return err
	}
	d.VoidReason, d.VoidedBy, d.VoidedAt = reason, a.ID, s.now()
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.VoidDraw(ctx, *d); err != nil {
			return err
		}
		if err := tx.SetTeams(ctx, taskID, nil); err != nil {
			return err
		}
		return tx.SetTaskState(ctx, taskID, t.State, doublerandom.TaskCreated, d.VoidedAt)
	})
	if err == nil {
		s.Logger.Warn("draw voided", "task", taskID, "draw", d.ID, "by", a.ID, "reason", reason)
	}
	return err
}

// supersedes returns the record hash and void reason of the task's most
// recently voided draw, or "" when it has none.
func (s *Service) supersedes(ctx context.Context, taskID int64) (hash, reason string, err error) {
	ds, err := s.Store.Draws(ctx, taskID)
	if err != nil {
		return "", "", err
	}
	for i := len(ds) - 1; i >= 0; i-- {
		if ds[i].State == doublerandom.DrawVoid {
			sum := sha256.Sum256(ds[i].Record)
			return hex.EncodeToString(sum[:]), ds[i].VoidReason, nil
		}
	}
	return "", "", nil
}

// checkFresh refuses commitments already used in a void draw of the task: a
// redraw with the same secrets would repeat the void draw, so every
// department commits to a new secret.
func (s *Service) checkFresh(ctx context.Context, taskID int64, cs []draw.Contribution) error {
	ds, err := s.Store.Draws(ctx, taskID)
	if err != nil {
		return err
	}
	for _, d := range ds {
		var old draw.Record
		if err := json.Unmarshal(d.Record, &old); err != nil {
			return fmt.Errorf("draw %d: %w", d.ID, err)
		}
		for _, o := range old.Contributions {
			for _, c := range cs {
				if c.Commitment == o.Commitment {
					return doublerandom.Errorf(doublerandom.EINVALID,
						"%s's commitment was already used in void draw %d: commit to a new secret",
						c.Party, d.ID)
				}
			}
		}
	}
	return nil
}

// ReplaceInspector replaces one drawn member of a team (SPEC R12, Art. 17):
// for an allowed reason only, approved by the leader of the replaced
// inspector's department (the actor of ctx), with a replacement picked by
// that person, not by lottery, from the qualified inspectors that
// Replacements lists. Refused once results are published.
func (s *Service) ReplaceInspector(ctx context.Context, r doublerandom.Replacement) error {
	if !slices.Contains(doublerandom.ReplacementReasons, r.Reason) {
		return doublerandom.Errorf(doublerandom.EINVALID,
			"%q is not a reason Art. 17 allows (%s)", r.Reason,
			strings.Join(doublerandom.ReplacementReasons, ", "))
	}
	candidates, out, err := s.qualified(ctx, r.TaskID, r.EntityCode, r.Replaced)
	if err != nil {
		return err
	}
	a := doublerandom.ActorFrom(ctx)
	if a.Role != doublerandom.RoleLeader || a.Dept != out.Dept {
		return doublerandom.Errorf(doublerandom.EFORBIDDEN,
			"replacing %s needs the approval of the leader of %s", out.ID, out.Dept)
	}
	if !slices.ContainsFunc(candidates, func(in doublerandom.Inspector) bool {
		return in.ID == r.Replacement
	}) {
		why, err := s.unqualified(ctx, r, out)
		if err != nil {
			return err
		}
		return doublerandom.Errorf(doublerandom.EINVALID,
			"%s cannot replace %s in the team for %s: %s", r.Replacement, r.Replaced,
			r.EntityCode, why)
	}
	r.ApprovedBy, r.At = a.ID, s.now()
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.ReplaceMember(ctx, r)
		return err
	})
}

// unqualified says which rule keeps r.Replacement from replacing out.
func (s *Service) unqualified(ctx context.Context, r doublerandom.Replacement,
	out *doublerandom.Inspector) (string, error) {
	t, err := s.Store.Task(ctx, r.TaskID)
	if err != nil {
		return "", err
	}
	ins, err := s.Store.Inspectors(ctx)
	if err != nil {
		return "", err
	}
	i := slices.IndexFunc(ins, func(in doublerandom.Inspector) bool {
		return in.ID == r.Replacement
	})
	if i < 0 {
		return "no such inspector", nil
	}
	in := ins[i]
	switch {
	case in.Dept != out.Dept:
		return fmt.Sprintf("not of the same department (%s, not %s)", in.Dept, out.Dept), nil
	case in.Status != doublerandom.InspectorActive:
		return fmt.Sprintf("not active (status %s)", in.Status), nil
	case in.CertExpiry.Before(t.InspectionDate):
		return fmt.Sprintf("certificate expired on %s, before the inspection date %s",
			in.CertExpiry.Format(doublerandom.DateLayout),
			t.InspectionDate.Format(doublerandom.DateLayout)), nil
	}
	conflicts, err := s.Store.Conflicts(ctx)
	if err != nil {
		return "", err
	}
	if slices.Contains(conflicts[in.ID], r.EntityCode) {
		return "a declared conflict of interest with the business (回避)", nil
	}
	return "already in the team", nil
}

// Replacements lists the inspectors qualified to replace member in the team
// for business in a task, for the approving leader to pick from.
func (s *Service) Replacements(ctx context.Context, taskID int64, business,
	member string) ([]doublerandom.Inspector, error) {
	out, _, err := s.qualified(ctx, taskID, business, member)
	return out, err
}

// qualified returns the inspectors who may replace member in business's team,
// and the member himself.
func (s *Service) qualified(ctx context.Context, taskID int64, business,
	member string) ([]doublerandom.Inspector, *doublerandom.Inspector, error) {
	t, err := s.Store.Task(ctx, taskID)
	if err != nil {
		return nil, nil, err
	}
	if t.State != doublerandom.TaskDrawn {
		return nil, nil, doublerandom.Errorf(doublerandom.ECONFLICT,
			"task %d's teams can be changed only after the draw and before publication", taskID)
	}
	teams, err := s.Store.Teams(ctx, taskID)
	if err != nil {
		return nil, nil, err
	}
	i := slices.IndexFunc(teams, func(tm doublerandom.Team) bool {
		return tm.EntityCode == business
	})
	if i < 0 || !slices.Contains(teams[i].Members, member) {
		return nil, nil, doublerandom.Errorf(doublerandom.EINVALID,
			"%s is not in the team for %s in task %d", member, business, taskID)
	}
	ins, err := s.Store.Inspectors(ctx, t.Departments()...)
	if err != nil {
		return nil, nil, err
	}
	conflicts, err := s.Store.Conflicts(ctx)
	if err != nil {
		return nil, nil, err
	}
	var out *doublerandom.Inspector
	for j := range ins {
		if ins[j].ID == member {
			out = &ins[j]
		}
	}
	if out == nil {
		return nil, nil, doublerandom.Errorf(doublerandom.ENOTFOUND, "no inspector %s", member)
	}
	var ok []doublerandom.Inspector
	for _, in := range ins {
		if in.Dept == out.Dept && in.ValidOn(t.InspectionDate) &&
			!slices.Contains(teams[i].Members, in.ID) &&
			!slices.Contains(conflicts[in.ID], business) {
			ok = append(ok, in)
		}
	}
	return ok, out, nil
}
