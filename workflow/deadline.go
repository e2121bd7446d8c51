package workflow

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"time"

	"doublerandom"
	"doublerandom/calendar"
	"doublerandom/store"
)

// The deadlines of SPEC R16, in working days.
const (
	// ResultsWorkdays: results are published within 20 working days after
	// the task's inspections end (Art. 23).
	ResultsWorkdays = 20
	// PenaltyWorkdays: a penalty decision is published within 7 working days
	// of the decision (Art. 25).
	PenaltyWorkdays = 7
	// NearlyDueWorkdays: a deadline this many working days away or nearer is
	// shown as nearly due.
	NearlyDueWorkdays = 3
)

// resultsDue returns the last day on which task t's results are on time,
// and whether the calendar knows every year on the way.
func (s *Service) resultsDue(t *doublerandom.Task) (time.Time, bool) {
	return s.Calendar.Due(t.LastDay(), ResultsWorkdays)
}

// penaltyDue returns the last day on which penalty p is published on time.
func (s *Service) penaltyDue(p *doublerandom.Penalty) (time.Time, bool) {
	return s.Calendar.Due(p.DecidedOn, PenaltyWorkdays)
}

// NearlyDue reports whether an open deadline is due within
// NearlyDueWorkdays working days.
func NearlyDue(d doublerandom.Deadline) bool {
	return d.Done.IsZero() && d.Left >= 0 && d.Left <= NearlyDueWorkdays
}

// Deadlines returns the open deadlines, earliest due first: the results of
// every task drawn or frozen but not yet published, and every penalty
// decision not yet published. With dept set, only those the department is
// responsible for: the tasks it leads or joins and its own decisions.
func (s *Service) Deadlines(ctx context.Context, dept string) ([]doublerandom.Deadline, error) {
	today := s.today()
	var out []doublerandom.Deadline
	tasks, err := s.Store.Tasks(ctx, doublerandom.TaskCreated, doublerandom.TaskCommitted,
		doublerandom.TaskDrawn)
	if err != nil {
		return nil, err
	}
	for i := range tasks {
		t := &tasks[i]
		if dept != "" && !slices.Contains(t.Departments(), dept) {
			continue
		}
		due, ok := s.resultsDue(t)
		out = append(out, doublerandom.Deadline{Kind: doublerandom.DeadlineResults, Ref: t.ID,
			Dept: t.LeadDept, Title: t.Title, Start: t.LastDay(), Due: due,
			Left: s.Calendar.WorkdaysBetween(today, due), Provisional: !ok})
	}
	ps, err := s.Store.Penalties(ctx, store.PenaltyFilter{Dept: dept, Unpublished: true})
	if err != nil {
		return nil, err
	}
	for i := range ps {
		p := &ps[i]
		due, ok := s.penaltyDue(p)
		out = append(out, doublerandom.Deadline{Kind: doublerandom.DeadlinePenalty, Ref: p.ID,
			Dept: p.Dept, Title: p.DecisionNo, Start: p.DecidedOn, Due: due,
			Left: s.Calendar.WorkdaysBetween(today, due), Provisional: !ok})
	}
	slices.SortStableFunc(out, func(a, b doublerandom.Deadline) int {
		return a.Due.Compare(b.Due)
	})
	return out, nil
}

// SweepDeadlines records every open deadline that has passed as missed, once
// each, and returns how many it newly recorded. The server runs it daily;
// publishing late records the miss too, with its done time.
func (s *Service) SweepDeadlines(ctx context.Context) (int, error) {
	ds, err := s.Deadlines(ctx, "")
	if err != nil {
		return 0, err
	}
	n := 0
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		for _, d := range ds {
			if !d.Overdue() {
				continue
			}
			ok, err := tx.RecordMissed(ctx, doublerandom.Missed{Kind: d.Kind, Ref: d.Ref,
				Dept: d.Dept, Due: d.Due, RecordedAt: s.now()})
			if err != nil {
				return err
			}
			if ok {
				n++
				s.Logger.Warn("deadline missed", "kind", d.Kind, "ref", d.Ref, "dept", d.Dept,
					"due", d.Due.Format(doublerandom.DateLayout))
			}
		}
		return nil
	})
	return n, err
}

// LoadCalendar applies the holiday arrangements an admin stored to the
// service's calendar, over the built-in ones. The server calls it at start.
func (s *Service) LoadCalendar(ctx context.Context) error {
	ys, err := s.Store.CalendarYears(ctx)
	if err != nil {
		return err
	}
	for _, stored := range ys {
		var y calendar.Year
		if err := json.Unmarshal(stored.Body, &y); err != nil {
			return fmt.Errorf("stored calendar of %d: %w", stored.Year, err)
		}
		if err := s.Calendar.SetYear(y); err != nil {
			return fmt.Errorf("stored calendar of %d: %w", stored.Year, err)
		}
	}
	return nil
}

// SetCalendarYear validates a year's holiday arrangement, stores it and
// makes the calendar use it: how an admin loads the arrangement announced
// each November, or corrects a year.
func (s *Service) SetCalendarYear(ctx context.Context, y calendar.Year) error {
	if err := y.Validate(); err != nil {
		return err
	}
	body, err := json.Marshal(y)
	if err != nil {
		return err
	}
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		return tx.PutCalendarYear(ctx, store.CalendarYear{Year: y.Year, Body: body,
			UpdatedBy: doublerandom.ActorFrom(ctx).ID, UpdatedAt: s.now()})
	})
	if err != nil {
		return err
	}
	s.Logger.Info("calendar year set", "year", y.Year, "holidays", len(y.Holidays),
		"workdays", len(y.Workdays))
	return s.Calendar.SetYear(y)
}

// LoadCalendarFile reads arrangements in the shape of holidays-cn.json (see
// calendar.ParseYears) and sets each year. Nothing is stored when any year
// of the file is invalid.
func (s *Service) LoadCalendarFile(ctx context.Context, r io.Reader) ([]calendar.Year, error) {
	ys, err := calendar.ParseYears(r)
	if err != nil {
		return nil, err
	}
	for _, y := range ys {
		if err := s.SetCalendarYear(ctx, y); err != nil {
			return nil, err
		}
	}
	return ys, nil
}

// RunSweeper runs SweepDeadlines now and then every interval until ctx is
// done, logging what it records and any failure. The server runs it.
func (s *Service) RunSweeper(ctx context.Context, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		if n, err := s.SweepDeadlines(ctx); err != nil && ctx.Err() == nil {
			s.Logger.Error("deadline sweep failed", "error", err)
		} else if n > 0 {
			s.Logger.Info("deadline sweep", "missed", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
