package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"doublerandom"
	"doublerandom/store"
)

func TestPortal_OpenData(t *testing.T) {
	s := newDemoStore(t)
	srv := httptest.NewServer(newServer(t, s))
	defer srv.Close()
	c := newClient(t, srv)
	stored, err := s.Results(context.Background(), 1)
	if err != nil || len(stored) == 0 {
		t.Fatalf("demo results: %d, %v", len(stored), err)
	}

	resp, body := c.get("/open/results.csv")
	if resp.StatusCode != 200 || !strings.HasPrefix(body, "\ufefftask_id,task_title,") {
		t.Fatalf("results.csv: %d %.80q", resp.StatusCode, body)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil || len(recs) != len(stored)+1 {
		t.Fatalf("results.csv: %d rows, %v; want %d results", len(recs)-1, err, len(stored))
	}
	first := recs[1]
	if first[0] != "1" || first[5] != stored[0].EntityCode || first[7] != string(stored[0].Type) ||
		first[8] != resultZH(stored[0].Type) {
		t.Errorf("results.csv first row %v, want task 1, %s, %s", first, stored[0].EntityCode,
			stored[0].Type)
	}

	_, body = c.get("/open/results.json")
	var rows []struct {
		TaskID     int64  `json:"task_id"`
		EntityCode string `json:"entity_code"`
		EntityName string `json:"entity_name"`
		Result     string `json:"result"`
	}
	if err := json.Unmarshal([]byte(body), &rows); err != nil || len(rows) != len(stored) {
		t.Fatalf("results.json: %d rows, %v", len(rows), err)
	}
	if rows[0].EntityCode != stored[0].EntityCode || rows[0].EntityName == "" {
		t.Errorf("results.json first row %+v", rows[0])
	}

	_, body = c.get("/results")
	if !strings.Contains(body, "共 "+itoa(int64(len(stored)))+" 条已公示结果") {
		t.Errorf("results page does not count %d results", len(stored))
	}
	_, body = c.get("/items?lang=en")
	if !strings.Contains(body, "District Market Supervision Bureau") ||
		!strings.Contains(body, "District Public Security Bureau") {
		t.Error("item lists page lacks a department")
	}
}

func resultZH(r doublerandom.ResultType) string {
	return map[doublerandom.ResultType]string{
		doublerandom.ResultNoProblem: "未发现问题", doublerandom.ResultCorrected: "发现问题已责令改正",
		doublerandom.ResultPendingFollow: "发现问题待后续处理", doublerandom.ResultQualified: "合格",
		doublerandom.ResultUnreachable:   "通过登记的住所（经营场所）无法联系",
		doublerandom.ResultNoActivity:    "未发现开展本次抽查涉及的经营活动",
		doublerandom.ResultNotPublicised: "未按规定公示应当公示的信息",
		doublerandom.ResultRefused:       "不配合检查情节严重",
		doublerandom.ResultUnqualified:   "不合格", doublerandom.ResultOther: "其他",
	}[r]
}

// TestPortal_CreditFeedback closes the loop of SPEC R19: published results
// set risk classes by the published rules, the business page shows them,
// and the draw's strata follow them.
func TestPortal_CreditFeedback(t *testing.T) {
	s := newDemoStore(t)
	ctx := context.Background()
	svc := newService(s, discard)
	// Publishing the demo's results and penalty already assessed every
	// business concerned; assessing again changes nothing.
	changed, err := svc.UpdateCredit(ctx, nil)
	if err != nil || changed != 0 {
		t.Fatalf("UpdateCredit after publication: %d changed, %v; want 0", changed, err)
	}
	results, _ := s.Results(ctx, 1)
	srv := httptest.NewServer(newServer(t, s))
	defer srv.Close()
	c := newClient(t, srv)
	for _, r := range results {
		e, err := s.Entity(ctx, r.EntityCode)
		if err != nil {
			t.Fatal(err)
		}
		want := map[doublerandom.ResultType]string{doublerandom.ResultNoProblem: "A",
			doublerandom.ResultQualified: "A", doublerandom.ResultNoActivity: "A",
			doublerandom.ResultCorrected: "C", doublerandom.ResultUnreachable: "C",
			doublerandom.ResultNotPublicised: "C", doublerandom.ResultPendingFollow: "C",
			doublerandom.ResultUnqualified: "C", doublerandom.ResultRefused: "D"}[r.Type]
		if want == "" {
			continue
		}
		// A published penalty decision puts a business in class D.
		if ps, _ := s.Penalties(ctx, store.PenaltyFilter{EntityCode: e.Code,
			Published: true}); len(ps) > 0 {
			want = "D"
		}
		if e.RiskClass != want {
			t.Errorf("%s with result %s: class %q, want %s", e.Code, r.Type, e.RiskClass, want)
		}
		if got := doublerandom.Stratum(*e, 1000); got != want && !e.Abnormal {
			t.Errorf("%s: draw stratum %s, want %s", e.Code, got, want)
		}
		_, body := c.get("/entities/" + e.Code)
		if !strings.Contains(body, `risk-`+want) {
			t.Errorf("business page of %s does not show class %s", e.Code, want)
		}
	}
	// The audit log keeps each change of class, and re-running adds none.
	countRisk := func() int {
		n := 0
		s.AuditEntries(ctx, func(e auditEntry) error {
			if e.Action == "entity.risk" {
				n++
			}
			return nil
		})
		return n
	}
	before := countRisk()
	if n, err := svc.UpdateCredit(ctx, nil); err != nil || n != 0 {
		t.Errorf("second UpdateCredit: %d changed, %v; want 0", n, err)
	}
	if after := countRisk(); before == 0 || after != before {
		t.Errorf("entity.risk audit entries: %d after publication, %d after re-running; "+
			"want some, and no new ones", before, after)
	}
	_, body := c.get("/credit?lang=en")
	if !strings.Contains(body, "a published penalty decision in the last three years") {
		t.Error("the credit rules page does not publish rule D2")
	}
}
