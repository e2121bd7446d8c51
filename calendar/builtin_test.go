package calendar

import (
	"os"
	"testing"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"
	"github.com/google/go-cmp/cmp"
)

// officialFile is the State Council data shared by the project.
const officialFile = "../../shared/data/holidays-cn.json"

func TestBuiltin_years(t *testing.T) {
	years := Builtin()
	if len(years) == 0 {
		t.Fatal("no built-in arrangements")
	}
	for i, y := range years {
		if err := y.Validate(); err != nil {
			t.Errorf("built-in %d: %v", y.Year, err)
		}
		if i > 0 && y.Year != years[i-1].Year+1 {
			t.Errorf("built-in years jump from %d to %d", years[i-1].Year, y.Year)
		}
	}
	// Deadlines this year and next must not fall back to weekends only.
	c := New()
	for _, y := range []int{2025, 2026, 2027} {
		if !c.Known(y) {
			t.Errorf("Known(%d) = false, want the official arrangement built in", y)
		}
	}
}

// TestBuiltin_lunar checks that the converted arrangements give, day by day,
// exactly what lunar-go's records say, over every year it carries.
func TestBuiltin_lunar(t *testing.T) {
	c := New()
	years := c.Years()
	first := Date{years[0].Year - 1, time.December, 1}.Time(time.UTC)
	end := Date{years[len(years)-1].Year + 1, time.January, 1}.Time(time.UTC)
	for d := first; d.Before(end); d = d.AddDate(0, 0, 1) {
		want := d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
		if h := HolidayUtil.GetHoliday(d.Format(time.DateOnly)); h != nil {
			want = h.IsWork()
		}
		if got := c.IsWorkday(d); got != want {
			t.Errorf("IsWorkday(%s) = %v, lunar-go says %v", DateOf(d), got, want)
		}
	}
}

// TestBuiltin_official checks the built-in data against the State Council
// notices in the shared data file: for every year the file has, the same
// holiday dates and the same make-up working days (names may be worded
// differently, e.g. 元旦节 for 元旦).
func TestBuiltin_official(t *testing.T) {
	f, err := os.Open(officialFile)
	if os.IsNotExist(err) {
		t.Skipf("skipping: %s not found; it holds the State Council notices "+
			"the built-in data is checked against", officialFile)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	official, err := ParseYears(f)
	if err != nil {
		t.Fatalf("%s: %v", officialFile, err)
	}

	builtin := map[int]Year{}
	for _, y := range Builtin() {
		builtin[y.Year] = y
	}
	for _, want := range official {
		got, ok := builtin[want.Year]
		if !ok {
			t.Errorf("%d: in %s but not built in", want.Year, officialFile)
			continue
		}
		if diff := cmp.Diff(holidayDates(want), holidayDates(got)); diff != "" {
			t.Errorf("%d holiday dates (-official +built-in):\n%s", want.Year, diff)
		}
		if diff := cmp.Diff(dateStrings(want.Workdays), dateStrings(got.Workdays)); diff != "" {
			t.Errorf("%d make-up working days (-official +built-in):\n%s", want.Year, diff)
		}
	}

	// And day by day, the whole of each year.
	fromFile := New()
	for _, y := range official {
		if err := fromFile.SetYear(y); err != nil {
			t.Fatal(err)
		}
	}
	c := New()
	for _, y := range official {
		start := Date{y.Year, time.January, 1}.Time(time.UTC)
		end := start.AddDate(1, 0, 0)
		for d := start; d.Before(end); d = d.AddDate(0, 0, 1) {
			if got, want := c.IsWorkday(d), fromFile.IsWorkday(d); got != want {
				t.Errorf("IsWorkday(%s) = %v, official file says %v", DateOf(d), got, want)
			}
		}
	}
}

// holidayDates lists every date inside y's holidays.
func holidayDates(y Year) []string {
	var out []string
	for _, h := range y.Holidays {
		for d := h.First.Time(time.UTC); !d.After(h.Last.Time(time.UTC)); d = d.AddDate(0, 0, 1) {
			out = append(out, DateOf(d).String())
		}
	}
	return out
}

func dateStrings(ds []Date) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.String()
	}
	return out
}
