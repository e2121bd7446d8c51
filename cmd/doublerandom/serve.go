package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"doublerandom/store"
	"doublerandom/web"
	"doublerandom/workflow"
)

// serveCommand serves the web interface over an existing database.
type serveCommand struct{}

func init() { register(&serveCommand{}) }

func (*serveCommand) Name() string { return "serve" }

func (*serveCommand) Synopsis() string {
	return "serve --db FILE|postgres://... --addr HOST:PORT: serve the web interface"
}

func (c *serveCommand) Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbFlag := fs.String("db", "", "SQLite file or postgres:// URL (required)")
	addr := fs.String("addr", defaultAddr, "address to listen on")
	secure := fs.Bool("secure-cookies", false,
		"mark the session cookie Secure (set it when a TLS proxy serves the site)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dbFlag == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: doublerandom serve --db FILE|postgres://... "+
			"[--addr HOST:PORT] "+
			"[--secure-cookies]")
		fs.PrintDefaults()
		return flag.ErrHelp
	}
	var opts []web.Option
	if *secure {
		opts = append(opts, web.WithSecureCookies())
	}
	logger := newLogger(stderr)
	st, err := store.Open(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer st.Close()
	return serve(ctx, workflow.New(st, logger), *addr, stdout, logger, opts...)
}

// Defaults shared by the commands.
const (
	defaultDB   = "doublerandom-demo.db"
	defaultAddr = "127.0.0.1:8080"
	// sweepEvery is how often the server records missed deadlines.
	sweepEvery = time.Hour
)

// newLogger returns the text logger the commands write to stderr.
func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

// serve runs the web interface on addr until ctx is done, then shuts down
// gracefully.
func serve(ctx context.Context, svc *workflow.Service, addr string, stdout io.Writer,
	logger *slog.Logger, opts ...web.Option) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", addr, err)
	}
	fmt.Fprintf(stdout, "serving on http://%s/ (Ctrl-C to stop)\n", ln.Addr())
	return serveOn(ctx, svc, ln, logger, opts...)
}

// serveOn runs the web interface on a listener until ctx is done.
func serveOn(ctx context.Context, svc *workflow.Service, ln net.Listener, logger *slog.Logger,
	opts ...web.Option) error {
	defer ln.Close()
	h, err := web.New(svc, logger, opts...)
	if err != nil {
		return err
	}
	// The holiday arrangements an admin stored count from the start, and
	// missed deadlines are recorded as they pass (SPEC R16).
	if err := svc.LoadCalendar(ctx); err != nil {
		return err
	}
	go svc.RunSweeper(ctx, sweepEvery)
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
