package draw

import (
	"errors"
	"fmt"
	"math"
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

// source is a list of candidates the selection reads by index.
type source interface {
	len() int
	id(i int) string
	stratum(i int) string
}

type idSource struct{ ids []string }

func (s *idSource) len() int           { return len(s.ids) }
func (s *idSource) id(i int) string    { return s.ids[i] }
func (s *idSource) stratum(int) string { return "" }

// candSource is a candidate list; strata, when set, groups it by stratum.
type candSource struct {
	cands  []Candidate
	strata *strataIndex
}

func (s *candSource) len() int             { return len(s.cands) }
func (s *candSource) id(i int) string      { return s.cands[i].ID }
func (s *candSource) stratum(i int) string { return s.cands[i].Stratum }

// maxLinearStrata is the number of strata up to which a linear search
// beats a map lookup.
const maxLinearStrata = 8

// strataIndex numbers stratum names. It is safe for concurrent reads.
type strataIndex struct {
	names []string
	m     map[string]int // set when there are more than maxLinearStrata names
}

func (x *strataIndex) find(name string) (int, bool) {
	if x.m != nil {
		g, ok := x.m[name]
		return g, ok
	}
	for g, n := range x.names {
		if n == name {
			return g, true
		}
	}
	return -1, false
}

func (x *strataIndex) add(name string) int {
	x.names = append(x.names, name)
	g := len(x.names) - 1
	if x.m != nil {
		x.m[name] = g
	} else if len(x.names) > maxLinearStrata {
		x.m = make(map[string]int, 2*len(x.names))
		for i, n := range x.names {
			x.m[n] = i
		}
	}
	return g
}

// countStrata returns the stratum names of cands in byte order, indexed,
// and the number of candidates in each. Chunks are counted in parallel.
func countStrata(cands []Candidate) (*strataIndex, []int) {
	workers := workerCount(len(cands))
	idx := make([]strataIndex, workers)
	counts := make([][]int, workers)
	parallel(len(cands), workers, func(w, lo, hi int) {
		x, c := &idx[w], []int(nil)
		for i := lo; i < hi; i++ {
			g, ok := x.find(cands[i].Stratum)
			if !ok {
				g = x.add(cands[i].Stratum)
				c = append(c, 0)
			}
			c[g]++
		}
		counts[w] = c
	})
	total := map[string]int{}
	for w := range idx {
		for g, name := range idx[w].names {
			total[name] += counts[w][g]
		}
	}
	names := make([]string, 0, len(total))
	for name := range total {
		names = append(names, name)
	}
	sort.Strings(names)
	out := &strataIndex{}
	sizes := make([]int, len(names))
	for g, name := range names {
		out.add(name)
		sizes[g] = total[name]
	}
	return out, sizes
}

// minParallel is the list size below which one goroutine does the work.
const minParallel = 1 << 14

func workerCount(n int) int {
	if n < minParallel {
		return 1
	}
	return max(1, runtime.GOMAXPROCS(0))
}

// parallel runs f over workers contiguous chunks of [0, n) and waits.
func parallel(n, workers int, f func(w, lo, hi int)) {
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() { f(w, n*w/workers, n*(w+1)/workers) })
	}
	wg.Wait()
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

func (o *order) cmp(a, b entry) int {
	switch {
	case a.key < b.key:
		return -1
	case a.key > b.key:
		return 1
	case a.idx == b.idx:
		return 0
	}
	ida, idb := o.src.id(a.idx), o.src.id(b.idx)
	ta, tb := o.t.ticket(ida), o.t.ticket(idb)
	switch {
	case ta < tb:
		return -1
	case ta > tb:
		return 1
	case ida < idb:
		return -1
	case ida > idb:
		return 1
	}
	return 0
}

func (o *order) sort(es []entry) { slices.SortFunc(es, o.cmp) }

// collector keeps the entries of one group whose key is at most limit.
// When its buffer reaches twice want, it keeps only the want smallest and
// lowers limit to the largest key kept, so its memory stays bounded.
type collector struct {
	want  int
	limit uint64
	buf   []entry
}

func (c *collector) add(o *order, e entry) {
	c.buf = append(c.buf, e)
	if len(c.buf) >= 2*c.want+1024 {
		o.sort(c.buf)
		c.buf = c.buf[:c.want]
		c.limit = c.buf[c.want-1].key
	}
}

// startLimit is a key that about want+8*sqrt(want)+64 of n uniformly
// distributed keys fall under. Keys are uniform on [0, 10^19), so a limit
// this size almost never leaves fewer than want keys; when it does, the
// group is scanned again without a limit. It only saves work: the result
// does not depend on it.
func startLimit(want, n int) uint64 {
	margin := want + 8*int(math.Sqrt(float64(want))) + 64
	if want == 0 || margin >= n {
		return math.MaxUint64
	}
	return uint64(margin) * (pow19 / uint64(n))
}

// smallest returns, for each group g, the want[g] entries with the smallest
// tickets, sorted by ticket. sizes[g] is the number of candidates in group
// g. Each worker hashes a contiguous chunk and keeps, per group, only keys
// under a limit in a bounded buffer; the buffers are merged and sorted. It
// fails on an empty or duplicated id.
func smallest(seed string, src source, sizes, want []int) ([][]entry, error) {
	limits := make([]uint64, len(want))
	for g := range want {
		limits[g] = startLimit(want[g], sizes[g])
	}
	return smallestUnder(seed, src, want, limits)
}

// smallestUnder is smallest with the starting limits given.
func smallestUnder(seed string, src source, want []int, limits []uint64) ([][]entry, error) {
	sorted := sortedIDs(src)
	cols, keys, err := scanAll(seed, src, want, limits, !sorted)
	if err != nil {
		return nil, err
	}
	if !sorted {
		if err := checkUnique(seed, src, keys); err != nil {
			return nil, err
		}
		keys = nil
	}

	o := &order{src: src, t: newTicketer(seed)}
	out := make([][]entry, len(want))
	var retry []int
	for g := range want {
		var all []entry
		for w := range cols {
			all = append(all, cols[w][g].buf...)
		}
		if len(all) < want[g] {
			retry = append(retry, g)
			continue
		}
		o.sort(all)
		out[g] = all[:want[g]:want[g]]
	}
	if len(retry) == 0 {
		return out, nil
	}

	// Rare: a limit was too tight. Rescan those groups without one.
	want2 := make([]int, len(want))
	limits2 := make([]uint64, len(want))
	for _, g := range retry {
		want2[g], limits2[g] = want[g], math.MaxUint64
	}
	cols, _, err = scanAll(seed, src, want2, limits2, false)
	if err != nil {
		return nil, err
	}
	for _, g := range retry {
		var all []entry
		for w := range cols {
			all = append(all, cols[w][g].buf...)
		}
		o.sort(all)
		out[g] = all[:min(want[g], len(all))]
	}
	return out, nil
}

// sortedIDs reports whether the ids of src are strictly increasing in byte
// order, as in a canonical candidate list, which rules out duplicates.
func sortedIDs(src source) bool {
	n := src.len()
	workers := workerCount(n)
	oks := make([]bool, workers)
	parallel(n, workers, func(w, lo, hi int) {
		ok := lo == 0 || lo >= n || src.id(lo-1) < src.id(lo)
		if s, isIDs := src.(*idSource); isIDs {
			for i := lo + 1; ok && i < hi; i++ {
				ok = s.ids[i-1] < s.ids[i]
			}
		} else {
			for i := lo + 1; ok && i < hi; i++ {
				ok = src.id(i-1) < src.id(i)
			}
		}
		oks[w] = ok
	})
	return !slices.Contains(oks, false)
}

// scanAll runs scan over chunks in parallel. With keepKeys it also returns
// every candidate's key, per chunk, for the duplicate check.
func scanAll(seed string, src source, want []int, limits []uint64, keepKeys bool) (
	[][]collector, [][]uint64, error) {
	n := src.len()
	workers := workerCount(n)
	cols := make([][]collector, workers)
	keys := make([][]uint64, workers)
	errs := make([]error, workers)
	parallel(n, workers, func(w, lo, hi int) {
		cols[w] = make([]collector, len(want))
		for g := range want {
			cols[w][g] = collector{want: want[g], limit: limits[g]}
		}
		if keepKeys {
			keys[w] = make([]uint64, hi-lo)
		}
		errs[w] = scan(seed, src, lo, hi, cols[w], keys[w])
	})
	for _, err := range errs {
		if err != nil {
			return nil, nil, err
		}
	}
	return cols, keys, nil
}

// scan hashes the candidates in [lo, hi) into the collectors of their
// groups. When keys is not nil it receives the key of every candidate,
// keys[i-lo] for candidate i; otherwise groups that want nothing are not
// hashed.
func scan(seed string, src source, lo, hi int, cols []collector, keys []uint64) error {
	t := newTicketer(seed)
	o := &order{src: src, t: newTicketer(seed)}
	visit := func(i int, id string, g int) error {
		if id == "" {
			return fmt.Errorf("candidate %d has an empty id", i+1)
		}
		c := &cols[g]
		if c.want == 0 && keys == nil {
			return nil
		}
		k := t.key(id)
		if keys != nil {
			keys[i-lo] = k
		}
		if c.want > 0 && k <= c.limit {
			c.add(o, entry{key: k, idx: i})
		}
		return nil
	}
	switch s := src.(type) {
	case *idSource:
		for i := lo; i < hi; i++ {
			if err := visit(i, s.ids[i], 0); err != nil {
				return err
			}
		}
	case *candSource:
		for i := lo; i < hi; i++ {
			g := 0
			if s.strata != nil {
				g, _ = s.strata.find(s.cands[i].Stratum)
			}
			if err := visit(i, s.cands[i].ID, g); err != nil {
				return err
			}
		}
	default:
		for i := lo; i < hi; i++ {
			if err := visit(i, src.id(i), 0); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkUnique reports a duplicated id in an unsorted src. Equal ids have
// equal keys, so it sorts the keys of each chunk in parallel and walks them
// in merged order looking for repeats; only for a repeated key, which
// without a duplicate is a 1 in 10^19 coincidence per pair, does it compare
// ids. Memory: 8 bytes per candidate.
func checkUnique(seed string, src source, keys [][]uint64) error {
	parallel(len(keys), len(keys), func(w, _, _ int) { slices.Sort(keys[w]) })
	repeated := map[uint64]bool{}
	pos := make([]int, len(keys))
	var last uint64
	first := true
	for {
		w := -1
		for v := range keys {
			if pos[v] < len(keys[v]) && (w < 0 || keys[v][pos[v]] < keys[w][pos[w]]) {
				w = v
			}
		}
		if w < 0 {
			break
		}
		k := keys[w][pos[w]]
		pos[w]++
		if !first && k == last {
			repeated[k] = true
		}
		first, last = false, k
	}
	if len(repeated) == 0 {
		return nil
	}
	t := newTicketer(seed)
	seen := map[string]int{}
	for i := range src.len() {
		id := src.id(i)
		if !repeated[t.key(id)] {
			continue
		}
		if j, ok := seen[id]; ok {
			return fmt.Errorf("%w %q at candidates %d and %d", ErrDuplicate, id, j+1, i+1)
		}
		seen[id] = i
	}
	return nil
}

// makePicks computes the full tickets of the selected entries in parallel.
// Each worker visits its entries in index order, which reads the candidate
// list front to back instead of at random, and writes its tickets into one
// string, so that a draw of many ids makes few allocations.
func makePicks(seed string, src source, es []entry) []Pick {
	picks := make([]Pick, len(es))
	workers := 1
	if len(es) >= 1024 {
		workers = max(1, runtime.GOMAXPROCS(0))
	}
	parallel(len(es), workers, func(_, lo, hi int) {
		t := newTicketer(seed)
		pos := make([]int, hi-lo)
		for i := range pos {
			pos[i] = lo + i
		}
		slices.SortFunc(pos, func(a, b int) int { return es[a].idx - es[b].idx })
		var sb strings.Builder
		sb.Grow((hi - lo) * (2 + 78))
		ends := make([]int, len(pos))
		var scratch []byte
		for k, i := range pos {
			scratch = t.appendTicket(scratch[:0], src.id(es[i].idx))
			sb.Write(scratch)
			ends[k] = sb.Len()
		}
		all, start := sb.String(), 0
		for k, i := range pos {
			idx := es[i].idx
			picks[i] = Pick{ID: src.id(idx), Stratum: src.stratum(idx),
				Ticket: all[start:ends[k]]}
			start = ends[k]
		}
	})
	return picks
}
