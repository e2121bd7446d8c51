package sheet

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

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
