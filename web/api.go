package web

import (
	"fmt"
	"net/http"

	"doublerandom"
	"doublerandom/store"
)

func storeFilter(codes []string) store.EntityFilter { return store.EntityFilter{Codes: codes} }

// apiTask is the public JSON form of a task.
type apiTask struct {
	ID             int64       `json:"id"`
	Title          string      `json:"title"`
	LeadDept       string      `json:"lead_dept"`
	Participating  []string    `json:"participating"`
	Ratio          string      `json:"ratio"`
	InspectionDate string      `json:"inspection_date"`
	State          string      `json:"state"`
	RecordURL      string      `json:"record_url,omitempty"`
	Results        []apiResult `json:"results,omitempty"`
}

type apiResult struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Result string `json:"result"`
}

func toAPITask(t *doublerandom.Task) apiTask {
	parts := t.Participating
	if parts == nil {
		parts = []string{} // a JSON array, never null
	}
	a := apiTask{ID: t.ID, Title: t.Title, LeadDept: t.LeadDept, Participating: parts,
		Ratio: t.Ratio, InspectionDate: formatDate(t.InspectionDate), State: string(t.State)}
	if t.State != doublerandom.TaskCreated {
		a.RecordURL = fmt.Sprintf("/tasks/%d/record.json", t.ID)
	}
	return a
}

func (s *Server) apiTasks(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.svc.Store.Tasks(r.Context())
	if err != nil {
		return err
	}
	ts = visibleTasks(r, ts)
	out := make([]apiTask, 0, len(ts))
	for i := range ts {
		out = append(out, toAPITask(&ts[i]))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiTask(w http.ResponseWriter, r *http.Request) error {
	v, err := s.taskView(r)
	if err != nil {
		return err
	}
	a := toAPITask(v.Task)
	for _, d := range v.Drawn {
		if d.Result != nil {
			a.Results = append(a.Results, apiResult{Code: d.Entity.Code, Name: d.Entity.Name,
				Result: string(d.Result.Type)})
		}
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) error {
	_, hits, err := s.searchHits(r)
	if err != nil {
		return err
	}
	type hit struct {
		Code    string      `json:"code"`
		Name    string      `json:"name"`
		Results []apiResult `json:"results"`
	}
	out := make([]hit, 0, len(hits))
	for _, h := range hits {
		x := hit{Code: h.Entity.Code, Name: h.Entity.Name, Results: []apiResult{}}
		for _, res := range h.Results {
			x.Results = append(x.Results, apiResult{Code: res.EntityCode, Name: h.Entity.Name,
				Result: string(res.Type)})
		}
		out = append(out, x)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
