package draw

import (
	"crypto/sha256"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// naiveDraw is the reference: every full ticket, sorted as a string.
func naiveDraw(seed string, ids []string, k int) []string {
	type tk struct{ ticket, id string }
	all := make([]tk, len(ids))
	for i, id := range ids {
		all[i] = tk{Ticket(seed, id), id}
	}
	slices.SortFunc(all, func(a, b tk) int { return strings.Compare(a.ticket, b.ticket) })
	out := make([]string, min(k, len(all)))
	for i := range out {
		out[i] = all[i].id
	}
	return out
}

// testIDs returns n distinct ids shaped like credit codes, shuffled by r.
func testIDs(r *rand.Rand, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("9141%014d", r.Int64N(1e14)*1_000+int64(i)%1_000)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	r.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	return ids
}

func TestUniform_matchesNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	// 40,000 ids take the parallel path with the starting limit and pruning.
	for _, size := range []int{0, 1, 5, 100, 40_000} {
		ids := testIDs(r, size)
		for _, n := range []int{0, 1, 3, size / 2, size} {
			if n > len(ids) {
				continue
			}
			seed := fmt.Sprint("seed-", size, "-", n)
			drawn, _, err := Uniform(seed, ids, n, 0)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := pickIDs(drawn), naiveDraw(seed, ids, n); !slices.Equal(got, want) {
				t.Errorf("size %d, n %d: got %d ids %.5v, naive %.5v", size, n, len(got),
					got, want)
			}
		}
	}
}

// TestSmallest_limitTooTight forces the rescan after a starting limit that
// keeps too few keys, and the pruning of a buffer without limit.
func TestSmallest_limitTooTight(t *testing.T) {
	ids := testIDs(rand.New(rand.NewPCG(3, 4)), 30_000)
	src := &idSource{ids: ids}
	want := naiveDraw("tight", ids, 25)
	for _, limit := range []uint64{0, 1 << 40, math.MaxUint64} {
		got, err := smallestUnder("tight", src, []int{25}, []uint64{limit})
		if err != nil {
			t.Fatal(err)
		}
		ids := make([]string, len(got[0]))
		for i, e := range got[0] {
			ids[i] = src.id(e.idx)
		}
		if !slices.Equal(ids, want) {
			t.Errorf("limit %d: got %v, want %v", limit, ids, want)
		}
	}
}

func TestUniform_orderInvariant(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	ids := testIDs(r, 20_000)
	first, res1, err := Uniform("order", ids, 50, 10)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		r.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
		again, res2, err := Uniform("order", ids, 50, 10)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(first, again) || !slices.Equal(res1, res2) {
			t.Fatal("the draw changed when the input was shuffled")
		}
	}
	slices.Sort(ids)
	sorted, _, _ := Uniform("order", ids, 50, 10)
	if !slices.Equal(first, sorted) {
		t.Fatal("the draw over sorted input differs")
	}
}

func TestUniform_prefix(t *testing.T) {
	ids := testIDs(rand.New(rand.NewPCG(7, 8)), 5_000)
	big, _, err := Uniform("prefix", ids, 300, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, 1, 17, 299} {
		small, reserve, err := Uniform("prefix", ids, n, 300-n)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(small, big[:n]) {
			t.Errorf("sample of %d is not a prefix of the sample of 300", n)
		}
		if !slices.Equal(append(small, reserve...), big) {
			t.Errorf("sample of %d plus %d reserves differs from the sample of 300", n,
				300-n)
		}
	}
}

// TestUniform_subset checks that drawing from a subset gives the superset's
// order restricted to the subset.
func TestUniform_subset(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	ids := testIDs(r, 3_000)
	all, _, err := Uniform("subset", ids, len(ids), 0)
	if err != nil {
		t.Fatal(err)
	}
	inSub := map[string]bool{}
	var sub []string
	for _, id := range ids {
		if r.IntN(3) == 0 {
			inSub[id] = true
			sub = append(sub, id)
		}
	}
	var want []string
	for _, p := range all {
		if inSub[p.ID] {
			want = append(want, p.ID)
		}
	}
	for _, n := range []int{1, 10, len(sub)} {
		got, _, err := Uniform("subset", sub, n, 0)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(pickIDs(got), want[:n]) {
			t.Errorf("subset draw of %d differs from the superset's draw filtered", n)
		}
	}
}

func TestStratified_matchesUniformPerStratum(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	ids := testIDs(r, 30_000)
	cands := make([]Candidate, len(ids))
	byStratum := map[string][]string{}
	for i, id := range ids {
		s := string(rune('A' + r.IntN(12))) // 12 strata: the map index
		cands[i] = Candidate{ID: id, Stratum: s}
		byStratum[s] = append(byStratum[s], id)
	}
	ratios := map[string]Ratio{}
	for s := range byStratum {
		ratios[s] = MustRatio(fmt.Sprintf("0.0%d", 1+r.IntN(9)))
	}
	picks, err := Stratified("strata", cands, ratios)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	names := slices.Sorted(func(yield func(string) bool) {
		for s := range byStratum {
			if !yield(s) {
				return
			}
		}
	})
	for _, s := range names {
		n := ratios[s].Ceil(len(byStratum[s]))
		want = append(want, naiveDraw("strata", byStratum[s], n)...)
	}
	if !slices.Equal(pickIDs(picks), want) {
		t.Errorf("stratified draw differs from per-stratum naive draws")
	}
	delete(ratios, "C")
	if _, err := Stratified("strata", cands, ratios); err == nil ||
		!strings.Contains(err.Error(), `"C"`) {
		t.Errorf("missing ratio for C: err = %v, want it named", err)
	}
}

func TestUniform_errors(t *testing.T) {
	tests := []struct {
		name     string
		ids      []string
		n, r     int
		contains string
	}{
		{"duplicate sorted", []string{"a", "b", "b", "c"}, 1, 0, `duplicate id "b"`},
		{"duplicate unsorted", []string{"c", "a", "b", "a"}, 1, 0, `duplicate id "a"`},
		{"empty id", []string{"a", ""}, 1, 0, "empty id"},
		{"n too large", []string{"a", "b"}, 3, 0, "exceeds"},
		{"negative n", []string{"a"}, -1, 0, "negative"},
		{"negative reserves", []string{"a"}, 1, -2, "negative"},
	}
	for _, tt := range tests {
		_, _, err := Uniform("s", tt.ids, tt.n, tt.r)
		if err == nil || !strings.Contains(err.Error(), tt.contains) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.contains)
		}
	}
	big := testIDs(rand.New(rand.NewPCG(1, 1)), 20_000)
	big = append(big, big[12_345])
	if _, _, err := Uniform("s", big, 5, 0); err == nil {
		t.Error("duplicate in a large unsorted list accepted")
	}
	slices.Sort(big)
	if _, _, err := Uniform("s", big, 5, 0); err == nil {
		t.Error("duplicate in a large sorted list accepted")
	}
}

// TestUniform_chiSquare checks that every position of a 10-element list is
// drawn first equally often over 20,000 fixed seeds. With 9 degrees of
// freedom, chi-square above 27.88 has probability 0.001; the seeds are
// fixed, so the test is deterministic.
func TestUniform_chiSquare(t *testing.T) {
	ids := []string{"91411303010J4H3Y7R", "914113030254FKP30A", "914113030326E53A1T",
		"9141130303Q94P7CXY", "9141130305MGGHFR3E", "9141130311Y8FNM215",
		"91411303125404JW1M", "91411303132HD1TJ1Q", "9141130316RNQ6FW5U",
		"91411303235NDGCA91"}
	const seeds = 20_000
	counts := make(map[string]int)
	for s := range seeds {
		drawn, _, err := Uniform(fmt.Sprint("chi-", s), ids, 1, 0)
		if err != nil {
			t.Fatal(err)
		}
		counts[drawn[0].ID]++
	}
	expected := float64(seeds) / float64(len(ids))
	chi := 0.0
	for _, id := range ids {
		d := float64(counts[id]) - expected
		chi += d * d / expected
	}
	if chi > 27.88 {
		t.Errorf("chi-square %.2f > 27.88 (p < 0.001): counts %v", chi, counts)
	}
	t.Logf("chi-square %.2f over %d seeds, 9 degrees of freedom", chi, seeds)
}

// TestTicket_firstDigitUniform checks the first ticket digit over many ids
// under one seed, the digit the 19-digit keys rank by first.
func TestTicket_firstDigitUniform(t *testing.T) {
	const n = 50_000
	var counts [10]int
	for i := range n {
		counts[Ticket("digits", fmt.Sprint(i))[2]-'0']++
	}
	chi := 0.0
	for _, c := range counts {
		d := float64(c) - n/10
		chi += d * d / (n / 10)
	}
	if chi > 27.88 {
		t.Errorf("chi-square %.2f > 27.88 for the first digit: %v", chi, counts)
	}
}

// TestKey_isTicketPrefix checks the fast ranking key against the full
// ticket: the key is the ticket's first 19 digits.
func TestKey_isTicketPrefix(t *testing.T) {
	tk := newTicketer("key")
	for i := range 20_000 {
		id := fmt.Sprint("id-", i)
		full := Ticket("key", id)
		if got := fmt.Sprintf("%019d", tk.key(id)); got != full[2:21] {
			t.Fatalf("key(%s) = %s, ticket %s", id, got, full)
		}
	}
	for _, r := range []uint64{0, 1, 42, 1234567890123456789, pow19 - 1, pow19 / 10} {
		want := []byte(fmt.Sprintf("%019d", r))
		slices.Reverse(want)
		if got := fmt.Sprintf("%019d", reverse19(r)); got != string(want) {
			t.Errorf("reverse19(%d) = %s, want %s", r, got, want)
		}
	}
}

// TestTicketer_fastPath checks that the one-block hashing path is in use
// and agrees with crypto/sha256 for ids up to and past its length limit.
func TestTicketer_fastPath(t *testing.T) {
	tk := newTicketer("fast")
	if tk.fast == nil {
		t.Fatal("fast hashing path disabled: crypto/sha256 state layout changed?")
	}
	for n := range 80 {
		id := strings.Repeat("x", n)
		if got, want := tk.ticket(id), sumTicket(ptr(sha256.Sum256([]byte(
			SeedHash("fast")+id)))); got != want {
			t.Errorf("id of %d bytes: ticket %s, want %s", n, got, want)
		}
	}
}

func ptr[T any](v T) *T { return &v }
