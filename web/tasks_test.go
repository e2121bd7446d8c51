package web_test

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"doublerandom/draw"
)

// TestTaskPages_Access: the auditor changes nothing; a department acts only
// on what is its own; a bad form is answered with what to fix.
func TestTaskPages_Access(t *testing.T) {
	s := newDemoStore(t)
	addUsers(t, s)
	srv := httptest.NewServer(newServer(t, s))
	defer srv.Close()
	items, _ := s.Items(t.Context(), "SCJG")

	aud := newClient(t, srv)
	aud.login("auditor")
	if resp, _ := aud.post("/admin/tasks", url.Values{"title": {"x"}}); resp.StatusCode != 403 {
		t.Errorf("auditor creating a task: %d, want 403", resp.StatusCode)
	}
	if resp, _ := aud.get("/admin/tasks/1"); resp.StatusCode != 200 {
		t.Errorf("auditor reading a task: %d, want 200", resp.StatusCode)
	}

	scjg := newClient(t, srv)
	scjg.login("scjg-admin")
	resp, body := scjg.post("/admin/tasks", url.Values{"title": {"只有标题"}, "ratio": {"2"},
		"date": {"2026-12-20"}, "item": {itoa(items[0].ID)}})
	if resp.StatusCode != 400 || !strings.Contains(body, `id="form-error"`) ||
		!strings.Contains(body, "ratio") {
		t.Errorf("ratio 2: %d, want 400 naming the ratio", resp.StatusCode)
	}
	resp, _ = scjg.post("/admin/tasks", url.Values{"title": {"本部门任务"}, "ratio": {"0.1"},
		"date": {"2026-12-20"}, "item": {itoa(items[0].ID)}})
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/admin/tasks/2" {
		t.Fatalf("create: %d to %s", resp.StatusCode, resp.Header.Get("Location"))
	}

	ga := newClient(t, srv)
	ga.login("ga-admin")
	if resp, _ := ga.get("/admin/tasks/2"); resp.StatusCode != 404 {
		t.Errorf("another department's unpublished task: %d, want 404", resp.StatusCode)
	}
	resp, _ = ga.post("/admin/tasks/2/freeze", url.Values{"commit_SCJG": {draw.Commit("s")}})
	if resp.StatusCode != 404 {
		t.Errorf("another department freezing it: %d, want 404", resp.StatusCode)
	}
	resp, body = scjg.post("/admin/tasks/2/freeze", url.Values{"commit_SCJG": {"abc"}})
	if resp.StatusCode != 400 || !strings.Contains(body, `id="step-error"`) {
		t.Errorf("bad commitment: %d, want 400 with the reason", resp.StatusCode)
	}
	resp, _ = scjg.post("/admin/tasks/2/freeze", url.Values{"commit_SCJG": {draw.Commit("s")}})
	if resp.StatusCode != 303 {
		t.Errorf("freeze: %d, want 303", resp.StatusCode)
	}
	if resp, _ := scjg.post("/admin/tasks/2/nonsense", nil); resp.StatusCode != 404 {
		t.Errorf("unknown step: %d, want 404", resp.StatusCode)
	}
}
