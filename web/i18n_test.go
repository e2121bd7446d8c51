package web_test

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"doublerandom"
	"doublerandom/i18n"
)

// literalKeys finds the catalog keys that templates and handlers name
// literally: {{t "key"}} in templates, i18n.T(lang, "key") and the login
// messages in Go.
var literalKeys = regexp.MustCompile(`(?:\{\{-?\s*t\s+|\(t\s+|i18n\.T\([^,]+,\s*)"([a-z0-9_.]+)"|` +
	`"(login\.[a-z]+)"`)

// TestTemplates_KeysInCatalog requires every key used by a template or a
// handler, and every key built from a domain value (result types, task
// states, roles, statuses, steps), to be in the catalog.
func TestTemplates_KeysInCatalog(t *testing.T) {
	var files []string
	for _, g := range []string{"templates/*.html", "*.go"} {
		m, _ := filepath.Glob(g)
		files = append(files, m...)
	}
	used := map[string]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literalKeys.FindAllStringSubmatch(string(b), -1) {
			if k := m[1] + m[2]; !strings.HasSuffix(k, ".") { // "result."+type is a prefix
				used[k] = f
			}
		}
	}
	if len(used) < 100 {
		t.Fatalf("found %d keys in %d files: the scan is broken", len(used), len(files))
	}
	for _, r := range doublerandom.ResultTypes {
		used["result."+string(r)] = "ResultTypes"
	}
	for _, s := range []doublerandom.TaskState{doublerandom.TaskCreated, doublerandom.TaskCommitted,
		doublerandom.TaskDrawn, doublerandom.TaskPublished} {
		used["state."+string(s)] = "TaskState"
	}
	for _, r := range doublerandom.Roles {
		used["role."+r], used["role."+r+".can"] = "Roles", "Roles"
	}
	for _, s := range []string{doublerandom.StatusActive, doublerandom.StatusDeregistered,
		doublerandom.StatusRevoked} {
		used["status."+s] = "Status"
	}
	for _, st := range doublerandom.Steps {
		used[fmt.Sprintf("step.%d", int(st))] = "Steps"
	}
	for k, where := range used {
		if !i18n.Has(k) {
			t.Errorf("%s uses key %q, which is not in the catalog", where, k)
		}
	}
}

// TestEnglish_Complete renders the main pages in English and requires that
// no Chinese text leaks through, except names of people, businesses and
// departments that are data.
func TestEnglish_Complete(t *testing.T) {
	s := newDemoStore(t)
	addUsers(t, s)
	srv := httptest.NewServer(newServer(t, s))
	defer srv.Close()
	han := regexp.MustCompile(`\p{Han}+`)
	c := newClient(t, srv)
	c.login("office")
	c.get("/?lang=en") // the choice is kept in a cookie from here on
	for _, p := range []string{"/", "/search?q=x", "/items", "/results", "/open/", "/credit",
		"/login", "/admin/", "/admin/dashboard", "/admin/audit", "/tasks/999"} {
		_, body := c.get(p)
		body = dataCells.ReplaceAllString(body, "")
		if m := han.FindAllString(body, 5); len(m) > 0 {
			t.Errorf("%s in English shows Chinese interface text %q", p, m)
		}
	}
}

// dataCells removes what is data, not interface: table cells, list items,
// headings and links that show names from the database.
var dataCells = regexp.MustCompile(`(?s)<td[^>]*>.*?</td>|<li>.*?</li>|<a [^>]*>[^<]*</a>|` +
	`<h2>[^<]*<span|<p class="small">.*?</p>|<title>.*?</title>|<pre>.*?</pre>|<h1>[^<]*</h1>`)
