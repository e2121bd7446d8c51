package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"doublerandom"
	"doublerandom/demo"
	"doublerandom/draw"
	"doublerandom/store"
	"doublerandom/store/storetest"
	"doublerandom/web"
	"doublerandom/workflow"
)

// TestPortal_VoidAndReplacement checks that a void draw and an inspector
// replacement are shown on the public task page, with the void record kept
// downloadable.
func TestPortal_VoidAndReplacement(t *testing.T) {
	s := storetest.MustOpen(t, storetest.DSN(t, "sqlite"))
	ctx := context.Background()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := workflow.New(s, logger)
	day := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	if _, _, err := demo.LoadDirectory(ctx, s); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.PrepareYear(ctx, svc, day.Year(), io.Discard); err != nil {
		t.Fatal(err)
	}
	items, _ := s.Items(ctx, "")
	var ids []int64
	var specs []string
	for _, d := range []string{demo.DeptMarket, demo.DeptPolice} {
		for _, it := range items {
			if it.Dept == d {
				ids, specs = append(ids, it.ID), append(specs, it.Specialty)
				break
			}
		}
	}
	err := s.InTx(ctx, func(tx *store.Tx) error {
		for _, in := range append(demo.Roster(demo.DeptMarket, 10, specs, day),
			demo.Roster(demo.DeptPolice, 8, specs, day)...) {
			if err := tx.AddInspector(ctx, in); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	task, err := svc.CreateTask(ctx, doublerandom.Task{Title: "作废重抽测试", LeadDept: demo.DeptMarket,
		Participating: []string{demo.DeptPolice}, ItemIDs: ids, Ratio: "0.01",
		InspectionDate: day.AddDate(0, 0, 7)})
	if err != nil {
		t.Fatal(err)
	}
	doDraw := func() *draw.Record {
		var cs []draw.Contribution
		secrets := map[string]string{}
		for _, p := range task.Departments() {
			secrets[p], _ = draw.NewSecret()
			cs = append(cs, draw.Contribution{Party: p, Commitment: draw.Commit(secrets[p])})
		}
		if _, err := svc.Freeze(ctx, task.ID, workflow.FreezeOptions{Commitments: cs}); err != nil {
			t.Fatal(err)
		}
		for p, sec := range secrets {
			svc.Reveal(ctx, task.ID, p, sec)
		}
		rec, err := svc.Draw(ctx, task.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		return rec
	}
	doDraw()
	leader := func(d string) context.Context {
		return doublerandom.WithActor(ctx, doublerandom.Actor{ID: "leader-" + d, Dept: d,
			Role: doublerandom.RoleLeader})
	}
	h, err := web.New(svc, logger)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	// The void form: refused to the admin, done by the lead's leader.
	addUsers(t, s)
	voidPath := fmt.Sprintf("/admin/tasks/%d/void", task.ID)
	admin := newClient(t, srv)
	admin.login("scjg-admin")
	if _, page := admin.get(fmt.Sprintf("/admin/tasks/%d", task.ID)); strings.Contains(page,
		`id="void"`) {
		t.Error("the admin is offered the void form")
	}
	if resp, _ := admin.post(voidPath, url.Values{"reason": {"名单有误"}}); resp.StatusCode !=
		http.StatusForbidden {
		t.Errorf("void by the admin: %d, want 403", resp.StatusCode)
	}
	boss := newClient(t, srv)
	boss.login("scjg-leader")
	if _, page := boss.get(fmt.Sprintf("/admin/tasks/%d", task.ID)); !strings.Contains(page,
		`id="void"`) {
		t.Error("the lead's leader is not offered the void form")
	}
	if resp, body := boss.post(voidPath, url.Values{"reason": {"名单有误"}}); resp.StatusCode !=
		http.StatusSeeOther {
		t.Fatalf("void by the leader: %d %s", resp.StatusCode, body)
	}
	rec := doDraw()
	tm := rec.Teams[0]
	member := tm.Members[len(tm.Members)-1]
	qualified, err := svc.Replacements(ctx, task.ID, tm.Business, member)
	if err != nil || len(qualified) == 0 {
		t.Fatal(qualified, err)
	}
	dept := qualified[0].Dept
	if err := svc.ReplaceInspector(leader(dept), doublerandom.Replacement{TaskID: task.ID,
		EntityCode: tm.Business, Replaced: member, Replacement: qualified[0].ID,
		Reason: doublerandom.ReasonRecusal}); err != nil {
		t.Fatal(err)
	}

	_, body := get(t, srv, "/tasks/1")
	for _, want := range []string{`id="voided"`, "名单有误", "scjg-leader", `id="replacements"`,
		"需要回避", qualified[0].Name, "/tasks/1/draws/1/record.json"} {
		if !strings.Contains(body, want) {
			t.Errorf("task page lacks %q", want)
		}
	}
	code, voidRec := get(t, srv, "/tasks/1/draws/1/record.json")
	if code != 200 || !strings.Contains(voidRec, `"candidate_sha256"`) {
		t.Errorf("void record: %d", code)
	}
	if code, _ := get(t, srv, "/tasks/1/draws/9/record.json"); code != 404 {
		t.Errorf("missing draw record: %d, want 404", code)
	}
}
