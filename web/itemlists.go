package web

import (
	"net/http"
	"slices"
	"strconv"

	"doublerandom"
	"doublerandom/store"
)

// The pages of the one list and two directories (一单两库, SPEC R1-R4): staff
// pages under /admin/ for each department's item list versions, object
// directory and inspector directory, with uploads and exports, and the
// public pages of published item list versions. Department admins and
// leaders change only their own department's data (SPEC R21); the office
// and the auditor read every department's.

// Role sets of the directory pages.
var dirReaders = []string{doublerandom.RoleOffice, doublerandom.RoleAdmin,
	doublerandom.RoleLeader, doublerandom.RoleAuditor}

// directoryRoutes registers the pages of the item lists and directories.
func (s *Server) directoryRoutes() {
	s.adminPage("/admin/items", "admin.items", s.itemListsPage, dirReaders...)
	s.mux.HandleFunc("GET /admin/items/{dept}/diff", s.staff(dirReaders...)(s.itemDiffPage))
	s.mux.HandleFunc("GET /admin/items/{dept}/{version}",
		s.staff(dirReaders...)(s.itemVersionPage))
	s.mux.HandleFunc("POST /admin/items/{dept}/{version}/publish",
		s.staff(deptWriters...)(s.publishItemVersion))
	s.adminPage("/admin/objects", "admin.objects", s.objectsPage, dirReaders...)
	s.mux.HandleFunc("POST /admin/objects/{dept}/rules", s.staff(deptWriters...)(s.addRule))
	s.mux.HandleFunc("POST /admin/objects/{dept}/rules/{id}/remove",
		s.staff(deptWriters...)(s.removeRule))
	s.mux.HandleFunc("GET /admin/entities/{code}/history",
		s.staff(dirReaders...)(s.entityHistory))
	s.adminPage("/admin/inspectors", "admin.inspectors", s.inspectorsPage, dirReaders...)
	s.mux.HandleFunc("POST /admin/inspectors/{id}/status",
		s.staff(deptWriters...)(s.setInspectorStatus))
	s.mux.HandleFunc("POST /admin/inspectors/{id}/certificate",
		s.staff(deptWriters...)(s.renewCertificate))
	s.mux.HandleFunc("POST /admin/inspectors/{id}/conflicts/withdraw",
		s.staff(deptWriters...)(s.withdrawConflict))
	s.mux.HandleFunc("POST /admin/imports", s.staff(deptWriters...)(s.uploadImport))
	s.mux.HandleFunc("GET /admin/imports/{token}/report.xlsx",
		s.staff(deptWriters...)(s.importReport))
	s.mux.HandleFunc("GET /admin/export", s.staff(dirReaders...)(s.exportFile))

	// Published item list versions, for everyone.
	s.mux.HandleFunc("GET /items/{dept}", s.handle(s.publicVersions))
	s.mux.HandleFunc("GET /items/{dept}/diff", s.handle(s.publicDiff))
	s.mux.HandleFunc("GET /items/{dept}/{version}", s.handle(s.publicVersion))
}

// deptView is the department a directory page shows and the departments
// the requester may switch to.
type deptView struct {
	Dept    doublerandom.Department
	Choices []doublerandom.Department
	// CanChange reports whether the requester may change the department's
	// data; only then are personal data shown in full.
	CanChange bool
}

// chooseDept picks the department of a directory page: ?dept=, else the
// requester's own, else the first one the requester may see. Departments
// whose unpublished data the requester may not read are refused.
func (s *Server) chooseDept(r *http.Request) (*deptView, error) {
	depts, err := s.svc.Store.Departments(r.Context())
	if err != nil {
		return nil, err
	}
	a := actorOf(r)
	v := &deptView{}
	for _, d := range depts {
		if a.SeesDept(d.Code) {
			v.Choices = append(v.Choices, d)
		}
	}
	want := r.URL.Query().Get("dept")
	if want == "" {
		want = a.Dept
	}
	i := slices.IndexFunc(v.Choices, func(d doublerandom.Department) bool {
		return d.Code == want
	})
	switch {
	case i >= 0:
		v.Dept = v.Choices[i]
	case r.URL.Query().Get("dept") != "":
		return nil, doublerandom.Errorf(doublerandom.EFORBIDDEN,
			"the staff of %s may not read department %s's directories", a.Dept, want)
	case len(v.Choices) > 0:
		v.Dept = v.Choices[0]
	default:
		return nil, doublerandom.Errorf(doublerandom.ENOTFOUND, "there is no department yet")
	}
	v.CanChange = a.ChangesDept(v.Dept.Code)
	return v, nil
}

// mayRead refuses a requester who may not read department dept's
// unpublished data.
func mayRead(r *http.Request, dept string) error {
	if !actorOf(r).SeesDept(dept) {
		return doublerandom.Errorf(doublerandom.EFORBIDDEN,
			"only the staff of %s, the office and the auditor may read this", dept)
	}
	return nil
}

// itemListsPage lists the versions of a department's item list, with the
// forms to upload a new one, compare two and publish one.
func (s *Server) itemListsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.chooseDept(r)
	if err != nil {
		return err
	}
	lists, err := s.svc.Store.ItemLists(r.Context(), v.Dept.Code)
	if err != nil {
		return err
	}
	var newest int
	for _, l := range lists {
		if l.Published() {
			newest = max(newest, l.Version)
		}
	}
	s.render(w, r, "dir_items", map[string]any{"View": v, "Lists": lists,
		"NewestPublished": newest, "Today": s.svc.Now().Format(doublerandom.DateLayout)})
	return nil
}

// versionOf parses the {version} path value.
func versionOf(r *http.Request) (int, error) {
	n, err := strconv.Atoi(r.PathValue("version"))
	if err != nil || n <= 0 {
		return 0, errNotFound
	}
	return n, nil
}

// itemVersionPage shows one version of a department's item list.
func (s *Server) itemVersionPage(w http.ResponseWriter, r *http.Request) error {
	dept := r.PathValue("dept")
	if err := mayRead(r, dept); err != nil {
		return err
	}
	n, err := versionOf(r)
	if err != nil {
		return err
	}
	l, items, err := s.svc.Store.ItemList(r.Context(), dept, n)
	if err != nil {
		return err
	}
	s.render(w, r, "dir_version", map[string]any{"List": l, "Items": items,
		"Base": "/admin/items/" + dept})
	return nil
}

// itemDiffPage shows what changed between two versions, ?from= and ?to=.
func (s *Server) itemDiffPage(w http.ResponseWriter, r *http.Request) error {
	dept := r.PathValue("dept")
	if err := mayRead(r, dept); err != nil {
		return err
	}
	return s.renderDiff(w, r, dept, "/admin/items/"+dept, false)
}

// renderDiff renders the changes between versions ?from= and ?to= of a
// department's list; public pages compare published versions only.
func (s *Server) renderDiff(w http.ResponseWriter, r *http.Request, dept, base string,
	public bool) error {
	q := r.URL.Query()
	from, _ := strconv.Atoi(q.Get("from"))
	to, _ := strconv.Atoi(q.Get("to"))
	a, b, changes, err := s.svc.ItemListDiff(r.Context(), dept, from, to, public)
	if err != nil {
		return err
	}
	s.render(w, r, "dir_diff", map[string]any{"From": a, "To": b, "Changes": changes,
		"Base": base})
	return nil
}

// publishItemVersion publishes a version: step 1 of the ten steps.
func (s *Server) publishItemVersion(w http.ResponseWriter, r *http.Request) error {
	dept := r.PathValue("dept")
	if err := mayChange(r, dept); err != nil {
		return err
	}
	n, err := versionOf(r)
	if err != nil {
		return err
	}
	if _, err := s.svc.PublishItemVersion(r.Context(), dept, n); err != nil {
		return err
	}
	return seeOther(w, r, "/admin/items?dept="+dept)
}

// publishedLists returns a department's published versions, newest first.
func (s *Server) publishedLists(r *http.Request, dept string) ([]doublerandom.ItemList, error) {
	lists, err := s.svc.Store.ItemLists(r.Context(), dept)
	if err != nil {
		return nil, err
	}
	out := lists[:0]
	for _, l := range lists {
		if l.Published() {
			out = append(out, l)
		}
	}
	return out, nil
}

// publicVersions lists the published versions of a department's list.
func (s *Server) publicVersions(w http.ResponseWriter, r *http.Request) error {
	dept, err := s.department(r, r.PathValue("dept"))
	if err != nil {
		return err
	}
	lists, err := s.publishedLists(r, dept.Code)
	if err != nil {
		return err
	}
	s.render(w, r, "item_versions", map[string]any{"Dept": dept, "Lists": lists})
	return nil
}

// publicVersion shows a published version of a department's list.
func (s *Server) publicVersion(w http.ResponseWriter, r *http.Request) error {
	dept := r.PathValue("dept")
	n, err := versionOf(r)
	if err != nil {
		return err
	}
	l, items, err := s.svc.Store.ItemList(r.Context(), dept, n)
	if doublerandom.ErrorCode(err) == doublerandom.ENOTFOUND || (err == nil && !l.Published()) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	s.render(w, r, "dir_version", map[string]any{"List": l, "Items": items, "Public": true,
		"Base": "/items/" + dept})
	return nil
}

// publicDiff compares two published versions.
func (s *Server) publicDiff(w http.ResponseWriter, r *http.Request) error {
	dept, err := s.department(r, r.PathValue("dept"))
	if err != nil {
		return err
	}
	return s.renderDiff(w, r, dept.Code, "/items/"+dept.Code, true)
}

// department returns the department code names, or not found.
func (s *Server) department(r *http.Request, code string) (*doublerandom.Department, error) {
	depts, err := s.svc.Store.Departments(r.Context())
	if err != nil {
		return nil, err
	}
	for _, d := range depts {
		if d.Code == code {
			return &d, nil
		}
	}
	return nil, errNotFound
}

// recentImports returns a department's latest imports for a page.
func (s *Server) recentImports(r *http.Request, dept string) ([]store.ImportFile, error) {
	return s.svc.Store.ImportFiles(r.Context(), dept, 10)
}
