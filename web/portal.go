package web

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"

	"doublerandom"
	"doublerandom/credit"
	"doublerandom/i18n"
	"doublerandom/store"
)

// resultsPageSize is how many published results one page of /results shows.
const resultsPageSize = 100

// items shows every department's published item list (抽查事项清单, SPEC R1):
// the newest published version of each, with a link to its earlier ones.
func (s *Server) items(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	depts, err := s.svc.Store.Departments(ctx)
	if err != nil {
		return err
	}
	type group struct {
		Dept  doublerandom.Department
		List  *doublerandom.ItemList
		Items []doublerandom.Item
	}
	var groups []group
	for _, d := range depts {
		l, items, err := s.svc.Store.PublishedItemList(ctx, d.Code)
		if doublerandom.ErrorCode(err) == doublerandom.ENOTFOUND {
			continue
		}
		if err != nil {
			return err
		}
		groups = append(groups, group{Dept: d, List: l, Items: items})
	}
	s.render(w, r, "items", map[string]any{"Groups": groups})
	return nil
}

// results lists the published results, newest task first, a page at a time.
func (s *Server) results(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	page := 1
	if p := r.URL.Query().Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 1_000_000 {
			return doublerandom.Errorf(doublerandom.EINVALID, "page=%q is not a page number", p)
		}
		page = n
	}
	total, err := s.svc.Store.CountPublicResults(ctx)
	if err != nil {
		return err
	}
	var rows []store.PublicResult
	err = s.svc.Store.PublicResults(ctx, (page-1)*resultsPageSize, resultsPageSize,
		func(pr store.PublicResult) error { rows = append(rows, pr); return nil })
	if err != nil {
		return err
	}
	names, err := s.deptNames(r)
	if err != nil {
		return err
	}
	data := map[string]any{"Rows": rows, "Total": total, "Page": page, "Depts": names}
	if page > 1 {
		data["Prev"] = page - 1
	}
	if page*resultsPageSize < total {
		data["Next"] = page + 1
	}
	s.render(w, r, "results", data)
	return nil
}

// openData lists the open data downloads and the audit head.
func (s *Server) openData(w http.ResponseWriter, r *http.Request) error {
	seq, head, err := s.svc.Store.AuditHead(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, "open", map[string]any{"HeadSeq": seq, "Head": head})
	return nil
}

// resultsCSV serves every published result as CSV (UTF-8 with a byte-order
// mark, so that spreadsheet programs read the Chinese text).
func (s *Server) resultsCSV(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="results.csv"`)
	w.Write([]byte("\ufeff"))
	cw := csv.NewWriter(w)
	cw.Write([]string{"task_id", "task_title", "lead_dept", "inspection_date", "published_at",
		"entity_code", "entity_name", "result", "result_zh"})
	err := s.svc.Store.PublicResults(r.Context(), 0, 0, func(pr store.PublicResult) error {
		return cw.Write([]string{strconv.FormatInt(pr.TaskID, 10), pr.TaskTitle, pr.LeadDept,
			pr.InspectionDate, formatRFC3339(pr), pr.EntityCode, pr.EntityName, string(pr.Result),
			i18n.T(i18n.ZH, "result."+string(pr.Result))})
	})
	cw.Flush()
	if err != nil {
		// Headers are sent: log, and cut the response short.
		s.logger.Error("results.csv", "error", err)
	}
	return nil
}

func formatRFC3339(pr store.PublicResult) string {
	return pr.PublishedAt.UTC().Format("2006-01-02T15:04:05Z")
}

// resultsJSON serves every published result as a JSON array, streamed.
func (s *Server) resultsJSON(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write([]byte("[\n"))
	enc := json.NewEncoder(w)
	n := 0
	err := s.svc.Store.PublicResults(r.Context(), 0, 0, func(pr store.PublicResult) error {
		if n > 0 {
			w.Write([]byte(","))
		}
		n++
		return enc.Encode(pr)
	})
	w.Write([]byte("]\n"))
	if err != nil {
		s.logger.Error("results.json", "error", err)
	}
	return nil
}

// creditRules publishes the rules by which results and penalties set risk
// classes (SPEC R19), from the same table the code applies.
func (s *Server) creditRules(w http.ResponseWriter, r *http.Request) error {
	classes, err := s.svc.Store.CreditClasses(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, "credit", map[string]any{"Rules": credit.Rules, "Classes": classes,
		"Ratios": doublerandom.DefaultStratumRatios, "RiskClasses": doublerandom.RiskClasses})
	return nil
}

// entityCredit adds a business's credit assessment and published penalty
// decisions to its page's data.
func (s *Server) entityCredit(r *http.Request, code string, data map[string]any) error {
	ctx := r.Context()
	a, err := s.svc.Assess(ctx, code)
	if err != nil {
		return err
	}
	if a.Rule.Class != "" {
		data["Credit"] = a
	}
	ps, err := s.svc.Store.Penalties(ctx, store.PenaltyFilter{EntityCode: code, Published: true})
	if err != nil {
		return err
	}
	data["Penalties"] = ps
	names, err := s.deptNames(r)
	if err != nil {
		return err
	}
	data["Depts"] = names
	return nil
}
