package draw

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestParseRatio(t *testing.T) {
	tests := []struct {
		in, want string
		ceil100  int // Ceil(100)
		ceil7    int // Ceil(7)
	}{
		{"0.05", "0.05", 5, 1},
		{"5%", "0.05", 5, 1},
		{"0.30", "0.3", 30, 3},
		{"2.5%", "0.025", 3, 1},
		{"1", "1", 100, 7},
		{"100%", "1", 100, 7},
		{"0", "0", 0, 0},
		{".5", "0.5", 50, 4},
		{" 0.01 ", "0.01", 1, 1},
		{"0.1", "0.1", 10, 1}, // a float would give 10.000000000000002 -> 11
		{"0.14285714285714285714", "0.14285714285714285714", 15, 1},
	}
	for _, tt := range tests {
		r, err := ParseRatio(tt.in)
		if err != nil {
			t.Errorf("ParseRatio(%q): %v", tt.in, err)
			continue
		}
		if got := r.String(); got != tt.want {
			t.Errorf("ParseRatio(%q).String() = %q, want %q", tt.in, got, tt.want)
		}
		if got := r.Ceil(100); got != tt.ceil100 {
			t.Errorf("%s.Ceil(100) = %d, want %d", tt.in, got, tt.ceil100)
		}
		if got := r.Ceil(7); got != tt.ceil7 {
			t.Errorf("%s.Ceil(7) = %d, want %d", tt.in, got, tt.ceil7)
		}
	}
	for _, bad := range []string{"", "%", ".", "-0.1", "1.01", "101%", "1e-2", "0,05",
		"0.0.1", "abc", "5 %", "+0.1", strings.Repeat("0", 50)} {
		if r, err := ParseRatio(bad); err == nil {
			t.Errorf("ParseRatio(%q) = %v, want an error", bad, r)
		}
	}
	if got := (Ratio{}).Ceil(1000); got != 0 {
		t.Errorf("zero Ratio.Ceil(1000) = %d", got)
	}
}

func TestRatio_ceilExact(t *testing.T) {
	// 0.07 * 100 is 7.000000000000001 in binary floating point.
	if got := MustRatio("0.07").Ceil(100); got != 7 {
		t.Errorf("ceil(100 * 0.07) = %d, want 7", got)
	}
	if got := MustRatio("0.01").Ceil(10_000_001); got != 100_001 {
		t.Errorf("ceil(10000001 * 0.01) = %d, want 100001", got)
	}
}

func TestCanonicalCandidates(t *testing.T) {
	cands := []Candidate{{ID: "b", Stratum: "C"}, {ID: "a"}, {ID: "B", Stratum: "A"},
		{ID: "卧龙", Stratum: "D"}}
	got := string(CanonicalCandidates(cands))
	want := "B,A\na\nb,C\n卧龙,D\n"
	if got != want {
		t.Errorf("CanonicalCandidates = %q, want %q", got, want)
	}
	if cands[0].ID != "b" {
		t.Error("CanonicalCandidates reordered its input")
	}
	// sha256 of the text above, computed with sha256sum.
	if h := HashCandidates(cands); h != Commit(want) {
		t.Errorf("HashCandidates = %s, want %s", h, Commit(want))
	}
	back, err := ParseCandidates([]byte(want))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(back, []Candidate{{"B", "A"}, {"a", ""}, {"b", "C"}, {"卧龙", "D"}}) {
		t.Errorf("ParseCandidates = %v", back)
	}
	if got := CanonicalCandidates(nil); len(got) != 0 {
		t.Errorf("empty list = %q", got)
	}
}

func TestParseCandidates_strict(t *testing.T) {
	for _, bad := range []string{"a\nb", "a\r\nb\n", "b\na\n", "a\na\n", "\n", "a,\n",
		",A\n", "a,b,c\n", "a\x01\n", "\xff\n"} {
		if c, err := ParseCandidates([]byte(bad)); err == nil {
			t.Errorf("ParseCandidates(%q) = %v, want an error", bad, c)
		}
	}
}

func TestCheckCandidates(t *testing.T) {
	if err := CheckCandidates([]Candidate{{ID: "a"}, {ID: "b"}, {ID: "a"}}); !errors.Is(err,
		ErrDuplicate) {
		t.Errorf("duplicate: err = %v", err)
	}
	for _, c := range []Candidate{{ID: ""}, {ID: "a,b"}, {ID: "a\n"}, {ID: "a", Stratum: "x,y"}} {
		if err := CheckCandidates([]Candidate{c}); err == nil {
			t.Errorf("CheckCandidates(%q) accepted", c)
		}
	}
}

func TestDeriveSeed(t *testing.T) {
	h1, h2 := Commit("candidates"), Commit("params")
	a := Contribution{Party: "SCJG", Commitment: Commit("s1"), Secret: "s1"}
	b := Contribution{Party: "WSJ", Commitment: Commit("s2"), Secret: "s2"}
	c := Contribution{Party: "HBJ", Commitment: Commit("s3")} // not revealed

	in, err := SeedInput(h1, h2, []Contribution{b, a, c}, "drand 42")
	if err != nil {
		t.Fatal(err)
	}
	want := "doublerandom-seed/1\ncandidates " + h1 + "\nparams " + h2 + "\n" +
		"contribution HBJ " + Commit("s3") + " missing\n" +
		"contribution SCJG " + Commit("s1") + " 7331\n" +
		"contribution WSJ " + Commit("s2") + " 7332\n" +
		"public 6472616e64203432\n"
	if string(in) != want {
		t.Errorf("SeedInput =\n%s\nwant\n%s", in, want)
	}
	seed, err := DeriveSeed(h1, h2, []Contribution{a, b, c}, "drand 42")
	if err != nil {
		t.Fatal(err)
	}
	if seed != Commit(want) {
		t.Errorf("DeriveSeed = %s, want SHA-256 of the input %s", seed, Commit(want))
	}

	other, _ := DeriveSeed(h1, h2, []Contribution{a, b, c}, "drand 43")
	if other == seed {
		t.Error("public value does not change the seed")
	}
	bad := b
	bad.Secret = "s2 "
	if _, err := DeriveSeed(h1, h2, []Contribution{a, bad}, ""); !errors.Is(err,
		ErrCommitment) {
		t.Errorf("wrong secret: err = %v, want ErrCommitment", err)
	}
	if _, err := DeriveSeed(h1, h2, []Contribution{c}, ""); !errors.Is(err, ErrNoEntropy) {
		t.Errorf("nothing revealed: err = %v, want ErrNoEntropy", err)
	}
	if _, err := DeriveSeed(h1, h2, []Contribution{a, a}, ""); err == nil {
		t.Error("a party contributing twice was accepted")
	}
	if _, err := DeriveSeed("ABC", h2, []Contribution{a}, ""); err == nil {
		t.Error("malformed candidate hash accepted")
	}
}

func TestParams_hash(t *testing.T) {
	p := Params{Mode: ModeStratified, Ratios: map[string]string{"D": "0.30", "A": "0.01"}}
	want := "doublerandom-params/1\nmode=stratified\nn=0\nratio=\nreserves=0\nscope=\n" +
		"public_source=\nstratum=A 0.01\nstratum=D 0.30\n"
	if got := string(p.Canonical()); got != want {
		t.Errorf("Canonical =\n%s\nwant\n%s", got, want)
	}
	if p.Hash() != Commit(want) {
		t.Error("Hash is not the SHA-256 of Canonical")
	}
	for _, bad := range []Params{
		{Mode: "random", N: 3},
		{Mode: ModeUniform},
		{Mode: ModeUniform, N: 3, Ratio: "0.1"},
		{Mode: ModeUniform, Ratio: "0.1\n"},
		{Mode: ModeStratified, Ratios: map[string]string{"A B": "0.1"}},
		{Mode: ModeStratified, Ratios: map[string]string{"A": "2"}},
		{Mode: ModeStratified, Ratios: map[string]string{"A": "0.1"}, Reserves: 1},
	} {
		if err := bad.Validate(); err == nil {
			t.Errorf("Validate(%+v) accepted", bad)
		}
	}
}
