package web_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestAuditLogPage(t *testing.T) {
	s := newDemoStore(t)
	addUsers(t, s)
	srv := httptest.NewServer(newServer(t, s))
	defer srv.Close()

	admin := newClient(t, srv)
	admin.login("scjg-admin")
	if resp, _ := admin.get("/admin/audit"); resp.StatusCode != 403 {
		t.Errorf("department admin on the audit log: %d, want 403", resp.StatusCode)
	}
	_, home := admin.get("/admin/")
	if strings.Contains(home, `href="/admin/audit"`) {
		t.Error("the admin's home links the audit log")
	}

	aud := newClient(t, srv)
	aud.login("auditor")
	_, home = aud.get("/admin/")
	if !strings.Contains(home, `href="/admin/audit"`) {
		t.Error("the auditor's home does not link the audit log")
	}
	resp, body := aud.get("/admin/audit?action=draw.&verify=1")
	if resp.StatusCode != 200 || !strings.Contains(body, "哈希链完整") ||
		!strings.Contains(body, "draw.update") || strings.Contains(body, "task.create") {
		t.Errorf("audit page filtered on draw.: %d\n%s", resp.StatusCode, body)
	}

	// The public head matches the store's.
	_, js := newClient(t, srv).get("/open/audit-head.json")
	var head struct {
		Seq  int64
		Hash string
	}
	json.Unmarshal([]byte(js), &head)
	seq, hash, _ := s.AuditHead(context.Background())
	if head.Seq != seq || head.Hash != hash || seq == 0 {
		t.Errorf("published head %d:%s, store head %d:%s", head.Seq, head.Hash, seq, hash)
	}

	_, err := s.DB().Exec(`UPDATE audit_log SET actor = 'someone else' WHERE seq = 4`)
	if err != nil {
		t.Fatal(err)
	}
	_, body = aud.get("/admin/audit?verify=1")
	if !strings.Contains(body, "哈希链在第 4 条断裂") {
		t.Errorf("altered entry 4 not reported:\n%s", body)
	}
}
