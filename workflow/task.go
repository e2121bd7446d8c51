package workflow

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"doublerandom"
	"doublerandom/draw"
	"doublerandom/store"
)

// CreateTask checks and stores a new joint task: the lead and participating
// departments exist and differ, the ratio is an exact decimal in (0, 1], and
// every department of the task brings at least one item of its own list.
// A task comes from a published plan (SPEC R9) and lies within it (see
// planFor); a uniform task without a ratio takes its plan's. Every
// department of the task must have done steps 1 and 2 of its year.
func (s *Service) CreateTask(ctx context.Context, t doublerandom.Task) (*doublerandom.Task, error) {
	if t.Title == "" {
		return nil, doublerandom.Errorf(doublerandom.EINVALID, "a task needs a title")
	}
	if t.InspectionDate.IsZero() {
		return nil, doublerandom.Errorf(doublerandom.EINVALID, "a task needs an inspection date")
	}
	if !t.InspectionEnd.IsZero() && t.InspectionEnd.Before(t.InspectionDate) {
		return nil, doublerandom.Errorf(doublerandom.EINVALID,
			"the inspections end (%s) before they start (%s)",
			t.InspectionEnd.Format(doublerandom.DateLayout),
			t.InspectionDate.Format(doublerandom.DateLayout))
	}
	if err := s.planRatio(ctx, &t); err != nil {
		return nil, err
	}
	if err := checkRatios(&t); err != nil {
		return nil, err
	}
	if err := s.checkDepartments(ctx, &t); err != nil {
		return nil, err
	}
	if err := s.checkItems(ctx, &t); err != nil {
		return nil, err
	}
	plan, err := s.planFor(ctx, &t)
	if err != nil {
		return nil, err
	}
	t.PlanID = plan.ID
	if err := s.requireSteps(ctx, t.Departments(), plan.Year, doublerandom.StepObjects,
		"creating the task"); err != nil {
		return nil, err
	}

	t.CreatedAt = s.now()
	var out *doublerandom.Task
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		out, err = tx.CreateTask(ctx, t)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.Logger.Info("task created", "task", out.ID, "lead", out.LeadDept)
	return out, nil
}

// checkRatios checks the task's draw mode and ratios and writes each ratio
// in canonical form. A uniform task has one ratio; a stratified task has one
// per risk class (Henan's defaults when none are given) and a complaint
// threshold for the strata rule.
func checkRatios(t *doublerandom.Task) error {
	switch t.Mode {
	case "", doublerandom.DrawUniform:
		t.Mode, t.Ratios = doublerandom.DrawUniform, nil
		r, err := parseRatio("ratio", t.Ratio)
		t.Ratio = r
		return err
	case doublerandom.DrawStratified:
	default:
		return doublerandom.Errorf(doublerandom.EINVALID,
			"draw mode %q is neither %q nor %q", t.Mode, doublerandom.DrawUniform,
			doublerandom.DrawStratified)
	}
	t.Ratio = ""
	if len(t.Ratios) == 0 {
		t.Ratios = maps.Clone(doublerandom.DefaultStratumRatios)
	}
	if t.ComplaintThreshold < 0 {
		return doublerandom.Errorf(doublerandom.EINVALID, "the complaint threshold is negative")
	}
	out := map[string]string{}
	for _, class := range doublerandom.RiskClasses {
		v, ok := t.Ratios[class]
		if !ok {
			return doublerandom.Errorf(doublerandom.EINVALID,
				"a stratified task needs a ratio for risk class %s", class)
		}
		r, err := parseRatio("ratio of class "+class, v)
		if err != nil {
			return err
		}
		out[class] = r
	}
	if len(t.Ratios) != len(out) {
		return doublerandom.Errorf(doublerandom.EINVALID,
			"ratios are for risk classes %v only", doublerandom.RiskClasses)
	}
	t.Ratios = out
	return nil
}

// parseRatio parses an exact decimal ratio in (0, 1] and returns it in
// canonical form.
func parseRatio(what, s string) (string, error) {
	r, err := draw.ParseRatio(s)
	if err != nil {
		return "", doublerandom.Errorf(doublerandom.EINVALID, "%s: %v", what, err)
	}
	if r.Ceil(1) != 1 || r.Cmp(draw.MustRatio("1")) > 0 {
		return "", doublerandom.Errorf(doublerandom.EINVALID,
			"%s %s must be more than 0 and at most 1", what, r)
	}
	return r.String(), nil
}

func (s *Service) checkDepartments(ctx context.Context, t *doublerandom.Task) error {
	depts, err := s.Store.Departments(ctx)
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, d := range depts {
		known[d.Code] = true
	}
	seen := map[string]bool{}
	for _, d := range t.Departments() {
		if !known[d] {
			return doublerandom.Errorf(doublerandom.EINVALID, "unknown department %q", d)
		}
		if seen[d] {
			return doublerandom.Errorf(doublerandom.EINVALID,
				"department %q appears twice in the task", d)
		}
		seen[d] = true
	}
	return nil
}

func (s *Service) checkItems(ctx context.Context, t *doublerandom.Task) error {
	items, err := s.Store.Items(ctx, "")
	if err != nil {
		return err
	}
	deptOf := map[int64]string{}
	for _, it := range items {
		deptOf[it.ID] = it.Dept
	}
	covered := map[string]bool{}
	for _, id := range t.ItemIDs {
		d, ok := deptOf[id]
		if !ok {
			return doublerandom.Errorf(doublerandom.EINVALID, "no item %d", id)
		}
		if !slices.Contains(t.Departments(), d) {
			return doublerandom.Errorf(doublerandom.EINVALID,
				"item %d belongs to %s, which is not in the task", id, d)
		}
		covered[d] = true
	}
	for _, d := range t.Departments() {
		if !covered[d] {
			return doublerandom.Errorf(doublerandom.EINVALID,
				"department %s brings no item of its list to the task", d)
		}
	}
	return nil
}

// taskItems returns the items of a task.
func (s *Service) taskItems(ctx context.Context,
	t *doublerandom.Task) ([]doublerandom.Item, error) {
	all, err := s.Store.Items(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("items of task %d: %w", t.ID, err)
	}
	var out []doublerandom.Item
	for _, it := range all {
		if slices.Contains(t.ItemIDs, it.ID) {
			out = append(out, it)
		}
	}
	if len(out) == len(t.ItemIDs) {
		return out, nil
	}
	// Items a later version of the list dropped keep their last content.
	var gone []int64
	for _, id := range t.ItemIDs {
		if !slices.ContainsFunc(out, func(it doublerandom.Item) bool { return it.ID == id }) {
			gone = append(gone, id)
		}
	}
	old, err := s.Store.ItemsByID(ctx, gone)
	if err != nil {
		return nil, fmt.Errorf("items of task %d: %w", t.ID, err)
	}
	return append(out, old...), nil
}
