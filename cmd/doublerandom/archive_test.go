package main

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func runCmd(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String() + errb.String()
}

// TestArchive builds the demo's task and year archives, verifies them, and
// expects verify to fail on a package with one evidence byte changed.
func TestArchive(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	runDemo(t, db)
	taskZip, yearZip := filepath.Join(dir, "task.zip"), filepath.Join(dir, "year.zip")
	for _, args := range [][]string{
		{"archive", "build", "--db", db, "--task", "1", "-o", taskZip},
		{"archive", "build", "--db", db, "--dept", "GA", "--year", demoYear(), "-o", yearZip},
	} {
		if code, out := runCmd(t, args...); code != 0 || !strings.Contains(out, "SHA-256") {
			t.Fatalf("%v: exit %d: %s", args, code, out)
		}
	}
	for _, z := range []string{taskZip, yearZip} {
		code, out := runCmd(t, "archive", "verify", z)
		if code != 0 || !strings.HasPrefix(out, "ok") {
			t.Errorf("verify %s: exit %d: %s", filepath.Base(z), code, out)
		}
	}

	tampered := filepath.Join(dir, "tampered.zip")
	changed := rewriteZip(t, taskZip, tampered, "results.json")
	code, out := runCmd(t, "archive", "verify", tampered)
	if code != 1 || !strings.Contains(out, changed+": SHA-256") {
		t.Errorf("verify of a tampered package: exit %d: %s", code, out)
	}
	notZip := filepath.Join(dir, "notes.txt")
	os.WriteFile(notZip, []byte("not a zip"), 0o644)
	if code, _ := runCmd(t, "archive", "verify", notZip); code != 2 {
		t.Errorf("verify of a file that is no zip: exit %d, want 2", code)
	}
	if code, _ := runCmd(t, "archive", "build", "--db", db, "-o", taskZip); code != 2 {
		t.Errorf("build without --task or --dept: exit %d, want 2", code)
	}
	if code, out := runCmd(t, "archive", "build", "--db", db, "--task", "99", "-o",
		taskZip); code != 1 || !strings.Contains(out, "no task 99") {
		t.Errorf("build of a missing task: exit %d: %s", code, out)
	}
}

// demoYear returns the year of the demo's plan: that of its inspections, a
// week after the run.
func demoYear() string { return strconv.Itoa(time.Now().AddDate(0, 0, 7).Year()) }

// rewriteZip copies a zip, changing the last byte of the first file whose
// name ends with suffix, and returns that file's name.
func rewriteZip(t *testing.T, from, to, suffix string) string {
	t.Helper()
	zr, err := zip.OpenReader(from)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	changed := ""
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if changed == "" && strings.HasSuffix(f.Name, suffix) && len(b) > 2 {
			b[len(b)-2] ^= 1
			changed = f.Name
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	zw.Close()
	if err := os.WriteFile(to, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return changed
}
