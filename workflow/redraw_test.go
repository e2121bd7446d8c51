package workflow_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"doublerandom"
	"doublerandom/demo"
	"doublerandom/draw"
	"doublerandom/store"
	"doublerandom/store/storetest"
	"doublerandom/workflow"
)

// drawTask freezes, reveals and draws a task.
func drawTask(t *testing.T, svc *workflow.Service, id int64) *draw.Record {
	t.Helper()
	ctx := context.Background()
	cs, secrets := commitments(t, demo.DeptMarket, demo.DeptPolice)
	if _, err := svc.Freeze(ctx, id, workflow.FreezeOptions{Commitments: cs}); err != nil {
		t.Fatal(err)
	}
	for p, sec := range secrets {
		if err := svc.Reveal(ctx, id, p, sec); err != nil {
			t.Fatal(err)
		}
	}
	rec, err := svc.Draw(ctx, id, "")
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func leaderOf(dept string) context.Context {
	return doublerandom.WithActor(context.Background(),
		doublerandom.Actor{ID: "leader-" + dept, Dept: dept, Role: doublerandom.RoleLeader})
}

func TestService_VoidAndRedraw(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := newService(t, s)
		task := setUp(t, s, svc)
		first := drawTask(t, svc, task.ID)

		for _, tc := range []struct {
			name   string
			ctx    context.Context
			reason string
			code   string
		}{
			{"no reason", leaderOf(demo.DeptMarket), " ", doublerandom.EINVALID},
			{"no approval", ctx, "重复", doublerandom.EFORBIDDEN},
			{"leader of another department", leaderOf(demo.DeptPolice), "重复", doublerandom.EFORBIDDEN},
			{"admin, not leader", doublerandom.WithActor(ctx, doublerandom.Actor{ID: "a",
				Dept: demo.DeptMarket, Role: doublerandom.RoleAdmin}), "重复", doublerandom.EFORBIDDEN},
		} {
			wantCode(t, tc.name, svc.VoidAndRedraw(tc.ctx, task.ID, tc.reason), tc.code)
		}

		reason := "候选名单遗漏新设立企业"
		if err := svc.VoidAndRedraw(leaderOf(demo.DeptMarket), task.ID, reason); err != nil {
			t.Fatal(err)
		}
		old, _ := s.Draws(ctx, task.ID)
		var oldRec draw.Record
		json.Unmarshal(old[0].Record, &oldRec)
		_, err := svc.Freeze(ctx, task.ID, workflow.FreezeOptions{Commitments: oldRec.Contributions})
		wantCode(t, "redraw with the void draw's commitments", err, doublerandom.EINVALID)
		second := drawTask(t, svc, task.ID)
		if second.Supersedes == "" || second.VoidReason != reason {
			t.Errorf("new record: supersedes %q, reason %q", second.Supersedes, second.VoidReason)
		}
		if diffs := draw.Verify(second, nil); diffs != nil {
			t.Errorf("new record does not verify: %v", diffs)
		}
		draws, err := s.Draws(ctx, task.ID)
		if err != nil || len(draws) != 2 {
			t.Fatalf("%d draws, %v; want both kept", len(draws), err)
		}
		if draws[0].State != doublerandom.DrawVoid || draws[0].VoidedBy != "leader-SCJG" ||
			draws[0].VoidReason != reason {
			t.Errorf("void draw: %+v", draws[0])
		}
		if first.Seed == second.Seed {
			t.Error("the redraw reused the void draw's seed")
		}

		// Once a result exists, the draw stands.
		if err := demo.Inspect(ctx, svc, task.ID, nil); err != nil {
			t.Fatal(err)
		}
		if err := svc.RecordResult(ctx, doublerandom.Result{TaskID: task.ID,
			EntityCode: second.Drawn[0].ID, Type: doublerandom.ResultQualified}); err != nil {
			t.Fatal(err)
		}
		wantCode(t, "void after a result", svc.VoidAndRedraw(leaderOf(demo.DeptMarket), task.ID,
			"again"), doublerandom.ECONFLICT)
	})
}

func TestService_ReplaceInspector(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := newService(t, s)
		task := setUp(t, s, svc)
		rec := drawTask(t, svc, task.ID)
		team := rec.Teams[0]
		var member string
		for _, m := range team.Members {
			if m[:2] == demo.DeptPolice {
				member = m
			}
		}
		qualified, err := svc.Replacements(ctx, task.ID, team.Business, member)
		if err != nil || len(qualified) == 0 {
			t.Fatalf("qualified replacements: %v, %v", qualified, err)
		}
		for _, in := range qualified {
			if in.Dept != demo.DeptPolice || !in.ValidOn(task.InspectionDate) {
				t.Errorf("unqualified replacement offered: %+v", in)
			}
		}
		r := doublerandom.Replacement{TaskID: task.ID, EntityCode: team.Business,
			Replaced: member, Replacement: qualified[0].ID, Reason: doublerandom.ReasonHealth,
			Note: "住院"}
		bad := r
		bad.Reason = "不想去"
		wantCode(t, "reason not in Art. 17", svc.ReplaceInspector(leaderOf(demo.DeptPolice), bad),
			doublerandom.EINVALID)
		wantCode(t, "approved by the other department's leader",
			svc.ReplaceInspector(leaderOf(demo.DeptMarket), r), doublerandom.EFORBIDDEN)
		bad = r
		bad.Replacement = team.Members[0]
		wantCode(t, "replacement from the wrong department or already in the team",
			svc.ReplaceInspector(leaderOf(demo.DeptPolice), bad), doublerandom.EINVALID)
		// The refusal names the rule: the demo roster's last police inspector
		// has an expired certificate, the one before is on leave.
		for id, want := range map[string]string{"GA-008": "certificate expired",
			"GA-007": "not active", "SCJG-002": "not of the same department", "GA-999": "no such"} {
			bad = r
			bad.Replacement = id
			err := svc.ReplaceInspector(leaderOf(demo.DeptPolice), bad)
			if !strings.Contains(doublerandom.ErrorMessage(err), want) {
				t.Errorf("replacement by %s: %v, want a message naming %q", id, err, want)
			}
		}

		if err := svc.ReplaceInspector(leaderOf(demo.DeptPolice), r); err != nil {
			t.Fatal(err)
		}
		teams, _ := s.Teams(ctx, task.ID)
		for _, tm := range teams {
			if tm.EntityCode == team.Business {
				for _, m := range tm.Members {
					if m == member {
						t.Errorf("%s still in the team", member)
					}
				}
			}
		}
		reps, err := s.Replacements(ctx, task.ID)
		if err != nil || len(reps) != 1 || reps[0].ApprovedBy != "leader-GA" ||
			reps[0].Reason != doublerandom.ReasonHealth {
			t.Errorf("replacements = %+v, %v", reps, err)
		}
		// The published record is unchanged and still verifies.
		stored, _, err := svc.Record(ctx, task.ID)
		if err != nil || draw.Verify(stored, nil) != nil {
			t.Errorf("record after replacement: %v", err)
		}
	})
}
