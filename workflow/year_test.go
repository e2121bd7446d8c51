package workflow_test

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"doublerandom"
	"doublerandom/demo"
	"doublerandom/draw"
	"doublerandom/store"
	"doublerandom/store/storetest"
	"doublerandom/workflow"
)

// year is a whole year played through on one store: a clock the test moves,
// the service, and what the steps produced.
type year struct {
	t     *testing.T
	ctx   context.Context
	s     *store.Store
	svc   *workflow.Service
	now   time.Time
	items map[string][]doublerandom.Item // by department
}

// at moves the clock to a Beijing date and time ("2026-05-11 09:00").
func (y *year) at(s string) {
	y.t.Helper()
	t, err := time.ParseInLocation("2006-01-02 15:04", s, workflow.China)
	if err != nil {
		y.t.Fatal(err)
	}
	y.now = t
}

func (y *year) must(what string, err error) {
	y.t.Helper()
	if err != nil {
		y.t.Fatalf("%s: %v", what, err)
	}
}

// refused checks that err is a refusal with the given code whose message
// mentions every one of words.
func (y *year) refused(what string, err error, code string, words ...string) {
	y.t.Helper()
	if got := doublerandom.ErrorCode(err); got != code {
		y.t.Errorf("%s: err = %v (code %q), want code %q", what, err, got, code)
		return
	}
	for _, w := range words {
		if !strings.Contains(doublerandom.ErrorMessage(err), w) {
			y.t.Errorf("%s: message %q does not mention %q", what,
				doublerandom.ErrorMessage(err), w)
		}
	}
}

func date(s string) time.Time {
	d, err := time.Parse(doublerandom.DateLayout, s)
	if err != nil {
		panic(err)
	}
	return d
}

const health = "WJW" // a third department: health commission

// newYear loads the demo directory, a third department with two items of
// its own and three businesses in one street, on a fresh store.
func newYear(t *testing.T, s *store.Store) *year {
	y := &year{t: t, ctx: context.Background(), s: s, items: map[string][]doublerandom.Item{}}
	y.svc = workflow.New(s, slog.New(slog.NewTextHandler(io.Discard, nil)))
	y.svc.Now = func() time.Time { return y.now }
	y.at("2026-03-02 09:00")
	_, _, err := demo.LoadDirectory(y.ctx, s)
	y.must("load directory", err)
	err = s.InTx(y.ctx, func(tx *store.Tx) error {
		if err := tx.PutDepartment(y.ctx, doublerandom.Department{Code: health,
			Name: "区卫生健康委员会", NameEn: "District Health Commission"}); err != nil {
			return err
		}
		for _, name := range []string{"公共场所卫生检查", "生活饮用水卫生检查"} {
			if _, err := tx.AddItem(y.ctx, doublerandom.Item{Dept: health, Number: "WJW",
				Name: name}); err != nil {
				return err
			}
		}
		for i, code := range []string{"TESTWLG0001", "TESTWLG0002", "TESTWLG0003"} {
			if err := tx.AddEntity(y.ctx, doublerandom.Entity{Code: code,
				CodeKind: doublerandom.CodeReg13, Name: "卧龙岗测试商户" + string(rune('一'+i)),
				Region: "卧龙岗街道"}); err != nil {
				return err
			}
		}
		return nil
	})
	y.must("third department", err)
	all, err := s.Items(y.ctx, "")
	y.must("items", err)
	for _, it := range all {
		y.items[it.Dept] = append(y.items[it.Dept], it)
	}
	return y
}

func ids(items []doublerandom.Item) []int64 {
	out := make([]int64, 0, len(items))
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}

func plan(yr int, lead string, parts []string, items []int64, from, to string) doublerandom.Plan {
	return doublerandom.Plan{Year: yr, Title: lead + " 联合抽查计划", LeadDept: lead,
		Participating: parts, ItemIDs: items, Ratio: "0.01", WindowStart: date(from),
		WindowEnd: date(to)}
}

// TestYear plays a whole year through on SQLite and PostgreSQL: lists,
// plans, the compiled plan and its report, tasks and a merge, the draw,
// implementation rules, inspections, results, confirmations, deadlines,
// follow-up, penalties, the archive, with every refusal on the way.
func TestYear(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		y := newYear(t, s)
		planA, planB := y.plans()
		t1 := y.tasks(planA, planB)
		rec := y.drawTask(t1)
		y.inspect(t1, rec)
		y.publish(t1, rec)
		y.lateJoiner()
		y.followUp(t1, rec)
		y.archive(t1, rec)
	})
}

// plans: lists published, plans proposed with their refusals, compiled,
// checked and published (steps 1 and 2).
func (y *year) plans() (a, b *doublerandom.Plan) {
	ctx := y.ctx
	scjg, ga := y.items[demo.DeptMarket], y.items[demo.DeptPolice]
	idsA := append(ids(scjg[:len(scjg)-5]), ga[0].ID)
	_, err := y.svc.ProposePlan(ctx, plan(2026, demo.DeptMarket, []string{demo.DeptPolice}, idsA,
		"2026-05-01", "2026-06-30"))
	y.refused("plan before the lists", err, doublerandom.ECONFLICT, "SCJG", "step 1")
	_, err = y.svc.PublishList(ctx, "NOPE")
	y.refused("list of an unknown department", err, doublerandom.EINVALID, "NOPE")
	for _, d := range []string{demo.DeptMarket, demo.DeptPolice} {
		_, err := y.svc.PublishList(ctx, d)
		y.must("publish list "+d, err)
	}

	for _, tc := range []struct {
		name   string
		change func(*doublerandom.Plan)
		want   string
	}{
		{"window outside the year", func(p *doublerandom.Plan) {
			p.WindowEnd = date("2027-01-31")
		}, "not inside its year"},
		{"window backwards", func(p *doublerandom.Plan) { p.WindowEnd = date("2026-04-01") },
			"before it starts"},
		{"item of another list", func(p *doublerandom.Plan) {
			p.ItemIDs = append(p.ItemIDs, y.items[health][0].ID)
		}, "not in the plan"},
		{"ratio zero", func(p *doublerandom.Plan) { p.Ratio = "0" }, "more than 0"},
		{"participant brings nothing", func(p *doublerandom.Plan) { p.ItemIDs = p.ItemIDs[:3] },
			"brings no item"},
	} {
		p := plan(2026, demo.DeptMarket, []string{demo.DeptPolice}, slices.Clone(idsA),
			"2026-05-01", "2026-06-30")
		tc.change(&p)
		_, err := y.svc.ProposePlan(ctx, p)
		y.refused(tc.name, err, doublerandom.EINVALID, tc.want)
	}
	_, err = y.svc.ProposePlan(ctx, plan(2026, health, []string{demo.DeptMarket},
		append(ids(y.items[health]), scjg[0].ID), "2026-08-01", "2026-09-30"))
	y.refused("plan of a department without a published list", err, doublerandom.ECONFLICT,
		health, "step 1")

	a, err = y.svc.ProposePlan(ctx, plan(2026, demo.DeptMarket, []string{demo.DeptPolice}, idsA,
		"2026-05-01", "2026-06-30"))
	y.must("propose plan A", err)
	b, err = y.svc.ProposePlan(ctx, plan(2026, demo.DeptPolice, nil, []int64{ga[0].ID, ga[1].ID},
		"2026-05-01", "2026-05-31"))
	y.must("propose plan B", err)

	_, err = y.svc.CreateTask(ctx, doublerandom.Task{Title: "计划未公布", LeadDept: demo.DeptMarket,
		Participating: []string{demo.DeptPolice}, ItemIDs: []int64{scjg[0].ID, ga[0].ID},
		Ratio: "0.01", InspectionDate: date("2026-05-11")})
	y.refused("task before the plan is published", err, doublerandom.ECONFLICT,
		"no published plan")
	_, err = y.svc.PublishAnnualPlan(ctx, 2026)
	y.refused("publish before compiling", err, doublerandom.ENOTFOUND, "not compiled")

	y.at("2026-03-10 10:00")
	_, err = y.svc.CompileAnnualPlan(ctx, 2026, "", []int64{a.ID, b.ID})
	y.must("compile", err)
	_, err = y.svc.CompileAnnualPlan(ctx, 2026, "", []int64{a.ID})
	y.refused("compile twice", err, doublerandom.ECONFLICT, "only proposed plans")

	r, err := y.svc.PlanReport(ctx, 2026)
	y.must("plan report", err)
	if len(r.Uncovered[demo.DeptMarket]) != 5 || len(r.Uncovered[health]) != 2 ||
		len(r.Uncovered[demo.DeptPolice]) != 2 {
		y.t.Errorf("uncovered items: SCJG %d, WJW %d, GA %d; want 5, 2, 2",
			len(r.Uncovered[demo.DeptMarket]), len(r.Uncovered[health]),
			len(r.Uncovered[demo.DeptPolice]))
	}
	if r.MarketLeads != 1 || !slices.Equal(r.Idle, []string{health}) || r.OK() {
		y.t.Errorf("report: market leads %d, idle %v, ok %v; want 1, [WJW], false",
			r.MarketLeads, r.Idle, r.OK())
	}
	if r.ReachTotal != 0 {
		y.t.Errorf("two plans reach %d businesses more than twice", r.ReachTotal)
	}

	_, err = y.svc.PublishAnnualPlan(ctx, 2026)
	y.must("publish annual plan", err)
	for _, id := range []int64{a.ID, b.ID} {
		p, err := y.s.Plan(ctx, id)
		if err != nil || p.State != doublerandom.PlanPublished || p.Late(workflow.China) {
			y.t.Errorf("plan %d after publication: %+v, %v", id, p, err)
		}
	}
	y.stepsDone(demo.DeptMarket, 2)
	y.stepsDone(demo.DeptPolice, 2)
	return a, b
}

// stepsDone checks that a department has done steps 1 to n of 2026 and has
// not recorded step n+1.
func (y *year) stepsDone(dept string, n int) {
	y.t.Helper()
	p, err := y.svc.Progress(y.ctx, dept, 2026)
	y.must("progress", err)
	for _, st := range doublerandom.Steps {
		_, recorded := p.Done[st]
		if int(st) <= n && !p.IsDone(st) {
			y.t.Errorf("%s: %s not done", dept, st)
		}
		if int(st) == n+1 && recorded {
			y.t.Errorf("%s: %s already recorded", dept, st)
		}
	}
}

// tasks: tasks from the plans with their refusals, and a merge into one
// joint visit.
func (y *year) tasks(a, b *doublerandom.Plan) *doublerandom.Task {
	ctx := y.ctx
	scjg, ga := y.items[demo.DeptMarket], y.items[demo.DeptPolice]
	base := doublerandom.Task{Title: "2026年食品与易制毒化学品联合抽查", LeadDept: demo.DeptMarket,
		Participating: []string{demo.DeptPolice}, ItemIDs: []int64{scjg[0].ID, ga[0].ID},
		InspectionDate: date("2026-05-11"), InspectionEnd: date("2026-05-15"), PlanID: a.ID}
	for _, tc := range []struct {
		name   string
		change func(*doublerandom.Task)
		want   string
	}{
		{"outside the window", func(t *doublerandom.Task) { t.InspectionEnd = date("2026-07-03") },
			"outside plan"},
		{"item not in the plan", func(t *doublerandom.Task) {
			t.ItemIDs = []int64{scjg[len(scjg)-1].ID, ga[0].ID}
		}, "not in plan"},
		{"department not in the plan", func(t *doublerandom.Task) {
			t.Participating = []string{demo.DeptPolice, health}
			t.ItemIDs = append(t.ItemIDs, y.items[health][0].ID)
		}, "does not take part"},
		{"ends before it starts", func(t *doublerandom.Task) {
			t.InspectionEnd = date("2026-05-01")
		}, "end"},
	} {
		bad := base
		bad.ItemIDs = slices.Clone(base.ItemIDs)
		tc.change(&bad)
		_, err := y.svc.CreateTask(ctx, bad)
		y.refused(tc.name, err, doublerandom.EINVALID, tc.want)
	}
	t1, err := y.svc.CreateTask(ctx, base)
	y.must("create task 1", err)
	if t1.Ratio != "0.01" || t1.PlanID != a.ID {
		y.t.Errorf("task 1: ratio %q, plan %d; want the plan's 0.01 and plan %d", t1.Ratio,
			t1.PlanID, a.ID)
	}
	t2, err := y.svc.CreateTask(ctx, doublerandom.Task{Title: "易制毒化学品检查",
		LeadDept: demo.DeptPolice, ItemIDs: []int64{ga[0].ID}, InspectionDate: date("2026-05-13"),
		InspectionEnd: date("2026-05-20")})
	y.must("create task 2 (plan found by its contents)", err)
	if t2.PlanID != b.ID {
		y.t.Errorf("task 2 linked to plan %d, want %d", t2.PlanID, b.ID)
	}

	offers, err := y.svc.MergeOffers(ctx, demo.DeptPolice)
	y.must("merge offers", err)
	if len(offers) != 1 || offers[0].Into.ID != t1.ID || offers[0].From.ID != t2.ID ||
		offers[0].Shared != 481 || !offers[0].First.Equal(date("2026-05-13")) {
		y.t.Fatalf("merge offers = %+v; want task %d into %d, 481 shared, from 05-13", offers,
			t2.ID, t1.ID)
	}
	merged, err := y.svc.MergeTasks(ctx, t1.ID, t2.ID)
	y.must("merge", err)
	if len(merged.ItemIDs) != 2 || !merged.InspectionDate.Equal(date("2026-05-13")) ||
		!merged.LastDay().Equal(date("2026-05-15")) {
		y.t.Errorf("merged task: items %v, %s to %s", merged.ItemIDs, merged.InspectionDate,
			merged.LastDay())
	}
	got, _ := y.s.Task(ctx, t2.ID)
	if got.State != doublerandom.TaskMerged || got.MergedInto != t1.ID {
		y.t.Errorf("task 2 after the merge: %s into %d", got.State, got.MergedInto)
	}
	cs, _ := commitments(y.t, demo.DeptPolice)
	_, err = y.svc.Freeze(ctx, t2.ID, workflow.FreezeOptions{Commitments: cs})
	y.refused("freeze a merged task", err, doublerandom.ECONFLICT, "merged")
	return merged
}

// drawTask: the draw is refused without an inspector directory (step 4),
// then made (step 5).
func (y *year) drawTask(t1 *doublerandom.Task) *draw.Record {
	ctx := y.ctx
	cs, secrets := commitments(y.t, t1.Departments()...)
	_, err := y.svc.Freeze(ctx, t1.ID, workflow.FreezeOptions{Commitments: cs})
	y.refused("draw without inspectors", err, doublerandom.ECONFLICT, "step 4")

	var specs []string
	for _, it := range append(y.items[demo.DeptMarket], y.items[demo.DeptPolice]...) {
		if slices.Contains(t1.ItemIDs, it.ID) && it.Specialty != "" {
			specs = append(specs, it.Specialty)
		}
	}
	today := date("2026-03-01")
	roster := append(demo.Roster(demo.DeptMarket, 10, specs, today),
		demo.Roster(demo.DeptPolice, 8, specs, today)...)
	roster = append(roster, demo.Roster(health, 4, nil, today)...)
	y.must("roster", y.s.InTx(ctx, func(tx *store.Tx) error {
		for _, in := range roster {
			if err := tx.AddInspector(ctx, in); err != nil {
				return err
			}
		}
		return nil
	}))
	y.at("2026-04-20 09:30")
	_, err = y.svc.Freeze(ctx, t1.ID, workflow.FreezeOptions{Commitments: cs})
	y.must("freeze", err)
	for p, sec := range secrets {
		y.must("reveal", y.svc.Reveal(ctx, t1.ID, p, sec))
	}
	rec, err := y.svc.Draw(ctx, t1.ID, "")
	y.must("draw", err)
	if len(rec.Drawn) != 5 {
		y.t.Fatalf("drew %d businesses, want ceil(481 x 0.01) = 5", len(rec.Drawn))
	}
	y.stepsDone(demo.DeptMarket, 5)
	return rec
}
