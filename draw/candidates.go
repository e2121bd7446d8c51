package draw

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Candidate is one business that may be drawn: its id (the unified social
// credit code or registration number) and, for stratified draws, its
// stratum (e.g. the risk class "A" to "D").
type Candidate struct {
	ID      string `json:"id"`
	Stratum string `json:"stratum,omitempty"`
}

// CheckCandidates reports the first candidate that cannot be part of a
// canonical candidate list: an empty id, an id or stratum with a comma, a
// control character or invalid UTF-8, or an id that occurs twice.
func CheckCandidates(cands []Candidate) error {
	sorted := sortedCandidates(cands)
	for i, c := range sorted {
		if c.ID == "" {
			return fmt.Errorf("candidate list: empty id")
		}
		if why := validText(c.ID); why != "" {
			return fmt.Errorf("candidate list: id %q %s", c.ID, why)
		}
		if why := validText(c.Stratum); why != "" {
			return fmt.Errorf("candidate list: stratum %q of %q %s", c.Stratum, c.ID, why)
		}
		if i > 0 && sorted[i-1].ID == c.ID {
			return fmt.Errorf("candidate list: %w %q", ErrDuplicate, c.ID)
		}
	}
	return nil
}

// sortedCandidates returns cands in id byte order, copying only when cands
// is not sorted already.
func sortedCandidates(cands []Candidate) []Candidate {
	cmp := func(a, b Candidate) int { return strings.Compare(a.ID, b.ID) }
	if slices.IsSortedFunc(cands, cmp) {
		return cands
	}
	sorted := slices.Clone(cands)
	slices.SortStableFunc(sorted, cmp)
	return sorted
}

// CanonicalCandidates returns the frozen form of a candidate list (候选名单):
// candidates sorted by id in byte order, one per line, each line "id" when
// the stratum is empty and "id,stratum" otherwise, UTF-8, every line ended
// by LF (so an empty list is empty). Check the list with CheckCandidates
// first: for an invalid list the form is not parseable back.
func CanonicalCandidates(cands []Candidate) []byte {
	var b bytes.Buffer
	writeCanonical(&b, cands)
	return b.Bytes()
}

func writeCanonical(w io.Writer, cands []Candidate) {
	bw := bufio.NewWriterSize(w, 64<<10)
	for _, c := range sortedCandidates(cands) {
		bw.WriteString(c.ID)
		if c.Stratum != "" {
			bw.WriteByte(',')
			bw.WriteString(c.Stratum)
		}
		bw.WriteByte('\n')
	}
	bw.Flush()
}

// HashCandidates returns the lowercase hex SHA-256 of
// CanonicalCandidates(cands), computed without building the whole text.
func HashCandidates(cands []Candidate) string {
	h := sha256.New()
	writeCanonical(h, cands)
	return hex.EncodeToString(h.Sum(nil))
}

// ParseCandidates parses a canonical candidate list, the inverse of
// CanonicalCandidates. It is strict, so that a list that parses has exactly
// the hash of its bytes: lines must end in LF (no CR), ids must be sorted
// in byte order without repeats, and no line may be empty.
func ParseCandidates(b []byte) ([]Candidate, error) {
	if len(b) == 0 {
		return nil, nil
	}
	if b[len(b)-1] != '\n' {
		return nil, fmt.Errorf("candidate list: the last line does not end with LF")
	}
	lines := bytes.Count(b, []byte{'\n'})
	cands := make([]Candidate, 0, lines)
	text := string(b)
	for n := 1; text != ""; n++ {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		id, stratum, hasComma := strings.Cut(line, ",")
		if id == "" {
			return nil, fmt.Errorf("candidate list line %d: empty id", n)
		}
		if hasComma && stratum == "" {
			return nil, fmt.Errorf("candidate list line %d: comma without a stratum", n)
		}
		if why := validText(id); why != "" {
			return nil, fmt.Errorf("candidate list line %d: id %q %s", n, id, why)
		}
		if why := validText(stratum); why != "" {
			return nil, fmt.Errorf("candidate list line %d: stratum %q %s", n, stratum, why)
		}
		if k := len(cands); k > 0 && cands[k-1].ID >= id {
			if cands[k-1].ID == id {
				return nil, fmt.Errorf("candidate list line %d: %w %q", n, ErrDuplicate, id)
			}
			return nil, fmt.Errorf("candidate list line %d: id %q is not after %q in byte order",
				n, id, cands[k-1].ID)
		}
		cands = append(cands, Candidate{ID: id, Stratum: stratum})
	}
	return cands, nil
}
