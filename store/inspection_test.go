package store_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"doublerandom"
	"doublerandom/store"
	"doublerandom/store/storetest"
)

func TestStore_InspectionRecords(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		seed(t, s)
		items := seedItems(t, s)
		const code = "91350100M000100Y43"
		at := time.Date(2026, 5, 12, 2, 0, 0, 0, time.UTC)
		var task *doublerandom.Task
		mustTx(t, s, func(tx *store.Tx) error {
			var err error
			task, err = tx.CreateTask(ctx, doublerandom.Task{Title: "t", LeadDept: "SCJG",
				Ratio: "0.1", InspectionDate: day(t, "2026-05-10"), CreatedAt: at})
			if err != nil {
				return err
			}
			for _, in := range []doublerandom.Inspector{
				{ID: "SCJG-001", Name: "王伟", Dept: "SCJG", CertNo: "1", CertExpiry: at},
				{ID: "GA-001", Name: "李静", Dept: "GA", CertNo: "2", CertExpiry: at},
			} {
				if err := tx.AddInspector(ctx, in); err != nil {
					return err
				}
			}
			return tx.SetTeams(ctx, task.ID, []doublerandom.Team{{TaskID: task.ID,
				EntityCode: code, Members: []string{"SCJG-001", "GA-001"}}})
		})
		as, err := s.Assignments(ctx, "GA-001")
		if err != nil || len(as) != 1 || as[0].EntityCode != code || len(as[0].Members) != 2 ||
			as[0].Members[0] != "SCJG-001" {
			t.Fatalf("Assignments(GA-001) = %+v, %v", as, err)
		}
		if as, _ := s.Assignments(ctx, "SCJG-999"); len(as) != 0 {
			t.Errorf("an inspector on no team has %d assignments", len(as))
		}

		photo := []byte("\x89PNG\r\n\x1a\n not really a photo \x00\xff")
		sum := sha256.Sum256(photo)
		rec := doublerandom.InspectionRecord{TaskID: task.ID, EntityCode: code, ItemID: items[0],
			Method: doublerandom.MethodOnSite, Findings: "许可证过期", Problem: true,
			RecordedBy: "SCJG-001", RecordedAt: at}
		var evID int64
		mustTx(t, s, func(tx *store.Tx) error {
			id, err := tx.PutInspectionRecord(ctx, rec)
			if err != nil {
				return err
			}
			evID, err = tx.AddEvidence(ctx, doublerandom.Evidence{RecordID: id, Name: "证照.png",
				ContentType: "image/png", Size: int64(len(photo)),
				SHA256: hex.EncodeToString(sum[:]), UploadedBy: "SCJG-001", UploadedAt: at},
				photo)
			if err != nil {
				return err
			}
			rec.Findings = "许可证过期，已责令改正"
			again, err := tx.PutInspectionRecord(ctx, rec)
			if err == nil && again != id {
				t.Errorf("correcting a record made a new one: %d, was %d", again, id)
			}
			return err
		})
		recs, err := s.InspectionRecords(ctx, task.ID, code)
		if err != nil || len(recs) != 1 || recs[0].Findings != rec.Findings ||
			len(recs[0].Evidence) != 1 {
			t.Fatalf("InspectionRecords = %+v, %v", recs, err)
		}
		ev, content, err := s.Evidence(ctx, evID)
		if err != nil || string(content) != string(photo) ||
			ev.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("Evidence = %+v, %q, %v; want the bytes back", ev, content, err)
		}

		mustTx(t, s, func(tx *store.Tx) error {
			if err := tx.Confirm(ctx, doublerandom.Confirmation{TaskID: task.ID,
				EntityCode: code, InspectorID: "GA-001", ConfirmedAt: at}); err != nil {
				return err
			}
			return tx.Confirm(ctx, doublerandom.Confirmation{TaskID: task.ID,
				EntityCode: code, InspectorID: "GA-001", ConfirmedAt: at.Add(time.Hour)})
		})
		cs, _ := s.Confirmations(ctx, task.ID)
		if len(cs[code]) != 1 || !cs[code][0].ConfirmedAt.Equal(at) {
			t.Errorf("confirmations = %+v, want the first one only", cs)
		}
		mustTx(t, s, func(tx *store.Tx) error { return tx.ClearConfirmations(ctx, task.ID, code) })
		if cs, _ := s.Confirmations(ctx, task.ID); len(cs[code]) != 0 {
			t.Errorf("confirmations after clearing = %+v", cs)
		}
	})
}
