// Package importer turns the spreadsheets that departments keep into the
// domain types of doublerandom: the item list (抽查事项清单), the business
// directory (检查对象名录库) and the inspector directory (执法检查人员名录库),
// SPEC R4.
//
// It is forgiving in what it reads and strict in what it passes on. Any
// format package sheet reads is accepted. The header is the first row in
// which enough of the Chinese column names people actually use are found;
// note rows above it and hint rows right below it ("必填", "示例", "请填写…")
// are skipped, and so are empty rows. Cells are trimmed of ASCII and
// full-width spaces. Every other row either becomes a value passed to emit
// or one or more RowErrors naming file, row (as Excel shows it), column and
// rule: no row vanishes silently.
//
// The importer never stores anything itself. Its caller makes an import
// all-or-nothing by storing the emitted values in one transaction and
// committing only when the report has no errors, or when the user asked to
// skip invalid rows (Options.SkipInvalid). A non-nil error from an importer
// means the file could not be read to its end, has no recognisable header,
// or emit failed: then nothing may be stored. Such errors are coded
// *doublerandom.Error values (EINVALID) naming the file, except an error
// from emit, which is returned wrapped with the file and row.
package importer

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"doublerandom"
	"doublerandom/sheet"
)

// Options control an import.
type Options struct {
	// Dept is the code of the department the rows belong to.
	Dept string
	// SkipInvalid asks to store the good rows and report the rest; the
	// default is strict: any bad row means nothing is stored. The importer
	// reads the whole file either way; the caller acts on this flag.
	SkipInvalid bool
	// AcceptBadCheck accepts business codes that are well formed but whose
	// check character fails, marking the entity NeedsReview.
	AcceptBadCheck bool
	// DupByCaller tells Entities that the caller detects repeated codes
	// itself, for example by the primary key of the table it stores into,
	// and refuses them with Report.Refuse. The importer then keeps no index
	// of the file's codes, and its memory does not grow with the file.
	DupByCaller bool
	// OnError, when set, is called with every row error, including those
	// beyond MaxListedErrors and those the caller adds with Report.Refuse,
	// for example to write the errors back into a copy of the file.
	OnError func(RowError)
	// Report, when not nil, is filled in and returned instead of a new
	// report, so that emit may call its Refuse while the file is read.
	Report *Report
}

// MaxListedErrors is how many row errors a Report lists; the rest are only
// counted, so that a file of a million bad rows does not fill memory.
const MaxListedErrors = 1000

// RowError is one rule that one cell (or row) of the file breaks.
type RowError struct {
	File   string // file name as given to the importer
	Row    int    // row number as Excel shows it (1-based)
	Column string // header text of the column, "" for the whole row
	Rule   string // what is wrong and how to fix it
	Value  string // the offending cell text, "" when it is empty
}

// Error returns the error as one line for the user, e.g.
// `entities.xlsx row 17, column 统一社会信用代码: credit code check
// character: want 3, got 9 (value "913...")`.
func (e RowError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s row %d", e.File, e.Row)
	if e.Column != "" {
		fmt.Fprintf(&b, ", column %s", e.Column)
	}
	fmt.Fprintf(&b, ": %s", e.Rule)
	if e.Value != "" {
		fmt.Fprintf(&b, " (value %q)", shorten(e.Value, 60))
	}
	return b.String()
}

// Report tells what an import found, row by row.
type Report struct {
	File      string // file name as given to the importer
	Format    string // detected format, one of the sheet.Format* names
	HeaderRow int    // row number of the header row
	Imported  int    // rows passed to emit
	Skipped   int    // rows refused, each with at least one error
	// Errors lists the first MaxListedErrors row errors in file order;
	// MoreErrors counts those left out.
	Errors     []RowError
	MoreErrors int

	columns map[string]string // field key -> header text in the file
	onError func(RowError)
}

// OK reports whether the file had no bad row, so a strict import may store
// what was emitted.
func (r *Report) OK() bool { return len(r.Errors) == 0 }

// Column returns the header text, as the file writes it, of the field the
// importer knows by key ("code", "name", "cert_no", ...); "" when the file
// has no such column.
func (r *Report) Column(key string) string { return r.columns[key] }

// Refuse records that the caller refused a row the importer had passed to
// emit, such as a business already in the directory: the row moves from
// Imported to Skipped with the error. column is a field key (see Column);
// the error names the column as the file does.
func (r *Report) Refuse(row int, column, rule, value string) {
	r.Imported--
	r.addErrors([]RowError{{File: r.File, Row: row, Column: r.Column(column), Rule: rule,
		Value: value}})
	// Keep file order: move the new error back past later rows' errors.
	for i := len(r.Errors) - 1; i > 0 && r.Errors[i].Row < r.Errors[i-1].Row; i-- {
		r.Errors[i], r.Errors[i-1] = r.Errors[i-1], r.Errors[i]
	}
}

// addErrors records the errors of one refused row.
func (r *Report) addErrors(errs []RowError) {
	r.Skipped++
	for _, e := range errs {
		if r.onError != nil {
			r.onError(e)
		}
		if len(r.Errors) < MaxListedErrors {
			r.Errors = append(r.Errors, e)
		} else {
			r.MoreErrors++
		}
	}
}

// importRows is the loop shared by the three importers: it opens the file,
// finds the header, and hands each data row to parse, whose result goes to
// emit when the row broke no rule.
func importRows[T any](r io.Reader, name string, s *schema, opt Options,
	parse func(rc *rowContext) T, emit func(row int, v T) error) (*Report, error) {
	rep := opt.Report
	if rep == nil {
		rep = &Report{}
	}
	*rep = Report{File: name, onError: opt.OnError}
	rd, err := sheet.Open(r, name)
	if err != nil {
		return rep, err
	}
	defer rd.Close()
	rep.Format = rd.Format()

	cols, err := findHeader(rd, name, s)
	if err != nil {
		return rep, err
	}
	rep.HeaderRow = rd.Row()
	rep.columns = map[string]string{}
	for i, f := range s.fields {
		if cols.index[i] >= 0 && f.key != "" {
			rep.columns[f.key] = cols.header[i]
		}
	}

	rc := &rowContext{file: name, cols: cols}
	inData := false
	for {
		cells, err := rd.Next()
		if err == io.EOF {
			return rep, nil
		}
		if err != nil {
			return rep, err
		}
		if isEmptyRow(cells) || (!inData && isHintRow(cells)) {
			continue
		}
		inData = true

		rc.reset(rd.Row(), cells)
		v := parse(rc)
		if len(rc.errs) > 0 {
			rep.addErrors(rc.errs)
			continue
		}
		if err := emit(rc.row, v); err != nil {
			return rep, fmt.Errorf("%s row %d: %w", name, rc.row, err)
		}
		rep.Imported++
	}
}

// rowContext gives a parse function the cells of one row by field and
// collects the row's errors.
type rowContext struct {
	file  string
	cols  columns
	row   int
	cells []string
	errs  []RowError
}

func (rc *rowContext) reset(row int, cells []string) {
	rc.row, rc.cells, rc.errs = row, cells, rc.errs[:0]
}

// get returns the trimmed text of field f, "" when the file has no such
// column.
func (rc *rowContext) get(f int) string {
	i := rc.cols.index[f]
	if i < 0 || i >= len(rc.cells) {
		return ""
	}
	return clean(rc.cells[i])
}

// fail records that field f breaks rule.
func (rc *rowContext) fail(f int, value, format string, args ...any) {
	rc.errs = append(rc.errs, RowError{
		File:   rc.file,
		Row:    rc.row,
		Column: rc.cols.header[f],
		Rule:   fmt.Sprintf(format, args...),
		Value:  value,
	})
}

// failErr records err, a coded error, against field f.
func (rc *rowContext) failErr(f int, value string, err error) {
	rc.fail(f, value, "%s", doublerandom.ErrorMessage(err))
}

// required returns field f, recording an error when it is empty.
func (rc *rowContext) required(f int) string {
	v := rc.get(f)
	if v == "" {
		rc.fail(f, "", "required; the cell is empty")
	}
	return v
}

// clean trims ASCII and full-width white space and invisible characters,
// and drops the apostrophe that exports put before a cell starting with
// = + - or @ against formula injection (see sheet.WriteCSV), so that an
// exported file imports again as it was.
func clean(s string) string {
	if s == "" || (s[0] > ' ' && s[0] < utf8.RuneSelf && s[0] != '\'' &&
		s[len(s)-1] > ' ' && s[len(s)-1] < utf8.RuneSelf) {
		return s
	}
	s = strings.TrimFunc(s, isSpace)
	if len(s) > 1 && s[0] == '\'' && strings.IndexByte("=+-@", s[1]) >= 0 {
		s = s[1:]
	}
	return s
}

// isSpace reports whether r is white space (including the full-width space
// U+3000 and the no-break space) or a zero-width character.
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\v', '\f', 0x85, 0xA0, 0x3000, 0xFEFF, 0x200B:
		return true
	}
	return false
}

// isEmptyRow reports whether every cell of cells is blank.
func isEmptyRow(cells []string) bool {
	for _, c := range cells {
		if clean(c) != "" {
			return false
		}
	}
	return true
}

// shorten cuts s to at most n runes, marking the cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
