package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCalendar runs "doublerandom calendar args..." and returns its exit
// status, stdout and stderr.
func runCalendar(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"calendar"}, args...), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// writeCalendarFile writes content to a new file in a temporary directory.
func writeCalendarFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCalendarCommand(t *testing.T) {
	tests := []struct {
		args       []string
		code       int
		stdout     string
		stderrHave string
	}{
		{[]string{"add-workdays", "2026-09-30", "1"}, 0, "2026-10-08\n", ""},
		{[]string{"add-workdays", "2026-09-30", "20"}, 0, "2026-11-03\n", ""},
		{[]string{"add-workdays", "2026-02-13", "1"}, 0, "2026-02-14\n", ""},
		{[]string{"add-workdays", "2026-02-14", "1"}, 0, "2026-02-24\n", ""},
		{[]string{"add-workdays", "2026-10-03", "0"}, 0, "2026-10-03\n", ""},
		{[]string{"add-workdays", "2026-10-08", "-1"}, 0, "2026-09-30\n", ""},
		{[]string{"add-workdays", "2027-12-31", "1"}, 0, "2028-01-03\n",
			"no official holiday arrangement for 2028"},
		{[]string{"is-workday", "2026-10-10"}, 0, "true\n", ""},
		{[]string{"is-workday", "2026-02-14"}, 0, "true\n", ""},
		{[]string{"is-workday", "2026-10-09"}, 0, "true\n", ""},
		{[]string{"is-workday", "2026-10-01"}, 1, "false\n", ""},
		{[]string{"is-workday", "2026-02-17"}, 1, "false\n", ""},
		{[]string{"is-workday", "2026-10-11"}, 1, "false\n", ""},
		{[]string{"is-workday", "2030-01-05"}, 1, "false\n",
			"no official holiday arrangement for 2030"},

		{[]string{"is-workday", "2026-13-01"}, 2, "", `"2026-13-01" is not a date`},
		{[]string{"is-workday", "2026/10/10"}, 2, "", "write it as YYYY-MM-DD"},
		{[]string{"is-workday", "2026-2-14"}, 2, "", "write it as YYYY-MM-DD"},
		{[]string{"is-workday"}, 2, "", "is-workday takes one DATE"},
		{[]string{"add-workdays", "2026-02-30", "1"}, 2, "", `"2026-02-30" is not a date`},
		{[]string{"add-workdays", "2026-09-30", "x"}, 2, "", `got "x"`},
		{[]string{"add-workdays", "2026-09-30", "2000000"}, 2, "", "from -1000000 to 1000000"},
		{[]string{"add-workdays", "9999-12-31", "1"}, 2, "", "outside years 1 to 9999"},
		{[]string{"add-workdays", "2026-09-30"}, 2, "", "add-workdays takes DATE N"},
		{[]string{"next-workday", "2026-09-30"}, 2, "", `unknown action "next-workday"`},
		{[]string{}, 2, "", "usage: doublerandom calendar"},
		{[]string{"--calendar"}, 2, "", "flag needs an argument"},
		{[]string{"-h"}, 2, "", "usage: doublerandom calendar"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := runCalendar(t, tt.args...)
			if code != tt.code || stdout != tt.stdout {
				t.Errorf("exit %d, stdout %q; want exit %d, stdout %q (stderr %q)",
					code, stdout, tt.code, tt.stdout, stderr)
			}
			if tt.stderrHave == "" && stderr != "" {
				t.Errorf("unexpected stderr %q", stderr)
			}
			if !strings.Contains(stderr, tt.stderrHave) {
				t.Errorf("stderr %q does not contain %q", stderr, tt.stderrHave)
			}
		})
	}
}

func TestCalendarCommand_file(t *testing.T) {
	// A correction of 2026 that drops the make-up working day 2026-10-10,
	// and an arrangement for 2028.
	file := writeCalendarFile(t, "cal.json", `{
	  "source": "test",
	  "2026": {
	    "holidays": [["2026-10-01", "2026-10-07", "国庆节"]],
	    "workdays": ["2026-09-20"]
	  },
	  "2028": {
	    "holidays": [["2027-12-31", "2028-01-02", "元旦"]],
	    "workdays": []
	  }
	}`)
	tests := []struct {
		args   []string
		code   int
		stdout string
	}{
		{[]string{"--calendar", file, "is-workday", "2026-10-10"}, 1, "false\n"},
		{[]string{"is-workday", "--calendar", file, "2026-10-10"}, 1, "false\n"},
		{[]string{"--calendar", file, "is-workday", "2027-12-31"}, 1, "false\n"},
		{[]string{"--calendar", file, "add-workdays", "2027-12-30", "1"}, 0, "2028-01-03\n"},
		{[]string{"--calendar", file, "add-workdays", "2026-09-30", "3"}, 0, "2026-10-12\n"},
	}
	for _, tt := range tests {
		code, stdout, stderr := runCalendar(t, tt.args...)
		if code != tt.code || stdout != tt.stdout || stderr != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d, stdout %q",
				tt.args[2:], code, stdout, stderr, tt.code, tt.stdout)
		}
	}

	code, stdout, _ := runCalendar(t, "--calendar", file, "years")
	if code != 0 || !strings.Contains(stdout, "2028\t1 holidays\t0 make-up working days\ttest\n") {
		t.Errorf("years: exit %d, stdout %q; want 2028 from the file listed", code, stdout)
	}
}

func TestCalendarCommand_badFile(t *testing.T) {
	bad := writeCalendarFile(t, "bad.json", `{"2026": {
		"holidays": [["2026-10-01", "2026-10-07", "国庆节"]],
		"workdays": ["2026-10-03"]}}`)
	tests := []struct {
		file, stderrHave string
	}{
		{bad, "both a make-up working day and part of holiday 国庆节"},
		{writeCalendarFile(t, "empty.json", ""), "ends too early"},
		{filepath.Join(t.TempDir(), "missing.json"), "no such file"},
	}
	for _, tt := range tests {
		code, stdout, stderr := runCalendar(t, "--calendar", tt.file, "is-workday", "2026-10-10")
		if code != 2 || stdout != "" {
			t.Errorf("%s: exit %d, stdout %q; want exit 2 and nothing printed",
				tt.file, code, stdout)
		}
		if !strings.Contains(stderr, tt.stderrHave) || !strings.Contains(stderr, tt.file) {
			t.Errorf("stderr %q should name %s and say %q", stderr, tt.file, tt.stderrHave)
		}
	}
}

func TestCalendarCommand_officialFile(t *testing.T) {
	const official = "../../../shared/data/holidays-cn.json"
	if _, err := os.Stat(official); err != nil {
		t.Skipf("skipping: %s not found (%v)", official, err)
	}
	code, stdout, stderr := runCalendar(t,
		"--calendar", official, "add-workdays", "2026-09-30", "1")
	if code != 0 || stdout != "2026-10-08\n" {
		t.Errorf("with the official file: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}
