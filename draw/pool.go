package draw

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// poolFormat is the first line of the canonical inspector pool text.
const poolFormat = "doublerandom-pool/1"

// CanonicalPool returns the text the pool hash covers: the team rules and
// the inspector pool, so that neither can change once the record is frozen.
// Lines end in LF; the fields of a line, shown here separated by spaces,
// are separated by one TAB:
//
//	doublerandom-pool/1
//	lead_dept <lead department>
//	participating <departments joined by ",", in the order listed>
//	min_size <decimal>
//	date <YYYY-MM-DD>
//	specialties <required specialties joined by ",", in the order listed>
//	max_per_inspector <decimal>
//	last <business> <inspector ids sorted, joined by ",">
//	inspector <id> <dept> <cert_no> <cert_expiry> <active> <specs> <conflicts> <name>
//
// where active is 1 or 0, and specs (specialties) and conflicts are sorted
// and joined by ",". There is one last line per business (sorted by
// business) and one inspector line per inspector (sorted by id), all in
// byte order. Check the rules and pool with CheckPool first: for invalid
// ones the text is ambiguous.
func CanonicalPool(rules TeamRules, pool []Inspector) []byte {
	var b bytes.Buffer
	line := func(fields ...string) {
		b.WriteString(strings.Join(fields, "\t"))
		b.WriteByte('\n')
	}
	line(poolFormat)
	line("lead_dept", rules.LeadDept)
	line("participating", strings.Join(rules.Participating, ","))
	line("min_size", strconv.Itoa(rules.MinSize))
	line("date", rules.Date)
	line("specialties", strings.Join(rules.Specialties, ","))
	line("max_per_inspector", strconv.Itoa(rules.MaxPerInspector))
	for _, biz := range slices.Sorted(maps.Keys(rules.LastInspectors)) {
		line("last", biz, sortedJoin(rules.LastInspectors[biz]))
	}
	sorted := slices.Clone(pool)
	slices.SortFunc(sorted, func(a, b Inspector) int { return strings.Compare(a.ID, b.ID) })
	for _, in := range sorted {
		active := "0"
		if in.Active {
			active = "1"
		}
		line("inspector", in.ID, in.Dept, in.CertNo, in.CertExpiry, active,
			sortedJoin(in.Specialties), sortedJoin(in.Conflicts), in.Name)
	}
	return b.Bytes()
}

// HashPool returns the lowercase hex SHA-256 of CanonicalPool.
func HashPool(rules TeamRules, pool []Inspector) string {
	sum := sha256.Sum256(CanonicalPool(rules, pool))
	return hex.EncodeToString(sum[:])
}

// CheckPool reports the first problem with team rules and an inspector
// pool: invalid rules, an empty or repeated inspector id, a control
// character in any field, or a comma in an id, a department or an element
// of a list.
func CheckPool(rules TeamRules, pool []Inspector) error {
	if err := rules.check(); err != nil {
		return err
	}
	words := append([]string{rules.LeadDept}, rules.Participating...)
	words = append(words, rules.Specialties...)
	for biz, ids := range rules.LastInspectors {
		words = append(append(words, biz), ids...)
	}
	for _, w := range words {
		if why := validText(w); why != "" {
			return fmt.Errorf("team rules: %q %s", w, why)
		}
	}
	if err := checkPool(pool); err != nil {
		return err
	}
	for _, in := range pool {
		words := append([]string{in.ID, in.Dept}, in.Specialties...)
		for _, w := range append(words, in.Conflicts...) {
			if why := validText(w); why != "" {
				return fmt.Errorf("inspector %s: %q %s", in.ID, w, why)
			}
		}
		for _, f := range []string{in.Name, in.CertNo, in.CertExpiry} {
			if strings.ContainsFunc(f, isControl) {
				return fmt.Errorf("inspector %s: %q contains a control character", in.ID, f)
			}
		}
	}
	return nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

func sortedJoin(list []string) string {
	return strings.Join(slices.Sorted(slices.Values(list)), ",")
}
