package draw

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
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
	got, err := smallest(seed, src, []int{n + reserves})
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
	src := candSource{cands: cands}
	names, counts := src.strata()
	want := make([]int, len(names))
	for g, name := range names {
		r, ok := ratios[name]
		if !ok {
			return nil, fmt.Errorf("stratified draw: stratum %q has %d candidates but no ratio",
				name, counts[g])
		}
		want[g] = r.Ceil(counts[g])
	}
	src.index = make(map[string]int, len(names))
	for g, name := range names {
		src.index[name] = g
	}
	got, err := smallest(seed, &src, want)
	if err != nil {
		return nil, fmt.Errorf("stratified draw: %w", err)
	}
	var all []entry
	for _, es := range got {
		all = append(all, es...)
	}
	return makePicks(seed, &src, all), nil
}

// source is a list of candidates the selection reads by index. A source is
// shared by the workers, so group must be safe for concurrent use.
type source interface {
	len() int
	id(i int) string
	stratum(i int) string
	// group returns the index of candidate i's group.
	group(i int) int
}

type idSource struct{ ids []string }

func (s *idSource) len() int           { return len(s.ids) }
func (s *idSource) id(i int) string    { return s.ids[i] }
func (s *idSource) stratum(int) string { return "" }
func (s *idSource) group(int) int      { return 0 }

type candSource struct {
	cands []Candidate
	index map[string]int // stratum name -> group, read-only during selection
}

func (s *candSource) len() int             { return len(s.cands) }
func (s *candSource) id(i int) string      { return s.cands[i].ID }
func (s *candSource) stratum(i int) string { return s.cands[i].Stratum }
func (s *candSource) group(i int) int      { return s.index[s.cands[i].Stratum] }

// strata returns the stratum names in byte order and their sizes.
func (s *candSource) strata() ([]string, []int) {
	m := map[string]int{}
	for i := range s.cands {
		m[s.cands[i].Stratum]++
	}
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	counts := make([]int, len(names))
	for g, name := range names {
		counts[g] = m[name]
	}
	return names, counts
}

// entry is a candidate's index with the first 19 digits of its ticket.
type entry struct {
	key uint64
	idx int
}

// order compares entries by ticket: key first, the full ticket on a tie,
// and the id last, so that the order is total and independent of input.
type order struct {
	src source
	t   *ticketer
}

func (o *order) less(a, b entry) bool {
	if a.key != b.key {
		return a.key < b.key
	}
	if a.idx == b.idx {
		return false
	}
	ida, idb := o.src.id(a.idx), o.src.id(b.idx)
	if ta, tb := o.t.ticket(ida), o.t.ticket(idb); ta != tb {
		return ta < tb
	}
	return ida < idb
}

// minParallel is the list size below which one goroutine does the work.
const minParallel = 1 << 14

// smallest returns, for each group g, the want[g] entries with the smallest
// tickets, sorted by ticket. Each worker scans a contiguous chunk and keeps
// a bounded max-heap per group, so memory is proportional to the sum of
// want, not to the number of candidates. It fails on empty or duplicated
// ids.
func smallest(seed string, src source, want []int) ([][]entry, error) {
	n := src.len()
	workers := runtime.GOMAXPROCS(0)
	if n < minParallel || workers < 1 {
		workers = 1
	}
	results := make([]scanResult, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := n*w/workers, n*(w+1)/workers
		wg.Go(func() { results[w] = scan(seed, src, lo, hi, want) })
	}
	wg.Wait()

	sorted := true
	for w, r := range results {
		if r.err != nil {
			return nil, r.err
		}
		sorted = sorted && r.sorted
		lo := n * w / workers
		if w > 0 && lo < n && lo > 0 && src.id(lo-1) >= src.id(lo) {
			sorted = false
		}
	}
	if !sorted {
		if err := checkUnique(src); err != nil {
			return nil, err
		}
	}

	o := &order{src: src, t: newTicketer(seed)}
	out := make([][]entry, len(want))
	for g := range want {
		var all []entry
		for _, r := range results {
			all = append(all, r.heaps[g]...)
		}
		slices.SortFunc(all, func(a, b entry) int {
			switch {
			case o.less(a, b):
				return -1
			case o.less(b, a):
				return 1
			}
			return 0
		})
		out[g] = all[:min(want[g], len(all))]
	}
	return out, nil
}

type scanResult struct {
	heaps  [][]entry
	sorted bool // ids in [lo, hi) are strictly increasing
	err    error
}

// scan keeps the smallest want[g] tickets of each group among [lo, hi).
func scan(seed string, src source, lo, hi int, want []int) scanResult {
	t := newTicketer(seed)
	o := &order{src: src, t: newTicketer(seed)}
	res := scanResult{heaps: make([][]entry, len(want)), sorted: true}
	prev := ""
	for i := lo; i < hi; i++ {
		id := src.id(i)
		if id == "" {
			res.err = fmt.Errorf("candidate %d has an empty id", i+1)
			return res
		}
		if i > lo && id <= prev {
			res.sorted = false
		}
		prev = id
		g := src.group(i)
		k := want[g]
		if k == 0 {
			continue
		}
		e := entry{key: t.key(id), idx: i}
		h := res.heaps[g]
		if len(h) < k {
			if h == nil {
				h = make([]entry, 0, min(k, hi-lo))
			}
			res.heaps[g] = heapPush(o, h, e)
			continue
		}
		if o.less(e, h[0]) {
			h[0] = e
			heapDown(o, h, 0)
		}
	}
	return res
}

// heapPush adds e to the max-heap h.
func heapPush(o *order, h []entry, e entry) []entry {
	h = append(h, e)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !o.less(h[p], h[i]) {
			break
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
	return h
}

// heapDown restores the max-heap property below i.
func heapDown(o *order, h []entry, i int) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		big := l
		if r := l + 1; r < len(h) && o.less(h[l], h[r]) {
			big = r
		}
		if !o.less(h[i], h[big]) {
			return
		}
		h[i], h[big] = h[big], h[i]
		i = big
	}
}

// checkUnique reports the first duplicated id in src. Sorted input is
// checked while scanning; this is the fallback for unsorted input and costs
// memory in proportion to the number of candidates.
func checkUnique(src source) error {
	seen := make(map[string]int, src.len())
	for i := range src.len() {
		id := src.id(i)
		if j, ok := seen[id]; ok {
			return fmt.Errorf("%w %q at candidates %d and %d", ErrDuplicate, id, j+1, i+1)
		}
		seen[id] = i
	}
	return nil
}

// makePicks computes the full tickets of the selected entries in parallel.
func makePicks(seed string, src source, es []entry) []Pick {
	picks := make([]Pick, len(es))
	workers := runtime.GOMAXPROCS(0)
	if len(es) < 1024 || workers < 1 {
		workers = 1
	}
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := len(es)*w/workers, len(es)*(w+1)/workers
		wg.Go(func() {
			t := newTicketer(seed)
			for i := lo; i < hi; i++ {
				id := src.id(es[i].idx)
				picks[i] = Pick{ID: id, Stratum: src.stratum(es[i].idx), Ticket: t.ticket(id)}
			}
		})
	}
	wg.Wait()
	return picks
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
