package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"doublerandom"
	"doublerandom/audit"
	"doublerandom/store"
	"doublerandom/store/storetest"
)

func TestStore_UsersAndSessions(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := doublerandom.WithActor(context.Background(),
			doublerandom.Actor{ID: "cli:root", Role: "system"})
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		u := doublerandom.User{Name: "wang", Dept: "SCJG", Role: doublerandom.RoleAdmin,
			PasswordHash: "$argon2id$x", CreatedAt: now}
		mustTx(t, s, func(tx *store.Tx) error { return tx.AddUser(ctx, u) })

		err := s.InTx(ctx, func(tx *store.Tx) error { return tx.AddUser(ctx, u) })
		if doublerandom.ErrorCode(err) != doublerandom.ECONFLICT {
			t.Errorf("second account wang: err = %v, want conflict", err)
		}
		bad := u
		bad.Name, bad.Role = "li", "root"
		err = s.InTx(ctx, func(tx *store.Tx) error { return tx.AddUser(ctx, bad) })
		if doublerandom.ErrorCode(err) != doublerandom.EINVALID {
			t.Errorf("role root: err = %v, want invalid", err)
		}

		mustTx(t, s, func(tx *store.Tx) error {
			return tx.CreateSession(ctx, "h1", "wang", "127.0.0.1", now, now.Add(time.Hour))
		})
		got, err := s.SessionUser(ctx, "h1", now.Add(59*time.Minute))
		if err != nil || got.Name != "wang" || got.Dept != "SCJG" || got.Role != "admin" {
			t.Fatalf("SessionUser = %+v, %v; want wang of SCJG, admin", got, err)
		}
		if _, err := s.SessionUser(ctx, "h1", now.Add(time.Hour)); err == nil {
			t.Error("an expired session is accepted")
		}
		if _, err := s.SessionUser(ctx, "nope", now); err == nil {
			t.Error("an unknown session is accepted")
		}

		mustTx(t, s, func(tx *store.Tx) error {
			return tx.AddAPIToken(ctx, "t1", "wang", "script", now, now.Add(24*time.Hour))
		})
		if got, err := s.TokenUser(ctx, "t1", now); err != nil || got.Name != "wang" {
			t.Errorf("TokenUser = %v, %v; want wang", got, err)
		}
		mustTx(t, s, func(tx *store.Tx) error { return tx.SetUserDisabled(ctx, "wang", true) })
		if _, err := s.TokenUser(ctx, "t1", now); err == nil {
			t.Error("a disabled account's token is accepted")
		}
		if _, err := s.SessionUser(ctx, "h1", now); err == nil {
			t.Error("a disabled account's session is accepted")
		}

		var actions []string
		s.AuditEntries(ctx, func(e audit.Entry) error {
			if strings.Contains(e.After, "argon2id") {
				t.Errorf("audit entry %d carries the password hash", e.Seq)
			}
			actions = append(actions, e.Action+" "+e.Actor)
			return nil
		})
		want := "user.add cli:root,session.login cli:root,token.add cli:root,user.disable cli:root"
		if got := strings.Join(actions, ","); got != want {
			t.Errorf("audit actions = %s, want %s", got, want)
		}
		if n, err := s.VerifyAudit(ctx); err != nil || n != 4 {
			t.Errorf("VerifyAudit = %d, %v; want 4 entries, intact", n, err)
		}
	})
}
