package doublerandom

import (
	"slices"
	"time"
)

// Method is how an item is inspected (检查方式, Art. 19, SPEC R13).
type Method string

// The four inspection methods.
const (
	MethodOnSite  Method = "onsite"  // 实地检查
	MethodWritten Method = "written" // 书面检查
	MethodOnline  Method = "online"  // 网络监测
	// MethodThirdParty is 第三方验证: audit, capital verification, assessment,
	// testing by a professional body.
	MethodThirdParty Method = "third_party"
)

// Methods lists the four inspection methods.
var Methods = []Method{MethodOnSite, MethodWritten, MethodOnline, MethodThirdParty}

// Valid reports whether m is one of the four methods.
func (m Method) Valid() bool { return slices.Contains(Methods, m) }

// Channel is how a business was told of an inspection (Art. 20 (二)).
type Channel string

// The notification channels.
const (
	ChannelWritten Channel = "written" // 书面
	ChannelPhone   Channel = "phone"   // 电话
	ChannelFax     Channel = "fax"     // 传真
	ChannelOther   Channel = "other"   // 其他 (e.g. the platform's message)
)

// Channels lists the notification channels.
var Channels = []Channel{ChannelWritten, ChannelPhone, ChannelFax, ChannelOther}

// Valid reports whether c is one of the channels.
func (c Channel) Valid() bool { return slices.Contains(Channels, c) }

// Notification records that a business was told of its inspection, before
// the visit (检查准备, Art. 20): when, how and what it was told.
type Notification struct {
	ID         int64
	TaskID     int64
	EntityCode string
	NotifiedAt time.Time
	Channel    Channel
	Content    string
	RecordedBy string // inspector id
	RecordedAt time.Time
}

// InspectionRecord is the record of one item inspected at one business (检查
// 记录, SPEC R14): the method, what was found, whether it is a problem, and
// the evidence files.
type InspectionRecord struct {
	ID         int64
	TaskID     int64
	EntityCode string
	ItemID     int64
	Method     Method
	Findings   string
	Problem    bool
	RecordedBy string // inspector id
	RecordedAt time.Time
	Evidence   []Evidence
}

// Evidence is a file attached to an inspection record: a photo, a scanned
// form, a test report. Its bytes are stored in the database beside the
// record with their SHA-256, which the archive manifest repeats.
type Evidence struct {
	ID          int64
	RecordID    int64
	Name        string
	ContentType string
	Size        int64
	SHA256      string
	UploadedBy  string
	UploadedAt  time.Time
}

// SignOff is how the inspected business acknowledged the inspection record
// (Art. 20 (三)): signed or sealed, or the reason it is missing, with a
// witness.
type SignOff struct {
	TaskID     int64
	EntityCode string
	Kind       SignKind
	Signatory  string // who signed or whose seal, when signed or sealed
	Reason     string // why it is missing (refusal, nobody present, ...)
	Witness    string // who witnessed the refusal or absence
	RecordedBy string
	RecordedAt time.Time
}

// SignKind is the form of a business's acknowledgement.
type SignKind string

// The kinds of acknowledgement.
const (
	SignSigned  SignKind = "signed"  // 签字
	SignSealed  SignKind = "sealed"  // 盖章
	SignMissing SignKind = "missing" // 无法取得签字或盖章
)

// Valid reports whether k is a kind of acknowledgement.
func (k SignKind) Valid() bool {
	return k == SignSigned || k == SignSealed || k == SignMissing
}

// Confirmation is a team member's signature on the result of one business in
// the task's result summary (抽查结果汇总表, Art. 21).
type Confirmation struct {
	TaskID      int64
	EntityCode  string
	InspectorID string
	ConfirmedAt time.Time
}

// Assignment is one business an inspector must inspect in one task, with
// his team (leader first).
type Assignment struct {
	TaskID     int64
	EntityCode string
	Members    []string
}

// TaskRules are a task's implementation rules (实施细则, step 6 of Art. 15):
// the schedule, methods and division of work, published before the
// inspections start.
type TaskRules struct {
	TaskID      int64
	Body        string
	PublishedBy string
	PublishedAt time.Time
}
