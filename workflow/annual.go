package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"doublerandom"
	"doublerandom/store"
)

// WithdrawPlan withdraws a plan not yet published, at its lead department's
// request; it leaves the year's draft plan.
func (s *Service) WithdrawPlan(ctx context.Context, id int64) error {
	p, err := s.Store.Plan(ctx, id)
	if err != nil {
		return err
	}
	if p.State != doublerandom.PlanProposed && p.State != doublerandom.PlanCompiled {
		return doublerandom.Errorf(doublerandom.ECONFLICT,
			"plan %d is %s: only a plan not yet published can be withdrawn", id, p.State)
	}
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		return tx.SetPlanState(ctx, id, p.State, doublerandom.PlanWithdrawn, s.now())
	})
}

// CompileAnnualPlan takes proposed plans of a year into the district annual
// plan that the joint meeting office compiles (Art. 10). It may be called
// again to add plans proposed later; the title, when given, replaces the
// plan's title.
func (s *Service) CompileAnnualPlan(ctx context.Context, year int, title string,
	planIDs []int64) (*doublerandom.AnnualPlan, error) {
	if len(planIDs) == 0 {
		return nil, doublerandom.Errorf(doublerandom.EINVALID,
			"choose at least one proposed plan to compile into the annual plan")
	}
	plans := make([]*doublerandom.Plan, 0, len(planIDs))
	for _, id := range planIDs {
		p, err := s.Store.Plan(ctx, id)
		if err != nil {
			return nil, err
		}
		if p.Year != year {
			return nil, doublerandom.Errorf(doublerandom.EINVALID,
				"plan %d is a plan of %d, not of %d", id, p.Year, year)
		}
		if p.State != doublerandom.PlanProposed {
			return nil, doublerandom.Errorf(doublerandom.ECONFLICT,
				"plan %d is %s: only proposed plans can be compiled", id, p.State)
		}
		plans = append(plans, p)
	}
	a, err := s.Store.AnnualPlan(ctx, year)
	if doublerandom.ErrorCode(err) == doublerandom.ENOTFOUND {
		a, err = &doublerandom.AnnualPlan{Year: year,
			Title: fmt.Sprintf("%d年度市场监管领域部门联合抽查计划", year)}, nil
	}
	if err != nil {
		return nil, err
	}
	if t := strings.TrimSpace(title); t != "" {
		a.Title = t
	}
	a.CompiledBy, a.CompiledAt = doublerandom.ActorFrom(ctx).ID, s.now()
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		for _, p := range plans {
			if err := tx.SetPlanState(ctx, p.ID, doublerandom.PlanProposed,
				doublerandom.PlanCompiled, a.CompiledAt); err != nil {
				return err
			}
		}
		return tx.PutAnnualPlan(ctx, *a)
	})
	if err != nil {
		return nil, err
	}
	s.Logger.Info("annual plan compiled", "year", year, "plans", len(plans))
	return a, nil
}

// PublishAnnualPlan publishes the district annual plan of a year with every
// plan compiled into it since the last publication, and completes step 2 for
// each department that leads or joins one of them. A plan published after
// 30 June is late (Plan.Late) and the plan report says so; it is published
// all the same, since a late plan is better than none.
func (s *Service) PublishAnnualPlan(ctx context.Context, year int) (*doublerandom.AnnualPlan,
	error) {
	a, err := s.Store.AnnualPlan(ctx, year)
	if err != nil {
		return nil, err
	}
	plans, err := s.Store.Plans(ctx, store.PlanFilter{Year: year,
		States: []doublerandom.PlanState{doublerandom.PlanCompiled}})
	if err != nil {
		return nil, err
	}
	if len(plans) == 0 {
		return nil, doublerandom.Errorf(doublerandom.ECONFLICT,
			"the annual plan of %d has no compiled plan waiting for publication: "+
				"compile the departments' proposed plans first", year)
	}
	now := s.now()
	if a.PublishedAt.IsZero() {
		a.PublishedAt = now
	}
	a.Revision++
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		for _, p := range plans {
			if err := tx.SetPlanState(ctx, p.ID, doublerandom.PlanCompiled,
				doublerandom.PlanPublished, now); err != nil {
				return err
			}
			if err := s.completeSteps(ctx, tx, p.Departments(), year, doublerandom.StepPlan,
				fmt.Sprintf("plan/%d", p.ID)); err != nil {
				return err
			}
		}
		return tx.PutAnnualPlan(ctx, *a)
	})
	if err != nil {
		return nil, err
	}
	s.Logger.Info("annual plan published", "year", year, "plans", len(plans),
		"revision", a.Revision, "late", dateOf(now).After(doublerandom.PlanDeadline(year)))
	return a, nil
}

// planFor finds the published plan a task comes from: the one it names, or
// when it names none the only published plan of the task's lead department
// whose departments, items and time window hold the task's.
func (s *Service) planFor(ctx context.Context, t *doublerandom.Task) (*doublerandom.Plan, error) {
	if t.PlanID != 0 {
		p, err := s.Store.Plan(ctx, t.PlanID)
		if err != nil {
			return nil, err
		}
		if p.State != doublerandom.PlanPublished {
			return nil, doublerandom.Errorf(doublerandom.ECONFLICT,
				"plan %d is %s: a task comes only from a published plan", p.ID, p.State)
		}
		return p, taskFits(t, p)
	}
	plans, err := s.Store.Plans(ctx, store.PlanFilter{Year: t.InspectionDate.Year(),
		Dept: t.LeadDept, States: []doublerandom.PlanState{doublerandom.PlanPublished}})
	if err != nil {
		return nil, err
	}
	var fits []*doublerandom.Plan
	for i := range plans {
		if taskFits(t, &plans[i]) == nil {
			fits = append(fits, &plans[i])
		}
	}
	switch len(fits) {
	case 1:
		return fits[0], nil
	case 0:
		return nil, doublerandom.Errorf(doublerandom.ECONFLICT,
			"no published plan of %d led by %s holds this task's departments, items and "+
				"dates: a task comes from a plan (SPEC R9); propose one and have the joint "+
				"meeting office publish it, or name the plan", t.InspectionDate.Year(), t.LeadDept)
	}
	ids := make([]string, len(fits))
	for i, p := range fits {
		ids[i] = fmt.Sprint(p.ID)
	}
	return nil, doublerandom.Errorf(doublerandom.EINVALID,
		"the task fits plans %s: name the plan it comes from", strings.Join(ids, ", "))
}

// taskFits checks that a task lies within a plan: the same lead department,
// participating departments and items from the plan's, and inspection dates
// inside the plan's window.
func taskFits(t *doublerandom.Task, p *doublerandom.Plan) error {
	if t.LeadDept != p.LeadDept {
		return doublerandom.Errorf(doublerandom.EINVALID,
			"the task's lead department %s is not plan %d's lead %s", t.LeadDept, p.ID, p.LeadDept)
	}
	for _, d := range t.Participating {
		if !slices.Contains(p.Participating, d) {
			return doublerandom.Errorf(doublerandom.EINVALID,
				"department %s does not take part in plan %d", d, p.ID)
		}
	}
	for _, id := range t.ItemIDs {
		if !slices.Contains(p.ItemIDs, id) {
			return doublerandom.Errorf(doublerandom.EINVALID, "item %d is not in plan %d", id,
				p.ID)
		}
	}
	first, last := t.InspectionDate, t.LastDay()
	if first.Before(p.WindowStart) || last.After(p.WindowEnd) {
		return doublerandom.Errorf(doublerandom.EINVALID,
			"the task's inspections %s to %s fall outside plan %d's window %s to %s",
			first.Format(doublerandom.DateLayout), last.Format(doublerandom.DateLayout), p.ID,
			p.WindowStart.Format(doublerandom.DateLayout),
			p.WindowEnd.Format(doublerandom.DateLayout))
	}
	return nil
}

// planRatio gives a uniform task without a ratio its plan's ratio.
func (s *Service) planRatio(ctx context.Context, t *doublerandom.Task) error {
	uniform := t.Mode == "" || t.Mode == doublerandom.DrawUniform
	if t.Ratio != "" || !uniform {
		return nil
	}
	p, err := s.planFor(ctx, t)
	if err != nil {
		return err
	}
	t.Ratio = p.Ratio
	return nil
}
