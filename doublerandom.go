// Package doublerandom holds the domain types of a "double random, one
// public" (双随机、一公开) joint random inspection system: departments, their
// item lists and two directories (businesses and inspectors), joint tasks,
// inspection teams and results. Storage, the draw algorithm, importers and
// the web interface live in their own packages and depend on this one.
package doublerandom

import "time"

// DateLayout is the layout of calendar dates throughout the system.
const DateLayout = "2006-01-02"

// Department is a member department of the joint meeting, such as the market
// supervision bureau (市场监督管理局).
type Department struct {
	Code string // short stable code, e.g. "SCJG"
	Name string // official Chinese name
	// NameEn is the English name shown in the English interface.
	NameEn string
}

// Item is one row of a department's item list (抽查事项清单, SPEC R1): an
// inspection item, optionally split into sub-items.
type Item struct {
	ID         int64
	Dept       string // department code
	Number     string // 编号 as published; sub-items repeat their item's number
	Name       string // 抽查事项名称
	SubItem    string // 抽查子项
	Basis      string // 抽查依据 (legal basis)
	Subject    string // 抽查主体 (who inspects)
	ObjectType string // 抽查对象
	RatioText  string // 抽查比例 as published
	Frequency  string // 抽查频次 as published
	Method     string // 抽查方式
	// Requirement is 检查人员要求 as published; Specialty is what an inspector
	// needs derived from it ("" when no special qualification is needed).
	Requirement string
	Specialty   string
	Note        string // 备注
	// Ratio is RatioText read as an exact decimal fraction ("0.03" from
	// "不低于3%"), "" when the text names no ratio. PerYear is Frequency read
	// as inspections per year (1 from "每年不少于1次"), 0 when unreadable.
	Ratio   string
	PerYear int
	// Livelihood reports whether the item concerns people's livelihood or the
	// safety of life and property, exempt from the twice-a-year cap (Art. 13).
	Livelihood bool
}

// CodeKind tells which kind of registration code identifies a business.
type CodeKind string

// The kinds of business code accepted by the directory.
const (
	CodeCredit CodeKind = "uscc"  // 18-character unified social credit code (GB 32100)
	CodeReg15  CodeKind = "reg15" // 15-digit registration number (ISO 7064 MOD 11,10)
	CodeReg13  CodeKind = "reg13" // older 13-digit registration number, no check digit
)

// Entity is a business in the directory of inspection objects (检查对象名录库,
// SPEC R2). Code is the business's id throughout the system.
type Entity struct {
	Code       string
	CodeKind   CodeKind
	Name       string
	EntityType string // 主体类型
	Industry   string // GB/T 4754 code
	Region     string // town or street
	Address    string
	LegalRep   string // 法定代表人
	Status     string // see Status* constants
	RiskClass  string // A (lowest risk) to D (highest)
	Abnormal   bool   // on the abnormal-operation list (经营异常名录)
	// AbnormalSince is the day the business was put on the list; zero when
	// it is not on it or the day is unknown.
	AbnormalSince time.Time
	Complaints    int
	RegOrg        string // registration authority (登记机关)
	Supervisor    string // supervising station (管辖单位)
	// NeedsReview marks a code imported although its check character failed.
	NeedsReview bool
}

// Business statuses. Deregistered and revoked businesses are never drawn;
// a business that moved out of the district (迁出) has left its registry.
const (
	StatusActive       = "active"
	StatusDeregistered = "deregistered"
	StatusRevoked      = "revoked"
	StatusMovedOut     = "moved"
)

// Inspector is a certified enforcement officer in a department's inspector
// directory (执法检查人员名录库, SPEC R3).
type Inspector struct {
	ID         string // stable id, e.g. department code + certificate number
	Name       string
	Dept       string
	CertNo     string    // enforcement certificate number (执法证号)
	CertExpiry time.Time // last day the certificate is valid
	Region     string
	Level      string // enforcement level
	// Specialties lists the qualifications the inspector holds.
	Specialties []string
	Status      string // active, leave or transferred
	// IDNumber and Phone are personal data: stored, never public (Art. 4).
	IDNumber string
	Phone    string
}

// Inspector statuses.
const (
	InspectorActive      = "active"
	InspectorOnLeave     = "leave"
	InspectorTransferred = "transferred"
)

// ValidOn reports whether the inspector may be drawn on day d: active and
// holding a certificate valid that day.
func (in Inspector) ValidOn(d time.Time) bool {
	return in.Status == InspectorActive && !in.CertExpiry.Before(d)
}
