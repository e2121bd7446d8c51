package demo

import (
	"testing"
	"time"
)

// TestRoster_UniqueNames checks that no two demo inspectors share a name, so
// that task pages are not ambiguous.
func TestRoster_UniqueNames(t *testing.T) {
	day := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	seen := map[string]string{}
	for _, in := range append(Roster(DeptMarket, 60, nil, day), Roster(DeptPolice, 60, nil, day)...) {
		if other, ok := seen[in.Name]; ok {
			t.Errorf("%s and %s are both named %s", other, in.ID, in.Name)
		}
		seen[in.Name] = in.ID
	}
}
