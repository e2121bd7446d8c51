// Package storetest opens fresh stores for tests, on SQLite always and on
// PostgreSQL when DOUBLERANDOM_TEST_POSTGRES holds its URL, so that one test
// suite runs on both databases.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver for set-up

	"doublerandom/store"
)

// EnvPostgres names the variable holding the PostgreSQL URL for tests.
const EnvPostgres = "DOUBLERANDOM_TEST_POSTGRES"

// ForEach runs fn as a subtest once per database, each with a fresh, empty,
// migrated store: "sqlite" always, "postgres" when EnvPostgres is set and
// skipped with a message otherwise.
func ForEach(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			fn(t, MustOpen(t, DSN(t, name)))
		})
	}
}

// DSN returns a data source name for a fresh database of the given kind
// ("sqlite" or "postgres"), skipping the test when PostgreSQL is not
// configured. A PostgreSQL DSN points at a new schema dropped after the test.
func DSN(t testing.TB, kind string) string {
	t.Helper()
	if kind == "sqlite" {
		return filepath.Join(t.TempDir(), "test.db")
	}
	base := os.Getenv(EnvPostgres)
	if base == "" {
		t.Skipf("PostgreSQL tests skipped: set %s to a postgres:// URL "+
			"(for example postgres://postgres@127.0.0.1:5432/test?sslmode=disable)", EnvPostgres)
	}
	schema := newSchema(t, base)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", EnvPostgres, err)
	}
	q := u.Query()
	q.Set("search_path", schema+",public")
	u.RawQuery = q.Encode()
	return u.String()
}

// newSchema creates a schema with a random name and drops it at cleanup. The
// pg_trgm extension is installed once in public, where every schema finds it.
func newSchema(t testing.TB, base string) string {
	t.Helper()
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	ctx := context.Background()
	// Test packages run in parallel and may race to create the extension:
	// what counts is that it exists afterwards.
	_, extErr := db.ExecContext(ctx, `CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`)
	var ok bool
	db.QueryRowContext(ctx, `SELECT true FROM pg_extension WHERE extname = 'pg_trgm'`).Scan(&ok)
	if !ok {
		db.Close()
		t.Fatalf("postgres set-up: pg_trgm: %v", extErr)
	}
	if _, err := db.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		db.Close()
		t.Fatalf("postgres set-up: create schema: %v", err)
	}
	t.Cleanup(func() {
		db.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
		db.Close()
	})
	return schema
}

// MustOpen opens and migrates the store at dsn, closing it at cleanup.
func MustOpen(t testing.TB, dsn string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
