package doublerandom

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// ListPublication is one publication of a department's item list (抽查事项清单
// 公开, step 1 of Art. 15): when it was published, how many items it held and
// the SHA-256 of the list's canonical form, so that a later change to the
// list is visible.
type ListPublication struct {
	ID          int64
	Dept        string
	Items       int
	SHA256      string
	PublishedBy string
	PublishedAt time.Time
}

// Plan is a department's annual random inspection plan (抽查计划, SPEC R5):
// a joint plan when other departments take part, a department's internal
// plan when none do. Its lead department proposes it; the joint meeting
// office compiles it into the district annual plan and publishes it.
type Plan struct {
	ID            int64
	Year          int
	Title         string
	LeadDept      string
	Participating []string // department codes other than the lead
	ItemIDs       []int64
	Scope         Scope
	Ratio         string    // exact decimal, e.g. "0.05"
	WindowStart   time.Time // first day inspections may take place
	WindowEnd     time.Time // last day inspections may take place
	State         PlanState
	ProposedBy    string
	ProposedAt    time.Time
	PublishedAt   time.Time // zero until the office publishes it
}

// PlanState is where a plan stands between proposal and publication.
type PlanState string

// The plan states in order; a withdrawn plan is out of the year's plan.
const (
	PlanProposed  PlanState = "proposed"  // proposed by the lead department
	PlanCompiled  PlanState = "compiled"  // taken into the draft annual plan by the office
	PlanPublished PlanState = "published" // published as part of the district annual plan
	PlanWithdrawn PlanState = "withdrawn" // withdrawn before publication
)

// Departments returns the lead department followed by the participating ones.
func (p *Plan) Departments() []string {
	return append([]string{p.LeadDept}, p.Participating...)
}

// Joint reports whether other departments take part in the plan.
func (p *Plan) Joint() bool { return len(p.Participating) > 0 }

// Involves reports whether dept leads or takes part in the plan.
func (p *Plan) Involves(dept string) bool { return slices.Contains(p.Departments(), dept) }

// PlanDeadline returns the last day of the first half of year: the annual
// plan is published in the first half year (Art. 10), so one published later
// is late.
func PlanDeadline(year int) time.Time {
	return time.Date(year, time.June, 30, 0, 0, 0, 0, time.UTC)
}

// Late reports whether the plan was published after 30 June of its year, on
// the calendar of loc. An unpublished plan is not late yet.
func (p *Plan) Late(loc *time.Location) bool {
	if p.PublishedAt.IsZero() {
		return false
	}
	y, m, d := p.PublishedAt.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).After(PlanDeadline(p.Year))
}

// Scope is the object scope of a plan (抽查对象范围): which businesses of the
// directory it covers. Each non-empty list narrows the scope; an empty scope
// covers the whole directory. Note is the scope as published in words.
type Scope struct {
	Regions     []string `json:"regions,omitempty"`      // towns or streets
	Industries  []string `json:"industries,omitempty"`   // GB/T 4754 code prefixes
	EntityTypes []string `json:"entity_types,omitempty"` // 主体类型, matched as substrings
	RiskClasses []string `json:"risk_classes,omitempty"` // A to D
	Note        string   `json:"note,omitempty"`
}

// Matches reports whether business e lies within the scope.
func (s Scope) Matches(e Entity) bool {
	if len(s.Regions) > 0 && !slices.Contains(s.Regions, e.Region) {
		return false
	}
	if len(s.Industries) > 0 && !slices.ContainsFunc(s.Industries, func(p string) bool {
		return strings.HasPrefix(e.Industry, p)
	}) {
		return false
	}
	if len(s.EntityTypes) > 0 && !slices.ContainsFunc(s.EntityTypes, func(t string) bool {
		return strings.Contains(e.EntityType, t)
	}) {
		return false
	}
	if len(s.RiskClasses) > 0 && !slices.Contains(s.RiskClasses, e.RiskClass) {
		return false
	}
	return true
}

// AnnualPlan is the district annual plan of joint random inspections
// (全区联合抽查年度计划) that the joint meeting office compiles from the
// departments' plans and publishes (Art. 10). It may be published again with
// plans added later; Revision counts the publications.
type AnnualPlan struct {
	Year        int
	Title       string
	CompiledBy  string
	CompiledAt  time.Time
	PublishedAt time.Time // first publication; zero until published
	Revision    int
}

// Step is one of the ten steps (十个步骤) of Art. 15 that every department
// completes each year in order, without skipping one (SPEC R8).
type Step int

// The ten steps in order.
const (
	StepList       Step = 1  // 制定清单并公开: item list published
	StepPlan       Step = 2  // 制定计划并公开: plan published
	StepObjects    Step = 3  // 建立检查对象名录库: object directory present
	StepInspectors Step = 4  // 建立执法人员名录库: inspector directory present
	StepMatching   Step = 5  // 随机匹配: a draw made
	StepRules      Step = 6  // 制定实施细则并公开: implementation rules published
	StepInspection Step = 7  // 实施检查: inspections recorded
	StepResults    Step = 8  // 公开检查结果: results published
	StepPenalties  Step = 9  // 公开处罚结果: penalties published
	StepArchive    Step = 10 // 检查档案归集: archive delivered
)

// Steps lists the ten steps in order.
var Steps = []Step{StepList, StepPlan, StepObjects, StepInspectors, StepMatching, StepRules,
	StepInspection, StepResults, StepPenalties, StepArchive}

var stepNames = [...]string{"", "item list published", "plan published",
	"object directory", "inspector directory", "random matching",
	"implementation rules published", "inspections", "results published",
	"penalties published", "archive delivered"}

var stepNamesZH = [...]string{"", "制定清单并公开", "制定计划并公开", "建立检查对象名录库",
	"建立执法人员名录库", "随机匹配", "制定实施细则并公开", "实施检查", "公开检查结果",
	"公开处罚结果", "检查档案归集"}

// Valid reports whether s is one of the ten steps.
func (s Step) Valid() bool { return s >= StepList && s <= StepArchive }

// String names the step in English with its number and Chinese name, as
// error messages quote it: "step 6 (implementation rules published,
// 制定实施细则并公开)".
func (s Step) String() string {
	if !s.Valid() {
		return fmt.Sprintf("step %d", int(s))
	}
	return fmt.Sprintf("step %d (%s, %s)", int(s), stepNames[s], stepNamesZH[s])
}

// StepRecord is the completion of one step by one department in one year:
// when it happened and the event that completed it (Ref names it, such as
// "plan/3" or "task/12").
type StepRecord struct {
	Dept   string
	Year   int
	Step   Step
	DoneAt time.Time
	Ref    string
	Actor  string
}
