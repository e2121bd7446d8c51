package draw

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func FuzzTicket(f *testing.F) {
	f.Add("314159", "91411303010J4H3Y7R")
	f.Add("", "")
	f.Add("0", "0000000000")
	f.Add("卧龙区", "\xff\x00,\n")
	f.Fuzz(func(t *testing.T, seed, id string) {
		tk := Ticket(seed, id)
		digits, ok := strings.CutPrefix(tk, "0.")
		if !ok || len(digits) < 64 || len(digits) > 78 ||
			strings.Trim(digits, "0123456789") != "" {
			t.Fatalf("Ticket(%q, %q) = %q: not 0. and 64 to 78 digits", seed, id, tk)
		}
		if key := newTicketer(seed).key(id); key != parseDigits(digits[:19]) {
			t.Fatalf("key %d is not the first 19 digits of %s", key, tk)
		}
		if Ticket(seed, id) != tk {
			t.Fatal("Ticket is not deterministic")
		}
	})
}

func parseDigits(s string) uint64 {
	var v uint64
	for _, c := range []byte(s) {
		v = v*10 + uint64(c-'0')
	}
	return v
}

// FuzzUniform splits the input into ids and checks the draw against the
// naive reference, input-order invariance and the prefix property.
func FuzzUniform(f *testing.F) {
	f.Add("314159", "a\nb\nc\nd\ne", uint8(2), uint8(1))
	f.Add("", "x", uint8(1), uint8(0))
	f.Add("s", "a\na", uint8(1), uint8(0))
	f.Fuzz(func(t *testing.T, seed, list string, n, reserves uint8) {
		ids := strings.Split(list, "\n")
		drawn, reserve, err := Uniform(seed, ids, int(n), int(reserves))
		unique := len(slices.Compact(slices.Sorted(slices.Values(ids)))) == len(ids)
		if !unique || slices.Contains(ids, "") || int(n) > len(ids) {
			if err == nil {
				t.Fatalf("no error for ids %q, n %d", ids, n)
			}
			return
		}
		if err != nil {
			t.Fatalf("Uniform(%q, %q, %d, %d): %v", seed, ids, n, reserves, err)
		}
		all := append(slices.Clone(drawn), reserve...)
		want := naiveDraw(seed, ids, int(n)+int(reserves))
		if !slices.Equal(pickIDs(all), want) {
			t.Fatalf("got %v, naive %v", pickIDs(all), want)
		}
		slices.Reverse(ids)
		again, _, err := Uniform(seed, ids, int(n), 0)
		if err != nil || !slices.Equal(again, drawn) {
			t.Fatalf("reversed input: %v, err %v; want %v", again, err, drawn)
		}
	})
}

// FuzzParseCandidates checks that parsing never panics and that whatever
// parses is canonical: formatting it again gives the same bytes.
func FuzzParseCandidates(f *testing.F) {
	f.Add([]byte("a\nb,C\n"))
	f.Add([]byte("b\na\n"))
	f.Add([]byte("a,\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		cands, err := ParseCandidates(b)
		if err != nil {
			return
		}
		if err := CheckCandidates(cands); err != nil {
			t.Fatalf("parsed list fails CheckCandidates: %v", err)
		}
		if out := CanonicalCandidates(cands); !bytes.Equal(out, b) {
			t.Fatalf("round trip %q -> %q", b, out)
		}
	})
}

// FuzzParseRatio checks that a ratio that parses is between 0 and 1 and
// that its canonical form parses to the same value.
func FuzzParseRatio(f *testing.F) {
	for _, s := range []string{"0.05", "5%", "1", "0", ".5", "1.000", "99.9%"} {
		f.Add(s, uint32(1000))
	}
	f.Fuzz(func(t *testing.T, s string, n uint32) {
		r, err := ParseRatio(s)
		if err != nil {
			return
		}
		back, err := ParseRatio(r.String())
		if err != nil || back.Cmp(r) != 0 {
			t.Fatalf("%q -> %q -> %v, %v", s, r.String(), back, err)
		}
		if c := r.Ceil(int(n)); c < 0 || c > int(n) {
			t.Fatalf("%s.Ceil(%d) = %d", r, n, c)
		}
	})
}

// FuzzVerify feeds Verify records decoded from arbitrary JSON, as the
// verify command reads untrusted files: it must report, never panic, and a
// record it accepts must still be accepted after a JSON round trip.
func FuzzVerify(f *testing.F) {
	good, err := json.Marshal(mustRecord(f, uniformParams()))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(`{"params":{"mode":"stratified","ratios":{"A":"1"}},` +
		`"candidates":[{"id":"a","stratum":"A"}],"public_randomness":"x"}`))
	f.Add([]byte(`{"team_rules":{"lead_dept":"X","min_size":2,"date":"2026-01-01"}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var r Record
		if json.Unmarshal(b, &r) != nil {
			return
		}
		if Verify(&r, nil) != nil {
			return
		}
		again, err := json.Marshal(&r)
		if err != nil {
			t.Fatal(err)
		}
		var back Record
		if err := json.Unmarshal(again, &back); err != nil {
			t.Fatal(err)
		}
		if d := Verify(&back, nil); d != nil {
			t.Fatalf("accepted record fails after a round trip: %v", d)
		}
	})
}
