package calendar

import (
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strconv"

	"doublerandom"
)

// yearBody is one year's entry in an arrangement file.
type yearBody struct {
	Holidays []Holiday `json:"holidays"`
	Workdays []Date    `json:"workdays"`
}

// ParseYears reads holiday arrangements in the shape of the shared data file
// holidays-cn.json and returns them validated and sorted by year:
//
//	{
//	  "source": "State Council General Office notices ...",
//	  "2026": {
//	    "holidays": [["2026-10-01", "2026-10-07", "国庆节"]],
//	    "workdays": ["2026-09-20", "2026-10-10"]
//	  }
//	}
//
// "source" is optional and is copied into every Year. Any other key must be a
// four-digit year, given once; unknown fields, trailing data and a file with
// no year are errors. Errors are EINVALID and say which year is wrong.
func ParseYears(r io.Reader) ([]Year, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := expectDelim(dec, '{'); err != nil {
		return nil, err
	}

	var source string
	var years []Year
	seen := map[string]bool{}
	for dec.More() {
		key, err := nextKey(dec)
		if err != nil {
			return nil, err
		}
		if seen[key] {
			return nil, invalidf("calendar file: %q appears twice", key)
		}
		seen[key] = true

		if key == "source" {
			if err := dec.Decode(&source); err != nil {
				return nil, syntaxError(`"source"`, err)
			}
			continue
		}
		y, err := parseYear(dec, key)
		if err != nil {
			return nil, err
		}
		years = append(years, y)
	}
	if err := expectDelim(dec, '}'); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, invalidf("calendar file: unexpected data after the closing brace")
	}

	return finishYears(years, source)
}

// parseYear decodes the value of year key y.
func parseYear(dec *json.Decoder, key string) (Year, error) {
	n, err := strconv.Atoi(key)
	if err != nil || len(key) != 4 || key[0] < '0' || key[0] > '9' {
		return Year{}, invalidf(`calendar file: key %q is neither "source" nor a year `+
			`such as "2026"`, key)
	}
	var b yearBody
	if err := dec.Decode(&b); err != nil {
		return Year{}, syntaxError(strconv.Quote(key), err)
	}
	return Year{Year: n, Holidays: b.Holidays, Workdays: b.Workdays}, nil
}

func finishYears(years []Year, source string) ([]Year, error) {
	if len(years) == 0 {
		return nil, invalidf("calendar file: no year arrangement found")
	}
	for i := range years {
		years[i].Source = source
		if err := years[i].Validate(); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(years, func(a, b Year) int { return a.Year - b.Year })
	return years, nil
}

func nextKey(dec *json.Decoder) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", syntaxError("the file", err)
	}
	key, ok := tok.(string)
	if !ok {
		return "", invalidf("calendar file: expected a key, found %v", tok)
	}
	return key, nil
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return syntaxError("the file", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return invalidf("calendar file: expected %q, found %v", want, tok)
	}
	return nil
}

// syntaxError turns a decoding error in part where into an EINVALID error,
// keeping a message of ours (a bad date, say) as it is.
func syntaxError(where string, err error) error {
	var e *doublerandom.Error
	if errors.As(err, &e) {
		return invalidf("calendar file: %s: %s", where, e.Message)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return invalidf("calendar file: %s: the file ends too early", where)
	}
	return invalidf("calendar file: %s: %v", where, err)
}
