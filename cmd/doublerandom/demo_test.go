package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"doublerandom/store/storetest"
)

// runDemo runs `doublerandom demo --serve=false` and returns the record path
// from its last line.
func runDemo(t *testing.T, db string) string {
	t.Helper()
	var out, errb bytes.Buffer
	args := []string{"demo", "--db", db, "--serve=false", "--out", t.TempDir()}
	if code := run(context.Background(), args, &out, &errb); code != 0 {
		t.Fatalf("demo exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	last := lines[len(lines)-1]
	path := last[strings.LastIndex(last, " ")+1:]
	if !strings.HasSuffix(path, ".json") || !filepath.IsAbs(path) {
		t.Fatalf("last line %q does not end with the record's path", last)
	}
	return path
}

func verify(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), append([]string{"verify"}, args...), &out, &errb)
	return code, out.String() + errb.String()
}

func TestDemoAndVerify(t *testing.T) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			db := storetest.DSN(t, kind)
			if kind == "sqlite" {
				// A stale database is replaced, not appended to.
				runDemo(t, db)
			}
			path := runDemo(t, db)
			if code, out := verify(t, path); code != 0 || !strings.HasPrefix(out, "OK") {
				t.Fatalf("verify of the demo record: exit %d: %s", code, out)
			}
			cands := strings.TrimSuffix(path, ".json") + ".candidates.txt"
			if code, out := verify(t, "--candidates", cands, path); code != 0 {
				t.Fatalf("verify with the candidate file: exit %d: %s", code, out)
			}
		})
	}
}

// TestVerify_Tampered edits one field of a good record at a time and expects
// verify to fail naming what differs.
func TestVerify_Tampered(t *testing.T) {
	path := runDemo(t, filepath.Join(t.TempDir(), "demo.db"))
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		change func(r map[string]any)
		want   string
	}{
		{"one drawn code changed", func(r map[string]any) {
			drawn := r["drawn"].([]any)
			first := drawn[0].(map[string]any)
			other := r["candidates"].([]any)[0].(map[string]any)["id"]
			if other == first["id"] {
				other = r["candidates"].([]any)[1].(map[string]any)["id"]
			}
			first["id"] = other
		}, "drawn[0].id"},
		{"seed changed", func(r map[string]any) { r["seed"] = "0" }, "seed"},
		{"candidate removed", func(r map[string]any) {
			r["candidates"] = r["candidates"].([]any)[1:]
		}, "candidate_sha256"},
		{"team member swapped", func(r map[string]any) {
			tm := r["teams"].([]any)[0].(map[string]any)
			ms := tm["members"].([]any)
			ms[len(ms)-1] = "GA-999"
		}, "teams"},
		{"secret changed", func(r map[string]any) {
			c := r["contributions"].([]any)[0].(map[string]any)
			c["secret"] = "not the secret"
		}, "contributions[0].secret"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r map[string]any
			if err := json.Unmarshal(body, &r); err != nil {
				t.Fatal(err)
			}
			tc.change(r)
			b, _ := json.Marshal(r)
			bad := filepath.Join(t.TempDir(), "tampered.json")
			os.WriteFile(bad, b, 0o644)
			code, out := verify(t, bad)
			if code == 0 || !strings.Contains(out, tc.want) {
				t.Errorf("verify: exit %d, output lacks %q:\n%s", code, tc.want, out)
			}
		})
	}
}

func TestVerify_BadInput(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.json")
	os.WriteFile(junk, []byte("{not json"), 0o644)
	for _, args := range [][]string{{junk}, {filepath.Join(dir, "absent.json")}, {}} {
		if code, out := verify(t, args...); code == 0 || out == "" {
			t.Errorf("verify %v: exit %d with output %q, want a failure that says why", args, code, out)
		}
	}
}
