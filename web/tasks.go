package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"doublerandom"
	"doublerandom/draw"
	"doublerandom/store"
	"doublerandom/workflow"
)

// The staff task pages carry a joint task through the workflow's steps:
// create, freeze with the departments' commitments, reveal, draw, enter
// results, publish. A department's admin or leader acts on the tasks his
// department leads; each department of a task reveals its own secret and
// enters results; the office and the auditor read them.

// taskRoles may open the staff task pages; taskWriters may act on them.
var (
	taskRoles = []string{doublerandom.RoleOffice, doublerandom.RoleAdmin,
		doublerandom.RoleLeader, doublerandom.RoleAuditor}
	taskWriters = []string{doublerandom.RoleAdmin, doublerandom.RoleLeader}
)

// staffTasks lists the tasks the signed-in account sees, with the form to
// create one for department staff.
func (s *Server) staffTasks(w http.ResponseWriter, r *http.Request) error {
	return s.renderTaskList(w, r, nil, http.StatusOK)
}

func (s *Server) renderTaskList(w http.ResponseWriter, r *http.Request, formErr error,
	status int) error {
	ctx := r.Context()
	a := actorOf(r)
	all, err := s.svc.Store.Tasks(ctx)
	if err != nil {
		return err
	}
	var tasks []doublerandom.Task
	for _, t := range all {
		if slices.ContainsFunc(t.Departments(), a.SeesDept) {
			tasks = append(tasks, t)
		}
	}
	depts, err := s.svc.Store.Departments(ctx)
	if err != nil {
		return err
	}
	items, err := s.svc.Store.Items(ctx, "")
	if err != nil {
		return err
	}
	names, err := s.deptNames(r)
	if err != nil {
		return err
	}
	plans, err := s.svc.Store.Plans(ctx, store.PlanFilter{Dept: a.Dept,
		States: []doublerandom.PlanState{doublerandom.PlanPublished}})
	if err != nil {
		return err
	}
	data := map[string]any{"Tasks": tasks, "Depts": names, "AllDepts": depts, "Items": items,
		"Plans":     plans,
		"CanCreate": a.ChangesDept(a.Dept), "MyDept": a.Dept, "Form": r.PostForm,
		"Today": s.svc.Now().Format(doublerandom.DateLayout)}
	if formErr != nil {
		data["Error"] = doublerandom.ErrorMessage(formErr)
	}
	if status != http.StatusOK {
		w.WriteHeader(status)
	}
	s.render(w, r, "tasks", data)
	return nil
}

// createTask creates a task led by the signed-in account's department.
func (s *Server) createTask(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	date, err := time.Parse(doublerandom.DateLayout, f.Get("date"))
	if err != nil {
		return s.renderTaskList(w, r, doublerandom.Errorf(doublerandom.EINVALID,
			"the inspection date %q is not a date like 2026-05-01", f.Get("date")),
			http.StatusBadRequest)
	}
	t := doublerandom.Task{Title: strings.TrimSpace(f.Get("title")), LeadDept: a.Dept,
		Participating: f["participating"], Ratio: strings.TrimSpace(f.Get("ratio")),
		InspectionDate: date}
	if v := strings.TrimSpace(f.Get("end")); v != "" {
		if t.InspectionEnd, err = time.Parse(doublerandom.DateLayout, v); err != nil {
			return s.renderTaskList(w, r, doublerandom.Errorf(doublerandom.EINVALID,
				"the last inspection day %q is not a date like 2026-05-31", v),
				http.StatusBadRequest)
		}
	}
	if v := f.Get("plan"); v != "" {
		if t.PlanID, err = strconv.ParseInt(v, 10, 64); err != nil {
			return doublerandom.Errorf(doublerandom.EINVALID, "plan %q is not a plan id", v)
		}
	}
	for _, v := range f["item"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return doublerandom.Errorf(doublerandom.EINVALID, "item %q is not an item id", v)
		}
		t.ItemIDs = append(t.ItemIDs, id)
	}
	created, err := s.svc.CreateTask(r.Context(), t)
	// A refusal, such as a step of the year not done, shows on the form.
	c := doublerandom.ErrorCode(err)
	if c == doublerandom.EINVALID || c == doublerandom.ECONFLICT {
		return s.renderTaskList(w, r, err, statusOf(c))
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/tasks/%d", created.ID), http.StatusSeeOther)
	return nil
}

func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		return doublerandom.Errorf(doublerandom.EINVALID, "the form could not be read")
	}
	return nil
}

// staffTask shows a task with the form of its next step.
func (s *Server) staffTask(w http.ResponseWriter, r *http.Request) error {
	return s.renderStaffTask(w, r, nil)
}

func (s *Server) renderStaffTask(w http.ResponseWriter, r *http.Request, stepErr error) error {
	t, err := s.staffTaskOf(r)
	if err != nil {
		return err
	}
	v, err := s.taskView(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	a := actorOf(r)
	data := map[string]any{"View": v, "Task": t, "Lead": a.ChangesDept(t.LeadDept),
		"Member": slices.ContainsFunc(t.Departments(), a.ChangesDept), "MyDept": a.Dept,
		"ResultTypes": doublerandom.ResultTypes}
	leader := a.Role == doublerandom.RoleLeader
	data["VoidLeader"] = leader && a.Dept == t.LeadDept
	if leader && slices.Contains(t.Departments(), a.Dept) && t.State == doublerandom.TaskDrawn {
		all, err := s.svc.Store.Inspectors(ctx, a.Dept)
		if err != nil {
			return err
		}
		// Offer only inspectors eligible on the inspection date; the
		// service still checks conflicts and team membership per business.
		var pool []doublerandom.Inspector
		for _, in := range all {
			if in.ValidOn(t.InspectionDate) {
				pool = append(pool, in)
			}
		}
		data["Pool"], data["Reasons"] = pool, doublerandom.ReplacementReasons
	}
	if t.State == doublerandom.TaskDrawn {
		rs, err := s.svc.Store.Results(ctx, t.ID)
		if err != nil {
			return err
		}
		byCode := map[string]doublerandom.Result{}
		for _, res := range rs {
			byCode[res.EntityCode] = res
		}
		data["Entered"] = byCode
	}
	if stepErr != nil {
		data["Error"] = doublerandom.ErrorMessage(stepErr)
		w.WriteHeader(statusOf(doublerandom.ErrorCode(stepErr)))
	}
	s.render(w, r, "stafftask", data)
	return nil
}

// staffTaskOf returns the task of the request's {id} when the account sees
// it, and not-found otherwise.
func (s *Server) staffTaskOf(r *http.Request) (*doublerandom.Task, error) {
	id, err := workflow.TaskID(r.PathValue("id"))
	if err != nil {
		return nil, errNotFound
	}
	t, err := s.svc.Store.Task(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(t.Departments(), actorOf(r).SeesDept) {
		return nil, errNotFound
	}
	return t, nil
}

// taskStep runs one step of a task from its form and shows the task again,
// with the step's error when it was refused.
func (s *Server) taskStep(w http.ResponseWriter, r *http.Request) error {
	t, err := s.staffTaskOf(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	err = s.runStep(r, t, r.PathValue("step"))
	switch doublerandom.ErrorCode(err) {
	case "":
		http.Redirect(w, r, fmt.Sprintf("/admin/tasks/%d", t.ID), http.StatusSeeOther)
		return nil
	case doublerandom.EINVALID, doublerandom.ECONFLICT, doublerandom.EFORBIDDEN:
		return s.renderStaffTask(w, r, err)
	}
	return err
}

func (s *Server) runStep(r *http.Request, t *doublerandom.Task, step string) error {
	ctx, f, a := r.Context(), r.PostForm, actorOf(r)
	lead := func() error {
		if !a.ChangesDept(t.LeadDept) {
			return doublerandom.Errorf(doublerandom.EFORBIDDEN,
				"only the lead department %s does this step", t.LeadDept)
		}
		return nil
	}
	switch step {
	case "freeze":
		if err := lead(); err != nil {
			return err
		}
		opt, err := freezeOptions(f, t)
		if err != nil {
			return err
		}
		_, err = s.svc.Freeze(ctx, t.ID, opt)
		return err
	case "reveal":
		if !a.ChangesDept(f.Get("party")) {
			return doublerandom.Errorf(doublerandom.EFORBIDDEN,
				"a department reveals its own secret only")
		}
		return s.svc.Reveal(ctx, t.ID, f.Get("party"), strings.TrimSpace(f.Get("secret")))
	case "draw":
		if err := lead(); err != nil {
			return err
		}
		_, err := s.svc.Draw(ctx, t.ID, strings.TrimSpace(f.Get("public")))
		return err
	case "result":
		if !slices.ContainsFunc(t.Departments(), a.ChangesDept) {
			return doublerandom.Errorf(doublerandom.EFORBIDDEN,
				"only the task's departments enter its results")
		}
		return s.svc.RecordResult(ctx, doublerandom.Result{TaskID: t.ID,
			EntityCode: f.Get("code"), Type: doublerandom.ResultType(f.Get("type")),
			Note: strings.TrimSpace(f.Get("note")), RecordedBy: a.ID})
	case "publish":
		if err := lead(); err != nil {
			return err
		}
		return s.svc.Publish(ctx, t.ID)
	case "void":
		return s.svc.VoidAndRedraw(ctx, t.ID, f.Get("reason"))
	case "replace":
		return s.svc.ReplaceInspector(ctx, doublerandom.Replacement{TaskID: t.ID,
			EntityCode: f.Get("code"), Replaced: f.Get("replaced"),
			Replacement: f.Get("replacement"), Reason: f.Get("reason"),
			Note: strings.TrimSpace(f.Get("note"))})
	}
	return errNotFound
}

// freezeOptions reads the freeze form: a commitment per department, the
// number of reserves, the named public randomness source and the reveal
// deadline (a local date and time, China Standard Time).
func freezeOptions(f url.Values, t *doublerandom.Task) (workflow.FreezeOptions, error) {
	var opt workflow.FreezeOptions
	if v := strings.TrimSpace(f.Get("reserves")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return opt, doublerandom.Errorf(doublerandom.EINVALID,
				"reserves %q is not a whole number", v)
		}
		opt.Reserves = n
	}
	for _, d := range t.Departments() {
		opt.Commitments = append(opt.Commitments, draw.Contribution{Party: d,
			Commitment: strings.ToLower(strings.TrimSpace(f.Get("commit_" + d)))})
	}
	opt.PublicSource = strings.TrimSpace(f.Get("public_source"))
	if v := strings.TrimSpace(f.Get("reveal_by")); v != "" {
		at, err := time.ParseInLocation("2006-01-02T15:04", v, workflow.China)
		if err != nil {
			return opt, doublerandom.Errorf(doublerandom.EINVALID,
				"reveal deadline %q is not a date and time (YYYY-MM-DDTHH:MM)", v)
		}
		opt.RevealBy = at
	}
	return opt, nil
}
