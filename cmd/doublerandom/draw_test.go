package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// drawVectors is the shared reference data, relative to this directory.
const drawVectors = "../../../shared/data/draw-vectors.json"

type cliVectors struct {
	Population []string          `json:"population"`
	Strata     map[string]string `json:"strata"`
	Cases      []struct {
		Seed             string              `json:"seed"`
		N                int                 `json:"n"`
		Sample           []string            `json:"sample"`
		StratifiedRatios map[string]string   `json:"stratified_ratios"`
		StratifiedSample map[string][]string `json:"stratified_sample"`
		FirstTicketOf    string              `json:"first_ticket_of"`
		Ticket           string              `json:"ticket"`
	} `json:"cases"`
}

func mustCLIVectors(t *testing.T) cliVectors {
	t.Helper()
	b, err := os.ReadFile(drawVectors)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("draw vectors not found at %s (shared data folder beside the repository)",
			drawVectors)
	}
	if err != nil {
		t.Fatal(err)
	}
	var v cliVectors
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// runCLI runs doublerandom with args and returns status, stdout, stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func lines(ss []string) string { return strings.Join(ss, "\n") + "\n" }

func TestDrawCommand_uniformVectors(t *testing.T) {
	v := mustCLIVectors(t)
	file := writeTemp(t, "ids.txt", lines(v.Population))
	// The same list as Excel might save it: BOM, CRLF, blank lines.
	messy := writeTemp(t, "messy.txt", "\ufeff"+strings.ReplaceAll(lines(v.Population),
		"\n", "\r\n")+"\r\n\r\n")
	checked := 0
	for _, c := range v.Cases {
		if c.Sample == nil {
			continue
		}
		n := strconv.Itoa(c.N)
		for _, args := range [][]string{
			{"draw", "--seed", c.Seed, "--n", n, file},
			{"draw", file, "--n", n, "--seed", c.Seed},
			{"draw", "--seed", c.Seed, "--n", n, messy},
		} {
			code, out, errOut := runCLI(t, args...)
			if code != 0 || out != lines(c.Sample) {
				t.Errorf("%v: exit %d, stderr %q\n got %q\nwant %q", args, code, errOut, out,
					lines(c.Sample))
			}
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no uniform case in the vectors")
	}
}

func TestDrawCommand_stdinAndReserves(t *testing.T) {
	v := mustCLIVectors(t)
	drawStdin = strings.NewReader(lines(v.Population))
	defer func() { drawStdin = os.Stdin }()
	code, ten, _ := runCLI(t, "draw", "--seed", "314159", "--n", "10", "-")
	if code != 0 || strings.Count(ten, "\n") != 10 {
		t.Fatalf("stdin draw: exit %d, output %q", code, ten)
	}
	first10 := strings.Split(strings.TrimSpace(ten), "\n")

	file := writeTemp(t, "ids.txt", lines(v.Population))
	_, out, _ := runCLI(t, "draw", "--seed", "314159", "--n", "7", "--reserves", "3", file)
	if out != lines(first10[:7]) {
		t.Errorf("--reserves without --show-reserves printed %q", out)
	}
	_, out, _ = runCLI(t, "draw", "--seed", "314159", "--n", "7", "--reserves", "3",
		"--show-reserves", file)
	want := lines(first10[:7]) + "# reserves\n" + lines(first10[7:])
	if out != want {
		t.Errorf("--show-reserves printed\n%q\nwant\n%q", out, want)
	}
}

func TestDrawCommand_stratifiedVectors(t *testing.T) {
	v := mustCLIVectors(t)
	var csv strings.Builder
	csv.WriteString("id,stratum\n")
	for _, id := range v.Population {
		csv.WriteString(id + "," + v.Strata[id] + "\n")
	}
	file := writeTemp(t, "strata.csv", csv.String())
	checked := 0
	for _, c := range v.Cases {
		if c.StratifiedSample == nil {
			continue
		}
		args := []string{"draw", "--seed", c.Seed, "--strata", file}
		var want strings.Builder
		for _, h := range []string{"A", "B", "C", "D"} {
			args = append(args, "--ratio", h+"="+c.StratifiedRatios[h])
			for _, id := range c.StratifiedSample[h] {
				want.WriteString(id + "," + h + "\n")
			}
		}
		code, out, errOut := runCLI(t, args...)
		if code != 0 || out != want.String() {
			t.Errorf("%v: exit %d, stderr %q\n got %q\nwant %q", args, code, errOut, out,
				want.String())
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no stratified case in the vectors")
	}
	code, _, errOut := runCLI(t, "draw", "--seed", "1", "--strata", file, "--ratio", "A=1%",
		"--ratio", "B=2%", "--ratio", "C=10%")
	if code != 1 || !strings.Contains(errOut, `stratum "D"`) {
		t.Errorf("missing ratio for D: exit %d, stderr %q", code, errOut)
	}
}

func TestTicketCommand(t *testing.T) {
	v := mustCLIVectors(t)
	for _, c := range v.Cases {
		if c.FirstTicketOf == "" {
			continue
		}
		code, out, _ := runCLI(t, "ticket", "--seed", c.Seed, c.FirstTicketOf, "--",
			"-other")
		got := strings.Split(out, "\n")
		if code != 0 || len(got) != 3 || got[0] != c.Ticket || !strings.HasPrefix(got[1],
			"0.") {
			t.Errorf("ticket %s under %q: exit %d, output %q, want first line %s",
				c.FirstTicketOf, c.Seed, code, out, c.Ticket)
		}
	}
}

func TestDrawCommand_errors(t *testing.T) {
	ids := writeTemp(t, "ids.txt", "a\nb\nc\n")
	dup := writeTemp(t, "dup.txt", "a\nb\na\n")
	tests := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"draw", "--n", "1", ids}, 2, "--seed is required"},
		{[]string{"draw", "--seed", "s", ids}, 2, "--n N"},
		{[]string{"draw", "--seed", "s", "--n", "1"}, 2, "exactly one FILE"},
		{[]string{"draw", "--seed", "s", "--n", "1", dup}, 1, `duplicate id "a"`},
		{[]string{"draw", "--seed", "s", "--n", "4", ids}, 1, "exceeds the 3 candidates"},
		{[]string{"draw", "--seed", "s", "--n", "1", ids + ".missing"}, 1, "no such file"},
		{[]string{"draw", "--seed", "s", "--ratio", "A=0.1", "--n", "1", ids}, 2,
			"--ratio needs --strata"},
		{[]string{"draw", "--seed", "s", "--strata", ids, "--ratio", "A=2"}, 2,
			"greater than 1"},
		{[]string{"ticket", "--seed", "s"}, 2, "at least one ID"},
		{[]string{"ticket", "x"}, 2, "--seed"},
	}
	for _, tt := range tests {
		code, _, errOut := runCLI(t, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.stderr) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tt.args, code, errOut,
				tt.code, tt.stderr)
		}
	}
}
