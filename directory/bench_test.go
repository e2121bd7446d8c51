package directory_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"doublerandom/bench"
	"doublerandom/directory"
	"doublerandom/store/storetest"
)

// The benchmarks import a generated business directory into a fresh
// database through directory.Import, as "doublerandom import entities"
// does: parse, check codes, store with the database's primary key catching
// duplicates, search indexes built. They run only with -bench, e.g.
//
//	go test ./directory -run '^$' -bench EntitiesSQLite1M -benchtime 1x
//
// and report rows per second and the peak live heap, sampled after a
// garbage collection every 8 MiB of file: compare 100K, 1M and 2M rows to
// see that memory does not grow with the file. SQLite's page cache adds a
// fixed 200 MiB at most (sqlite.BulkCacheKiB) outside the Go heap.

// WriteBenchCSV writes a business directory of n rows to path, the file the
// benchmarks import and docs/benchmarks.md loads with psql's \copy.
func WriteBenchCSV(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	w.WriteString("\ufeff企业名称,统一社会信用代码,主体类型,行业代码,乡镇街道,住所,法定代表人," +
		"登记状态,风险分类,是否列入经营异常名录,投诉举报次数,登记机关,管辖单位\n")
	towns := []string{"西湖街道", "文新街道", "古荡街道", "蒋村街道", "转塘街道"}
	for i := range n {
		fmt.Fprintf(w, "杭州%s第%d号商贸有限公司,%s,有限责任公司,F52%02d,%s,"+
			"杭州市西湖区文三路%d号,张%d,存续,%c,%s,%d,杭州市西湖区市场监督管理局,文新所\n",
			towns[i%5][:6], i, bench.CreditCode(i), i%30, towns[i%5], i%999, i%97, "ABCD"[i%4],
			[2]string{"否", "是"}[i%50/49], i%7)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// TestWriteBenchCSV writes the benchmark's file of
// DOUBLERANDOM_BENCH_ROWS rows to DOUBLERANDOM_BENCH_CSV, for loading it
// elsewhere; it is skipped unless both are set.
func TestWriteBenchCSV(t *testing.T) {
	path, rows := os.Getenv("DOUBLERANDOM_BENCH_CSV"), os.Getenv("DOUBLERANDOM_BENCH_ROWS")
	if path == "" || rows == "" {
		t.Skip("set DOUBLERANDOM_BENCH_CSV and DOUBLERANDOM_BENCH_ROWS to write the file")
	}
	var n int
	if _, err := fmt.Sscan(rows, &n); err != nil {
		t.Fatal(err)
	}
	if err := WriteBenchCSV(path, n); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkImportEntitiesSQLite1M(b *testing.B)   { benchImport(b, "sqlite", 1_000_000) }
func BenchmarkImportEntitiesSQLite100K(b *testing.B) { benchImport(b, "sqlite", 100_000) }
func BenchmarkImportEntitiesSQLite2M(b *testing.B)   { benchImport(b, "sqlite", 2_000_000) }
func BenchmarkImportEntitiesPostgres1M(b *testing.B) { benchImport(b, "postgres", 1_000_000) }

func benchImport(b *testing.B, kind string, n int) {
	path := filepath.Join(b.TempDir(), "entities.csv")
	if err := WriteBenchCSV(path, n); err != nil {
		b.Fatal(err)
	}
	var elapsed time.Duration
	var peak uint64
	for b.Loop() {
		b.StopTimer()
		st := storetest.MustOpen(b, storetest.DSN(b, kind))
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		var ms runtime.MemStats
		next := int64(0)
		sample := func(read int64) {
			if read < next {
				return
			}
			next = read + 8<<20
			runtime.GC()
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
		b.StartTimer()
		start := time.Now()
		res, err := directory.Import(context.Background(), st, f, "entities.csv",
			directory.Options{Kind: directory.Entities, Progress: sample})
		elapsed += time.Since(start)
		f.Close()
		if err != nil || res.Stored != n {
			b.Fatalf("stored %d of %d: %v %v", res.Stored, n, err, res.Report.Errors)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/elapsed.Seconds(), "rows/s")
	b.ReportMetric(elapsed.Seconds()/float64(b.N), "s/import")
	b.ReportMetric(float64(peak)/(1<<20), "peak-live-heap-MB")
}
