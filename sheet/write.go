package sheet

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// RowsFunc produces the rows of an export: it calls yield once per row, in
// order, and returns the first error yield returns or its own.
type RowsFunc func(yield func(row []string) error) error

// Escape guards a cell against formula injection (CSV injection): a cell
// beginning with = + - or @ gets a leading apostrophe, so that a
// spreadsheet shows it as text instead of evaluating it as a formula when
// the file is opened. The importer drops such an apostrophe again, so an
// export imports as it was; the cost is that a negative number such as -5
// is exported as the text '-5. Other cells are returned as they are.
func Escape(cell string) string {
	if cell != "" && strings.IndexByte("=+-@", cell[0]) >= 0 {
		return "'" + cell
	}
	return cell
}

// escapeRow returns row with every cell escaped, reusing buf.
func escapeRow(buf, row []string) []string {
	buf = buf[:0]
	for _, c := range row {
		buf = append(buf, Escape(c))
	}
	return buf
}

// WriteCSV writes header and rows as CSV in UTF-8 with a byte order mark
// and CRLF line ends, which Excel and WPS open without asking for the
// encoding. rows may be nil. Every cell goes through Escape, against formula
// injection.
func WriteCSV(w io.Writer, header []string, rows RowsFunc) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.Write(utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	var buf []string
	if err := cw.Write(escapeRow(buf, header)); err != nil {
		return err
	}
	if rows != nil {
		err := rows(func(row []string) error {
			buf = escapeRow(buf, row)
			return cw.Write(buf)
		})
		if err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// WriteXLSX writes header and rows as an XLSX workbook with one worksheet
// named sheetName, streaming the rows through excelize's StreamWriter.
// Every cell is a text cell, so codes such as 330106000123456 keep all their
// digits, and goes through Escape, as in WriteCSV, so that a cell edited in
// Excel does not turn into a formula. The header row is bold and frozen.
// rows may be nil.
func WriteXLSX(w io.Writer, sheetName string, header []string, rows RowsFunc) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	if sheetName == "" {
		sheetName = "Sheet1"
	}
	if err := f.SetSheetName("Sheet1", sheetName); err != nil {
		return fmt.Errorf("sheet name %q: %w", sheetName, err)
	}
	sw, err := f.NewStreamWriter(sheetName)
	if err != nil {
		return err
	}
	bold, err := startXLSX(f, sw, len(header))
	if err != nil {
		return err
	}

	n := 1
	write := func(row []string, style int) error {
		cells := make([]any, len(row))
		for i, s := range row {
			cells[i] = excelize.Cell{StyleID: style, Value: Escape(s)}
		}
		cell, err := excelize.CoordinatesToCellName(1, n)
		if err != nil {
			return err
		}
		n++
		return sw.SetRow(cell, cells)
	}
	if err := write(header, bold); err != nil {
		return err
	}
	if rows != nil {
		err := rows(func(row []string) error { return write(row, 0) })
		if err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// startXLSX sets what must precede the rows of a stream, column widths and
// the frozen header row, and returns the id of the header's bold style.
func startXLSX(f *excelize.File, sw *excelize.StreamWriter, cols int) (int, error) {
	if cols > 0 {
		if err := sw.SetColWidth(1, min(cols, maxColumns), 20); err != nil {
			return 0, err
		}
	}
	err := sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
	})
	if err != nil {
		return 0, err
	}
	return f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
}

// NumberedRow is a row of a worksheet at its own row number, as Excel shows
// it. Marked rows are highlighted.
type NumberedRow struct {
	N      int
	Cells  []string
	Marked bool
}

// WriteRowsXLSX writes rows, in increasing row order, at their own row
// numbers, so that a file written back to its sender keeps the row numbers
// the sender knows; rows not given stay empty. The row numbered header is
// bold and frozen; a marked row gets a light red fill and red text in its
// last cell, the way government systems hand back a file with an error
// column added. Cells go through Escape.
func WriteRowsXLSX(w io.Writer, sheetName string, header int,
	rows func(yield func(NumberedRow) error) error) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	if err := f.SetSheetName("Sheet1", sheetName); err != nil {
		return fmt.Errorf("sheet name %q: %w", sheetName, err)
	}
	sw, err := f.NewStreamWriter(sheetName)
	if err != nil {
		return err
	}
	if err := sw.SetColWidth(1, 12, 20); err != nil {
		return err
	}
	if header > 0 {
		err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: header,
			TopLeftCell: fmt.Sprintf("A%d", header+1), ActivePane: "bottomLeft"})
		if err != nil {
			return err
		}
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FDE2E1"}}
	marked, err := f.NewStyle(&excelize.Style{Fill: fill})
	if err != nil {
		return err
	}
	errText, err := f.NewStyle(&excelize.Style{Fill: fill,
		Font: &excelize.Font{Color: "C00000", Bold: true}})
	if err != nil {
		return err
	}

	last := 0
	err = rows(func(r NumberedRow) error {
		if r.N <= last || r.N > excelize.TotalRows {
			return fmt.Errorf("row %d after row %d: rows must be given in order", r.N, last)
		}
		last = r.N
		cells := make([]any, len(r.Cells))
		for i, s := range r.Cells {
			style := 0
			switch {
			case r.N == header:
				style = bold
			case r.Marked && i == len(r.Cells)-1:
				style = errText
			case r.Marked:
				style = marked
			}
			cells[i] = excelize.Cell{StyleID: style, Value: Escape(s)}
		}
		cell, err := excelize.CoordinatesToCellName(1, r.N)
		if err != nil {
			return err
		}
		return sw.SetRow(cell, cells)
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}
