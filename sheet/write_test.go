package sheet_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"doublerandom/sheet"
)

var exportRows = [][]string{
	{"杭州潘天寿环境艺术设计有限公司", "913301007161035748", "带,逗号"},
	{"老注册号", "330106000349996", "带\"引号\"\n和换行"},
	{"", "3301062015292", ""},
}

// rowsOf yields rows one by one.
func rowsOf(rows [][]string) sheet.RowsFunc {
	return func(yield func([]string) error) error {
		for _, r := range rows {
			if err := yield(r); err != nil {
				return err
			}
		}
		return nil
	}
}

// wantExport is header and exportRows as the readers return them.
func wantExport(header []string) []row {
	want := []row{{1, header}}
	for i, r := range exportRows {
		want = append(want, row{i + 2, r})
	}
	return want
}

func TestWriteCSV_RoundTrip(t *testing.T) {
	header := []string{"企业名称", "统一社会信用代码", "备注"}
	var b bytes.Buffer
	if err := sheet.WriteCSV(&b, header, rowsOf(exportRows)); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("\xEF\xBB\xBF企业名称,")) {
		t.Errorf("output starts %q, want a UTF-8 BOM and the header", b.Bytes()[:12])
	}
	if !bytes.Contains(b.Bytes(), []byte("备注\r\n")) {
		t.Error("lines do not end in CRLF")
	}
	format, rows := mustOpen(t, b.Bytes(), "export.csv")
	if format != sheet.FormatCSVUTF8 {
		t.Errorf("format %q", format)
	}
	if diff := cmp.Diff(wantExport(header), rows); diff != "" {
		t.Errorf("read back (-want +got):\n%s", diff)
	}
}

func TestWriteXLSX_RoundTrip(t *testing.T) {
	header := []string{"企业名称", "统一社会信用代码", "备注"}
	var b bytes.Buffer
	if err := sheet.WriteXLSX(&b, "名录", header, rowsOf(exportRows)); err != nil {
		t.Fatal(err)
	}
	rd, err := sheet.OpenWith(bytes.NewReader(b.Bytes()), "export.xlsx",
		sheet.Options{Sheet: "名录"})
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	rows, err := readAll(t, rd)
	if err != nil {
		t.Fatal(err)
	}
	want := wantExport(header)
	want[3].Cells = []string{"", "3301062015292"} // excelize drops trailing empty cells
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("read back (-want +got):\n%s", diff)
	}
}

func TestWrite_ProducerError(t *testing.T) {
	boom := errors.New("database gone")
	fail := func(yield func([]string) error) error { return boom }
	var b bytes.Buffer
	if err := sheet.WriteCSV(&b, []string{"a"}, fail); !errors.Is(err, boom) {
		t.Errorf("WriteCSV = %v, want the producer's error", err)
	}
	if err := sheet.WriteXLSX(&b, "", []string{"a"}, fail); !errors.Is(err, boom) {
		t.Errorf("WriteXLSX = %v, want the producer's error", err)
	}
}
