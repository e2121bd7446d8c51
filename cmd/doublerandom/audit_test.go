package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"doublerandom/store/storetest"
)

func runAudit(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), append([]string{"audit"}, args...), &out, &errb)
	return code, out.String() + errb.String()
}

// TestAuditVerify runs the demo, verifies its audit chain, then alters,
// deletes and truncates rows and expects each to be caught.
func TestAuditVerify(t *testing.T) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			db := storetest.DSN(t, kind)
			runDemo(t, db)
			code, out := runAudit(t, "verify", "--db", db)
			if code != 0 || !strings.HasPrefix(out, "OK: ") || !strings.Contains(out, "head ") {
				t.Fatalf("intact chain: exit %d: %s", code, out)
			}
			var n int64
			var head string
			fmt.Sscanf(out[strings.Index(out, "head "):], "head %d %s", &n, &head)
			if n < 10 || len(head) != 64 {
				t.Fatalf("head %d %q: want the demo's entries and a SHA-256", n, head)
			}
			expect := fmt.Sprintf("%d:%s", n, head)

			st := storetest.MustOpen(t, db)
			ctx := context.Background()
			exec := func(q string) {
				t.Helper()
				if _, err := st.DB().ExecContext(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			// Deleting the newest entry keeps the chain valid: only the
			// published head shows it.
			exec(fmt.Sprintf(`DELETE FROM audit_log WHERE seq = %d`, n))
			if code, out := runAudit(t, "verify", "--db", db); code != 0 {
				t.Errorf("truncated chain without --expect: exit %d: %s", code, out)
			}
			code, out = runAudit(t, "verify", "--db", db, "--expect", expect)
			if code != 1 || !strings.Contains(out, fmt.Sprintf("entry %d of a published head is "+
				"missing", n)) {
				t.Errorf("truncated chain with --expect: exit %d: %s", code, out)
			}

			// Altering entry 3's recorded state breaks the chain at 3.
			exec(`UPDATE audit_log SET after = '{"forged":true}' WHERE seq = 3`)
			code, out = runAudit(t, "verify", "--db", db)
			if code != 1 || !strings.Contains(out, "broken at entry 3: its content does not match") {
				t.Errorf("altered entry 3: exit %d: %s", code, out)
			}
			// Deleting entry 2 in the middle is named as missing.
			exec(`DELETE FROM audit_log WHERE seq = 2`)
			code, out = runAudit(t, "verify", "--db", db)
			if code != 1 || !strings.Contains(out, "broken at entry 2: entry 2 is missing") {
				t.Errorf("deleted entry 2: exit %d: %s", code, out)
			}
		})
	}
}
