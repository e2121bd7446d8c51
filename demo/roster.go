package demo

import (
	"fmt"
	"time"

	"doublerandom"
)

// Made-up names: no real person is named by the demo roster.
var (
	surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
	given    = []string{"建国", "晓明", "丽华", "志强", "海燕", "立新", "红梅", "伟", "静", "磊",
		"秀英", "国庆", "文斌", "雪", "军", "玉兰", "子涵", "浩然", "思远", "嘉怡"}
)

// Roster generates a department's inspector roster of n made-up inspectors,
// deterministically: certificate numbers, validity dates around today, a
// region and specialties taken in turn from specs. The last inspector's
// certificate has expired and the second last is on leave, so that the
// draw's eligibility rules have something to refuse.
func Roster(dept string, n int, specs []string, today time.Time) []doublerandom.Inspector {
	out := make([]doublerandom.Inspector, 0, n)
	// Each department draws names from its own range of k, and the pair
	// (k mod 20, (7(k div 20) + k) mod 20) differs for every k below 400, so
	// no two inspectors of the demo share a name.
	offset := 0
	if dept != DeptMarket {
		offset = 200
	}
	for i := 0; i < n; i++ {
		k := offset + i
		in := doublerandom.Inspector{
			ID: fmt.Sprintf("%s-%03d", dept, i+1),
			Name: string(surnames[k%len(surnames)]) +
				given[(k/len(surnames)*7+k)%len(given)],
			Dept:       dept,
			CertNo:     fmt.Sprintf("33%s%06d", deptDigits(dept), 2026000+i+1),
			CertExpiry: today.AddDate(1+i%3, i%12, 0),
			Region:     regions[i%len(regions)],
			Level:      "区级",
			Status:     doublerandom.InspectorActive,
			IDNumber:   fmt.Sprintf("3301061990%02d%02d%04d", 1+i%12, 1+i%28, 1000+i),
			Phone:      fmt.Sprintf("1370571%04d", 1000+k),
		}
		if len(specs) > 0 {
			in.Specialties = []string{specs[i%len(specs)]}
			if i%3 == 0 {
				in.Specialties = append(in.Specialties, specs[(i+1)%len(specs)])
			}
		}
		switch i {
		case n - 1:
			in.CertExpiry = today.AddDate(0, -1, 0)
		case n - 2:
			in.Status = doublerandom.InspectorOnLeave
		}
		out = append(out, in)
	}
	return out
}

var regions = []string{"湖滨街道", "朝晖街道", "武林街道", "东新街道", "玉泉街道"}

func deptDigits(dept string) string {
	if dept == DeptMarket {
		return "01"
	}
	return "02"
}
