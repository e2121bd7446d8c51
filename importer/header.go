package importer

import (
	"io"
	"strings"

	"golang.org/x/text/width"

	"doublerandom"
	"doublerandom/sheet"
)

// headerScanRows is how many rows from the top may hold notes before the
// header row.
const headerScanRows = 30

// field is one column an importer knows.
type field struct {
	// names are the header texts accepted for the column, normalized as
	// normHeader does; the first is the one messages suggest.
	names    []string
	required bool
	// key names the field in messages from the caller (Report.Column),
	// such as "code" or "cert_no".
	key string
}

// schema is the set of columns of one kind of file.
type schema struct {
	what   string // "business directory" etc., for messages
	fields []field
	lookup map[string]int // normalized header text -> field index
}

// newSchema indexes the names of fields.
func newSchema(what string, fields []field) *schema {
	s := &schema{what: what, fields: fields, lookup: map[string]int{}}
	for i, f := range fields {
		for _, n := range f.names {
			s.lookup[normHeader(n)] = i
		}
	}
	return s
}

// match returns the field a header cell names, or -1. A header such as
// "注册号/统一社会信用代码" matches when each part names the same field.
func (s *schema) match(cell string) int {
	h := normHeader(cell)
	if h == "" {
		return -1
	}
	if f, ok := s.lookup[h]; ok {
		return f
	}
	parts := strings.FieldsFunc(h, func(r rune) bool { return r == '/' || r == '、' })
	f := -1
	for _, p := range parts {
		g, ok := s.lookup[p]
		if !ok || (f >= 0 && g != f) {
			return -1
		}
		f = g
	}
	return f
}

// columns maps fields to the columns of a file.
type columns struct {
	index  []int    // field -> 0-based column, -1 when absent
	header []string // field -> header text as written in the file
}

// findHeader reads rows until it finds the header: the first row that has
// every required column and at least two known ones. Rows above it are
// notes and are dropped.
func findHeader(rd sheet.Reader, name string, s *schema) (columns, error) {
	bestRow, bestCols, best := 0, columns{}, 0
	for range headerScanRows {
		cells, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return columns{}, err
		}
		cols, found := s.columnsOf(cells)
		if found > best {
			bestRow, bestCols, best = rd.Row(), cols, found
		}
		if found >= 2 && s.missing(cols) < 0 {
			return cols, nil
		}
	}

	if best >= 2 {
		f := s.fields[s.missing(bestCols)]
		return columns{}, doublerandom.Errorf(doublerandom.EINVALID,
			"%s: row %d looks like the header of a %s but has no column %s (also accepted: %s)",
			name, bestRow, s.what, f.names[0], strings.Join(f.names[1:], ", "))
	}
	return columns{}, doublerandom.Errorf(doublerandom.EINVALID,
		"%s: no header row found in the first %d rows; a %s needs the columns %s",
		name, headerScanRows, s.what, s.requiredNames())
}

// columnsOf maps the cells of a candidate header row to fields and returns
// how many fields it found. When two columns name the same field, the
// first counts.
func (s *schema) columnsOf(cells []string) (columns, int) {
	cols := columns{index: make([]int, len(s.fields)), header: make([]string, len(s.fields))}
	for i := range cols.index {
		cols.index[i] = -1
	}
	found := 0
	for i, c := range cells {
		f := s.match(c)
		if f < 0 || cols.index[f] >= 0 {
			continue
		}
		cols.index[f], cols.header[f] = i, clean(c)
		found++
	}
	return cols, found
}

// missing returns the first required field absent from cols, or -1.
func (s *schema) missing(cols columns) int {
	for i, f := range s.fields {
		if f.required && cols.index[i] < 0 {
			return i
		}
	}
	return -1
}

// requiredNames lists the required columns for a message.
func (s *schema) requiredNames() string {
	var names []string
	for _, f := range s.fields {
		if f.required {
			names = append(names, f.names[0])
		}
	}
	return strings.Join(names, " and ")
}

// normHeader reduces a header cell to the form schemas are indexed by: no
// white space, no marks of a required column ("*", "(必填)"), no text in
// brackets, half-width, lower case.
func normHeader(s string) string {
	s = width.Narrow.String(s)
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(' || r == '[' || r == '【':
			depth++
		case r == ')' || r == ']' || r == '】':
			depth = max(depth-1, 0)
		case depth > 0 || isSpace(r) || r == '*' || r == ':':
		default:
			b.WriteRune(r)
		}
	}
	return strings.ToLower(b.String())
}

// hintWords mark a cell that explains how to fill in a column.
var hintWords = []string{"必填", "选填", "填写", "请输入", "单选", "复选", "格式", "示例", "例如"}

// hintCells are whole cells that mark an example or hint row.
var hintCells = map[string]bool{
	"必填": true, "选填": true, "非必填": true, "示例": true, "样例": true, "举例": true,
	"例": true, "说明": true, "填写说明": true, "填表说明": true,
}

// isHintRow reports whether a row right below the header explains the
// columns rather than holding data: some cell is a bare marker such as
// "必填" or "示例", or at least half of its cells use the words of a hint.
func isHintRow(cells []string) bool {
	filled, hints := 0, 0
	for _, c := range cells {
		c = clean(c)
		if c == "" {
			continue
		}
		filled++
		if hintCells[strings.Trim(c, "*:：()（）")] {
			return true
		}
		for _, w := range hintWords {
			if strings.Contains(c, w) {
				hints++
				break
			}
		}
	}
	return filled > 0 && hints*2 >= filled
}
