package importer_test

import (
	"bytes"
	"testing"

	"doublerandom"
	"doublerandom/importer"
)

func FuzzUpdates(f *testing.F) {
	f.Add([]byte("统一社会信用代码,信用风险分类结果,登记状态,注销日期,投诉举报次数,列入日期,移出日期\n"+
		"91350100M000100Y43,高风险,注销,2026-04-01,3,2026-01-01,\n330106000349996,E,x,y,-1,z,w\n"),
		uint8(0))
	f.Fuzz(func(t *testing.T, b []byte, k uint8) {
		kinds := []string{importer.UpdateRisk, importer.UpdateAbnormal,
			importer.UpdateComplaints, importer.UpdateStatus}
		n := 0
		rep, err := importer.Updates(bytes.NewReader(b), "fuzz.csv", kinds[int(k)%len(kinds)],
			importer.Options{}, func(_ int, u doublerandom.EntityUpdate) error {
				if u.Code == "" {
					t.Fatalf("emitted a change without code: %+v", u)
				}
				n++
				return nil
			})
		checkReport(t, rep, err, n)
	})
}

func FuzzLibrary(f *testing.F) {
	f.Add([]byte("注意\n专项库名称,对应专项库监管标签,统一社会信用代码/注册号,有效期至,专业监管,专业资质资格\n" +
		"从27个专项库名称中进行单选,,,年月日,请填写“是”或“否”,\n" +
		"食品,食品生产,91350100M000100Y43,9999-09-09,是,\"保化检查员,药品检查员\"\n" +
		"食品,,91350100M000100Y43,x,也许,无\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		n := 0
		rep, err := importer.Library(bytes.NewReader(b), "fuzz.csv", importer.Options{},
			func(_ int, le doublerandom.LibraryEntry) error {
				if le.Code == "" || le.Library == "" {
					t.Fatalf("emitted an entry without code or library: %+v", le)
				}
				n++
				return nil
			})
		checkReport(t, rep, err, n)
	})
}

func FuzzConflicts(f *testing.F) {
	f.Add([]byte("执法证号,统一社会信用代码,回避事由\n1,91350100M000100Y43,亲属\n1,91350100M000100Y43,x\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		n := 0
		rep, err := importer.Conflicts(bytes.NewReader(b), "fuzz.csv", importer.Options{},
			func(_ int, d importer.Declaration) error {
				if d.CertNo == "" || d.Code == "" || d.Reason == "" {
					t.Fatalf("emitted a declaration without certificate, code or reason: %+v", d)
				}
				n++
				return nil
			})
		checkReport(t, rep, err, n)
	})
}
