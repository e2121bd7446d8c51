package web

import (
	"net/http"
	"slices"

	"doublerandom"
	"doublerandom/store"
	"doublerandom/workflow"
)

// publicYear is one year of published plans on the public plans page.
type publicYear struct {
	Annual *doublerandom.AnnualPlan
	Plans  []doublerandom.Plan
}

// publicPlans lists the published joint plans by year, newest year first,
// under the district annual plan that published them (SPEC R5, R17).
func (s *Server) publicPlans(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	ps, err := s.svc.Store.Plans(ctx, store.PlanFilter{
		States: []doublerandom.PlanState{doublerandom.PlanPublished}})
	if err != nil {
		return err
	}
	byYear := map[int][]doublerandom.Plan{}
	var years []int
	for _, p := range ps {
		if _, ok := byYear[p.Year]; !ok {
			years = append(years, p.Year)
		}
		byYear[p.Year] = append(byYear[p.Year], p)
	}
	slices.Sort(years)
	slices.Reverse(years)
	out := make([]publicYear, 0, len(years))
	for _, y := range years {
		a, err := s.svc.Store.AnnualPlan(ctx, y)
		if err != nil && doublerandom.ErrorCode(err) != doublerandom.ENOTFOUND {
			return err
		}
		out = append(out, publicYear{Annual: a, Plans: byYear[y]})
	}
	names, err := s.deptNames(r)
	if err != nil {
		return err
	}
	s.render(w, r, "plans_public", map[string]any{"Years": out, "Depts": names,
		"China": workflow.China})
	return nil
}
