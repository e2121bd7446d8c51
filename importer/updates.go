package importer

import (
	"io"
	"time"

	"doublerandom"
)

// Kinds of file of changes to the business directory, each with its own
// columns: a risk classification list (信用风险分类结果), the
// abnormal-operation list (经营异常名录), complaint counts (投诉举报统计) and
// registry status changes (注销、吊销、迁出名单).
const (
	UpdateRisk       = "risk"
	UpdateAbnormal   = "abnormal"
	UpdateComplaints = "complaints"
	UpdateStatus     = "status"
)

// Fields of a file of changes, in the order of updateFields.
const (
	updCode = iota
	updName
	updRisk
	updAbnormal
	updListed
	updRemoved
	updComplaints
	updStatus
	updDate
	updReason
)

var updateFields = []field{
	updCode: {key: "code", required: true, names: []string{
		"统一社会信用代码", "注册号", "信用代码", "社会信用代码", "统一代码",
		"注册号/统一社会信用代码", "统一社会信用代码/注册号"}},
	updName: {key: "name", names: []string{"企业名称", "单位名称", "名称", "主体名称",
		"市场主体名称"}},
	updRisk: {key: "risk", names: []string{"风险分类", "信用风险分类", "风险等级",
		"风险类别", "分类结果", "信用风险分类结果"}},
	updAbnormal: {key: "abnormal", names: []string{"是否列入经营异常名录", "经营异常",
		"是否经营异常", "经营异常状态"}},
	updListed: {key: "listed", names: []string{"列入日期", "列入经营异常名录日期",
		"列异日期", "作出决定日期"}},
	updRemoved: {key: "removed", names: []string{"移出日期", "移出经营异常名录日期"}},
	updComplaints: {key: "complaints", names: []string{"投诉举报次数", "投诉次数", "投诉数",
		"投诉举报数", "投诉举报件数"}},
	updStatus: {key: "status", names: []string{"登记状态", "状态", "经营状态", "企业状态"}},
	updDate: {key: "date", names: []string{"变更日期", "注销日期", "吊销日期", "迁出日期",
		"核准日期", "日期"}},
	updReason: {key: "reason", names: []string{"原因", "列入经营异常名录原因", "列入原因",
		"注销原因", "吊销原因", "变更原因", "备注"}},
}

// updateSchemas are the schemas of the kinds, each requiring its column.
var updateSchemas = map[string]*schema{
	UpdateRisk:       updateSchema("risk classification list", updRisk),
	UpdateAbnormal:   updateSchema("abnormal-operation list", -1),
	UpdateComplaints: updateSchema("complaint count list", updComplaints),
	UpdateStatus:     updateSchema("registry status change list", updStatus),
}

// updateSchema returns the schema of a file of changes requiring field
// need besides the code.
func updateSchema(what string, need int) *schema {
	fields := append([]field(nil), updateFields...)
	if need >= 0 {
		fields[need].required = true
	}
	return newSchema(what, fields)
}

// Updates reads a file of changes of the given kind (Update*) and calls
// emit for every valid row with the change it states. Every kind needs the
// business's code, checked as Entities checks it; what else it reads:
//
//   - risk: 风险分类 (A-D or 低/一般/较高/高), required;
//   - abnormal: the business is put on the list, on 列入日期 when given,
//     unless the row has a 移出日期 or its 是否列入经营异常名录 says 否, which
//     take it off; the reason (列入经营异常名录原因) is kept in the history;
//   - complaints: 投诉举报次数, a whole number, required;
//   - status: 登记状态 (存续, 注销, 吊销, 迁出), required, with the day of the
//     change (注销日期 and the like) and the reason kept in the history.
//
// The same code twice in one file is an error naming the first row.
func Updates(r io.Reader, name, kind string, opt Options,
	emit func(row int, u doublerandom.EntityUpdate) error) (*Report, error) {
	s, ok := updateSchemas[kind]
	if !ok {
		return &Report{File: name}, doublerandom.Errorf(doublerandom.EINVALID,
			"%s: unknown kind of change list %q; use risk, abnormal, complaints or status",
			name, kind)
	}
	seen := newDupIndex()
	parse := func(rc *rowContext) doublerandom.EntityUpdate {
		var u doublerandom.EntityUpdate
		u.Code, _, _ = parseCode(rc, updCode, opt)
		if u.Code != "" {
			if first := seen.add(u.Code, rc.row); first > 0 {
				rc.fail(updCode, u.Code, "the same code is already on row %d", first)
			}
		}
		u.Reason = rc.get(updReason)
		switch kind {
		case UpdateRisk:
			class := parseRisk(rc, updRisk)
			if class == "" && rc.get(updRisk) == "" {
				rc.required(updRisk)
			}
			u.RiskClass = &class
		case UpdateAbnormal:
			u.Abnormal, u.AbnormalSince, u.Date = abnormalChange(rc)
		case UpdateComplaints:
			if rc.required(updComplaints) != "" {
				n := count(rc, updComplaints)
				u.Complaints = &n
			}
		case UpdateStatus:
			if rc.required(updStatus) != "" {
				st := parseStatus(rc, updStatus)
				u.Status = &st
			}
			u.Date = optionalDate(rc, updDate)
		}
		return u
	}
	return importRows(r, name, s, opt, parse, emit)
}

// abnormalChange reads a row of an abnormal-operation list: whether the
// business is on the list, since when, and the day of the change.
func abnormalChange(rc *rowContext) (*bool, time.Time, time.Time) {
	on := true
	if rc.get(updAbnormal) != "" {
		on = yesNo(rc, updAbnormal)
	}
	listed := optionalDate(rc, updListed)
	removed := optionalDate(rc, updRemoved)
	if !removed.IsZero() {
		on = false
	}
	if !on {
		return &on, time.Time{}, removed
	}
	return &on, listed, listed
}

// optionalDate reads date field f, recording an error for text that is not
// a date; an empty cell gives the zero time.
func optionalDate(rc *rowContext, f int) time.Time {
	raw := rc.get(f)
	if raw == "" {
		return time.Time{}
	}
	d, err := parseDate(raw)
	if err != nil {
		rc.fail(f, raw, "%v", err)
	}
	return d
}
