package importer_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"doublerandom"
	"doublerandom/importer"
)

// TestItems_MergedAndLivelihood reads an Excel 2003 XML item list whose
// item number and name are merged down over their sub-items, with the
// optional livelihood column.
func TestItems_MergedAndLivelihood(t *testing.T) {
	const ns = "urn:schemas-microsoft-com:office:spreadsheet"
	cell := func(s string) string { return `<Cell><Data ss:Type="String">` + s + `</Data></Cell>` }
	doc := `<?xml version="1.0"?><Workbook xmlns="` + ns + `" xmlns:ss="` + ns + `">` +
		`<Worksheet ss:Name="清单"><Table>` +
		`<Row><Cell ss:MergeAcross="4"><Data ss:Type="String">2026年抽查事项清单</Data></Cell></Row>` +
		`<Row>` + cell("编号") + cell("抽查事项名称") + cell("抽查子项") + cell("检查人员要求") +
		cell("是否涉及民生/安全") + `</Row>` +
		`<Row><Cell ss:MergeDown="1"><Data ss:Type="Number">1</Data></Cell>` +
		`<Cell ss:MergeDown="1"><Data ss:Type="String">特种设备使用单位监督检查</Data></Cell>` +
		cell("电梯") + cell("需专业岗位资格") + cell("是") + `</Row>` +
		`<Row>` + cell("锅炉") + cell("需专业岗位资格") + cell("是") + `</Row>` +
		`<Row>` + cell("2") + cell("广告监测") + cell("") + cell("无需专业岗位资格") + cell("否") +
		`</Row>` +
		`<Row>` + cell("2") + cell("广告监测") + `</Row>` +
		`</Table></Worksheet></Workbook>`

	var got []doublerandom.Item
	rep, err := importer.Items(strings.NewReader(doc), "items.xls",
		importer.Options{Dept: "SCJG"}, collect(&got))
	if err != nil {
		t.Fatal(err)
	}
	want := []doublerandom.Item{
		{Dept: "SCJG", Number: "1", Name: "特种设备使用单位监督检查", SubItem: "电梯",
			Requirement: "需专业岗位资格", Specialty: "特种设备使用单位监督检查", Livelihood: true},
		{Dept: "SCJG", Number: "1", Name: "特种设备使用单位监督检查", SubItem: "锅炉",
			Requirement: "需专业岗位资格", Specialty: "特种设备使用单位监督检查", Livelihood: true},
		{Dept: "SCJG", Number: "2", Name: "广告监测", Requirement: "无需专业岗位资格"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	wantErrs := []importer.RowError{{
		File: "items.xls", Row: 6, Column: "抽查事项名称", Value: "广告监测",
		Rule: `the same item (number "2", sub-item "") is already on row 5`,
	}}
	if diff := cmp.Diff(wantErrs, rep.Errors); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if rep.HeaderRow != 2 {
		t.Errorf("header row %d, want 2", rep.HeaderRow)
	}
}

func TestItems_Specialty(t *testing.T) {
	in := "抽查事项名称,检查人员要求\n" +
		"甲,\n乙,无需专业岗位资格\n丙,需专业岗位资格\n丁,需从事易制毒化学品管理工作人员\n"
	var got []doublerandom.Item
	if _, err := importer.Items(strings.NewReader(in), "s.csv", importer.Options{},
		collect(&got)); err != nil {
		t.Fatal(err)
	}
	var specs []string
	for _, it := range got {
		specs = append(specs, it.Specialty)
	}
	want := []string{"", "", "丙", "需从事易制毒化学品管理工作人员"}
	if diff := cmp.Diff(want, specs); diff != "" {
		t.Errorf("specialties (-want +got):\n%s", diff)
	}
}
