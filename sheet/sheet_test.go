package sheet_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/simplifiedchinese"

	"doublerandom"
	"doublerandom/sheet"
)

const realDir = "../../shared/data/real/"

// row is one row as a test expects it: its Excel number and its cells.
type row struct {
	N     int
	Cells []string
}

// readAll reads every row of rd, copying the cells.
func readAll(t testing.TB, rd sheet.Reader) ([]row, error) {
	t.Helper()
	var rows []row
	for {
		cells, err := rd.Next()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		rows = append(rows, row{rd.Row(), append([]string(nil), cells...)})
	}
}

// mustOpen opens b and reads all its rows, failing the test on any error.
func mustOpen(t *testing.T, b []byte, name string) (string, []row) {
	t.Helper()
	rd, err := sheet.Open(bytes.NewReader(b), name)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer rd.Close()
	rows, err := readAll(t, rd)
	if err != nil {
		t.Fatalf("reading %s: %v", name, err)
	}
	return rd.Format(), rows
}

// realFile returns the content of a file in the shared real-data folder,
// skipping the test when it is absent.
func realFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(realDir + name)
	if err != nil {
		t.Skipf("real data not available: %v", err)
	}
	return b
}

func TestOpen_RealEntities(t *testing.T) {
	format, rows := mustOpen(t, realFile(t, "entities-hangzhou-check01.xlsx"), "entities.xlsx")
	if format != sheet.FormatXML2003 {
		t.Errorf("format %q, want %q", format, sheet.FormatXML2003)
	}
	if len(rows) != 479 {
		t.Fatalf("%d rows, want 479 (header and 478 businesses)", len(rows))
	}
	want := []row{
		{1, []string{"企业名称", "注册号/统一社会信用代码", "RegOrgName", "管辖单位"}},
		{2, []string{"杭州潘天寿环境艺术设计有限公司", "913301007161035748", "杭州市市场监督管理局", "朝晖工商所"}},
	}
	if diff := cmp.Diff(want, rows[:2]); diff != "" {
		t.Errorf("first rows (-want +got):\n%s", diff)
	}
	last := rows[478]
	if last.N != 479 || last.Cells[1] != "91331102074001225X" {
		t.Errorf("last row %d %v, want row 479 with code 91331102074001225X", last.N, last.Cells)
	}
}

func TestOpen_RealItemList(t *testing.T) {
	format, rows := mustOpen(t, realFile(t, "item-list-zhejiang.csv"), "items.csv")
	if format != sheet.FormatCSVUTF8 {
		t.Errorf("format %q, want %q", format, sheet.FormatCSVUTF8)
	}
	if len(rows) != 80 || rows[79].N != 80 {
		t.Fatalf("%d rows, want 80 (header and 79 items)", len(rows))
	}
	if got := rows[0].Cells[0]; got != "编号" {
		t.Errorf("first header cell %q, want 编号 without the byte order mark", got)
	}
	if got := len(rows[0].Cells); got != 11 {
		t.Errorf("header has %d cells, want 11", got)
	}
}

func TestOpen_RealTemplate(t *testing.T) {
	format, rows := mustOpen(t, realFile(t, "special-library-template.xlsx"), "template.xlsx")
	if format != sheet.FormatXLSX {
		t.Errorf("format %q, want %q", format, sheet.FormatXLSX)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows, want 3 (note, header, hints)", len(rows))
	}
	if !strings.HasPrefix(rows[0].Cells[0], "注意") {
		t.Errorf("row 1 starts %q, want the note", rows[0].Cells[0])
	}
	if rows[1].N != 2 || rows[1].Cells[2] != "统一社会信用代码/注册号" || rows[1].Cells[3] != "企业名称" {
		t.Errorf("row 2 = %v, want the header", rows[1])
	}
}

func TestOpen_CSVGB18030(t *testing.T) {
	// 䶮 (U+4DAE) and 𠀀 (U+20000) exist in GB18030 but not in GBK.
	text := "企业名称,统一社会信用代码\r\n杭州䶮𠀀有限公司,91350100M000100Y43\r\n\"多行\n名称\",330100000111310\r\n"
	format, rows := mustOpen(t, toGB18030(t, text), "gb.csv")
	if format != sheet.FormatCSVGB18030 {
		t.Errorf("format %q, want %q", format, sheet.FormatCSVGB18030)
	}
	want := []row{
		{1, []string{"企业名称", "统一社会信用代码"}},
		{2, []string{"杭州䶮𠀀有限公司", "91350100M000100Y43"}},
		{3, []string{"多行\n名称", "330100000111310"}},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// TestOpen_CSVGB18030AfterSniff puts the first non-ASCII byte beyond the
// first 64 KiB: GB18030 detection is then impossible, and the reader must
// say which row is wrong instead of passing broken text on.
func TestOpen_CSVGB18030AfterSniff(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("name,code\n")
	for b.Len() < 70<<10 {
		b.WriteString("abc,330100000111310\n")
	}
	gb, _ := simplifiedchinese.GB18030.NewEncoder().String("杭州,330100000111310\n")
	b.WriteString(gb)

	rd, err := sheet.Open(&b, "late.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := readAll(t, rd)
	if err == nil || !strings.Contains(err.Error(), "is not valid UTF-8") {
		t.Fatalf("error %v, want a message about invalid UTF-8", err)
	}
	msg := doublerandom.ErrorMessage(err)
	if !strings.Contains(msg, "row "+strconv.Itoa(len(rows)+1)) {
		t.Errorf("message %q does not name row %d", msg, len(rows)+1)
	}
}

func TestOpen_CSVRowNumbers(t *testing.T) {
	text := "\ufeffa,b\n\n1,\"two\nlines\"\r\n\n\n3,x\n4\n"
	_, rows := mustOpen(t, []byte(text), "rows.csv")
	want := []row{
		{1, []string{"a", "b"}},
		{3, []string{"1", "two\nlines"}},
		{6, []string{"3", "x"}},
		{7, []string{"4"}},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

func TestOpen_TabSeparated(t *testing.T) {
	_, rows := mustOpen(t, []byte("姓名\t执法证号\n张三\t33010001\n"), "tab.txt")
	want := []row{{1, []string{"姓名", "执法证号"}}, {2, []string{"张三", "33010001"}}}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

func TestOpen_Errors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "the file is empty"},
		{"blank", " \r\n ", "the file is empty"},
		{"xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", "binary Excel 97-2003"},
		{"html", "<html><table><tr><td>1</td></tr></table></html>", "not an Excel 2003 XML"},
		{"utf16", "\xFF\xFEa\x00", "UTF-16"},
		{"zip", "PK\x03\x04garbage", "not a readable XLSX workbook"},
		{"xml root", `<Other xmlns="` + ns + `"/>`, "starts with <Other>"},
		{"xml no sheet", `<Workbook xmlns="` + ns + `"></Workbook>`, "has no worksheet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd, err := sheet.Open(strings.NewReader(tt.in), "in.dat")
			if err == nil {
				_, err = readAll(t, rd)
			}
			if err == nil {
				t.Fatal("no error")
			}
			msg := doublerandom.ErrorMessage(err)
			if !strings.HasPrefix(msg, "in.dat: ") || !strings.Contains(msg, tt.want) {
				t.Errorf("message %q, want it to name the file and contain %q", msg, tt.want)
			}
		})
	}
}

// errReader fails after its content.
type errReader struct{ r io.Reader }

func (e errReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err == io.EOF {
		return n, errors.New("connection reset")
	}
	return n, err
}

func TestOpen_ReadError(t *testing.T) {
	_, err := sheet.Open(errReader{strings.NewReader("a,b\n")}, "net.csv")
	if err == nil || !strings.Contains(err.Error(), "connection reset") {
		t.Errorf("Open = %v, want the read error", err)
	}
}

// toGB18030 encodes s in GB18030.
func toGB18030(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return []byte(b)
}
