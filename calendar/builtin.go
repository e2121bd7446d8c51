package calendar

import (
	"cmp"
	"fmt"
	"slices"
	"sync"

	"github.com/6tail/lunar-go/HolidayUtil"
)

// lunarSource is the Source of the built-in arrangements.
const lunarSource = "github.com/6tail/lunar-go HolidayUtil " +
	"(State Council General Office holiday notices)"

// lunarFirstYear is the first year in HolidayUtil's data, which begins on
// 2001-12-29 with make-up working days for New Year 2002.
const lunarFirstYear = 2001

var builtin = sync.OnceValues(lunarYears)

// Builtin returns the arrangements New starts from: every year that lunar-go
// carries (2002 to 2027 in v1.4.7), read once, on first use. It panics if
// that data does not validate, which the package tests rule out.
func Builtin() []Year {
	years, err := builtin()
	if err != nil {
		panic(err)
	}
	out := make([]Year, len(years))
	for i, y := range years {
		out[i] = y.clone()
	}
	return out
}

// lunarYears converts HolidayUtil's day-by-day records into arrangements.
// A record names a day, whether it is a holiday or a make-up working day,
// the holiday's name and the holiday's main date ("target"); the target's
// year is the arrangement the day belongs to, so 2022-12-31 counts for 2023.
// Runs of consecutive holidays with the same name become one Holiday.
// HolidayUtil also marks two plain weekdays as make-up working days
// (2012-05-02, 2012-10-08), which changes nothing; such records are dropped.
func lunarYears() ([]Year, error) {
	var recs []*HolidayUtil.Holiday
	for y := lunarFirstYear; ; y++ {
		l := HolidayUtil.GetHolidaysByYear(y)
		if l.Len() == 0 {
			break
		}
		for e := l.Front(); e != nil; e = e.Next() {
			recs = append(recs, e.Value.(*HolidayUtil.Holiday))
		}
	}
	slices.SortFunc(recs, func(a, b *HolidayUtil.Holiday) int {
		return cmp.Compare(a.GetDay(), b.GetDay())
	})

	byYear := map[int]*Year{}
	var order []int
	for _, r := range recs {
		day, err1 := ParseDate(r.GetDay())
		target, err2 := ParseDate(r.GetTarget())
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("lunar-go record %q: bad date", r.String())
		}
		y := byYear[target.Year]
		if y == nil {
			y = &Year{Year: target.Year, Source: lunarSource}
			byYear[target.Year] = y
			order = append(order, target.Year)
		}
		switch {
		case r.IsWork() && weekend(day.day()):
			y.Workdays = append(y.Workdays, day)
		case r.IsWork():
			// a weekday already works
		case extends(y.Holidays, day, r.GetName()):
			y.Holidays[len(y.Holidays)-1].Last = day
		default:
			y.Holidays = append(y.Holidays, Holiday{First: day, Last: day, Name: r.GetName()})
		}
	}

	slices.Sort(order)
	out := make([]Year, 0, len(order))
	for _, yr := range order {
		if err := byYear[yr].Validate(); err != nil {
			return nil, fmt.Errorf("lunar-go data: %w", err)
		}
		out = append(out, *byYear[yr])
	}
	return out, nil
}

// extends reports whether day directly follows the last of hs and has its
// name.
func extends(hs []Holiday, day Date, name string) bool {
	if len(hs) == 0 {
		return false
	}
	last := hs[len(hs)-1]
	return last.Name == name && last.Last.day()+1 == day.day()
}
