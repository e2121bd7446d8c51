package sheet_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"doublerandom"
	"doublerandom/sheet"
)

const ns = "urn:schemas-microsoft-com:office:spreadsheet"

// workbook wraps worksheets in an Excel 2003 XML document.
func workbook(sheets ...string) string {
	return `<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="` + ns + `" xmlns:ss="` + ns + `" xmlns:html="http://www.w3.org/TR/REC-html40">
<Styles><Style ss:ID="Default"><Font/></Style></Styles>` + strings.Join(sheets, "") + `</Workbook>`
}

func TestOpen_XML2003Layout(t *testing.T) {
	doc := workbook(`<Worksheet ss:Name="Notes"><Table><Row><Cell><Data ss:Type="String">`+
		`skip me</Data></Cell></Row></Table></Worksheet>`,
		`<Worksheet ss:Name="Data"><Table>
<Column ss:Width="80"/>
<Row><Cell ss:MergeAcross="2"><Data ss:Type="String">说明：合并单元格</Data></Cell></Row>
<Row ss:Index="3"><Cell><Data ss:Type="String">名称</Data></Cell>
  <Cell ss:Index="3"><Data ss:Type="String">代码</Data></Cell></Row>
<Row><Cell ss:MergeDown="1"><Data ss:Type="String">跨两行</Data></Cell>
  <Cell><Data ss:Type="Number">3.30106000123456E+14</Data></Cell>
  <Cell><Data ss:Type="Number">42</Data><Comment><ss:Data>a comment</ss:Data></Comment></Cell></Row>
<Row><Cell><Data ss:Type="DateTime">2026-03-01T00:00:00.000</Data></Cell>
  <Cell><Data ss:Type="Boolean">1</Data></Cell></Row>
<Row ss:Span="1"/>
<Row><Cell><ss:Data ss:Type="String"><html:B>粗</html:B>体&#10;换行</ss:Data></Cell>
  <Cell><Data ss:Type="DateTime">2026-03-01T08:30:00.000</Data></Cell></Row>
</Table></Worksheet>`)

	rd, err := sheet.OpenWith(strings.NewReader(doc), "book.xml", sheet.Options{Sheet: "Data"})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := readAll(t, rd)
	if err != nil {
		t.Fatal(err)
	}
	want := []row{
		{1, []string{"说明：合并单元格", "", ""}},
		{3, []string{"名称", "", "代码"}},
		{4, []string{"跨两行", "330106000123456", "42"}},
		{5, []string{"", "2026-03-01", "TRUE"}}, // column A is covered by the merge
		{6, nil},
		{8, []string{"粗体\n换行", "2026-03-01 08:30:00"}}, // row 6 spans rows 6-7
	}
	if diff := cmp.Diff(want, rows, cmp.Comparer(func(a, b []string) bool {
		return strings.Join(a, "\x00") == strings.Join(b, "\x00")
	})); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if rd.Format() != sheet.FormatXML2003 {
		t.Errorf("format %q", rd.Format())
	}
}

func TestOpen_XML2003FirstSheetAndGB18030(t *testing.T) {
	doc := strings.Replace(workbook(`<Worksheet ss:Name="甲"><Table><Row><Cell>`+
		`<Data ss:Type="String">企业</Data></Cell></Row></Table></Worksheet>`),
		`version="1.0"`, `version="1.0" encoding="GB2312"`, 1)
	gb := toGB18030(t, doc)
	_, rows := mustOpen(t, gb, "gb.xml")
	if len(rows) != 1 || rows[0].Cells[0] != "企业" {
		t.Errorf("rows %v, want one row with 企业", rows)
	}
}

func TestOpen_XML2003Errors(t *testing.T) {
	tests := []struct{ name, doc, sheet, want string }{
		{"missing sheet", workbook(`<Worksheet ss:Name="A"/>`), "B",
			`no worksheet named "B"; the file has A`},
		{"row index backwards", workbook(`<Worksheet><Table><Row ss:Index="5"/>` +
			`<Row ss:Index="2"/></Table></Worksheet>`), "", `ss:Index="2"`},
		{"cell index backwards", workbook(`<Worksheet><Table><Row><Cell ss:Index="3"/>` +
			`<Cell ss:Index="2"/></Row></Table></Worksheet>`), "", "row 1: a cell has ss:Index"},
		{"huge column", workbook(`<Worksheet><Table><Row><Cell ss:Index="99999999"/>` +
			`</Row></Table></Worksheet>`), "", "at most 16384"},
		{"huge merge", workbook(`<Worksheet><Table><Row><Cell ss:MergeAcross="99999"/>` +
			`</Row></Table></Worksheet>`), "", "merge range is not valid"},
		{"cut off", cutAfter(workbook(`<Worksheet><Table><Row><Cell><Data>x</Data></Cell></Row>`+
			`<Row><Cell>cut`), "cut"), "", "the file ends in the middle of row 2"},
		{"broken", workbook(`<Worksheet><Table><Row><Cell></Row></Table></Worksheet>`), "",
			"the XML is broken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd, err := sheet.OpenWith(strings.NewReader(tt.doc), "x.xml",
				sheet.Options{Sheet: tt.sheet})
			if err == nil {
				_, err = readAll(t, rd)
			}
			if err == nil {
				t.Fatal("no error")
			}
			if msg := doublerandom.ErrorMessage(err); !strings.Contains(msg, tt.want) {
				t.Errorf("message %q, want it to contain %q", msg, tt.want)
			}
		})
	}
}

// cutAfter returns doc up to and including the first mark.
func cutAfter(doc, mark string) string {
	return doc[:strings.Index(doc, mark)+len(mark)]
}
