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

	"doublerandom/calendar"
	"doublerandom/store"
)

// Service runs the steps of joint tasks on a store.
type Service struct {
	Store  *store.Store
	Logger *slog.Logger
	// Now returns the current time; tests replace it.
	Now func() time.Time
	// Calendar counts the working days of deadlines (SPEC R16); New loads
	// the built-in years and LoadCalendar the ones an admin stored.
	Calendar *calendar.Calendar
	// MarketDept is the code of the market supervision bureau, which must
	// lead at least one joint inspection a year (Art. 12).
	MarketDept string
}

// DefaultMarketDept is the market supervision bureau's department code.
const DefaultMarketDept = "SCJG"

// New returns a service on st.
func New(st *store.Store, logger *slog.Logger) *Service {
	if logger == nil {
		logger = slog.Default()
	}
	return &Service{Store: st, Logger: logger.With("component", "workflow"), Now: time.Now,
		Calendar: calendar.New(), MarketDept: DefaultMarketDept}
}

func (s *Service) now() time.Time { return s.Now().UTC() }
