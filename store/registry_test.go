package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"doublerandom"
	"doublerandom/store"
	"doublerandom/store/storetest"
)

// importEntities imports es as rows 2, 3, ... of one file and returns the
// refusals.
func importEntities(t *testing.T, s *store.Store, file string,
	es ...doublerandom.Entity) []store.Refusal {
	t.Helper()
	ctx := context.Background()
	var refused []store.Refusal
	mustTx(t, s, func(tx *store.Tx) error {
		im, err := tx.BeginImport(ctx, store.ImportFile{Kind: store.ImportEntities, File: file})
		if err != nil {
			return err
		}
		im.Refuse = func(r store.Refusal) { refused = append(refused, r) }
		for i, e := range es {
			if err := im.AddEntity(ctx, i+2, e); err != nil {
				return err
			}
		}
		return im.Finish(ctx, "sha", "csv-utf8", len(es)-len(refused), len(refused), nil)
	})
	return refused
}

// tick waits until the clock has moved on, so that changes get distinct
// moments, and returns the moment in between.
func tick() time.Time {
	time.Sleep(2 * time.Millisecond)
	at := time.Now()
	time.Sleep(2 * time.Millisecond)
	return at
}

func TestImport_AddEntityDuplicates(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		seed(t, s)
		a := doublerandom.Entity{Code: "91330106MA2CFY1N2A", CodeKind: doublerandom.CodeCredit,
			Name: "甲公司"}
		known := doublerandom.Entity{Code: "91350100M000100Y43", Name: "又一家"}
		refused := importEntities(t, s, "new.csv", a, known, a)
		want := []store.Refusal{
			{Row: 3, Field: "code", Value: known.Code, Rule: "already in the directory as " +
				"杭州药店连锁有限公司; change it there instead of adding it again"},
			{Row: 4, Field: "code", Value: a.Code, Rule: "the same code is already on row 2"},
		}
		if d := cmp.Diff(want, refused); d != "" {
			t.Errorf("refusals (-want +got):\n%s", d)
		}
		refused = importEntities(t, s, "again.csv", a)
		if len(refused) != 1 || refused[0].Rule != "already in the directory as 甲公司, "+
			"imported from new.csv row 2; change it there instead of adding it again" {
			t.Errorf("refusals %+v", refused)
		}
	})
}

func TestStore_EntityHistoryAndAsOf(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		beforeAll := tick()
		seed(t, s)
		code := "91350100M000100Y43"
		t1 := tick()
		mustTx(t, s, func(tx *store.Tx) error {
			return tx.SetRisk(ctx, code, store.Risk{Class: "D", Abnormal: true, Complaints: 5})
		})
		t2 := tick()
		mustTx(t, s, func(tx *store.Tx) error {
			return tx.SetEntityStatus(ctx, code, doublerandom.StatusMovedOut, "迁往西湖区")
		})

		hist, err := s.EntityHistory(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range hist {
			got = append(got, fmt.Sprintf("%s %s %s %v", h.Event, h.Status, h.RiskClass,
				h.ValidTo.IsZero()))
		}
		want := []string{"enter active  false", "risk active D false", "leave moved D true"}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("history (-want +got):\n%s", d)
		}
		if hist[1].AbnormalSince.IsZero() || hist[2].Note != "迁往西湖区" {
			t.Errorf("risk state %+v, leave note %q", hist[1], hist[2].Note)
		}

		asOf := func(at time.Time) map[string]string {
			out := map[string]string{}
			err := s.EachEntityAsOf(ctx, at, func(e *doublerandom.Entity) error {
				out[e.Code] = e.Status + "/" + e.RiskClass
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		if n := len(asOf(beforeAll)); n != 0 {
			t.Errorf("%d businesses before any entered", n)
		}
		if got := asOf(t1)[code]; got != "active/" {
			t.Errorf("at t1 %s is %q, want active and unrated", code, got)
		}
		if got := asOf(t2)[code]; got != "active/D" {
			t.Errorf("at t2 %s is %q, want active/D", code, got)
		}
		if got, ok := asOf(time.Now())[code]; ok || len(asOf(time.Now())) != 2 {
			t.Errorf("now %s is %q; a business that moved away has left the registry", code, got)
		}
	})
}

func TestImport_UpdateEntity(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		seed(t, s)
		c, yes, n := "C", true, 7
		var refused []store.Refusal
		mustTx(t, s, func(tx *store.Tx) error {
			im, err := tx.BeginImport(ctx, store.ImportFile{Kind: store.ImportRisk, File: "r.csv"})
			if err != nil {
				return err
			}
			im.Refuse = func(r store.Refusal) { refused = append(refused, r) }
			for i, u := range []doublerandom.EntityUpdate{
				{Code: "91350100M000100Y43", RiskClass: &c, Abnormal: &yes,
					AbnormalSince: day(t, "2026-03-02"), Complaints: &n},
				{Code: "NOSUCHCODE", RiskClass: &c},
				{Code: "91350100M000100Y43", RiskClass: &c},
			} {
				if _, err := im.UpdateEntity(ctx, i+2, u, doublerandom.EventRisk); err != nil {
					return err
				}
			}
			return im.Finish(ctx, "", "", 1, 2, nil)
		})
		if len(refused) != 2 || refused[0].Row != 3 || refused[1].Row != 4 {
			t.Errorf("refused %+v, want rows 3 (unknown) and 4 (no change)", refused)
		}
		e, err := s.Entity(ctx, "91350100M000100Y43")
		if err != nil {
			t.Fatal(err)
		}
		if e.RiskClass != "C" || !e.Abnormal || e.Complaints != 7 ||
			!e.AbnormalSince.Equal(day(t, "2026-03-02")) {
			t.Errorf("entity %+v", e)
		}
		hist, _ := s.EntityHistory(ctx, e.Code)
		if len(hist) != 2 || hist[1].Note != "r.csv row 2" || hist[0].RiskClass != "" {
			t.Errorf("history %+v", hist)
		}
	})
}

// TestImport_BulkIndexesMatchTriggers imports the same businesses once
// through the triggers and once with them suspended, and checks that name
// search finds the same, so that the bulk statements do what the triggers
// do.
func TestImport_BulkIndexesMatchTriggers(t *testing.T) {
	names := []string{"杭州药店连锁有限公司", "Hangzhou ABC Trading", "西湖区百货商店", "药店"}
	var es []doublerandom.Entity
	for i := range 300 {
		es = append(es, doublerandom.Entity{Code: fmt.Sprintf("C%05d", i),
			Name: fmt.Sprintf("%s%d", names[i%len(names)], i)})
	}
	search := func(s *store.Store) map[string]int {
		out := map[string]int{}
		for _, q := range []string{"药店", "连锁有限", "abc", "百货", "店1"} {
			found, err := s.SearchEntities(context.Background(), q, 1000)
			if err != nil {
				t.Fatal(err)
			}
			out[q] = len(found)
		}
		return out
	}
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			slow := storetest.MustOpen(t, storetest.DSN(t, kind))
			importEntities(t, slow, "a.csv", es...)
			restore := store.SetSuspendAfter(50)
			defer restore()
			fast := storetest.MustOpen(t, storetest.DSN(t, kind))
			importEntities(t, fast, "a.csv", es...)
			want, got := search(slow), search(fast)
			if want["药店"] != 150 {
				t.Fatalf("trigger path finds %v", want)
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("search after bulk import (-triggers +bulk):\n%s", d)
			}
			// The triggers are back: a business added now is found.
			mustTx(t, fast, func(tx *store.Tx) error {
				return tx.AddEntity(context.Background(), doublerandom.Entity{Code: "X1",
					Name: "新开药店"})
			})
			if got := search(fast)["药店"]; got != 151 {
				t.Errorf("after the bulk import a new business is not indexed: %d", got)
			}
		})
	}
}
