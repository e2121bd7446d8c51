package calendar

import (
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"
)

// beijing is China Standard Time, the zone deadlines are read in.
var beijing = time.FixedZone("CST", 8*60*60)

// day returns midnight of the date s ("YYYY-MM-DD") in UTC.
func day(tb testing.TB, s string) time.Time {
	tb.Helper()
	d, err := ParseDate(s)
	if err != nil {
		tb.Fatal(err)
	}
	return d.Time(time.UTC)
}

func TestCalendar_IsWorkday(t *testing.T) {
	c := New()
	tests := []struct {
		date string
		want bool
		why  string
	}{
		{"2026-02-13", true, "Friday before Spring Festival"},
		{"2026-02-14", true, "Saturday, make-up working day for Spring Festival"},
		{"2026-02-15", false, "first day of Spring Festival 2026"},
		{"2026-02-17", false, "Spring Festival (初一), a Tuesday"},
		{"2026-02-23", false, "Monday, last day of Spring Festival 2026"},
		{"2026-02-24", true, "first Tuesday back"},
		{"2026-02-28", true, "Saturday, second make-up working day"},
		{"2026-03-01", false, "ordinary Sunday"},
		{"2026-01-02", false, "Friday inside the New Year holiday"},
		{"2026-01-04", true, "Sunday, make-up working day for New Year"},
		{"2026-09-25", false, "Friday, Mid-Autumn Festival"},
		{"2026-09-30", true, "Wednesday before National Day"},
		{"2026-10-01", false, "National Day"},
		{"2026-10-07", false, "Wednesday, last day of National Day holiday"},
		{"2026-10-08", true, "Thursday back at work"},
		{"2026-10-10", true, "Saturday, make-up working day for National Day"},
		{"2026-10-11", false, "ordinary Sunday"},
		{"2025-10-08", false, "Wednesday, National Day and Mid-Autumn 2025"},
		{"2025-10-11", true, "Saturday, make-up working day 2025"},
		{"2025-12-31", true, "ordinary Wednesday"},
		{"2023-12-30", false, "Saturday inside the 2024 New Year holiday"},
		{"2028-01-01", false, "Saturday in a year without data"},
		{"2028-01-03", true, "Monday in a year without data"},
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			if got := c.IsWorkday(day(t, tt.date)); got != tt.want {
				t.Errorf("IsWorkday(%s) = %v, want %v (%s)", tt.date, got, tt.want, tt.why)
			}
		})
	}
}

func TestCalendar_IsWorkday_location(t *testing.T) {
	c := New()
	// 2026-10-01 00:30 in Beijing is still 2026-09-30 in UTC: the date in the
	// time's own location decides.
	d := time.Date(2026, 10, 1, 0, 30, 0, 0, beijing)
	if c.IsWorkday(d) {
		t.Errorf("IsWorkday(%v) = true, want false: it is National Day in Beijing", d)
	}
	if !c.IsWorkday(d.UTC()) {
		t.Errorf("IsWorkday(%v) = false, want true: 2026-09-30 is a Wednesday", d.UTC())
	}
}

func TestCalendar_AddWorkdays(t *testing.T) {
	c := New()
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-09-30", 0, "2026-09-30"},
		{"2026-10-03", 0, "2026-10-03"}, // n = 0 returns d even on a holiday
		{"2026-09-30", 1, "2026-10-08"},
		{"2026-09-30", 3, "2026-10-10"},
		{"2026-09-30", 20, "2026-11-03"}, // results deadline, see package doc
		{"2026-10-03", 1, "2026-10-08"},  // counting from inside a holiday
		{"2026-02-13", 1, "2026-02-14"},
		{"2026-02-12", 3, "2026-02-24"},
		{"2026-02-14", 7, "2026-03-03"},
		{"2025-12-31", 1, "2026-01-04"}, // across the year into a make-up Sunday
		{"2025-01-24", 2, "2025-01-27"}, // Fri -> Sun 01-26 (make-up), Mon 01-27
		{"2027-12-31", 1, "2028-01-03"}, // into a year without data
		{"2026-10-08", -1, "2026-09-30"},
		{"2026-02-24", -1, "2026-02-14"},
		{"2026-09-30", -20, "2026-09-02"},
		{"2026-01-05", -2, "2025-12-31"},
	}
	for _, tt := range tests {
		got := c.AddWorkdays(day(t, tt.from), tt.n)
		if s := DateOf(got).String(); s != tt.want {
			t.Errorf("AddWorkdays(%s, %d) = %s, want %s", tt.from, tt.n, s, tt.want)
		}
	}
}

func TestCalendar_AddWorkdays_keepsClock(t *testing.T) {
	c := New()
	d := time.Date(2026, 9, 30, 17, 45, 0, 0, beijing)
	want := time.Date(2026, 10, 8, 17, 45, 0, 0, beijing)
	if got := c.AddWorkdays(d, 1); !got.Equal(want) || got.Location() != beijing {
		t.Errorf("AddWorkdays(%v, 1) = %v, want %v", d, got, want)
	}
	if got := c.AddWorkdays(d, 0); got != d {
		t.Errorf("AddWorkdays(%v, 0) = %v, want it unchanged", d, got)
	}
}

func TestCalendar_WorkdaysBetween(t *testing.T) {
	c := New()
	tests := []struct {
		a, b string
		want int
	}{
		{"2026-09-30", "2026-09-30", 0},
		{"2026-09-30", "2026-10-08", 1},
		{"2026-10-08", "2026-09-30", -1},
		{"2026-10-01", "2026-10-07", 0},
		{"2026-09-30", "2026-11-03", 20},
		{"2026-11-03", "2026-09-30", -20},
		{"2025-12-31", "2026-12-31", 248}, // working days in 2026
		{"2024-12-31", "2025-12-31", 248}, // working days in 2025
		{"2027-12-31", "2028-12-31", 260}, // 2028 without data: weekdays only
	}
	for _, tt := range tests {
		if got := c.WorkdaysBetween(day(t, tt.a), day(t, tt.b)); got != tt.want {
			t.Errorf("WorkdaysBetween(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestCalendar_bruteForce checks the binary searches against walking day by
// day, on random spans across the years with data and the years around them.
func TestCalendar_bruteForce(t *testing.T) {
	c := New()
	r := rand.New(rand.NewPCG(1, 2))
	start := day(t, "2000-06-01")
	for range 2000 {
		a := start.AddDate(0, 0, r.IntN(30*365))
		n := r.IntN(601) - 300
		got := c.AddWorkdays(a, n)
		if want := walk(c, a, n); !got.Equal(want) {
			t.Fatalf("AddWorkdays(%s, %d) = %s, walking gives %s",
				DateOf(a), n, DateOf(got), DateOf(want))
		}
		if between := c.WorkdaysBetween(a, got); between != n {
			t.Fatalf("WorkdaysBetween(%s, AddWorkdays(%s, %d)) = %d",
				DateOf(a), DateOf(a), n, between)
		}
		if n != 0 && !c.IsWorkday(got) {
			t.Fatalf("AddWorkdays(%s, %d) = %s, not a working day", DateOf(a), n, DateOf(got))
		}
	}
}

// walk is AddWorkdays done the slow, obvious way.
func walk(c *Calendar, d time.Time, n int) time.Time {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDate(0, 0, step)
		if c.IsWorkday(d) {
			n--
		}
	}
	return d
}

func TestCalendar_AddWorkdays_huge(t *testing.T) {
	c := New()
	// Beyond the data only weekends count: five million working days after
	// Monday 2030-01-07 is the Monday one million weeks later.
	d := day(t, "2030-01-07")
	if got, want := c.AddWorkdays(d, 5_000_000), d.AddDate(0, 0, 7_000_000); !got.Equal(want) {
		t.Errorf("AddWorkdays(2030-01-07, 5e6) = %v, want %v", got, want)
	}
	if got := c.AddWorkdays(d, -1<<62); got.Year() > 0 {
		t.Errorf("AddWorkdays(d, -2^62) = %v, want a date before year 1", got)
	}
}

func TestCalendar_Due(t *testing.T) {
	c := New()
	tests := []struct {
		start  time.Time
		n      int
		want   string
		wantOK bool
	}{
		// Inspections end 2026-09-30 17:00 Beijing time; results due in 20.
		{time.Date(2026, 9, 30, 17, 0, 0, 0, beijing), 20, "2026-11-03", true},
		// A penalty decided on Friday 2026-02-13 is published within 7.
		{time.Date(2026, 2, 13, 9, 0, 0, 0, beijing), 7, "2026-03-02", true},
		// Running into 2028, which has no arrangement yet.
		{time.Date(2027, 12, 20, 0, 0, 0, 0, beijing), 20, "2028-01-17", false},
		{time.Date(2028, 3, 1, 0, 0, 0, 0, beijing), 1, "2028-03-02", false},
	}
	for _, tt := range tests {
		got, ok := c.Due(tt.start, tt.n)
		want := day(t, tt.want)
		want = time.Date(want.Year(), want.Month(), want.Day(), 0, 0, 0, 0, beijing)
		if !got.Equal(want) || got.Location() != beijing || ok != tt.wantOK {
			t.Errorf("Due(%v, %d) = %v, %v; want %v, %v",
				tt.start, tt.n, got, ok, want, tt.wantOK)
		}
	}
}

// year2028 is a made-up arrangement for a year lunar-go does not carry,
// starting its New Year holiday in December 2027.
func year2028(tb testing.TB) Year {
	tb.Helper()
	y, err := ParseYears(strings.NewReader(`{"source": "test", "2028": {
		"holidays": [["2027-12-31", "2028-01-02", "元旦"],
		             ["2028-01-25", "2028-02-02", "春节"]],
		"workdays": ["2028-01-23", "2028-02-05"]}}`))
	if err != nil {
		tb.Fatal(err)
	}
	return y[0]
}

func TestCalendar_SetYear(t *testing.T) {
	c := New()
	if c.Known(2028) {
		t.Fatal("Known(2028) = true before it was set")
	}
	if err := c.SetYear(year2028(t)); err != nil {
		t.Fatal(err)
	}
	if !c.Known(2028) {
		t.Error("Known(2028) = false after SetYear")
	}
	checks := map[string]bool{
		"2027-12-31": false, // Friday, taken by the 2028 arrangement over 2027's
		"2028-01-25": false,
		"2028-01-23": true,
		"2028-02-05": true,
		"2028-02-07": true,
		"2027-12-30": true,
	}
	for s, want := range checks {
		if got := c.IsWorkday(day(t, s)); got != want {
			t.Errorf("after SetYear(2028): IsWorkday(%s) = %v, want %v", s, got, want)
		}
	}
	if got := c.Years(); got[len(got)-1].Year != 2028 || got[len(got)-1].Source != "test" {
		t.Errorf("Years() ends with %d from %q, want 2028 from \"test\"",
			got[len(got)-1].Year, got[len(got)-1].Source)
	}
}

func TestCalendar_SetYear_correct(t *testing.T) {
	c := New()
	y := c.Years()
	var y2026 Year
	for _, v := range y {
		if v.Year == 2026 {
			y2026 = v
		}
	}
	// Correct 2026: drop the make-up working day 2026-10-10.
	y2026.Workdays = y2026.Workdays[:len(y2026.Workdays)-1]
	if err := c.SetYear(y2026); err != nil {
		t.Fatal(err)
	}
	if c.IsWorkday(day(t, "2026-10-10")) {
		t.Error("2026-10-10 is still a working day after the correction")
	}
	if New().IsWorkday(day(t, "2026-10-10")) != true {
		t.Error("correcting one calendar changed the built-in data")
	}
}

func TestCalendar_SetYear_invalid(t *testing.T) {
	c := New()
	bad := year2028(t)
	bad.Workdays = append(bad.Workdays, Date{2028, 1, 26}) // inside 春节
	if err := c.SetYear(bad); err == nil {
		t.Fatal("SetYear accepted a date that is both holiday and working day")
	}
	if c.Known(2028) || !c.IsWorkday(day(t, "2028-01-26")) {
		t.Error("a rejected SetYear changed the calendar")
	}
}

func TestCalendar_concurrent(t *testing.T) {
	c := New()
	y := year2028(t)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 50 {
				if i == 0 {
					_ = c.SetYear(y)
					continue
				}
				c.AddWorkdays(day(t, "2027-12-01"), j)
				c.Years()
			}
		})
	}
	wg.Wait()
}
