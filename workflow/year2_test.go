package workflow_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"doublerandom"
	"doublerandom/archive"
	"doublerandom/calendar"
	"doublerandom/demo"
	"doublerandom/draw"
	"doublerandom/i18n"
	"doublerandom/store"
	"doublerandom/store/storetest"
	"doublerandom/workflow"
)

// photo is the evidence file of the year's first inspection.
var photo = []byte("\xff\xd8\xff\xe0 a photo of the expired licence \x00\x01")

// inspect: implementation rules (step 6), notification, on-site records
// with evidence, sign-off (step 7), with the refusals of each.
func (y *year) inspect(t1 *doublerandom.Task, rec *draw.Record) {
	ctx := y.ctx
	x := rec.Drawn[0].ID
	team := y.team(t1.ID, x)
	leader, outsider := team[0], health+"-001"
	y.at("2026-05-06 09:00")
	_, err := y.svc.Notify(ctx, leader, doublerandom.Notification{TaskID: t1.ID, EntityCode: x,
		NotifiedAt: y.now, Channel: doublerandom.ChannelPhone, Content: "明日检查"})
	y.refused("notify before the rules", err, doublerandom.ECONFLICT, "step 6")
	y.refused("empty rules", y.svc.PublishRules(ctx, t1.ID, "  "), doublerandom.EINVALID, "empty")
	y.must("rules", y.svc.PublishRules(ctx, t1.ID, "检查时间：5月13日至15日。检查方式：实地检查。"))
	y.refused("rules twice", y.svc.PublishRules(ctx, t1.ID, "again"), doublerandom.ECONFLICT,
		"already published")
	y.stepsDone(demo.DeptPolice, 6)

	y.at("2026-05-13 09:00")
	_, err = y.svc.InspectorVisit(ctx, outsider, t1.ID, x)
	y.refused("visit of another's assignment", err, doublerandom.EFORBIDDEN, "own assignments")
	record := doublerandom.InspectionRecord{TaskID: t1.ID, EntityCode: x, ItemID: t1.ItemIDs[0],
		Method: doublerandom.MethodOnSite, Findings: "食品经营许可证已过期", Problem: true}
	_, err = y.svc.RecordInspection(ctx, leader, record)
	y.refused("record before notification", err, doublerandom.ECONFLICT, "notified")
	for _, n := range []doublerandom.Notification{
		{Channel: "pigeon", Content: "x", NotifiedAt: y.now},
		{Channel: doublerandom.ChannelFax, Content: "x", NotifiedAt: y.now.Add(48 * time.Hour)},
		{Channel: doublerandom.ChannelFax, Content: " ", NotifiedAt: y.now},
	} {
		n.TaskID, n.EntityCode = t1.ID, x
		_, err := y.svc.Notify(ctx, leader, n)
		y.refused("bad notification", err, doublerandom.EINVALID)
	}
	_, err = y.svc.Notify(ctx, leader, doublerandom.Notification{TaskID: t1.ID, EntityCode: x,
		NotifiedAt: y.now.Add(-time.Hour), Channel: doublerandom.ChannelWritten,
		Content: "书面告知检查时间，请准备证照和进货台账"})
	y.must("notify", err)
	for _, tc := range []struct {
		name   string
		change func(*doublerandom.InspectionRecord)
	}{
		{"item not in the task", func(r *doublerandom.InspectionRecord) { r.ItemID = 3 }},
		{"a fifth method", func(r *doublerandom.InspectionRecord) { r.Method = "guess" }},
		{"no findings", func(r *doublerandom.InspectionRecord) { r.Findings = "" }},
	} {
		bad := record
		tc.change(&bad)
		_, err := y.svc.RecordInspection(ctx, leader, bad)
		y.refused(tc.name, err, doublerandom.EINVALID)
	}
	r, err := y.svc.RecordInspection(ctx, leader, record)
	y.must("record", err)
	y.stepsDone(demo.DeptMarket, 7)
	leaderCtx := doublerandom.WithActor(ctx, doublerandom.Actor{ID: "scjg-leader",
		Dept: demo.DeptMarket, Role: doublerandom.RoleLeader})
	y.refused("void a draw under inspection", y.svc.VoidAndRedraw(leaderCtx, t1.ID, "重抽"),
		doublerandom.ECONFLICT, "being inspected")
	_, err = y.svc.AddEvidence(ctx, leader, r.ID, "empty.jpg", "image/jpeg", nil)
	y.refused("empty evidence", err, doublerandom.EINVALID, "empty")
	ev, err := y.svc.AddEvidence(ctx, leader, r.ID, "../../etc/现场照片.jpg", "image/jpeg", photo)
	y.must("evidence", err)
	sum := sha256.Sum256(photo)
	if ev.Name != "现场照片.jpg" || ev.SHA256 != hex.EncodeToString(sum[:]) {
		y.t.Errorf("evidence stored as %q with %s", ev.Name, ev.SHA256)
	}

	err = y.svc.RecordResult(ctx, doublerandom.Result{TaskID: t1.ID, EntityCode: rec.Drawn[1].ID,
		Type: doublerandom.ResultNoProblem})
	y.refused("result of a business not inspected", err, doublerandom.ECONFLICT,
		"no inspection record")

	types := map[string]doublerandom.ResultType{x: doublerandom.ResultPendingFollow,
		rec.Drawn[1].ID: doublerandom.ResultRefused}
	typeOf := func(code string) doublerandom.ResultType {
		if typ, ok := types[code]; ok {
			return typ
		}
		return doublerandom.ResultNoProblem
	}
	y.must("inspect all", demo.Inspect(ctx, y.svc, t1.ID, typeOf))
	refusal := doublerandom.SignOff{TaskID: t1.ID, EntityCode: rec.Drawn[1].ID,
		Kind: doublerandom.SignMissing, Reason: "当事人拒绝签字"}
	y1 := y.team(t1.ID, rec.Drawn[1].ID)[0]
	y.refused("refusal without witness", y.svc.SignOff(ctx, y1, refusal), doublerandom.EINVALID,
		"witness")
	refusal.Witness = "社区网格员张某"
	y.must("sign-off", y.svc.SignOff(ctx, y1, refusal))

	v, err := y.svc.InspectorVisit(ctx, leader, t1.ID, x)
	y.must("visit", err)
	if len(v.Records) != len(t1.ItemIDs) || len(v.Notifications) != 2 || v.SignOff == nil ||
		v.Entity.Code != x || len(v.Team) != len(team) {
		y.t.Errorf("visit: %d records, %d notifications, sign-off %v", len(v.Records),
			len(v.Notifications), v.SignOff)
	}
	if rr := v.Record(t1.ItemIDs[0]); rr == nil || len(rr.Evidence) != 1 {
		y.t.Errorf("the evidence did not stay with its record: %+v", rr)
	}
	as, err := y.svc.Assignments(ctx, leader)
	y.must("assignments", err)
	if !slices.ContainsFunc(as, func(a workflow.AssignmentView) bool {
		return a.EntityCode == x && a.Records == len(t1.ItemIDs) && a.Signed
	}) {
		y.t.Errorf("the leader's assignments %+v miss %s", as, x)
	}
}

// team returns the members of a business's team, leader first.
func (y *year) team(taskID int64, code string) []string {
	teams, err := y.s.Teams(y.ctx, taskID)
	y.must("teams", err)
	for _, tm := range teams {
		if tm.EntityCode == code {
			return tm.Members
		}
	}
	y.t.Fatalf("no team for %s", code)
	return nil
}

// publish: results, the summary confirmed by every member, the results
// deadline nearly due then missed, and publication (step 8).
func (y *year) publish(t1 *doublerandom.Task, rec *draw.Record) {
	ctx := y.ctx
	types := map[string]doublerandom.ResultType{rec.Drawn[0].ID: doublerandom.ResultPendingFollow,
		rec.Drawn[1].ID: doublerandom.ResultRefused}
	for _, p := range rec.Drawn {
		typ := types[p.ID]
		if typ == "" {
			typ = doublerandom.ResultNoProblem
		}
		y.must("result", y.svc.EnterResult(ctx, y.team(t1.ID, p.ID)[0],
			doublerandom.Result{TaskID: t1.ID, EntityCode: p.ID, Type: typ, Note: "测试"}))
	}
	y.refused("publish unconfirmed", y.svc.Publish(ctx, t1.ID), doublerandom.ECONFLICT, "Art. 21")
	y.refused("confirm another's", y.svc.Confirm(ctx, health+"-001", t1.ID, rec.Drawn[0].ID),
		doublerandom.EFORBIDDEN)
	y.must("confirm", demo.ConfirmAll(ctx, y.svc, t1.ID))
	z := rec.Drawn[4].ID
	y.must("correct a result", y.svc.RecordResult(ctx, doublerandom.Result{TaskID: t1.ID,
		EntityCode: z, Type: doublerandom.ResultQualified}))
	y.refused("publish after a correction", y.svc.Publish(ctx, t1.ID), doublerandom.ECONFLICT, z)
	for _, m := range y.team(t1.ID, z) {
		y.must("confirm again", y.svc.Confirm(ctx, m, t1.ID, z))
	}
	y.checkSummary(t1, rec)

	// Inspections end on Friday 2026-05-15: 20 working days later is 2026-06-12.
	y.at("2026-06-09 09:00")
	ds, err := y.svc.Deadlines(ctx, demo.DeptPolice)
	y.must("deadlines", err)
	if len(ds) != 1 || ds[0].Ref != t1.ID || !ds[0].Due.Equal(date("2026-06-12")) ||
		ds[0].Left != 3 || !workflow.NearlyDue(ds[0]) || ds[0].Provisional {
		y.t.Errorf("deadlines on 06-09 = %+v; want task %d due 2026-06-12, 3 days left", ds, t1.ID)
	}
	if ds, _ := y.svc.Deadlines(ctx, health); len(ds) != 0 {
		y.t.Errorf("the health commission has deadlines %+v", ds)
	}
	y.at("2026-06-15 09:00")
	n, err := y.svc.SweepDeadlines(ctx)
	y.must("sweep", err)
	again, _ := y.svc.SweepDeadlines(ctx)
	if n != 1 || again != 0 {
		y.t.Errorf("sweeps recorded %d then %d misses, want 1 then 0", n, again)
	}
	y.at("2026-06-16 10:00")
	y.must("publish", y.svc.Publish(ctx, t1.ID))
	ms, err := y.s.Missed(ctx, demo.DeptMarket)
	y.must("missed", err)
	if len(ms) != 1 || ms[0].Kind != doublerandom.DeadlineResults ||
		!ms[0].Due.Equal(date("2026-06-12")) || ms[0].DoneAt.IsZero() {
		y.t.Errorf("missed deadlines = %+v; want the results, done late", ms)
	}
	y.stepsDone(demo.DeptMarket, 8)
}

// checkSummary reads the result summary and its XLSX.
func (y *year) checkSummary(t1 *doublerandom.Task, rec *draw.Record) {
	sum, err := y.svc.Summary(y.ctx, t1.ID)
	y.must("summary", err)
	if len(sum.Rows) != len(rec.Drawn) {
		y.t.Fatalf("summary has %d rows, want %d", len(sum.Rows), len(rec.Drawn))
	}
	for _, r := range sum.Rows {
		if !r.Complete() || r.SignOff == nil {
			y.t.Errorf("summary row of %s is not complete: %+v", r.Entity.Code, r)
		}
	}
	var buf bytes.Buffer
	y.must("summary xlsx", sum.WriteXLSX(&buf, i18n.ZH))
	f, err := excelize.OpenReader(&buf)
	y.must("open summary xlsx", err)
	rows, err := f.GetRows("抽查结果汇总表")
	y.must("summary rows", err)
	text := ""
	for _, r := range rows {
		text += strings.Join(r, "|") + "\n"
	}
	for _, want := range []string{"抽查结果汇总表", t1.Title, "发现问题待后续处理",
		"不配合检查情节严重", "当事人拒绝签字", "检查小组成员签字"} {
		if !strings.Contains(text, want) {
			y.t.Errorf("the summary workbook does not say %q:\n%s", want, text)
		}
	}
}

// lateJoiner: the health commission publishes its list and joins a plan the
// office publishes after 30 June; the report is then complete but late, and
// three businesses lie within three plans.
func (y *year) lateJoiner() (c *doublerandom.Plan) {
	ctx := y.ctx
	y.at("2026-07-01 09:00")
	_, err := y.svc.PublishList(ctx, health)
	y.must("health list", err)
	scjg := y.items[demo.DeptMarket]
	p := plan(2026, health, []string{demo.DeptMarket},
		append(ids(y.items[health]), ids(scjg[len(scjg)-5:])...), "2026-08-01", "2026-09-30")
	p.Scope = doublerandom.Scope{Regions: []string{"卧龙岗街道"}}
	c, err = y.svc.ProposePlan(ctx, p)
	y.must("plan C", err)
	y.at("2026-07-15 09:00")
	_, err = y.svc.CompileAnnualPlan(ctx, 2026, "", []int64{c.ID})
	y.must("compile C", err)
	a, err := y.svc.PublishAnnualPlan(ctx, 2026)
	y.must("publish C", err)
	if a.Revision != 2 || !a.PublishedAt.Equal(time.Date(2026, 3, 10, 2, 0, 0, 0, time.UTC)) {
		y.t.Errorf("annual plan: revision %d, first published %s", a.Revision, a.PublishedAt)
	}
	r, err := y.svc.PlanReport(ctx, 2026)
	y.must("report", err)
	if len(r.Uncovered[demo.DeptMarket]) != 0 || len(r.Uncovered[health]) != 0 ||
		len(r.Idle) != 0 || !slices.Equal(r.Late, []int64{c.ID}) || r.ReachTotal != 3 ||
		len(r.Reach) != 3 || len(r.Reach[0].Plans) != 3 {
		y.t.Errorf("report after plan C: uncovered %v, idle %v, late %v, reach %d %+v",
			r.Uncovered, r.Idle, r.Late, r.ReachTotal, r.Reach)
	}
	y.stepsDone(health, 4)
	_, err = y.svc.DeliverYearArchive(ctx, health, 2026)
	y.refused("archive without a draw", err, doublerandom.ECONFLICT, health, "step 5")
	return c
}

// followUp: problems handed over, a penalty decided and published late
// across the National Day holiday, a referral (step 9).
func (y *year) followUp(t1 *doublerandom.Task, rec *draw.Record) {
	ctx := y.ctx
	x, z := rec.Drawn[0].ID, rec.Drawn[1].ID
	_, err := y.svc.DeliverYearArchive(ctx, demo.DeptMarket, 2026)
	y.refused("archive before penalties", err, doublerandom.ECONFLICT, "step 9")
	base := doublerandom.FollowUp{TaskID: t1.ID, EntityCode: x, Problem: "无证经营",
		FromDept: demo.DeptMarket, ToDept: demo.DeptPolice}
	for _, tc := range []struct {
		name   string
		change func(*doublerandom.FollowUp)
	}{
		{"no problem", func(f *doublerandom.FollowUp) { f.Problem = "" }},
		{"not a task department", func(f *doublerandom.FollowUp) { f.FromDept = health }},
		{"not drawn", func(f *doublerandom.FollowUp) { f.EntityCode = y.notDrawn(rec) }},
	} {
		bad := base
		tc.change(&bad)
		_, err := y.svc.HandOver(ctx, bad)
		y.refused(tc.name, err, doublerandom.EINVALID)
	}
	fx, err := y.svc.HandOver(ctx, base)
	y.must("hand over", err)
	fz, err := y.svc.HandOver(ctx, doublerandom.FollowUp{TaskID: t1.ID, EntityCode: z,
		Problem: "拒绝检查，涉嫌妨害公务", FromDept: demo.DeptPolice, ToDept: demo.DeptMarket})
	y.must("hand over z", err)

	y.at("2026-09-29 15:00")
	p := doublerandom.Penalty{FollowUpID: fx.ID, Dept: demo.DeptMarket, DecisionNo: "卧公罚〔2026〕7号",
		DecidedOn: date("2026-09-29"), Content: "罚款5000元"}
	_, err = y.svc.DecidePenalty(ctx, p)
	y.refused("decision by a department without jurisdiction", err, doublerandom.EFORBIDDEN, "GA")
	p.Dept, p.DecidedOn = demo.DeptPolice, date("2026-10-01")
	_, err = y.svc.DecidePenalty(ctx, p)
	y.refused("decision in the future", err, doublerandom.EINVALID, "future")
	p.DecidedOn = date("2026-09-29")
	pen, err := y.svc.DecidePenalty(ctx, p)
	y.must("decide", err)
	ds, _ := y.svc.Deadlines(ctx, demo.DeptPolice)
	// 7 working days after Tuesday 09-29 across the National Day holiday
	// (10-01 to 10-07) and its make-up working day, Saturday 10-10: 10-14.
	if len(ds) != 1 || ds[0].Kind != doublerandom.DeadlinePenalty ||
		!ds[0].Due.Equal(date("2026-10-14")) {
		y.t.Errorf("penalty deadlines = %+v; want due 2026-10-14", ds)
	}
	_, err = y.svc.Refer(ctx, doublerandom.Referral{FollowUpID: fz.ID,
		ReferredOn: date("2026-09-29")})
	y.refused("referral without authority", err, doublerandom.EINVALID, "authority")
	_, err = y.svc.Refer(ctx, doublerandom.Referral{FollowUpID: fz.ID, Authority: "区公安分局",
		ReferredOn: date("2026-09-29"), Note: "涉嫌妨害公务"})
	y.must("refer", err)
	y.stepsDone(demo.DeptMarket, 9)
	y.stepsDone(demo.DeptPolice, 8)

	y.at("2026-10-15 09:00")
	y.must("publish penalty", y.svc.PublishPenalty(ctx, pen.ID))
	y.refused("publish twice", y.svc.PublishPenalty(ctx, pen.ID), doublerandom.ECONFLICT)
	ms, _ := y.s.Missed(ctx, demo.DeptPolice)
	if len(ms) != 1 || ms[0].Kind != doublerandom.DeadlinePenalty || ms[0].Ref != pen.ID {
		y.t.Errorf("GA's missed deadlines = %+v; want the late penalty", ms)
	}
	y.stepsDone(demo.DeptPolice, 9)
	fs, _ := y.s.FollowUps(ctx, store.FollowUpFilter{TaskID: t1.ID})
	if len(fs) != 2 || fs[0].State != doublerandom.FollowUpPenalized ||
		fs[1].State != doublerandom.FollowUpReferred {
		y.t.Errorf("follow-ups = %+v", fs)
	}
}

// archive: the task's and the departments' archives, verified; delivery on
// time and late (step 10).
func (y *year) archive(t1 *doublerandom.Task, rec *draw.Record) {
	ctx := y.ctx
	y.at("2026-12-20 10:00")
	_, err := y.svc.ArchiveTask(ctx, t1.ID)
	y.must("task archive", err)
	a, err := y.svc.DeliverYearArchive(ctx, demo.DeptMarket, 2026)
	y.must("deliver SCJG", err)
	y.stepsDone(demo.DeptMarket, 10)
	content, err := y.s.ArchiveContent(ctx, a.ID)
	y.must("archive content", err)
	m, probs, err := archive.Verify(bytes.NewReader(content), int64(len(content)))
	if err != nil || len(probs) != 0 {
		y.t.Fatalf("the delivered archive does not verify: %v %v", probs, err)
	}
	sum := sha256.Sum256(photo)
	var paths []string
	for _, f := range m.Files {
		paths = append(paths, f.Path)
		if strings.HasSuffix(f.Path, "现场照片.jpg") && f.SHA256 != hex.EncodeToString(sum[:]) {
			y.t.Errorf("evidence %s has SHA-256 %s in the manifest", f.Path, f.SHA256)
		}
	}
	prefix := "tasks/" + itoa(t1.ID) + "/"
	for _, want := range []string{prefix + "summary.xlsx", prefix + "rules.txt",
		prefix + "inspections.json", prefix + "audit.json", "steps.json", "plans.json",
		prefix + "evidence/" + rec.Drawn[0].ID + "/"} {
		if !slices.ContainsFunc(paths, func(p string) bool { return strings.HasPrefix(p, want) }) {
			y.t.Errorf("the archive has no %s: %v", want, paths)
		}
	}

	y.at("2027-01-05 09:00")
	_, err = y.svc.DeliverYearArchive(ctx, demo.DeptPolice, 2026)
	y.must("deliver GA", err)
	states, err := y.svc.ArchiveStates(ctx, 2026)
	y.must("archive states", err)
	got := map[string]string{}
	for _, st := range states {
		switch {
		case st.Archive == nil:
			got[st.Dept.Code] = "none"
		case st.OnTime:
			got[st.Dept.Code] = "on time"
		default:
			got[st.Dept.Code] = "late"
		}
	}
	want := map[string]string{demo.DeptMarket: "on time", demo.DeptPolice: "late", health: "none"}
	if !maps.Equal(got, want) {
		y.t.Errorf("archive states = %v, want %v", got, want)
	}
	if n, err := y.s.VerifyAudit(ctx); err != nil || n < 100 {
		y.t.Errorf("audit chain: %d entries, %v", n, err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// notDrawn returns a business of the directory that the draw did not pick.
func (y *year) notDrawn(rec *draw.Record) string {
	es, err := y.s.Entities(y.ctx, store.EntityFilter{})
	y.must("entities", err)
	for _, e := range es {
		if !slices.ContainsFunc(rec.Drawn, func(p draw.Pick) bool { return p.ID == e.Code }) {
			return e.Code
		}
	}
	y.t.Fatal("every business was drawn")
	return ""
}

// TestService_CalendarYears: an admin loads a year's arrangement; it is
// stored, counts at once, and a server started later applies it; an invalid
// year is refused and stores nothing.
func TestService_CalendarYears(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := newService(t, s)
		d := func(s string) calendar.Date {
			x, err := calendar.ParseDate(s)
			if err != nil {
				t.Fatal(err)
			}
			return x
		}
		y := calendar.Year{Year: 2031, Source: "test notice",
			Holidays: []calendar.Holiday{{First: d("2031-10-01"), Last: d("2031-10-07"),
				Name: "国庆节"}},
			Workdays: []calendar.Date{d("2031-09-28")}}
		oct6 := time.Date(2031, 10, 6, 0, 0, 0, 0, time.UTC) // a Monday
		if !svc.Calendar.IsWorkday(oct6) || svc.Calendar.Known(2031) {
			t.Fatalf("2031 is already known to the built-in calendar")
		}
		if err := svc.SetCalendarYear(ctx, y); err != nil {
			t.Fatal(err)
		}
		if svc.Calendar.IsWorkday(oct6) {
			t.Errorf("2031-10-06 is a working day after loading the National Day holiday")
		}
		bad := y
		bad.Workdays = []calendar.Date{d("2031-10-08")} // a Wednesday
		err := svc.SetCalendarYear(ctx, bad)
		if doublerandom.ErrorCode(err) != doublerandom.EINVALID {
			t.Errorf("a make-up working day on a weekday: err = %v, want invalid", err)
		}

		later := workflow.New(s, nil)
		if err := later.LoadCalendar(ctx); err != nil {
			t.Fatal(err)
		}
		sat := time.Date(2031, 9, 28, 0, 0, 0, 0, time.UTC)
		if !later.Calendar.Known(2031) || later.Calendar.IsWorkday(oct6) ||
			!later.Calendar.IsWorkday(sat) {
			t.Errorf("a server started later does not apply the stored 2031 arrangement")
		}
	})
}
