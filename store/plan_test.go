package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"doublerandom"
	"doublerandom/store"
	"doublerandom/store/storetest"
)

func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(doublerandom.DateLayout, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// seedItems adds one item to each demo department's list and returns their
// ids, market supervision first.
func seedItems(t *testing.T, s *store.Store) []int64 {
	t.Helper()
	var ids []int64
	mustTx(t, s, func(tx *store.Tx) error {
		for _, it := range []doublerandom.Item{
			{Dept: "SCJG", Number: "1", Name: "食品经营许可检查"},
			{Dept: "GA", Number: "1", Name: "旅馆业治安检查"},
		} {
			id, err := tx.AddItem(context.Background(), it)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	return ids
}

func TestStore_Plans(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		seed(t, s)
		items := seedItems(t, s)
		at := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
		p := doublerandom.Plan{Year: 2026, Title: "食品与旅馆联合抽查", LeadDept: "SCJG",
			Participating: []string{"GA"}, ItemIDs: items, Ratio: "0.05",
			Scope:       doublerandom.Scope{Regions: []string{"湖滨街道"}, Note: "湖滨街道"},
			WindowStart: day(t, "2026-05-01"), WindowEnd: day(t, "2026-06-30"),
			State: doublerandom.PlanProposed, ProposedBy: "scjg-admin", ProposedAt: at}
		mustTx(t, s, func(tx *store.Tx) error {
			var err error
			p.ID, err = tx.CreatePlan(ctx, p)
			return err
		})
		got, err := s.Plan(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(p, *got); diff != "" {
			t.Errorf("Plan (-want +got):\n%s", diff)
		}

		err = s.InTx(ctx, func(tx *store.Tx) error {
			return tx.SetPlanState(ctx, p.ID, doublerandom.PlanCompiled,
				doublerandom.PlanPublished, at)
		})
		if doublerandom.ErrorCode(err) != doublerandom.ECONFLICT {
			t.Errorf("publishing a proposed plan as compiled: err = %v, want conflict", err)
		}
		pub := time.Date(2026, 7, 1, 1, 0, 0, 0, time.UTC)
		mustTx(t, s, func(tx *store.Tx) error {
			if err := tx.SetPlanState(ctx, p.ID, doublerandom.PlanProposed,
				doublerandom.PlanCompiled, pub); err != nil {
				return err
			}
			return tx.SetPlanState(ctx, p.ID, doublerandom.PlanCompiled,
				doublerandom.PlanPublished, pub)
		})
		ps, err := s.Plans(ctx, store.PlanFilter{Year: 2026, Dept: "GA",
			States: []doublerandom.PlanState{doublerandom.PlanPublished}})
		if err != nil || len(ps) != 1 || !ps[0].PublishedAt.Equal(pub) {
			t.Fatalf("published plans of GA = %+v, %v", ps, err)
		}
		if !ps[0].Late(time.UTC) {
			t.Errorf("a plan published on 1 July is not flagged late")
		}
		if ps, _ := s.Plans(ctx, store.PlanFilter{Year: 2027}); len(ps) != 0 {
			t.Errorf("plans of 2027 = %d, want 0", len(ps))
		}
	})
}

func TestStore_AnnualPlanAndSteps(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		seed(t, s)
		_, err := s.AnnualPlan(ctx, 2026)
		if doublerandom.ErrorCode(err) != doublerandom.ENOTFOUND {
			t.Errorf("annual plan before compiling: err = %v, want not found", err)
		}
		at := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
		a := doublerandom.AnnualPlan{Year: 2026, Title: "2026年度计划", CompiledBy: "office",
			CompiledAt: at, PublishedAt: at, Revision: 1}
		mustTx(t, s, func(tx *store.Tx) error { return tx.PutAnnualPlan(ctx, a) })
		got, err := s.AnnualPlan(ctx, 2026)
		if err != nil || !cmp.Equal(a, *got) {
			t.Errorf("AnnualPlan = %+v, %v; want %+v", got, err, a)
		}

		rec := doublerandom.StepRecord{Dept: "GA", Year: 2026, Step: doublerandom.StepList,
			DoneAt: at, Ref: "list/1", Actor: "ga-admin"}
		var first, second bool
		mustTx(t, s, func(tx *store.Tx) error {
			var err error
			if first, err = tx.CompleteStep(ctx, rec); err != nil {
				return err
			}
			later := rec
			later.DoneAt, later.Ref = at.AddDate(0, 1, 0), "list/2"
			second, err = tx.CompleteStep(ctx, later)
			return err
		})
		if !first || second {
			t.Errorf("CompleteStep = %v then %v, want true then false", first, second)
		}
		steps, err := s.StepRecords(ctx, 2026, "GA")
		if err != nil || len(steps) != 1 || steps[0] != rec {
			t.Errorf("StepRecords = %+v, %v; want the first completion only", steps, err)
		}
		err = s.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.CompleteStep(ctx, doublerandom.StepRecord{Dept: "GA", Year: 2026,
				Step: 11})
			return err
		})
		if doublerandom.ErrorCode(err) != doublerandom.EINVALID {
			t.Errorf("step 11: err = %v, want invalid", err)
		}
	})
}

func TestStore_FollowUpsAndPenalties(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		seed(t, s)
		seedItems(t, s)
		const code = "91350100M000100Y43"
		var task *doublerandom.Task
		at := time.Date(2026, 5, 20, 2, 0, 0, 0, time.UTC)
		mustTx(t, s, func(tx *store.Tx) error {
			var err error
			task, err = tx.CreateTask(ctx, doublerandom.Task{Title: "t", LeadDept: "SCJG",
				Ratio: "0.1", InspectionDate: day(t, "2026-05-10"),
				InspectionEnd: day(t, "2026-05-15"), CreatedAt: at})
			return err
		})
		got, err := s.Task(ctx, task.ID)
		if err != nil || !got.InspectionEnd.Equal(day(t, "2026-05-15")) {
			t.Fatalf("task inspection end = %v, %v", got, err)
		}
		var fid int64
		mustTx(t, s, func(tx *store.Tx) error {
			fid, err = tx.AddFollowUp(ctx, doublerandom.FollowUp{TaskID: task.ID,
				EntityCode: code, Problem: "无证经营", FromDept: "SCJG", ToDept: "GA",
				HandedBy: "scjg-admin", HandedAt: at, State: doublerandom.FollowUpOpen})
			return err
		})
		open, _ := s.FollowUps(ctx, store.FollowUpFilter{ToDept: "GA",
			State: doublerandom.FollowUpOpen})
		if len(open) != 1 || open[0].ID != fid || open[0].Problem != "无证经营" {
			t.Fatalf("open follow-ups of GA = %+v", open)
		}
		p := doublerandom.Penalty{EntityCode: code, Dept: "GA", FollowUpID: fid, TaskID: task.ID,
			DecisionNo: "卧公（治）决字〔2026〕12号", DecidedOn: day(t, "2026-05-25"),
			Content: "警告", RecordedBy: "ga-admin", RecordedAt: at}
		mustTx(t, s, func(tx *store.Tx) error {
			if p.ID, err = tx.AddPenalty(ctx, p); err != nil {
				return err
			}
			return tx.CloseFollowUp(ctx, fid, doublerandom.FollowUpPenalized, "警告", at)
		})
		err = s.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.AddPenalty(ctx, p)
			return err
		})
		if doublerandom.ErrorCode(err) != doublerandom.ECONFLICT {
			t.Errorf("same decision number twice: err = %v, want conflict", err)
		}
		unpub, _ := s.Penalties(ctx, store.PenaltyFilter{Dept: "GA", Unpublished: true})
		if len(unpub) != 1 || unpub[0].DecisionNo != p.DecisionNo {
			t.Fatalf("unpublished penalties = %+v", unpub)
		}
		mustTx(t, s, func(tx *store.Tx) error { return tx.PublishPenalty(ctx, p.ID, at) })
		if err := s.InTx(ctx, func(tx *store.Tx) error {
			return tx.PublishPenalty(ctx, p.ID, at)
		}); doublerandom.ErrorCode(err) != doublerandom.ECONFLICT {
			t.Errorf("publishing twice: err = %v, want conflict", err)
		}
		pub, _ := s.Penalties(ctx, store.PenaltyFilter{EntityCode: code, Published: true})
		if len(pub) != 1 || !pub[0].PublishedAt.Equal(at) {
			t.Errorf("published penalties of %s = %+v", code, pub)
		}
		if err := s.InTx(ctx, func(tx *store.Tx) error {
			return tx.CloseFollowUp(ctx, fid, doublerandom.FollowUpClosed, "", at)
		}); doublerandom.ErrorCode(err) != doublerandom.ECONFLICT {
			t.Errorf("closing a closed follow-up: err = %v, want conflict", err)
		}
	})
}

func TestStore_MissedAndCalendar(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		seed(t, s)
		at := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
		m := doublerandom.Missed{Kind: doublerandom.DeadlineResults, Ref: 7, Dept: "SCJG",
			Due: day(t, "2026-05-29"), RecordedAt: at}
		var changed [3]bool
		mustTx(t, s, func(tx *store.Tx) error {
			var err error
			if changed[0], err = tx.RecordMissed(ctx, m); err != nil {
				return err
			}
			if changed[1], err = tx.RecordMissed(ctx, m); err != nil {
				return err
			}
			done := m
			done.DoneAt = at.AddDate(0, 0, 3)
			changed[2], err = tx.RecordMissed(ctx, done)
			return err
		})
		if changed != [3]bool{true, false, true} {
			t.Errorf("RecordMissed changed = %v, want [true false true]", changed)
		}
		ms, err := s.Missed(ctx, "SCJG")
		if err != nil || len(ms) != 1 || !ms[0].DoneAt.Equal(at.AddDate(0, 0, 3)) {
			t.Errorf("Missed = %+v, %v", ms, err)
		}

		y := store.CalendarYear{Year: 2027, Body: []byte(`{"year":2027}`), UpdatedBy: "office",
			UpdatedAt: at}
		mustTx(t, s, func(tx *store.Tx) error { return tx.PutCalendarYear(ctx, y) })
		y.Body = []byte(`{"year":2027,"source":"corrected"}`)
		mustTx(t, s, func(tx *store.Tx) error { return tx.PutCalendarYear(ctx, y) })
		ys, err := s.CalendarYears(ctx)
		if err != nil || len(ys) != 1 || string(ys[0].Body) != string(y.Body) {
			t.Errorf("CalendarYears = %+v, %v; want the corrected year", ys, err)
		}
	})
}
