package sheet_test

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"

	"doublerandom/sheet"
)

func TestWriteCSV_EscapesFormulas(t *testing.T) {
	var b bytes.Buffer
	rows := [][]string{{"=HYPERLINK(\"http://x\")", "@SUM(A1)", "+86 138", "-3", "a=b", ""}}
	if err := sheet.WriteCSV(&b, []string{"=h", "b", "c", "d", "e", "f"},
		rowsOf(rows)); err != nil {
		t.Fatal(err)
	}
	_, got := mustOpen(t, b.Bytes(), "x.csv")
	want := [][]string{
		{"'=h", "b", "c", "d", "e", "f"},
		{"'=HYPERLINK(\"http://x\")", "'@SUM(A1)", "'+86 138", "'-3", "a=b", ""},
	}
	for i, r := range got {
		if d := cmp.Diff(want[i], r.Cells); d != "" {
			t.Errorf("row %d (-want +got):\n%s", r.N, d)
		}
	}
}

func TestWriteRowsXLSX_KeepsRowNumbers(t *testing.T) {
	in := []sheet.NumberedRow{
		{N: 1, Cells: []string{"注意：请填写完整"}},
		{N: 2, Cells: []string{"企业名称", "统一社会信用代码", "错误信息"}},
		{N: 4, Cells: []string{"某公司", "913501", "统一社会信用代码: 长度不对"}, Marked: true},
		{N: 7, Cells: []string{"=1+1", "91350100M000100Y43", ""}},
	}
	var b bytes.Buffer
	err := sheet.WriteRowsXLSX(&b, "错误报告", 2, func(yield func(sheet.NumberedRow) error) error {
		for _, r := range in {
			if err := yield(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_, got := mustOpen(t, b.Bytes(), "report.xlsx")
	var rows [][]string
	var ns []int
	for _, r := range got {
		if len(r.Cells) > 0 {
			ns, rows = append(ns, r.N), append(rows, r.Cells)
		}
	}
	if d := cmp.Diff([]int{1, 2, 4, 7}, ns); d != "" {
		t.Errorf("row numbers (-want +got):\n%s", d)
	}
	if rows[3][0] != "'=1+1" || rows[2][2] != "统一社会信用代码: 长度不对" {
		t.Errorf("rows %q", rows)
	}
	err = sheet.WriteRowsXLSX(&b, "x", 0, func(yield func(sheet.NumberedRow) error) error {
		yield(sheet.NumberedRow{N: 3})
		return yield(sheet.NumberedRow{N: 2})
	})
	if err == nil {
		t.Error("rows out of order were accepted")
	}
}
