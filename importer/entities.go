package importer

import (
	"errors"
	"io"
	"strings"

	"doublerandom"
	"doublerandom/idcode"
)

// Fields of a business directory file, in the order of entitySchema.
const (
	entName = iota
	entCode
	entType
	entIndustry
	entRegion
	entAddress
	entLegalRep
	entStatus
	entRisk
	entAbnormal
	entComplaints
	entRegOrg
	entSupervisor
	entAbnormalSince
)

var entitySchema = newSchema("business directory", []field{
	entName: {key: "name", required: true, names: []string{
		"企业名称", "单位名称", "名称", "主体名称", "市场主体名称", "经营者名称"}},
	entCode: {key: "code", required: true, names: []string{
		"统一社会信用代码", "注册号", "信用代码", "社会信用代码", "统一代码",
		"注册号/统一社会信用代码", "统一社会信用代码/注册号"}},
	entType:       {key: "type", names: []string{"主体类型", "企业类型", "市场主体类型", "类型"}},
	entIndustry:   {key: "industry", names: []string{"行业", "行业代码", "所属行业", "国民经济行业", "行业门类"}},
	entRegion:     {key: "region", names: []string{"所属区域", "乡镇街道", "区域", "所属乡镇街道", "乡镇", "街道"}},
	entAddress:    {key: "address", names: []string{"住所", "地址", "经营场所", "注册地址", "经营地址"}},
	entLegalRep:   {key: "legal_rep", names: []string{"法定代表人", "负责人", "经营者", "投资人"}},
	entStatus:     {key: "status", names: []string{"状态", "登记状态", "经营状态", "企业状态"}},
	entRisk:       {key: "risk", names: []string{"风险等级", "风险分类", "信用风险分类", "风险类别"}},
	entAbnormal:   {key: "abnormal", names: []string{"经营异常", "是否列入经营异常名录", "经营异常名录", "是否经营异常"}},
	entComplaints: {key: "complaints", names: []string{"投诉数", "投诉举报次数", "投诉次数", "投诉举报数"}},
	entRegOrg:     {key: "reg_org", names: []string{"登记机关", "RegOrgName"}},
	entSupervisor: {key: "supervisor", names: []string{"管辖单位", "监管单位", "管辖机关"}},
	entAbnormalSince: {key: "abnormal_since", names: []string{"列入经营异常名录日期",
		"列入日期", "列异日期"}},
})

// Entities reads a business directory file and calls emit for every valid
// row in file order.
//
// Codes are normalized (see idcode.Normalize) and checked by kind (see
// idcode.Check). A code whose check character fails is an error unless
// opt.AcceptBadCheck is set, which passes the entity with NeedsReview. A
// code seen on an earlier row is an error naming that row. Status is read
// from Chinese (存续, 在业, 开业 -> active; 注销 -> deregistered; 吊销 ->
// revoked; 迁出 -> moved out) and defaults to active when the file has no
// status; the abnormal-operation flag from 是/否 with the day it was put on
// the list (列入日期) when given; risk class from A-D or 低/一般/较高/高.
//
// Duplicate detection keeps each code, packed into 16 bytes, with its row
// number: about 50 bytes per row including the hash table, the only memory
// that grows with the file. With opt.DupByCaller the caller detects
// duplicates instead (the store does, by the directory's primary key) and
// memory stays constant.
func Entities(r io.Reader, name string, opt Options,
	emit func(row int, e doublerandom.Entity) error) (*Report, error) {
	var seen *dupIndex
	if !opt.DupByCaller {
		seen = newDupIndex()
	}
	parse := func(rc *rowContext) doublerandom.Entity {
		e := doublerandom.Entity{Name: rc.required(entName)}
		e.Code, e.CodeKind, e.NeedsReview = parseCode(rc, entCode, opt)
		if e.Code != "" && seen != nil {
			if first := seen.add(e.Code, rc.row); first > 0 {
				rc.fail(entCode, e.Code, "the same code is already on row %d", first)
			}
		}
		e.EntityType = rc.get(entType)
		e.Industry = rc.get(entIndustry)
		e.Region = rc.get(entRegion)
		e.Address = rc.get(entAddress)
		e.LegalRep = rc.get(entLegalRep)
		e.Status = parseStatus(rc, entStatus)
		e.RiskClass = parseRisk(rc, entRisk)
		e.Abnormal = yesNo(rc, entAbnormal)
		if e.Abnormal {
			e.AbnormalSince = optionalDate(rc, entAbnormalSince)
		}
		e.Complaints = count(rc, entComplaints)
		e.RegOrg = rc.get(entRegOrg)
		e.Supervisor = rc.get(entSupervisor)
		return e
	}
	return importRows(r, name, entitySchema, opt, parse, emit)
}

// parseCode reads and checks the business code in field f of a row.
func parseCode(rc *rowContext, f int, opt Options) (string, doublerandom.CodeKind, bool) {
	raw := rc.required(f)
	if raw == "" {
		return "", "", false
	}
	code := idcode.Normalize(raw)
	kind, err := idcode.Check(code)
	switch {
	case err == nil:
		return code, kind, false
	case errors.Is(err, idcode.ErrCheckDigit) && opt.AcceptBadCheck:
		return code, kind, true
	}
	rule := doublerandom.ErrorMessage(err)
	if errors.Is(err, idcode.ErrCheckDigit) {
		rule += "; correct the code, or import with the option to accept codes " +
			"that fail their check for review (--accept-bad-check)"
	}
	rc.fail(f, raw, "%s", rule)
	return "", "", false
}

// parseStatus maps the registration status in field f to the Status*
// constants.
func parseStatus(rc *rowContext, f int) string {
	raw := rc.get(f)
	s := compact(raw)
	switch {
	case s == "" || s == "存续" || s == "在业" || s == "开业" || s == "在营" ||
		s == "正常" || s == "在册" || s == doublerandom.StatusActive:
		return doublerandom.StatusActive
	case strings.Contains(s, "吊销") || s == doublerandom.StatusRevoked:
		return doublerandom.StatusRevoked
	case strings.Contains(s, "注销") || s == doublerandom.StatusDeregistered:
		return doublerandom.StatusDeregistered
	case strings.Contains(s, "迁出") || s == doublerandom.StatusMovedOut:
		return doublerandom.StatusMovedOut
	}
	rc.fail(f, raw, "unknown status; write 存续 (or 在业), 注销, 吊销 or 迁出")
	return ""
}

// parseRisk maps the risk class in field f to A (lowest risk) to D
// (highest).
func parseRisk(rc *rowContext, f int) string {
	raw := rc.get(f)
	s := strings.ToUpper(strings.TrimRight(narrow(raw), "类级"))
	switch s {
	case "", "A", "B", "C", "D":
		return s
	case "低", "低风险":
		return "A"
	case "一般", "一般风险", "中", "中风险":
		return "B"
	case "较高", "较高风险":
		return "C"
	case "高", "高风险":
		return "D"
	}
	rc.fail(f, raw, "unknown risk class; write A, B, C or D (低, 一般, 较高, 高风险)")
	return ""
}

// yesNo reads yes/no field f, recording an error for other text.
func yesNo(rc *rowContext, f int) bool {
	raw := rc.get(f)
	v, err := parseYesNo(raw)
	if err != nil {
		rc.fail(f, raw, "%v", err)
	}
	return v
}

// count reads whole-number field f, recording an error for other text.
func count(rc *rowContext, f int) int {
	raw := rc.get(f)
	n, err := parseCount(raw)
	if err != nil {
		rc.fail(f, raw, "%v", err)
	}
	return n
}
