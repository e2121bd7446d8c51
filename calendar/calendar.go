// Package calendar counts working days (工作日) on the official Chinese
// calendar, for the deadlines of SPEC R16: inspection results are published
// within 20 working days after a task's inspections end, penalty decisions
// within 7 working days of the decision.
//
// A working day is a Monday to Friday that is not inside a public holiday
// (法定节假日) period, or a make-up working day (调休上班): a Saturday or
// Sunday that the year's arrangement turns into a working day. Each year's
// arrangement is announced by the State Council General Office, usually in
// November of the year before. New loads the arrangements that
// github.com/6tail/lunar-go (package HolidayUtil) carries; an admin adds or
// corrects a year with SetYear, e.g. from a file read by ParseYears. For a
// year without an arrangement the calendar counts weekends only, and Known
// reports false so that callers can warn that a deadline is provisional.
//
// Only the calendar date of a time.Time counts, taken in the time's own
// location; the clock time never does.
//
// Counting convention: "n working days after d" means the nth working day
// strictly after d's date, whether or not d itself is a working day. Results
// for a task whose inspections end on Wednesday 2026-09-30 are due 20 working
// days later: 2026-10-01..07 are the National Day holiday and Saturday
// 2026-10-10 is a make-up working day, so the first working day after the end
// is 2026-10-08 and the 20th is 2026-11-03. Something due on that date is on
// time when done at any hour of it.
package calendar

import (
	"maps"
	"slices"
	"sync"
	"time"
)

// Calendar is the official calendar: the built-in arrangements plus any that
// an admin set. It is safe for concurrent use.
type Calendar struct {
	mu    sync.RWMutex
	years map[int]Year   // arrangement by year
	work  map[int64]bool // by day number: dates an arrangement names; true = working
	diffs []int64        // sorted day numbers where work differs from the weekend rule
}

// New returns a calendar holding the built-in arrangements (see Builtin).
func New() *Calendar {
	c := &Calendar{years: map[int]Year{}}
	for _, y := range Builtin() {
		c.years[y.Year] = y
	}
	c.rebuild()
	return c
}

// SetYear validates y and makes it the arrangement for y.Year, replacing the
// built-in or earlier one. An invalid y is an EINVALID error and changes
// nothing.
func (c *Calendar) SetYear(y Year) error {
	if err := y.Validate(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.years[y.Year] = y.clone()
	c.rebuild()
	return nil
}

// Years returns a copy of every arrangement the calendar holds, oldest first.
func (c *Calendar) Years() []Year {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]Year, 0, len(c.years))
	for _, y := range c.years {
		out = append(out, y.clone())
	}
	slices.SortFunc(out, func(a, b Year) int { return a.Year - b.Year })
	return out
}

// Known reports whether the calendar holds the official arrangement for
// year. For other years it counts weekends only.
func (c *Calendar) Known(year int) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	_, ok := c.years[year]
	return ok
}

// IsWorkday reports whether d's date is a working day.
func (c *Calendar) IsWorkday(d time.Time) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.isWork(dayOf(d))
}

// AddWorkdays returns d moved to the nth working day strictly after d's date,
// or for negative n the |n|th working day strictly before it; n = 0 returns d
// unchanged. The clock time and location of d are kept. |n| is capped at
// 1e9, millions of years beyond any date of interest.
func (c *Calendar) AddWorkdays(d time.Time, n int) time.Time {
	c.mu.RLock()
	defer c.mu.RUnlock()
	x := dayOf(d)
	return d.AddDate(0, 0, int(c.step(x, capSteps(n))-x))
}

// WorkdaysBetween counts the working days passed on the way from a's date to
// b's: for a <= b the working days d with a < d <= b, and for b < a minus the
// working days d with b <= d < a. Thus WorkdaysBetween(a, AddWorkdays(a, n))
// is n for every n, and WorkdaysBetween(today, due) is the number of working
// days left until due, or minus how many have passed since it.
func (c *Calendar) WorkdaysBetween(a, b time.Time) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	xa, xb := dayOf(a), dayOf(b)
	if xa <= xb {
		return int(c.count(xa, xb))
	}
	return -int(c.count(xb-1, xa-1))
}

// Due returns the deadline for something that must be done within n working
// days after start (results: n = 20 after the inspections end): the nth
// working day strictly after start's date, at midnight in start's location.
// Done at any time on that date is on time. ok reports whether every year
// from start to the deadline has an official arrangement; if not, the
// deadline counts weekends only for the missing years and may move once the
// arrangement is loaded. (The last days of December can also change with the
// next year's arrangement; ok does not look that far.)
func (c *Calendar) Due(start time.Time, n int) (due time.Time, ok bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	x := dayOf(start)
	d := DateOf(start.AddDate(0, 0, int(c.step(x, capSteps(n))-x)))

	lo, hi := min(start.Year(), d.Year), max(start.Year(), d.Year)
	ok = true
	for y := lo; y <= hi && ok; y++ {
		_, ok = c.years[y]
	}
	return d.Time(start.Location()), ok
}

// rebuild recomputes the day index from c.years; c.mu must be held. Later
// arrangements win, so a December date named by next year's arrangement
// follows that one.
func (c *Calendar) rebuild() {
	c.work = map[int64]bool{}
	for _, yr := range slices.Sorted(maps.Keys(c.years)) {
		y := c.years[yr]
		for _, h := range y.Holidays {
			for x := h.First.day(); x <= h.Last.day(); x++ {
				c.work[x] = false
			}
		}
		for _, w := range y.Workdays {
			c.work[w.day()] = true
		}
	}
	c.diffs = c.diffs[:0]
	for x, working := range c.work {
		if working == weekend(x) {
			c.diffs = append(c.diffs, x)
		}
	}
	slices.Sort(c.diffs)
}

func (c *Calendar) isWork(x int64) bool {
	if w, ok := c.work[x]; ok {
		return w
	}
	return !weekend(x)
}

// count returns the number of working days x with a < x <= b, for a <= b.
func (c *Calendar) count(a, b int64) int64 {
	n := weekdays(b) - weekdays(a)
	lo, _ := slices.BinarySearch(c.diffs, a+1)
	hi, _ := slices.BinarySearch(c.diffs, b+1)
	for _, x := range c.diffs[lo:hi] {
		if c.work[x] {
			n++ // a make-up working day on a weekend
		} else {
			n--
		}
	}
	return n
}

// step returns the nth working day after day x (before it for n < 0), by
// binary search on count, which grows by one at each working day.
func (c *Calendar) step(x int64, n int64) int64 {
	if n == 0 {
		return x
	}
	// Any 7 consecutive days hold 5 weekdays, and each diff removes at most
	// one working day, so the answer lies within span days of x.
	span := 7 * ((abs(n)+int64(len(c.diffs)))/5 + 1)
	if n > 0 {
		lo, hi := x+1, x+span // answer in [lo, hi]
		for lo < hi {
			mid := lo + (hi-lo)/2
			if c.count(x, mid) >= n {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		return lo
	}
	lo, hi := x-span, x-1 // answer in [lo, hi]: largest y with count(y-1, x-1) >= -n
	for lo < hi {
		mid := hi - (hi-lo)/2
		if c.count(mid-1, x-1) >= -n {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// maxSteps caps |n| in AddWorkdays: about 3.8 million years of working days.
const maxSteps = 1_000_000_000

func capSteps(n int) int64 {
	return max(-maxSteps, min(maxSteps, int64(n)))
}

// dayOf returns t's date in t's location as a day number.
func dayOf(t time.Time) int64 { return DateOf(t).day() }

// weekend reports whether day number x is a Saturday or Sunday.
func weekend(x int64) bool {
	wd := ((x+4)%7 + 7) % 7 // day 0, 1970-01-01, was a Thursday
	return wd == int64(time.Saturday) || wd == int64(time.Sunday)
}

// weekdays returns the number of Mondays to Fridays among the days after
// 1970-01-04 (a Sunday) up to x, negated for days before; differences of it
// count weekdays in any span.
func weekdays(x int64) int64 {
	k := x - 3 // days from 1970-01-05, a Monday, through x
	w := floorDiv(k, 7)
	return 5*w + min(k-7*w, 5)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
