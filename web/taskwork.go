package web

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"doublerandom"
	"doublerandom/store"
)

// taskWorkRoutes registers a task's work pages: implementation rules, the
// result summary (page, print and XLSX), hand-overs and the archive.
func (s *Server) taskWorkRoutes() {
	readers := append(slices.Clone(yearReaders), doublerandom.RoleInspector)
	s.mux.HandleFunc("GET /admin/tasks/{id}/work", s.staff(yearReaders...)(s.taskWork))
	s.mux.HandleFunc("POST /admin/tasks/{id}/rules", s.staff(deptWriters...)(s.publishRules))
	s.mux.HandleFunc("POST /admin/tasks/{id}/handover", s.staff(deptWriters...)(s.handOver))
	s.mux.HandleFunc("GET /admin/tasks/{id}/summary", s.staff(readers...)(s.summaryPrint))
	s.mux.HandleFunc("GET /admin/tasks/{id}/summary.xlsx", s.staff(readers...)(s.summaryXLSX))
	s.mux.HandleFunc("GET /admin/tasks/{id}/archive.zip", s.staff(yearReaders...)(s.taskZip))
	s.mux.HandleFunc("POST /admin/tasks/{id}/archive", s.staff(deptWriters...)(s.keepTaskZip))
}

// workTask returns the task of the request if the account may see its
// department data: a department of the task, the office, the auditor, or
// an inspector drawn for it.
func (s *Server) workTask(r *http.Request) (*doublerandom.Task, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	t, err := s.svc.Store.Task(r.Context(), id)
	if err != nil {
		return nil, err
	}
	a := actorOf(r)
	if slices.ContainsFunc(t.Departments(), a.SeesDept) && a.Role != doublerandom.RoleInspector {
		return t, nil
	}
	if u := userFrom(r.Context()); u != nil && u.InspectorID != "" {
		teams, err := s.svc.Store.Teams(r.Context(), t.ID)
		if err != nil {
			return nil, err
		}
		for _, tm := range teams {
			if slices.Contains(tm.Members, u.InspectorID) {
				return t, nil
			}
		}
	}
	return nil, errNotFound
}

// taskWork shows a task's implementation rules, result summary with each
// business's progress, the hand-over form and the exports.
func (s *Server) taskWork(w http.ResponseWriter, r *http.Request) error {
	t, err := s.workTask(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	a := actorOf(r)
	data := map[string]any{"Task": t, "Lead": a.ChangesDept(t.LeadDept),
		"MyDept": a.Dept, "Member": slices.ContainsFunc(t.Departments(), a.ChangesDept)}
	rules, err := s.svc.Store.TaskRules(ctx, t.ID)
	if err != nil && doublerandom.ErrorCode(err) != doublerandom.ENOTFOUND {
		return err
	}
	data["Rules"] = rules
	if t.State == doublerandom.TaskDrawn || t.State == doublerandom.TaskPublished {
		sum, err := s.svc.Summary(ctx, t.ID)
		if err != nil {
			return err
		}
		data["Summary"] = sum
		fs, err := s.svc.Store.FollowUps(ctx, store.FollowUpFilter{TaskID: t.ID})
		if err != nil {
			return err
		}
		data["FollowUps"] = fs
	}
	depts, err := s.svc.Store.Departments(ctx)
	if err != nil {
		return err
	}
	names, err := s.deptNames(r)
	if err != nil {
		return err
	}
	data["AllDepts"], data["Depts"] = depts, names
	as, err := s.svc.Store.Archives(ctx, store.ArchiveFilter{TaskID: t.ID})
	if err != nil {
		return err
	}
	data["Archives"] = as
	s.render(w, r, "taskwork", data)
	return nil
}

// publishRules publishes the task's implementation rules (step 6), by the
// staff of its lead department.
func (s *Server) publishRules(w http.ResponseWriter, r *http.Request) error {
	t, err := s.workTask(r)
	if err != nil {
		return err
	}
	if err := mayChange(r, t.LeadDept); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err := s.svc.PublishRules(r.Context(), t.ID, r.PostForm.Get("body")); err != nil {
		return err
	}
	return seeOther(w, r, fmt.Sprintf("/admin/tasks/%d/work", t.ID))
}

// handOver hands a problem found at a business of the task to the
// department with jurisdiction, from the account's department.
func (s *Server) handOver(w http.ResponseWriter, r *http.Request) error {
	t, err := s.workTask(r)
	if err != nil {
		return err
	}
	a := actorOf(r)
	if !slices.Contains(t.Departments(), a.Dept) {
		return doublerandom.Errorf(doublerandom.EFORBIDDEN,
			"only the departments of task %d hand over its problems", t.ID)
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	_, err = s.svc.HandOver(r.Context(), doublerandom.FollowUp{TaskID: t.ID,
		EntityCode: f.Get("code"), Problem: f.Get("problem"), FromDept: a.Dept,
		ToDept: f.Get("to")})
	if err != nil {
		return err
	}
	return seeOther(w, r, fmt.Sprintf("/admin/tasks/%d/work", t.ID))
}

// summaryPrint shows the result summary as a printable form.
func (s *Server) summaryPrint(w http.ResponseWriter, r *http.Request) error {
	t, err := s.workTask(r)
	if err != nil {
		return err
	}
	sum, err := s.svc.Summary(r.Context(), t.ID)
	if err != nil {
		return err
	}
	names, err := s.deptNames(r)
	if err != nil {
		return err
	}
	s.render(w, r, "summary", map[string]any{"Summary": sum, "Depts": names})
	return nil
}

// summaryXLSX downloads the result summary as an XLSX workbook.
func (s *Server) summaryXLSX(w http.ResponseWriter, r *http.Request) error {
	t, err := s.workTask(r)
	if err != nil {
		return err
	}
	sum, err := s.svc.Summary(r.Context(), t.ID)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := sum.WriteXLSX(&buf, langOf(r)); err != nil {
		return err
	}
	w.Header().Set("Content-Type",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition",
		fmt.Sprintf(`attachment; filename="summary-task-%d.xlsx"`, t.ID))
	_, err = w.Write(buf.Bytes())
	return err
}

// taskZip downloads a fresh archive package of the task.
func (s *Server) taskZip(w http.ResponseWriter, r *http.Request) error {
	t, err := s.workTask(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := s.svc.BuildTaskArchive(r.Context(), t.ID, &buf); err != nil {
		return err
	}
	return sendZip(w, fmt.Sprintf("archive-task-%d.zip", t.ID), buf.Bytes())
}

func sendZip(w http.ResponseWriter, name string, b []byte) error {
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="`+
		strings.ReplaceAll(name, `"`, "")+`"`)
	_, err := w.Write(b)
	return err
}

// keepTaskZip builds and keeps the archive of a published task, by the
// staff of its lead department.
func (s *Server) keepTaskZip(w http.ResponseWriter, r *http.Request) error {
	t, err := s.workTask(r)
	if err != nil {
		return err
	}
	if err := mayChange(r, t.LeadDept); err != nil {
		return err
	}
	if _, err := s.svc.ArchiveTask(r.Context(), t.ID); err != nil {
		return err
	}
	return seeOther(w, r, fmt.Sprintf("/admin/tasks/%d/work", t.ID))
}
