package workflow

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"doublerandom"
	"doublerandom/draw"
	"doublerandom/store"
)

// FreezeOptions are the choices made when a task's candidate list is frozen.
type FreezeOptions struct {
	// Commitments holds each department's commitment: the SHA-256 of a secret
	// it keeps until the reveal. Every department of the task commits.
	Commitments []draw.Contribution
	// Reserves is how many ordered reserves to draw after the sample.
	Reserves int
	// MaxPerInspector caps the businesses one inspector is drawn for in the
	// task; 0 means no cap.
	MaxPerInspector int
	// PublicSource names the public randomness that will enter the seed,
	// unknown today, e.g. "drand quicknet round 23456789"; "" for none.
	PublicSource string
	// RevealBy is the time until which the draw waits for every
	// department's reveal; zero means DefaultRevealWindow after the freeze.
	RevealBy time.Time
}

// DefaultRevealWindow is how long after the freeze the draw waits, by
// default, for every department to reveal its secret.
const DefaultRevealWindow = 24 * time.Hour

// Freeze is the commitment step: before any randomness exists it freezes the
// candidate list (the active businesses of the directory, less those excluded
// by rule, each exclusion listed with its reason), the parameters, the
// inspector pool and team rules, and the departments' commitments, and
// publishes the candidate list's SHA-256.
func (s *Service) Freeze(ctx context.Context, taskID int64,
	opt FreezeOptions) (*draw.Record, error) {
	t, err := s.Store.Task(ctx, taskID)
	if err != nil {
		return nil, err
	}
	if t.State != doublerandom.TaskCreated {
		return nil, doublerandom.Errorf(doublerandom.ECONFLICT,
			"task %d's candidate list is already frozen (state %s)", t.ID, t.State)
	}
	if err := checkCommitments(t, opt.Commitments); err != nil {
		return nil, err
	}
	if err := s.requireTaskSteps(ctx, t, doublerandom.StepMatching, "the draw"); err != nil {
		return nil, err
	}
	items, err := s.taskItems(ctx, t)
	if err != nil {
		return nil, err
	}
	cands, excl, err := s.candidates(ctx, t, items)
	if err != nil {
		return nil, err
	}
	pool, rules, err := s.teamPool(ctx, t, items, opt.MaxPerInspector)
	if err != nil {
		return nil, err
	}

	now := s.now()
	revealBy := opt.RevealBy
	if revealBy.IsZero() {
		revealBy = now.Add(DefaultRevealWindow)
	}
	if !revealBy.After(now) {
		return nil, doublerandom.Errorf(doublerandom.EINVALID,
			"the reveal deadline %s is not in the future", revealBy.UTC().Format(timeLayout))
	}
	if opt.Reserves < 0 || opt.Reserves > len(cands) {
		return nil, doublerandom.Errorf(doublerandom.EINVALID,
			"reserves must be between 0 and the %d candidates", len(cands))
	}
	rec := &draw.Record{
		RevealDeadline: revealBy.UTC().Format(timeLayout),
		TaskID:         strconv.FormatInt(t.ID, 10),
		Title:          t.Title,
		CommittedAt:    now.Format(timeLayout),
		Params:         params(t, opt),
		Candidates:     cands,
		Exclusions:     excl,
		Contributions:  opt.Commitments,
		Inspectors:     pool,
		TeamRules:      rules,
	}
	if rec.Supersedes, rec.VoidReason, err = s.supersedes(ctx, t.ID); err != nil {
		return nil, err
	}
	if err := s.checkFresh(ctx, t.ID, opt.Commitments); err != nil {
		return nil, err
	}
	if err := rec.Freeze(); err != nil {
		return nil, doublerandom.Errorf(doublerandom.EINVALID, "freeze task %d: %v", t.ID, err)
	}
	body, err := json.Marshal(rec)
	if err != nil {
		return nil, err
	}
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		d := doublerandom.Draw{TaskID: t.ID, State: doublerandom.DrawCommitted,
			CandidateSHA256: rec.CandidateSHA256, Candidates: draw.CanonicalCandidates(cands),
			Record: body, CreatedAt: now}
		if _, err := tx.AddDraw(ctx, d); err != nil {
			return err
		}
		return tx.SetTaskState(ctx, t.ID, doublerandom.TaskCreated, doublerandom.TaskCommitted, now)
	})
	if err != nil {
		return nil, err
	}
	s.Logger.Info("candidate list frozen", "task", t.ID, "candidates", len(cands),
		"excluded", len(excl), "sha256", rec.CandidateSHA256)
	return rec, nil
}

// params returns the draw parameters of a task.
func params(t *doublerandom.Task, opt FreezeOptions) draw.Params {
	p := draw.Params{Mode: draw.ModeUniform, Ratio: t.Ratio, Reserves: opt.Reserves,
		PublicSource: opt.PublicSource,
		Scope:        "active businesses of the directory, less the exclusions listed"}
	if t.Mode == doublerandom.DrawStratified {
		p.Mode, p.Ratio, p.Reserves, p.Ratios = draw.ModeStratified, "", 0, t.Ratios
		p.Scope += fmt.Sprintf("; stratum = risk class (unrated: %s), raised one class when "+
			"on the abnormal-operation list or with more than %d complaints",
			doublerandom.UnratedClass, t.ComplaintThreshold)
	}
	return p
}

// timeLayout is how the draw record writes times.
const timeLayout = "2006-01-02T15:04:05Z07:00"

func checkCommitments(t *doublerandom.Task, cs []draw.Contribution) error {
	parties := map[string]bool{}
	for _, c := range cs {
		if !slices.Contains(t.Departments(), c.Party) {
			return doublerandom.Errorf(doublerandom.EINVALID,
				"commitment from %q, which is not a department of the task", c.Party)
		}
		if parties[c.Party] {
			return doublerandom.Errorf(doublerandom.EINVALID, "two commitments from %s", c.Party)
		}
		if c.Secret != "" {
			return doublerandom.Errorf(doublerandom.EINVALID,
				"%s sent its secret at commitment time; send only its SHA-256", c.Party)
		}
		parties[c.Party] = true
	}
	for _, d := range t.Departments() {
		if !parties[d] {
			return doublerandom.Errorf(doublerandom.EINVALID,
				"department %s has not committed to a secret", d)
		}
	}
	return nil
}

// candidates lists the businesses of the object directories of t's
// departments (store.DirectoryAsOf) within the object scope of t's plan
// that may be drawn for t and those excluded by rule with the reason:
// deregistered
// or revoked, or already inspected twice in the calendar year of the
// inspection date when any of the task's items is subject to the cap
// (Art. 13). Businesses outside the scope are neither.
func (s *Service) candidates(ctx context.Context, t *doublerandom.Task,
	items []doublerandom.Item) ([]draw.Candidate, []draw.Exclusion, error) {
	capped := slices.ContainsFunc(items, func(it doublerandom.Item) bool { return !it.Livelihood })
	year := t.InspectionDate.Year()
	counts, err := s.Store.InspectionCounts(ctx, year)
	if err != nil {
		return nil, nil, err
	}
	// The object directories of the task's departments as they stand at the
	// freeze, read by the store's clock, which stamps their history.
	all, err := s.Store.DirectoryAsOf(ctx, t.Departments(), time.Time{})
	if err != nil {
		return nil, nil, err
	}
	scope, err := s.taskScope(ctx, t)
	if err != nil {
		return nil, nil, err
	}
	var (
		cands []draw.Candidate
		excl  []draw.Exclusion
	)
	for _, e := range all {
		switch {
		case !scope.Matches(e):
			continue // outside the plan's object scope: not a candidate at all
		case e.Status == doublerandom.StatusDeregistered || e.Status == doublerandom.StatusRevoked:
			excl = append(excl, draw.Exclusion{ID: e.Code, Reason: "status " + e.Status})
		case capped && counts[e.Code] >= 2:
			excl = append(excl, draw.Exclusion{ID: e.Code,
				Reason: fmt.Sprintf("inspected %d times in %d (Art. 13)", counts[e.Code], year)})
		case t.Mode == doublerandom.DrawStratified:
			cands = append(cands, draw.Candidate{ID: e.Code,
				Stratum: doublerandom.Stratum(e, t.ComplaintThreshold)})
		default:
			cands = append(cands, draw.Candidate{ID: e.Code})
		}
	}
	return cands, excl, nil
}

// teamPool snapshots the inspectors of the task's departments and the rules
// their teams must meet.
func (s *Service) teamPool(ctx context.Context, t *doublerandom.Task, items []doublerandom.Item,
	maxPer int) ([]draw.Inspector, *draw.TeamRules, error) {
	ins, err := s.Store.Inspectors(ctx, t.Departments()...)
	if err != nil {
		return nil, nil, err
	}
	conflicts, err := s.Store.Conflicts(ctx)
	if err != nil {
		return nil, nil, err
	}
	last, err := s.Store.LastInspectors(ctx, t.ID)
	if err != nil {
		return nil, nil, err
	}
	pool := make([]draw.Inspector, 0, len(ins))
	for _, in := range ins {
		pool = append(pool, draw.Inspector{ID: in.ID, Name: in.Name, Dept: in.Dept,
			CertNo: in.CertNo, CertExpiry: in.CertExpiry.Format(doublerandom.DateLayout),
			Specialties: in.Specialties, Conflicts: conflicts[in.ID],
			Active: in.Status == doublerandom.InspectorActive})
	}
	var specs []string
	for _, it := range items {
		if it.Specialty != "" && !slices.Contains(specs, it.Specialty) {
			specs = append(specs, it.Specialty)
		}
	}
	rules := &draw.TeamRules{LeadDept: t.LeadDept, Participating: t.Participating, MinSize: 2,
		Date: t.InspectionDate.Format(doublerandom.DateLayout), Specialties: specs,
		MaxPerInspector: maxPer, LastInspectors: last}
	return pool, rules, nil
}
