package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"doublerandom/sheet"
	"doublerandom/store/storetest"
)

const realDir = "../../../shared/data/real/"

// runImportCLI runs the binary's command line and returns exit status, standard
// output and standard error.
func runImportCLI(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// lastLine returns the last line of out.
func lastLine(out string) string {
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	return lines[len(lines)-1]
}

func TestImportExportCommands(t *testing.T) {
	items, ents := realDir+"item-list-zhejiang.csv", realDir+"entities-hangzhou-check01.xlsx"
	if _, err := os.Stat(items); err != nil {
		t.Skipf("real data not available: %v", err)
	}
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			db := storetest.DSN(t, kind)
			dir := t.TempDir()
			code, _, errs := runImportCLI("import", "items", "--db", db, "--dept", "SCJG", items)
			if code != 1 || !strings.Contains(errs, `unknown department "SCJG"`) {
				t.Errorf("items before the department: exit %d, %s", code, errs)
			}
			if code, _, errs := runImportCLI("dept", "add", "--db", db, "--code", "SCJG", "--name",
				"区市场监督管理局"); code != 0 {
				t.Fatalf("dept add: %d %s", code, errs)
			}
			code, out, errs := runImportCLI("import", "items", "--db", db, "--dept", "SCJG", items)
			if code != 0 || lastLine(out) != "imported 79, skipped 0" {
				t.Fatalf("import items: exit %d, %q %s", code, out, errs)
			}
			code, out, errs = runImportCLI("import", "entities", "--db", db, "--dept", "SCJG", ents)
			if code != 0 || lastLine(out) != "imported 478, skipped 0" {
				t.Fatalf("import entities: exit %d, %q %s", code, out, errs)
			}

			// A file with one bad row: strict stores nothing and exits 1;
			// --skip-invalid (after the path) stores the good row.
			bad := filepath.Join(dir, "bad.csv")
			os.WriteFile(bad, []byte("企业名称,统一社会信用代码\n新公司,91330106MA2CFY1N0P\n"+
				"错码,91330106MA2CFY1N2A\n杭州潘天寿环境艺术设计有限公司,913301007161035748\n"), 0o644)
			report := filepath.Join(dir, "report.xlsx")
			code, out, errs = runImportCLI("import", "entities", "--db", db, "--dept", "SCJG", bad,
				"--report", report)
			// Strict: the good row is not stored either, so all 3 are skipped.
			if code != 1 || lastLine(out) != "imported 0, skipped 3" ||
				!strings.Contains(errs, "bad.csv row 3, column 统一社会信用代码: credit code check") ||
				!strings.Contains(errs, "bad.csv row 4, column 统一社会信用代码: already in the directory") {
				t.Errorf("strict: exit %d, %q\n%s", code, out, errs)
			}
			if b, err := os.ReadFile(report); err != nil || !bytes.HasPrefix(b, []byte("PK")) {
				t.Errorf("no XLSX error report: %v", err)
			}
			code, out, _ = runImportCLI("import", "entities", "--db", db, bad, "--skip-invalid")
			if code != 1 || lastLine(out) != "imported 1, skipped 2" {
				t.Errorf("skip-invalid: exit %d, %q", code, out)
			}

			code, out, errs = runImportCLI("export", "entities", "--db", db, "--dept", "SCJG",
				"--format", "csv")
			if code != 0 || !strings.HasPrefix(out, "\xEF\xBB\xBF企业名称,") ||
				strings.Count(out, "\r\n") != 480 {
				t.Errorf("export csv: exit %d, %d lines, %s", code, strings.Count(out, "\r\n"), errs)
			}
			code, out, _ = runImportCLI("export", "items", "--db", db, "--dept", "SCJG", "--format", "xlsx")
			rd, err := sheet.Open(strings.NewReader(out), "items.xlsx")
			if code != 0 || err != nil || rd.Format() != sheet.FormatXLSX {
				t.Fatalf("export xlsx: exit %d, %v", code, err)
			}
			rd.Close()

			// Versions: re-import the export, diff, publish.
			exp := filepath.Join(dir, "items.xlsx")
			os.WriteFile(exp, []byte(out), 0o644)
			if code, out, errs := runImportCLI("import", "items", "--db", db, "--dept", "SCJG", exp,
				"--effective", "2027-01-01"); code != 0 || lastLine(out) != "imported 79, skipped 0" {
				t.Fatalf("re-import: %d %q %s", code, out, errs)
			}
			code, out, _ = runImportCLI("items", "diff", "--db", db, "--dept", "SCJG", "--from", "1",
				"--to", "2")
			if code != 0 || out != "" {
				t.Errorf("diff of identical versions: %d %q", code, out)
			}
			code, out, errs = runImportCLI("items", "publish", "--db", db, "--dept", "SCJG",
				"--version", "2")
			if code != 0 || !strings.HasPrefix(out, "published version 2") {
				t.Errorf("publish: %d %q %s", code, out, errs)
			}
			// Version 1 is identical to version 2, so it reads as published too.
			code, out, _ = runImportCLI("items", "versions", "--db", db, "--dept", "SCJG")
			if lines := strings.Split(strings.TrimSpace(out), "\n"); code != 0 ||
				len(lines) != 2 || !strings.HasPrefix(lines[0], "2\t2027-01-01\t79\t") ||
				strings.HasSuffix(lines[0], "\t-") {
				t.Errorf("versions: %d %q", code, out)
			}
			if code, _, _ := runImportCLI("export", "nothing", "--db", db, "--format", "csv"); code != 1 {
				t.Errorf("export of an unknown kind exits %d", code)
			}
		})
	}
}

func TestImportCommand_UsageAndMissingFile(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	if code, _, _ := runImportCLI("import", "bogus", "--db", db, "--dept", "SCJG",
		"x.csv"); code != 2 {
		t.Errorf("unknown kind: exit %d, want 2 (bad usage)", code)
	}
	code, out, errs := runImportCLI("import", "entities", "--db", db, "--dept", "SCJG",
		filepath.Join(t.TempDir(), "absent.csv"))
	if code != 1 || lastLine(out) != "imported 0, skipped 0" || !strings.Contains(errs, "absent.csv") {
		t.Errorf("missing file: exit %d, %q, %q", code, out, errs)
	}
}
