package store_test

import (
	"context"
	"strings"
	"testing"

	"doublerandom"
	"doublerandom/store"
	"doublerandom/store/storetest"
)

// TestStore_SearchTwoCharacters checks the two-character index: a term in
// the middle of a name, at its end, a whole two-character name, Latin case,
// and names changed or deleted afterwards.
func TestStore_SearchTwoCharacters(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		mustTx(t, s, func(tx *store.Tx) error {
			for _, e := range []doublerandom.Entity{
				{Code: "A1", CodeKind: doublerandom.CodeReg13, Name: "杭州药店连锁有限公司"},
				{Code: "A2", CodeKind: doublerandom.CodeReg13, Name: "西湖区大药店"},
				{Code: "A3", CodeKind: doublerandom.CodeReg13, Name: "药店"},
				{Code: "A4", CodeKind: doublerandom.CodeReg13, Name: "杭州百货商店"},
				{Code: "A5", CodeKind: doublerandom.CodeReg13, Name: "ABC Trading 药 店"},
			} {
				if err := tx.AddEntity(ctx, e); err != nil {
					return err
				}
			}
			return nil
		})
		codes := func(q string) string {
			t.Helper()
			es, err := s.SearchEntities(ctx, q, 50)
			if err != nil {
				t.Fatalf("search %q: %v", q, err)
			}
			var out []string
			for _, e := range es {
				out = append(out, e.Code)
			}
			return strings.Join(out, ",")
		}
		for q, want := range map[string]string{
			"药店": "A3,A1,A2",
			"商店": "A4", "百货商": "A4", "bc": "A5", "Tr": "A5", "店连": "A1", "无此": "",
		} {
			if got := codes(q); !sameSet(got, want) {
				t.Errorf("search %q = %s, want %s", q, got, want)
			}
		}
		_, err := s.DB().ExecContext(ctx,
			`UPDATE entities SET name = 'renamed shop' WHERE code = 'A2'`)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.DB().ExecContext(ctx, `DELETE FROM entities WHERE code = 'A3'`); err != nil {
			t.Fatal(err)
		}
		if got := codes("药店"); got != "A1" {
			t.Errorf("after rename and delete: search 药店 = %s, want A1", got)
		}
		if got := codes("ed"); got != "A2" {
			t.Errorf("after rename: search ed = %s, want A2", got)
		}
	})
}

func sameSet(a, b string) bool {
	as, bs := strings.Split(a, ","), strings.Split(b, ",")
	if len(as) != len(bs) {
		return false
	}
	m := map[string]bool{}
	for _, x := range as {
		m[x] = true
	}
	for _, x := range bs {
		if !m[x] {
			return false
		}
	}
	return true
}
