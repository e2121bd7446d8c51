package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"doublerandom"
	"doublerandom/draw"
	"doublerandom/workflow"
)

// home lists every task, newest first.
func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	tasks, err := s.svc.Store.Tasks(r.Context())
	if err != nil {
		return err
	}
	tasks = visibleTasks(r, tasks)
	names, err := s.deptNames(r)
	if err != nil {
		return err
	}
	s.render(w, r, "home", map[string]any{"Tasks": tasks, "Depts": names})
	return nil
}

func (s *Server) deptNames(r *http.Request) (map[string]string, error) {
	ds, err := s.svc.Store.Departments(r.Context())
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, d := range ds {
		out[d.Code] = d.Name
		if langOf(r) == "en" && d.NameEn != "" {
			out[d.Code] = d.NameEn
		}
	}
	return out, nil
}

// drawnRow is one drawn business on the task page.
type drawnRow struct {
	Pick   draw.Pick
	Entity doublerandom.Entity
	Team   []draw.Inspector
	Result *doublerandom.Result
}

// taskView is the task page's data: what the public may see of a task.
type taskView struct {
	Task   *doublerandom.Task
	Items  []doublerandom.Item
	Record *draw.Record
	Drawn  []drawnRow
	Depts  map[string]string
	// Voided are the task's void draws, kept public (SPEC R11).
	Voided []doublerandom.Draw
	// Replacements are the drawn inspectors replaced under Art. 17, with
	// the names of both inspectors.
	Replacements []replacementRow
}

// replacementRow is one replacement on the task page.
type replacementRow struct {
	doublerandom.Replacement
	ReplacedName, ReplacementName string
}

func (s *Server) taskView(r *http.Request) (*taskView, error) {
	ctx := r.Context()
	id, err := workflow.TaskID(r.PathValue("id"))
	if err != nil {
		return nil, errNotFound
	}
	t, err := s.svc.Store.Task(ctx, id)
	if err != nil {
		return nil, err
	}
	if !taskVisible(r, t) {
		return nil, errNotFound
	}
	v := &taskView{Task: t}
	if v.Depts, err = s.deptNames(r); err != nil {
		return nil, err
	}
	items, err := s.svc.Store.Items(ctx, "")
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		for _, tid := range t.ItemIDs {
			if it.ID == tid {
				v.Items = append(v.Items, it)
			}
		}
	}
	draws, err := s.svc.Store.Draws(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, d := range draws {
		if d.State == doublerandom.DrawVoid {
			v.Voided = append(v.Voided, d)
		}
	}
	if t.State == doublerandom.TaskCreated {
		return v, nil
	}
	if v.Record, _, err = s.svc.Record(ctx, id); err != nil {
		return nil, err
	}
	return v, s.fillDrawn(r, v)
}

// fillDrawn joins the drawn businesses with their names, teams and, once
// published, results.
func (s *Server) fillDrawn(r *http.Request, v *taskView) error {
	ctx := r.Context()
	codes := make([]string, 0, len(v.Record.Drawn))
	for _, p := range v.Record.Drawn {
		codes = append(codes, p.ID)
	}
	if len(codes) == 0 {
		return nil
	}
	ents, err := s.svc.Store.Entities(ctx, storeFilter(codes))
	if err != nil {
		return err
	}
	byCode := map[string]doublerandom.Entity{}
	for _, e := range ents {
		byCode[e.Code] = e
	}
	inspectors := map[string]draw.Inspector{}
	for _, in := range v.Record.Inspectors {
		inspectors[in.ID] = in
	}
	teams := map[string][]draw.Inspector{}
	for _, tm := range v.Record.Teams {
		for _, m := range tm.Members {
			teams[tm.Business] = append(teams[tm.Business], inspectors[m])
		}
	}
	results := map[string]*doublerandom.Result{}
	if v.Task.State == doublerandom.TaskPublished {
		rs, err := s.svc.Store.Results(ctx, v.Task.ID)
		if err != nil {
			return err
		}
		for i := range rs {
			results[rs[i].EntityCode] = &rs[i]
		}
	}
	reps, err := s.svc.Store.Replacements(ctx, v.Task.ID)
	if err != nil {
		return err
	}
	for _, rp := range reps {
		v.Replacements = append(v.Replacements, replacementRow{Replacement: rp,
			ReplacedName: inspectors[rp.Replaced].Name})
		row := &v.Replacements[len(v.Replacements)-1]
		if in, ok := inspectors[rp.Replacement]; ok {
			row.ReplacementName = in.Name
		}
		team := teams[rp.EntityCode]
		for i := range team {
			if team[i].ID == rp.Replaced {
				team[i] = inspectors[rp.Replacement]
			}
		}
	}
	for _, p := range v.Record.Drawn {
		v.Drawn = append(v.Drawn, drawnRow{Pick: p, Entity: byCode[p.ID], Team: teams[p.ID],
			Result: results[p.ID]})
	}
	return nil
}

// voidRecordJSON serves the record of any draw of a task, void ones
// included.
func (s *Server) voidRecordJSON(w http.ResponseWriter, r *http.Request) error {
	id, err := workflow.TaskID(r.PathValue("id"))
	if err != nil {
		return errNotFound
	}
	drawID, err := workflow.TaskID(r.PathValue("draw"))
	if err != nil {
		return errNotFound
	}
	ds, err := s.svc.Store.Draws(r.Context(), id)
	if err != nil {
		return err
	}
	for _, d := range ds {
		if d.ID == drawID {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			_, err := w.Write(d.Record)
			return err
		}
	}
	return errNotFound
}

func (s *Server) task(w http.ResponseWriter, r *http.Request) error {
	v, err := s.taskView(r)
	if err != nil {
		return err
	}
	s.render(w, r, "task", v)
	return nil
}

// recordJSON serves the task's draw record, the file verify re-runs.
func (s *Server) recordJSON(w http.ResponseWriter, r *http.Request) error {
	id, err := workflow.TaskID(r.PathValue("id"))
	if err != nil {
		return errNotFound
	}
	_, d, err := s.svc.Record(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition",
		`attachment; filename="draw-record-task-`+r.PathValue("id")+`.json"`)
	_, err = w.Write(d.Record)
	return err
}

// candidatesTxt serves the frozen candidate list in its canonical form; its
// SHA-256 is the one published at commitment.
func (s *Server) candidatesTxt(w http.ResponseWriter, r *http.Request) error {
	id, err := workflow.TaskID(r.PathValue("id"))
	if err != nil {
		return errNotFound
	}
	_, d, err := s.svc.Record(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err = w.Write(d.Candidates)
	return err
}

// searchHit is one business found, with its published results.
type searchHit struct {
	Entity  doublerandom.Entity
	Results []doublerandom.Result
}

// searchPage is how many businesses a page of search results shows, and
// maxSearchPage the last page offered.
const (
	searchPage    = 50
	maxSearchPage = 40
)

// searchPageOf reads the page number of a search, 1 by default.
func searchPageOf(r *http.Request) (int, error) {
	v := r.URL.Query().Get("page")
	if v == "" {
		return 1, nil
	}
	p, err := strconv.Atoi(v)
	if err != nil || p < 1 || p > maxSearchPage {
		return 0, doublerandom.Errorf(doublerandom.EINVALID,
			"page %q is not a page number from 1 to %d", v, maxSearchPage)
	}
	return p, nil
}

func (s *Server) searchHits(r *http.Request) (string, []searchHit, error) {
	hits, _, err := s.searchHitsPage(r, 1)
	return strings.TrimSpace(r.URL.Query().Get("q")), hits, err
}

// searchHitsPage returns a page of businesses found, with their published
// results, and whether more pages follow.
func (s *Server) searchHitsPage(r *http.Request, page int) ([]searchHit, bool, error) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len([]rune(q)) > 100 {
		return nil, false, doublerandom.Errorf(doublerandom.EINVALID,
			"the search text is too long")
	}
	ents, more, err := s.svc.Store.SearchEntitiesPage(r.Context(), q, (page-1)*searchPage,
		searchPage)
	if err != nil {
		return nil, false, err
	}
	codes := make([]string, 0, len(ents))
	for _, e := range ents {
		codes = append(codes, e.Code)
	}
	results, err := s.svc.Store.PublishedResultsOf(r.Context(), codes)
	if err != nil {
		return nil, false, err
	}
	hits := make([]searchHit, 0, len(ents))
	for _, e := range ents {
		hits = append(hits, searchHit{Entity: e, Results: results[e.Code]})
	}
	return hits, more && page < maxSearchPage, nil
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) error {
	page, err := searchPageOf(r)
	if err != nil {
		return err
	}
	hits, more, err := s.searchHitsPage(r, page)
	if err != nil {
		return err
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	data := map[string]any{"Q": q, "Hits": hits, "Page": page, "More": more,
		"From": (page-1)*searchPage + 1, "To": (page-1)*searchPage + len(hits),
		"Paged": more || page > 1}
	link := func(p int) string {
		return "/search?" + url.Values{"q": {q}, "page": {strconv.Itoa(p)}}.Encode()
	}
	if page > 1 {
		data["Prev"] = link(page - 1)
	}
	if more {
		data["Next"] = link(page + 1)
	}
	s.render(w, r, "search", data)
	return nil
}

func (s *Server) entity(w http.ResponseWriter, r *http.Request) error {
	e, err := s.svc.Store.Entity(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	rs, err := s.svc.Store.PublishedResults(r.Context(), e.Code)
	if err != nil {
		return err
	}
	titles := map[int64]string{}
	for _, res := range rs {
		if t, err := s.svc.Store.Task(r.Context(), res.TaskID); err == nil {
			titles[res.TaskID] = t.Title
		}
	}
	data := map[string]any{"Entity": e, "Results": rs, "Titles": titles}
	if err := s.entityCredit(r, e.Code, data); err != nil {
		return err
	}
	s.render(w, r, "entity", data)
	return nil
}
