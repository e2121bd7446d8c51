package importer_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"doublerandom"
	"doublerandom/importer"
)

// creditAlphabet and the weights restate GB 32100 and GB 11714 to generate
// valid codes; idcode.Check verifies them independently in the import.
const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var (
	creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	orgWeights    = [8]int{3, 7, 9, 10, 5, 8, 4, 2}
)

// creditCode returns the valid unified social credit code number i:
// 91 + division 330106 + organisation code from i + check character.
func creditCode(i int) string {
	org := fmt.Sprintf("%08d", i)
	sum := 0
	for k, w := range orgWeights {
		sum += int(org[k]-'0') * w
	}
	org += string("0123456789X0"[11-sum%11])
	body := "91330106" + org
	sum = 0
	for k, w := range creditWeights {
		sum += strings.IndexByte(creditAlphabet, body[k]) * w
	}
	return body + string(creditAlphabet[(31-sum%31)%31])
}

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
			i, creditCode(i), i%999, i%97, "ABCD"[i%4], [2]string{"否", "是"}[i%50/49], i%7)
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
