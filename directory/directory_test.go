package directory_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"doublerandom"
	"doublerandom/directory"
	"doublerandom/sheet"
	"doublerandom/store"
	"doublerandom/store/storetest"
)

const realDir = "../../shared/data/real/"

// realFile returns a file of the shared real-data folder, skipping the test
// when it is absent.
func realFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(realDir + name)
	if err != nil {
		t.Skipf("real data not available: %v", err)
	}
	return b
}

// withDepts stores the two departments of the tests.
func withDepts(t *testing.T, s *store.Store) {
	t.Helper()
	err := s.InTx(context.Background(), func(tx *store.Tx) error {
		for _, d := range []doublerandom.Department{{Code: "SCJG", Name: "市场监督管理局"},
			{Code: "GA", Name: "公安分局"}} {
			if err := tx.PutDepartment(context.Background(), d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// mustImport imports content and fails the test on an error.
func mustImport(t *testing.T, s *store.Store, content []byte, name string,
	opt directory.Options) *directory.Result {
	t.Helper()
	res, err := directory.Import(context.Background(), s, bytes.NewReader(content), name, opt)
	if err != nil {
		t.Fatalf("import %s: %v", name, err)
	}
	return res
}

func TestImport_RealItemList(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		withDepts(t, s)
		b := realFile(t, "item-list-zhejiang.csv")
		res := mustImport(t, s, b, "item-list-zhejiang.csv",
			directory.Options{Kind: directory.Items, Dept: "SCJG"})
		if !res.Committed || res.Stored != 79 || res.Version.Version != 1 ||
			res.Summary() != "imported 79, skipped 0" {
			t.Fatalf("result %+v, report %+v", res, res.Report.Errors)
		}
		items, err := s.Items(ctx, "SCJG")
		if err != nil || len(items) != 79 {
			t.Fatalf("%d items, %v", len(items), err)
		}
		var ratios, perYear int
		for _, it := range items {
			if it.Ratio != "" {
				ratios++
			}
			if it.PerYear > 0 {
				perYear++
			}
		}
		if ratios < 30 || perYear < 40 {
			t.Errorf("ratios read from %d items, frequencies from %d", ratios, perYear)
		}

		// The export imports again as an identical version 2.
		var out bytes.Buffer
		if err := directory.Export(ctx, s, &out, directory.ExportOptions{Kind: directory.Items,
			Dept: "SCJG", Format: directory.FormatCSV}); err != nil {
			t.Fatal(err)
		}
		res = mustImport(t, s, out.Bytes(), "export.csv",
			directory.Options{Kind: directory.Items, Dept: "SCJG"})
		if res.Version.Version != 2 || res.Version.SHA256 != doublerandom.ItemListSHA256(items) {
			t.Errorf("re-imported export: version %+v; want version 2 equal to version 1",
				res.Version)
		}
	})
}

func TestImport_RealBusinessDirectory(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		b := realFile(t, "entities-hangzhou-check01.xlsx")
		res := mustImport(t, s, b, "entities.xlsx", directory.Options{Kind: directory.Entities})
		if !res.Committed || res.Stored != 478 || res.Report.Format != sheet.FormatXML2003 {
			t.Fatalf("result %s, format %s, errors %v", res.Summary(), res.Report.Format,
				res.Report.Errors)
		}
		kinds := map[doublerandom.CodeKind]int{}
		err := s.EachEntityAsOf(ctx, time.Now(), func(e *doublerandom.Entity) error {
			kinds[e.CodeKind]++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		want := map[doublerandom.CodeKind]int{doublerandom.CodeCredit: 430,
			doublerandom.CodeReg15: 47, doublerandom.CodeReg13: 1}
		if d := cmp.Diff(want, kinds); d != "" {
			t.Errorf("code kinds (-want +got):\n%s", d)
		}

		// The same file again: every row is already in the directory.
		res = mustImport(t, s, b, "again.xlsx", directory.Options{Kind: directory.Entities})
		if res.Committed || res.Stored != 0 || res.Report.Skipped != 478 ||
			!strings.Contains(res.Report.Errors[0].Error(), "entities.xlsx row 2") ||
			res.Summary() != "imported 0, skipped 478" {
			t.Errorf("second import: %s, first error %v", res.Summary(), res.Report.Errors[0])
		}
		if e := res.Report.Errors[0]; e.Row != 2 || e.Column != "注册号/统一社会信用代码" {
			t.Errorf("first error %+v, want row 2 in the code column", e)
		}
	})
}

func TestImport_StrictAndSkipInvalid(t *testing.T) {
	csv := "企业名称,统一社会信用代码\n好公司,91350100M000100Y43\n" +
		"坏公司,91350100M000100Y49\n另一好公司,330106000349996\n"
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		res := mustImport(t, s, []byte(csv), "e.csv", directory.Options{Kind: directory.Entities})
		if n, _ := s.CountEntities(ctx); res.Committed || n != 0 ||
			res.Summary() != "imported 0, skipped 3" { // nothing stored: all 3 skipped
			t.Fatalf("strict: %s, committed %v, %d stored", res.Summary(), res.Committed, n)
		}
		var errs directory.Errors
		res = mustImport(t, s, []byte(csv), "e.csv", directory.Options{Kind: directory.Entities,
			SkipInvalid: true, OnError: errs.Add})
		if n, _ := s.CountEntities(ctx); !res.Committed || n != 2 ||
			res.Summary() != "imported 2, skipped 1" {
			t.Fatalf("skip-invalid: %s, %d stored", res.Summary(), n)
		}
		files, _ := s.ImportFiles(ctx, "", 10)
		if len(files) != 1 || files[0].Imported != 2 || files[0].Skipped != 1 ||
			files[0].SHA256 != res.SHA256 || len(res.SHA256) != 64 {
			t.Errorf("import records %+v", files)
		}

		// The error report: the file as sent, with the error column.
		var out bytes.Buffer
		if err := directory.WriteReport(&out, []byte(csv), "e.csv", res.Report.HeaderRow,
			&errs); err != nil {
			t.Fatal(err)
		}
		rd, err := sheet.Open(&out, "report.xlsx")
		if err != nil {
			t.Fatal(err)
		}
		var rows [][]string
		for {
			cells, err := rd.Next()
			if err != nil {
				break
			}
			rows = append(rows, append([]string(nil), cells...))
		}
		if len(rows) != 4 || rows[0][2] != directory.ErrorColumn ||
			!strings.HasPrefix(rows[2][2], "统一社会信用代码：") || len(rows[1]) > 2 {
			t.Errorf("report rows %q", rows)
		}
	})
}

func TestImport_RiskHistoryAndExport(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		withDepts(t, s)
		mustImport(t, s, []byte("企业名称,统一社会信用代码,住所\n甲,91350100M000100Y43,=cmd|' /C calc'!A0\n"),
			"e.csv", directory.Options{Kind: directory.Entities})
		res := mustImport(t, s, []byte("统一社会信用代码,信用风险分类结果\n91350100M000100Y43,高风险\n"),
			"risk.csv", directory.Options{Kind: directory.Risk})
		if res.Stored != 1 {
			t.Fatalf("risk import %s %v", res.Summary(), res.Report.Errors)
		}
		hist, err := s.EntityHistory(ctx, "91350100M000100Y43")
		if err != nil || len(hist) != 2 || hist[1].RiskClass != "D" ||
			hist[1].Event != doublerandom.EventRisk || hist[1].Note != "risk.csv row 2" {
			t.Errorf("history %+v, %v", hist, err)
		}
		var out bytes.Buffer
		if err := directory.Export(ctx, s, &out, directory.ExportOptions{
			Kind: directory.Entities, Dept: "SCJG", Format: directory.FormatCSV}); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(out.Bytes(), []byte("\xEF\xBB\xBF企业名称")) ||
			!strings.Contains(out.String(), ",'=cmd|' /C calc'!A0,") {
			t.Errorf("export %q", out.String())
		}
	})
}

func TestExport_InspectorsMasked(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		withDepts(t, s)
		csv := "姓名,执法证号,证件有效期至,身份证号,联系电话\n" +
			"张三,33010001,长期,11010519491231002X,13800001234\n"
		res := mustImport(t, s, []byte(csv), "ins.csv",
			directory.Options{Kind: directory.Inspectors, Dept: "SCJG"})
		if res.Stored != 1 {
			t.Fatalf("%s %v", res.Summary(), res.Report.Errors)
		}
		for _, personal := range []bool{false, true} {
			var out bytes.Buffer
			err := directory.Export(ctx, s, &out, directory.ExportOptions{
				Kind: directory.Inspectors, Dept: "SCJG", Format: directory.FormatCSV,
				Personal: personal})
			if err != nil {
				t.Fatal(err)
			}
			full := strings.Contains(out.String(), "11010519491231002X") ||
				strings.Contains(out.String(), "13800001234")
			if full != personal || !strings.Contains(out.String(), "长期") {
				t.Errorf("personal=%v export:\n%s", personal, out.String())
			}
		}
	})
}
