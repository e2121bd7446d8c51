package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"doublerandom/audit"
	"doublerandom/auth"
	"doublerandom/store"
	"doublerandom/store/storetest"
)

func runUser(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	userStdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	code := run(context.Background(), append([]string{"user"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func TestUserCommand(t *testing.T) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			db := storetest.DSN(t, kind)
			code, _, errs := runUser(t, "", "add", "--db", db, "--name", "root", "--role", "office")
			if code == 0 || !strings.Contains(errs, "no password") {
				t.Errorf("add without a password: exit %d, %s", code, errs)
			}
			code, _, errs = runUser(t, "short\n", "add", "--db", db, "--name", "root",
				"--role", "office")
			if code == 0 || !strings.Contains(errs, "at least 10") {
				t.Errorf("add with a short password: exit %d, %s", code, errs)
			}
			code, _, errs = runUser(t, "long enough pw\n", "add", "--db", db, "--name", "x",
				"--role", "admin")
			if code == 0 || !strings.Contains(errs, "--dept is required") {
				t.Errorf("admin without department: exit %d, %s", code, errs)
			}
			code, _, errs = runUser(t, "long enough pw\n", "add", "--db", db, "--name", "x",
				"--role", "root")
			if code == 0 || !strings.Contains(errs, "office, admin") {
				t.Errorf("unknown role: exit %d, %s", code, errs)
			}
			code, out, errs := runUser(t, "long enough pw\n", "add", "--db", db, "--name", "root",
				"--role", "office")
			if code != 0 || !strings.Contains(out, "account root added") {
				t.Fatalf("add: exit %d, %s%s", code, out, errs)
			}
			code, tok, errs := runUser(t, "", "token", "--db", db, "--name", "root")
			if code != 0 || len(strings.TrimSpace(tok)) != 43 {
				t.Fatalf("token: exit %d, %q %s", code, tok, errs)
			}
			code, list, _ := runUser(t, "", "list", "--db", db)
			if code != 0 || list != "root\toffice\t\t\tenabled\n" {
				t.Errorf("list = %q", list)
			}

			st := storetest.MustOpen(t, db)
			ctx := context.Background()
			u, err := st.User(ctx, "root")
			if err != nil || !auth.CheckPassword("long enough pw", u.PasswordHash) {
				t.Errorf("stored account: %+v, %v; want the password to match", u, err)
			}
			if _, err := st.TokenUser(ctx, auth.TokenHash(strings.TrimSpace(tok)),
				u.CreatedAt); err != nil {
				t.Errorf("printed token not accepted: %v", err)
			}
			checkAttributed(t, st)
		})
	}
}

// checkAttributed requires every audit entry to name a command-line actor.
func checkAttributed(t *testing.T, st *store.Store) {
	t.Helper()
	n, err := st.VerifyAudit(context.Background())
	if err != nil || n != 2 {
		t.Fatalf("audit: %d entries, %v; want 2 (user.add, token.add)", n, err)
	}
	st.AuditEntries(context.Background(), func(e audit.Entry) error {
		if !strings.HasPrefix(e.Actor, "cli:") {
			t.Errorf("audit entry %d %s by %q, want a cli: actor", e.Seq, e.Action, e.Actor)
		}
		return nil
	})
}
