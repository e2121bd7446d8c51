package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"sort"
	"time"

	"doublerandom"
	"doublerandom/bench"
	"doublerandom/store"
	"doublerandom/web"
	"doublerandom/workflow"
)

// benchCommand measures the public search under load (SPEC R17): it fills a
// database with a generated directory, serves the web interface on
// loopback and runs concurrent clients against /search.
type benchCommand struct{}

func init() { register(&benchCommand{}) }

// Name implements command.
func (*benchCommand) Name() string { return "bench" }

// Synopsis implements command.
func (*benchCommand) Synopsis() string {
	return "bench search --db FILE [--businesses N] [--clients N] [--duration D]: load-test search"
}

// Run implements command.
func (*benchCommand) Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "search" {
		fmt.Fprintln(stderr, "usage: doublerandom bench search --db FILE [flags]")
		return exitError{2}
	}
	fs := flag.NewFlagSet("bench search", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbFlag := fs.String("db", "bench.db", "database to fill (if smaller) and search")
	n := fs.Int("businesses", 1_000_000, "size of the directory; missing ones are generated")
	clients := fs.Int("clients", 200, "concurrent clients")
	dur := fs.Duration("duration", 60*time.Second, "length of the run")
	think := fs.Duration("think", 0, "pause of each client between requests (0: closed loop)")
	maxP99 := fs.Duration("max-p99", 100*time.Millisecond, "fail when p99 latency exceeds this")
	seed := fs.Uint64("seed", 1, "seed of the generated directory and queries")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	ctx = doublerandom.WithActor(ctx, cliActor())
	st, err := store.Open(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := fillDirectory(ctx, st, *n, *seed, stdout); err != nil {
		return err
	}

	h, err := web.New(workflow.New(st, newLogger(io.Discard)), newLogger(io.Discard))
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()

	qs := bench.Queries(rand.New(rand.NewPCG(*seed, 2)), 20_000, *n)
	fmt.Fprintf(stdout, "searching %s: %d clients, %s, think %s, %d distinct queries\n",
		st.Dialect(), *clients, *dur, *think, len(qs))
	rep, err := bench.Search(ctx, bench.Options{URL: "http://" + ln.Addr().String(),
		Clients: *clients, Duration: *dur, Think: *think, Queries: qs})
	if err != nil {
		return err
	}
	printReport(stdout, rep)
	switch {
	case rep.Errors > 0:
		fmt.Fprintf(stdout, "FAILED: %d errors, first: %s\n", rep.Errors, rep.FirstError)
		return exitError{1}
	case rep.All.P99 > *maxP99:
		fmt.Fprintf(stdout, "FAILED: p99 %s is over %s\n", ms(rep.All.P99), ms(*maxP99))
		return exitError{1}
	}
	fmt.Fprintf(stdout, "OK: no errors, p99 %s within %s\n", ms(rep.All.P99), ms(*maxP99))
	return nil
}

// fillDirectory generates businesses until the store holds n.
func fillDirectory(ctx context.Context, st *store.Store, n int, seed uint64,
	stdout io.Writer) error {
	have, err := st.CountEntities(ctx)
	if err != nil {
		return err
	}
	if have >= n {
		fmt.Fprintf(stdout, "directory: %d businesses\n", have)
		return nil
	}
	t0 := time.Now()
	err = bench.Directory(ctx, st, n-have, seed, func(done int) {
		if done%200_000 == 0 || done == n-have {
			fmt.Fprintf(stdout, "generated %d of %d businesses (%s)\n", done, n-have,
				time.Since(t0).Round(time.Second))
		}
	})
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("generation interrupted; run again to continue")
	}
	return err
}

func printReport(w io.Writer, rep *bench.Report) {
	fmt.Fprintf(w, "%d requests in %s: %.0f/s, %d errors\n", rep.All.N,
		rep.Elapsed.Round(time.Millisecond), rep.RequestsPerSecond(), rep.Errors)
	fmt.Fprintf(w, "%-6s %8s %8s %8s %8s %8s\n", "kind", "n", "p50", "p90", "p99", "max")
	row := func(kind string, s *bench.Stats) {
		fmt.Fprintf(w, "%-6s %8d %8s %8s %8s %8s\n", kind, s.N, ms(s.P50), ms(s.P90), ms(s.P99),
			ms(s.Max))
	}
	kinds := make([]string, 0, len(rep.ByKind))
	for k := range rep.ByKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		row(k, rep.ByKind[k])
	}
	row("all", &rep.All)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d)/1e6) }
