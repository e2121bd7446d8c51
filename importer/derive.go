package importer

import (
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"doublerandom"
)

// Derive fills the fields of an item that are read from its published text:
// Specialty from 检查人员要求 (see Items), Ratio from 抽查比例 and PerYear from
// 抽查频次. An item edited by hand goes through it as an imported one does.
func Derive(it *doublerandom.Item) {
	it.Specialty = specialty(it.Requirement, it.Name)
	it.Ratio = ReadRatio(it.RatioText)
	it.PerYear = ReadPerYear(it.Frequency)
}

// percentRE finds a number followed by a per-cent or per-mille sign.
var percentRE = regexp.MustCompile(`(\d+(?:\.\d+)?)\s*([%‰])`)

// ReadRatio reads the first ratio a published 抽查比例 text states, as an
// exact decimal fraction: "不低于3%或按专项计划确定" gives "0.03", "100%"
// gives "1", "抽查比例不少于2‰" gives "0.002". A text without a per-cent or
// per-mille figure, such as "根据实际情况确定", gives "". Whether the figure
// is a floor or a ceiling stays in the text.
func ReadRatio(text string) string {
	m := percentRE.FindStringSubmatch(narrow(text))
	if m == nil {
		return ""
	}
	r, ok := new(big.Rat).SetString(m[1])
	if !ok {
		return ""
	}
	div := int64(100)
	if m[2] == "‰" {
		div = 1000
	}
	r.Quo(r, big.NewRat(div, 1))
	if r.Sign() <= 0 || r.Cmp(big.NewRat(1, 1)) > 0 {
		return ""
	}
	s := r.FloatString(8)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

// Patterns of a frequency: "每年不少于1次", "每季度1次", "1次/年",
// "同一年度内不超过2次".
var (
	perPeriodRE   = regexp.MustCompile(`每(半年|年|季度|季|月)[^0-9；;。]{0,12}?(\d+)\s*次`)
	timesPerRE    = regexp.MustCompile(`(\d+)\s*次\s*/\s*(半年|年|季度|季|月)`)
	withinYearRE  = regexp.MustCompile(`年度?内?[^0-9；;。]{0,8}?(\d+)\s*次`)
	periodsInYear = map[string]int{"年": 1, "半年": 2, "季": 4, "季度": 4, "月": 12}
)

// ReadPerYear reads how many times a year a published 抽查频次 text asks
// for, from its first statement: "每年不少于1次" and "1次/年" give 1,
// "每季度1次" gives 4, "市级局每年组织1次；县级局每月组织1次" gives 1. Chinese
// numerals up to ten are read ("每年一次"). A text it cannot read gives 0.
func ReadPerYear(text string) int {
	s := chineseDigits(narrow(text))
	best, n := -1, 0
	try := func(loc []int, count, period string) {
		if loc == nil || (best >= 0 && loc[0] >= best) {
			return
		}
		c, err := strconv.Atoi(count)
		if err != nil || c <= 0 || c > 366 {
			return
		}
		best, n = loc[0], c*periodsInYear[period]
	}
	if m := perPeriodRE.FindStringSubmatchIndex(s); m != nil {
		try(m, s[m[4]:m[5]], s[m[2]:m[3]])
	}
	if m := timesPerRE.FindStringSubmatchIndex(s); m != nil {
		try(m, s[m[2]:m[3]], s[m[4]:m[5]])
	}
	if m := withinYearRE.FindStringSubmatchIndex(s); m != nil {
		try(m, s[m[2]:m[3]], "年")
	}
	return n
}

// chineseDigits writes the Chinese numerals of counts such as 一次, 两次 and
// 十二次 in digits.
func chineseDigits(s string) string {
	const digits = "零一二三四五六七八九"
	if !strings.ContainsAny(s, digits+"两十") {
		return s
	}
	var b strings.Builder
	rs := []rune(strings.ReplaceAll(s, "两", "二"))
	value := func(r rune) int { return strings.IndexRune(digits, r) / len("一") }
	isDigit := func(r rune) bool { return strings.ContainsRune(digits, r) }
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '十':
			tens, ones := 1, 0
			if i > 0 && isDigit(rs[i-1]) {
				tens = value(rs[i-1])
			}
			if i+1 < len(rs) && isDigit(rs[i+1]) {
				ones = value(rs[i+1])
				i++
			}
			b.WriteString(strconv.Itoa(tens*10 + ones))
		case isDigit(r) && (i+1 >= len(rs) || rs[i+1] != '十'):
			b.WriteString(strconv.Itoa(value(r)))
		case isDigit(r):
			// the tens digit of the 十 that follows
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
