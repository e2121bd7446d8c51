package importer

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/width"
)

// parseYesNo reads a yes/no cell: 是/否, Y/N, TRUE/FALSE, 1/0 and the like.
// An empty cell is no.
func parseYesNo(s string) (bool, error) {
	switch strings.ToUpper(narrow(s)) {
	case "", "否", "N", "NO", "FALSE", "0", "无", "未列入", "不涉及", "不是":
		return false, nil
	case "是", "Y", "YES", "TRUE", "1", "有", "已列入", "列入", "涉及":
		return true, nil
	}
	return false, fmt.Errorf("write 是 or 否")
}

// parseCount reads a non-negative whole number such as a complaint count;
// "3", "3.0" (as spreadsheets store numbers) and "3次" are accepted. An empty
// cell is 0.
func parseCount(s string) (int, error) {
	s = strings.TrimRight(narrow(s), "次件 ")
	if s == "" {
		return 0, nil
	}
	if whole, frac, ok := strings.Cut(s, "."); ok && strings.Trim(frac, "0") == "" {
		s = whole
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("must be a whole number, 0 or more")
	}
	return n, nil
}

// forever is the expiry date of a certificate valid without limit (长期).
var forever = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

// parseDate reads a calendar date as people and spreadsheets write it:
// 2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日, 20260301, the month-first
// 03-01-26 or 3/1/26 that some spreadsheet formats show, an Excel serial
// day number such as 46082, or 长期 (no limit).
func parseDate(s string) (time.Time, error) {
	s = narrow(s)
	if s == "长期" || s == "长期有效" || s == "永久" {
		return forever, nil
	}
	if d, ok := serialDate(s); ok {
		return d, nil
	}
	if len(s) == 8 && isDigits(s) {
		return makeDate(s[:4], s[4:6], s[6:])
	}
	if date, _, ok := strings.Cut(s, " "); ok {
		s = date // drop a time of day
	}
	parts := strings.FieldsFunc(s, func(r rune) bool {
		return r == '-' || r == '/' || r == '.' || r == '年' || r == '月' || r == '日'
	})
	if len(parts) != 3 {
		return time.Time{}, fmt.Errorf("not a date; write it as 2026-12-31")
	}
	if len(parts[0]) == 4 {
		return makeDate(parts[0], parts[1], parts[2])
	}
	y := parts[2]
	if len(y) == 2 {
		y = "20" + y
	}
	return makeDate(y, parts[0], parts[1])
}

// serialDate reads an Excel serial day number (days since 1899-12-30) in
// the range of years 1990 to 9999.
func serialDate(s string) (time.Time, bool) {
	if len(s) != 5 || !isDigits(s) {
		return time.Time{}, false
	}
	n, _ := strconv.Atoi(s)
	if n < 32874 { // 1990-01-01
		return time.Time{}, false
	}
	return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n), true
}

// makeDate builds a date from its parts, refusing days such as February 30.
func makeDate(ys, ms, ds string) (time.Time, error) {
	y, err1 := strconv.Atoi(ys)
	m, err2 := strconv.Atoi(ms)
	d, err3 := strconv.Atoi(ds)
	if err1 != nil || err2 != nil || err3 != nil || y < 1900 || y > 9999 {
		return time.Time{}, fmt.Errorf("not a date; write it as 2026-12-31")
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return time.Time{}, fmt.Errorf("no such day; write the date as 2026-12-31")
	}
	return t, nil
}

// isDigits reports whether s is made of ASCII digits only.
func isDigits(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) < 0
}

// splitList splits a list of specialties on Chinese and Western commas,
// the enumeration comma and semicolons, dropping empty entries and "无".
func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool {
		return strings.ContainsRune("、,，;；", r) || r == '\n'
	}) {
		if p = strings.TrimFunc(p, isSpace); p != "" && p != "无" {
			out = append(out, p)
		}
	}
	return out
}

// narrow turns full-width letters, digits and signs into half-width ones,
// returning s itself when there are none (the common case, without an
// allocation).
func narrow(s string) string {
	for _, r := range s {
		if r == 0x3000 || (r >= 0xFF01 && r <= 0xFF5E) {
			return width.Narrow.String(s)
		}
	}
	return s
}

// compact removes white space and brackets from a status cell, so that
// "存续（在营、开业、在册）" reads as 存续.
func compact(s string) string {
	if i := strings.IndexAny(s, "(（"); i > 0 {
		s = s[:i]
	}
	upperOrSpace := func(r rune) bool { return unicode.IsSpace(r) || (r >= 'A' && r <= 'Z') }
	if strings.IndexFunc(s, upperOrSpace) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}
