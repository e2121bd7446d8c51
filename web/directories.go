package web

import (
	"net/http"
	"time"

	"doublerandom"
	"doublerandom/directory"
	"doublerandom/store"
)

// membersShown is how many members of an object directory its page lists;
// the export has them all.
const membersShown = 100

// changesShown is how many entries and departures of an object directory
// its page lists.
const changesShown = 200

// objectsPage shows a department's object directory: its rules with their
// history, its members now, who entered and left in the last 30 days, and
// the forms to change the rules and upload the registry's files.
func (s *Server) objectsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v, err := s.chooseDept(r)
	if err != nil {
		return err
	}
	rules, err := s.svc.Store.DirectoryRules(ctx, v.Dept.Code)
	if err != nil {
		return err
	}
	var (
		members []doublerandom.Entity
		count   int
		byClass = map[string]int{}
	)
	err = s.svc.Store.EachDirectoryEntity(ctx, []string{v.Dept.Code}, time.Time{},
		func(e *doublerandom.Entity) error {
			if e.Status != doublerandom.StatusActive {
				return nil
			}
			count++
			byClass[doublerandom.Stratum(*e, doublerandom.DefaultComplaintThreshold)]++
			if len(members) < membersShown {
				members = append(members, *e)
			}
			return nil
		})
	if err != nil {
		return err
	}
	now := time.Now()
	changes, err := s.svc.Store.DirectoryChanges(ctx, v.Dept.Code, now.AddDate(0, 0, -30), now)
	if err != nil {
		return err
	}
	more := len(changes) - changesShown
	changes = changes[:min(len(changes), changesShown)]
	libraries, err := s.svc.Store.LabelValues(ctx, doublerandom.LabelLibrary)
	if err != nil {
		return err
	}
	imports, err := s.recentImports(r, v.Dept.Code)
	if err != nil {
		return err
	}
	s.render(w, r, "dir_objects", map[string]any{"View": v, "Rules": rules, "Members": members,
		"Count": count, "ByClass": byClass, "Classes": doublerandom.RiskClasses,
		"Changes": changes, "MoreChanges": max(more, 0), "RuleKinds": doublerandom.RuleKinds,
		"Libraries": libraries, "Imports": imports,
		"Kinds": []string{directory.Entities, directory.Risk, directory.Abnormal,
			directory.Complaints, directory.Status, directory.Library}})
	return nil
}

// addRule adds a membership rule to a department's object directory.
func (s *Server) addRule(w http.ResponseWriter, r *http.Request) error {
	dept := r.PathValue("dept")
	if err := mayChange(r, dept); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return doublerandom.Errorf(doublerandom.EINVALID, "the form could not be read")
	}
	err := s.svc.Store.InTx(r.Context(), func(tx *store.Tx) error {
		_, err := tx.AddDirectoryRule(r.Context(), dept, r.PostForm.Get("kind"),
			r.PostForm.Get("value"))
		return err
	})
	if err != nil {
		return err
	}
	return seeOther(w, r, "/admin/objects?dept="+dept)
}

// removeRule ends a rule of a department's object directory.
func (s *Server) removeRule(w http.ResponseWriter, r *http.Request) error {
	dept := r.PathValue("dept")
	if err := mayChange(r, dept); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	err = s.svc.Store.InTx(r.Context(), func(tx *store.Tx) error {
		return tx.RemoveDirectoryRule(r.Context(), dept, id)
	})
	if err != nil {
		return err
	}
	return seeOther(w, r, "/admin/objects?dept="+dept)
}

// inspectorRow is one inspector on the directory page: identity and phone
// numbers in full only for the department's own admin and leader.
type inspectorRow struct {
	doublerandom.Inspector
	Ineligible string
	IDShown    string
	PhoneShown string
}

// inspectorsPage shows a department's inspector directory with each
// inspector's eligibility today, the declared conflicts of interest, and
// the forms to upload inspectors and conflicts.
func (s *Server) inspectorsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v, err := s.chooseDept(r)
	if err != nil {
		return err
	}
	ins, err := s.svc.Store.Inspectors(ctx, v.Dept.Code)
	if err != nil {
		return err
	}
	today := s.svc.Now().UTC().Truncate(24 * time.Hour)
	rows := make([]inspectorRow, 0, len(ins))
	eligible := 0
	for _, in := range ins {
		row := inspectorRow{Inspector: in, Ineligible: in.Ineligibility(today),
			IDShown: directory.Mask(in.IDNumber), PhoneShown: directory.Mask(in.Phone)}
		if v.CanChange {
			row.IDShown, row.PhoneShown = in.IDNumber, in.Phone
		}
		if row.Ineligible == "" {
			eligible++
		}
		rows = append(rows, row)
	}
	conflicts, err := s.svc.Store.ConflictList(ctx, v.Dept.Code)
	if err != nil {
		return err
	}
	imports, err := s.recentImports(r, v.Dept.Code)
	if err != nil {
		return err
	}
	s.render(w, r, "dir_inspectors", map[string]any{"View": v, "Rows": rows,
		"Eligible": eligible, "Conflicts": conflicts, "Imports": imports,
		"Kinds": []string{directory.Inspectors, directory.Conflicts}})
	return nil
}

// setInspectorStatus records an inspector going on leave, coming back or
// being transferred out, with the reason (form: status, reason).
func (s *Server) setInspectorStatus(w http.ResponseWriter, r *http.Request) error {
	in, err := s.ownInspector(r)
	if err != nil {
		return err
	}
	err = s.svc.Store.InTx(r.Context(), func(tx *store.Tx) error {
		return tx.SetInspectorStatus(r.Context(), in.ID, r.PostForm.Get("status"),
			r.PostForm.Get("reason"))
	})
	if err != nil {
		return err
	}
	return seeOther(w, r, "/admin/inspectors?dept="+in.Dept)
}

// renewCertificate records a renewed enforcement certificate (form:
// cert_no, optional, and expiry).
func (s *Server) renewCertificate(w http.ResponseWriter, r *http.Request) error {
	in, err := s.ownInspector(r)
	if err != nil {
		return err
	}
	expiry, err := formDate(r, "expiry", "the new expiry date")
	if err != nil {
		return err
	}
	err = s.svc.Store.InTx(r.Context(), func(tx *store.Tx) error {
		return tx.RenewCertificate(r.Context(), in.ID, r.PostForm.Get("cert_no"), expiry)
	})
	if err != nil {
		return err
	}
	return seeOther(w, r, "/admin/inspectors?dept="+in.Dept)
}

// withdrawConflict ends an inspector's declared conflict of interest with
// a business (form: code, reason).
func (s *Server) withdrawConflict(w http.ResponseWriter, r *http.Request) error {
	in, err := s.ownInspector(r)
	if err != nil {
		return err
	}
	err = s.svc.Store.InTx(r.Context(), func(tx *store.Tx) error {
		return tx.WithdrawConflict(r.Context(), in.ID, r.PostForm.Get("code"),
			r.PostForm.Get("reason"))
	})
	if err != nil {
		return err
	}
	return seeOther(w, r, "/admin/inspectors?dept="+in.Dept)
}

// ownInspector parses the form and returns the inspector of the {id} path
// value, refusing the staff of other departments.
func (s *Server) ownInspector(r *http.Request) (*doublerandom.Inspector, error) {
	if err := r.ParseForm(); err != nil {
		return nil, doublerandom.Errorf(doublerandom.EINVALID, "the form could not be read")
	}
	ins, err := s.svc.Store.Inspectors(r.Context())
	if err != nil {
		return nil, err
	}
	for _, in := range ins {
		if in.ID == r.PathValue("id") {
			if err := mayChange(r, in.Dept); err != nil {
				return nil, err
			}
			return &in, nil
		}
	}
	return nil, errNotFound
}

// entityHistory shows every state of a business with the event that
// started it: registry changes, risk classes, the abnormal-operation list,
// complaints, and the labels it carried.
func (s *Server) entityHistory(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	hist, err := s.svc.Store.EntityHistory(r.Context(), code)
	if err != nil {
		return err
	}
	labels, err := s.svc.Store.Labels(r.Context(), code)
	if err != nil {
		return err
	}
	s.render(w, r, "dir_history", map[string]any{"States": hist, "Labels": labels,
		"Current": hist[len(hist)-1]})
	return nil
}
