package importer_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/simplifiedchinese"

	"doublerandom"
	"doublerandom/importer"
	"doublerandom/sheet"
)

const realDir = "../../shared/data/real/"

// openReal opens a file of the shared real-data folder, skipping the test
// when it is absent.
func openReal(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(realDir + name)
	if err != nil {
		t.Skipf("real data not available: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// collect returns an emit function that appends to *out.
func collect[T any](out *[]T) func(int, T) error {
	return func(_ int, v T) error {
		*out = append(*out, v)
		return nil
	}
}

func TestItems_Real(t *testing.T) {
	var items []doublerandom.Item
	rep, err := importer.Items(openReal(t, "item-list-zhejiang.csv"), "item-list.csv",
		importer.Options{Dept: "SCJG"}, collect(&items))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 79 || len(items) != 79 || rep.Skipped != 0 || !rep.OK() {
		t.Fatalf("imported %d (%d emitted), skipped %d, errors %v; want 79 items",
			rep.Imported, len(items), rep.Skipped, rep.Errors)
	}
	if rep.Format != sheet.FormatCSVUTF8 || rep.HeaderRow != 1 {
		t.Errorf("format %q header row %d, want csv-utf8 and 1", rep.Format, rep.HeaderRow)
	}

	first := items[0]
	if first.Dept != "SCJG" || first.Number != "1" || first.Name != "获证食品生产企业监管" ||
		first.SubItem != "获证食品生产企业监督" || first.Requirement != "无需专业岗位资格" ||
		first.Specialty != "" || first.Livelihood {
		t.Errorf("first item %+v", first)
	}
	specialties := map[string]int{}
	for _, it := range items {
		switch it.Specialty {
		case "":
			specialties["none"]++
		case it.Name:
			specialties["item name"]++
		case it.Requirement:
			specialties["text"]++
		}
	}
	want := map[string]int{"none": 61, "item name": 14, "text": 4}
	if diff := cmp.Diff(want, specialties); diff != "" {
		t.Errorf("specialties by rule (-want +got):\n%s", diff)
	}
	if items[2].Name != "保健食品生产企业证后监督" || items[2].Specialty != items[2].Name {
		t.Errorf("item 3 %q has specialty %q, want its name", items[2].Name, items[2].Specialty)
	}
}

func TestEntities_Real(t *testing.T) {
	var got []doublerandom.Entity
	rep, err := importer.Entities(openReal(t, "entities-hangzhou-check01.xlsx"),
		"entities.xlsx", importer.Options{Dept: "SCJG"}, collect(&got))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 478 || len(got) != 478 || rep.Skipped != 0 || !rep.OK() {
		t.Fatalf("imported %d, skipped %d, errors %v; want 478 businesses",
			rep.Imported, rep.Skipped, rep.Errors)
	}
	if rep.Format != sheet.FormatXML2003 || rep.HeaderRow != 1 {
		t.Errorf("format %q header row %d, want xml2003 and 1", rep.Format, rep.HeaderRow)
	}

	// Every code is kept exactly as the file has it.
	raw := rawColumn(t, openReal(t, "entities-hangzhou-check01.xlsx"), 1)
	kinds := map[doublerandom.CodeKind]int{}
	for i, e := range got {
		if e.Code != raw[i] {
			t.Errorf("business %d: code %q, file has %q", i+1, e.Code, raw[i])
		}
		kinds[e.CodeKind]++
		if e.Name == "" || e.RegOrg == "" || e.Supervisor == "" || e.NeedsReview ||
			e.Status != doublerandom.StatusActive {
			t.Errorf("business %d incomplete: %+v", i+1, e)
		}
	}
	want := map[doublerandom.CodeKind]int{
		doublerandom.CodeCredit: 430, doublerandom.CodeReg15: 47, doublerandom.CodeReg13: 1,
	}
	if diff := cmp.Diff(want, kinds); diff != "" {
		t.Errorf("code kinds (-want +got):\n%s", diff)
	}
	if e := got[0]; e.Name != "杭州潘天寿环境艺术设计有限公司" || e.RegOrg != "杭州市市场监督管理局" ||
		e.Supervisor != "朝晖工商所" {
		t.Errorf("first business %+v", e)
	}
}

// rawColumn returns column col of every row after the first, as the sheet
// reader gives it.
func rawColumn(t *testing.T, r io.Reader, col int) []string {
	t.Helper()
	rd, err := sheet.Open(r, "raw")
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	var out []string
	for {
		cells, err := rd.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		if rd.Row() > 1 {
			out = append(out, cells[col])
		}
	}
}

func TestEntities_RealTemplate(t *testing.T) {
	rep, err := importer.Entities(openReal(t, "special-library-template.xlsx"), "template.xlsx",
		importer.Options{}, func(int, doublerandom.Entity) error {
			return errors.New("the template has no data rows")
		})
	if err != nil {
		t.Fatal(err)
	}
	if rep.HeaderRow != 2 || rep.Format != sheet.FormatXLSX {
		t.Errorf("header row %d format %q, want 2 and xlsx", rep.HeaderRow, rep.Format)
	}
	if rep.Imported != 0 || rep.Skipped != 0 || !rep.OK() {
		t.Errorf("imported %d skipped %d errors %v; the hint row must be skipped",
			rep.Imported, rep.Skipped, rep.Errors)
	}
}

// TestEntities_TemplateLayout fills an XLSX laid out like the real template
// (note row, header, hint row) with data.
func TestEntities_TemplateLayout(t *testing.T) {
	note := []string{"注意:请将信息填写完整,否则可能导致上传失败。"}
	rows := [][]string{
		{"专项库名称", "统一社会信用代码/注册号", "企业名称", "有效期至"},
		{"从27个专项库名称中进行单选", "", "", "年月日，若长期有效输入9999-09-09"},
		{"食品", "91350100M000100Y43", "福建某公司", "9999-09-09"},
		{},
		{"食品", "330106000349996", "杭州某店", ""},
	}
	var b bytes.Buffer
	err := sheet.WriteXLSX(&b, "Sheet1", note, func(yield func([]string) error) error {
		for _, r := range rows {
			if err := yield(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []doublerandom.Entity
	var at []int
	rep, err := importer.Entities(&b, "lib.xlsx", importer.Options{},
		func(row int, e doublerandom.Entity) error {
			got, at = append(got, e), append(at, row)
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if rep.HeaderRow != 2 || !rep.OK() || len(got) != 2 {
		t.Fatalf("header %d, errors %v, %d entities; want header 2 and 2 entities",
			rep.HeaderRow, rep.Errors, len(got))
	}
	if diff := cmp.Diff([]int{4, 6}, at); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if got[1].Code != "330106000349996" || got[1].CodeKind != doublerandom.CodeReg15 {
		t.Errorf("second entity %+v", got[1])
	}
}

const entitiesCSV = "企业名称,统一社会信用代码,登记状态\n" +
	"福建某公司,91350100M000100Y43,存续\n" +
	"杭州某公司,913301007161035748,在业\n" +
	"错码公司,91350100M000100Y49,存续\n" +
	"杭州某店,330106000349996,注销\n"

func TestEntities_StrictBadRow(t *testing.T) {
	var got []doublerandom.Entity
	rep, err := importer.Entities(strings.NewReader(entitiesCSV), "entities.csv",
		importer.Options{}, collect(&got))
	if err != nil {
		t.Fatal(err)
	}
	want := []importer.RowError{{
		File: "entities.csv", Row: 4, Column: "统一社会信用代码",
		Rule: "credit code check character: want 3, got 9; correct the code, or import " +
			"with the option to accept codes that fail their check for review (--accept-bad-check)",
		Value: "91350100M000100Y49",
	}}
	if diff := cmp.Diff(want, rep.Errors); diff != "" {
		t.Fatalf("errors (-want +got):\n%s", diff)
	}
	if rep.OK() || rep.Imported != 3 || rep.Skipped != 1 || len(got) != 3 {
		t.Errorf("imported %d skipped %d; want 3 and 1", rep.Imported, rep.Skipped)
	}
	wantMsg := `entities.csv row 4, column 统一社会信用代码: credit code check character: ` +
		`want 3, got 9; correct the code, or import with the option to accept codes that ` +
		`fail their check for review (--accept-bad-check) (value "91350100M000100Y49")`
	if msg := rep.Errors[0].Error(); msg != wantMsg {
		t.Errorf("Error() =\n%s\nwant\n%s", msg, wantMsg)
	}
	if got[2].Status != doublerandom.StatusDeregistered {
		t.Errorf("status %q, want deregistered for 注销", got[2].Status)
	}
}

func TestEntities_AcceptBadCheck(t *testing.T) {
	var got []doublerandom.Entity
	rep, err := importer.Entities(strings.NewReader(entitiesCSV), "entities.csv",
		importer.Options{AcceptBadCheck: true}, collect(&got))
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || len(got) != 4 {
		t.Fatalf("errors %v, %d entities; want 4 and no error", rep.Errors, len(got))
	}
	for i, e := range got {
		if e.NeedsReview != (i == 2) {
			t.Errorf("%s NeedsReview = %v", e.Code, e.NeedsReview)
		}
	}
	if got[2].Code != "91350100M000100Y49" || got[2].CodeKind != doublerandom.CodeCredit {
		t.Errorf("flagged entity %+v", got[2])
	}
}

func TestEntities_Duplicate(t *testing.T) {
	in := "名称,注册号\nA,330106000349996\nB,91350100M000100Y43\nC,３３０１０６０００３４９９９６\n"
	rep, err := importer.Entities(strings.NewReader(in), "d.csv", importer.Options{},
		func(int, doublerandom.Entity) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) != 1 || rep.Errors[0].Row != 4 ||
		rep.Errors[0].Rule != "the same code is already on row 2" {
		t.Errorf("errors %v, want row 4 naming row 2", rep.Errors)
	}
}

func TestEntities_ValuesAndGB18030(t *testing.T) {
	in := "导入说明：带*为必填项\n" +
		"*企业名称,*统一社会信用代码（必填）,登记状态,风险分类,是否列入经营异常名录,投诉举报次数," +
		"行业代码,乡镇街道,住所,法定代表人,企业类型\n" +
		"必填,必填,选填,选填,选填,选填,选填,选填,选填,选填,选填\n" +
		"\u3000某公司\u3000,９１３５０１００Ｍ０００１００Ｙ４３ ,吊销，未注销,较高风险,是,3次," +
		"I6510,西湖街道,杭州市西湖区某路1号,张三,有限责任公司\n" +
		"另一公司,91330100311348661F,歇业,E,也许,-1,,,,,\n"
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(in)
	if err != nil {
		t.Fatal(err)
	}
	var got []doublerandom.Entity
	rep, err := importer.Entities(strings.NewReader(gb), "gb.csv", importer.Options{},
		collect(&got))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Format != sheet.FormatCSVGB18030 || rep.HeaderRow != 2 {
		t.Errorf("format %q header %d, want csv-gb18030 and 2", rep.Format, rep.HeaderRow)
	}
	want := doublerandom.Entity{
		Code: "91350100M000100Y43", CodeKind: doublerandom.CodeCredit, Name: "某公司",
		EntityType: "有限责任公司", Industry: "I6510", Region: "西湖街道",
		Address: "杭州市西湖区某路1号", LegalRep: "张三", Status: doublerandom.StatusRevoked,
		RiskClass: "C", Abnormal: true, Complaints: 3,
	}
	if len(got) != 1 {
		t.Fatalf("%d entities, want 1; errors %v", len(got), rep.Errors)
	}
	if diff := cmp.Diff(want, got[0]); diff != "" {
		t.Errorf("entity (-want +got):\n%s", diff)
	}

	var cols []string
	for _, e := range rep.Errors {
		if e.Row != 5 {
			t.Errorf("error on row %d, want 5: %v", e.Row, e)
		}
		cols = append(cols, e.Column)
	}
	wantCols := []string{"登记状态", "风险分类", "是否列入经营异常名录", "投诉举报次数"}
	if diff := cmp.Diff(wantCols, cols); diff != "" {
		t.Errorf("columns with errors (-want +got):\n%s", diff)
	}
}

func TestEntities_NoHeader(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a,b\n1,2\n", "no header row found in the first 30 rows; a business directory " +
			"needs the columns 企业名称 and 统一社会信用代码"},
		{"说明\n企业名称,住所,法定代表人\nA,B,C\n", "row 2 looks like the header of a business " +
			"directory but has no column 统一社会信用代码 (also accepted: 注册号"},
	}
	for _, tt := range tests {
		_, err := importer.Entities(strings.NewReader(tt.in), "x.csv", importer.Options{},
			func(int, doublerandom.Entity) error { return nil })
		msg := doublerandom.ErrorMessage(err)
		if doublerandom.ErrorCode(err) != doublerandom.EINVALID ||
			!strings.Contains(msg, tt.want) {
			t.Errorf("error %q, want it to contain %q", msg, tt.want)
		}
	}
}

func TestEntities_EmitErrorAborts(t *testing.T) {
	full := errors.New("disk full")
	n := 0
	rep, err := importer.Entities(strings.NewReader(entitiesCSV), "e.csv",
		importer.Options{AcceptBadCheck: true}, func(row int, _ doublerandom.Entity) error {
			if n++; row == 3 {
				return full
			}
			return nil
		})
	if !errors.Is(err, full) || !strings.Contains(err.Error(), "e.csv row 3") {
		t.Errorf("error %v, want disk full at e.csv row 3", err)
	}
	if n != 2 || rep.Imported != 1 {
		t.Errorf("emit called %d times, imported %d; want 2 and 1", n, rep.Imported)
	}
}

func TestReport_ErrorCap(t *testing.T) {
	var b strings.Builder
	b.WriteString("企业名称,统一社会信用代码\n")
	for range importer.MaxListedErrors + 5 {
		b.WriteString("坏,123\n")
	}
	rep, err := importer.Entities(strings.NewReader(b.String()), "bad.csv",
		importer.Options{}, func(int, doublerandom.Entity) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) != importer.MaxListedErrors || rep.MoreErrors != 5 ||
		rep.Skipped != importer.MaxListedErrors+5 {
		t.Errorf("listed %d, more %d, skipped %d", len(rep.Errors), rep.MoreErrors, rep.Skipped)
	}
}

func TestRowError_Error(t *testing.T) {
	e := importer.RowError{File: "f.xlsx", Row: 9, Rule: "the row is empty"}
	if got := e.Error(); got != "f.xlsx row 9: the row is empty" {
		t.Errorf("Error() = %q", got)
	}
	e = importer.RowError{File: "f.csv", Row: 2, Column: "名称", Rule: "too long",
		Value: strings.Repeat("长", 70)}
	if got := e.Error(); !strings.HasSuffix(got, strings.Repeat("长", 60)+`…")`) {
		t.Errorf("Error() = %q, want the value cut at 60 characters", got)
	}
}
