package doublerandom

import "time"

// Replacement records that a drawn inspector was replaced in one team
// (SPEC R12, Art. 17): for an allowed reason only, on the approval of the
// replaced inspector's department leader, the replacement picked by a person
// from the qualified inspectors, not by lottery.
type Replacement struct {
	ID          int64
	TaskID      int64
	EntityCode  string
	Replaced    string // inspector id
	Replacement string // inspector id
	Reason      string // one of ReplacementReasons
	Note        string
	ApprovedBy  string // the leader's account
	At          time.Time
}

// The reasons Art. 17 allows for replacing a drawn inspector.
const (
	ReasonPostChange   = "post_change"   // 岗位变动
	ReasonWorkConflict = "work_conflict" // 工作冲突
	ReasonHealth       = "health"        // 身体原因
	ReasonRecusal      = "recusal"       // 需要回避
)

// ReplacementReasons lists the allowed reasons.
var ReplacementReasons = []string{ReasonPostChange, ReasonWorkConflict, ReasonHealth,
	ReasonRecusal}
