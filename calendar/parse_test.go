package calendar

import (
	"encoding/json"
	"strings"
	"testing"

	"doublerandom"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

const sample2026 = `{
  "source": "国办发明电〔2025〕7号",
  "2026": {
    "holidays": [
      ["2026-09-25", "2026-09-27", "中秋节"],
      ["2026-10-01", "2026-10-07", "国庆节"]
    ],
    "workdays": ["2026-09-20", "2026-10-10"]
  }
}`

func TestParseYears(t *testing.T) {
	got, err := ParseYears(strings.NewReader(sample2026))
	if err != nil {
		t.Fatal(err)
	}
	want := []Year{{
		Year:   2026,
		Source: "国办发明电〔2025〕7号",
		Holidays: []Holiday{
			{First: Date{2026, 9, 25}, Last: Date{2026, 9, 27}, Name: "中秋节"},
			{First: Date{2026, 10, 1}, Last: Date{2026, 10, 7}, Name: "国庆节"},
		},
		Workdays: []Date{{2026, 9, 20}, {2026, 10, 10}},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseYears (-want +got):\n%s", diff)
	}
}

func TestParseYears_sorted(t *testing.T) {
	got, err := ParseYears(strings.NewReader(`{
		"2027": {"holidays": [["2027-01-01", "2027-01-03", "元旦"]], "workdays": []},
		"2026": {"holidays": [["2026-01-01", "2026-01-03", "元旦"]], "workdays": []}}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Year != 2026 || got[1].Year != 2027 {
		t.Errorf("ParseYears gave years %v, want 2026 then 2027", got)
	}
}

func TestParseYears_invalid(t *testing.T) {
	const h = `"holidays": [["2026-10-01", "2026-10-07", "国庆节"]]`
	tests := []struct {
		name, in, want string
	}{
		{"empty", ``, "ends too early"},
		{"not an object", `[]`, `expected "{", found [`},
		{"no year", `{"source": "x"}`, "no year arrangement"},
		{"bad key", `{"twenty": {` + h + `}}`, `key "twenty"`},
		{"signed key", `{"+202": {` + h + `}}`, `key "+202"`},
		{"duplicate year", `{"2026": {` + h + `}, "2026": {` + h + `}}`, "appears twice"},
		{"unknown field", `{"2026": {` + h + `, "note": 1}}`, `unknown field "note"`},
		{"trailing data", `{"2026": {` + h + `}} {}`, "after the closing brace"},
		{"bad date", `{"2026": {"holidays": [["2026-02-30", "2026-03-01", "x"]]}}`,
			`"2026-02-30" is not a date`},
		{"short date", `{"2026": {"holidays": [["2026-1-01", "2026-01-01", "x"]]}}`,
			`"2026-1-01" is not a date`},
		{"two-element holiday", `{"2026": {"holidays": [["2026-10-01", "2026-10-07"]]}}`,
			"a holiday is written"},
		{"no holidays", `{"2026": {"workdays": ["2026-10-10"]}}`, "lists no holidays"},
		{"other year", `{"2026": {"holidays": [["2025-10-01", "2025-10-07", "国庆节"]]}}`,
			"2025-10-01 is outside 2026"},
		{"january of next year", `{"2026": {` + h + `, "workdays": ["2027-01-02"]}}`,
			"outside 2026"},
		{"reversed", `{"2026": {"holidays": [["2026-10-07", "2026-10-01", "国庆节"]]}}`,
			"ends on 2026-10-01, before it starts"},
		{"no name", `{"2026": {"holidays": [["2026-10-01", "2026-10-07", " "]]}}`,
			"has no name"},
		{"overlap", `{"2026": {"holidays": [["2026-10-01", "2026-10-07", "国庆节"], ` +
			`["2026-10-07", "2026-10-08", "x"]]}}`, "overlaps 国庆节"},
		{"both", `{"2026": {` + h + `, "workdays": ["2026-10-03"]}}`,
			"both a make-up working day and part of holiday 国庆节"},
		{"weekday workday", `{"2026": {` + h + `, "workdays": ["2026-10-09"]}}`,
			"2026-10-09 is a Friday"},
		{"twice", `{"2026": {` + h + `, "workdays": ["2026-10-10", "2026-10-10"]}}`,
			"2026-10-10 twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseYears(strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("ParseYears(%s) succeeded, want an error", tt.in)
			}
			if code := doublerandom.ErrorCode(err); code != doublerandom.EINVALID {
				t.Errorf("error code %q, want %q (%v)", code, doublerandom.EINVALID, err)
			}
			if msg := doublerandom.ErrorMessage(err); !strings.Contains(msg, tt.want) {
				t.Errorf("error %q does not mention %q", msg, tt.want)
			}
		})
	}
}

// TestYear_JSON pins the JSON text the store saves.
func TestYear_JSON(t *testing.T) {
	years, err := ParseYears(strings.NewReader(sample2026))
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(years[0])
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"year":2026,"source":"国办发明电〔2025〕7号","holidays":` +
		`[["2026-09-25","2026-09-27","中秋节"],["2026-10-01","2026-10-07","国庆节"]],` +
		`"workdays":["2026-09-20","2026-10-10"]}`
	if string(b) != want {
		t.Errorf("json.Marshal(Year) =\n%s\nwant\n%s", b, want)
	}
	var back Year
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(years[0], back); diff != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", diff)
	}
}

func FuzzParseYears(f *testing.F) {
	f.Add(sample2026)
	f.Add(`{"2023": {"holidays": [["2022-12-31", "2023-01-02", "元旦"]], ` +
		`"workdays": ["2022-12-31"]}}`)
	f.Add(`{"source": 1}`)
	f.Add(`{"2026": {"holidays": [["2026-10-01", "2026-10-07", "\u0000"]]}} x`)
	f.Fuzz(func(t *testing.T, in string) {
		years, err := ParseYears(strings.NewReader(in))
		if err != nil {
			if doublerandom.ErrorCode(err) != doublerandom.EINVALID {
				t.Fatalf("error not EINVALID: %v", err)
			}
			return
		}
		c := New()
		for i, y := range years {
			if i > 0 && years[i-1].Year >= y.Year {
				t.Fatalf("years out of order: %d then %d", years[i-1].Year, y.Year)
			}
			if err := c.SetYear(y); err != nil {
				t.Fatalf("parsed year %d does not set: %v", y.Year, err)
			}
			b, err := json.Marshal(y)
			if err != nil {
				t.Fatal(err)
			}
			var back Year
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatalf("unmarshal %s: %v", b, err)
			}
			if diff := cmp.Diff(y, back, cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("JSON round trip (-want +got):\n%s", diff)
			}
		}
	})
}
