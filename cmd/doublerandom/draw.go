package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"doublerandom/draw"
)

func init() { register(&drawCommand{}) }

// drawCommand runs a draw from the command line, with the same tickets as
// the platform and as Rivest's consistent_sampler. Scripts depend on its
// input and output formats.
type drawCommand struct{}

// Name implements command.
func (*drawCommand) Name() string { return "draw" }

// Synopsis implements command.
func (*drawCommand) Synopsis() string {
	return "draw --seed TEXT --n N FILE | --strata FILE.csv --ratio A=0.01 ...: draw ids"
}

const drawUsage = `usage: doublerandom draw --seed TEXT --n N [--reserves R [--show-reserves]] FILE
       doublerandom draw --seed TEXT --strata FILE.csv --ratio STRATUM=RATIO ...

The first form reads one id per line from FILE ("-" for standard input) and
prints the N ids with the smallest tickets, in ticket order, one per line.
With --show-reserves it then prints a line "# reserves" and the next R ids.

The second form reads "id,stratum" lines from FILE.csv and, for each stratum
h of N_h ids, prints the ceil(N_h x ratio_h) ids with the smallest tickets as
"id,stratum" lines: strata in name order, ticket order within each. Every
stratum needs a --ratio; ratios are exact decimals or percentages (0.05, 5%).

Lines are trimmed of spaces and CR; empty lines and a UTF-8 byte order mark
are ignored. A repeated id is an error. The seed is used as text, byte for
byte: "0" and "00" are different seeds.
`

// Run implements command.
func (c *drawCommand) Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("draw", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, drawUsage) }
	seed := fs.String("seed", "", "the seed text (required)")
	n := fs.Int("n", -1, "number of ids to draw (uniform draw)")
	reserves := fs.Int("reserves", 0, "number of ordered reserves after the n drawn")
	showReserves := fs.Bool("show-reserves", false, "print the reserves after the drawn ids")
	strata := fs.String("strata", "", "CSV file of id,stratum lines (stratified draw)")
	ratios := map[string]draw.Ratio{}
	fs.Func("ratio", "STRATUM=RATIO, once per stratum (stratified draw)", func(v string) error {
		return drawAddRatio(ratios, v)
	})
	files, err := drawParseArgs(fs, args)
	if err != nil {
		return err
	}
	if !drawFlagGiven(fs, "seed") {
		return drawUsageError(stderr, "--seed is required")
	}
	if *strata != "" {
		if len(files) > 0 || drawFlagGiven(fs, "n") || *reserves != 0 || *showReserves {
			return drawUsageError(stderr, "--strata takes no FILE, --n or reserves")
		}
		if len(ratios) == 0 {
			return drawUsageError(stderr, "--strata needs a --ratio STRATUM=RATIO per stratum")
		}
		return drawStratified(*seed, *strata, ratios, stdout)
	}
	if len(ratios) > 0 {
		return drawUsageError(stderr, "--ratio needs --strata FILE.csv")
	}
	if len(files) != 1 || *n < 0 {
		return drawUsageError(stderr, "give --n N and exactly one FILE (- for standard input)")
	}
	return drawUniform(*seed, files[0], *n, *reserves, *showReserves, stdout)
}

// drawParseArgs parses flags that may come before or after the
// positional arguments and returns the positional ones. Everything after
// "--" is positional, for ids that begin with "-".
func drawParseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos, rest []string
	for i, a := range args {
		if a == "--" {
			args, rest = args[:i], args[i+1:]
			break
		}
	}
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, exitError{code: 2} // the flag set printed the problem
		}
		args = fs.Args()
		if len(args) == 0 {
			return append(pos, rest...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// drawFlagGiven reports whether the flag name was given on the command line.
func drawFlagGiven(fs *flag.FlagSet, name string) bool {
	found := false
	fs.Visit(func(f *flag.Flag) { found = found || f.Name == name })
	return found
}

// drawUsageError prints a usage problem and the usage text; the exit status is 2.
func drawUsageError(stderr io.Writer, msg string) error {
	fmt.Fprintf(stderr, "doublerandom draw: %s\n\n%s", msg, drawUsage)
	return exitError{code: 2}
}

func drawAddRatio(ratios map[string]draw.Ratio, v string) error {
	name, text, ok := strings.Cut(v, "=")
	if !ok || strings.TrimSpace(name) == "" {
		return fmt.Errorf("want STRATUM=RATIO, e.g. A=0.01, got %q", v)
	}
	name = strings.TrimSpace(name)
	if _, dup := ratios[name]; dup {
		return fmt.Errorf("stratum %s has two ratios", name)
	}
	r, err := draw.ParseRatio(text)
	if err != nil {
		return fmt.Errorf("stratum %s: %w", name, err)
	}
	ratios[name] = r
	return nil
}

// drawStdin is what "-" reads; tests replace it.
var drawStdin io.Reader = os.Stdin

// drawOpen opens path, or standard input for "-".
func drawOpen(path string) (io.ReadCloser, error) {
	if path == "-" {
		return io.NopCloser(drawStdin), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open candidate file: %w", err)
	}
	return f, nil
}

// drawReadIDs reads one id per line, skipping empty lines and a BOM. The
// ids are substrings of one string holding the whole input, which keeps
// reading ten million lines to one allocation for the text.
func drawReadIDs(r io.Reader) ([]string, error) {
	var sb strings.Builder
	if f, ok := r.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			sb.Grow(int(fi.Size()))
		}
	}
	if _, err := io.Copy(&sb, r); err != nil {
		return nil, fmt.Errorf("read ids: %w", err)
	}
	text := strings.TrimPrefix(sb.String(), "\ufeff")
	ids := make([]string, 0, strings.Count(text, "\n")+1)
	for line := range strings.Lines(text) {
		if id := strings.TrimSpace(line); id != "" {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

func drawUniform(seed, path string, n, reserves int, show bool, stdout io.Writer) error {
	in, err := drawOpen(path)
	if err != nil {
		return err
	}
	defer in.Close()
	ids, err := drawReadIDs(in)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	drawn, reserve, err := draw.Uniform(seed, ids, n, reserves)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	w := bufio.NewWriter(stdout)
	for _, p := range drawn {
		fmt.Fprintln(w, p.ID)
	}
	if show {
		fmt.Fprintln(w, "# reserves")
		for _, p := range reserve {
			fmt.Fprintln(w, p.ID)
		}
	}
	return w.Flush()
}

// drawReadStrata reads id,stratum records; the header "id,stratum" is allowed.
func drawReadStrata(r io.Reader) ([]draw.Candidate, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\ufeff")) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	var cands []draw.Candidate
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return cands, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read strata: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != 2 {
			return nil, fmt.Errorf("line %d: want 2 fields id,stratum, got %d", line, len(rec))
		}
		id, stratum := strings.TrimSpace(rec[0]), strings.TrimSpace(rec[1])
		if len(cands) == 0 && id == "id" && stratum == "stratum" {
			continue
		}
		if id == "" || stratum == "" {
			return nil, fmt.Errorf("line %d: empty id or stratum", line)
		}
		cands = append(cands, draw.Candidate{ID: id, Stratum: stratum})
	}
}

func drawStratified(seed, path string, ratios map[string]draw.Ratio, stdout io.Writer) error {
	in, err := drawOpen(path)
	if err != nil {
		return err
	}
	defer in.Close()
	cands, err := drawReadStrata(in)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	picks, err := draw.Stratified(seed, cands, ratios)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	w := bufio.NewWriter(stdout)
	for _, p := range picks {
		w.WriteString(p.ID + "," + p.Stratum + "\n")
	}
	return w.Flush()
}
