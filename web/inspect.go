package web

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"doublerandom"
	"doublerandom/workflow"
)

// inspectRoutes registers an inspector's pages: his own assignments and,
// for each, the visit: pre-check, notification, on-site records with
// evidence, sign-off, result and confirmation (SPEC R13-R15).
func (s *Server) inspectRoutes() {
	in := doublerandom.RoleInspector
	s.adminPage("/admin/assignments", "admin.assignments", s.assignmentsPage, in)
	s.mux.HandleFunc("GET /admin/assignments/{task}/{code}", s.staff(in)(s.visitPage))
	s.mux.HandleFunc("POST /admin/assignments/{task}/{code}/{action}", s.staff(in)(s.visitAction))
	s.mux.HandleFunc("GET /admin/evidence/{id}", s.staff()(s.evidenceFile))
}

// inspectorOf returns the directory id of the signed-in inspector.
func inspectorOf(r *http.Request) (string, error) {
	u := userFrom(r.Context())
	if u == nil || u.InspectorID == "" {
		return "", doublerandom.Errorf(doublerandom.EFORBIDDEN,
			"this account is not linked to an inspector of the directory; ask the "+
				"administrator to link it (doublerandom user add --inspector ID)")
	}
	return u.InspectorID, nil
}

// assignmentsPage lists the signed-in inspector's own assignments.
func (s *Server) assignmentsPage(w http.ResponseWriter, r *http.Request) error {
	id, err := inspectorOf(r)
	if err != nil {
		return err
	}
	as, err := s.svc.Assignments(r.Context(), id)
	if err != nil {
		return err
	}
	s.render(w, r, "assignments", map[string]any{"Assignments": as, "Me": id})
	return nil
}

// visitOf returns the visit of the request's assignment, refusing any that
// is not the signed-in inspector's own.
func (s *Server) visitOf(r *http.Request) (string, *workflow.Visit, error) {
	id, err := inspectorOf(r)
	if err != nil {
		return "", nil, err
	}
	taskID, err := pathID(r, "task")
	if err != nil {
		return "", nil, err
	}
	v, err := s.svc.InspectorVisit(r.Context(), id, taskID, r.PathValue("code"))
	return id, v, err
}

// visitPage shows one assignment: the pre-check view and every record.
func (s *Server) visitPage(w http.ResponseWriter, r *http.Request) error {
	me, v, err := s.visitOf(r)
	if err != nil {
		return err
	}
	names, err := s.deptNames(r)
	if err != nil {
		return err
	}
	s.render(w, r, "visit", map[string]any{"V": v, "Me": me, "Depts": names,
		"Methods": doublerandom.Methods, "Channels": doublerandom.Channels,
		"ResultTypes": doublerandom.ResultTypes, "Confirmed": v.Confirmed(me),
		"Now":    s.svc.Now().In(workflow.China).Format("2006-01-02T15:04"),
		"MaxMiB": workflow.MaxEvidenceSize >> 20})
	return nil
}

// visitAction records one thing of a visit: notify, record, evidence,
// signoff, result or confirm.
func (s *Server) visitAction(w http.ResponseWriter, r *http.Request) error {
	me, err := inspectorOf(r)
	if err != nil {
		return err
	}
	taskID, err := pathID(r, "task")
	if err != nil {
		return err
	}
	code := r.PathValue("code")
	if _, err := s.svc.InspectorVisit(r.Context(), me, taskID, code); err != nil {
		return err
	}
	action := r.PathValue("action")
	if action == "evidence" {
		err = s.uploadEvidence(w, r, me)
	} else if err = parseForm(w, r); err == nil {
		err = s.visitForm(r, me, taskID, code, action)
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, fmt.Sprintf("/admin/assignments/%d/%s", taskID, code))
}

// visitForm carries out a visit action posted as a form.
func (s *Server) visitForm(r *http.Request, me string, taskID int64, code, action string) error {
	ctx := r.Context()
	f := r.PostForm
	switch action {
	case "notify":
		at, err := time.ParseInLocation("2006-01-02T15:04", f.Get("at"), workflow.China)
		if err != nil {
			return doublerandom.Errorf(doublerandom.EINVALID,
				"the notification time %q is not a date and time", f.Get("at"))
		}
		_, err = s.svc.Notify(ctx, me, doublerandom.Notification{TaskID: taskID,
			EntityCode: code, NotifiedAt: at, Channel: doublerandom.Channel(f.Get("channel")),
			Content: f.Get("content")})
		return err
	case "record":
		item, err := strconv.ParseInt(f.Get("item"), 10, 64)
		if err != nil {
			return doublerandom.Errorf(doublerandom.EINVALID, "%q is not an item", f.Get("item"))
		}
		_, err = s.svc.RecordInspection(ctx, me, doublerandom.InspectionRecord{TaskID: taskID,
			EntityCode: code, ItemID: item, Method: doublerandom.Method(f.Get("method")),
			Findings: f.Get("findings"), Problem: f.Get("problem") != ""})
		return err
	case "signoff":
		return s.svc.SignOff(ctx, me, doublerandom.SignOff{TaskID: taskID, EntityCode: code,
			Kind: doublerandom.SignKind(f.Get("kind")), Signatory: f.Get("signatory"),
			Reason: f.Get("reason"), Witness: f.Get("witness")})
	case "result":
		return s.svc.EnterResult(ctx, me, doublerandom.Result{TaskID: taskID, EntityCode: code,
			Type: doublerandom.ResultType(f.Get("type")), Note: strings.TrimSpace(f.Get("note"))})
	case "confirm":
		return s.svc.Confirm(ctx, me, taskID, code)
	}
	return errNotFound
}

// uploadEvidence stores a file posted as multipart form data for one of
// the visit's records.
func (s *Server) uploadEvidence(w http.ResponseWriter, r *http.Request, me string) error {
	r.Body = http.MaxBytesReader(w, r.Body, workflow.MaxEvidenceSize+1<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		return doublerandom.Errorf(doublerandom.EINVALID,
			"the upload could not be read: send one file of at most %d MiB",
			workflow.MaxEvidenceSize>>20)
	}
	defer r.MultipartForm.RemoveAll()
	recordID, err := strconv.ParseInt(r.FormValue("record"), 10, 64)
	if err != nil {
		return doublerandom.Errorf(doublerandom.EINVALID, "choose the record the file belongs to")
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return doublerandom.Errorf(doublerandom.EINVALID, "choose a file to upload")
	}
	defer file.Close()
	content, err := io.ReadAll(io.LimitReader(file, workflow.MaxEvidenceSize+1))
	if err != nil {
		return doublerandom.Errorf(doublerandom.EINVALID, "the file could not be read")
	}
	rec, err := s.svc.Store.InspectionRecord(r.Context(), recordID)
	if err != nil {
		return err
	}
	if rec.TaskID != mustID(r, "task") || rec.EntityCode != r.PathValue("code") {
		return doublerandom.Errorf(doublerandom.EINVALID,
			"record %d is not a record of this visit", recordID)
	}
	_, err = s.svc.AddEvidence(r.Context(), me, recordID, hdr.Filename,
		hdr.Header.Get("Content-Type"), content)
	return err
}

func mustID(r *http.Request, name string) int64 {
	id, _ := pathID(r, name)
	return id
}

// evidenceFile downloads an evidence file, for a member of the business's
// team or the staff of the task's departments, the office and the auditor.
func (s *Server) evidenceFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	e, content, err := s.svc.Store.Evidence(ctx, id)
	if err != nil {
		return err
	}
	rec, err := s.svc.Store.InspectionRecord(ctx, e.RecordID)
	if err != nil {
		return err
	}
	if !s.mayReadVisit(r, rec.TaskID, rec.EntityCode) {
		return errNotFound
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(e.Name))
	w.Header().Set("X-Content-SHA256", e.SHA256)
	_, err = w.Write(content)
	return err
}

// mayReadVisit reports whether the account may read a visit's records.
func (s *Server) mayReadVisit(r *http.Request, taskID int64, code string) bool {
	a := actorOf(r)
	t, err := s.svc.Store.Task(r.Context(), taskID)
	if err != nil {
		return false
	}
	if a.Role != doublerandom.RoleInspector && slices.ContainsFunc(t.Departments(), a.SeesDept) {
		return true
	}
	u := userFrom(r.Context())
	if u == nil || u.InspectorID == "" {
		return false
	}
	_, err = s.svc.InspectorVisit(r.Context(), u.InspectorID, taskID, code)
	return err == nil
}
