package draw

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"slices"
	"testing"
)

// vectorsPath is the reference vectors computed with Rivest's
// consistent_sampler 1.0.10, relative to this package's directory.
const vectorsPath = "../../shared/data/draw-vectors.json"

type vectorCase struct {
	Seed             string              `json:"seed"`
	N                int                 `json:"n"`
	Sample           []string            `json:"sample"`
	StratifiedRatios map[string]string   `json:"stratified_ratios"`
	Rounding         string              `json:"rounding"`
	StratifiedSample map[string][]string `json:"stratified_sample"`
	FirstTicketOf    string              `json:"first_ticket_of"`
	Ticket           string              `json:"ticket"`
}

type vectors struct {
	Population []string          `json:"population"`
	Strata     map[string]string `json:"strata"`
	Cases      []vectorCase      `json:"cases"`
}

func mustVectors(tb testing.TB) vectors {
	tb.Helper()
	b, err := os.ReadFile(vectorsPath)
	if errors.Is(err, fs.ErrNotExist) {
		tb.Skipf("draw vectors not found at %s (they live in the shared data folder "+
			"beside the repository)", vectorsPath)
	}
	if err != nil {
		tb.Fatal(err)
	}
	var v vectors
	if err := json.Unmarshal(b, &v); err != nil {
		tb.Fatalf("parse %s: %v", vectorsPath, err)
	}
	if len(v.Cases) == 0 || len(v.Population) == 0 {
		tb.Fatalf("%s has no cases", vectorsPath)
	}
	return v
}

func (v vectors) candidates() []Candidate {
	cands := make([]Candidate, len(v.Population))
	for i, id := range v.Population {
		cands[i] = Candidate{ID: id, Stratum: v.Strata[id]}
	}
	return cands
}

func pickIDs(ps []Pick) []string {
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	return ids
}

func TestVectors(t *testing.T) {
	v := mustVectors(t)
	kinds := map[string]int{}
	for i, c := range v.Cases {
		switch {
		case c.FirstTicketOf != "":
			kinds["ticket"]++
			if got := Ticket(c.Seed, c.FirstTicketOf); got != c.Ticket {
				t.Errorf("case %d: Ticket(%q, %q) = %s, want %s", i, c.Seed, c.FirstTicketOf,
					got, c.Ticket)
			}
		case c.Sample != nil:
			kinds["uniform"]++
			drawn, _, err := Uniform(c.Seed, v.Population, c.N, 0)
			if err != nil {
				t.Fatalf("case %d: %v", i, err)
			}
			if got := pickIDs(drawn); !slices.Equal(got, c.Sample) {
				t.Errorf("case %d: Uniform(%q, n=%d)\n got %v\nwant %v", i, c.Seed, c.N,
					got, c.Sample)
			}
		case c.StratifiedSample != nil:
			kinds["stratified"]++
			testStratifiedVector(t, i, v, c)
		default:
			t.Errorf("case %d: unknown kind", i)
		}
	}
	for _, k := range []string{"ticket", "uniform", "stratified"} {
		if kinds[k] == 0 {
			t.Errorf("no %s case in %s", k, vectorsPath)
		}
	}
}

func testStratifiedVector(t *testing.T, i int, v vectors, c vectorCase) {
	t.Helper()
	if c.Rounding != "ceil" {
		t.Fatalf("case %d: rounding %q, only ceil is implemented", i, c.Rounding)
	}
	ratios := map[string]Ratio{}
	for h, s := range c.StratifiedRatios {
		r, err := ParseRatio(s)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		ratios[h] = r
	}
	picks, err := Stratified(c.Seed, v.candidates(), ratios)
	if err != nil {
		t.Fatalf("case %d: %v", i, err)
	}
	got := map[string][]string{}
	var order []string
	for _, p := range picks {
		if len(order) == 0 || order[len(order)-1] != p.Stratum {
			order = append(order, p.Stratum)
		}
		got[p.Stratum] = append(got[p.Stratum], p.ID)
	}
	if !slices.IsSorted(order) || len(order) != len(got) {
		t.Errorf("case %d: strata not grouped in name order: %v", i, order)
	}
	for h, want := range c.StratifiedSample {
		if !slices.Equal(got[h], want) {
			t.Errorf("case %d: stratum %s\n got %v\nwant %v", i, h, got[h], want)
		}
	}
	if len(got) != len(c.StratifiedSample) {
		t.Errorf("case %d: got strata %v, want %d strata", i, order, len(c.StratifiedSample))
	}
}

// TestUniform_ticketsMatch checks that every pick carries its own full
// ticket, and that picks are in increasing ticket order with the reserves
// after them.
func TestUniform_ticketsMatch(t *testing.T) {
	v := mustVectors(t)
	drawn, reserve, err := Uniform("314159", v.Population, 7, 5)
	if err != nil {
		t.Fatal(err)
	}
	all := append(slices.Clone(drawn), reserve...)
	if len(drawn) != 7 || len(reserve) != 5 {
		t.Fatalf("got %d drawn and %d reserves, want 7 and 5", len(drawn), len(reserve))
	}
	for i, p := range all {
		if want := Ticket("314159", p.ID); p.Ticket != want {
			t.Errorf("pick %d (%s): ticket %s, want %s", i, p.ID, p.Ticket, want)
		}
		if i > 0 && all[i-1].Ticket >= p.Ticket {
			t.Errorf("pick %d: ticket %s not above %s", i, p.Ticket, all[i-1].Ticket)
		}
	}
	// The 20-sample vector continues with the reserves.
	long, _, _ := Uniform("314159", v.Population, 12, 0)
	if !slices.Equal(pickIDs(all), pickIDs(long)) {
		t.Errorf("drawn+reserves %v\n!= first 12 %v", pickIDs(all), pickIDs(long))
	}
}
