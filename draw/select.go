package draw

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ErrDuplicate reports an id that occurs more than once among candidates.
var ErrDuplicate = errors.New("duplicate id")

// Pick is one selected candidate with its full-precision ticket.
type Pick struct {
	ID      string `json:"id"`
	Stratum string `json:"stratum,omitempty"`
	Ticket  string `json:"ticket"`
}

// Uniform returns the n ids with the smallest tickets under seed, in ticket
// order, then the next reserves ids in ticket order as ordered reserves
// (fewer when the list runs out). The result does not depend on the order
// of ids. Empty or duplicated ids and n greater than len(ids) are errors.
func Uniform(seed string, ids []string, n, reserves int) (drawn, reserve []Pick, err error) {
	return uniform(seed, &idSource{ids: ids}, n, reserves)
}

// uniform is Uniform over any source; picks carry the source's strata.
func uniform(seed string, src source, n, reserves int) (drawn, reserve []Pick, err error) {
	if n < 0 || reserves < 0 {
		return nil, nil, fmt.Errorf("uniform draw: n=%d and reserves=%d must not be negative",
			n, reserves)
	}
	if n > src.len() {
		return nil, nil, fmt.Errorf("uniform draw: n=%d exceeds the %d candidates",
			n, src.len())
	}
	reserves = min(reserves, src.len()-n)
	got, err := smallest(seed, src, []int{src.len()}, []int{n + reserves})
	if err != nil {
		return nil, nil, fmt.Errorf("uniform draw: %w", err)
	}
	picks := makePicks(seed, src, got[0])
	return picks[:n:n], picks[n:], nil
}

// Stratified takes, within each stratum h with N_h candidates, the
// ceil(N_h * ratios[h]) candidates with the smallest tickets. The result is
// ordered by stratum name (byte order), then by ticket. A stratum present
// among the candidates but missing from ratios is an error naming it;
// ratios for strata without candidates are ignored.
func Stratified(seed string, cands []Candidate, ratios map[string]Ratio) ([]Pick, error) {
	index, counts := countStrata(cands)
	want := make([]int, len(index.names))
	for g, name := range index.names {
		r, ok := ratios[name]
		if !ok {
			return nil, fmt.Errorf("stratified draw: stratum %q has %d candidates but no ratio",
				name, counts[g])
		}
		want[g] = r.Ceil(counts[g])
	}
	src := candSource{cands: cands, strata: index}
	got, err := smallest(seed, &src, counts, want)
	if err != nil {
		return nil, fmt.Errorf("stratified draw: %w", err)
	}
	var all []entry
	for _, es := range got {
		all = append(all, es...)
	}
	return makePicks(seed, &src, all), nil
}

// validText reports why s cannot be an id or stratum name in the canonical
// candidate list, or "" when it can: it must be valid UTF-8 without control
// characters or commas.
func validText(s string) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8"
	}
	if i := strings.IndexFunc(s, func(r rune) bool {
		return r < 0x20 || r == 0x7f || r == ','
	}); i >= 0 {
		return fmt.Sprintf("contains %q at byte %d", s[i], i)
	}
	return ""
}
