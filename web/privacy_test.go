package web_test

import (
	"context"
	"html"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// hrefs finds the site-relative links of a page.
var hrefs = regexp.MustCompile(`(?:href|action)="(/[^"]*)"`)

// TestPublic_NoPersonalData crawls every public page reachable from the
// portal's entry points, follows every link, and fetches every API and
// open-data response, and requires that none shows an inspector's ID number
// or phone number (Art. 4, SPEC R17).
func TestPublic_NoPersonalData(t *testing.T) {
	s := newDemoStore(t)
	ins, err := s.Inspectors(context.Background())
	if err != nil || len(ins) == 0 {
		t.Fatalf("inspectors: %d, %v", len(ins), err)
	}
	var secrets []string
	for _, in := range ins {
		if in.IDNumber == "" || in.Phone == "" {
			t.Fatalf("demo inspector %s lacks an ID number or phone: the test would prove nothing",
				in.ID)
		}
		secrets = append(secrets, in.IDNumber, in.Phone)
	}
	srv := httptest.NewServer(newServer(t, s))
	defer srv.Close()
	c := newClient(t, srv)

	queue := []string{"/", "/?lang=en", "/search?q=" + url.QueryEscape("杭州"),
		"/search?q=" + url.QueryEscape("有限"), "/items", "/results", "/open/", "/credit",
		"/open/results.csv", "/open/results.json", "/open/audit-head.json", "/api/v1/tasks",
		"/api/v1/tasks/1", "/api/v1/search?q=" + url.QueryEscape("杭州"),
		"/tasks/1/record.json", "/tasks/1/candidates.txt"}
	seen := map[string]bool{}
	entities := 0
	for len(queue) > 0 && len(seen) < 3000 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		resp, body := c.get(p)
		if resp.StatusCode >= 500 {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
		for _, sec := range secrets {
			if strings.Contains(body, sec) {
				t.Errorf("%s shows personal data %s", p, sec)
			}
		}
		if strings.HasPrefix(p, "/entities/") {
			entities++
		}
		for _, m := range hrefs.FindAllStringSubmatch(body, -1) {
			link := html.UnescapeString(m[1])
			if strings.HasPrefix(link, "/admin") || strings.HasPrefix(link, "/login") ||
				strings.HasPrefix(link, "/logout") || strings.HasPrefix(link, "/static/") {
				continue
			}
			if !seen[link] {
				queue = append(queue, link)
			}
		}
	}
	if len(seen) < 30 || entities < 10 {
		t.Errorf("crawled %d pages, %d business pages: the crawl missed the portal", len(seen),
			entities)
	}
	t.Logf("crawled %d public pages and responses", len(seen))
}
