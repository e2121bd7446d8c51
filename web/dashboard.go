package web

import (
	"encoding/json"
	"html/template"
	"net/http"
	"strconv"

	"doublerandom"
)

// deptProgress is one department's row of the dashboard.
type deptProgress struct {
	Code, Name string
	Steps      [10]bool // the ten steps of Art. 15, done or not
	StepsDone  int
	Plans      int
	Tasks      int
	Planned    int // tasks that come from a plan
	Published  int // tasks with published results
	Draws      int // draws made (void ones included)
	Redraws    int // draws voided and redone
}

// dashboard is the office's supervision dashboard (SPEC R22): progress of
// every department through the ten steps, plans against tasks, draws and
// redraws, results by type, and overdue results and penalty publications.
// Department admins and leaders see their own department's row.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	year := s.svc.Now().UTC().Year()
	if y := r.URL.Query().Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 2000 || n > 2100 {
			return doublerandom.Errorf(doublerandom.EINVALID, "year=%q is not a year", y)
		}
		year = n
	}
	actor := actorOf(r)
	stats, err := s.svc.Store.DashboardStats(ctx, year)
	if err != nil {
		return err
	}
	steps, err := s.svc.Store.StepRecords(ctx, year, "")
	if err != nil {
		return err
	}
	depts, err := s.svc.Store.Departments(ctx)
	if err != nil {
		return err
	}
	names, err := s.deptNames(r)
	if err != nil {
		return err
	}
	var rows []deptProgress
	for _, d := range depts {
		if !actor.SeesDept(d.Code) {
			continue
		}
		p := deptProgress{Code: d.Code, Name: names[d.Code], Planned: stats.PlannedTasks[d.Code],
			Published: stats.Tasks[d.Code][string(doublerandom.TaskPublished)],
			Redraws:   stats.Draws[d.Code][string(doublerandom.DrawVoid)]}
		for _, n := range stats.Plans[d.Code] {
			p.Plans += n
		}
		for _, n := range stats.Tasks[d.Code] {
			p.Tasks += n
		}
		for _, n := range stats.Draws[d.Code] {
			p.Draws += n
		}
		for _, st := range steps {
			if st.Dept == d.Code && st.Step.Valid() {
				p.Steps[st.Step-1] = true
				p.StepsDone++
			}
		}
		rows = append(rows, p)
	}
	overdue, err := s.overdue(r)
	if err != nil {
		return err
	}
	results := map[string]int{}
	for typ, n := range stats.Results {
		results[typ] = n
	}
	chart, err := json.Marshal(map[string]any{"depts": rows, "results": results,
		"published": stats.Published, "resultTypes": doublerandom.ResultTypes})
	if err != nil {
		return err
	}
	s.render(w, r, "dashboard", map[string]any{"Year": year, "Rows": rows, "Overdue": overdue,
		"Depts":   names,
		"Results": results, "Published": stats.Published, "ResultTypes": doublerandom.ResultTypes,
		"Steps": doublerandom.Steps, "Chart": template.JS(chart)})
	return nil
}

// overdue lists the deadlines past due (results of tasks and publication of
// penalty decisions, on the workflow's official calendar, SPEC R16) of the
// departments the requester sees, most overdue first.
func (s *Server) overdue(r *http.Request) ([]overdueRow, error) {
	ds, err := s.svc.Deadlines(r.Context(), "")
	if err != nil {
		return nil, err
	}
	actor := actorOf(r)
	var out []overdueRow
	for _, d := range ds {
		if d.Overdue() && actor.SeesDept(d.Dept) {
			out = append(out, overdueRow{Deadline: d, Late: -d.Left})
		}
	}
	return out, nil
}

// overdueRow is a deadline past due and how many working days late it is.
type overdueRow struct {
	doublerandom.Deadline
	Late int
}
