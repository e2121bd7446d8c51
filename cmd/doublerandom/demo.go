package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"

	"doublerandom/demo"
	"doublerandom/store"
	"doublerandom/workflow"
)

// demoCommand builds a fresh demo database from the data shipped in the
// project, runs one whole joint task, prints a summary and serves the web
// interface.
type demoCommand struct{}

func init() { register(&demoCommand{}) }

func (*demoCommand) Name() string { return "demo" }

func (*demoCommand) Synopsis() string {
	return "demo [--db FILE] [--addr HOST:PORT] [--serve=false]: run one joint task on real data"
}

func (c *demoCommand) Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbFlag := fs.String("db", defaultDB,
		"SQLite file (replaced if it exists) or an empty postgres:// database")
	addr := fs.String("addr", defaultAddr, "address to serve the web interface on")
	doServe := fs.Bool("serve", true, "serve the web interface after the run")
	outDir := fs.String("out", "",
		"folder for the draw record (default: the SQLite file's folder, else the current one)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	logger := newLogger(io.Discard)
	if *doServe {
		logger = newLogger(stderr)
	}

	dir := "."
	if !store.IsPostgres(*dbFlag) {
		if err := removeSQLite(*dbFlag); err != nil {
			return err
		}
		dir = filepath.Dir(*dbFlag)
	}
	if *outDir != "" {
		dir = *outDir
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("the folder %s for the draw record does not exist", dir)
	}
	st, err := store.Open(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer st.Close()
	if n, err := st.CountEntities(ctx); err != nil {
		return err
	} else if n > 0 {
		return fmt.Errorf("the database %s is not empty; the demo needs an empty one",
			redact(*dbFlag))
	}

	svc := workflow.New(st, logger)
	sum, err := demo.Run(ctx, svc, dir, stdout)
	if err != nil {
		return err
	}
	for _, p := range []*string{&sum.CandidatesPath, &sum.RecordPath} {
		if abs, err := filepath.Abs(*p); err == nil {
			*p = abs
		}
	}
	fmt.Fprintf(stdout, "candidate list: %s\n", sum.CandidatesPath)
	if !*doServe {
		fmt.Fprintf(stdout, "draw record: %s\n", sum.RecordPath)
		return nil
	}
	// Listen before the last line, so that the line naming the record stays
	// the last one even while the server runs.
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", *addr, err)
	}
	fmt.Fprintf(stdout, "serving on http://%s/ (Ctrl-C to stop); task page: http://%s/tasks/%d\n",
		ln.Addr(), ln.Addr(), sum.TaskID)
	fmt.Fprintf(stdout, "draw record: %s\n", sum.RecordPath)
	return serveOn(ctx, svc, ln, logger)
}

// removeSQLite deletes a SQLite database file and its WAL companions so the
// demo starts fresh.
func removeSQLite(path string) error {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("replace demo database: %w", err)
		}
	}
	return nil
}

// redact hides a password in a database URL.
func redact(dsn string) string {
	if !store.IsPostgres(dsn) {
		return dsn
	}
	return "(the postgres database)"
}
