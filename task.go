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
	Ratio         string // exact decimal, e.g. "0.05"
	// InspectionDate is the day inspections start; certificates must be
	// valid on it.
	InspectionDate time.Time
	State          TaskState
	CreatedAt      time.Time
	PublishedAt    time.Time // zero until results are published
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
)

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
}

// DrawState is the state of a stored draw.
type DrawState string

// The draw states.
const (
	DrawCommitted DrawState = "committed" // candidate list frozen, no seed yet
	DrawDone      DrawState = "drawn"     // seed fixed and result recorded
	DrawVoid      DrawState = "void"      // voided by an approved redraw; kept and public
)
