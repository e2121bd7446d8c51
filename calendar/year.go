package calendar

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"doublerandom"
)

// Date is a calendar date with no time of day and no zone, as printed in a
// State Council notice. As JSON or text it is "YYYY-MM-DD".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate parses a "YYYY-MM-DD" date such as "2026-10-01".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(doublerandom.DateLayout, s)
	if err != nil || len(s) != len(doublerandom.DateLayout) {
		return Date{}, doublerandom.Errorf(doublerandom.EINVALID,
			"%q is not a date: write it as YYYY-MM-DD, e.g. 2026-10-01", s)
	}
	return DateOf(t), nil
}

// String returns the date as "YYYY-MM-DD".
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// MarshalText implements encoding.TextMarshaler.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Time returns midnight at the start of d in loc.
func (d Date) Time(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// valid reports whether d names a real day of years 1 to 9999.
func (d Date) valid() bool {
	return d.Year >= 1 && d.Year <= 9999 && DateOf(d.Time(time.UTC)) == d
}

// day returns d as a day number: days since 1970-01-01.
func (d Date) day() int64 { return d.Time(time.UTC).Unix() / secondsPerDay }

const secondsPerDay = 24 * 60 * 60

// Holiday is one public holiday period (放假) of an arrangement: every date
// from First to Last inclusive is a day off, weekends included. As JSON it
// is the array ["First", "Last", "Name"], as in the State Council data file.
type Holiday struct {
	First Date
	Last  Date
	Name  string // e.g. "国庆节"
}

// MarshalJSON implements json.Marshaler.
func (h Holiday) MarshalJSON() ([]byte, error) {
	return json.Marshal([3]string{h.First.String(), h.Last.String(), h.Name})
}

// UnmarshalJSON implements json.Unmarshaler. It accepts exactly three
// strings: first date, last date and name.
func (h *Holiday) UnmarshalJSON(b []byte) error {
	var a []string
	if err := json.Unmarshal(b, &a); err != nil || len(a) != 3 {
		return doublerandom.Errorf(doublerandom.EINVALID,
			`a holiday is written ["first date", "last date", "name"], got %s`, clip(b))
	}
	first, err := ParseDate(a[0])
	if err != nil {
		return err
	}
	last, err := ParseDate(a[1])
	if err != nil {
		return err
	}
	*h = Holiday{First: first, Last: last, Name: a[2]}
	return nil
}

// Year is the official holiday arrangement for one year, as set out in the
// State Council General Office notice (国务院办公厅关于部分节假日安排的通知):
// the holiday periods and the make-up working days (调休上班) on which a
// Saturday or Sunday becomes a working day.
//
// Dates lie in Year, except that a New Year holiday may begin, and a make-up
// working day fall, in December of the year before (the 2023 arrangement,
// for one, began the New Year holiday on 2022-12-31).
//
// Year's JSON form is what the store saves: {"year": 2026, "source": "...",
// "holidays": [["2026-10-01", "2026-10-07", "国庆节"]], "workdays":
// ["2026-10-10"]}.
type Year struct {
	Year     int       `json:"year"`
	Source   string    `json:"source,omitempty"` // where the arrangement comes from
	Holidays []Holiday `json:"holidays"`
	Workdays []Date    `json:"workdays"`
}

// Validate reports the first thing wrong with y, as an EINVALID error that
// names the year and the date: at least one holiday; real dates inside the
// year (or the December before); holidays with a name, ending no earlier than
// they start and not overlapping one another; make-up working days on a
// Saturday or Sunday, listed once and not inside a holiday.
func (y Year) Validate() error {
	if y.Year < 1 || y.Year > 9999 {
		return invalidf("year %d is out of range", y.Year)
	}
	if len(y.Holidays) == 0 {
		return invalidf("the %d arrangement lists no holidays", y.Year)
	}
	for i, h := range y.Holidays {
		if err := y.checkHoliday(h); err != nil {
			return err
		}
		for _, o := range y.Holidays[:i] {
			if h.First.day() <= o.Last.day() && o.First.day() <= h.Last.day() {
				return invalidf("the %d arrangement: holiday %s (%s to %s) overlaps %s",
					y.Year, h.Name, h.First, h.Last, o.Name)
			}
		}
	}
	for i, w := range y.Workdays {
		if err := y.checkWorkday(w); err != nil {
			return err
		}
		if slices.Contains(y.Workdays[:i], w) {
			return invalidf("the %d arrangement lists make-up working day %s twice",
				y.Year, w)
		}
	}
	return nil
}

func (y Year) checkHoliday(h Holiday) error {
	if strings.TrimSpace(h.Name) == "" {
		return invalidf("the %d arrangement: holiday from %s has no name", y.Year, h.First)
	}
	for _, d := range []Date{h.First, h.Last} {
		if err := y.checkDate(d, "holiday "+h.Name); err != nil {
			return err
		}
	}
	if h.Last.day() < h.First.day() {
		return invalidf("the %d arrangement: holiday %s ends on %s, before it starts on %s",
			y.Year, h.Name, h.Last, h.First)
	}
	return nil
}

func (y Year) checkWorkday(w Date) error {
	if err := y.checkDate(w, "make-up working day"); err != nil {
		return err
	}
	if !weekend(w.day()) {
		return invalidf("the %d arrangement: make-up working day %s is a %s, "+
			"already a working day; make-up working days fall on a Saturday or Sunday",
			y.Year, w, w.Time(time.UTC).Weekday())
	}
	for _, h := range y.Holidays {
		if h.First.day() <= w.day() && w.day() <= h.Last.day() {
			return invalidf("the %d arrangement: %s is both a make-up working day "+
				"and part of holiday %s", y.Year, w, h.Name)
		}
	}
	return nil
}

// checkDate reports whether d is a real date that the arrangement for y may
// contain: in y itself or in December of the year before.
func (y Year) checkDate(d Date, what string) error {
	if !d.valid() {
		return invalidf("the %d arrangement: %s: %s is not a real date", y.Year, what, d)
	}
	if d.Year != y.Year && (d.Year != y.Year-1 || d.Month != time.December) {
		return invalidf("the %d arrangement: %s: %s is outside %d", y.Year, what, d, y.Year)
	}
	return nil
}

// clone returns a deep copy of y.
func (y Year) clone() Year {
	y.Holidays = slices.Clone(y.Holidays)
	y.Workdays = slices.Clone(y.Workdays)
	return y
}

func invalidf(format string, args ...any) error {
	return doublerandom.Errorf(doublerandom.EINVALID, format, args...)
}

// clip shortens raw input quoted in an error message.
func clip(b []byte) string {
	const max = 60
	if len(b) > max {
		return strings.ToValidUTF8(string(b[:max]), "") + "..."
	}
	return string(b)
}
