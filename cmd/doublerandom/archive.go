package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"

	"doublerandom"
	"doublerandom/archive"
	"doublerandom/workflow"
)

// archiveCommand builds and verifies archive packages (检查档案, SPEC R23).
type archiveCommand struct{}

func init() { register(&archiveCommand{}) }

// Name implements command.
func (*archiveCommand) Name() string { return "archive" }

// Synopsis implements command.
func (*archiveCommand) Synopsis() string {
	return "archive build|verify: build a task's or a department-year's archive; verify a zip"
}

const archiveUsage = `usage: doublerandom archive build --db DB --task N -o FILE.zip
       doublerandom archive build --db DB --dept CODE --year YYYY -o FILE.zip
       doublerandom archive verify FILE.zip

build writes the archive package of a task (drawn or published) or of a
department's year: every record, evidence file and draw record, with a
manifest of SHA-256 hashes. It prints the package's own SHA-256. Building
does not deliver: a department delivers its year's archive to the joint
meeting office in the staff pages, which checks its ten steps first.

verify checks that every file the manifest lists is in the zip with its size
and SHA-256 and that the zip holds nothing else. It prints "ok" and the
number of files and exits 0, or prints each problem and exits 1. Errors exit 2.
`

// Run implements command.
func (c *archiveCommand) Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, archiveUsage)
		return exitError{2}
	}
	switch args[0] {
	case "build":
		return c.build(ctx, args[1:], stdout, stderr)
	case "verify":
		return c.verify(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "doublerandom archive: unknown action %q\n", args[0])
	fmt.Fprint(stderr, archiveUsage)
	return exitError{2}
}

func (c *archiveCommand) build(ctx context.Context, args []string, stdout,
	stderr io.Writer) error {
	fs := flag.NewFlagSet("archive build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, archiveUsage); fs.PrintDefaults() }
	dbFlag := fs.String("db", "", "SQLite file or postgres:// URL (required)")
	task := fs.Int64("task", 0, "the task to archive")
	dept := fs.String("dept", "", "the department whose year to archive")
	year := fs.Int("year", 0, "the year to archive, with --dept")
	out := fs.String("o", "", "the zip file to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	byTask, byYear := *task != 0, *dept != "" || *year != 0
	if byTask == byYear || (byYear && (*dept == "" || *year == 0)) || *out == "" ||
		fs.NArg() > 0 {
		fs.Usage()
		return exitError{2}
	}
	st, err := openStore(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer st.Close()
	svc := workflow.New(st, newLogger(io.Discard))
	ctx = doublerandom.WithActor(ctx, cliActor())
	var buf bytes.Buffer
	if byTask {
		err = svc.BuildTaskArchive(ctx, *task, &buf)
	} else {
		err = svc.BuildYearArchive(ctx, *dept, *year, &buf)
	}
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", *out, err)
	}
	sum := sha256.Sum256(buf.Bytes())
	fmt.Fprintf(stdout, "%s: %d bytes, SHA-256 %s\n", *out, buf.Len(), hex.EncodeToString(sum[:]))
	return nil
}

func (c *archiveCommand) verify(args []string, stdout, stderr io.Writer) error {
	if len(args) != 1 {
		fmt.Fprint(stderr, archiveUsage)
		return exitError{2}
	}
	m, probs, err := archive.VerifyFile(args[0])
	if err != nil {
		fmt.Fprintf(stderr, "doublerandom archive verify: %s: %v\n", args[0], err)
		return exitError{2}
	}
	if len(probs) > 0 {
		for _, p := range probs {
			fmt.Fprintln(stdout, p)
		}
		fmt.Fprintf(stdout, "FAILED: %d problems in %s\n", len(probs), args[0])
		return exitError{1}
	}
	fmt.Fprintf(stdout, "ok: %d files match the manifest of %q (%s)\n", len(m.Files), m.Title,
		m.CreatedAt)
	return nil
}
