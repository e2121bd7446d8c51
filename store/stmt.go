package store

import (
	"context"
	"database/sql"
	"sync"
)

// maxStmts bounds the statement cache: queries built with varying text
// (IN lists, literal limits) beyond it run unprepared.
const maxStmts = 256

// stmts caches prepared statements by query text. Parsing a query costs as
// much as running a simple one, and the public search runs a few per request.
type stmts struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// prepared returns the cached prepared statement of q (already rebound), or
// nil when the cache is full or preparing fails; the caller then runs q
// directly and sees any error there.
func (s *Store) prepared(ctx context.Context, q string) *sql.Stmt {
	s.stmts.mu.Lock()
	defer s.stmts.mu.Unlock()
	if st, ok := s.stmts.m[q]; ok {
		return st
	}
	if s.stmts.m == nil {
		s.stmts.m = map[string]*sql.Stmt{}
	}
	if len(s.stmts.m) >= maxStmts {
		return nil
	}
	st, err := s.db.PrepareContext(context.WithoutCancel(ctx), q)
	if err != nil {
		return nil
	}
	s.stmts.m[q] = st
	return st
}

// closeStmts closes the cached statements.
func (s *Store) closeStmts() {
	s.stmts.mu.Lock()
	defer s.stmts.mu.Unlock()
	for _, st := range s.stmts.m {
		st.Close()
	}
	s.stmts.m = nil
}
