package importer_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"doublerandom"
	"doublerandom/bench"
	"doublerandom/importer"
)

// writeEntitiesCSV writes a business directory of n rows to a file in dir.
func writeEntitiesCSV(tb testing.TB, dir string, n int) string {
	tb.Helper()
	path := filepath.Join(dir, fmt.Sprintf("entities-%d.csv", n))
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("\ufeff企业名称,统一社会信用代码,主体类型,行业代码,乡镇街道,住所,法定代表人," +
		"登记状态,风险分类,是否列入经营异常名录,投诉举报次数,登记机关,管辖单位\n")
	for i := range n {
		fmt.Fprintf(w, "杭州第%d号商贸有限公司,%s,有限责任公司,F5212,西湖街道,"+
			"杭州市西湖区文三路%d号,张%d,存续,%c,%s,%d,杭州市西湖区市场监督管理局,文新所\n",
			i, bench.CreditCode(i), i%999, i%97, "ABCD"[i%4], [2]string{"否", "是"}[i%50/49], i%7)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return path
}

// BenchmarkEntitiesCSV1M imports a CSV business directory of one million
// rows and reports rows per second, allocations per row and the peak live
// heap of the test process, sampled every 50,000 rows after a garbage
// collection. Compare with BenchmarkEntitiesCSV100K: the heap grows only by
// the duplicate index (about 50 bytes per row), not with the file's bytes.
func BenchmarkEntitiesCSV1M(b *testing.B) { benchEntities(b, 1_000_000) }

// BenchmarkEntitiesCSV100K is BenchmarkEntitiesCSV1M on 100,000 rows.
func BenchmarkEntitiesCSV100K(b *testing.B) { benchEntities(b, 100_000) }

func benchEntities(b *testing.B, n int) {
	path := writeEntitiesCSV(b, b.TempDir(), n)
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())

	var peak uint64
	var elapsed time.Duration
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	mallocs := ms.Mallocs
	for b.Loop() {
		start := time.Now()
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		rep, err := importer.Entities(f, "bench.csv", importer.Options{},
			func(row int, _ doublerandom.Entity) error {
				if row%50_000 == 0 {
					b.StopTimer()
					runtime.GC()
					runtime.ReadMemStats(&ms)
					peak = max(peak, ms.HeapAlloc)
					b.StartTimer()
				}
				return nil
			})
		f.Close()
		if err != nil || rep.Imported != n || !rep.OK() {
			b.Fatalf("imported %d of %d: %v %v", rep.Imported, n, err,
				rep.Errors[:min(len(rep.Errors), 3)])
		}
		elapsed += time.Since(start)
	}
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(n)*float64(b.N)/elapsed.Seconds(), "rows/s")
	b.ReportMetric(float64(ms.Mallocs-mallocs)/float64(n*b.N), "allocs/row")
	b.ReportMetric(float64(peak)/(1<<20), "peak-live-heap-MB")
}
