package doublerandom

import (
	"fmt"
	"time"
)

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
