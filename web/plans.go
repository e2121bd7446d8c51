package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"doublerandom"
	"doublerandom/store"
	"doublerandom/workflow"
)

// The staff pages of a department's year (SPEC R5-R9, R13-R16, R18, R23):
// the ten steps and item list publication, plans and the district annual
// plan, merge offers, a task's implementation rules, result summary,
// hand-overs and archive, the inspectors' own assignments, follow-ups and
// penalties, deadlines and the calendar, archives. Each handler checks the
// signed-in account's department as well as its role (SPEC R21).

// Role sets of the year's pages.
var (
	yearReaders = []string{doublerandom.RoleOffice, doublerandom.RoleAdmin,
		doublerandom.RoleLeader, doublerandom.RoleAuditor}
	deptWriters = []string{doublerandom.RoleAdmin, doublerandom.RoleLeader}
	officeOnly  = []string{doublerandom.RoleOffice}
)

// yearRoutes registers the year's pages.
func (s *Server) yearRoutes() {
	s.adminPage("/admin/steps", "admin.steps", s.stepsPage, yearReaders...)
	s.mux.HandleFunc("POST /admin/lists/{dept}/publish", s.staff(deptWriters...)(s.publishList))
	s.adminPage("/admin/plans", "admin.plans", s.plansPage, yearReaders...)
	s.mux.HandleFunc("POST /admin/plans", s.staff(deptWriters...)(s.proposePlan))
	s.mux.HandleFunc("POST /admin/plans/{id}/withdraw", s.staff(deptWriters...)(s.withdrawPlan))
	s.mux.HandleFunc("POST /admin/annual/{year}/compile", s.staff(officeOnly...)(s.compilePlan))
	s.mux.HandleFunc("POST /admin/annual/{year}/publish", s.staff(officeOnly...)(s.publishAnnual))
	s.mux.HandleFunc("POST /admin/merge", s.staff(doublerandom.RoleOffice,
		doublerandom.RoleAdmin, doublerandom.RoleLeader)(s.mergeTasks))
	s.taskWorkRoutes()
	s.inspectRoutes()
	s.followUpRoutes()
	s.deadlineRoutes()
}

// yearOf returns the year asked for with ?year=, or the current year.
func (s *Server) yearOf(r *http.Request) int {
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y >= 2000 && y <= 9999 {
		return y
	}
	return s.svc.Now().In(workflow.China).Year()
}

// seeOther redirects to path after a successful form.
func seeOther(w http.ResponseWriter, r *http.Request, path string) error {
	http.Redirect(w, r, path, http.StatusSeeOther)
	return nil
}

// pathID parses the id path value name.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errNotFound
	}
	return id, nil
}

// formDate parses a YYYY-MM-DD form field; what names it in the error.
func formDate(r *http.Request, name, what string) (time.Time, error) {
	v := strings.TrimSpace(r.PostForm.Get(name))
	d, err := time.Parse(doublerandom.DateLayout, v)
	if err != nil {
		return time.Time{}, doublerandom.Errorf(doublerandom.EINVALID,
			"%s %q is not a date: write it as YYYY-MM-DD, e.g. 2026-05-01", what, v)
	}
	return d, nil
}

// formIDs parses the id values of a repeated form field.
func formIDs(r *http.Request, name string) ([]int64, error) {
	var out []int64
	for _, v := range r.PostForm[name] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, doublerandom.Errorf(doublerandom.EINVALID, "%q is not an id", v)
		}
		out = append(out, id)
	}
	return out, nil
}

// mayChange refuses an account that may not change department dept's data.
func mayChange(r *http.Request, dept string) error {
	if !actorOf(r).ChangesDept(dept) {
		return doublerandom.Errorf(doublerandom.EFORBIDDEN,
			"only the staff of %s may do this", dept)
	}
	return nil
}

// stepRow is one department's row of the ten-step table.
type stepRow struct {
	Dept     doublerandom.Department
	Progress *workflow.Progress
	Cells    []stepCell
	Lists    []doublerandom.ListPublication
	CanList  bool
}

// stepCell is one step of one department.
type stepCell struct {
	Step    doublerandom.Step
	Done    bool
	Present bool // a directory present, recorded when first needed
	At      time.Time
}

// stepsPage shows every department's position in the ten steps of a year
// (the office and the auditor see all, a department its own) and lets a
// department publish its item list (step 1).
func (s *Server) stepsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := actorOf(r)
	year := s.yearOf(r)
	all, err := s.svc.ProgressAll(ctx, year)
	if err != nil {
		return err
	}
	depts, err := s.svc.Store.Departments(ctx)
	if err != nil {
		return err
	}
	byCode := map[string]doublerandom.Department{}
	for _, d := range depts {
		byCode[d.Code] = d
	}
	var rows []stepRow
	for _, p := range all {
		if !a.SeesDept(p.Dept) {
			continue
		}
		row := stepRow{Dept: byCode[p.Dept], Progress: p, CanList: a.ChangesDept(p.Dept)}
		for _, st := range doublerandom.Steps {
			rec, done := p.Done[st]
			row.Cells = append(row.Cells, stepCell{Step: st, Done: done, Present: p.Present[st],
				At: rec.DoneAt})
		}
		if row.Lists, err = s.svc.Store.ListPublications(ctx, p.Dept); err != nil {
			return err
		}
		rows = append(rows, row)
	}
	s.render(w, r, "steps", map[string]any{"Year": year, "Rows": rows,
		"Steps": doublerandom.Steps})
	return nil
}

// publishList publishes a department's item list.
func (s *Server) publishList(w http.ResponseWriter, r *http.Request) error {
	dept := r.PathValue("dept")
	if err := mayChange(r, dept); err != nil {
		return err
	}
	if _, err := s.svc.PublishList(r.Context(), dept); err != nil {
		return err
	}
	return seeOther(w, r, "/admin/steps")
}

// plansPage shows the plans of a year that the account may see (published
// ones and its department's), the form to propose one, the office's
// compile and publish forms, the plan report and the merge offers.
func (s *Server) plansPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := actorOf(r)
	year := s.yearOf(r)
	all, err := s.svc.Store.Plans(ctx, store.PlanFilter{Year: year})
	if err != nil {
		return err
	}
	var plans []doublerandom.Plan
	for _, p := range all {
		mine := slices.ContainsFunc(p.Departments(), a.SeesDept)
		if p.State == doublerandom.PlanPublished || mine {
			plans = append(plans, p)
		}
	}
	report, err := s.svc.PlanReport(ctx, year)
	if err != nil {
		return err
	}
	offers, err := s.svc.MergeOffers(ctx, deptScope(a))
	if err != nil {
		return err
	}
	items, err := s.svc.Store.Items(ctx, "")
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
	late := map[int64]bool{}
	for _, p := range plans {
		late[p.ID] = p.Late(workflow.China)
	}
	s.render(w, r, "plans", map[string]any{"Year": year, "Plans": plans, "Late": late,
		"Report": report, "Offers": offers, "Items": items, "AllDepts": depts, "Depts": names,
		"MyDept": a.Dept, "CanPropose": a.ChangesDept(a.Dept),
		"Office":   a.Role == doublerandom.RoleOffice,
		"CanMerge": a.Role == doublerandom.RoleOffice || a.ChangesDept(a.Dept)})
	return nil
}

// deptScope is the department whose data an account is limited to, "" for
// the office and the auditor.
func deptScope(a doublerandom.Actor) string {
	if a.Role == doublerandom.RoleOffice || a.Role == doublerandom.RoleAuditor {
		return ""
	}
	return a.Dept
}

// proposePlan proposes a plan led by the account's department.
func (s *Server) proposePlan(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	a := actorOf(r)
	f := r.PostForm
	year, err := strconv.Atoi(strings.TrimSpace(f.Get("year")))
	if err != nil {
		return doublerandom.Errorf(doublerandom.EINVALID, "the year %q is not a number",
			f.Get("year"))
	}
	p := doublerandom.Plan{Year: year, Title: f.Get("title"), LeadDept: a.Dept,
		Participating: f["participating"], Ratio: strings.TrimSpace(f.Get("ratio")),
		Scope: doublerandom.Scope{Regions: splitList(f.Get("regions")),
			Industries: splitList(f.Get("industries")), RiskClasses: f["risk"],
			Note: strings.TrimSpace(f.Get("scope"))}}
	if p.ItemIDs, err = formIDs(r, "item"); err != nil {
		return err
	}
	if p.WindowStart, err = formDate(r, "from", "the window's first day"); err != nil {
		return err
	}
	if p.WindowEnd, err = formDate(r, "to", "the window's last day"); err != nil {
		return err
	}
	if _, err := s.svc.ProposePlan(r.Context(), p); err != nil {
		return err
	}
	return seeOther(w, r, fmt.Sprintf("/admin/plans?year=%d", year))
}

// splitList splits a list typed with commas, Chinese commas or spaces.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '，' || r == '、' || r == ' ' || r == '\n' || r == '\r'
	})
}

// withdrawPlan withdraws an unpublished plan of the account's department.
func (s *Server) withdrawPlan(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.svc.Store.Plan(r.Context(), id)
	if err != nil {
		return err
	}
	if err := mayChange(r, p.LeadDept); err != nil {
		return err
	}
	if err := s.svc.WithdrawPlan(r.Context(), id); err != nil {
		return err
	}
	return seeOther(w, r, fmt.Sprintf("/admin/plans?year=%d", p.Year))
}

// compilePlan takes the chosen proposed plans into the annual plan.
func (s *Server) compilePlan(w http.ResponseWriter, r *http.Request) error {
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		return errNotFound
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	ids, err := formIDs(r, "plan")
	if err != nil {
		return err
	}
	_, err = s.svc.CompileAnnualPlan(r.Context(), year, r.PostForm.Get("title"), ids)
	if err != nil {
		return err
	}
	return seeOther(w, r, fmt.Sprintf("/admin/plans?year=%d", year))
}

// publishAnnual publishes the annual plan with its compiled plans.
func (s *Server) publishAnnual(w http.ResponseWriter, r *http.Request) error {
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		return errNotFound
	}
	if _, err := s.svc.PublishAnnualPlan(r.Context(), year); err != nil {
		return err
	}
	return seeOther(w, r, fmt.Sprintf("/admin/plans?year=%d", year))
}

// mergeTasks accepts a merge offer: the office, or the staff of either
// task's lead department.
func (s *Server) mergeTasks(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	ids, err := formIDs(r, "task")
	if err != nil || len(ids) != 2 {
		return doublerandom.Errorf(doublerandom.EINVALID, "name the two tasks to merge")
	}
	a := actorOf(r)
	if a.Role != doublerandom.RoleOffice {
		ok := false
		for _, id := range ids {
			t, err := s.svc.Store.Task(r.Context(), id)
			if err != nil {
				return err
			}
			ok = ok || a.ChangesDept(t.LeadDept)
		}
		if !ok {
			return doublerandom.Errorf(doublerandom.EFORBIDDEN,
				"only the office or a lead department of the two tasks may merge them")
		}
	}
	merged, err := s.svc.MergeTasks(r.Context(), ids[0], ids[1])
	if err != nil {
		return err
	}
	return seeOther(w, r, fmt.Sprintf("/admin/tasks/%d", merged.ID))
}
