package importer_test

import (
	"bytes"
	"testing"

	"doublerandom"
	"doublerandom/importer"
)

// checkReport asserts what holds for any input: no panic, an error is a
// coded EINVALID error, every row error names file, row and rule, and each
// row is counted once.
func checkReport(t *testing.T, rep *importer.Report, err error, emitted int) {
	if err != nil {
		if doublerandom.ErrorCode(err) != doublerandom.EINVALID {
			t.Fatalf("error %v is not EINVALID", err)
		}
		return
	}
	if rep.Imported != emitted {
		t.Fatalf("imported %d, emitted %d", rep.Imported, emitted)
	}
	if rep.Skipped > len(rep.Errors)+rep.MoreErrors || (rep.Skipped == 0) != rep.OK() {
		t.Fatalf("skipped %d rows with %d errors", rep.Skipped, len(rep.Errors))
	}
	for _, e := range rep.Errors {
		if e.File != "fuzz.csv" || e.Row <= rep.HeaderRow || e.Rule == "" {
			t.Fatalf("unclear row error %#v (header row %d)", e, rep.HeaderRow)
		}
	}
}

func FuzzEntities(f *testing.F) {
	f.Add([]byte(entitiesCSV))
	f.Add([]byte("说明\n*企业名称,注册号/统一社会信用代码,状态,风险等级,经营异常,投诉数\n" +
		"必填,必填,,,,\nA,330106000349996,注销,D,是,2\nA,330106000349996,x,y,z,w\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		n := 0
		rep, err := importer.Entities(bytes.NewReader(b), "fuzz.csv",
			importer.Options{AcceptBadCheck: len(b)%2 == 0},
			func(_ int, e doublerandom.Entity) error {
				if e.Code == "" || e.Name == "" || e.CodeKind == "" {
					t.Fatalf("emitted an entity without code, kind or name: %+v", e)
				}
				n++
				return nil
			})
		checkReport(t, rep, err, n)
	})
}

func FuzzItems(f *testing.F) {
	f.Add([]byte("编号,抽查事项名称,抽查子项,检查人员要求,是否涉及民生/安全\n1,甲,a,需专业岗位资格,是\n" +
		",,b,,\n1,甲,a,,\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		n := 0
		rep, err := importer.Items(bytes.NewReader(b), "fuzz.csv", importer.Options{},
			func(_ int, it doublerandom.Item) error {
				if it.Name == "" {
					t.Fatalf("emitted an item without name: %+v", it)
				}
				n++
				return nil
			})
		checkReport(t, rep, err, n)
	})
}

func FuzzInspectors(f *testing.F) {
	f.Add([]byte("姓名,执法证号,有效期至,专业,状态,身份证号\n张三,1,2026-1-1,食品、药品,在职,11010519491231002X\n" +
		"李四,2,46082,,调离,\n王五,1,20260230,,x,1\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		n := 0
		rep, err := importer.Inspectors(bytes.NewReader(b), "fuzz.csv", importer.Options{},
			func(_ int, in doublerandom.Inspector) error {
				if in.Name == "" || in.CertNo == "" || in.CertExpiry.IsZero() || in.Status == "" {
					t.Fatalf("emitted an incomplete inspector: %+v", in)
				}
				n++
				return nil
			})
		checkReport(t, rep, err, n)
	})
}
