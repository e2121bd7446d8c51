package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"doublerandom"
	"doublerandom/store"
)

// listHash returns the SHA-256 of a department's current item list in
// canonical form (doublerandom.ItemListSHA256) and the number of items.
func (s *Service) listHash(ctx context.Context, dept string) (string, int, error) {
	items, err := s.Store.Items(ctx, dept)
	if err != nil {
		return "", 0, err
	}
	return doublerandom.ItemListSHA256(items), len(items), nil
}

// PublishList publishes a department's item list as it stands (step 1 of
// Art. 15): it records the list's size and SHA-256 and completes step 1 of
// the current year.
func (s *Service) PublishList(ctx context.Context, dept string) (*doublerandom.ListPublication,
	error) {
	if err := s.checkDepts(ctx, []string{dept}); err != nil {
		return nil, err
	}
	sum, n, err := s.listHash(ctx, dept)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, doublerandom.Errorf(doublerandom.EINVALID,
			"department %s's item list is empty: import its items before publishing it", dept)
	}
	p := &doublerandom.ListPublication{Dept: dept, Items: n, SHA256: sum,
		PublishedBy: doublerandom.ActorFrom(ctx).ID, PublishedAt: s.now()}
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		if p.ID, err = tx.AddListPublication(ctx, *p); err != nil {
			return err
		}
		return s.completeSteps(ctx, tx, []string{dept}, s.today().Year(), doublerandom.StepList,
			fmt.Sprintf("list/%d", p.ID))
	})
	if err != nil {
		return nil, err
	}
	s.Logger.Info("item list published", "dept", dept, "items", n, "sha256", sum)
	return p, nil
}

// checkDepts checks that every code names a department, once.
func (s *Service) checkDepts(ctx context.Context, codes []string) error {
	depts, err := s.Store.Departments(ctx)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, c := range codes {
		known := func(d doublerandom.Department) bool { return d.Code == c }
		if !slices.ContainsFunc(depts, known) {
			return doublerandom.Errorf(doublerandom.EINVALID, "unknown department %q", c)
		}
		if seen[c] {
			return doublerandom.Errorf(doublerandom.EINVALID, "department %s is named twice", c)
		}
		seen[c] = true
	}
	return nil
}

// ProposePlan checks and stores a department's proposed plan (SPEC R5): a
// title; known lead and participating departments; items from each
// department's own list, every department bringing at least one; a ratio in
// (0, 1]; a time window inside the plan's year. Every department of the plan
// must have published its item list (step 1).
func (s *Service) ProposePlan(ctx context.Context, p doublerandom.Plan) (*doublerandom.Plan,
	error) {
	p.Title = strings.TrimSpace(p.Title)
	if p.Title == "" {
		return nil, doublerandom.Errorf(doublerandom.EINVALID, "a plan needs a title")
	}
	if p.Year < 2000 || p.Year > 9999 {
		return nil, doublerandom.Errorf(doublerandom.EINVALID, "plan year %d is out of range",
			p.Year)
	}
	if err := s.checkDepts(ctx, p.Departments()); err != nil {
		return nil, err
	}
	r, err := parseRatio("ratio", p.Ratio)
	if err != nil {
		return nil, err
	}
	p.Ratio = r
	if err := checkWindow(&p); err != nil {
		return nil, err
	}
	if err := s.checkPlanItems(ctx, &p); err != nil {
		return nil, err
	}
	if err := s.requireSteps(ctx, p.Departments(), p.Year, doublerandom.StepPlan,
		"proposing the plan"); err != nil {
		return nil, err
	}

	p.State, p.ProposedBy, p.ProposedAt = doublerandom.PlanProposed,
		doublerandom.ActorFrom(ctx).ID, s.now()
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		p.ID, err = tx.CreatePlan(ctx, p)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.Logger.Info("plan proposed", "plan", p.ID, "year", p.Year, "lead", p.LeadDept)
	return &p, nil
}

func checkWindow(p *doublerandom.Plan) error {
	if p.WindowStart.IsZero() || p.WindowEnd.IsZero() {
		return doublerandom.Errorf(doublerandom.EINVALID,
			"a plan needs a time window: the first and last day of its inspections")
	}
	if p.WindowEnd.Before(p.WindowStart) {
		return doublerandom.Errorf(doublerandom.EINVALID,
			"the plan's window ends (%s) before it starts (%s)",
			p.WindowEnd.Format(doublerandom.DateLayout),
			p.WindowStart.Format(doublerandom.DateLayout))
	}
	if p.WindowStart.Year() != p.Year || p.WindowEnd.Year() != p.Year {
		return doublerandom.Errorf(doublerandom.EINVALID,
			"the plan's window %s to %s is not inside its year %d",
			p.WindowStart.Format(doublerandom.DateLayout),
			p.WindowEnd.Format(doublerandom.DateLayout),
			p.Year)
	}
	return nil
}

// checkPlanItems checks that the plan's items exist, belong to its
// departments' lists, and that each department brings at least one.
func (s *Service) checkPlanItems(ctx context.Context, p *doublerandom.Plan) error {
	items, err := s.Store.Items(ctx, "")
	if err != nil {
		return err
	}
	deptOf := map[int64]string{}
	for _, it := range items {
		deptOf[it.ID] = it.Dept
	}
	brings := map[string]bool{}
	seen := map[int64]bool{}
	for _, id := range p.ItemIDs {
		d, ok := deptOf[id]
		switch {
		case !ok:
			return doublerandom.Errorf(doublerandom.EINVALID, "no item %d", id)
		case !p.Involves(d):
			return doublerandom.Errorf(doublerandom.EINVALID,
				"item %d belongs to %s, which is not in the plan", id, d)
		case seen[id]:
			return doublerandom.Errorf(doublerandom.EINVALID, "item %d is named twice", id)
		}
		seen[id], brings[d] = true, true
	}
	for _, d := range p.Departments() {
		if !brings[d] {
			return doublerandom.Errorf(doublerandom.EINVALID,
				"department %s brings no item of its list to the plan", d)
		}
	}
	return nil
}
