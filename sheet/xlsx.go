package sheet

import (
	"bufio"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// xlsxUnzipLimit bounds the unpacked size of an XLSX archive, so that a zip
// bomb is refused instead of filling the disk.
const xlsxUnzipLimit = 1 << 30

// xlsxReader streams the rows of one worksheet through excelize's row
// iterator. excelize keeps the archive in memory and moves worksheets above
// its XML size limit to temporary files, which Close removes.
type xlsxReader struct {
	name string
	f    *excelize.File
	rows *excelize.Rows
	row  int
}

// openXLSX opens the wanted worksheet of the workbook in br.
func openXLSX(br *bufio.Reader, name string, opt Options) (rd Reader, err error) {
	defer recoverInto(&err, name, 0)

	f, err := excelize.OpenReader(br, excelize.Options{UnzipSizeLimit: xlsxUnzipLimit})
	if err != nil {
		return nil, invalidf(name, "not a readable XLSX workbook (%v); open it in Excel or "+
			"WPS and save it again as .xlsx", err)
	}
	sheets := f.GetSheetList()
	sheet := opt.Sheet
	if sheet == "" {
		if len(sheets) == 0 {
			f.Close()
			return nil, invalidf(name, "the workbook has no worksheet")
		}
		sheet = sheets[0]
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		f.Close()
		if _, ok := err.(excelize.ErrSheetNotExist); ok {
			return nil, invalidf(name, "there is no worksheet named %q; the workbook has %s",
				sheet, strings.Join(sheets, ", "))
		}
		return nil, invalidf(name, "cannot read worksheet %q: %v", sheet, err)
	}
	return &xlsxReader{name: name, f: f, rows: rows}, nil
}

// Next implements Reader. Rows missing from the worksheet come back empty.
func (x *xlsxReader) Next() (cells []string, err error) {
	defer recoverInto(&err, x.name, x.row+1)

	if !x.rows.Next() {
		if err := x.rows.Error(); err != nil {
			return nil, invalidf(x.name, "cannot read row %d: %v", x.row+1, err)
		}
		return nil, io.EOF
	}
	x.row++
	cells, err = x.rows.Columns()
	if err != nil {
		return nil, invalidf(x.name, "cannot read row %d: %v", x.row, err)
	}
	return cells, nil
}

// recoverInto turns a panic inside excelize on a malformed workbook into an
// error for the user naming the row (0 while opening); excelize does not
// promise to survive every input.
func recoverInto(err *error, name string, row int) {
	r := recover()
	switch {
	case r == nil:
	case row == 0:
		*err = invalidf(name, "cannot open the workbook: its XLSX content is damaged (%v)", r)
	default:
		*err = invalidf(name, "cannot read row %d: the XLSX content is damaged (%v)", row, r)
	}
}

// Row implements Reader.
func (x *xlsxReader) Row() int { return x.row }

// Format implements Reader.
func (x *xlsxReader) Format() string { return FormatXLSX }

// Close implements Reader.
func (x *xlsxReader) Close() error {
	err := x.rows.Close()
	if cerr := x.f.Close(); err == nil {
		err = cerr
	}
	return err
}
