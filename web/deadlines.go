package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"doublerandom"
	"doublerandom/store"
	"doublerandom/workflow"
)

// deadlineRoutes registers the deadline pages (SPEC R16), the office's
// calendar form and the archives (SPEC R23).
func (s *Server) deadlineRoutes() {
	s.adminPage("/admin/deadlines", "admin.deadlines", s.deadlinesPage, yearReaders...)
	s.mux.HandleFunc("POST /admin/calendar", s.staff(officeOnly...)(s.loadCalendar))
	s.adminPage("/admin/archives", "admin.archives", s.archivesPage, yearReaders...)
	s.mux.HandleFunc("POST /admin/archives/deliver", s.staff(deptWriters...)(s.deliverArchive))
	s.mux.HandleFunc("GET /admin/archives/{id}", s.staff(yearReaders...)(s.archiveFile))
}

// deadlineRow is one open deadline with how urgent it is.
type deadlineRow struct {
	doublerandom.Deadline
	Nearly bool
}

// deadlinesPage shows the open deadlines of the account's department (all
// for the office and the auditor), nearly due and overdue ones marked, the
// missed ones recorded, and for the office the calendar's years and the
// form to load or correct one.
func (s *Server) deadlinesPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := actorOf(r)
	ds, err := s.svc.Deadlines(ctx, deptScope(a))
	if err != nil {
		return err
	}
	rows := make([]deadlineRow, 0, len(ds))
	for _, d := range ds {
		rows = append(rows, deadlineRow{Deadline: d, Nearly: workflow.NearlyDue(d)})
	}
	missed, err := s.svc.Store.Missed(ctx, deptScope(a))
	if err != nil {
		return err
	}
	names, err := s.deptNames(r)
	if err != nil {
		return err
	}
	var years []int
	for _, y := range s.svc.Calendar.Years() {
		years = append(years, y.Year)
	}
	s.render(w, r, "deadlines", map[string]any{"Deadlines": rows, "Missed": missed,
		"Depts": names, "Office": a.Role == doublerandom.RoleOffice, "Years": years,
		"NearlyDays": workflow.NearlyDueWorkdays})
	return nil
}

// loadCalendar loads or corrects holiday arrangements from JSON in the shape
// of holidays-cn.json, pasted or uploaded.
func (s *Server) loadCalendar(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	body := strings.TrimSpace(r.PostForm.Get("json"))
	if body == "" {
		return doublerandom.Errorf(doublerandom.EINVALID,
			`paste the arrangement as JSON: {"2027": {"holidays": [["2027-01-01", `+
				`"2027-01-01", "元旦"]], "workdays": []}}`)
	}
	if _, err := s.svc.LoadCalendarFile(r.Context(), bytes.NewReader([]byte(body))); err != nil {
		return err
	}
	return seeOther(w, r, "/admin/deadlines")
}

// archivesPage shows, for a year, which departments delivered their archive
// (the office's check at the end of December) and lets a department deliver
// its own.
func (s *Server) archivesPage(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	year := s.yearOf(r)
	states, err := s.svc.ArchiveStates(r.Context(), year)
	if err != nil {
		return err
	}
	var mine []workflow.ArchiveState
	for _, st := range states {
		if a.SeesDept(st.Dept.Code) {
			mine = append(mine, st)
		}
	}
	s.render(w, r, "archives", map[string]any{"Year": year, "States": mine,
		"Due": workflow.ArchiveDue(year), "CanDeliver": a.ChangesDept(a.Dept), "MyDept": a.Dept})
	return nil
}

// deliverArchive delivers the account's department's archive of a year.
func (s *Server) deliverArchive(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	year, err := strconv.Atoi(r.PostForm.Get("year"))
	if err != nil {
		return doublerandom.Errorf(doublerandom.EINVALID, "the year %q is not a number",
			r.PostForm.Get("year"))
	}
	if _, err := s.svc.DeliverYearArchive(r.Context(), actorOf(r).Dept, year); err != nil {
		return err
	}
	return seeOther(w, r, fmt.Sprintf("/admin/archives?year=%d", year))
}

// archiveFile downloads a kept archive: its department's staff, the office
// and the auditor.
func (s *Server) archiveFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	as, err := s.svc.Store.Archives(r.Context(), store.ArchiveFilter{ID: id})
	if err != nil || len(as) == 0 {
		return errNotFound
	}
	dept := as[0].Dept
	if as[0].TaskID != 0 {
		t, err := s.svc.Store.Task(r.Context(), as[0].TaskID)
		if err != nil {
			return err
		}
		dept = t.LeadDept
	}
	if !actorOf(r).SeesDept(dept) {
		return errNotFound
	}
	b, err := s.svc.Store.ArchiveContent(r.Context(), id)
	if err != nil {
		return err
	}
	return sendZip(w, fmt.Sprintf("archive-%d.zip", id), b)
}
