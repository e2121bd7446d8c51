package sheet_test

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"doublerandom/sheet"
)

// benchRow is the i-th row of a generated business directory.
func benchRow(i int) []string {
	return []string{
		fmt.Sprintf("杭州第%d号商贸有限公司", i), fmt.Sprintf("3301060%08d", i),
		"有限责任公司", fmt.Sprintf("杭州市西湖区文三路%d号", i%999), "存续",
	}
}

// writeBenchFile writes n rows in format ("csv", "xml2003" or "xlsx").
func writeBenchFile(b *testing.B, format string, n int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "bench."+format)
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	header := []string{"企业名称", "注册号", "类型", "住所", "状态"}
	rows := func(yield func([]string) error) error {
		for i := range n {
			if err := yield(benchRow(i)); err != nil {
				return err
			}
		}
		return nil
	}
	switch format {
	case "csv":
		err = sheet.WriteCSV(w, header, rows)
	case "xlsx":
		err = sheet.WriteXLSX(w, "Sheet1", header, rows)
	case "xml2003":
		err = writeXML2003(w, header, rows)
	}
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		b.Fatal(err)
	}
	return path
}

// writeXML2003 writes an Excel 2003 XML spreadsheet, one cell per value.
func writeXML2003(w io.Writer, header []string, rows sheet.RowsFunc) error {
	fmt.Fprintf(w, `<?xml version="1.0"?><Workbook xmlns="%s" xmlns:ss="%s">`+
		`<Worksheet ss:Name="S"><Table>`, ns, ns)
	put := func(r []string) error {
		io.WriteString(w, "<Row>")
		for _, c := range r {
			fmt.Fprintf(w, `<Cell><Data ss:Type="String">%s</Data></Cell>`, c)
		}
		_, err := io.WriteString(w, "</Row>\n")
		return err
	}
	put(header)
	if err := rows(put); err != nil {
		return err
	}
	_, err := io.WriteString(w, "</Table></Worksheet></Workbook>")
	return err
}

// BenchmarkRead reads 200,000 rows in each format and reports rows per
// second and the peak live heap of the whole test process, sampled every
// 20,000 rows after a garbage collection. The CSV and Excel 2003 XML readers
// stream; the XLSX reader holds the compressed workbook in memory.
func BenchmarkRead(b *testing.B) {
	const n = 200_000
	for _, format := range []string{"csv", "xml2003", "xlsx"} {
		b.Run(format, func(b *testing.B) {
			path := writeBenchFile(b, format, n)
			var ms runtime.MemStats
			var peak uint64
			var elapsed time.Duration
			for b.Loop() {
				start := time.Now()
				f, err := os.Open(path)
				if err != nil {
					b.Fatal(err)
				}
				rd, err := sheet.Open(f, filepath.Base(path))
				if err != nil {
					b.Fatal(err)
				}
				rows := 0
				for ; ; rows++ {
					_, err := rd.Next()
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					if rows%20_000 == 0 {
						b.StopTimer()
						runtime.GC()
						runtime.ReadMemStats(&ms)
						peak = max(peak, ms.HeapAlloc)
						b.StartTimer()
					}
				}
				rd.Close()
				f.Close()
				if rows != n+1 {
					b.Fatalf("%d rows, want %d", rows, n+1)
				}
				elapsed += time.Since(start)
			}
			b.ReportMetric(float64(n)*float64(b.N)/elapsed.Seconds(), "rows/s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-live-heap-MB")
		})
	}
}
