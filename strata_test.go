package doublerandom

import "testing"

func TestStratum(t *testing.T) {
	for _, tc := range []struct {
		e    Entity
		want string
	}{
		{Entity{RiskClass: "A"}, "A"},
		{Entity{RiskClass: "C"}, "C"},
		{Entity{}, "B"},                                              // unrated: general class
		{Entity{RiskClass: "x"}, "B"},                                // unknown class: general class
		{Entity{RiskClass: "A", Abnormal: true}, "B"},                // abnormal list raises one class
		{Entity{RiskClass: "B", Complaints: 4}, "C"},                 // complaints above 3 raise one class
		{Entity{RiskClass: "B", Complaints: 3}, "B"},                 // at the threshold: not above it
		{Entity{RiskClass: "C", Abnormal: true, Complaints: 9}, "D"}, // raised once, not twice
		{Entity{RiskClass: "D", Abnormal: true}, "D"},                // D is the top
	} {
		if got := Stratum(tc.e, DefaultComplaintThreshold); got != tc.want {
			t.Errorf("Stratum(%+v) = %s, want %s", tc.e, got, tc.want)
		}
	}
}

func TestResultTypes(t *testing.T) {
	if len(ResultTypes) != 10 {
		t.Fatalf("%d result types, Art. 22 has 10", len(ResultTypes))
	}
	seen := map[ResultType]bool{}
	for _, r := range ResultTypes {
		if !r.Valid() || seen[r] {
			t.Errorf("result type %q invalid or repeated", r)
		}
		seen[r] = true
	}
	if ResultType("fined").Valid() {
		t.Error("an eleventh type is valid")
	}
}
