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

// directoryCodes returns the codes in depts' directories at moment at.
func directoryCodes(t *testing.T, s *store.Store, at time.Time, depts ...string) []string {
	t.Helper()
	es, err := s.DirectoryAsOf(context.Background(), depts, at)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Code)
	}
	return out
}

func TestStore_ObjectDirectory(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		seed(t, s)
		shop := doublerandom.Entity{Code: "S1", Name: "便利店", Industry: "F5211"}
		plant := doublerandom.Entity{Code: "P1", Name: "食品厂", Industry: "C1391"}
		importEntities(t, s, "more.csv", shop, plant)
		all := []string{"330100000012345", "3301001234567", "91350100M000100Y43", "P1", "S1"}

		t0 := tick()
		if d := cmp.Diff(all, directoryCodes(t, s, t0, "GA")); d != "" {
			t.Errorf("without rules GA's directory is the registry (-want +got):\n%s", d)
		}

		var rule int64
		mustTx(t, s, func(tx *store.Tx) (err error) {
			rule, err = tx.AddDirectoryRule(ctx, "GA", doublerandom.RuleIndustry, "F52")
			return err
		})
		t1 := tick()
		if d := cmp.Diff([]string{"S1"}, directoryCodes(t, s, t1, "GA")); d != "" {
			t.Errorf("by industry (-want +got):\n%s", d)
		}

		// A special library puts the plant in by a library rule, with a
		// licence that expires.
		var refused []store.Refusal
		mustTx(t, s, func(tx *store.Tx) error {
			if _, err := tx.AddDirectoryRule(ctx, "GA", doublerandom.RuleLibrary,
				"食品生产企业专项库"); err != nil {
				return err
			}
			if _, err := tx.AddDirectoryRule(ctx, "SCJG", doublerandom.RuleLicence,
				"食品生产许可证"); err != nil {
				return err
			}
			im, err := tx.BeginImport(ctx, store.ImportFile{Kind: store.ImportLibrary,
				File: "lib.xlsx"})
			if err != nil {
				return err
			}
			im.Refuse = func(r store.Refusal) { refused = append(refused, r) }
			le := doublerandom.LibraryEntry{Library: "食品生产企业专项库", Tag: "食品生产",
				Code: "P1", Licence: "食品生产许可证", Expiry: day(t, "2020-01-01")}
			for row, e := range []doublerandom.LibraryEntry{le, le,
				{Library: "x", Code: "NOPE"}} {
				if err := im.AddLibraryEntry(ctx, row+3, e); err != nil {
					return err
				}
			}
			return nil
		})
		if len(refused) != 2 || refused[0].Rule != "the same business and library are "+
			"already on row 3" || refused[1].Row != 5 {
			t.Errorf("refused %+v", refused)
		}
		t2 := tick()
		if d := cmp.Diff([]string{"P1", "S1"}, directoryCodes(t, s, t2, "GA")); d != "" {
			t.Errorf("with the library (-want +got):\n%s", d)
		}
		if got := directoryCodes(t, s, t2, "SCJG"); len(got) != 0 {
			t.Errorf("an expired licence selects %v", got)
		}

		// Removing the industry rule: the shop leaves, and the past stays.
		mustTx(t, s, func(tx *store.Tx) error { return tx.RemoveDirectoryRule(ctx, "GA", rule) })
		t3 := tick()
		if d := cmp.Diff([]string{"P1"}, directoryCodes(t, s, t3, "GA")); d != "" {
			t.Errorf("after removing the rule (-want +got):\n%s", d)
		}
		if d := cmp.Diff([]string{"S1"}, directoryCodes(t, s, t1, "GA")); d != "" {
			t.Errorf("t1 read again (-want +got):\n%s", d)
		}
		changes, err := s.DirectoryChanges(ctx, "GA", t1, t3)
		if err != nil {
			t.Fatal(err)
		}
		want := []store.DirectoryChange{{Code: "P1", Name: "食品厂", Entered: true},
			{Code: "S1", Name: "便利店"}}
		if d := cmp.Diff(want, changes); d != "" {
			t.Errorf("changes t1..t3 (-want +got):\n%s", d)
		}
		// The union of two departments' directories, for a joint task.
		if d := cmp.Diff([]string{"P1"}, directoryCodes(t, s, t3, "GA", "SCJG")); d != "" {
			t.Errorf("GA+SCJG (-want +got):\n%s", d)
		}
		labels, _ := s.Labels(ctx, "P1")
		if len(labels) != 3 || labels[2].Kind != doublerandom.LabelLicence ||
			labels[2].Detail["tag"] != "食品生产" {
			t.Errorf("labels %+v", labels)
		}
	})
}
