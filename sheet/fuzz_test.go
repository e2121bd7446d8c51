package sheet_test

import (
	"bytes"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"doublerandom"
	"doublerandom/sheet"
)

// checkRead opens b and reads it to the end: no panic, every error coded
// EINVALID with a message naming the file, row numbers increasing.
func checkRead(t *testing.T, b []byte) {
	rd, err := sheet.Open(bytes.NewReader(b), "fuzz.dat")
	if err != nil {
		checkErr(t, err)
		return
	}
	defer rd.Close()
	last := 0
	for {
		_, err := rd.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			checkErr(t, err)
			return
		}
		if rd.Row() <= last {
			t.Fatalf("row %d after row %d", rd.Row(), last)
		}
		last = rd.Row()
	}
}

func checkErr(t *testing.T, err error) {
	t.Helper()
	if doublerandom.ErrorCode(err) != doublerandom.EINVALID {
		t.Fatalf("error %v is not EINVALID", err)
	}
	if msg := doublerandom.ErrorMessage(err); !strings.HasPrefix(msg, "fuzz.dat: ") ||
		len(msg) < len("fuzz.dat: ")+10 {
		t.Fatalf("unclear message %q", msg)
	}
}

func FuzzOpenCSV(f *testing.F) {
	f.Add([]byte("\ufeffa,b\n1,2\n"))
	f.Add([]byte("a,\"b\nc\",d\n\n\ne"))
	f.Add(toGB18030(f, "企业名称,代码\n杭州,1\n"))
	f.Add([]byte("a\tb\n\"x\"\"y\"\tz"))
	f.Add([]byte("a,\"unterminated\n"))
	f.Fuzz(func(t *testing.T, b []byte) { checkRead(t, b) })
}

func FuzzOpenXML2003(f *testing.F) {
	f.Add([]byte(workbook(`<Worksheet ss:Name="S"><Table><Row ss:Index="2">` +
		`<Cell ss:Index="2" ss:MergeAcross="1" ss:MergeDown="1"><Data ss:Type="Number">1E3</Data>` +
		`</Cell></Row><Row><Cell><Data ss:Type="DateTime">2026-01-01T00:00:00</Data></Cell>` +
		`</Row></Table></Worksheet>`)))
	f.Add([]byte(workbook(`<Worksheet><Table><Row ss:Span="3"/><Row><Cell><Data>` +
		`<Font>x</Font></Data><Comment><Data>c</Data></Comment></Cell></Row></Table></Worksheet>`)))
	if b, err := os.ReadFile(realDir + "entities-hangzhou-check01.xlsx"); err == nil {
		f.Add(b[:min(len(b), 8000)])
	}
	f.Fuzz(func(t *testing.T, b []byte) { checkRead(t, b) })
}

func FuzzOpenXLSX(f *testing.F) {
	var b bytes.Buffer
	if err := sheet.WriteXLSX(&b, "S", []string{"a", "b"}, rowsOf(exportRows)); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	if t, err := os.ReadFile(realDir + "special-library-template.xlsx"); err == nil {
		f.Add(t)
	}
	f.Fuzz(func(t *testing.T, b []byte) { checkRead(t, b) })
}

// TestOpen_XLSXMutations complements FuzzOpenXLSX, which explores zip
// archives slowly: it damages a valid workbook in 3,000 reproducible ways
// and reads each like FuzzOpenXLSX does.
func TestOpen_XLSXMutations(t *testing.T) {
	var b bytes.Buffer
	if err := sheet.WriteXLSX(&b, "S", []string{"a", "b"}, rowsOf(exportRows)); err != nil {
		t.Fatal(err)
	}
	valid := b.Bytes()
	r := rand.New(rand.NewPCG(1, 2))
	n := 3000
	if testing.Short() {
		n = 300
	}
	for range n {
		in := bytes.Clone(valid)
		for range 1 + r.IntN(4) {
			in[r.IntN(len(in))] = byte(r.IntN(256))
		}
		checkRead(t, in)
	}
}
