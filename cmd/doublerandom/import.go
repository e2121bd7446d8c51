package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/term"

	"doublerandom"
	"doublerandom/directory"
	"doublerandom/importer"
)

func init() { register(&importCommand{}) }

// importCommand imports a file into the item list or a directory (SPEC R4).
// Scripts depend on its output: the last line on standard output is
// "imported N, skipped M", N counting the rows stored; the row errors go
// to standard error; the exit status is 1 when any row was refused (and,
// in the default strict mode, nothing was stored), 2 for bad usage.
type importCommand struct{}

// Name implements command.
func (*importCommand) Name() string { return "import" }

// Synopsis implements command.
func (*importCommand) Synopsis() string {
	return "import items|entities|inspectors|risk|... --db DB --dept CODE FILE [--skip-invalid]"
}

const importUsage = `usage: doublerandom import KIND --db DB --dept CODE FILE [flags]

KIND is one of
  items       a department's item list (抽查事项清单): a new version of the list
  entities    businesses entering the district registry (检查对象名录库)
  inspectors  a department's inspector directory (执法检查人员名录库)
  risk        risk classes (信用风险分类结果) of businesses in the directory
  abnormal    the abnormal-operation list (经营异常名录): 列入日期, 移出日期
  complaints  complaint counts (投诉举报次数)
  status      registry status changes: 注销, 吊销, 迁出 (moved out), with dates
  library     a special library (专项库) in the provincial template's layout
  conflicts   inspectors' conflicts of interest (回避): 执法证号, code, 回避事由

FILE is XLSX, Excel 2003 XML, or CSV in UTF-8 or GB18030. The import is
strict: any refused row and nothing is stored. With --skip-invalid the good
rows are stored. Row errors go to standard error with file, row, column and
rule; the last line of standard output is "imported N, skipped M". The exit
status is 0 when every row was stored, 1 when any row was refused or the
file could not be read, 2 for bad usage. A progress bar shows on a terminal.

flags:
`

// Run implements command.
func (*importCommand) Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, importUsage)
		fs.PrintDefaults()
	}
	dbFlag := fs.String("db", "", "SQLite file or postgres:// URL (required)")
	dept := fs.String("dept", "", "department `CODE` the file belongs to")
	skip := fs.Bool("skip-invalid", false, "store the good rows and report the rest")
	acceptBad := fs.Bool("accept-bad-check", false,
		"accept business codes whose check character fails, flagged for review")
	effective := fs.String("effective", "", "items: the `DATE` the new version takes effect "+
		"(default today)")
	note := fs.String("note", "", "items: why the list changed")
	report := fs.String("report", "",
		"write refused rows back as `FILE.xlsx` with an error column")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 && !slices.Contains(directory.Kinds, pos[0]) {
		fmt.Fprintf(stderr, "doublerandom import: unknown kind %q (one of %s)\n", pos[0],
			strings.Join(directory.Kinds, ", "))
		return exitError{2}
	}
	if len(pos) != 2 {
		fs.Usage()
		return exitError{2}
	}
	opt := directory.Options{Kind: pos[0], Dept: *dept, SkipInvalid: *skip,
		AcceptBadCheck: *acceptBad, Note: *note}
	if *effective != "" {
		if opt.Effective, err = time.Parse(doublerandom.DateLayout, *effective); err != nil {
			fmt.Fprintf(stderr, "doublerandom import: --effective %q: write the date as "+
				"2026-07-01\n", *effective)
			return exitError{2}
		}
	}
	return runImport(ctx, *dbFlag, pos[1], *report, opt, stdout, stderr)
}

// runImport imports path and prints the report.
func runImport(ctx context.Context, db, path, reportPath string, opt directory.Options,
	stdout, stderr io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintf(stdout, "imported 0, skipped 0\n")
		return doublerandom.Errorf(doublerandom.EINVALID, "cannot open %s: %v", path, err)
	}
	defer f.Close()
	st, err := openStore(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx = doublerandom.WithActor(ctx, cliActor())

	var errs directory.Errors
	if reportPath != "" {
		opt.OnError = errs.Add
	}
	bar := newProgress(stderr, f)
	opt.Progress = bar.update
	name := filepath.Base(path)
	res, err := directory.Import(ctx, st, f, name, opt)
	bar.done()
	if err != nil {
		fmt.Fprintf(stdout, "imported 0, skipped 0\n")
		return err
	}
	printImportReport(stderr, res.Report, opt.SkipInvalid)
	if res.Version != nil {
		fmt.Fprintf(stderr, "item list of %s: version %d, effective %s, %d items, SHA-256 %s "+
			"(not yet published)\n", opt.Dept, res.Version.Version,
			res.Version.Effective.Format(doublerandom.DateLayout), res.Version.Items,
			res.Version.SHA256)
	}
	if reportPath != "" && errs.Len() > 0 {
		if err := writeReport(reportPath, path, res.Report.HeaderRow, &errs); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "error report: %s\n", reportPath)
	}
	fmt.Fprintln(stdout, res.Summary())
	if res.Report.Skipped > 0 {
		return exitError{1}
	}
	return nil
}

// printImportReport prints the row errors and, for a refused strict import, why
// nothing was stored.
func printImportReport(w io.Writer, rep *importer.Report, skip bool) {
	for _, e := range rep.Errors {
		fmt.Fprintln(w, e.Error())
	}
	if rep.MoreErrors > 0 {
		fmt.Fprintf(w, "... and %d more errors\n", rep.MoreErrors)
	}
	switch {
	case rep.Skipped == 0 || skip:
	case rep.Imported == 0:
		fmt.Fprintf(w, "nothing stored: all %d rows refused\n", rep.Skipped)
	default:
		fmt.Fprintf(w, "nothing stored: %d rows refused, so none of the %d good rows was "+
			"stored; correct the rows, or import with --skip-invalid to store the good ones\n",
			rep.Skipped, rep.Imported)
	}
}

// writeReport writes the file at path back as an XLSX error report.
func writeReport(reportPath, path string, header int, errs *directory.Errors) error {
	content, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	out, err := os.Create(reportPath)
	if err != nil {
		return err
	}
	if err := directory.WriteReport(out, content, filepath.Base(path), header, errs); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// parseInterspersed parses flags placed before, between or after the
// positional arguments, which it returns in order.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, flagError(err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos, args = append(pos, args[0]), args[1:]
	}
}

// progress draws a progress bar of an import on a terminal, by bytes read
// of the file, at most ten times a second. It draws nothing when its writer
// is not a terminal, so that scripts and logs stay quiet.
type progress struct {
	w     io.Writer
	total int64
	start time.Time
	last  time.Time
	on    bool
}

// barWidth is the width of the bar in characters.
const barWidth = 30

// newProgress returns the progress bar of reading f, shown on w when w is
// a terminal.
func newProgress(w io.Writer, f *os.File) *progress {
	p := &progress{w: w, start: time.Now()}
	out, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(out.Fd())) {
		return p
	}
	if st, err := f.Stat(); err == nil && st.Size() > 0 {
		p.total, p.on = st.Size(), true
	}
	return p
}

// update redraws the bar for read bytes.
func (p *progress) update(read int64) {
	if !p.on || time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.last = time.Now()
	frac := min(float64(read)/float64(p.total), 1)
	n := int(frac * barWidth)
	fmt.Fprintf(p.w, "\r[%s%s] %3.0f%% %s of %s, %s", strings.Repeat("#", n),
		strings.Repeat(".", barWidth-n), frac*100, size(read), size(p.total),
		time.Since(p.start).Round(time.Second))
}

// done clears the bar.
func (p *progress) done() {
	if p.on {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

// size writes a byte count for people.
func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
