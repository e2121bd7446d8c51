package workflow_test

import (
	"context"
	"io"
	"log/slog"
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

var day = time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)

func newService(t *testing.T, s *store.Store) *workflow.Service {
	t.Helper()
	svc := workflow.New(s, slog.New(slog.NewTextHandler(io.Discard, nil)))
	svc.Now = func() time.Time { return day }
	return svc
}

// TestDemo_WholeTask runs the demo's joint task on real data and checks
// every step's stored outcome and the rules of SPEC R10 and R15.
func TestDemo_WholeTask(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := newService(t, s)
		sum, err := demo.Run(ctx, svc, t.TempDir(), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Items != 79 || sum.Entities != 478 {
			t.Errorf("imported %d items, %d businesses; want 79, 478", sum.Items, sum.Entities)
		}
		task, err := s.Task(ctx, sum.TaskID)
		if err != nil || task.State != doublerandom.TaskPublished {
			t.Fatalf("task = %+v, %v; want published", task, err)
		}
		rec, d, err := svc.Record(ctx, task.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.State != doublerandom.DrawDone || d.CandidateSHA256 != rec.CandidateSHA256 {
			t.Errorf("stored draw: state %s, sha %s; record sha %s", d.State, d.CandidateSHA256,
				rec.CandidateSHA256)
		}
		if got := draw.HashCandidates(mustParse(t, d.Candidates)); got != rec.CandidateSHA256 {
			t.Errorf("stored candidate list hashes to %s, record says %s", got, rec.CandidateSHA256)
		}
		// 5 % of 478, rounded up.
		if len(rec.Drawn) != 24 {
			t.Errorf("drawn %d businesses, want ceil(478 x 0.05) = 24", len(rec.Drawn))
		}
		if diffs := draw.Verify(rec, nil); diffs != nil {
			t.Errorf("stored record does not verify: %v", diffs)
		}
		checkTeams(t, s, task, rec)

		results, err := s.Results(ctx, task.ID)
		if err != nil || len(results) != len(rec.Drawn) {
			t.Fatalf("%d results, %v; want one per drawn business", len(results), err)
		}
		pub, err := s.PublishedResults(ctx, rec.Drawn[0].ID)
		if err != nil || len(pub) != 1 {
			t.Errorf("published results of %s = %v, %v", rec.Drawn[0].ID, pub, err)
		}
		if n, err := s.VerifyAudit(ctx); err != nil || n < 10 {
			t.Errorf("audit chain: %d entries, %v", n, err)
		}
	})
}

func mustParse(t *testing.T, b []byte) []draw.Candidate {
	t.Helper()
	c, err := draw.ParseCandidates(b)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// checkTeams checks the stored teams against Art. 18: at least two
// inspectors, the leader from the lead department, one from each
// participating department, certificates valid on the inspection date.
func checkTeams(t *testing.T, s *store.Store, task *doublerandom.Task, rec *draw.Record) {
	t.Helper()
	ins, err := s.Inspectors(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]doublerandom.Inspector{}
	for _, in := range ins {
		byID[in.ID] = in
	}
	teams, err := s.Teams(context.Background(), task.ID)
	if err != nil || len(teams) != len(rec.Drawn) {
		t.Fatalf("%d teams, %v; want %d", len(teams), err, len(rec.Drawn))
	}
	for _, tm := range teams {
		if len(tm.Members) < 2 {
			t.Errorf("%s: team of %d", tm.EntityCode, len(tm.Members))
		}
		if byID[tm.Members[0]].Dept != task.LeadDept {
			t.Errorf("%s: leader %s is not from the lead department", tm.EntityCode, tm.Members[0])
		}
		depts := map[string]bool{}
		for _, m := range tm.Members {
			in := byID[m]
			depts[in.Dept] = true
			if !in.ValidOn(task.InspectionDate) {
				t.Errorf("%s: member %s is not eligible on %s", tm.EntityCode, m,
					task.InspectionDate.Format(time.DateOnly))
			}
		}
		for _, p := range task.Participating {
			if !depts[p] {
				t.Errorf("%s: no member from %s", tm.EntityCode, p)
			}
		}
	}
}

// setUp loads the demo directory and roster-less task prerequisites.
func setUp(t *testing.T, s *store.Store, svc *workflow.Service) *doublerandom.Task {
	t.Helper()
	ctx := context.Background()
	if _, _, err := demo.LoadDirectory(ctx, s); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.PrepareYear(ctx, svc, day.Year(), io.Discard); err != nil {
		t.Fatal(err)
	}
	items, err := s.Items(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	var (
		ids   []int64
		specs []string
	)
	for _, want := range []string{demo.DeptMarket, demo.DeptPolice} {
		for _, it := range items {
			if it.Dept == want {
				ids = append(ids, it.ID)
				if it.Specialty != "" {
					specs = append(specs, it.Specialty)
				}
				break
			}
		}
	}
	roster := append(demo.Roster(demo.DeptMarket, 10, specs, day),
		demo.Roster(demo.DeptPolice, 8, specs, day)...)
	err = s.InTx(ctx, func(tx *store.Tx) error {
		for _, in := range roster {
			if err := tx.AddInspector(ctx, in); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	task, err := svc.CreateTask(ctx, doublerandom.Task{Title: "测试任务", LeadDept: demo.DeptMarket,
		Participating: []string{demo.DeptPolice}, ItemIDs: ids, Ratio: "2%",
		InspectionDate: day.AddDate(0, 0, 5)})
	if err != nil {
		t.Fatal(err)
	}
	return task
}

func commitments(t *testing.T, parties ...string) ([]draw.Contribution, map[string]string) {
	t.Helper()
	secrets := map[string]string{}
	var cs []draw.Contribution
	for _, p := range parties {
		s, err := draw.NewSecret()
		if err != nil {
			t.Fatal(err)
		}
		secrets[p] = s
		cs = append(cs, draw.Contribution{Party: p, Commitment: draw.Commit(secrets[p])})
	}
	return cs, secrets
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := doublerandom.ErrorCode(err); got != code {
		t.Errorf("%s: err = %v (code %q), want code %q", what, err, got, code)
	}
}

// TestService_RefusesStepsOutOfOrder exercises every refusal of the task
// steps: nothing may be skipped, repeated or done with bad input.
func TestService_RefusesStepsOutOfOrder(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := newService(t, s)
		task := setUp(t, s, svc)
		drawnCode := ""

		_, err := svc.Draw(ctx, task.ID, "")
		wantCode(t, "draw before freeze", err, doublerandom.ENOTFOUND)
		err = svc.RecordResult(ctx, doublerandom.Result{TaskID: task.ID, EntityCode: "x",
			Type: doublerandom.ResultNoProblem})
		wantCode(t, "result before draw", err, doublerandom.ECONFLICT)

		cs, secrets := commitments(t, demo.DeptMarket)
		_, err = svc.Freeze(ctx, task.ID, workflow.FreezeOptions{Commitments: cs})
		wantCode(t, "freeze without GA's commitment", err, doublerandom.EINVALID)
		cs, secrets = commitments(t, demo.DeptMarket, demo.DeptPolice)
		leaked := append([]draw.Contribution(nil), cs...)
		leaked[0].Secret = secrets[demo.DeptMarket]
		_, err = svc.Freeze(ctx, task.ID, workflow.FreezeOptions{Commitments: leaked})
		wantCode(t, "freeze with a secret sent early", err, doublerandom.EINVALID)

		_, err = svc.Freeze(ctx, task.ID, workflow.FreezeOptions{Commitments: cs,
			Reserves: 1 << 40})
		wantCode(t, "more reserves than candidates", err, doublerandom.EINVALID)
		_, err = svc.Freeze(ctx, task.ID, workflow.FreezeOptions{Commitments: cs,
			RevealBy: day.Add(-time.Hour)})
		wantCode(t, "a reveal deadline in the past", err, doublerandom.EINVALID)
		source := "drand quicknet round 1234567"
		rec, err := svc.Freeze(ctx, task.ID, workflow.FreezeOptions{Commitments: cs, Reserves: 2,
			PublicSource: source})
		if err != nil {
			t.Fatal(err)
		}
		if rec.Seed != "" || len(rec.Drawn) != 0 {
			t.Errorf("frozen record already has a seed or a sample: %+v", rec)
		}
		_, err = svc.Freeze(ctx, task.ID, workflow.FreezeOptions{Commitments: cs})
		wantCode(t, "second freeze", err, doublerandom.ECONFLICT)

		err = svc.Reveal(ctx, task.ID, demo.DeptPolice, "a guess")
		wantCode(t, "reveal of a wrong secret", err, doublerandom.EINVALID)
		err = svc.Reveal(ctx, task.ID, "WJW", "x")
		wantCode(t, "reveal by a department without commitment", err, doublerandom.EINVALID)
		if err := svc.Reveal(ctx, task.ID, demo.DeptMarket, secrets[demo.DeptMarket]); err != nil {
			t.Fatal(err)
		}
		// GA never reveals: the draw waits until the reveal deadline, then
		// goes on with GA recorded as missing.
		_, err = svc.Draw(ctx, task.ID, "5e1f")
		wantCode(t, "draw before the reveal deadline with GA's secret missing", err,
			doublerandom.ECONFLICT)
		svc.Now = func() time.Time { return day.Add(workflow.DefaultRevealWindow + time.Minute) }
		_, err = svc.Draw(ctx, task.ID, "")
		wantCode(t, "draw without the named public value", err, doublerandom.EINVALID)
		rec, err = svc.Draw(ctx, task.ID, "5e1f")
		if err != nil {
			t.Fatal(err)
		}
		if rec.Contributions[1].Secret != "" || rec.PublicRandomness == "" {
			t.Errorf("contributions %+v, public %q", rec.Contributions, rec.PublicRandomness)
		}
		if diffs := draw.Verify(rec, nil); diffs != nil {
			t.Errorf("verify: %v", diffs)
		}
		_, err = svc.Draw(ctx, task.ID, "")
		wantCode(t, "second draw", err, doublerandom.ECONFLICT)
		err = svc.Reveal(ctx, task.ID, demo.DeptPolice, secrets[demo.DeptPolice])
		wantCode(t, "reveal after the draw", err, doublerandom.ECONFLICT)

		drawnCode = rec.Drawn[0].ID
		if err := demo.Inspect(ctx, svc, task.ID, nil); err != nil {
			t.Fatal(err)
		}
		err = svc.RecordResult(ctx, doublerandom.Result{TaskID: task.ID, EntityCode: drawnCode,
			Type: "fined"})
		wantCode(t, "an eleventh result type", err, doublerandom.EINVALID)
		err = svc.RecordResult(ctx, doublerandom.Result{TaskID: task.ID,
			EntityCode: rec.Reserves[0].ID, Type: doublerandom.ResultNoProblem})
		wantCode(t, "result for a business not drawn", err, doublerandom.EINVALID)
		for _, p := range rec.Drawn[1:] {
			if err := svc.RecordResult(ctx, doublerandom.Result{TaskID: task.ID, EntityCode: p.ID,
				Type: doublerandom.ResultQualified}); err != nil {
				t.Fatal(err)
			}
		}
		err = svc.Publish(ctx, task.ID)
		wantCode(t, "publish with a result missing", err, doublerandom.ECONFLICT)
		if err := svc.RecordResult(ctx, doublerandom.Result{TaskID: task.ID, EntityCode: drawnCode,
			Type: doublerandom.ResultUnreachable}); err != nil {
			t.Fatal(err)
		}
		if err := demo.ConfirmAll(ctx, svc, task.ID); err != nil {
			t.Fatal(err)
		}
		if err := svc.Publish(ctx, task.ID); err != nil {
			t.Fatal(err)
		}
		err = svc.RecordResult(ctx, doublerandom.Result{TaskID: task.ID, EntityCode: drawnCode,
			Type: doublerandom.ResultNoProblem})
		wantCode(t, "result after publication", err, doublerandom.ECONFLICT)
	})
}

func TestService_CreateTaskChecks(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := newService(t, s)
		task := setUp(t, s, svc)
		base := *task
		base.ID = 0
		for _, tc := range []struct {
			name   string
			change func(*doublerandom.Task)
			want   string
		}{
			{"unknown department", func(t *doublerandom.Task) {
				t.Participating = []string{"XX"}
			}, "unknown department"},
			{"lead twice", func(t *doublerandom.Task) {
				t.Participating = []string{t.LeadDept}
			}, "twice"},
			{"ratio zero", func(t *doublerandom.Task) { t.Ratio = "0" }, "more than 0"},
			{"ratio above one", func(t *doublerandom.Task) { t.Ratio = "1.5" }, "greater than 1"},
			{"ratio text", func(t *doublerandom.Task) { t.Ratio = "five" }, "ratio"},
			{"participant without item", func(t *doublerandom.Task) {
				t.ItemIDs = t.ItemIDs[:1]
			}, "brings no item"},
			{"no title", func(t *doublerandom.Task) { t.Title = "" }, "title"},
		} {
			bad := base
			bad.ItemIDs = append([]int64(nil), base.ItemIDs...)
			tc.change(&bad)
			_, err := svc.CreateTask(ctx, bad)
			if doublerandom.ErrorCode(err) != doublerandom.EINVALID ||
				!strings.Contains(doublerandom.ErrorMessage(err), tc.want) {
				t.Errorf("%s: err = %v, want invalid mentioning %q", tc.name, err, tc.want)
			}
		}
	})
}

// TestService_Exclusions checks that deregistered businesses and those
// inspected twice this year are excluded before the draw, with reasons.
func TestService_Exclusions(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := newService(t, s)
		task := setUp(t, s, svc)
		gone := doublerandom.Entity{Code: "91350100M000100Y43", CodeKind: doublerandom.CodeCredit,
			Name: "已注销企业", Status: doublerandom.StatusDeregistered}
		if err := s.InTx(ctx, func(tx *store.Tx) error { return tx.AddEntity(ctx, gone) }); err != nil {
			t.Fatal(err)
		}
		cs, secrets := commitments(t, demo.DeptMarket, demo.DeptPolice)
		rec, err := svc.Freeze(ctx, task.ID, workflow.FreezeOptions{Commitments: cs})
		if err != nil {
			t.Fatal(err)
		}
		for p, sec := range secrets {
			if err := svc.Reveal(ctx, task.ID, p, sec); err != nil {
				t.Fatal(err)
			}
		}
		_, err = svc.Draw(ctx, task.ID, "a value typed in now")
		wantCode(t, "public value from a source not named at freeze", err, doublerandom.EINVALID)
		if rec.CandidateCount != 478 || len(rec.Exclusions) != 1 ||
			rec.Exclusions[0].ID != gone.Code || !strings.Contains(rec.Exclusions[0].Reason, "deregistered") {
			t.Errorf("candidates %d, exclusions %+v; want 478 and the deregistered one",
				rec.CandidateCount, rec.Exclusions)
		}
	})
}
