package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestBenchSearch runs the load benchmark briefly on a small generated
// directory; the real run is documented in docs/benchmarks.md.
func TestBenchSearch(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bench.db")
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"bench", "search", "--db", db,
		"--businesses", "300", "--clients", "4", "--duration", "300ms", "--max-p99", "5s"},
		&out, &errb)
	if code != 0 || !strings.Contains(out.String(), "OK: no errors") ||
		!strings.Contains(out.String(), "generated 300 of 300 businesses") {
		t.Fatalf("bench exit %d:\n%s%s", code, out.String(), errb.String())
	}
	for _, kind := range []string{"code", "name2", "name3", "miss", "all"} {
		if !strings.Contains(out.String(), "\n"+kind+" ") {
			t.Errorf("report lacks the %s row:\n%s", kind, out.String())
		}
	}
	// A p99 bound no run can meet fails the command.
	out.Reset()
	code = run(context.Background(), []string{"bench", "search", "--db", db,
		"--businesses", "300", "--clients", "4", "--duration", "200ms", "--max-p99", "1ns"},
		&out, &errb)
	if code != 1 || !strings.Contains(out.String(), "FAILED: p99") {
		t.Errorf("impossible bound: exit %d:\n%s", code, out.String())
	}
}
