package workflow_test

import (
	"context"
	"testing"

	"doublerandom"
	"doublerandom/demo"
	"doublerandom/draw"
	"doublerandom/store"
	"doublerandom/store/storetest"
	"doublerandom/workflow"
)

// TestService_StratifiedDraw gives the demo directory risk classes and checks
// that a stratified task draws ceil(N_h x ratio_h) businesses in each class,
// with strata raised by the published rule and the record reproducible.
func TestService_StratifiedDraw(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := newService(t, s)
		base := setUp(t, s, svc)
		ents, err := s.Entities(ctx, store.EntityFilter{})
		if err != nil {
			t.Fatal(err)
		}
		// Classes in turn A, B, C, D, A, ...; every 10th business on the
		// abnormal-operation list, every 7th with 5 complaints.
		err = s.InTx(ctx, func(tx *store.Tx) error {
			for i, e := range ents {
				r := store.Risk{Class: doublerandom.RiskClasses[i%4], Abnormal: i%10 == 0}
				if i%7 == 0 {
					r.Complaints = 5
				}
				if err := tx.SetRisk(ctx, e.Code, r); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{}
		for i := range ents {
			e := doublerandom.Entity{RiskClass: doublerandom.RiskClasses[i%4], Abnormal: i%10 == 0}
			if i%7 == 0 {
				e.Complaints = 5
			}
			want[doublerandom.Stratum(e, doublerandom.DefaultComplaintThreshold)]++
		}

		task := *base
		task.ID, task.Mode, task.Ratio = 0, doublerandom.DrawStratified, ""
		task.Ratios = map[string]string{"A": "0.01", "B": "0.02", "C": "10%", "D": "0.3"}
		task.ComplaintThreshold = doublerandom.DefaultComplaintThreshold
		created, err := svc.CreateTask(ctx, task)
		if err != nil {
			t.Fatal(err)
		}
		if created.Ratios["C"] != "0.1" || created.Ratios["D"] != "0.3" {
			t.Errorf("ratios stored as %v, want canonical decimals", created.Ratios)
		}
		cs, secrets := commitments(t, demo.DeptMarket, demo.DeptPolice)
		if _, err := svc.Freeze(ctx, created.ID, workflow.FreezeOptions{Commitments: cs,
			PublicSource: "drand quicknet round 99999999"}); err != nil {
			t.Fatal(err)
		}
		for p, sec := range secrets {
			if err := svc.Reveal(ctx, created.ID, p, sec); err != nil {
				t.Fatal(err)
			}
		}
		rec, err := svc.Draw(ctx, created.ID, "c0ffee")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, p := range rec.Drawn {
			got[p.Stratum]++
		}
		ratios := map[string]draw.Ratio{}
		for c, r := range created.Ratios {
			ratios[c] = draw.MustRatio(r)
		}
		for _, c := range doublerandom.RiskClasses {
			if n := ratios[c].Ceil(want[c]); got[c] != n {
				t.Errorf("class %s: drew %d of %d, want ceil(%d x %s) = %d", c, got[c], want[c],
					want[c], created.Ratios[c], n)
			}
		}
		if diffs := draw.Verify(rec, nil); diffs != nil {
			t.Errorf("verify: %v", diffs)
		}
		if rec.Params.PublicSource == "" || rec.PublicRandomness != "c0ffee" {
			t.Errorf("public randomness not recorded: %+v", rec.Params)
		}
	})
}
