package web_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"doublerandom/audit"
	"doublerandom/demo"
	"doublerandom/store"
	"doublerandom/store/storetest"
	"doublerandom/workflow"
)

type auditEntry = audit.Entry

// discard is a logger that writes nothing.
var discard = slog.New(slog.NewTextHandler(io.Discard, nil))

// testNow is the clock of the test services: the demo's day.
var testNow = time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)

func newService(s *store.Store, logger *slog.Logger) *workflow.Service {
	svc := workflow.New(s, logger)
	svc.Now = func() time.Time { return testNow }
	return svc
}

// newDemoStore returns a SQLite store holding the demo run.
func newDemoStore(t *testing.T) *store.Store {
	t.Helper()
	s := storetest.MustOpen(t, storetest.DSN(t, "sqlite"))
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if _, err := demo.Run(context.Background(), newService(s, logger), t.TempDir(),
		io.Discard); err != nil {
		t.Fatal(err)
	}
	return s
}
