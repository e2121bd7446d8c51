package draw

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
)

// mustRecord returns a drawn record over the vector population with teams.
func mustRecord(tb testing.TB, params Params) *Record {
	tb.Helper()
	v := mustVectors(tb)
	secretA, secretB := "secret of SCJG 1f0c", "secret of WSJ 99ab"
	r := &Record{
		TaskID:      "2026-001",
		Title:       "卧龙区2026年第一批跨部门联合抽查",
		CommittedAt: "2026-03-01T08:00:00Z",
		Params:      params,
		Candidates:  v.candidates(),
		Exclusions:  []Exclusion{{ID: "91411303000000000X", Reason: "inspected twice in 2026"}},
		Contributions: []Contribution{
			{Party: "SCJG", Commitment: Commit(secretA)},
			{Party: "WSJ", Commitment: Commit(secretB)},
			{Party: "HBJ", Commitment: Commit("never revealed")},
		},
		Inspectors: testPool(),
		TeamRules: &TeamRules{LeadDept: "SCJG", Participating: []string{"WSJ"}, MinSize: 2,
			Date: "2026-04-01", MaxPerInspector: 3},
	}
	if err := r.Freeze(); err != nil {
		tb.Fatalf("freeze: %v", err)
	}
	r.Contributions[0].Secret = secretA
	r.Contributions[1].Secret = secretB
	r.PublicRandomness = "drand quicknet 1234567: 5f3c0a"
	if err := r.Execute(); err != nil {
		tb.Fatalf("execute: %v", err)
	}
	return r
}

func uniformParams() Params {
	return Params{Mode: ModeUniform, Ratio: "10%", Reserves: 2,
		PublicSource: "drand quicknet round 1234567"}
}

func TestVerify_good(t *testing.T) {
	for _, p := range []Params{uniformParams(), {Mode: ModeStratified,
		Ratios: map[string]string{"A": "0.01", "B": "0.02", "C": "0.10", "D": "0.30"}}} {
		r := mustRecord(t, p)
		if len(r.Drawn) == 0 || len(r.Teams) != len(r.Drawn) {
			t.Fatalf("%s: %d drawn, %d teams", p.Mode, len(r.Drawn), len(r.Teams))
		}
		if d := Verify(r, nil); d != nil {
			t.Errorf("%s: Verify of a good record = %v", p.Mode, d)
		}
		// Through JSON, with the candidate list as a separate canonical file.
		file := CanonicalCandidates(r.Candidates)
		r.Candidates = nil
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var back Record
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		cands, err := ParseCandidates(file)
		if err != nil {
			t.Fatal(err)
		}
		if d := Verify(&back, cands); d != nil {
			t.Errorf("%s: Verify after JSON round trip = %v", p.Mode, d)
		}
	}
}

func TestVerify_uniformSize(t *testing.T) {
	r := mustRecord(t, uniformParams())
	// 60 candidates at 10 % -> 6 drawn, and 2 reserves.
	if len(r.Drawn) != 6 || len(r.Reserves) != 2 {
		t.Errorf("drawn %d, reserves %d; want 6 and 2", len(r.Drawn), len(r.Reserves))
	}
}

func TestVerify_tampered(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(r *Record)
		field  string
	}{
		{"drawn id", func(r *Record) { r.Drawn[2].ID = "91411303999999999X" }, "drawn[2].id"},
		{"seed", func(r *Record) { r.Seed = strings.Repeat("ab", 32) }, "seed"},
		{"candidate", func(r *Record) { r.Candidates[5].ID = "91411303000000001Y" },
			"candidate_sha256"},
		{"stratum", func(r *Record) { r.Candidates[5].Stratum = "A" }, "candidate_sha256"},
		{"secret", func(r *Record) { r.Contributions[1].Secret = "another secret" },
			"contributions[1].secret"},
		{"public randomness", func(r *Record) { r.PublicRandomness += "0" }, "seed"},
		{"params", func(r *Record) { r.Params.Reserves = 3 }, "params_sha256"},
		{"team", func(r *Record) { r.Teams[0].Members[1] = "X9" }, "teams[0]"},
		{"reserve dropped", func(r *Record) { r.Reserves = r.Reserves[:1] },
			"reserves (count)"},
		{"excluded candidate", func(r *Record) { r.Exclusions[0].ID = r.Candidates[0].ID },
			"exclusions"},
		{"algorithm", func(r *Record) { r.Algorithm = "doublerandom-draw/0" }, "algorithm"},
		{"inspector pool", func(r *Record) { r.Inspectors[0].Active = false }, "pool_sha256"},
		{"team rules", func(r *Record) { r.TeamRules.MinSize = 3 }, "pool_sha256"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustRecord(t, uniformParams())
			tt.tamper(r)
			diffs := Verify(r, nil)
			if diffs == nil {
				t.Fatalf("Verify found nothing after changing the %s", tt.name)
			}
			for _, d := range diffs {
				if d.Field == tt.field {
					return
				}
			}
			t.Errorf("no difference in %s; got %v", tt.field, diffs)
		})
	}
}

func TestVerify_candidateChangeChangesSeed(t *testing.T) {
	r := mustRecord(t, uniformParams())
	r.Candidates = append(r.Candidates, Candidate{ID: "914113039999999999", Stratum: "A"})
	fields := map[string]bool{}
	for _, d := range Verify(r, nil) {
		fields[d.Field] = true
	}
	for _, f := range []string{"candidate_sha256", "candidate_count", "seed"} {
		if !fields[f] {
			t.Errorf("adding a candidate: no difference in %s (got %v)", f, fields)
		}
	}
}

func TestExecute_refusesRedraw(t *testing.T) {
	r := mustRecord(t, uniformParams())
	if err := r.Execute(); !errors.Is(err, ErrFrozen) {
		t.Errorf("second Execute: err = %v, want ErrFrozen", err)
	}
	if err := r.Freeze(); !errors.Is(err, ErrFrozen) {
		t.Errorf("Freeze after Execute: err = %v, want ErrFrozen", err)
	}
}

func TestExecute_changedAfterFreeze(t *testing.T) {
	v := mustVectors(t)
	r := &Record{Params: uniformParams(), Candidates: v.candidates(),
		PublicRandomness: "x"}
	if err := r.Freeze(); err != nil {
		t.Fatal(err)
	}
	r.Candidates = r.Candidates[1:]
	if err := r.Execute(); err == nil || !strings.Contains(err.Error(), "candidates changed") {
		t.Errorf("Execute after removing a candidate: err = %v", err)
	}
	if r.Seed != "" || r.Drawn != nil {
		t.Errorf("failed Execute left seed %q and %d drawn", r.Seed, len(r.Drawn))
	}
}

func TestExecute_badSecretStops(t *testing.T) {
	v := mustVectors(t)
	r := &Record{Params: uniformParams(), Candidates: v.candidates(),
		Contributions: []Contribution{{Party: "SCJG", Commitment: Commit("a")}}}
	if err := r.Freeze(); err != nil {
		t.Fatal(err)
	}
	r.Contributions[0].Secret = "b"
	if err := r.Execute(); !errors.Is(err, ErrCommitment) {
		t.Errorf("Execute with a wrong secret: err = %v, want ErrCommitment", err)
	}
}

// TestVerify_manyDifferencesNoted lists the first differences of a long list
// and says how many more there are.
func TestVerify_manyDifferencesNoted(t *testing.T) {
	v := mustVectors(t)
	r := &Record{TaskID: "1", Params: Params{Mode: ModeUniform, N: 30},
		Candidates:    v.candidates(),
		Contributions: []Contribution{{Party: "SCJG", Commitment: Commit("s")}}}
	if err := r.Freeze(); err != nil {
		t.Fatal(err)
	}
	r.Contributions[0].Secret = "s"
	if err := r.Execute(); err != nil {
		t.Fatal(err)
	}
	slices.Reverse(r.Drawn) // every one of the 30 positions now differs
	diffs := Verify(r, nil)
	var ids int
	var note string
	for _, d := range diffs {
		if strings.HasSuffix(d.Field, ".id") {
			ids++
		}
		if d.Want == "" && d.Got == "" {
			note = d.String()
		}
	}
	if ids != maxListDiffs || note != "drawn: 10 more entries differ (the first 20 are listed)" {
		t.Errorf("%d id differences listed, note %q", ids, note)
	}
}
