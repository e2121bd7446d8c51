package directory

import (
	"bytes"
	"io"
	"strings"

	"doublerandom/importer"
	"doublerandom/sheet"
)

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
