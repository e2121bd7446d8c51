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

// addList stores a version of SCJG's list by hand.
func addList(t *testing.T, s *store.Store, effective string,
	items ...doublerandom.Item) *doublerandom.ItemList {
	t.Helper()
	var l *doublerandom.ItemList
	mustTx(t, s, func(tx *store.Tx) error {
		var err error
		l, err = tx.AddItemList(context.Background(), doublerandom.ItemList{Dept: "SCJG",
			Effective: day(t, effective), Note: "test"}, items)
		return err
	})
	return l
}

func TestStore_ItemListVersions(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		seed(t, s)
		food := doublerandom.Item{Number: "1", Name: "食品生产", Basis: "《食品安全法》",
			RatioText: "5%", Ratio: "0.05", PerYear: 1}
		ads := doublerandom.Item{Number: "2", Name: "广告发布", Basis: "《广告法》"}
		v1 := addList(t, s, "2026-01-01", food, ads)
		if v1.Version != 1 || v1.Items != 2 || v1.Published() {
			t.Fatalf("v1 = %+v, want version 1 of 2 unpublished items", v1)
		}

		// v2 renumbers food, changes its basis, drops ads, adds a new item.
		food2 := food
		food2.Number, food2.Basis = "01", "《食品安全法》（2021修正）"
		fire := doublerandom.Item{Number: "02", Name: "消防安全", Livelihood: true}
		v2 := addList(t, s, "2026-07-01", food2, fire)
		if v2.Version != 2 {
			t.Fatalf("v2 version %d", v2.Version)
		}

		// Nothing published: the current list is the newest version.
		cur, err := s.Items(ctx, "SCJG")
		if err != nil {
			t.Fatal(err)
		}
		if len(cur) != 2 || cur[0].Basis != food2.Basis || cur[1].Name != "消防安全" {
			t.Fatalf("current items %+v, want version 2", cur)
		}
		_, old, err := s.ItemList(ctx, "SCJG", 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(old) != 2 || old[0].Basis != "《食品安全法》" || old[1].Name != "广告发布" {
			t.Fatalf("version 1 reads %+v, want it as stored", old)
		}
		if old[0].ID != cur[0].ID {
			t.Errorf("food has id %d in v1 and %d in v2; ids must be stable", old[0].ID, cur[0].ID)
		}

		diff := doublerandom.DiffItems(old, cur)
		var kinds []string
		for _, c := range diff {
			kinds = append(kinds, c.Kind)
		}
		if d := cmp.Diff([]string{"changed", "removed", "added"}, kinds); d != "" {
			t.Fatalf("diff kinds (-want +got):\n%s", d)
		}
		if d := cmp.Diff([]string{"编号", "抽查依据"}, diff[0].Fields); d != "" {
			t.Errorf("changed fields (-want +got):\n%s", d)
		}

		// Publishing v1 makes it current; v2 stays a draft.
		var pub *doublerandom.ListPublication
		mustTx(t, s, func(tx *store.Tx) error {
			pub, err = tx.PublishItemList(ctx, "SCJG", 1, time.Now())
			return err
		})
		if pub.SHA256 != v1.SHA256 || pub.Items != 2 {
			t.Errorf("publication %+v, want v1's hash and 2 items", pub)
		}
		cur, _ = s.Items(ctx, "SCJG")
		if doublerandom.ItemListSHA256(cur) != v1.SHA256 {
			t.Errorf("after publishing v1 the current list is not v1")
		}
		l, items, err := s.PublishedItemList(ctx, "SCJG")
		if err != nil || l.Version != 1 || len(items) != 2 {
			t.Errorf("published list = %+v, %d items, %v; want version 1", l, len(items), err)
		}

		// Publishing again or going back is refused.
		err = s.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.PublishItemList(ctx, "SCJG", 1, time.Now())
			return err
		})
		if doublerandom.ErrorCode(err) != doublerandom.ECONFLICT {
			t.Errorf("publishing v1 twice: %v, want a conflict", err)
		}
		mustTx(t, s, func(tx *store.Tx) error {
			_, err := tx.PublishItemList(ctx, "SCJG", 2, time.Now())
			return err
		})
		err = s.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.PublishItemList(ctx, "SCJG", 1, time.Now())
			return err
		})
		if doublerandom.ErrorCode(err) != doublerandom.ECONFLICT {
			t.Errorf("publishing v1 after v2: %v, want a conflict", err)
		}
		lists, _ := s.ItemLists(ctx, "SCJG")
		if len(lists) != 2 || !lists[0].Published() || !lists[1].Published() {
			t.Errorf("versions %+v, want both published", lists)
		}

		// The dropped item is still found by id, for tasks that use it.
		byID, err := s.ItemsByID(ctx, []int64{old[1].ID})
		if err != nil || len(byID) != 1 || byID[0].Name != "广告发布" {
			t.Errorf("ItemsByID = %+v, %v", byID, err)
		}
	})
}

func TestStore_ItemListRefusesDuplicateKeys(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		seed(t, s)
		it := doublerandom.Item{Number: "1", Name: "食品生产"}
		err := s.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.AddItemList(ctx, doublerandom.ItemList{Dept: "SCJG",
				Effective: day(t, "2026-01-01")}, []doublerandom.Item{it, it})
			return err
		})
		if doublerandom.ErrorCode(err) != doublerandom.EINVALID {
			t.Errorf("err = %v, want invalid", err)
		}
		var refused []store.Refusal
		mustTx(t, s, func(tx *store.Tx) error {
			im, err := tx.BeginImport(ctx, store.ImportFile{Kind: store.ImportItems,
				Dept: "SCJG", File: "list.csv"})
			if err != nil {
				return err
			}
			im.Refuse = func(r store.Refusal) { refused = append(refused, r) }
			_, err = im.AddItemList(ctx, doublerandom.ItemList{Effective: day(t, "2026-01-01")},
				[]doublerandom.Item{it, it}, []int{2, 5})
			return err
		})
		if len(refused) != 1 || refused[0].Row != 5 || refused[0].Rule !=
			`the same item (name and sub-item "") is already on row 2` {
			t.Errorf("refused %+v", refused)
		}
	})
}
