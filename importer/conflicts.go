package importer

import (
	"io"

	"doublerandom/idcode"
)

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
