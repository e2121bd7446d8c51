package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"doublerandom/demo"
	"doublerandom/sheet"
	"doublerandom/store"
)

// upload posts a file to /admin/imports with the other form fields.
func (c *client) upload(name string, content []byte, fields map[string]string) (*http.Response,
	string) {
	c.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", c.srv.URL+"/admin/imports", &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

func TestDirectory_ItemListVersions(t *testing.T) {
	s := newDemoStore(t)
	addUsers(t, s)
	srv := httptest.NewServer(newServer(t, s))
	defer srv.Close()
	c := newClient(t, srv)
	c.login("scjg-admin")

	resp, body := c.get("/admin/items")
	if resp.StatusCode != 200 || !strings.Contains(body, `data-version="1"`) {
		t.Fatalf("items page: %d", resp.StatusCode)
	}
	// A new version: the demo list with one legal basis changed.
	list, err := demo.File(demo.ItemFile)
	if err != nil {
		t.Fatal(err)
	}
	changed := bytes.Replace(list, []byte("《食品安全法》第一百零九条"),
		[]byte("《食品安全法》（2021修正）第一百零九条"), 1)
	resp, body = c.upload("list-2027.csv", changed, map[string]string{"kind": "items",
		"dept": "SCJG", "mode": "skip", "effective": "2027-01-01", "note": "法律修正"})
	if resp.StatusCode != 200 || !strings.Contains(body, `<p class="ok" id="outcome">`) {
		t.Fatalf("upload: %d %s", resp.StatusCode, body)
	}
	// The whole file goes to SCJG this time: version 2 has the police
	// items too, and the changed basis.
	_, body = c.get("/admin/items/SCJG/diff?from=1&to=2")
	if !strings.Contains(body, `class="change-changed"`) || !strings.Contains(body, "抽查依据") {
		t.Errorf("diff page lacks the changed basis")
	}
	resp, _ = c.post("/admin/items/SCJG/2/publish", nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", resp.StatusCode)
	}

	// The public sees version 2 now, and both versions' history.
	pub := newClient(t, srv)
	_, body = pub.get("/items")
	if !strings.Contains(body, "v2 ·") || !strings.Contains(body, "（2021修正）") {
		t.Errorf("public item list does not show version 2")
	}
	_, body = pub.get("/items/SCJG")
	if !strings.Contains(body, `href="/items/SCJG/1"`) || !strings.Contains(body, `href="/items/SCJG/2"`) {
		t.Errorf("public versions page lacks a version")
	}
	if resp, _ := pub.get("/items/SCJG/diff?from=1&to=2"); resp.StatusCode != 200 {
		t.Errorf("public diff: %d", resp.StatusCode)
	}

	// A department publishes only its own list.
	ga := newClient(t, srv)
	ga.login("ga-admin")
	if resp, _ := ga.post("/admin/items/SCJG/2/publish", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("GA publishing SCJG's list: %d, want 403", resp.StatusCode)
	}
	if resp, _ := ga.get("/admin/items?dept=SCJG"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("GA reading SCJG's drafts: %d, want 403", resp.StatusCode)
	}
}

func TestDirectory_UploadReportAndRules(t *testing.T) {
	s := newDemoStore(t)
	addUsers(t, s)
	srv := httptest.NewServer(newServer(t, s))
	defer srv.Close()
	c := newClient(t, srv)
	c.login("scjg-admin")

	csv := "说明：新开业企业\n企业名称,统一社会信用代码,行业代码\n新店,91330106MA2CFY1N0P,F5211\n" +
		"错码,91330106MA2CFY1N2A,F5211\n"
	resp, body := c.upload("new.csv", []byte(csv), map[string]string{"kind": "entities",
		"dept": "SCJG", "mode": "strict"})
	if resp.StatusCode != 200 || !strings.Contains(body, `<p class="alert" id="outcome">`) ||
		!strings.Contains(body, "<td>4</td><td>统一社会信用代码</td>") {
		t.Fatalf("strict upload with a bad row: %d\n%s", resp.StatusCode, body)
	}
	link := regexp.MustCompile(`/admin/imports/[0-9a-f]+/report\.xlsx`).FindString(body)
	resp, xlsx := c.get(link)
	if link == "" || resp.StatusCode != 200 {
		t.Fatalf("error report %q: %d", link, resp.StatusCode)
	}
	rd, err := sheet.Open(strings.NewReader(xlsx), "report.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for {
		cells, err := rd.Next()
		if err != nil {
			break
		}
		rows = append(rows, append([]string(nil), cells...))
	}
	if len(rows) != 4 || rows[1][3] != "错误信息" || !strings.Contains(rows[3][3], "check character") {
		t.Errorf("report rows %q", rows)
	}
	other := newClient(t, srv)
	other.login("scjg-leader")
	if resp, _ := other.get(link); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another account's report: %d, want 404", resp.StatusCode)
	}

	// The good row with --skip: stored; then a rule puts it alone in GA's
	// directory.
	c.upload("new.csv", []byte(csv), map[string]string{"kind": "entities", "dept": "SCJG",
		"mode": "skip"})
	ga := newClient(t, srv)
	ga.login("ga-admin")
	resp, _ = ga.post("/admin/objects/GA/rules", url.Values{"kind": {"industry"},
		"value": {"F5211"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add rule: %d", resp.StatusCode)
	}
	_, body = ga.get("/admin/objects")
	if !strings.Contains(body, `id="member-count">存续主体 1 家`) || !strings.Contains(body, "新店") {
		t.Errorf("GA's directory after the rule:\n%s", body)
	}
	if resp, _ := ga.post("/admin/objects/SCJG/rules", url.Values{"kind": {"industry"},
		"value": {"F"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("GA changing SCJG's rules: %d, want 403", resp.StatusCode)
	}
}

func TestDirectory_InspectorsPersonalData(t *testing.T) {
	s := newDemoStore(t)
	addUsers(t, s)
	srv := httptest.NewServer(newServer(t, s))
	defer srv.Close()
	ins, err := s.Inspectors(context.Background(), "SCJG")
	if err != nil || len(ins) == 0 || ins[0].IDNumber == "" {
		t.Fatalf("demo inspectors %v", err)
	}
	id := ins[0].IDNumber
	for _, tc := range []struct {
		user string
		full bool
	}{{"scjg-admin", true}, {"office", false}, {"auditor", false}} {
		c := newClient(t, srv)
		c.login(tc.user)
		_, page := c.get("/admin/inspectors?dept=SCJG")
		_, csv := c.get("/admin/export?kind=inspectors&dept=SCJG&format=csv")
		if strings.Contains(page, id) != tc.full || strings.Contains(csv, id) != tc.full {
			t.Errorf("%s sees the identity number in full: page %v, export %v; want %v",
				tc.user, strings.Contains(page, id), strings.Contains(csv, id), tc.full)
		}
		if !strings.Contains(page, `id="eligible"`) {
			t.Errorf("%s: no eligibility count", tc.user)
		}
	}
	c := newClient(t, srv)
	c.login("ga-admin")
	if resp, _ := c.get("/admin/inspectors?dept=SCJG"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("GA reading SCJG's inspectors: %d, want 403", resp.StatusCode)
	}
}

// TestDirectory_English renders the directory pages in English: no Chinese
// interface text outside the data.
func TestDirectory_English(t *testing.T) {
	s := newDemoStore(t)
	addUsers(t, s)
	srv := httptest.NewServer(newServer(t, s))
	defer srv.Close()
	han := regexp.MustCompile(`\p{Han}+`)
	c := newClient(t, srv)
	c.login("scjg-admin")
	c.get("/?lang=en")
	es, _ := s.Entities(context.Background(), store.EntityFilter{Limit: 1})
	for _, p := range []string{"/admin/items", "/admin/items/SCJG/1", "/admin/objects",
		"/admin/inspectors", "/items/SCJG", "/items/SCJG/1", "/items",
		"/admin/entities/" + es[0].Code + "/history"} {
		resp, body := c.get(p)
		if resp.StatusCode != 200 {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
		body = dataCells.ReplaceAllString(body, "")
		body = regexp.MustCompile(`(?s)<option[^>]*>.*?</option>|<dd>.*?</dd>`).
			ReplaceAllString(body, "")
		if m := han.FindAllString(body, 5); len(m) > 0 {
			t.Errorf("%s in English shows Chinese interface text %q", p, m)
		}
	}
}

// TestDirectory_InspectorChangesAndHistory changes an inspector's status
// and certificate through the forms and reads a business's history.
func TestDirectory_InspectorChangesAndHistory(t *testing.T) {
	s := newDemoStore(t)
	addUsers(t, s)
	srv := httptest.NewServer(newServer(t, s))
	defer srv.Close()
	ctx := context.Background()
	ins, _ := s.Inspectors(ctx, "SCJG")
	id := ins[0].ID
	c := newClient(t, srv)
	c.login("scjg-admin")
	resp, _ := c.post("/admin/inspectors/"+id+"/status", url.Values{"status": {"leave"},
		"reason": {"病假"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("status: %d", resp.StatusCode)
	}
	resp, _ = c.post("/admin/inspectors/"+id+"/certificate", url.Values{"expiry": {"2031-12-31"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("certificate: %d", resp.StatusCode)
	}
	hist, err := s.InspectorHistory(ctx, id)
	if err != nil || len(hist) != 3 || hist[1].Status != "leave" || hist[1].Note != "病假" ||
		hist[2].CertExpiry.Format("2006-01-02") != "2031-12-31" {
		t.Errorf("history %+v, %v", hist, err)
	}
	ga := newClient(t, srv)
	ga.login("ga-admin")
	if resp, _ := ga.post("/admin/inspectors/"+id+"/status", url.Values{"status": {"active"},
		"reason": {"x"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("GA changing SCJG's inspector: %d, want 403", resp.StatusCode)
	}

	es, _ := s.Entities(ctx, store.EntityFilter{Limit: 1})
	resp, body := c.get("/admin/entities/" + es[0].Code + "/history")
	if resp.StatusCode != 200 || !strings.Contains(body, "入库") {
		t.Errorf("history page: %d", resp.StatusCode)
	}
}
