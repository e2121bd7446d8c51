package workflow_test

import (
	"context"
	"testing"
	"time"

	"doublerandom"
	"doublerandom/calendar"
	"doublerandom/store"
	"doublerandom/store/storetest"
	"doublerandom/workflow"
)

// TestService_CalendarYears: an admin loads a year's arrangement; it is
// stored, counts at once, and a server started later applies it; an invalid
// year is refused and stores nothing.
func TestService_CalendarYears(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := newService(t, s)
		d := func(s string) calendar.Date {
			x, err := calendar.ParseDate(s)
			if err != nil {
				t.Fatal(err)
			}
			return x
		}
		y := calendar.Year{Year: 2031, Source: "test notice",
			Holidays: []calendar.Holiday{{First: d("2031-10-01"), Last: d("2031-10-07"),
				Name: "国庆节"}},
			Workdays: []calendar.Date{d("2031-09-28")}}
		oct6 := time.Date(2031, 10, 6, 0, 0, 0, 0, time.UTC) // a Monday
		if !svc.Calendar.IsWorkday(oct6) || svc.Calendar.Known(2031) {
			t.Fatalf("2031 is already known to the built-in calendar")
		}
		if err := svc.SetCalendarYear(ctx, y); err != nil {
			t.Fatal(err)
		}
		if svc.Calendar.IsWorkday(oct6) {
			t.Errorf("2031-10-06 is a working day after loading the National Day holiday")
		}
		bad := y
		bad.Workdays = []calendar.Date{d("2031-10-08")} // a Wednesday
		err := svc.SetCalendarYear(ctx, bad)
		if doublerandom.ErrorCode(err) != doublerandom.EINVALID {
			t.Errorf("a make-up working day on a weekday: err = %v, want invalid", err)
		}

		later := workflow.New(s, nil)
		if err := later.LoadCalendar(ctx); err != nil {
			t.Fatal(err)
		}
		sat := time.Date(2031, 9, 28, 0, 0, 0, 0, time.UTC)
		if !later.Calendar.Known(2031) || later.Calendar.IsWorkday(oct6) ||
			!later.Calendar.IsWorkday(sat) {
			t.Errorf("a server started later does not apply the stored 2031 arrangement")
		}
	})
}
