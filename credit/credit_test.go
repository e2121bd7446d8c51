package credit

import (
	"testing"
	"time"

	"doublerandom"
)

func TestAssess(t *testing.T) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	res := func(typ doublerandom.ResultType, daysAgo int) doublerandom.Result {
		return doublerandom.Result{Type: typ, RecordedAt: now.AddDate(0, 0, -daysAgo)}
	}
	pen := func(daysAgo int, published bool) doublerandom.Penalty {
		p := doublerandom.Penalty{DecidedOn: now.AddDate(0, 0, -daysAgo)}
		if published {
			p.PublishedAt = p.DecidedOn
		}
		return p
	}
	for _, tc := range []struct {
		name      string
		results   []doublerandom.Result
		penalties []doublerandom.Penalty
		registry  string
		rule      string
		class     string
	}{
		{"nothing published keeps the registry class", nil, nil, "B", "K", "B"},
		{"clean checks lower to A", []doublerandom.Result{res(doublerandom.ResultNoProblem, 30),
			res(doublerandom.ResultQualified, 400)}, nil, "C", "A1", "A"},
		{"one problem", []doublerandom.Result{res(doublerandom.ResultNoProblem, 30),
			res(doublerandom.ResultCorrected, 60)}, nil, "A", "C1", "C"},
		{"two problems", []doublerandom.Result{res(doublerandom.ResultUnreachable, 30),
			res(doublerandom.ResultCorrected, 60)}, nil, "A", "D3", "D"},
		{"refused", []doublerandom.Result{res(doublerandom.ResultRefused, 30)}, nil,
			"A", "D1", "D"},
		{"published penalty", []doublerandom.Result{res(doublerandom.ResultNoProblem, 30)},
			[]doublerandom.Penalty{pen(10, true)}, "A", "D2", "D"},
		{"unpublished penalty does not count", nil, []doublerandom.Penalty{pen(10, false)},
			"B", "K", "B"},
		{"old problems age out", []doublerandom.Result{res(doublerandom.ResultCorrected, 1100),
			res(doublerandom.ResultNoProblem, 10)}, []doublerandom.Penalty{pen(1200, true)},
			"D", "A1", "A"},
		{"other is neutral", []doublerandom.Result{res(doublerandom.ResultOther, 10)}, nil,
			"C", "K", "C"},
	} {
		a := Assess(tc.results, tc.penalties, now)
		if a.Rule.ID != tc.rule || a.Class(tc.registry) != tc.class {
			t.Errorf("%s: rule %s class %s, want %s %s", tc.name, a.Rule.ID,
				a.Class(tc.registry), tc.rule, tc.class)
		}
	}
}
