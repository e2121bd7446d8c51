package importer

import (
	"io"
	"strings"
	"time"

	"doublerandom"
)

// Fields of a special library file (专项库), in the order of librarySchema:
// the columns of the provincial import template.
const (
	libName = iota
	libTag
	libCode
	libEntity
	libLicence
	libLicNo
	libApproved
	libExpiry
	libIssuer
	libProfessional
	libQualifications
	libExperts
)

var librarySchema = newSchema("special library list", []field{
	libName: {key: "library", required: true, names: []string{"专项库名称", "专项库",
		"所属专项库"}},
	libTag: {key: "tag", names: []string{"对应专项库监管标签", "监管标签", "专项库监管标签"}},
	libCode: {key: "code", required: true, names: []string{
		"统一社会信用代码/注册号", "统一社会信用代码", "注册号", "信用代码",
		"注册号/统一社会信用代码"}},
	libEntity:  {key: "name", names: []string{"企业名称", "单位名称", "名称", "主体名称"}},
	libLicence: {key: "licence", names: []string{"许可证名称", "许可证种类", "许可类别"}},
	libLicNo:   {key: "licence_no", names: []string{"许可证编号", "许可证号"}},
	libApproved: {key: "approved", names: []string{"许可批准日期", "发证日期",
		"批准日期"}},
	libExpiry:       {key: "expiry", names: []string{"有效期至", "有效期", "许可有效期至"}},
	libIssuer:       {key: "issuer", names: []string{"许可发证机关", "发证机关"}},
	libProfessional: {key: "professional", names: []string{"专业监管", "是否专业监管"}},
	libQualifications: {key: "qualifications", names: []string{"专业资质资格",
		"专业资质", "检查人员资质"}},
	libExperts: {key: "experts", names: []string{"配备专家", "配备专家组长"}},
})

// noLimitDays are the expiry dates that templates use for a licence valid
// without limit.
var noLimitDays = map[string]bool{"9999-09-09": true, "9999-12-31": true}

// Library reads a special library file (专项库) laid out like the provincial
// template (its note row above the header and hint row below it are
// skipped) and calls emit for every valid row. The library's name and the
// business's code are required; the code is checked as Entities checks it.
// 有效期至 may be a date, 长期, or 9999-09-09 (no limit, a zero Expiry);
// 专业监管 is 是 or 否; 专业资质资格 and 配备专家（组长） are lists split on
// commas (either width) and 、, where 无 means none. The same business twice
// in the same library is an error naming the first row.
func Library(r io.Reader, name string, opt Options,
	emit func(row int, le doublerandom.LibraryEntry) error) (*Report, error) {
	seen := newDupIndex()
	parse := func(rc *rowContext) doublerandom.LibraryEntry {
		le := doublerandom.LibraryEntry{
			Library:        rc.required(libName),
			Tag:            rc.get(libTag),
			Name:           rc.get(libEntity),
			Licence:        rc.get(libLicence),
			LicNo:          rc.get(libLicNo),
			Issuer:         rc.get(libIssuer),
			Professional:   yesNo(rc, libProfessional),
			Qualifications: splitList(rc.get(libQualifications)),
			Experts:        splitList(rc.get(libExperts)),
		}
		le.Code, _, _ = parseCode(rc, libCode, opt)
		if le.Code != "" && le.Library != "" {
			if first := seen.add(le.Library+"\x00"+le.Code, rc.row); first > 0 {
				rc.fail(libCode, le.Code, "the same business is already in library %s on row %d",
					le.Library, first)
			}
		}
		le.Approved = optionalDate(rc, libApproved)
		le.Expiry = licenceExpiry(rc)
		return le
	}
	return importRows(r, name, librarySchema, opt, parse, emit)
}

// licenceExpiry reads 有效期至: a day, or zero for no limit.
func licenceExpiry(rc *rowContext) time.Time {
	raw := strings.TrimSpace(narrow(rc.get(libExpiry)))
	if raw == "" || noLimitDays[raw] {
		return time.Time{}
	}
	d := optionalDate(rc, libExpiry)
	if d.Equal(forever) {
		return time.Time{}
	}
	return d
}
