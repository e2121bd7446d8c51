package doublerandom

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Kinds of rule that put a business of the district registry into a
// department's object directory (检查对象名录库, SPEC R2). A business is a
// member when it matches any of the department's rules in force; a
// department without rules takes the whole registry.
const (
	RuleIndustry = "industry" // GB/T 4754 industry code prefix, e.g. "F52"
	RuleType     = "type"     // 主体类型 containing the value, e.g. "个体"
	RuleRegion   = "region"   // town or street
	RuleLicence  = "licence"  // holds a valid licence of that name (许可证名称)
	RuleTag      = "tag"      // carries the supervision tag (监管标签)
	RuleLibrary  = "library"  // is in the special library (专项库) of that name
)

// RuleKinds lists the rule kinds in the order the interface shows them.
var RuleKinds = []string{RuleIndustry, RuleType, RuleRegion, RuleLicence, RuleTag, RuleLibrary}

// DirectoryRule is one membership rule of a department's object directory.
// Rules are never deleted: a removed rule keeps its period, so that the
// directory can be read as it stood at any moment.
type DirectoryRule struct {
	ID        int64
	Dept      string
	Kind      string // one of RuleKinds
	Value     string
	AddedAt   time.Time
	AddedBy   string
	RemovedAt time.Time // zero while in force
	RemovedBy string
}

// InForce reports whether the rule applied at moment at.
func (r *DirectoryRule) InForce(at time.Time) bool {
	return !r.AddedAt.After(at) && (r.RemovedAt.IsZero() || r.RemovedAt.After(at))
}

// Kinds of label a business carries besides its registry data.
const (
	LabelLibrary = "library" // member of a special library (专项库)
	LabelTag     = "tag"     // supervision tag (监管标签)
	LabelLicence = "licence" // holds a licence (许可证)
)

// Label is something a business carries that a department's rules may
// select: membership of a special library, a supervision tag or a licence.
// Like rules, labels are never deleted, only removed with a time.
type Label struct {
	ID    int64
	Code  string // the business
	Kind  string // LabelLibrary, LabelTag or LabelLicence
	Value string // library, tag or licence name
	// Detail holds what the source file said beside the name: licence
	// number, approval date, issuing authority, the qualifications an
	// inspector needs (专业资质资格), the expert leader (配备专家) and so on.
	Detail map[string]string
	// ValidUntil is the last valid day of a licence; zero for no limit.
	ValidUntil time.Time
	AddedAt    time.Time
	AddedBy    string
	RemovedAt  time.Time
	RemovedBy  string
}

// InForce reports whether the label applied at moment at: added by then,
// not yet removed, and for a licence, valid on that day.
func (l *Label) InForce(at time.Time) bool {
	if l.AddedAt.After(at) || (!l.RemovedAt.IsZero() && !l.RemovedAt.After(at)) {
		return false
	}
	return l.ValidUntil.IsZero() || !l.ValidUntil.Before(dayOf(at))
}

// dayOf returns the calendar day of t in China (UTC+8) as midnight UTC, the
// form of dates throughout the system.
func dayOf(t time.Time) time.Time {
	y, m, d := t.In(time.FixedZone("CST", 8*3600)).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Matches reports whether business e, carrying labels (those in force),
// satisfies rule r.
func (r *DirectoryRule) Matches(e *Entity, labels []Label) bool {
	hasLabel := func(kind string) bool {
		return slices.ContainsFunc(labels, func(l Label) bool {
			return l.Kind == kind && l.Value == r.Value
		})
	}
	switch r.Kind {
	case RuleIndustry:
		return r.Value != "" && strings.HasPrefix(e.Industry, r.Value)
	case RuleType:
		return r.Value != "" && strings.Contains(e.EntityType, r.Value)
	case RuleRegion:
		return e.Region == r.Value
	case RuleLicence:
		return hasLabel(LabelLicence)
	case RuleTag:
		return hasLabel(LabelTag)
	case RuleLibrary:
		return hasLabel(LabelLibrary)
	}
	return false
}

// CheckRule checks a rule's kind and value before it is stored.
func CheckRule(kind, value string) error {
	if !slices.Contains(RuleKinds, kind) {
		return Errorf(EINVALID, "unknown rule kind %q; use one of %s", kind,
			strings.Join(RuleKinds, ", "))
	}
	if strings.TrimSpace(value) == "" {
		return Errorf(EINVALID, "a %s rule needs a value", kind)
	}
	return nil
}

// Events that start a state of a business or an inspector in its history.
const (
	EventEnter      = "enter"      // entered the directory (opening, import)
	EventUpdate     = "update"     // registry data changed
	EventRisk       = "risk"       // risk class changed (信用风险分类)
	EventAbnormal   = "abnormal"   // put on or taken off the abnormal-operation list
	EventComplaints = "complaints" // complaint count changed
	EventStatus     = "status"     // deregistered, revoked, reopened
	EventLeave      = "leave"      // moved out of the district, or an inspector left
	EventCert       = "cert"       // enforcement certificate renewed or changed
)

// EntityState is one state of a business in its history: the business as
// it stood from ValidFrom until ValidTo (zero for the current state), and
// the event that started the state.
type EntityState struct {
	Entity
	ValidFrom time.Time
	ValidTo   time.Time
	Event     string
	Note      string // what the event was: file and row, or a reason
	Actor     string
}

// InspectorState is one state of an inspector in the inspector directory's
// history, like EntityState.
type InspectorState struct {
	Inspector
	ValidFrom time.Time
	ValidTo   time.Time
	Event     string
	Note      string
	Actor     string
}

// Conflict is an inspector's declared conflict of interest with a business
// (回避, Art. 18): the inspector is never drawn to inspect it while the
// declaration stands.
type Conflict struct {
	InspectorID string
	EntityCode  string
	Reason      string
	DeclaredAt  time.Time
	DeclaredBy  string
	WithdrawnAt time.Time // zero while it stands
	WithdrawnBy string
}

// Ineligibility says why the inspector may not be drawn on day d, "" when
// he may: only an active inspector whose enforcement certificate is valid
// that day is drawn (SPEC R3).
func (in Inspector) Ineligibility(d time.Time) string {
	switch {
	case in.Status == InspectorOnLeave:
		return "on leave"
	case in.Status == InspectorTransferred:
		return "transferred"
	case in.Status != InspectorActive:
		return fmt.Sprintf("status %q", in.Status)
	case in.CertExpiry.IsZero():
		return "no certificate expiry on record"
	case in.CertExpiry.Before(d):
		return "certificate expired on " + in.CertExpiry.Format(DateLayout)
	}
	return ""
}

// EntityUpdate is a change to one business's supervision or registry data
// as a file of changes states it: a risk classification list, the
// abnormal-operation list, complaint counts or registry status changes.
// Each non-nil field is set; the others stay as they are.
type EntityUpdate struct {
	Code      string
	RiskClass *string // A to D, "" for unrated
	Abnormal  *bool
	// AbnormalSince is the day the business was put on the abnormal-operation
	// list (列入日期); zero means the day of the change.
	AbnormalSince time.Time
	Complaints    *int
	Status        *string // one of the Status* constants
	// Date is the day the change took effect as the file states it (注销日期
	// and the like), kept in the history note; zero when not given.
	Date   time.Time
	Reason string // the file's reason column, kept in the history note
}

// LibraryEntry is one row of a special library file (专项库): a business
// put into a special library under a supervision tag, with the licence it
// holds and what inspecting it requires, as the provincial template has it.
type LibraryEntry struct {
	Library  string // 专项库名称
	Tag      string // 对应专项库监管标签
	Code     string // the business's code, normalized
	Name     string // 企业名称 as the file writes it
	Licence  string // 许可证名称
	LicNo    string // 许可证编号
	Approved time.Time
	// Expiry is the licence's last valid day (有效期至); zero for no limit
	// (the template's 9999-09-09).
	Expiry time.Time
	Issuer string // 许可发证机关
	// Professional reports whether the library needs professional
	// supervision (专业监管).
	Professional bool
	// Qualifications lists what an inspector must hold (专业资质资格), and
	// Experts the expert team leaders to assign (配备专家（组长）).
	Qualifications []string
	Experts        []string
}

// Labels returns the labels the entry gives its business: the library, the
// tag and the licence, each when named.
func (le *LibraryEntry) Labels() []Label {
	detail := map[string]string{"library": le.Library}
	put := func(k, v string) {
		if v != "" {
			detail[k] = v
		}
	}
	put("tag", le.Tag)
	put("licence", le.Licence)
	put("licence_no", le.LicNo)
	put("issuer", le.Issuer)
	put("qualifications", strings.Join(le.Qualifications, ","))
	put("experts", strings.Join(le.Experts, ","))
	if !le.Approved.IsZero() {
		detail["approved"] = le.Approved.Format(DateLayout)
	}
	if le.Professional {
		detail["professional"] = "是"
	}
	out := []Label{{Code: le.Code, Kind: LabelLibrary, Value: le.Library, Detail: detail}}
	if le.Tag != "" {
		out = append(out, Label{Code: le.Code, Kind: LabelTag, Value: le.Tag, Detail: detail})
	}
	if le.Licence != "" {
		out = append(out, Label{Code: le.Code, Kind: LabelLicence, Value: le.Licence,
			Detail: detail, ValidUntil: le.Expiry})
	}
	return out
}
