package web_test

import (
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func TestDashboard(t *testing.T) {
	s := newDemoStore(t)
	addUsers(t, s)
	srv := httptest.NewServer(newServer(t, s))
	defer srv.Close()

	if resp, _ := newClient(t, srv).get("/admin/dashboard"); resp.StatusCode != 303 {
		t.Errorf("dashboard signed out: %d, want the login redirect", resp.StatusCode)
	}
	office := newClient(t, srv)
	office.login("office")
	resp, body := office.get("/admin/dashboard?year=2026")
	if resp.StatusCode != 200 {
		t.Fatalf("dashboard: %d", resp.StatusCode)
	}
	// The demo: one SCJG task, published, drawn once; both departments shown.
	row := regexp.MustCompile(`<tr><td>区市场监督管理局</td><td>(\d+)</td><td>(\d+)</td><td>(\d+)` +
		`</td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td></tr>`).FindStringSubmatch(body)
	if row == nil || row[2] != "1" || row[4] != "1" || row[5] != "1" || row[6] != "0" {
		t.Errorf("SCJG plans/tasks row = %v, want 1 task, 1 published, 1 draw, 0 redraws", row)
	}
	if !strings.Contains(body, "公安分局") || !strings.Contains(body, `id="dashboard-data"`) ||
		!strings.Contains(body, "/static/vendor/echarts/echarts.min.js") {
		t.Error("dashboard lacks the police department, the chart data or ECharts")
	}
	results, _ := s.Results(t.Context(), 1)
	if !strings.Contains(body, `"results":{`) || len(results) == 0 {
		t.Error("dashboard chart data lacks results by type")
	}

	admin := newClient(t, srv)
	admin.login("ga-admin")
	_, body = admin.get("/admin/dashboard?year=2026")
	if strings.Contains(body, "区市场监督管理局</td>") || !strings.Contains(body, "公安分局</td>") {
		t.Error("a department admin sees another department's row")
	}
	if resp, _ := office.get("/admin/dashboard?year=abc"); resp.StatusCode != 400 {
		t.Errorf("year=abc: %d, want 400", resp.StatusCode)
	}
	resp, js := office.get("/static/vendor/echarts/echarts.min.js")
	if resp.StatusCode != 200 || len(js) < 500_000 || !strings.Contains(js, "echarts") {
		t.Errorf("vendored ECharts: %d, %d bytes", resp.StatusCode, len(js))
	}
}
