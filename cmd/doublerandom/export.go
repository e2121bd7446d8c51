package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"doublerandom/directory"
)

func init() { register(&exportCommand{}) }

// exportCommand writes a department's item list or directory to standard
// output (SPEC R4). Scripts depend on it: the file is all that goes to
// standard output, CSV in UTF-8 with a byte order mark or XLSX.
type exportCommand struct{}

// Name implements command.
func (*exportCommand) Name() string { return "export" }

// Synopsis implements command.
func (*exportCommand) Synopsis() string {
	return "export items|entities|inspectors --db DB --dept CODE --format csv|xlsx"
}

const exportUsage = `usage: doublerandom export KIND --db DB --dept CODE --format csv|xlsx [flags]

Writes to standard output, as CSV (UTF-8 with a byte order mark, which
Excel opens) or XLSX:
  items       the department's current item list, or --version N
  entities    the department's object directory (the whole district registry
              without --dept), as it stands now or as of --at
  inspectors  the department's inspector directory; identity and phone
              numbers are masked unless --personal is given
Cells beginning with = + - or @ get a leading apostrophe against formula
injection; the importer drops it again. The columns are the ones the
importer reads, so an export imports again.

flags:
`

// Run implements command.
func (*exportCommand) Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, exportUsage)
		fs.PrintDefaults()
	}
	dbFlag := fs.String("db", "", "SQLite file or postgres:// URL (required)")
	dept := fs.String("dept", "", "department `CODE`")
	format := fs.String("format", directory.FormatCSV, "csv or xlsx")
	version := fs.Int("version", 0, "items: the version to export (default the current one)")
	at := fs.String("at", "", "entities: the directory as of `TIME` (RFC 3339 or YYYY-MM-DD)")
	personal := fs.Bool("personal", false, "inspectors: identity and phone numbers in full")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return exitError{2}
	}
	opt := directory.ExportOptions{Kind: pos[0], Dept: *dept, Format: *format,
		Version: *version, Personal: *personal}
	if *at != "" {
		if opt.At, err = parseMoment(*at); err != nil {
			fmt.Fprintf(stderr, "doublerandom export: --at %q: %v\n", *at, err)
			return exitError{2}
		}
	}
	st, err := openStore(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer st.Close()
	w := bufio.NewWriterSize(stdout, 64<<10)
	if err := directory.Export(ctx, st, w, opt); err != nil {
		return err
	}
	return w.Flush()
}

// parseMoment reads an RFC 3339 time or a date (the end of that day in
// China).
func parseMoment(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	d, err := time.ParseInLocation("2006-01-02", s, time.FixedZone("CST", 8*3600))
	if err != nil {
		return time.Time{}, fmt.Errorf("write it as 2026-07-01 or 2026-07-01T08:00:00+08:00")
	}
	return d.AddDate(0, 0, 1).Add(-time.Microsecond), nil
}
