package draw

import (
	"errors"
	"fmt"
	"slices"
	"testing"
)

// testPool has 4 inspectors in SCJG (market supervision) and 3 in WSJ
// (health), plus ones that must never be drawn.
func testPool() []Inspector {
	in := func(id, dept, expiry string, spec ...string) Inspector {
		return Inspector{ID: id, Name: "检查员" + id, Dept: dept, CertNo: "ZF-" + id,
			CertExpiry: expiry, Specialties: spec, Active: true}
	}
	pool := []Inspector{
		in("S1", "SCJG", "2027-12-31", "food"),
		in("S2", "SCJG", "2027-12-31"),
		in("S3", "SCJG", "2026-04-01", "special-equipment"), // expires on the day: valid
		in("S4", "SCJG", "2027-12-31"),
		in("W1", "WSJ", "2027-12-31"),
		in("W2", "WSJ", "2027-12-31", "food"),
		in("W3", "WSJ", "2027-12-31"),
		in("X1", "SCJG", "2026-03-31"), // expired the day before
		in("X2", "HBJ", "2027-12-31"),  // not a department of the task
	}
	off := in("X3", "SCJG", "2027-12-31")
	off.Active = false
	nocert := in("X4", "WSJ", "2027-12-31")
	nocert.CertNo = ""
	return append(pool, off, nocert)
}

func testRules() TeamRules {
	return TeamRules{LeadDept: "SCJG", Participating: []string{"WSJ"}, MinSize: 2,
		Date: "2026-04-01"}
}

func TestTeams_rules(t *testing.T) {
	pool := testPool()
	dept := map[string]string{}
	for _, in := range pool {
		dept[in.ID] = in.Dept
	}
	businesses := make([]string, 40)
	for i := range businesses {
		businesses[i] = fmt.Sprintf("B%02d", i)
	}
	rules := testRules()
	rules.MinSize = 3
	teams, err := Teams("seed", businesses, pool, rules)
	if err != nil {
		t.Fatal(err)
	}
	leaders := map[string]bool{}
	for i, tm := range teams {
		if tm.Business != businesses[i] {
			t.Fatalf("team %d is for %s, want %s", i, tm.Business, businesses[i])
		}
		if tm.Members[0] != tm.Leader || dept[tm.Leader] != "SCJG" {
			t.Errorf("%s: leader %s (%s) not first or not from SCJG: %v", tm.Business,
				tm.Leader, dept[tm.Leader], tm.Members)
		}
		leaders[tm.Leader] = true
		if len(tm.Members) < 3 {
			t.Errorf("%s: %d members, want at least 3", tm.Business, len(tm.Members))
		}
		hasWSJ := false
		for _, m := range tm.Members {
			hasWSJ = hasWSJ || dept[m] == "WSJ"
			if m[0] == 'X' {
				t.Errorf("%s: ineligible inspector %s drawn", tm.Business, m)
			}
		}
		if !hasWSJ {
			t.Errorf("%s: no member from WSJ: %v", tm.Business, tm.Members)
		}
	}
	if len(leaders) < 3 {
		t.Errorf("only %d distinct leaders over 40 teams: the draw is not random", len(leaders))
	}
}

func TestTeams_conflictAndLastExcluded(t *testing.T) {
	pool := testPool()
	for i := range pool {
		if pool[i].ID == "S1" {
			pool[i].Conflicts = []string{"B1"}
		}
	}
	rules := testRules()
	rules.LastInspectors = map[string][]string{"B1": {"S2", "W1"}}
	for seed := range 30 {
		teams, err := Teams(fmt.Sprint(seed), []string{"B1", "B2"}, pool, rules)
		if err != nil {
			t.Fatal(err)
		}
		for _, banned := range []string{"S1", "S2", "W1"} {
			if slices.Contains(teams[0].Members, banned) {
				t.Errorf("seed %d: %s inspects B1 despite conflict/last inspection", seed, banned)
			}
		}
	}
}

func TestTeams_capRespected(t *testing.T) {
	rules := testRules()
	rules.MaxPerInspector = 2
	// 3 eligible SCJG leaders-to-be (S1..S4 minus none) x cap 2 = at most 8
	// SCJG slots; 4 businesses need 4 SCJG and 4 WSJ members.
	biz := []string{"B1", "B2", "B3", "B4"}
	teams, err := Teams("cap", biz, testPool(), rules)
	if err != nil {
		t.Fatal(err)
	}
	load := map[string]int{}
	for _, tm := range teams {
		for _, m := range tm.Members {
			load[m]++
		}
	}
	for id, n := range load {
		if n > 2 {
			t.Errorf("inspector %s on %d teams, cap is 2", id, n)
		}
	}
	// 3 WSJ inspectors x cap 2 = 6 WSJ slots: the 7th business must fail.
	many := []string{"B1", "B2", "B3", "B4", "B5", "B6", "B7"}
	_, err = Teams("cap", many, testPool(), rules)
	var te *TeamError
	if !errors.As(err, &te) || te.Business != "B7" || te.Rule != RuleDepartment {
		t.Errorf("7 businesses with cap 2: err = %v, want TeamError for B7, rule %s",
			err, RuleDepartment)
	}
}

func TestTeams_specialty(t *testing.T) {
	rules := testRules()
	rules.Specialties = []string{"special-equipment"}
	teams, err := Teams("spec", []string{"B1", "B2", "B3"}, testPool(), rules)
	if err != nil {
		t.Fatal(err)
	}
	for _, tm := range teams {
		if !slices.Contains(tm.Members, "S3") {
			t.Errorf("%s: no member with special-equipment (only S3 has it): %v",
				tm.Business, tm.Members)
		}
	}
}

func TestTeams_impossible(t *testing.T) {
	tests := []struct {
		name   string
		change func(*TeamRules, []Inspector) []Inspector
		rule   string
	}{
		{"no lead dept inspector", func(r *TeamRules, p []Inspector) []Inspector {
			r.LeadDept = "WJJ"
			return p
		}, RuleLeader},
		{"participating dept all conflicted", func(r *TeamRules, p []Inspector) []Inspector {
			for i := range p {
				if p[i].Dept == "WSJ" {
					p[i].Conflicts = append(p[i].Conflicts, "B2")
				}
			}
			return p
		}, RuleDepartment},
		{"certificates expired", func(r *TeamRules, p []Inspector) []Inspector {
			r.Date = "2028-01-01"
			return p
		}, RuleLeader},
		{"missing specialty", func(r *TeamRules, p []Inspector) []Inspector {
			r.Specialties = []string{"drugs"}
			return p
		}, RuleSpecialty},
		{"team too large", func(r *TeamRules, p []Inspector) []Inspector {
			r.MinSize = 8
			return p
		}, RuleMinSize},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules := testRules()
			pool := tt.change(&rules, testPool())
			teams, err := Teams("s", []string{"B1", "B2"}, pool, rules)
			var te *TeamError
			if !errors.As(err, &te) {
				t.Fatalf("err = %v (teams %v), want *TeamError", err, teams)
			}
			if te.Rule != tt.rule || (te.Business != "B1" && te.Business != "B2") {
				t.Errorf("TeamError business %q rule %q, want rule %q", te.Business, te.Rule,
					tt.rule)
			}
			if tt.rule == RuleDepartment && te.Business != "B2" {
				t.Errorf("error names %s, want B2 (only B2 is conflicted)", te.Business)
			}
		})
	}
}

func TestTeams_badRules(t *testing.T) {
	rules := testRules()
	rules.MinSize = 1
	if _, err := Teams("s", []string{"B1"}, testPool(), rules); err == nil {
		t.Error("min_size 1 accepted")
	}
	rules = testRules()
	rules.Date = "2026/04/01"
	if _, err := Teams("s", []string{"B1"}, testPool(), rules); err == nil {
		t.Error("date 2026/04/01 accepted")
	}
	pool := append(testPool(), testPool()[0])
	if _, err := Teams("s", []string{"B1"}, pool, testRules()); err == nil {
		t.Error("duplicate inspector id accepted")
	}
}

func TestCanonicalPool(t *testing.T) {
	rules := TeamRules{LeadDept: "SCJG", Participating: []string{"WSJ", "HBJ"}, MinSize: 3,
		Date: "2026-04-01", Specialties: []string{"food"}, MaxPerInspector: 2,
		LastInspectors: map[string][]string{"B2": {"W1", "S1"}, "B1": {"S2"}}}
	pool := []Inspector{
		{ID: "W1", Name: "王五", Dept: "WSJ", CertNo: "ZF-9", CertExpiry: "2027-01-01",
			Specialties: []string{"food", "drugs"}, Conflicts: []string{"B9", "B3"}},
		{ID: "S1", Name: "张三", Dept: "SCJG", CertNo: "ZF-1", CertExpiry: "2027-12-31",
			Active: true},
	}
	want := "doublerandom-pool/1\nlead_dept\tSCJG\nparticipating\tWSJ,HBJ\nmin_size\t3\n" +
		"date\t2026-04-01\nspecialties\tfood\nmax_per_inspector\t2\n" +
		"last\tB1\tS2\nlast\tB2\tS1,W1\n" +
		"inspector\tS1\tSCJG\tZF-1\t2027-12-31\t1\t\t\t张三\n" +
		"inspector\tW1\tWSJ\tZF-9\t2027-01-01\t0\tdrugs,food\tB3,B9\t王五\n"
	if got := string(CanonicalPool(rules, pool)); got != want {
		t.Errorf("CanonicalPool =\n%s\nwant\n%s", got, want)
	}
	if HashPool(rules, pool) != Commit(want) {
		t.Error("HashPool is not the SHA-256 of CanonicalPool")
	}
	if err := CheckPool(rules, pool); err != nil {
		t.Errorf("CheckPool: %v", err)
	}
	pool[0].Specialties = []string{"food,drugs"}
	if err := CheckPool(rules, pool); err == nil {
		t.Error("a specialty with a comma was accepted")
	}
	pool[0].Specialties = nil
	pool[1].Name = "张\t三"
	if err := CheckPool(rules, pool); err == nil {
		t.Error("a name with a tab was accepted")
	}
}
