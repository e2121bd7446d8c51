package importer

import (
	"io"
	"strings"

	"doublerandom"
	"doublerandom/idcode"
)

// Fields of an inspector directory file, in the order of inspectorSchema.
const (
	insName = iota
	insCertNo
	insExpiry
	insDept
	insRegion
	insLevel
	insSpecialties
	insStatus
	insIDNumber
	insPhone
)

var inspectorSchema = newSchema("inspector directory", []field{
	insName: {key: "name", required: true, names: []string{"姓名", "检查人员姓名", "执法人员姓名"}},
	insCertNo: {key: "cert_no", required: true, names: []string{
		"执法证号", "执法证件号", "执法证件号码", "执法证编号"}},
	insExpiry: {key: "expiry", names: []string{
		"证件有效期", "有效期至", "有效期", "执法证有效期", "证件有效期至"}},
	insDept:        {key: "dept", names: []string{"所属部门", "部门", "所属单位", "单位"}},
	insRegion:      {key: "region", names: []string{"区域", "所属区域", "片区"}},
	insLevel:       {key: "level", names: []string{"执法层级", "层级"}},
	insSpecialties: {key: "specialties", names: []string{"专业", "专长", "专业领域", "专业特长"}},
	insStatus:      {key: "status", names: []string{"状态", "人员状态"}},
	insIDNumber:    {key: "id_number", names: []string{"身份证号", "身份证号码", "公民身份号码"}},
	insPhone:       {key: "phone", names: []string{"联系电话", "电话", "手机号", "手机号码", "联系方式"}},
})

// Inspectors reads an inspector directory file and calls emit for every
// valid row in file order.
//
// Name, certificate number and certificate expiry are required; the expiry
// may be written in the usual date forms or as 长期 (no limit). ID is the
// department code and the certificate number joined by "-". Dept is
// opt.Dept, or the 所属部门 cell when opt.Dept is empty. Specialties are
// split on 、,，;；. Status is read from Chinese (在职/在岗 -> active;
// 休假/请假/病假/离岗 -> leave; 调离/调出/离职/退休 -> transferred) and
// defaults to active. An identity number, when given, must pass its check.
// The same certificate number twice is an error naming the first row.
func Inspectors(r io.Reader, name string, opt Options,
	emit func(row int, in doublerandom.Inspector) error) (*Report, error) {
	seen := newDupIndex()
	parse := func(rc *rowContext) doublerandom.Inspector {
		in := doublerandom.Inspector{
			Name:        rc.required(insName),
			CertNo:      rc.required(insCertNo),
			Dept:        opt.Dept,
			Region:      rc.get(insRegion),
			Level:       rc.get(insLevel),
			Specialties: splitList(rc.get(insSpecialties)),
			Status:      inspectorStatus(rc),
			Phone:       rc.get(insPhone),
		}
		if in.Dept == "" {
			in.Dept = rc.get(insDept)
		}
		in.ID = in.CertNo
		if in.Dept != "" && in.CertNo != "" {
			in.ID = in.Dept + "-" + in.CertNo
		}
		if in.CertNo != "" {
			if first := seen.add(in.CertNo, rc.row); first > 0 {
				rc.fail(insCertNo, in.CertNo, "the same certificate number is already "+
					"on row %d", first)
			}
		}
		if raw := rc.required(insExpiry); raw != "" {
			d, err := parseDate(raw)
			if err != nil {
				rc.fail(insExpiry, raw, "%v", err)
			}
			in.CertExpiry = d
		}
		if raw := rc.get(insIDNumber); raw != "" {
			in.IDNumber = idcode.Normalize(raw)
			if err := idcode.CheckPersonID(in.IDNumber); err != nil {
				// The rule names the position, not the number: it is personal data.
				msg := doublerandom.ErrorMessage(err)
				if strings.Contains(in.IDNumber, "*") {
					msg += "; the number is masked, as exports show it: export with " +
						"--personal to get a file that imports again"
				}
				rc.fail(insIDNumber, "", "%s", msg)
			}
		}
		return in
	}
	return importRows(r, name, inspectorSchema, opt, parse, emit)
}

// inspectorStatus maps an inspector's status to the Inspector* constants.
func inspectorStatus(rc *rowContext) string {
	raw := rc.get(insStatus)
	switch compact(raw) {
	case "", "在职", "在岗", "正常", "有效", doublerandom.InspectorActive:
		return doublerandom.InspectorActive
	case "休假", "请假", "病假", "产假", "离岗", "暂停", doublerandom.InspectorOnLeave:
		return doublerandom.InspectorOnLeave
	case "调离", "调出", "离职", "退休", "转岗", doublerandom.InspectorTransferred:
		return doublerandom.InspectorTransferred
	}
	rc.fail(insStatus, raw, "unknown status; write 在职, 休假 or 调离")
	return ""
}

// Declaration is one row of a list of conflicts of interest (回避申报): an
// inspector, named by his enforcement certificate number, who must not
// inspect a business, and why.
type Declaration struct {
	Inspector string // 姓名, as the file writes it
	CertNo    string
	Code      string // the business's code, normalized
	Business  string // 企业名称, as the file writes it
	Reason    string
}

// Fields of a conflict-of-interest list, in the order of conflictSchema.
const (
	conName = iota
	conCertNo
	conCode
	conBusiness
	conReason
)

var conflictSchema = newSchema("conflict-of-interest list", []field{
	conName: {key: "name", names: []string{"姓名", "检查人员姓名", "执法人员姓名"}},
	conCertNo: {key: "cert_no", required: true, names: []string{"执法证号", "执法证件号",
		"执法证件号码", "执法证编号"}},
	conCode: {key: "code", required: true, names: []string{"统一社会信用代码", "注册号",
		"信用代码", "注册号/统一社会信用代码", "统一社会信用代码/注册号", "企业统一社会信用代码"}},
	conBusiness: {key: "business", names: []string{"企业名称", "单位名称", "回避企业",
		"检查对象名称"}},
	conReason: {key: "reason", required: true, names: []string{"回避事由", "回避原因",
		"利害关系", "关系说明", "原因"}},
})

// Conflicts reads a list of conflicts of interest and calls emit for every
// valid row. Certificate number, business code (normalized, not checked:
// the business must be in the directory, which the store checks) and
// reason are required. The same inspector and business twice is an error
// naming the first row.
func Conflicts(r io.Reader, name string, opt Options,
	emit func(row int, d Declaration) error) (*Report, error) {
	seen := newDupIndex()
	parse := func(rc *rowContext) Declaration {
		d := Declaration{
			Inspector: rc.get(conName),
			CertNo:    rc.required(conCertNo),
			Business:  rc.get(conBusiness),
			Reason:    rc.required(conReason),
		}
		if raw := rc.required(conCode); raw != "" {
			d.Code = idcode.Normalize(raw)
		}
		if d.CertNo != "" && d.Code != "" {
			if first := seen.add(d.CertNo+"\x00"+d.Code, rc.row); first > 0 {
				rc.fail(conCode, d.Code, "the same inspector and business are already on row %d",
					first)
			}
		}
		return d
	}
	return importRows(r, name, conflictSchema, opt, parse, emit)
}
