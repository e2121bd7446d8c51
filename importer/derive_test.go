package importer

import "testing"

func TestReadRatio(t *testing.T) {
	for text, want := range map[string]string{
		"不低于3%或按专项计划确定": "0.03",
		"100%":          "1",
		"抽查比例不少于2‰":     "0.002",
		"根据实际需要，一般不超过 10%/年":          "0.1",
		"省级不超过2%，市、县质监部门结合当地实际制定检查计划": "0.02",
		"０．５％":     "0.005",
		"根据实际情况确定": "",
		"150%":     "",
		"":         "",
	} {
		if got := ReadRatio(text); got != want {
			t.Errorf("ReadRatio(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestReadPerYear(t *testing.T) {
	for text, want := range map[string]int{
		"每年不少于1次": 1,
		"1次/年":    1,
		"每年2次":    2,
		"每年一次":    1,
		"根据实际需要，一般不超过2次/年":    2,
		"市级局每年组织1次；县级局每月组织1次": 1,
		"每季度1次": 4,
		"每月两次":  24,
		"对一个单位强制检定计量器具使用单位的检查，同一年度内不超过2次": 2,
		"每年1次33%；或者每年分次达到33%":             1,
		"根据实际情况确定":                        0,
		"按照分层次监管，根据风险高低，依法属地确定。":          0,
		"每年十二次": 12,
	} {
		if got := ReadPerYear(text); got != want {
			t.Errorf("ReadPerYear(%q) = %d, want %d", text, got, want)
		}
	}
}
