// Package workflow carries a joint random inspection task through its steps,
// each stored before the next may start: the task is created from the item
// lists; the candidate list is frozen and its SHA-256 published together
// with the departments' commitments; the secrets are revealed and the seed
// fixed; businesses and teams are drawn; a result is recorded per business;
// the results are published. The server refuses a step out of order.
package workflow

import (
	"log/slog"
	"time"

	"doublerandom/store"
)

// Service runs the steps of joint tasks on a store.
type Service struct {
	Store  *store.Store
	Logger *slog.Logger
	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// New returns a service on st.
func New(st *store.Store, logger *slog.Logger) *Service {
	if logger == nil {
		logger = slog.Default()
	}
	return &Service{Store: st, Logger: logger.With("component", "workflow"), Now: time.Now}
}

func (s *Service) now() time.Time { return s.Now().UTC() }
