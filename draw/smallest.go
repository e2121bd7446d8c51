package draw

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"
)

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
	cols, sorted, err := scanAll(seed, src, want, limits)
	if err != nil {
		return nil, err
	}
	if !sorted {
		if err := checkUnique(src); err != nil {
			return nil, err
		}
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
	cols, _, err = scanAll(seed, src, want2, limits2)
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

// scanAll runs scan over chunks in parallel and reports whether the whole
// list is in strictly increasing id order.
func scanAll(seed string, src source, want []int, limits []uint64) ([][]collector, bool,
	error) {
	n := src.len()
	workers := workerCount(n)
	cols := make([][]collector, workers)
	oks := make([]bool, workers)
	errs := make([]error, workers)
	parallel(n, workers, func(w, lo, hi int) {
		cols[w] = make([]collector, len(want))
		for g := range want {
			cols[w][g] = collector{want: want[g], limit: limits[g]}
		}
		oks[w], errs[w] = scan(seed, src, lo, hi, cols[w])
	})
	sorted := true
	for w := range workers {
		if errs[w] != nil {
			return nil, false, errs[w]
		}
		sorted = sorted && oks[w]
		if lo := n * w / workers; w > 0 && lo > 0 && lo < n && src.id(lo-1) >= src.id(lo) {
			sorted = false
		}
	}
	return cols, sorted, nil
}

// scan hashes the candidates in [lo, hi) into the collectors of their
// groups and reports whether the ids there are strictly increasing.
func scan(seed string, src source, lo, hi int, cols []collector) (bool, error) {
	t := newTicketer(seed)
	o := &order{src: src, t: newTicketer(seed)}
	sorted, prev := true, ""
	visit := func(i int, id string, g int) error {
		if id == "" {
			return fmt.Errorf("candidate %d has an empty id", i+1)
		}
		if i > lo && id <= prev {
			sorted = false
		}
		prev = id
		c := &cols[g]
		if c.want == 0 {
			return nil
		}
		if k := t.key(id); k <= c.limit {
			c.add(o, entry{key: k, idx: i})
		}
		return nil
	}
	switch s := src.(type) {
	case *idSource:
		for i := lo; i < hi; i++ {
			if err := visit(i, s.ids[i], 0); err != nil {
				return false, err
			}
		}
	case *candSource:
		for i := lo; i < hi; i++ {
			g := 0
			if s.strata != nil {
				g, _ = s.strata.find(s.cands[i].Stratum)
			}
			if err := visit(i, s.cands[i].ID, g); err != nil {
				return false, err
			}
		}
	default:
		for i := lo; i < hi; i++ {
			if err := visit(i, src.id(i), 0); err != nil {
				return false, err
			}
		}
	}
	return sorted, nil
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
	workers := 1
	if len(es) >= 1024 {
		workers = max(1, runtime.GOMAXPROCS(0))
	}
	parallel(len(es), workers, func(_, lo, hi int) {
		t := newTicketer(seed)
		for i := lo; i < hi; i++ {
			id := src.id(es[i].idx)
			picks[i] = Pick{ID: id, Stratum: src.stratum(es[i].idx), Ticket: t.ticket(id)}
		}
	})
	return picks
}
