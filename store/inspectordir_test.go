package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"doublerandom"
	"doublerandom/audit"
	"doublerandom/store"
	"doublerandom/store/storetest"
)

func TestStore_InspectorDirectory(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		seed(t, s)
		zhang := doublerandom.Inspector{ID: "SCJG-001", Name: "张三", Dept: "SCJG", CertNo: "001",
			CertExpiry: day(t, "2026-12-31"), IDNumber: "11010519491231002X",
			Phone: "13800000000"}
		li := doublerandom.Inspector{ID: "SCJG-002", Name: "李四", Dept: "SCJG", CertNo: "002",
			CertExpiry: day(t, "2027-06-30")}
		again := zhang
		again.ID = "SCJG-X"
		var refused []store.Refusal
		mustTx(t, s, func(tx *store.Tx) error {
			im, err := tx.BeginImport(ctx, store.ImportFile{Kind: store.ImportInspectors,
				Dept: "SCJG", File: "ins.xlsx"})
			if err != nil {
				return err
			}
			im.Refuse = func(r store.Refusal) { refused = append(refused, r) }
			for i, in := range []doublerandom.Inspector{zhang, li, again} {
				if err := im.AddInspector(ctx, i+2, in); err != nil {
					return err
				}
			}
			for i, c := range [][3]string{
				{"001", "91350100M000100Y43", "近亲属任职"},
				{"009", "91350100M000100Y43", "x"},
				{"002", "NOPE", "x"},
				{"001", "91350100M000100Y43", "重复"},
			} {
				if err := im.DeclareConflict(ctx, i+2, c[0], c[1], c[2]); err != nil {
					return err
				}
			}
			return im.Finish(ctx, "", "", 3, 4, nil)
		})
		var rows []int
		for _, r := range refused {
			rows = append(rows, r.Row)
		}
		if d := cmp.Diff([]int{4, 3, 4, 5}, rows); d != "" {
			t.Errorf("refused rows (-want +got):\n%s\n%+v", d, refused)
		}
		t1 := tick()

		mustTx(t, s, func(tx *store.Tx) error {
			if err := tx.SetInspectorStatus(ctx, "SCJG-001", doublerandom.InspectorTransferred,
				"调往区应急管理局"); err != nil {
				return err
			}
			return tx.RenewCertificate(ctx, "SCJG-002", "002A", day(t, "2031-06-30"))
		})
		hist, err := s.InspectorHistory(ctx, "SCJG-001")
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != 2 || hist[0].Event != doublerandom.EventEnter ||
			hist[1].Event != doublerandom.EventLeave || hist[1].Note != "调往区应急管理局" ||
			hist[0].IDNumber != zhang.IDNumber {
			t.Errorf("history %+v", hist)
		}
		then, err := s.InspectorsAsOf(ctx, t1, "SCJG")
		if err != nil {
			t.Fatal(err)
		}
		if len(then) != 2 || then[0].Status != doublerandom.InspectorActive ||
			then[1].CertNo != "002" {
			t.Errorf("inspectors at t1 %+v", then)
		}
		now, _ := s.Inspectors(ctx, "SCJG")
		if now[0].Ineligibility(day(t, "2026-06-01")) != "transferred" ||
			now[1].Ineligibility(day(t, "2031-07-01")) != "certificate expired on 2031-06-30" ||
			now[1].Ineligibility(day(t, "2031-06-30")) != "" {
			t.Errorf("eligibility of %+v", now)
		}

		// Conflicts: withdrawn ones leave the draw's map but stay listed.
		mustTx(t, s, func(tx *store.Tx) error {
			return tx.WithdrawConflict(ctx, "SCJG-001", "91350100M000100Y43", "亲属已离职")
		})
		m, _ := s.Conflicts(ctx)
		list, _ := s.ConflictList(ctx, "SCJG")
		if len(m) != 0 || len(list) != 1 || list[0].WithdrawnAt.IsZero() {
			t.Errorf("conflicts %v, list %+v", m, list)
		}
		// The audit log names no personal data.
		err = s.AuditEntries(ctx, func(e audit.Entry) error {
			if strings.Contains(e.After+e.Before, zhang.IDNumber) ||
				strings.Contains(e.After+e.Before, zhang.Phone) {
				t.Errorf("audit entry %d %s holds personal data", e.Seq, e.Action)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
