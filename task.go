package doublerandom

import "time"

// Task is a joint random inspection task (联合抽查任务, SPEC R9): a lead
// department, participating departments, items from each, and a sampling
// ratio over the directory.
type Task struct {
	ID            int64
	Title         string
	LeadDept      string
	Participating []string // department codes other than the lead
	ItemIDs       []int64
	// Mode is DrawUniform (Ratio over all candidates) or DrawStratified
	// (a ratio per risk stratum, for differentiated supervision, SPEC R7).
	Mode  string
	Ratio string // uniform: exact decimal, e.g. "0.05"
	// Ratios maps each stratum (risk class A-D) to its ratio when Mode is
	// DrawStratified.
	Ratios map[string]string
	// ComplaintThreshold is the strata rule's threshold: a business with more
	// complaints than this is raised one risk class for the draw.
	ComplaintThreshold int
	// InspectionDate is the day inspections start; certificates must be
	// valid on it.
	InspectionDate time.Time
	// InspectionEnd is the last day of inspections; results are due 20
	// working days after it (Art. 23). Zero means the start day.
	InspectionEnd time.Time
	// PlanID is the plan the task comes from (SPEC R9); 0 for none.
	PlanID int64
	// MergedInto is the task this one was merged into for one joint visit;
	// 0 unless State is TaskMerged.
	MergedInto  int64
	State       TaskState
	CreatedAt   time.Time
	PublishedAt time.Time // zero until results are published
}

// TaskState is where a task stands on its way from creation to published
// results. Each state is reached from the previous one only.
type TaskState string

// The task states in order.
const (
	TaskCreated   TaskState = "created"   // defined, nothing frozen yet
	TaskCommitted TaskState = "committed" // candidate list frozen, hash published
	TaskDrawn     TaskState = "drawn"     // seed fixed, businesses and teams drawn
	TaskPublished TaskState = "published" // every result entered and published
	// TaskMerged ends a task merged into another before its draw, so that a
	// business is visited once for both (进一次门、查多项事).
	TaskMerged TaskState = "merged"
)

// LastDay returns the last day of the task's inspections.
func (t *Task) LastDay() time.Time {
	if t.InspectionEnd.IsZero() {
		return t.InspectionDate
	}
	return t.InspectionEnd
}

// Departments returns the lead department followed by the participating ones.
func (t *Task) Departments() []string {
	return append([]string{t.LeadDept}, t.Participating...)
}

// Team is the joint inspection team drawn for one business of a task:
// Members[0] is the leader, from the lead department.
type Team struct {
	TaskID     int64
	EntityCode string
	Members    []string // inspector ids, leader first
}

// Result is the inspection result of one business in one task.
type Result struct {
	TaskID     int64
	EntityCode string
	Type       ResultType
	Note       string
	RecordedBy string
	RecordedAt time.Time
}

// Draw is a stored draw of a task: the canonical candidate list frozen at
// commitment, and the draw record as JSON (see package draw). A task has at
// most one draw that is not void.
type Draw struct {
	ID              int64
	TaskID          int64
	State           DrawState
	CandidateSHA256 string
	Candidates      []byte // canonical candidate list
	Record          []byte // draw record JSON
	CreatedAt       time.Time
	DrawnAt         time.Time
	// VoidReason, VoidedBy and VoidedAt say why, on whose approval and when
	// a void draw was voided.
	VoidReason string
	VoidedBy   string
	VoidedAt   time.Time
}

// DrawState is the state of a stored draw.
type DrawState string

// The draw states.
const (
	DrawCommitted DrawState = "committed" // candidate list frozen, no seed yet
	DrawDone      DrawState = "drawn"     // seed fixed and result recorded
	DrawVoid      DrawState = "void"      // voided by an approved redraw; kept and public
)
