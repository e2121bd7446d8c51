package directory

import (
	"bytes"
	"context"
	"io"
	"strconv"
	"strings"
	"time"

	"doublerandom"
	"doublerandom/importer"
	"doublerandom/sheet"
	"doublerandom/store"
)

// Export formats.
const (
	FormatCSV  = "csv"
	FormatXLSX = "xlsx"
)

// ExportOptions choose what Export writes.
type ExportOptions struct {
	Kind   string // Items, Entities or Inspectors
	Dept   string
	Format string // FormatCSV (UTF-8 with BOM) or FormatXLSX
	// Version is the item list version to export; 0 means the current one.
	Version int
	// At is the moment the business directory is read as of; zero means
	// now.
	At time.Time
	// Personal includes inspectors' identity and phone numbers in full; by
	// default they are masked. Only the department's own staff may ask.
	Personal bool
}

// ItemHeader is the header of an item list export, the columns the item
// importer reads, so that an export imports again.
var ItemHeader = []string{"编号", "抽查事项名称", "抽查子项", "抽查依据", "抽查主体", "抽查对象",
	"抽查比例", "抽查频次", "抽查方式", "检查人员要求", "备注", "是否涉及民生/安全"}

// EntityHeader is the header of a business directory export.
var EntityHeader = []string{"企业名称", "统一社会信用代码", "主体类型", "行业代码", "乡镇街道", "住所",
	"法定代表人", "登记状态", "风险分类", "是否列入经营异常名录", "列入日期", "投诉举报次数", "登记机关",
	"管辖单位"}

// InspectorHeader is the header of an inspector directory export.
var InspectorHeader = []string{"姓名", "执法证号", "证件有效期至", "所属部门", "所属区域", "执法层级",
	"专业领域", "人员状态", "身份证号", "联系电话"}

// Export writes a department's item list, object directory or inspector
// directory to w as CSV or XLSX, streaming the rows. Cells beginning with
// = + - or @ get a leading apostrophe (sheet.Escape).
func Export(ctx context.Context, st *store.Store, w io.Writer, opt ExportOptions) error {
	header, rows, err := exportRows(ctx, st, opt)
	if err != nil {
		return err
	}
	switch opt.Format {
	case FormatCSV:
		return sheet.WriteCSV(w, header, rows)
	case FormatXLSX:
		return sheet.WriteXLSX(w, opt.Kind, header, rows)
	}
	return doublerandom.Errorf(doublerandom.EINVALID,
		"unknown export format %q; use csv or xlsx", opt.Format)
}

// exportRows returns the header and rows of an export.
func exportRows(ctx context.Context, st *store.Store,
	opt ExportOptions) ([]string, sheet.RowsFunc, error) {
	if opt.Format != FormatCSV && opt.Format != FormatXLSX {
		return nil, nil, doublerandom.Errorf(doublerandom.EINVALID,
			"unknown export format %q; use csv or xlsx", opt.Format)
	}
	switch opt.Kind {
	case Items:
		_, items, err := st.ItemList(ctx, opt.Dept, opt.Version)
		if err != nil {
			return nil, nil, err
		}
		return ItemHeader, func(yield func([]string) error) error {
			for _, it := range items {
				if err := yield(ItemRow(it)); err != nil {
					return err
				}
			}
			return nil
		}, nil
	case Entities:
		at := opt.At
		if at.IsZero() {
			at = time.Now()
		}
		return EntityHeader, func(yield func([]string) error) error {
			each := func(e *doublerandom.Entity) error { return yield(EntityRow(e)) }
			if opt.Dept == "" { // the district registry
				return st.EachEntityAsOf(ctx, at, each)
			}
			return st.EachDirectoryEntity(ctx, []string{opt.Dept}, at, each)
		}, nil
	case Inspectors:
		ins, err := st.Inspectors(ctx, opt.Dept)
		if err != nil {
			return nil, nil, err
		}
		return InspectorHeader, func(yield func([]string) error) error {
			for _, in := range ins {
				if err := yield(InspectorRow(in, opt.Personal)); err != nil {
					return err
				}
			}
			return nil
		}, nil
	}
	return nil, nil, doublerandom.Errorf(doublerandom.EINVALID,
		"cannot export %q; the kinds are items, entities and inspectors", opt.Kind)
}

// ItemRow is an item as a row under ItemHeader.
func ItemRow(it doublerandom.Item) []string {
	return []string{it.Number, it.Name, it.SubItem, it.Basis, it.Subject, it.ObjectType,
		it.RatioText, it.Frequency, it.Method, it.Requirement, it.Note, yesNo(it.Livelihood)}
}

// statusNames are the registry statuses as Chinese files write them.
var statusNames = map[string]string{
	doublerandom.StatusActive: "存续", doublerandom.StatusDeregistered: "注销",
	doublerandom.StatusRevoked: "吊销", doublerandom.StatusMovedOut: "迁出",
}

// StatusName returns a registry status as Chinese files write it.
func StatusName(status string) string {
	if n, ok := statusNames[status]; ok {
		return n
	}
	return status
}

// EntityRow is a business as a row under EntityHeader.
func EntityRow(e *doublerandom.Entity) []string {
	return []string{e.Name, e.Code, e.EntityType, e.Industry, e.Region, e.Address, e.LegalRep,
		StatusName(e.Status), e.RiskClass, yesNo(e.Abnormal), date(e.AbnormalSince),
		strconv.Itoa(e.Complaints), e.RegOrg, e.Supervisor}
}

// inspectorStatusNames are the inspector statuses as Chinese files write them.
var inspectorStatusNames = map[string]string{doublerandom.InspectorActive: "在职",
	doublerandom.InspectorOnLeave: "休假", doublerandom.InspectorTransferred: "调离"}

// InspectorRow is an inspector as a row under InspectorHeader, with the
// identity and phone numbers masked unless personal is set.
func InspectorRow(in doublerandom.Inspector, personal bool) []string {
	id, phone := in.IDNumber, in.Phone
	if !personal {
		id, phone = Mask(id), Mask(phone)
	}
	expiry := date(in.CertExpiry)
	if in.CertExpiry.Year() == 9999 {
		expiry = "长期"
	}
	status := inspectorStatusNames[in.Status]
	if status == "" {
		status = in.Status
	}
	return []string{in.Name, in.CertNo, expiry, in.Dept, in.Region, in.Level,
		strings.Join(in.Specialties, "、"), status, id, phone}
}

// Mask hides the middle of a personal number, keeping a few characters at
// each end so that staff can tell entries apart: "110105********002X",
// "138****0000". Short values are hidden entirely.
func Mask(s string) string {
	r := []rune(s)
	switch {
	case len(r) == 0:
		return ""
	case len(r) < 7:
		return strings.Repeat("*", len(r))
	case len(r) <= 11:
		return string(r[:3]) + strings.Repeat("*", len(r)-7) + string(r[len(r)-4:])
	}
	return string(r[:6]) + strings.Repeat("*", len(r)-10) + string(r[len(r)-4:])
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(doublerandom.DateLayout)
}

// ErrorColumn is the header of the column an error report adds.
const ErrorColumn = "错误信息"

// Errors collects the row errors of an import by row, for an error report.
// Give its Add to Options.OnError.
type Errors struct {
	rows map[int][]string
}

// Add records a row error.
func (e *Errors) Add(re importer.RowError) {
	if e.rows == nil {
		e.rows = map[int][]string{}
	}
	msg := re.Rule
	if re.Column != "" {
		msg = re.Column + "：" + msg
	}
	e.rows[re.Row] = append(e.rows[re.Row], msg)
}

// Len returns how many rows have errors.
func (e *Errors) Len() int { return len(e.rows) }

// WriteReport writes the file content, named name, back as an XLSX workbook
// with the column ErrorColumn added after its last column, the way Chinese
// government systems hand errors back: every row at its own row number,
// note rows and header included, each refused row highlighted with its
// errors in the added column. The sender corrects the rows and imports the
// file again (the added column is ignored on import).
func WriteReport(w io.Writer, content []byte, name string, header int, errs *Errors) error {
	width := 0
	err := eachRow(content, name, func(_ int, cells []string) error {
		width = max(width, len(cells))
		return nil
	})
	if err != nil {
		return err
	}
	return sheet.WriteRowsXLSX(w, "错误报告", header, func(yield func(sheet.NumberedRow) error) error {
		return eachRow(content, name, func(n int, cells []string) error {
			row := sheet.NumberedRow{N: n, Cells: make([]string, width+1)}
			copy(row.Cells, cells)
			if n == header {
				row.Cells[width] = ErrorColumn
			}
			if msgs := errs.rows[n]; len(msgs) > 0 {
				row.Cells[width], row.Marked = strings.Join(msgs, "；"), true
			}
			return yield(row)
		})
	})
}

// eachRow calls fn with every row of the file.
func eachRow(content []byte, name string, fn func(n int, cells []string) error) error {
	rd, err := sheet.Open(bytes.NewReader(content), name)
	if err != nil {
		return err
	}
	defer rd.Close()
	for {
		cells, err := rd.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(rd.Row(), cells); err != nil {
			return err
		}
	}
}
