package workflow

import (
	"context"
	"slices"

	"doublerandom"
	"doublerandom/store"
)

// MaxReachListed caps the businesses a plan report lists by name as
// reachable by more than two plans; the report still counts all of them.
const MaxReachListed = 200

// PlanReport is the check of a year's compiled plan that the joint meeting
// office reads (SPEC R6, R7): what Art. 12 and 13 ask that the plans do not
// yet do. Plans counted are those compiled or published.
type PlanReport struct {
	Year  int
	Plans []doublerandom.Plan
	// Annual is the district annual plan, nil when not compiled yet.
	Annual *doublerandom.AnnualPlan
	// Uncovered lists, by department, the items of its list that no plan
	// covers (Art. 12 asks for full coverage).
	Uncovered map[string][]doublerandom.Item
	// MarketDept and MarketLeads: the joint plans the market supervision
	// bureau leads, at least one a year.
	MarketDept  string
	MarketLeads int
	// Idle lists the other departments that neither lead nor join a joint
	// plan.
	Idle []string
	// Reach lists businesses that the plans' object scopes could reach more
	// than twice, counting plans with an item outside the livelihood
	// exemption of Art. 13; ReachTotal counts them all.
	Reach      []Reach
	ReachTotal int
	// Late lists the plans published after 30 June.
	Late []int64
}

// Reach is a business within the scope of more than two plans.
type Reach struct {
	Entity doublerandom.Entity
	Plans  []int64
}

// OK reports whether the report found nothing missing.
func (r *PlanReport) OK() bool {
	return len(r.Uncovered) == 0 && r.MarketLeads > 0 && len(r.Idle) == 0 &&
		r.ReachTotal == 0 && len(r.Late) == 0
}

// PlanReport checks the plans of a year.
func (s *Service) PlanReport(ctx context.Context, year int) (*PlanReport, error) {
	plans, err := s.Store.Plans(ctx, store.PlanFilter{Year: year, States: []doublerandom.PlanState{
		doublerandom.PlanCompiled, doublerandom.PlanPublished}})
	if err != nil {
		return nil, err
	}
	r := &PlanReport{Year: year, Plans: plans, MarketDept: s.MarketDept,
		Uncovered: map[string][]doublerandom.Item{}}
	r.Annual, err = s.Store.AnnualPlan(ctx, year)
	if doublerandom.ErrorCode(err) == doublerandom.ENOTFOUND {
		err = nil
	}
	if err != nil {
		return nil, err
	}
	if err := s.checkCoverage(ctx, r); err != nil {
		return nil, err
	}
	if err := s.checkReach(ctx, r); err != nil {
		return nil, err
	}
	for _, p := range plans {
		if p.Late(China) {
			r.Late = append(r.Late, p.ID)
		}
	}
	return r, nil
}

// checkCoverage fills the uncovered items, the market bureau's lead count
// and the idle departments.
func (s *Service) checkCoverage(ctx context.Context, r *PlanReport) error {
	items, err := s.Store.Items(ctx, "")
	if err != nil {
		return err
	}
	covered := map[int64]bool{}
	joint := map[string]bool{}
	for _, p := range r.Plans {
		for _, id := range p.ItemIDs {
			covered[id] = true
		}
		if !p.Joint() {
			continue
		}
		for _, d := range p.Departments() {
			joint[d] = true
		}
		if p.LeadDept == r.MarketDept {
			r.MarketLeads++
		}
	}
	for _, it := range items {
		if !covered[it.ID] {
			r.Uncovered[it.Dept] = append(r.Uncovered[it.Dept], it)
		}
	}
	depts, err := s.Store.Departments(ctx)
	if err != nil {
		return err
	}
	for _, d := range depts {
		if d.Code != r.MarketDept && !joint[d.Code] {
			r.Idle = append(r.Idle, d.Code)
		}
	}
	return nil
}

// checkReach counts, for each active business, the plans whose scope holds
// it, and lists those held by more than two. The directory is read in pages
// so that a city's directory does not sit in memory at once.
func (s *Service) checkReach(ctx context.Context, r *PlanReport) error {
	items, err := s.Store.Items(ctx, "")
	if err != nil {
		return err
	}
	livelihood := map[int64]bool{}
	for _, it := range items {
		livelihood[it.ID] = it.Livelihood
	}
	var capped []doublerandom.Plan
	for _, p := range r.Plans {
		if slices.ContainsFunc(p.ItemIDs, func(id int64) bool { return !livelihood[id] }) {
			capped = append(capped, p)
		}
	}
	if len(capped) <= 2 {
		return nil
	}
	const page = 5000
	for off := 0; ; off += page {
		es, err := s.Store.Entities(ctx, store.EntityFilter{Status: doublerandom.StatusActive,
			Limit: page, Offset: off})
		if err != nil {
			return err
		}
		for _, e := range es {
			var ids []int64
			for _, p := range capped {
				if p.Scope.Matches(e) {
					ids = append(ids, p.ID)
				}
			}
			if len(ids) <= 2 {
				continue
			}
			r.ReachTotal++
			if len(r.Reach) < MaxReachListed {
				r.Reach = append(r.Reach, Reach{Entity: e, Plans: ids})
			}
		}
		if len(es) < page {
			return nil
		}
	}
}
