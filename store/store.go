// Package store keeps doublerandom's data in SQL: SQLite (the embedded
// default) or PostgreSQL, with one schema and one behaviour. The SQL shared
// by both lives here; what only one database speaks (opening, migrations,
// full-text search) lives in the sqlite and postgres packages beside it.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"doublerandom"
	"doublerandom/store/postgres"
	"doublerandom/store/sqlite"
)

// Store is a connection to the database with the queries of the system.
// It is safe for concurrent use.
type Store struct {
	db       *sql.DB
	postgres bool
	stmts    stmts
}

// Open opens the database named by dsn, a postgres:// (or postgresql://) URL
// or else a SQLite file path, and brings its schema up to date.
func Open(ctx context.Context, dsn string) (*Store, error) {
	var (
		s   = &Store{}
		err error
	)
	if IsPostgres(dsn) {
		s.postgres = true
		if s.db, err = postgres.Open(ctx, dsn); err != nil {
			return nil, err
		}
		err = postgres.Migrate(ctx, s.db)
	} else {
		if s.db, err = sqlite.Open(ctx, dsn); err != nil {
			return nil, err
		}
		err = sqlite.Migrate(ctx, s.db)
	}
	if err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Dialect returns "postgres" or "sqlite".
func (s *Store) Dialect() string {
	if s.postgres {
		return "postgres"
	}
	return "sqlite"
}

// Close closes the database.
func (s *Store) Close() error {
	s.closeStmts()
	return s.db.Close()
}

// DB returns the underlying database handle, for tests and benchmarks.
func (s *Store) DB() *sql.DB { return s.db }

// rebind turns the ? placeholders of q into the database's own.
func (s *Store) rebind(q string) string {
	if !s.postgres {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString(postgres.Placeholder(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Tx is a transaction with the same queries as Store.
type Tx struct {
	s  *Store
	tx *sql.Tx
}

// InTx runs fn in a transaction, committing when fn returns nil and rolling
// back otherwise.
func (s *Store) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(&Tx{s: s, tx: tx}); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func (t *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.s.rebind(q), args...)
}

func (s *Store) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return s.db.ExecContext(ctx, s.rebind(q), args...)
}

func (s *Store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q = s.rebind(q)
	if st := s.prepared(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return s.db.QueryContext(ctx, q, args...)
}

func (s *Store) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	q = s.rebind(q)
	if st := s.prepared(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return s.db.QueryRowContext(ctx, q, args...)
}

// Time values are stored as RFC 3339 text in UTC and dates as YYYY-MM-DD, so
// that both databases store and compare them the same way.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339Nano, s)
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(doublerandom.DateLayout)
}

func parseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(doublerandom.DateLayout, s)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// notFound maps sql.ErrNoRows to a coded not-found error.
func notFound(err error, format string, args ...any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return doublerandom.Errorf(doublerandom.ENOTFOUND, format, args...)
	}
	return err
}
