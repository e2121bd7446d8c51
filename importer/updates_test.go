package importer_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"doublerandom"
	"doublerandom/importer"
	"doublerandom/sheet"
)

// updates runs Updates on csv and returns the changes by row and the
// errors as text.
func updates(t *testing.T, kind, csv string) (map[int]doublerandom.EntityUpdate, []string) {
	t.Helper()
	got := map[int]doublerandom.EntityUpdate{}
	rep, err := importer.Updates(strings.NewReader(csv), "u.csv", kind, importer.Options{},
		func(row int, u doublerandom.EntityUpdate) error {
			got[row] = u
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	var errs []string
	for _, e := range rep.Errors {
		errs = append(errs, e.Error())
	}
	return got, errs
}

func TestUpdates_Risk(t *testing.T) {
	got, errs := updates(t, importer.UpdateRisk, "企业名称,统一社会信用代码,信用风险分类结果\n"+
		"甲,91350100M000100Y43,高风险\n乙,330106000349996,B类\n丙,330106000349996,C\n"+
		"丁,913301007161035748,极高\n戊,91330100311348661F,\n")
	want := []string{
		`u.csv row 4, column 统一社会信用代码: the same code is already on row 3 ` +
			`(value "330106000349996")`,
		`u.csv row 5, column 信用风险分类结果: unknown risk class; write A, B, C or D ` +
			`(低, 一般, 较高, 高风险) (value "极高")`,
		`u.csv row 6, column 信用风险分类结果: required; the cell is empty`,
	}
	if d := cmp.Diff(want, errs); d != "" {
		t.Errorf("errors (-want +got):\n%s", d)
	}
	if len(got) != 2 || *got[2].RiskClass != "D" || *got[3].RiskClass != "B" ||
		got[2].Abnormal != nil || got[2].Status != nil {
		t.Errorf("changes %+v", got)
	}
}

func TestUpdates_AbnormalAndStatus(t *testing.T) {
	got, errs := updates(t, importer.UpdateAbnormal, "说明：经营异常名录\n"+
		"统一社会信用代码,列入经营异常名录原因,列入日期,移出日期\n"+
		"91350100M000100Y43,通过登记的住所无法联系,2026年3月2日,\n"+
		"330106000349996,未按规定公示年报,2025-06-30,2026-01-15\n"+
		"913301007161035748,x,2026-02-30,\n")
	if len(errs) != 1 || !strings.Contains(errs[0], "row 5, column 列入日期: no such day") {
		t.Errorf("errors %q", errs)
	}
	on, off := got[3], got[4]
	if !*on.Abnormal || on.AbnormalSince.Format("2006-01-02") != "2026-03-02" ||
		on.Reason != "通过登记的住所无法联系" {
		t.Errorf("listed %+v", on)
	}
	if *off.Abnormal || !off.AbnormalSince.IsZero() || off.Date.Format("2006-01-02") != "2026-01-15" {
		t.Errorf("removed %+v", off)
	}

	got, errs = updates(t, importer.UpdateStatus, "统一社会信用代码,登记状态,注销日期,原因\n"+
		"91350100M000100Y43,注销,2026-04-01,决议解散\n330106000349996,迁出,,迁往西湖区\n"+
		"913301007161035748,歇业中,,\n")
	if len(errs) != 1 || !strings.Contains(errs[0], "row 4, column 登记状态: unknown status") {
		t.Errorf("errors %q", errs)
	}
	if *got[2].Status != doublerandom.StatusDeregistered || *got[3].Status !=
		doublerandom.StatusMovedOut || got[3].Reason != "迁往西湖区" {
		t.Errorf("status changes %+v", got)
	}
}

func TestUpdates_ComplaintsHeaderMissing(t *testing.T) {
	_, err := importer.Updates(strings.NewReader("统一社会信用代码,企业名称\nX,Y\n"), "c.csv",
		importer.UpdateComplaints, importer.Options{}, nil)
	if doublerandom.ErrorCode(err) != doublerandom.EINVALID ||
		!strings.Contains(doublerandom.ErrorMessage(err), "投诉举报次数") {
		t.Errorf("err = %v, want the missing complaint column named", err)
	}
}

// TestLibrary_TemplateLayout fills a copy of the real template's layout:
// note row, header, hint row, then data.
func TestLibrary_TemplateLayout(t *testing.T) {
	f := openReal(t, "special-library-template.xlsx")
	rd, err := sheet.Open(f, "template.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for range 3 {
		cells, err := rd.Next()
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, append([]string(nil), cells...))
	}
	rd.Close()
	rows = append(rows,
		[]string{"食品生产企业专项库", "食品生产", "91350100M000100Y43", "福建某公司",
			"食品生产许可证", "SC10635010000001", "2021-05-06", "2026-05-05", "福州市市场监督管理局",
			"是", "保化检查员,药品检查员", "无"},
		[]string{"特种设备使用单位专项库", "", "330106000349996", "杭州某店", "", "", "", "9999-09-09",
			"", "否", "无", "无"},
		[]string{"食品生产企业专项库", "", "91350100M000100Y43", "重复", "", "", "", "", "", "",
			"", ""})
	var b bytes.Buffer
	err = sheet.WriteXLSX(&b, "Sheet1", rows[0], func(yield func([]string) error) error {
		for _, r := range rows[1:] {
			if err := yield(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []doublerandom.LibraryEntry
	rep, err := importer.Library(&b, "lib.xlsx", importer.Options{},
		func(_ int, le doublerandom.LibraryEntry) error {
			got = append(got, le)
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if rep.HeaderRow != 2 || len(got) != 2 || len(rep.Errors) != 1 || rep.Errors[0].Row != 6 {
		t.Fatalf("header %d, %d entries, errors %v", rep.HeaderRow, len(got), rep.Errors)
	}
	want := []string{"保化检查员", "药品检查员"}
	if d := cmp.Diff(want, got[0].Qualifications); d != "" || !got[0].Professional ||
		got[0].Expiry.Format("2006-01-02") != "2026-05-05" || len(got[0].Experts) != 0 {
		t.Errorf("first entry %+v %s", got[0], d)
	}
	if !got[1].Expiry.IsZero() || got[1].Professional || got[1].Tag != "" {
		t.Errorf("second entry %+v: 9999-09-09 means no limit", got[1])
	}
	if rep.Column("code") != "统一社会信用代码/注册号" {
		t.Errorf("Column(code) = %q", rep.Column("code"))
	}
}

func TestConflicts(t *testing.T) {
	var got []importer.Declaration
	rep, err := importer.Conflicts(strings.NewReader("姓名,执法证号,企业名称,统一社会信用代码,回避事由\n"+
		"张三,33010001,福建某公司,91350100m000100y43,配偶任该企业法定代表人\n"+
		"张三,33010001,福建某公司,91350100M000100Y43,重复\n"+
		"李四,33010002,杭州某店,330106000349996,\n"), "c.csv", importer.Options{},
		func(_ int, d importer.Declaration) error {
			got = append(got, d)
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Code != "91350100M000100Y43" || len(rep.Errors) != 2 ||
		rep.Errors[0].Row != 3 || rep.Errors[1].Column != "回避事由" {
		t.Errorf("declarations %+v, errors %v", got, rep.Errors)
	}
}

// TestReport_RefuseAndOnError checks what a caller sees when it refuses
// rows after the importer passed them, as the store does with duplicates.
func TestReport_RefuseAndOnError(t *testing.T) {
	var all []importer.RowError
	rep := &importer.Report{}
	_, err := importer.Entities(strings.NewReader(entitiesCSV+"福建某公司,91350100M000100Y43,\n"),
		"e.csv", importer.Options{DupByCaller: true, Report: rep,
			OnError: func(e importer.RowError) { all = append(all, e) }},
		func(row int, e doublerandom.Entity) error {
			if row == 6 {
				rep.Refuse(row, "code", "the same code is already on row 2", e.Code)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 3 || rep.Skipped != 2 || len(rep.Errors) != 2 || len(all) != 2 {
		t.Fatalf("imported %d skipped %d errors %v, seen %d", rep.Imported, rep.Skipped,
			rep.Errors, len(all))
	}
	if e := rep.Errors[1]; e.Row != 6 || e.Column != "统一社会信用代码" {
		t.Errorf("refusal %+v", e)
	}
}

// TestEntities_ExportedApostrophe reads back a cell that an export guarded
// against formula injection.
func TestEntities_ExportedApostrophe(t *testing.T) {
	var got []doublerandom.Entity
	_, err := importer.Entities(strings.NewReader("企业名称,统一社会信用代码\n"+
		"'=HYPERLINK(1),91350100M000100Y43\n'不是公式,330106000349996\n"), "e.csv",
		importer.Options{}, func(_ int, e doublerandom.Entity) error {
			got = append(got, e)
			return nil
		})
	if err != nil || len(got) != 2 || got[0].Name != "=HYPERLINK(1)" || got[1].Name != "'不是公式" {
		t.Errorf("got %+v, %v", got, err)
	}
}
