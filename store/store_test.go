package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"doublerandom"
	"doublerandom/audit"
	"doublerandom/store"
	"doublerandom/store/storetest"
)

func mustTx(t *testing.T, s *store.Store, fn func(tx *store.Tx) error) {
	t.Helper()
	if err := s.InTx(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

func seed(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	mustTx(t, s, func(tx *store.Tx) error {
		for _, d := range []doublerandom.Department{
			{Code: "SCJG", Name: "市场监督管理局", NameEn: "Market Supervision Bureau"},
			{Code: "GA", Name: "公安分局", NameEn: "Public Security Bureau"},
		} {
			if err := tx.PutDepartment(ctx, d); err != nil {
				return err
			}
		}
		for _, e := range []doublerandom.Entity{
			{Code: "91350100M000100Y43", CodeKind: doublerandom.CodeCredit, Name: "杭州药店连锁有限公司"},
			{Code: "330100000012345", CodeKind: doublerandom.CodeReg15, Name: "杭州_百货%商店",
				Status: doublerandom.StatusDeregistered},
			{Code: "3301001234567", CodeKind: doublerandom.CodeReg13, Name: "浙江汉风文创投资管理有限公司",
				RiskClass: "C", Abnormal: true, Complaints: 4},
		} {
			if err := tx.AddEntity(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
}

func TestStore_Entities(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		seed(t, s)

		e, err := s.Entity(ctx, "3301001234567")
		if err != nil {
			t.Fatal(err)
		}
		want := doublerandom.Entity{Code: "3301001234567", CodeKind: doublerandom.CodeReg13,
			Name: "浙江汉风文创投资管理有限公司", Status: doublerandom.StatusActive, RiskClass: "C",
			Abnormal: true, Complaints: 4}
		if diff := cmp.Diff(want, *e); diff != "" {
			t.Errorf("Entity (-want +got):\n%s", diff)
		}

		active, err := s.Entities(ctx, store.EntityFilter{Status: doublerandom.StatusActive})
		if err != nil || len(active) != 2 {
			t.Fatalf("active entities = %d, %v; want 2", len(active), err)
		}
		if _, err := s.Entity(ctx, "nope"); doublerandom.ErrorCode(err) != doublerandom.ENOTFOUND {
			t.Errorf("missing entity: err = %v, want not found", err)
		}
	})
}

func TestStore_AddEntityDuplicateRollsBack(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		seed(t, s)
		err := s.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.AddEntity(ctx, doublerandom.Entity{Code: "NEW1", Name: "新企业",
				CodeKind: doublerandom.CodeCredit}); err != nil {
				return err
			}
			return tx.AddEntity(ctx, doublerandom.Entity{Code: "91350100M000100Y43", Name: "重复"})
		})
		if doublerandom.ErrorCode(err) != doublerandom.ECONFLICT {
			t.Fatalf("duplicate: err = %v, want conflict", err)
		}
		if n, _ := s.CountEntities(ctx); n != 3 {
			t.Errorf("after failed import: %d entities, want 3 (nothing half-imported)", n)
		}
	})
}

func TestStore_SearchEntities(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		seed(t, s)
		for _, tc := range []struct {
			q    string
			want []string
		}{
			{"91350100M000100Y43", []string{"91350100M000100Y43"}},
			{"91350100m000100y43", []string{"91350100M000100Y43"}},
			{"药店", []string{"91350100M000100Y43"}}, // two characters: no trigram
			{"汉风文创", []string{"3301001234567"}},    // trigram index
			{"杭州", []string{"330100000012345", "91350100M000100Y43"}},
			{"%", []string{"330100000012345"}}, // wildcards are literal
			{"杭%店", nil},
			{"_百货%", []string{"330100000012345"}},
			{"不存在的企业", nil},
			{"", nil},
		} {
			got, err := s.SearchEntities(ctx, tc.q, 20)
			if err != nil {
				t.Fatalf("search %q: %v", tc.q, err)
			}
			var codes []string
			for _, e := range got {
				codes = append(codes, e.Code)
			}
			if diff := cmp.Diff(tc.want, codes); diff != "" {
				t.Errorf("search %q (-want +got):\n%s", tc.q, diff)
			}
		}
	})
}

func TestStore_TaskDrawTeamsResults(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		seed(t, s)
		day := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
		var task *doublerandom.Task
		mustTx(t, s, func(tx *store.Tx) error {
			id, err := tx.AddItem(ctx, doublerandom.Item{Dept: "SCJG", Number: "1", Name: "检查"})
			if err != nil {
				return err
			}
			for _, in := range []doublerandom.Inspector{
				{ID: "SCJG-1", Name: "张三", Dept: "SCJG", CertNo: "1", CertExpiry: day,
					Specialties: []string{"食品", "药品"}},
				{ID: "GA-1", Name: "李四", Dept: "GA", CertNo: "2", CertExpiry: day},
			} {
				if err := tx.AddInspector(ctx, in); err != nil {
					return err
				}
			}
			task, err = tx.CreateTask(ctx, doublerandom.Task{Title: "联合抽查", LeadDept: "SCJG",
				Participating: []string{"GA"}, ItemIDs: []int64{id}, Ratio: "0.05",
				InspectionDate: day, CreatedAt: day})
			return err
		})

		got, err := s.Task(ctx, task.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(task, got); diff != "" {
			t.Errorf("Task (-want +got):\n%s", diff)
		}
		ins, err := s.Inspectors(ctx, "SCJG")
		if err != nil || len(ins) != 1 || len(ins[0].Specialties) != 2 || !ins[0].CertExpiry.Equal(day) {
			t.Errorf("Inspectors(SCJG) = %+v, %v", ins, err)
		}

		mustTx(t, s, func(tx *store.Tx) error {
			if _, err := tx.AddDraw(ctx, doublerandom.Draw{TaskID: task.ID,
				State: doublerandom.DrawCommitted, CandidateSHA256: "abc",
				Candidates: []byte("a\nb\n"), Record: []byte(`{}`), CreatedAt: day}); err != nil {
				return err
			}
			return tx.SetTaskState(ctx, task.ID, doublerandom.TaskCreated, doublerandom.TaskCommitted, day)
		})
		err = s.InTx(ctx, func(tx *store.Tx) error {
			return tx.SetTaskState(ctx, task.ID, doublerandom.TaskCreated, doublerandom.TaskCommitted, day)
		})
		if doublerandom.ErrorCode(err) != doublerandom.ECONFLICT {
			t.Errorf("second commit: err = %v, want conflict", err)
		}
		d, err := s.CurrentDraw(ctx, task.ID)
		if err != nil || string(d.Candidates) != "a\nb\n" || d.State != doublerandom.DrawCommitted {
			t.Fatalf("CurrentDraw = %+v, %v", d, err)
		}

		teams := []doublerandom.Team{{TaskID: task.ID, EntityCode: "91350100M000100Y43",
			Members: []string{"SCJG-1", "GA-1"}}}
		mustTx(t, s, func(tx *store.Tx) error {
			if err := tx.SetTeams(ctx, task.ID, teams); err != nil {
				return err
			}
			return tx.PutResult(ctx, doublerandom.Result{TaskID: task.ID,
				EntityCode: "91350100M000100Y43", Type: doublerandom.ResultCorrected,
				RecordedBy: "SCJG-1", RecordedAt: day})
		})
		gotTeams, err := s.Teams(ctx, task.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(teams, gotTeams); diff != "" {
			t.Errorf("Teams (-want +got):\n%s", diff)
		}
		err = s.InTx(ctx, func(tx *store.Tx) error {
			return tx.PutResult(ctx, doublerandom.Result{TaskID: task.ID, EntityCode: "x", Type: "fine"})
		})
		if doublerandom.ErrorCode(err) != doublerandom.EINVALID {
			t.Errorf("11th result type: err = %v, want invalid", err)
		}

		pub, _ := s.PublishedResults(ctx, "91350100M000100Y43")
		if len(pub) != 0 {
			t.Errorf("unpublished task's results are public: %+v", pub)
		}
		mustTx(t, s, func(tx *store.Tx) error {
			if err := tx.SetTaskState(ctx, task.ID, doublerandom.TaskCommitted,
				doublerandom.TaskDrawn, day); err != nil {
				return err
			}
			return tx.SetTaskState(ctx, task.ID, doublerandom.TaskDrawn, doublerandom.TaskPublished, day)
		})
		pub, err = s.PublishedResults(ctx, "91350100M000100Y43")
		if err != nil || len(pub) != 1 || pub[0].Type != doublerandom.ResultCorrected {
			t.Errorf("PublishedResults = %+v, %v", pub, err)
		}
	})
}

func TestStore_AuditChain(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := doublerandom.WithActor(context.Background(), doublerandom.Actor{ID: "alice"})
		seed(t, s) // two departments: two entries
		mustTx(t, s, func(tx *store.Tx) error {
			return tx.Audit(ctx, "thing.change", "thing/1", map[string]int{"a": 1},
				map[string]int{"a": 2})
		})
		n, err := s.VerifyAudit(ctx)
		if err != nil || n != 3 {
			t.Fatalf("VerifyAudit = %d, %v; want 3 entries, intact", n, err)
		}
		var actors []string
		s.AuditEntries(ctx, func(e audit.Entry) error {
			actors = append(actors, e.Actor)
			return nil
		})
		if diff := cmp.Diff([]string{"system", "system", "alice"}, actors); diff != "" {
			t.Errorf("actors (-want +got):\n%s", diff)
		}

		if _, err := s.DB().ExecContext(ctx,
			`UPDATE audit_log SET actor = 'mallory' WHERE seq = 2`); err != nil {
			t.Fatal(err)
		}
		_, err = s.VerifyAudit(ctx)
		var b *audit.Break
		if !errors.As(err, &b) || b.Seq != 2 {
			t.Fatalf("after altering entry 2: err = %v, want a break at entry 2", err)
		}
	})
}

// TestStore_SpecialtiesWithSeparators keeps specialty texts whole even when
// they contain the separators real lists use (、，;).
func TestStore_SpecialtiesWithSeparators(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		seed(t, s)
		specs := []string{"1检查资质情况;2.检查台账;3.检查实际仓储；4.检查建立、落实管理制度情况。", "食品,药品"}
		mustTx(t, s, func(tx *store.Tx) error {
			return tx.AddInspector(ctx, doublerandom.Inspector{ID: "GA-1", Name: "李四", Dept: "GA",
				CertNo: "2", CertExpiry: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
				Specialties: specs})
		})
		got, err := s.Inspectors(ctx, "GA")
		if err != nil || len(got) != 1 {
			t.Fatalf("Inspectors = %v, %v", got, err)
		}
		if diff := cmp.Diff(specs, got[0].Specialties); diff != "" {
			t.Errorf("specialties (-want +got):\n%s", diff)
		}
	})
}
