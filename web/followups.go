package web

import (
	"net/http"
	"slices"

	"doublerandom"
	"doublerandom/store"
)

// followUpRoutes registers the follow-up pages (SPEC R18): the problems
// handed to a department, its penalty decisions and referrals.
func (s *Server) followUpRoutes() {
	s.adminPage("/admin/followups", "admin.followups", s.followUpsPage, yearReaders...)
	s.mux.HandleFunc("POST /admin/followups/{id}/{action}",
		s.staff(deptWriters...)(s.followUpAction))
	s.mux.HandleFunc("POST /admin/penalties/{id}/publish",
		s.staff(deptWriters...)(s.publishPenalty))
}

// followUpsPage lists the follow-ups handed to or from the account's
// department (all for the office and the auditor) and its penalty
// decisions, with the forms to decide, refer, close and publish.
func (s *Server) followUpsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := actorOf(r)
	all, err := s.svc.Store.FollowUps(ctx, store.FollowUpFilter{})
	if err != nil {
		return err
	}
	var fs []doublerandom.FollowUp
	for _, f := range all {
		if a.SeesDept(f.ToDept) || a.SeesDept(f.FromDept) {
			fs = append(fs, f)
		}
	}
	ps, err := s.svc.Store.Penalties(ctx, store.PenaltyFilter{Dept: deptScope(a)})
	if err != nil {
		return err
	}
	refs, err := s.svc.Store.Referrals(ctx, "")
	if err != nil {
		return err
	}
	refs = slices.DeleteFunc(refs, func(rf doublerandom.Referral) bool {
		return !slices.ContainsFunc(fs, func(f doublerandom.FollowUp) bool {
			return f.ID == rf.FollowUpID
		})
	})
	names, err := s.deptNames(r)
	if err != nil {
		return err
	}
	s.render(w, r, "followups", map[string]any{"FollowUps": fs, "Penalties": ps,
		"Referrals": refs, "Depts": names, "MyDept": a.Dept, "Writer": a.ChangesDept(a.Dept),
		"Today": s.svc.Now().Format(doublerandom.DateLayout)})
	return nil
}

// followUpAction decides a penalty on, refers or closes a follow-up handed
// to the account's department.
func (s *Server) followUpAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	fs, err := s.svc.Store.FollowUps(ctx, store.FollowUpFilter{ID: id})
	if err != nil {
		return err
	}
	if len(fs) == 0 {
		return errNotFound
	}
	if err := mayChange(r, fs[0].ToDept); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	switch r.PathValue("action") {
	case "penalty":
		on, err := formDate(r, "decided", "the decision date")
		if err != nil {
			return err
		}
		_, err = s.svc.DecidePenalty(ctx, doublerandom.Penalty{FollowUpID: id,
			Dept: fs[0].ToDept, DecisionNo: f.Get("number"), DecidedOn: on,
			Content: f.Get("content")})
		if err != nil {
			return err
		}
	case "refer":
		on, err := formDate(r, "referred", "the referral date")
		if err != nil {
			return err
		}
		_, err = s.svc.Refer(ctx, doublerandom.Referral{FollowUpID: id,
			Authority: f.Get("authority"), ReferredOn: on, Note: f.Get("note")})
		if err != nil {
			return err
		}
	case "close":
		if err := s.svc.CloseFollowUp(ctx, id, f.Get("outcome")); err != nil {
			return err
		}
	default:
		return errNotFound
	}
	return seeOther(w, r, "/admin/followups")
}

// publishPenalty publishes a penalty decision of the account's department.
func (s *Server) publishPenalty(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ps, err := s.svc.Store.Penalties(r.Context(), store.PenaltyFilter{ID: id})
	if err != nil {
		return err
	}
	if len(ps) == 0 {
		return errNotFound
	}
	if err := mayChange(r, ps[0].Dept); err != nil {
		return err
	}
	if err := s.svc.PublishPenalty(r.Context(), id); err != nil {
		return err
	}
	return seeOther(w, r, "/admin/followups")
}
