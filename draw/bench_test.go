package draw

import (
	"math/rand/v2"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// bench10M is the size of a province's directory of market entities.
const bench10M = 10_000_000

// benchIDs returns n distinct 18-character ids shaped like credit codes, in
// byte order as a canonical candidate list holds them.
func benchIDs(n int) []string {
	ids := make([]string, n)
	buf := []byte("914113030000000000")
	for i := range ids {
		v := i
		for j := len(buf) - 1; j >= 8; j-- {
			buf[j] = byte('0' + v%10)
			v /= 10
		}
		ids[i] = string(buf)
	}
	return ids
}

// benchStrata assigns risk classes in a plausible mix: 70 % A, 20 % B,
// 7 % C, 3 % D.
func benchStrata(ids []string) []Candidate {
	cands := make([]Candidate, len(ids))
	for i, id := range ids {
		h := i * 7919 % 100
		s := "A"
		switch {
		case h >= 97:
			s = "D"
		case h >= 90:
			s = "C"
		case h >= 70:
			s = "B"
		}
		cands[i] = Candidate{ID: id, Stratum: s}
	}
	return cands
}

// reportHeap reports the live heap after the draw beyond what existed
// before it, in MB.
func reportHeap(b *testing.B, before uint64, keep any) {
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(int64(m.HeapAlloc)-int64(before))/1e6, "live-MB")
	runtime.KeepAlive(keep)
}

func heapNow() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// BenchmarkUniform10M draws 5 % (500,000) plus 100 reserves from ten
// million ids. B/op is everything the draw allocates, an upper bound of its
// memory beyond the id list.
func BenchmarkUniform10M(b *testing.B) {
	if testing.Short() {
		b.Skip("10M benchmark skipped in -short mode")
	}
	ids := benchIDs(bench10M)
	before := heapNow()
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	var drawn []Pick
	for b.Loop() {
		var err error
		drawn, _, err = Uniform("卧龙区2026年第一批跨部门联合抽查", ids, bench10M/20, 100)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	reportCPU(b, cpu)
	reportHeap(b, before, []any{drawn, ids})
}

// BenchmarkUniform10MShuffled is BenchmarkUniform10M over ids in random
// order, as read from an unsorted file: the duplicate check cannot rely on
// the order and sorts the keys instead. The strings are allocated in the
// shuffled order, as reading a file allocates them.
func BenchmarkUniform10MShuffled(b *testing.B) {
	if testing.Short() {
		b.Skip("10M benchmark skipped in -short mode")
	}
	ids := benchIDs(bench10M)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(ids), func(i, j int) {
		ids[i], ids[j] = ids[j], ids[i]
	})
	for i, id := range ids {
		ids[i] = string([]byte(id)) // a fresh copy, in list order
	}
	before := heapNow()
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	var drawn []Pick
	for b.Loop() {
		var err error
		drawn, _, err = Uniform("卧龙区2026年第一批跨部门联合抽查", ids, bench10M/20, 100)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	reportCPU(b, cpu)
	reportHeap(b, before, []any{drawn, ids})
}

// BenchmarkStratified10M draws with the default Henan ratios (D 30 %,
// C 10 %, B 2 %, A 1 %) from ten million candidates: 270,000 drawn.
func BenchmarkStratified10M(b *testing.B) {
	if testing.Short() {
		b.Skip("10M benchmark skipped in -short mode")
	}
	cands := benchStrata(benchIDs(bench10M))
	ratios := DefaultRatios()
	before := heapNow()
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	var drawn []Pick
	for b.Loop() {
		var err error
		drawn, err = Stratified("卧龙区2026年第一批跨部门联合抽查", cands, ratios)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	reportCPU(b, cpu)
	reportHeap(b, before, []any{drawn, cands})
}

// BenchmarkTicketKey is the cost per candidate of ranking: one SHA-256
// block and the 19-digit key.
func BenchmarkTicketKey(b *testing.B) {
	t := newTicketer("314159")
	ids := benchIDs(1 << 12)
	var sink uint64
	i := 0
	for b.Loop() {
		sink += t.key(ids[i&(len(ids)-1)])
		i++
	}
	b.ReportMetric(float64(sink%2), "sink")
}

// BenchmarkTicket is the cost of one full ticket string.
func BenchmarkTicket(b *testing.B) {
	t := newTicketer("314159")
	ids := benchIDs(1 << 12)
	i := 0
	for b.Loop() {
		_ = t.ticket(ids[i&(len(ids)-1)])
		i++
	}
}

// cpuTime returns the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU seconds per draw: on a busy machine wall time
// says little, and CPU time divided by the cores bounds the idle wall time.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric((cpuTime()-start).Seconds()/float64(b.N), "cpu-s/op")
}
