package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"doublerandom/demo"
	"doublerandom/draw"
	"doublerandom/store"
	"doublerandom/store/storetest"
	"doublerandom/web"
	"doublerandom/workflow"
)

// newPortal runs the demo into s and serves the web interface over it.
func newPortal(t *testing.T, s *store.Store) (*httptest.Server, *demo.Summary) {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := workflow.New(s, logger)
	svc.Now = func() time.Time { return time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC) }
	sum, err := demo.Run(context.Background(), svc, t.TempDir(), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	h, err := web.New(svc, logger)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, sum
}

func get(t *testing.T, srv *httptest.Server, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func TestPortal(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		srv, sum := newPortal(t, s)

		code, body := get(t, srv, "/")
		if code != 200 || !strings.Contains(body, "跨部门联合抽查（演示）") {
			t.Errorf("home: %d, task title missing", code)
		}

		// The task page shows the commitment, the seed, the drawn businesses
		// with their teams and results, and links the record.
		code, body = get(t, srv, "/tasks/1")
		for _, want := range []string{sum.CandidateSHA256, sum.Seed, "/tasks/1/record.json",
			"结果已公示"} {
			if code != 200 || !strings.Contains(body, want) {
				t.Errorf("task page (%d) lacks %q", code, want)
			}
		}
		if n := strings.Count(body, `href="/entities/`); n != sum.Drawn {
			t.Errorf("task page lists %d drawn businesses, want %d", n, sum.Drawn)
		}

		// The downloadable record and candidate list verify.
		_, rec := get(t, srv, "/tasks/1/record.json")
		_, cands := get(t, srv, "/tasks/1/candidates.txt")
		var r draw.Record
		if err := json.Unmarshal([]byte(rec), &r); err != nil {
			t.Fatal(err)
		}
		list, err := draw.ParseCandidates([]byte(cands))
		if err != nil {
			t.Fatal(err)
		}
		if diffs := draw.Verify(&r, list); diffs != nil {
			t.Errorf("downloaded record does not verify: %v", diffs)
		}

		code, _ = get(t, srv, "/tasks/999")
		if code != 404 {
			t.Errorf("missing task: %d, want 404", code)
		}
		code, _ = get(t, srv, "/tasks/abc")
		if code != 404 {
			t.Errorf("bad task id: %d, want 404", code)
		}
	})
}

func TestPortal_Search(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		srv, sum := newPortal(t, s)
		rec, _, err := workflow.New(s, nil).Record(context.Background(), sum.TaskID)
		if err != nil {
			t.Fatal(err)
		}
		drawn := rec.Drawn[0].ID
		e, err := s.Entity(context.Background(), drawn)
		if err != nil {
			t.Fatal(err)
		}

		for _, tc := range []struct {
			q, want string
		}{
			{drawn, e.Name}, // by credit code
			{"潘天寿环境", "杭州潘天寿环境艺术设计有限公司"}, // name substring, trigram
			{"潘天", "杭州潘天寿环境艺术设计有限公司"},    // two characters
			{"913301007161035748", "杭州潘天寿环境艺术设计有限公司"},
		} {
			code, body := get(t, srv, "/search?q="+url.QueryEscape(tc.q))
			if code != 200 || !strings.Contains(body, tc.want) {
				t.Errorf("search %q: %d, %q not found", tc.q, code, tc.want)
			}
		}
		// A drawn business shows its published result.
		_, body := get(t, srv, "/search?q="+drawn)
		if !strings.Contains(body, "/tasks/1") {
			t.Errorf("search %s does not show its published result", drawn)
		}
		_, body = get(t, srv, "/search?q="+url.QueryEscape("没有这家企业"))
		if !strings.Contains(body, `id="none"`) {
			t.Errorf("search for nothing does not say so")
		}
		_, body = get(t, srv, "/api/v1/search?q="+drawn)
		var hits []struct {
			Code    string
			Results []struct{ Result string }
		}
		if err := json.Unmarshal([]byte(body), &hits); err != nil || len(hits) != 1 ||
			hits[0].Code != drawn || len(hits[0].Results) != 1 {
			t.Errorf("api search = %s, %v", body, err)
		}
	})
}

// TestPortal_NoPersonalData checks that no public page or download shows an
// inspector's ID number or phone number (Art. 4).
func TestPortal_NoPersonalData(t *testing.T) {
	s := storetest.MustOpen(t, storetest.DSN(t, "sqlite"))
	srv, sum := newPortal(t, s)
	ins, err := s.Inspectors(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	pages := []string{"/", "/tasks/1", "/tasks/1/record.json", "/api/v1/tasks/1",
		"/tasks/1/candidates.txt", "/search?q=" + url.QueryEscape("杭州"), "/?lang=en"}
	rec, _, _ := workflow.New(s, nil).Record(context.Background(), sum.TaskID)
	for _, p := range rec.Drawn {
		pages = append(pages, "/entities/"+p.ID)
	}
	for _, p := range pages {
		_, body := get(t, srv, p)
		for _, in := range ins {
			if strings.Contains(body, in.IDNumber) || strings.Contains(body, in.Phone) {
				t.Errorf("%s shows personal data of %s", p, in.ID)
			}
		}
	}
}

func TestPortal_English(t *testing.T) {
	s := storetest.MustOpen(t, storetest.DSN(t, "sqlite"))
	srv, _ := newPortal(t, s)
	_, body := get(t, srv, "/tasks/1?lang=en")
	for _, want := range []string{"Candidate list SHA-256", "Results published", "Seed"} {
		if !strings.Contains(body, want) {
			t.Errorf("English task page lacks %q", want)
		}
	}
}

// TestPortal_BadText sends text that is not valid UTF-8, or holds NUL, in
// every place a request carries text, and expects 400 on both databases
// (PostgreSQL rejects such text where SQLite would accept it).
func TestPortal_BadText(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		srv, _ := newPortal(t, s)
		for _, path := range []string{"/search?q=%00", "/search?q=%FF", "/search?q=a%00b",
			"/api/v1/search?q=%00", "/entities/%FF", "/entities/%00", "/tasks/1?lang=%FF"} {
			if code, _ := get(t, srv, path); code != http.StatusBadRequest {
				t.Errorf("GET %s: %d, want 400", path, code)
			}
		}
		for _, body := range []string{"name=%00&password=x", "name=\xff&password=x"} {
			resp, err := http.Post(srv.URL+"/login", "application/x-www-form-urlencoded",
				strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("POST /login %q: %d, want 400", body, resp.StatusCode)
			}
		}
	})
}

// TestPortal_SearchPages reaches every business whose name holds a common
// term through the pages of the search.
func TestPortal_SearchPages(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) { searchPages(t, s) })
}

func searchPages(t *testing.T, s *store.Store) {
	srv, _ := newPortal(t, s)
	all, err := s.Entities(context.Background(), store.EntityFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, e := range all {
		if strings.Contains(e.Name, "广告") {
			want++
		}
	}
	if want <= 50 {
		t.Fatalf("only %d names hold 广告; the test needs more than a page", want)
	}
	seen := map[string]bool{}
	next := "/search?q=" + url.QueryEscape("广告")
	for pages := 0; next != ""; pages++ {
		if pages > 10 {
			t.Fatal("too many pages")
		}
		code, body := get(t, srv, next)
		if code != 200 {
			t.Fatalf("%s: %d", next, code)
		}
		for _, part := range strings.Split(body, `<a href="/entities/`)[1:] {
			seen[part[:strings.Index(part, `"`)]] = true
		}
		next = ""
		if i := strings.Index(body, `id="next" href="`); i >= 0 {
			rest := body[i+len(`id="next" href="`):]
			next = strings.ReplaceAll(rest[:strings.Index(rest, `"`)], "&amp;", "&")
		}
	}
	if len(seen) != want {
		t.Errorf("pages reached %d businesses, want all %d", len(seen), want)
	}
	if code, _ := get(t, srv, "/search?q=a&page=0"); code != 400 {
		t.Errorf("page 0: %d, want 400", code)
	}
}

func TestPortal_NoFolderListing(t *testing.T) {
	s := storetest.MustOpen(t, storetest.DSN(t, "sqlite"))
	srv, _ := newPortal(t, s)
	for _, p := range []string{"/static/", "/static/vendor/"} {
		if code, _ := get(t, srv, p); code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, code)
		}
	}
	if code, _ := get(t, srv, "/static/site.css"); code != http.StatusOK {
		t.Errorf("/static/site.css: %d", code)
	}
}

// TestPortal_Plans shows the demo's published annual plan to the public.
func TestPortal_Plans(t *testing.T) {
	s := storetest.MustOpen(t, storetest.DSN(t, "sqlite"))
	srv, _ := newPortal(t, s)
	ps, err := s.Plans(context.Background(), store.PlanFilter{})
	if err != nil || len(ps) == 0 {
		t.Fatalf("plans: %v, %v", ps, err)
	}
	code, body := get(t, srv, "/plans")
	if code != 200 || !strings.Contains(body, ps[0].Title) || !strings.Contains(body, "年度联合抽查计划") {
		t.Errorf("/plans: %d, plan %q missing", code, ps[0].Title)
	}
	if _, body := get(t, srv, "/plans?lang=en"); !strings.Contains(body, "Annual joint inspection plans") {
		t.Error("/plans in English lacks its title")
	}
}
