package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"doublerandom"
	"doublerandom/auth"
	"doublerandom/demo"
	"doublerandom/draw"
	"doublerandom/store"
	"doublerandom/workflow"
)

// drawnTask creates and draws a second task on the demo store, like the
// demo's, and returns it with its draw record.
func drawnTask(t *testing.T, s *store.Store) (*doublerandom.Task, *draw.Record) {
	t.Helper()
	ctx := context.Background()
	svc := newService(s, discard)
	first, err := s.Task(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	task, err := svc.CreateTask(ctx, doublerandom.Task{Title: "网页测试联合抽查",
		LeadDept: demo.DeptMarket, Participating: []string{demo.DeptPolice},
		ItemIDs: first.ItemIDs, Ratio: "0.01", InspectionDate: testNow.AddDate(0, 0, 5),
		InspectionEnd: testNow.AddDate(0, 0, 6)})
	if err != nil {
		t.Fatal(err)
	}
	cs, secrets := []draw.Contribution{}, map[string]string{}
	for _, d := range task.Departments() {
		secrets[d], _ = draw.NewSecret()
		cs = append(cs, draw.Contribution{Party: d, Commitment: draw.Commit(secrets[d])})
	}
	if _, err := svc.Freeze(ctx, task.ID, workflow.FreezeOptions{Commitments: cs}); err != nil {
		t.Fatal(err)
	}
	for d, sec := range secrets {
		if err := svc.Reveal(ctx, task.ID, d, sec); err != nil {
			t.Fatal(err)
		}
	}
	rec, err := svc.Draw(ctx, task.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	return task, rec
}

// addInspectorUsers makes an inspector account, named after it, for each
// inspector id.
func addInspectorUsers(t *testing.T, s *store.Store, ids ...string) {
	t.Helper()
	ctx := doublerandom.WithActor(context.Background(), doublerandom.SystemActor)
	hash, err := auth.HashPassword(testPassword, auth.Params{Memory: 1024, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	err = s.InTx(ctx, func(tx *store.Tx) error {
		for _, id := range ids {
			dept := id[:strings.Index(id, "-")]
			if err := tx.AddUser(ctx, doublerandom.User{Name: "in-" + id, Dept: dept,
				Role: doublerandom.RoleInspector, InspectorID: id, PasswordHash: hash,
				CreatedAt: time.Now()}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func want(t *testing.T, what string, resp *http.Response, body string, status int,
	contains ...string) {
	t.Helper()
	if resp.StatusCode != status {
		t.Errorf("%s: status %d, want %d: %.300s", what, resp.StatusCode, status, body)
		return
	}
	for _, c := range contains {
		if !strings.Contains(body, c) {
			t.Errorf("%s: the page does not show %q", what, c)
		}
	}
}

// TestYearPages_Inspection carries one business through an inspector's
// pages: rules published by the lead department, pre-check, notification,
// on-site records, an evidence upload, sign-off, result, confirmation by
// every member, the printable summary and its XLSX; with the refusals of
// another inspector's assignment and of steps out of order.
func TestYearPages_Inspection(t *testing.T) {
	s := newDemoStore(t)
	addUsers(t, s)
	task, rec := drawnTask(t, s)
	x := rec.Teams[0].Business
	team := rec.Teams[0].Members
	addInspectorUsers(t, s, team...)
	srv := httptest.NewServer(newServer(t, s))
	defer srv.Close()
	base := "/admin/assignments/" + strconv.FormatInt(task.ID, 10) + "/" + x
	work := "/admin/tasks/" + strconv.FormatInt(task.ID, 10) + "/work"

	in := newClient(t, srv)
	in.login("in-" + team[0])
	resp, body := in.get("/admin/assignments")
	want(t, "assignments", resp, body, 200, x[:8], task.Title)
	resp, body = in.get(base)
	want(t, "visit", resp, body, 200, "预查比对", "实施细则尚未公开")
	resp, body = in.post(base+"/notify", url.Values{"at": {"2026-12-04T10:00"},
		"channel": {"phone"}, "content": {"明天上午检查，请准备证照"}})
	want(t, "notify before the rules", resp, body, 409, "step 6")
	other := rec.Teams[len(rec.Teams)-1]
	if other.Business != x && !strings.Contains(strings.Join(other.Members, ","), team[0]) {
		resp, body = in.get("/admin/assignments/" + strconv.FormatInt(task.ID, 10) + "/" +
			other.Business)
		want(t, "another's assignment", resp, body, 403)
	}
	resp, body = in.get(work)
	want(t, "task work page for an inspector", resp, body, 403)

	admin := newClient(t, srv)
	admin.login("scjg-admin")
	resp, body = admin.post(work[:len(work)-5]+"/rules", url.Values{"body": {"检查时间：12月8日至9日。"}})
	want(t, "publish rules", resp, body, 303)
	ga := newClient(t, srv)
	ga.login("ga-admin")
	resp, body = ga.post(work[:len(work)-5]+"/rules", url.Values{"body": {"again"}})
	want(t, "rules by a participating department", resp, body, 403)

	resp, body = in.post(base+"/record", url.Values{"item": {itoa(task.ItemIDs[0])},
		"method": {"onsite"}, "findings": {"证照齐全"}})
	want(t, "record before notification", resp, body, 409, "notified")
	resp, body = in.post(base+"/notify", url.Values{"at": {"2026-12-03T10:00"},
		"channel": {"phone"}, "content": {"明天上午检查，请准备证照"}})
	want(t, "notify", resp, body, 303)
	for i, item := range task.ItemIDs {
		form := url.Values{"item": {itoa(item)}, "method": {"onsite"}, "findings": {"证照齐全"}}
		if i == 0 {
			form.Set("problem", "1")
			form.Set("findings", "进货台账缺失")
		}
		resp, body = in.post(base+"/record", form)
		want(t, "record", resp, body, 303)
	}
	resp, body = in.post(base+"/record", url.Values{"item": {"x"}, "method": {"onsite"}})
	want(t, "record of no item", resp, body, 400)

	photo := []byte("\xff\xd8\xff evidence photo bytes")
	recs, _ := s.InspectionRecords(context.Background(), task.ID, x)
	resp, body = upload(t, in, base+"/evidence", recs[0].ID, "台账照片.jpg", photo)
	want(t, "evidence upload", resp, body, 303)
	resp, body = in.get(base)
	want(t, "visit after records", resp, body, 200, "进货台账缺失", "台账照片.jpg")
	recs, _ = s.InspectionRecords(context.Background(), task.ID, x)
	ev := recs[0].Evidence[0]
	resp, body = in.get("/admin/evidence/" + itoa(ev.ID))
	sum := sha256.Sum256(photo)
	if resp.StatusCode != 200 || body != string(photo) ||
		resp.Header.Get("X-Content-SHA256") != hex.EncodeToString(sum[:]) {
		t.Errorf("evidence download: %d, %q, %s", resp.StatusCode, body,
			resp.Header.Get("X-Content-SHA256"))
	}
	anon := newClient(t, srv)
	if resp, _ := anon.get("/admin/evidence/" + itoa(ev.ID)); resp.StatusCode != 303 {
		t.Errorf("evidence for the public: %d, want a redirect to sign in", resp.StatusCode)
	}

	resp, body = in.post(base+"/signoff", url.Values{"kind": {"missing"}, "reason": {"拒绝签字"}})
	want(t, "refusal without witness", resp, body, 400, "witness")
	resp, body = in.post(base+"/signoff", url.Values{"kind": {"missing"}, "reason": {"负责人拒绝签字"},
		"witness": {"社区网格员"}})
	want(t, "sign-off", resp, body, 303)
	resp, body = in.post(base+"/result", url.Values{"type": {"fined"}})
	want(t, "an eleventh result type", resp, body, 400)
	resp, body = in.post(base+"/result", url.Values{"type": {"corrected"}, "note": {"责令补建台账"}})
	want(t, "result", resp, body, 303)
	for _, m := range team {
		c := in
		if m != team[0] {
			c = newClient(t, srv)
			c.login("in-" + m)
		}
		resp, body = c.post(base+"/confirm", nil)
		want(t, "confirm by "+m, resp, body, 303)
	}
	resp, body = in.get(base)
	want(t, "visit confirmed", resp, body, 200, "您已确认该结果")

	resp, body = in.get("/admin/tasks/" + itoa(task.ID) + "/summary")
	want(t, "printable summary", resp, body, 200, "抽查结果汇总表", "发现问题已责令改正", "负责人拒绝签字")
	resp, body = admin.get("/admin/tasks/" + itoa(task.ID) + "/summary.xlsx?lang=en")
	if resp.StatusCode != 200 || !strings.HasPrefix(body, "PK") ||
		!strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
		t.Errorf("summary.xlsx: %d %s %.4q", resp.StatusCode, resp.Header.Get("Content-Type"),
			body)
	}
	resp, body = admin.get(work)
	want(t, "task work page", resp, body, 200, "检查时间：12月8日至9日。",
		itoa(int64(len(team)))+"/"+itoa(int64(len(team)))+" ✓")
}

// upload posts a file as multipart form data for a record.
func upload(t *testing.T, c *client, path string, record int64, name string,
	content []byte) (*http.Response, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("record", itoa(record))
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", c.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// TestYearPages_Office walks the office's and the departments' pages: the
// ten steps with department isolation, a plan proposed, compiled and
// published, a merge offer accepted, a problem handed over and its penalty
// decided and published, the calendar loaded, archives checked.
func TestYearPages_Office(t *testing.T) {
	s := newDemoStore(t)
	addUsers(t, s)
	addInspectorUsers(t, s, "SCJG-001")
	srv := httptest.NewServer(newServer(t, s))
	defer srv.Close()
	office, scjg := newClient(t, srv), newClient(t, srv)
	ga, in := newClient(t, srv), newClient(t, srv)
	office.login("office")
	scjg.login("scjg-admin")
	ga.login("ga-admin")
	in.login("in-SCJG-001")

	if resp, _ := newClient(t, srv).get("/admin/plans"); resp.StatusCode != 303 {
		t.Errorf("plans for the public: %d, want a redirect to sign in", resp.StatusCode)
	}
	resp, body := in.get("/admin/plans")
	want(t, "plans for an inspector", resp, body, 403)
	resp, body = office.get("/admin/steps?year=2026")
	want(t, "steps for the office", resp, body, 200, `data-dept="SCJG"`, `data-dept="GA"`)
	resp, body = ga.get("/admin/steps?year=2026&lang=en")
	want(t, "steps for GA", resp, body, 200, `data-dept="GA"`, "The ten steps")
	if strings.Contains(body, `data-dept="SCJG"`) {
		t.Error("GA's admin sees the market supervision bureau's steps")
	}
	resp, body = office.get("/admin/plans?year=2026")
	want(t, "plans for the office", resp, body, 200, "年度计划检查", "6月30日后公开",
		"可能被抽查超过2次的企业：0 家")

	items, _ := s.Items(context.Background(), demo.DeptPolice)
	resp, body = ga.post("/admin/plans", url.Values{"year": {"2026"}, "title": {"公安内部抽查计划"},
		"item": {itoa(items[0].ID)}, "ratio": {"0.02"}, "from": {"2026-12-01"},
		"to": {"2026-12-31"}})
	want(t, "propose", resp, body, 303)
	plans, _ := s.Plans(context.Background(), store.PlanFilter{Year: 2026, Dept: demo.DeptPolice})
	gaPlan := plans[len(plans)-1]
	resp, body = ga.post("/admin/plans", url.Values{"year": {"2026"}, "title": {"坏计划"},
		"ratio": {"0.02"}, "from": {"2026-12-01"}, "to": {"2027-01-31"}})
	want(t, "propose outside the year", resp, body, 400)
	resp, body = scjg.post("/admin/annual/2026/compile", url.Values{"plan": {itoa(gaPlan.ID)}})
	want(t, "compile by a department", resp, body, 403)
	resp, body = office.post("/admin/annual/2026/compile", url.Values{"plan": {itoa(gaPlan.ID)}})
	want(t, "compile", resp, body, 303)
	resp, body = office.post("/admin/annual/2026/publish", nil)
	want(t, "publish the annual plan", resp, body, 303)
	if p, _ := s.Plan(context.Background(), gaPlan.ID); p.State != doublerandom.PlanPublished {
		t.Errorf("GA's plan is %s after publication", p.State)
	}

	svc := newService(s, discard)
	first, _ := s.Task(context.Background(), 1)
	day := testNow.AddDate(0, 0, 5)
	into, err := svc.CreateTask(context.Background(), doublerandom.Task{Title: "市场监管任务",
		LeadDept: demo.DeptMarket, Participating: []string{demo.DeptPolice},
		ItemIDs: first.ItemIDs, Ratio: "0.01", InspectionDate: day})
	if err != nil {
		t.Fatal(err)
	}
	from, err := svc.CreateTask(context.Background(), doublerandom.Task{Title: "公安任务",
		LeadDept: demo.DeptPolice, ItemIDs: []int64{items[0].ID}, InspectionDate: day,
		PlanID: gaPlan.ID})
	if err != nil {
		t.Fatal(err)
	}
	resp, body = scjg.post("/admin/tasks", url.Values{"title": {"没有计划的任务"},
		"item": {itoa(first.ItemIDs[0])}, "ratio": {"0.01"}, "date": {"2027-03-01"}})
	want(t, "a task no plan holds", resp, body, 409, "form-error", "no published plan")
	resp, body = ga.get("/admin/plans?year=2026&lang=zh")
	want(t, "merge offer", resp, body, 200, "合并为一次联合检查", "公安任务")
	resp, body = ga.post("/admin/merge", url.Values{"task": {itoa(into.ID), itoa(from.ID)}})
	want(t, "merge", resp, body, 303)
	if got, _ := s.Task(context.Background(), from.ID); got.State != doublerandom.TaskMerged {
		t.Errorf("task %d is %s after the merge", from.ID, got.State)
	}

	drawn, _ := s.Teams(context.Background(), 1)
	code := drawn[0].EntityCode
	resp, body = scjg.post("/admin/tasks/1/handover", url.Values{"code": {code},
		"problem": {"涉嫌无证经营"}, "to": {"GA"}})
	want(t, "hand over", resp, body, 303)
	fs, _ := s.FollowUps(context.Background(), store.FollowUpFilter{ToDept: "GA"})
	if len(fs) != 1 {
		t.Fatalf("follow-ups to GA: %+v", fs)
	}
	fid := itoa(fs[0].ID)
	resp, body = scjg.post("/admin/followups/"+fid+"/penalty", url.Values{"number": {"x"},
		"decided": {"2026-12-03"}, "content": {"警告"}})
	want(t, "decision by a department without jurisdiction", resp, body, 403)
	resp, body = ga.post("/admin/followups/"+fid+"/penalty", url.Values{"number": {"卧公罚〔2026〕9号"},
		"decided": {"2026-12-03"}, "content": {"警告"}})
	want(t, "decide", resp, body, 303)
	ps, _ := s.Penalties(context.Background(), store.PenaltyFilter{Dept: "GA"})
	resp, body = ga.post("/admin/penalties/"+itoa(ps[0].ID)+"/publish", nil)
	want(t, "publish the penalty", resp, body, 303)
	resp, body = ga.get("/admin/followups")
	want(t, "follow-ups for GA", resp, body, 200, "涉嫌无证经营", "卧公罚〔2026〕9号")
	if strings.Contains(body, "演示市监罚") {
		t.Error("GA's admin sees the market supervision bureau's own penalty decisions")
	}

	cal := `{"2031": {"holidays": [["2031-10-01", "2031-10-07", "国庆节"]], "workdays": []}}`
	resp, body = scjg.post("/admin/calendar", url.Values{"json": {cal}})
	want(t, "calendar by a department", resp, body, 403)
	resp, body = office.post("/admin/calendar", url.Values{"json": {`{"2031": {"holidays": 3}}`}})
	want(t, "calendar with bad JSON", resp, body, 400)
	resp, body = office.post("/admin/calendar", url.Values{"json": {cal}})
	want(t, "calendar", resp, body, 303)
	resp, body = office.get("/admin/deadlines")
	want(t, "deadlines", resp, body, 200, "2031", "市场监管任务")

	resp, body = office.get("/admin/archives?year=2026")
	want(t, "archives", resp, body, 200, `data-dept="SCJG"`, `data-dept="GA"`, "/admin/archives/")
	as, _ := s.Archives(context.Background(), store.ArchiveFilter{Dept: "SCJG", Delivered: true})
	resp, body = office.get("/admin/archives/" + itoa(as[0].ID))
	if resp.StatusCode != 200 || !strings.HasPrefix(body, "PK") {
		t.Errorf("archive download: %d %.4q", resp.StatusCode, body)
	}
	if resp, _ := ga.get("/admin/archives/" + itoa(as[0].ID)); resp.StatusCode != 404 {
		t.Errorf("GA downloads SCJG's archive: %d, want 404", resp.StatusCode)
	}
	resp, body = scjg.post("/admin/archives/deliver", url.Values{"year": {"2026"}})
	want(t, "deliver with a task not yet drawn", resp, body, 409, "not published")

	// Bad input is refused, never a server error.
	for _, tc := range []struct {
		c          *client
		method, at string
		form       url.Values
	}{
		{in, "POST", "/admin/assignments/x/y/notify", nil},
		{in, "POST", "/admin/assignments/1/" + code + "/launch", nil},
		{in, "POST", "/admin/assignments/1/" + code + "/evidence", url.Values{"record": {"1"}}},
		{in, "GET", "/admin/assignments/99999/nope", nil},
		{scjg, "GET", "/admin/tasks/99999/work", nil},
		{scjg, "GET", "/admin/tasks/-1/summary.xlsx", nil},
		{scjg, "POST", "/admin/plans", url.Values{"year": {"nineteen"}}},
		{scjg, "POST", "/admin/plans/abc/withdraw", nil},
		{office, "POST", "/admin/annual/x/compile", nil},
		{office, "POST", "/admin/merge", url.Values{"task": {"1"}}},
		{ga, "POST", "/admin/followups/" + fid + "/fly", nil},
		{ga, "POST", "/admin/followups/" + fid + "/penalty", url.Values{"decided": {"soon"}}},
		{ga, "GET", "/admin/evidence/0", nil},
		{ga, "GET", "/admin/archives/99999", nil},
		{scjg, "POST", "/admin/archives/deliver", url.Values{"year": {"x"}}},
		{scjg, "POST", "/admin/lists/NOPE/publish", nil},
	} {
		var resp *http.Response
		if tc.method == "GET" {
			resp, _ = tc.c.get(tc.at)
		} else {
			resp, _ = tc.c.post(tc.at, tc.form)
		}
		if resp.StatusCode < 400 || resp.StatusCode >= 500 {
			t.Errorf("%s %s: status %d, want a refusal", tc.method, tc.at, resp.StatusCode)
		}
	}
}
