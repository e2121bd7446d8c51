package importer_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"doublerandom"
	"doublerandom/importer"
)

func TestInspectors(t *testing.T) {
	in := "姓名,执法证件号,有效期至,所属部门,区域,执法层级,专业领域,状态,身份证号,联系电话\n" +
		"张三,33010001,2026-12-31,市场监管局,西湖,区级,食品、药品；特种设备,在职,11010519491231002X,13800000000\n" +
		"李四,33010002,2027年3月1日,,,,,休假,,\n" +
		"王五,33010003,长期,,,,无,调离,,\n" +
		"赵六,33010004,03-01-26,,,,,,,\n" +
		"钱七,33010001,2026/2/30,,,,,出差,110105194912310021,\n" +
		",,,,,,,,,\n" +
		"孙八,,,,,,,,,\n"
	var got []doublerandom.Inspector
	rep, err := importer.Inspectors(strings.NewReader(in), "ins.csv",
		importer.Options{Dept: "SCJG"}, collect(&got))
	if err != nil {
		t.Fatal(err)
	}
	day := func(y, m, d int) time.Time {
		return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	}
	want := []doublerandom.Inspector{
		{
			ID: "SCJG-33010001", Name: "张三", Dept: "SCJG", CertNo: "33010001",
			CertExpiry: day(2026, 12, 31), Region: "西湖", Level: "区级",
			Specialties: []string{"食品", "药品", "特种设备"}, Status: doublerandom.InspectorActive,
			IDNumber: "11010519491231002X", Phone: "13800000000",
		},
		{
			ID: "SCJG-33010002", Name: "李四", Dept: "SCJG", CertNo: "33010002",
			CertExpiry: day(2027, 3, 1), Status: doublerandom.InspectorOnLeave,
		},
		{
			ID: "SCJG-33010003", Name: "王五", Dept: "SCJG", CertNo: "33010003",
			CertExpiry: day(9999, 12, 31), Status: doublerandom.InspectorTransferred,
		},
		{
			ID: "SCJG-33010004", Name: "赵六", Dept: "SCJG", CertNo: "33010004",
			CertExpiry: day(2026, 3, 1), Status: doublerandom.InspectorActive,
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("inspectors (-want +got):\n%s", diff)
	}

	type cell struct {
		Row    int
		Column string
		Rule   string
	}
	var errs []cell
	for _, e := range rep.Errors {
		errs = append(errs, cell{e.Row, e.Column, e.Rule})
	}
	wantErrs := []cell{
		{6, "状态", "unknown status; write 在职, 休假 or 调离"},
		{6, "执法证件号", "the same certificate number is already on row 2"},
		{6, "有效期至", "no such day; write the date as 2026-12-31"},
		{6, "身份证号", "identity number check character: want X, got 1"},
		{8, "执法证件号", "required; the cell is empty"},
		{8, "有效期至", "required; the cell is empty"},
	}
	if diff := cmp.Diff(wantErrs, errs); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	for _, e := range rep.Errors {
		if strings.Contains(e.Error(), "110105194912310021") {
			t.Errorf("an error shows the identity number: %v", e)
		}
	}
	if rep.Imported != 4 || rep.Skipped != 2 {
		t.Errorf("imported %d skipped %d, want 4 and 2", rep.Imported, rep.Skipped)
	}
}

func TestInspectors_DeptFromFile(t *testing.T) {
	in := "姓名,执法证号,证件有效期,部门\n张三,A1,20261231,卫健委\n"
	var got []doublerandom.Inspector
	if _, err := importer.Inspectors(strings.NewReader(in), "i.csv", importer.Options{},
		collect(&got)); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Dept != "卫健委" || got[0].ID != "卫健委-A1" {
		t.Errorf("got %+v, want the department from the file", got)
	}
}

// TestInspectors_MaskedIDNumber explains a masked ID number, as a default
// export writes it, instead of only refusing it.
func TestInspectors_MaskedIDNumber(t *testing.T) {
	in := "姓名,执法证号,证件有效期,身份证号\n张三,A1,20261231,330106********1000\n"
	var got []doublerandom.Inspector
	rep, err := importer.Inspectors(strings.NewReader(in), "i.csv", importer.Options{Dept: "GA"},
		collect(&got))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0].Error(), "--personal") ||
		strings.Contains(rep.Errors[0].Error(), "330106") {
		t.Errorf("errors %v, want one naming --personal and not the number", rep.Errors)
	}
}
