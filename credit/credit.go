// Package credit turns a business's published inspection results and
// penalty decisions into its risk class (信用风险分类, SPEC R19), by the
// published rules in Rules: the closed loop by which what inspections find
// raises or lowers how likely the business is to be drawn again (a
// stratified draw samples each risk class at its own ratio, SPEC R7).
//
// Only what is published counts, within Window before the day of the
// assessment. The rules are tried in order and the first that applies sets
// the class; a business with no published record in the window keeps the
// class of the registry.
package credit

import (
	"time"

	"doublerandom"
)

// Window is how far back published results and penalties count: three
// years.
const Window = 3 * 365 * 24 * time.Hour

// Rule is one published rule.
type Rule struct {
	ID    string
	Class string // the class it sets; "" keeps the registry's
	ZH    string // the rule in Chinese, as published
	EN    string // the rule in English
}

// Rules are the rules in the order they are tried.
var Rules = []Rule{
	{"D1", "D", "近三年内有“不配合检查情节严重”的抽查结果",
		"a result of “refused to cooperate, serious” in the last three years"},
	{"D2", "D", "近三年内有已公示的行政处罚决定",
		"a published penalty decision in the last three years"},
	{"D3", "D", "近三年内有两次及以上发现问题的抽查结果",
		"two or more results that found a problem in the last three years"},
	{"C1", "C", "近三年内有一次发现问题的抽查结果",
		"one result that found a problem in the last three years"},
	{"A1", "A", "近三年内被抽查过，且每次结果均为未发现问题、合格或未发现相关经营活动",
		"inspected in the last three years, every result no problem, qualified or no " +
			"activity of the inspected kind"},
	{"K", "", "近三年内无已公示的抽查结果或处罚：保持登记的风险分类",
		"no published result or penalty in the last three years: the registry's class stays"},
}

// problem lists the result types that found a problem; clean those that
// found none. "Other" is neither.
var (
	problem = map[doublerandom.ResultType]bool{
		doublerandom.ResultNotPublicised: true, doublerandom.ResultUnreachable: true,
		doublerandom.ResultCorrected: true, doublerandom.ResultPendingFollow: true,
		doublerandom.ResultUnqualified: true, doublerandom.ResultRefused: true,
	}
	clean = map[doublerandom.ResultType]bool{
		doublerandom.ResultNoProblem: true, doublerandom.ResultQualified: true,
		doublerandom.ResultNoActivity: true,
	}
)

// Assessment is the outcome of the rules for one business.
type Assessment struct {
	Rule      Rule
	Problems  int // results that found a problem, in the window
	Clean     int // clean results, in the window
	Penalties int // published penalties, in the window
}

// Assess applies the rules to the published results and penalties of one
// business on day now. Results count at their recording time and penalties
// at their decision date; unpublished penalties do not count.
func Assess(results []doublerandom.Result, penalties []doublerandom.Penalty,
	now time.Time) Assessment {
	from := now.Add(-Window)
	var a Assessment
	refused := false
	for _, r := range results {
		if r.RecordedAt.Before(from) || r.RecordedAt.After(now) {
			continue
		}
		switch {
		case problem[r.Type]:
			a.Problems++
			refused = refused || r.Type == doublerandom.ResultRefused
		case clean[r.Type]:
			a.Clean++
		}
	}
	for _, p := range penalties {
		if !p.PublishedAt.IsZero() && !p.DecidedOn.Before(from) && !p.DecidedOn.After(now) {
			a.Penalties++
		}
	}
	switch {
	case refused:
		a.Rule = Rules[0]
	case a.Penalties > 0:
		a.Rule = Rules[1]
	case a.Problems >= 2:
		a.Rule = Rules[2]
	case a.Problems == 1:
		a.Rule = Rules[3]
	case a.Clean > 0:
		a.Rule = Rules[4]
	default:
		a.Rule = Rules[5]
	}
	return a
}

// Class returns the risk class the assessment gives a business whose
// registry class is registry.
func (a Assessment) Class(registry string) string {
	if a.Rule.Class == "" {
		return registry
	}
	return a.Rule.Class
}
