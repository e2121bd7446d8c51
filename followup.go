package doublerandom

import "time"

// FollowUp is a problem found in an inspection and handed to the department
// that has jurisdiction over it (谁管辖、谁负责, Art. 25, SPEC R18). It stays
// open until that department closes it with a penalty decision, a referral
// to the judicial authorities, or a note that no penalty is due.
type FollowUp struct {
	ID         int64
	TaskID     int64
	EntityCode string
	Problem    string
	FromDept   string // the department that found it
	ToDept     string // the department with jurisdiction
	HandedBy   string
	HandedAt   time.Time
	State      FollowUpState
	Outcome    string // how it was closed, in words
	ClosedAt   time.Time
}

// FollowUpState is where a follow-up stands.
type FollowUpState string

// The follow-up states.
const (
	FollowUpOpen      FollowUpState = "open"      // handed over, not yet dealt with
	FollowUpPenalized FollowUpState = "penalized" // closed by a penalty decision
	FollowUpReferred  FollowUpState = "referred"  // closed by referral to judicial authorities
	FollowUpClosed    FollowUpState = "closed"    // closed without a penalty
)

// Penalty is an administrative penalty decision (行政处罚决定) recorded
// against a business. The deciding department publishes it within 7 working
// days of the decision (Art. 25, SPEC R16).
type Penalty struct {
	ID          int64
	EntityCode  string
	Dept        string // the deciding department
	FollowUpID  int64  // 0 when not from a follow-up
	TaskID      int64  // 0 when not from a task
	DecisionNo  string // 处罚决定书文号
	DecidedOn   time.Time
	Content     string // what was decided (warning, fine of ... yuan, ...)
	RecordedBy  string
	RecordedAt  time.Time
	PublishedAt time.Time // zero until published
}

// Referral records that a suspected crime found in an inspection was handed
// to the judicial authorities (移送司法机关, Art. 25).
type Referral struct {
	ID         int64
	FollowUpID int64
	EntityCode string
	Authority  string // e.g. 区公安分局
	ReferredOn time.Time
	Note       string
	RecordedBy string
	RecordedAt time.Time
}

// DeadlineKind names a deadline rule of SPEC R16.
type DeadlineKind string

// The deadline rules.
const (
	// DeadlineResults: results published within 20 working days after the
	// task's inspections end (Art. 23).
	DeadlineResults DeadlineKind = "results"
	// DeadlinePenalty: a penalty decision published within 7 working days of
	// the decision (Art. 25).
	DeadlinePenalty DeadlineKind = "penalty"
)

// Deadline is one thing due by a date: a task's results or a penalty
// decision's publication.
type Deadline struct {
	Kind  DeadlineKind
	Ref   int64  // the task or penalty id
	Dept  string // the responsible department
	Title string
	Start time.Time // inspections' end or the decision date
	Due   time.Time // last day on time
	Done  time.Time // zero while not done
	// Left is the working days left until Due (0 on the day itself),
	// negative when overdue; meaningless once done.
	Left int
	// Provisional reports that a year on the way has no official holiday
	// arrangement loaded, so Due counts weekends only and may move.
	Provisional bool
}

// Overdue reports whether the deadline passed without the thing being done.
func (d Deadline) Overdue() bool { return d.Done.IsZero() && d.Left < 0 }

// Missed is a deadline recorded as missed: when it was noticed and, once
// done, when it was done.
type Missed struct {
	Kind       DeadlineKind
	Ref        int64
	Dept       string
	Due        time.Time
	RecordedAt time.Time
	DoneAt     time.Time
}
