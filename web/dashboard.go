package web

import (
	"encoding/json"
	"html/template"
	"net/http"
	"strconv"
	"sync"
	"time"

	"doublerandom"
	"doublerandom/calendar"
)

// resultsWorkdays is the deadline for publishing a task's results: 20
// working days after its inspections end (Art. 23, SPEC R16).
const resultsWorkdays = 20

var (
	dashCalOnce sync.Once
	dashCal     *calendar.Calendar
)

// officialCalendar returns the built-in official working-day calendar. Years
// an admin loads later are not seen here until the workflow service carries
// its own calendar to the web layer.
func officialCalendar() *calendar.Calendar {
	dashCalOnce.Do(func() { dashCal = calendar.New() })
	return dashCal
}

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

// overdueTask is a task whose results are past their deadline.
type overdueTask struct {
	ID    int64
	Title string
	Dept  string
	Due   time.Time
	Days  int // working days overdue
}

// dashboard is the office's supervision dashboard (SPEC R22): progress of
// every department through the ten steps, plans against tasks, draws and
// redraws, results by type, and overdue results. Department admins and
// leaders see their own department's row.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	today := s.svc.Now().UTC()
	year := today.Year()
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
	overdue, err := s.overdue(r, today)
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
		"Results": results, "Published": stats.Published, "ResultTypes": doublerandom.ResultTypes,
		"Steps": doublerandom.Steps, "Chart": template.JS(chart)})
	return nil
}

// overdue lists the tasks the requester sees whose results are past due.
func (s *Server) overdue(r *http.Request, today time.Time) ([]overdueTask, error) {
	tasks, err := s.svc.Store.Tasks(r.Context(), doublerandom.TaskCommitted, doublerandom.TaskDrawn)
	if err != nil {
		return nil, err
	}
	cal := officialCalendar()
	actor := actorOf(r)
	var out []overdueTask
	for i := range tasks {
		t := &tasks[i]
		if !actor.SeesDept(t.LeadDept) {
			continue
		}
		due, _ := cal.Due(t.LastDay(), resultsWorkdays)
		if today.Before(due.AddDate(0, 0, 1)) {
			continue
		}
		out = append(out, overdueTask{ID: t.ID, Title: t.Title, Dept: t.LeadDept, Due: due,
			Days: cal.WorkdaysBetween(due, today)})
	}
	return out, nil
}
